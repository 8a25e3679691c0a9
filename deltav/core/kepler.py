"""Two-body propagation with universal variables, batched (Kepler's problem for arrays of states)."""

from __future__ import annotations

import numpy as np

__all__ = ["stumpff_c", "stumpff_s", "propagate"]


def stumpff_c(z):
    """Stumpff function C(z) = (1 - cos sqrt z) / z, with its series near z = 0 [Curtis eq. 3.53]."""
    z = np.asarray(z, float)
    out = np.empty_like(z)
    small = np.abs(z) < 1e-3
    zs = z[small]
    out[small] = 0.5 - zs / 24.0 + zs * zs / 720.0 - zs**3 / 40320.0
    pos = (z >= 1e-3)
    sp = np.sqrt(z[pos])
    out[pos] = (1.0 - np.cos(sp)) / z[pos]
    neg = z <= -1e-3
    sn = np.sqrt(-z[neg])
    out[neg] = (np.cosh(sn) - 1.0) / -z[neg]
    return out


def stumpff_s(z):
    """Stumpff function S(z) = (sqrt z - sin sqrt z) / sqrt(z)^3, with its series near 0 [Curtis eq. 3.52]."""
    z = np.asarray(z, float)
    out = np.empty_like(z)
    small = np.abs(z) < 1e-3
    zs = z[small]
    out[small] = 1.0 / 6.0 - zs / 120.0 + zs * zs / 5040.0 - zs**3 / 362880.0
    pos = z >= 1e-3
    sp = np.sqrt(z[pos])
    out[pos] = (sp - np.sin(sp)) / sp**3
    neg = z <= -1e-3
    sn = np.sqrt(-z[neg])
    out[neg] = (np.sinh(sn) - sn) / sn**3
    return out


