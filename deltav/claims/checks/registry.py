"""The registry of claim checks and what they share: findings, field types, display rounding.

A check never decides a verdict string. It returns a :class:`Finding` whose ``parts`` map each
testable piece of the claim to True/False (or None when it cannot be tested); the ledger
(:mod:`deltav.claims.ledger`) turns parts into a verdict the same way for every claim. Each check
declares two pydantic models: what the claim *states* (quantities with units, from the seed)
and the check's *inputs* (vehicle ids, dates, assumptions with their sources).

A check that cannot run (a transfer that fails, a scenario that does not evaluate) raises
:class:`Pending`; the claim is then undetermined, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

import numpy as np
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from deltav import vehicles
from deltav.errors import did_you_mean
from deltav.inputs import Strict

class Pending(Exception):
    """A check cannot run yet (a dependency is missing); the message says why."""


@dataclass
class Finding:
    """What a check found: ``parts`` (sub-claim -> True/False/None) and the numbers behind them."""

    parts: dict[str, bool | None]
    summary: str
    numbers: dict = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    result: Any = None  # a ready ClaimResult (Beacon claims come from the scenario evaluation)


@dataclass(frozen=True)
class Check:
    func: Callable
    states: type
    inputs: type


CHECKS: dict[str, Check] = {}


def check(name: str, states: type, inputs: type):
    """Register ``func(states, inputs) -> Finding`` as the check called ``name``."""
    def deco(func):
        CHECKS[name] = Check(func, states, inputs)
        return func
    return deco


def _vehicle_id(v: Any) -> str:
    if not isinstance(v, str) or v.strip().lower() not in vehicles.ALL:
        raise PydanticCustomError("deltav", "{problem}", {
            "problem": f"unknown launch vehicle {v!r}{did_you_mean(v, vehicles.ALL)}",
            "expected": "an id of `deltav vehicles`"})
    return v.strip().lower()


VehicleId = Annotated[str, BeforeValidator(_vehicle_id)]
Force = vehicles.Force


class Nothing(Strict):
    """A claim that states no quantity / a check without inputs."""


def g4(x: float) -> float:
    """Round for display in ``numbers`` (4 significant digits), keeping floats JSON-friendly."""
    return float(f"{x:.4g}") if x is not None and np.isfinite(x) else None


