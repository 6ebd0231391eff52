import functools
import json
import math
import re
import subprocess
import sys
import textwrap

import dask.base
import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
import pathsum.compiled
import pathsum.scaling
from pathsum.compiled import numba_available
from pathsum.examples import diamond_chain
from pathsum.strategies import dags, dags_with_endpoints
from pathsum.testing import error_bound

# Every engine this environment has; CI runs the suite with and without numba.
ENGINES = ["numpy", "numba"] if numba_available() else ["numpy"]

NUMERIC = {
    ps.REAL: st.floats(-4, 4),
    ps.COUNTING: st.integers(0, 3),
    ps.BOOLEAN: st.booleans(),
    ps.MIN_PLUS: st.floats(-4, 4),
    ps.MAX_PLUS: st.floats(-4, 4),
    ps.MAX_TIMES: st.floats(0, 2),
    ps.LOG: st.floats(-4, 4),
}


def close(semiring, got, expected, G, path_count):
    """Equal up to rounding: exactly for counts and truth values, else within
    the derived error bound of the float semirings."""
    if semiring in (ps.COUNTING, ps.BOOLEAN):
        return got == expected
    if math.isinf(expected) or math.isinf(got):
        return got == expected
    tolerance = 1e-9 * (1 + abs(expected)) * max(1, path_count)
    return abs(got - expected) <= tolerance


def as_dict_engine(semiring, G, s, forward=True):
    function = ps.forward_path_sums if forward else ps.reverse_path_sums
    return function(G, s, semiring=semiring)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_passes_equal_the_dict_engine(engine, semiring, data):
    G, s, t = data.draw(
        dags_with_endpoints(
            max_nodes=9, weights=NUMERIC[semiring], multigraph=data.draw(st.booleans())
        )
    )
    dag = ps.compile_dag(G, semiring=semiring, engine=engine)
    assert dag.engine == engine
    paths = max(1, ps.count_paths(G, s, t))
    for forward, seed in ((True, s), (False, t)):
        got = (dag.forward if forward else dag.reverse)(seed)
        expected = as_dict_engine(semiring, G, seed, forward)
        for node in G:
            want = expected.get(node, semiring.zero)
            value = got[dag.index[node]].item()
            assert close(semiring, value, want, G, paths), (node, value, want)


@pytest.mark.parametrize("engine", ENGINES)
@given(dags(max_nodes=10, weights=st.floats(-2, 2), multigraph=True))
def test_a_block_of_seeds_is_every_single_pass_at_once(engine, G):
    dag = ps.compile_dag(G, engine=engine)
    n = len(dag.nodes)
    seeds = np.random.default_rng(0).normal(size=(n, 3))
    for run, block in (
        (dag.forward, dag.forward(seeds)),
        (dag.reverse, dag.reverse(seeds)),
    ):
        assert block.shape == (n, 3)
        for column in range(3):
            single = run({dag.nodes[i]: seeds[i, column] for i in range(n)})
            np.testing.assert_allclose(block[:, column], single, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("engine", ENGINES)
@given(dags_with_endpoints(max_nodes=10, weights=st.floats(-2, 2)))
def test_forward_and_reverse_agree_within_the_error_bound(engine, example):
    G, s, t = example
    dag = ps.compile_dag(G, engine=engine)
    forward = dag.forward(s)[dag.index[t]]
    reverse = dag.reverse(t)[dag.index[s]]
    exact = ps.path_sum(G, s, t, method="paths")
    bound = error_bound(G, s, t)
    assert abs(forward - exact) <= 2 * bound + 1e-300
    assert abs(reverse - exact) <= 2 * bound + 1e-300


@pytest.mark.parametrize("engine", ENGINES)
def test_nodes_are_in_topological_order_and_levels_partition_them(engine):
    G = nx.gnp_random_graph(60, 0.1, seed=1, directed=True)
    G = nx.DiGraph((u, v) for u, v in G.edges if u > v)  # edges go down: a DAG
    dag = ps.compile_dag(G, weight=None, engine=engine)
    position = dag.index
    assert all(position[u] < position[v] for u, v in G.edges)
    assert dag.levels[0] == 0 and dag.levels[-1] == len(dag.nodes)
    level = np.searchsorted(dag.levels, np.arange(len(dag.nodes)), side="right") - 1
    assert all(level[position[u]] < level[position[v]] for u, v in G.edges)
    assert sorted(zip(dag.tails.tolist(), dag.indices.tolist(), strict=True)) == sorted(
        (position[u], position[v]) for u, v in G.edges
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_counting_overflow_raises_and_never_wraps(engine):
    dag = ps.compile_dag(diamond_chain(62), semiring=ps.COUNTING, engine=engine)
    assert dag.forward(0)[dag.index[62]] == 2**62
    assert dag.reverse(62)[dag.index[0]] == 2**62
    dag = ps.compile_dag(diamond_chain(63), semiring=ps.COUNTING, engine=engine)
    with pytest.raises(OverflowError, match="2\\*\\*63 - 1"):
        dag.forward(0)
    with pytest.raises(OverflowError, match="count_paths"):
        dag.reverse(63)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_long_chain_needs_no_recursion(engine):
    n = 200_000
    G = nx.DiGraph()
    nx.add_path(G, range(n), weight=1.0)
    dag = ps.compile_dag(G, engine=engine)
    assert dag.forward(0)[-1] == 1.0 and dag.nodes[-1] == n - 1
    assert dag.reverse(n - 1)[0] == 1.0


def test_weights_callables_defaults_and_hidden_edges():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", w=2.0)
    G.add_edge("a", "b", w=3.0)
    G.add_edge("b", "c")
    G.add_edge("a", "c", w=100.0)
    dag = ps.compile_dag(G, weight="w", default_weight=10.0)
    assert dag.to_dict(dag.forward("a")) == {"a": 1.0, "b": 5.0, "c": 150.0}

    def hide_big(u, v, data):
        return None if data.get("w", 1) > 50 else data.get("w", 1)

    dag = ps.compile_dag(G, weight=hide_big)
    assert dag.to_dict(dag.forward("a")) == {"a": 1.0, "b": 5.0, "c": 5.0}
    assert dag.number_of_edges == 3
    dag = ps.compile_dag(G, weight=None)
    assert dag.forward("a")[dag.index["c"]] == 3.0


def test_fractions_and_numpy_scalars_are_read_as_floats():
    from fractions import Fraction

    G = nx.DiGraph()
    G.add_edge(0, 1, weight=Fraction(1, 4))
    G.add_edge(1, 2, weight=np.float32(2))
    dag = ps.compile_dag(G)
    assert dag.forward(0).tolist() == [1.0, 0.25, 0.5]


BAD = [
    (nx.DiGraph([(0, 1, {"weight": "x"})]), ps.REAL, "edge (0, 1)"),
    (nx.DiGraph([(0, 1, {"weight": -1.0})]), ps.MAX_TIMES, "edge (0, 1)"),
    (nx.DiGraph([(0, 1, {"weight": math.nan})]), ps.MIN_PLUS, "edge (0, 1)"),
    (
        nx.MultiDiGraph([(0, 1, {"weight": 1}), (0, 1, {"weight": [2]})]),
        ps.REAL,
        "(0, 1, 1)",
    ),
]


@pytest.mark.parametrize(("G", "semiring", "edge"), BAD)
def test_bad_weights_name_the_edge(G, semiring, edge):
    with pytest.raises(
        ps.WeightError, match=edge.replace("(", r"\(").replace(")", r"\)")
    ):
        ps.compile_dag(G, semiring=semiring)


def test_bad_graphs_and_arguments():
    with pytest.raises(ps.NotADAGError, match="cycle") as info:
        ps.compile_dag(nx.DiGraph([(0, 1), (1, 2), (2, 1)]), weight=None)
    assert set(info.value.cycle) == {(1, 2), (2, 1)}
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.compile_dag(nx.Graph([(0, 1)]))
    with pytest.raises(TypeError, match="compile_dag computes in"):
        ps.compile_dag(nx.DiGraph([(0, 1)]), semiring=ps.POLYNOMIAL)
    with pytest.raises(ValueError, match="engine='gpu'"):
        ps.compile_dag(nx.DiGraph([(0, 1)]), engine="gpu")
    dag = ps.compile_dag(nx.DiGraph([(0, 1)]), weight=None)
    with pytest.raises(nx.NodeNotFound, match="seed node 7"):
        dag.forward(7)
    with pytest.raises(ValueError, match=r"\(n_nodes, k\) = \(2, k\)"):
        dag.reverse(np.ones((3, 1)))
    with pytest.raises(TypeError, match="the seed of node 0"):
        dag.forward({0: "x"})
    with pytest.raises(ValueError, match="one value per node"):
        dag.to_dict(np.ones(5))


def test_the_numba_engine_is_there_exactly_when_numba_is():
    G = nx.DiGraph([(0, 1, {"weight": 1.0})])
    if numba_available():
        assert ps.compile_dag(G).engine == "numba"
        assert ps.compile_dag(G, engine="numba").engine == "numba"
    else:
        assert ps.compile_dag(G).engine == "numpy"
        with pytest.raises(ImportError, match=r"pathsum\[fast\]"):
            ps.compile_dag(G, engine="numba")


def test_the_graph_is_not_changed():
    G = nx.MultiDiGraph([(0, 1, {"weight": 2.0}), (0, 1, {"weight": 3.0})])
    before = nx.node_link_data(G, edges="edges")
    ps.compile_dag(G).forward(0)
    assert nx.node_link_data(G, edges="edges") == before


def test_empty_and_edgeless_graphs():
    dag = ps.compile_dag(nx.DiGraph())
    assert dag.nodes == [] and dag.forward(np.zeros((0, 2))).shape == (0, 2)
    G = nx.DiGraph()
    G.add_nodes_from("ab")
    dag = ps.compile_dag(G, semiring=ps.MIN_PLUS)
    assert dag.to_dict(dag.forward("a")) == {"a": 0.0}


LACKING = [
    (nx.DiGraph([(0, 1, {"weight": 2.0}), (1, 2, {})]), (1, 2)),
    (nx.MultiDiGraph([(0, 1, {"weight": 2.0}), (0, 1, {}), (1, 2)]), (0, 1, 1)),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@pytest.mark.parametrize(("G", "edge"), LACKING)
def test_a_missing_weight_is_an_error_unless_a_default_is_given(
    engine, semiring, G, edge
):
    def dict_engine(**options):
        return ps.forward_path_sums(G, 0, semiring=semiring, **options)

    def arrays(**options):
        dag = ps.compile_dag(G, semiring=semiring, engine=engine, **options)
        return dag.to_dict(dag.forward(0))

    if semiring is ps.COUNTING:  # reads no attribute at all
        paths = 1 + (len(edge) == 3)
        assert arrays() == dict_engine() == {0: 1, 1: paths, 2: paths}
    else:
        with pytest.raises(ps.WeightError, match="pass weight=None") as info:
            arrays()
        assert info.value.edge == edge and info.value.attribute == "weight"
        assert f"edge {edge!r} has no 'weight' attribute" in str(info.value)
    assert arrays(default_weight=0.5) == dict_engine(default_weight=0.5)
    assert arrays(weight=None) == dict_engine(weight=None)


def hidden(u, v, data):
    """The weight of an edge, or None (hidden) where it is marked."""
    return None if data.get("hidden") else data.get("weight", 1)


def aligned(dag, values, like):
    """`values` of `dag`, rows reordered to the node order of `like`."""
    return values[[dag.index[node] for node in like.nodes]]


def assert_same(semiring, got, expected):
    if semiring in (ps.COUNTING, ps.BOOLEAN):
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


def one_hot_block(dag, nodes):
    """A seed column of `one` at each of `nodes`, `zero` elsewhere."""
    kind = dag._kind
    block = np.full((len(dag.nodes), len(nodes)), kind.zero, kind.dtype)
    for column, node in enumerate(nodes):
        block[dag.index[node], column] = kind.one
    return block


def seed_by_seed(dag, seeds, expected_of, zero):
    """For each direction and each of `seeds`: ``(direction, seed)``, the
    seed's sums swept alone, its column of one block of all `seeds`, and
    ``expected_of(seed, forward)`` read in the order of `dag.nodes` (`zero`
    where it has no entry)."""
    for forward in (True, False):
        run = dag.forward if forward else dag.reverse
        block = run(one_hot_block(dag, seeds))
        for column, seed in enumerate(seeds):
            expected = expected_of(seed, forward)
            want = [expected.get(node, zero) for node in dag.nodes]
            yield (forward, seed), run(seed), block[:, column], want


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_a_hiding_weight_is_the_same_as_deleting_the_edges(engine, semiring, data):
    multigraph = data.draw(st.booleans())
    G = data.draw(dags(max_nodes=8, weights=NUMERIC[semiring], multigraph=multigraph))
    edges = list(G.edges(keys=True) if multigraph else G.edges)
    gone = data.draw(st.sets(st.sampled_from(edges)) if edges else st.just(set()))
    marked, deleted = G.copy(), G.copy()
    for edge in gone:
        marked.edges[edge]["hidden"] = True
    deleted.remove_edges_from(gone)
    options = {"semiring": semiring, "engine": engine}
    shown = ps.compile_dag(marked, weight=hidden, **options)
    plain = ps.compile_dag(deleted, default_weight=1, **options)
    assert shown.number_of_edges == plain.number_of_edges == len(edges) - len(gone)
    seeds = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=3))
    for run in ("forward", "reverse"):
        for seed in seeds:
            got = getattr(shown, run)(seed)
            assert_same(semiring, got, aligned(plain, getattr(plain, run)(seed), shown))
        got = getattr(shown, run)(one_hot_block(shown, seeds))
        expected = getattr(plain, run)(one_hot_block(plain, seeds))
        assert_same(semiring, got, aligned(plain, expected, shown))


@pytest.mark.parametrize("engine", ENGINES)
@given(
    data=st.data(),
    G=dags(max_nodes=8, weights=st.floats(-4, 4) | st.just(math.inf), multigraph=True),
)
def test_log_sums_of_infinities_are_infinite_on_every_engine(engine, data, G):
    dag = ps.compile_dag(G, semiring=ps.LOG, engine=engine)
    seeds = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=3))

    def expected_of(seed, forward):
        return as_dict_engine(ps.LOG, G, seed, forward)

    for _, alone, in_block, want in seed_by_seed(dag, seeds, expected_of, -math.inf):
        for got in (alone, in_block):
            assert not np.isnan(got).any()
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


