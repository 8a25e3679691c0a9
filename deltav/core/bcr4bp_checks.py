"""Checks of the CR3BP cislunar legs in the bicircular model: legs re-solved over Sun phases, L-point drift.

Nondimensional units and frames as in :mod:`deltav.core.bcr4bp` (the model) and :mod:`deltav.core.cr3bp`.
"""

from __future__ import annotations

from __future__ import annotations
import math
from typing import NamedTuple
import numpy as np
from deltav.core import cr3bp
from deltav.core.constants import DAY_S
from deltav.core.cr3bp import LENGTH_KM, MU, TIME_S, VELOCITY_KM_S
from deltav.core.bcr4bp import (A_SUN, M_SUN, OMEGA_SUN, _apsis_g, _first_crossing, _radius_g, _rel, _stack, c3, eom, flow, propagate, sun_acceleration)

# ---------------------------------------------------------------------------------------------
# re-solving a CR3BP leg in the BCR4BP


class LegDifference(NamedTuple):
    """A CR3BP leg re-solved in the BCR4BP for K Sun phases. Speeds km/s, times s.

    ``burns_km_s`` (K, B) are unsigned burn magnitudes in flight order; ``start_state`` (K, 6) is the
    nondimensional rotating-frame state just after the departure burn and ``end_state`` (K, 6) the
    one where the leg ends (before any arrival burn); ``dv_cr3bp_km_s`` the total of the CR3BP leg
    that was re-solved (NaN when the arcs started from different CR3BP states).
    """

    theta_s0: np.ndarray
    burns_km_s: np.ndarray
    dv_km_s: np.ndarray
    dv_cr3bp_km_s: float
    tof_s: np.ndarray
    start_state: np.ndarray
    end_state: np.ndarray
    converged: np.ndarray

    @property
    def difference_km_s(self):
        """BCR4BP minus CR3BP total, km/s, shape (K,)."""
        return self.dv_km_s - self.dv_cr3bp_km_s

    def summary(self):
        """(min, max, mean) of :attr:`difference_km_s`, km/s."""
        d = self.difference_km_s
        return float(np.min(d)), float(np.max(d)), float(np.mean(d))


def _burn_dir(states, origin, mu):
    w = cr3bp.inertial_velocity(states, origin, mu)
    return w / np.linalg.norm(w, axis=-1, keepdims=True)


