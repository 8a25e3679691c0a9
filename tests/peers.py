"""Run pykep 3 in a subprocess (it must never share a process with pytest or boinor's numba).

``pykep_lambert`` sends a batch of problems as JSON on stdin to a tiny script and reads the velocities back.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

_SCRIPT = r"""
import json, sys
try:
    import pykep as pk
except ImportError as exc:
    print(json.dumps({"missing": str(exc)})); sys.exit(0)
req = json.load(sys.stdin)
out = []
for r1, r2, tof, mu, revs, cw in zip(req["r1"], req["r2"], req["tof"], req["mu"], req["revs"], req["cw"]):
    try:
        lp = pk.lambert_problem(r0=r1, r1=r2, tof=tof, mu=mu, cw=bool(cw), multi_revs=int(revs))
        out.append({"v1": [list(v) for v in lp.v0], "v2": [list(v) for v in lp.v1], "x": list(lp.x)})
    except Exception as exc:  # a failure is data for the test, not a crash
        out.append({"error": str(exc)})
print(json.dumps({"solutions": out}))
"""


class PeerMissing(RuntimeError):
    """The peer library is not installed in this interpreter."""


def pykep_lambert(r1, r2, tof, mu, revs=0, cw=False, timeout=120):
    """All pykep 3 solutions of each problem (list of dicts with v1, v2 lists ordered like pykep: 0 rev,
    then for each m: 2m-1 (smaller x), 2m (larger x)). Raises PeerMissing without pykep."""
    r1, r2 = np.atleast_2d(r1), np.atleast_2d(r2)
    n = max(len(r1), len(r2))
    req = {"r1": np.broadcast_to(r1, (n, 3)).tolist(), "r2": np.broadcast_to(r2, (n, 3)).tolist(),
           "tof": np.broadcast_to(tof, (n,)).tolist(), "mu": np.broadcast_to(mu, (n,)).tolist(),
           "revs": np.broadcast_to(revs, (n,)).tolist(), "cw": np.broadcast_to(cw, (n,)).tolist()}
    proc = subprocess.run([sys.executable, "-c", _SCRIPT], input=json.dumps(req), capture_output=True, text=True,
                          timeout=timeout)
    if proc.returncode != 0 and not proc.stdout.strip():
        raise RuntimeError(f"pykep subprocess failed ({proc.returncode}): {proc.stderr[-2000:]}")
    reply = json.loads(proc.stdout.strip().splitlines()[-1])
    if "missing" in reply:
        raise PeerMissing(reply["missing"])
    return reply["solutions"]
