"""How far floating-point path sums may stray: bounds derived from the weights."""

from __future__ import annotations

import math
from collections.abc import Hashable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np

from .._constants import METHODS
from .._graph import check_method, check_node, check_semiring
from .._passes import relevant_edges
from ..accumulate import Weight
from ..semirings import (
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
    Polynomial,
    Semiring,
)


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
    bounds, _ = error_bounds(G, source, target, weight, semiring, default_weight)
    return bounds[method]


class NoBound(ValueError):
    """The values or the semiring are outside the model `error_bound` derives."""


def error_bounds(
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
        raise NoBound(
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
        unit, converted = UNIT_ROUNDOFF, 0
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
    magnitude = add_up(add_up(stats.size, log_paths), 7.0)
    first_order = _mul_up(_mul_up(_to_float_up(operations), unit), magnitude)
    return _mul_up(2.0, first_order) if first_order <= 0.25 else math.inf


# Every quantity below is a nonnegative float rounded upwards: round to nearest,
# then one step up, bounds the exact result of each operation from above, so the
# bound costs a few float operations per edge however long the paths are.

UNIT_ROUNDOFF = 2.0**-53


def _up(x: float) -> float:
    return math.nextafter(x, math.inf) if x != math.inf else x


def _down(x: float) -> float:
    return math.nextafter(x, -math.inf) if x != math.inf else x


def add_up(a: float, b: float) -> float:
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
        self.unit = UNIT_ROUNDOFF
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
                    bound_u = max(bound_u, add_up(term, bound[v]))
                elif size == "product":
                    bound_u = max(bound_u, _mul_up(term, bound[v]))
                else:
                    bound_u = add_up(bound_u, _mul_up(term, bound[v]))
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
        return _to_float_up(w), UNIT_ROUNDOFF
    if isinstance(w, (float, np.float64)) and math.isfinite(w):
        return abs(float(w)), UNIT_ROUNDOFF
    if narrow and isinstance(w, np.floating) and np.isfinite(w):
        return _to_float_up(Fraction(*w.as_integer_ratio())), unit_roundoff(w)
    raise NoBound(
        f"edge {edge!r} has weight {w!r} ({type(w).__name__}): error_bound needs "
        f"finite ints, Fractions or double-precision floats"
    )


def unit_roundoff(x: Any) -> float:
    """The unit roundoff of x's format, a double's for any other value."""
    if isinstance(x, np.floating):
        # A format finer than double (long double) rounds no worse than one.
        return max(float(np.finfo(x.dtype).eps) / 2, UNIT_ROUNDOFF)
    return UNIT_ROUNDOFF


def is_exact(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O":
            return all(is_exact(item) for item in value.flat)
        return value.dtype.kind in "biu"
    if isinstance(value, Polynomial):
        return all(is_exact(c) for c in value.terms.values())
    return not isinstance(value, (float, complex, np.inexact, Decimal))
