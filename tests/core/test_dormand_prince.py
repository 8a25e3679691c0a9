"""Stacked Dormand–Prince 5(4) CR3BP arcs: an independent integrator (scipy's DOP853 at rtol = atol = 1e-12),
an exact solution (mu = 0: circular Kepler orbits seen from the rotating frame), invariants (Jacobi constant,
time reversal), and counts of right-hand-side evaluations instead of timings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from deltav.core import cr3bp
from deltav.core.cr3bp import GM_MOON, MU, circular_state, jacobi_constant, lagrange_points
from deltav.core.dormand_prince import propagate_arcs

M = 400  # samples per arc, as the cislunar sketch
DAY = 86400.0 / cr3bp.TIME_S
L4, L5 = (np.r_[p, 0.0, 0.0, 0.0] for p in lagrange_points()[3:5])


def scipy_samples(state, T, m=M, mu=MU):
    """The independent reference: scipy's DOP853 [Hairer sec. II.5] at rtol = atol = 1e-12, (m, 6)."""
    sol = solve_ivp(cr3bp.eom, (0.0, T), np.asarray(state, float), method="DOP853", rtol=1e-12, atol=1e-12,
                    t_eval=np.linspace(0.0, T, m), args=(mu,))
    assert sol.success
    return sol.y.T


def l4_departures(n, seed=0):
    """States at L4 after burns of 0-0.5 km/s in random in-plane directions (as benchmarks/cr3bp.py)."""
    rng = np.random.default_rng(seed)
    ang, dv = rng.uniform(0, 2 * np.pi, n), rng.uniform(0, 0.5, n) / cr3bp.VELOCITY_KM_S
    s = np.tile(L4, (n, 1))
    s[:, 3], s[:, 4] = dv * np.cos(ang), dv * np.sin(ang)
    return s


def lunar_perilune(v_km_s=2.5, alt_km=100.0):
    """Perilune of a hyperbolic lunar flyby 100 km up (Moon radius 1737.4 km, NASA Moon fact sheet): the
    Moon-relative inertial speed 2.5 km/s exceeds escape speed sqrt(2 GM/r) = 2.31 km/s there."""
    r = (1737.4 + alt_km) / cr3bp.LENGTH_KM
    state = circular_state(0.3, r, v_km_s / cr3bp.VELOCITY_KM_S, primary="moon")
    assert v_km_s > np.sqrt(2 * GM_MOON / (r * cr3bp.LENGTH_KM))
    return state


def test_l4_arcs_forwards_and_backwards_match_dop853():
    # 8 arcs from L4, each with its own duration, forwards and backwards, up to 10 days: one call
    states = l4_departures(8)
    T = np.array([10, -10, 3, -3, 7, -7, 0.5, -0.5]) * DAY
    got = propagate_arcs(states, T, M)
    assert got.shape == (8, M, 6)
    for s, t, y in zip(states, T, got):
        # bound: 30 x rtol (global error of a 1e-10 local tolerance over <= 10 days), i.e. 1 m and 3 um/s
        np.testing.assert_allclose(y, scipy_samples(s, t), rtol=0, atol=3e-9)


def test_lunar_flyby_arcs_match_dop853():
    # both halves of a close lunar flyby from perilune (backwards to the approach, forwards to the exit),
    # stacked with an L4 arc that wants long steps where the flyby needs short ones
    peri = lunar_perilune()
    states = np.array([peri, peri, l4_departures(1)[0]])
    T = np.array([-2.0, 2.0, 5.0])  # +-8.7 days around perilune
    got = propagate_arcs(states, T, M)
    for s, t, y in zip(states, T, got):
        ref = scipy_samples(s, t)
        # 1e-9 of the Moon's distance (0.4 m) in position, 1e-8 (0.01 mm/s) in velocity
        np.testing.assert_allclose(y[:, :3], ref[:, :3], rtol=0, atol=1e-9)
        np.testing.assert_allclose(y[:, 3:], ref[:, 3:], rtol=0, atol=1e-8)


