"""Powered lunar flyby from an Earth–Moon L-point to Earth escape, propagated in the CR3BP.

The ``lunar-flyby`` escape strategy of :mod:`deltav.cislunar` is a patched-conic estimate: phase to
the Moon, fly by at ``llo_altitude_km`` and burn at perilune. Here the same route is propagated in
the planar Earth–Moon CR3BP:

1. at Lx (at rest in the rotating frame) a burn ``b1`` in the rotating-frame direction ``alpha``
   (degrees from the Earth→Moon axis towards the Moon's motion);
2. a coast to the first perilune closer than 19 000 km; ``b1`` is solved by secant so that this
   perilune lies at ``llo_altitude_km``;
3. a burn ``b2`` along the Moon-relative inertial velocity there, solved by secant so that v∞ at
   Earth's sphere of influence equals the request (the v∞ check of :mod:`deltav.cislunar`).

The flybys form a one-parameter family (``alpha``); :func:`lunar_flyby_cr3bp` solves several
departure angles and returns the cheapest that converges. That is a scan, not an optimum, and the
turn of the outgoing asymptote about Earth is not constrained (a launch date would fix it).
docs/cislunar.md compares the result with the patched-conic estimate.
"""

from __future__ import annotations

import functools

import numpy as np

from deltav.cislunar import memo
from deltav.cislunar.nodes import (_CHECK_RTOL, _SEARCH_RTOL, LPOINTS, SOI_KM, V_MOON_KM_S, VINF_FLOOR_KM_S, CislunarLeg,
                                   as_float, lpoint_nd, node)
from deltav.cislunar.shooting import c3_at_soi, solve_burn_for_c3
from deltav.cislunar.twobody import two_body, v_needed_at_moon
from deltav.core import cr3bp, cr3bp_targeting
from deltav.core.conics import hyperbolic_periapsis_speed
from deltav.core.constants import GM_MOON, R_EARTH_KM, R_MOON_KM
from deltav.errors import InputError

_VU, _TU, _LU = cr3bp.VELOCITY_KM_S, cr3bp.TIME_S, cr3bp.LENGTH_KM
#: Perilunes farther than this (nondim, ~19 000 km) are passes, not flybys.
_NEAR_MOON = 0.05

#: Departure angles (deg) and first-burn guess (km/s) whose perilunes lie on the family that leaves
#: along the Moon's velocity; found by scanning 0-355 deg x 0.05-0.6 km/s (docs/cislunar.md).
#: The family is smooth between these angles for flyby altitudes 30-2000 km; the cheapest is
#: refined by a parabola through it and its neighbours.
SEEDS = {
    "EML4": ((132.0, 144.0, 156.0, 168.0), 0.065),
    "EML5": ((192.0, 204.0, 216.0, 228.0), 0.08),
}


def _kick(lx: str, alpha: float, b: float) -> np.ndarray:
    """L-point state after a rotating-frame burn ``b`` (nondim) in direction ``alpha`` (rad)."""
    return np.r_[lpoint_nd(lx), b * np.cos(alpha), b * np.sin(alpha), 0.0]


def _perilune(state, t_max, rtol):
    """(t, state) at the first perilune inside ``_NEAR_MOON``; t is NaN if none before ``t_max``."""
    return cr3bp_targeting.flow_to(state, t_max, ("periapsis", "moon", _NEAR_MOON), rtol=rtol)


def _moon_distance(y) -> float:
    return float(np.linalg.norm(y[:3] - cr3bp.primary_position("moon")))


def burn_to_perilune(lx, alpha_deg, b_guess_km_s, r_fb, t_max):
    """The first burn at Lx (rotating-frame direction ``alpha_deg``) whose first perilune is at ``r_fb`` (nondim),
    solved by secant and re-propagated tight: (b1, state after it, t at perilune, state there), or ArithmeticError."""
    alpha = np.radians(alpha_deg)

    def sqrt_perilune(b):
        # sqrt(r_p) varies more linearly with the burn than r_p near a close pass, like the
        # perigee drop in deltav.cislunar; NaN (no flyby) makes the secant step back
        if not np.isfinite(b):
            return np.nan
        t, y = _perilune(_kick(lx, alpha, b), t_max, _SEARCH_RTOL)
        return np.sqrt(_moon_distance(y)) if np.isfinite(t) else np.nan

    b0 = b_guess_km_s / _VU
    b1, _, _ = cr3bp_targeting.secant(sqrt_perilune, b0, 1.01 * b0, np.sqrt(r_fb), tol=1e-7)
    s0 = _kick(lx, alpha, b1)
    t_p, yp = _perilune(s0, t_max, _CHECK_RTOL)
    if not np.isfinite(t_p) or abs(_moon_distance(yp) - r_fb) * _LU > 1.0:
        raise ArithmeticError("the checked arc missed the flyby altitude")
    return b1, s0, t_p, yp


