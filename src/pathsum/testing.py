"""Checks for tests: do the three methods agree, and how far may floats stray?

`assert_path_sums_agree` compares enumeration, forward and reverse accumulation.
Exact values (ints, Fractions, polynomials, words, integer arrays) must be equal;
floating-point values must lie within the sum of the two methods' rounding-error
bounds from `error_bound`, a bound derived from the weights, never a tolerance
picked by hand.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from ._graph import check_method, check_node, check_semiring
from ._passes import MAX_PATHS, check_max_paths, relevant_edges
from .accumulate import Weight, path_sum
from .semirings import LOG, MAX_PLUS, MAX_TIMES, MIN_PLUS, REAL, Polynomial, Semiring

__all__ = ["assert_path_sums_agree", "error_bound"]

_UNIT_ROUNDOFF = Fraction(1, 2**53)


@not_implemented_for("undirected")
def assert_path_sums_agree(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
    methods: Sequence[str] = ("paths", "forward", "reverse"),
    max_paths: int | None = MAX_PATHS,
) -> Any:
    """Assert that every method gives the same `source` -> `target` path sum.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths.
    weight, semiring, default_weight
        As for `path_sum`.
    methods : sequence of str, default ("paths", "forward", "reverse")
        The methods to compare, at least one; ``"paths"`` enumerates.
    max_paths : int or None, default 1000000
        The most paths ``"paths"`` may enumerate (None: no limit). Past it, the
        check raises before computing anything, rather than run for ever on a
        graph like a chain of diamonds.

    Returns
    -------
    value
        The path sum by the first method, once all agree.

    Raises
    ------
    AssertionError
        If two methods disagree: exactly, for exact values; by more than the sum
        of their `error_bound`, for floating-point values. The message lists each
        method's value and the graph as an edge list.
    TooManyPathsError
        If `methods` includes ``"paths"`` and there are more than `max_paths`
        paths; it carries the exact count. Compare ``methods=("forward",
        "reverse")`` instead.
    ValueError
        If `methods` is empty or names an unknown method, if `max_paths` is not
        an int >= 0 or None, or if the values are floating-point and `semiring`
        is not one for which `error_bound` is derived.
    NetworkXNotImplemented, NodeNotFound, NotADAGError, WeightError
        As `path_sum`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> import networkx as nx
    >>> from pathsum.testing import assert_path_sums_agree
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([(0, 1, Fraction(1, 3)), (1, 2, 3), (0, 2, 1)])
    >>> assert_path_sums_agree(G, 0, 2)
    Fraction(2, 1)

    Floats agree within a derived bound, however the sums are associated:

    >>> H = nx.DiGraph()
    >>> H.add_weighted_edges_from([(0, 1, 0.1), (1, 3, 0.2), (0, 2, 0.3), (2, 3, 0.7)])
    >>> round(assert_path_sums_agree(H, 0, 3), 12)
    0.23
    """
    semiring = check_semiring(semiring)
    methods = _check_methods(methods)
    check_max_paths(max_paths)
    check_node(G, source, "source")
    check_node(G, target, "target")
    # Enumeration first: its guard then refuses before any other work is done.
    order = sorted(methods, key=lambda method: method != "paths")
    values = {
        method: path_sum(
            G,
            source,
            target,
            method=method,
            weight=weight,
            semiring=semiring,
            default_weight=default_weight,
            max_paths=max_paths,
        )
        for method in order
    }
    values = {method: values[method] for method in methods}
    if all(_is_exact(value) for value in values.values()):
        disagree = [m for m in methods if not _equal(values[m], values[methods[0]])]
        limit = None
    else:
        bounds = {
            m: error_bound(
                G,
                source,
                target,
                method=m,
                weight=weight,
                semiring=semiring,
                default_weight=default_weight,
            )
            for m in methods
        }
        first = methods[0]
        disagree = [
            m
            for m in methods
            if not _within(values[m], values[first], bounds[m] + bounds[first])
        ]
        limit = bounds
    if disagree:
        raise AssertionError(_report(G, source, target, values, limit, weight))
    return values[methods[0]]


def _check_methods(methods: Any) -> list[str]:
    if isinstance(methods, str) or not isinstance(methods, Iterable):
        raise ValueError(
            f"methods={methods!r} must be a sequence of method names, as in "
            f"methods=('forward', 'reverse')"
        )
    checked = list(dict.fromkeys(check_method(method) for method in methods))
    if not checked:
        raise ValueError(
            "methods=() names no method: give at least one of 'paths', 'forward' "
            "and 'reverse'"
        )
    return checked


def _is_exact(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O":
            return all(_is_exact(item) for item in value.flat)
        return value.dtype.kind in "biu"
    if isinstance(value, Polynomial):
        return all(_is_exact(c) for c in value.terms.values())
    return not isinstance(value, (float, complex, np.inexact, Decimal))


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(a, b))
    return bool(a == b)


def _within(a: Any, b: Any, bound: float) -> bool:
    if a == b:
        return True
    return bool(abs(a - b) <= bound)


def _report(G, source, target, values, bounds, weight) -> str:
    lines = [f"path sums from {source!r} to {target!r} disagree:"]
    for method, value in values.items():
        extra = (
            "" if bounds is None else f"   (rounding-error bound {bounds[method]!r})"
        )
        lines.append(f"  {method:<8} {value!r}{extra}")
    edges = list(
        G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    )
    lines.append(f"graph ({type(G).__name__}, weight={weight!r}), {len(edges)} edges:")
    lines.extend(f"  {edge!r}" for edge in edges)
    isolated = [node for node in G if G.degree(node) == 0]
    if isolated:
        lines.append(f"  isolated nodes: {isolated!r}")
    return "\n".join(lines)


@not_implemented_for("undirected")
def error_bound(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    method: str = "reverse",
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> float:
    """A sound bound on the rounding error of a floating-point path sum.

    ``abs(path_sum(G, source, target, method=method, ...) - exact) <= bound``,
    where ``exact`` is the path sum computed without rounding from the same
    (binary floating-point) weights, provided no operation overflows or
    underflows.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths.
    method : {"reverse", "forward", "paths"}, default "reverse"
        The method whose result is bounded.
    weight, semiring, default_weight
        As for `path_sum`. `semiring` must be REAL, MIN_PLUS, MAX_PLUS,
        MAX_TIMES or LOG.

    Returns
    -------
    float
        The bound, rounded up; ``inf`` when the derivation gives no finite bound.

    Raises
    ------
    ValueError
        For another semiring, or a weight that is not a finite real number.

    Notes
    -----
    Write u = 2**-53 (the unit roundoff of IEEE double precision) and
    γ(k) = k·u / (1 - k·u). In the standard model every floating-point + and ×
    returns (a ∘ b)(1 + δ) with abs(δ) <= u. Let L be the largest number of edges
    on a `source` -> `target` path, P the number of such paths, and Δin, Δout
    the largest in- and out-degree (parallel edges counted) inside the subgraph
    of edges on those paths, the only edges that reach the result.

    REAL. The exact value is S = Σ_p T_p, T_p the product of path p's weights.
    Every method builds each T_p by multiplications and carries it into the
    result by additions, and no rounding touches two terms differently in a
    way that cannot be charged to one of them, so the computed value is
    Σ_p T_p (1 + θ_p) with abs(θ_p) <= γ(k) when T_p passes through at most k
    roundings (Higham, Accuracy and Stability of Numerical Algorithms, Lemma 3.1
    and §3.1 on inner products). Hence
    ``|computed - S| <= γ(K) · Σ_p |T_p|``, and Σ_p abs(T_p) is the path sum of the
    absolute weights, which is computed here exactly in Fractions. K counts
    roundings per term: for ``"paths"`` a product of at most L factors (L - 1
    multiplications) then the left fold over P paths (at most P - 1 additions),
    K = L + P; for ``"forward"`` each edge u -> v of a path costs one
    multiplication and at most indeg(v) additions (summing parallel edges, then
    accumulating into v), so K = L·(Δin + 1); ``"reverse"`` is the mirror image,
    K = L·(Δout + 1). Cancellation is covered: the bound grows with Σabs(T_p),
    not with abs(S).

    MIN_PLUS and MAX_PLUS. min and max are exact; each path's length is a sum
    of at most L weights, in an association that depends on the method, so it
    is off by at most γ(L)·Σ_{e in p}abs(w_e), and the min (max) over perturbed
    lengths is off by at most the largest perturbation:
    ``γ(L) · max_p Σ_{e in p} |w_e|``, the max-plus path sum of abs(w).

    MAX_TIMES. A product of at most L nonnegative factors has relative error
    at most γ(L); max is exact and monotone, so the bound is
    ``γ(L) · max_p Π_{e in p} w_e``, the exact max-times path sum.

    LOG. ⊗ is + and ⊕ is ``a + log1p(exp(b - a))`` for a >= b. Assume, as the
    C library's published error tables state, that exp and log1p err by at most
    2 ulp, that is by a relative 4u. Let d = b - a <= 0. Computing d errs by
    u·abs(d); exp then has relative error at most 4u + u·abs(d), and log1p, whose
    slope at e^d is e^d/(1 + e^d) <= 1/2, turns that into an absolute error of
    at most 2u + u·abs(d)·e^d/2 <= (2 + 1/(2e))·u; log1p's own error adds
    4u·log 2 <= 2.8u, and the final + adds u·abs(r) for the result r. So one ⊕
    errs by at most u·(abs(r) + 6) and one ⊗ by u·abs(r), to first order. The result
    is log Σ_p exp(score_p), whose derivative with respect to any intermediate
    value is the share of exp-mass flowing through it, between 0 and 1; so the
    total error is at most the sum of the local errors, N·u·(M + 6), with N the
    number of operations that reach the result (2·E for the dynamic programs,
    E the edges of the subgraph above counted with multiplicity; P·(L + 1) for
    enumeration) and M = max_p Σabs(w) + ln P + 1 bounding every intermediate
    value. A factor 2 covers the second-order terms while N·u·(M + 6) <= 1/4;
    past that the bound is inf.

    Examples
    --------
    Catastrophic cancellation: the true value is 1, the two paths' products are
    ±1e16, and the bound is about 2 (a few ulps of 1e16), honestly saying the
    result may be off by that much:

    >>> import networkx as nx
    >>> from pathsum.testing import error_bound
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([(0, 1, 1e16), (1, 3, 1.0), (0, 2, -1e16),
    ...                            (2, 3, 1.0), (0, 3, 1.0)])
    >>> 1 < error_bound(G, 0, 3, method="forward") < 20
    True
    """
    semiring = check_semiring(semiring)
    method = check_method(method)
    check_node(G, source, "source")
    check_node(G, target, "target")
    if semiring not in (REAL, MIN_PLUS, MAX_PLUS, MAX_TIMES, LOG):
        raise ValueError(
            f"error_bound is derived for REAL, MIN_PLUS, MAX_PLUS, MAX_TIMES and "
            f"LOG, not for {semiring!r}"
        )
    out = relevant_edges(G, source, target, weight, semiring, default_weight)
    stats = _PathStatistics(out, source, target)
    if stats.paths == 0:
        return 0.0
    L = stats.longest
    if semiring is REAL:
        roundings = {
            "paths": L + stats.paths,
            "forward": L * (stats.max_in_degree + 1),
            "reverse": L * (stats.max_out_degree + 1),
        }[method]
        return _round_up(_gamma(roundings) * stats.absolute_sum)
    if semiring is MIN_PLUS or semiring is MAX_PLUS:
        return _round_up(_gamma(L) * stats.largest_absolute_length)
    if semiring is MAX_TIMES:
        return _round_up(_gamma(L) * stats.largest_product)
    operations = stats.paths * (L + 1) if method == "paths" else 2 * stats.edges
    magnitude = stats.largest_absolute_length + Fraction(math.log(stats.paths)) + 1
    first_order = operations * _UNIT_ROUNDOFF * (magnitude + 6)
    return _round_up(2 * first_order) if first_order <= Fraction(1, 4) else math.inf


def _gamma(k: int) -> Fraction | None:
    ku = k * _UNIT_ROUNDOFF
    return ku / (1 - ku) if ku < 1 else None


def _round_up(value: Fraction | None) -> float:
    if value is None:
        return math.inf
    result = float(value)
    return math.nextafter(result, math.inf) if Fraction(result) < value else result


class _PathStatistics:
    """Exact facts about the source -> target paths, by one sweep over them."""

    def __init__(self, out: dict, source: Any, target: Any) -> None:
        count = {target: 1}
        longest = {target: 0}
        absolute = {target: Fraction(1)}
        length = {target: Fraction(0)}
        product = {target: Fraction(1)}
        in_degree: dict[Any, int] = {}
        self.edges = 0
        # `out` lists each node after every node its edges lead to.
        for u, edges in out.items():
            if u == target:
                continue
            count[u] = sum(count[v] for _, v, _ in edges)
            longest[u] = max(1 + longest[v] for _, v, _ in edges)
            absolute[u] = sum(abs(_exact(w, e)) * absolute[v] for e, v, w in edges)
            length[u] = max(abs(_exact(w, e)) + length[v] for e, v, w in edges)
            product[u] = max(_exact(w, e) * product[v] for e, v, w in edges)
            for _, v, _ in edges:
                in_degree[v] = in_degree.get(v, 0) + 1
            self.edges += len(edges)
        self.paths = count.get(source, 0) if source != target else 1
        self.longest = longest.get(source, 0)
        self.absolute_sum = absolute.get(source, Fraction(0))
        self.largest_absolute_length = length.get(source, Fraction(0))
        self.largest_product = product.get(source, Fraction(0))
        self.max_in_degree = max(in_degree.values(), default=0)
        self.max_out_degree = max((len(edges) for edges in out.values()), default=0)


def _exact(w: Any, edge: tuple) -> Fraction:
    # The bounds assume IEEE double precision: ints, Fractions and doubles only.
    if isinstance(w, (int, Fraction)) and not isinstance(w, bool):
        return Fraction(w)
    if isinstance(w, (float, np.float64)) and math.isfinite(w):
        return Fraction(float(w))
    raise ValueError(
        f"edge {edge!r} has weight {w!r} ({type(w).__name__}): error_bound needs "
        f"finite ints, Fractions or double-precision floats"
    )
