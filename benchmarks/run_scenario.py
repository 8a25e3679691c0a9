"""Wall time of the user's main job, ``deltav run SCENARIO``, in fresh processes (as a user runs it).

Writes the "run" section of docs/benchmarks.md. Re-run: ``python benchmarks/run_scenario.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _table import write_section

ROOT = Path(__file__).resolve().parent.parent
CASES = [("beacon.yaml", []), ("beacon.yaml", ["--no-plots"]), ("depots.yaml", []), ("beacon-2026.yaml", ["--no-plots"])]


def wall(args: list[str], repeats: int = 5) -> list[float]:
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "deltav", "run", *args, "--out", out, "-q"], check=True,
                           stdout=subprocess.DEVNULL, cwd=ROOT)
            times.append(time.perf_counter() - t)
    return times


def main() -> None:
    imp = wall_import()
    rows = []
    for name, extra in CASES:
        t = wall([f"scenarios/{name}", *extra])
        rows.append(f"| `deltav run scenarios/{name}{' ' + ' '.join(extra) if extra else ''}` | "
                    f"{min(t):.2f} | {statistics.median(t):.2f} |")
        print(rows[-1])
    md = ("Fresh process each time (imports included), 5 runs. Plots: 4 figures × PNG + SVG, drawn by a forked "
          "process that imports matplotlib while the scenario is evaluated, then forks once more so that two "
          "processes draw. Target of issue 3: under 3 s for the first line. "
          "Re-run: `python benchmarks/run_scenario.py`.\n\n"
          f"`python -c 'import deltav'`: {imp:.3f} s (everything heavy is imported on first use).\n\n"
          "| command | best (s) | median (s) |\n|---|---:|---:|\n" + "\n".join(rows))
    print(write_section("run", md))


def wall_import() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import deltav"], check=True)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
