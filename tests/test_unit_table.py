"""The unit strings read without astropy (``deltav.inputs.fields._TABLE``) read exactly as astropy reads them.

The independent computation is astropy itself: its conversion factor, its physical-type names, and its reading
of the same text, compared bit for bit over many values (hypothesis).
"""

from __future__ import annotations

import pytest
from counting import imported_by
from hypothesis import given, settings
from hypothesis import strategies as st

from deltav.inputs import fields

PAIRS = sorted((target, text) for target, texts in fields._TABLE.items() for text in texts)


def _astropy(text: str, target: str) -> float:
    from astropy import units as u

    return float(fields._parse_quantity(text).to_value(u.Unit(target)))


@pytest.mark.parametrize("target, text", PAIRS, ids=[f"{t or '1'}<-{x or '1'}" for t, x in PAIRS])
def test_factor_is_astropys(target, text):
    from astropy import units as u
    from astropy.units.utils import is_effectively_unity

    factor = fields._unit(text)._to(u.Unit(target))
    assert fields._TABLE[target][text] == (1.0 if is_effectively_unity(factor) else factor)


@pytest.mark.parametrize("target", sorted(fields._KINDS))
def test_kinds_are_astropys(target):
    from astropy import units as u

    assert fields._KINDS[target] == str(u.Unit(target).physical_type)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # astropy's reading of 1e308 km in m
@settings(max_examples=400, deadline=None)
@given(pair=st.sampled_from(PAIRS), x=st.floats(allow_nan=False, allow_infinity=False),
       spaces=st.sampled_from(["", " ", "  "]))
def test_table_reads_as_astropy(pair, x, spaces):
    target, text = pair
    s = f"{x!r}{spaces if text else ''}{text}"
    if text and not spaces and text[0].isdigit():  # "2.01/d" would be another number
        s = f"{x!r} {text}"
    assert fields._table_value(s, target) == _astropy(s, target)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False), text=st.sampled_from(["furlong", "kN", "pc", "m2"]))
def test_other_units_are_left_to_astropy(x, text):
    assert fields._table_value(f"{x!r} {text}", "km") is None


def test_tabled_units_import_no_astropy():
    code = ("from deltav.inputs import bounds\nfrom pydantic import TypeAdapter\n"
            "for t, v in ((bounds.Mass, '63.8 t'), (bounds.Isp, '450 s'), (bounds.Rate, '0.1 %/d'),"
            " (bounds.Vinf, '2.9 km/s'), (bounds.Loiter, '30 d')):\n    TypeAdapter(t).validate_python(v)\n"
            "try:\n    TypeAdapter(bounds.Isp).validate_python('fast')\nexcept ValueError:\n    pass")
    assert imported_by(code, ("astropy",)) == []
