import math
import random
import subprocess
import sys
from fractions import Fraction

import mpmath
import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum._constants import MAX_PATHS
from pathsum.examples import diamond_chain
from pathsum.strategies import dags_with_endpoints
from pathsum.testing import (
    assert_matches_path_sums,
    assert_path_sums_agree,
    error_bound,
    path_sum_property,
)

# Weights of wildly different magnitudes and both signs: sums of path products
# cancel catastrophically, the case a tolerance chosen by hand gets wrong.
METHODS = ("paths", "forward", "reverse")
adversarial = st.sampled_from([1e16, -1e16, 1e8, -1e8, 3.0, -3.0, 0.1, -0.7, 1 / 3])


def exact_path_sum(G, s, t, semiring=ps.REAL):
    """The path sum without rounding: the same binary weights as Fractions."""
    return ps.path_sum(
        G,
        s,
        t,
        method="forward",
        weight=lambda u, v, d: Fraction(d["weight"]),
        semiring=ps.REAL if semiring is ps.REAL else semiring,
    )


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
@given(dags_with_endpoints(weights=adversarial, multigraph=True))
def test_error_bound_holds_under_cancellation(method, example):
    G, s, t = example
    computed = ps.path_sum(G, s, t, method=method)
    exact = exact_path_sum(G, s, t)
    assert abs(Fraction(computed) - exact) <= Fraction(
        error_bound(G, s, t, method=method)
    )


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS])
@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
@given(dags_with_endpoints(weights=adversarial, multigraph=True))
def test_error_bound_holds_for_tropical_semirings(semiring, method, example):
    G, s, t = example
    computed = ps.path_sum(G, s, t, method=method, semiring=semiring)
    exact = ps.path_sum(
        G,
        s,
        t,
        weight=lambda u, v, d: Fraction(d["weight"]),
        semiring=ps.Semiring("exact", semiring.zero, 0, semiring.add, semiring.mul),
    )
    if math.isinf(computed):
        assert computed == exact
    else:
        bound = error_bound(G, s, t, method=method, semiring=semiring)
        assert abs(Fraction(computed) - exact) <= Fraction(bound)


@given(
    dags_with_endpoints(weights=st.floats(0, 4, allow_subnormal=False), multigraph=True)
)
def test_error_bound_holds_for_max_times(example):
    G, s, t = example
    exact = ps.path_sum(
        G, s, t, weight=lambda u, v, d: Fraction(d["weight"]), semiring=ps.MAX_TIMES
    )
    for method in ("paths", "forward", "reverse"):
        computed = ps.path_sum(G, s, t, method=method, semiring=ps.MAX_TIMES)
        bound = error_bound(G, s, t, method=method, semiring=ps.MAX_TIMES)
        assert abs(Fraction(computed) - exact) <= Fraction(bound)


def cancellation():
    # Paths 0-1-3 and 0-2-3 weigh 0.1 * 1e16 and -0.1 * 1e16 + ..., the exact sum
    # is tiny next to the terms, and floating point loses it.
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [
            (0, 1, 0.1),
            (1, 3, 1e16),
            (0, 2, -0.1),
            (2, 3, 1e16),
            (0, 3, 0.3),
            (0, 4, 0.1),
            (4, 3, 0.2),
        ]
    )
    return G


def test_the_bound_is_needed_and_sufficient_on_a_cancelling_graph():
    G = cancellation()
    errors = []
    for method in ("paths", "forward", "reverse"):
        computed = ps.path_sum(G, 0, 3, method=method)
        error = abs(Fraction(computed) - exact_path_sum(G, 0, 3))
        errors.append(error)
        assert error <= Fraction(error_bound(G, 0, 3, method=method))
    assert max(errors) > 0  # the check is not vacuous: rounding did happen
    assert error_bound(G, 0, 3) > 1  # dominated by the 1e16-sized products
    assert_path_sums_agree(G, 0, 3)


