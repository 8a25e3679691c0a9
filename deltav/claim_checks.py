"""One check per claim of ``seeds/claims.yaml``: numbers in, sub-claim truths out.

A check never decides a verdict string. It returns a :class:`Finding` whose ``parts`` map each
testable piece of the claim to True/False (or None when it cannot be tested); the ledger
(:mod:`deltav.claims`) turns parts into a verdict the same way for every claim. Each check
declares two pydantic models: what the claim *states* (quantities with units, from the seed)
and the check's *inputs* (vehicle ids, dates, assumptions with their sources).

Dependencies on modules that may be absent (``deltav.launch_windows`` for Lambert transfers,
``deltav.mission`` for the Beacon scenario) raise :class:`Pending`; the claim is then
undetermined with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from collections.abc import Callable

import numpy as np
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from deltav import bodies, vehicles
from deltav.core import conics, rocket
from deltav.errors import did_you_mean
from deltav.inputs import Altitude, Date, Duration, Fraction, Length, Mass, Speed, Strict

AU_KM = 149597870.7  # IAU 2012 Resolution B2 (exact)
ROOT = Path(__file__).resolve().parent.parent


class Pending(Exception):
    """A check cannot run yet (a dependency is missing); the message says why."""


@dataclass
class Finding:
    """What a check found: ``parts`` (sub-claim -> True/False/None) and the numbers behind them."""

    parts: dict[str, bool | None]
    summary: str
    numbers: dict = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    result: Any = None  # a ready ClaimResult (Beacon claims come from the scenario evaluation)


@dataclass(frozen=True)
class Check:
    func: Callable
    states: type
    inputs: type


CHECKS: dict[str, Check] = {}


def check(name: str, states: type, inputs: type):
    """Register ``func(states, inputs) -> Finding`` as the check called ``name``."""
    def deco(func):
        CHECKS[name] = Check(func, states, inputs)
        return func
    return deco


# --------------------------------------------------------------------------- field types

def _vehicle_id(v: Any) -> str:
    if not isinstance(v, str) or v.strip().lower() not in vehicles.ALL:
        raise PydanticCustomError("deltav", "{problem}", {
            "problem": f"unknown launch vehicle {v!r}{did_you_mean(v, vehicles.ALL)}",
            "expected": "an id of `deltav vehicles`"})
    return v.strip().lower()


VehicleId = Annotated[str, BeforeValidator(_vehicle_id)]
Force = vehicles.Force


class _Nothing(Strict):
    """A claim that states no quantity / a check without inputs."""


def _g(x: float) -> float:
    """Round for display in ``numbers`` (4 significant digits), keeping floats JSON-friendly."""
    return float(f"{x:.4g}") if x is not None and np.isfinite(x) else None


# --------------------------------------------------------------------------- starship-thrust

class ThrustStates(Strict):
    liftoff_thrust: Force  # kN
    times_more_than: float  # "more than N times" each comparison vehicle


class ThrustInputs(Strict):
    vehicle: VehicleId
    compare_with: list[VehicleId]
    tolerance: Fraction  # how close "nearly X" must be to the catalogue figure


@check("starship_thrust", ThrustStates, ThrustInputs)
def starship_thrust(states: ThrustStates, inputs: ThrustInputs) -> Finding:
    v = vehicles.get(inputs.vehicle)
    if v.liftoff_thrust_kN is None:
        raise Pending(f"{v.id} has no published lift-off thrust in the catalogue")
    rel = abs(states.liftoff_thrust - v.liftoff_thrust_kN) / v.liftoff_thrust_kN
    parts = {f"lift-off thrust ~{states.liftoff_thrust / vehicles.G0_KN_PER_TF:,.0f} tf": bool(rel <= inputs.tolerance)}
    numbers = {f"{v.id}_liftoff_tf": _g(v.liftoff_thrust_tf), "claimed_liftoff_tf":
               _g(states.liftoff_thrust / vehicles.G0_KN_PER_TF), "claimed_vs_catalogue_pct": _g(100 * rel)}
    sources = [f"{v.id} lift-off thrust: {v.source('liftoff_thrust_kN')}"]
    ratios = []
    for other_id in inputs.compare_with:
        o = vehicles.get(other_id)
        if o.liftoff_thrust_kN is None:
            parts[f"more than {states.times_more_than:g}x {o.id}"] = None
            continue
        ratio = v.liftoff_thrust_kN / o.liftoff_thrust_kN
        ratios.append(f"{ratio:.2f}x {o.name}")
        parts[f"more than {states.times_more_than:g}x {o.id}"] = bool(ratio > states.times_more_than)
        numbers[f"{o.id}_liftoff_tf"] = _g(o.liftoff_thrust_tf)
        numbers[f"ratio_to_{o.id}"] = _g(ratio)
        sources.append(f"{o.id} lift-off thrust: {o.source('liftoff_thrust_kN')}")
    summary = (f"{v.name}: {v.liftoff_thrust_tf:,.0f} tf at lift-off (claim: ~{numbers['claimed_liftoff_tf']:,.0f} tf, "
               f"{100 * rel:.1f} % apart); that is " + ", ".join(ratios) + ".")
    return Finding(parts, summary, numbers, sources)


# --------------------------------------------------------------------------- mars-distance

class DistanceStates(Strict):
    distance: Length


class DistanceInputs(Strict):
    start: Date
    end: Date
    tolerance: Fraction  # the stated figure counts as "in range" within this fraction of min/max
    dates: list[Date] = []  # extra dates to report the distance on
    ephemeris: str = "builtin"


def _jd(d: dt.date) -> float:
    return d.toordinal() + 1721424.5  # JD of 0h on that (proleptic Gregorian) date


def _iso(jd: float) -> str:
    return (dt.datetime(2000, 1, 1, 12) + dt.timedelta(days=float(jd) - 2451545.0)).strftime("%Y-%m-%d %H:%M")


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

    Uses ``deltav.ephemeris.state_km`` when present, else astropy's ``get_body_barycentric``
    (builtin: ERFA epv00 for Earth, plan94 for Mars).
    """
    import warnings

    jd_tdb = np.asarray(jd_tdb, float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ERFA "dubious year" warnings outside 1900-2100
        try:
            from deltav.ephemeris import state_km

            d = np.linalg.norm(state_km("mars", jd_tdb, ephemeris)[0] - state_km("earth", jd_tdb, ephemeris)[0],
                               axis=-1)
            return d, f"deltav.ephemeris (ephemeris={ephemeris!r})"
        except ImportError:
            from astropy.coordinates import get_body_barycentric, solar_system_ephemeris
            from astropy.time import Time

            epochs = Time(jd_tdb, format="jd", scale="tdb")
            with solar_system_ephemeris.set(ephemeris):
                d = (get_body_barycentric("mars", epochs) - get_body_barycentric("earth", epochs)).norm()
            return d.to_value("km"), f"astropy get_body_barycentric (ephemeris={ephemeris!r})"


def _extremes(jd: np.ndarray, d: np.ndarray, kind: str) -> np.ndarray:
    """Indices of interior local minima (kind='min') or maxima of a sampled series."""
    s = d if kind == "min" else -d
    return np.flatnonzero((s[1:-1] < s[:-2]) & (s[1:-1] <= s[2:])) + 1


def _refine(jd0: np.ndarray, ephemeris: str, kind: str, half_width: float = 1.5, n: int = 13):
    """Refine extremes near ``jd0`` on a fine grid with the full ephemeris (vectorised over all)."""
    if len(jd0) == 0:
        return np.empty(0), np.empty(0), ""
    grid = jd0[:, None] + np.linspace(-half_width, half_width, n)[None, :]
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
    jd = np.arange(_jd(start), _jd(end) + step_days / 2, step_days)
    return jd, _scan_distance_km(jd)


@check("mars_distance", DistanceStates, DistanceInputs)
def mars_distance(states: DistanceStates, inputs: DistanceInputs) -> Finding:
    jd, d = distance_series(inputs.start, inputs.end)
    i_min, i_max = _extremes(jd, d, "min"), _extremes(jd, d, "max")
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
    numbers = {"stated_km": stated, "min_km": round(lo), "min_date": _iso(jmin[np.argmin(dmin)]), "max_km": round(hi),
               "max_date": _iso(jmax[np.argmax(dmax)]), "stated_over_max": _g(stated / hi),
               "stated_over_min": _g(stated / lo), "closest_approaches": [
                   {"date": _iso(jmin[k]), "km": round(float(dmin[k]))} for k in sorted(closest, key=lambda k: jmin[k])],
               "n_close_approaches": int(n_min), "span": f"{inputs.start}..{inputs.end}"}
    if inputs.dates:
        dd, _ = earth_mars_km(np.array([_jd(x) for x in inputs.dates]), inputs.ephemeris)
        numbers["on_dates_km"] = {str(x): _g(v) for x, v in zip(inputs.dates, dd)}
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


# --------------------------------------------------------------------------- transfers (Lambert/windows)

def _transfer(origin: str, target: str, depart: dt.date, arrive: dt.date) -> dict:
    try:
        from deltav.launch_windows import transfer
    except ImportError as exc:
        raise Pending(f"Lambert transfers need deltav.launch_windows.transfer, not available yet ({exc})") from None
    try:
        return transfer(origin, target, depart, arrive)
    except Exception as exc:  # another module's failure must not sink the whole ledger
        raise Pending(f"deltav.launch_windows.transfer failed: {exc}") from None


def window_min_c3(year: int, step_days: float = 2.0, ephemeris: str = "builtin") -> dict:
    """Minimum-C3 Earth-Mars transfer departing in ``year``, from one batched Lambert grid.

    Departures every ``step_days`` through the year, flight times 100-400 d, one vectorised
    ``deltav.launch_windows.grid`` call and its minimum (no polishing: the grid step moves C3 by
    well under 1 %). Returns ``c3_km2_s2``, ``vinf_departure_km_s``, ``vinf_arrival_km_s``,
    ``depart``, ``arrive`` (ISO), ``tof_days``.
    """
    try:
        from deltav.launch_windows import grid
    except ImportError as exc:
        raise Pending(f"launch windows need deltav.launch_windows.grid, not available yet ({exc})") from None
    dep = np.arange(_jd(dt.date(year, 1, 1)), _jd(dt.date(year + 1, 1, 1)), step_days)
    arr = np.arange(dep[0] + 100.0, dep[-1] + 400.0 + step_days, step_days)
    try:
        g = grid("earth", "mars", dep, arr, ephemeris)
    except Exception as exc:  # another module's failure must not sink the whole ledger
        raise Pending(f"deltav.launch_windows.grid failed: {exc}") from None
    ok = np.isfinite(g["c3"]) & (g["tof_days"] >= 100.0) & (g["tof_days"] <= 400.0)
    if not ok.any():
        raise Pending(f"no Earth-Mars transfer found departing in {year}")
    i, j = np.unravel_index(np.argmin(np.where(ok, g["c3"], np.inf)), ok.shape)
    return {"c3_km2_s2": float(g["c3"][i, j]), "vinf_departure_km_s": float(g["vinf_dep"][i, j]),
            "vinf_arrival_km_s": float(g["vinf_arr"][i, j]), "depart": _iso(dep[i])[:10],
            "arrive": _iso(arr[j])[:10], "tof_days": float(arr[j] - dep[i])}


def _hohmann_vinf() -> tuple[float, float]:
    """v_inf at Earth departure and Mars arrival of a Hohmann transfer between mean circular orbits."""
    mu, r1, r2 = bodies.SUN.gm, bodies.EARTH.sma_km, bodies.MARS.sma_km
    at = 0.5 * (r1 + r2)
    v1 = math.sqrt(mu / r1)
    v2 = math.sqrt(mu / r2)
    return (math.sqrt(mu * (2 / r1 - 1 / at)) - v1, v2 - math.sqrt(mu * (2 / r2 - 1 / at)))


def _window(year: int) -> tuple[float, float, str]:
    """(C3 km^2/s^2, arrival v_inf km/s, description) of the minimum-C3 Earth-Mars window of ``year``.

    Falls back to a Hohmann transfer between mean circular orbits (Curtis ex. 8.4) when the
    Lambert grid is not available, and says so.
    """
    try:
        w = window_min_c3(year)
    except Pending as why:
        v1, v2 = _hohmann_vinf()
        return v1 ** 2, v2, f"Hohmann between mean circular orbits (window search unavailable: {why})"
    return (w["c3_km2_s2"], w["vinf_arrival_km_s"],
            f"minimum-C3 transfer of the {year} Earth-Mars window: depart {w['depart']}, arrive {w['arrive']} "
            f"(Lambert grid, 2-day steps, deltav.launch_windows.grid on the builtin ephemeris)")


# --------------------------------------------------------------------------- starship-payload

class PayloadStates(Strict):
    payload_to_surface: Mass  # "more than X to the Mars surface in one trip"


class PayloadInputs(Strict):
    vehicle: VehicleId
    stage: str = "ship"
    leo_altitude: Altitude
    window_year: int
    landing_dv: Speed
    landing_dv_range: tuple[Speed, Speed]
    landing_dv_source: str
    tanker: VehicleId  # a tanker flight delivers this vehicle's LEO payload as propellant


@check("starship_payload", PayloadStates, PayloadInputs)
def starship_payload(states: PayloadStates, inputs: PayloadInputs) -> Finding:
    v = vehicles.get(inputs.vehicle)
    ship = v.stage(inputs.stage)
    leo_cap = v.payload_kg["LEO"]
    tanker_load = vehicles.get(inputs.tanker).payload_kg["LEO"]
    if None in (ship.dry_kg, ship.propellant_kg, ship.isp_vac_s, leo_cap, tanker_load):
        raise Pending(f"{v.id} lacks a published dry mass, propellant load, vacuum Isp or LEO payload")
    c3, vinf_arr, window = _window(inputs.window_year)
    r_leo = bodies.EARTH.radius_km + inputs.leo_altitude
    dv_tmi = float(conics.departure_dv(bodies.EARTH.gm, math.sqrt(c3), r_leo))
    dv = dv_tmi + inputs.landing_dv  # Mars entry is aerodynamic (no capture burn), then a propulsive landing
    dry, prop, isp = ship.dry_kg, ship.propellant_kg, ship.isp_vac_s
    R = float(rocket.mass_ratio(dv, isp))

    def refilled(dv_total):
        p = rocket.max_payload(dv_total, isp, dry, prop)
        return float(np.nan_to_num(p, nan=0.0))

    def unrefilled(dv_total):
        # Arriving in LEO the ship carries payload + leftover propellant <= its LEO capability;
        # the best split lands (dry + cap) / R - dry.
        return max(0.0, (dry + leo_cap) / float(rocket.mass_ratio(dv_total, isp)) - dry)

    p_ref, p_direct = refilled(dv), unrefilled(dv)
    wanted = states.payload_to_surface
    need = float(rocket.propellant_from_final(dv, isp, dry + wanted))
    leftover = max(0.0, leo_cap - wanted)  # propellant the ship itself can bring up with the payload
    tankers = math.ceil(max(0.0, need - leftover) / tanker_load) if need <= prop else None
    tankers_full = math.ceil(max(0.0, prop - leftover) / tanker_load)
    lo, hi = inputs.landing_dv_range
    parts = {f"lands > {wanted / 1e3:g} t with refilling in LEO": p_ref > wanted,
             f"lands > {wanted / 1e3:g} t flying directly (no refilling)": p_direct > wanted}
    numbers = {"c3_km2_s2": _g(c3), "dv_tmi_from_leo_km_s": _g(dv_tmi), "landing_dv_km_s": inputs.landing_dv,
               "dv_leo_to_surface_km_s": _g(dv), "mass_ratio_needed": _g(R),
               "ship_dv_full_tanks_no_payload_km_s": _g(float(rocket.stage_delta_v(isp, dry, prop, 0.0))),
               "payload_to_surface_refilled_t": _g(p_ref / 1e3), "payload_to_surface_direct_t": _g(p_direct / 1e3),
               "payload_refilled_landing_dv_range_t": [_g(refilled(dv_tmi + x) / 1e3) for x in (lo, hi)],
               "propellant_needed_for_stated_payload_t": _g(need / 1e3),
               "tanker_flights_for_stated_payload": tankers, "tanker_flights_to_fill_tanks": tankers_full,
               "dry_t": dry / 1e3, "propellant_t": prop / 1e3, "isp_vac_s": isp, "leo_payload_t": leo_cap / 1e3}
    summary = (f"From a {inputs.leo_altitude:g} km LEO, TMI at C3 {c3:.1f} km²/s² costs {dv_tmi:.2f} km/s; with "
               f"{inputs.landing_dv:g} km/s to land, the ship ({dry / 1e3:g} t dry, {prop / 1e3:,.0f} t propellant, "
               f"{isp:g} s) needs mass ratio {R:.2f}. Refilled in LEO, its propellant would land up to "
               f"~{p_ref / 1e3:,.0f} t — the rocket equation's limit, far above the published 100–150 t cargo "
               f"capacity, which is what binds ({tankers_full} tanker flights to fill up; {tankers} for "
               f"{wanted / 1e3:g} t); launched "
               f"directly without refilling it lands {p_direct / 1e3:,.0f} t. Its size serves refilling, not a "
               f"direct flight from Earth's surface.")
    sources = [f"{v.id} {inputs.stage} dry mass: {v.source(f'stages.{inputs.stage}.dry_kg')}",
               f"{v.id} {inputs.stage} propellant: {v.source(f'stages.{inputs.stage}.propellant_kg')}",
               f"{v.id} {inputs.stage} vacuum Isp: {v.source(f'stages.{inputs.stage}.isp_vac_s')}",
               f"{v.id} LEO payload: {v.source('payload.LEO')}",
               f"tanker load = {inputs.tanker} LEO payload: {vehicles.get(inputs.tanker).source('payload.LEO')}",
               f"transfer: {window}", f"landing delta-v: {inputs.landing_dv_source}"]
    return Finding(parts, summary, numbers, sources)


# --------------------------------------------------------------------------- long-march-5

class LongMarchInputs(Strict):
    baseline: VehicleId
    developing: list[VehicleId]
    available: list[VehicleId]
    also_compare: list[VehicleId] = []


@check("long_march_5", _Nothing, LongMarchInputs)
def long_march_5(states: _Nothing, inputs: LongMarchInputs) -> Finding:
    base = vehicles.get(inputs.baseline)
    ids = [inputs.baseline, *inputs.developing, *inputs.available, *inputs.also_compare]
    table = {}
    sources = []
    for vid in ids:
        v = vehicles.get(vid)
        table[v.id] = {d: (None if v.payload_kg[d] is None else v.payload_kg[d] / 1e3) for d in ("LEO", "TLI", "TMI")}
        table[v.id]["status"] = v.status
        sources += [f"{v.id} {d}: {v.source(f'payload.{d}')}" for d in ("LEO", "TLI", "TMI")
                    if v.payload_kg[d] is not None]

    def larger(v):
        mine, theirs = v.payload_kg["LEO"], base.payload_kg["LEO"]
        return None if mine is None or theirs is None else mine > theirs

    dev = [vehicles.get(x) for x in inputs.developing]
    av = [vehicles.get(x) for x in inputs.available]
    dev_ok = [larger(v) and v.status in ("planned", "in development") for v in dev]
    av_ok = [larger(v) and v.status == "operational" for v in av]
    parts = {f"a rocket larger than {base.id} is in development": any(dev_ok) if dev else None,
             "a larger rocket is available now": any(av_ok) if av else None}
    fmt = lambda v, d: "—" if v.payload_kg[d] is None else f"{v.payload_kg[d] / 1e3:g}"
    summary = (f"{base.name}: {fmt(base, 'LEO')} t LEO, {fmt(base, 'TLI')} t TLI, {fmt(base, 'TMI')} t TMI. "
               + "; ".join(f"{v.id} ({v.status}): {fmt(v, 'LEO')} t LEO, {fmt(v, 'TLI')} t TLI" for v in dev)
               + ". " + "; ".join(f"{v.id} ({v.status}): {fmt(v, 'LEO')} t LEO, {fmt(v, 'TMI')} t TMI" for v in av)
               + ".")
    return Finding(parts, summary, {"payload_t": table}, sources)


# --------------------------------------------------------------------------- tianwen-1

class TianwenStates(Strict):
    launch: Date
    mars_orbit_insertion: Date
    spacecraft_mass: Mass


class TianwenInputs(Strict):
    launcher: VehicleId
    periapsis_altitude: Altitude
    period: Duration
    orbit_source: str
    mass_source: str
    c3_margin: float  # km^2/s^2 above the window's minimum C3 still called a low-energy transfer


@check("tianwen_1", TianwenStates, TianwenInputs)
def tianwen_1(states: TianwenStates, inputs: TianwenInputs) -> Finding:
    lv = vehicles.get(inputs.launcher)
    cap = lv.payload_kg["TMI"]
    mass_ok = None if cap is None else cap >= states.spacecraft_mass * (1 - 1e-9)
    tr = _transfer("earth", "mars", states.launch, states.mars_orbit_insertion)
    c3, vinf_a = float(tr["c3_km2_s2"]), float(tr["vinf_arrival_km_s"])
    mu = bodies.MARS.gm
    a = (mu * (inputs.period / (2 * math.pi)) ** 2) ** (1 / 3)
    r_p = bodies.MARS.radius_km + inputs.periapsis_altitude
    r_a = 2 * a - r_p
    dv_cap = float(conics.capture_dv(mu, vinf_a, r_p, r_a))
    try:
        c3_min = window_min_c3(states.launch.year)["c3_km2_s2"]
    except Pending:
        c3_min = None
    low_energy = None if c3_min is None else c3 <= c3_min + inputs.c3_margin
    parts = {"dates fit a low-energy Earth-Mars transfer": low_energy,
             f"{lv.id} Mars-transfer capability covers the probe": mass_ok}
    tof = (states.mars_orbit_insertion - states.launch).days
    numbers = {"tof_days": tof, "c3_km2_s2": _g(c3), "vinf_departure_km_s": _g(float(tr["vinf_departure_km_s"])),
               "vinf_arrival_km_s": _g(vinf_a), "window_min_c3_km2_s2": _g(c3_min) if c3_min else None,
               "capture_dv_km_s": _g(dv_cap), "initial_orbit_apoapsis_altitude_km": _g(r_a - bodies.MARS.radius_km),
               "launcher_tmi_t": None if cap is None else cap / 1e3, "spacecraft_t": states.spacecraft_mass / 1e3}
    summary = (f"Lambert {states.launch} -> {states.mars_orbit_insertion} ({tof} d): C3 {c3:.1f} km²/s², "
               f"arrival v∞ {vinf_a:.2f} km/s, capture into the {inputs.periapsis_altitude:g} km x "
               f"{(r_a - bodies.MARS.radius_km) / 1e3:,.0f}k km orbit {dv_cap:.2f} km/s. {lv.name} Mars-transfer "
               f"capability {'—' if cap is None else f'{cap / 1e3:g} t'} vs a {states.spacecraft_mass / 1e3:g} t probe.")
    sources = [f"{lv.id} TMI: {lv.source('payload.TMI')}", f"Tianwen-1 mass: {inputs.mass_source}",
               f"Tianwen-1 initial Mars orbit: {inputs.orbit_source}",
               "transfer: deltav.launch_windows.transfer (Lambert between ephemeris states)"]
    return Finding(parts, summary, numbers, sources)


# --------------------------------------------------------------------------- ferry-batches

class FerryInputs(Strict):
    reason: str


@check("ferry_batches", _Nothing, FerryInputs)
def ferry_batches(states: _Nothing, inputs: FerryInputs) -> Finding:
    te, tm = bodies.EARTH.period_days, bodies.MARS.period_days
    synodic = 1.0 / (1.0 / te - 1.0 / tm)
    return Finding({"ferries assembled in Earth orbit or at Beacon can leave together": None},
                   f"{inputs.reason} Ferries leaving together must share a window; Earth-Mars windows recur every "
                   f"{synodic:.0f} days (synodic period).",
                   {"synodic_period_days": _g(synodic)},
                   ["sidereal periods: NASA NSSDCA planetary fact sheets (deltav.bodies)"])


# --------------------------------------------------------------------------- Beacon scenario claims

class BeaconInputs(Strict):
    scenario: str


@lru_cache(maxsize=4)
def _beacon_claims(path: str) -> dict:
    try:
        from deltav import mission, scenario
        evaluate, load = mission.evaluate, scenario.load
    except (ImportError, AttributeError) as exc:
        raise Pending(f"the Beacon evaluation (deltav.mission.evaluate) is not available yet ({exc})") from None
    if not Path(path).exists():
        raise Pending(f"scenario file {path} does not exist yet")
    try:
        result = evaluate(load(path))
    except Exception as exc:
        raise Pending(f"evaluating {path} failed: {exc}") from None
    return {c.id: c for c in getattr(result, "claims", [])}


def beacon_claim(claim_id: str, inputs: BeaconInputs) -> Finding:
    path = inputs.scenario if Path(inputs.scenario).is_absolute() else str(ROOT / inputs.scenario)
    claims = _beacon_claims(path)
    if claim_id not in claims:
        raise Pending(f"{inputs.scenario} produced no result for '{claim_id}'")
    c = claims[claim_id]
    return Finding({}, c.summary, dict(c.numbers), list(c.sources), result=c)


@check("beacon", _Nothing, BeaconInputs)
def beacon(states: _Nothing, inputs: BeaconInputs) -> Finding:  # pragma: no cover - dispatched with the id
    raise TypeError("the beacon check needs the claim id; deltav.claims calls beacon_claim(id, inputs)")
