"""Depot supply: what it costs to bring propellant to a depot, from Earth by tanker or from the Moon.

Per delivery: tanker trips, mass launched from Earth (and so the supply ratio k, kg launched per kg
delivered), or lunar propellant mined. Every number may be an array over the cases of a sweep; the
architecture being supplied (``res``) is told where supply fails and counts the tanker launches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from deltav.core import rocket

if TYPE_CHECKING:  # annotations only: unpickling a result (the drawing process) needs no pydantic
    from deltav.scenario import Scenario


@dataclass
class Supply:
    """How depot propellant reaches a node: per kg delivered, what is launched from Earth or mined."""

    node: str
    source: str  # "earth" | "moon"
    delivered_kg: float
    trips: int
    per_trip_kg: float
    earth_launched_kg: float  # launched to LEO for this delivery (0 for lunar propellant)
    supply_ratio: float  # Earth-launched kg per kg delivered, this delivery (part-full tankers count; 0: Moon)
    mined_kg: float = 0.0  # lunar propellant produced, including what the lunar tanker burns
    tanker_dv_km_s: float = 0.0
    launcher: str | None = None
    cost_usd: float | None = None
    full_tanker_ratio: float | None = None  # Earth-launched kg per kg delivered by full tankers (marginal)


def _trips(delivered, per_trip):
    """Whole trips to deliver ``delivered`` (0 for nothing), elementwise; per_trip > 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(delivered > 0, np.ceil(delivered / per_trip - 1e-9), 0.0)


def supply(sc: Scenario, node: str, delivered, res, leg_dv, payload) -> Supply:
    """Tanker flights that bring ``delivered`` kg of propellant to ``node``, and what they cost.

    ``leg_dv(origin, target)`` gives a cislunar leg's delta-v (km/s); ``payload(vehicle_id)`` a
    launcher's LEO payload (kg). Both, like every scenario number, may be arrays.
    """
    from deltav import vehicles

    depot = sc.depot
    delivered = np.asarray(delivered, float)
    # LEO is topped up from Earth (Earth tankers are the obvious supply there); other depots use `source`.
    if depot.source == "earth" or node == "LEO":
        t = depot.tanker
        if t is None:
            res.failing.append((np.True_, lambda: f"refuelling at {node} needs Earth tankers: give depot.tanker"))
            return Supply(node, "earth", delivered, 0, 0.0, np.inf, np.inf)
        res.tanker_dry_kg = t.dry_mass
        lv = vehicles.get(t.launcher)
        capacity = np.asarray(payload(lv.id), float)
        # Tankers fly LEO -> node the way the ferry did (same approach, same dv), or the plain transfer.
        flown = [leg.dv_km_s for leg in res.burns if leg.cislunar is not None
                 and (leg.cislunar.origin, leg.cislunar.target) == ("LEO", node)]
        dv = 0.0 if node == "LEO" else flown[0] if flown else leg_dv("LEO", node)
        r_out = rocket.mass_ratio(dv, t.isp)
        r_back = r_out if t.reusable else 1.0  # the way back is assumed to cost the same dv
        per_trip = capacity / r_out - t.dry_mass * r_back
        can = per_trip > 0
        res.failing.append((~can, lambda: (
            f"depot supply: a {lv.name} tanker cannot deliver any propellant to {node} (needs {float(dv):.2f} km/s; "
            f"it arrives with {float(capacity / r_out) / 1e3:.1f} t, its dry mass is {float(t.dry_mass) / 1e3:.1f} t)")))
        per_trip = np.where(can, per_trip, np.nan)
        trips = _trips(delivered, per_trip)
        res.launches[lv.id] = res.launches.get(lv.id, 0) + np.where(can, trips, 0)
        # Each tanker leaves LEO with (its load + dry mass kept for the way back) x r_out; the last one
        # may fly part-full. The ratio reported is this delivery's (launched / delivered), so that
        # M_ferry + k P is the true Earth-launched mass; full tankers alone would give capacity / per_trip.
        launched = np.where(can, (delivered + trips * t.dry_mass * r_back) * r_out, np.inf)
        with np.errstate(divide="ignore", invalid="ignore"):
            full = np.where(can, capacity / per_trip, np.inf)
            ratio = np.where(delivered > 0, launched / delivered, full)
        return Supply(node, "earth", delivered, trips, per_trip, launched, ratio, tanker_dv_km_s=dv, launcher=lv.id,
                      full_tanker_ratio=full)
    lunar = depot.lunar
    dv = 0.0 if node == "lunar-surface" else leg_dv("lunar-surface", node)
    r = rocket.mass_ratio(dv, lunar.isp)
    # One trip delivering D: leaves the surface with (D + dry r) r (it must land again, assumed at the
    # same dv), so it consumes (D + dry r) r - dry of lunar propellant, D of which is delivered.
    d, dry = lunar.delivery_per_trip, lunar.tanker_dry_mass
    mined_per_kg = ((d + dry * r) * r - dry) / d
    cost = None if lunar.cost_per_kg is None else lunar.cost_per_kg * delivered
    return Supply(node, "moon", delivered, _trips(delivered, d), d, np.zeros_like(delivered), np.zeros_like(delivered),
                  mined_kg=delivered * mined_per_kg, tanker_dv_km_s=dv, cost_usd=cost)
