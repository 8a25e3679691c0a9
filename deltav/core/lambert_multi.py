"""Every solution of Lambert's problem up to a number of revolutions, from one batched call.

For ``revs_max`` revolutions a problem has up to ``2 revs_max + 1`` conics: the direct arc, and for each
m >= 1 the two branches on either side of the minimum time of flight T_min(m). :func:`lambert_all` computes
the geometry (chord, lambda, T), the minimum-time points of every m and the cross products of the velocity
formula once per problem, drops the revolution counts a problem's flight time is too short for, and solves the
branches that exist as one stacked array in one bracketed Householder iteration (the one
:func:`deltav.core.lambert.lambert` runs on one branch). The multi-revolution branches start from Izzo's
guesses polished on a cheap model of T (no arccos), close enough that two Householder steps finish almost
every branch.
"""

from __future__ import annotations

import numpy as np

from deltav.core.lambert import _cross, _flat, _geometry, _solve_block, _velocity_terms
from deltav.core.lambert_tof import _NEAR_COLLINEAR, NO_SOLUTION, NOT_CONVERGED, OK, _guess_zero_rev, _householder, _xmin

__all__ = ["lambert_all", "branches"]


def branches(revs_max):
    """(revolutions, low_path) of each branch of :func:`lambert_all`, in order.

    Examples
    --------
    >>> branches(2)
    [(0, True), (1, True), (1, False), (2, True), (2, False)]
    """
    return [(0, True)] + [(m, low) for m in range(1, int(revs_max) + 1) for low in (True, False)]


