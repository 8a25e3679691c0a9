"""The ``lunar-flyby-perigee-burn`` escape, propagated in the planar Earth–Moon CR3BP.

The cheapest way out of an L-point: fall to the Moon, let a (powered) lunar flyby throw the ferry
backwards onto an Earth ellipse with a low perigee, and add the escape energy there (Oberth).
The patched-conic estimate is :func:`deltav.cislunar.twobody._tb_flyby_perigee`. Here:

From an L-point (three burns):

1. at Lx (at rest in the rotating frame) a burn ``b1`` in the rotating-frame direction ``alpha``,
   solved by secant so that the first perilune closer than 19 000 km lies at ``llo_altitude_km``
   (as in :mod:`deltav.cislunar.flyby`);
2. at that perilune a burn ``b2`` along the Moon-relative velocity, solved by secant (on sqrt(r_p))
   so that the first Earth perigee afterwards lies at ``perigee_altitude_km``;
3. at that perigee a burn ``b3`` along the Earth-relative velocity, solved so that v∞ at Earth's
   sphere of influence equals the request (:func:`deltav.cislunar.shooting.solve_burn_for_c3`).

From LLO (two burns): the departure burn along the circular velocity at the angle ``theta`` of the
orbit (from the Earth->Moon axis), solved so that the first Earth perigee lies at the perigee
altitude; then the perigee burn as above.

The flybys form one-parameter families (``alpha``, ``theta``); the seeds in :data:`SEEDS` were found by
scanning (docs/cislunar.md) and the cheapest converged member is refined by a parabola, as in
:mod:`deltav.cislunar.flyby`. That is a scan, not an optimum.
"""

from __future__ import annotations

import functools

import numpy as np

from deltav.cislunar import memo
from deltav.cislunar.flyby import _parabola_vertex, burn_to_perilune
from deltav.cislunar.nodes import _CHECK_RTOL, _LU, _SEARCH_RTOL, _TU, _VU, SOI_KM, V_MOON_KM_S, VINF_FLOOR_KM_S
from deltav.cislunar.shooting import c3_at_soi, solve_burn_for_c3
from deltav.core import cislunar as tb
from deltav.core import cr3bp, cr3bp_targeting
from deltav.core.conics import hyperbolic_periapsis_speed
from deltav.core.constants import GM_EARTH, GM_MOON, R_EARTH_KM, R_MOON_KM

#: Departure angles (deg, as in :mod:`deltav.cislunar.flyby`) and first-burn guess (km/s) of the families whose
#: flyby sends the ferry back towards Earth, found by scanning 0-355 deg x 0.03-0.3 km/s (docs/cislunar.md);
#: "LLO": angles of the departure point on the lunar orbit from the Earth->Moon axis.
SEEDS = {
    "EML4": ((140.0, 150.0, 160.0, 170.0), 0.077),
    "EML5": ((195.0, 205.0, 215.0, 225.0), 0.084),
    "EML1": ((30.0, 40.0, 50.0, 60.0), 0.33),
    "EML2": ((240.0, 250.0, 260.0, 270.0), 0.15),
    "LLO": ((100.0, 110.0, 120.0, 130.0, 140.0), 0.8),
}
#: Only Earth periapses inside this distance (nondim, ~192 000 km) count as the perigee.
_PERIGEE_WITHIN = 0.5
_DOWN_DAYS = 20.0


def _earth_distance(y) -> float:
    return float(np.linalg.norm(y[:3] - cr3bp.primary_position("earth")))


def _perigee(state, rtol):
    """(t, state) at the first Earth periapsis inside :data:`_PERIGEE_WITHIN`; t NaN if none in 20 days."""
    return cr3bp_targeting.flow_to(state, _DOWN_DAYS * 86400.0 / _TU, ("periapsis", "earth", _PERIGEE_WITHIN),
                                   rtol=rtol)


