"""deltav.core.conics against textbook examples, closed forms and invariants.

Every expected value is a published number (source in the test id / comment) or an
independent computation (plain ``math`` on the textbook formula, another library, a limit).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltav.core import conics

MU_E = 398600.4418  # Vallado (2013) Table D-3 / EGM-96 value, km^3/s^2
MU_CURTIS = 398600.0  # Curtis (2014) Table A.2, km^3/s^2

radii = st.floats(6500.0, 5e5)
speeds = st.floats(0.0, 20.0)


# ---- published examples -------------------------------------------------------------------------

def test_curtis_ex8_4_departure():
    """Curtis (2014) Example 8.4: 300 km circular parking orbit (R_E = 6378 km), v_inf = 2.943 km/s
    -> departure burn 3.590 km/s; hyperbola periapsis speed 11.32 km/s; circular speed 7.726 km/s."""
    r_p = 6378.0 + 300.0
    assert float(conics.departure_dv(MU_CURTIS, 2.943, r_p)) == pytest.approx(3.590, abs=5e-4)
    assert float(conics.hyperbolic_periapsis_speed(MU_CURTIS, r_p, 2.943)) == pytest.approx(11.32, abs=5e-3)
    assert float(conics.circular_speed(MU_CURTIS, r_p)) == pytest.approx(7.726, abs=5e-4)


def test_escape_from_300km_leo():
    """Escape from a 300 km LEO ~ 3.20 km/s: (sqrt(2) - 1) v_circ, v_circ = 7.726 km/s (Curtis Ex. 8.4)."""
    r = 6378.137 + 300.0
    dv = float(conics.departure_dv(MU_E, 0.0, r))
    assert dv == pytest.approx(3.20, abs=5e-3)
    assert dv == pytest.approx((math.sqrt(2.0) - 1.0) * math.sqrt(MU_E / r), rel=1e-14)  # by hand


def test_geo_period_is_a_sidereal_day():
    """GEO radius 42 164.17 km (Vallado 2013 sec. 1.3 / Curtis Ex. 2.5 'geostationary'):
    period = 1 sidereal day = 86 164.09 s (IERS)."""
    assert float(conics.period(MU_E, 42164.17)) == pytest.approx(86164.09, rel=2e-6)


# ---- independent computations -------------------------------------------------------------------

@given(mu=st.floats(1e3, 2e11), r=radii)
def test_speeds_match_hand_formulas(mu, r):
    """Circular sqrt(mu/r) and escape sqrt(2 mu / r) speeds [Curtis ch. 2], computed with math."""
    assert float(conics.circular_speed(mu, r)) == pytest.approx(math.sqrt(mu / r), rel=1e-14)
    assert float(conics.escape_speed(mu, r)) == pytest.approx(math.sqrt(2 * mu / r), rel=1e-14)
    # vis-viva with a = r is circular, a = inf is parabolic
    assert float(conics.vis_viva(mu, r, r)) == pytest.approx(math.sqrt(mu / r), rel=1e-14)
    assert float(conics.vis_viva(mu, r, np.inf)) == pytest.approx(math.sqrt(2 * mu / r), rel=1e-14)


@given(r_p=radii, k=st.floats(1.0, 50.0))
def test_elliptic_periapsis_speed_is_vis_viva(r_p, k):
    """Periapsis speed of an ellipse r_p..r_a equals vis-viva with a = (r_p + r_a)/2 [Curtis secs. 2.8-2.10]."""
    r_a = k * r_p
    assert float(conics.periapsis_speed(MU_E, r_p, r_a)) == pytest.approx(
        math.sqrt(MU_E * (2 / r_p - 2 / (r_p + r_a))), rel=1e-12)
    # r_a = r_p: circular; r_a = inf: parabolic
    assert float(conics.periapsis_speed(MU_E, r_p, r_p)) == pytest.approx(math.sqrt(MU_E / r_p), rel=1e-14)
    assert float(conics.periapsis_speed(MU_E, r_p, np.inf)) == pytest.approx(math.sqrt(2 * MU_E / r_p), rel=1e-14)


@given(r=radii, v=st.floats(0.1, 20.0))
def test_energy_and_c3(r, v):
    """Specific energy v^2/2 - mu/r [Curtis sec. 2.6]; C3 = v_inf^2 = 2 * energy of a hyperbola."""
    assert float(conics.specific_energy(MU_E, r, v)) == pytest.approx(0.5 * v * v - MU_E / r, rel=1e-12, abs=1e-12)
    assert float(conics.vinf_from_c3(conics.c3_from_vinf(v))) == pytest.approx(v, rel=1e-15)
    v_p = float(conics.hyperbolic_periapsis_speed(MU_E, r, v))
    assert 2 * float(conics.specific_energy(MU_E, r, v_p)) == pytest.approx(float(conics.c3_from_vinf(v)), rel=1e-9)


def test_negative_c3_is_nan():
    assert np.isnan(conics.vinf_from_c3(-1.0))


# ---- invariants ---------------------------------------------------------------------------------

@given(r_p=radii, k=st.floats(1.0, 30.0), circular=st.booleans())
def test_departure_tends_to_escape(r_p, k, circular):
    """As v_inf -> 0 the departure burn tends to the escape burn (v_esc - v_park) [Curtis eq. 8.42]."""
    r_a = None if circular else k * r_p
    v_park = float(conics.periapsis_speed(MU_E, r_p, r_a))
    escape = float(conics.escape_speed(MU_E, r_p)) - v_park
    dv = conics.departure_dv(MU_E, np.array([1e-4, 1e-6, 0.0]), r_p, r_a)
    assert dv[-1] == pytest.approx(escape, rel=1e-12, abs=1e-12)
    assert np.all(np.diff(dv) <= 1e-15)  # monotone towards the limit
    assert dv[0] - escape < 1e-4 ** 2 / (2 * v_park) + 1e-12  # d(dv) ~ v_inf^2 / (2 v_esc)


@given(r_p=radii, v_inf=speeds, k=st.floats(1.0, 30.0))
def test_elliptic_parking_orbit_is_cheaper(r_p, v_inf, k):
    """Departing from the periapsis of an ellipse costs less than from a circle of the same r_p (and the
    difference is exactly the speed difference at periapsis)."""
    circ = float(conics.departure_dv(MU_E, v_inf, r_p))
    ell = float(conics.departure_dv(MU_E, v_inf, r_p, k * r_p))
    assert ell <= circ + 1e-12
    diff = float(conics.periapsis_speed(MU_E, r_p, k * r_p) - conics.circular_speed(MU_E, r_p))
    assert circ - ell == pytest.approx(diff, rel=1e-9, abs=1e-12)
    assert float(conics.capture_dv(MU_E, v_inf, r_p, k * r_p)) == ell  # symmetric in time


@given(r_p=radii, v_inf=st.floats(0.05, 20.0))
def test_hyperbola_geometry_by_true_anomaly(r_p, v_inf):
    """e from energy and momentum (h = r_p v_p, e = sqrt(1 + 2 E h^2 / mu^2), Curtis ch. 2), and the
    asymptote true anomaly nu_inf = acos(-1/e): turn = 2 nu_inf - pi, beta = pi - nu_inf [Curtis sec. 2.10]."""
    e, turn, beta = (float(x) for x in conics.hyperbola_geometry(MU_E, v_inf, r_p))
    v_p = math.sqrt(v_inf**2 + 2 * MU_E / r_p)
    h, energy = r_p * v_p, 0.5 * v_inf**2
    assert e == pytest.approx(math.sqrt(1 + 2 * energy * h * h / MU_E**2), rel=1e-9)
    nu_inf = math.acos(-1 / e)
    assert turn == pytest.approx(2 * nu_inf - math.pi, rel=1e-9, abs=1e-12)
    assert beta == pytest.approx(math.pi - nu_inf, rel=1e-9, abs=1e-12)


def test_hyperbola_eccentricity_vs_boinor(boinor):
    """Eccentricity of the Curtis Ex. 8.4 departure hyperbola from boinor's rv -> elements (independent code)."""
    import astropy.units as u
    from boinor.bodies import Earth
    from boinor.twobody import Orbit

    r_p, v_inf = 6678.0, 2.943
    v_p = math.sqrt(v_inf**2 + 2 * Earth.k.to_value(u.km**3 / u.s**2) / r_p)
    orb = Orbit.from_vectors(Earth, [r_p, 0, 0] * u.km, [0, v_p, 0] * u.km / u.s)
    e, _, _ = conics.hyperbola_geometry(Earth.k.to_value(u.km**3 / u.s**2), v_inf, r_p)
    assert float(e) == pytest.approx(orb.ecc.value, rel=1e-9)


