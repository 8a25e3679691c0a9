"""``deltav bodies``: the body constants with their sources."""

from __future__ import annotations

import json

from deltav.cli._common import add_format, new_parser


def register(sub) -> None:
    p = new_parser(sub, "bodies", "list GM, radii and mean orbits of the bodies (with sources)",
                   "deltav bodies --format markdown")
    add_format(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from deltav import bodies
    from deltav.tables import paragraph, render, terminal

    rows = [(b.name, f"{b.gm:.6f}", f"{b.radius_km:g}", f"{b.mean_radius_km:g}",
             "" if b.sma_km is None else f"{b.sma_km:.6g}", "" if b.period_days is None else f"{b.period_days:g}",
             "" if b.soi_km is None else f"{b.soi_km:.4g}") for b in bodies.ALL.values()]
    if args.format == "json":
        print(json.dumps([{"name": b.name, "gm_km3_s2": b.gm, "radius_km": b.radius_km,
                           "mean_radius_km": b.mean_radius_km, "sma_km": b.sma_km, "period_days": b.period_days,
                           "soi_km": b.soi_km} for b in bodies.ALL.values()], indent=2))
        return 0
    print(render(["body", "GM (km³/s²)", "R eq (km)", "R mean (km)", "a (km)", "period (d)", "SOI (km)"], rows,
                 args.format, title="Bodies"), end="")
    note = ("Sources: GM JPL DE440 (Park et al. 2021); radii IAU WGCCRE 2015 (Archinal et al. 2018); "
            "orbits NASA NSSDCA fact sheets; SOI a(m/M)^0.4.")
    print(note if args.format == "markdown" else paragraph(note, terminal().width))
    return 0
