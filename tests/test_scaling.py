"""Saved compiled graphs, pickling, and path sums on Dask (pathsum.scaling)."""

import dataclasses
import os
import pickle
import signal
import sys
import time
from fractions import Fraction

import dask
import dask.array as da
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pathsum as ps
from pathsum.compiled import CompiledDAG, numba_available
from pathsum.scaling import graph_key
from pathsum.strategies import dags

ENGINES = ["numpy", "numba"] if numba_available() else ["numpy"]
SEMIRINGS = [
    ps.REAL,
    ps.COUNTING,
    ps.BOOLEAN,
    ps.MIN_PLUS,
    ps.MAX_PLUS,
    ps.MAX_TIMES,
    ps.LOG,
]
# Nodes JSON gives back as they were: str, int, float, bool and tuples.
MIXED = ["x", 7, ("a", 1), 2.5, (1, ("b", 2.0)), "7", -3, ("",), True, -0.5]

# Weights whose sums and products are exact in float64 in any order, so the
# dict engine, the arrays and every block size agree to the last bit.
EXACT = (-2.0, -1.0, 1.0, 2.0)


def layered(*, width=400, layers=6, parents=5, seed=0):
    """A layered DAG of ``width * (layers - 1) * parents`` edges (10^4 by
    default) with shuffled int and str labels; returns (G, first, last layer)."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(width * layers).tolist()
    label = [n if n % 3 else f"n{n}" for n in order]
    G = nx.DiGraph()
    G.add_nodes_from(label)
    for layer in range(1, layers):
        for i in range(width):
            v = label[layer * width + i]
            for p in rng.choice(width, parents, replace=False).tolist():
                w = float(rng.choice(EXACT))
                G.add_edge(label[(layer - 1) * width + p], v, weight=w)
    return G, label[:width], label[-width:]


def seed_block(dag, k, seed=1):
    """k seed columns of exact values in the semiring's type, zero included."""
    rng = np.random.default_rng(seed)
    n = len(dag.nodes)
    if dag.semiring is ps.COUNTING:
        return rng.integers(0, 3, (n, k))
    if dag.semiring is ps.BOOLEAN:
        return rng.random((n, k)) < 0.2
    values = rng.integers(-4, 5, (n, k)) / 2.0
    if dag.semiring is ps.MIN_PLUS:
        values[rng.random((n, k)) < 0.5] = np.inf
    if dag.semiring is ps.MAX_TIMES:
        values = np.abs(values)
    return values


def mixed_graph(semiring, seed=0):
    """A random DAG of about 200 edges on nodes of mixed types."""
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(60, 0.12, seed=seed, directed=True)
    G = nx.DiGraph((u, v) for u, v in G.edges() if u < v)
    for *_, data in G.edges(data=True):
        data["weight"] = float(rng.choice([0.5, 1.0, 2.0, 3.0]))
    names = {i: MIXED[i] if i < len(MIXED) else (f"n{i}" if i % 2 else i) for i in G}
    return nx.relabel_nodes(G, names)


# --- saving and loading ----------------------------------------------------


def assert_same_dag(loaded, dag):
    assert loaded.nodes == dag.nodes
    assert [type(node) for node in loaded.nodes] == [type(node) for node in dag.nodes]
    assert loaded.semiring is dag.semiring
    assert loaded.engine == dag.engine
    assert loaded.weights_kind == dag.weights_kind
    for name in ("indptr", "indices", "weights", "tails", "levels"):
        saved, back = getattr(dag, name), getattr(loaded, name)
        assert back.dtype == saved.dtype and np.array_equal(back, saved), name
        assert not back.flags.writeable
    if dag.raw_weights is not None and dag.raw_weights.dtype != object:
        assert np.array_equal(loaded.raw_weights, dag.raw_weights)
    assert loaded._unweighted == dag._unweighted
    seeds = seed_block(dag, 5)
    assert np.array_equal(loaded.forward(seeds), dag.forward(seeds))
    assert np.array_equal(loaded.reverse(seeds), dag.reverse(seeds))
    source, target = dag.nodes[0], dag.nodes[-1]
    assert np.array_equal(loaded.forward(source), dag.forward(source))
    assert np.array_equal(loaded.reverse(target), dag.reverse(target))