def test_log_of_two_infinite_paths_is_infinite():
    G = nx.DiGraph()
    G.add_weighted_edges_from([(0, 1, math.inf), (1, 2, 0.0), (0, 3, math.inf)])
    G.add_weighted_edges_from([(3, 2, 0.0)])
    for engine in ENGINES:
        dag = ps.compile_dag(G, semiring=ps.LOG, engine=engine)
        assert dag.forward(0)[dag.index[2]] == math.inf
        assert dag.reverse(2)[dag.index[0]] == math.inf


REFUSED = [
    (ps.MIN_PLUS, -math.inf),
    (ps.MAX_PLUS, math.inf),
    (ps.MAX_TIMES, math.inf),
    (ps.MAX_TIMES, -0.5),
    (ps.BOOLEAN, math.nan),
    (ps.LOG, math.nan),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("semiring", "bad"), REFUSED, ids=repr)
@pytest.mark.parametrize("as_type", [float, np.float64, np.float32], ids=repr)
def test_weights_the_lifts_refuse_are_refused_in_bulk_too(
    engine, semiring, bad, as_type
):
    G = nx.MultiDiGraph()
    G.add_weighted_edges_from([(0, 1, 0.5), (1, 2, 0.25), (1, 2, as_type(bad))])
    with pytest.raises(ps.WeightError, match=r"edge \(1, 2, 1\)") as info:
        ps.compile_dag(G, semiring=semiring, engine=engine)
    assert info.value.edge == (1, 2, 1)
    with pytest.raises(ps.WeightError):
        ps.forward_path_sums(G, 0, semiring=semiring)
    # the zero of the semiring itself (an edge that might as well be absent) stays
    zero = nx.DiGraph([(0, 1, {"weight": semiring.zero})])
    dag = ps.compile_dag(zero, semiring=semiring, engine=engine)
    assert dag.forward(0)[dag.index[1]] == semiring.zero


def test_ints_past_the_float_range_are_refused_and_past_2_53_flagged():
    G = nx.DiGraph([(0, 1, {"weight": 2**2000})])
    with pytest.raises(ps.WeightError, match=r"edge \(0, 1\)"):
        ps.compile_dag(G)
    G = nx.DiGraph([(0, 1, {"weight": 2**63 + 1}), (1, 2, {"weight": 0.5})])
    dag = ps.compile_dag(G)
    assert dag.weights_kind == "O"  # not all floats: rounded on the way in
    assert dag.forward(0).tolist() == [1.0, 2.0**63, 2.0**62]
    # Ints up to 2**53 among floats are exact as floats: still "f".
    G = nx.DiGraph([(0, 1, {"weight": 2**53}), (1, 2, {"weight": 0.5})])
    G.add_edge(2, 3, weight=1000)
    assert ps.compile_dag(G).weights_kind == "f"


