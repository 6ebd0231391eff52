"""Paths as answers: the path that attains a selective path sum."""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Hashable
from typing import Any

import networkx as nx
from networkx.utils import not_implemented_for

from ._graph import (
    arc_weight_function,
    check_node,
    check_semiring,
    edge_weight_function,
    operations_failed,
    reach_order,
    renamed,
    short_repr,
)
from .accumulate import Weight
from .exceptions import WeightError
from .semirings import MAX_PLUS, MAX_TIMES, MIN_PLUS, Semiring

__all__ = ["best_path"]

_OPERATION_ERRORS = (TypeError, ValueError, ArithmeticError)


# Ints and Fractions are exact, floats are rounded: a path of exact weights
# keeps a sum that a float cannot hold (2**70 + 1) while a path through a float
# rounds (4.0 + 2**70 is 2**70), so which path is best would depend on which
# one a dynamic program extends. Where every exact value a path can build
# fits the floats exactly, and the floats are of one precision, every
# computation is the float one, whose rounding is monotone, and every method
# ranks alike. Infinities (and MAX_TIMES's 0) round nothing.


def rounding_hazard(weights: Any, semiring: Semiring) -> str | None:
    """Why `weights` of an order semiring would rank paths by rounding: floats
    of two precisions, or floats beside exact numbers (ints, Fractions) whose
    path sums (products, in MAX_TIMES) they cannot hold; else None."""
    if semiring not in _BETTER:
        return None
    weights = list(weights)
    if len(set(map(type, weights))) <= 1:
        # One type: all floats of one precision, or all exact (or all of a
        # type of the user's own, which min and max compare as it defines).
        return None
    times = semiring is MAX_TIMES
    digits: dict[int, Any] = {}  # float precision, in bits -> a weight of it
    mass = 1 if times else 0
    exact = fraction = None
    for w in weights:
        if isinstance(w, numbers.Integral):
            mass = mass * max(1, w) if times else mass + abs(w)
            if exact is None or abs(w) > abs(exact):
                exact = w
        elif isinstance(w, numbers.Rational):
            fraction = w
        elif math.isfinite(w) and not (times and w == 0):
            bits = _precision(w)
            if bits is not None and bits not in digits:
                digits[bits] = w
                if len(digits) > 1:
                    kinds = " and ".join(
                        f"{short_repr(v)} ({_name(v)})" for v in digits.values()
                    )
                    return f"mix floats of different precisions: {kinds}"
        if digits and (fraction is not None or mass > 2 ** min(digits)):
            shown = fraction if fraction is not None else exact
            kind = _name(digits[min(digits)])
            sums = "products" if times else "sums"
            return (
                f"mix floats with exact numbers ({short_repr(shown)} among them) "
                f"whose path {sums} a {kind} cannot hold"
            )
    return None


def _precision(w: Any) -> int | None:
    """The bits of `w`'s significand (53 for a float, 24 for numpy's float32),
    or None for a number of no known float format."""
    if isinstance(w, float):
        return sys.float_info.mant_dig
    dtype = getattr(w, "dtype", None)
    if dtype is None or dtype.kind != "f":
        return None
    import numpy as np

    return int(np.finfo(dtype).nmant) + 1


def _name(w: Any) -> str:
    return "float" if isinstance(w, float) else str(w.dtype)


def refuse_rounding(hazard: str, semiring: Semiring, caller: str) -> None:
    """The WeightError for a `rounding_hazard`."""
    raise WeightError(
        f"{caller}: the {semiring.name} weights {hazard}, so the best path would "
        f"depend on rounding; make every weight a float (weight=lambda u, v, d: "
        f"float(d['weight'])) or every weight an int or Fraction",
        edge=None,
    )


def check_selective(semiring: Any, caller: str) -> Semiring:
    semiring = check_semiring(semiring)
    if not semiring.selective:
        raise ValueError(
            f"{caller} needs a selective semiring, whose ⊕ picks one of its "
            f"arguments: MIN_PLUS, MAX_PLUS, MAX_TIMES, or a "
            f"Semiring(..., selective=True); {semiring.name} is not selective"
        )
    return semiring


