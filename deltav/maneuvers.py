"""Units-aware impulsive manoeuvres for notebooks: Hohmann, bi-elliptic, departure, capture, plane change.

Every function takes astropy Quantities (any convertible unit), broadcasts over arrays, and
returns Quantities; ``mu`` may be a Quantity (km^3/s^2) or a :class:`deltav.bodies.Body`.
NaN or infinite arguments, a non-positive ``mu``, radius or speed raise :class:`deltav.errors.InputError`
(a ValueError) naming the argument; the numeric core underneath keeps NaN-in, NaN-out.
Radii may also be poliastro/boinor ``Orbit`` objects (their semimajor axis is used and their
attractor's GM is the default ``mu``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from astropy import units as u

from deltav._quantity import KM, KM_S, MU, S, checked, mu_value, quantity, value
from deltav.core import conics, transfers
from deltav.errors import InputError


@dataclass(frozen=True)
class Hohmann:
    """Result of :func:`hohmann`: burn magnitudes and time of flight (Quantities, broadcast shape)."""

    dv1: u.Quantity
    dv2: u.Quantity
    dv_total: u.Quantity
    tof: u.Quantity


@dataclass(frozen=True)
class BiElliptic:
    """Result of :func:`bielliptic`: three burns, their total and the time of flight."""

    dv1: u.Quantity
    dv2: u.Quantity
    dv3: u.Quantity
    dv_total: u.Quantity
    tof: u.Quantity


@dataclass(frozen=True)
class HohmannPlaneChange:
    """Result of :func:`hohmann_plane_change`: burns, total, time and the plane change done at each burn."""

    dv1: u.Quantity
    dv2: u.Quantity
    dv_total: u.Quantity
    tof: u.Quantity
    di1: u.Quantity
    di2: u.Quantity


@dataclass(frozen=True)
class Phasing:
    """Result of :func:`phasing`: total of the two burns, time on the phasing orbit, its semimajor axis."""

    dv_total: u.Quantity
    tof: u.Quantity
    a: u.Quantity


@dataclass(frozen=True)
class Hyperbola:
    """Departure/arrival hyperbola geometry: eccentricity, turn angle and asymptote angle beta."""

    ecc: u.Quantity
    turn_angle: u.Quantity
    beta: u.Quantity


def _radius(r, name: str):
    """Radius in km from a Quantity or a poliastro-style Orbit; also the Orbit's attractor GM."""
    attractor = getattr(r, "attractor", None)
    if attractor is not None and hasattr(r, "a"):
        return checked(value(r.a, KM, name), name), checked(value(attractor.k, MU, f"{name}.attractor.k"),
                                                            f"{name}.attractor.k")
    return checked(value(r, KM, name), name), None


def _mu(mu, *found):
    if mu is not None:
        return mu_value(mu)
    for m in found:
        if m is not None:
            return m
    raise TypeError("argument 'mu' is required (a Quantity in km3 / s2 or a deltav.bodies.Body)")


def hohmann(r1, r2, mu=None) -> Hohmann:
    """Hohmann transfer between circular orbits of radii ``r1`` and ``r2``.

    Parameters
    ----------
    r1, r2 : Quantity (length) or poliastro-style Orbit, broadcastable
    mu : Quantity (km3/s2) or Body; optional when r1 or r2 is an Orbit

    Returns
    -------
    Hohmann with ``dv1``, ``dv2``, ``dv_total`` (km/s) and ``tof`` (s).

    Examples
    --------
    >>> import astropy.units as u, deltav
    >>> R = 6378.137 * u.km
    >>> res = deltav.hohmann(R + 191.34411 * u.km, R + 35781.34857 * u.km, 398600.4418 * u.km**3 / u.s**2)
    >>> print(f"{res.dv_total:.6f}")   # Vallado Ex. 6-1
    3.935224 km / s
    """
    (a, mu_a), (b, mu_b) = _radius(r1, "r1"), _radius(r2, "r2")
    dv1, dv2, tof = transfers.hohmann(_mu(mu, mu_a, mu_b), a, b)
    return Hohmann(quantity(dv1, KM_S), quantity(dv2, KM_S), quantity(dv1 + dv2, KM_S), quantity(tof, S))


def bielliptic(r1, rb, r2, mu=None) -> BiElliptic:
    """Bi-elliptic transfer r1 -> rb -> r2 (Quantities or Orbits); see :func:`hohmann` for ``mu``."""
    (a, mu_a), (b, _), (c, mu_c) = _radius(r1, "r1"), _radius(rb, "rb"), _radius(r2, "r2")
    dv1, dv2, dv3, tof = transfers.bielliptic(_mu(mu, mu_a, mu_c), a, b, c)
    return BiElliptic(*(quantity(x, KM_S) for x in (dv1, dv2, dv3, dv1 + dv2 + dv3)), quantity(tof, S))


