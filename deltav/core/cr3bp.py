"""Earth–Moon circular restricted three-body problem (CR3BP): L1–L5, Jacobi constant, frames, propagation.

Nondimensional units throughout this module unless a name ends in ``_km``/``_km_s``/``_s``:

* length unit ``LENGTH_KM`` = 384 400 km, the Moon's mean distance (``deltav.core.constants.MOON_SMA_KM``,
  NSSDCA Moon fact sheet);
* mass unit = Earth + Moon, so the mass ratio is ``MU = GM_moon / (GM_earth + GM_moon)`` from the
  DE440 GMs (Park et al. 2021) = 0.0121505856...;
* time unit ``TIME_S`` = 1/n with n = sqrt((GM_earth + GM_moon) / LENGTH_KM**3) (Kepler's third
  law for that distance, 4.3425 d; the real sidereal month, 27.3217 d, is 0.13 % longer because
  384 400 km is a mean distance, not the semimajor axis of a circular two-body orbit);
* ``VELOCITY_KM_S`` = LENGTH_KM / TIME_S = 1.0245 km/s.

Frame: barycentric, rotating with the primaries at unit angular rate about +z; Earth at
(-MU, 0, 0), Moon at (1 - MU, 0, 0). States are ``(..., 6)`` arrays ``[x, y, z, vx, vy, vz]``.
Effective potential (Szebehely's convention, no constant term)::

    Omega = (x^2 + y^2) / 2 + (1 - MU) / r1 + MU / r2,      C = 2 Omega - v^2  (Jacobi constant)

so that C(L4) = C(L5) = 3 - MU (1 - MU).

References
----------
.. [Szebehely] V. Szebehely, *Theory of Orbits*, Academic Press, 1967, ch. 4 (equations of motion,
   Jacobi integral, equilibrium points; sec. 4.4 collinear points).
.. [Koon] W. S. Koon, M. W. Lo, J. E. Marsden, S. D. Ross, *Dynamical Systems, the Three-Body
   Problem and Space Mission Design*, 2011, ch. 2 (eqs. 2.3.6-2.3.8; sec. 2.5 rotating/inertial).
.. [Park] R. S. Park et al., "The JPL Planetary and Lunar Ephemerides DE440 and DE441",
   Astron. J. 161:105 (2021), Table 8 (GM values).
.. [Hairer] E. Hairer, S. P. Norsett, G. Wanner, *Solving Ordinary Differential Equations I*,
   2nd ed., 1993, sec. II.5 (DOP853, used through ``scipy.integrate.solve_ivp``).
"""

from __future__ import annotations

import math

import numpy as np

from deltav.core.constants import GM_EARTH, GM_MOON, MOON_SMA_KM

#: Mass ratio GM_moon / (GM_earth + GM_moon) from DE440.
MU = GM_MOON / (GM_EARTH + GM_MOON)
#: Length unit: the Moon's mean distance, km.
LENGTH_KM = float(MOON_SMA_KM)
#: Time unit 1/n, s.
TIME_S = float(np.sqrt(LENGTH_KM**3 / (GM_EARTH + GM_MOON)))
#: Velocity unit, km/s.
VELOCITY_KM_S = LENGTH_KM / TIME_S


def _omega_gradient(x, y, z, mu):
    """Gradient of the effective potential; returns (Ox, Oy, Oz) with the inputs' shape."""
    dx1, dx2 = x + mu, x - 1.0 + mu
    r1_3 = (dx1 * dx1 + y * y + z * z) ** 1.5
    r2_3 = (dx2 * dx2 + y * y + z * z) ** 1.5
    a, b = (1.0 - mu) / r1_3, mu / r2_3
    return x - a * dx1 - b * dx2, y - (a + b) * y, -(a + b) * z


def effective_potential(r, mu=MU):
    """Effective (pseudo-)potential Omega of the rotating frame.

    Parameters
    ----------
    r : array_like, shape (..., 3) (or (..., 6): only the position is used), nondimensional
    mu : float
        Mass ratio.

    Returns
    -------
    Omega : ndarray, shape (...)

    References
    ----------
    [Szebehely] eq. 4.1(8); [Koon] eq. 2.3.7 (there with an extra constant mu (1 - mu) / 2).
    """
    r = np.asarray(r, float)
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    r1 = np.sqrt((x + mu) ** 2 + y**2 + z**2)
    r2 = np.sqrt((x - 1.0 + mu) ** 2 + y**2 + z**2)
    return 0.5 * (x**2 + y**2) + (1.0 - mu) / r1 + mu / r2


