"""Scaling out: a many-seed Jacobian by blocks, in one process and on Dask.

    python benchmarks/scaling.py [--edges M] [--seeds K] [--blocks B ...]
                                 [--memory-edges M] [--repeat R] [--quick]

Part 1 (time): a random DAG of M edges (default 10^6, on M / 20 nodes) and K
reverse seeds (default 4,096 outputs, read at 1,000 inputs), in blocks of B
seed columns (64, 256, 1,024 and 2,048). Each block is swept (numba when
installed) a tile of columns at a time, as ``ps.jacobian`` sweeps its seeds.
Timed: one process sweeping all K columns (the baseline of every speed-up),
the same as one untiled n x K block, and block by block; Dask's threaded
scheduler with 2 threads; 2 plain worker processes (multiprocessing, each
mapping the saved graph once: the floor of any scheduler of processes here);
a LocalCluster of 2 worker processes of 1 thread each, computed with
``.compute()`` as a user would. Each way runs R rounds after one warm-up run
(which pays numba's loading and, on the cluster, sending the graph); a round
runs the one-process baseline, then the way. Seconds are medians of the
rounds, the speed-up the median of the rounds' ratios: this machine's speed
drifts by tens of percent within minutes, a ratio within one round much
less. The bytes column is what reached the workers in the first run: the
pickled graph, which the scheduler hands to one worker (its arrays, or the
path of a saved graph that each worker maps), plus what the workers fetched
from each other (the graph again for the second worker, and the blocks that
Dask gathers on one worker to join them).

Part 2 (memory): a graph of --memory-edges edges (default 10^7), saved once
and loaded by 2 worker processes at the same time, mapped (load_compiled) and
read into memory (mmap=False): each worker's RSS, USS and private dirty
memory before loading and while holding it after a pass.

``--quick`` runs tiny sizes on the threaded scheduler only, in seconds (the
CI smoke run). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import pathsum as ps
from pathsum.compiled import CompiledDAG, column_tile, one_hot_sweep
from pathsum.scaling import chunked_jacobian

sys.path.insert(0, str(Path(__file__).parent))
from core import cpu_name


def random_dag(edges: int, nodes: int, seed: int = 0) -> CompiledDAG:
    """A random DAG straight into arrays (nodes 0..n-1 in topological order,
    edges u -> v with u < v); networkx would need ~1 KB per edge to hold it."""
    rng = np.random.default_rng(seed)
    tails = np.sort(rng.integers(0, nodes - 1, edges))
    heads = tails + 1 + (rng.random(edges) * (nodes - 1 - tails)).astype(np.int64)
    counts = np.bincount(tails, minlength=nodes)
    indptr = np.zeros(nodes + 1, np.uint64)
    np.cumsum(counts, out=indptr[1:])
    weights = rng.uniform(-1, 1, edges)
    # One node per level is a valid level split: the compiled loops ignore it.
    levels = np.arange(nodes + 1)
    engine = "numba" if ps.compiled.numba_available() else "numpy"
    return CompiledDAG(
        list(range(nodes)),
        indptr,
        heads.astype(np.uint32),
        weights,
        tails.astype(np.uint32),
        levels,
        ps.REAL,
        engine,
    )


def sweep(dag: CompiledDAG, seeds: list[int], reads: np.ndarray) -> np.ndarray:
    """One reverse sweep of one-hot seeds at `seeds`, read at `reads`, the way
    ``ps.jacobian`` and each Dask block run it: a tile of columns at a time."""
    return one_hot_sweep(dag, seeds, reads, forward=False, seeds_first=True)


def untiled_sweep(dag: CompiledDAG, seeds: list[int], reads: np.ndarray) -> np.ndarray:
    """The same as one block of every seed column (what a sweep of a user's
    seed array costs): the rows of the block no longer stay in the caches."""
    block = np.zeros((len(dag.nodes), len(seeds)))
    block[seeds, range(len(seeds))] = 1.0
    return dag.reverse(block)[reads, :].T


def paired(function, baseline, repeat: int, cpu=time.process_time) -> tuple:
    """Rounds of the one-process `baseline` then `function`, after a warm-up of
    each (numba's loading, the graph's first trip): the medians of the
    baseline's seconds, of `function`'s wall and CPU seconds, and of the
    ratio of the two walls in each round. The machine's speed drifts by tens
    of percent within minutes here; a ratio taken within one round does not
    drift with it. CPU seconds are what `cpu` counts: this process's by
    default, or the workers' too."""
    baseline()
    function()
    bases, walls, cpus, ratios = [], [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        baseline()
        bases.append(time.perf_counter() - start)
        wall, used = time.perf_counter(), cpu()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu() - used)
        ratios.append(bases[-1] / walls[-1])
    return tuple(map(statistics.median, (bases, walls, cpus, ratios)))


