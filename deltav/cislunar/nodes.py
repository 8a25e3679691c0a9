"""Cislunar nodes: names, the leg record, and the geometry both models share (L-point positions).

Units: km, km/s, s. Rotating-frame quantities come from :mod:`deltav.core.cr3bp`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from deltav.core import cr3bp
from deltav.core.constants import EARTH_SMA_KM, GM_EARTH, GM_SUN, SIDEREAL_DAY_S
from deltav.errors import unknown_name

NODES = ("LEO", "GEO", "LLO", "EML1", "EML2", "EML3", "EML4", "EML5", "lunar-surface", "escape")
ESCAPE_STRATEGIES = ("direct-burn", "perigee-burn", "lunar-flyby", "lunar-flyby-perigee-burn")
MODELS = ("two-body", "cr3bp")
LPOINTS = ("EML1", "EML2", "EML3", "EML4", "EML5")

#: GEO radius, km: (GM_earth / omega_sidereal^2)^(1/3), sidereal day 86 164.0905 s (IERS).
GEO_RADIUS_KM = float((GM_EARTH * (SIDEREAL_DAY_S / (2 * np.pi)) ** 2) ** (1 / 3))
#: Earth's sphere of influence (Laplace, about the Sun), where ``escape`` legs end and v_inf is read.
SOI_KM = float(EARTH_SMA_KM * (GM_EARTH / GM_SUN) ** 0.4)  # Laplace, Curtis sec. 8.5
#: Rotating-frame rate (rad/s) and the Moon's speed about Earth (km/s), consistent with the CR3BP.
N_RAD_S = 1.0 / cr3bp.TIME_S
V_MOON_KM_S = cr3bp.VELOCITY_KM_S
D_MOON_KM = cr3bp.LENGTH_KM

_ALIASES = {n.lower(): n for n in NODES} | {f"l{i}": f"EML{i}" for i in range(1, 6)} | {
    "surface": "lunar-surface", "moon": "lunar-surface", "c3": "escape"}


@dataclass(frozen=True)
class CislunarLeg:
    """One node-to-node transfer. Speeds km/s, time s."""

    origin: str
    target: str
    model: str  # "two-body" or "cr3bp"
    strategy: str | None  # escape strategy, None otherwise
    burns_km_s: tuple[float, ...]  # each impulsive burn, in flight order
    dv_km_s: float  # sum of burns
    tof_s: float
    v_inf_km_s: float | None  # for "escape": the Earth-relative v_inf actually reached
    two_body_dv_km_s: float | None  # the two-body estimate beside a cr3bp result
    notes: str  # one line: assumptions / how it was found
    #: CR3BP arcs ((state0, duration), ...) in nondimensional rotating coordinates, flight order;
    #: empty for two-body legs. Use :func:`trajectory` to get them in km.
    arcs: tuple = field(default=(), repr=False, compare=False)
    mirrored: bool = field(default=False, repr=False, compare=False)  # arcs are of the mirror-image leg


def lagrange_points(system: str = "earth-moon"):
    """Positions of L1–L5 in the Earth-centred rotating frame (x towards the Moon), km.

    Returns
    -------
    astropy Quantity, shape (5, 3), km; rows L1..L5 (L4 leads the Moon, +y).

    Examples
    --------
    >>> import deltav
    >>> L = deltav.lagrange_points()
    >>> round(L[0, 0].value), round(L[1, 0].value)
    (326381, 448915)
    """
    if str(system).lower().replace("_", "-") not in ("earth-moon", "earthmoon", "em"):
        raise unknown_name("three-body system", system, ["earth-moon"])
    from deltav._quantity import KM, quantity

    pts = cr3bp.lagrange_points() - cr3bp.primary_position("earth")
    return quantity(pts * cr3bp.LENGTH_KM, KM)


def node(name: str) -> str:
    """Canonical node name (case-insensitive; ``L1``..``L5`` accepted), or an InputError."""
    key = str(name).strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    raise unknown_name("cislunar node", name, NODES)


def lpoint_km(name):
    """(distance from Earth, distance from Moon), km, of an L-point."""
    p = cr3bp.lagrange_points()[int(name[-1]) - 1]
    return (float(np.linalg.norm(p - cr3bp.primary_position("earth")) * D_MOON_KM),
            float(np.linalg.norm(p - cr3bp.primary_position("moon")) * D_MOON_KM))


def as_float(x, name):
    """A length/speed given as float (in the unit of the parameter name) or astropy Quantity."""
    if hasattr(x, "unit"):
        from deltav._quantity import KM, KM_S, value

        return float(value(x, KM_S if name.endswith("km_s") else KM, name))
    return float(x)


_VU, _TU, _LU = cr3bp.VELOCITY_KM_S, cr3bp.TIME_S, cr3bp.LENGTH_KM


def lpoint_nd(name):
    """Nondimensional rotating-frame position of an L-point, shape (3,)."""
    return cr3bp.lagrange_points()[int(name[-1]) - 1]


#: Nondimensional tolerances: searches run loose, the reported trajectory is re-propagated tight.
_SEARCH_RTOL, _CHECK_RTOL = 1e-8, 1e-11
#: C3 = 0 is approached, not reached: a parabolic arc needs unbounded time to get anywhere, so the
#: CR3BP escape legs aim at v_inf >= this floor (km/s) and report what they reached.
VINF_FLOOR_KM_S = 0.05
