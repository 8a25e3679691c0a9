"""Earth–Moon rotating-frame figures: zero-velocity curves, propagated transfers, and a sketch of nodes and legs.

All axes are in thousands of km in the Earth-centred rotating frame (x towards the Moon, y along
the Moon's motion). matplotlib is imported inside the functions.
"""

from __future__ import annotations

import numpy as np

from deltav import cislunar
from deltav.core import cr3bp

# Distinct in greyscale: solid, dashed, dash-dot, dotted, dash-dot-dot, long dash.
_LINESTYLES = ["-", "--", "-.", ":", (0, (7, 2, 1, 2, 1, 2)), (0, (12, 4))]
_KKM = 1e3  # axes in 10^3 km


def _figure(w=6.8, h=6.0):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(w, h))


def _lpoints_km():
    # The core's numbers, not cislunar.lagrange_points(): that returns a Quantity, and importing astropy
    # in the drawing process of ``deltav run`` would cost more than drawing the sketch.
    return (cr3bp.lagrange_points() - cr3bp.primary_position("earth")) * cr3bp.LENGTH_KM


def draw_bodies(ax, labels=True):
    """Earth, Moon (to scale ×3 so they are visible) and L1–L5 (triangles) with labels."""
    from matplotlib.patches import Circle

    from deltav.bodies import EARTH, MOON

    ax.add_patch(Circle((0, 0), 3 * EARTH.radius_km / _KKM, facecolor="0.35", edgecolor="black", zorder=5))
    ax.add_patch(Circle((cr3bp.LENGTH_KM / _KKM, 0), 3 * MOON.radius_km / _KKM, facecolor="0.75",
                        edgecolor="black", zorder=5))
    pts = _lpoints_km()
    ax.plot(pts[:, 0] / _KKM, pts[:, 1] / _KKM, linestyle="none", marker="^", markersize=7,
            markerfacecolor="white", markeredgecolor="black", zorder=6, label="Lagrange points")
    if labels:  # well inside every view of these figures (±1.25 Earth–Moon distances at least): not in the layout
        ax.annotate("Earth", (0, 0), xytext=(-14, -18), textcoords="offset points", fontsize=8, in_layout=False)
        ax.annotate("Moon", (cr3bp.LENGTH_KM / _KKM, 0), xytext=(-10, -18), textcoords="offset points", fontsize=8,
                    in_layout=False)
        for i, p in enumerate(pts):
            ax.annotate(f"L{i + 1}", (p[0] / _KKM, p[1] / _KKM), xytext=(5, 6), textcoords="offset points",
                        fontsize=9, weight="bold", in_layout=False)


def _axes_labels(ax, title):
    ax.set_xlabel("x, towards the Moon (10³ km, Earth-centred rotating frame)")
    ax.set_ylabel("y, along the Moon's motion (10³ km)")
    ax.set_aspect("equal")
    ax.grid(color="0.88", linewidth=0.6)
    ax.set_title(title, fontsize=10)


def zero_velocity_curves(ax=None, title="Earth–Moon CR3BP: zero-velocity curves at the L-point energies"):
    """Contours 2 Omega = C(Lk) (where a body at rest at Lk could go), L1–L5 marked. Returns the figure."""
    fig = None
    if ax is None:
        fig, ax = _figure()
    mu = cr3bp.MU
    x = np.linspace(-1.5, 1.5, 601)
    X, Y = np.meshgrid(x, x)
    pos = np.stack([X, Y, np.zeros_like(X)], axis=-1)
    two_omega = 2 * cr3bp.effective_potential(pos, mu)
    C = cr3bp.jacobi_constant(np.c_[cr3bp.lagrange_points(mu), np.zeros((5, 3))], mu)
    XE, YE = (X + mu) * cr3bp.LENGTH_KM / _KKM, Y * cr3bp.LENGTH_KM / _KKM
    # the forbidden region at C(L1) (2 Omega < C) hatched: the Earth and Moon wells are separate there
    ax.contourf(XE, YE, two_omega, levels=[0, C[0]], colors="none", hatches=["////"])
    handles = []
    from matplotlib.lines import Line2D

    for k, (c, ls) in enumerate(zip(C[[0, 1, 2, 3]], _LINESTYLES)):
        ax.contour(XE, YE, two_omega, levels=[c], colors="black", linestyles=[ls], linewidths=1.1)
        name = ["L1", "L2", "L3", "L4/L5"][k]
        handles.append(Line2D([], [], color="black", linestyle=ls, label=f"C = C({name}) = {c:.4f}"))
    draw_bodies(ax)
    ax.text(0.99, 0.01, "Earth and Moon drawn 3× size", transform=ax.transAxes, ha="right", va="bottom", fontsize=7)
    handles.append(Line2D([], [], linestyle="none", marker="^", markerfacecolor="white", markeredgecolor="black",
                          label="Lagrange points"))
    ax.legend(handles=handles, fontsize=8, loc="lower left", title="hatched: forbidden at C(L1)", title_fontsize=8)
    _axes_labels(ax, title)
    lim = 1.45 * cr3bp.LENGTH_KM / _KKM
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    return fig


