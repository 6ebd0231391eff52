"""Hypothesis strategies for random DAGs, valid by construction.

Not imported by ``import pathsum``; use ``from pathsum import strategies``.
"""

from __future__ import annotations

import functools
import keyword
import math
import numbers
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple

import networkx as nx
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from .programs import (
    FUNCTIONS,
    OPERATIONS,
    _binary,
    _call,
    _evaluate,
    _negative,
    _number,
    _Term,
    _Undefined,
)
from .semirings import Semiring

__all__ = [
    "Program",
    "ReadableDiGraph",
    "ReadableMultiDiGraph",
    "dags",
    "dags_with_endpoints",
    "programs",
]


def _edge_list_repr(G: nx.DiGraph, name: str) -> str:
    """Python that rebuilds `G`: its nodes in order, its edges in order, with data.

    An edge list when it lists every node in the graph's order; otherwise the
    adjacency as a dict, which keeps nodes without edges and the node order.
    """
    multigraph = G.is_multigraph()
    edges = list(G.edges(keys=True, data=True) if multigraph else G.edges(data=True))
    seen = dict.fromkeys(node for edge in edges for node in edge[:2])
    if list(seen) == list(G):
        text = f"{name}({edges!r})"
    else:
        text = f"{name}({dict(G.adjacency())!r}"
        text += ", multigraph_input=True)" if multigraph else ")"
    return text if not G.graph else f"{text[:-1]}, **{G.graph!r})"


class ReadableDiGraph(nx.DiGraph):
    """A `networkx.DiGraph` whose repr is Python that rebuilds it.

    ``DiGraph([(0, 1, {'weight': 2}), (1, 2, {'weight': 3})])``: a falsifying
    example drawn by `dags` prints as the graph itself, ready to paste into a
    test with ``from networkx import DiGraph``. In every other way it is a
    DiGraph (``copy()`` and subgraphs keep the class; ``to_directed()`` and
    ``reverse()`` give plain networkx graphs).
    """

    def __repr__(self) -> str:
        return _edge_list_repr(self, "DiGraph")


class ReadableMultiDiGraph(nx.MultiDiGraph):
    """A `networkx.MultiDiGraph` whose repr is Python that rebuilds it, keys too.

    ``MultiDiGraph([(0, 1, 0, {'weight': 2}), (0, 1, 1, {'weight': 5})])``; see
    `ReadableDiGraph`.
    """

    def __repr__(self) -> str:
        return _edge_list_repr(self, "MultiDiGraph")


def dags(
    *,
    min_nodes: int = 1,
    max_nodes: int = 8,
    weights: SearchStrategy[Any] | None = None,
    multigraph: bool = False,
    max_parallel: int = 3,
    zeros: float = 0.0,
    infinities: float = 0.0,
    semiring: Semiring | None = None,
    missing: float = 0.0,
) -> SearchStrategy[nx.DiGraph]:
    """Directed acyclic graphs with integer node labels and optional edge weights.

    Parameters
    ----------
    min_nodes, max_nodes : int, default 1 and 8
        Bounds on the number of nodes (0 <= min_nodes <= max_nodes).
    weights : strategy, optional
        Draws each edge's ``"weight"`` attribute (integers, fractions, floats,
        labels, matrices, ...). By default edges carry no attribute: read with
        ``weight=None``, each is one step, which weighs the semiring's one, or
        1 in MIN_PLUS and MAX_PLUS (hop counts).
    multigraph : bool, default False
        Draw ``MultiDiGraph`` instances with parallel edges.
    max_parallel : int, default 3
        On multigraphs, the most edges between one ordered pair of nodes. Each
        ordered pair draws its number of edges from 0 to `max_parallel`, so a
        graph mixes pairs of one edge with pairs of several, and code that
        treats a MultiDiGraph as a DiGraph (``G[u][v]["weight"]``, ``G.succ``
        without keys) meets both.
    zeros : float, default 0
        The share of edges whose drawn weight is replaced by a zero of its
        own type (``0``, ``0.0``, ``Fraction(0)``, ``False``). Needs numeric
        `weights`.
    infinities : float, default 0
        The share of edges whose weight is replaced by an infinity that
        `semiring` accepts as a weight: ``inf`` for MIN_PLUS (its zero),
        ``-inf`` for MAX_PLUS and LOG, either for REAL and for a semiring
        without a lift; for ``with_count(S)`` those of S, since its weights
        are S's raw weights.
    semiring : Semiring, optional
        The semiring the weights are meant for; needed by `infinities`, which
        draws only the infinities ``semiring.lift`` accepts.
    missing : float, default 0
        The share of edges drawn without the ``"weight"`` attribute, to test
        how code handles a missing weight (pathsum raises `WeightError` unless
        ``default_weight=`` is given). Needs `weights`.

    Returns
    -------
    strategy of DiGraph or MultiDiGraph
        Nodes are ``0 .. n-1``. Each node draws its parents among the nodes before
        it in a hidden order, so there is never a cycle and nothing is filtered
        out; the labels are a drawn permutation of that order, so ``0, 1, …`` is
        not a topological order unless the draw makes it one. A node has no
        edge only where that is needed to make up `min_nodes`.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        At call time, for arguments out of range or of the wrong type, and for
        shares that add up to more than 1.

    Examples
    --------
    >>> import networkx as nx
    >>> from hypothesis import given
    >>> from pathsum.strategies import dags
    >>> @given(dags(max_nodes=5))
    ... def test_acyclic(G):
    ...     assert nx.is_directed_acyclic_graph(G)
    >>> test_acyclic()

    Notes
    -----
    Examples shrink towards fewer nodes, fewer edges, labels in the hidden
    order, edges that keep their drawn weight (not zero, infinite or missing),
    and the weights strategy's own simplest values: the simplest graph is
    ``min_nodes`` isolated nodes, and the simplest graph with an edge is
    ``0 -> 1``.
    """
    _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, 0)
    data = _edge_data(weights, zeros, infinities, semiring, missing)
    return _dags(min_nodes, max_nodes, data, multigraph, max_parallel)