@not_implemented_for("undirected")
def best_path(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = MAX_PLUS,
    default_weight: Any = None,
) -> tuple[Any, tuple[tuple, ...]]:
    """The best `source` -> `target` path of a selective semiring, and its weight.

    In MAX_PLUS this is a longest (critical) path, in MIN_PLUS a shortest path,
    in MAX_TIMES a most probable (Viterbi) path. ``value`` equals
    ``path_sum(G, source, target, semiring=semiring)`` and, exactly,
    ``path_weight(G, path, semiring=semiring)``.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths.
    source, target : node
        The ends of the path. When they are the same node the best path is the
        empty one, ``()``, which weighs ``semiring.one``.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default MAX_PLUS
        A selective semiring: MIN_PLUS, MAX_PLUS, MAX_TIMES, or one declared
        with ``selective=True``.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    (value, path)
        The best weight, and a path attaining it as a tuple of edges ``(u, v)``,
        or ``(u, v, key)`` on a MultiDiGraph, as `all_paths` yields them.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    ValueError
        If `semiring` is not selective.
    NetworkXNoPath
        If no path leads from `source` to `target`.
    NotADAGError
        If a cycle is reachable from `source`.
    WeightError
        If a reached edge lacks the `weight` attribute (and no `default_weight`
        is given), or its weight is not a value of the semiring, or the
        weights mix floats with ints or Fractions whose path sums (products,
        in MAX_TIMES) a float cannot hold exactly, or floats of two
        precisions (see Notes).

    Examples
    --------
    The critical path of a small build: each edge carries the duration of the
    step it ends.

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("fetch", "compile", 3), ("fetch", "docs", 5),
    ...                            ("compile", "test", 4), ("docs", "ship", 1),
    ...                            ("test", "ship", 2)], weight="duration")
    >>> value, path = ps.best_path(G, "fetch", "ship", weight="duration")
    >>> value
    9
    >>> path
    (('fetch', 'compile'), ('compile', 'test'), ('test', 'ship'))
    >>> ps.best_path(G, "fetch", "ship", weight="duration", semiring=ps.MIN_PLUS)
    (6, (('fetch', 'docs'), ('docs', 'ship')))

    Notes
    -----
    One forward dynamic program from `source` over its descendants in
    topological order: each node keeps the best weight of a path reaching it
    and the edge that path arrives by, and the path is read back from
    `target`. Weights are multiplied in path order,
    ``x[v] = x[u] ⊗ w(u, v)``, so the value is the path's product computed as
    `path_weight` computes it.

    Ties are broken by the graph's own order: at every node the path arrives
    by the first best in-edge in ``G.pred[v]`` order (the order edges were
    added; on a MultiDiGraph, keys in insertion order). The result is
    therefore the same on every run.

    "Best" is by the values as computed: float weights are added (or
    multiplied) in floating point, path order, so of two paths whose exact
    sums differ by less than the rounding, either may come first, and a
    product that overflows is ``inf``. Where a zero weight (an edge that is
    not there: ``inf`` in MIN_PLUS, ``-inf`` in MAX_PLUS, 0 in MAX_TIMES)
    meets such an overflow, the path weighs zero, never NaN. Float rounding
    is monotone, so every method ranks paths alike; ints and Fractions are
    exact. Mixed, they are not alike (``1 + 2**70`` is exact where
    ``4.0 + 2**70`` rounds to ``2**70``), so weights that mix floats with
    exact numbers whose sums a float cannot hold (past 2**53, or 2**24 for
    numpy's float32), or floats of two precisions, are refused rather than
    ranked by chance; infinities round nothing and are never refused. Use
    Fractions throughout for exact ranking.

    See Also
    --------
    path_sum, path_weight, all_paths
    """
    semiring = check_selective(semiring, "best_path")
    check_node(G, source, "source")
    check_node(G, target, "target")
    edge_weight, hides = edge_weight_function(weight, semiring, default_weight)
    arc, _ = arc_weight_function(G, weight, semiring, default_weight)
    result = _best_into(
        G, source, target, semiring, edge_weight, arc if hides else None
    )
    if result is None:
        raise nx.NetworkXNoPath(f"no path from {source!r} to {target!r}")
    return result


