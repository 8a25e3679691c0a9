"""Lambert's problem, batched: Izzo's (2015) algorithm over whole arrays of problems at once.

Every problem in the batch is advanced by the same vectorised Householder iteration; problems that have
converged drop out of the working set, so the cost follows the slowest problems only where they are. There is
no Python loop over problems.

The iteration keeps, per problem, an interval of Izzo's x that must hold the root (T(x) is monotone on each
branch) and replaces a step that leaves it by bisection, so no iterate wanders onto a wrong branch or a false
"converged" point; where the textbook formulas cancel (transfer angles near 0, 180 and 360 deg, equal radii,
near-rectilinear arcs) exact rearrangements take over. A returned velocity solves its boundary-value problem
(tests/core/test_lambert_bvp.py checks that with an independent 50-digit propagation); what cannot be solved
has NaN velocities and a ``status`` that says why (see :data:`REASONS`).
"""

from __future__ import annotations

import numpy as np

from deltav.core.lambert_tof import (BAD_INPUT, COLLINEAR, COLLINEAR_SIN, NOT_CONVERGED, NO_SOLUTION, OK, REASONS, _NEAR_COLLINEAR, _guess_zero_rev, _householder, _xmin, tof_from_x)

__all__ = ["lambert", "tof_from_x", "OK", "BAD_INPUT", "COLLINEAR", "NO_SOLUTION", "NOT_CONVERGED", "REASONS"]


