"""Bicircular restricted four-body problem (BCR4BP): the Earth–Moon CR3BP plus the Sun on a circle.

Same frame, units and state layout as :mod:`deltav.core.cr3bp` (barycentric Earth–Moon rotating
frame, length ``LENGTH_KM``, time ``TIME_S``, states ``[x, y, z, vx, vy, vz]``). The Sun moves on
a circle of radius ``A_SUN`` about the Earth–Moon barycentre, in the Moon's orbital plane, at the
angle

    theta_s(t) = theta_s0 + OMEGA_SUN t       (Sun at a_s (cos theta_s, sin theta_s, 0))

so ``theta_s0 = 0`` puts the Sun on the +x axis beyond the Moon (new Moon) and ``pi`` behind Earth
(full Moon). ``OMEGA_SUN`` < 0: seen from the rotating frame the Sun goes round clockwise once per
synodic month. Equations of motion [Simo1995] [Boudad2020]::

    x'' - 2 y' = dOmega4/dx,   y'' + 2 x' = dOmega4/dy,   z'' = dOmega4/dz,
    Omega4 = Omega3 + m_s / r_s - (m_s / a_s^2) (x cos theta_s + y sin theta_s)

with Omega3 the CR3BP effective potential. The last term is the *indirect* term: the frame's origin
(the Earth–Moon barycentre) is itself accelerated towards the Sun by m_s / a_s^2, and that is
subtracted, as in the standard model; without it the Sun's full 0.006 m/s^2 pull would act on the
spacecraft alone instead of only its tide (~3e-5 m/s^2 at the Moon's distance).

Constants, derived from deltav's constants (``deltav.core.constants``):

* ``M_SUN`` = GM_sun / (GM_earth + GM_moon) = 328 900.56 (DE440 GMs; published 328 900.5 [Simo1995],
  [Jorba2000]);
* ``A_SUN`` = EARTH_SMA_KM / LENGTH_KM = 149.598e6 / 384 400 = 389.17 (published 388.811 14, the same
  ~1 AU in the longer length unit ~384 750 km those papers use);
* ``N_SUN`` = sqrt((1 + M_SUN) / A_SUN^3) = 0.074 700: Kepler's third law for the Sun and the
  Earth–Moon barycentre on circles about their common centre of mass (period 365.257 d), so
  ``OMEGA_SUN`` = N_SUN - 1 = -0.925 300 (published -0.925 196), synodic month 2 pi / abs(OMEGA_SUN)
  = 29.49 d (the real mean one is 29.53 d; 0.15 % short, mostly for the reason TIME_S is, see
  :mod:`deltav.core.cr3bp`).

The model is not self-consistent (the Earth–Moon and Sun circles are not a solution of the
three-body problem [Jorba2000]) and ignores the Moon's eccentricity (0.055) and inclination
(5.1 deg to the ecliptic); it captures the Sun's tide, which is what makes L4/L5 non-equilibria
and perturbs slow, far-reaching legs.

References
----------
.. [Simo1995] C. Simó, G. Gómez, À. Jorba, J. Masdemont, "The bicircular model near the triangular
   libration points of the RTBP", in *From Newton to Chaos*, NATO ASI Series B 336, Plenum, 1995,
   pp. 343-370.
.. [Jorba2000] À. Jorba, "A numerical study on the existence of stable motions near the triangular
   points of the real Earth-Moon system", *Astron. Astrophys.* 364:327-338 (2000), sec. 2.
.. [Boudad2020] K. K. Boudad, K. C. Howell, D. C. Davis, "Dynamics of synodic resonant near
   rectilinear halo orbits in the bicircular four-body problem", *Adv. Space Res.* 66:2194-2214
   (2020), sec. 2 (equations of motion, indirect term).
.. [Koon] W. S. Koon, M. W. Lo, J. E. Marsden, S. D. Ross, *Dynamical Systems, the Three-Body
   Problem and Space Mission Design*, 2011, sec. 4.3 (variational equations).
.. [Hairer] E. Hairer, S. P. Norsett, G. Wanner, *Solving Ordinary Differential Equations I*,
   2nd ed., 1993, sec. II.5-II.6 (DOP853 and its dense output).
"""

