"""Rendering for the terminal (rich) or as Markdown, from plain rows of strings.

What the terminal gets is decided by :func:`terminal`, once per call:

* width: ``COLUMNS`` if set, else the terminal's width, else (output piped to a file) 100 columns;
  long cells wrap so that no line is wider;
* colour: only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org) or ``TERM=dumb``;
* box-drawing characters only on a terminal: piped output is plain ASCII (a ``-`` rule under the header).

The Markdown format does not depend on the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

#: Width used when the output is not a terminal and ``COLUMNS`` is not set.
PIPE_WIDTH = 100
MIN_WIDTH = 40
#: rich styles of the verdict words, wherever a verdict is shown on a colour terminal.
VERDICT_STYLES = {"true": "bold green", "false": "bold red", "partly": "bold yellow", "undetermined": "dim"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Terminal:
    """Where text goes: its width in columns, whether it is a terminal, and whether to colour it."""

    width: int = PIPE_WIDTH
    tty: bool = False
    color: bool = False


def terminal(stream=None) -> Terminal:
    """The :class:`Terminal` of ``stream`` (default: standard output), from the environment."""
    stream = sys.stdout if stream is None else stream
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):  # closed, or a stand-in without isatty
        tty = False
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        width = int(cols)
    elif tty:
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns
    else:
        width = PIPE_WIDTH
    color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return Terminal(max(MIN_WIDTH, width), tty, color)


def _box(term: Terminal):
    from rich import box

    # SIMPLE_HEAD: a rule under the header and nothing else; its ASCII twin when piped.
    return box.SIMPLE_HEAD if term.tty else box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def _console(file, term: Terminal, width: int | None = None):
    from rich.console import Console

    return Console(file=file, width=width or term.width, force_terminal=term.color, no_color=not term.color,
                   color_system="standard" if term.color else None, highlight=False, emoji=False,
                   legacy_windows=False)


def render(headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table",
           title: str | None = None, align: str | None = None, term: Terminal | None = None) -> str:
    """Return the table as text. ``fmt`` is ``"table"`` (via rich, for ``term``) or ``"markdown"``.

    ``align`` is one letter per column, ``l`` or ``r`` (default: first column left, others right).
    ``term`` defaults to :func:`terminal` (standard output). A column headed ``verdict`` is coloured
    by its words (:data:`VERDICT_STYLES`) on a colour terminal.
    """
    align = align or "l" + "r" * (len(headers) - 1)
    cells = [["" if c is None else str(c) for c in row] for row in rows]
    if fmt == "markdown":
        out = [f"**{title}**", ""] if title else []
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|")
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(out) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown table format {fmt!r} (expected 'table' or 'markdown')")
    import io

    from rich.table import Table
    from rich.text import Text

    term = term or terminal()
    # Cells are plain Text, never markup: "[perigee-burn]" must stay as written.
    # The title is a paragraph of its own: wrapped to the terminal, not to the (narrower) table.
    table = Table(box=_box(term),
                  show_edge=False, header_style="bold", pad_edge=False, collapse_padding=True)
    for i, (h, a, w) in enumerate(zip(headers, align, _header_widths(headers, cells, align, term.width))):
        # Numbers never wrap; text columns take what the terminal lacks.
        table.add_column(Text("\n".join(textwrap.wrap(h, w)) if w else h), justify="right" if a == "r" else "left",
                         overflow="fold", no_wrap=a == "r", min_width=None if a == "r" else _least(h, cells, i))
    verdict_cols = {i for i, h in enumerate(headers) if h.strip().lower() == "verdict"}
    for row in cells:
        table.add_row(*(Text(c, style=VERDICT_STYLES.get(c.lower(), "") if i in verdict_cols else "")
                        for i, c in enumerate(row)))
    buf = io.StringIO()
    _console(buf, term).print(table)
    head = [styled(line, "bold", term) for line in textwrap.wrap(title, term.width)] if title else []
    return "\n".join(head + [line.rstrip() for line in buf.getvalue().splitlines()]) + "\n"


def _least(header: str, cells, i: int, cap: int = 10) -> int:
    """Narrowest a text column may get: its longest word, up to ``cap`` (longer words fold)."""
    return min(cap, max([*map(len, header.split()), *(len(w) for r in cells for w in r[i].split())], default=1))


def _header_widths(headers, cells, align, width: int) -> list[int | None]:
    """The width to wrap each number column's header to (None: leave it), so that the table fits ``width``
    without squeezing text columns for long headers: the widest headers are wrapped first, each to its
    widest cell or header word."""
    natural = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    least = [max([*(len(r[i]) for r in cells), *map(len, h.split())]) for i, h in enumerate(headers)]
    excess = sum(natural) + 2 * (len(headers) - 1) - width
    out: list[int | None] = [None] * len(headers)
    for i in sorted((i for i, a in enumerate(align) if a == "r"), key=lambda i: least[i] - natural[i]):
        if excess <= 0 or least[i] >= natural[i]:
            break
        out[i] = least[i]
        excess -= natural[i] - least[i]
    return out


def styled(text: str, style: str, term: Terminal | None = None) -> str:
    """``text`` in a rich ``style`` (e.g. ``"bold red"``) on a colour terminal, else unchanged."""
    term = term or terminal()
    if not term.color or not style:
        return text
    import io

    from rich.text import Text

    buf = io.StringIO()
    _console(buf, term, width=10_000).print(Text(text, style=style), end="")
    return buf.getvalue()


def verdict(word: str, term: Terminal | None = None) -> str:
    """``[FALSE]``-style tag of a verdict, coloured on a colour terminal."""
    return styled(f"[{word.upper()}]", VERDICT_STYLES.get(word, ""), term)


def visible_len(line: str) -> int:
    """Columns a line takes on screen (colour codes take none)."""
    return len(_ANSI.sub("", line))


def fit(text: str, width: int | None = None) -> str:
    """``text`` with every line wider than ``width`` wrapped, continuation lines indented under it.

    Table lines (already within the width) are left alone; a wrapped line keeps its indent, and a
    bulleted one (``- ``) hangs under its first word.
    """
    width = width or terminal().width
    out = []
    for line in text.split("\n"):
        if visible_len(line) <= width or _ANSI.search(line):
            out.append(line)
            continue
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        hang = indent + ("  " if body.startswith(("- ", "* ", "✗ ")) else "  ")
        out.extend(textwrap.wrap(body, width, initial_indent=indent, subsequent_indent=hang,
                                 break_on_hyphens=False, break_long_words=True) or [line])
    return "\n".join(out)


def paragraph(text: str, width: int | None = None, indent: str = "", hang: str | None = None) -> str:
    """``text`` wrapped to ``width`` (the terminal's by default) with a first-line and hanging indent."""
    width = width or terminal().width
    return "\n".join(textwrap.wrap(text, width, initial_indent=indent,
                                   subsequent_indent=indent if hang is None else hang,
                                   break_on_hyphens=False)) or indent.rstrip()
