"""``dir(deltav)`` lists the public API only (issue 16: ``deltav.annotations`` and ``deltav.importlib``
were visible), and every listed name resolves."""

from __future__ import annotations

import subprocess
import sys

import deltav


def test_dir_lists_only_public_names():
    public = [name for name in dir(deltav) if not name.startswith("_")]
    assert set(public) == set(deltav.__all__)
    assert "__version__" in dir(deltav)


def test_helpers_and_future_imports_are_not_attributes():
    for name in ("annotations", "importlib"):
        assert name not in dir(deltav) and not hasattr(deltav, name)


def test_internal_submodules_stay_out_of_dir_once_imported():
    import deltav.outputs  # noqa: F401
    import deltav.tables  # noqa: F401

    assert "tables" not in dir(deltav) and "outputs" not in dir(deltav)


def test_every_listed_name_resolves():
    # in a fresh interpreter, so that nothing imported by other tests hides a broken lazy import
    code = "import deltav; missing = [n for n in deltav.__all__ if getattr(deltav, n, None) is None]; print(missing)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
