"""deltav: an orbital-mechanics what-if calculator.

Units-aware (astropy Quantity) functions that broadcast over numpy arrays::

    >>> import astropy.units as u, deltav
    >>> leo = deltav.bodies.EARTH.R + 300 * u.km
    >>> print(f"{deltav.departure_dv(2.943 * u.km / u.s, leo, deltav.bodies.EARTH):.3f}")
    3.590 km / s

Everything is imported on first use, so ``import deltav`` costs almost nothing; the pure-numpy
core lives in :mod:`deltav.core`.
"""

import importlib as _importlib

__version__ = "0.1.0"

# Public name -> module defining it. Names are a contract with notebook users: keep them.
_API = {
    # two-body manoeuvres (deltav.maneuvers)
    "hohmann": "deltav.maneuvers", "bielliptic": "deltav.maneuvers", "departure_dv": "deltav.maneuvers",
    "capture_dv": "deltav.maneuvers", "hyperbola": "deltav.maneuvers", "plane_change_dv": "deltav.maneuvers",
    "circular_speed": "deltav.maneuvers", "escape_speed": "deltav.maneuvers", "c3": "deltav.maneuvers",
    "hohmann_plane_change": "deltav.maneuvers", "phasing": "deltav.maneuvers",
    # rocket equation
    "delta_v": "deltav.rocket", "propellant_mass": "deltav.rocket",
    # Lambert, launch windows, porkchops
    "lambert": "deltav.iod", "lambert_all": "deltav.iod", "porkchop": "deltav.launch_windows",
    "windows": "deltav.launch_windows",
    # Earth-Moon three-body model
    "lagrange_points": "deltav.cislunar", "lunar_flyby_cr3bp": "deltav.cislunar",
    # scenarios
    "load_scenario": "deltav.scenario", "evaluate": "deltav.mission", "sweep": "deltav.sweeps",
    # claims, judged from an evaluated scenario
    "judge": "deltav.claims",
    # errors
    "InputError": "deltav.errors", "InfeasibleError": "deltav.errors",
}
_SUBMODULES = {"bodies", "cislunar", "claims", "core", "ephemeris", "errors", "iod", "launch_windows", "maneuvers",
               "mission", "plots", "report", "rocket", "scenario", "vehicles"}
# Modules that moved into subpackages: still reachable as attributes, no longer listed.
_MOVED = {"beacon": "deltav.claims.beacon", "lunar_flyby": "deltav.cislunar.flyby", "plans": "deltav.mission.plans",
          "supply": "deltav.mission.supply"}

__all__ = sorted(_API) + sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _API:
        obj = getattr(_importlib.import_module(_API[name]), name)
    elif name in _SUBMODULES:
        obj = _importlib.import_module(f"deltav.{name}")
    elif name in _MOVED:
        return _importlib.import_module(_MOVED[name])
    else:
        raise AttributeError(f"module 'deltav' has no attribute '{name}'")
    globals()[name] = obj  # cache: later look-ups skip __getattr__
    return obj


def __dir__():
    # The public API only: helpers (``_importlib``, ``_API``) and internal submodules imported along the
    # way (``deltav.tables``, ``deltav.inputs``, ...) stay out of tab completion.
    return sorted(__all__) + ["__version__"]
