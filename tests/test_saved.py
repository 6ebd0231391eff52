"""Saved compiled graphs: what `load_compiled` refuses before any loop reads
the files, and what a graph loaded with ``mmap=True`` does when they change."""

import json
import os
import pickle
import subprocess
import sys
import time

import networkx as nx
import numpy as np
import pytest

import pathsum as ps
from pathsum.compiled import numba_available

ENGINES = ["numpy", "numba"] if numba_available() else ["numpy"]


def small_graph():
    """a -> b -> c -> d and a -> c, int weights: in the arrays (a, b, c, d),
    indptr [0, 2, 3, 4, 4], heads [1, 2, 2, 3], tails [0, 0, 1, 2], a level
    per node, and int64 raw weights saved apart from the float64 weights."""
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2), ("b", "c", 3), ("a", "c", 4)])
    G.add_edge("c", "d", weight=1)
    return G


@pytest.fixture
def saved(tmp_path):
    folder = tmp_path / "graph"
    dag = ps.compile_dag(small_graph())
    assert dag.nodes == ["a", "b", "c", "d"] and dag.indices.tolist() == [1, 2, 2, 3]
    dag.save(folder)
    return folder


def manifest(folder):
    return json.loads((folder / "manifest.json").read_text())


# A field given this value is removed from the manifest.
del_ = object()


def edit(folder, **fields):
    """Set (or, given `del_`, remove) fields of the manifest."""
    data = manifest(folder)
    for field, value in fields.items():
        if value is del_:
            del data[field]
        else:
            data[field] = value
    (folder / "manifest.json").write_text(json.dumps(data))


def rewrite(folder, name, array):
    """Save `array` as the array `name`, with the manifest agreeing, so that
    only the checks of its values can refuse it."""
    array = np.asarray(array)
    np.save(folder / f"{name}.npy", array)
    arrays = manifest(folder)["arrays"]
    arrays[name] = {"dtype": array.dtype.str, "shape": list(array.shape)}
    edit(folder, arrays=arrays)


def write_nodes(folder, nodes):
    (folder / "nodes.json").write_text(json.dumps(nodes))


def with_array_spec(folder, name, spec):
    arrays = manifest(folder)["arrays"]
    arrays[name] = spec
    edit(folder, arrays=arrays)


# --- what load_compiled refuses ---------------------------------------------

