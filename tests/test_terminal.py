"""The terminal: width (COLUMNS, 80 columns), colour (TTY, NO_COLOR), ASCII when piped, progress only on a TTY.

Issue 16. No number here comes from deltav's output: widths come from the environment the test sets,
the box-drawing block is Unicode U+2500–U+257F, colour codes are ECMA-48 SGR sequences.
"""

from __future__ import annotations

import io
import re

import pytest

from deltav import tables
from deltav.tables import Terminal

BOX_DRAWING = re.compile("[\u2500-\u257f]")  # Unicode block "Box Drawing"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # ECMA-48 Select Graphic Rendition: colour and bold
HEADERS = ["route", "Δv (km/s)", "notes"]
ROWS = [("Via Beacon (EML4) [lunar-flyby]", "7.02", "a long note " * 12), ("Direct from LEO", "5.68", "short")]


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.fixture
def env(monkeypatch):
    for name in ("COLUMNS", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_columns_is_honoured_and_piped_output_has_a_fixed_width(env):
    assert tables.terminal(_Stream(False)) == Terminal(tables.PIPE_WIDTH, False, False)
    env.setenv("COLUMNS", "80")
    assert tables.terminal(_Stream(False)).width == 80
    assert tables.terminal(_Stream(True)) == Terminal(80, True, True)


@pytest.mark.parametrize("var, value", [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_colour_when_asked(env, var, value):
    env.setenv(var, value)  # https://no-color.org: any non-empty value
    assert not tables.terminal(_Stream(True)).color


def test_an_empty_no_color_does_not_disable_colour(env):
    env.setenv("NO_COLOR", "")  # no-color.org: "when present and not an empty string"
    assert tables.terminal(_Stream(True)).color


@pytest.mark.parametrize("width", [60, 80, 120])
def test_tables_fit_the_width_and_wrap_long_cells(width):
    text = tables.render(HEADERS, ROWS, title="A title", align="lrl", term=Terminal(width, False, False))
    lines = text.splitlines()
    assert max(map(len, lines)) <= width
    assert "a long note" in text and len(lines) > 4  # wrapped, not cut


def test_piped_tables_have_no_box_drawing_characters():
    text = tables.render(HEADERS, ROWS, title="t", term=Terminal(80, False, False))
    assert not BOX_DRAWING.search(text) and not SGR.search(text)


def test_terminal_tables_may_draw_boxes_and_colour_verdicts():
    text = tables.render(["id", "verdict"], [("a", "false"), ("b", "true")], term=Terminal(80, True, True))
    assert BOX_DRAWING.search(text)
    assert "\x1b[1;31m" in text and "\x1b[1;32m" in text  # SGR bold red / bold green


def test_markdown_does_not_depend_on_the_terminal():
    # GitHub-flavoured Markdown table syntax, written out by hand
    want = "**T**\n\n| a | b |\n|:---|---:|\n| x | 1 |\n"
    for term in (Terminal(40, False, False), Terminal(200, True, True)):
        assert tables.render(["a", "b"], [("x", 1)], "markdown", title="T", term=term) == want


def test_verdict_tags_are_coloured_only_on_a_colour_terminal():
    assert tables.verdict("partly", Terminal(80, False, False)) == "[PARTLY]"
    coloured = tables.verdict("partly", Terminal(80, True, True))
    assert SGR.sub("", coloured) == "[PARTLY]" and coloured != "[PARTLY]"


def test_fit_wraps_only_the_long_lines_and_keeps_their_indent():
    text = "short\n  - " + "word " * 40
    out = tables.fit(text, 50).splitlines()
    assert out[0] == "short" and max(map(len, out)) <= 50
    assert all(line.startswith("  ") for line in out[1:])


def test_progress_draws_nothing_when_not_a_terminal(capsys):
    from deltav.cli.porkchop import progress

    with progress("x", enabled=False) as update:
        assert update is None
    assert capsys.readouterr().err == ""


def test_progress_on_a_terminal_yields_an_update_callable():
    from deltav.cli.porkchop import progress

    with progress("x", enabled=True) as update:
        update(1, 4)
        update(2, None, "now this")
