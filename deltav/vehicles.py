"""Launch vehicles and their stages, each published figure with its source and date.

The catalogue lives in ``deltav/data/launch_vehicles.yaml`` and is validated on import (a bad
entry is a located :class:`deltav.errors.InputError`, ``FILE:LINE: key.path: ...``). Every figure
there is ``{value, source}``; ``value: null`` means the figure is not published, and the source
string says so. Scenarios and claim checks refer to vehicles by id (``deltav vehicles`` lists them).

Floats are in core units (kg, s, kN); tonnes-force are kN / 9.80665.

>>> from deltav import vehicles
>>> vehicles.get("falcon-heavy-expendable").payload_kg["TMI"]
16800.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from deltav.errors import unknown_name
from deltav.inputs import Isp, Mass, Strict, load_yaml, validate

DATA = Path(__file__).parent / "data" / "launch_vehicles.yaml"
DESTINATIONS = ("LEO", "GTO", "TLI", "TMI")
STATUSES = ("operational", "retired", "planned", "in development")
G0_KN_PER_TF = 9.80665  # 1 tonne-force = 1000 kg x standard gravity (CGPM 1901)


@dataclass(frozen=True)
class Stage:
    """One stage (or in-space vehicle) of a launcher; None where the figure is unpublished."""

    name: str
    dry_kg: float | None = None
    propellant_kg: float | None = None
    isp_vac_s: float | None = None
    isp_sl_s: float | None = None
    thrust_vac_kN: float | None = None


@dataclass(frozen=True)
class LaunchVehicle:
    """A launch vehicle in one published configuration.

    ``payload_kg`` maps ``"LEO"``, ``"GTO"``, ``"TLI"``, ``"TMI"`` (Earth-Mars transfer) to kg or
    None; ``sources`` maps each field (``"liftoff_thrust_kN"``, ``"payload.LEO"``,
    ``"stages.ship.dry_kg"`` ...) to its citation.
    """

    id: str
    name: str
    status: str
    config_date: str
    liftoff_thrust_kN: float | None
    payload_kg: dict
    stages: tuple = ()
    sources: dict = field(default_factory=dict)

    @property
    def liftoff_thrust_tf(self) -> float | None:
        """Lift-off thrust in tonnes-force."""
        return None if self.liftoff_thrust_kN is None else self.liftoff_thrust_kN / G0_KN_PER_TF

    def stage(self, name: str) -> Stage:
        """The stage called ``name`` (e.g. ``"ship"``); InputError listing the stages otherwise."""
        for s in self.stages:
            if s.name == name:
                return s
        raise unknown_name(f"stage of {self.id}", name, [s.name for s in self.stages])

    def source(self, key: str) -> str:
        """Citation of one field, e.g. ``source("payload.TMI")``."""
        return self.sources.get(key, "no source recorded")


# --------------------------------------------------------------------------- validation models

_FORCE = re.compile(r"^\s*([-+0-9.eE]+)\s*(tf|kN|MN|N|lbf|klbf|Mlbf)\s*$")
_TO_KN = {"tf": G0_KN_PER_TF, "kN": 1.0, "MN": 1e3, "N": 1e-3, "lbf": 4.4482216152605e-3,
          "klbf": 4.4482216152605, "Mlbf": 4448.2216152605}


def _parse_force(v: Any) -> float:
    expected = 'a force such as "7607 kN", "74.4 MN", "7590 tf" or "7.5 Mlbf"'
    m = _FORCE.match(str(v)) if isinstance(v, str) else None
    if not m:
        raise PydanticCustomError("deltav", "{problem}", {"problem": f"cannot read {v!r} as a force",
                                                          "expected": expected})
    try:
        val = float(m.group(1)) * _TO_KN[m.group(2)]
    except ValueError:
        raise PydanticCustomError("deltav", "{problem}", {"problem": f"cannot read {v!r} as a force",
                                                          "expected": expected}) from None
    if val <= 0:
        raise PydanticCustomError("deltav", "{problem}", {"problem": f"{v!r} must be positive",
                                                          "expected": expected})
    return val


Force = Annotated[float, BeforeValidator(_parse_force)]  # kN


def _date_str(v: Any) -> str:
    s = str(v)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s):
        raise PydanticCustomError("deltav", "{problem}", {"problem": f"{v!r} is not a date",
                                                          "expected": 'a date such as "2023-04-20" or "2019-03"'})
    return s


class _Source(Strict):
    source: Annotated[str, BeforeValidator(lambda s: s if isinstance(s, str) and s.strip() else
                                           _raise_empty())]


def _raise_empty():
    raise PydanticCustomError("deltav", "{problem}", {"problem": "every figure needs a source",
                                                      "expected": "publisher, document/page, date"})


class _ForceFig(_Source):
    value: Force | None


class _MassFig(_Source):
    value: Mass | None


class _IspFig(_Source):
    value: Isp | None


class _Payload(Strict):
    LEO: _MassFig | None = None
    GTO: _MassFig | None = None
    TLI: _MassFig | None = None
    TMI: _MassFig | None = None


class _Stage(Strict):
    name: str
    dry_mass: _MassFig | None = None
    propellant_mass: _MassFig | None = None
    isp_vac: _IspFig | None = None
    isp_sl: _IspFig | None = None
    thrust_vac: _ForceFig | None = None


class _Vehicle(Strict):
    name: str
    status: Literal["operational", "retired", "planned", "in development"]
    config_date: Annotated[str, BeforeValidator(_date_str)]
    liftoff_thrust: _ForceFig
    payload: _Payload
    stages: list[_Stage] = []


class _Catalogue(Strict):
    aliases: dict[str, str] = {}
    vehicles: dict[str, _Vehicle]


_STAGE_FIELDS = {"dry_mass": "dry_kg", "propellant_mass": "propellant_kg", "isp_vac": "isp_vac_s",
                 "isp_sl": "isp_sl_s", "thrust_vac": "thrust_vac_kN"}


def load(path: str | Path = DATA) -> tuple[dict[str, LaunchVehicle], dict[str, str]]:
    """Read and validate a catalogue file: ``(vehicles by id, aliases)``.

    Raises :class:`deltav.errors.InputError` located at the offending line.
    """
    doc = load_yaml(path)
    cat = validate(doc, _Catalogue)
    out: dict[str, LaunchVehicle] = {}
    for vid, v in cat.vehicles.items():
        sources = {"liftoff_thrust_kN": v.liftoff_thrust.source}
        payload = {}
        for dest in DESTINATIONS:
            fig = getattr(v.payload, dest)
            payload[dest] = None if fig is None else fig.value
            sources[f"payload.{dest}"] = "not published (none found)" if fig is None else fig.source
        stages = []
        for s in v.stages:
            kw = {}
            for yaml_key, attr in _STAGE_FIELDS.items():
                fig = getattr(s, yaml_key)
                if fig is not None:
                    kw[attr] = fig.value
                    sources[f"stages.{s.name}.{attr}"] = fig.source
            stages.append(Stage(s.name, **kw))
        out[vid] = LaunchVehicle(vid, v.name, v.status, v.config_date, v.liftoff_thrust.value, payload,
                                 tuple(stages), sources)
    for alias, target in cat.aliases.items():
        if target not in out:
            raise doc.error(("aliases", alias), f"alias points to unknown vehicle '{target}'",
                            "one of " + ", ".join(sorted(out)))
        if alias in out:
            raise doc.error(("aliases", alias), f"alias '{alias}' is also a vehicle id", "a new name")
    return out, dict(cat.aliases)


VEHICLES, ALIASES = load()
#: Every id and alias -> vehicle (an alias maps to the same object as its target).
ALL: dict[str, LaunchVehicle] = {**VEHICLES, **{a: VEHICLES[t] for a, t in ALIASES.items()}}


def get(vehicle_id: str | LaunchVehicle) -> LaunchVehicle:
    """The vehicle with this id or alias; InputError with did-you-mean for unknown ids."""
    if isinstance(vehicle_id, LaunchVehicle):
        return vehicle_id
    try:
        return ALL[str(vehicle_id).strip().lower()]
    except KeyError:
        raise unknown_name("launch vehicle", vehicle_id, ALL) from None


def catalogue() -> list[LaunchVehicle]:
    """Each configuration once (aliases dropped), in file order."""
    return list(VEHICLES.values())


def as_json(v: LaunchVehicle) -> dict:
    """A plain dict for ``deltav vehicles --format json``."""
    return {"id": v.id, "name": v.name, "status": v.status, "config_date": v.config_date,
            "aliases": sorted(a for a, t in ALIASES.items() if t == v.id),
            "liftoff_thrust_kN": v.liftoff_thrust_kN, "liftoff_thrust_tf": v.liftoff_thrust_tf,
            "payload_kg": dict(v.payload_kg),
            "stages": [s.__dict__.copy() for s in v.stages], "sources": dict(v.sources)}
