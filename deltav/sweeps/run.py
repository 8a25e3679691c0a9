"""``deltav.sweep``: parse the varied keys, evaluate every case (numpy or Dask), label the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from deltav.errors import InputError
from deltav.sweeps import engine, spec


def sweep(scenario, vary: dict[str, Any] | None = None, *, samples: int | None = None, seed: int | None = None,
          chunks: int | None = None, scheduler=None, progress=None):
    """Evaluate ``scenario`` over every combination of the ``vary`` values (or Monte Carlo samples).

    Parameters
    ----------
    scenario : Scenario, str or Path
        A scenario, or a scenario file. Its ``sweep:`` section (``vary``, ``samples``, ``seed``) is used
        for whatever is not given here.
    vary : dict
        Key path -> spec (:mod:`deltav.sweeps.spec`): a list, a range string, a distribution string or an
        astropy Quantity. Each non-distribution key becomes a dimension; distributions share ``sample``.
    samples, seed : int, optional
        Monte Carlo sample count and random seed (the same seed gives the same samples).
    chunks : int, optional
        Cases per chunk (default 65,536): memory follows the chunk, not the sweep.
    scheduler : str or distributed.Client, optional
        ``"processes"`` for a local Dask cluster, a scheduler address (``"tcp://host:8786"``), or a
        ``distributed.Client``; default: numpy in this process.
    progress : callable, optional
        ``progress(done, total)`` after each chunk.

    Returns
    -------
    xarray.Dataset
        Dimensions ``architecture`` and one per varied key (or ``sample``); per-architecture variables
        (:data:`deltav.sweeps.engine.ARCH_VARS`) and one verdict variable per claim (``verdict_<id>``, codes
        0 true, 1 false, 2 partly, 3 undetermined, as CF ``flag_values``/``flag_meanings``). The scenario and
        the specs are in ``attrs``.
    """
    from deltav import scenario as scenario_mod

    sc = scenario if not isinstance(scenario, (str, Path)) else scenario_mod.load(scenario)
    section = _section(sc)
    given = dict(vary or {})
    vary = dict(section.get("vary") or {}) | given
    if not vary:
        raise InputError("nothing to vary", key="vary", expected="e.g. {'ferry.isp': '350 s .. 950 s step 25 s'}")
    samples = section.get("samples") if samples is None else samples
    seed = section.get("seed") if seed is None else seed
    if samples is not None:
        samples = _located(sc, ("sweep", "samples"), "samples" not in section, spec.samples_count, samples)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise sc.error(("sweep", "seed"), f"seed {seed!r} is not a whole number >= 0", "e.g. seed: 1")
    rng = np.random.default_rng(seed)
    axes = [_located(sc, ("sweep", "vary", k), k in given, spec.axis, k, v, samples, rng) for k, v in vary.items()]
    drawn = {len(a.values) for a in axes if a.sampled}
    if len(drawn) > 1 or (drawn and samples is not None and drawn != {samples}):
        raise InputError("values per sample of different counts", key="samples", expected="one count for all")
    samples = drawn.pop() if drawn else samples
    _check_applies(sc, axes)
    n_cases = int(np.prod([len(a.values) for a in axes if not a.sampled] or [1])) * (samples if any(
        a.sampled for a in axes) else 1)
    if n_cases > spec.MAX_POINTS:
        raise InputError(f"{n_cases:,} cases is too many", key="vary", expected=f"at most {spec.MAX_POINTS:,}")
    chunk = engine.DEFAULT_CHUNK if chunks is None else int(chunks)
    if chunk < 1:
        raise InputError(f"chunks must be >= 1, got {chunks}", key="chunks", expected="e.g. 65536")
    results = _compute(sc, axes, chunk, scheduler, progress)
    return _dataset(sc, axes, results, samples, seed)


def _section(sc) -> dict:
    """The scenario's ``sweep:`` section, checked for its own keys."""
    section = sc.sweep or {}
    if not isinstance(section, dict):
        raise sc.error(("sweep",), "the sweep section is a mapping", "vary:, samples:, seed:")
    for key in section:
        if key not in ("vary", "samples", "seed"):
            raise sc.error(("sweep", key), f"unknown key '{key}'", "vary, samples or seed")
    if not isinstance(section.get("vary") or {}, dict):
        raise sc.error(("sweep", "vary"), "vary maps key paths to values", "e.g. ferry.isp: 350 s .. 950 s step 25 s")
    return section


def _located(sc, loc, from_caller: bool, func, *args):
    """Call ``func``; an InputError is reported at ``loc`` in the scenario file (unless the caller gave it)."""
    try:
        return func(*args)
    except InputError as exc:
        if from_caller or sc.source is None:
            raise
        raise sc.error(loc, exc.message, exc.expected) from None


