"""Graph libraries checked against pathsum: the table of the testing guide.

    python benchmarks/graph_libraries.py [--examples N] [--only LIBRARY ...]
                                         [--markdown FILE] [--require]

Each row runs `pathsum.testing.path_sum_property` on one function of
networkx, rustworkx, igraph or scipy through an adapter of a few lines, on N
examples (default 200, derandomized: every run draws the same graphs), and
reports whether the function agrees with pathsum, or gives a different answer,
or raises, and what Hypothesis shrank the difference to, with the time the row
took; networkx's functions run as networkx's, whatever backend is configured.
Each row also states what it is expected to find and why (a documented
contract difference, a real limitation, an adapter trap); the script exits
with status 1 where a row comes out otherwise, because a library or the
checker changed. A library
that is not installed is listed as such, and is an error with --require.
Nothing here is timed against anything: the times say what a check costs.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import platform
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from hypothesis import settings
from hypothesis import strategies as st

import pathsum as ps
from pathsum.semirings import with_count
from pathsum.testing import path_sum_property, to_igraph, to_rustworkx, to_scipy

SIGNED = st.integers(-9, 9)
POSITIVE = st.integers(0, 9)


@dataclass
class Row:
    library: str
    function: str
    kind: str
    semiring: ps.Semiring
    candidate: Callable[..., Any]
    expect: str  # "agrees", "differs" (a wrong answer) or "raises"
    finding: str  # what a difference is, or what the agreement covers
    options: dict[str, Any] = field(default_factory=dict)


# --- networkx ------------------------------------------------------------------


def nx_or(function, no_path):
    """A networkx s -> t function answering `no_path` where it finds no path.

    None for a path function; the semiring's zero for a length.
    """

    def adapter(G, s, t):
        try:
            return function(G, s, t)
        except nx.NetworkXNoPath:
            return no_path

    return adapter


def nx_count(G, s, t):
    try:
        paths = list(nx.all_shortest_paths(G, s, t, weight="weight"))
    except nx.NetworkXNoPath:
        return (math.inf, 0)
    return (nx.path_weight(G, paths[0], "weight"), len(paths))


NETWORKX = [
    Row("networkx", "dag_longest_path_length", "whole", ps.MAX_PLUS,
        nx.dag_longest_path_length, "agrees",
        "negative weights and parallel edges included",
        {"weights": SIGNED, "multigraph": True}),
    Row("networkx", "dag_longest_path", "path", ps.MAX_PLUS,
        nx.dag_longest_path, "agrees", "a best path of the whole graph",
        {"whole": True, "weights": SIGNED, "multigraph": True}),
    Row("networkx", "dijkstra_path_length", "sum", ps.MIN_PLUS,
        nx_or(nx.dijkstra_path_length, math.inf), "agrees",
        "weights >= 0", {"weights": POSITIVE, "multigraph": True}),
    Row("networkx", "dijkstra_path_length", "sum", ps.MIN_PLUS,
        nx_or(nx.dijkstra_path_length, math.inf), "differs",
        "contract difference: Dijkstra's algorithm assumes weights >= 0 (the "
        "docstring does not say so; it sometimes raises 'Contradictory paths "
        "found: negative weights?')",
        {"weights": SIGNED}),
    Row("networkx", "bellman_ford_path_length", "sum", ps.MIN_PLUS,
        nx_or(nx.bellman_ford_path_length, math.inf), "agrees",
        "negative weights included", {"weights": SIGNED, "multigraph": True}),
    Row("networkx", "dijkstra_path", "path", ps.MIN_PLUS,
        nx_or(nx.dijkstra_path, None), "agrees", "a best source -> target path",
        {"weights": POSITIVE, "multigraph": True}),
    Row("networkx", "single_source_shortest_path_length", "forward", ps.MIN_PLUS,
        nx.single_source_shortest_path_length, "agrees", "hop counts",
        {"weight": None, "multigraph": True}),
    Row("networkx", "all_pairs_dijkstra_path_length", "pairs", ps.MIN_PLUS,
        lambda G: dict(nx.all_pairs_dijkstra_path_length(G)), "agrees",
        "weights >= 0", {"weights": POSITIVE, "multigraph": True}),
    Row("networkx", "descendants", "forward", ps.BOOLEAN,
        lambda G, s: dict.fromkeys(nx.descendants(G, s) | {s}, True), "agrees",
        "reachability", {"weight": None, "multigraph": True}),
    Row("networkx", "all_shortest_paths, counted", "sum", with_count(ps.MIN_PLUS),
        nx_count, "agrees", "the number of shortest paths, DiGraph",
        {"weights": st.integers(1, 4)}),
    Row("networkx", "all_shortest_paths, counted", "sum", with_count(ps.MIN_PLUS),
        nx_count, "differs",
        "documented contract: paths are lists of nodes, so parallel edges make "
        "one path", {"weights": st.integers(1, 4), "multigraph": True}),
]  # fmt: skip


# --- rustworkx -----------------------------------------------------------------
# Converted with pathsum.testing.to_rustworkx: edge payloads are the weights.


def rx_longest_whole(G):
    import rustworkx as rx

    g, _ = to_rustworkx(G)
    return rx.dag_weighted_longest_path_length(g, lambda u, v, w: w)


def rx_longest_whole_ints(G):
    import rustworkx as rx

    g, _ = to_rustworkx(G)
    return rx.dag_longest_path_length(g, lambda u, v, w: w)


def rx_dijkstra(G, s, *, with_source):
    import rustworkx as rx

    g, nodes = to_rustworkx(G)
    lengths = rx.digraph_dijkstra_shortest_path_lengths(g, nodes.index(s), float)
    found = {nodes[i]: length for i, length in lengths.items()}
    return {s: 0, **found} if with_source else found


def rx_bellman_ford(G, s):
    import rustworkx as rx

    g, nodes = to_rustworkx(G)
    lengths = rx.digraph_bellman_ford_shortest_path_lengths(g, nodes.index(s), float)
    return {s: 0, **{nodes[i]: length for i, length in lengths.items()}}


def rx_all_pairs(G):
    import rustworkx as rx

    g, nodes = to_rustworkx(G)
    pairs = rx.digraph_all_pairs_dijkstra_path_lengths(g, float)
    return {
        nodes[i]: {nodes[i]: 0, **{nodes[j]: d for j, d in row.items()}}
        for i, row in pairs.items()
    }


def rx_counts(G, s):
    import rustworkx as rx

    g, nodes = to_rustworkx(G, weight=None)
    hops = rx.digraph_dijkstra_shortest_path_lengths(g, nodes.index(s), float)
    counts = rx.num_shortest_paths_unweighted(g, nodes.index(s))
    counted = {nodes[i]: (int(hops[i]), counts[i]) for i in counts}
    return {s: (0, 1), **counted}


RUSTWORKX = [
    Row("rustworkx", "dag_weighted_longest_path_length", "whole", ps.MAX_PLUS,
        rx_longest_whole, "agrees", "negative weights and parallel edges included",
        {"weights": SIGNED, "multigraph": True}),
    Row("rustworkx", "dag_longest_path_length", "whole", ps.MAX_PLUS,
        rx_longest_whole_ints, "raises",
        "documented contract: weight_fn must return integers >= 0",
        {"weights": SIGNED}),
    Row("rustworkx", "digraph_dijkstra_shortest_path_lengths", "forward",
        ps.MIN_PLUS, lambda G, s: rx_dijkstra(G, s, with_source=False), "differs",
        "contract difference: the source is left out of the lengths (the "
        "report says missing)", {"weights": POSITIVE}),
    Row("rustworkx", "digraph_dijkstra_shortest_path_lengths", "forward",
        ps.MIN_PLUS, lambda G, s: rx_dijkstra(G, s, with_source=True), "agrees",
        "the source added at length 0", {"weights": POSITIVE, "multigraph": True}),
    Row("rustworkx", "digraph_bellman_ford_shortest_path_lengths", "forward",
        ps.MIN_PLUS, rx_bellman_ford, "agrees", "negative weights included",
        {"weights": SIGNED, "multigraph": True}),
    Row("rustworkx", "digraph_all_pairs_dijkstra_path_lengths", "pairs",
        ps.MIN_PLUS, rx_all_pairs, "agrees", "each source added at length 0",
        {"weights": POSITIVE, "multigraph": True}),
    Row("rustworkx", "num_shortest_paths_unweighted", "forward",
        with_count(ps.MIN_PLUS), rx_counts, "agrees",
        "the number of paths of fewest hops, parallel edges counted",
        {"weight": None, "multigraph": True}),
]  # fmt: skip


# --- igraph --------------------------------------------------------------------
# Converted with pathsum.testing.to_igraph: the edge attribute "weight".


def ig_distances(G):
    g, nodes = to_igraph(G)
    matrix = g.distances(weights="weight", mode="out")
    return {
        nodes[i]: {nodes[j]: d for j, d in enumerate(row)}
        for i, row in enumerate(matrix)
    }


def ig_unreached(method, G, s, t):
    """igraph's `method` from s to t, without its warning where t is unreached."""
    g, nodes = to_igraph(G)
    with warnings.catch_warnings():  # "Couldn't reach some (of the ...) vertices"
        warnings.simplefilter("ignore", RuntimeWarning)
        found = getattr(g, method)(nodes.index(s), to=nodes.index(t), weights="weight")
    return g, nodes, found