def _burn_for_perigee(make_state, rp, b0):
    """Burn (nondim) whose arc ``make_state(b)`` has its first perigee at ``rp``: (b, t, state at perigee).

    sqrt(r_p) is nearly linear in the burn near a low perigee (h = sqrt(2 mu r_p) for r_p << r_apo),
    as in :func:`deltav.cislunar.shooting._drop_to_perigee`; NaN (no perigee) makes the secant step back.
    """
    def f(b):
        if not np.isfinite(b):
            return np.nan
        t, y = _perigee(make_state(b), _SEARCH_RTOL)
        return np.sqrt(_earth_distance(y)) if np.isfinite(t) else np.nan

    b, _, _ = cr3bp_targeting.secant(f, b0, b0 * 1.01 + 1e-4, np.sqrt(rp), tol=1e-7)
    t, y = _perigee(make_state(b), _CHECK_RTOL)
    if not np.isfinite(t) or abs(_earth_distance(y) - rp) * _LU > 1.0:
        raise ArithmeticError("the checked arc missed the perigee altitude")
    return b, t, y


def _perigee_burn(yg, rp_km, c3):
    """Oberth burn at the perigee state ``yg`` (nondim) to C3 = ``c3`` at the SOI: (b, state after, c3, t_soi)."""
    v_now = float(np.linalg.norm(cr3bp.inertial_velocity(yg, "earth"))) * _VU
    guess = (float(hyperbolic_periapsis_speed(GM_EARTH, rp_km, np.sqrt(c3) * _VU)) - v_now) / _VU
    b, _ = solve_burn_for_c3(lambda b: cr3bp.burn(yg, b, "earth"), c3, guess)
    s = cr3bp.burn(yg, b, "earth")
    c3_got, t_soi = c3_at_soi(s, rtol=_CHECK_RTOL)
    if not np.isfinite(t_soi):
        raise ArithmeticError("the checked arc did not reach the SOI")
    return b, s, c3_got, t_soi


def _v_out_backwards(rp_km) -> float:
    """Patched-conic Moon-relative excess speed that leaves the Moon backwards onto a perigee ``rp_km``, km/s."""
    return V_MOON_KM_S - float(tb.apoapsis_speed(GM_EARTH, cr3bp.LENGTH_KM, rp_km))


@functools.lru_cache(maxsize=256)
def _from_lpoint(lx, alpha_deg, b_guess_km_s, r_fb, rp, c3, t_max):
    """One member of the L-point family: (burns nondim, arcs, c3 reached), or ArithmeticError."""
    b1, s0, t_p, yp = burn_to_perilune(lx, alpha_deg, b_guess_km_s, r_fb, t_max)
    # first trial for b2: the patched-conic periapsis speed that leaves the Moon backwards
    v_now = float(np.linalg.norm(cr3bp.inertial_velocity(yp, "moon"))) * _VU
    v_want = float(hyperbolic_periapsis_speed(GM_MOON, r_fb * _LU, _v_out_backwards(rp * _LU)))
    b2, t_g, yg = _burn_for_perigee(lambda b: cr3bp.burn(yp, b, "moon"), rp, (v_want - v_now) / _VU)
    b3, s3, c3_got, t_soi = _perigee_burn(yg, rp * _LU, c3)
    arcs = ((tuple(s0), t_p), (tuple(cr3bp.burn(yp, b2, "moon")), t_g), (tuple(s3), t_soi))
    return (abs(b1), abs(b2), abs(b3)), arcs, c3_got


@functools.lru_cache(maxsize=256)
def _from_llo(theta_deg, b_guess_km_s, r_llo, rp, c3):
    """One member of the LLO family: (burns nondim, arcs, c3 reached), or ArithmeticError."""
    th = np.radians(theta_deg)
    v0 = np.sqrt(cr3bp.MU / r_llo)  # circular speed about the Moon, nondim

    def state(b):
        return cr3bp.circular_state(th, r_llo, v0 + b, "moon")

    b1, t_g, yg = _burn_for_perigee(state, rp, b_guess_km_s / _VU)
    b3, s3, c3_got, t_soi = _perigee_burn(yg, rp * _LU, c3)
    return (abs(b1), abs(b3)), ((tuple(state(b1)), t_g), (tuple(s3), t_soi)), c3_got


