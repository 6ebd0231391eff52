"""k_best_paths: every path exactly once, best first, ties in the documented
order, checked against networkx's enumeration sorted by path_weight."""

import itertools
import math
import operator
import random
from collections import Counter
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from oracles import edge_paths
from pathsum.examples import diamond_chain
from pathsum.strategies import dags_with_endpoints

SELECTIVE = [ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES]
# min and max written out, so the semiring's order is found by comparing ⊕.
SLOW_MIN_PLUS = ps.Semiring(
    "slow min-plus", math.inf, 0, lambda a, b: a if a <= b else b, operator.add,
    selective=True,
)  # fmt: skip
SLOW_MAX_PLUS = ps.Semiring(
    "slow max-plus", -math.inf, 0, lambda a, b: a if a >= b else b, operator.add,
    selective=True,
)  # fmt: skip
TIES = dags_with_endpoints(
    max_nodes=7, weights=st.integers(0, 2), multigraph=True, max_parallel=3
)


SMALL = st.integers(0, 2)
FLOATS = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@st.composite
def with_chains(draw, examples=TIES, weights=SMALL):
    """A drawn DAG whose edges are drawn into chains of up to three edges
    through new nodes, each with one edge in and one edge out."""
    G, s, t = draw(examples)
    H = nx.MultiDiGraph()
    H.add_nodes_from(G)
    for u, v, k, data in G.edges(keys=True, data=True):
        between = [("via", u, v, k, i) for i in range(draw(st.integers(0, 2)))]
        ends = [u, *between, v]
        for a, b in itertools.pairwise(ends[:-1]):
            H.add_edge(a, b, weight=draw(weights))
        H.add_edge(ends[-2], v, weight=data["weight"])
    return H, s, t


def order_key(value, semiring):
    return value if semiring.add is not max else -value


def documented_order(G, path, semiring, weight="weight"):
    """The tie rule, spelled out: compare values, then the last edge's place
    among its head's in-edges, then the same for the path without its last
    edge, and so on back to the source."""
    key = []
    for end in range(len(path), 0, -1):
        prefix, last = path[:end], path[end - 1]
        value = ps.path_weight(G, prefix, semiring=semiring, weight=weight)
        place = list(G.in_edges(last[1], keys=True)).index(last)
        key.append((order_key(value, semiring), place))
    return key


def sorted_by_enumeration(G, s, t, semiring, weight="weight"):
    paths = sorted(
        edge_paths(G, s, t),
        key=lambda path: documented_order(G, path, semiring, weight),
    )
    return [
        (ps.path_weight(G, path, semiring=semiring, weight=weight), path)
        for path in paths
    ]


@pytest.mark.parametrize("semiring", [*SELECTIVE, SLOW_MIN_PLUS])
@given(example=TIES)
def test_yields_every_path_sorted_with_ties_in_the_documented_order(semiring, example):
    G, s, t = example
    assert list(ps.k_best_paths(G, s, t, semiring=semiring)) == (
        sorted_by_enumeration(G, s, t, semiring)
    )


INTEGERS = dags_with_endpoints(
    max_nodes=8, weights=st.integers(-3, 3), multigraph=True, max_parallel=3
)


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS])
@pytest.mark.parametrize("weight", ["weight", None])
@given(example=st.one_of(INTEGERS, with_chains(INTEGERS, weights=st.integers(-3, 3))))
def test_integer_weights_and_hops_rank_as_sorted_enumeration(semiring, weight, example):
    # Negative weights, ties, parallel edges, chains, and with weight=None every
    # path of one length tied with every other.
    G, s, t = example
    assert list(ps.k_best_paths(G, s, t, weight=weight, semiring=semiring)) == (
        sorted_by_enumeration(G, s, t, semiring, weight)
    )


BIG_INTEGERS = st.one_of(
    st.integers(-2, 2), st.sampled_from([2**53 + 1, 2**70, -(2**70), 2**70 + 1])
)