@pytest.mark.parametrize("mmap", [True, False])
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", SEMIRINGS, ids=lambda s: s.name)
def test_a_saved_graph_loads_equal_array_for_array(tmp_path, semiring, engine, mmap):
    dag = ps.compile_dag(mixed_graph(semiring), semiring=semiring, engine=engine)
    dag.save(tmp_path / "graph")
    loaded = ps.load_compiled(tmp_path / "graph", mmap=mmap)
    assert_same_dag(loaded, dag)
    assert isinstance(loaded.weights, np.memmap) is mmap


@settings(max_examples=30, deadline=None)
@given(G=dags(max_nodes=10, weights=st.integers(-3, 3)), data=st.data())
def test_any_small_graph_with_mixed_nodes_round_trips(tmp_path_factory, G, data):
    names = data.draw(st.permutations(MIXED[: len(G)] + list(range(100, 110))))
    G = nx.relabel_nodes(G, dict(zip(G, names, strict=False)))
    dag = ps.compile_dag(G, engine="numpy")
    folder = tmp_path_factory.mktemp("graph")
    dag.save(folder)
    assert_same_dag(ps.load_compiled(folder), dag)


def test_a_graph_saved_again_replaces_the_old_one(tmp_path):
    G, _, _ = layered(width=20, layers=3, parents=2)
    ps.compile_dag(G, semiring=ps.COUNTING).save(tmp_path)
    dag = ps.compile_dag(G, semiring=ps.MIN_PLUS)
    dag.save(tmp_path)
    assert_same_dag(ps.load_compiled(tmp_path), dag)


def test_nodes_json_cannot_hold_need_allow_pickle_both_ways(tmp_path):
    G = nx.DiGraph([(frozenset({1}), "b", {"weight": 2.0})])
    dag = ps.compile_dag(G)
    with pytest.raises(TypeError, match=r"frozenset.*allow_pickle=True"):
        dag.save(tmp_path / "graph")
    assert not (tmp_path / "graph").exists()
    dag.save(tmp_path / "graph", allow_pickle=True)
    with pytest.raises(ps.CompiledFileError, match=r"pickled.*allow_pickle=True"):
        ps.load_compiled(tmp_path / "graph")
    assert_same_dag(ps.load_compiled(tmp_path / "graph", allow_pickle=True), dag)


def test_only_a_built_in_semiring_is_saved(tmp_path):
    # compile_dag refuses other semirings; a graph whose semiring was
    # swapped afterwards is still not saved under a built-in's name.
    dag = ps.compile_dag(nx.DiGraph([(1, 2, {"weight": 1.0})]))
    dag.semiring = dataclasses.replace(ps.REAL)
    with pytest.raises(TypeError, match="built-in semiring"):
        dag.save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_save_leaves_other_files_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    dag = ps.compile_dag(nx.DiGraph([(1, 2, {"weight": 1.0})]))
    with pytest.raises(FileExistsError, match="holds other files"):
        dag.save(tmp_path)
    with pytest.raises(FileExistsError, match="is a file"):
        dag.save(tmp_path / "notes.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.fixture
def saved(tmp_path):
    G, _, _ = layered(width=30, layers=3, parents=3)
    dag = ps.compile_dag(G)
    dag.save(tmp_path / "graph")
    return tmp_path / "graph"


@pytest.mark.parametrize("mmap", [True, False])
def test_a_truncated_array_is_a_clear_error(saved, mmap):
    weights = saved / "weights.npy"
    weights.write_bytes(weights.read_bytes()[:-100])
    with pytest.raises(ps.CompiledFileError, match=r"weights.npy") as caught:
        ps.load_compiled(saved, mmap=mmap)
    assert caught.value.path == str(weights)


def test_a_changed_array_is_a_clear_error(saved):
    np.save(saved / "indices.npy", np.zeros(5, np.uint32))
    with pytest.raises(ps.CompiledFileError, match=r"indices.npy.*not what its"):
        ps.load_compiled(saved)


def test_arrays_that_disagree_are_refused_before_any_pass(saved):
    indices = np.load(saved / "indices.npy")
    indices[0] = 10**6  # a head outside the graph: the loop would read past it
    np.save(saved / "indices.npy", indices)
    with pytest.raises(ps.CompiledFileError, match="head index outside"):
        ps.load_compiled(saved)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "manifest.json").unlink(), "no manifest.json"),
        (lambda d: (d / "manifest.json").write_text('{"form'), "not JSON"),
        (lambda d: (d / "manifest.json").write_text("[1]"), "not the manifest"),
        (lambda d: (d / "nodes.json").unlink(), "lacks nodes.json"),
        (lambda d: (d / "nodes.json").write_text("[1, 2"), "nodes.json cannot"),
        (lambda d: (d / "tails.npy").unlink(), "lacks tails.npy"),
        (lambda d: (d / "levels.npy").write_text("levels"), "levels.npy is not"),
    ],
)
def test_a_foreign_or_damaged_directory_is_a_clear_error(saved, damage, message):
    damage(saved)
    with pytest.raises(ps.CompiledFileError, match=message):
        ps.load_compiled(saved)


