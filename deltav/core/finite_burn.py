"""Finite-thrust periapsis burns: the gravity loss that an impulsive budget leaves out.

A burn of finite thrust made about the periapsis of an orbit gains less energy per kilogram of
propellant than an impulse at the periapsis, because part of it is made higher and slower on the
orbit (the Oberth effect is partly lost). This module integrates the planar powered flight with the
thrust along the velocity (tangential steering), finds the burn duration that reaches the same
target as the impulsive burn, and reports the extra delta-v: the gravity (finite-burn) loss.

Everything is batched: the burns of all elements are integrated together by a fixed-step RK4 in
numpy (per-element step, one step count for the batch), and the burn duration of every element is
found at once. A search pass integrates many candidate durations per element in the same run (for
small batches that costs about one integration: numpy's per-call overhead, not arithmetic, sets the
price of a step), and an inverse polynomial interpolation (Neville's scheme) through the candidates
around the sign change of the miss gives the duration. The first window runs from the impulsive burn
time to that of the impulse plus Robbins' loss estimate, an upper bound for tangential steering, so
one pass usually suffices; a narrower pass follows where the interpolation's error estimate is not
yet small enough. Masses in kg, thrust in N, Isp in s, lengths in km, speeds in km/s, times in s.

References
----------
.. [Curtis] H. D. Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed., 2014, sec. 6.10
   (non-impulsive orbital manoeuvres, eq. 6.26; Example 6.15 and Appendix D.30, ``integrate_thrust``).
.. [Willis] E. A. Willis, Jr., "Finite-thrust escape from and capture into circular and elliptic
   orbits", NASA TN D-3606, 1966 (tangential steering within 1 % of the optimum; loss charts).
.. [Robbins] H. M. Robbins, "An analytical study of the impulsive approximation", *AIAA J.* 4(8),
   1417-1423, 1966. Not consulted directly: its loss estimate is used as reported in J. C. F. Confraria,
   "Finite burn losses in spacecraft maneuvers revisited", MSc thesis, Instituto Superior Tecnico,
   Lisbon, 2020, eq. 2.17.
.. [Neville] E. H. Neville, "Iterative interpolation", *J. Indian Math. Soc.* 20, 87-120, 1934; as given in
   J. Stoer and R. Bulirsch, *Introduction to Numerical Analysis*, 3rd ed., Springer, 2002, sec. 2.1.2
   (Neville's algorithm), here applied to the inverse function, duration as a function of the miss.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from deltav.core import G0
from deltav.core.conics import periapsis_speed
from deltav.core.kepler import propagate

__all__ = ["FiniteBurn", "finite_burn", "robbins_loss"]

#: Largest angle (rad) swept at the periapsis angular rate in one RK4 step when ``steps`` is None.
STEP_ANGLE = 0.02
#: Largest propellant mass burnt in one RK4 step when ``steps`` is None, as a fraction of the mass left at the end
#: of the impulsive burn time (the thrust acceleration grows as the mass falls; RK4 needs it smooth on a step).
STEP_MASS = 0.01
_MAX_STEPS = 20000
#: Candidate durations integrated together per element in one search pass, while the batch is small enough
#: (elements x candidates <= _BATCH) that a step costs numpy's per-call overhead rather than arithmetic.
_CANDIDATES = 32
_BATCH = 512
#: Points of the inverse interpolation that estimates the root from a pass's candidates.
_STENCIL = 8
#: Half-width of the next pass's window, in error estimates of the interpolated root.
_WIDEN = 4.0
#: Convergence: the root's error estimate times the miss's slope (the miss is scaled to ~1), or the bracket.
_TOL = 1e-13
_MAX_PASSES = 60
#: Floats per block of precomputed thrust accelerations in the RK4 loop.
_BLOCK = 1 << 16


class FiniteBurn(NamedTuple):
    """Result of :func:`finite_burn`; every field has the broadcast shape of the inputs."""

    dv: np.ndarray
    """Delta-v of the finite burns, km/s: g0 Isp ln(m0 / m_final), summed over the burns."""
    loss: np.ndarray
    """Gravity (finite-burn) loss, km/s: ``dv - dv_impulsive``."""
    dv_impulsive: np.ndarray
    """One tangential impulse at the initial periapsis reaching the same target, km/s."""
    burn_time: np.ndarray
    """Total time with the engine on, s (coasts between burns excluded)."""
    propellant: np.ndarray
    """Propellant burnt, kg."""


def _rates(mu, r, u, h, acc):
    """Planar polar equations with thrust along the velocity: (du, dh)/dt; dr/dt is u.

    u = radial speed, h = r w = angular momentum (w the transverse speed); du/dt = h w / r^2 - mu / r^2 + a u / v,
    dh/dt = r a w / v = a h / v (Curtis eq. 6.26 in polar components; the angle itself is not needed).
    """
    ir = 1.0 / r
    w = h * ir
    k = acc / np.hypot(u, w)
    return (h * w - mu) * ir * ir + k * u, k * h


def _powered(mu, r, u, h, thrust_kn, m, mdot, duration, steps):
    """Integrate ``steps`` RK4 steps of length duration/steps (per element) with the engine on.

    Every argument broadcasts, so a leading axis of candidate durations is integrated in the same run. For small
    batches a step costs numpy's per-call overhead, hence few array operations per step.
    """
    dt = duration / steps
    half, sixth = 0.5 * dt, dt / 6.0
    q = mdot * half  # kg burnt in half a step
    block = max(1, _BLOCK // max(np.size(q), 1))
    for first in range(0, steps, block):
        count = min(block, steps - first)
        # thrust acceleration at every half step of the block at once (thrust in kN over kg = km/s^2)
        times = np.arange(2 * first, 2 * (first + count) + 1, dtype=float).reshape((-1,) + (1,) * np.ndim(q))
        acc = thrust_kn / (m - times * q)
        for i in range(0, 2 * count, 2):
            du1, dh1 = _rates(mu, r, u, h, acc[i])
            u2, h2 = u + half * du1, h + half * dh1
            du2, dh2 = _rates(mu, r + half * u, u2, h2, acc[i + 1])
            u3, h3 = u + half * du2, h + half * dh2
            du3, dh3 = _rates(mu, r + half * u2, u3, h3, acc[i + 1])
            u4, h4 = u + dt * du3, h + dt * dh3
            du4, dh4 = _rates(mu, r + dt * u3, u4, h4, acc[i + 2])
            r = r + sixth * (u + 2.0 * (u2 + u3) + u4)
            u = u + sixth * (du1 + 2.0 * (du2 + du3) + du4)
            h = h + sixth * (dh1 + 2.0 * (dh2 + dh3) + dh4)
    return r, u, h


def _start_state(mu, r_p, v_p, t_before):
    """Polar state (r, u, h) a coast of ``t_before`` seconds before the periapsis (r_p, v_p)."""
    shape = np.broadcast_shapes(np.shape(t_before), np.shape(r_p))
    if not np.any(t_before):
        return np.broadcast_to(r_p, shape), np.zeros(shape), np.broadcast_to(r_p * v_p, shape)
    zero = np.zeros(shape)
    r0 = np.stack([r_p + zero, zero, zero], axis=-1)
    v0 = np.stack([zero, v_p + zero, zero], axis=-1)
    rv, vv = propagate(r0, v0, -t_before, mu)
    r = np.hypot(rv[..., 0], rv[..., 1])
    return r, (rv[..., 0] * vv[..., 0] + rv[..., 1] * vv[..., 1]) / r, rv[..., 0] * vv[..., 1] - rv[..., 1] * vv[..., 0]


def _elements(mu, r, u, h):
    """Specific energy (km^2/s^2) and eccentricity of the conic through the polar state (r, u, h)."""
    w = h / r
    energy = 0.5 * (u * u + w * w) - mu / r
    return energy, np.sqrt(np.maximum(1.0 + 2.0 * energy * h * h / (mu * mu), 0.0))


def _miss(mu, r, u, h, kind, goal):
    """Signed, scaled miss of the target; increasing with the energy gained.

    kind 0: energy, (E - E_goal) r_scale / mu with goal = (E_goal, r_scale).
    kind 1: apoapsis, 1 - r_apo (1 - e) mu / h^2 = 1 - r_apo / r_a with goal = (r_apo, unused): continuous
    through the parabola (1 - e < 0 past it), so overshooting into escape is still "above" the target.
    """
    energy, e = _elements(mu, r, u, h)
    by_energy = (energy - goal[0]) * goal[1] / mu
    by_apo = 1.0 - goal[0] * (1.0 - e) * mu / (h * h)
    return np.where(kind == 1, by_apo, by_energy)


def _inverse_interpolation(f, t):
    """Value at f = 0 of the polynomial through the points (f_i, t_i) along axis 0 (Neville's scheme), and an
    error estimate: its largest difference from the two interpolants of one degree less."""
    p = t
    for level in range(1, len(f)):
        prev = p
        p = (f[:-level] * p[1:] - f[level:] * p[:-1]) / (f[:-level] - f[level:])
    return p[0], np.maximum(np.abs(p[0] - prev[0]), np.abs(p[0] - prev[1]))


def _bracket(cand, f, lo, f_lo, hi, f_hi):
    """Narrow the bracket [lo, hi] (f_lo <= 0 < f_hi, hi NaN while unknown) with one pass's candidate durations
    ``cand`` and misses ``f`` (shape (k, n), increasing along axis 0), and interpolate the root.

    Returns the new bracket, whether the root lies between two candidates (``inside``), the interpolated root
    (clipped to the bracket) and its error estimate (s).
    """
    k, cols = len(cand), np.arange(cand.shape[1])
    above = f > 0
    j = np.argmax(above, axis=0)  # first candidate past the target, 0 if none
    some = above.any(axis=0)
    inside = some & (j > 0)
    below = np.where(some, np.maximum(j - 1, 0), k - 1)
    keep_lo = some & (j == 0)  # every candidate past the target: the root is below the window
    lo, f_lo = np.where(keep_lo, lo, cand[below, cols]), np.where(keep_lo, f_lo, f[below, cols])
    hi, f_hi = np.where(some, cand[j, cols], hi), np.where(some, f[j, cols], f_hi)
    d = min(_STENCIL, k)  # the candidates around the cell
    rows = np.clip(j - d // 2, 0, k - d) + np.arange(d)[:, None]
    est, err = _inverse_interpolation(np.take_along_axis(f, rows, 0), np.take_along_axis(cand, rows, 0))
    # candidates within rounding of each other can leave Neville's scheme 0/0: the cell's secant then
    est = np.where(np.isfinite(est), est, lo - f_lo * (hi - lo) / (f_hi - f_lo))
    return lo, f_lo, hi, f_hi, inside, np.clip(est, lo, hi), err


def _one_burn(mu, r_p, v_p, m, mdot, thrust_kn, kind, goal, lead, window, t_max, steps, need_state):
    """Burn duration (s) reaching the target, for every element (NaN where unreachable), and the polar end
    state (r, u, h) if ``need_state`` (else None).

    The miss is an increasing function of the duration. Each pass integrates, for every unsettled element,
    up to ``_CANDIDATES`` durations spread over a window at once (one batched RK4 run: for small batches that
    costs about as much as one duration); the candidates bracket the root in a cell, and an inverse
    interpolation of degree ``_STENCIL - 1`` through the candidates around it estimates the root. The next
    window is a few error estimates either side of that estimate (inside the cell), or the bracketing cell,
    or, while every candidate falls short, the next stretch towards ``t_max``.
    """
    n = r_p.size
    goal = tuple(np.broadcast_to(g, r_p.shape) for g in goal)
    lo, f_lo = np.zeros(n), _miss(mu, r_p, np.zeros(n), r_p * v_p, kind, goal)
    hi, f_hi = np.full(n, np.nan), np.full(n, np.nan)
    a, b = (np.minimum(w, t_max) for w in window)
    x, todo = np.full(n, np.nan), (f_lo <= 0) & np.isfinite(a)
    for _ in range(_MAX_PASSES):
        act = np.flatnonzero(todo)
        if act.size == 0:
            break
        k = int(np.clip(_BATCH // act.size, _STENCIL // 2, _CANDIDATES))
        cand = a[act] + (b[act] - a[act]) * np.linspace(0.0, 1.0, k)[:, None]  # (k, active)
        state = _start_state(mu[act], r_p[act], v_p[act], lead * cand)
        state = _powered(mu[act], *state, thrust_kn[act], m[act], mdot[act], cand, steps)
        f = _miss(mu[act], *state, kind[act], tuple(g[act] for g in goal))
        lo_a, f_lo_a, hi_a, f_hi_a, inside, est, err = _bracket(cand, f, lo[act], f_lo[act], hi[act], f_hi[act])
        slope = (f_hi_a - f_lo_a) / (hi_a - lo_a)
        done = inside & ((err * slope <= _TOL) | (hi_a - lo_a <= _TOL * hi_a))
        fail = np.isnan(f).any(axis=0) | (np.isnan(hi_a) & (b[act] >= t_max[act]))
        # next window: around the estimate, else the bracketing cell, else onwards towards t_max
        near = inside & np.isfinite(err)
        a_n = np.where(near, np.maximum(lo_a, est - _WIDEN * err), lo_a)
        b_n = np.where(near, np.minimum(hi_a, est + _WIDEN * err), hi_a)
        onward = np.minimum(t_max[act], b[act] + np.maximum(4.0 * (b[act] - a[act]), 0.5 * b[act]))
        b_n = np.where(np.isnan(hi_a), onward, b_n)
        lo[act], f_lo[act], hi[act], f_hi[act], a[act], b[act] = lo_a, f_lo_a, hi_a, f_hi_a, a_n, b_n
        x[act] = np.where(fail, np.nan, np.where(inside, est, x[act]))
        todo[act] = ~(done | fail)
    ok = np.isfinite(x)
    if not (need_state and ok.any()):
        return x, None
    duration = np.where(ok, x, 0.0)
    return x, _powered(mu, *_start_state(mu, r_p, v_p, lead * duration), thrust_kn, m, mdot, duration, steps)


def finite_burn(mu, r_p, m0, thrust, isp, *, c3=None, r_apo=None, r_a0=None, n_burns=1, lead=0.5, steps=None):
    """Finite-thrust version of a tangential periapsis burn, and its gravity loss.

    The vehicle starts on a circular orbit of radius ``r_p`` (or an ellipse of periapsis ``r_p`` and
    apoapsis ``r_a0``) with mass ``m0``. The impulsive burn it replaces is one tangential impulse at
    that periapsis reaching the target: a specific energy ``c3 / 2`` (C3 = v_inf^2 for a departure
    hyperbola, C3 = -mu / a for an ellipse) or an apoapsis radius ``r_apo``. The finite burn keeps the
    thrust along the velocity, starts ``lead`` of its duration before the periapsis (0.5: centred on
    the point of the impulse, 0: starting there, as in Curtis Ex. 6.15), and lasts until the target is
    met. The mass falls at thrust / (g0 Isp); the delta-v spent is g0 Isp ln(m0 / m_final).

    With ``n_burns > 1`` the manoeuvre is split, as real departures are, into perigee burns that raise
    the apoapsis step by step: burn k (1-based) reaches the energy of the ellipse an impulse of
    k / n_burns of the impulsive delta-v would give, every burn is centred (per ``lead``) on the
    periapsis of the orbit it starts from, and the last one reaches the target. The coasts between
    burns are Keplerian (no cost, any duration); elements whose intermediate orbit would not be bound
    are NaN. The loss is always measured against the single impulse.

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r_p : array_like, km
        Periapsis radius of the initial orbit (its radius, if circular).
    m0 : array_like, kg
        Mass at ignition.
    thrust : array_like, N
        Vacuum thrust (constant).
    isp : array_like, s
        Specific impulse (constant).
    c3 : array_like, km^2/s^2, optional
        Target characteristic energy (twice the specific energy): v_inf^2 > 0 for escape, -mu/a for an ellipse.
    r_apo : array_like, km, optional
        Target apoapsis radius instead of ``c3`` (exactly one of the two).
    r_a0 : array_like, km, optional
        Apoapsis radius of an elliptic initial orbit; None for circular.
    n_burns : int
        Number of perigee burns the manoeuvre is split into (>= 1).
    lead : float
        Fraction of each burn made before the periapsis, in [0, 1].
    steps : int, optional
        RK4 steps per burn for the whole batch; None picks enough that no step sweeps more than
        ``STEP_ANGLE`` rad at the fastest element's periapsis rate over the longest burn of the first search
        window, nor burns more than ``STEP_MASS`` of the mass left after the impulsive burn time (at least 64).

    Returns
    -------
    FiniteBurn
        Named tuple ``(dv, loss, dv_impulsive, burn_time, propellant)`` in km/s, km/s, km/s, s, kg, each of
        the broadcast shape of the inputs; NaN where the target is not above the initial orbit, where an
        intermediate orbit would be unbound, or where inputs are not positive.

    Notes
    -----
    Planar two-body dynamics, point-mass Earth, constant thrust and Isp, no throttling, no steering
    optimisation (tangential steering is within about 1 % of the optimal-steering delta-v [Willis]); the
    finite burn raises the periapsis slightly, which is not corrected. The propellant is not limited by
    tank size: compare ``propellant`` with what the vehicle carries. Accuracy: with the default step rule
    the delta-v agrees with an adaptive DOP853 integration to better than 1e-9 km/s (see the tests); the
    burn durations converge to 1e-13 of the target's scale.

    References
    ----------
    Curtis (2014) sec. 6.10, eq. 6.26 (equations of powered flight); Willis (1966), NASA TN D-3606;
    Robbins (1966) as reported by Confraria (2020), eq. 2.17 (the first search window); Neville (1934), in
    Stoer and Bulirsch (2002) sec. 2.1.2 (interpolation of the burn duration).

    Examples
    --------
    A 300 km circular orbit, 80 t at ignition, one 110 kN, 450 s engine (T/W = 0.14), departing to
    v_inf = 2.94 km/s: the impulsive 3.589 km/s costs about 0.30 km/s more as one long burn, and about
    0.04 km/s more when split into three perigee burns.

    >>> one = finite_burn(398600.4418, 6678.137, 80e3, 110e3, 450.0, c3=2.94**2)
    >>> round(float(one.dv_impulsive), 3), round(float(one.loss), 2), round(float(one.burn_time))
    (3.589, 0.3, 1881)
    >>> three = finite_burn(398600.4418, 6678.137, 80e3, 110e3, 450.0, c3=2.94**2, n_burns=3)
    >>> round(float(three.loss), 2)
    0.04
    """
    if (c3 is None) == (r_apo is None):
        raise ValueError("give exactly one target: c3 or r_apo")
    n_burns = int(n_burns)
    if n_burns < 1:
        raise ValueError(f"n_burns must be >= 1, got {n_burns}")
    if not 0.0 <= float(lead) <= 1.0:
        raise ValueError(f"lead must be in [0, 1], got {lead}")
    kind = 0 if r_apo is None else 1
    target = c3 if kind == 0 else r_apo
    args = [mu, r_p, m0, thrust, isp, target] + ([] if r_a0 is None else [r_a0])
    arrays = np.broadcast_arrays(*(np.asarray(a, float) for a in args))
    shape = arrays[0].shape
    mu, r_p, m0, thrust, isp, target, *rest = (a.ravel().copy() for a in arrays)
    r_a0 = rest[0] if rest else None

    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        ve = np.where(isp > 0, isp * G0, np.nan)  # km/s
        mdot = thrust / (ve * 1000.0)  # kg/s
        thrust_kn = thrust / 1000.0  # N -> kN, so kN / kg = km/s^2
        v_p0 = periapsis_speed(mu, r_p, r_a0)
        if kind == 0:
            v_goal = np.sqrt(target + 2.0 * mu / r_p)
        else:
            v_goal = np.where(target >= r_p, periapsis_speed(mu, r_p, target), np.nan)
        dv_imp = np.where((v_goal > v_p0) & (m0 > 0) & (thrust > 0), v_goal - v_p0, np.nan)

        r, v, m = r_p, v_p0, m0
        burn_time = np.zeros_like(r_p)
        bad = ~np.isfinite(dv_imp) | ~np.isfinite(mdot)  # isp <= 0 too: NaN, as documented
        for k in range(1, n_burns + 1):
            last = k == n_burns
            if last:
                kind_k = np.full(r_p.shape, kind)
                goal = (target, r_p) if kind == 1 else (0.5 * target, r_p)
            else:
                # intermediate ellipse: energy an impulse of k/n of the impulsive dv would give at r_p
                v_k = v_p0 + dv_imp * k / n_burns
                e_k = 0.5 * v_k * v_k - mu / r_p
                bad |= ~(e_k < 0)
                kind_k = np.zeros(r_p.shape, int)
                goal = (e_k, r_p)
            dv_k_imp = dv_imp / n_burns
            t_guess = m * -np.expm1(-dv_k_imp / ve) / mdot
            t_max = (1.0 - 1e-9) * m / mdot
            # Search window: from the impulsive burn time to that of the impulse plus Robbins' loss (an upper
            # bound for tangential steering, Confraria 2020) at the periapsis rate v / r, for a burn starting
            # `lead` of its length before the impulse point (mean of (omega t)^2 / 2 over the burn).
            loss_up = (v / r * t_guess) ** 2 * dv_k_imp * (1.0 - 3.0 * lead + 3.0 * lead * lead) / 6.0
            t_up = m * -np.expm1(-(dv_k_imp + loss_up) / ve) / mdot
            safe = ~bad  # elements already lost are not searched (NaN window)
            window = (np.where(safe, (1.0 - 1e-9) * t_guess, np.nan),
                      np.where(safe, np.maximum(t_up, (1.0 + 1e-9) * t_guess), np.nan))
            t_max = np.where(safe, t_max, 2.0)
            n = steps
            if n is None:
                sweep = np.where(safe, np.maximum(v, v_goal) / r * np.minimum(window[1], t_max), 0.0)
                burnt = np.where(safe, np.expm1(dv_k_imp / ve), 0.0)  # kg per kg left after the impulsive burn
                n = int(np.clip(np.ceil(max(np.max(sweep, initial=0.0) / STEP_ANGLE,
                                            np.max(burnt, initial=0.0) / STEP_MASS)), 64, _MAX_STEPS))
            dur, end = _one_burn(mu, np.where(safe, r, r_p), np.where(safe, v, v_p0), np.where(safe, m, m0), mdot,
                                 thrust_kn, kind_k, goal, lead, window, t_max, n, not last)
            bad |= ~np.isfinite(dur)
            burn_time = burn_time + dur
            m = m - mdot * dur
            if end is not None:  # periapsis of the orbit reached, where the next burn is centred
                h = end[2]
                r = h * h / (mu * (1.0 + _elements(mu, *end)[1]))
                v = h / r
        dv = ve * np.log(m0 / m)
        out = [np.where(bad, np.nan, x) for x in (dv, dv - dv_imp, dv_imp, burn_time, m0 - m)]
    return FiniteBurn(*(x.reshape(shape) if shape else x.reshape(()) for x in out))


def robbins_loss(mu, r_p, dv_impulsive, m0, thrust, isp):
    """Closed-form finite-burn loss estimate attributed to Robbins (1966): (1/24) (omega t_b)^2 dv.

    omega^2 = mu / r_p^3 (the Schuler frequency at the burn radius) and t_b is the burn time of the
    *impulsive* delta-v at full thrust, t_b = m0 (1 - exp(-dv / (g0 Isp))) / mdot. It is exactly the
    cosine loss of a constant-acceleration burn held in a fixed inertial direction while the local
    horizontal turns at omega, to second order in omega t_b: the mean of 1 - cos(omega t) over a burn
    centred on the impulse point is (omega t_b)^2 / 24. For tangential (velocity-following) steering it is
    therefore an upper bound, and a loose one: Confraria (2020, sec. 4.2) finds it overestimates the loss
    by about 125 % at T/W ~ 0.1, less at higher thrust.

    Parameters
    ----------
    mu : array_like, km^3/s^2
    r_p : array_like, km
        Radius of the burn.
    dv_impulsive : array_like, km/s
    m0 : array_like, kg
    thrust : array_like, N
    isp : array_like, s

    Returns
    -------
    loss : ndarray, km/s, broadcast shape

    References
    ----------
    H. M. Robbins, *AIAA J.* 4(8):1417 (1966), as reported by J. C. F. Confraria, MSc thesis, IST Lisbon
    (2020), eq. 2.17 (the primary was not consulted).

    Examples
    --------
    >>> round(float(robbins_loss(398600.4418, 6678.137, 3.589, 80e3, 110e3, 450.0)), 3)
    0.639
    """
    mu, r_p, dv, m0, thrust, isp = (np.asarray(x, float) for x in (mu, r_p, dv_impulsive, m0, thrust, isp))
    ve = isp * G0
    t_b = m0 * -np.expm1(-dv / ve) * ve * 1000.0 / thrust
    return mu / r_p**3 * t_b * t_b * dv / 24.0