def test_disagreement_is_reported_readably():
    G = nx.DiGraph()
    G.add_edge("x", "y", weight=2)
    G.add_edge("y", "z", weight=3)
    # Subtraction is not associative: the methods associate differently.
    noisy = ps.Semiring("subtract", 0, 0, lambda a, b: a - b, lambda a, b: a - b)
    with pytest.raises(AssertionError) as info:
        assert_path_sums_agree(G, "x", "z", semiring=noisy)
    report = str(info.value)
    assert "path sums from 'x' to 'z' disagree" in report
    assert "paths" in report and "forward" in report and "reverse" in report
    assert "('x', 'y', {'weight': 2})" in report and "2 edges" in report


def test_floats_in_a_semiring_without_a_bound_are_refused():
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=0.5)
    other = ps.Semiring("other reals", 0, 1, lambda a, b: a + b, lambda a, b: a * b)
    with pytest.raises(ValueError, match="error_bound is derived for"):
        assert_path_sums_agree(G, 0, 1, semiring=other)


def test_error_bound_refuses_non_finite_weights():
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=math.inf)
    with pytest.raises(ValueError, match=r"edge \(0, 1\)"):
        error_bound(G, 0, 1)


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS, ps.LOG])
def test_a_weight_equal_to_zero_ends_its_paths_without_rounding(semiring):
    # inf in MIN_PLUS, -inf in MAX_PLUS and LOG: a path through such an edge
    # weighs zero exactly and ⊕ drops it exactly, so only the other paths count.
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [(0, 1, 0.1), (1, 3, 0.2), (0, 2, semiring.zero), (2, 3, 0.3)]
    )
    without = G.copy()
    without.remove_edge(0, 2)
    for method in METHODS:
        bound = error_bound(G, 0, 3, method=method, semiring=semiring)
        # LOG also counts the operations on the dead end 2 -> 3: still sound.
        alone = error_bound(without, 0, 3, method=method, semiring=semiring)
        assert 0 < alone <= bound < 1e-13
    assert_path_sums_agree(G, 0, 3, semiring=semiring)
    blocked = nx.DiGraph()
    blocked.add_weighted_edges_from([(0, 1, semiring.zero), (1, 2, 0.5)])
    assert error_bound(blocked, 0, 2, semiring=semiring) == 0.0
    assert_path_sums_agree(blocked, 0, 2, semiring=semiring)


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS])
@given(data=st.data())
def test_the_three_methods_agree_with_drawn_infinities(semiring, data):
    G, s, t = data.draw(
        dags_with_endpoints(
            weights=st.floats(-10, 10), infinities=0.3, semiring=semiring
        )
    )
    assert_path_sums_agree(G, s, t, semiring=semiring)


def test_error_bound_is_zero_without_rounding():
    G = nx.DiGraph([(0, 1)])
    assert error_bound(G, 1, 0) == 0.0  # no path
    assert error_bound(G, 0, 0) == 0.0  # the empty path


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
@given(
    dags_with_endpoints(
        weights=st.floats(-30, 30, allow_subnormal=False), multigraph=True
    )
)
def test_error_bound_holds_for_log(method, example):
    # The oracle: log Σ_p exp(Σ_{e in p} w_e) from the same binary weights, at
    # 60 significant digits, where its own error (< 1e-50) is far below any bound.
    G, s, t = example
    computed = ps.path_sum(G, s, t, method=method, semiring=ps.LOG)
    with mpmath.workdps(60):
        scores = [
            mpmath.fsum(mpmath.mpf(G.edges[e]["weight"]) for e in path)
            for path in ps.all_paths(G, s, t)
        ]
        if not scores:
            assert computed == -math.inf
            return
        exact = mpmath.log(mpmath.fsum(mpmath.exp(score) for score in scores))
        error = abs(mpmath.mpf(computed) - exact)
        bound = error_bound(G, s, t, method=method, semiring=ps.LOG)
        assert error <= mpmath.mpf(bound)
        assert bound < 1e-6  # a bound, not a shrug