@given(v=st.floats(0.1, 12.0), angle=st.floats(0.0, math.pi))
def test_plane_change_by_vectors(v, angle):
    """Pure plane change 2 v sin(di/2) [Curtis sec. 6.10] equals |v2 - v1| for velocity vectors rotated by di."""
    v1 = np.array([v, 0.0, 0.0])
    v2 = v * np.array([math.cos(angle), math.sin(angle), 0.0])
    assert float(conics.plane_change_dv(v, angle)) == pytest.approx(np.linalg.norm(v2 - v1), rel=1e-9, abs=1e-12)


@given(v1=st.floats(0.1, 12.0), v2=st.floats(0.1, 12.0), angle=st.floats(-math.pi, math.pi))
def test_combined_plane_change_by_vectors(v1, v2, angle):
    """Combined burn sqrt(v1^2 + v2^2 - 2 v1 v2 cos di) [Vallado eq. 6-27] equals |v2_vec - v1_vec|."""
    a = np.array([v1, 0.0, 0.0])
    b = v2 * np.array([math.cos(angle), 0.0, math.sin(angle)])
    assert float(conics.combined_plane_change_dv(v1, v2, angle)) == pytest.approx(
        np.linalg.norm(b - a), rel=1e-7, abs=1e-9)
    # no angle: a pure speed change; equal speeds: a pure plane change
    assert float(conics.combined_plane_change_dv(v1, v2, 0.0)) == pytest.approx(abs(v2 - v1), abs=1e-7)
    assert float(conics.combined_plane_change_dv(v1, v1, angle)) == pytest.approx(
        float(conics.plane_change_dv(v1, angle)), rel=1e-7, abs=1e-7)


# ---- broadcasting -------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(), (5,), (4, 3)])
def test_broadcast_shapes(shape):
    rng = np.random.default_rng(0)
    r = 7000.0 + 1000.0 * rng.random(shape)
    v = 3.0 * rng.random(shape)
    for out in (conics.circular_speed(MU_E, r), conics.departure_dv(MU_E, v, r),
                conics.capture_dv(MU_E, v, r, 2 * r), *conics.hyperbola_geometry(MU_E, v + 0.1, r),
                conics.period(MU_E, r), conics.plane_change_dv(v, r / 1e4)):
        assert np.shape(out) == shape


def test_outer_broadcast():
    """(n, 1) x (m,) -> (n, m), element (i, j) equal to the scalar call."""
    v = np.linspace(0, 5, 4)[:, None]
    r = np.linspace(6600, 9000, 3)
    out = conics.departure_dv(MU_E, v, r)
    assert out.shape == (4, 3)
    assert out[2, 1] == float(conics.departure_dv(MU_E, v[2, 0], r[1]))
