"""Through-edge sums, the k best paths: against one pass and against networkx.

    python benchmarks/paths.py [--repeat R] [--budget SECONDS] [--markdown FILE]

- edge_marginals against one reverse_path_sums on the same graph, at 10^5 and
  10^6 edges (goal: at most 2.5 times one pass), and CompiledDAG.edge_marginals
  against one compiled pass on the same graphs (same goal);
- k_best_paths, k = 10^4, on a random sparse DAG of 10^5 edges, against
  networkx's shortest_simple_paths for the same k on the same DiGraph (it does
  not know the graph is acyclic); networkx is stopped after --budget seconds;
- k_best_paths, k = 10^4, on a chain of 200 diamonds (2**200 paths) with random
  integer weights (goal: well under a second).

Medians of R runs, printed with the machine and its load (the machine may be
shared). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

import pathsum as ps

sys.path.insert(0, str(Path(__file__).parent))
from core import FAMILIES, cpu_name, random_sparse

K = 10**4


def median_seconds(function, repeat, clock=time.perf_counter):
    times = []
    for _ in range(repeat):
        start = clock()
        function()
        times.append(clock() - start)
    return statistics.median(times)


def ends(G):
    order = list(nx.topological_sort(G))
    return order[0], order[-1]


def marginal_rows(repeat):
    rows = []
    for edges in (10**5, 10**6):
        for family in ("layered", "diamond chain"):
            G = FAMILIES[family](edges)
            s, t = ends(G)
            if family == "layered":
                # One source and one sink joined to the first and last layers,
                # so that every edge lies on a path.
                last = max(v[0] for v in G)
                first_layer = [v for v in G if v[0] == 0]
                last_layer = [v for v in G if v[0] == last]
                G.add_edges_from(((("s",), v) for v in first_layer), weight=1.0)
                G.add_edges_from(((v, ("t",)) for v in last_layer), weight=1.0)
                s, t = ("s",), ("t",)
            one_pass = median_seconds(
                lambda G=G, t=t: ps.reverse_path_sums(G, t), repeat
            )
            marginals = median_seconds(
                lambda G=G, s=s, t=t: ps.edge_marginals(G, s, t), repeat
            )
            m = G.number_of_edges()
            on_paths = len(ps.edge_marginals(G, s, t))
            dag = ps.compile_dag(G)
            dag.edge_marginals(s, t)  # compiles the loops, when numba is there
            compiled_pass = median_seconds(lambda dag=dag, t=t: dag.reverse(t), repeat)
            compiled = median_seconds(
                lambda dag=dag, s=s, t=t: dag.edge_marginals(s, t), repeat
            )
            rows.append(
                (family, m, on_paths, one_pass, marginals, compiled_pass, compiled)
            )
    return rows, dag.engine


def k_best_against_networkx(repeat, budget):
    rng = random.Random(1)
    G = random_sparse(10**5)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 1000)
    # The end the most paths from 0 lead to: most nodes of this graph have
    # fewer than K paths from 0 (the last one has 517).
    counts = ps.forward_path_sums(G, 0, semiring=ps.COUNTING)
    s, t = 0, max(counts, key=lambda v: (counts[v], v))
    ours = median_seconds(
        lambda: list(itertools.islice(ps.k_best_paths(G, s, t), K)), repeat
    )
    values = [v for v, _ in itertools.islice(ps.k_best_paths(G, s, t), K)]
    start = time.perf_counter()
    count = 0
    for path in nx.shortest_simple_paths(G, s, t, weight="weight"):
        assert nx.path_weight(G, path, "weight") == values[count]
        count += 1
        if count == K or time.perf_counter() - start > budget:
            break
    theirs = time.perf_counter() - start
    return G.number_of_edges(), counts[t], ours, count, theirs


def k_best_on_diamonds(repeat):
    from pathsum.examples import diamond_chain

    rng = random.Random(2)
    G = diamond_chain(200)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 100)
    rows = []
    for semiring in (ps.MIN_PLUS, ps.MAX_PLUS):
        first = median_seconds(
            lambda semiring=semiring: next(
                ps.k_best_paths(G, 0, 200, semiring=semiring)
            ),
            repeat,
        )

        def first_k(semiring=semiring):
            return list(
                itertools.islice(ps.k_best_paths(G, 0, 200, semiring=semiring), K)
            )

        seconds = median_seconds(first_k, repeat)
        # CPU time as well: on a shared machine the wall clock counts the load.
        cpu = median_seconds(first_k, repeat, clock=time.process_time)
        rows.append((semiring.name, first, seconds, cpu))
    return rows


def machine():
    cpu = cpu_name()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; "
        f"{platform.system()} {platform.release()}; load average {load}",
        f"- Python {platform.python_version()}, networkx {nx.__version__}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=120.0)
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    args = parser.parse_args()
    lines = ["## Paths through an edge, the k best paths", "", *machine(), ""]
    lines += [
        "edge_marginals against one reverse_path_sums (goal: ratio ≤ 2.5), "
        f"median of {args.repeat}, seconds:",
        "",
        "| family | edges | on paths | reverse pass | edge_marginals | ratio |",
        "|---|---|---|---|---|---|",
    ]
    rows, engine = marginal_rows(args.repeat)
    for family, m, on_paths, one, both, _, _ in rows:
        lines.append(
            f"| {family} | {m:,} | {on_paths:,} | {one:.3f} | {both:.3f} "
            f"| {both / one:.2f}× |"
        )
        print(lines[-1], flush=True)
    lines += [
        "",
        "CompiledDAG.edge_marginals against one CompiledDAG.reverse on the same "
        f"graphs ({engine} engine; goal: ratio ≤ 2.5), median of {args.repeat}, "
        "milliseconds:",
        "",
        "| family | edges | reverse pass | edge_marginals | ratio |",
        "|---|---|---|---|---|",
    ]
    for family, m, _, _, _, one, both in rows:
        lines.append(
            f"| {family} | {m:,} | {one * 1e3:.2f} | {both * 1e3:.2f} "
            f"| {both / one:.2f}× |"
        )
        print(lines[-1], flush=True)
    m, paths, ours, count, theirs = k_best_against_networkx(args.repeat, args.budget)
    shown = f"{theirs:.1f}" if count == K else f"> {theirs:.0f} ({count:,} paths)"
    lines += [
        "",
        f"k_best_paths (min-plus) for k = {K:,} on a random sparse DAG of {m:,} "
        f"edges with integer weights, to the node with the most paths from node 0 "
        f"({paths:,}), against networkx's shortest_simple_paths "
        f"(stopped after {args.budget:.0f} s), seconds:",
        "",
        "| k_best_paths | shortest_simple_paths | ratio |",
        "|---|---|---|",
        f"| {ours:.2f} | {shown} | {'> ' if count < K else ''}{theirs / ours:,.0f}× |",
    ]
    print(lines[-1], flush=True)
    lines += [
        "",
        f"k_best_paths on a chain of 200 diamonds (2**200 paths), weights random "
        f"integers 1 to 100, median of {args.repeat}, seconds:",
        "",
        f"| semiring | first path | first {K:,} paths | of which CPU time |",
        "|---|---|---|---|",
    ]
    for name, first, seconds, cpu in k_best_on_diamonds(args.repeat):
        lines.append(f"| {name} | {first:.3f} | {seconds:.2f} | {cpu:.2f} |")
        print(lines[-1], flush=True)
    report = "\n".join(lines) + "\n"
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
