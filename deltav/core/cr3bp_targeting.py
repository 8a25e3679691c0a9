"""Targeting in the Earth–Moon CR3BP: coast to an event, one-dimensional secant, and single shooting.

Nondimensional units and frames as in :mod:`deltav.core.cr3bp`, whose propagation these build on.
The cislunar legs (:mod:`deltav.cislunar.shooting`) solve their burns with these functions.

References
----------
.. [Koon] W. S. Koon, M. W. Lo, J. E. Marsden, S. D. Ross, *Dynamical Systems, the Three-Body
   Problem and Space Mission Design*, 2011, ch. 2 (state transition matrix, differential correction).
.. [Szebehely] V. Szebehely, *Theory of Orbits*, Academic Press, 1967, ch. 4 (Jacobi integral).
"""

from __future__ import annotations

import math

import numpy as np

from deltav.core.cr3bp import MU, circular_state, effective_potential, jacobi_constant, primary_position, propagate

def _radius_event(body, radius, mu, direction):
    p = primary_position(body, mu)

    def ev(t, y, *args):
        return (y[0] - p[0]) ** 2 + y[1] ** 2 + y[2] ** 2 - radius * radius

    ev.terminal, ev.direction = True, direction
    return ev


def _apsis_event(body, mu, direction, within=np.inf):
    """Periapsis (direction +1) or apoapsis (-1) about ``body``: (r - r_b) . v crosses zero."""
    p = primary_position(body, mu)

    def ev(t, y, *args):
        dx = y[0] - p[0]
        if dx * dx + y[1] ** 2 + y[2] ** 2 > within * within:
            return -1.0 if direction > 0 else 1.0  # not a candidate: keep the sign that cannot trigger
        return dx * y[3] + y[1] * y[4] + y[2] * y[5]

    ev.terminal, ev.direction = True, direction
    return ev


def flow_to(state, t_max, event, mu=MU, rtol=1e-10, atol=1e-13):
    """Propagate one state until ``event`` ("soi", "perigee", "perilune") first fires, or ``t_max``.

    Parameters
    ----------
    event : tuple
        ``("radius", body, r)`` leaving radius r about body; ``("periapsis", body, within)`` first
        periapsis about body inside distance ``within``.

    Returns
    -------
    t : float (nan if the event never fired), y : ndarray (6,) state at the event (or at t_max).
    """
    kind, body, val = event
    ev = _radius_event(body, val, mu, +1) if kind == "radius" else _apsis_event(body, mu, +1, val)
    _t, y, sol = propagate(state, t_max, mu, rtol=rtol, atol=atol, events=ev)
    if sol.t_events[0].size:
        return float(sol.t_events[0][0]), sol.y_events[0][0]
    return float("nan"), y[-1]


def secant(f, x0, x1, target, tol=1e-10, maxiter=30, f0=None):
    """Solve f(x) = target by the secant method (f is one propagation: no derivatives available).

    ``f0`` = f(x0) if already known. Returns (x, f(x), evaluations); raises ArithmeticError if it
    does not converge.
    """
    f0 = (f(x0) if f0 is None else f0) - target
    f1 = f(x1) - target
    for k in range(maxiter):
        if not np.isfinite(f1):
            x1, f1 = 0.5 * (x0 + x1), f(0.5 * (x0 + x1)) - target
            continue
        if abs(f1) < tol:
            return x1, f1 + target, k + 2
        if f1 == f0:
            break
        x0, x1, f0 = x1, x1 - f1 * (x1 - x0) / (f1 - f0), f1
        f1 = f(x1) - target
    raise ArithmeticError(f"secant did not converge (residual {f1:.3g})")


def _eom_stm_planar(t, y, mu=MU):
    """Planar EOM with the 4x4 state-transition matrix: y = [x, y, vx, vy, Phi (row-major 16)].

    Phi' = A Phi with A = [[0, I], [Omega_rr, 2 J]], Omega_rr the Hessian of the effective potential
    [Koon sec. 4.3 (variational equations)]. Python floats, as in :func:`deltav.core.cr3bp._eom_one`.
    """
    v = y.tolist()
    x, yy, vx, vy = v[0:4]
    dx1 = x + mu
    dx2 = dx1 - 1.0
    r1s = dx1 * dx1 + yy * yy
    r2s = dx2 * dx2 + yy * yy
    r1, r2 = math.sqrt(r1s), math.sqrt(r2s)
    a = (1.0 - mu) / (r1s * r1)
    b = mu / (r2s * r2)
    a5, b5 = 3.0 * a / r1s, 3.0 * b / r2s
    oxx = 1.0 - a - b + a5 * dx1 * dx1 + b5 * dx2 * dx2
    oyy = 1.0 - a - b + (a5 + b5) * yy * yy
    oxy = (a5 * dx1 + b5 * dx2) * yy
    p0, p1, p2, p3 = v[4:8], v[8:12], v[12:16], v[16:20]
    q2 = [oxx * p0[k] + oxy * p1[k] + 2.0 * p3[k] for k in range(4)]
    q3 = [oxy * p0[k] + oyy * p1[k] - 2.0 * p2[k] for k in range(4)]
    return np.array([vx, vy, 2.0 * vy + x - a * dx1 - b * dx2, -2.0 * vx + yy * (1.0 - a - b),
                     *p2, *p3, *q2, *q3])