# (damage, the file at fault, what the message says). Each is a file a save
# never writes; before, some loaded silently (a collapsed index, sums of
# edges that go backwards), others failed with a bare TypeError or
# ValueError, or reached the loops.
TAMPERED = {
    "semiring-list": (
        lambda d: edit(d, semiring=["real"]),
        "manifest.json",
        r"its semiring is \['real'\], not one of real",
    ),
    "semiring-unknown": (
        lambda d: edit(d, semiring="tropical"),
        "manifest.json",
        "its semiring is 'tropical'",
    ),
    "engine-unknown": (
        lambda d: edit(d, engine="gpu"),
        "manifest.json",
        "its engine is 'gpu', not 'numba' or 'numpy'",
    ),
    "engine-list": (
        lambda d: edit(d, engine=["numba"]),
        "manifest.json",
        r"its engine is \['numba'\]",
    ),
    "id-not-a-string": (lambda d: edit(d, id=7), "manifest.json", "its id is 7"),
    "id-empty": (lambda d: edit(d, id=""), "manifest.json", "its id is ''"),
    "weights-kind": (
        lambda d: edit(d, weights_kind="z"),
        "manifest.json",
        "its weights_kind is 'z'",
    ),
    "unweighted-not-a-bool": (
        lambda d: edit(d, unweighted="no"),
        "manifest.json",
        "its unweighted is 'no', not true or false",
    ),
    "raw-is-weights-not-a-bool": (
        lambda d: edit(d, raw_weights_are_weights=1),
        "manifest.json",
        "its raw_weights_are_weights is 1",
    ),
    "number-of-nodes-wrong": (
        lambda d: edit(d, number_of_nodes=5),
        "nodes.json",
        "4 nodes, and the manifest says 5",
    ),
    "number-of-nodes-absent": (
        lambda d: edit(d, number_of_nodes=del_),
        "manifest.json",
        "lacks its number_of_nodes",
    ),
    "number-of-nodes-not-a-count": (
        lambda d: edit(d, number_of_nodes="4"),
        "manifest.json",
        "its number_of_nodes is '4', not a count",
    ),
    "nodes-format": (
        lambda d: edit(d, nodes="yaml"),
        "manifest.json",
        "its nodes is 'yaml'",
    ),
    "edge-keys-format": (
        lambda d: edit(d, edge_keys="csv"),
        "manifest.json",
        "its edge_keys is 'csv'",
    ),
    "arrays-not-an-object": (
        lambda d: edit(d, arrays=["weights"]),
        "manifest.json",
        r"its arrays is \['weights'\]",
    ),
    "array-of-another-name": (
        lambda d: with_array_spec(d, "../../elsewhere", {"dtype": "<f8", "shape": [4]}),
        "manifest.json",
        "lists an array '../../elsewhere'",
    ),
    "array-spec-not-an-object": (
        lambda d: with_array_spec(d, "weights", "<f8"),
        "manifest.json",
        "describes the array 'weights' as '<f8'",
    ),
    "array-spec-of-two-dimensions": (
        lambda d: with_array_spec(d, "weights", {"dtype": "<f8", "shape": [2, 2]}),
        "manifest.json",
        "describes the array 'weights'",
    ),
    "node-a-dict": (
        lambda d: write_nodes(d, ["a", {"b": 1}, "c", "d"]),
        "nodes.json",
        r"\{'b': 1\}, which a save does not write",
    ),
    "node-null": (
        lambda d: write_nodes(d, ["a", None, "c", "d"]),
        "nodes.json",
        "None, which a save does not write",
    ),
    "node-twice": (
        lambda d: write_nodes(d, ["a", "b", "b", "d"]),
        "nodes.json",
        "the node 'b' comes twice",
    ),
    "node-equal-to-another": (
        lambda d: write_nodes(d, [1, "b", True, "d"]),
        "nodes.json",
        "the node True comes twice",
    ),
    "indices-float": (
        lambda d: rewrite(d, "indices", [1.0, 2.0, 2.0, 3.0]),
        "indices.npy",
        "indices of dtype <f8, where a save writes <u4 or <u8",
    ),
    "indices-big-endian": (
        lambda d: rewrite(d, "indices", np.array([1, 2, 2, 3], ">u4")),
        "indices.npy",
        "indices of dtype >u4",
    ),
    "indptr-signed": (
        lambda d: rewrite(d, "indptr", np.array([0, 2, 3, 4, 4], np.int64)),
        "indptr.npy",
        "indptr of dtype <i8, where a save writes <u8",
    ),
    "tails-int8": (
        lambda d: rewrite(d, "tails", np.array([0, 0, 1, 2], np.int8)),
        "tails.npy",
        "tails of dtype |i1",
    ),
    "levels-float": (
        lambda d: rewrite(d, "levels", [0.0, 1.0, 2.0, 3.0, 4.0]),
        "levels.npy",
        "levels of dtype <f8, where a save writes <i8",
    ),
    "weights-float32": (
        lambda d: rewrite(d, "weights", np.ones(4, np.float32)),
        "weights.npy",
        "float32 weights, and real computes in float64",
    ),
    "raw-weights-complex": (
        lambda d: rewrite(d, "raw_weights", np.ones(4, complex)),
        "raw_weights.npy",
        "raw weights of dtype <c16",
    ),
    "indptr-short": (
        lambda d: rewrite(d, "indptr", np.array([0, 2, 3, 4], np.uint64)),
        "indptr.npy",
        "3 out-degrees for 4 nodes",
    ),
    "indptr-not-from-0": (
        lambda d: rewrite(d, "indptr", np.array([1, 2, 3, 4, 4], np.uint64)),
        "indptr.npy",
        "3 edges counted, 4 heads",
    ),
    "indptr-not-monotone": (
        lambda d: rewrite(d, "indptr", np.array([0, 3, 2, 4, 4], np.uint64)),
        "indptr.npy",
        "indptr is not monotone",
    ),
    "indices-past-the-nodes": (
        lambda d: rewrite(d, "indices", np.array([1, 2, 2**32 - 1, 3], np.uint32)),
        "indices.npy",
        "a head index outside 0..3",
    ),
    "tails-not-the-holders": (
        lambda d: rewrite(d, "tails", np.array([0, 1, 1, 2], np.uint32)),
        "tails.npy",
        "an edge's tail is not the node whose out-edges hold it",
    ),
    "tails-unsorted": (
        lambda d: rewrite(d, "tails", np.array([0, 0, 1, 2][::-1], np.uint32)),
        "tails.npy",
        "an edge's tail is not the node",
    ),
    "edge-backwards": (
        lambda d: rewrite(d, "indices", np.array([1, 2, 0, 3], np.uint32)),
        "indices.npy",
        "the edge 'b' -> 'a' does not go forward in the topological order",
    ),
    "edge-to-itself": (
        lambda d: rewrite(d, "indices", np.array([1, 2, 1, 3], np.uint32)),
        "indices.npy",
        "the edge 'b' -> 'b' does not go forward",
    ),
    "levels-not-rising": (
        lambda d: rewrite(d, "levels", np.array([0, 2, 1, 3, 4])),
        "levels.npy",
        "levels do not rise strictly from 0 to 4",
    ),
    "levels-not-from-0": (
        lambda d: rewrite(d, "levels", np.array([-1, 1, 2, 3, 4])),
        "levels.npy",
        "levels do not rise strictly",
    ),
    "levels-past-the-nodes": (
        lambda d: rewrite(d, "levels", np.array([0, 1, 2, 3, 5])),
        "levels.npy",
        "levels do not rise strictly from 0 to 4",
    ),
    "levels-empty": (
        lambda d: rewrite(d, "levels", np.zeros(0, np.int64)),
        "levels.npy",
        "levels do not rise strictly",
    ),
    "edge-within-a-level": (
        lambda d: rewrite(d, "levels", np.array([0, 1, 3, 4])),
        "levels.npy",
        "the edge 'b' -> 'c' does not go to a later level",
    ),
    "raw-weights-not-the-weights": (
        lambda d: rewrite(d, "raw_weights", np.array([2, 4, 3, 9])),
        "raw_weights.npy",
        "raw weights that do not lift to the real weights",
    ),
    "raw-weights-of-an-unweighted-graph": (
        lambda d: edit(d, unweighted=True),
        "raw_weights.npy",
        "raw weights of a graph the manifest says is unweighted",
    ),
}


