"""Mission architectures as legs, their delta-v and their mass budgets.

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

import math
from dataclasses import dataclass, field

import numpy as np

from deltav import bodies
from deltav.core import conics, rocket
from deltav.errors import DeltavError, InputError
from deltav.plans import Plan, expand
from deltav.scenario import PLANETS, Scenario
from deltav.supply import Supply, supply

DAY = 86400.0
#: Excess speeds above this are not a mission anyone would fly (the fastest probes leave at ~12 km/s).
MAX_VINF_KM_S = 20.0


# --------------------------------------------------------------------------- results

@dataclass
class LegResult:
    """One event of an architecture, with its cost. Masses in kg, dv in km/s, time in s."""

    name: str
    kind: str  # "launch" | "burn" | "refuel"
    dv_km_s: float = 0.0
    propellant_kg: float = 0.0  # burnt (burn) or loaded (launch, refuel)
    tof_s: float = 0.0
    mass_after_kg: float = 0.0
    model: str = ""  # how the dv was found: "two-body", "cr3bp", "patched conic", "given"
    notes: str = ""
    two_body_dv_km_s: float | None = None
    cislunar: object = field(default=None, repr=False)  # the deltav.cislunar.CislunarLeg behind it, if any


@dataclass
class ArchitectureResult:
    """A whole architecture: legs, totals, launches, and whether it closes (and if not, why)."""

    name: str
    legs: list[LegResult]
    strategy: str | None = None
    depot: str | None = None  # node of the (first) refuel, None when never refuelled
    supplies: list[Supply] = field(default_factory=list)
    launches: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    ferry_launch_kg: float = 0.0
    ferry_launch_count: int = 0
    tanker_dry_kg: float = 0.0  # dry mass of each Earth tanker (what a tanker flight does not burn or deliver)

    @property
    def burns(self) -> list[LegResult]:
        return [leg for leg in self.legs if leg.kind == "burn"]

    @property
    def total_dv_km_s(self) -> float:
        return float(sum(leg.dv_km_s for leg in self.burns))

    @property
    def ferry_propellant_kg(self) -> float:
        return float(sum(leg.propellant_kg for leg in self.burns))

    @property
    def depot_propellant_kg(self) -> float:
        return float(sum(s.delivered_kg for s in self.supplies))

    @property
    def imleo_kg(self) -> float:
        """Initial mass in LEO: the ferry as launched, Earth tankers, and lunar propellant delivered to LEO."""
        lunar_in_leo = sum(s.delivered_kg for s in self.supplies if s.source == "moon" and s.node == "LEO")
        return self.ferry_launch_kg + sum(s.earth_launched_kg for s in self.supplies) + lunar_in_leo

    @property
    def earth_launched_kg(self) -> float:
        """Mass launched from Earth's surface to LEO: the ferry and every Earth tanker."""
        return self.ferry_launch_kg + sum(s.earth_launched_kg for s in self.supplies)

    @property
    def propellant_by_source_kg(self) -> dict[str, float]:
        out = {"launched with the ferry": self.legs[0].propellant_kg if self.legs and self.legs[0].kind == "launch"
               else 0.0}
        for s in self.supplies:
            key = "Earth tankers" if s.source == "earth" else "lunar surface"
            out[key] = out.get(key, 0.0) + s.delivered_kg
        return out

    @property
    def tof_days(self) -> float:
        return sum(leg.tof_s for leg in self.legs) / DAY

    @property
    def closes(self) -> bool:
        return not self.failures


@dataclass
class Heliocentric:
    """The interplanetary leg shared by all architectures."""

    method: str
    v_inf_departure_km_s: float
    v_inf_arrival_km_s: float
    tof_s: float
    depart: str | None = None
    arrive: str | None = None
    notes: str = ""

    @property
    def c3_km2_s2(self) -> float:
        return self.v_inf_departure_km_s ** 2


@dataclass
class MissionResult:
    scenario: Scenario
    heliocentric: Heliocentric
    architectures: list[ArchitectureResult]
    claims: list = field(default_factory=list)
    breakeven: dict = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    # The ferry's launcher as plain values {"id", "name", "leo_kg", "source"}: plain so that drawing
    # workers can unpickle a result without loading the vehicle catalogue.
    launcher: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- heliocentric leg

