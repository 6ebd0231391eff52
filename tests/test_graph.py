"""Validation shared by every public function: one table of bad inputs."""

import copy

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum.strategies import dags_with_endpoints


def diamond():
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("s", "a", 2), ("s", "b", 3), ("a", "t", 5), ("b", "t", 7)]
    )
    return G


def with_cycle():
    G = diamond()
    G.add_edges_from([("a", "x"), ("x", "y"), ("y", "a")])
    return G


def with_self_loop():
    G = diamond()
    G.add_edge("b", "b")
    return G


def with_bad_weight():
    G = diamond()
    G.add_edge("a", "t", weight="five")
    return G


CALLS = {
    # name: (call, the endpoints it takes)
    "path_sum-paths": (lambda G, s, t: ps.path_sum(G, s, t, method="paths"), "st"),
    "path_sum-forward": (lambda G, s, t: ps.path_sum(G, s, t, method="forward"), "st"),
    "path_sum-reverse": (lambda G, s, t: ps.path_sum(G, s, t, method="reverse"), "st"),
    "forward_path_sums": (lambda G, s, t: ps.forward_path_sums(G, s), "s"),
    "reverse_path_sums": (lambda G, s, t: ps.reverse_path_sums(G, t), "t"),
    "all_paths": (lambda G, s, t: ps.all_paths(G, s, t), "st"),
    "count_paths": (lambda G, s, t: ps.count_paths(G, s, t), "st"),
}

BAD_GRAPHS = {
    # name: (graph, source, target, exception, words in the message, endpoint)
    "cycle": (with_cycle(), "s", "t", ps.NotADAGError, "'a' -> 'x' -> 'y' -> 'a'", ""),
    "self-loop": (with_self_loop(), "s", "t", ps.NotADAGError, "'b' -> 'b'", ""),
    "undirected": (
        nx.Graph([(0, 1)]),
        0,
        1,
        nx.NetworkXNotImplemented,
        "undirected",
        "",
    ),
    "no-source": (
        diamond(),
        "nowhere",
        "t",
        nx.NodeNotFound,
        "source node 'nowhere'",
        "s",
    ),
    "no-target": (
        diamond(),
        "s",
        "nowhere",
        nx.NodeNotFound,
        "target node 'nowhere'",
        "t",
    ),
}

NINE_PATHS = nx.MultiDiGraph([(0, 1)] * 3 + [(1, 2)] * 3)

TABLE = [
    pytest.param(call, *case[:5], id=f"{bad}-{name}")
    for bad, case in BAD_GRAPHS.items()
    for name, (call, takes) in CALLS.items()
    if case[5] in takes
] + [
    pytest.param(
        lambda G, s, t: ps.path_sum(G, s, t, method="sideways"),
        *(diamond(), "s", "t", ValueError, "method='sideways' is not one of"),
        id="unknown-method",
    ),
    pytest.param(
        lambda G, s, t: ps.path_sum(G, s, t, semiring="real"),
        *(diamond(), "s", "t", TypeError, "semiring must be a pathsum.Semiring"),
        id="not-a-semiring",
    ),
    *(
        pytest.param(
            call,
            *(
                with_bad_weight(),
                "s",
                "t",
                ps.WeightError,
                "edge ('a', 't') has weight 'five'",
            ),
            id=f"non-numeric-weight-{name}",
        )
        for name, (call, takes) in CALLS.items()
        if name.startswith("path_sum") or name.endswith("_sums")
    ),
    pytest.param(
        lambda G, s, t: ps.all_paths(G, s, t, max_paths=8),
        *(NINE_PATHS, 0, 2, ps.TooManyPathsError, "there are 9 paths from 0 to 2"),
        id="too-many-paths",
    ),
    pytest.param(
        lambda G, s, t: ps.forward_path_sums(G, {s: "x"}),
        *(diamond(), "s", "t", TypeError, "the seed 'x' of source node 's'"),
        id="bad-seed",
    ),
]


@pytest.mark.parametrize(("call", "G", "source", "target", "error", "words"), TABLE)
def test_bad_input_raises_documented_error(call, G, source, target, error, words):
    with pytest.raises(error) as info:
        call(G, source, target)
    assert words in str(info.value)


