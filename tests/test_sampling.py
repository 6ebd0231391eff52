"""sample_paths: frequencies match path_weight / path_sum (chi-square tests),
uniform is exactly uniform on 2**200 paths (binomial tests), draws are
reproducible.

False alarms: each statistical test below fails, for a correct sampler, with
the probability it states. The seeds are fixed, so a run is deterministic; the
rates say how lucky a seed would have to be to hide a bug, or unlucky to show
one that is not there.
"""

from collections import Counter
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import pathsum as ps
from oracles import edge_paths
from pathsum.examples import colah, diamond_chain, factoring
from pathsum.strategies import dags_with_endpoints


def chi_square_p_value(G, s, t, draws, weight="weight"):
    """The p-value of the observed path counts against path_weight / path_sum,
    with bins of expected count below 5 merged (the test's usual rule)."""
    total = ps.path_sum(G, s, t, weight=weight)
    expected = {
        path: len(draws) * ps.path_weight(G, path, weight=weight) / total
        for path in edge_paths(G, s, t)
    }
    counts = Counter(draws)
    assert all(expected[path] > 0 for path in counts), "drew a path of weight 0"
    observed, wanted, small_observed, small_wanted = [], [], 0, 0.0
    for path, mean in expected.items():
        if mean == 0:
            continue
        if mean < 5:
            small_observed += counts[path]
            small_wanted += mean
        else:
            observed.append(counts[path])
            wanted.append(mean)
    if small_wanted:
        observed.append(small_observed)
        wanted.append(small_wanted)
    if len(wanted) < 2:
        return 1.0
    wanted = np.array(wanted, dtype=float)
    wanted *= sum(observed) / wanted.sum()
    return stats.chisquare(observed, wanted).pvalue


def weighted_diamonds():
    G = diamond_chain(3)
    for i, (u, v) in enumerate(G.edges):
        G.edges[u, v]["weight"] = 0.5 + i % 4
    return G


def multigraph_with_a_zero():
    G = nx.MultiDiGraph()
    G.add_edge("s", "a", weight=Fraction(1, 3))
    G.add_edge("s", "a", weight=Fraction(2, 3))
    G.add_edge("a", "t", weight=0)
    G.add_edge("a", "t", weight=5)
    G.add_edge("s", "t", weight=1)
    return G


@pytest.mark.parametrize(
    ("G", "s", "t"),
    [
        (factoring(), "X", "Z"),
        (colah(), "b", "e"),
        (weighted_diamonds(), 0, 3),
        (multigraph_with_a_zero(), "s", "t"),
    ],
)
def test_frequencies_match_path_weight_over_path_sum(G, s, t):
    # False alarm rate 1e-4 per graph.
    draws = ps.sample_paths(G, s, t, 20_000, seed=2024)
    assert chi_square_p_value(G, s, t, draws) > 1e-4


@settings(max_examples=40, deadline=None)
@given(
    example=dags_with_endpoints(
        max_nodes=6,
        weights=st.integers(0, 4) | st.fractions(0, 3, max_denominator=4),
        multigraph=True,
        max_parallel=2,
    )
)
def test_frequencies_match_on_random_small_graphs(example):
    G, s, t = example
    if not ps.path_sum(G, s, t) > 0:
        return
    # False alarm rate 1e-6 per graph, so about 4e-5 for the whole test.
    draws = ps.sample_paths(G, s, t, 4_000, seed=11)
    assert chi_square_p_value(G, s, t, draws) > 1e-6


def test_uniform_is_exact_on_2_to_the_200_paths():
    G = diamond_chain(200)
    n = 2_000
    draws = ps.sample_paths(G, 0, 200, n, weight=None, seed=5)
    assert len(set(draws)) == n
    ups = Counter(
        v for path in draws for _, v in path if isinstance(v, tuple) and v[1] == "up"
    )
    # 200 binomial tests at 5e-7 each: a false alarm rate of 1e-4 in all.
    for i in range(200):
        assert stats.binomtest(ups[(i, "up")], n, 0.5).pvalue > 5e-7
    # And all 400,000 choices together.
    assert stats.binomtest(sum(ups.values()), 200 * n, 0.5).pvalue > 1e-4


