"""Two-body (patched-conic) cislunar legs: impulsive tangential burns, coplanar with the Moon's orbit.

Each ``_tb_*`` function returns ``(burns km/s, tof s, notes)``; :func:`two_body` picks the one for a
pair, or returns None when the pair is not modelled. The formulas live in :mod:`deltav.core.cislunar`.
"""

from __future__ import annotations

import numpy as np

from deltav.cislunar.nodes import D_MOON_KM, GEO_RADIUS_KM, LPOINTS, N_RAD_S, NODES, SOI_KM, V_MOON_KM_S, lpoint_km
from deltav.core import cislunar as tb
from deltav.core.conics import hyperbolic_periapsis_speed, periapsis_speed
from deltav.core.constants import GM_EARTH, GM_MOON, R_MOON_KM
from deltav.core.transfers import hohmann_plane_change

def earth_radius(n, leo_r):
    return {"LEO": leo_r, "GEO": GEO_RADIUS_KM}[n]


def _tb_earth_to_earth(o, t, r1, r2, inc_deg):
    dv1, dv2, tof, split = hohmann_plane_change(GM_EARTH, r1, r2, np.radians(inc_deg))
    extra = f", plane change {inc_deg:g} deg split {float(split):.2f}/{1 - float(split):.2f}" if inc_deg else ", coplanar"
    return (float(dv1), float(dv2)), float(tof), f"Hohmann {o}->{t}{extra}"


def _tb_earth_tolpoint_km(o, t, r0):
    r_l, _ = lpoint_km(t)
    dv1, dv2, tof = tb.transfer_to_corotating(GM_EARTH, r0, r_l, N_RAD_S * r_l)
    return (float(dv1), float(dv2)), float(tof), (
        f"Hohmann to {r_l:,.0f} km, then match the point's speed n r = {N_RAD_S * r_l:.3f} km/s (Moon's gravity ignored)")


def _tb_earth_to_lpoint_flyby(o, t, r0, r_fb):
    """Hohmann to the Moon, powered flyby at ``r_fb`` onto a Moon-centred ellipse reaching Lx, stop there."""
    dv1, tof, vinf = _tli(r0)
    _, d = lpoint_km(t)
    v_in = float(hyperbolic_periapsis_speed(GM_MOON, r_fb, vinf))
    dv2 = abs(v_in - float(periapsis_speed(GM_MOON, r_fb, d)))
    dv3 = abs(N_RAD_S * d - float(tb.apoapsis_speed(GM_MOON, d, r_fb)))
    tof += float(np.pi * np.sqrt((0.5 * (r_fb + d)) ** 3 / GM_MOON))
    return (dv1, dv2, dv3), tof, (
        f"Hohmann to the Moon (v_inf {vinf:.3f} km/s), braking burn at a {r_fb - R_MOON_KM:g} km perilune onto "
        f"an ellipse to {t}, match its speed (patched conic; Farquhar-type lunar-flyby route)")


def _tli(r0):
    """Hohmann from r0 to the Moon's distance: (dv1, tof, v_inf at the Moon, km/s)."""
    dv1, _, tof = tb.transfer_to_corotating(GM_EARTH, r0, D_MOON_KM, V_MOON_KM_S)
    return float(dv1), float(tof), float(V_MOON_KM_S - tb.apoapsis_speed(GM_EARTH, D_MOON_KM, r0))


def _tb_earth_to_moon(o, t, r0, r_llo):
    dv1, tof, vinf = _tli(r0)
    vp = float(hyperbolic_periapsis_speed(GM_MOON, r_llo, vinf))
    if t == "LLO":
        return (dv1, vp - float(np.sqrt(GM_MOON / r_llo))), tof, (
            f"Hohmann to the Moon's distance, v_inf {vinf:.3f} km/s at the Moon, capture at periapsis")
    vs = float(hyperbolic_periapsis_speed(GM_MOON, R_MOON_KM, vinf))
    return (dv1, vs), tof, f"Hohmann to the Moon's distance, v_inf {vinf:.3f} km/s, direct landing burn to rest"


def _tb_llo_surface(r_llo):
    dv1 = float(np.sqrt(GM_MOON / r_llo) - tb.apoapsis_speed(GM_MOON, r_llo, R_MOON_KM))
    dv2 = float(periapsis_speed(GM_MOON, R_MOON_KM, r_llo))
    tof = float(np.pi * np.sqrt((0.5 * (r_llo + R_MOON_KM)) ** 3 / GM_MOON))
    return (dv1, dv2), tof, "Hohmann descent to the surface and stop (no gravity losses, non-rotating Moon)"


