"""CR3BP versions of the cislunar legs, found by shooting in the planar Earth–Moon CR3BP.

L-point arrivals (:func:`to_lpoint`) and escapes from an L-point (:func:`escape`) are propagated with
:mod:`deltav.core.cr3bp`; burns are solved by secant so that the arc reaches its target. Results
are in km/s and s, with the arcs kept (nondimensional) for :func:`deltav.cislunar.trajectory`.
"""

from __future__ import annotations

import functools

import numpy as np

from deltav.cislunar import memo
from deltav.cislunar.nodes import _CHECK_RTOL, _LU, _SEARCH_RTOL, _TU, _VU, SOI_KM, VINF_FLOOR_KM_S, lpoint_nd
from deltav.cislunar.twobody import earth_radius, two_body
from deltav.core import cr3bp, cr3bp_targeting
from deltav.core.constants import GM_EARTH, GM_MOON, R_EARTH_KM, R_MOON_KM

@functools.lru_cache(maxsize=64)
def to_lpoint(o, t, leo_r, llo_r):
    """Shoot a tangential-departure, apsis-arrival transfer to an L-point (see cr3bp_targeting.shoot_to_point).

    (burns km/s, tof s, None, notes, arcs); served by :mod:`deltav.cislunar.memo` when already solved.
    """
    return memo.served("to_lpoint", (o, t, leo_r, llo_r), _to_lpoint)


def _to_lpoint(o, t, leo_r, llo_r):
    mu = cr3bp.MU
    target = lpoint_nd(t)
    if o in ("LEO", "GEO"):
        primary, gm, r0_km = "earth", GM_EARTH, earth_radius(o, leo_r)
        v0 = float(np.sqrt(gm / r0_km))
    else:
        primary, gm = "moon", GM_MOON
        r0_km = R_MOON_KM if o == "lunar-surface" else llo_r
        v0 = 0.0 if o == "lunar-surface" else float(np.sqrt(gm / r0_km))
    guess_leg = two_body(o, t, None, None, leo_r, llo_r, 0.0, 0.0)
    r0 = r0_km / _LU
    T = guess_leg[1] / _TU
    rel = target - cr3bp.primary_position(primary, mu)
    v_guess = (v0 + guess_leg[0][0] if o != "lunar-surface" else guess_leg[0][0]) / _VU
    theta = float(np.arctan2(rel[1], rel[0]) + T - np.pi)
    th, v, T, arr, ok = cr3bp_targeting.shoot_to_point(target, r0, (theta, v_guess, T), primary, mu)
    miss_km = float(np.linalg.norm(arr[:3] - target) * _LU)
    if not ok or miss_km > 1.0:
        raise ArithmeticError(f"{o}->{t} shooting missed by {miss_km:.3g} km")
    dv1 = v * _VU - v0
    dv2 = float(np.linalg.norm(arr[3:6]) * _VU)
    vmin = cr3bp_targeting.jacobi_bound_speed(r0, target, primary, mu) * _VU - v0
    return (dv1, dv2), T * _TU, None, (
        f"CR3BP shooting: tangential departure, arrival at {t} at an apsis, miss {miss_km:.1e} km; "
        f"Jacobi bound on any ballistic transfer >= {vmin:.3f} km/s"), (
        (tuple(cr3bp.circular_state(th, r0, v, primary, mu)), T),)




def c3_at_soi(state, rtol=_SEARCH_RTOL, t_max=60.0):
    """Signed C3 (nondim) at Earth's SOI (or at t_max for arcs that never get there): v^2 - 2 U.

    Signed rather than NaN for bound arcs so that the secant can cross C3 = 0.
    """
    t, y = cr3bp_targeting.flow_to(state, t_max, ("radius", "earth", SOI_KM / _LU), rtol=rtol)
    rE = np.linalg.norm(y[:3] - cr3bp.primary_position("earth"))
    rM = np.linalg.norm(y[:3] - cr3bp.primary_position("moon"))
    e = np.sum(cr3bp.inertial_velocity(y) ** 2) - 2 * (1 - cr3bp.MU) / rE - 2 * cr3bp.MU / rM
    return float(e), t


