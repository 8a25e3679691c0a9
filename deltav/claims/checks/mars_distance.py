"""mars-distance: the stated Earth–Mars distance against the range an ephemeris gives over a century."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
from pydantic import model_validator

from deltav.claims.checks.registry import Finding, check, g4
from deltav.claims.checks.transfers import iso_of, jd_of
from deltav.core.constants import AU_KM
from deltav.inputs import EphemerisDate, Fraction, Length, Strict
from deltav.inputs.fields import fail


class DistanceStates(Strict):
    distance: Length


class DistanceInputs(Strict):
    start: EphemerisDate
    end: EphemerisDate
    tolerance: Fraction  # the stated figure counts as "in range" within this fraction of min/max
    dates: list[EphemerisDate] = []  # extra dates to report the distance on
    ephemeris: Literal["builtin", "de440"] = "builtin"

    @model_validator(mode="after")
    def _span(self):
        if self.end <= self.start:
            raise fail(f"end {self.end} is not after start {self.start}", "a span of at least a few days")
        return self


def _scan_distance_km(jd: np.ndarray) -> np.ndarray:
    """Earth-Moon barycentre to Mars (km), ERFA plan94 [Simon et al. 1994, A&A 282, 663].

    Fast enough for a daily scan of a century; its EMB-vs-Earth offset (<= 4,700 km) and
    truncation error are removed by :func:`earth_mars_km` at the extremes.
    """
    import erfa

    emb = erfa.plan94(jd, 0.0, 3)["p"]
    mars = erfa.plan94(jd, 0.0, 4)["p"]
    return np.linalg.norm(mars - emb, axis=-1) * AU_KM


def earth_mars_km(jd_tdb, ephemeris: str = "builtin") -> tuple[np.ndarray, str]:
    """Earth-Mars distance (km) at TDB Julian dates, and a note on the ephemeris used.

    Uses :func:`deltav.ephemeris.state_km` (builtin: ERFA epv00 for Earth, plan94 for Mars).
    """
    import warnings

    from deltav.ephemeris import state_km

    jd_tdb = np.asarray(jd_tdb, float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ERFA "dubious year" warnings outside 1900-2100
        d = np.linalg.norm(state_km("mars", jd_tdb, ephemeris)[0] - state_km("earth", jd_tdb, ephemeris)[0], axis=-1)
    return d, f"deltav.ephemeris (ephemeris={ephemeris!r})"


def extremes(jd: np.ndarray, d: np.ndarray, kind: str) -> np.ndarray:
    """Indices of interior local minima (kind='min') or maxima of a sampled series."""
    s = d if kind == "min" else -d
    return np.flatnonzero((s[1:-1] < s[:-2]) & (s[1:-1] <= s[2:])) + 1


def _refine(jd0: np.ndarray, ephemeris: str, kind: str, half_width: float = 1.5, n: int = 13):
    """Refine extremes near ``jd0`` on a fine grid with the full ephemeris (vectorised over all)."""
    if len(jd0) == 0:
        return np.empty(0), np.empty(0), ""
    from deltav.ephemeris import RANGE_JD

    # Near the ends of the ephemeris the refining grid is kept inside it.
    grid = np.clip(jd0[:, None] + np.linspace(-half_width, half_width, n)[None, :], *RANGE_JD[ephemeris])
    d, note = earth_mars_km(grid.ravel(), ephemeris)
    d = d.reshape(grid.shape)
    k = np.argmin(d, axis=1) if kind == "min" else np.argmax(d, axis=1)
    rows = np.arange(len(jd0))
    # parabola through the best sample and its neighbours, for sub-grid accuracy
    k = np.clip(k, 1, n - 2)
    y0, y1, y2 = d[rows, k - 1], d[rows, k], d[rows, k + 1]
    h = grid[0, 1] - grid[0, 0]
    denom = y0 - 2 * y1 + y2
    off = np.where(denom != 0, 0.5 * (y0 - y2) / np.where(denom != 0, denom, 1), 0.0)
    return grid[rows, k] + off * h, y1 - 0.25 * (y0 - y2) * off, note


def distance_series(start: dt.date, end: dt.date, step_days: float = 1.0):
    """Earth-Mars distance sampled from ``start`` to ``end``: (TDB JD array, km array)."""
    jd = np.arange(jd_of(start), jd_of(end) + step_days / 2, step_days)
    return jd, _scan_distance_km(jd)


@check("mars_distance", DistanceStates, DistanceInputs)
def mars_distance(states: DistanceStates, inputs: DistanceInputs) -> Finding:
    jd, d = distance_series(inputs.start, inputs.end)
    i_min, i_max = extremes(jd, d, "min"), extremes(jd, d, "max")
    n_min = len(i_min)
    # refine only the candidates that can be the extremes (the scan is good to ~1e-4)
    i_min, i_max = i_min[np.argsort(d[i_min])[:5]], i_max[np.argsort(-d[i_max])[:5]]
    jmin, dmin, note = _refine(jd[i_min], inputs.ephemeris, "min")
    jmax, dmax, _ = _refine(jd[i_max], inputs.ephemeris, "max")
    # a span shorter than a synodic period may hold no interior extreme: fall back to its end points
    if len(jmin) == 0:
        jmin, dmin = jd[[np.argmin(d)]], d[[np.argmin(d)]]
    if len(jmax) == 0:
        jmax, dmax = jd[[np.argmax(d)]], d[[np.argmax(d)]]
    note = note or "the daily scan only"
    lo, hi = float(dmin.min()), float(dmax.max())
    stated = states.distance
    in_range = lo * (1 - inputs.tolerance) <= stated <= hi * (1 + inputs.tolerance)
    closest = np.argsort(dmin)[:3]
    numbers = {"stated_km": stated, "min_km": round(lo), "min_date": iso_of(jmin[np.argmin(dmin)]), "max_km": round(hi),
               "max_date": iso_of(jmax[np.argmax(dmax)]), "stated_over_max": g4(stated / hi),
               "stated_over_min": g4(stated / lo), "closest_approaches": [
                   {"date": iso_of(jmin[k]), "km": round(float(dmin[k]))} for k in sorted(closest, key=lambda k: jmin[k])],
               "n_close_approaches": int(n_min), "span": f"{inputs.start}..{inputs.end}"}
    if inputs.dates:
        dd, _ = earth_mars_km(np.array([jd_of(x) for x in inputs.dates]), inputs.ephemeris)
        numbers["on_dates_km"] = {str(x): g4(v) for x, v in zip(inputs.dates, dd)}
    parts = {f"{stated:.3g} km lies within the Earth-Mars range": bool(in_range)}
    hint = ""
    if 90 <= stated / lo <= 110:
        hint = f" It is ~{stated / lo:.0f}x the closest approach, as if '55 million' had become '5,500 million'."
    summary = (f"Earth-Mars distance over {inputs.start.year}-{inputs.end.year}: {lo / 1e6:.2f}-{hi / 1e6:.0f} million km "
               f"(closest {numbers['min_date'][:10]}). The stated {stated / 1e6:,.0f} million km is "
               f"{stated / hi:.1f}x the largest separation.{hint}")
    sources = [f"scan: ERFA plan94 (Simon et al. 1994, A&A 282:663), daily; extremes refined with {note}",
               "check value: NASA, Mars close approach of 27 Aug 2003, 55,758,006 km (NASA Science, 2003)"]
    return Finding(parts, summary, numbers, sources)
