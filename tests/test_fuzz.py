"""Fuzzing `deltav run` with mutations of every shipped scenario (issue 13: nothing a user types breaks deltav).

Hypothesis mutates the scenarios of ``scenarios/`` four ways: the values (hostile numbers, units, names,
dates, types), the keys (deleted, misspelt, capitalised, added), the structure (values wrapped in lists
or mappings, subtrees moved, YAML anchors, aliases and merge keys) and the bytes (text edits, encodings,
control characters, compression). Each outcome must be one of exactly two:

* exit 0, and ``results.json`` holds sane numbers: finite, non-negative delta-v and masses (an
  architecture that cannot close, and says why, may report its launched mass as null: unbounded);
* exit 2, a ``FILE:LINE: ...`` error on stderr, and nothing written.

Anything else (another exit status, a traceback, an internal error, a file written on exit 2) fails.
Runs are in-process (``deltav.cli.main``) with ``--no-plots``; a handful go through the real command
line with plots. The scenarios using the CR3BP are switched to the two-body model in the CI run (the
CR3BP costs about a second per run); the slow run (``-m slow``, 10^4 examples) keeps some of them.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import gzip
import io
import json
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from deltav.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "scenarios").glob("*.yaml"))}
DATA = {name: yaml.safe_load(text) for name, text in SCENARIOS.items()}
CI_EXAMPLES, SLOW_EXAMPLES = 300, 10_000

# ----------------------------------------------------------------------------- what mutations are made of

NUMBERS = ["0", "-0", "-1", "0.5", "1", "300", "450", "1e6", "1e-300", "1e308", "1e400", "-1e400", "9" * 400,
           "1" * 5000, "1_000", "0x10", ".5", "5.", "1e", "nan", "inf", "-inf", "NaN", "1/0", "∞", "１０"]
UNITS = ["", "km", "m", "Mm", "AU", "lyr", "pc", "km/s", "m/s", "t", "kg", "g", "lb", "s", "d", "h", "yr", "%",
         "%/d", "1/d", "deg", "rad", "J", "km**2", "km^3", "1/s", "N", "$x$", "dimensionless", "km s", "t t",
         "k" * 60, "((km", "km/0", "mag", "dex"]
NAMES = ["", " ", "x", "$x^$", "$\\frac{$", "a$b$c", "{depot}", "{depot} {depot}", "..", "../etc", "/abs",
         "a" * 65, "a" * 250, "é", "名前", "LEO", "EML4", "direct", "best", "mars", "Mars", "pluto", "sun",
         "falcon-heavy-expendable", "falcon-9", "starship", "sls-block-1", "nope-rocket", "hohmann", "lambert",
         "window", "vinf", "cr3bp", "two-body", "lunar-flyby", "perigee-burn", "direct-burn", "earth", "moon",
         "I", "II", "any", "builtin", "de440", "lunar-surface", "GEO", "LLO", "EML1", "EML2", "EML3", "EML5",
         "escape", "yes", "no", "null", "~", "2026-02-30", "2026-13-01", "1800-01-01", "2099-12-31",
         "2100-12-31", "2200-06-01", "x" * 10_001]
OTHER = [None, True, False, 0, 1, -1, 2, 100, 101, 1900, 1899, 2026, 2098, 2100, 2200, 2**70, 1.5, -0.0,
         float("inf"), float("nan"), 1e308, [], {}, [None], [[]], {"a": 1}, ["EML1", "EML4"], ["EML4", "EML4"],
         [2026, 2028], dt.date(2026, 11, 1), dt.date(1850, 1, 1), dt.date(2150, 1, 1),
         dt.datetime(2026, 11, 1, 12, 0)]
KEYS = ["name", "title", "description", "destination", "earth_orbit", "altitude", "apogee_altitude", "arrival",
        "periapsis_altitude", "apoapsis_altitude", "aerocapture", "aerocapture_periapsis_altitude", "transfer",
        "type", "depart", "arrive", "year", "kind", "ephemeris", "v_inf_departure", "v_inf_arrival",
        "cislunar_model", "ferry", "dry_mass", "payload", "isp", "tank_capacity", "launcher", "depot", "source",
        "tanker", "reusable", "lunar", "tanker_dry_mass", "delivery_per_trip", "cost_per_kg", "boiloff",
        "loiter", "architectures", "via", "strategies", "approach", "legs", "launch", "vehicle", "count", "burn",
        "from", "to", "strategy", "dv", "refuel", "claims", "far_less_fraction", "single_launch", "windows",
        "check_claims", "sweep", "Ferry", "ISP", "Name", "from_", "<<", "1", "true", "null", "", " ", "x" * 300]
SNIPPETS = ["&a ", "*a", "*nope", "<<: *a\n", "<<: ", "{", "}", "[", "]", "'", '"', ": ", "- ", "? ", "\t", "---\n",
            "...\n", "#", "!!python/object:os.system ", "!!binary ", "!!set ", "%YAML 1.1\n", "\x00", "\x1b",
            "\x7f", "\u0085", "\ufeff", "\ud800", "\r", "\r\n", " " * 40, "&a [*a]", "é", "$x$", "\\"]


def quantities():
    return st.builds(lambda n, u, sep: f"{n}{sep}{u}", st.sampled_from(NUMBERS), st.sampled_from(UNITS),
                     st.sampled_from([" ", "", "  "]))


def values():
    # Drawn values are copied: a mutation must never change the pools above (hypothesis replays draws).
    return st.one_of(quantities(), st.sampled_from(NAMES), st.sampled_from(OTHER),
                     st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-(2**80), max_value=2**80),
                     st.text(max_size=20)).map(copy.deepcopy)


def _paths(node, here=()):
    """Every key path of a nested structure (mapping keys and list indexes), the root excluded."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(here + (k,))
            out += _paths(v, here + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append(here + (i,))
            out += _paths(v, here + (i,))
    return out


def _parent(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    return node


def _mutate(data, draw) -> None:
    """One structural mutation of ``data`` in place, at a path hypothesis picks."""
    paths = _paths(data)
    if not paths:
        return
    path = draw(st.sampled_from(paths))
    parent, last = _parent(data, path), path[-1]
    op = draw(st.sampled_from(["value", "value", "value", "delete", "rename", "add", "wrap", "graft", "empty"]))
    if op == "value":
        parent[last] = draw(values())
    elif op == "delete":
        del parent[last]
    elif op == "rename" and isinstance(parent, dict):
        new = draw(st.one_of(st.sampled_from(KEYS), st.just(str(last).upper()), st.just(str(last).title()),
                             st.just(str(last)[:-1]), st.just(str(last) + "s")))
        parent[new] = parent.pop(last)
    elif op == "add":
        target = parent if isinstance(parent, dict) else parent[last] if isinstance(parent[last], dict) else None
        if target is not None:
            target[draw(st.sampled_from(KEYS))] = draw(values())
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(draw(st.sampled_from(parent))) if parent else draw(values()))
    elif op == "wrap":
        parent[last] = draw(st.sampled_from([[parent[last]], {"value": parent[last]}, [parent[last]] * 2]))
    elif op == "graft":  # a subtree from elsewhere, or from another shipped scenario
        donor = DATA[draw(st.sampled_from(sorted(DATA)))]
        donor_paths = _paths(donor)
        if donor_paths:
            src = draw(st.sampled_from(donor_paths))
            parent[last] = copy.deepcopy(_parent(donor, src)[src[-1]])
    elif op == "empty":
        parent[last] = type(parent[last])() if isinstance(parent[last], (dict, list, str)) else None


def _edit_text(text: str, draw) -> str:
    """One edit of the YAML text: a snippet inserted, a line deleted, duplicated, moved or re-indented."""
    lines = text.split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "indent", "dedent", "truncate", "anchor"]))
    if op == "insert":
        pos = draw(st.integers(0, len(text)))
        return text[:pos] + draw(st.sampled_from(SNIPPETS)) + text[pos:]
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = "  " + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i].lstrip()
    elif op == "truncate":
        return text[:draw(st.integers(0, len(text)))]
    elif op == "anchor":  # an alias bomb, a recursive alias or a merge key near the top
        lines.insert(1, draw(st.sampled_from([
            "bomb: &b0 [x, x, x, x, x, x, x, x, x]\n" + "\n".join(
                f"b{k}: &b{k} [{', '.join([f'*b{k - 1}'] * 9)}]" for k in range(1, 8)),
            "loop: &l [*l]", "base: &m {title: merged}\n<<: *m", "<<: [*nope]", "<<: 3"])))
    return "\n".join(lines)


