"""Two-body (patched-conic) estimates of cislunar manoeuvres: the quick numbers the CR3BP checks.

Every burn is impulsive and tangential at an apsis, orbits are coplanar with the Moon's, the Moon
moves on a circle of radius ``d`` at angular rate ``n``; a point fixed in the Earth–Moon rotating
frame at distance ``r`` from Earth (an L-point) moves at ``n r``. Inputs broadcast; km, km/s, s,
km^3/s^2.

References
----------
.. [Curtis] H. D. Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed., 2014: Hohmann
   (sec. 6.2), hyperbolic departure (eqs. 8.40-8.42), time since periapsis on a hyperbola
   (eqs. 3.53-3.54 with 3.44), gravity assist (sec. 8.9).
.. [Vallado] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013,
   sec. 6.3 (Hohmann) and 12.4 (patched conics to the Moon).
"""

from __future__ import annotations

import numpy as np

from deltav.core.conics import hyperbolic_periapsis_speed, periapsis_speed


def apoapsis_speed(mu, r_a, r_p):
    """Speed at apoapsis ``r_a`` of an ellipse with periapsis ``r_p``: sqrt(2 mu r_p / (r_a (r_a + r_p))).

    Returns km/s, broadcast shape [Curtis eq. 2.81 (vis-viva) with a = (r_a + r_p) / 2].
    """
    mu, r_a, r_p = (np.asarray(x, float) for x in (mu, r_a, r_p))
    return np.sqrt(2.0 * mu * r_p / (r_a * (r_a + r_p)))


def transfer_to_corotating(mu, r1, r2, v_point):
    """Hohmann from a circular orbit ``r1`` to radius ``r2``, then match a point moving at ``v_point``.

    The second burn is ``|v_point - v_apo|``: the transfer ellipse's apsis speed at ``r2`` (apoapsis
    when r2 > r1) against the target's inertial speed, both tangential. For an L-point ``v_point =
    n r2``; for L4/L5 it is the Moon's orbital speed (~1.02 km/s).

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r1, r2 : array_like, km
    v_point : array_like, km/s

    Returns
    -------
    dv1, dv2 : ndarray, km/s
    tof : ndarray, s (half the transfer-ellipse period)

    References
    ----------
    [Curtis] sec. 6.2; [Vallado] sec. 6.3.

    Examples
    --------
    LEO (300 km) to the Moon's distance, velocity matched with the Moon's circular speed:

    >>> d1, d2, t = transfer_to_corotating(398600.4, 6678.1, 384400.0, np.sqrt(398600.4 / 384400.0))
    >>> round(float(d1), 3), round(float(d2), 3)
    (3.106, 0.83)
    """
    mu, r1, r2, v_point = np.broadcast_arrays(*(np.asarray(x, float) for x in (mu, r1, r2, v_point)))
    dv1 = np.abs(periapsis_speed(mu, r1, r2) * np.where(r2 >= r1, 1.0, 0.0)
                 + apoapsis_speed(mu, r1, r2) * np.where(r2 >= r1, 0.0, 1.0) - np.sqrt(mu / r1))
    v_arr = np.where(r2 >= r1, apoapsis_speed(mu, r2, r1), periapsis_speed(mu, r2, r1))
    dv2 = np.abs(v_point - v_arr)
    tof = np.pi * np.sqrt((0.5 * (r1 + r2)) ** 3 / mu)
    return dv1, dv2, tof


def escape_burn(mu, r, v_now, v_inf):
    """One tangential burn at radius ``r`` from speed ``v_now`` onto a hyperbola with excess ``v_inf``.

    dv = sqrt(v_inf^2 + 2 mu / r) - v_now  [Curtis eq. 8.41]; negative means a braking burn
    (the magnitude is what is spent). km/s, broadcast shape.
    """
    return np.abs(hyperbolic_periapsis_speed(mu, r, v_inf) - np.asarray(v_now, float))