def worker_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def incoming_bytes(dask_worker) -> int:
    return sum(t["total"] for t in dask_worker.transfer_incoming_log)


def traced(lazy, client, spans: list) -> None:
    """``lazy.compute()``, noting where its wall time went, from Dask's task
    stream: seconds before the first block starts, the busier worker's
    blocks, the other's idle time, and seconds from the last block's end
    until the result is in this process."""
    from dask.distributed import get_task_stream

    with get_task_stream(client=client) as stream:
        start = time.time()
        lazy.compute()
        end = time.time()
    blocks = [
        (
            task["worker"],
            next(s for s in task["startstops"] if s["action"] == "compute"),
        )
        for task in stream.data
        if "pathsum-jacobian" in str(task["key"])
    ]
    busy = dict.fromkeys(client.scheduler_info()["workers"], 0.0)
    for worker, span in blocks:
        busy[worker] += span["stop"] - span["start"]
    spans.append(
        (
            min(span["start"] for _, span in blocks) - start,
            max(busy.values()),
            max(busy.values()) - min(busy.values()),
            end - max(span["stop"] for _, span in blocks),
        )
    )


_MAPPED: dict = {}


def _plain_block(path: str, seeds: list[int], reads: np.ndarray) -> np.ndarray:
    """Run in a plain worker process: one block, on the graph it mapped once."""
    if path not in _MAPPED:
        _MAPPED[path] = ps.load_compiled(path)
    return sweep(_MAPPED[path], seeds, reads)