def potential_gradient(r, mu=MU):
    """Gradient of :func:`effective_potential`, shape (..., 3)."""
    r = np.asarray(r, float)
    return np.stack(_omega_gradient(r[..., 0], r[..., 1], r[..., 2], mu), axis=-1)


def jacobi_constant(state, mu=MU):
    """Jacobi constant ``C = 2 Omega - |v|^2`` of rotating-frame states, shape (...,).

    References
    ----------
    [Szebehely] eq. 4.2(9).

    Examples
    --------
    At L4 (at rest in the rotating frame) C = 3 - mu (1 - mu):

    >>> L4 = lagrange_points()[3]
    >>> bool(abs(jacobi_constant(np.r_[L4, 0, 0, 0]) - (3 - MU * (1 - MU))) < 1e-14)
    True
    """
    s = np.asarray(state, float)
    return 2.0 * effective_potential(s, mu) - np.sum(s[..., 3:6] ** 2, axis=-1)


def collinear_points(mu=MU, tol=1e-15):
    """x coordinates of L1, L2, L3 (roots of dOmega/dx on the x axis), shape (..., 3).

    Newton's method on the exact equilibrium condition, vectorised over ``mu`` and started from
    Hill's approximation gamma ~ (mu/3)^(1/3) (L1, L2) and 1 - 7 mu / 12 (L3); it converges
    quadratically, ``|dOmega/dx|`` reaches ~1e-16.

    References
    ----------
    [Szebehely] sec. 4.4 (quintic equations for gamma_i and their series solutions).
    """
    mu = np.asarray(mu, float)[..., None]
    g = np.cbrt(mu / 3.0)
    x = np.concatenate([1.0 - mu - g, 1.0 - mu + g, -mu - (1.0 - 7.0 * mu / 12.0)], axis=-1)
    for _ in range(50):
        dx1, dx2 = x + mu, x - 1.0 + mu
        f = x - (1.0 - mu) * dx1 / np.abs(dx1) ** 3 - mu * dx2 / np.abs(dx2) ** 3
        df = 1.0 + 2.0 * (1.0 - mu) / np.abs(dx1) ** 3 + 2.0 * mu / np.abs(dx2) ** 3
        step = f / df
        x = x - step
        if np.all(np.abs(step) < tol):
            break
    return x


def lagrange_points(mu=MU):
    """The five Lagrange points in the rotating barycentric frame, shape (..., 5, 3).

    Collinear points by :func:`collinear_points`; L4 (leading the Moon) and L5 (trailing) at the
    apexes of the equilateral triangles on the Earth–Moon segment: (1/2 - mu, +-sqrt(3)/2, 0).

    Examples
    --------
    >>> L = lagrange_points()
    >>> [round(float((x + MU) * LENGTH_KM)) for x in L[:3, 0]]   # km from Earth's centre
    [326381, 448915, -381675]
    """
    mu_a = np.asarray(mu, float)
    xs = collinear_points(mu_a)
    out = np.zeros(mu_a.shape + (5, 3))
    out[..., :3, 0] = xs
    out[..., 3, 0] = out[..., 4, 0] = 0.5 - mu_a
    out[..., 3, 1], out[..., 4, 1] = np.sqrt(3.0) / 2.0, -np.sqrt(3.0) / 2.0
    return out


def primary_position(body, mu=MU):
    """Rotating-frame position of ``"earth"``, ``"moon"`` or ``"barycentre"``, shape (3,)."""
    x = {"earth": -mu, "moon": 1.0 - mu, "barycentre": 0.0, "barycenter": 0.0}[body]
    return np.array([x, 0.0, 0.0])


