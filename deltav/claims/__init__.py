"""Claims and their computed verdicts, apart from the mission engine that supplies the numbers.

* :mod:`~deltav.claims.ledger`: the seed file of claims, their checks, and the ledger;
* :mod:`~deltav.claims.checks`: one check per claim;
* :mod:`~deltav.claims.beacon`: the Beacon claims judged from an evaluated scenario
  (:func:`judge`, which ``deltav run`` calls on :func:`deltav.evaluate`'s result);
* :mod:`~deltav.claims.verdicts`: the :class:`ClaimResult` both share.

>>> from deltav import claims
>>> [r.id for r in claims.run(ids=["starship-thrust"])]
['starship-thrust']
"""

from deltav.claims.beacon import judge
from deltav.claims.ledger import SEEDS, Claim, evaluate, ledger, load, run, verdict_from
from deltav.claims.verdicts import VERDICTS, ClaimResult

__all__ = ["SEEDS", "VERDICTS", "Claim", "ClaimResult", "evaluate", "judge", "ledger", "load", "run", "verdict_from"]
