"""``deltav claims`` end to end: JSON ledger, bad input, plots, README kept in sync.

Its speed is measured, as a ratio to ``deltav run --no-plots``, by ``benchmarks/run_scenario.py``; what it imports
is counted in ``tests/test_import_time.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deltav import claims
from deltav.cli import main
from deltav.claims.verdicts import VERDICTS

ROOT = Path(__file__).resolve().parent.parent
DELTAV = [sys.executable, "-W", "ignore", "-c", "import sys; from deltav.cli import main; sys.exit(main())"]


def test_claims_json_holds_every_seed_with_an_allowed_verdict(tmp_path):
    out = tmp_path / "claims.json"
    proc = subprocess.run([*DELTAV, "claims", "--json", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert [d["id"] for d in data] == [c.id for c in claims.load()]
    for d in data:
        assert set(d) == {"id", "verdict", "summary", "numbers", "sources"}
        assert d["verdict"] in VERDICTS
    assert "Claims ledger" in proc.stdout and "Sources and assumptions" in proc.stdout


def test_bad_seed_file_exits_2_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "claims.yaml"
    bad.write_text("claims:\n  - id: x\n    claim: y\n    check: starship_thrust\n")
    out = tmp_path / "out.json"
    assert main(["claims", "--seeds", str(bad), "--json", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: claims[0].source: missing required key 'source'" in err
    assert "Traceback" not in err and not out.exists()


def test_unknown_claim_id_suggests(capsys):
    assert main(["claims", "--only", "mars-distanse"]) == 2
    assert "did you mean 'mars-distance'" in capsys.readouterr().err


def test_plots_are_valid_images(tmp_path, capsys):
    assert main(["claims", "--only", "starship-thrust", "--plots", str(tmp_path), "--plot-format", "png,svg"]) == 0
    for name in ("thrust", "mars_distance", "payload"):
        png = (tmp_path / f"{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
        assert (tmp_path / f"{name}.svg").read_text().lstrip().startswith(("<?xml", "<svg"))


def test_readme_ledger_is_up_to_date():
    readme = ROOT / "README.md"
    if not readme.exists() or "<!-- ledger:start -->" not in readme.read_text():
        pytest.skip("README.md has no ledger markers yet")
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import update_readme
    finally:
        sys.path.pop(0)
    assert update_readme.main(["--check"]) == 0, "run: python docs/update_readme.py"


def test_splice_replaces_only_between_markers():
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import update_readme
    finally:
        sys.path.pop(0)
    text = "intro\n<!-- ledger:start -->\nold\n<!-- ledger:end -->\noutro\n"
    assert update_readme.splice(text, "new\n") == "intro\n<!-- ledger:start -->\nnew\n<!-- ledger:end -->\noutro\n"
    with pytest.raises(ValueError):
        update_readme.splice("no markers", "x")