def dags_with_endpoints(
    *,
    min_nodes: int = 1,
    max_nodes: int = 8,
    weights: SearchStrategy[Any] | None = None,
    multigraph: bool = False,
    max_parallel: int = 3,
    min_paths: int = 1,
    min_length: int = 1,
    trivial: float = 0.05,
    zeros: float = 0.0,
    infinities: float = 0.0,
    semiring: Semiring | None = None,
    missing: float = 0.0,
) -> SearchStrategy[tuple[nx.DiGraph, int, int]]:
    """A DAG from `dags` with a source and a target node: ``(G, source, target)``.

    Most examples are non-trivial: the target is a descendant of the source,
    joined to it by at least `min_paths` paths, the longest of at least
    `min_length` edges, and often by several paths (about half have two or
    more, a quarter five or more, with the default options). A small share,
    `trivial`, are the edge cases: the source is the target, or the target
    cannot be reached from the source (it may even come before it).

    Parameters
    ----------
    min_nodes, max_nodes, weights, multigraph, max_parallel
        As for `dags`; `min_nodes` must be at least 1.
    min_paths : int, default 1
        The fewest source -> target paths of a non-trivial example.
    min_length : int, default 1
        The fewest edges on the longest source -> target path of a non-trivial
        example.
    trivial : float, default 0.05
        The share of examples whose source is their target (one path, of no
        edge) or whose target cannot be reached (no path). These ignore
        `min_paths` and `min_length`: pass ``trivial=0`` for every example to
        meet them, ``trivial=1`` for edge cases only.
    zeros, infinities, semiring, missing
        As for `dags`.

    Returns
    -------
    strategy of tuple
        ``(G, source, target)``.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        At call time, for arguments out of range or of the wrong type, and when
        `max_nodes` nodes cannot hold `min_paths` paths or a path of
        `min_length` edges (a DAG on n nodes has at most ``2**(n-2)`` paths
        between two nodes, ``p * (p+1)**(n-2)`` with `max_parallel` p).

    Examples
    --------
    >>> from hypothesis import given
    >>> import pathsum as ps
    >>> from pathsum.strategies import dags_with_endpoints
    >>> @given(dags_with_endpoints(multigraph=True))
    ... def test_counts(example):
    ...     G, s, t = example
    ...     assert ps.count_paths(G, s, t) == len(list(ps.all_paths(G, s, t)))
    >>> test_counts()
    >>> @given(dags_with_endpoints(min_paths=3, trivial=0))
    ... def test_many_paths(example):
    ...     assert ps.count_paths(*example) >= 3
    >>> test_many_paths()

    Notes
    -----
    Every example is valid by construction, nothing is filtered: a
    non-trivial example draws how many paths it aims for (at least
    `min_paths`), its nodes and edges as `dags` does, then, where the drawn
    edges fall short, adds a chain of nodes from the source to the target with
    the fewest skip and parallel edges that make up the paths. A trivial
    target's parents are drawn among nodes the source does not reach.

    Hypothesis favours simple choices over uniform ones, so the shares it
    generates differ from the nominal ones: of 1,000 examples of
    ``dags_with_endpoints()`` drawn for a test, 94% were non-trivial, 59% had
    two paths or more and 30% five or more, and short runs may hold no
    trivial example at all; raise `trivial` where those cases matter.

    Examples shrink as those of `dags` do, and towards the first node of the
    hidden order as source and the last as target. A failure that needs the
    source as target shrinks to ``(G, 0, 0)`` on one node, one that needs an
    unreachable target to two nodes and no edge, and one that needs a path to
    the chain of `min_length` edges ``0 -> 1 -> …`` with the fewest edges
    added for `min_paths`: a failure that needs two paths shrinks to the
    triangle ``0 -> 1 -> 2``, ``0 -> 2``, or on a multigraph to two parallel
    edges ``0 -> 1``.
    """
    _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, 1)
    _check_int("min_paths", min_paths, 1)
    _check_int("min_length", min_length, 1)
    _check_share("trivial", trivial)
    data = _edge_data(weights, zeros, infinities, semiring, missing)
    parallel = max_parallel if multigraph else 1
    needed = _nodes_for(min_paths, min_length, parallel)
    possible = needed <= max_nodes
    if not possible and not (
        max_nodes == 1 and min_paths == min_length == 1 and trivial > 0
    ):
        raise InvalidArgument(
            _too_few_nodes(min_paths, min_length, trivial, max_nodes, parallel)
        )
    return _endpoint_examples(
        min_nodes,
        max_nodes,
        data,
        multigraph,
        parallel,
        min_paths,
        min_length,
        trivial if possible else 1,
    )


