"""Hostile inputs (issue 13): one regression test per class of finding, each through the real entry point.

Every outcome is an exit status of 0 or 2 with a ``FILE:LINE: key: ...`` error and nothing written, or, at
the library, an :class:`deltav.errors.InputError`; never a traceback, a hang or a silent nonsense answer.
Numbers asserted here are bounds stated in docs/scenarios.md, or physical facts cited where used.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import astropy.units as u
import numpy as np
import pytest

import deltav
from deltav import inputs, scenario
from deltav.cli import EXIT_INTERNAL, main
from deltav.errors import InputError, OutputError

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests" / "test_scenario_errors.py").read_text().split('BASE = """\\\n')[1].split('"""')[0]


def _file(tmp_path, text: str | bytes, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _variant(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def _run(capsys, tmp_path, content, *extra, plots=False) -> tuple[int, str, Path]:
    path = content if isinstance(content, Path) else _file(tmp_path, content)
    out = tmp_path / "out"
    status = main(["run", str(path), "--out", str(out), "-q", *([] if plots else ["--no-plots"]), *extra])
    return status, capsys.readouterr().err, out


def _rejected(capsys, tmp_path, content, fragment: str, line: int | None = None) -> str:
    """Exit 2, ``FILE:LINE:`` and ``fragment`` in the message, no traceback, nothing written."""
    status, err, out = _run(capsys, tmp_path, content)
    assert status == 2, err
    assert fragment in err, err
    assert "Traceback" not in err and "Warning" not in err, err
    where = f"{tmp_path / 's.yaml'}:{line if line is not None else ''}"
    assert where in err, err
    assert not out.exists()
    return err


# ----------------------------------------------------------------------------- YAML

YAML_CASES = [
    ("recursive-alias", "name: t\nloop: &a [1, *a]\n", "recursive alias", 2),
    ("undefined-alias", "name: t\nx: *nope\n", "refers to no anchor", 2),
    ("list-as-key", "name: t\n? [a, b]\n: 1\n", "a key must be a plain name", 2),
    ("map-as-key", "name: t\n{a: 1}: 2\n", "a key must be a plain name", 2),
    ("nul", "name: t\ntitle: a\x00b\n", "U+0000 (NUL)", 2),
    ("escape-char", "name: t\n\ntitle: a\x1bb\n", "U+001B (ESC)", 3),
    ("two-documents", "name: t\n---\nname: u\n", "more than one YAML document", 2),
    ("python-tag", "name: !!python/object:os.system x\n", "could not determine a constructor", 1),
    ("deep-nesting", "name: t\nx: " + "[" * 40 + "]" * 40 + "\n", "nested more than 32 deep", 2),
    ("long-value", "name: t\ntitle: " + "x" * 20_000 + "\n", "20,000 characters", 2),
]


@pytest.mark.parametrize("text, fragment, line", [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES])
def test_yaml_hazards_are_located_errors(tmp_path, capsys, text, fragment, line):
    _rejected(capsys, tmp_path, text, fragment, line)


def test_alias_bomb_is_refused_by_counting_not_expanding(tmp_path, capsys):
    # Nine aliases of nine aliases ... (9**8 values once expanded, from a file of a few hundred bytes).
    lines = ["name: t", "b0: &b0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{k}: &b{k} [{', '.join([f'*b{k - 1}'] * 9)}]" for k in range(1, 9)]
    _rejected(capsys, tmp_path, "\n".join(lines) + "\n", f"more than {inputs.MAX_NODES:,} values")


def test_capitalised_keys_are_unknown_keys_with_a_suggestion(tmp_path, capsys):
    err = _rejected(capsys, tmp_path, _variant("ferry:\n", "Ferry:\n"), "unknown key 'Ferry'", 5)
    assert "did you mean 'ferry'?" in err
    err = _rejected(capsys, tmp_path, _variant("  isp: 450 s\n", "  ISP: 450 s\n"), "ferry.ISP: unknown key 'ISP'", 8)
    assert "did you mean 'isp'?" in err


def test_merge_keys_are_supported(tmp_path):
    # YAML 1.1 merge: the mapping's own keys win over merged ones (yaml.org/type/merge.html).
    text = _variant("ferry:\n  dry_mass: 10 t\n", "common: &f\n  dry_mass: 99 t\n  payload: 10 t\nferry:\n"
                    "  <<: *f\n  dry_mass: 10 t\n").replace("  payload: 10 t\n  isp", "  isp", 1)
    doc = inputs.load_yaml(_file(tmp_path, text))
    assert doc.data["ferry"]["dry_mass"] == "10 t" and doc.data["ferry"]["payload"] == "10 t"
    with pytest.raises(InputError, match="unknown key 'common'"):  # the anchor's holder is still a key
        scenario.load(_file(tmp_path, text))


def test_merge_of_a_non_mapping_is_an_error(tmp_path, capsys):
    _rejected(capsys, tmp_path, "name: t\n<<: 3\n", "a merge key '<<' takes a mapping", 2)


# ----------------------------------------------------------------------------- files

ENCODINGS = [
    ("latin-1", _variant("name: t\n", "name: t\ntitle: café\n").encode("latin-1"), "byte 0xe9 is not UTF-8", 2),
    ("utf-16", BASE.encode("utf-16"), "UTF-16", 1),
    ("gzip", gzip.compress(BASE.encode()), "gzip-compressed", 1),
]


@pytest.mark.parametrize("raw, fragment, line", [c[1:] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS])
def test_encodings_are_named(tmp_path, capsys, raw, fragment, line):
    _rejected(capsys, tmp_path, raw, fragment, line)


def test_utf8_bom_is_accepted(tmp_path):
    assert scenario.load(_file(tmp_path, b"\xef\xbb\xbf" + BASE.encode())).name == "t"


def test_validate_reports_every_file(tmp_path, capsys):
    good, latin = _file(tmp_path, BASE, "good.yaml"), _file(tmp_path, ENCODINGS[0][1], "latin.yaml")
    gz = _file(tmp_path, ENCODINGS[2][1], "gz.yaml")
    assert main(["validate", str(latin), str(good), str(gz)]) == 2
    captured = capsys.readouterr()
    assert f"{good}: ok" in captured.out
    assert f"{latin}:2:" in captured.err and f"{gz}:1:" in captured.err


def test_oversized_file_is_refused_without_reading_it_all(tmp_path, capsys):
    big = BASE + "# " + "x" * (inputs.MAX_FILE_BYTES + 10) + "\n"
    status, err, _ = _run(capsys, tmp_path, big)
    assert status == 2 and f"larger than {inputs.MAX_FILE_BYTES:,} bytes" in err


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "folder"])
def test_devices_and_folders_are_refused(tmp_path, capsys, target):
    if target.startswith("/dev") and not Path(target).exists():
        pytest.skip(f"no {target}")
    path = tmp_path if target == "folder" else Path(target)
    status, err, _ = _run(capsys, tmp_path, path)
    assert status == 2 and "not a regular file" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_does_not_hang(tmp_path):
    # A subprocess, so that a regression hangs only it (and the timeout says so), not the test run.
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    res = subprocess.run([sys.executable, "-m", "deltav", "validate", str(fifo)], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 2 and "not a regular file (it is a FIFO)" in res.stderr


# ----------------------------------------------------------------------------- values and bounds

VALUE_CASES = [
    ("1e400-kg", "dry_mass: 10 t", "dry_mass: 1e400 kg", "ferry.dry_mass: '1e400 kg' is not a finite number", 6),
    ("5000-digits", "dry_mass: 10 t", "dry_mass: " + "9" * 5000 + " kg", "is not a finite number", 6),
    ("yaml-inf", "name: t\n", "name: t\nclaims: {far_less_fraction: .inf}\n", "must be a finite number", 2),
    ("altitude-lyr", "{altitude: 300 km}", "{altitude: 1 lyr}", "more than 2,000 km", 2),
    ("altitude-400000-km", "{altitude: 300 km}", "{altitude: 400000 km}", "more than 2,000 km", 2),
    ("mars-periapsis-outside-soi", "{periapsis_altitude: 300 km}", "{periapsis_altitude: 900000 km}",
     "outside Mars's sphere of influence", 3),
    ("count-yes", "      - launch: falcon-heavy-expendable\n",
     "      - launch: {vehicle: falcon-heavy-expendable, count: yes}\n", "True is not a whole number", 22),
    ("via-empty", "via: EML4", "via: []", "'via: []' names no depot", 18),
    ("via-twice", "via: EML4", "via: [EML4, EML4]", "names a depot twice", 18),
    ("date-1800", "transfer: {type: hohmann}", "transfer: {type: lambert, depart: 1800-01-01, arrive: 1800-09-01}",
     "1800-01-01 is outside the ephemeris", 4),
    ("date-2200", "transfer: {type: hohmann}", "transfer: {type: lambert, depart: 2200-01-01, arrive: 2200-09-01}",
     "2200-01-01 is outside the ephemeris", 4),
    ("window-past-ephemeris", "transfer: {type: hohmann}", "transfer: {type: window, year: 2100}",
     "arrive after 2100-12-31", 4),
    ("vinf-1e6", "transfer: {type: hohmann}",
     "transfer: {type: vinf, v_inf_departure: 1e6 km/s, v_inf_arrival: 3 km/s}", "more than 20 km/s", 4),
    ("loiter-1e400", "  tanker:", "  loiter: 1e400 d\n  tanker:", "depot.loiter: '1e400 d' is not a finite number", 13),
    ("loiter-100-years", "  tanker:", "  loiter: 100 yr\n  tanker:", "more than 3,650 d", 13),
    ("boiloff-eats-everything", "  tanker:", "  loiter: 1000 d\n  boiloff: 10 %/d\n  tanker:", "leaves", 11),
    ("bare-zero-isp", "  isp: 450 s\n", "  isp: 0\n", "0 has no unit", 8),
    ("isp-too-small", "  isp: 450 s\n", "  isp: 1e-300 s\n", "must be at least 50 s", 8),
    ("mass-too-large", "dry_mass: 10 t", "dry_mass: 1e9 t", "more than 10,000 t", 6),
    ("unit-garbage", "dry_mass: 10 t", "dry_mass: 10 " + "k" * 100, "cannot read", 6),
    ("tanker-heavier-than-launcher", "dry_mass: 4 t", "dry_mass: 70 t", "cannot be launched full", 13),
    ("launch-after-refuel", "      - refuel: EML4\n", "      - refuel: EML4\n      - launch: falcon-heavy-expendable\n",
     "a launch after the ferry has left the ground", 25),
    ("duplicate-architecture-name", "  - name: beacon\n", "  - name: direct\n", "a second architecture named", 17),
    ("name-250-chars", "name: t\n", "name: " + "a" * 250 + "\n", "too long", 1),
    ("title-200000-chars", "name: t\n", "name: t\ntitle: " + "x" * 200_000 + "\n", "200,000 characters", 2),
    ("title-not-text", "name: t\n", "name: t\ntitle: 2026-01-01\n", "is not a title", 2),
]


@pytest.mark.parametrize("old, new, fragment, line", [c[1:] for c in VALUE_CASES], ids=[c[0] for c in VALUE_CASES])
def test_values_out_of_bounds_are_located_errors(tmp_path, capsys, old, new, fragment, line):
    _rejected(capsys, tmp_path, _variant(old, new), fragment, line)


def test_leo_refuel_without_earth_tankers_is_refused(tmp_path, capsys):
    # docs/scenarios.md: depot.tanker is "required for earth and for any LEO refuel" (found by the fuzz test).
    text = _variant("  source: earth\n  tanker: {launcher: falcon-heavy-expendable, dry_mass: 4 t, isp: 450 s}\n",
                    "  source: moon\n  lunar: {tanker_dry_mass: 5 t, isp: 450 s, delivery_per_trip: 20 t}\n")
    _rejected(capsys, tmp_path, text.replace("via: EML4", "via: LEO"), "refuelling in LEO needs Earth tankers", 18)


def test_bounds_in_docs_match_the_code():
    # docs/scenarios.md lists the bounds; these are the ones most likely to drift.
    doc = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for text in ("2,000 km", "10,000 t", "50 s", "20,000 s", "20 km/s", "3,650 d", "1900-01-01", "2100-12-31"):
        assert text in doc, text


# ----------------------------------------------------------------------------- validate checks what run checks

RUN_ONLY = [
    ("four-day-lambert", "transfer: {type: hohmann}",
     "transfer: {type: lambert, depart: 2026-11-01, arrive: 2026-11-05}"),
    ("window-year-without-window", "transfer: {type: hohmann}", "transfer: {type: window, year: 2027, kind: I}"),
    ("unmodelled-cislunar-route", "burn: {from: LEO, to: EML4}", "burn: {from: LEO, to: EML4, strategy: lunar-flyby}"),
]


@pytest.mark.parametrize("old, new", [c[1:] for c in RUN_ONLY], ids=[c[0] for c in RUN_ONLY])
def test_validate_and_run_agree(tmp_path, capsys, old, new):
    path = _file(tmp_path, _variant(old, new))
    validated = main(["validate", str(path)])
    v_err = capsys.readouterr().err
    ran = main(["run", str(path), "--out", str(tmp_path / "out"), "--no-plots", "-q"])
    r_err = capsys.readouterr().err
    assert validated == ran, (v_err, r_err)
    if ran == 2:
        assert f"{path}:" in v_err and v_err.strip() in r_err


# ----------------------------------------------------------------------------- names and titles in figures

def test_mathtext_in_title_and_architecture_name_is_drawn_as_text(tmp_path, capsys):
    text = _variant("name: t\n", "name: t\ntitle: 'Beacon $x^$ \\frac{'\n").replace("  - name: direct\n",
                                                                                     "  - name: $\\alpha^$ route\n")
    status, err, out = _run(capsys, tmp_path, text, plots=True)
    assert status == 0, err
    assert len(list((out / "t").glob("*.png"))) >= 2


# ----------------------------------------------------------------------------- output paths

def _base(tmp_path) -> Path:
    return _file(tmp_path, BASE)


def _out_error(capsys, tmp_path, *args) -> str:
    status = main(["run", str(_base(tmp_path)), "--no-plots", "-q", *args])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err, err
    return err


def test_out_is_a_file(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert "is a file, not a folder" in _out_error(capsys, tmp_path, "--out", str(tmp_path / "f"))


def test_out_is_a_dangling_symlink(tmp_path, capsys):
    (tmp_path / "l").symlink_to(tmp_path / "nowhere")
    assert "dangling symbolic link" in _out_error(capsys, tmp_path, "--out", str(tmp_path / "l"))


def test_a_file_at_out_name(tmp_path, capsys):
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "t").write_text("x")
    assert "exists and is not a folder" in _out_error(capsys, tmp_path, "--out", str(tmp_path / "o"))


def test_a_symlink_at_out_name_is_not_followed(tmp_path, capsys):
    (tmp_path / "o").mkdir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (tmp_path / "o" / "t").symlink_to(victim)
    assert "symbolic link" in _out_error(capsys, tmp_path, "--out", str(tmp_path / "o"))
    assert list(victim.iterdir()) == []


def test_a_folder_of_other_files_is_not_replaced(tmp_path, capsys):
    (tmp_path / "o" / "t").mkdir(parents=True)
    (tmp_path / "o" / "t" / "notes.txt").write_text("mine")
    assert "deltav did not write" in _out_error(capsys, tmp_path, "--out", str(tmp_path / "o"))
    assert (tmp_path / "o" / "t" / "notes.txt").read_text() == "mine"


def test_json_is_a_folder(tmp_path, capsys):
    err = _out_error(capsys, tmp_path, "--out", str(tmp_path / "o"), "--json", str(tmp_path))
    assert "is a folder, not a file" in err and not (tmp_path / "o").exists()


@pytest.mark.parametrize("where", ["/proc/deltav-test", "/sys/deltav-test"])
def test_unwritable_out(tmp_path, capsys, where):
    # /proc and /sys refuse new folders even to root, unlike a chmod-ed folder.
    if not Path(where).parent.is_dir():
        pytest.skip(f"no {Path(where).parent}")
    assert "cannot write in" in _out_error(capsys, tmp_path, "--out", where)


def test_unwritable_json_is_found_before_anything_is_written(tmp_path, capsys):
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc")
    err = _out_error(capsys, tmp_path, "--out", str(tmp_path / "o"), "--json", "/proc/self/r.json")
    assert "--json /proc/self/r.json" in err and not (tmp_path / "o").exists()


def test_name_too_long_for_the_file_system(tmp_path, capsys):
    assert "too long" in _out_error(capsys, tmp_path, "--out", str(tmp_path / ("d" * 300)))


def test_rerun_replaces_the_whole_result_set(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["run", str(_base(tmp_path)), "--out", str(out), "-q"]) == 0
    assert list((out / "t").glob("*.png"))
    (out / "t" / "t-stale.png").write_bytes(b"old")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "t" / "t-link.svg").symlink_to(victim)  # planted in the output folder: removed, never followed
    assert main(["run", str(_base(tmp_path)), "--out", str(out), "-q", "--no-plots"]) == 0
    assert sorted(p.name for p in (out / "t").iterdir()) == ["results.json"]  # fewer figures: no stale ones
    assert victim.read_text() == "keep me"
    assert [p.name for p in out.iterdir()] == ["t"]  # no staging folder left


def test_failed_drawing_leaves_nothing(tmp_path, capsys, monkeypatch):
    from deltav.plots import workers

    def broken(*args, **kwargs):
        raise RuntimeError("the drawing broke")

    monkeypatch.setattr(workers, "start", broken)
    monkeypatch.setattr(workers, "render_pool", lambda *formats: None)
    out = tmp_path / "new" / "out"
    status = main(["run", str(_base(tmp_path)), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert status == EXIT_INTERNAL and "internal error: RuntimeError: the drawing broke" in err
    assert not (tmp_path / "new").exists()  # the folders it created are gone too


def test_output_errors_are_deltav_errors():
    assert issubclass(OutputError, deltav.errors.DeltavError)


# ----------------------------------------------------------------------------- the error policy

def test_internal_error_is_one_line_exit_70(tmp_path, capsys, monkeypatch):
    from deltav import mission

    def bug(sc):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(mission, "evaluate", bug)
    status = main(["run", str(_base(tmp_path)), "--out", str(tmp_path / "o"), "--no-plots"])
    err = capsys.readouterr().err
    assert status == EXIT_INTERNAL
    assert err.strip().splitlines() == [
        "deltav run: internal error: ZeroDivisionError: a bug; rerun with --debug for the traceback"]
    assert main(["--debug", "run", str(_base(tmp_path)), "--out", str(tmp_path / "o"), "--no-plots"]) == EXIT_INTERNAL
    assert "Traceback" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_validate_goes_on_after_an_internal_error(tmp_path, capsys, monkeypatch):
    from deltav import mission

    calls = []

    def bug_once(sc):
        calls.append(sc.name)
        if len(calls) == 1:
            raise ZeroDivisionError("a bug")
        return real(sc)

    real = mission.evaluate
    monkeypatch.setattr(mission, "evaluate", bug_once)
    a, b = _file(tmp_path, BASE, "a.yaml"), _file(tmp_path, BASE, "b.yaml")
    assert main(["validate", str(a), str(b)]) == EXIT_INTERNAL
    captured = capsys.readouterr()
    assert f"{b}: ok" in captured.out and "internal error: ZeroDivisionError" in captured.err


def test_usage_errors_exit_2_in_process(capsys):
    assert main(["run"]) == 2
    assert main(["--version"]) == 0
    assert "usage" in capsys.readouterr().err


# ----------------------------------------------------------------------------- the library

KM3_S2 = u.km**3 / u.s**2
EARTH_MU = 398600.4418 * KM3_S2  # Vallado, Fundamentals of Astrodynamics, 4th ed., Appendix D


@pytest.mark.parametrize("call", [
    lambda: deltav.hohmann(np.nan * u.km, 7000 * u.km, EARTH_MU),
    lambda: deltav.hohmann(7000 * u.km, np.inf * u.km, EARTH_MU),
    lambda: deltav.hohmann([7000, np.nan] * u.km, 8000 * u.km, EARTH_MU),
    lambda: deltav.hohmann(7000 * u.km, 8000 * u.km, -EARTH_MU),
    lambda: deltav.hohmann(7000 * u.km, 8000 * u.km, 0 * KM3_S2),
    lambda: deltav.hohmann(7000 * u.km, 8000 * u.km, np.nan * KM3_S2),
    lambda: deltav.maneuvers.plane_change_dv(-7 * u.km / u.s, 10 * u.deg),
    lambda: deltav.maneuvers.circular_speed(-1 * u.km, EARTH_MU),
    lambda: deltav.departure_dv(np.inf * u.km / u.s, 7000 * u.km, EARTH_MU),
    lambda: deltav.delta_v(np.inf * u.s, 2 * u.t, 1 * u.t),
    lambda: deltav.delta_v(300 * u.s, np.nan * u.t, 1 * u.t),
    lambda: deltav.ephemeris.state("earth", 1e12),
    lambda: deltav.ephemeris.state("mars", "1800-01-01"),
    lambda: deltav.cislunar.transfer_dv("LEO", "EML4", leo_altitude_km=4e5, model="two-body"),
    lambda: deltav.cislunar.transfer_dv("EML4", "escape", v_inf_km_s=np.inf, model="two-body"),
    lambda: deltav.cislunar.transfer_dv("EML4", "escape", v_inf_km_s=np.nan, model="two-body"),
], ids=["hohmann-nan", "hohmann-inf", "hohmann-nan-element", "mu-negative", "mu-zero", "mu-nan",
        "plane-change-negative-speed", "negative-radius", "departure-inf", "isp-inf", "mass-nan", "jd-1e12",
        "date-1800", "leo-400000-km", "vinf-inf", "vinf-nan"])
def test_public_api_refuses_nonsense(call):
    with pytest.raises(InputError):
        call()


def test_core_keeps_nan_in_nan_out():
    # The numeric core is for sweeps: a NaN element gives a NaN answer there, not an exception.
    from deltav.core import transfers
    dv1, dv2, tof = transfers.hohmann(398600.4418, np.array([7000.0, np.nan]), 8000.0)
    assert np.isfinite(dv1[0]) and np.isnan(dv1[1])


# ----------------------------------------------------------------------------- the claims seed

@pytest.mark.parametrize("where", ["/etc/passwd", "../../etc/passwd.yaml", "scenarios/../../x.yaml"])
def test_seed_scenario_must_be_shipped(tmp_path, where):
    from deltav.claims.ledger import load as load_seeds
    seed = (ROOT / "seeds" / "claims.yaml").read_text(encoding="utf-8")
    assert "{scenario: scenarios/beacon.yaml}" in seed
    path = _file(tmp_path, seed.replace("{scenario: scenarios/beacon.yaml}", f"{{scenario: '{where}'}}", 1))
    with pytest.raises(InputError, match=r"claims\[\d+\]\.inputs\.scenario: .* is not a shipped scenario"):
        load_seeds(path)


@pytest.mark.parametrize("old, new, match", [
    ("      start: 1990-01-01", "      start: 1800-01-01", r"inputs\.start: 1800-01-01 is outside the ephemeris"),
    ("      end: 2100-12-31", "      end: 1980-01-01", r"inputs: end 1980-01-01 is not after start"),
])
def test_seed_dates_are_checked_when_read(tmp_path, old, new, match):
    from deltav.claims.ledger import load as load_seeds
    seed = (ROOT / "seeds" / "claims.yaml").read_text(encoding="utf-8")
    assert old in seed
    with pytest.raises(InputError, match=match):
        load_seeds(_file(tmp_path, seed.replace(old, new, 1)))


# ----------------------------------------------------------------------------- the mission budget on odd input

def _scenario_in_code(text: str):
    # Built without scenario.load's cross-checks, the way a notebook or a sweep builds one.
    import yaml
    return scenario.Scenario.model_validate(yaml.safe_load(text))


def test_tanker_heavier_than_its_launcher_is_a_failure_not_a_crash():
    from deltav import mission
    sc = _scenario_in_code(_variant("dry_mass: 4 t", "dry_mass: 70 t"))
    result = mission.evaluate(sc)
    assert not all(a.closes for a in result.architectures if a.depot)


def test_launch_leg_after_a_refuel_does_not_crash_the_budget():
    from deltav import mission
    sc = _scenario_in_code(_variant("      - burn: {from: EML4, to: mars}\n",
                                    "      - launch: falcon-heavy-expendable\n      - burn: {from: EML4, to: mars}\n"))
    mission.evaluate(sc)

