"""Shared fixtures: peers for cross-checks (boinor, pykep) warmed up once per session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

# CI (.ci/run sets CI=1) replays the same examples each run, so a submission cannot fail on a draw
# that a local run never saw; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def boinor():
    """boinor (the maintained poliastro fork), JIT-warmed once per session (about 10 s).

    Skips the test, with the reason, when the ``poliastro`` extra is not installed.
    """
    bn = pytest.importorskip("boinor", reason="boinor not installed: pip install -e '.[poliastro]'")
    import astropy.units as u
    from boinor.bodies import Earth
    from boinor.iod import izzo
    from boinor.maneuver import Maneuver
    from boinor.twobody import Orbit

    orb = Orbit.circular(Earth, 300 * u.km)
    Maneuver.hohmann(orb, 7000 * u.km)  # compile once
    izzo.lambert(Earth.k, [7000, 0, 0] * u.km, [0, 8000, 0] * u.km, 3600 * u.s)
    return bn

# pykep is never imported in the test process: with boinor's numba loaded it aborts at interpreter
# exit ('corrupted double-linked list', status 134). Cross-checks run it in a subprocess: tests/peers.py.
