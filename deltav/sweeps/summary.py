"""What a sweep found, in words and plain numbers: verdict shares, where verdicts flip, Monte Carlo odds."""

from __future__ import annotations

import numpy as np

from deltav.claims.rules import CODES
from deltav.sweeps import stats


def summarise(ds) -> dict:
    """JSON-ready summary: per claim the share of cases with each verdict (and, on one varied key, the values
    where it flips); per architecture the share that closes; with samples, 95 % intervals."""
    dims = [d for d in ds.dims if d != "architecture"]
    out = {"scenario": ds.attrs.get("scenario"), "vary": ds.attrs.get("vary"), "cases": int(np.prod(
        [ds.sizes[d] for d in dims])), "claims": {}, "closes": {}}
    if "sample" in ds.dims:
        mc = stats.monte_carlo(ds)
        out["closes"], out["claims"] = mc["closes"], mc["verdicts"]
        out["samples"] = mc["samples"]
    else:
        for arch in ds.architecture.values:
            out["closes"][str(arch)] = {"p": float(ds.closes.sel(architecture=arch).mean())}
        for var in _verdict_vars(ds):
            codes = ds[var].values.ravel()
            out["claims"][var[8:]] = {CODES[c]: {"p": float((codes == c).mean())} for c in CODES if (codes == c).any()}
    if len(dims) == 1 and dims[0] != "sample":
        out["flips"] = _flips(ds, dims[0])
    return out


def _verdict_vars(ds) -> list[str]:
    return [str(v) for v in ds.data_vars if str(v).startswith("verdict_")]


def _flips(ds, dim: str) -> dict:
    """Along the one varied key: the values between which each claim's verdict changes."""
    x = ds[dim].values
    flips = {}
    for var in _verdict_vars(ds):
        v = ds[var].values
        idx = np.flatnonzero(v[1:] != v[:-1])
        flips[var[8:]] = [{"between": [_plain(x[i]), _plain(x[i + 1])], "from": CODES[int(v[i])],
                           "to": CODES[int(v[i + 1])]} for i in idx]
    return flips


def _plain(x):
    return x.item() if hasattr(x, "item") else x


def text(summary: dict) -> str:
    """The terminal summary."""
    lines = [f"Sweep of {summary['scenario']}: {summary['cases']:,} cases ({summary['vary']})", ""]
    ci = "samples" in summary
    lines.append("Closes (share of cases" + (", 95 % interval)" if ci else ")"))
    for arch, p in summary["closes"].items():
        lines.append(f"  {arch}: {_share(p, ci)}")
    lines.append("")
    lines.append("Verdicts")
    for claim, shares in summary["claims"].items():
        lines.append(f"  {claim}: " + ", ".join(f"{v} {_share(p, ci)}" for v, p in shares.items()))
    for claim, flips in summary.get("flips", {}).items():
        for f in flips:
            lines.append(f"  {claim} flips {f['from']} -> {f['to']} between {f['between'][0]:g} and "
                         f"{f['between'][1]:g}")
    if "sobol" in summary:
        so = summary["sobol"]
        lines += ["", f"Sobol indices of {so['output']} (first order / total, inputs over their 5-95 % range)"]
        for name, s1, st in sorted(zip(so["names"], so["S1"], so["ST"]), key=lambda r: -r[2]):
            lines.append(f"  {name}: {s1:.2f} / {st:.2f}")
    return "\n".join(lines) + "\n"


def _share(p: dict, ci: bool) -> str:
    if ci:
        return f"{100 * p['p']:.1f} % [{100 * p['low']:.1f}, {100 * p['high']:.1f}]"
    return f"{100 * p['p']:.1f} %"


def tidy(ds):
    """One row per (case, architecture): the varied values, the results and the verdicts (pandas)."""
    df = ds.drop_vars(_verdict_vars(ds)).to_dataframe().reset_index()
    verdicts = ds[_verdict_vars(ds)].to_dataframe().reset_index()
    for var in _verdict_vars(ds):
        verdicts[var] = verdicts[var].map(CODES)
    keys = [c for c in verdicts.columns if not c.startswith("verdict_")]
    return df.merge(verdicts, on=keys) if keys else df.join(verdicts, how="cross")
