"""Optimal launch windows: the best transfer departing in a year, and every window between two dates.

Each search solves one batched Lambert grid, takes its minima per transfer type, and polishes them
with zoom grids and scipy's Nelder-Mead (:func:`refine`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from deltav import bodies
from deltav.core import lambert as _lam
from deltav.ephemeris import DAY_S, jd_to_iso, state_km
from deltav.errors import InfeasibleError, InputError
from deltav.launch_windows.grid import (OBJECTIVES, as_jd, body, grid, hohmann_days, kind_name, objective_values, pairs,
                                        record, synodic_days)


def refine(origin, target, d0: float, a0: float, kind2: bool, objective: str, ephemeris: str,
            bounds: tuple[float, float], tof_bounds: tuple[float, float], step: float = 2.0) -> dict:
    """Polish a grid minimum: two batched 21 x 21 zoom grids around it (one Lambert call each, resolution
    step/10 then step/100), then scipy's Nelder-Mead on (departure, arrival), staying in the same transfer
    type and within the bounds. Nelder-Mead, not a gradient method: near the 180-degree ridge the C3 surface
    has a kink (the transfer plane flips), and optima of a type often sit right against it."""
    from scipy.optimize import minimize

    from deltav.ephemeris import Interpolated

    def admissible(kind_is_2, d, a):
        return ((kind_is_2 == kind2) & (d >= bounds[0]) & (d <= bounds[1])
                & (a - d >= tof_bounds[0]) & (a - d <= tof_bounds[1]))

    for half in (step, 0.1 * step):
        zd = d0 + np.linspace(-half, half, 21)
        za = a0 + np.linspace(-half, half, 21)
        g = grid(origin, target, zd, za, ephemeris)
        v = np.where(admissible(g["type2"], zd[:, None], za[None, :]), objective_values(g, objective), np.inf)
        if np.isfinite(v).any():
            i, j = np.unravel_index(np.argmin(v), v.shape)
            d0, a0 = zd[i], za[j]

    # The optimiser asks for one date pair at a time: interpolate one vectorised ephemeris call instead.
    states = (Interpolated(origin, d0 - 3.0, d0 + 3.0, ephemeris), Interpolated(target, a0 - 3.0, a0 + 3.0, ephemeris))

    def fun(p):
        d, a = float(p[0]), float(p[1])
        if abs(d - d0) > 2.0 or abs(a - a0) > 2.0:
            return np.inf
        g = pairs(origin, target, [d], [a], ephemeris, states=states)
        val = objective_values(g, objective)[0]
        return float(val) if np.isfinite(val) and admissible(g["type2"][0], d, a) else np.inf

    h = 0.01 * step
    res = minimize(fun, [d0, a0], method="Nelder-Mead", options={
        "xatol": 1e-4, "fatol": 1e-10, "maxfev": 200, "initial_simplex": [[d0, a0], [d0 + h, a0], [d0, a0 + h]]})
    d, a = res.x if res.fun <= fun([d0, a0]) else (d0, a0)
    g = grid(origin, target, [d], [a], ephemeris)
    return record(g, 0, 0)


def _grid_minima(g: dict, objective: str, kinds: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    vals = objective_values(g, objective)
    out = {}
    for kind in kinds:
        mask = g["type2"] if kind == "II" else ~g["type2"]
        v = np.where(mask & (g["status"] == _lam.OK), vals, np.inf)
        if np.isfinite(v).any():
            out[kind] = np.unravel_index(np.argmin(v), v.shape)
    return out


def best_window(origin, target, year: int, kind: str = "any", ephemeris: str = "builtin",
                objective: str = "c3", *, step_days: float = 2.0) -> dict:
    """The optimal ballistic transfer departing in a calendar year.

    A grid of departures in ``year`` x flight times (0.3 to 1.7 Hohmann times) is solved in one batch; the
    minimum of the objective for the requested transfer type is then refined with scipy's Nelder-Mead.

    Parameters
    ----------
    origin, target : str or Body
    year : int
    kind : {"I", "II", "any"}
        Transfer type: "I" (angle < 180 deg), "II" (> 180 deg) or the better of both.
    ephemeris : {"builtin", "de440"}
    objective : {"c3", "total"}
        Minimise departure C3, or the sum of departure and arrival v-infinity (the ballistic part of a
        departure-plus-capture budget).

    Returns
    -------
    dict
        As :func:`transfer`.
    """
    kind = kind_name(kind)
    if objective not in OBJECTIVES:
        raise InputError(f"unknown objective '{objective}'", key="objective", expected="c3 or total")
    o, t = body(origin), body(target)
    start = as_jd(dt.date(int(year), 1, 1), "year")
    end = as_jd(dt.date(int(year) + 1, 1, 1), "year")
    th = hohmann_days(o, t)
    tof_lo, tof_hi = 0.3 * th, 1.7 * th
    dep = np.arange(start, end, step_days)
    arr = np.arange(start + tof_lo, end + tof_hi, step_days)
    g = grid(o, t, dep, arr, ephemeris)
    g["status"] = np.where((g["tof_days"] >= tof_lo) & (g["tof_days"] <= tof_hi), g["status"], _lam.NO_SOLUTION)
    minima = _grid_minima(g, objective, ("I", "II") if kind == "any" else (kind,))
    if not minima:
        raise InfeasibleError(f"no type {kind} transfer {o.name} -> {t.name} departing in {year}")
    results = [refine(o, t, g["dep_jd"][i], g["arr_jd"][j], k == "II", objective, ephemeris,
                       (start, end - 1e-6), (tof_lo, tof_hi), step_days) for k, (i, j) in minima.items()]
    key = "c3_km2_s2" if objective == "c3" else None
    best = min(results, key=lambda r: r[key] if key else r["vinf_departure_km_s"] + r["vinf_arrival_km_s"])
    # An optimum pinned to the first or last days of the year is the edge of the search, not a window.
    if min(best["depart_jd"] - start, end - best["depart_jd"]) < 2 * step_days:
        raise InputError(f"no {o.name} -> {t.name} launch window opens in {year} (the cheapest departure found sits "
                         f"at the edge of the year, {best['depart']})", key="year",
                         expected=f"a window year: see deltav windows --from {year - 1}-01-01 --to {year + 1}-12-31")
    return best


def windows(origin, target, start, end, ephemeris: str = "builtin", objective: str = "c3", *,
            step_days: float = 2.0, progress=None) -> list[dict]:
    """The optimal ballistic transfer of each launch window between two dates, type I and type II apart.

    Departures every ``step_days`` from ``start`` to ``end`` x flight times from 0.3 to 1.7 Hohmann times
    are solved in one batch (arrival dates share the departure lattice, so each planet needs one ephemeris
    call). For each transfer type the best departure is found, everything within half a synodic period of
    it is set aside, and so on; minima on the edge of the span (windows cut by it) are dropped. Each
    window's grid optimum is then refined with scipy's Nelder-Mead, staying within its type.

    Parameters
    ----------
    origin, target : str or Body
    start, end : date, ISO string or JD
        Span of departure dates.
    ephemeris : {"builtin", "de440"}
    objective : {"c3", "total"}
        Minimise departure C3, or departure plus arrival v-infinity.
    progress : callable, optional
        Called as ``progress(done, total)`` while windows are refined (the CLI draws a bar with it).

    Returns
    -------
    list of dict, by departure date
        ``type`` ("I"/"II"), ``departure``, ``arrival`` (ISO dates), ``c3_km2_s2``, ``vinf_departure_km_s``,
        ``vinf_arrival_km_s``, ``tof_days``, ``departure_jd``, ``arrival_jd``.
    """
    if objective not in OBJECTIVES:
        raise InputError(f"unknown objective '{objective}'", key="objective", expected="c3 or total")
    o, t = body(origin), body(target)
    d0, d1 = as_jd(start, "start"), as_jd(end, "end")
    if not d1 > d0:
        raise InputError(f"end {jd_to_iso(d1)} is not after start {jd_to_iso(d0)}", key="end",
                         expected="an end date later than the start date")
    th, syn = hohmann_days(o, t), synodic_days(o, t)
    tof_lo, tof_hi = 0.3 * th, 1.7 * th
    dep = np.arange(d0, d1 + 1e-9, step_days)
    k0 = int(np.ceil(tof_lo / step_days))
    ks = np.arange(k0, int(np.floor(tof_hi / step_days)) + 1)
    arr = d0 + step_days * np.arange(0, dep.size + ks[-1])
    r1, vp1 = state_km(o.name, dep, ephemeris)
    r2, vp2 = state_km(t.name, arr, ephemeris)
    j = np.arange(dep.size)[:, None] + ks[None, :]  # arrival index of each (departure, tof) pair
    v1, v2, status = _lam.lambert(r1[:, None, :], r2[j], (ks * step_days * DAY_S)[None, :], bodies.SUN.gm)
    with np.errstate(invalid="ignore"):
        vinf_dep = np.linalg.norm(v1 - vp1[:, None, :], axis=-1)
        vinf_arr = np.linalg.norm(v2 - vp2[j], axis=-1)
    type2 = (r1[:, None, 0] * r2[j][..., 1] - r1[:, None, 1] * r2[j][..., 0]) < 0.0
    vals = vinf_dep**2 if objective == "c3" else vinf_dep + vinf_arr
    vals = np.where(status == _lam.OK, vals, np.inf)

    half = int(round(0.5 * syn / step_days))
    found = []
    for kind, mask in (("I", ~type2), ("II", type2)):
        profile_val = np.where(mask, vals, np.inf)
        best_k = np.argmin(profile_val, axis=1)
        profile = profile_val[np.arange(dep.size), best_k]
        free = np.isfinite(profile)
        while free.any():
            i = int(np.argmin(np.where(free, profile, np.inf)))
            lo, hi = max(0, i - half), min(dep.size, i + half + 1)
            free[lo:hi] = False
            interior = 0 < i < dep.size - 1 and profile[i] <= profile[i - 1] and profile[i] <= profile[i + 1]
            if interior:
                found.append((kind, i, int(best_k[i]), (dep[lo], dep[hi - 1])))
    found.sort(key=lambda f: dep[f[1]])
    out = []
    for n, (kind, i, k, bounds) in enumerate(found):
        a_jd = dep[i] + ks[k] * step_days
        r = refine(o, t, dep[i], a_jd, kind == "II", objective, ephemeris, bounds, (tof_lo, tof_hi), step_days)
        out.append({"type": r["type"], "departure": r["depart"], "arrival": r["arrive"],
                    "c3_km2_s2": r["c3_km2_s2"], "vinf_departure_km_s": r["vinf_departure_km_s"],
                    "vinf_arrival_km_s": r["vinf_arrival_km_s"], "tof_days": r["tof_days"],
                    "departure_jd": r["depart_jd"], "arrival_jd": r["arrive_jd"]})
        if progress is not None:
            progress(n + 1, len(found))
    return out
