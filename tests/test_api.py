"""The units-aware public API: Quantities in and out, clear unit errors, bodies and Orbits accepted."""

from __future__ import annotations

import math

import astropy.units as u
import numpy as np
import pytest

import deltav
from deltav import bodies
from deltav.errors import InfeasibleError

MU = 398600.4418 * u.km**3 / u.s**2  # Vallado (2013) Ex. 6-1
R = 6378.137 * u.km
KM_S = u.km / u.s


def test_hohmann_vallado_ex6_1_in_other_units():
    """Vallado Ex. 6-1 (3.935224 km/s, 5.256713 h) with radii given in m and Mm and mu in m^3/s^2."""
    res = deltav.hohmann((R + 191.34411 * u.km).to(u.m), (R + 35781.34857 * u.km).to(u.Mm), MU.to(u.m**3 / u.s**2))
    assert res.dv_total.unit == KM_S and res.tof.unit == u.s
    assert res.dv_total.to_value(KM_S) == pytest.approx(3.935224, abs=1e-6)
    assert res.tof.to_value(u.h) == pytest.approx(5.256713, abs=1e-6)
    assert (res.dv1 + res.dv2).to_value(KM_S) == pytest.approx(res.dv_total.to_value(KM_S), rel=1e-15)


def test_bielliptic_vallado_ex6_2():
    """Vallado Ex. 6-2: total 3.904057 km/s, 593.919803 h (book in canonical units: rel 1e-6 on time)."""
    res = deltav.bielliptic(R + 191.34411 * u.km, R + 503873 * u.km, R + 376310 * u.km, MU)
    assert res.dv_total.to_value(KM_S) == pytest.approx(3.904057, abs=1e-6)
    assert res.tof.to_value(u.h) == pytest.approx(593.919803, rel=1e-6)
    assert res.dv3.unit == KM_S


def test_departure_curtis_ex8_4_with_body():
    """Curtis Ex. 8.4 (3.590 km/s) with deltav.bodies.EARTH as mu (DE440 GM differs from Curtis' 398600
    by 1e-6, far below the 3-digit answer)."""
    dv = deltav.departure_dv(2.943 * KM_S, 6678 * u.km, bodies.EARTH)
    assert dv.to_value(KM_S) == pytest.approx(3.590, abs=5e-4)
    assert deltav.capture_dv(2.943 * KM_S, 6678 * u.km, bodies.EARTH) == dv
    same = deltav.departure_dv(2943 * u.m / u.s, 6678 * u.km, bodies.EARTH.mu)
    assert same.to_value(KM_S) == pytest.approx(dv.to_value(KM_S), rel=1e-15)


def test_elliptic_parking_orbit_is_cheaper():
    circ = deltav.departure_dv(3 * KM_S, 6678 * u.km, bodies.EARTH)
    ell = deltav.departure_dv(3 * KM_S, 6678 * u.km, bodies.EARTH, r_apoapsis=40000 * u.km)
    assert ell < circ


def test_escape_from_300km():
    """Escape burn from 300 km LEO ~ 3.20 km/s (v_esc - v_circ; Curtis ch. 2)."""
    r = bodies.EARTH.R + 300 * u.km
    dv = deltav.escape_speed(r, bodies.EARTH) - deltav.circular_speed(r, bodies.EARTH)
    assert dv.to_value(KM_S) == pytest.approx(3.20, abs=5e-3)
    assert deltav.departure_dv(0 * KM_S, r, bodies.EARTH).to_value(KM_S) == pytest.approx(dv.to_value(KM_S))


