"""Time 10^6 vectorised Hohmann + departure + capture budgets, and boinor's Maneuver.hohmann for comparison.

Run:  python benchmarks/twobody.py [--n 1000000] [--peer-n 300]

Writes the "twobody" section of docs/benchmarks.md. Each timing is the best of several repeats
(the machine is shared); boinor is JIT-warmed before it is timed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import best_time, write_section  # noqa: E402

from deltav.bodies import EARTH, MARS, SUN  # noqa: E402
from deltav.core import conics, transfers  # noqa: E402



def best(fn, repeat=5):
    return best_time(fn, repeat)


def chunked(fn, n, chunk=1 << 15):
    """Apply fn to cache-sized slices (how sweeps larger than memory run anyway)."""
    def run():
        for i in range(0, n, chunk):
            fn(slice(i, i + chunk))
    return run


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10**6)
    ap.add_argument("--peer-n", type=int, default=300)
    ap.add_argument("--no-write", action="store_true", help="print only, do not touch docs/benchmarks.md")
    args = ap.parse_args(argv)
    n = args.n

    rng = np.random.default_rng(42)
    # Heliocentric radii around Earth's and Mars' mean orbits; LEO and low-Mars parking orbits.
    r1 = EARTH.sma_km * rng.uniform(0.98, 1.02, n)
    r2 = MARS.sma_km * rng.uniform(0.9, 1.1, n)
    rp_e, rp_m, ra_m = EARTH.radius_km + 300.0, MARS.radius_km + 300.0, MARS.radius_km + 33_000.0

    def separate():
        v1, v2, tof = transfers.hohmann(SUN.gm, r1, r2)
        return conics.departure_dv(EARTH.gm, v1, rp_e) + conics.capture_dv(MARS.gm, v2, rp_m, ra_m)

    def fused(sl=slice(None)):
        return transfers.hohmann_budget(SUN.gm, r1[sl], r2[sl], EARTH.gm, rp_e, MARS.gm, rp_m, r_a_arr=ra_m)

    rows = []
    t_h = best(lambda: transfers.hohmann(SUN.gm, r1, r2))
    rows.append(("deltav core.transfers.hohmann (dv1, dv2, tof)", t_h))
    rows.append(("deltav hohmann + departure_dv + capture_dv (3 calls)", best(separate)))
    t_b = best(fused)
    rows.append(("deltav core.transfers.hohmann_budget (fused)", t_b))
    t_c = best(chunked(fused, n))
    rows.append(("deltav hohmann_budget, chunks of 32768", t_c))

    # Peer: boinor (poliastro API), one Orbit + Maneuver.hohmann per element, in a Python loop.
    peer = None
    try:
        import astropy.units as u
        from boinor.bodies import Sun
        from boinor.maneuver import Maneuver
        from boinor.twobody import Orbit
    except ImportError:
        print("boinor not installed: peer comparison skipped")
    else:
        m = args.peer_n
        Maneuver.hohmann(Orbit.circular(Sun, 1e8 * u.km), 2e8 * u.km)  # JIT warm-up (not timed)

        def loop():
            for a, b in zip(r1[:m], r2[:m]):
                orb = Orbit.circular(Sun, (a - Sun.R.to_value(u.km)) * u.km)
                Maneuver.hohmann(orb, b * u.km).get_total_cost()

        def loop_maneuver_only():
            orbs = [Orbit.circular(Sun, (a - Sun.R.to_value(u.km)) * u.km) for a in r1[:m]]
            t0 = time.perf_counter()
            for orb, b in zip(orbs, r2[:m]):
                Maneuver.hohmann(orb, b * u.km).get_total_cost()
            return time.perf_counter() - t0

        t_peer = best(loop, repeat=3) / m * n
        t_peer_man = min(loop_maneuver_only() for _ in range(3)) / m * n
        peer = t_peer_man
        rows.append((f"boinor Orbit.circular + Maneuver.hohmann, Python loop ({m} sampled)", t_peer))
        rows.append((f"boinor Maneuver.hohmann only, Python loop ({m} sampled)", t_peer_man))

    lines = [f"10^6-element sweeps (n = {n:,}): Earth→Mars heliocentric Hohmann between mean circular orbits, "
             "departure from a 300 km circular LEO, capture into a 300 × 33 000 km Mars orbit. Best of 5.",
             "", "| computation | ns / element | elements / s |", "|---|---:|---:|"]
    for name, t in rows:
        lines.append(f"| {name} | {t / n * 1e9:,.1f} | {n / t:,.3g} |")
    budgets_per_s = n / min(t_b, t_c)
    lines += ["", f"Full budgets (Hohmann + departure + capture): **{budgets_per_s:.3g} budgets/s** "
              f"(goal ≥ 1e7 on this 2-core machine)."]
    if peer is not None:
        lines.append(f"Speed-up over boinor's Maneuver.hohmann in a loop (Hohmann only, per element): "
                     f"**{peer / t_h:,.0f}×**.")
    lines.append("\nRe-run: `python benchmarks/twobody.py`.")
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        print("wrote", write_section("twobody", text))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
