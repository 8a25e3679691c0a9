"""The mission engine: a scenario's architectures as legs, their delta-v, mass budgets and depot supply.

* :mod:`~deltav.mission.plans`: ``via`` shorthands and strategy lists expanded into concrete events;
* :mod:`~deltav.mission.heliocentric`, :mod:`~deltav.mission.legs`: the delta-v of each event;
* :mod:`~deltav.mission.budget`, :mod:`~deltav.mission.supply`: the rocket equation between refuels,
  and what the depot's propellant costs to bring there;
* :mod:`~deltav.mission.breakeven`: the supply cost at which a depot route wins;
* :mod:`~deltav.mission.results`: what :func:`evaluate` returns.

Claims are judged from the result by :mod:`deltav.claims`, never from inside the engine.
"""

from deltav.mission.results import DAY, ArchitectureResult, Heliocentric, LegResult, MissionResult

#: Loaded on first use: the engine imports the scenario models (pydantic), which the drawing process of
#: ``deltav run`` does not need to unpickle a result.
_ENGINE = ("ASSUMPTIONS", "evaluate", "evaluate_cases", "evaluate_plan")


def __getattr__(name: str):
    if name not in _ENGINE:
        raise AttributeError(f"module 'deltav.mission' has no attribute {name!r}")
    import importlib

    engine = importlib.import_module("deltav.mission.evaluate")
    # Importing the submodule bound the package attribute `evaluate` to it: bind the function instead.
    globals().update({n: getattr(engine, n) for n in _ENGINE})
    return globals()[name]

__all__ = ["ASSUMPTIONS", "DAY", "ArchitectureResult", "Heliocentric", "LegResult", "MissionResult", "evaluate",
           "evaluate_cases", "evaluate_plan"]
