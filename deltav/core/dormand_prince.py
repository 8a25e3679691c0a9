"""Dormand–Prince 5(4) for many Earth–Moon CR3BP arcs at once, sampled on one grid of normalised time.

Why a second integrator next to :func:`deltav.core.cr3bp.propagate` (scipy's DOP853): drawing a leg needs
a few hundred samples of a handful of arcs at ~1e-10, and importing ``scipy.integrate`` costs several
times the propagation itself. This module needs numpy only.

Every arc i (state ``y_i(0)``, duration ``T_i`` in CR3BP time units, negative = backwards) is integrated
in normalised time ``s = t / T_i`` on [0, 1], ``dy_i/ds = T_i f(y_i)`` with ``f`` the CR3BP right-hand
side :func:`deltav.core.cr3bp.eom`. All arcs then share the interval, one adaptive step in ``s`` and one
set of sample points; the step is accepted only if every arc's local error estimate meets the tolerance
(error norm: the maximum over arcs of each arc's RMS scaled error). One Python iteration per step
advances all arcs with array operations.

Nondimensional units and frame as in :mod:`deltav.core.cr3bp`.

References
----------
.. [HNW] E. Hairer, S. P. Norsett, G. Wanner, *Solving Ordinary Differential Equations I*, 2nd ed.,
   Springer, 1993: sec. II.4 (error norm, step-size control, starting step size), sec. II.5, Table 5.2
   (the Dormand–Prince 5(4) coefficients, "DOPRI5"), sec. II.6 (its continuous extension of order 4).
.. [DP] J. R. Dormand, P. J. Prince, "A family of embedded Runge–Kutta formulae",
   J. Comput. Appl. Math. 6 (1980) 19–26.
"""

from __future__ import annotations

import numpy as np

from deltav.core import cr3bp
from deltav.core.cr3bp import MU

# Butcher tableau of DOPRI5 [HNW Table 5.2]. Row i of _A gives stage i+1 from stages 0..i; the last row
# equals the 5th-order weights, so stage 7 is f(y1), reused as stage 1 of the next step (FSAL).
_A = (
    np.array([1 / 5]),
    np.array([3 / 40, 9 / 40]),
    np.array([44 / 45, -56 / 15, 32 / 9]),
    np.array([19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729]),
    np.array([9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656]),
    np.array([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]),
)
_B = _A[-1]
# 5th-order minus 4th-order weights (b - b_hat): the local error estimate of the 4th-order solution.
_E = np.array([71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])
# Continuous extension [HNW sec. II.6]: u(theta) = y0 + theta (dy + (1 - theta) (h k1 - dy + theta (dy - h k7 -
# (h k1 - dy) + (1 - theta) h sum_i d_i k_i))), dy = y1 - y0; these are the d_i.
_D = np.array([-12715105075 / 11282082432, 0.0, 87487479700 / 32700410799, -10690763975 / 1880347072,
               701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423])
# Step-size controller [HNW eq. 4.13]: safety factor, bounds on the change per step; exponent 1/(q + 1), q = 4.
_SAFETY, _FAC_MIN, _FAC_MAX = 0.9, 0.2, 10.0


def _scaled_rms(v, y_scale, rtol, atol):
    """Per-arc RMS of ``v / (atol + rtol |y_scale|)`` over the 6 components; component-major (6 N,) -> (N,)."""
    return np.sqrt(np.mean((v / (atol + rtol * y_scale)).reshape(6, -1) ** 2, axis=0))


def _initial_step(rhs, y0, f0, rtol, atol):
    """Starting step in s [HNW sec. II.4, "Starting step size", with p = 5], the smallest over arcs."""
    sc = np.abs(y0)
    d0, d1 = _scaled_rms(y0, sc, rtol, atol), _scaled_rms(f0, sc, rtol, atol)
    with np.errstate(divide="ignore", invalid="ignore"):
        h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / d1)
        d2 = _scaled_rms(rhs(y0 + np.tile(h0, 6) * f0) - f0, sc, rtol, atol) / h0
        dm = np.maximum(d1, d2)
        h1 = np.where(dm <= 1e-15, np.maximum(1e-6, h0 * 1e-3), (0.01 / dm) ** 0.2)
    return float(min(np.min(np.minimum(100.0 * h0, h1)), 1.0))


def _dense(theta, y0, y1, k, h):
    """The continuous extension at ``theta`` (m,) in [0, 1] of the step y0 -> y1 (each (6N,)): (m, 6N)."""
    dy = y1 - y0
    a = h * k[0] - dy
    b = dy - h * k[6] - a
    c = h * (_D @ k)
    th = theta[:, None]
    return y0 + th * (dy + (1.0 - th) * (a + th * (b + (1.0 - th) * c)))


