"""Multiplications of vertex elimination in forward, reverse, Markowitz and
min-fill order, against the best order where all orders can be tried.

    python benchmarks/elimination.py [--markdown FILE]

Graphs: the seed graph e = (a + b)(b + 1); program graphs drawn from
pathsum.strategies.programs (derandomized, so the same programs every run) with
their inputs as inputs and their sinks as outputs; random layered graphs (first
layer in, last layer out); chains between fans of inputs and outputs, where a
cross-country order wins; and larger layered and random sparse graphs, timed.
Where a graph has at most 12 intermediate nodes the optimum over all orders is
found by a dynamic program over the sets of eliminated nodes (the graph left
after eliminating a set does not depend on the order), and each heuristic is
shown with how far it is above it. Nothing here is a test: these are counts,
printed with the machine they ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).parent))
from core import cpu_name

import pathsum as ps
from pathsum.elimination import ORDERS

BRUTE_FORCE = 12


def machine() -> str:
    cpu = cpu_name()
    return (
        f"CPU: {cpu}, {os.cpu_count()} cores; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, "
        f"networkx {nx.__version__}"
    )


def program_graphs(count: int = 6):
    """Derandomized draws of `programs`, keeping those with intermediates."""
    from hypothesis import HealthCheck, Phase, given, settings

    from pathsum.strategies import programs

    drawn = []

    @settings(
        derandomize=True,
        database=None,
        max_examples=200,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(programs(inputs=("a", "b", "c"), min_statements=4, max_statements=9))
    def collect(program):
        drawn.append(program)

    collect()
    graphs, seen = [], set()
    for program in drawn:
        G = ps.program_graph(program.text, **program.inputs)
        inputs = list(G.graph["inputs"])
        outputs = [n for n in G if G.out_degree(n) == 0 and n not in inputs]
        size = len(G) - len(inputs) - len(outputs)
        if size >= 4 and program.text not in seen and outputs:
            seen.add(program.text)
            graphs.append((f"program {len(graphs) + 1}", G, inputs, outputs))
        if len(graphs) == count:
            break
    return graphs


def layered(width: int, depth: int, seed: int = 0):
    """`depth` layers of `width` nodes, each fed by 2 random nodes above."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    for layer in range(1, depth):
        for i in range(width):
            for j in rng.sample(range(width), 2):
                G.add_edge((layer - 1, j), (layer, i))
    inputs = [(0, i) for i in range(width) if (0, i) in G]
    outputs = [(depth - 1, i) for i in range(width)]
    return f"layered {width}x{depth}", G, inputs, outputs