@pytest.mark.parametrize("mmap", [True, False])
@pytest.mark.parametrize("damage", list(TAMPERED))
def test_a_tampered_save_is_refused_at_load(saved, damage, mmap):
    change, at_fault, message = TAMPERED[damage]
    change(saved)
    with pytest.raises(ps.CompiledFileError, match=message) as caught:
        ps.load_compiled(saved, mmap=mmap)
    assert caught.value.path == str(saved / at_fault)


def test_the_undamaged_save_loads(saved):
    # What every tampered case starts from.
    dag = ps.load_compiled(saved)
    assert dag.to_dict(dag.forward("a")) == ps.forward_path_sums(small_graph(), "a")


# (semiring, compile options, weights written over the saved ones, message)
REFUSED_WEIGHTS = {
    "min-plus-nan": (ps.MIN_PLUS, {}, [2.0, np.nan, 3.0, 1.0], "weighs nan"),
    "min-plus-minus-inf": (
        ps.MIN_PLUS,
        {},
        [2.0, 4.0, -np.inf, 1.0],
        r"edge \('b', 'c'\) weighs -inf, and min-plus refuses that weight",
    ),
    "max-plus-inf": (ps.MAX_PLUS, {}, [2.0, 4.0, 3.0, np.inf], "weighs inf"),
    "max-times-negative": (ps.MAX_TIMES, {}, [2.0, -4.0, 3.0, 1.0], "weighs -4.0"),
    "log-nan": (ps.LOG, {}, [np.nan, 4.0, 3.0, 1.0], "weighs nan"),
    "counting-not-1": (
        ps.COUNTING,
        {},
        np.array([1, 5, 1, 1]),
        "weighs 5, and COUNTING weighs every edge 1",
    ),
    "boolean-not-a-truth-value": (
        ps.BOOLEAN,
        {},
        np.array([1, 1, 2, 1], np.uint8),
        "weighs 2, and boolean refuses",
    ),
    # What a save of an unweighted graph held when a step weighed MIN_PLUS's
    # and MAX_PLUS's one, 0: loaded, it would count no hops.
    "unweighted-min-plus-steps-of-0": (
        ps.MIN_PLUS,
        {"weight": None},
        np.zeros(4),
        "unweighted: every edge is one step, of 1 in min-plus",
    ),
    "unweighted-max-plus-steps-of-0": (
        ps.MAX_PLUS,
        {"weight": None},
        np.zeros(4),
        "of 1 in max-plus",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED_WEIGHTS))