@st.composite
def _dags(draw, min_nodes, max_nodes, data, multigraph, max_parallel):
    n = draw(st.integers(min_nodes, max_nodes))
    counts = _draw_counts(draw, n, max_parallel if multigraph else 1)
    return _build(draw, counts, (), min_nodes, data, multigraph)[0]


@st.composite
def _endpoint_examples(
    draw, min_nodes, max_nodes, data, multigraph, parallel, min_paths, min_length,
    trivial,
):  # fmt: skip
    # Trivial examples take the top of the roll, away from the zeros Hypothesis
    # favours, so that they keep to their share; a failure that needs one
    # still shrinks to one, at the bottom of that range.
    if trivial >= 1 or (
        trivial > 0 and 999 - draw(st.integers(0, 999)) < trivial * 1000
    ):
        unreachable = max_nodes >= 2 and draw(st.booleans())
        n = draw(st.integers(max(min_nodes, 1 + unreachable), max_nodes))
        counts = _draw_counts(draw, n, parallel)
        source = target = draw(st.integers(0, n - 1))
        if unreachable:
            target = draw(st.integers(0, n - 2))
            target += target >= source
            reached = _reached(counts, source, target)
            for parent in reached:
                counts.pop((parent, target), None)
    else:
        # Drawn first, so that shrinking a failure that needs many paths keeps
        # them in the planted chain while the drawn edges go.
        goal = min_paths + max(0, draw(st.integers(0, 11)) - 5)
        goal = min(goal, _most_paths(max_nodes, parallel))
        least = _nodes_for(goal, min_length, parallel)
        n = draw(st.integers(max(min_nodes, least), max_nodes))
        counts = _draw_counts(draw, n, parallel)
        # The endpoints come after the edges, as in `dags`, so that shrinking
        # the edges is not blocked by them; the target shrinks towards the
        # last node, which gives wide spans and many paths.
        source = draw(st.integers(0, n - least))
        target = n - 1 - draw(st.integers(0, n - least - source))
        paths, length = _paths_and_length(counts, source, target)
        if paths < goal or length < min_length:
            chain = [*range(source, source + least - 1), target]
            for (a, b), count in _planted(goal, min_length, parallel):
                pair = (chain[a], chain[b])
                counts[pair] = max(counts.get(pair, 0), count)
    G, labels, compact = _build(
        draw, counts, (source, target), min_nodes, data, multigraph
    )
    return G, labels[compact[source]], labels[compact[target]]


