"""What a fresh process imports, counted instead of timed (the timings are in ``benchmarks/run_scenario.py``).

``import deltav`` loads no heavy dependency; a run that integrates nothing (a two-body scenario, or CR3BP legs
served by the shipped table) never imports ``scipy.integrate``; ``--no-plots`` and ``deltav claims`` never
import matplotlib.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from counting import imported_by

from deltav.cislunar import memo

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "scipy", "scipy.integrate", "astropy", "pydantic", "yaml")
NUMERIC = ("matplotlib", "scipy.integrate")


def _run(out, *args: str) -> str:
    return f"from deltav.cli import main\nmain({[*args, '--out', str(out), '-q']!r})"


def _table_served() -> None:
    table = memo.shipped()
    assert table is not None and table.SOURCES_DIGEST == memo.sources_digest(), (
        "the CR3BP leg table is stale: run `python tools/update_legs_table.py`")
    if table.VERSION != memo.code_version():
        pytest.skip("the leg table was made with other numpy/scipy builds: it is not served here")


def test_import_deltav_loads_no_heavy_dependency():
    assert imported_by("import deltav", HEAVY) == []


def test_bodies_without_astropy():
    """Float attributes of bodies need no astropy (the Quantity views import it lazily)."""
    assert imported_by("from deltav import bodies\nbodies.EARTH.gm", ("astropy",)) == []


def test_two_body_run_without_plots_imports_no_integrator_or_matplotlib(tmp_path):
    assert imported_by(_run(tmp_path, "run", "scenarios/direct.yaml", "--no-plots"), NUMERIC + ("scipy",)) == []


def test_cr3bp_run_without_plots_is_served_by_the_leg_table(tmp_path):
    _table_served()
    assert imported_by(_run(tmp_path, "run", "scenarios/beacon.yaml", "--no-plots"), NUMERIC) == []
    # the same run with the table off integrates, so the table is what keeps scipy.integrate away
    env = {**os.environ, "DELTAV_NO_LEGS_TABLE": "1"}
    assert imported_by(_run(tmp_path, "run", "scenarios/beacon.yaml", "--no-plots"), NUMERIC,
                       env=env) == ["scipy.integrate"]


def test_claims_import_no_integrator_or_matplotlib():
    _table_served()
    assert imported_by("from deltav.cli import main\nmain(['claims', '-q'])", NUMERIC) == []


def test_drawing_a_run_imports_no_astropy_or_pydantic(tmp_path):
    # The drawing process of `deltav run` is forked before the scenario is read and draws from the pickled
    # result (its scenario as plain attributes, workers._portable): drawing every figure of a CR3BP scenario
    # must import neither astropy nor pydantic and the scenario models, each of which would cost about as much
    # as drawing a figure (the Lagrange points of the sketch are the core's floats, not Quantities) -- and the
    # figures must be those drawn from the result itself, byte for byte.
    from deltav import mission, scenario
    from deltav.plots import workers

    _table_served()
    pickled = tmp_path / "result.pickle"
    made = ("import pickle\nfrom deltav import mission, scenario\nfrom deltav.plots import workers\n"
            "result = workers._portable(mission.evaluate(scenario.load('scenarios/beacon.yaml')))\n"
            f"pickle.dump(result, open({str(pickled)!r}, 'wb'))")
    imported_by(made, ())
    drawn = ("import pickle\nfrom deltav.plots import workers\n"
             f"paths = workers.write_all(pickle.load(open({str(pickled)!r}, 'rb')), {str(tmp_path / 'out')!r})\n"
             "assert len(paths) == 4, paths")
    assert imported_by(drawn, ("astropy", "pydantic", "deltav.scenario", "deltav.mission.evaluate")) == []
    direct = workers.write_all(mission.evaluate(scenario.load(ROOT / "scenarios" / "beacon.yaml")), tmp_path / "ref")
    for path in direct:
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes(), path.name
