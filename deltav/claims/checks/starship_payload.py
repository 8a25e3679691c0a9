"""starship-payload: what Starship lands on Mars, refilled in LEO or flown directly, by the rocket equation."""

from __future__ import annotations

import math

import numpy as np

from deltav import bodies, vehicles
from deltav.claims.checks.registry import Finding, Pending, VehicleId, check, g4
from deltav.claims.checks.transfers import min_c3_window
from deltav.core import conics, rocket
from deltav.inputs import Altitude, Mass, Speed, Strict


class PayloadStates(Strict):
    payload_to_surface: Mass  # "more than X to the Mars surface in one trip"


class PayloadInputs(Strict):
    vehicle: VehicleId
    stage: str = "ship"
    leo_altitude: Altitude
    window_year: int
    landing_dv: Speed
    landing_dv_range: tuple[Speed, Speed]
    landing_dv_source: str
    tanker: VehicleId  # a tanker flight delivers this vehicle's LEO payload as propellant


@check("starship_payload", PayloadStates, PayloadInputs)
def starship_payload(states: PayloadStates, inputs: PayloadInputs) -> Finding:
    v = vehicles.get(inputs.vehicle)
    ship = v.stage(inputs.stage)
    leo_cap = v.payload_kg["LEO"]
    tanker_load = vehicles.get(inputs.tanker).payload_kg["LEO"]
    if None in (ship.dry_kg, ship.propellant_kg, ship.isp_vac_s, leo_cap, tanker_load):
        raise Pending(f"{v.id} lacks a published dry mass, propellant load, vacuum Isp or LEO payload")
    c3, vinf_arr, window = min_c3_window(inputs.window_year)
    r_leo = bodies.EARTH.radius_km + inputs.leo_altitude
    dv_tmi = float(conics.departure_dv(bodies.EARTH.gm, math.sqrt(c3), r_leo))
    dv = dv_tmi + inputs.landing_dv  # Mars entry is aerodynamic (no capture burn), then a propulsive landing
    dry, prop, isp = ship.dry_kg, ship.propellant_kg, ship.isp_vac_s
    R = float(rocket.mass_ratio(dv, isp))

    def refilled(dv_total):
        p = rocket.max_payload(dv_total, isp, dry, prop)
        return float(np.nan_to_num(p, nan=0.0))

    def unrefilled(dv_total):
        # Arriving in LEO the ship carries payload + leftover propellant <= its LEO capability;
        # the best split lands (dry + cap) / R - dry.
        return max(0.0, (dry + leo_cap) / float(rocket.mass_ratio(dv_total, isp)) - dry)

    p_ref, p_direct = refilled(dv), unrefilled(dv)
    wanted = states.payload_to_surface
    need = float(rocket.propellant_from_final(dv, isp, dry + wanted))
    leftover = max(0.0, leo_cap - wanted)  # propellant the ship itself can bring up with the payload
    tankers = math.ceil(max(0.0, need - leftover) / tanker_load) if need <= prop else None
    tankers_full = math.ceil(max(0.0, prop - leftover) / tanker_load)
    lo, hi = inputs.landing_dv_range
    parts = {f"lands > {wanted / 1e3:g} t with refilling in LEO": p_ref > wanted,
             f"lands > {wanted / 1e3:g} t flying directly (no refilling)": p_direct > wanted}
    numbers = {"c3_km2_s2": g4(c3), "dv_tmi_from_leo_km_s": g4(dv_tmi), "landing_dv_km_s": inputs.landing_dv,
               "dv_leo_to_surface_km_s": g4(dv), "mass_ratio_needed": g4(R),
               "ship_dv_full_tanks_no_payload_km_s": g4(float(rocket.stage_delta_v(isp, dry, prop, 0.0))),
               "payload_to_surface_refilled_t": g4(p_ref / 1e3), "payload_to_surface_direct_t": g4(p_direct / 1e3),
               "payload_refilled_landing_dv_range_t": [g4(refilled(dv_tmi + x) / 1e3) for x in (lo, hi)],
               "propellant_needed_for_stated_payload_t": g4(need / 1e3),
               "tanker_flights_for_stated_payload": tankers, "tanker_flights_to_fill_tanks": tankers_full,
               "dry_t": dry / 1e3, "propellant_t": prop / 1e3, "isp_vac_s": isp, "leo_payload_t": leo_cap / 1e3}
    summary = (f"From a {inputs.leo_altitude:g} km LEO, TMI at C3 {c3:.1f} km²/s² costs {dv_tmi:.2f} km/s; with "
               f"{inputs.landing_dv:g} km/s to land, the ship ({dry / 1e3:g} t dry, {prop / 1e3:,.0f} t propellant, "
               f"{isp:g} s) needs mass ratio {R:.2f}. Refilled in LEO, its propellant would land up to "
               f"~{p_ref / 1e3:,.0f} t — the rocket equation's limit, far above the published 100–150 t cargo "
               f"capacity, which is what binds ({tankers_full} tanker flights to fill up; {tankers} for "
               f"{wanted / 1e3:g} t); launched "
               f"directly without refilling it lands {p_direct / 1e3:,.0f} t. Its size serves refilling, not a "
               f"direct flight from Earth's surface.")
    sources = [f"{v.id} {inputs.stage} dry mass: {v.source(f'stages.{inputs.stage}.dry_kg')}",
               f"{v.id} {inputs.stage} propellant: {v.source(f'stages.{inputs.stage}.propellant_kg')}",
               f"{v.id} {inputs.stage} vacuum Isp: {v.source(f'stages.{inputs.stage}.isp_vac_s')}",
               f"{v.id} LEO payload: {v.source('payload.LEO')}",
               f"tanker load = {inputs.tanker} LEO payload: {vehicles.get(inputs.tanker).source('payload.LEO')}",
               f"transfer: {window}", f"landing delta-v: {inputs.landing_dv_source}"]
    return Finding(parts, summary, numbers, sources)
