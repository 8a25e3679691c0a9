"""Cislunar transfer costs between named nodes: two-body estimates and Earth–Moon CR3BP checks.

Nodes (:data:`NODES`): circular equatorial ``LEO`` (altitude ``leo_altitude_km``) and ``GEO``
(42 164 km radius), circular ``LLO`` (altitude ``llo_altitude_km``, prograde about the Moon),
the five Earth–Moon Lagrange points ``EML1``..``EML5`` (also accepted as ``L1``..``L5``),
``lunar-surface`` (at rest on a non-rotating Moon, radius 1737.4 km) and ``escape`` (leaving
Earth's sphere of influence with the hyperbolic excess speed ``v_inf_km_s``).

Two models (:func:`transfer_dv` ``model=``):

``"two-body"``
    Patched conics, impulsive tangential burns, everything coplanar with the Moon's orbit
    (:mod:`deltav.core.cislunar`). L-points are points moving at n r on circles about Earth.
``"cr3bp"``
    The transfer is found by shooting in the planar Earth–Moon CR3BP
    (:mod:`deltav.core.cr3bp`) and its burns are those of the propagated trajectory; the
    two-body estimate is reported beside it (``two_body_dv_km_s``). Pairs the CR3BP adds
    nothing to (LEO->GEO, lunar-surface->LLO) fall back to two-body and say so in ``notes``.

Escape strategies (:data:`ESCAPE_STRATEGIES`): ``direct-burn`` (one burn where you are),
``perigee-burn`` (retro-burn to a low Earth perigee ``perigee_altitude_km``, then burn there:
the Oberth effect), ``lunar-flyby`` (reach the Moon, burn at the periapsis of a flyby at
``llo_altitude_km``), ``lunar-flyby-perigee-burn`` (reach the Moon, let the flyby throw the ferry back to a
low perigee, burn there: the cheapest exit from an L-point).

Modules: :mod:`~deltav.cislunar.nodes` (names, geometry), :mod:`~deltav.cislunar.twobody`,
:mod:`~deltav.cislunar.shooting`, :mod:`~deltav.cislunar.flyby` and :mod:`~deltav.cislunar.flyby_perigee` (CR3BP),
:mod:`~deltav.cislunar.transfer`
(the entry point). See docs/cislunar.md for the physics and a comparison with published values.
"""

from deltav.cislunar.flyby import lunar_flyby_cr3bp
from deltav.cislunar.nodes import (D_MOON_KM, ESCAPE_STRATEGIES, GEO_RADIUS_KM, LPOINTS, MODELS, N_RAD_S, NODES, SOI_KM,
                                   V_MOON_KM_S, VINF_FLOOR_KM_S, CislunarLeg, lagrange_points, node)
from deltav.cislunar.trajectory import trajectories, trajectory
from deltav.cislunar.transfer import supported_pairs, transfer_dv

__all__ = ["CislunarLeg", "D_MOON_KM", "ESCAPE_STRATEGIES", "GEO_RADIUS_KM", "LPOINTS", "MODELS", "NODES", "N_RAD_S",
           "SOI_KM", "VINF_FLOOR_KM_S", "V_MOON_KM_S", "lagrange_points", "lunar_flyby_cr3bp", "node",
           "supported_pairs", "trajectories", "trajectory", "transfer_dv"]