def _shoot_point(pre, b, T, th, target, origin, mu, sun, tol, maxiter):
    """Newton on (departure rotation delta, burn b, flight time T) per arc: end at ``target`` (x, y) at an
    apsis about ``origin`` (the family of ``cr3bp_targeting.shoot_to_point``). Exact Jacobian from the STM."""
    p = cr3bp.primary_position(origin, mu)
    m_s, a_s, w_s = sun
    n = b.size
    z = np.c_[np.zeros(n), b, T]

    def start(zz, sub):
        c, s = np.cos(zz[:, 0]), np.sin(zz[:, 0])
        st = pre[sub].copy()
        rx, ry = st[:, 0] - p[0], st[:, 1]
        st[:, 0], st[:, 1] = p[0] + c * rx - s * ry, s * rx + c * ry
        vx, vy = st[:, 3].copy(), st[:, 4].copy()
        st[:, 3], st[:, 4] = c * vx - s * vy, s * vx + c * vy
        u = _burn_dir(st, origin, mu)
        st[:, 3:6] += zz[:, 1:2] * u
        return st, u

    def resid(zz, sub):
        st, u = start(zz, sub)
        end, Phi = flow(st, zz[:, 2], th[sub], mu, stm=True, rtol=1e-11, m_s=m_s, a_s=a_s, omega_s=w_s)
        r = end[:, :3] - p
        F = np.c_[end[:, 0] - target[0], end[:, 1] - target[1], np.sum(r * end[:, 3:6], axis=1)]
        d_delta = np.c_[-(st[:, 1]), st[:, 0] - p[0], np.zeros(len(sub)), -st[:, 4], st[:, 3], np.zeros(len(sub))]
        d_b = np.c_[np.zeros((len(sub), 3)), u]
        f_T = eom(0.0, end.T.ravel(), th[sub] + w_s * zz[:, 2], mu, m_s, a_s, 0.0).reshape(6, -1).T
        dx = np.stack([np.einsum("nij,nj->ni", Phi, d_delta), np.einsum("nij,nj->ni", Phi, d_b), f_T], axis=-1)
        dF = np.zeros((len(sub), 3, 6))
        dF[:, 0, 0] = dF[:, 1, 1] = 1.0
        dF[:, 2, :3], dF[:, 2, 3:] = end[:, 3:6], r
        return F, dF @ dx, end

    allidx = np.arange(n)
    F, J, end = resid(z, allidx)
    ok = np.linalg.norm(F, axis=1) < tol
    for _ in range(maxiter):
        act = np.flatnonzero(~ok)
        if act.size == 0:
            break
        step = np.linalg.solve(J[act], -F[act][..., None])[..., 0]
        lam = np.ones(act.size)
        pending = np.arange(act.size)
        while pending.size:  # per-arc step halving while the residual grows
            sub = act[pending]
            trial = z[sub] + lam[pending, None] * step[pending]
            Fn, Jn, en = resid(trial, sub)
            better = (np.linalg.norm(Fn, axis=1) < np.linalg.norm(F[sub], axis=1)) | (lam[pending] < 1e-3)
            acc = sub[better]
            z[acc], F[acc], J[acc], end[acc] = trial[better], Fn[better], Jn[better], en[better]
            lam[pending[~better]] *= 0.5
            pending = pending[~better]
        ok = np.linalg.norm(F, axis=1) < tol
    return z, start(z, allidx)[0], end, ok


def _secant_many(f, x0, x1, target, tol, maxiter=30):
    """Vectorised secant: solve f(x, idx) = target for every arc; f evaluates the arcs ``idx`` at once."""
    n = x0.size
    idx = np.arange(n)
    f0 = f(x0, idx) - target
    f1 = f(x1, idx) - target
    x0, x1 = x0.astype(float).copy(), x1.astype(float).copy()
    for _ in range(maxiter):
        act = np.flatnonzero(~(np.abs(f1) < tol) & np.isfinite(f1) & (f1 != f0))
        if act.size == 0:
            break
        x2 = x1[act] - f1[act] * (x1[act] - x0[act]) / (f1[act] - f0[act])
        x0[act], f0[act] = x1[act], f1[act]
        x1[act], f1[act] = x2, f(x2, act) - target
    return x1, f1 + target, np.abs(f1) < tol


