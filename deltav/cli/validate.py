"""``deltav validate SCENARIO...``: check scenario files without running them."""

from __future__ import annotations

import sys

from deltav.cli._common import new_parser


def register(sub) -> None:
    p = new_parser(sub, "validate", "check scenario files (keys, units, vehicles, leg order) without running them",
                   "deltav validate scenarios/*.yaml")
    p.add_argument("scenarios", nargs="+", help="scenario YAML files")
    p.set_defaults(func=run)


def run(args) -> int:
    from deltav import scenario
    from deltav.errors import InputError

    status = 0
    for path in args.scenarios:
        try:
            sc = scenario.load(path)
        except InputError as exc:
            print(f"{exc}", file=sys.stderr)
            status = 2
        else:
            print(f"{path}: ok ({sc.name}: {len(sc.architectures)} architecture(s))")
    return status
