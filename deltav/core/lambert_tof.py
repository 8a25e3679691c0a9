"""Izzo's time-of-flight equation T(x) and its bracketed Householder solution, for :mod:`deltav.core.lambert`.

Arrays in, arrays out: the non-dimensional time of flight of Izzo's formulation, its derivatives, the
starting guesses and the root-finding that :func:`deltav.core.lambert.lambert` runs over whole batches.

References
----------
D. Izzo, "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15 (2015).
"""

from __future__ import annotations

import numpy as np


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
# Battin's series 2F1(3, 1; 5/2; z) = sum_n (3)_n / (5/2)_n z^n (Pochhammer), |z| <= 0.103 in the band:
# 18 terms reach 1e-17. Coefficients from highest to lowest order, for Horner's scheme.
_BATTIN_COEFFS = tuple(reversed(np.cumprod([1.0] + [(3.0 + k) / (2.5 + k) for k in range(18)])))
_SMALL_PSI_COS = 1.0 - 1e-6  # |cos(psi)| above which arccos loses digits: psi from arcsin of exact factors
_PREDICTED_STEP = 1e-14  # relative step that the order-4 rate must promise for the next one, to stop early
_STEP_CAP = 1e-4  # ... and only once the relative step itself is below this
_NEAR_COLLINEAR = 1e-4  # lambda^2 or 1 - sigma^2 below which they come from unit vectors, not differences



def _hyp2f1b(z):
    """Gauss 2F1(3, 1, 5/2; z) by its series (Battin's Q function), Horner's scheme; |z| < ~0.11 here."""
    res = np.full_like(z, _BATTIN_COEFFS[0])
    for coef in _BATTIN_COEFFS[1:]:
        res *= z
        res += coef
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

    Examples
    --------
    At x = 0 the zero-revolution time is arccos(lambda) + lambda sqrt(1 - lambda^2) (Izzo 2015, sec. 3):

    >>> round(float(tof_from_x(0.0, 0.5)), 12) == round(float(np.arccos(0.5) + 0.5 * np.sqrt(0.75)), 12)
    True
    """
    x, lam, revs = np.broadcast_arrays(np.asarray(x, float), np.asarray(lam, float), np.asarray(revs, float))
    shape = x.shape
    x, lam, revs = (np.ascontiguousarray(a).ravel() for a in (x, lam, revs))
    with np.errstate(all="ignore"):
        t, _ = _tof(x, lam, 1.0 - lam * lam, revs)
    return t.reshape(shape)


def _eta(x, y, lam, oml2):
    """y - lambda x without cancellation: (1 - lambda^2) / (y + lambda x) where lambda x > 0."""
    lx = lam * x
    return np.where(lx > 0.0, oml2 / (y + lx), y - lx)


def _tof(x, lam, oml2, m):
    """T(x) and y on flat arrays, every region (ellipse, hyperbola, Battin band, small psi).

    ``oml2`` is 1 - lambda^2, passed in because it is exact from the geometry (c / s) where lambda^2 is not.
    """
    y = np.sqrt(oml2 + lam * lam * x * x)
    t = np.empty_like(x)
    ell = x < 1.0 - _BATTIN_BAND
    hyp = x > 1.0 + _BATTIN_BAND
    band = ~(ell | hyp)
    if band.any():
        # m = 0 near the parabola: Battin's series (Izzo 2015, eq. 20); m > 0 has no cancellation there
        zero = band & (m == 0)
        i = np.flatnonzero(zero)
        if i.size:
            t[i] = _battin(x[i], y[i], lam[i], oml2[i])
        ell |= band & ~zero & (x < 1.0)
        hyp |= band & ~zero & (x >= 1.0)
    i = np.flatnonzero(ell)
    if i.size:
        t[i] = _tof_ellipse(x[i], y[i], lam[i], oml2[i], m[i] if np.ndim(m) else m)
    i = np.flatnonzero(hyp)
    if i.size:
        xh, yh, lh, oh = x[i], y[i], lam[i], oml2[i]
        sq = np.sqrt(xh * xh - 1.0)
        psi = np.arcsinh(_eta(xh, yh, lh, oh) * sq)
        t[i] = (psi / sq + _lam_y_minus_x(xh, yh, lh, oh)) / (1.0 - xh * xh)
    return t, y


def _battin(x, y, lam, oml2):
    """Battin's series form of T near x = 1 (Izzo 2015, eq. 20)."""
    eta = _eta(x, y, lam, oml2)
    s1 = 0.5 * (1.0 - lam - x * eta)
    q = 4.0 / 3.0 * _hyp2f1b(s1)
    return 0.5 * (eta * eta * eta * q + 4.0 * lam * eta)


