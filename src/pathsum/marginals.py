"""Through-edge and through-node path sums: forward(s->u) ⊗ w(e) ⊗ reverse(v->t)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx
from networkx.utils import not_implemented_for

from ._graph import (
    arc_weight_function,
    bad_weight,
    check_node,
    check_semiring,
    edge_weight_function,
    missing_weight,
    operations_failed,
    reach_order,
    renamed,
)
from .accumulate import Weight
from .exceptions import WeightError
from .semirings import REAL, Semiring, ignores_weights

__all__ = ["edge_marginals", "node_marginals"]

_OPERATION_ERRORS = (TypeError, ValueError, ArithmeticError)

# Stands for a weight attribute an edge lacks: no attribute value can be it.
_MISSING = object()


@not_implemented_for("undirected")
def edge_marginals(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> dict[tuple, Any]:
    """The path sum over the `source` -> `target` paths through each edge.

    For an edge e = (u, v) this is ``forward(source -> u) ⊗ w(e) ⊗
    reverse(v -> target)``: the ⊕ over every path that uses e of the path's
    product, multiplied in path order.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths, and each
        has its own marginal.
    source, target : node
        The ends of the paths.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default REAL
        What ⊕ and ⊗ are; ⊗ need not be commutative.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    dict
        Edge -> marginal, for every visible edge on some `source` -> `target`
        path; edges are ``(u, v)``, or ``(u, v, key)`` on a MultiDiGraph. Empty
        when there is no path or when `source` is `target` (the only path is
        the empty one, which uses no edge).

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    NotADAGError
        If a cycle reaches `target`.
    WeightError
        If a reached edge lacks the `weight` attribute (and no `default_weight`
        is given), or its weight is not a value of the semiring.

    Examples
    --------
    In the factoring example each of the nine X -> Z paths uses one edge
    X -> Y and one edge Y -> Z; the path sum is (1 + 2 + 3)(1 + 2 + 3) = 36.
    An edge X -> Y of weight w carries w · 6 of it:

    >>> import math
    >>> import pathsum as ps
    >>> from pathsum.examples import factoring
    >>> G = factoring()
    >>> marginals = ps.edge_marginals(G, "X", "Z")
    >>> for edge, value in sorted(marginals.items()):
    ...     print(edge, G.edges[edge]["label"], value)
    ('X', 'Y', 0) α 6
    ('X', 'Y', 1) β 12
    ('X', 'Y', 2) γ 18
    ('Y', 'Z', 0) δ 6
    ('Y', 'Z', 1) ε 12
    ('Y', 'Z', 2) ζ 18

    In REAL, the marginal divided by the edge's weight is the derivative of
    the path sum with respect to that weight: here d 36 / d w(X, Y, 2) = 6.

    >>> marginals["X", "Y", 2] / G.edges["X", "Y", 2]["weight"]
    6.0

    In LOG, where a path's score is the sum of its edges' scores and a path is
    drawn with probability proportional to exp(score), ``exp(marginal -
    total)`` is the probability that the drawn path uses the edge:

    >>> for u, v, k, d in G.edges(keys=True, data=True):
    ...     d["score"] = math.log(d["weight"])
    >>> logs = ps.edge_marginals(G, "X", "Z", weight="score", semiring=ps.LOG)
    >>> total = ps.path_sum(G, "X", "Z", weight="score", semiring=ps.LOG)
    >>> round(math.exp(logs["X", "Y", 2] - total), 12)
    0.5

    Notes
    -----
    One reverse pass from `target` over its ancestors, then one forward pass
    from `source` over the same nodes in the opposite order, which multiplies
    each edge's ``x[u] ⊗ w(e)`` by ``y[v]`` as it goes: linear in the size of
    the graph that reaches `target`, where enumerating the paths through each
    edge would be exponential.

    See Also
    --------
    node_marginals, forward_path_sums, reverse_path_sums, path_sum
    """
    semiring = check_semiring(semiring)
    check_node(G, source, "source")
    check_node(G, target, "target")
    _, _, through = _both_passes(
        G, source, target, weight, semiring, default_weight, edges=True
    )
    return through


@not_implemented_for("undirected")
def node_marginals(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> dict[Hashable, Any]:
    """The path sum over the `source` -> `target` paths through each node.

    For a node v this is ``forward(source -> v) ⊗ reverse(v -> target)``.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths.
    source, target : node
        The ends of the paths.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default REAL
        What ⊕ and ⊗ are; ⊗ need not be commutative.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    dict
        Node -> marginal, for every node on some `source` -> `target` path,
        both ends included: each end's marginal is the whole path sum. Empty
        when there is no path; ``{source: semiring.one}`` when `source` is
        `target`.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    NotADAGError
        If a cycle reaches `target`.
    WeightError
        If a reached edge lacks the `weight` attribute (and no `default_weight`
        is given), or its weight is not a value of the semiring.

    Examples
    --------
    Of the 2 paths b -> e in e = (a + b)(b + 1), one runs through c and one
    through d; their products are 1 · 2 and 1 · 3:

    >>> import pathsum as ps
    >>> from pathsum.examples import colah
    >>> sorted(ps.node_marginals(colah(), "b", "e").items())
    [('b', 5), ('c', 2), ('d', 3), ('e', 5)]

    Notes
    -----
    Every path crosses a cut between `source` and `target` exactly once, so
    the marginals of the nodes of a cut ⊕ to the path sum.

    See Also
    --------
    edge_marginals, path_sum
    """
    semiring = check_semiring(semiring)
    check_node(G, source, "source")
    check_node(G, target, "target")
    x, y, _ = _both_passes(G, source, target, weight, semiring, default_weight)
    mul = semiring.mul
    return {v: mul(xv, y[v]) for v, xv in x.items()}


def _both_passes(G, source, target, weight, semiring, default_weight, edges=False):
    """(x, y, through): y[v] the path sum v -> target over the ancestors of
    `target`, x[u] the path sum source -> u over those of them `source`
    reaches, and with `edges` the marginal of each edge between them.

    One reverse pass, then one forward pass over the same nodes in the
    opposite order, which computes the edge marginals as it goes: the
    forward pass reuses the reverse pass's topological order and touches
    only nodes on some source -> target path, so the whole costs one search
    and two sweeps, where `forward_pass` and `reverse_pass` would search
    twice and sweep the source's descendants that lead nowhere.
    """
    arc, hides = arc_weight_function(G, weight, semiring, default_weight)
    order = reach_order(G._pred, [target], arc if hides else None, backwards=True)
    plain = _plain_weight(G, weight, semiring, default_weight)
    if plain is None:
        y = _reverse_sweep(G._pred, order, target, arc, semiring)
    else:
        y = _reverse_sweep(G._pred, order, target, None, semiring, plain)
    if source not in y:
        return {}, {}, {}
    edge_weight, _ = edge_weight_function(weight, semiring, default_weight)
    x, through = _forward_sweep(
        G, order, source, y, edge_weight, semiring, edges, plain
    )
    return x, y, through


class _PlainWeight:
    """A named attribute read inline by the sweeps of a DiGraph, where a call of
    the weight function per edge would cost as much as the edge's arithmetic."""

    def __init__(self, name, semiring, default_weight):
        self.name = name
        self.semiring = semiring
        self.missing = _MISSING if default_weight is None else default_weight
        # REAL's lift returns ints and floats as they are: no call needed.
        self.unchanged = (float, int) if semiring is REAL else ()

    def lift(self, u, v, raw):
        """The lifted weight of edge (u, v), for raws not `unchanged`."""
        if raw is _MISSING:
            raise missing_weight((u, v), self.name, self.semiring)
        try:
            return self.semiring.lift(raw)
        except _OPERATION_ERRORS as exc:
            raise bad_weight((u, v), raw, self.semiring, exc) from exc


