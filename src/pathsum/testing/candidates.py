"""Your function against pathsum: one value, a mapping, all pairs, a best path."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction
from itertools import islice, pairwise
from typing import Any, NamedTuple

import networkx as nx
import numpy as np

from .._constants import MAX_PATHS, METHODS
from .._graph import check_node, check_semiring
from ..accumulate import Weight, forward_path_sums, path_sum, reverse_path_sums
from ..best import best_path, check_selective
from ..exceptions import WeightError
from ..kbest import k_best_paths
from ..paths import all_paths, count_paths, path_weight
from ..semirings import (
    COUNTING,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
    Semiring,
    step_weight,
    with_count,
)
from .agreement import graph_lines
from .bounds import (
    NoBound,
    add_up,
    error_bounds,
    is_exact,
    unit_roundoff,
)

KINDS = ("sum", "forward", "reverse", "whole", "pairs", "path")


def assert_matches_path_sums(
    candidate: Callable[..., Any],
    G: nx.DiGraph,
    source: Hashable | None = None,
    target: Hashable | None = None,
    *,
    kind: str = "sum",
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
    rel_tol: float | None = None,
    abs_tol: float | None = None,
) -> Any:
    """Assert that your function `candidate` computes what pathsum computes.

    `kind` says which question your function answers, and so how it is called
    and what it returns:

    ==========  ==========================  =====================================
    kind        called as                   returns
    ==========  ==========================  =====================================
    "sum"       ``candidate(G, s, t)``      the path sum from s to t
    "forward"   ``candidate(G, s)``         a mapping node -> path sum from s
    "reverse"   ``candidate(G, t)``         a mapping node -> path sum to t
    "whole"     ``candidate(G)``            the ⊕ over every path of the graph
    "pairs"     ``candidate(G)``            a mapping s -> (mapping t -> value)
    "path"      ``candidate(G, s, t)``      a best s -> t path, or None
    "path"      ``candidate(G)``            (no ends given) a best path anywhere
    ==========  ==========================  =====================================

    In a mapping, a node left out counts as ``semiring.zero`` (networkx's
    shortest path lengths leave out the nodes they do not reach); a report
    prints it as missing. "whole" counts every path, from any node to any
    node, the one-node paths (weighing ``semiring.one``) included: over
    MAX_PLUS that is networkx's `dag_longest_path_length`. A path is a list
    of nodes or of edges (``(u, v)``, or ``(u, v, key)`` on a MultiDiGraph);
    it must be a path of `G` (from `source` to `target` when they are given)
    whose weight is the best, for a selective semiring (MIN_PLUS, MAX_PLUS,
    MAX_TIMES). A list of nodes on a MultiDiGraph weighs the best of each
    step's parallel edges; where there is no path (or every path weighs the
    semiring's zero), return None. Give other
    arguments of your function with `functools.partial`.

    Parameters
    ----------
    candidate : callable
        The function under test.
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node, optional
        The ends of the paths, as `kind` needs them (see the table). "forward"
        and "reverse" accept the other end too, unused, so that an example
        ``(G, s, t)`` of `dags_with_endpoints` can be passed as it is;
        "whole" and "pairs" take no end, and "path" both or neither.
    kind : {"sum", "forward", "reverse", "whole", "pairs", "path"}, default "sum"
        Which question `candidate` answers.
    weight : string, function or None, default "weight"
        As in `path_sum`.
    semiring : Semiring, default REAL
        What your function is meant to compute: REAL for derivatives, MAX_PLUS
        for longest paths, MIN_PLUS for shortest, ``with_count(MIN_PLUS)`` for
        shortest paths and their number, and so on.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute, as in
        `path_sum`. Without it such an edge is a WeightError.
    rel_tol, abs_tol : float, optional
        Instead of the derived tolerance (see Notes), numbers agree when
        ``math.isclose(yours, pathsum's, rel_tol=rel_tol, abs_tol=abs_tol)``
        (a tolerance not given is 0), arrays element by element; other values
        must be equal.

    Returns
    -------
    value
        pathsum's answer: a value (for "path", the best path's weight), a dict
        node -> value, or for "pairs" a dict of such dicts.

    Raises
    ------
    AssertionError
        If the answers differ, or yours is no value like pathsum's (a string or
        an array of shape (2,) for a number), or no path of `G`. The message
        shows both answers, the tolerance applied, where they first differ (the
        node, or the paths), and the graph as an edge list that can be pasted
        back into Python.
    ValueError
        If `kind` is unknown, an end it needs is missing or one it cannot use
        is given, a tolerance is negative, or "path" is asked of a semiring
        that is not selective.
    NodeNotFound
        If `source` or `target` is not in `G`.
    TypeError
        If `candidate` is not callable, `G` is no networkx graph, or your
        function returns no mapping for a `kind` that needs one.
    NetworkXNotImplemented
        If `G` is undirected.

    Notes
    -----
    Equal answers agree (NaN equals NaN; a 0-d array or numpy scalar is its
    value), and exact answers (ints, Fractions, words) must be equal. Where
    either answer is a float, they agree within the sum of two rounding-error
    bounds, derived as in `error_bound`: that of the method pathsum ran
    (reverse accumulation for "sum", "reverse" and "whole", forward for
    "forward", "pairs" and "path"), and, for your answer, the largest of
    forward and reverse accumulation and, where there are at most 10**6
    paths, enumeration (its bound grows with the number of paths, to inf
    from 2**53, and would let a wrong answer pass where no function
    enumerates). An exact answer adds nothing. The bounds use the unit
    roundoff of the coarsest float format among the weights and the two
    answers (float32 weights are bounded as float32 arithmetic), allow each
    weight one rounding more on its way in, and bound COUNTING as REAL with
    every weight 1. Where no finite bound is derived (other semirings, an inf
    or NaN answer, Decimal weights, an overflow), your answer must equal the
    answer of one of pathsum's methods (with infinities, enumeration may give
    NaN where accumulation gives inf), unless `rel_tol` or `abs_tol` is given.
    Counts of best paths (``with_count`` of MIN_PLUS, MAX_PLUS or MAX_TIMES)
    with float weights compare the best weights within their tolerance and
    accept any count from 1 to the number of paths that close to the best:
    rounding decides which of them tie.

    Your function is handed `G` itself; one that changes it (a weight, an
    edge, an attribute) fails, since its answer would be for another graph.

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

    The bug: ``best.get(u, 0)`` starts the unreachable x at 0. networkx's own
    longest path, checked over the whole graph and as a path:

    >>> assert_matches_path_sums(lambda G: nx.dag_longest_path_length(G), G,
    ...                          kind="whole", semiring=ps.MAX_PLUS)
    9
    >>> assert_matches_path_sums(lambda G: nx.dag_longest_path(G), G,
    ...                          kind="path", semiring=ps.MAX_PLUS)
    9
    """
    semiring, given = check_question(candidate, semiring, kind, rel_tol, abs_tol)
    if not isinstance(G, nx.Graph):
        raise TypeError(
            f"G must be a networkx DiGraph or MultiDiGraph, not {type(G).__name__}"
        )
    _check_ends(G, kind, source, target)
    options = {"weight": weight, "semiring": semiring, "default_weight": default_weight}
    if kind == "path":
        check_selective(semiring, "kind='path'")
        return _check_path(candidate, G, source, target, options, given)
    if kind == "sum":
        ours = path_sum(G, source, target, **options)
        theirs = _call(candidate, G, source, target)
        # path_sum accumulates in reverse unless told otherwise.
        verdict = _compare(G, source, target, "reverse", ours, theirs, given, options)
        if not verdict.agree:
            raise AssertionError(
                _candidate_report(G, source, target, ours, theirs, verdict, options)
            )
        return ours
    if kind == "whole":
        return _check_whole(candidate, G, options, given)
    if kind == "pairs":
        return _check_pairs(candidate, G, options, given)
    seed = source if kind == "forward" else target
    passes = forward_path_sums if kind == "forward" else reverse_path_sums
    ours = passes(G, seed, **options)
    theirs = _mapping(_call(candidate, G, seed), kind, "node -> value")
    _compare_mapping(G, seed, kind, ours, theirs, given, options, "")
    return ours


def check_question(candidate, semiring, kind, rel_tol, abs_tol):
    """Check what a candidate check is asked; return the semiring and tolerance."""
    if not callable(candidate):
        raise TypeError(f"candidate must be a function, not {candidate!r}")
    semiring = check_semiring(semiring)
    if kind not in KINDS:
        raise ValueError(
            f"kind={kind!r} is not one of {', '.join(repr(k) for k in KINDS)}"
        )
    return semiring, _given_tolerance(rel_tol, abs_tol)


# The ends each kind calls your function with (for "path": both or neither).
_ENDS = {
    "sum": ("source", "target"),
    "forward": ("source",),
    "reverse": ("target",),
    "whole": (),
    "pairs": (),
}


def _call(candidate, G, *ends):
    """Your function's answer; an error if it changed the graph it was given.

    pathsum's answer is for the graph as given: a function that changes it
    (a weight made positive, an edge removed) would be compared on another
    graph, and its report could not be reproduced.
    """
    before = _snapshot(G)
    answer = candidate(G, *ends)
    change = _change(before, _snapshot(G))
    if change:
        raise AssertionError(
            f"your function changed the graph it was given ({change}); work on a "
            f"copy (G.copy()) so that its answer is for the graph as given"
        )
    return answer


def _snapshot(G) -> tuple:
    multigraph = G.is_multigraph()
    edges = G.edges(keys=True, data=True) if multigraph else G.edges(data=True)
    return (
        ("graph attributes", [((), dict(G.graph))]),
        ("node", [((n,), dict(d)) for n, d in G.nodes(data=True)]),
        ("edge", [(e[:-1], dict(e[-1])) for e in edges]),
    )


def _change(before: tuple, after: tuple) -> str:
    """The first difference of two snapshots, in words; empty if none."""
    for (what, old), (_, new) in zip(before, after, strict=True):
        old_items, new_items = dict(old), dict(new)
        for key in [*old_items, *(k for k in new_items if k not in old_items)]:
            shown = key[0] if len(key) == 1 else key
            name = f"{what} {shown!r}" if key else what
            if key not in new_items:
                return f"{name} removed"
            if key not in old_items:
                return f"{name} added"
            a, b = old_items[key], new_items[key]
            if a.keys() != b.keys() or not all(
                a[k] is b[k] or _same(a[k], b[k]) for k in a
            ):
                return f"{name}: {a!r} became {b!r}"
    return ""


def _check_ends(G, kind, source, target) -> None:
    given = {"source": source, "target": target}
    if kind == "path":
        if (source is None) != (target is None):
            raise ValueError(
                "kind='path' takes both source and target (a best source -> "
                "target path) or neither (a best path anywhere in the graph)"
            )
        needed = ("source", "target") if source is not None else ()
    else:
        needed = _ENDS[kind]
    for name, node in given.items():
        if name in needed and node is None:
            role = "paths start at" if name == "source" else "paths end at"
            raise ValueError(f"kind={kind!r} needs {name}=, the node {role}")
    # An example (G, s, t) of dags_with_endpoints may be passed whole to a
    # one-end kind: the other end is checked, and not used.
    spare = {"forward": "target", "reverse": "source"}.get(kind)
    for name, node in given.items():
        if name not in needed and node is not None and name != spare:
            calls = ", ".join(["G", *(n[0] for n in needed)])
            raise ValueError(
                f"kind={kind!r} calls your function as candidate({calls}) and does "
                f"not use {name}={node!r}: leave it out"
            )
        if node is not None:
            check_node(G, node, name)


def _given_tolerance(rel_tol, abs_tol) -> tuple[float, float] | None:
    for name, tol in (("rel_tol", rel_tol), ("abs_tol", abs_tol)):
        if tol is not None and not (
            isinstance(tol, numbers.Real) and not isinstance(tol, bool)
            and math.isfinite(tol) and tol >= 0
        ):  # fmt: skip
            raise ValueError(f"{name}={tol!r} must be a finite number >= 0, or None")
    if rel_tol is None and abs_tol is None:
        return None
    return (rel_tol or 0.0, abs_tol or 0.0)


class _Missing:
    """A value your mapping left out: compared as the semiring's zero."""

    def __repr__(self) -> str:
        return "missing"


