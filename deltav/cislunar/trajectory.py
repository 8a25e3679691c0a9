"""Propagated arcs of a CR3BP leg in km, for plots and notebooks."""

from __future__ import annotations

import numpy as np

from deltav.cislunar.nodes import _CHECK_RTOL, _LU, _TU, _VU, CislunarLeg
from deltav.core import cr3bp


def trajectory(leg: CislunarLeg, points_per_arc: int = 400):
    """The propagated arcs of a CR3BP leg in the Earth-centred rotating frame (x to the Moon).

    Returns
    -------
    list of (t_s, states) : t_s shape (M,), s from the start of the leg; states (M, 6), km and km/s.
    Empty for two-body legs.
    """
    out, t0 = [], 0.0
    for state0, T in leg.arcs:
        ts = np.linspace(0.0, T, points_per_arc)
        _, y, _ = cr3bp.propagate(np.asarray(state0), T, t_eval=ts, rtol=_CHECK_RTOL)
        y = y.copy()
        y[:, 0] -= cr3bp.primary_position("earth")[0]
        y[:, :3] *= _LU
        y[:, 3:] *= _VU
        out.append(((t0 + ts) * _TU, y))
        t0 += T
    if leg.mirrored:  # time-reverse of the mirror-image leg: y -> -y, order reversed
        total = t0 * _TU
        out = [(total - t[::-1], y[::-1] * np.array([1, -1, 1, -1, 1, -1])) for t, y in reversed(out)]
    return out
