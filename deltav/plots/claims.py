"""Figures of the claims ledger: lift-off thrust, Earth-Mars distance, payload per destination.

Drawn with matplotlib (Agg, imported lazily), greyscale-safe (hatches, line styles, markers), units on
every axis, saved with :func:`deltav.outputs.save_figure` (PNG by default; ``formats`` adds SVG or PDF).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

HATCHES = {"operational": "", "retired": "//", "planned": "..", "in development": "xx"}


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _claim_states(claim_id: str):
    from deltav import claims

    return next(c for c in claims.load() if c.id == claim_id)


def thrust_bars(path: str | Path, formats=("png",)) -> list[Path]:
    """Horizontal bars of lift-off thrust (tf) per vehicle, the claimed Starship figure marked."""
    from deltav import vehicles
    from deltav.outputs import save_figure

    plt = _plt()
    claim = _claim_states("starship-thrust")
    claimed_tf = claim.states.liftoff_thrust / vehicles.G0_KN_PER_TF
    factor = claim.states.times_more_than
    vs = sorted((v for v in vehicles.catalogue() if v.liftoff_thrust_kN), key=lambda v: v.liftoff_thrust_kN)
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    y = np.arange(len(vs))
    for i, v in enumerate(vs):
        ax.barh(i, v.liftoff_thrust_tf, color="0.75", edgecolor="black", hatch=HATCHES[v.status])
        ax.text(v.liftoff_thrust_tf + 80, i, f"{v.liftoff_thrust_tf:,.0f}", va="center", fontsize=8)
    ax.axvline(claimed_tf, color="black", linestyle="--", linewidth=1.5)
    ax.text(claimed_tf, len(vs) - 0.4, f"claim: ~{claimed_tf:,.0f} tf", ha="right", va="bottom", fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    for ref in claim.inputs.compare_with:
        r = vehicles.get(ref)
        ax.axvline(factor * r.liftoff_thrust_tf, color="black", linestyle=":", linewidth=1)
        ax.text(factor * r.liftoff_thrust_tf, len(vs) - 2.6, f"{factor:g}× {r.name.split(' (')[0]} ", rotation=90,
                ha="right", va="top", fontsize=7)
    ax.set_yticks(y, [f"{v.id} [{v.config_date[:4]}]" for v in vs], fontsize=8)
    ax.set_ylabel("vehicle [year of the figures]")
    ax.set_xlabel("lift-off thrust (tonnes-force; 1 tf = 9.80665 kN)")
    ax.set_ylim(-1, len(vs) + 0.3)
    ax.set_xlim(0, max(v.liftoff_thrust_tf for v in vs) * 1.15)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(facecolor="0.75", edgecolor="black", hatch=h, label=s) for s, h in HATCHES.items()],
              loc="lower right", bbox_to_anchor=(0.74, 0.02), fontsize=8, title="status", title_fontsize=8)
    ax.set_title("Claim starship-thrust: lift-off thrust of heavy launch vehicles")
    return save_figure(fig, Path(path) / "thrust", formats)


def mars_distance(path: str | Path, start: dt.date = dt.date(2020, 1, 1), end: dt.date = dt.date(2040, 12, 31),
                  formats=("png",)):
    """Earth-Mars distance over ``start``..``end`` (log scale) with the stated figure as a line."""
    from deltav.claims.checks import mars_distance as cc
    from deltav.outputs import save_figure

    plt = _plt()
    stated = _claim_states("mars-distance").states.distance
    jd, d = cc.distance_series(start, end)
    years = 2000.0 + (jd - 2451544.5) / 365.25
    fig, ax = plt.subplots(figsize=(8.5, 4.8))
    ax.semilogy(years, d, color="black", linestyle="-", linewidth=1.2, label="Earth–Mars distance (ERFA plan94)")
    ax.axhline(stated, color="black", linestyle="--", linewidth=1.5, label=f"stated: {stated / 1e6:,.0f} million km")
    i_min = cc.extremes(jd, d, "min")
    ax.plot(years[i_min], d[i_min], "v", color="black", markersize=5, label="closest approaches")
    for k in i_min:
        ax.annotate(f"{d[k] / 1e6:.0f}", (years[k], d[k]), textcoords="offset points", xytext=(0, -12),
                    ha="center", fontsize=7)
    ax.set_ylim(3e7, 1.2e10)
    ax.set_xlabel("year")
    ax.set_ylabel("distance (km, log scale)")
    ax.grid(True, which="major", linestyle=":", color="0.6")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.83), fontsize=8)  # between the curve and the stated line
    ax.set_title(f"Claim mars-distance: Earth–Mars distance {start.year}–{end.year} (labels: million km)")
    return save_figure(fig, Path(path) / "mars_distance", formats)


def payload_bars(path: str | Path, formats=("png",)) -> list[Path]:
    """Grouped bars of payload (t) to LEO, TLI and TMI per vehicle; unpublished figures marked n/p."""
    from deltav import vehicles
    from deltav.outputs import save_figure

    plt = _plt()
    vs = vehicles.catalogue()
    dests = [("LEO", "", "0.9"), ("TLI", "//", "0.6"), ("TMI", "xx", "0.35")]
    fig, ax = plt.subplots(figsize=(10, 5.2))
    x = np.arange(len(vs))
    w = 0.27
    for k, (dest, hatch, grey) in enumerate(dests):
        vals = [v.payload_kg[dest] for v in vs]
        pos = x + (k - 1) * w
        ax.bar(pos, [0 if p is None else p / 1e3 for p in vals], w, color=grey, edgecolor="black", hatch=hatch,
               label={"LEO": "LEO", "TLI": "trans-lunar (TLI)", "TMI": "Earth–Mars transfer (TMI)"}[dest])
        for xi, p in zip(pos, vals):
            ax.text(xi, 1 if p is None else p / 1e3 + 1, "n/p" if p is None else f"{p / 1e3:g}", ha="center",
                    va="bottom", fontsize=6, rotation=90)
    ax.set_xticks(x, [f"{v.id} [{v.config_date[:4]}]" for v in vs], fontsize=7, rotation=35, ha="right")
    ax.set_xlabel("vehicle [year of the figures]")
    ax.set_ylabel("payload (t)")
    ax.set_ylim(0, max(v.payload_kg["LEO"] or 0 for v in vs) / 1e3 * 1.2)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title("Claims long-march-5 / starship-payload: published payload by destination\n(n/p = not published)",
                 fontsize=11)
    return save_figure(fig, Path(path) / "payload", formats)


def all_figures(path: str | Path = "plots/claims", formats=("png",)) -> list[Path]:
    """Draw every ledger figure into ``path`` in each of ``formats``; return the files written."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [*thrust_bars(path, formats), *mars_distance(path, formats=formats), *payload_bars(path, formats)]
