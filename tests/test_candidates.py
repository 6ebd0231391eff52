"""Your function against pathsum: every kind of answer, the options, the reports.

The oracles are networkx's own functions and brute-force enumeration with
networkx's `all_simple_paths`; the kinds "forward", "reverse" and "sum" are
tested in test_testing.py.
"""

import math
import re
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import pathsum as ps
from pathsum.semirings import with_count
from pathsum.strategies import dags, dags_with_endpoints
from pathsum.testing import (
    PROFILES,
    assert_matches_path_sums,
    path_sum_property,
    register_profiles,
)
from pathsum.testing.properties import drawn


def every_path(G):
    """Every path of G as a list of edges, the one-node paths as []."""
    for u in G:
        yield u, []
        for v in G:
            if u != v:
                for path in nx.all_simple_edge_paths(G, u, v):
                    yield u, path


def brute_whole(G, semiring, weight="weight"):
    """The ⊕ of every path's weight, by enumeration: the "whole" oracle."""
    total = semiring.zero
    for _, path in every_path(G):
        product = semiring.one
        for edge in path:
            data = G.edges[edge]
            raw = 1 if weight is None else data[weight]
            product = semiring.mul(product, semiring.lift(raw))
        total = semiring.add(total, product)
    return total


def chain(*weights, graph=nx.DiGraph):
    G = graph()
    G.add_weighted_edges_from((i, i + 1, w) for i, w in enumerate(weights))
    return G


# --- whole -------------------------------------------------------------------


@pytest.mark.parametrize(
    "semiring", [ps.REAL, ps.COUNTING, ps.MAX_PLUS, ps.MIN_PLUS, ps.FREE]
)
@given(data=st.data())
def test_whole_is_the_sum_over_every_path_of_the_graph(semiring, data):
    weights = st.sampled_from("xyz") if semiring is ps.FREE else st.integers(-3, 3)
    G = data.draw(dags(max_nodes=6, weights=weights, multigraph=True))
    if semiring is ps.REAL:
        for *_, data in G.edges(keys=True, data=True):
            data["weight"] = Fraction(data["weight"], 3)
    expected = brute_whole(G, semiring)
    assert (
        assert_matches_path_sums(lambda H: expected, G, kind="whole", semiring=semiring)
        == expected
    )


@given(dags(min_nodes=1, max_nodes=8, weights=st.integers(-9, 9)))
def test_networkx_dag_longest_path_length_is_the_whole_max_plus_sum(G):
    # Negative weights included: networkx may start at an interior node.
    assert_matches_path_sums(
        nx.dag_longest_path_length, G, kind="whole", semiring=ps.MAX_PLUS
    )


def test_whole_finds_networkx_contract_on_the_empty_graph():
    with pytest.raises(AssertionError, match=r"yours:   0\n  pathsum: -inf"):
        assert_matches_path_sums(
            nx.dag_longest_path_length, nx.DiGraph(), kind="whole",
            semiring=ps.MAX_PLUS,
        )  # fmt: skip


def test_whole_counts_hops_with_weight_none_and_takes_weight_functions():
    G = chain(5, 7, 11)  # 4 nodes, 3 edges
    assert (
        assert_matches_path_sums(
            lambda H: 3, G, kind="whole", weight=None, semiring=ps.MAX_PLUS
        )
        == 3
    )
    # Every path: 4 one-node paths weigh 1 each, then 5, 7, 11, 35, 77, 385.
    assert (
        assert_matches_path_sums(
            lambda H: 4 + 5 + 7 + 11 + 35 + 77 + 385, G, kind="whole"
        )
        == 524
    )
    halved = assert_matches_path_sums(
        lambda H: Fraction(23, 2), G, kind="whole", semiring=ps.MAX_PLUS,
        weight=lambda u, v, d: Fraction(d["weight"], 2),
    )  # fmt: skip
    assert halved == Fraction(23, 2)


def test_a_wrong_whole_answer_shows_the_best_path_and_the_graph():
    G = chain(2, -5, 4)
    G.add_edge("x", 3, weight=9)
    with pytest.raises(AssertionError) as info:
        assert_matches_path_sums(lambda H: 10, G, kind="whole", semiring=ps.MAX_PLUS)
    message = str(info.value)
    assert "over the whole graph" in message
    assert "pathsum: 9 (reverse accumulation)" in message
    assert "pathsum's best path: ['x', 3]" in message
    assert "<start>" not in message and "<end>" not in message


# --- pairs -------------------------------------------------------------------


@given(dags(max_nodes=7, weights=st.integers(0, 9), multigraph=True))
def test_networkx_all_pairs_shortest_paths_match_min_plus(G):
    def all_pairs(H):
        return dict(nx.all_pairs_dijkstra_path_length(H))

    ours = assert_matches_path_sums(all_pairs, G, kind="pairs", semiring=ps.MIN_PLUS)
    assert set(ours) == set(G)

    def hops(H):
        return dict(nx.all_pairs_shortest_path_length(H))

    assert_matches_path_sums(hops, G, kind="pairs", weight=None, semiring=ps.MIN_PLUS)


