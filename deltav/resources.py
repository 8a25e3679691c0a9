"""Where deltav's shipped data files are: package data in an installed wheel, the repository in a checkout.

``seeds/claims.yaml`` and ``scenarios/*.yaml`` are the repository's sources; the wheel build
(``setup.py``) copies them into ``deltav/data/`` so that an installed deltav finds them from any
directory.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_DATA = _PACKAGE / "data"
_REPO = _PACKAGE.parent


def seeds_file() -> Path:
    """The claims seed file."""
    packaged = _DATA / "claims.yaml"
    return packaged if packaged.is_file() else _REPO / "seeds" / "claims.yaml"


def scenarios_dir() -> Path:
    """The folder of shipped scenarios."""
    packaged = _DATA / "scenarios"
    return packaged if packaged.is_dir() else _REPO / "scenarios"


def display_path(path: str | Path) -> str:
    """``scenarios/NAME`` for a shipped scenario, else the path relative to the working directory
    (or its file name when it lies outside it): short, and never the install location."""
    import os

    path = Path(path).resolve()
    if path.parent == scenarios_dir().resolve():
        return f"scenarios/{path.name}"
    rel = os.path.relpath(path)
    return path.name if rel.startswith("..") else rel
