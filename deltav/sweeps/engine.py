"""Evaluating a scenario over many cases at once: the mission engine on arrays, in chunks, on Dask if asked.

The varied numeric keys become numpy arrays in a copy of the scenario (:func:`apply`), and
:func:`deltav.mission.evaluate_cases` broadcasts every leg, mass budget and supply over them; the
Beacon rules (:mod:`deltav.claims.rules`) give each claim's verdict per case. Categorical keys (a depot
node, a launch year) are evaluated label by label. Cases are processed in chunks of ``chunk`` points, so
memory follows the chunk size, not the sweep size; with a Dask scheduler the chunks run on its workers.
"""

from __future__ import annotations

import itertools

import numpy as np

from deltav.claims import rules
from deltav.mission.breakeven import split_routes
from deltav.sweeps.spec import Axis

#: Per-architecture results kept for every case.
ARCH_VARS = {
    "total_dv_km_s": ("km/s", "total delta-v of the ferry's burns"),
    "earth_launched_kg": ("kg", "mass launched from Earth: the ferry and every Earth tanker"),
    "imleo_kg": ("kg", "initial mass in LEO: Earth-launched plus lunar propellant delivered to LEO"),
    "ferry_launch_kg": ("kg", "the ferry as launched"),
    "depot_propellant_kg": ("kg", "propellant taken on at depots"),
    "launches": ("1", "launches of every vehicle (ferry and tankers)"),
    "closes": ("1", "the architecture closes (every segment has the propellant it needs)"),
}
CLAIMS = ("beacon-total-dv", "beacon-falcon-heavy", "depot-supply")
DEFAULT_CHUNK = 65_536


def apply(sc, values: dict):
    """A copy of scenario ``sc`` with ``values`` (key path -> array or label) set; vehicle payloads apart.

    Returns ``(scenario, payload)`` where ``payload(vehicle_id)`` gives the (possibly varied) LEO payload.
    """
    from deltav.mission.budget import catalogue_payload

    payloads = {k.split(".")[1]: v for k, v in values.items() if k.startswith("vehicles.")}
    nested: dict = {}
    for key, v in values.items():
        if key.startswith("vehicles.") or key == "depot.node":
            continue
        d = nested
        *path, last = key.split(".")
        for part in path:
            d = d.setdefault(part, {})
        d[last] = v
    sc = _update(sc, nested)
    if "depot.node" in values:
        node = values["depot.node"]
        archs = [a.model_copy(update={"via": node}) if a.via not in (None, "direct") else a for a in sc.architectures]
        sc = sc.model_copy(update={"architectures": archs})
    if "transfer.year" in values:
        sc = sc.model_copy(update={"transfer": sc.transfer.model_copy(update={"type": "window"})})
    return sc, (lambda vid: payloads.get(vid, catalogue_payload(vid)))


def _update(model, changes: dict):
    """Nested ``model_copy(update=...)`` without validation (so that arrays can stand in for floats)."""
    update = {}
    for k, v in changes.items():
        sub = getattr(model, k)
        if isinstance(v, dict):
            if sub is None:
                raise KeyError(k)
            update[k] = _update(sub, v)
        else:
            update[k] = v
    return model.model_copy(update=update)


def evaluate_chunk(sc, values: dict, n: int) -> dict[str, np.ndarray]:
    """Every result variable for ``n`` cases: per architecture a list of ``(n,)`` rows, per claim ``(n,)``."""
    from deltav.mission import evaluate_cases

    case, payload = apply(sc, values)
    result = evaluate_cases(case, payload, finite=False)  # finite-burn losses are reported, not budgeted
    archs = result.architectures
    shape = (n,)
    out = {}
    for var in ARCH_VARS:  # one row per architecture; the caller copies each into its place once
        out[var] = [np.broadcast_to(np.asarray(sum(a.launches.values(), 0) if var == "launches"
                                               else getattr(a, var), float), shape) for a in archs]
    out["closes"] = [(c > 0.5) & np.isfinite(m) for c, m in zip(out["closes"], out["earth_launched_kg"])]
    verdicts = _verdicts(result, shape)
    out["_claims"] = list(verdicts)
    out.update({f"verdict:{c}": v for c, v in verdicts.items()})
    out["_names"] = [a.name for a in archs]
    return out


def _verdicts(result, shape) -> dict[str, np.ndarray]:
    """Verdict codes per case: the Beacon claims (when the scenario is a Beacon one) and its own comparisons."""
    from deltav.claims import declared
    from deltav.claims.beacon import beacon_routes

    sc = result.scenario
    depot, direct = split_routes(result)
    l4 = beacon_routes(depot)
    codes = {}
    if sc.check_claims and l4:
        if not direct:
            codes = {c: rules.UNDETERMINED for c in CLAIMS}
        else:
            source = sc.depot.source if sc.depot else None
            codes = {"beacon-total-dv": rules.total_dv(l4, direct, sc.claims.far_less_fraction)["code"],
                     "beacon-falcon-heavy": rules.falcon_heavy(l4, direct, sc.claims.single_launch)["code"],
                     "depot-supply": rules.supply(l4, direct, source)["code"]}
    for c in sc.comparisons:
        codes[c.id] = declared.codes(result, c)["code"]
    return {c: np.broadcast_to(v, shape).astype(np.int8) for c, v in codes.items()}


def plan(axes: list[Axis]):
    """The case layout: categorical axes (looped over), numeric grid axes and the sample axis (flattened)."""
    cats = [a for a in axes if a.categorical]
    grid = [a for a in axes if not a.categorical and not a.sampled]
    sampled = [a for a in axes if a.sampled]
    n_samples = len(sampled[0].values) if sampled else None
    shape = tuple(len(a.values) for a in grid) + ((n_samples,) if sampled else ())
    return cats, grid, sampled, shape


def values_for(grid, sampled, shape, start: int, stop: int) -> dict:
    """The varied numeric values of flat cases ``start:stop`` of the numeric block ``shape``."""
    idx = np.unravel_index(np.arange(start, stop), shape) if shape else ()
    out = {a.key: a.values[idx[i]] for i, a in enumerate(grid)}
    for a in sampled:
        out[a.key] = a.values[idx[-1]]
    return out


def tasks(sc, axes: list[Axis], chunk: int):
    """(label combination, start, stop, scenario, values) for every chunk of every categorical combination."""
    cats, grid, sampled, shape = plan(axes)
    total = int(np.prod(shape)) if shape else 1
    for combo in itertools.product(*[range(len(a.values)) for a in cats]):
        labels = {a.key: a.values[i] for a, i in zip(cats, combo)}
        for start in range(0, total, chunk):
            stop = min(total, start + chunk)
            yield combo, start, stop, labels | values_for(grid, sampled, shape, start, stop)


def run_chunk(sc, values: dict, start: int, stop: int) -> dict:
    """One task (module-level, so Dask can ship it to a worker)."""
    return evaluate_chunk(sc, values, stop - start)
