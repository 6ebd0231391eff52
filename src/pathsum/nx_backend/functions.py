"""networkx's functions that a path sum answers, with networkx's semantics.

Each takes the `PathsumGraph` networkx converted (or found in its cache) and
the arguments of the networkx function of the same name, and gives what that
function gives: the same values of the same Python types, the same tie
choices and the same errors with the same messages. A call it cannot answer
exactly raises NotImplementedError, and networkx runs its own function.

No function here calls a dispatchable networkx function: a nested call would
be dispatched again.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from itertools import pairwise
from typing import Any

import networkx as nx
import numpy as np

from .graph import Pass, PathsumGraph, decline

__all__ = [
    "ancestors",
    "bellman_ford_path_length",
    "dag_longest_path",
    "dag_longest_path_length",
    "descendants",
    "dijkstra_path_length",
    "has_path",
    "shortest_path",
    "shortest_path_length",
    "single_source_bellman_ford_path_length",
    "single_source_dijkstra_path_length",
    "single_source_shortest_path_length",
    "transitive_closure_dag",
]

_METHODS = ("dijkstra", "bellman-ford")

# networkx's messages for a node that is not in the graph, by who reports it.
_SOURCE_IS_NOT = "Source {} is not in G"  # breadth-first search
_TARGET_IS_NOT = "Target {} is not in G"
_SOURCE_NOT = "Source {} not in G"  # Bellman-Ford
_NODE_NOT_FOUND = "Node {} not found in graph"  # Dijkstra
_NOT_FOUND = {
    "unweighted": _SOURCE_IS_NOT,
    "dijkstra": _NODE_NOT_FOUND,
    "bellman-ford": _SOURCE_NOT,
}


def _need(G: PathsumGraph, node: Hashable, message: str) -> None:
    if node not in G.graph:
        raise nx.NodeNotFound(message.format(node))


def _reached(P: Pass, values: np.ndarray, exclude: Hashable) -> set:
    reached = np.isfinite(values)
    reached[P.dag.index[exclude]] = False
    return set(P.node_array[reached].tolist())


def descendants(G: PathsumGraph, source: Hashable) -> set:
    if source not in G.graph:
        raise nx.NetworkXError(f"The node {source} is not in the digraph.")
    return _reached(G.hops, G.hops.dag.forward(source), source)


def ancestors(G: PathsumGraph, source: Hashable) -> set:
    if source not in G.graph:
        raise nx.NetworkXError(f"The node {source} is not in the digraph.")
    return _reached(G.hops, G.hops.dag.reverse(source), source)


def has_path(G: PathsumGraph, source: Hashable, target: Hashable) -> bool:
    _need(G, source, _SOURCE_IS_NOT)
    _need(G, target, _TARGET_IS_NOT)
    if source == target:
        return True
    dag = G.hops.dag
    return bool(np.isfinite(dag.forward(source)[dag.index[target]]))


def _weighted(G: PathsumGraph, weight: Any, method: str, *, typed=True) -> Pass:
    """Decline what networkx answers in a way one exact pass does not."""
    # networkx's Dijkstra and Bellman-Ford read data.get(weight, 1), even for
    # weight=None (shortest_path and shortest_path_length count hops then).
    P = G.over(weight, 1)
    if typed and P.kind == "mixed":
        # Which of two equal sums networkx keeps, int or float, depends on
        # the order it meets them.
        raise decline("weights that mix ints and floats")
    if method == "bellman-ford" and P.hidden:
        # networkx's Bellman-Ford adds the None a weight function returns.
        raise decline("Bellman-Ford with a weight function that hides an edge")
    if method == "dijkstra" and P.negative:
        raise decline("Dijkstra with a negative weight")
    return P


def _lengths(
    P: Pass, node: Hashable, *, reverse: bool = False, limit: float = math.inf
) -> dict:
    """``{other: length}`` of the shortest paths from (or into) `node`.

    `node` comes first, with length 0 (networkx's int 0 in every method),
    then the nodes reached in the graph's topological order (networkx's
    order is its search's; dicts compare equal whatever their order).
    """
    values = P.dag.reverse(node) if reverse else P.dag.forward(node)
    kept = np.isfinite(values) & (values <= limit)
    lengths = {node: 0}
    reached = P.node_array[kept].tolist()
    lengths.update(zip(reached, P.values(values[kept]), strict=True))
    lengths[node] = 0
    return lengths


def _length(P: Pass, source: Hashable, target: Hashable) -> Any:
    """The shortest `source` -> `target` length, or None without a path."""
    value = P.dag.forward(source)[P.dag.index[target]]
    if not np.isfinite(value):
        return None
    return P.values(np.array([value]))[0]


def single_source_shortest_path_length(
    G: PathsumGraph, source: Hashable, cutoff: float | None = None
) -> dict:
    _need(G, source, _SOURCE_IS_NOT)
    # networkx goes one level past a cutoff between two levels.
    if cutoff is None or cutoff == math.inf:
        levels = math.inf
    else:
        levels = max(0, math.ceil(cutoff))
    return _lengths(G.hops, source, limit=levels)


def single_source_dijkstra_path_length(
    G: PathsumGraph,
    source: Hashable,
    cutoff: float | None = None,
    weight: Any = "weight",
) -> dict:
    _need(G, source, _NODE_NOT_FOUND)
    P = _weighted(G, weight, "dijkstra")
    return _lengths(P, source, limit=math.inf if cutoff is None else cutoff)


def single_source_bellman_ford_path_length(
    G: PathsumGraph, source: Hashable, weight: Any = "weight"
) -> dict:
    _need(G, source, _SOURCE_NOT)
    return _lengths(_weighted(G, weight, "bellman-ford"), source)


def dijkstra_path_length(
    G: PathsumGraph, source: Hashable, target: Hashable, weight: Any = "weight"
) -> Any:
    _need(G, source, _NODE_NOT_FOUND)
    if source == target:
        return 0
    P = _weighted(G, weight, "dijkstra")
    length = _length(P, source, target) if target in G.graph else None
    if length is None:
        raise nx.NetworkXNoPath(f"Node {target} not reachable from {source}")
    return length


def bellman_ford_path_length(
    G: PathsumGraph, source: Hashable, target: Hashable, weight: Any = "weight"
) -> Any:
    if source == target:
        _need(G, source, _NODE_NOT_FOUND)
        return 0
    _need(G, source, _SOURCE_NOT)
    P = _weighted(G, weight, "bellman-ford")
    length = _length(P, source, target) if target in G.graph else None
    if length is None:
        raise nx.NetworkXNoPath(f"node {target} not reachable from {source}")
    return length


def shortest_path_length(
    G: PathsumGraph,
    source: Hashable | None = None,
    target: Hashable | None = None,
    weight: Any = None,
    method: str = "dijkstra",
) -> Any:
    if method not in _METHODS:
        raise ValueError(f"method not supported: {method}")
    if weight is None:
        method = "unweighted"
    if source is None and target is None:
        raise decline("the lengths between all pairs")
    if source is None:
        _need(G, target, _NOT_FOUND[method])
        if callable(weight):
            # networkx calls it on the reversed graph, as weight(v, u, data).
            raise decline("a weight function with a target alone")
        P = G.hops if method == "unweighted" else _weighted(G, weight, method)
        return _lengths(P, target, reverse=True)
    if target is None:
        if method == "unweighted":
            return single_source_shortest_path_length(G, source)
        if method == "dijkstra":
            return single_source_dijkstra_path_length(G, source, weight=weight)
        return single_source_bellman_ford_path_length(G, source, weight=weight)
    if method == "dijkstra":
        return dijkstra_path_length(G, source, target, weight)
    if method == "bellman-ford":
        return bellman_ford_path_length(G, source, target, weight)
    _need(G, source, _SOURCE_IS_NOT)
    _need(G, target, _TARGET_IS_NOT)
    if source == target:
        return 0
    length = _length(G.hops, source, target)
    if length is None:
        raise nx.NetworkXNoPath(f"No path between {source} and {target}.")
    return length


def _networkx_weight(graph: nx.DiGraph, weight: Any):
    """The weight function networkx's shortest paths make of `weight`."""
    if callable(weight):
        return weight
    if weight is None:
        return lambda u, v, data: 1
    if graph.is_multigraph():
        return lambda u, v, d: min(attr.get(weight, 1) for attr in d.values())
    return lambda u, v, data: data.get(weight, 1)


def _only_path(G, P, values, source, target, weight) -> list:
    """The one shortest `source` -> `target` path, walked back from `target`.

    At each node exactly one predecessor must be tight (its length plus the
    edge's is the node's); with two, there are several shortest paths, and
    which one networkx gives is a matter of its search order.
    """
    graph, index = G.graph, P.dag.index
    cost = _networkx_weight(graph, weight)
    lengths = values.tolist()
    # networkx's two-ended Dijkstra adds a path's weights in another order:
    # float sums that differ by rounding alone are ties too.
    slack = (
        0.0 if P.kind == "int" else 1e-9 * (1.0 + float(np.abs(P.dag.weights).sum()))
    )
    path = [target]
    v = target
    while v != source:
        at = lengths[index[v]]
        tight = []
        for u, data in graph._pred[v].items():
            w = cost(u, v, data)
            if w is not None and abs(lengths[index[u]] + w - at) <= slack:
                tight.append(u)
        if len(tight) != 1:
            raise decline("several shortest paths (networkx's choice is its search's)")
        v = tight[0]
        path.append(v)
    path[-1] = source  # the caller's object, where it only equals the graph's
    path.reverse()
    return path


def shortest_path(
    G: PathsumGraph,
    source: Hashable | None = None,
    target: Hashable | None = None,
    weight: Any = None,
    method: str = "dijkstra",
) -> list:
    if method not in _METHODS:
        raise ValueError(f"method not supported: {method}")
    if weight is None:
        method = "unweighted"
    if source is None or target is None:
        raise decline("shortest paths from or to every node")
    if method == "bellman-ford":
        if source == target:
            _need(G, source, "Node {} is not found in the graph")
            return [source]
        _need(G, source, _SOURCE_NOT)
        message = f"Target {target} cannot be reached from given sources"
    else:
        _need(G, source, _SOURCE_IS_NOT)
        _need(G, target, _TARGET_IS_NOT)
        if source == target:
            return [source]
        message = f"No path between {source} and {target}."
    if target not in G.graph:
        raise nx.NetworkXNoPath(message)
    P = G.hops if method == "unweighted" else _weighted(G, weight, method, typed=False)
    if not (P.holds_as_given(source) and P.holds_as_given(target)):
        raise decline("an end given as an equal object of another type")
    values = P.dag.forward(source)
    if not np.isfinite(values[P.dag.index[target]]):
        raise nx.NetworkXNoPath(message)
    return _only_path(G, P, values, source, target, weight)


def _positions(G: PathsumGraph, topo_order: Sequence | None) -> dict | None:
    """`topo_order` as ``{node: position}``, or None for networkx's own order.

    An order networkx would read differently from a topological order of
    every node (a node twice or missing, an edge backwards) is declined.
    """
    if topo_order is None:
        return None
    graph = G.graph
    positions = {node: i for i, node in enumerate(topo_order)}
    if len(positions) != len(topo_order) or len(positions) != len(graph):
        raise decline("a topo_order that is not an order of every node")
    if any(node not in graph for node in positions):
        raise decline("a topo_order with a node not in the graph")
    for u, successors in graph._succ.items():
        at = positions[u]
        if any(positions[v] <= at for v in successors):
            raise decline("a topo_order that is not topological")
    return positions


def _longest(P: Pass) -> np.ndarray:
    """networkx's ``dist`` lengths of the longest paths into each node.

    networkx's recurrence restarts at 0 wherever the best prefix is
    negative: a MAX_PLUS pass with every node seeded 0.
    """
    return P.max_plus.forward(np.zeros((len(P.dag.nodes), 1)))[:, 0]


def _edge_weight(graph: nx.DiGraph, u, v, weight, default_weight) -> Any:
    data = graph._succ[u][v]
    if graph.is_multigraph():
        data = max(data.values(), key=lambda x: x.get(weight, default_weight))
    return data.get(weight, default_weight)


def _longest_path(G, P, lengths, weight, default_weight, positions) -> list:
    """networkx's path: its end, then the first best predecessor back."""
    nodes, index = P.dag.nodes, P.dag.index
    best = lengths.max()
    ends = np.flatnonzero(lengths == best)
    if len(ends) == 1:
        end = nodes[ends[0]]
    else:
        ends = [nodes[i] for i in ends.tolist()]
        first = G.topological_positions() if positions is None else positions
        end = min(ends, key=first.__getitem__)
    if positions is not None:
        # networkx's path ends on topo_order's object (1.0 for the node 1).
        end = next(node for node in positions if node == end)
    graph = G.graph
    pred = graph._pred
    path = [end]
    v = end
    while True:
        chosen, most = None, None
        for u in pred[v]:
            step = _edge_weight(graph, u, v, weight, default_weight)
            value = lengths[index[u]] + step
            if most is None or value > most:
                chosen, most = u, value
        if chosen is None or most < 0:
            break
        path.append(chosen)
        v = chosen
    path.reverse()
    return path


def dag_longest_path(
    G: PathsumGraph,
    weight: Any = "weight",
    default_weight: Any = 1,
    topo_order: Sequence | None = None,
) -> list:
    if not G.graph:
        return []
    positions = _positions(G, topo_order)
    P = G.over(weight, default_weight)
    return _longest_path(G, P, _longest(P), weight, default_weight, positions)


def dag_longest_path_length(
    G: PathsumGraph, weight: Any = "weight", default_weight: Any = 1
) -> Any:
    if not G.graph:
        return 0
    P = G.over(weight, default_weight)
    lengths = _longest(P)
    best = lengths.max()
    if P.kind == "int":
        return int(best)
    if P.kind == "float" and best > 0:
        # A float length above 0 is a sum over at least one float edge.
        return float(best)
    graph = G.graph
    path = _longest_path(G, P, lengths, weight, default_weight, None)
    length = 0
    for u, v in pairwise(path):
        length += _edge_weight(graph, u, v, weight, default_weight)
    return length


def transitive_closure_dag(G: PathsumGraph, topo_order: Sequence | None = None):
    """networkx's closure, edge for edge and in networkx's adjacency order.

    As networkx does: from the last node back, each node gains an edge to
    every node two steps away in the closure so far, met in breadth-first
    order and added in the order of networkx's set of them (a set built from
    the same list iterates in the same order).
    """
    positions = _positions(G, topo_order)
    order = G.topological_order() if positions is None else list(topo_order)
    closure = G.graph.copy()
    succ = closure._succ
    for v in reversed(order):
        near = succ[v]
        seen = {v, *near}
        far = []
        for u in near:
            for w in succ[u]:
                if w not in seen:
                    seen.add(w)
                    far.append(w)
        closure.add_edges_from((v, w) for w in set(far))
    return closure
