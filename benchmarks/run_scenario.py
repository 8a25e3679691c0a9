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
import resource
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
    # pydantic 2 imports lazily: `import pydantic` loads neither BaseModel nor its schema builder. This is the
    # least any validation with pydantic costs: one one-field model, built and used once.
    "one-model": ("`import yaml` and one one-field pydantic model, validated once",
                  [*PY, "-c", "import yaml\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)"]),
}


#: Pickles what ``deltav run``'s drawing process is sent for beacon.yaml, keeping its heavier share of figures.
DRAW_JOB = """
import pickle, sys
from deltav import mission, scenario
from deltav.plots import workers
from deltav.plots.mission import _applicable, sketch_legs
result = mission.evaluate(scenario.load("scenarios/beacon.yaml"))
names = workers._split(_applicable(result))[0]
extra = {"cislunar": {"legs": sketch_legs(result)}} if "cislunar" in names else {}
pickle.dump((workers._portable(result), names, sys.argv[2], ("png",), extra), open(sys.argv[1], "wb"))
"""
#: The drawing process's own path, with nothing else to wait for: import what it imports, unpickle its job and
#: draw its share. No run can be quicker than this while drawing is split in two.
DRAW = """
import pickle, sys
import matplotlib.backends.backend_agg, matplotlib.figure
from deltav.plots import workers
workers._render_share(*pickle.load(open(sys.argv[1], "rb")))
"""


def commands(out: str, bad: str) -> dict:
    # The full terminal report, as a user reads it (printed to a pipe here).
    run = [*DELTAV, "run", "scenarios/beacon.yaml", "--out", out]
    return {
        "run": ("`deltav run scenarios/beacon.yaml`", run, {}),
        "no-plots": ("`deltav run scenarios/beacon.yaml --no-plots`", [*run, "--no-plots"], {}),
        "no-table": ("same, legs solved afresh (`DELTAV_NO_LEGS_TABLE=1`)", [*run, "--no-plots"],
                     {"DELTAV_NO_LEGS_TABLE": "1"}),
        "rejected": ("`deltav run` of a scenario with a bad value (rejected)", [*DELTAV, "run", bad, "--out", out],
                     {}),
        "claims": ("`deltav claims`", [*DELTAV, "claims"], {}),
    }


#: (what, numerator, denominator, goal): the ratios issue 17 sets as goals.
GOALS = [("`deltav run` / numpy + astropy.units + matplotlib.pyplot", "run", "plots", 1.3),
         ("`deltav run --no-plots` / numpy + astropy.units", "no-plots", "numeric", 1.3),
         ("rejected scenario / yaml + pydantic", "rejected", "validate", 2.0),
         ("(no goal) rejected scenario / yaml + one pydantic model", "rejected", "one-model", None),
         ("(no goal) yaml + one pydantic model / yaml + pydantic", "one-model", "validate", None),
         ("`deltav claims` / `deltav run --no-plots`", "claims", "no-plots", 1.5),
         ("(no goal) `--no-plots`, legs solved afresh / numpy + astropy.units", "no-table", "numeric", None),
         ("(no goal) `deltav run` / the drawing process's share alone", "run", "drawing", None),
         ("(no goal) the drawing process's share alone / numpy + astropy.units + matplotlib.pyplot", "drawing",
          "plots", None)]