def shoot_to_point(target, r0, guess, primary="earth", mu=MU, rtol=1e-9, tol=1e-10, maxiter=12):
    """Two-burn transfer from a circular orbit about ``primary`` to a point fixed in the rotating frame.

    Unknowns (theta, v, T): departure angle, primary-relative speed after the tangential departure
    burn, time of flight. Three conditions: the arc ends at ``target`` (x, y) and arrives at an
    apsis about ``primary`` ((r - r_p) . v = 0, the CR3BP analogue of Hohmann's tangential
    arrival). The second burn is then the whole rotating-frame velocity at arrival (the point is
    at rest in that frame). Newton's method with the exact Jacobian from the planar
    state-transition matrix (one propagation per iteration, step halving if the residual grows);
    MINPACK's hybrid method (``scipy.optimize.root``) as a fallback.

    Parameters
    ----------
    target : array_like (3,), rotating frame (z = 0)
    r0 : float, departure circle radius about ``primary``
    guess : (theta, v, T)

    Returns
    -------
    theta, v, T : float
    arrival : ndarray (6,), state at T (velocity = the second burn)
    converged : bool

    References
    ----------
    [Koon] ch. 2 and sec. 4.3; J. T. Betts, *Practical Methods for Optimal Control*, 2010, sec. 3.1
    (shooting).
    """
    from scipy.integrate import solve_ivp

    target = np.asarray(target, float)
    p = primary_position(primary, mu)

    def flow(z):
        th, v, T = z
        c, s = math.cos(th), math.sin(th)
        x0 = np.array([p[0] + r0 * c, r0 * s, -(v - r0) * s, (v - r0) * c])
        sol = solve_ivp(_eom_stm_planar, (0.0, T), np.r_[x0, np.eye(4).ravel()], method="DOP853",
                        rtol=rtol, atol=1e-12, args=(mu,))
        yf = sol.y[:, -1]
        xf, phi = yf[:4], yf[4:].reshape(4, 4)
        F = np.array([xf[0] - target[0], xf[1] - target[1], (xf[0] - p[0]) * xf[2] + xf[1] * xf[3]])
        d_th = np.array([-r0 * s, r0 * c, -(v - r0) * c, -(v - r0) * s])
        d_v = np.array([0.0, 0.0, -s, c])
        f_T = _eom_stm_planar(0.0, np.r_[xf, np.zeros(16)], mu)[:4]
        dxf = np.column_stack([phi @ d_th, phi @ d_v, f_T])
        dF = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0], [xf[2], xf[3], xf[0] - p[0], xf[1]]])
        return F, dF @ dxf

    z = np.asarray(guess, float)
    ok = False
    try:
        F, J = flow(z)
        for _ in range(maxiter):
            step = np.linalg.solve(J, -F)
            lam = 1.0
            while True:
                F_new, J_new = flow(z + lam * step)
                if np.linalg.norm(F_new) < np.linalg.norm(F) or lam < 1e-3:
                    break
                lam *= 0.5
            z, F, J = z + lam * step, F_new, J_new
            if np.linalg.norm(F) < tol:
                ok = True
                break
    except (np.linalg.LinAlgError, ValueError):
        ok = False
    if not ok:  # robust fallback
        from scipy.optimize import root

        def resid(zz):
            return flow(zz)[0]

        sol = root(resid, np.asarray(guess, float), method="hybr", options={"xtol": 1e-9})
        z, ok = sol.x, bool(sol.success)
    th, v, T = z
    _, y, _ = propagate(circular_state(th, r0, v, primary, mu), T, mu, rtol=1e-11)  # the reported arc
    return float(th), float(v), float(T), y[-1], ok


def jacobi_bound_speed(r0, target, primary="earth", mu=MU):
    """Least primary-relative speed at radius ``r0`` for which ``target`` (at rest) is reachable.

    The Jacobi constant is conserved between burns, so arriving at the point with rotating-frame
    speed w needs C(departure) = C(target) - w^2 <= C(target): (v - r0)^2 >= 2 Omega(r0) - C(target).
    The minimum of Omega over the departure circle is used, so this is a lower bound on the
    departure speed of any ballistic transfer [Szebehely sec. 4.2]. Nondimensional.
    """
    th = np.linspace(0, 2 * np.pi, 721)
    pos = circular_state(th, r0, 0.0, primary, mu)[..., :3]
    c_t = jacobi_constant(np.r_[np.asarray(target, float)[:3], 0.0, 0.0, 0.0], mu)
    return float(r0 + np.sqrt(np.min(2 * effective_potential(pos, mu)) - c_t))