@pytest.mark.parametrize("stacked", [True, False], ids=["stacked", "one-by-one"])
def test_mu_zero_circular_orbits_exact(stacked):
    # mu = 0: Kepler about the origin; a circular orbit of radius r turns at r^-1.5 inertially, so at
    # r^-1.5 - 1 in the rotating frame (Kepler's third law in these units) -- a closed-form solution.
    r = np.array([0.02, 0.5, 0.8, 1.7])  # not 1: the massless Moon sits there (0/0)
    T = np.array([0.1, -4.0, 6.0, -6.0])  # 5.6 LEO-like revolutions at r = 0.02, about 1 for the others
    states = circular_state(0.0, r, r**-0.5, primary="barycentre", mu=0.0)
    if stacked:
        got = propagate_arcs(states, T, 50, mu=0.0)
    else:
        got = np.array([propagate_arcs(s, t, 50, mu=0.0) for s, t in zip(states, T)])
    w = (r**-1.5 - 1.0)[:, None] * T[:, None] * np.linspace(0, 1, 50)
    exact = np.stack([r[:, None] * np.cos(w), r[:, None] * np.sin(w)], axis=-1)
    # relative to each radius: the along-track error of a 1e-10 local tolerance grows like t^2 on a circular
    # orbit; 1e-7 after 5.6 revolutions (0.8 m at r = 0.02, i.e. 7 700 km)
    np.testing.assert_allclose(got[..., :2] / r[:, None, None], exact / r[:, None, None], rtol=0, atol=1e-7)
    assert np.all(got[..., 2] == 0) and np.all(got[..., 5] == 0)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([L4, L5]),
                          st.lists(st.floats(-0.02, 0.02), min_size=3, max_size=3),
                          st.lists(st.floats(-0.05, 0.05), min_size=3, max_size=3),
                          st.floats(-6.0, 6.0)), min_size=1, max_size=4))
def test_jacobi_constant_conserved_near_l4_l5(arcs):
    # [Szebehely sec. 4.2]: C is an integral of the CR3BP. States within 7 700 km and 50 m/s of L4/L5, up to
    # 26 days either way, stacked.
    states = np.array([p + np.r_[dr, dv] for p, dr, dv, _ in arcs])
    T = np.array([t for *_, t in arcs])
    y = propagate_arcs(states, T, 60)
    C = jacobi_constant(y)
    assert np.abs(C - jacobi_constant(states)[:, None]).max() < 3e-9  # 1e-9 of C ~ 3
    np.testing.assert_array_equal(y[:, 0], states)


def test_backwards_retraces_forwards():
    # time reversibility: propagating the end state back for -T returns to the start, sample by sample
    states = np.array([lunar_perilune(), *l4_departures(2, seed=1)])
    T = np.array([1.5, 4.0, -4.0])
    fwd = propagate_arcs(states, T, 101)
    back = propagate_arcs(fwd[:, -1], -T, 101)
    np.testing.assert_allclose(back[:, ::-1], fwd, rtol=0, atol=1e-8)


def test_zero_duration_and_broadcasting():
    # a zero-length arc stays put; states (..., 6) broadcast against durations (...)
    y = propagate_arcs(L4 + 0.01, np.array([[0.0, 1.0], [2.0, -1.0]]), 7)
    assert y.shape == (2, 2, 7, 6)
    assert np.all(y[0, 0] == L4 + 0.01)
    np.testing.assert_allclose(y[1, 1], scipy_samples(L4 + 0.01, -1.0, 7), rtol=0, atol=1e-9)
    assert propagate_arcs(np.empty((0, 6)), np.empty(0), 5).shape == (0, 5, 6)
    with pytest.raises(ValueError, match="n_samples"):
        propagate_arcs(L4, 1.0, 1)


def _count_eom(monkeypatch):
    counts = {"rhs": 0}
    eom = cr3bp.eom

    def counted(*args):
        counts["rhs"] += 1
        return eom(*args)

    monkeypatch.setattr(cr3bp, "eom", counted)
    return counts


def test_samples_cost_no_right_hand_side_evaluations(monkeypatch):
    # samples come from the continuous extension, so 2 or 2000 of them take the same steps
    counts = _count_eom(monkeypatch)
    states, T = np.array([lunar_perilune(), L4 + 0.01]), np.array([-2.0, 3.0])
    evals = []
    for m in (2, 50, 2000):
        counts["rhs"] = 0
        propagate_arcs(states, T, m)
        evals.append(counts["rhs"])
    assert evals[0] == evals[1] == evals[2]
    # FSAL: 6 evaluations per step, plus 2 for the first step and its size [Hairer sec. II.4]
    assert (evals[0] - 2) % 6 == 0


def test_stacking_shares_steps(monkeypatch):
    # N arcs stacked take the steps of the hardest at each s, not the sum of all: fewer RHS calls than one by one
    counts = _count_eom(monkeypatch)
    states, T = np.array([lunar_perilune(), *l4_departures(3)]), np.array([-2.0, 3.0, -3.0, 2.0])
    propagate_arcs(states, T, M)
    stacked, counts["rhs"] = counts["rhs"], 0
    for s, t in zip(states, T):
        propagate_arcs(s, t, M)
    assert stacked < counts["rhs"]


def test_collision_raises():
    # straight at Earth's centre from rest: the RHS diverges; the step size collapses and the caller hears of it
    with pytest.raises(RuntimeError, match="step size underflow|steps"), np.errstate(all="ignore"):
        propagate_arcs(np.r_[-MU + 1e-3, 0, 0, 0, 0, 0], 1.0, 5, max_steps=5000)
