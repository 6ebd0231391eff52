"""networkx's functions on the "pathsum" backend against networkx's own.

    python benchmarks/backend.py [--quick] [--sizes N ...] [--repeat R]
        [--functions NAME ...] [--markdown FILE]

Two families (random sparse: a random recursive tree from node 0 plus random
forward edges; layered) at 10^5 and 10^6 edges (--quick: 10^4), with int
weights from 0 to 9, so that every served function runs on pathsum (Dijkstra
included). For each function, in this process and on the same graph, medians
of R runs in milliseconds of:

- networkx: the function as networkx runs it;
- first: ``backend="pathsum"`` with networkx's cache of conversions emptied,
  so the conversion (the DAG check and the compile) is in the time;
- cached: ``backend="pathsum"`` again, the conversion taken from the cache.

The ratios are networkx / first and networkx / cached. "answer build" is
the least any backend must spend to return the answer: a dict (or set) made
from lists of networkx's own keys and values; networkx / build bounds what a
cached call can reach, however fast its pass. The goals: a cached
call at least 100 times faster than networkx for ``dag_longest_path_length``,
the single-source shortest path lengths and ``descendants``; a first call no
slower than networkx's ``dag_longest_path_length`` and single-source
Bellman-Ford. ``transitive_closure_dag`` is timed on a graph of 2,000 nodes,
its output being quadratic, and the first 1,000 of ``shortest_simple_paths``
on graphs of 2,000 edges with float weights (goal: 100 times faster than
networkx). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from functools import partial
from itertools import islice
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).parent))
from core import cpu_name, layered, random_sparse

from pathsum.compiled import numba_available

FAMILIES = {"random sparse": random_sparse, "layered": layered}


def int_weights(G: nx.DiGraph, seed: int = 0) -> nx.DiGraph:
    rng = random.Random(seed)
    for _, _, data in G.edges(data=True):
        data["weight"] = rng.randrange(10)
    return G


def calls(G: nx.DiGraph) -> dict:
    """name -> the call, from the first node (random sparse: the root of its
    tree; layered: a node of the top layer) to the last."""
    nodes = list(G)
    first, last = nodes[0], nodes[-1]
    return {
        "dag_longest_path_length": partial(nx.dag_longest_path_length, G),
        "dag_longest_path": partial(nx.dag_longest_path, G),
        "single_source_bellman_ford_path_length": partial(
            nx.single_source_bellman_ford_path_length, G, first
        ),
        "single_source_dijkstra_path_length": partial(
            nx.single_source_dijkstra_path_length, G, first
        ),
        "single_source_shortest_path_length": partial(
            nx.single_source_shortest_path_length, G, first
        ),
        "descendants": partial(nx.descendants, G, first),
        "ancestors": partial(nx.ancestors, G, last),
        "has_path": partial(nx.has_path, G, first, last),
        "bellman_ford_path_length": partial(
            nx.bellman_ford_path_length, G, first, last
        ),
        "dijkstra_path_length": partial(nx.dijkstra_path_length, G, first, last),
    }


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def first_ms(G, function, repeat: int) -> float:
    def cold():
        G.__networkx_cache__.clear()
        return function(backend="pathsum")

    return median_ms(cold, repeat)


def rows(family: str, G: nx.DiGraph, repeat: int, names=None):
    for name, call in calls(G).items():
        if names and name not in names:
            continue
        expected = call()
        G.__networkx_cache__.clear()
        got = call(backend="pathsum")
        assert got == expected, name  # the same answer, or the table is void
        ours = partial(call, backend="pathsum")
        theirs = median_ms(call, repeat)
        first = first_ms(G, call, repeat)
        cached = median_ms(ours, max(repeat, 5))
        floor = median_ms(partial(build, expected), max(repeat, 5))
        yield (family, G.number_of_edges(), name, theirs, first, cached, floor)


def build(answer):
    """Make a dict or set like `answer` from lists of its keys and values: the
    least any backend must do to return it (networkx builds it as it goes)."""
    if isinstance(answer, dict):
        return dict(zip(list(answer), list(answer.values()), strict=True))
    if isinstance(answer, set):
        return set(list(answer))
    return answer


def closure_row(repeat: int):
    G = int_weights(random_sparse(8_000))
    theirs = median_ms(partial(nx.transitive_closure_dag, G), repeat)
    first = first_ms(G, partial(nx.transitive_closure_dag, G), repeat)
    return (
        "random sparse",
        G.number_of_edges(),
        "transitive_closure_dag",
        theirs,
        first,
    )


def shortest_simple_rows(repeat: int, k: int = 1000):
    """The first `k` of shortest_simple_paths on graphs of 2,000 edges whose
    float weights leave no ties (networkx's own search would order ties)."""
    for family, make in [("random sparse", random_sparse), ("layered", layered)]:
        # Layers 10 wide, so that the last node has many paths from the first.
        G = make(2_000) if make is random_sparse else make(2_000, width=10)
        for _, _, data in G.edges(data=True):
            data["weight"] = abs(data["weight"])
        nodes = list(G)

        def first(G=G, ends=(nodes[0], nodes[-1]), **backend):
            paths = nx.shortest_simple_paths(G, *ends, weight="weight", **backend)
            return list(islice(paths, k))

        assert first() == first(backend="pathsum")
        theirs = median_ms(first, repeat)
        ours = median_ms(partial(first, backend="pathsum"), repeat)
        yield (
            family,
            G.number_of_edges(),
            f"shortest_simple_paths, first {k:,}",
            theirs,
            ours,
        )


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"CPU: {cpu_name()}, {os.cpu_count()} cores; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, networkx "
        f"{nx.__version__}; numba {'on' if numba_available() else 'off'}; "
        f"load average {load}"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--functions", nargs="+")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10_000] if args.quick else [100_000, 1_000_000])
    nx.config.warnings_to_ignore.add("cache")
    lines = [
        machine(),
        "",
        "| family | edges | function | networkx ms | first ms | cached ms "
        "| networkx / first | networkx / cached | answer build ms "
        "| networkx / build |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    print("\n".join(lines), flush=True)
    for size in sizes:
        for family, make in FAMILIES.items():
            G = int_weights(make(size))
            for family_, edges, name, theirs, first, cached, floor in rows(
                family, G, args.repeat, args.functions
            ):
                floors = "– | – |"
                if floor > 0.01:
                    floors = f"{floor:,.2f} | {theirs / floor:,.0f} |"
                line = (
                    f"| {family_} | {edges:,} | {name} | {theirs:,.2f} "
                    f"| {first:,.2f} | {cached:,.3f} | {theirs / first:,.2f} "
                    f"| {theirs / cached:,.0f} | {floors}"
                )
                lines.append(line)
                print(line, flush=True)
            del G
    if not args.functions or "transitive_closure_dag" in args.functions:
        family, edges, name, theirs, first = closure_row(args.repeat)
        line = (
            f"| {family} | {edges:,} | {name} | {theirs:,.2f} | {first:,.2f} | – "
            f"| {theirs / first:,.2f} | – | – | – |"
        )
        lines.append(line)
        print(line, flush=True)
    if not args.functions or "shortest_simple_paths" in args.functions:
        for family, edges, name, theirs, first in shortest_simple_rows(args.repeat):
            line = (
                f"| {family} | {edges:,} | {name} | {theirs:,.2f} | {first:,.2f} | – "
                f"| {theirs / first:,.0f} | – | – | – |"
            )
            lines.append(line)
            print(line, flush=True)
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
