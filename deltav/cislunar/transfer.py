"""The public entry point :func:`transfer_dv`: a cislunar leg in the two-body or the CR3BP model.

The two-body leg (:mod:`deltav.cislunar.twobody`) is always computed; under ``model="cr3bp"`` the
propagated leg (:mod:`deltav.cislunar.shooting`, :mod:`deltav.cislunar.flyby`,
:mod:`deltav.cislunar.flyby_perigee`) replaces it where the
CR3BP models that pair, with the two-body estimate kept beside it.
"""

from __future__ import annotations

import functools

import numpy as np

from deltav.cislunar import flyby, flyby_perigee, shooting
from deltav.cislunar.nodes import ESCAPE_STRATEGIES, LPOINTS, MODELS, CislunarLeg, as_float, node
from deltav.cislunar.twobody import supported_pairs, two_body
from deltav.core.constants import R_EARTH_KM, R_MOON_KM
from deltav.errors import InputError, unknown_name

#: What :func:`transfer_dv` accepts (km, km/s, deg): the orbits its legs are modelled between, and the
#: excess speeds an interplanetary departure needs (the fastest probes left Earth at about 16 km/s).
BOUNDS = {"leo_altitude_km": (0.0, 2_000.0, "a low Earth orbit"),
          "llo_altitude_km": (1.0, 10_000.0, "a lunar orbit well inside the Moon's sphere of influence"),
          "perigee_altitude_km": (0.0, 50_000.0, "a perigee well inside the Moon's orbit"),
          "v_inf_km_s": (0.0, 20.0, "an interplanetary departure"),
          "inclination_deg": (0.0, 180.0, "an inclination")}


def _bounded(name: str, x: float) -> float:
    lo, hi, what = BOUNDS[name]
    unit = "km/s" if name.endswith("km_s") else "deg" if name.endswith("deg") else "km"
    if not (np.isfinite(x) and lo <= x <= hi):
        raise InputError(f"{name} = {x:g} {unit} is outside {lo:g}..{hi:,g} {unit} ({what})", key=name,
                         expected=f"a value from {lo:g} to {hi:,g} {unit}")
    return x


# --------------------------------------------------------------------------------------------
# public entry point


def transfer_dv(origin: str, target: str, *, leo_altitude_km: float = 300.0, llo_altitude_km: float = 100.0,
                v_inf_km_s: float | None = None, strategy: str | None = None, model: str = "cr3bp",
                perigee_altitude_km: float = 300.0, inclination_deg: float = 0.0) -> CislunarLeg:
    """Delta-v (per burn), time of flight and notes for a transfer between two cislunar nodes.

    Parameters
    ----------
    origin, target : str
        Names from :data:`NODES` (case-insensitive; ``L1``..``L5`` accepted).
    leo_altitude_km, llo_altitude_km, perigee_altitude_km : float or Quantity
        Altitudes of the Earth parking orbit, the low lunar orbit (also the lunar flyby periapsis)
        and the perigee of the ``perigee-burn`` and ``lunar-flyby-perigee-burn`` escape strategies, km.
    v_inf_km_s : float or Quantity, optional
        Hyperbolic excess speed for ``target="escape"`` (default 0: C3 = 0).
    strategy : str, optional
        One of :data:`ESCAPE_STRATEGIES` for ``target="escape"`` (default ``direct-burn``);
        ``"lunar-flyby"`` for LEO/GEO -> EML1/EML2 selects the three-burn route through a powered
        lunar flyby (two-body patched conic only; default None: the direct two-burn transfer).
    model : {"cr3bp", "two-body"}
    inclination_deg : float
        Plane change for LEO<->GEO, split optimally between the burns (two-body only).

    Returns
    -------
    CislunarLeg

    Raises
    ------
    InputError
        Unknown node, strategy or model, a pair that is not modelled (the message lists the
        modelled pairs), or a number outside :data:`BOUNDS` (NaN and infinity included).
    """
    o, t = node(origin), node(target)
    if model not in MODELS:
        raise unknown_name("cislunar model", model, MODELS)
    if t == "escape":
        strategy = "direct-burn" if strategy is None else strategy
        if strategy not in ESCAPE_STRATEGIES:
            raise unknown_name("escape strategy", strategy, ESCAPE_STRATEGIES)
        v_inf = 0.0 if v_inf_km_s is None else as_float(v_inf_km_s, "v_inf_km_s")
        if v_inf < 0:
            raise InputError(f"v_inf must not be negative, got {v_inf:g} km/s", key="v_inf_km_s",
                             expected="a speed >= 0 km/s")
        _bounded("v_inf_km_s", v_inf)
    else:
        if strategy is not None and not (strategy == "lunar-flyby" and o in ("LEO", "GEO") and t in ("EML1", "EML2")):
            raise InputError(f"strategy '{strategy}' applies to escape legs, and 'lunar-flyby' also to "
                             f"LEO/GEO->EML1/EML2; not to {o}->{t}", key="strategy",
                             expected="no strategy for this leg")
        v_inf = None
    heights = {}
    for name, h in (("leo_altitude_km", leo_altitude_km), ("llo_altitude_km", llo_altitude_km),
                    ("perigee_altitude_km", perigee_altitude_km)):
        h = as_float(h, name)
        if not np.isfinite(h) or h < 0:
            raise InputError(f"altitude must be >= 0 km, got {h:g}", key=name, expected="an altitude >= 0 km")
        heights[name] = _bounded(name, h)
    leo_r = R_EARTH_KM + heights["leo_altitude_km"]
    llo_r = R_MOON_KM + heights["llo_altitude_km"]
    rp = R_EARTH_KM + heights["perigee_altitude_km"]
    inc = _bounded("inclination_deg", float(inclination_deg))
    return _transfer(o, t, leo_r, llo_r, v_inf, strategy, model, rp, inc)


