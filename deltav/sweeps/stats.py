"""Summaries of a sweep: Monte Carlo probabilities with intervals, one-at-a-time and Sobol sensitivities."""

from __future__ import annotations

import numpy as np

from deltav.claims.rules import CODES

Z95 = 1.959963984540054  # standard normal 97.5 % quantile


def wilson(k, n, z: float = Z95):
    """Wilson score interval of a binomial proportion k/n: (p, low, high), elementwise.

    References
    ----------
    E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
    J. Am. Stat. Assoc. 22:209 (1927).
    """
    k, n = np.asarray(k, float), np.asarray(n, float)
    p = k / n
    den = 1 + z**2 / n
    mid = (p + z**2 / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / den
    return p, mid - half, mid + half


def monte_carlo(ds) -> dict:
    """Per architecture, P(closes); per claim, P(each verdict): each with its 95 % Wilson interval."""
    n = ds.sizes["sample"]
    out = {"samples": n, "closes": {}, "verdicts": {}}
    for arch in ds.architecture.values:
        c = ds.closes.sel(architecture=arch)
        k = int(c.sum())
        out["closes"][str(arch)] = dict(zip(("p", "low", "high"), map(float, wilson(k, c.size))))
    for var in [v for v in ds.data_vars if str(v).startswith("verdict_")]:
        codes = ds[var].values.ravel()
        out["verdicts"][str(var)[8:]] = {CODES[c]: dict(zip(("p", "low", "high"), map(float, wilson(
            int((codes == c).sum()), codes.size)))) for c in CODES if (codes == c).any()}
    return out


def one_at_a_time(scenario, ranges: dict, outputs=("earth_launched_kg", "total_dv_km_s")) -> dict:
    """Tornado data: each key alone at its low and high value, the others at the scenario's own values.

    ``ranges``: key -> (low, high) in core units. Returns {output: {architecture: [(key, low_value, high_value)]}} with
    the outputs' values at the low and high ends (the base case is ``"base"``).
    """
    from deltav.sweeps import sweep

    scenario = scenario.model_copy(update={"sweep": None})  # only the keys given here vary
    base = sweep(scenario, {"ferry.isp": np.array([scenario.ferry.isp])})
    res = {o: {} for o in outputs}
    for key, (lo, hi) in ranges.items():
        ds = sweep(scenario, {key: np.array([lo, hi], float)})
        for o in outputs:
            for arch in ds.architecture.values:
                v = ds[o].sel(architecture=arch).values.ravel()
                res[o].setdefault(str(arch), []).append((key, float(v[0]), float(v[1])))
    for o in outputs:
        for arch in base.architecture.values:
            res[o].setdefault(str(arch), [])
            res[o][str(arch)].insert(0, ("base", float(base[o].sel(architecture=arch).values.ravel()[0]), np.nan))
    return res


def sobol(scenario, bounds: dict, output: str, architecture: str | None = None, n: int = 1024, seed: int = 1,
          claim: str | None = None, verdict: str = "true") -> dict:
    """First-order and total Sobol indices (Saltelli sampling, SALib) of one output of a sweep.

    ``bounds``: key -> (low, high) in core units (uniform). ``seed`` must be >= 1 (SALib takes 0 as "no seed"). ``output`` is a per-architecture variable (with
    ``architecture``) or, with ``claim``, the indicator that the claim's verdict equals ``verdict``.

    References
    ----------
    A. Saltelli et al., "Variance based sensitivity analysis of model output", Comput. Phys. Commun.
    181:259 (2010); J. Herman, W. Usher, "SALib", J. Open Source Softw. 2(9):97 (2017).
    """
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    from deltav.sweeps import sweep
    from deltav.sweeps.spec import PerSample

    scenario = scenario.model_copy(update={"sweep": None})  # only the keys given here vary
    keys = list(bounds)
    problem = {"num_vars": len(keys), "names": keys, "bounds": [list(map(float, bounds[k])) for k in keys]}
    if seed < 1:
        raise ValueError("seed must be >= 1: SALib takes 0 as no seed, and the intervals would change each run")
    x = sample.sample(problem, n, calc_second_order=False, seed=seed)
    # Each column goes in as an explicit list of values on the shared sample axis.
    vary = {k: PerSample(x[:, i]) for i, k in enumerate(keys)}
    ds = sweep(scenario, vary, samples=len(x))
    if claim is not None:
        y = (ds[f"verdict_{claim}"].values.ravel() == list(CODES.values()).index(verdict)).astype(float)
    else:
        y = ds[output].sel(architecture=architecture).values.ravel().astype(float)
    si = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    return {"names": keys, "S1": si["S1"].tolist(), "S1_conf": si["S1_conf"].tolist(), "ST": si["ST"].tolist(),
            "ST_conf": si["ST_conf"].tolist(), "n": int(len(x))}
