"""The parsed form of a user's YAML file: plain data plus the line of every key, and located errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deltav.errors import InputError

Loc = tuple  # a key path: ("architectures", 0, "legs", 2, "to")


@dataclass
class Document:
    """A parsed YAML file: plain Python data plus the line of every key and list item."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int | None:
        """1-based line of the deepest prefix of ``loc`` that the file contains."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)

    def error(self, loc: Loc, message: str, expected: str | None = None) -> InputError:
        return InputError(message, file=self.path, line=self.line(loc), key=keypath(loc) or None,
                          expected=expected)


def keypath(loc: Loc) -> str:
    """``("a", 0, "b")`` -> ``"a[0].b"``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def short(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to about ``limit`` characters for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 5] + "…" + text[-3:]
