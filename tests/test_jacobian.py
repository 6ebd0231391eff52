import importlib
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum.examples import diamond_chain
from pathsum.jacobian import ARRAY_EDGES
from pathsum.strategies import dags

COLAH = "c = a + b\nd = b + 1\ne = c * d"


def test_the_seed_jacobian_exactly():
    G = ps.program_graph(COLAH, a=2, b=1)
    for mode in ("auto", "forward", "reverse", "paths"):
        J = ps.jacobian(G, ["a", "b"], ["e", "c", "d"], mode=mode)
        assert J.tolist() == [[2, 5], [1, 1], [0, 1]]
        assert J.shape == (3, 2)


@st.composite
def graphs_with_ends(draw):
    weights = st.fractions(-3, 3, max_denominator=4)
    G = draw(dags(max_nodes=9, weights=weights, multigraph=draw(st.booleans())))
    nodes = sorted(G)
    inputs = draw(st.lists(st.sampled_from(nodes), max_size=4))
    outputs = draw(st.lists(st.sampled_from(nodes), max_size=4))
    return G, inputs, outputs


@given(graphs_with_ends())
def test_every_mode_gives_the_matrix_of_path_sums(example):
    G, inputs, outputs = example
    expected = [[ps.path_sum(G, x, y, method="paths") for x in inputs] for y in outputs]
    for mode in ("auto", "forward", "reverse", "paths"):
        J = ps.jacobian(G, inputs, outputs, mode=mode, engine="python")
        assert J.shape == (len(outputs), len(inputs))
        assert J.tolist() == expected  # exact: Fractions
    if inputs and outputs:
        for mode in ("forward", "reverse"):
            J = ps.jacobian(G, inputs, outputs, mode=mode, engine="array")
            assert J.dtype == np.float64
            np.testing.assert_allclose(
                J, np.array(expected, float), rtol=1e-12, atol=1e-12
            )


def test_auto_takes_the_pass_that_touches_fewer_edges():
    # Many inputs into one output: backpropagation (one reverse pass) wins.
    G = nx.DiGraph()
    G.add_edges_from((f"x{i}", "h") for i in range(10))
    G.add_edge("h", "y")
    inputs = [f"x{i}" for i in range(10)]
    cost = ps.jacobian_cost(G, inputs, ["y"])
    assert cost["forward"] == {"passes": 10, "edges": 20}
    assert cost["reverse"] == {"passes": 1, "edges": 11}
    assert cost["auto"] == "reverse"
    # One input into many outputs: forward mode wins.
    H = nx.DiGraph()
    H.add_edge("x", "h")
    H.add_edges_from(("h", f"y{i}") for i in range(10))
    outputs = [f"y{i}" for i in range(10)]
    cost = ps.jacobian_cost(H, ["x"], outputs)
    assert (cost["forward"]["edges"], cost["reverse"]["edges"], cost["auto"]) == (
        11,
        20,
        "forward",
    )
    assert cost["paths"] == {"pairs": 10, "paths": 10}
    assert ps.jacobian(H, ["x"], outputs, weight=None).tolist() == [[1]] * 10


def test_large_float_graphs_use_arrays_and_exact_ones_stay_exact():
    rng = np.random.default_rng(0)
    G = nx.gnm_random_graph(2000, 3 * ARRAY_EDGES, seed=0, directed=True)
    G = nx.DiGraph((u, v) for u, v in G.edges if u < v)
    assert G.size() >= ARRAY_EDGES
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.uniform(-0.5, 0.5))
    inputs, outputs = list(range(10)), list(range(1990, 2000))
    auto = ps.jacobian(G, inputs, outputs)
    python = ps.jacobian(G, inputs, outputs, engine="python")
    np.testing.assert_allclose(auto, python, rtol=1e-9, atol=1e-12)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = Fraction(1, 2)
    exact = ps.jacobian(G, inputs[:3], outputs[:3])
    assert exact.dtype == object
    assert all(isinstance(value, Fraction | int) for value in exact.flat)
    assert any(isinstance(value, Fraction) and value != 0 for value in exact.flat)