def test_cycle_error_is_networkx_unfeasible_and_carries_the_cycle():
    with pytest.raises(nx.NetworkXUnfeasible) as info:
        ps.forward_path_sums(with_cycle(), "s")
    assert info.value.cycle == [("a", "x"), ("x", "y"), ("y", "a")]


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_non_numeric_weight_on_a_used_edge_names_the_edge(method):
    with pytest.raises(ps.WeightError) as info:
        ps.path_sum(with_bad_weight(), "s", "t", method=method)
    assert info.value.edge == ("a", "t")
    assert "('a', 't')" in str(info.value) and "'five'" in str(info.value)
    assert isinstance(info.value, TypeError)


def test_non_numeric_weight_on_an_unused_edge_is_never_read():
    G = with_bad_weight()
    assert ps.path_sum(G, "s", "b") == 3
    assert ps.forward_path_sums(G, "b") == {"b": 1, "t": 7}


def test_weight_error_on_a_multigraph_names_the_key():
    G = nx.MultiDiGraph()
    G.add_edge("x", "y", weight=1)
    G.add_edge("x", "y", weight="oops")
    for method in ("paths", "forward", "reverse"):
        with pytest.raises(ps.WeightError) as info:
            ps.path_sum(G, "x", "y", method=method)
        assert info.value.edge == ("x", "y", 1)
    with pytest.raises(ps.WeightError, match=r"\('x', 'y', 1\)"):
        ps.path_weight(G, [("x", "y", 1)])


def test_too_many_paths_states_the_exact_count():
    G = nx.MultiDiGraph([(0, 1)] * 3 + [(1, 2)] * 3)
    with pytest.raises(ps.TooManyPathsError) as info:
        ps.all_paths(G, 0, 2, max_paths=8)
    assert info.value.count == 9 and info.value.limit == 8
    assert "there are 9 paths from 0 to 2" in str(info.value)
    assert "count_paths" in str(info.value)
    assert len(list(ps.all_paths(G, 0, 2, max_paths=9))) == 9


def test_errors_come_at_call_time_not_at_first_next():
    with pytest.raises(ps.NotADAGError):
        ps.all_paths(with_cycle(), "s", "t")  # no next()
    with pytest.raises(nx.NodeNotFound):
        ps.all_paths(diamond(), "s", "nowhere")


def test_a_pass_only_checks_what_it_reaches():
    # The cycle is not reachable from 'b', so a forward pass from 'b' is fine.
    G = with_cycle()
    assert ps.forward_path_sums(G, "b") == {"b": 1, "t": 7}
    assert ps.reverse_path_sums(G, "b") == {"b": 1, "s": 3}


def test_callable_weight_hides_edges_and_breaks_cycles():
    G = with_cycle()

    def weight(u, v, data):
        return None if (u, v) == ("y", "a") else data.get("weight", 1)

    for method in ("paths", "forward", "reverse"):
        assert ps.path_sum(G, "s", "t", method=method, weight=weight) == 2 * 5 + 3 * 7
    assert "a" not in ps.forward_path_sums(G, "x", weight=weight)


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
@pytest.mark.parametrize("semiring", [ps.REAL, ps.MAX_PLUS, ps.MIN_PLUS, ps.LOG])
def test_a_missing_weight_attribute_is_an_error_never_one(method, semiring):
    G = nx.DiGraph([(0, 1), (1, 2)])
    G.edges[0, 1]["weight"] = 5
    with pytest.raises(ps.WeightError, match=r"edge \(1, 2\) has no 'weight'") as info:
        ps.path_sum(G, 0, 2, method=method, semiring=semiring)
    assert info.value.edge == (1, 2)
    assert info.value.attribute == "weight"
    assert "weight=None" in str(info.value)
    assert "default_weight=" in str(info.value)
    with pytest.raises(ps.WeightError, match="'durration'"):
        ps.path_sum(G, 0, 2, method=method, semiring=semiring, weight="durration")
    # Asking for a default explicitly gives today's answers.
    filled = ps.path_sum(G, 0, 2, method=method, semiring=semiring, default_weight=3)
    assert filled == semiring.mul(5, 3)
    unweighted = ps.path_sum(G, 0, 2, method=method, semiring=semiring, weight=None)
    # Two edges of weight=None weigh one ⊗ one, except in the tropical
    # semirings, where each is a step of length 1: two hops.
    steps = semiring in (ps.MAX_PLUS, ps.MIN_PLUS)
    assert unweighted == (2 if steps else semiring.mul(semiring.one, semiring.one))


