"""Dated heliocentric transfers: one Lambert arc, the best window of a year, porkchop grids, window lists.

All heavy lifting is a batched :func:`deltav.core.lambert.lambert` solve of a whole grid of departure x
arrival dates (in row chunks of about one Lambert block, so each chunk's Δv is reduced while in cache),
with the planet states from :mod:`deltav.ephemeris` at the distinct dates only (one vectorised call per
body). Departures and arrivals are prograde (the planets' sense of motion); "type I" means a transfer angle
below 180 degrees, "type II" above.

Modules: :mod:`~deltav.launch_windows.grid` (batched Lambert grids, one dated transfer),
:mod:`~deltav.launch_windows.search` (best window of a year, every window in a span) and
:mod:`~deltav.launch_windows.porkchop`.
"""

from deltav.launch_windows.grid import KINDS, OBJECTIVES, grid, pairs, transfer
from deltav.launch_windows.porkchop import PorkchopResult, porkchop
from deltav.launch_windows.search import best_window, windows

__all__ = ["KINDS", "OBJECTIVES", "PorkchopResult", "best_window", "grid", "pairs", "porkchop", "transfer", "windows"]
