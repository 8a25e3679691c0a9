"""Reports of a mission result: terminal tables, Markdown, and the JSON contract of ``deltav run --json``.

The human report puts the summary first (the verdicts and the comparison of the architectures) and
the details after (legs of each architecture, depot supplies, depot ranking, break-even, assumptions).
Its width, colour and table borders follow :func:`deltav.tables.terminal`.

The JSON shape is a contract with users' scripts (extend it, never rename)::

    {"scenario": str,
     "architectures": [{"name", "legs": [{"name", "dv_km_s", "propellant_kg", ...}], "total_dv_km_s",
                        "imleo_kg", "earth_launched_kg", "launches": {vehicle: n}, "closes": bool, ...}],
     "claims": [{"id", "verdict", "summary", "numbers": {}, "sources": []}], ...}
"""

from __future__ import annotations

import math

from deltav.mission import DAY, MissionResult
from deltav.mission.effects import capture_orbit
from deltav.tables import Terminal, paragraph, render, styled, terminal, verdict

#: IMLEO and Earth-launched mass differ by lunar propellant delivered to LEO; below this (kg) they are equal.
_SAME_KG = 0.5


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
                         "tof_days": h.tof_s / DAY, "depart": h.depart, "arrive": h.arrive,
                         "capture_orbit": capture_orbit(sc)},
        "architectures": [{
            "name": a.name,
            "legs": [{"name": leg.name, "kind": leg.kind, "dv_km_s": leg.dv_km_s, "propellant_kg": leg.propellant_kg,
                      "mass_after_kg": leg.mass_after_kg, "tof_days": leg.tof_s / DAY, "model": leg.model,
                      "two_body_dv_km_s": leg.two_body_dv_km_s, "notes": leg.notes,
                      "finite_burn_dv_km_s": leg.finite_burn_dv_km_s, "gravity_loss_km_s": leg.gravity_loss_km_s}
                     for leg in a.legs],
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


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 tanker launch``, ``2 tanker launches``, ``1 trip``, ``3 trips``."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {many or (word + 'es' if word.endswith(('ch', 'sh', 's', 'x')) else word + 's')}"


def _launches(a) -> str:
    return " + ".join(f"{n}× {v}" for v, n in a.launches.items() if n) or "none"


def _source(source: str | None) -> str:
    return {"earth": "Earth", "moon": "the Moon"}.get(source or "", source or "")


class _Doc:
    """The report as it is written: headings, paragraphs and tables, in text or Markdown."""

    def __init__(self, fmt: str, term: Terminal):
        self.fmt, self.term, self.parts = fmt, term, []

    @property
    def md(self) -> bool:
        return self.fmt == "markdown"

    def heading(self, text: str, level: int = 2, rule: str = "-") -> None:
        if self.md:
            self.parts.append(f"{'#' * level} {text}\n")
        else:
            self.parts.append(styled(text, "bold", self.term) + "\n" + rule * len(text) + "\n")

    def para(self, text: str, indent: str = "", hang: str | None = None) -> None:
        """A paragraph, wrapped to the terminal (Markdown is left to its renderer)."""
        if self.md:
            self.parts.append(indent + text + "\n")
        else:
            self.parts.append(paragraph(text, self.term.width, indent, hang) + "\n")

    def table(self, headers, rows, title=None, align=None) -> None:
        headers, rows, align = _drop_empty(headers, rows, align)
        self.parts.append(render(headers, rows, self.fmt, title=title, align=align, term=self.term))

    def items(self, lines, indent: str = "- ", hang: str = "  ") -> None:
        """A list, one wrapped paragraph per item, without blank lines between them."""
        if self.md:
            self.parts.append("".join(f"{indent}{line}\n" for line in lines))
        else:
            self.parts.append("".join(paragraph(line, self.term.width, indent, hang) + "\n" for line in lines))

    def text(self) -> str:
        return "\n".join(self.parts)


def _drop_empty(headers, rows, align):
    """Columns empty in every row (e.g. '2-body Δv' without three-body legs) are left out."""
    align = align or "l" + "r" * (len(headers) - 1)
    keep = [i for i in range(len(headers)) if i == 0 or any(str(r[i]) for r in rows)]
    return ([headers[i] for i in keep], [[r[i] for i in keep] for r in rows], "".join(align[i] for i in keep))


def text(result: MissionResult, fmt: str = "table", plots: list[str] | None = None, claims=()) -> str:
    """The human report: the verdicts (``claims``) and the comparison first, then each architecture's
    legs and supplies, the depot ranking and break-even, the plots and the assumptions.

    ``fmt`` is ``"table"`` (for the terminal: width, colour and borders from
    :func:`deltav.tables.terminal`) or ``"markdown"``.
    """
    doc = _Doc(fmt, terminal())
    sc, h = result.scenario, result.heliocentric
    doc.heading(sc.title or sc.name, 1, "=")
    dates = f", {h.depart} → {h.arrive}" if h.depart and h.depart not in h.method else ""
    doc.para(f"Heliocentric leg: {h.method}{dates}; v∞ departure {h.v_inf_departure_km_s:.3f} km/s "
             f"(C3 {h.c3_km2_s2:.2f} km²/s²), v∞ arrival {h.v_inf_arrival_km_s:.3f} km/s, "
             f"{h.tof_s / DAY:.0f} days. Capture into {capture_orbit(sc)}.")
    if claims:
        _verdicts(doc, claims)
    _comparison(doc, result)
    doc.heading("Details", 2, "=")
    for a in result.architectures:
        _architecture(doc, a)
    _ranking(doc, result)
    _breakeven(doc, result)
    if plots:
        doc.para("Plots: " + ", ".join(plots), hang="  ")
    doc.heading("Assumptions")
    doc.items(result.assumptions)
    return doc.text()


def _verdicts(doc: _Doc, claims) -> None:
    doc.heading("Verdicts")
    for c in claims:
        if doc.md:
            doc.parts.append(f"- [{c.verdict.upper()}] {c.id}\n  {c.summary}\n")
        else:
            doc.parts.append(f"{verdict(c.verdict, doc.term)} {c.id}\n"
                             + paragraph(c.summary, doc.term.width, "  ") + "\n")


def _comparison(doc: _Doc, result) -> None:
    archs = result.architectures
    imleo = any(abs(a.imleo_kg - a.earth_launched_kg) > _SAME_KG for a in archs)
    vehicles = {v for a in archs for v, n in a.launches.items() if n}
    one = len(vehicles) == 1  # then the launches column is a count, the vehicle said once below
    rows = [(a.name, f"{a.total_dv_km_s:.2f}", *([_t(a.imleo_kg)] if imleo else []), _t(a.earth_launched_kg),
             str(sum(a.launches.values())) if one else _launches(a), f"{a.tof_days:.0f}", "yes" if a.closes else "NO")
            for a in archs]
    doc.table(["architecture", "total Δv (km/s)", *(["IMLEO (t)"] if imleo else []), "Earth-launched (t)",
               "launches", "days", "closes"], rows, title="Comparison", align="lr" + "r" * imleo + "r" + "rl"[not one]
              + "rl")
    notes = [f"Launches: all on {vehicles.pop()}."] if one else []
    if imleo:
        notes.append("IMLEO (initial mass in LEO) also counts the lunar propellant delivered to a LEO depot; "
                     "Earth-launched mass does not.")
    else:
        notes.append("IMLEO (initial mass in LEO) equals the Earth-launched mass for every architecture here: "
                     "no lunar propellant is delivered to LEO.")
    doc.items(notes, indent="", hang="")


def _architecture(doc: _Doc, a) -> None:
    rows = []
    for leg in a.legs:
        dv = f"{leg.dv_km_s:.3f}" if leg.kind == "burn" else ""
        tb = "" if leg.two_body_dv_km_s is None else f"{leg.two_body_dv_km_s:.3f}"
        rows.append((leg.name, dv, tb, _t(leg.propellant_kg) if leg.propellant_kg else "", _t(leg.mass_after_kg),
                     f"{leg.tof_s / DAY:.1f}" if leg.tof_s else "", leg.model))
    rows.append(("total", f"{a.total_dv_km_s:.3f}", "", _t(a.ferry_propellant_kg), "", f"{a.tof_days:.0f}", ""))
    status = "closes" if a.closes else "DOES NOT CLOSE"
    doc.table(["leg", "Δv (km/s)", "2-body Δv (km/s)", "propellant (t)", "mass after (t)", "days", "model"],
              rows, title=f"{a.name} — {status}", align="lrrrrrl")
    notes = [f"✗ {f}" for f in a.failures]
    notes += [f"{leg.name}: as a finite burn {leg.finite_burn_dv_km_s:.3f} km/s (gravity loss "
              f"{leg.gravity_loss_km_s:.3f} km/s; the impulsive {leg.dv_km_s:.3f} km/s is budgeted)"
              for leg in a.legs if leg.gravity_loss_km_s is not None]
    for s in a.supplies:
        if s.source == "earth":
            how = (f"{plural(s.trips, 'tanker launch')} on {s.launcher}, "
                   + (f"{s.supply_ratio:.2f} kg launched per kg delivered" if math.isfinite(s.supply_ratio)
                      else "no delivery possible"))
        else:
            how = f"{plural(s.trips, 'lunar-tanker trip')}, {_t(s.mined_kg)} t mined on the Moon"
        notes.append(f"depot {s.node}: {_t(s.delivered_kg)} t from {_source(s.source)} — {how}")
    if notes:
        doc.items(notes, indent="  ", hang="    ")


def _ranking(doc: _Doc, result) -> None:
    depots = [a for a in result.architectures if a.depot not in (None, "LEO")]
    if len({a.depot for a in depots}) < 3:  # a depot trade only: rank the locations both ways
        return
    by_mass = {a.name: i + 1 for i, a in enumerate(sorted(depots, key=lambda a: a.earth_launched_kg))}
    rows = [(i + 1, a.depot, a.name, f"{a.total_dv_km_s:.2f}", by_mass[a.name], _t(a.earth_launched_kg),
             "yes" if a.closes else "NO")
            for i, a in enumerate(sorted(depots, key=lambda a: a.total_dv_km_s))]
    doc.table(["Δv rank", "depot", "route", "total Δv (km/s)", "mass rank", "Earth-launched (t)", "closes"],
              rows, title="Depot ranking", align="rllrrrl")


def _breakeven(doc: _Doc, result) -> None:
    be = result.breakeven
    if not be:
        return
    lunar = be["source"] == "moon"
    never = False
    rows = []
    for name in be["routes"]:
        ks, ka = be["k_star"][name], be["k_actual"][name]
        if not math.isfinite(ks):
            star = "any"  # no depot propellant needed
        elif ks < 0:
            star, never = "never", True
        else:
            star = f"{ks:.2f}"
        actual = "0 (lunar)" if lunar else (f"{ka:.2f}" if math.isfinite(ka) else "—")
        rows.append((name, star, actual, "yes" if ka < ks else "no"))
    doc.table(["depot route", "break-even k*", "actual k", "lighter than direct"], rows, align="lrrl",
              title=f"Depot propellant break-even vs '{be['direct']}'")
    supply = ("lunar propellant launches nothing from Earth (k = 0)" if lunar
              else "actual k: the Earth tankers of this scenario")
    doc.para(f"k = kg launched from Earth per kg of propellant delivered to the depot; a depot route launches "
             f"less mass from Earth than '{be['direct']}' when k < k*; {supply}."
             + (" never: heavier than direct even with free propellant (k = 0)." if never else ""))
