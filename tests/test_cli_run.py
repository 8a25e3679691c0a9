"""End to end: `deltav run` on every shipped scenario, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deltav.cli import main
from deltav.claims.verdicts import VERDICTS

ROOT = Path(__file__).resolve().parent.parent
# Dated scenarios need the ephemeris (slower); they are covered too.
SCENARIOS = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name", SCENARIOS)
def test_run_each_scenario(tmp_path, capsys, name):
    out, js = tmp_path / "plots", tmp_path / "results.json"
    assert main(["run", str(ROOT / "scenarios" / name), "--out", str(out), "--json", str(js)]) == 0
    text = capsys.readouterr().out
    data = json.loads(js.read_text())
    # the JSON contract of issue 3: these keys, these types
    assert isinstance(data["scenario"], str)
    for a in data["architectures"]:
        assert {"name", "legs", "total_dv_km_s", "imleo_kg", "earth_launched_kg", "launches", "closes"} <= set(a)
        assert isinstance(a["closes"], bool) and isinstance(a["launches"], dict)
        for leg in a["legs"]:
            assert {"name", "dv_km_s", "propellant_kg"} <= set(leg)
        assert a["total_dv_km_s"] == pytest.approx(sum(leg["dv_km_s"] for leg in a["legs"]))
    for c in data["claims"]:
        assert {"id", "verdict", "summary", "numbers"} <= set(c) and c["verdict"] in VERDICTS
    pngs = list((out / data["scenario"]).glob("*.png"))
    assert len(pngs) >= 2
    for p in pngs:
        assert p.read_bytes()[:8] == PNG_MAGIC and p.stat().st_size > 10_000
        assert not p.with_suffix(".svg").exists()  # PNG only unless asked
    assert "Assumptions" in text


def test_plot_format_adds_vector_copies(tmp_path):
    out = tmp_path / "plots"
    assert main(["run", str(ROOT / "scenarios/beacon.yaml"), "--out", str(out), "-q", "--plot-format", "png,svg"]) == 0
    pngs = sorted((out / "beacon").glob("*.png"))
    assert pngs and sorted(p.with_suffix(".png") for p in (out / "beacon").glob("*.svg")) == pngs
    for p in pngs:
        assert p.with_suffix(".svg").read_text().lstrip().startswith(("<?xml", "<svg"))


@pytest.mark.parametrize("bad", ["jpeg", "png,gif", ","])
def test_plot_format_rejects_unknown_formats(tmp_path, capsys, bad):
    assert main(["run", str(ROOT / "scenarios/beacon.yaml"), "--out", str(tmp_path), "--plot-format", bad]) == 2
    assert "--plot-format" in capsys.readouterr().err and not any(tmp_path.iterdir())


def test_beacon_verdict_ids(tmp_path, capsys):
    js = tmp_path / "r.json"
    assert main(["run", str(ROOT / "scenarios/beacon.yaml"), "--out", str(tmp_path), "--json", str(js), "-q"]) == 0
    ids = {c["id"] for c in json.loads(js.read_text())["claims"]}
    assert ids == {"beacon-total-dv", "beacon-falcon-heavy", "depot-supply"}
    assert "beacon-total-dv: " in capsys.readouterr().out


def test_pngs_are_images(tmp_path):
    import matplotlib.image as mpimg
    assert main(["run", str(ROOT / "scenarios/beacon.yaml"), "--out", str(tmp_path), "-q"]) == 0
    for p in (tmp_path / "beacon").glob("*.png"):
        img = mpimg.imread(p)
        assert img.ndim == 3 and img.shape[0] > 300 and img.shape[1] > 400
        assert img.std() > 0.05  # not blank


def test_console_script_and_help():
    exe = Path(sys.executable).with_name("deltav")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "deltav"]
    res = subprocess.run(cmd + ["run", "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "example:" in res.stdout
    res = subprocess.run(cmd + ["nonsense"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2


def test_markdown_format(tmp_path, capsys):
    assert main(["run", str(ROOT / "scenarios/beacon.yaml"), "--out", str(tmp_path), "--no-plots",
                 "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert "| leg |" in text and "## Verdicts" in text


@pytest.fixture(scope="module")
def beacon_result():
    from deltav import mission, scenario
    return mission.evaluate(scenario.load(ROOT / "scenarios/beacon.yaml"))


def test_parallel_and_serial_drawing_write_the_same_files(tmp_path, beacon_result):
    from deltav.plots import workers as mplots
    pool = mplots.render_pool()
    if pool is None:
        pytest.skip("one core or no fork: drawing is serial only")
    try:
        parallel = mplots.write_all(beacon_result, tmp_path / "p", ("png", "svg"), pool=pool)
    finally:
        pool.stop()
    serial = mplots.write_all(beacon_result, tmp_path / "s", ("png", "svg"))
    assert sorted(p.name for p in parallel) == sorted(p.name for p in serial)
    assert {p.name for p in (tmp_path / "p").iterdir()} == {p.name for p in parallel}  # no stray temp files
    assert len(parallel) == 8  # four figures, PNG and SVG
    # what the report lists while the figures are still being drawn is what is drawn
    assert sorted(mplots.planned(beacon_result, tmp_path / "s", ("png", "svg"))) == sorted(serial)


@pytest.mark.parametrize("failing", ["dv", "mass", "breakeven", "cislunar"])
def test_a_failing_figure_fails_the_drawing(tmp_path, beacon_result, monkeypatch, failing):
    # Whichever process draws it (the drawing process or its fork), the error reaches the caller.
    from deltav.plots import mission as figures
    from deltav.plots import workers as mplots

    def broken(result, **kwargs):
        raise ValueError(f"cannot draw {failing}")

    monkeypatch.setitem(figures.FIGURES, failing, broken)
    pool = mplots.render_pool()  # forked after the patch, so the workers see it
    if pool is None:
        pytest.skip("one core or no fork: drawing is serial only")
    try:
        with pytest.raises(ValueError, match=f"cannot draw {failing}"):
            mplots.write_all(beacon_result, tmp_path, pool=pool)
    finally:
        pool.stop()


def test_drawing_goes_on_without_a_second_process(tmp_path, beacon_result, monkeypatch):
    # The drawing process cannot fork its helper (os.fork fails there): it draws every figure itself.
    import os

    from deltav.plots import workers as mplots

    real_fork, forks = os.fork, []

    def fork_once():
        forks.append(1)  # the drawing process inherits this list: its own fork is the second call
        if len(forks) > 1:
            raise OSError("no process to spare")
        return real_fork()

    monkeypatch.setattr(os, "fork", fork_once)
    pool = mplots.render_pool()
    if pool is None:
        pytest.skip("one core or no fork: drawing is serial only")
    try:
        paths = mplots.write_all(beacon_result, tmp_path, pool=pool)
    finally:
        pool.stop()
    assert sorted(p.name for p in paths) == sorted(p.name for p in tmp_path.iterdir()) and len(paths) == 4


def test_a_failed_import_in_the_drawing_process_reaches_the_caller(tmp_path, beacon_result, monkeypatch):
    from deltav.plots import workers as mplots

    def broken(*args):
        raise ImportError("no module named 'matplotlib'")

    monkeypatch.setattr(mplots, "_warm_up", broken)  # forked after the patch: the drawing process fails to import
    pool = mplots.render_pool()
    if pool is None:
        pytest.skip("one core or no fork: drawing is serial only")
    try:
        with pytest.raises(ImportError, match="no module named 'matplotlib'"):
            mplots.write_all(beacon_result, tmp_path, pool=pool)
    finally:
        pool.stop()


class _TwoArgumentError(Exception):
    """Pickles, but does not unpickle: pickle calls __init__ with args only."""

    def __init__(self, what, code):
        super().__init__(f"{what} (code {code})")


@pytest.mark.parametrize("failing", ["dv", "mass"])  # one figure of each process's share
def test_an_error_that_does_not_unpickle_arrives_as_its_text(tmp_path, beacon_result, monkeypatch, failing):
    from deltav.plots import mission as figures
    from deltav.plots import workers as mplots

    def broken(result, **kwargs):
        raise _TwoArgumentError(f"cannot draw {failing}", 7)

    monkeypatch.setitem(figures.FIGURES, failing, broken)
    pool = mplots.render_pool()
    if pool is None:
        pytest.skip("one core or no fork: drawing is serial only")
    try:
        with pytest.raises(RuntimeError, match=rf"_TwoArgumentError: cannot draw {failing} \(code 7\)"):
            mplots.write_all(beacon_result, tmp_path, pool=pool)
        assert pool.pid == 0  # reaped, even though the answer was an error
    finally:
        pool.stop()


def test_a_fork_has_its_own_signal_handlers_before_any_signal_can_arrive():
    # SIGINT and SIGTERM are blocked across the fork: the parent's handlers (KeyboardInterrupt, the CLI's
    # SystemExit) never run in a child that is still executing the parent's code.
    import os
    import signal

    from deltav.plots import workers as mplots

    both = {signal.SIGINT, signal.SIGTERM}
    before = signal.getsignal(signal.SIGINT)
    pid = mplots._fork()
    if pid == 0:
        ok = (signal.getsignal(signal.SIGINT) is signal.SIG_IGN and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
              and not both & signal.pthread_sigmask(signal.SIG_BLOCK, set()))
        os._exit(0 if ok else 1)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    assert signal.getsignal(signal.SIGINT) is before and not both & signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_readable_above_the_select_limit():
    # A host process may have more than 1024 files open; select.select refuses such fds, poll does not.
    import os
    import resource

    from deltav.plots.workers import _readable

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048:
        pytest.skip("cannot open fd 1500 here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2048), hard))
    r, w = os.pipe()
    try:
        high = os.dup2(r, 1500)
        assert not _readable(high)
        os.write(w, b"x")
        assert _readable(high)
        os.close(high)
    finally:
        os.close(r)
        os.close(w)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_no_process_to_spare_draws_here(monkeypatch):
    import os

    from deltav.plots import workers as mplots

    def no_fork():
        raise OSError("no process to spare")

    monkeypatch.setattr(os, "fork", no_fork)
    assert mplots.render_pool() is None  # run then draws in its own process, one figure after the other


def test_figures_split_into_balanced_shares():
    from deltav.plots.workers import _split
    a, b = _split(["dv", "mass", "breakeven", "cislunar"])
    assert sorted(a + b) == ["breakeven", "cislunar", "dv", "mass"] and len(a) == len(b) == 2
    assert _split(["dv"]) == (["dv"], [])
