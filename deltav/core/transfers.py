"""Impulsive two-body transfers between circular orbits: Hohmann, bi-elliptic, plane changes.

Radii in km, mu in km^3/s^2; results in km/s and s; everything broadcasts.

References
----------
.. [Vallado] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013,
   sec. 6.3 (Hohmann, bi-elliptic, Alg. 36-37) and 6.4 (combined plane changes).
.. [Curtis] H. D. Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed., 2014, sec. 6.2-6.4.
"""

from __future__ import annotations

import numpy as np

from deltav.core.conics import combined_plane_change_dv, periapsis_speed, vis_viva


def hohmann(mu, r1, r2):
    """Two-burn Hohmann transfer between coplanar circular orbits of radii ``r1`` and ``r2``.

    Works in both directions (r2 < r1 lowers the orbit); burn magnitudes are positive.

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r1, r2 : array_like, km

    Returns
    -------
    dv1, dv2 : ndarray, km/s
        First (at r1) and second (at r2) burn magnitudes, broadcast shape.
    tof : ndarray, s
        Half the transfer-ellipse period.

    Examples
    --------
    Vallado Ex. 6-1: 191.34411 km -> 35 781.34857 km altitude, dv total 3.935224 km/s.

    >>> dv1, dv2, tof = hohmann(398600.4418, 6378.137 + 191.34411, 6378.137 + 35781.34857)
    >>> round(float(dv1 + dv2), 6), round(float(tof) / 3600, 6)
    (3.935224, 5.256713)
    """
    mu, r1, r2 = (np.asarray(x, float) for x in (mu, r1, r2))
    # Written with few array passes (scalars stay scalars): this is the hot path of every sweep.
    # dv1 = vc1 (sqrt(2 r2 / s) - 1) with s = r1 + r2 [Vallado Alg. 36, eqs. 6-2 to 6-4], rearranged as
    # vc1 (r2 - r1) / (s (sqrt(2 r2 / s) + 1)) so nothing cancels when r2 ~ r1; dv2 likewise.
    with np.errstate(invalid="ignore", divide="ignore"):
        s = r1 + r2
        w = 2.0 / s
        d = np.abs(r2 - r1) / s
        dv1 = np.sqrt(mu / r1) * d / (np.sqrt(w * r2) + 1.0)
        dv2 = np.sqrt(mu / r2) * d / (np.sqrt(w * r1) + 1.0)
        tof = np.pi * np.sqrt(s * s * s / (8.0 * mu))
    return dv1, dv2, tof


def bielliptic(mu, r1, rb, r2):
    """Three-burn bi-elliptic transfer r1 -> rb (intermediate apoapsis) -> r2.

    Beats the Hohmann transfer only when r2 / r1 > 11.94 (for rb -> inf), and for every
    rb > r2 once r2 / r1 > 15.58 [Vallado sec. 6.3.2; Curtis sec. 6.4].

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r1, rb, r2 : array_like, km
        Initial circular radius, apoapsis of both ellipses, final circular radius.

    Returns
    -------
    dv1, dv2, dv3 : ndarray, km/s
        Burns at r1, at rb, and at r2 (magnitudes), broadcast shape.
    tof : ndarray, s
        Sum of the two half-ellipse periods.

    References
    ----------
    Vallado (2013), Algorithm 37, eqs. 6-5 to 6-9.

    Examples
    --------
    Vallado Ex. 6-2: 191.34411 km -> rb 503 873 km -> 376 310 km altitude, total 3.904057 km/s.

    >>> R = 6378.137
    >>> d = bielliptic(398600.4418, R + 191.34411, R + 503873.0, R + 376310.0)
    >>> round(float(d[0] + d[1] + d[2]), 6)
    3.904057
    """
    mu, r1, rb, r2 = (np.asarray(x, float) for x in (mu, r1, rb, r2))
    with np.errstate(invalid="ignore", divide="ignore"):
        a1, a2 = 0.5 * (r1 + rb), 0.5 * (r2 + rb)
        dv1 = np.abs(vis_viva(mu, r1, a1) - np.sqrt(mu / r1))
        dv2 = np.abs(vis_viva(mu, rb, a2) - vis_viva(mu, rb, a1))
        dv3 = np.abs(vis_viva(mu, r2, a2) - np.sqrt(mu / r2))
        tof = np.pi * (np.sqrt(a1**3 / mu) + np.sqrt(a2**3 / mu))
    return dv1, dv2, dv3, tof


