"""Dated heliocentric transfers: one Lambert arc, the best window of a year, porkchop grids, window lists.

All heavy lifting is one batched call of :func:`deltav.core.lambert.lambert` over a whole grid of
departure x arrival dates, with the planet states from :mod:`deltav.ephemeris` (one vectorised call per
body). Departures and arrivals are prograde (the planets' sense of motion); "type I" means a transfer angle
below 180 degrees, "type II" above.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from deltav import bodies
from deltav.core import conics
from deltav.core import lambert as _lam
from deltav.ephemeris import DAY_S, jd_to_iso, state_km, to_jd
from deltav.errors import InfeasibleError, InputError

__all__ = ["transfer", "best_window", "porkchop", "windows", "grid", "pairs", "PorkchopResult"]

OBJECTIVES = ("c3", "total")
KINDS = ("I", "II", "any")


def _body(b) -> bodies.Body:
    return bodies.get(b)


def _kind(kind) -> str:
    k = str(kind).strip()
    k = "any" if k.lower() == "any" else k.upper()
    if k not in KINDS:
        raise InputError(f"unknown transfer type '{kind}'", key="kind", expected="I, II or any")
    return k


def _hohmann_days(origin: bodies.Body, target: bodies.Body) -> float:
    """Hohmann half-period between the mean circular orbits (days): the scale of sensible flight times."""
    a = 0.5 * (origin.sma_km + target.sma_km)
    return math.pi * math.sqrt(a**3 / bodies.SUN.gm) / DAY_S


def _synodic_days(origin: bodies.Body, target: bodies.Body) -> float:
    return 1.0 / abs(1.0 / origin.period_days - 1.0 / target.period_days)


def grid(origin, target, dep_jd, arr_jd, ephemeris: str = "builtin", revs: int = 0, *, workers: int = 1):
    """Lambert solutions for every (departure, arrival) pair: the numbers behind a porkchop.

    Parameters
    ----------
    origin, target : str or Body
    dep_jd, arr_jd : array_like, shape (n,), (m,)
        Julian dates (TDB); the grid is ``(n, m)``. Pairs with arrival <= departure are NaN.
    ephemeris : {"builtin", "de440"}
    revs : int
        Complete heliocentric revolutions (0 for the usual direct transfer).

    Returns
    -------
    dict of ndarray, shape (n, m)
        ``vinf_dep`` (km/s), ``vinf_arr`` (km/s), ``c3`` (km^2/s^2), ``tof_days``, ``type2`` (bool: transfer
        angle > 180 deg), ``status`` (Lambert reason codes), plus ``dep_jd`` (n,), ``arr_jd`` (m,).
    """
    o, t = _body(origin), _body(target)
    dep_jd = np.atleast_1d(np.asarray(dep_jd, float))
    arr_jd = np.atleast_1d(np.asarray(arr_jd, float))
    r1, vp1 = state_km(o.name, dep_jd, ephemeris)
    r2, vp2 = state_km(t.name, arr_jd, ephemeris)
    tof_days = arr_jd[None, :] - dep_jd[:, None]
    tof = np.where(tof_days > 0, tof_days, np.nan) * DAY_S
    v1, v2, status = _lam.lambert(r1[:, None, :], r2[None, :, :], tof, o_sun_gm(), revs=revs, workers=workers)
    with np.errstate(invalid="ignore"):
        vinf_dep = np.linalg.norm(v1 - vp1[:, None, :], axis=-1)
        vinf_arr = np.linalg.norm(v2 - vp2[None, :, :], axis=-1)
    hz = r1[:, None, 0] * r2[None, :, 1] - r1[:, None, 1] * r2[None, :, 0]
    return {"dep_jd": dep_jd, "arr_jd": arr_jd, "vinf_dep": vinf_dep, "vinf_arr": vinf_arr, "c3": vinf_dep**2,
            "tof_days": tof_days, "type2": hz < 0.0, "status": status}


def o_sun_gm() -> float:
    return bodies.SUN.gm


def _as_jd(x, name: str) -> float:
    jd = to_jd(x, name)
    if np.ndim(jd) != 0:
        raise InputError(f"expected one date, got {np.size(jd)}", key=name, expected="an ISO date such as 2026-10-31")
    return float(jd)


def _record(g: dict, i, j) -> dict:
    """One grid point (or refined scalar result) as the public dict."""
    return {
        "depart": jd_to_iso(g["dep_jd"][i]),
        "arrive": jd_to_iso(g["arr_jd"][j]),
        "tof_days": float(g["tof_days"][i, j]),
        "c3_km2_s2": float(g["c3"][i, j]),
        "vinf_departure_km_s": float(g["vinf_dep"][i, j]),
        "vinf_arrival_km_s": float(g["vinf_arr"][i, j]),
        "type": "II" if g["type2"][i, j] else "I",
        "depart_jd": float(g["dep_jd"][i]),
        "arrive_jd": float(g["arr_jd"][j]),
    }


def transfer(origin, target, depart, arrive, ephemeris: str = "builtin", revs: int = 0) -> dict:
    """The ballistic Lambert transfer between two planets on given dates.

    Parameters
    ----------
    origin, target : str or Body
        E.g. "Earth", "Mars".
    depart, arrive : date, datetime, ISO string or JD (TDB)
    ephemeris : {"builtin", "de440"}
    revs : int
        Complete heliocentric revolutions.

    Returns
    -------
    dict
        ``c3_km2_s2``, ``vinf_departure_km_s``, ``vinf_arrival_km_s``, ``tof_days``, ``depart``, ``arrive``
        (ISO dates), ``type`` ("I" transfer angle < 180 deg, "II" otherwise), ``depart_jd``, ``arrive_jd``.

    Raises
    ------
    InputError
        Unreadable dates, arrival not after departure, unknown body or ephemeris.
    InfeasibleError
        No Lambert solution (e.g. too short a flight for ``revs`` revolutions, or collinear geometry).
    """
    d, a = _as_jd(depart, "depart"), _as_jd(arrive, "arrive")
    if not a > d:
        raise InputError(f"arrival {jd_to_iso(a)} is not after departure {jd_to_iso(d)}", key="arrive",
                         expected="an arrival date later than the departure date")
    g = grid(origin, target, [d], [a], ephemeris, revs)
    st = int(g["status"][0, 0])
    if st != _lam.OK:
        raise InfeasibleError(f"no Lambert transfer {_body(origin).name} -> {_body(target).name} departing "
                              f"{jd_to_iso(d)} arriving {jd_to_iso(a)}: {_lam.REASONS[st]}")
    return _record(g, 0, 0)


def _objective_values(g: dict, objective: str) -> np.ndarray:
    if objective == "c3":
        return g["c3"]
    return g["vinf_dep"] + g["vinf_arr"]


def pairs(origin, target, dep_jd, arr_jd, ephemeris: str = "builtin", revs: int = 0, *, states=None) -> dict:
    """Like :func:`grid` but element-wise: departure ``dep_jd[k]`` with arrival ``arr_jd[k]`` (same shapes).

    ``states``: optional pair of callables ``jd -> (r, v)`` (e.g. :class:`deltav.ephemeris.Interpolated`)
    replacing the ephemeris of origin and target.
    """
    o, t = _body(origin), _body(target)
    dep_jd, arr_jd = np.broadcast_arrays(np.asarray(dep_jd, float), np.asarray(arr_jd, float))
    if states is None:
        r1, vp1 = state_km(o.name, dep_jd, ephemeris)
        r2, vp2 = state_km(t.name, arr_jd, ephemeris)
    else:
        (r1, vp1), (r2, vp2) = states[0](dep_jd), states[1](arr_jd)
    tof_days = arr_jd - dep_jd
    v1, v2, status = _lam.lambert(r1, r2, np.where(tof_days > 0, tof_days, np.nan) * DAY_S, bodies.SUN.gm,
                                  revs=revs)
    with np.errstate(invalid="ignore"):
        vinf_dep = np.linalg.norm(v1 - vp1, axis=-1)
        vinf_arr = np.linalg.norm(v2 - vp2, axis=-1)
    return {"dep_jd": dep_jd, "arr_jd": arr_jd, "vinf_dep": vinf_dep, "vinf_arr": vinf_arr, "c3": vinf_dep**2,
            "tof_days": tof_days, "type2": (r1[..., 0] * r2[..., 1] - r1[..., 1] * r2[..., 0]) < 0.0,
            "status": status}


def _refine(origin, target, d0: float, a0: float, kind2: bool, objective: str, ephemeris: str,
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
        v = np.where(admissible(g["type2"], zd[:, None], za[None, :]), _objective_values(g, objective), np.inf)
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
        val = _objective_values(g, objective)[0]
        return float(val) if np.isfinite(val) and admissible(g["type2"][0], d, a) else np.inf

    h = 0.01 * step
    res = minimize(fun, [d0, a0], method="Nelder-Mead", options={
        "xatol": 1e-4, "fatol": 1e-10, "maxfev": 200, "initial_simplex": [[d0, a0], [d0 + h, a0], [d0, a0 + h]]})
    d, a = res.x if res.fun <= fun([d0, a0]) else (d0, a0)
    g = grid(origin, target, [d], [a], ephemeris)
    return _record(g, 0, 0)


def _grid_minima(g: dict, objective: str, kinds: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    vals = _objective_values(g, objective)
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
    kind = _kind(kind)
    if objective not in OBJECTIVES:
        raise InputError(f"unknown objective '{objective}'", key="objective", expected="c3 or total")
    o, t = _body(origin), _body(target)
    start = _as_jd(dt.date(int(year), 1, 1), "year")
    end = _as_jd(dt.date(int(year) + 1, 1, 1), "year")
    th = _hohmann_days(o, t)
    tof_lo, tof_hi = 0.3 * th, 1.7 * th
    dep = np.arange(start, end, step_days)
    arr = np.arange(start + tof_lo, end + tof_hi, step_days)
    g = grid(o, t, dep, arr, ephemeris)
    g["status"] = np.where((g["tof_days"] >= tof_lo) & (g["tof_days"] <= tof_hi), g["status"], _lam.NO_SOLUTION)
    minima = _grid_minima(g, objective, ("I", "II") if kind == "any" else (kind,))
    if not minima:
        raise InfeasibleError(f"no type {kind} transfer {o.name} -> {t.name} departing in {year}")
    results = [_refine(o, t, g["dep_jd"][i], g["arr_jd"][j], k == "II", objective, ephemeris,
                       (start, end - 1e-6), (tof_lo, tof_hi), step_days) for k, (i, j) in minima.items()]
    key = "c3_km2_s2" if objective == "c3" else None
    best = min(results, key=lambda r: r[key] if key else r["vinf_departure_km_s"] + r["vinf_arrival_km_s"])
    # An optimum pinned to the first or last days of the year is the edge of the search, not a window.
    if min(best["depart_jd"] - start, end - best["depart_jd"]) < 2 * step_days:
        raise InputError(f"no {o.name} -> {t.name} launch window opens in {year} (the cheapest departure found sits "
                         f"at the edge of the year, {best['depart']})", key="year",
                         expected=f"a window year: see deltav windows --from {year - 1}-01-01 --to {year + 1}-12-31")
    return best


# --------------------------------------------------------------------------- windows

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
    o, t = _body(origin), _body(target)
    d0, d1 = _as_jd(start, "start"), _as_jd(end, "end")
    if not d1 > d0:
        raise InputError(f"end {jd_to_iso(d1)} is not after start {jd_to_iso(d0)}", key="end",
                         expected="an end date later than the start date")
    th, syn = _hohmann_days(o, t), _synodic_days(o, t)
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
        r = _refine(o, t, dep[i], a_jd, kind == "II", objective, ephemeris, bounds, (tof_lo, tof_hi), step_days)
        out.append({"type": r["type"], "departure": r["depart"], "arrival": r["arrive"],
                    "c3_km2_s2": r["c3_km2_s2"], "vinf_departure_km_s": r["vinf_departure_km_s"],
                    "vinf_arrival_km_s": r["vinf_arrival_km_s"], "tof_days": r["tof_days"],
                    "departure_jd": r["depart_jd"], "arrival_jd": r["arrive_jd"]})
        if progress is not None:
            progress(n + 1, len(found))
    return out


# --------------------------------------------------------------------------- porkchop

@dataclass(frozen=True)
class PorkchopResult:
    """Grids of a porkchop: rows are departure dates, columns arrival dates (plain floats in core units).

    Attributes
    ----------
    origin, target, ephemeris : str
    departure_jd, arrival_jd : ndarray (n,), (m,)
        Julian dates (TDB).
    c3 : ndarray (n, m), km^2/s^2
    vinf_departure, vinf_arrival : ndarray (n, m), km/s
    tof_days : ndarray (n, m)
    type2 : ndarray (n, m) of bool
        Transfer angle above 180 deg.
    dv_departure, dv_capture, dv_total : ndarray (n, m), km/s
        Burn from the circular parking orbit onto the departure hyperbola, capture burn into the target
        orbit, and their sum (both at periapsis, Oberth-aware: :func:`deltav.core.conics.departure_dv`).
    parking_altitude_km, capture_altitude_km : float
    capture_apoapsis_altitude_km : float or None
    """

    origin: str
    target: str
    ephemeris: str
    departure_jd: np.ndarray
    arrival_jd: np.ndarray
    c3: np.ndarray
    vinf_departure: np.ndarray
    vinf_arrival: np.ndarray
    tof_days: np.ndarray
    type2: np.ndarray
    dv_departure: np.ndarray
    dv_capture: np.ndarray
    dv_total: np.ndarray
    parking_altitude_km: float
    capture_altitude_km: float
    capture_apoapsis_altitude_km: float | None = None

    def optimum(self, objective: str = "c3", kind: str = "any") -> dict:
        """The best grid point: minimum ``"c3"``, ``"total"`` (mission dv) or ``"vinf_arrival"``, of a type."""
        grids = {"c3": self.c3, "total": self.dv_total, "vinf_arrival": self.vinf_arrival}
        if objective not in grids:
            raise InputError(f"unknown objective '{objective}'", key="objective", expected="c3, total or vinf_arrival")
        kind = _kind(kind)
        mask = np.ones_like(self.type2) if kind == "any" else (self.type2 if kind == "II" else ~self.type2)
        v = np.where(mask & np.isfinite(grids[objective]), grids[objective], np.inf)
        if not np.isfinite(v).any():
            raise InfeasibleError(f"no type {kind} transfer in this porkchop")
        i, j = np.unravel_index(np.argmin(v), v.shape)
        return {"type": "II" if self.type2[i, j] else "I", "departure": jd_to_iso(self.departure_jd[i]),
                "arrival": jd_to_iso(self.arrival_jd[j]), "tof_days": float(self.tof_days[i, j]),
                "c3_km2_s2": float(self.c3[i, j]), "vinf_departure_km_s": float(self.vinf_departure[i, j]),
                "vinf_arrival_km_s": float(self.vinf_arrival[i, j]), "dv_departure_km_s": float(self.dv_departure[i, j]),
                "dv_capture_km_s": float(self.dv_capture[i, j]), "dv_total_km_s": float(self.dv_total[i, j]),
                "departure_jd": float(self.departure_jd[i]), "arrival_jd": float(self.arrival_jd[j])}

    def to_dict(self) -> dict:
        """JSON-ready: the optima, the settings and the grids (NaN where there is no transfer)."""
        optima = {}
        for objective in ("c3", "total"):
            for kind in ("I", "II"):
                try:
                    optima[f"{objective}_type_{kind}"] = self.optimum(objective, kind)
                except InfeasibleError:
                    optima[f"{objective}_type_{kind}"] = None
        return {"origin": self.origin, "target": self.target, "ephemeris": self.ephemeris,
                "parking_altitude_km": self.parking_altitude_km, "capture_altitude_km": self.capture_altitude_km,
                "capture_apoapsis_altitude_km": self.capture_apoapsis_altitude_km, "optima": optima,
                "departure": [jd_to_iso(d) for d in self.departure_jd],
                "arrival": [jd_to_iso(a) for a in self.arrival_jd],
                "c3_km2_s2": np.round(self.c3, 6), "vinf_arrival_km_s": np.round(self.vinf_arrival, 6),
                "dv_total_km_s": np.round(self.dv_total, 6), "type": np.where(self.type2, "II", "I")}

    def plot(self, path=None, title: str | None = None, formats=("png", "svg")):
        """Two panels: C3 and arrival v-infinity contours with flight-time lines and the optima; total
        mission dv. Returns the figure, or the written paths when ``path`` is given."""
        from deltav.plots.porkchop import plot_porkchop

        return plot_porkchop(self, path, title=title, formats=formats)


def _altitude_km(x, name: str) -> float:
    from deltav._quantity import KM, value

    try:
        return float(value(x, KM, name))
    except TypeError as exc:
        raise InputError(str(exc), key=name, expected='a length such as 300 * u.km') from None


def _span(x, name: str, n: int) -> np.ndarray:
    """(start, end) -> n evenly spaced JDs; an array of dates -> their JDs."""
    if isinstance(x, tuple) and len(x) == 2:
        lo, hi = _as_jd(x[0], name), _as_jd(x[1], name)
        if not hi > lo:
            raise InputError(f"{name} span ends ({jd_to_iso(hi)}) before it starts ({jd_to_iso(lo)})", key=name,
                             expected="(start, end) with end after start")
        return np.linspace(lo, hi, n)
    jd = np.atleast_1d(to_jd(x, name)).astype(float).ravel()
    if jd.size < 2:
        raise InputError(f"{name} needs a (start, end) pair or at least two dates", key=name)
    return jd


def _block_fields(dep_jd, arr_jd, o, t, ephemeris, revs, rp_dep, rp_cap, ra_cap, workers=1):
    """All porkchop fields for one block of departures x arrivals, stacked on a last axis (for dask too)."""
    g = grid(o, t, dep_jd, arr_jd, ephemeris, revs, workers=workers)
    dv_dep = conics.departure_dv(bodies.get(o).gm, g["vinf_dep"], rp_dep)
    dv_cap = conics.capture_dv(bodies.get(t).gm, g["vinf_arr"], rp_cap, ra_cap)
    return np.stack([g["c3"], g["vinf_dep"], g["vinf_arr"], g["tof_days"], g["type2"].astype(float),
                     dv_dep, dv_cap, dv_dep + dv_cap], axis=-1)


def porkchop(origin, target, departure, arrival, *, num=300, parking_altitude=None, capture_altitude=None,
             capture_apoapsis_altitude=None, ephemeris: str = "builtin", revs: int = 0, chunks=None,
             scheduler=None, progress=None) -> PorkchopResult:
    """Porkchop grids: departure C3, v-infinity at both ends, flight time and total mission delta-v.

    Parameters
    ----------
    origin, target : str or Body
    departure, arrival : (start, end) tuple of dates, or a list/array of dates
        A tuple is sampled at ``num`` evenly spaced dates.
    num : int or (int, int)
        Grid size for (start, end) pairs: departures x arrivals.
    parking_altitude : Quantity, length
        Circular parking orbit at the origin (default 300 km).
    capture_altitude, capture_apoapsis_altitude : Quantity, length
        Capture orbit at the target: periapsis altitude (default 400 km) and, for an ellipse, apoapsis
        altitude (default: circular).
    ephemeris : {"builtin", "de440"}
    revs : int
        Complete heliocentric revolutions.
    chunks : int or (int, int), optional
        Evaluate the grid as a ``dask.array`` with these chunk sizes (``map_blocks`` over the same core
        function), so grids larger than memory, or a dask cluster, need no new code.
    scheduler : str, optional
        dask scheduler for ``chunks`` ("threads", "processes", "synchronous"; default: dask's current one).
    progress : callable, optional
        Without ``chunks``: the grid is solved in blocks of departure rows and ``progress(done, total)`` is
        called after each (the CLI draws a bar with it).

    Returns
    -------
    PorkchopResult
        With ``.optimum()``, ``.plot()`` and ``.to_dict()``.

    References
    ----------
    Launch-energy contours in the style of L. E. George and L. D. Kos, "Interplanetary Mission Design
    Handbook: Earth-to-Mars Mission Opportunities and Mars-to-Earth Return Opportunities 2009-2024",
    NASA/TM-1998-208533 (1998).
    """
    from deltav._quantity import KM

    o, t = _body(origin), _body(target)
    n_dep, n_arr = (num, num) if np.isscalar(num) else num
    dep = _span(departure, "departure", int(n_dep))
    arr = _span(arrival, "arrival", int(n_arr))
    park = _altitude_km(300 * KM if parking_altitude is None else parking_altitude, "parking_altitude")
    cap = _altitude_km(400 * KM if capture_altitude is None else capture_altitude, "capture_altitude")
    cap_apo = None if capture_apoapsis_altitude is None else _altitude_km(capture_apoapsis_altitude,
                                                                          "capture_apoapsis_altitude")
    if cap_apo is not None and cap_apo < cap:
        raise InputError("capture apoapsis altitude is below the periapsis altitude", key="capture_apoapsis_altitude")
    args = (o.name, t.name, ephemeris, revs, o.radius_km + park, t.radius_km + cap,
            None if cap_apo is None else t.radius_km + cap_apo)
    if chunks is None:
        import os

        workers = min(4, os.cpu_count() or 1)
        if progress is None:
            fields = _block_fields(dep, arr, *args, workers=workers)
        else:
            rows = max(1, 250_000 // max(1, arr.size))
            parts = []
            for i in range(0, dep.size, rows):
                parts.append(_block_fields(dep[i:i + rows], arr, *args, workers=workers))
                progress(min(dep.size, i + rows), dep.size)
            fields = np.concatenate(parts, axis=0)
    else:
        import dask.array as da

        cd, ca = (chunks, chunks) if np.isscalar(chunks) else chunks
        ddep = da.from_array(dep, chunks=int(cd))
        darr = da.from_array(arr, chunks=int(ca))
        from functools import partial

        block = partial(_block_fields, o=o.name, t=t.name, ephemeris=ephemeris, revs=revs, rp_dep=args[4],
                        rp_cap=args[5], ra_cap=args[6])
        lazy = da.blockwise(block, "ijk", ddep, "i", darr, "j", new_axes={"k": 8}, dtype=float, concatenate=True)
        fields = lazy.compute(scheduler=scheduler) if scheduler else lazy.compute()
    return PorkchopResult(o.name, t.name, ephemeris, dep, arr, fields[..., 0], fields[..., 1], fields[..., 2],
                          fields[..., 3], fields[..., 4] > 0.5, fields[..., 5], fields[..., 6], fields[..., 7],
                          park, cap, cap_apo)
