"""Batched Lambert grids between planets on dates: the numbers behind windows and porkchops.

One batched call of :func:`deltav.core.lambert.lambert` over a whole grid of departure x arrival dates,
with the planet states from :mod:`deltav.ephemeris` (one vectorised call per body). "Type I" means a
transfer angle below 180 degrees, "type II" above.
"""

from __future__ import annotations

import math

import numpy as np

from deltav import bodies
from deltav.core import lambert as _lam
from deltav.ephemeris import DAY_S, jd_to_iso, state_km, to_jd
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
    o, t = body(origin), body(target)
    dep_jd = np.atleast_1d(np.asarray(dep_jd, float))
    arr_jd = np.atleast_1d(np.asarray(arr_jd, float))
    r1, vp1 = state_km(o.name, dep_jd, ephemeris)
    r2, vp2 = state_km(t.name, arr_jd, ephemeris)
    tof_days = arr_jd[None, :] - dep_jd[:, None]
    tof = np.where(tof_days > 0, tof_days, np.nan) * DAY_S
    v1, v2, status = _lam.lambert(r1[:, None, :], r2[None, :, :], tof, o_sun_gm(), revs=revs, workers=workers)
    with np.errstate(invalid="ignore"):
        vinf_vec = v1 - vp1[:, None, :]  # the departure asymptote (ecliptic J2000): its declination matters
        c3 = np.einsum("...i,...i->...", vinf_vec, vinf_vec)  # one pass, no temporaries (a 10^6-cell porkchop)
        vinf_dep = np.sqrt(c3)
        v2 -= vp2[None, :, :]  # v2 is ours: the arrival excess in place
        vinf_arr = np.sqrt(np.einsum("...i,...i->...", v2, v2))
    hz = r1[:, None, 0] * r2[None, :, 1] - r1[:, None, 1] * r2[None, :, 0]
    return {"dep_jd": dep_jd, "arr_jd": arr_jd, "vinf_dep": vinf_dep, "vinf_arr": vinf_arr, "c3": c3,
            "tof_days": tof_days, "type2": hz < 0.0, "status": status, "vinf_dep_vec": vinf_vec}


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