def lambert_all(r1, r2, tof, mu, revs_max, prograde=True, *, xtol=1e-7, maxiter=35, block=16384):
    """Every Lambert solution with at most ``revs_max`` revolutions, for arrays of problems, in one call.

    Parameters
    ----------
    r1, r2 : array_like, km, shape (..., 3)
        Initial and final position vectors.
    tof : array_like, s, shape (...)
        Time of flight (> 0).
    mu : array_like, km^3/s^2, shape (...)
        Gravitational parameter of the central body.
    revs_max : int
        Largest number of complete revolutions (>= 0): ``2 revs_max + 1`` branches.
    prograde : array_like of bool, shape (...)
        True: angular momentum along +z; False: retrograde.
    xtol, maxiter : float, int
        As in :func:`deltav.core.lambert.lambert`.
    block : int
        Problems per vectorised pass (each pass works on ``2 revs_max + 1`` times as many branch solutions).

    Returns
    -------
    v1, v2 : ndarray, km/s, shape (2 revs_max + 1, ..., 3)
        Velocities at r1 and r2 for each branch, in the order of :func:`branches`: the direct arc, then for
        m = 1, 2, ...: the low path (larger Izzo x, ``lambert(..., revs=m, low_path=True)``, pykep's right
        branch) and the high path (smaller x). NaN where the branch has no solution.
    status : ndarray of uint8, shape (2 revs_max + 1, ...)
        :data:`~deltav.core.lambert.OK` or why the branch has no answer (``NO_SOLUTION`` where ``tof`` is below
        the minimum flight time of that revolution count).

    Notes
    -----
    Each branch gives the answer of the matching :func:`deltav.core.lambert.lambert` call (the same brackets
    and stopping rule; for m >= 1 closer starting points, so the iterations differ and the answers agree to
    ~1e-13 relative rather than to the last digit).

    References
    ----------
    D. Izzo, "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15 (2015): geometry eqs. (1)-(6),
    velocities eqs. (7)-(8), T(x) eqs. (18)-(20), initial guesses eqs. (30)-(31), Householder iteration
    eq. (23), minimum time of each revolution count (sec. 3).

    Examples
    --------
    A 90-degree arc from 7000 to 8000 km around the Earth in 3 h has a direct and two one-revolution solutions;
    two revolutions need more time (even the smallest ellipse through both points, a = s / 2 = 6408 km, takes
    1.42 h per revolution):

    >>> v1, v2, status = lambert_all([7000., 0., 0.], [0., 8000., 0.], 3 * 3600., 398600.4418, 2)
    >>> v1.shape, status.tolist()
    ((5, 3), [0, 0, 0, 3, 3])
    """
    r1 = np.asarray(r1, float)
    r2 = np.asarray(r2, float)
    tof, mu, prograde = np.asarray(tof, float), np.asarray(mu, float), np.asarray(prograde, bool)
    if not (np.ndim(revs_max) == 0 and revs_max == int(revs_max) and revs_max >= 0):
        raise ValueError(f"revs_max must be a whole number >= 0, got {revs_max!r}")
    nb = 2 * int(revs_max) + 1
    shape = np.broadcast_shapes(r1.shape[:-1], r2.shape[:-1], tof.shape, mu.shape, prograde.shape)
    n = int(np.prod(shape))
    p1 = _flat(r1, shape + (3,)).reshape(n, 3)
    p2 = _flat(r2, shape + (3,)).reshape(n, 3)
    tf = _flat(tof, shape)
    mu, prograde = (_flat(a, shape) if a.ndim else a.item() for a in (mu, prograde))
    v1 = np.empty((nb, n, 3))
    v2 = np.empty((nb, n, 3))
    status = np.empty((nb, n), np.uint8)
    for i in range(0, n, block):
        sl = slice(i, min(i + block, n))
        cols = [np.ascontiguousarray(p[sl, k]) for p in (p1, p2) for k in range(3)]
        _solve_block(cols, tf[sl], mu[sl] if np.ndim(mu) else mu, 0.0, _izzo_all,
                     (prograde[sl] if np.ndim(prograde) else prograde, nb // 2, xtol, maxiter),
                     v1[:, sl], v2[:, sl], status[:, sl])
    return v1.reshape((nb,) + shape + (3,)), v2.reshape((nb,) + shape + (3,)), status.reshape((nb,) + shape)


def _izzo_all(x1, y1, z1, x2, y2, z2, r1n, r2n, c, hx, hy, hz, hn, tf, mu, pro, revs_max, xtol, maxiter, v1, v2,
              status):
    """All branches of valid, non-degenerate problems; writes v1, v2 (nb, n, 3) and status (nb, n).

    Only the branches that exist are iterated: a revolution count whose minimum flight time is above ``tof``
    is dropped before the iteration.
    """
    s, oml2, l2, rho, sig2, lam, t = _geometry(x1, y1, z1, x2, y2, z2, r1n, r2n, c, hx, hy, hz, hn, tf, mu, pro)
    status[...] = OK
    x = _solve_all(t, lam, l2, oml2, status.shape[0] // 2, xtol, maxiter, status)
    # NaN x on the branches without a solution gives NaN velocities: cheaper than gathering the problems
    # that have them and scattering their velocities back
    pre = _per_problem(rho, sig2, s, mu, lam, r1n, r2n, hn, (x1, y1, z1), (x2, y2, z2), (hx, hy, hz))
    _velocities(x, lam, l2, oml2, pre, oml2.min() < _NEAR_COLLINEAR, v1, v2)


def _solve_all(t, lam, l2, oml2, revs_max, xtol, maxiter, status):
    """Izzo's x of every existing branch, shape (2 revs_max + 1, n), NaN on the others: one stacked, bracketed
    iteration over the existing ones; marks the others in ``status``.

    Row 0 is the direct arc (T decreasing in x, no upper bound); rows 2m - 1 and 2m the branches right (low
    path) and left of the minimum of T for m revolutions, bracketed as in :func:`deltav.core.lambert.lambert`.
    """
    n = t.size
    t0 = np.arccos(lam)
    t0 += lam * np.sqrt(oml2)  # T(x = 0) of the direct arc
    parts = [(slice(0, 1), None, _guess_zero_rev(t, lam, oml2)[None], np.full((1, n), -1.0), np.full((1, n), np.inf))]
    parts += _multi_rev_starts(t, lam, l2, oml2, t0, revs_max, maxiter, status)
    # problem quantities of each group, and the stacked copies the iteration runs on (one per row)
    gathered = [[a if j is None else a[j] for a in (t, lam, l2, oml2)] for _, j, _, _, _ in parts]
    stacked = [np.concatenate([g[i] for g, p in zip(gathered, parts) for _ in range(p[2].shape[0])]) for i in range(4)]
    row_sizes = [p[2].shape[1] for p in parts for _ in range(p[2].shape[0])]
    m_row = np.repeat([0.0] + [float(m) for m in range(1, revs_max + 1) for _ in (0, 1)], row_sizes)
    right = np.repeat(np.arange(len(row_sizes)) % 2 == 1, row_sizes)  # low-path rows: right of the minimum
    x0, lo, hi = (np.concatenate([p[i].ravel() for p in parts]) for i in (2, 3, 4))
    x, conv = _householder(x0, *stacked, m_row, right, lo, hi, xtol, maxiter)
    out = np.full((2 * revs_max + 1, n), np.nan)
    start = 0
    for rows, j, x0, _, _ in parts:
        xs = x[start:start + x0.size].reshape(x0.shape)
        ok = conv[start:start + x0.size].reshape(x0.shape)
        start += x0.size
        for r, xr, okr in zip(range(rows.start, rows.stop), xs, ok):
            if j is None:
                out[r] = xr
                bad = np.flatnonzero(~okr)
            else:
                out[r, j] = xr
                bad = j[~okr]
            if bad.size:
                out[r, bad] = np.nan
                status[r, bad] = NOT_CONVERGED
    return out


def _multi_rev_starts(t, lam, l2, oml2, t0, revs_max, maxiter, status):
    """Per m >= 1: the problems with m-revolution solutions, their starting points and brackets (Izzo 2015,
    eq. 31 and sec. 3); the others are marked NO_SOLUTION (NOT_CONVERGED where the minimum search failed) in
    ``status``. Returns ``(rows, j, x0, lo, hi)`` per m, arrays of shape (2, j), low path first; j is None
    where every problem has the branches."""
    # T(x = 0) = t0 + m pi is above the minimum of T: shorter flights need that minimum (feasibility, and the
    # branches' common end as a bracket).
    t1 = lam * lam * lam
    np.subtract(1.0, t1, out=t1)
    t1 *= 2.0 / 3.0  # T_0(1), the parabola
    keep, need = [], []
    for m in range(1, revs_max + 1):
        mpi = m * np.pi
        below = t < t0 + mpi
        # below m pi + 2/3 (1 - lambda^3) there is no solution (T_0 >= T_0(1) on x > 0)
        ok = t >= mpi + t1
        status[2 * m - 1:2 * m + 1] = ~ok * np.uint8(NO_SOLUTION)  # the rows are still all OK here
        below &= ok
        keep.append(ok)
        need.append(np.flatnonzero(below))
    sizes = [j.size for j in need]
    if sum(sizes):
        j = np.concatenate(need)
        xm, tmin, d2, stuck = _xmin(lam[j], l2[j], oml2[j], np.repeat(np.arange(1.0, revs_max + 1.0), sizes), maxiter)
        tn = t[j]
        dx = np.sqrt(2.0 * np.maximum(tn - tmin, 0.0) / d2)  # (the caller, _solve_block, ignores FP errors)
        code = np.where(tn < tmin, NO_SOLUTION, OK).astype(np.uint8)
        code[stuck] = NOT_CONVERGED
    out = []
    start = 0
    for m, (ok, jn) in enumerate(zip(keep, need), 1):
        rows = slice(2 * m - 1, 2 * m + 1)
        mpi = m * np.pi
        sl = slice(start, start + jn.size)
        start += jn.size
        if jn.size:
            cm = code[sl]
            failed = cm != OK
            if failed.any():
                status[rows, jn[failed]] = cm[failed]
                ok[jn[failed]] = False
                jn, xms, dxs = jn[~failed], xm[sl][~failed], dx[sl][~failed]
            else:
                xms, dxs = xm[sl], dx[sl]
        j = None if ok.all() else np.flatnonzero(ok)
        tk = t if j is None else t[j]
        a = np.cbrt(((mpi + np.pi) / (8.0 * tk)) ** 2)
        b = np.cbrt(((8.0 * tk) / mpi) ** 2)
        xl, xr = (a - 1.0) / (a + 1.0), (b - 1.0) / (b + 1.0)
        x0 = np.empty((2, tk.size))
        np.maximum(xl, xr, out=x0[0])
        np.minimum(xl, xr, out=x0[1])
        _refine_starts(x0, tk, mpi + (t0 if j is None else t0[j]), mpi)
        lo = np.full((2, tk.size), -1.0)
        hi = np.ones((2, tk.size))
        if jn.size:
            pos = jn if j is None else np.searchsorted(j, jn)  # the searched problems among the kept ones
            lo[0, pos] = xms
            hi[1, pos] = xms
            # a branch lies on one side of the minimum; start half-way down its parabola
            x0[0, pos] = np.clip(xms + dxs, xms, 1.0)
            x0[1, pos] = np.clip(xms - dxs, -1.0, xms)
        np.clip(x0, -1.0 + 1e-12, 1.0 - 1e-12, out=x0)
        out.append((rows, j, x0, lo, hi))
    return out


def _refine_starts(x0, t, tx0, mpi):
    """Newton steps, in place, on a model of T for the rows (low path, high path) of one revolution count.

    T (1 - x^2)^(3/2) is (m + 1) pi at x = -1 and T(0) at x = 0 with slope dT/dx(0) = -2 (Izzo 2015, eq. 22);
    the parabola F through these stands for it in F(x) = t (1 - x^2)^(3/2). Its roots are within ~1 % of the
    true ones, where eq. 31 is off by 5-40 %, which saves the bracketed iteration a step (no arccos here). One
    step gets the low path there, the high path (further off) needs two.
    Where t >= T(0) (the only problems whose starts are not replaced by the minimum-time ones) the low path's
    root is >= 0 and the high path's <= 0, which bounds the steps.
    """
    c = mpi + np.pi - 2.0
    c -= tx0  # F(x) = T(0) - 2 x + c x^2
    for x, lo, hi, steps in ((x0[0], 0.0, 1.0 - 1e-12, 1), (x0[1], -1.0 + 1e-12, 0.0, 2)):
        for _ in range(steps):
            u = c * x
            v = u - 2.0
            g = v * x
            g += tx0  # F(x)
            u += v  # F'(x) = 2 c x - 2
            w = x * x
            np.subtract(1.0, w, out=w)
            sw = np.sqrt(w)
            sw *= t
            w *= sw
            g -= w  # F(x) - t (1 - x^2)^(3/2)
            sw *= x
            sw *= 3.0
            u += sw  # its derivative
            g /= u
            x -= g
            # fmax / fmin also catch a NaN step (0 / 0 at a stationary point of the model)
            np.fmin(np.fmax(x, lo, out=x), hi, out=x)


def _per_problem(rho, sig2, s, mu, lam, r1n, r2n, hn, p1, p2, h):
    """What the velocity formula needs of each problem, stacked (14, n): rho, the signed tangential factor, and
    at r1 and r2 the components of (h x r) / r^2 and of r gamma / r^2 (sign -1 at r2)."""
    pre = np.empty((14, rho.size))
    pre[0] = rho
    gamma = np.multiply(mu, s)
    gamma *= 0.5
    np.sqrt(gamma, out=gamma)
    sg = np.sqrt(sig2, out=pre[1])
    sg *= gamma
    sg /= hn
    np.copysign(sg, lam, out=sg)  # tangential speed times r, over |h| and zeta, signed like i_h
    for e, (p, r, sign) in enumerate(((p1, r1n, 1.0), (p2, r2n, -1.0))):
        q = r * r
        g = gamma / q
        g *= sign
        for k, hxr in enumerate(_cross(*h, *p)):
            np.divide(hxr, q, out=pre[2 + 6 * e + k])
            np.multiply(p[k], g, out=pre[5 + 6 * e + k])
    return pre


def _velocities(x, lam, l2, oml2, pre, exact, v1, v2):
    """v = a r + b (h x r) at both ends for branches x of shape (rows, n) (Izzo 2015, eqs. 7-8), as in
    :func:`deltav.core.lambert.lambert`, from the per-problem terms ``pre`` of :func:`_per_problem`: each branch
    costs two products and a sum per component."""
    a, b, zeta = _velocity_terms(x, lam, l2, oml2, exact)
    b *= pre[0]
    vt = np.multiply(zeta, pre[1], out=zeta)
    radial = (np.subtract(a, b), np.add(a, b, out=a))  # times gamma / r1^2 at r1, -gamma / r2^2 at r2
    tmp, tmp2 = np.empty_like(vt), np.empty_like(vt)
    for e, (out, rad) in enumerate(((v1, radial[0]), (v2, radial[1]))):
        for k in range(3):
            np.multiply(vt, pre[2 + 6 * e + k], out=tmp)
            np.multiply(rad, pre[5 + 6 * e + k], out=tmp2)
            np.add(tmp, tmp2, out=out[..., k])
