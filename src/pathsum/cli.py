"""The ``pathsum`` command.

Exit status: 0 on success, 2 on bad input (one line on stderr names the problem),
1 only for an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import sys
import textwrap
import time
import warnings
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

import networkx as nx

from ._graph import METHODS
from .accumulate import forward_path_sums, path_sum, reverse_path_sums
from .drawing import draw, format_value, path_panels
from .examples import COLAH, colah, factoring
from .exceptions import GraphvizNotFound, PathsumError
from .explain import _table, explain
from .jacobian import MODES, jacobian, jacobian_cost
from .paths import all_paths, count_paths, path_weight
from .programs import program_graph
from .semirings import (
    BOOLEAN,
    COUNTING,
    FREE,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    POLYNOMIAL,
    REAL,
    OperationCounter,
)

__all__ = ["main", "read_graph"]

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
GRAPH_SUFFIXES = (".dot", ".gv", ".graphml", ".json", ".edgelist", ".csv")


class BadInput(Exception):
    """A problem with what the user gave; its message is one line for stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{message} (see '{self.prog} --help')")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pathsum`` command with `argv` (default: the process arguments)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`pathsum demo | head`): stop quietly, as cat does.
        # Point stdout at devnull so the interpreter's final flush cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (BadInput, PathsumError, nx.NetworkXException, OSError) as exc:
        print(f"pathsum: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: say so, in one line
        print(
            f"pathsum: internal error: {type(exc).__name__}: {_one_line(exc)} "
            "(please report it)",
            file=sys.stderr,
        )
        return 1
    return 0


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pathsum", description="Derivatives as sums over paths in a DAG."
    )
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
    demo.set_defaults(run=_demo)

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
    _json_argument(grad)
    grad.add_argument(
        "--draw", metavar="FILE", help="also draw the graph, with ∂out/∂node"
    )
    grad.set_defaults(run=_grad)

    total = commands.add_parser("sum", help="a path sum between two nodes of a graph")
    _graph_argument(total)
    _endpoints(total)
    total.add_argument(
        "--semiring",
        default="real",
        type=_semiring,
        help=f"one of {', '.join(SEMIRINGS)} (default: real)",
    )
    _weight_argument(total)
    _method_argument(total)
    _json_argument(total)
    total.set_defaults(run=_sum)

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
    _weight_argument(paths)
    _json_argument(paths)
    paths.set_defaults(run=_paths)

    picture = commands.add_parser("draw", help="draw a graph or a program")
    _program_arguments(picture, required=False)
    picture.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the file to write: .dot .gv .svg .png .pdf",
    )
    picture.add_argument(
        "--highlight",
        nargs=2,
        metavar=("S", "T"),
        help="emphasise every path from S to T",
    )
    overlay = picture.add_mutually_exclusive_group()
    overlay.add_argument("--forward", metavar="S", help="show ∂node/∂S at each node")
    overlay.add_argument("--reverse", metavar="T", help="show ∂T/∂node at each node")
    picture.set_defaults(run=_draw)

    matrix = commands.add_parser("jacobian", help="the Jacobian of outputs by inputs")
    _program_arguments(matrix, required=False)
    matrix.add_argument(
        "--inputs",
        nargs="+",
        metavar="NODE",
        help="the columns (default: a program's inputs)",
    )
    matrix.add_argument(
        "--outputs",
        nargs="+",
        metavar="NODE",
        help="the rows (default: a program's outputs)",
    )
    matrix.add_argument(
        "--mode",
        choices=MODES,
        default="auto",
        help="how to compute it (default: auto, the cheaper pass)",
    )
    _json_argument(matrix)
    matrix.set_defaults(run=_jacobian)
    return parser  # fmt: skip


def _program_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    what = "a program file (.py)" if required else "a graph file or a program (.py)"
    parser.add_argument("file", nargs="?", metavar="FILE", help=what)
    parser.add_argument("-c", dest="code", metavar="CODE", help="the program as text")
    parser.add_argument(
        "--at",
        nargs="+",
        default=[],
        metavar="NAME=VALUE",
        help="input values; 3, 1/3 and 0.5 are int, Fraction, float",
    )
    parser.set_defaults(program_required=required)


