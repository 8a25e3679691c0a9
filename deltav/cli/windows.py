"""``deltav windows``: the optimal ballistic launch windows (type I and II) between two dates."""

from __future__ import annotations

import json

from deltav.cli._common import add_format, new_parser, planets_and_dates


def register(sub) -> None:
    p = new_parser(sub, "windows", "optimal type I and II launch windows between two planets in a date span",
                   "deltav windows --from 2026-01-01 --to 2034-12-31 --json windows.json",
                   description="The optimal type I and type II ballistic transfer of each launch window in a span "
                   "of departure dates: the best point of a 2-day Lambert grid, refined with scipy Nelder-Mead "
                   "over continuous dates (so its C3 can be lower than a `deltav porkchop` grid optimum). A "
                   "progress bar is drawn on standard error when it is a terminal.")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="first departure date (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last departure date (YYYY-MM-DD)")
    p.add_argument("--origin", default="Earth", help="departure planet (default: Earth)")
    p.add_argument("--target", default="Mars", help="arrival planet (default: Mars)")
    p.add_argument("--objective", choices=("c3", "total"), default="c3",
                   help="minimise departure C3 (default) or departure + arrival v-infinity")
    p.add_argument("--ephemeris", choices=("builtin", "de440"), default="builtin",
                   help="planet ephemeris (de440 needs: pip install 'deltav[de440]')")
    p.add_argument("--json", metavar="PATH", help="also write the windows as a JSON list to PATH")
    add_format(p)
    p.set_defaults(func=run)


KEYS = ("type", "departure", "arrival", "c3_km2_s2", "vinf_departure_km_s", "vinf_arrival_km_s", "tof_days")


def run(args) -> int:
    from deltav import launch_windows
    from deltav.cli.porkchop import progress
    from deltav.outputs import write_json
    from deltav.tables import paragraph, render, terminal

    o, t, d0, d1 = planets_and_dates(args, "windows")
    with progress("refining launch windows") as update:
        found = launch_windows.windows(o, t, d0, d1, ephemeris=args.ephemeris, objective=args.objective,
                                       progress=update)
    out = [{k: (round(w[k], 6) if isinstance(w[k], float) else w[k]) for k in KEYS} for w in found]
    if args.json:
        write_json(args.json, out)
    if args.format == "json":
        print(json.dumps(out, indent=2))
        return 0
    term = terminal()
    rows = [(w["type"], w["departure"], w["arrival"], f"{w['tof_days']:.0f}", f"{w['c3_km2_s2']:.2f}",
             f"{w['vinf_departure_km_s']:.3f}", f"{w['vinf_arrival_km_s']:.3f}") for w in out]
    print(render(["type", "departure", "arrival", "TOF (d)", "C3 (km²/s²)", "v∞ dep (km/s)", "v∞ arr (km/s)"],
                 rows, args.format, align="lllrrrr", term=term,
                 title=f"{o.name} → {t.name} launch windows {args.start} to {args.end} "
                 f"(minimum {'C3' if args.objective == 'c3' else 'v∞ sum'}, {args.ephemeris} ephemeris)"), end="")
    note = ("Type I: transfer angle < 180°, type II: > 180°. Ballistic Lambert arcs; each window's optimum is "
            "refined (scipy Nelder-Mead over continuous departure and arrival dates, from the best point of a "
            "2-day grid), so its C3 can be lower than the grid optima of `deltav porkchop`.")
    print(note if args.format == "markdown" else paragraph(note, term.width))
    if args.json:
        print(f"wrote {args.json}")
    return 0
