"""eliminate and elimination_cost: every order gives the Jacobian of the other
engines, and the counts follow the documented convention."""

import copy
import itertools
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from oracles import edge_paths
from pathsum.elimination import ORDERS
from pathsum.strategies import dags

MATRIX = ps.Semiring(
    "2x2 matrices",
    zero=np.zeros((2, 2), int),
    one=np.eye(2, dtype=int),
    add=np.add,
    mul=np.matmul,
    commutative=False,
)
fractions = st.fractions(-5, 5, max_denominator=4)
matrices = st.lists(st.integers(-3, 3), min_size=4, max_size=4).map(
    lambda entries: np.array(entries).reshape(2, 2)
)


@st.composite
def problems(draw, weights=fractions, multigraph=True):
    """(G, inputs, outputs, orders): inputs and outputs may overlap, repeat, have
    predecessors (inputs) or successors (outputs); the orders are the named ones
    and a drawn permutation of every node that is neither input nor output."""
    G = draw(dags(max_nodes=8, weights=weights, multigraph=multigraph))
    nodes = sorted(G)
    inputs = draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3))
    outputs = draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3))
    others = [n for n in nodes if n not in inputs and n not in outputs]
    permutation = draw(st.permutations(others))
    return G, inputs, outputs, [*ORDERS, permutation]


def snapshot(G):
    return copy.deepcopy((list(G.nodes(data=True)), list(G.edges(data=True))))


@given(problems())
def test_every_order_gives_the_jacobian_of_both_passes_and_of_enumeration(problem):
    G, inputs, outputs, orders = problem
    before = snapshot(G)
    expected = ps.jacobian(G, inputs, outputs, mode="forward", engine="python")
    enumerated = ps.jacobian(G, inputs, outputs, mode="paths")
    assert np.array_equal(expected, enumerated)
    for order in orders:
        result = ps.eliminate(G, inputs, outputs, order=order)
        assert result.jacobian.shape == expected.shape
        assert result.jacobian.tolist() == expected.tolist()
        assert result.jacobian.dtype == expected.dtype
        assert ps.elimination_cost(G, inputs, outputs, order=order) == (
            result.multiplications,
            result.additions,
        )
    assert snapshot(G) == before


def label_edges(G):
    """Each edge labelled by itself, so a FREE path sum spells its paths."""
    H = G.copy()
    for u, v, key in H.edges(keys=True):
        H.edges[u, v, key]["weight"] = (u, v, key)
    return H


@given(problems(weights=None))
def test_free_semiring_every_order_spells_every_path_in_path_order(problem):
    G, inputs, outputs, orders = problem
    G = label_edges(G)
    for order in orders:
        J = ps.eliminate(G, inputs, outputs, order=order, semiring=ps.FREE).jacobian
        for (i, y), (j, x) in itertools.product(enumerate(outputs), enumerate(inputs)):
            spelled = ps.WordSum(
                {path: 1 for path in edge_paths(G, x, y)} if x != y else {(): 1}
            )
            assert J[i, j] == spelled


@given(problems(weights=matrices))
def test_matrix_semiring_every_order_agrees_with_enumeration(problem):
    G, inputs, outputs, orders = problem
    for order in orders:
        J = ps.eliminate(G, inputs, outputs, order=order, semiring=MATRIX).jacobian
        assert J.dtype == object
        for (i, y), (j, x) in itertools.product(enumerate(outputs), enumerate(inputs)):
            expected = ps.path_sum(G, x, y, method="paths", semiring=MATRIX)
            assert np.array_equal(J[i, j], expected)