def _phasing_speed(angle_rad):
    """Along-track speed change that drifts a co-orbital by ``angle_rad`` in one lunar period.

    Tangential dv on a circular orbit changes the mean motion by dn/n = -3 dv/v, so the angle
    gained per revolution is 2 pi * 3 dv / v [Vallado sec. 6.6 phasing, linearised].
    """
    return float(V_MOON_KM_S * angle_rad / (6 * np.pi))


_PHASE = {"EML3": np.pi, "EML4": np.pi / 3, "EML5": np.pi / 3}


def _tb_moon_tolpoint_km(o, t, r_llo):
    r0 = R_MOON_KM if o == "lunar-surface" else r_llo
    v0 = 0.0 if o == "lunar-surface" else float(np.sqrt(GM_MOON / r0))
    if t in ("EML1", "EML2"):
        _, d = lpoint_km(t)
        dv1 = float(periapsis_speed(GM_MOON, r0, d)) - v0
        dv2 = abs(N_RAD_S * d - float(tb.apoapsis_speed(GM_MOON, d, r0)))
        tof = float(np.pi * np.sqrt((0.5 * (r0 + d)) ** 3 / GM_MOON))
        return (dv1, dv2), tof, f"Moon-centred Hohmann to {d:,.0f} km, match n d = {N_RAD_S * d:.3f} km/s"
    dp = _phasing_speed(_PHASE[t])
    dv1 = float(tb.escape_burn(GM_MOON, r0, v0, dp))
    return (dv1, dp), 2 * np.pi / N_RAD_S, (
        f"leave the Moon with v_inf {dp:.3f} km/s along its orbit, drift {np.degrees(_PHASE[t]):.0f} deg in one "
        "month, stop (patched conic, linear phasing)")


def v_needed_at_moon(v_inf):
    return float(hyperbolic_periapsis_speed(GM_EARTH, D_MOON_KM, v_inf))


def _tb_flyby_perigee(o, v_inf, llo_r, rp):
    """``lunar-flyby-perigee-burn`` from an L-point: reach the Moon, flyby (powered if need be) onto an Earth
    ellipse with apogee at the Moon's distance and perigee ``rp``, Oberth burn there to ``v_inf``.

    Leaving the Moon backwards with Moon-relative v_inf_out = V_moon - v_apo(D, r_p) puts the ferry at the
    apogee of that ellipse [Curtis eq. 2.81 (vis-viva), sec. 8.9 (flyby: |v_inf| kept, direction turned);
    Vallado sec. 12.4 (patched conics at the Moon)]; the perigee burn is Curtis eq. 8.41. Reaching the Moon
    is as in the ``lunar-flyby`` estimate (L1: reverse and fall, L2: fall, L3-5: phase in one month).
    """
    r_l, d_l = lpoint_km(o)
    v_apo = float(tb.apoapsis_speed(GM_EARTH, D_MOON_KM, rp))
    v_out = V_MOON_KM_S - v_apo  # Moon-relative excess speed, opposite to the Moon's velocity
    v_peri = float(periapsis_speed(GM_EARTH, rp, D_MOON_KM))
    b3 = float(tb.escape_burn(GM_EARTH, rp, v_peri, v_inf))
    t_down = float(np.pi * np.sqrt((0.5 * (D_MOON_KM + rp)) ** 3 / GM_EARTH))
    t_out = float(tb.hyperbolic_flight_time(GM_EARTH, rp, v_inf, SOI_KM))
    if o in ("EML1", "EML2"):
        # the perilune must move against the Moon's motion: on the near side of a prograde orbit about the
        # Moon. L2 (far side, prograde about the Moon) just falls there; L1 reverses its motion first.
        v_a = float(tb.apoapsis_speed(GM_MOON, d_l, llo_r))
        b1 = abs(N_RAD_S * d_l - v_a) if o == "EML2" else N_RAD_S * d_l + v_a
        b2 = float(tb.powered_flyby_burn(GM_MOON, llo_r, periapsis_speed(GM_MOON, llo_r, d_l), v_out))
        t_in = float(np.pi * np.sqrt((0.5 * (d_l + llo_r)) ** 3 / GM_MOON))
        how = f"{'fall' if o == 'EML2' else 'reverse and fall'} from {o} to a {llo_r - R_MOON_KM:g} km perilune"
    else:
        b1 = _phasing_speed(_PHASE[o])
        b2 = float(tb.flyby_escape_burn(GM_MOON, llo_r, b1, V_MOON_KM_S, v_apo))
        t_in = 2 * np.pi / N_RAD_S
        how = f"phase {np.degrees(_PHASE[o]):.0f} deg to the Moon in one month (v_inf {b1:.3f} km/s), flyby at " \
              f"{llo_r - R_MOON_KM:g} km"
    return (b1, b2, b3), t_in + t_down + t_out, (
        f"{how}, burn there to leave the Moon backwards (v_inf {v_out:.3f} km/s) onto a {rp:,.0f} km perigee, "
        "burn there (Oberth; patched conic)")