def rotating_to_inertial(state, t, mu=MU, origin="earth"):
    """Rotating-frame states -> inertial states centred on ``origin``, axes aligned at t = 0.

    r_in = R(t) (r - r_o),  v_in = R(t) (v + e_z x (r - r_o)),  R(t) a rotation by t about z
    (the origin is fixed in the rotating frame, so its inertial velocity is e_z x r_o, which the
    relative form already accounts for).

    Parameters
    ----------
    state : array_like, shape (..., 6)
    t : array_like, shape broadcastable to (...)
        Nondimensional time (= rotation angle, rad).
    origin : {"earth", "moon", "barycentre"}

    References
    ----------
    [Koon] sec. 2.5 (eq. 2.5.1).
    """
    s = np.asarray(state, float)
    r = s[..., 0:3] - primary_position(origin, mu)
    v = s[..., 3:6] + np.stack([-r[..., 1], r[..., 0], np.zeros_like(r[..., 0])], axis=-1)
    c, sn = np.cos(t), np.sin(t)
    c, sn = np.asarray(c)[..., None], np.asarray(sn)[..., None]

    def rot(a):
        return np.concatenate([c * a[..., 0:1] - sn * a[..., 1:2], sn * a[..., 0:1] + c * a[..., 1:2],
                               a[..., 2:3]], axis=-1)

    return np.concatenate([rot(r), rot(v)], axis=-1)


def inertial_to_rotating(state, t, mu=MU, origin="earth"):
    """Inverse of :func:`rotating_to_inertial`."""
    s = np.asarray(state, float)
    c, sn = np.cos(t), np.sin(t)
    c, sn = np.asarray(c)[..., None], np.asarray(sn)[..., None]

    def unrot(a):
        return np.concatenate([c * a[..., 0:1] + sn * a[..., 1:2], -sn * a[..., 0:1] + c * a[..., 1:2],
                               a[..., 2:3]], axis=-1)

    r, v = unrot(s[..., 0:3]), unrot(s[..., 3:6])
    v = v - np.stack([-r[..., 1], r[..., 0], np.zeros_like(r[..., 0])], axis=-1)
    return np.concatenate([r + primary_position(origin, mu), v], axis=-1)


def eom(t, y, mu=MU):
    """Right-hand side for N stacked states, component-major: ``y`` is ``(6 N,)`` = (6, N) raveled.

    x'' = 2 y' + Omega_x,  y'' = -2 x' + Omega_y,  z'' = Omega_z  [Szebehely eq. 4.1(7)].
    The component-major layout lets one ``solve_ivp`` call advance all N arcs with array operations.
    """
    x, yy, z, vx, vy, vz = y.reshape(6, -1)
    dx1 = x + mu
    dx2 = dx1 - 1.0
    yz = yy * yy + z * z
    r1 = dx1 * dx1 + yz
    r2 = dx2 * dx2 + yz
    a = (1.0 - mu) / (r1 * np.sqrt(r1))
    b = mu / (r2 * np.sqrt(r2))
    out = np.empty((6, x.size))
    out[0], out[1], out[2] = vx, vy, vz
    out[3] = 2.0 * vy + x - a * dx1 - b * dx2
    out[4] = -2.0 * vx + yy * (1.0 - a - b)
    out[5] = -z * (a + b)
    return out.ravel()


def _eom_one(t, y, mu=MU):
    """:func:`eom` for a single state with Python floats: numpy's per-call overhead dominates a
    6-vector (measured ~120 us vs ~5 us per call here), and shooting propagates one arc at a time."""
    x, yy, z, vx, vy, vz = y.tolist()
    dx1 = x + mu
    dx2 = dx1 - 1.0
    yz = yy * yy + z * z
    r1 = dx1 * dx1 + yz
    r2 = dx2 * dx2 + yz
    a = (1.0 - mu) / (r1 * math.sqrt(r1))
    b = mu / (r2 * math.sqrt(r2))
    return np.array([vx, vy, vz, 2.0 * vy + x - a * dx1 - b * dx2, -2.0 * vx + yy * (1.0 - a - b), -z * (a + b)])


