"""The k best paths of a selective semiring, best first, one at a time."""

from __future__ import annotations

import functools
import heapq
import operator
from collections.abc import Hashable, Iterator
from typing import Any

import networkx as nx
from networkx.utils import not_implemented_for

from ._graph import (
    arc_weight_function,
    check_node,
    edge_weight_function,
    operations_failed,
    reach_order,
    renamed,
)
from .accumulate import Weight
from .best import check_selective
from .exceptions import WeightError
from .semirings import MIN_PLUS, Semiring

__all__ = ["k_best_paths"]

_OPERATION_ERRORS = (TypeError, ValueError, ArithmeticError)


@not_implemented_for("undirected")
def k_best_paths(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = MIN_PLUS,
    default_weight: Any = None,
) -> Iterator[tuple[Any, tuple[tuple, ...]]]:
    """Iterate over the `source` -> `target` paths, best first, with their weights.

    The graph is read, and every weight on a `source` -> `target` path checked,
    when the function is called; the paths are then produced lazily, so
    taking the first k costs little more than taking the first.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths.
    source, target : node
        The ends of the paths. When they are the same node the only path is the
        empty one, ``()``, which weighs ``semiring.one``.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to weigh
        ``semiring.one``.
    semiring : Semiring, default MIN_PLUS
        A selective semiring: MIN_PLUS (shortest first), MAX_PLUS (longest
        first), MAX_TIMES (most probable first), or one declared with
        ``selective=True``.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    iterator of (value, path)
        Every path exactly once, best first: ``value`` is
        ``path_weight(G, path, semiring=semiring)``, computed as it computes
        it, and ``path`` a tuple of edges ``(u, v)``, or ``(u, v, key)`` on a
        MultiDiGraph. Empty when there is no path.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    ValueError
        If `semiring` is not selective.
    NotADAGError
        If a cycle is reachable from `source` or reaches `target`.
    WeightError
        If an edge on a path lacks the `weight` attribute (and no
        `default_weight` is given), or its weight is not a value of the
        semiring.

    Examples
    --------
    The three longest chains of a small build, whose edges carry the duration
    of the step they end:

    >>> import itertools
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("fetch", "compile", 3), ("fetch", "docs", 5),
    ...                            ("compile", "test", 4), ("docs", "ship", 1),
    ...                            ("test", "ship", 2), ("compile", "ship", 1)],
    ...                           weight="duration")
    >>> paths = ps.k_best_paths(G, "fetch", "ship", weight="duration",
    ...                         semiring=ps.MAX_PLUS)
    >>> for value, path in itertools.islice(paths, 3):
    ...     print(value, " -> ".join([path[0][0]] + [v for _, v in path]))
    9 fetch -> compile -> test -> ship
    6 fetch -> docs -> ship
    4 fetch -> compile -> ship

    Notes
    -----
    A lazy form of the recursive enumeration of Jiménez and Marzal: each node
    keeps the list of its best paths from `source` found so far and a heap of
    candidates, one per in-edge (u, v): the next unused path to u extended by
    the edge. The first path of every node comes from one forward pass; the
    next path to a node pops its heap and, to refill it, asks the tail u for
    its next path, and so on back along the path only as far as a node that
    already has it. A path of length L therefore costs at most L heap
    operations, O(L log d) for in-degree d, and usually far less, since the
    lists are shared by every path through a node. Nothing recurses: the
    chain of requests is an explicit stack.

    Each value is the left fold ``w(e1) ⊗ w(e2) ⊗ … ⊗ w(ek)`` that
    `path_weight` computes, extended one edge at a time, so floats come out
    exactly equal to it. In MAX_TIMES a path through a weight-0 edge has
    value 0 and comes out after every path of positive value.

    Ties are broken in a fixed order, the one `best_path` uses for the first
    path: of two paths of equal value, the one whose last edge comes first
    in ``G.pred[target]`` (the order edges were added; parallel edges by key
    in insertion order) comes first; two paths sharing their last edge (u,
    target) come in the order of their parts from `source` to u, ranked the
    same way: better value first, then by their last edge, and so on. So the
    first path is the one `best_path` returns.

    See Also
    --------
    best_path, all_paths, path_weight
    """
    semiring = check_selective(semiring, "k_best_paths")
    check_node(G, source, "source")
    check_node(G, target, "target")
    edge_weight, hides = edge_weight_function(weight, semiring, default_weight)
    arc, _ = arc_weight_function(G, weight, semiring, default_weight)
    visible = arc if hides else None
    order = reach_order(G._succ, [source], visible)
    if source == target:
        return iter([(semiring.one, ())])
    ranked = _Ranked(G, source, target, order, edge_weight, visible, semiring)
    return ranked.paths()