def test_a_missing_weight_names_the_parallel_edge_and_every_function_raises():
    M = nx.MultiDiGraph()
    M.add_edge("a", "b", weight=2)
    M.add_edge("a", "b")
    for call in (
        lambda: ps.path_sum(M, "a", "b", method="paths"),
        lambda: ps.forward_path_sums(M, "a"),
        lambda: ps.reverse_path_sums(M, "b"),
        lambda: ps.path_weight(M, [("a", "b", 1)]),
    ):
        with pytest.raises(ps.WeightError, match=r"\('a', 'b', 1\) has no") as info:
            call()
        assert info.value.edge == ("a", "b", 1)
    # Counting ignores weights, whatever the attribute.
    assert ps.count_paths(M, "a", "b") == 2
    assert ps.path_sum(M, "a", "b", semiring=ps.COUNTING) == 2


MUTATING_CALLS = [
    lambda G, s, t: ps.path_sum(G, s, t, method="paths"),
    lambda G, s, t: ps.path_sum(G, s, t, method="forward"),
    lambda G, s, t: ps.path_sum(G, s, t, method="reverse"),
    lambda G, s, t: ps.forward_path_sums(G, {s: 2}),
    lambda G, s, t: ps.reverse_path_sums(G, {t: 3}),
    lambda G, s, t: list(ps.all_paths(G, s, t)),
    lambda G, s, t: ps.count_paths(G, s, t),
    lambda G, s, t: [ps.path_weight(G, p) for p in ps.all_paths(G, s, t)],
]


@given(
    dags_with_endpoints(weights=st.integers(-3, 3), multigraph=True),
    st.sampled_from(MUTATING_CALLS),
)
def test_the_input_graph_is_never_mutated(example, call):
    G, s, t = example
    G.graph["name"] = "kept"
    before = copy.deepcopy(G)
    call(G, s, t)
    assert nx.utils.graphs_equal(G, before)
    assert list(G.edges(keys=True, data=True)) == list(
        before.edges(keys=True, data=True)
    )
    assert list(G.nodes(data=True)) == list(before.nodes(data=True))


def test_a_million_node_chain_needs_no_recursion():
    n = 10**6
    G = nx.DiGraph()
    nx.add_path(G, range(n))
    assert ps.count_paths(G, 0, n - 1) == 1
    assert ps.path_sum(G, 0, n - 1, method="forward", weight=None) == 1
    assert len(ps.reverse_path_sums(G, n - 1, weight=None)) == n
    (path,) = ps.all_paths(G, 0, n - 1)
    assert len(path) == n - 1
    G.add_edge(n - 1, 0)
    with pytest.raises(ps.NotADAGError):
        ps.count_paths(G, 0, n - 1)


def test_seeds_are_semiring_values_used_as_given():
    G = nx.DiGraph([("a", "b")])
    assert ps.forward_path_sums(G, {"a": 5}, semiring=ps.COUNTING) == {"a": 5, "b": 5}
    assert ps.reverse_path_sums(G, {"b": 5}, semiring=ps.COUNTING) == {"a": 5, "b": 5}


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_failing_operations_are_weight_errors_naming_the_edge(method):
    from decimal import Decimal

    G = nx.DiGraph()
    G.add_edge("a", "b", weight=Decimal("1.5"))
    G.add_edge("b", "c", weight=0.5)
    with pytest.raises(ps.WeightError, match="real operations failed at edge") as info:
        ps.path_sum(G, "a", "c", method=method)
    # Where Decimal first meets float depends on the direction of the pass.
    assert info.value.edge == (("a", "b") if method == "reverse" else ("b", "c"))


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_failing_sum_of_parallel_edges_names_the_key(method):
    from decimal import Decimal

    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=Decimal("1.5"))
    G.add_edge("a", "b", weight=0.5)
    G.add_edge("b", "c", weight=1)
    with pytest.raises(ps.WeightError) as info:
        ps.path_sum(G, "a", "c", method=method, weight=lambda u, v, d: d["weight"])
    # Enumeration never adds parallel edges together: it fails adding the second
    # path's product, and names that path's last edge.
    expected = ("b", "c", 0) if method == "paths" else ("a", "b", 1)
    assert info.value.edge == expected


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_bad_weight_from_a_callable_on_a_multigraph_names_the_key(method):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=1)
    G.add_edge("a", "b", weight="bad")
    with pytest.raises(ps.WeightError) as info:
        ps.path_sum(G, "a", "b", method=method, weight=lambda u, v, d: d["weight"])
    assert info.value.edge == ("a", "b", 1)