@functools.lru_cache(maxsize=256)
def _solve_from_angle(lx, alpha_deg, b_guess_km_s, r_fb, v_aim_km_s, t_max):
    """One flyby: (b1, b2, t_perilune, t_soi, state0, state_after_b2, c3_reached) nondim, or raise ArithmeticError."""
    c3 = (v_aim_km_s / _VU) ** 2
    b1, s0, t_p, yp = burn_to_perilune(lx, alpha_deg, b_guess_km_s, r_fb, t_max)
    # first trial for b2: the patched-conic periapsis speed that leaves along the Moon's velocity
    v_inf_out = v_needed_at_moon(v_aim_km_s) - V_MOON_KM_S
    v_now = float(np.linalg.norm(cr3bp.inertial_velocity(yp, "moon"))) * _VU
    guess = (float(hyperbolic_periapsis_speed(GM_MOON, r_fb * _LU, max(v_inf_out, 0.0))) - v_now) / _VU
    b2, _ = solve_burn_for_c3(lambda b: cr3bp.burn(yp, b, "moon"), c3, guess)
    s1 = cr3bp.burn(yp, b2, "moon")
    c3_got, t_soi = c3_at_soi(s1, rtol=_CHECK_RTOL)
    if not np.isfinite(t_soi):
        raise ArithmeticError("the checked arc did not reach the SOI")
    return abs(b1), abs(b2), t_p, t_soi, tuple(s0), tuple(s1), c3_got


def solve(lx: str, v_inf_km_s: float, altitude_km: float, angles_deg=None, first_burn_guess_km_s=None,
          max_days: float = 60.0):
    """The cheapest converged flyby over the departure angles: (burns km/s, tof s, v_inf km/s, notes, arcs).

    Plain floats, validated by the caller; ``angles_deg=None`` takes :data:`SEEDS`. Raises
    ArithmeticError when no angle converges (``deltav.cislunar`` then keeps its two-body estimate).
    Served by :mod:`deltav.cislunar.memo` when already solved for exactly these arguments.
    """
    angles = None if angles_deg is None else tuple(float(a) for a in np.atleast_1d(angles_deg))
    guess = None if first_burn_guess_km_s is None else float(first_burn_guess_km_s)
    return memo.served("flyby", (lx, float(v_inf_km_s), float(altitude_km), angles, guess, float(max_days)), _solve)


def _solve(lx, v_inf_km_s, altitude_km, angles_deg, first_burn_guess_km_s, max_days):
    seed_angles, seed_b = SEEDS.get(lx, (None, 0.1))
    angles = seed_angles if angles_deg is None else angles_deg
    if not angles:
        raise ArithmeticError(f"no departure angles known for a lunar flyby from {lx}")
    b_guess = seed_b if first_burn_guess_km_s is None else float(first_burn_guess_km_s)
    r_fb = (R_MOON_KM + altitude_km) / _LU
    v_aim = max(float(v_inf_km_s), VINF_FLOOR_KM_S)
    t_max = max_days * 86400.0 / _TU
    found = []

    def attempt(a, guess):
        try:  # each angle is its own shooting problem: ~10 propagations, ~0.05 s
            found.append((a, _solve_from_angle(lx, float(a), float(guess), r_fb, v_aim, t_max)))
        except ArithmeticError:
            pass

    for a in angles:
        attempt(a, b_guess)
    vertex = _parabola_vertex([(a, f[0] + f[1]) for a, f in found])
    if vertex is not None:
        # start from the nearest solution's first burn so the secant stays on the same branch
        near = min(found, key=lambda f: abs(f[0] - vertex))[1][0]
        attempt(vertex, round(near * _VU, 6))
    if not found:
        raise ArithmeticError(f"no flyby at {altitude_km:g} km from {lx} for departure angles "
                              f"{', '.join(f'{a:g}' for a in angles)} deg")
    alpha, (b1, b2, t_p, t_soi, s0, s1, c3_got) = min(found, key=lambda f: f[1][0] + f[1][1])
    burns = (float(b1 * _VU), float(b2 * _VU))
    v_got = float(np.sqrt(max(c3_got, 0.0)) * _VU)
    notes = (f"CR3BP: burn {burns[0]:.3f} km/s at {lx} towards {alpha:.1f} deg (rotating frame), perilune at "
             f"{altitude_km:g} km after {t_p * _TU / 86400:.1f} d, burn {burns[1]:.3f} km/s there; v_inf at the SOI "
             f"({SOI_KM:,.0f} km) = {v_got:.4f} km/s; cheapest of {len(found)} departure angles that "
             "converged")
    return burns, (t_p + t_soi) * _TU, v_got, notes, ((s0, t_p), (s1, t_soi))