def leg_difference(state0, dv, tf, target, theta_s0, origin="earth", mu=MU, *, tol=None, maxiter=15,
                   m_s=M_SUN, a_s=A_SUN, omega_s=OMEGA_SUN):
    """Re-solve a CR3BP leg in the BCR4BP for each Sun phase, and compare its delta-v with the CR3BP's.

    The leg starts with a burn along the ``origin``-relative inertial velocity (as
    :func:`deltav.core.cr3bp.burn` makes them); the CR3BP solution (``state0`` right after that burn, the burn
    ``dv``, the flight time ``tf``) is the starting guess, and the same conditions are solved again
    with the Sun, for all phases in one stacked integration per iteration:

    ``("point", xyz)``
        End at the point (fixed in the rotating frame, z = 0) at an apsis about ``origin`` and stop
        there, like :func:`deltav.core.cr3bp_targeting.shoot_to_point`. Unknowns: the departure
        point's angle about ``origin`` (the state is rotated about it), the burn and the flight time;
        Newton's method with the exact Jacobian from the state-transition matrix. Burns: departure, arrival (the
        rotating-frame speed at the point).
    ``("periapsis", r_p, within)``
        The first periapsis about ``origin`` inside ``within`` is at radius ``r_p``. Unknown: the
        (signed) burn; secant on sqrt(r_p), which is nearly linear in a near-radial fall.
    ``("c3", c3, radius)``
        Crossing ``radius`` outward, :func:`c3` equals ``c3``. Unknown: the burn; secant.

    Parameters
    ----------
    state0 : array_like, shape (6,) or (K, 6)
        CR3BP state just after the departure burn, nondimensional.
    dv : float or array_like (K,)
        The departure burn, nondimensional, signed (negative: against the velocity), so that
        ``cr3bp.burn(state0, -dv)`` is the state before it.
    tf : float or array_like (K,)
        CR3BP flight time (to the point or to the event), nondimensional; the event searches run to 2 tf.
    target : tuple, see above (lengths nondimensional, ``c3`` in (nondim velocity)^2).
    theta_s0 : array_like, shape (K,)
        Sun phase at the departure burn, rad.
    origin : {"earth", "moon"}
    tol : float, optional
        Residual tolerance: default 1e-10 (nondimensional) for ``"point"``; for the secant targets
        relative to the target value, default 1e-9 (sqrt(r_p) to 1e-9: the perigee to ~1 mm).

    Returns
    -------
    LegDifference
        Per phase: burns, total, flight time, end state, convergence; and the CR3BP total.

    Raises
    ------
    ValueError
        For an unknown ``target`` kind.

    References
    ----------
    [Boudad2020]; J. T. Betts, *Practical Methods for Optimal Control*, 2010, sec. 3.1 (shooting);
    [Koon] sec. 4.3.
    """
    s0, th, _ = _stack(state0, theta_s0)
    n = th.size
    dv = np.broadcast_to(np.asarray(dv, float), (n,)).copy()
    tf = np.broadcast_to(np.asarray(tf, float), (n,)).copy()
    pre = s0.copy()
    pre[:, 3:6] -= dv[:, None] * _burn_dir(s0, origin, mu)  # the burn is along the pre- and post-burn velocity
    sun = (m_s, a_s, omega_s)
    kind = target[0]
    if kind == "point":
        tgt = np.asarray(target[1], float)
        end_c = flow(s0[:1], tf[:1], 0.0, mu, rtol=1e-11, m_s=0.0)[0]
        dv_cr = abs(dv[0]) + float(np.linalg.norm(end_c[3:6]))
        z, start, end, ok = _shoot_point(pre, dv, tf, th, tgt, origin, mu, sun, 1e-10 if tol is None else tol,
                                         maxiter)
        burns = np.c_[np.abs(z[:, 1]), np.linalg.norm(end[:, 3:6], axis=1)]
        return LegDifference(th, burns * VELOCITY_KM_S, burns.sum(axis=1) * VELOCITY_KM_S, dv_cr * VELOCITY_KM_S,
                             z[:, 2] * TIME_S, start, end, ok)
    if kind not in ("periapsis", "c3"):
        raise ValueError(f"unknown target kind {kind!r}: expected 'point', 'periapsis' or 'c3'")
    u = _burn_dir(pre, origin, mu)
    t_max = float(2.0 * np.max(np.abs(tf)))
    found = {}

    def f(b, idx):
        st = pre[idx].copy()
        st[:, 3:6] += b[:, None] * u[idx]
        _, _, sol = propagate(st if idx.size > 1 else st[0], t_max, th[idx] if idx.size > 1 else th[idx[0]], mu,
                              rtol=1e-11, dense_output=True, m_s=m_s, a_s=a_s, omega_s=omega_s)
        m = idx.size
        if kind == "periapsis":
            t, ye = _first_crossing(sol, m, _apsis_g(origin, mu, target[2]))
            val = np.sqrt(np.where(np.isfinite(t), np.linalg.norm(_rel(ye, origin, mu), axis=-1), target[2]))
        else:
            t, ye = _first_crossing(sol, m, _radius_g(origin, mu, target[2]))
            last = sol.y[:, -1].reshape(6, m).T
            val = c3(np.where(np.isfinite(t)[:, None], ye, last), mu)
        for k, i in enumerate(idx):
            found[i] = (t[k], ye[k])
        return val

    goal = math.sqrt(target[1]) if kind == "periapsis" else float(target[1])
    step = 1e-3 * np.where(dv != 0, dv, 1e-3)
    rel = 1e-9 if tol is None else tol
    b, _val, ok = _secant_many(f, dv, dv + step, goal, rel * max(abs(goal), 1e-3), maxiter=2 * maxiter)
    f(b, np.arange(n))  # the converged arcs' events
    t_ev = np.array([found[i][0] for i in range(n)])
    end = np.array([found[i][1] for i in range(n)])
    ok &= np.isfinite(t_ev)
    burns = np.abs(b)[:, None] * VELOCITY_KM_S
    return LegDifference(th, burns, burns[:, 0], abs(dv[0]) * VELOCITY_KM_S if _same(s0, dv, tf) else np.nan,
                         t_ev * TIME_S, pre + b[:, None] * np.c_[np.zeros((n, 3)), u], end, ok)