def _draw_counts(draw, n, parallel):
    """``{(parent, child): number of edges}``: each node, in a hidden order,
    draws how many edges it gets from each node before it, so there is never a
    cycle."""
    multiplicity = st.integers(0, parallel)
    counts = {}
    for child in range(1, n):
        drawn = draw(st.lists(multiplicity, min_size=child, max_size=child))
        for parent, count in enumerate(drawn):
            if count:
                counts[parent, child] = count
    return counts


def _build(draw, counts, endpoints, min_nodes, data, multigraph):
    edges = [
        pair
        for pair in sorted(counts, key=lambda pair: (pair[1], pair[0]))
        for _ in range(counts[pair])
    ]
    kept = {node for edge in edges for node in edge} | set(endpoints)
    # Nodes without edges are dropped, and min_nodes made up with isolated nodes
    # at the end, so that no shrink is blocked by an isolated node in the way.
    compact = {node: k for k, node in enumerate(sorted(kept))}
    edges = [(compact[u], compact[v]) for u, v in edges]
    n = max(min_nodes, len(compact))
    attributes = [data(draw) for _ in edges]
    labels = draw(st.permutations(range(n)))
    G = ReadableMultiDiGraph() if multigraph else ReadableDiGraph()
    G.add_edges_from(
        (labels[u], labels[v], attribute)
        for (u, v), attribute in zip(edges, attributes, strict=True)
    )
    # Nodes without edges come last, so that the repr is an edge list whenever
    # every node is on an edge.
    G.add_nodes_from(range(n))
    return G, labels, compact


def _reached(counts, source, target):
    """The nodes before `target` in the hidden order that `source` reaches."""
    reached = {source}
    for child in range(source + 1, target):
        if any((parent, child) in counts for parent in reached):
            reached.add(child)
    return reached if source < target else set()


def _paths_and_length(counts, source, target):
    """The number of source -> target paths and the edges on the longest."""
    paths = {source: 1}
    length = {source: 0}
    for child in range(source + 1, target + 1):
        into = [(p, counts[p, child]) for p in paths if (p, child) in counts]
        if into:
            paths[child] = sum(count * paths[p] for p, count in into)
            length[child] = 1 + max(length[p] for p, _ in into)
    return paths.get(target, 0), length.get(target, -1)


def _most_paths(nodes, parallel):
    """The most paths between two nodes of a DAG on `nodes` nodes: every pair
    joined by `parallel` edges."""
    return 1 if nodes < 2 else parallel * (parallel + 1) ** (nodes - 2)


def _nodes_for(paths, length, parallel):
    """The fewest nodes that hold `paths` paths between two of them, the
    longest of `length` edges."""
    nodes = max(2, length + 1)
    while _most_paths(nodes, parallel) < paths:
        nodes += 1
    return nodes


@functools.lru_cache(maxsize=256)
def _planted(paths, length, parallel):
    """Edges ``((a, b), count)`` on chain positions ``0 .. m-1`` that join the
    ends by at least `paths` paths, one of them the whole chain.

    The chain first, then edges into each position in turn, latest parent
    first, while the paths fall short: the greedy stops at the triangle for two
    paths, at two parallel edges on a multigraph.
    """
    m = _nodes_for(paths, length, parallel)
    counts = {(a, a + 1): 1 for a in range(m - 1)}
    for b in range(1, m):
        for a in range(b - 1, -1, -1):
            while (
                _paths_and_length(counts, 0, m - 1)[0] < paths
                and counts.get((a, b), 0) < parallel
            ):
                counts[a, b] = counts.get((a, b), 0) + 1
    return tuple(counts.items())


