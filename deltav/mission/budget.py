"""The ferry's mass budget: the rocket equation segment by segment between launches and refuels.

Each segment's propellant is worked backwards from the ferry's dry mass plus payload; the ferry
leaves the pad as full as its launcher and tank allow; each refuel tops it up to what the next
segment needs (plus boil-off while it waits), and the depot supply is costed for it.
"""

from __future__ import annotations

import numpy as np

from deltav.core import rocket
from deltav.mission.legs import cislunar_leg
from deltav.mission.plans import Plan
from deltav.mission.results import DAY, ArchitectureResult
from deltav.mission.supply import supply
from deltav.scenario import Scenario


def mass_budget(sc: Scenario, plan: Plan, res: ArchitectureResult) -> None:
    from deltav import vehicles

    f = sc.ferry
    end_mass = f.dry_mass + f.payload
    # Split legs into segments at each launch/refuel; each segment's need is worked backwards.
    starts = [i for i, leg in enumerate(res.legs) if leg.kind in ("launch", "refuel")]
    if not starts or starts[0] != 0:
        res.failures.append("the first event must be a launch")
        return
    bounds = starts + [len(res.legs)]
    launches = iter([e for e in plan.events if e.kind == "launch"])
    on_board = 0.0
    for a, b in zip(bounds[:-1], bounds[1:]):
        head, burns = res.legs[a], res.legs[a + 1:b]
        dvs = np.array([leg.dv_km_s for leg in burns] or [0.0])
        need = float(rocket.propellant_from_final(dvs.sum(), f.isp, end_mass))
        if head.kind == "launch":
            ev = next(launches)
            lv = vehicles.get(ev.node)
            capacity = (lv.payload_kg.get("LEO") or 0.0) * ev.count
            load = min(f.tank_capacity, capacity - end_mass)
            res.launches[lv.id] = res.launches.get(lv.id, 0) + ev.count
            res.ferry_launch_count += ev.count
            if load < need:
                short = need - max(load, 0.0)
                limit = ("the tank" if f.tank_capacity < capacity - end_mass else f"{lv.name}'s LEO payload")
                res.failures.append(f"launch: {limit} allows {max(load, 0) / 1e3:.1f} t of propellant, "
                                    f"the legs to the next refuel need {need / 1e3:.1f} t (short by {short / 1e3:.1f} t)")
                load = need  # carry on with what is needed, so the rest of the budget is still reported
            head.propellant_kg = max(load, 0.0)
            on_board = head.propellant_kg
            res.ferry_launch_kg = end_mass + on_board
        else:
            add = max(need - on_board, 0.0)
            if sc.depot and sc.depot.boiloff > 0 and sc.depot.loiter > 0:
                # Refuelled propellant waits `loiter` days losing `boiloff` per day: load more to end with `add`.
                add = add / float(rocket.boiloff_remaining(1.0, sc.depot.boiloff, sc.depot.loiter / DAY))
            if on_board + add > f.tank_capacity * (1 + 1e-12):
                res.failures.append(f"{head.name}: the legs after it need {need / 1e3:.1f} t of propellant, the tank "
                                    f"holds {f.tank_capacity / 1e3:.1f} t (short by {(need - f.tank_capacity) / 1e3:.1f} t)")
            head.propellant_kg = add
            on_board += add
            node = head.name.removeprefix("refuel at ")
            res.supplies.append(supply(sc, node, add, res, lambda o, t: cislunar_leg(sc, o, t).dv_km_s))
        # Fly the segment forward from what is on board.
        mass = end_mass + on_board
        head.mass_after_kg = mass
        for leg in burns:
            burnt = float(rocket.propellant_from_initial(leg.dv_km_s, f.isp, mass))
            leg.propellant_kg, mass = burnt, mass - burnt
            leg.mass_after_kg = mass
        on_board = mass - end_mass
        if on_board < -1e-6 * end_mass:  # reached the end of the segment without enough propellant
            on_board = 0.0
