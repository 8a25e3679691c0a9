"""deltav.core.transfers against Vallado's worked examples, boinor, and invariants."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deltav.core import conics, transfers

R_E, MU_E = 6378.137, 398600.4418  # Vallado (2013) Ex. 6-1/6-2 constants (Table D-3)

# Published reference cases: (source, r1, r2, dv1, dv2, total, tof_hours)
HOHMANN_CASES = [
    pytest.param(R_E + 191.34411, R_E + 35781.34857, 2.457038, 1.478187, 3.935224, 5.256713,
                 id="Vallado2013-Ex6-1"),
]


@pytest.mark.parametrize("r1, r2, dv1, dv2, total, tof_h", HOHMANN_CASES)
def test_hohmann_published(r1, r2, dv1, dv2, total, tof_h):
    a, b, tof = transfers.hohmann(MU_E, r1, r2)
    assert float(a) == pytest.approx(dv1, abs=1e-6)
    assert float(b) == pytest.approx(dv2, abs=1e-6)
    assert float(a + b) == pytest.approx(total, abs=1e-6)
    assert float(tof) / 3600 == pytest.approx(tof_h, abs=1e-6)


def test_bielliptic_vallado_ex6_2():
    """Vallado (2013) Ex. 6-2: 191.34411 km -> rb = 503 873 km -> 376 310 km altitude.
    Published: dva 3.156233, dvb 0.677358, total 3.904057 km/s, 593.919803 h. The book works in
    canonical units (TU = 806.81 s); its hours differ from double precision by 3e-7 relative
    (boinor gives 593.92000 h too), hence rel=1e-6 on the time."""
    d1, d2, d3, tof = transfers.bielliptic(MU_E, R_E + 191.34411, R_E + 503873.0, R_E + 376310.0)
    assert float(d1) == pytest.approx(3.156233, abs=1e-6)
    assert float(d2) == pytest.approx(0.677358, abs=1e-6)
    assert float(d1 + d2 + d3) == pytest.approx(3.904057, abs=1e-6)
    assert float(tof) / 3600 == pytest.approx(593.919803, rel=1e-6)


def test_hohmann_budget_curtis_ex8_4():
    """Curtis (2014) Ex. 8.4: Earth (149.6e6 km) -> Mars (227.9e6 km), mu_sun 1.327e11, 300 km parking orbit
    (R_E 6378 km, mu 398600): v_inf = 2.943 km/s, departure burn 3.590 km/s."""
    dv_d, dv_a, tof, vi1, vi2 = transfers.hohmann_budget(1.327e11, 149.6e6, 227.9e6, 398600.0, 6678.0,
                                                         42828.0, 3396.0 + 300.0)
    assert float(vi1) == pytest.approx(2.943, abs=5e-4)
    assert float(dv_d) == pytest.approx(3.590, abs=5e-4)
    # the capture leg is the same formula at Mars, with the Hohmann arrival burn as v_inf
    assert float(dv_a) == pytest.approx(float(conics.capture_dv(42828.0, vi2, 3696.0)), rel=1e-14)
    assert float(tof) == pytest.approx(float(transfers.hohmann(1.327e11, 149.6e6, 227.9e6)[2]), rel=1e-15)


# ---- cross-checks with boinor (poliastro API) ---------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(alt1=st.floats(150.0, 50_000.0), alt2=st.floats(150.0, 500_000.0))
def test_hohmann_vs_boinor(boinor, alt1, alt2):
    import astropy.units as u
    from boinor.bodies import Earth
    from boinor.maneuver import Maneuver
    from boinor.twobody import Orbit

    orb = Orbit.circular(Earth, alt1 * u.km)
    r1 = orb.a.to_value(u.km)
    r2 = r1 - alt1 + alt2
    man = Maneuver.hohmann(orb, r2 * u.km)
    dv1, dv2, tof = transfers.hohmann(Earth.k.to_value(u.km**3 / u.s**2), r1, r2)
    assert float(dv1 + dv2) == pytest.approx(man.get_total_cost().to_value(u.km / u.s), rel=1e-9, abs=1e-12)
    burns = [np.linalg.norm(dv.to_value(u.km / u.s)) for _, dv in man.impulses]
    assert float(dv1) == pytest.approx(burns[0], rel=1e-9, abs=1e-12)
    assert float(tof) == pytest.approx(man.get_total_time().to_value(u.s), rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(alt1=st.floats(150.0, 20_000.0), kb=st.floats(1.0, 20.0), k2=st.floats(0.1, 1.0))
def test_bielliptic_vs_boinor(boinor, alt1, kb, k2):
    import astropy.units as u
    from boinor.bodies import Earth
    from boinor.maneuver import Maneuver
    from boinor.twobody import Orbit

    orb = Orbit.circular(Earth, alt1 * u.km)
    r1 = orb.a.to_value(u.km)
    rb = r1 * (1.0 + 10 * kb)
    r2 = r1 + (rb - r1) * k2
    man = Maneuver.bielliptic(orb, rb * u.km, r2 * u.km)
    d1, d2, d3, tof = transfers.bielliptic(Earth.k.to_value(u.km**3 / u.s**2), r1, rb, r2)
    assert float(d1 + d2 + d3) == pytest.approx(man.get_total_cost().to_value(u.km / u.s), rel=1e-9)
    assert float(tof) == pytest.approx(man.get_total_time().to_value(u.s), rel=1e-9)


# ---- invariants ---------------------------------------------------------------------------------

@given(r1=st.floats(1e3, 1e9), k=st.floats(1e-3, 1e3), mu=st.floats(1e2, 2e11))
def test_hohmann_is_reversible(r1, k, mu):
    """Going r1 -> r2 costs what r2 -> r1 costs (burns swap), and the time is the same."""
    r2 = k * r1
    a1, a2, t = transfers.hohmann(mu, r1, r2)
    b1, b2, s = transfers.hohmann(mu, r2, r1)
    assert float(a1 + a2) == pytest.approx(float(b1 + b2), rel=1e-12, abs=1e-15)
    assert float(a1) == pytest.approx(float(b2), rel=1e-9, abs=1e-15)
    assert float(t) == float(s)


@given(r1=st.floats(1e3, 1e9), k=st.floats(1e-2, 1e2))
def test_hohmann_matches_vis_viva_by_hand(r1, k):
    """Burns are differences of vis-viva speeds [Vallado Alg. 36], computed here with math."""
    r2 = k * r1
    a = (r1 + r2) / 2
    dv1 = abs(math.sqrt(MU_E * (2 / r1 - 1 / a)) - math.sqrt(MU_E / r1))
    dv2 = abs(math.sqrt(MU_E / r2) - math.sqrt(MU_E * (2 / r2 - 1 / a)))
    got = transfers.hohmann(MU_E, r1, r2)
    assert float(got[0]) == pytest.approx(dv1, rel=1e-9, abs=1e-13)
    assert float(got[1]) == pytest.approx(dv2, rel=1e-9, abs=1e-13)
    assert float(got[2]) == pytest.approx(math.pi * math.sqrt(a**3 / MU_E), rel=1e-13)


@given(ratio=st.floats(1.0, 11.9), kb=st.floats(1e-3, 1e4))
def test_bielliptic_never_beats_hohmann_below_11_94(ratio, kb):
    """Below r2/r1 = 11.94 no bi-elliptic transfer (rb > r2) beats Hohmann [Vallado sec. 6.3.2; Curtis sec. 6.4]."""
    r1 = 7000.0
    r2 = ratio * r1
    rb = r2 * (1 + kb)
    h = sum(transfers.hohmann(MU_E, r1, r2)[:2])
    b = sum(transfers.bielliptic(MU_E, r1, rb, r2)[:3])
    assert float(b) >= float(h) - 1e-12


@given(ratio=st.floats(15.7, 1e3), kb=st.floats(1e-3, 1e4))
def test_bielliptic_always_beats_hohmann_above_15_58(ratio, kb):
    """Beyond r2/r1 = 15.58 every bi-elliptic transfer with rb > r2 beats Hohmann [same sources]."""
    r1 = 7000.0
    r2 = ratio * r1
    rb = r2 * (1 + kb)
    h = sum(transfers.hohmann(MU_E, r1, r2)[:2])
    b = sum(transfers.bielliptic(MU_E, r1, rb, r2)[:3])
    assert float(b) < float(h)


def test_bielliptic_thresholds():
    """The break-even ratios themselves: 11.94 for rb -> inf and 15.58 for rb -> r2 (Curtis sec. 6.4,
    Vallado Fig. 6-6), found by bisection on deltav's totals."""
    from scipy.optimize import brentq

    def gain(ratio, rb_over_r2):
        r1, r2 = 1.0, ratio
        hohmann = sum(transfers.hohmann(1.0, r1, r2)[:2])
        return float(hohmann - sum(transfers.bielliptic(1.0, r1, r2 * rb_over_r2, r2)[:3]))

    assert brentq(gain, 5, 30, args=(1e12,)) == pytest.approx(11.94, abs=5e-3)
    # rb -> r2: the derivative of the gain in rb changes sign; take rb = r2 (1 + 1e-6)
    assert brentq(gain, 12, 30, args=(1 + 1e-6,)) == pytest.approx(15.58, abs=5e-3)