def _too_few_nodes(min_paths, min_length, trivial, max_nodes, parallel):
    if min_length > 1 and min_length >= max_nodes:
        return (
            f"min_length={min_length} asks for a path of {min_length} edges, "
            f"which needs {min_length + 1} nodes, but max_nodes={max_nodes}"
        )
    if min_paths > 1:
        bound = "2**(n-2)" if parallel == 1 else f"{parallel} * {parallel + 1}**(n-2)"
        return (
            f"min_paths={min_paths} needs {_nodes_for(min_paths, 1, parallel)} "
            f"nodes (n nodes hold at most {bound} paths between two), but "
            f"max_nodes={max_nodes}"
        )
    return (
        f"trivial={trivial!r} asks for examples whose target differs from the "
        f"source, which need max_nodes >= 2, not max_nodes={max_nodes}"
    )


def _edge_data(weights, zeros, infinities, semiring, missing):
    """A function ``draw -> attribute dict`` for one edge."""
    for name, share in (
        ("zeros", zeros),
        ("infinities", infinities),
        ("missing", missing),
    ):
        _check_share(name, share)
        if share and weights is None:
            raise InvalidArgument(
                f"{name}={share!r} replaces drawn weights: give weights= too"
            )
    if zeros + infinities + missing > 1 + 1e-9:  # 0.33 + 0.56 + 0.11 > 1
        raise InvalidArgument(
            f"zeros={zeros!r}, infinities={infinities!r} and missing={missing!r} "
            f"add up to more than 1"
        )
    if semiring is not None and not isinstance(semiring, Semiring):
        raise InvalidArgument(f"semiring={semiring!r} must be a pathsum Semiring")
    signs = ()
    if infinities:
        if semiring is None:
            raise InvalidArgument(
                f"infinities={infinities!r} needs semiring=, the semiring whose "
                f"infinities to draw"
            )
        signs = tuple(x for x in (math.inf, -math.inf) if _accepts(semiring, x))
        if not signs:
            raise InvalidArgument(
                f"infinities={infinities!r}: {semiring.name} accepts no infinite weight"
            )
    if weights is None:
        return lambda draw: {}
    if not zeros + infinities + missing:
        return lambda draw: {"weight": draw(weights)}
    # One roll per edge; its simplest values keep the drawn weight, so that
    # examples shrink towards the weights strategy's own.
    keep = 1000 * (1 - zeros - infinities - missing)
    zero_below = keep + 1000 * zeros
    infinite_below = zero_below + 1000 * infinities

    def data(draw):
        value = draw(weights)
        roll = draw(st.integers(0, 999))
        if roll < keep:
            return {"weight": value}
        if roll < zero_below:
            return {"weight": _zero_like(value)}
        if roll < infinite_below:
            return {"weight": draw(st.sampled_from(signs))}
        return {}

    return data


def _accepts(semiring, value):
    if semiring.lift is None:  # raw weights are used as they are
        return True
    try:
        semiring.lift(value)
    except (TypeError, ValueError, ArithmeticError):
        return False
    return True


def _zero_like(value):
    if isinstance(value, numbers.Number):
        return type(value)(0)
    raise InvalidArgument(f"zeros= needs numeric weights, and {value!r} is not one")


def _check_share(name: str, value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= 1
    ):
        raise InvalidArgument(f"{name}={value!r} must be a share between 0 and 1")


def _check_int(name: str, value: Any, least: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be an int")
    if value < least:
        raise InvalidArgument(f"{name}={value!r} must be at least {least}")


def _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, least):
    _check_int("min_nodes", min_nodes, least)
    _check_int("max_nodes", max_nodes, least)
    if min_nodes > max_nodes:
        raise InvalidArgument(f"min_nodes={min_nodes} > max_nodes={max_nodes}")
    if weights is not None and not isinstance(weights, SearchStrategy):
        raise InvalidArgument(
            f"weights={weights!r} must be a Hypothesis strategy or None"
        )
    _check_flag("multigraph", multigraph)
    _check_int("max_parallel", max_parallel, 1)


def _check_flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")


class Program(NamedTuple):
    """A program drawn by `programs`: ``program_graph(p.text, **p.inputs)``."""

    text: str
    inputs: dict[str, Any]
    output: str


#: Functions that keep int and Fraction values exact.
EXACT_FUNCTIONS = ("abs", "relu")

# Drawn values stay in [-BOUND, BOUND], as do local derivatives, and every
# operation keeps MARGIN away from its poles, kinks and domain edges, so that
# float results are well conditioned and central differences are accurate.
_BOUND = 10_000
_MARGIN = Fraction(1, 4)