def _tb_escape(o, strategy, v_inf, leo_r, llo_r, rp):
    """Two-body escape legs: (burns, tof, notes)."""
    if strategy == "lunar-flyby-perigee-burn":
        if o in ("LEO", "GEO", "LLO", "lunar-surface"):
            # Earth orbits: a detour to the Moon cannot lower a perigee more cheaply than a retro-burn;
            # at the Moon the departure burn is the flyby burn: both are the perigee-burn route
            burns, tof, notes = _tb_escape(o, "perigee-burn", v_inf, leo_r, llo_r, rp)
            return burns, tof, f"= perigee-burn here: {notes}"
        return _tb_flyby_perigee(o, v_inf, llo_r, rp)
    t_out = lambda r_p: float(tb.hyperbolic_flight_time(GM_EARTH, r_p, v_inf, SOI_KM))
    if o in ("LEO", "GEO"):
        r0 = earth_radius(o, leo_r)
        v0 = float(np.sqrt(GM_EARTH / r0))
        if strategy == "direct-burn" or (strategy == "perigee-burn" and o == "LEO"):
            note = "LEO is already a low perigee: one burn" if strategy == "perigee-burn" else "one burn"
            return (float(tb.escape_burn(GM_EARTH, r0, v0, v_inf)),), t_out(r0), f"{note} at {r0:,.0f} km (Oberth)"
        if strategy == "perigee-burn":
            dv1, dv2, tof = tb.escape_via_perigee(GM_EARTH, r0, v0, rp, v_inf)
            return (float(dv1), float(dv2)), float(tof) + t_out(rp), f"drop to {rp:,.0f} km perigee, burn there"
        dv1, tof, vinf_m = _tli(r0)
        burn = float(tb.flyby_escape_burn(GM_MOON, llo_r, vinf_m, V_MOON_KM_S, v_needed_at_moon(v_inf)))
        return (dv1, burn), tof + t_out(D_MOON_KM), (
            f"Hohmann to the Moon (v_inf {vinf_m:.3f} km/s there), powered flyby at {llo_r - R_MOON_KM:g} km")
    if o in ("LLO", "lunar-surface"):
        r0 = llo_r if o == "LLO" else R_MOON_KM
        v0 = float(np.sqrt(GM_MOON / r0)) if o == "LLO" else 0.0
        if strategy in ("direct-burn", "lunar-flyby"):
            vm = v_needed_at_moon(v_inf) - V_MOON_KM_S
            pre = "already at the Moon: the flyby burn is the departure burn; " if strategy == "lunar-flyby" else ""
            return (float(tb.escape_burn(GM_MOON, r0, v0, vm)),), t_out(D_MOON_KM), (
                f"{pre}leave the Moon with v_inf {vm:.3f} km/s along its orbital velocity (patched conic)")
        if strategy == "perigee-burn":
            vm = V_MOON_KM_S - float(tb.apoapsis_speed(GM_EARTH, D_MOON_KM, rp))
            dv1 = float(tb.escape_burn(GM_MOON, r0, v0, vm))
            dv2 = float(tb.escape_burn(GM_EARTH, rp, periapsis_speed(GM_EARTH, rp, D_MOON_KM), v_inf))
            tof = float(np.pi * np.sqrt((0.5 * (D_MOON_KM + rp)) ** 3 / GM_EARTH)) + t_out(rp)
            return (dv1, dv2), tof, f"leave the Moon backwards (v_inf {vm:.3f} km/s) to a {rp:,.0f} km perigee, burn there"
    # L-points
    r_l, d_l = lpoint_km(o)
    v_l = N_RAD_S * r_l
    if strategy == "direct-burn":
        return (float(tb.escape_burn(GM_EARTH, r_l, v_l, v_inf)),), t_out(r_l), (
            f"one prograde burn at {o} (speed n r = {v_l:.3f} km/s about Earth; Moon's gravity ignored)")
    if strategy == "perigee-burn":
        dv1, dv2, tof = tb.escape_via_perigee(GM_EARTH, r_l, v_l, rp, v_inf)
        return (float(dv1), float(dv2)), float(tof) + t_out(rp), (
            f"retro-burn at {o} to a {rp:,.0f} km perigee, burn there (Moon's gravity ignored)")
    v_need = v_needed_at_moon(v_inf)
    if o in ("EML1", "EML2"):
        # L1 (near side) moves prograde about the Moon: a retro-burn drops it to a far-side perilune
        # where the flyby leaves along the Moon's velocity. L2 (far side) would reach perilune on the
        # near side going the wrong way, so its orbit about the Moon is reversed (retrograde) first.
        v_a = float(tb.apoapsis_speed(GM_MOON, d_l, llo_r))
        nudge = abs(N_RAD_S * d_l - v_a) if o == "EML1" else N_RAD_S * d_l + v_a
        vp_in = float(periapsis_speed(GM_MOON, llo_r, d_l))
        burn = float(tb.powered_flyby_burn(GM_MOON, llo_r, vp_in, v_need - V_MOON_KM_S))
        tof = float(np.pi * np.sqrt((0.5 * (d_l + llo_r)) ** 3 / GM_MOON)) + t_out(D_MOON_KM)
        return (nudge, burn), tof, (
            f"{'fall' if o == 'EML1' else 'reverse and fall'} from {o} to a {llo_r - R_MOON_KM:g} km perilune, burn "
            "there to leave along the Moon's velocity")
    dp = _phasing_speed(_PHASE[o])
    burn = float(tb.flyby_escape_burn(GM_MOON, llo_r, dp, V_MOON_KM_S, v_need))
    return (dp, burn), 2 * np.pi / N_RAD_S + t_out(D_MOON_KM), (
        f"phase {np.degrees(_PHASE[o]):.0f} deg to the Moon in one month (v_inf {dp:.3f} km/s), powered flyby at "
        f"{llo_r - R_MOON_KM:g} km")


