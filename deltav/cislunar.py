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
``llo_altitude_km``).

See docs/cislunar.md for the physics and a comparison with published values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from deltav.bodies import EARTH, MOON
from deltav.core import cislunar as tb
from deltav.core import cr3bp
from deltav.core.conics import hyperbolic_periapsis_speed, periapsis_speed
from deltav.core.transfers import hohmann_plane_change
from deltav.errors import InputError, unknown_name

NODES = ("LEO", "GEO", "LLO", "EML1", "EML2", "EML3", "EML4", "EML5", "lunar-surface", "escape")
ESCAPE_STRATEGIES = ("direct-burn", "perigee-burn", "lunar-flyby")
MODELS = ("two-body", "cr3bp")
LPOINTS = ("EML1", "EML2", "EML3", "EML4", "EML5")

#: GEO radius, km: (GM_earth / omega_sidereal^2)^(1/3), sidereal day 86 164.0905 s (IERS).
GEO_RADIUS_KM = float((EARTH.gm * (86164.0905 / (2 * np.pi)) ** 2) ** (1 / 3))
#: Earth's sphere of influence (Laplace, about the Sun), where ``escape`` legs end and v_inf is read.
SOI_KM = float(EARTH.soi_km)
#: Rotating-frame rate (rad/s) and the Moon's speed about Earth (km/s), consistent with the CR3BP.
N_RAD_S = 1.0 / cr3bp.TIME_S
V_MOON_KM_S = cr3bp.VELOCITY_KM_S
D_MOON_KM = cr3bp.LENGTH_KM

_ALIASES = {n.lower(): n for n in NODES} | {f"l{i}": f"EML{i}" for i in range(1, 6)} | {
    "surface": "lunar-surface", "moon": "lunar-surface", "c3": "escape"}


@dataclass(frozen=True)
class CislunarLeg:
    """One node-to-node transfer. Speeds km/s, time s."""

    origin: str
    target: str
    model: str  # "two-body" or "cr3bp"
    strategy: str | None  # escape strategy, None otherwise
    burns_km_s: tuple[float, ...]  # each impulsive burn, in flight order
    dv_km_s: float  # sum of burns
    tof_s: float
    v_inf_km_s: float | None  # for "escape": the Earth-relative v_inf actually reached
    two_body_dv_km_s: float | None  # the two-body estimate beside a cr3bp result
    notes: str  # one line: assumptions / how it was found
    #: CR3BP arcs ((state0, duration), ...) in nondimensional rotating coordinates, flight order;
    #: empty for two-body legs. Use :func:`trajectory` to get them in km.
    arcs: tuple = field(default=(), repr=False, compare=False)
    mirrored: bool = field(default=False, repr=False, compare=False)  # arcs are of the mirror-image leg


def lagrange_points(system: str = "earth-moon"):
    """Positions of L1–L5 in the Earth-centred rotating frame (x towards the Moon), km.

    Returns
    -------
    astropy Quantity, shape (5, 3), km; rows L1..L5 (L4 leads the Moon, +y).

    Examples
    --------
    >>> import deltav
    >>> L = deltav.lagrange_points()
    >>> round(L[0, 0].value), round(L[1, 0].value)
    (326381, 448915)
    """
    if str(system).lower().replace("_", "-") not in ("earth-moon", "earthmoon", "em"):
        raise unknown_name("three-body system", system, ["earth-moon"])
    from deltav._quantity import KM, quantity

    pts = cr3bp.lagrange_points() - cr3bp.primary_position("earth")
    return quantity(pts * cr3bp.LENGTH_KM, KM)


def node(name: str) -> str:
    """Canonical node name (case-insensitive; ``L1``..``L5`` accepted), or an InputError."""
    key = str(name).strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    raise unknown_name("cislunar node", name, NODES)


# --------------------------------------------------------------------------------------------
# geometry shared by both models


def _lpoint(name):
    """(distance from Earth, distance from Moon), km, of an L-point."""
    p = cr3bp.lagrange_points()[int(name[-1]) - 1]
    return (float(np.linalg.norm(p - cr3bp.primary_position("earth")) * D_MOON_KM),
            float(np.linalg.norm(p - cr3bp.primary_position("moon")) * D_MOON_KM))


