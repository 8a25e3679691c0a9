"""Options and helpers shared by several verbs."""

from __future__ import annotations

import argparse


def add_format(parser: argparse.ArgumentParser, choices=("table", "markdown", "json")) -> None:
    parser.add_argument("--format", choices=choices, default="table", help="output format (default: table)")


def new_parser(sub, name: str, help: str, example: str, description: str | None = None) -> argparse.ArgumentParser:
    """A verb's parser with its example shown in --help."""
    return sub.add_parser(name, help=help, description=description or help, epilog=f"example:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)
