"""deltav.core.rocket: Tsiolkovsky both ways, burn sequences, stacks; checked by hand and by round trips."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltav.core import G0, rocket

isps = st.floats(50.0, 5000.0)
dvs = st.floats(0.0, 15.0)
masses = st.floats(1.0, 1e7)


def test_g0_is_standard_gravity():
    """g0 = 9.80665 m/s^2 exactly (3rd CGPM, 1901), stored in km/s^2."""
    assert G0 == 9.80665e-3


def test_curtis_ex8_4_propellant_fraction():
    """Curtis (2014) Ex. 8.4(c): the 3.590 km/s departure burn at Isp 300 s burns
    1 - exp(-3.590 / (300 * 9.81e-3)) = 70.5 % of the initial mass (Curtis uses g0 = 9.81 m/s^2)."""
    frac = float(rocket.propellant_from_initial(3.590, 300.0, 1.0))
    assert frac == pytest.approx(0.705, abs=1e-3)
    assert frac == pytest.approx(1 - math.exp(-3.590 / (300 * 9.80665e-3)), rel=1e-14)  # by hand


@given(isp=isps, m0=masses, ratio=st.floats(1.0, 100.0))
def test_delta_v_by_hand(isp, m0, ratio):
    """Tsiolkovsky dv = Isp g0 ln(m0/mf) [Curtis eq. 11.30], with math.log."""
    mf = m0 / ratio
    assert float(rocket.delta_v(isp, m0, mf)) == pytest.approx(isp * 9.80665e-3 * math.log(m0 / mf), rel=1e-12,
                                                               abs=1e-15)


@given(dv=dvs, isp=isps, mf=masses)
def test_round_trip_from_final(dv, isp, mf):
    """propellant_from_final then delta_v gives back dv; from_initial on the same m0 gives the same propellant."""
    prop = float(rocket.propellant_from_final(dv, isp, mf))
    assert float(rocket.delta_v(isp, mf + prop, mf)) == pytest.approx(dv, rel=1e-9, abs=1e-12)
    assert float(rocket.propellant_from_initial(dv, isp, mf + prop)) == pytest.approx(prop, rel=1e-9, abs=1e-9)
    assert float(rocket.mass_ratio(dv, isp)) == pytest.approx((mf + prop) / mf, rel=1e-12)


@given(dv=st.lists(dvs, min_size=1, max_size=6), isp=isps, mf=masses)
def test_burn_sequence_equals_chained_single_burns(dv, isp, mf):
    """A sequence worked backwards equals single burns chained by hand, last to first."""
    prop, m0 = rocket.burn_sequence(np.array(dv), isp, mf)
    m = mf
    expected = []
    for d in reversed(dv):
        p = float(rocket.propellant_from_final(d, isp, m))
        expected.append(p)
        m += p
    np.testing.assert_allclose(prop, expected[::-1], rtol=1e-9, atol=1e-9)
    assert float(m0) == pytest.approx(m, rel=1e-9)
    # one burn of the summed dv at one Isp needs the same total propellant
    assert float(np.sum(prop)) == pytest.approx(float(rocket.propellant_from_final(sum(dv), isp, mf)), rel=1e-9,
                                                abs=1e-9)


def test_burn_sequence_mixed_isp_and_batch():
    """Different Isp per burn, batched over a leading axis: row k equals the unbatched call."""
    dv = np.array([[3.2, 1.0, 0.9], [2.0, 2.0, 0.0]])
    isp = np.array([450.0, 320.0, 320.0])
    prop, m0 = rocket.burn_sequence(dv, isp, np.array([1000.0, 2000.0]))
    assert prop.shape == (2, 3) and m0.shape == (2,)
    p1, m01 = rocket.burn_sequence(dv[1], isp, 2000.0)
    np.testing.assert_allclose(prop[1], p1, rtol=1e-14)
    # by hand for row 0: masses after each burn going backwards
    m3 = 1000.0
    m2 = m3 * math.exp(0.9 / (320 * G0))
    m1 = m2 * math.exp(1.0 / (320 * G0))
    m0_hand = m1 * math.exp(3.2 / (450 * G0))
    np.testing.assert_allclose(prop[0], [m0_hand - m1, m1 - m2, m2 - m3], rtol=1e-12)


@given(isp=st.lists(isps, min_size=1, max_size=4), dry=st.floats(100.0, 1e5), prop=st.floats(0.0, 1e6),
       pay=st.floats(0.0, 1e5))
def test_stack_is_sum_of_stages_by_hand(isp, dry, prop, pay):
    """Each stage carries all stages above it plus the payload [Curtis sec. 11.6]; summed by hand."""
    k = len(isp)
    m_dry = np.linspace(dry, dry / 4, k)
    m_prop = np.linspace(prop, prop / 3, k)
    total = 0.0
    for i in range(k):
        above = float(np.sum(m_dry[i + 1:] + m_prop[i + 1:])) + pay
        total += float(rocket.stage_delta_v(isp[i], m_dry[i], m_prop[i], above))
    assert float(rocket.stack_delta_v(np.array(isp), m_dry, m_prop, pay)) == pytest.approx(total, rel=1e-12,
                                                                                           abs=1e-12)


@given(dv=st.floats(0.1, 8.0), isp=isps, dry=st.floats(100.0, 1e4), prop=st.floats(1e3, 1e6))
def test_max_payload_gives_exactly_dv(dv, isp, dry, prop):
    pay = float(rocket.max_payload(dv, isp, dry, prop))
    if np.isnan(pay):  # even an empty stage cannot: check that
        assert float(rocket.stage_delta_v(isp, dry, prop, 0.0)) < dv + 1e-12
    else:
        assert float(rocket.stage_delta_v(isp, dry, prop, pay)) == pytest.approx(dv, rel=1e-9)


def test_impossible_cases_are_nan():
    assert np.isnan(rocket.delta_v(300.0, 1.0, 2.0))  # mass ratio < 1
    assert np.isnan(rocket.delta_v(300.0, 1.0, 0.0))  # no final mass
    assert np.isnan(rocket.delta_v(0.0, 2.0, 1.0))  # no exhaust speed
    assert np.isnan(rocket.propellant_from_final(-1.0, 300.0, 1.0))  # negative dv
    assert np.isnan(rocket.propellant_from_final(1.0, 300.0, 0.0))  # nothing to push
    assert np.isnan(rocket.propellant_from_initial(1.0, 300.0, -5.0))
    assert np.isnan(rocket.max_payload(20.0, 300.0, 1000.0, 1000.0))  # beyond the stage
    prop, m0 = rocket.burn_sequence(np.array([1.0, -1.0]), 300.0, 1.0)
    assert np.isnan(m0)
    assert float(rocket.delta_v(300.0, 1.0, 1.0)) == 0.0  # equal masses: zero, not impossible


def test_impossible_element_keeps_sweep_shape():
    dv = rocket.delta_v(300.0, np.array([2.0, 1.0, 3.0]), np.array([1.0, 2.0, 1.0]))
    assert dv.shape == (3,) and np.isnan(dv[1]) and np.all(np.isfinite(dv[[0, 2]]))


def test_boiloff():
    """1 %/day for 30 days compounds to 0.99^30 = 0.7397 of the load (by hand)."""
    assert float(rocket.boiloff_remaining(1000.0, 0.01, 30.0)) == pytest.approx(1000 * 0.99**30, rel=1e-14)
    assert np.isnan(rocket.boiloff_remaining(1000.0, 1.5, 1.0))


@pytest.mark.parametrize("shape", [(), (4,), (2, 3)])
def test_broadcast_shapes(shape):
    m0 = 2.0 + np.zeros(shape)
    for out in (rocket.delta_v(300.0, m0, 1.0), rocket.propellant_from_final(m0, 300.0, 1.0),
                rocket.propellant_from_initial(m0, 300.0, 10.0), rocket.max_payload(m0, 300.0, 10.0, 100.0),
                rocket.mass_ratio(m0, 320.0)):
        assert np.shape(out) == shape
