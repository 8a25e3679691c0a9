"""The rocket equation and mass budgets: Tsiolkovsky both ways, burn sequences, stages, boil-off.

Masses in kg, delta-v in km/s, specific impulse in s (effective exhaust speed ve = Isp g0).
Impossible elements (mass ratio < 1, non-positive masses or Isp, a stage that cannot give the
delta-v asked) come out as NaN so that sweeps keep their shape; the public layer turns NaN into
a clear :class:`deltav.errors.InfeasibleError`.

References
----------
.. [Curtis] H. D. Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed., 2014,
   sec. 11.3 (eq. 11.30) and 11.6 (multistage rockets).
"""

from __future__ import annotations

import numpy as np

from deltav.core import G0


def _ve(isp):
    isp = np.asarray(isp, float)
    return np.where(isp > 0, isp * G0, np.nan)


def delta_v(isp, m_initial, m_final):
    """Tsiolkovsky: Isp g0 ln(m_initial / m_final).

    Parameters
    ----------
    isp : array_like, s
    m_initial, m_final : array_like, kg

    Returns
    -------
    dv : ndarray, km/s; NaN where m_initial < m_final or a mass/Isp is not positive.

    Examples
    --------
    >>> round(float(delta_v(300.0, 2.0, 1.0)), 6)   # 300 s * 9.80665 m/s^2 * ln 2
    2.039236
    """
    m0, mf = np.asarray(m_initial, float), np.asarray(m_final, float)
    ok = (m0 >= mf) & (mf > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, _ve(isp) * np.log(np.where(ok, m0 / mf, 1.0)), np.nan)


def _log_ratio(dv, isp):
    """ln(m_initial / m_final) = dv / ve; NaN for dv < 0 or Isp <= 0."""
    dv = np.asarray(dv, float)
    return np.where(dv >= 0, dv / _ve(isp), np.nan)


def mass_ratio(dv, isp):
    """m_initial / m_final for a delta-v ``dv`` (km/s) at ``isp`` (s); NaN for dv < 0 or Isp <= 0."""
    with np.errstate(over="ignore"):  # absurd dv -> inf propellant, not a warning
        return np.exp(_log_ratio(dv, isp))


def _positive(m):
    m = np.asarray(m, float)
    return np.where(m > 0, m, np.nan)


def propellant_from_final(dv, isp, m_final):
    """Propellant (kg) to give ``dv`` ending at mass ``m_final``: m_f (e^(dv/ve) - 1)  [Curtis eq. 11.30].

    NaN where dv < 0, Isp <= 0 or m_final <= 0.

    Examples
    --------
    >>> round(float(propellant_from_final(300 * 9.80665e-3 * np.log(2.0), 300.0, 1000.0)), 6)   # m0/mf = 2
    1000.0
    """
    with np.errstate(over="ignore"):  # expm1: exact for tiny burns; absurd dv -> inf
        return _positive(m_final) * np.expm1(_log_ratio(dv, isp))


def propellant_from_initial(dv, isp, m_initial):
    """Propellant (kg) to give ``dv`` starting at mass ``m_initial``: m_0 (1 - e^(-dv/ve))  [Curtis eq. 11.30].

    NaN where dv < 0, Isp <= 0 or m_initial <= 0.
    """
    return -_positive(m_initial) * np.expm1(-_log_ratio(dv, isp))


def burn_sequence(dv, isp, m_final):
    """Propellant of each burn in a sequence that ends at ``m_final``, worked backwards.

    Parameters
    ----------
    dv : array_like, km/s, shape (..., n)
        Burns in flight order along the last axis.
    isp : array_like, s, broadcastable to (..., n)
    m_final : array_like, kg, broadcastable to (...)

    Returns
    -------
    propellant : ndarray, kg, shape (..., n)
        Propellant burnt by each burn.
    m_initial : ndarray, kg, shape (...)
        Mass before the first burn.
    """
    dv = np.asarray(dv, float)
    isp = np.broadcast_to(np.asarray(isp, float), np.broadcast_shapes(dv.shape, np.shape(isp)))
    dv = np.broadcast_to(dv, isp.shape)
    # mass before burn k = m_final * exp(sum_{j>=k} dv_j / ve_j): a reversed cumulative sum.
    log_ratio = _log_ratio(dv, isp)
    after = np.flip(np.cumsum(np.flip(log_ratio, -1), -1), -1)
    m_final = _positive(m_final)[..., None]
    with np.errstate(over="ignore"):
        before = m_final * np.exp(after)
        after_each = np.concatenate([before[..., 1:], m_final * np.ones_like(before[..., :1])], axis=-1)
        # propellant = mass after the burn * (e^(dv/ve) - 1); expm1 keeps tiny burns exact
        return after_each * np.expm1(log_ratio), before[..., 0]


def stage_delta_v(isp, m_dry, m_propellant, m_payload):
    """Delta-v (km/s) of one stage burning all ``m_propellant`` while carrying ``m_payload``."""
    m_dry, m_prop, m_pay = (np.asarray(x, float) for x in (m_dry, m_propellant, m_payload))
    return delta_v(isp, m_dry + m_prop + m_pay, m_dry + m_pay)


def stack_delta_v(isp, m_dry, m_propellant, m_payload):
    """Total delta-v (km/s) of a multistage stack, stage 1 (first to burn) at index 0 of the last axis.

    Each stage carries every stage above it plus the payload [Curtis sec. 11.6].
    ``isp``, ``m_dry``, ``m_propellant`` : shape (..., k); ``m_payload`` : shape (...).
    """
    m_dry, m_prop = np.broadcast_arrays(np.asarray(m_dry, float), np.asarray(m_propellant, float))
    stage_mass = m_dry + m_prop
    above = np.flip(np.cumsum(np.flip(stage_mass, -1), -1), -1) - stage_mass  # stages above each one
    carried = above + np.asarray(m_payload, float)[..., None]
    return np.sum(stage_delta_v(isp, m_dry, m_prop, carried), axis=-1)


def max_payload(dv, isp, m_dry, m_propellant):
    """Largest payload (kg) with which a stage still gives ``dv``; NaN where even zero payload cannot.

    From (m_dry + m_prop + p) / (m_dry + p) = R:  p = (m_dry + m_prop - R m_dry) / (R - 1).
    """
    R = mass_ratio(dv, isp)
    m_dry, m_prop = np.asarray(m_dry, float), np.asarray(m_propellant, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (m_dry + m_prop - R * m_dry) / (R - 1.0)
    return np.where(p >= 0, p, np.nan)


def boiloff_remaining(m_propellant, rate_per_day, days):
    """Propellant left (kg) after ``days`` losing the fraction ``rate_per_day`` each day (compounded)."""
    rate = np.asarray(rate_per_day, float)
    return np.asarray(m_propellant, float) * np.where((rate >= 0) & (rate < 1), (1.0 - rate) ** np.asarray(days, float),
                                                      np.nan)
