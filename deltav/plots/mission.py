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


def _set_title(ax, result, what: str) -> None:
    # y=1: where matplotlib puts a title over an axes with no tick labels on top, given rather than found
    # (finding it measures the whole y axis at every layout and draw pass)
    ax.set_title(_title(result, what), fontsize=10, y=1.0)


def _short(name: str, width: int = 22) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(name, width)) or name


def tank_loads(arch) -> list[float]:
    """Δv (km/s) flown on each tank-load: the burns between the launch and each refuel, in order."""
    loads = [0.0]
    for leg in arch.legs:
        if leg.kind == "refuel":
            loads.append(0.0)
        elif leg.kind == "burn":
            loads[-1] += leg.dv_km_s
    return loads


def _legend_right(fig, ax, handles_first=(), reverse=True):
    """The axes' legend at the right of the figure, top of a stack first (the order the eye reads the bars)."""
    handles, labels = ax.get_legend_handles_labels()
    pairs = list(zip(handles, labels))
    bars = [p for p in pairs if p[1] not in handles_first]
    rest = [p for p in pairs if p[1] in handles_first]
    ordered = (bars[::-1] if reverse else bars) + rest
    fig.legend([h for h, _ in ordered], [lb for _, lb in ordered], fontsize=8, loc="outside right upper",
               frameon=True)


def dv_bars(result):
    """Stacked bars: delta-v of each burn, per architecture, legs grouped by role; beside each, the delta-v
    flown on the last tank-load (after the last refuel), which is what a depot buys."""
    archs = result.architectures
    roles = ["LEO → depot", "Earth departure from depot", "Earth departure from LEO", "capture at destination",
             "other"]

    def role(leg):
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
            values[roles.index(role(leg)), j] += leg.dv_km_s
    fig, ax = figure(min(14.0, max(8.5, 1.6 * len(archs) + 3.5)), 5.6)
    x = np.arange(len(archs))
    w = 0.5
    bottom = np.zeros(len(archs))
    for i, r in enumerate(roles):
        if values[i].any():
            ax.bar(x - 0.14, values[i], w, bottom=bottom, label=r, color=GREYS[i], hatch=HATCHES[i],
                   edgecolor="black", linewidth=0.8)
            bottom += values[i]
    last = np.array([tank_loads(a)[-1] for a in archs])
    ax.bar(x + 0.25, last, 0.22, color="white", edgecolor="black", linewidth=1.4,
           label="Δv on the last tank-load\n(after the last refuel)")
    for j, a in enumerate(archs):
        ax.text(x[j] - 0.14, bottom[j] + 0.08, f"{a.total_dv_km_s:.2f}" + ("" if a.closes else "\n(does not close)"),
                ha="center", va="bottom", fontsize=8)
        ax.text(x[j] + 0.25, last[j] + 0.08, f"{last[j]:.2f}", ha="center", va="bottom", fontsize=7, style="italic")
    ax.set_xticks(x, [_short(a.name) for a in archs], fontsize=8)
    ax.set_xlabel("architecture")
    ax.set_ylabel("delta-v (km/s)")
    ax.set_ylim(0, bottom.max() * 1.18)
    _set_title(ax, result, "Total delta-v per architecture (impulsive), and per tank-load after refuelling")
    _legend_right(fig, ax, handles_first=("Δv on the last tank-load\n(after the last refuel)",))
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig


