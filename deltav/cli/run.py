"""``deltav run SCENARIO``: evaluate a scenario, print the report, write results.json and the plots.

Everything is computed before anything is written, and the result set (``results.json`` and the plots)
is built in a staging folder beside ``OUT/<name>/`` and renamed into place in one step: a reader sees the
earlier run's files or this run's, never a mix, and a failed run leaves nothing behind. ``--json PATH``
writes a copy of ``results.json`` to PATH (atomically) once the folder is in place.
"""

from __future__ import annotations

import sys
from pathlib import Path

from deltav.cli._common import add_plot_formats, new_parser


def register(sub) -> None:
    p = new_parser(sub, "run", "evaluate a scenario: delta-v per leg, mass budget, launches, verdicts, plots",
                   "deltav run scenarios/beacon.yaml --out plots --json results.json")
    p.add_argument("scenario", help="scenario YAML file (see scenarios/ and docs/scenarios.md)")
    p.add_argument("--out", metavar="DIR", default="plots",
                   help="results.json and the plots go to DIR/<scenario name>/, replacing an earlier run's "
                   "(default: plots)")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH "
                   "(results.json is always in the folder beside the plots)")
    p.add_argument("--format", choices=("table", "markdown"), default="table", help="terminal report format")
    p.add_argument("--no-plots", action="store_true", help="skip the plots (faster)")
    add_plot_formats(p)
    p.add_argument("--quiet", "-q", action="store_true", help="print only the verdicts")
    p.set_defaults(func=run)


def compute(path: str):
    """Load, evaluate and judge a scenario: everything ``run`` does before writing (``validate`` shares it)."""
    from deltav import scenario

    return evaluate(scenario.load(path))


def evaluate(sc):
    """Evaluate and judge a loaded scenario: ``(scenario, result, claims)``."""
    from deltav import claims as ledger
    from deltav import mission

    result = mission.evaluate(sc)
    return sc, result, ledger.judge(result)


def run(args) -> int:
    from deltav import outputs

    # Path problems an output step would meet are found before any work is done.
    outputs.check_folder_path(args.out, "--out")
    if args.json:
        outputs.check_file_target(args.json, "--json")
    if args.no_plots:
        mplots = pool = None
    else:
        from deltav.plots import workers as mplots

        # The drawing process starts first, so that importing matplotlib overlaps with validating and computing;
        # this process validates before it imports the numeric stack, and a bad file stops the drawing process.
        pool = mplots.render_pool(args.plot_formats)
    created: list[Path] = []
    published = False
    try:
        from deltav import scenario  # pydantic: imported here while the drawing process imports matplotlib

        loaded = scenario.load(args.scenario)
        from deltav import report

        sc, result, claims = evaluate(loaded)  # everything computed before anything is written
        out_dir = Path(args.out) / sc.name
        outputs.check_folder_target(out_dir, "--out")
        created = outputs.make_folder(args.out, "--out")
        with outputs.staged_folder(out_dir, "--out") as stage:  # all files appear together, or none
            try:
                if args.no_plots:
                    plots = []
                else:  # the figures are drawn while the report is written
                    drawn = mplots.start(result, stage, args.plot_formats, pool=pool)
                    plots = [str(out_dir / p.name) for p in mplots.planned(result, stage, args.plot_formats)]
                data = report.to_json(result, plots, claims)
                text = None if args.quiet else report.text(result, args.format, claims=claims,
                                                           plots=[p for p in plots if p.endswith(".png")])
                if not args.no_plots and sorted(str(out_dir / p.name) for p in drawn()) != sorted(plots):
                    raise RuntimeError("the figures drawn are not those planned")
            except BaseException:
                if mplots is not None:
                    mplots.stop(pool)  # no drawing process may still write while the staging folder is removed
                raise
            outputs.write_json(stage / "results.json", data)
        published = True
        json_path = out_dir / "results.json"
        if args.json:
            json_path = Path(args.json)
            outputs.write_json(json_path, data)
    finally:
        if pool is not None:  # reaped when it answered; a failed run does not wait for it to finish warming up
            mplots.stop(pool)
        if not published:
            outputs.remove_empty(created)
    if args.quiet:
        for c in claims:
            print(f"{c.id}: {c.verdict}")
    else:
        print(text)
        print(f"Results: {json_path}")
    sys.stdout.flush()
    return 0

