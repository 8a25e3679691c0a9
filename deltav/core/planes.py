"""Orbit-plane geometry: the Moon's plane by date, launch-site inclinations, plane-change costs,
and the declination of a departure asymptote.

Angles are in radians throughout (as in :mod:`deltav.core.transfers`), dates are Julian dates on
the TDB scale, speeds km/s, radii km. Everything broadcasts.

References
----------
.. [Meeus] J. Meeus, *Astronomical Algorithms*, 2nd ed., Willmann-Bell, 1998: ch. 22 (eq. 22.2,
   mean obliquity of the ecliptic) and ch. 47 (eq. 47.7, longitude of the Moon's mean ascending node).
.. [NSSDCA] D. R. Williams, NASA NSSDCA Moon Fact Sheet: inclination of the lunar orbit to the
   ecliptic 5.145 deg.
.. [Vallado] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013, sec. 6.4
   (plane changes; eq. 6-27 combined manoeuvre; Alg. 42 minimum combined plane change).
.. [Lieske] J. H. Lieske et al., "Expressions for the precession quantities based upon the IAU (1976)
   system of astronomical constants", *A&A* 58, 1-16, 1977 (obliquity at J2000, 84381.448").
"""

from __future__ import annotations

import numpy as np

from deltav.core.conics import circular_speed, combined_plane_change_dv, hyperbolic_periapsis_speed
from deltav.core.transfers import hohmann, hohmann_plane_change

__all__ = ["OBLIQUITY_J2000", "MOON_INCLINATION_ECLIPTIC", "JD_J2000", "mean_obliquity", "moon_node_longitude",
           "moon_inclination_to_equator", "min_inclination_from_site", "plane_change_angle", "plane_angle",
           "inclined_hohmann", "ecliptic_to_equatorial", "asymptote_declination", "departure_dv_declination"]

#: Julian date of the J2000.0 epoch (TDB).
JD_J2000 = 2451545.0
#: Obliquity of the ecliptic at J2000, rad: 84381.448" (IAU 1976, Lieske et al. 1977), the value
#: deltav.ephemeris rotates equatorial vectors to the ecliptic with, so the two rotations are inverse.
OBLIQUITY_J2000 = np.deg2rad(84381.448 / 3600.0)
#: Mean inclination of the Moon's orbit to the ecliptic, rad (NSSDCA Moon Fact Sheet: 5.145 deg). The
#: instantaneous value oscillates by about +-0.15 deg with a 173-day period (solar perturbation).
MOON_INCLINATION_ECLIPTIC = np.deg2rad(5.145)

_DEG = np.pi / 180.0


def _centuries(jd_tdb):
    return (np.asarray(jd_tdb, float) - JD_J2000) / 36525.0


def mean_obliquity(jd_tdb):
    """Mean obliquity of the ecliptic (rad) on a date: Meeus eq. 22.2 (IAU 1976 / Lieske).

    epsilon = 23 deg 26' 21.448" - 46.8150" T - 0.00059" T^2 + 0.001813" T^3, T in Julian centuries from J2000.

    Parameters
    ----------
    jd_tdb : array_like, Julian date (TDB)

    Returns
    -------
    epsilon : ndarray, rad, shape of ``jd_tdb``

    Examples
    --------
    >>> round(float(np.rad2deg(mean_obliquity(2451545.0))), 7)   # 84381.448" at J2000
    23.4392911
    """
    t = _centuries(jd_tdb)
    return (84381.448 + t * (-46.8150 + t * (-0.00059 + t * 0.001813))) / 3600.0 * _DEG


def moon_node_longitude(jd_tdb):
    """Ecliptic longitude of the Moon's mean ascending node (rad, in [0, 2 pi)): Meeus eq. 47.7.

    Omega = 125.0445479 - 1934.1362891 T + 0.0020754 T^2 + T^3 / 467441 - T^4 / 60616000 (deg), referred
    to the mean equinox of date. It regresses once in 18.6 years.

    Parameters
    ----------
    jd_tdb : array_like, Julian date (TDB)

    Returns
    -------
    omega : ndarray, rad, shape of ``jd_tdb``

    Examples
    --------
    >>> round(float(np.rad2deg(moon_node_longitude(2451545.0))), 7)
    125.0445479
    """
    t = _centuries(jd_tdb)
    deg = 125.0445479 + t * (-1934.1362891 + t * (0.0020754 + t * (1.0 / 467441.0 - t / 60616000.0)))
    return np.mod(deg, 360.0) * _DEG


