"""The Beacon claims of the seed file: judged from a shipped scenario by :mod:`deltav.claims.beacon`."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from deltav.claims.checks.registry import Finding, Nothing, Pending, check
from deltav.errors import DeltavError
from deltav.inputs import Strict
from deltav.resources import scenarios_dir


def _scenario_name(v: Any) -> str:
    """``scenarios/NAME.yaml`` (or ``NAME.yaml``): a shipped scenario, never a path elsewhere."""
    m = re.fullmatch(r"(?:scenarios/)?([A-Za-z0-9][A-Za-z0-9_.-]*\.ya?ml)", v) if isinstance(v, str) else None
    if m is None or ".." in m.group(1):
        raise PydanticCustomError("deltav", "{problem}", {
            "problem": f"{v!r} is not a shipped scenario", "expected": "scenarios/NAME.yaml, a file of scenarios/"})
    return m.group(1)


class BeaconInputs(Strict):
    scenario: Annotated[str, BeforeValidator(_scenario_name)]


@lru_cache(maxsize=4)
def _beacon_claims(name: str) -> dict:
    from deltav import mission, scenario
    from deltav.claims.beacon import judge

    path = scenarios_dir() / name
    if not path.is_file():
        raise Pending(f"scenario scenarios/{name} is not there")
    try:
        return {c.id: c for c in judge(mission.evaluate(scenario.load(path)))}
    except DeltavError as exc:  # a bad or infeasible scenario: undetermined, with the reason
        raise Pending(f"evaluating scenarios/{name} failed: {exc}") from None


def beacon_claim(claim_id: str, inputs: BeaconInputs) -> Finding:
    claims = _beacon_claims(inputs.scenario)
    if claim_id not in claims:
        raise Pending(f"scenarios/{inputs.scenario} produced no result for '{claim_id}'")
    c = claims[claim_id]
    return Finding({}, c.summary, dict(c.numbers), list(c.sources), result=c)


@check("beacon", Nothing, BeaconInputs)
def beacon(states: Nothing, inputs: BeaconInputs) -> Finding:  # pragma: no cover - dispatched with the id
    raise TypeError("the beacon check needs the claim id; deltav.claims calls beacon_claim(id, inputs)")