@pytest.mark.parametrize(
    ("semiring", "written_out"),
    [(ps.MIN_PLUS, SLOW_MIN_PLUS), (ps.MAX_PLUS, SLOW_MAX_PLUS)],
)
@given(
    example=dags_with_endpoints(
        min_nodes=6, max_nodes=16, weights=BIG_INTEGERS, multigraph=True
    ),
    k=st.integers(1, 60),
)
def test_integer_sums_rank_as_the_fold_does_on_larger_dags(
    semiring, written_out, example, k
):
    # Python ints in MIN_PLUS and MAX_PLUS take the sidetrack heaps; the same
    # semiring written out takes the lists of paths per node, which fold.
    G, s, t = example
    fast = list(itertools.islice(ps.k_best_paths(G, s, t, semiring=semiring), k))
    folded = ps.k_best_paths(G, s, t, semiring=written_out)
    assert fast == list(itertools.islice(folded, k))
    for value, path in fast:
        assert type(value) is int
        assert value == ps.path_weight(G, path, semiring=semiring)


def test_tied_paths_come_in_the_documented_order():
    # At x the lightest edge is key 1, so key 0 ranks after every path of its
    # value and key 2 after key 1; at t the same, then s -> t.
    G = nx.MultiDiGraph()
    for w in (2, 1, 1):
        G.add_edge("s", "x", weight=w)
    for w in (1, 0, 0):
        G.add_edge("x", "t", weight=w)
    G.add_edge("s", "t", weight=1)
    sx = [("s", "x", k) for k in range(3)]
    xt = [("x", "t", k) for k in range(3)]
    assert list(ps.k_best_paths(G, "s", "t", semiring=ps.MIN_PLUS)) == [
        (1, (sx[1], xt[1])),
        (1, (sx[2], xt[1])),
        (1, (sx[1], xt[2])),
        (1, (sx[2], xt[2])),
        (1, (("s", "t", 0),)),
        (2, (sx[1], xt[0])),
        (2, (sx[2], xt[0])),
        (2, (sx[0], xt[1])),
        (2, (sx[0], xt[2])),
        (3, (sx[0], xt[0])),
    ]


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS])
def test_hops_through_diamonds_tie_and_count_in_binary(semiring):
    # Every path has 6 hops; up is added before down, so from the target back
    # the paths through up come first: diamond i is down in path number n when
    # bit i of n is set.
    ranked = list(ps.k_best_paths(diamond_chain(3), 0, 3, weight=None,
                                  semiring=semiring))  # fmt: skip
    sides = [[v[1] for _, v in path if isinstance(v, tuple)] for _, path in ranked]
    assert [value for value, _ in ranked] == [6] * 8
    assert sides == [
        ["up", "up", "up"],
        ["down", "up", "up"],
        ["up", "down", "up"],
        ["down", "down", "up"],
        ["up", "up", "down"],
        ["down", "up", "down"],
        ["up", "down", "down"],
        ["down", "down", "down"],
    ]


@pytest.mark.parametrize("semiring", SELECTIVE)
@given(example=with_chains(), k=st.integers(0, 12))
def test_the_first_k_paths_through_chains_are_the_first_k_sorted(semiring, example, k):
    G, s, t = example
    first = list(itertools.islice(ps.k_best_paths(G, s, t, semiring=semiring), k))
    assert first == sorted_by_enumeration(G, s, t, semiring)[:k]


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS])
@given(
    example=with_chains(
        dags_with_endpoints(max_nodes=6, weights=FLOATS, multigraph=True),
        weights=FLOATS,
    )
)
def test_float_values_through_chains_are_path_weight_exactly(semiring, example):
    G, s, t = example
    ranked = list(ps.k_best_paths(G, s, t, semiring=semiring))
    # Counters, not sorted lists: the new nodes are tuples among integers.
    assert Counter(path for _, path in ranked) == Counter(edge_paths(G, s, t))
    for value, path in ranked:
        assert value == ps.path_weight(G, path, semiring=semiring)
    for (better, _), (worse, _) in itertools.pairwise(ranked):
        assert semiring.add(better, worse) == better


