"""Paths one by one: enumerate them, count them, weigh one; and the subgraph
they make up."""

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
    reach_order,
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

__all__ = ["all_paths", "between", "count_paths", "path_weight"]

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
def between(G: nx.DiGraph, source: Hashable, target: Hashable) -> nx.DiGraph:
    """The subgraph of the nodes on some `source` -> `target` path, as a new graph.

    A node is kept when it is `source` or a descendant of it, and `target` or
    an ancestor of it; an edge is kept when both its ends are. These are
    exactly the edges of the paths, no more: an edge u -> v between kept nodes
    joins a path `source` -> u to a path v -> `target`, and in a DAG such a
    walk repeats no node, so it is a path itself.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths.

    Returns
    -------
    DiGraph or MultiDiGraph
        A new graph of the class of `G`: the nodes on some path, every edge
        between them (on a MultiDiGraph every parallel edge, with its key), and
        the attributes of the graph, of those nodes and of those edges. Each
        attribute dict is a copy, its values are shared, as ``G.copy()`` makes
        them. The nodes come in `G`'s order, and so do each node's successors
        and predecessors, so a path sum computed on it is the one computed on
        `G`, floats rounded alike and ties broken alike. When `source` is
        `target` the graph holds that node alone; when there is no path, no
        node at all (its graph attributes are still `G`'s).

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
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph([("s", "a"), ("a", "t"), ("s", "b"), ("b", "t"),
    ...                 ("a", "x"), ("y", "b")], name="demo")
    >>> H = ps.between(G, "s", "t")
    >>> list(H), list(H.edges)
    (['s', 'a', 't', 'b'], [('s', 'a'), ('s', 'b'), ('a', 't'), ('b', 't')])
    >>> H.graph
    {'name': 'demo'}
    >>> ps.count_paths(H, "s", "t") == ps.count_paths(G, "s", "t")
    True
    >>> list(ps.between(G, "x", "x")), list(ps.between(G, "t", "s"))
    (['x'], [])

    Parallel edges stay apart, with their keys and data:

    >>> M = nx.MultiDiGraph()
    >>> keys = M.add_edges_from([("u", "v", "fast", {"weight": 1}),
    ...                          ("u", "v", "slow", {"weight": 5}), ("v", "w")])
    >>> list(ps.between(M, "u", "v").edges(keys=True, data="weight"))
    [('u', 'v', 'fast', 1), ('u', 'v', 'slow', 5)]

    Notes
    -----
    One search from `source` over its descendants (which finds any cycle among
    them), one sweep back over them for those that reach `target`, one read of
    `G`'s node list to keep its order, and one read of the edges at the kept
    nodes: linear time, and no recursion, however deep the graph.

    For a read-only view of `G` instead of a new graph, pass the nodes to
    networkx: ``G.subgraph(between(G, s, t))`` has the same nodes and edges,
    but it follows later changes of `G`, and when it holds fewer than half of
    `G`'s nodes networkx lists them in the order of a Python set, which for
    strings changes from one run to the next.

    See Also
    --------
    all_paths, count_paths, pathsum.node_marginals
    """
    check_node(G, source, "source")
    check_node(G, target, "target")
    return _subgraph(G, _nodes_between(G, source, target))


def _nodes_between(G: nx.DiGraph, source: Any, target: Any) -> set[Any]:
    """The descendants of `source` (itself included) that reach `target`."""
    succ = G._succ
    on: set[Any] = set()
    # Reverse topological order: a node's successors are decided before it.
    for u in reversed(reach_order(succ, [source])):
        if u == target or any(v in on for v in succ[u]):
            on.add(u)
    return on


def _subgraph(G: nx.DiGraph, keep: set[Any]) -> nx.DiGraph:
    """A new graph of `G`'s class with the nodes in `keep` and the edges among
    them, in `G`'s orders of nodes, successors and predecessors."""
    H = G.__class__()
    H.graph.update(G.graph)
    nodes = [n for n in G._node if n in keep]
    H.add_nodes_from((n, G._node[n]) for n in nodes)
    succ = G._succ
    arcs = _arcs_in_order(G, keep, nodes)
    if G.is_multigraph():
        H.add_edges_from(
            (u, v, key, data) for u, v in arcs for key, data in succ[u][v].items()
        )
    else:
        H.add_edges_from((u, v, succ[u][v]) for u, v in arcs)
    return H


def _arcs_in_order(G: nx.DiGraph, keep: set[Any], nodes: list[Any]) -> Iterable:
    """The arcs u -> v among `keep` (listed in `G`'s node order as `nodes`),
    in an order that, added to an empty graph, lists each node's successors as
    ``G.succ`` does and its predecessors as ``G.pred`` does.

    Adding an arc appends it to both lists. Where every node's predecessors
    come in node order, the arcs tail by tail do. Otherwise an arc goes in once
    it comes first among what is left of its tail's successors and of its
    head's predecessors: networkx keeps both lists in the order arcs were last
    added, so such an order exists for any graph built through its methods;
    for one whose adjacency was rearranged by hand, the arcs left over follow
    in successor order.
    """
    succ, pred = G._succ, G._pred
    position = {n: i for i, n in enumerate(nodes)}
    if all(_increasing(pred[v], position) for v in nodes):
        return ((u, v) for u in nodes for v in succ[u] if v in keep)
    outs = {u: [v for v in succ[u] if v in keep] for u in nodes}
    ins = {v: [u for u in pred[v] if u in keep] for v in nodes}
    next_out = dict.fromkeys(nodes, 0)
    next_in = dict.fromkeys(nodes, 0)
    ready = [
        (u, outs[u][0]) for u in reversed(nodes) if outs[u] and ins[outs[u][0]][0] == u
    ]
    arcs = []
    while ready:
        u, v = ready.pop()
        arcs.append((u, v))
        next_out[u] += 1
        next_in[v] += 1
        if next_out[u] < len(outs[u]):
            w = outs[u][next_out[u]]
            if ins[w][next_in[w]] == u:
                ready.append((u, w))
        if next_in[v] < len(ins[v]):
            x = ins[v][next_in[v]]
            if outs[x][next_out[x]] == v:
                ready.append((x, v))
    if len(arcs) < sum(map(len, outs.values())):
        arcs += [(u, v) for u in nodes for v in outs[u][next_out[u] :]]
    return arcs


def _increasing(predecessors: Iterable, position: dict[Any, int]) -> bool:
    """Whether the kept nodes among `predecessors` come in node order."""
    last = -1
    for u in predecessors:
        at = position.get(u)
        if at is not None:
            if at < last:
                return False
            last = at
    return True


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
