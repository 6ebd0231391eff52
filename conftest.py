"""Hypothesis profiles, chosen with the HYPOTHESIS_PROFILE environment variable.

The profiles are pathsum.testing's (`register_profiles`), offered to users too:
- `quick` (the default): 25 examples a property, reproducible; the whole suite
  in a few minutes, for the edit-test loop.
- `ci`: 200 examples a property, reproducible; what CI runs.
- `dev`: 1,000 random examples a property, to explore.

A test that sets its own `max_examples` keeps it under every profile.

The fixture `quiet_networkx_cache` silences the warning networkx gives each
time a backend's cached conversion is used (the backend's tests reuse them).
"""

import os

import networkx as nx
import pytest
from hypothesis import settings

from pathsum.testing import register_profiles

register_profiles()
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture
def quiet_networkx_cache():
    ignored = set(nx.config.warnings_to_ignore)
    nx.config.warnings_to_ignore.add("cache")
    yield
    nx.config.warnings_to_ignore = ignored