def propagate(states, tf, mu=MU, *, t_eval=None, rtol=1e-12, atol=1e-12, dense_output=False, events=None,
              per_arc_tolerance=True):
    """Propagate one or many rotating-frame states with DOP853 in a single ``solve_ivp`` call.

    Parameters
    ----------
    states : array_like, shape (6,) or (N, 6)
    tf : float
        Final nondimensional time (negative to propagate backwards); all arcs share it.
    t_eval : array_like, optional
        Output times; default: the integrator's own steps.
    rtol, atol : float
        Tolerances per arc. ``solve_ivp`` measures the error as an RMS over all 6 N components,
        so with ``per_arc_tolerance`` (default) both are divided by sqrt(N) to keep every arc's
        local error within what it would get alone; pass False to trade accuracy for speed.
    events : callable or list, optional
        Passed to ``solve_ivp``; they see the state (6,) for one arc, the stacked vector otherwise.

    Returns
    -------
    t : ndarray, shape (M,)
    y : ndarray, shape (M, 6) for one state or (N, M, 6)
    sol : the ``OdeResult`` (dense output, events) for further use.

    References
    ----------
    [Hairer] sec. II.5-II.6 (DOP853 with dense output).
    """
    from scipy.integrate import solve_ivp  # lazy: keeps ``import deltav`` fast

    s = np.asarray(states, float)
    single = s.ndim == 1
    s2 = s.reshape(-1, 6)
    n = s2.shape[0]
    fun = _eom_one if n == 1 else eom
    # solve_ivp's error norm is an RMS over all 6 N components: tightening by sqrt(N) keeps each
    # arc's local error within the single-arc bound (at ~tol^(-1/8) more steps for DOP853).
    k = np.sqrt(n) if per_arc_tolerance else 1.0
    sol = solve_ivp(fun, (0.0, float(tf)), s2.T.ravel(), method="DOP853", t_eval=t_eval, rtol=rtol / k,
                    atol=atol / k, args=(mu,), dense_output=dense_output, events=events)
    y = sol.y.reshape(6, s2.shape[0], -1).transpose(1, 2, 0)
    return sol.t, (y[0] if single else y), sol


# ---------------------------------------------------------------------------------------------
# building blocks for transfers: departure states, burns, events, shooting


def circular_state(theta, r0, v, primary="earth", mu=MU):
    """Rotating-frame state at angle ``theta`` on a circle of radius ``r0`` about ``primary``, moving
    prograde with ``primary``-relative inertial speed ``v`` (circular speed, or more after a burn).

    v_rot = v_in - e_z x (r - r_p) = (v - r0) (-sin theta, cos theta)  [Koon eq. 2.5.1].
    Shape (..., 6), nondimensional.
    """
    th, r0, v = np.broadcast_arrays(*(np.asarray(a, float) for a in (theta, r0, v)))
    c, s = np.cos(th), np.sin(th)
    p = primary_position(primary, mu)
    z = np.zeros_like(th)
    return np.stack([p[0] + r0 * c, r0 * s, z, -(v - r0) * s, (v - r0) * c, z], axis=-1)


def inertial_velocity(state, origin="earth", mu=MU):
    """``origin``-relative inertial velocity in rotating-frame components: v + e_z x (r - r_o), (..., 3)."""
    s = np.asarray(state, float)
    r = s[..., 0:3] - primary_position(origin, mu)
    return s[..., 3:6] + np.stack([-r[..., 1], r[..., 0], np.zeros_like(r[..., 0])], axis=-1)


def burn(state, dv, origin="earth", mu=MU):
    """Impulse ``dv`` along the ``origin``-relative inertial velocity (negative: retrograde), (..., 6)."""
    s = np.array(state, float)
    w = inertial_velocity(s, origin, mu)
    s[..., 3:6] += np.asarray(dv, float)[..., None] * w / np.linalg.norm(w, axis=-1, keepdims=True)
    return s


def vinf(state, mu=MU):
    """Earth-relative hyperbolic excess speed from the energy v^2/2 - (1-mu)/r_E - mu/r_M, NaN if bound.

    Evaluated far from Earth (at its sphere of influence) this is the v_inf a patched-conic
    heliocentric leg starts with; the Moon's potential term is included because it is not yet
    negligible there (~4e-5 of C3 at 0.93 million km).
    """
    s = np.asarray(state, float)
    v2 = np.sum(inertial_velocity(s, "earth", mu) ** 2, axis=-1)
    rE = np.linalg.norm(s[..., 0:3] - primary_position("earth", mu), axis=-1)
    rM = np.linalg.norm(s[..., 0:3] - primary_position("moon", mu), axis=-1)
    e2 = v2 - 2.0 * (1.0 - mu) / rE - 2.0 * mu / rM
    with np.errstate(invalid="ignore"):
        return np.where(e2 >= 0, np.sqrt(np.maximum(e2, 0.0)), np.nan)