MISSING = _Missing()


def _mapping(theirs: Any, kind: str, what: str) -> Mapping:
    if not isinstance(theirs, Mapping):
        raise TypeError(
            f"kind={kind!r}: your function returned {type(theirs).__name__}, not a "
            f"mapping {what}"
        )
    return theirs


def _compare_mapping(G, seed, kind, ours, theirs, given, options, title) -> None:
    """Compare the candidate's mapping with a pass's, node by node."""
    zero = options["semiring"].zero
    # Compare in the order a pass meets the nodes, so the first difference
    # reported is the one nearest the seed.
    meets = ours if kind == "forward" else dict(reversed(list(ours.items())))
    for node in [*meets, *(n for n in theirs if n not in ours)]:
        if node not in G:
            raise AssertionError(
                f"{title}your function returned a value for {node!r}, which is not "
                f"in the graph"
            )
        mine = ours.get(node, zero)
        yours = theirs.get(node, MISSING)
        s, t = (seed, node) if kind == "forward" else (node, seed)
        value = zero if yours is MISSING else yours
        verdict = _compare(G, s, t, kind, mine, value, given, options)
        if not verdict.agree:
            way = "from" if kind == "forward" else "into"
            raise AssertionError(
                f"{title}your function's {kind} path sums {way} {seed!r} differ from "
                f"pathsum's first at node {node!r}\n"
                + _candidate_report(G, s, t, mine, yours, verdict, options)
            )


