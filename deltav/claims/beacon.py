"""The three claims about the Beacon depot, judged from a scenario's evaluated architectures.

* ``beacon-total-dv``: going via the depot needs *far less total* delta-v than going direct;
* ``beacon-falcon-heavy``: with the depot, a Falcon Heavy-launched ferry does the job, with less
  propellant and a shorter journey;
* ``depot-supply``: the depot's propellant is simply there (what does bringing it cost?).

Verdicts come only from the numbers: change the scenario and they move. The thresholds
(e.g. what "far less" means) are scenario settings (``claims:``), documented in docs/scenarios.md.
"""

from __future__ import annotations


from deltav.claims import rules
from deltav.claims.verdicts import ClaimResult
from deltav.mission.breakeven import split_routes
from deltav.resources import display_path


CLAIM_IDS = ("beacon-total-dv", "beacon-falcon-heavy", "depot-supply")


def beacon_routes(depot):
    """The Beacon claims are about the depot at EML4: its routes (none: not a Beacon scenario)."""
    return [a for a in depot if a.depot == "EML4"]


def judge(result) -> list[ClaimResult]:
    """The three Beacon claims, judged from ``result`` (a :class:`deltav.mission.MissionResult`).

    With ``claims.windows`` in the scenario, the claims are judged again in each of those launch
    windows and each summary says whether its verdict changes.
    """
    sc = result.scenario
    if not sc.check_claims:
        return []
    claims = _judge_once(result)
    if sc.claims.windows:
        _judge_windows(sc, claims)
    return claims


def _judge_once(result) -> list[ClaimResult]:
    depot, direct = split_routes(result)
    routes = beacon_routes(depot)
    if not routes:  # not a Beacon scenario: its own `comparisons` speak for it (deltav.claims.declared)
        return []
    if not direct:
        return [ClaimResult(cid, "undetermined", "Not judged: the scenario has no direct route.")
                for cid in CLAIM_IDS]
    return [_total_dv(result, routes, direct), _falcon_heavy(result, routes, direct), _supply(result, routes)]


def _scenario_source(result) -> list[str]:
    """The scenario file, named as a user would find it (``scenarios/NAME`` for a shipped one)."""
    src = result.scenario.source
    return [] if src is None else [f"scenario {display_path(src.path)}"]


def _total_dv(result, routes, direct) -> ClaimResult:
    far = result.scenario.claims.far_less_fraction
    r = rules.total_dv(routes, direct, far)
    best, ref = routes[int(r["route"])], direct[int(r["direct"])]
    change, verdict = float(r["change_percent"]), rules.CODES[int(r["code"])]
    after = sum(leg.dv_km_s for leg in best.legs[[leg.kind for leg in best.legs].index("refuel"):]
                if leg.kind == "burn")
    word = {"true": f"at least {100 * far:.0f} % less: the claim holds",
            "partly": f"less, but by under {100 * far:.0f} %: not 'far less'",
            "false": "more, not less: the claim is false"}[verdict]
    escape = next((leg for leg in best.burns if leg.cislunar is not None and leg.cislunar.target == "escape"), None)
    rough = (f" — a two-body estimate: the three-body model has no such route from {best.depot}"
             if escape is not None and escape.model == "two-body" and result.scenario.cislunar_model == "cr3bp" else "")
    summary = (f"Total Δv via {best.depot} ({best.strategy or 'best route'}{rough}) {best.total_dv_km_s:.2f} km/s vs direct "
               f"{ref.total_dv_km_s:.2f} km/s ({change:+.0f} %): {word}. After refuelling at {best.depot} the ferry "
               f"needs {after:.2f} km/s, {after / ref.total_dv_km_s:.0%} of the direct total — less per tank-load, "
               f"which is what a depot buys.")
    numbers = {"total_dv_direct_km_s": ref.total_dv_km_s, "total_dv_via_depot_km_s": best.total_dv_km_s,
               "change_percent": change, "dv_after_refuel_km_s": after, "depot": best.depot,
               "best_strategy": best.strategy, "far_less_threshold_percent": 100 * far,
               "total_dv_by_route_km_s": {a.name: a.total_dv_km_s for a in routes}}
    return ClaimResult("beacon-total-dv", verdict, summary, numbers, _scenario_source(result))