def solve_burn_for_c3(make_state, c3_target, b0):
    """Burn magnitude (nondim) whose trajectory reaches the SOI with C3 = c3_target (to 1e-6 relative).

    The second trial is a Newton step with the two-body slope dC3/db = 2 v (v: speed after the burn).
    """
    def f(b):
        return c3_at_soi(make_state(b))[0]

    f0 = f(b0)
    v = float(np.linalg.norm(cr3bp.inertial_velocity(make_state(b0))))
    b1 = b0 + (c3_target - f0) / (2 * v)
    if abs(b1 - b0) < 1e-9:
        b1 = b0 + 1e-6
    b, _, n = cr3bp_targeting.secant(f, b0, b1, c3_target, tol=1e-6 * max(c3_target, 1e-3), f0=f0)
    return b, n


@functools.lru_cache(maxsize=64)
def _drop_to_perigee(o, rp, b_guess_km_s):
    """Retro-burn at an L-point (nondim) that brings the first perigee to ``rp`` km; (b, t, state, n)."""
    L = np.r_[lpoint_nd(o), 0.0, 0.0, 0.0]

    def peri(b, rtol=_SEARCH_RTOL):
        # sqrt(r_p) is nearly linear in the apogee speed (h = r v_a = sqrt(2 mu r_p) for r_p << r),
        # so the secant converges in a few steps
        t, y = cr3bp_targeting.flow_to(cr3bp.burn(L, -b, "earth"), 40.0, ("periapsis", "earth", 0.5), rtol=rtol)
        r = float(np.linalg.norm(y[:3] - cr3bp.primary_position("earth"))) if np.isfinite(t) else 0.5
        return np.sqrt(r), t, y

    b0 = b_guess_km_s / _VU
    b1, _, n = cr3bp_targeting.secant(lambda b: peri(b)[0], b0, b0 * 1.001, np.sqrt(rp / _LU), tol=1e-7)
    _, t, yp = peri(b1, _CHECK_RTOL)
    return b1, t, yp, n


@functools.lru_cache(maxsize=256)
def escape(o, strategy, v_inf, llo_r, rp, tb_burns):
    """Propagated escape from an L-point; burns solved by secant so the SOI v_inf matches.

    (burns km/s, tof s, v_inf km/s, notes, arcs); served by :mod:`deltav.cislunar.memo` when already solved.
    """
    return memo.served("escape", (o, strategy, v_inf, llo_r, rp, tb_burns), _escape)


def _escape(o, strategy, v_inf, llo_r, rp, tb_burns):
    L = np.r_[lpoint_nd(o), 0.0, 0.0, 0.0]
    c3 = (max(v_inf, VINF_FLOOR_KM_S) / _VU) ** 2
    if strategy == "direct-burn":
        b, n = solve_burn_for_c3(lambda b: cr3bp.burn(L, b, "earth"), c3, tb_burns[0] / _VU)
        burns, s1, how = (b,), cr3bp.burn(L, b, "earth"), "one burn along the inertial velocity at " + o
        t_pre, pre = 0.0, ()
    else:  # perigee-burn
        b1, t_pre, yp, n1 = _drop_to_perigee(o, rp, tb_burns[0])
        pre = ((tuple(cr3bp.burn(L, -b1, "earth")), t_pre),)
        b2, n = solve_burn_for_c3(lambda b: cr3bp.burn(yp, b, "earth"), c3, tb_burns[1] / _VU)
        burns, s1 = (b1, b2), cr3bp.burn(yp, b2, "earth")
        how = f"retro-burn at {o} to a {(rp - R_EARTH_KM):g} km perigee, burn there"
        n += n1
    c3_got, t_soi = c3_at_soi(s1, rtol=_CHECK_RTOL)
    v_got = float(np.sqrt(max(c3_got, 0.0)) * _VU)
    if not np.isfinite(t_soi):
        raise ArithmeticError(f"{o} {strategy}: the checked arc did not reach the SOI")
    notes = (f"CR3BP: {how}; burns solved by secant ({n} propagations) so v_inf at the SOI "
             f"({SOI_KM:,.0f} km) = {v_got:.4f} km/s")
    return tuple(abs(b) * _VU for b in burns), (t_pre + t_soi) * _TU, v_got, notes, pre + ((tuple(s1), t_soi),)


