"""One check per claim of the seed file, registered by name in :data:`CHECKS` (see :mod:`.registry`)."""

from deltav.claims.checks import (beacon, ferry_batches, long_march, mars_distance, starship_payload,  # noqa: F401
                                  thrust, tianwen)
from deltav.claims.checks.registry import CHECKS, Finding, Pending, check

__all__ = ["CHECKS", "Finding", "Pending", "check"]