MUTATE_WHILE_COMPILING = """
import random, sys, threading
import networkx as nx
import pathsum as ps

n, engine = 2000, sys.argv[1]
G = nx.DiGraph()
nx.add_path(G, range(n), weight=1.0)
stop = threading.Event()

def mutate():
    rng = random.Random(0)
    while not stop.is_set():
        u = rng.randrange(n - 2)
        v = rng.randrange(u + 2, n)
        G.add_edge(u, v, weight=0.5)
        G.add_edge(n, rng.randrange(n), weight=0.5)
        G.remove_edge(u, v)
        G.remove_node(n)

sys.setswitchinterval(1e-6)
thread = threading.Thread(target=mutate)
thread.start()
changed = 0
try:
    for _ in range(200):
        try:
            ps.compile_dag(G, engine=engine).forward(0)
        except RuntimeError as exc:
            assert "changed" in str(exc), exc
            changed += 1
finally:
    stop.set()
    thread.join()
print("survived", changed)
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_graph_changed_by_another_thread_never_crashes(engine):
    # In a child process, so a crash of native code fails this test instead of
    # ending the test run.
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(MUTATE_WHILE_COMPILING), engine],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])
    assert run.stdout.startswith("survived")


@pytest.mark.parametrize(
    ("indptr", "heads", "message"),
    [
        ([0, 1, 1], [5], "a head index outside 0..1"),
        ([0, 1, 1], [2], "a head index outside 0..1"),
        ([0, 2, 2], [1], "2 edges counted, 1 heads"),
        ([0, 2, 1], [1], "not monotone"),
        ([0, 1], [1], "1 out-degrees for 2 nodes"),
    ],
)
def test_arrays_that_disagree_never_reach_a_kernel(indptr, heads, message):
    dag = ps.compile_dag(nx.DiGraph([(0, 1, {"weight": 2.0})]))
    with pytest.raises(ValueError, match=message):
        ps.CompiledDAG(
            dag.nodes,
            np.array(indptr, np.uint64),
            np.array(heads, np.uint32),
            np.ones(len(heads)),
            np.zeros(len(heads), np.uint32),
            dag.levels.copy(),
            ps.REAL,
            dag.engine,
        )
    with pytest.raises(ValueError, match="read-only"):
        dag.indices[0] = 7


@pytest.mark.parametrize("engine", ENGINES)
def test_a_long_cycle_is_found_in_linear_time_and_told_briefly(engine):
    n = 10**5
    G = nx.DiGraph()
    nx.add_cycle(G, range(n), weight=1.0)
    G.add_edge("in", 0, weight=1.0)  # nodes before and after the cycle
    G.add_edge(n // 2, "out", weight=1.0)
    with pytest.raises(ps.NotADAGError, match=f"cycle of {n:,} edges") as info:
        ps.compile_dag(G, engine=engine)
    assert len(str(info.value)) < 500
    cycle = info.value.cycle
    assert len(cycle) == n and all(G.has_edge(u, v) for u, v in cycle)
    assert all(a[1] == b[0] for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_cycle_behind_the_dag_and_a_self_loop_are_found(engine):
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("d", "e")])
    with pytest.raises(ps.NotADAGError) as info:
        ps.compile_dag(G, weight=None, engine=engine)
    assert sorted(info.value.cycle) == [("b", "c"), ("c", "d"), ("d", "b")]
    G = nx.DiGraph([(0, 1), (1, 1)])
    with pytest.raises(ps.NotADAGError) as info:
        ps.compile_dag(G, weight=None, engine=engine)
    assert info.value.cycle == [(1, 1)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seeds", [[1], [0, 1], {0, 1}, bytearray(b"a")], ids=repr)
def test_a_seed_that_is_neither_node_mapping_nor_array_is_a_clear_error(engine, seeds):
    dag = ps.compile_dag(nx.DiGraph([(0, 1)]), weight=None, engine=engine)
    for run in (dag.forward, dag.reverse):
        with pytest.raises(TypeError, match=r"a node, a mapping node -> seed, or"):
            run(seeds)
    with pytest.raises(ValueError, match=r"\(2, k\), not \(2,\)"):
        dag.forward(np.ones(2))
    tuples = ps.compile_dag(nx.DiGraph([((0, 1), (1, 2))]), weight=None)
    assert tuples.forward((0, 1)).tolist() == [1.0, 1.0]  # a tuple can be a node


def no_plain_loop(*args):
    raise AssertionError("the plain loop ran where the level sweep should")


@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_the_level_sweep_equals_the_dict_engine(semiring, data):
    multigraph = data.draw(st.booleans())
    G = data.draw(dags(max_nodes=9, weights=NUMERIC[semiring], multigraph=multigraph))
    edges = list(G.edges(keys=True) if multigraph else G.edges)
    lacking = data.draw(st.sets(st.sampled_from(edges)) if edges else st.just(set()))
    for edge in lacking:
        del G.edges[edge]["weight"]
    weight = data.draw(st.sampled_from(["weight", None]))
    options = {"weight": weight, "semiring": semiring}
    if lacking and weight and semiring is not ps.COUNTING:
        with pytest.raises(ps.WeightError) as info:
            ps.compile_dag(G, engine="numpy", **options)
        assert info.value.edge in lacking
        options["default_weight"] = data.draw(NUMERIC[semiring])
    seeds = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=3))
    with pytest.MonkeyPatch.context() as patch:
        # every level counts as wide, so even one seed column goes by levels
        patch.setattr(pathsum.compiled.dag, "_WIDE", 0)
        patch.setattr(pathsum.compiled.CompiledDAG, "_loop", no_plain_loop)
        dag = ps.compile_dag(G, engine="numpy", **options)

        def expected_of(seed, forward):
            dict_engine = ps.forward_path_sums if forward else ps.reverse_path_sums
            return dict_engine(G, seed, **options)

        for _, alone, in_block, want in seed_by_seed(
            dag, seeds, expected_of, semiring.zero
        ):
            assert_same(semiring, alone, np.array(want, dtype=float))
            assert_same(semiring, in_block, np.array(want, dtype=float))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("wide", [pathsum.compiled.dag._WIDE, 0])
def test_counting_overflow_through_blocks_raises(engine, wide, monkeypatch):
    monkeypatch.setattr(pathsum.compiled.dag, "_WIDE", wide)
    for k, exact in ((62, True), (63, False)):
        dag = ps.compile_dag(diamond_chain(k), semiring=ps.COUNTING, engine=engine)
        for run, seeds in ((dag.forward, [0, 1]), (dag.reverse, [k, k - 1])):
            block = one_hot_block(dag, seeds)
            if exact:
                got = run(block)
                assert got.dtype == np.int64 and int(got.max()) == 2**62
                continue
            with pytest.raises(OverflowError, match="count_paths counts exactly"):
                run(block)
            with pytest.raises(OverflowError, match="2\\*\\*63 - 1"):
                run(seeds[0])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_compiled_graph_shows_a_one_line_summary(engine):
    G = nx.MultiDiGraph([(0, 1), (0, 1), (1, 2)])
    G.add_nodes_from(range(3, 1200))
    dag = ps.compile_dag(G, weight=None, semiring=ps.MAX_PLUS, engine=engine)
    summary = f"1,200 nodes, 3 edges, max-plus, {engine} engine"
    assert repr(dag) == f"<CompiledDAG: {summary}>"
    assert dag._repr_html_() == f"<p><b>CompiledDAG</b>: {summary}</p>"


def test_import_pathsum_leaves_numba_for_the_first_compiled_pass():
    code = (
        "import sys, networkx as nx, pathsum\n"
        "assert 'numba' not in sys.modules, 'import pathsum imported numba'\n"
        "dag = pathsum.compile_dag(nx.DiGraph([(0, 1)]), weight=None)\n"
        "print(dag.engine, dag.forward(0).tolist(), 'numba' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    engine = "numba" if numba_available() else "numpy"
    assert run.stdout.split() == [engine, "[1.0,", "1.0]", str(numba_available())]


def compiled_edges(dag, G, weight):
    """The networkx edge of each position of `dag`'s edge arrays: a node's
    visible out-edges in the order `G` lists them."""
    multigraph = G.is_multigraph()
    edges = []
    for u in dag.nodes:
        for edge in G.out_edges(u, keys=True) if multigraph else G.out_edges(u):
            if weight is None or weight(*edge[:2], G.edges[edge]) is not None:
                edges.append(edge)
    return edges


def assert_marginals_equal(semiring, dag, G, s, t, weight=None):
    got = dag.edge_marginals(s, t)
    options = {} if weight is None else {"weight": weight}
    expected = ps.edge_marginals(G, s, t, **options, semiring=semiring)
    edges = compiled_edges(dag, G, weight)
    assert got.shape == (dag.number_of_edges,) == (len(edges),)
    assert set(expected) <= set(edges)
    paths = max(1, ps.count_paths(G, s, t))
    for edge, value in zip(edges, got.tolist(), strict=True):
        want = expected.get(edge, semiring.zero)
        assert close(semiring, value, want, G, paths), (edge, value, want)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_edge_marginals_on_arrays_equal_the_dict_engine(engine, semiring, data):
    multigraph = data.draw(st.booleans())
    G, s, t = data.draw(
        dags_with_endpoints(
            max_nodes=9, weights=NUMERIC[semiring], multigraph=multigraph
        )
    )
    # Any ordered pair: no path, source == target and t before s included.
    s, t = data.draw(st.sampled_from(sorted(G))), data.draw(st.sampled_from([s, t]))
    dag = ps.compile_dag(G, semiring=semiring, engine=engine)
    assert_marginals_equal(semiring, dag, G, s, t)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_edge_marginals_on_arrays_leave_hidden_edges_out(engine, semiring, data):
    G, s, t = data.draw(
        dags_with_endpoints(max_nodes=8, weights=NUMERIC[semiring], multigraph=True)
    )
    edges = list(G.edges(keys=True))
    for edge in data.draw(st.sets(st.sampled_from(edges)) if edges else st.just(())):
        G.edges[edge]["hidden"] = True
    dag = ps.compile_dag(G, weight=hidden, semiring=semiring, engine=engine)
    assert_marginals_equal(semiring, dag, G, s, t, weight=hidden)


@pytest.mark.parametrize("engine", ENGINES)
def test_edge_marginals_on_arrays_of_parallel_edges_and_ends(engine):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("a", "b", weight=3.0)
    G.add_edge("b", "c", weight=5.0)
    G.add_edge("z", "a", weight=7.0)
    dag = ps.compile_dag(G, engine=engine)
    through = dag.edge_marginals("a", "c").tolist()
    got = dict(zip(compiled_edges(dag, G, None), through, strict=True))
    assert got == {
        ("a", "b", 0): 10.0,
        ("a", "b", 1): 15.0,
        ("b", "c", 0): 25.0,
        ("z", "a", 0): 0.0,
    }
    assert not dag.edge_marginals("a", "a").any()
    assert not dag.edge_marginals("c", "a").any()
    with pytest.raises(nx.NodeNotFound, match="target node 'q' is not in the graph"):
        dag.edge_marginals("a", "q")
    with pytest.raises(nx.NodeNotFound, match="source node 'q'"):
        dag.edge_marginals("q", "a")


@pytest.mark.parametrize("node", [["s"], {"s": 1}, {"s"}, (["s"],)], ids=repr)
def test_an_unhashable_node_is_node_not_found_naming_its_role(node):
    # As in the dict engine (networkx's `node in G` is False for it), not a
    # bare TypeError from the index lookup.
    G = nx.DiGraph([("s", "t", {"weight": 2.0})])
    dag = ps.compile_dag(G)
    for role, ends in (("source", (node, "t")), ("target", ("s", node))):
        message = re.escape(f"{role} node {node!r} is not in the graph")
        with pytest.raises(nx.NodeNotFound, match=message):
            ps.edge_marginals(G, *ends)
        with pytest.raises(nx.NodeNotFound, match=message):
            dag.edge_marginals(*ends)
    # A seed mapping's unhashable node, and a node inside a tuple, are seeds
    # that are not there; a bare list is no seed at all (see above).
    with pytest.raises(nx.NodeNotFound, match=r"seed node \(\['s'\],\)"):
        dag.forward((["s"],))


@pytest.mark.parametrize("engine", ENGINES)
def test_counting_edge_marginals_on_arrays_raise_on_overflow(engine):
    # 2**31 paths on each side of the middle edge: 2**62 through it, a count
    # int64 holds; 2**32 on each side gives 2**64, a product that would wrap.
    for half, fits in ((31, True), (32, False)):
        G = diamond_chain(2 * half + 1)
        G.remove_edges_from(list(G.out_edges(half)))
        G.add_edge(half, half + 1)
        dag = ps.compile_dag(G, semiring=ps.COUNTING, engine=engine)
        end = 2 * half + 1
        if fits:
            through = dag.edge_marginals(0, end)
            middle = compiled_edges(dag, G, None).index((half, half + 1))
            assert through[middle] == 2**62
            assert through.max() == 2**62
        else:
            with pytest.raises(OverflowError, match="2\\*\\*63 - 1"):
                dag.edge_marginals(0, end)


@pytest.mark.parametrize("engine", ENGINES)
def test_edge_marginals_on_arrays_when_the_paths_cancel(engine):
    # From v the path sum to t is 1 - 1 = 0, and so it is from s, yet each
    # path carries its own ±1.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "v", 1.0), ("v", "a", 1.0), ("a", "t", 1.0)])
    G.add_weighted_edges_from([("v", "b", 1.0), ("b", "t", -1.0)])
    dag = ps.compile_dag(G, engine=engine)
    assert dag.reverse("t")[[dag.index["s"], dag.index["v"]]].tolist() == [0.0, 0.0]
    expected = ps.edge_marginals(G, "s", "t")
    assert expected == {
        ("s", "v"): 0.0,
        ("v", "a"): 1.0,
        ("a", "t"): 1.0,
        ("v", "b"): -1.0,
        ("b", "t"): -1.0,
    }
    for s in ("s", "v"):
        through = dag.edge_marginals(s, "t").tolist()
        got = dict(zip(compiled_edges(dag, G, None), through, strict=True))
        assert got == {edge: expected[edge] for edge in got}, s


@pytest.mark.parametrize(
    "semiring",
    [ps.REAL, ps.BOOLEAN, ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES, ps.LOG],
    ids=lambda s: s.name,
)
@pytest.mark.parametrize("truth", [True, np.True_], ids=["bool", "numpy bool"])
def test_a_truth_value_among_numbers_is_read_as_the_dict_engine_reads_it(
    semiring, truth
):
    # Before, numpy read [True, 0.5] as [1.0, 0.5], so compile_dag took True
    # for the number 1 where the dict engine raises WeightError (a bool is not
    # a number).
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=truth)
    G.add_edge("b", "c", weight=0.5)
    try:
        expected = ps.forward_path_sums(G, "a", semiring=semiring)
    except ps.WeightError as error:
        with pytest.raises(ps.WeightError) as info:
            ps.compile_dag(G, semiring=semiring)
        assert info.value.edge == error.edge == ("a", "b")
        return
    dag = ps.compile_dag(G, semiring=semiring)
    assert dag.to_dict(dag.forward("a")) == pytest.approx(expected)


# --- one-hot seeds swept a tile of columns at a time ---------------------------


def test_column_tiles_are_multiples_of_8_from_16_to_64():
    tile = pathsum.compiled.column_tile
    assert tile(10, 8) == 64 and tile(2_000, 8) == 64
    assert tile(50_000, 8) == 16 and tile(10**8, 8) == 16 and tile(0, 8) == 64
    assert tile(20_000, 8) == 48 and tile(20_000, 1) == 64
    assert all(tile(n, 8) % 8 == 0 for n in range(1, 40_000, 997))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
@pytest.mark.parametrize("k", [1, 16, 17, 40, 64, 100])
def test_one_hot_seeds_by_tiles_equal_one_block(monkeypatch, engine, forward, k):
    # Tiles of 16 columns: k = 17, 40 and 100 end in a narrower tile.
    monkeypatch.setattr(pathsum.compiled.dag, "_TILE_MAX", 16)
    G = nx.gnp_random_graph(150, 0.08, seed=k, directed=True)
    G = nx.DiGraph(
        (u, v, {"weight": (u * 7 + v) % 5 - 2 or 3}) for u, v in G.edges if u < v
    )
    dag = ps.compile_dag(G, engine=engine)
    rng = np.random.default_rng(k)
    # Seeds with paths to sweep: nodes with edges out (forward) or in (reverse).
    degree = G.out_degree if forward else G.in_degree
    swept = [dag.index[v] for v in dag.nodes if degree(v) > 0]
    seeds = rng.choice(swept, k)
    reads = rng.permutation(len(dag.nodes))[:120]
    block = np.zeros((len(dag.nodes), k))
    block[seeds, np.arange(k)] = 1.0
    whole = (dag.forward(block) if forward else dag.reverse(block))[reads, :]
    got = pathsum.compiled.one_hot_sweep(dag, seeds, reads, forward=forward)
    assert got.shape == (120, k) and np.array_equal(got, whole)
    assert np.count_nonzero(whole) > k  # paths were summed, not only seeds read


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
@pytest.mark.parametrize("engine", ENGINES)
def test_a_sweep_by_seeds_first_is_the_transpose_in_c_order(
    monkeypatch, engine, forward
):
    # Tiles of 16 over 40 seeds: two whole tiles and a last one of 8 columns.
    monkeypatch.setattr(pathsum.compiled.dag, "_TILE_MAX", 16)
    G = nx.gnp_random_graph(60, 0.1, seed=3, directed=True)
    G = nx.DiGraph(
        (u, v, {"weight": (u + 2 * v) % 7 - 3 or 2}) for u, v in G.edges if u < v
    )
    dag = ps.compile_dag(G, engine=engine)
    seeds = np.random.default_rng(3).choice(len(dag.nodes), 40)
    reads = np.arange(len(dag.nodes))[::-2]
    columns = pathsum.compiled.one_hot_sweep(dag, seeds, reads, forward=forward)
    rows = pathsum.compiled.one_hot_sweep(
        dag, seeds, reads, forward=forward, seeds_first=True
    )
    assert rows.shape == (40, len(reads)) and rows.flags.c_contiguous
    assert np.array_equal(rows, columns.T) and np.count_nonzero(rows) > 40


@pytest.mark.parametrize("engine", ENGINES)
def test_a_last_tile_as_wide_as_the_graph_is_long_gets_its_own_buffer(
    monkeypatch, engine
):
    # 20 seeds on 4 nodes: a tile of 16, then one of 4 columns, which must not
    # be taken for the 16-column buffer because the graph has 4 rows.
    monkeypatch.setattr(pathsum.compiled.dag, "_TILE_MAX", 16)
    G = nx.DiGraph([(0, 1, {"weight": 2.0}), (1, 2, {"weight": 3.0})])
    G.add_edge(0, 3, weight=5.0)
    dag = ps.compile_dag(G, engine=engine)
    seeds = np.arange(20) % 4
    block = np.zeros((4, 20))
    block[seeds, np.arange(20)] = 1.0
    for forward in (True, False):
        whole = dag.forward(block) if forward else dag.reverse(block)
        got = pathsum.compiled.one_hot_sweep(dag, seeds, [0, 1, 2, 3], forward=forward)
        assert np.array_equal(got, whole)


def test_a_tile_buffer_starts_at_a_huge_page_boundary():
    zeros = pathsum.compiled.dag._aligned_zeros((30_000, 24))
    assert zeros.shape == (30_000, 24) and zeros.flags.c_contiguous
    assert zeros.ctypes.data % 2**21 == 0 and not zeros.any()
    small = pathsum.compiled.dag._aligned_zeros((1000, 24))
    assert small.shape == (1000, 24) and small.flags.owndata and not small.any()


@pytest.mark.parametrize(
    ("weights", "tails", "raw", "message"),
    [
        (2, 1, None, "not one weight and one tail per edge"),
        (1, 2, None, "not one weight and one tail per edge"),
        (1, 1, 2, "not one raw weight per edge"),
    ],
)
def test_weights_tails_and_raw_weights_must_be_one_per_edge(
    weights, tails, raw, message
):
    dag = ps.compile_dag(nx.DiGraph([(0, 1, {"weight": 2.0})]))
    arrays = dag.nodes, dag.indptr.copy(), dag.indices.copy()
    extra = {} if raw is None else {"raw_weights": np.ones(raw)}
    with pytest.raises(ValueError, match=message):
        ps.CompiledDAG(
            *arrays,
            np.ones(weights),
            np.zeros(tails, np.uint32),
            dag.levels.copy(),
            ps.REAL,
            dag.engine,
            **extra,
        )
    # One of each per edge: accepted.
    ps.CompiledDAG(
        *arrays,
        np.ones(1),
        np.zeros(1, np.uint32),
        dag.levels.copy(),
        ps.REAL,
        dag.engine,
        raw_weights=np.ones(1),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_levels_rise_strictly_and_each_starts_where_a_longest_path_ends(engine):
    G = nx.gnp_random_graph(60, 0.1, seed=1, directed=True)
    G = nx.DiGraph((u, v) for u, v in G.edges if u > v)
    dag = ps.compile_dag(G, weight=None, engine=engine)
    assert (np.diff(dag.levels) > 0).all()
    # Level of a node: the edges on a longest path into it.
    depth = {}
    for v in nx.topological_sort(G):
        depth[v] = max((depth[u] + 1 for u in G.pred[v]), default=0)
    assert len(dag.levels) - 1 == max(depth.values()) + 1
    level = np.searchsorted(dag.levels, np.arange(len(dag.nodes)), side="right") - 1
    assert all(level[dag.index[v]] == d for v, d in depth.items())


def test_heads_and_tails_take_four_bytes_each_below_2_32_nodes():
    dag = ps.compile_dag(nx.path_graph(100, create_using=nx.DiGraph), weight=None)
    assert dag.indices.dtype == np.uint32 and dag.tails.dtype == np.uint32


@pytest.mark.parametrize("engine", ENGINES)
def test_a_boolean_seed_is_its_truth_value(engine):
    G = nx.DiGraph([("a", "b", {"weight": True}), ("b", "c", {"weight": True})])
    dag = ps.compile_dag(G, semiring=ps.BOOLEAN, engine=engine)
    for seed in (0.5, "yes", 2):
        assert dag.forward({"a": seed}).tolist() == [True, True, True]
    assert dag.forward({"a": 0.0}).tolist() == [False, False, False]


def test_a_callable_weight_names_a_refused_edge_of_a_digraph_without_a_key():
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    with pytest.raises(ps.WeightError) as caught:
        ps.compile_dag(G, weight=lambda u, v, d: "x" if u == "b" else 1.0)
    assert caught.value.edge == ("b", "c")


def test_a_head_missing_from_the_nodes_is_refused_not_renumbered():
    # A graph whose adjacency names a node that is not in it, as another
    # thread's removal can leave it mid-read: never a silent wrong head.
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    G._succ["a"]["ghost"] = {}
    with pytest.raises(RuntimeError, match="the graph changed while compile_dag"):
        ps.compile_dag(G, weight=None)


@pytest.mark.parametrize("semiring", [ps.REAL, ps.MIN_PLUS, ps.MAX_PLUS, ps.BOOLEAN])
def test_an_unweighted_graph_stays_unweighted_in_another_semiring(semiring):
    G = nx.DiGraph([("a", "b", {"weight": 5.0}), ("b", "c", {"weight": 7.0})])
    G.add_edge("a", "c")  # no weight: weight=None never reads one
    dag = ps.compile_dag(G, weight=None, semiring=ps.COUNTING).with_semiring(semiring)
    expected = ps.compile_dag(G, weight=None, semiring=semiring)
    assert np.array_equal(dag.weights, expected.weights)
    assert np.array_equal(dag.forward("a"), expected.forward("a"))


def test_a_manifest_without_the_unweighted_flag_reads_as_weighted(tmp_path):
    G = nx.DiGraph([("a", "b", {"weight": 5.0}), ("b", "c", {"weight": 7.0})])
    ps.compile_dag(G, semiring=ps.MIN_PLUS).save(tmp_path / "graph")
    manifest = json.loads((tmp_path / "graph" / "manifest.json").read_text())
    assert manifest.pop("unweighted") is False
    (tmp_path / "graph" / "manifest.json").write_text(json.dumps(manifest))
    loaded = ps.load_compiled(tmp_path / "graph")
    # Weighted: another semiring lifts the saved weights, not ones.
    assert loaded.with_semiring(ps.MAX_PLUS).forward("a").tolist() == [0.0, 5.0, 12.0]


class Shifty(dict):
    """Edge data that says it has the weight, then fails to give it."""

    def __getitem__(self, key):
        raise KeyError(key)


def test_a_weight_that_vanishes_mid_read_is_refused_not_guessed():
    G = nx.DiGraph([("a", "b", {"weight": 1.0})])
    G._succ["a"]["b"] = G._pred["b"]["a"] = Shifty(weight=1.0)
    with pytest.raises(
        RuntimeError, match="an edge without the 'weight' attribute is gone"
    ):
        ps.compile_dag(G)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_count_of_exactly_2_63_minus_1_is_no_overflow(engine):
    G = nx.DiGraph([("s", "b"), ("t", "b")])
    dag = ps.compile_dag(G, weight=None, semiring=ps.COUNTING, engine=engine)
    got = dag.forward({"s": 2**63 - 2, "t": 1})
    assert int(got[dag.index["b"]]) == 2**63 - 1
    for seeds in (
        {"s": 2**63 - 2, "t": 2},
        {"s": 2**63 - 1, "t": 1},
        {"s": 1, "t": 2**63 - 1},
    ):
        with pytest.raises(OverflowError):
            dag.forward(seeds)


@pytest.mark.parametrize("engine", ENGINES)
def test_one_column_on_a_narrow_graph_counts_to_2_63_minus_1_exactly(engine):
    # 70 edges on 2 levels is below 64 edges per level: the numpy engine
    # counts one column edge by edge in Python ints, exactly, not in a level
    # sweep, whose float check keeps a margin below 2**63.
    G = nx.DiGraph([(source, "b") for source in range(70)])
    dag = ps.compile_dag(G, weight=None, semiring=ps.COUNTING, engine=engine)
    got = dag.forward({0: 2**63 - 2, 1: 1})
    assert int(got[dag.index["b"]]) == 2**63 - 1


def test_a_refused_weight_is_named_among_the_edges_a_callable_kept():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])

    def weight(u, v, data):
        return None if (u, v) == ("a", "b") else "x" if (u, v) == ("c", "d") else 1.0

    with pytest.raises(ps.WeightError) as caught:
        ps.compile_dag(G, weight=weight)
    assert caught.value.edge == ("c", "d")


def test_each_compiled_graph_is_its_own_dask_key():
    G = nx.DiGraph([("a", "b", {"weight": 2.0})])
    one, other = ps.compile_dag(G), ps.compile_dag(G)
    assert isinstance(one.__dask_tokenize__(), str)
    assert dask.base.tokenize(one) == dask.base.tokenize(one)
    assert dask.base.tokenize(one) != dask.base.tokenize(other)


def test_one_saved_file_is_one_dask_key_however_often_it_is_loaded(tmp_path):
    G = nx.DiGraph([("a", "b", {"weight": 2.0})])
    ps.compile_dag(G).save(tmp_path / "one")
    ps.compile_dag(G).save(tmp_path / "other")
    first, again = (ps.load_compiled(tmp_path / "one") for _ in range(2))
    other = ps.load_compiled(tmp_path / "other")
    assert dask.base.tokenize(first) == dask.base.tokenize(again)
    assert dask.base.tokenize(first) != dask.base.tokenize(other)


def test_save_makes_the_folders_it_needs(tmp_path):
    dag = ps.compile_dag(nx.DiGraph([("a", "b", {"weight": 2.0})]))
    dag.save(tmp_path / "new" / "deeper" / "graph")
    loaded = ps.load_compiled(tmp_path / "new" / "deeper" / "graph")
    assert loaded.to_dict(loaded.forward("a")) == {"a": 1.0, "b": 2.0}


def test_the_empty_graph_has_one_level_boundary():
    dag = ps.compile_dag(nx.DiGraph())
    assert dag.levels.tolist() == [0] and dag.forward(np.zeros((0, 2))).shape == (0, 2)


def test_an_int_past_2_53_among_floats_is_no_float_weight():
    # numpy rounds it into a float array (2**53 + 1 to 2**53): the weights are
    # then not all floats, and stay exact in the dict engine. 2**54 + 4 is a
    # float exactly.
    for big, kind in ((2**53 + 1, "O"), (2**54 + 4, "f"), (2**54 + 2, "O")):
        G = nx.DiGraph([("a", "b", {"weight": 0.5}), ("b", "c", {"weight": big})])
        assert ps.compile_dag(G).weights_kind == kind, big


def test_a_graph_without_edges_compiles_to_no_weights():
    G = nx.DiGraph()
    G.add_nodes_from("ab")
    for graph in (G, nx.MultiDiGraph(G)):
        dag = ps.compile_dag(graph)
        assert len(dag.weights) == 0 and dag.raw_weights.tolist() == []
        assert dag.forward("a").tolist() == [1.0, 0.0]


def test_max_times_keeps_a_zero_weight():
    G = nx.DiGraph([("a", "b", {"weight": 0.0}), ("b", "c", {"weight": 2.0})])
    dag = ps.compile_dag(G, semiring=ps.MAX_TIMES)
    assert dag.weights.tolist() == [0.0, 2.0]
    assert dag.forward("a").tolist() == [1.0, 0.0, 0.0]
    # A negative weight after the zero is still found and named.
    G.add_edge("c", "d", weight=-1.0)
    with pytest.raises(ps.WeightError) as refused:
        ps.compile_dag(G, semiring=ps.MAX_TIMES)
    assert refused.value.edge == ("c", "d")


def test_a_compiled_dag_made_from_arrays_holds_no_raw_weights():
    dag = ps.compile_dag(nx.DiGraph([("a", "b", {"weight": 2.0})]))
    made = ps.CompiledDAG(
        dag.nodes,
        dag.indptr,
        dag.indices,
        dag.weights,
        dag.tails,
        dag.levels,
        ps.REAL,
        dag.engine,
    )
    assert made.raw_weights is None
    with pytest.raises(ValueError, match="holds no raw weights"):
        made.with_semiring(ps.MIN_PLUS)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_block_of_no_seed_columns_gives_no_columns(engine):
    dag = ps.compile_dag(nx.DiGraph([("a", "b", {"weight": 2.0})]), engine=engine)
    for run in (dag.forward, dag.reverse):
        got = run(np.zeros((2, 0)))
        assert got.shape == (2, 0)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_count_down_to_exactly_minus_2_63_is_no_overflow(engine):
    # COUNTING seeds may be negative ints: the check guards that side too.
    G = nx.DiGraph([("s", "b"), ("t", "b")])
    dag = ps.compile_dag(G, weight=None, semiring=ps.COUNTING, engine=engine)
    got = dag.forward({"s": -(2**63) + 1, "t": -1})
    assert int(got[dag.index["b"]]) == -(2**63)
    # pathsum's own error, which says where to count exactly, not numpy's.
    with pytest.raises(OverflowError, match="a path count passed"):
        dag.forward({"s": -(2**63) + 1, "t": -2})


@pytest.mark.parametrize("engine", ENGINES)
def test_real_sums_past_2_63_are_floats_not_overflows(engine):
    G = nx.DiGraph([("s", "b", {"weight": 1e19}), ("t", "b", {"weight": 1e19})])
    dag = ps.compile_dag(G, engine=engine)
    got = dag.forward({"s": 1.0, "t": 1.0})
    assert got[dag.index["b"]] == 2e19


@pytest.mark.parametrize("engine", ENGINES)
def test_an_infinite_edge_the_source_never_reaches_carries_nothing(engine):
    # u lies between s and t in the order but off every s -> t path: its
    # infinite weight must not turn the zero it carries into nan.
    G = nx.DiGraph([("s", "m", {"weight": 1.0}), ("m", "t", {"weight": 2.0})])
    G.add_edge("u", "m", weight=math.inf)
    dag = ps.compile_dag(G, engine=engine)
    through = dag.edge_marginals("s", "t")
    assert dag.nodes == ["s", "u", "m", "t"]
    assert through.tolist() == [2.0, 0.0, 2.0]
    # Nor in a pass from s: u holds zero, and zero times infinity is no sum.
    assert dag.forward("s").tolist() == [1.0, 0.0, 1.0, 2.0]
    assert dag.forward(np.eye(4)[:, :1]).tolist() == [[1.0], [0.0], [1.0], [2.0]]


def edge_names(dag):
    """Each edge of `dag` as (tail, head), in the order of its arrays."""
    return [
        (dag.nodes[u], dag.nodes[v])
        for u, v in zip(dag.tails.tolist(), dag.indices.tolist(), strict=True)
    ]


def same_or_both_nan(got, want):
    got, want = np.asarray(got, float), np.asarray(want, float)
    return got.shape == want.shape and bool(
        np.all((got == want) | (np.isnan(got) & np.isnan(want)))
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_an_infinite_edge_off_every_path_adds_no_nan_to_a_reverse_sweep(engine):
    # b and c reach no seed of a reverse sweep from t: their infinite edges
    # are on no path, and the Jacobian is the one path's 2.
    G = nx.DiGraph([("a", "t", {"weight": 2.0}), ("a", "b", {"weight": math.inf})])
    G.add_edge("t", "c", weight=-math.inf)
    dag = ps.compile_dag(G, engine=engine)
    assert dag.reverse("t")[dag.index["a"]] == 2.0
    assert dag.reverse(one_hot_block(dag, ["t", "b"]))[dag.index["a"]].tolist() == [
        2.0,
        math.inf,
    ]
    assert ps.jacobian(G, ["a"], ["t"], mode="reverse", engine="array").tolist() == [
        [2.0]
    ]
    # Nor to a block of forward seeds, whose columns reach different nodes.
    block = dag.forward(one_hot_block(dag, ["t", "a"]))
    assert block[dag.index["c"]].tolist() == [-math.inf, -math.inf]
    assert block[dag.index["b"]].tolist() == [0.0, math.inf]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_nan_edge_off_every_path_adds_no_nan(engine):
    # REAL keeps NaN weights; b reaches no seed and the source reaches no c.
    G = nx.DiGraph([("a", "t", {"weight": 2.0}), ("a", "b", {"weight": math.nan})])
    G.add_edge("c", "t", weight=math.nan)
    assert ps.reverse_path_sums(G, "t")["a"] == 2.0
    assert ps.forward_path_sums(G, "a")["t"] == 2.0
    dag = ps.compile_dag(G, engine=engine)
    a, t = dag.index["a"], dag.index["t"]
    assert dag.reverse("t")[a] == 2.0 and dag.forward("a")[t] == 2.0
    assert dag.reverse(one_hot_block(dag, ["t", "b"]))[a, 0] == 2.0
    assert dag.forward(one_hot_block(dag, ["a", "c"]))[t, 0] == 2.0
    assert dag.edge_marginals("a", "t")[dag.index["a"] == dag.tails].tolist() in (
        [2.0, 0.0],
        [0.0, 2.0],
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_path_that_sums_to_zero_still_meets_an_infinite_edge(engine):
    # a -> b weighs 0, so the one path a -> b -> t weighs 0 * inf = nan, and so
    # does the sum; the sweeps must not take b's reached 0 for "no path".
    G = nx.DiGraph([("a", "b", {"weight": 0.0}), ("b", "t", {"weight": math.inf})])
    G.add_edge("a", "t", weight=1.0)
    assert math.isnan(ps.path_sum(G, "a", "t", method="paths"))
    dag = ps.compile_dag(G, engine=engine)
    t, a = dag.index["t"], dag.index["a"]
    assert math.isnan(dag.forward("a")[t])
    assert math.isnan(dag.forward({"a": 1.0})[t])
    # A seed of 0 named in a mapping is a seed too, as in the dict engine.
    assert math.isnan(ps.forward_path_sums(G, {"a": 0.0})["t"])
    assert math.isnan(dag.forward({"a": 0.0})[t])
    assert math.isnan(dag.reverse({"t": 0.0})[a])
    assert math.isnan(dag.reverse("t")[a])
    assert math.isnan(dag.forward(one_hot_block(dag, ["a", "b"]))[t, 0])
    assert same_or_both_nan(
        dag.edge_marginals("a", "t"),
        [
            ps.edge_marginals(G, "a", "t")[edge]
            for edge in [("a", "b"), ("a", "t"), ("b", "t")]
        ],
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "weights",
    [(0.0, 1.0, 1e300, 1e300), (1e300, 1e300, 0.0, 1.0)],
    ids=["zero-then-overflow", "overflow-then-zero"],
)
def test_a_sum_that_overflows_meets_a_reached_zero_in_the_marginals(engine, weights):
    # No weight is infinite, but a sum overflows to inf: the edge a -> b, on
    # the one path, carries 0 * inf = nan, as in the dict engine.
    path = ["s", "a", "b", "c", "t"]
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        (u, v, w) for (u, v), w in zip(nx.utils.pairwise(path), weights, strict=True)
    )
    G.add_edge("s", "t", weight=1.0)
    want = ps.edge_marginals(G, "s", "t")
    dag = ps.compile_dag(G, engine=engine)
    names = edge_names(dag)
    assert math.isnan(want[("a", "b")])
    assert same_or_both_nan(
        dag.edge_marginals("s", "t"), [want.get(edge, 0.0) for edge in names]
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", [np.int64, np.uint64, int], ids=lambda k: k.__name__)
@pytest.mark.parametrize(
    "semiring",
    [ps.REAL, ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES, ps.LOG],
    ids=lambda s: s.name,
)
def test_integer_weights_near_2_62_give_the_float_of_the_exact_sum(
    engine, kind, semiring
):
    # In int64, 2**62 * 4 wraps to 0 and 2**62 + 2**62 to -2**63; the arrays
    # compute in float64, which rounds (here: not at all) and never wraps.
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        (u, v, kind(w))
        for u, v, w in [
            ("a", "b", 2**62),
            ("b", "c", 4),
            ("a", "c", 3),
            ("b", "d", 2**62),
        ]
    )
    dag = ps.compile_dag(G, semiring=semiring, engine=engine)
    for forward, seed in ((True, "a"), (False, "c"), (False, "d")):
        expected = as_dict_engine(semiring, G, seed, forward)
        got = dag.to_dict((dag.forward if forward else dag.reverse)(seed))
        assert got == {node: float(value) for node, value in expected.items()}
    marginals = ps.edge_marginals(G, "a", "d", semiring=semiring)
    got = dag.edge_marginals("a", "d").tolist()
    assert got == [float(marginals.get(e, semiring.zero)) for e in edge_names(dag)]
    times = semiring in (ps.REAL, ps.MAX_TIMES)
    assert dag.forward("a")[dag.index["d"]] == (2.0**124 if times else 2.0**63)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "wide", [pathsum.compiled.dag._WIDE, 0], ids=["loop", "levels"]
)
def test_counting_seeds_past_int64_raise_and_never_wrap(engine, wide, monkeypatch):
    monkeypatch.setattr(pathsum.compiled.dag, "_WIDE", wide)
    dag = ps.compile_dag(diamond_chain(1), semiring=ps.COUNTING, engine=engine)
    n = len(dag.nodes)
    # np.int64 seeds are exact; a count that passes 2**63 - 1 raises.
    assert dag.forward({0: np.int64(2**61)})[dag.index[1]] == 2**62
    with pytest.raises(OverflowError, match="2\\*\\*63 - 1"):
        dag.forward({0: np.int64(2**62)})
    for seed in (np.uint64(2**64 - 1), 2**64):
        with pytest.raises(OverflowError, match=r"the seed of node 0 .*int64"):
            dag.forward({0: seed})
    # A block converts only what int64 holds exactly: never 2**64 - 1 as -1,
    # nor 2.5 as 2.
    column = np.zeros((n, 1), np.uint64)
    column[0] = 2**61
    assert dag.forward(column)[dag.index[1], 0] == 2**62
    column[0] = 2**64 - 1
    with pytest.raises(OverflowError, match=r"18446744073709551615 .*int64"):
        dag.forward(column)
    with pytest.raises(TypeError, match=r"2\.5 is not an integer"):
        dag.reverse(np.full((n, 2), 2.5))
    assert dag.reverse(np.full((n, 2), 2.0))[dag.index[0]].tolist() == [10, 10]


@pytest.mark.parametrize("engine", ENGINES)
def test_boolean_seed_blocks_are_truth_values_never_wrapped(engine):
    # A mapping's seed is its truth value (see above); so is a block's, where
    # 256 in uint8 would wrap to 0 and 0.5 truncate to 0.
    dag = ps.compile_dag(
        nx.DiGraph([("a", "b"), ("b", "c")]),
        weight=None,
        semiring=ps.BOOLEAN,
        engine=engine,
    )
    for seeds in ([[256], [0], [0]], [[0.5], [0.0], [0.0]], [[-1], [0], [0]]):
        got = dag.forward(np.array(seeds))
        assert got.dtype == bool and got[:, 0].tolist() == [True, True, True]


# A finite product that overflows to the infinity opposite the zero of an
# order semiring, then meets that zero (inf + -inf, inf * 0: NaN in IEEE
# arithmetic), is the zero, as in the semirings' own ⊗: the path goes through
# an edge that is not there (or weighs 0). Each graph overflows on the way
# into t (forward) or on the way back to s (reverse); s -> t is the answer.
INF = math.inf
OVERFLOWS = {
    "max-times-forward": (ps.MAX_TIMES, (1e200, 1e200, 0.0), 0.5),
    "max-times-reverse": (ps.MAX_TIMES, (0.0, 1e200, 1e200), 0.5),
    "min-plus-forward": (ps.MIN_PLUS, (-1e308, -1e308, INF), 3.0),
    "min-plus-reverse": (ps.MIN_PLUS, (INF, -1e308, -1e308), 3.0),
    "max-plus-forward": (ps.MAX_PLUS, (1e308, 1e308, -INF), 3.0),
    "max-plus-reverse": (ps.MAX_PLUS, (-INF, 1e308, 1e308), 3.0),
}


def overflowing(case):
    """The graph s -> a -> b -> t (weights of `case`) plus the edge s -> t."""
    semiring, weights, direct = OVERFLOWS[case]
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        (u, v, w) for (u, v), w in zip(nx.utils.pairwise("sabt"), weights, strict=True)
    )
    G.add_edge("s", "t", weight=direct)
    return semiring, G, direct


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "wide", [pathsum.compiled.dag._WIDE, 0], ids=["loop", "levels"]
)
@pytest.mark.parametrize("case", list(OVERFLOWS))
def test_an_overflowed_product_that_meets_zero_is_zero(engine, wide, case, monkeypatch):
    monkeypatch.setattr(pathsum.compiled.dag, "_WIDE", wide)
    semiring, G, direct = overflowing(case)
    assert ps.path_sum(G, "s", "t", semiring=semiring) == direct
    dag = ps.compile_dag(G, semiring=semiring, engine=engine)

    def expected_of(seed, forward):
        return as_dict_engine(semiring, G, seed, forward)

    seeds = ["s", "a", "b", "t"]
    for where, alone, in_block, want in seed_by_seed(
        dag, seeds, expected_of, semiring.zero
    ):
        assert alone.tolist() == want, where
        assert in_block.tolist() == want, where
    marginals = ps.edge_marginals(G, "s", "t", semiring=semiring)
    got = dag.edge_marginals("s", "t").tolist()
    assert got == [marginals.get(edge, semiring.zero) for edge in edge_names(dag)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS], ids=lambda s: s.name)
def test_an_unweighted_graph_counts_hops_in_min_plus_and_max_plus(engine, semiring):
    # weight=None makes every edge one step: length 1 in MIN_PLUS and
    # MAX_PLUS (their one, 0, would make every path weigh 0), as in the dict
    # engine, networkx's unweighted shortest paths and dag_longest_path.
    G = nx.MultiDiGraph([("s", "a"), ("a", "b"), ("b", "t"), ("s", "t"), ("a", "t")])
    G.add_edge("a", "t", weight=9.0)  # a weight weight=None never reads
    G.add_edge("x", "s")
    hops = {ps.MIN_PLUS: 1.0, ps.MAX_PLUS: 3.0}[semiring]
    options = {"weight": None, "semiring": semiring}
    compiled = {
        "compiled": ps.compile_dag(G, **options, engine=engine),
        "from counting": ps.compile_dag(
            G, weight=None, semiring=ps.COUNTING, engine=engine
        ).with_semiring(semiring),
        "from real": ps.compile_dag(G, weight=None, engine=engine).with_semiring(
            semiring
        ),
    }
    marginals = ps.edge_marginals(G, "s", "t", **options)

    def expected_of(seed, forward):
        function = ps.forward_path_sums if forward else ps.reverse_path_sums
        return function(G, seed, **options)

    for how, dag in compiled.items():
        assert dag.weights.tolist() == [1.0] * 7, how
        assert dag.forward("s")[dag.index["t"]] == hops, how
        for where, alone, in_block, want in seed_by_seed(
            dag, ["x", "s", "a"], expected_of, semiring.zero
        ):
            assert alone.tolist() == want, (how, where)
            assert in_block.tolist() == want, (how, where)
        edges = compiled_edges(dag, G, None)
        want = [marginals.get(edge, semiring.zero) for edge in edges]
        assert dag.edge_marginals("s", "t").tolist() == want, how


# With infinities, IEEE arithmetic is not distributive (inf * (0 + 1) is inf,
# inf * 0 + inf * 1 is nan), so a sweep, which sums a node's paths before it
# multiplies, may differ from enumeration, and the dict engine, which sums
# parallel edges first, from the array engine on a multigraph. On a DiGraph
# both engines sum and multiply the same numbers, here exactly.
@pytest.mark.parametrize("engine", ENGINES)
@given(
    data=st.data(),
    G=dags(
        max_nodes=8,
        weights=st.sampled_from([0.0, 1.0, -1.0, 0.5, 2.0, math.inf, -math.inf]),
    ),
)
def test_real_sweeps_with_infinities_equal_the_dict_engine(engine, data, G):
    dag = ps.compile_dag(G, engine=engine)
    seeds = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=3))

    def expected_of(seed, forward):
        return as_dict_engine(ps.REAL, G, seed, forward)

    for where, alone, in_block, want in seed_by_seed(dag, seeds, expected_of, 0.0):
        assert same_or_both_nan(alone, want), where
        assert same_or_both_nan(in_block, want), where
    s, t = seeds[0], seeds[-1]
    marginals = ps.edge_marginals(G, s, t)
    edges = edge_names(dag)
    want = [marginals.get(edge, 0.0) for edge in edges]
    assert same_or_both_nan(dag.edge_marginals(s, t), want)


@pytest.mark.parametrize("weight", [2.0, math.inf], ids=["finite", "infinite"])
def test_the_numpy_engine_never_calls_into_numba(monkeypatch, weight):
    # What lets the numpy engine run where numba is not installed.
    def refuse(*args):
        raise AssertionError("the numpy engine called a numba kernel")

    for kernel in ("pass_kernels", "through_kernel", "reaching_kernels"):
        monkeypatch.setattr(pathsum.compiled.dag, kernel, refuse)
    monkeypatch.setattr(pathsum.compiled.kernels, "_numba", refuse)
    G = nx.DiGraph([("a", "b", {"weight": weight}), ("b", "c", {"weight": 3.0})])
    G.add_edge("a", "c", weight=1.0)
    dag = ps.compile_dag(G, engine="numpy")
    assert dag.to_dict(dag.forward("a")) == ps.forward_path_sums(G, "a")
    assert dag.to_dict(dag.reverse("c")) == ps.reverse_path_sums(G, "c")
    block = dag.reverse(one_hot_block(dag, ["c", "b"]))
    assert block[dag.index["a"]].tolist() == [weight * 3.0 + 1.0, weight]
    marginals = ps.edge_marginals(G, "a", "c")
    names = edge_names(dag)
    assert dag.edge_marginals("a", "c").tolist() == [marginals[e] for e in names]


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.COUNTING, ps.BOOLEAN])
def test_one_hot_seeds_are_refused_outside_real(semiring):
    dag = ps.compile_dag(nx.DiGraph([("a", "b", {"weight": 1})]), semiring=semiring)
    with pytest.raises(ValueError, match=f"compiled in {semiring.name}"):
        pathsum.compiled.one_hot_sweep(dag, [1], [0], forward=False)
    with pytest.raises(ValueError, match="semiring=REAL"):
        pathsum.scaling.chunked_jacobian(dag, [1], [0], forward=False, chunks=1)


def test_a_weight_or_semiring_of_the_wrong_kind_is_named():
    G = nx.DiGraph([("s", "t", {"w": 1})])
    with pytest.raises(ps.WeightError, match=r"weight=\['w'\] is not an edge"):
        ps.compile_dag(G, weight=["w"])
    with pytest.raises(TypeError, match=r"pathsum.REAL, .*semiring='real' is not"):
        ps.compile_dag(G, semiring="real")


# The reverse pass of one seed column has a loop of its own, which sums a
# node's edges in a local; a block of columns sums them in its row. Both must
# give the same bits. Each semiring draws weights and seeds at its edges: its
# infinities, and products and sums past the float range (counts past int64
# through large seeds), whose NaNs the order semirings turn into their zero.
# REAL seeds are never 0, which a block reads as no seed (CompiledDAG.forward).
EXTREME = {
    ps.REAL: (
        st.sampled_from([1.0, -1.0, 0.5, -3.0, 1e200, -1e200, 1e308, -1e308]),
        [1.0, -2.5, 1e300, -1e300],
    ),
    ps.COUNTING: (None, [1, 3, 2**61, 2**62]),
    ps.BOOLEAN: (st.booleans(), [True, False]),
    ps.MIN_PLUS: (st.sampled_from([0.5, -2.0, 1e308, -1e308]), [0.0, 2.5, -1e308]),
    ps.MAX_PLUS: (st.sampled_from([0.5, -2.0, 1e308, -1e308]), [0.0, 2.5, 1e308]),
    ps.MAX_TIMES: (
        st.sampled_from([0.5, 2.0, 1e-200, 1e200, 1e308]),
        [1.0, 0.5, 1e200, 1e-300],
    ),
    ps.LOG: (st.sampled_from([0.5, -2.0, 1e308, -1e308]), [0.0, 2.5, 1e308, -1e308]),
}


def extreme_example(data, semiring, weights=None, seeds=None, *, multigraph=True):
    """A graph (a MultiDiGraph or not, if `multigraph`) with weights of
    `weights`, else `semiring`'s extreme ones, some zero and some infinite
    where the semiring has infinite weights; and a mapping of one to three
    of its nodes to seeds drawn from `seeds`, else the semiring's."""
    drawn, values = EXTREME[semiring]
    weights = drawn if weights is None else weights
    seeds = values if seeds is None else seeds
    options = {}
    if weights is not None:
        options["zeros"] = 0.1
        if semiring is not ps.MAX_TIMES:
            options["infinities"] = 0.15
    G = data.draw(
        dags(
            max_nodes=10,
            weights=weights,
            multigraph=multigraph and data.draw(st.booleans()),
            semiring=semiring,
            **options,
        )
    )
    nodes = data.draw(
        st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=3, unique=True)
    )
    return G, {node: data.draw(st.sampled_from(seeds)) for node in nodes}