def test_a_newer_format_or_an_unknown_semiring_is_refused(saved):
    manifest = (saved / "manifest.json").read_text()
    (saved / "manifest.json").write_text(
        manifest.replace('"version": 1', '"version": 2')
    )
    with pytest.raises(ps.CompiledFileError, match=r"version 2.*reads version 1"):
        ps.load_compiled(saved)
    (saved / "manifest.json").write_text(manifest.replace('"real"', '"tropical"'))
    with pytest.raises(ps.CompiledFileError, match="'tropical'"):
        ps.load_compiled(saved)


def test_a_file_or_a_missing_path_is_not_a_saved_graph(tmp_path):
    np.savez(tmp_path / "graph.npz", weights=np.zeros(3))
    with pytest.raises(ps.CompiledFileError, match="is a file"):
        ps.load_compiled(tmp_path / "graph.npz")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ps.load_compiled(tmp_path / "nothing")


def saved_and_pickled(dag, folder):
    """The graph as load_compiled (mapped and read) and pickle give it back."""
    dag.save(folder)
    return [
        ps.load_compiled(folder),
        ps.load_compiled(folder, mmap=False),
        pickle.loads(pickle.dumps(dag)),
    ]


@pytest.mark.parametrize("weight", ["weight", None])
def test_a_saved_or_pickled_graph_changes_semiring_as_the_original(weight, tmp_path):
    # Before, save and pickle dropped the raw weights, so with_semiring on a
    # loaded graph refused, and a weight=None graph forgot it was unweighted.
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 3.0), ("a", "c", 4.0)])
    dag = ps.compile_dag(G, weight=weight, semiring=ps.MIN_PLUS)
    for copy in saved_and_pickled(dag, tmp_path / "g"):
        for semiring in (ps.MAX_PLUS, ps.REAL, ps.COUNTING, ps.LOG):
            assert_same_dag(copy.with_semiring(semiring), dag.with_semiring(semiring))


def test_float_weights_are_their_own_raw_weights_in_memory_and_on_disk(tmp_path):
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 3.0)])
    dag = ps.compile_dag(G, semiring=ps.MIN_PLUS)
    assert dag.raw_weights is dag.weights
    for copy in saved_and_pickled(dag, tmp_path / "g"):
        assert copy.raw_weights is copy.weights
    assert not (tmp_path / "g" / "raw_weights.npy").exists()
    counted = ps.compile_dag(G, weight=lambda u, v, d: d["weight"] + 1)
    assert counted.raw_weights is counted.weights