def hohmann_plane_change(r1, r2, di, mu=None, split=None) -> HohmannPlaneChange:
    """Hohmann transfer that also turns the plane by ``di``, split between the burns (optimally by default).

    Examples
    --------
    >>> import astropy.units as u, deltav
    >>> from deltav.maneuvers import hohmann_plane_change
    >>> E = deltav.bodies.EARTH
    >>> res = hohmann_plane_change(E.R + 300 * u.km, 42164 * u.km, 28.5 * u.deg, E)
    >>> bool(res.di1 < 5 * u.deg), bool(res.dv_total < 4.3 * u.km / u.s)
    (True, True)
    """
    (a, mu_a), (b, mu_b) = _radius(r1, "r1"), _radius(r2, "r2")
    angle = value(di, u.rad, "di")
    if split is not None:  # a plain fraction (a dimensionless Quantity also works)
        split = split.to_value(u.one) if isinstance(split, u.Quantity) else split
        split = np.asarray(split, float)
    dv1, dv2, tof, s = transfers.hohmann_plane_change(_mu(mu, mu_a, mu_b), a, b, angle, split)
    return HohmannPlaneChange(quantity(dv1, KM_S), quantity(dv2, KM_S), quantity(dv1 + dv2, KM_S), quantity(tof, S),
                              quantity(s * angle, u.rad).to(u.deg), quantity((1 - s) * angle, u.rad).to(u.deg))


def phasing(r, phase, mu, revs=1) -> Phasing:
    """Catch up a target ``phase`` ahead on the same circular orbit (negative: behind) in ``revs`` revolutions."""
    dv, tof, a = transfers.phasing(mu_value(mu), checked(value(r, KM, "r"), "r"), value(phase, u.rad, "phase"), revs)
    return Phasing(quantity(dv, KM_S), quantity(tof, S), quantity(a, KM))


def departure_dv(v_inf, r_periapsis, mu, r_apoapsis=None) -> u.Quantity:
    """Burn at the periapsis of a circular (or elliptic, with ``r_apoapsis``) parking orbit to reach ``v_inf``.

    Examples
    --------
    >>> import astropy.units as u, deltav
    >>> dv = deltav.departure_dv(2.943 * u.km / u.s, 6678 * u.km, 398600 * u.km**3 / u.s**2)
    >>> print(f"{dv:.3f}")   # Curtis Ex. 8.4
    3.590 km / s
    """
    r_p = checked(value(r_periapsis, KM, "r_periapsis"), "r_periapsis")
    r_a = None if r_apoapsis is None else checked(value(r_apoapsis, KM, "r_apoapsis"), "r_apoapsis")
    if r_a is not None and np.any(r_a < r_p):
        raise InputError("argument 'r_apoapsis' must be at least 'r_periapsis'")
    dv = conics.departure_dv(mu_value(mu), checked(value(v_inf, KM_S, "v_inf"), "v_inf", strict=False), r_p, r_a)
    return quantity(dv, KM_S)


def capture_dv(v_inf, r_periapsis, mu, r_apoapsis=None) -> u.Quantity:
    """Braking burn at periapsis from an arrival hyperbola (``v_inf``) into a circular or elliptic orbit."""
    return departure_dv(v_inf, r_periapsis, mu, r_apoapsis)


def hyperbola(v_inf, r_periapsis, mu) -> Hyperbola:
    """Eccentricity, turn angle and asymptote angle beta of a hyperbola with this periapsis and v_inf."""
    e, turn, beta = conics.hyperbola_geometry(mu_value(mu), checked(value(v_inf, KM_S, "v_inf"), "v_inf"),
                                              checked(value(r_periapsis, KM, "r_periapsis"), "r_periapsis"))
    return Hyperbola(quantity(e, u.one), quantity(turn, u.rad).to(u.deg), quantity(beta, u.rad).to(u.deg))


def plane_change_dv(v, angle, v_final=None) -> u.Quantity:
    """Plane change through ``angle`` at speed ``v``; with ``v_final``, combined with a speed change."""
    v1, a = checked(value(v, KM_S, "v"), "v", strict=False), value(angle, u.rad, "angle")
    if v_final is None:
        return quantity(conics.plane_change_dv(v1, a), KM_S)
    v2 = checked(value(v_final, KM_S, "v_final"), "v_final", strict=False)
    return quantity(conics.combined_plane_change_dv(v1, v2, a), KM_S)


def circular_speed(r, mu) -> u.Quantity:
    """Circular orbit speed at radius ``r``."""
    return quantity(conics.circular_speed(mu_value(mu), checked(value(r, KM, "r"), "r")), KM_S)


def escape_speed(r, mu) -> u.Quantity:
    """Escape (parabolic) speed at radius ``r``."""
    return quantity(conics.escape_speed(mu_value(mu), checked(value(r, KM, "r"), "r")), KM_S)


def c3(v_inf) -> u.Quantity:
    """Characteristic energy C3 = v_inf^2 (km2/s2)."""
    return quantity(conics.c3_from_vinf(value(v_inf, KM_S, "v_inf")), KM_S**2)
