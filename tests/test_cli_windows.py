"""``deltav windows`` and ``deltav porkchop``: exit codes, JSON shape, files, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from deltav.cli import main


def test_windows_json_shape(tmp_path, capsys):
    out = tmp_path / "w.json"
    assert main(["windows", "--from", "2026-01-01", "--to", "2029-06-30", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert isinstance(data, list) and len(data) >= 4
    for w in data:
        assert set(w) >= {"type", "departure", "arrival", "c3_km2_s2", "vinf_arrival_km_s", "tof_days"}
        assert w["type"] in ("I", "II") and len(w["departure"]) == 10 and w["arrival"] > w["departure"]
    assert {w["departure"][:4] for w in data} >= {"2026", "2028"}
    text = capsys.readouterr().out
    assert "2026" in text and "C3" in text


def test_windows_format_json_to_stdout(capsys):
    assert main(["windows", "--from", "2026-06-01", "--to", "2027-03-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["type"] for w in data] and all(w["departure"].startswith("2026") for w in data)


@pytest.mark.parametrize("argv, message", [
    (["windows", "--from", "2026-13-01", "--to", "2030-01-01"], "invalid date '2026-13-01'"),
    (["windows", "--from", "2030-01-01", "--to", "2026-01-01"], "is not after"),
    (["windows", "--from", "2026-01-01", "--to", "2030-01-01", "--target", "Marz"], "did you mean 'Mars'"),
    (["porkchop", "--from", "2026-08-01", "--to", "yesterday"], "invalid date 'yesterday'"),
    (["porkchop", "--from", "2026-08-01", "--to", "2027-01-31", "--grid", "3x"], "bad grid size"),
    (["porkchop", "--from", "2026-08-01", "--to", "2027-01-31", "--parking-altitude", "300 kg"], "not a length"),
])
def test_bad_input_exits_2_with_a_clear_message(argv, message, capsys, tmp_path):
    assert main(argv + (["--no-plot"] if argv[0] == "porkchop" else [])) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_porkchop_writes_plot_and_grid(tmp_path, capsys):
    base = tmp_path / "pc"
    js = tmp_path / "pc.json"
    assert main(["porkchop", "--from", "2026-08-01", "--to", "2027-01-31", "--grid", "40x50", "--out", str(base),
                 "--json", str(js), "--capture-apoapsis-altitude", "33793 km", "--plot-format", "svg,png"]) == 0
    png = base.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and base.with_suffix(".svg").exists()
    data = json.loads(js.read_text())
    assert len(data["departure"]) == 40 and len(data["arrival"]) == 50
    assert len(data["c3_km2_s2"]) == 40 and len(data["c3_km2_s2"][0]) == 50
    assert data["optima"]["c3_type_II"]["departure"].startswith("2026")
    assert "min C3" in capsys.readouterr().out


def test_piped_run_has_no_progress_bar():
    proc = subprocess.run([sys.executable, "-m", "deltav", "windows", "--from", "2026-06-01", "--to", "2027-03-01"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == ""
