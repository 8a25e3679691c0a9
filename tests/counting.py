"""Counting work instead of timing it: calls of the CR3BP right-hand sides, and modules a fresh process imports.

Wall-clock limits depend on the machine and its load; these counts do not (timings live in ``benchmarks/``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count_rhs(monkeypatch) -> dict:
    """Wrap every CR3BP right-hand side (one arc, stacked arcs, with the STM); ``counts["rhs"]`` adds up their calls."""
    from deltav.core import cr3bp, cr3bp_targeting

    counts = {"rhs": 0}

    def counted(f):
        def rhs(*args, **kwargs):
            counts["rhs"] += 1
            return f(*args, **kwargs)
        return rhs

    for module, name in ((cr3bp, "_eom_one"), (cr3bp, "eom"), (cr3bp_targeting, "_eom_stm_planar")):
        monkeypatch.setattr(module, name, counted(getattr(module, name)))
    return counts


def clear_leg_caches() -> None:
    """Forget the in-process results of the cislunar legs (each leg is then served by the table or computed)."""
    from deltav.cislunar import flyby, shooting, transfer

    for f in (transfer._transfer, shooting.to_lpoint, shooting.escape, shooting._drop_to_perigee,
              flyby._solve_from_angle):
        f.cache_clear()


def imported_by(code: str, watch: tuple[str, ...], env: dict | None = None) -> list[str]:
    """Which of the modules ``watch`` are loaded after running ``code`` in a fresh interpreter (cwd: the repo)."""
    probe = (f"{code}\nimport sys, json\n"
             f"print('\\n' + json.dumps(sorted(m for m in {watch!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
