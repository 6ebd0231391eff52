"""The passes themselves, in a semiring where order shows: FREE words.

Each forward and reverse value is checked against the sum of the words of
every path, found by networkx's own enumeration (tests/oracles.py) and
spelled out edge by edge here, so a factor taken in the wrong order, a path
counted twice or left out, or a hidden edge followed is a different word.
"""

import math
import operator
import sys
from string import ascii_lowercase

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
import pathsum._passes
from oracles import edge_paths
from pathsum.strategies import dags

FREE = ps.FREE


def lettered(G):
    """A copy of `G` whose edges weigh distinct letters (or two-letter words)."""
    H = G.copy()
    edges = H.edges(keys=True, data=True) if H.is_multigraph() else H.edges(data=True)
    for i, (*_, data) in enumerate(edges):
        data["weight"] = ascii_lowercase[i % 26] * (1 + i // 26)
    return H


def word_sum(G, paths, hidden=frozenset()):
    """The FREE sum of the words of `paths`, each the product of its edges'
    weights in path order; a path through a hidden edge is left out."""
    words = []
    for path in paths:
        if any(edge[:2] in hidden for edge in path):
            continue
        word = FREE.one
        for edge in path:
            data = G.edges[edge] if G.is_multigraph() else G.edges[edge[:2]]
            word = FREE.mul(word, FREE.lift(data["weight"]))
        words.append(word)
    return FREE.sum(words) if words else None


def expected_sums(G, seed, forward, hidden=frozenset()):
    """node -> word sum of every path from `seed` (forward) or to it, for the
    nodes with a path whose edges are all visible."""
    out = {}
    for node in G:
        ends = (seed, node) if forward else (node, seed)
        if not nx.has_path(G, *ends):
            continue
        total = word_sum(G, edge_paths(G, *ends), hidden)
        if total is not None:
            out[node] = total
    return out


def hide(hidden):
    def weight(u, v, data):
        if (u, v) in hidden:
            return None
        if "weight" in data:
            return data["weight"]
        # A MultiDiGraph: the keys' data dicts; their words add up.
        return FREE.sum(FREE.lift(d["weight"]) for d in data.values())

    return weight


def test_a_diamond_sums_the_words_in_path_order():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", "p"), ("b", "d", "q"), ("a", "c", "r")])
    G.add_edge("c", "d", weight="s")
    forward = ps.forward_path_sums(G, "a", semiring=FREE)
    reverse = ps.reverse_path_sums(G, "d", semiring=FREE)
    assert str(forward["d"]) == "p·q + r·s" and str(reverse["a"]) == "p·q + r·s"
    assert forward == expected_sums(G, "a", True)
    assert reverse == expected_sums(G, "d", False)


@given(dags(min_nodes=2, max_nodes=7), st.data())
def test_forward_and_reverse_are_the_words_of_every_path(G, data):
    G = lettered(G)
    nodes = list(G)
    seed = data.draw(st.sampled_from(nodes))
    assert ps.forward_path_sums(G, seed, semiring=FREE) == expected_sums(G, seed, True)
    assert ps.reverse_path_sums(G, seed, semiring=FREE) == expected_sums(G, seed, False)


@given(dags(min_nodes=2, max_nodes=7, multigraph=True), st.data())
def test_parallel_edges_each_add_their_word(G, data):
    G = lettered(G)
    seed = data.draw(st.sampled_from(list(G)))
    assert ps.forward_path_sums(G, seed, semiring=FREE) == expected_sums(G, seed, True)
    assert ps.reverse_path_sums(G, seed, semiring=FREE) == expected_sums(G, seed, False)


@given(dags(min_nodes=2, max_nodes=7), st.data())
def test_a_hidden_edge_is_never_followed(G, data):
    G = lettered(G)
    seed = data.draw(st.sampled_from(list(G)))
    hidden = frozenset(
        data.draw(st.sets(st.sampled_from(list(G.edges)))) if G.size() else ()
    )
    weight = hide(hidden)
    forward = ps.forward_path_sums(G, seed, weight=weight, semiring=FREE)
    reverse = ps.reverse_path_sums(G, seed, weight=weight, semiring=FREE)
    # The seed itself is always in the result; a node reached only through
    # hidden edges is not.
    assert forward == {seed: FREE.one} | expected_sums(G, seed, True, hidden)
    assert reverse == {seed: FREE.one} | expected_sums(G, seed, False, hidden)


def test_seeds_of_several_nodes_multiply_on_their_side():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "m", "a"), ("t", "m", "b"), ("m", "z", "c")])
    seeds = {"s": FREE.lift("x"), "t": FREE.lift("y")}
    forward = ps.forward_path_sums(G, seeds, semiring=FREE)
    assert str(forward["z"]) == "x·a·c + y·b·c"
    reverse = ps.reverse_path_sums(G, {"z": FREE.lift("w")}, semiring=FREE)
    assert str(reverse["s"]) == "a·c·w" and str(reverse["t"]) == "b·c·w"