@given(dags(min_nodes=2, max_nodes=9, weights=st.integers(-3, 3)))
def test_forward_and_reverse_orders_cost_what_the_passes_cost(G):
    # Sources as inputs and sinks as outputs: every node lies on an
    # input -> output path, inputs have no predecessors, outputs no successors.
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    inputs = [n for n in G if G.in_degree(n) == 0]
    outputs = [n for n in G if G.out_degree(n) == 0]
    counter = ps.OperationCounter(ps.REAL)
    for x in inputs:
        ps.forward_path_sums(G, x, semiring=counter.semiring)
    forward = ps.eliminate(G, inputs, outputs, order="forward")
    input_edges = sum(G.out_degree(x) for x in inputs)
    assert forward.additions == counter.additions
    assert forward.multiplications == counter.multiplications - input_edges
    counter.reset()
    for y in outputs:
        ps.reverse_path_sums(G, y, semiring=counter.semiring)
    reverse = ps.eliminate(G, inputs, outputs, order="reverse")
    output_edges = sum(G.in_degree(y) for y in outputs)
    assert reverse.additions == counter.additions
    assert reverse.multiplications == counter.multiplications - output_edges


@given(problems())
def test_steps_add_up_and_fill_is_what_was_not_there(problem):
    G, inputs, outputs, orders = problem
    for order in orders:
        result = ps.eliminate(G, inputs, outputs, order=order)
        assert [step.node for step in result.steps if not step.kept] == result.order
        assert sum(s.multiplications for s in result.steps) == result.multiplications
        assert sum(s.additions for s in result.steps) == result.additions
        for step in result.steps:
            assert step.additions == step.multiplications - len(step.fill)
        kept = {step.node for step in result.steps if step.kept}
        assert kept <= {*inputs, *outputs}
        assert not kept & set(result.order)


def greedy_reference(G, inputs, outputs, order):
    """Markowitz or min-fill by their definition: at every step each remaining
    intermediate node's key is counted afresh on a networkx graph, and the least
    (key, topological index) goes. The index is forward mode's order, the
    topological order the documented tie rule names. Returns the order and the
    multiplications and additions of its steps."""
    down = set(inputs).union(*(nx.descendants(G, x) for x in inputs))
    up = set(outputs).union(*(nx.ancestors(G, y) for y in outputs))
    H = nx.DiGraph(G.subgraph(down & up))
    forward = ps.eliminate(G, inputs, outputs, order="forward", weight=None)
    index = {v: i for i, v in enumerate(forward.order)}
    remaining = list(forward.order)

    def key(v):
        before, after = list(H.predecessors(v)), list(H.successors(v))
        products = len(before) * len(after)
        if order == "markowitz":
            return (products, index[v])
        present = sum(H.has_edge(u, w) for u in before for w in after)
        return (products - present, products, index[v])

    eliminated, multiplications, additions = [], 0, 0
    while remaining:
        v = min(remaining, key=key)
        for u in list(H.predecessors(v)):
            for w in list(H.successors(v)):
                multiplications += 1
                if H.has_edge(u, w):
                    additions += 1
                else:
                    H.add_edge(u, w)
        H.remove_node(v)
        remaining.remove(v)
        eliminated.append(v)
    return eliminated, multiplications, additions


@given(
    dags(min_nodes=3, max_nodes=16, multigraph=True),
    st.data(),
)
def test_markowitz_and_min_fill_pick_the_nodes_their_definitions_pick(G, data):
    nodes = sorted(G)
    inputs = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=4))
    outputs = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=4))
    for order in ("markowitz", "min-fill"):
        expected, multiplications, additions = greedy_reference(
            G, inputs, outputs, order
        )
        result = ps.eliminate(G, inputs, outputs, order=order, weight=None)
        assert result.order == expected
        eliminated = [step for step in result.steps if not step.kept]
        assert sum(step.multiplications for step in eliminated) == multiplications
        assert sum(step.additions for step in eliminated) == additions
        assert ps.elimination_cost(G, inputs, outputs, order=order) == (
            result.multiplications,
            result.additions,
        )


def colah():
    return ps.examples.colah()


def test_seed_graph_forward_reverse_and_markowitz():
    G = colah()
    forward = ps.eliminate(G, ["a", "b"], ["e"], order="forward")
    reverse = ps.eliminate(G, ["a", "b"], ["e"], order="reverse")
    assert forward.order == ["c", "d"]
    assert reverse.order == ["d", "c"]
    assert (forward.multiplications, forward.additions) == (3, 1)
    assert (reverse.multiplications, reverse.additions) == (3, 1)
    assert forward.jacobian.tolist() == reverse.jacobian.tolist() == [[2, 5]]
    assert forward.jacobian.dtype == ps.jacobian(G, ["a", "b"], ["e"]).dtype
    assert reverse.steps[0] == (
        "d",
        1,
        0,
        (("b", "e"),),
        False,
    )
    assert sorted(forward.graph.edges(data="weight")) == [
        ("a", "e", 2),
        ("b", "e", 5),
    ]


