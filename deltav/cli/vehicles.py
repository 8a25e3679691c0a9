"""``deltav vehicles``: the launch-vehicle catalogue, every figure with its source."""

from __future__ import annotations

import json

from deltav.cli._common import add_format, new_parser


def register(sub) -> None:
    p = new_parser(sub, "vehicles", "list launch vehicles: lift-off thrust, payload to LEO/GTO/TLI/TMI (with sources)",
                   "deltav vehicles --format markdown")
    add_format(p)
    p.add_argument("--no-sources", action="store_true", help="omit the list of sources under the table")
    p.set_defaults(func=run)


def _t(kg):
    return "—" if kg is None else f"{kg / 1000:g}"


def run(args) -> int:
    from deltav import vehicles
    from deltav.tables import fit, render

    cat = vehicles.catalogue()
    if args.format == "json":
        print(json.dumps([vehicles.as_json(v) for v in cat], indent=2, ensure_ascii=False))
        return 0
    aliases = {t: a for a, t in vehicles.ALIASES.items()}
    rows = []
    for v in cat:
        thrust = v.liftoff_thrust_kN
        rows.append((v.id + (f" ({aliases[v.id]})" if v.id in aliases else ""), v.status, v.config_date,
                     "—" if thrust is None else f"{thrust:,.0f}",
                     "—" if thrust is None else f"{v.liftoff_thrust_tf:,.0f}",
                     *(_t(v.payload_kg[d]) for d in vehicles.DESTINATIONS)))
    print(render(["vehicle (alias)", "status", "figures of", "lift-off kN", "lift-off tf", "LEO t", "GTO t",
                  "TLI t", "TMI t"], rows, args.format, title="Launch vehicles", align="lllrrrrrr"), end="")
    if not args.no_sources:
        bullet = "- " if args.format == "markdown" else "  "
        lines = ["", "Sources (— = not published):"]
        for v in cat:
            lines.append(f"{bullet}{v.id}:" if args.format == "markdown" else f"{v.id}:")
            lines += [f"  {bullet}{key}: {src}" for key, src in v.sources.items()]
        text = "\n".join(lines)
        print(text if args.format == "markdown" else fit(text))
    return 0
