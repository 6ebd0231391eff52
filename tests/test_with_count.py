"""with_count: the best path weight of a selective semiring and how many paths
attain it, checked against enumeration, networkx's shortest paths and the
semiring laws."""

import math
import operator
import pickle
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum.semirings import Counted, with_count
from pathsum.strategies import dags, dags_with_endpoints

METHODS = ["paths", "forward", "reverse"]
SELECTIVE = [ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES]


def shortlex_min(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b, key=lambda word: (len(word), word))


def concatenate(a, b):
    return None if a is None or b is None else a + b


def letter(raw):
    if not isinstance(raw, str):
        raise TypeError(f"{raw!r} is not a string")
    return raw


# Selective and non-commutative: the shortest, then alphabetically first, word
# a path spells. Concatenation keeps that order strict on both sides, so counting
# its best paths is a semiring, and a product taken out of order spells another
# word.
SHORTLEX = ps.Semiring(
    "shortlex",
    None,
    "",
    shortlex_min,
    concatenate,
    commutative=False,
    lift=letter,
    selective=True,
)


def counted_by_enumeration(G, s, t, semiring, weight="weight"):
    """``(best, count)`` from every path's weight in `semiring` itself."""
    weights = [
        ps.path_weight(G, path, weight=weight, semiring=semiring)
        for path in ps.all_paths(G, s, t)
    ]
    best = semiring.sum(weights)
    if best == semiring.zero:
        return (semiring.zero, 0)
    return (best, sum(w == best for w in weights))


# Exact weights, so that ties are exact: ints and Fractions, or multiples of 1/4
# as floats, which add exactly. (A float beside a Fraction would not: 0.0 + 1/3
# is a float that is not 1/3, while forward accumulation, which meets 0 and 0.0
# first, carries 1/3.)
QUARTERS = st.integers(-8, 8).map(lambda k: k / 4)

WEIGHTS = {
    "min-plus": [
        st.integers(-3, 3) | st.fractions(-3, 3, max_denominator=3),
        QUARTERS,
    ],
    "max-plus": [
        st.integers(-3, 3) | st.fractions(-3, 3, max_denominator=3),
        QUARTERS,
    ],
    "max-times": [
        st.integers(0, 3) | st.fractions(0, 2, max_denominator=3),
        QUARTERS.map(abs),
    ],
}


def weights(data, semiring):
    return data.draw(st.sampled_from(WEIGHTS[semiring.name]))


# --- every method against enumeration -------------------------------------------


@pytest.mark.parametrize("semiring", SELECTIVE, ids=lambda s: s.name)
@pytest.mark.parametrize("multigraph", [False, True])
@given(data=st.data())
def test_every_method_counts_the_best_paths_found_by_enumeration(
    semiring, multigraph, data
):
    G, s, t = data.draw(
        dags_with_endpoints(
            max_nodes=7,
            weights=weights(data, semiring),
            multigraph=multigraph,
            max_parallel=2,
        )
    )
    expected = counted_by_enumeration(G, s, t, semiring)
    for method in METHODS:
        value = ps.path_sum(G, s, t, method=method, semiring=with_count(semiring))
        assert value == expected, method
        assert isinstance(value, Counted)


@pytest.mark.parametrize("semiring", SELECTIVE, ids=lambda s: s.name)
@given(data=st.data())
def test_forward_and_reverse_sums_count_the_best_paths_of_every_node(semiring, data):
    G, s, t = data.draw(
        dags_with_endpoints(
            max_nodes=6,
            weights=weights(data, semiring),
            multigraph=True,
            max_parallel=2,
        )
    )
    counted = with_count(semiring)
    nothing = (semiring.zero, 0)
    forward = ps.forward_path_sums(G, s, semiring=counted)
    reverse = ps.reverse_path_sums(G, t, semiring=counted)
    assert set(forward) == {s} | nx.descendants(G, s)
    assert set(reverse) == {t} | nx.ancestors(G, t)
    for v in G:
        assert forward.get(v, nothing) == counted_by_enumeration(G, s, v, semiring)
        assert reverse.get(v, nothing) == counted_by_enumeration(G, v, t, semiring)