def test_error_bound_refuses_weights_it_has_no_model_for():
    from decimal import Decimal

    import numpy as np

    G = nx.DiGraph()
    G.add_edge(0, 1, weight=np.float32(0.1))
    with pytest.raises(ValueError, match="double-precision"):
        assert_path_sums_agree(G, 0, 1)
    D = nx.DiGraph()
    D.add_edge(0, 1, weight=Decimal("0.1"))
    with pytest.raises(ValueError, match="double-precision"):
        assert_path_sums_agree(D, 0, 1)  # Decimal rounds too: never compared exactly


# Enumeration in the checks is bounded, and every argument is checked first.


def test_agreement_check_refuses_to_enumerate_too_many_paths():
    G = diamond_chain(200)
    with pytest.raises(ps.TooManyPathsError) as caught:
        assert_path_sums_agree(G, 0, 200, weight=None)
    assert caught.value.count == 2**200 and caught.value.limit == MAX_PATHS
    assert "count_paths" in str(caught.value)
    assert assert_path_sums_agree(G, 0, 200, weight=None, methods=METHODS[1:]) == (
        2**200
    )
    with pytest.raises(ps.TooManyPathsError, match="more than max_paths=3"):
        assert_path_sums_agree(G, 0, 2, weight=None, max_paths=3)
    assert assert_path_sums_agree(G, 0, 2, weight=None, max_paths=4) == 4


def test_agreement_check_refuses_a_program_with_too_many_paths():
    text = "\n".join(["y = sin(y) + cos(y)"] * 60)
    G = ps.program_graph(text, y=0.5)
    with pytest.raises(ps.TooManyPathsError) as caught:
        assert_path_sums_agree(G, "y#1", "y")
    assert caught.value.count == 2**60


def test_agreement_check_with_max_paths_none_enumerates_without_limit():
    G = diamond_chain(3)
    assert assert_path_sums_agree(G, 0, 3, weight=None, max_paths=None) == 8


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"methods": ()}, ValueError, "names no method"),
        ({"methods": []}, ValueError, "names no method"),
        ({"methods": "paths"}, ValueError, "must be a sequence of method names"),
        ({"methods": None}, ValueError, "must be a sequence of method names"),
        ({"methods": ["forward", "nope"]}, ValueError, "method='nope' is not one"),
        ({"max_paths": -1}, ValueError, "max_paths must be an int >= 0"),
        ({"max_paths": 1.5}, ValueError, "max_paths must be an int >= 0"),
        ({"semiring": "real"}, TypeError, "semiring must be a pathsum.Semiring"),
        ({"source": 9}, nx.NodeNotFound, "source node 9 is not in the graph"),
        ({"target": 9}, nx.NodeNotFound, "target node 9 is not in the graph"),
    ],
)
def test_agreement_check_validates_its_arguments(options, error, message):
    G = diamond_chain(2)
    ends = {"source": 0, "target": 2}
    ends.update((k, options.pop(k)) for k in list(options) if k in ends)
    with pytest.raises(error, match=message):
        assert_path_sums_agree(G, ends["source"], ends["target"], **options)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"method": "all"}, ValueError, "method='all' is not one"),
        ({"semiring": ps.COUNTING}, ValueError, "error_bound is derived for"),
        ({"semiring": None}, TypeError, "semiring must be a pathsum.Semiring"),
        ({"source": 9}, nx.NodeNotFound, "source node 9 is not in the graph"),
    ],
)
def test_error_bound_validates_its_arguments(options, error, message):
    G = diamond_chain(2)
    source = options.pop("source", 0)
    with pytest.raises(error, match=message):
        error_bound(G, source, 2, **options)


# The bound is computed in floats rounded upwards: as cheap as a pass, never below
# the exact formula, and inf where a double overflows.


def exact_formula(G, s, t, method, semiring):
    """The bound of error_bound's Notes, from enumerated paths, in Fractions."""
    paths = list(ps.all_paths(G, s, t))
    if not paths:
        return Fraction(0)
    edges = {edge for path in paths for edge in path}
    heads = [edge[1] for edge in edges]
    tails = [edge[0] for edge in edges]
    longest = max(len(path) for path in paths)
    sizes = [[abs(Fraction(G.edges[edge]["weight"])) for edge in p] for p in paths]
    if semiring is ps.REAL:
        k = {
            "paths": longest + len(paths),
            "forward": longest * (max(map(heads.count, heads), default=0) + 1),
            "reverse": longest * (max(map(tails.count, tails), default=0) + 1),
        }[method]
        size = sum(math.prod(p) for p in sizes)
    else:
        k = longest
        size = max(
            sum(p) if semiring is not ps.MAX_TIMES else math.prod(p) for p in sizes
        )
    u = Fraction(1, 2**53)
    return k * u / (1 - k * u) * size if k * u < 1 else math.inf


