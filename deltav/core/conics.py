"""Two-body conic relations: speeds, energies, periods, and hyperbolic departure and capture.

All inputs broadcast; units are km, km/s, s and km^3/s^2.

References
----------
.. [Curtis] H. D. Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed., 2014, ch. 2 and 8.
.. [Vallado] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013, ch. 1-2.
"""

from __future__ import annotations

import numpy as np


def circular_speed(mu, r):
    """Speed on a circular orbit of radius ``r``.

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r : array_like, km

    Returns
    -------
    v : ndarray, km/s, broadcast shape of the inputs

    Examples
    --------
    >>> round(float(circular_speed(398600.4418, 6678.137)), 4)   # 300 km LEO
    7.7258
    """
    return np.sqrt(np.asarray(mu, float) / np.asarray(r, float))


def escape_speed(mu, r):
    """Parabolic (escape) speed at radius ``r``: sqrt(2 mu / r). km/s, broadcast shape."""
    return np.sqrt(2.0 * np.asarray(mu, float) / np.asarray(r, float))


def vis_viva(mu, r, a):
    """Speed at radius ``r`` on a conic of semimajor axis ``a`` (negative for hyperbolas).

    v^2 = mu (2/r - 1/a)  [Curtis sec. 2.8-2.10, energy equation]. ``a = inf`` gives the escape speed.
    Returns km/s; NaN where ``r`` is not reachable on that conic.
    """
    mu, r, a = (np.asarray(x, float) for x in (mu, r, a))
    with np.errstate(invalid="ignore"):
        return np.sqrt(mu * (2.0 / r - 1.0 / a))


def period(mu, a):
    """Orbital period 2 pi sqrt(a^3 / mu) in s for semimajor axis ``a`` (km); NaN for a <= 0."""
    a = np.asarray(a, float)
    with np.errstate(invalid="ignore"):
        return 2.0 * np.pi * np.sqrt(a**3 / np.asarray(mu, float))


def specific_energy(mu, r, v):
    """Specific orbital energy v^2/2 - mu/r (km^2/s^2) from radius (km) and speed (km/s)."""
    return 0.5 * np.asarray(v, float) ** 2 - np.asarray(mu, float) / np.asarray(r, float)


def c3_from_vinf(v_inf):
    """Characteristic energy C3 = v_inf^2 (km^2/s^2) from hyperbolic excess speed (km/s)."""
    return np.asarray(v_inf, float) ** 2


def vinf_from_c3(c3):
    """Hyperbolic excess speed (km/s) from C3 (km^2/s^2); NaN for C3 < 0 (a bound orbit)."""
    with np.errstate(invalid="ignore"):
        return np.sqrt(np.asarray(c3, float))


def periapsis_speed(mu, r_p, r_a=None):
    """Speed at periapsis ``r_p`` of an ellipse with apoapsis ``r_a`` (circular when ``r_a`` is None).

    ``r_a = inf`` is the parabolic limit. km/s, broadcast shape.
    """
    r_p = np.asarray(r_p, float)
    if r_a is None:
        return circular_speed(mu, r_p)
    r_a = np.asarray(r_a, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        # vis-viva with a = (r_p + r_a)/2, written so r_a = inf is exact: v^2 = 2 mu r_a / (r_p (r_p + r_a))
        ratio = np.where(np.isinf(r_a), 1.0, r_a / (r_p + r_a))
        return np.sqrt(2.0 * np.asarray(mu, float) / r_p * ratio)


def hyperbolic_periapsis_speed(mu, r_p, v_inf):
    """Speed at periapsis ``r_p`` (km) of a hyperbola with excess speed ``v_inf`` (km/s)."""
    return np.sqrt(np.asarray(v_inf, float) ** 2 + 2.0 * np.asarray(mu, float) / np.asarray(r_p, float))


def departure_dv(mu, v_inf, r_p, r_a=None):
    """Tangential burn at the periapsis of a parking orbit onto a departure hyperbola.

    The burn is made where the vehicle is fastest (the Oberth effect), so the cost is
    sqrt(v_inf^2 + 2 mu / r_p) - v_park(r_p)  [Curtis eq. 8.41-8.42].

    Parameters
    ----------
    mu : array_like, km^3/s^2
        Gravitational parameter of the body departed from.
    v_inf : array_like, km/s
        Hyperbolic excess speed wanted (sqrt(C3)).
    r_p : array_like, km
        Periapsis radius of the parking orbit (its radius, if circular).
    r_a : array_like, km, optional
        Apoapsis radius of an elliptic parking orbit; None for circular.

    Returns
    -------
    dv : ndarray, km/s, broadcast shape

    Examples
    --------
    Curtis Ex. 8.4: 300 km circular parking orbit, v_inf = 2.943 km/s -> 3.590 km/s.

    >>> round(float(departure_dv(398600.0, 2.943, 6378.0 + 300.0)), 3)
    3.59
    """
    return hyperbolic_periapsis_speed(mu, r_p, v_inf) - periapsis_speed(mu, r_p, r_a)


def capture_dv(mu, v_inf, r_p, r_a=None):
    """Braking burn at periapsis from an arrival hyperbola into a circular or elliptic orbit.

    The mirror image of :func:`departure_dv` (same formula); km/s, broadcast shape.
    """
    return departure_dv(mu, v_inf, r_p, r_a)


def hyperbola_geometry(mu, v_inf, r_p):
    """Shape of a departure/arrival hyperbola with periapsis ``r_p`` and excess speed ``v_inf``.

    Returns
    -------
    e : ndarray
        Eccentricity, 1 + r_p v_inf^2 / mu  [Curtis sec. 8.5].
    turn_angle : ndarray, rad
        Total deflection of the velocity, 2 asin(1/e)  [Curtis sec. 8.8, flyby turn angle].
    beta : ndarray, rad
        Angle between the periapsis direction and the asymptote, acos(1/e)  [Curtis eq. 8.43].
    """
    e = 1.0 + np.asarray(r_p, float) * np.asarray(v_inf, float) ** 2 / np.asarray(mu, float)
    return e, 2.0 * np.arcsin(1.0 / e), np.arccos(1.0 / e)


def plane_change_dv(v, angle):
    """Pure plane change at speed ``v`` (km/s) through ``angle`` (rad): 2 v sin(angle/2)."""
    return 2.0 * np.asarray(v, float) * np.abs(np.sin(0.5 * np.asarray(angle, float)))


def combined_plane_change_dv(v1, v2, angle):
    """Single burn changing speed ``v1`` -> ``v2`` and turning the plane by ``angle`` (rad).

    Law of cosines sqrt(v1^2 + v2^2 - 2 v1 v2 cos(angle))  [Vallado eq. 6-27], evaluated as
    sqrt((v1 - v2)^2 + 4 v1 v2 sin^2(angle / 2)), which does not cancel for small burns. km/s.

    Examples
    --------
    >>> round(float(combined_plane_change_dv(3.0, 4.0, np.pi / 2)), 12)   # right angle: 3-4-5
    5.0
    """
    v1, v2 = np.asarray(v1, float), np.asarray(v2, float)
    half = np.sin(0.5 * np.asarray(angle, float))
    return np.sqrt((v1 - v2) ** 2 + 4.0 * v1 * v2 * half * half)