def _falcon_heavy(result, routes, direct) -> ClaimResult:
    sc = result.scenario
    single = sc.claims.single_launch
    r = rules.falcon_heavy(routes, direct, single)
    best, ref = routes[int(r["route"])], direct[int(r["direct"])]
    lv = result.launcher
    verdict = rules.CODES[int(r["code"])]
    # "propellant drops": all propellant the route consumes, the ferry's and its tankers' together
    worse = [what for what, more in r["worse"].items() if bool(more)]
    shorter = "the journey is longer" not in worse
    tankers = sum(best.launches.values()) - best.ferry_launch_count
    if not bool(r["works"]):
        head = f"Even with refuelling at {best.depot}, the {lv['name']}-launched ferry does not close: {best.failures[0]}"
    else:
        alone = f"'{ref.name}' closes too" if ref.closes else f"direct, it does not: {ref.failures[0]}"
        plus = f", plus {_plural(tankers, 'tanker launch')}" if tankers else ""
        head = f"With refuelling at {best.depot} the ferry fits one {lv['name']} launch{plus} ({alone})"
        head += f"; but {_and(worse)}" if worse else "; and it burns less, launches less, and is no longer"
    summary = (f"{head}. Propellant burnt (ferry and Earth tankers) {_propellant_burnt(best) / 1e3:.0f} t vs "
               f"{_propellant_burnt(ref) / 1e3:.0f} t; Earth-launched mass {best.earth_launched_kg / 1e3:.0f} t via "
               f"{best.depot} vs "
               f"{ref.earth_launched_kg / 1e3:.0f} t for '{ref.name}'; {_launch_compare(best, ref)}; "
               f"journey {best.tof_days:.0f} d vs {ref.tof_days:.0f} d ({'shorter' if shorter else 'longer'}).")
    numbers = {"launcher": lv["id"], "launcher_leo_payload_kg": lv["leo_kg"],
               "ferry_launch_kg": best.ferry_launch_kg, "closes_via_depot": best.closes,
               "closes_direct": ref.closes, "direct_route": ref.name,
               "earth_launched_via_depot_kg": best.earth_launched_kg, "earth_launched_direct_kg": ref.earth_launched_kg,
               "launches_via_depot": dict(best.launches), "launches_direct": dict(ref.launches),
               "propellant_via_depot_kg": _propellant_burnt(best), "propellant_direct_kg": _propellant_burnt(ref),
               "ferry_propellant_via_depot_kg": best.ferry_propellant_kg,
               "ferry_propellant_direct_kg": ref.ferry_propellant_kg,
               "tof_via_depot_days": best.tof_days, "tof_direct_days": ref.tof_days}
    return ClaimResult("beacon-falcon-heavy", verdict, summary, numbers, [f"{lv['name']}: {lv['source']}"])


def _propellant_burnt(a) -> float:
    return float(rules.propellant_burnt(a))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else ('es' if word.endswith('ch') else 's')}"


def _launches(a) -> str:
    return " + ".join(f"{n}× {k}" for k, n in a.launches.items() if n) or "0"


def _launch_compare(best, ref) -> str:
    """'launches 1× X via EML4 vs 2× X', or once when both routes launch the same."""
    mine, theirs = _launches(best), _launches(ref)
    if mine == theirs:
        return f"the same launches on both routes ({mine})"
    return f"launches {mine} via {best.depot} vs {theirs}"