class _Ranked:
    """Per node, its best paths from the source found so far, and the heap of
    candidates for the next one.

    Nodes on paths are numbered in topological order, the source 0. A path to
    node i is an entry ``(value, edge, tail, rank)`` of ``found[i]``: the
    tail's path of that rank extended by `edge`. A heap item is ``(key,
    index, rank, value, tail, w, edge)``, where `index` is the edge's position
    among the head's in-edges and breaks ties; ``last[i]`` is the item taken
    last, whose successor (the tail's next path, extended) is still to be
    pushed. Entries and items hold numbers and edges, not other containers,
    so the garbage collector need not trace a million of them.
    """

    def __init__(self, G, source, target, order, edge_weight, visible, semiring):
        self.semiring = semiring
        if semiring.add is min:
            self.key = None
        elif semiring.add is max:
            self.key = operator.neg
        else:
            self.key = functools.cmp_to_key(_comparison(semiring))
        self.target = None
        ancestors = reach_order(G._pred, [target], visible, backwards=True)
        if source not in ancestors:
            return
        on_paths = set(ancestors)
        number = {source: 0}
        self.found = [[(semiring.one, None, None, None)]]
        self.heaps: list[list] = [[]]
        self.last: list = [None]
        self.exhausted = [True]
        multigraph = G.is_multigraph()
        for v in order[1:]:
            if v in on_paths:
                number[v] = len(self.found)
                self._first(G._pred[v], v, number, multigraph, edge_weight)
        self.target = number[target]

    def _first(self, into, v, number, multigraph, edge_weight):
        """The candidates into `v`, and from them its best path."""
        semiring, key, found = self.semiring, self.key, self.found
        heap = []
        index = 0
        for u, data in into.items():
            tail = number.get(u)
            if tail is None:
                continue
            parallel = data.items() if multigraph else [(None, data)]
            for k, edge_data in parallel:
                edge = (u, v) if k is None else (u, v, k)
                try:
                    w = edge_weight(u, v, edge_data)
                    if w is None:
                        continue
                    value = w if tail == 0 else semiring.mul(found[tail][0][0], w)
                except WeightError as exc:
                    raise renamed(exc, edge, semiring) from exc.__cause__
                except _OPERATION_ERRORS as exc:
                    raise operations_failed(edge, semiring, exc) from exc
                heap.append(
                    (
                        value if key is None else key(value),
                        index,
                        0,
                        value,
                        tail,
                        w,
                        edge,
                    )
                )
                index += 1
        heapq.heapify(heap)
        item = heapq.heappop(heap)
        found.append([(item[3], item[6], item[4], 0)])
        self.heaps.append(heap)
        self.last.append(item)
        self.exhausted.append(False)

    def _extend(self, i):
        """Append node i's next best path to its list, if it has one: pushing
        the successor of its last item may first need the tail's next path,
        and so on back along the path."""
        found, heaps, last, exhausted = (
            self.found,
            self.heaps,
            self.last,
            self.exhausted,
        )
        mul, key = self.semiring.mul, self.key
        heappushpop, heappop = heapq.heappushpop, heapq.heappop
        stack = [i]
        item = None
        try:
            while stack:
                x = stack[-1]
                item = last[x]
                heap = heaps[x]
                successor = None
                if item is not None:
                    tail = item[4]
                    rank = item[2] + 1
                    if len(found[tail]) > rank:
                        w = item[5]
                        value = mul(found[tail][rank][0], w)
                        key_value = value if key is None else key(value)
                        successor = (key_value, item[1], rank, value, tail, w, item[6])
                    elif not exhausted[tail]:
                        stack.append(tail)
                        continue
                if successor is not None:
                    item = heappushpop(heap, successor)
                elif heap:
                    item = heappop(heap)
                else:
                    last[x] = None
                    exhausted[x] = True
                    stack.pop()
                    continue
                found[x].append((item[3], item[6], item[4], item[2]))
                last[x] = item
                stack.pop()
        except _OPERATION_ERRORS as exc:
            raise operations_failed(item[6], self.semiring, exc) from exc

    def paths(self):
        target = self.target
        if target is None:
            return
        found, exhausted = self.found, self.exhausted
        ranked = found[target]
        i = 0
        while True:
            if i == len(ranked):
                if exhausted[target]:
                    return
                self._extend(target)
                if i == len(ranked):
                    return
            value, edge, tail, rank = ranked[i]
            i += 1
            edges = [edge]
            while tail:
                _, edge, tail, rank = found[tail][rank]
                edges.append(edge)
            edges.reverse()
            yield value, tuple(edges)


def _comparison(semiring):
    add = semiring.add

    def compare(a, b):
        if a == b:
            return 0
        return -1 if add(a, b) == a else 1

    return compare