def _solve_x(t, lam, l2, oml2, m, low, xtol, maxiter):
    """Izzo's x for every problem, and a status (OK, NO_SOLUTION or NOT_CONVERGED)."""
    n = t.size
    status = np.zeros(n, np.uint8)
    lo = np.full(n, -1.0)
    if not np.ndim(m) and m == 0:
        hi = np.full(n, np.inf)
        x, conv = _householder(_guess_zero_rev(t, lam, oml2), t, lam, l2, oml2, 0, None, lo, hi, xtol, maxiter)
        status[~conv] = NOT_CONVERGED
        return x, status
    if np.ndim(m):
        zero = m == 0
        if zero.any():  # mixed revolutions: zero-rev and multi-rev problems solved apart
            x = np.empty(n)
            for sel, mm in ((np.flatnonzero(zero), 0), (np.flatnonzero(~zero), None)):
                if sel.size:
                    sub = (a[sel] if np.ndim(a) else a for a in (t, lam, l2, oml2, m if mm is None else 0, low))
                    x[sel], status[sel] = _solve_x(*sub, xtol, maxiter)
            return x, status
    hi = np.ones(n)
    mpi = m * np.pi
    # Izzo 2015, eq. 31: the two branches' starting points
    with np.errstate(all="ignore"):
        a = np.cbrt(((mpi + np.pi) / (8.0 * t)) ** 2)
        b = np.cbrt(((8.0 * t) / mpi) ** 2)
    xl, xr = (a - 1.0) / (a + 1.0), (b - 1.0) / (b + 1.0)
    x0 = np.maximum(xl, xr) if low is True else np.minimum(xl, xr) if low is False else \
        np.where(low, np.maximum(xl, xr), np.minimum(xl, xr))
    # T(x = 0) is above the minimum of T: shorter flights need that minimum (feasibility, and the branches'
    # common end as a bracket).
    t0 = np.arccos(lam)
    t0 += lam * np.sqrt(oml2)
    t0 += mpi
    need = np.flatnonzero(t < t0)
    if need.size:
        # T_m(x) = T_0(x) + m pi / (1 - x^2)^(3/2) with T_0 decreasing: the minimum lies at x > 0, where
        # T_0 >= T_0(1) = 2/3 (1 - lambda^3). Below m pi + 2/3 (1 - lambda^3) there is no solution.
        ln = lam[need]
        short = t[need] < (mpi[need] if np.ndim(m) else mpi) + 2.0 / 3.0 * (1.0 - ln * ln * ln)
        status[need[short]] = NO_SOLUTION
        need = need[~short]
    if need.size:
        mn = mpi[need] / np.pi if np.ndim(m) else m
        xm, tmin, d2, stuck = _xmin(lam[need], l2[need], oml2[need], mn, maxiter)
        tn = t[need]
        status[need[tn < tmin]] = NO_SOLUTION
        status[need[stuck]] = NOT_CONVERGED
        # a branch lies on one side of the minimum; start half-way down its parabola
        rn = low[need] if np.ndim(low) else low
        lo[need] = np.where(rn, xm, -1.0)
        hi[need] = np.where(rn, 1.0, xm)
        with np.errstate(all="ignore"):
            dx = np.sqrt(2.0 * np.maximum(tn - tmin, 0.0) / d2)
        x0[need] = np.clip(np.where(rn, xm + dx, xm - dx), lo[need], hi[need])
    np.clip(x0, -1.0 + 1e-12, 1.0 - 1e-12, out=x0)
    go = np.flatnonzero(status == OK)
    if go.size < n:
        x = np.full(n, np.nan)
        if go.size:
            sub = [a[go] if np.ndim(a) else a for a in (x0, t, lam, l2, oml2, m, low, lo, hi)]
            x[go], conv = _householder(*sub, xtol, maxiter)
            status[go[~conv]] = NOT_CONVERGED
        return x, status
    x, conv = _householder(x0, t, lam, l2, oml2, m, low, lo, hi, xtol, maxiter)
    status[~conv] = NOT_CONVERGED
    return x, status


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
        Stop when the Householder step in x, relative to 1 + x (the distance from the singular end x = -1), is
        below this; also stop once the step is below 1e-4 and the observed order-4 rate says that the next one
        would be below 1e-14. The returned x is one step past the test, good to ~1e-15 in practice; the tests
        check 1e-9 on v against boinor and pykep, and every solution against an independent propagation.
    maxiter : int
        Iteration cap; problems still moving are flagged :data:`NOT_CONVERGED`.
    block : int
        Problems solved per vectorised pass (blocks near the cache size beat whole-array passes).
    workers : int
        Ignored; kept so that callers passing it still work. Blocks are solved in the calling thread: on the
        2-core target, two threads measured slower than one (``python benchmarks/lambert.py``).

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

    Where the textbook formulas lose digits the solver uses exact rearrangements: 1 - lambda^2 = c / s;
    lambda from the length of r1 x (r1 + r2) near 180 deg; sigma and rho from the exact chord r2 - r1 for
    short chords; y - lambda x, lambda y - x and y + lambda x divided out of 1 - lambda^2 where they cancel;
    psi by arcsin where arccos is flat. The root is kept in a bracket (T is monotone on each branch), so a Householder step
    that overshoots becomes a bisection step instead of a converged wrong answer.

    Scalars stay scalars: a single ``mu``, ``revs``, ``prograde`` or ``low_path`` is never broadcast into an
    array.

    See Also
    --------
    deltav.core.lambert_multi.lambert_all : every branch up to a number of revolutions from one call.

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
    tof, mu, revs = np.asarray(tof, float), np.asarray(mu, float), np.asarray(revs)
    prograde, low_path = np.asarray(prograde, bool), np.asarray(low_path, bool)
    shape = np.broadcast_shapes(r1.shape[:-1], r2.shape[:-1], tof.shape, mu.shape, revs.shape, prograde.shape,
                                low_path.shape)
    n = int(np.prod(shape))
    # (n, 3) views where the inputs already have the full shape; components are copied block by block, in cache
    p1 = _flat(r1, shape + (3,)).reshape(n, 3)
    p2 = _flat(r2, shape + (3,)).reshape(n, 3)
    tf = _flat(tof, shape)
    # Scalars stay scalars: no array is broadcast out of a single mu, revs or branch.
    mu, revs, prograde, low_path = (_flat(a, shape) if a.ndim else a.item() for a in (mu, revs, prograde, low_path))
    if np.ndim(revs):
        revs = revs.astype(float)
    else:
        revs = float(revs)

    v1 = np.empty((n, 3))
    v2 = np.empty((n, 3))
    status = np.empty(n, np.uint8)
    for i in range(0, n, block):
        sl = slice(i, min(i + block, n))
        cols = [np.ascontiguousarray(p[sl, k]) for p in (p1, p2) for k in range(3)]
        args = [a[sl] if np.ndim(a) else a for a in (revs, prograde, low_path)]
        _solve_block(cols, tf[sl], mu[sl] if np.ndim(mu) else mu, args[0], _izzo, (*args, xtol, maxiter), v1[sl],
                     v2[sl], status[sl])
    return v1.reshape(shape + (3,)), v2.reshape(shape + (3,)), status.reshape(shape)


