import math
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from oracles import edge_paths
from pathsum.examples import diamond_chain
from pathsum.strategies import dags_with_endpoints


@given(dags_with_endpoints(multigraph=True))
def test_all_paths_are_networkx_simple_edge_paths(example):
    G, s, t = example
    ours = list(ps.all_paths(G, s, t))
    assert len(ours) == len(set(ours))
    assert sorted(ours, key=repr) == sorted(edge_paths(G, s, t), key=repr)


@given(dags_with_endpoints(multigraph=True))
def test_count_paths_counts_what_networkx_enumerates(example):
    G, s, t = example
    assert ps.count_paths(G, s, t) == len(edge_paths(G, s, t))


@given(dags_with_endpoints(weights=st.integers(-4, 4)))
def test_counting_semiring_is_count_paths(example):
    G, s, t = example
    for method in ("paths", "forward", "reverse"):
        assert ps.path_sum(
            G, s, t, method=method, semiring=ps.COUNTING
        ) == ps.count_paths(G, s, t)


def test_count_paths_is_exact_on_a_chain_of_200_diamonds():
    G = diamond_chain(200)
    assert ps.count_paths(G, 0, 200) == 2**200
    assert ps.path_sum(G, 0, 200, semiring=ps.COUNTING) == 2**200
    with pytest.raises(ps.TooManyPathsError, match=str(2**200)):
        ps.all_paths(G, 0, 200, max_paths=10**6)


def test_all_paths_is_lazy():
    paths = ps.all_paths(diamond_chain(200), 0, 200)
    first = next(paths)
    assert len(first) == 400
    assert next(paths) != first


def test_paths_between_a_node_and_itself():
    G = nx.DiGraph([(0, 1)])
    assert list(ps.all_paths(G, 1, 1)) == [()]
    assert ps.count_paths(G, 0, 0) == 1
    assert ps.path_sum(G, 0, 0, method="paths") == 1
    assert list(ps.all_paths(G, 1, 0)) == []
    assert ps.count_paths(G, 1, 0) == 0


def test_multigraph_paths_carry_keys():
    G = nx.MultiDiGraph()
    G.add_edge("x", "y", key="fast")
    G.add_edge("x", "y", key="slow")
    G.add_edge("y", "z")
    assert sorted(ps.all_paths(G, "x", "z")) == [
        (("x", "y", "fast"), ("y", "z", 0)),
        (("x", "y", "slow"), ("y", "z", 0)),
    ]


def test_path_weight_multiplies_in_path_order():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight="p")
    G.add_edge("b", "c", weight="q")
    assert str(ps.path_weight(G, [("a", "b"), ("b", "c")], semiring=ps.FREE)) == "p·q"
    assert ps.path_weight(G, [], semiring=ps.FREE) == ps.FREE.one


@given(dags_with_endpoints(weights=st.integers(-3, 3), multigraph=True))
def test_path_weight_of_each_enumerated_path_sums_to_the_path_sum(example):
    G, s, t = example
    total = sum(ps.path_weight(G, path) for path in ps.all_paths(G, s, t))
    assert total == ps.path_sum(G, s, t, method="forward")


@pytest.mark.parametrize(
    ("path", "error", "words"),
    [
        ([("a", "b"), ("c", "d")], ValueError, "broken"),
        ([("a", "b", 0)], ValueError, "(u, v)"),
        ([("a", "z")], nx.NetworkXNoPath, "('a', 'z')"),
        ([("a", "b"), ("b", "x")], nx.NetworkXNoPath, "('b', 'x')"),
    ],
)
def test_path_weight_refuses_bad_paths(path, error, words):
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        ps.path_weight(G, path)


def test_path_weight_refuses_hidden_edges():
    G = nx.DiGraph([("a", "b")])
    with pytest.raises(ValueError, match="hidden"):
        ps.path_weight(G, [("a", "b")], weight=lambda u, v, d: None)


def test_max_paths_must_be_a_count():
    with pytest.raises(ValueError, match="max_paths"):
        ps.all_paths(nx.DiGraph([(0, 1)]), 0, 1, max_paths=-1)


@given(dags_with_endpoints(multigraph=True))
def test_max_paths_counts_exactly_what_would_be_enumerated(example):
    G, s, t = example
    count = ps.count_paths(G, s, t)
    assert len(list(ps.all_paths(G, s, t, max_paths=count))) == count
    if count:
        with pytest.raises(ps.TooManyPathsError) as info:
            ps.all_paths(G, s, t, max_paths=count - 1)
        assert info.value.count == count


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (None, r"path must be an iterable of edges \(u, v\), .* not None"),
        (5, "path must be an iterable of edges"),
        ([(["a"], "b")], r"edge \(\['a'\], 'b'\) of the path names no node"),
    ],
)
def test_path_weight_of_what_is_no_path_is_a_type_error(path, message):
    G = nx.DiGraph([("a", "b", {"weight": 2})])
    with pytest.raises(TypeError, match=message):
        ps.path_weight(G, path)


@pytest.mark.parametrize(
    ("semiring", "weights"),
    [
        (ps.REAL, [2**2000, 1.5]),
        (ps.MIN_PLUS, [2**2000, math.inf]),
        (ps.REAL, [Fraction(10**400 + 1, 3), 1.5]),
    ],
)
def test_path_weight_names_the_edge_where_the_operations_fail(semiring, weights):
    G = nx.DiGraph()
    nx.add_path(G, ["s", "a", "t"])
    for (u, v), w in zip(G.edges, weights, strict=True):
        G.edges[u, v]["weight"] = w
    path = (("s", "a"), ("a", "t"))
    with pytest.raises(ps.WeightError, match=r"operations failed at edge \('a', 't'\)"):
        ps.path_weight(G, path, semiring=semiring)
    with pytest.raises(ps.WeightError, match=r"operations failed at edge \('a', 't'\)"):
        ps.path_sum(G, "s", "t", method="paths", semiring=semiring)


def test_an_int_python_will_not_write_is_described_in_messages():
    huge = 10**5000
    G = nx.DiGraph([("a", "b", {"weight": huge})])
    with pytest.raises(nx.NodeNotFound, match="about 5,001 digits> is not in"):
        ps.path_sum(G, huge, "b")
    with pytest.raises(ps.WeightError, match=r"weight <an int of about 5,001 digits>"):
        ps.compile_dag(G)