def swept(run, seeds):
    """`run(seeds)`, or OverflowError where it raises one."""
    try:
        return run(seeds)
    except OverflowError as exc:
        return exc


def same_bits(got, want):
    return got.dtype == want.dtype and got.tobytes() == want.tobytes()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_a_reverse_pass_of_one_column_is_its_column_of_a_block_bit_for_bit(
    engine, semiring, data
):
    G, seeds = extreme_example(data, semiring)
    dag = ps.compile_dag(G, semiring=semiring, engine=engine)
    block = np.full((len(dag.nodes), 2), dag._kind.zero, dag._kind.dtype)
    for node, seed in seeds.items():
        block[dag.index[node], 0] = seed
    # A second column, one-hot at a drawn node, with paths of its own.
    block[dag.index[data.draw(st.sampled_from(sorted(G)))], 1] = dag._kind.one
    # numpy's loop of one column computes in Python numbers and its sweep by
    # levels in numpy's: give both the sweep, whose overflows numpy warns of.
    with pytest.MonkeyPatch.context() as patch, np.errstate(all="ignore"):
        patch.setattr(pathsum.compiled.dag, "_WIDE", 0)
        alone = swept(dag.reverse, seeds)
        in_block = swept(dag.reverse, block)
    overflows = [isinstance(got, OverflowError) for got in (alone, in_block)]
    if any(overflows):
        assert semiring is ps.COUNTING and all(overflows)
        return
    assert same_bits(alone, in_block[:, 0])


