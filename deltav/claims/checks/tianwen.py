"""tianwen-1: do the launch and arrival dates fit a low-energy transfer, and could Long March 5 send the probe?"""

from __future__ import annotations

import math

from deltav import bodies, vehicles
from deltav.claims.checks.registry import Finding, Pending, VehicleId, check, g4
from deltav.claims.checks.transfers import lambert_transfer, window_min_c3
from deltav.core import conics
from deltav.inputs import Altitude, Date, Duration, Mass, Strict


class TianwenStates(Strict):
    launch: Date
    mars_orbit_insertion: Date
    spacecraft_mass: Mass


class TianwenInputs(Strict):
    launcher: VehicleId
    periapsis_altitude: Altitude
    period: Duration
    orbit_source: str
    mass_source: str
    c3_margin: float  # km^2/s^2 above the window's minimum C3 still called a low-energy transfer


@check("tianwen_1", TianwenStates, TianwenInputs)
def tianwen_1(states: TianwenStates, inputs: TianwenInputs) -> Finding:
    lv = vehicles.get(inputs.launcher)
    cap = lv.payload_kg["TMI"]
    mass_ok = None if cap is None else cap >= states.spacecraft_mass * (1 - 1e-9)
    tr = lambert_transfer("earth", "mars", states.launch, states.mars_orbit_insertion)
    c3, vinf_a = float(tr["c3_km2_s2"]), float(tr["vinf_arrival_km_s"])
    mu = bodies.MARS.gm
    a = (mu * (inputs.period / (2 * math.pi)) ** 2) ** (1 / 3)
    r_p = bodies.MARS.radius_km + inputs.periapsis_altitude
    r_a = 2 * a - r_p
    dv_cap = float(conics.capture_dv(mu, vinf_a, r_p, r_a))
    try:
        c3_min = window_min_c3(states.launch.year)["c3_km2_s2"]
    except Pending:
        c3_min = None
    low_energy = None if c3_min is None else c3 <= c3_min + inputs.c3_margin
    parts = {"dates fit a low-energy Earth-Mars transfer": low_energy,
             f"{lv.id} Mars-transfer capability covers the probe": mass_ok}
    tof = (states.mars_orbit_insertion - states.launch).days
    numbers = {"tof_days": tof, "c3_km2_s2": g4(c3), "vinf_departure_km_s": g4(float(tr["vinf_departure_km_s"])),
               "vinf_arrival_km_s": g4(vinf_a), "window_min_c3_km2_s2": g4(c3_min) if c3_min else None,
               "capture_dv_km_s": g4(dv_cap), "initial_orbit_apoapsis_altitude_km": g4(r_a - bodies.MARS.radius_km),
               "launcher_tmi_t": None if cap is None else cap / 1e3, "spacecraft_t": states.spacecraft_mass / 1e3}
    summary = (f"Lambert {states.launch} -> {states.mars_orbit_insertion} ({tof} d): C3 {c3:.1f} km²/s², "
               f"arrival v∞ {vinf_a:.2f} km/s, capture into the {inputs.periapsis_altitude:g} km x "
               f"{(r_a - bodies.MARS.radius_km) / 1e3:,.0f}k km orbit {dv_cap:.2f} km/s. {lv.name} Mars-transfer "
               f"capability {'—' if cap is None else f'{cap / 1e3:g} t'} vs a {states.spacecraft_mass / 1e3:g} t probe.")
    sources = [f"{lv.id} TMI: {lv.source('payload.TMI')}", f"Tianwen-1 mass: {inputs.mass_source}",
               f"Tianwen-1 initial Mars orbit: {inputs.orbit_source}",
               "transfer: deltav.launch_windows.transfer (Lambert between ephemeris states)"]
    return Finding(parts, summary, numbers, sources)
