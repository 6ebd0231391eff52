"""Property tests: enumeration, forward and reverse accumulation always agree,
with each other and with oracles that share no code with pathsum."""

from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from oracles import edge_paths
from pathsum.examples import diamond_chain
from pathsum.strategies import dags, dags_with_endpoints
from pathsum.testing import assert_path_sums_agree, error_bound

METHODS = ("paths", "forward", "reverse")
fractions = st.fractions(-3, 3, max_denominator=6)
labels = st.sampled_from(["a", "b", "c", "d"])

MATRIX = ps.Semiring(
    "2x2 integer matrices",
    zero=np.zeros((2, 2), dtype=object),
    one=np.eye(2, dtype=int).astype(object),
    add=np.add,
    mul=np.dot,
    commutative=False,
)
matrices = st.lists(st.integers(-2, 2), min_size=4, max_size=4).map(
    lambda xs: np.array(xs, dtype=object).reshape(2, 2)
)

# semiring, weights strategy, weight argument
CASES = {
    "real-fractions": (ps.REAL, fractions, "weight"),
    "real-floats": (ps.REAL, st.floats(-4, 4, allow_subnormal=False), "weight"),
    "counting": (ps.COUNTING, None, None),
    "boolean": (ps.BOOLEAN, st.booleans(), "weight"),
    "min-plus": (ps.MIN_PLUS, st.integers(-5, 5), "weight"),
    "max-plus": (ps.MAX_PLUS, st.integers(-5, 5), "weight"),
    "max-times": (ps.MAX_TIMES, st.fractions(0, 2, max_denominator=4), "weight"),
    "log": (ps.LOG, st.floats(-3, 3, allow_subnormal=False), "weight"),
    "polynomial": (ps.POLYNOMIAL, labels, "weight"),
    "free": (ps.FREE, labels, "weight"),
    "matrices": (MATRIX, matrices, "weight"),
}


@pytest.mark.parametrize("case", CASES, ids=str)
@given(data=st.data())
def test_three_methods_agree_in_every_semiring(case, data):
    semiring, weights, weight = CASES[case]
    multigraph = data.draw(st.booleans(), label="multigraph")
    G, s, t = data.draw(dags_with_endpoints(weights=weights, multigraph=multigraph))
    assert_path_sums_agree(G, s, t, weight=weight, semiring=semiring)


@pytest.mark.parametrize("case", CASES, ids=str)
@given(data=st.data())
def test_forward_from_s_at_t_equals_reverse_from_t_at_s(case, data):
    semiring, weights, weight = CASES[case]
    G, s, t = data.draw(dags_with_endpoints(weights=weights, multigraph=True))
    forward = ps.forward_path_sums(G, s, weight=weight, semiring=semiring)
    reverse = ps.reverse_path_sums(G, t, weight=weight, semiring=semiring)
    assert (t in forward) == (s in reverse)
    a, b = forward.get(t, semiring.zero), reverse.get(s, semiring.zero)
    if semiring is MATRIX:
        assert np.array_equal(a, b)
    elif case in ("real-floats", "log"):
        bounds = [
            error_bound(G, s, t, method=m, semiring=semiring)
            for m in ("forward", "reverse")
        ]
        assert a == b or abs(a - b) <= sum(bounds)
    else:
        assert a == b


def brute_force(G, s, t, semiring, weight="weight"):
    """⊕ over networkx's own enumeration of ⊗ over each path, in path order."""
    total = semiring.zero
    for path in edge_paths(G, s, t):
        product = semiring.one
        for edge in path:
            raw = G.edges[edge].get(weight, semiring.one)
            product = semiring.mul(product, semiring.lift(raw))
        total = semiring.add(total, product)
    return total


@pytest.mark.parametrize("case", ["real-fractions", "polynomial", "free", "max-times"])
@given(data=st.data())
def test_every_method_equals_brute_force_over_networkx_paths(case, data):
    semiring, weights, _weight = CASES[case]
    G, s, t = data.draw(dags_with_endpoints(weights=weights, multigraph=True))
    expected = brute_force(G, s, t, semiring)
    for method in METHODS:
        assert ps.path_sum(G, s, t, method=method, semiring=semiring) == expected


@given(dags_with_endpoints(weights=labels, multigraph=True))
def test_free_semiring_spells_each_path_in_order(example):
    G, s, t = example
    words = {}
    for path in edge_paths(G, s, t):
        word = tuple(G.edges[e]["weight"] for e in path)
        words[word] = words.get(word, 0) + 1
    for method in METHODS:
        assert ps.path_sum(G, s, t, method=method, semiring=ps.FREE).words == words


