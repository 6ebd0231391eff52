"""Validation, weight resolution and the relevant subgraph: shared by every pass.

Public functions validate and normalise with these helpers, then hand the
normalised pieces (an arc-weight callable, a topological order) to their workers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import networkx as nx

from ._constants import METHODS
from .exceptions import NotADAGError, WeightError
from .semirings import Semiring, exact, ignores_weights, step_weight

__all__: list[str] = []

ArcWeight = Callable[[Any, Any, Any], Any]
"""``arc(u, v, data)`` -> the semiring weight of all edges u->v, or None if hidden.

``data`` is ``G.adj[u][v]``: an edge's data dict on a DiGraph, a key -> data dict
on a MultiDiGraph, where the arc weighs the ⊕ of its parallel edges (distributivity
makes one ⊗ by that sum equal to one ⊗ per edge).
"""

_LIFT_ERRORS = (TypeError, ValueError, ArithmeticError)


def check_semiring(semiring: Any) -> Semiring:
    if not isinstance(semiring, Semiring):
        raise TypeError(
            f"semiring must be a pathsum.Semiring such as pathsum.REAL, "
            f"not {semiring!r}"
        )
    return semiring


def check_method(method: Any) -> str:
    if method not in METHODS:
        choices = ", ".join(repr(m) for m in METHODS)
        raise ValueError(f"method={method!r} is not one of {choices}")
    return method


def check_node(G: nx.DiGraph, node: Any, role: str) -> Any:
    if node not in G:
        raise nx.NodeNotFound(f"{role} node {full_repr(node)} is not in the graph")
    return node


def edges_reachable(G: nx.DiGraph, node: Any, *, reverse: bool = False) -> int:
    """How many edges a pass from `node` can touch: those out of its descendants
    (with `reverse`, those into its ancestors), node included."""
    if reverse:
        return sum(d for _, d in G.in_degree([node, *nx.ancestors(G, node)]))
    return sum(d for _, d in G.out_degree([node, *nx.descendants(G, node)]))


def seed_values(
    G: nx.DiGraph, seeds: Any, semiring: Semiring, role: str
) -> dict[Any, Any]:
    """One node (seeded with `one`) or a mapping node -> seed, checked.

    Seeds are values of the semiring, used as given (a COUNTING seed of 5 stays
    5) but for numpy's integers, which become Python ints so that no product
    wraps around; the semiring's lift only vets them, so a seed no weight could
    stand for is refused here, naming its node, rather than failing inside a pass.
    """
    if not isinstance(seeds, Mapping):
        return {check_node(G, seeds, role): semiring.one}
    for node, seed in seeds.items():
        check_node(G, node, role)
        if semiring.lift is None:
            continue
        try:
            semiring.lift(seed)
        except _LIFT_ERRORS as exc:
            raise TypeError(
                f"the seed {full_repr(seed)} of {role} node {full_repr(node)} is not a "
                f"{semiring.name} value: {exc}"
            ) from exc
    return {node: exact(seed) for node, seed in seeds.items()}


def bad_weight(edge: tuple, raw: Any, semiring: Semiring, cause: Exception):
    return WeightError(
        f"edge {short_repr(edge)} has weight {short_repr(raw)}, which is not a "
        f"{semiring.name} value: {cause}",
        edge=edge,
        raw=raw,
    )


def operations_failed(edge: tuple, semiring: Semiring, cause: Exception):
    return WeightError(
        f"the {semiring.name} operations failed at edge {full_repr(edge)}: {cause}",
        edge=edge,
    )


def missing_weight(edge: tuple, attribute: Any, semiring: Semiring) -> WeightError:
    return WeightError(
        f"edge {full_repr(edge)} has no {attribute!r} attribute; pass weight=None "
        f"to weigh every edge {step_weight(semiring)!r}, or default_weight=... to "
        f"fill in the edges that lack it",
        edge=edge,
        attribute=attribute,
    )


def renamed(exc: WeightError, edge: tuple, semiring: Semiring) -> WeightError:
    """The same weight error, naming `edge` (with its key on a MultiDiGraph)."""
    if exc.attribute is not None:
        return missing_weight(edge, exc.attribute, semiring)
    return bad_weight(edge, exc.raw, semiring, exc.__cause__)


def check_weight(weight: Any) -> Any:
    """`weight` itself, if it is an attribute name, a callable or None."""
    if weight is None or callable(weight) or isinstance(weight, Hashable):
        return weight
    raise WeightError(
        f"weight={short_repr(weight)} is not an edge attribute name, a function "
        f"(u, v, data) -> value or None, or None",
        edge=None,
    )


def edge_weight_function(
    weight: Any, semiring: Semiring, default_weight: Any = None
) -> tuple[Callable[[Any, Any, dict], Any], bool]:
    """Return ``(edge, hides)``: ``edge(u, v, data)`` is one edge's lifted weight.

    ``hides`` says whether ``edge`` can return None (a callable weight hiding the
    edge). An edge without the named attribute is a WeightError unless
    `default_weight` is given; a semiring that ignores weights (COUNTING) reads
    no attribute, though a callable may still hide edges. Errors of the lift
    become WeightError naming the edge ``(u, v)``.
    """
    check_weight(weight)
    if weight is None or (ignores_weights(semiring) and not callable(weight)):
        step = semiring.one if weight is not None else step_weight(semiring)
        return (lambda u, v, data: step), False
    lift = semiring.lift or (lambda raw: raw)

    if callable(weight):

        def edge(u, v, data):
            raw = weight(u, v, data)
            if raw is None:
                return None
            try:
                return lift(raw)
            except _LIFT_ERRORS as exc:
                raise bad_weight((u, v), raw, semiring, exc) from exc

        return edge, True

    if default_weight is None:

        def edge(u, v, data):
            try:
                raw = data[weight]
            except KeyError:
                raise missing_weight((u, v), weight, semiring) from None
            try:
                return lift(raw)
            except _LIFT_ERRORS as exc:
                raise bad_weight((u, v), raw, semiring, exc) from exc

        return edge, False

    def edge(u, v, data):
        raw = data.get(weight, default_weight)
        try:
            return lift(raw)
        except _LIFT_ERRORS as exc:
            raise bad_weight((u, v), raw, semiring, exc) from exc

    return edge, False


def arc_weight_function(
    G: nx.DiGraph, weight: Any, semiring: Semiring, default_weight: Any = None
) -> tuple[ArcWeight, bool]:
    """Return ``(arc, hides)`` for the accumulation passes; see `ArcWeight`."""
    edge, hides = edge_weight_function(weight, semiring, default_weight)
    if not G.is_multigraph():
        return edge, hides
    add = semiring.add

    def arc(u, v, keydict):
        total = None
        for key, data in keydict.items():
            try:
                w = edge(u, v, data)
            except WeightError as exc:
                raise renamed(exc, (u, v, key), semiring) from exc.__cause__
            if w is None:
                continue
            try:
                total = w if total is None else add(total, w)
            except _LIFT_ERRORS as exc:
                raise operations_failed((u, v, key), semiring, exc) from exc
        return total

    return arc, hides


def reach_order(
    adj: Mapping[Any, Mapping[Any, Any]],
    seeds: Any,
    visible: ArcWeight | None = None,
    *,
    backwards: bool = False,
) -> list[Any]:
    """Topological order of the nodes reachable from `seeds` in `adj`.

    One iterative depth-first search: its reverse postorder is a topological
    order of what it reached, so no pass sorts the whole graph. An edge back to a
    node still being expanded closes a cycle and raises NotADAGError. `adj` is
    ``G._succ`` (descendants, sources first) or ``G._pred`` with
    ``backwards=True`` (ancestors, targets first); an arc for which
    ``visible(u, v, data)`` is None is not followed.
    """
    # The stack holds nodes only, never per-node iterators or tuples: a deep
    # search would otherwise keep a million live containers, and the garbage
    # collector's repeated scans of them cost more than the search itself.
    # A node may sit on the stack several times; only its first pop expands it.
    expanding, done = 1, 2
    state: dict[Any, int] = {}
    postorder = []
    stack = list(seeds)
    while stack:
        u = stack[-1]
        seen = state.get(u)
        if seen is None:
            state[u] = expanding
            if visible is None:
                for v in adj[u]:
                    seen = state.get(v)
                    if seen is None:
                        stack.append(v)
                    elif seen == expanding:
                        _raise_cycle(adj, state, v, u, visible, backwards)
            else:
                for v, data in adj[u].items():
                    seen = state.get(v)
                    if (
                        seen == done
                        or (visible(v, u, data) if backwards else visible(u, v, data))
                        is None
                    ):
                        continue
                    if seen is None:
                        stack.append(v)
                    else:
                        _raise_cycle(adj, state, v, u, visible, backwards)
        else:
            stack.pop()
            if seen == expanding:
                state[u] = done
                postorder.append(u)
    postorder.reverse()
    return postorder


def _raise_cycle(adj, state: dict, start: Any, end: Any, visible, backwards: bool):
    # The nodes being expanded form the search path; find start -> ... -> end on
    # it, along arcs the search itself could follow.
    path = {start: None}
    frontier = [start]
    while end not in path:
        node = frontier.pop()
        for v, data in adj[node].items():
            if (
                visible is not None
                and (visible(v, node, data) if backwards else visible(node, v, data))
                is None
            ):
                continue
            if v not in path and state.get(v) == 1:
                path[v] = node
                frontier.append(v)
    cycle_nodes = [end]
    while cycle_nodes[-1] != start:
        cycle_nodes.append(path[cycle_nodes[-1]])
    cycle_nodes.reverse()
    cycle_nodes.append(start)
    if backwards:
        cycle_nodes.reverse()
    raise cycle_error(cycle_nodes)


_SHOWN_ENDS = 5
_SHOWN_CHARACTERS = 60


def full_repr(value: Any) -> str:
    """``repr(value)``, or, where Python refuses to write an int of more than
    4,300 digits, the same with each such int described."""
    try:
        return repr(value)
    except ValueError:
        return _without_long_ints(value)


def short_repr(node: Any) -> str:
    """``repr(node)``, cut to a bounded length for messages."""
    text = full_repr(node)
    if len(text) <= _SHOWN_CHARACTERS:
        return text
    return text[: _SHOWN_CHARACTERS - 1] + "…"


def _without_long_ints(value: Any) -> str:
    if isinstance(value, int):
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"<an int of about {digits:,} digits>"
    if isinstance(value, tuple):
        return f"({', '.join(map(_without_long_ints, value))})"
    try:
        return repr(value)
    except ValueError:
        return f"<a {type(value).__name__}>"


def cycle_error(cycle_nodes: list[Any]) -> NotADAGError:
    """NotADAGError for the cycle ``v0 -> v1 -> ... -> v0`` (first node repeated
    last). The message shows a bounded excerpt; the exception keeps the whole
    cycle as edges."""
    cycle = list(itertools.pairwise(cycle_nodes))
    if len(cycle_nodes) <= 2 * _SHOWN_ENDS + 1:
        shown = " -> ".join(map(short_repr, cycle_nodes))
    else:
        head = " -> ".join(map(short_repr, cycle_nodes[:_SHOWN_ENDS]))
        tail = " -> ".join(map(short_repr, cycle_nodes[-_SHOWN_ENDS:]))
        left = len(cycle_nodes) - 2 * _SHOWN_ENDS
        shown = f"{head} -> … ({left:,} more nodes) … -> {tail}"
    return NotADAGError(
        f"the graph is not a DAG: it has a cycle of {len(cycle):,} edges, {shown}",
        cycle=cycle,
    )
