"""The ferry's mass budget: the rocket equation segment by segment between launches and refuels.

Each segment's propellant is worked backwards from the ferry's dry mass plus payload; the ferry
leaves the pad as full as its launcher and tank allow; each refuel tops it up to what the next
segment needs (plus boil-off while it waits), and the depot supply is costed for it. With ``ferry.boiloff``
the propellant on board also boils off on the coast after each burn (the leg's ``tof_s``). Every number
may be an array over the cases of a sweep: the segments are a short Python loop over events, and
each step is one array expression over all cases.
"""

from __future__ import annotations

import numpy as np

from deltav.core import rocket
from deltav.mission.plans import Plan
from deltav.mission.results import DAY, ArchitectureResult
from deltav.mission.supply import supply


def catalogue_payload(vehicle_id: str) -> float:
    """A launcher's published LEO payload, kg (0 when it has none)."""
    from deltav import vehicles

    return vehicles.get(vehicle_id).payload_kg.get("LEO") or 0.0


def mass_budget(sc, plan: Plan, res: ArchitectureResult, leg_dv, payload=catalogue_payload) -> None:
    """Fill in propellant, masses, launches, supplies and failures of ``res`` (legs with delta-v).

    ``leg_dv(origin, target)``: a cislunar leg's delta-v for depot supply; ``payload(vehicle_id)``: a
    launcher's LEO payload (kg); sweeps pass arrays.
    """
    from deltav import vehicles

    f = sc.ferry
    end_mass = f.dry_mass + f.payload
    heads = [i for i, leg in enumerate(res.legs) if leg.kind in ("launch", "refuel")]
    if not heads or heads[0] != 0:
        res.failing.append((np.True_, lambda: "the first event must be a launch"))
        return
    bounds = heads + [len(res.legs)]
    launches = iter([e for e in plan.events if e.kind == "launch"])
    on_board = 0.0
    for a, b in zip(bounds[:-1], bounds[1:]):
        head, burns = res.legs[a], res.legs[a + 1:b]
        need = segment_need(burns, f.isp, end_mass, f.boiloff)
        if head.kind == "launch":
            ev = next(launches)
            lv = vehicles.get(ev.node)
            capacity = np.asarray(payload(lv.id), float) * ev.count
            room = capacity - end_mass
            load = np.minimum(f.tank_capacity, room)
            res.launches[lv.id] = res.launches.get(lv.id, 0) + ev.count
            res.ferry_launch_count += ev.count
            short = load < need
            res.failing.append((short, _launch_message(f, lv.name, room, load, need)))
            # Carry on with what is needed, so that the rest of the budget is still reported.
            head.propellant_kg = np.where(short, need, np.maximum(load, 0.0))
            on_board = on_board + head.propellant_kg
            if a == 0:
                res.ferry_launch_kg = end_mass + head.propellant_kg
        else:
            add = np.maximum(need - on_board, 0.0)
            keep = 1.0
            if sc.depot is not None:
                # Refuelled propellant waits `loiter` days losing `boiloff` per day: load more to end with `add`.
                keep = rocket.boiloff_remaining(1.0, sc.depot.boiloff, sc.depot.loiter / DAY)
                add = add / keep
            over = on_board + add > f.tank_capacity * (1 + 1e-12)
            res.failing.append((over, _tank_message(head.name, need, f.tank_capacity)))
            head.propellant_kg = add
            on_board = on_board + add * keep  # what is left when the wait is over (the ferry departs with it)
            node = head.name.removeprefix("refuel at ")
            res.supplies.append(supply(sc, node, add, res, leg_dv, payload))
        # Fly the segment forward from what is on board (after a refuel: when the wait at the depot is over).
        mass = end_mass + on_board
        head.mass_after_kg = mass
        for leg in burns:
            burnt = rocket.propellant_from_initial(leg.dv_km_s, f.isp, mass)
            leg.propellant_kg, mass = burnt, mass - burnt
            leg.mass_after_kg = mass
            # The coast after the burn boils off part of what is left (nothing when the ferry ran dry).
            mass = np.where(mass > end_mass, end_mass + (mass - end_mass) * coast_keep(leg, f.boiloff), mass)
        # A segment that ran dry (already a failure) leaves nothing for the next one.
        on_board = np.maximum(mass - end_mass, 0.0)


def coast_keep(leg, rate_per_day):
    """Fraction of the propellant on board that survives the coast after ``leg`` (its ``tof_s``), losing
    ``rate_per_day`` each day (compounded)."""
    return rocket.boiloff_remaining(1.0, rate_per_day, np.asarray(leg.tof_s, float) / DAY)


def segment_need(burns, isp, end_mass, rate_per_day=0.0):
    """Propellant (kg) a segment of burns needs to end with ``end_mass``, worked backwards burn by burn: before a
    coast the ferry must carry what the next burn needs divided by the fraction that survives the coast; before
    a burn, the rocket equation. Without boil-off this is the rocket equation for the summed delta-v."""
    mass = end_mass
    for leg in reversed(burns):
        mass = end_mass + (mass - end_mass) / coast_keep(leg, rate_per_day)
        mass = mass + rocket.propellant_from_final(leg.dv_km_s, isp, mass)
    return mass - end_mass


def _launch_message(f, lv_name, room, load, need):
    def message() -> str:
        limit = "the tank" if f.tank_capacity < room else f"{lv_name}'s LEO payload"
        have = max(float(load), 0.0)
        return (f"launch: {limit} allows {have / 1e3:.1f} t of propellant, the legs to the next refuel need "
                f"{float(need) / 1e3:.1f} t (short by {(float(need) - have) / 1e3:.1f} t)")
    return message


def _tank_message(name, need, tank):
    return lambda: (f"{name}: the legs after it need {float(need) / 1e3:.1f} t of propellant, the tank holds "
                    f"{float(tank) / 1e3:.1f} t (short by {(float(need) - float(tank)) / 1e3:.1f} t)")