@pytest.mark.parametrize("method", METHODS)
@given(
    example=dags_with_endpoints(
        max_nodes=7, weights=st.sampled_from("ab"), multigraph=True, max_parallel=2
    )
)
def test_a_non_commutative_selective_semiring_counts_its_best_words(method, example):
    G, s, t = example
    value = ps.path_sum(G, s, t, method=method, semiring=with_count(SHORTLEX))
    assert value == counted_by_enumeration(G, s, t, SHORTLEX)


@pytest.mark.parametrize("method", METHODS)
def test_products_are_taken_in_path_order(method):
    # Words a·b twice and b·b: in reverse order the best would be b·a, once.
    G = nx.MultiDiGraph()
    G.add_edges_from([("s", "m", {"weight": "a"}), ("m", "t", {"weight": "b"})])
    G.add_edges_from([("s", "m", {"weight": "a"}), ("s", "n", {"weight": "b"})])
    G.add_edge("n", "t", weight="b")
    value = ps.path_sum(G, "s", "t", method=method, semiring=with_count(SHORTLEX))
    assert value == ("ab", 2)


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS], ids=lambda s: s.name)
@given(example=dags_with_endpoints(max_nodes=7, multigraph=True, max_parallel=2))
def test_hop_counts_without_weights(semiring, example):
    G, s, t = example
    expected = counted_by_enumeration(G, s, t, semiring, weight=None)
    for method in METHODS:
        value = ps.path_sum(
            G, s, t, method=method, weight=None, semiring=with_count(semiring)
        )
        assert value == expected, method


@pytest.mark.parametrize("method", METHODS)
@given(
    example=dags_with_endpoints(
        weights=st.integers(-3, 3), infinities=0.2, semiring=with_count(ps.MIN_PLUS)
    )
)
def test_an_infinite_weight_is_an_edge_on_no_best_path(method, example):
    G, s, t = example
    value = ps.path_sum(G, s, t, method=method, semiring=with_count(ps.MIN_PLUS))
    assert value == counted_by_enumeration(G, s, t, ps.MIN_PLUS)


# --- against networkx ---------------------------------------------------------


def networkx_shortest(G, s, t, weight):
    """``(length, number of shortest paths)`` by networkx, (inf, 0) without one."""
    try:
        paths = list(nx.all_shortest_paths(G, s, t, weight=weight))
    except nx.NetworkXNoPath:
        return (math.inf, 0)
    return (nx.shortest_path_length(G, s, t, weight=weight), len(paths))


@given(example=dags_with_endpoints(max_nodes=9, weights=st.integers(1, 4)))
def test_the_count_of_shortest_paths_is_networkx_count(example):
    G, s, t = example
    expected = networkx_shortest(G, s, t, "weight")
    for method in METHODS:
        value = ps.path_sum(G, s, t, method=method, semiring=with_count(ps.MIN_PLUS))
        assert value == expected, method


@given(example=dags_with_endpoints(max_nodes=9))
def test_the_count_of_fewest_hop_paths_is_networkx_count(example):
    G, s, t = example
    expected = networkx_shortest(G, s, t, None)
    for method in METHODS:
        value = ps.path_sum(
            G, s, t, method=method, weight=None, semiring=with_count(ps.MIN_PLUS)
        )
        assert value == expected, method


def test_parallel_edges_of_equal_weight_are_distinct_best_paths():
    G = nx.MultiDiGraph()
    G.add_weighted_edges_from([("s", "a", 1), ("s", "a", 1), ("s", "a", 2)])
    G.add_weighted_edges_from([("a", "t", 3), ("a", "t", 3), ("s", "t", 4)])
    for method in METHODS:
        value = ps.path_sum(
            G, "s", "t", method=method, semiring=with_count(ps.MIN_PLUS)
        )
        assert value == (4, 5)  # 2 × 2 through a, and the direct edge
        hops = ps.path_sum(
            G, "s", "t", method=method, weight=None, semiring=with_count(ps.MAX_PLUS)
        )
        assert hops == (2, 6)


# --- MAX_TIMES and its zero -------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@given(
    example=dags_with_endpoints(
        max_nodes=7,
        weights=st.fractions(0, 1, max_denominator=4),
        zeros=0.3,
        multigraph=True,
        max_parallel=2,
    )
)
def test_max_times_counts_no_path_of_probability_zero(method, example):
    G, s, t = example
    value = ps.path_sum(G, s, t, method=method, semiring=with_count(ps.MAX_TIMES))
    assert value == counted_by_enumeration(G, s, t, ps.MAX_TIMES)
    assert (value.count == 0) == (value.best == 0)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("zero", [0, 0.0, Fraction(0)])
