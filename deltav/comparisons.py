"""Claims a scenario declares about its own routes: route A against route B on a metric, or route A closes.

A scenario's ``comparisons:`` list turns a what-if into checked claims without code::

    comparisons:
      - id: eml1-lighter
        claim: Going through EML1 launches less mass from Earth than flying direct
        route: Via EML1            # architectures whose name starts with this; the best of them counts
        against: Direct            # ... and the best of these
        metric: earth_launched     # total_dv | earth_launched | launches | propellant | tof
        holds_if: less             # less | more
        margin: 10 %               # "true" needs at least this much better; less than that is "partly"
      - id: ferry-closes-via-eml1
        claim: The ferry closes through EML1 on one launch
        route: Via EML1
        closes: true

The Beacon claim ``beacon-total-dv`` is one such comparison (total Δv, less, margin ``claims.far_less_fraction``):
:func:`deltav.claims.rules.compare` judges both, on arrays over the cases of a sweep too.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from deltav.inputs import Flag, Fraction, Strict, bounded_text
from deltav.inputs.fields import fail

METRICS = ("total_dv", "earth_launched", "launches", "propellant", "tof")
MAX_COMPARISONS = 20


class Comparison(Strict):
    """One declared claim about the scenario's routes (see the module docstring)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    claim: Annotated[str, bounded_text(300, "claim text")]
    route: Annotated[str, bounded_text(200, "an architecture name prefix")]
    against: Annotated[str, bounded_text(200, "an architecture name prefix")] | None = None
    metric: Literal["total_dv", "earth_launched", "launches", "propellant", "tof"] = "total_dv"
    holds_if: Literal["less", "more"] = "less"
    margin: Fraction = 0.0
    closes: Flag = False

    @model_validator(mode="after")
    def _one_kind(self):
        if self.closes and self.against is not None:
            raise fail("a 'closes' claim is about one route", "route: NAME and closes: true, without against")
        if not self.closes and self.against is None:
            raise fail("a comparison needs 'against'", "against: the name (prefix) of the routes to compare with")
        if self.margin >= 1:
            raise fail(f"margin {self.margin:.0%} is not below 100 %", "a margin such as 10 %")
        return self


def route_names(sc) -> list[str]:
    """The architectures' names as evaluation spells them: ``via`` lists give one route per depot (with
    ``{depot}`` filled in, or the node appended), as :func:`deltav.mission.plans.expand` names them."""
    out = []
    for a in sc.architectures:
        depots = a.via if isinstance(a.via, list) else [a.via]
        if len(depots) > 1 or "{depot}" in a.name:
            out += [a.name.replace("{depot}", d) if "{depot}" in a.name else f"{a.name} {d}" for d in depots]
        else:
            out.append(a.name)
    return out


def check_names(doc, sc) -> None:
    """Each comparison's routes must name at least one architecture (by prefix); ids must be unique."""
    names = route_names(sc)
    seen = set()
    for i, c in enumerate(sc.comparisons):
        if c.id in seen:
            raise doc.error(("comparisons", i, "id"), f"duplicate comparison id '{c.id}'", "unique ids")
        seen.add(c.id)
        for key in ("route", "against"):
            prefix = getattr(c, key)
            if prefix is not None and not any(n.startswith(prefix) for n in names):
                raise doc.error(("comparisons", i, key), f"no architecture name starts with '{prefix}'",
                                "the start of one of: " + ", ".join(names))