def _check_pairs(candidate, G, options, given) -> dict:
    ours = {s: forward_path_sums(G, s, **options) for s in G}
    what = "source -> (mapping target -> value)"
    theirs = _mapping(_call(candidate, G), "pairs", what)
    for s in theirs:
        if s not in G:
            raise AssertionError(
                f"your function returned path sums from {s!r}, which is not in the "
                f"graph"
            )
    for s in G:
        row = theirs.get(s, MISSING)
        title = ""
        if row is MISSING:
            row, title = {}, f"your function's mapping has no entry for source {s!r}\n"
        row = _mapping(row, "pairs", f"target -> value for source {s!r}")
        _compare_mapping(G, s, "forward", ours[s], row, given, options, title)
    return ours


class _Ends:
    """The two nodes added to see every path of a graph as one s -> t path."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def _with_ends(G, options):
    """G with a new start before every node and a new end after every node.

    Every path of G, the one-node paths included, is one start -> end path
    of the result, of the same weight: the new edges weigh ``one``.
    """
    semiring, weight = options["semiring"], options["weight"]
    one = semiring.one
    start, end = _Ends("<start>"), _Ends("<end>")
    H = G.copy()
    H.add_nodes_from([start, end])
    if isinstance(weight, str):
        ends = {weight: one}
    else:
        ends = {}
        inner = (lambda u, v, d: step_weight(semiring)) if weight is None else weight

        def weight(u, v, data):
            return one if u is start or v is end else inner(u, v, data)

    H.add_edges_from([(start, v, dict(ends)) for v in G])
    H.add_edges_from([(v, end, dict(ends)) for v in G])
    return H, start, end, {**options, "weight": weight}


def _check_whole(candidate, G, options, given):
    H, start, end, around = _with_ends(G, options)
    ours = path_sum(H, start, end, **around)
    theirs = _call(candidate, G)
    verdict = _compare(H, start, end, "reverse", ours, theirs, given, around)
    if not verdict.agree:
        semiring = options["semiring"]
        what = "path sum" if semiring is REAL else f"{semiring.name} path sum"
        lines = [
            f"your function's {what} over the whole graph (every path, one-node "
            f"paths included) differs from pathsum's:",
            f"  yours:   {theirs!r}",
            f"  pathsum: {ours!r} (reverse accumulation)",
        ]
        if verdict.how:
            lines.append(f"  {verdict.how}")
        lines.extend(_best_line(H, start, end, around))
        lines.extend(graph_lines(G, options["weight"], options["default_weight"]))
        raise AssertionError("\n".join(lines))
    return ours


def _best_line(H, start, end, options) -> list[str]:
    """pathsum's best path, for a report of a selective semiring."""
    if not options["semiring"].selective:
        return []
    try:
        _, path = best_path(H, start, end, **options)
    except (ValueError, nx.NetworkXException):
        return []
    nodes = [path[0][0], *(edge[1] for edge in path)] if path else [start]
    nodes = [node for node in nodes if not isinstance(node, _Ends)]
    return [f"  pathsum's best path: {nodes!r}"]