def _best_into(G, source, target, semiring, edge_weight, visible):
    """(best value at `target`, its path) by a forward pull over the
    descendants of `source`; None when `target` is not reached."""
    order = reach_order(G._succ, [source], visible)
    if source == target:
        return semiring.one, ()
    try:
        stop = order.index(target)
    except ValueError:
        return None
    pred, multigraph = G._pred, G.is_multigraph()
    add, mul = semiring.add, semiring.mul
    best: dict[Any, Any] = {}
    arrival: dict[Any, tuple] = {}
    read: list = []
    # Only the nodes before the target in topological order can lead to it.
    if not multigraph and semiring in _BETTER:
        _pull_best(
            pred,
            order[1 : stop + 1],
            source,
            semiring,
            edge_weight,
            best,
            arrival,
            read,
        )
    else:
        for v in order[1 : stop + 1]:
            value = into = None
            for u, data in pred[v].items():
                if u != source and u not in best:
                    continue
                for edge, edge_data in _parallel(u, v, data, multigraph):
                    try:
                        w = edge_weight(u, v, edge_data)
                        if w is None:
                            continue
                        read.append(w)
                        candidate = w if u == source else mul(best[u], w)
                        # Strictly better only: the first best in-edge keeps ties.
                        if into is None or (
                            candidate != value and add(value, candidate) == candidate
                        ):
                            value, into = candidate, edge
                    except WeightError as exc:
                        raise renamed(exc, edge, semiring) from exc.__cause__
                    except _OPERATION_ERRORS as exc:
                        raise operations_failed(edge, semiring, exc) from exc
            if into is not None:
                best[v], arrival[v] = value, into
    if target not in arrival:
        return None
    if rounding_hazard(read, semiring) is not None:
        # The pull read every edge out of the source's descendants; only
        # those on a path to the target can change the answer.
        ends = set(reach_order(pred, [target], visible, backwards=True))
        on_paths = [
            edge_weight(u, v, edge_data)
            for v in order[1 : stop + 1]
            if v in ends
            for u, data in pred[v].items()
            if u in ends and (u == source or u in best)
            for _, edge_data in _parallel(u, v, data, multigraph)
        ]
        hazard = rounding_hazard([w for w in on_paths if w is not None], semiring)
        if hazard is not None:
            refuse_rounding(hazard, semiring, "best_path")
    path = [arrival[target]]
    while path[-1][0] != source:
        path.append(arrival[path[-1][0]])
    path.reverse()
    return best[target], tuple(path)


# The built-in selective semirings: candidate is strictly better than value
# when add(value, candidate) == candidate != value, that is when
# candidate < value (min) or candidate > value (max), their values being
# numbers other than NaN, which their lifts refuse.
_BETTER = {MIN_PLUS: -1, MAX_PLUS: 1, MAX_TIMES: 1}


def _pull_best(pred, nodes, source, semiring, edge_weight, best, arrival, read):
    """`_best_into`'s pull over `nodes` on a DiGraph, with ⊕'s choice written
    out: one weight call per reached arc, no generator per edge. Every weight
    read is appended to `read`."""
    sense = _BETTER[semiring]
    mul, keep = semiring.mul, read.append
    u = v = None
    try:
        for v in nodes:
            value = into = None
            for u, data in pred[v].items():
                if u == source:
                    w = edge_weight(u, v, data)
                    if w is None:
                        continue
                    candidate = w
                elif u in best:
                    w = edge_weight(u, v, data)
                    if w is None:
                        continue
                    candidate = mul(best[u], w)
                else:
                    continue
                keep(w)
                # Strictly better only: the first best in-edge keeps ties.
                if into is None or (
                    candidate < value if sense < 0 else candidate > value
                ):
                    value, into = candidate, u
            if into is not None:
                best[v], arrival[v] = value, (into, v)
    except WeightError:
        raise
    except _OPERATION_ERRORS as exc:
        raise operations_failed((u, v), semiring, exc) from exc


def _parallel(u, v, data, multigraph):
    if multigraph:
        for key, keydata in data.items():
            yield (u, v, key), keydata
    else:
        yield (u, v), data
