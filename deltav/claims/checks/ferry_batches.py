"""ferry-batches: a qualitative claim; the check states the launch-window cadence a batch must share."""

from __future__ import annotations

from deltav import bodies
from deltav.claims.checks.registry import Finding, Nothing, check, g4
from deltav.inputs import Strict


class FerryInputs(Strict):
    reason: str


@check("ferry_batches", Nothing, FerryInputs)
def ferry_batches(states: Nothing, inputs: FerryInputs) -> Finding:
    te, tm = bodies.EARTH.period_days, bodies.MARS.period_days
    synodic = 1.0 / (1.0 / te - 1.0 / tm)
    return Finding({"ferries assembled in Earth orbit or at Beacon can leave together": None},
                   f"{inputs.reason} Ferries leaving together must share a window; Earth-Mars windows recur every "
                   f"{synodic:.0f} days (synodic period).",
                   {"synodic_period_days": g4(synodic)},
                   ["sidereal periods: NASA NSSDCA planetary fact sheets (deltav.bodies)"])
