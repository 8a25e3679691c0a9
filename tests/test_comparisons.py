"""Claims a scenario declares (``comparisons:``): judged like the Beacon claims, by the same rule, in runs and sweeps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from deltav import mission, scenario
from deltav.claims import judge
from deltav.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
DEPOTS = ROOT / "scenarios" / "depots.yaml"


@pytest.fixture(scope="module")
def depots():
    return mission.evaluate(scenario.load(DEPOTS))


def test_the_beacon_claim_is_one_declared_comparison(depots):
    claims = {c.id: c for c in judge(depots)}
    beacon, declared = claims["beacon-total-dv"], claims["eml4-far-less-dv"]
    assert declared.verdict == beacon.verdict
    assert declared.numbers["change_percent"] == pytest.approx(beacon.numbers["change_percent"], rel=1e-12)


def test_comparison_picks_the_best_route_of_each_side(depots):
    # Plain Python over the evaluated routes: the lightest closing EML1 route against the lightest EML4 one.
    def best(prefix):
        routes = [a for a in depots.architectures if a.name.startswith(prefix)]
        closing = [a for a in routes if a.closes] or routes
        return min(a.earth_launched_kg for a in closing)

    c = next(c for c in judge(depots) if c.id == "eml1-lighter-than-eml4")
    assert c.numbers["route_value"] == best("Via EML1") and c.numbers["against_value"] == best("Via EML4")
    assert c.verdict == ("true" if best("Via EML1") < best("Via EML4") else "false")


def test_closes_claim(depots):
    c = next(c for c in judge(depots) if c.id == "llo-depot-closes")
    llo = [a for a in depots.architectures if a.name.startswith("Via LLO")]
    assert c.verdict == ("true" if any(a.closes for a in llo) else "false")


@pytest.mark.parametrize("edit, match", [
    ("    route: Via EML1\n    against: Via EML4", r"comparisons\[0\]\.route: no architecture name starts with 'Via EML9'"),
    ("    route: Via LLO\n    closes: true", r"comparisons\[2\]: a 'closes' claim is about one route"),
    ("  - id: eml4-far-less-dv", r"comparisons\[1\]\.id: duplicate comparison id"),
])
def test_bad_comparisons_are_located(tmp_path, edit, match):
    text = DEPOTS.read_text()
    bad = {"    route: Via EML1\n    against: Via EML4": "    route: Via EML9\n    against: Via EML4",
           "    route: Via LLO\n    closes: true": "    route: Via LLO\n    against: Direct\n    closes: true",
           "  - id: eml4-far-less-dv": "  - id: eml1-lighter-than-eml4"}[edit]
    f = tmp_path / "bad.yaml"
    f.write_text(text.replace(edit, bad, 1))
    with pytest.raises(InputError, match=match) as err:
        scenario.load(f)
    assert str(err.value).startswith(f"{f}:") and str(err.value).split(":")[1].isdigit()


def test_sweeps_map_the_declared_claims():
    from deltav.sweeps import sweep

    sc = scenario.load(DEPOTS).model_copy(update={"cislunar_model": "two-body"})
    ds = sweep(sc, {"ferry.isp": np.array([450.0, 900.0])})
    one = {c.id: c.verdict for c in judge(mission.evaluate(sc))}
    got = ["true", "false", "partly", "undetermined"][int(ds["verdict_eml1-lighter-than-eml4"].values[0])]
    assert got == one["eml1-lighter-than-eml4"]
    assert {"verdict_llo-depot-closes", "verdict_eml4-far-less-dv"} <= set(ds.data_vars)