@functools.lru_cache(maxsize=512)
def _transfer(o, t, leo_r, llo_r, v_inf, strategy, model, rp, inc_deg) -> CislunarLeg:
    reverse = False
    fwd = two_body(o, t, strategy, v_inf, leo_r, llo_r, rp, inc_deg) if o != t else None
    if fwd is None and t != "escape" and o != "escape" and o != t:
        fwd = two_body(t, o, None, None, leo_r, llo_r, rp, inc_deg)
        reverse = fwd is not None
    if fwd is None:
        pairs = ", ".join(f"{a}->{b}" for a, b in supported_pairs())
        raise InputError(f"no cislunar transfer modelled from {o} to {t}", key="target",
                         expected=f"one of the pairs {pairs}")
    burns, tof, notes = fwd
    if reverse:
        burns, notes = tuple(reversed(burns)), f"time-reverse of {t}->{o}: {notes}"
    burns = tuple(float(b) for b in burns)
    tb_leg = CislunarLeg(o, t, "two-body", strategy, burns, float(sum(burns)), float(tof),
                         v_inf, None, notes)
    if model == "two-body":
        return tb_leg
    leg = _cr3bp_leg(tb_leg, leo_r, llo_r, rp, reverse)
    if leg is not None:
        return leg
    return CislunarLeg(o, t, "two-body", strategy, burns, tb_leg.dv_km_s, tb_leg.tof_s, v_inf, tb_leg.dv_km_s,
                       f"CR3BP not modelled for {o}->{t}{'/' + strategy if strategy else ''}: two-body. {notes}")


_MIRROR = {"EML4": "EML5", "EML5": "EML4"}


def _cr3bp_leg(tb_leg, leo_r, llo_r, rp, reverse):
    """The CR3BP version of a leg, or None when that pair is not modelled in the CR3BP."""
    o, t = (tb_leg.target, tb_leg.origin) if reverse else (tb_leg.origin, tb_leg.target)
    if reverse:
        # CR3BP time-reversal symmetry (x, y, t) -> (x, -y, -t): leaving Lx is arriving at its mirror
        # image reversed; only L4 and L5 swap.
        o, t = (_MIRROR.get(o, o), _MIRROR.get(t, t))
    try:
        if t in LPOINTS and tb_leg.strategy is None and (
                o in ("LEO", "GEO") or (o in ("LLO", "lunar-surface") and t in ("EML1", "EML2"))):
            res = shooting.to_lpoint(o, t, leo_r, llo_r)
        elif t == "escape" and tb_leg.strategy == "lunar-flyby-perigee-burn":
            if o not in flyby_perigee.SEEDS:  # no known departure angles (or nothing to fly by): keep the estimate
                return None
            res = flyby_perigee.solve(o, tb_leg.v_inf_km_s, llo_r, rp)
        elif t == "escape" and o in LPOINTS and tb_leg.strategy != "lunar-flyby":
            res = shooting.escape(o, tb_leg.strategy, tb_leg.v_inf_km_s, llo_r, rp, tb_leg.burns_km_s)
        elif t == "escape" and tb_leg.strategy == "lunar-flyby" and o in LPOINTS:
            if o not in flyby.SEEDS:  # no known departure angles: keep the patched conic
                return None
            res = flyby.solve(o, tb_leg.v_inf_km_s, llo_r - R_MOON_KM)
        else:
            return None
    except ArithmeticError as err:  # shooting failed: say so and keep the estimate
        return CislunarLeg(tb_leg.origin, tb_leg.target, "two-body", tb_leg.strategy, tb_leg.burns_km_s,
                           tb_leg.dv_km_s, tb_leg.tof_s, tb_leg.v_inf_km_s, tb_leg.dv_km_s,
                           f"CR3BP shooting failed ({err}): two-body. {tb_leg.notes}")
    burns, tof, v_inf, notes, arcs = res
    if reverse:
        burns, notes = tuple(reversed(burns)), f"time-reverse (mirror) of {o}->{t}: {notes}"
    burns = tuple(float(b) for b in burns)
    dv = float(sum(burns))
    notes = f"{notes}; two-body estimate {tb_leg.dv_km_s:.3f} km/s ({dv - tb_leg.dv_km_s:+.3f})"
    return CislunarLeg(tb_leg.origin, tb_leg.target, "cr3bp", tb_leg.strategy, burns, dv, float(tof), v_inf,
                       tb_leg.dv_km_s, notes, arcs, reverse)


