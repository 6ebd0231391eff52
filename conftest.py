"""Hypothesis profiles, chosen with the HYPOTHESIS_PROFILE environment variable.

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
from hypothesis import HealthCheck, settings

_SHARED = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow],
}
settings.register_profile("quick", max_examples=25, derandomize=True, **_SHARED)
settings.register_profile("ci", max_examples=200, derandomize=True, **_SHARED)
settings.register_profile("dev", max_examples=1000, **_SHARED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture
def quiet_networkx_cache():
    ignored = set(nx.config.warnings_to_ignore)
    nx.config.warnings_to_ignore.add("cache")
    yield
    nx.config.warnings_to_ignore = ignored