def _plain_weight(G, weight, semiring, default_weight):
    """A `_PlainWeight` when `weight` names an attribute of a DiGraph's edges,
    else None (callables, multigraphs and weights that are all one)."""
    if (
        G.is_multigraph()
        or weight is None
        or callable(weight)
        or ignores_weights(semiring)
        or semiring.lift is None
    ):
        return None
    return _PlainWeight(weight, semiring, default_weight)


def _reverse_sweep(pred, order, target, arc, semiring, plain=None):
    """y[u] = ⊕ over arcs u->v of w(u, v) ⊗ y[v], as `reverse_pass` does it."""
    add, mul = semiring.add, semiring.mul
    y = {target: semiring.one}
    u = v = None
    try:
        if plain is None:
            for v in order:
                yv = y[v]
                for u, data in pred[v].items():
                    w = arc(u, v, data)
                    if w is None:
                        continue
                    y[u] = add(y[u], mul(w, yv)) if u in y else mul(w, yv)
            return y
        name, missing, unchanged = plain.name, plain.missing, plain.unchanged
        get_y = y.get
        for v in order:
            yv = y[v]
            for u, data in pred[v].items():
                w = data.get(name, missing)
                if type(w) not in unchanged:
                    w = plain.lift(u, v, w)
                wy = mul(w, yv)
                yu = get_y(u)
                y[u] = wy if yu is None else add(yu, wy)
    except WeightError:
        raise
    except _OPERATION_ERRORS as exc:
        raise operations_failed((u, v), semiring, exc) from exc
    return y