def _flat(a, shape):
    """``a`` broadcast to ``shape`` as a contiguous 1-d array (a view when it already is one)."""
    if a.shape == shape and a.flags.c_contiguous:
        return a.reshape(-1)
    return np.broadcast_to(a, shape).reshape(-1)


def _norm(a, b, c):
    """sqrt(a^2 + b^2 + c^2) elementwise, in place on one new array."""
    out = a * a
    tmp = b * b
    out += tmp
    np.multiply(c, c, out=tmp)
    out += tmp
    return np.sqrt(out, out=out)


def _cross(a1, a2, a3, b1, b2, b3):
    """Components of a x b."""
    hx = a2 * b3
    tmp = a3 * b2
    hx -= tmp
    hy = a3 * b1
    np.multiply(a1, b3, out=tmp)
    hy -= tmp
    hz = a1 * b2
    np.multiply(a2, b1, out=tmp)
    hz -= tmp
    return hx, hy, hz


def _solve_block(cols, tf, mu, m, solve, args, v1, v2, status):
    """Solve one flat block of problems given as component arrays ``cols`` (x1, y1, z1, x2, y2, z2).

    ``solve(*cols, r1n, r2n, c, hx, hy, hz, hn, tf, mu, *args, v1, v2, status)`` runs on the valid,
    non-collinear problems (``m``: revolutions, checked here; ``args`` per problem or scalar); ``v1``, ``v2``
    (..., n, 3) and ``status`` (..., n) may carry leading axes (branches), written for every problem here.
    """
    x1, y1, z1, x2, y2, z2 = cols
    with np.errstate(all="ignore"):
        r1n = _norm(x1, y1, z1)
        r2n = _norm(x2, y2, z2)
        c = _norm(x2 - x1, y2 - y1, z2 - z1)
        hx, hy, hz = _cross(x1, y1, z1, x2, y2, z2)  # normal of the transfer plane (r1 x r2)
        hn = _norm(hx, hy, hz)
        sin_t = r1n * r2n
        np.divide(hn, sin_t, out=sin_t)
        # Reductions first: a batch of valid, non-degenerate problems (the common case) needs no masks.
        if (_valid(mu, m) is True and r1n.min() > 0.0 and r2n.min() > 0.0 and tf.min() > 0.0
                and np.isfinite(c.max() + r1n.max() + r2n.max() + tf.max()) and sin_t.min() > COLLINEAR_SIN):
            solve(*cols, r1n, r2n, c, hx, hy, hz, hn, tf, mu, *args, v1, v2, status)
            return
        good = (r1n > 0.0) & (r2n > 0.0) & (c < np.inf) & (r1n < np.inf) & (r2n < np.inf) & (tf > 0.0) & (tf < np.inf)
        good &= _valid(mu, m)
        noncol = sin_t > COLLINEAR_SIN
        status[...] = np.where(good, np.where(noncol, OK, COLLINEAR), BAD_INPUT)
        ok = good & noncol
        v1[...] = np.nan
        v2[...] = np.nan
        idx = np.flatnonzero(ok)
        if idx.size:
            sub = [a[idx] for a in (*cols, r1n, r2n, c, hx, hy, hz, hn, tf)]
            sub += [a[idx] if np.ndim(a) else a for a in (mu, *args)]
            w1, w2 = np.empty(v1.shape[:-2] + (idx.size, 3)), np.empty(v2.shape[:-2] + (idx.size, 3))
            st = np.empty(status.shape[:-1] + (idx.size,), np.uint8)
            solve(*sub, w1, w2, st)
            v1[..., idx, :], v2[..., idx, :], status[..., idx] = w1, w2, st


