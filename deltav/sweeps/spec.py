"""What a sweep varies: scenario key paths and the values, ranges or distributions given for them.

A spec is one of

* a list of values (``[350 s, 450 s]``) or, for a categorical key, of labels (``[EML1, EML4]``);
* a range ``"350 s .. 950 s step 25 s"`` or ``"1 t .. 20 t num 40"``;
* a distribution for Monte Carlo: ``"normal(450 s, 10 s)"``, ``"uniform(8 t, 12 t)"``,
  ``"triangular(3 t, 4 t, 6 t)"`` (low, mode, high) or ``"lognormal(4 t, 0.2)"`` (median, sigma of
  the logarithm);
* from Python, also an astropy Quantity (scalar or array), or a float array already in core units.

Values are stored in deltav's core units (km, km/s, s, kg, fraction per day), exactly as a scenario
file stores them, so a sweep point and the same numbers typed into the file give the same result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from deltav.errors import InputError, did_you_mean

#: Numeric keys: key path -> (inputs field type name, core unit). ``vehicles.ID.payload`` is added for every
#: launcher in the catalogue (its LEO payload).
NUMERIC = {
    "ferry.isp": ("Isp", "s"), "ferry.dry_mass": ("Mass", "kg"), "ferry.payload": ("MassOrZero", "kg"),
    "ferry.tank_capacity": ("Mass", "kg"),
    "depot.boiloff": ("Rate", "1/d"), "depot.loiter": ("Duration", "s"),
    "depot.tanker.dry_mass": ("Mass", "kg"), "depot.tanker.isp": ("Isp", "s"),
    "depot.lunar.isp": ("Isp", "s"), "depot.lunar.tanker_dry_mass": ("Mass", "kg"),
    "depot.lunar.delivery_per_trip": ("Mass", "kg"), "depot.lunar.cost_per_kg": ("Plain", "USD/kg"),
    "earth_orbit.altitude": ("Altitude", "km"), "arrival.periapsis_altitude": ("Altitude", "km"),
    "arrival.apoapsis_altitude": ("Altitude", "km"),
}
#: Categorical keys: key path -> allowed labels (None: checked when applied).
CATEGORICAL = {
    "depot.node": ("LEO", "GEO", "LLO", "EML1", "EML2", "EML3", "EML4", "EML5"),
    "depot.source": ("earth", "moon"),
    "cislunar_model": ("two-body", "cr3bp"),
    "transfer.year": None,
}
DISTRIBUTIONS = {"normal": 2, "uniform": 2, "triangular": 3, "lognormal": 2}
MAX_SAMPLES = 10_000_000
MAX_POINTS = 100_000_000

_RANGE = re.compile(r"^\s*(?P<lo>.+?)\s*\.\.\s*(?P<hi>.+?)\s+(?P<how>step|num)\s+(?P<by>.+?)\s*$")
_DIST = re.compile(r"^\s*(?P<name>[a-z]+)\s*\((?P<args>.*)\)\s*$")


@dataclass(frozen=True)
class Axis:
    """One varied key: its own dimension (values or labels), or a column of the shared ``sample`` dimension."""

    key: str
    values: np.ndarray  # core units, or labels (dtype object) for a categorical key
    unit: str
    spec: str  # as written, for the dataset's attrs
    sampled: bool = False  # drawn from a distribution: lives on the "sample" dimension

    @property
    def categorical(self) -> bool:
        return self.key in CATEGORICAL


@dataclass(frozen=True)
class PerSample:
    """Values already drawn, one per Monte Carlo sample, in core units (e.g. from a SALib design)."""

    values: np.ndarray


def known_keys() -> list[str]:
    from deltav import vehicles

    return sorted(NUMERIC) + sorted(CATEGORICAL) + [f"vehicles.{v.id}.payload" for v in vehicles.catalogue()]


def unit_of(key: str) -> str:
    if key.startswith("vehicles."):
        return "kg"
    return NUMERIC[key][1] if key in NUMERIC else ""


def _field_type(key: str):
    from deltav import inputs

    name = "Mass" if key.startswith("vehicles.") else NUMERIC[key][0]
    return float if name == "Plain" else getattr(inputs, name)


def parse_value(key: str, text: Any) -> float:
    """One value of a numeric key in core units (``"450 s"`` -> 450.0), or an InputError."""
    from pydantic import TypeAdapter, ValidationError

    if hasattr(text, "unit"):  # an astropy Quantity: through its string form, so the same rules apply
        text = f"{text.value!r} {text.unit.to_string()}"
    try:
        return float(TypeAdapter(_field_type(key)).validate_python(text))
    except (ValidationError, ValueError, TypeError) as exc:
        problem = exc.errors()[0] if isinstance(exc, ValidationError) else {"msg": str(exc)}
        ctx = problem.get("ctx") or {}
        raise InputError(f"{ctx.get('problem', problem.get('msg', str(exc)))}", key=key,
                         expected=ctx.get("expected", f"a value in {unit_of(key)}")) from None


def check_key(key: str) -> str:
    if not isinstance(key, str) or (key not in NUMERIC and key not in CATEGORICAL
                                    and not re.fullmatch(r"vehicles\.[a-z0-9-]+\.payload", key)):
        raise InputError(f"cannot vary '{key}'{did_you_mean(str(key), known_keys())}", key=str(key),
                         expected="one of " + ", ".join(known_keys()))
    if key.startswith("vehicles."):
        from deltav import vehicles

        vehicles.get(key.split(".")[1])  # an unknown launcher says so, with a did-you-mean
    return key


def axis(key: str, spec: Any, samples: int | None, rng: np.random.Generator) -> Axis:
    """Parse one ``vary`` entry into an :class:`Axis` (InputError naming the key on any problem)."""
    key = check_key(key)
    if key in CATEGORICAL:
        labels = [spec] if isinstance(spec, (str, int)) else list(spec) if isinstance(spec, (list, tuple)) else None
        if not labels:
            raise InputError("give a list of labels", key=key, expected="e.g. [EML1, EML4]")
        allowed = CATEGORICAL[key]
        for lab in labels:
            if allowed is not None and lab not in allowed:
                raise InputError(f"unknown value {lab!r}{did_you_mean(str(lab), allowed)}", key=key,
                                 expected="one of " + ", ".join(allowed))
            if key == "transfer.year" and not (isinstance(lab, int) and 1950 <= lab <= 2150):
                raise InputError(f"{lab!r} is not a launch year", key=key, expected="years such as 2026, 2028")
        return Axis(key, np.array(labels, dtype=object), "", repr(spec))
    unit = unit_of(key)
    if isinstance(spec, PerSample):
        return Axis(key, np.asarray(spec.values, float), unit, "values per sample", sampled=True)
    if isinstance(spec, np.ndarray) and spec.dtype.kind in "fi":  # already in core units (from code)
        return Axis(key, spec.astype(float).ravel(), unit, f"{spec.size} values in {unit}")
    if hasattr(spec, "unit") and np.ndim(spec) > 0:
        values = np.array([parse_value(key, q) for q in spec.ravel()])
    elif isinstance(spec, (list, tuple)):
        values = np.array([parse_value(key, v) for v in spec])
    elif isinstance(spec, str) and _RANGE.match(spec):
        values = _range(key, _RANGE.match(spec))
    elif isinstance(spec, str) and _DIST.match(spec):
        return Axis(key, _draw(key, _DIST.match(spec), samples, rng), unit, spec, sampled=True)
    else:
        values = np.array([parse_value(key, spec)])
    if values.size == 0:
        raise InputError("the range is empty", key=key, expected="a range whose end lies past its start")
    return Axis(key, values, unit, spec if isinstance(spec, str) else repr(spec))


def _range(key: str, m: re.Match) -> np.ndarray:
    lo, hi = parse_value(key, m["lo"]), parse_value(key, m["hi"])
    if not hi > lo:
        raise InputError(f"the range {m['lo']} .. {m['hi']} is empty", key=key,
                         expected="a range whose end lies past its start")
    if m["how"] == "num":
        n = _count(key, m["by"], "num")
        return np.linspace(lo, hi, n)
    step = parse_value(key, m["by"])
    if not step > 0:
        raise InputError("the step must be > 0", key=key, expected="e.g. step 25 s")
    n = int(np.floor((hi - lo) / step * (1 + 1e-12))) + 1
    if n > MAX_POINTS:
        raise InputError(f"{n:,} values is too many", key=key, expected=f"at most {MAX_POINTS:,}")
    return lo + step * np.arange(n)


def _count(key: str, text: str, what: str) -> int:
    try:
        n = int(str(text).strip())
    except ValueError:
        raise InputError(f"{what} {text!r} is not a whole number", key=key, expected="e.g. num 40") from None
    if not 1 <= n <= MAX_POINTS:
        raise InputError(f"{what} {n} is out of range", key=key, expected=f"1 to {MAX_POINTS:,}")
    return n


def _draw(key: str, m: re.Match, samples: int | None, rng: np.random.Generator) -> np.ndarray:
    name, args = m["name"], [a.strip() for a in m["args"].split(",")]
    if name not in DISTRIBUTIONS:
        raise InputError(f"unknown distribution '{name}'{did_you_mean(name, DISTRIBUTIONS)}", key=key,
                         expected="normal(mean, sd), uniform(low, high), triangular(low, mode, high) or "
                                  "lognormal(median, sigma)")
    if len(args) != DISTRIBUTIONS[name]:
        raise InputError(f"{name} takes {DISTRIBUTIONS[name]} arguments, got {len(args)}", key=key,
                         expected=f"{name}({', '.join(['...'] * DISTRIBUTIONS[name])})")
    if samples is None:
        raise InputError("a distribution needs a sample count", key="samples",
                         expected="samples: N (or --samples N)")
    if name == "lognormal":
        median, sigma = parse_value(key, args[0]), _plain(key, args[1])
        return median * np.exp(sigma * rng.standard_normal(samples))
    # The spread is a difference of two values of the key: parse it as one (a normal sd of "10 s").
    v = [parse_value(key, a) for a in args]
    if name == "normal":
        return rng.normal(v[0], v[1], samples)
    if name == "uniform":
        if not v[1] > v[0]:
            raise InputError("uniform needs low < high", key=key, expected="uniform(low, high)")
        return rng.uniform(v[0], v[1], samples)
    if not v[0] <= v[1] <= v[2] or v[0] == v[2]:
        raise InputError("triangular needs low <= mode <= high", key=key, expected="triangular(low, mode, high)")
    return rng.triangular(v[0], v[1], v[2], samples)


def _plain(key: str, text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise InputError(f"{text!r} is not a number", key=key, expected="lognormal(median, sigma)") from None
    if not (np.isfinite(x) and x > 0):
        raise InputError("sigma must be > 0", key=key, expected="lognormal(median, sigma)")
    return x


def samples_count(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_SAMPLES:
        raise InputError(f"sample count {n!r} is out of range", key="samples", expected=f"1 to {MAX_SAMPLES:,}")
    return int(n)
