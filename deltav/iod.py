"""Lambert's problem with units: the public face of :mod:`deltav.core.lambert`."""

from __future__ import annotations

import warnings

import numpy as np

from deltav._quantity import KM, KM_S, S, mu_value, quantity, value
from deltav.core import lambert as _core
from deltav.core import lambert_multi as _multi
from deltav.errors import InfeasibleError, InputError

__all__ = ["lambert", "lambert_all", "LambertWarning"]

BRANCHES = ("low", "high")


class LambertWarning(UserWarning):
    """Some problems of a batch have no solution (their velocities are NaN)."""


def lambert(r1, r2, tof, mu, revs: int = 0, prograde: bool = True, branch: str = "low"):
    """Velocities at both ends of the conic from ``r1`` to ``r2`` in ``tof`` (Izzo 2015, batched).

    Parameters
    ----------
    r1, r2 : Quantity, length, shape (..., 3)
        Initial and final positions (broadcast together).
    tof : Quantity, time, shape (...)
        Time of flight.
    mu : Quantity (km^3/s^2) or deltav.bodies.Body
        Gravitational parameter of the central body.
    revs : int
        Complete revolutions (0: direct arc). Each ``revs >= 1`` has two solutions, chosen by ``branch``.
    prograde : bool
        Transfer angular momentum along +z (True) or -z (False).
    branch : {"low", "high"}
        Multi-revolution solution: "low" is boinor/poliastro's ``lowpath=True`` (the larger Izzo x, pykep's
        right branch), "high" the other one. Ignored when ``revs == 0``.

    Returns
    -------
    v1, v2 : Quantity, km/s, shape (..., 3)

    Raises
    ------
    InfeasibleError
        A single problem has no solution (the message says why).
    InputError
        Bad ``branch`` or ``revs``.

    Warns
    -----
    LambertWarning
        In a batch, some problems have no solution: their velocities are NaN, the others are returned.

    References
    ----------
    D. Izzo, "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15 (2015).

    Examples
    --------
    Curtis, *Orbital Mechanics for Engineering Students*, Example 5.2:

    >>> import astropy.units as u, deltav
    >>> v1, v2 = deltav.lambert([5000, 10000, 2100] * u.km, [-14600, 2500, 7000] * u.km, 1 * u.h,
    ...                         deltav.bodies.EARTH)
    >>> print(v1.round(3))
    [-5.992  1.925  3.246] km / s
    """
    if branch not in BRANCHES:
        raise InputError(f"unknown branch '{branch}'", key="branch", expected="low or high")
    if np.any(np.asarray(revs) < 0) or np.any(np.asarray(revs) != np.floor(revs)):
        raise InputError(f"revs must be a whole number >= 0, got {revs}", key="revs")
    r1v, r2v = value(r1, KM, "r1"), value(r2, KM, "r2")
    if r1v.shape[-1:] != (3,) or r2v.shape[-1:] != (3,):
        raise InputError("r1 and r2 must be 3-vectors, shape (..., 3)", key="r1/r2")
    v1, v2, status = _core.lambert(r1v, r2v, value(tof, S, "tof"), mu_value(mu), revs=revs, prograde=prograde,
                                   low_path=branch == "low")
    _report(status)
    return quantity(v1, KM_S), quantity(v2, KM_S)


def lambert_all(r1, r2, tof, mu, revs_max: int, prograde: bool = True):
    """Every conic from ``r1`` to ``r2`` in ``tof`` with at most ``revs_max`` revolutions, from one batched call.

    Parameters
    ----------
    r1, r2 : Quantity, length, shape (..., 3)
    tof : Quantity, time, shape (...)
    mu : Quantity (km^3/s^2) or deltav.bodies.Body
    revs_max : int
        Largest number of complete revolutions: ``2 revs_max + 1`` branches.
    prograde : bool

    Returns
    -------
    v1, v2 : Quantity, km/s, shape (2 revs_max + 1, ..., 3)
        The direct arc, then for m = 1 ... revs_max the "low" and the "high" branch (as :func:`lambert`'s
        ``branch``); NaN where a flight of ``tof`` is too short for m revolutions.

    Raises
    ------
    InfeasibleError
        A single problem has no direct arc either (invalid or collinear geometry).
    InputError
        ``revs_max`` not a whole number >= 0.

    Warns
    -----
    LambertWarning
        In a batch, some problems have no direct arc (all their velocities are NaN).

    References
    ----------
    D. Izzo, "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15 (2015).

    Examples
    --------
    >>> import astropy.units as u, deltav
    >>> v1, v2 = deltav.lambert_all([7000, 0, 0] * u.km, [0, 8000, 0] * u.km, 3 * u.h, deltav.bodies.EARTH, 2)
    >>> v1.shape, int(np.isnan(v1[:, 0]).sum())  # one revolution fits in 3 h, two do not
    ((5, 3), 2)
    """
    if np.ndim(revs_max) or revs_max != int(revs_max) or revs_max < 0:
        raise InputError(f"revs_max must be a whole number >= 0, got {revs_max}", key="revs_max")
    r1v, r2v = value(r1, KM, "r1"), value(r2, KM, "r2")
    if r1v.shape[-1:] != (3,) or r2v.shape[-1:] != (3,):
        raise InputError("r1 and r2 must be 3-vectors, shape (..., 3)", key="r1/r2")
    v1, v2, status = _multi.lambert_all(r1v, r2v, value(tof, S, "tof"), mu_value(mu), int(revs_max),
                                        prograde=prograde)
    _report(status[0])  # a missing multi-revolution branch is an answer (NaN), not a failure
    return quantity(v1, KM_S), quantity(v2, KM_S)


def _report(status):
    """Raise for a single failed problem, warn for failures in a batch."""
    failed = status != _core.OK
    if failed.any():
        codes, counts = np.unique(status[failed], return_counts=True)
        why = "; ".join(f"{c} x {_core.REASONS[int(k)]}" for k, c in zip(codes, counts))
        if status.ndim == 0:
            raise InfeasibleError(f"no Lambert solution: {_core.REASONS[int(status)]}")
        warnings.warn(f"{int(failed.sum())} of {status.size} Lambert problems have no solution (NaN): {why}",
                      LambertWarning, stacklevel=3)