def test_a_saved_multigraph_names_a_refused_edge_with_its_key(tmp_path):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="slow", weight=2.0)
    G.add_edge("a", "b", key="down", weight=float("inf"))
    dag = ps.compile_dag(G, semiring=ps.MIN_PLUS)
    for copy in saved_and_pickled(dag, tmp_path / "g"):
        assert copy.edge_keys == dag.edge_keys
        with pytest.raises(ps.WeightError) as info:
            copy.with_semiring(ps.MAX_PLUS)
        assert info.value.edge == ("a", "b", "down")


def test_a_save_of_object_weights_says_why_it_cannot_change_semiring(tmp_path):
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=Fraction(1, 3))
    dag = ps.compile_dag(G)
    dag.save(tmp_path / "g")
    with pytest.raises(ValueError, match="object weights, which are not saved"):
        ps.load_compiled(tmp_path / "g").with_semiring(ps.MAX_PLUS)
    # pickling keeps them
    assert (
        pickle.loads(pickle.dumps(dag)).with_semiring(ps.MAX_PLUS).weights[0]
        == (dag.with_semiring(ps.MAX_PLUS).weights[0])
    )


# --- pickling ----------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", SEMIRINGS, ids=lambda s: s.name)
def test_a_pickled_graph_computes_as_the_original(semiring, engine):
    # Before: the copy held a copy of its semiring, not the built-in, so the
    # passes (which tell semirings apart by identity) returned BOOLEAN
    # reachability as 0/1 ints and read COUNTING seeds as floats.
    dag = ps.compile_dag(mixed_graph(semiring), semiring=semiring, engine=engine)
    assert_same_dag(pickle.loads(pickle.dumps(dag)), dag)


def test_a_mapped_graph_pickles_as_its_path(saved):
    dag = ps.load_compiled(saved)
    data = pickle.dumps(dag)
    assert len(data) < 1_000 < dag.weights.nbytes
    copy = pickle.loads(data)
    assert isinstance(copy.weights, np.memmap)
    assert_same_dag(copy, dag)
    # Read into memory, it pickles its arrays.
    assert len(pickle.dumps(ps.load_compiled(saved, mmap=False))) > dag.weights.nbytes


def test_a_mapped_graph_saved_over_is_not_read_for_the_old_one(saved):
    data = pickle.dumps(ps.load_compiled(saved))
    G, _, _ = layered(width=30, layers=3, parents=3, seed=5)
    ps.compile_dag(G).save(saved)
    with pytest.raises(ps.CompiledFileError, match="saved again"):
        pickle.loads(data)


def test_a_function_that_uses_pathsum_pickles_by_value():
    # Dask sends a notebook's functions by value (cloudpickle), and the
    # modules they use by name. Before, the package could not be pickled:
    # "TypeError: cannot pickle '_Package' object".
    import cloudpickle

    def count():
        return ps.count_paths(nx.DiGraph([(1, 2), (1, 3), (3, 2)]), 1, 2)

    assert cloudpickle.loads(cloudpickle.dumps(count))() == 2
    assert pickle.loads(pickle.dumps(ps)) is ps


# --- Dask, in this process ---------------------------------------------------


@pytest.fixture(scope="module")
def graph():
    return layered()


def test_dask_seeds_give_a_lazy_array_of_the_same_column_chunks(graph):
    G, _, _ = graph
    dag = ps.compile_dag(G, semiring=ps.BOOLEAN)
    seeds = seed_block(dag, 30)
    lazy = dag.reverse(da.from_array(seeds, chunks=(1000, 7)))
    assert isinstance(lazy, da.Array)
    assert lazy.chunks == ((len(dag.nodes),), (7, 7, 7, 7, 2))
    assert lazy.dtype == bool
    expected = dag.reverse(seeds)
    for scheduler in ("synchronous", "threads"):
        got = lazy.compute(scheduler=scheduler)
        assert got.dtype == bool and np.array_equal(got, expected)