def ig_count(G, s, t):
    g, nodes, paths = ig_unreached("get_all_shortest_paths", G, s, t)
    if not paths:
        return (math.inf, 0)
    length = g.distances(nodes.index(s), nodes.index(t), weights="weight")[0][0]
    return (length, len(paths))


def ig_path(G, s, t):
    _, nodes, path = ig_unreached("get_shortest_path", G, s, t)
    return [nodes[i] for i in path] if path else None


IGRAPH = [
    Row("igraph", "Graph.distances", "pairs", ps.MIN_PLUS, ig_distances, "agrees",
        "parallel edges; weights >= 0", {"weights": POSITIVE, "multigraph": True}),
    Row("igraph", "Graph.distances", "pairs", ps.MIN_PLUS, ig_distances, "agrees",
        "negative weights (igraph picks Bellman-Ford or Johnson)",
        {"weights": SIGNED, "multigraph": True}),
    Row("igraph", "Graph.get_all_shortest_paths, counted", "sum",
        with_count(ps.MIN_PLUS), ig_count, "agrees",
        "the number of shortest paths, parallel edges counted; weights >= 1",
        {"weights": st.integers(1, 4), "multigraph": True}),
    Row("igraph", "Graph.get_all_shortest_paths, counted", "sum",
        with_count(ps.MIN_PLUS), ig_count, "differs",
        "limitation: weight-0 edges hide shortest paths (two parallel edges of "
        "weight 0 count once, a diamond of weight-0 edges gives 1 of its 2 "
        "paths); its documentation does not say so, a comment in its C source "
        "does",
        {"weights": st.integers(0, 3), "zeros": 0.3, "multigraph": True}),
    Row("igraph", "Graph.get_shortest_path", "path", ps.MIN_PLUS, ig_path,
        "agrees", "a best source -> target path",
        {"weights": POSITIVE, "multigraph": True}),
]  # fmt: skip