def _km(x, name):
    """A length/speed given as float (in the unit of the parameter name) or astropy Quantity."""
    if hasattr(x, "unit"):
        from deltav._quantity import KM, KM_S, value

        return float(value(x, KM_S if name.endswith("km_s") else KM, name))
    return float(x)


# --------------------------------------------------------------------------------------------
# two-body legs; each returns (burns, tof, notes)


def _earth_radius(n, leo_r):
    return {"LEO": leo_r, "GEO": GEO_RADIUS_KM}[n]


def _tb_earth_to_earth(o, t, r1, r2, inc_deg):
    dv1, dv2, tof, split = hohmann_plane_change(EARTH.gm, r1, r2, np.radians(inc_deg))
    extra = f", plane change {inc_deg:g} deg split {float(split):.2f}/{1 - float(split):.2f}" if inc_deg else ", coplanar"
    return (float(dv1), float(dv2)), float(tof), f"Hohmann {o}->{t}{extra}"


def _tb_earth_to_lpoint(o, t, r0):
    r_l, _ = _lpoint(t)
    dv1, dv2, tof = tb.transfer_to_corotating(EARTH.gm, r0, r_l, N_RAD_S * r_l)
    return (float(dv1), float(dv2)), float(tof), (
        f"Hohmann to {r_l:,.0f} km, then match the point's speed n r = {N_RAD_S * r_l:.3f} km/s (Moon's gravity ignored)")


def _tb_earth_to_lpoint_flyby(o, t, r0, r_fb):
    """Hohmann to the Moon, powered flyby at ``r_fb`` onto a Moon-centred ellipse reaching Lx, stop there."""
    dv1, tof, vinf = _tli(r0)
    _, d = _lpoint(t)
    v_in = float(hyperbolic_periapsis_speed(MOON.gm, r_fb, vinf))
    dv2 = abs(v_in - float(periapsis_speed(MOON.gm, r_fb, d)))
    dv3 = abs(N_RAD_S * d - float(tb.apoapsis_speed(MOON.gm, d, r_fb)))
    tof += float(np.pi * np.sqrt((0.5 * (r_fb + d)) ** 3 / MOON.gm))
    return (dv1, dv2, dv3), tof, (
        f"Hohmann to the Moon (v_inf {vinf:.3f} km/s), braking burn at a {r_fb - MOON.radius_km:g} km perilune onto "
        f"an ellipse to {t}, match its speed (patched conic; Farquhar-type lunar-flyby route)")


def _tli(r0):
    """Hohmann from r0 to the Moon's distance: (dv1, tof, v_inf at the Moon, km/s)."""
    dv1, _, tof = tb.transfer_to_corotating(EARTH.gm, r0, D_MOON_KM, V_MOON_KM_S)
    return float(dv1), float(tof), float(V_MOON_KM_S - tb.apoapsis_speed(EARTH.gm, D_MOON_KM, r0))


def _tb_earth_to_moon(o, t, r0, r_llo):
    dv1, tof, vinf = _tli(r0)
    vp = float(hyperbolic_periapsis_speed(MOON.gm, r_llo, vinf))
    if t == "LLO":
        return (dv1, vp - float(np.sqrt(MOON.gm / r_llo))), tof, (
            f"Hohmann to the Moon's distance, v_inf {vinf:.3f} km/s at the Moon, capture at periapsis")
    vs = float(hyperbolic_periapsis_speed(MOON.gm, MOON.radius_km, vinf))
    return (dv1, vs), tof, f"Hohmann to the Moon's distance, v_inf {vinf:.3f} km/s, direct landing burn to rest"


def _tb_llo_surface(r_llo):
    dv1 = float(np.sqrt(MOON.gm / r_llo) - tb.apoapsis_speed(MOON.gm, r_llo, MOON.radius_km))
    dv2 = float(periapsis_speed(MOON.gm, MOON.radius_km, r_llo))
    tof = float(np.pi * np.sqrt((0.5 * (r_llo + MOON.radius_km)) ** 3 / MOON.gm))
    return (dv1, dv2), tof, "Hohmann descent to the surface and stop (no gravity losses, non-rotating Moon)"