# --- which loop runs: the made loops for the built-ins, the lift only where needed


def parity():
    """GF(2): truth values with xor for ⊕, and for ⊗. Not BOOLEAN, whose ⊕ is or."""
    return ps.Semiring("parity", False, True, operator.xor, operator.and_)


def test_truth_values_of_another_semiring_are_not_read_as_boolean():
    # Two paths a -> d: their parity is False, their "or" would be True.
    G = nx.DiGraph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")])
    nx.set_edge_attributes(G, True, "weight")
    GF2 = parity()
    assert ps.forward_path_sums(G, "a", semiring=GF2)["d"] is False
    assert ps.reverse_path_sums(G, "d", semiring=GF2)["a"] is False
    assert ps.forward_path_sums(G, "a", semiring=ps.BOOLEAN)["d"] is True


# Weights each semiring's lift returns unchanged, at the ends of their ranges.
IN_RANGE = {
    ps.REAL: [-1e300, -2.5, 0.0, 3, 1e-300],
    ps.MIN_PLUS: [-sys.float_info.max, -2.5, 0, 7.0, math.inf],
    ps.MAX_PLUS: [-math.inf, -2.5, 0, 7.0, sys.float_info.max],
    ps.MAX_TIMES: [0.0, 0, 0.5, 1, sys.float_info.max],
    ps.LOG: [-math.inf, -2.5, 0, 7.0, math.inf],
}


@pytest.mark.parametrize("semiring", IN_RANGE, ids=lambda s: s.name)
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_the_made_loop_runs_and_never_calls_the_lift_in_range(
    monkeypatch, semiring, forward
):
    weights = IN_RANGE[semiring]
    G = nx.DiGraph()
    for i, w in enumerate(weights):
        G.add_edge(i, i + 1, weight=w)
        G.add_edge(i, i + 2, weight=w)
    expected = (ps.forward_path_sums if forward else ps.reverse_path_sums)(
        G,
        0 if forward else len(weights),
        weight=lambda u, v, d: d["weight"],
        semiring=semiring,
    )
    lifts = []

    def counted(raw, edge, semiring):
        lifts.append(raw)
        return semiring.lift(raw)

    def general(*args):
        raise AssertionError("the general loop ran")

    monkeypatch.setattr(pathsum._passes, "_lifted", counted)
    monkeypatch.setattr(pathsum._passes, "forward_pass", general)
    monkeypatch.setattr(pathsum._passes, "reverse_pass", general)
    run = ps.forward_path_sums if forward else ps.reverse_path_sums
    got = run(G, 0 if forward else len(weights), semiring=semiring)
    assert lifts == []
    assert got == expected
    # A weight out of range, or not a plain number, is lifted (and checked).
    G.add_edge(len(weights), len(weights) + 1, weight=np.float64(0.75))
    run(G, 0 if forward else len(weights) + 1, semiring=semiring)
    assert lifts == [np.float64(0.75)] and type(lifts[0]) is np.float64


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_reachability_with_truth_seeds_takes_the_truth_loop(monkeypatch, forward):
    G = nx.DiGraph([("a", "b", {"weight": True}), ("b", "c", {"weight": False})])
    G.add_edge("a", "c", weight=True)

    def general(*args):
        raise AssertionError("the general loop ran")

    monkeypatch.setattr(pathsum._passes, "forward_pass", general)
    monkeypatch.setattr(pathsum._passes, "reverse_pass", general)
    if forward:
        got = ps.forward_path_sums(G, "a", semiring=ps.BOOLEAN)
        assert got == {"a": True, "b": True, "c": True}
    else:
        got = ps.reverse_path_sums(G, "c", semiring=ps.BOOLEAN)
        assert got == {"c": True, "b": False, "a": True}