def _lam_y_minus_x(x, y, lam, oml2):
    """lambda y - x; where lambda x > 0 (it cancels) as (1 - lambda^2)(lambda^2 - x^2 (1 + lambda^2)) / (x + lambda y)."""
    ly = lam * y
    l2 = lam * lam
    return np.where(lam * x > 0.0, oml2 * (l2 - x * x * (1.0 + l2)) / (x + ly), ly - x)


def _tof_ellipse(x, y, lam, oml2, m):
    """Elliptic T(x) (Izzo 2015, eq. 18), psi by arccos except where it is small (then arcsin of exact factors)."""
    omx2 = 1.0 - x * x
    sq = np.sqrt(omx2)
    cospsi = x * y + lam * omx2
    psi = np.arccos(np.clip(cospsi, -1.0, 1.0))
    t = ((psi + m * np.pi) / sq - x + lam * y) / omx2
    flat = np.abs(cospsi) > _SMALL_PSI_COS
    if flat.any():
        i = np.flatnonzero(flat)
        mi = m[i] if np.ndim(m) else m
        xs, ys, ls, os_, ws, ss = x[i], y[i], lam[i], oml2[i], omx2[i], sq[i]
        ps = np.arcsin(np.minimum(_eta(xs, ys, ls, os_) * ss, 1.0))
        ps = np.where(cospsi[i] < 0.0, np.pi - ps, ps)
        t[i] = ((ps + mi * np.pi) / ss + _lam_y_minus_x(xs, ys, ls, os_)) / ws
    return t


def _eval(x, lam, l2, oml2, m):
    """T(x), y and 1 - x^2 for an iterate: the elliptic closed form in place over the whole batch, then the few
    problems near the parabola, on the hyperbola or where arccos is flat recomputed by :func:`_tof`."""
    omx2 = x * x
    y = l2 * omx2
    y += oml2
    np.sqrt(y, out=y)
    np.subtract(1.0, omx2, out=omx2)
    sq = np.sqrt(omx2)
    cospsi = x * y
    t = lam * omx2
    cospsi += t
    fix = None
    if x.max() >= 1.0 - _BATTIN_BAND or cospsi.max() > _SMALL_PSI_COS or cospsi.min() < -_SMALL_PSI_COS:
        fix = np.flatnonzero((x >= 1.0 - _BATTIN_BAND) | (np.abs(cospsi) > _SMALL_PSI_COS))
    psi = np.arccos(cospsi, out=cospsi)
    if np.ndim(m) or m:
        psi += m * np.pi
    psi /= sq
    np.multiply(lam, y, out=t)
    t += psi
    t -= x
    t /= omx2
    if fix is not None:
        t[fix], _ = _tof(x[fix], lam[fix], oml2[fix], m[fix] if np.ndim(m) else m)
    return t, y, omx2


def _derivatives(x, y, t, omx2, lam, l2, oml2):
    """dT/dx, d2T/dx2, d3T/dx3 (Izzo 2015, eq. 22); powers as products (``**`` is slow in numpy)."""
    inv = np.divide(1.0, omx2)
    iy = np.divide(1.0, y)
    a = lam * l2
    a *= iy  # lambda^3 / y
    ax = a * x
    d1 = t * x
    d1 *= 3.0
    d1 += ax
    d1 += ax
    d1 -= 2.0
    d1 *= inv
    c = a * iy
    c *= iy
    c *= oml2  # (1 - lambda^2) lambda^3 / y^3
    d2 = x * d1
    d2 *= 5.0
    tmp = 3.0 * t
    d2 += tmp
    d2 += c
    d2 += c
    d2 *= inv
    d3 = x * d2
    d3 *= 7.0
    np.multiply(d1, 8.0, out=tmp)
    d3 += tmp
    c *= l2
    c *= x
    c *= iy
    c *= iy
    c *= 6.0
    d3 -= c
    d3 *= inv
    return d1, d2, d3