def test_pairs_reports_a_missing_source_an_unknown_node_and_a_wrong_value():
    G = chain(1, 2)
    right = {0: {0: 0, 1: 1, 2: 3}, 1: {1: 0, 2: 2}, 2: {2: 0}}
    assert_matches_path_sums(lambda H: right, G, kind="pairs", semiring=ps.MIN_PLUS)
    without = {s: row for s, row in right.items() if s != 1}
    with pytest.raises(AssertionError, match="no entry for source 1") as info:
        assert_matches_path_sums(lambda H: without, G, kind="pairs",
                                 semiring=ps.MIN_PLUS)  # fmt: skip
    assert "yours:   missing (counted as inf, the semiring's zero)" in str(info.value)
    with pytest.raises(AssertionError, match="path sums from 7, which is not in"):
        assert_matches_path_sums(lambda H: {**right, 7: {}}, G, kind="pairs",
                                 semiring=ps.MIN_PLUS)  # fmt: skip
    wrong = {**right, 0: {0: 0, 1: 1, 2: 4}}
    with pytest.raises(
        AssertionError, match="from 0 differ from pathsum's first at node 2"
    ):
        assert_matches_path_sums(lambda H: wrong, G, kind="pairs", semiring=ps.MIN_PLUS)
    with pytest.raises(TypeError, match="not a mapping target -> value for source 0"):
        assert_matches_path_sums(lambda H: {**right, 0: [0]}, G, kind="pairs",
                                 semiring=ps.MIN_PLUS)  # fmt: skip


# --- path --------------------------------------------------------------------


@given(dags(min_nodes=1, max_nodes=8, weights=st.integers(-9, 9), multigraph=True))
def test_networkx_dag_longest_path_is_a_best_path_of_the_graph(G):
    assert_matches_path_sums(nx.dag_longest_path, G, kind="path", semiring=ps.MAX_PLUS)


def shortest_or_none(G, s, t):
    try:
        return nx.dijkstra_path(G, s, t)
    except nx.NetworkXNoPath:
        return None


@given(dags_with_endpoints(max_nodes=8, weights=st.integers(0, 9), multigraph=True))
def test_networkx_dijkstra_path_is_a_best_source_target_path(example):
    assert_matches_path_sums(shortest_or_none, *example, kind="path",
                             semiring=ps.MIN_PLUS)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (None, "returned no path \\(None\\), but the best path from 0 to 3 weighs 3"),
        ([0, 1, 3], "\\(1, 3\\) is not an edge of the graph"),
        ([0, 9], "9 is not a node of the graph"),
        ([1, 2, 3], "it starts at 1, not at the source 0"),
        ([0, 1, 2], "it ends at 2, not at the target 3"),
        ([], "an empty list of nodes is no path"),
        ([(0, 1), (2, 3)], "\\(0, 1\\) and \\(2, 3\\) do not meet"),
        ([(0, 1), (1, 3)], "\\(1, 3\\) is not an edge of the graph"),
        ("0123", "not a list of nodes or of edges"),
        ([0, 4, 3], "is not a best one:\n  yours:   \\[0, 4, 3\\] weighs 7"),
        ([(0, 4), (4, 3)], "weighs 7\n  pathsum: the best weighs 3"),
    ],
)
def test_a_wrong_path_is_reported_with_why(answer, why):
    G = chain(1, 1, 1)
    G.add_weighted_edges_from([(0, 4, 3), (4, 3, 4)])
    with pytest.raises(AssertionError, match=why) as info:
        assert_matches_path_sums(lambda H, s, t: answer, G, 0, 3, kind="path",
                                 semiring=ps.MIN_PLUS)  # fmt: skip
    assert "pathsum's best path: [0, 1, 2, 3]" in str(info.value)


def test_paths_as_nodes_or_edges_and_none_where_there_is_no_path():
    G = chain(1, 1, 1)
    for path in ([0, 1, 2, 3], [(0, 1), (1, 2), (2, 3)], ((0, 1), (1, 2), (2, 3))):
        best = assert_matches_path_sums(lambda H, s, t, p=path: p, G, 0, 3,
                                        kind="path", semiring=ps.MAX_PLUS)  # fmt: skip
        assert best == 3
    G.add_node("lonely")
    none = assert_matches_path_sums(lambda H, s, t: None, G, 0, "lonely",
                                    kind="path", semiring=ps.MAX_PLUS)  # fmt: skip
    assert none == -math.inf
    with pytest.raises(AssertionError, match="there is no path from 0 to 'lonely'"):
        assert_matches_path_sums(lambda H, s, t: [0], G, 0, "lonely", kind="path",
                                 semiring=ps.MAX_PLUS)  # fmt: skip
    # From a node to itself: [node], or no edge at all.
    for path in ([2], []):
        here = assert_matches_path_sums(lambda H, s, t, p=path: p, G, 2, 2,
                                        kind="path", semiring=ps.MAX_PLUS)  # fmt: skip
        assert here == 0
    # The empty graph has no path at all; networkx's [] says otherwise.
    assert_matches_path_sums(lambda H: None, nx.DiGraph(), kind="path",
                             semiring=ps.MAX_PLUS)  # fmt: skip
    with pytest.raises(AssertionError, match=r"returned \[\], but there is no path in"):
        assert_matches_path_sums(nx.dag_longest_path, nx.DiGraph(), kind="path",
                                 semiring=ps.MAX_PLUS)  # fmt: skip