def heliocentric(sc: Scenario) -> Heliocentric:
    """Departure and arrival excess speeds for the scenario's transfer (Hohmann, Lambert, window, given)."""
    t, target = sc.transfer, bodies.get(sc.destination)
    if t.type == "vinf":
        return Heliocentric("given", t.v_inf_departure, t.v_inf_arrival, math.nan, notes="v_inf given by the scenario")
    if t.type == "hohmann":
        # Hohmann between mean circular orbits: v_inf = |transfer speed - planet speed| at each end.
        mu, r1, r2 = bodies.SUN.gm, bodies.EARTH.sma_km, target.sma_km
        a = 0.5 * (r1 + r2)
        v_dep = abs(float(conics.vis_viva(mu, r1, a) - conics.circular_speed(mu, r1)))
        v_arr = abs(float(conics.circular_speed(mu, r2) - conics.vis_viva(mu, r2, a)))
        return Heliocentric("Hohmann between mean circular orbits", v_dep, v_arr,
                            float(np.pi * np.sqrt(a**3 / mu)), notes="coplanar, circular planetary orbits")
    from deltav import launch_windows  # dated legs need ephemerides: imported only when asked for

    try:
        if t.type == "lambert":
            d = launch_windows.transfer("earth", sc.destination, t.depart, t.arrive, ephemeris=t.ephemeris)
            method = f"Lambert {d['depart']} -> {d['arrive']} ({t.ephemeris} ephemeris)"
        else:
            d = launch_windows.best_window("earth", sc.destination, t.year, kind=t.kind, ephemeris=t.ephemeris)
            method = f"optimal type {d.get('type', t.kind)} window of {t.year}: {d['depart']} -> {d['arrive']}"
    except DeltavError as exc:  # no window that year, ephemeris missing, ...: say where in the file
        raise sc.error(("transfer", "year" if t.type == "window" else "depart"), getattr(exc, "message", str(exc)),
                       getattr(exc, "expected", None)) from None
    v_dep, v_arr = d["vinf_departure_km_s"], d["vinf_arrival_km_s"]
    if not (np.isfinite(v_dep) and np.isfinite(v_arr)) or max(v_dep, v_arr) > MAX_VINF_KM_S:
        raise sc.error(("transfer",), f"this transfer ({d['depart']} -> {d['arrive']}, {d['tof_days']:.0f} days) needs "
                       f"v∞ {v_dep:.1f} km/s at departure and {v_arr:.1f} km/s at arrival: not a transfer any "
                       f"ferry can fly", "dates a few months apart in a launch window (see: deltav windows)")
    return Heliocentric(method, float(d["vinf_departure_km_s"]), float(d["vinf_arrival_km_s"]),
                        float(d["tof_days"]) * DAY, str(d["depart"]), str(d["arrive"]))


# --------------------------------------------------------------------------- legs

def _cislunar_leg(sc: Scenario, origin: str, target: str, **kw):
    from deltav import cislunar

    return cislunar.transfer_dv(origin, target, leo_altitude_km=sc.earth_orbit.altitude,
                                model=sc.cislunar_model, **kw)


def _departure(sc: Scenario, node: str, strategy: str | None, helio: Heliocentric) -> LegResult:
    """Leave ``node`` onto the departure hyperbola with the transfer's v_inf."""
    v_inf = helio.v_inf_departure_km_s
    if node == "LEO":
        r_p = bodies.EARTH.radius_km + sc.earth_orbit.altitude
        r_a = None if sc.earth_orbit.apogee_altitude is None else bodies.EARTH.radius_km + sc.earth_orbit.apogee_altitude
        dv = float(conics.departure_dv(bodies.EARTH.gm, v_inf, r_p, r_a))
        return LegResult(f"LEO → {sc.destination.title()} transfer", "burn", dv, model="patched conic",
                         notes=f"periapsis burn to v∞ {v_inf:.3f} km/s (C3 {v_inf**2:.2f} km²/s²)")
    leg = _cislunar_leg(sc, node, "escape", v_inf_km_s=v_inf, strategy=strategy)
    label = f"{node} → {sc.destination.title()} transfer" + (f" ({leg.strategy})" if leg.strategy else "")
    return LegResult(label, "burn", leg.dv_km_s, tof_s=leg.tof_s, model=leg.model, notes=leg.notes,
                     two_body_dv_km_s=leg.two_body_dv_km_s, cislunar=leg)


def _capture(sc: Scenario, helio: Heliocentric) -> LegResult:
    """Capture at the destination into the arrival orbit (propulsive, or the burn after aerocapture)."""
    planet, arr = bodies.get(sc.destination), sc.arrival
    r_p = planet.radius_km + arr.periapsis_altitude
    r_a = None if arr.apoapsis_altitude is None else planet.radius_km + arr.apoapsis_altitude
    name = f"{planet.name} orbit insertion"
    if arr.aerocapture:
        # The atmosphere leaves an ellipse (periapsis in the atmosphere, apoapsis at the target's);
        # one burn at apoapsis lifts the periapsis to the target's.
        apo = r_a or r_p
        r_aero = planet.radius_km + arr.aerocapture_periapsis_altitude
        dv = float(conics.periapsis_speed(planet.gm, apo, r_p) - conics.periapsis_speed(planet.gm, apo, r_aero))
        return LegResult(f"{name} (aerocapture + periapsis raise)", "burn", dv,
                         model="patched conic", notes="aerocapture removes v∞; burn raises periapsis")
    dv = float(conics.capture_dv(planet.gm, helio.v_inf_arrival_km_s, r_p, r_a))
    return LegResult(name, "burn", dv, model="patched conic",
                     notes=f"periapsis burn from v∞ {helio.v_inf_arrival_km_s:.3f} km/s")