def test_plane_change_and_c3_and_hyperbola():
    """60 deg at 7.5 km/s costs exactly 7.5 km/s (2 v sin 30 deg, Curtis sec. 6.10)."""
    assert deltav.plane_change_dv(7.5 * KM_S, 60 * u.deg).to_value(KM_S) == pytest.approx(7.5, rel=1e-14)
    assert deltav.plane_change_dv(3 * KM_S, 90 * u.deg, v_final=4 * KM_S).to_value(KM_S) == pytest.approx(5.0)
    assert deltav.c3(3 * KM_S).to_value(u.km**2 / u.s**2) == pytest.approx(9.0)
    h = deltav.hyperbola(2.943 * KM_S, 6678 * u.km, bodies.EARTH)
    assert h.beta.unit == u.deg and 0 < h.turn_angle.to_value(u.deg) < 180
    assert math.cos(h.beta.to_value(u.rad)) == pytest.approx(1 / h.ecc.value, rel=1e-12)


def test_rocket_equation():
    """300 s, mass ratio 2: dv = 300 * 9.80665e-3 * ln 2 = 2.0392 km/s (by hand)."""
    dv = deltav.delta_v(300 * u.s, 2 * u.t, 1000 * u.kg)
    assert dv.to_value(KM_S) == pytest.approx(300 * 9.80665e-3 * math.log(2), rel=1e-14)
    prop = deltav.propellant_mass(dv, 300 * u.s, 1 * u.t)
    assert prop.to_value(u.kg) == pytest.approx(1000.0, rel=1e-12)
    m0 = deltav.propellant_mass(dv, 300 * u.s, m_initial=2 * u.t)
    assert m0.to_value(u.kg) == pytest.approx(1000.0, rel=1e-12)


def test_infeasible_rocket_requests():
    with pytest.raises(InfeasibleError, match="mass ratio"):
        deltav.delta_v(300 * u.s, 1 * u.t, 2 * u.t)
    with pytest.raises(InfeasibleError, match=r"index \(1,\)"):
        deltav.delta_v(300 * u.s, [2, 1] * u.t, [1, 2] * u.t)
    with pytest.raises(InfeasibleError):
        deltav.propellant_mass(-1 * KM_S, 300 * u.s, 1 * u.t)
    with pytest.raises(TypeError, match="exactly one"):
        deltav.propellant_mass(1 * KM_S, 300 * u.s)


@pytest.mark.parametrize("call, arg", [
    (lambda: deltav.hohmann(7000 * u.km, 9000 * u.s, MU), "r2"),
    (lambda: deltav.hohmann(7000 * u.km, 9000 * u.km, 3 * u.km), "mu"),
    (lambda: deltav.departure_dv(3 * u.km, 7000 * u.km, MU), "v_inf"),
    (lambda: deltav.departure_dv(3 * KM_S, 7000 * u.km, MU, r_apoapsis=1 * u.kg), "r_apoapsis"),
    (lambda: deltav.plane_change_dv(7 * KM_S, 3 * u.m), "angle"),
    (lambda: deltav.delta_v(300 * u.m, 2 * u.t, 1 * u.t), "isp"),
    (lambda: deltav.propellant_mass(1 * KM_S, 300 * u.s, 1 * u.m), "m_final"),
])
def test_wrong_units_name_the_argument(call, arg):
    with pytest.raises(u.UnitConversionError, match=f"'{arg}'"):
        call()


@pytest.mark.parametrize("call, arg", [
    (lambda: deltav.hohmann(7000, 9000 * u.km, MU), "r1"),
    (lambda: deltav.hohmann(7000 * u.km, 9000 * u.km, 398600.0), "mu"),
    (lambda: deltav.departure_dv(3.0, 7000 * u.km, MU), "v_inf"),
    (lambda: deltav.delta_v(300, 2 * u.t, 1 * u.t), "isp"),
    (lambda: deltav.hohmann("7000 km", 9000 * u.km, MU), "r1"),
])
def test_bare_numbers_are_refused(call, arg):
    with pytest.raises(TypeError, match=f"'{arg}'"):
        call()


def test_mu_is_required_without_orbits():
    with pytest.raises(TypeError, match="'mu' is required"):
        deltav.hohmann(7000 * u.km, 9000 * u.km)