@pytest.mark.parametrize("semiring", [ps.REAL, ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES])
@given(
    dags_with_endpoints(
        weights=st.one_of(
            adversarial,
            st.floats(0, 1e6, allow_subnormal=False),
            st.fractions(0, 100, max_denominator=10**6),
            st.integers(0, 2**70),
        ),
        multigraph=True,
    )
)
def test_the_float_bound_is_the_exact_formula_rounded_up(semiring, example):
    G, s, t = example
    if semiring is ps.MAX_TIMES:
        for *_, data in G.edges(data=True):
            data["weight"] = abs(data["weight"])
    for method in METHODS:
        exact = exact_formula(G, s, t, method, semiring)
        bound = error_bound(G, s, t, method=method, semiring=semiring)
        assert Fraction(bound) >= exact
        # Rounding upwards costs a few ulps per edge, no more.
        slack = exact * Fraction(1, 2**30) + Fraction(1, 2**1000)
        assert Fraction(bound) <= exact + slack


def test_a_long_chain_costs_about_a_pass():
    # Exact products of 3·10**4 weights grow without bound: this took over a
    # minute when they were computed in Fractions.
    script = (
        "import math, networkx as nx\n"
        "from pathsum.testing import assert_path_sums_agree, error_bound\n"
        "n = 30_000\n"
        "G = nx.DiGraph()\n"
        "weights = ((i, i + 1, 0.9 if i % 2 else 1.1) for i in range(n))\n"
        "G.add_weighted_edges_from(weights)\n"
        "print(repr(error_bound(G, 0, n, method='forward')))\n"
        "print(repr(assert_path_sums_agree(G, 0, n)))\n"
        "print(repr(math.prod(d['weight'] for *_, d in G.edges(data=True))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    bound, value, product = map(float, result.stdout.split())
    assert value == pytest.approx(product, rel=1e-9)
    u = 2.0**-53
    k = 2 * 30_000  # L·(Δin + 1) on a chain
    assert bound == pytest.approx(k * u / (1 - k * u) * product, rel=1e-9)


@pytest.mark.parametrize(
    ("weights", "semiring"),
    [
        ([1e200, 1e200], ps.REAL),
        ([2**2000, 1.0], ps.REAL),
        ([Fraction(2**3000, 3), 1], ps.REAL),
        ([1e200, 1e200], ps.MAX_TIMES),
        ([1e308, 1e308], ps.MAX_PLUS),
        ([-1e308, -1e308], ps.MIN_PLUS),
    ],
)
def test_a_bound_past_the_largest_double_is_inf(weights, semiring):
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=weights[0])
    G.add_edge(1, 2, weight=weights[1])
    for method in METHODS:
        assert error_bound(G, 0, 2, method=method, semiring=semiring) == math.inf


def test_zero_times_an_overflowing_weight_bounds_nothing():
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=0.0)
    G.add_edge(1, 2, weight=2**2000)
    assert error_bound(G, 0, 2) == 0.0


def test_enumerating_more_paths_than_a_double_can_count_has_no_finite_bound():
    G = diamond_chain(200)  # 2**200 paths: no bound of the Notes' form is finite
    nx.set_edge_attributes(G, 0.5, "weight")
    assert error_bound(G, 0, 200, method="paths") == math.inf
    assert error_bound(G, 0, 200, method="paths", semiring=ps.LOG) == math.inf
    assert 0 < error_bound(G, 0, 200, method="reverse") < 1e-10
    assert 0 < error_bound(G, 0, 200, method="paths", semiring=ps.MAX_PLUS) < 1e-10


