"""The networkx backend gives what networkx gives, on pathsum's engine."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oracles import same
from pathsum.nx_backend import functions, simple_paths
from pathsum.nx_backend.interface import BackendInterface, can_run, should_run
from pathsum.strategies import dags

MISSING = "missing node"


pytestmark = pytest.mark.usefixtures("quiet_networkx_cache")


def outcome(call):
    try:
        return "value", call()
    except NotImplementedError:
        raise
    except Exception as error:  # the same type and message are expected
        return "error", (type(error), str(error))


def assert_served_alike(name, G, *args, **kwargs):
    """`name` through pathsum gives networkx's value or error, exactly."""
    function = getattr(nx, name)
    expected = outcome(lambda: function(G, *args, **kwargs))
    got = outcome(lambda: function(G, *args, backend="pathsum", **kwargs))
    assert same(got, expected), (name, args, kwargs, got, expected)
    return got


WEIGHTS = {
    "int": st.integers(-9, 9),
    "float": st.floats(-9, 9, allow_nan=False).map(lambda x: round(x, 1)),
    "positive int": st.integers(0, 9),
    "positive float": st.floats(0, 9).map(lambda x: round(x, 2)),
}


@st.composite
def weighted_dags(draw, kinds=tuple(WEIGHTS)):
    kind = draw(st.sampled_from(kinds))
    return draw(
        dags(
            min_nodes=1,
            max_nodes=9,
            weights=WEIGHTS[kind],
            multigraph=draw(st.booleans()),
            missing=draw(st.sampled_from([0.0, 0.3])),
            zeros=0.2,
        )
    )


def node_of(G):
    return st.sampled_from([*G, MISSING])


def declined_for(G, method, weight="weight"):
    """Whether pathsum hands a shortest-path call back to networkx.

    Only for Dijkstra on a negative weight, and for ints mixed with floats
    (which of two equal sums networkx keeps decides the type of a length).
    """
    if weight is None:
        return False
    read = [w for *_, w in G.edges(data="weight", default=1)]
    mixed = {type(w) for w in read} == {int, float}
    return mixed or (method == "dijkstra" and any(w < 0 for w in read))


def assert_declined(reason, call):
    """`call` hands itself back to networkx, saying `reason`."""
    with pytest.raises(NotImplementedError) as info:
        call()
    cause = info.value.__cause__ or info.value
    assert reason in str(cause), str(cause)


def assert_served_or_declined(declined, name, G, *args, **kwargs):
    if declined:
        with pytest.raises(NotImplementedError):
            getattr(nx, name)(G, *args, backend="pathsum", **kwargs)
    else:
        assert_served_alike(name, G, *args, **kwargs)


@given(weighted_dags(), st.data())
def test_longest_paths_are_networkx_s(G, data):
    default = data.draw(st.sampled_from([1, 0, -1, 2.5]))
    weight = data.draw(st.sampled_from(["weight", None, "absent"]))
    for name in ("dag_longest_path", "dag_longest_path_length"):
        assert_served_alike(name, G, weight=weight, default_weight=default)
    order = list(nx.topological_sort(G))
    if data.draw(st.booleans()):
        order = data.draw(st.permutations(order))
    if order and all(order.index(u) < order.index(v) for u, v in G.edges()):
        assert_served_alike("dag_longest_path", G, topo_order=order)


@given(weighted_dags(), st.data())
def test_reachability_is_networkx_s(G, data):
    source, target = data.draw(node_of(G)), data.draw(node_of(G))
    assert_served_alike("descendants", G, source)
    assert_served_alike("ancestors", G, source)
    assert_served_alike("has_path", G, source, target)
    assert_served_alike("transitive_closure_dag", G)


@given(weighted_dags(), st.data())
def test_shortest_path_lengths_are_networkx_s(G, data):
    source, target = data.draw(node_of(G)), data.draw(node_of(G))
    cutoff = data.draw(st.sampled_from([None, 0, 1, 2.5, -1, 30]))
    weight = data.draw(st.sampled_from(["weight", None]))
    dijkstra = declined_for(G, "dijkstra")
    bellman_ford = declined_for(G, "bellman-ford")
    # pathsum checks the first node, then hands the call back.
    one, pair = source in G, source in G and source != target
    assert_served_alike("single_source_shortest_path_length", G, source, cutoff)
    assert_served_or_declined(
        bellman_ford and one, "single_source_bellman_ford_path_length", G, source
    )
    assert_served_or_declined(
        bellman_ford and pair, "bellman_ford_path_length", G, source, target
    )
    assert_served_or_declined(
        dijkstra and one, "single_source_dijkstra_path_length", G, source, cutoff
    )
    assert_served_or_declined(
        dijkstra and pair, "dijkstra_path_length", G, source, target
    )
    for method in ("dijkstra", "bellman-ford"):
        declined = declined_for(G, method, weight)
        for s, t in [(source, target), (source, None), (None, target)]:
            first = t if s is None else s
            assert_served_or_declined(
                declined and first in G and s != t,
                "shortest_path_length",
                G,
                s,
                t,
                weight=weight,
                method=method,
            )