def test_a_weight_the_semiring_refuses_is_refused_at_load(tmp_path, case):
    semiring, options, weights, message = REFUSED_WEIGHTS[case]
    ps.compile_dag(small_graph(), semiring=semiring, **options).save(tmp_path)
    if manifest(tmp_path)["raw_weights_are_weights"]:
        edit(tmp_path, raw_weights_are_weights=False)  # the weights alone changed
    weights = np.asarray(weights)
    rewrite(
        tmp_path, "weights", weights.astype(np.load(tmp_path / "weights.npy").dtype)
    )
    with pytest.raises(ps.CompiledFileError, match=message) as caught:
        ps.load_compiled(tmp_path)
    assert caught.value.path == str(tmp_path / "weights.npy")


def test_raw_weights_that_are_not_the_weights_are_refused(tmp_path):
    # A BOOLEAN graph's weights are truth values, never its raw weights.
    G = nx.DiGraph([("a", "b", {"weight": True})])
    ps.compile_dag(G, semiring=ps.BOOLEAN).save(tmp_path)
    edit(tmp_path, raw_weights_are_weights=True)
    with pytest.raises(ps.CompiledFileError, match="raw weights are the weights"):
        ps.load_compiled(tmp_path)
    # Floats of a REAL graph are; refused in an unweighted one.
    ps.compile_dag(G, weight=None).save(tmp_path / "unweighted")
    edit(tmp_path / "unweighted", raw_weights_are_weights=True)
    with pytest.raises(ps.CompiledFileError, match="of an unweighted graph"):
        ps.load_compiled(tmp_path / "unweighted")
    # Truth values among raw weights lift only in BOOLEAN (and COUNTING).
    ps.compile_dag(G, semiring=ps.BOOLEAN).save(tmp_path / "truth")
    edit(tmp_path / "truth", semiring="real")
    rewrite(tmp_path / "truth", "weights", np.ones(1))
    with pytest.raises(ps.CompiledFileError, match="truth values, which real"):
        ps.load_compiled(tmp_path / "truth")


def test_edge_keys_a_save_does_not_write_are_refused(tmp_path):
    G = nx.MultiDiGraph([("a", "b", "slow"), ("a", "b", "fast")])
    ps.compile_dag(G, weight=None).save(tmp_path)
    assert ps.load_compiled(tmp_path).edge_keys == ["slow", "fast"]
    (tmp_path / "edge_keys.json").write_text('["slow", {"fast": 1}]')
    with pytest.raises(ps.CompiledFileError, match=r"\{'fast': 1\}") as caught:
        ps.load_compiled(tmp_path)
    assert caught.value.path == str(tmp_path / "edge_keys.json")
    (tmp_path / "edge_keys.json").write_text('["slow"]')
    with pytest.raises(ps.CompiledFileError, match="not one edge key per edge"):
        ps.load_compiled(tmp_path)


