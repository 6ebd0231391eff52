"""The backend's simple paths are networkx's: the same lists, in the same order."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oracles import same
from pathsum.examples import diamond_chain
from pathsum.nx_backend import simple_paths
from pathsum.nx_backend.info import FUNCTIONS
from pathsum.nx_backend.interface import BackendInterface
from pathsum.strategies import dags

MISSING = "missing node"
NAMES = ("all_simple_paths", "all_simple_edge_paths")


pytestmark = pytest.mark.usefixtures("quiet_networkx_cache")


def paths(name, G, source, target, cutoff=None, **backend):
    """``("paths", [...])``, or ``("error", (type, message))`` at the first next().

    The call itself never raises: networkx's functions are generators.
    """
    found = getattr(nx, name)(G, source, target(), cutoff, **backend)
    try:
        return "paths", list(found)
    except NotImplementedError:
        raise
    except Exception as error:  # the same type and message are expected
        return "error", (type(error), str(error))


def assert_paths_alike(G, source, target, cutoff=None):
    """Both functions through pathsum give networkx's paths or error.

    `target` makes the target afresh for each call (an iterator is spent).
    """
    for name in NAMES:
        expected = paths(name, G, source, target, cutoff)
        got = paths(name, G, source, target, cutoff, backend="pathsum")
        assert same(got, expected), (name, source, target(), cutoff, got, expected)


@st.composite
def targets(draw, G):
    """A target as networkx takes it: a node, or an iterable of nodes (which
    may hold the source, nodes not in G, or be no iterable at all)."""
    some = st.lists(st.sampled_from([*G, MISSING, 99]), max_size=4)
    kind = draw(st.sampled_from(["node", "list", "set", "iterator", "other"]))
    if kind == "node":
        node = draw(st.sampled_from([*G, MISSING]))
        return lambda: node
    if kind == "other":
        other = draw(st.sampled_from([99.5, None, "ab", (), frozenset()]))
        return lambda: other
    nodes = draw(some)
    make = {"list": list, "set": set, "iterator": iter}[kind]
    return lambda: make(nodes)


CUTOFFS = st.sampled_from([None, 0, 1, 2, 2.5, 0.5, -1, -0.5, 3, 30])


@given(st.data(), st.booleans())
def test_paths_are_networkx_s(data, multigraph):
    G = data.draw(dags(min_nodes=0, max_nodes=9, multigraph=multigraph))
    source = data.draw(st.sampled_from([*G, MISSING]))
    assert_paths_alike(G, source, data.draw(targets(G)), data.draw(CUTOFFS))


@given(st.data(), st.booleans())
def test_paths_to_every_node_are_networkx_s(data, multigraph):
    G = data.draw(dags(min_nodes=1, max_nodes=8, multigraph=multigraph))
    cutoff = data.draw(CUTOFFS)
    for source in G:
        assert_paths_alike(G, source, lambda: list(G), cutoff)
        for target in G:
            assert_paths_alike(G, source, lambda t=target: t, cutoff)


def test_the_order_follows_G_succ():
    G = nx.DiGraph()
    G.add_nodes_from([3, 0, 2, 1])
    G.add_edges_from([(0, 2), (0, 1), (2, 3), (1, 3), (0, 3), (1, 2)])
    got = list(nx.all_simple_paths(G, 0, 3, backend="pathsum"))
    assert got == [[0, 2, 3], [0, 1, 3], [0, 1, 2, 3], [0, 3]]
    assert_paths_alike(G, 0, lambda: 3)
    got = list(nx.all_simple_paths(G, 0, [2, 3], cutoff=2, backend="pathsum"))
    assert got == [[0, 2], [0, 2, 3], [0, 1, 3], [0, 1, 2], [0, 3]]
    assert_paths_alike(G, 0, lambda: [2, 3], 2)


def test_parallel_edges_repeat_node_paths_and_name_their_keys():
    G = nx.MultiDiGraph([(0, 1), (0, 1), (1, 2), (0, 2)])
    got = list(nx.all_simple_paths(G, 0, 2, backend="pathsum"))
    assert got == [[0, 1, 2], [0, 1, 2], [0, 2]]
    got = list(nx.all_simple_edge_paths(G, 0, 2, backend="pathsum"))
    assert got == [[(0, 1, 0), (1, 2, 0)], [(0, 1, 1), (1, 2, 0)], [(0, 2, 0)]]
    assert_paths_alike(G, 0, lambda: 2)


def test_a_source_among_the_targets_is_a_path_of_its_own():
    G = nx.DiGraph([(0, 1), (1, 2)])
    for cutoff in (None, 0, 0.5, 1):
        assert_paths_alike(G, 0, lambda: [0, 2], cutoff)
    assert list(nx.all_simple_paths(G, 0, 0, backend="pathsum")) == [[0]]
    assert list(nx.all_simple_edge_paths(G, 0, [0], 0, backend="pathsum")) == [[]]
    assert list(nx.all_simple_paths(G, 0, 0, -1, backend="pathsum")) == []


def test_a_cutoff_between_integers_allows_one_more_step():
    # networkx goes on from a node at depth d while d < cutoff.
    G = nx.DiGraph([(0, 1), (1, 2), (2, 3)])
    got = list(nx.all_simple_paths(G, 0, [1, 2, 3], 1.5, backend="pathsum"))
    assert got == [[0, 1], [0, 1, 2]]
    assert_paths_alike(G, 0, lambda: [1, 2, 3], 1.5)


def test_the_source_given_is_the_first_node_of_each_path():
    G = nx.DiGraph([(1, 2), (2, 3)])
    assert_paths_alike(G, 1.0, lambda: 3)
    assert same(
        list(nx.all_simple_edge_paths(G, 1.0, 3, backend="pathsum")),
        [[(1.0, 2), (2, 3)]],
    )


@pytest.mark.parametrize("name", NAMES)
def test_errors_come_at_the_first_next_as_networkx_s(name):
    G = nx.DiGraph([(0, 1)])
    function = getattr(nx, name)
    for source, target, message in [
        (7, 1, "source node 7 not in graph"),
        ([0], 1, "source node [0] not in graph"),
        (0, 7, "target node 7 not in graph"),
    ]:
        found = function(G, source, target, backend="pathsum")
        with pytest.raises(nx.NodeNotFound, match=rf"^{message}$".replace("[", r"\[")):
            next(found)
        assert_paths_alike(G, source, lambda t=target: t)


def test_paths_of_a_diamond_chain_come_in_networkx_s_order():
    G = diamond_chain(8)
    for cutoff in (None, 12, 16):
        assert_paths_alike(G, 0, lambda: 8, cutoff)
        assert_paths_alike(G, 0, lambda: [4, 8, (6, "up")], cutoff)
    assert len(list(nx.all_simple_paths(G, 0, 8, backend="pathsum"))) == 2**8


def test_a_cyclic_graph_runs_on_networkx():
    G = nx.DiGraph([(0, 1), (1, 0), (1, 2)])
    with pytest.raises(NotImplementedError):
        nx.all_simple_paths(G, 0, 2, backend="pathsum")
    before = list(nx.config.backend_priority.algos)
    nx.config.backend_priority.algos = ["pathsum"]
    try:
        assert list(nx.all_simple_paths(G, 0, 2)) == [[0, 1, 2]]
    finally:
        nx.config.backend_priority.algos = before


def test_the_functions_are_on_the_interface_and_in_the_info():
    for name in simple_paths.__all__:
        assert callable(getattr(BackendInterface, name))
        assert name in FUNCTIONS
        assert "pathsum" in getattr(nx, name).backends


def test_a_generator_made_before_a_change_reads_the_graph_after_it():
    A = nx.DiGraph([(0, 1), (1, 2)])
    A.add_node(3)
    for name in ("all_simple_paths", "all_simple_edge_paths", "shortest_simple_paths"):
        function = getattr(nx, name)
        expected = function(A, 0, 3)
        got = function(A, 0, 3, backend="pathsum")
        A.add_edge(2, 3)
        assert list(got) == list(expected)
        A.remove_edge(2, 3)


def first_shortest(G, source, target, weight, k=25, **backend):
    """The first `k` of shortest_simple_paths, or its error at the first next()."""
    try:
        found = nx.shortest_simple_paths(G, source, target, weight=weight, **backend)
        return "paths", list(itertools.islice(found, k))
    except Exception as error:  # the same type and message are expected
        return "error", (type(error), str(error))


SHORTEST_WEIGHTS = {
    "float": st.floats(0, 9, allow_nan=False),
    "int": st.integers(0, 4),
    "negative": st.integers(-3, 3),
}


@given(st.sampled_from(sorted(SHORTEST_WEIGHTS)), st.data())
def test_shortest_simple_paths_are_networkx_s(kind, data):
    G = data.draw(
        dags(
            max_nodes=9,
            weights=SHORTEST_WEIGHTS[kind],
            multigraph=data.draw(st.booleans()),
            missing=0.2,
        )
    )
    source = data.draw(st.sampled_from([*G, MISSING]))
    target = data.draw(st.sampled_from([*G, MISSING]))
    weight = data.draw(st.sampled_from(["weight", None, "hidden"]))
    if weight == "hidden":
        hidden = data.draw(st.sets(st.sampled_from([*G.edges(), None])))

        def weight(u, v, d):
            if (u, v) in hidden:
                return None
            parallel = d.values() if G.is_multigraph() else [d]
            return min(e.get("weight", 1) for e in parallel)

    expected = first_shortest(G, source, target, weight)
    got = first_shortest(G, source, target, weight, backend="pathsum")
    assert same(got, expected), (got, expected)


def test_shortest_simple_paths_hand_over_at_the_first_tie():
    # Found in one round of Yen's algorithm, [0, 2, 3, 4] comes before
    # [0, 1, 3, 4] in networkx, though neither order nor G.succ says so.
    G = nx.DiGraph([(0, 1), (0, 2), (0, 4), (1, 3), (1, 4), (2, 3), (3, 4)])
    expected = [[0, 4], [0, 1, 4], [0, 2, 3, 4], [0, 1, 3, 4]]
    assert list(nx.shortest_simple_paths(G, 0, 4, backend="pathsum")) == expected
    # Without ties the paths are pathsum's k best paths, in their order.
    chain = diamond_chain(12)
    for i, (_, _, data) in enumerate(chain.edges(data=True)):
        data["weight"] = 1 + 1 / (i + 2) ** 3
    ends = 0, 12
    got = itertools.islice(
        nx.shortest_simple_paths(chain, *ends, weight="weight", backend="pathsum"), 200
    )
    assert list(got) == list(
        itertools.islice(nx.shortest_simple_paths(chain, *ends, weight="weight"), 200)
    )
