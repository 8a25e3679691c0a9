"""The Sun's effect on the CR3BP cislunar legs, as measured by ``benchmarks/bcr4bp.py`` (too slow for every run).

The script rewrites ``BCR4BP_SUMMARY`` from its table in docs/cislunar.md; the Beacon report quotes it in its
assumptions whenever a result has CR3BP legs.
"""

BCR4BP_SUMMARY = ('With the Sun (bicircular model, 8 Sun phases; docs/cislunar.md, benchmarks/bcr4bp.py) the CR3BP legs change by: LEO → EML4 -0.005 to +0.005 km/s; EML4 → escape (direct-burn) -0.011 to +0.007 km/s; EML4 → escape (perigee-burn) -0.007 to +0.006 km/s; the lunar-flyby escape is not re-solved; a ferry at rest on L4 drifts 5,928–23,146 km in 30 days.')
