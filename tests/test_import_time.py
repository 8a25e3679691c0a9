"""``import deltav`` is cheap: under 0.5 s in a fresh interpreter, with no heavy dependency loaded."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("matplotlib", "scipy.integrate", "astropy")


def _fresh(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_import_is_fast_and_light():
    code = ("import time, sys, json; t = time.perf_counter(); import deltav; dt = time.perf_counter() - t; "
            f"print(json.dumps({{'dt': dt, 'heavy': sorted(m for m in {HEAVY!r} if m in sys.modules)}}))")
    # best of three: the machine is shared, one slow start is not a regression
    runs = [_fresh(code) for _ in range(3)]
    assert min(r["dt"] for r in runs) < 0.5, runs
    assert runs[0]["heavy"] == [], runs[0]


def test_bodies_without_astropy():
    """Float attributes of bodies need no astropy (the Quantity views import it lazily)."""
    code = ("import sys, json; from deltav import bodies; g = bodies.EARTH.gm; "
            "print(json.dumps({'heavy': 'astropy' in sys.modules}))")
    assert _fresh(code) == {"heavy": False}