def _check_path(candidate, G, source, target, options, given):
    if source is None:
        H, s, t, around = _with_ends(G, options)
        theirs = _call(candidate, G)
        where = "in the graph"
    else:
        H, s, t, around = G, source, target, options
        theirs = _call(candidate, G, source, target)
        where = f"from {source!r} to {target!r}"
    best = path_sum(H, s, t, method="forward", **around)
    # None says there is no path: right where none is better than the
    # semiring's zero (no path at all, or every path weighs zero).
    if theirs is None:
        if _same(best, options["semiring"].zero):
            return best
        found = f"returned no path (None), but the best path {where} weighs {best!r}"
        raise AssertionError(
            _path_report(G, H, s, t, f"your function {found}", around, options)
        )
    readings, why = _steps(G, theirs, source, target)
    if not readings:
        head = f"your function returned {theirs!r}: {why}"
        if _same(best, options["semiring"].zero) and count_paths(H, s, t) == 0:
            head = f"your function returned {theirs!r}, but there is no path {where}"
            head += " (return None)"
        raise AssertionError(_path_report(G, H, s, t, head, around, options))
    # A list of tuple nodes may also read as a list of edges: either will do.
    verdicts = []
    for steps in readings:
        value = _weigh(G, steps, options)
        verdict = _compare(H, s, t, "forward", best, value, given, around)
        if verdict.agree:
            return best
        verdicts.append((value, verdict))
    value, verdict = verdicts[0]
    lines = [
        f"your function's path {where} is not a best one:",
        f"  yours:   {theirs!r} weighs {value!r}",
        f"  pathsum: the best weighs {best!r} (forward accumulation)",
    ]
    if verdict.how:
        lines.append(f"  {verdict.how}")
    raise AssertionError(_path_report(G, H, s, t, "\n".join(lines), around, options))