def _phasing_speed(angle_rad):
    """Along-track speed change that drifts a co-orbital by ``angle_rad`` in one lunar period.

    Tangential dv on a circular orbit changes the mean motion by dn/n = -3 dv/v, so the angle
    gained per revolution is 2 pi * 3 dv / v [Vallado sec. 6.6 phasing, linearised].
    """
    return float(V_MOON_KM_S * angle_rad / (6 * np.pi))


_PHASE = {"EML3": np.pi, "EML4": np.pi / 3, "EML5": np.pi / 3}


def _tb_moon_to_lpoint(o, t, r_llo):
    r0 = MOON.radius_km if o == "lunar-surface" else r_llo
    v0 = 0.0 if o == "lunar-surface" else float(np.sqrt(MOON.gm / r0))
    if t in ("EML1", "EML2"):
        _, d = _lpoint(t)
        dv1 = float(periapsis_speed(MOON.gm, r0, d)) - v0
        dv2 = abs(N_RAD_S * d - float(tb.apoapsis_speed(MOON.gm, d, r0)))
        tof = float(np.pi * np.sqrt((0.5 * (r0 + d)) ** 3 / MOON.gm))
        return (dv1, dv2), tof, f"Moon-centred Hohmann to {d:,.0f} km, match n d = {N_RAD_S * d:.3f} km/s"
    dp = _phasing_speed(_PHASE[t])
    dv1 = float(tb.escape_burn(MOON.gm, r0, v0, dp))
    return (dv1, dp), 2 * np.pi / N_RAD_S, (
        f"leave the Moon with v_inf {dp:.3f} km/s along its orbit, drift {np.degrees(_PHASE[t]):.0f} deg in one "
        "month, stop (patched conic, linear phasing)")


def _v_needed_at_moon(v_inf):
    return float(hyperbolic_periapsis_speed(EARTH.gm, D_MOON_KM, v_inf))