from __future__ import annotations

import math

import numpy as np

from deltav.core import cr3bp
from deltav.core.constants import EARTH_SMA_KM, GM_EARTH, GM_MOON, GM_SUN
from deltav.core.cr3bp import LENGTH_KM, MU, TIME_S

#: Sun mass in Earth+Moon masses (DE440 GMs).
M_SUN = GM_SUN / (GM_EARTH + GM_MOON)
#: Radius of the Sun's circle about the Earth–Moon barycentre, nondimensional.
A_SUN = EARTH_SMA_KM / LENGTH_KM
#: The Sun's inertial angular rate (Kepler's third law), nondimensional.
N_SUN = math.sqrt((1.0 + M_SUN) / A_SUN**3)
#: The Sun's angular rate in the rotating frame, nondimensional (negative: clockwise).
OMEGA_SUN = N_SUN - 1.0
#: Synodic month of the model, s.
SYNODIC_PERIOD_S = 2.0 * math.pi / abs(OMEGA_SUN) * TIME_S

_ACC_KM_S2 = LENGTH_KM / TIME_S**2
_SUN = (M_SUN, A_SUN, OMEGA_SUN)


def sun_position(theta_s, a_s=A_SUN):
    """Rotating-frame position of the Sun at phase ``theta_s`` (rad), shape ``theta_s.shape + (3,)``.

    Examples
    --------
    >>> np.round(sun_position(np.pi / 2), 3).tolist()
    [0.0, 389.173, 0.0]
    """
    th = np.asarray(theta_s, float)
    return np.stack([a_s * np.cos(th), a_s * np.sin(th), np.zeros_like(th)], axis=-1)


def sun_acceleration(r, theta_s, m_s=M_SUN, a_s=A_SUN):
    """The Sun's perturbing acceleration in the rotating frame: direct pull minus the barycentre's (indirect).

    ``a = m_s (r_s - r) / abs(r_s - r)^3 - m_s r_s / a_s^3`` [Boudad2020] eq. (4)-(6). Near the origin this
    is the tide, ~ m_s / a_s^3 (3 (r . s) s - r) with s the unit vector to the Sun.

    Parameters
    ----------
    r : array_like, shape (..., 3) (or (..., 6): only the position is used), nondimensional
    theta_s : array_like, broadcastable to ``r.shape[:-1]``
        Sun phase, rad.
    m_s, a_s : float
        Sun mass ratio and distance (nondimensional).

    Returns
    -------
    ndarray, shape (..., 3), nondimensional (multiply by ``LENGTH_KM / TIME_S**2`` for km/s^2).

    Examples
    --------
    On the Sun line at the Moon's distance the tide stretches, twice as hard as it squeezes across:

    >>> a_along = sun_acceleration([1.0, 0, 0], 0.0)[0]
    >>> a_across = sun_acceleration([0, 1.0, 0], 0.0)[1]
    >>> round(float(a_along / -a_across), 1)
    2.0
    """
    r = np.asarray(r, float)[..., :3]
    rs = sun_position(theta_s, a_s)
    d = rs - r
    d3 = np.sum(d * d, axis=-1, keepdims=True) ** 1.5
    return m_s * (d / d3 - rs / a_s**3)


def eom(t, y, theta_s0, mu=MU, m_s=M_SUN, a_s=A_SUN, omega_s=OMEGA_SUN):
    """Right-hand side for N stacked states, component-major like :func:`deltav.core.cr3bp.eom`.

    Parameters
    ----------
    t : float
        Nondimensional time.
    y : ndarray, shape (6 N,)
        The (6, N) array of states raveled.
    theta_s0 : float or ndarray, shape (N,)
        Sun phase at t = 0 (rad), one per arc: stacking arcs with different phases is how a sweep
        over Sun phases runs in one integration.
    mu, m_s, a_s, omega_s : float
        Earth–Moon mass ratio; Sun mass ratio, distance and rotating-frame rate. ``m_s = 0`` is the CR3BP.

    Returns
    -------
    ndarray, shape (6 N,)

    Examples
    --------
    L4 is at rest and force-free in the CR3BP; here it feels the Sun's tide (~1e-8 km/s^2):

    >>> L4 = np.r_[cr3bp.lagrange_points()[3], 0, 0, 0]
    >>> acc = eom(0.0, L4, 0.0)[3:5] * LENGTH_KM / TIME_S**2
    >>> bool(5e-9 < np.hypot(*acc) < 5e-8)
    True
    """
    out = cr3bp.eom(t, y, mu)
    if m_s == 0.0:
        return out
    x, yy, z = y.reshape(6, -1)[:3]
    th = theta_s0 + omega_s * t
    xs, ys = a_s * np.cos(th), a_s * np.sin(th)
    dx, dy = x - xs, yy - ys
    d2 = dx * dx + dy * dy + z * z
    k = m_s / (d2 * np.sqrt(d2))
    ki = m_s / a_s**3
    acc = out.reshape(6, -1)
    acc[3] -= k * dx + ki * xs
    acc[4] -= k * dy + ki * ys
    acc[5] -= k * z
    return out