#: Bytecode is cached, as on a user's machine (pip compiles installed packages; an editable install caches on
#: first import), in a folder of its own so the repository stays clean, whatever PYTHONDONTWRITEBYTECODE says.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(argv: list[str], env: dict | None = None, status: int = 0) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**_ENV, **(env or {})})
    dt = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != status:  # a rejected scenario must exit 2, everything else succeed
        raise SystemExit(f"{' '.join(argv)} exited with status {proc.returncode}, not {status}")
    return dt, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(rounds: int) -> tuple[dict, dict, dict]:
    """({name: [wall s per round]}, {name: [CPU s per round]}, labels) for the floors and the commands,
    interleaved round by round."""
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    labels = {k: v[0] for k, v in FLOORS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        _ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        bad = Path(tmp) / "bad.yaml"
        bad.write_text(BAD)
        cmds = commands(str(Path(tmp) / "out"), str(bad))
        job = Path(tmp) / "draw-job.pickle"
        subprocess.run([*PY, "-c", DRAW_JOB, str(job), str(Path(tmp) / "drawn")], cwd=ROOT, check=True,
                       env=_ENV)
        cmds["drawing"] = ("the drawing process's share alone: import matplotlib, draw the heavier half of "
                           "the figures from the pickled result", [*PY, "-c", DRAW, str(job)], {})
        labels |= {k: v[0] for k, v in cmds.items()}
        jobs = [(k, argv, {}) for k, (_, argv) in FLOORS.items()] + [(k, argv, env) for k, (_, argv, env) in
                                                                    cmds.items()]
        for name, argv, env in jobs:  # one unmeasured run each: bytecode compiled and cached, files in the page cache
            wall(argv, env, 2 if name == "rejected" else 0)
        for _ in range(rounds):
            for name, argv, env in jobs:
                w, c = wall(argv, env, 2 if name == "rejected" else 0)
                times.setdefault(name, []).append(w)
                cpu.setdefault(name, []).append(c)
    return times, cpu, labels


#: Drawing CPU of beacon.yaml's figures in one process, as PNG only and as PNG + SVG (best of 3 each).
SVG_PROBE = """
import sys, tempfile, time
from deltav import mission, scenario
from deltav.plots import workers
result = mission.evaluate(scenario.load("scenarios/beacon.yaml"))
workers._warm_up(("png", "svg"))
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
    """{numerator: ratio of medians} for the goals (a numerator's first row: its goal's floor)."""
    med = {k: statistics.median(v) for k, v in times.items()}
    out: dict = {}
    for _, num, den, _ in GOALS:
        out.setdefault(num, med[num] / med[den])
    return out


def readme_paragraph(r: dict) -> str:
    return (f"After the install, `deltav run scenarios/beacon.yaml` takes {r['run']:.2f}× as long as Python takes to "
            f"import numpy, astropy.units and matplotlib.pyplot (goal: 1.3×), and {r['run-drawing']:.2f}× its "
            "drawing process's own path (importing matplotlib and drawing half of the figures), which bounds it; "
            f"with `--no-plots` it takes {r['no-plots']:.2f}× the import of numpy and astropy.units (goal: 1.3×). "
            f"A scenario with a bad value is rejected in {r['rejected']:.2f}× the import of yaml and pydantic "
            f"(goal: 2×), where a process that only builds and uses one one-field pydantic model takes "
            f"{r['one-model-floor']:.2f}× (pydantic imports its models lazily); that is {r['one-model-ratio']:.2f}× "
            f"such a process. `deltav claims` takes {r['claims']:.2f}× a `--no-plots` run (goal: 1.5×). These are "
            "ratios of medians measured in one run by `python benchmarks/run_scenario.py`, which writes this "
            "paragraph; seconds depend on the machine. Measured figures, against peers where there are any: "
            "[docs/benchmarks.md](docs/benchmarks.md).")


def write_readme(r: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- run-time:start -->\n).*?(\n<!-- run-time:end -->)", re.S)
    if not pattern.search(text):
        print("README.md has no run-time markers: paragraph not written", file=sys.stderr)
        return
    readme.write_text(pattern.sub(lambda m: m.group(1) + readme_paragraph(r) + m.group(2), text), encoding="utf-8")


def markdown(times: dict, cpu: dict, labels: dict, rounds: int, svg: tuple[float, float]) -> str:
    med = {k: statistics.median(v) for k, v in times.items()}
    mcpu = {k: statistics.median(v) for k, v in cpu.items()}
    rows = ["| process | median wall (s) | min (s) | max (s) | median CPU (s) |", "|---|---:|---:|---:|---:|"]
    rows += [f"| {labels[k]} | {med[k]:.2f} | {min(v):.2f} | {max(v):.2f} | {mcpu[k]:.2f} |"
             for k, v in times.items()]
    table = ["| ratio of medians | wall | goal | met | CPU |", "|---|---:|---:|---|---:|"]
    for what, num, den, goal in GOALS:
        r = med[num] / med[den]
        table.append(f"| {what} | {r:.2f}× | {'' if goal is None else f'≤ {goal:g}×'} | "
                     f"{'' if goal is None else ('yes' if r <= goal else '**no**')} | {mcpu[num] / mcpu[den]:.2f}× |")
    png, both = svg
    return (f"Fresh processes, {rounds} rounds after one unmeasured run of each (bytecode cached, as on a user's "
            "machine); each round runs every floor and every command once, in turn, and the tables give medians "
            "of wall time and of CPU time (the process and its children). Floors are plain imports in a fresh "
            "interpreter, measured in the same run. `deltav run` prints its full report (to a pipe). It forks a "
            "drawing process first, which imports matplotlib while the main process validates the scenario "
            "(pydantic, common unit strings without astropy: a rejected file imports neither the numeric stack nor "
            "matplotlib there, and stops the drawing process) and evaluates it; the main process then propagates "
            "the cislunar sketch's arcs with numpy (no scipy.integrate) and writes the report while the drawing "
            "process and its helper (forked once matplotlib is imported) draw two halves of the figures (PNG). "
            "The row \"the drawing process's share alone\" is that process's path with nothing to wait for: a "
            "fresh interpreter that imports matplotlib and draws the heavier half from the pickled result; a run "
            "cannot end before it, however the rest overlaps. The CR3BP "
            "legs come from the shipped table of solved legs (`deltav/cislunar/_legs_table.py`, served only for "
            "identical inputs and code). Re-run: `python benchmarks/run_scenario.py`.\n\n" + "\n".join(table)
            + "\n\n" + "\n".join(rows)
            + f"\n\nRejection: pydantic 2 imports lazily (`import pydantic` loads neither `BaseModel` nor its schema "
            f"builder), so a process that only builds and uses one one-field model already takes "
            f"{med['one-model'] / med['validate']:.2f}× the `import yaml, pydantic` floor, which leaves the 2× goal "
            "next to nothing for building a scenario's models and validating a file with them. A rejected file "
            f"takes {med['rejected'] / med['one-model']:.2f}× that one-model process: the scenario's models are "
            "built, and the drawing process, forked first so that a valid file's figures are not delayed, imports "
            "matplotlib alongside until it is stopped."
            + f"\n\nSVG: drawing beacon.yaml's figures in one process takes {png:.2f} s of CPU as PNG only and "
            f"{both:.2f} s with SVG too (+{100 * (both - png) / png:.0f} %), measured in the same run; figures are "
            "PNG by default and `--plot-format png,svg` adds the vector copies.")


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of every command (default: 7)")
    rounds = parser.parse_args(argv).rounds
    load = os.getloadavg()[0]
    times, cpu, labels = measure(rounds)
    md = markdown(times, cpu, labels, rounds, svg_share()) + (
        f"\n\nLoad average (1 min) {load:.1f} before and {os.getloadavg()[0]:.1f} after the run: `deltav run` draws "
        "in two processes, so on a busy 2-core machine its ratio to the single-process floor grows.")
    print(md)
    print(write_section("run", md))
    r = ratios(times)
    r["one-model-ratio"] = statistics.median(times["rejected"]) / statistics.median(times["one-model"])
    r["run-drawing"] = statistics.median(times["run"]) / statistics.median(times["drawing"])
    r["one-model-floor"] = statistics.median(times["one-model"]) / statistics.median(times["validate"])
    write_readme(r)


if __name__ == "__main__":
    main(sys.argv[1:])
