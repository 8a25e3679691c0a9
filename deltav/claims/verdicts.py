"""Claims and their computed verdicts: the one structure that ``deltav run`` and ``deltav claims`` share.

A verdict is always computed by a check from numbers; it is never written next to a claim id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

VERDICTS = ("true", "false", "partly", "undetermined")
Verdict = Literal["true", "false", "partly", "undetermined"]


@dataclass
class ClaimResult:
    """The outcome of checking one claim.

    ``numbers`` holds the figures behind the verdict (plain floats, keys with units, e.g.
    ``"total_dv_direct_km_s"``); ``sources`` cites every input that is not computed.
    """

    id: str
    verdict: Verdict
    summary: str
    numbers: dict = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")

    def to_json(self) -> dict:
        return asdict(self)
