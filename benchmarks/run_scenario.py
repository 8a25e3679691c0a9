"""Where users wait: ``deltav run``, a rejected scenario and ``deltav claims``, as ratios to import floors.

Every figure is the median of several fresh processes (imports included, as a user runs them), and every
floor is measured in the same run, interleaved with the commands (one round = one process of each), so
that a busy machine slows floors and commands alike. The goals are those of issue 17. Writes the ``run``
section of docs/benchmarks.md and the run-time paragraph of the README (between its ``run-time`` markers).
Re-run: ``python benchmarks/run_scenario.py [--rounds N]``.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _table import write_section

ROOT = Path(__file__).resolve().parent.parent
PY = [sys.executable]
DELTAV = [*PY, "-m", "deltav"]
#: A scenario file with one bad value (the ferry's Isp): it must be rejected, with exit status 2.
BAD = (ROOT / "scenarios" / "beacon.yaml").read_text().replace("  isp: 450 s\n", "  isp: fast\n", 1)

FLOORS = {
    "plots": ("`import numpy, astropy.units, matplotlib.pyplot`", [*PY, "-c", "import numpy, astropy.units, "
                                                                   "matplotlib.pyplot"]),
    "numeric": ("`import numpy, astropy.units`", [*PY, "-c", "import numpy, astropy.units"]),
    "validate": ("`import yaml, pydantic`", [*PY, "-c", "import yaml, pydantic"]),
}


def commands(out: str, bad: str) -> dict:
    run = [*DELTAV, "run", "scenarios/beacon.yaml", "--out", out, "-q"]
    return {
        "run": ("`deltav run scenarios/beacon.yaml`", run, {}),
        "no-plots": ("`deltav run scenarios/beacon.yaml --no-plots`", [*run, "--no-plots"], {}),
        "no-table": ("same, legs solved afresh (`DELTAV_NO_LEGS_TABLE=1`)", [*run, "--no-plots"],
                     {"DELTAV_NO_LEGS_TABLE": "1"}),
        "rejected": ("`deltav run` of a scenario with a bad value (rejected)", [*DELTAV, "run", bad, "--out", out,
                                                                               "-q"], {}),
        "claims": ("`deltav claims`", [*DELTAV, "claims", "-q"], {}),
    }


#: (what, numerator, denominator, goal): the ratios issue 17 sets as goals.
GOALS = [("`deltav run` / numpy + astropy.units + matplotlib.pyplot", "run", "plots", 1.3),
         ("`deltav run --no-plots` / numpy + astropy.units", "no-plots", "numeric", 1.3),
         ("rejected scenario / yaml + pydantic", "rejected", "validate", 2.0),
         ("`deltav claims` / `deltav run --no-plots`", "claims", "no-plots", 1.5),
         ("(no goal) `--no-plots`, legs solved afresh / numpy + astropy.units", "no-table", "numeric", None)]


def wall(argv: list[str], env: dict | None = None, status: int = 0) -> float:
    t = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})
    dt = time.perf_counter() - t
    if proc.returncode != status:  # a rejected scenario must exit 2, everything else succeed
        raise SystemExit(f"{' '.join(argv)} exited with status {proc.returncode}, not {status}")
    return dt


def measure(rounds: int) -> tuple[dict, dict]:
    """{name: [seconds per round]} for the floors and the commands, interleaved round by round."""
    times: dict[str, list[float]] = {}
    labels = {k: v[0] for k, v in FLOORS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "bad.yaml"
        bad.write_text(BAD)
        cmds = commands(str(Path(tmp) / "out"), str(bad))
        labels |= {k: v[0] for k, v in cmds.items()}
        jobs = [(k, argv, {}) for k, (_, argv) in FLOORS.items()] + [(k, argv, env) for k, (_, argv, env) in
                                                                    cmds.items()]
        wall([*PY, "-c", "import deltav.cli, numpy, astropy.units, matplotlib.pyplot, scipy"])  # warm the file cache
        for _ in range(rounds):
            for name, argv, env in jobs:
                times.setdefault(name, []).append(wall(argv, env, 2 if name == "rejected" else 0))
    return times, labels


#: Drawing CPU of beacon.yaml's figures in one process, as PNG only and as PNG + SVG (best of 3 each).
SVG_PROBE = """
import sys, tempfile, time
from deltav import mission, scenario
from deltav.plots import workers
result = mission.evaluate(scenario.load("scenarios/beacon.yaml"))
workers._warm_up()
best = {}
for _ in range(3):
    for formats in (("png",), ("png", "svg")):
        with tempfile.TemporaryDirectory() as out:
            t = time.process_time()
            workers.write_all(result, out, formats=formats)
            best[formats] = min(best.get(formats, 1e9), time.process_time() - t)
