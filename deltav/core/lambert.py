"""Lambert's problem, batched: Izzo's (2015) algorithm over whole arrays of problems at once.

Every problem in the batch is advanced by the same vectorised Householder iteration; problems that have
converged drop out of the working set, so the cost follows the slowest problems only where they are. There is
no Python loop over problems.

Degenerate input never yields a silent wrong answer: its velocities are NaN and ``status`` says why
(see :data:`REASONS`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["lambert", "tof_from_x", "OK", "BAD_INPUT", "COLLINEAR", "NO_SOLUTION", "NOT_CONVERGED", "REASONS"]

#: Status codes returned with every solution.
OK, BAD_INPUT, COLLINEAR, NO_SOLUTION, NOT_CONVERGED = 0, 1, 2, 3, 4
REASONS = {
    OK: "solved",
    BAD_INPUT: "invalid input (non-finite value, zero radius, tof <= 0 or mu <= 0)",
    COLLINEAR: "r1 and r2 are collinear (transfer angle 0 or 180 deg): the transfer plane is undefined",
    NO_SOLUTION: "time of flight shorter than the minimum for the requested number of revolutions",
    NOT_CONVERGED: "the iteration did not converge",
}

#: |sin(transfer angle)| below which the transfer plane is undefined.
COLLINEAR_SIN = 1e-10
_BATTIN_BAND = 0.05  # |x - 1| below which the hypergeometric series replaces the cancelling closed form
_BATTIN_TERMS = 24  # |S1| < 0.11 in the band: 24 terms reach ~1e-23


def _hyp2f1b(z):
    """Gauss 2F1(3, 1, 5/2; z) by its series (Battin's Q function); |z| < ~0.11 here."""
    term = np.ones_like(z)
    res = np.ones_like(z)
    for n in range(_BATTIN_TERMS):
        term = term * (3.0 + n) * (1.0 + n) / (2.5 + n) * z / (n + 1.0)
        res = res + term
    return res


def tof_from_x(x, lam, revs=0):
    """Non-dimensional time of flight T(x) of Izzo's formulation.

    Parameters
    ----------
    x : array_like
        Izzo's free parameter (x < 1 ellipse, x = 1 parabola, x > 1 hyperbola).
    lam : array_like
        Geometry parameter lambda in [-1, 1] (negative for transfer angles above 180 deg).
    revs : array_like of int
        Complete revolutions.

    Returns
    -------
    T : ndarray
        ``tof * sqrt(2 mu / s**3)`` where s is the semi-perimeter.

    References
    ----------
    D. Izzo, "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15 (2015), eqs. (18)-(20) and the
    Battin series near x = 1 (sec. 3).
    """
    x, lam, revs = np.broadcast_arrays(np.asarray(x, float), np.asarray(lam, float), np.asarray(revs, float))
    y = np.sqrt(1.0 - lam * lam * (1.0 - x * x))
    return _tof(x, y, lam, revs)


def _tof(x, y, lam, m):
    """T(x) on flat arrays (y = sqrt(1 - lam^2 (1 - x^2)) precomputed)."""
    omx2 = 1.0 - x * x
    hyp = x > 1.0
    psi = np.arccos(np.clip(x * y + lam * omx2, -1.0, 1.0))
    if hyp.any():
        xh = x[hyp]
        psi[hyp] = np.arcsinh((y[hyp] - xh * lam[hyp]) * np.sqrt(xh * xh - 1.0))
    t = ((psi + m * np.pi) / np.sqrt(np.abs(omx2)) - x + lam * y) / omx2
    near = (np.abs(x - 1.0) < _BATTIN_BAND) & (m == 0)
    if near.any():  # closed form cancels near the parabola: Battin's series instead (Izzo 2015, eq. 20)
        xn, yn, ln = x[near], y[near], lam[near]
        eta = yn - ln * xn
        s1 = 0.5 * (1.0 - ln - xn * eta)
        q = 4.0 / 3.0 * _hyp2f1b(s1)
        t[near] = 0.5 * (eta**3 * q + 4.0 * ln * eta)
    return t


def _derivatives(x, y, t, lam):
    """dT/dx, d2T/dx2, d3T/dx3 (Izzo 2015, eq. 22); powers as products (``**`` is slow in numpy)."""
    inv = 1.0 / (1.0 - x * x)
    l2 = lam * lam
    l3 = l2 * lam
    iy = 1.0 / y
    iy3 = iy * iy * iy
    d1 = (3.0 * t * x - 2.0 + 2.0 * l3 * x * iy) * inv
    c = (1.0 - l2) * l3 * iy3
    d2 = (3.0 * t + 5.0 * x * d1 + 2.0 * c) * inv
    d3 = (7.0 * x * d2 + 8.0 * d1 - 6.0 * c * l2 * x * iy * iy) * inv
    return d1, d2, d3


def _tmin(lam, m, maxiter):
    """Minimum non-dimensional tof for ``m >= 1`` revolutions: Halley on dT/dx = 0 from x = 0.1."""
    x = np.full_like(lam, 0.1)
    act = np.arange(lam.size)
    for _ in range(maxiter):
        if act.size == 0:
            break
        xa, la, ma = x[act], lam[act], m[act]
        ya = np.sqrt(1.0 - la * la * (1.0 - xa * xa))
        ta = _tof(xa, ya, la, ma)
        d1, d2, d3 = _derivatives(xa, ya, ta, la)
        step = 2.0 * d1 * d2 / (2.0 * d2 * d2 - d1 * d3)
        xn = np.clip(xa - step, -1.0 + 1e-12, 1.0 - 1e-12)
        x[act] = xn
        act = act[~(np.abs(xn - xa) < 1e-13)]
    y = np.sqrt(1.0 - lam * lam * (1.0 - x * x))
    return _tof(x, y, lam, m)


def _initial_guess(t, lam, m, low):
    """Izzo's starting x (2015, sec. 3, eq. 30 with the corrected middle branch; eq. 31 for m >= 1)."""
    x0 = np.empty_like(t)
    t00 = np.arccos(lam) + lam * np.sqrt(1.0 - lam * lam)
    t1 = 2.0 / 3.0 * (1.0 - lam * lam * lam)
    slow = (m == 0) & (t >= t00)
    if slow.all():  # the common case in porkchops: no gathers
        q = np.cbrt(t00 / t)
        return q * q - 1.0
    q = np.cbrt(t00[slow] / t[slow])
    x0[slow] = q * q - 1.0
    fast = (m == 0) & (t < t1)
    if fast.any():
        tf, lf, t1f = t[fast], lam[fast], t1[fast]
        x0[fast] = 2.5 * t1f / tf * (t1f - tf) / (1.0 - lf**5) + 1.0
    mid = (m == 0) & ~slow & ~fast
    if mid.any():  # corrected form, see poliastro issue #1362
        x0[mid] = np.exp(np.log(2.0) * np.log(t[mid] / t00[mid]) / np.log(t1[mid] / t00[mid])) - 1.0
    multi = m > 0
    if multi.any():
        tm, mm = t[multi], m[multi]
        a = ((mm * np.pi + np.pi) / (8.0 * tm)) ** (2.0 / 3.0)
        b = ((8.0 * tm) / (mm * np.pi)) ** (2.0 / 3.0)
        xl, xr = (a - 1.0) / (a + 1.0), (b - 1.0) / (b + 1.0)
        x0[multi] = np.where(low[multi], np.maximum(xl, xr), np.minimum(xl, xr))
    return x0


def _householder(x, t_target, lam, m, xtol, maxiter):
    """Solve T(x) = t_target for all elements; returns x and a converged mask."""
    done = np.zeros(x.shape, bool)
    act = None  # None: every element (views, no gathers), else the indices still iterating
    for _ in range(maxiter):
        if act is None:
            xa, la, ma, t0 = x, lam, m, t_target
        else:
            if act.size == 0:
                break
            xa, la, ma, t0 = x[act], lam[act], m[act], t_target[act]
        ya = np.sqrt(1.0 - la * la * (1.0 - xa * xa))
        ta = _tof(xa, ya, la, ma)
        f = ta - t0
        d1, d2, d3 = _derivatives(xa, ya, ta, la)
        # Householder step of order 3 (Izzo 2015, eq. 23)
        xn = xa - f * (d1 * d1 - 0.5 * f * d2) / (d1 * (d1 * d1 - f * d2) + d3 * f * f / 6.0)
        # Keep iterates in the domain: x > -1 always, x < 1 for elliptic multi-rev arcs.
        low = xn <= -1.0
        if low.any():
            xn = np.where(low, 0.5 * (xa - 1.0), xn)
        high = (xn >= 1.0 - 1e-15) & (ma > 0)
        if high.any():
            xn = np.where(high, 0.5 * (xa + 1.0), xn)
        conv = np.abs(xn - xa) < xtol
        keep = ~conv & np.isfinite(xn)
        if act is None:
            x = xn
            done = conv
            act = np.flatnonzero(keep)
        else:
            x[act] = xn
            done[act[conv]] = True
            act = act[keep]
    return x, done


def lambert(r1, r2, tof, mu, revs=0, prograde=True, low_path=True, *, xtol=1e-7, maxiter=35, block=16384,
            workers=1):
    """Solve Lambert's problem for arrays of problems (Izzo's algorithm, batched).

    Parameters
    ----------
    r1, r2 : array_like, km, shape (..., 3)
        Initial and final position vectors.
    tof : array_like, s, shape (...)
        Time of flight (> 0).
    mu : array_like, km^3/s^2, shape (...)
        Gravitational parameter of the central body.
    revs : array_like of int, shape (...)
        Number of complete revolutions (0 for a direct arc).
    prograde : array_like of bool, shape (...)
        True: the transfer's angular momentum has a positive z component (counter-clockwise seen from +z);
        False: retrograde.
    low_path : array_like of bool, shape (...)
        For ``revs >= 1`` choose between the two solutions: True takes the larger Izzo x (boinor/poliastro
        ``lowpath=True``, pykep's "right" branch), False the smaller one. Ignored for ``revs == 0``.
    xtol : float
        Stop when the Householder step in x is below this. The iteration converges with order 4, so the
        returned x (one step past that) is good to ~1e-15 in practice; the tests check 1e-9 on v against
        boinor and pykep.
    maxiter : int
        Iteration cap; problems still moving are flagged :data:`NOT_CONVERGED`.
    block : int
        Problems solved per vectorised pass (cache-sized blocks are faster than whole-array passes).
    workers : int
        Threads solving blocks in parallel (numpy releases the GIL inside its loops).

    Returns
    -------
    v1, v2 : ndarray, km/s, shape (..., 3)
        Velocities at r1 and r2 (NaN where ``status != OK``).
    status : ndarray of uint8, shape (...)
        :data:`OK` or the reason the problem has no answer (keys of :data:`REASONS`).

    Notes
    -----
    Any tof > 0 has a zero-revolution solution; below the parabolic time it is a hyperbola, which is returned
    (Izzo's x > 1 branch) like pykep and boinor do.

    References
    ----------
    D. Izzo, "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15 (2015): geometry eqs. (1)-(6),
    velocities eq. (7)-(8), T(x) eqs. (18)-(20), initial guesses eqs. (30)-(31), Householder iteration eq. (23),
    minimum multi-revolution time by Halley's method (sec. 3).

    Examples
    --------
    Curtis, *Orbital Mechanics for Engineering Students*, Example 5.2:

    >>> import numpy as np
    >>> v1, v2, status = lambert([5000., 10000., 2100.], [-14600., 2500., 7000.], 3600., 398600.)
    >>> np.round(v1, 4), int(status)
    (array([-5.9925,  1.9254,  3.2456]), 0)
    """
    r1 = np.asarray(r1, float)
    r2 = np.asarray(r2, float)
    shape = np.broadcast_shapes(r1.shape[:-1], r2.shape[:-1], np.shape(tof), np.shape(mu), np.shape(revs),
                                np.shape(prograde), np.shape(low_path))
    n = int(np.prod(shape))
    r1f = np.broadcast_to(r1, shape + (3,)).reshape(n, 3)
    r2f = np.broadcast_to(r2, shape + (3,)).reshape(n, 3)
    tf = np.broadcast_to(np.asarray(tof, float), shape).ravel()
    muf = np.broadcast_to(np.asarray(mu, float), shape).ravel()
    mf = np.broadcast_to(np.asarray(revs), shape).ravel().astype(float)
    pro = np.broadcast_to(np.asarray(prograde, bool), shape).ravel()
    low = np.broadcast_to(np.asarray(low_path, bool), shape).ravel()

    v1 = np.full((n, 3), np.nan)
    v2 = np.full((n, 3), np.nan)
    status = np.zeros(n, np.uint8)
    blocks = [slice(i, min(i + block, n)) for i in range(0, n, block)]

    def run(sl):
        v1[sl], v2[sl], status[sl] = _solve_block(r1f[sl], r2f[sl], tf[sl], muf[sl], mf[sl], pro[sl], low[sl],
                                                  xtol, maxiter)

    # Blocks that fit in cache are faster than whole-array passes; numpy releases the GIL, so threads help.
    if workers > 1 and len(blocks) > 1:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, blocks))
    else:
        for sl in blocks:
            run(sl)
    return v1.reshape(shape + (3,)), v2.reshape(shape + (3,)), status.reshape(shape)