def test_max_times_paths_through_a_zero_weight_weigh_zero_and_count_nothing(
    method, zero
):
    G = nx.MultiDiGraph()
    G.add_weighted_edges_from([("s", "a", zero), ("a", "t", 1), ("s", "t", zero)])
    counted = with_count(ps.MAX_TIMES)
    assert ps.path_sum(G, "s", "t", method=method, semiring=counted) == (0, 0)
    G.add_weighted_edges_from([("s", "b", 0.5), ("b", "t", 1), ("s", "t", 0.5)])
    assert ps.path_sum(G, "s", "t", method=method, semiring=counted) == (0.5, 2)


@pytest.mark.parametrize("method", METHODS)
def test_a_max_times_product_that_underflows_to_zero_counts_nothing(method):
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 1e-200), ("a", "t", 1e-200)])
    value = ps.path_sum(G, "s", "t", method=method, semiring=with_count(ps.MAX_TIMES))
    assert value == (0, 0)


# --- the values and the semiring --------------------------------------------------


def test_values_are_equal_to_plain_tuples_and_hash_like_them():
    value = Counted(3, 2)
    assert value == (3, 2) and operator.eq((3, 2), value)
    assert value != (3, 1) and value != (2, 2)
    assert hash(value) == hash((3, 2))
    assert {(3, 2): "x"}[value] == "x"
    assert value.best == 3 and value.count == 2
    assert repr(value) == "Counted(best=3, count=2)"
    assert pickle.loads(pickle.dumps(value)) == value
    assert Counted(Fraction(1, 2), 1) == (0.5, 1)


def test_values_do_not_concatenate_as_tuples_do():
    with pytest.raises(TypeError, match=r"with_count\(S\)\.add"):
        Counted(1, 1) + Counted(2, 1)
    with pytest.raises(TypeError, match=r"with_count\(S\)\.mul"):
        Counted(1, 1) * 2
    with pytest.raises(TypeError, match=r"with_count\(S\)\.mul"):
        2 * Counted(1, 1)


@pytest.mark.parametrize("semiring", [*SELECTIVE, SHORTLEX], ids=lambda s: s.name)
def test_the_semiring_of_pairs(semiring):
    counted = with_count(semiring)
    assert counted is with_count(semiring)
    assert counted.name == f"{semiring.name} with count"
    assert not counted.selective
    assert counted.commutative == semiring.commutative
    assert counted.zero == (semiring.zero, 0)
    assert counted.one == (semiring.one, 1)
    assert isinstance(counted.zero, Counted) and isinstance(counted.one, Counted)
    assert counted.step == (ps.semirings.step_weight(semiring), 1)


def test_with_count_is_exported_by_semirings_but_not_by_pathsum():
    assert "with_count" in ps.semirings.__all__
    assert "Counted" in ps.semirings.__all__
    assert "with_count" not in ps.__all__


@pytest.mark.parametrize(
    "semiring",
    [ps.REAL, ps.COUNTING, ps.BOOLEAN, ps.LOG, ps.POLYNOMIAL, ps.FREE],
    ids=lambda s: s.name,
)
def test_a_semiring_that_is_not_selective_is_refused(semiring):
    with pytest.raises(TypeError, match=f"{semiring.name} is not selective") as info:
        with_count(semiring)
    assert "selective=True" in str(info.value)


def test_pairs_cannot_be_counted_again_and_a_non_semiring_is_refused():
    with pytest.raises(TypeError, match="min-plus with count is not selective"):
        with_count(with_count(ps.MIN_PLUS))
    with pytest.raises(TypeError, match="needs a pathsum Semiring"):
        with_count("min-plus")
    with pytest.raises(TypeError, match="needs a pathsum Semiring"):
        with_count([ps.MIN_PLUS])  # unhashable: refused before any cache


def test_the_number_of_all_paths_is_suggested_for_real_and_counting():
    for semiring in (ps.REAL, ps.COUNTING):
        with pytest.raises(TypeError, match="path sum in COUNTING"):
            with_count(semiring)


def best_values(semiring):
    """Values of `semiring` other than its zero, exact so that ties are."""
    if semiring is ps.MAX_TIMES:
        return st.fractions(0, 3, max_denominator=4).filter(bool)
    return st.one_of(st.integers(-4, 4), st.fractions(-2, 2, max_denominator=3))