def two_body(o, t, strategy, v_inf, leo_r, llo_r, rp, inc_deg):
    """Forward two-body leg: (burns, tof, notes), or None if the pair is not modelled."""
    earth = ("LEO", "GEO")
    if o in earth and t in earth and o != t:
        return _tb_earth_to_earth(o, t, earth_radius(o, leo_r), earth_radius(t, leo_r), inc_deg)
    if o in earth and t in ("EML1", "EML2") and strategy == "lunar-flyby":
        return _tb_earth_to_lpoint_flyby(o, t, earth_radius(o, leo_r), llo_r)
    if o in earth and t in LPOINTS:
        return _tb_earth_tolpoint_km(o, t, earth_radius(o, leo_r))
    if o in earth and t in ("LLO", "lunar-surface"):
        return _tb_earth_to_moon(o, t, earth_radius(o, leo_r), llo_r)
    if o == "LLO" and t == "lunar-surface":
        return _tb_llo_surface(llo_r)
    if o in ("LLO", "lunar-surface") and t in LPOINTS:
        return _tb_moon_tolpoint_km(o, t, llo_r)
    if t == "escape" and o != "escape":
        return _tb_escape(o, strategy, v_inf, leo_r, llo_r, rp)
    return None


def supported_pairs() -> list[tuple[str, str]]:
    """All (origin, target) pairs :func:`transfer_dv` models (reverse legs included)."""
    out = []
    for o in NODES:
        for t in NODES:
            if o == t or o == "escape":
                continue
            probe = two_body(o, t, "direct-burn", 1.0, 6678.0, 1837.4, 6678.0, 0.0) if t != "escape" else True
            back = t != "escape" and two_body(t, o, None, 1.0, 6678.0, 1837.4, 6678.0, 0.0)
            if probe or back:
                out.append((o, t))
    return out