def test_uniform_ignores_the_weights_and_counting_is_the_same():
    G = weighted_diamonds()
    uniform = ps.sample_paths(G, 0, 3, 8_000, weight=None, seed=3)
    counted = ps.sample_paths(G, 0, 3, 8_000, semiring=ps.COUNTING, seed=3)
    assert uniform == counted
    # Uniform over 8 paths; false alarm rate 1e-4.
    assert stats.chisquare(list(Counter(uniform).values())).pvalue > 1e-4
    assert len(Counter(uniform)) == 8


def test_draws_are_reproducible_with_a_seed():
    G = diamond_chain(40)
    first = ps.sample_paths(G, 0, 40, 5, weight=None, seed=123)
    assert ps.sample_paths(G, 0, 40, 5, weight=None, seed=123) == first
    again = ps.sample_paths(G, 0, 40, 5, weight=None, seed=np.random.default_rng(123))
    assert again == first
    assert ps.sample_paths(G, 0, 40, 5, weight=None, seed=124) != first


def test_fractions_are_drawn_exactly_like_the_integers_they_scale():
    G = diamond_chain(30)
    for i, (u, v) in enumerate(G.edges):
        G.edges[u, v]["weight"] = 1 + i % 5
        G.edges[u, v]["fraction"] = Fraction(1 + i % 5, 7)
    integers = ps.sample_paths(G, 0, 30, 50, seed=9)
    fractions = ps.sample_paths(G, 0, 30, 50, weight="fraction", seed=9)
    assert fractions == integers


def test_hidden_edges_are_never_drawn():
    G = factoring()

    def weight(u, v, data):
        return None if data["label"] in "βε" else data["weight"]

    draws = ps.sample_paths(G, "X", "Z", 500, weight=weight, seed=0)
    used = {edge for path in draws for edge in path}
    assert used == {("X", "Y", 0), ("X", "Y", 2), ("Y", "Z", 0), ("Y", "Z", 2)}


def test_ends_and_sizes():
    G = colah()
    assert ps.sample_paths(G, "b", "b", 3, seed=0) == [(), (), ()]
    assert ps.sample_paths(G, "b", "e", 0, seed=0) == []
    with pytest.raises(nx.NetworkXNoPath):
        ps.sample_paths(G, "a", "d", 1)
    for k in (-1, 1.5, True, "3"):
        with pytest.raises(ValueError, match="k must be"):
            ps.sample_paths(G, "b", "e", k)


def test_bad_weights_are_weight_errors_naming_the_edge():
    for bad in (-1, float("nan"), float("inf")):
        G = colah()
        G.edges["c", "e"]["weight"] = bad
        with pytest.raises(ps.WeightError) as caught:
            ps.sample_paths(G, "b", "e", 1)
        assert caught.value.edge == ("c", "e")
    G = nx.MultiDiGraph([("s", "t")])
    with pytest.raises(ps.WeightError) as caught:
        ps.sample_paths(G, "s", "t", 1)
    assert caught.value.edge == ("s", "t", 0)
    assert ps.sample_paths(G, "s", "t", 1, default_weight=2) == [(("s", "t", 0),)]


def test_all_paths_of_weight_zero_is_a_value_error():
    G = colah()
    G.edges["b", "c"]["weight"] = 0
    G.edges["b", "d"]["weight"] = 0
    with pytest.raises(ValueError, match="no path of positive weight"):
        ps.sample_paths(G, "b", "e", 1)


def test_other_semirings_and_arguments_are_refused():
    G = colah()
    with pytest.raises(ValueError, match="REAL"):
        ps.sample_paths(G, "b", "e", 1, semiring=ps.MIN_PLUS)
    with pytest.raises(nx.NodeNotFound, match="source node 'z'"):
        ps.sample_paths(G, "z", "e", 1)
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.sample_paths(nx.Graph([(1, 2)]), 1, 2, 1)


def test_a_long_chain_needs_no_recursion_and_is_not_mutated():
    G = nx.path_graph(100_000, create_using=nx.DiGraph)
    before = nx.to_dict_of_dicts(G)
    [path] = ps.sample_paths(G, 0, 99_999, 1, weight=None, seed=0)
    assert len(path) == 99_999
    assert nx.to_dict_of_dicts(G) == before


