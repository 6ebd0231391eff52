"""Do enumeration, forward and reverse accumulation give the same path sum?"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from .._constants import MAX_PATHS
from .._graph import check_method, check_node, check_semiring
from .._passes import check_max_paths
from ..accumulate import Weight, path_sum
from ..semirings import (
    REAL,
    Semiring,
)
from .bounds import error_bound, is_exact


@not_implemented_for("undirected")
def assert_path_sums_agree(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
    methods: Sequence[str] = ("paths", "forward", "reverse"),
    max_paths: int | None = MAX_PATHS,
) -> Any:
    """Assert that every method gives the same `source` -> `target` path sum.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths.
    weight, semiring, default_weight
        As for `path_sum`.
    methods : sequence of str, default ("paths", "forward", "reverse")
        The methods to compare, at least one; ``"paths"`` enumerates.
    max_paths : int or None, default 1000000
        The most paths ``"paths"`` may enumerate (None: no limit). Past it, the
        check raises before computing anything, rather than run for ever on a
        graph like a chain of diamonds.

    Returns
    -------
    value
        The path sum by the first method, once all agree.

    Raises
    ------
    AssertionError
        If two methods disagree: exactly, for exact values; by more than the sum
        of their `error_bound`, for floating-point values. The message lists each
        method's value and the graph as an edge list.
    TooManyPathsError
        If `methods` includes ``"paths"`` and there are more than `max_paths`
        paths; it carries the exact count. Compare ``methods=("forward",
        "reverse")`` instead.
    ValueError
        If `methods` is empty or names an unknown method, if `max_paths` is not
        an int >= 0 or None, or if the values are floating-point and `semiring`
        is not one for which `error_bound` is derived.
    NetworkXNotImplemented, NodeNotFound, NotADAGError, WeightError
        As `path_sum`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> import networkx as nx
    >>> from pathsum.testing import assert_path_sums_agree
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([(0, 1, Fraction(1, 3)), (1, 2, 3), (0, 2, 1)])
    >>> assert_path_sums_agree(G, 0, 2)
    Fraction(2, 1)

    Floats agree within a derived bound, however the sums are associated:

    >>> H = nx.DiGraph()
    >>> H.add_weighted_edges_from([(0, 1, 0.1), (1, 3, 0.2), (0, 2, 0.3), (2, 3, 0.7)])
    >>> round(assert_path_sums_agree(H, 0, 3), 12)
    0.23
    """
    semiring = check_semiring(semiring)
    methods = _check_methods(methods)
    check_max_paths(max_paths)
    check_node(G, source, "source")
    check_node(G, target, "target")
    # Enumeration first: its guard then refuses before any other work is done.
    order = sorted(methods, key=lambda method: method != "paths")
    values = {
        method: path_sum(
            G,
            source,
            target,
            method=method,
            weight=weight,
            semiring=semiring,
            default_weight=default_weight,
            max_paths=max_paths,
        )
        for method in order
    }
    values = {method: values[method] for method in methods}
    if all(is_exact(value) for value in values.values()):
        disagree = [m for m in methods if not _equal(values[m], values[methods[0]])]
        limit = None
    else:
        bounds = {
            m: error_bound(
                G,
                source,
                target,
                method=m,
                weight=weight,
                semiring=semiring,
                default_weight=default_weight,
            )
            for m in methods
        }
        first = methods[0]
        disagree = [
            m
            for m in methods
            if not _within(values[m], values[first], bounds[m] + bounds[first])
        ]
        limit = bounds
    if disagree:
        raise AssertionError(
            _report(G, source, target, values, limit, weight, default_weight)
        )
    return values[methods[0]]


def _check_methods(methods: Any) -> list[str]:
    if isinstance(methods, str) or not isinstance(methods, Iterable):
        raise ValueError(
            f"methods={methods!r} must be a sequence of method names, as in "
            f"methods=('forward', 'reverse')"
        )
    checked = list(dict.fromkeys(check_method(method) for method in methods))
    if not checked:
        raise ValueError(
            "methods=() names no method: give at least one of 'paths', 'forward' "
            "and 'reverse'"
        )
    return checked


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(a, b))
    return bool(a == b)


def _within(a: Any, b: Any, bound: float) -> bool:
    if a == b:
        return True
    return bool(abs(a - b) <= bound)


def _report(G, source, target, values, bounds, weight, default_weight) -> str:
    lines = [f"path sums from {source!r} to {target!r} disagree:"]
    for method, value in values.items():
        extra = (
            "" if bounds is None else f"   (rounding-error bound {bounds[method]!r})"
        )
        lines.append(f"  {method:<8} {value!r}{extra}")
    lines.extend(graph_lines(G, weight, default_weight))
    return "\n".join(lines)


def graph_lines(G: nx.DiGraph, weight: Any, default_weight: Any) -> list[str]:
    """The graph as an edge list that can be pasted back into Python.

    A weight function's values are shown as the attribute ``'weight'``, so
    that the list rebuilds a graph that gives the same answers with
    ``weight='weight'``; the edges it hides are listed apart.
    """
    multigraph = G.is_multigraph()
    edges = list(G.edges(keys=True, data=True) if multigraph else G.edges(data=True))
    hidden = []
    if callable(weight):
        shown = []
        for edge in edges:
            try:
                value = weight(edge[0], edge[1], edge[-1])
            except Exception as exc:  # the report must not fail
                value = f"(your weight function raised {type(exc).__name__})"
            if value is None:
                hidden.append(edge[:-1])
            else:
                shown.append((*edge[:-1], {"weight": value}))
        edges = shown
        what = "weight='weight', the values your weight function returned"
    else:
        what = f"weight={weight!r}"
    if default_weight is not None:
        what += f", default_weight={default_weight!r}"
    lines = [f"graph ({type(G).__name__}, {what}), {len(edges)} edges:"]
    lines.extend(f"  {edge!r}" for edge in edges)
    if hidden:
        lines.append(f"  hidden by your weight function: {hidden!r}")
    isolated = [node for node in G if G.degree(node) == 0]
    if isolated:
        lines.append(f"  isolated nodes: {isolated!r}")
    return lines