def agrees(semiring, got, want, paths):
    """`got` (arrays) against `want` (dict engine), node for node: exact where
    ⊕ is min, max or exact; within rounding (or the same infinity or NaN)
    for REAL and LOG, whose sums the engines add in different orders."""
    if semiring not in (ps.REAL, ps.LOG):
        return got == want
    if not (math.isfinite(got) and math.isfinite(want)):
        return got == want or (got != got and want != want)
    return abs(got - want) <= 1e-9 * (1 + abs(want)) * paths


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_a_reverse_pass_of_one_column_equals_the_dict_engine_at_the_edges(
    engine, semiring, data
):
    # REAL sums that overflow depend on the order of their terms, and the
    # engines add in different orders: its weights and seeds stay small, with
    # infinite weights, whose sums do not. On a multigraph the dict engine
    # sums parallel edges before it multiplies, which rounds otherwise in
    # REAL with infinities (inf * (0 + 1) is inf, inf * 0 + inf * 1 is nan)
    # and in LOG (1e308 ⊕ 1e308 loses the log 2 that 1e308 ⊗ -1e308 keeps).
    small = semiring is ps.REAL
    G, seeds = extreme_example(
        data,
        semiring,
        st.floats(-4, 4) if small else None,
        [1.0, -2.5, 0.5, 3.0] if small else None,
        multigraph=semiring not in (ps.REAL, ps.LOG),
    )
    dag = ps.compile_dag(G, semiring=semiring, engine=engine)
    expected = ps.reverse_path_sums(G, seeds, semiring=semiring)
    got = swept(dag.reverse, seeds)
    if semiring is ps.COUNTING and max(expected.values()) > 2**63 - 1:
        assert isinstance(got, OverflowError)
        return
    counts = ps.reverse_path_sums(G, dict.fromkeys(seeds, 1), semiring=ps.COUNTING)
    paths = max(counts.values())
    for node, value in zip(dag.nodes, got.tolist(), strict=True):
        want = expected.get(node, semiring.zero)
        assert agrees(semiring, value, want, paths), (node, value, want)