def semirings_and_options():
    """Every kind of graph a save writes: each semiring, weighted (floats,
    ints, truth values), unweighted, and made by with_semiring."""
    floats = nx.DiGraph()
    floats.add_weighted_edges_from([("a", "b", 0.5), ("b", "c", 2.0), ("a", "c", 1.0)])
    ints = small_graph()
    truths = nx.DiGraph([("a", "b", {"weight": True}), ("b", "c", {"weight": False})])
    for semiring in (ps.REAL, ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES, ps.LOG):
        yield ps.compile_dag(floats, semiring=semiring)
        yield ps.compile_dag(ints, semiring=semiring)
        yield ps.compile_dag(ints, weight=None, semiring=semiring)
        yield ps.compile_dag(ints).with_semiring(semiring)
        yield ps.compile_dag(ints, weight=None).with_semiring(semiring)
    for semiring in (ps.COUNTING, ps.BOOLEAN):
        yield ps.compile_dag(ints, semiring=semiring)
        yield ps.compile_dag(ints, weight=None, semiring=semiring)
        yield ps.compile_dag(ints).with_semiring(semiring)
    yield ps.compile_dag(truths, semiring=ps.BOOLEAN)
    yield ps.compile_dag(truths, semiring=ps.BOOLEAN).with_semiring(ps.COUNTING)
    yield ps.compile_dag(nx.DiGraph())
    yield ps.compile_dag(nx.DiGraph([(0, 1, {"weight": 1.0})]), weight=None)


@pytest.mark.parametrize("mmap", [True, False])
def test_every_kind_of_save_passes_the_checks(tmp_path, mmap):
    for number, dag in enumerate(semirings_and_options()):
        dag.save(tmp_path / str(number))
        loaded = ps.load_compiled(tmp_path / str(number), mmap=mmap)
        assert loaded.semiring is dag.semiring
        assert np.array_equal(loaded.weights, dag.weights)
        if dag.nodes:
            source, target = dag.nodes[0], dag.nodes[-1]
            assert np.array_equal(loaded.forward(source), dag.forward(source))
            assert np.array_equal(
                loaded.edge_marginals(source, target),
                dag.edge_marginals(source, target),
            )


@pytest.mark.parametrize("mmap", [True, False])
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS], ids=lambda s: s.name)
def test_a_saved_unweighted_graph_counts_hops(tmp_path, semiring, engine, mmap):
    G = nx.DiGraph([("s", "a"), ("a", "b"), ("b", "t"), ("s", "t")])
    options = {"weight": None, "semiring": semiring}
    ps.compile_dag(G, **options, engine=engine).save(tmp_path)
    assert manifest(tmp_path)["unweighted"] is True
    dag = ps.load_compiled(tmp_path, mmap=mmap)
    assert dag.weights.tolist() == [1.0] * 4
    assert dag.to_dict(dag.forward("s")) == ps.forward_path_sums(G, "s", **options)
    assert dag.to_dict(dag.reverse("t")) == ps.reverse_path_sums(G, "t", **options)
    marginals = ps.edge_marginals(G, "s", "t", **options)
    edges = [
        (dag.nodes[u], dag.nodes[v])
        for u, v in zip(dag.tails.tolist(), dag.indices.tolist(), strict=True)
    ]
    assert dag.edge_marginals("s", "t").tolist() == [marginals[e] for e in edges]
    other = ps.MAX_PLUS if semiring is ps.MIN_PLUS else ps.MIN_PLUS
    moved = dag.with_semiring(other)
    options["semiring"] = other
    assert moved.to_dict(moved.forward("s")) == ps.forward_path_sums(G, "s", **options)
    for copy in (pickle.loads(pickle.dumps(dag)), pickle.loads(pickle.dumps(moved))):
        assert copy.weights.tolist() == [1.0] * 4


# --- a mapped graph whose files change ---------------------------------------