def _graph_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "graph", metavar="GRAPH", help=f"a graph file: {' '.join(GRAPH_SUFFIXES)}"
    )


def _endpoints(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", required=True, metavar="S")
    parser.add_argument("--to", dest="target", required=True, metavar="T")


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _weight_argument(parser: argparse.ArgumentParser) -> None:
    what = "the edge attribute holding weights (default: weight)"
    parser.add_argument("--weight", default="weight", metavar="ATTR", help=what)


def _method_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method",
        choices=[*METHODS, "all"],
        default="reverse",
        help="paths, forward, reverse or all (default: reverse)",
    )


def _semiring(name: str):
    key = name.lower().replace("_", "-")
    if key not in SEMIRINGS:
        raise argparse.ArgumentTypeError(
            f"unknown semiring {name!r}; choose from {', '.join(SEMIRINGS)}"
        )
    return SEMIRINGS[key]


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a non-negative integer")
    return int(text)


# Reading input.


def number(text: str) -> int | Fraction | float:
    """``3`` -> int, ``1/3`` -> Fraction, ``0.5`` or ``1e-3`` -> float."""
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\s*/\s*[+-]?\d+", text):
        numerator, denominator = text.split("/")
        if int(denominator) == 0:
            raise ValueError(f"{text!r} divides by zero")
        return Fraction(int(numerator), int(denominator))
    value = float(text)  # ValueError for anything else
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _maybe_number(text: Any) -> Any:
    try:
        return number(text) if isinstance(text, str) else text
    except ValueError:
        return text


