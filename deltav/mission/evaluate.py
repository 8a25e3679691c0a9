"""Evaluating a scenario: every architecture as legs, their delta-v and their mass budgets.

An architecture is a list of events flown by one single-stage *ferry*: ``launch`` (to LEO on a
catalogued launcher), ``burn`` (node to node; a burn to a planet is split into the departure and the
capture), and ``refuel`` (top up at a depot whose propellant comes from Earth by tanker or from the
lunar surface). The budget is worked the way an analyst would:

* each segment between refuels needs the propellant the rocket equation gives for its burns, ending
  with the ferry's dry mass plus payload (working backwards);
* the ferry leaves the pad as full as its launcher (and tank) allow, because the launch is paid for;
  each refuel tops it up to what the next segment needs (plus boil-off while it waits);
* depot propellant is brought by tankers whose own flight costs propellant; that sets how many
  kilograms must be launched from Earth per kilogram delivered (``k``, the *supply ratio*).

Every figure is kept per leg so the report, the JSON and the plots show the same numbers.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from deltav.errors import InputError
from deltav.mission.breakeven import breakeven
from deltav.mission.effects import effect_assumptions, finite_burns
from deltav.mission.budget import catalogue_payload, mass_budget
from deltav.mission.heliocentric import heliocentric
from deltav.mission.legs import burn_legs, cislunar_leg
from deltav.mission.plans import Plan, expand
from deltav.mission.sun import BCR4BP_SUMMARY
from deltav.mission.results import ArchitectureResult, Heliocentric, LegResult, MissionResult, scalar
from deltav.scenario import Scenario


def evaluate_plan(sc: Scenario, plan: Plan, helio: Heliocentric, payload=catalogue_payload,
                  finite: bool = True) -> ArchitectureResult:
    """Delta-v of every leg, then the ferry's mass budget, then the depot supply (arrays over the cases)."""
    legs: list[LegResult] = []
    for ev in plan.events:
        if ev.kind == "launch":
            legs.append(LegResult(f"launch on {ev.node}" + (f" ×{ev.count}" if ev.count > 1 else ""), "launch",
                                  model="catalogue"))
        elif ev.kind == "burn":
            try:
                legs += burn_legs(sc, ev.node, ev.target, ev.strategy, ev.dv, helio)
            except InputError as exc:  # e.g. a cislunar pair or strategy deltav does not model
                raise sc.error(ev.loc, exc.message, exc.expected) from None
        else:
            legs.append(LegResult(f"refuel at {ev.node}", "refuel", model="depot",
                                  tof_s=sc.depot.loiter if sc.depot else 0.0))
    res = ArchitectureResult(plan.name, legs, plan.strategy,
                             next((e.node for e in plan.events if e.kind == "refuel"), None))
    mass_budget(sc, plan, res, lambda o, t: cislunar_leg(sc, o, t, helio).dv_km_s, payload)
    if finite:  # reported beside the impulsive Δv, never budgeted: sweeps skip the integration
        finite_burns(sc, res, helio)
    return res


ASSUMPTIONS = (
    "Impulsive burns budgeted (finite-burn losses reported beside them when the ferry has a thrust); patched "
    "conics; coplanar orbits unless the scenario gives an inclination or a launch site.",
    "Heliocentric leg: Hohmann between mean circular orbits, or Lambert between ephemeris states on given dates.",
    "Departure and capture: one burn at the periapsis of the parking/arrival orbit (Oberth effect).",
    "Ferry: one stage, one Isp; launched as full as its launcher and tank allow; refuels top it up to what the "
    "next legs need (plus boil-off while waiting).",
    "Depot propellant from Earth: tankers launched to LEO (full, but for the last one), flying to the depot on their own propellant "
    "(reusable tankers fly back at the same delta-v); from the Moon: a reusable lunar tanker, lunar surface → depot "
    "and back at the same delta-v; lunar infrastructure mass is not counted.",
    "Launches counted per vehicle against its published payload to LEO (deltav vehicles).",
)


def evaluate(sc: Scenario) -> MissionResult:
    """Evaluate every architecture of a scenario: legs, mass budgets, depot supply and break-even.

    Parameters
    ----------
    sc : Scenario
        From :func:`deltav.scenario.load` (or built in code).

    Returns
    -------
    MissionResult
        Architectures with legs and mass budgets (plain floats), the heliocentric leg and the depot
        break-even analysis. The claims are judged from it by :func:`deltav.claims.judge`. This is the
        one-case run of :func:`evaluate_cases`, the engine that :func:`deltav.sweep` runs on arrays.
    """
    result = evaluate_cases(sc)
    for a in result.architectures:
        scalar(a)
    result.breakeven = breakeven(result)
    return result