def mass_bars(result):
    """Stacked bars of Earth-launched mass: ferry dry + payload, its launch propellant, tankers; lunar propellant.

    Each bar carries the capacity of its own launches (n × one launch to LEO, n up to the launches the
    architecture needs on the ferry's launcher), so a bar above its top line does not close.
    """
    archs = result.architectures
    sc = result.scenario
    parts = {
        "ferry dry": [sc.ferry.dry_mass] * len(archs),
        "payload": [sc.ferry.payload] * len(archs),
        "propellant launched with ferry": [a.ferry_launch_kg - sc.ferry.dry_mass - sc.ferry.payload for a in archs],
        "Earth tankers (launched)": [sum(s.earth_launched_kg for s in a.supplies) for a in archs],
    }
    lunar = [sum(s.delivered_kg for s in a.supplies if s.source == "moon") for a in archs]
    fig, ax = figure(min(14.0, max(8.5, 1.6 * len(archs) + 3.5)), 5.6)
    x = np.arange(len(archs))
    bottom = np.zeros(len(archs))
    for i, (label, vals) in enumerate(parts.items()):
        vals = np.asarray(vals, float) / 1e3
        if vals.any():
            ax.bar(x, vals, 0.62, bottom=bottom, label=label, color=GREYS[i], hatch=HATCHES[i], edgecolor="black",
                   linewidth=0.8)
            bottom += vals
    lv = result.launcher
    leo = lv.get("leo_kg") or 0.0
    top = bottom.copy()
    if leo:
        for j, a in enumerate(archs):
            n = a.launches.get(lv["id"], 0)
            for k in range(1, n + 1):
                ax.hlines(k * leo / 1e3, x[j] - 0.36, x[j] + 0.36, color="black", linestyle=(0, (2, 1.5)),
                          linewidth=1.1, zorder=4,
                          label=f"capacity of 1, 2, … launches to LEO\n({lv['id']}, {leo / 1e3:.1f} t each)"
                          if j == 0 and k == 1 else None)
                ax.text(x[j] + 0.38, k * leo / 1e3, f"{k}×", va="center", ha="left", fontsize=7)
            top[j] = max(top[j], n * leo / 1e3)
    for j, a in enumerate(archs):
        n = sum(a.launches.values())
        note = f"{a.earth_launched_kg / 1e3:.0f} t\n{n} launch{'es' if n != 1 else ''}"
        if lunar[j]:  # not launched from Earth, so not stacked: said in words
            note += f"\n+{lunar[j] / 1e3:.0f} t lunar\npropellant"
        if not a.closes:
            note += "\n(does not close)"
        ax.text(x[j], top[j] + 2, note, ha="center", va="bottom", fontsize=8, zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xticks(x, [_short(a.name) for a in archs], fontsize=8)
    ax.set_xlabel("architecture")
    ax.set_ylabel("mass launched from Earth to LEO (t)")
    ax.set_ylim(0, top.max() * 1.3)
    _set_title(ax, result, "Mass budget: what must be launched from Earth")
    _legend_right(fig, ax, handles_first=[h for h in ax.get_legend_handles_labels()[1] if h.startswith("capacity")])
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig


def breakeven(result):
    """Earth-launched mass of each depot route against the depot supply ratio k, with direct as a level.

    Open markers: the break-even k* of each route (labelled); filled: the scenario's actual supply;
    k = 1 (propellant launched from Earth costs at least its own mass) and k = 0 (lunar propellant,
    nothing launched from Earth) as references.
    """
    be = result.breakeven
    fig, ax = figure(8.5, 5.4)
    k = be["k"]
    direct = be["direct_earth_launched_kg"] / 1e3
    lunar = be["source"] == "moon"
    stars = []
    for i, (name, curve) in enumerate(zip(be["routes"], be["earth_launched_kg"])):
        marker = MARKERS[i % len(MARKERS)]
        ax.plot(k, curve / 1e3, color="black", linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.4,
                label=name)
        ks, ka = be["k_star"][name], be["k_actual"][name]
        if 0 <= ks <= k[-1]:
            ax.plot([ks], [direct], marker=marker, color="black", markerfacecolor="white", linestyle="none",
                    markersize=7, zorder=5)
            stars.append(ks)
        if 0 < ka <= k[-1]:
            y = np.interp(ka, k, curve) / 1e3
            ax.plot([ka], [y], marker=marker, color="black", linestyle="none", markersize=7, zorder=5)
            # right of the marker: under its own (rising) line, above the flatter ones
            ax.annotate(f"{ka:.2f}", (ka, y), xytext=(8, -2), textcoords="offset points", fontsize=8,
                        ha="left", va="center")
        # k = 0: the route with lunar propellant (nothing launched from Earth for the depot)
        ax.plot([0], [curve[0] / 1e3], marker=marker, color="black", markerfacecolor="0.6", linestyle="none",
                markersize=6, clip_on=False, zorder=5)
    # k* labels in a column right of k = 1 and below the direct line (empty there: every route is heavier
    # than direct beyond its k*), joined to their markers, so close values stay apart
    low = min(float(np.min(be["earth_launched_kg"][:, 0])) / 1e3, direct)
    step = 0.045 * (float(np.max(be["earth_launched_kg"])) / 1e3 - low)
    for n, ks in enumerate(sorted(stars, reverse=True)):  # the rightmost marker to the top label: no crossing
        x = max(1.15, ks + 0.25)
        # A label in the left half lies inside the axes (above the lower limit set below), so the layout need
        # not measure it nor its arrow (clipped to the text box: the costliest artists of the figure).
        ax.annotate(f"k* = {ks:.2f}", (ks, direct), xytext=(x, direct - (n + 1) * step),
                    fontsize=8, va="center", ha="left", in_layout=x > 0.5 * k[-1],
                    arrowprops={"arrowstyle": "-", "color": "0.45", "linewidth": 0.7, "shrinkA": 1, "shrinkB": 5})
    ax.set_ylim(min(low, direct - (len(stars) + 1.3) * step) - step, None)
    ax.axhline(direct, color="0.4", linewidth=2.2, alpha=0.8, label=f"{be['direct']} (direct)")
    ax.axvline(1.0, color="black", linestyle=(0, (1, 2)), linewidth=1.0)
    ax.text(1.0, 0.98, " k = 1: a kg launched from Earth\n delivers at most 1 kg", transform=ax.get_xaxis_transform(),
            ha="left", va="top", fontsize=7.5)
    floor = _tanker_floor(result)
    if floor is not None and floor < k[-1]:
        ax.axvline(floor, color="black", linestyle=(0, (4, 2, 1, 2)), linewidth=1.0)
        ax.text(floor, 0.86, f" k = {floor:.2f}: the least an Earth tanker\n" r" reaches (e^(Δv/vₑ), no dry mass)",
                transform=ax.get_xaxis_transform(), ha="left", va="top", fontsize=7.5)
    from matplotlib.lines import Line2D

    keys = [Line2D([], [], marker="o", color="black", markerfacecolor="white", linestyle="none",
                   label="break-even k* (open markers)"),
            *([] if lunar else [Line2D([], [], marker="o", color="black", linestyle="none",
                                       label="actual k of the Earth tankers\n(filled, labelled)")]),
            Line2D([], [], marker="o", color="black", markerfacecolor="0.6", linestyle="none",
                   label="k = 0: lunar propellant" + (" (this scenario)" if lunar else "")
                   + ",\nnothing launched from Earth (grey)")]
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles + keys, labels + [h.get_label() for h in keys], fontsize=8, loc="outside right upper")
    ax.set_xlabel("depot supply ratio k (kg launched from Earth per kg delivered to the depot)")
    ax.set_ylabel("mass launched from Earth to LEO (t)")
    ax.set_xlim(k[0], k[-1])
    _set_title(ax, result, "Depot break-even: the depot route is lighter left of its k*")
    ax.grid(color="0.88", linewidth=0.6)
    return fig


