"""The table of solved CR3BP legs (:mod:`deltav.cislunar.memo`) never serves a stale result.

What is proved here, without any timing: an entry is served only for exactly its arguments (every argument
is part of the key: a change of 1e-9 misses) and for exactly the code and numerical libraries it was
computed with (every module the legs import is hashed); every entry equals a fresh computation; and the
shipped scenarios, the claims and the standard figures then integrate nothing at all (RHS calls counted).
"""

from __future__ import annotations

import ast
import math
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from counting import ROOT, clear_leg_caches, count_rhs
from hypothesis import given
from hypothesis import strategies as st

from deltav.cislunar import flyby, flyby_perigee, memo, shooting

TABLE = memo.shipped()
COMPUTE = {"to_lpoint": shooting._to_lpoint, "escape": shooting._escape, "flyby": flyby._solve,
           "flyby_perigee": flyby_perigee._solve}
REGENERATE = "the leg code changed since the table was made: run `python tools/update_legs_table.py`"


def _entries():
    return [] if TABLE is None else sorted(TABLE.LEGS.items())


def _parse(key: str):
    kind, args = ast.literal_eval(key)
    return kind, args


def _ids():
    return [f"{i}-" + "-".join(str(a) for a in (_parse(k)[0], *_parse(k)[1][:2])) for i, (k, _) in enumerate(_entries())]


def _served_here():
    """Fail if the table is stale for this source code; skip where numpy/scipy differ (it is then not served)."""
    assert TABLE is not None, "deltav/cislunar/_legs_table.py is missing: run `python tools/update_legs_table.py`"
    assert TABLE.SOURCES_DIGEST == memo.sources_digest(), REGENERATE
    if TABLE.VERSION != memo.code_version():
        pytest.skip("the table was made with other numpy/scipy builds: it is not served here")


@pytest.fixture
def fresh():
    clear_leg_caches()
    yield
    clear_leg_caches()


def test_table_is_current_for_this_code():
    _served_here()
    assert len(TABLE.LEGS) >= 10


def _same(fresh_value, served, path="result"):
    """Equal, floats to 1e-9 relative: the platform's last bits (numpy's SIMD sin/cos) may differ; on the
    machine that made the table they are identical. Numbers inside the notes are compared as text elsewhere."""
    if isinstance(fresh_value, float) and isinstance(served, float):
        assert math.isclose(fresh_value, served, rel_tol=1e-9, abs_tol=1e-12), f"{path}: {fresh_value!r} != {served!r}"
    elif isinstance(fresh_value, tuple) and isinstance(served, tuple):
        assert len(fresh_value) == len(served), path
        for i, (a, b) in enumerate(zip(fresh_value, served)):
            _same(a, b, f"{path}[{i}]")
    elif isinstance(fresh_value, str) and isinstance(served, str):
        number = re.compile(r"[-+]?\d[\d,]*\.?\d*(?:e[-+]?\d+)?")
        assert number.sub("#", fresh_value) == number.sub("#", served), path
    else:
        assert fresh_value == served, f"{path}: {fresh_value!r} != {served!r}"


@pytest.mark.parametrize("key, served", _entries(), ids=_ids())
def test_entry_equals_a_fresh_computation(key, served, fresh):
    _served_here()
    kind, args = _parse(key)
    with memo.computing():
        got = memo.plain(COMPUTE[kind](*args))
    _same(got, served)


FLOATS = st.floats(allow_nan=False, allow_infinity=False)


@given(FLOATS, FLOATS)
def test_keys_hold_floats_exactly(a, b):
    # Invariant: the key round-trips every float bit for bit, a numpy float gives the same key as a Python
    # one, and two keys are equal only if every argument is equal (no false hit; -0.0 and 0.0 merely miss).
    ka, kb = memo.key("escape", ("EML4", a)), memo.key("escape", ("EML4", np.float64(b)))
    assert ast.literal_eval(ka)[1][1] == a and memo.key("escape", ("EML4", np.float64(a))) == ka
    if ka == kb:
        assert a == b


def _perturbed(args: tuple):
    """Each argument changed in turn, by the least that matters: 1e-9 relative for numbers."""
    for i, a in enumerate(args):
        if isinstance(a, float):
            new = a * (1 + 1e-9) if a else 1e-9
        elif isinstance(a, str):
            new = a + "x"
        elif isinstance(a, tuple):
            new = (a[0] * (1 + 1e-9),) + a[1:] if a else (1.0,)
        elif a is None:
            new = 1.0
        else:
            raise AssertionError(f"argument {i} of unexpected type {type(a)}")
        yield i, args[:i] + (new,) + args[i + 1:]


