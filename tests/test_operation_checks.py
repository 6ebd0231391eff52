"""What the operations are called with: weight functions' arguments, the order
of ⊗ through OperationCounter, seeds given as mappings, and the number types
each semiring's lift accepts or refuses."""

import math
import re
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum.strategies import dags, dags_with_endpoints

ORDER_SEMIRINGS = [ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES, ps.LOG]


def labelled(G):
    """`G` with each edge's label, a letter, as its weight (FREE words)."""
    G = G.copy()
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    for i, (*_, data) in enumerate(edges):
        data["label"] = "abcdefghijklmnopqrstuvwxyz"[i % 26]
    return G


@given(dags_with_endpoints(max_nodes=6, multigraph=True))
def test_path_weight_calls_a_weight_function_with_u_v_and_the_edge_data(example):
    G, s, t = example
    G = labelled(G)
    calls = []

    def spelled(u, v, data):
        calls.append((u, v, data))
        return f"{u}>{v}:{data['label']}"

    for path in ps.all_paths(G, s, t):
        calls.clear()
        got = ps.path_weight(G, path, weight=spelled, semiring=ps.FREE)
        expected = ps.FREE.product(
            ps.FREE.lift(f"{u}>{v}:{G.edges[u, v, k]['label']}") for u, v, k in path
        )
        assert got == expected
        assert [(u, v, d) for u, v, d in calls] == [
            (u, v, G.edges[u, v, k]) for u, v, k in path
        ]


def test_path_weight_of_an_edge_a_weight_function_hides_is_an_error():
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    with pytest.raises(ValueError, match=r"edge \('b', 'c'\) of the path is hidden"):
        ps.path_weight(
            G,
            [("a", "b"), ("b", "c")],
            weight=lambda u, v, d: None if u == "b" else 2,
        )
    G.add_edge("c", "d", weight="x")
    with pytest.raises(ps.WeightError) as info:
        ps.path_weight(G, [("b", "c"), ("c", "d")], weight=lambda u, v, d: [u])
    assert info.value.edge == ("b", "c")


@given(dags_with_endpoints(max_nodes=7, multigraph=True))
def test_counted_free_operations_keep_path_order_and_count_each_operation(example):
    G, s, t = example
    G = labelled(G)
    paths = list(ps.all_paths(G, s, t))
    expected = ps.FREE.sum(
        ps.FREE.product(ps.FREE.lift(G.edges[e]["label"]) for e in path)
        for path in paths
    )
    ops = ps.OperationCounter(ps.FREE)
    assert ops.semiring.commutative is False
    assert ops.semiring.zero == ps.FREE.zero and ops.semiring.one == ps.FREE.one
    assert ps.path_sum(
        G, s, t, method="paths", weight="label", semiring=ops.semiring
    ) == (expected)
    # Enumeration: k - 1 products per path of k edges, P - 1 sums of P paths.
    assert ops.multiplications == sum(max(len(p) - 1, 0) for p in paths)
    assert ops.additions == max(len(paths) - 1, 0)
    for method in ("forward", "reverse"):
        ops.reset()
        assert (ops.additions, ops.multiplications) == (0, 0)
        got = ps.path_sum(G, s, t, method=method, weight="label", semiring=ops.semiring)
        assert got == expected
        assert ops.multiplications >= 1 or len(paths) <= 1 or G.number_of_edges() == 0
    assert repr(ops).startswith("OperationCounter('free', additions=")


def test_counted_multiplication_passes_its_arguments_in_order():
    ops = ps.OperationCounter(ps.FREE)
    a, b = ps.FREE.lift("a"), ps.FREE.lift("b")
    assert ops.semiring.mul(a, b) == a * b != b * a
    assert ops.semiring.add(a, b) == a + b
    assert (ops.additions, ops.multiplications) == (1, 1)
    assert ops.semiring.lift is ps.FREE.lift
    assert ops.semiring.product([a, b, a]) == a * b * a
    assert ops.multiplications == 3


MISSING_SEEDS = [{"nowhere": 1}, {"a": 1, "nowhere": 1}, {("a",): 1}]


@pytest.mark.parametrize("seeds", MISSING_SEEDS, ids=repr)
def test_a_seed_mapping_naming_a_missing_node_is_node_not_found(seeds):
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=1.0)
    missing = next(node for node in seeds if node not in G)
    for function, role in (
        (ps.forward_path_sums, "source"),
        (ps.reverse_path_sums, "target"),
    ):
        message = re.escape(f"{role} node {missing!r} is not")
        with pytest.raises(nx.NodeNotFound, match=message):
            function(G, seeds)
    dag = ps.compile_dag(G)
    for run in (dag.forward, dag.reverse):
        with pytest.raises(nx.NodeNotFound, match=re.escape(f"seed node {missing!r}")):
            run(seeds)


class _UnhashableKey(dict):
    """A mapping whose one node, a list, cannot be a key of a dict of nodes."""

    def items(self):
        return iter([(["a"], 1.0)])


