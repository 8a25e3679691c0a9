"""Comparison plots of a mission result: delta-v per leg, mass budget, depot break-even, cislunar sketch.

Every figure has units on its axes, the scenario in its title, and greyscale-safe encodings
(grey levels plus hatching, line styles and markers), so it survives a black-and-white print.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from deltav.outputs import save_figure

HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
GREYS = ("0.15", "0.45", "0.7", "0.9", "0.3", "0.6", "0.8", "0.55")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P")


def figure(width: float, height: float):
    """A new figure and axes with constrained layout, without pyplot (no GUI state, faster import)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _title(result, what: str) -> str:
    sc = result.scenario
    return f"{sc.title or sc.name}\n{what}"


def _short(name: str, width: int = 22) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(name, width)) or name


def dv_bars(result):
    """Stacked bars: delta-v of each burn, per architecture; legs grouped by role."""
    archs = result.architectures
    roles = ["LEO → depot", "Earth departure from depot", "Earth departure from LEO", "capture at destination",
             "other"]

    def role(arch, leg):
        if "orbit insertion" in leg.name:
            return "capture at destination"
        if leg.name.startswith("LEO →") and "transfer" in leg.name:
            return "Earth departure from LEO"
        if "transfer" in leg.name:
            return "Earth departure from depot"
        if leg.name.startswith("LEO →"):
            return "LEO → depot"
        return "other"

    values = np.zeros((len(roles), len(archs)))
    for j, a in enumerate(archs):
        for leg in a.burns:
            values[roles.index(role(a, leg)), j] += leg.dv_km_s
    fig, ax = figure(max(7.0, 1.45 * len(archs) + 2.0), 5.8)
    x = np.arange(len(archs))
    bottom = np.zeros(len(archs))
    for i, r in enumerate(roles):
        if values[i].any():
            ax.bar(x, values[i], 0.62, bottom=bottom, label=r, color=GREYS[i], hatch=HATCHES[i], edgecolor="black",
                   linewidth=0.8)
            bottom += values[i]
    for j, a in enumerate(archs):
        ax.text(x[j], bottom[j] + 0.08, f"{a.total_dv_km_s:.2f}" + ("" if a.closes else "\n(does not close)"),
                ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [_short(a.name) for a in archs], fontsize=8)
    ax.set_ylabel("delta-v (km/s)")
    ax.set_ylim(0, bottom.max() * 1.18)
    ax.set_title(_title(result, "Total delta-v per architecture (impulsive)"), fontsize=10)
    fig.legend(fontsize=8, loc="outside lower center", ncol=4, frameon=True)
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig


def mass_bars(result):
    """Stacked bars of Earth-launched mass: ferry dry + payload, its launch propellant, tankers; lunar propellant."""
    archs = result.architectures
    sc = result.scenario
    parts = {
        "ferry dry": [sc.ferry.dry_mass] * len(archs),
        "payload": [sc.ferry.payload] * len(archs),
        "propellant launched with ferry": [a.ferry_launch_kg - sc.ferry.dry_mass - sc.ferry.payload for a in archs],
        "Earth tankers (launched)": [sum(s.earth_launched_kg for s in a.supplies) for a in archs],
    }
    lunar = [sum(s.delivered_kg for s in a.supplies if s.source == "moon") for a in archs]
    fig, ax = figure(max(7.0, 1.45 * len(archs) + 2.0), 5.8)
    x = np.arange(len(archs))
    bottom = np.zeros(len(archs))
    for i, (label, vals) in enumerate(parts.items()):
        vals = np.asarray(vals, float) / 1e3
        if vals.any():
            ax.bar(x, vals, 0.62, bottom=bottom, label=label, color=GREYS[i], hatch=HATCHES[i], edgecolor="black",
                   linewidth=0.8)
            bottom += vals
    for j, a in enumerate(archs):
        n = sum(a.launches.values())
        note = f"{a.earth_launched_kg / 1e3:.0f} t\n{n} launch{'es' if n != 1 else ''}"
        if lunar[j]:  # not launched from Earth, so not stacked: said in words
            note += f"\n+{lunar[j] / 1e3:.0f} t lunar\npropellant"
        if not a.closes:
            note += "\n(does not close)"
        # white behind the label: a launch-multiple line may pass through it
        ax.text(x[j], bottom[j] + 1, note, ha="center", va="bottom", fontsize=8, zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    lv = result.launcher
    leo = lv["leo_kg"]
    if leo:
        for n in range(1, int(bottom.max() * 1e3 // leo) + 1):
            ax.axhline(n * leo / 1e3, color="0.3", linestyle=":", linewidth=0.9,
                       label=f"multiples of one launch to LEO ({lv['id']}, {leo / 1e3:.1f} t)" if n == 1 else None)
    ax.set_xticks(x, [_short(a.name) for a in archs], fontsize=8)
    ax.set_ylabel("mass launched from Earth to LEO (t)")
    ax.set_ylim(0, bottom.max() * 1.3)
    ax.set_title(_title(result, "Mass budget: what must be launched from Earth"), fontsize=10)
    fig.legend(fontsize=8, loc="outside lower center", ncol=3)
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig


def breakeven(result):
    """Earth-launched mass of each depot route against the depot supply ratio k, with direct as a level."""
    be = result.breakeven
    fig, ax = figure(7.5, 5)
    k = be["k"]
    for i, (name, curve) in enumerate(zip(be["routes"], be["earth_launched_kg"])):
        ax.plot(k, curve / 1e3, color="black", linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.4,
                label=name)
        ks, ka = be["k_star"][name], be["k_actual"][name]
        if 0 <= ks <= k[-1]:
            ax.plot([ks], [be["direct_earth_launched_kg"] / 1e3], marker=MARKERS[i % len(MARKERS)], color="black",
                    markerfacecolor="white", linestyle="none")
        if 0 <= ka <= k[-1]:
            ax.plot([ka], [np.interp(ka, k, curve) / 1e3], marker=MARKERS[i % len(MARKERS)], color="black",
                    linestyle="none")
    ax.axhline(be["direct_earth_launched_kg"] / 1e3, color="0.4", linewidth=2.2, alpha=0.8,
               label=f"{be['direct']} (direct)")
    ax.set_xlabel("depot supply ratio k (kg launched from Earth per kg delivered to the depot)")
    ax.set_ylabel("mass launched from Earth to LEO (t)")
    ax.set_xlim(k[0], k[-1])
    ax.set_title(_title(result, "Depot break-even: open marker = k*, filled = actual supply"), fontsize=10)
    fig.legend(fontsize=8, loc="outside lower center", ncol=2)
    ax.grid(color="0.88", linewidth=0.6)
    return fig


def sketch_legs(result) -> list:
    """The cislunar legs the scenario flies, each once, with their propagated trajectories (km)."""
    from deltav import cislunar

    seen, legs = set(), []
    for a in result.architectures:
        for leg in a.burns:
            c = leg.cislunar
            if c is not None and (c.origin, c.target, c.strategy) not in seen:
                seen.add((c.origin, c.target, c.strategy))
                legs.append((c, cislunar.trajectory(c) if c.arcs else []))
    return legs


def cislunar_sketch(result, legs=None):
    """Earth, Moon, L1–L5 in the rotating frame, with the cislunar legs this scenario flies.

    ``legs`` from :func:`sketch_legs` (computed here when not given).
    """
    from deltav.plots.cislunar import sketch

    legs = sketch_legs(result) if legs is None else legs
    what = "Cislunar legs (Earth–Moon rotating frame)"
    if len(legs) > 6:  # a depot trade: the approach legs only, or the figure is unreadable
        legs = [leg for leg in legs if leg[0].origin == "LEO"]
        what = "Legs from LEO to each depot (Earth–Moon rotating frame)"
    fig, ax = figure(7.2, 7.4)
    sketch(ax, legs)
    if ax.get_legend() is not None:  # below the axes, where it hides no trajectory
        handles, labels = ax.get_legend_handles_labels()
        ax.get_legend().remove()
        fig.legend(handles, labels, fontsize=8, loc="outside lower center", ncol=2)
    ax.set_title(_title(result, what), fontsize=10)
    return fig


FIGURES = {"dv": dv_bars, "mass": mass_bars, "breakeven": breakeven, "cislunar": cislunar_sketch}
# Relative drawing time of each figure (PNG + SVG, measured on beacon.yaml): the order work is handed out.
_COST = {"cislunar": 4, "mass": 3, "dv": 2, "breakeven": 1}


def _applicable(result) -> list[str]:
    names = []
    for name in FIGURES:
        if name == "breakeven" and not result.breakeven:
            continue
        if name == "cislunar" and not any(a.depot and a.depot.startswith("EML") for a in result.architectures):
            continue
        names.append(name)
    return names


def _render(result, name: str, out_dir, formats, kwargs=None) -> list[Path]:
    return save_figure(FIGURES[name](result, **(kwargs or {})), Path(out_dir) / f"{result.scenario.name}-{name}",
                       formats)