def test_cycle_message_follows_only_visible_edges():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "c")])
    hide = lambda u, v, d: None if (u, v) == ("a", "c") else 1  # noqa: E731
    with pytest.raises(ps.NotADAGError) as info:
        ps.forward_path_sums(G, "a", weight=hide)
    assert ("a", "c") not in info.value.cycle
    assert sorted(info.value.cycle) == [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")]


def test_max_paths_refuses_a_bool():
    with pytest.raises(ValueError, match="max_paths"):
        ps.all_paths(diamond(), "s", "t", max_paths=True)


def test_a_long_cycle_is_reported_in_a_bounded_message_and_kept_whole():
    n = 10**5
    G = nx.DiGraph()
    nx.add_cycle(G, range(n))
    G.add_edge("s", 0)
    with pytest.raises(ps.NotADAGError) as info:
        ps.forward_path_sums(G, "s", weight=None)
    message = str(info.value)
    assert len(message) < 300
    assert f"a cycle of {n:,} edges" in message
    assert "99,991 more nodes" in message
    cycle = info.value.cycle
    assert len(cycle) == n
    assert all(G.has_edge(*edge) for edge in cycle)
    assert all(a[1] == b[0] for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True))


def test_a_cycle_through_huge_node_names_is_reported_briefly():
    big = "x" * 10**6
    G = nx.DiGraph([(big, "y"), ("y", big)])
    with pytest.raises(ps.NotADAGError) as info:
        ps.reverse_path_sums(G, "y", weight=None)
    assert len(str(info.value)) < 300
    assert set(info.value.cycle) == {(big, "y"), ("y", big)}


# --- the weight functions every pass and enumeration reads edges through ------


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_counting_reads_no_named_weight_but_a_callable_still_hides(method):
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 3.0), ("a", "c", 5.0)])
    G.add_edge("c", "d")  # no weight attribute: COUNTING never asks for it
    count = ps.path_sum(G, "a", "d", semiring=ps.COUNTING, method=method)
    assert count == 2 and type(count) is int

    def hide_ac(u, v, data):
        return None if (u, v) == ("a", "c") else 7

    hidden = ps.path_sum(
        G, "a", "d", weight=hide_ac, semiring=ps.COUNTING, method=method
    )
    assert hidden == 1


@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
@pytest.mark.parametrize("multigraph", [False, True], ids=["DiGraph", "MultiDiGraph"])
def test_a_callable_weight_is_asked_along_each_edge_and_named_in_errors(
    method, multigraph
):
    G = (nx.MultiDiGraph if multigraph else nx.DiGraph)()
    G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c")])
    asked = []

    def weight(u, v, data):
        asked.append((u, v))
        return 2.0 if (u, v) == ("a", "b") else 3.0

    assert ps.path_sum(G, "a", "c", weight=weight, method=method) == 2.0 * 3.0 + 3.0
    assert asked and all(G.has_edge(u, v) for u, v in asked)

    def refused(u, v, data):
        return -float("inf") if (u, v) == ("b", "c") else 1.0

    with pytest.raises(ps.WeightError) as caught:
        ps.path_sum(G, "a", "c", weight=refused, semiring=ps.MIN_PLUS, method=method)
    edge = ("b", "c", 0) if multigraph else ("b", "c")
    assert caught.value.edge == edge and caught.value.raw == -float("inf")
    assert f"edge {edge!r} has weight -inf" in str(caught.value)


def test_a_cycle_is_told_along_the_search_path_not_a_detour():
    # The cycle is read off the nodes the search is expanding when it meets
    # one of them again, along their own edges: 2 -> 3 -> 0 -> 2, not a
    # detour such as 2 -> 4 -> 3 -> 0 -> 2 through nodes it has left.
    G = nx.DiGraph([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (1, 4), (2, 1), (2, 3)])
    G.add_edges_from([(2, 4), (3, 0), (4, 3)])
    with pytest.raises(ps.NotADAGError) as caught:
        ps.forward_path_sums(G, 2, weight=None, semiring=ps.COUNTING)
    assert caught.value.cycle == [(2, 3), (3, 0), (0, 2)]


def test_a_cycle_names_a_long_node_by_its_first_58_characters():
    G = nx.DiGraph([("y" * 100, "z"), ("z", "y" * 100)])
    with pytest.raises(ps.NotADAGError, match=r"'z' -> 'y{58}… -> 'z'$") as caught:
        ps.forward_path_sums(G, "z", weight=None, semiring=ps.BOOLEAN)
    assert caught.value.cycle == [("z", "y" * 100), ("y" * 100, "z")]
