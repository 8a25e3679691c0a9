"""``deltav validate SCENARIO...``: check scenario files the way ``deltav run`` would, without writing anything.

Each file is loaded, evaluated and judged exactly as ``run`` does (only the plots and files are left
out), so a file that validates does not fail ``run`` on its input. Every file is reported, whatever
the others hold.
"""

from __future__ import annotations

import sys

from deltav.cli._common import new_parser


def register(sub) -> None:
    p = new_parser(sub, "validate", "check scenario files (keys, units, vehicles, leg order, transfers) as run "
                   "would, without writing anything", "deltav validate scenarios/*.yaml")
    p.add_argument("scenarios", nargs="+", help="scenario YAML files")
    p.set_defaults(func=run)


def run(args) -> int:
    from deltav import report
    from deltav.cli.run import compute
    from deltav.errors import DeltavError

    status = 0
    for path in args.scenarios:
        try:
            sc, result, claims = compute(path)
            report.to_json(result, [], claims)  # the report run would write and print, built and dropped
            report.text(result, "table", plots=[], claims=claims)
        except DeltavError as exc:
            print(f"{exc}", file=sys.stderr)
            status = max(status, 2)
        except Exception as exc:  # noqa: BLE001 - a bug met on one file must not hide the others' reports
            from deltav.cli import EXIT_INTERNAL

            if getattr(args, "debug", False):
                raise

            print(f"{path}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}; rerun with "
                  "--debug for the traceback", file=sys.stderr)
            status = EXIT_INTERNAL
        else:
            print(f"{path}: ok ({sc.name}: {len(sc.architectures)} architecture(s))")
    return status
