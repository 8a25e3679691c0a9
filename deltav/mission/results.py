"""What evaluating a scenario returns: legs, architectures, the heliocentric leg and the whole result.

Plain dataclasses of floats in kg, km/s and s (so that JSON, reports and plots read the same
numbers); totals are derived properties, never stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deltav.mission.supply import Supply
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
    ferry_launch_kg: float = 0.0
    ferry_launch_count: int = 0
    tanker_dry_kg: float = 0.0  # dry mass of each Earth tanker (what a tanker flight does not burn or deliver)

    @property
    def burns(self) -> list[LegResult]:
        return [leg for leg in self.legs if leg.kind == "burn"]

    @property
    def total_dv_km_s(self) -> float:
        return float(sum(leg.dv_km_s for leg in self.burns))

    @property
    def ferry_propellant_kg(self) -> float:
        return float(sum(leg.propellant_kg for leg in self.burns))

    @property
    def depot_propellant_kg(self) -> float:
        return float(sum(s.delivered_kg for s in self.supplies))

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
    def closes(self) -> bool:
        return not self.failures


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
