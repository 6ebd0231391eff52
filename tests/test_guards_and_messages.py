"""The edges of the guards and messages: where an enumeration limit starts to
refuse, where a message starts to shorten, which edge an error names."""

import operator
import re

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum._graph import cycle_error, short_repr
from pathsum.examples import diamond_chain


@pytest.mark.parametrize("length", [1, 59, 60, 61, 200])
def test_a_repr_is_cut_to_sixty_characters_with_an_ellipsis(length):
    text = "x" * (length - 2)  # its repr adds two quotes
    shown = short_repr(text)
    if length <= 60:
        assert shown == repr(text)
    else:
        assert shown == repr(text)[:59] + "…"
        assert len(shown) == 60


@pytest.mark.parametrize("nodes", [2, 10, 11, 12, 40])
def test_a_cycle_of_eleven_nodes_is_shown_whole_and_a_longer_one_in_excerpt(nodes):
    cycle_nodes = [*range(nodes - 1), 0]
    error = cycle_error(cycle_nodes)
    message = str(error)
    assert error.cycle == [
        (cycle_nodes[i], cycle_nodes[i + 1]) for i in range(nodes - 1)
    ]
    assert f"a cycle of {nodes - 1:,} edges" in message
    if nodes <= 11:
        assert message.endswith(" -> ".join(map(repr, cycle_nodes)))
        assert "more nodes" not in message
    else:
        head = " -> ".join(map(repr, cycle_nodes[:5]))
        tail = " -> ".join(map(repr, cycle_nodes[-5:]))
        assert message.endswith(f"{head} -> … ({nodes - 10:,} more nodes) … -> {tail}")


def directed(G):
    """A weight function that refuses to be asked about an edge backwards."""

    def weight(u, v, data):
        assert G.has_edge(u, v), f"asked about ({u!r}, {v!r}), not an edge"
        return 1

    return weight


@pytest.mark.parametrize("function", [ps.forward_path_sums, ps.reverse_path_sums])
def test_a_cycle_met_through_a_weight_function_is_shown_edge_by_edge(function):
    G = nx.DiGraph([("s", "x"), ("x", "y"), ("y", "z"), ("z", "x"), ("z", "t")])
    with pytest.raises(ps.NotADAGError) as info:
        function(
            G, "s" if function is ps.forward_path_sums else "t", weight=directed(G)
        )
    assert sorted(info.value.cycle) == [("x", "y"), ("y", "z"), ("z", "x")]
    shown = [
        "'x' -> 'y' -> 'z' -> 'x'",
        "'y' -> 'z' -> 'x' -> 'y'",
        "'z' -> 'x' -> 'y' -> 'z'",
    ]
    assert any(str(info.value).endswith(cycle) for cycle in shown)


@given(st.integers(1, 6), st.integers(0, 4))
def test_the_enumeration_limit_refuses_exactly_past_max_paths(k, extra):
    G = diamond_chain(k)
    paths = 2**k
    for limit in (paths - 1, paths, paths + extra):
        if limit < paths:
            with pytest.raises(ps.TooManyPathsError) as info:
                ps.all_paths(G, 0, k, max_paths=limit)
            assert (info.value.count, info.value.limit) == (paths, limit)
            assert f"there are {paths} paths" in str(info.value)
            assert "about" not in str(info.value)
        else:
            assert len(list(ps.all_paths(G, 0, k, max_paths=limit))) == paths


def test_the_empty_path_and_no_path_are_counted_for_the_limit():
    G = nx.DiGraph([("a", "b")])
    G.add_node("c")
    with pytest.raises(ps.TooManyPathsError) as info:
        ps.all_paths(G, "a", "a", max_paths=0)
    assert info.value.count == 1
    assert list(ps.all_paths(G, "a", "c", max_paths=0)) == []
    assert list(ps.all_paths(G, "b", "a", max_paths=0)) == []
    assert ps.path_sum(G, "a", "c", method="paths", max_paths=0, weight=None) == 0


def test_a_count_from_ten_to_the_fifteen_is_also_given_roughly():
    # 15 hops of 10 parallel edges: exactly 10**15 paths.
    G = nx.MultiDiGraph()
    for hop in range(15):
        G.add_edges_from([(hop, hop + 1)] * 10)
    with pytest.raises(ps.TooManyPathsError, match=r"10{15} \(about 1e\+15\)"):
        ps.all_paths(G, 0, 15, max_paths=10)
    G.remove_edge(0, 1)  # 9 * 10**14 paths
    with pytest.raises(ps.TooManyPathsError) as info:
        ps.all_paths(G, 0, 15, max_paths=10)
    assert info.value.count == 9 * 10**14
    assert "about" not in str(info.value)


def failing_add(a, b):
    raise ValueError("no sums here")


NO_SUMS = ps.Semiring("no-sums", 0, 1, failing_add, operator.mul)


def test_a_failed_sum_of_enumerated_paths_names_the_last_edge_of_a_path():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 2), ("a", "t", 3)])
    G.add_weighted_edges_from([("s", "b", 5), ("b", "c", 7), ("c", "t", 1)])
    with pytest.raises(ps.WeightError, match="no sums here") as info:
        ps.path_sum(G, "s", "t", method="paths", semiring=NO_SUMS)
    # The sum fails at the second path: it names that path's last edge.
    assert info.value.edge in {("a", "t"), ("c", "t")}
    # One path: nothing to add, so nothing fails.
    assert ps.path_sum(G, "s", "a", method="paths", semiring=NO_SUMS) == 2


def failing_mul(a, b):
    raise ArithmeticError("no products here")


NO_PRODUCTS = ps.Semiring("no-products", 0, 1, operator.add, failing_mul)


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_a_failed_product_names_its_edge(method):
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 2), ("a", "t", 3)])
    with pytest.raises(ps.WeightError, match="no products here") as info:
        ps.path_sum(G, "s", "t", method=method, semiring=NO_PRODUCTS)
    # The first product: w(s, a) ⊗ w(a, t) along the path, x[s] ⊗ w(s, a)
    # forward, w(a, t) ⊗ y[t] in reverse.
    assert info.value.edge == (("s", "a") if method == "forward" else ("a", "t"))
    assert "the no-products operations failed at edge" in str(info.value)


def test_a_semiring_without_a_lift_takes_seed_mappings_as_they_are():
    PLAIN = ps.Semiring("plain", 0, 1, operator.add, operator.mul)
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2), ("b", "c", 3)])
    assert ps.forward_path_sums(G, {"a": 5}, semiring=PLAIN) == {
        "a": 5,
        "b": 10,
        "c": 30,
    }
    assert ps.reverse_path_sums(G, {"c": "x"}, semiring=PLAIN) == {
        "c": "x",
        "b": "xxx",
        "a": "xxxxxx",
    }


@pytest.mark.parametrize(
    ("graph", "edge", "shape"),
    [
        (nx.DiGraph([("a", "b")]), ("a", "b", 0), "(u, v)"),
        (nx.MultiDiGraph([("a", "b")]), ("a", "b"), "(u, v, key)"),
    ],
)
def test_an_edge_of_the_wrong_shape_is_told_the_shape_it_needs(graph, edge, shape):
    with pytest.raises(ValueError, match=re.escape(f"is not of the form {shape}")):
        ps.path_weight(graph, [edge], weight=None)
