"""networkx's simple paths of a DAG, in networkx's order: one walk, no dead ends.

On a DAG every path is simple, so the walk keeps no set of visited nodes. Two
compiled passes (from the source, and back from the targets) first find the
nodes on some path from the source to a target and each one's fewest steps
to a target; the walk then follows ``G.succ`` order, as networkx's does,
through those nodes alone, and leaves out a step that cannot reach a target
within the cutoff. The paths and their order are networkx's; what the walk
skips networkx explores and finds no path in.

As networkx's functions are generators, these check their arguments at the
first ``next()``, not at the call, and raise networkx's errors then.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

import networkx as nx
import numpy as np

from .. import kbest
from ..exceptions import WeightError
from ..semirings import MIN_PLUS
from .graph import PathsumGraph, decline

__all__ = ["all_simple_edge_paths", "all_simple_paths", "shortest_simple_paths"]

# A node's steps: (what the path gains, the node it reaches), in G.succ order.
Steps = Callable[[nx.DiGraph, Hashable], Iterator[tuple[Any, Hashable]]]


def _node_steps(graph: nx.DiGraph, v: Hashable) -> Iterator[tuple[Any, Hashable]]:
    if graph.is_multigraph():
        # Each parallel edge is a path of its own: the nodes come once a key.
        return ((w, w) for w, keys in graph._succ[v].items() for _ in keys)
    return ((w, w) for w in graph._succ[v])


def _edge_steps(graph: nx.DiGraph, v: Hashable) -> Iterator[tuple[Any, Hashable]]:
    if graph.is_multigraph():
        return (((v, w, k), w) for w, keys in graph._succ[v].items() for k in keys)
    return (((v, w), w) for w in graph._succ[v])


def all_simple_paths(
    G: PathsumGraph, source: Hashable, target: Any, cutoff: float | None = None
) -> Iterator[list]:
    """networkx's `all_simple_paths` on a DAG: lists of nodes."""
    return _paths(G, source, target, cutoff, _node_steps, [source])


def all_simple_edge_paths(
    G: PathsumGraph, source: Hashable, target: Any, cutoff: float | None = None
) -> Iterator[list]:
    """networkx's `all_simple_edge_paths` on a DAG: lists of edge tuples."""
    return _paths(G, source, target, cutoff, _edge_steps, [])


def _paths(
    G: PathsumGraph,
    source: Hashable,
    target: Any,
    cutoff: float | None,
    steps: Steps,
    path: list,
) -> Iterator[list]:
    """The paths from `source` to `target`, each `path` plus the steps taken.

    networkx checks its arguments as written here, in this order.
    """
    graph = G.graph
    if source not in graph:
        raise nx.NodeNotFound(f"source node {source} not in graph")
    if target in graph:
        targets = {target}
    else:
        try:
            targets = set(target)
        except TypeError as err:
            raise nx.NodeNotFound(f"target node {target} not in graph") from err
    cutoff = cutoff if cutoff is not None else len(graph) - 1
    if not (cutoff >= 0 and targets):
        return
    try:
        to_target = _steps_to_targets(G.current(), source, targets)
    except NotImplementedError:
        # The graph changed since the call, and pathsum no longer serves it.
        yield from _networkx(graph, source, target, cutoff, path)
        return
    if source in to_target:
        yield from _walk(graph, source, path, steps, to_target, cutoff)


def _steps_to_targets(G: PathsumGraph, source: Hashable, targets: set) -> dict:
    """``{node: fewest steps to a target}`` of the nodes on a path from
    `source` to a target (`targets` may hold what is no node)."""
    dag = G.hops.dag
    seeds = {t: 0 for t in targets if t in dag.index}
    if not seeds:
        return {}
    to_target = dag.reverse(seeds)
    on_a_path = np.isfinite(to_target) & np.isfinite(dag.forward(source))
    kept = np.flatnonzero(on_a_path)
    nodes = dag.nodes
    counts = to_target[kept].astype(np.int64).tolist()
    return dict(zip([nodes[i] for i in kept.tolist()], counts, strict=True))


