"""Porkchop plot: launch energy and arrival speed over departure x arrival dates, and total mission delta-v.

Left panel: departure C3 (solid, labelled contours), arrival v-infinity (dashed), time of flight (dotted
grey), the minimum-C3 transfers of type I and II marked. Right panel: total mission delta-v (parking orbit
departure + capture) as grey-filled contours with labelled lines and its minimum marked. Greyscale-safe:
quantities differ by line style and marker, not only colour.
"""

from __future__ import annotations

import numpy as np

from deltav.outputs import save_figure

_UNIX_JD = 2440587.5  # JD of 1970-01-01, matplotlib's date epoch


def _dates(jd):
    return np.asarray(jd, float) - _UNIX_JD


def _levels(values, cap, n):
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    lo = float(np.min(finite))
    hi = min(float(np.percentile(finite, 60)), cap) if cap else float(np.percentile(finite, 60))
    hi = max(hi, lo * 1.05 + 1e-9)
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(n).tick_values(lo, hi)


def _labels(ax, cs, fmt, size, every=2, colors=None):
    """Contour labels on every ``every``-th level only, set in the line (gap around the text), so that
    neighbouring labels do not collide; ``colors`` one per level (contrast with a filled band)."""
    levels = list(cs.levels)[::every]
    if not levels:
        return
    kw = {} if colors is None else {"colors": [colors[list(cs.levels).index(v)] for v in levels]}
    ax.clabel(cs, levels=levels, fmt=fmt, fontsize=size, inline=True, inline_spacing=6, **kw)


def plot_porkchop(result, path=None, title: str | None = None, formats=("png",)):
    """Draw ``result`` (a :class:`deltav.launch_windows.PorkchopResult`); save it when ``path`` is given.

    Returns the written paths (``path`` given) or the matplotlib Figure.
    """
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    fig = Figure(figsize=(14, 6.2), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2, sharex=True, sharey=True)
    # Contours of smooth fields need no more than ~200 points a side; drawing time grows with the grid.
    si = max(1, int(np.ceil(result.departure_jd.size / 200)))
    sj = max(1, int(np.ceil(result.arrival_jd.size / 200)))
    sub = (slice(None, None, si), slice(None, None, sj))
    x = _dates(result.departure_jd[::si])
    y = _dates(result.arrival_jd[::sj])
    X, Y = np.meshgrid(x, y, indexing="ij")

    c3 = np.where(np.isfinite(result.c3), result.c3, np.nan)[sub]
    lv = _levels(c3, 60.0, 10)
    if lv is not None:
        cs = ax1.contour(X, Y, c3, levels=lv, colors="0.1", linewidths=1.0, linestyles="solid")
        _labels(ax1, cs, "%g", 7)
    va = np.where(np.isfinite(result.vinf_arrival), result.vinf_arrival, np.nan)[sub]
    lv = _levels(va, 8.0, 7)
    if lv is not None:
        cs = ax1.contour(X, Y, va, levels=lv, colors="0.35", linewidths=0.9, linestyles="dashed")
        _labels(ax1, cs, "%g", 6.5)
    tof = result.tof_days[sub]
    tl = np.arange(100, 1000, 100)
    tl = tl[(tl > np.nanmin(tof)) & (tl < np.nanmax(tof))]
    if tl.size:
        cs = ax1.contour(X, Y, tof, levels=tl, colors="0.55", linewidths=0.7, linestyles="dotted")
        _labels(ax1, cs, "%d d", 6.5, every=1)

    handles = []
    from matplotlib.lines import Line2D

    handles += [Line2D([], [], color="0.1", ls="solid", label="departure C3 (km²/s²)"),
                Line2D([], [], color="0.35", ls="dashed", label="arrival v∞ (km/s)"),
                Line2D([], [], color="0.55", ls="dotted", label="time of flight (days)")]
    for kind, marker in (("I", "o"), ("II", "s")):
        try:
            opt = result.optimum("c3", kind)
        except Exception:  # no transfer of that type in the grid
            continue
        px, py = _dates([opt["departure_jd"], opt["arrival_jd"]])
        ax1.plot(px, py, marker=marker, ms=9, mfc="white", mec="black", mew=1.8, ls="none")
        handles.append(Line2D([], [], marker=marker, ms=8, mfc="white", mec="black", mew=1.6, ls="none",
                              label=f"min C3 type {kind}: {opt['c3_km2_s2']:.2f} km²/s², {opt['departure']}"))
    ax1.legend(handles=handles, loc="upper left", fontsize=7, framealpha=0.9)
    ax1.set_title("Departure C3, arrival v∞ and time of flight", fontsize=10)

    dv = np.where(np.isfinite(result.dv_total), result.dv_total, np.nan)[sub]
    lv = _levels(dv, None, 10)
    if lv is not None:
        cf = ax2.contourf(X, Y, dv, levels=lv, cmap="Greys_r", extend="max")
        cf.set_rasterized(True)  # filled bands as an image inside the SVG: small and fast
        cs = ax2.contour(X, Y, dv, levels=lv, colors="black", linewidths=0.6)
        # Greys_r: low (dark) bands get white labels, light bands black ones
        shade = (np.asarray(cs.levels) - lv[0]) / max(lv[-1] - lv[0], 1e-12)
        _labels(ax2, cs, "%.1f", 7, colors=["white" if f < 0.55 else "black" for f in shade])
        cb = fig.colorbar(cf, ax=ax2, shrink=0.9)
        cb.set_label("total mission Δv (km/s)")
    try:
        opt = result.optimum("total")
        px, py = _dates([opt["departure_jd"], opt["arrival_jd"]])
        ax2.plot(px, py, marker="*", ms=15, mfc="white", mec="black", mew=1.5, ls="none",
                 label=f"min Δv {opt['dv_total_km_s']:.3f} km/s (type {opt['type']}): "
                       f"{opt['departure']} → {opt['arrival']}")
        ax2.legend(loc="upper left", fontsize=7, framealpha=0.9)
    except Exception:
        pass
    apo = result.capture_apoapsis_altitude_km
    capture = (f"{result.capture_altitude_km:g} km circular" if apo is None
               else f"{result.capture_altitude_km:g} × {apo:g} km")
    ax2.set_title(f"Total Δv: {result.parking_altitude_km:g} km circular parking orbit → capture {capture}",
                  fontsize=10)

    for ax in (ax1, ax2):
        for axis, jd in ((ax.xaxis, result.departure_jd), (ax.yaxis, result.arrival_jd)):
            # ticks on the first of a month, every 1, 2, 3, 4, 6 or 12 months: at most ~8 per axis
            months = (jd[-1] - jd[0]) / 30.44
            step = next((m for m in (1, 2, 3, 4, 6, 12) if months / m <= 8), 24)
            axis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step) if 12 % step == 0 else None,
                                                       interval=1 if 12 % step == 0 else step))
            axis.set_minor_locator(mdates.MonthLocator())
            axis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.set_xlabel("departure date (TDB, calendar date)")
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(True, color="0.85", lw=0.5)
    ax1.set_ylabel("arrival date (TDB, calendar date)")
    span = f"{result.origin} → {result.target}, departures {_iso(result.departure_jd[0])} to " \
           f"{_iso(result.departure_jd[-1])}"
    fig.suptitle(title or f"Porkchop {span} ({result.ephemeris} ephemeris, ballistic Lambert arcs)", fontsize=12)
    if path is None:
        return fig
    return save_figure(fig, path, formats=formats)


def _iso(jd):
    from deltav.ephemeris import jd_to_iso

    return jd_to_iso(jd)
