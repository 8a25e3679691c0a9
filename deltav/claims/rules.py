"""The Beacon verdicts as array expressions over the cases of a sweep; ``deltav run`` uses the one-case form.

Each rule takes architectures from :func:`deltav.mission.evaluate_cases` (numbers may be arrays) and
returns the verdict codes (:data:`CODES`) with the numbers behind them, case by case. Picking "the best
route" is an argmin over the routes stacked on a leading axis, so every case may pick a different one.
:mod:`deltav.claims.beacon` writes the one-case text from the same numbers, and :mod:`deltav.sweeps`
maps the codes.
"""

from __future__ import annotations

import numpy as np

from deltav.claims.verdicts import VERDICTS

#: Verdict code -> verdict (the index into :data:`deltav.claims.verdicts.VERDICTS`).
CODES = dict(enumerate(VERDICTS))
TRUE, FALSE, PARTLY, UNDETERMINED = range(4)


def stack(values) -> np.ndarray:
    """Per-route values (scalars or arrays) stacked on a new leading axis, broadcast to a common shape."""
    return np.stack(np.broadcast_arrays(*[np.asarray(v, float) for v in values]))


def lex_argmin(keys: list[np.ndarray]) -> np.ndarray:
    """Index of the first route that is smallest in ``keys[0]``, ties broken by ``keys[1]``, ... (per case)."""
    keys = np.broadcast_arrays(*keys)
    alive = np.ones(keys[0].shape, bool)
    for k in keys:
        k = np.where(alive, k, np.inf)
        alive &= k == k.min(axis=0, keepdims=True)
    return np.argmax(alive, axis=0)


def take(values, index: np.ndarray) -> np.ndarray:
    """``values[index]`` per case: the chosen route's value."""
    v = stack(values)
    cases = np.broadcast_shapes(v.shape[1:], index.shape)
    v = v.reshape((v.shape[0],) + (1,) * (len(cases) - v.ndim + 1) + v.shape[1:])
    v = np.broadcast_to(v, (v.shape[0],) + cases)
    return np.take_along_axis(v, np.broadcast_to(index, v.shape[1:])[None], axis=0)[0]


def propellant_burnt(a):
    """kg of propellant a route consumes: the ferry's burns plus what its Earth tankers burn on the way."""
    # Earth-launched = (delivered + trips x dry x r_back) x r_out: what is neither delivered nor dry was burnt.
    tankers = 0.0
    for s in a.supplies:
        if s.source == "earth":
            burnt = np.asarray(s.earth_launched_kg) - s.delivered_kg - np.asarray(s.trips) * a.tanker_dry_kg
            tankers = tankers + np.where(np.isfinite(burnt), burnt, 0.0)
    return a.ferry_propellant_kg + tankers


def launch_count(a):
    return sum(a.launches.values(), 0)


METRIC = {"total_dv": lambda a: a.total_dv_km_s, "earth_launched": lambda a: a.earth_launched_kg,
          "launches": launch_count, "propellant": propellant_burnt, "tof": lambda a: a.tof_days}
UNITS = {"total_dv": "km/s", "earth_launched": "kg", "launches": "", "propellant": "kg", "tof": "d"}


def compare(routes, against, metric: str, holds_if: str = "less", margin: float = 0.0, prefer_closing=True) -> dict:
    """Route A against route B on a metric, case by case: the best of ``routes`` against the best of ``against``.

    "Best" is the smallest value (``holds_if="less"``) or the largest, among the routes that close when any
    does (``prefer_closing``). The claim holds (true) when A is better by at least ``margin`` (a fraction of
    B), partly when better by less, false otherwise.
    """
    value = METRIC[metric]
    sign = 1.0 if holds_if == "less" else -1.0

    def best(archs):
        keys = [sign * stack([value(a) for a in archs])]
        if prefer_closing:
            keys.insert(0, stack([~np.asarray(a.closes) for a in archs]))
        return lex_argmin(keys)

    i, j = best(routes), best(against)
    a, b = take([value(r) for r in routes], i), take([value(r) for r in against], j)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = 100.0 * (a / b - 1.0)
    gain = -sign * change / 100.0  # how much better A is, as a fraction of B
    code = np.where(gain >= margin if margin > 0 else gain > 0, TRUE, np.where(gain > 0, PARTLY, FALSE))
    return {"code": code, "route": i, "direct": j, "via": a, "against": b, "change_percent": change}


