"""The k best paths of a selective semiring, best first, one at a time."""

from __future__ import annotations

import array
import functools
import heapq
import itertools
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
from .best import check_selective, refuse_rounding, rounding_hazard
from .exceptions import WeightError
from .semirings import MAX_PLUS, MIN_PLUS, Semiring

__all__ = ["k_best_paths"]

_OPERATION_ERRORS = (TypeError, ValueError, ArithmeticError)


@not_implemented_for("undirected")
def k_best_paths(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = MAX_PLUS,
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
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default MAX_PLUS
        A selective semiring: MAX_PLUS (longest first, the default, as for
        `best_path`), MIN_PLUS (shortest first), MAX_TIMES (most probable
        first), or one declared with ``selective=True``.
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
        semiring, or the weights mix floats with ints or Fractions whose
        path sums a float cannot hold (see `best_path`).

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
    A path is kept as the places where it leaves the best paths from
    `source` (sidetracks: edges into a node that are not on the node's best
    path), shared with the paths it came from; its tuple of edges is cut
    from the best paths to a few nodes, kept as tuples once built, so
    building it costs a few copies of its edges rather than a step per edge.
    A node with one edge in and one edge out (on paths) is merged into the
    chain of edges through it. Nothing recurses on the depth of the graph.

    In MIN_PLUS and MAX_PLUS with every weight a Python int (hop counts
    included) sums are exact, so a path's value is the best value plus what
    each of its sidetracks loses, added in any order. The paths after the
    first then come from Eppstein's sidetrack heaps, one persistent heap per
    node of the sidetracks on its best path, built when a path first reaches
    the node from its predecessor's (O(log n) steps), and one search that
    pops one candidate and pushes at most four per path: O(log k) heap work
    per path, however long the path.

    Otherwise (floats, which round; MAX_TIMES; a semiring of one's own) a
    value must be the fold from `source` that `path_weight` computes, and
    the paths come from a lazy form of the recursive enumeration of Jiménez
    and Marzal: each node keeps the list of its best paths from `source`
    found so far and a heap of candidates, one per in-edge (u, v): the next
    unused path to u extended by the edge. The next path to a node pops its
    heap and, to refill it, asks the tail u for its next path, and so on
    back along the path only as far as a node that already has it. A path
    of L edges therefore costs at most L ⊗ and as many heap operations,
    O(L log d) for in-degree d, and usually far less, since the lists are
    shared by every path through a node.

    Each value is the left fold ``w(e1) ⊗ w(e2) ⊗ … ⊗ w(ek)`` that
    `path_weight` computes (extended one edge at a time, or an exact sum of
    ints), so floats come out exactly equal to it. In MAX_TIMES a path
    through a weight-0 edge has value 0 and comes out after every path of
    positive value.

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
    chains = _chains(G, source, target, order, edge_weight, visible, semiring)
    if chains is None:
        return iter(())
    junctions, ins, integers = chains
    if integers and semiring in (MIN_PLUS, MAX_PLUS):
        return _Sidetracks(junctions, ins, semiring).paths()
    return _Ranked(junctions, ins, semiring).paths()


def _chains(G, source, target, order, edge_weight, visible, semiring):
    """The `source` -> `target` paths as chains between branch points.

    A node on paths with one edge in and one edge out (on paths) has the same
    ranked paths as its predecessor, each extended by its edge, so it gets no
    list of its own: it is merged into the chain through it. The other nodes
    on paths, the junctions, are numbered in topological order, the source 0.
    Returns the number of junctions, an iterator over the junctions after
    the source: for each, its in-chains ``(tail, weights, edges)`` in the
    order of its in-edges (``G.pred``, parallel edges by key), and whether
    every weight is a Python int; or None when no path joins the ends. Every
    weight on a path is read here, once.
    """
    ancestors = reach_order(G._pred, [target], visible, backwards=True)
    on_paths = set(ancestors)
    if source not in on_paths:
        return None
    multigraph = G.is_multigraph()
    # The in-edges of node v on paths are ``edges[first[v]:end[v]]``: flat
    # lists and integers, not a container per edge or node, since what stays
    # alive while the graph is read makes the garbage collector scan it all.
    weights, edges = [], []
    first, end = {source: 0}, {source: 0}
    out_degree = dict.fromkeys(ancestors, 0)
    for v in order[1:]:
        if v not in on_paths:
            continue
        first[v] = len(edges)
        for u, data in G._pred[v].items():
            if u not in first:
                continue
            parallel = data.items() if multigraph else [(None, data)]
            for k, edge_data in parallel:
                edge = (u, v) if k is None else (u, v, k)
                try:
                    w = edge_weight(u, v, edge_data)
                except WeightError as exc:
                    raise renamed(exc, edge, semiring) from exc.__cause__
                if w is not None:
                    weights.append(w)
                    edges.append(edge)
                    out_degree[u] += 1
        end[v] = len(edges)
    hazard = rounding_hazard(weights, semiring)
    if hazard is not None:
        refuse_rounding(hazard, semiring, "k_best_paths")
    junctions = [
        v
        for v in first  # in topological order
        if v in (source, target) or end[v] - first[v] != 1 or out_degree[v] != 1
    ]
    number = {v: i for i, v in enumerate(junctions)}

    def chains_into(v):
        chains = []
        for arc in range(first[v], end[v]):
            u = edges[arc][0]
            if u in number:
                chains.append((number[u], (weights[arc],), (edges[arc],)))
                continue
            chain = [arc]
            while u not in number:
                arc = first[u]
                chain.append(arc)
                u = edges[arc][0]
            chain.reverse()
            chains.append(
                (
                    number[u],
                    tuple(weights[arc] for arc in chain),
                    tuple(edges[arc] for arc in chain),
                )
            )
        return chains

    integers = set(map(type, weights)) <= {int}
    return len(junctions), map(chains_into, junctions[1:]), integers


def _folded(semiring, value, weights, edges):
    """``value ⊗ w1 ⊗ … ⊗ wk``, left to right, or the error naming the edge
    at which the operations failed."""
    mul = semiring.mul
    for w, edge in zip(weights, edges, strict=True):
        try:
            value = mul(value, w)
        except _OPERATION_ERRORS as exc:
            raise operations_failed(edge, semiring, exc) from exc
    return value


class _Ranked:
    """Per junction, its best paths from the source found so far, and the heap
    of candidates for the next one.

    Junction i's path of rank r has the value ``values[i][r]`` and the
    sidetracks ``sides[i][r]``: None for i's best path, else the cell
    ``(tail, depth, edges, rest)`` of the sidetrack nearest i, an in-chain
    `edges` from junction `tail` that is not on the best path to its head,
    which lies `depth` edges from the source; `rest` is the cell of the
    tail's path before it. ``tree[i]`` is the index of the in-chain on i's
    best path, ``up[i]`` the heap item of that path, and ``best[i]`` that path as
    a tuple, once built. A heap item is ``(key, index, rank, value, tail,
    weights, edges)``: the tail's path of that rank extended by in-chain
    number `index`, which breaks ties; ``last[i]`` is the item taken last,
    whose successor (the tail's next path, extended) is still to be pushed.
    """

    def __init__(self, junctions, chains, semiring):
        self.semiring = semiring
        if semiring.add is min:
            self.key = None
        elif semiring.add is max:
            self.key = operator.neg
        else:
            self.key = functools.cmp_to_key(_comparison(semiring))
        key, mul = self.key, semiring.mul
        self.target = junctions - 1
        self.values = values = [[semiring.one]]
        self.sides = sides = [[None]]
        self.heaps = heaps = [[]]
        self.last = last = [None]
        self.tree = tree = [None]
        self.up = up = [None]
        self.depth = depth = [0]
        heappop = heapq.heappop
        for ins in chains:
            heap = []
            for index, (tail, weights, edges) in enumerate(ins):
                # A path from the source starts from its first weight, as
                # path_weight's fold does, not from one ⊗ it.
                first = 0 if tail else 1
                start = values[tail][0] if tail else weights[0]
                value = start
                try:
                    for w in weights[first:]:
                        value = mul(value, w)
                except _OPERATION_ERRORS:
                    _folded(semiring, start, weights[first:], edges[first:])
                    raise
                key_value = value if key is None else key(value)
                heap.append((key_value, index, 0, value, tail, weights, edges))
            heapq.heapify(heap)
            item = heappop(heap)
            _, index, _, value, tail, _, edges = item
            values.append([value])
            sides.append([None])
            heaps.append(heap)
            last.append(item)
            tree.append(index)
            up.append(item)
            depth.append(depth[tail] + len(edges))
        self.exhausted = [False] * len(values)
        self.exhausted[0] = True
        self.best: list = [None] * len(values)
        self.best[0] = ()

    def _extend(self, i):
        """Append junction i's next best path to its lists, if it has one."""
        values, sides, heaps, last = self.values, self.sides, self.heaps, self.last
        exhausted, tree, depth = self.exhausted, self.tree, self.depth
        mul, key = self.semiring.mul, self.key
        heappushpop, heappop = heapq.heappushpop, heapq.heappop
        # Pushing the successor of the item a node took last needs the tail's
        # next path, which may need its tail's, and so on back along the path
        # to a node that has it: find how far back, then extend forwards.
        x = i
        requests = [i]
        while True:
            item = last[x]
            x = item[4]
            if item[2] + 1 < len(values[x]) or exhausted[x]:
                break
            requests.append(x)
        try:
            for x in reversed(requests):
                item = last[x]
                _, index, rank, _, tail, weights, edges = item
                rank += 1
                tail_values = values[tail]
                if rank < len(tail_values):
                    value = tail_values[rank]
                    for w in weights:
                        value = mul(value, w)
                    successor = (
                        value if key is None else key(value),
                        index,
                        rank,
                        value,
                        tail,
                        weights,
                        edges,
                    )
                    item = heappushpop(heaps[x], successor)
                elif heaps[x]:
                    item = heappop(heaps[x])
                else:
                    exhausted[x] = True
                    continue
                _, index, rank, value, tail, _, edges = item
                values[x].append(value)
                side = sides[tail][rank]
                if index != tree[x]:
                    side = (tail, depth[x], edges, side)
                sides[x].append(side)
                last[x] = item
        except _OPERATION_ERRORS as exc:
            _, _, rank, _, tail, weights, edges = item
            _folded(self.semiring, values[tail][rank + 1], weights, edges)
            raise operations_failed(edges[-1], self.semiring, exc) from exc

    def _best_path(self, i):
        """The best path to junction i, a tuple of edges, kept once built."""
        best, up = self.best, self.up
        path = best[i]
        if path is None:
            parts = []
            x = i
            while best[x] is None:
                item = up[x]
                x = item[4]
                parts.append(item[6])
            parts.append(best[x])
            parts.reverse()
            path = best[i] = tuple(itertools.chain.from_iterable(parts))
        return path

    def paths(self):
        target, best, best_path = self.target, self.best, self._best_path
        extend, exhausted = self._extend, self.exhausted
        values, sides = self.values[target], self.sides[target]
        i = 0
        while True:
            if i == len(values):
                if exhausted[target]:
                    return
                extend(target)
                if i == len(values):
                    return
            side = sides[i]
            if side is None:
                path = best_path(target)
            else:
                # From the target back: the best path's part after each
                # sidetrack's head, then the sidetrack, and at last the best
                # path to the first sidetrack's tail.
                parts = []
                end = target
                while side is not None:
                    tail, head_depth, edges, side = side
                    path = best[end]
                    if path is None:
                        path = best_path(end)
                    parts.append(path[head_depth:])
                    parts.append(edges)
                    end = tail
                path = best[end]
                parts.append(best_path(end) if path is None else path)
                edges = []
                for part in reversed(parts):
                    edges += part
                path = tuple(edges)
            yield values[i], path
            i += 1


class _Sidetracks:
    """Eppstein's sidetrack heaps, for MIN_PLUS and MAX_PLUS on Python ints,
    whose sums are exact: a path's value is then the best value plus what
    each of its sidetracks loses, added in any order.

    Values are kept as costs, the MIN_PLUS way round (MAX_PLUS negated by
    ``sign``): ``dist[x]`` is the cost of the best path to junction x,
    ``costs[x][c]`` that of the best path to the tail of in-chain c then c,
    ``tree[x]`` the first c of least cost. In-chain c != tree[x] is a
    sidetrack that loses ``costs[x][c] - dist[x]``; its key ranks it by
    loss, then among tied paths (see `_keys`). ``depth[x]`` counts the
    junctions and ``reach[x]`` the edges on the best path to x.

    ``heaps[u]`` is a persistent leftist heap (in ``nodes``) of the
    junctions on the best path to u that have sidetracks, by the key of
    their best one: it adds u to the heap of u's tree parent and shares the
    rest.

    A path is its sidetracks from the source on, each a cell ``(tail,
    edges, reach[head], after)`` sharing `after` with the path it came from.
    The paths after the best come from one search with a heap of candidates,
    each a path and where its first sidetrack sits: a node of ``heaps[u]``
    and a place in the sorted sidetracks of that node's junction. A
    candidate's successors move that sidetrack to the node's children or to
    the next in the list, or put a new sidetrack before it, the root of the
    heap of its tail: one pop and at most four pushes per path.
    """

    def __init__(self, junctions, chains, semiring):
        self.sign = sign = 1 if semiring is MIN_PLUS else -1
        self.target = junctions - 1
        self.ins = ins = [[]]
        self.costs = costs = [[]]
        self.dist = dist = [0]
        self.tree = tree = [None]
        self.depth = depth = [0]
        self.reach = reach = [0]
        for chains_into in chains:
            # A path from the source starts from its first weight, as
            # path_weight's fold does; with ints 0 + w is w all the same.
            cost = [
                dist[tail] + sign * sum(weights) for tail, weights, _ in chains_into
            ]
            best = min(cost)
            c = cost.index(best)
            tail, _, edges = chains_into[c]
            ins.append(chains_into)
            costs.append(cost)
            dist.append(best)
            tree.append(c)
            depth.append(depth[tail] + 1)
            reach.append(reach[tail] + len(edges))
        self.width = width = max(map(len, ins))
        self.end = junctions * width
        self.span = 2 * junctions * width + 1
        self.sidetracks: list = [None] * junctions
        self.nodes = _Heaps()
        self.heaps = array.array("q", [-1]) * junctions  # -1: not built yet
        self.heaps[0] = 0
        self.best: list = [None] * junctions
        self.best[0] = ()

    def _keys(self, x):
        """The keys of the sidetracks into junction x, with their indices.

        A key is ``loss * span + code``. Take two paths of one value that
        agree from the target back to a junction u, and from there on back
        one leaves the best path to u at sidetrack f, the other at an
        earlier sidetrack or not at all. The documented order compares them
        where f enters its head: the values so far are equal there (sums
        cancel), one path enters by f and the other by the tree chain, so
        the path through f comes first if f comes before the tree chain in
        ``G.pred``, else second. So the codes rank those before the tree
        chain first, later ones first; then a path's end (``end``); then the
        others, earlier ones first; at one head by index. A path's tie-break
        is its sidetracks' codes from the target back, then ``end``.
        """
        tree, cost, best = self.tree[x], self.costs[x], self.dist[x]
        width, span, depth = self.width, self.span, self.depth[x]
        low = (self.target - depth) * width
        high = self.end + 1 + depth * width
        return [
            ((cost[c] - best) * span + (low if c < tree else high) + c, c)
            for c in range(len(cost))
            if c != tree
        ]

    def _sorted(self, x):
        """The sidetracks into junction x, best first: ``(key, tail, edges,
        reach[x])``, kept once built."""
        ins, reach = self.ins[x], self.reach[x]
        sidetracks = self.sidetracks[x] = [
            (key, ins[c][0], ins[c][2], reach) for key, c in sorted(self._keys(x))
        ]
        return sidetracks

    def _heap(self, u):
        """The heap of the sidetracks on the best path to u, built with those
        of u's tree ancestors as far back as one built already."""
        heaps, ins, tree = self.heaps, self.ins, self.tree
        inserted = self.nodes.inserted
        pending = []
        while heaps[u] < 0:
            pending.append(u)
            u = ins[u][tree[u]][0]
        heap = heaps[u]
        for x in reversed(pending):
            keys = self._keys(x)
            if keys:
                heap = inserted(heap, x, min(keys)[0])
            heaps[x] = heap
        return heap

    def _best_path(self, x):
        """The best path to junction x, a tuple of edges, kept once built."""
        best, ins, tree = self.best, self.ins, self.tree
        path = best[x]
        if path is None:
            parts = []
            y = x
            while best[y] is None:
                y, _, edges = ins[y][tree[y]]
                parts.append(edges)
            parts.append(best[y])
            parts.reverse()
            path = best[x] = tuple(itertools.chain.from_iterable(parts))
        return path

    def _path(self, side):
        """The edges of the path whose sidetracks from the source are `side`:
        the best path to the first's tail, the sidetrack, the best path to
        the next one's tail from the first's head on, and so on."""
        best, best_path = self.best, self._best_path
        tail, chain, cut, after = side
        path = best[tail]
        edges = list(best_path(tail) if path is None else path)
        edges += chain
        while after is not None:
            tail, chain, head_reach, after = after
            path = best[tail]
            edges += (best_path(tail) if path is None else path)[cut:]
            edges += chain
            cut = head_reach
        edges += best[self.target][cut:]
        return tuple(edges)

    def paths(self):
        """Every path with its value, best first: the best path, then the
        search."""
        sign, end, span = self.sign, self.end, self.span
        best = self.dist[self.target]
        keys, junction = self.nodes.keys, self.nodes.junction
        left, right = self.nodes.left, self.nodes.right
        sidetracks, heaps, heap_of = self.sidetracks, self.heaps, self._heap
        heappush, heappop = heapq.heappush, heapq.heappop
        yield sign * best, self._best_path(self.target)
        root = heap_of(self.target)
        if not root:
            return
        loss, code = divmod(keys[root], span)
        # A candidate: (loss, tie, node, place, after): the path whose
        # first sidetrack is number `place` among those of node's junction,
        # followed by the cells `after`. `tie` is its sidetracks' codes from
        # the target back, then `end`: equal losses compare these.
        queue = [(loss, (code, end), root, 0, None)]
        while queue:
            loss, tie, node, place, after = heappop(queue)
            x = junction[node]
            own = sidetracks[x]
            if own is None:
                own = self._sorted(x)
            key, tail, chain, head_reach = own[place]
            side = (tail, chain, head_reach, after)
            yield sign * (best + loss), self._path(side)
            base, head = loss - key // span, tie[:-2]
            if place == 0:
                for child in left[node], right[node]:
                    if child:
                        more, code = divmod(keys[child], span)
                        heappush(
                            queue, (base + more, (*head, code, end), child, 0, after)
                        )
            if place + 1 < len(own):
                more, code = divmod(own[place + 1][0], span)
                heappush(
                    queue, (base + more, (*head, code, end), node, place + 1, after)
                )
            root = heaps[tail]
            if root < 0:
                root = heap_of(tail)
            if root:
                more, code = divmod(keys[root], span)
                heappush(queue, (loss + more, (*tie[:-1], code, end), root, 0, side))


class _Heaps:
    """Persistent leftist heaps of junctions by key, in flat arrays.

    Node i holds junction ``junction[i]`` of key ``keys[i]`` and its
    children ``left[i]`` and ``right[i]``; ``rank[i]`` is the length of its
    right spine, never more than its left child's. Node 0 is the empty heap.
    A node is never changed once made, so a heap is shared by every heap made
    from it. Arrays of ints rather than a tuple a node, which the garbage
    collector would scan over and over: a deep graph makes ``n log n`` nodes.
    """

    def __init__(self):
        self.keys: list = [None]
        self.junction = array.array("q", [0])
        self.left = array.array("q", [0])
        self.right = array.array("q", [0])
        self.rank = array.array("q", [0])

    def inserted(self, heap, x, key):
        """The node of a heap that is `heap` with junction x of `key` added;
        only the part of the right spine above x, O(log size) long, is
        copied."""
        keys, junction, rank = self.keys, self.junction, self.rank
        left, right = self.left, self.right
        spine = []
        while heap and keys[heap] < key:
            spine.append(heap)
            heap = right[heap]
        # x goes above the rest; each node above takes the copy of its old
        # right child as a child, on the side that keeps the heap leftist.
        node = len(keys)
        keys.append(key)
        junction.append(x)
        left.append(heap)
        right.append(0)
        rank.append(1)
        below = 1
        for top in reversed(spine):
            side = left[top]
            side_rank = rank[side]
            keys.append(keys[top])
            junction.append(junction[top])
            if side_rank < below:
                left.append(node)
                right.append(side)
                below = side_rank + 1
            else:
                left.append(side)
                right.append(node)
                below += 1
            rank.append(below)
            node = len(keys) - 1
        return node


def _comparison(semiring):
    add = semiring.add

    def compare(a, b):
        if a == b:
            return 0
        return -1 if add(a, b) == a else 1

    return compare
