"""deltav.sweep: each case equals a one-case evaluate, Monte Carlo odds match an analytic answer, Dask matches numpy."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deltav import mission, scenario
from deltav.claims import judge
from deltav.core import G0
from deltav.errors import InputError
from deltav.sweeps import sweep

pytest.importorskip("xarray")
ROOT = Path(__file__).resolve().parent.parent
SWEEP = ROOT / "scenarios" / "beacon-sweep.yaml"


@pytest.fixture(scope="module")
def base():
    return scenario.load(SWEEP).model_copy(update={"sweep": None})


def _with(sc, **values):
    ferry = sc.ferry.model_copy(update={k: v for k, v in values.items() if k in ("isp", "dry_mass", "tank_capacity")})
    tanker = sc.depot.tanker.model_copy(update={"dry_mass": values.get("tanker_dry", sc.depot.tanker.dry_mass)})
    return sc.model_copy(update={"ferry": ferry, "depot": sc.depot.model_copy(update={"tanker": tanker})})


@settings(max_examples=15, deadline=None)
@given(isp=st.floats(300, 1000), dry=st.floats(2e3, 30e3), tank=st.floats(20e3, 90e3), tanker_dry=st.floats(1e3, 9e3))
def test_each_case_equals_a_one_case_evaluate(base, isp, dry, tank, tanker_dry):
    ds = sweep(base, {"ferry.isp": np.array([isp, 450.0]), "ferry.dry_mass": np.array([dry]),
                      "ferry.tank_capacity": np.array([tank]), "depot.tanker.dry_mass": np.array([tanker_dry])})
    one = mission.evaluate(_with(base, isp=isp, dry_mass=dry, tank_capacity=tank, tanker_dry=tanker_dry))
    point = ds.isel({"ferry.isp": 0, "ferry.dry_mass": 0, "ferry.tank_capacity": 0, "depot.tanker.dry_mass": 0})
    for a in one.architectures:
        got = point.sel(architecture=a.name)
        assert float(got.total_dv_km_s) == pytest.approx(a.total_dv_km_s, rel=1e-9)
        assert float(got.earth_launched_kg) == pytest.approx(a.earth_launched_kg, rel=1e-9, abs=1e-6)
        assert bool(got.closes) == a.closes
    verdicts = {c.id: c.verdict for c in judge(one)}
    for cid, v in verdicts.items():
        assert ["true", "false", "partly", "undetermined"][int(point[f"verdict_{cid}"])] == v


def test_monte_carlo_matches_the_analytic_closure_probability(base):
    # 'Direct from LEO' closes when the launch load covers the rocket equation: Isp >= Isp*, with
    # Isp* = dv / (g0 ln(1 + load / m_end)). dv from vis-viva here (Hohmann v_inf; Oberth departure and
    # capture; Curtis eqs. 8.40-8.41, 8.58), independent of deltav's code.
    mu_s, mu_e, mu_m = 132712440041.279419, 398600.435507, 42828.375816
    r1, r2 = 149.598e6, 227.956e6
    a = (r1 + r2) / 2
    v1 = math.sqrt(mu_s * (2 / r1 - 1 / a)) - math.sqrt(mu_s / r1)
    v2 = math.sqrt(mu_s / r2) - math.sqrt(mu_s * (2 / r2 - 1 / a))
    rp_e, rp_m = 6378.1366 + 300, 3396.19 + 300
    dv = (math.sqrt(v1**2 + 2 * mu_e / rp_e) - math.sqrt(mu_e / rp_e)
          + math.sqrt(v2**2 + 2 * mu_m / rp_m) - math.sqrt(mu_m / rp_m))
    m_end, load = 20e3, min(60e3, 63.8e3 - 20e3)
    isp_star = dv / (G0 * math.log(1 + load / m_end))
    mean, sd, n = 470.0, 40.0, 40_000
    ds = sweep(base, {"ferry.isp": f"normal({mean} s, {sd} s)"}, samples=n, seed=3)
    p = float(ds.closes.sel(architecture="Direct from LEO").mean())
    expected = 0.5 * math.erfc((isp_star - mean) / (sd * math.sqrt(2)))
    assert p == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / n))


def test_chunks_do_not_change_the_numbers(base):
    vary = {"ferry.isp": "350 s .. 950 s num 13", "depot.tanker.dry_mass": "1 t .. 8 t num 5"}
    whole, chunked = sweep(base, vary), sweep(base, vary, chunks=7)
    for var in whole.data_vars:
        np.testing.assert_array_equal(whole[var].values, chunked[var].values)


def test_dask_local_cluster_matches_numpy(base):
    pytest.importorskip("distributed")
    vary = {"ferry.isp": "350 s .. 950 s num 9", "ferry.dry_mass": ["5 t", "10 t"]}
    local, remote = sweep(base, vary), sweep(base, vary, chunks=6, scheduler="processes")
    for var in local.data_vars:
        np.testing.assert_array_equal(local[var].values, remote[var].values)


@pytest.mark.parametrize("vary, samples, match", [
    ({"ferry.ips": "450 s"}, None, "cannot vary 'ferry.ips'.*did you mean 'ferry.isp'"),
    ({"ferry.isp": "normal(450 kg, 10 kg)"}, 100, "ferry.isp"),
    ({"ferry.isp": "950 s .. 350 s step 25 s"}, None, "empty"),
    ({"ferry.isp": "normal(450 s, 10 s)"}, 0, "sample count"),
    ({"ferry.isp": "normal(450 s, 10 s)"}, 10**12, "sample count"),
    ({"ferry.isp": "normal(450 s, 10 s)"}, None, "sample count"),
    ({"depot.node": ["EML9"]}, None, "unknown value 'EML9'"),
])
def test_bad_specs_are_input_errors(base, vary, samples, match):
    with pytest.raises(InputError, match=match):
        sweep(base, vary, samples=samples)


def test_bad_sweep_section_is_located(tmp_path):
    text = SWEEP.read_text().replace("ferry.isp: 350 s .. 950 s step 25 s", "ferry.isp: 950 s .. 350 s step 25 s")
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(InputError) as err:
        sweep(f)
    line = next(i + 1 for i, s in enumerate(text.splitlines()) if "950 s .. 350 s" in s)
    assert str(err.value).startswith(f"{f}:{line}: sweep.vary.ferry.isp:"), str(err.value)


def test_unreachable_scheduler_is_an_input_error(base):
    pytest.importorskip("distributed")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        sweep(base, {"ferry.isp": ["450 s"]}, scheduler="tcp://127.0.0.1:9")


def test_cli_sweep_writes_dataset_and_plots(tmp_path):
    from deltav.cli import main

    rc = main(["sweep", str(SWEEP), "--vary", "ferry.isp=400 s .. 900 s num 6", "--vary",
               "depot.tanker.dry_mass=2 t, 4 t, 6 t", "--out", str(tmp_path)])
    assert rc == 0
    out = tmp_path / "beacon-sweep"
    assert {"sweep.nc", "sweep.csv", "summary.json", "beacon-sweep-verdict-map.png"} <= {p.name for p in out.iterdir()}
    import xarray as xr

    with xr.open_dataset(out / "sweep.nc") as ds:
        assert ds.sizes["ferry.isp"] == 6 and ds.sizes["depot.tanker.dry_mass"] == 3


def test_sobol_finds_the_only_input_that_matters(base):
    # Invariant: the direct route's total delta-v depends on the parking altitude and not at all on the
    # ferry's Isp (Isp enters only the mass budget), so S1(altitude) ~ 1 and ST(Isp) = 0.
    from deltav.sweeps import stats

    si = stats.sobol(base, {"earth_orbit.altitude": (200.0, 1000.0), "ferry.isp": (350.0, 950.0)}, "total_dv_km_s",
                     "Direct from LEO", n=128)
    s1 = dict(zip(si["names"], si["S1"]))
    st_ = dict(zip(si["names"], si["ST"]))
    assert s1["earth_orbit.altitude"] == pytest.approx(1.0, abs=0.05)
    assert abs(st_["ferry.isp"]) < 1e-9


def test_wilson_interval_matches_the_published_example():
    # Newcombe, Stat. Med. 17:857 (1998), Table I, example (a): 81/263 -> 0.2553 to 0.3662 (Wilson, no
    # continuity correction).
    from deltav.sweeps.stats import wilson

    p, lo, hi = wilson(81, 263)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.2553, 0.3662)


def test_deltav_sweep_stays_the_function_whatever_is_imported_first():
    import subprocess
    import sys

    code = ("from deltav.sweeps import stats; import deltav; assert callable(deltav.sweep), deltav.sweep; "
            "import deltav.sweeps.spec; assert callable(deltav.sweep)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_depot_supply_is_undetermined_when_the_depot_is_not_used(base):
    # At a high enough Isp the ferry reaches Mars on what it was launched with: nothing is bought at the
    # depot, so the claim about the depot's propellant has nothing to judge.
    ds = sweep(base, {"ferry.isp": np.array([950.0])})
    eml4 = [a for a in ds.architecture.values if "EML4" in a][0]
    assert float(ds.depot_propellant_kg.sel(architecture=eml4).values.ravel()[0]) == 0
    assert int(ds["verdict_depot-supply"].values.ravel()[0]) == 3