@pytest.mark.parametrize("semiring", SELECTIVE)
@given(example=TIES)
def test_the_first_path_is_best_path(semiring, example):
    G, s, t = example
    first = next(ps.k_best_paths(G, s, t, semiring=semiring), None)
    if first is None:
        with pytest.raises(nx.NetworkXNoPath):
            ps.best_path(G, s, t, semiring=semiring)
    else:
        assert first == ps.best_path(G, s, t, semiring=semiring)


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS])
@given(
    example=dags_with_endpoints(
        max_nodes=8,
        weights=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
        multigraph=True,
        max_parallel=2,
    )
)
def test_float_values_are_path_weight_exactly_and_in_order(semiring, example):
    G, s, t = example
    ranked = list(ps.k_best_paths(G, s, t, semiring=semiring))
    assert sorted(path for _, path in ranked) == sorted(edge_paths(G, s, t))
    for value, path in ranked:
        assert value == ps.path_weight(G, path, semiring=semiring)
    for (better, _), (worse, _) in itertools.pairwise(ranked):
        assert semiring.add(better, worse) == better


def test_max_times_paths_through_zero_come_last_in_tie_order():
    G = nx.MultiDiGraph()
    G.add_edge("s", "a", weight=0.5)
    G.add_edge("s", "a", weight=0)
    G.add_edge("a", "t", weight=0.5)
    G.add_edge("a", "t", weight=0)
    G.add_edge("s", "t", weight=0.1)
    ranked = list(ps.k_best_paths(G, "s", "t", semiring=ps.MAX_TIMES))
    assert ranked == [
        (0.25, (("s", "a", 0), ("a", "t", 0))),
        (0.1, (("s", "t", 0),)),
        (0.0, (("s", "a", 1), ("a", "t", 0))),
        (0.0, (("s", "a", 0), ("a", "t", 1))),
        (0.0, (("s", "a", 1), ("a", "t", 1))),
    ]


def test_parallel_edges_are_distinct_paths():
    G = nx.MultiDiGraph()
    G.add_edge("x", "y", weight=1)
    G.add_edge("x", "y", weight=1)
    assert list(ps.k_best_paths(G, "x", "y")) == [
        (1, (("x", "y", 0),)),
        (1, (("x", "y", 1),)),
    ]


def test_weights_are_read_once_at_the_call_and_the_iterator_can_be_abandoned():
    G = diamond_chain(60)
    reads = []

    def weight(u, v, data):
        reads.append((u, v))
        return len(repr(u)) * len(repr(v)) % 7

    paths = ps.k_best_paths(G, 0, 60, weight=weight)
    at_call = len(reads)
    first = list(itertools.islice(paths, 100))
    assert len(first) == 100 and len({path for _, path in first}) == 100
    # 2**60 paths: reading no weight after the call shows nothing was
    # enumerated; at the call each edge is read by each of the two searches
    # that find the edges on paths, and once more to rank them.
    assert len(reads) == at_call <= 3 * G.number_of_edges()
    paths.close()


def test_errors_are_raised_at_the_call_not_at_the_first_next():
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=1)
    G.add_edge("a", "t")
    with pytest.raises(ps.WeightError) as caught:
        ps.k_best_paths(G, "s", "t")
    assert caught.value.edge == ("a", "t")
    with pytest.raises(ValueError, match="selective"):
        ps.k_best_paths(G, "s", "t", semiring=ps.REAL)
    with pytest.raises(nx.NodeNotFound, match="target node 'z'"):
        ps.k_best_paths(G, "s", "z")
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.k_best_paths(nx.Graph([(1, 2)]), 1, 2)
    C = nx.DiGraph([("s", "a"), ("a", "b"), ("b", "a"), ("b", "t")])
    with pytest.raises(ps.NotADAGError):
        ps.k_best_paths(C, "s", "t", weight=None)