def _inputs(pairs: list[str]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise BadInput(f"--at {pair!r}: write NAME=VALUE, as in --at a=2")
        if name in inputs:
            raise BadInput(f"--at gives {name!r} twice")
        try:
            inputs[name] = number(value)
        except ValueError:
            raise BadInput(
                f"--at {pair!r}: {value.strip()!r} is not a number"
            ) from None
    return inputs


def _source(args: argparse.Namespace) -> tuple[nx.DiGraph, bool]:
    """The graph the arguments name, and whether it comes from a program."""
    if args.code is not None and args.file is not None:
        raise BadInput("give a file or -c CODE, not both")
    if args.code is not None or (args.file and args.file.endswith(".py")):
        text = args.code if args.code is not None else _read_text(args.file)
        return program_graph(text, **_inputs(args.at)), True
    if args.file is None:
        what = (
            "a program file or -c CODE"
            if args.program_required
            else "a file or -c CODE"
        )
        raise BadInput(f"give {what}")
    if args.program_required:
        raise BadInput(f"{args.file}: grad needs a program (.py file or -c CODE)")
    if args.at:
        raise BadInput("--at gives input values to a program, not to a graph file")
    return read_graph(args.file), False


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text ({exc.reason})") from None


def read_graph(path: str | os.PathLike) -> nx.DiGraph:
    """Read a directed graph from a file, by its suffix.

    ``.dot``/``.gv`` (Graphviz), ``.graphml``, ``.json`` (networkx node-link)
    and ``.edgelist``/``.csv`` (``u v weight`` per line; ``#`` comments; the
    weight is optional). Node names are kept as written; attribute values that
    read as numbers become numbers (``2`` int, ``1/3`` Fraction, ``0.5`` float).

    Raises
    ------
    BadInput
        For an unknown suffix, an unreadable file or an undirected graph.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    readers: dict[str, Callable[[Path], nx.DiGraph]] = {
        ".dot": _read_dot, ".gv": _read_dot, ".graphml": _read_graphml,
        ".json": _read_json, ".edgelist": _read_edgelist, ".csv": _read_edgelist,
    }  # fmt: skip
    if suffix not in readers:
        raise BadInput(
            f"{path}: unknown graph format {suffix or '(no suffix)'!r}; use one of "
            + " ".join(GRAPH_SUFFIXES)
        )
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    try:
        G = readers[suffix](path)
    except BadInput:
        raise
    except (ValueError, KeyError, TypeError, SyntaxError, nx.NetworkXError) as exc:
        raise BadInput(f"{path}: cannot read it: {_one_line(exc)}") from None
    if not G.is_directed():
        raise BadInput(
            f"{path}: the graph is undirected; path sums need a directed one"
        )
    return G


def _read_dot(path: Path) -> nx.DiGraph:
    import pydot  # here, not at the top: only DOT files need it

    text = _read_text(str(path))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        # pydot prints its parse errors; building its parser on first use warns
        # of pyparsing names that pyparsing deprecates: pydot's warnings.
        warnings.filterwarnings("ignore", module="pydot|pyparsing")
        graphs = pydot.graph_from_dot_data(text)
    if not graphs:
        lines = [
            line.strip() for line in printed.getvalue().splitlines() if line.strip()
        ]
        raise BadInput(f"{path}: not valid DOT: {lines[-1] if lines else 'no graph'}")
    if len(graphs) > 1:
        raise BadInput(f"{path}: holds {len(graphs)} graphs; give one")
    G = nx.nx_pydot.from_pydot(graphs[0])
    for _, data in G.nodes(data=True):
        data.update({k: _dot_value(v) for k, v in data.items()})
    for *_, data in G.edges(data=True):
        data.update({k: _dot_value(v) for k, v in data.items()})
    return G


def _dot_value(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"')
    return _maybe_number(value)


def _read_graphml(path: Path) -> nx.DiGraph:
    G = nx.read_graphml(path)
    for _, data in G.nodes(data=True):
        data.update({k: _maybe_number(v) for k, v in data.items()})
    for *_, data in G.edges(data=True):
        data.update({k: _maybe_number(v) for k, v in data.items()})
    return G


def _read_json(path: Path) -> nx.DiGraph:
    data = json.loads(_read_text(str(path)))
    if not isinstance(data, dict) or "nodes" not in data:
        raise BadInput(f"{path}: not a networkx node-link graph (no 'nodes')")
    edges = "links" if "links" in data else "edges"
    return nx.node_link_graph(data, edges=edges)


def _read_edgelist(path: Path) -> nx.DiGraph:
    text = _read_text(str(path))
    if path.suffix.lower() == ".csv":
        rows = [row for row in csv.reader(io.StringIO(text)) if row]
        if rows and len(rows[0]) >= 2 and rows[0][:2] == ["source", "target"]:
            rows = rows[1:]
    else:
        rows = [line.split("#")[0].split() for line in text.splitlines()]
    edges = []
    for number_, row in enumerate(rows, start=1):
        row = [cell.strip() for cell in row]
        if not row:
            continue
        if len(row) not in (2, 3):
            raise BadInput(
                f"{path}: line {number_}: expected 'u v [weight]', got {row}"
            )
        data = {}
        if len(row) == 3:
            try:
                data["weight"] = number(row[2])
            except ValueError:
                raise BadInput(
                    f"{path}: line {number_}: weight {row[2]!r} is not a number"
                ) from None
        edges.append((row[0], row[1], data))
    pairs = [(u, v) for u, v, _ in edges]
    G = nx.MultiDiGraph() if len(set(pairs)) < len(pairs) else nx.DiGraph()
    G.add_edges_from(edges)
    return G


def _node(G: nx.DiGraph, name: str, role: str) -> Hashable:
    """The node `name` names: itself, or the one node written that way."""
    if name in G:
        return name
    matches = [node for node in G if str(node) == name]
    if len(matches) == 1:
        return matches[0]
    raise nx.NodeNotFound(f"{role} node {name!r} is not in the graph")


# Output.


def _jsonable(value: Any) -> Any:
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, Fraction):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return str(value)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable))


def _print_table(header: list[str], rows: list[list[Any]]) -> None:
    print("\n".join(_table(header, [[format_value(c) for c in row] for row in rows])))


def _methods(choice: str) -> list[str]:
    return list(METHODS) if choice == "all" else [choice]


# Subcommands.


def _grad(args: argparse.Namespace) -> None:
    G, _ = _source(args)
    outputs = G.graph["outputs"]
    of = _node(G, args.of, "output") if args.of is not None else outputs[-1]
    wrt = [_node(G, n, "wrt") for n in args.wrt] if args.wrt else G.graph["inputs"]
    results = {
        method: _derivatives(G, of, wrt, method) for method in _methods(args.method)
    }
    if args.draw:
        _draw_file(G, args.draw, rankdir="BT", values=reverse_path_sums(G, of),
                   values_caption=f"∂{of}/∂node")  # fmt: skip
    at = {node: G.nodes[node]["value"] for node in G.graph["inputs"]}
    if args.json:
        gradient = {
            str(x): {m: results[m][x] for m in results} if args.method == "all"
            else results[args.method][x]
            for x in wrt
        }  # fmt: skip
        _print_json({"of": of, "value": G.nodes[of]["value"], "at": at,
                     "method": args.method, "gradient": gradient})  # fmt: skip
        return
    point = ", ".join(f"{x} = {format_value(v)}" for x, v in at.items())
    print(f"{of} = {format_value(G.nodes[of]['value'])} at {point}")
    header = ["wrt", *results] if len(results) > 1 else ["wrt", f"∂{of}/∂wrt"]
    _print_table(header, [[x, *(results[m][x] for m in results)] for x in wrt])
    if args.draw:
        print(f"wrote {args.draw}")


def _derivatives(G: nx.DiGraph, of: Hashable, wrt: list, method: str) -> dict:
    if method == "reverse":
        sums = reverse_path_sums(G, of)
        return {x: sums.get(x, 0) for x in wrt}
    if method == "forward":
        return {x: forward_path_sums(G, x).get(of, 0) for x in wrt}
    return {x: path_sum(G, x, of, method="paths") for x in wrt}


def _sum(args: argparse.Namespace) -> None:
    G = read_graph(args.graph)
    source = _node(G, args.source, "source")
    target = _node(G, args.target, "target")
    counter = OperationCounter(args.semiring)
    rows = []
    for method in _methods(args.method):
        counter.reset()
        value = path_sum(G, source, target, method=method, weight=args.weight,
                         semiring=counter.semiring)  # fmt: skip
        rows.append([method, value, counter.additions, counter.multiplications])
    if args.json:
        _print_json({
            "from": source, "to": target, "semiring": args.semiring.name,
            "values": {m: v for m, v, *_ in rows},
            "operations": {m: {"add": a, "mul": x} for m, _, a, x in rows},
        })  # fmt: skip
        return
    print(f"the {args.semiring.name} path sum from {source} to {target}")
    _print_table(["method", "value", "⊕", "⊗"], rows)


def _paths(args: argparse.Namespace) -> None:
    G = read_graph(args.graph)
    source = _node(G, args.source, "source")
    target = _node(G, args.target, "target")
    count = count_paths(G, source, target)
    if count > args.limit:
        raise BadInput(
            f"{count:,} paths from {source} to {target}, more than --limit "
            f"{args.limit:,}; raise the limit, or sum over them with 'pathsum sum'"
        )
    found = []
    with _Progress(count) as progress:
        for path in all_paths(G, source, target, max_paths=args.limit):
            found.append((path, path_weight(G, path, weight=args.weight)))
            progress.step()
    if args.json:
        _print_json({
            "from": source, "to": target, "count": count,
            "paths": [{"nodes": _path_nodes(source, path), "edges": path,
                       "product": product} for path, product in found],
        })  # fmt: skip
        return
    noun = "path" if count == 1 else "paths"
    print(f"{count:,} {noun} from {source} to {target}")
    rows = []
    for path, product in found:
        weights = [path_weight(G, [edge], weight=args.weight) for edge in path]
        rows.append([" → ".join(map(str, _path_nodes(source, path))),
                     " · ".join(map(format_value, weights)), product])  # fmt: skip
    if rows:
        _print_table(["path", "weights", "product"], rows)


def _path_nodes(source: Hashable, path: tuple) -> list:
    return [source, *(edge[1] for edge in path)]


class _Progress:
    """``123 of 4,567 paths`` on stderr, when it is a terminal and it takes a while."""

    delay = 0.5  # seconds before the first report: short runs stay quiet
    every = 0.2  # seconds between reports

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.shown = False
        self.active = sys.stderr.isatty()
        self.next = time.monotonic() + self.delay

    def __enter__(self) -> _Progress:
        return self

    def step(self) -> None:
        self.done += 1
        if self.active and self.done % 1024 == 0 and time.monotonic() >= self.next:
            print(f"\r{self.done:,} of {self.total:,} paths", end="", file=sys.stderr)
            sys.stderr.flush()
            self.shown = True
            self.next = time.monotonic() + self.every

    def __exit__(self, *exc: Any) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _draw(args: argparse.Namespace) -> None:
    G, _ = _source(args)
    options: dict[str, Any] = {"rankdir": "BT"}
    if args.highlight:
        source = _node(G, args.highlight[0], "source")
        target = _node(G, args.highlight[1], "target")
        edges = {edge for path in all_paths(G, source, target, max_paths=100_000)
                 for edge in path}  # fmt: skip
        options["highlight"] = edges
    if args.forward is not None:
        source = _node(G, args.forward, "source")
        options["values"] = forward_path_sums(G, source)
        options["values_caption"] = f"∂node/∂{source} by forward accumulation"
    if args.reverse is not None:
        target = _node(G, args.reverse, "target")
        options["values"] = reverse_path_sums(G, target)
        options["values_caption"] = f"∂{target}/∂node by reverse accumulation"
    print(f"wrote {_draw_file(G, args.output, **options)}")


def _draw_file(G: nx.DiGraph, filename: str, **options: Any) -> Path:
    try:
        return draw(G, filename, **options)
    except ValueError as exc:  # an unknown suffix or option value
        raise BadInput(str(exc)) from None


def _jacobian(args: argparse.Namespace) -> None:
    G, from_program = _source(args)
    if not from_program and not (args.inputs and args.outputs):
        raise BadInput("a graph file needs --inputs and --outputs")
    inputs = [_node(G, n, "input") for n in args.inputs or G.graph["inputs"]]
    outputs = [_node(G, n, "output") for n in args.outputs or G.graph["outputs"]]
    cost = jacobian_cost(G, inputs, outputs)
    mode = cost["auto"] if args.mode == "auto" else args.mode
    J = jacobian(G, inputs, outputs, mode=mode)
    if args.json:
        _print_json({"inputs": inputs, "outputs": outputs, "mode": mode,
                     "matrix": J.tolist(), "cost": cost})  # fmt: skip
        return
    for name in ("forward", "reverse"):
        passes, edges = cost[name]["passes"], cost[name]["edges"]
        chosen = "  ← used" if name == mode else ""
        print(f"{name:<8} {passes:,} {'pass' if passes == 1 else 'passes'} "
              f"over {edges:,} edges in all{chosen}")  # fmt: skip
    if mode == "paths":
        print(f"paths    {cost['paths']['paths']:,} paths enumerated  ← used")
    print()
    header = ["", *(f"∂/∂{x}" for x in inputs)]
    _print_table(
        header, [[y, *row] for y, row in zip(outputs, J.tolist(), strict=True)]
    )


# The demo.


def _demo(args: argparse.Namespace) -> None:
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
    print()
    _demo_pictures(args.out)


def _demo_pictures(out: Path) -> None:
    G = colah()
    figures = {
        "colah": (G, {"rankdir": "BT"}),
        "forward": (G, {"rankdir": "BT", "values": forward_path_sums(G, "b"),
                        "values_caption": "∂node/∂b by forward accumulation"}),
        "reverse": (G, {"rankdir": "BT", "values": reverse_path_sums(G, "e"),
                        "values_caption": "∂e/∂node by reverse accumulation"}),
        "nine-paths": (path_panels(factoring(), "X", "Z", weight="label",
                                   semiring=POLYNOMIAL), {}),
    }  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    suffix, note = ".svg", ""
    try:
        for name, (graph, options) in figures.items():
            draw(graph, out / f"{name}{suffix}", **options)
    except GraphvizNotFound as exc:
        suffix = ".dot"
        advice = exc.args[0].replace(
            " to_dot() and .dot/.gv files need no renderer.", ""
        )
        note = f"No Graphviz renderer was found, so these are DOT files. {advice}"
        for name, (graph, options) in figures.items():
            draw(graph, out / f"{name}{suffix}", **options)
    names = " ".join(f"{name}{suffix}" for name in figures)
    print(f"Wrote the diagrams to {out}{os.sep}: {names}")
    if note:
        print(textwrap.fill(note, width=88))
        print(f"Then run 'pathsum demo --out {out}' again, or "
              f"'dot -Tsvg {out / 'colah.dot'} -o colah.svg'.")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
