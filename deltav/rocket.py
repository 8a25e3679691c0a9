"""Units-aware rocket equation for notebooks (Tsiolkovsky both ways).

Impossible requests raise :class:`deltav.errors.InfeasibleError` saying which element and why.
"""

from __future__ import annotations

import numpy as np
from astropy import units as u

from deltav._quantity import KG, KM_S, quantity, value
from deltav.core import rocket as core
from deltav.errors import InfeasibleError


def _check(result, what: str):
    bad = np.isnan(result)
    if np.any(bad):
        where = "" if np.ndim(result) == 0 else f" at index {tuple(int(i) for i in np.argwhere(bad)[0])}"
        raise InfeasibleError(f"{what}{where}")
    return result


def delta_v(isp, m_initial, m_final) -> u.Quantity:
    """Delta-v from specific impulse and initial/final masses: Isp g0 ln(m_initial / m_final).

    Examples
    --------
    >>> import astropy.units as u, deltav
    >>> print(f"{deltav.delta_v(300 * u.s, 2 * u.t, 1 * u.t):.4f}")
    2.0392 km / s
    """
    isp_s = value(isp, u.s, "isp")
    dv = core.delta_v(isp_s, value(m_initial, KG, "m_initial"), value(m_final, KG, "m_final"))
    return quantity(_check(dv, "impossible mass ratio: need m_initial >= m_final > 0 and isp > 0"), KM_S)


def propellant_mass(dv, isp, m_final=None, *, m_initial=None) -> u.Quantity:
    """Propellant needed for ``dv`` at ``isp``, given the final (dry + payload) or the initial mass.

    Examples
    --------
    >>> import astropy.units as u, deltav
    >>> print(f"{deltav.propellant_mass(2.0392 * u.km / u.s, 300 * u.s, 1 * u.t).to(u.t):.3f}")
    1.000 t
    """
    if (m_final is None) == (m_initial is None):
        raise TypeError("give exactly one of m_final or m_initial")
    dv_, isp_ = value(dv, KM_S, "dv"), value(isp, u.s, "isp")
    if m_final is not None:
        m = core.propellant_from_final(dv_, isp_, value(m_final, KG, "m_final"))
    else:
        m = core.propellant_from_initial(dv_, isp_, value(m_initial, KG, "m_initial"))
    return quantity(_check(m, "impossible burn: need dv >= 0, isp > 0 and a positive mass"), KG)