print(best[("png",)], best[("png", "svg")])
"""


def svg_share() -> tuple[float, float]:
    """(CPU seconds drawing PNG only, with SVG too), in a fresh process."""
    out = subprocess.run([*PY, "-c", SVG_PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    png, both = map(float, out.stdout.split()[-2:])
    return png, both


def ratios(times: dict) -> dict:
    med = {k: statistics.median(v) for k, v in times.items()}
    return {num: med[num] / med[den] for _, num, den, _ in GOALS}


def readme_paragraph(r: dict) -> str:
    return (f"After the install, `deltav run scenarios/beacon.yaml` takes {r['run']:.1f}× as long as Python takes to "
            f"import numpy, astropy.units and matplotlib.pyplot (goal: 1.3×), and {r['no-plots']:.1f}× the import of "
            f"numpy and astropy.units with `--no-plots` (goal: 1.3×); a scenario with a bad value is rejected in "
            f"{r['rejected']:.0f}× the import of yaml and pydantic (goal: 2×), and `deltav claims` takes "
            f"{r['claims']:.1f}× a `--no-plots` run (goal: 1.5×). These are ratios of medians measured in one run by "
            "`python benchmarks/run_scenario.py`, which writes this paragraph; seconds depend on the machine. "
            "Measured figures, against peers where there are any: [docs/benchmarks.md](docs/benchmarks.md).")


def write_readme(r: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- run-time:start -->\n).*?(\n<!-- run-time:end -->)", re.S)
    if not pattern.search(text):
        print("README.md has no run-time markers: paragraph not written", file=sys.stderr)
        return
    readme.write_text(pattern.sub(lambda m: m.group(1) + readme_paragraph(r) + m.group(2), text), encoding="utf-8")


def markdown(times: dict, labels: dict, rounds: int, svg: tuple[float, float]) -> str:
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = ["| process | median (s) | min (s) | max (s) |", "|---|---:|---:|---:|"]
    rows += [f"| {labels[k]} | {med[k]:.2f} | {min(v):.2f} | {max(v):.2f} |" for k, v in times.items()]
    ratios = ["| ratio of medians | measured | goal | met |", "|---|---:|---:|---|"]
    for what, num, den, goal in GOALS:
        r = med[num] / med[den]
        ratios.append(f"| {what} | {r:.2f}× | {'' if goal is None else f'≤ {goal:g}×'} | "
                      f"{'' if goal is None else ('yes' if r <= goal else '**no**')} |")
    png, both = svg
    return (f"Fresh processes, {rounds} rounds; each round runs every floor and every command once, in turn, "
            "and the table gives medians. Floors are plain imports in a fresh interpreter, measured in the same "
            "run. `deltav run` reads and validates the scenario first (common unit strings without astropy), so "
            "a rejected file imports neither the numeric stack nor matplotlib; it then forks a drawing process "
            "that imports matplotlib and scipy.integrate while the scenario is evaluated, and propagates the "
            "cislunar sketch's arcs there. The CR3BP legs come from the shipped table of solved legs "
            "(`deltav/cislunar/_legs_table.py`, served only for identical inputs and code). "
            "Re-run: `python benchmarks/run_scenario.py`.\n\n" + "\n".join(ratios) + "\n\n" + "\n".join(rows)
            + f"\n\nSVG: drawing beacon.yaml's figures in one process takes {png:.2f} s of CPU as PNG only and "
            f"{both:.2f} s with SVG too (SVG {100 * (both - png) / both:.0f} % of the drawing, split over the two "
            "drawing processes), measured in the same run; SVG stays on by default.")


def main(argv: list[str]) -> None:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 7
    load = os.getloadavg()[0]
    times, labels = measure(rounds)
    md = markdown(times, labels, rounds, svg_share()) + (
        f"\n\nLoad average (1 min) {load:.1f} before and {os.getloadavg()[0]:.1f} after the run: `deltav run` draws "
        "in two processes, so on a busy 2-core machine its ratio to the single-process floor grows.")
    print(md)
    print(write_section("run", md))
    write_readme(ratios(times))


if __name__ == "__main__":
    main(sys.argv[1:])
