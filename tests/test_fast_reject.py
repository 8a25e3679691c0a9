"""A rejected scenario is reported before the numeric stack is imported, and its drawing process is stopped (issue 17).

Counted, not timed: the modules a fresh process imports, and whether ``deltav run``'s drawing process (started
first, so that it imports matplotlib while the scenario is validated and evaluated) is gone when it returns.
How long a rejection takes, as a ratio to importing yaml and pydantic, is in ``benchmarks/run_scenario.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from counting import imported_by

from deltav.cli import main

ROOT = Path(__file__).resolve().parent.parent
NUMERIC = ("astropy", "matplotlib", "scipy", "deltav.mission", "deltav.plots.mission")


def _bad(tmp_path) -> Path:
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "scenarios" / "beacon.yaml").read_text().replace("  isp: 450 s\n", "  isp: fast\n", 1))
    return bad


def test_bad_value_imports_no_numeric_stack(tmp_path):
    code = f"from deltav.cli import main\nassert main(['run', {str(_bad(tmp_path))!r}, '--out', " \
           f"{str(tmp_path / 'out')!r}, '-q']) == 2"
    assert imported_by(code, NUMERIC) == []


def test_only_the_verb_on_the_line_is_imported(tmp_path):
    # Building every verb's parser costs about what validating a scenario does; `deltav run` builds its own.
    from deltav.cli import build_parser

    verbs = {a.dest for a in build_parser()._subparsers._group_actions[0]._choices_actions}
    assert "run" in verbs and len(verbs) >= 8
    others = tuple(f"deltav.cli.{v}" for v in sorted(verbs - {"run"}))
    code = f"from deltav.cli import main\nassert main(['run', {str(_bad(tmp_path))!r}, '--no-plots']) == 2"
    assert imported_by(code, others) == []
    assert imported_by("from deltav.cli import main\nassert main(['--help']) == 0", others) == sorted(others)
    # help asked before the verb is the top-level help: every verb listed
    assert imported_by("from deltav.cli import main\nassert main(['-h', 'run']) == 0", others) == sorted(others)


def _recorded_pools(monkeypatch) -> tuple[list, list]:
    """(pools, pids): every drawing pool ``deltav run`` starts, and the pids of their processes."""
    from deltav.plots import workers

    pools, pids = [], []
    real_pool = workers.render_pool

    def recorded(*formats):
        pools.append(real_pool(*formats))
        if pools[-1] is not None:
            pids.append(pools[-1].pid)
        return pools[-1]

    monkeypatch.setattr(workers, "render_pool", recorded)
    return pools, pids


def _all_gone(pools, pids) -> None:
    import os

    if pools[0] is None:
        pytest.skip("one core or no fork: no drawing process")
    assert pids  # the drawing process had started (it was warming up: importing matplotlib)
    for pid in pids:  # killed and reaped: gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_bad_value_stops_the_drawing_process(tmp_path, monkeypatch, capsys):
    pools, pids = _recorded_pools(monkeypatch)
    assert main(["run", str(_bad(tmp_path)), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "ferry.isp" in err  # FILE:LINE: key
    assert not (tmp_path / "out").exists()
    _all_gone(pools, pids)


@pytest.mark.parametrize("value", ["450", "1e400 s", "450 furlong", "450 km"])
def test_refused_values_say_why(tmp_path, capsys, value):
    # The table (no astropy) and astropy's reading give the same kinds of messages.
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "scenarios" / "beacon.yaml").read_text().replace("  isp: 450 s\n", f"  isp: {value}\n", 1))
    assert main(["run", str(bad), "--out", str(tmp_path / "out"), "--no-plots"]) == 2
    err = capsys.readouterr().err
    why = {"450": "has no unit", "1e400 s": "not a finite number", "450 furlong": "cannot read",
           "450 km": "is length, not time"}[value]
    assert why in err and 'expected a time such as "380 s"' in err


def test_failed_evaluation_stops_the_drawing_process(tmp_path, monkeypatch, capsys):
    # An error met after the drawing process started ends it (killed, not awaited) and writes nothing.
    from deltav.cli import run as run_cli
    from deltav.errors import InputError

    pools, pids = _recorded_pools(monkeypatch)

    def impossible(sc):
        raise InputError("no transfer closes", file="beacon.yaml", line=1)

    monkeypatch.setattr(run_cli, "evaluate", impossible)
    assert main(["run", str(ROOT / "scenarios" / "beacon.yaml"), "--out", str(tmp_path / "out")]) == 2
    assert "no transfer closes" in capsys.readouterr().err and not (tmp_path / "out").exists()
    _all_gone(pools, pids)


def test_plotted_run_integrates_and_draws_off_the_main_process(tmp_path):
    # The cislunar sketch's arcs are propagated with numpy (core.dormand_prince) and drawn by the drawing
    # processes: the main process of a plotted run imports neither scipy.integrate nor matplotlib.
    from deltav.cislunar import memo

    table = memo.shipped()
    if table is None or table.SOURCES_DIGEST != memo.sources_digest() or table.VERSION != memo.code_version():
        pytest.skip("the CR3BP leg table is not served here: the legs themselves would be integrated")
    code = (f"from deltav.cli import main\nassert main(['run', 'scenarios/beacon.yaml', '--out', "
            f"{str(tmp_path)!r}, '-q']) == 0")
    assert imported_by(code, ("matplotlib", "scipy.integrate", "astropy")) == []
    assert len(list((tmp_path / "beacon").glob("*.png"))) == 4