def _path_report(G, H, s, t, head, around, options) -> str:
    lines = [head, *_best_line(H, s, t, around)]
    lines.extend(graph_lines(G, options["weight"], options["default_weight"]))
    return "\n".join(lines)


def _steps(G, path, source, target):
    """The ways a path may be read, step by step, or ([], why it is no path).

    A list of nodes and a list of edges are both tried (tuple nodes make a
    list of nodes look like one of edges). Each step is the list of the
    edges it may take: one, or on a MultiDiGraph the parallel edges between
    two nodes of a node path.
    """
    if isinstance(path, (str, bytes, Mapping)) or not isinstance(path, Iterable):
        return [], "not a list of nodes or of edges"
    path = list(path)
    as_nodes, why_nodes = _node_steps(G, path, source, target)
    as_edges, why_edges = _edge_steps(G, path, source, target)
    readings = [steps for steps in (as_nodes, as_edges) if steps is not None]
    if readings:
        return readings, ""
    looks_like_edges = path and all(
        isinstance(e, tuple) and len(e) in (2, 3) and _in(G, e[0]) for e in path
    )
    return [], why_edges if looks_like_edges else why_nodes


def _has_edge(G, edge) -> bool:
    try:
        return G.has_edge(*edge)
    except TypeError:  # an unhashable key
        return False


def _in(G, node) -> bool:
    try:
        return node in G
    except TypeError:  # unhashable
        return False


def _ends_right(first, last, source, target) -> str:
    if source is None:
        return ""
    if first != source:
        return f"it starts at {first!r}, not at the source {source!r}"
    if last != target:
        return f"it ends at {last!r}, not at the target {target!r}"
    return ""


def _node_steps(G, path, source, target):
    if not path:
        return None, "an empty list of nodes is no path (a path from a node to "\
            "itself is [node])"  # fmt: skip
    for node in path:
        if not _in(G, node):
            return None, f"{node!r} is not a node of the graph"
    for u, v in pairwise(path):
        if not G.has_edge(u, v):
            return None, f"({u!r}, {v!r}) is not an edge of the graph"
    why = _ends_right(path[0], path[-1], source, target)
    if why:
        return None, why
    if G.is_multigraph():
        return [[(u, v, k) for k in G[u][v]] for u, v in pairwise(path)], ""
    return [[(u, v)] for u, v in pairwise(path)], ""


