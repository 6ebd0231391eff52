import dataclasses
import datetime
import math
from collections import Counter
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum import Polynomial, WordSum

BUILT_INS = [
    ps.REAL,
    ps.COUNTING,
    ps.BOOLEAN,
    ps.MIN_PLUS,
    ps.MAX_PLUS,
    ps.MAX_TIMES,
    ps.LOG,
    ps.POLYNOMIAL,
    ps.FREE,
]

SAMPLES = {
    "real": st.fractions(-5, 5, max_denominator=7),
    "counting": st.integers(0, 5),
    "boolean": st.booleans(),
    "min-plus": st.one_of(st.integers(-5, 5), st.just(math.inf)),
    "max-plus": st.one_of(st.integers(-5, 5), st.just(-math.inf)),
    "max-times": st.fractions(0, 3, max_denominator=5),
    "log": st.one_of(st.integers(-3, 3).map(float), st.just(-math.inf)),
    "polynomial": st.sampled_from("abc").map(Polynomial.symbol)
    | st.integers(-2, 2).map(Polynomial.constant),
    "free": st.sampled_from("abc").map(WordSum.letter) | st.just(WordSum()),
}


@pytest.mark.parametrize("semiring", BUILT_INS, ids=lambda s: s.name)
@given(data=st.data())
def test_semiring_laws(semiring, data):
    values = SAMPLES[semiring.name]
    a, b, c = data.draw(values), data.draw(values), data.draw(values)
    add, mul, zero, one = semiring.add, semiring.mul, semiring.zero, semiring.one
    exact = semiring is not ps.LOG  # logaddexp rounds; its laws hold up to rounding
    if exact:
        assert add(add(a, b), c) == add(a, add(b, c))
        assert mul(mul(a, b), c) == mul(a, mul(b, c))
        assert mul(a, add(b, c)) == add(mul(a, b), mul(a, c))
        assert mul(add(a, b), c) == add(mul(a, c), mul(b, c))
    assert add(a, b) == add(b, a)
    assert add(a, zero) == a
    assert mul(a, one) == a == mul(one, a)
    assert mul(a, zero) == zero == mul(zero, a)
    if semiring.commutative:
        assert mul(a, b) == mul(b, a)


@pytest.mark.parametrize("semiring", BUILT_INS, ids=lambda s: s.name)
@given(data=st.data())
def test_lift_returns_semiring_values_unchanged(semiring, data):
    value = data.draw(SAMPLES[semiring.name])
    if semiring is ps.COUNTING:
        assert semiring.lift(value) == 1  # counting ignores weights
    elif semiring is ps.BOOLEAN:
        assert semiring.lift(value) is value
    else:
        assert semiring.lift(value) == value


def test_free_is_not_commutative():
    a, b = WordSum.letter("a"), WordSum.letter("b")
    assert ps.FREE.mul(a, b) != ps.FREE.mul(b, a)
    assert not ps.FREE.commutative


@pytest.mark.parametrize(
    ("semiring", "bad"),
    [
        (ps.REAL, "3"),
        (ps.REAL, None),
        (ps.REAL, [1]),
        (ps.REAL, True),
        (ps.MIN_PLUS, 1j),
        (ps.MIN_PLUS, math.nan),
        (ps.MAX_TIMES, -1),
        (ps.LOG, "x"),
        (ps.BOOLEAN, "yes"),
        (ps.POLYNOMIAL, ("a",)),
        (ps.FREE, None),
        (ps.FREE, ["unhashable"]),
    ],
)
def test_lift_refuses(semiring, bad):
    with pytest.raises((TypeError, ValueError)):
        semiring.lift(bad)


def test_exact_types_stay_exact():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, Fraction(1, 3)), (1, 2, 3), (0, 2, 2)])
    for method in ("paths", "forward", "reverse"):
        value = ps.path_sum(G, 0, 2, method=method)
        assert value == 3 and type(value) is Fraction
    assert (
        ps.path_sum(G, 0, 2, weight=None) == 2
        and type(ps.path_sum(G, 0, 2, weight=None)) is int
    )


