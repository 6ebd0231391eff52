"""The workers: the two dynamic programs and the path enumerator.

They take normalised arguments only (an arc-weight callable, seed values already
lifted, a topological order of the relevant subgraph) and validate nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from ._graph import (
    ArcWeight,
    edge_weight_function,
    operations_failed,
    reach_order,
    renamed,
)
from .exceptions import TooManyPathsError, WeightError
from .semirings import Semiring

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
    except _OPERATION_ERRORS as exc:
        raise _failed(exc, (u, v), semiring) from exc
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
    except _OPERATION_ERRORS as exc:
        raise _failed(exc, (u, v), semiring) from exc
    return y


def _failed(exc: Exception, edge: tuple, semiring: Semiring) -> Exception:
    if isinstance(exc, WeightError):
        return exc
    return operations_failed(edge, semiring, exc)


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