def _check_applies(sc, axes) -> None:
    """Every varied key must exist in this scenario (a depot key needs a depot, and so on)."""
    for a in axes:
        if a.key.startswith("depot.") and a.key != "depot.node" and sc.depot is None:
            raise InputError(f"cannot vary {a.key}: the scenario has no depot", key=a.key, expected="a depot section")
        if a.key.startswith("depot.tanker.") and (sc.depot is None or sc.depot.tanker is None):
            raise InputError(f"cannot vary {a.key}: the depot has no Earth tanker", key=a.key,
                             expected="depot.tanker")
        if a.key.startswith("depot.lunar.") and (sc.depot is None or sc.depot.lunar is None):
            raise InputError(f"cannot vary {a.key}: the depot has no lunar supply", key=a.key, expected="depot.lunar")
        if a.key == "depot.source" and "moon" in a.values and (sc.depot is None or sc.depot.lunar is None):
            raise InputError("depot.source moon needs depot.lunar", key=a.key, expected="a depot.lunar section")
        if a.key == "arrival.apoapsis_altitude" and np.any(a.values < sc.arrival.periapsis_altitude):
            raise InputError("arrival.apoapsis_altitude below the periapsis altitude", key=a.key,
                             expected=f">= {sc.arrival.periapsis_altitude:g} km")


def _compute(sc, axes, chunk, scheduler, progress) -> dict:
    cats, grid, sampled, shape = engine.plan(axes)
    jobs = list(engine.tasks(sc, axes, chunk))
    if scheduler is None:
        parts = _threaded(sc, jobs, progress)
    else:
        parts = _on_dask(sc, jobs, scheduler, progress)
    names = parts[0]["_names"]
    if any(p["_names"] != names and len(p["_names"]) != len(names) for p in parts):
        raise InputError("the categorical values change the architectures' number", key="vary")
    total = int(np.prod(shape)) if shape else 1
    cat_shape = tuple(len(a.values) for a in cats)
    out = {}
    claims = [f"verdict:{c}" for c in parts[0]["_claims"]]
    for var in list(engine.ARCH_VARS) + claims:
        per_arch = var in engine.ARCH_VARS
        dtype = np.int8 if var in claims else (bool if var == "closes" else float)
        full = np.empty(((len(names),) if per_arch else ()) + cat_shape + (total,), dtype)
        for (combo, start, stop, _), p in zip(jobs, parts):
            if per_arch:
                for k, row in enumerate(p[var]):
                    full[(k,) + tuple(combo) + (slice(start, stop),)] = row
            else:
                full[tuple(combo) + (slice(start, stop),)] = p[var]
        out[var] = full.reshape(full.shape[:-1] + shape)
    out["_names"], out["_claims"] = names, parts[0]["_claims"]
    return out


def _threaded(sc, jobs, progress) -> list:
    """The chunks in this process, two at a time where there are two cores: numpy's array loops release the
    GIL, so threads overlap (measured in benchmarks/sweep.py)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    workers = min(2, os.cpu_count() or 1, len(jobs))
    if workers < 2:
        parts = []
        for i, (_, start, stop, values) in enumerate(jobs):
            parts.append(engine.run_chunk(sc, values, start, stop))
            if progress is not None:
                progress(i + 1, len(jobs))
        return parts
    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(engine.run_chunk, sc, values, start, stop) for _, start, stop, values in jobs]
        parts = []
        for i, f in enumerate(futures):
            parts.append(f.result())
            if progress is not None:
                progress(i + 1, len(jobs))
    return parts


def _on_dask(sc, jobs, scheduler, progress):
    from deltav.sweeps.distributed import client_for

    with client_for(scheduler) as client:
        futures = [client.submit(engine.run_chunk, sc, values, start, stop, pure=False)
                   for _, start, stop, values in jobs]
        parts = []
        for i, f in enumerate(futures):
            parts.append(f.result())
            if progress is not None:
                progress(i + 1, len(futures))
    return parts


def _dataset(sc, axes, res, samples, seed):
    import xarray as xr

    cats, grid, sampled, shape = engine.plan(axes)
    dims = [a.key for a in cats] + [a.key for a in grid] + (["sample"] if sampled else [])
    coords = {"architecture": res["_names"]}
    for a in cats + grid:
        coords[a.key] = ("transfer.year" == a.key and a.values.astype(int)) if a.key == "transfer.year" else (
            a.values.astype(str) if a.categorical else a.values)
    if sampled:
        coords["sample"] = np.arange(samples)
        for a in sampled:
            coords[a.key] = ("sample", a.values)
    ds = xr.Dataset(coords=coords)
    for a in cats + grid + sampled:
        ds[a.key].attrs.update({"units": a.unit, "spec": a.spec})
    for var, (unit, what) in engine.ARCH_VARS.items():
        ds[var] = (["architecture"] + dims, res[var], {"units": unit, "long_name": what})
    for claim in res["_claims"]:
        ds[f"verdict_{claim}"] = (dims, res[f"verdict:{claim}"], {
            "flag_values": np.arange(4, dtype=np.int8), "flag_meanings": "true false partly undetermined",
            "long_name": f"verdict of {claim}"})
    ds.attrs.update({"scenario": sc.name, "title": sc.title or sc.name,
                     "source": sc.source.path if sc.source else "",
                     "vary": "; ".join(f"{a.key} = {a.spec}" for a in axes),
                     "samples": samples or 0, "seed": -1 if seed is None else int(seed)})
    return ds