def _tb_escape(o, strategy, v_inf, leo_r, llo_r, rp):
    """Two-body escape legs: (burns, tof, notes)."""
    t_out = lambda r_p: float(tb.hyperbolic_flight_time(EARTH.gm, r_p, v_inf, SOI_KM))
    if o in ("LEO", "GEO"):
        r0 = _earth_radius(o, leo_r)
        v0 = float(np.sqrt(EARTH.gm / r0))
        if strategy == "direct-burn" or (strategy == "perigee-burn" and o == "LEO"):
            note = "LEO is already a low perigee: one burn" if strategy == "perigee-burn" else "one burn"
            return (float(tb.escape_burn(EARTH.gm, r0, v0, v_inf)),), t_out(r0), f"{note} at {r0:,.0f} km (Oberth)"
        if strategy == "perigee-burn":
            dv1, dv2, tof = tb.escape_via_perigee(EARTH.gm, r0, v0, rp, v_inf)
            return (float(dv1), float(dv2)), float(tof) + t_out(rp), f"drop to {rp:,.0f} km perigee, burn there"
        dv1, tof, vinf_m = _tli(r0)
        burn = float(tb.flyby_escape_burn(MOON.gm, llo_r, vinf_m, V_MOON_KM_S, _v_needed_at_moon(v_inf)))
        return (dv1, burn), tof + t_out(D_MOON_KM), (
            f"Hohmann to the Moon (v_inf {vinf_m:.3f} km/s there), powered flyby at {llo_r - MOON.radius_km:g} km")
    if o in ("LLO", "lunar-surface"):
        r0 = llo_r if o == "LLO" else MOON.radius_km
        v0 = float(np.sqrt(MOON.gm / r0)) if o == "LLO" else 0.0
        if strategy in ("direct-burn", "lunar-flyby"):
            vm = _v_needed_at_moon(v_inf) - V_MOON_KM_S
            pre = "already at the Moon: the flyby burn is the departure burn; " if strategy == "lunar-flyby" else ""
            return (float(tb.escape_burn(MOON.gm, r0, v0, vm)),), t_out(D_MOON_KM), (
                f"{pre}leave the Moon with v_inf {vm:.3f} km/s along its orbital velocity (patched conic)")
        if strategy == "perigee-burn":
            vm = V_MOON_KM_S - float(tb.apoapsis_speed(EARTH.gm, D_MOON_KM, rp))
            dv1 = float(tb.escape_burn(MOON.gm, r0, v0, vm))
            dv2 = float(tb.escape_burn(EARTH.gm, rp, periapsis_speed(EARTH.gm, rp, D_MOON_KM), v_inf))
            tof = float(np.pi * np.sqrt((0.5 * (D_MOON_KM + rp)) ** 3 / EARTH.gm)) + t_out(rp)
            return (dv1, dv2), tof, f"leave the Moon backwards (v_inf {vm:.3f} km/s) to a {rp:,.0f} km perigee, burn there"
    # L-points
    r_l, d_l = _lpoint(o)
    v_l = N_RAD_S * r_l
    if strategy == "direct-burn":
        return (float(tb.escape_burn(EARTH.gm, r_l, v_l, v_inf)),), t_out(r_l), (
            f"one prograde burn at {o} (speed n r = {v_l:.3f} km/s about Earth; Moon's gravity ignored)")
    if strategy == "perigee-burn":
        dv1, dv2, tof = tb.escape_via_perigee(EARTH.gm, r_l, v_l, rp, v_inf)
        return (float(dv1), float(dv2)), float(tof) + t_out(rp), (
            f"retro-burn at {o} to a {rp:,.0f} km perigee, burn there (Moon's gravity ignored)")
    v_need = _v_needed_at_moon(v_inf)
    if o in ("EML1", "EML2"):
        # L1 (near side) moves prograde about the Moon: a retro-burn drops it to a far-side perilune
        # where the flyby leaves along the Moon's velocity. L2 (far side) would reach perilune on the
        # near side going the wrong way, so its orbit about the Moon is reversed (retrograde) first.
        v_a = float(tb.apoapsis_speed(MOON.gm, d_l, llo_r))
        nudge = abs(N_RAD_S * d_l - v_a) if o == "EML1" else N_RAD_S * d_l + v_a
        vp_in = float(periapsis_speed(MOON.gm, llo_r, d_l))
        burn = float(tb.powered_flyby_burn(MOON.gm, llo_r, vp_in, v_need - V_MOON_KM_S))
        tof = float(np.pi * np.sqrt((0.5 * (d_l + llo_r)) ** 3 / MOON.gm)) + t_out(D_MOON_KM)
        return (nudge, burn), tof, (
            f"{'fall' if o == 'EML1' else 'reverse and fall'} from {o} to a {llo_r - MOON.radius_km:g} km perilune, burn "
            "there to leave along the Moon's velocity")
    dp = _phasing_speed(_PHASE[o])
    burn = float(tb.flyby_escape_burn(MOON.gm, llo_r, dp, V_MOON_KM_S, v_need))
    return (dp, burn), 2 * np.pi / N_RAD_S + t_out(D_MOON_KM), (
        f"phase {np.degrees(_PHASE[o]):.0f} deg to the Moon in one month (v_inf {dp:.3f} km/s), powered flyby at "
        f"{llo_r - MOON.radius_km:g} km")


def _two_body(o, t, strategy, v_inf, leo_r, llo_r, rp, inc_deg):
    """Forward two-body leg: (burns, tof, notes), or None if the pair is not modelled."""
    earth = ("LEO", "GEO")
    if o in earth and t in earth and o != t:
        return _tb_earth_to_earth(o, t, _earth_radius(o, leo_r), _earth_radius(t, leo_r), inc_deg)
    if o in earth and t in ("EML1", "EML2") and strategy == "lunar-flyby":
        return _tb_earth_to_lpoint_flyby(o, t, _earth_radius(o, leo_r), llo_r)
    if o in earth and t in LPOINTS:
        return _tb_earth_to_lpoint(o, t, _earth_radius(o, leo_r))
    if o in earth and t in ("LLO", "lunar-surface"):
        return _tb_earth_to_moon(o, t, _earth_radius(o, leo_r), llo_r)
    if o == "LLO" and t == "lunar-surface":
        return _tb_llo_surface(llo_r)
    if o in ("LLO", "lunar-surface") and t in LPOINTS:
        return _tb_moon_to_lpoint(o, t, llo_r)
    if t == "escape" and o != "escape":
        return _tb_escape(o, strategy, v_inf, leo_r, llo_r, rp)
    return None