def test_hidden_edges_and_defaults():
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=1)
    G.add_edge("a", "t", weight=1)
    G.add_edge("s", "t")
    shortest = ps.k_best_paths(G, "s", "t", default_weight=5, semiring=ps.MIN_PLUS)
    assert list(shortest) == [
        (2, (("s", "a"), ("a", "t"))),
        (5, (("s", "t"),)),
    ]

    def weight(u, v, data):
        return None if u == "a" else data.get("weight", 5)

    assert list(ps.k_best_paths(G, "s", "t", weight=weight)) == [(5, (("s", "t"),))]
    assert list(ps.k_best_paths(G, "s", "t", weight=None)) == [
        (2, (("s", "a"), ("a", "t"))),
        (1, (("s", "t"),)),
    ]


def test_same_ends_and_no_path():
    G = nx.DiGraph([("a", "b")])
    assert list(ps.k_best_paths(G, "a", "a", weight=None)) == [(0, ())]  # no hop
    assert list(ps.k_best_paths(G, "b", "a", weight=None)) == []


def test_a_deep_graph_needs_no_recursion():
    G = diamond_chain(3000)
    for i, (u, v) in enumerate(G.edges):
        G.edges[u, v]["weight"] = i % 3
    paths = ps.k_best_paths(G, 0, 3000, semiring=ps.MIN_PLUS)
    ranked = list(itertools.islice(paths, 20))
    assert [value for value, _ in ranked] == sorted(value for value, _ in ranked)
    for value, path in ranked[:3]:
        assert len(path) == 6000
        assert value == ps.path_weight(G, path, semiring=ps.MIN_PLUS)


@pytest.fixture(scope="module")
def two_edge_chain():
    """10^5 steps of two parallel edges each, weighing 0 to 3."""
    G = nx.MultiDiGraph()
    rng = random.Random(3)
    G.add_edges_from(
        (i, i + 1, {"weight": rng.randint(0, 3)}) for i in range(10**5) for _ in "ab"
    )
    return G


@pytest.mark.parametrize(
    ("semiring", "kind"), [(ps.MIN_PLUS, int), (ps.MAX_PLUS, float)]
)
def test_the_first_paths_at_a_depth_of_ten_to_the_five(two_edge_chain, semiring, kind):
    # Ints take the sidetrack heaps, floats the lists of paths per node.
    G, t = two_edge_chain, 10**5

    def weight(u, v, data):
        return kind(data["weight"])

    paths = ps.k_best_paths(G, 0, t, weight=weight, semiring=semiring)
    ranked = list(itertools.islice(paths, 4))
    assert ranked[0] == ps.best_path(G, 0, t, weight=weight, semiring=semiring)
    assert len({path for _, path in ranked}) == 4
    for (better, _), (worse, _) in itertools.pairwise(ranked):
        assert semiring.add(better, worse) == better
    value, path = ranked[-1]
    assert value == ps.path_weight(G, path, weight=weight, semiring=semiring)


def test_hops_at_a_depth_of_ten_to_the_five_count_in_binary(two_edge_chain):
    # All 2**(10**5) paths tie; key 0 comes before key 1 at every step.
    t = 10**5
    for n, (value, path) in enumerate(
        itertools.islice(ps.k_best_paths(two_edge_chain, 0, t, weight=None), 4)
    ):
        assert value == t
        assert path == tuple((i, i + 1, n >> i & 1 if i < 2 else 0) for i in range(t))


def test_ten_thousand_of_two_to_the_200_paths_cost_at_most_one_product_per_edge():
    products = 0

    def plus(a, b):
        nonlocal products
        products += 1
        return a + b

    counted = ps.Semiring("counted min-plus", math.inf, 0, min, plus, selective=True)
    G = diamond_chain(200)
    rng = random.Random(2)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 100)
    paths = ps.k_best_paths(G, 0, 200, semiring=counted)
    at_call = products
    first = list(itertools.islice(paths, 10**4))
    assert len({path for _, path in first}) == 10**4
    assert [value for value, _ in first] == sorted(value for value, _ in first)
    for value, path in first[:: 10**3]:
        assert value == ps.path_weight(G, path, semiring=ps.MIN_PLUS)
    # At the call, one ⊗ per edge; then each path of 400 edges at most 400
    # (the documented bound, far above what random weights need).
    assert at_call <= G.number_of_edges()
    assert products - at_call <= 10**4 * 400


