"""``deltav sweep SCENARIO``: a scenario over many cases — verdict maps, Monte Carlo, sensitivities."""

from __future__ import annotations

import sys
from pathlib import Path

from deltav.cli._common import new_parser


def register(sub) -> None:
    p = new_parser(sub, "sweep", "evaluate a scenario over ranges or distributions of its inputs",
                   "deltav sweep scenarios/beacon-sweep.yaml --vary 'ferry.isp=350 s .. 950 s step 25 s'",
                   description="Evaluate a scenario over every combination of the varied keys (or Monte Carlo "
                               "samples of them): writes a NetCDF dataset, a tidy CSV, a JSON summary and plots to "
                               "DIR/<scenario>-sweep/. Key paths and spec forms: docs/sweeps.md.")
    p.add_argument("scenario", help="scenario YAML file; its sweep: section gives the defaults")
    p.add_argument("--vary", metavar="KEY=SPEC", action="append", default=[],
                   help="vary KEY (e.g. ferry.isp) over SPEC: a range 'A .. B step S', a list 'a, b, c', or a "
                        "distribution 'normal(m, s)' (repeatable; overrides the file's sweep.vary)")
    p.add_argument("--samples", type=int, help="Monte Carlo sample count")
    p.add_argument("--seed", type=int, help="random seed (same seed, same samples)")
    p.add_argument("--chunks", type=int, help="cases per chunk (memory follows it; default 65536)")
    p.add_argument("--scheduler", metavar="ADDRESS|processes",
                   help="run the chunks on Dask: a scheduler address, or 'processes' for a local cluster")
    p.add_argument("--out", metavar="DIR", default="plots", help="outputs go to DIR/<scenario>-sweep/ (default: plots)")
    p.add_argument("--json", metavar="PATH", help="also write the summary as JSON to PATH")
    p.add_argument("--no-plots", action="store_true", help="skip the plots")
    p.set_defaults(func=run)


def _vary(items: list[str]) -> dict:
    from deltav.errors import InputError

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"--vary {item!r} is not KEY=SPEC", key="--vary",
                             expected="e.g. --vary 'ferry.isp=350 s .. 950 s step 25 s'")
        value = value.strip()
        is_list = "," in value and "(" not in value
        out[key.strip()] = [v.strip() for v in value.split(",")] if is_list else value
    return out


def run(args) -> int:
    from deltav import scenario
    from deltav.errors import InputError
    from deltav.sweeps import summary as summaries
    from deltav.sweeps import sweep

    from deltav.cli.porkchop import progress

    sc = scenario.load(args.scenario)
    try:
        with progress("sweeping") as update:  # a bar on a terminal only
            ds = sweep(sc, _vary(args.vary), samples=args.samples, seed=args.seed, chunks=args.chunks,
                       scheduler=args.scheduler, progress=update)
    except InputError as exc:
        if exc.file is None and args.vary and exc.key and not exc.key.startswith("--"):  # a flag's spec
            raise InputError(exc.message, key=f"--vary {exc.key}", expected=exc.expected) from None
        raise
    summary = summaries.summarise(ds)
    out_dir = Path(args.out) / (sc.name if sc.name.endswith("sweep") else f"{sc.name}-sweep")
    written = _write(ds, sc, summary, out_dir, plots=not args.no_plots)
    if args.json:
        from deltav.outputs import write_json

        write_json(args.json, summary)
    print(summaries.text(summary), end="")
    print("Wrote: " + ", ".join(str(out_dir / p.name) for p in written))
    sys.stdout.flush()
    return 0


def _write(ds, sc, summary, out_dir: Path, plots: bool) -> list[Path]:
    """Dataset (NetCDF), tidy CSV, summary JSON and plots, staged beside ``out_dir`` and moved in at once."""
    import os
    import shutil
    import tempfile

    from deltav.outputs import write_json
    from deltav.sweeps import summary as summaries

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        ds.assign(closes=ds.closes.astype("int8")).to_netcdf(stage / "sweep.nc", engine="netcdf4")
        summaries.tidy(ds).to_csv(stage / "sweep.csv", index=False)
        if plots:
            _plots(ds, sc, summary, stage)  # adds the sensitivities to the summary
        write_json(stage / "summary.json", summary)
        old = out_dir.with_name(f".{out_dir.name}.old")
        if out_dir.exists():
            os.replace(out_dir, old)
        os.replace(stage, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return sorted(out_dir.iterdir())


def _plots(ds, sc, summary, stage: Path) -> None:
    import numpy as np

    from deltav.plots import sweep as splots
    from deltav.sweeps import stats

    title = sc.title or sc.name
    keys = [d for d in ds.dims if d not in ("architecture", "sample")]
    numeric = [k for k in keys if ds[k].dtype.kind == "f"]
    if len(numeric) >= 2:
        base = {k: _base_value(sc, k) for k in numeric[:2]}
        splots.write(splots.verdict_maps(ds, base if None not in base.values() else None, title),
                     stage / f"{sc.name}-verdict-map")
    elif len(keys) == 1 and numeric:
        splots.write(splots.verdict_lines(ds, title), stage / f"{sc.name}-verdicts")
    if "sample" in ds.dims:
        splots.write(splots.closure_odds(summary, title), stage / f"{sc.name}-closure-odds")
        sampled = [k for k in ds.coords if ds[k].dims == ("sample",) and k != "sample"]
        ranges = {k: tuple(np.quantile(ds[k].values, [0.05, 0.95])) for k in sampled}
        oat = stats.one_at_a_time(sc, ranges)
        depot = [a for a in oat["earth_launched_kg"] if "EML" in a or "Beacon" in a]
        arch = depot[0] if depot else next(iter(oat["earth_launched_kg"]))
        splots.write(splots.tornado(oat, "earth_launched_kg", arch, f"{title}: 5th-95th percentile of each input"),
                     stage / f"{sc.name}-tornado-mass")
        splots.write(splots.tornado(oat, "total_dv_km_s", arch, f"{title}: 5th-95th percentile of each input",
                                    unit_scale=1.0, unit="km/s"), stage / f"{sc.name}-tornado-dv")
        # Which uncertain input drives the depot route's launched mass (first-order and total Sobol indices).
        summary["sobol"] = {"output": f"earth_launched_kg of {arch}", **stats.sobol(
            sc, {k: tuple(map(float, v)) for k, v in ranges.items()}, "earth_launched_kg", arch, n=512)}


def _base_value(sc, key: str):
    """The scenario's own value of a numeric key (core units), or None."""
    if key.startswith("vehicles."):
        from deltav.mission.budget import catalogue_payload

        return catalogue_payload(key.split(".")[1])
    obj = sc
    for part in key.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return float(obj)