def _eom_one(t, y, theta_s0, mu=MU, m_s=M_SUN, a_s=A_SUN, omega_s=OMEGA_SUN):
    """:func:`eom` for one state with Python floats: the CR3BP's (:func:`deltav.core.cr3bp._eom_one`) plus the
    Sun's direct and indirect pull."""
    out = cr3bp._eom_one(t, y, mu)
    x, yy, z = y[:3].tolist()
    th = float(theta_s0) + omega_s * t
    xs, ys = a_s * math.cos(th), a_s * math.sin(th)
    dx, dy = x - xs, yy - ys
    d2 = dx * dx + dy * dy + z * z
    k = m_s / (d2 * math.sqrt(d2))
    ki = m_s / a_s**3
    out[3] -= k * dx + ki * xs
    out[4] -= k * dy + ki * ys
    out[5] -= k * z
    return out


def _stack(states, theta_s0):
    """Broadcast states (..., 6) against phases (...): ((N, 6) states, (N,) phases, single-arc flag)."""
    s = np.asarray(states, float)
    th = np.asarray(theta_s0, float)
    single = s.ndim == 1 and th.ndim == 0
    shape = np.broadcast_shapes(s.shape[:-1], th.shape)
    s2 = np.broadcast_to(s, shape + (6,)).reshape(-1, 6)
    return s2, np.broadcast_to(th, shape).reshape(-1).copy(), single


def propagate(states, tf, theta_s0, mu=MU, *, t_eval=None, rtol=1e-12, atol=1e-12, dense_output=False, events=None,
              per_arc_tolerance=True, m_s=M_SUN, a_s=A_SUN, omega_s=OMEGA_SUN):
    """Propagate rotating-frame states with DOP853 in one ``solve_ivp`` call, like :func:`deltav.core.cr3bp.propagate`.

    Parameters
    ----------
    states : array_like, shape (6,) or (N, 6)
    tf : float
        Final nondimensional time (negative to propagate backwards); all arcs share it.
    theta_s0 : float or array_like, shape (K,)
        Sun phase at t = 0, rad; broadcast against the states, so one state and K phases make K arcs.
    t_eval : array_like, optional
        Output times; default: the integrator's own steps.
    rtol, atol : float
        Tolerances per arc (divided by sqrt(N) when ``per_arc_tolerance``, as in the CR3BP's propagate).
    events : callable or list, optional
        Passed to ``solve_ivp``; called as ``ev(t, y, theta, mu, m_s, a_s, omega_s)`` with the state
        (6,) for one arc, the stacked vector otherwise (so the event builders of
        :mod:`deltav.core.cr3bp_targeting` work).
    m_s, a_s, omega_s : float
        Sun parameters (``m_s = 0``: the CR3BP).

    Returns
    -------
    t : ndarray, shape (M,)
    y : ndarray, shape (M, 6) for one state and one phase, else (N, M, 6)
    sol : the ``OdeResult`` (dense output, events).

    References
    ----------
    [Hairer] sec. II.5-II.6.

    Examples
    --------
    Three Sun phases from L4 at rest, one integration (the tide looks the same from the Sun and from
    the opposite side, so phases 0 and pi drift alike):

    >>> L4 = np.r_[cr3bp.lagrange_points()[3], 0, 0, 0]
    >>> t, y, _ = propagate(L4, 1.0, [0.0, np.pi / 2, np.pi], t_eval=[1.0])
    >>> y.shape
    (3, 1, 6)
    >>> np.round(np.linalg.norm(y[:, -1, :3] - L4[:3], axis=-1) * LENGTH_KM, -1).tolist()
    [1260.0, 2390.0, 1260.0]
    """
    from scipy.integrate import solve_ivp  # lazy: keeps ``import deltav`` fast

    s2, th, single = _stack(states, theta_s0)
    n = s2.shape[0]
    fun = _eom_one if n == 1 else eom
    k = math.sqrt(n) if per_arc_tolerance else 1.0
    sol = solve_ivp(fun, (0.0, float(tf)), s2.T.ravel(), method="DOP853", t_eval=t_eval, rtol=rtol / k,
                    atol=atol / k, args=(th[0] if n == 1 else th, mu, m_s, a_s, omega_s),
                    dense_output=dense_output, events=events)
    y = sol.y.reshape(6, n, -1).transpose(1, 2, 0)
    return sol.t, (y[0] if single else y), sol