@pytest.mark.parametrize("shape", [(), (3,), (2, 4)])
def test_quantity_arrays_broadcast(shape):
    r2 = (20000 + 1000 * np.arange(int(np.prod(shape)))).reshape(shape) * u.km
    res = deltav.hohmann(7000 * u.km, r2, bodies.EARTH)
    for q in (res.dv1, res.dv2, res.dv_total, res.tof):
        assert isinstance(q, u.Quantity) and q.shape == shape
    assert deltav.departure_dv(np.ones(shape) * KM_S, 7000 * u.km, bodies.EARTH).shape == shape


def test_outer_product_and_list_of_quantities():
    res = deltav.hohmann([7000 * u.km, 7.5 * u.Mm], ([2e4, 3e4, 4e4] * u.km)[:, None], bodies.EARTH)
    assert res.dv_total.shape == (3, 2)
    one = deltav.hohmann(7500 * u.km, 3e4 * u.km, bodies.EARTH)
    assert res.dv_total[1, 1] == one.dv_total


def test_body_and_quantity_mu_agree():
    a = deltav.hohmann(7000 * u.km, 42164 * u.km, bodies.EARTH)
    b = deltav.hohmann(7000 * u.km, 42164 * u.km, bodies.EARTH.mu)
    assert a.dv_total == b.dv_total


def test_boinor_orbit_and_body_accepted(boinor):
    """A boinor Orbit as r1 (its radius and attractor), and a boinor Body as mu; compared with boinor's own
    Maneuver.hohmann."""
    from boinor.bodies import Earth
    from boinor.maneuver import Maneuver
    from boinor.twobody import Orbit

    orb = Orbit.circular(Earth, 500 * u.km)
    res = deltav.hohmann(orb, 42164 * u.km)
    assert res.dv_total.to_value(KM_S) == pytest.approx(
        Maneuver.hohmann(orb, 42164 * u.km).get_total_cost().to_value(KM_S), rel=1e-9)
    assert deltav.hohmann(orb.a, 42164 * u.km, Earth).dv_total == res.dv_total


def test_hohmann_plane_change_public():
    """Whole 28.5 deg turn at GEO (split = 0) equals the Hohmann first burn plus the combined GEO burn by
    hand; the optimum is cheaper and reported in degrees at each burn."""
    from deltav.maneuvers import hohmann_plane_change

    r1, r2 = bodies.EARTH.R + 300 * u.km, 42164 * u.km
    at_geo = hohmann_plane_change(r1, r2, 28.5 * u.deg, bodies.EARTH, split=0.0)
    h = deltav.hohmann(r1, r2, bodies.EARTH)
    vc2 = deltav.circular_speed(r2, bodies.EARTH)
    va = vc2 - h.dv2  # apogee speed of the transfer ellipse (orbit raising)
    by_hand = h.dv1 + np.sqrt(va**2 + vc2**2 - 2 * va * vc2 * math.cos(math.radians(28.5)))
    assert at_geo.dv_total.to_value(KM_S) == pytest.approx(by_hand.to_value(KM_S), rel=1e-12)
    best = hohmann_plane_change(r1, r2, 28.5 * u.deg, bodies.EARTH)
    assert best.dv_total < at_geo.dv_total
    assert (best.di1 + best.di2).to_value(u.deg) == pytest.approx(28.5)


def test_phasing_public():
    """Target 30 deg ahead in a 7000 km orbit, one revolution: the phasing period is 11/12 of the circular one."""
    from deltav.maneuvers import phasing

    res = phasing(7000 * u.km, 30 * u.deg, bodies.EARTH)
    T = 2 * math.pi * math.sqrt(7000.0**3 / bodies.EARTH.gm)
    assert res.tof.to_value(u.s) == pytest.approx(T * 11 / 12, rel=1e-12)
    assert res.a < 7000 * u.km and res.dv_total.unit == KM_S
    with pytest.raises(u.UnitConversionError, match="'phase'"):
        phasing(7000 * u.km, 30 * u.km, bodies.EARTH)
