"""Paths one by one: enumerate them, count them, weigh one."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import networkx as nx
from networkx.utils import not_implemented_for

from ._graph import (
    check_node,
    check_semiring,
    edge_weight_function,
    operations_failed,
    renamed,
    short_repr,
)
from ._passes import (
    check_max_paths,
    enumerate_paths,
    guard_enumeration,
    one_shot,
    relevant_edges,
)
from .accumulate import Weight
from .exceptions import WeightError
from .semirings import COUNTING, REAL, Semiring

__all__ = ["all_paths", "count_paths", "path_weight"]

_OPERATION_ERRORS = (TypeError, ValueError, ArithmeticError)


@not_implemented_for("undirected")
def all_paths(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    max_paths: int | None = None,
) -> Iterator[tuple[tuple, ...]]:
    """Iterate over every `source` -> `target` path, as a tuple of edges.

    The arguments and the graph are checked when the function is called; the
    paths are produced lazily.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths.
    max_paths : int, optional
        Refuse, before producing anything, to enumerate more paths than this.

    Returns
    -------
    iterator of tuple
        Each path is a tuple of edges ``(u, v)``, or ``(u, v, key)`` on a
        MultiDiGraph, where parallel edges make distinct paths. When `source` is
        `target` the only path is the empty one, ``()``.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    NotADAGError
        If a cycle is reachable from `source`.
    TooManyPathsError
        If there are more than `max_paths` paths; the message gives their exact
        number.

    Examples
    --------
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph([("a", "c"), ("b", "c"), ("b", "d"), ("c", "e"), ("d", "e")])
    >>> sorted(ps.all_paths(G, "b", "e"))
    [(('b', 'c'), ('c', 'e')), (('b', 'd'), ('d', 'e'))]
    >>> list(ps.all_paths(G, "e", "e"))
    [()]

    Parallel edges are told apart by their keys:

    >>> M = nx.MultiDiGraph([("x", "y"), ("x", "y")])
    >>> sorted(ps.all_paths(M, "x", "y"))
    [(('x', 'y', 0),), (('x', 'y', 1),)]

    Notes
    -----
    Only edges on some `source` -> `target` path are ever followed, so the work
    is proportional to the output plus one pass over the descendants of
    `source`. The number of paths can grow exponentially with the size of the
    graph; `count_paths` and `path_sum` answer most questions without
    enumerating.

    See Also
    --------
    count_paths, path_sum
    """
    check_node(G, source, "source")
    check_node(G, target, "target")
    check_max_paths(max_paths)
    out = relevant_edges(G, source, target)
    guard_enumeration(out, source, target, max_paths)
    return (
        tuple(edge for edge, _, _ in path)
        for path in enumerate_paths(out, source, target)
    )


@not_implemented_for("undirected")
def count_paths(G: nx.DiGraph, source: Hashable, target: Hashable) -> int:
    """The exact number of `source` -> `target` paths, by dynamic programming.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges count as distinct paths.
    source, target : node
        The ends of the paths. A node has exactly one path to itself.

    Returns
    -------
    int
        The number of paths (a Python int, so exact however large).

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    NotADAGError
        If a cycle is reachable from `source`.

    Examples
    --------
    A chain of 200 diamonds has 2**200 paths; counting them takes one pass:

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> for i in range(200):
    ...     G.add_edges_from([(i, (i, "up")), (i, (i, "down")),
    ...                       ((i, "up"), i + 1), ((i, "down"), i + 1)])
    >>> ps.count_paths(G, 0, 200) == 2**200
    True

    See Also
    --------
    all_paths, path_sum
    """
    check_node(G, source, "source")
    check_node(G, target, "target")
    counts = one_shot(G, {source: 1}, None, COUNTING, None, forward=True)
    return counts.get(target, 0)


@not_implemented_for("undirected")
def path_weight(
    G: nx.DiGraph,
    path: Iterable[tuple],
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> Any:
    """The ⊗-product of the edge weights along `path`, in path order.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        The graph the path lies in (it need not be acyclic).
    path : iterable of edges
        Consecutive edges ``(u, v)``, or ``(u, v, key)`` on a MultiDiGraph, as
        produced by `all_paths`. The empty path weighs ``semiring.one``.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default REAL
        What ⊗ is.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    value
        w(e1) ⊗ w(e2) ⊗ … ⊗ w(ek).

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    TypeError
        If `path` is not an iterable of edges, or an edge's ends are not nodes.
    ValueError
        If the edges do not join up, are of the wrong shape for `G`, or an edge
        is hidden by the weight function.
    NetworkXNoPath
        If an edge of the path is not in `G`.
    WeightError
        If an edge's weight is not a value of the semiring.

    Examples
    --------
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_edge("x", "y", label="a")
    >>> G.add_edge("y", "z", label="b")
    >>> ps.path_weight(G, [("x", "y"), ("y", "z")], weight="label", semiring=ps.FREE)
    WordSum('a·b')

    See Also
    --------
    all_paths, path_sum
    """
    semiring = check_semiring(semiring)
    size = 3 if G.is_multigraph() else 2
    shape = "(u, v, key)" if size == 3 else "(u, v)"
    try:
        edges = [tuple(edge) for edge in path]
    except TypeError:
        raise TypeError(
            f"path must be an iterable of edges {shape}, as all_paths yields, "
            f"not {short_repr(path)}"
        ) from None
    for i, edge in enumerate(edges):
        if len(edge) != size:
            raise ValueError(f"edge {edge!r} of the path is not of the form {shape}")
        if not all(isinstance(node, Hashable) for node in edge):
            raise TypeError(f"edge {short_repr(edge)} of the path names no node")
        if i and edge[0] != edges[i - 1][1]:
            raise ValueError(
                f"the path is broken: edge {edges[i - 1]!r} is followed by {edge!r}"
            )
        if not G.has_edge(*edge):
            raise nx.NetworkXNoPath(f"edge {edge!r} of the path is not in the graph")
    edge_weight, _ = edge_weight_function(weight, semiring, default_weight)
    product = semiring.one if not edges else None
    for edge in edges:
        try:
            w = edge_weight(edge[0], edge[1], G.edges[edge])
        except WeightError as exc:
            raise renamed(exc, edge, semiring) from exc.__cause__
        if w is None:
            raise ValueError(f"edge {edge!r} of the path is hidden by the weight")
        try:
            product = w if product is None else semiring.mul(product, w)
        except _OPERATION_ERRORS as exc:
            raise operations_failed(edge, semiring, exc) from exc
    return product
