"""Sphinx configuration: Markdown pages (MyST), numpydoc docstrings, furo.

Build with ``sphinx-build -W -b html docs docs/_build/html``; every figure is
drawn by pathsum during the build (see ``_ext/pathsum_figures.py``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import pathsum

project = "pathsum"
author = "the pathsum developers"
copyright = "2026, the pathsum developers"
release = version = pathsum.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "numpydoc",
    "pathsum_figures",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "furo"
html_title = f"pathsum {release}"
