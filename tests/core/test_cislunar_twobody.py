"""Two-body cislunar building blocks (deltav.core.cislunar) against textbook cases and independent integration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deltav.core import cislunar as tb

MU_E = 398600.4418  # Vallado's Earth GM, used by his worked examples


def test_transfer_to_corotating_is_hohmann_when_target_is_circular():
    # Vallado Ex. 6-1: 191.34411 km -> 35 781.34857 km altitude, total 3.935224 km/s, tof 5.256713 h
    R = 6378.137
    r1, r2 = R + 191.34411, R + 35781.34857
    dv1, dv2, tof = tb.transfer_to_corotating(MU_E, r1, r2, np.sqrt(MU_E / r2))
    assert float(dv1 + dv2) == pytest.approx(3.935224, abs=1e-6)
    assert float(tof) / 3600 == pytest.approx(5.256713, abs=1e-6)


def test_transfer_to_corotating_downwards_is_symmetric():
    r1, r2 = 42164.0, 6678.0
    up = tb.transfer_to_corotating(MU_E, r2, r1, np.sqrt(MU_E / r1))
    down = tb.transfer_to_corotating(MU_E, r1, r2, np.sqrt(MU_E / r2))
    assert float(up[0]) == pytest.approx(float(down[1]), rel=1e-12)
    assert float(up[1]) == pytest.approx(float(down[0]), rel=1e-12)


def test_escape_burn_curtis_example_8_4():
    # Curtis Ex. 8.4: 300 km parking orbit (R = 6378 km, mu = 398 600), v_inf 2.943 km/s -> 3.590 km/s
    assert float(tb.escape_burn(398600.0, 6678.0, np.sqrt(398600.0 / 6678.0), 2.943)) == pytest.approx(3.590, abs=5e-4)


def test_escape_via_perigee_energy_bookkeeping():
    # Independent check by energies: after burn 1 the apoapsis speed fits an ellipse r x r_p; after
    # burn 2 the periapsis speed has the hyperbolic energy v_inf^2 / 2.
    r, v_now, r_p, v_inf = 384400.0, 1.0245, 6678.0, 3.0
    dv1, dv2, _ = tb.escape_via_perigee(MU_E, r, v_now, r_p, v_inf)
    v_a = v_now - dv1
    h = r * v_a
    v_p = h / r_p  # angular momentum conserved between apsides
    assert 0.5 * v_a**2 - MU_E / r == pytest.approx(0.5 * v_p**2 - MU_E / r_p, rel=1e-10)
    assert 0.5 * (v_p + dv2) ** 2 - MU_E / r_p == pytest.approx(0.5 * v_inf**2, rel=1e-10)


@pytest.mark.parametrize("v_inf", [0.0, 0.5, 3.0])
def test_hyperbolic_flight_time_against_numerical_integration(v_inf):
    from scipy.integrate import solve_ivp

    r_p, r_end = 384400.0, 924000.0
    vp = np.sqrt(v_inf**2 + 2 * MU_E / r_p)

    def rhs(t, y):
        return np.r_[y[2:], -MU_E * y[:2] / np.hypot(y[0], y[1]) ** 3]

    def reach(t, y):
        return np.hypot(y[0], y[1]) - r_end

    reach.terminal = True
    sol = solve_ivp(rhs, (0, 1e8), [r_p, 0, 0, vp], events=reach, rtol=1e-12, atol=1e-9, method="DOP853")
    assert float(tb.hyperbolic_flight_time(MU_E, r_p, v_inf, r_end)) == pytest.approx(sol.t_events[0][0], rel=1e-7)


def test_flyby_escape_burn_free_inside_unpowered_range():
    # Curtis sec. 8.9: an unpowered flyby keeps |v_inf| and rotates it; Earth-relative speeds between
    # |V - v_inf| and V + v_inf cost nothing.
    mu_m, r_fb, V = 4902.8, 1837.4, 1.0245
    assert float(tb.flyby_escape_burn(mu_m, r_fb, 0.8, V, 1.5)) == 0.0
    need = 2.5
    expected = np.sqrt((need - V) ** 2 + 2 * mu_m / r_fb) - np.sqrt(0.8**2 + 2 * mu_m / r_fb)
    assert float(tb.flyby_escape_burn(mu_m, r_fb, 0.8, V, need)) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.0, 2.0), st.floats(1.45, 5.0), st.floats(1750.0, 5000.0))
def test_flyby_burn_nonnegative_and_monotonic(v_in, v_need, r_fb):
    a = float(tb.flyby_escape_burn(4902.8, r_fb, v_in, 1.0245, v_need))
    b = float(tb.flyby_escape_burn(4902.8, r_fb, v_in, 1.0245, v_need + 0.1))
    assert a >= 0 and b >= a


def test_oberth_perigee_route_beats_direct_burn_for_fast_escape():
    # Invariant (Oberth): from the Moon's distance, for v_inf = 3 km/s dropping to a 300 km perigee
    # and burning there costs less than one burn at the Moon's distance.
    r, v = 384400.0, 1.0245
    direct = float(tb.escape_burn(MU_E, r, v, 3.0))
    dv1, dv2, _ = tb.escape_via_perigee(MU_E, r, v, 6678.0, 3.0)
    assert float(dv1 + dv2) < direct


def test_broadcasting():
    dv1, dv2, tof = tb.transfer_to_corotating(MU_E, np.array([6678.0, 7000.0])[:, None], np.array([3e5, 4e5]), 1.0)
    assert dv1.shape == dv2.shape == tof.shape == (2, 2)
