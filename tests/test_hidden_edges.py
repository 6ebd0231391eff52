"""A weight function that returns None hides the edge: every method and engine
must then answer exactly as on the graph without those edges."""

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum.compiled import ENGINES, numba_available
from pathsum.strategies import dags_with_endpoints

ARRAY_ENGINES = [e for e in ENGINES[1:] if e == "numpy" or numba_available()]

# Exact values only, so "the same" means equal: ints, and words in FREE (which
# also catches a pass that multiplies out of path order).
WEIGHTS = {
    ps.REAL: st.integers(-3, 3),
    ps.COUNTING: st.integers(0, 3),
    ps.BOOLEAN: st.booleans(),
    ps.MIN_PLUS: st.integers(-3, 3),
    ps.MAX_PLUS: st.integers(-3, 3),
    ps.FREE: st.sampled_from("abc"),
}


def hiding(u, v, data):
    return None if data.get("hidden") else data["weight"]


@st.composite
def hidden_and_deleted(draw, semiring):
    """(marked, deleted, s, t): `marked` has a drawn set of edges marked hidden,
    `deleted` is the same graph without them."""
    multigraph = draw(st.booleans())
    G, s, t = draw(
        dags_with_endpoints(
            max_nodes=7, weights=WEIGHTS[semiring], multigraph=multigraph
        )
    )
    edges = sorted(G.edges(keys=True) if multigraph else G.edges)
    gone = draw(st.sets(st.sampled_from(edges))) if edges else set()
    marked, deleted = G.copy(), G.copy()
    for edge in gone:
        marked.edges[edge]["hidden"] = True
    deleted.remove_edges_from(gone)
    return marked, deleted, s, t


@pytest.mark.parametrize("semiring", list(WEIGHTS), ids=lambda s: s.name)
@given(data=st.data())
def test_hidden_edges_are_deleted_edges_in_every_pass(semiring, data):
    marked, deleted, s, t = data.draw(hidden_and_deleted(semiring))
    for method in ("paths", "forward", "reverse"):
        assert ps.path_sum(
            marked, s, t, method=method, weight=hiding, semiring=semiring
        ) == ps.path_sum(deleted, s, t, method=method, semiring=semiring)
    for function, seed in ((ps.forward_path_sums, s), (ps.reverse_path_sums, t)):
        expected = function(deleted, seed, semiring=semiring)
        assert function(marked, seed, weight=hiding, semiring=semiring) == expected
        seeds = {seed: semiring.one}
        assert function(marked, seeds, weight=hiding, semiring=semiring) == expected


@given(data=st.data())
def test_counting_through_a_hiding_weight_counts_the_paths_left(data):
    marked, deleted, s, t = data.draw(hidden_and_deleted(ps.COUNTING))
    left = ps.count_paths(deleted, s, t)
    for method in ("paths", "forward", "reverse"):
        assert (
            ps.path_sum(
                marked, s, t, method=method, weight=hiding, semiring=ps.COUNTING
            )
            == left
        )
    shown = {path for path in ps.all_paths(marked, s, t)}
    assert len(shown) == ps.count_paths(marked, s, t) >= left


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS], ids=lambda s: s.name)
@given(data=st.data())
def test_best_and_k_best_paths_never_take_a_hidden_edge(semiring, data):
    marked, deleted, s, t = data.draw(hidden_and_deleted(semiring))
    if ps.count_paths(deleted, s, t) == 0:
        with pytest.raises(nx.NetworkXNoPath):
            ps.best_path(marked, s, t, weight=hiding, semiring=semiring)
        assert (
            list(ps.k_best_paths(marked, s, t, weight=hiding, semiring=semiring)) == []
        )
        return
    value, path = ps.best_path(marked, s, t, weight=hiding, semiring=semiring)
    assert value == ps.best_path(deleted, s, t, semiring=semiring)[0]
    assert all(deleted.has_edge(*edge) for edge in path)
    ranked = list(ps.k_best_paths(marked, s, t, weight=hiding, semiring=semiring))
    expected = list(ps.k_best_paths(deleted, s, t, semiring=semiring))
    assert [v for v, _ in ranked] == [v for v, _ in expected]
    assert sorted(p for _, p in ranked) == sorted(p for _, p in expected)


@pytest.mark.parametrize(
    "semiring", [ps.REAL, ps.COUNTING, ps.FREE], ids=lambda s: s.name
)
@given(data=st.data())
def test_marginals_leave_hidden_edges_and_their_paths_out(semiring, data):
    marked, deleted, s, t = data.draw(hidden_and_deleted(semiring))
    for function in (ps.edge_marginals, ps.node_marginals):
        assert function(marked, s, t, weight=hiding, semiring=semiring) == function(
            deleted, s, t, semiring=semiring
        )


@pytest.mark.parametrize("engine", ARRAY_ENGINES)
@pytest.mark.parametrize(
    "semiring",
    [ps.REAL, ps.COUNTING, ps.BOOLEAN, ps.MIN_PLUS, ps.MAX_PLUS],
    ids=lambda s: s.name,
)
@given(data=st.data())
def test_the_array_engine_agrees_with_the_dict_engine_on_hidden_edges(
    engine, semiring, data
):
    marked, deleted, s, t = data.draw(hidden_and_deleted(semiring))
    dag = ps.compile_dag(marked, weight=hiding, semiring=semiring, engine=engine)
    assert dag.number_of_edges == deleted.number_of_edges()
    for run, function, seed in (
        ("forward", ps.forward_path_sums, s),
        ("reverse", ps.reverse_path_sums, t),
    ):
        expected = function(deleted, seed, semiring=semiring)
        assert dag.to_dict(getattr(dag, run)(seed)) == {
            node: value for node, value in expected.items() if value != semiring.zero
        }
    marginals = dag.edge_marginals(s, t)
    on_paths = ps.edge_marginals(deleted, s, t, semiring=semiring)
    got = {}
    for e, value in enumerate(marginals.tolist()):
        u, v = dag.nodes[dag.tails[e]], dag.nodes[dag.indices[e]]
        if value != semiring.zero:
            got[u, v] = semiring.add(got.get((u, v), semiring.zero), value)
    expected = {}
    for edge, value in on_paths.items():
        if value != semiring.zero:
            pair = edge[:2]
            expected[pair] = semiring.add(expected.get(pair, semiring.zero), value)
    assert {k: v for k, v in got.items() if v != semiring.zero} == {
        k: v for k, v in expected.items() if v != semiring.zero
    }


def test_a_block_of_seeds_sees_hidden_edges_as_missing():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=2)
    G.add_edge("a", "b", weight=5, hidden=True)
    G.add_edge("b", "c", weight=3)
    G.add_edge("a", "c", weight=7, hidden=True)
    for engine in ARRAY_ENGINES:
        dag = ps.compile_dag(G, weight=hiding, semiring=ps.COUNTING, engine=engine)
        block = np.eye(3, dtype=np.int64)
        counts = dag.forward(block)
        assert counts[dag.index["c"], dag.index["a"]] == 1
        dag = ps.compile_dag(G, weight=hiding, engine=engine)
        assert dag.forward(np.eye(3))[dag.index["c"], dag.index["a"]] == 6.0
        assert dag.reverse(np.eye(3))[dag.index["a"], dag.index["c"]] == 6.0