def _encode(text: str, draw) -> bytes:
    how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "bom", "utf-16", "utf-32", "latin-1", "gzip",
                                "cut", "byte"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if how in ("utf-16", "utf-32"):
        return text.encode(how, "surrogatepass")
    if how == "latin-1":
        return text.replace("–", "\xe9").encode("latin-1", "replace")
    raw = text.encode("utf-8", "surrogatepass")
    if how == "gzip":
        return gzip.compress(raw)
    if how == "cut":  # truncated in the middle of a multi-byte character, maybe
        return raw[:draw(st.integers(0, len(raw)))]
    if how == "byte":
        pos = draw(st.integers(0, len(raw)))
        return raw[:pos] + bytes([draw(st.integers(0, 255))]) + raw[pos:]
    return raw


@st.composite
def scenario_files(draw, cr3bp: bool = False) -> bytes:
    """Bytes of a mutated shipped scenario."""
    name = draw(st.sampled_from(sorted(SCENARIOS)))
    data, text = copy.deepcopy(DATA[name]), SCENARIOS[name]
    if data.get("cislunar_model") == "cr3bp" and not (cr3bp and draw(st.integers(0, 9)) == 0):
        # The CR3BP costs ~1 s a run: most runs use the two-body model.
        data["cislunar_model"] = "two-body"
        text = re.sub(r"(?m)^cislunar_model: cr3bp", "cislunar_model: two-body", text)
    kind = draw(st.sampled_from(["structure", "structure", "structure", "text", "text", "bytes", "none"]))
    if kind == "structure":
        for _ in range(draw(st.integers(1, 3))):
            _mutate(data, draw)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if kind == "text":
        for _ in range(draw(st.integers(1, 3))):
            text = _edit_text(text, draw)
    return _encode(text, draw) if kind == "bytes" else text.encode("utf-8", "surrogatepass")