def time_part(args) -> list[tuple]:
    n = args.edges // 20
    dag = random_dag(args.edges, n)
    outputs = list(range(n - args.seeds, n))
    inputs = list(range(args.inputs))
    rows = []

    reads = np.array(inputs)
    expected = sweep(dag, outputs, reads)

    def one():
        return sweep(dag, outputs, reads)

    tile = column_tile(len(dag.nodes), 8)
    rows.append(
        (
            f"one process, tiles of {tile} columns",
            "-",
            paired(one, one, args.repeat),
            "-",
        )
    )
    assert np.array_equal(untiled_sweep(dag, outputs, reads), expected)
    untiled = paired(lambda: untiled_sweep(dag, outputs, reads), one, args.repeat)
    rows.append(("one process, one untiled block", "-", untiled, "-"))
    for block in args.blocks:
        starts = range(0, args.seeds, block)

        def by_blocks(block=block, starts=starts):
            return [sweep(dag, outputs[s : s + block], reads) for s in starts]

        rows.append(
            (
                "one process, block by block",
                block,
                paired(by_blocks, one, args.repeat),
                "-",
            )
        )
    for block in args.blocks:
        lazy = chunked_jacobian(dag, outputs, inputs, forward=False, chunks=block)
        got = lazy.compute(scheduler="threads", num_workers=2)
        assert np.array_equal(got, expected)
        measured = paired(
            lambda lazy=lazy: lazy.compute(scheduler="threads", num_workers=2),
            one,
            args.repeat,
        )
        rows.append(("threaded scheduler, 2 threads", block, measured, 0))
    where = []
    if args.quick:
        return rows, dag, where
    import multiprocessing

    import psutil
    from dask.distributed import Client, LocalCluster

    folder = tempfile.TemporaryDirectory()
    path = str(Path(folder.name, "graph"))
    dag.save(path)
    mapped = ps.load_compiled(path)

    def pool_cpu() -> float:
        children = psutil.Process().children()
        return time.process_time() + sum(sum(c.cpu_times()[:2]) for c in children)

    # The floor of any scheduler of processes on this machine: 2 plain
    # processes, each mapping the saved graph once, sweeping blocks.
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        for block in args.blocks:
            jobs = [
                (path, outputs[s : s + block], reads)
                for s in range(0, args.seeds, block)
            ]

            def by_pool(jobs=jobs):
                return np.concatenate(pool.starmap(_plain_block, jobs, chunksize=1))

            assert np.array_equal(by_pool(), expected)
            rows.append(
                (
                    "2 plain processes (multiprocessing), graph mapped",
                    block,
                    paired(by_pool, one, args.repeat, pool_cpu),
                    "-",
                )
            )
    ways = [
        ("LocalCluster, 2 worker processes, graph in memory", dag),
        ("LocalCluster, 2 worker processes, graph mapped from its file", mapped),
    ]
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        for how, graph in ways:
            graph_bytes = len(pickle.dumps(graph, protocol=5))
            for block in args.blocks:
                lazy = chunked_jacobian(
                    graph, outputs, inputs, forward=False, chunks=block
                )
                before = sum(client.run(incoming_bytes).values())
                assert np.array_equal(lazy.compute(), expected)
                moved = sum(client.run(incoming_bytes).values()) - before
                spans = []
                measured = paired(
                    lambda lazy=lazy, spans=spans: traced(lazy, client, spans),
                    one,
                    args.repeat,
                    lambda: time.process_time() + sum(client.run(worker_cpu).values()),
                )
                rows.append((how, block, measured, graph_bytes + moved))
                # The warm-up run is the first: the graph's first trip.
                where.append((how, block, measured, spans[1:]))
    folder.cleanup()
    return rows, dag, where


def holding(path: str, mmap: bool, marker_dir: str) -> dict:
    """Run on a worker: load the saved graph, sweep 8 seeds, wait until the
    other worker holds it too, and measure this process's memory."""
    import psutil

    process = psutil.Process()

    def memory() -> dict:
        info = process.memory_full_info()
        rollup = Path(f"/proc/{os.getpid()}/smaps_rollup").read_text().splitlines()
        fields = dict(line.split(":")[:2] for line in rollup[1:])
        dirty = int(fields["Private_Dirty"].split()[0]) * 1024
        return {"rss": info.rss, "uss": info.uss, "private_dirty": dirty}

    before = memory()
    dag = ps.load_compiled(path, mmap=mmap)
    seeds = np.zeros((len(dag.nodes), 8))
    seeds[-8:, :] = np.eye(8)
    dag.reverse(seeds)
    # A block of 64 columns over every node is far larger than the caches here:
    # what a sweep of a large graph costs per edge and seed.
    block = np.zeros((len(dag.nodes), 64))
    block[-64:, :] = np.eye(64)
    start = time.perf_counter()
    dag.reverse(block)
    pass_ns = (time.perf_counter() - start) / (len(dag.indices) * 64) * 1e9
    del block
    Path(marker_dir, str(os.getpid())).touch()
    for _ in range(600):
        if len(os.listdir(marker_dir)) >= 2:
            break
        time.sleep(0.1)
    after = memory()
    del seeds
    return {key: after[key] - before[key] for key in after} | {
        "pass_ns": pass_ns,
        "arrays": sum(
            getattr(dag, a).nbytes
            for a in ("indptr", "indices", "weights", "tails", "levels")
        ),
    }


