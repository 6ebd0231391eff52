"""Vertex elimination: every order between forward and reverse mode, with its cost.

Eliminating an intermediate node v adds, for every predecessor u and successor
w, the product w(u, v) ⊗ w(v, w) to the edge u -> w (⊕ into it if it exists),
then removes v. When only inputs and outputs are left, the edges are the
Jacobian. Forward mode is elimination in topological order, reverse mode in
reverse topological order; cross-country orders such as Markowitz's lie between
(Griewank and Walther, *Evaluating Derivatives*, chapter 9).
"""

from __future__ import annotations

import heapq
import html
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from ._graph import (
    arc_weight_function,
    check_node,
    check_semiring,
    reach_order,
    short_repr,
)
from .accumulate import Weight
from .exceptions import WeightError
from .formatting import count
from .semirings import REAL, Semiring

__all__ = ["ORDERS", "Elimination", "Step", "eliminate", "elimination_cost"]

ORDERS = ("forward", "reverse", "markowitz", "min-fill")

_OPERATION_ERRORS = (TypeError, ValueError, ArithmeticError)
_SHOWN = 5
_ABSENT = object()


class Step(NamedTuple):
    """One step of an elimination.

    ``node`` went (or, with ``kept``, was passed through and stays: an input or
    output between other inputs and outputs); it cost ``multiplications``
    products and ``additions`` ⊕ into existing edges, and created the edges
    ``fill``, each ``(u, w)``.
    """

    node: Hashable
    multiplications: int
    additions: int
    fill: tuple[tuple[Hashable, Hashable], ...]
    kept: bool = False


class Elimination:
    """The result of `eliminate`.

    Attributes
    ----------
    jacobian : numpy.ndarray
        ``J[i, j]`` is the path sum ``inputs[j] -> outputs[i]``, laid out as
        `jacobian` lays it out.
    graph : networkx.DiGraph
        The inputs and outputs, with an edge input -> output, weighing the
        entry, wherever a path joins them.
    order : list
        The intermediate nodes in the order they were eliminated.
    steps : list of Step
        One per eliminated node, then one per input or output passed through.
    multiplications, additions : int
        The totals over `steps`.
    """

    def __init__(self, jacobian, graph, order, steps):
        self.jacobian = jacobian
        self.graph = graph
        self.order = order
        self.steps = steps
        self.multiplications = sum(step.multiplications for step in steps)
        self.additions = sum(step.additions for step in steps)

    def _summary(self) -> str:
        return (
            f"{count(len(self.order), 'node')} eliminated, "
            f"{count(self.multiplications, 'multiplication')}, "
            f"{count(self.additions, 'addition')}"
        )

    def __repr__(self) -> str:
        return f"<Elimination: {self._summary()}>"

    def _repr_html_(self) -> str:
        # A notebook shows the cost, the order and the Jacobian, as a table.
        rows, columns = self.jacobian.shape
        steps = "".join(
            f"<tr><td>{html.escape(str(step.node))}</td>"
            f"<td>{step.multiplications:,}</td><td>{step.additions:,}</td>"
            f"<td>{len(step.fill):,}</td><td>{'kept' if step.kept else ''}</td></tr>"
            for step in self.steps
        )
        return (
            f"<p><b>Elimination</b>: {html.escape(self._summary())}; "
            f"a {rows} × {columns} Jacobian</p>"
            "<table><tr><th>node</th><th>multiplications</th><th>additions</th>"
            f"<th>fill edges</th><th></th></tr>{steps}</table>"
        )


