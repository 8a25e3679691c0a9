"""Public cislunar API: published transfer costs, invariants, independent re-propagation, input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltav import cislunar
from deltav.core import cr3bp
from deltav.errors import InputError

# Published impulsive costs. Wikipedia, "Delta-v budget", section "Earth–Moon space—high thrust"
# (table compiled from Farquhar & Dunham and similar sources; consulted 2024). The table gives
# one number per pair without the trajectory behind it, so the tolerances here are loose and
# each test says what kind of route the number belongs to.
WIKI = "Wikipedia 'Delta-v budget' Earth-Moon table"


def leg(o, t, **kw):
    return cislunar.transfer_dv(o, t, **kw)


@pytest.mark.parametrize("model, tol", [("cr3bp", 0.06), ("two-body", 0.06)])
def test_leo_to_eml1_published(model, tol):
    # WIKI: LEO -> EML1 3.77 km/s (a fast direct transfer, like ours: ~4 days)
    assert leg("LEO", "EML1", model=model).dv_km_s == pytest.approx(3.77, abs=tol)


@pytest.mark.parametrize("model, tol", [("cr3bp", 0.05), ("two-body", 0.12)])
def test_lunar_surface_to_eml1_published(model, tol):
    # WIKI: lunar surface -> EML1 2.52 km/s. Our ascent is impulsive (no gravity losses), so the
    # two-body figure is lower; the CR3BP one includes the Earth's pull near L1.
    assert leg("lunar-surface", "EML1", model=model).dv_km_s == pytest.approx(2.52, abs=tol)


def test_leo_to_eml2_lunar_flyby_route_published():
    # WIKI: LEO -> EML2 3.43 km/s via a lunar flyby (Farquhar's route). Our flyby route is a patched
    # conic (two-body only), so the tolerance is loose.
    got = leg("LEO", "EML2", strategy="lunar-flyby")
    assert len(got.burns_km_s) == 3 and got.model == "two-body"
    assert got.dv_km_s == pytest.approx(3.43, abs=0.1)


def test_leo_to_eml2_published_flyby_value_lies_between_bound_and_direct():
    # The CR3BP models only the direct (no-flyby) transfer; the Jacobi integral bounds every ballistic
    # transfer from below. The published flyby value must sit between the two.
    direct = leg("LEO", "EML2")
    bound = float(direct.notes.split(">= ")[1].split(" km/s")[0])
    assert bound < 3.43 < direct.dv_km_s
    assert direct.dv_km_s == pytest.approx(4.2, abs=0.1)  # the "two-body LEO->EML2 ~ 4.2 km/s"


def test_leo_to_llo_mueller_2012():
    # Mueller (2012) via Acta Astronautica 177:351 (2020), Table 4: LEO (407 km) -> TLI 3.276 and
    # TLI -> LLO (100 km) 0.952 km/s, both with a 5 % reserve: 4.228 / 1.05 = 4.027 km/s.
    got = leg("LEO", "LLO", leo_altitude_km=407.0, model="two-body").dv_km_s
    assert got == pytest.approx(4.228 / 1.05, abs=0.15)


def test_lunar_ascent_below_mueller_2012():
    # Same source: lunar surface -> LLO (100 km) 1.968 km/s with 5 % reserve (1.874 without). Ours
    # is an impulsive Hohmann ascent (1.73): no gravity or steering losses, so it must be lower,
    # by less than ~10 %.
    got = leg("lunar-surface", "LLO", model="two-body").dv_km_s
    assert 0.9 * 1.968 / 1.05 < got < 1.968 / 1.05


@pytest.mark.parametrize("target", ["EML1", "EML2", "EML4", "EML5"])
def test_cr3bp_leo_to_lpoint_respects_jacobi_bound_and_two_body_is_close(target):
    got = leg("LEO", target)
    assert got.model == "cr3bp" and len(got.burns_km_s) == 2
    bound = float(got.notes.split(">= ")[1].split(" km/s")[0])
    assert got.burns_km_s[0] >= bound
    # Independent check of the bound by hand: Jacobi constant of the departure state equals that of the
    # arrival state (invariant), i.e. C_dep = C(Lx) - dv2^2 in nondimensional units.
    (s0, _T), = got.arcs
    C_dep = cr3bp.jacobi_constant(np.asarray(s0))
    C_L = cr3bp.jacobi_constant(np.r_[cr3bp.lagrange_points()[int(target[-1]) - 1], 0, 0, 0])
    assert C_L - C_dep == pytest.approx((got.burns_km_s[1] / cr3bp.VELOCITY_KM_S) ** 2, rel=1e-7)
    assert abs(got.dv_km_s - got.two_body_dv_km_s) < 0.1


def _inertial_rhs(t, y, mu):
    r = y[:3]
    rm = np.array([np.cos(t), np.sin(t), 0.0])
    d = r - rm
    return np.r_[y[3:], -(1 - mu) * r / np.linalg.norm(r) ** 3 - mu * d / np.linalg.norm(d) ** 3 - mu * rm]


def test_leo_to_l4_reaches_l4_in_an_independent_inertial_propagation():
    from scipy.integrate import solve_ivp

    got = leg("LEO", "EML4")
    (s0, T), = got.arcs
    y0 = cr3bp.rotating_to_inertial(np.asarray(s0), 0.0)
    # departure: 300 km circular orbit speed + first burn, Earth-relative inertial
    assert np.linalg.norm(y0[:3]) * cr3bp.LENGTH_KM == pytest.approx(6678.1366, abs=1e-6)
    assert np.linalg.norm(y0[3:]) * cr3bp.VELOCITY_KM_S == pytest.approx(
        np.sqrt(398600.435507 / 6678.1366) + got.burns_km_s[0], abs=1e-9)
    sol = solve_ivp(_inertial_rhs, (0, T), y0, method="DOP853", rtol=1e-12, atol=1e-13, args=(cr3bp.MU,))
    end = cr3bp.inertial_to_rotating(sol.y[:, -1], T)
    assert np.linalg.norm(end[:3] - cr3bp.lagrange_points()[3]) * cr3bp.LENGTH_KM < 1.0  # km
    assert np.linalg.norm(end[3:]) * cr3bp.VELOCITY_KM_S == pytest.approx(got.burns_km_s[1], abs=1e-5)


@pytest.mark.parametrize("strategy", ["direct-burn", "perigee-burn"])
def test_l4_escape_reaches_requested_vinf_independently(strategy):
    from scipy.integrate import solve_ivp

    got = leg("EML4", "escape", strategy=strategy, v_inf_km_s=3.0)
    assert got.model == "cr3bp" and got.v_inf_km_s == pytest.approx(3.0, abs=1e-4)
    s0, T = got.arcs[-1]
    t0 = sum(a[1] for a in got.arcs[:-1])
    sol = solve_ivp(_inertial_rhs, (t0, t0 + T), cr3bp.rotating_to_inertial(np.asarray(s0), t0), method="DOP853",
                    rtol=1e-12, atol=1e-13, args=(cr3bp.MU,))
    y = sol.y[:, -1]
    assert np.linalg.norm(y[:3]) * cr3bp.LENGTH_KM == pytest.approx(cislunar.SOI_KM, rel=1e-6)
    rm = np.array([np.cos(t0 + T), np.sin(t0 + T), 0.0])
    c3 = y[3:] @ y[3:] - 2 * (1 - cr3bp.MU) / np.linalg.norm(y[:3]) - 2 * cr3bp.MU / np.linalg.norm(y[:3] - rm)
    assert np.sqrt(c3) * cr3bp.VELOCITY_KM_S == pytest.approx(3.0, abs=1e-4)


@pytest.mark.parametrize("lx", ["EML1", "EML2", "EML4", "EML5"])
@pytest.mark.parametrize("v_inf", [0.05, 3.0])
def test_invariant_lpoint_route_never_beats_direct_escape_without_flyby(lx, v_inf):
    # Invariant (Oberth): all the energy is best added in one burn in LEO, so stopping at Lx and leaving
    # again cannot be cheaper than the direct departure, unless the Moon adds energy (lunar flyby).
    direct = leg("LEO", "escape", v_inf_km_s=v_inf).dv_km_s
    to_l = leg("LEO", lx).dv_km_s
    for strategy in ("direct-burn", "perigee-burn"):
        route = to_l + leg(lx, "escape", strategy=strategy, v_inf_km_s=v_inf).dv_km_s
        assert route >= direct
    flyby = to_l + leg(lx, "escape", strategy="lunar-flyby", v_inf_km_s=v_inf).dv_km_s
    print(f"{lx} v_inf {v_inf}: lunar-flyby route gain over direct {direct - flyby:+.3f} km/s")


def test_perigee_route_beats_direct_burn_from_l4_at_mars_vinf():
    # Oberth again, in the CR3BP: for a Mars-like v_inf of 3 km/s, dropping to a 300 km perigee first is cheaper
    direct = leg("EML4", "escape", strategy="direct-burn", v_inf_km_s=3.0).dv_km_s
    perigee = leg("EML4", "escape", strategy="perigee-burn", v_inf_km_s=3.0).dv_km_s
    assert perigee < direct - 0.5


def test_reverse_leg_is_mirror_of_forward():
    fwd, back = leg("LEO", "EML4"), leg("EML5", "LEO")
    assert back.burns_km_s == pytest.approx(tuple(reversed(fwd.burns_km_s)), abs=1e-9)
    (_t, y), = cislunar.trajectory(back)
    L5 = cislunar.lagrange_points().to_value("km")[4]
    assert np.linalg.norm(y[0, :3] - L5) < 1.0
    assert np.linalg.norm(y[-1, :3]) == pytest.approx(6678.1366, abs=1e-3)


def test_fallbacks_say_so():
    got = leg("LEO", "GEO")
    assert got.model == "two-body" and "CR3BP not modelled" in got.notes
    # Independent: Hohmann 300 km -> GEO (42 164 km) by vis-viva by hand, mu = 398 600.4 km3/s2.
    mu, r1, r2 = 398600.435507, 6378.1366 + 300.0, 42164.0
    at = (r1 + r2) / 2
    by_hand = (np.sqrt(mu * (2 / r1 - 1 / at)) - np.sqrt(mu / r1)) + (np.sqrt(mu / r2) - np.sqrt(mu * (2 / r2 - 1 / at)))
    assert got.dv_km_s == pytest.approx(by_hand, abs=0.01)


def test_lagrange_points_quantity():
    import astropy.units as u

    L = cislunar.lagrange_points()
    assert L.unit == u.km and L.shape == (5, 3)
    assert np.linalg.norm(L[3].value) == pytest.approx(384400.0, abs=1e-6)
    assert np.linalg.norm(L[4].value - [384400.0, 0, 0]) == pytest.approx(384400.0, abs=1e-6)


def test_accepts_quantities():
    import astropy.units as u

    a = leg("LEO", "escape", v_inf_km_s=3 * u.km / u.s, leo_altitude_km=300 * u.km, model="two-body")
    b = leg("LEO", "escape", v_inf_km_s=3.0, model="two-body")
    assert a.dv_km_s == b.dv_km_s


@pytest.mark.parametrize("args, kwargs, match", [
    (("EML9", "LEO"), {}, "did you mean 'EML5'"),
    (("LEO", "Mars"), {}, "unknown cislunar node"),
    (("escape", "LEO"), {}, "no cislunar transfer modelled"),
    (("EML1", "EML2"), {}, "LEO->EML1"),
    (("EML4", "escape"), {"strategy": "slingshot"}, "unknown escape strategy"),
    (("EML4", "escape"), {"v_inf_km_s": -1.0}, "must not be negative"),
    (("LEO", "EML4"), {"model": "n-body"}, "unknown cislunar model"),
    (("LEO", "EML4"), {"leo_altitude_km": -5.0}, "altitude"),
    (("LEO", "EML4"), {"strategy": "lunar-flyby"}, "not to LEO->EML4"),
])
def test_input_errors(args, kwargs, match):
    with pytest.raises(InputError, match=match):
        leg(*args, **kwargs)


def test_aliases_and_case():
    assert leg("l4", "leo", model="two-body").origin == "EML4"


def test_repeated_calls_integrate_nothing(monkeypatch):
    # Counted, not timed (timings: benchmarks/cr3bp.py): after the first call a leg is cached in-process.
    from counting import count_rhs

    from deltav.cislunar import memo

    with memo.computing():
        first = leg("LEO", "EML4", leo_altitude_km=301.0)  # not in the shipped table: solved here
        counts = count_rhs(monkeypatch)
        for _ in range(100):
            assert leg("LEO", "EML4", leo_altitude_km=301.0) == first
    assert counts["rhs"] == 0


@pytest.mark.parametrize("lx, mirror", [("EML1", "EML1"), ("EML4", "EML5")])
def test_drop_to_perigee_equals_mirrored_arrival_burn(lx, mirror):
    # CR3BP time-reversal symmetry (x, y, t) -> (x, -y, -t): the retro-burn that drops from Lx to a
    # 300 km perigee (found by a secant on the perigee radius) is the arrival burn of the LEO -> mirror(Lx)
    # transfer (found by Newton shooting) -- two different solvers, one physical trajectory.
    drop = leg(lx, "escape", strategy="perigee-burn", v_inf_km_s=3.0).burns_km_s[0]
    arrive = leg("LEO", mirror).burns_km_s[1]
    assert drop == pytest.approx(arrive, abs=2e-5)


def test_figures_are_written_and_valid(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from deltav.plots import cislunar as plots

    paths = plots.write_figures(tmp_path, formats=("png",))
    assert len(paths) == 2
    for p in paths:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 10_000
    fig, ax = plt.subplots()
    plots.sketch(ax, [("LEO", "EML4"), leg("EML4", "escape", strategy="perigee-burn", v_inf_km_s=3.0),
                      ("EML4", "escape")])
    assert len(ax.get_legend().get_texts()) == 4  # L-points + 3 legs
    plt.close(fig)


# --------------------------------------------------------------------------------------------
# the CR3BP lunar flyby from L4/L5 (deltav.cislunar.flyby), checked by an independent propagation


@pytest.mark.parametrize("lx", ["EML4", "EML5"])
def test_lunar_flyby_checked_in_an_independent_inertial_propagation(lx):
    from scipy.integrate import solve_ivp

    got = leg(lx, "escape", strategy="lunar-flyby", v_inf_km_s=3.0)
    assert got.model == "cr3bp" and got.strategy == "lunar-flyby" and len(got.burns_km_s) == 2
    (s0, t1), (s1, t2) = got.arcs
    b1, b2 = got.burns_km_s
    # burn 1: the L-point is at rest in the rotating frame, so the rotating velocity is the burn
    assert np.linalg.norm(np.asarray(s0)[:3] - cr3bp.lagrange_points()[int(lx[-1]) - 1]) == 0.0
    assert np.linalg.norm(np.asarray(s0)[3:]) * cr3bp.VELOCITY_KM_S == pytest.approx(b1, abs=1e-12)
    # coast, Earth-centred inertial frame (the Moon on its circle): ends at a 100 km perilune
    sol = solve_ivp(_inertial_rhs, (0, t1), cr3bp.rotating_to_inertial(np.asarray(s0), 0.0), method="DOP853",
                    rtol=1e-12, atol=1e-13, args=(cr3bp.MU,))
    y = sol.y[:, -1]
    rm, vm = np.array([np.cos(t1), np.sin(t1), 0.0]), np.array([-np.sin(t1), np.cos(t1), 0.0])
    d, w = y[:3] - rm, y[3:] - vm
    assert np.linalg.norm(d) * cr3bp.LENGTH_KM == pytest.approx(1737.4 + 100.0, abs=1.0)  # km, IAU mean radius
    assert abs(d @ w) / (np.linalg.norm(d) * np.linalg.norm(w)) < 1e-4  # perilune: r . v = 0 about the Moon
    # burn 2 at perilune: along the Moon-relative velocity, of the stated size
    y1 = cr3bp.rotating_to_inertial(np.asarray(s1), t1)
    dv = (y1[3:] - y[3:]) * cr3bp.VELOCITY_KM_S
    assert np.linalg.norm(dv) == pytest.approx(b2, abs=1e-5)
    assert dv @ w / (np.linalg.norm(dv) * np.linalg.norm(w)) == pytest.approx(1.0, abs=1e-6)
    # on to Earth's SOI with the requested v_inf
    sol = solve_ivp(_inertial_rhs, (t1, t1 + t2), y1, method="DOP853", rtol=1e-12, atol=1e-13, args=(cr3bp.MU,))
    y = sol.y[:, -1]
    assert np.linalg.norm(y[:3]) * cr3bp.LENGTH_KM == pytest.approx(cislunar.SOI_KM, rel=1e-6)
    rm = np.array([np.cos(t1 + t2), np.sin(t1 + t2), 0.0])
    c3 = y[3:] @ y[3:] - 2 * (1 - cr3bp.MU) / np.linalg.norm(y[:3]) - 2 * cr3bp.MU / np.linalg.norm(y[:3] - rm)
    assert np.sqrt(c3) * cr3bp.VELOCITY_KM_S == pytest.approx(3.0, abs=1e-4)


@pytest.mark.parametrize("lx", ["EML4", "EML5"])
@pytest.mark.parametrize("v_inf", [0.05, 3.0])
def test_lunar_flyby_patched_conic_is_within_0_08_km_s_of_the_cr3bp(lx, v_inf):
    # Two models of one route: the patched conic (phasing by the linear drift rule, flyby at the same
    # altitude) against the propagated CR3BP flyby; measured +0.02 to +0.07 km/s (docs/cislunar.md).
    cr = leg(lx, "escape", strategy="lunar-flyby", v_inf_km_s=v_inf)
    tb = leg(lx, "escape", strategy="lunar-flyby", v_inf_km_s=v_inf, model="two-body")
    assert cr.model == "cr3bp" and cr.two_body_dv_km_s == pytest.approx(tb.dv_km_s, abs=1e-12)
    assert cr.dv_km_s == pytest.approx(tb.dv_km_s, abs=0.08)


def test_lunar_flyby_jacobi_constant_holds_on_each_arc():
    got = leg("EML4", "escape", strategy="lunar-flyby", v_inf_km_s=3.0)
    for s, T in got.arcs:
        _t, y, _ = cr3bp.propagate(np.asarray(s), T, rtol=1e-12, atol=1e-13)
        c0, c1 = cr3bp.jacobi_constant(y[0]), cr3bp.jacobi_constant(y[-1])
        assert abs(c1 - c0) < 1e-9 * abs(c0)


def test_lunar_flyby_from_l1_with_given_angle():
    from deltav.cislunar.flyby import lunar_flyby_cr3bp

    got = lunar_flyby_cr3bp("L1", 3.0, departure_angles_deg=[300], first_burn_guess_km_s=0.07)
    assert got.origin == "EML1" and got.v_inf_km_s == pytest.approx(3.0, abs=1e-4)
    assert got.dv_km_s == pytest.approx(got.two_body_dv_km_s, abs=0.08)


@pytest.mark.parametrize("args, kwargs, match", [
    (("LEO", 3.0), {}, "starts at EML1..EML5, not LEO"),
    (("EML4", -1.0), {}, "v_inf must be >= 0"),
    (("EML4", 3.0), {"llo_altitude_km": 0.0}, "flyby altitude must be > 0"),
    (("EML2", 3.0), {}, "no departure angles are known"),
    (("EML4", 3.0), {"departure_angles_deg": [0.0], "max_days": 1.0}, "no flyby at 100 km"),
])
def test_lunar_flyby_input_errors(args, kwargs, match):
    from deltav.cislunar.flyby import lunar_flyby_cr3bp

    with pytest.raises(InputError, match=match):
        lunar_flyby_cr3bp(*args, **kwargs)


def test_lunar_flyby_accepts_quantities():
    import astropy.units as u

    from deltav.cislunar.flyby import lunar_flyby_cr3bp

    a = lunar_flyby_cr3bp("EML4", 3000 * u.m / u.s, llo_altitude_km=100 * u.km)
    assert a.dv_km_s == pytest.approx(leg("EML4", "escape", strategy="lunar-flyby", v_inf_km_s=3.0).dv_km_s,
                                      abs=1e-9)
    with pytest.raises(u.UnitConversionError):
        lunar_flyby_cr3bp("EML4", 3.0 * u.km)


@given(st.floats(-50, 50), st.floats(100, 250), st.floats(0.01, 10), st.floats(0.5, 20), st.floats(0.05, 0.95))
def test_parabola_vertex_is_exact_on_a_parabola(c, a_star, k, h, frac):
    from deltav.cislunar.flyby import _parabola_vertex

    # samples h degrees apart with the vertex strictly inside the middle interval pair
    a1 = a_star + (frac - 0.5) * h
    pts = [(a, c + k * (a - a_star) ** 2) for a in (a1 - h, a1, a1 + h, a1 + 3 * h)]
    assert _parabola_vertex(pts) == pytest.approx(a_star, abs=1e-6 * h)
    assert _parabola_vertex([(a, -f) for a, f in pts]) is None  # a maximum is not refined
    assert _parabola_vertex(pts[1:3]) is None