def _burn_legs(sc: Scenario, origin: str, target: str, strategy: str | None, dv_override: float | None,
               helio: Heliocentric) -> list[LegResult]:
    if target in PLANETS:
        legs = [_departure(sc, origin, strategy, helio), _capture(sc, helio)]
        legs[0].tof_s += 0.0 if math.isnan(helio.tof_s) else helio.tof_s  # the interplanetary coast follows it
    else:
        leg = _cislunar_leg(sc, origin, target, strategy=strategy)
        legs = [LegResult(f"{origin} → {target}" + (f" ({strategy})" if strategy else ""), "burn", leg.dv_km_s,
                          tof_s=leg.tof_s, model=leg.model, notes=leg.notes, two_body_dv_km_s=leg.two_body_dv_km_s,
                          cislunar=leg)]
    if dv_override is not None:  # the user's what-if replaces the first burn's computed dv
        legs[0].notes = f"dv given by the scenario (computed: {legs[0].dv_km_s:.3f} km/s)"
        legs[0].dv_km_s, legs[0].model = dv_override, "given"
    return legs


def evaluate_plan(sc: Scenario, plan: Plan, helio: Heliocentric) -> ArchitectureResult:
    """Delta-v of every leg, then the ferry's mass budget, then the depot supply."""
    legs: list[LegResult] = []
    for ev in plan.events:
        if ev.kind == "launch":
            legs.append(LegResult(f"launch on {ev.node}" + (f" ×{ev.count}" if ev.count > 1 else ""), "launch",
                                  model="catalogue"))
        elif ev.kind == "burn":
            try:
                legs += _burn_legs(sc, ev.node, ev.target, ev.strategy, ev.dv, helio)
            except InputError as exc:  # e.g. a cislunar pair or strategy deltav does not model
                raise sc.error(ev.loc, exc.message, exc.expected) from None
        else:
            legs.append(LegResult(f"refuel at {ev.node}", "refuel", model="depot",
                                  tof_s=sc.depot.loiter if sc.depot else 0.0))
    res = ArchitectureResult(plan.name, legs, plan.strategy,
                             next((e.node for e in plan.events if e.kind == "refuel"), None))
    _mass_budget(sc, plan, res)
    return res


def _mass_budget(sc: Scenario, plan: Plan, res: ArchitectureResult) -> None:
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
            res.supplies.append(supply(sc, node, add, res, lambda o, t: _cislunar_leg(sc, o, t).dv_km_s))
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


# --------------------------------------------------------------------------- whole scenario

ASSUMPTIONS = (
    "Impulsive burns; patched conics; coplanar orbits unless a scenario gives inclinations.",
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
    """Evaluate every architecture of a scenario and judge the claims it can speak to.

    Parameters
    ----------
    sc : Scenario
        From :func:`deltav.scenario.load` (or built in code).

    Returns
    -------
    MissionResult
        Architectures with legs and mass budgets, the heliocentric leg, the depot break-even
        analysis, and the claims judged from them (see :mod:`deltav.beacon`).
    """
    helio = heliocentric(sc)
    archs, best = [], {}
    for plan in expand(sc):
        if plan.best_of is None:
            archs.append(evaluate_plan(sc, plan, helio))
            continue
        try:  # `strategies: best`: a strategy deltav cannot fly from this node is simply not a candidate
            a = evaluate_plan(sc, plan, helio)
        except InputError:
            continue
        if plan.best_of not in best:
            archs.append(a)
            best[plan.best_of] = len(archs) - 1
        elif a.total_dv_km_s < archs[best[plan.best_of]].total_dv_km_s:
            archs[best[plan.best_of]] = a
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
    from deltav import beacon

    result.breakeven = beacon.breakeven(result)
    if sc.check_claims:
        result.claims = beacon.judge(result)
        if sc.claims.windows:
            _judge_windows(sc, result)
    return result


def _judge_windows(sc: Scenario, result: MissionResult) -> None:
    """Judge the claims again in other launch windows; record the verdicts and whether they change."""
    by_window: dict[str, dict[int, str]] = {c.id: {} for c in result.claims}
    for year in sc.claims.windows:
        other = sc.model_copy(update={"transfer": sc.transfer.model_copy(update={"type": "window", "year": year}),
                                      "claims": sc.claims.model_copy(update={"windows": []})})
        for c in evaluate(other).claims:
            by_window[c.id][year] = c.verdict
    for c in result.claims:
        verdicts = by_window[c.id]
        c.numbers["verdict_by_window"] = verdicts
        years = ", ".join(map(str, verdicts))
        changed = {y: v for y, v in verdicts.items() if v != c.verdict}
        c.summary += (f" Same verdict in the {years} windows." if not changed else
                      " In other windows: " + ", ".join(f"{y} {v}" for y, v in changed.items()) + ".")
