"""Figure regression: each plot kind drawn from fixed inputs and compared with a baseline PNG.

A layout change shows up as a failed comparison (the difference image is kept beside the result)
instead of being guessed from code. After an intended change, regenerate the baselines with
``DELTAV_UPDATE_BASELINES=1 python -m pytest tests/test_figures.py`` and look at each PNG before
committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")
from matplotlib.testing.compare import compare_images  # noqa: E402

BASELINE = Path(__file__).parent / "baseline"
UPDATE = bool(os.environ.get("DELTAV_UPDATE_BASELINES"))
TOLERANCE = 2.0  # RMS difference of 0-255 grey levels; text moved by a pixel stays well under it


def _check(png: Path, name: str) -> None:
    expected = BASELINE / f"{name}.png"
    if UPDATE or not expected.exists():
        BASELINE.mkdir(exist_ok=True)
        shutil.copyfile(png, expected)
        pytest.skip(f"baseline {expected.name} written: look at it, then commit it")
    diff = compare_images(str(expected), str(png), tol=TOLERANCE)
    assert diff is None, diff


@pytest.fixture(scope="module")
def beacon():
    from deltav import mission, scenario

    return mission.evaluate(scenario.load(Path(__file__).parent.parent / "scenarios" / "beacon.yaml"))


@pytest.mark.parametrize("name", ["dv", "mass", "breakeven", "cislunar"])
def test_mission_figure(beacon, name, tmp_path):
    from deltav.plots import mission as mplots

    (png,) = mplots._render(beacon, name, tmp_path, ("png",))
    _check(png, f"beacon-{name}")


def test_porkchop_figure(tmp_path):
    from deltav import launch_windows

    pc = launch_windows.porkchop("earth", "mars", ("2026-08-01", "2027-01-31"), ("2027-04-01", "2028-03-31"), num=60)
    (png,) = pc.plot(tmp_path / "porkchop", title="Earth → Mars 2026 (figure regression)", formats=("png",))
    _check(Path(png), "porkchop")


@pytest.mark.parametrize("name", ["thrust_bars", "payload_bars"])
def test_claims_figure(name, tmp_path):
    from deltav.plots import claims as cplots

    paths = getattr(cplots, name)(tmp_path / name)
    png = next(Path(p) for p in paths if str(p).endswith(".png"))
    _check(png, f"claims-{name}")


def test_mass_launch_lines_stop_at_the_launches_needed(beacon):
    """Issue 16: one capacity line per launch an architecture needs on the ferry's launcher, no more."""
    from matplotlib.collections import LineCollection

    from deltav.plots import mission as mplots

    ax = mplots.mass_bars(beacon).axes[0]
    drawn = sum(len(c.get_segments()) for c in ax.collections if isinstance(c, LineCollection))
    assert drawn == sum(a.launches.get(beacon.launcher["id"], 0) for a in beacon.architectures)


def test_tank_loads_add_up_to_the_total(beacon):
    """Invariant: the Δv of the tank-loads (split at each refuel) sums to the architecture's total."""
    from deltav.plots.mission import tank_loads

    for a in beacon.architectures:
        loads = tank_loads(a)
        assert len(loads) == 1 + sum(leg.kind == "refuel" for leg in a.legs)
        assert sum(loads) == pytest.approx(a.total_dv_km_s, rel=1e-12)
