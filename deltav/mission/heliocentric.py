"""The heliocentric leg every architecture of a scenario shares: Hohmann, Lambert, a window, or given v∞."""

from __future__ import annotations

import math

import numpy as np

from deltav import bodies
from deltav.core import conics
from deltav.errors import DeltavError
from deltav.mission.results import DAY, Heliocentric
from deltav.scenario import Scenario

#: Excess speeds above this are not a mission anyone would fly (the fastest probes leave at ~12 km/s).
MAX_VINF_KM_S = 20.0


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
    vec = d.get("vinf_departure_vec_km_s")
    return Heliocentric(method, float(d["vinf_departure_km_s"]), float(d["vinf_arrival_km_s"]),
                        float(d["tof_days"]) * DAY, str(d["depart"]), str(d["arrive"]), depart_jd=d.get("depart_jd"),
                        v_inf_departure_vec=None if vec is None else tuple(vec))