# ---------------------------------------------------------------------------------------------
# per-arc flight times and the state-transition matrix


def _hessian(x, y, z, th, mu, m_s, a_s):
    """Hessian of Omega4 (the indirect term is linear: no contribution), shape (3, 3, N)."""
    n = x.size
    H = np.zeros((3, 3, n))
    H[0, 0] += 1.0
    H[1, 1] += 1.0
    eye = np.eye(3)[:, :, None]
    zero = np.zeros(n)
    xs, ys = a_s * np.cos(th) + zero, a_s * np.sin(th) + zero
    for px, py, m in ((-mu + zero, zero, 1.0 - mu), (1.0 - mu + zero, zero, mu), (xs, ys, m_s)):
        if m == 0.0:
            continue
        d = np.stack([x - px, y - py, z])
        r2 = np.sum(d * d, axis=0)
        H += m * (3.0 * d[:, None] * d[None, :] / r2**2.5 - eye / r2**1.5)
    return H


def _eom_scaled(tau, y, theta_s0, T, mu, m_s, a_s, omega_s, with_stm):
    """d/dtau of [state, Phi] for arcs of durations T (t = T tau): every arc ends at tau = 1."""
    n = T.size
    t = T * tau
    th = theta_s0 + omega_s * t
    Y = y.reshape(-1, n)
    out = np.empty_like(Y)
    out[:6] = eom(0.0, Y[:6].ravel(), th, mu, m_s, a_s, 0.0).reshape(6, n) * T
    if with_stm:
        P = Y[6:].reshape(6, 6, n)
        H = _hessian(Y[0], Y[1], Y[2], th, mu, m_s, a_s)
        dP = np.empty_like(P)
        dP[:3] = P[3:]
        dP[3:] = np.einsum("ijn,jkn->ikn", H, P[:3])
        dP[3] += 2.0 * P[4]
        dP[4] -= 2.0 * P[3]
        out[6:] = (dP * T).reshape(36, n)
    return out.ravel()


