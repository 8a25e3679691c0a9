"""cislunar.trajectory: the sampled arcs of real legs against an independent integrator (scipy's DOP853 at
rtol = atol = 1e-12), mirrored legs, and what drawing a leg imports (counted, not timed)."""

from __future__ import annotations

import numpy as np
import pytest
from counting import imported_by
from scipy.integrate import solve_ivp

from deltav import cislunar
from deltav.cislunar.trajectory import trajectories
from deltav.core import cr3bp

# The Mars v_inf of scenarios/beacon.yaml (its Hohmann transfer; the key of its legs in the shipped table).
BEACON_VINF = 2.9451621606727123
# Accuracy documented in trajectory()'s docstring: 1 m in position, 0.5 mm/s in velocity.
POS_KM, VEL_KM_S = 1e-3, 5e-7


def km(y):
    """Nondimensional rotating-frame states -> Earth-centred km, km/s (the frame trajectory() returns)."""
    y = np.array(y, float)
    y[..., 0] += cr3bp.MU
    y[..., :3] *= cr3bp.LENGTH_KM
    y[..., 3:] *= cr3bp.VELOCITY_KM_S
    return y


def dop853(state, T, m):
    """The reference: scipy's DOP853 [Hairer sec. II.5] at rtol = atol = 1e-12, sampled at T linspace(0, 1, m)."""
    sol = solve_ivp(cr3bp.eom, (0.0, T), np.asarray(state, float), method="DOP853", rtol=1e-12, atol=1e-12,
                    t_eval=np.linspace(0.0, T, m))
    assert sol.success
    return km(sol.y.T)


def beacon_escape(strategy):
    return cislunar.transfer_dv("EML4", "escape", strategy=strategy, v_inf_km_s=BEACON_VINF)


@pytest.mark.parametrize("strategy", ["lunar-flyby", "lunar-flyby-perigee-burn"])
def test_lunar_flyby_leg_matches_dop853(strategy):
    # beacon.yaml's exits from L4 through a lunar flyby (2 and 3 arcs, one propagation)
    leg = beacon_escape(strategy)
    arcs = cislunar.trajectory(leg, points_per_arc=300)
    assert len(arcs) == len(leg.arcs) >= 2
    t0 = 0.0
    for (t, y), (state0, T) in zip(arcs, leg.arcs):
        assert t.shape == (300,) and y.shape == (300, 6)
        np.testing.assert_allclose(t, (t0 + T * np.linspace(0, 1, 300)) * cr3bp.TIME_S, rtol=1e-15, atol=1e-6)
        ref = dop853(state0, T, 300)
        np.testing.assert_allclose(y[:, :3], ref[:, :3], rtol=0, atol=POS_KM)
        np.testing.assert_allclose(y[:, 3:], ref[:, 3:], rtol=0, atol=VEL_KM_S)
        t0 += T
    # the flyby passes the Moon at llo_altitude_km = 100 (transfer_dv's default): the samples see it
    moon = np.array([cr3bp.LENGTH_KM, 0, 0])
    closest = min(np.linalg.norm(y[:, :3] - moon, axis=1).min() for _, y in arcs)
    assert 1737.4 < closest < 1737.4 + 100.0 + 50.0  # Moon radius, NASA Moon fact sheet


def test_mirrored_leg_matches_dop853_from_l5():
    # EML5 -> LEO is flown as the time-reverse of the mirror image of LEO -> EML4: the returned samples must
    # be a forward CR3BP solution starting at L5
    back = cislunar.transfer_dv("EML5", "LEO")
    assert back.mirrored
    (t, y), = cislunar.trajectory(back)
    L5 = cislunar.lagrange_points().to_value("km")[4]
    assert np.linalg.norm(y[0, :3] - L5) < 1.0
    start = y[0] / np.r_[[cr3bp.LENGTH_KM] * 3, [cr3bp.VELOCITY_KM_S] * 3]
    start[0] -= cr3bp.MU
    T = (t[-1] - t[0]) / cr3bp.TIME_S
    assert t[0] == 0.0 and T == pytest.approx(back.tof_s / cr3bp.TIME_S, rel=1e-12)
    ref = dop853(start, T, len(t))
    np.testing.assert_allclose(y[:, :3], ref[:, :3], rtol=0, atol=POS_KM)
    np.testing.assert_allclose(y[:, 3:], ref[:, 3:], rtol=0, atol=VEL_KM_S)


def test_all_sketch_legs_in_one_propagation():
    # trajectories(): every arc of several legs stacked; each leg's arcs as trajectory() gives them
    legs = [cislunar.transfer_dv("LEO", "EML4"), beacon_escape("perigee-burn"), cislunar.transfer_dv("EML5", "LEO"),
            cislunar.transfer_dv("LEO", "GEO")]
    together = trajectories(legs, points_per_arc=120)
    assert [len(a) for a in together] == [1, 2, 1, 0]
    for leg, arcs in zip(legs, together):
        for (t, y), (u, z) in zip(arcs, cislunar.trajectory(leg, points_per_arc=120)):
            np.testing.assert_array_equal(t, u)
            np.testing.assert_allclose(y[:, :3], z[:, :3], rtol=0, atol=2 * POS_KM)  # both within POS_KM of truth
    assert trajectories([]) == []


def test_two_body_leg_has_no_arcs():
    assert cislunar.trajectory(cislunar.transfer_dv("LEO", "GEO")) == []


def test_drawing_a_leg_never_imports_scipy_integrate():
    # the leg is built from its arcs in the fresh process, so nothing but trajectory() can import anything
    arcs = tuple((tuple(map(float, s)), float(T)) for s, T in beacon_escape("lunar-flyby-perigee-burn").arcs)
    code = ("from deltav.cislunar import CislunarLeg, trajectory\n"
            f"leg = CislunarLeg('EML4', 'escape', 'cr3bp', None, (), 0.0, 0.0, None, None, '', arcs={arcs!r})\n"
            "got = trajectory(leg)\n"
            "assert len(got) == 3 and got[0][1].shape == (400, 6)")
    assert imported_by(code, ("scipy.integrate",)) == []
