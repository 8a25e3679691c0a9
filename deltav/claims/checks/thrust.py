"""starship-thrust: lift-off thrust against the catalogue, and against other launchers."""

from __future__ import annotations

from deltav import vehicles
from deltav.claims.checks.registry import Finding, Force, Pending, VehicleId, check, g4
from deltav.inputs import Fraction, Strict


class ThrustStates(Strict):
    liftoff_thrust: Force  # kN
    times_more_than: float  # "more than N times" each comparison vehicle


class ThrustInputs(Strict):
    vehicle: VehicleId
    compare_with: list[VehicleId]
    tolerance: Fraction  # how close "nearly X" must be to the catalogue figure


@check("starship_thrust", ThrustStates, ThrustInputs)
def starship_thrust(states: ThrustStates, inputs: ThrustInputs) -> Finding:
    v = vehicles.get(inputs.vehicle)
    if v.liftoff_thrust_kN is None:
        raise Pending(f"{v.id} has no published lift-off thrust in the catalogue")
    rel = abs(states.liftoff_thrust - v.liftoff_thrust_kN) / v.liftoff_thrust_kN
    parts = {f"lift-off thrust ~{states.liftoff_thrust / vehicles.G0_KN_PER_TF:,.0f} tf": bool(rel <= inputs.tolerance)}
    numbers = {f"{v.id}_liftoff_tf": g4(v.liftoff_thrust_tf), "claimed_liftoff_tf":
               g4(states.liftoff_thrust / vehicles.G0_KN_PER_TF), "claimed_vs_catalogue_pct": g4(100 * rel)}
    sources = [f"{v.id} lift-off thrust: {v.source('liftoff_thrust_kN')}"]
    ratios = []
    for other_id in inputs.compare_with:
        o = vehicles.get(other_id)
        if o.liftoff_thrust_kN is None:
            parts[f"more than {states.times_more_than:g}x {o.id}"] = None
            continue
        ratio = v.liftoff_thrust_kN / o.liftoff_thrust_kN
        ratios.append(f"{ratio:.2f}x {o.name}")
        parts[f"more than {states.times_more_than:g}x {o.id}"] = bool(ratio > states.times_more_than)
        numbers[f"{o.id}_liftoff_tf"] = g4(o.liftoff_thrust_tf)
        numbers[f"ratio_to_{o.id}"] = g4(ratio)
        sources.append(f"{o.id} lift-off thrust: {o.source('liftoff_thrust_kN')}")
    summary = (f"{v.name}: {v.liftoff_thrust_tf:,.0f} tf at lift-off (claim: ~{numbers['claimed_liftoff_tf']:,.0f} tf, "
               f"{100 * rel:.1f} % apart); that is " + ", ".join(ratios) + ".")
    return Finding(parts, summary, numbers, sources)
