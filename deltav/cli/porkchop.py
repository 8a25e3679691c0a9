"""``deltav porkchop``: departure C3 / arrival v-infinity / total delta-v over a grid of dates, plotted."""

from __future__ import annotations

import contextlib
import sys

from deltav.cli._common import add_plot_formats, new_parser, planets_and_dates


def register(sub) -> None:
    p = new_parser(sub, "porkchop", "porkchop plot and grid of ballistic transfers between two planets",
                   "deltav porkchop --from 2026-08-01 --to 2027-01-31 --grid 500 --json porkchop.json",
                   description="Solve Lambert's problem on a grid of departure x arrival dates, print the grid "
                   "optima (grid points, not refined: `deltav windows` refines them) and draw the porkchop "
                   "into the current directory (or --out PATH). A progress bar is drawn on standard error "
                   "when it is a terminal.")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="first departure date (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last departure date (YYYY-MM-DD)")
    p.add_argument("--arrive-from", metavar="DATE",
                   help="first arrival date (default: first departure + 0.3 Hohmann flight times)")
    p.add_argument("--arrive-to", metavar="DATE",
                   help="last arrival date (default: last departure + 1.7 Hohmann flight times)")
    p.add_argument("--origin", default="Earth", help="departure planet (default: Earth)")
    p.add_argument("--target", default="Mars", help="arrival planet (default: Mars)")
    p.add_argument("--grid", default="300", metavar="N|NxM",
                   help="grid size: departures x arrivals (default: 300)")
    p.add_argument("--parking-altitude", default="300 km", metavar="LENGTH",
                   help='circular parking orbit altitude at the origin (default: "300 km")')
    p.add_argument("--capture-altitude", default="400 km", metavar="LENGTH",
                   help='capture orbit periapsis altitude at the target (default: "400 km")')
    p.add_argument("--capture-apoapsis-altitude", metavar="LENGTH",
                   help="capture orbit apoapsis altitude (default: circular capture orbit)")
    p.add_argument("--ephemeris", choices=("builtin", "de440"), default="builtin",
                   help="planet ephemeris (de440 needs: pip install 'deltav[de440]')")
    p.add_argument("--out", metavar="PATH",
                   help="plot path without suffix; PATH.png is written, and PATH.svg with --plot-format png,svg "
                        "(default: porkchop-<origin>-<target>-<from> in the current directory)")
    p.add_argument("--no-plot", action="store_true", help="skip the plot")
    add_plot_formats(p)
    p.add_argument("--json", metavar="PATH", help="write the optima and the grids as JSON to PATH")
    p.set_defaults(func=run)


def parse_length(text: str, key: str):
    """'300 km' -> Quantity; InputError naming the option otherwise."""
    from astropy import units as u

    from deltav.errors import InputError

    expected = 'a length such as "300 km"'
    try:
        q = u.Quantity(str(text))
    except (TypeError, ValueError):
        raise InputError(f"cannot read {text!r} as a length", key=key, expected=expected) from None
    if not q.unit.is_equivalent(u.km):
        raise InputError(f"{text!r} is not a length", key=key, expected=expected)
    if q.to_value(u.km) < 0:
        raise InputError(f"{text!r} is negative", key=key, expected=expected)
    return q


def parse_grid(text: str) -> tuple[int, int]:
    from deltav.errors import InputError

    parts = str(text).lower().split("x")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        nums = []
    if len(nums) not in (1, 2) or min(nums) < 2 or max(nums) > 5000:
        raise InputError(f"bad grid size {text!r}", key="--grid", expected="N or NxM with 2 <= N, M <= 5000")
    return (nums[0], nums[-1])


