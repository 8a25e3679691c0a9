"""Plain-float constants of the solar-system bodies, in deltav's core units (km, km^3/s^2, days).

The one table of body constants: :mod:`deltav.bodies` wraps these floats with names, sources and
astropy Quantity views; the core and the mission engine read them here, unit-free.

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
"""

#: Astronomical unit, km (IAU 2012 Resolution B2, exact).
AU_KM = 149597870.7
#: Seconds per day.
DAY_S = 86400.0
#: Sidereal day, s (IERS).
SIDEREAL_DAY_S = 86164.0905

#: name: (GM km^3/s^2 [DE440], equatorial radius km [IAU], mean radius km, semimajor axis km [NSSDCA],
#: sidereal period d [NSSDCA], parent)
BODIES = {
    "sun": (132712440041.279419, 695700.0, 695700.0, None, None, None),
    "mercury": (22031.868551, 2440.53, 2439.4, 57.909e6, 87.969, "sun"),
    "venus": (324858.592000, 6051.8, 6051.8, 108.209e6, 224.701, "sun"),
    "earth": (398600.435507, 6378.1366, 6371.0084, 149.598e6, 365.256, "sun"),
    "moon": (4902.800118, 1737.4, 1737.4, 384400.0, 27.3217, "earth"),
    "mars": (42828.375816, 3396.19, 3389.50, 227.956e6, 686.980, "sun"),
    "jupiter": (126712764.100000, 71492.0, 69911.0, 778.479e6, 4332.589, "sun"),
    "saturn": (37940584.841800, 60268.0, 58232.0, 1432.041e6, 10759.22, "sun"),
    "uranus": (5794556.400000, 25559.0, 25362.0, 2867.043e6, 30685.4, "sun"),
    "neptune": (6836527.100580, 24764.0, 24622.0, 4514.953e6, 60189.0, "sun"),
}

GM_SUN, GM_EARTH, GM_MOON, GM_MARS = (BODIES[b][0] for b in ("sun", "earth", "moon", "mars"))
R_EARTH_KM, R_MOON_KM, R_MARS_KM = (BODIES[b][1] for b in ("earth", "moon", "mars"))
#: The Moon's mean distance from Earth, km (NSSDCA Moon Fact Sheet).
MOON_SMA_KM = BODIES["moon"][3]
#: Earth's mean distance from the Sun, km (NSSDCA).
EARTH_SMA_KM = BODIES["earth"][3]