def test_bielliptic_with_rb_equal_r2_is_hohmann():
    """rb = r2 degenerates to a Hohmann transfer followed by a half revolution of the final circle."""
    r1, r2 = 7000.0, 42164.0
    h = transfers.hohmann(MU_E, r1, r2)
    b = transfers.bielliptic(MU_E, r1, r2, r2)
    assert float(b[0] + b[1] + b[2]) == pytest.approx(float(h[0] + h[1]), rel=1e-12)
    assert float(b[3]) == pytest.approx(float(h[2]) + math.pi * math.sqrt(r2**3 / MU_E), rel=1e-12)


@settings(max_examples=60)
@given(r1=st.floats(6600.0, 5e4), k=st.floats(0.1, 20.0), di=st.floats(0.0, math.pi))
def test_plane_change_split_optimum(r1, k, di):
    """The optimised split is no worse than doing the whole turn at either burn, or than any split on a
    fine grid (independent brute force), and stays in [0, 1]."""
    r2 = k * r1
    d1, d2, _, s = transfers.hohmann_plane_change(MU_E, r1, r2, di)
    best = float(d1 + d2)
    for end in (0.0, 1.0):
        e1, e2, _, _ = transfers.hohmann_plane_change(MU_E, r1, r2, di, split=end)
        assert best <= float(e1 + e2) + 1e-12
    grid = np.linspace(0, 1, 2001)
    g1, g2, _, _ = transfers.hohmann_plane_change(MU_E, r1, r2, di, split=grid)
    assert best <= float(np.min(g1 + g2)) + 1e-9
    assert 0.0 <= float(s) <= 1.0


