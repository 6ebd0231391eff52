"""Through-edge sums, the k best paths: against one pass and against networkx.

    python benchmarks/paths.py [--repeat R] [--budget SECONDS] [--markdown FILE]
                               [--k-best-only]

- edge_marginals against one reverse_path_sums on the same graph, at 10^5 and
  10^6 edges (goal: at most 2.5 times one pass), and CompiledDAG.edge_marginals
  against one compiled pass on the same graphs (same goal);
- k_best_paths, k = 10^4, on a random sparse DAG of 10^5 edges, against
  networkx's shortest_simple_paths for the same k on the same DiGraph (it does
  not know the graph is acyclic); networkx is stopped after --budget seconds;
- k_best_paths, the first path and the first 10^3 and 10^4, on a chain of 200
  diamonds (2**200 paths) with random integer weights 1 to 100 (min-plus,
  max-plus), with hop counts (weight=None: every path ties), and with the same
  integers / 100 as floats (max-times, min-plus) (goal: 10^4 paths in at most
  0.2 s).

    python benchmarks/paths.py --diamonds-only

runs only these rows.

Medians of R runs, wall clock and CPU time of this process, printed with the
machine and its load before and after (the machine may be shared). Nothing
here is a test.
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


def median_wall_and_cpu(function, repeat):
    """Medians of the wall clock and of this process's CPU time, from the
    same runs: on a shared machine the wall clock also counts the load."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return statistics.median(wall), statistics.median(cpu)


def load():
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


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
    ours, ours_cpu = median_wall_and_cpu(
        lambda: list(itertools.islice(ps.k_best_paths(G, s, t), K)), repeat
    )
    values = [v for v, _ in itertools.islice(ps.k_best_paths(G, s, t), K)]
    start, start_cpu = time.perf_counter(), time.process_time()
    count = 0
    for path in nx.shortest_simple_paths(G, s, t, weight="weight"):
        assert nx.path_weight(G, path, "weight") == values[count]
        count += 1
        if count == K or time.perf_counter() - start > budget:
            break
    theirs = time.perf_counter() - start
    theirs_cpu = time.process_time() - start_cpu
    return G.number_of_edges(), counts[t], ours, ours_cpu, count, theirs, theirs_cpu


def k_best_on_diamonds(repeat):
    from pathsum.examples import diamond_chain

    rng = random.Random(2)
    G = diamond_chain(200)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 100)
        G.edges[u, v]["probability"] = G.edges[u, v]["weight"] / 100
    rows = []
    for semiring, weight, weights in (
        (ps.MIN_PLUS, "weight", "integers"),
        (ps.MAX_PLUS, "weight", "integers"),
        (ps.MIN_PLUS, None, "hops"),
        (ps.MAX_PLUS, None, "hops"),
        (ps.MIN_PLUS, "probability", "floats"),
        (ps.MAX_TIMES, "probability", "floats"),
    ):

        def paths(semiring=semiring, weight=weight):
            return ps.k_best_paths(G, 0, 200, weight=weight, semiring=semiring)

        first = median_seconds(lambda paths=paths: next(paths()), repeat)
        thousand = median_seconds(
            lambda paths=paths: list(itertools.islice(paths(), K // 10)), repeat
        )
        seconds, cpu = median_wall_and_cpu(
            lambda paths=paths: list(itertools.islice(paths(), K)), repeat
        )
        rows.append((semiring.name, weights, first, thousand, seconds, cpu))
        print(k_best_row(rows[-1]), flush=True)
    return rows


def k_best_row(row):
    name, weights, first, thousand, seconds, cpu = row
    return (
        f"| {name} | {weights} | {first:.3f} | {thousand:.3f} | {seconds:.3f} "
        f"| {cpu:.3f} |"
    )


def machine():
    cpu = cpu_name()
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; "
        f"{platform.system()} {platform.release()}; load average {load()}",
        f"- Python {platform.python_version()}, networkx {nx.__version__}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=120.0)
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument(
        "--k-best-only", action="store_true", help="skip the edge_marginals rows"
    )
    parser.add_argument(
        "--diamonds-only",
        action="store_true",
        help="only the k best paths on the chain of diamonds",
    )
    args = parser.parse_args()
    lines = ["## Paths through an edge, the k best paths", "", *machine()]
    if args.diamonds_only:
        lines += diamond_lines(args.repeat)
    else:
        if not args.k_best_only:
            lines += marginal_lines(args.repeat)
        lines += k_best_lines(args.repeat, args.budget)
    report = "\n".join(lines) + "\n"
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")


def marginal_lines(repeat):
    lines = [
        "",
        "edge_marginals against one reverse_path_sums (goal: ratio ≤ 2.5), "
        f"median of {repeat}, seconds:",
        "",
        "| family | edges | on paths | reverse pass | edge_marginals | ratio |",
        "|---|---|---|---|---|---|",
    ]
    rows, engine = marginal_rows(repeat)
    for family, m, on_paths, one, both, _, _ in rows:
        lines.append(
            f"| {family} | {m:,} | {on_paths:,} | {one:.3f} | {both:.3f} "
            f"| {both / one:.2f}× |"
        )
        print(lines[-1], flush=True)
    lines += [
        "",
        "CompiledDAG.edge_marginals against one CompiledDAG.reverse on the same "
        f"graphs ({engine} engine; goal: ratio ≤ 2.5), median of {repeat}, "
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
    return lines


def k_best_lines(repeat, budget):
    before = load()
    m, paths, ours, ours_cpu, count, theirs, theirs_cpu = k_best_against_networkx(
        repeat, budget
    )
    if count == K:
        shown = f"{theirs:.1f} ({theirs_cpu:.1f} CPU)"
    else:
        shown = f"> {theirs:.0f} ({count:,} paths; {theirs_cpu:.0f} CPU)"
    ratio = f"{'> ' if count < K else ''}{theirs / ours:,.0f}×"
    lines = [
        "",
        f"k_best_paths (min-plus) for k = {K:,} on a random sparse DAG of {m:,} "
        f"edges with integer weights, to the node with the most paths from node 0 "
        f"({paths:,}), against networkx's shortest_simple_paths "
        f"(stopped after {budget:.0f} s), k_best_paths median of {repeat}, "
        "seconds (wall clock, CPU time):",
        "",
        "| k_best_paths | shortest_simple_paths | ratio |",
        "|---|---|---|",
        f"| {ours:.2f} ({ours_cpu:.2f} CPU) | {shown} | {ratio} |",
    ]
    print(lines[-1], flush=True)
    lines += diamond_lines(repeat)
    lines += ["", f"Load average before the k best rows {before}, after {load()}."]
    return lines


def diamond_lines(repeat):
    before = load()
    lines = [
        "",
        "k_best_paths on a chain of 200 diamonds (2**200 paths), weights random "
        "integers 1 to 100, hop counts (weight=None), or the same integers / 100 "
        f"as floats, median of {repeat}, seconds:",
        "",
        f"| semiring | weights | first path | first {K // 10:,} | first {K:,} "
        "| of which CPU time |",
        "|---|---|---|---|---|---|",
    ]
    lines += map(k_best_row, k_best_on_diamonds(repeat))
    lines += ["", f"Load average before the diamond rows {before}, after {load()}."]
    return lines


if __name__ == "__main__":
    main()