# Run in a child process: before, a pass over a file cut short read past its
# end and the process died of SIGBUS, which would end the test run too.
CUT_SHORT = """
import os
import pickle
import sys

import networkx as nx
import numpy as np

import pathsum as ps
import pathsum.compiled

folder, engine, name = sys.argv[1:]
G = nx.gnp_random_graph(400, 0.05, seed=1, directed=True)
G = nx.DiGraph((u, v, {"weight": 0.5}) for u, v in G.edges if u < v)
ps.compile_dag(G, engine=engine).save(folder)
dag = ps.load_compiled(folder)
moved = dag.with_semiring(ps.MAX_PLUS)
source, target = dag.nodes[0], dag.nodes[-1]
dag.forward(source)
file = os.path.join(folder, name + ".npy")
os.truncate(file, 128)  # the header alone
runs = {
    "forward": lambda: dag.forward(source),
    "reverse": lambda: dag.reverse(target),
    "block": lambda: dag.reverse(np.eye(len(dag.nodes))[:, :3]),
    "marginals": lambda: dag.edge_marginals(source, target),
    "one-hot": lambda: pathsum.compiled.one_hot_sweep(dag, [0], [1], forward=True),
    "with_semiring": lambda: dag.with_semiring(ps.MIN_PLUS),
    "moved": lambda: moved.forward(source),
    "pickle-moved": lambda: pickle.dumps(moved),
    "save": lambda: dag.save(folder + "-copy"),
}
for label, run in runs.items():
    try:
        run()
    except ps.CompiledFileError as exc:
        print(label, exc.path == file, "load it again" in str(exc))
    else:
        print(label, "ran")
"""


@pytest.mark.parametrize("name", ["weights", "indices", "tails"])
@pytest.mark.parametrize("engine", ENGINES)
def test_a_mapped_file_cut_short_is_refused_at_the_next_pass(tmp_path, engine, name):
    run = subprocess.run(
        [sys.executable, "-c", CUT_SHORT, str(tmp_path / "graph"), engine, name],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])
    labels = [
        "forward",
        "reverse",
        "block",
        "marginals",
        "one-hot",
        "with_semiring",
        "moved",
        "pickle-moved",
        "save",
    ]
    assert run.stdout.splitlines() == [f"{label} True True" for label in labels]


def rewrite_in_place(file, data):
    """Write `data` over the start of `file`, which keeps its size and is
    the same file, until its modification time shows the write (file systems
    keep it to a clock tick)."""
    before = os.stat(file).st_mtime_ns
    for _ in range(500):
        with open(file, "r+b") as stream:
            stream.write(data)
        if os.stat(file).st_mtime_ns != before:
            return
        time.sleep(0.01)
    pytest.fail(f"the modification time of {file} never changed")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_mapped_file_rewritten_in_place_is_refused_at_the_next_pass(saved, engine):
    # Before, the next pass read the new weights: its answers silently changed.
    dag = ps.load_compiled(saved, engine=engine)
    in_memory = ps.load_compiled(saved, mmap=False, engine=engine)
    before = dag.forward("a").tolist()
    assert before == [1.0, 2.0, 10.0, 10.0]
    file = saved / "weights.npy"
    size, inode = file.stat().st_size, file.stat().st_ino
    for name in ("weights", "raw_weights"):  # raw weights lift to the weights
        doubled = np.load(saved / f"{name}.npy") * 2
        data = (saved / f"{name}.npy").read_bytes()
        header = len(data) - doubled.nbytes
        rewrite_in_place(saved / f"{name}.npy", data[:header] + doubled.tobytes())
    assert (file.stat().st_size, file.stat().st_ino) == (size, inode)
    assert dag.weights.tolist() == [4.0, 8.0, 6.0, 2.0]  # the map shows the new file
    for run in (
        lambda: dag.forward("a"),
        lambda: dag.reverse(np.ones((4, 1))),
        lambda: dag.edge_marginals("a", "d"),
    ):
        with pytest.raises(
            ps.CompiledFileError,
            match=r"weights\.npy changed since this graph was loaded with "
            r"mmap=True \(it was written to\)",
        ):
            run()
    # Read into memory, a graph is not its files.
    assert in_memory.forward("a").tolist() == before
    again = ps.load_compiled(saved, engine=engine)
    assert again.forward("a").tolist() == [1.0, 4.0, 32.0, 64.0]