def to_sympy(polynomial):
    return sympy.Add(
        *(
            sympy.Integer(c) * sympy.Mul(*(sympy.Symbol(x) ** e for x, e in monomial))
            for monomial, c in polynomial.terms.items()
        )
    )


@given(dags_with_endpoints(weights=labels, multigraph=True))
def test_polynomial_path_sum_is_sympys_expanded_sum_of_products(example):
    G, s, t = example
    expected = sympy.expand(
        sympy.Add(
            *(
                sympy.Mul(*(sympy.Symbol(G.edges[e]["weight"]) for e in p))
                for p in edge_paths(G, s, t)
            )
        )
    )
    for method in METHODS:
        got = ps.path_sum(G, s, t, method=method, semiring=ps.POLYNOMIAL)
        assert sympy.expand(to_sympy(got) - expected) == 0


@pytest.mark.parametrize(
    ("oracle", "weights", "multigraph"),
    [
        (nx.dijkstra_path_length, st.integers(0, 9), True),
        (nx.bellman_ford_path_length, st.integers(-9, 9), False),
    ],
    ids=["dijkstra", "bellman-ford"],
)
@given(data=st.data())
def test_min_plus_is_networkx_shortest_path_length(oracle, weights, multigraph, data):
    G, s, t = data.draw(dags_with_endpoints(weights=weights, multigraph=multigraph))
    try:
        expected = oracle(G, s, t, weight="weight")
    except nx.NetworkXNoPath:
        expected = float("inf")
    for method in METHODS:
        assert ps.path_sum(G, s, t, method=method, semiring=ps.MIN_PLUS) == expected


@given(dags_with_endpoints(weights=st.integers(0, 9), multigraph=True))
def test_max_plus_is_networkx_dag_longest_path_length(example):
    G, s, t = example
    between = nx.descendants(G, s) & nx.ancestors(G, t) | {s, t}
    for method in METHODS:
        got = ps.path_sum(G, s, t, method=method, semiring=ps.MAX_PLUS)
        if not nx.has_path(G, s, t):
            assert got == float("-inf")
        else:
            # With weights >= 0 every path between s and t extends to an s-t path.
            sub = G.subgraph(between)
            assert got == nx.dag_longest_path_length(sub, weight="weight")


@given(dags_with_endpoints(weights=st.booleans(), multigraph=True))
def test_boolean_is_reachability(example):
    G, s, t = example
    visible = nx.subgraph_view(G, filter_edge=lambda *edge: G.edges[edge]["weight"])
    for method in METHODS:
        assert ps.path_sum(G, s, t, method=method, semiring=ps.BOOLEAN) == nx.has_path(
            visible, s, t
        )


@given(
    dags(min_nodes=2, weights=fractions, multigraph=True),
    st.data(),
)
def test_forward_and_reverse_are_linear_in_the_seeds(G, data):
    nodes = sorted(G)
    seeds = data.draw(st.dictionaries(st.sampled_from(nodes), fractions, max_size=3))
    combined = ps.forward_path_sums(G, seeds)
    separate = {}
    for node, seed in seeds.items():
        for v, value in ps.forward_path_sums(G, node).items():
            separate[v] = separate.get(v, 0) + seed * value
    assert combined == separate
    combined = ps.reverse_path_sums(G, seeds)
    separate = {}
    for node, seed in seeds.items():
        for u, value in ps.reverse_path_sums(G, node).items():
            separate[u] = separate.get(u, 0) + value * seed
    assert combined == separate


@given(
    dags_with_endpoints(weights=labels, multigraph=True),
    dags_with_endpoints(weights=labels, multigraph=True),
)
def test_path_sums_factor_through_a_cut_vertex(first, second):
    # Glue the target of the first DAG to the source of the second: every path
    # from s to t passes through the cut vertex, so (in path order, FREE)
    # sum(s -> t) = sum(s -> cut) ⊗ sum(cut -> t).
    G1, s, cut = first
    G2, cut2, t = second
    G = nx.union(G1, G2, rename=("L", "R"))
    G = nx.contracted_nodes(G, f"L{cut}", f"R{cut2}", self_loops=False, copy=True)
    left = ps.path_sum(G1, s, cut, semiring=ps.FREE)
    right = ps.path_sum(G2, cut2, t, semiring=ps.FREE)
    end = f"L{cut}" if t == cut2 else f"R{t}"
    assert G.number_of_edges() == G1.number_of_edges() + G2.number_of_edges()
    for method in METHODS:
        whole = ps.path_sum(G, f"L{s}", end, method=method, semiring=ps.FREE)
        assert whole == left * right


