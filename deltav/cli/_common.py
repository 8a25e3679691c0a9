"""Options and helpers shared by several verbs."""

from __future__ import annotations

import argparse


def add_format(parser: argparse.ArgumentParser, choices=("table", "markdown", "json")) -> None:
    parser.add_argument("--format", choices=choices, default="table", help="output format (default: table)")


def new_parser(sub, name: str, help: str, example: str, description: str | None = None) -> argparse.ArgumentParser:
    """A verb's parser with its example shown in --help."""
    return sub.add_parser(name, help=help, description=description or help, epilog=f"example:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def planets_and_dates(args, what: str):
    """(origin Body, target Body, first JD, last JD) from --origin/--target/--from/--to, checked."""
    from deltav import bodies
    from deltav.ephemeris import to_jd
    from deltav.errors import InputError

    o, t = bodies.get(args.origin), bodies.get(args.target)
    if o.parent != "Sun" or t.parent != "Sun" or o is t:
        raise InputError(f"{what} need two different planets, got {o.name} and {t.name}", key="--origin/--target")
    d0, d1 = float(to_jd(args.start, "--from")), float(to_jd(args.end, "--to"))
    if not d1 > d0:
        raise InputError(f"--to {args.end} is not after --from {args.start}", key="--to",
                         expected="a last departure date later than the first")
    return o, t, d0, d1


#: Figure formats a verb can write; PNG alone by default (SVG adds a third to the drawing time, see
#: docs/benchmarks.md), vector formats on request for slides and papers.
PLOT_FORMATS = ("png", "svg", "pdf")


def _plot_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in formats if f not in PLOT_FORMATS]
    if bad or not formats:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a comma-separated list of {', '.join(PLOT_FORMATS)} "
                                         "(e.g. png,svg)")
    return formats


def add_plot_formats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plot-format", metavar="FMT[,FMT]", type=_plot_formats, default=("png",),
                        dest="plot_formats", help=f"figure formats, any of {', '.join(PLOT_FORMATS)} separated by "
                        "commas (default: png; png,svg adds vector copies for slides and papers)")
