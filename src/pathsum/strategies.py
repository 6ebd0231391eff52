"""Hypothesis strategies for random DAGs, valid by construction.

Not imported by ``import pathsum``; use ``from pathsum import strategies``.
"""

from __future__ import annotations

import keyword
import math
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
) -> SearchStrategy[nx.DiGraph]:
    """Directed acyclic graphs with integer node labels and optional edge weights.

    Parameters
    ----------
    min_nodes, max_nodes : int, default 1 and 8
        Bounds on the number of nodes (0 <= min_nodes <= max_nodes).
    weights : strategy, optional
        Draws each edge's ``"weight"`` attribute (integers, fractions, floats,
        labels, matrices, ...). By default edges carry no attribute, so each
        weighs the semiring's one.
    multigraph : bool, default False
        Draw ``MultiDiGraph`` instances with parallel edges.
    max_parallel : int, default 3
        On multigraphs, the most edges between one ordered pair of nodes.

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
        At call time, for arguments out of range or of the wrong type.

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
    order, and the weights
    strategy's own simplest values: the simplest graph is ``min_nodes`` isolated
    nodes, and the simplest graph with an edge is ``0 -> 1``.
    """
    _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, 0)
    return _dags_and_orders(
        min_nodes, max_nodes, weights, multigraph, max_parallel
    ).map(lambda drawn: drawn[0])


def dags_with_endpoints(
    *,
    min_nodes: int = 1,
    max_nodes: int = 8,
    weights: SearchStrategy[Any] | None = None,
    multigraph: bool = False,
    max_parallel: int = 3,
) -> SearchStrategy[tuple[nx.DiGraph, int, int]]:
    """A DAG from `dags` with a source and a target node: ``(G, source, target)``.

    The target never comes before the source in the graph's hidden topological
    order, so a path is possible (and the source may be the target); whether
    one exists depends on the edges drawn. The endpoints may be nodes without
    edges.

    Parameters
    ----------
    min_nodes, max_nodes, weights, multigraph, max_parallel
        As for `dags`; `min_nodes` must be at least 1.

    Returns
    -------
    strategy of tuple
        ``(G, source, target)``.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        At call time, for arguments out of range or of the wrong type.

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

    Notes
    -----
    Examples shrink as those of `dags` do, and the endpoints towards the first
    node of the topological order: the simplest example is ``(G, 0, 0)`` on a
    one-node graph.
    """
    _check_arguments(min_nodes, max_nodes, weights, multigraph, max_parallel, 1)
    return _dags_and_orders(
        min_nodes, max_nodes, weights, multigraph, max_parallel, endpoints=True
    )


@st.composite
def _dags_and_orders(
    draw, min_nodes, max_nodes, weights, multigraph, max_parallel, endpoints=False
):
    # Each node, in a hidden order, draws how many edges it gets from each node
    # before it, so there is never a cycle.
    n = draw(st.integers(min_nodes, max_nodes))
    multiplicity = st.integers(0, max_parallel) if multigraph else st.integers(0, 1)
    edges = []
    for child in range(1, n):
        counts = draw(st.lists(multiplicity, min_size=child, max_size=child))
        for parent, count in enumerate(counts):
            edges += [(parent, child)] * count
    kept = {node for edge in edges for node in edge}
    if endpoints:
        # The target never comes before the source in the hidden order.
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(i, n - 1))
        kept |= {i, j}
    # Nodes without edges are dropped, and min_nodes made up with isolated nodes
    # at the end, so that no shrink is blocked by an isolated node in the way.
    compact = {node: k for k, node in enumerate(sorted(kept))}
    edges = [(compact[u], compact[v]) for u, v in edges]
    n = max(min_nodes, len(compact))
    data = [{} if weights is None else {"weight": draw(weights)} for _ in edges]
    labels = draw(st.permutations(range(n)))
    G = ReadableMultiDiGraph() if multigraph else ReadableDiGraph()
    G.add_edges_from(
        (labels[u], labels[v], attributes)
        for (u, v), attributes in zip(edges, data, strict=True)
    )
    # Nodes without edges come last, so that the repr is an edge list whenever
    # every node is on an edge.
    G.add_nodes_from(range(n))
    if endpoints:
        return G, labels[compact[i]], labels[compact[j]]
    return G, labels


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