# Checking other people's code: assert_matches_path_sums and path_sum_property


def backprop(G, target, *, weight="weight", reversed_product=False):
    """A hand-written reverse pass over any values with + and *; with
    `reversed_product` it multiplies y[v] * w, the order bug."""
    y = {target: None}
    for v in reversed(list(nx.topological_sort(G))):
        if v not in y:
            continue
        for u, data in G.pred[v].items():
            w, yv = data[weight], y[v]
            if yv is None:  # the target: its path to itself weighs one
                term = w
            elif reversed_product:
                term = yv * w
            else:
                term = w * yv
            y[u] = term if u not in y else y[u] + term
    return y


def free_backprop(reversed_product):
    """The backprop above on words: each weight becomes a one-letter word."""

    def candidate(G, target):
        H = nx.DiGraph()
        H.add_node(target)
        for u, v, data in G.edges(data=True):
            H.add_edge(u, v, weight=ps.FREE.lift(data["weight"]))
        y = backprop(H, target, reversed_product=reversed_product)
        return {node: ps.FREE.one if y[node] is None else y[node] for node in y}

    return candidate


def test_a_correct_candidate_passes_every_kind():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "c", 1), ("b", "c", 1), ("b", "d", 1),
                               ("c", "e", 2), ("d", "e", 3)])  # fmt: skip
    real = {n: 1 if v is None else v for n, v in backprop(G, "e").items()}
    ours = assert_matches_path_sums(lambda G, t: real, G, target="e", kind="reverse")
    assert ours == {"a": 2, "b": 5, "c": 2, "d": 3, "e": 1}
    assert assert_matches_path_sums(lambda G, s, t: 5, G, "b", "e") == 5
    forward = {"b": 1, "c": 1, "d": 1, "e": 5, "a": 0}  # a zero is as good as absent
    assert_matches_path_sums(lambda G, s: forward, G, "b", kind="forward")
    # Floats within the derived bound pass; a wrong float does not.
    assert_matches_path_sums(lambda G, s, t: 5.0 + 1e-15, G, "b", "e")
    with pytest.raises(AssertionError, match=r"yours:   5\.1"):
        assert_matches_path_sums(lambda G, s, t: 5.1, G, "b", "e")
    assert_matches_path_sums(lambda G, s, t: 5.1, G, "b", "e", rel_tol=0.05)


def test_the_report_names_the_first_node_that_differs_and_the_graph():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 2), ("a", "t", 3)])
    wrong = {"s": 1, "a": 3, "t": 6}
    with pytest.raises(AssertionError) as info:
        assert_matches_path_sums(lambda G, s: wrong, G, "s", kind="forward")
    message = str(info.value)
    assert "differ from pathsum's first at node 'a'" in message
    assert "yours:   3" in message and "pathsum: 2" in message
    assert "('s', 'a', {'weight': 2})" in message


def test_bad_arguments_are_refused():
    G = nx.DiGraph([("s", "t")])
    with pytest.raises(ValueError, match="kind='both'"):
        assert_matches_path_sums(lambda *a: 1, G, "s", "t", kind="both")
    with pytest.raises(TypeError, match="must be a function"):
        assert_matches_path_sums(3, G, "s", "t")
    with pytest.raises(TypeError, match="not a mapping"):
        assert_matches_path_sums(lambda G, s: [1], G, "s", kind="forward",
                                 weight=None)  # fmt: skip
    with pytest.raises(nx.NodeNotFound):
        assert_matches_path_sums(lambda *a: 1, G, "s", "x")
    with pytest.raises(ValueError, match="rel_tol=-1"):
        assert_matches_path_sums(lambda *a: 1, G, "s", "t", rel_tol=-1)


