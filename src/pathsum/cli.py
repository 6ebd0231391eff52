"""The ``pathsum`` command."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence

from .examples import COLAH, colah, factoring
from .explain import explain

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
    print(f"1. {G.graph['name']} at a = 2, b = 1, from the program")
    print(textwrap.indent(COLAH, "     "))
    print("   Edges and their local derivatives:")
    for u, v, data in G.edges(data=True):
        print(f"     ∂{v}/∂{u} = {data['partial']:<2} = {data['weight']}")
    for source in ("b", "a"):
        print("\n" + textwrap.indent(str(explain(G, source, "e")), "   "))
    print("\n2. factoring: three parallel edges X → Y, three Y → Z\n")
    print(textwrap.indent(str(explain(factoring(), "X", "Z")), "   "))


if __name__ == "__main__":
    sys.exit(main())
