"""The package stays easy to take in: small modules, one concept each (the layers themselves are checked
by import-linter, configured in pyproject.toml and run by CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "deltav"
MAX_LINES = 450


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_small(path):
    n = len(path.read_text().splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {n} lines (at most {MAX_LINES}): split it by concept"


def test_top_level_stays_small():
    modules = [p for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert len(modules) <= 16, sorted(p.name for p in modules)