def test_order_bugs_hide_from_commutative_weights_and_free_weights_find_them():
    # The backprop that multiplies y[v] * w is right for numbers ...
    buggy = path_sum_property(
        lambda G, t: {n: 1 if v is None else v
                      for n, v in backprop(G, t, reversed_product=True).items()},
        kind="reverse",
    )  # fmt: skip
    buggy()
    # ... and wrong for words, where Hypothesis shrinks it to a path of two
    # edges, the smallest graph on which the order shows.
    words = st.sampled_from("xyz")
    path_sum_property(free_backprop(False), semiring=ps.FREE, kind="reverse",
                      weights=words)()  # fmt: skip
    with pytest.raises(AssertionError, match="differ from pathsum's first") as info:
        path_sum_property(free_backprop(True), semiring=ps.FREE, kind="reverse",
                          weights=words)()  # fmt: skip
    assert "2 edges:" in str(info.value)


# The candidate's tolerance: the bounds of methods that can run, never one that is
# inf or huge because it would enumerate more paths than anyone can.


def returning(value):
    """A candidate that answers `value` whatever it is asked."""
    return lambda *args: value


def halves_and_ones(k, seed=0):
    """diamond_chain(k) with every weight 0.5 or 1.0, drawn with `seed`."""
    G = diamond_chain(k)
    rng = random.Random(seed)
    for *_, data in G.edges(data=True):
        data["weight"] = rng.choice([0.5, 1.0])
    return G


def float_forward(G, source, number=float):
    """A plain forward pass in `number`s, adding in-edges in reverse order."""
    x = {source: number(1)}
    for v in nx.topological_sort(G):
        for u, _, w in reversed(list(G.in_edges(v, data="weight"))):
            if u in x:
                x[v] = x.get(v, number(0)) + x[u] * number(w)
    return x


def test_a_candidate_that_always_answers_zero_fails_on_2_to_the_60_paths():
    G = halves_and_ones(60)
    with pytest.raises(AssertionError, match=r"yours:   0\.0"):
        assert_matches_path_sums(lambda G, s, t: 0.0, G, 0, 60)


@pytest.mark.parametrize("k", [1, 2, 3, 10, 30, 45, 46, 47, 50, 53, 54, 60, 64, 100])
@pytest.mark.parametrize("factor", [1.01, 0.99])
def test_a_candidate_one_percent_off_fails_on_any_number_of_paths(k, factor):
    for seed in range(3):
        G = halves_and_ones(k, seed)
        exact = exact_path_sum(G, 0, k)
        off = float(exact * Fraction(factor))
        with pytest.raises(AssertionError, match="differs from pathsum's"):
            assert_matches_path_sums(returning(off), G, 0, k)
        forward = float_forward(G, 0)
        forward[k] = off
        with pytest.raises(AssertionError, match=f"first at node {k}"):
            assert_matches_path_sums(returning(forward), G, 0, kind="forward")
        # A correct plain float loop in another order than pathsum's passes.
        right = float_forward(G, 0)
        assert_matches_path_sums(returning(right[k]), G, 0, k)
        assert_matches_path_sums(returning(right), G, 0, kind="forward")


def enumerate_with_networkx(G, source, target):
    """The path sum as networkx lists the paths, each product from its last edge."""
    if source == target:
        return 1.0
    total = 0.0
    for path in nx.all_simple_edge_paths(G, source, target):
        product = 1.0
        for edge in reversed(path):
            product *= G.edges[edge]["weight"]
        total += product
    return total


def test_correct_float_candidates_pass_under_cancellation():
    # Enumeration rounds more than a pass: its bound is the candidate's share
    # while there are few enough paths to enumerate.
    path_sum_property(enumerate_with_networkx, weights=adversarial, multigraph=True)()
    path_sum_property(
        float_forward, kind="forward", weights=adversarial, multigraph=True
    )()
    G = halves_and_ones(12)
    assert_matches_path_sums(enumerate_with_networkx, G, 0, 12)


def test_the_report_gives_the_tolerance_and_the_method_that_ran():
    G = halves_and_ones(3)
    wrong = {**ps.forward_path_sums(G, 0), 1: 0.0}
    with pytest.raises(AssertionError) as info:
        assert_matches_path_sums(lambda G, s: wrong, G, 0, kind="forward")
    message = str(info.value)
    assert "first at node 1\n" in message
    assert "(forward accumulation)" in message and "reverse" not in message
    assert "tolerance: " in message and "rounding-error bounds" in message


