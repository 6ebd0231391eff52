"""One-shot path sums on a networkx graph against the loop a user writes by hand.

    python benchmarks/core.py [--edges N] [--repeat R]

Both run in this process on the same graphs; the table gives medians in ns per
edge and the ratio hand-written / pathsum (higher is better for pathsum).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import networkx as nx

import pathsum as ps


def layered(edges: int, width: int = 100, seed: int = 0) -> nx.DiGraph:
    """Layers of `width` nodes, each node fed by 4 random nodes of the layer above."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    layers = max(2, edges // (4 * width) + 1)
    for layer in range(1, layers):
        for i in range(width):
            for j in rng.sample(range(width), 4):
                G.add_edge((layer - 1, j), (layer, i), weight=rng.uniform(-1, 1))
    return G


def random_sparse(edges: int, seed: int = 0) -> nx.DiGraph:
    """Random DAG: n = edges / 4 nodes, each edge from a lower to a higher index."""
    rng = random.Random(seed)
    n = max(2, edges // 4)
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    while G.number_of_edges() < edges:
        u, v = sorted(rng.sample(range(n), 2))
        G.add_edge(u, v, weight=rng.uniform(-1, 1))
    return G


def chain_with_skips(edges: int, seed: int = 0) -> nx.DiGraph:
    """A deep chain, each node also linked 2 to 9 steps ahead."""
    rng = random.Random(seed)
    n = max(3, edges // 2)
    G = nx.DiGraph()
    for i in range(n - 1):
        G.add_edge(i, i + 1, weight=rng.uniform(-1, 1))
        if i + 2 < n:
            G.add_edge(i, min(n - 1, i + rng.randint(2, 9)), weight=rng.uniform(-1, 1))
    return G


def diamond_chain(edges: int, seed: int = 0) -> nx.DiGraph:
    """Diamonds in a row: 2**k paths through k diamonds."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    for i in range(max(1, edges // 4)):
        for side in ("up", "down"):
            G.add_edge(i, (i, side), weight=rng.uniform(-1, 1))
            G.add_edge((i, side), i + 1, weight=rng.uniform(-1, 1))
    return G


FAMILIES = {
    "layered": layered,
    "random sparse": random_sparse,
    "chain+skips": chain_with_skips,
    "diamond chain": diamond_chain,
}


def hand_written_forward(G, source):
    """What a user writes with networkx alone: a full topological sort, then a sweep."""
    x = dict.fromkeys(G, 0.0)
    x[source] = 1.0
    for u in nx.topological_sort(G):
        xu = x[u]
        for v, data in G.succ[u].items():
            x[v] += xu * data["weight"]
    return x


def median_ns(function, arguments, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        function(*arguments)
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("forward pass from one source; ns per edge of the whole graph, medians")
    header = (
        f"{'family':<15}{'edges':>9}{'reached':>9}{'hand':>8}{'pathsum':>9}{'ratio':>7}"
    )
    print(header)
    for name, build in FAMILIES.items():
        G = build(args.edges)
        m = G.number_of_edges()
        source = next(iter(G))
        hand = median_ns(hand_written_forward, (G, source), args.repeat)
        ours = median_ns(ps.forward_path_sums, (G, source), args.repeat)
        result = ps.forward_path_sums(G, source)
        expected = hand_written_forward(G, source)
        worst = max(
            abs(value - expected[node]) / max(1.0, abs(value))
            for node, value in result.items()
        )
        reached = G.subgraph(result).number_of_edges() / m
        print(
            f"{name:<15}{m:>9}{reached:>9.0%}{hand / m:>8.0f}{ours / m:>9.0f}"
            f"{hand / ours:>7.1f}   (largest relative difference {worst:.1e})"
        )


if __name__ == "__main__":
    main()
