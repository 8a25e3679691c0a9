"""``deltav run SCENARIO``: evaluate a scenario, print the report, write results.json and the plots."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from deltav.cli._common import new_parser


def register(sub) -> None:
    p = new_parser(sub, "run", "evaluate a scenario: delta-v per leg, mass budget, launches, verdicts, plots",
                   "deltav run scenarios/beacon.yaml --out plots --json results.json")
    p.add_argument("scenario", help="scenario YAML file (see scenarios/ and docs/scenarios.md)")
    p.add_argument("--out", metavar="DIR", default="plots",
                   help="plots go to DIR/<scenario name>/ (default: plots)")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH "
                   "(default: results.json beside the plots)")
    p.add_argument("--format", choices=("table", "markdown"), default="table", help="terminal report format")
    p.add_argument("--no-plots", action="store_true", help="skip the plots (faster)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the verdicts")
    p.set_defaults(func=run)


def run(args) -> int:
    from deltav.plots import workers as mplots

    # Drawing workers start first, so importing matplotlib overlaps with loading and computing.
    pool = None if args.no_plots else mplots.render_pool()
    try:
        from deltav import claims as ledger
        from deltav import mission, report, scenario
        from deltav.outputs import write_json

        sc = scenario.load(args.scenario)
        result = mission.evaluate(sc)  # everything computed before anything is written
        claims = ledger.judge(result)
        out_dir = Path(args.out) / sc.name
        with _staging(out_dir) as stage:  # plots appear in out_dir all together, or not at all
            staged = [] if args.no_plots else mplots.write_all(result, stage, pool=pool)
            plots = [str(out_dir / p.name) for p in staged]
            json_path = Path(args.json) if args.json else out_dir / "results.json"
            write_json(json_path, report.to_json(result, plots, claims))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if args.quiet:
        for c in claims:
            print(f"{c.id}: {c.verdict}")
    else:
        print(report.text(result, args.format, plots=[p for p in plots if p.endswith(".png")], claims=claims))
        print(f"Results: {json_path}")
    sys.stdout.flush()
    return 0


@contextlib.contextmanager
def _staging(out_dir: Path):
    """A temporary folder beside ``out_dir`` whose files are moved into it only if the block succeeds."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        yield stage
        out_dir.mkdir(exist_ok=True)
        for f in stage.iterdir():
            os.replace(f, out_dir / f.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
