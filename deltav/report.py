"""Reports of a mission result: terminal tables, Markdown, and the JSON contract of ``deltav run --json``.

The JSON shape is a contract with users' scripts (extend it, never rename)::

    {"scenario": str,
     "architectures": [{"name", "legs": [{"name", "dv_km_s", "propellant_kg", ...}], "total_dv_km_s",
                        "imleo_kg", "earth_launched_kg", "launches": {vehicle: n}, "closes": bool, ...}],
     "claims": [{"id", "verdict", "summary", "numbers": {}, "sources": []}], ...}
"""

from __future__ import annotations

import textwrap

from deltav.mission import DAY, MissionResult
from deltav.tables import render


def to_json(result: MissionResult, plots: list[str] | None = None, claims=()) -> dict:
    """The machine-readable result (plain floats: km/s, kg, days); ``claims`` from :func:`deltav.claims.judge`."""
    sc, h = result.scenario, result.heliocentric
    be = {k: v for k, v in result.breakeven.items() if k not in ("k", "earth_launched_kg")}
    if result.breakeven:
        be["curve"] = {"k": result.breakeven["k"].tolist(),
                       "earth_launched_kg": dict(zip(result.breakeven["routes"],
                                                     result.breakeven["earth_launched_kg"].tolist()))}
    return {
        "scenario": sc.name,
        "title": sc.title or sc.name,
        "source": sc.source.path if sc.source else None,
        "heliocentric": {"method": h.method, "v_inf_departure_km_s": h.v_inf_departure_km_s,
                         "v_inf_arrival_km_s": h.v_inf_arrival_km_s, "c3_km2_s2": h.c3_km2_s2,
                         "tof_days": h.tof_s / DAY, "depart": h.depart, "arrive": h.arrive},
        "architectures": [{
            "name": a.name,
            "legs": [{"name": leg.name, "kind": leg.kind, "dv_km_s": leg.dv_km_s, "propellant_kg": leg.propellant_kg,
                      "mass_after_kg": leg.mass_after_kg, "tof_days": leg.tof_s / DAY, "model": leg.model,
                      "two_body_dv_km_s": leg.two_body_dv_km_s, "notes": leg.notes} for leg in a.legs],
            "total_dv_km_s": a.total_dv_km_s,
            "imleo_kg": a.imleo_kg,
            "earth_launched_kg": a.earth_launched_kg,
            "launches": dict(a.launches),
            "closes": a.closes,
            "failures": list(a.failures),
            "depot": a.depot,
            "strategy": a.strategy,
            "ferry_launch_kg": a.ferry_launch_kg,
            "ferry_propellant_kg": a.ferry_propellant_kg,
            "depot_propellant_kg": a.depot_propellant_kg,
            "propellant_by_source_kg": a.propellant_by_source_kg,
            "supplies": [vars(s) for s in a.supplies],
            "tof_days": a.tof_days,
        } for a in result.architectures],
        "claims": [c.to_json() for c in claims],
        "breakeven": be,
        "assumptions": list(result.assumptions),
        "plots": list(plots or []),
    }


def _t(kg: float) -> str:
    return f"{kg / 1e3:,.1f}"


