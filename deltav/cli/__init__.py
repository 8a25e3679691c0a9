"""The ``deltav`` command: one verb per job, each in its own module of this package.

A verb module defines ``register(subparsers)``, which adds its parser and sets ``func`` to a
function ``(args) -> int``. Exit status: 0 ok, 1 a claim or check failed, 2 usage or input error.
Input errors print ``FILE:LINE: key: what is wrong (expected ...)`` and never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

EPILOG = """examples:
  deltav run scenarios/beacon.yaml            compare direct vs via the Beacon depot
  deltav validate scenarios/depots.yaml       check a scenario without running it
  deltav porkchop --from 2026-08-01 --to 2027-01-31
  deltav windows --from 2026-01-01 --to 2034-12-31
  deltav claims                               the claims ledger with computed verdicts
  deltav vehicles                             the launch-vehicle catalogue with sources
  deltav bodies                               GM, radii and orbits of the bodies
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deltav", description="Orbital-mechanics what-if calculator: delta-v, mass budgets, windows, claims.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    from deltav import __version__
    parser.add_argument("--version", action="version", version=f"deltav {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from deltav.errors import DeltavError

    try:
        return int(args.func(args) or 0)
    except DeltavError as exc:
        print(f"deltav {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `deltav ... | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
