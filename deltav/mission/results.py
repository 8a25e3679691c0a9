"""What evaluating a scenario returns: legs, architectures, the heliocentric leg and the whole result.

Dataclasses of numbers in kg, km/s and s; totals are derived properties, never stored twice. The
engine fills them with numpy arrays that broadcast over the cases of a sweep (:mod:`deltav.sweeps`);
:func:`deltav.evaluate` is the one-case run of the same code and returns plain floats (``scalar``),
so that JSON, reports and plots read the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np

from deltav.mission.supply import Supply

if TYPE_CHECKING:  # annotations only: unpickling a result (the drawing process) needs no pydantic
    from deltav.scenario import Scenario

DAY = 86400.0


@dataclass
class LegResult:
    """One event of an architecture, with its cost. Masses in kg, dv in km/s, time in s."""

    name: str
    kind: str  # "launch" | "burn" | "refuel"
    dv_km_s: float = 0.0
    propellant_kg: float = 0.0  # burnt (burn) or loaded (launch, refuel)
    tof_s: float = 0.0
    mass_after_kg: float = 0.0
    model: str = ""  # how the dv was found: "two-body", "cr3bp", "patched conic", "given"
    notes: str = ""
    two_body_dv_km_s: float | None = None
    cislunar: object = field(default=None, repr=False)  # the deltav.cislunar.CislunarLeg behind it, if any
    # With ferry.thrust, a departure from LEO integrated at constant thrust (reported, not budgeted).
    finite_burn_dv_km_s: float | None = None
    gravity_loss_km_s: float | None = None
    departs_leo: bool = field(default=False, repr=False)

    # Quantity views for notebooks (astropy imported on first use); the floats above stay for JSON.
    @property
    def dv(self):
        return _q(self.dv_km_s, "km/s")

    @property
    def propellant(self):
        return _q(self.propellant_kg, "kg")

    @property
    def mass_after(self):
        return _q(self.mass_after_kg, "kg")

    @property
    def tof(self):
        return _q(self.tof_s, "s")


@dataclass
class ArchitectureResult:
    """A whole architecture: legs, totals, launches, and whether it closes (and if not, why)."""

    name: str
    legs: list[LegResult]
    strategy: str | None = None
    depot: str | None = None  # node of the (first) refuel, None when never refuelled
    supplies: list[Supply] = field(default_factory=list)
    launches: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    #: Engine form of ``failures``: (where it fails: bool array, message for one case). :func:`scalar` turns
    #: the ones that hold into ``failures``.
    failing: list[tuple[np.ndarray, Callable[[], str]]] = field(default_factory=list, repr=False)
    ferry_launch_kg: float = 0.0
    ferry_launch_count: int = 0
    tanker_dry_kg: float = 0.0  # dry mass of each Earth tanker (what a tanker flight does not burn or deliver)

    @property
    def burns(self) -> list[LegResult]:
        return [leg for leg in self.legs if leg.kind == "burn"]

    @property
    def total_dv_km_s(self) -> float:
        return sum((leg.dv_km_s for leg in self.burns), 0.0)

    @property
    def ferry_propellant_kg(self) -> float:
        return sum((leg.propellant_kg for leg in self.burns), 0.0)

    @property
    def depot_propellant_kg(self) -> float:
        return sum((s.delivered_kg for s in self.supplies), 0.0)

    @property
    def imleo_kg(self) -> float:
        """Initial mass in LEO: the ferry as launched, Earth tankers, and lunar propellant delivered to LEO."""
        lunar_in_leo = sum(s.delivered_kg for s in self.supplies if s.source == "moon" and s.node == "LEO")
        return self.ferry_launch_kg + sum(s.earth_launched_kg for s in self.supplies) + lunar_in_leo

    @property
    def earth_launched_kg(self) -> float:
        """Mass launched from Earth's surface to LEO: the ferry and every Earth tanker."""
        return self.ferry_launch_kg + sum(s.earth_launched_kg for s in self.supplies)

    @property
    def propellant_by_source_kg(self) -> dict[str, float]:
        out = {"launched with the ferry": self.legs[0].propellant_kg if self.legs and self.legs[0].kind == "launch"
               else 0.0}
        for s in self.supplies:
            key = "Earth tankers" if s.source == "earth" else "lunar surface"
            out[key] = out.get(key, 0.0) + s.delivered_kg
        return out

    @property
    def tof_days(self) -> float:
        return sum(leg.tof_s for leg in self.legs) / DAY

    @property
    def total_dv(self):
        """Quantity view of :attr:`total_dv_km_s`."""
        return _q(self.total_dv_km_s, "km/s")

    @property
    def earth_launched(self):
        return _q(self.earth_launched_kg, "kg")

    @property
    def imleo(self):
        return _q(self.imleo_kg, "kg")

    @property
    def ferry_propellant(self):
        return _q(self.ferry_propellant_kg, "kg")

    @property
    def depot_propellant(self):
        return _q(self.depot_propellant_kg, "kg")

    @property
    def closes(self) -> bool:
        if not self.failing:
            return not self.failures
        fails = np.zeros((), bool)
        for mask, _ in self.failing:
            fails = fails | np.asarray(mask, bool)
        return ~fails