def propagate_arcs(states, durations, n_samples=2, mu=MU, *, rtol=1e-10, atol=1e-12, max_steps=200_000):
    """Propagate many CR3BP arcs together and sample each at ``n_samples`` evenly spaced times.

    Parameters
    ----------
    states : array_like, shape (..., 6)
        Initial rotating-frame states [x, y, z, vx, vy, vz], nondimensional.
    durations : array_like, shape broadcastable to (...)
        Duration T of each arc, nondimensional time (negative: backwards; 0: the arc stays put).
    n_samples : int
        Number M >= 2 of samples per arc, at t_i = T_i * linspace(0, 1, M) (first: the initial state).
    mu : float
        Mass ratio.
    rtol, atol : float
        Local error tolerance per arc and per step, relative and absolute (nondimensional), in Hairer's
        scaled RMS norm over the 6 components. Every arc meets it: the error norm is the worst arc's.
    max_steps : int
        Give up (RuntimeError) after this many attempted steps.

    Returns
    -------
    samples : ndarray, shape (..., M, 6)
        States at the sample times, nondimensional rotating frame.

    Raises
    ------
    ValueError
        ``n_samples`` < 2.
    RuntimeError
        The step size collapsed (an arc through a primary) or ``max_steps`` were not enough.

    Notes
    -----
    Samples between steps come from the method's continuous extension of order 4 [HNW sec. II.6], not from
    steps clipped to land on them: it costs no extra right-hand-side evaluation (clipping would cost up to
    M - 1 extra steps, and at least M - 1 steps however smooth the arcs), and its error within a step is
    O(h^5), the order of the local error the step control already bounds, so it does not dominate the
    global error accumulated over the steps. The last sample is the last step's end point.

    References
    ----------
    [HNW] sec. II.4 (step-size control), II.5 Table 5.2 (coefficients), II.6 (dense output); [DP].

    Examples
    --------
    L4 is an equilibrium: an arc started there at rest stays there, forwards and backwards:

    >>> import numpy as np
    >>> from deltav.core.cr3bp import lagrange_points
    >>> L4 = np.r_[lagrange_points()[3], 0.0, 0.0, 0.0]
    >>> y = propagate_arcs([L4, L4], [2 * np.pi, -np.pi], n_samples=5)
    >>> y.shape
    (2, 5, 6)
    >>> bool(np.abs(y - L4).max() < 1e-12)
    True
    """
    s0 = np.asarray(states, float)
    T = np.asarray(durations, float)
    shape = np.broadcast_shapes(s0.shape[:-1], T.shape)
    s0 = np.broadcast_to(s0, shape + (6,)).reshape(-1, 6)
    T = np.broadcast_to(T, shape).ravel()
    if n_samples < 2:
        raise ValueError(f"n_samples must be at least 2, got {n_samples}")
    out = _integrate(s0, T, int(n_samples), mu, rtol, atol, max_steps)
    return out.reshape(shape + (int(n_samples), 6))


def _integrate(s0, T, m, mu, rtol, atol, max_steps):
    """The stepping loop on component-major stacked states (the layout of :func:`cr3bp.eom`): (N, M, 6)."""
    n = s0.shape[0]
    if n == 0:
        return np.empty((0, m, 6))
    tt = np.tile(T, 6)  # component-major: entry c * N + i belongs to arc i

    def rhs(y):  # cr3bp.eom is looked up at each call, so counting wrappers (tests/counting.py) see it
        return tt * cr3bp.eom(0.0, y, mu)

    grid = np.linspace(0.0, 1.0, m)
    out = np.empty((m, 6 * n))
    y = s0.T.ravel()
    out[0] = y
    k = np.empty((7, 6 * n))
    k[0] = rhs(y)
    h = _initial_step(rhs, y, k[0], rtol, atol)
    s, j, fac_max = 0.0, 1, _FAC_MAX
    for _ in range(max_steps):
        last = h >= 1.0 - s
        if last:
            h = 1.0 - s
        for i, a in enumerate(_A[:-1], start=1):
            k[i] = rhs(y + h * (a @ k[:i]))
        y1 = y + h * (_B @ k[:6])
        k[6] = rhs(y1)
        err = float(np.max(_scaled_rms(h * (_E @ k), np.maximum(np.abs(y), np.abs(y1)), rtol, atol)))
        if not err <= 1.0:  # rejected (or NaN: a collision with a primary): retry shorter, no growth next
            h *= max(_FAC_MIN, _SAFETY * err ** -0.2) if err == err else _FAC_MIN
            fac_max = 1.0
            if h < 1e-14:
                raise RuntimeError(f"step size underflow at s = {s:.6g} (an arc through a primary?)")
            continue
        s_new = 1.0 if last else s + h
        j_new = m if last else int(np.searchsorted(grid, s_new, side="right"))
        if j_new > j:
            out[j:j_new] = _dense((grid[j:j_new] - s) / h, y, y1, k, h)
        y, s, j = y1, s_new, j_new
        if last:
            out[-1] = y
            return out.reshape(m, 6, n).transpose(2, 0, 1)
        k[0] = k[6]
        h *= min(fac_max, max(_FAC_MIN, _SAFETY * err ** -0.2)) if err > 0 else fac_max
        fac_max = _FAC_MAX
    raise RuntimeError(f"more than {max_steps} steps (reached s = {s:.6g} of 1)")
