"""best_path: one dynamic program with back-pointers, checked against enumeration
and networkx's own longest and shortest paths."""

import math
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from oracles import edge_paths
from pathsum.strategies import dags, dags_with_endpoints

SELECTIVE = [ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES]


def best_by_enumeration(G, s, t, semiring):
    """The best path weight and every path attaining it, by networkx alone."""
    weighed = [
        (ps.path_weight(G, path, semiring=semiring), path)
        for path in edge_paths(G, s, t)
    ]
    best = semiring.sum(value for value, _ in weighed)
    return best, [path for value, path in weighed if value == best]


@pytest.mark.parametrize("semiring", SELECTIVE)
@given(
    example=dags_with_endpoints(
        max_nodes=7, weights=st.integers(0, 6), multigraph=True, max_parallel=2
    )
)
def test_best_path_is_a_best_enumerated_path_and_weighs_its_value(semiring, example):
    G, s, t = example
    best, attaining = best_by_enumeration(G, s, t, semiring)
    if not attaining:
        with pytest.raises(nx.NetworkXNoPath):
            ps.best_path(G, s, t, semiring=semiring)
        return
    value, path = ps.best_path(G, s, t, semiring=semiring)
    assert value == best
    assert path in attaining
    assert ps.path_weight(G, path, semiring=semiring) == value
    assert value == ps.path_sum(G, s, t, semiring=semiring)


@given(
    example=dags_with_endpoints(
        max_nodes=7, weights=st.fractions(-3, 3, max_denominator=5)
    ),
    semiring=st.sampled_from([ps.MIN_PLUS, ps.MAX_PLUS]),
)
def test_exact_fraction_weights_stay_exact(example, semiring):
    G, s, t = example
    best, attaining = best_by_enumeration(G, s, t, semiring)
    if attaining:
        value, path = ps.best_path(G, s, t, semiring=semiring)
        assert value == best and path in attaining
        assert isinstance(value, (Fraction, int))


@given(
    dags(
        max_nodes=9,
        weights=st.floats(-100, 100, allow_nan=False, allow_infinity=False),
    )
)
def test_max_plus_through_a_super_source_is_networkx_longest_path(G):
    # networkx's longest path may start and end anywhere (and be empty); a
    # super source and sink joined to every node by weight 0 ask the same.
    H = G.copy()
    H.add_edges_from((("S", v) for v in G), weight=0.0)
    H.add_edges_from(((v, "T") for v in G), weight=0.0)
    value, path = ps.best_path(H, "S", "T")
    assert value == pytest.approx(
        nx.dag_longest_path_length(G, weight="weight"), rel=1e-12, abs=1e-9
    )
    assert ps.path_weight(H, path, semiring=ps.MAX_PLUS) == value


@given(dags_with_endpoints(max_nodes=9, weights=st.integers(-20, 20)))
def test_min_plus_is_networkx_bellman_ford(example):
    G, s, t = example
    if not nx.has_path(G, s, t):
        with pytest.raises(nx.NetworkXNoPath):
            ps.best_path(G, s, t, semiring=ps.MIN_PLUS)
        return
    value, path = ps.best_path(G, s, t, semiring=ps.MIN_PLUS)
    assert value == nx.shortest_path_length(
        G, s, t, weight="weight", method="bellman-ford"
    )
    assert ps.path_weight(G, path, semiring=ps.MIN_PLUS) == value


def test_ties_go_to_the_first_best_in_edge_in_graph_order():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "b", 1), ("s", "a", 1), ("a", "t", 1)])
    G.add_weighted_edges_from([("b", "t", 1)])
    # Two paths of weight 2 into t; t's in-edges in G.pred order: a first.
    assert list(G.pred["t"]) == ["a", "b"]
    assert ps.best_path(G, "s", "t") == (2, (("s", "a"), ("a", "t")))
    H = nx.DiGraph()
    H.add_weighted_edges_from([("b", "t", 1), ("s", "b", 1), ("s", "a", 1)])
    H.add_weighted_edges_from([("a", "t", 1)])
    assert ps.best_path(H, "s", "t") == (2, (("s", "b"), ("b", "t")))
    M = nx.MultiDiGraph()
    M.add_edge("x", "y", weight=5)
    M.add_edge("x", "y", weight=5)
    M.add_edge("x", "y", weight=4)
    assert ps.best_path(M, "x", "y") == (5, (("x", "y", 0),))
    assert ps.best_path(M, "x", "y", semiring=ps.MIN_PLUS) == (4, (("x", "y", 2),))