def test_paths_on_a_multigraph_weigh_the_edges_they_take():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="slow", weight=5)
    G.add_edge("a", "b", key="fast", weight=1)
    G.add_edge("b", "c", weight=1)
    shortest = {"semiring": ps.MIN_PLUS, "kind": "path"}
    # Nodes take the best parallel edge; 2-tuples too; a key takes that edge.
    for path in (["a", "b", "c"], [("a", "b"), ("b", "c")],
                 [("a", "b", "fast"), ("b", "c", 0)]):  # fmt: skip
        assert assert_matches_path_sums(lambda H, s, t, p=path: p, G, "a", "c",
                                        **shortest) == 2  # fmt: skip
    with pytest.raises(AssertionError, match="weighs 6"):
        assert_matches_path_sums(lambda H, s, t: [("a", "b", "slow"), ("b", "c", 0)],
                                 G, "a", "c", **shortest)  # fmt: skip
    with pytest.raises(AssertionError, match=r"\('a', 'b', 'lost'\) is not an edge"):
        assert_matches_path_sums(lambda H, s, t: [("a", "b", "lost"), ("b", "c", 0)],
                                 G, "a", "c", **shortest)  # fmt: skip


def test_a_path_through_a_hidden_edge_is_no_path():
    G = chain(1, 1)
    G.add_edge(0, 2, weight=1)

    def weight(u, v, d):
        return None if (u, v) == (0, 2) else d["weight"]

    with pytest.raises(AssertionError, match="which the weight function hides"):
        assert_matches_path_sums(lambda H, s, t: [0, 2], G, 0, 2, kind="path",
                                 weight=weight, semiring=ps.MIN_PLUS)  # fmt: skip


def test_a_float_path_as_good_as_the_best_but_for_rounding_passes():
    # 0.1 + 0.2 rounds above 0.3: in real numbers the two paths tie.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "m", 0.1), ("m", "t", 0.2), ("s", "t", 0.3)])
    assert 0.1 + 0.2 > 0.3
    best = assert_matches_path_sums(lambda H, s, t: ["s", "m", "t"], G, "s", "t",
                                    kind="path", semiring=ps.MIN_PLUS)  # fmt: skip
    assert best == 0.3
    G["s"]["t"]["weight"] = 0.2999
    with pytest.raises(AssertionError, match="tolerance: "):
        assert_matches_path_sums(lambda H, s, t: ["s", "m", "t"], G, "s", "t",
                                 kind="path", semiring=ps.MIN_PLUS)  # fmt: skip


def test_paths_need_a_selective_semiring():
    with pytest.raises(ValueError, match="kind='path' needs a selective semiring"):
        assert_matches_path_sums(lambda H: [0], chain(1), kind="path")


# --- ends, tolerances, default weights ---------------------------------------


@pytest.mark.parametrize(
    ("kind", "ends", "message"),
    [
        ("sum", ("s", None), "kind='sum' needs target=, the node paths end at"),
        ("sum", (None, None), "kind='sum' needs source=, the node paths start at"),
        ("reverse", ("s", None), "kind='reverse' needs target="),
        ("whole", ("s", None), r"candidate\(G\) and does not use source='s'"),
        ("pairs", (None, "t"), r"candidate\(G\) and does not use target='t'"),
        ("path", ("s", None), "kind='path' takes both source and target"),
        ("both", ("s", "t"), "'sum', 'forward', 'reverse', 'whole', 'pairs', 'path'"),
    ],
)
def test_each_kind_takes_the_ends_it_calls_your_function_with(kind, ends, message):
    G = chain(1)
    G = nx.relabel_nodes(G, {0: "s", 1: "t"})
    with pytest.raises(ValueError, match=message):
        assert_matches_path_sums(lambda *a: 1, G, *ends, kind=kind,
                                 semiring=ps.MAX_PLUS)  # fmt: skip