# Every legitimate answer is compared, never refused with an error of the checker's.


def test_float_counts_and_float_truth_values_are_compared():
    G = diamond_chain(60)
    nx.set_edge_attributes(G, 1, "weight")
    count = float_forward(G, 0)  # every weight 1: counts in floats
    assert_matches_path_sums(lambda G, s, t: count[60], G, 0, 60,
                             semiring=ps.COUNTING)  # fmt: skip
    # 3**40 paths: a float count that rounded passes, one off by a millionth not.
    T = nx.MultiDiGraph()
    T.add_edges_from((i, i + 1) for i in range(40) for _ in range(3))
    assert_matches_path_sums(lambda G, s, t: 3.0**40, T, 0, 40, semiring=ps.COUNTING)
    with pytest.raises(AssertionError, match=r"yours:   1\.2157"):
        assert_matches_path_sums(lambda G, s, t: 3.0**40 * (1 + 1e-6), T, 0, 40,
                                 semiring=ps.COUNTING)  # fmt: skip
    for answer in (1.0, True, np.True_, np.array(1.0), 1):
        assert_matches_path_sums(returning(answer), G, 0, 60, weight=None,
                                 semiring=ps.BOOLEAN)  # fmt: skip
    with pytest.raises(AssertionError, match=r"yours:   0\.0"):
        assert_matches_path_sums(lambda G, s, t: 0.0, G, 0, 60, weight=None,
                                 semiring=ps.BOOLEAN)  # fmt: skip
    path_sum_property(lambda G, s, t: float(ps.count_paths(G, s, t)),
                      semiring=ps.COUNTING, multigraph=True)()  # fmt: skip
    path_sum_property(lambda G, s, t: float(nx.has_path(G, s, t)),
                      semiring=ps.BOOLEAN, weight=None)()  # fmt: skip


def test_infinite_weights_are_compared_exactly():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, math.inf), (1, 3, 0.5), (0, 2, 0.1), (2, 3, 0.7)])
    assert_matches_path_sums(lambda G, s, t: math.inf, G, 0, 3)
    with pytest.raises(AssertionError, match="compared exactly"):
        assert_matches_path_sums(lambda G, s, t: 0.07, G, 0, 3)
    G.add_edge(0, 3, weight=-math.inf)  # inf - inf: NaN on both sides agrees
    assert_matches_path_sums(lambda G, s, t: math.nan, G, 0, 3)
    L = nx.DiGraph()
    L.add_weighted_edges_from([(0, 1, math.inf), (1, 2, 0.5), (0, 2, 0.25)])
    assert_matches_path_sums(lambda G, s, t: math.inf, L, 0, 2, semiring=ps.LOG)
    with pytest.raises(AssertionError, match="compared exactly"):
        assert_matches_path_sums(lambda G, s, t: 0.25, L, 0, 2, semiring=ps.LOG)
    path_sum_property(
        lambda G, s, t: ps.path_sum(G, s, t, method="paths", semiring=ps.LOG),
        semiring=ps.LOG,
        weights=st.floats(-5, 5),
        infinities=0.3,
    )()


def test_float32_weights_are_bounded_with_float32_rounding():
    G = halves_and_ones(20)
    rng = random.Random(1)
    for *_, data in G.edges(data=True):
        data["weight"] = np.float32(rng.uniform(0.1, 1))
    doubles = float_forward(G, 0)
    assert_matches_path_sums(lambda G, s, t: doubles[20], G, 0, 20)
    assert_matches_path_sums(lambda G, s: doubles, G, 0, kind="forward")
    singles = float_forward(G, 0, np.float32)
    with pytest.raises(AssertionError, match="tolerance"):
        assert_matches_path_sums(lambda G, s, t: singles[20] * 1.01, G, 0, 20)
    path_sum_property(
        lambda G, s, t: ps.path_sum(G, s, t, method="forward"),
        weights=st.floats(-2, 2, width=32).map(np.float32),
        multigraph=True,
    )()


