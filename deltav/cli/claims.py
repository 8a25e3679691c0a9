"""``deltav claims``: the claims ledger — each claim, its computed verdict, the numbers and sources."""

from __future__ import annotations

import json
import sys

from deltav.cli._common import add_format, new_parser


def register(sub) -> None:
    p = new_parser(sub, "claims", "check every claim of seeds/claims.yaml and print the ledger",
                   "deltav claims --json results/claims.json --plots plots/claims")
    add_format(p, choices=("table", "markdown"))
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON ('-' = stdout only)")
    p.add_argument("--only", metavar="ID", nargs="+", help="check only these claim ids")
    p.add_argument("--seeds", metavar="PATH", help="claims seed file (default: seeds/claims.yaml)")
    p.add_argument("--plots", metavar="DIR", nargs="?", const="plots/claims",
                   help="also draw the ledger's figures (default DIR: plots/claims)")
    p.set_defaults(func=run)


def run(args) -> int:
    import warnings

    from deltav import claims
    from deltav.outputs import write_json

    path = args.seeds or claims.SEEDS
    seeds = claims.load(path)  # validate first: a bad seed file writes nothing
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ERFA 'dubious year' warnings outside 1900-2100
        results = claims.run(path, args.only)
    data = [r.to_json() for r in results]
    if args.json == "-":
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
        print()
    else:
        print(claims.ledger(results, seeds, args.format), end="")
        if args.json:
            write_json(args.json, data)
            print(f"wrote {args.json}")
    if args.plots:
        from deltav.plots import claims as plots

        for f in plots.all_figures(args.plots):
            print(f"wrote {f}")
    return 0