@given(weighted_dags(kinds=("positive int",)), st.data())
def test_a_weight_function_that_hides_edges_is_networkx_s(G, data):
    if G.is_multigraph():
        G = nx.DiGraph(G)
    hidden = data.draw(st.sets(st.sampled_from([*G.edges, None])))
    number = data.draw(st.sampled_from([int, float]))

    def weight(u, v, d):
        return None if (u, v) in hidden else number(d.get("weight", 1))

    source, target = data.draw(node_of(G)), data.draw(node_of(G))
    assert_served_alike("single_source_dijkstra_path_length", G, source, weight=weight)
    assert_served_alike("dijkstra_path_length", G, source, target, weight=weight)
    assert_served_alike("shortest_path_length", G, source, weight=weight)
    # networkx's Bellman-Ford cannot add the None of a hidden edge (a
    # TypeError): pathsum leaves that call to networkx.
    assert_served_or_declined(
        bool(hidden - {None}) and source in G and source != target,
        "bellman_ford_path_length",
        G,
        source,
        target,
        weight=weight,
    )


def test_ties_follow_networkx():
    # Every path has length 0: networkx ends at the first node in its
    # topological order, and walks back through the first best predecessor.
    G = nx.DiGraph()
    G.add_nodes_from([5, 3, 9, 1])
    G.add_edges_from([(5, 9), (3, 9), (9, 1), (3, 1)], weight=0)
    assert_served_alike("dag_longest_path", G)
    G.add_edges_from([(5, 9), (3, 9), (9, 1), (3, 1)], weight=2)
    G.add_edge(3, 1, weight=4)
    got = assert_served_alike("dag_longest_path", G)
    assert got == ("value", [5, 9, 1])  # 5 -> 9 -> 1 and 3 -> 9 -> 1 tie: first pred
    assert_served_alike("dag_longest_path", G, topo_order=[3, 5, 9, 1])


def test_longest_path_restarts_where_the_prefix_is_negative():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(1, 2, -5), (2, 3, 1), (3, 4, 1), (4, 5, 0), (3, 5, 4)])
    assert nx.dag_longest_path(G, backend="pathsum") == [2, 3, 5]
    assert nx.dag_longest_path_length(G, backend="pathsum") == 5
    G = nx.DiGraph([(1, 2, {"weight": -1.5})])
    got = assert_served_alike("dag_longest_path_length", G)
    assert got == ("value", 0) and type(got[1]) is int


def test_parallel_edges_take_the_largest_and_the_smallest():
    G = nx.MultiDiGraph()
    G.add_weighted_edges_from([(0, 1, 3), (0, 1, 7), (1, 2, 1), (1, 2, -2)])
    assert nx.dag_longest_path_length(G, backend="pathsum") == 8
    assert nx.single_source_bellman_ford_path_length(G, 0, backend="pathsum") == {
        0: 0,
        1: 3,
        2: 1,
    }


def test_results_are_python_numbers():
    G = nx.DiGraph([(0, 1, {"weight": 2}), (1, 2, {"weight": 3})])
    lengths = nx.single_source_bellman_ford_path_length(G, 0, backend="pathsum")
    assert all(type(v) is int for v in lengths.values())
    G.add_weighted_edges_from([(0, 1, 2.0), (1, 2, 0.5)])
    lengths = nx.single_source_bellman_ford_path_length(G, 0, backend="pathsum")
    assert [type(v) for v in lengths.values()] == [int, float, float]


@pytest.mark.parametrize(
    "G",
    [nx.DiGraph([(0, 1), (1, 0)]), nx.Graph([(0, 1)])],
    ids=["cyclic", "undirected"],
)
def test_a_graph_pathsum_declines_runs_on_networkx(G):
    with pytest.raises(NotImplementedError):
        nx.descendants(G, 0, backend="pathsum")
    before = list(nx.config.backend_priority.algos)
    nx.config.backend_priority.algos = ["pathsum"]
    try:
        assert nx.descendants(G, 0) == {1}
    finally:
        nx.config.backend_priority.algos = before


