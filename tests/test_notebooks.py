"""The example notebooks (``examples/*.ipynb``) run from top to bottom in a fresh kernel, so they never rot.

Each notebook is executed with nbclient in a new ``python3`` kernel (ipykernel installs it), from the repository
root where the notebooks' relative paths (``scenarios/...``) point; an error in any cell fails its test. The
stored copies are what readers see on GitHub without running anything, so they must be executed, error-free and
small. Not marked slow: the default run (and CI) executes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="test extra not installed: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="test extra not installed: pip install -e '.[test]'")
pytest.importorskip("ipykernel", reason="test extra not installed: pip install -e '.[test]'")
for _needed in ("pandas", "xarray", "SALib"):  # the notebooks' tables, sweeps and Sobol indices
    pytest.importorskip(_needed, reason="sweep extra not installed: pip install -e '.[sweep]'")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))
CELL_TIMEOUT_S = 120
MAX_STORED_BYTES = 300_000  # figures are stored as 80 dpi greyscale PNGs; a notebook above this has grown a problem


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_readme_links_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Notebooks"):readme.index("## Using it from a notebook")]
    assert [p.name for p in NOTEBOOKS] == ["01-the-beacon-question.ipynb", "02-your-own-depot.ipynb",
                                           "03-windows-and-porkchops.ipynb", "04-what-if-sweeps.ipynb"]
    for p in NOTEBOOKS:
        assert f"(examples/{p.name})" in section, p.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:  # names the cell and shows the traceback
        pytest.fail(f"{path.name}: {exc}", pytrace=False)
    # A warning (deprecation, runtime) is the first sign of rot. Other stderr text, such as matplotlib's one-off
    # "building the font cache" on a fresh machine, is not.
    warned = [o.text for c in _code_cells(nb) for o in c.outputs if o.get("name") == "stderr" and "Warning" in o.text]
    assert not warned, f"{path.name} warns: {warned}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_notebook_is_executed_and_small(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    cells = _code_cells(nb)
    # Executed once, top to bottom: execution counts 1, 2, ... in cell order.
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1)), f"re-run {path.name} top to bottom"
    errors = [o for c in cells for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{path.name} is stored with an error output"
    assert any(o.get("data", {}).get("image/png") for c in cells for o in c.outputs), f"{path.name} has no figure"
    assert path.stat().st_size < MAX_STORED_BYTES, f"{path.name}: {path.stat().st_size:,} bytes"
