"""Reading user input files: YAML with line numbers, unit-string fields, located validation errors.

Scenario files and the claims seed file are validated with pydantic models whose quantity fields
accept unit strings (``"300 km"``, ``"3.2 km/s"``, ``"16.8 t"``) and store plain floats in deltav's
core units (km, km/s, s, kg). Any problem becomes one :class:`deltav.errors.InputError` of the form
``FILE:LINE: key.path: what is wrong (expected ...)``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from deltav.errors import InputError, did_you_mean

Loc = tuple  # a key path: ("architectures", 0, "legs", 2, "to")


@dataclass
class Document:
    """A parsed YAML file: plain Python data plus the line of every key and list item."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int | None:
        """1-based line of the deepest prefix of ``loc`` that the file contains."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)

    def error(self, loc: Loc, message: str, expected: str | None = None) -> InputError:
        return InputError(message, file=self.path, line=self.line(loc), key=keypath(loc) or None,
                          expected=expected)


def keypath(loc: Loc) -> str:
    """``("a", 0, "b")`` -> ``"a[0].b"``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(path: str | Path, text: str | None = None) -> Document:
    """Parse a YAML file, recording the line of every mapping key and sequence item.

    Raises :class:`InputError` for unreadable files, malformed YAML and duplicate keys.
    """
    path = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", file=path) from None
    # libyaml's parser when PyYAML has it (several times faster on the vehicle catalogue); same nodes and marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        doc = Document(path, None, {(): 1})
        doc.data = _construct(loader, node, (), doc) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # Point at where the broken construct starts (context), and say where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        where = f" on line {exc.problem_mark.line + 1}" if exc.context_mark and exc.problem_mark else ""
        what = f"{exc.context} here: {exc.problem}{where}" if exc.context else f"{exc.problem}"
        raise InputError(f"malformed YAML: {what}", file=path,
                         line=mark.line + 1 if mark else None,
                         expected="valid YAML (check indentation, colons and quotes)") from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=path) from None
    finally:
        loader.dispose()
    return doc


