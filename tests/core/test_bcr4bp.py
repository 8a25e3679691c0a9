"""Bicircular restricted four-body problem (Sun + Earth–Moon): constants, equations of motion, legs, L4 drift.

Every asserted number is a published constant (cited), an independent computation (an inertial-frame
four-body integration written here, the analytic tidal expansion, finite differences, an elliptic
integral) or an invariant (m_s = 0 is the CR3BP, 2 pi periodicity in the Sun phase, time-reversal
symmetry).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deltav.core import bcr4bp, bcr4bp_checks, cr3bp, cr3bp_targeting
from deltav.core.constants import GM_EARTH, GM_MOON, GM_SUN, R_EARTH_KM

MU = cr3bp.MU
LU, TU, VU = cr3bp.LENGTH_KM, cr3bp.TIME_S, cr3bp.VELOCITY_KM_S
L4 = np.r_[cr3bp.lagrange_points()[3], 0.0, 0.0, 0.0]
phase = st.floats(0.0, 2 * np.pi, allow_nan=False)


# ---------------------------------------------------------------------------------------------
# constants against the published bicircular model


def test_sun_mass_ratio_matches_published():
    # Simó, Gómez, Jorba & Masdemont 1995 and Jorba, A&A 364:327 (2000) sec. 2: m_S = 328900.5
    # (Boudad, Howell & Davis 2020 use the same value)
    assert bcr4bp.M_SUN == pytest.approx(328900.5, rel=1e-6)


def test_sun_distance_matches_published_up_to_the_length_unit():
    # Published a_S = 388.81114 (same sources) is ~1 AU in their length unit (~384 750 km, an
    # Earth–Moon distance from the lunar ephemeris); deltav's unit is the 384 400 km mean distance,
    # 0.09 % shorter, so a_S here is 0.09 % larger. In km both are 1 AU (IAU 2012: 149 597 870.7 km).
    assert bcr4bp.A_SUN == pytest.approx(388.81114, rel=1.2e-3)
    assert bcr4bp.A_SUN * LU == pytest.approx(149_597_870.7, rel=1e-5)


def test_sun_rate_matches_published():
    # omega_S = -0.925195985520347 (Simó et al. 1995; Boudad et al. 2020, rotating-frame rate n_S - 1);
    # ours differs by 1e-4 through the time unit (Kepler's law for 384 400 km, see cr3bp)
    assert bcr4bp.OMEGA_SUN == pytest.approx(-0.925195985520347, rel=2e-4)


def test_sidereal_year_and_synodic_month():
    # NSSDCA fact sheets: Earth's sidereal orbit period 365.256 d; the Moon's synodic period 29.53 d.
    # The model month is 0.14 % short because its time unit is (cr3bp: 27.28 d vs 27.32 d sidereal).
    year_d = 2 * np.pi / bcr4bp.N_SUN * TU / 86400
    assert year_d == pytest.approx(365.256, rel=1e-5)
    assert bcr4bp.SYNODIC_PERIOD_S / 86400 == pytest.approx(29.53, rel=2e-3)


def test_mass_ratio_from_gms_independently():
    assert bcr4bp.M_SUN == pytest.approx(GM_SUN / (GM_EARTH + GM_MOON), rel=1e-15)


# ---------------------------------------------------------------------------------------------
# the Sun's perturbation is its tide


def test_tide_along_the_sun_line_is_2_gm_r_over_a3():
    # Independent: the tidal acceleration at distance r from the barycentre on the Sun line is
    # GM/(a - r)^2 - GM/a^2 = (2 GM r / a^3) (1 + 3 r / (2 a) + ...)
    a_km = bcr4bp.A_SUN * LU
    for r in (0.5, 1.0, 1.5):
        got = bcr4bp.sun_acceleration([r, 0.0, 0.0], 0.0)[0] * LU / TU**2
        first = 2 * GM_SUN * r * LU / a_km**3
        assert got == pytest.approx(first, rel=3 * r / a_km * LU)  # first order
        assert got / first - 1 == pytest.approx(1.5 * r / bcr4bp.A_SUN, rel=2e-2)  # and the next term


def test_tide_across_the_sun_line_compresses():
    # Independent: perpendicular to the Sun line the tide is -GM r / a^3 (to first order in r/a)
    a_km = bcr4bp.A_SUN * LU
    acc = bcr4bp.sun_acceleration([0.0, 1.0, 0.0], 0.0) * LU / TU**2
    assert acc[1] == pytest.approx(-GM_SUN * LU / a_km**3, rel=1e-5)
    assert abs(acc[0]) < 1e-2 * abs(acc[1])  # along-line part is second order (1/a of it)


def test_eom_adds_exactly_the_sun_acceleration_to_the_cr3bp():
    rng = np.random.default_rng(3)
    s = np.c_[rng.normal(0, 0.7, (4, 3)), rng.normal(0, 0.3, (4, 3))]
    th = rng.uniform(0, 2 * np.pi, 4)
    t = 0.37
    d = bcr4bp.eom(t, s.T.ravel(), th).reshape(6, -1) - cr3bp.eom(t, s.T.ravel()).reshape(6, -1)
    expect = bcr4bp.sun_acceleration(s, th + bcr4bp.OMEGA_SUN * t)
    assert np.allclose(d[3:].T, expect, atol=1e-13) and np.all(d[:3] == 0)


def test_eom_scalar_and_vector_paths_agree():
    s = np.array([0.3, 0.2, 0.05, 0.1, -0.2, 0.01])
    assert np.allclose(bcr4bp._eom_one(0.4, s, 1.3), bcr4bp.eom(0.4, s, 1.3), rtol=0, atol=1e-14)


# ---------------------------------------------------------------------------------------------
# propagation: the CR3BP limit and an independent inertial four-body integration

ARCS = [
    pytest.param(L4, 6.0, id="L4-at-rest"),
    pytest.param(cr3bp.circular_state(2.0, (R_EARTH_KM + 300) / LU, 10.8 / VU), 3.0, id="LEO-translunar"),
    pytest.param(np.r_[cr3bp.lagrange_points()[0] + [0.001, 0, 0.002], 0.0, 0.01, 0.0], 3.0, id="near-L1-3d"),
]


@pytest.mark.parametrize("state0, tf", ARCS)
def test_zero_sun_mass_is_the_cr3bp(state0, tf):
    ts = np.linspace(0, tf, 7)
    _, y4, _ = bcr4bp.propagate(state0, tf, 1.0, t_eval=ts, m_s=0.0)
    _, y3, _ = cr3bp.propagate(state0, tf, t_eval=ts)
    assert np.max(np.abs(y4 - y3)) < 1e-10


def _inertial_rhs(t, y, th0, mu, ms, a, ns):
    """Independent model: inertial frame at the Sun–(Earth+Moon) centre of mass. The Sun and the
    Earth–Moon barycentre B go round it on circles (rate ns, Kepler), Earth and Moon round B at unit
    rate; the spacecraft feels all three. Nothing from deltav.core.bcr4bp is used."""
    phi = th0 + ns * t
    sdir = np.array([np.cos(phi), np.sin(phi), 0.0])
    B = -ms / (1 + ms) * a * sdir
    em = np.array([np.cos(t), np.sin(t), 0.0])
    bodies = ((B - mu * em, 1 - mu), (B + (1 - mu) * em, mu), (B + a * sdir, ms))
    acc = sum(-m * (y[:3] - p) / np.linalg.norm(y[:3] - p) ** 3 for p, m in bodies)
    return np.r_[y[3:], acc]


def _barycentre(t, th0, ms, a, ns):
    phi = th0 + ns * t
    return (-ms / (1 + ms) * a * np.array([np.cos(phi), np.sin(phi), 0.0]),
            -ms / (1 + ms) * a * ns * np.array([-np.sin(phi), np.cos(phi), 0.0]))


def _via_inertial(state0, tf, th0):
    from scipy.integrate import solve_ivp

    ms, a, ns = bcr4bp.M_SUN, bcr4bp.A_SUN, bcr4bp.N_SUN
    B0, VB0 = _barycentre(0.0, th0, ms, a, ns)
    s_in = cr3bp.rotating_to_inertial(state0, 0.0, origin="barycentre")  # axes aligned at t = 0
    y0 = np.r_[s_in[:3] + B0, s_in[3:] + VB0]
    sol = solve_ivp(_inertial_rhs, (0, tf), y0, method="DOP853", rtol=1e-13, atol=1e-13,
                    args=(th0, MU, ms, a, ns))
    B, VB = _barycentre(tf, th0, ms, a, ns)
    rel = np.r_[sol.y[:3, -1] - B, sol.y[3:, -1] - VB]
    return cr3bp.inertial_to_rotating(rel, tf, origin="barycentre")


@pytest.mark.parametrize("state0, tf", ARCS)
def test_matches_independent_inertial_four_body_model(state0, tf):
    got = bcr4bp.propagate(state0, tf, 0.8)[1][-1]
    ref = _via_inertial(state0, tf, 0.8)
    # the inertial frame holds positions ~389 at rtol 1e-13: ~1e-10 of round-off and error per unit time
    assert np.max(np.abs(got[:3] - ref[:3])) < 1e-8  # < 4 m
    assert np.max(np.abs(got[3:] - ref[3:])) < 1e-8


@settings(max_examples=12, deadline=None)
@given(phase, st.floats(-0.05, 0.05), st.floats(-0.05, 0.05))
def test_matches_inertial_model_for_random_sun_phases(th0, dx, dvy):
    s = L4 + np.array([dx, 0.0, 0.0, 0.0, dvy, 0.0])
    got = bcr4bp.propagate(s, 2.0, th0)[1][-1]
    assert np.max(np.abs(got - _via_inertial(s, 2.0, th0))) < 1e-8


@settings(max_examples=12, deadline=None)
@given(phase, st.floats(0.2, 3.0))
def test_time_reversal_symmetry(th0, T):
    # (x, y, t, theta) -> (x, -y, -t, -theta) maps solutions to solutions [Simó et al. 1995 sec. 2]
    M = np.array([1, -1, 1, -1, 1, -1.0])
    s0 = L4 + np.array([0.02, -0.01, 0.0, 0.01, 0.02, 0.0])
    sT = bcr4bp.propagate(s0, T, th0)[1][-1]
    back = bcr4bp.propagate(M * sT, T, -(th0 + bcr4bp.OMEGA_SUN * T))[1][-1]
    assert np.allclose(M * back, s0, atol=1e-9)


@settings(max_examples=10, deadline=None)
@given(phase)
def test_periodic_in_sun_phase(th0):
    s0 = cr3bp.circular_state(1.0, (R_EARTH_KM + 300) / LU, 10.9 / VU)
    a = bcr4bp.propagate(s0, 2.0, th0)[1][-1]
    b = bcr4bp.propagate(s0, 2.0, th0 + 2 * np.pi)[1][-1]
    assert np.allclose(a, b, atol=1e-9)


def test_stacked_phases_equal_one_by_one():
    th = np.array([0.0, 1.0, 2.5, 4.0])
    ts = np.linspace(0, 3.0, 4)
    _, ys, _ = bcr4bp.propagate(L4, 3.0, th, t_eval=ts)
    assert ys.shape == (4, 4, 6)
    for k, t0 in enumerate(th):
        assert np.allclose(ys[k], bcr4bp.propagate(L4, 3.0, t0, t_eval=ts)[1], atol=1e-10)


def test_flow_with_per_arc_times_matches_propagate():
    th = np.array([0.3, 2.0, 5.0])
    T = np.array([0.5, 1.7, 3.2])
    end = bcr4bp.flow(L4 + [0.01, 0, 0, 0, 0, 0], T, th)
    for k in range(3):
        ref = bcr4bp.propagate(L4 + [0.01, 0, 0, 0, 0, 0], T[k], th[k])[1][-1]
        assert np.allclose(end[k], ref, atol=1e-10)


def test_state_transition_matrix_matches_finite_differences():
    s0 = cr3bp.circular_state(2.0, (R_EARTH_KM + 300) / LU, 10.9 / VU)
    _, Phi = bcr4bp.flow(s0, 1.5, 0.7, stm=True)
    h = 1e-7
    fd = np.empty((6, 6))
    for j in range(6):
        e = np.zeros(6)
        e[j] = h
        fd[:, j] = (bcr4bp.flow(s0 + e, 1.5, 0.7) - bcr4bp.flow(s0 - e, 1.5, 0.7))[0] / (2 * h)
    assert np.allclose(Phi[0], fd, rtol=1e-5, atol=1e-5 * np.max(np.abs(fd)))


# ---------------------------------------------------------------------------------------------
# L4 is not an equilibrium


def test_l4_is_an_equilibrium_only_without_the_sun():
    d0 = bcr4bp_checks.lpoint_drift(4, [10.0, 30.0], [0.0, 1.0], m_s=0.0)
    assert np.max(d0.drift_km) < 1e-3 and np.max(d0.dv_km_s) == 0.0
    d = bcr4bp_checks.lpoint_drift("EML4", [10.0, 30.0], np.linspace(0, 2 * np.pi, 8, endpoint=False))
    assert np.all(d.drift_km > 1000.0)  # a thousand km and more: L4 is not an equilibrium


def test_drift_starts_as_half_a_t_squared():
    # Independent (Taylor): released at rest, r(t) = r_L + a t^2 / 2 + O(t^3), a = the Sun's acceleration
    th = np.array([0.0, 0.9, 2.0])
    t_d = 0.02
    d = bcr4bp_checks.lpoint_drift(4, [t_d], th)
    a = np.linalg.norm(bcr4bp.sun_acceleration(L4, th), axis=-1)
    assert d.drift_km[:, 0] == pytest.approx(a * (t_d * 86400 / TU) ** 2 / 2 * LU, rel=2e-2)


def test_station_keeping_estimate_is_mean_tide_times_time():
    # Independent: to first order in 1/a_s the tide at distance r has magnitude (m_s r / a_s^3)
    # sqrt(1 + 3 cos^2 psi); its mean over the Sun's angle psi is (4 / pi) E(3/4) (complete elliptic
    # integral, E(m) = int sqrt(1 - m sin^2)), and 2 synodic months are 4 whole tidal cycles.
    from scipy.special import ellipe

    days = 2 * bcr4bp.SYNODIC_PERIOD_S / 86400
    d = bcr4bp_checks.lpoint_drift(4, [days], [0.0, 1.0], samples_per_day=200)
    r = np.linalg.norm(L4[:3])
    mean_acc = bcr4bp.M_SUN * r / bcr4bp.A_SUN**3 * 4 / np.pi * ellipe(0.75)
    assert d.dv_km_s[:, 0] == pytest.approx(mean_acc * days * 86400 / TU * VU, rel=3e-3)


@settings(max_examples=8, deadline=None)
@given(phase)
def test_drift_is_2pi_periodic_in_the_sun_phase(th0):
    a = bcr4bp_checks.lpoint_drift(4, [3.0, 10.0], [th0, th0 + 2 * np.pi, th0 - 4 * np.pi])
    assert np.allclose(a.drift_km[1:], a.drift_km[0], atol=1e-3)  # km
    assert np.allclose(a.dv_km_s[1:], a.dv_km_s[0], atol=1e-9)


def test_drift_accepts_a_position_and_unsorted_days():
    a = bcr4bp_checks.lpoint_drift(L4[:3], [10.0, 1.0, 5.0], [0.5])
    b = bcr4bp_checks.lpoint_drift("L4", [1.0, 5.0, 10.0], [0.5])
    assert np.allclose(a.drift_km[0], b.drift_km[0][[2, 0, 1]], atol=1e-6)


# ---------------------------------------------------------------------------------------------
# legs re-solved with the Sun

R_LEO = (R_EARTH_KM + 300.0) / LU


@pytest.fixture(scope="module")
def leo_l4_cr3bp():
    """The CR3BP LEO (300 km) -> L4 leg (tangential departure, apsis arrival), by cr3bp_targeting.shoot_to_point
    from a Hohmann-like guess (3.1 km/s, 5 days)."""
    T = 5.0 * 86400 / TU
    v_guess = (np.sqrt(GM_EARTH / (R_LEO * LU)) + 3.1) / VU
    theta = float(np.arctan2(L4[1], L4[0] + MU) + T - np.pi)
    th, v, T, arr, ok = cr3bp_targeting.shoot_to_point(L4[:3], R_LEO, (theta, v_guess, T))
    assert ok
    v0 = np.sqrt(GM_EARTH / (R_LEO * LU)) / VU
    return cr3bp.circular_state(th, R_LEO, v), v - v0, T, (v - v0 + np.linalg.norm(arr[3:])) * VU


def test_point_leg_without_sun_reproduces_cr3bp(leo_l4_cr3bp):
    s0, dv, T, total = leo_l4_cr3bp
    r = bcr4bp_checks.leg_difference(s0, dv, T, ("point", L4[:3]), [0.0, 2.0], m_s=0.0)
    assert np.all(r.converged)
    assert r.dv_cr3bp_km_s == pytest.approx(total, abs=1e-8)
    assert np.allclose(r.dv_km_s, total, atol=1e-7)


def test_point_leg_with_sun_reaches_l4_at_an_apsis(leo_l4_cr3bp):
    s0, dv, T, total = leo_l4_cr3bp
    th = np.array([0.0, 1.0, 2.0 + 2 * np.pi])
    r = bcr4bp_checks.leg_difference(s0, dv, T, ("point", L4[:3]), th)
    assert np.all(r.converged) and r.burns_km_s.shape == (3, 2)
    assert r.dv_km_s == pytest.approx(r.burns_km_s.sum(axis=1))
    v_circ = np.sqrt(GM_EARTH / (R_LEO * LU))
    for k in range(3):
        # the start is on the LEO circle, moving tangentially at circular speed + the departure burn
        st0 = r.start_state[k]
        rel0 = st0[:3] - cr3bp.primary_position("earth")
        w0 = cr3bp.inertial_velocity(st0)
        assert np.linalg.norm(rel0) == pytest.approx(R_LEO, rel=1e-12) and abs(rel0 @ w0) < 1e-12
        assert np.linalg.norm(w0) * VU == pytest.approx(v_circ + r.burns_km_s[k, 0], abs=1e-9)
        # re-propagated by propagate() (not the time-scaled flow the solver used)
        end = bcr4bp.propagate(st0, r.tof_s[k] / TU, th[k], rtol=1e-12)[1][-1]
        assert np.linalg.norm(end[:2] - L4[:2]) * LU < 0.1  # km
        rel = end[:3] - cr3bp.primary_position("earth")
        assert abs(rel @ end[3:]) < 1e-8  # apsis
        assert np.linalg.norm(end[3:]) * VU == pytest.approx(r.burns_km_s[k, 1], abs=1e-6)
    # the Sun's tide over ~5 days (< 2 m_s r / a_s^3 per unit time, r <= 1) bounds the change in total:
    bound = 2 * bcr4bp.M_SUN / bcr4bp.A_SUN**3 * (r.tof_s.max() / TU) * VU
    assert np.all(np.abs(r.difference_km_s) < bound)
    assert np.ptp(r.difference_km_s) > 1e-4  # and the Sun phase matters


@pytest.fixture(scope="module")
def l4_escape_cr3bp():
    """CR3BP perigee-burn escape from L4 (300 km perigee, v_inf 3 km/s at Earth's SOI), solved here with
    cr3bp_targeting.flow_to + secant: retro-burn b1 at L4 to the perigee, then b2 there for the C3."""
    soi = 924_647.6 / LU  # Laplace SOI of Earth about the Sun (as deltav.cislunar uses)

    def peri(b):
        t, y = cr3bp_targeting.flow_to(cr3bp.burn(L4, -b), 40.0, ("periapsis", "earth", 0.5))
        return np.sqrt(np.linalg.norm(y[:3] - cr3bp.primary_position("earth"))), t, y

    b1, _, _ = cr3bp_targeting.secant(lambda b: peri(b)[0], 0.8 / VU, 0.801 / VU, np.sqrt(R_LEO), tol=1e-10)
    _, t1, yp = peri(b1)

    def c3(b):
        t, y = cr3bp_targeting.flow_to(cr3bp.burn(yp, b), 30.0, ("radius", "earth", soi))
        return float(bcr4bp.c3(y)), t

    target = (3.0 / VU) ** 2
    b2, _, _ = cr3bp_targeting.secant(lambda b: c3(b)[0], 0.5 / VU, 0.501 / VU, target, tol=1e-9)
    return cr3bp.burn(L4, -b1), (-b1, b2), (t1, c3(b2)[1]), soi, target


def test_escape_without_sun_reproduces_cr3bp(l4_escape_cr3bp):
    s0, dv, tf, soi, c3 = l4_escape_cr3bp
    r = bcr4bp_checks.perigee_escape_difference(s0, dv, tf, R_LEO, c3, soi, [0.0, 3.0], m_s=0.0)
    assert np.all(r.converged)
    assert np.allclose(r.burns_km_s, np.abs(dv) * VU, atol=1e-6)
    assert r.dv_cr3bp_km_s == pytest.approx((abs(dv[0]) + dv[1]) * VU)


def test_escape_with_sun_reaches_the_perigee_and_the_c3(l4_escape_cr3bp):
    s0, dv, tf, soi, c3 = l4_escape_cr3bp
    th = np.array([0.0, 2.0, 4.0])
    r = bcr4bp_checks.perigee_escape_difference(s0, dv, tf, R_LEO, c3, soi, th)
    assert np.all(r.converged) and r.burns_km_s.shape == (3, 2)
    for k in range(3):
        # re-propagate with propagate() and cr3bp's own event functions (not the solver's bisection)
        s1 = cr3bp.burn(L4, -r.burns_km_s[k, 0] / VU)
        assert np.allclose(s1, r.start_state[k], atol=1e-14)
        ev = cr3bp_targeting._apsis_event("earth", MU, +1, 0.5)
        _, _, sol = bcr4bp.propagate(s1, 3 * tf[0], th[k], events=ev, rtol=1e-12)
        t1, yp = sol.t_events[0][0], sol.y_events[0][0]
        assert np.linalg.norm(yp[:3] - cr3bp.primary_position("earth")) * LU == pytest.approx(R_LEO * LU, abs=0.01)
        ev2 = cr3bp_targeting._radius_event("earth", soi, MU, +1)
        s2 = cr3bp.burn(yp, r.burns_km_s[k, 1] / VU)
        _, _, sol2 = bcr4bp.propagate(s2, 3 * tf[1], th[k] + bcr4bp.OMEGA_SUN * t1, events=ev2, rtol=1e-12)
        v_inf = np.sqrt(bcr4bp.c3(sol2.y_events[0][0])) * VU
        assert v_inf == pytest.approx(3.0, abs=1e-5)
        assert (t1 + sol2.t_events[0][0]) * TU == pytest.approx(r.tof_s[k], rel=1e-6)
    bound = 2 * bcr4bp.M_SUN / bcr4bp.A_SUN**3 * (r.tof_s.max() / TU) * VU
    assert np.all(np.abs(r.difference_km_s) < bound)


def test_leg_results_are_periodic_in_sun_phase(leo_l4_cr3bp):
    s0, dv, T, _ = leo_l4_cr3bp
    r = bcr4bp_checks.leg_difference(s0, dv, T, ("point", L4[:3]), [1.3, 1.3 + 2 * np.pi, 1.3 - 2 * np.pi])
    assert np.allclose(r.dv_km_s, r.dv_km_s[0], atol=1e-9)
    lo, hi, mean = r.summary()
    assert lo <= mean <= hi


def test_unknown_target_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown target kind"):
        bcr4bp_checks.leg_difference(L4, 0.1, 1.0, ("apoapsis", 1.0), [0.0])