def cross_country(k=6):
    """Three inputs and three outputs joined through a chain of `k` nodes: the
    inside of the chain is cheap to eliminate first, its ends are not."""
    G = nx.DiGraph()
    chain = [f"v{i}" for i in range(1, k + 1)]
    for x in ("x1", "x2", "x3"):
        G.add_edge(x, chain[0], weight=2)
    nx.add_path(G, chain, weight=3)
    for y in ("y1", "y2", "y3"):
        G.add_edge(chain[-1], y, weight=5)
    return G


def test_markowitz_beats_both_modes_on_a_chain_between_fans():
    G = cross_country()
    inputs, outputs = ["x1", "x2", "x3"], ["y1", "y2", "y3"]
    costs = {o: ps.elimination_cost(G, inputs, outputs, order=o) for o in ORDERS}
    # Either mode carries three columns (rows) down the chain, 3 per node, and
    # pays 3 x 3 at its far end; Markowitz shortens the chain at 1 per node.
    assert costs["forward"] == costs["reverse"] == (3 * 5 + 9, 0)
    assert costs["markowitz"] == costs["min-fill"] == (4 + 3 + 9, 0)
    J = ps.eliminate(G, inputs, outputs).jacobian
    assert J.tolist() == [[2 * 3**5 * 5] * 3] * 3


def test_an_output_that_feeds_others_and_an_input_that_is_an_output():
    # y1 is an output and also feeds y2; x is an input and an output.
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("x", "h", 2), ("h", "y1", 3), ("y1", "k", 5), ("k", "y2", 7), ("x", "y2", 1)]
    )
    inputs, outputs = ["x"], ["y1", "y2", "x"]
    for order in ORDERS:
        result = ps.eliminate(G, inputs, outputs, order=order)
        assert result.jacobian.tolist() == [[6], [2 * 3 * 5 * 7 + 1], [1]]
        assert result.order in (["h", "k"], ["k", "h"])
        kept = [step for step in result.steps if step.kept]
        assert [step.node for step in kept] == ["y1"]
        assert kept[0].multiplications == 1
        assert sorted(result.graph.edges(data="weight")) == [
            ("x", "y1", 6),
            ("x", "y2", 211),
        ]


def test_an_input_with_predecessors_passes_paths_through():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("x1", "x2", 2), ("x2", "h", 3), ("h", "y", 5)])
    result = ps.eliminate(G, ["x1", "x2"], ["y"])
    assert result.jacobian.tolist() == [[30, 15]]
    assert result.order == ["h"]


def test_parallel_edges_are_added_once_read_and_multiplied_as_arcs():
    G = nx.MultiDiGraph()
    G.add_edges_from([("x", "h", {"weight": 2})] * 3 + [("h", "y", {"weight": 5})] * 2)
    result = ps.eliminate(G, ["x"], ["y"])
    assert result.jacobian.tolist() == [[60]]
    assert (result.multiplications, result.additions) == (1, 0)
    assert ps.jacobian(G, ["x"], ["y"]).tolist() == [[60]]


def test_nodes_on_no_input_output_path_are_dropped_and_cost_nothing():
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("x", "h", 2), ("h", "y", 3), ("h", "dead", 1), ("before", "h", 1)]
    )
    result = ps.eliminate(G, ["x"], ["y"], order=["dead", "h"])
    assert result.order == ["h"]
    assert (result.multiplications, result.additions) == (1, 0)
    assert result.jacobian.tolist() == [[6]]
    # The unneeded nodes may be left out of an explicit order.
    assert ps.eliminate(G, ["x"], ["y"], order=["h"]).order == ["h"]


def test_unreached_outputs_and_useless_inputs_give_zero_rows_and_columns():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("x", "y", Fraction(1, 3)), ("z", "w", 1)])
    G.add_node("lone")
    J = ps.eliminate(G, ["x", "lone"], ["y", "w"]).jacobian
    assert J.tolist() == [[Fraction(1, 3), 0], [0, 0]]
    assert J.dtype == object