def test_declined_weights():
    mixed = nx.DiGraph([(0, 1, {"weight": 1}), (1, 2, {"weight": 0.5})])
    assert_declined(
        "mix ints and floats",
        lambda: nx.single_source_bellman_ford_path_length(mixed, 0, backend="pathsum"),
    )
    # The longest path reads the path's own weights, so mixed types are served.
    assert_served_alike("dag_longest_path_length", mixed)
    negative = nx.DiGraph([(0, 1, {"weight": -1})])
    assert_declined(
        "Dijkstra with a negative",
        lambda: nx.dijkstra_path_length(negative, 0, 1, backend="pathsum"),
    )
    assert nx.bellman_ford_path_length(negative, 0, 1, backend="pathsum") == -1
    huge = nx.DiGraph([(0, 1, {"weight": 2**60}), (1, 2, {"weight": 2**60})])
    assert_declined(
        "exactly", lambda: nx.dag_longest_path_length(huge, backend="pathsum")
    )
    for bad in (float("nan"), float("inf"), "3", None):
        G = nx.DiGraph([(0, 1, {"weight": bad})])
        with pytest.raises(NotImplementedError):
            nx.dag_longest_path_length(G, backend="pathsum")


def test_the_conversion_is_cached_and_cleared_by_networkx():
    G = nx.DiGraph([(0, 1, {"weight": 2})])
    assert nx.dag_longest_path_length(G, backend="pathsum") == 2
    cached = G.__networkx_cache__["backends"]["pathsum"]
    assert len(cached) == 1
    (converted,) = cached.values()
    assert converted.__networkx_backend__ == "pathsum"
    assert nx.dag_longest_path_length(G, backend="pathsum") == 2
    assert list(cached.values()) == [converted]
    G.add_edge(1, 2, weight=5)
    assert "backends" not in G.__networkx_cache__
    assert nx.dag_longest_path_length(G, backend="pathsum") == 7


def test_backend_priority_serves_every_call():
    G = nx.DiGraph([(0, 1, {"weight": 2}), (1, 2, {"weight": 3})])
    before = list(nx.config.backend_priority.algos)
    nx.config.backend_priority.algos = ["pathsum"]
    try:
        assert nx.dag_longest_path_length(G) == 5
        assert "pathsum" in G.__networkx_cache__["backends"]
    finally:
        nx.config.backend_priority.algos = before


def test_can_run_declines_arguments_it_cannot_read_twice():
    G = nx.DiGraph([(0, 1), (1, 2)])
    for name, args, kwargs in [
        ("dag_longest_path", (G,), {"topo_order": iter([0, 1, 2])}),
        ("single_source_shortest_path_length", (G, 0), {"cutoff": "1"}),
        ("dag_longest_path", (G,), {"weight": lambda u, v, d: 1}),
        ("all_pairs_shortest_path", (G,), {}),
    ]:
        assert isinstance(can_run(name, args, kwargs), str)
    assert can_run("dag_longest_path", (G,), {"topo_order": [0, 1, 2]}) is True
    # With backend_priority set, networkx runs the call that pathsum declines.
    before = list(nx.config.backend_priority.algos)
    nx.config.backend_priority.algos = ["pathsum"]
    try:
        assert nx.dag_longest_path(G, topo_order=iter([0, 1, 2])) == [0, 1, 2]
    finally:
        nx.config.backend_priority.algos = before


def test_an_invalid_topo_order_is_networkx_s_to_report():
    G = nx.DiGraph([(0, 1), (1, 2)])
    assert_declined(
        "not topological",
        lambda: nx.dag_longest_path(G, topo_order=[2, 1, 0], backend="pathsum"),
    )


def test_the_input_graph_is_not_changed():
    G = nx.MultiDiGraph([(0, 1, {"weight": 1}), (0, 1, {"weight": 4}), (1, 2, {})])
    before = nx.to_dict_of_dicts(G), dict(G.nodes(data=True))
    for name in ("dag_longest_path", "transitive_closure_dag", "descendants"):
        args = (0,) if name == "descendants" else ()
        getattr(nx, name)(G, *args, backend="pathsum")
    assert (nx.to_dict_of_dicts(G), dict(G.nodes(data=True))) == before