@functools.cache
def reverse_loops(semiring):
    """The reverse loops of `semiring` as plain Python on numpy scalars, as
    NUMBA_DISABLE_JIT=1 runs them; and where numba is installed, compiled
    with its bounds checks, so that a read out of bounds raises IndexError
    instead of reading."""
    kernels = pathsum.compiled.kernels
    kind = kernels.KINDS[semiring]
    plus, times = kernels._OPERATIONS[kind.code]
    checked, overflows = kind.code == 1, kernels._overflows
    loops = [kernels._make_kernels(plus, times, kind.zero, checked, overflows)[1]]
    if numba_available():
        from numba import njit

        inline = kernels._numba()[1]
        compiled = kernels._make_kernels(
            inline(plus), inline(times), kind.zero, checked, inline(overflows)
        )[1]
        loops.append(njit(boundscheck=True)(compiled))
    return loops


@pytest.mark.parametrize("semiring", list(NUMERIC), ids=lambda s: s.name)
@given(data=st.data())
def test_the_reverse_loops_read_in_bounds_and_give_a_column_its_block_bits(
    semiring, data
):
    # Runs where numba is not installed too, on the loops as Python.
    G, seeds = extreme_example(data, semiring)
    dag = ps.compile_dag(G, semiring=semiring, engine="numpy")
    arrays = dag.indptr, dag.indices, dag.weights
    column = np.full((len(dag.nodes), 1), dag._kind.zero, dag._kind.dtype)
    for node, seed in seeds.items():
        column[dag.index[node], 0] = dag._seed(seed)
    stop = data.draw(st.integers(-2, len(dag.nodes)))
    results = []
    for reverse in reverse_loops(semiring):
        alone, block = column.copy(), np.repeat(column, 2, axis=1)
        with np.errstate(all="ignore"):  # as numba's arithmetic, silent
            overflow = reverse(*arrays, alone, stop)
            assert reverse(*arrays, block, stop) == overflow
        assert same_bits(alone[:, 0], block[:, 0])
        assert same_bits(alone[:, 0], block[:, 1])
        results.append((overflow, alone.tobytes()))
    # And the loops as Python give what numba compiles, bit for bit.
    assert all(result == results[0] for result in results)


@pytest.mark.parametrize("forward", [True, False])
@pytest.mark.parametrize(
    ("seeds", "reads", "named"),
    [
        ([-3], [2], "seeds"),
        ([0], [-1], "reads"),
        ([3], [0], "seeds"),
        ([0], [0, 9], "reads"),
    ],
)
def test_one_hot_sweeps_refuse_positions_of_no_node(forward, seeds, reads, named):
    # numpy reads -3 as the first of three nodes: a sweep from it answered 9
    # on a -> b -> c where a's true sum is 6.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 3.0)])
    dag = pathsum.compile_dag(G)
    with pytest.raises(IndexError, match=named):
        pathsum.compiled.one_hot_sweep(dag, seeds, reads, forward=forward)
    pytest.importorskip("dask")
    from pathsum.scaling import chunked_jacobian

    with pytest.raises(IndexError, match=named):
        chunked_jacobian(dag, seeds, reads, forward=forward, chunks=1)