def test_polynomial_arithmetic_and_printing():
    a, b = Polynomial.symbol("a"), Polynomial.symbol("b")
    assert str((a + b) * (a + b)) == "a² + 2·a·b + b²"
    assert str(a * Fraction(3, 4) + Polynomial.constant(-2)) == "3/4·a - 2"
    assert str(Polynomial()) == "0"
    assert str(a * (Polynomial.constant(-1))) == "-a"
    assert a * b == b * a
    assert a + 0 == a and 2 * a == a + a
    assert (a + b) * Polynomial() == Polynomial()
    assert hash(a * b) == hash(b * a)
    assert (a * a).terms == {(("a", 2),): 1}


def test_wordsum_arithmetic_and_printing():
    a, b = WordSum.letter("a"), WordSum.letter("b")
    assert str((a + b) * (a + b)) == "a·a + a·b + b·a + b·b"
    assert str(a + a) == "2·a"
    assert str(ps.FREE.one) == "1"
    assert str(ps.FREE.zero) == "0"
    assert (a * b).words == {("a", "b"): 1}
    assert a * ps.FREE.one == a


def test_sum_and_product_fold_without_identities():
    ops = ps.OperationCounter(ps.REAL)
    assert ops.semiring.sum([1, 2, 3]) == 6
    assert ops.semiring.product([2, 3, 4]) == 24
    assert (ops.additions, ops.multiplications) == (2, 2)
    assert ps.REAL.sum([]) == 0 and ps.REAL.product([]) == 1


def test_operation_counter_shows_the_cost_of_each_method():
    # A chain of k diamonds: 2**k paths, 4k edges.
    k = 6
    G = nx.DiGraph()
    for i in range(k):
        G.add_edges_from([(i, (i, 0)), (i, (i, 1)), ((i, 0), i + 1), ((i, 1), i + 1)])
    ops = ps.OperationCounter(ps.REAL)
    costs = {}
    for method in ("paths", "forward", "reverse"):
        ops.reset()
        assert (
            ps.path_sum(G, 0, k, method=method, semiring=ops.semiring, weight=None)
            == 2**k
        )
        costs[method] = (ops.additions, ops.multiplications)
    assert costs["forward"] == costs["reverse"] == (k, 4 * k)
    assert costs["paths"] == (2**k - 1, 2**k * (2 * k - 1))
    assert "additions" in repr(ops)


def test_user_semiring_of_matrices_is_not_commutative():
    MATRIX = ps.Semiring(
        "2x2",
        zero=np.zeros((2, 2), dtype=np.int64),
        one=np.eye(2, dtype=np.int64),
        add=np.add,
        mul=np.matmul,
        commutative=False,
    )
    A = np.array([[1, 1], [0, 1]])
    B = np.array([[0, 1], [1, 0]])
    G = nx.DiGraph()
    G.add_edge("x", "y", weight=A)
    G.add_edge("y", "z", weight=B)
    for method in ("paths", "forward", "reverse"):
        got = ps.path_sum(G, "x", "z", method=method, semiring=MATRIX)
        np.testing.assert_array_equal(got, A @ B)
    assert not np.array_equal(A @ B, B @ A)
    assert repr(MATRIX) == "<Semiring 2x2>"


def test_log_semiring_edge_cases():
    assert ps.LOG.add(-math.inf, -math.inf) == -math.inf
    assert ps.LOG.add(math.inf, 3.0) == math.inf
    assert ps.LOG.add(0.0, 0.0) == math.log(2)


def test_polynomial_merges_monomials_that_normalise_alike():
    ab, ba = (("a", 1), ("b", 1)), (("b", 1), ("a", 1))
    assert (
        Polynomial({ab: 1, ba: 1})
        == Polynomial.symbol("a") * Polynomial.symbol("b") * 2
    )
    assert Polynomial({(("a", 1),): 1, (("a", 1), ("b", 0)): -1}) == Polynomial()


def test_constant_polynomials_hash_like_the_numbers_they_equal():
    assert Polynomial.constant(1) == 1 and hash(Polynomial.constant(1)) == hash(1)
    assert len({Polynomial.constant(1), 1}) == 1
    assert hash(Polynomial()) == hash(0)


