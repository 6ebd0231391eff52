"""Ready-made Hypothesis properties, and the profiles pathsum's own suite runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._graph import check_semiring
from ..accumulate import Weight
from ..semirings import (
    REAL,
    Semiring,
)
from .candidates import KINDS, assert_matches_path_sums

_DEFAULT_WEIGHTS = {
    "real": (-3, 3),
    "counting": (0, 3),
    "boolean": (0, 1),
    "min-plus": (-10, 10),
    "max-plus": (-10, 10),
    "max-times": (0, 5),
    "log": (-5, 5),
}


def path_sum_property(
    candidate: Callable[..., Any],
    *,
    semiring: Semiring = REAL,
    kind: str = "sum",
    weight: Weight = "weight",
    rel_tol: float | None = None,
    **strategy_options: Any,
) -> Callable[[], None]:
    """A ready-made property: `candidate` matches pathsum on random DAGs.

    Returns a test function that runs `assert_matches_path_sums` under
    Hypothesis on graphs drawn by `pathsum.strategies.dags_with_endpoints`.
    Call it, or assign it to a name starting with ``test_`` in a test module
    for pytest to run. Failures shrink to a small graph, printed as an edge
    list.

    Parameters
    ----------
    candidate : callable
        As in `assert_matches_path_sums`.
    semiring, kind, weight, rel_tol
        As in `assert_matches_path_sums`.
    **strategy_options
        Passed on to `dags_with_endpoints` (``max_nodes=``, ``multigraph=``,
        ``weights=``, ``infinities=``, ...), with `semiring`, whose infinities
        ``infinities=`` draws. Without ``weights=``, small integer weights
        fitting the semiring are drawn (for REAL, -3 to 3; for MAX_TIMES, 0 to 5).

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
    if not callable(candidate):
        raise TypeError(f"candidate must be a function, not {candidate!r}")
    semiring = check_semiring(semiring)
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} is not one of 'sum', 'forward', 'reverse'")
    from hypothesis import given
    from hypothesis import strategies as st

    from ..strategies import dags_with_endpoints

    if "weights" not in strategy_options and weight == "weight":
        if semiring.name not in _DEFAULT_WEIGHTS:
            raise ValueError(
                f"give weights= (a Hypothesis strategy of {semiring.name} weights)"
            )
        strategy_options["weights"] = st.integers(*_DEFAULT_WEIGHTS[semiring.name])
    examples = dags_with_endpoints(semiring=semiring, **strategy_options)

    @given(examples)
    def test_matches_path_sums(example):
        G, source, target = example
        assert_matches_path_sums(
            candidate, G, source, target, weight=weight, semiring=semiring,
            kind=kind, rel_tol=rel_tol,
        )  # fmt: skip

    test_matches_path_sums.__name__ = f"test_{getattr(candidate, '__name__', 'it')}"
    return test_matches_path_sums
