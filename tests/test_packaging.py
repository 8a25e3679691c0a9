"""The wheel works on its own: built, installed in a fresh virtualenv, run from a folder outside the repository.

The fresh environment borrows this interpreter's third-party packages through a ``.pth`` line (so the test
needs no network), but not its editable deltav: a ``.pth`` line adds a folder without running the ``.pth``
files inside it, so the only deltav it can import is the one from the wheel.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True, text=True)
    (whl,) = out.glob("deltav-*.whl")
    return whl


def test_wheel_carries_the_claims_and_scenarios(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "deltav/data/claims.yaml" in names
    shipped = {f"deltav/data/scenarios/{p.name}" for p in (ROOT / "scenarios").glob("*.yaml")}
    assert shipped and shipped <= names
    assert "deltav/data/launch_vehicles.yaml" in names


def test_installed_wheel_runs_claims_from_any_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    inner = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           check=True, capture_output=True, text=True).stdout.strip()
    Path(inner, "borrowed.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | {"MPLBACKEND": "Agg"}
    where = subprocess.run([str(py), "-c", "import deltav; print(deltav.__file__)"], cwd=elsewhere, env=env,
                           check=True, capture_output=True, text=True).stdout.strip()
    assert where.startswith(inner), where  # the wheel's deltav, not the checkout's
    out = elsewhere / "ledger.json"
    proc = subprocess.run([str(venv / "bin" / "deltav"), "claims", "--json", str(out), "--format", "markdown"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    ledger = {c["id"]: c for c in json.loads(out.read_text())}
    beacon = ledger["beacon-total-dv"]
    assert beacon["verdict"] != "undetermined", beacon["summary"]  # the shipped scenario was found and run
    assert "scenario scenarios/beacon.yaml" in beacon["sources"]
