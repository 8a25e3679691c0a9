"""Effects beyond the coplanar, impulsive budget: plane changes set by the parking orbit's inclination, and the
finite-burn (gravity) loss of the departure from LEO.

Plane changes (only when the scenario gives ``earth_orbit.inclination`` or a ``launch_site``; without them
every orbit is coplanar, as before):

* LEO → GEO: the inclined Hohmann transfer, the plane change shared between its two burns
  (:func:`deltav.core.planes.inclined_hohmann`; GEO is equatorial).
* LEO → the Moon's plane (LLO, the Earth–Moon L-points, the lunar surface): the plane change
  ``|i - i_moon|`` is combined with the arrival burn at the Moon's distance, where the ferry is slow (the
  apogee speed of the transfer ellipse, rotated and raised to the Moon's orbital speed; law of cosines,
  Vallado 2013 eq. 6-27). ``i_moon`` is the Moon's orbit's inclination to the equator on the transfer's
  departure date (:func:`deltav.core.planes.moon_inclination_to_equator`), or its mean 23.4 deg undated.
* The departure from LEO onto a dated (Lambert or window) transfer: the asymptote's declination must be
  reachable from the parking plane (:func:`deltav.core.planes.departure_dv_declination`).

Every value may be an array over the cases of a sweep.
"""

from __future__ import annotations

import numpy as np

from deltav import bodies
from deltav.core import conics, planes
from deltav.core.finite_burn import finite_burn
from deltav.inputs.bounds import capture_apoapsis_radius

#: The Moon's orbit's mean inclination to Earth's equator, deg: the obliquity, about which it swings
#: between 18.3 and 28.6 deg over 18.6 years (Meeus 1998, ch. 47; see core.planes.moon_inclination_to_equator).
MEAN_MOON_INCLINATION_DEG = 23.4
#: Nodes in the Moon's orbital plane (reached from LEO with an arrival burn at the Moon's distance).
MOON_PLANE = ("LLO", "EML1", "EML2", "EML3", "EML4", "EML5", "lunar-surface")


def _num(x, fmt: str) -> str:
    """A number for a note (notes are text: arrays over sweep cases are summarised as 'per case')."""
    return format(float(x), fmt) if np.ndim(x) == 0 else "(per case)"


def capture_apoapsis(sc):
    """Apoapsis radius (km) of the arrival orbit: given, from its period, or None (circular)."""
    planet, arr = bodies.get(sc.destination), sc.arrival
    if arr.period is not None:
        return capture_apoapsis_radius(planet.gm, planet.radius_km + arr.periapsis_altitude, arr.period)
    return None if arr.apoapsis_altitude is None else planet.radius_km + arr.apoapsis_altitude


def capture_orbit(sc) -> str:
    """The arrival orbit in words: '300 km circular' or '300 × 33,793 km (period 24.66 h)'."""
    planet, arr = bodies.get(sc.destination), sc.arrival
    r_a = capture_apoapsis(sc)
    h_p = _num(arr.periapsis_altitude, ",.0f")
    if r_a is None:
        return f"a {h_p} km circular orbit"
    a = 0.5 * (planet.radius_km + arr.periapsis_altitude + r_a)
    period = 2 * np.pi * np.sqrt(a**3 / planet.gm) / 3600.0
    return f"a {h_p} × {_num(r_a - planet.radius_km, ',.0f')} km orbit (period {_num(period, '.2f')} h)"


def moon_inclination(helio) -> tuple[float, str]:
    """The Moon's orbit's inclination to the equator (deg) at the transfer's departure, and how it was found."""
    if getattr(helio, "depart_jd", None) is not None:
        i = float(np.rad2deg(planes.moon_inclination_to_equator(helio.depart_jd)))
        return i, f"the Moon's orbit {i:.1f}° to the equator on {helio.depart}"
    return MEAN_MOON_INCLINATION_DEG, (f"the Moon's orbit at its mean {MEAN_MOON_INCLINATION_DEG}° to the equator "
                                       "(18.3–28.6° over 18.6 years; the transfer has no date)")


def plane_change(sc, origin: str, target: str, helio) -> tuple[object, str]:
    """Extra delta-v (km/s) of a cislunar leg from LEO for the parking orbit's inclination, and a note."""
    inc = sc.earth_orbit.plane
    if inc is None or origin != "LEO" or sc.earth_orbit.apogee_altitude is not None:
        return 0.0, ""
    r_leo = bodies.EARTH.radius_km + np.asarray(sc.earth_orbit.altitude, float)
    if target == "GEO":
        _, _, extra, _ = planes.inclined_hohmann(bodies.EARTH.gm, r_leo, bodies.EARTH.radius_km + 35786.0,
                                                 np.deg2rad(inc), 0.0)
        return extra, f"plane change {_num(inc, '.1f')}° → 0° (GEO) shared between the burns: +{_num(extra, '.3f')} km/s"
    if target not in MOON_PLANE:
        return 0.0, ""
    i_moon, how = moon_inclination(helio)
    di = np.deg2rad(np.abs(np.asarray(inc, float) - i_moon))
    r_moon = bodies.MOON.sma_km
    v_apo = conics.vis_viva(bodies.EARTH.gm, r_moon, 0.5 * (r_leo + r_moon))
    v_moon = conics.circular_speed(bodies.EARTH.gm + bodies.MOON.gm, r_moon)
    extra = conics.combined_plane_change_dv(v_apo, v_moon, di) - (v_moon - v_apo)
    return extra, (f"plane change |{_num(inc, '.1f')}° − {i_moon:.1f}°| ({how}) combined with the arrival at the "
                   f"Moon's distance: +{_num(extra, '.3f')} km/s")


