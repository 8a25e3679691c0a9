"""Sweeps against a Python loop over ``evaluate``: per-case time, memory bounded by the chunk, Monte Carlo time.

Run:  python benchmarks/sweep.py [--no-write]

All figures come from one run on one machine: the loop's per-case time (``deltav.evaluate`` on a few
variants of ``scenarios/beacon.yaml``, one scenario copy each) is the floor the sweep is compared with.
Peak memory is the resident set of a fresh process running the 10^6-case sweep in chunks.
Writes the "sweep" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BEACON = ROOT / "scenarios" / "beacon.yaml"
UNCERTAIN = ROOT / "scenarios" / "beacon-uncertainty.yaml"

MEMORY = r"""
import json, resource, sys, time
import numpy as np
from deltav.sweeps import sweep
n = int(sys.argv[2])
t = time.perf_counter()
ds = sweep(sys.argv[1], {"ferry.isp": np.linspace(350.0, 950.0, n)}, chunks=int(sys.argv[3]))
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "cases": int(ds.sizes["ferry.isp"])}))
"""


def loop_per_case(n: int = 12) -> float:
    from deltav import mission, scenario

    sc = scenario.load(BEACON)
    # The same model a sweep evaluates: finite-burn losses are only reported, and sweeps skip them.
    sc = sc.model_copy(update={"ferry": sc.ferry.model_copy(update={"thrust": None})})
    mission.evaluate(sc)  # warm: the CR3BP legs are solved once and cached, as the sweep's are
    isps = np.linspace(350.0, 950.0, n)
    t = time.perf_counter()
    for isp in isps:
        mission.evaluate(sc.model_copy(update={"ferry": sc.ferry.model_copy(update={"isp": float(isp)})}))
    return (time.perf_counter() - t) / n


def sweep_per_case(n: int) -> float:
    from deltav.sweeps import sweep

    sweep(BEACON, {"ferry.isp": np.linspace(350.0, 950.0, 10)})  # warm, like the loop
    t = time.perf_counter()
    sweep(BEACON, {"ferry.isp": np.linspace(350.0, 950.0, n)})
    return (time.perf_counter() - t) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    loop = loop_per_case()
    rows = ["| cases | sweep µs/case | Python loop over evaluate µs/case | speed-up per case |", "|---:|---:|---:|---:|"]
    for n in (10**4, 10**5, 10**6):
        s = sweep_per_case(n)
        rows.append(f"| {n:,} | {s * 1e6:.2f} | {loop * 1e6:,.0f} | {loop / s:,.0f}× |")
        print(rows[-1])
    mem = json.loads(subprocess.run([sys.executable, "-c", MEMORY, str(BEACON), str(10**6), "65536"], check=True,
                                    capture_output=True, text=True, cwd=ROOT).stdout.strip().splitlines()[-1])
    floor = json.loads(subprocess.run([sys.executable, "-c", MEMORY, str(BEACON), "10", "65536"], check=True,
                                      capture_output=True, text=True, cwd=ROOT).stdout.strip().splitlines()[-1])
    from deltav.sweeps import sweep

    t = time.perf_counter()
    ds = sweep(UNCERTAIN, samples=10**5, seed=1)
    mc = time.perf_counter() - t
    t = time.perf_counter()
    sweep(BEACON, {"ferry.isp": np.linspace(350.0, 950.0, 10)})
    small = time.perf_counter() - t
    md = ("How to re-run: `python benchmarks/sweep.py`. `deltav.sweep` over variants of `scenarios/beacon.yaml` "
          "(Isp 350–950 s; five architectures, three verdicts per case) against a Python loop calling "
          "`deltav.evaluate` on 12 variants, both warm (CR3BP legs solved once) and both without the reported-only "
          "finite-burn integration. Goal: at least 1,000× per case.\n\n"
          + "\n".join(rows) + "\n\n"
          f"Peak resident memory of a fresh process sweeping 10⁶ cases in chunks of 65,536: "
          f"**{mem['rss_mb']:,.0f} MB** (the same process sweeping 10 cases: {floor['rss_mb']:,.0f} MB; goal < 2 GB).\n\n"
          f"Monte Carlo of `scenarios/beacon-uncertainty.yaml`, 10⁵ samples of five inputs: "
          f"**{mc / small:,.1f}×** the time of a 10-case sweep measured in the same run "
          f"({ds.sizes['sample']:,} samples, in seconds rather than minutes).\n")
    print(md)
    if not args.no_write:
        write_section("sweep", md)


if __name__ == "__main__":
    main()