def test_a_mapped_graph_saved_over_or_removed_is_refused_at_the_next_pass(saved):
    dag = ps.load_compiled(saved)
    G = small_graph()
    G.add_edge("d", "e", weight=5)
    ps.compile_dag(G).save(saved)
    with pytest.raises(
        ps.CompiledFileError, match=r"\(it is another file: saved again, or replaced\)"
    ):
        dag.forward("a")
    assert ps.load_compiled(saved).forward("a").tolist()[-1] == 50.0
    again = ps.load_compiled(saved)
    (saved / "levels.npy").unlink()
    with pytest.raises(
        ps.CompiledFileError, match=r"levels\.npy changed .*\(it is gone\)"
    ) as caught:
        again.reverse("e")
    assert caught.value.path == str(saved / "levels.npy")


def test_a_mapped_file_cut_to_another_size_says_so(saved):
    dag = ps.load_compiled(saved)
    file = saved / "weights.npy"
    size = file.stat().st_size
    os.truncate(file, size - 8)
    with pytest.raises(
        ps.CompiledFileError,
        match=f"it is {size - 8:,} bytes long, not {size:,}: cut short",
    ):
        dag.forward("a")


def test_a_graph_read_into_memory_is_not_its_files(saved):
    dag = ps.load_compiled(saved, mmap=False)
    for name in ("weights", "indices", "indptr", "tails", "levels"):
        os.truncate(saved / f"{name}.npy", 0)
    assert dag.forward("a").tolist() == [1.0, 2.0, 10.0, 10.0]
    assert dag._files == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_mapped_graph_whose_files_stay_runs_every_pass(saved, engine):
    dag = ps.load_compiled(saved, engine=engine)
    assert len(dag._files) == 6  # every array, raw weights included
    for _ in range(3):
        assert dag.forward("a").tolist() == [1.0, 2.0, 10.0, 10.0]
    assert dag.with_semiring(ps.MIN_PLUS).forward("a").tolist() == [0, 2, 4, 5]


def test_a_directory_or_a_pipe_in_place_of_a_file_is_refused(saved):
    (saved / "weights.npy").unlink()
    os.mkfifo(saved / "weights.npy")  # reading it would wait for a writer
    with pytest.raises(ps.CompiledFileError, match=r"weights\.npy is not a regular"):
        ps.load_compiled(saved)
    (saved / "manifest.json").unlink()
    (saved / "manifest.json").mkdir()
    with pytest.raises(ps.CompiledFileError, match=r"manifest\.json is not a regular"):
        ps.load_compiled(saved)


def test_a_npy_header_that_numpy_cannot_parse_is_refused(saved):
    file = saved / "indices.npy"
    data = file.read_bytes()
    file.write_bytes(data.replace(b"{", b"{{{{{", 1))
    for mmap in (True, False):
        with pytest.raises(ps.CompiledFileError, match=r"indices\.npy is not a whole"):
            ps.load_compiled(saved, mmap=mmap)


def test_deeply_nested_nodes_save_and_load_or_are_refused_by_name(tmp_path):
    deep = "leaf"
    for _ in range(600):
        deep = (deep,)
    G = nx.DiGraph([(deep, "t", {"weight": 2.0})])
    ps.compile_dag(G).save(tmp_path / "deep")
    loaded = ps.load_compiled(tmp_path / "deep")
    assert loaded.to_dict(loaded.forward(deep)) == {deep: 1.0, "t": 2.0}
    for _ in range(5000):
        deep = (deep,)
    G = nx.DiGraph([(deep, "t", {"weight": 2.0})])
    with pytest.raises(TypeError, match="nested too deeply for JSON"):
        ps.compile_dag(G).save(tmp_path / "deeper")


def test_nodes_json_nested_deep_is_read_without_recursion(saved):
    nodes = json.loads((saved / "nodes.json").read_text())
    nodes_before = list(nodes)
    deep = nodes[0]
    for _ in range(700):
        deep = [deep]
    nodes[0] = deep
    (saved / "nodes.json").write_text(json.dumps(nodes))
    dag = ps.load_compiled(saved)
    node, depth = dag.nodes[0], 0
    while type(node) is tuple:
        (node,), depth = node, depth + 1
    assert (node, depth) == (nodes_before[0], 700)
