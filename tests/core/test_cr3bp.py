"""Earth–Moon CR3BP core: constants, Lagrange points, Jacobi constant, frames, propagation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deltav.core import cr3bp, cr3bp_targeting

MU = cr3bp.MU


def test_mass_ratio_matches_de440_earth_moon_mass_ratio():
    # Park et al. 2021 (DE440), Table 8: Earth/Moon mass ratio 81.3005682214972 -> mu = 1 / (1 + EMRAT)
    assert MU == pytest.approx(1.0 / (1.0 + 81.3005682214972), rel=1e-8)


@pytest.mark.parametrize("index, km_from_earth, tol_km", [
    # Rounded published distances (to 100 km) of the collinear points from Earth's centre, for the
    # 384 400 km mean distance: L1 326 400 km, L2 448 900 km (e.g. Farquhar, "The Utilization of Halo
    # Orbits in Advanced Lunar Operations", NASA TN D-6365, 1971; Wikipedia "Lagrange point").
    pytest.param(0, 326_400.0, 100.0, id="L1-326400km-Farquhar"),
    pytest.param(1, 448_900.0, 100.0, id="L2-448900km-Farquhar"),
    # L3 lies just inside the Moon's distance on the far side: 381 700 km (same sources, rounded)
    pytest.param(2, -381_700.0, 100.0, id="L3-381700km"),
])
def test_collinear_distances(index, km_from_earth, tol_km):
    x = cr3bp.lagrange_points()[index, 0]
    assert (x + MU) * cr3bp.LENGTH_KM == pytest.approx(km_from_earth, abs=tol_km)


def test_collinear_points_are_equilibria_to_1e12():
    grad = cr3bp.potential_gradient(cr3bp.lagrange_points()[:3])
    assert np.max(np.abs(grad)) < 1e-12


def _quintic_roots(mu):
    """Independent computation: Szebehely's quintics for the distances gamma_i (sec. 4.4), via numpy.roots."""
    polys = {
        0: [1, -(3 - mu), 3 - 2 * mu, -mu, 2 * mu, -mu],  # L1: gamma from the Moon, Earth side
        1: [1, 3 - mu, 3 - 2 * mu, -mu, -2 * mu, -mu],  # L2: gamma from the Moon, far side
        2: [1, 2 + mu, 1 + 2 * mu, -(1 - mu), -2 * (1 - mu), -(1 - mu)],  # L3: gamma from Earth, far side
    }
    out = {}
    for k, p in polys.items():
        r = np.roots(p)
        out[k] = float(r[(np.abs(r.imag) < 1e-12) & (r.real > 0)].real[0])
    return out


def test_collinear_points_match_szebehely_quintics():
    g = _quintic_roots(MU)
    L = cr3bp.lagrange_points()
    assert L[0, 0] == pytest.approx(1 - MU - g[0], abs=1e-12)
    assert L[1, 0] == pytest.approx(1 - MU + g[1], abs=1e-12)
    assert L[2, 0] == pytest.approx(-MU - g[2], abs=1e-12)


def test_triangular_points_are_equilateral():
    L = cr3bp.lagrange_points()
    E, M = cr3bp.primary_position("earth"), cr3bp.primary_position("moon")
    for p in L[3:]:
        assert np.linalg.norm(p - E) == pytest.approx(1.0, abs=1e-15)
        assert np.linalg.norm(p - M) == pytest.approx(1.0, abs=1e-15)
    assert np.degrees(np.arctan2(L[3, 1], L[3, 0] - E[0])) == pytest.approx(60.0, abs=1e-12)
    assert np.max(np.abs(cr3bp.potential_gradient(L[3:]))) < 1e-12


def test_jacobi_constant_ordering_at_lagrange_points():
    # Szebehely sec. 4.5: C(L1) > C(L2) > C(L3) > C(L4) = C(L5) = 3 - mu (1 - mu)
    C = cr3bp.jacobi_constant(np.c_[cr3bp.lagrange_points(), np.zeros((5, 3))])
    assert C[0] > C[1] > C[2] > C[3]
    assert C[3] == pytest.approx(3 - MU * (1 - MU), abs=1e-14) and C[4] == pytest.approx(C[3], abs=1e-14)


def test_broadcasting_over_mu():
    mus = np.array([0.001, MU, 0.1])
    L = cr3bp.lagrange_points(mus)
    assert L.shape == (3, 5, 3)
    for k, m in enumerate(mus):
        assert np.max(np.abs(cr3bp.potential_gradient(L[k, :3], m))) < 1e-12