def moon_inclination_to_equator(jd_tdb):
    """Inclination of the Moon's mean orbit to Earth's mean equator of date (rad).

    In ecliptic coordinates the Moon's orbit normal is (sin i_m sin Omega, -sin i_m cos Omega, cos i_m),
    with i_m = 5.145 deg and Omega the longitude of the ascending node, and the celestial pole is
    (0, sin epsilon, cos epsilon). The angle between them is

        cos i = cos epsilon cos i_m - sin epsilon sin i_m cos Omega,

    largest (epsilon + i_m = 28.58 deg, a major lunar standstill) when the ascending node is at the March
    equinox (Omega = 0), smallest (epsilon - i_m = 18.29 deg, a minor standstill) at Omega = 180 deg. The
    monthly extremes of the Moon's declination exceed these mean values by up to ~0.15 deg because the
    true inclination to the ecliptic oscillates about 5.145 deg.

    Parameters
    ----------
    jd_tdb : array_like, Julian date (TDB)

    Returns
    -------
    inclination : ndarray, rad, shape of ``jd_tdb``

    References
    ----------
    Meeus (1998) eqs. 22.2 and 47.7; NSSDCA Moon Fact Sheet (5.145 deg). The relation is the spherical
    law of cosines for the triangle of the three poles.

    Examples
    --------
    Major standstill near 2025.0 (JD 2460676.5 = 2025 Jan 1), minor one near 2015.8:

    >>> round(float(np.rad2deg(moon_inclination_to_equator(2460676.5))), 2)
    28.58
    >>> round(float(np.rad2deg(moon_inclination_to_equator(2457300.5))), 2)   # 2015 Oct 11
    18.29
    """
    eps = mean_obliquity(jd_tdb)
    node = moon_node_longitude(jd_tdb)
    i_m = MOON_INCLINATION_ECLIPTIC
    c = np.cos(eps) * np.cos(i_m) - np.sin(eps) * np.sin(i_m) * np.cos(node)
    return np.arccos(np.clip(c, -1.0, 1.0))


def min_inclination_from_site(latitude):
    """Lowest orbit inclination (rad) reachable by direct ascent from a site at geodetic ``latitude`` (rad).

    A launch straight into orbit starts in a plane containing the site and Earth's centre, so the
    inclination is at least ``|latitude|`` (reached by launching due east); lower inclinations need a dogleg
    or a later plane change. Cape Canaveral / Kennedy pads lie at about 28.5-28.6 deg N (LC-39A
    28.608 deg N, SLC-40 28.562 deg N), hence the customary 28.5 deg LEO.

    Parameters
    ----------
    latitude : array_like, rad, in [-pi/2, pi/2]

    Returns
    -------
    inclination : ndarray, rad, shape of ``latitude``

    References
    ----------
    Vallado (2013) sec. 6.4 (launch site and inclination); Curtis (2014) sec. 4.7.

    Examples
    --------
    >>> round(float(np.rad2deg(min_inclination_from_site(np.deg2rad(-28.5)))), 6)
    28.5
    """
    return np.abs(np.asarray(latitude, float))


def plane_change_angle(i1, i2):
    """Angle (rad) between two orbit planes of inclinations ``i1`` and ``i2`` when the node can be chosen.

    The angle between planes (i1, Omega1) and (i2, Omega2) is smallest, ``|i1 - i2|``, when the ascending
    nodes coincide. A launch can put the node of a low orbit anywhere by the time of day it lifts off
    (Earth turns under the plane), so for a LEO launched to meet a target plane (the Moon's orbit, a GEO
    belt) this is the plane change left to do. It is a lower bound: once the node is fixed (a parking orbit
    already in space, whose node then drifts with J2) use :func:`plane_angle`.

    Parameters
    ----------
    i1, i2 : array_like, rad

    Returns
    -------
    angle : ndarray, rad, broadcast shape

    Examples
    --------
    A 28.5 deg Cape LEO to the Moon's plane at the 2025 major standstill (28.58 deg): almost coplanar.

    >>> round(float(np.rad2deg(plane_change_angle(np.deg2rad(28.5), moon_inclination_to_equator(2460676.5)))), 2)
    0.08
    """
    return np.abs(np.asarray(i1, float) - np.asarray(i2, float))


