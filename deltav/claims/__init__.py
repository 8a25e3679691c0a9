"""Claims and their computed verdicts, apart from the mission engine that supplies the numbers.

* :mod:`~deltav.claims.ledger`: the seed file of claims, their checks, and the ledger;
* :mod:`~deltav.claims.checks`: one check per claim;
* :mod:`~deltav.claims.beacon`: the Beacon claims judged from an evaluated scenario, and
  :mod:`~deltav.claims.declared`: the scenario's own ``comparisons`` (both through :func:`judge`, which
  ``deltav run`` calls on :func:`deltav.evaluate`'s result);
* :mod:`~deltav.claims.rules`: the verdicts as array rules, shared with :mod:`deltav.sweeps`;
* :mod:`~deltav.claims.verdicts`: the :class:`ClaimResult` both share.

>>> from deltav import claims
>>> [r.id for r in claims.run(ids=["starship-thrust"])]
['starship-thrust']
"""

from deltav.claims import beacon, declared
from deltav.claims.ledger import SEEDS, Claim, evaluate, ledger, load, run, verdict_from
from deltav.claims.verdicts import VERDICTS, ClaimResult



def judge(result) -> list[ClaimResult]:
    """The claims a scenario result speaks to: the Beacon claims (when the scenario has an EML4 depot route and
    ``check_claims``), then the scenario's own ``comparisons``."""
    return beacon.judge(result) + declared.judge(result)


__all__ = ["SEEDS", "VERDICTS", "Claim", "ClaimResult", "evaluate", "judge", "ledger", "load", "run", "verdict_from"]