def escape_via_perigee(mu, r, v_now, r_p, v_inf):
    """Retro-burn at ``r`` to drop the periapsis to ``r_p``, then burn there to reach ``v_inf`` (Oberth).

    Returns
    -------
    dv1 : ndarray, km/s  (at r: v_now - v_apo(r, r_p))
    dv2 : ndarray, km/s  (at r_p: sqrt(v_inf^2 + 2 mu / r_p) - v_peri(r_p, r))
    tof : ndarray, s     (half the drop ellipse; add :func:`hyperbolic_flight_time` to leave)

    References
    ----------
    [Curtis] eqs. 2.81 and 8.41 (the Oberth benefit: the same dv gives more energy where the
    vehicle is faster).
    """
    mu, r, v_now, r_p, v_inf = np.broadcast_arrays(*(np.asarray(x, float) for x in (mu, r, v_now, r_p, v_inf)))
    dv1 = np.abs(v_now - apoapsis_speed(mu, r, r_p))
    dv2 = np.abs(hyperbolic_periapsis_speed(mu, r_p, v_inf) - periapsis_speed(mu, r_p, r))
    tof = np.pi * np.sqrt((0.5 * (r + r_p)) ** 3 / mu)
    return dv1, dv2, tof


def hyperbolic_flight_time(mu, r_p, v_inf, r):
    """Time from periapsis ``r_p`` to radius ``r`` on a hyperbola with excess speed ``v_inf``, s.

    t = sqrt(-a^3/mu) (e sinh F - F),  cosh F = (1 - r/a) / e,  a = -mu/v_inf^2,
    e = 1 + r_p v_inf^2 / mu  [Curtis eqs. 3.44, 3.53-3.54]. The parabolic limit (v_inf -> 0) is
    taken with Barker's equation.
    """
    mu, r_p, v_inf, r = np.broadcast_arrays(*(np.asarray(x, float) for x in (mu, r_p, v_inf, r)))
    # parabola: r = p/(1 + cos nu), p = 2 r_p; t = sqrt(p^3/mu)/2 (D + D^3/3), D = tan(nu/2)
    D = np.sqrt(np.maximum(r / r_p - 1.0, 0.0))
    t_par = 0.5 * np.sqrt((2.0 * r_p) ** 3 / mu) * (D + D**3 / 3.0)
    vi = np.maximum(v_inf, 1e-9)
    a = -mu / vi**2
    e = 1.0 + r_p * vi**2 / mu
    F = np.arccosh(np.maximum((1.0 - r / a) / e, 1.0))
    t_hyp = np.sqrt(-a**3 / mu) * (e * np.sinh(F) - F)
    return np.where(v_inf * v_inf * r / mu < 1e-6, t_par, t_hyp)


def powered_flyby_burn(mu, r_p, v_p_in, v_inf_out):
    """Burn at the periapsis ``r_p`` of a flyby turning the arrival (periapsis speed ``v_p_in``) into
    a departure with excess speed ``v_inf_out``: ``|sqrt(v_inf_out^2 + 2 mu / r_p) - v_p_in|``.

    ``v_p_in`` is sqrt(v_inf_in^2 + 2 mu / r_p) for a hyperbolic arrival, or the periapsis speed of
    a bound arrival orbit (e.g. falling from L1/L2). Assumes the flyby geometry can point the
    departure asymptote where needed (turn angle not checked). km/s [Curtis sec. 8.9].
    """
    return np.abs(hyperbolic_periapsis_speed(mu, r_p, v_inf_out) - np.asarray(v_p_in, float))


def flyby_escape_burn(mu_moon, r_fb, v_inf_moon_in, v_moon, v_needed):
    """Cheapest periapsis burn at a lunar flyby that leaves the Moon's orbit at Earth-relative speed ``v_needed``.

    Unpowered, the flyby keeps ``|v_inf|`` and can rotate it, so Earth-relative speeds in
    ``[|v_moon - v_inf|, v_moon + v_inf]`` cost nothing; faster needs a periapsis burn to
    v_inf_out = v_needed - v_moon aligned with the Moon's velocity, slower one to
    v_inf_out = v_moon - v_needed. Patched conic, turn-angle feasibility assumed.

    Parameters
    ----------
    mu_moon : km^3/s^2;  r_fb : km (flyby periapsis radius);  v_inf_moon_in, v_moon, v_needed : km/s

    Returns
    -------
    dv : ndarray, km/s

    References
    ----------
    [Curtis] sec. 8.9 (gravity assist: ``|v_inf|`` conserved, velocity rotated).
    """
    mu, r_fb, vin, vm, vn = np.broadcast_arrays(*(np.asarray(x, float)
                                                   for x in (mu_moon, r_fb, v_inf_moon_in, v_moon, v_needed)))
    v_p_in = hyperbolic_periapsis_speed(mu, r_fb, vin)
    up = powered_flyby_burn(mu, r_fb, v_p_in, vn - vm)
    down = powered_flyby_burn(mu, r_fb, v_p_in, vm - vn)
    return np.where(vn > vm + vin, up, np.where(vn < np.abs(vm - vin), down, 0.0))