def _supply(result, routes) -> ClaimResult:
    be = result.breakeven
    source = be["source"]
    r = rules.supply(routes, split_routes(result)[1], source)
    best = routes[int(r["route"])]
    k_star, k_act, verdict = float(r["k_star"]), float(r["k_actual"]), rules.CODES[int(r["code"])]
    supply = best.supplies[0] if best.supplies else None
    numbers = {"depot": best.depot, "source": source, "depot_propellant_kg": best.depot_propellant_kg,
               "breakeven_supply_ratio": k_star, "supply_ratio": k_act,
               "direct_route": be["direct"], "direct_earth_launched_kg": be["direct_earth_launched_kg"]}
    if supply is not None:
        numbers |= {"tanker_trips": supply.trips, "tanker_dv_km_s": supply.tanker_dv_km_s,
                    "full_tanker_supply_ratio": supply.full_tanker_ratio,
                    "supply_earth_launched_kg": supply.earth_launched_kg, "lunar_mined_kg": supply.mined_kg,
                    "supply_cost_usd": supply.cost_usd}
    if k_star > 0:
        need = (f"The ferry takes on {best.depot_propellant_kg / 1e3:.1f} t at {best.depot}; the depot route is lighter "
                f"at launch than '{be['direct']}' only if delivering 1 kg there costs less than {k_star:.2f} kg "
                f"launched from Earth")
        floor = _earth_supply_floor(result, supply)
        if floor is not None and k_star < floor:
            need += (f" — below {floor:.2f}, the least any Earth tanker can reach (e^(Δv/vₑ) for "
                     f"{supply.tanker_dv_km_s:.2f} km/s, a tanker of no dry mass), so no propellant launched from "
                     "Earth can do it")
    else:
        need = (f"The ferry takes on {best.depot_propellant_kg / 1e3:.1f} t at {best.depot}, but its own launch "
                f"already outweighs '{be['direct']}': no supply cost, not even free propellant, makes the depot "
                f"route lighter")
    if source == "earth":
        summary = (f"{need}. Tankers from Earth need {k_act:.2f} kg per kg ({_plural(supply.trips, 'trip')} at "
                   f"{supply.tanker_dv_km_s:.2f} km/s; {supply.full_tanker_ratio:.2f} with full tankers): "
                   + ("the depot still wins." if verdict == "true" else "the propellant is far from free; the "
                      "depot route loses."))
    else:
        summary = (f"{need}. Lunar propellant costs no Earth launch ({supply.mined_kg / 1e3:.1f} t mined, "
                   f"{_plural(supply.trips, 'lunar-tanker trip')} at {supply.tanker_dv_km_s:.2f} km/s), so the depot wins "
                   f"— if a lunar propellant plant and tanker fleet exist, which the claim takes for granted."
                   if k_star > 0 else f"{need}.")
    if verdict == "undetermined":  # the rules' answer when nothing is taken on at the depot
        summary = (f"The ferry takes on no propellant at {best.depot}: with these figures it flies on what it was "
                   f"launched with, so what the depot's propellant costs does not enter ('{be['direct']}' launches "
                   f"{be['direct_earth_launched_kg'] / 1e3:.0f} t, the depot route {best.earth_launched_kg / 1e3:.0f} t).")
    return ClaimResult("depot-supply", verdict, summary, numbers, _scenario_source(result))


def _earth_supply_floor(result, supply) -> float | None:
    """The least supply ratio k an Earth tanker can reach: e^(dv / ve), a tanker with no dry mass."""
    from deltav.core import rocket

    tanker = result.scenario.depot.tanker if result.scenario.depot else None
    if supply is None or tanker is None or supply.source != "earth":
        return None
    return float(rocket.mass_ratio(supply.tanker_dv_km_s, tanker.isp))


def _judge_windows(sc, claims: list[ClaimResult]) -> None:
    """Judge the claims again in other launch windows; record the verdicts and whether they change."""
    from deltav.mission import evaluate

    by_window: dict[str, dict[int, str]] = {c.id: {} for c in claims}
    for year in sc.claims.windows:
        other = sc.model_copy(update={"transfer": sc.transfer.model_copy(update={"type": "window", "year": year})})
        for c in _judge_once(evaluate(other)):
            by_window[c.id][year] = c.verdict
    for c in claims:
        verdicts = by_window[c.id]
        c.numbers["verdict_by_window"] = verdicts
        years = ", ".join(map(str, verdicts))
        changed = {y: v for y, v in verdicts.items() if v != c.verdict}
        c.summary += (f" Same verdict in the {years} windows." if not changed else
                      " In other windows: " + ", ".join(f"{y} {v}" for y, v in changed.items()) + ".")