def test_float_weights_that_overflow_are_refused_not_drawn_wrong():
    # The path s-a-t weighs 1e600 against 1 for s-t, so every draw should take
    # it; with inf masses the last choice in edge order took every draw.
    for first_direct in (True, False):
        G = nx.DiGraph()
        if first_direct:
            G.add_edge("s", "t", weight=1.0)
        G.add_edge("s", "a", weight=1e300)
        G.add_edge("a", "t", weight=1e300)
        if not first_direct:
            G.add_edge("s", "t", weight=1.0)
        with pytest.raises(OverflowError, match="past the largest float"):
            ps.sample_paths(G, "s", "t", 10, seed=1)
    # Exact weights of the same size draw exactly.
    H = nx.DiGraph()
    H.add_edge("s", "t", weight=1)
    H.add_edge("s", "a", weight=10**300)
    H.add_edge("a", "t", weight=10**300)
    assert set(ps.sample_paths(H, "s", "t", 50, seed=1)) == {(("s", "a"), ("a", "t"))}


def test_products_that_underflow_are_named_in_the_error():
    G = nx.DiGraph()
    nx.add_path(G, ["s", "a", "t"], weight=1e-200)
    with pytest.raises(ValueError, match="underflows a float"):
        ps.sample_paths(G, "s", "t", 10)


def test_parallel_edges_whose_shares_underflow_are_the_underflow_error():
    # The parallel edges s -> a add up to a positive total, but each one's
    # share w(e) * y[a] underflows: the draw at s had no choice and raised
    # IndexError.
    G = nx.MultiDiGraph()
    G.add_edge("s", "a", weight=5e-324)
    G.add_edge("s", "a", weight=5e-324)
    G.add_edge("a", "t", weight=0.4)
    assert ps.path_sum(G, "s", "t") > 0
    with pytest.raises(ValueError, match="underflows a float") as caught:
        ps.sample_paths(G, "s", "t", 3, seed=0)
    assert isinstance(caught.value, ps.SamplingError)
    assert "'s'" in str(caught.value)


def test_sums_past_the_largest_float_are_a_typed_error():
    G = nx.DiGraph()
    nx.add_path(G, ["s", "a", "t"], weight=1e308)
    with pytest.raises(ps.SamplingError, match="past the largest float") as caught:
        ps.sample_paths(G, "s", "t", 1)
    # Still what sample_paths raised before it had a type of its own.
    assert isinstance(caught.value, OverflowError)
    assert isinstance(caught.value, nx.NetworkXException)
    G = nx.DiGraph()
    nx.add_path(G, ["s", "a", "t"], weight=0)
    with pytest.raises(ps.SamplingError, match="no path of positive weight"):
        ps.sample_paths(G, "s", "t", 1)


def test_more_draws_than_a_list_holds_at_once_are_refused_naming_the_limit():
    G = colah()
    # With s = t the list was built at once: a bare OverflowError from list
    # repetition; otherwise the draws ran until the process was killed.
    for ends in (("b", "b"), ("b", "e")):
        with pytest.raises(
            ValueError, match=r"k=100000000000000000000 .*10,000,000"
        ) as caught:
            ps.sample_paths(G, *ends, 10**20)
        assert "seed" in str(caught.value)
    with pytest.raises(ValueError, match="k=10000001 "):
        ps.sample_paths(G, "b", "e", 10_000_001)


def test_batches_drawn_with_one_generator_continue_one_stream_of_draws():
    G = factoring()
    rng = np.random.default_rng(5)
    batches = [ps.sample_paths(G, "X", "Z", 7, seed=rng) for _ in range(3)]
    assert [*batches[0], *batches[1], *batches[2]] == ps.sample_paths(
        G, "X", "Z", 21, seed=5
    )


@pytest.mark.parametrize(("seed", "error"), [(-1, ValueError), ("abc", TypeError)])
def test_a_seed_that_is_no_seed_is_named(seed, error):
    G = nx.DiGraph([("s", "t", {"weight": 1})])
    with pytest.raises(error, match=rf"seed={seed!r} is not a seed"):
        ps.sample_paths(G, "s", "t", 1, seed=seed)