def propagate(r0, v0, dt, mu, *, rtol=1e-13, maxiter=100):
    """Position and velocity after ``dt`` on the two-body conic through (r0, v0).

    Parameters
    ----------
    r0 : array_like, km, shape (..., 3)
    v0 : array_like, km/s, shape (..., 3)
    dt : array_like, s, shape (...)
        Time to propagate (may be negative).
    mu : array_like, km^3/s^2, shape (...)
    rtol : float
        Newton stops when the universal-anomaly step is below ``rtol`` times its size.
    maxiter : int
        Iteration cap (Newton steps, bisection where Newton leaves the bracket); unconverged elements are NaN.

    Returns
    -------
    r, v : ndarray, km and km/s, shape (..., 3)

    Notes
    -----
    Elliptic orbits are first reduced by whole periods (``dt mod P``), so multi-revolution arcs keep the
    accuracy of a single one.

    References
    ----------
    H. D. Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed. (2014), Algorithms 3.3-3.4
    (eqs. 3.49, 3.65-3.69); D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013),
    Algorithm 8 (KEPLER) for the initial guesses.

    Examples
    --------
    Curtis Example 3.7 (Earth, mu = 398600 km^3/s^2):

    >>> import numpy as np
    >>> r, v = propagate([7000., -12124., 0.], [2.6679, 4.6210, 0.], 3600., 398600.)
    >>> np.round(r, 1)
    array([-3297.8,  7413.4,     0. ])
    """
    r0 = np.asarray(r0, float)
    v0 = np.asarray(v0, float)
    shape = np.broadcast_shapes(r0.shape[:-1], v0.shape[:-1], np.shape(dt), np.shape(mu))
    n = int(np.prod(shape))
    r0f = np.broadcast_to(r0, shape + (3,)).reshape(n, 3)
    v0f = np.broadcast_to(v0, shape + (3,)).reshape(n, 3)
    dtf = np.broadcast_to(np.asarray(dt, float), shape).ravel().copy()
    muf = np.broadcast_to(np.asarray(mu, float), shape).ravel()

    with np.errstate(all="ignore"):
        rn = np.sqrt(np.einsum("ij,ij->i", r0f, r0f))
        vn2 = np.einsum("ij,ij->i", v0f, v0f)
        rv = np.einsum("ij,ij->i", r0f, v0f)
        sqmu = np.sqrt(muf)
        alpha = 2.0 / rn - vn2 / muf  # 1/a
        c0 = rv / sqmu
        ell = alpha * rn > 1e-12
        # Elliptic arcs: whole periods do not matter; map dt into [0, P) and bracket chi in [0, 2 pi / sqrt(alpha)].
        period = np.where(ell, 2.0 * np.pi / (sqmu * alpha**1.5), np.inf)
        dtf = np.where(ell, np.mod(dtf, period), dtf)
        # mod of a tiny negative dt rounds to exactly P (hypothesis found dt = -1e-49): that is dt = 0.
        dtf = np.where(dtf >= period, 0.0, dtf)
        lo = np.where(ell, 0.0, np.minimum(0.0, dtf))
        hi = np.where(ell, 2.0 * np.pi / np.sqrt(np.abs(alpha)), np.maximum(0.0, dtf))
        chi = np.where(ell, sqmu * dtf * alpha, 0.0)  # mean-motion guess (Vallado Algorithm 8)

        def kepler_terms(x, al, r_, c_, sm, t_):
            z = al * x * x
            cz, sz = stumpff_c(z), stumpff_s(z)
            terms = (c_ * x * x * cz, (1.0 - al * r_) * x**3 * sz, r_ * x, -sm * t_)
            fp = c_ * x * (1.0 - z * sz) + (1.0 - al * r_) * x * x * cz + r_
            return terms, fp

        def kepler_f(*args):
            terms, fp = kepler_terms(*args)
            return sum(terms), fp

        # Open orbits: grow |chi| geometrically until F changes sign (F is increasing: F' = r > 0).
        open_ = np.flatnonzero(~ell)
        if open_.size:
            sgn = np.sign(dtf[open_])
            mag = np.maximum(sqmu[open_] * np.abs(dtf[open_]) / rn[open_], 1e-300)
            act = np.arange(open_.size)
            for _ in range(200):
                if act.size == 0:
                    break
                k = open_[act]
                f, _fp = kepler_f(sgn[act] * mag[act], alpha[k], rn[k], c0[k], sqmu[k], dtf[k])
                short = (sgn[act] * f < 0) & np.isfinite(f)
                mag[act[short]] *= 2.0
                act = act[short]
            bound = sgn * mag
            lo[open_] = np.minimum(0.0, bound)
            hi[open_] = np.maximum(0.0, bound)
            chi[open_] = 0.5 * bound

        # Newton on the universal Kepler equation (Curtis eq. 3.49), safeguarded by bisection.
        act = np.arange(n)
        ok = np.zeros(n, bool)
        for _ in range(maxiter):
            if act.size == 0:
                break
            x = chi[act]
            terms, fp = kepler_terms(x, alpha[act], rn[act], c0[act], sqmu[act], dtf[act])
            f = sum(terms)
            # |F| below the rounding noise of its terms: no step can do better. Near-rectilinear
            # hyperbolas (periapsis ~0) otherwise cycle there forever (hypothesis found one).
            noise = 16.0 * np.finfo(float).eps * sum(np.abs(t) for t in terms)
            lo_a = np.where(f < 0, x, lo[act])
            hi_a = np.where(f > 0, x, hi[act])
            lo[act], hi[act] = lo_a, hi_a
            xn = x - f / fp
            outside = ~((xn >= lo_a) & (xn <= hi_a))
            xn = np.where(outside, 0.5 * (lo_a + hi_a), xn)
            chi[act] = xn
            conv = (np.abs(xn - x) <= rtol * np.maximum(np.abs(x), 1.0)) | (np.abs(f) <= noise)
            ok[act[conv]] = True
            act = act[~conv & np.isfinite(xn)]

        # Lagrange coefficients (Curtis eqs. 3.69).
        z = alpha * chi * chi
        cz, sz = stumpff_c(z), stumpff_s(z)
        f = 1.0 - chi * chi / rn * cz
        g = dtf - chi**3 / sqmu * sz
        r = f[:, None] * r0f + g[:, None] * v0f
        r1n = np.sqrt(np.einsum("ij,ij->i", r, r))
        fdot = sqmu / (r1n * rn) * (alpha * chi**3 * sz - chi)
        gdot = 1.0 - chi * chi / r1n * cz
        v = fdot[:, None] * r0f + gdot[:, None] * v0f
        r[~ok] = np.nan
        v[~ok] = np.nan
    return r.reshape(shape + (3,)), v.reshape(shape + (3,))
