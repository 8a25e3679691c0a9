"""The claims a scenario declares in its ``comparisons:`` list, judged from its evaluated routes.

Each comparison (:class:`deltav.comparisons.Comparison`) names its routes by the start of their architecture
names; :func:`deltav.claims.rules.compare` (or :func:`~deltav.claims.rules.closes`) gives the verdict, the
same rule a sweep runs on arrays.
"""

from __future__ import annotations

from deltav.claims import rules
from deltav.claims.verdicts import ClaimResult
from deltav.resources import display_path

WORDS = {"total_dv": "total Δv", "earth_launched": "mass launched from Earth", "launches": "launches",
         "propellant": "propellant burnt (ferry and Earth tankers)", "tof": "journey time"}


def routes_named(result, prefix: str):
    return [a for a in result.architectures if a.name.startswith(prefix)]


def codes(result, comparison) -> dict:
    """The rule's answer for one comparison (arrays over cases, or one case)."""
    routes = routes_named(result, comparison.route)
    if comparison.closes:
        return rules.closes(routes)
    return rules.compare(routes, routes_named(result, comparison.against), comparison.metric, comparison.holds_if,
                         comparison.margin)


def judge(result) -> list[ClaimResult]:
    """Every declared comparison of ``result.scenario``, as claims with their numbers."""
    sc = result.scenario
    source = [] if sc.source is None else [f"scenario {display_path(sc.source.path)}"]
    out = []
    for c in sc.comparisons:
        r = codes(result, c)
        verdict = rules.CODES[int(r["code"])]
        if c.closes:
            routes = routes_named(result, c.route)
            ok = [a.name for a in routes if a.closes]
            summary = (f"{ok[0]} closes." if ok else
                       f"No route named '{c.route}…' closes: {routes[0].failures[0] if routes[0].failures else ''}")
            out.append(ClaimResult(c.id, verdict, f"{c.claim}: {summary}", {"closing_routes": ok}, source))
            continue
        a = routes_named(result, c.route)[int(r["route"])]
        b = routes_named(result, c.against)[int(r["direct"])]
        unit = rules.UNITS[c.metric]
        scale, shown = (1e-3, "t") if unit == "kg" else (1.0, unit)
        va, vb = float(r["via"]), float(r["against"])
        what = WORDS[c.metric]
        summary = (f"{what[0].upper() + what[1:]}: {va * scale:,.2f} {shown} for '{a.name}' vs {vb * scale:,.2f} "
                   f"{shown} for '{b.name}' ({float(r['change_percent']):+.0f} %); the claim needs it "
                   f"{c.holds_if}" + (f" by at least {100 * c.margin:.0f} %" if c.margin else "") + ".")
        out.append(ClaimResult(c.id, verdict, f"{c.claim}: {summary}",
                               {"metric": c.metric, "route": a.name, "against": b.name, "route_value": va,
                                "against_value": vb, "change_percent": float(r["change_percent"])}, source))
    return out