@given(r1=st.floats(6600.0, 5e4), k=st.floats(0.1, 20.0))
def test_plane_change_zero_angle_is_hohmann(r1, k):
    r2 = k * r1
    d1, d2, tof, _ = transfers.hohmann_plane_change(MU_E, r1, r2, 0.0)
    h1, h2, htof = transfers.hohmann(MU_E, r1, r2)
    # abs: the vis-viva difference form used with plane changes cancels when r2 ~ r1 (1e-15 of 8 km/s)
    assert float(d1) == pytest.approx(float(h1), rel=1e-9, abs=1e-12)
    assert float(d2) == pytest.approx(float(h2), rel=1e-9, abs=1e-12)
    assert float(tof) == pytest.approx(float(htof), rel=1e-14)


def test_plane_change_leo_geo_extremes():
    """LEO (191 km, 28.5 deg) -> GEO, the setting of Vallado Ex. 6-7: whole turn at GEO equals Hohmann plus the
    combined GEO burn by hand; the optimum puts a small part (a few degrees) at perigee and saves
    tens of m/s (Vallado sec. 6.4.3 discusses ~2 deg)."""
    r1, r2, di = R_E + 191.0, R_E + 35780.0, math.radians(28.5)
    a = (r1 + r2) / 2
    vc1, vp = math.sqrt(MU_E / r1), math.sqrt(MU_E * (2 / r1 - 1 / a))
    va, vc2 = math.sqrt(MU_E * (2 / r2 - 1 / a)), math.sqrt(MU_E / r2)
    at_geo = (vp - vc1) + math.sqrt(va**2 + vc2**2 - 2 * va * vc2 * math.cos(di))
    e1, e2, _, _ = transfers.hohmann_plane_change(MU_E, r1, r2, di, split=0.0)
    assert float(e1 + e2) == pytest.approx(at_geo, rel=1e-12)
    d1, d2, _, s = transfers.hohmann_plane_change(MU_E, r1, r2, di)
    assert 0.5 < math.degrees(float(s) * di) < 5.0
    assert 0.005 < at_geo - float(d1 + d2) < 0.1