def test_rel_tol_and_abs_tol_are_math_isclose():
    G = chain(0.5, -0.5)  # the path sum from 0 to 2 is -0.25
    near_zero = nx.DiGraph([(0, 1, {"weight": 0.0})])
    for answer, options, agree in [
        (-0.25 * 1.01, {"rel_tol": 0.02}, True),
        (-0.25 * 1.03, {"rel_tol": 0.02}, False),
        (-0.25 + 0.01, {"abs_tol": 0.02}, True),
        (-0.25 + 0.03, {"abs_tol": 0.02}, False),
    ]:

        def candidate(H, s, t, answer=answer):
            return answer

        if agree:
            assert_matches_path_sums(candidate, G, 0, 2, **options)
        else:
            with pytest.raises(AssertionError, match=r"math\.isclose"):
                assert_matches_path_sums(candidate, G, 0, 2, **options)
    # rel_tol alone allows no absolute difference at zero, as math.isclose.
    with pytest.raises(AssertionError, match=r"rel_tol=0.5, abs_tol=0.0\)"):
        assert_matches_path_sums(lambda H, s, t: 1e-300, near_zero, 0, 1, rel_tol=0.5)
    assert_matches_path_sums(lambda H, s, t: 1e-300, near_zero, 0, 1, abs_tol=1e-299)
    with pytest.raises(ValueError, match="abs_tol=-1 must be a finite number >= 0"):
        assert_matches_path_sums(lambda H, s, t: 0, G, 0, 2, abs_tol=-1)


def test_default_weight_is_passed_on_and_shown_in_the_report():
    G = nx.DiGraph([(0, 1, {"weight": 2}), (1, 2, {})])
    with pytest.raises(ps.WeightError):
        assert_matches_path_sums(lambda H, s, t: 6, G, 0, 2)
    assert assert_matches_path_sums(lambda H, s, t: 6, G, 0, 2, default_weight=3) == 6
    with pytest.raises(AssertionError) as info:
        assert_matches_path_sums(lambda H, s, t: 7, G, 0, 2, default_weight=3)
    assert "graph (DiGraph, weight='weight', default_weight=3), 2 edges:" in str(
        info.value
    )


def test_a_report_with_a_weight_function_can_be_pasted_back():
    G = chain(1, 2, 3, graph=nx.MultiDiGraph)
    G.add_edge(0, 3, weight=100)

    def doubled(u, v, data):
        return None if data["weight"] == 100 else 2 * data["weight"]

    with pytest.raises(AssertionError) as info:
        assert_matches_path_sums(lambda H, s, t: 0, G, 0, 3, weight=doubled)
    message = str(info.value)
    assert "<function" not in message
    header, *rest = message.split("graph (")[1].splitlines()
    assert header.startswith("MultiDiGraph, weight='weight', the values your weight")
    edges = [eval(line) for line in rest if line.startswith("  (")]
    assert "hidden by your weight function: [(0, 3, 0)]" in message
    pasted = nx.MultiDiGraph(edges)
    assert ps.path_sum(pasted, 0, 3) == ps.path_sum(G, 0, 3, weight=doubled) == 48


# --- the property ------------------------------------------------------------


def test_the_property_draws_infinities_of_its_semiring():
    seen = []

    def shortest(G, s, t):
        seen.extend(d["weight"] for *_, d in G.edges(data=True))
        return ps.path_sum(G, s, t, semiring=ps.MIN_PLUS)

    sixty = settings(max_examples=60, derandomize=True)
    path_sum_property(shortest, semiring=ps.MIN_PLUS, infinities=0.3,
                      settings=sixty)()  # fmt: skip
    assert math.inf in seen


def test_the_property_takes_default_weight_with_missing_weights():
    def shortest(G, s, t):
        return ps.path_sum(G, s, t, weight=lambda u, v, d: d.get("weight", 4),
                           semiring=ps.MIN_PLUS)  # fmt: skip

    test = path_sum_property(shortest, semiring=ps.MIN_PLUS, missing=0.3,
                             default_weight=4)  # fmt: skip
    test()
    wrong = path_sum_property(shortest, semiring=ps.MIN_PLUS, missing=0.3,
                              default_weight=5)  # fmt: skip
    with pytest.raises(AssertionError):
        wrong()


def test_the_property_runs_under_the_settings_given():
    calls = []

    def counted(G, s, t):
        calls.append(1)
        return ps.path_sum(G, s, t)

    path_sum_property(counted, settings=settings(max_examples=5, derandomize=True))()
    assert 0 < len(calls) <= 5
    with pytest.raises(TypeError, match=r"must be a hypothesis\.settings"):
        path_sum_property(counted, settings={"max_examples": 5})