def test_numpy_answers_are_values_like_any_other():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, 0.5), (1, 2, 0.5), (0, 2, 0.3)])
    for answer in (np.array(0.55), np.float64(0.55), np.float32(0.55)):
        assert_matches_path_sums(returning(answer), G, 0, 2)
    with pytest.raises(AssertionError, match=r"yours:   array\(0\.6\)"):
        assert_matches_path_sums(lambda G, s, t: np.array(0.6), G, 0, 2)
    values = {0: np.float64(1.0), 1: np.array(0.5), 2: np.float32(0.55)}
    assert_matches_path_sums(lambda G, s: values, G, 0, kind="forward")
    for rel_tol in (None, 1e-9):
        with pytest.raises(AssertionError, match=r"an array of shape \(2,\)"):
            assert_matches_path_sums(lambda G, s, t: np.array([0.55, 0.55]), G, 0, 2,
                                     rel_tol=rel_tol)  # fmt: skip
        with pytest.raises(AssertionError, match=r"an array of shape \(1,\)"):
            assert_matches_path_sums(lambda G, s, t: np.array([0.55]), G, 0, 2,
                                     rel_tol=rel_tol)  # fmt: skip


def test_an_answer_that_is_no_value_fails_with_a_readable_report():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, 0.5), (1, 2, 0.5), (0, 2, 0.3)])
    for answer in ("0.55", None, [0.55]):
        for rel_tol in (None, 0.1):
            with pytest.raises(AssertionError, match="not a number"):
                assert_matches_path_sums(returning(answer), G, 0, 2,
                                         rel_tol=rel_tol)  # fmt: skip
    with pytest.raises(AssertionError, match="not a number"):
        assert_matches_path_sums(lambda G, s: {0: 1.0, 1: "x"}, G, 0, kind="forward")


def matrix_semiring():
    return ps.Semiring("matrices", np.zeros((2, 2)), np.eye(2), np.add, np.matmul,
                       commutative=False)  # fmt: skip


def test_values_without_a_bound_are_compared_exactly_or_within_rel_tol():
    from decimal import Decimal

    D = nx.DiGraph()
    D.add_weighted_edges_from([(0, 1, Decimal("0.1")), (1, 2, Decimal("0.3"))])
    assert_matches_path_sums(lambda G, s, t: Decimal("0.03"), D, 0, 2)
    with pytest.raises(AssertionError, match="compared exactly"):
        assert_matches_path_sums(lambda G, s, t: 0.03, D, 0, 2)
    # A semiring of 2x2 float matrices: arrays are compared element by element.
    M = nx.DiGraph()
    a, b = np.array([[0.1, 1.0], [0.0, 0.3]]), np.array([[0.7, 0.0], [1.0, 0.2]])
    M.add_weighted_edges_from([(0, 1, a), (1, 2, b)])
    matrices = matrix_semiring()
    assert_matches_path_sums(lambda G, s, t: a @ b, M, 0, 2, semiring=matrices)
    with pytest.raises(AssertionError, match="compared exactly"):
        assert_matches_path_sums(lambda G, s, t: b @ a, M, 0, 2, semiring=matrices)
    near = a @ b + 1e-12
    with pytest.raises(AssertionError, match="compared exactly"):
        assert_matches_path_sums(lambda G, s, t: near, M, 0, 2, semiring=matrices)
    assert_matches_path_sums(lambda G, s, t: near, M, 0, 2, semiring=matrices,
                             rel_tol=1e-9)  # fmt: skip
    with pytest.raises(AssertionError, match=r"math\.isclose"):
        assert_matches_path_sums(lambda G, s, t: b @ a, M, 0, 2, semiring=matrices,
                                 rel_tol=1e-9)  # fmt: skip
    other = ps.Semiring("other reals", 0, 1, lambda x, y: x + y, lambda x, y: x * y)
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, 0.1), (1, 2, 0.7)])
    assert_matches_path_sums(lambda G, s, t: 0.1 * 0.7, G, 0, 2, semiring=other)
    with pytest.raises(AssertionError, match="no rounding-error bound"):
        assert_matches_path_sums(lambda G, s, t: 0.07, G, 0, 2, semiring=other)
