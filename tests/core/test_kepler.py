"""Universal-variable propagation: textbook examples, round trips and an independent integrator."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from deltav.core.kepler import propagate, stumpff_c, stumpff_s

MU_EARTH_VALLADO = 398600.4418


def test_curtis_example_3_7():
    """Curtis 3rd ed. Example 3.7 (mu 398600): r0 = 7000 i - 12124 j km, v0 = 2.6679 i + 4.6210 j km/s,
    60 min later r = -3297.8 i + 7413.4 j km."""
    r, _ = propagate([7000.0, -12124.0, 0.0], [2.6679, 4.6210, 0.0], 3600.0, 398600.0)
    np.testing.assert_allclose(r, [-3297.8, 7413.4, 0.0], atol=0.1)


def test_vallado_example_2_4():
    """Vallado 4th ed. Example 2-4 (KEPLER), 40 min."""
    r, v = propagate([1131.340, -2282.343, 6672.423], [-5.64305, 4.30333, 2.42879], 40 * 60.0, MU_EARTH_VALLADO)
    np.testing.assert_allclose(r, [-4219.7527, 4363.0292, -3958.7666], atol=2e-3)
    np.testing.assert_allclose(v, [3.689866, -1.916735, -6.112511], atol=2e-6)


def test_stumpff_series_matches_closed_form_at_the_switch():
    z = np.array([-1.0001e-3, -0.9999e-3, 0.9999e-3, 1.0001e-3])
    np.testing.assert_allclose(stumpff_c(z)[[0, 2]], stumpff_c(z)[[1, 3]], rtol=1e-6)
    np.testing.assert_allclose(stumpff_s(z)[[0, 2]], stumpff_s(z)[[1, 3]], rtol=1e-6)
    assert stumpff_c(np.array([0.0]))[0] == 0.5 and stumpff_s(np.array([0.0]))[0] == pytest.approx(1 / 6)


def test_whole_periods_return_to_start_and_broadcast():
    r0, v0 = np.array([7000.0, 0, 0]), np.array([0.0, 8.0, 1.0])
    a = 1 / (2 / 7000.0 - 65.0 / MU_EARTH_VALLADO)
    period = 2 * np.pi * np.sqrt(a**3 / MU_EARTH_VALLADO)
    r, v = propagate(r0, v0, np.array([period, 5 * period, -3 * period]), MU_EARTH_VALLADO)
    assert r.shape == (3, 3)
    np.testing.assert_allclose(r, np.broadcast_to(r0, (3, 3)), atol=1e-6)
    np.testing.assert_allclose(v, np.broadcast_to(v0, (3, 3)), atol=1e-9)


state = st.tuples(st.floats(6600, 40000), st.floats(0, 2 * np.pi), st.floats(-0.5, 0.5), st.floats(0.6, 1.5),
                  st.floats(-0.3, 0.3), st.floats(-0.3, 0.3), st.floats(-30000, 30000))


@settings(max_examples=25, deadline=None)
@given(state)
@example((6600.0, 1.0, 0.0, 0.625, 0.0, 0.0, 6399.0))  # found by hypothesis: a 1,600 km periapsis pass
def test_agrees_with_numerical_integration(s):
    """Independent check: scipy's DOP853 at rtol 1e-13 (elliptic to hyperbolic, forwards and backwards).

    The reference must be tighter than the 1e-8 asserted: at rtol 1e-12 / atol 1e-9 the integrator
    itself was off by 5e-8 km/s after a 1,600 km periapsis pass (found by hypothesis).
    """
    from scipy.integrate import solve_ivp

    rmag, th, z, speed, vr, vz, dt = s
    r0 = rmag * np.array([np.cos(th), np.sin(th), z])
    vc = np.sqrt(MU_EARTH_VALLADO / np.linalg.norm(r0))
    v0 = vc * np.array([-np.sin(th) * speed + vr * np.cos(th), np.cos(th) * speed + vr * np.sin(th), vz])
    r, v = propagate(r0, v0, dt, MU_EARTH_VALLADO)

    def f(_t, y):
        return np.r_[y[3:], -MU_EARTH_VALLADO * y[:3] / np.linalg.norm(y[:3]) ** 3]

    if dt == 0:
        np.testing.assert_allclose(r, r0)
        return
    sol = solve_ivp(f, (0, dt), np.r_[r0, v0], method="DOP853", rtol=1e-13, atol=1e-12)
    scale = np.linalg.norm(r0) + np.linalg.norm(v0) * abs(dt)
    assert np.linalg.norm(r - sol.y[:3, -1]) < 1e-8 * scale
    assert np.linalg.norm(v - sol.y[3:, -1]) < 1e-8 * np.linalg.norm(v0) + 1e-9


def test_tiny_negative_dt_is_no_motion():
    # Regression (found by hypothesis): dt = -1e-49 s mapped by `mod` to exactly one period.
    r0 = np.array([-136.461171, 6598.58912, 0.0])
    v0 = np.array([-4.90, 0.10, 0.25])
    r, v = propagate(r0, v0, -1.0738671226218896e-49, MU_EARTH_VALLADO)
    np.testing.assert_allclose(r, r0, atol=1e-9)
    np.testing.assert_allclose(v, v0, atol=1e-12)