@pytest.mark.parametrize(
    ("kind", "options", "example"),
    [
        ("forward", {}, r"example=\(\w*DiGraph\(.*\),\s+\d+,?\s*\)"),
        ("reverse", {}, r"example=\(\w*DiGraph\(.*\),\s+\d+,?\s*\)"),
        ("sum", {}, r"example=\(\w*DiGraph\(.*\),\s+\d+,\s+\d+,?\s*\)"),
        ("whole", {}, r"example=\w*DiGraph\("),
        ("pairs", {}, r"example=\w*DiGraph\("),
        ("path", {"whole": True}, r"example=\w*DiGraph\("),
    ],
)
def test_a_failing_example_holds_what_the_function_was_called_with(
    kind, options, example
):
    def wrong(G, *ends):
        if kind == "path":
            return ["nowhere"]
        if kind in ("forward", "reverse"):
            return {n: 7 for n in G}
        if kind == "pairs":
            return {n: {n: 7} for n in G}
        return 7

    test = path_sum_property(
        wrong, kind=kind, semiring=ps.MAX_PLUS,
        settings=settings(max_examples=50, derandomize=True, database=None,
                          phases=list(Phase)),
        **options,
    )  # fmt: skip
    with pytest.raises(AssertionError) as info:
        test()
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert re.search(example, notes, re.S), notes
    # The explain phase would list lines of pathsum, not of your code.
    assert "pathsum/" not in notes and "Explanation" not in notes


def test_the_profiles_are_offered_to_users():
    assert register_profiles(prefix="mine-") == ["mine-quick", "mine-ci", "mine-dev"]
    for name, examples, derandomized in [("quick", 25, True), ("ci", 200, True),
                                         ("dev", 1000, False)]:  # fmt: skip
        profile = settings.get_profile("mine-" + name)
        assert PROFILES[name]["max_examples"] == profile.max_examples == examples
        assert profile.derandomize is derandomized
        assert profile.deadline is None and profile.print_blob
        assert HealthCheck.too_slow in profile.suppress_health_check
    with pytest.raises(TypeError, match="prefix=1 must be a string"):
        register_profiles(prefix=1)


def test_whole_is_only_for_paths():
    with pytest.raises(ValueError, match="whole=True is for kind='path'"):
        path_sum_property(lambda G: 0, kind="sum", whole=True)


# --- what the property draws for each kind -----------------------------------


def generated(strategy, count=1000):
    """`count` examples as Hypothesis generates them for a test, reproducibly."""
    examples = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate])  # fmt: skip
    @given(strategy)
    def collect(example):
        examples.append(example)

    collect()
    return examples


def most_paths_from(G, s):
    counts = ps.forward_path_sums(G, s, weight=None, semiring=ps.COUNTING)
    return max((k for node, k in counts.items() if node != s), default=0)


def longest_from(G, s):
    edges = ps.forward_path_sums(G, s, weight=None, semiring=ps.MAX_PLUS)
    return max(edges.values())


@pytest.mark.parametrize("ends", ["forward", "reverse"])
def test_one_end_examples_reach_far_and_meet_often(ends):
    # The shares quoted in the testing guide (1,000 examples, a fixed seed).
    examples = generated(drawn(ends))
    if ends == "reverse":
        examples = [(G.reverse(copy=True), t) for G, t in examples]
    assert len(examples) == 1000
    assert sum(bool(nx.descendants(G, s)) for G, s in examples) >= 900
    assert sum(most_paths_from(G, s) >= 2 for G, s in examples) >= 550
    assert sum(most_paths_from(G, s) >= 5 for G, s in examples) >= 250
    assert sum(longest_from(G, s) >= 2 for G, s in examples) >= 600


def test_graph_only_examples_have_edges_and_meeting_paths():
    examples = generated(drawn("whole"))
    assert len(examples) == 1000
    most = [max((most_paths_from(G, s) for s in G), default=0) for G in examples]
    assert sum(G.number_of_edges() >= 1 for G in examples) >= 950
    assert sum(k >= 2 for k in most) >= 650
    assert sum(k >= 5 for k in most) >= 300
    assert (
        sum(max((longest_from(G, s) for s in G), default=0) >= 2 for G in examples)
        >= 700
    )
    # The small cases are still there.
    assert 0 < sum(G.number_of_edges() == 0 for G in examples) <= 50


# --- counts of best paths ----------------------------------------------------


def shortest_and_count(G, s, t):
    """networkx's shortest path length and the number of shortest paths."""
    try:
        paths = list(nx.all_shortest_paths(G, s, t, weight="weight"))
    except nx.NetworkXNoPath:
        return (math.inf, 0)
    return (nx.path_weight(G, paths[0], "weight"), len(paths))


def test_networkx_counts_of_shortest_paths_match_with_count():
    counted = with_count(ps.MIN_PLUS)
    # networkx's Dijkstra needs weights >= 0.
    path_sum_property(shortest_and_count, semiring=counted,
                      weights=st.integers(1, 4))()  # fmt: skip
    # On a MultiDiGraph networkx lists node paths: parallel edges are one path.
    G = nx.MultiDiGraph([(0, 1, {"weight": 1}), (0, 1, {"weight": 1})])
    with pytest.raises(AssertionError, match=r"yours:   \(1, 1\)\n  pathsum: Counted"):
        assert_matches_path_sums(shortest_and_count, G, 0, 1, semiring=counted)


