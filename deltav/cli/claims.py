"""``deltav claims``: the claims ledger — each claim, its computed verdict, the numbers and sources."""

from __future__ import annotations

import json
import sys

from deltav.cli._common import add_format, add_plot_formats

EPILOG = """exit status:
  0  every --expect held (or none was given)
  1  a verdict differs from its --expect (each one is named on standard error)
  2  a usage or input error (bad seed file, unknown claim id or verdict)

examples:
  deltav claims --json results/claims.json --plots plots/claims
  deltav claims -q                                       one "id: verdict" line per claim
  deltav claims --expect beacon-total-dv=false --expect depot-supply=false   (in CI: fails if a verdict moves)
"""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("claims", help="check every claim of seeds/claims.yaml and print the ledger",
                       description="Check every claim of the seed file and print the ledger: each claim, its "
                       "computed verdict (true, false, partly, undetermined), the numbers behind it and its "
                       "sources. A progress bar is drawn on standard error when it is a terminal.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_format(p, choices=("table", "markdown"))
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON ('-' = stdout only)")
    p.add_argument("--only", metavar="ID", nargs="+", help="check only these claim ids")
    p.add_argument("--seeds", metavar="PATH", help="claims seed file (default: seeds/claims.yaml)")
    p.add_argument("--plots", metavar="DIR", nargs="?", const="plots/claims",
                   help="also draw the ledger's figures (default DIR: plots/claims)")
    add_plot_formats(p)
    p.add_argument("--expect", metavar="ID=VERDICT", action="append", default=[],
                   help="exit with status 1 if claim ID's verdict is not VERDICT (true, false, partly or "
                        "undetermined); repeat for several claims")
    p.add_argument("--quiet", "-q", action="store_true", help="print only 'id: verdict' lines")
    p.set_defaults(func=run)


def parse_expect(items: list[str], known) -> dict[str, str]:
    """``["beacon-total-dv=false"]`` -> ``{"beacon-total-dv": "false"}``, each id and verdict checked."""
    from deltav.claims import VERDICTS
    from deltav.errors import InputError, unknown_name

    out = {}
    for item in items:
        cid, sep, word = item.partition("=")
        cid, word = cid.strip(), word.strip().lower()
        if not sep or not cid:
            raise InputError(f"cannot read {item!r}", key="--expect", expected="ID=VERDICT, e.g. beacon-total-dv=false")
        if cid not in known:
            raise unknown_name("claim", cid, known)
        if word not in VERDICTS:
            raise InputError(f"unknown verdict {word!r} for {cid}", key="--expect", expected=" or ".join(VERDICTS))
        out[cid] = word
    return out


def _evaluate(seeds, ids: list[str] | None) -> list:
    """The claims (all, or ``ids`` in file order) evaluated one by one, with a progress bar on a terminal."""
    import warnings

    from deltav import claims
    from deltav.claims.ledger import select
    from deltav.cli.porkchop import progress

    seeds = select(seeds, ids)
    results = []
    with progress("checking claims") as update, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ERFA 'dubious year' warnings outside 1900-2100
        for n, c in enumerate(seeds):
            if update:
                update(n, len(seeds), f"checking {c.id}")
            results.append(claims.evaluate(c))
    return results


def run(args) -> int:
    from deltav import claims
    from deltav.outputs import write_json
    from deltav.tables import VERDICT_STYLES, fit, styled, terminal

    path = args.seeds or claims.SEEDS
    seeds = claims.load(path)  # validate first: a bad seed file writes nothing
    expect = parse_expect(args.expect, [c.id for c in seeds])
    ids = None if not args.only else list(dict.fromkeys([*args.only, *expect]))
    results = _evaluate(seeds, ids)
    data = [r.to_json() for r in results]
    term = terminal()
    if args.json == "-":
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
        print()
    elif args.quiet:
        for r in results:
            print(f"{r.id}: {r.verdict}")
    else:
        text = claims.ledger(results, seeds, args.format)
        print(text if args.format == "markdown" else fit(text, term.width), end="")
    if args.json and args.json != "-":
        write_json(args.json, data)
        if not args.quiet:
            print(f"wrote {args.json}")
    if args.plots:
        from deltav.plots import claims as plots

        for f in plots.all_figures(args.plots, args.plot_formats):
            if not args.quiet:
                print(f"wrote {f}")
    got = {r.id: r.verdict for r in results}
    missed = {cid: want for cid, want in expect.items() if got[cid] != want}
    err = terminal(sys.stderr)
    for cid, want in missed.items():
        print(f"deltav claims: {cid} is {styled(got[cid], VERDICT_STYLES[got[cid]], err)}, expected "
              f"{styled(want, VERDICT_STYLES[want], err)}", file=sys.stderr)
    return 1 if missed else 0