def _valid(mu, m):
    """mu > 0 finite and m a whole number >= 0: True/False for scalars, a mask for arrays."""
    ok = (mu > 0.0) & (mu < np.inf) & (m >= 0.0) & (m == np.floor(m))
    return bool(ok) if np.ndim(ok) == 0 else ok


def _velocity_terms(x, lam, l2, oml2, exact):
    """lambda y - x, lambda y + x and y + lambda x (Izzo 2015, eqs. 7-8).

    With ``exact`` (short chords, where 1 - lambda^2 is small) the pair whose terms have opposite signs is divided
    out of the other: lambda^2 y^2 - x^2 = (1 - lambda^2)(lambda^2 - x^2 (1 + lambda^2)) and
    y^2 - lambda^2 x^2 = 1 - lambda^2. Elsewhere the cancellation costs at most a few ulps of |v|.
    """
    y = x * x
    y *= l2
    y += oml2
    np.sqrt(y, out=y)
    ly = lam * y
    lx = lam * x
    a = ly - x
    b = np.add(ly, x, out=ly)
    zeta = lx + y
    if exact:
        same = lx > 0.0  # lambda y - x cancels; otherwise lambda y + x and y + lambda x do
        q = oml2 * (l2 - x * x * (1.0 + l2))
        a = np.where(same, q / b, a)
        b = np.where(same, b, q / a)
        zeta = np.where(same, zeta, oml2 / (y - lx))
    return a, b, zeta


def _near_collinear(i, x1, y1, z1, x2, y2, z2, r1n, r2n, c, s, hx, hy, hz, hn, l2, rho, sig2):
    """Exact forms of lambda^2, rho, sigma^2 and the plane normal, in place, for the problems ``i`` where the
    usual ones cancel.

    Near 180 deg, r1 x r2 = r1 x (r1 + r2) with an exact short sum (near 0 and 360 deg, r1 x (r2 - r1)), and
    lambda = |h| / (s sqrt(c^2 - (r1 - r2)^2)) (from s (s - c) = r1 r2 cos^2(theta/2)); for short chords
    r1 - r2 = -(r2 - r1).(r1 + r2) / (r1 + r2); and sigma = 2 sqrt(r1 r2) sin(theta/2) / c = |h| / (|lambda| c s)
    wherever lambda is not small (Izzo 2015, eqs. 1-6, rearranged).
    """
    a1, b1, c1, a2, b2, c2 = x1[i], y1[i], z1[i], x2[i], y2[i], z2[i]
    n1, n2, ci, si = r1n[i], r2n[i], c[i], s[i]
    opposed = l2[i] < _NEAR_COLLINEAR
    short = ci < _NEAR_COLLINEAR * si
    # r1 x (r1 + r2) where opposed, r1 x (r2 - r1) where short, else r1 x r2 as computed
    k = np.where(opposed, 1.0, np.where(short, -1.0, 0.0))
    e1, e2, e3 = a2 + k * a1, b2 + k * b1, c2 + k * c1
    hxi, hyi, hzi = _cross(a1, b1, c1, e1, e2, e3)
    hni = _norm(hxi, hyi, hzi)
    hx[i], hy[i], hz[i], hn[i] = hxi, hyi, hzi, hni
    dr = n1 - n2
    l2i = np.where(opposed, (hni / si) ** 2 / ((ci - dr) * (ci + dr)), l2[i])
    d_dot_sum = (a2 - a1) * (a1 + a2) + (b2 - b1) * (b1 + b2) + (c2 - c1) * (c1 + c2)
    rhoi = np.where(short, -d_dot_sum / ((n1 + n2) * ci), rho[i])
    s2 = 1.0 - rhoi * rhoi
    l2[i], rho[i] = l2i, rhoi
    sig2[i] = np.where((s2 < _NEAR_COLLINEAR) & ~opposed, (hni / ci / si) ** 2 / l2i, s2)


