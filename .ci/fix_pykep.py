"""Work around the pykep 3.0.1 wheel on PyPI, which lacks four JSON data files and so fails on import.

pykep (a benchmark and cross-check peer, never a runtime dependency) reads
``pykep/trajopt/gym/tops/_tops_{cr3bp,twobody,ss,mee}.json`` at import time; we create them as
``{}`` (the TOPS gym problems are not used by deltav). Run after installing the ``bench`` extra.
"""

import importlib.util
import pathlib
import sys

spec = importlib.util.find_spec("pykep")
if spec is None or not spec.submodule_search_locations:
    print("pykep not installed; nothing to fix")
    sys.exit(0)
tops = pathlib.Path(spec.submodule_search_locations[0]) / "trajopt" / "gym" / "tops"
tops.mkdir(parents=True, exist_ok=True)
for name in ("cr3bp", "twobody", "ss", "mee"):
    f = tops / f"_tops_{name}.json"
    if not f.exists():
        f.write_text("{}")
        print(f"created {f}")