@given(dags_with_endpoints(weights=labels, multigraph=True))
def test_reversing_every_edge_swaps_forward_and_reverse(example):
    G, s, t = example
    R = G.reverse(copy=True)
    mirrored = lambda value: ps.WordSum({w[::-1]: n for w, n in value.words.items()})  # noqa: E731
    forward = ps.forward_path_sums(G, s, semiring=ps.FREE)
    reverse_of_reversed = ps.reverse_path_sums(R, s, semiring=ps.FREE)
    assert forward.keys() == reverse_of_reversed.keys()
    for node, value in forward.items():
        assert mirrored(reverse_of_reversed[node]) == value
    assert ps.path_sum(R, t, s, semiring=ps.FREE) == mirrored(
        ps.path_sum(G, s, t, semiring=ps.FREE)
    )


def test_forward_sums_hold_exactly_the_reached_nodes():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "c"), ("c", "d")])
    assert set(ps.forward_path_sums(G, "b", weight=None)) == {"b", "c", "d"}
    assert set(ps.reverse_path_sums(G, "c", weight=None)) == {"a", "b", "x", "c"}
    assert ps.path_sum(G, "x", "a") == 0
    assert ps.path_sum(G, "x", "a", semiring=ps.MIN_PLUS) == float("inf")


def colah():
    """e = (a + b)(b + 1) with c = a + b, d = b + 1, evaluated at a = 2, b = 1."""
    a, b = 2, 1
    c, d = a + b, b + 1
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("a", "c", 1), ("b", "c", 1), ("b", "d", 1), ("c", "e", d), ("d", "e", c)]
    )
    return G


@pytest.mark.parametrize("method", METHODS)
def test_seed_example_derivatives(method):
    G = colah()
    assert ps.path_sum(G, "b", "e", method=method) == 5
    assert ps.path_sum(G, "a", "e", method=method) == 2


def test_seed_example_forward_and_reverse_overlays():
    G = colah()
    assert ps.forward_path_sums(G, "b") == {"b": 1, "c": 1, "d": 1, "e": 5}
    assert ps.reverse_path_sums(G, "e") == {"e": 1, "c": 2, "d": 3, "a": 2, "b": 5}


def factoring():
    G = nx.MultiDiGraph()
    for label in "αβγ":
        G.add_edge("X", "Y", label=label)
    for label in "δεζ":
        G.add_edge("Y", "Z", label=label)
    return G


@pytest.mark.parametrize("method", METHODS)
def test_seed_factoring_example_has_nine_paths_and_nine_products(method):
    G = factoring()
    assert ps.count_paths(G, "X", "Z") == 9
    total = ps.path_sum(
        G, "X", "Z", method=method, weight="label", semiring=ps.POLYNOMIAL
    )
    products = {
        str(ps.Polynomial.symbol(x) * ps.Polynomial.symbol(y))
        for x in "αβγ"
        for y in "δεζ"
    }
    assert set(str(total).split(" + ")) == products
    assert str(total) == "α·δ + α·ε + α·ζ + β·δ + β·ε + β·ζ + γ·δ + γ·ε + γ·ζ"
    assert total == ps.POLYNOMIAL.sum(
        ps.Polynomial.symbol(x) for x in "αβγ"
    ) * ps.POLYNOMIAL.sum(ps.Polynomial.symbol(y) for y in "δεζ")


def test_exact_fraction_derivatives_through_shared_subexpressions():
    G = nx.MultiDiGraph()
    G.add_edge("x", "y", weight=Fraction(1, 3))
    G.add_edge("x", "y", weight=Fraction(1, 6))
    G.add_edge("y", "z", weight=Fraction(2, 1))
    G.add_edge("x", "z", weight=Fraction(-1, 1))
    for method in METHODS:
        assert ps.path_sum(G, "x", "z", method=method) == 0


def test_enumeration_is_bounded_by_default_and_the_limit_can_be_moved():
    # 2**200 paths: enumeration used to run for ever.
    G = diamond_chain(200)
    with pytest.raises(ps.TooManyPathsError, match=f"there are {2**200} ") as info:
        ps.path_sum(G, 0, 200, method="paths", weight=None)
    assert (info.value.count, info.value.limit) == (2**200, 10**6)
    assert "count_paths" in str(info.value)
    small = diamond_chain(4)
    with pytest.raises(ps.TooManyPathsError, match="max_paths=15"):
        ps.path_sum(small, 0, 4, method="paths", weight=None, max_paths=15)
    assert ps.path_sum(small, 0, 4, method="paths", weight=None, max_paths=16) == 16
    assert ps.path_sum(small, 0, 4, method="paths", weight=None, max_paths=None) == 16
    with pytest.raises(ValueError, match="max_paths must be an int >= 0 or None"):
        ps.path_sum(small, 0, 4, max_paths=-1)