def departure_declination(sc, helio, v_inf, r_p, dv):
    """The LEO departure burn (km/s) allowing for the asymptote's declination, and a note."""
    inc = sc.earth_orbit.plane
    if inc is None:
        return dv, ""
    if sc.earth_orbit.apogee_altitude is not None:
        return dv, "asymptote declination not checked for an elliptic parking orbit"
    vec = getattr(helio, "v_inf_departure_vec", None)
    if vec is None:
        return dv, (f"asymptote declination unknown for a {helio.method.split(' ')[0]} transfer (no date): "
                    f"departure assumed in the {_num(inc, '.1f')}° parking plane")
    dla, _ = planes.asymptote_declination(np.asarray(vec, float))
    dv_d, turn = planes.departure_dv_declination(bodies.EARTH.gm, v_inf, r_p, np.deg2rad(inc), dla)
    return dv_d, (f"asymptote declination {float(np.rad2deg(dla)):.1f}° from a {_num(inc, '.1f')}° parking orbit: "
                  f"plane turn {_num(np.rad2deg(turn), '.1f')}° folded into the burn")


def finite_burns(sc, res, helio) -> None:
    """Fill ``finite_burn_dv_km_s`` and ``gravity_loss_km_s`` of each departure from LEO (needs ``ferry.thrust``
    and the mass budget): the burn integrated at constant thrust from the ferry's mass before it. Reported
    beside the impulsive delta-v, which stays the one budgeted."""
    thrust = sc.ferry.thrust
    if thrust is None:
        return
    r_p = bodies.EARTH.radius_km + np.asarray(sc.earth_orbit.altitude, float)
    r_a0 = None if sc.earth_orbit.apogee_altitude is None else bodies.EARTH.radius_km + sc.earth_orbit.apogee_altitude
    for leg in res.burns:
        if not leg.departs_leo:
            continue
        m0 = np.asarray(leg.mass_after_kg, float) + np.asarray(leg.propellant_kg, float)
        fb = finite_burn(bodies.EARTH.gm, r_p, m0, thrust, sc.ferry.isp, c3=helio.v_inf_departure_km_s**2, r_a0=r_a0)
        # The loss is measured against the core's own impulse; add it to the budgeted (declination-aware) burn.
        leg.gravity_loss_km_s = fb.loss
        leg.finite_burn_dv_km_s = leg.dv_km_s + fb.loss


def effect_assumptions(sc, helio, archs) -> list[str]:
    """Assumption lines for the report: the capture orbit, boil-off, inclination and finite burns in use."""
    out = [f"Capture at {sc.destination.title()} into {capture_orbit(sc)}"
           + (" (aerocapture, then a periapsis raise)." if sc.arrival.aerocapture else ", by one periapsis burn.")]
    rate = sc.ferry.boiloff
    depot = sc.depot.boiloff if sc.depot is not None else 0.0
    if np.any(np.asarray(rate) > 0) or np.any(np.asarray(depot) > 0):
        out.append(f"Boil-off: {_num(np.asarray(rate) * 100, '.3g')} %/d of the ferry's propellant on each coast "
                   f"after a burn (the {helio.tof_s / 86400:.0f}-day cruise included: the capture burn's propellant is "
                   "loaded with that margin); "
                   + (f"{_num(np.asarray(depot) * 100, '.3g')} %/d of the refuelled propellant over a "
                      f"{_num(np.asarray(sc.depot.loiter) / 86400, '.0f')}-day wait at the depot."
                      if sc.depot is not None else "no depot."))
    else:
        out.append("No boil-off (ferry.boiloff and depot.boiloff are 0).")
    inc = sc.earth_orbit.plane
    if inc is None:
        out.append("Parking orbit coplanar with GEO, the Moon's orbit and the departure asymptote (no inclination "
                   "given).")
    else:
        site = f" (launch from {sc.earth_orbit.launch_site})" if sc.earth_orbit.launch_site else ""
        _, how = moon_inclination(helio)
        out.append(f"Parking orbit inclined {_num(inc, '.1f')}°{site}: plane changes to GEO (inclined Hohmann) and "
                   f"to the Moon's plane ({how}; combined with the arrival at the Moon's distance) are in the "
                   "cislunar legs from LEO; the departure to the planet allows for the asymptote's declination "
                   "when the transfer is dated.")
    if sc.ferry.thrust is not None:
        for a in archs:
            for leg in a.burns:
                if leg.gravity_loss_km_s is not None and np.ndim(leg.gravity_loss_km_s) == 0:
                    out.append(f"Finite burn, {a.name}, {leg.name}: {sc.ferry.thrust / 1e3:.0f} kN from "
                               f"{(leg.mass_after_kg + leg.propellant_kg) / 1e3:.1f} t: "
                               f"{float(leg.finite_burn_dv_km_s):.3f} km/s instead of the impulsive "
                               f"{float(leg.dv_km_s):.3f} (gravity loss {float(leg.gravity_loss_km_s):.3f} km/s, "
                               "one burn, tangential steering; reported, not budgeted).")
    return out