def _householder_step(x, t, lam, l2, l3, oml2, m):
    """One Householder step of order 3 on T(x) = t (Izzo 2015, eqs. 22-23), fused to reuse its temporaries.

    Returns the new x, T(x) - t and dT/dx at x.
    """
    tt, iy, inv = _eval(x, lam, l2, oml2, m)
    np.divide(1.0, inv, out=inv)  # 1 / (1 - x^2)
    np.divide(1.0, iy, out=iy)  # 1 / y
    a = l3 * iy  # lambda^3 / y
    t3 = tt * 3.0
    d1 = t3 + a
    d1 += a
    d1 *= x
    d1 -= 2.0
    d1 *= inv  # T1 = (3 T x - 2 + 2 lambda^3 x / y) / (1 - x^2)
    iy *= iy
    c = np.multiply(a, iy, out=a)
    c *= oml2  # (1 - lambda^2) lambda^3 / y^3
    d2 = x * d1
    d2 *= 5.0
    d2 += t3
    d2 += c
    d2 += c
    d2 *= inv  # T2 = (3 T + 5 x T1 + 2 c) / (1 - x^2)
    d3 = x * d2
    d3 *= 7.0 / 6.0
    np.multiply(d1, 4.0 / 3.0, out=t3)
    d3 += t3
    c *= l2
    c *= x
    c *= iy
    d3 -= c
    d3 *= inv  # T3 / 6 = (7 x T2 + 8 T1 - 6 c lambda^2 x / y^2) / (6 (1 - x^2))
    f = np.subtract(tt, t, out=tt)
    d1sq = d1 * d1
    fd2 = np.multiply(f, d2, out=d2)
    num = np.multiply(fd2, -0.5, out=t3)
    num += d1sq
    num *= f
    d1sq -= fd2
    d1sq *= d1
    np.multiply(f, f, out=fd2)
    fd2 *= d3
    d1sq += fd2
    num /= d1sq
    return np.subtract(x, num, out=num), f, d1


def _householder(x, t, lam, l2, oml2, m, right, lo, hi, xtol, maxiter):
    """Solve T(x) = t on a bracketed branch; returns x and a converged mask.

    ``right`` is None for zero revolutions (T decreasing), else True where the branch is the one right of the
    minimum of T (T increasing). ``lo``, ``hi`` bound the root and are narrowed at every evaluation; a
    Householder step that leaves them is replaced by bisection, so no iterate escapes to a wrong branch.
    """
    n = x.size
    done = np.zeros(n, bool)
    full = True  # iterate on the whole arrays (views, no gathers) while most problems are still moving
    act = np.arange(n)
    l3 = lam * l2
    arrays = [t, lam, l2, l3, oml2, m, right, lo, hi]
    xa, ta, la, l2a, l3a, oa, ma, ra, loa, hia = x, *arrays
    pa = None  # previous relative steps of the active problems
    for _ in range(maxiter):
        xn, f, d1 = _householder_step(xa, ta, la, l2a, l3a, oa, ma)
        # Narrow the bracket: T decreases on zero-rev and left branches, increases right of the minimum.
        if ra is None:
            to_hi = f <= 0.0
        elif ra is True:
            to_hi = (d1 > 0.0) & (f > 0.0)
        elif ra is False:
            to_hi = ~((d1 < 0.0) & (f > 0.0))
        else:
            to_hi = np.where(ra, (d1 > 0.0) & (f > 0.0), ~((d1 < 0.0) & (f > 0.0)))
        np.copyto(hia, xa, where=to_hi)
        np.copyto(loa, xa, where=~to_hi)
        inside = (xn >= loa) & (xn <= hia)
        if not inside.all():
            out = np.flatnonzero(~inside)
            lo_o, hi_o, x_o = loa[out], hia[out], xa[out]
            xn[out] = np.where(np.isfinite(hi_o), 0.5 * (lo_o + hi_o), np.maximum(2.0 * x_o - lo_o, x_o + 1.0))
        # Converged: the step, relative to the distance 1 + x from the singular end, is below xtol, or the
        # order-4 convergence (step_k+1 ~ step_k^4 step_k / step_k-1^4) says the next one would be below 1e-14.
        step = np.subtract(xn, xa, out=d1)
        np.abs(step, out=step)
        sc = np.add(xa, 1.0, out=f)
        step /= sc
        conv = step < xtol
        if pa is not None:
            r = np.divide(step, pa, out=sc)
            r *= r
            r *= r
            r *= step
            fast = r < _PREDICTED_STEP
            fast &= step < _STEP_CAP  # far from the root the rate estimate is not yet meaningful
            conv |= fast
        if full:
            x = xa = xn
            done = conv
            pa = step
            moving = np.flatnonzero(~conv)
            if moving.size > n // 2:
                continue
            full = False
            act = keep = moving
        else:
            x[act] = xn
            done[act[conv]] = True
            keep = np.flatnonzero(~conv)
            act = act[keep]
            lo[act], hi[act] = loa[keep], hia[keep]  # write back the narrowed brackets of those still moving
        if act.size == 0:
            break
        pa = step[keep]
        xa = x[act]
        ta, la, l2a, l3a, oa, ma, ra, loa, hia = (a[act] if np.ndim(a) else a for a in arrays)
    return x, done