def hohmann_plane_change(mu, r1, r2, di, split=None):
    """Hohmann transfer that also turns the orbit plane by ``di`` (rad), shared between the burns.

    Burn 1 turns the plane by ``s di`` and burn 2 by ``(1 - s) di``; each burn is a combined
    speed-and-plane change (law of cosines). With ``split=None`` the fraction ``s`` in [0, 1]
    minimising the total is found for every element at once: a vectorised golden-section search
    (60 iterations, bracket < 1e-12), then compared with the two ends s = 0 and s = 1, so the
    result is never worse than doing the whole turn at either burn [Vallado sec. 6.4.3, Alg. 42].

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r1, r2 : array_like, km
    di : array_like, rad
        Total plane change (sign irrelevant).
    split : array_like, optional
        Fraction of ``di`` done at the first burn; None to optimise it.

    Returns
    -------
    dv1, dv2 : ndarray, km/s
        Burn magnitudes, broadcast shape.
    tof : ndarray, s
    split : ndarray
        Fraction of ``di`` done at the first burn.

    References
    ----------
    Vallado (2013), sec. 6.4.3 (minimum combined plane change, Alg. 42) and eq. 6-27.

    Examples
    --------
    A zero plane change is a plain Hohmann transfer (Vallado Ex. 6-1 total).

    >>> R = 6378.137
    >>> dv1, dv2, tof, s = hohmann_plane_change(398600.4418, R + 191.34411, R + 35781.34857, 0.0)
    >>> round(float(dv1 + dv2), 6)
    3.935224
    """
    args = (mu, r1, r2, di) if split is None else (mu, r1, r2, di, split)
    mu, r1, r2, di, *given = np.broadcast_arrays(*(np.asarray(x, float) for x in args))
    with np.errstate(invalid="ignore", divide="ignore"):
        a_t = 0.5 * (r1 + r2)
        vc1, vp = np.sqrt(mu / r1), vis_viva(mu, r1, a_t)
        va, vc2 = vis_viva(mu, r2, a_t), np.sqrt(mu / r2)
        tof = np.pi * np.sqrt(a_t**3 / mu)

    def total(s):
        return combined_plane_change_dv(vc1, vp, s * di) + combined_plane_change_dv(va, vc2, (1 - s) * di)

    if split is None:
        lo, hi = np.zeros_like(di), np.ones_like(di)
        g = 0.5 * (np.sqrt(5.0) - 1.0)
        for _ in range(60):  # fixed count over whole arrays (not elements): every bracket shrinks alike
            c, d = hi - g * (hi - lo), lo + g * (hi - lo)
            left = total(c) < total(d)
            hi, lo = np.where(left, d, hi), np.where(left, lo, c)
        split = 0.5 * (lo + hi)
        # The total need not be unimodal in s for large angles: keep an end point when it is better.
        for end in (0.0, 1.0):
            split = np.where(total(np.full_like(di, end)) < total(split), end, split)
    else:
        split = given[0]
    dv1 = combined_plane_change_dv(vc1, vp, split * di)
    dv2 = combined_plane_change_dv(va, vc2, (1 - split) * di)
    return dv1, dv2, tof, split


