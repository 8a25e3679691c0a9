"""Benchmark: propagating many Earth–Moon CR3BP arcs, and the cost of each CR3BP transfer_dv call.

Run: ``python benchmarks/cr3bp.py`` (about a minute on 2 cores); writes the ``cr3bp`` section of
docs/benchmarks.md.

Arcs: N states leaving L4 with burns of 0-0.5 km/s in random in-plane directions, propagated for
10 days with DOP853 (rtol = atol = 1e-10). "stacked" advances all N arcs in one ``solve_ivp`` call
(one 6N-vector, numpy right-hand side, tolerances divided by sqrt(N)); "one by one" calls
``solve_ivp`` per arc (Python-float right-hand side), timed on a subset and scaled. Accuracy:
worst relative Jacobi-constant drift over the 10 days.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _table import write_section

from deltav.core import cr3bp


def arcs(n, seed=0):
    rng = np.random.default_rng(seed)
    L4 = cr3bp.lagrange_points()[3]
    ang = rng.uniform(0, 2 * np.pi, n)
    dv = rng.uniform(0, 0.5, n) / cr3bp.VELOCITY_KM_S
    s = np.zeros((n, 6))
    s[:, :3] = L4
    s[:, 3], s[:, 4] = dv * np.cos(ang), dv * np.sin(ang)
    return s


class RhsCounter:
    """Counts calls of the CR3BP right-hand sides while active (``with counter:``); ``n`` is the last count."""

    def __enter__(self):
        from deltav.core import cr3bp_targeting

        self.n, self._saved = 0, []
        for module, name in ((cr3bp, "_eom_one"), (cr3bp, "eom"), (cr3bp_targeting, "_eom_stm_planar")):
            f = getattr(module, name)
            self._saved.append((module, name, f))
            setattr(module, name, self._counted(f))
        return self

    def _counted(self, f):
        def rhs(*args, **kwargs):
            self.n += 1
            return f(*args, **kwargs)
        return rhs

    def __exit__(self, *exc):
        for module, name, f in self._saved:
            setattr(module, name, f)


def stacking_the_flyby_angles(repeat=5) -> str:
    """Why the lunar flyby's four departure angles are not propagated as one stack: their arcs pass the Moon
    at different times, so a shared step size is small for longer, and numpy's per-call cost on 4 arcs is
    close to four Python-float calls."""
    from deltav.cislunar import flyby, nodes

    alphas = np.radians(flyby.SEEDS["EML4"][0])
    b = 0.06225 / cr3bp.VELOCITY_KM_S  # about the first burn of the solved flybys
    s = np.zeros((alphas.size, 6))
    s[:, :3] = nodes.lpoint_nd("EML4")
    s[:, 3], s[:, 4] = b * np.cos(alphas), b * np.sin(alphas)
    tf = 5.4  # nondim, just past the last perilune (about 23 days)
    rows = []
    for name, run in (("one by one", lambda: [cr3bp.propagate(x, tf, rtol=1e-8, atol=1e-13)[2].nfev for x in s]),
                      ("stacked (N = 4)", lambda: [cr3bp.propagate(s, tf, rtol=1e-8, atol=1e-13)[2].nfev])):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            nfev = run()
            times.append(time.perf_counter() - t0)
        rows.append(f"| {name} | {min(times) * 1e3:.1f} | {sum(nfev):,} |")
    return ("The four seeded departure angles of the EML4 lunar flyby, L4 to just past perilune (rtol 1e-8, as in "
            "the flyby's search), best of 5:\n\n| four arcs | wall time (ms) | RHS calls |\n|---|---:|---:|\n"
            + "\n".join(rows))


def main():
    tf = 10 * 86400 / cr3bp.TIME_S
    rows = []
    cr3bp.propagate(arcs(2), tf, rtol=1e-10, atol=1e-10)  # warm-up (scipy import)
    for n in (10, 100, 1000):
        s = arcs(n)
        t0 = time.perf_counter()
        _, y, sol = cr3bp.propagate(s, tf, rtol=1e-10, atol=1e-10, t_eval=[0.0, tf])
        dt = time.perf_counter() - t0
        C = cr3bp.jacobi_constant(y)
        drift = float(np.max(np.abs(C[:, -1] / C[:, 0] - 1)))
        rows.append((f"stacked, N = {n}", dt, dt / n * 1e3, sol.nfev, drift))
    sub = 50
    s = arcs(sub)
    t0 = time.perf_counter()
    drift = 0.0
    for k in range(sub):
        _, y, _ = cr3bp.propagate(s[k], tf, rtol=1e-10, atol=1e-10, t_eval=[0.0, tf])
        C = cr3bp.jacobi_constant(y)
        drift = max(drift, abs(C[-1] / C[0] - 1))
    dt = (time.perf_counter() - t0) / sub
    rows.append((f"one by one (timed on {sub}), N = 1000", dt * 1000, dt * 1e3, float("nan"), drift))

    table = ["| arcs (10 days each, from L4) | wall time (s) | per arc (ms) | RHS calls | worst Jacobi drift |",
             "|---|---:|---:|---:|---:|"]
    for name, t, per, nfev, drift in rows:
        nf = "" if np.isnan(nfev) else f"{nfev:,}"
        table.append(f"| {name} | {t:.2f} | {per:.2f} | {nf} | {drift:.1e} |")

    # cost of each CR3BP transfer_dv call: solved (table off, caches cleared) and served by the shipped table
    from deltav import cislunar
    from deltav.cislunar import flyby, memo, shooting, transfer

    def clear():
        for f in (transfer._transfer, shooting.to_lpoint, shooting.escape, shooting._drop_to_perigee,
                  flyby._solve_from_angle):
            f.cache_clear()

    v_beacon = 2.9451621606727123  # v_inf of scenarios/beacon.yaml (Hohmann to Mars): its legs are in the table
    calls = [("LEO", "EML1", {}), ("LEO", "EML2", {}), ("LEO", "EML4", {}), ("LEO", "EML5", {}),
             ("lunar-surface", "EML1", {}), ("EML4", "escape", {"strategy": "direct-burn", "v_inf_km_s": v_beacon}),
             ("EML4", "escape", {"strategy": "perigee-burn", "v_inf_km_s": v_beacon}),
             ("EML4", "escape", {"strategy": "lunar-flyby", "v_inf_km_s": v_beacon})]
    t2 = ["| CR3BP leg | dv (km/s) | two-body (km/s) | solved (s) | RHS calls | from the table (ms) |",
          "|---|---:|---:|---:|---:|---:|"]
    counter = RhsCounter()
    for o, t, kw in calls:
        clear()
        with memo.computing(), counter:
            t0 = time.perf_counter()
            leg = cislunar.transfer_dv(o, t, **kw)
            dt = time.perf_counter() - t0
        clear()
        with memo.recording() as solved:
            t0 = time.perf_counter()
            cislunar.transfer_dv(o, t, **kw)
            dt_table = time.perf_counter() - t0
        where = "not in the table" if solved else f"{dt_table * 1e3:.2f}"
        name = f"{o} → {t}" + (f" ({kw['strategy']}, v∞ {kw['v_inf_km_s']:.3f} km/s)" if kw else "")
        t2.append(f"| {name} | {leg.dv_km_s:.3f} | {leg.two_body_dv_km_s:.3f} | {dt:.3f} | {counter.n:,} | {where} |")
    t3 = stacking_the_flyby_angles()

    md = ("How to re-run: `python benchmarks/cr3bp.py`. Propagation with `deltav.core.cr3bp.propagate` "
          "(scipy DOP853, rtol = atol = 1e-10 per arc). Stacking N arcs into one `solve_ivp` call shares "
          "the step-size control; since the error norm is an RMS over all arcs, `propagate` divides the "
          "tolerances by sqrt(N), which keeps the worst arc's Jacobi drift at the single-arc level (shown).\n\n"
          + "\n".join(table) + "\n\n"
          "Each CR3BP leg of `transfer_dv`, solved in this process (scipy already imported, table off: "
          "`deltav.cislunar.memo.computing()`), and the same call served by the shipped table of solved legs "
          "(`deltav/cislunar/_legs_table.py`: identical arguments and code only). RHS calls count every "
          "right-hand-side evaluation (one arc, stacked arcs, or with the state-transition matrix).\n\n"
          + "\n".join(t2) + "\n\n" + t3 + "\n")
    print(md)
    write_section("cr3bp", md)


if __name__ == "__main__":
    main()
