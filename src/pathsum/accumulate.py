"""Forward and reverse accumulation, and `path_sum` by any of the three methods."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

import networkx as nx
from networkx.utils import not_implemented_for

from ._constants import MAX_PATHS
from ._graph import (
    check_method,
    check_node,
    check_semiring,
    seed_values,
)
from ._passes import (
    check_max_paths,
    enumerated_sum,
    guard_enumeration,
    one_shot,
    relevant_edges,
)
from .semirings import REAL, Semiring

__all__ = ["forward_path_sums", "path_sum", "reverse_path_sums"]

Weight = str | Callable[[Any, Any, dict], Any] | None


@not_implemented_for("undirected")
def forward_path_sums(
    G: nx.DiGraph,
    sources: Hashable | Mapping[Hashable, Any],
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> dict[Hashable, Any]:
    """Path sums from `sources` to every node they reach: forward accumulation.

    With one source s, ``result[v]`` is ⊕ over all s -> v paths of the ⊗-product
    of their edge weights: the derivative dv/ds in the default semiring. With a
    mapping of seeds (a tangent), ``result[v]`` is ⊕ over seeds s of
    ``seed[s] ⊗ pathsum(s -> v)``.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths.
    sources : node or mapping
        One node (seeded with ``semiring.one``) or a mapping node -> seed value.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default REAL
        What ⊕ and ⊗ are.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    dict
        Node -> path sum, for every node the seeds reach (the seeds included).
        Every other node's path sum is ``semiring.zero`` and is left out.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If a source is not in `G`.
    NotADAGError
        If a cycle is reachable from the sources.
    WeightError
        If a reached edge lacks the `weight` attribute (and no `default_weight`
        is given), or its weight is not a value of the semiring.

    Examples
    --------
    Derivatives of every node with respect to ``b`` in e = (a + b)(b + 1) at
    a = 2, b = 1, where c = a + b and d = b + 1:

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("a", "c", 1), ("b", "c", 1), ("b", "d", 1),
    ...                            ("c", "e", 2), ("d", "e", 3)])
    >>> sorted(ps.forward_path_sums(G, "b").items())
    [('b', 1), ('c', 1), ('d', 1), ('e', 5)]

    Notes
    -----
    One iterative depth-first search from the seeds yields the descendants and a
    topological order of them; one walk in that order then does x[v] ⊕= x[u] ⊗ w
    for each edge, so the cost is one ⊗ per reached arc (parallel edges are summed
    first) and nothing is spent on the rest of the graph.

    See Also
    --------
    reverse_path_sums, path_sum
    """
    semiring = check_semiring(semiring)
    seeds = seed_values(G, sources, semiring, "source")
    return one_shot(G, seeds, weight, semiring, default_weight, forward=True)


@not_implemented_for("undirected")
def reverse_path_sums(
    G: nx.DiGraph,
    targets: Hashable | Mapping[Hashable, Any],
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
) -> dict[Hashable, Any]:
    """Path sums from every node to `targets`: reverse accumulation (backprop).

    With one target t, ``result[u]`` is ⊕ over all u -> t paths of the ⊗-product
    of their edge weights: the derivative dt/du in the default semiring. With a
    mapping of seeds (a cotangent), ``result[u]`` is ⊕ over seeds t of
    ``pathsum(u -> t) ⊗ seed[t]``.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths.
    targets : node or mapping
        One node (seeded with ``semiring.one``) or a mapping node -> seed value.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default REAL
        What ⊕ and ⊗ are.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    dict
        Node -> path sum, for every node that reaches a target (the targets
        included). Every other node's path sum is ``semiring.zero`` and is left out.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If a target is not in `G`.
    NotADAGError
        If a cycle reaches the targets.
    WeightError
        If a reached edge lacks the `weight` attribute (and no `default_weight`
        is given), or its weight is not a value of the semiring.

    Examples
    --------
    Derivatives of e with respect to every node in e = (a + b)(b + 1) at
    a = 2, b = 1, where c = a + b and d = b + 1:

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("a", "c", 1), ("b", "c", 1), ("b", "d", 1),
    ...                            ("c", "e", 2), ("d", "e", 3)])
    >>> sorted(ps.reverse_path_sums(G, "e").items())
    [('a', 2), ('b', 5), ('c', 2), ('d', 3), ('e', 1)]

    Notes
    -----
    The mirror image of `forward_path_sums`: a depth-first search along
    predecessors gives the ancestors of the targets in reverse topological order,
    and one walk does y[u] ⊕= w ⊗ y[v] for each edge u -> v. The weight stays on
    the left, so non-commutative semirings get products in path order.

    See Also
    --------
    forward_path_sums, path_sum
    """
    semiring = check_semiring(semiring)
    seeds = seed_values(G, targets, semiring, "target")
    return one_shot(G, seeds, weight, semiring, default_weight, forward=False)


@not_implemented_for("undirected")
def path_sum(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    method: str = "reverse",
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
    max_paths: int | None = MAX_PATHS,
) -> Any:
    """⊕ over all `source` -> `target` paths of the ⊗-product of edge weights.

    In the default semiring this is the derivative d target / d source.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths.
    source, target : node
        The ends of the paths. When they are the same node the only path is the
        empty one, which weighs ``semiring.one``.
    method : {"reverse", "forward", "paths"}, default "reverse"
        ``"paths"`` enumerates every path (exponential; the definition),
        ``"forward"`` accumulates from `source`, ``"reverse"`` from `target`.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to be
        one step: ``semiring.one``, or length 1 in MIN_PLUS and MAX_PLUS (hops).
    semiring : Semiring, default REAL
        What ⊕ and ⊗ are.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.
    max_paths : int or None, default 1000000
        With ``method="paths"``, refuse to enumerate more paths than this
        (None: no limit). The dynamic programs need no limit.

    Returns
    -------
    value
        The path sum; ``semiring.zero`` when there is no path.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    ValueError
        If `method` is unknown.
    TooManyPathsError
        If ``method="paths"`` and there are more than `max_paths` paths; the
        message gives their exact number.
    NotADAGError
        If the pass meets a cycle.
    WeightError
        If a used edge lacks the `weight` attribute (and no `default_weight` is
        given), or its weight is not a value of the semiring.

    Examples
    --------
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("a", "c", 1), ("b", "c", 1), ("b", "d", 1),
    ...                            ("c", "e", 2), ("d", "e", 3)])
    >>> [ps.path_sum(G, "b", "e", method=m) for m in ("paths", "forward", "reverse")]
    [5, 5, 5]

    Three parallel edges X -> Y and three Y -> Z make nine paths; with symbolic
    labels the path sum is the sum of the nine products:

    >>> F = nx.MultiDiGraph()
    >>> F.add_edges_from(("X", "Y", {"label": s}) for s in "αβγ")
    [0, 1, 2]
    >>> F.add_edges_from(("Y", "Z", {"label": s}) for s in "δεζ")
    [0, 1, 2]
    >>> print(ps.path_sum(F, "X", "Z", weight="label", semiring=ps.POLYNOMIAL))
    α·δ + α·ε + α·ζ + β·δ + β·ε + β·ζ + γ·δ + γ·ε + γ·ζ
    >>> ps.path_sum(F, "X", "Z", weight=None, semiring=ps.COUNTING)
    9

    See Also
    --------
    forward_path_sums, reverse_path_sums, all_paths
    """
    semiring = check_semiring(semiring)
    method = check_method(method)
    check_max_paths(max_paths)
    check_node(G, source, "source")
    check_node(G, target, "target")
    if method == "paths":
        out = relevant_edges(G, source, target, weight, semiring, default_weight)
        guard_enumeration(out, source, target, max_paths)
        return enumerated_sum(out, source, target, semiring)
    if method == "forward":
        seeds, end = {source: semiring.one}, target
    else:
        seeds, end = {target: semiring.one}, source
    sums = one_shot(
        G, seeds, weight, semiring, default_weight, forward=method == "forward"
    )
    return sums.get(end, semiring.zero)