def test_no_inputs_or_no_outputs_give_an_empty_array_as_jacobian_does():
    G = colah()
    assert ps.eliminate(G, [], ["e"]).jacobian.shape == (1, 0)
    assert ps.eliminate(G, ["a"], []).jacobian.shape == (0, 1)


@pytest.mark.parametrize(
    ("order", "error", "message"),
    [
        (["c"], ValueError, "leaves out 1 intermediate node: 'd'"),
        ([], ValueError, "leaves out 2 intermediate nodes: 'c', 'd'"),
        (["c", "d", "c"], ValueError, "lists 'c' more than once"),
        (["c", "d", "a"], ValueError, "lists 'a', an input"),
        (["c", "d", "e"], ValueError, "lists 'e', an output"),
        (["c", "d", "q"], nx.NodeNotFound, "order node 'q' is not in the graph"),
        ("backward", ValueError, "order='backward' is not one of 'forward'"),
        (7, TypeError, "order must be one of"),
    ],
)
def test_a_bad_order_says_what_is_wrong(order, error, message):
    with pytest.raises(error, match=message):
        ps.eliminate(colah(), ["a", "b"], ["e"], order=order)
    with pytest.raises(error, match=message):
        ps.elimination_cost(colah(), ["a", "b"], ["e"], order=order)


def test_bad_inputs_outputs_and_graphs_are_refused():
    G = colah()
    with pytest.raises(TypeError, match="inputs must be a list"):
        ps.eliminate(G, "a", ["e"])
    with pytest.raises(nx.NodeNotFound, match="output node 'z'"):
        ps.eliminate(G, ["a"], ["z"])
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.eliminate(nx.Graph([("a", "e")]), ["a"], ["e"])
    cyclic = nx.DiGraph([("a", "h"), ("h", "k"), ("k", "h"), ("k", "e")])
    with pytest.raises(ps.NotADAGError, match="cycle"):
        ps.eliminate(cyclic, ["a"], ["e"], weight=None)
    with pytest.raises(ps.NotADAGError):
        ps.elimination_cost(cyclic, ["a"], ["e"])


def test_a_missing_weight_is_an_error_unless_a_default_is_named():
    G = nx.DiGraph([("x", "h"), ("h", "y")])
    with pytest.raises(ps.WeightError, match="no 'weight' attribute") as info:
        ps.eliminate(G, ["x"], ["y"])
    assert info.value.attribute == "weight"
    assert ps.eliminate(G, ["x"], ["y"], default_weight=4).jacobian.tolist() == [[16]]
    assert ps.eliminate(G, ["x"], ["y"], weight=None).jacobian.tolist() == [[1]]


def test_a_hidden_edge_is_no_path():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("x", "h", 2), ("h", "y", 3), ("x", "y", 5)])

    def weight(u, v, data):
        return None if (u, v) == ("x", "h") else data["weight"]

    result = ps.eliminate(G, ["x"], ["y"], weight=weight)
    assert result.jacobian.tolist() == [[5]]
    assert result.order == []


def test_failing_operations_name_the_path():
    G = nx.DiGraph([("x", "h"), ("h", "y")])
    G.edges["x", "h"]["weight"] = ps.WordSum.letter("p")
    G.edges["h", "y"]["weight"] = 3
    broken = ps.Semiring("broken", 0, 1, lambda a, b: a + b, lambda a, b: a * b)
    with pytest.raises(ps.WeightError, match="'x' -> 'h' -> 'y'"):
        ps.eliminate(G, ["x"], ["y"], semiring=broken)


def ladder(layers):
    """Layers of two nodes, each joined to both of the next: 4 edges a layer."""
    G = nx.DiGraph()
    for layer in range(layers - 1):
        for i, j in itertools.product(range(2), repeat=2):
            G.add_edge((layer, i), (layer + 1, j), weight=0.5)
    return G