def _parabola_vertex(points):
    """Angle of the vertex of the parabola through the cheapest point and its two neighbours in
    angle, or None (cheapest at an end, or not a minimum). ``points``: [(angle, cost)]."""
    pts = sorted(points)
    if len(pts) < 3:
        return None
    i = min(range(len(pts)), key=lambda k: pts[k][1])
    if i in (0, len(pts) - 1):
        return None
    (a0, f0), (a1, f1), (a2, f2) = pts[i - 1:i + 2]
    curv = (f2 - f1) / (a2 - a1) - (f1 - f0) / (a1 - a0)  # proportional to the second difference
    if curv <= 0:
        return None
    num = (a1 - a0) ** 2 * (f1 - f2) - (a1 - a2) ** 2 * (f1 - f0)
    den = (a1 - a0) * (f1 - f2) - (a1 - a2) * (f1 - f0)
    return float(a1 - 0.5 * num / den)


def lunar_flyby_cr3bp(origin: str, v_inf_km_s: float, *, llo_altitude_km: float = 100.0,
                      departure_angles_deg=None, first_burn_guess_km_s: float | None = None,
                      max_days: float = 60.0) -> CislunarLeg:
    """Lx -> lunar flyby -> Earth escape at ``v_inf_km_s``, propagated in the Earth–Moon CR3BP.

    Parameters
    ----------
    origin : str
        ``EML1`` .. ``EML5`` (or ``L1`` .. ``L5``).
    v_inf_km_s : float or Quantity
        Earth-relative hyperbolic excess speed wanted at Earth's sphere of influence, km/s
        (values below 0.05 km/s aim at 0.05: a parabolic arc never gets there).
    llo_altitude_km : float or Quantity
        Flyby periapsis altitude above the Moon's mean radius, km.
    departure_angles_deg : float or sequence of float, optional
        Rotating-frame directions of the first burn to try, degrees from the Earth->Moon axis
        towards the Moon's motion. Default: :data:`SEEDS` (known for EML4 and EML5 only).
    first_burn_guess_km_s : float or Quantity, optional
        First trial of the first burn, km/s (default: from :data:`SEEDS`, else 0.1).
    max_days : float
        Longest coast from Lx to the perilune, days.

    Returns
    -------
    CislunarLeg
        ``model="cr3bp"``, ``strategy="lunar-flyby"``, ``burns_km_s = (b1, b2)``, ``tof_s`` from
        Lx to the SOI, ``v_inf_km_s`` reached, ``two_body_dv_km_s`` the patched-conic estimate,
        and ``arcs`` for :func:`deltav.cislunar.trajectory`: the cheapest of the angles tried.

    Raises
    ------
    InputError
        ``origin`` is not an L-point, no angles are known for it and none were given, or no angle
        tried gives a flyby at that altitude (the message says what to try).

    Examples
    --------
    >>> leg = lunar_flyby_cr3bp("EML1", 2.945, departure_angles_deg=300, first_burn_guess_km_s=0.07)
    >>> leg.model, leg.strategy, len(leg.burns_km_s), round(leg.v_inf_km_s, 3)
    ('cr3bp', 'lunar-flyby', 2, 2.945)
    """
    lx = node(origin)
    if lx not in LPOINTS:
        raise InputError(f"a lunar flyby from an L-point starts at EML1..EML5, not {lx}", key="origin",
                         expected="one of " + ", ".join(LPOINTS))
    v_inf = as_float(v_inf_km_s, "v_inf_km_s")
    h = as_float(llo_altitude_km, "llo_altitude_km")
    if not (np.isfinite(v_inf) and v_inf >= 0):
        raise InputError(f"v_inf must be >= 0 km/s, got {v_inf:g}", key="v_inf_km_s", expected="a speed >= 0 km/s")
    if not (np.isfinite(h) and h > 0):
        raise InputError(f"flyby altitude must be > 0 km, got {h:g}", key="llo_altitude_km",
                         expected="an altitude > 0 km")
    if departure_angles_deg is None and lx not in SEEDS:
        raise InputError(f"no departure angles are known for a lunar flyby from {lx}", key="departure_angles_deg",
                         expected="angles in degrees (e.g. EML1: 300 with first_burn_guess_km_s=0.07)")
    guess = None if first_burn_guess_km_s is None else as_float(first_burn_guess_km_s, "first_burn_guess_km_s")
    try:
        burns, tof, v_got, notes, arcs = solve(lx, v_inf, h, departure_angles_deg, guess, max_days)
    except ArithmeticError as err:
        raise InputError(str(err), key="departure_angles_deg",
                         expected="other angles, another first_burn_guess_km_s or a longer max_days") from None
    llo_r, leo_r = R_MOON_KM + h, R_EARTH_KM + 300.0  # the LEO radius does not enter an escape from Lx
    estimate = float(sum(two_body(lx, "escape", "lunar-flyby", max(v_inf, 0.0), leo_r, llo_r, leo_r, 0.0)[0]))
    dv = float(sum(burns))
    return CislunarLeg(lx, "escape", "cr3bp", "lunar-flyby", burns, dv, tof, v_got, estimate,
                       f"{notes}; two-body estimate {estimate:.3f} km/s ({dv - estimate:+.3f})", arcs)
