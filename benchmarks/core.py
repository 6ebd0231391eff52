"""One-shot path sums on a networkx graph against the loop a user writes by hand.

    python benchmarks/core.py [--edges N] [--repeat R]

Both run in this process on the same graphs; the table gives medians in ns per
edge and the ratio hand-written / pathsum (higher is better for pathsum).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
from pathlib import Path

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
    """n = edges / 4 nodes: a random recursive tree from node 0, then random
    forward edges (lower to higher index) until `edges`."""
    rng = random.Random(seed)
    n = max(2, edges // 4)
    G = nx.DiGraph()
    for v in range(1, n):
        G.add_edge(rng.randrange(v), v, weight=rng.uniform(-1, 1))
    count = n - 1  # G.number_of_edges() would cost a pass over the nodes
    while count < edges:
        u, v = sorted(rng.sample(range(n), 2))
        if not G.has_edge(u, v):
            G.add_edge(u, v, weight=rng.uniform(-1, 1))
            count += 1
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
    """What a user writes with networkx alone: a full topological sort, then a sweep
    over the raw successor dicts (the quickest such loop we know)."""
    x = dict.fromkeys(G, 0.0)
    x[source] = 1.0
    for u in nx.topological_sort(G):
        xu = x[u]
        for v, data in G.succ[u].items():
            x[v] += xu * data["weight"]
    return x


def idiomatic_forward(G, source):
    """The same loop as most tutorials write it."""
    x = {node: 0.0 for node in G}
    x[source] = 1.0
    for u in nx.topological_sort(G):
        for v in G.successors(u):
            x[v] += x[u] * G[u][v]["weight"]
    return x


def hand_written_reverse(G, target):
    """Backpropagation by hand: the topological order reversed, then a sweep."""
    y = dict.fromkeys(G, 0.0)
    y[target] = 1.0
    for v in reversed(list(nx.topological_sort(G))):
        yv = y[v]
        for u, data in G.pred[v].items():
            y[u] += data["weight"] * yv
    return y


def largest_relative_difference(ours, theirs):
    return max(
        abs(value - theirs[node]) / max(1.0, abs(value)) for node, value in ours.items()
    )


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
    print(
        "One pass from one seed, median ns per edge of the whole graph; ratio = "
        "hand-written / pathsum.\n'tuned' sweeps G.succ[u].items(), 'idiomatic' "
        "G.successors(u) with G[u][v]['weight']; both sort the whole graph first."
    )
    header = (
        f"{'family':<14}{'pass':<9}{'edges':>8}{'reached':>9}{'tuned':>7}"
        f"{'idiom.':>8}{'pathsum':>9}{'ratio':>8}{'ratio (idiom.)':>15}"
    )
    print(header)
    for name, build in FAMILIES.items():
        G = build(args.edges)
        m = G.number_of_edges()
        source = next(iter(G))
        target = list(nx.topological_sort(G))[-1]
        rows = [
            ("forward", source, hand_written_forward, idiomatic_forward),
            ("reverse", target, hand_written_reverse, None),
        ]
        for direction, seed, hand_loop, idiomatic_loop in rows:
            ours_function = getattr(ps, f"{direction}_path_sums")
            hand = median_ns(hand_loop, (G, seed), args.repeat)
            ours = median_ns(ours_function, (G, seed), args.repeat)
            result = ours_function(G, seed)
            difference = largest_relative_difference(result, hand_loop(G, seed))
            assert difference < 1e-9, difference
            reached = G.subgraph(result).number_of_edges() / m
            line = f"{name:<14}{direction:<9}{m:>8}{reached:>9.0%}{hand / m:>7.0f}"
            if idiomatic_loop is None:
                line += f"{'':>8}{ours / m:>9.0f}{hand / ours:>8.1f}"
            else:
                idiom = median_ns(idiomatic_loop, (G, seed), args.repeat)
                line += (
                    f"{idiom / m:>8.0f}{ours / m:>9.0f}{hand / ours:>8.1f}"
                    f"{idiom / ours:>15.1f}"
                )
            print(line)


if __name__ == "__main__":
    main()


def cpu_name() -> str:
    """The processor's model name where the system says it, else its kind."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return cpu