def test_the_property_draws_default_weights_for_counted_semirings():
    seen = []

    def counted(G, s, t):
        seen.extend(d["weight"] for *_, d in G.edges(data=True))
        return ps.path_sum(G, s, t, semiring=with_count(ps.MAX_TIMES))

    path_sum_property(counted, semiring=with_count(ps.MAX_TIMES))()
    assert seen and set(seen) <= set(range(6))


def test_the_property_checks_its_arguments_when_made():
    for options, error, message in [
        ({"abs_tol": -1}, ValueError, "abs_tol=-1 must be a finite number >= 0"),
        ({"rel_tol": "x"}, ValueError, "rel_tol='x' must be a finite number >= 0"),
        ({"kind": "all"}, ValueError, "kind='all' is not one of"),
        ({"semiring": "min"}, TypeError, "semiring"),
    ]:
        with pytest.raises(error, match=message):
            path_sum_property(lambda G, s, t: 0, **options)


# --- edge cases found by an audit of the checker -----------------------------


def test_float_ties_in_counts_of_best_paths_accept_any_rounding():
    # 0.1 + 0.2 + 0.3 ties with 0.6 in real numbers but not in floats: one
    # summation order counts one best path, another two.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 0.1), ("a", "b", 0.2), ("b", "t", 0.3),
                               ("s", "t", 0.6)])  # fmt: skip
    counted = with_count(ps.MIN_PLUS)
    for answer in [(0.6, 1), (0.6, 2), (0.6000000000000001, 1)]:
        assert_matches_path_sums(lambda H, s, t, a=answer: a, G, "s", "t",
                                 semiring=counted)  # fmt: skip
    with pytest.raises(AssertionError, match="any count from 1 to 2 is right"):
        assert_matches_path_sums(lambda H, s, t: (0.6, 3), G, "s", "t",
                                 semiring=counted)  # fmt: skip
    with pytest.raises(AssertionError, match="the best weights differ"):
        assert_matches_path_sums(lambda H, s, t: (0.7, 1), G, "s", "t",
                                 semiring=counted)  # fmt: skip
    # Exact weights are compared exactly.
    exact = nx.DiGraph([("s", "t", {"weight": 1}), ("s", "a", {"weight": 1})])
    with pytest.raises(AssertionError):
        assert_matches_path_sums(lambda H, s, t: (1, 2), exact, "s", "t",
                                 semiring=counted)  # fmt: skip


def test_a_path_whose_best_weight_is_zero_is_a_right_answer():
    G = nx.DiGraph([(0, 1, {"weight": math.inf})])
    for answer in ([0, 1], None):
        best = assert_matches_path_sums(lambda H, s, t, a=answer: a, G, 0, 1,
                                        kind="path", semiring=ps.MIN_PLUS)  # fmt: skip
        assert best == math.inf
    with pytest.raises(AssertionError, match=r"no path from 1 to 0 \(return None\)"):
        assert_matches_path_sums(lambda H, s, t: [1, 0], G, 1, 0, kind="path",
                                 semiring=ps.MIN_PLUS)  # fmt: skip


def test_without_a_bound_any_method_s_answer_is_right():
    # inf * 0 and inf + ... : enumeration gives NaN, reverse accumulation inf.
    G = nx.MultiDiGraph()
    G.add_weighted_edges_from([(0, 1, 0), (0, 1, 1), (1, 2, 0), (1, 2, math.inf)])

    def brute(H, s, t):
        return sum(
            math.prod(H.edges[e]["weight"] for e in path)
            for path in nx.all_simple_edge_paths(H, s, t)
        )

    assert math.isnan(brute(G, 0, 2))
    assert_matches_path_sums(brute, G, 0, 2)
    with pytest.raises(AssertionError, match="pathsum's other methods give"):
        assert_matches_path_sums(lambda H, s, t: 5.0, G, 0, 2)


def test_a_function_that_changes_its_graph_fails_with_what_it_changed():
    def made_positive(G, s, t):
        for *_, data in G.edges(data=True):
            data["weight"] = abs(data["weight"])
        return ps.path_sum(G, s, t)

    G = nx.DiGraph([(0, 1, {"weight": -2}), (1, 2, {"weight": 3})])
    with pytest.raises(
        AssertionError,
        match=r"changed the graph it was given \(edge \(0, 1\): \{'weight': -2\} "
        r"became \{'weight': 2\}\)",
    ):
        assert_matches_path_sums(made_positive, G, 0, 2)

    def removes(G):
        G.remove_node(2)
        return {}

    with pytest.raises(AssertionError, match=r"changed the graph .*\(node 2 removed\)"):
        assert_matches_path_sums(removes, G, kind="pairs")


def test_the_property_draws_into_the_weight_it_is_given():
    def shortest_by_cost(G, s, t):
        return ps.path_sum(G, s, t, weight="cost", semiring=ps.MIN_PLUS)

    path_sum_property(shortest_by_cost, weight="cost", semiring=ps.MIN_PLUS)()

    def doubled(u, v, data):
        return 2 * data["weight"]

    def shortest_doubled(G, s, t):
        return ps.path_sum(G, s, t, weight=doubled, semiring=ps.MIN_PLUS)

    path_sum_property(shortest_doubled, weight=doubled, semiring=ps.MIN_PLUS)()


