"""The units boundary: astropy Quantities in, plain float64 arrays out (and back).

Only the public layer imports this module; ``deltav.core`` never sees astropy. The boundary is also
where NaN and infinity stop: a notebook user who passes them gets an :class:`~deltav.errors.InputError`
naming the argument, while ``deltav.core`` keeps NaN-in, NaN-out for sweeps.
"""

from __future__ import annotations

import numpy as np
from astropy import units as u

from deltav.errors import InputError

#: Units the core works in.
KM, KM_S, S, KG = u.km, u.km / u.s, u.s, u.kg
MU = u.km**3 / u.s**2


def value(x, unit: u.UnitBase, name: str, *, finite: bool = True) -> np.ndarray:
    """Return ``x`` in ``unit`` as a float64 ndarray (0-d for scalars).

    ``x`` must be a Quantity convertible to ``unit``. A bare number is refused (its unit would be a
    guess), except zero, which is unit-free. The error names the argument and the unit expected.
    Unless ``finite`` is False, NaN and infinite elements are refused too.

    Raises
    ------
    astropy.units.UnitConversionError (wrong dimension), TypeError (no unit at all), or
    InputError (a NaN or infinite element).
    """
    arr = _value(x, unit, name)
    return check_finite(arr, name) if finite else arr


def check_finite(arr: np.ndarray, name: str) -> np.ndarray:
    """``arr`` unchanged if every element is finite; else an InputError naming the argument and element."""
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0] if arr.ndim else ()
        where = f" at index {tuple(int(i) for i in bad)}" if arr.ndim else ""
        raise InputError(f"argument '{name}' must be finite, got {float(arr[tuple(bad)])}{where}", key=None,
                         expected="a finite number")
    return arr


def _value(x, unit: u.UnitBase, name: str) -> np.ndarray:
    if isinstance(x, (list, tuple)) and any(isinstance(e, u.Quantity) for e in x):
        try:  # a list of Quantities, e.g. [300 * u.km, 0.5 * u.Mm]
            x = u.Quantity(x)
        except u.UnitsError:
            raise u.UnitConversionError(f"argument '{name}': the elements have incompatible units") from None
    if isinstance(x, u.Quantity):
        try:
            return np.asarray(x.to_value(unit), dtype=float)
        except u.UnitConversionError:
            raise u.UnitConversionError(
                f"argument '{name}' must be in units convertible to {unit}{_kind(unit)}; "
                f"got {x.unit}{_kind(x.unit)}") from None
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"argument '{name}' must be a Quantity convertible to {unit}; got {x!r}") from None
    if arr.size and np.all(arr == 0):
        return arr
    example = np.ravel(arr)[0] if arr.size else 1.0
    spelled = f"u.{unit}" if str(unit).isidentifier() else f'u.Unit("{unit}")'
    raise TypeError(f"argument '{name}' needs a unit: pass e.g. {example:g} * {spelled} "
                    f"(a Quantity convertible to {unit})")


def mu_value(mu, name: str = "mu") -> np.ndarray:
    """Gravitational parameter in km^3/s^2 from a Quantity, a :class:`deltav.bodies.Body`,
    or a poliastro/boinor ``Body`` (whose ``k`` is a Quantity)."""
    gm = getattr(mu, "gm", None)
    if gm is not None:  # a deltav Body: its float GM is already km^3/s^2
        return np.asarray(gm, dtype=float)
    k = getattr(mu, "k", None)
    if isinstance(k, u.Quantity):  # a poliastro/boinor Body
        return checked(value(k, MU, f"{name}.k"), f"{name}.k")
    return checked(value(mu, MU, name), name)


def quantity(x, unit: u.UnitBase) -> u.Quantity:
    """Wrap a float array from the core as a Quantity (scalar for 0-d input)."""
    arr = np.asarray(x, dtype=float)
    return u.Quantity(arr[()] if arr.ndim == 0 else arr, unit)


def _kind(unit) -> str:
    kind = str(unit.physical_type)
    return "" if kind == "unknown" else f" ({kind})"


def checked(arr: np.ndarray, name: str, *, minimum: float = 0.0, strict: bool = True) -> np.ndarray:
    """``arr`` unchanged if every element is above ``minimum`` (or equal, unless ``strict``); else InputError
    (a ValueError)."""
    bad = (arr <= minimum) if strict else (arr < minimum)
    if np.any(bad):
        worst = float(np.min(arr))
        relation = "greater than" if strict else "at least"
        raise InputError(f"argument '{name}' must be {relation} {minimum:g} (got {worst:g})")
    return arr