def test_a_graph_of_a_hundred_thousand_edges_is_eliminated_in_any_order():
    layers = 25_001
    G = ladder(layers)
    assert G.size() == 100_000
    inputs = [(0, 0), (0, 1)]
    outputs = [(layers - 1, 0), (layers - 1, 1)]
    result = ps.eliminate(G, inputs, outputs, order="markowitz")
    # Each layer's first node makes four new edges, its second adds into them.
    assert (result.multiplications, result.additions) == (
        8 * (layers - 2),
        4 * (layers - 2),
    )
    assert result.jacobian.tolist() == [[0.5, 0.5], [0.5, 0.5]]
    for order in ("forward", "reverse", "min-fill"):
        assert ps.elimination_cost(G, inputs, outputs, order=order) == (
            8 * (layers - 2),
            4 * (layers - 2),
        )


def test_jacobian_mode_markowitz_is_elimination():
    G = ps.program_graph("c = a * b\nd = sin(c)\ne = c + d", a=2.0, b=0.5)
    J = ps.jacobian(G, ["a", "b"], ["e", "d"], mode="markowitz")
    expected = ps.jacobian(G, ["a", "b"], ["e", "d"], mode="forward")
    assert np.allclose(J, expected)
    assert J.tolist() == ps.eliminate(G, ["a", "b"], ["e", "d"]).jacobian.tolist()


def test_elimination_panels_show_each_step_and_the_jacobian():
    G = ps.program_graph("c = a * b\nd = sin(c)\ne = c + d\nf = e * a", a=2, b=1)
    result = ps.eliminate(G, ["a", "b"], ["f", "e"])
    figure = ps.elimination_panels(G, ["a", "b"], ["f", "e"])
    panels = figure.dot.get_subgraphs()
    assert len(panels) == len(result.steps) + 1
    assert [step.node for step in result.steps] == ["d", "c", "e"]
    for number, (panel, step) in enumerate(
        zip(panels[:-1], result.steps, strict=True), start=1
    ):
        verb = "pass through" if step.kept else "eliminate"
        assert panel.get("label").startswith(f'"step {number}: {verb} {step.node}\\n')
        red = [n.get("label") for n in panel.get_nodes() if n.get("color")]
        assert len(red) == 1
        assert red[0].startswith(f'"{step.node} = ')
        dashed = [e for e in panel.get_edges() if e.get("style") == "dashed"]
        assert len(dashed) == len(step.fill)
    last = panels[-1]
    assert len(last.get_edges()) == result.graph.size() == 4
    assert last.get("label").startswith('"Jacobian: ')


def test_the_summary_says_one_addition_and_a_notebook_shows_a_table():
    # b -> c twice in, one ⊕ into an existing edge when b goes.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2), ("b", "c", 3), ("a", "c", 5)])
    result = ps.eliminate(G, ["a"], ["c"])
    assert (result.multiplications, result.additions) == (1, 1)
    assert repr(result) == (
        "<Elimination: 1 node eliminated, 1 multiplication, 1 addition>"
    )
    page = result._repr_html_()
    assert "<table>" in page
    assert "<td>b</td><td>1</td><td>1</td><td>0</td>" in page
    assert "a 1 × 1 Jacobian" in page


@pytest.mark.parametrize("order", ["markowitz", "forward", "reverse"])
def test_exact_ints_past_float_precision_stay_exact_beside_floats(order):
    G = nx.DiGraph()
    G.add_edge("x", "y1", weight=2**53 + 1)
    G.add_edge("x", "y2", weight=0.5)
    G.add_edge("x", "y3", weight=2**63 + 1)
    J = ps.eliminate(G, ["x"], ["y1", "y2", "y3"], order=order).jacobian
    assert J.tolist() == [[2**53 + 1], [0.5], [2**63 + 1]]
    assert ps.jacobian(G, ["x"], ["y1", "y2", "y3"], mode="markowitz").tolist() == (
        J.tolist()
    )


def test_a_boolean_jacobian_is_an_array_of_truth_values():
    G = nx.DiGraph([("x", "m", {"weight": True}), ("m", "y", {"weight": True})])
    J = ps.eliminate(G, ["x"], ["y"], semiring=ps.BOOLEAN).jacobian
    assert J.dtype == bool
    assert J.tolist() == [[True]]