def _construct(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, doc: Document) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise InputError(f"duplicate key '{key}'", file=doc.path, line=key_node.start_mark.line + 1,
                                 key=keypath(loc + (key,)), expected="each key once per mapping")
            doc.lines[loc + (key,)] = key_node.start_mark.line + 1
            out[key] = _construct(loader, value_node, loc + (key,), doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            doc.lines[loc + (i,)] = item.start_mark.line + 1
            items.append(_construct(loader, item, loc + (i,), doc))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # e.g. a date like 2026-13-01: keep the text, validators explain
        return node.value


# --------------------------------------------------------------------------- unit-string fields

def _fail(problem: str, expected: str) -> PydanticCustomError:
    return PydanticCustomError("deltav", "{problem}", {"problem": problem, "expected": expected})


def quantity_parser(unit: str, example: str, *, minimum: float | None = 0.0, inclusive: bool = False):
    """A pydantic before-validator: unit string -> float in ``unit``.

    ``minimum`` (in ``unit``) bounds the value from below, strictly unless ``inclusive``;
    ``None`` allows any sign. astropy is imported on the first value parsed, not when the
    schema is defined, so that reading results back (e.g. unpickling) stays cheap.
    """

    @functools.cache
    def target():
        from astropy import units as u

        t = u.Unit(unit)
        kind = str(t.physical_type)
        article = "an" if kind[0] in "aeiou" else "a"
        return u, t, kind, f'{article} {kind} such as "{example}"'

    def parse(v: Any) -> float:
        u, unit_, kind, expected = target()
        if isinstance(v, bool) or v is None or isinstance(v, (list, dict)):
            raise _fail(f"{v!r} is not a quantity", expected)
        if isinstance(v, (int, float)):
            if v == 0 and minimum is not None and inclusive:
                return 0.0
            raise _fail(f"{v!r} has no unit", expected)
        try:
            q = _parse_quantity(str(v))
        except (TypeError, ValueError):
            raise _fail(f"cannot read {str(v)!r} as a number with a unit", expected) from None
        if q.unit == u.dimensionless_unscaled and unit_ != u.dimensionless_unscaled:
            raise _fail(f"{str(v)!r} has no unit", expected)
        try:
            val = float(q.to_value(unit_))
        except u.UnitConversionError:
            raise _fail(f"{str(v)!r} is {q.unit.physical_type}, not {kind}", expected) from None
        if minimum is not None and (val < minimum or (val == minimum and not inclusive)):
            bound = f"{'at least' if inclusive else 'greater than'} {minimum:g} {unit}"
            raise _fail(f"{str(v)!r} must be {bound}", expected)
        return val

    return BeforeValidator(parse)


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


@functools.lru_cache(maxsize=256)
def _unit(text: str):
    from astropy import units as u

    return u.Unit(text) if text else u.dimensionless_unscaled


def _parse_quantity(text: str):
    """astropy's reading of ``"63.8 t"``, with each unit string parsed once (a catalogue repeats them)."""
    m = _NUMBER.match(text)
    if m is None:
        raise ValueError(text)
    return float(m.group(1)) * _unit(m.group(2))


# Field types in core units. "Positive" ones refuse zero and negatives.
Length = Annotated[float, quantity_parser("km", "300 km")]
Altitude = Annotated[float, quantity_parser("km", "300 km", inclusive=True)]
Speed = Annotated[float, quantity_parser("km/s", "3.2 km/s", inclusive=True)]
Mass = Annotated[float, quantity_parser("kg", "16.8 t")]
MassOrZero = Annotated[float, quantity_parser("kg", "10 t", inclusive=True)]
Duration = Annotated[float, quantity_parser("s", "180 d", inclusive=True)]
Isp = Annotated[float, quantity_parser("s", "380 s")]
Angle = Annotated[float, quantity_parser("deg", "28.5 deg", minimum=None)]
Fraction = Annotated[float, quantity_parser("", "0.1 %", inclusive=True)]
Rate = Annotated[float, quantity_parser("1/d", "0.1 %/d", inclusive=True)]


def _parse_date(v: Any) -> _dt.date:
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    try:
        return _dt.date.fromisoformat(str(v))
    except ValueError:
        raise _fail(f"{v!r} is not a date", 'a date such as "2026-10-31"') from None


Date = Annotated[_dt.date, BeforeValidator(_parse_date)]


class Strict(BaseModel):
    """Base of input models: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------- validation

def validate(doc: Document, model: type[BaseModel], loc: Loc = ()) -> Any:
    """Validate ``doc.data`` (or the part at ``loc``) against ``model``; raise the first error located."""
    data = doc.data
    for part in loc:
        data = data[part]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _located(doc, model, exc.errors(include_url=False), loc) from None


def _located(doc: Document, model: type[BaseModel], errors: list[dict], base: Loc) -> InputError:
    # Report the most specific error first: deepest location, custom messages before generic ones.
    errors = sorted(errors, key=lambda e: (-len(e["loc"]), e["type"] != "deltav"))
    # Union members each report; keep errors whose loc is real YAML (drops pydantic's tag names).
    err = next((e for e in errors if _real_loc(doc, base + _clean(e["loc"]))), errors[0])
    loc = base + _clean(err["loc"])
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "deltav":
        return doc.error(loc, ctx["problem"], ctx.get("expected"))
    if kind == "extra_forbidden":
        allowed = _fields_at(model, _clean(err["loc"])[:-1])
        return doc.error(loc, f"unknown key '{loc[-1]}'{did_you_mean(loc[-1], allowed)}",
                         "one of " + ", ".join(sorted(allowed)) if allowed else None)
    if kind == "missing":
        return doc.error(loc, f"missing required key '{loc[-1]}'")
    if kind in ("literal_error", "enum"):
        return doc.error(loc, f"{err['input']!r} is not allowed{did_you_mean(err['input'], _choices(ctx))}",
                         "one of " + ctx.get("expected", ""))
    msg = err["msg"].removeprefix("Value error, ")
    return doc.error(loc, f"{msg} (got {err.get('input')!r})" if "input" in err and not isinstance(
        err.get("input"), (dict, list)) else msg)


def _clean(loc: Loc) -> Loc:
    # pydantic inserts union-member / function names (e.g. 'function-after[...]', 'Burn') into locs.
    return tuple(p for p in loc if isinstance(p, int) or not (p[:1].isupper() or "[" in p or "-" in p and "(" in p))


def _real_loc(doc: Document, loc: Loc) -> bool:
    return tuple(loc) in doc.lines or len(loc) == 0


def _choices(ctx: dict) -> list[str]:
    return [c.strip(" '\"") for c in ctx.get("expected", "").replace(" or ", ",").split(",") if c.strip()]


def _fields_at(model: Any, loc: Loc) -> set[str]:
    """Field names (and aliases) allowed at ``loc`` inside ``model``, through lists, dicts and unions."""
    types = [model]
    for part in loc:
        nxt = []
        for outer in types:
            for t in _unwrap(outer):
                if isinstance(part, int) or typing.get_origin(t) is dict:
                    args = typing.get_args(t)
                    if args:
                        nxt.append(args[-1])
                elif isinstance(t, type) and issubclass(t, BaseModel):
                    f = t.model_fields.get(part) or next(
                        (f for f in t.model_fields.values() if f.alias == part), None)
                    if f is not None:
                        nxt.append(f.annotation)
        types = nxt
    names: set[str] = set()
    for outer in types:
        for t in _unwrap(outer):
            if isinstance(t, type) and issubclass(t, BaseModel):
                names |= {f.alias or n for n, f in t.model_fields.items()}
    return names


def _unwrap(t: Any) -> list[Any]:
    """Flatten Annotated / Optional / Union into their member types."""
    origin = typing.get_origin(t)
    if origin is Annotated:
        return _unwrap(typing.get_args(t)[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return [m for a in typing.get_args(t) for m in _unwrap(a)]
    return [t]
