"""long-march-5: is a rocket larger than Long March 5 in development, and is a larger one flying now?"""

from __future__ import annotations

from deltav import vehicles
from deltav.claims.checks.registry import Finding, Nothing, VehicleId, check
from deltav.inputs import Strict


class LongMarchInputs(Strict):
    baseline: VehicleId
    developing: list[VehicleId]
    available: list[VehicleId]
    also_compare: list[VehicleId] = []


@check("long_march_5", Nothing, LongMarchInputs)
def long_march_5(states: Nothing, inputs: LongMarchInputs) -> Finding:
    base = vehicles.get(inputs.baseline)
    ids = [inputs.baseline, *inputs.developing, *inputs.available, *inputs.also_compare]
    table = {}
    sources = []
    for vid in ids:
        v = vehicles.get(vid)
        table[v.id] = {d: (None if v.payload_kg[d] is None else v.payload_kg[d] / 1e3) for d in ("LEO", "TLI", "TMI")}
        table[v.id]["status"] = v.status
        sources += [f"{v.id} {d}: {v.source(f'payload.{d}')}" for d in ("LEO", "TLI", "TMI")
                    if v.payload_kg[d] is not None]

    def larger(v):
        mine, theirs = v.payload_kg["LEO"], base.payload_kg["LEO"]
        return None if mine is None or theirs is None else mine > theirs

    dev = [vehicles.get(x) for x in inputs.developing]
    av = [vehicles.get(x) for x in inputs.available]
    dev_ok = [larger(v) and v.status in ("planned", "in development") for v in dev]
    av_ok = [larger(v) and v.status == "operational" for v in av]
    parts = {f"a rocket larger than {base.id} is in development": any(dev_ok) if dev else None,
             "a larger rocket is available now": any(av_ok) if av else None}
    fmt = lambda v, d: "—" if v.payload_kg[d] is None else f"{v.payload_kg[d] / 1e3:g}"
    summary = (f"{base.name}: {fmt(base, 'LEO')} t LEO, {fmt(base, 'TLI')} t TLI, {fmt(base, 'TMI')} t TMI. "
               + "; ".join(f"{v.id} ({v.status}): {fmt(v, 'LEO')} t LEO, {fmt(v, 'TLI')} t TLI" for v in dev)
               + ". " + "; ".join(f"{v.id} ({v.status}): {fmt(v, 'LEO')} t LEO, {fmt(v, 'TMI')} t TMI" for v in av)
               + ".")
    return Finding(parts, summary, {"payload_t": table}, sources)