def test_operations_failing_later_name_the_edge_inside_a_chain():
    def capped(a, b):
        if a + b >= 10:
            raise OverflowError("past the cap")
        return a + b

    semiring = ps.Semiring("capped", math.inf, 0, min, capped, selective=True)
    G = nx.DiGraph()
    # Two chains from s into a, one chain from a to t.
    G.add_weighted_edges_from([("s", "x", 1), ("x", "a", 0), ("s", "y", 9)])
    G.add_weighted_edges_from([("y", "a", 0), ("a", "b", 0), ("b", "t", 1)])
    paths = ps.k_best_paths(G, "s", "t", semiring=semiring)
    assert next(paths) == (2, (("s", "x"), ("x", "a"), ("a", "b"), ("b", "t")))
    with pytest.raises(ps.WeightError, match="capped operations failed") as caught:
        next(paths)
    assert caught.value.edge == ("b", "t")


def test_the_default_is_max_plus_as_for_best_path():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("b", "c", 1), ("c", "e", 1), ("b", "e", 5)])
    assert next(ps.k_best_paths(G, "b", "e")) == ps.best_path(G, "b", "e")
    assert next(ps.k_best_paths(G, "b", "e")) == (5, (("b", "e"),))


MIXED = st.one_of(
    st.integers(-3, 3),
    st.sampled_from([2**24 + 1, 2**30, 2**53, 2**70, -(2**70), 2**70 + 1]),
    st.floats(-8, 8, allow_nan=False).map(lambda x: round(x * 4) / 4),
    st.sampled_from([2.0**70, -(2.0**70), 0.5, Fraction(1, 3)]),
    st.sampled_from([np.float32(2**30), np.float32(0.25), np.float32(-3)]),
)


@pytest.mark.parametrize(
    ("semiring", "absent"), [(ps.MIN_PLUS, math.inf), (ps.MAX_PLUS, -math.inf)]
)
@given(data=st.data())
def test_mixed_ints_and_floats_are_ranked_in_order_or_refused(semiring, absent, data):
    weights = st.one_of(MIXED, st.just(absent))
    example = dags_with_endpoints(
        max_nodes=6, weights=weights, multigraph=True, max_parallel=2
    )
    G, s, t = data.draw(example)
    try:
        ranked = list(ps.k_best_paths(G, s, t, semiring=semiring))
    except ps.WeightError as exc:
        assert "depend on rounding" in str(exc)
        with pytest.raises(ps.WeightError, match="depend on rounding"):
            ps.best_path(G, s, t, semiring=semiring)
        return
    for value, path in ranked:
        assert value == ps.path_weight(G, path, semiring=semiring)
    for (better, _), (worse, _) in itertools.pairwise(ranked):
        assert semiring.add(better, worse) == better
    if ranked:
        assert ranked[0] == ps.best_path(G, s, t, semiring=semiring)


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS])
def test_an_exact_sum_a_float_cannot_hold_beside_floats_is_refused(semiring):
    # s -> m -> t is 1 + 2**70 exactly, s -> p -> m -> t rounds 4.0 + 2**70 to
    # 2**70: ranked by rounding the values went the wrong way.
    G = nx.DiGraph()
    G.add_edge("s", "m", weight=1)
    G.add_edge("s", "p", weight=2.0)
    G.add_edge("p", "m", weight=2.0)
    G.add_edge("m", "t", weight=2**70)
    with pytest.raises(ps.WeightError, match=r"float cannot hold.*every weight a"):
        ps.k_best_paths(G, "s", "t", semiring=semiring)
    with pytest.raises(ps.WeightError, match="float cannot hold"):
        ps.best_path(G, "s", "t", semiring=semiring)
    # The same with float32, which holds ints only up to 2**24.
    H = G.copy()
    H.edges["s", "p"]["weight"] = np.float32(2)
    H.edges["p", "m"]["weight"] = np.float32(2)
    H.edges["m", "t"]["weight"] = 2**30
    with pytest.raises(ps.WeightError, match="float32 cannot hold"):
        ps.k_best_paths(H, "s", "t", semiring=semiring)
    H.edges["s", "m"]["weight"] = 1.0
    with pytest.raises(ps.WeightError, match="different precisions"):
        ps.best_path(H, "s", "t", semiring=semiring)
    # All floats, or all exact, rank in order.
    floats = [value for value, _ in ps.k_best_paths(G, "s", "t", semiring=semiring,
              weight=lambda u, v, d: float(d["weight"]))]  # fmt: skip
    assert floats == [2.0**70, 2.0**70]
    exact = [value for value, _ in ps.k_best_paths(G, "s", "t", semiring=semiring,
             weight=lambda u, v, d: int(d["weight"]))]  # fmt: skip
    assert exact == sorted(exact, reverse=semiring is ps.MAX_PLUS)
    assert (
        exact[0]
        == ps.best_path(
            G, "s", "t", semiring=semiring, weight=lambda u, v, d: int(d["weight"])
        )[0]
    )