def test_every_served_function_is_on_the_interface_and_in_the_info():
    from pathsum.nx_backend.info import FUNCTIONS, get_info

    served = [*functions.__all__, *simple_paths.__all__]
    assert sorted(FUNCTIONS) == sorted(served)
    assert get_info()["functions"].keys() == FUNCTIONS.keys()
    for name in served:
        assert callable(getattr(BackendInterface, name))
        assert name in nx.utils.backends.backend_info["pathsum"]["functions"]
        assert "pathsum" in getattr(nx, name).backends
    assert "pathsum" in nx.dag_longest_path.__doc__


def test_importing_networkx_imports_nothing_heavy_of_pathsum():
    code = (
        "import sys, networkx\n"
        "print(sorted(m for m in sys.modules if m.startswith('pathsum')))\n"
        "print('numba' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "['pathsum', 'pathsum.nx_backend', 'pathsum.nx_backend.info']"
    assert out[1] == "False False"


@given(weighted_dags(kinds=("int", "positive int", "positive float")), st.data())
def test_a_shortest_path_is_networkx_s_unless_several_tie(G, data):
    source, target = data.draw(node_of(G)), data.draw(node_of(G))
    weight = data.draw(st.sampled_from(["weight", None]))
    method = data.draw(st.sampled_from(["dijkstra", "bellman-ford"]))
    kwargs = {"weight": weight, "method": method}
    try:
        got = outcome(
            lambda: nx.shortest_path(G, source, target, backend="pathsum", **kwargs)
        )
    except NotImplementedError as error:
        reason = str(error.__cause__)
        if "several shortest paths" in reason:
            assert len(list(nx.all_shortest_paths(G, source, target, **kwargs))) > 1
        else:
            assert declined_for(G, method, weight), reason
        return
    assert same(got, outcome(lambda: nx.shortest_path(G, source, target, **kwargs)))


def test_one_shortest_path_is_served_and_ties_are_networkx_s():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, 1), (1, 3, 1), (0, 2, 1), (2, 3, 5), (3, 4, 0)])
    for method in ("dijkstra", "bellman-ford"):
        path = nx.shortest_path(
            G, 0, 4, weight="weight", method=method, backend="pathsum"
        )
        assert path == [0, 1, 3, 4]
    assert_declined(
        "several shortest paths", lambda: nx.shortest_path(G, 0, 3, backend="pathsum")
    )
    assert_served_alike("shortest_path", G, 0, 9)
    assert_served_alike(
        "shortest_path", G, 4, 0, weight="weight", method="bellman-ford"
    )
    assert_served_alike(
        "shortest_path", G, 9, 9, weight="weight", method="bellman-ford"
    )
    assert_served_alike("shortest_path", G, 0, 4, method="A*")


def test_the_environment_variable_sets_the_priority():
    code = (
        "import networkx as nx\n"
        "G = nx.DiGraph([(0, 1, {'weight': 2}), (1, 2, {'weight': 3})])\n"
        "print(nx.dag_longest_path_length(G), sorted(G.__networkx_cache__['backends']))"
    )
    environment = {**os.environ, "NETWORKX_BACKEND_PRIORITY": "pathsum"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    assert out == "5 ['pathsum']\n"


def assert_priority_alike(name, G, *args, **kwargs):
    """With pathsum first in networkx's priority, the call gives networkx's answer."""
    function = getattr(nx, name)
    expected = outcome(lambda: function(G, *args, **kwargs))
    with nx.config(backend_priority={"algos": ["pathsum"]}):
        got = outcome(lambda: function(G, *args, **kwargs))
    assert same(got, expected), (name, got, expected)


def test_float_sums_networkx_adds_in_another_order_are_ties():
    # networkx's two-ended Dijkstra sums s-b-c-t as 0.2 + (0.4 + 0.3) =
    # 0.8999999999999999 and finds it shorter; a forward pass sums it as
    # 0.9000000000000001, longer than s-a-t's 0.9.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 0.6), ("a", "t", 0.30000000000000004)])
    G.add_weighted_edges_from([("s", "b", 0.2), ("b", "c", 0.4), ("c", "t", 0.3)])
    assert_declined(
        "several shortest paths",
        lambda: nx.shortest_path(G, "s", "t", weight="weight", backend="pathsum"),
    )
    assert_priority_alike("shortest_path", G, "s", "t", weight="weight")


def test_sums_that_overflow_are_networkx_s():
    G = nx.DiGraph([(0, 1, {"weight": 1e308}), (1, 2, {"weight": 1e308})])
    assert_declined(
        "overflow", lambda: nx.dijkstra_path_length(G, 0, 2, backend="pathsum")
    )
    for name, args in [
        ("single_source_dijkstra_path_length", (0,)),
        ("dijkstra_path_length", (0, 2)),
        ("shortest_path", (0, 2)),
    ]:
        assert_priority_alike(name, G, *args, weight="weight")


def test_a_view_is_networkx_s_as_its_cache_goes_stale():
    G = nx.DiGraph([(0, 1), (1, 2)])
    R = G.reverse(copy=False)
    assert_declined("view", lambda: nx.ancestors(R, 0, backend="pathsum"))
    with nx.config(backend_priority={"algos": ["pathsum"]}):
        assert nx.ancestors(R, 0) == {1, 2}
        G.add_edge(2, 3)
        assert nx.ancestors(R, 0) == {1, 2, 3}


def test_a_weight_function_that_raises_on_an_edge_networkx_never_meets():
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=1)
    G.add_edge(2, 3)

    def weight(u, v, d):
        return d["weight"]

    assert_declined(
        "raised",
        lambda: nx.single_source_dijkstra_path_length(
            G, 0, weight=weight, backend="pathsum"
        ),
    )
    assert_priority_alike("single_source_dijkstra_path_length", G, 0, weight=weight)


