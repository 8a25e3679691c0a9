"""Architectures as concrete plans: the ``via`` shorthand and strategy lists expanded into events.

Each :class:`Plan` is one variant an analyst would fly (one depot, one way of leaving it), as a list of
:class:`Event` (launch, burn, refuel) that remember where in the scenario file they came from, so that
a problem found while evaluating them is reported at the right line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deltav.scenario import ESCAPE_STRATEGIES, PLANETS, Burn, Launch, Refuel, Scenario


@dataclass
class Event:
    """One concrete event of a plan, with where it came from in the scenario file (for errors)."""

    kind: str  # "launch" | "burn" | "refuel"
    node: str  # launch: vehicle id; burn: origin; refuel: depot node
    target: str | None = None  # burn only
    strategy: str | None = None  # burn only: how to leave (to a planet) or approach (cislunar)
    dv: float | None = None  # burn only: the user's override
    count: int = 1  # launch only
    loc: tuple = ()


@dataclass
class Plan:
    """An architecture expanded to concrete events (one strategy chosen)."""

    name: str
    events: list[Event]
    strategy: str | None
    arch_index: int
    best_of: str | None = None  # plans sharing this key are alternatives: only the cheapest is kept


def expand(sc: Scenario) -> list[Plan]:
    """Turn ``via`` shorthands and strategy lists into one concrete plan per variant."""
    plans = []
    for i, arch in enumerate(sc.architectures):
        here = ("architectures", i)
        if arch.legs is not None:
            events = []
            for j, leg in enumerate(arch.legs):
                loc = here + ("legs", j)
                if isinstance(leg, Launch):
                    events.append(Event("launch", leg.launch.vehicle, count=leg.launch.count or 1, loc=loc))
                elif isinstance(leg, Burn):
                    b = leg.burn
                    events.append(Event("burn", b.from_, b.to, b.strategy, b.dv, loc=loc))
                elif isinstance(leg, Refuel):
                    events.append(Event("refuel", leg.refuel, loc=loc))
            # A list of departure strategies makes one variant each; cislunar legs keep theirs.
            departure = next((e for e in events if e.kind == "burn" and e.target in PLANETS and e.strategy), None)
            for s in departure.strategy if departure else (None,):
                ev = [replace(e, strategy=s) if e is departure else
                      replace(e, strategy=e.strategy[0] if e.strategy else None) for e in events]
                plans.append(Plan(_variant(arch.name, s, len(departure.strategy) if departure else 1), ev, s, i))
            continue
        depots = [arch.via] if isinstance(arch.via, str) else list(arch.via)
        loc = here + ("via",)
        for node in depots:
            launch = Event("launch", sc.ferry.launcher, loc=here + ("name",))
            if node == "direct":
                plans.append(Plan(arch.name, [launch, Event("burn", "LEO", sc.destination, loc=loc)], None, i))
                continue
            name = arch.name.replace("{depot}", node) if "{depot}" in arch.name else (
                arch.name if len(depots) == 1 else f"{arch.name} {node}")
            strategies = arch.strategies or (("perigee-burn",) if node != "LEO" else (None,))
            best = strategies == ("best",)
            if best:
                strategies = ESCAPE_STRATEGIES
            for s in strategies:
                s = None if node == "LEO" else s
                ev = [launch] + ([] if node == "LEO" else [Event("burn", "LEO", node, arch.approach, loc=loc)]) + [
                    Event("refuel", node, loc=loc), Event("burn", node, sc.destination, s, loc=loc)]
                plans.append(Plan(_variant(name, s, len(strategies)), ev, s, i, f"{i}:{node}" if best else None))
    return plans


def _variant(name: str, strategy: str | None, n: int) -> str:
    return f"{name} [{strategy}]" if strategy and n > 1 else name
