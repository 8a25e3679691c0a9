"""Solar-system bodies: gravitational parameters, radii and mean orbits, each with its source.

Sources: see :mod:`deltav.core.constants`, which holds the numbers.

Floats (``gm``, ``radius_km`` ...) are in deltav's core units; properties (``mu``, ``R`` ...)
return astropy Quantities for notebooks.
"""

from __future__ import annotations

from dataclasses import dataclass

from deltav.core.constants import BODIES
from deltav.errors import unknown_name


@dataclass(frozen=True)
class Body:
    """A gravitating body. Floats in km, km^3/s^2, days; Quantity views as properties."""

    name: str
    gm: float  # km^3/s^2
    radius_km: float  # equatorial
    mean_radius_km: float
    sma_km: float | None = None  # semimajor axis of its orbit about `parent`
    period_days: float | None = None  # sidereal orbit period
    parent: str | None = None

    @property
    def soi_km(self) -> float | None:
        """Laplace sphere-of-influence radius a (m/M)^(2/5), km  [Curtis sec. 8.5]."""
        if self.parent is None or self.sma_km is None:
            return None
        return self.sma_km * (self.gm / get(self.parent).gm) ** 0.4

    # Quantity views (astropy imported lazily: ``import deltav`` stays fast).
    @property
    def mu(self):
        from deltav._quantity import MU, quantity
        return quantity(self.gm, MU)

    @property
    def R(self):
        from deltav._quantity import KM, quantity
        return quantity(self.radius_km, KM)

    @property
    def R_mean(self):
        from deltav._quantity import KM, quantity
        return quantity(self.mean_radius_km, KM)

    @property
    def a(self):
        from deltav._quantity import KM, quantity
        return None if self.sma_km is None else quantity(self.sma_km, KM)

    @property
    def period(self):
        from astropy import units as u
        return None if self.period_days is None else self.period_days * u.day

    @property
    def soi(self):
        from deltav._quantity import KM, quantity
        soi = self.soi_km
        return None if soi is None else quantity(soi, KM)

    def __repr__(self) -> str:
        return f"Body({self.name}, GM={self.gm:.6f} km^3/s^2, R={self.radius_km:g} km)"


def _body(key: str) -> Body:
    gm, r_eq, r_mean, sma, period, parent = BODIES[key]
    return Body(key.title(), gm, r_eq, r_mean, sma, period, parent.title() if parent else None)


SUN, MERCURY, VENUS, EARTH, MOON, MARS, JUPITER, SATURN, URANUS, NEPTUNE = (_body(k) for k in BODIES)

ALL: dict[str, Body] = {b.name.lower(): b for b in
                        (SUN, MERCURY, VENUS, EARTH, MOON, MARS, JUPITER, SATURN, URANUS, NEPTUNE)}


def get(name: str | Body) -> Body:
    """Look a body up by name, case-insensitively; unknown names raise a did-you-mean InputError."""
    if isinstance(name, Body):
        return name
    try:
        return ALL[str(name).strip().lower()]
    except KeyError:
        raise unknown_name("body", name, [b.name for b in ALL.values()]) from None
