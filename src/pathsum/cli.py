"""The ``pathsum`` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ._graph import METHODS
from .accumulate import path_sum
from .examples import colah, factoring
from .paths import all_paths, count_paths, path_weight
from .semirings import POLYNOMIAL, REAL, OperationCounter, Semiring

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pathsum`` command with `argv` (default: the process arguments)."""
    parser = argparse.ArgumentParser(
        prog="pathsum", description="Derivatives as sums over paths in a DAG."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="the seed examples, step by step")
    parser.parse_args(argv)
    try:
        _demo()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`pathsum demo | head`): stop quietly, as cat does.
        # Point stdout at devnull so the interpreter's final flush cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _demo() -> None:
    G = colah()
    print(f"1. {G.graph['name']} at a = 2, b = 1")
    print("   edges and their local derivatives:")
    for u, v, data in G.edges(data=True):
        print(f"     ∂{v}/∂{u} = {data['partial']:<2} = {data['weight']}")
    for source in ("b", "a"):
        _explain(G, source, "e", "weight", REAL, f"∂e/∂{source}")
    F = factoring()
    print("\n2. factoring: three parallel edges X → Y, three Y → Z")
    _explain(F, "X", "Z", "label", POLYNOMIAL, "the path sum")


def _explain(G, source, target, weight: str, semiring: Semiring, what: str) -> None:
    count = count_paths(G, source, target)
    paths = "path" if count == 1 else "paths"
    print(f"\n   {what}: {count} {paths} from {source} to {target}")
    for path in all_paths(G, source, target):
        nodes = " → ".join([path[0][0], *(edge[1] for edge in path)])
        factors = " · ".join(str(G.edges[edge][weight]) for edge in path)
        product = path_weight(G, path, weight=weight, semiring=semiring)
        print(f"     {nodes:<12} {factors} = {product}")
    print(f"   {'method':<9}{'⊕':>3}{'⊗':>4}  value")
    ops = OperationCounter(semiring)
    for method in METHODS:
        ops.reset()
        value = path_sum(
            G, source, target, method=method, weight=weight, semiring=ops.semiring
        )
        print(f"   {method:<9}{ops.additions:>3}{ops.multiplications:>4}  {value}")


if __name__ == "__main__":
    sys.exit(main())