def _walk(
    graph: nx.DiGraph,
    source: Hashable,
    path: list,
    steps: Steps,
    to_target: dict,
    cutoff: float,
) -> Iterator[list]:
    """networkx's depth-first walk from `source`, through `to_target`'s nodes.

    A node at depth d goes on to the nodes a step away only while d < cutoff
    (networkx's test), so a step to w from depth d is worth taking only if
    ``d + to_target[w] < cutoff``. No path in a DAG is longer than
    ``len(G) - 1`` steps: a cutoff that large limits nothing.
    """
    limited = not cutoff >= len(graph) - 1
    # node -> its steps toward a target, and the most steps one of those needs
    known: dict = {}

    def ahead(v: Hashable, depth: int) -> list:
        found = known.get(v)
        if found is None:
            toward = [(step, w) for step, w in steps(graph, v) if w in to_target]
            most = max((to_target[w] for _, w in toward), default=0)
            found = known[v] = (toward, most)
        toward, most = found
        if limited and depth + most >= cutoff:
            return [(step, w) for step, w in toward if depth + to_target[w] < cutoff]
        return toward

    if to_target[source] == 0:
        yield path.copy()
    stack = [iter(ahead(source, 0))]
    while stack:
        for step, w in stack[-1]:
            if to_target[w] == 0:
                yield [*path, step]
            found = known.get(w)
            if found is None or (limited and len(stack) + found[1] >= cutoff):
                following = ahead(w, len(stack))
            else:
                following = found[0]
            if following:
                path.append(step)
                stack.append(iter(following))
                break
        else:
            stack.pop()
            if stack:
                path.pop()


def _apart(a: Any, b: Any) -> bool:
    """Whether two path lengths are apart by more than float rounding."""
    if type(a) is int and type(b) is int:
        return a != b
    return abs(a - b) > 1e-9 * max(1.0, abs(a), abs(b))


def _networkx(graph, source, target, cutoff, path) -> Iterator[list]:
    """networkx's own generator, undispatched, for a graph pathsum declines."""
    function = nx.all_simple_edge_paths if path == [] else nx.all_simple_paths
    yield from function.orig_func(graph, source, target, cutoff)


def shortest_simple_paths(
    G: PathsumGraph, source: Hashable, target: Hashable, weight: Any = None
) -> Iterator[list]:
    """networkx's `shortest_simple_paths` on a DAG: paths, shortest first.

    pathsum's k best paths give them in O(1) heap work each. Where two paths
    are equally short (or their float lengths differ by rounding alone),
    networkx's order between them comes from its search (Yen's algorithm and
    its two-ended Dijkstra), which a pass cannot know: at the first such tie
    networkx's own generator takes over, run from the start (the paths
    already given are its first ones). It takes over from the first path on
    a multigraph (networkx yields each node path once), a negative weight
    (networkx's Dijkstra needs none), weights pathsum cannot rank exactly, a
    missing node and no path, so networkx raises its own errors, at the
    first ``next()`` as its generator does.
    """
    graph = G.graph
    try:
        if source not in graph or target not in graph or graph.is_multigraph():
            raise decline("networkx's own case")
        G = G.current()
        P = G.hops if weight is None else G.over(weight, 1)
        if not (P.holds_as_given(source) and P.holds_as_given(target)):
            raise decline("an end given as an equal object of another type")
        if P.negative:
            raise decline("a negative weight")
        best = kbest.k_best_paths(
            graph, source, target, weight=weight, semiring=MIN_PLUS, default_weight=1
        )
    except (NotImplementedError, WeightError):
        yield from _networkx_shortest_simple_paths(graph, source, target, weight, 0)
        return
    given = 0
    following = next(best, None)
    if following is None:
        yield from _networkx_shortest_simple_paths(graph, source, target, weight, 0)
        return
    while following is not None:
        length, edges = following
        following = next(best, None)
        if following is not None and not _apart(length, following[0]):
            yield from _networkx_shortest_simple_paths(
                graph, source, target, weight, given
            )
            return
        yield [source, *(v for _, v, *_ in edges)]
        given += 1


def _networkx_shortest_simple_paths(graph, source, target, weight, skip):
    """networkx's own generator (not dispatched again), its first `skip` dropped."""
    paths = nx.shortest_simple_paths.orig_func(graph, source, target, weight)
    for _ in range(skip):
        next(paths)
    yield from paths
