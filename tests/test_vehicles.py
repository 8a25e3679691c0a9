"""The launch-vehicle catalogue: every figure a verdict uses, checked against its cited source."""

from __future__ import annotations

import json

import pytest

from deltav import vehicles
from deltav.errors import InputError

LBF_KN = 4.4482216152605e-3  # 1 lbf in kN (NIST SP 811)
TF_KN = 9.80665e-0           # 1 tonne-force in kN (CGPM 1901 standard gravity)

# (vehicle, value getter, expected, source) — expected values are the published figures.
FIGURES = [
    ("starship", lambda v: v.liftoff_thrust_kN, 7590 * TF_KN, "SpaceX Starship page: Super Heavy 7,590 tf"),
    ("saturn-v", lambda v: v.liftoff_thrust_kN, 7.5e6 * LBF_KN, "NASA MSFC: Saturn V 7.5 million lbf"),
    ("energia", lambda v: v.liftoff_thrust_kN, 29000 + 5800, "RKK Energia: boosters 29,000 kN + core 5,800 kN"),
    ("sls-block-1", lambda v: v.liftoff_thrust_kN, 8.8e6 * LBF_KN, "NASA SLS Reference Guide 2022: 8.8 Mlbf"),
    ("falcon-heavy-expendable", lambda v: v.payload_kg["LEO"], 63800, "SpaceX Falcon Heavy page: 63,800 kg LEO"),
    ("falcon-heavy-expendable", lambda v: v.payload_kg["TMI"], 16800, "SpaceX Falcon Heavy page: 16,800 kg Mars"),
    ("falcon-heavy-expendable", lambda v: v.liftoff_thrust_kN, 22819, "SpaceX Falcon Heavy page: 22,819 kN"),
    ("long-march-5", lambda v: v.payload_kg["LEO"], 25000, "China Daily 2019-12-27 (CALT): 25 t LEO"),
    ("long-march-5", lambda v: v.payload_kg["TLI"], 8000, "China Daily 2019-12-27 (CALT): 8 t Earth-Moon transfer"),
    ("long-march-5", lambda v: v.payload_kg["TMI"], 5000, "China Daily 2019-12-27 (CALT): 5 t Earth-Mars transfer"),
    ("long-march-9", lambda v: v.payload_kg["LEO"], 150000, "CALT 2022-2024 design as reported: 150 t LEO"),
    ("long-march-10", lambda v: v.payload_kg["LEO"], 70000, "CALT as reported: 70 t LEO"),
    ("sls-block-1", lambda v: v.payload_kg["LEO"], 95000, "NASA SLS Reference Guide 2022: ~95 t LEO"),
    ("starship", lambda v: v.payload_kg["LEO"], 150000, "SpaceX Starship page: 100-150 t LEO (upper)"),
    ("starship", lambda v: v.stage("ship").propellant_kg, 1.2e6, "SpaceX Starship page: ship propellant 1,200 t"),
    ("starship", lambda v: v.stage("ship").dry_kg, 1.2e5, "Musk, Starship update 28 Sep 2019: ~120 t dry"),
    ("starship", lambda v: v.stage("ship").isp_vac_s, 380, "SpaceX Starship page 2019-2020: RVac 380 s"),
]


@pytest.mark.parametrize("vid, getter, expected, source", FIGURES, ids=[f"{f[0]}:{f[3]}" for f in FIGURES])
def test_catalogue_figure_matches_its_source(vid, getter, expected, source):
    assert getter(vehicles.get(vid)) == pytest.approx(expected, rel=1e-9)


def test_required_ids_and_aliases():
    for vid in ("falcon-9", "falcon-heavy-expendable", "falcon-heavy-recoverable", "starship", "sls-block-1",
                "saturn-v", "energia", "long-march-5", "long-march-9", "long-march-10"):
        assert vehicles.get(vid).id.startswith(vid.split("-")[0])
    assert vehicles.get("starship") is vehicles.get(vehicles.ALIASES["starship"])
    assert vehicles.get("long-march-9").status == "planned" and vehicles.get("long-march-10").status == "planned"
    assert len({v.config_date for v in vehicles.catalogue() if v.id.startswith("starship")}) >= 2


def test_every_published_figure_has_a_source():
    for v in vehicles.catalogue():
        assert v.status in vehicles.STATUSES
        keys = ["liftoff_thrust_kN"] + [f"payload.{d}" for d in vehicles.DESTINATIONS]
        for k in keys:
            assert v.sources[k].strip(), (v.id, k)
        for s in v.stages:
            for attr in ("dry_kg", "propellant_kg", "isp_vac_s", "isp_sl_s", "thrust_vac_kN"):
                if getattr(s, attr) is not None:
                    assert v.sources[f"stages.{s.name}.{attr}"].strip(), (v.id, s.name, attr)


def test_tonnes_force_round_trip():
    assert vehicles.get("starship").liftoff_thrust_tf == pytest.approx(7590)


def test_unknown_vehicle_suggests():
    with pytest.raises(InputError, match="did you mean 'falcon-9'"):
        vehicles.get("falcon-8")


@pytest.mark.parametrize("snippet, match", [
    ("liftoff_thrust: {value: 7607 kg, source: x}", r":\d+: vehicles\.x\.liftoff_thrust\.value: cannot read"),
    ("liftoff_thrust: {value: 7607 kN}", r":\d+: vehicles\.x\.liftoff_thrust\.source: missing"),
    ("liftoff_thrust: {value: 7607 kN, source: x, sorce: y}", r"unknown key 'sorce'"),
])
def test_bad_catalogue_is_located(tmp_path, snippet, match):
    text = ("vehicles:\n  x:\n    name: X\n    status: operational\n    config_date: '2020'\n"
            f"    {snippet}\n    payload: {{}}\n")
    f = tmp_path / "lv.yaml"
    f.write_text(text)
    with pytest.raises(InputError, match=match) as err:
        vehicles.load(f)
    assert str(f) in str(err.value)


def test_cli_vehicles_json(capsys):
    from deltav.cli import main

    assert main(["vehicles", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    fh = next(d for d in data if d["id"] == "falcon-heavy-expendable")
    assert fh["payload_kg"]["TMI"] == 16800 and "SpaceX" in fh["sources"]["payload.TMI"]
    assert main(["vehicles", "--format", "markdown"]) == 0
    assert "| starship-2023 (starship) |" in capsys.readouterr().out