def _geometry(x1, y1, z1, x2, y2, z2, r1n, r2n, c, hx, hy, hz, hn, tf, mu, pro):
    """s, 1 - lambda^2, lambda^2, rho, sigma^2, lambda (signed) and T of each problem; fixes h, hn in place
    where the usual forms cancel."""
    # Geometry (Izzo 2015, eqs. 1-6). 1 - lambda^2 = c / s exactly; lambda^2 itself cancels near 180 deg.
    s = r1n + r2n
    s += c
    s *= 0.5
    oml2 = c / s
    l2 = np.subtract(1.0, oml2)
    rho = r1n - r2n
    rho /= c
    sig2 = rho * rho
    np.subtract(1.0, sig2, out=sig2)
    if min(l2.min(), sig2.min(), oml2.min()) < _NEAR_COLLINEAR:
        i = np.flatnonzero((l2 < _NEAR_COLLINEAR) | (sig2 < _NEAR_COLLINEAR) | (oml2 < _NEAR_COLLINEAR))
        _near_collinear(i, x1, y1, z1, x2, y2, z2, r1n, r2n, c, s, hx, hy, hz, hn, l2, rho, sig2)
    lam = np.sqrt(l2)
    # Transfer angle > 180 deg (h pointing down) makes lambda negative, and so does retrograde motion.
    if np.ndim(pro):
        longway = (hz < 0.0) == pro
    else:
        longway = hz < 0.0 if pro else hz >= 0.0
    np.negative(lam, out=lam, where=longway)
    t = np.sqrt(s)
    t *= s
    np.divide(tf, t, out=t)
    t *= np.sqrt(2.0 * mu)  # tof sqrt(2 mu / s^3)
    return s, oml2, l2, rho, sig2, lam, t


def _izzo(x1, y1, z1, x2, y2, z2, r1n, r2n, c, hx, hy, hz, hn, tf, mu, m, pro, low, xtol, maxiter, v1, v2, status):
    """Izzo's algorithm on valid, non-degenerate problems given as component arrays; writes v1, v2, status."""
    s, oml2, l2, rho, sig2, lam, t = _geometry(x1, y1, z1, x2, y2, z2, r1n, r2n, c, hx, hy, hz, hn, tf, mu, pro)
    x, st = _solve_x(t, lam, l2, oml2, m, low, xtol, maxiter)
    status[...] = st

    # Velocities (Izzo 2015, eqs. 7-8 with rho, sigma as in sec. 2): v = vr u_r + vt (i_h x u_r), written as
    # a r + b (h x r) with a = vr / r and b = vt / (|h| r^2), the sign of i_h that of lambda.
    a, b, zeta = _velocity_terms(x, lam, l2, oml2, oml2.min() < _NEAR_COLLINEAR)
    gamma = np.multiply(mu, s, out=s)
    gamma *= 0.5
    np.sqrt(gamma, out=gamma)
    b *= rho
    vt = np.sqrt(sig2, out=sig2)
    vt *= zeta
    vt *= gamma
    np.divide(vt, hn, out=vt)
    np.copysign(vt, lam, out=vt)  # tangential speed times r, over |h|, signed like i_h
    r1n *= r1n
    r2n *= r2n
    gamma /= r1n
    a1 = a - b
    a1 *= gamma
    np.add(a, b, out=a)
    gamma *= r1n
    gamma /= r2n
    a2 = np.multiply(a, gamma, out=a)
    np.negative(a2, out=a2)
    b1 = vt / r1n
    b2 = np.divide(vt, r2n, out=vt)
    tmp = np.empty_like(b1)
    for out, aa, bb, (px, py, pz) in ((v1, a1, b1, (x1, y1, z1)), (v2, a2, b2, (x2, y2, z2))):
        for k, (p, u, w, hu, hw) in enumerate(((px, pz, py, hy, hz), (py, px, pz, hz, hx), (pz, py, px, hx, hy))):
            cr = hu * u  # (h x r)_k = h_u r_w' - h_w r_u' in cyclic order
            np.multiply(hw, w, out=tmp)
            cr -= tmp
            cr *= bb
            np.multiply(aa, p, out=tmp)
            np.add(cr, tmp, out=out[:, k])
    bad = np.flatnonzero(status)
    if bad.size:
        v1[bad] = np.nan
        v2[bad] = np.nan