@pytest.mark.parametrize("key", [k for k, _ in _entries()], ids=_ids())
def test_every_argument_is_part_of_the_key(key):
    _served_here()
    kind, args = _parse(key)
    calls = []

    def spy(*a):
        calls.append(a)
        return "computed"

    assert memo.served(kind, args, spy) != "computed" and calls == []  # the exact arguments: served
    for i, other in _perturbed(args):
        calls.clear()
        assert memo.served(kind, other, spy) == "computed" and calls == [other], f"argument {i} is not in the key"


def test_an_input_changed_by_1e_9_is_recomputed(monkeypatch, fresh):
    _served_here()
    counts = count_rhs(monkeypatch)
    key = next(k for k in TABLE.LEGS if _parse(k)[0] == "escape" and _parse(k)[1][1] == "direct-burn")
    _, args = _parse(key)
    assert shooting.escape(*args) == TABLE.LEGS[key] and counts["rhs"] == 0  # served: nothing integrated
    o, strategy, v_inf, *rest = args
    got = shooting.escape(o, strategy, v_inf + 1e-9, *rest)
    assert counts["rhs"] > 0  # computed
    assert got[2] == pytest.approx(TABLE.LEGS[key][2], abs=1e-6) and got != TABLE.LEGS[key]


def test_table_off_computes(monkeypatch, fresh):
    _served_here()
    counts = count_rhs(monkeypatch)
    key = next(k for k in TABLE.LEGS if _parse(k)[0] == "escape")
    with memo.computing():
        shooting.escape(*_parse(key)[1])
    assert counts["rhs"] > 0


def test_a_change_of_code_or_libraries_stops_serving(tmp_path, monkeypatch):
    # every hashed source file counts: one changed byte changes the digest
    for rel in memo.SOURCES:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "deltav" / rel, tmp_path / rel)
    assert memo.sources_digest(tmp_path) == memo.sources_digest()
    for rel in memo.SOURCES:
        original = (tmp_path / rel).read_bytes()
        (tmp_path / rel).write_bytes(original + b"\n")
        assert memo.sources_digest(tmp_path) != memo.sources_digest(), rel
        (tmp_path / rel).write_bytes(original)
    # another numpy build
    before = memo.libraries_digest()
    monkeypatch.setattr(memo.np, "__version__", "0.0.0")
    assert memo.libraries_digest() != before
    # and a version other than the table's serves nothing
    monkeypatch.setattr(memo, "code_version", lambda: "another version")
    key = next(iter(TABLE.LEGS))
    kind, args = _parse(key)
    assert memo.served(kind, args, lambda *a: "computed") == "computed"


def _deltav_imports(path: Path) -> set[str]:
    """deltav modules imported anywhere in a file (function-level imports included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("deltav")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("deltav"):
            names |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
    return names


def _file(module: str) -> Path | None:
    base = ROOT / Path(*module.split("."))
    return base.with_suffix(".py") if base.with_suffix(".py").is_file() else None


def test_sources_cover_every_module_the_legs_import():
    # Not hashed, on purpose: exception classes (deltav.errors) and the Quantity -> float conversion
    # (deltav._quantity), which runs before the key is made; the table module itself is data.
    not_numbers = {"deltav/errors.py", "deltav/_quantity.py", "deltav/cislunar/_legs_table.py"}
    seen, todo = set(), [ROOT / "deltav/cislunar/shooting.py", ROOT / "deltav/cislunar/flyby.py",
                      ROOT / "deltav/cislunar/flyby_perigee.py"]
    while todo:
        path = todo.pop()
        rel = path.relative_to(ROOT).as_posix()
        if rel in seen or rel in not_numbers:
            continue
        seen.add(rel)
        todo += [f for m in _deltav_imports(path) if (f := _file(m)) is not None]
    hashed = {f"deltav/{rel}" for rel in memo.SOURCES}
    assert seen - hashed == set(), "add these to deltav.cislunar.memo.SOURCES"


def test_shipped_scenarios_claims_and_figures_integrate_nothing(monkeypatch, fresh):
    _served_here()
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import update_legs_table
    finally:
        sys.path.pop(0)
    counts = count_rhs(monkeypatch)
    assert update_legs_table.missing() == {}, REGENERATE
    assert counts["rhs"] == 0