def hohmann_budget(mu, r1, r2, mu_dep, r_p_dep, mu_arr, r_p_arr, r_a_dep=None, r_a_arr=None):
    """Patched-conic Hohmann budget: heliocentric Hohmann, departure burn and capture burn.

    The Hohmann burns about the central body (``mu``) become the hyperbolic excess speeds at the
    departure and arrival bodies; each is given or removed by one burn at the periapsis of a
    parking orbit (circular, or elliptic with apoapsis ``r_a_*``) [Curtis sec. 8.4-8.6].

    Parameters
    ----------
    mu : array_like, km^3/s^2
        Central body (the Sun for an interplanetary transfer).
    r1, r2 : array_like, km
        Mean circular orbit radii of the departure and arrival bodies.
    mu_dep, mu_arr : array_like, km^3/s^2
        Departure and arrival bodies.
    r_p_dep, r_p_arr : array_like, km
        Periapsis radii of the parking orbits.
    r_a_dep, r_a_arr : array_like, km, optional
        Apoapsis radii of elliptic parking orbits; None for circular.

    Returns
    -------
    dv_dep, dv_arr : ndarray, km/s
        Departure and capture burns, broadcast shape.
    tof : ndarray, s
        Heliocentric time of flight.
    v_inf_dep, v_inf_arr : ndarray, km/s
        Hyperbolic excess speeds.

    References
    ----------
    Curtis (2014), eqs. 8.35 and 8.41-8.42 (Hohmann v_inf; periapsis burn), Example 8.4.

    Examples
    --------
    Curtis Ex. 8.4 leg: v_inf 2.943 km/s from a 300 km circular orbit needs 3.590 km/s.

    >>> dv_d, dv_a, tof, vi1, vi2 = hohmann_budget(1.327e11, 149.6e6, 227.9e6,
    ...                                            398600.0, 6678.0, 42830.0, 3690.0)
    >>> round(float(vi1), 3), round(float(dv_d), 3)
    (2.943, 3.59)
    """
    v1, v2, tof = hohmann(mu, r1, r2)
    mu_dep, mu_arr, r_p_dep, r_p_arr = (np.asarray(x, float) for x in (mu_dep, mu_arr, r_p_dep, r_p_arr))
    # Per-body terms first: usually scalars, so each leg costs only ~4 passes over the sweep.
    with np.errstate(invalid="ignore", divide="ignore"):
        dv_dep = np.sqrt(v1 * v1 + 2.0 * mu_dep / r_p_dep) - periapsis_speed(mu_dep, r_p_dep, r_a_dep)
        dv_arr = np.sqrt(v2 * v2 + 2.0 * mu_arr / r_p_arr) - periapsis_speed(mu_arr, r_p_arr, r_a_arr)
    return dv_dep, dv_arr, tof, v1, v2


def phasing(mu, r, phase, revs=1):
    """Circular coplanar phasing in one orbit: catch up (or fall back) by ``phase`` rad in ``revs`` revolutions.

    The chaser leaves its circular orbit (radius ``r``) by a tangential burn into a phasing ellipse whose
    period is T_ph = T - phase / (revs n), n = sqrt(mu / r^3) [Vallado sec. 6.6.1, Alg. 44]; after ``revs``
    revolutions it is back at the burn point just as the target arrives, and an equal burn recircularises.
    ``phase > 0``: the target is ahead, the ellipse is lower and faster; ``phase < 0``: it is higher.

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r : array_like, km
        Radius of the common circular orbit.
    phase : array_like, rad
        Angle by which the target leads the chaser.
    revs : array_like, int
        Revolutions spent on the phasing orbit (>= 1).

    Returns
    -------
    dv : ndarray, km/s
        Total of the two equal burns.
    tof : ndarray, s
        Time on the phasing orbit, revs T_ph.
    a_phase : ndarray, km
        Semimajor axis of the phasing orbit; its far apsis is 2 a_phase - r. NaN (and NaN dv) where the
        required period is not positive.

    Examples
    --------
    No phase to make up: no burn, one ordinary revolution.

    >>> dv, tof, a = phasing(398600.4418, 7000.0, 0.0)
    >>> round(float(dv), 12), round(float(tof) / (2 * np.pi * 7000.0**1.5 / 398600.4418**0.5), 12), float(a)
    (0.0, 1.0, 7000.0)
    """
    mu, r, phase, revs = (np.asarray(x, float) for x in (mu, r, phase, revs))
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.sqrt(mu / r**3)
        t_ph = 2.0 * np.pi / n - phase / (revs * n)
        t_ph = np.where((t_ph > 0) & (revs >= 1), t_ph, np.nan)
        a_ph = np.cbrt(mu * (t_ph / (2.0 * np.pi)) ** 2)
        dv = 2.0 * np.abs(vis_viva(mu, r, a_ph) - np.sqrt(mu / r))
    return dv, revs * t_ph, a_ph