def closes(routes) -> dict:
    """Route A closes: true when any of ``routes`` closes, case by case."""
    ok = np.logical_or.reduce([np.asarray(a.closes, bool) for a in routes])
    return {"code": np.where(ok, TRUE, FALSE)}


def total_dv(routes, direct, far_less: float) -> dict:
    """beacon-total-dv: an instance of :func:`compare` — the cheapest depot route's total delta-v against the
    cheapest direct one, "far less" meaning at least ``far_less`` below."""
    r = compare(routes, direct, "total_dv", "less", far_less, prefer_closing=False)
    return r | {"via_km_s": r["via"], "direct_km_s": r["against"]}


def falcon_heavy(routes, direct, single_launch: bool) -> dict:
    """beacon-falcon-heavy: does the depot route close on one launch of the ferry, and at what cost?"""
    i = lex_argmin([stack([~np.asarray(a.closes) for a in routes]), stack([a.earth_launched_kg for a in routes]),
                    stack([a.depot_propellant_kg for a in routes])])
    j = lex_argmin([stack([~np.asarray(a.closes) for a in direct]), stack([a.earth_launched_kg for a in direct])])
    get = lambda f, archs, k: take([f(a) for a in archs], k)  # noqa: E731
    closes = get(lambda a: a.closes, routes, i) > 0.5
    one = get(lambda a: a.ferry_launch_count, routes, i) == 1
    works = closes & (one | (not single_launch))
    worse = {
        "more propellant is burnt": get(propellant_burnt, routes, i) > get(propellant_burnt, direct, j),
        "more mass must be launched from Earth": (get(lambda a: a.earth_launched_kg, routes, i)
                                                  > get(lambda a: a.earth_launched_kg, direct, j)),
        "it takes more launches": get(launch_count, routes, i) > get(launch_count, direct, j),
        "the journey is longer": get(lambda a: a.tof_days, routes, i) > get(lambda a: a.tof_days, direct, j),
    }
    any_worse = np.logical_or.reduce(list(worse.values()))
    code = np.where(~works, FALSE, np.where(any_worse, PARTLY, TRUE))
    return {"code": code, "route": i, "direct": j, "works": works, "worse": worse}


def supply(routes, direct, source: str | None) -> dict:
    """depot-supply: is the depot's propellant cheap enough (supply ratio k below the break-even k*)?"""
    i = lex_argmin([stack([a.earth_launched_kg for a in routes]), stack([a.depot_propellant_kg for a in routes])])
    j = lex_argmin([stack([~np.asarray(a.closes) for a in direct]), stack([a.earth_launched_kg for a in direct])])
    m_direct = take([a.earth_launched_kg for a in direct], j)
    m0 = take([a.ferry_launch_kg for a in routes], i)
    p = take([a.depot_propellant_kg for a in routes], i)
    with np.errstate(divide="ignore", invalid="ignore"):
        k_star = np.where(p > 0, (m_direct - m0) / p, np.inf)
    k_act = take([a.supplies[0].supply_ratio if a.supplies else 0.0 for a in routes], i)
    if source == "earth":
        code = np.where(k_act < k_star, TRUE, FALSE)
    else:
        code = np.where(k_star > 0, PARTLY, FALSE)
    code = np.where(p > 0, code, UNDETERMINED)  # nothing taken on at the depot: its supply is not in question
    return {"code": code, "route": i, "direct": j, "k_star": k_star, "k_actual": k_act}