# Every loop one_shot can take, by semiring and options.
LOOPS = [
    (ps.MIN_PLUS, "weight", {}),  # the numeric loop
    (ps.BOOLEAN, "weight", {}),  # the truth loop
    (ps.BOOLEAN, None, {}),  # unweighted reachability
    (ps.COUNTING, None, {}),  # unweighted counts
    (FREE, "weight", {}),  # the general loop
    (ps.MIN_PLUS, "weight", {"default_weight": 1.0}),  # the general loop
]


@pytest.mark.parametrize(("semiring", "weight", "options"), LOOPS)
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_every_loop_reports_a_cycle_along_the_graphs_edges(
    semiring, weight, options, forward
):
    G = nx.DiGraph([("s", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "t")])
    nx.set_edge_attributes(
        G, {ps.FREE: "x", ps.BOOLEAN: True}.get(semiring, 1.0), "weight"
    )
    run = ps.forward_path_sums if forward else ps.reverse_path_sums
    with pytest.raises(ps.NotADAGError) as caught:
        run(G, "s" if forward else "t", weight=weight, semiring=semiring, **options)
    cycle = caught.value.cycle
    assert len(cycle) == 3 and all(G.has_edge(u, v) for u, v in cycle)
    assert [v for _, v in cycle] == [u for u, _ in cycle[1:] + cycle[:1]]


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_unweighted_reachability_keeps_false_seeds_false(monkeypatch, forward):
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "c"), ("c", "e")])
    run = ps.forward_path_sums if forward else ps.reverse_path_sums
    seeds = {"a": False, "d": True} if forward else {"e": False, "b": True}
    got = run(G, seeds, weight=None, semiring=ps.BOOLEAN)
    every_edge_true = run(G, seeds, weight=lambda u, v, d: True, semiring=ps.BOOLEAN)
    assert got == every_edge_true
    assert got == (
        {"a": False, "b": False, "d": True, "c": True, "e": True}
        if forward
        else {"e": False, "b": True, "c": False, "a": True, "d": False}
    )
    # All seeds true: the search is the answer, and the general loop never runs.
    monkeypatch.setattr(pathsum._passes, "forward_pass", None)
    monkeypatch.setattr(pathsum._passes, "reverse_pass", None)
    assert run(G, "a" if forward else "e", weight=None, semiring=ps.BOOLEAN) == (
        dict.fromkeys("abce" if forward else "ecbda", True)
    )


@pytest.mark.parametrize("multigraph", [False, True], ids=["DiGraph", "MultiDiGraph"])
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
def test_unweighted_counts_keep_the_types_the_general_loop_gives(
    monkeypatch, multigraph, forward
):
    G = (nx.MultiDiGraph if multigraph else nx.DiGraph)(
        [("a", "b"), ("b", "c"), ("a", "c"), ("a", "c")]
    )
    run = ps.forward_path_sums if forward else ps.reverse_path_sums
    seed = "a" if forward else "c"
    one = lambda u, v, d: 1  # noqa: E731  the general loop, every edge one
    for value in (True, np.int64(2)):  # a ⊗ by one makes True the int 1
        got = run(G, {seed: value}, weight=None, semiring=ps.COUNTING)
        general = run(G, {seed: value}, weight=one, semiring=ps.COUNTING)
        assert got == general
        assert [type(x) for x in got.values()] == [type(x) for x in general.values()]
    assert type(run(G, {seed: True}, weight=None, semiring=ps.COUNTING)["b"]) is int
    # Plain int seeds: the made loop, and never the general one.
    expected = run(G, {seed: 3}, weight=one, semiring=ps.COUNTING)
    monkeypatch.setattr(pathsum._passes, "forward_pass", None)
    monkeypatch.setattr(pathsum._passes, "reverse_pass", None)
    assert run(G, {seed: 3}, weight=None, semiring=ps.COUNTING) == expected


def test_edges_on_paths_without_a_semiring_carry_no_weight():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "c"), ("b", "y")])
    out = pathsum._passes.relevant_edges(G, "a", "c")
    assert out == {
        "c": [],
        "b": [(("b", "c"), "c", None)],
        "a": [(("a", "b"), "b", None), (("a", "c"), "c", None)],
    }
