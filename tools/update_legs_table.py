"""Regenerate ``deltav/cislunar/_legs_table.py``: every CR3BP leg that the shipped scenarios, ``deltav claims`` and
the standard cislunar figures need, solved afresh by the running code (see :mod:`deltav.cislunar.memo`).

    python tools/update_legs_table.py           # rewrite the table
    python tools/update_legs_table.py --check   # exit 1 if the table is not current or lacks a leg

Run it after changing any module in ``deltav.cislunar.memo.SOURCES`` (``tests/test_legs_table.py`` says so).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def clear_caches() -> None:
    """Forget the in-process results, so that every leg is asked of the table (or computed) again."""
    from deltav.cislunar import flyby, flyby_perigee, shooting, transfer

    for f in (transfer._transfer, shooting.to_lpoint, shooting.escape, shooting._drop_to_perigee,
              flyby._solve_from_angle, flyby_perigee._from_lpoint, flyby_perigee._from_llo):
        f.cache_clear()


def exercise() -> list[str]:
    """Compute what the shipped scenarios, the claims and the cislunar figures compute; return what was skipped."""
    from deltav import cislunar, claims, mission, scenario
    from deltav.errors import DeltavError

    skipped = []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        try:
            mission.evaluate(scenario.load(path))
        except DeltavError as exc:
            skipped.append(f"{path.name}: {exc}")
    for c in claims.load():
        claims.evaluate(c)
    # deltav.plots.cislunar.write_figures (its default v_inf)
    cislunar.transfer_dv("LEO", "EML4")
    for strategy in ("perigee-burn", "direct-burn"):
        cislunar.transfer_dv("EML4", "escape", strategy=strategy, v_inf_km_s=3.0)
    # the lunar-flyby-perigee-burn rows of docs/cislunar.md, at the Hohmann v_inf of beacon.yaml
    for origin in ("EML1", "EML2", "EML4", "EML5", "LLO"):
        cislunar.transfer_dv(origin, "escape", strategy="lunar-flyby-perigee-burn", v_inf_km_s=2.9451621606727123)
    return skipped


def collect() -> dict:
    """{key: result} of every leg :func:`exercise` needs, computed now (the table is not consulted)."""
    from deltav.cislunar import memo

    clear_caches()
    with memo.computing(), memo.recording() as rec:
        for line in exercise():
            print("skipped", line, file=sys.stderr)
    clear_caches()
    return rec


def missing() -> dict:
    """{key: result} of the legs :func:`exercise` still has to compute with the shipped table (empty when current)."""
    from deltav.cislunar import memo

    clear_caches()
    with memo.recording() as rec:
        exercise()
    clear_caches()
    return rec


def main(argv: list[str]) -> int:
    from deltav.cislunar import memo

    if "--check" in argv:
        gaps = missing()
        for k in gaps:
            print("not in the table (or the table is stale):", k, file=sys.stderr)
        return 1 if gaps else 0
    entries = collect()
    memo.table_path().write_text(memo.table_source(entries), encoding="utf-8")
    print(f"wrote {len(entries)} legs to {memo.table_path().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
