"""Scenario files: what a user writes in ``scenarios/*.yaml``, loaded into validated, typed objects.

Quantities are unit strings (``"300 km"``, ``"3.2 km/s"``, ``"380 s"``, ``"16.8 t"``) stored as floats in
core units (km, km/s, s, kg). Every mistake becomes one ``FILE:LINE: key.path: what (expected ...)``
error. The format is documented in ``docs/scenarios.md``; ``scenarios/beacon.yaml`` is the example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, PrivateAttr, Tag, field_validator, model_validator

from deltav.comparisons import MAX_COMPARISONS, Comparison, check_names
from deltav.errors import InputError, did_you_mean
from deltav.inputs import (EPHEMERIS_FIRST, EPHEMERIS_LAST, Document, EphemerisDate, Flag, Strict, load_yaml, short,
                           validate)
from deltav.inputs.fields import fail as _fail
from deltav.inputs.bounds import (LAUNCH_SITES, MAX_ARCHITECTURES, MAX_COST_PER_KG, MAX_LEGS, MAX_WINDOWS,
                                  MIN_BOILOFF_REMAINING, Altitude, ApogeeAltitude, BurnDv, Description, Inclination,
                                  Isp, LaunchCount, LeoAltitude, Loiter, Mass, MassOrZero, Name, Period, Rate,
                                  ScenarioName, Thrust, Title, VehicleId, Vinf, Year, last_window_year,
                                  period_problem, site_inclination)

#: Places a leg can start or end at near Earth and the Moon (names shared with ``deltav.cislunar``).
CISLUNAR_NODES = ("LEO", "GEO", "LLO", "EML1", "EML2", "EML3", "EML4", "EML5", "lunar-surface")
#: How a ferry leaves a cislunar node for the interplanetary transfer (``deltav.cislunar`` strategies).
ESCAPE_STRATEGIES = ("direct-burn", "perigee-burn", "lunar-flyby", "lunar-flyby-perigee-burn")
PLANETS = ("mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune")


def _node(value: Any) -> str:
    """Normalise a node name (case-insensitive); unknown names fail with a did-you-mean."""
    if not isinstance(value, str):
        raise _fail(f"{short(value)} is not a node name", "a node such as LEO, EML4 or mars")
    canon = {n.lower(): n for n in CISLUNAR_NODES} | {p: p for p in PLANETS}
    key = value.strip().lower()
    if key not in canon:
        raise _fail(f"unknown node {short(value)}{did_you_mean(value, list(canon.values()))}",
                    "one of " + ", ".join(CISLUNAR_NODES + PLANETS))
    return canon[key]


Node = Annotated[str, BeforeValidator(_node)]


def _strategies(value: Any) -> tuple[str, ...]:
    if value == "best":  # try every strategy, keep the cheapest (see deltav.mission.expand)
        return ("best",)
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise _fail(f"{short(value)} is not a strategy list",
                    "best, a strategy, or a list of: " + ", ".join(ESCAPE_STRATEGIES))
    for s in items:
        if s not in ESCAPE_STRATEGIES:
            raise _fail(f"unknown strategy {short(s)}{did_you_mean(s, ESCAPE_STRATEGIES)}",
                        "one of " + ", ".join(ESCAPE_STRATEGIES))
    return tuple(items)


Strategies = Annotated[tuple[str, ...], BeforeValidator(_strategies)]


# --------------------------------------------------------------------------- orbits and transfer

class EarthOrbit(Strict):
    """The parking orbit (circular unless an apogee is given). ``inclination`` (deg, to the equator; default: the
    ``launch_site``'s latitude, else none = every orbit coplanar) brings in the plane changes it implies."""

    altitude: LeoAltitude = 300.0
    apogee_altitude: ApogeeAltitude | None = None
    inclination: Inclination | None = None  # deg
    launch_site: Literal[tuple(LAUNCH_SITES)] | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.apogee_altitude is not None and self.apogee_altitude < self.altitude:
            raise _fail(f"apogee altitude {self.apogee_altitude:g} km is below the perigee altitude {self.altitude:g} km",
                        "apogee_altitude >= altitude")
        site_inclination(self.launch_site, self.inclination)  # a site bounds the inclinations it reaches
        return self

    @property
    def plane(self) -> float | None:  # the inclination in use (deg): given, else the site's latitude, else None
        return LAUNCH_SITES[self.launch_site] if self.inclination is None and self.launch_site else self.inclination


class Arrival(Strict):
    """Where the ferry ends up at the destination: a circular or elliptic orbit (by apoapsis or period), optionally
    by aerocapture: the atmosphere removes the hyperbolic excess, the engine only raises the periapsis out of the
    atmosphere at the first apoapsis (that burn is what is counted)."""

    periapsis_altitude: Altitude = 300.0
    apoapsis_altitude: Altitude | None = None
    period: Period | None = None  # s; instead of apoapsis_altitude ("1 sol", "24.6 h")
    aerocapture: Flag = False
    aerocapture_periapsis_altitude: Altitude = 50.0

    @model_validator(mode="after")
    def _ordered(self):
        if self.period is not None and self.apoapsis_altitude is not None:  # two sizes for one orbit
            raise _fail("both 'period' and 'apoapsis_altitude' are given", "one of the two")
        if self.apoapsis_altitude is not None and self.apoapsis_altitude < self.periapsis_altitude:
            raise _fail(f"apoapsis altitude {self.apoapsis_altitude:g} km is below the periapsis altitude "
                        f"{self.periapsis_altitude:g} km", "apoapsis_altitude >= periapsis_altitude")
        if self.aerocapture and self.aerocapture_periapsis_altitude >= self.periapsis_altitude:
            raise _fail("the aerocapture pass must dip below the final periapsis",
                        "aerocapture_periapsis_altitude < periapsis_altitude")
        return self


class Transfer(Strict):
    """The heliocentric leg, the same for every architecture. ``hohmann``: between mean circular orbits. ``lambert``:
    between ephemeris states on ``depart`` and ``arrive``. ``window``: the optimal ballistic window departing in
    ``year``. ``vinf``: the user gives the departure and arrival excess speeds."""

    type: Literal["hohmann", "lambert", "window", "vinf"] = "hohmann"
    depart: EphemerisDate | None = None
    arrive: EphemerisDate | None = None
    year: Year | None = None
    kind: Literal["I", "II", "any"] = "any"
    ephemeris: Literal["builtin", "de440"] = "builtin"
    v_inf_departure: Vinf | None = None
    v_inf_arrival: Vinf | None = None

    @model_validator(mode="after")
    def _needs(self):
        need = {"lambert": ("depart", "arrive"), "window": ("year",), "vinf": ("v_inf_departure", "v_inf_arrival")}
        for key in need.get(self.type, ()):
            if getattr(self, key) is None:
                raise _fail(f"transfer type '{self.type}' needs '{key}'",
                            {"depart": 'a date such as "2026-11-01"', "arrive": 'a date such as "2027-08-20"',
                             "year": "a year such as 2026"}.get(key, 'a speed such as "2.9 km/s"'))
        if self.type == "lambert" and self.arrive <= self.depart:
            raise _fail(f"arrival {self.arrive} is not after departure {self.depart}", "arrive later than depart")
        return self


# --------------------------------------------------------------------------- vehicles and depot

class Ferry(Strict):
    """The single-stage vehicle that flies the whole route (refuelled at depots)."""

    dry_mass: Mass
    payload: MassOrZero
    isp: Isp
    tank_capacity: Mass
    launcher: VehicleId = "falcon-heavy-expendable"
    thrust: Thrust | None = None  # N; reports the finite-burn (gravity) loss of the departure from LEO
    boiloff: Rate = 0.0  # fraction per day lost from the ferry's tanks on the coasts between burns


class Tanker(Strict):
    """Carries depot propellant from LEO to the depot; launched full on ``launcher``."""

    launcher: VehicleId = "falcon-heavy-expendable"
    dry_mass: Mass
    isp: Isp
    reusable: Flag = False  # a reusable tanker keeps propellant to fly back to LEO


class LunarSupply(Strict):
    """Propellant made on the lunar surface and lifted to the depot by a reusable lunar tanker."""

    tanker_dry_mass: Mass
    isp: Isp
    delivery_per_trip: Mass
    cost_per_kg: float | None = Field(default=None, ge=0, le=MAX_COST_PER_KG, description="USD per kg delivered, if known")


class Depot(Strict):
    """Where the propellant sold at a depot comes from, and how it is lost while it waits."""

    source: Literal["earth", "moon"] = "earth"
    tanker: Tanker | None = None
    lunar: LunarSupply | None = None
    boiloff: Rate = 0.0  # fraction per day, e.g. "0.1 %/d"
    loiter: Loiter = 0.0  # s (written "30 d"): how long the refuelled propellant waits before departure

    @model_validator(mode="after")
    def _supplied(self):
        if self.source == "earth" and self.tanker is None:
            raise _fail("a depot supplied from 'earth' needs a 'tanker'", "tanker: {dry_mass, isp, launcher}")
        if self.source == "moon" and self.lunar is None:
            raise _fail("a depot supplied from the 'moon' needs 'lunar'", "lunar: {tanker_dry_mass, isp}")
        left = (1.0 - self.boiloff) ** (self.loiter / 86400.0)
        if left < MIN_BOILOFF_REMAINING:
            raise _fail(f"boil-off of {self.boiloff:.3g}/d for {self.loiter / 86400.0:,.0f} d leaves {left:.2g} of "
                        "the propellant", f"boil-off and loiter that leave at least {MIN_BOILOFF_REMAINING:.0%}")
        return self


# --------------------------------------------------------------------------- legs and architectures

class LaunchSpec(Strict):
    vehicle: VehicleId
    count: LaunchCount | None = None


class BurnSpec(Strict):
    from_: Node = Field(alias="from")
    to: Node
    strategy: Strategies | None = None
    dv: BurnDv | None = None  # override the computed delta-v (a what-if from a paper, say)

    @model_validator(mode="after")
    def _possible(self):
        if self.from_ == self.to:
            raise _fail(f"a burn from {self.from_} to itself", "two different nodes")
        if self.from_ in PLANETS:
            raise _fail(f"legs leaving {self.from_} are not modelled", "legs from LEO or a cislunar node")
        if self.strategy and self.to not in PLANETS and self.strategy != ("lunar-flyby",):
            raise _fail(f"a cislunar leg's strategy can only be lunar-flyby, not {', '.join(self.strategy)}",
                        "strategy: lunar-flyby, or none")
        return self


class Launch(Strict):
    launch: LaunchSpec

    @field_validator("launch", mode="before")
    @classmethod
    def _short(cls, v):
        return {"vehicle": v} if isinstance(v, str) else v


class Burn(Strict):
    burn: BurnSpec


class Refuel(Strict):
    refuel: Node


_LEG_KINDS = ("launch", "burn", "refuel")


def _leg_kind(v: Any) -> str | None:
    if isinstance(v, dict) and len(v) == 1:
        key = next(iter(v))
        return key.title() if key in _LEG_KINDS else None
    return type(v).__name__ if isinstance(v, (Launch, Burn, Refuel)) else None


def _check_leg(v: Any) -> Any:
    if isinstance(v, dict):
        if len(v) != 1:
            raise _fail(f"a leg has exactly one key, got {sorted(map(str, v))}",
                        "one of launch: VEHICLE, burn: {from, to}, refuel: NODE")
        key = next(iter(v))
        if key not in _LEG_KINDS:
            raise _fail(f"unknown leg kind '{key}'{did_you_mean(key, _LEG_KINDS)}", "launch, burn or refuel")
    elif not isinstance(v, (Launch, Burn, Refuel)):
        raise _fail(f"{short(v)} is not a leg", "a mapping such as {burn: {from: LEO, to: EML4}}")
    return v


# Tags are capitalised: pydantic puts them in error locations, and capitalised parts are dropped there.
Leg = Annotated[Annotated[Launch, Tag("Launch")] | Annotated[Burn, Tag("Burn")] | Annotated[Refuel, Tag("Refuel")],
                Discriminator(_leg_kind), BeforeValidator(_check_leg)]


class Architecture(Strict):
    """One way of flying the mission: explicit ``legs``, or the shorthand ``via`` (a depot or ``direct``).
    ``via: EML4`` means: launch the ferry to LEO, fly to EML4, refuel, depart for the destination with each of
    ``strategies``. ``via: [EML1, EML2]`` makes one architecture per depot."""

    name: Name
    via: Node | Annotated[list[Node], Field(min_length=1, max_length=len(CISLUNAR_NODES))] | Literal["direct"] | None = None
    strategies: Strategies | None = None
    approach: Literal["lunar-flyby"] | None = None  # how the ferry reaches the depot (default: direct transfer)
    legs: Annotated[list[Leg], Field(max_length=MAX_LEGS)] | None = None

    @field_validator("via", mode="before")
    @classmethod
    def _direct(cls, v):
        if isinstance(v, list) and not v:  # an empty list would silently drop the architecture
            raise _fail("'via: []' names no depot", "a node such as EML4, a list of nodes, or direct")
        return "direct" if isinstance(v, str) and v.lower() == "direct" else v

    @field_validator("via")
    @classmethod
    def _once(cls, v):
        if isinstance(v, list) and len(set(v)) != len(v):
            raise _fail(f"{v} names a depot twice", "each depot once")
        return v

    @model_validator(mode="after")
    def _one_form(self):
        if (self.via is None) == (self.legs is None):
            raise _fail("give either 'via' or 'legs'", "via: EML4 (or direct), or a list of legs")
        return self


class ClaimSettings(Strict):
    """Thresholds the verdicts use; documented defaults, changeable per scenario."""

    far_less_fraction: float = Field(default=0.10, gt=0, lt=1)  # "far less": at least 10 % below direct
    single_launch: Flag = True  # the Falcon Heavy claim means one launch of the ferry
    # Re-judge the claims in the optimal ballistic window of each of these years (does the verdict change?).
    windows: Annotated[list[Year], Field(max_length=MAX_WINDOWS)] = []


class Scenario(Strict):
    """A whole what-if: orbits, heliocentric transfer, vehicles, depot and the architectures to compare."""

    name: ScenarioName
    title: Title | None = None
    description: Description | None = None
    destination: str = "mars"
    earth_orbit: EarthOrbit = EarthOrbit()
    arrival: Arrival = Arrival()
    transfer: Transfer = Transfer()
    cislunar_model: Literal["two-body", "cr3bp"] = "two-body"
    ferry: Ferry
    depot: Depot | None = None
    architectures: list[Architecture] = Field(min_length=1, max_length=MAX_ARCHITECTURES)
    claims: ClaimSettings = ClaimSettings()
    check_claims: Flag = True
    comparisons: Annotated[list[Comparison], Field(max_length=MAX_COMPARISONS)] = []  # its own claims
    sweep: dict[str, Any] | None = None  # ``deltav sweep``: validated by deltav.sweeps.spec (it knows the keys)
    _source: Document | None = PrivateAttr(default=None)

    @property
    def source(self) -> Document | None:
        """The YAML document this scenario was read from (None if built in code)."""
        return self._source

    def error(self, loc: tuple, message: str, expected: str | None = None) -> InputError:
        """An InputError located at ``loc`` in the scenario file (or unlocated if built in code)."""
        if self._source is None:
            from deltav.inputs import keypath
            return InputError(message, key=keypath(loc), expected=expected)
        return self._source.error(loc, message, expected)

    @field_validator("destination", mode="before")
    @classmethod
    def _planet(cls, v):
        if not isinstance(v, str) or v.lower() not in PLANETS:
            raise _fail(f"{short(v)} is not a planet deltav can fly to{did_you_mean(str(v).lower(), PLANETS)}",
                        "one of " + ", ".join(PLANETS))
        return v.lower()


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raise :class:`InputError` naming file, line and key. The returned
    :class:`Scenario` remembers its document (``scenario.source``) so that later problems (an impossible
    transfer, say) can still be reported at the right line."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError("a scenario is a mapping of keys", file=str(path), line=1,
                         expected="keys such as name, ferry, architectures")
    scenario = validate(doc, Scenario)
    _check_references(doc, scenario)
    check_names(doc, scenario)
    scenario._source = doc
    return scenario