def _solve_block(r1f, r2f, tf, muf, mf, pro, low, xtol, maxiter):
    """Solve one flat block of problems: arrays (n, 3), (n,) ... -> v1, v2, status.

    Works on vector components (contiguous 1-d arrays): cheaper than (n, 3) arrays with reductions.
    """
    n = tf.size
    status = np.zeros(n, np.uint8)
    with np.errstate(all="ignore"):
        x1, y1, z1 = np.ascontiguousarray(r1f.T)
        x2, y2, z2 = np.ascontiguousarray(r2f.T)
        r1n = np.sqrt(x1 * x1 + y1 * y1 + z1 * z1)
        r2n = np.sqrt(x2 * x2 + y2 * y2 + z2 * z2)
        # unit vectors and their cross product (transfer-plane normal)
        ux1, uy1, uz1 = x1 / r1n, y1 / r1n, z1 / r1n
        ux2, uy2, uz2 = x2 / r2n, y2 / r2n, z2 / r2n
        hx, hy, hz = uy1 * uz2 - uz1 * uy2, uz1 * ux2 - ux1 * uz2, ux1 * uy2 - uy1 * ux2
        hn = np.sqrt(hx * hx + hy * hy + hz * hz)
        good_in = (np.isfinite(r1n) & np.isfinite(r2n) & np.isfinite(tf) & np.isfinite(muf)
                   & (r1n > 0) & (r2n > 0) & (tf > 0) & (muf > 0) & (mf >= 0) & (mf == np.floor(mf)))
        status[~good_in] = BAD_INPUT
        status[good_in & ~(hn > COLLINEAR_SIN)] = COLLINEAR
        ok = status == OK
        if not ok.all():
            idx = np.flatnonzero(ok)
            v1 = np.full((n, 3), np.nan)
            v2 = np.full((n, 3), np.nan)
            if idx.size:
                sub = [a[idx] for a in (x1, y1, z1, x2, y2, z2, r1n, r2n, ux1, uy1, uz1, ux2, uy2, uz2, hx, hy, hz,
                                        hn, tf, muf, mf, pro, low)]
                w1, w2, st = _izzo(*sub, xtol, maxiter)
                v1[idx], v2[idx], status[idx] = w1, w2, st
            return v1, v2, status
        v1, v2, status = _izzo(x1, y1, z1, x2, y2, z2, r1n, r2n, ux1, uy1, uz1, ux2, uy2, uz2, hx, hy, hz, hn, tf,
                               muf, mf, pro, low, xtol, maxiter)
    return v1, v2, status