def plane_angle(i1, raan1, i2, raan2):
    """Angle (rad) between orbit planes (i1, raan1) and (i2, raan2): the angle between their normals.

    cos theta = cos i1 cos i2 + sin i1 sin i2 cos(raan2 - raan1)  [Vallado eq. 6-23, Alg. 41].

    Parameters
    ----------
    i1, raan1, i2, raan2 : array_like, rad

    Returns
    -------
    theta : ndarray, rad, broadcast shape, in [0, pi]

    Examples
    --------
    >>> round(float(np.rad2deg(plane_angle(0.3, 1.0, 0.5, 1.0))), 6) == round(float(np.rad2deg(0.2)), 6)
    True
    """
    i1, raan1, i2, raan2 = (np.asarray(x, float) for x in (i1, raan1, i2, raan2))
    c = np.cos(i1) * np.cos(i2) + np.sin(i1) * np.sin(i2) * np.cos(raan2 - raan1)
    return np.arccos(np.clip(c, -1.0, 1.0))


def inclined_hohmann(mu, r1, r2, i1, i2):
    """Hohmann transfer between circular orbits of inclinations ``i1`` and ``i2`` (nodes aligned).

    The plane change ``|i1 - i2|`` is shared between the two burns in the proportion that minimises the
    total (:func:`deltav.core.transfers.hohmann_plane_change`, Vallado Alg. 42): for LEO -> GEO most of it
    is done at apogee, where the vehicle is slow, and a couple of degrees at perigee.

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r1, r2 : array_like, km
        Radii of the initial and final circular orbits.
    i1, i2 : array_like, rad
        Their inclinations (to the same reference plane, with a common node).

    Returns
    -------
    dv1, dv2 : ndarray, km/s
        The two combined burns.
    extra : ndarray, km/s
        Cost of the plane change: dv1 + dv2 minus the coplanar Hohmann total.
    split : ndarray
        Fraction of the plane change made at the first burn.

    References
    ----------
    Vallado (2013) sec. 6.4.3, Alg. 42 and Table 6-3.

    Examples
    --------
    Cape Canaveral LEO (300 km, 28.5 deg) to GEO: the plane change adds 0.34 km/s to the 3.89 km/s
    coplanar Hohmann transfer, with about 2.2 deg of it done at perigee.

    >>> dv1, dv2, extra, s = inclined_hohmann(398600.4418, 6678.137, 42164.0, np.deg2rad(28.5), 0.0)
    >>> round(float(dv1 + dv2), 3), round(float(extra), 3), round(float(np.rad2deg(s * np.deg2rad(28.5))), 1)
    (4.231, 0.339, 2.2)
    """
    di = plane_change_angle(i1, i2)
    dv1, dv2, _, split = hohmann_plane_change(mu, r1, r2, di)
    h1, h2, _ = hohmann(mu, r1, r2)
    return dv1, dv2, dv1 + dv2 - (h1 + h2), split


def ecliptic_to_equatorial(vec, obliquity=OBLIQUITY_J2000):
    """Rotate vectors from the ecliptic J2000 frame to the equatorial (ICRF-aligned) J2000 frame.

    A rotation by the obliquity about the common x axis (the equinox):
    y_eq = cos(eps) y - sin(eps) z, z_eq = sin(eps) y + cos(eps) z.

    Parameters
    ----------
    vec : array_like, shape (..., 3), any unit
    obliquity : array_like, rad, broadcastable to (...)

    Returns
    -------
    vec_eq : ndarray, shape (..., 3), same unit

    Examples
    --------
    The ecliptic pole is 23.44 deg from the celestial pole:

    >>> round(float(np.rad2deg(np.arccos(ecliptic_to_equatorial([0.0, 0.0, 1.0])[2]))), 4)
    23.4393
    """
    vec = np.asarray(vec, float)
    c, s = np.cos(obliquity), np.sin(obliquity)
    x, y, z = vec[..., 0], vec[..., 1], vec[..., 2]
    return np.stack(np.broadcast_arrays(x, c * y - s * z, s * y + c * z), axis=-1)