def _guess_zero_rev(t, lam, oml2):
    """Starting x for zero revolutions (Izzo 2015, eq. 30).

    For T >= T(x=0): Izzo's (T(0) / T)^(2/3) - 1, except for lambda > 0.9 where T(0) -> 0 makes it collapse to
    -1; there the rational form of Izzo's reference implementation (pykep), -(T - T(0)) / (T - T(0) + 4).
    """
    t00 = np.arccos(lam)
    t00 += lam * np.sqrt(oml2)  # T at x = 0
    x0 = t00 / t
    x0 *= x0
    np.cbrt(x0, out=x0)
    x0 -= 1.0
    d = t - t00
    odd = (d < 0.0) | (lam > 0.9)
    if odd.any():
        i = np.flatnonzero(odd)
        ti, li, t0i, di = t[i], lam[i], t00[i], d[i]
        l3 = li * li * li
        t1 = 2.0 / 3.0 * (1.0 - l3)  # parabolic time, x = 1
        with np.errstate(all="ignore"):
            xh = t1 * (t1 - ti) / (0.4 * (1.0 - l3 * li * li) * ti) + 1.0
            # corrected middle branch (poliastro issue #1362): x = (T / T00)^(ln 2 / ln(T1 / T00)) - 1
            xm = np.exp(np.log(2.0) * np.log(ti / t0i) / np.log(t1 / t0i)) - 1.0
        x0[i] = np.where(di >= 0.0, -di / (di + 4.0), np.where(ti <= t1, xh, xm))
    return x0


def _xmin(lam, l2, oml2, m, maxiter):
    """Minimum of T for m >= 1 revolutions: Halley on dT/dx = 0 from x = 0, bracketed (T is convex there).

    Returns x_min, T(x_min), d2T/dx2 there and the indices that did not converge. T is flat at its minimum:
    from the last iterate, within 1e-5 of x_min, T - T'^2 / (2 T'') is T_min to third order in that distance.
    """
    n = lam.size
    x = np.zeros(n)
    tmin = np.empty(n)
    d2min = np.empty(n)
    lo = np.full(n, -1.0)
    hi = np.ones(n)
    act = np.arange(n)
    for _ in range(maxiter):
        xa, la, l2a, oa = x[act], lam[act], l2[act], oml2[act]
        tt, y, omx2 = _eval(xa, la, l2a, oa, m if not np.ndim(m) else m[act])
        d1, d2, d3 = _derivatives(xa, y, tt, omx2, la, l2a, oa)
        tmin[act], d2min[act] = tt - 0.5 * d1 * d1 / d2, d2
        xn = xa - 2.0 * d1 * d2 / (2.0 * d2 * d2 - d1 * d3)
        # dT/dx increases through its root: the sign of d1 says on which side x lies
        left = d1 < 0.0
        loa, hia = np.where(left, xa, lo[act]), np.where(left, hi[act], xa)
        lo[act], hi[act] = loa, hia
        bad = ~((xn >= loa) & (xn <= hia))
        if bad.any():
            xn[bad] = 0.5 * (loa[bad] + hia[bad])
        x[act] = xn
        act = act[~(np.abs(xn - xa) < 1e-5)]
        if act.size == 0:
            break
    return x, tmin, d2min, act
