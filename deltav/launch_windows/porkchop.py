"""Porkchop grids: departure C3, v-infinity at both ends, flight time and total mission delta-v."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deltav import bodies
from deltav.core import conics
from deltav.ephemeris import jd_to_iso, to_jd
from deltav.errors import InfeasibleError, InputError
from deltav.launch_windows.grid import as_jd, body, kind_name, solve_into


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
        kind = kind_name(kind)
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
        lo, hi = as_jd(x[0], name), as_jd(x[1], name)
        if not hi > lo:
            raise InputError(f"{name} span ends ({jd_to_iso(hi)}) before it starts ({jd_to_iso(lo)})", key=name,
                             expected="(start, end) with end after start")
        return np.linspace(lo, hi, n)
    jd = np.atleast_1d(to_jd(x, name)).astype(float).ravel()
    if jd.size < 2:
        raise InputError(f"{name} needs a (start, end) pair or at least two dates", key=name)
    return jd


def _fields(dep_jd, arr_jd, o, t, ephemeris, revs, rp_dep, rp_cap, ra_cap, workers=1) -> list:
    """The eight porkchop fields of one block of departures x arrivals, each (n, m)."""
    o, t = bodies.get(o), bodies.get(t)
    shape = (np.size(dep_jd), np.size(arr_jd))
    # the seven float fields in one allocation: fresh pages cost as much as the arithmetic on them here
    c3, vinf_dep, vinf_arr, tof_days, dv_dep, dv_cap, dv_total = np.empty((7,) + shape)
    g = {"dep_jd": np.asarray(dep_jd, float), "arr_jd": np.asarray(arr_jd, float), "c3": c3, "vinf_dep": vinf_dep,
         "vinf_arr": vinf_arr, "tof_days": tof_days, "type2": np.empty(shape, bool),
         "status": np.empty(shape, np.uint8)}

    def burns(rows):  # while the chunk's v-infinities are in cache
        _periapsis_burn(o.gm, vinf_dep[rows], rp_dep, None, dv_dep[rows])
        _periapsis_burn(t.gm, vinf_arr[rows], rp_cap, ra_cap, dv_cap[rows])
        np.add(dv_dep[rows], dv_cap[rows], out=dv_total[rows])

    solve_into(g, o, t, ephemeris, revs, each=burns)
    return [c3, vinf_dep, vinf_arr, tof_days, g["type2"], dv_dep, dv_cap, dv_total]


def _periapsis_burn(mu, vinf, r_p, r_a, out):
    """:func:`deltav.core.conics.departure_dv` (= ``capture_dv``), the same operations, into ``out``: a
    porkchop's 10^6-cell temporaries cost more than the arithmetic."""
    np.multiply(vinf, vinf, out=out)
    out += 2.0 * mu / r_p
    np.sqrt(out, out=out)  # conics.hyperbolic_periapsis_speed
    out -= conics.periapsis_speed(mu, r_p, r_a)


def _block_fields(dep_jd, arr_jd, o, t, ephemeris, revs, rp_dep, rp_cap, ra_cap, workers=1):
    """The fields stacked on a last axis: one array per block, as dask's blockwise wants."""
    return np.stack([np.asarray(f, float) for f in _fields(dep_jd, arr_jd, o, t, ephemeris, revs, rp_dep, rp_cap,
                                                            ra_cap, workers)], axis=-1)


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

    o, t = body(origin), body(target)
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
            fields = _fields(dep, arr, *args, workers=workers)  # no stacking: each field stays contiguous
        else:
            rows = max(1, 250_000 // max(1, arr.size))
            fields = None
            for i in range(0, dep.size, rows):
                part = _fields(dep[i:i + rows], arr, *args, workers=workers)
                if fields is None:  # filled in place, block by block: no concatenation copies
                    fields = [np.empty((dep.size, arr.size), f.dtype) for f in part]
                for f, p in zip(fields, part):
                    f[i:i + rows] = p
                progress(min(dep.size, i + rows), dep.size)
    else:
        import dask.array as da

        cd, ca = (chunks, chunks) if np.isscalar(chunks) else chunks
        ddep = da.from_array(dep, chunks=int(cd))
        darr = da.from_array(arr, chunks=int(ca))
        from functools import partial

        block = partial(_block_fields, o=o.name, t=t.name, ephemeris=ephemeris, revs=revs, rp_dep=args[4],
                        rp_cap=args[5], ra_cap=args[6])
        lazy = da.blockwise(block, "ijk", ddep, "i", darr, "j", new_axes={"k": 8}, dtype=float, concatenate=True)
        stacked = lazy.compute(scheduler=scheduler) if scheduler else lazy.compute()
        fields = [stacked[..., k] for k in range(8)]
    c3, vinf_dep, vinf_arr, tof, type2, dv_dep, dv_cap, dv_total = fields
    return PorkchopResult(o.name, t.name, ephemeris, dep, arr, c3, vinf_dep, vinf_arr, tof, np.asarray(type2) > 0.5,
                          dv_dep, dv_cap, dv_total, park, cap, cap_apo)
