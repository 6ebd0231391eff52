"""Ready-made Hypothesis properties, and the profiles pathsum's own suite runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from ..accumulate import Weight
from ..best import check_selective
from ..semirings import (
    BOOLEAN,
    COUNTING,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
    Semiring,
)
from .candidates import assert_matches_path_sums, check_question, counted_base

# The integer weights drawn for each built-in semiring without weights=.
_DEFAULT_WEIGHTS = {
    REAL: (-3, 3),
    COUNTING: (0, 3),
    BOOLEAN: (0, 1),
    MIN_PLUS: (-10, 10),
    MAX_PLUS: (-10, 10),
    MAX_TIMES: (0, 5),
    LOG: (-5, 5),
}


# pathsum's own suite runs these, chosen with HYPOTHESIS_PROFILE; yours may too.
PROFILES = {
    "quick": {"max_examples": 25, "derandomize": True},
    "ci": {"max_examples": 200, "derandomize": True},
    "dev": {"max_examples": 1000, "derandomize": False},
}
_SHARED = {"deadline": None, "print_blob": True}


def register_profiles(prefix: str = "") -> list[str]:
    """Register pathsum's Hypothesis profiles, named `prefix` + quick, ci, dev.

    - ``quick``: 25 examples a property, reproducible (derandomized), for the
      edit-test loop;
    - ``ci``: 200 examples a property, reproducible, for continuous
      integration;
    - ``dev``: 1,000 random examples a property, to explore.

    None has a deadline (path sums over drawn graphs vary in time), and the
    ``too_slow`` health check is off. Load one with
    ``hypothesis.settings.load_profile(name)``, ``pytest
    --hypothesis-profile=name``, or pass ``settings.get_profile(name)`` as
    ``settings=`` to `path_sum_property`.

    Parameters
    ----------
    prefix : str, default ""
        Put before each name, where your suite has profiles of the same names.

    Returns
    -------
    list of str
        The names registered.

    Examples
    --------
    >>> from hypothesis import settings
    >>> from pathsum.testing import register_profiles
    >>> register_profiles(prefix="pathsum-")
    ['pathsum-quick', 'pathsum-ci', 'pathsum-dev']
    >>> settings.get_profile("pathsum-ci").max_examples
    200
    """
    from hypothesis import HealthCheck, settings

    if not isinstance(prefix, str):
        raise TypeError(f"prefix={prefix!r} must be a string")
    names = []
    for name, options in PROFILES.items():
        settings.register_profile(
            prefix + name,
            parent=settings.get_profile("default"),  # not whatever is loaded
            suppress_health_check=[HealthCheck.too_slow],
            **_SHARED,
            **options,
        )
        names.append(prefix + name)
    return names


def path_sum_property(
    candidate: Callable[..., Any],
    *,
    semiring: Semiring = REAL,
    kind: str = "sum",
    whole: bool = False,
    weight: Weight = "weight",
    default_weight: Any = None,
    rel_tol: float | None = None,
    abs_tol: float | None = None,
    settings: Any = None,
    **strategy_options: Any,
) -> Callable[[], None]:
    """A ready-made property: `candidate` matches pathsum on random DAGs.

    Returns a test function that runs `assert_matches_path_sums` under
    Hypothesis on graphs drawn by `pathsum.strategies.dags_with_endpoints`.
    Call it, or assign it to a name starting with ``test_`` in a test module
    for pytest to run. Failures shrink to a small graph, printed as an edge
    list, and the example printed holds what your function is called with:
    ``(G, source, target)`` for "sum" and "path", ``(G, source)`` for
    "forward", ``(G, target)`` for "reverse", the graph alone for "whole",
    "pairs" and ``whole=True``.

    Parameters
    ----------
    candidate : callable
        As in `assert_matches_path_sums`.
    semiring, kind, weight, default_weight, rel_tol, abs_tol
        As in `assert_matches_path_sums`.
    whole : bool, default False
        With ``kind="path"``: your function is called as ``candidate(G)`` and
        returns a best path anywhere in the graph (networkx's
        `dag_longest_path`), rather than ``candidate(G, source, target)``.
    settings : hypothesis.settings, optional
        The settings the test runs under (``max_examples``, ``deadline``, a
        profile from `register_profiles`...); by default, those of the profile
        loaded when the property is made. Hypothesis's explain phase is left
        out either way: it would list lines of pathsum, not of your code.
    **strategy_options
        Passed on to `dags_with_endpoints` (``max_nodes=``, ``multigraph=``,
        ``weights=``, ``infinities=``, ``missing=``...), with `semiring`,
        whose infinities ``infinities=`` draws. Without ``weights=``, small
        integer weights fitting the semiring are drawn (for REAL, -3 to 3; for
        MAX_TIMES, 0 to 5).

    Returns
    -------
    callable
        A Hypothesis test taking no arguments.

    Examples
    --------
    networkx's longest path, restricted to the nodes on source -> target
    paths, agrees with MAX_PLUS when weights are not negative and a path
    exists (the property passes, silently):

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> from hypothesis import strategies as st
    >>> from pathsum.testing import path_sum_property
    >>> def longest(G, source, target):
    ...     if not nx.has_path(G, source, target):
    ...         return float("-inf")
    ...     on_paths = nx.descendants(G, source) & nx.ancestors(G, target)
    ...     return nx.dag_longest_path_length(G.subgraph(on_paths | {source, target}))
    >>> test_longest = path_sum_property(longest, semiring=ps.MAX_PLUS,
    ...                                  weights=st.integers(0, 9))
    >>> test_longest()

    Without the ``has_path`` line it fails, and Hypothesis shrinks the graph
    to two nodes and no edge (networkx answers 0 where no path is -inf).
    """
    semiring, _ = check_question(candidate, semiring, kind, rel_tol, abs_tol)
    if whole and kind != "path":
        raise ValueError(f"whole=True is for kind='path', not kind={kind!r}")
    from hypothesis import Phase, given
    from hypothesis import settings as Settings
    from hypothesis import strategies as st

    if settings is not None and not isinstance(settings, Settings):
        raise TypeError(
            f"settings={settings!r} must be a hypothesis.settings, as in "
            f"settings=hypothesis.settings(max_examples=500)"
        )
    if kind == "path":
        check_selective(semiring, "kind='path'")
    missing = strategy_options.get("missing")
    if missing and isinstance(weight, str) and default_weight is None:
        raise ValueError(
            f"missing={missing!r} draws edges without a weight, which pathsum "
            f"refuses without default_weight=: pass default_weight=, the weight "
            f"your function gives such an edge"
        )
    if "weights" not in strategy_options and weight is not None:
        bounds = _default_weights(semiring)
        if bounds is None:
            raise ValueError(
                f"give weights= (a Hypothesis strategy of {semiring.name} weights)"
            )
        strategy_options["weights"] = st.integers(*bounds)
    ends = "both" if kind in ("sum", "path") and not whole else kind
    examples = drawn(ends, semiring=semiring, **strategy_options)
    if isinstance(weight, str) and weight != "weight":
        # The strategies draw the attribute "weight": give it your name.
        examples = examples.map(_renamed(weight))
    check = {
        "weight": weight, "semiring": semiring, "kind": kind,
        "default_weight": default_weight, "rel_tol": rel_tol, "abs_tol": abs_tol,
    }  # fmt: skip
    parent = settings if settings is not None else Settings()
    phases = tuple(phase for phase in parent.phases if phase is not Phase.explain)

    @Settings(parent, phases=phases)
    @given(examples)
    def test_matches_path_sums(example):
        if ends == "both":
            G, source, target = example
        elif ends == "forward":
            (G, source), target = example, None
        elif ends == "reverse":
            (G, target), source = example, None
        else:
            G, source, target = example, None, None
        assert_matches_path_sums(candidate, G, source, target, **check)

    test_matches_path_sums.__name__ = f"test_{getattr(candidate, '__name__', 'it')}"
    return test_matches_path_sums


def _default_weights(semiring: Semiring) -> tuple[int, int] | None:
    """The bounds of the integer weights drawn for a built-in semiring (for
    counts of best paths, the raw weights of the semiring counted in)."""
    return _DEFAULT_WEIGHTS.get(counted_base(semiring) or semiring)


def drawn(ends: str, **strategy_options: Any) -> Any:
    """The examples a property draws: `dags_with_endpoints`, cut to `ends`.

    `ends` is "both" (``(G, source, target)``), "forward" (``(G, source)``),
    "reverse" (``(G, target)``) or anything else (the graph alone). Draw what
    the candidate is called with, and nothing it is not: an end printed with
    a failing example must be one the candidate saw.
    """
    from ..strategies import dags_with_endpoints

    take = _TAKE.get(ends, _TAKE["none"])
    return dags_with_endpoints(**strategy_options).map(take)


def _renamed(name: str) -> Callable[[Any], Any]:
    """Move each drawn edge's "weight" to the attribute `name`, in place."""

    def rename(example):
        G = example if isinstance(example, nx.DiGraph) else example[0]
        for *_, data in G.edges(data=True):
            if "weight" in data:
                data[name] = data.pop("weight")
        return example

    return rename


_TAKE = {
    "both": lambda example: example,
    "forward": lambda example: (example[0], example[1]),
    "reverse": lambda example: (example[0], example[2]),
    "none": lambda example: example[0],
}
