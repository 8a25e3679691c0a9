"""Solar-system bodies: gravitational parameters, radii and mean orbits, each with its source.

Sources
-------
GM
    R. S. Park, W. M. Folkner, J. G. Williams, D. H. Boggs, "The JPL Planetary and Lunar
    Ephemerides DE440 and DE441", *Astron. J.* 161:105 (2021), Table 8 (km^3/s^2). Planets
    beyond Mars are system values (planet plus moons), as a heliocentric transfer sees them.
Radii
    B. A. Archinal et al., "Report of the IAU Working Group on Cartographic Coordinates and
    Rotational Elements: 2015", *Celest. Mech. Dyn. Astr.* 130:22 (2018), Table 1 (km);
    Sun: IAU 2015 Resolution B3 nominal solar radius.
Orbits
    D. R. Williams, NASA NSSDCA Planetary Fact Sheet and Moon Fact Sheet (semimajor axis,
    sidereal orbit period), consulted 2024.

Floats (``gm``, ``radius_km`` ...) are in deltav's core units; properties (``mu``, ``R`` ...)
return astropy Quantities for notebooks.
"""

from __future__ import annotations

from dataclasses import dataclass

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


#                 name        GM (DE440)          R_eq (IAU)  R_mean     a (km, NSSDCA)  P (d, NSSDCA)
SUN = Body("Sun", 132712440041.279419, 695700.0, 695700.0)
MERCURY = Body("Mercury", 22031.868551, 2440.53, 2439.4, 57.909e6, 87.969, "Sun")
VENUS = Body("Venus", 324858.592000, 6051.8, 6051.8, 108.209e6, 224.701, "Sun")
EARTH = Body("Earth", 398600.435507, 6378.1366, 6371.0084, 149.598e6, 365.256, "Sun")
MOON = Body("Moon", 4902.800118, 1737.4, 1737.4, 384400.0, 27.3217, "Earth")
MARS = Body("Mars", 42828.375816, 3396.19, 3389.50, 227.956e6, 686.980, "Sun")
JUPITER = Body("Jupiter", 126712764.100000, 71492.0, 69911.0, 778.479e6, 4332.589, "Sun")
SATURN = Body("Saturn", 37940584.841800, 60268.0, 58232.0, 1432.041e6, 10759.22, "Sun")
URANUS = Body("Uranus", 5794556.400000, 25559.0, 25362.0, 2867.043e6, 30685.4, "Sun")
NEPTUNE = Body("Neptune", 6836527.100580, 24764.0, 24622.0, 4514.953e6, 60189.0, "Sun")

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