def test_the_graph_is_one_key_that_every_block_depends_on(graph):
    G, inputs, outputs = graph
    for lazy, count in (
        (ps.jacobian(G, inputs, outputs, mode="reverse", chunks=64), 7),
        (ps.compile_dag(G).forward(da.zeros((2400, 100), chunks=(800, 10))), 10),
    ):
        layers = lazy.__dask_graph__()
        holders = [
            key
            for key, task in dict(layers).items()
            if isinstance(getattr(task, "value", task), CompiledDAG)
        ]
        assert len(holders) == 1
        dependencies = layers.get_all_dependencies()
        blocks = [key for key in dependencies if holders[0] in dependencies[key]]
        assert len(blocks) == count


def test_one_graph_in_two_arrays_is_one_key(graph):
    dag = ps.compile_dag(graph[0])
    seeds = da.zeros((len(dag.nodes), 4), chunks=2)
    both = dict(dask.array.stack([dag.forward(seeds), dag.reverse(seeds)]).dask)
    holders = [
        task
        for task in both.values()
        if isinstance(getattr(task, "value", task), CompiledDAG)
    ]
    assert len(holders) == 1


@pytest.mark.parametrize("mode", ["forward", "reverse", "auto"])
def test_a_chunked_jacobian_equals_the_jacobian(graph, mode):
    G, inputs, outputs = graph
    outputs = outputs[:150]  # auto then takes reverse mode
    lazy = ps.jacobian(G, inputs, outputs, mode=mode, chunks=64)
    assert isinstance(lazy, da.Array) and lazy.shape == (150, 400)
    assert lazy.numblocks == ((1, 7) if mode == "forward" else (3, 1))
    expected = ps.jacobian(G, inputs, outputs, mode=mode)
    assert np.abs(expected).max() > 100  # exact, yet more than a few ones
    assert np.array_equal(lazy.compute(scheduler="threads"), expected)


def test_reverse_blocks_are_rows_of_the_jacobian_made_by_the_task(graph):
    # A transpose of column blocks would leave Dask's join a strided copy of
    # the whole Jacobian; each task makes its rows in C order instead.
    G, inputs, outputs = graph
    lazy = ps.jacobian(G, inputs, outputs[:150], mode="reverse", chunks=64)
    assert len(lazy.dask.layers) == 4  # positions, graph, reads, blocks
    block = lazy.blocks[1, 0].compute(scheduler="synchronous")
    assert block.shape == (64, 400) and block.flags.c_contiguous
    J = ps.jacobian(G, inputs, outputs[:150], mode="reverse", engine="array")
    assert J.flags.c_contiguous and np.array_equal(block, J[64:128])


def test_a_chunked_jacobian_with_no_inputs_is_empty():
    G = nx.DiGraph([("x", "y", {"weight": 2.0})])
    J = ps.jacobian(G, [], ["y"], chunks=3).compute(scheduler="synchronous")
    assert J.shape == (1, 0)
    J = ps.jacobian(G, ["x"], [], chunks=3).compute(scheduler="synchronous")
    assert J.shape == (0, 1)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"chunks": 0}, ValueError, "chunks=0 is not a positive int"),
        ({"chunks": 2.5}, TypeError, "chunks=2.5"),
        ({"chunks": True}, TypeError, "chunks=True"),
        ({"chunks": 4, "mode": "paths"}, ValueError, "mode='paths'"),
        ({"chunks": 4, "mode": "markowitz"}, ValueError, "mode='markowitz'"),
        ({"chunks": 4, "engine": "python"}, ValueError, "engine='python'"),
    ],
)
def test_bad_chunks_are_refused_by_name(options, error, message):
    G = nx.DiGraph([("x", "y", {"weight": 2.0})])
    with pytest.raises(error, match=message):
        ps.jacobian(G, ["x"], ["y"], **options)


def test_dask_seeds_of_the_wrong_shape_are_refused():
    dag = ps.compile_dag(nx.DiGraph([("x", "y", {"weight": 2.0})]))
    with pytest.raises(ValueError, match=r"\(n_nodes, k\) = \(2, k\), not \(3, 1\)"):
        dag.forward(da.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"not \(2,\)"):
        dag.reverse(da.zeros(2))