@pytest.mark.parametrize(
    ("semiring", "refused"),
    [(ps.MIN_PLUS, -math.inf), (ps.MAX_PLUS, math.inf), (ps.MAX_TIMES, math.inf)],
)
@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_the_infinity_opposite_to_zero_is_refused_by_every_method(
    semiring, refused, method
):
    # With inf and -inf on one path, enumeration gave nan and the passes 1.0.
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=semiring.zero)
    G.add_edge(1, 2, weight=refused)
    G.add_edge(0, 2, weight=1.0)
    with pytest.raises(ps.WeightError, match=r"edge \(1, 2\) has weight") as info:
        ps.path_sum(G, 0, 2, method=method, semiring=semiring)
    assert info.value.edge == (1, 2)
    # The semiring's zero is an edge that is not there, and stays allowed.
    G.edges[1, 2]["weight"] = 2.0
    assert ps.path_sum(G, 0, 2, method=method, semiring=semiring) == 1.0


def test_boolean_refuses_nan():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=math.nan)
    with pytest.raises(ps.WeightError, match="NaN is neither true nor false"):
        ps.path_sum(G, "a", "b", semiring=ps.BOOLEAN)
    G.edges["a", "b"]["weight"] = 0.5
    assert ps.path_sum(G, "a", "b", semiring=ps.BOOLEAN) is True


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_log_zero_annihilates_an_infinite_score(method):
    # inf + -inf was nan; -inf is LOG's zero, so the path weighs zero.
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=math.inf)
    G.add_edge(1, 2, weight=-math.inf)
    assert ps.path_sum(G, 0, 2, method=method, semiring=ps.LOG) == -math.inf
    G.add_edge(0, 2, weight=0.5)
    assert ps.path_sum(G, 0, 2, method=method, semiring=ps.LOG) == 0.5


def test_a_huge_weight_is_named_briefly():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight="x" * 10**5)
    with pytest.raises(ps.WeightError) as info:
        ps.path_sum(G, "a", "b")
    assert len(str(info.value)) < 300 and info.value.raw == "x" * 10**5


def test_the_flags_of_the_built_ins_and_of_a_semiring_of_your_own():
    selective = {ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES}
    assert {s for s in BUILT_INS if s.selective} == selective
    assert {s for s in BUILT_INS if not s.commutative} == {ps.FREE}
    assert [s for s in BUILT_INS if ps.semirings.ignores_weights(s)] == [ps.COUNTING]
    mine = ps.Semiring("mine", 0, 1, min, max)
    assert mine.commutative and not mine.selective and mine.lift is None
    assert not ps.semirings.ignores_weights(mine)


def test_a_value_with_addition_but_no_multiplication_is_not_a_number():
    for raw in (datetime.date(2024, 1, 1), Counter("ab")):
        with pytest.raises(TypeError, match="is not a number"):
            ps.REAL.lift(raw)
    # Both operations: taken as a number (a timedelta scales by an int).
    span = datetime.timedelta(days=2)
    assert ps.REAL.lift(span) is span


def test_a_polynomial_weight_may_be_a_number_but_not_a_truth_value():
    assert ps.POLYNOMIAL.lift(3) == Polynomial.constant(3)
    assert ps.POLYNOMIAL.lift(Fraction(1, 2)) == Polynomial.constant(Fraction(1, 2))
    with pytest.raises(TypeError, match="neither a symbol"):
        ps.POLYNOMIAL.lift(True)


def test_equal_word_sums_hash_alike_every_time():
    a = ps.FREE.add(WordSum.letter("a"), WordSum.letter("b"))
    b = ps.FREE.add(WordSum.letter("b"), WordSum.letter("a"))
    assert a == b and hash(a) == hash(b) == hash(a)
    assert len({a, b, WordSum.letter("a")}) == 2


def test_a_polynomial_or_a_word_sum_meets_a_string_with_a_type_error():
    a = Polynomial.symbol("a")
    with pytest.raises(TypeError):
        a + "b"
    with pytest.raises(TypeError):
        WordSum.letter("a") + 1
    with pytest.raises(TypeError):
        a * "b"
    with pytest.raises(TypeError):
        WordSum.letter("a") * 1
    assert a != "a" and WordSum.letter("a") != "a"
    assert a + 2 == Polynomial.constant(2) + a


def test_the_built_ins_names_and_identities():
    # Names are what messages and saved compiled graphs call them.
    assert [(s.name, s.zero, s.one) for s in BUILT_INS[:7]] == [
        ("real", 0, 1),
        ("counting", 0, 1),
        ("boolean", False, True),
        ("min-plus", math.inf, 0),
        ("max-plus", -math.inf, 0),
        ("max-times", 0, 1),
        ("log", -math.inf, 0.0),
    ]
    assert (ps.POLYNOMIAL.name, ps.FREE.name) == ("polynomial", "free")
    assert type(ps.BOOLEAN.zero) is bool and type(ps.COUNTING.zero) is int