def _same(s0, dv, tf):
    """All arcs share the CR3BP leg (one CR3BP figure to compare with)."""
    return bool(np.all(s0 == s0[0]) and np.all(dv == dv[0]) and np.all(tf == tf[0]))


def perigee_escape_difference(state0, dv, tf, r_p, c3_target, radius, theta_s0, origin="earth", mu=MU, *,
                              within=0.5, tol=None, m_s=M_SUN, a_s=A_SUN, omega_s=OMEGA_SUN):
    """The two-burn ``perigee-burn`` escape (retro-burn to a low perigee, burn there) re-solved in the BCR4BP.

    First leg: ``("periapsis", r_p, within)`` from ``state0`` (after the retro-burn ``dv[0]``, CR3BP
    time to perigee ``tf[0]``); second leg, per phase from the BCR4BP perigee with the Sun phase it
    has reached there: ``("c3", c3_target, radius)`` starting from the CR3BP perigee burn ``dv[1]``
    (CR3BP time to ``radius`` ``tf[1]``). See :func:`leg_difference`.

    Parameters
    ----------
    state0 : array_like, shape (6,)
        CR3BP state just after the retro-burn, nondimensional.
    dv : (float, float)
        CR3BP burns, nondimensional, signed (the retro-burn negative).
    tf : (float, float)
        CR3BP times: departure to perigee, perigee to ``radius``; nondimensional.
    r_p, radius : float
        Perigee radius and the radius where C3 is read (Earth's SOI), nondimensional.
    c3_target : float
        Target C3, (nondim velocity)^2.
    theta_s0 : array_like, shape (K,)
        Sun phase at the first burn, rad.

    Returns
    -------
    LegDifference
        Burns (K, 2), totals, time to ``radius``, state there; ``dv_cr3bp_km_s`` = abs(dv[0]) + abs(dv[1]).
    """
    sun = dict(m_s=m_s, a_s=a_s, omega_s=omega_s)
    th = np.atleast_1d(np.asarray(theta_s0, float))
    leg1 = leg_difference(state0, dv[0], tf[0], ("periapsis", r_p, within), th, origin, mu, tol=tol, **sun)
    t1 = leg1.tof_s / TIME_S
    yp = leg1.end_state
    s2 = yp.copy()
    s2[:, 3:6] += dv[1] * _burn_dir(yp, origin, mu)
    leg2 = leg_difference(s2, dv[1], tf[1], ("c3", c3_target, radius), th + omega_s * t1, origin, mu, tol=tol,
                          **sun)
    burns = np.c_[leg1.burns_km_s[:, 0], leg2.burns_km_s[:, 0]]
    return LegDifference(th, burns, burns.sum(axis=1), (abs(dv[0]) + abs(dv[1])) * VELOCITY_KM_S,
                         leg1.tof_s + leg2.tof_s, leg1.start_state, leg2.end_state, leg1.converged & leg2.converged)