@given(r=st.floats(6600.0, 5e4), phase=st.floats(-math.pi, math.pi), revs=st.integers(1, 5))
def test_phasing_meets_the_target(r, phase, revs):
    """After revs periods of the phasing ellipse the chaser is back at the burn point; the target, starting
    `phase` ahead on the circle, has moved n * tof: it must be there too (mod 2 pi). Burns by vis-viva, by hand."""
    dv, tof, a = (float(x) for x in transfers.phasing(MU_E, r, phase, revs))
    n = math.sqrt(MU_E / r**3)
    assert math.remainder(phase + n * tof, 2 * math.pi) == pytest.approx(0.0, abs=1e-9)
    assert tof == pytest.approx(revs * 2 * math.pi * math.sqrt(a**3 / MU_E), rel=1e-12)
    assert dv == pytest.approx(2 * abs(math.sqrt(MU_E * (2 / r - 1 / a)) - math.sqrt(MU_E / r)), rel=1e-9, abs=1e-12)
    if abs(phase) > 1e-9:  # target ahead: drop lower to go faster; behind: climb
        assert (a < r) if phase > 0 else (a > r)


def test_phasing_more_revolutions_is_cheaper():
    dv, _, _ = transfers.phasing(MU_E, 7000.0, 0.5, np.arange(1, 6))
    assert np.all(np.diff(dv) < 0)


# ---- broadcasting and speed ---------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(), (7,), (3, 4)])
def test_broadcast_shapes(shape):
    rng = np.random.default_rng(1)
    r1 = 7000 + 1000 * rng.random(shape)
    r2 = 4e4 + 1e4 * rng.random(shape)
    outs = [*transfers.hohmann(MU_E, r1, r2), *transfers.bielliptic(MU_E, r1, 3 * r2, r2),
            *transfers.hohmann_plane_change(MU_E, r1, r2, 0.1), *transfers.phasing(MU_E, r1, 0.3),
            *transfers.hohmann_budget(1.327e11, r1 * 2e4, r2 * 5e3, MU_E, 6678.0, 42828.0, 3700.0)]
    for out in outs:
        assert np.shape(out) == shape


def test_broadcast_outer_product():
    r1 = np.array([7000.0, 8000.0])[:, None]
    r2 = np.array([2e4, 3e4, 4e4])
    dv1, dv2, tof = transfers.hohmann(MU_E, r1, r2)
    assert dv1.shape == dv2.shape == tof.shape == (2, 3)
    assert dv1[1, 2] == float(transfers.hohmann(MU_E, 8000.0, 4e4)[0])


def _python_calls(f, *args) -> tuple[int, object]:
    """How many functions (Python and built-in) are called during ``f(*args)``, and its result."""
    count = [0]

    def profile(frame, event, arg):
        if event in ("call", "c_call"):
            count[0] += 1

    sys.setprofile(profile)
    try:
        out = f(*args)
    finally:
        sys.setprofile(None)
    return count[0], out


def test_million_hohmann_is_vectorised():
    """10^6 transfers run the same Python calls as 10: no Python loop over elements (timings: benchmarks/)."""
    rng = np.random.default_rng(2)
    r1, r2 = 7000 + 1e3 * rng.random(10**6), 4e4 + 1e4 * rng.random(10**6)
    transfers.hohmann(MU_E, r1[:10], r2[:10])  # first call: nothing lazily imported is counted below
    few, _ = _python_calls(transfers.hohmann, MU_E, r1[:10], r2[:10])
    many, (dv1, dv2, tof) = _python_calls(transfers.hohmann, MU_E, r1, r2)
    assert many == few
    assert dv1.shape == (10**6,) and np.all(np.isfinite(dv1 + dv2 + tof))
