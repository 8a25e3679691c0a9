"""Depot break-even: at what supply cost does a depot route launch less mass from Earth than going direct?

For a depot route, Earth-launched mass = ferry as launched + k × depot propellant, where k is the
*supply ratio* (kg launched from Earth per kg delivered to the depot); for the best direct route it
is fixed. The break-even k* = (M_direct - M_ferry) / P_depot.
"""

from __future__ import annotations

import numpy as np

#: Supply ratios swept for the break-even curve (stretched to show every marker): Earth-launched kg
#: per kg delivered to the depot.
K_SWEEP = np.linspace(0.0, 6.0, 241)


def split_routes(result):
    """Architectures that refuel beyond LEO (depot routes) and the others (direct routes)."""
    depot = [a for a in result.architectures if a.depot not in (None, "LEO")]
    direct = [a for a in result.architectures if a.depot in (None, "LEO")]
    return depot, direct


def best_direct(direct):
    """The direct route a fair analyst compares with: the cheapest in Earth-launched mass that closes."""
    closing = [a for a in direct if a.closes]
    return min(closing or direct, key=lambda a: a.earth_launched_kg)


def breakeven(result) -> dict:
    """Earth-launched mass of each depot route against the supply ratio k, and the k where it equals direct.

    For a depot route, Earth-launched mass = ferry as launched + k × depot propellant; for the
    best direct route it is fixed. The break-even k* = (M_direct - M_ferry) / P_depot: propellant
    delivered at a cost below k* Earth-launched kg per kg makes the depot route lighter.
    Evaluated for all routes and all k as one array expression.
    """
    depot, direct = split_routes(result)
    if not depot or not direct:
        return {}
    ref = best_direct(direct)
    m0 = np.array([a.ferry_launch_kg for a in depot])
    p = np.array([a.depot_propellant_kg for a in depot])
    with np.errstate(divide="ignore", invalid="ignore"):
        k_star = np.where(p > 0, (ref.earth_launched_kg - m0) / p, np.inf)
    k_actual = [a.supplies[0].supply_ratio if a.supplies else 0.0 for a in depot]
    # Sweep far enough to show every marker (k* and the actual supply ratio).
    marks = [k for k in (*k_star.tolist(), *k_actual) if np.isfinite(k)]
    k = K_SWEEP * max(1.0, 1.15 * max(marks, default=0.0) / K_SWEEP[-1])
    curves = m0[:, None] + k[None, :] * p[:, None]
    return {"direct": ref.name, "direct_earth_launched_kg": ref.earth_launched_kg, "direct_closes": ref.closes,
            "k": k, "routes": [a.name for a in depot], "earth_launched_kg": curves,
            "k_star": dict(zip((a.name for a in depot), k_star.tolist())),
            "k_actual": dict(zip((a.name for a in depot), k_actual)),
            "source": result.scenario.depot.source if result.scenario.depot else None}