def memory_part(args) -> list[tuple]:
    from dask.distributed import Client, LocalCluster

    nodes = args.memory_edges // 20
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        random_dag(args.memory_edges, nodes, seed=1).save(Path(folder, "graph"))
        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            for mmap in (True, False):
                client.wait_for_workers(2, timeout=120)
                workers = list(client.scheduler_info()["workers"])
                markers = tempfile.mkdtemp(dir=folder)
                futures = [
                    client.submit(
                        holding,
                        str(Path(folder, "graph")),
                        mmap,
                        markers,
                        workers=[w],
                        pure=False,
                    )
                    for w in workers
                ]
                for worker, result in zip(workers, client.gather(futures), strict=True):
                    rows.append(
                        (
                            "mapped" if mmap else "read into memory",
                            worker.rsplit(":", 1)[1],
                            result,
                        )
                    )
                client.restart()
    return rows


MB = 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=10**6)
    parser.add_argument("--seeds", type=int, default=4096)
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--blocks", type=int, nargs="+", default=[64, 256, 1024, 2048])
    parser.add_argument("--memory-edges", type=int, default=10**7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.edges, args.seeds, args.inputs, args.blocks = 10**4, 256, 50, [64, 128]
        args.repeat = 1
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"{cpu_name()}, {os.cpu_count()} cores; load before: {load}")
    rows, dag, where = time_part(args)
    print(
        f"\n{args.edges:,} edges, {len(dag.nodes):,} nodes, {args.seeds:,} reverse "
        f"seeds read at {args.inputs:,} inputs, {dag.engine} engine, {args.repeat} "
        f"rounds after a warm-up\n"
    )
    print(
        "| how | block | seconds | one process, same rounds | speed-up "
        "| CPU seconds | speed-up, a core each | ns per edge per seed (CPU) "
        "| bytes to workers |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for how, block, (base, seconds, cpu, ratio), moved in rows:
        per = cpu / (args.edges * args.seeds) * 1e9
        # With a core each, 2 threads or workers would take CPU / 2 at best:
        # on a loaded machine the wall time cannot show it.
        parallel = 1 if how.startswith("one process") else 2
        ideal = base / (cpu / parallel)
        moved = moved if isinstance(moved, str) else f"{moved / MB:,.1f} MiB"
        cells = [how, block, f"{seconds:.2f}", f"{base:.2f}", f"{ratio:.2f}x"]
        cells += [f"{cpu:.2f}", f"{ideal:.2f}x", f"{per:.3f}", moved]
        print("| " + " | ".join(map(str, cells)) + " |")
    if where:
        print(
            "\nWhere the cluster's seconds went, from Dask's task stream (medians "
            "of the same rounds; the task stream is on in every round above)\n"
        )
        print(
            "| how | block | seconds | before the first block | the busier worker's "
            "blocks | one process / 2 | the other worker idle | after the last block |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for how, block, (base, seconds, _, _), spans in where:
            first, busier, idle, last = map(statistics.median, zip(*spans, strict=True))
            cells = [how.removeprefix("LocalCluster, 2 worker processes, "), block]
            cells += [
                f"{x:.3f}" for x in (seconds, first, busier, base / 2, idle, last)
            ]
            print("| " + " | ".join(map(str, cells)) + " |")
    if args.quick:
        return
    rows = memory_part(args)
    print(
        f"\n{args.memory_edges:,} edges saved once and loaded by 2 worker "
        f"processes at once; growth while holding it after a pass, MiB\n"
    )
    print(
        "| load | worker | arrays | RSS | USS | private dirty "
        "| sweep of 64 seeds, ns per edge per seed |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for how, worker, r in rows:
        print(
            f"| {how} | :{worker} | {r['arrays'] / MB:,.0f} | {r['rss'] / MB:,.0f} "
            f"| {r['uss'] / MB:,.0f} | {r['private_dirty'] / MB:,.0f} "
            f"| {r['pass_ns']:.2f} |"
        )
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"\nload after: {load}")


if __name__ == "__main__":
    main()
