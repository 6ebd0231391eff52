"""The ``pathsum`` command line: its grammar, and `main`, which runs a command.

Exit status: 0 on success, 2 on bad input (one line on stderr names the problem),
1 only for an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__
from .._constants import GRAPH_SUFFIXES, MAX_PATHS, METHODS
from ..semirings import (
    BOOLEAN,
    COUNTING,
    FREE,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    POLYNOMIAL,
    REAL,
    Semiring,
)
from .shared import (
    DRAW_FAILED,
    ELIMINATION_ORDERS,
    JACOBIAN_MODES,
    MAX_DRAWS,
    SELECTIVE,
    BadInput,
    one_line,
)

__all__ = ["main"]

SEMIRINGS = {
    s.name.replace("_", "-"): s
    for s in (
        REAL,
        COUNTING,
        BOOLEAN,
        MIN_PLUS,
        MAX_PLUS,
        MAX_TIMES,
        LOG,
        POLYNOMIAL,
        FREE,
    )
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{message} (see '{self.prog} --help')")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pathsum`` command with `argv` (default: the process arguments)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except BadInput as exc:
        print(f"pathsum: error: {one_line(exc)}", file=sys.stderr)
        return 2
    # Only now the modules that compute: --help and a mistyped option need none.
    import networkx as nx

    from ..exceptions import PathsumError
    from . import commands

    try:
        with _every_digit():
            status = getattr(commands, args.run)(args) or 0
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`pathsum demo | head`): stop quietly, as cat does.
        # Point stdout at devnull so the interpreter's final flush cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (BadInput, PathsumError, nx.NetworkXException, OSError) as exc:
        print(f"pathsum: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: say so, in one line
        print(
            f"pathsum: internal error: {type(exc).__name__}: {one_line(exc)} "
            "(please report it)",
            file=sys.stderr,
        )
        return 1
    return status


@contextlib.contextmanager
def _every_digit() -> Iterator[None]:
    """Python writes no int of more than 4,300 digits (a guard for servers that
    parse untrusted text); the command prints the exact values it computed."""
    if not hasattr(sys, "set_int_max_str_digits"):  # Python 3.10.6 and older
        yield
        return
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(limit)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pathsum", description="Derivatives as sums over paths in a DAG."
    )
    parser.add_argument(
        "--version", action="version", version=f"pathsum {__version__}",
        help="print the version and exit",
    )  # fmt: skip
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )

    demo = commands.add_parser("demo", help="the seed examples, with pictures")
    demo.add_argument(
        "--out",
        type=Path,
        default=Path("pathsum-demo"),
        metavar="DIR",
        help="where to write the diagrams (default: ./pathsum-demo)",
    )
    demo.set_defaults(run="_demo")

    grad = commands.add_parser("grad", help="derivatives of a program")
    _program_arguments(grad, required=True)
    grad.add_argument("--of", metavar="NODE", help="the output (default: the last one)")
    grad.add_argument(
        "--wrt",
        nargs="+",
        metavar="NODE",
        help="what to differentiate by (default: every input)",
    )
    _method_argument(grad)
    _max_paths_argument(grad)
    _json_argument(grad)
    grad.add_argument(
        "--draw",
        metavar="FILE",
        help="also draw the graph, with ∂out/∂node (after the numbers; a failed "
        f"render is a warning and exit status {DRAW_FAILED})",
    )
    grad.set_defaults(run="_grad")

    total = commands.add_parser(
        "sum", help="a path sum between two nodes, or from (to) one node to every node"
    )
    _graph_argument(total)
    _endpoints(
        total,
        required=False,
        source="the start node; alone, the path sum from S to every node it reaches",
        target="the end node; alone, the path sum to T from every node that reaches it",
    )
    _semiring_argument(total)
    _weight_arguments(total)
    _method_argument(total, default=None)
    _max_paths_argument(total)
    _json_argument(total)
    total.set_defaults(run="_sum")

    paths = commands.add_parser("paths", help="every path between two nodes")
    _graph_argument(paths)
    _endpoints(paths)
    paths.add_argument(
        "--limit",
        type=_count,
        default=10_000,
        metavar="N",
        help="refuse more than N paths (default: 10000)",
    )
    _semiring_argument(paths, what="the product column")
    _weight_arguments(paths)
    _json_argument(paths)
    paths.set_defaults(run="_paths")

    best = commands.add_parser(
        "best", help="the path that attains a min-plus, max-plus or max-times sum"
    )
    _graph_argument(best)
    _endpoints(
        best,
        required=False,
        source="the start node (default: the best of every source, a node with "
        "edges out and none in)",
        target="the end node (default: the best of every sink, a node with edges "
        "in and none out)",
    )
    best.add_argument(
        "--semiring",
        default=MAX_PLUS,
        type=_selective,
        help="max-plus (longest path), min-plus (shortest) or max-times (most "
        "probable) (default: max-plus)",
    )
    best.add_argument(
        "-k",
        type=_positive,
        default=1,
        metavar="K",
        help="list the K best paths from S to T, best first (default: 1)",
    )
    _weight_arguments(best)
    _json_argument(best)
    best.add_argument(
        "--draw",
        metavar="FILE",
        help="also draw the graph with the paths highlighted (after the numbers; a "
        f"failed render is a warning and exit status {DRAW_FAILED})",
    )
    best.set_defaults(run="_best")

    through = commands.add_parser(
        "marginals", help="the path sum through each edge (or node) between two nodes"
    )
    _graph_argument(through)
    _endpoints(through)
    _semiring_argument(through)
    through.add_argument(
        "--nodes",
        action="store_true",
        help="sum through each node instead of each edge",
    )
    _weight_arguments(through)
    _json_argument(through)
    through.add_argument(
        "--draw",
        metavar="FILE",
        help="also draw the graph with the sums on the edges (as labels and pen "
        f"width) or nodes (a failed render is a warning and exit status "
        f"{DRAW_FAILED})",
    )
    through.set_defaults(run="_marginals")

    sample = commands.add_parser(
        "sample", help="paths drawn with probability proportional to their weight"
    )
    _graph_argument(sample)
    _endpoints(sample)
    sample.add_argument(
        "-n",
        dest="count",
        type=_positive,
        required=True,
        metavar="K",
        help="how many paths to draw (independently, with replacement), printed "
        f"as they are drawn; at most {MAX_DRAWS:,} with --json",
    )
    sample.add_argument(
        "--seed",
        type=_count,
        metavar="N",
        help="a seed, so that the same draws come out again",
    )
    _weight_arguments(sample)
    _json_argument(sample)
    sample.set_defaults(run="_sample")

    picture = commands.add_parser("draw", help="draw a graph or a program")
    _program_arguments(picture, required=False)
    picture.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the file to write: .dot .gv .svg .png .pdf, or .mmd .mermaid (Mermaid)",
    )
    picture.add_argument(
        "--highlight",
        nargs=2,
        metavar=("S", "T"),
        help="emphasise every path from S to T",
    )
    overlay = picture.add_mutually_exclusive_group()
    overlay.add_argument(
        "--forward", metavar="S", help="show the path sum from S at each node"
    )
    overlay.add_argument(
        "--reverse", metavar="T", help="show the path sum to T at each node"
    )
    _semiring_argument(picture, what="the --forward or --reverse overlay")
    _weight_arguments(picture)
    picture.add_argument("--title", metavar="TEXT", help="a title above the graph")
    picture.add_argument(
        "--dpi", type=_positive, metavar="N", help="resolution of a .png output"
    )
    picture.set_defaults(run="_draw")

    matrix = commands.add_parser("jacobian", help="the Jacobian of outputs by inputs")
    _program_arguments(matrix, required=False)
    _inputs_and_outputs(matrix)
    matrix.add_argument(
        "--mode",
        choices=JACOBIAN_MODES,
        default="auto",
        help="how to compute it (default: auto, the cheaper pass)",
    )
    _weight_arguments(matrix)
    _max_paths_argument(matrix, what="--mode paths")
    _json_argument(matrix)
    matrix.set_defaults(run="_jacobian")

    elimination = commands.add_parser(
        "eliminate",
        help="the Jacobian by vertex elimination, and what each order costs",
    )
    _program_arguments(elimination, required=False)
    _inputs_and_outputs(elimination)
    elimination.add_argument(
        "--order",
        choices=ELIMINATION_ORDERS,
        help="the order to eliminate in: forward, reverse, markowitz (fewest "
        "products first) or min-fill (fewest new edges first) (default: the "
        "cheapest of the four, by ⊗ then ⊕)",
    )
    _weight_arguments(elimination)
    _json_argument(elimination)
    elimination.add_argument(
        "--draw",
        metavar="DIR",
        help="also write DIR/ORDER.svg, one panel per step (a failed render is a "
        f"warning and exit status {DRAW_FAILED})",
    )
    elimination.set_defaults(run="_eliminate")
    return parser  # fmt: skip


def _inputs_and_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--inputs",
        nargs="+",
        metavar="NODE",
        help="the columns (default: a program's inputs; a graph file's sources, "
        "the nodes with no edge in, in file order)",
    )
    parser.add_argument(
        "--outputs",
        nargs="+",
        metavar="NODE",
        help="the rows (default: a program's outputs; a graph file's sinks, the "
        "nodes with no edge out, in file order)",
    )


def _program_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    what = "a program file (.py)" if required else "a graph file or a program (.py)"
    parser.add_argument("file", nargs="?", metavar="FILE", help=what)
    parser.add_argument("-c", dest="code", metavar="CODE", help="the program as text")
    parser.add_argument(
        "--at",
        nargs="+",
        action="extend",
        default=[],
        metavar="NAME=VALUE",
        help="input values; 3, 1/3 and 0.5 are int, Fraction, float",
    )
    parser.set_defaults(program_required=required)


def _graph_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "graph", metavar="GRAPH", help=f"a graph file: {' '.join(GRAPH_SUFFIXES)}"
    )


def _endpoints(
    parser: argparse.ArgumentParser,
    *,
    required: bool = True,
    source: str = "the start node",
    target: str = "the end node",
) -> None:
    parser.add_argument(
        "--from", dest="source", required=required, metavar="S", help=source
    )
    parser.add_argument(
        "--to", dest="target", required=required, metavar="T", help=target
    )


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _weight_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--weight",
        metavar="ATTR",
        help="the edge attribute (or edge-list column) holding the weights "
        "(default: weight); an edge without it is an error",
    )
    parser.add_argument(
        "--unweighted",
        action="store_true",
        help="read no attribute: every edge is one step, of length 1 in min-plus "
        "and max-plus (hop counts), the semiring's one elsewhere",
    )
    parser.add_argument(
        "--default-weight",
        type=_number,
        metavar="X",
        help="the weight of an edge that lacks the attribute",
    )


def _semiring_argument(parser: argparse.ArgumentParser, what: str = "") -> None:
    parser.add_argument(
        "--semiring",
        default=REAL,
        type=_semiring,
        help=f"{what + ': ' if what else ''}one of {', '.join(SEMIRINGS)} "
        "(default: real)",
    )


def _method_argument(
    parser: argparse.ArgumentParser, default: str | None = "reverse"
) -> None:
    # sum leaves the default to the command: one end alone fixes the method.
    parser.add_argument(
        "--method",
        choices=[*METHODS, "all"],
        default=default,
        help="paths, forward, reverse or all (default: reverse)",
    )


def _max_paths_argument(parser: argparse.ArgumentParser, what: str = "") -> None:
    parser.add_argument(
        "--max-paths",
        type=_count,
        default=MAX_PATHS,
        metavar="N",
        help=f"refuse to enumerate more than N paths{' with ' + what if what else ''}"
        f" (default: {MAX_PATHS:,})",
    )


def _semiring(name: str) -> Semiring:
    key = name.lower().replace("_", "-")
    if key not in SEMIRINGS:
        raise argparse.ArgumentTypeError(
            f"unknown semiring {name!r}; choose from {', '.join(SEMIRINGS)}"
        )
    return SEMIRINGS[key]


def _selective(name: str) -> Semiring:
    semiring = _semiring(name)
    if semiring.name not in SELECTIVE:
        raise argparse.ArgumentTypeError(
            f"{name!r} has no best path; choose from {', '.join(SELECTIVE)}"
        )
    return semiring


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a non-negative integer")
    return int(text)


def _positive(text: str) -> int:
    value = _count(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _number(text: str) -> Any:
    from ..readers import number

    try:
        return number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