def programs(
    *,
    inputs: Sequence[str] = ("a", "b"),
    min_statements: int = 1,
    max_statements: int = 5,
    functions: Sequence[str] | None = None,
    exact: bool = False,
) -> SearchStrategy[Program]:
    """Straight-line programs for `pathsum.program_graph`, with input values.

    Parameters
    ----------
    inputs : sequence of str, default ("a", "b")
        The names inputs may have. A program uses at least one of them; its
        `inputs` dict holds exactly those it uses.
    min_statements, max_statements : int, default 1 and 5
        Bounds on the number of statements.
    functions : sequence of str, optional
        The functions programs may call, from ``sin cos tan exp log sqrt tanh
        sigmoid relu abs``; by default all of them, or ``abs`` and ``relu`` when
        `exact`.
    exact : bool, default False
        Draw Fraction inputs and use only operations that keep them exact
        (``+ - * /``, integer powers, abs, relu), so that derivatives can be
        compared without tolerance. Otherwise inputs are floats.

    Returns
    -------
    strategy of Program
        ``Program(text, inputs, output)``, where `output` is the variable the
        last statement assigns. Statements assign new variables ``v0, v1, …``
        or re-assign earlier ones, sometimes by augmented assignment; operands
        are variables, small constants or a nested operation. Every program is
        valid by construction (nothing is filtered): each operation is drawn
        away from its domain edges, poles and kinks by at least 1/4, and values
        and local derivatives stay within ±10,000; where a drawn operation would
        not, the statement adds its operands instead.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        At call time, for arguments out of range or of the wrong type.

    Examples
    --------
    >>> from hypothesis import given
    >>> import pathsum as ps
    >>> from pathsum.strategies import programs
    >>> from pathsum.testing import assert_path_sums_agree
    >>> @given(programs())
    ... def test_agree(program):
    ...     G = ps.program_graph(program.text, **program.inputs)
    ...     for x in G.graph["inputs"]:
    ...         assert_path_sums_agree(G, x, program.output)
    >>> test_agree()

    Notes
    -----
    Examples shrink towards one statement of one operation on the first input
    (a program that needs ``sin`` shrinks to ``v0 = sin(a)`` at ``a = 0``, one
    that needs two inputs to ``v0 = a + b``), then towards fewer statements,
    operations earlier in the list ``+ - * / ** neg`` and the functions,
    variables before constants, new variables before re-assignment, and inputs
    towards 0 where the operation allows it.
    """
    if isinstance(inputs, str) or not isinstance(inputs, Sequence) or not inputs:
        raise InvalidArgument(
            f"inputs={inputs!r} must be a non-empty sequence of names"
        )
    for name in inputs:
        if (
            not isinstance(name, str)
            or not name.isidentifier()
            or keyword.iskeyword(name)
            or name in FUNCTIONS
        ):
            raise InvalidArgument(f"input name {name!r} is not a usable identifier")
        if name.startswith("v") and name[1:].isdigit():
            raise InvalidArgument(f"input name {name!r} is reserved for variables")
    if len(set(inputs)) != len(inputs):
        raise InvalidArgument(f"inputs={inputs!r} has a repeated name")
    _check_int("min_statements", min_statements, 1)
    _check_int("max_statements", max_statements, 1)
    if min_statements > max_statements:
        raise InvalidArgument(
            f"min_statements={min_statements} > max_statements={max_statements}"
        )
    _check_flag("exact", exact)
    if functions is None:
        functions = EXACT_FUNCTIONS if exact else FUNCTIONS
    if isinstance(functions, str) or not set(functions) <= set(FUNCTIONS):
        raise InvalidArgument(f"functions={functions!r} must be names from {FUNCTIONS}")
    if exact and not set(functions) <= set(EXACT_FUNCTIONS):
        raise InvalidArgument(
            f"functions={functions!r}: exact programs can only use {EXACT_FUNCTIONS}"
        )
    operations = ["+", "-", "*", "/", "**", "neg", *functions]
    return _programs(tuple(inputs), min_statements, max_statements, operations, exact)


