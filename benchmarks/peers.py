"""One-shot passes against networkx's own functions, and the array engine
against rustworkx, igraph and scipy, in one process on the same graphs.

    python benchmarks/peers.py [--quick] [--sizes N ...] [--repeat R] [--markdown FILE]

Three families (random sparse, layered, deep chain with skips) at 10^4, 10^5
and 10^6 edges (--quick: 10^4 only). Medians of R runs, in ns per edge of the
whole graph. Each question is asked of pathsum's one-shot function on the
networkx graph and of networkx's function for the same question:

- reach fwd / rev: BOOLEAN forward / reverse path sums (weight=None) against
  ``nx.descendants`` / ``nx.ancestors``;
- min-plus: MIN_PLUS forward path sums against
  ``nx.single_source_dijkstra_path_length``;
- max-plus: ``best_path`` (MAX_PLUS) against ``nx.dag_longest_path_length``;
- count: ``count_paths`` against a hand-written DP over ``nx.topological_sort``.

``read`` is the bare read, at C speed, of the weights of the edges a pass
reaches; the goals are pathsum / networkx ≤ 1 and pathsum / read ≤ 2.
``compile_dag`` is set against the bare read of all edges (goal ≤ 1.5). Then
one compiled pass against rustworkx, igraph and scipy where installed (each
peer's conversion from networkx timed apart), ``to_dict`` and ``view`` per
node, ``with_semiring`` against a second ``compile_dag``, and the first
compiled pass in a fresh process with numba's cache cold and warm. Nothing
here is a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from itertools import chain
from operator import itemgetter
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from core import chain_with_skips, cpu_name, layered, random_sparse

import pathsum as ps
from pathsum.compiled import numba_available

FAMILIES = {
    "random": random_sparse,
    "layered": layered,
    "chain": chain_with_skips,
}


def median_ns(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        function()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


def build(family, edges):
    """The family's graph with a nonnegative ``cost`` beside each ``weight``
    (Dijkstra needs one), a source that reaches most of it and a target."""
    G = FAMILIES[family](edges)
    for _, _, data in G.edges(data=True):
        data["cost"] = abs(data["weight"])
    order = list(nx.topological_sort(G))
    return G, order[0], order[-1]


def read(adj, nodes):
    """Every weight of the edges out of `nodes` in `adj`, read at C speed."""
    deque(
        map(itemgetter("cost"), chain.from_iterable(map(dict.values, nodes))),
        maxlen=0,
    )


def counted_by_hand(G, source, target):
    counts = dict.fromkeys(G, 0)
    counts[source] = 1
    for u in nx.topological_sort(G):
        cu = counts[u]
        if cu:
            for v in G._succ[u]:
                counts[v] += cu
    return counts[target]


def one_shot_rows(G, source, target, repeat):
    """(question, pathsum ns, networkx ns, read ns) per question."""
    succ, pred = G._succ, G._pred
    below = [succ[u] for u in nx.descendants(G, source) | {source}]
    above = [pred[v] for v in nx.ancestors(G, target) | {target}]
    read_below = median_ns(lambda: read(succ, below), repeat)
    read_above = median_ns(lambda: read(pred, above), repeat)
    boolean = {"weight": None, "semiring": ps.BOOLEAN}
    checks = [
        (
            ps.forward_path_sums(G, source, **boolean).keys(),
            nx.descendants(G, source) | {source},
        ),
        (
            ps.reverse_path_sums(G, target, **boolean).keys(),
            nx.ancestors(G, target) | {target},
        ),
        (
            ps.forward_path_sums(G, source, weight="cost", semiring=ps.MIN_PLUS),
            nx.single_source_dijkstra_path_length(G, source, weight="cost"),
        ),
        (ps.count_paths(G, source, target), counted_by_hand(G, source, target)),
    ]
    for ours, theirs in checks:
        if isinstance(ours, dict):
            assert ours.keys() == theirs.keys()
            assert all(abs(ours[v] - theirs[v]) < 1e-9 for v in ours)
        else:
            assert ours == theirs
    questions = [
        (
            "reach fwd",
            lambda: ps.forward_path_sums(G, source, **boolean),
            lambda: nx.descendants(G, source),
            read_below,
        ),
        (
            "reach rev",
            lambda: ps.reverse_path_sums(G, target, **boolean),
            lambda: nx.ancestors(G, target),
            read_above,
        ),
        (
            "min-plus",
            lambda: ps.forward_path_sums(
                G, source, weight="cost", semiring=ps.MIN_PLUS
            ),
            lambda: nx.single_source_dijkstra_path_length(G, source, weight="cost"),
            read_below,
        ),
        (
            "max-plus",
            lambda: ps.best_path(G, source, target, weight="cost"),
            lambda: nx.dag_longest_path_length(G, weight="cost"),
            read_below,
        ),
        (
            "count",
            lambda: ps.count_paths(G, source, target),
            lambda: counted_by_hand(G, source, target),
            read_below,
        ),
    ]
    return [
        (name, median_ns(ours, repeat), median_ns(theirs, repeat), bare)
        for name, ours, theirs, bare in questions
    ]


def array_rows(G, source, repeat):
    """(what, ns) for compile_dag, its results and the compiled peers."""
    every = list(G._succ.values())
    rows = {"read all": median_ns(lambda: read(G._succ, every), repeat)}
    rows["compile_dag"] = median_ns(lambda: ps.compile_dag(G, weight="cost"), repeat)
    dag = ps.compile_dag(G, weight="cost", semiring=ps.MIN_PLUS)
    rows["with_semiring"] = median_ns(lambda: dag.with_semiring(ps.MAX_PLUS), repeat)
    real = dag.with_semiring(ps.REAL)
    s = dag.index[source]
    rows["pass min-plus"] = median_ns(lambda: dag.forward(source), max(repeat, 5))
    rows["pass real"] = median_ns(lambda: real.forward(source), max(repeat, 5))
    values = dag.forward(source)
    rows["to_dict"] = median_ns(lambda: dag.to_dict(values), repeat)
    rows["view"] = median_ns(lambda: dag.view(values), max(repeat, 5))
    n = len(dag.nodes)
    tails = dag.tails.astype(np.int64)
    heads = dag.indices.astype(np.int64)
    costs = dag.weights
    if importlib.util.find_spec("rustworkx"):
        import rustworkx as rx

        def to_rustworkx():
            graph = rx.PyDiGraph(multigraph=False)
            graph.add_nodes_from(range(n))
            index = dag.index
            graph.extend_from_weighted_edge_list(
                [(index[u], index[v], c) for u, v, c in G.edges(data="cost")]
            )
            return graph

        rows["rustworkx convert"] = median_ns(to_rustworkx, repeat)
        graph = to_rustworkx()
        rows["rustworkx dijkstra"] = median_ns(
            lambda: rx.digraph_dijkstra_shortest_path_lengths(graph, s, float),
            max(repeat, 5),
        )
    if importlib.util.find_spec("igraph"):
        import igraph as ig

        def to_igraph():
            index = dag.index
            pairs = [(index[u], index[v]) for u, v in G.edges()]
            return ig.Graph(
                n=n,
                edges=pairs,
                directed=True,
                edge_attrs={"cost": [d for _, _, d in G.edges(data="cost")]},
            )

        rows["igraph convert"] = median_ns(to_igraph, repeat)
        graph_ig = to_igraph()
        rows["igraph distances"] = median_ns(
            lambda: graph_ig.distances(source=[s], weights="cost", mode="out"),
            max(repeat, 5),
        )
    if importlib.util.find_spec("scipy"):
        from scipy.sparse import csr_array, identity
        from scipy.sparse.csgraph import dijkstra
        from scipy.sparse.linalg import spsolve_triangular

        rows["scipy convert"] = median_ns(
            lambda: nx.to_scipy_sparse_array(
                G, nodelist=dag.nodes, weight="cost", format="csr"
            ),
            repeat,
        )
        matrix = csr_array((costs, (tails, heads)), shape=(n, n))
        rows["scipy dijkstra"] = median_ns(
            lambda: dijkstra(matrix, indices=s), max(repeat, 5)
        )
        # Forward path sums solve x = e_s + Aᵀx, a lower triangular system in
        # topological order.
        lower = (identity(n, format="csr") - matrix.T).tocsr()
        e = np.zeros(n)
        e[s] = 1.0
        rows["scipy spsolve_triangular"] = median_ns(
            lambda: spsolve_triangular(lower, e, lower=True), repeat
        )
    return rows, n


COLD = """
import time, networkx as nx, pathsum as ps
G = nx.DiGraph(); nx.add_path(G, range(10_000), weight=1.0)
start = time.perf_counter()
ps.compile_dag(G).forward(0)
print(time.perf_counter() - start)
"""


def cold_start(repeat):
    """Seconds of the first compile_dag and pass in a fresh process, numba's
    cache empty (compiling) and full (loading), and of the whole process."""
    if not numba_available():
        return None
    environment = dict(os.environ)
    results = {}
    with tempfile.TemporaryDirectory() as cache:
        environment["NUMBA_CACHE_DIR"] = cache
        for state in ("cold", "warm"):
            runs = []
            for _ in range(1 if state == "cold" else repeat):
                start = time.perf_counter()
                output = subprocess.run(
                    [sys.executable, "-c", COLD],
                    env=environment,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                runs.append((float(output), time.perf_counter() - start))
            results[state] = tuple(
                statistics.median(r) for r in zip(*runs, strict=True)
            )
    return results


def machine():
    versions = [f"Python {platform.python_version()}", f"networkx {nx.__version__}"]
    for name in ("numpy", "numba", "rustworkx", "igraph", "scipy"):
        if importlib.util.find_spec(name):
            module = __import__(name)
            versions.append(f"{name} {module.__version__}")
        else:
            versions.append(f"{name} not installed")
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    return [
        f"- CPU: {cpu_name()}, {os.cpu_count()} cores; "
        f"{platform.system()} {platform.release()}",
        f"- {', '.join(versions)}",
        f"- load average at the start: {', '.join(f'{x:.2f}' for x in load)}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^4 edges only")
    parser.add_argument("--sizes", type=int, nargs="+", help="edge counts to use")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    args = parser.parse_args()
    sizes = args.sizes or ([10**4] if args.quick else [10**4, 10**5, 10**6])
    lines = [*machine(), ""]
    print("\n".join(lines), flush=True)
    questions = ["reach fwd", "reach rev", "min-plus", "max-plus", "count"]
    header = ["family", "edges", *questions]
    table = [
        "One-shot functions, ns per edge: pathsum / networkx's function "
        "(pathsum ÷ networkx, goal ≤ 1; pathsum ÷ read of the reached weights, "
        "goal ≤ 2).",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    arrays = []
    print("\n".join(table), flush=True)
    lines += table
    for family in FAMILIES:
        for size in sizes:
            G, source, target = build(family, size)
            m = G.number_of_edges()
            cells = []
            for _, ours, theirs, bare in one_shot_rows(G, source, target, args.repeat):
                cells.append(
                    f"{ours / m:,.0f} / {theirs / m:,.0f} "
                    f"({ours / theirs:.2f}; {ours / bare:.1f})"
                )
            line = f"| {family} | {m:,} | " + " | ".join(cells) + " |"
            lines.append(line)
            print(line, flush=True)
            rows, n = array_rows(G, source, args.repeat)
            arrays.append((family, m, n, rows))
            del G
    names = list(arrays[0][3])
    per_node = {"to_dict", "view"}
    table = [
        "",
        "The array engine, ns per edge (to_dict and view: per node); "
        "compile_dag ÷ read all (goal ≤ 1.5) in brackets.",
        "",
        "| family | edges | " + " | ".join(names) + " |",
        "|" + "---|" * (len(names) + 2),
    ]
    for family, m, n, rows in arrays:
        cells = []
        for name in names:
            value = rows.get(name)
            if value is None:
                cells.append("–")
                continue
            text = f"{value / (n if name in per_node else m):,.1f}"
            if name == "compile_dag":
                text += f" ({value / rows['read all']:.2f})"
            cells.append(text)
        table.append(f"| {family} | {m:,} | " + " | ".join(cells) + " |")
    print("\n".join(table), flush=True)
    lines += table
    cold = cold_start(args.repeat)
    if cold is not None:
        text = (
            f"\nFirst compile_dag and pass in a fresh process (10^4-edge chain): "
            f"numba's "
            f"cache cold {cold['cold'][0]:.2f} s (process {cold['cold'][1]:.2f} s), "
            f"warm {cold['warm'][0]:.2f} s (process {cold['warm'][1]:.2f} s)."
        )
        print(text, flush=True)
        lines.append(text)
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
