"""Errors deltav reports to people, with the place in their input that caused them.

Every user-facing failure (a bad scenario key, a wrong unit, an impossible transfer) is an
:class:`InputError`; the CLI prints ``str(err)`` and exits with status 2, never a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class DeltavError(Exception):
    """Base class of deltav's own errors."""


class InputError(DeltavError, ValueError):
    """Bad user input, located as ``FILE:LINE: key.path: what is wrong (expected ...)``.

    Parameters
    ----------
    message : str
        What is wrong, in the user's terms.
    file, line : str or None, int or None
        Where the offending value is (1-based line), when known.
    key : str or None
        Dotted key path inside the file, e.g. ``architectures[1].legs[0].to``.
    expected : str or None
        The form a valid value takes, e.g. ``a length such as "300 km"``.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None, expected: str | None = None):
        self.message, self.file, self.line, self.key, self.expected = message, file, line, key, expected
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        key = f"{self.key}: " if self.key else ""
        expected = f" (expected {self.expected})" if self.expected else ""
        return f"{where}{key}{self.message}{expected}"


class InfeasibleError(DeltavError, ValueError):
    """A physically impossible request: mass ratio <= 1, no transfer for that time of flight, ..."""


class OutputError(DeltavError, OSError):
    """Results cannot be written where the user asked (``--out`` is a file, a read-only folder, ...).

    Reported like an input error (exit status 2): the path and what is wrong with it, never a traceback.
    """

    def __init__(self, message: str, *, path: str | None = None, option: str | None = None):
        self.message, self.path, self.option = message, path, option
        super().__init__(self.__str__())

    def __str__(self) -> str:
        opt = f"{self.option} " if self.option else ""
        where = f"{opt}{self.path}: " if self.path else opt
        return f"{where}{self.message}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""`` if none is close.

    Case is ignored when comparing (``ISP`` suggests ``isp``); a word that only differs in case says so.
    """
    by_lower: dict[str, str] = {}
    for c in choices:
        by_lower.setdefault(str(c).lower(), str(c))
    low = str(word).lower()
    if low in by_lower and by_lower[low] != str(word):
        return f" (did you mean '{by_lower[low]}'? case matters)"
    match = difflib.get_close_matches(low, list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean '{by_lower[match[0]]}'?)" if match and by_lower[match[0]] != str(word) else ""


def unknown_name(kind: str, name: str, choices: Iterable[str]) -> InputError:
    """An :class:`InputError` for an unknown body/vehicle/node name, listing the valid ones."""
    choices = sorted(choices)
    return InputError(f"unknown {kind} '{name}'{did_you_mean(name, choices)}",
                      expected="one of " + ", ".join(choices))
