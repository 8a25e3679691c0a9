"""deltav's numeric core: pure functions on float64 numpy arrays.

Units are fixed: km, km/s, s, kg (and km^3/s^2 for gravitational parameters). Every function
broadcasts like a ufunc (scalars in, 0-d arrays or floats out; arrays in, arrays out) and
never imports astropy; ``tests/core/test_purity.py`` keeps it so.
"""

#: Standard gravity (km/s^2), exact by definition (CGPM 1901), for Isp in seconds.
G0 = 9.80665e-3
