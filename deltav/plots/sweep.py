"""Figures of a sweep: verdict maps over two varied keys, Monte Carlo odds, one-at-a-time tornado bars."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from deltav.outputs import save_figure

GREYS = {"true": "0.92", "partly": "0.62", "false": "0.25", "undetermined": "1.0"}
HATCH = {"true": "", "partly": "..", "false": "//", "undetermined": "xx"}
VERDICT_ORDER = ("true", "false", "partly", "undetermined")


def _label(ds, key: str) -> str:
    unit = ds[key].attrs.get("units", "")
    scale, shown = (1e-3, "t") if unit == "kg" else (1.0, unit)
    return f"{key} ({shown})" if shown else key, scale


def verdict_maps(ds, base: dict | None = None, title: str | None = None):
    """One panel per claim over the first two varied keys: where each verdict holds (greyscale + hatches)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    keys = [d for d in ds.dims if d not in ("architecture", "sample")][:2]
    claims = [str(v) for v in ds.data_vars if str(v).startswith("verdict_")]
    fig = Figure(figsize=(4.2 * len(claims), 4.2), layout="constrained")
    (xl, xs), (yl, ys) = _label(ds, keys[0]), _label(ds, keys[1])
    x, y = ds[keys[0]].values * xs, ds[keys[1]].values * ys
    for i, var in enumerate(claims):
        ax = fig.add_subplot(1, len(claims), i + 1)
        codes = ds[var].transpose(keys[1], keys[0]).values
        for code, verdict in enumerate(VERDICT_ORDER):
            mask = np.where(codes == code, 1.0, np.nan)
            if np.isfinite(mask).any():
                ax.pcolormesh(x, y, mask, shading="nearest", cmap=_flat(GREYS[verdict]), vmin=0, vmax=1)
                ax.contourf(x, y, np.nan_to_num(mask), levels=[0.5, 1.5], colors="none", hatches=[HATCH[verdict]])
        if base:
            ax.plot(base[keys[0]] * xs, base[keys[1]] * ys, marker="*", ms=14, mfc="white", mec="black",
                    ls="none", label="the scenario")
        ax.set(xlabel=xl, ylabel=yl, title=var[8:])
    present = {int(c) for var in claims for c in np.unique(ds[var].values)}
    handles = [Patch(facecolor=GREYS[v], hatch=HATCH[v], edgecolor="0.3",
                     label=v if v != "undetermined" else "undetermined (depot not used)")
               for code, v in enumerate(VERDICT_ORDER) if code in present]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    fig.suptitle(title or f"{ds.attrs.get('title', '')}: verdicts over {keys[0]} × {keys[1]}")
    return fig


def _flat(grey: str):
    from matplotlib.colors import ListedColormap

    return ListedColormap([grey])


def verdict_lines(ds, title: str | None = None):
    """One varied key: each claim's verdict along it, and each architecture's Earth-launched mass."""
    from matplotlib.figure import Figure

    key = next(d for d in ds.dims if d not in ("architecture", "sample"))
    xl, xs = _label(ds, key)
    x = ds[key].values * xs
    fig = Figure(figsize=(8, 6), layout="constrained")
    ax1, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=(1, 2))
    claims = [str(v) for v in ds.data_vars if str(v).startswith("verdict_")]
    for i, var in enumerate(claims):
        codes = ds[var].values
        for code, verdict in enumerate(VERDICT_ORDER):
            sel = codes == code
            ax1.scatter(x[sel], np.full(sel.sum(), i), marker="s", s=40, c=GREYS[verdict], edgecolors="black",
                        hatch=HATCH[verdict], label=verdict if i == 0 else None)
    ax1.set(yticks=range(len(claims)), yticklabels=[c[8:] for c in claims], ylim=(-0.6, len(claims) - 0.4),
            title="verdicts (light: true, dotted: partly, dark: false)")
    styles = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))
    for j, arch in enumerate(ds.architecture.values):
        m = ds.earth_launched_kg.sel(architecture=arch).values / 1e3
        ax2.plot(x, m, ls=styles[j % len(styles)], color="black", label=str(arch))
    ax2.set(xlabel=xl, ylabel="mass launched from Earth (t)")
    ax2.legend(fontsize="small")
    fig.suptitle(title or f"{ds.attrs.get('title', '')}: along {key}")
    return fig


def closure_odds(summary: dict, title: str):
    """Monte Carlo: the probability that each architecture closes, with 95 % intervals."""
    from matplotlib.figure import Figure

    names = list(summary["closes"])
    p = np.array([summary["closes"][n]["p"] for n in names])
    lo = np.array([summary["closes"][n]["low"] for n in names])
    hi = np.array([summary["closes"][n]["high"] for n in names])
    fig = Figure(figsize=(8, 0.6 * len(names) + 1.6), layout="constrained")
    ax = fig.add_subplot()
    ax.barh(range(len(names)), 100 * p, color="0.7", edgecolor="black", hatch="//")
    ax.errorbar(100 * p, range(len(names)), xerr=[100 * (p - lo), 100 * (hi - p)], fmt="none", ecolor="black",
                capsize=4)
    ax.set(yticks=range(len(names)), yticklabels=names, xlim=(0, 100), xlabel="probability the architecture closes (%)",
           title=f"{summary.get('samples', 0):,} Monte Carlo samples, 95 % Wilson intervals")
    ax.invert_yaxis()
    fig.suptitle(title)
    return fig


def tornado(oat: dict, output: str, architecture: str, title: str, unit_scale=1e-3, unit="t"):
    """One-at-a-time sensitivity: the output at each key's low and high end, about the base case."""
    from matplotlib.figure import Figure

    rows = oat[output][architecture]
    base = rows[0][1] * unit_scale
    rows = sorted(rows[1:], key=lambda r: abs(r[2] - r[1]))
    fig = Figure(figsize=(8, 0.5 * len(rows) + 1.8), layout="constrained")
    ax = fig.add_subplot()
    for i, (_key, lo, hi) in enumerate(rows):
        # Two half-height bars, so that both ends show even when they lie on the same side of the base.
        ax.barh(i + 0.18, lo * unit_scale - base, left=base, height=0.36, color="0.8", edgecolor="black",
                label="input at its 5th percentile" if i == 0 else None)
        ax.barh(i - 0.18, hi * unit_scale - base, left=base, height=0.36, color="0.35", edgecolor="black", hatch="//",
                label="input at its 95th percentile" if i == 0 else None)
    ax.axvline(base, color="black", lw=1)
    what = {"earth_launched_kg": "mass launched from Earth", "total_dv_km_s": "total delta-v"}.get(output, output)
    ax.set(yticks=range(len(rows)), yticklabels=[r[0] for r in rows], xlabel=f"{what} ({unit})",
           title=f"{architecture}: one input at a time")
    ax.legend(loc="lower right", fontsize="small")
    fig.suptitle(title)
    return fig


def write(fig, path: Path, formats=("png",)) -> list[Path]:
    return save_figure(fig, path, formats)