def supported_pairs() -> list[tuple[str, str]]:
    """All (origin, target) pairs :func:`transfer_dv` models (reverse legs included)."""
    out = []
    for o in NODES:
        for t in NODES:
            if o == t or o == "escape":
                continue
            probe = _two_body(o, t, "direct-burn", 1.0, 6678.0, 1837.4, 6678.0, 0.0) if t != "escape" else True
            back = t != "escape" and _two_body(t, o, None, 1.0, 6678.0, 1837.4, 6678.0, 0.0)
            if probe or back:
                out.append((o, t))
    return out


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
        and the perigee of the ``perigee-burn`` escape strategy, km.
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
        Unknown node, strategy or model, or a pair that is not modelled (the message lists the
        modelled pairs).
    """
    o, t = node(origin), node(target)
    if model not in MODELS:
        raise unknown_name("cislunar model", model, MODELS)
    if t == "escape":
        strategy = "direct-burn" if strategy is None else strategy
        if strategy not in ESCAPE_STRATEGIES:
            raise unknown_name("escape strategy", strategy, ESCAPE_STRATEGIES)
        v_inf = 0.0 if v_inf_km_s is None else _km(v_inf_km_s, "v_inf_km_s")
        if v_inf < 0:
            raise InputError(f"v_inf must not be negative, got {v_inf:g} km/s", key="v_inf_km_s",
                             expected="a speed >= 0 km/s")
    else:
        if strategy is not None and not (strategy == "lunar-flyby" and o in ("LEO", "GEO") and t in ("EML1", "EML2")):
            raise InputError(f"strategy '{strategy}' applies to escape legs, and 'lunar-flyby' also to "
                             f"LEO/GEO->EML1/EML2; not to {o}->{t}", key="strategy",
                             expected="no strategy for this leg")
        v_inf = None
    leo_r = EARTH.radius_km + _km(leo_altitude_km, "leo_altitude_km")
    llo_r = MOON.radius_km + _km(llo_altitude_km, "llo_altitude_km")
    rp = EARTH.radius_km + _km(perigee_altitude_km, "perigee_altitude_km")
    for name, h in (("leo_altitude_km", leo_r - EARTH.radius_km), ("llo_altitude_km", llo_r - MOON.radius_km),
                    ("perigee_altitude_km", rp - EARTH.radius_km)):
        if not np.isfinite(h) or h < 0:
            raise InputError(f"altitude must be >= 0 km, got {h:g}", key=name, expected="an altitude >= 0 km")
    return _transfer(o, t, leo_r, llo_r, v_inf, strategy, model, rp, float(inclination_deg))


@functools.lru_cache(maxsize=512)
def _transfer(o, t, leo_r, llo_r, v_inf, strategy, model, rp, inc_deg) -> CislunarLeg:
    reverse = False
    fwd = _two_body(o, t, strategy, v_inf, leo_r, llo_r, rp, inc_deg) if o != t else None
    if fwd is None and t != "escape" and o != "escape" and o != t:
        fwd = _two_body(t, o, None, None, leo_r, llo_r, rp, inc_deg)
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
            res = _cr3bp_to_lpoint(o, t, leo_r, llo_r)
        elif t == "escape" and o in LPOINTS and tb_leg.strategy != "lunar-flyby":
            res = _cr3bp_escape(o, tb_leg.strategy, tb_leg.v_inf_km_s, llo_r, rp, tb_leg.burns_km_s)
        elif t == "escape" and tb_leg.strategy == "lunar-flyby" and o in LPOINTS:
            from deltav import lunar_flyby  # it builds on this module

            if o not in lunar_flyby.SEEDS:  # no known departure angles: keep the patched conic
                return None
            res = lunar_flyby.solve(o, tb_leg.v_inf_km_s, llo_r - MOON.radius_km)
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


_VU, _TU, _LU = cr3bp.VELOCITY_KM_S, cr3bp.TIME_S, cr3bp.LENGTH_KM


def _lpoint_nd(name):
    return cr3bp.lagrange_points()[int(name[-1]) - 1]


@functools.lru_cache(maxsize=64)
def _cr3bp_to_lpoint(o, t, leo_r, llo_r):
    """Shoot a tangential-departure, apsis-arrival transfer to an L-point (see cr3bp.shoot_to_point)."""
    mu = cr3bp.MU
    target = _lpoint_nd(t)
    if o in ("LEO", "GEO"):
        primary, gm, r0_km = "earth", EARTH.gm, _earth_radius(o, leo_r)
        v0 = float(np.sqrt(gm / r0_km))
    else:
        primary, gm = "moon", MOON.gm
        r0_km = MOON.radius_km if o == "lunar-surface" else llo_r
        v0 = 0.0 if o == "lunar-surface" else float(np.sqrt(gm / r0_km))
    guess_leg = _two_body(o, t, None, None, leo_r, llo_r, 0.0, 0.0)
    r0 = r0_km / _LU
    T = guess_leg[1] / _TU
    rel = target - cr3bp.primary_position(primary, mu)
    v_guess = (v0 + guess_leg[0][0] if o != "lunar-surface" else guess_leg[0][0]) / _VU
    theta = float(np.arctan2(rel[1], rel[0]) + T - np.pi)
    th, v, T, arr, ok = cr3bp.shoot_to_point(target, r0, (theta, v_guess, T), primary, mu)
    miss_km = float(np.linalg.norm(arr[:3] - target) * _LU)
    if not ok or miss_km > 1.0:
        raise ArithmeticError(f"{o}->{t} shooting missed by {miss_km:.3g} km")
    dv1 = v * _VU - v0
    dv2 = float(np.linalg.norm(arr[3:6]) * _VU)
    vmin = cr3bp.jacobi_bound_speed(r0, target, primary, mu) * _VU - v0
    return (dv1, dv2), T * _TU, None, (
        f"CR3BP shooting: tangential departure, arrival at {t} at an apsis, miss {miss_km:.1e} km; "
        f"Jacobi bound on any ballistic transfer >= {vmin:.3f} km/s"), (
        (tuple(cr3bp.circular_state(th, r0, v, primary, mu)), T),)


#: Nondimensional tolerances: searches run loose, the reported trajectory is re-propagated tight.
_SEARCH_RTOL, _CHECK_RTOL = 1e-8, 1e-11
#: C3 = 0 is approached, not reached: a parabolic arc needs unbounded time to get anywhere, so the
#: CR3BP escape legs aim at v_inf >= this floor (km/s) and report what they reached.
VINF_FLOOR_KM_S = 0.05


def _c3_at_soi(state, rtol=_SEARCH_RTOL, t_max=60.0):
    """Signed C3 (nondim) at Earth's SOI (or at t_max for arcs that never get there): v^2 - 2 U.

    Signed rather than NaN for bound arcs so that the secant can cross C3 = 0.
    """
    t, y = cr3bp.flow_to(state, t_max, ("radius", "earth", SOI_KM / _LU), rtol=rtol)
    rE = np.linalg.norm(y[:3] - cr3bp.primary_position("earth"))
    rM = np.linalg.norm(y[:3] - cr3bp.primary_position("moon"))
    e = np.sum(cr3bp.inertial_velocity(y) ** 2) - 2 * (1 - cr3bp.MU) / rE - 2 * cr3bp.MU / rM
    return float(e), t


def _solve_burn_for_c3(make_state, c3_target, b0):
    """Burn magnitude (nondim) whose trajectory reaches the SOI with C3 = c3_target (to 1e-6 relative).

    The second trial is a Newton step with the two-body slope dC3/db = 2 v (v: speed after the burn).
    """
    def f(b):
        return _c3_at_soi(make_state(b))[0]

    f0 = f(b0)
    v = float(np.linalg.norm(cr3bp.inertial_velocity(make_state(b0))))
    b1 = b0 + (c3_target - f0) / (2 * v)
    if abs(b1 - b0) < 1e-9:
        b1 = b0 + 1e-6
    b, _, n = cr3bp.secant(f, b0, b1, c3_target, tol=1e-6 * max(c3_target, 1e-3), f0=f0)
    return b, n


@functools.lru_cache(maxsize=64)
def _drop_to_perigee(o, rp, b_guess_km_s):
    """Retro-burn at an L-point (nondim) that brings the first perigee to ``rp`` km; (b, t, state, n)."""
    L = np.r_[_lpoint_nd(o), 0.0, 0.0, 0.0]

    def peri(b, rtol=_SEARCH_RTOL):
        # sqrt(r_p) is nearly linear in the apogee speed (h = r v_a = sqrt(2 mu r_p) for r_p << r),
        # so the secant converges in a few steps
        t, y = cr3bp.flow_to(cr3bp.burn(L, -b, "earth"), 40.0, ("periapsis", "earth", 0.5), rtol=rtol)
        r = float(np.linalg.norm(y[:3] - cr3bp.primary_position("earth"))) if np.isfinite(t) else 0.5
        return np.sqrt(r), t, y

    b0 = b_guess_km_s / _VU
    b1, _, n = cr3bp.secant(lambda b: peri(b)[0], b0, b0 * 1.001, np.sqrt(rp / _LU), tol=1e-7)
    _, t, yp = peri(b1, _CHECK_RTOL)
    return b1, t, yp, n


@functools.lru_cache(maxsize=256)
def _cr3bp_escape(o, strategy, v_inf, llo_r, rp, tb_burns):
    """Propagated escape from an L-point; burns solved by secant so the SOI v_inf matches."""
    L = np.r_[_lpoint_nd(o), 0.0, 0.0, 0.0]
    c3 = (max(v_inf, VINF_FLOOR_KM_S) / _VU) ** 2
    if strategy == "direct-burn":
        b, n = _solve_burn_for_c3(lambda b: cr3bp.burn(L, b, "earth"), c3, tb_burns[0] / _VU)
        burns, s1, how = (b,), cr3bp.burn(L, b, "earth"), "one burn along the inertial velocity at " + o
        t_pre, pre = 0.0, ()
    else:  # perigee-burn
        b1, t_pre, yp, n1 = _drop_to_perigee(o, rp, tb_burns[0])
        pre = ((tuple(cr3bp.burn(L, -b1, "earth")), t_pre),)
        b2, n = _solve_burn_for_c3(lambda b: cr3bp.burn(yp, b, "earth"), c3, tb_burns[1] / _VU)
        burns, s1 = (b1, b2), cr3bp.burn(yp, b2, "earth")
        how = f"retro-burn at {o} to a {(rp - EARTH.radius_km):g} km perigee, burn there"
        n += n1
    c3_got, t_soi = _c3_at_soi(s1, rtol=_CHECK_RTOL)
    v_got = float(np.sqrt(max(c3_got, 0.0)) * _VU)
    if not np.isfinite(t_soi):
        raise ArithmeticError(f"{o} {strategy}: the checked arc did not reach the SOI")
    notes = (f"CR3BP: {how}; burns solved by secant ({n} propagations) so v_inf at the SOI "
             f"({SOI_KM:,.0f} km) = {v_got:.4f} km/s")
    return tuple(abs(b) * _VU for b in burns), (t_pre + t_soi) * _TU, v_got, notes, pre + ((tuple(s1), t_soi),)


def trajectory(leg: CislunarLeg, points_per_arc: int = 400):
    """The propagated arcs of a CR3BP leg in the Earth-centred rotating frame (x to the Moon).

    Returns
    -------
    list of (t_s, states) : t_s shape (M,), s from the start of the leg; states (M, 6), km and km/s.
    Empty for two-body legs.
    """
    out, t0 = [], 0.0
    for state0, T in leg.arcs:
        ts = np.linspace(0.0, T, points_per_arc)
        _, y, _ = cr3bp.propagate(np.asarray(state0), T, t_eval=ts, rtol=_CHECK_RTOL)
        y = y.copy()
        y[:, 0] -= cr3bp.primary_position("earth")[0]
        y[:, :3] *= _LU
        y[:, 3:] *= _VU
        out.append(((t0 + ts) * _TU, y))
        t0 += T
    if leg.mirrored:  # time-reverse of the mirror-image leg: y -> -y, order reversed
        total = t0 * _TU
        out = [(total - t[::-1], y[::-1] * np.array([1, -1, 1, -1, 1, -1])) for t, y in reversed(out)]
    return out
