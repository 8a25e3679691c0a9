"""Bounds of every scenario key, as field types: physical limits (a LEO is below 2,000 km) and limits that
keep a run finite and readable. docs/scenarios.md lists them (a test checks the two agree); a value
outside them is a ``FILE:LINE: key: ...`` error.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from deltav.inputs.document import short
from deltav.inputs.fields import EPHEMERIS_FIRST, EPHEMERIS_LAST, bounded_text, fail, integer, quantity_parser

MAX_LEO_ALTITUDE_KM = 2_000.0  # the parking orbit is a LEO: every cislunar leg starts from it
MAX_APOGEE_ALTITUDE_KM = 300_000.0  # an elliptic parking orbit stays inside the Moon's orbit
MAX_MASS_KG = 1e7  # 10,000 t: twice the heaviest rocket ever stacked
MIN_ISP_S, MAX_ISP_S = 50.0, 20_000.0  # cold gas to gridded-ion engines
MAX_VINF_KM_S = 20.0  # hyperbolic excess speed; the fastest probes left Earth at about 16 km/s
MAX_DV_KM_S = 50.0  # a single burn given by the user
MAX_LOITER_S = 3650 * 86400.0  # ten years waiting at a depot
MAX_BOILOFF_PER_DAY = 0.5
MIN_BOILOFF_REMAINING = 0.01  # boil-off over the loiter must leave at least 1 % of the propellant
#: Launch sites (geodetic latitude, deg north) whose latitude is the parking orbit's default inclination.
#: Sources: Cape Canaveral SLC-40 28.56 N (45th Space Wing / NASA KSC fact sheet); Baikonur Site 1 45.92 N,
#: quoted 45.6 N for the cosmodrome (Roscosmos / Zak, RussianSpaceWeb); Kourou ELA 5.2 N (Arianespace, Ariane 5
#: User's Manual, issue 5, sec. 2.2); Wenchang 19.6 N (CNSA); Vandenberg SLC-4E 34.6 N, 34.7 N for the base
#: (USAF 30th Space Wing fact sheet).
LAUNCH_SITES = {"cape-canaveral": 28.5, "baikonur": 45.6, "kourou": 5.2, "wenchang": 19.6, "vandenberg": 34.7}
MAX_COST_PER_KG = 1e9  # USD
MAX_THRUST_N = 1e8  # 100 MN: three times a Saturn V's first stage
MAX_CAPTURE_PERIOD_S = 3650 * 86400.0  # the sphere-of-influence check bounds it far below this for Mars
#: A Martian solar day, s: 24 h 39 min 35.244 s (Allison and McEwen, Planet. Space Sci. 48, 215, 2000).
SOL_S = 88775.244
MAX_NAME_CHARS, MAX_TITLE_CHARS, MAX_DESCRIPTION_CHARS, MAX_ARCH_NAME_CHARS = 64, 200, 5_000, 100
MAX_ARCHITECTURES, MAX_LEGS, MAX_WINDOWS = 20, 50, 10
WINDOW_TOF_FACTOR = 1.7  # a window's flights last up to 1.7 Hohmann times (deltav.launch_windows.best_window)


def _folder_name(v: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", v):
        raise fail(f"{short(v)} is not a usable scenario name",
                   "letters, digits, '-', '_' or '.' (it names the plots folder)")
    return v


Altitude = Annotated[float, quantity_parser("km", "300 km", inclusive=True)]
LeoAltitude = Annotated[float, quantity_parser("km", "300 km", inclusive=True, maximum=MAX_LEO_ALTITUDE_KM,
                                               why="the parking orbit is a low Earth orbit")]
ApogeeAltitude = Annotated[float, quantity_parser("km", "35786 km", inclusive=True, maximum=MAX_APOGEE_ALTITUDE_KM,
                                                  why="an Earth orbit inside the Moon's")]
Mass = Annotated[float, quantity_parser("kg", "16.8 t", maximum=MAX_MASS_KG, shown_max="10,000 t")]
MassOrZero = Annotated[float, quantity_parser("kg", "10 t", inclusive=True, maximum=MAX_MASS_KG, shown_max="10,000 t")]
Isp = Annotated[float, quantity_parser("s", "380 s", minimum=MIN_ISP_S, inclusive=True, maximum=MAX_ISP_S)]
Vinf = Annotated[float, quantity_parser("km/s", "2.9 km/s", inclusive=True, maximum=MAX_VINF_KM_S)]
BurnDv = Annotated[float, quantity_parser("km/s", "3.2 km/s", inclusive=True, maximum=MAX_DV_KM_S)]
Loiter = Annotated[float, quantity_parser("s", "30 d", inclusive=True, maximum=MAX_LOITER_S, shown_max="3,650 d")]
Rate = Annotated[float, quantity_parser("1/d", "0.1 %/d", inclusive=True, maximum=MAX_BOILOFF_PER_DAY,
                                        shown_max="50 %/d")]
Inclination = Annotated[float, quantity_parser("deg", "28.5 deg", inclusive=True, maximum=180.0,
                                               why="an inclination is at most 180 deg")]
Thrust = Annotated[float, quantity_parser("N", "110 kN", maximum=MAX_THRUST_N, shown_max="100 MN")]


def _sols(v):
    """``"1 sol"`` (a Martian day) as seconds for the duration parser; any other value unchanged."""
    m = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*sols?\s*", v) if isinstance(v, str) else None
    return f"{float(m.group(1)) * SOL_S!r} s" if m else v


# Before-validators run last-first: "sol" is turned into seconds, then parsed as a duration.
Period = Annotated[float, quantity_parser("s", "1 sol", maximum=MAX_CAPTURE_PERIOD_S, shown_max="3,650 d"),
                   BeforeValidator(_sols)]
Year = Annotated[int, integer(EPHEMERIS_FIRST.year, EPHEMERIS_LAST.year, 2026)]
Name = Annotated[str, bounded_text(MAX_ARCH_NAME_CHARS, "a name")]
VehicleId = Annotated[str, bounded_text(100, "a vehicle id")]
ScenarioName = Annotated[str, bounded_text(MAX_NAME_CHARS, "a name"), AfterValidator(_folder_name)]
Title = Annotated[str, bounded_text(MAX_TITLE_CHARS, "a title")]
Description = Annotated[str, bounded_text(MAX_DESCRIPTION_CHARS, "text")]
LaunchCount = Annotated[int, integer(1, 100, 2)]


def capture_apoapsis_radius(mu, r_p, period):
    """Apoapsis radius (km) of the orbit of ``period`` (s) and periapsis radius ``r_p`` (km): 2a - r_p with
    a = (mu T^2 / 4 pi^2)^(1/3) (Kepler's third law, Curtis eq. 2.83). Arrays broadcast."""
    import numpy as np  # here, not at the top: a rejected file should answer before numpy is imported

    a = np.cbrt(mu * (np.asarray(period, float) / (2 * np.pi)) ** 2)
    return 2 * a - r_p


def site_inclination(site: str | None, inclination: float | None) -> float | None:
    """The parking orbit's inclination from ``site`` (deg): its latitude unless given; a site reaches latitude
    to 180 deg - latitude without a dog-leg (cos i = cos(latitude) sin(azimuth), spherical trigonometry)."""
    if site is None:
        return inclination
    lat = LAUNCH_SITES[site]
    if inclination is None:
        return lat
    if not lat - 1e-9 <= inclination <= 180.0 - lat + 1e-9:
        raise fail(f"a launch from {site} (latitude {lat:g} deg) cannot reach an inclination of {inclination:g} deg "
                   "without a dog-leg", f"{lat:g} to {180 - lat:g} deg")
    return inclination


def period_problem(planet, periapsis_altitude: float, period: float) -> tuple[str, str] | None:
    """Why a capture orbit of ``period`` (s) and this periapsis is not one (too short, or leaving the sphere of
    influence of ``planet``, a :class:`deltav.bodies.Body`), as (problem, expected); None if it is one."""
    if period is None:
        return None
    r_p, soi_alt = planet.radius_km + periapsis_altitude, planet.soi_km - planet.radius_km
    h_a = capture_apoapsis_radius(planet.gm, r_p, period) - planet.radius_km
    if periapsis_altitude <= h_a < soi_alt:
        return None
    t_min, t_max = (2 * math.pi * math.sqrt((0.5 * (r_p + h + planet.radius_km))**3 / planet.gm) / 3600
                    for h in (periapsis_altitude, soi_alt))
    return (f"a {period / 3600:,.2f} h orbit with this periapsis is not a capture orbit inside {planet.name}'s sphere "
            f"of influence", f"a period from {t_min:,.2f} h to {t_max:,.1f} h")


def last_window_year(hohmann_days: float) -> int:
    """The last year whose launch window's flights (up to :data:`WINDOW_TOF_FACTOR` Hohmann times, plus
    the search's margin) still arrive inside the ephemeris."""
    return (EPHEMERIS_LAST - dt.timedelta(days=WINDOW_TOF_FACTOR * hohmann_days + 5.0)).year - 1
