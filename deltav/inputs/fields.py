"""Unit-string fields for pydantic input models: ``"300 km"`` -> 300.0 (km), checked finite and in bounds."""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from deltav.inputs.document import short

def fail(problem: str, expected: str) -> PydanticCustomError:
    """The error a field validator raises: ``problem`` (what is wrong) and ``expected`` (the form wanted)."""
    return PydanticCustomError("deltav", "{problem}", {"problem": problem, "expected": expected})


def quantity_parser(unit: str, example: str, *, minimum: float | None = 0.0, inclusive: bool = False,
                    maximum: float | None = None, why: str | None = None, shown_max: str | None = None):
    """A pydantic before-validator: unit string -> finite float in ``unit``.

    ``minimum`` (in ``unit``) bounds the value from below, strictly unless ``inclusive``;
    ``None`` allows any sign. ``maximum`` (in ``unit``, inclusive) bounds it from above, ``shown_max``
    writes it for people (``"10,000 t"``), and ``why`` says what the bound stands for in the error. Infinite values (``1e400 kg``) are always refused.
    Common unit strings are read from a table (``_TABLE``) with astropy's own factors; astropy is imported
    only for another unit string, or for a target unit outside ``_KINDS``, so validating stays cheap.
    """

    @functools.cache
    def target():
        from astropy import units as u

        t = u.Unit(unit)
        return u, t, str(t.physical_type)

    @functools.cache
    def described() -> tuple[str, str]:  # (kind, expected); astropy only for a unit outside _KINDS
        kind = _KINDS[unit] if unit in _KINDS else target()[2]
        article = "an" if kind[0] in "aeiou" else "a"
        rng = "" if maximum is None else f" up to {limit()}"
        return kind, f'{article} {kind} such as "{example}"{rng}'

    def limit() -> str:
        return shown_max or f"{maximum:,g} {unit}"

    def parse(v: Any) -> float:
        kind, expected = described()
        if isinstance(v, bool) or v is None or isinstance(v, (list, dict)):
            raise fail(f"{short(v)} is not a quantity", expected)
        if isinstance(v, (int, float)):
            if v == 0 and minimum is not None and inclusive and minimum == 0:  # zero needs no unit
                return 0.0
            raise fail(f"{short(v)} has no unit", expected)
        text = str(v)
        try:
            val = _table_value(text, unit)
            if val is None:  # a unit outside the table: astropy reads it
                val = _astropy_value(text)
        except PydanticCustomError:  # astropy's reading already said what is wrong
            raise
        except OverflowError:
            raise fail(f"{short(text)} is not a finite number", expected) from None
        except _NoUnit:
            raise fail(f"{short(text)} has no unit", expected) from None
        except (TypeError, ValueError, ArithmeticError):
            raise fail(f"cannot read {short(text)} as a number with a unit", expected) from None
        if not math.isfinite(val):
            raise fail(f"{short(text)} is not a finite number", expected)
        if minimum is not None and (val < minimum or (val == minimum and not inclusive)):
            bound = f"{'at least' if inclusive else 'greater than'} {minimum:g} {unit}"
            raise fail(f"{short(text)} must be {bound}", expected)
        if maximum is not None and val > maximum:
            because = f" ({why})" if why else ""
            raise fail(f"{short(text)} is more than {limit()}{because}", expected)
        return val

    def _astropy_value(text: str) -> float:
        u, unit_, kind = target()
        expected = described()[1]
        q = _parse_quantity(text)
        if q.unit == u.dimensionless_unscaled and unit_ != u.dimensionless_unscaled:
            raise _NoUnit(text)
        try:
            return float(q.to_value(unit_))
        except u.UnitConversionError:
            raise fail(f"{short(text)} is {q.unit.physical_type}, not {kind}", expected) from None
        except (TypeError, ValueError, ArithmeticError):
            raise fail(f"cannot read {short(text)} as {kind}", expected) from None

    return BeforeValidator(parse)


class _NoUnit(ValueError):
    """A bare number where a unit is needed."""


#: The physical type astropy names for each target unit of the fields below (checked by tests/test_unit_table.py).
_KINDS = {"km": "length", "km/s": "speed/velocity", "kg": "mass", "s": "time", "deg": "angle", "": "dimensionless",
          "1/d": "frequency", "N": "force"}
#: The common unit strings, read without importing astropy (about a second): {target unit: {unit text: factor}}.
#: Each factor is the one astropy converts with (``Unit(text)._to(Unit(target))``), so values are identical
#: (tests/test_unit_table.py); any other unit string is read by astropy.
_TABLE = {
    "km": {"m": 0.001, "km": 1.0, "au": 149597870.7, "AU": 149597870.7},
    "km/s": {"m/s": 0.001, "m / s": 0.001, "km/s": 1.0, "km / s": 1.0},
    "kg": {"g": 0.001, "kg": 1.0, "t": 1000.0},
    "s": {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "yr": 31557600.0},
    "deg": {"deg": 1.0, "rad": 57.29577951308232},
    "": {"": 1.0, "%": 0.01},
    "1/d": {"1/d": 1.0, "1 / d": 1.0, "/d": 1.0, "%/d": 0.01, "% / d": 0.01},
    "N": {"N": 1.0, "kN": 1000.0, "MN": 1000000.0},
}


