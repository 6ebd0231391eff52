"""Checks for tests: do the three methods agree, and does your code agree with them?

`assert_path_sums_agree` compares enumeration, forward and reverse accumulation.
Exact values (ints, Fractions, polynomials, words, integer arrays) must be equal;
floating-point values must lie within the sum of the two methods' rounding-error
bounds from `error_bound`, a bound derived from the weights, never a tolerance
picked by hand. `assert_matches_path_sums` and `path_sum_property` compare a
function of yours with pathsum in the same way, and `to_rustworkx`, `to_igraph`
and `to_scipy` hand your graphs to other libraries without the usual traps.
"""

from ..converters import to_igraph, to_rustworkx, to_scipy
from .agreement import assert_path_sums_agree
from .bounds import error_bound
from .candidates import assert_matches_path_sums
from .properties import PROFILES, path_sum_property, register_profiles

__all__ = [
    "PROFILES",
    "assert_matches_path_sums",
    "assert_path_sums_agree",
    "error_bound",
    "path_sum_property",
    "register_profiles",
    "to_igraph",
    "to_rustworkx",
    "to_scipy",
]