_finite = st.floats(-2, 2, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(st.lists(_finite, min_size=6, max_size=6), st.floats(-10, 10), st.sampled_from(["earth", "moon", "barycentre"]))
def test_rotating_inertial_round_trip(state, t, origin):
    s = np.array(state)
    back = cr3bp.inertial_to_rotating(cr3bp.rotating_to_inertial(s, t, origin=origin), t, origin=origin)
    assert np.allclose(back, s, atol=1e-13)


def test_moon_moves_on_unit_circle_at_unit_speed_inertially():
    # Independent fact: in these units the Moon's Earth-relative orbit is a circle of radius 1 at speed 1.
    moon = np.r_[cr3bp.primary_position("moon"), 0, 0, 0]
    for t in (0.0, 0.7, 2.0):
        s = cr3bp.rotating_to_inertial(moon, t)
        assert np.linalg.norm(s[:3]) == pytest.approx(1.0, abs=1e-15)
        assert np.linalg.norm(s[3:]) == pytest.approx(1.0, abs=1e-15)
        assert np.dot(s[:3], s[3:]) == pytest.approx(0.0, abs=1e-15)


def _inertial_rhs(t, y, mu):
    """Independent model: Earth-centred inertial frame with the Moon on its circular orbit, including
    the indirect (Earth-acceleration) term. Nothing from deltav.core.cr3bp is used."""
    r = y[:3]
    rm = np.array([np.cos(t), np.sin(t), 0.0])
    d = r - rm
    acc = -(1 - mu) * r / np.linalg.norm(r) ** 3 - mu * d / np.linalg.norm(d) ** 3 - mu * rm
    return np.r_[y[3:], acc]


ARCS = [
    # (state in the rotating frame, duration) -- chosen to exercise different regimes
    pytest.param(np.r_[cr3bp.lagrange_points()[3] + [0.01, 0.0, 0.0], 0.0, 0.005, 0.0], 12.0, id="near-L4-tadpole"),
    pytest.param(cr3bp.circular_state(2.0, 6678.0 / cr3bp.LENGTH_KM, 10.72 / cr3bp.VELOCITY_KM_S), 4.0,
                 id="LEO-translunar"),
    pytest.param(np.r_[cr3bp.lagrange_points()[0] + [0.001, 0, 0.002], 0.0, 0.01, 0.0], 3.0, id="near-L1-3d"),
]


@pytest.mark.parametrize("state0, tf", ARCS)
def test_jacobi_conserved_to_1e10(state0, tf):
    _t, y, _ = cr3bp.propagate(state0, tf, t_eval=np.linspace(0, tf, 200))
    C = cr3bp.jacobi_constant(y)
    assert np.max(np.abs(C / C[0] - 1)) < 1e-10


@pytest.mark.parametrize("state0, tf", ARCS)
def test_rotating_propagation_matches_independent_inertial_model(state0, tf):
    from scipy.integrate import solve_ivp

    ts = np.linspace(0, tf, 9)
    _, y_rot, _ = cr3bp.propagate(state0, tf, t_eval=ts)
    y0_in = cr3bp.rotating_to_inertial(state0, 0.0)
    sol = solve_ivp(_inertial_rhs, (0, tf), y0_in, method="DOP853", rtol=1e-12, atol=1e-13, t_eval=ts, args=(MU,))
    back = cr3bp.inertial_to_rotating(sol.y.T, ts)
    assert np.max(np.abs(back[:, :3] - y_rot[:, :3])) < 1e-7  # < 40 m in position after days


def test_vectorised_propagation_equals_one_by_one():
    L4 = cr3bp.lagrange_points()[3]
    rng = np.random.default_rng(1)
    states = np.c_[L4 + rng.normal(0, 0.01, (5, 3)) * [1, 1, 0], rng.normal(0, 0.01, (5, 3)) * [1, 1, 0]]
    ts = np.linspace(0, 5.0, 6)
    _, ys, _ = cr3bp.propagate(states, 5.0, t_eval=ts)
    assert ys.shape == (5, 6, 6)
    for k in range(5):
        _, y1, _ = cr3bp.propagate(states[k], 5.0, t_eval=ts)
        assert np.allclose(ys[k], y1, atol=1e-9)


def test_eom_scalar_and_vector_paths_agree():
    s = np.array([0.3, 0.2, 0.05, 0.1, -0.2, 0.01])
    assert np.allclose(cr3bp._eom_one(0.0, s), cr3bp.eom(0.0, s), rtol=0, atol=1e-15)


def test_shoot_to_point_reaches_l1_and_beats_jacobi_bound():
    # Hohmann-like LEO (300 km) -> L1, guess from the two-body transfer (Curtis sec. 6.2 numbers)
    L1 = cr3bp.lagrange_points()[0]
    r0 = (6378.1366 + 300) / cr3bp.LENGTH_KM
    T = 3.9 * 86400 / cr3bp.TIME_S
    th, v, T, arr, ok = cr3bp_targeting.shoot_to_point(L1, r0, (T - np.pi, (7.726 + 3.09) / cr3bp.VELOCITY_KM_S, T))
    assert ok and np.linalg.norm(arr[:3] - L1) * cr3bp.LENGTH_KM < 0.1
    # Jacobi integral: arriving with rotating speed w needs C_dep = C_L1 - w^2 (independent invariant)
    C_dep = cr3bp.jacobi_constant(cr3bp.circular_state(th, r0, v))
    C_L1 = cr3bp.jacobi_constant(np.r_[L1, 0, 0, 0])
    assert C_L1 - C_dep == pytest.approx(np.sum(arr[3:] ** 2), rel=1e-8)
    assert v >= cr3bp_targeting.jacobi_bound_speed(r0, L1)


def test_vinf_of_known_hyperbola_far_away():
    # Far from both bodies the energy is ~ v^2 - 2/r: a state at r = 100 with inertial speed sqrt(1 + 2/100)
    # has v_inf ~ 1 (the Moon's term mu/r_M changes it by < 1e-4)
    r = 100.0
    s_in = np.array([r, 0, 0, 0, np.sqrt(1 + 2 * (1 - MU) / r + 2 * MU / (r - 1)), 0])
    s = cr3bp.inertial_to_rotating(s_in, 0.0)
    assert cr3bp.vinf(s) == pytest.approx(1.0, abs=1e-12)
