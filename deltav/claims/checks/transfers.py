"""Earth–Mars transfers the claim checks share: a dated Lambert arc and the minimum-C3 window of a year."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from deltav import bodies
from deltav.claims.checks.registry import Pending
from deltav.errors import DeltavError


def jd_of(d: dt.date) -> float:
    """Julian date of 0h on a (proleptic Gregorian) date."""
    return d.toordinal() + 1721424.5


def iso_of(jd: float) -> str:
    """``YYYY-MM-DD HH:MM`` of a Julian date."""
    return (dt.datetime(2000, 1, 1, 12) + dt.timedelta(days=float(jd) - 2451545.0)).strftime("%Y-%m-%d %H:%M")


def lambert_transfer(origin: str, target: str, depart: dt.date, arrive: dt.date) -> dict:
    from deltav.launch_windows import transfer

    try:
        return transfer(origin, target, depart, arrive)
    except DeltavError as exc:  # e.g. dates outside the ephemeris: the claim is undetermined, with why
        raise Pending(f"the Lambert transfer failed: {exc}") from None


def window_min_c3(year: int, step_days: float = 2.0, ephemeris: str = "builtin") -> dict:
    """Minimum-C3 Earth-Mars transfer departing in ``year``, from one batched Lambert grid.

    Departures every ``step_days`` through the year, flight times 100-400 d, one vectorised
    ``deltav.launch_windows.grid`` call and its minimum (no polishing: the grid step moves C3 by
    well under 1 %). Returns ``c3_km2_s2``, ``vinf_departure_km_s``, ``vinf_arrival_km_s``,
    ``depart``, ``arrive`` (ISO), ``tof_days``.
    """
    from deltav.launch_windows import grid

    dep = np.arange(jd_of(dt.date(year, 1, 1)), jd_of(dt.date(year + 1, 1, 1)), step_days)
    arr = np.arange(dep[0] + 100.0, dep[-1] + 400.0 + step_days, step_days)
    try:
        g = grid("earth", "mars", dep, arr, ephemeris)
    except DeltavError as exc:
        raise Pending(f"the window search failed: {exc}") from None
    ok = np.isfinite(g["c3"]) & (g["tof_days"] >= 100.0) & (g["tof_days"] <= 400.0)
    if not ok.any():
        raise Pending(f"no Earth-Mars transfer found departing in {year}")
    i, j = np.unravel_index(np.argmin(np.where(ok, g["c3"], np.inf)), ok.shape)
    return {"c3_km2_s2": float(g["c3"][i, j]), "vinf_departure_km_s": float(g["vinf_dep"][i, j]),
            "vinf_arrival_km_s": float(g["vinf_arr"][i, j]), "depart": iso_of(dep[i])[:10],
            "arrive": iso_of(arr[j])[:10], "tof_days": float(arr[j] - dep[i])}


def _hohmann_vinf() -> tuple[float, float]:
    """v_inf at Earth departure and Mars arrival of a Hohmann transfer between mean circular orbits."""
    mu, r1, r2 = bodies.SUN.gm, bodies.EARTH.sma_km, bodies.MARS.sma_km
    at = 0.5 * (r1 + r2)
    v1 = math.sqrt(mu / r1)
    v2 = math.sqrt(mu / r2)
    return (math.sqrt(mu * (2 / r1 - 1 / at)) - v1, v2 - math.sqrt(mu * (2 / r2 - 1 / at)))


def min_c3_window(year: int) -> tuple[float, float, str]:
    """(C3 km^2/s^2, arrival v_inf km/s, description) of the minimum-C3 Earth-Mars window of ``year``.

    Falls back to a Hohmann transfer between mean circular orbits (Curtis ex. 8.4) when the
    Lambert grid is not available, and says so.
    """
    try:
        w = window_min_c3(year)
    except Pending as why:
        v1, v2 = _hohmann_vinf()
        return v1 ** 2, v2, f"Hohmann between mean circular orbits (window search unavailable: {why})"
    return (w["c3_km2_s2"], w["vinf_arrival_km_s"],
            f"minimum-C3 transfer of the {year} Earth-Mars window: depart {w['depart']}, arrive {w['arrive']} "
            f"(Lambert grid, 2-day steps, deltav.launch_windows.grid on the builtin ephemeris)")