def _node_xy(name, origin=None):
    """Rough position (km) of a node for a straight-line sketch; ``escape`` points radially outwards
    from ``origin`` (towards -y from Earth)."""
    name = cislunar.node(name)
    if name in ("LEO", "GEO"):
        return np.array([0.0, 0.0])
    if name in ("LLO", "lunar-surface"):
        return np.array([cr3bp.LENGTH_KM, 0.0])
    if name == "escape":
        p = _node_xy(origin) if origin is not None else np.zeros(2)
        r = np.linalg.norm(p)
        u = p / r if r > 0 else np.array([0.0, -1.0])
        return p + u * 0.35 * cr3bp.LENGTH_KM if r > 0 else u * 1.2 * cr3bp.LENGTH_KM
    return _lpoints_km()[int(name[-1]) - 1, :2]


def sketch(ax, legs, *, label=True, model=None, legend=True):
    """Draw Earth, Moon, L1–L5 and a list of legs into ``ax`` (the Beacon report's cislunar sketch).

    Parameters
    ----------
    ax : matplotlib Axes
    legs : iterable of :class:`deltav.cislunar.CislunarLeg`, ``(leg, trajectory(leg))`` pairs, or
        ``(origin, target)`` name pairs
        CR3BP legs are drawn along their propagated arcs; two-body legs and name pairs as arrows
        between the nodes (alternately straight and curved, so collinear legs stay apart).
    model : {None, "cr3bp", "two-body"}
        With ``"cr3bp"``, name pairs are first evaluated by :func:`deltav.cislunar.transfer_dv`
        (cached) so that they are drawn along their propagated arcs too.
    legend : bool
        With ``label``, put the legend (titled :data:`SCALE_NOTE`) in ``ax``; False leaves it to the
        caller (the labelled artists are in ``ax``).
    """
    draw_bodies(ax)
    r_max = 1.25 * cr3bp.LENGTH_KM
    drawn = []  # propagated arcs (10^3 km), to put direction arrows on once the view is known
    for i, leg in enumerate(legs):
        ls = _LINESTYLES[i % len(_LINESTYLES)]
        arcs = None
        if isinstance(leg, tuple) and leg and isinstance(leg[0], cislunar.CislunarLeg):
            leg, arcs = leg  # (leg, trajectory(leg)) computed by the caller, e.g. before handing to a worker
        if isinstance(leg, cislunar.CislunarLeg):
            o, t = leg.origin, leg.target
            if arcs is None:
                arcs = cislunar.trajectory(leg) if leg.arcs else []
            name = f"{o} → {t}" + (f" ({leg.strategy})" if leg.strategy else "") + f": {leg.dv_km_s:.2f} km/s"
        elif model is not None:
            got = cislunar.transfer_dv(*leg, model=model)
            o, t = got.origin, got.target
            arcs = cislunar.trajectory(got) if got.arcs else []
            name = f"{o} → {t}: {got.dv_km_s:.2f} km/s"
        else:
            o, t = leg
            arcs, name = [], f"{o} → {t}"
        if arcs:
            for j, (_, y) in enumerate(arcs):
                ax.plot(y[:, 0] / _KKM, y[:, 1] / _KKM, color="black", linestyle=ls, linewidth=1.2,
                        label=name if (label and j == 0) else None)
                drawn.append(y[:, :2] / _KKM)
                r_max = max(r_max, min(np.max(np.abs(y[:, :2])), 1.6 * cr3bp.LENGTH_KM))
            if len(arcs) > 1:  # mark intermediate burns
                for _, y in arcs[1:]:
                    ax.plot(y[0, 0] / _KKM, y[0, 1] / _KKM, marker="o", color="black", markersize=4)
        else:
            a, b = _node_xy(o) / _KKM, _node_xy(t, o) / _KKM
            r_max = max(r_max, 1.05 * np.max(np.abs(b)) * _KKM)
            ax.annotate("", xy=b, xytext=a, arrowprops={"arrowstyle": "->", "linestyle": ls, "color": "black",
                                                                 "lw": 1.2, "connectionstyle": f"arc3,rad={0.15 * (i % 2)}"})
            ax.plot([], [], color="black", linestyle=ls, label=name if label else None)
    lim = r_max / _KKM
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    for xy in drawn:
        direction_arrows(ax, xy, lim)
    _axes_labels(ax, ax.get_title() or "Cislunar legs (Earth–Moon rotating frame)")
    if label and legend:  # the scale note heads the legend, where no trajectory runs through it
        ax.legend(fontsize=8, loc="lower left", title=SCALE_NOTE, title_fontsize=7)
    elif not label:
        ax.text(0.01, 0.99, SCALE_NOTE, transform=ax.transAxes, ha="left", va="top", fontsize=7)
    return ax