# ---------------------------------------------------------------------------------------------
# L-points are not equilibria


class LPointDrift(NamedTuple):
    """Drift from an L-point left at rest, per Sun phase (rows) and time (columns).

    ``drift_km`` (K, D): distance from the CR3BP point; ``dv_km_s`` (K, D): integral of the Sun's
    perturbing acceleration at the point over the same time (see :func:`lpoint_drift`).
    """

    theta_s0: np.ndarray
    days: np.ndarray
    drift_km: np.ndarray
    dv_km_s: np.ndarray


def _lpoint(point, mu):
    if isinstance(point, str):
        point = int(point.strip()[-1])
    if np.ndim(point) == 0:
        return cr3bp.lagrange_points(mu)[int(point) - 1]
    return np.asarray(point, float)[:3]


def lpoint_drift(point, days, theta_s0, mu=MU, *, m_s=M_SUN, a_s=A_SUN, omega_s=OMEGA_SUN, samples_per_day=48):
    """How far a spacecraft left at rest on a CR3BP L-point drifts under the Sun, and a station-keeping estimate.

    In the CR3BP an L-point is an equilibrium; with the Sun it is not (L4/L5 are replaced by
    periodic orbits of the synodic period [Simo1995]). All phases run in one stacked integration.

    The delta-v is a rough *estimate*: cancelling the Sun's perturbing acceleration at the point
    continuously, Δv = ∫ abs(a_sun(L, theta_s(t))) dt (trapezoid rule, ``samples_per_day`` per day).
    That keeps the spacecraft exactly on the point (the CR3BP part of the force is zero there); a
    real station-keeping strategy would follow the BCR4BP's periodic substitute of the point
    instead and spend less.

    Parameters
    ----------
    point : int, str or array_like (3,)
        1..5, ``"L4"``/``"EML4"``, or a rotating-frame position (nondimensional).
    days : array_like, shape (D,)
        Elapsed times, days (> 0).
    theta_s0 : array_like, shape (K,)
        Sun phase when the spacecraft is released, rad.

    Returns
    -------
    LPointDrift
        ``drift_km`` and ``dv_km_s`` of shape (K, D).

    References
    ----------
    [Simo1995]; [Jorba2000] sec. 2-3.

    Examples
    --------
    >>> d = lpoint_drift("L4", [1.0], [0.0, np.pi / 2])
    >>> bool(np.all(d.drift_km > 0)), d.drift_km.shape
    (True, (2, 1))
    """
    L = np.r_[_lpoint(point, mu), 0.0, 0.0, 0.0]
    days = np.atleast_1d(np.asarray(days, float))
    th = np.atleast_1d(np.asarray(theta_s0, float))
    t = days * DAY_S / TIME_S
    _, y, _ = propagate(np.broadcast_to(L, (th.size, 6)).copy(), float(t.max()), th, mu, t_eval=np.sort(t),
                        rtol=1e-11, atol=1e-12, m_s=m_s, a_s=a_s, omega_s=omega_s)
    y = np.asarray(y).reshape(th.size, -1, 6)[:, np.argsort(np.argsort(t))]
    drift = np.linalg.norm(y[..., :3] - L[:3], axis=-1) * LENGTH_KM
    tq = np.linspace(0.0, float(t.max()), max(int(days.max() * samples_per_day), 2) + 1)
    a = np.linalg.norm(sun_acceleration(L[:3], th[:, None] + omega_s * tq, m_s, a_s), axis=-1)
    cum = np.concatenate([np.zeros((th.size, 1)), np.cumsum(0.5 * (a[:, 1:] + a[:, :-1]) * np.diff(tq), axis=1)],
                         axis=1)
    dv = np.stack([np.interp(t, tq, c) for c in cum]) * VELOCITY_KM_S
    return LPointDrift(th, days, drift, dv)
