"""The claims ledger: the seed file of claims, their checks, and computed verdicts.

``seeds/claims.yaml`` holds one entry per claim of the source documents: our paraphrase, the
quantities the claim states (unit strings), the kind of source, and the check that computes it
with the check's inputs. Both the stated quantities and the inputs are validated against the
check's own models, so a typo is ``FILE:LINE: claims[3].inputs.vehicle: ...``.

A verdict is derived here, the same way for every claim, from the sub-claim truths a check
returns (:func:`verdict_from`); no verdict is ever written next to a claim id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from deltav.errors import did_you_mean
from deltav.inputs import Document, Strict, load_yaml, validate
from deltav.claims.verdicts import VERDICTS, ClaimResult
from deltav.resources import seeds_file

SEEDS = seeds_file()
TRUE, FALSE, PARTLY, UNDETERMINED = VERDICTS
SOURCE_KINDS = ("novel chapter", "news piece")


class _Source(Strict):
    kind: Literal["novel chapter", "news piece"]
    note: str


class _Claim(Strict):
    id: str
    claim: str
    source: _Source
    states: dict[str, Any] = {}
    check: str
    inputs: dict[str, Any] = {}


class _Seeds(Strict):
    claims: list[_Claim]


@dataclass(frozen=True)
class Claim:
    """One seeded claim, validated: ``states``/``inputs`` are the check's pydantic models."""

    id: str
    claim: str
    source_kind: str
    source_note: str
    stated: dict  # the quantities as written in the seed (for display)
    check: str
    states: Any
    inputs: Any


def load(path: str | Path = SEEDS) -> list[Claim]:
    """Read and validate a claims seed file; raise a located InputError on the first problem."""
    from deltav.claims.checks import CHECKS

    doc = load_yaml(path)
    seeds = validate(doc, _Seeds)
    out, seen = [], {}
    for i, c in enumerate(seeds.claims):
        loc = ("claims", i)
        if c.id in seen:
            raise doc.error(loc + ("id",), f"duplicate claim id '{c.id}' (first at line {seen[c.id]})", "unique ids")
        seen[c.id] = doc.line(loc + ("id",))
        if c.check not in CHECKS:
            raise doc.error(loc + ("check",), f"unknown check '{c.check}'{did_you_mean(c.check, CHECKS)}",
                            "one of " + ", ".join(sorted(CHECKS)))
        chk = CHECKS[c.check]
        states = _validate_part(doc, loc, "states", chk.states)
        inputs = _validate_part(doc, loc, "inputs", chk.inputs)
        out.append(Claim(c.id, c.claim, c.source.kind, c.source.note, dict(c.states), c.check, states, inputs))
    return out


def _validate_part(doc: Document, loc: tuple, key: str, model: type) -> Any:
    entry = doc.data["claims"][loc[1]]
    if entry.get(key) is None:
        entry[key] = {}
    return validate(doc, model, loc + (key,))


def verdict_from(parts: dict[str, bool | None]) -> str:
    """The verdict implied by sub-claim truths (None = could not be tested, ignored).

    All tested parts true -> true; all false -> false; a mix -> partly; nothing tested -> undetermined.
    """
    known = [bool(v) for v in parts.values() if v is not None]
    if not known:
        return UNDETERMINED
    if all(known):
        return TRUE
    return PARTLY if any(known) else FALSE


def evaluate(claim: Claim) -> ClaimResult:
    """Run one claim's check and turn its finding into a :class:`ClaimResult`."""
    from deltav.claims import checks as cc
    from deltav.claims.checks.beacon import beacon_claim

    try:
        if claim.check == "beacon":
            finding = beacon_claim(claim.id, claim.inputs)
        else:
            finding = cc.CHECKS[claim.check].func(claim.states, claim.inputs)
    except cc.Pending as why:
        return ClaimResult(claim.id, verdict_from({}), f"Not computed yet: {why}", {}, [])
    if finding.result is not None:  # computed elsewhere (the Beacon scenario): pass through unchanged
        return finding.result
    numbers = {**finding.numbers, "sub_claims": dict(finding.parts)}
    return ClaimResult(claim.id, verdict_from(finding.parts), finding.summary, numbers, list(finding.sources))


def run(path: str | Path = SEEDS, ids: list[str] | None = None) -> list[ClaimResult]:
    """Evaluate every claim of the seed file (or only ``ids``), in file order."""
    return [evaluate(c) for c in select(load(path), ids)]


def select(claims: list[Claim], ids: list[str] | None) -> list[Claim]:
    """The claims named by ``ids`` (all when None), in file order; an unknown id is an InputError."""
    if not ids:
        return claims
    from deltav.errors import unknown_name

    known = {c.id for c in claims}
    for i in ids:
        if i not in known:
            raise unknown_name("claim", i, known)
    return [c for c in claims if c.id in ids]


def ledger(results: list[ClaimResult], claims: list[Claim], fmt: str = "table") -> str:
    """The ledger as a table (``"table"`` or ``"markdown"``): id, claim, verdict, numbers; then sources."""
    from deltav.tables import render

    text = {c.id: c for c in claims}
    rows = [(r.id, text[r.id].claim if r.id in text else "", r.verdict, r.summary) for r in results]
    out = render(["id", "claim (our paraphrase)", "verdict", "what the numbers say"], rows, fmt,
                 title="Claims ledger", align="llll")
    bullet = "- " if fmt == "markdown" else "  "
    lines = ["", "Sources and assumptions:"]
    for r in results:
        kind = f" [{text[r.id].source_kind}]" if r.id in text else ""
        lines.append(f"{bullet}{r.id}{kind}:" if fmt == "markdown" else f"{r.id}{kind}:")
        lines += [f"  {bullet}{s}" for s in r.sources] or [f"  {bullet}(none: not computed)"]
    return out + "\n".join(lines) + "\n"