def _forward_sweep(G, order, source, y, edge_weight, semiring, edges, plain=None):
    """x[v] = ⊕ over edges u->v of x[u] ⊗ w, over the nodes of `y` only, and
    with `edges` each edge's x[u] ⊗ w ⊗ y[v]: a node both reached from the
    source and reaching the target is on a path, and so is every edge
    joining two such nodes."""
    add, mul = semiring.add, semiring.mul
    succ = G._succ
    multigraph = G.is_multigraph()
    x = {source: semiring.one}
    through: dict[tuple, Any] = {}
    if plain is not None:
        _plain_forward(G._pred, order, x, y, plain, semiring, through, edges)
        return x, through
    edge = None
    try:
        for u in reversed(order):
            xu = x.get(u)
            if xu is None:
                continue
            for v, data in succ[u].items():
                yv = y.get(v)
                if yv is None:
                    continue
                if not multigraph:
                    edge = (u, v)
                    w = edge_weight(u, v, data)
                    if w is not None:
                        xw = mul(xu, w)
                        x[v] = add(x[v], xw) if v in x else xw
                        if edges:
                            through[edge] = mul(xw, yv)
                    continue
                for key, edge_data in data.items():
                    edge = (u, v, key)
                    w = edge_weight(u, v, edge_data)
                    if w is not None:
                        xw = mul(xu, w)
                        x[v] = add(x[v], xw) if v in x else xw
                        if edges:
                            through[edge] = mul(xw, yv)
    except WeightError as exc:
        raise renamed(exc, edge, semiring) from exc.__cause__
    except _OPERATION_ERRORS as exc:
        raise operations_failed(edge, semiring, exc) from exc
    return x, through


def _plain_forward(pred, order, x, y, plain, semiring, through, edges):
    """`_forward_sweep` on a DiGraph whose weights are a named attribute.

    It pulls each node's sum from its predecessors, so y[v] is looked up once
    per node and x[v] written once, not once per edge: on a path every edge
    u -> v has v in `order` and u in `x`.
    """
    add, mul = semiring.add, semiring.mul
    name, missing, unchanged = plain.name, plain.missing, plain.unchanged
    get_x = x.get
    u = v = None
    try:
        for v in reversed(order):
            yv = y[v]
            total = None
            for u, data in pred[v].items():
                xu = get_x(u)
                if xu is None:
                    continue
                w = data.get(name, missing)
                if type(w) not in unchanged:
                    w = plain.lift(u, v, w)
                xw = mul(xu, w)
                total = xw if total is None else add(total, xw)
                if edges:
                    through[u, v] = mul(xw, yv)
            if total is not None:
                x[v] = total
    except WeightError:
        raise
    except _OPERATION_ERRORS as exc:
        raise operations_failed((u, v), semiring, exc) from exc