def test_the_empty_path_and_no_path():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=3)
    G.add_node("c")
    assert ps.best_path(G, "a", "a") == (0, ())
    assert ps.best_path(G, "a", "a", semiring=ps.MAX_TIMES) == (1, ())
    with pytest.raises(nx.NetworkXNoPath, match="no path from 'b' to 'a'"):
        ps.best_path(G, "b", "a")
    with pytest.raises(nx.NetworkXNoPath):
        ps.best_path(G, "a", "c")


def test_bad_arguments_are_refused_before_any_work():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=3)
    for semiring in (ps.REAL, ps.COUNTING, ps.LOG, ps.POLYNOMIAL, ps.FREE):
        with pytest.raises(ValueError, match="needs a selective semiring") as info:
            ps.best_path(G, "a", "b", semiring=semiring)
        assert "MIN_PLUS, MAX_PLUS, MAX_TIMES" in str(info.value)
    with pytest.raises(TypeError, match=r"semiring must be a pathsum\.Semiring"):
        ps.best_path(G, "a", "b", semiring="max-plus")
    with pytest.raises(nx.NodeNotFound, match="source node 'z' is not in the graph"):
        ps.best_path(G, "z", "b")
    with pytest.raises(nx.NodeNotFound, match="target node 'z' is not in the graph"):
        ps.best_path(G, "a", "z")
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.best_path(nx.Graph([("a", "b")]), "a", "b")
    C = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    with pytest.raises(ps.NotADAGError):
        ps.best_path(C, "a", "c", weight=None)


def test_a_missing_or_bad_weight_is_an_error_naming_the_edge():
    M = nx.MultiDiGraph()
    M.add_edge("a", "b", duration=2)
    M.add_edge("a", "b")
    with pytest.raises(ps.WeightError, match=r"\('a', 'b', 1\) has no 'duration'"):
        ps.best_path(M, "a", "b", weight="duration")
    assert ps.best_path(M, "a", "b", weight="duration", default_weight=7) == (
        7,
        (("a", "b", 1),),
    )
    M.add_edge("a", "b", duration=math.inf)
    with pytest.raises(ps.WeightError, match=r"edge \('a', 'b', 2\) has weight inf"):
        ps.best_path(M, "a", "b", weight="duration", default_weight=0)


def test_a_callable_can_hide_edges_and_unweighted_paths_count_edges():
    G = nx.DiGraph()
    nx.add_path(G, ["s", "a", "b", "t"], weight=1)
    G.add_edge("s", "t", weight=10)
    assert ps.best_path(G, "s", "t") == (10, (("s", "t"),))

    def hide_shortcut(u, v, data):
        return None if (u, v) == ("s", "t") else data["weight"]

    assert ps.best_path(G, "s", "t", weight=hide_shortcut)[0] == 3
    # Counting edges: weight 1 each in MAX_PLUS by a callable, or weight=None.
    assert ps.best_path(G, "s", "t", weight=lambda u, v, d: 1)[0] == 3
    assert ps.best_path(G, "s", "t", weight=None) == (
        3,
        (("s", "a"), ("a", "b"), ("b", "t")),
    )


def test_the_graph_is_not_changed_and_depth_needs_no_recursion():
    n = 200_000
    G = nx.DiGraph()
    nx.add_path(G, range(n), weight=2)
    before = nx.to_dict_of_dicts(G)
    value, path = ps.best_path(G, 0, n - 1, semiring=ps.MIN_PLUS)
    assert value == 2 * (n - 1) and len(path) == n - 1
    assert nx.to_dict_of_dicts(G) == before


@pytest.mark.parametrize(
    ("weights", "semiring", "hazard"),
    [
        # Sums of ints up to 2**53 fit a float: no hazard; one past it does.
        ([2**53, 0.5], ps.MIN_PLUS, None),
        ([2**52, 2**52, 0.5], ps.MIN_PLUS, None),
        ([2**53, 1, 0.5], ps.MIN_PLUS, "exact numbers (9007199254740992"),
        ([-(2**53), -1, 0.5], ps.MAX_PLUS, "exact numbers (-9007199254740992"),
        ([0.5, 2**53, 1], ps.MIN_PLUS, "whose path sums a float cannot hold"),
        # In MAX_TIMES the products of the ints count, each at least 1.
        ([2**27, 2**26, 0.5], ps.MAX_TIMES, None),
        ([2**27, 2**27, 0.5], ps.MAX_TIMES, "whose path products a float"),
        ([0, 2**27, 2**27, 0.5], ps.MAX_TIMES, "whose path products a float"),
        ([2**27, 2**27, 0.0], ps.MAX_TIMES, None),  # MAX_TIMES's zero rounds nothing
        ([2**27, 2**27, 0.0, 0.5], ps.MAX_TIMES, "products"),
        ([2**60, math.inf], ps.MIN_PLUS, None),  # infinities round nothing
        ([2**60, -math.inf], ps.MAX_PLUS, None),
        ([Fraction(1, 3), 0.5], ps.MIN_PLUS, "exact numbers (Fraction(1, 3)"),
        ([0.5, Fraction(1, 3)], ps.MAX_PLUS, "exact numbers (Fraction(1, 3)"),
        ([Fraction(1, 3), 2], ps.MIN_PLUS, None),  # exact beside exact
        ([2**60, 3], ps.MIN_PLUS, None),
        ([0.5, 0.25], ps.MIN_PLUS, None),
        ([2**60, 0.5], ps.REAL, None),  # only the order semirings rank paths
        ([2**60, 0.5], ps.COUNTING, None),
    ],
)
def test_rounding_hazard_at_its_bounds(weights, semiring, hazard):
    from pathsum.best import rounding_hazard

    found = rounding_hazard(weights, semiring)
    if hazard is None:
        assert found is None
    else:
        assert found is not None and hazard in found, found