def test_infinite_and_nan_cutoffs():
    G = nx.DiGraph([(0, 1, {"weight": 1.0}), (1, 2, {"weight": 2.0})])
    for name in (
        "single_source_shortest_path_length",
        "single_source_dijkstra_path_length",
    ):
        assert_served_alike(name, G, 0, math.inf)
        assert_priority_alike(name, G, 0, math.nan)
    assert isinstance(
        can_run("single_source_shortest_path_length", (G, 0, math.nan), {}), str
    )


def test_weight_none_is_an_attribute_named_none_in_dijkstra_and_bellman_ford():
    G = nx.DiGraph([(0, 1, {None: 5}), (1, 2, {None: 5})])
    for name in ("bellman_ford_path_length", "dijkstra_path_length"):
        assert_served_alike(name, G, 0, 2, weight=None)
    assert_served_alike("single_source_bellman_ford_path_length", G, 0, weight=None)
    assert_served_alike("shortest_path_length", G, 0, 2, weight=None)  # hop counts


def test_ends_equal_to_nodes_of_another_type():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(1, 2, 1), (2, 3, 1), (1, 3, 5)])
    for weight in (None, "weight"):
        for ends in [(1.0, 3), (1, 3.0), (True, 3)]:
            assert_priority_alike("shortest_path", G, *ends, weight=weight)
            assert_priority_alike("shortest_path_length", G, *ends, weight=weight)
    assert_served_alike("dag_longest_path", G, topo_order=[1, 2, 3.0])
    assert_served_alike("dag_longest_path", G, topo_order=[1.0, 2, 3])


def test_bool_weights_are_ints_and_leave_the_cache_alone():
    G = nx.DiGraph([(0, 1, {"weight": True}), (1, 2, {"weight": False}), (2, 3, {})])
    assert_served_alike("dag_longest_path_length", G, default_weight=True)
    assert_served_alike("dag_longest_path_length", G)
    assert_served_alike("dijkstra_path_length", G, 0, 3)
    assert_served_alike("single_source_bellman_ford_path_length", G, 0)


def test_large_floats_beside_int_defaults_are_served():
    G = nx.DiGraph([(0, 1, {"weight": 1e16}), (1, 2, {})])
    assert_served_alike("dag_longest_path_length", G)
    assert_served_alike("dag_longest_path", G)


def test_the_closure_has_networkx_s_adjacency_order():
    G = nx.gnp_random_graph(40, 0.15, seed=7, directed=True)
    G = nx.DiGraph((u, v) for u, v in G.edges if u < v)
    expected = nx.transitive_closure_dag(G)
    got = nx.transitive_closure_dag(G, backend="pathsum")
    for v in expected:
        assert list(got._succ[v]) == list(expected._succ[v])
        assert list(got._pred[v]) == list(expected._pred[v])


def test_the_closure_is_served_when_asked_and_left_to_networkx_by_priority():
    G = nx.DiGraph([(0, 1), (1, 2)])
    assert isinstance(should_run("transitive_closure_dag", (G,), {}), str)
    assert should_run("dag_longest_path", (G,), {}) is True
    assert_served_alike("transitive_closure_dag", G)