def solve(origin, v_inf_km_s, llo_r_km, rp_km, angles_deg=None, first_burn_guess_km_s=None, max_days=60.0):
    """The cheapest converged member over the departure angles: (burns km/s, tof s, v_inf km/s, notes, arcs).

    ``origin``: EML1..EML5 or LLO; radii in km (plain floats, validated by the caller); ``angles_deg=None``
    takes :data:`SEEDS`. Raises ArithmeticError when no angle converges (the caller then keeps the two-body
    estimate). Served by :mod:`deltav.cislunar.memo` when already solved for exactly these arguments.
    """
    angles = None if angles_deg is None else tuple(float(a) for a in np.atleast_1d(angles_deg))
    guess = None if first_burn_guess_km_s is None else float(first_burn_guess_km_s)
    return memo.served("flyby_perigee", (origin, float(v_inf_km_s), float(llo_r_km), float(rp_km), angles, guess,
                                         float(max_days)), _solve)


def _solve(origin, v_inf_km_s, llo_r_km, rp_km, angles_deg, first_burn_guess_km_s, max_days):
    seed_angles, seed_b = SEEDS.get(origin, ((), 0.1))
    angles = seed_angles if angles_deg is None else angles_deg
    if not angles:
        raise ArithmeticError(f"no departure angles known for a lunar flyby to a low perigee from {origin}")
    b_guess = seed_b if first_burn_guess_km_s is None else float(first_burn_guess_km_s)
    rp, c3 = rp_km / _LU, (max(float(v_inf_km_s), VINF_FLOOR_KM_S) / _VU) ** 2
    if origin == "LLO":
        def member(a, g):
            return _from_llo(float(a), float(g), llo_r_km / _LU, rp, c3)
    else:
        r_fb, t_max = llo_r_km / _LU, max_days * 86400.0 / _TU

        def member(a, g):
            return _from_lpoint(origin, float(a), float(g), r_fb, rp, c3, t_max)
    found = []

    def attempt(a, g):
        try:
            found.append((a, member(a, g)))
        except ArithmeticError:
            pass

    for a in angles:
        attempt(a, b_guess)
    vertex = _parabola_vertex([(a, sum(f[0])) for a, f in found])
    if vertex is not None:
        near = min(found, key=lambda f: abs(f[0] - vertex))[1][0][0]
        attempt(vertex, round(near * _VU, 6))
    if not found:
        raise ArithmeticError(f"no lunar flyby to a {rp_km - R_EARTH_KM:g} km perigee from {origin} for departure "
                              f"angles {', '.join(f'{a:g}' for a in angles)} deg")
    alpha, (burns, arcs, c3_got) = min(found, key=lambda f: sum(f[1][0]))
    burns = tuple(float(b * _VU) for b in burns)
    v_got = float(np.sqrt(max(c3_got, 0.0)) * _VU)
    tof = sum(T for _, T in arcs) * _TU
    where = "on the lunar orbit" if origin == "LLO" else "(rotating frame)"
    flyby = "" if origin == "LLO" else (f", perilune at {llo_r_km - R_MOON_KM:g} km after {arcs[0][1] * _TU / 86400:.1f}"
                                        f" d, burn {burns[1]:.3f} km/s there")
    notes = (f"CR3BP: burn {burns[0]:.3f} km/s at {origin} towards {alpha:.1f} deg {where}{flyby}, perigee at "
             f"{rp_km - R_EARTH_KM:g} km, burn {burns[-1]:.3f} km/s there; v_inf at the SOI ({SOI_KM:,.0f} km) = "
             f"{v_got:.4f} km/s; cheapest of {len(found)} departure angles that converged")
    return burns, tof, v_got, notes, arcs

