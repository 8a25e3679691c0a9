"""deltav.core stays pure: importing any of its modules loads neither astropy nor matplotlib.

Every ``.py`` file in deltav/core is imported, so new modules are covered automatically.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import deltav.core

CORE = Path(deltav.core.__file__).parent
MODULES = sorted("deltav.core" + ("" if p.stem == "__init__" else f".{p.stem}") for p in CORE.glob("*.py"))
FORBIDDEN = ("astropy", "matplotlib")


@pytest.mark.parametrize("module", MODULES)
def test_core_module_imports_no_astropy(module):
    code = (f"import sys, json, importlib; importlib.import_module({module!r}); "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [], f"{module} pulls in {out.stdout.strip()}"


def test_every_core_file_is_covered():
    assert len(MODULES) == len(list(CORE.glob("*.py"))) >= 4
