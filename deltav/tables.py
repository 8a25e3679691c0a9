"""Rendering tables for the terminal (rich) or as Markdown, from plain rows of strings."""

from __future__ import annotations

from collections.abc import Sequence


def render(headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table",
           title: str | None = None, align: str | None = None) -> str:
    """Return the table as text. ``fmt`` is ``"table"`` (boxed, via rich) or ``"markdown"``.

    ``align`` is one letter per column, ``l`` or ``r`` (default: first column left, others right).
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

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # Cells are plain text: "[perigee-burn]" must not be read as rich markup.
    table = Table(title=escape(title) if title else None, title_justify="left", title_style="bold")
    for h, a in zip(headers, align):
        table.add_column(escape(h), justify="right" if a == "r" else "left", overflow="fold")
    for row in cells:
        table.add_row(*map(escape, row))
    buf = io.StringIO()
    Console(file=buf, width=160, force_terminal=False, no_color=True).print(table)
    return buf.getvalue()