@dataclass
class Heliocentric:
    """The interplanetary leg shared by all architectures."""

    method: str
    v_inf_departure_km_s: float
    v_inf_arrival_km_s: float
    tof_s: float
    depart: str | None = None
    arrive: str | None = None
    notes: str = ""
    depart_jd: float | None = None  # TDB, dated transfers only
    v_inf_departure_vec: tuple | None = None  # km/s, heliocentric ecliptic J2000, dated transfers only

    @property
    def c3_km2_s2(self) -> float:
        return self.v_inf_departure_km_s ** 2


@dataclass
class MissionResult:
    scenario: Scenario
    heliocentric: Heliocentric
    architectures: list[ArchitectureResult]
    breakeven: dict = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    # The ferry's launcher as plain values {"id", "name", "leo_kg", "source"}: plain so that drawing
    # workers can unpickle a result without loading the vehicle catalogue.
    launcher: dict = field(default_factory=dict)

    def to_dataframe(self, what: str = "architectures"):
        """A pandas DataFrame: one row per architecture (``"architectures"``) or per leg (``"legs"``).

        Columns keep the unit in their names (``total_dv_km_s``, ``earth_launched_kg``, ``tof_days``).
        """
        import pandas as pd

        if what == "legs":
            return pd.DataFrame([{"architecture": a.name, "leg": leg.name, "kind": leg.kind, "dv_km_s": leg.dv_km_s,
                                  "propellant_kg": leg.propellant_kg, "mass_after_kg": leg.mass_after_kg,
                                  "tof_days": leg.tof_s / DAY, "model": leg.model,
                                  "two_body_dv_km_s": leg.two_body_dv_km_s}
                                 for a in self.architectures for leg in a.legs])
        if what != "architectures":
            raise ValueError(f"what must be 'architectures' or 'legs', not {what!r}")
        return pd.DataFrame([{"architecture": a.name, "depot": a.depot, "strategy": a.strategy,
                              "total_dv_km_s": a.total_dv_km_s, "earth_launched_kg": a.earth_launched_kg,
                              "imleo_kg": a.imleo_kg, "ferry_launch_kg": a.ferry_launch_kg,
                              "ferry_propellant_kg": a.ferry_propellant_kg, "depot_propellant_kg": a.depot_propellant_kg,
                              "launches": sum(a.launches.values()), "tof_days": a.tof_days, "closes": a.closes}
                             for a in self.architectures]).set_index("architecture")


def _q(x, unit: str):
    from astropy import units as u

    return np.asarray(x, float) * u.Unit(unit)


def _plain(x):
    """A 0-d array or numpy scalar as a Python float/int/bool; anything else unchanged."""
    if isinstance(x, np.ndarray) and x.ndim == 0 or isinstance(x, np.generic):
        return x.item()
    return x


def scalar(arch: ArchitectureResult) -> ArchitectureResult:
    """The one-case form of an engine result, in place: plain numbers, failure messages as text."""
    for leg in arch.legs:
        for f in fields(leg):
            setattr(leg, f.name, _plain(getattr(leg, f.name)))
    for s in arch.supplies:
        for f in fields(s):
            setattr(s, f.name, _plain(getattr(s, f.name)))
        s.trips = int(s.trips) if np.isfinite(s.trips) else 0  # no tanker can deliver: a failure, not a count
    arch.launches = {k: int(v) for k, v in arch.launches.items()}
    arch.ferry_launch_kg = float(arch.ferry_launch_kg)
    arch.tanker_dry_kg = float(arch.tanker_dry_kg)
    arch.failures = arch.failures + [msg() for mask, msg in arch.failing if bool(mask)]
    arch.failing = []
    return arch