def test_an_unhashable_seed_node_is_node_not_found_not_a_type_error():
    G = nx.DiGraph([("a", "b")])
    dag = ps.compile_dag(G, weight=None)
    for run in (dag.forward, dag.reverse):
        with pytest.raises(nx.NodeNotFound, match=r"seed node \['a'\] is not"):
            run(_UnhashableKey())
    with pytest.raises(nx.NodeNotFound, match=r"source node \['a'\] is not"):
        ps.forward_path_sums(G, _UnhashableKey(), weight=None)


@pytest.mark.parametrize("semiring", [*ORDER_SEMIRINGS, ps.REAL], ids=lambda s: s.name)
@pytest.mark.parametrize("raw", [True, False, np.bool_(True)], ids=repr)
def test_truth_values_are_not_numbers(semiring, raw):
    with pytest.raises(TypeError, match="a bool"):
        semiring.lift(raw)
    G = nx.DiGraph([("a", "b")])
    G.edges["a", "b"]["weight"] = raw
    with pytest.raises(ps.WeightError) as info:
        ps.path_sum(G, "a", "b", semiring=semiring)
    assert info.value.edge == ("a", "b")
    with pytest.raises(ps.WeightError):
        ps.compile_dag(G, semiring=semiring)


@pytest.mark.parametrize(
    "raw", [True, False, np.bool_(True), np.bool_(False)], ids=repr
)
def test_boolean_reads_python_and_numpy_truth_values(raw):
    assert ps.BOOLEAN.lift(raw) is bool(raw)
    G = nx.DiGraph([("a", "b")])
    G.edges["a", "b"]["weight"] = raw
    assert ps.path_sum(G, "a", "b", semiring=ps.BOOLEAN) is bool(raw)
    dag = ps.compile_dag(G, semiring=ps.BOOLEAN)
    assert dag.forward("a").tolist() == [True, bool(raw)]


NUMBERS = [3, -2, 2.5, Fraction(1, 3), np.float64(0.75), np.int64(4), np.float32(0.5)]


@pytest.mark.parametrize("semiring", ORDER_SEMIRINGS, ids=lambda s: s.name)
@pytest.mark.parametrize("raw", NUMBERS, ids=repr)
def test_order_semirings_take_every_real_number_type_as_it_is(semiring, raw):
    if semiring is ps.MAX_TIMES and raw < 0:
        with pytest.raises(ValueError, match=">= 0"):
            semiring.lift(raw)
        return
    lifted = semiring.lift(raw)
    if isinstance(raw, np.integer):
        # numpy's ints wrap around; they become Python ints, exact.
        assert lifted == raw
        assert type(lifted) is int
    else:
        assert lifted is raw  # no conversion: Fractions and ints stay exact
    G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")])
    for key in (0, 1):
        G.edges["a", "b", key]["weight"] = raw
    G.edges["b", "c", 0]["weight"] = raw
    value = ps.path_sum(G, "a", "c", semiring=semiring)
    product = semiring.mul(lifted, lifted)
    assert value == semiring.add(product, product)
    if semiring.selective:  # min and max return one of their arguments
        assert type(value) is type(product)


@pytest.mark.parametrize(
    "semiring", [*ORDER_SEMIRINGS, ps.BOOLEAN], ids=lambda s: s.name
)
@pytest.mark.parametrize(
    "raw", [math.nan, np.float64("nan"), np.float32("nan")], ids=repr
)
def test_nan_has_no_order_and_no_truth(semiring, raw):
    with pytest.raises(ValueError, match="NaN"):
        semiring.lift(raw)


@pytest.mark.parametrize("semiring", ORDER_SEMIRINGS, ids=lambda s: s.name)
@pytest.mark.parametrize(
    "raw",
    ["1", b"1", [1], (1,), {1: 1}, {1}, None, 1j, object()],
    ids=lambda raw: type(raw).__name__,
)
def test_order_semirings_refuse_what_is_not_a_real_number(semiring, raw):
    with pytest.raises(TypeError, match="is not a real number"):
        semiring.lift(raw)


@pytest.mark.parametrize(
    "raw", ["1", b"1", bytearray(b"1"), [1], (1,), {1: 1}, {1}, None, object()]
)
def test_real_refuses_strings_containers_and_other_objects(raw):
    with pytest.raises(TypeError, match="is not a number"):
        ps.REAL.lift(raw)


@given(dags(max_nodes=7, weights=st.integers(0, 3), multigraph=True))
def test_numpy_truth_weights_are_truth_values_in_boolean(G):
    as_numpy = G.copy()
    for *_, data in as_numpy.edges(data=True):
        data["weight"] = np.bool_(data["weight"])
    for node in G:
        assert ps.forward_path_sums(
            as_numpy, node, semiring=ps.BOOLEAN
        ) == ps.forward_path_sums(G, node, semiring=ps.BOOLEAN)
