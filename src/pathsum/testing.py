"""Checks for tests: do the three methods agree, and how far may floats stray?

`assert_path_sums_agree` compares enumeration, forward and reverse accumulation.
Exact values (ints, Fractions, polynomials, words, integer arrays) must be equal;
floating-point values must lie within the sum of the two methods' rounding-error
bounds from `error_bound`, a bound derived from the weights, never a tolerance
picked by hand. `assert_matches_path_sums` and `path_sum_property` compare a
function of yours with pathsum in the same way.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import islice
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from ._constants import MAX_PATHS, METHODS
from ._graph import check_method, check_node, check_semiring
from ._passes import check_max_paths, relevant_edges
from .accumulate import Weight, forward_path_sums, path_sum, reverse_path_sums
from .paths import all_paths, count_paths, path_weight
from .semirings import (
    COUNTING,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
    Polynomial,
    Semiring,
)

__all__ = [
    "assert_matches_path_sums",
    "assert_path_sums_agree",
    "error_bound",
    "path_sum_property",
]

KINDS = ("sum", "forward", "reverse")


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
    lines.extend(_graph_lines(G, weight))
    return "\n".join(lines)


def _graph_lines(G: nx.DiGraph, weight: Any) -> list[str]:
    """The graph as an edge list that can be pasted back into Python."""
    edges = list(
        G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    )
    lines = [f"graph ({type(G).__name__}, weight={weight!r}), {len(edges)} edges:"]
    lines.extend(f"  {edge!r}" for edge in edges)
    isolated = [node for node in G if G.degree(node) == 0]
    if isolated:
        lines.append(f"  isolated nodes: {isolated!r}")
    return lines


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
        The bound, rounded up; ``inf`` when the derivation gives no finite
        bound: when γ(K) below is undefined (K·u >= 1, as for ``"paths"`` on
        2**53 paths or more), or when a product or sum of weights overflows a
        double (two edges of 1e200, an int weight 2**2000), where the computed
        path sum may itself be inf.

    Raises
    ------
    ValueError
        For an unknown `method`, another semiring, or a weight that is not a
        finite int, Fraction or double, other than the semiring's zero (inf in
        MIN_PLUS, -inf in MAX_PLUS and LOG), which ends its paths exactly.
    TypeError
        If `semiring` is not a `Semiring`.
    NetworkXNotImplemented, NodeNotFound, NotADAGError, WeightError
        As `path_sum`.

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
    absolute weights. K counts roundings per term: for ``"paths"`` a product of
    at most L factors (L - 1 multiplications) then the left fold over P paths
    (at most P - 1 additions), K = L + P; for ``"forward"`` each edge u -> v of
    a path costs one multiplication and at most indeg(v) additions (summing
    parallel edges, then accumulating into v), so K = L·(Δin + 1); ``"reverse"``
    is the mirror image, K = L·(Δout + 1). Cancellation is covered: the bound
    grows with Σabs(T_p), not with abs(S).

    Cost. The bound never enumerates: one sweep over the edges on a path counts
    the paths (exactly, as ints) and computes Σ_p abs(T_p) and the other sizes
    below in floating point, each operation rounded to nearest and then one
    step up (`math.nextafter`), so every value is an upper bound of the exact
    one and the work is a few float operations per edge, as for a pass.

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
    bounds, _ = _error_bounds(G, source, target, weight, semiring, default_weight)
    return bounds[method]


class _NoBound(ValueError):
    """The values or the semiring are outside the model `error_bound` derives."""


def _error_bounds(
    G: nx.DiGraph,
    source: Any,
    target: Any,
    weight: Any,
    semiring: Semiring,
    default_weight: Any,
    *,
    unit: float | None = None,
) -> tuple[dict[str, float], int]:
    """`error_bound` of every method from one sweep, and the number of paths.

    With `unit` None the weights must be doubles (or ints and Fractions), as
    `error_bound` documents. A `unit` says the arithmetic rounds with at most
    that unit roundoff; weights may then also be numpy floats of any width, the
    coarsest of their formats counts if it is coarser, and each weight may be
    rounded once more on its way into the arithmetic (an int or Fraction made a
    float, a double met by a float32): one more rounding per edge of a path.
    """
    if semiring not in (REAL, MIN_PLUS, MAX_PLUS, MAX_TIMES, LOG):
        raise _NoBound(
            f"error_bound is derived for REAL, MIN_PLUS, MAX_PLUS, MAX_TIMES and "
            f"LOG, not for {semiring!r}"
        )
    out = relevant_edges(G, source, target, weight, semiring, default_weight)
    if semiring.zero in (math.inf, -math.inf):
        # An edge weighing ⊕'s identity (inf in MIN_PLUS, -inf in MAX_PLUS and
        # LOG) makes every path through it weigh zero exactly, and ⊕ drops such
        # a path exactly: only the other paths carry rounding.
        out = {
            u: [e for e in edges if e[2] != semiring.zero] for u, edges in out.items()
        }
    size = {REAL: "sum", MAX_TIMES: "product"}.get(semiring, "length")
    stats = _PathStatistics(out, source, target, size, narrow=unit is not None)
    if stats.paths == 0:
        return dict.fromkeys(METHODS, 0.0), 0
    L = stats.longest
    if unit is None:
        unit, converted = _UNIT_ROUNDOFF, 0
    else:
        unit, converted = max(unit, stats.unit), L
    if semiring is REAL:
        roundings = {
            "paths": L + stats.paths,
            "forward": L * (stats.max_in_degree + 1),
            "reverse": L * (stats.max_out_degree + 1),
        }
        bounds = {
            method: _scaled(_gamma(k + converted, unit), stats.size)
            for method, k in roundings.items()
        }
    elif semiring is not LOG:
        bounds = dict.fromkeys(
            METHODS, _scaled(_gamma(L + converted, unit), stats.size)
        )
    else:
        # A weight rounded on its way in moves the result by at most as much as
        # a ⊗ does (its share of the exp-mass is at most 1): one operation more
        # per edge.
        extra = stats.edges if converted else 0
        operations = {
            "paths": stats.paths * (L + 1) + extra,
            "forward": 2 * stats.edges + extra,
            "reverse": 2 * stats.edges + extra,
        }
        bounds = {
            method: _log_bound(n, stats, unit) for method, n in operations.items()
        }
    return bounds, stats.paths


def _log_bound(operations: int, stats: _PathStatistics, unit: float) -> float:
    """N·u·(M + 6), doubled for the second-order terms; inf past N·u·(M + 6) = 1/4."""
    # math.log is within an ulp or two; the factor covers that with room.
    log_paths = _up(math.log(stats.paths) * (1 + 2**-40))
    magnitude = _add_up(_add_up(stats.size, log_paths), 7.0)
    first_order = _mul_up(_mul_up(_to_float_up(operations), unit), magnitude)
    return _mul_up(2.0, first_order) if first_order <= 0.25 else math.inf


# Every quantity below is a nonnegative float rounded upwards: round to nearest,
# then one step up, bounds the exact result of each operation from above, so the
# bound costs a few float operations per edge however long the paths are.

_UNIT_ROUNDOFF = 2.0**-53


def _up(x: float) -> float:
    return math.nextafter(x, math.inf) if x != math.inf else x


def _down(x: float) -> float:
    return math.nextafter(x, -math.inf) if x != math.inf else x


def _add_up(a: float, b: float) -> float:
    if a == 0 or b == 0:
        return a + b
    return _up(a + b)


def _mul_up(a: float, b: float) -> float:
    # Zero times an overflowed (inf) bound is zero: the exact value is finite.
    if a == 0 or b == 0:
        return 0.0
    return _up(a * b)


def _to_float_up(x: int | Fraction) -> float:
    """The least double >= abs(x), or inf past the largest double."""
    x = abs(x)
    try:
        result = float(x)
    except OverflowError:
        return math.inf
    return _up(result) if result < x else result


def _gamma(k: int, unit: float) -> float:
    """γ(k) = k·u / (1 - k·u) rounded up, u the unit roundoff; inf when k·u >= 1."""
    if k == 0:
        return 0.0
    ku = _mul_up(_to_float_up(k), unit)
    return math.inf if ku >= 1 else _up(ku / _down(1 - ku))


def _scaled(gamma: float, size: float) -> float:
    if size == 0:
        return 0.0
    return _mul_up(gamma, size)


class _PathStatistics:
    """Facts about the source -> target paths, by one sweep over their edges.

    Counts are exact ints. `size` is an upper bound, rounded upwards, of one
    exact quantity over the paths: ``"sum"`` Σ_p Π_{e in p} abs(w_e),
    ``"length"`` max_p Σ_{e in p} abs(w_e), or ``"product"`` max_p Π abs(w_e).
    `unit` is the unit roundoff of the coarsest format among the weights; with
    `narrow`, numpy floats of any width are weights too.
    """

    def __init__(
        self, out: dict, source: Any, target: Any, size: str, *, narrow: bool
    ) -> None:
        count = {target: 1}
        longest = {target: 0}
        bound = {target: 0.0 if size == "length" else 1.0}
        in_degree: dict[Any, int] = {}
        self.edges = 0
        self.unit = _UNIT_ROUNDOFF
        # `out` lists each node after every node its edges lead to.
        for u, edges in out.items():
            if u == target:
                continue
            count_u = longest_u = 0
            bound_u = 0.0
            for edge, v, w in edges:
                count_u += count[v]
                longest_u = max(longest_u, longest[v])
                term, unit = _magnitude(w, edge, narrow=narrow)
                self.unit = max(self.unit, unit)
                if size == "length":
                    bound_u = max(bound_u, _add_up(term, bound[v]))
                elif size == "product":
                    bound_u = max(bound_u, _mul_up(term, bound[v]))
                else:
                    bound_u = _add_up(bound_u, _mul_up(term, bound[v]))
                in_degree[v] = in_degree.get(v, 0) + 1
            count[u], longest[u], bound[u] = count_u, longest_u + 1, bound_u
            self.edges += len(edges)
        self.paths = count.get(source, 0) if source != target else 1
        self.longest = longest.get(source, 0)
        self.size = bound.get(source, 0.0)
        self.max_in_degree = max(in_degree.values(), default=0)
        self.max_out_degree = max((len(edges) for edges in out.values()), default=0)


def _magnitude(w: Any, edge: tuple, *, narrow: bool) -> tuple[float, float]:
    """An upper bound on abs(w) as a double (inf past the largest double), and
    the unit roundoff of w's format (a double's for ints and Fractions)."""
    # error_bound assumes IEEE double precision: ints, Fractions and doubles only.
    if isinstance(w, (int, Fraction)) and not isinstance(w, bool):
        return _to_float_up(w), _UNIT_ROUNDOFF
    if isinstance(w, (float, np.float64)) and math.isfinite(w):
        return abs(float(w)), _UNIT_ROUNDOFF
    if narrow and isinstance(w, np.floating) and np.isfinite(w):
        return _to_float_up(Fraction(*w.as_integer_ratio())), _unit_roundoff(w)
    raise _NoBound(
        f"edge {edge!r} has weight {w!r} ({type(w).__name__}): error_bound needs "
        f"finite ints, Fractions or double-precision floats"
    )


def assert_matches_path_sums(
    candidate: Callable[..., Any],
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    kind: str = "sum",
    rel_tol: float | None = None,
) -> Any:
    """Assert that your function `candidate` computes what pathsum computes.

    ``kind="sum"`` calls ``candidate(G, source, target)`` and compares the value
    it returns with the path sum from `source` to `target`; ``"forward"`` calls
    ``candidate(G, source)`` and ``"reverse"`` ``candidate(G, target)``, each
    returning a mapping node -> value, compared node by node with
    `forward_path_sums` / `reverse_path_sums` (a node missing from either side
    counts as ``semiring.zero``). Give other arguments of your function with
    `functools.partial`.

    Parameters
    ----------
    candidate : callable
        The function under test.
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths (`target` is not used by ``"forward"``, nor
        `source` by ``"reverse"``).
    weight : string, function or None, default "weight"
        As in `path_sum`.
    semiring : Semiring, default REAL
        What your function is meant to compute: REAL for derivatives, MAX_PLUS
        for longest paths, MIN_PLUS for shortest, and so on.
    kind : {"sum", "forward", "reverse"}, default "sum"
        Which question `candidate` answers.
    rel_tol : float, optional
        Instead of the derived tolerance (see Notes), numbers agree when
        ``math.isclose(yours, pathsum's, rel_tol=rel_tol, abs_tol=rel_tol)``,
        arrays element by element; other values must be equal.

    Returns
    -------
    value
        pathsum's answer (a value, or a dict node -> value).

    Raises
    ------
    AssertionError
        If the answers differ, or yours is no value like pathsum's (a string or
        an array of shape (2,) for a number). The message shows both answers,
        the tolerance applied, where they first differ (the node, or the
        paths), and the graph as an edge list that can be pasted back into
        Python.
    ValueError
        If `kind` is unknown or `rel_tol` is negative.
    TypeError
        If `candidate` is not callable, or returns no mapping for a ``kind``
        that needs one.

    Notes
    -----
    Equal answers agree (NaN equals NaN; a 0-d array or numpy scalar is its
    value), and exact answers (ints, Fractions, words) must be equal. Where
    either answer is a float, they agree within the sum of two rounding-error
    bounds, derived as in `error_bound`: that of the method pathsum ran
    (reverse accumulation for ``"sum"`` and ``"reverse"``, forward for
    ``"forward"``), and, for your answer, the largest of forward and reverse
    accumulation and, where there are at most 10**6 paths, enumeration (its
    bound grows with the number of paths, to inf from 2**53, and would let a
    wrong answer pass where no function enumerates). An exact answer adds
    nothing. The bounds use the unit roundoff of the coarsest float format
    among the weights and the two answers (float32 weights are bounded as
    float32 arithmetic), allow each weight one rounding more on its way in,
    and bound COUNTING as REAL with every weight 1. Where no finite bound is
    derived (other semirings, an inf or NaN answer, Decimal weights, an
    overflow), the answers must be equal, unless `rel_tol` is given.

    Examples
    --------
    A hand-written longest path that forgets that a node may be unreachable:

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> from pathsum.testing import assert_matches_path_sums
    >>> def longest(G, source, target):
    ...     best = {source: 0}
    ...     for v in nx.topological_sort(G):
    ...         for u, data in G.pred[v].items():
    ...             here = best.get(u, 0) + data["weight"]
    ...             best[v] = max(best.get(v, here), here)
    ...     return best.get(target, float("-inf"))
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("s", "a", 2), ("a", "t", 3), ("x", "t", 9)])
    >>> assert_matches_path_sums(longest, G, "s", "t", semiring=ps.MAX_PLUS)
    Traceback (most recent call last):
      ...
    AssertionError: your function's max-plus path sum from 's' to 't' differs \
    from pathsum's:
      yours:   9
      pathsum: 5 (reverse accumulation)
    the 1 path(s) from 's' to 't', each weighing:
      [('s', 'a'), ('a', 't')]: 5
    graph (DiGraph, weight='weight'), 3 edges:
      ('s', 'a', {'weight': 2})
      ('a', 't', {'weight': 3})
      ('x', 't', {'weight': 9})

    The bug: ``best.get(u, 0)`` starts the unreachable x at 0.
    """
    if not callable(candidate):
        raise TypeError(f"candidate must be a function, not {candidate!r}")
    semiring = check_semiring(semiring)
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} is not one of 'sum', 'forward', 'reverse'")
    if rel_tol is not None and not (
        isinstance(rel_tol, (int, float)) and not isinstance(rel_tol, bool)
        and rel_tol >= 0
    ):  # fmt: skip
        raise ValueError(f"rel_tol={rel_tol!r} must be a number >= 0, or None")
    check_node(G, source, "source")
    check_node(G, target, "target")
    options = {"weight": weight, "semiring": semiring}
    if kind == "sum":
        ours = path_sum(G, source, target, **options)
        theirs = candidate(G, source, target)
        # path_sum accumulates in reverse unless told otherwise.
        verdict = _compare(G, source, target, "reverse", ours, theirs, rel_tol, options)
        if not verdict.agree:
            raise AssertionError(
                _candidate_report(G, source, target, ours, theirs, verdict, options)
            )
        return ours
    seed = source if kind == "forward" else target
    passes = forward_path_sums if kind == "forward" else reverse_path_sums
    ours = passes(G, seed, **options)
    theirs = candidate(G, seed)
    if not isinstance(theirs, Mapping):
        raise TypeError(
            f"kind={kind!r}: your function returned {type(theirs).__name__}, not a "
            f"mapping node -> value"
        )
    # Compare in the order a pass meets the nodes, so the first difference
    # reported is the one nearest the seed.
    meets = ours if kind == "forward" else dict(reversed(list(ours.items())))
    for node in [*meets, *(n for n in theirs if n not in ours)]:
        mine = ours.get(node, semiring.zero)
        yours = theirs.get(node, semiring.zero)
        s, t = (seed, node) if kind == "forward" else (node, seed)
        if node not in G:
            raise AssertionError(
                f"your function returned a value for {node!r}, which is not in the "
                f"graph"
            )
        verdict = _compare(G, s, t, kind, mine, yours, rel_tol, options)
        if not verdict.agree:
            raise AssertionError(
                f"your function's {kind} path sums from {seed!r} differ from "
                f"pathsum's first at node {node!r}\n"
                + _candidate_report(G, s, t, mine, yours, verdict, options)
            )
    return ours


class _Verdict(NamedTuple):
    """Whether a candidate's value matches pathsum's, and how they were compared."""

    agree: bool
    method: str
    how: str  # a line for the report; empty when plain equality decided


def _compare(G, source, target, method, ours, theirs, rel_tol, options) -> _Verdict:
    """Compare the candidate's value `theirs` with `ours`, which `method` computed.

    Equal values agree. Otherwise a tolerance applies: `rel_tol` if given,
    else, where either value is a float, the rounding-error bounds of
    `_tolerance`; where neither exists the values must be equal.
    """
    if isinstance(theirs, np.ndarray) and not isinstance(ours, np.ndarray):
        if theirs.ndim:
            return _Verdict(
                False,
                method,
                f"your function returned an array of shape {theirs.shape}, not a "
                f"single value",
            )
        theirs = theirs[()]
    if _same(ours, theirs):
        return _Verdict(True, method, "")
    if _is_number(ours) and not _is_number(theirs):
        return _Verdict(
            False,
            method,
            f"your function returned {theirs!r} ({type(theirs).__name__}), not a "
            f"number",
        )
    if rel_tol is not None:
        return _Verdict(
            _close(ours, theirs, rel_tol),
            method,
            f"compared with math.isclose(rel_tol={rel_tol!r}, abs_tol={rel_tol!r})",
        )
    if _is_exact(ours) and _is_exact(theirs):
        return _Verdict(False, method, "")
    tolerance, how = _tolerance(G, source, target, method, ours, theirs, options)
    if tolerance is None:
        how = f"compared exactly: {how}; pass rel_tol= to allow a difference"
        return _Verdict(False, method, how)
    difference = abs(_fraction(ours) - _fraction(theirs))
    return _Verdict(difference <= Fraction(tolerance), method, how)


def _tolerance(G, source, target, method, ours, theirs, options):
    """How far a correct value may lie from pathsum's, by rounding alone.

    Returns ``(tolerance, line for the report)``, or ``(None, why not)`` where
    no finite bound is derived.
    """
    if _fraction(ours) is None or _fraction(theirs) is None:
        return None, "rounding-error bounds hold for finite real numbers only"
    semiring, weight = options["semiring"], options["weight"]
    if semiring is COUNTING:
        # A count is the REAL path sum when every edge weighs 1.
        semiring, weight = REAL, None
    # A value's own format tells how coarsely it may have been rounded.
    unit = max(_unit_roundoff(ours), _unit_roundoff(theirs))
    try:
        bounds, paths = _error_bounds(
            G, source, target, weight, semiring, None, unit=unit
        )
    except _NoBound as exc:
        return None, f"no rounding-error bound is derived here ({exc})"
    # pathsum's share is the bound of the method that computed its value. Yours
    # may have accumulated either way, or enumerated the paths when there are few
    # enough to enumerate; past that, enumeration's bound (inf from 2**53 paths)
    # would let any answer pass.
    could = METHODS if paths <= MAX_PATHS else ("forward", "reverse")
    mine = 0.0 if _is_exact(ours) else bounds[method]
    yours = 0.0 if _is_exact(theirs) else max(bounds[m] for m in could)
    tolerance = _add_up(mine, yours)
    if tolerance == math.inf:
        return None, "the rounding-error bound is inf (a weight or product overflows)"
    return tolerance, (
        f"tolerance: {tolerance!r} (rounding-error bounds: {mine!r} for pathsum's "
        f"value, {yours!r} for yours)"
    )


def _same(a: Any, b: Any) -> bool:
    """a == b, NaN equal to NaN, arrays element by element; False where == fails."""
    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            try:
                return bool(np.array_equal(a, b, equal_nan=True))
            except TypeError:  # equal_nan needs numbers
                return bool(np.array_equal(a, b))
        return bool(a == b) or (_is_nan(a) and _is_nan(b))
    except (TypeError, ValueError):
        return False


def _is_nan(x: Any) -> bool:
    return isinstance(x, (float, np.floating)) and bool(np.isnan(x))


def _is_number(x: Any) -> bool:
    # numpy's bools are no numbers.Number, yet BOOLEAN and candidates use them.
    return isinstance(x, numbers.Number) or (
        isinstance(x, np.generic) and x.dtype.kind in "biufc"
    )


def _fraction(x: Any) -> Fraction | None:
    """x exactly, as a Fraction; None if x is no finite real number."""
    if isinstance(x, numbers.Rational):
        return Fraction(x.numerator, x.denominator)
    if isinstance(x, (np.integer, np.bool_)):
        return Fraction(int(x))
    if isinstance(x, (float, np.floating)) and np.isfinite(x):
        return Fraction(*x.as_integer_ratio())
    return None


def _unit_roundoff(x: Any) -> float:
    """The unit roundoff of x's format, a double's for any other value."""
    if isinstance(x, np.floating):
        # A format finer than double (long double) rounds no worse than one.
        return max(float(np.finfo(x.dtype).eps) / 2, _UNIT_ROUNDOFF)
    return _UNIT_ROUNDOFF


def _close(a: Any, b: Any, rel_tol: float) -> bool:
    """math.isclose(a, b, rel_tol=rel_tol, abs_tol=rel_tol), computed exactly.

    Arrays compare element by element; values that are no real numbers must
    be equal.
    """
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and all(
            _close(x, y, rel_tol) for x, y in zip(a.flat, b.flat, strict=True)
        )
    if _same(a, b):
        return True
    x, y = _fraction(a), _fraction(b)
    if x is None or y is None:
        return False
    tol = Fraction(rel_tol)
    return abs(x - y) <= max(tol * max(abs(x), abs(y)), tol)


def _candidate_report(G, source, target, ours, theirs, verdict, options) -> str:
    semiring = options["semiring"]
    what = "path sum" if semiring is REAL else f"{semiring.name} path sum"
    lines = [
        f"your function's {what} from {source!r} to {target!r} differs from pathsum's:",
        f"  yours:   {theirs!r}",
        f"  pathsum: {ours!r} ({verdict.method} accumulation)",
    ]
    if verdict.how:
        lines.append(f"  {verdict.how}")
    shown = 10
    count = count_paths(G, source, target)
    lines.append(f"the {count:,} path(s) from {source!r} to {target!r}, each weighing:")
    for path in islice(all_paths(G, source, target), shown):
        try:
            value = path_weight(G, path, **options)
        except (TypeError, ValueError) as exc:
            value = f"(cannot weigh: {exc})"
        lines.append(f"  {list(path)!r}: {value!r}")
    if count > shown:
        lines.append(f"  … and {count - shown:,} more")
    lines.extend(_graph_lines(G, options["weight"]))
    return "\n".join(lines)


_DEFAULT_WEIGHTS = {
    "real": (-3, 3),
    "counting": (0, 3),
    "boolean": (0, 1),
    "min-plus": (-10, 10),
    "max-plus": (-10, 10),
    "max-times": (0, 5),
    "log": (-5, 5),
}


def path_sum_property(
    candidate: Callable[..., Any],
    *,
    semiring: Semiring = REAL,
    kind: str = "sum",
    weight: Weight = "weight",
    rel_tol: float | None = None,
    **strategy_options: Any,
) -> Callable[[], None]:
    """A ready-made property: `candidate` matches pathsum on random DAGs.

    Returns a test function that runs `assert_matches_path_sums` under
    Hypothesis on graphs drawn by `pathsum.strategies.dags_with_endpoints`.
    Call it, or assign it to a name starting with ``test_`` in a test module
    for pytest to run. Failures shrink to a small graph, printed as an edge
    list.

    Parameters
    ----------
    candidate : callable
        As in `assert_matches_path_sums`.
    semiring, kind, weight, rel_tol
        As in `assert_matches_path_sums`.
    **strategy_options
        Passed on to `dags_with_endpoints` (``max_nodes=``, ``multigraph=``,
        ``weights=``, ``infinities=``, ...), with `semiring`, whose infinities
        ``infinities=`` draws. Without ``weights=``, small integer weights
        fitting the semiring are drawn (for REAL, -3 to 3; for MAX_TIMES, 0 to 5).

    Returns
    -------
    callable
        A Hypothesis test taking no arguments.

    Examples
    --------
    networkx's longest path, restricted to the nodes on source -> target
    paths, agrees with MAX_PLUS when weights are not negative and a path
    exists (the property passes, silently):

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> from hypothesis import strategies as st
    >>> from pathsum.testing import path_sum_property
    >>> def longest(G, source, target):
    ...     if not nx.has_path(G, source, target):
    ...         return float("-inf")
    ...     on_paths = nx.descendants(G, source) & nx.ancestors(G, target)
    ...     return nx.dag_longest_path_length(G.subgraph(on_paths | {source, target}))
    >>> test_longest = path_sum_property(longest, semiring=ps.MAX_PLUS,
    ...                                  weights=st.integers(0, 9))
    >>> test_longest()

    Without the ``has_path`` line it fails, and Hypothesis shrinks the graph
    to two nodes and no edge (networkx answers 0 where no path is -inf).
    """
    if not callable(candidate):
        raise TypeError(f"candidate must be a function, not {candidate!r}")
    semiring = check_semiring(semiring)
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} is not one of 'sum', 'forward', 'reverse'")
    from hypothesis import given
    from hypothesis import strategies as st

    from .strategies import dags_with_endpoints

    if "weights" not in strategy_options and weight == "weight":
        if semiring.name not in _DEFAULT_WEIGHTS:
            raise ValueError(
                f"give weights= (a Hypothesis strategy of {semiring.name} weights)"
            )
        strategy_options["weights"] = st.integers(*_DEFAULT_WEIGHTS[semiring.name])
    examples = dags_with_endpoints(semiring=semiring, **strategy_options)

    @given(examples)
    def test_matches_path_sums(example):
        G, source, target = example
        assert_matches_path_sums(
            candidate, G, source, target, weight=weight, semiring=semiring,
            kind=kind, rel_tol=rel_tol,
        )  # fmt: skip

    test_matches_path_sums.__name__ = f"test_{getattr(candidate, '__name__', 'it')}"
    return test_matches_path_sums