def _check_references(doc: Document, sc: Scenario) -> None:
    """Cross-field checks pydantic cannot do alone: vehicle ids, depots used, leg order."""
    from deltav import vehicles

    def vehicle(vid: str, loc: tuple) -> None:
        try:
            vehicles.get(vid)
        except InputError as exc:
            raise doc.error(loc, exc.message, exc.expected) from None

    vehicle(sc.ferry.launcher, ("ferry", "launcher"))
    if sc.depot and sc.depot.tanker:
        vehicle(sc.depot.tanker.launcher, ("depot", "tanker", "launcher"))
    _check_bounds(doc, sc)
    names: dict[str, int] = {}
    for i, arch in enumerate(sc.architectures):
        if arch.name in names:
            raise doc.error(("architectures", i, "name"), f"a second architecture named {short(arch.name)} "
                            f"(the first is architectures[{names[arch.name]}])", "a name of its own")
        names[arch.name] = i
        if arch.via not in (None, "direct") and sc.depot is None:
            raise doc.error(("architectures", i, "via"), f"'via: {arch.via}' refuels at a depot but no 'depot' is defined",
                            "a top-level depot: {source, tanker}")
        depots = [arch.via] if isinstance(arch.via, str) else arch.via or []
        if "LEO" in depots and sc.depot is not None and sc.depot.tanker is None:  # LEO is supplied from Earth
            raise doc.error(("architectures", i, "via"), "refuelling in LEO needs Earth tankers", "depot.tanker")
        for j, leg in enumerate(arch.legs or []):
            loc = ("architectures", i, "legs", j)
            if isinstance(leg, Launch):
                vehicle(leg.launch.vehicle, loc + ("launch",))
            if isinstance(leg, Refuel) and (sc.depot is None or leg.refuel == "LEO" and sc.depot.tanker is None):
                raise doc.error(loc + ("refuel",), "refuelling needs a top-level 'depot'" if sc.depot is None else
                                "refuelling in LEO needs Earth tankers", "depot: {source, tanker}")
        if arch.legs is not None:
            _check_leg_chain(doc, sc, i, arch)