def pairs(semiring):
    counted = with_count(semiring)
    return st.one_of(
        st.just(counted.zero),
        st.just(counted.one),
        st.builds(Counted, best_values(semiring), st.integers(1, 4)),
    )


@pytest.mark.parametrize("semiring", SELECTIVE, ids=lambda s: s.name)
@given(data=st.data())
def test_semiring_laws(semiring, data):
    counted = with_count(semiring)
    add, mul, zero, one = counted.add, counted.mul, counted.zero, counted.one
    a, b, c = (data.draw(pairs(semiring)) for _ in range(3))
    assert add(add(a, b), c) == add(a, add(b, c))
    assert mul(mul(a, b), c) == mul(a, mul(b, c))
    assert mul(a, add(b, c)) == add(mul(a, b), mul(a, c))
    assert mul(add(a, b), c) == add(mul(a, c), mul(b, c))
    assert add(a, b) == add(b, a)
    assert add(a, zero) == a == add(zero, a)
    assert mul(a, one) == a == mul(one, a)
    assert mul(a, zero) == zero == mul(zero, a)
    assert mul(a, b) == mul(b, a)
    for value in (add(a, b), mul(a, b)):
        assert isinstance(value, Counted)


@given(data=st.data())
def test_non_commutative_semiring_laws(data):
    counted = with_count(SHORTLEX)
    words = st.one_of(
        st.just(counted.zero),
        st.builds(Counted, st.text("ab", max_size=3), st.integers(1, 3)),
    )
    a, b, c = (data.draw(words) for _ in range(3))
    add, mul = counted.add, counted.mul
    assert add(add(a, b), c) == add(a, add(b, c))
    assert mul(mul(a, b), c) == mul(a, mul(b, c))
    assert mul(a, add(b, c)) == add(mul(a, b), mul(a, c))
    assert mul(add(a, b), c) == add(mul(a, c), mul(b, c))
    assert mul(a, counted.zero) == counted.zero == mul(counted.zero, a)


def test_a_product_that_makes_weights_equal_breaks_distributivity():
    # As the Notes warn: min in max-min makes 1 ⊗ 5 and 1 ⊗ 3 tie, so counting
    # the widest paths depends on where the sum is taken.
    widest = with_count(ps.Semiring("max-min", 0, math.inf, max, min, selective=True))
    a, b, c = Counted(1, 1), Counted(5, 1), Counted(3, 1)
    assert widest.mul(a, widest.add(b, c)) == (1, 1)
    assert widest.add(widest.mul(a, b), widest.mul(a, c)) == (1, 2)


def test_equal_bests_add_their_counts_and_the_better_best_wins():
    counted = with_count(ps.MIN_PLUS)
    assert counted.add(Counted(3, 2), Counted(3, 5)) == (3, 7)
    assert counted.add(Counted(3, 2), Counted(4, 5)) == (3, 2)
    assert counted.add(Counted(4, 2), Counted(3, 5)) == (3, 5)
    assert counted.add(Counted(3, 2), Counted(3.0, 1)) == (3, 3)
    assert counted.mul(Counted(3, 2), Counted(4, 5)) == (7, 10)
    longest = with_count(ps.MAX_PLUS)
    assert longest.add(Counted(3, 2), Counted(4, 5)) == (4, 5)
    assert longest.add(longest.zero, Counted(-7, 1)) == (-7, 1)


def test_an_add_that_picks_neither_operand_is_reported():
    liar = ps.Semiring("liar", math.inf, 0, lambda a, b: -1, min, selective=True)
    with pytest.raises(ValueError, match="it is not selective"):
        with_count(liar).add(Counted(1, 1), Counted(2, 1))


def test_lift():
    counted = with_count(ps.MIN_PLUS)
    assert counted.lift(2) == (2, 1)
    assert counted.lift(Fraction(1, 3)) == (Fraction(1, 3), 1)
    assert counted.lift(math.inf) == (math.inf, 0)  # the base semiring's zero
    assert type(counted.lift(np.int64(5)).best) is int
    value = Counted(2, 3)
    assert counted.lift(value) is value
    assert counted.lift(counted.zero) is counted.zero
    words = with_count(SHORTLEX)  # whose lift takes no None, its zero
    assert words.lift(words.zero) is words.zero
    assert words.lift(Counted("ab", 2)) == ("ab", 2)
    assert with_count(ps.MAX_TIMES).lift(0) == (0, 0)
    assert with_count(ps.MAX_TIMES).lift(0.0) == (0, 0)