def random_sparse(nodes: int, per_node: int, window: int, seed: int = 0):
    """Each node fed by up to `per_node` of the `window` nodes before it."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    for v in range(1, nodes):
        for _ in range(per_node):
            G.add_edge(rng.randrange(max(0, v - window), v), v)
    inputs = list(range(10))
    outputs = list(range(nodes - 10, nodes))
    return f"random sparse {nodes:,} nodes", G, inputs, outputs


def ladder(layers: int):
    """Layers of two nodes, each joined to both nodes of the next layer."""
    G = nx.DiGraph()
    for layer in range(layers - 1):
        G.add_edges_from(
            ((layer, i), (layer + 1, j)) for i in range(2) for j in range(2)
        )
    inputs, outputs = [(0, 0), (0, 1)], [(layers - 1, 0), (layers - 1, 1)]
    return f"ladder of {layers:,} layers of 2", G, inputs, outputs


def fans(fan: int, length: int):
    """`fan` inputs into a chain of `length` nodes, which feeds `fan` outputs."""
    G = nx.DiGraph()
    chain = [f"v{i}" for i in range(length)]
    nx.add_path(G, chain)
    inputs = [f"x{i}" for i in range(fan)]
    outputs = [f"y{i}" for i in range(fan)]
    G.add_edges_from((x, chain[0]) for x in inputs)
    G.add_edges_from((chain[-1], y) for y in outputs)
    return f"chain of {length} between fans of {fan}", G, inputs, outputs


def optimum(G, inputs, outputs) -> int | None:
    """Fewest multiplications over all orders, or None past BRUTE_FORCE nodes."""
    terminals = set(inputs) | set(outputs)
    forward = ps.eliminate(G, inputs, outputs, order="forward", weight=None)
    useful = set(forward.order)
    # Passing inputs and outputs through at the end costs every order the same.
    through = sum(step.multiplications for step in forward.steps if step.kept)
    middle = sorted(useful, key=str)
    if len(middle) > BRUTE_FORCE:
        return None
    bit = {v: 1 << i for i, v in enumerate(middle)}
    keep = terminals | useful

    def ends(v, gone, adjacency):
        """Nodes left that v reaches (in `adjacency`) through eliminated nodes."""
        found, stack, seen = set(), [v], {v}
        while stack:
            for w in adjacency[stack.pop()]:
                if w in seen or w not in keep:
                    continue
                seen.add(w)
                if w in bit and gone & bit[w]:
                    stack.append(w)
                else:
                    found.add(w)
        return found

    best = {0: 0}
    for gone in range(1 << len(middle)):
        if gone not in best:
            continue
        for v in middle:
            if gone & bit[v]:
                continue
            cost = len(ends(v, gone, G._pred)) * len(ends(v, gone, G._succ))
            after = gone | bit[v]
            best[after] = min(best.get(after, cost + best[gone]), cost + best[gone])
    return best[(1 << len(middle)) - 1] + through


def row(name, G, inputs, outputs):
    costs, seconds = {}, {}
    for order in ORDERS:
        start = time.perf_counter()
        costs[order] = ps.elimination_cost(G, inputs, outputs, order=order)[0]
        seconds[order] = time.perf_counter() - start
    best = optimum(G, inputs, outputs) if G.size() < 200 else None
    intermediates = len(
        ps.eliminate(G, inputs, outputs, order="forward", weight=None).order
    )

    def cell(order):
        text = f"{costs[order]:,}"
        if best:
            text += f" (+{100 * (costs[order] - best) / best:.0f}%)"
        return text

    timing = ""
    if max(seconds.values()) >= 0.1:
        timing = " / ".join(f"{seconds[order]:.1f}" for order in ORDERS)
    wins = costs["markowitz"] < min(costs["forward"], costs["reverse"])
    return (
        f"| {name} | {G.size():,} | {intermediates:,} | "
        + " | ".join(cell(order) for order in ORDERS)
        + f" | {'' if best is None else f'{best:,}'} | {'yes' if wins else 'no'} "
        f"| {timing} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", type=Path, help="also append the report here")
    arguments = parser.parse_args()
    cases = [("seed graph", ps.examples.colah(), ["a", "b"], ["e"])]
    cases += program_graphs()
    cases += [layered(4, 4), layered(4, 5, seed=1), layered(8, 6), layered(16, 10)]
    cases += [fans(3, 6), fans(4, 10), fans(10, 10)]
    cases += [random_sparse(2_500, 4, 50), random_sparse(25_000, 4, 50)]
    cases += [ladder(25_001)]
    lines = [
        "",
        "## Vertex elimination: multiplications by order",
        "",
        f"- {machine()}",
        "",
        "Multiplications (`ps.elimination_cost`) of each order; where the graph "
        f"has at most {BRUTE_FORCE} intermediate nodes, the optimum over all "
        "orders and how far above it each order is. *Markowitz wins*: fewer "
        "multiplications than both forward and reverse mode. *seconds*: "
        "`elimination_cost` in each order (forward / reverse / markowitz / "
        "min-fill), where one took 0.1 s or more.",
        "",
        "| graph | edges | intermediates | forward | reverse | markowitz "
        "| min-fill | optimum | Markowitz wins | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for case in cases:
        lines.append(row(*case))
        print(lines[-1], file=sys.stderr)
    report = "\n".join(lines) + "\n"
    print(report)
    if arguments.markdown:
        with arguments.markdown.open("a", encoding="utf-8") as file:
            file.write(report)


if __name__ == "__main__":
    main()