def test_the_property_refuses_what_cannot_work_when_made():
    with pytest.raises(ValueError, match="kind='path' needs a selective semiring"):
        path_sum_property(lambda G, s, t: None, kind="path")
    with pytest.raises(ValueError, match=r"missing=0\.3 draws edges without a weight"):
        path_sum_property(lambda G, s, t: 0, missing=0.3)
    # Defaults are for pathsum's own semirings, not for one of the same name.
    mine = ps.Semiring("real", 0, 1, lambda a, b: a + b, lambda a, b: a * b)
    with pytest.raises(ValueError, match="give weights="):
        path_sum_property(lambda G, s, t: 0, semiring=mine)


def test_edges_that_are_not_edges_of_the_graph_are_reported_not_raised():
    G = chain(1, 1)
    with pytest.raises(AssertionError, match=r"is no edge \(u, v\) of a DiGraph"):
        assert_matches_path_sums(lambda H, s, t: [(0, 1, {}), (1, 2, {})], G, 0, 2,
                                 kind="path", semiring=ps.MIN_PLUS)  # fmt: skip
    M = chain(1, 1, graph=nx.MultiDiGraph)
    with pytest.raises(AssertionError, match=r"\(0, 1, \[0\]\) is not an edge"):
        assert_matches_path_sums(lambda H, s, t: [(0, 1, [0]), (1, 2, 0)], M, 0, 2,
                                 kind="path", semiring=ps.MIN_PLUS)  # fmt: skip


def test_tolerances_are_finite_real_numbers():
    G = chain(0.5)
    assert_matches_path_sums(lambda H, s, t: 0.55, G, 0, 1, rel_tol=Fraction(1, 5))
    for bad in (math.inf, math.nan, True):
        with pytest.raises(ValueError, match="must be a finite number >= 0"):
            assert_matches_path_sums(lambda H, s, t: 0.5, G, 0, 1, abs_tol=bad)


def test_an_edge_list_of_tuple_nodes_is_read_both_ways():
    # Nodes 0, 1, 2 and the tuples (0, 1), (1, 2): [(0, 1), (1, 2)] is a
    # path of two tuple nodes (weighing 1) and a list of two edges (6).
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, 3), (1, 2, 3), ((0, 1), (1, 2), 1)])
    best = assert_matches_path_sums(lambda H: [(0, 1), (1, 2)], G, kind="path",
                                    semiring=ps.MAX_PLUS)  # fmt: skip
    assert best == 6


def test_a_graph_that_is_no_networkx_graph_is_a_type_error():
    with pytest.raises(TypeError, match="G must be a networkx DiGraph or MultiDiGraph"):
        assert_matches_path_sums(lambda G, s, t: 0, {0: [1]}, 0, 1)
    with pytest.raises(nx.NetworkXNotImplemented):
        assert_matches_path_sums(lambda G, s, t: 0, nx.Graph([(0, 1)]), 0, 1)


def test_one_end_kinds_take_a_whole_example_and_use_their_end():
    G = nx.DiGraph([("s", "m", {"weight": 2}), ("m", "t", {"weight": 3})])
    forward = assert_matches_path_sums(lambda H, s: {"s": 1, "m": 2, "t": 6}, G,
                                       "s", "t", kind="forward")  # fmt: skip
    assert forward == {"s": 1, "m": 2, "t": 6}
    reverse = assert_matches_path_sums(lambda H, t: {"t": 1, "m": 3, "s": 6}, G,
                                       "s", "t", kind="reverse")  # fmt: skip
    assert reverse == {"t": 1, "m": 3, "s": 6}
    with pytest.raises(nx.NodeNotFound):  # the unused end is still checked
        assert_matches_path_sums(lambda H, s: {}, G, "s", "nowhere", kind="forward")


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda G: G.graph.update(name="x"),
         "graph attributes: {} became {'name': 'x'}"),
        (lambda G: G.add_node(9), "node 9 added"),
        (lambda G: G.nodes[0].update(c=1), "node 0: {} became {'c': 1}"),
        (lambda G: G.remove_edge(0, 1, 0), "edge (0, 1, 0) removed"),
        (lambda G: G.add_edge(1, 2, weight=1), "edge (1, 2, 1) added"),
        (lambda G: G.edges[0, 1, 1].update(weight=6),
         "edge (0, 1, 1): {'weight': 5} became {'weight': 6}"),
        (lambda G: G.edges[1, 2, 0].update(extra=1),
         "edge (1, 2, 0): {'weight': 3} became {'weight': 3, 'extra': 1}"),
        (lambda G: G.edges[1, 2, 0].pop("weight"),
         "edge (1, 2, 0): {'weight': 3} became {}"),
    ],
)  # fmt: skip
def test_every_change_to_the_graph_is_named(change, named):
    G = nx.MultiDiGraph()
    G.add_weighted_edges_from([(0, 1, 2), (0, 1, 5), (1, 2, 3)])

    def changing(H, s, t):
        answer = ps.path_sum(H, s, t)
        change(H)
        return answer

    with pytest.raises(AssertionError) as info:
        assert_matches_path_sums(changing, G, 0, 2)
    assert f"changed the graph it was given ({named})" in str(info.value)


