"""The workers: the two dynamic programs and the path enumerator.

They take normalised arguments only (an arc-weight callable, seed values already
lifted, a topological order of the relevant subgraph) and validate nothing.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from ._graph import (
    ArcWeight,
    arc_weight_function,
    bad_weight,
    check_weight,
    edge_weight_function,
    missing_weight,
    operations_failed,
    reach_order,
    renamed,
)
from .exceptions import TooManyPathsError, WeightError
from .semirings import (
    BOOLEAN,
    COUNTING,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
    Semiring,
    step_weight,
)

__all__: list[str] = []

_OPERATION_ERRORS = (TypeError, ValueError, ArithmeticError)


def forward_pass(
    G: nx.DiGraph,
    seeds: Mapping[Any, Any],
    arc: ArcWeight,
    hides: bool,
    semiring: Semiring,
) -> dict[Any, Any]:
    """x[v] = seed[v] ⊕ (⊕ over arcs u->v of x[u] ⊗ w(u, v)), sources first."""
    # The raw adjacency dicts: G.succ wraps each lookup in a fresh view object,
    # which costs more than the arithmetic of a pass.
    succ = G._succ
    order = reach_order(succ, seeds, arc if hides else None)
    add, mul = semiring.add, semiring.mul
    x = dict(seeds)
    u = v = None
    try:
        for u in order:
            xu = x[u]
            for v, data in succ[u].items():
                w = arc(u, v, data)
                if w is None:
                    continue
                if v in x:
                    x[v] = add(x[v], mul(xu, w))
                else:
                    x[v] = mul(xu, w)
    except WeightError:
        raise
    except _OPERATION_ERRORS as exc:
        raise operations_failed((u, v), semiring, exc) from exc
    return x


def reverse_pass(
    G: nx.DiGraph,
    seeds: Mapping[Any, Any],
    arc: ArcWeight,
    hides: bool,
    semiring: Semiring,
) -> dict[Any, Any]:
    """y[u] = seed[u] ⊕ (⊕ over arcs u->v of w(u, v) ⊗ y[v]), targets first."""
    pred = G._pred
    order = reach_order(pred, seeds, arc if hides else None, backwards=True)
    add, mul = semiring.add, semiring.mul
    y = dict(seeds)
    u = v = None
    try:
        for v in order:
            yv = y[v]
            for u, data in pred[v].items():
                w = arc(u, v, data)
                if w is None:
                    continue
                if u in y:
                    y[u] = add(y[u], mul(w, yv))
                else:
                    y[u] = mul(w, yv)
    except WeightError:
        raise
    except _OPERATION_ERRORS as exc:
        raise operations_failed((u, v), semiring, exc) from exc
    return y


def one_shot(
    G: nx.DiGraph,
    seeds: dict[Any, Any],
    weight: Any,
    semiring: Semiring,
    default_weight: Any,
    *,
    forward: bool,
) -> dict[Any, Any]:
    """The forward (or reverse) pass from checked `seeds`, by a loop made for
    the semiring where there is one, else by `forward_pass` / `reverse_pass`.

    Every loop gives the same dict, value for value and type for type: the
    made-to-measure ones only skip calls whose result is known (a float weight
    the lift would return unchanged, a ⊗ by a count's one).
    """
    adj = G._succ if forward else G._pred
    check_weight(weight)
    if not callable(weight):
        if semiring is COUNTING or (weight is None and semiring is BOOLEAN):
            made = _unweighted(adj, seeds, semiring, G.is_multigraph(), forward)
            if made is not None:
                return made
        elif not G.is_multigraph() and default_weight is None:
            if semiring is BOOLEAN and all(s.__class__ is bool for s in seeds.values()):
                return _truth_pass(adj, seeds, weight, forward)
            if semiring in _NUMERIC:
                loop = _numeric_forward if forward else _numeric_reverse
                return loop(adj, seeds, weight, semiring)
    arc, hides = arc_weight_function(G, weight, semiring, default_weight)
    if forward:
        return forward_pass(G, seeds, arc, hides, semiring)
    return reverse_pass(G, seeds, arc, hides, semiring)


# --- the loops made for the built-in semirings ---------------------------------
#
# They inline ⊕ and ⊗ and the lift's test of a plain float or int weight; any
# other weight goes through the lift itself. A per-edge call costs as much as
# the arithmetic, and these loops run once per reached edge.

_INF = math.inf
_BIGGEST = sys.float_info.max
# ⊗: a * w; a + w, where a NaN result (inf + -inf) is the semiring's zero; a × w,
# where a NaN result (inf × 0) is 0 in the product's own precision. As in the
# semirings' own ⊗.
_TIMES, _PLUS, _ZERO_TIMES = 0, 1, 2
_SUM, _MIN, _MAX, _CALL = 0, 1, 2, 3  # ⊕: a + b; min; max; semiring.add

# semiring -> (⊗, ⊕, lo, hi): a float or int weight w with lo <= w <= hi is one
# that the semiring's lift accepts and returns unchanged (NaN fails the test,
# so it goes to the lift, which refuses it or, in REAL, keeps it).
_NUMERIC = {
    REAL: (_TIMES, _SUM, -_INF, _INF),
    MIN_PLUS: (_PLUS, _MIN, -_BIGGEST, _INF),
    MAX_PLUS: (_PLUS, _MAX, -_INF, _BIGGEST),
    MAX_TIMES: (_ZERO_TIMES, _MAX, 0, _BIGGEST),
    LOG: (_PLUS, _CALL, -_INF, _INF),
}


def _lifted(raw: Any, edge: tuple, semiring: Semiring) -> Any:
    try:
        return semiring.lift(raw)
    except _OPERATION_ERRORS as exc:
        raise bad_weight(edge, raw, semiring, exc) from exc


def _missing(exc: KeyError, data: Any, weight: Any, edge: tuple, semiring):
    """The WeightError for a KeyError that `data[weight]` raised, else `exc`."""
    if weight is not None and data is not None and weight not in data:
        return missing_weight(edge, weight, semiring)
    return exc


def _numeric_forward(succ, seeds, weight, semiring):
    """`forward_pass` for REAL, MIN_PLUS, MAX_PLUS, MAX_TIMES and LOG on a
    DiGraph whose weights are an attribute (or all one)."""
    times, plus, lo, hi = _NUMERIC[semiring]
    add, zero, weighted = semiring.add, semiring.zero, weight is not None
    step = step_weight(semiring)
    order = reach_order(succ, seeds)
    x = dict(seeds)
    get = x.get
    u = v = data = None
    try:
        for u in order:
            xu = x[u]
            for v, data in succ[u].items():
                w = data[weight] if weighted else step
                kind = w.__class__
                if (kind is not float and kind is not int) or not lo <= w <= hi:
                    w = _lifted(w, (u, v), semiring)
                if times == _PLUS:
                    c = xu + w
                    if c != c:
                        c = zero
                elif times == _TIMES:
                    c = xu * w
                else:
                    c = xu * w
                    if c != c:
                        c = c.__class__(0)
                xv = get(v)
                if xv is None:
                    x[v] = c
                elif plus == _MIN:
                    if c < xv:
                        x[v] = c
                elif plus == _MAX:
                    if c > xv:
                        x[v] = c
                elif plus == _SUM:
                    x[v] = xv + c
                else:
                    x[v] = add(xv, c)
    except KeyError as exc:
        raise _missing(exc, data, weight, (u, v), semiring) from None
    except WeightError:
        raise
    except _OPERATION_ERRORS as exc:
        raise operations_failed((u, v), semiring, exc) from exc
    return x


def _numeric_reverse(pred, seeds, weight, semiring):
    """`reverse_pass` for what `_numeric_forward` does forward: ⊗ by the
    weight on the left."""
    times, plus, lo, hi = _NUMERIC[semiring]
    add, zero, weighted = semiring.add, semiring.zero, weight is not None
    step = step_weight(semiring)
    order = reach_order(pred, seeds, backwards=True)
    y = dict(seeds)
    get = y.get
    u = v = data = None
    try:
        for v in order:
            yv = y[v]
            for u, data in pred[v].items():
                w = data[weight] if weighted else step
                kind = w.__class__
                if (kind is not float and kind is not int) or not lo <= w <= hi:
                    w = _lifted(w, (u, v), semiring)
                if times == _PLUS:
                    c = w + yv
                    if c != c:
                        c = zero
                elif times == _TIMES:
                    c = w * yv
                else:
                    c = w * yv
                    if c != c:
                        c = c.__class__(0)
                yu = get(u)
                if yu is None:
                    y[u] = c
                elif plus == _MIN:
                    if c < yu:
                        y[u] = c
                elif plus == _MAX:
                    if c > yu:
                        y[u] = c
                elif plus == _SUM:
                    y[u] = yu + c
                else:
                    y[u] = add(yu, c)
    except KeyError as exc:
        raise _missing(exc, data, weight, (u, v), semiring) from None
    except WeightError:
        raise
    except _OPERATION_ERRORS as exc:
        raise operations_failed((u, v), semiring, exc) from exc
    return y


def _truth_pass(adj, seeds, weight, forward):
    """BOOLEAN on a DiGraph, every seed a bool: x[v] = x[v] or (x[u] and w).

    Every reached node is in the result, False where no path holds only true
    weights, as in `forward_pass`."""
    order = reach_order(adj, seeds, backwards=not forward)
    x = dict(seeds)
    u = v = data = None
    try:
        for u in order:
            xu = x[u]
            for v, data in adj[u].items():
                w = data[weight] if weight is not None else True
                if w.__class__ is not bool:
                    w = _lifted(w, (u, v) if forward else (v, u), BOOLEAN)
                if xu and w:
                    x[v] = True
                elif v not in x:
                    x[v] = False
    except KeyError as exc:
        edge = (u, v) if forward else (v, u)
        raise _missing(exc, data, weight, edge, BOOLEAN) from None
    return x


def _unweighted(adj, seeds, semiring, multigraph, forward):
    """COUNTING, or BOOLEAN with weight=None: every edge weighs one, so no
    weight is read and no ⊗ is formed. None where a seed is not a plain int
    (COUNTING) or True (BOOLEAN): a ⊗ by one could change its type."""
    order = reach_order(adj, seeds, backwards=not forward)
    if semiring is BOOLEAN:
        if not all(s is True for s in seeds.values()):
            return None
        # Every reached node has a path of true edges from a true seed: the
        # search's result is the answer, listed in topological order.
        return dict.fromkeys(order, True)
    if not all(s.__class__ is int for s in seeds.values()):
        return None
    counts = dict(seeds)
    get = counts.get
    # Counts reach tens of thousands of digits on deep graphs: a product by
    # one (a copy of every digit) is never formed.
    if multigraph:
        for u in order:
            cu = counts[u]
            for v, keys in adj[u].items():
                step = cu * len(keys)
                cv = get(v)
                counts[v] = step if cv is None else cv + step
    else:
        for u in order:
            cu = counts[u]
            for v in adj[u]:
                cv = get(v)
                counts[v] = cu if cv is None else cv + cu
    return counts


def relevant_edges(
    G: nx.DiGraph,
    source: Any,
    target: Any,
    weight: Any = None,
    semiring: Semiring | None = None,
    default_weight: Any = None,
) -> dict[Any, list[tuple[tuple, Any, Any]]]:
    """The edges on some source -> target path, grouped by tail.

    Returns node -> list of ``(edge, head, w)`` where ``edge`` is ``(u, v)`` or
    ``(u, v, key)`` and ``w`` the lifted weight (None when no semiring is given).
    Only nodes that lie on a path are keys. Edges hidden by the weight are left out.
    """
    if semiring is None:
        edge_weight, hides = (lambda u, v, data: None), False
    else:
        edge_weight, hides = edge_weight_function(weight, semiring, default_weight)
    multigraph = G.is_multigraph()

    def parallel(u, v, data):
        if multigraph:
            for key, keydata in data.items():
                yield (u, v, key), keydata
        else:
            yield (u, v), data

    def weigh(edge, data):
        try:
            return edge_weight(edge[0], edge[1], data)
        except WeightError as exc:
            raise renamed(exc, edge, semiring) from exc.__cause__

    def visible_arc(u, v, data):
        return any(weigh(e, d) is not None for e, d in parallel(u, v, data)) or None

    order = reach_order(G._succ, [source], visible_arc if hides else None)
    out: dict[Any, list] = {target: []}
    for u in reversed(order):
        if u == target:
            continue
        edges = []
        for v, data in G._succ[u].items():
            if v not in out:
                continue
            for edge, edge_data in parallel(u, v, data):
                w = weigh(edge, edge_data)
                if w is None and hides:
                    continue
                edges.append((edge, v, w))
        if edges:
            out[u] = edges
    return out


def count_relevant_paths(
    out: Mapping[Any, list[tuple[tuple, Any, Any]]], source: Any, target: Any
) -> int:
    """The number of paths `enumerate_paths` would yield, without enumerating."""
    if source == target:
        return 1
    counts = {target: 1}
    # `out` lists each node after every node its edges lead to.
    for u, edges in out.items():
        if u != target:
            counts[u] = sum(counts[v] for _, v, _ in edges)
    return counts.get(source, 0)


def check_max_paths(max_paths: Any) -> int | None:
    if max_paths is not None and (
        not isinstance(max_paths, int) or isinstance(max_paths, bool) or max_paths < 0
    ):
        raise ValueError(f"max_paths must be an int >= 0 or None, not {max_paths!r}")
    return max_paths


def guard_enumeration(
    out: Mapping[Any, list[tuple[tuple, Any, Any]]],
    source: Any,
    target: Any,
    max_paths: int | None,
) -> None:
    """Raise TooManyPathsError, with the exact count, before enumerating more
    than `max_paths` paths (None: no limit)."""
    if max_paths is None:
        return
    count = count_relevant_paths(out, source, target)
    if count > max_paths:
        about = f" (about {count:.3g})" if count >= 10**15 else ""
        raise TooManyPathsError(
            f"there are {count}{about} paths from {source!r} to {target!r}, more "
            f"than max_paths={max_paths}; count them with count_paths, or sum over "
            f"them without enumerating with a dynamic program (method='forward' "
            f"or 'reverse')",
            count=count,
            limit=max_paths,
        )


def enumerated_sum(
    out: Mapping[Any, list[tuple[tuple, Any, Any]]],
    source: Any,
    target: Any,
    semiring: Semiring,
) -> Any:
    """⊕ over the enumerated paths of ⊗ over each path's weights, in path order.

    The definition, operation by operation: a path of k edges costs k - 1
    multiplications and P paths cost P - 1 additions.
    """
    add, mul = semiring.add, semiring.mul
    total = None
    for path in enumerate_paths(out, source, target):
        product = semiring.one if not path else None
        for edge, _, w in path:
            try:
                product = w if product is None else mul(product, w)
            except _OPERATION_ERRORS as exc:
                raise operations_failed(edge, semiring, exc) from exc
        try:
            total = product if total is None else add(total, product)
        except _OPERATION_ERRORS as exc:
            raise operations_failed(path[-1][0], semiring, exc) from exc
    return semiring.zero if total is None else total


def enumerate_paths(
    out: Mapping[Any, list[tuple[tuple, Any, Any]]], source: Any, target: Any
) -> Iterator[tuple[tuple, ...]]:
    """Yield each source -> target path as a tuple of ``(edge, head, w)`` triples."""
    if source == target:
        yield ()
        return
    if source not in out:
        return
    path: list = []
    stack = [iter(out[source])]
    while stack:
        for step in stack[-1]:
            path.append(step)
            if step[1] == target:
                yield tuple(path)
                path.pop()
                continue
            stack.append(iter(out[step[1]]))
            break
        else:
            stack.pop()
            if path:
                path.pop()