def test_a_semiring_cannot_be_changed_after_it_is_made():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ps.REAL.zero = 1
    assert ps.REAL.zero == 0


# --- numpy integers are exact; unweighted tropical edges are steps; zero annihilates


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_numpy_integer_weights_never_wrap(method):
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=np.int64(2**62))
    G.add_edge("a", "t", weight=np.int64(4))
    G.add_edge("s", "t", weight=np.int64(1))
    value = ps.path_sum(G, "s", "t", method=method)
    assert value == 2**64 + 1
    assert type(value) is int


def test_numpy_integer_seeds_never_wrap():
    G = nx.DiGraph([("s", "t", {"weight": 4})])
    assert ps.forward_path_sums(G, {"s": np.int64(2**62)}) == {"s": 2**62, "t": 2**64}
    assert ps.reverse_path_sums(G, {"t": np.uint64(2**63)})["s"] == 2**65


@pytest.mark.parametrize("semiring", [ps.REAL, ps.MAX_PLUS, ps.MIN_PLUS, ps.LOG])
def test_numpy_integers_become_python_ints_in_every_numeric_lift(semiring):
    lifted = semiring.lift(np.int32(7))
    assert lifted == 7
    assert type(lifted) is int


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
@pytest.mark.parametrize(
    ("semiring", "hops"), [(ps.MIN_PLUS, 2), (ps.MAX_PLUS, 3), (ps.MAX_TIMES, 1)]
)
def test_unweighted_tropical_path_sums_count_hops(method, semiring, hops):
    # Two routes, of 2 and 3 hops; in MAX_TIMES a step still weighs one.
    G = nx.DiGraph([("s", "a"), ("a", "t"), ("s", "b"), ("b", "c"), ("c", "t")])
    value = ps.path_sum(G, "s", "t", method=method, weight=None, semiring=semiring)
    assert value == hops


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_max_times_overflow_meeting_zero_is_zero_not_nan(method):
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=1e200)
    G.add_edge("a", "b", weight=1e200)
    G.add_edge("b", "t", weight=0.0)
    G.add_edge("s", "t", weight=0.5)
    assert ps.path_sum(G, "s", "t", method=method, semiring=ps.MAX_TIMES) == 0.5
    path = (("s", "a"), ("a", "b"), ("b", "t"))
    assert ps.path_weight(G, path, semiring=ps.MAX_TIMES) == 0.0


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
@pytest.mark.parametrize(
    ("semiring", "big", "absent"),
    [(ps.MIN_PLUS, -1e308, math.inf), (ps.MAX_PLUS, 1e308, -math.inf)],
)
def test_tropical_overflow_meeting_zero_is_zero_not_nan(method, semiring, big, absent):
    # Two finite weights overflow to the infinity opposite to zero; the edge
    # that is not there (zero) still annihilates the path.
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=big)
    G.add_edge("a", "b", weight=big)
    G.add_edge("b", "t", weight=absent)
    G.add_edge("s", "t", weight=5)
    assert ps.path_sum(G, "s", "t", method=method, semiring=semiring) == 5
    path = (("s", "a"), ("a", "b"), ("b", "t"))
    assert ps.path_weight(G, path, semiring=semiring) == absent


@pytest.mark.parametrize("method", ["paths", "forward"])
def test_max_times_overflow_meets_a_weight_that_is_zero_in_float32(method):
    # float32 overflows at 2 × 1e200, and 1e-200 is 0 in float32: the path
    # weighs float32's zero, not the 1e-200 it was multiplied by. (Reverse
    # multiplies 1e200 × 1e-200 first, in float64, and gives 2: floats of two
    # precisions round differently in each order.)
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=np.float32(2))
    G.add_edge("a", "b", weight=1e200)
    G.add_edge("b", "t", weight=1e-200)
    path = (("s", "a"), ("a", "b"), ("b", "t"))
    with np.errstate(over="ignore", invalid="ignore"):  # the overflow is the test
        assert ps.path_weight(G, path, semiring=ps.MAX_TIMES) == 0
        assert ps.path_sum(G, "s", "t", method=method, semiring=ps.MAX_TIMES) == 0
