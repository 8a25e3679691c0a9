"""Run the docstring examples of the two-body core and the public manoeuvre and rocket modules."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import deltav.core

MODULES = sorted({f"deltav.core.{m.name}" for m in pkgutil.iter_modules(deltav.core.__path__)}
                 | {"deltav.core", "deltav.maneuvers", "deltav.rocket", "deltav", "deltav.cislunar.flyby", "deltav.cislunar.nodes"})


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
