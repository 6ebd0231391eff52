"""Your function against pathsum: one value, a mapping, all pairs, a best path."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable, Mapping
from fractions import Fraction
from itertools import islice
from typing import Any, NamedTuple

import networkx as nx
import numpy as np

from .._constants import MAX_PATHS, METHODS
from .._graph import check_node, check_semiring
from ..accumulate import Weight, forward_path_sums, path_sum, reverse_path_sums
from ..paths import all_paths, count_paths, path_weight
from ..semirings import (
    COUNTING,
    REAL,
    Semiring,
)
from .agreement import graph_lines
from .bounds import (
    NoBound,
    add_up,
    error_bounds,
    is_exact,
    unit_roundoff,
)

KINDS = ("sum", "forward", "reverse")


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
    if is_exact(ours) and is_exact(theirs):
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
    unit = max(unit_roundoff(ours), unit_roundoff(theirs))
    try:
        bounds, paths = error_bounds(
            G, source, target, weight, semiring, None, unit=unit
        )
    except NoBound as exc:
        return None, f"no rounding-error bound is derived here ({exc})"
    # pathsum's share is the bound of the method that computed its value. Yours
    # may have accumulated either way, or enumerated the paths when there are few
    # enough to enumerate; past that, enumeration's bound (inf from 2**53 paths)
    # would let any answer pass.
    could = METHODS if paths <= MAX_PATHS else ("forward", "reverse")
    mine = 0.0 if is_exact(ours) else bounds[method]
    yours = 0.0 if is_exact(theirs) else max(bounds[m] for m in could)
    tolerance = add_up(mine, yours)
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
    lines.extend(graph_lines(G, options["weight"]))
    return "\n".join(lines)
