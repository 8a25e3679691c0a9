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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or ``""`` if none is close."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def unknown_name(kind: str, name: str, choices: Iterable[str]) -> InputError:
    """An :class:`InputError` for an unknown body/vehicle/node name, listing the valid ones."""
    choices = sorted(choices)
    return InputError(f"unknown {kind} '{name}'{did_you_mean(name, choices)}",
                      expected="one of " + ", ".join(choices))