def _number(text: str) -> tuple[float, str]:
    """(the number, the unit string) of ``"63.8 t"``; ValueError or OverflowError (1e400, thousands of digits)."""
    m = _NUMBER.match(text)
    if m is None:
        raise ValueError(text)
    number = float(m.group(1))
    if not math.isfinite(number):
        raise OverflowError(text)
    return number, m.group(2)


def _table_value(text: str, unit: str) -> float | None:
    """``text`` (``"63.8 t"``) in ``unit`` when its unit string is in ``_TABLE``; None when astropy must read it.

    Raises as :func:`_parse_quantity` does for what is not a number, and :class:`_NoUnit` for a bare number.
    """
    number, unit_text = _number(text)
    if unit_text == "" and unit != "":
        raise _NoUnit(text)
    factor = _TABLE.get(unit, {}).get(unit_text)
    return None if factor is None else number * factor


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_MAX_UNIT_CHARS = 40  # "km3 / s2" and friends; astropy's unit parser need not see a page of text


@functools.lru_cache(maxsize=256)
def _unit(text: str):
    import warnings

    from astropy import units as u

    if len(text) > _MAX_UNIT_CHARS:
        raise ValueError(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # astropy warns about some unit strings it half understands: refuse them
        try:
            return u.Unit(text) if text else u.dimensionless_unscaled
        except Warning:
            raise ValueError(text) from None


def _parse_quantity(text: str):
    """astropy's reading of ``"63.8 t"``, with each unit string parsed once (a catalogue repeats them)."""
    number, unit_text = _number(text)
    return number * _unit(unit_text)


# Field types in core units. "Positive" ones refuse zero and negatives. Each scenario key bounds its
# own values further (deltav.scenario, listed in docs/scenarios.md).
Length = Annotated[float, quantity_parser("km", "300 km")]
Altitude = Annotated[float, quantity_parser("km", "300 km", inclusive=True)]
Speed = Annotated[float, quantity_parser("km/s", "3.2 km/s", inclusive=True)]
Mass = Annotated[float, quantity_parser("kg", "16.8 t")]
MassOrZero = Annotated[float, quantity_parser("kg", "10 t", inclusive=True)]
Duration = Annotated[float, quantity_parser("s", "180 d", inclusive=True)]
Isp = Annotated[float, quantity_parser("s", "380 s")]
Angle = Annotated[float, quantity_parser("deg", "28.5 deg", minimum=None)]
Fraction = Annotated[float, quantity_parser("", "0.1 %", inclusive=True)]
Rate = Annotated[float, quantity_parser("1/d", "0.1 %/d", inclusive=True)]


def _parse_date(v: Any) -> _dt.date:
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    try:
        return _dt.date.fromisoformat(str(v))
    except ValueError:
        raise fail(f"{short(v)} is not a date", 'a date such as "2026-10-31"') from None


Date = Annotated[_dt.date, BeforeValidator(_parse_date)]

#: Dates the built-in ephemeris covers (ERFA ``epv00``: 1900-2100; outside it warns and drifts).
EPHEMERIS_FIRST, EPHEMERIS_LAST = _dt.date(1900, 1, 1), _dt.date(2100, 12, 31)


def _ephemeris_date(v: Any) -> _dt.date:
    d = _parse_date(v)
    if not EPHEMERIS_FIRST <= d <= EPHEMERIS_LAST:
        raise fail(f"{d.isoformat()} is outside the ephemeris ({EPHEMERIS_FIRST} to {EPHEMERIS_LAST})",
                    f"a date from {EPHEMERIS_FIRST.year} to {EPHEMERIS_LAST.year}")
    return d


#: A date the planets' positions are needed for: inside the ephemeris.
EphemerisDate = Annotated[_dt.date, BeforeValidator(_ephemeris_date)]


def integer(minimum: int, maximum: int, example: int | None = None):
    """A before-validator for a whole number in ``[minimum, maximum]``; ``yes``, ``2.5`` or ``"3"`` are refused."""
    expected = f"a whole number from {minimum} to {maximum}" + (f", such as {example}" if example is not None else "")

    def parse(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise fail(f"{short(v)} is not a whole number", expected)
        if not minimum <= v <= maximum:
            raise fail(f"{short(v)} is outside {minimum}..{maximum}", expected)
        return v

    return BeforeValidator(parse)


def _flag(v: Any) -> bool:
    if not isinstance(v, bool):
        raise fail(f"{short(v)} is not true or false", "true or false")
    return v


#: true or false, nothing else (``1``, ``"no"`` are refused: YAML already reads yes/no as booleans).
Flag = Annotated[bool, BeforeValidator(_flag)]


def bounded_text(max_chars: int, what: str = "text"):
    """A before-validator for a string of at most ``max_chars`` characters (a number is not a string)."""

    def parse(v: Any) -> str:
        if not isinstance(v, str):
            raise fail(f"{short(v)} is not {what}", f"{what} (quote it if YAML reads it as something else)")
        if len(v) > max_chars:
            raise fail(f"{len(v):,} characters is too long", f"{what} of at most {max_chars} characters")
        return v

    return BeforeValidator(parse)


class Strict(BaseModel):
    """Base of input models: unknown keys are errors, values are validated on assignment, floats are finite."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)
