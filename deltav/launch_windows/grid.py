"""Batched Lambert grids between planets on dates: the numbers behind windows and porkchops.

Batched calls of :func:`deltav.core.lambert.lambert` over a whole grid of departure x arrival dates, a few
rows at a time (chunks of about one solver block, whose arrays stay in cache), with the planet states from
:mod:`deltav.ephemeris` at the unique dates only (one vectorised call per body). "Type I" means a
transfer angle below 180 degrees, "type II" above.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager

import numpy as np

from deltav import bodies
from deltav.core import lambert as _lam
from deltav.ephemeris import DAY_S, cached_km, compute_km, jd_to_iso, state_km, store_km, to_jd
from deltav.errors import InfeasibleError, InputError

OBJECTIVES = ("c3", "total")
KINDS = ("I", "II", "any")


def body(b) -> bodies.Body:
    return bodies.get(b)


def kind_name(kind) -> str:
    k = str(kind).strip()
    k = "any" if k.lower() == "any" else k.upper()
    if k not in KINDS:
        raise InputError(f"unknown transfer type '{kind}'", key="kind", expected="I, II or any")
    return k


def hohmann_days(origin: bodies.Body, target: bodies.Body) -> float:
    """Hohmann half-period between the mean circular orbits (days): the scale of sensible flight times."""
    a = 0.5 * (origin.sma_km + target.sma_km)
    return math.pi * math.sqrt(a**3 / bodies.SUN.gm) / DAY_S


def synodic_days(origin: bodies.Body, target: bodies.Body) -> float:
    return 1.0 / abs(1.0 / origin.period_days - 1.0 / target.period_days)


def grid(origin, target, dep_jd, arr_jd, ephemeris: str = "builtin", revs: int = 0, *, workers: int = 1,
         vectors: bool = True):
    """Lambert solutions for every (departure, arrival) pair: the numbers behind a porkchop.

    Parameters
    ----------
    origin, target : str or Body
    dep_jd, arr_jd : array_like, shape (n,), (m,)
        Julian dates (TDB); the grid is ``(n, m)``. Pairs with arrival <= departure are NaN.
    ephemeris : {"builtin", "de440"}
    revs : int
        Complete heliocentric revolutions (0 for the usual direct transfer).
    vectors : bool
        Also return ``vinf_dep_vec`` (n, m, 3) (a porkchop does not need it).

    Returns
    -------
    dict of ndarray, shape (n, m)
        ``vinf_dep`` (km/s), ``vinf_arr`` (km/s), ``c3`` (km^2/s^2), ``tof_days``, ``type2`` (bool: transfer
        angle > 180 deg), ``status`` (Lambert reason codes), plus ``dep_jd`` (n,), ``arr_jd`` (m,) and
        ``vinf_dep_vec`` (n, m, 3), the departure asymptote (ecliptic J2000), with ``vectors``.
    """
    o, t = body(origin), body(target)
    dep_jd = np.atleast_1d(np.asarray(dep_jd, float))
    arr_jd = np.atleast_1d(np.asarray(arr_jd, float))
    shape = (dep_jd.size, arr_jd.size)
    g = {"dep_jd": dep_jd, "arr_jd": arr_jd, "vinf_dep": np.empty(shape), "vinf_arr": np.empty(shape),
         "c3": np.empty(shape), "tof_days": np.empty(shape), "type2": np.empty(shape, bool),
         "status": np.empty(shape, np.uint8)}
    if vectors:
        g["vinf_dep_vec"] = np.empty(shape + (3,))
    solve_into(g, o, t, ephemeris, revs)
    return g


def solve_into(g: dict, origin: bodies.Body, target: bodies.Body, ephemeris: str, revs: int, each=None) -> None:
    """Fill the (n, m) arrays of :func:`grid`'s dict ``g`` (``dep_jd``, ``arr_jd`` given; ``vinf_dep_vec`` if
    present) in place, a chunk of rows at a time; ``each(rows)`` is called with each chunk's slice, while its
    arrays are still in cache (a porkchop derives its delta-v there)."""
    dep_jd, arr_jd = g["dep_jd"], g["arr_jd"]
    # ephemerides at the unique dates only (n + m of them, not n x m); every date is checked before any thread
    hit = cached_km(origin.name, dep_jd, ephemeris)
    r2, vp2 = state_km(target.name, arr_jd, ephemeris)
    np.subtract(arr_jd[None, :], dep_jd[:, None], out=g["tof_days"])
    # Rows in chunks of about one Lambert block: the (rows, m, 3) velocities and every temporary stay in cache
    # and are reused, where whole-grid arrays would stream 10^6 x 3 through memory at each step.
    grids = {k: v for k, v in g.items() if np.ndim(v) > 1}
    with _origin_states(origin.name, dep_jd, ephemeris, len(arr_jd), hit) as (r1, vp1, ready):
        for sl, p1, p2 in chunks(r1, r2, ready):
            _rows(p1, p2, vp1[sl], vp2, revs, {key: v[sl] for key, v in grids.items()})
            if each is not None:
                each(sl)


_CHUNK_CELLS = 16384  # one block of deltav.core.lambert.lambert
_EPV00_CELLS = 190  # ERFA epv00 per date, in Lambert solves of grid cells (measured, benchmarks/lambert.py's grid)
_GIL_FREE = 501  # numpy's ufuncs release the GIL for loops over more than 500 elements only


def chunks(r1, r2, ready=None):
    """(row slice, p1, p2) for chunks of grid rows of about one Lambert block: the positions of the chunk's cells as
    full (rows, m, 3) arrays, so that lambert needs no broadcast copies (slow with a last axis of 3). The buffers
    are reused: the arrival positions are the same for every chunk, the departure ones refilled. ``ready(stop)``,
    if given, is called before rows ``[0, stop)`` of ``r1`` are read (they may still be being computed)."""
    n, m = len(r1), len(r2)
    rows = max(1, _CHUNK_CELLS // max(1, m))
    p2 = np.empty((min(rows, n), m, 3))
    p2[...] = r2
    p1 = np.empty_like(p2)
    for i in range(0, n, rows):
        sl = slice(i, min(i + rows, n))
        k = sl.stop - i
        if ready is not None:
            ready(sl.stop)
        for c in range(3):
            np.copyto(p1[:k, :, c], r1[sl, c, None])
        yield sl, p1[:k], p2[:k]


@contextmanager
def _origin_states(name: str, jd: np.ndarray, ephemeris: str, m: int, hit):
    """``(r, v, ready)``: the origin's states at the departure dates ``jd`` (the rows of a grid of ``m`` columns),
    and ``ready(stop)``, which returns once rows ``[0, stop)`` are filled (or raises the error that stopped them).
    ``hit``: ``cached_km(name, jd, ephemeris)``, which has checked every date.

    Why: ERFA's ``epv00`` (Earth) costs as much per date as the Lambert solve of ~190 grid cells, a fifth of a 1000
    x 1000 porkchop, and like numpy's loops it releases the GIL, so a second thread computes the later rows' states
    on the other core while this one computes the first rows' and solves them. One background call, not many
    small pieces: numpy's ufuncs keep the GIL below 501 elements, and an ERFA call that keeps it stalls the
    Lambert loop as long as it runs. Slices give :func:`state_km`'s numbers bit for bit (each date's state depends
    on that date only), and the whole is cached as state_km would have. Cached dates, grids too small for a
    background call and DE440 (astropy's code, not ERFA's ufuncs) take the plain state_km. No thread outlives
    the ``with`` block.
    """
    n = len(jd)
    # Both threads done together: first * (e + e + m) = n * e, with e = _EPV00_CELLS the cost of a date and m
    # that of a row, in Lambert cells (this thread computes and then solves the first rows). Cheaper bodies'
    # states (plan94: ~4 cells a date) are just ready sooner.
    first = math.ceil(n * _EPV00_CELLS / (2 * _EPV00_CELLS + m))
    if hit is not None or n - first < _GIL_FREE or str(ephemeris).strip().lower() != "builtin":
        r, v = hit if hit is not None else state_km(name, jd, ephemeris)
        yield r, v, None
        return
    r, v = np.empty((n, 3)), np.empty((n, 3))
    error = []

    def rest():
        try:
            r[first:], v[first:] = compute_km(name, jd[first:], ephemeris)
        except BaseException as exc:  # raised in the caller, by ready() or at the end
            error.append(exc)

    def ready(stop):
        if stop > first:
            worker.join()
            if error:
                raise error[0]

    worker = threading.Thread(target=rest, name="deltav-ephemeris")
    worker.start()
    try:
        r[:first], v[:first] = compute_km(name, jd[:first], ephemeris)  # meanwhile, on this core
        yield r, v, ready
    finally:
        worker.join()
    if error:
        raise error[0]
    store_km(name, jd, ephemeris, r, v)


def _rows(p1, p2, vp1, vp2, revs, out):
    """One chunk of grid rows, positions ``p1``, ``p2`` (rows, m, 3): Lambert, then v-infinity at both ends, into
    the views ``out``."""
    with np.errstate(invalid="ignore"):
        tof = out["tof_days"] * DAY_S  # arrival <= departure: lambert's BAD_INPUT, NaN velocities
        v1, v2, out["status"][...] = _lam.lambert(p1, p2, tof, o_sun_gm(), revs=revs)
        # departure component by component: numpy's loops over a broadcast last axis of 3 cost more than the sums
        _excess_sq(v1, vp1[:, None, :], out["c3"], out["vinf_dep"])  # departure: C3 (vinf_dep: a buffer)
        np.sqrt(out["c3"], out=out["vinf_dep"])
        # arrival: v2 is ours, and v2 - vp2 runs over contiguous (m, 3) rows in place
        np.subtract(v2, vp2, out=v2)
        v2 *= v2
        np.add(v2[..., 0], v2[..., 1], out=out["vinf_arr"])
        out["vinf_arr"] += v2[..., 2]
        np.sqrt(out["vinf_arr"], out=out["vinf_arr"])
    if "vinf_dep_vec" in out:  # the departure asymptote (ecliptic J2000): its declination matters
        np.subtract(v1, vp1[:, None, :], out=out["vinf_dep_vec"])
    # type II: (r1 x r2)_z < 0, i.e. x1 y2 < y1 x2 (the rounded difference has the sign of the exact one)
    np.less(p1[..., 0] * p2[..., 1], p1[..., 1] * p2[..., 0], out=out["type2"])


def _excess_sq(v, vp, sq, tmp):
    """sq = |v - vp|^2 for (..., 3) velocities (``tmp``: a buffer of ``sq``'s shape)."""
    np.subtract(v[..., 0], vp[..., 0], out=tmp)
    np.multiply(tmp, tmp, out=sq)
    for k in (1, 2):
        np.subtract(v[..., k], vp[..., k], out=tmp)
        tmp *= tmp
        sq += tmp


def o_sun_gm() -> float:
    return bodies.SUN.gm


def as_jd(x, name: str) -> float:
    jd = to_jd(x, name)
    if np.ndim(jd) != 0:
        raise InputError(f"expected one date, got {np.size(jd)}", key=name, expected="an ISO date such as 2026-10-31")
    return float(jd)


def record(g: dict, i, j) -> dict:
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
        **({"vinf_departure_vec_km_s": [float(x) for x in g["vinf_dep_vec"][i, j]]} if "vinf_dep_vec" in g else {}),
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
        (ISO dates), ``type`` ("I" transfer angle < 180 deg, "II" otherwise), ``depart_jd``, ``arrive_jd``,
        ``vinf_departure_vec_km_s`` (the departure v-infinity vector, heliocentric ecliptic J2000).

    Raises
    ------
    InputError
        Unreadable dates, arrival not after departure, unknown body or ephemeris.
    InfeasibleError
        No Lambert solution (e.g. too short a flight for ``revs`` revolutions, or collinear geometry).
    """
    d, a = as_jd(depart, "depart"), as_jd(arrive, "arrive")
    if not a > d:
        raise InputError(f"arrival {jd_to_iso(a)} is not after departure {jd_to_iso(d)}", key="arrive",
                         expected="an arrival date later than the departure date")
    g = grid(origin, target, [d], [a], ephemeris, revs)
    st = int(g["status"][0, 0])
    if st != _lam.OK:
        raise InfeasibleError(f"no Lambert transfer {body(origin).name} -> {body(target).name} departing "
                              f"{jd_to_iso(d)} arriving {jd_to_iso(a)}: {_lam.REASONS[st]}")
    return record(g, 0, 0)


def objective_values(g: dict, objective: str) -> np.ndarray:
    if objective == "c3":
        return g["c3"]
    return g["vinf_dep"] + g["vinf_arr"]


def pairs(origin, target, dep_jd, arr_jd, ephemeris: str = "builtin", revs: int = 0, *, states=None) -> dict:
    """Like :func:`grid` but element-wise: departure ``dep_jd[k]`` with arrival ``arr_jd[k]`` (same shapes).

    ``states``: optional pair of callables ``jd -> (r, v)`` (e.g. :class:`deltav.ephemeris.Interpolated`)
    replacing the ephemeris of origin and target.
    """
    o, t = body(origin), body(target)
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