def asymptote_declination(v_inf_ecliptic, obliquity=OBLIQUITY_J2000):
    """Declination (DLA) and right ascension (RLA) of an outgoing asymptote given in ecliptic J2000.

    Parameters
    ----------
    v_inf_ecliptic : array_like, km/s, shape (..., 3)
        Hyperbolic excess velocity (departure v_inf vector, e.g. from a Lambert solution minus the
        Earth's heliocentric velocity), ecliptic J2000 components.
    obliquity : array_like, rad
        Rotation to the equator; defaults to the J2000 value deltav's ephemeris uses.

    Returns
    -------
    dla : ndarray, rad, shape (...), in [-pi/2, pi/2]
    rla : ndarray, rad, shape (...), in [0, 2 pi)

    Examples
    --------
    An asymptote along the ecliptic at longitude 90 deg points 23.44 deg north of the equator:

    >>> dla, rla = asymptote_declination([0.0, 3.0, 0.0])
    >>> round(float(np.rad2deg(dla)), 4), round(float(np.rad2deg(rla)), 4)
    (23.4393, 90.0)
    """
    eq = ecliptic_to_equatorial(v_inf_ecliptic, obliquity)
    x, y, z = eq[..., 0], eq[..., 1], eq[..., 2]
    dla = np.arctan2(z, np.hypot(x, y))
    rla = np.mod(np.arctan2(y, x), 2.0 * np.pi)
    return dla, rla


def departure_dv_declination(mu, v_inf, r_p, inclination, dla):
    """Departure burn from a circular parking orbit when the asymptote may lie outside the orbit's reach.

    A departure hyperbola lies in the parking-orbit plane (the burn is tangential), and every direction
    in a plane of inclination i has a declination of at most i (180 deg - i for retrograde orbits). An
    outgoing asymptote of declination ``dla`` is therefore reachable in plane only if ``|dla| <= i``. Otherwise
    the plane must be turned by at least ``|dla| - i``; this function assumes that turn is folded into the
    departure burn, rotating the periapsis velocity while raising its magnitude from the circular speed
    to the hyperbolic periapsis speed (law of cosines, Vallado eq. 6-27).

    This is an estimate, and an optimistic one: turning the plane by exactly ``|dla| - i`` needs the burn at
    the node of the two planes, but the periapsis is where the asymptote geometry puts it, so a real
    single-burn departure can cost more (or be replaced by a launch into a higher-inclination parking
    orbit, or a dogleg in ascent). With ``|dla| <= i`` it reduces to the usual tangential burn.

    Parameters
    ----------
    mu : array_like, km^3/s^2
    v_inf : array_like, km/s
        Departure hyperbolic excess speed.
    r_p : array_like, km
        Parking-orbit radius (the burn's periapsis).
    inclination : array_like, rad
        Parking-orbit inclination to the equator, in [0, pi].
    dla : array_like, rad
        Declination of the outgoing asymptote, in [-pi/2, pi/2].

    Returns
    -------
    dv : ndarray, km/s, broadcast shape
    turn : ndarray, rad, broadcast shape
        Plane change folded into the burn, max(``|dla| - i_eff``, 0) with i_eff = min(i, pi - i).

    References
    ----------
    Vallado (2013) sec. 6.4.3 and eq. 6-27 (combined speed and plane change); Curtis (2014) eqs. 8.41-8.42
    (tangential departure burn).

    Examples
    --------
    Curtis Ex. 8.4's burn (300 km, v_inf 2.943 km/s, 3.590 km/s) from a 28.5 deg orbit: free up to DLA
    28.5 deg; a DLA of 35 deg adds a 6.5 deg turn.

    >>> dv, turn = departure_dv_declination(398600.0, 2.943, 6678.0, np.deg2rad(28.5), np.deg2rad([20.0, 35.0]))
    >>> np.round(dv, 3), np.round(np.rad2deg(turn), 3)
    (array([3.59 , 3.743]), array([0. , 6.5]))
    """
    inc = np.asarray(inclination, float)
    reach = np.minimum(inc, np.pi - inc)
    turn = np.maximum(np.abs(np.asarray(dla, float)) - reach, 0.0)
    dv = combined_plane_change_dv(circular_speed(mu, r_p), hyperbolic_periapsis_speed(mu, r_p, v_inf), turn)
    return dv, np.broadcast_to(turn, dv.shape).copy()