@contextlib.contextmanager
def progress(label: str, enabled: bool | None = None):
    """A transient rich progress bar on standard error while the block runs, only when that is a terminal.

    Yields ``update(done, total, label=None)`` (a callable, as ``progress=`` of the library functions
    expects), or None when disabled (piped, redirected): then nothing is drawn at all.
    """
    if enabled is None:
        enabled = _stderr_is_tty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task(label, total=None)

        def update(done, total, label: str | None = None):
            prog.update(task, completed=done, total=total, **({"description": label} if label else {}))

        yield update


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def run(args) -> int:
    from deltav import launch_windows
    from deltav.ephemeris import jd_to_iso, to_jd
    from deltav.launch_windows.grid import hohmann_days
    from deltav.errors import InputError
    from deltav.outputs import write_json
    from deltav.tables import paragraph, render, terminal

    o, t, d0, d1 = planets_and_dates(args, "porkchops")
    th = hohmann_days(o, t)
    a0 = float(to_jd(args.arrive_from, "--arrive-from")) if args.arrive_from else d0 + 0.3 * th
    a1 = float(to_jd(args.arrive_to, "--arrive-to")) if args.arrive_to else d1 + 1.7 * th
    if not a1 > a0:
        raise InputError("the arrival span ends before it starts", key="--arrive-to")
    if a1 <= d0:
        raise InputError("every arrival date is before the first departure", key="--arrive-to")
    n, m = parse_grid(args.grid)
    park = parse_length(args.parking_altitude, "--parking-altitude")
    cap = parse_length(args.capture_altitude, "--capture-altitude")
    apo = parse_length(args.capture_apoapsis_altitude, "--capture-apoapsis-altitude") \
        if args.capture_apoapsis_altitude else None

    out = args.out or f"porkchop-{o.name.lower()}-{t.name.lower()}-{jd_to_iso(d0)}"
    with progress(f"solving {n}×{m} Lambert problems") as update:
        res = launch_windows.porkchop(o, t, (d0, d1), (a0, a1), num=(n, m), parking_altitude=park,
                                      capture_altitude=cap, capture_apoapsis_altitude=apo,
                                      ephemeris=args.ephemeris, progress=update)
        written = []
        if not args.no_plot:
            if update:
                update(0, None, "drawing the porkchop")
            written = [str(p) for p in res.plot(out, formats=args.plot_formats)]

    rows = []
    for objective in ("c3", "total"):
        for kind in ("I", "II"):
            try:
                opt = res.optimum(objective, kind)
            except Exception:
                continue
            rows.append((f"min {'C3' if objective == 'c3' else 'total Δv'}", kind, opt["departure"], opt["arrival"],
                         f"{opt['tof_days']:.0f}", f"{opt['c3_km2_s2']:.2f}", f"{opt['vinf_arrival_km_s']:.2f}",
                         f"{opt['dv_total_km_s']:.3f}"))
    if args.json:
        write_json(args.json, res.to_dict())
        written.append(args.json)
    term = terminal()
    print(render(["optimum", "type", "departure", "arrival", "TOF (d)", "C3 (km²/s²)", "v∞ arr (km/s)",
                  "total Δv (km/s)"], rows, "table", align="llllrrrr", term=term,
                 title=f"{o.name} → {t.name}: {n}×{m} grid, {args.ephemeris} ephemeris, grid optima"), end="")
    step_d, step_a = (d1 - d0) / max(1, n - 1), (a1 - a0) / max(1, m - 1)
    print(paragraph(f"Grid optima: the best grid point, every {step_d:.2g} d of departure and {step_a:.2g} d of "
                    "arrival, not a refined minimum (`deltav windows` polishes each window's optimum with "
                    "Nelder-Mead between grid points, so its minimum C3 can be lower).", term.width))
    km = [f"{q.to_value('km'):g} km" if q is not None else None for q in (park, cap, apo)]
    print(paragraph(f"Total Δv: {km[0]} circular parking orbit → capture at {km[1]}"
                    + (f" × {km[2]}" if apo is not None else " circular") + " (impulsive, at periapsis).",
                    term.width))
    for w in written:
        print(f"wrote {w}")
    return 0
