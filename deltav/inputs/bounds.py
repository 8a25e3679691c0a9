"""Bounds of every scenario key, as field types: physical limits (a LEO is below 2,000 km) and limits that
keep a run finite and readable. docs/scenarios.md lists them (a test checks the two agree); a value
outside them is a ``FILE:LINE: key: ...`` error.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator

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
MAX_COST_PER_KG = 1e9  # USD
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
Year = Annotated[int, integer(EPHEMERIS_FIRST.year, EPHEMERIS_LAST.year, 2026)]
Name = Annotated[str, bounded_text(MAX_ARCH_NAME_CHARS, "a name")]
VehicleId = Annotated[str, bounded_text(100, "a vehicle id")]
ScenarioName = Annotated[str, bounded_text(MAX_NAME_CHARS, "a name"), AfterValidator(_folder_name)]
Title = Annotated[str, bounded_text(MAX_TITLE_CHARS, "a title")]
Description = Annotated[str, bounded_text(MAX_DESCRIPTION_CHARS, "text")]
LaunchCount = Annotated[int, integer(1, 100, 2)]


def last_window_year(hohmann_days: float) -> int:
    """The last year whose launch window's flights (up to :data:`WINDOW_TOF_FACTOR` Hohmann times, plus
    the search's margin) still arrive inside the ephemeris."""
    return (EPHEMERIS_LAST - dt.timedelta(days=WINDOW_TOF_FACTOR * hohmann_days + 5.0)).year - 1
