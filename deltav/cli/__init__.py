"""The ``deltav`` command: one verb per job, each in its own module of this package.

A verb module defines ``register(subparsers)``, which adds its parser and sets ``func`` to a
function ``(args) -> int``. Exit status: 0 ok, 1 a claim or check failed, 2 usage, input or
output-path error, 70 internal error. Input errors print ``FILE:LINE: key: what is wrong (expected ...)``;
nothing prints a traceback unless ``--debug`` is given (docs/reliability.md).
"""

from __future__ import annotations

import argparse
import contextlib
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


#: Exit status of an internal error (a bug in deltav), as sysexits.h's EX_SOFTWARE.
EXIT_INTERNAL = 70


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``deltav`` parser. Given the ``command`` on the line (a verb's name), only that verb's module is
    imported and its parser built: building all of them costs as much as validating a scenario. Any other
    word (or none) builds every verb, for ``--help`` and argparse's "invalid choice" message."""
    parser = argparse.ArgumentParser(
        prog="deltav", description="Orbital-mechanics what-if calculator: delta-v, mass budgets, windows, claims.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    from deltav import __version__
    parser.add_argument("--version", action="version", version=f"deltav {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an internal error (accepted anywhere on the line)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    verbs = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    for name in [command] if command in verbs else verbs:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def _verb(argv: list[str]) -> str | None:
    """The verb on the line: the first word that is not an option (top-level options take no value); None if
    help is asked for before it (``deltav -h run`` lists every verb)."""
    for a in argv:
        if a in ("-h", "--help"):
            return None
        if not a.startswith("-"):
            return a
    return None


def main(argv: list[str] | None = None) -> int:
    """Run one ``deltav`` command line; return the exit status. Never raises, never prints a traceback
    unless ``--debug`` is given.

    Exit status: 0 ok; 1 a claim or check failed; 2 a usage, input or output-path error
    (``FILE:LINE: key: what (expected ...)``); 70 an internal error (a bug: please report it);
    130 interrupted.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    command = "deltav"
    import warnings

    with warnings.catch_warnings(), _terminate_cleanly():
        warnings.showwarning = _one_line_warning
        try:
            parser = build_parser(_verb(argv))
            args = parser.parse_args(argv)
            if not getattr(args, "func", None):
                parser.print_help()
                return 2
            command = f"deltav {args.command}"
            args.debug = debug
            return int(args.func(args) or 0)
        except SystemExit as exc:  # argparse: --help, --version, a usage error
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:  # `deltav ... | head`
            _quiet_stdout()
            return 0
        except Exception as exc:  # noqa: BLE001 - the one place every error is turned into a message
            return _report(exc, command, debug)


@contextlib.contextmanager
def _terminate_cleanly():
    """SIGTERM unwinds like an error (exit 143), so that staging folders and workers are cleaned up."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report(exc: Exception, command: str, debug: bool) -> int:
    from deltav.errors import DeltavError

    if debug:
        import traceback

        traceback.print_exc()
    if isinstance(exc, DeltavError):
        print(f"{command}: error: {exc}", file=sys.stderr)
        return 2
    what = " ".join(f"{type(exc).__name__}: {exc}".split())
    what = what if len(what) <= 300 else what[:297] + "..."
    hint = "" if debug else "; rerun with --debug for the traceback"
    print(f"{command}: internal error: {what}{hint}", file=sys.stderr)
    return EXIT_INTERNAL


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    text = " ".join(str(message).split())
    print(f"deltav: warning: {category.__name__}: {text}", file=file or sys.stderr)


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so that the interpreter's final flush is silent."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
