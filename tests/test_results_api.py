"""The result objects for notebook users: Quantity views and DataFrames agree with the plain floats."""

from __future__ import annotations

from pathlib import Path

import astropy.units as u
import pytest

from deltav import mission, scenario

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result():
    return mission.evaluate(scenario.load(ROOT / "scenarios" / "direct.yaml"))


def test_quantity_views_match_the_floats(result):
    a = result.architectures[0]
    assert a.total_dv.to_value(u.m / u.s) == pytest.approx(1e3 * a.total_dv_km_s, rel=1e-15)
    assert a.earth_launched.to_value(u.t) == pytest.approx(a.earth_launched_kg / 1e3, rel=1e-15)
    leg = a.burns[0]
    assert leg.dv.unit == u.km / u.s and leg.tof.to_value(u.day) == pytest.approx(leg.tof_s / 86400.0)


def test_dataframes_cover_architectures_and_legs(result):
    pytest.importorskip("pandas")
    df = result.to_dataframe()
    assert list(df.index) == [a.name for a in result.architectures]
    assert df["total_dv_km_s"].tolist() == [a.total_dv_km_s for a in result.architectures]
    legs = result.to_dataframe("legs")
    assert len(legs) == sum(len(a.legs) for a in result.architectures)
    with pytest.raises(ValueError):
        result.to_dataframe("rows")