def _check_bounds(doc: Document, sc: Scenario) -> None:
    """Bounds on two keys: a tanker its launcher lifts, orbits inside the SOI, windows inside the ephemeris."""
    import math

    from deltav import bodies, vehicles

    if sc.depot and sc.depot.tanker:
        lv = vehicles.get(sc.depot.tanker.launcher)
        leo, dry = lv.payload_kg.get("LEO") or 0.0, sc.depot.tanker.dry_mass
        if dry >= leo:
            raise doc.error(("depot", "tanker", "dry_mass"), f"a {dry / 1e3:,.1f} t tanker cannot be launched full "
                            f"on {lv.name} ({leo / 1e3:,.1f} t to LEO)", "a tanker lighter than its launcher's payload")
    planet = bodies.get(sc.destination)
    soi_alt = planet.soi_km - planet.radius_km
    for key in ("periapsis_altitude", "apoapsis_altitude", "aerocapture_periapsis_altitude"):
        h = getattr(sc.arrival, key)
        if h is not None and h >= soi_alt:
            raise doc.error(("arrival", key), f"{h:,.0f} km is outside {planet.name}'s sphere of influence "
                            f"({soi_alt:,.0f} km above its surface)", f"an altitude below {soi_alt:,.0f} km")
    if (bad := period_problem(planet, sc.arrival.periapsis_altitude, sc.arrival.period)) is not None:
        raise doc.error(("arrival", "period"), *bad)
    a = 0.5 * (bodies.EARTH.sma_km + planet.sma_km)
    last = last_window_year(math.pi * math.sqrt(a**3 / bodies.SUN.gm) / 86400.0)
    years = [(("transfer", "year"), sc.transfer.year)] if sc.transfer.type == "window" else []
    for loc, year in years + [(("claims", "windows", k), y) for k, y in enumerate(sc.claims.windows)]:
        if year is not None and year > last:
            raise doc.error(loc, f"flights to {planet.name} departing in {year} arrive after {EPHEMERIS_LAST}, "
                            "the end of the ephemeris", f"a year from {EPHEMERIS_FIRST.year} to {last}")


def _check_leg_chain(doc: Document, sc: Scenario, i: int, arch: Architecture) -> None:
    """Each burn must start where the previous one ended; refuels happen where the ferry is."""
    at, flown = "LEO", False
    for j, leg in enumerate(arch.legs):
        loc = ("architectures", i, "legs", j)
        if isinstance(leg, Launch) and flown:
            raise doc.error(loc + ("launch",), "a launch after the ferry has left the ground is not modelled",
                            "launches first, then burns and refuels")
        flown = flown or not isinstance(leg, Launch)
        if isinstance(leg, Burn):
            if leg.burn.from_ != at:
                raise doc.error(loc + ("burn", "from"), f"the ferry is at {at}, not {leg.burn.from_}",
                                f"from: {at}")
            at = leg.burn.to
        elif isinstance(leg, Refuel) and leg.refuel != at:
            raise doc.error(loc + ("refuel",), f"the ferry is at {at}, cannot refuel at {leg.refuel}", at)
    if at != sc.destination:
        raise doc.error(("architectures", i, "legs"), f"the legs end at {at}, not at the destination",
                        f"a last burn to {sc.destination}")


# The public API's name for it: ``deltav.load_scenario(path)``.
load_scenario = load
