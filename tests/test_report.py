"""The human report of ``deltav run`` (issue 16): summary first, 80 columns, colour only on a terminal,
plain words ("1 tanker launch", "from Earth", no "k* none"), and the scriptable ``deltav claims --expect``.

Expected strings are English and the layout rules of the issue, never a number deltav printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deltav import claims, mission, report, scenario
from deltav.cli import main
from deltav.tables import Terminal

ROOT = Path(__file__).resolve().parent.parent
SGR = re.compile(r"\x1b\[[0-9;]*m")
BOX_DRAWING = re.compile("[\u2500-\u257f]")
PIPED_80 = Terminal(80, False, False)


def _evaluated(name: str):
    result = mission.evaluate(scenario.load(ROOT / "scenarios" / f"{name}.yaml"))
    return result, claims.judge(result)


@pytest.fixture(scope="module")
def beacon():
    return _evaluated("beacon")


@pytest.fixture(scope="module")
def lunar():
    return _evaluated("beacon-lunar-propellant")


def _text(result, verdicts, monkeypatch, term=PIPED_80, fmt="table"):
    monkeypatch.setattr(report, "terminal", lambda stream=None: term)
    return report.text(result, fmt, claims=verdicts)


def test_no_line_is_wider_than_80_columns(beacon, monkeypatch):
    lines = _text(*beacon, monkeypatch).splitlines()
    assert max(len(SGR.sub("", line)) for line in lines) <= 80


def test_verdicts_and_comparison_come_before_the_details(beacon, monkeypatch):
    lines = _text(*beacon, monkeypatch).splitlines()
    at = {name: lines.index(name) for name in ("Verdicts", "Comparison", "Details", "Assumptions")}
    assert at["Verdicts"] < at["Comparison"] < at["Details"] < at["Assumptions"]
    assert at["Verdicts"] <= 10  # the title, the heliocentric leg, then the verdicts
    first_leg_table = next(i for i, line in enumerate(lines) if line.startswith("Direct from LEO —"))
    assert first_leg_table > at["Details"]


def test_piped_report_has_no_colour_and_no_box_drawing(beacon, monkeypatch):
    text = _text(*beacon, monkeypatch)
    assert not SGR.search(text) and not BOX_DRAWING.search(text)
    for c in beacon[1]:
        assert f"[{c.verdict.upper()}] {c.id}" in text


def test_colour_terminal_colours_each_verdict(beacon, monkeypatch):
    text = _text(*beacon, monkeypatch, term=Terminal(100, True, True))
    styles = {"true": "1;32", "false": "1;31", "partly": "1;33", "undetermined": "2"}  # SGR codes
    for c in beacon[1]:
        assert f"\x1b[{styles[c.verdict]}m[{c.verdict.upper()}]\x1b[0m {c.id}" in text


def test_markdown_report_keeps_markdown_tables(beacon, monkeypatch):
    text = _text(*beacon, monkeypatch, fmt="markdown")
    assert "| architecture |" in text and "## Verdicts" in text and not BOX_DRAWING.search(text)


def test_plain_words(beacon, lunar, monkeypatch):
    text = _text(*beacon, monkeypatch) + _text(*lunar, monkeypatch)
    for wrong in ("launch(es)", "trip(s)", "from earth", "from moon", "k* none", "supply) 0.00"):
        assert wrong not in text
    assert "1 tanker launch on" in text and "2 tanker launches on" in text
    assert "from Earth" in text and "from the Moon" in text


@pytest.mark.parametrize("n, word, want", [(1, "tanker launch", "1 tanker launch"),
                                           (2, "tanker launch", "2 tanker launches"),
                                           (1, "lunar-tanker trip", "1 lunar-tanker trip"),
                                           (3, "lunar-tanker trip", "3 lunar-tanker trips")])
def test_plural(n, word, want):
    assert report.plural(n, word) == want


def test_imleo_is_shown_only_where_it_differs_and_explained(beacon, monkeypatch):
    result, verdicts = beacon
    same = all(abs(a.imleo_kg - a.earth_launched_kg) < 0.5 for a in result.architectures)
    text = _text(result, verdicts, monkeypatch)
    assert ("IMLEO (t)" in text) is not same
    assert "IMLEO (initial mass in LEO)" in text


def test_lunar_supply_ratio_is_said_in_words(lunar, monkeypatch):
    text = _text(*lunar, monkeypatch)
    assert "0 (lunar)" in text and "lunar propellant launches nothing from Earth" in text


def test_the_same_launches_are_said_once(beacon):
    fh = next(c for c in beacon[1] if c.id == "beacon-falcon-heavy")
    via, direct = fh.numbers["launches_via_depot"], fh.numbers["launches_direct"]
    text = fh.summary
    if via == direct:
        assert "the same launches on both routes" in text and " vs 2×" not in text
    else:
        assert "launches " in text and " vs " in text


# deltav claims --expect: exit 1 when a verdict differs, naming it; 0 when all hold; 2 on a bad request

def _actual(claim_id: str) -> str:
    return claims.run(ids=[claim_id])[0].verdict


def test_expect_holds_exits_0(capsys):
    got = _actual("starship-thrust")
    assert main(["claims", "--only", "starship-thrust", "-q", "--expect", f"starship-thrust={got}"]) == 0
    assert capsys.readouterr().err == ""


def test_expect_differs_exits_1_and_names_the_claim(capsys):
    got = _actual("starship-thrust")
    other = next(v for v in ("true", "false") if v != got)
    assert main(["claims", "--only", "starship-thrust", "-q", "--expect", f"starship-thrust={other}"]) == 1
    err = capsys.readouterr().err
    assert f"starship-thrust is {got}, expected {other}" in err


@pytest.mark.parametrize("item, message", [("starship-thrust=maybe", "unknown verdict 'maybe'"),
                                           ("starship-thrus=true", "did you mean 'starship-thrust'"),
                                           ("starship-thrust", "cannot read")])
def test_bad_expect_exits_2(item, message, capsys):
    assert main(["claims", "--only", "starship-thrust", "--expect", item]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_quiet_claims_prints_id_verdict_lines(capsys):
    assert main(["claims", "--only", "starship-thrust", "mars-distance", "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] for line in lines] == ["starship-thrust", "mars-distance"]
    assert all(line.split(": ")[1] in claims.VERDICTS for line in lines)


def test_claims_ledger_fits_80_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["claims", "--only", "starship-thrust", "tianwen-1"]) == 0
    out = capsys.readouterr().out
    assert max(map(len, out.splitlines())) <= 80 and not BOX_DRAWING.search(out)


# porkchop and windows: where the files go, and which minimum is a grid point and which is refined

def test_porkchop_writes_into_the_current_directory_by_default(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["porkchop", "--from", "2026-09-01", "--to", "2026-12-01", "--grid", "12"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["porkchop-earth-mars-2026-09-01.png"]
    out = capsys.readouterr().out
    assert "best grid point" in out and "deltav windows" in out


def test_windows_says_its_optima_are_refined(capsys):
    assert main(["windows", "--from", "2026-06-01", "--to", "2027-03-01"]) == 0
    assert "Nelder-Mead" in capsys.readouterr().out