def flow(states, T, theta_s0, mu=MU, *, stm=False, rtol=1e-12, atol=1e-12, m_s=M_SUN, a_s=A_SUN,
         omega_s=OMEGA_SUN):
    """End states of arcs with individual flight times, optionally with their state-transition matrices.

    Time is rescaled per arc (t = T tau, tau in [0, 1]) so that arcs of different durations still
    share one ``solve_ivp`` call. Phi' = A Phi, A = [[0, I], [Hess Omega4, 2 J]] [Koon] sec. 4.3.

    Parameters
    ----------
    states : array_like, shape (6,) or (N, 6)
    T : float or array_like, shape (N,)
        Flight times, nondimensional.
    theta_s0 : float or array_like, shape (N,)
        Sun phase at each arc's start, rad.
    stm : bool
        Also return d(end state) / d(start state).

    Returns
    -------
    end : ndarray, shape (N, 6)
    Phi : ndarray, shape (N, 6, 6), only with ``stm=True``

    Raises
    ------
    ArithmeticError
        If the integration fails (an arc through a primary).

    Examples
    --------
    >>> L4 = np.r_[cr3bp.lagrange_points()[3], 0, 0, 0]
    >>> end = flow(L4, [1.0, 1.0], [0.0, np.pi])
    >>> end.shape
    (2, 6)
    """
    from scipy.integrate import solve_ivp

    s = np.atleast_2d(np.asarray(states, float))
    n = np.broadcast_shapes(s.shape[:1], np.atleast_1d(T).shape, np.atleast_1d(theta_s0).shape)[0]
    s = np.broadcast_to(s, (n, 6))
    T = np.broadcast_to(np.asarray(T, float), (n,)).copy()
    th = np.broadcast_to(np.asarray(theta_s0, float), (n,)).copy()
    y0 = s.T
    if stm:
        y0 = np.concatenate([y0, np.broadcast_to(np.eye(6).reshape(36, 1), (36, n))])
    k = math.sqrt(n)  # RMS over arcs (the STM entries are held by rtol, being O(1) or larger)
    sol = solve_ivp(_eom_scaled, (0.0, 1.0), np.ascontiguousarray(y0).ravel(), method="DOP853", rtol=rtol / k,
                    atol=atol / k, args=(th, T, mu, m_s, a_s, omega_s, stm))
    if not sol.success:
        raise ArithmeticError(f"BCR4BP integration failed: {sol.message}")
    Y = sol.y[:, -1].reshape(-1, n)
    end = Y[:6].T.copy()
    return (end, Y[6:].reshape(6, 6, n).transpose(2, 0, 1)) if stm else end


# ---------------------------------------------------------------------------------------------
# events on stacked arcs: first crossing per arc, from the dense output


def _first_crossing(sol, n, g, direction=1.0):
    """First time each of n stacked arcs has g(state) cross zero in ``direction``: (t (n,), states (n, 6)).

    Sign changes are located between the integrator's steps, then bisected on the DOP853 dense
    output for all arcs at once (55 halvings: below 1e-15 of a step). NaN where g never crosses.
    """
    ts = sol.t
    Y = sol.y.reshape(6, n, -1).transpose(1, 2, 0)
    s = direction * g(Y)
    cross = (s[:, :-1] < 0) & (s[:, 1:] >= 0)
    has = cross.any(axis=1)
    j = np.argmax(cross, axis=1)
    lo, hi = ts[j], ts[np.minimum(j + 1, ts.size - 1)]
    idx = np.arange(n)

    def at(tk):
        return sol.sol(tk).reshape(6, n, n)[:, idx, idx].T  # arc k at its own time tk[k]

    for _ in range(55):
        mid = 0.5 * (lo + hi)
        neg = direction * g(at(mid)) < 0
        lo, hi = np.where(neg, mid, lo), np.where(neg, hi, mid)
    t = np.where(has, hi, np.nan)
    return t, np.where(has[:, None], at(hi), np.nan)


def _rel(Y, origin, mu):
    return Y[..., :3] - cr3bp.primary_position(origin, mu)


def _apsis_g(origin, mu, within):
    def g(Y):
        r = _rel(Y, origin, mu)
        rv = np.sum(r * Y[..., 3:6], axis=-1)
        return np.where(np.sum(r * r, axis=-1) > within * within, -1.0, rv)

    return g


def _radius_g(origin, mu, radius):
    def g(Y):
        r = _rel(Y, origin, mu)
        return np.sum(r * r, axis=-1) - radius * radius

    return g


def c3(state, mu=MU):
    """Earth-relative signed energy 2 E = v^2 - 2 (1 - mu) / r_E - 2 mu / r_M (nondim), shape (...).

    The measure :mod:`deltav.cislunar` reads at Earth's sphere of influence (C3 for a patched-conic
    heliocentric leg); the Sun's tide is left out of it on purpose, the heliocentric leg models the Sun.
    """
    s = np.asarray(state, float)
    v2 = np.sum(cr3bp.inertial_velocity(s, "earth", mu) ** 2, axis=-1)
    rE = np.linalg.norm(_rel(s, "earth", mu), axis=-1)
    rM = np.linalg.norm(_rel(s, "moon", mu), axis=-1)
    return v2 - 2.0 * (1.0 - mu) / rE - 2.0 * mu / rM
