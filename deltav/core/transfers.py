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

from deltav.core.conics import combined_plane_change_dv, vis_viva


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
    mu, r1, r2 = np.broadcast_arrays(*(np.asarray(x, float) for x in (mu, r1, r2)))
    a_t = 0.5 * (r1 + r2)
    dv1 = np.abs(vis_viva(mu, r1, a_t) - np.sqrt(mu / r1))
    dv2 = np.abs(np.sqrt(mu / r2) - vis_viva(mu, r2, a_t))
    tof = np.pi * np.sqrt(a_t**3 / mu)
    return dv1, dv2, tof


def bielliptic(mu, r1, rb, r2):
    """Three-burn bi-elliptic transfer r1 -> rb (intermediate apoapsis) -> r2.

    Returns
    -------
    dv1, dv2, dv3 : ndarray, km/s
        Burns at r1, at rb, and at r2 (magnitudes).
    tof : ndarray, s
        Sum of the two half-ellipse periods.

    Examples
    --------
    Vallado Ex. 6-2: 191.34411 km -> rb 503 873 km -> 376 310 km altitude, total 3.904057 km/s.

    >>> R = 6378.137
    >>> d = bielliptic(398600.4418, R + 191.34411, R + 503873.0, R + 376310.0)
    >>> round(float(d[0] + d[1] + d[2]), 4)
    3.9041
    """
    mu, r1, rb, r2 = np.broadcast_arrays(*(np.asarray(x, float) for x in (mu, r1, rb, r2)))
    a1, a2 = 0.5 * (r1 + rb), 0.5 * (r2 + rb)
    dv1 = np.abs(vis_viva(mu, r1, a1) - np.sqrt(mu / r1))
    dv2 = np.abs(vis_viva(mu, rb, a2) - vis_viva(mu, rb, a1))
    dv3 = np.abs(vis_viva(mu, r2, a2) - np.sqrt(mu / r2))
    tof = np.pi * (np.sqrt(a1**3 / mu) + np.sqrt(a2**3 / mu))
    return dv1, dv2, dv3, tof


def hohmann_plane_change(mu, r1, r2, di, split=None):
    """Hohmann transfer that also turns the orbit plane by ``di`` (rad), shared between the burns.

    Burn 1 turns the plane by ``s di`` and burn 2 by ``(1 - s) di``. With ``split=None`` the
    fraction ``s`` in [0, 1] minimising the total is found for every element at once by a
    vectorised golden-section search (60 iterations: |ds| < 1e-12) [Vallado sec. 6.4.2].

    Returns
    -------
    dv1, dv2 : ndarray, km/s
    tof : ndarray, s
    split : ndarray
        Fraction of ``di`` done at the first burn.
    """
    mu, r1, r2, di = np.broadcast_arrays(*(np.asarray(x, float) for x in (mu, r1, r2, di)))
    a_t = 0.5 * (r1 + r2)
    vc1, vp = np.sqrt(mu / r1), vis_viva(mu, r1, a_t)
    va, vc2 = vis_viva(mu, r2, a_t), np.sqrt(mu / r2)

    def total(s):
        return combined_plane_change_dv(vc1, vp, s * di) + combined_plane_change_dv(va, vc2, (1 - s) * di)

    if split is None:
        lo, hi = np.zeros_like(di), np.ones_like(di)
        g = 0.5 * (np.sqrt(5.0) - 1.0)
        for _ in range(60):  # fixed count: each step shrinks every bracket by the same factor
            c, d = hi - g * (hi - lo), lo + g * (hi - lo)
            left = total(c) < total(d)
            hi, lo = np.where(left, d, hi), np.where(left, lo, c)
        split = 0.5 * (lo + hi)
    split = np.broadcast_to(np.asarray(split, float), di.shape)
    dv1 = combined_plane_change_dv(vc1, vp, split * di)
    dv2 = combined_plane_change_dv(va, vc2, (1 - split) * di)
    return dv1, dv2, np.pi * np.sqrt(a_t**3 / mu), split