def _izzo(x1, y1, z1, x2, y2, z2, r1n, r2n, ux1, uy1, uz1, ux2, uy2, uz2, hx, hy, hz, hn, tf, muf, mf, pro, low,
          xtol, maxiter):
    """Izzo's algorithm on valid, non-degenerate problems given as component arrays."""
    n = tf.size
    # Geometry (Izzo 2015, eqs. 1-6).
    dx, dy, dz = x2 - x1, y2 - y1, z2 - z1
    c = np.sqrt(dx * dx + dy * dy + dz * dz)
    s = 0.5 * (r1n + r2n + c)
    lam = np.sqrt(np.maximum(1.0 - c / s, 0.0))
    # Transfer angle > 180 deg (h pointing down) flips lambda and the tangential directions;
    # retrograde motion flips them again. The sign is folded into the unit normal.
    sign = np.where((hz < 0.0) == pro, -1.0, 1.0)
    lam *= sign
    k = sign / hn
    ihx, ihy, ihz = hx * k, hy * k, hz * k
    t = np.sqrt(2.0 * muf / (s * s * s)) * tf

    # Multi-revolution feasibility: T must reach the minimum of T(x) for that many revolutions.
    feasible = np.ones(n, bool)
    multi = np.flatnonzero(mf > 0)
    if multi.size:
        lm, mm, tm = lam[multi], mf[multi], t[multi]
        t_x0 = np.arccos(lm) + lm * np.sqrt(1.0 - lm * lm) + mm * np.pi  # T at x = 0
        need = np.flatnonzero(tm < t_x0)
        if need.size:
            tmin = _tmin(lm[need], mm[need], maxiter)
            feasible[multi[need]] = tm[need] >= tmin

    x = _initial_guess(t, lam, mf, low)
    x, conv = _householder(x, t, lam, mf, xtol, maxiter)
    y = np.sqrt(1.0 - lam * lam * (1.0 - x * x))

    # Velocities (Izzo 2015, eqs. 7-8 with rho, sigma as in sec. 2).
    gamma = np.sqrt(0.5 * muf * s)
    rho = (r1n - r2n) / c
    sigma = np.sqrt(np.maximum(1.0 - rho * rho, 0.0))
    ly = lam * y
    a, b = ly - x, ly + x
    vr1 = gamma * (a - rho * b) / r1n
    vr2 = -gamma * (a + rho * b) / r2n
    vt = gamma * sigma * (y + lam * x)
    vt1, vt2 = vt / r1n, vt / r2n
    v1 = np.empty((n, 3))
    v2 = np.empty((n, 3))
    # v = vr * u_r + vt * (i_h x u_r)
    v1[:, 0] = vr1 * ux1 + vt1 * (ihy * uz1 - ihz * uy1)
    v1[:, 1] = vr1 * uy1 + vt1 * (ihz * ux1 - ihx * uz1)
    v1[:, 2] = vr1 * uz1 + vt1 * (ihx * uy1 - ihy * ux1)
    v2[:, 0] = vr2 * ux2 + vt2 * (ihy * uz2 - ihz * uy2)
    v2[:, 1] = vr2 * uy2 + vt2 * (ihz * ux2 - ihx * uz2)
    v2[:, 2] = vr2 * uz2 + vt2 * (ihx * uy2 - ihy * ux2)

    status = np.zeros(n, np.uint8)
    good = feasible & conv & np.isfinite(vr1) & np.isfinite(vr2) & np.isfinite(vt)
    if not good.all():
        status[~feasible] = NO_SOLUTION
        status[feasible & ~good] = NOT_CONVERGED
        v1[~good] = np.nan
        v2[~good] = np.nan
    return v1, v2, status


def _cross(a, b):
    """Row-wise cross product of (n, 3) arrays (cheaper than np.cross for small n per call)."""
    out = np.empty_like(a)
    out[:, 0] = a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1]
    out[:, 1] = a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2]
    out[:, 2] = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    return out
