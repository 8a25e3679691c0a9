"""Sphinx configuration of deltav's API reference (built in CI with warnings as errors).

Build: ``python -m sphinx -W --keep-going -b html docs/api docs/api/_build``.
"""

project = "deltav"
author = "deltav developers"
extensions = ["sphinx.ext.autodoc", "numpydoc", "myst_parser", "sphinx.ext.mathjax"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # the numpydoc sections say the types, with units
numpydoc_show_class_members = False
numpydoc_validation_checks = set()  # docstring content is reviewed by hand; the build checks the markup
# numpydoc renames each docstring's References so that they are unique; most are cited in prose rather than
# by [name]_ markers, which Sphinx would flag as unreferenced citations.
suppress_warnings = ["myst.header", "ref.citation"]
html_theme = "alabaster"
nitpicky = False
