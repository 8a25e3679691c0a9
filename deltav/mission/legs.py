"""The delta-v of each event of a plan: launches, cislunar legs, planetary departure and capture.

Parking and arrival altitudes may be arrays over the cases of a sweep: the conic legs are array
expressions; a cislunar leg is solved once per distinct altitude (a propagated leg is not an array
expression) and spread back over the cases.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from deltav import bodies
from deltav.core import conics
from deltav.mission import effects
from deltav.mission.results import Heliocentric, LegResult
from deltav.scenario import PLANETS, Scenario


def cislunar_leg(sc: Scenario, origin: str, target: str, helio: Heliocentric | None = None, **kw):
    """The :class:`deltav.cislunar.CislunarLeg`, its delta-v an array when the parking altitude is one, plus the
    plane change the parking orbit's inclination implies (:mod:`deltav.mission.effects`)."""
    leg = _cislunar_leg(sc, origin, target, **kw)
    extra, note = effects.plane_change(sc, origin, target, helio)
    if not note:
        return leg
    return dataclasses.replace(leg, dv_km_s=leg.dv_km_s + extra, notes="; ".join(filter(None, [leg.notes, note])))


def _cislunar_leg(sc: Scenario, origin: str, target: str, **kw):
    from deltav import cislunar

    altitude = np.asarray(sc.earth_orbit.altitude, float)
    if altitude.ndim == 0:
        return cislunar.transfer_dv(origin, target, leo_altitude_km=float(altitude), model=sc.cislunar_model, **kw)
    values, where = np.unique(altitude, return_inverse=True)
    legs = [cislunar.transfer_dv(origin, target, leo_altitude_km=float(h), model=sc.cislunar_model, **kw)
            for h in values]
    dv = np.array([leg.dv_km_s for leg in legs])[where.reshape(altitude.shape)]
    tb = np.array([np.nan if leg.two_body_dv_km_s is None else leg.two_body_dv_km_s for leg in legs])
    return dataclasses.replace(legs[0], dv_km_s=dv, two_body_dv_km_s=tb[where.reshape(altitude.shape)])


def _departure(sc: Scenario, node: str, strategy: str | None, helio: Heliocentric) -> LegResult:
    """Leave ``node`` onto the departure hyperbola with the transfer's v_inf."""
    v_inf = helio.v_inf_departure_km_s
    if node == "LEO":
        r_p = bodies.EARTH.radius_km + sc.earth_orbit.altitude
        r_a = None if sc.earth_orbit.apogee_altitude is None else bodies.EARTH.radius_km + sc.earth_orbit.apogee_altitude
        dv = conics.departure_dv(bodies.EARTH.gm, v_inf, r_p, r_a)
        dv, plane = effects.departure_declination(sc, helio, v_inf, r_p, dv)
        notes = "; ".join(filter(None, [f"periapsis burn to v∞ {v_inf:.3f} km/s (C3 {v_inf**2:.2f} km²/s²)", plane]))
        return LegResult(f"LEO → {sc.destination.title()} transfer", "burn", dv, model="patched conic", notes=notes,
                         departs_leo=True)
    leg = cislunar_leg(sc, node, "escape", v_inf_km_s=v_inf, strategy=strategy)
    label = f"{node} → {sc.destination.title()} transfer" + (f" ({leg.strategy})" if leg.strategy else "")
    return LegResult(label, "burn", leg.dv_km_s, tof_s=leg.tof_s, model=leg.model, notes=leg.notes,
                     two_body_dv_km_s=leg.two_body_dv_km_s, cislunar=leg)


def _capture(sc: Scenario, helio: Heliocentric) -> LegResult:
    """Capture at the destination into the arrival orbit (propulsive, or the burn after aerocapture)."""
    planet, arr = bodies.get(sc.destination), sc.arrival
    r_p = planet.radius_km + arr.periapsis_altitude
    r_a = effects.capture_apoapsis(sc)
    name = f"{planet.name} orbit insertion"
    if arr.aerocapture:
        # The atmosphere leaves an ellipse (periapsis in the atmosphere, apoapsis at the target's);
        # one burn at apoapsis lifts the periapsis to the target's.
        apo = r_p if r_a is None else r_a
        r_aero = planet.radius_km + arr.aerocapture_periapsis_altitude
        dv = conics.periapsis_speed(planet.gm, apo, r_p) - conics.periapsis_speed(planet.gm, apo, r_aero)
        return LegResult(f"{name} (aerocapture + periapsis raise)", "burn", dv,
                         model="patched conic", notes="aerocapture removes v∞; burn raises periapsis")
    dv = conics.capture_dv(planet.gm, helio.v_inf_arrival_km_s, r_p, r_a)
    return LegResult(name, "burn", dv, model="patched conic",
                     notes=f"periapsis burn from v∞ {helio.v_inf_arrival_km_s:.3f} km/s into {effects.capture_orbit(sc)}")


def burn_legs(sc: Scenario, origin: str, target: str, strategy: str | None, dv_override: float | None,
               helio: Heliocentric) -> list[LegResult]:
    if target in PLANETS:
        legs = [_departure(sc, origin, strategy, helio), _capture(sc, helio)]
        legs[0].tof_s += 0.0 if math.isnan(helio.tof_s) else helio.tof_s  # the interplanetary coast follows it
    else:
        leg = cislunar_leg(sc, origin, target, helio, strategy=strategy)
        legs = [LegResult(f"{origin} → {target}" + (f" ({strategy})" if strategy else ""), "burn", leg.dv_km_s,
                          tof_s=leg.tof_s, model=leg.model, notes=leg.notes, two_body_dv_km_s=leg.two_body_dv_km_s,
                          cislunar=leg)]
    if dv_override is not None:  # the user's what-if replaces the first burn's computed dv
        computed = np.asarray(legs[0].dv_km_s)
        legs[0].notes = ("dv given by the scenario" + (f" (computed: {float(computed):.3f} km/s)"
                                                      if computed.ndim == 0 else ""))
        legs[0].dv_km_s, legs[0].model = dv_override, "given"
    return legs
