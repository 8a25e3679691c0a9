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


def plot_porkchop(result, path=None, title: str | None = None, formats=("png", "svg")):
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
        ax1.clabel(cs, fmt="%g", fontsize=7)
    va = np.where(np.isfinite(result.vinf_arrival), result.vinf_arrival, np.nan)[sub]
    lv = _levels(va, 8.0, 7)
    if lv is not None:
        cs = ax1.contour(X, Y, va, levels=lv, colors="0.35", linewidths=0.9, linestyles="dashed")
        ax1.clabel(cs, fmt="%g", fontsize=6)
    tof = result.tof_days[sub]
    tl = np.arange(50, 1000, 50)
    tl = tl[(tl > np.nanmin(tof)) & (tl < np.nanmax(tof))]
    if tl.size:
        cs = ax1.contour(X, Y, tof, levels=tl, colors="0.55", linewidths=0.7, linestyles="dotted")
        ax1.clabel(cs, fmt="%d d", fontsize=6)

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
        ax2.clabel(cs, fmt="%.2f", fontsize=6)
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
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.yaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
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