def text(result: MissionResult, fmt: str = "table", plots: list[str] | None = None, claims=()) -> str:
    """The human report: per-architecture legs, a comparison, verdicts (``claims``), and the assumptions."""
    sc, h = result.scenario, result.heliocentric
    out = []
    head = sc.title or sc.name
    out.append(f"# {head}\n" if fmt == "markdown" else f"{head}\n{'=' * len(head)}\n")
    dates = f", {h.depart} → {h.arrive}" if h.depart and h.depart not in h.method else ""
    out.append(f"Heliocentric leg: {h.method}{dates}; v∞ departure {h.v_inf_departure_km_s:.3f} km/s "
               f"(C3 {h.c3_km2_s2:.2f} km²/s²), v∞ arrival {h.v_inf_arrival_km_s:.3f} km/s, "
               f"{h.tof_s / DAY:.0f} days.\n")
    for a in result.architectures:
        rows = []
        for leg in a.legs:
            dv = f"{leg.dv_km_s:.3f}" if leg.kind == "burn" else ""
            tb = "" if leg.two_body_dv_km_s is None else f"{leg.two_body_dv_km_s:.3f}"
            rows.append((leg.name, dv, tb, _t(leg.propellant_kg) if leg.propellant_kg else "", _t(leg.mass_after_kg),
                         f"{leg.tof_s / DAY:.1f}" if leg.tof_s else "", leg.model))
        rows.append(("total", f"{a.total_dv_km_s:.3f}", "", _t(a.ferry_propellant_kg), "", f"{a.tof_days:.0f}", ""))
        status = "closes" if a.closes else "DOES NOT CLOSE"
        out.append(render(["leg", "Δv (km/s)", "2-body Δv", "propellant (t)", "mass after (t)", "days", "model"],
                          rows, fmt, title=f"{a.name} — {status}"))
        for f in a.failures:
            out.append(f"  ✗ {f}\n")
        for s in a.supplies:
            src = (f"{s.trips} tanker launch(es) on {s.launcher}, {s.supply_ratio:.2f} kg launched per kg delivered"
                   if s.source == "earth" else f"{s.trips} lunar-tanker trip(s), {_t(s.mined_kg)} t mined on the Moon")
            out.append(f"  depot {s.node}: {_t(s.delivered_kg)} t from {s.source} — {src}\n")
    rows = [(a.name, f"{a.total_dv_km_s:.2f}", _t(a.imleo_kg), _t(a.earth_launched_kg),
             " + ".join(f"{n}× {v}" for v, n in a.launches.items() if n), f"{a.tof_days:.0f}",
             "yes" if a.closes else "no") for a in result.architectures]
    out.append(render(["architecture", "total Δv (km/s)", "IMLEO (t)", "Earth-launched (t)", "launches", "days",
                       "closes"], rows, fmt, title="Comparison"))
    depots = [a for a in result.architectures if a.depot not in (None, "LEO")]
    if len({a.depot for a in depots}) >= 3:  # a depot trade: rank the locations both ways
        by_mass = {a.name: i + 1 for i, a in enumerate(sorted(depots, key=lambda a: a.earth_launched_kg))}
        rows = [(i + 1, a.depot, a.name, f"{a.total_dv_km_s:.2f}", by_mass[a.name], _t(a.earth_launched_kg),
                 "yes" if a.closes else "no")
                for i, a in enumerate(sorted(depots, key=lambda a: a.total_dv_km_s))]
        out.append(render(["rank Δv", "depot", "route", "total Δv (km/s)", "rank mass", "Earth-launched (t)",
                           "closes"], rows, fmt, title="Depot ranking"))
    if result.breakeven:
        be = result.breakeven
        rows = [(name, f"{be['k_star'][name]:.2f}" if be["k_star"][name] > 0 else "none",
                 f"{be['k_actual'][name]:.2f}") for name in be["routes"]]
        out.append(render(["depot route", "break-even k*", f"k ({be['source']} supply)"], rows, fmt,
                          title=f"Depot propellant break-even vs '{be['direct']}' "
                                "(k = kg launched from Earth per kg delivered)"))
    if claims:
        out.append("Verdicts\n--------\n" if fmt != "markdown" else "## Verdicts\n")
        for c in claims:
            body = textwrap.fill(c.summary, 100, initial_indent="  ", subsequent_indent="  ")
            out.append(f"{'- ' if fmt == 'markdown' else ''}[{c.verdict.upper()}] {c.id}\n{body}\n")
    if plots:
        out.append("Plots: " + ", ".join(plots) + "\n")
    out.append(("## Assumptions\n" if fmt == "markdown" else "Assumptions\n-----------\n")
               + "".join(f"- {line}\n" for line in result.assumptions))
    return "\n".join(out)
