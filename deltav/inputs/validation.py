"""Validating a :class:`Document` against a pydantic model; the first error located as FILE:LINE: key."""

from __future__ import annotations

import typing
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError

from deltav.errors import InputError, did_you_mean
from deltav.inputs.document import Document, Loc, short

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
    data = doc.data
    for part in base:
        data = data[part]
    located = [(e, _clean(e["loc"], data, e["type"] == "missing")) for e in errors]
    # Report the most specific error first: deepest place in the file, custom messages before generic ones,
    # and an unknown key before a missing one (it is most likely the missing key, misspelt).
    err, rel = min(located, key=lambda x: (-len(x[1]), x[0]["type"] != "deltav", x[0]["type"] == "missing"))
    loc = base + rel
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "deltav":
        return doc.error(loc, ctx["problem"], ctx.get("expected"))
    if kind == "extra_forbidden":
        allowed = _fields_at(model, rel[:-1])
        return doc.error(loc, f"unknown key {short(str(loc[-1]))}{did_you_mean(loc[-1], allowed)}",
                         "one of " + ", ".join(sorted(allowed)) if allowed else None)
    if kind == "missing":
        return doc.error(loc, f"missing required key '{loc[-1]}'")
    if kind in ("literal_error", "enum"):
        return doc.error(loc, f"{short(err['input'])} is not allowed{did_you_mean(err['input'], _choices(ctx))}",
                         "one of " + ctx.get("expected", ""))
    msg = err["msg"].removeprefix("Value error, ")
    if kind == "finite_number":
        msg = "must be a finite number"
    return doc.error(loc, f"{msg} (got {short(err.get('input'))})" if "input" in err and not isinstance(
        err.get("input"), (dict, list)) else msg)


def _clean(loc: Loc, data: Any, missing: bool) -> Loc:
    """The part of pydantic's error location that is a path in the file.

    pydantic inserts union-member tags and validator names ('Burn', 'function-after[...]') into
    locations; walking the data keeps exactly the keys and indexes the user wrote (whatever their
    case), plus the name of a missing key at the end.
    """
    out = []
    for i, part in enumerate(loc):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif missing and i == len(loc) - 1 and isinstance(data, dict):
            pass
        else:
            continue
        out.append(part)
    return tuple(out)


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