# --- scipy ---------------------------------------------------------------------
# Converted with pathsum.testing.to_scipy (explicit zeros kept, parallel edges
# combined as asked), and, for the traps, with networkx's own converters.


def sp_all_pairs(method, *, convert):
    def adapter(G):
        from scipy.sparse.csgraph import shortest_path

        matrix, nodes = convert(G)
        lengths = shortest_path(matrix, method=method, directed=True)
        return {
            nodes[i]: {nodes[j]: float(d) for j, d in enumerate(row)}
            for i, row in enumerate(lengths)
        }

    return adapter


def pathsum_scipy(G):
    return to_scipy(G, combine=min)


def networkx_sparse(G):
    return nx.to_scipy_sparse_array(G, weight="weight"), list(G)


def networkx_dense(G):
    return nx.to_numpy_array(G, weight="weight", multigraph_weight=min), list(G)


SCIPY = [
    Row("scipy", "csgraph.shortest_path(method='D')", "pairs", ps.MIN_PLUS,
        sp_all_pairs("D", convert=pathsum_scipy), "agrees",
        "zero weights and parallel edges (combine=min) included",
        {"weights": POSITIVE, "multigraph": True, "zeros": 0.3}),
    Row("scipy", "csgraph.shortest_path(method='BF')", "pairs", ps.MIN_PLUS,
        sp_all_pairs("BF", convert=pathsum_scipy), "agrees",
        "negative weights included", {"weights": SIGNED, "multigraph": True}),
    Row("scipy", "csgraph.shortest_path, after nx.to_scipy_sparse_array", "pairs",
        ps.MIN_PLUS, sp_all_pairs("D", convert=networkx_sparse), "differs",
        "adapter trap: networkx's sparse matrix sums parallel edges",
        {"weights": POSITIVE, "multigraph": True}),
    Row("scipy", "csgraph.shortest_path, after nx.to_numpy_array", "pairs",
        ps.MIN_PLUS, sp_all_pairs("D", convert=networkx_dense), "differs",
        "adapter trap: a dense matrix reads weight 0 as no edge",
        {"weights": POSITIVE, "zeros": 0.3}),
]  # fmt: skip


