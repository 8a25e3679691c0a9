"""Propagated arcs of CR3BP legs in km, for plots and notebooks.

Numpy only (:mod:`deltav.core.dormand_prince`): drawing a leg never imports ``scipy.integrate``, whose
import costs several times the propagation.
"""

from __future__ import annotations

import numpy as np

from deltav.cislunar.nodes import _LU, _TU, _VU, CislunarLeg
from deltav.core import cr3bp
from deltav.core.dormand_prince import propagate_arcs

#: Local error tolerances of the sampled arcs (nondimensional, per step, met by every arc). The legs' burns do
#: not depend on them: those come from the shooting, checked at ``nodes._CHECK_RTOL``.
RTOL, ATOL = 1e-10, 1e-12
_MIRROR = np.array([1, -1, 1, -1, 1, -1])


def trajectory(leg: CislunarLeg, points_per_arc: int = 400):
    """The propagated arcs of a CR3BP leg in the Earth-centred rotating frame (x to the Moon).

    All arcs of the leg are propagated together by :func:`deltav.core.dormand_prince.propagate_arcs`
    (Dormand–Prince 5(4), local tolerances :data:`RTOL` = 1e-10, :data:`ATOL` = 1e-12). Accuracy reached on
    beacon.yaml's nine arcs (LEO departures, L4 coasts, lunar flybys, perigee passes), against
    DOP853 at rtol = atol = 1e-13: positions within 1 m, velocities within 0.5 mm/s (about 3e-8 of the
    state), Jacobi constant within 2e-8 along every arc -- far below what a sketch shows, close enough for
    most notebook analysis; re-propagate with :func:`deltav.core.cr3bp.propagate` for more.

    Returns
    -------
    list of (t_s, states) : t_s shape (M,), s from the start of the leg; states (M, 6), km and km/s.
    Empty for two-body legs.
    """
    return trajectories([leg], points_per_arc)[0]


def trajectories(legs, points_per_arc: int = 400):
    """:func:`trajectory` of several legs, every arc of every leg in one propagation.

    One shared step sequence for all arcs: fewer (vectorised) steps than leg by leg, for a sketch of
    many legs. Returns one list per leg, as :func:`trajectory`.
    """
    legs = list(legs)
    arcs = [arc for leg in legs for arc in leg.arcs]
    if not arcs:
        return [[] for _ in legs]
    states = np.array([np.asarray(s, float) for s, _ in arcs])
    durations = np.array([float(T) for _, T in arcs])
    y = propagate_arcs(states, durations, points_per_arc, rtol=RTOL, atol=ATOL)
    y[..., 0] -= cr3bp.primary_position("earth")[0]
    y[..., :3] *= _LU
    y[..., 3:] *= _VU
    u = np.linspace(0.0, 1.0, points_per_arc)
    out, i = [], 0
    for leg in legs:
        out.append(_leg_arcs(y[i:i + len(leg.arcs)], durations[i:i + len(leg.arcs)], u, leg.mirrored))
        i += len(leg.arcs)
    return out


def _leg_arcs(y, durations, u, mirrored):
    """(t_s, states) per arc of one leg; ``y`` (n, M, 6) km, km/s; ``u`` the normalised sample times (M,)."""
    starts = np.concatenate([[0.0], np.cumsum(durations)[:-1]])
    arcs = [((t0 + T * u) * _TU, s) for t0, T, s in zip(starts, durations, y)]
    if mirrored:  # time-reverse of the mirror-image leg: y -> -y, order reversed
        total = float(np.sum(durations)) * _TU
        arcs = [(total - t[::-1], s[::-1] * _MIRROR) for t, s in reversed(arcs)]
    return arcs