def test_values_replaced_by_equal_ones_are_no_change():
    G = nx.DiGraph([(0, 1, {"weight": 2, "tag": np.array([1, 2])})])

    def rewrites(H, s, t):
        H.edges[0, 1]["weight"] = 2.0
        H.edges[0, 1]["tag"] = np.array([1, 2])
        return 2

    assert assert_matches_path_sums(rewrites, G, 0, 1) == 2


def test_float_counts_of_best_paths_with_tolerances_and_a_far_path():
    # Three paths: 0.6 twice in real numbers (one rounds above), and one
    # 1e-7 longer, far outside any rounding.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 0.1), ("a", "b", 0.2), ("b", "t", 0.3),
                               ("s", "t", 0.6), ("s", "c", 0.3),
                               ("c", "t", 0.3000001)])  # fmt: skip
    counted = with_count(ps.MIN_PLUS)

    def check(answer, **options):
        return assert_matches_path_sums(lambda H, s, t: answer, G, "s", "t",
                                        semiring=counted, **options)  # fmt: skip

    for answer in [(0.6, 1), (0.6, 2)]:
        check(answer)
    for answer in [(0.6, 3), (0.6, 0), (0.6, 1.5), (0.6, "2")]:
        with pytest.raises(AssertionError, match="any count from 1 to 2 is right"):
            check(answer)
    # A tolerance of yours widens the band: the far path is then near too.
    check((0.6, 3), abs_tol=1e-6)
    check((0.6, 3), rel_tol=1e-6)
    with pytest.raises(AssertionError, match="any count from 1 to 3 is right"):
        check((0.6, 4), abs_tol=1e-6)
    with pytest.raises(AssertionError, match="any count from 1 to 2 is right"):
        check((0.6, 3), abs_tol=1e-9)


def test_the_hint_to_pass_a_tolerance_is_given_only_where_it_helps():
    # A semiring of one's own has no derived bound; its floats may be close.
    other = ps.Semiring("other", 0, 1, lambda a, b: a + b, lambda a, b: a * b)
    D = nx.DiGraph([(0, 1, {"weight": 0.1}), (1, 2, {"weight": 0.7})])
    with pytest.raises(AssertionError) as finite:
        assert_matches_path_sums(lambda H, s, t: 0.07, D, 0, 2, semiring=other)
    assert "pass rel_tol= or abs_tol= to allow a difference" in str(finite.value)
    assert "other methods" not in str(finite.value)
    assert_matches_path_sums(lambda H, s, t: 0.07, D, 0, 2, semiring=other,
                             rel_tol=1e-9)  # fmt: skip
    G = nx.DiGraph([(0, 1, {"weight": math.inf})])
    with pytest.raises(AssertionError) as infinite:
        assert_matches_path_sums(lambda H, s, t: 5.0, G, 0, 1)
    assert "pass rel_tol" not in str(infinite.value)
    assert "other methods" not in str(infinite.value)  # they all give inf


@pytest.mark.parametrize(
    ("semiring", "low", "high"),
    [(ps.REAL, -3, 3), (ps.COUNTING, 0, 3), (ps.BOOLEAN, 0, 1), (ps.MIN_PLUS, -10, 10),
     (ps.MAX_PLUS, -10, 10), (ps.MAX_TIMES, 0, 5), (ps.LOG, -5, 5)],
)  # fmt: skip
def test_the_property_draws_the_documented_weights_of_each_semiring(
    semiring, low, high
):
    seen = set()

    def recording(G, s, t):
        seen.update(d["weight"] for *_, d in G.edges(data=True))
        return ps.path_sum(G, s, t, semiring=semiring)

    many = settings(max_examples=300, derandomize=True, database=None)
    path_sum_property(recording, semiring=semiring, settings=many)()
    assert min(seen) == low and max(seen) == high


def test_float_counts_where_there_is_no_path_are_compared_exactly():
    G = nx.DiGraph([("s", "a", {"weight": 0.5})])
    G.add_node("t")
    counted = with_count(ps.MIN_PLUS)
    assert assert_matches_path_sums(lambda H, s, t: (math.inf, 0), G, "s", "t",
                                    semiring=counted) == (math.inf, 0)  # fmt: skip
    with pytest.raises(AssertionError) as info:
        assert_matches_path_sums(lambda H, s, t: (math.inf, 1), G, "s", "t",
                                 semiring=counted)  # fmt: skip
    assert "counts of an infinite best compared exactly" in str(info.value)
    assert "None" not in str(info.value)