def test_rounding_hazard_names_floats_of_two_precisions():
    np = pytest.importorskip("numpy")
    from pathsum.best import rounding_hazard

    found = rounding_hazard([np.float32(0.5), 0.25, 1], ps.MIN_PLUS)
    assert found.startswith("mix floats of different precisions: ")
    assert found.endswith("(float32) and 0.25 (float)")
    # Ints whose sums a float32 cannot hold: 2**24 + 1 with a float32.
    found = rounding_hazard([np.float32(0.5), 2**24, 1], ps.MIN_PLUS)
    assert found is not None and "float32 cannot hold" in found
    assert rounding_hazard([np.float32(0.5), 2**24], ps.MIN_PLUS) is None
    assert rounding_hazard([np.float32(0.5), np.float32(2.0)], ps.MIN_PLUS) is None


def test_best_path_refuses_a_hazard_on_the_path_and_not_one_off_it():
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=2**53)
    G.add_edge("a", "t", weight=1)
    G.add_edge("s", "t", weight=0.5)
    with pytest.raises(ps.WeightError, match="depend on rounding"):
        ps.best_path(G, "s", "t", semiring=ps.MAX_PLUS)
    # The same weights where no path to the target meets them all.
    H = nx.DiGraph()
    H.add_edge("s", "a", weight=2**53)
    H.add_edge("a", "x", weight=1)
    H.add_edge("s", "t", weight=0.5)
    assert ps.best_path(H, "s", "t", semiring=ps.MAX_PLUS) == (0.5, (("s", "t"),))
    M = nx.MultiDiGraph(G)
    with pytest.raises(ps.WeightError, match="depend on rounding"):
        ps.best_path(M, "s", "t", semiring=ps.MAX_PLUS)
    N = nx.MultiDiGraph(H)
    assert ps.best_path(N, "s", "t", semiring=ps.MAX_PLUS) == (0.5, (("s", "t", 0),))


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES])
@pytest.mark.parametrize("multigraph", [False, True])
def test_best_path_keeps_the_first_of_equal_in_edges(semiring, multigraph):
    # Two paths of one weight into t: the first in-edge in G.pred order wins,
    # whichever order the nodes were added in.
    G = nx.MultiDiGraph() if multigraph else nx.DiGraph()
    G.add_edge("s", "b", weight=2)
    G.add_edge("s", "a", weight=2)
    G.add_edge("b", "t", weight=3)
    G.add_edge("a", "t", weight=3)
    value, path = ps.best_path(G, "s", "t", semiring=semiring)
    assert value == (6 if semiring is ps.MAX_TIMES else 5)
    assert [edge[:2] for edge in path] == [("s", "b"), ("b", "t")]


@pytest.mark.parametrize("multigraph", [False, True])
def test_best_path_calls_a_weight_function_with_the_edge_s_ends_in_order(multigraph):
    G = nx.MultiDiGraph() if multigraph else nx.DiGraph()
    G.add_edges_from([("s", "a"), ("a", "t"), ("s", "t")])
    lengths = {("s", "a"): 1, ("a", "t"): 1, ("s", "t"): 5}

    def weight(u, v, data):
        return lengths[u, v]  # a KeyError for ends swapped

    value, path = ps.best_path(G, "s", "t", weight=weight, semiring=ps.MIN_PLUS)
    assert value == 2 and [edge[:2] for edge in path] == [("s", "a"), ("a", "t")]
    # With a rounding hazard the path's weights are read again, by the same rule.
    lengths.update({("s", "a"): 2**53, ("a", "t"): 1, ("s", "t"): 0.5})
    with pytest.raises(ps.WeightError, match="depend on rounding") as info:
        ps.best_path(G, "s", "t", weight=weight, semiring=ps.MAX_PLUS)
    assert info.value.edge is None  # the refusal is about all the weights, no edge