@pytest.mark.parametrize(
    ("raw", "error", "message"),
    [
        (math.nan, ValueError, "NaN"),
        (-math.inf, ValueError, "must be > -inf"),
        ("3", TypeError, "not a real number"),
        ((1, 2), TypeError, "is a pathsum.semirings.Counted"),
        (Counted(math.nan, 1), ValueError, "NaN"),
        (Counted(1, -1), ValueError, "negative"),
        (Counted(1, 1.5), TypeError, "not an integer"),
        (Counted(1, True), TypeError, "not an integer"),
        (Counted(math.inf, 2), ValueError, "a count is 0 exactly where"),
        (Counted(5, 0), ValueError, "a count is 0 exactly where"),
        (Counted(-math.inf, 1), ValueError, "must be > -inf"),
        (Counted("3", 1), TypeError, "not a real number"),
    ],
)
def test_lift_refuses(raw, error, message):
    with pytest.raises(error, match=message):
        with_count(ps.MIN_PLUS).lift(raw)


def test_a_semiring_without_a_lift_refuses_nan_all_the_same():
    widest = ps.Semiring(
        "max-min", 0, math.inf, max, min, selective=True
    )  # no lift: raw weights as they are
    counted = with_count(widest)
    assert counted.lift(3) == (3, 1) and counted.lift(0) == (0, 0)
    with pytest.raises(ValueError, match="NaN"):
        counted.lift(math.nan)


def test_numpy_integers_in_a_pair_become_python_ints_that_never_wrap():
    counted = with_count(ps.MIN_PLUS)
    value = counted.lift(Counted(np.int64(1), np.int64(2**62)))
    assert type(value.best) is int and type(value.count) is int
    assert counted.mul(value, value) == (2, 2**124)


def test_seeds_are_pairs():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "t", 1), ("u", "t", 1)])
    counted = with_count(ps.MIN_PLUS)
    sums = ps.forward_path_sums(
        G, {"s": Counted(0, 2), "u": Counted(0, 3)}, semiring=counted
    )
    assert sums == {"s": (0, 2), "u": (0, 3), "t": (1, 5)}
    with pytest.raises(TypeError, match="Counted"):
        ps.forward_path_sums(G, {"s": (0, 2)}, semiring=counted)


@pytest.mark.parametrize("method", METHODS)
def test_nan_weights_are_refused_naming_the_edge(method):
    G = nx.DiGraph()
    G.add_edge("s", "t", weight=math.nan)
    with pytest.raises(ps.WeightError, match=r"\('s', 't'\).*NaN"):
        ps.path_sum(G, "s", "t", method=method, semiring=with_count(ps.MAX_PLUS))


# --- what needs a selective semiring, or the array engine, refuses it ------------


def test_best_paths_refuse_the_semiring_of_pairs():
    G = nx.DiGraph([("s", "t", {"weight": 1})])
    counted = with_count(ps.MIN_PLUS)
    with pytest.raises(ValueError, match="min-plus with count is not selective"):
        ps.best_path(G, "s", "t", semiring=counted)
    with pytest.raises(ValueError, match="min-plus with count is not selective"):
        ps.k_best_paths(G, "s", "t", semiring=counted)


def test_the_array_engine_refuses_the_semiring_of_pairs():
    G = nx.DiGraph([("s", "t", {"weight": 1})])
    counted = with_count(ps.MIN_PLUS)
    with pytest.raises(TypeError, match="min-plus with count> is not one of them"):
        ps.compile_dag(G, semiring=counted)
    dag = ps.compile_dag(G, semiring=ps.MIN_PLUS)
    with pytest.raises(TypeError, match="min-plus with count> is not one of them"):
        dag.with_semiring(counted)


# --- strategies -----------------------------------------------------------------


@given(
    dags(
        weights=st.integers(-3, 3),
        infinities=0.5,
        semiring=with_count(ps.MIN_PLUS),
        multigraph=True,
    )
)
def test_strategies_draw_the_infinities_of_the_base_semiring(G):
    for *_, w in G.edges(data="weight"):
        assert w == math.inf or isinstance(w, int)