def evaluate_cases(sc: Scenario, payload=catalogue_payload, finite: bool = True) -> MissionResult:
    """The mission engine on arrays: ``sc`` may carry numpy arrays in its numeric fields (ferry, depot,
    orbits) and ``payload(vehicle_id)`` may return arrays; every result number broadcasts over them.

    Architectures that are alternatives (``strategies: best``) are merged case by case, keeping the
    cheaper in total delta-v. Failure messages stay unmaterialised (``ArchitectureResult.failing``).
    """
    helio = heliocentric(sc)
    archs, best = [], {}
    for plan in expand(sc):
        if plan.best_of is None:
            archs.append(evaluate_plan(sc, plan, helio, payload, finite))
            continue
        try:  # `strategies: best`: a strategy deltav cannot fly from this node is simply not a candidate
            a = evaluate_plan(sc, plan, helio, payload, finite)
        except InputError:
            continue
        if plan.best_of not in best:
            archs.append(a)
            best[plan.best_of] = len(archs) - 1
        else:
            archs[best[plan.best_of]] = _cheaper(archs[best[plan.best_of]], a)
    from deltav import vehicles

    lv = vehicles.get(sc.ferry.launcher)
    launcher = {"id": lv.id, "name": lv.name, "leo_kg": lv.payload_kg.get("LEO"), "source": lv.source("payload.LEO")}
    result = MissionResult(sc, helio, archs, assumptions=list(ASSUMPTIONS), launcher=launcher)
    result.assumptions[1] = f"Heliocentric leg: {helio.method} ({helio.notes or 'two-body, Sun only'})."
    cis = {(leg.model, leg.cislunar.origin, leg.cislunar.target, leg.cislunar.strategy)
           for a in archs for leg in a.burns if leg.cislunar is not None}
    label = {c: f"{c[1]} → {c[2]}" + (f" ({c[3]})" if c[3] else "") for c in cis}
    cr3bp = sorted(label[c] for c in cis if c[0] == "cr3bp")
    two_body = sorted(label[c] for c in cis if c[0] == "two-body")
    if cr3bp:
        result.assumptions.append("Cislunar legs in the Earth–Moon CR3BP, found by shooting (two-body estimate "
                                  f"beside each): {', '.join(cr3bp)}.")
    if two_body:
        result.assumptions.append("Cislunar legs as two-body (patched-conic) estimates, the Moon's gravity ignored "
                                  f"except at a flyby: {', '.join(two_body)}.")
    if cr3bp:
        result.assumptions.append(BCR4BP_SUMMARY)
    result.assumptions += effect_assumptions(sc, helio, archs)
    return result


def _cheaper(a: ArchitectureResult, b: ArchitectureResult) -> ArchitectureResult:
    """The alternative with the lower total delta-v, case by case (``a`` on ties)."""
    take_b = np.asarray(b.total_dv_km_s < a.total_dv_km_s)
    if take_b.ndim == 0:
        return b if take_b else a
    pick = lambda x, y: np.where(take_b, y, x)  # noqa: E731
    legs = [_merge(la, lb, pick) for la, lb in zip(a.legs, b.legs)]
    supplies = [_merge(sa, sb, pick) for sa, sb in zip(a.supplies, b.supplies)]
    launches = {k: pick(a.launches.get(k, 0), b.launches.get(k, 0)) for k in a.launches | b.launches}
    failing = [(pick(ma, mb), fa) for (ma, fa), (mb, _) in zip(a.failing, b.failing)]
    return dataclasses.replace(a, name=a.name.split(" [")[0], legs=legs, supplies=supplies, launches=launches,
                               failing=failing, strategy=pick(a.strategy, b.strategy),
                               ferry_launch_kg=pick(a.ferry_launch_kg, b.ferry_launch_kg))


def _merge(x, y, pick):
    """A dataclass whose numeric fields are taken case by case from ``x`` or ``y``."""
    out = {}
    for f in dataclasses.fields(x):
        u, v = getattr(x, f.name), getattr(y, f.name)
        numeric = isinstance(u, (int, float, np.ndarray, np.generic)) and isinstance(v, (int, float, np.ndarray,
                                                                                             np.generic))
        out[f.name] = pick(u, v) if numeric and not isinstance(u, bool) else u
    return dataclasses.replace(x, **out)
