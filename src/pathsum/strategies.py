"""Hypothesis strategies for random DAGs, valid by construction.

Not imported by ``import pathsum``; use ``from pathsum import strategies``.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

__all__ = ["dags", "dags_with_endpoints"]


def dags(
    *,
    min_nodes: int = 1,
    max_nodes: int = 8,
    weights: SearchStrategy[Any] | None = None,
    multigraph: bool = False,
    max_parallel: int = 3,
) -> SearchStrategy[nx.DiGraph]:
    """Directed acyclic graphs with integer node labels and optional edge weights.

    Parameters
    ----------
    min_nodes, max_nodes : int, default 1 and 8
        Bounds on the number of nodes (0 <= min_nodes <= max_nodes).
    weights : strategy, optional
        Draws each edge's ``"weight"`` attribute (integers, fractions, floats,
        labels, matrices, ...). By default edges carry no attribute, so each
        weighs the semiring's one.
    multigraph : bool, default False
        Draw ``MultiDiGraph`` instances with parallel edges.
    max_parallel : int, default 3
        On multigraphs, the most edges between one ordered pair of nodes.

    Returns
    -------
    strategy of DiGraph or MultiDiGraph
        Nodes are ``0 .. n-1``. Each node draws its parents among the nodes before
        it in a hidden order, so there is never a cycle and nothing is filtered
        out; the labels are a drawn permutation of that order, so ``0, 1, …`` is
        not a topological order unless the draw makes it one. A node has no
        edge only where that is needed to make up `min_nodes`.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        At call time, for arguments out of range or of the wrong type.

    Examples
    --------
    >>> import networkx as nx
    >>> from hypothesis import given
    >>> from pathsum.strategies import dags
    >>> @given(dags(max_nodes=5))
    ... def test_acyclic(G):
    ...     assert nx.is_directed_acyclic_graph(G)
    >>> test_acyclic()

    Notes
    -----
    Examples shrink towards fewer nodes, fewer edges, labels in the hidden
    order, and the weights
    strategy's own simplest values: the simplest graph is ``min_nodes`` isolated
    nodes, and the simplest graph with an edge is ``0 -> 1``.
    """
    _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, 0)
    return _dags_and_orders(
        min_nodes, max_nodes, weights, multigraph, max_parallel
    ).map(lambda drawn: drawn[0])


def dags_with_endpoints(
    *,
    min_nodes: int = 1,
    max_nodes: int = 8,
    weights: SearchStrategy[Any] | None = None,
    multigraph: bool = False,
    max_parallel: int = 3,
) -> SearchStrategy[tuple[nx.DiGraph, int, int]]:
    """A DAG from `dags` with a source and a target node: ``(G, source, target)``.

    The target never comes before the source in the graph's hidden topological
    order, so a path is possible (and the source may be the target); whether
    one exists depends on the edges drawn. The endpoints may be nodes without
    edges.

    Parameters
    ----------
    min_nodes, max_nodes, weights, multigraph, max_parallel
        As for `dags`; `min_nodes` must be at least 1.

    Returns
    -------
    strategy of tuple
        ``(G, source, target)``.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        At call time, for arguments out of range or of the wrong type.

    Examples
    --------
    >>> from hypothesis import given
    >>> import pathsum as ps
    >>> from pathsum.strategies import dags_with_endpoints
    >>> @given(dags_with_endpoints(multigraph=True))
    ... def test_counts(example):
    ...     G, s, t = example
    ...     assert ps.count_paths(G, s, t) == len(list(ps.all_paths(G, s, t)))
    >>> test_counts()

    Notes
    -----
    Examples shrink as those of `dags` do, and the endpoints towards the first
    node of the topological order: the simplest example is ``(G, 0, 0)`` on a
    one-node graph.
    """
    _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, 1)
    return _dags_and_orders(
        min_nodes, max_nodes, weights, multigraph, max_parallel, endpoints=True
    )


@st.composite
def _dags_and_orders(
    draw, min_nodes, max_nodes, weights, multigraph, max_parallel, endpoints=False
):
    # Each node, in a hidden order, draws how many edges it gets from each node
    # before it, so there is never a cycle.
    n = draw(st.integers(min_nodes, max_nodes))
    multiplicity = st.integers(0, max_parallel) if multigraph else st.integers(0, 1)
    edges = []
    for child in range(1, n):
        counts = draw(st.lists(multiplicity, min_size=child, max_size=child))
        for parent, count in enumerate(counts):
            edges += [(parent, child)] * count
    kept = {node for edge in edges for node in edge}
    if endpoints:
        # The target never comes before the source in the hidden order.
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(i, n - 1))
        kept |= {i, j}
    # Nodes without edges are dropped, and min_nodes made up with isolated nodes
    # at the end, so that no shrink is blocked by an isolated node in the way.
    compact = {node: k for k, node in enumerate(sorted(kept))}
    edges = [(compact[u], compact[v]) for u, v in edges]
    n = max(min_nodes, len(compact))
    data = [{} if weights is None else {"weight": draw(weights)} for _ in edges]
    labels = draw(st.permutations(range(n)))
    G = nx.MultiDiGraph() if multigraph else nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(
        (labels[u], labels[v], attributes)
        for (u, v), attributes in zip(edges, data, strict=True)
    )
    if endpoints:
        return G, labels[compact[i]], labels[compact[j]]
    return G, labels


def _check_int(name: str, value: Any, least: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be an int")
    if value < least:
        raise InvalidArgument(f"{name}={value!r} must be at least {least}")


def _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, least):
    _check_int("min_nodes", min_nodes, least)
    _check_int("max_nodes", max_nodes, least)
    if min_nodes > max_nodes:
        raise InvalidArgument(f"min_nodes={min_nodes} > max_nodes={max_nodes}")
    if weights is not None and not isinstance(weights, SearchStrategy):
        raise InvalidArgument(
            f"weights={weights!r} must be a Hypothesis strategy or None"
        )
    _check_flag("multigraph", multigraph)
    _check_int("max_parallel", max_parallel, 1)


def _check_flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