def test_bad_arguments():
    G = ps.program_graph(COLAH, a=2, b=1)
    with pytest.raises(TypeError, match="inputs must be a list or tuple of nodes"):
        ps.jacobian(G, "ab", ["e"])
    with pytest.raises(nx.NodeNotFound, match="output node 'z'"):
        ps.jacobian(G, ["a"], ["z"])
    with pytest.raises(ValueError, match="mode='sideways'"):
        ps.jacobian(G, ["a"], ["e"], mode="sideways")
    with pytest.raises(ValueError, match="engine='gpu'"):
        ps.jacobian(G, ["a"], ["e"], engine="gpu")
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.jacobian(nx.Graph([(0, 1)]), [0], [1])
    assert ps.jacobian(G, [], ["e"]).shape == (1, 0)


def test_integers_beyond_float_precision_stay_exact():
    big = 2**63 + 1
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "y", big), ("b", "y", -1), ("c", "y", 0.5)])
    for mode in ("auto", "forward", "reverse", "paths"):
        J = ps.jacobian(G, ["a", "b"], ["y"], mode=mode)
        assert J.dtype == object and J.tolist() == [[big, -1]]
        assert J[0, 0] == ps.reverse_path_sums(G, "y")["a"]
        # floats among the weights: still exact, the float entry as it is
        J = ps.jacobian(G, ["a", "c"], ["y"], mode=mode)
        assert J.dtype == object and J.tolist() == [[big, 0.5]]
    J = ps.jacobian(G, ["b", "c"], ["y"])  # everything fits a float exactly
    assert J.dtype == np.float64 and J.tolist() == [[-1.0, 0.5]]
    J = ps.jacobian(G, ["b"], ["y"])
    assert J.dtype == np.int64 and J.tolist() == [[-1]]
    # floats when asked for
    J = ps.jacobian(G, ["a", "b"], ["y"], engine="array")
    assert J.dtype == np.float64 and J.tolist() == [[float(big), -1.0]]


def test_the_array_engine_is_not_chosen_for_ints_among_floats(monkeypatch):
    module = importlib.import_module("pathsum.jacobian")
    monkeypatch.setattr(module, "ARRAY_EDGES", 1)
    monkeypatch.setattr(module, "numba_available", lambda: True)
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "y", 2**60 + 1), ("b", "y", 1.5)])
    J = ps.jacobian(G, ["a", "b"], ["y"])
    assert J.dtype == object and J.tolist() == [[2**60 + 1, 1.5]]
    assert ps.compile_dag(G).weights_kind == "O"
    G.edges["a", "y"]["weight"] = 3
    assert ps.compile_dag(G).weights_kind == "f"
    assert ps.jacobian(G, ["a", "b"], ["y"]).dtype == np.float64


def test_enumeration_is_bounded_over_all_pairs_before_it_starts():
    G = diamond_chain(200)  # 2**200 paths
    with pytest.raises(ps.TooManyPathsError, match="mode='forward'") as info:
        ps.jacobian(G, [0], [200], mode="paths", weight=None)
    assert info.value.count == 2**200 and info.value.limit == 10**6
    G = diamond_chain(10)  # 1024 paths from 0 and 512 from 1 to 10
    with pytest.raises(ps.TooManyPathsError, match="1536 paths over 2") as info:
        ps.jacobian(G, [0, 1], [10], mode="paths", weight=None, max_paths=1535)
    assert info.value.count == 1536 and info.value.limit == 1535
    J = ps.jacobian(G, [0, 1], [10], mode="paths", weight=None, max_paths=1536)
    assert J.tolist() == [[1024, 512]]
    J = ps.jacobian(G, [0, 1], [10], mode="paths", weight=None, max_paths=None)
    assert J.tolist() == [[1024, 512]]
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="max_paths"):
            ps.jacobian(G, [0], [10], max_paths=bad)