# ----------------------------------------------------------------------------- what an outcome must be

LOCATED = r"{}:\d+: "
PER_ARCHITECTURE = ("total_dv_km_s", "imleo_kg", "earth_launched_kg")
PER_LEG = ("dv_km_s", "propellant_kg", "mass_after_kg")


def _number(x, where: str) -> None:
    assert isinstance(x, (int, float)) and not isinstance(x, bool), f"{where} is {x!r}, not a number"
    assert math.isfinite(x) and x >= 0, f"{where} is {x!r}"


def check_outcome(status: int, err: str, path: Path, out: Path, json_path: Path | None = None) -> None:
    """The contract: exit 0 with sane results, or exit 2 with a located error and nothing written."""
    assert status in (0, 2), f"exit status {status}: {err}"
    assert "Traceback" not in err and "internal error" not in err, err
    written = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    if status == 2:
        assert re.search(LOCATED.format(re.escape(str(path))), err), f"error without FILE:LINE: {err!r}"
        assert written == [], f"exit 2 but files written: {written}"
        assert json_path is None or not json_path.exists()
        return
    results = json.loads(next(out.rglob("results.json")).read_text(encoding="utf-8"))
    h = results["heliocentric"]
    _number(h["v_inf_departure_km_s"], "v_inf_departure_km_s")
    _number(h["v_inf_arrival_km_s"], "v_inf_arrival_km_s")
    assert results["architectures"], "no architecture evaluated"
    for a in results["architectures"]:
        for key in PER_ARCHITECTURE:
            if a[key] is None and key != "total_dv_km_s" and not a["closes"] and a["failures"]:
                continue  # an architecture that cannot close says why; its launched mass is unbounded (null)
            _number(a[key], f"{a['name']}: {key}")
        for leg in a["legs"]:
            for key in PER_LEG:
                _number(leg[key], f"{a['name']}: {leg['name']}: {key}")


def run_in_process(content: bytes, tmp: Path) -> tuple[int, str, Path, Path]:
    path, out = tmp / "scenario.yaml", tmp / "out"
    path.write_bytes(content)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(["run", str(path), "--out", str(out), "--no-plots", "-q"])
    return status, err.getvalue(), path, out


def _fuzz_once(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        status, err, path, out = run_in_process(content, Path(tmp))
        event(f"exit {status}")  # shown by --hypothesis-show-statistics: both outcomes must be common
        check_outcome(status, err, path, out)


@settings(max_examples=CI_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario_files())
def test_fuzz_run_in_process(content):
    _fuzz_once(content)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario_files(cr3bp=True))
def test_fuzz_run_in_process_many(content):
    _fuzz_once(content)


def test_every_shipped_scenario_passes_the_outcome_check(tmp_path):
    # The check itself must accept what deltav writes for the shipped scenarios (two-body, for speed).
    for name, data in DATA.items():
        data = dict(data, cislunar_model="two-body") if data.get("cislunar_model") == "cr3bp" else data
        d = tmp_path / name
        d.mkdir()
        status, err, path, out = run_in_process(yaml.safe_dump(data, allow_unicode=True).encode(), d)
        assert status == 0, err
        check_outcome(status, err, path, out)


@settings(max_examples=4, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario_files())
def test_fuzz_through_the_command_line(content):
    # The real process, with plots: exit status, stderr and files as a user sees them.
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path, out, js = tmp / "scenario.yaml", tmp / "out", tmp / "r.json"
        path.write_bytes(content)
        res = subprocess.run([sys.executable, "-m", "deltav", "run", str(path), "--out", str(out), "--json", str(js),
                              "-q"], capture_output=True, text=True, timeout=300)
        check_outcome(res.returncode, res.stderr, path, out, js)
        if res.returncode == 0:
            assert js.exists() and list(out.rglob("*.png")), "a successful run writes results and plots"