# --- the run -------------------------------------------------------------------


def rows() -> list[Row]:
    return [*NETWORKX, *RUSTWORKX, *IGRAPH, *SCIPY]


def run(row: Row, examples: int) -> tuple[str, str, float]:
    """Run one row: (outcome, shrunk example and answers, seconds)."""
    options = {k: v for k, v in row.options.items()}
    test = path_sum_property(
        row.candidate,
        kind=row.kind,
        semiring=row.semiring,
        settings=settings(max_examples=examples, derandomize=True, database=None,
                          deadline=None, print_blob=False),
        **options,
    )  # fmt: skip
    start = time.perf_counter()
    try:
        test()
    except AssertionError as exc:
        return "differs", _shrunk(exc), time.perf_counter() - start
    except Exception as exc:  # the library raised: a finding too
        # Several distinct failures come as an exception group: a wrong
        # answer among them is the finding.
        wrong = [
            e for e in getattr(exc, "exceptions", ()) if isinstance(e, AssertionError)
        ]
        if wrong:
            return "differs", _shrunk(wrong[0]), time.perf_counter() - start
        text = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
        return "raises", f"{_example(exc)}; {text}", time.perf_counter() - start
    return "agrees", "", time.perf_counter() - start


def _example(exc: BaseException) -> str:
    """The falsifying example Hypothesis printed, on one line."""
    notes = "\n".join(getattr(exc, "__notes__", []))
    found = re.search(r"example=(.*?),?\n\)", notes, re.S)
    if not found:
        return "(no example printed)"
    return " ".join(found.group(1).split())


def _shrunk(exc: AssertionError) -> str:
    message = str(exc)
    answers = [
        " ".join(line.replace(" (reverse accumulation)", "")
                 .replace(" (forward accumulation)", "").split())
        for line in message.splitlines()
        if line.strip().startswith(("yours:", "pathsum:", "your function returned"))
    ]  # fmt: skip
    return f"{_example(exc)}; " + "; ".join(answers[:2])


def table(results, examples: int) -> str:
    lines = [
        f"{examples} examples a row; {platform.python_implementation()} "
        f"{platform.python_version()}, networkx {nx.__version__}"
        + "".join(f", {name} {version}" for name, version in _versions().items()),
        "",
        "| library | function | kind, semiring | outcome | shrunk example | what it "
        "is | time |",
        "|---|---|---|---|---|---|---|",
    ]
    for row, (outcome, example, seconds) in results:
        shown = f"`{example}`" if example else ""
        lines.append(
            f"| {row.library} | `{row.function}` | {row.kind}, {row.semiring.name} "
            f"| {outcome} | {shown} | {row.finding} | {seconds:.1f} s |"
        )
    return "\n".join(lines)


def _versions() -> dict[str, str]:
    versions = {}
    for name in ("rustworkx", "igraph", "scipy"):
        if importlib.util.find_spec(name):
            versions[name] = __import__(name).__version__
    return versions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--only", nargs="+", metavar="LIBRARY")
    parser.add_argument("--markdown", metavar="FILE")
    parser.add_argument("--require", action="store_true",
                        help="a library that is not installed is an error")  # fmt: skip
    args = parser.parse_args(argv)
    # networkx's own functions, never a backend's (pathsum's included).
    nx.config.backend_priority.algos = []
    wrong, results = [], []
    for row in rows():
        if args.only and row.library not in args.only:
            continue
        if row.library != "networkx" and not importlib.util.find_spec(row.library):
            print(f"{row.library} is not installed: {row.function} not checked")
            if args.require:
                wrong.append(row)
            continue
        outcome, example, seconds = run(row, args.examples)
        results.append((row, (outcome, example, seconds)))
        mark = "" if outcome == row.expect else f"   <-- expected: {row.expect}"
        print(f"{row.library:10} {row.function:40} {outcome:8} {seconds:6.1f} s{mark}")
        if example:
            print(f"    {example}")
        if outcome != row.expect:
            wrong.append(row)
    text = table(results, args.examples)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    print()
    print(text)
    if wrong:
        print(
            f"\n{len(wrong)} row(s) came out otherwise than expected", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
