"""What a one-shot pass, compile_dag and to_dict cost at the least, in CPython.

    python benchmarks/floors.py [--sizes N ...] [--repeat R] [--quick]

The goals of `benchmarks/peers.py` measure pathsum against the bare read of a
graph's weights at C speed (``map(itemgetter("weight"), chain(...))``). This
script measures, in the same process and on the same graphs, the least work
each of those functions has to do, written as plainly as Python allows and
with no arithmetic, no checks and no error handling:

- "walk": one Python loop step per edge, nothing read (``for v in succ[u]``);
- "search": the depth-first search that orders the reached nodes
  topologically (`pathsum._graph.reach_order`; a pass from a source needs an
  order of what it reaches, and networkx's graph keeps none);
- "push": one loop step per edge in that order that reads the weight and
  stores it at the head (``x[v] = data["weight"]``): a pass with its
  arithmetic taken out;
- "heads": the position of every edge's head, looked up at C speed
  (``map(index.__getitem__, ...)``), which an array of the graph needs beside
  its weights;
- "descendants": ``nx.descendants`` from the same source, which finds the
  reached nodes but no order of them, and no cycle;
- "dict": ``dict(zip(nodes, values.tolist()))``, the least a dict of one value
  per node costs.

Each is given as a multiple of the bare read (per edge) or in ns per node
(dict). A one-shot pass costs at least search + push; compile_dag at least
read + heads (before any order is found). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import deque
from itertools import chain
from operator import itemgetter
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from core import chain_with_skips, cpu_name, layered, random_sparse

from pathsum._graph import reach_order

FAMILIES = {"random": random_sparse, "layered": layered, "chain": chain_with_skips}


def median_seconds(function, repeat: int) -> float:
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_read(succ) -> None:
    weights = map(
        itemgetter("weight"), chain.from_iterable(map(dict.values, succ.values()))
    )
    deque(weights, maxlen=0)


def walk(succ) -> None:
    for u in succ:
        for _v in succ[u]:
            pass


def push(succ, order) -> None:
    x = {}
    for u in order:
        for v, data in succ[u].items():
            x[v] = data["weight"]


def heads(succ, index) -> None:
    deque(map(index.__getitem__, chain.from_iterable(succ.values())), maxlen=0)


def floors(G: nx.DiGraph, repeat: int) -> dict[str, float]:
    succ = G._succ
    source = next(iter(nx.topological_sort(G)))
    order = reach_order(succ, [source])
    index = {node: i for i, node in enumerate(G)}
    values = np.random.default_rng(0).random(len(G))
    nodes = list(G)
    m, n = G.number_of_edges(), len(G)
    read = median_seconds(lambda: bare_read(succ), repeat)
    return {
        "read ns/edge": read / m * 1e9,
        "walk": median_seconds(lambda: walk(succ), repeat) / read,
        "search": median_seconds(lambda: reach_order(succ, [source]), repeat) / read,
        "push": median_seconds(lambda: push(succ, order), repeat) / read,
        "heads": median_seconds(lambda: heads(succ, index), repeat) / read,
        "descendants": median_seconds(lambda: nx.descendants(G, source), repeat) / read,
        "dict ns/node": median_seconds(
            lambda: dict(zip(nodes, values.tolist(), strict=True)), repeat
        )
        / n
        * 1e9,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**4, 10**5, 10**6])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10^4 edges, once")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat = [10**4], 1
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{cpu_name()}, {os.cpu_count()} cores; load average {load}\n")
    columns = ["read ns/edge", "walk", "search", "push", "heads", "descendants"]
    columns.append("dict ns/node")
    print("| family | edges | " + " | ".join(columns) + " | search + push |")
    print("|---|---:|" + "---:|" * (len(columns) + 1))
    for family, make in FAMILIES.items():
        for size in args.sizes:
            G = make(size)
            row = floors(G, args.repeat)
            cells = [
                f"{row[c]:,.0f}" if "ns" in c else f"{row[c]:.2f}" for c in columns
            ]
            both = row["search"] + row["push"]
            print(
                f"| {family} | {G.number_of_edges():,} | "
                + " | ".join(cells)
                + f" | {both:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
