"""Depot supply: what it costs to bring propellant to a depot, from Earth by tanker or from the Moon.

Per delivery: tanker trips, mass launched from Earth (and so the supply ratio k, kg launched per kg
delivered), or lunar propellant mined. The architecture being supplied (``res``) is told about
failures and counts the tanker launches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from deltav.core import rocket
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


def supply(sc: Scenario, node: str, delivered: float, res, leg_dv) -> Supply:
    """Tanker flights that bring ``delivered`` kg of propellant to ``node``, and what they cost."""
    from deltav import vehicles

    depot = sc.depot
    # LEO is topped up from Earth (Earth tankers are the obvious supply there); other depots use `source`.
    if depot.source == "earth" or node == "LEO":
        t = depot.tanker
        res.tanker_dry_kg = t.dry_mass if t is not None else 0.0
        if t is None:
            res.failures.append(f"refuelling at {node} needs Earth tankers: give depot.tanker")
            return Supply(node, "earth", delivered, 0, 0.0, math.inf, math.inf)
        lv = vehicles.get(t.launcher)
        capacity = lv.payload_kg.get("LEO") or 0.0
        # Tankers fly LEO -> node the way the ferry did (same approach, same dv), or the plain transfer.
        flown = [leg.dv_km_s for leg in res.burns if leg.cislunar is not None
                 and (leg.cislunar.origin, leg.cislunar.target) == ("LEO", node)]
        dv = 0.0 if node == "LEO" else flown[0] if flown else leg_dv("LEO", node)
        r_out = float(rocket.mass_ratio(dv, t.isp))
        r_back = float(rocket.mass_ratio(dv, t.isp)) if t.reusable else 1.0  # return assumed to cost the same
        per_trip = capacity / r_out - t.dry_mass * r_back
        if per_trip <= 0:
            res.failures.append(f"depot supply: a {lv.name} tanker cannot deliver any propellant to {node} "
                                f"(needs {dv:.2f} km/s; it arrives with {capacity / r_out / 1e3:.1f} t, "
                                f"its dry mass is {t.dry_mass / 1e3:.1f} t)")
            return Supply(node, "earth", delivered, 0, 0.0, math.inf, math.inf, tanker_dv_km_s=dv, launcher=lv.id)
        trips = math.ceil(delivered / per_trip - 1e-9) if delivered > 0 else 0
        res.launches[lv.id] = res.launches.get(lv.id, 0) + trips
        # Each tanker leaves LEO with (its load + dry mass kept for the way back) x r_out; the last one
        # may fly part-full. The ratio reported is this delivery's (launched / delivered), so that
        # M_ferry + k P is the true Earth-launched mass; full tankers alone would give capacity / per_trip.
        launched = (delivered + trips * t.dry_mass * r_back) * r_out
        ratio = launched / delivered if delivered > 0 else capacity / per_trip
        return Supply(node, "earth", delivered, trips, per_trip, launched, ratio, tanker_dv_km_s=dv, launcher=lv.id,
                      full_tanker_ratio=capacity / per_trip)
    lunar = depot.lunar
    dv = 0.0 if node == "lunar-surface" else leg_dv("lunar-surface", node)
    r = float(rocket.mass_ratio(dv, lunar.isp))
    # One trip delivering D: leaves the surface with (D + dry r) r (it must land again, assumed at the
    # same dv), so it consumes (D + dry r) r - dry of lunar propellant, D of which is delivered.
    d, dry = lunar.delivery_per_trip, lunar.tanker_dry_mass
    mined_per_kg = ((d + dry * r) * r - dry) / d
    trips = math.ceil(delivered / d - 1e-9) if delivered > 0 else 0
    cost = None if lunar.cost_per_kg is None else lunar.cost_per_kg * delivered
    return Supply(node, "moon", delivered, trips, d, 0.0, 0.0, mined_kg=delivered * mined_per_kg,
                  tanker_dv_km_s=dv, cost_usd=cost)
