"""What-if at scale: one scenario evaluated over many cases, as a labelled :class:`xarray.Dataset`.

>>> import deltav
>>> ds = deltav.sweep("scenarios/beacon.yaml", {"ferry.isp": "350 s .. 950 s step 100 s"})  # doctest: +SKIP
>>> ds.total_dv_km_s.sel(architecture="Direct from LEO")                                    # doctest: +SKIP

:mod:`~deltav.sweeps.spec` parses what is varied, :mod:`~deltav.sweeps.engine` evaluates the cases (the
same mission engine as :func:`deltav.evaluate`, on arrays), :mod:`~deltav.sweeps.stats` summarises Monte
Carlo runs, one-at-a-time and Sobol sensitivities.
"""

from deltav.sweeps.run import sweep

__all__ = ["sweep"]