def _edge_steps(G, path, source, target):
    if not path:
        if source is None and len(G) == 0:
            return None, "the graph has no node, so no path, not even an empty one"
        if source is None or source == target:
            return [], ""
        return None, f"an empty path does not lead from {source!r} to {target!r}"
    steps = []
    sizes = (2, 3) if G.is_multigraph() else (2,)
    for i, edge in enumerate(path):
        if not isinstance(edge, tuple) or len(edge) not in sizes:
            form = "(u, v) or (u, v, key)" if G.is_multigraph() else "(u, v)"
            return None, f"{edge!r} is no edge {form} of a {type(G).__name__}"
        if not all(_in(G, node) for node in edge[:2]) or not _has_edge(G, edge):
            return None, f"{edge!r} is not an edge of the graph"
        if i and edge[0] != path[i - 1][1]:
            return None, f"{path[i - 1]!r} and {edge!r} do not meet"
        if G.is_multigraph() and len(edge) == 2:
            steps.append([(*edge, k) for k in G[edge[0]][edge[1]]])
        else:
            steps.append([edge])
    why = _ends_right(path[0][0], path[-1][1], source, target)
    return (None, why) if why else (steps, "")


def _weigh(G, steps, options):
    """The weight of a path: the ⊗ of its steps, each the ⊕ of its edges."""
    semiring = options["semiring"]
    value = semiring.one
    for step in steps:
        choices = []
        for edge in step:
            try:
                choices.append(path_weight(G, [edge], **options))
            except WeightError:
                raise
            except ValueError:  # hidden by the weight function
                continue
        if not choices:
            raise AssertionError(
                f"your function's path takes the edge {step[0][:2]!r}, which the "
                f"weight function hides (returns None for)"
            )
        value = semiring.mul(value, semiring.sum(choices))
    return value


class _Verdict(NamedTuple):
    """Whether a candidate's value matches pathsum's, and how they were compared."""

    agree: bool
    method: str
    how: str  # a line for the report; empty when plain equality decided


def _compare(G, source, target, method, ours, theirs, given, options) -> _Verdict:
    """Compare the candidate's value `theirs` with `ours`, which `method` computed.

    Equal values agree. Otherwise a tolerance applies: `given` (rel_tol,
    abs_tol) if given,
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
    base = counted_base(options["semiring"])
    if base is not None and _is_pair(theirs) and not is_exact(ours[0]):
        return _compare_counted(G, source, target, method, ours, theirs, given,
                                {**options, "semiring": base})  # fmt: skip
    if _is_number(ours) and not _is_number(theirs):
        return _Verdict(
            False,
            method,
            f"your function returned {theirs!r} ({type(theirs).__name__}), not a "
            f"number",
        )
    if given is not None:
        rel_tol, abs_tol = given
        return _Verdict(
            _close(ours, theirs, rel_tol, abs_tol),
            method,
            f"compared with math.isclose(rel_tol={rel_tol!r}, abs_tol={abs_tol!r})",
        )
    if is_exact(ours) and is_exact(theirs):
        return _Verdict(False, method, "")
    tolerance, how = _tolerance(G, source, target, method, ours, theirs, options)
    if tolerance is None:
        # Where no bound is derived (an inf, a NaN, an overflow), each of
        # pathsum's methods gives a right answer: inf - inf is NaN one way and
        # inf another, an overflow may round either side of the largest float.
        others = _other_methods(G, source, target, method, options)
        if any(_same(value, theirs) for value in others.values()):
            return _Verdict(True, method, "")
        how = f"compared exactly: {how}"
        if _fraction(ours) is not None and _fraction(theirs) is not None:
            how += "; pass rel_tol= or abs_tol= to allow a difference"
        if any(not _same(value, ours) for value in others.values()):
            shown = ", ".join(f"{m}: {v!r}" for m, v in others.items())
            how += f"; pathsum's other methods give {shown}"
        return _Verdict(False, method, how)
    difference = abs(_fraction(ours) - _fraction(theirs))
    return _Verdict(difference <= Fraction(tolerance), method, how)


def _other_methods(G, source, target, method, options) -> dict:
    """The path sum by pathsum's other methods (enumeration where it may)."""
    methods = [m for m in METHODS if m != method]
    if "paths" in methods and count_paths(G, source, target) > MAX_PATHS:
        methods.remove("paths")
    return {m: path_sum(G, source, target, method=m, **options) for m in methods}