@not_implemented_for("undirected")
def eliminate(
    G: nx.DiGraph,
    inputs: Sequence[Hashable],
    outputs: Sequence[Hashable],
    *,
    order: str | Sequence[Hashable] = "markowitz",
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> Elimination:
    """The Jacobian of `inputs` -> `outputs` by vertex elimination in `order`.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A computational graph: each edge u -> v weighs ∂v/∂u. Parallel edges
        are distinct paths; their weights are ⊕-ed as the graph is read.
    inputs, outputs : sequence of nodes
        The columns and the rows. A node may be both (its entry for itself
        is ``semiring.one``, the empty path); an input may have predecessors
        and an output successors.
    order : str or sequence of nodes, default "markowitz"
        ``"forward"`` eliminates the intermediate nodes in topological order
        (forward mode), ``"reverse"`` in reverse topological order (reverse
        mode), ``"markowitz"`` always the node with the fewest products
        ``|pred| * |succ|``, ``"min-fill"`` always the node that creates the
        fewest new edges. Or a sequence listing every intermediate node (every
        node on an input -> output path that is neither an input nor an
        output) once; nodes on no such path may be listed or not.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default REAL
        Any semiring; ⊗ need not be commutative.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    Elimination
        ``.jacobian``, ``.graph``, ``.order``, ``.steps``,
        ``.multiplications`` and ``.additions``.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If an input, output or node of `order` is not in `G`.
    TypeError
        If `inputs`, `outputs` or `order` is not a list or tuple of nodes.
    ValueError
        If `order` is an unknown name, or lists an input or output, a node
        twice, or leaves out an intermediate node.
    NotADAGError
        If a cycle is reachable from the inputs.
    WeightError
        If an edge on an input -> output path lacks the `weight` attribute (and
        no `default_weight` is given), or its weight is not a value of the
        semiring, or the operations fail on it.

    Examples
    --------
    e = (a + b)·(b + 1) at a = 2, b = 1: one product per path through c or d.

    >>> import pathsum as ps
    >>> from pathsum.examples import colah
    >>> result = ps.eliminate(colah(), ["a", "b"], ["e"], order="forward")
    >>> result.jacobian
    array([[2, 5]])
    >>> result.order, result.multiplications, result.additions
    (['c', 'd'], 3, 1)
    >>> result.steps[0]
    Step(node='c', multiplications=2, additions=0, fill=(('a', 'e'), ('b', 'e')), \
kept=False)
    >>> sorted(result.graph.edges(data="weight"))
    [('a', 'e', 2), ('b', 'e', 5)]

    Notes
    -----
    Counting: eliminating v forms one product w(u, v) ⊗ w(v, w) for each
    predecessor u and successor w (``|pred| * |succ|`` multiplications) and
    ⊕-s it into the edge u -> w when that edge already exists (one addition
    each); otherwise the product becomes a new, fill-in, edge. Nodes that
    reach no output or that no input reaches are dropped first, at no cost;
    so is the ⊕ of parallel edges as the graph is read, which every order
    pays alike.

    On a graph whose inputs have no predecessors and outputs no successors,
    every node on an input -> output path and no parallel edges, elimination
    in forward order performs exactly the additions of one forward pass per
    input (``forward_path_sums`` with an `OperationCounter`), and as many
    multiplications less the number of input edges: a pass multiplies each
    input's seed ``one`` by its edges' weights, elimination takes the weights
    as they are. Reverse order and one reverse pass per output compare in the
    same way, with the output edges.

    When an input has predecessors or an output successors, the edges left
    among inputs and outputs are not yet the Jacobian (a path may run
    x -> y1 -> y2). Each input or output with edges in and out is then passed
    through in topological order: its products are formed and ⊕-ed as for an
    elimination, but it stays. These steps come last in ``steps`` with
    ``kept=True`` and count in the totals.

    Products keep path order, so non-commutative semirings (FREE, matrices)
    come out right. `graph` has an edge wherever a path joins an input to an
    output, even where the entry cancels to zero; a node that is both an input
    and an output has no edge to itself, so that `graph` stays acyclic.

    See Also
    --------
    elimination_cost, jacobian, forward_path_sums, reverse_path_sums
    """
    semiring = check_semiring(semiring)
    inputs = _nodes(G, inputs, "input")
    outputs = _nodes(G, outputs, "output")
    arc, hides = arc_weight_function(G, weight, semiring, default_weight)
    reduced = _Reduced(G, inputs, outputs, arc, hides)
    order = _resolve_order(G, order, reduced)
    steps = _run(reduced, order, semiring)
    J = _jacobian_array(reduced, inputs, outputs, semiring)
    H = nx.DiGraph()
    H.add_nodes_from(dict.fromkeys([*inputs, *outputs]))
    name = weight if isinstance(weight, str) else "weight"
    outs = set(outputs)
    for x in dict.fromkeys(inputs):
        for y, value in reduced.succ.get(x, {}).items():
            if y in outs and y != x:
                H.add_edge(x, y, **{name: value})
    return Elimination(J, H, reduced.eliminated, steps)


@not_implemented_for("undirected")
def elimination_cost(
    G: nx.DiGraph,
    inputs: Sequence[Hashable],
    outputs: Sequence[Hashable],
    *,
    order: str | Sequence[Hashable] = "markowitz",
) -> tuple[int, int]:
    """``(multiplications, additions)`` that ``eliminate(G, …, order=order)`` costs.

    The structure alone decides the counts, so no weight is read and no
    product formed: use it to compare orders on large graphs.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph; every edge counts.
    inputs, outputs : sequence of nodes
        As for `eliminate`.
    order : str or sequence of nodes, default "markowitz"
        As for `eliminate`.

    Returns
    -------
    (int, int)
        The totals ``eliminate`` reports, counted as its Notes say.

    Raises
    ------
    NetworkXNotImplemented, NodeNotFound, TypeError, ValueError, NotADAGError
        As for `eliminate`.

    Examples
    --------
    One input x, two outputs: forward mode pays once per intermediate edge,
    reverse mode once per output.

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph([("x", "h"), ("h", "k"), ("k", "y1"), ("k", "y2")])
    >>> [ps.elimination_cost(G, ["x"], ["y1", "y2"], order=o)
    ...  for o in ("forward", "reverse", "markowitz")]
    [(3, 0), (4, 0), (3, 0)]

    See Also
    --------
    eliminate
    """
    inputs = _nodes(G, inputs, "input")
    outputs = _nodes(G, outputs, "output")
    reduced = _Reduced(G, inputs, outputs, None, False)
    steps = _run(reduced, _resolve_order(G, order, reduced), None)
    return (
        sum(step.multiplications for step in steps),
        sum(step.additions for step in steps),
    )


def stages(
    G: nx.DiGraph,
    inputs: Sequence[Hashable],
    outputs: Sequence[Hashable],
    *,
    order: str | Sequence[Hashable] = "markowitz",
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> tuple[Elimination, list[nx.DiGraph]]:
    """``(eliminate(...), graphs)``: ``graphs[k]`` is the graph before step k,
    its edges weighing their current values; ``graphs[-1]`` is what is left."""
    options = {"weight": weight, "semiring": semiring, "default_weight": default_weight}
    result = eliminate(G, inputs, outputs, order=order, **options)
    arc, hides = arc_weight_function(G, weight, semiring, default_weight)
    reduced = _Reduced(G, _nodes(G, inputs, "input"), outputs, arc, hides)
    graphs = []
    for step in result.steps:
        graphs.append(_snapshot(reduced))
        _eliminate(step.node, reduced.succ, reduced.pred, semiring, keep=step.kept)
    graphs.append(_snapshot(reduced))
    return result, graphs


def _snapshot(reduced: _Reduced) -> nx.DiGraph:
    H = nx.DiGraph()
    H.add_nodes_from(node for node in reduced.topological if node in reduced.succ)
    H.add_weighted_edges_from(
        (u, w, value) for u, row in reduced.succ.items() for w, value in row.items()
    )
    return H


def _nodes(G: nx.DiGraph, nodes: Any, role: str) -> list[Hashable]:
    if isinstance(nodes, str) or not isinstance(nodes, Sequence):
        raise TypeError(f"{role}s must be a list or tuple of nodes, not {nodes!r}")
    return [check_node(G, node, role) for node in nodes]


class _Reduced:
    """The nodes on input -> output paths as adjacency dicts, parallel edges ⊕-ed.

    ``succ[u]`` maps each successor w to the weight of u -> w (None when only
    the structure is wanted); ``pred[w]`` holds the predecessors in insertion
    order. ``topological`` lists the nodes kept, sources first.
    """

    def __init__(self, G, inputs, outputs, arc, hides):
        self.inputs = set(inputs)
        self.terminals = self.inputs | set(outputs)
        down = reach_order(G._succ, dict.fromkeys(inputs), arc if hides else None)
        ends = set(outputs)
        useful = set()
        visible = arc if hides else None
        for u in reversed(down):
            if u in ends or any(
                v in useful and (visible is None or visible(u, v, data) is not None)
                for v, data in G._succ[u].items()
            ):
                useful.add(u)
        self.topological = [u for u in down if u in useful]
        self.succ = {u: {} for u in self.topological}
        self.pred = {u: {} for u in self.topological}
        for u in self.topological:
            for v, data in G._succ[u].items():
                if v not in useful:
                    continue
                w = None if arc is None else arc(u, v, data)
                if w is None and arc is not None:
                    continue
                self.succ[u][v] = w
                self.pred[v][u] = None
        self.intermediates = [u for u in self.topological if u not in self.terminals]
        self.eliminated: list[Hashable] = []


def _resolve_order(G, order, reduced: _Reduced):
    """A list of the intermediate nodes, or the name of a dynamic order."""
    if isinstance(order, str):
        if order not in ORDERS:
            choices = ", ".join(repr(o) for o in ORDERS)
            raise ValueError(
                f"order={order!r} is not one of {choices}, nor a sequence of nodes"
            )
        if order == "forward":
            return list(reduced.intermediates)
        if order == "reverse":
            return reduced.intermediates[::-1]
        return order
    if not isinstance(order, Sequence):
        raise TypeError(
            f"order must be one of {', '.join(ORDERS)} or a list or tuple of "
            f"nodes, not {order!r}"
        )
    seen: set = set()
    twice = []
    for node in order:
        check_node(G, node, "order")
        if node in reduced.terminals:
            role = "an input" if node in reduced.inputs else "an output"
            raise ValueError(
                f"order lists {short_repr(node)}, {role}; inputs and outputs are "
                f"never eliminated, list only the other nodes"
            )
        if node in seen:
            twice.append(node)
        seen.add(node)
    if twice:
        raise ValueError(f"order lists {_some(twice)} more than once")
    missing = [node for node in reduced.intermediates if node not in seen]
    if missing:
        raise ValueError(
            f"order leaves out {len(missing)} intermediate node"
            f"{'s' if len(missing) > 1 else ''}: {_some(missing)}; list every node "
            f"on an input -> output path that is neither an input nor an output"
        )
    return [node for node in order if node in reduced.pred]


def _some(nodes: list) -> str:
    shown = ", ".join(short_repr(node) for node in nodes[:_SHOWN])
    if len(nodes) > _SHOWN:
        shown += f" and {len(nodes) - _SHOWN} more"
    return shown


def _run(reduced: _Reduced, order, semiring: Semiring | None) -> list[Step]:
    """Eliminate in `order` (a list, or "markowitz" / "min-fill"), then pass
    through the inputs and outputs that lie between others."""
    succ, pred = reduced.succ, reduced.pred
    steps = []
    if isinstance(order, list):
        for v in order:
            steps.append(_eliminate(v, succ, pred, semiring))
            reduced.eliminated.append(v)
    else:
        _greedy(reduced, order, semiring, steps)
    for t in reduced.topological:
        if t in reduced.terminals and pred[t] and succ[t]:
            steps.append(_eliminate(t, succ, pred, semiring, keep=True))
    return steps


def _eliminate(v, succ, pred, semiring, keep=False) -> Step:
    """Form every product u -> v -> w into u -> w; remove v unless `keep`."""
    if semiring is None:
        return _eliminate_structure(v, succ, pred, keep)
    into = pred[v] if keep else pred.pop(v)
    out = succ[v] if keep else succ.pop(v)
    mul, add = semiring.mul, semiring.add
    fill = []
    u = w = None
    try:
        for u in into:
            row = succ[u]
            left = row[v] if keep else row.pop(v)
            # `get` with a sentinel finds the edge in one lookup where `in`
            # then `[]` took two: this loop is the whole cost of an elimination
            # that forms millions of products.
            find = row.get
            for w, right in out.items():
                value = find(w, _ABSENT)
                if value is _ABSENT:
                    row[w] = mul(left, right)
                    pred[w][u] = None
                    fill.append((u, w))
                else:
                    row[w] = add(value, mul(left, right))
    except _OPERATION_ERRORS as exc:
        raise WeightError(
            f"the {semiring.name} operations failed forming the product of the path "
            f"{short_repr(u)} -> {short_repr(v)} -> {short_repr(w)}: {exc}",
            edge=(u, v),
        ) from exc
    if not keep:
        for w in out:
            del pred[w][v]
    products = len(into) * len(out)
    return Step(v, products, products - len(fill), tuple(fill), keep)


def _eliminate_structure(v, succ, pred, keep) -> Step:
    """`_eliminate` without values: the edges that exist already are found by a
    set difference, in C, so only the fill-in edges cost a Python step each."""
    into = pred[v] if keep else pred.pop(v)
    out = succ[v] if keep else succ.pop(v)
    # A set minus a dict looks up the set's members in the dict; `keys() -
    # keys()` would walk the dict, and an input's row in forward mode grows long.
    targets = set(out)
    fill = []
    for u in into:
        row = succ[u]
        if not keep:
            del row[v]
        for w in targets.difference(row):
            row[w] = None
            pred[w][u] = None
            fill.append((u, w))
    if not keep:
        for w in out:
            del pred[w][v]
    products = len(into) * len(out)
    return Step(v, products, products - len(fill), tuple(fill), keep)


def _greedy(reduced: _Reduced, order: str, semiring, steps: list) -> None:
    """Eliminate always the cheapest node, by a heap with lazy updates: a node
    whose cost changed is pushed again, and entries whose cost is stale are
    skipped when they come up. Ties go to the first in topological order.

    For min-fill, each node's fill is its products less the edges already
    present among them, and ``present`` is kept up to date as triangles
    u -> m -> w with the edge u -> w come and go (`_unlink`, `_link`): counting
    a node's fill afresh after every change to its neighbourhood made min-fill
    dozens of times slower than Markowitz on 10^5 edges.
    """
    succ, pred = reduced.succ, reduced.pred
    nodes = reduced.topological
    index = {v: i for i, v in enumerate(nodes)}
    left = set(reduced.intermediates)
    by_fill = order == "min-fill"
    # Inputs and outputs are never eliminated, so their counts stay 0, unread.
    present = dict.fromkeys(nodes, 0) if by_fill else {}
    if by_fill:
        for v in left:
            present[v] = _present(v, succ, pred)
    # The key (fill, products, index) or (products, index) packed into one int
    # that orders alike: heap entries compare in C, a tuple's would not.
    n = len(nodes)
    bound = n * n + 1  # more than any node's products

    def key(v):
        products = len(pred[v]) * len(succ[v])
        if by_fill:
            return ((products - present[v]) * bound + products) * n + index[v]
        return products * n + index[v]

    current = {v: key(v) for v in left}
    heap = list(current.values())
    heapq.heapify(heap)
    while heap:
        k = heapq.heappop(heap)
        v = nodes[k % n]
        if v not in left or current[v] != k:
            continue
        changed = {*pred[v], *succ[v]}
        if by_fill:
            _unlink(v, succ, pred, present)
        step = _eliminate(v, succ, pred, semiring)
        steps.append(step)
        reduced.eliminated.append(v)
        left.discard(v)
        if by_fill:
            changed.update(_link(step.fill, succ, pred, present))
        for m in changed:
            if m in left:
                k = key(m)
                if k != current[m]:
                    current[m] = k
                    heapq.heappush(heap, k)


def _present(v, succ, pred) -> int:
    """How many of the edges u -> w, u a predecessor and w a successor of v, exist."""
    out = succ[v].keys()
    # Set intersections of the key views run in C, a pair at a time in Python
    # would not.
    return sum(len(out & succ[u].keys()) for u in pred[v])


def _unlink(v, succ, pred, present) -> None:
    """Before v goes: ``present`` loses the triangles through v, and each fill
    edge u -> w about to be made closes x -> u -> w over an existing x -> w
    (for u) and u -> w -> y over an existing u -> y (for w). Triangles whose
    shortcut is a fill edge are `_link`'s, counted once the edges are in."""
    into, out = pred[v].keys(), succ[v].keys()
    for m in out:
        present[m] -= len(succ[m].keys() & out)
    for m in into:
        present[m] -= len(pred[m].keys() & into)
    targets = set(out)
    for u in into:
        new = targets.difference(succ[u])
        if not new:
            continue
        above, below = pred[u].keys(), succ[u].keys()
        for w in new:
            # x -> u -> w over the old edge x -> w; u -> w -> y over the old u -> y.
            present[u] += len(above & pred[w].keys())
            present[w] += len(succ[w].keys() & below)


def _link(fill, succ, pred, present) -> Counter:
    """After the fill edges are in: each u -> w now closes a triangle for every m
    with u -> m -> w. Returns how many each such m gained."""
    gained = Counter()
    for u, w in fill:
        gained.update(succ[u].keys() & pred[w].keys())
    for m, shared in gained.items():
        present[m] += shared
    return gained


def _jacobian_array(reduced, inputs, outputs, semiring) -> np.ndarray:
    if not inputs or not outputs:
        return np.zeros((len(outputs), len(inputs)))
    rows = []
    for y in outputs:
        row = []
        for x in inputs:
            if x == y:
                row.append(semiring.one)
            else:
                row.append(reduced.succ.get(x, {}).get(y, semiring.zero))
        rows.append(row)
    return exact_array(rows)


_FLOAT_INTS = 2**53  # ints up to this size are exact in float64


def exact_array(rows: list[list[Any]]) -> np.ndarray:
    """`rows` as a numeric array where that loses nothing, else as objects."""
    values = [value for row in rows for value in row]
    if all(isinstance(v, bool | np.bool_) for v in values):
        return np.array(rows, dtype=bool)
    ints = [v for v in values if isinstance(v, int | np.integer)]
    if len(ints) == len(values):
        if all(-(2**63) <= v < 2**63 for v in ints):
            return np.array(rows, dtype=np.int64)
    elif all(-_FLOAT_INTS <= v <= _FLOAT_INTS for v in ints) and all(
        isinstance(v, int | float | complex | np.number) for v in values
    ):
        return np.array(rows)
    exact = np.empty((len(rows), len(rows[0])), dtype=object)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            exact[i, j] = value
    return exact