def _tanker_floor(result) -> float | None:
    """e^(Δv/vₑ) of the Earth tankers' flight to the depot (the k a tanker with no dry mass would reach),
    when every depot route's tankers fly the same Δv; None otherwise (lunar supply, several depots)."""
    from deltav.core import rocket

    depot = result.scenario.depot
    if depot is None or depot.tanker is None or result.breakeven.get("source") != "earth":
        return None
    dvs = {round(s.tanker_dv_km_s, 3) for a in result.architectures if a.depot not in (None, "LEO")
           for s in a.supplies if s.source == "earth"}
    return float(rocket.mass_ratio(dvs.pop(), depot.tanker.isp)) if len(dvs) == 1 else None


def sketch_legs(result) -> list:
    """The cislunar legs the scenario flies, each once, with their propagated trajectories (km)."""
    from deltav import cislunar

    seen, legs = set(), []
    for a in result.architectures:
        for leg in a.burns:
            c = leg.cislunar
            if c is not None and (c.origin, c.target, c.strategy) not in seen:
                seen.add((c.origin, c.target, c.strategy))
                legs.append(c)
    return list(zip(legs, cislunar.trajectories(legs)))  # every arc in one stacked propagation


def cislunar_sketch(result, legs=None):
    """Earth, Moon, L1–L5 in the rotating frame, with the cislunar legs this scenario flies.

    ``legs`` from :func:`sketch_legs` (computed here when not given).
    """
    from deltav.plots.cislunar import SCALE_NOTE, sketch

    legs = sketch_legs(result) if legs is None else legs
    what = "Cislunar legs (Earth–Moon rotating frame)"
    if len(legs) > 6:  # a depot trade: the approach legs only, or the figure is unreadable
        legs = [leg for leg in legs if leg[0].origin == "LEO"]
        what = "Legs from LEO to each depot (Earth–Moon rotating frame)"
    fig, ax = figure(7.2, 7.4)
    sketch(ax, legs, legend=False)
    handles, labels = ax.get_legend_handles_labels()
    if handles:  # below the axes, where it hides no trajectory
        fig.legend(handles, labels, fontsize=8, loc="outside lower center", ncol=2, title=SCALE_NOTE,
                   title_fontsize=8)
    _set_title(ax, result, what)
    return fig


FIGURES = {"dv": dv_bars, "mass": mass_bars, "breakeven": breakeven, "cislunar": cislunar_sketch}
# Relative drawing time of each figure (CPU ms, PNG, arcs given, measured on beacon.yaml): how work is shared out.
_COST = {"mass": 260, "dv": 255, "breakeven": 241, "cislunar": 200}


def _applicable(result) -> list[str]:
    names = []
    for name in FIGURES:
        if name == "breakeven" and not result.breakeven:
            continue
        if name == "cislunar" and not any(a.depot and a.depot.startswith("EML") for a in result.architectures):
            continue
        names.append(name)
    return names


def figure_base(result, name: str, out_dir) -> Path:
    """Where figure ``name`` of ``result`` is saved, without its suffix: ``out_dir/<scenario>-<name>``."""
    return Path(out_dir) / f"{result.scenario.name}-{name}"


def _render(result, name: str, out_dir, formats, kwargs=None) -> list[Path]:
    return save_figure(FIGURES[name](result, **(kwargs or {})), figure_base(result, name, out_dir), formats)