def counted_base(semiring: Semiring) -> Semiring | None:
    """The selective semiring a built-in with_count semiring counts in."""
    for base in (MIN_PLUS, MAX_PLUS, MAX_TIMES):
        if semiring is with_count(base):
            return base
    return None


def _is_pair(x: Any) -> bool:
    return isinstance(x, tuple) and len(x) == 2


def _compare_counted(G, source, target, method, ours, theirs, given, options):
    """(best, count) against pathsum's, where float rounding decides ties.

    The bests compare as numbers of the base semiring, within its tolerance.
    Paths whose weights lie that close to the best may tie or not, depending
    on how each sum is rounded: any count from 1 to their number is right.
    """
    best = _compare(G, source, target, method, ours[0], theirs[0], given, options)
    if not best.agree:
        return _Verdict(False, method, f"the best weights differ; {best.how}".strip())
    count = theirs[1]
    if count == ours[1]:
        return _Verdict(True, method, "")
    if _fraction(ours[0]) is None:  # no path, or an infinite best: no rounding
        return _Verdict(False, method, "counts of an infinite best compared exactly")
    if given is not None:
        rel_tol, abs_tol = given
        band = max(Fraction(rel_tol) * abs(_fraction(ours[0])), Fraction(abs_tol))
    else:
        tolerance, _ = _tolerance(
            G, source, target, method, ours[0], theirs[0], options
        )
        band = Fraction(tolerance or 0) * 2
    # pathsum's own count is right, whatever k_best_paths ranks near.
    near = max(_paths_near(G, source, target, ours[0], band, options), ours[1])
    if isinstance(count, numbers.Integral) and 1 <= count <= near:
        return _Verdict(True, method, "")
    return _Verdict(
        False,
        method,
        f"{near} path(s) weigh within {float(band)!r} of the best, so that any count "
        f"from 1 to {near} is right",
    )


def _paths_near(G, source, target, best, band, options) -> int:
    """How many paths weigh within `band` of the finite `best`."""
    best = _fraction(best)
    near = 0
    for weight, _ in k_best_paths(G, source, target, **options):
        value = _fraction(weight)
        if value is None or abs(value - best) > band:
            break
        near += 1
    return near


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
            G, source, target, weight, semiring, options["default_weight"], unit=unit
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


def _close(a: Any, b: Any, rel_tol: float, abs_tol: float) -> bool:
    """math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol), computed exactly.

    Arrays compare element by element; values that are no real numbers must
    be equal.
    """
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and all(
            _close(x, y, rel_tol, abs_tol) for x, y in zip(a.flat, b.flat, strict=True)
        )
    if _same(a, b):
        return True
    x, y = _fraction(a), _fraction(b)
    if x is None or y is None:
        return False
    relative = Fraction(rel_tol) * max(abs(x), abs(y))
    return abs(x - y) <= max(relative, Fraction(abs_tol))


def _candidate_report(G, source, target, ours, theirs, verdict, options) -> str:
    semiring = options["semiring"]
    what = "path sum" if semiring is REAL else f"{semiring.name} path sum"
    lines = [
        f"your function's {what} from {source!r} to {target!r} differs from pathsum's:",
        f"  yours:   {theirs!r}",
        f"  pathsum: {ours!r} ({verdict.method} accumulation)",
    ]
    if theirs is MISSING:
        lines[1] = (
            f"  yours:   missing (counted as {semiring.zero!r}, the semiring's zero)"
        )
    if verdict.how and theirs is not MISSING:
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
    lines.extend(graph_lines(G, options["weight"], options["default_weight"]))
    return "\n".join(lines)