def test_without_dask_the_error_says_how_to_install_it(monkeypatch):
    G = nx.DiGraph([("x", "y", {"weight": 2.0})])
    dag = ps.compile_dag(G)
    seeds = da.ones((2, 1))
    for name in [m for m in sys.modules if m == "dask" or m.startswith("dask.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=r"pip install 'pathsum\[dask\]'"):
        ps.jacobian(G, ["x"], ["y"], chunks=1)
    with pytest.raises(ImportError, match=r"pip install 'pathsum\[dask\]'"):
        dag.forward(seeds)


# --- Dask, on a cluster of two worker processes ------------------------------


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        client.wait_for_workers(2, timeout=60)
        yield client


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_jacobian_by_blocks_on_two_workers_is_exact(client, graph, mode):
    G, inputs, outputs = graph
    lazy = ps.jacobian(G, inputs, outputs, mode=mode, chunks=64)
    got = client.compute(lazy).result(timeout=120)
    assert np.array_equal(got, ps.jacobian(G, inputs, outputs, mode=mode))


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "reverse"])
@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.COUNTING], ids=lambda s: s.name)
def test_passes_on_two_workers_are_exact(client, graph, semiring, forward):
    dag = ps.compile_dag(graph[0], semiring=semiring)
    seeds = seed_block(dag, 120)
    run = dag.forward if forward else dag.reverse
    lazy = run(da.from_array(seeds, chunks=(800, 25)))
    got = client.compute(lazy).result(timeout=120)
    assert got.dtype == dag.weights.dtype
    assert np.array_equal(got, run(seeds))


def test_a_function_of_a_notebook_runs_on_the_workers(client):
    def count():  # not importable by name, so cloudpickle sends it whole
        return ps.count_paths(nx.DiGraph([(1, 2), (1, 3), (3, 2)]), 1, 2)

    assert client.submit(count, pure=False).result(timeout=120) == 2


def test_workers_map_a_loaded_graph_from_its_file(client, graph, tmp_path):
    ps.compile_dag(graph[0]).save(tmp_path / "graph")
    dag = ps.load_compiled(tmp_path / "graph")
    seeds = seed_block(dag, 40)
    lazy = dag.reverse(da.from_array(seeds, chunks=(2400, 20)))
    assert np.array_equal(client.compute(lazy).result(timeout=120), dag.reverse(seeds))
    where = dask.delayed(weights_file)(graph_key(dag))
    pid, file = client.compute(where).result(timeout=120)
    assert pid != os.getpid() and file == str(tmp_path / "graph" / "weights.npy")


def weights_file(dag):
    """The process and the file whose map holds `dag`'s weights."""
    return os.getpid(), str(dag.weights.filename)


def sleep_on_first_attempt(block, marker):
    """`block`, after a long sleep the first time only (the file `marker`,
    made then, holds the process id), so a test can kill that process."""
    try:
        with open(marker, "x") as file:
            file.write(str(os.getpid()))
    except FileExistsError:
        return block
    time.sleep(60)
    return block


def test_a_worker_killed_mid_computation_is_replaced_and_the_result_exact(
    client, graph, tmp_path
):
    dag = ps.compile_dag(graph[0])
    seeds = seed_block(dag, 100)
    marker = tmp_path / "first-attempt"
    slow = da.from_array(seeds, chunks=(2400, 25)).map_blocks(
        sleep_on_first_attempt, str(marker), meta=np.empty((0, 0), seeds.dtype)
    )
    future = client.compute(dag.reverse(slow))
    for _ in range(600):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.1)
    pid = int(marker.read_text())
    assert pid in client.run(os.getpid).values()
    os.kill(pid, signal.SIGKILL)
    assert np.array_equal(future.result(timeout=120), dag.reverse(seeds))
    client.wait_for_workers(2, timeout=60)
    assert pid not in client.run(os.getpid).values()