@st.composite
def _programs(draw, inputs, min_statements, max_statements, operations, exact):
    if exact:
        values = st.builds(Fraction, st.integers(-12, 12), st.integers(1, 4))
    else:
        values = st.integers(-16, 16).map(lambda k: k / 8)
    drawn = {name: draw(values) for name in inputs}
    env = {name: (drawn[name], True) for name in inputs}  # name -> (value, input?)
    used: set[str] = set()
    lines = []
    target = None
    for i in range(draw(st.integers(min_statements, max_statements))):
        symbol, x, y, value = draw(_operation(env, operations, exact, depth=1))
        names = x.names | (y.names if y else frozenset())
        used.update(name for name in names if env[name][1])
        target = f"v{i}"
        if draw(st.integers(0, 3)) == 3:  # now and then, re-assign a variable
            target = draw(st.sampled_from(sorted(names)))
        text = _expression_text(symbol, x, y)
        if y is not None and x.term.text == target and draw(st.booleans()):
            lines.append(f"{target} {symbol}= {y.term.text}")
        else:
            lines.append(f"{target} = {text.text}")
        env[target] = (value, False)
    return Program("\n".join(lines), {n: drawn[n] for n in inputs if n in used}, target)


class _Operand(NamedTuple):
    term: _Term
    value: Any
    names: frozenset  # the variables it reads


@st.composite
def _operand(draw, env, operations, exact, depth, constant=True):
    kinds = ["variable", "constant"] if constant else ["variable"]
    if depth > 0:
        kinds.append("operation")
    kind = draw(st.sampled_from(kinds))
    if kind == "variable":
        name = draw(st.sampled_from(sorted(env)))
        return _Operand(_Term(name, 5), env[name][0], frozenset([name]))
    if kind == "constant":
        # No fractions: in a traced function, Python itself would compute 1 / 2.
        value = draw(st.sampled_from([1, 2, 3] if exact else [1, 2, 3, 0.5]))
        return _Operand(_number(value), value, frozenset())
    symbol, x, y, value = draw(_operation(env, operations, exact, depth - 1))
    names = x.names | (y.names if y else frozenset())
    return _Operand(_expression_text(symbol, x, y), value, names)


@st.composite
def _operation(draw, env, operations, exact, depth):
    """``(name, x, y, value)``: an operation on operands, valid at the point."""
    name = draw(st.sampled_from(operations))
    x = draw(_operand(env, operations, exact, depth, constant=False))
    y = None
    if name == "**":
        exponents = [2, 3, -1] if exact else [2, 3, -1, 0.5]
        constants = st.sampled_from(exponents).map(
            lambda e: _Operand(_number(e), e, frozenset())
        )
        variables = _operand(env, operations, exact, depth, constant=False)
        y = draw(constants if exact else st.one_of(constants, variables))
    elif OPERATIONS[name].arity == 2:
        y = draw(_operand(env, operations, exact, depth))
        if not y.names and draw(st.booleans()):
            x, y = y, x  # a constant on the left: 2 * x, 1 / x
    value = _valid_value(name, x, y)
    if value is None:  # not safely defined here: add the operands instead
        name = "+"
        y = y or _Operand(_number(1), 1, frozenset())
        value = x.value + y.value
    return name, x, y, value


def _valid_value(name, x, y):
    values = [x.value] if y is None else [x.value, y.value]
    if not _away_from_edges(name, values):
        return None
    operation = OPERATIONS[name]
    wanted = [slot for slot, o in enumerate([x, y][: operation.arity]) if o.names]
    try:
        value, partials = _evaluate(operation, values, wanted, lambda: ("", ["", ""]))
    except _Undefined:
        return None
    if any(abs(v) > _BOUND for v in [value, *partials.values()]):
        return None
    return value


def _away_from_edges(name, values):
    x = values[0]
    if name == "/":
        return abs(values[1]) >= _MARGIN
    if name == "**":
        y = values[1]
        if isinstance(y, int) or (isinstance(y, float) and y.is_integer() and y > 0):
            return y > 0 or abs(x) >= _MARGIN
        return x >= _MARGIN and abs(y) <= 4
    if name in ("log", "sqrt"):
        return x >= _MARGIN
    if name in ("relu", "abs"):
        return abs(x) >= _MARGIN
    if name == "tan":
        return abs(math.cos(x)) >= _MARGIN
    if name == "exp":
        return x <= 4
    return True


def _expression_text(name, x, y):
    operation = OPERATIONS[name]
    if operation.symbol is not None:
        return _binary(x.term, operation.symbol, y.term)
    if name == "neg":
        return _negative(x.term)
    return _call(name, x.term)