SCALE_NOTE = "Earth and Moon drawn 3× size; arrows: direction of flight"


def direction_arrows(ax, xy, lim: float, at=(0.3, 0.7)) -> None:
    """Arrowheads along a trajectory ``xy`` (N x 2, axes units) at fractions ``at`` of its length in view."""
    inside = np.all(np.abs(xy) <= 0.97 * lim, axis=1)
    if inside.sum() < 3:
        return
    pts = xy[inside]
    s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
    if s[-1] < 0.04 * lim:  # too short to carry an arrow
        return
    for f in at:
        i = min(int(np.searchsorted(s, f * s[-1])), len(pts) - 2)
        j = min(i + max(1, len(pts) // 200), len(pts) - 1)  # a step long enough to give a direction
        # inside 97 % of the view: the layout need not measure the arrowheads (twice each)
        ax.annotate("", xy=pts[j], xytext=pts[i], in_layout=False,
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 0, "mutation_scale": 13,
                                "shrinkA": 0, "shrinkB": 0}, zorder=4)


def transfers(legs, title="Propagated CR3BP transfers (rotating frame)"):
    """A figure with :func:`sketch` of the given legs. Returns the figure."""
    fig, ax = _figure()
    ax.set_title(title, fontsize=10)
    sketch(ax, legs)
    return fig


def write_figures(out_dir, *, v_inf_km_s=3.0, formats=("png",)):
    """Write the standard cislunar figures (zero-velocity curves; LEO→L4 and L4→escape) to ``out_dir``."""
    from pathlib import Path

    from deltav.outputs import save_figure

    out = Path(out_dir)
    written = save_figure(zero_velocity_curves(), out / "cislunar-zero-velocity", formats)
    legs = [cislunar.transfer_dv("LEO", "EML4"),
            cislunar.transfer_dv("EML4", "escape", strategy="perigee-burn", v_inf_km_s=v_inf_km_s),
            cislunar.transfer_dv("EML4", "escape", strategy="direct-burn", v_inf_km_s=v_inf_km_s)]
    written += save_figure(transfers(legs, f"LEO → L4 and L4 → escape (v∞ {v_inf_km_s:g} km/s), CR3BP, rotating frame"),
                           out / "cislunar-L4-transfers", formats)
    return written