@pytest.mark.parametrize(
    ("semiring", "absent", "exact"),
    [
        (ps.MIN_PLUS, math.inf, Fraction(1, 3)),
        (ps.MAX_PLUS, -math.inf, 2**60),
        (ps.MAX_TIMES, 0.0, Fraction(1, 3)),
    ],
)
def test_the_zero_weight_is_no_float_that_rounds(semiring, absent, exact):
    # An edge that is not there rounds nothing: exact weights beside it rank.
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=exact)
    G.add_edge("a", "t", weight=exact)
    G.add_edge("s", "t", weight=absent)
    ranked = list(ps.k_best_paths(G, "s", "t", semiring=semiring))
    assert ranked[0] == (semiring.mul(exact, exact), (("s", "a"), ("a", "t")))
    assert ranked[0] == ps.best_path(G, "s", "t", semiring=semiring)


def test_max_times_overflow_through_a_zero_weight_is_zero_in_every_method():
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=1e200)
    G.add_edge("a", "b", weight=1e200)
    G.add_edge("b", "t", weight=0.0)
    G.add_edge("s", "t", weight=0.5)
    through_zero = (("s", "a"), ("a", "b"), ("b", "t"))
    assert ps.best_path(G, "s", "t", semiring=ps.MAX_TIMES) == (0.5, (("s", "t"),))
    assert list(ps.k_best_paths(G, "s", "t", semiring=ps.MAX_TIMES)) == [
        (0.5, (("s", "t"),)),
        (0.0, through_zero),
    ]
    assert ps.path_weight(G, through_zero, semiring=ps.MAX_TIMES) == 0.0


@pytest.mark.parametrize(
    "call",
    [
        lambda G: ps.k_best_paths(G, "s", "t", weight=["w"]),
        lambda G: ps.best_path(G, "s", "t", weight=["w"]),
        lambda G: ps.eliminate(G, ["s"], ["t"], weight=["w"]),
        lambda G: ps.path_weight(G, (("s", "t"),), weight=["w"]),
        lambda G: ps.path_sum(G, "s", "t", weight=["w"]),
        lambda G: ps.edge_marginals(G, "s", "t", weight=["w"]),
    ],
)
def test_a_weight_that_is_no_attribute_name_is_a_weight_error(call):
    G = nx.DiGraph([("s", "t", {"w": 1})])
    with pytest.raises(ps.WeightError, match=r"weight=\['w'\] is not an edge"):
        call(G)


def test_unweighted_paths_are_ranked_by_hops():
    G = nx.DiGraph([("s", "a"), ("a", "t"), ("s", "b"), ("b", "c"), ("c", "t")])
    longest = list(ps.k_best_paths(G, "s", "t", weight=None))
    assert [value for value, _ in longest] == [3, 2]
    shortest = list(ps.k_best_paths(G, "s", "t", weight=None, semiring=ps.MIN_PLUS))
    assert [value for value, _ in shortest] == [2, 3]
    assert ps.best_path(G, "s", "t", weight=None) == longest[0]
