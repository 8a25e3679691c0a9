"""Reading user input files: YAML with line numbers, unit-string fields, located validation errors.

Scenario files and the claims seed file are validated with pydantic models whose quantity fields
accept unit strings (``"300 km"``, ``"3.2 km/s"``, ``"16.8 t"``) and store plain floats in deltav's
core units (km, km/s, s, kg). Any problem becomes one :class:`deltav.errors.InputError` of the form
``FILE:LINE: key.path: what is wrong (expected ...)``.

Layout: :mod:`~deltav.inputs.document` (the parsed file), :mod:`~deltav.inputs.reading` (files and YAML,
with the limits listed in docs/reliability.md), :mod:`~deltav.inputs.fields` (unit-string field types)
and :mod:`~deltav.inputs.validation` (located errors).
"""

from deltav.inputs.document import Document, Loc, keypath, short
from deltav.inputs.fields import (EPHEMERIS_FIRST, EPHEMERIS_LAST, Altitude, Angle, Date, Duration, EphemerisDate,
                                  Flag, Fraction, Isp, Length, Mass, MassOrZero, Rate, Speed, Strict, bounded_text,
                                  integer, quantity_parser)
from deltav.inputs.reading import (MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_SCALAR_CHARS, decode, load_yaml,
                                   read_text)
from deltav.inputs.validation import validate

__all__ = ["EPHEMERIS_FIRST", "EPHEMERIS_LAST", "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "MAX_SCALAR_CHARS",
           "Altitude", "Angle", "Date", "Document", "Duration", "EphemerisDate", "Flag", "Fraction", "Isp", "Length",
           "Loc", "Mass", "MassOrZero", "Rate", "Speed", "Strict", "bounded_text", "decode", "integer", "keypath",
           "load_yaml", "quantity_parser", "read_text", "short", "validate"]
