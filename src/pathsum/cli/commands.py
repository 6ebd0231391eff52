"""The ``pathsum`` subcommands: what each does once its arguments are parsed.

`pathsum.cli.parser` reads the command line without loading this module, so that
``--help`` stays quick; it imports this module to run a subcommand.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import shutil
import sys
import textwrap
import time
import warnings
from collections.abc import Hashable, Iterable
from fractions import Fraction
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx

from .._constants import MAX_PATHS, METHODS
from ..accumulate import forward_path_sums, path_sum, reverse_path_sums
from ..best import best_path
from ..exceptions import GraphvizNotFound, RenderError, TooManyPathsError
from ..paths import all_paths, count_paths, path_weight
from ..readers import number, read_graph
from ..semirings import POLYNOMIAL, REAL, OperationCounter, Semiring, ignores_weights
from .shared import (
    DRAW_FAILED,
    ELIMINATION_ORDERS,
    MAX_DRAWS,
    MERMAID_SUFFIXES,
    BadInput,
    one_line,
)

__all__: list[str] = []


# Reading input.


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


def _source(
    args: argparse.Namespace, *, weighted: bool = True
) -> tuple[nx.DiGraph, bool]:
    """The graph the arguments name, and whether it comes from a program.

    `weighted` says whether the command computes with the weights, so that a
    file without them must be refused.
    """
    if args.code is not None and args.file is not None:
        raise BadInput("give a file or -c CODE, not both")
    if args.code is not None or (args.file and args.file.endswith(".py")):
        text = args.code if args.code is not None else _read_text(args.file)
        from ..programs import program_graph

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            G = program_graph(text, **_inputs(args.at))
        for warning in caught:
            print(f"pathsum: warning: {one_line(warning.message)}", file=sys.stderr)
        return G, True
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
    if not weighted:
        _weighting(args)  # still refuse contradictory weight options
        return read_graph(args.file, weight=args.weight or "weight"), False
    return _read_weighted(args, args.file), False


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text ({exc.reason})") from None


def _weighting(args: argparse.Namespace) -> dict[str, Any]:
    """The ``weight=`` and ``default_weight=`` that the options ask for."""
    if args.unweighted and (args.weight is not None or args.default_weight is not None):
        raise BadInput(
            "--unweighted reads no weight attribute: drop --weight and --default-weight"
        )
    weight = None if args.unweighted else (args.weight or "weight")
    return {"weight": weight, "default_weight": args.default_weight}


def _read_weighted(args: argparse.Namespace, path: str) -> nx.DiGraph:
    G = read_graph(path, weight=args.weight or "weight")
    _check_weights(G, args, path)
    return G


def _check_weights(G: nx.DiGraph, args: argparse.Namespace, where: str) -> None:
    """Refuse a file none of whose edges carries the weight attribute.

    A missing weight on one reached edge is the library's WeightError; a file
    with no such attribute at all usually means a misspelled --weight.
    """
    weighting = _weighting(args)
    weight = weighting["weight"]
    semiring = getattr(args, "semiring", REAL)
    if (
        weight is None
        or weighting["default_weight"] is not None
        or ignores_weights(semiring)
        or G.number_of_edges() == 0
    ):
        return
    carried: dict[str, bool] = {}  # attribute -> whether some value is a number
    for *_, data in G.edges(data=True):
        if weight in data:
            return
        for key, value in data.items():
            numeric = isinstance(value, int | float | Fraction) and not isinstance(
                value, bool
            )
            carried[str(key)] = carried.get(str(key), False) or numeric
    if not carried:
        raise BadInput(
            f"no edge of {where} has a {weight!r} attribute, nor any other; pass "
            "--unweighted to weigh every edge one, or --default-weight X"
        )
    names = sorted(carried)
    suggested = next((name for name in names if carried[name]), names[0])
    shown = ", ".join(name[:40] for name in names[:10])
    if len(names) > 10:
        shown += f" and {len(names) - 10} more"
    raise BadInput(
        f"no edge of {where} has a {weight!r} attribute; the edges carry: {shown}; "
        f"pass --weight {suggested}, or --unweighted"
    )


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
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no inf or nan: "inf", "-inf", "nan"
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Fraction):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return str(value)


def _print_json(data: Any) -> None:
    print(json.dumps(_jsonable(data), ensure_ascii=False, indent=2, allow_nan=False))


def _format(value: Any) -> str:
    from ..formatting import format_value

    return format_value(value)


def _print_table(header: list[str], rows: list[list[Any]]) -> None:
    from ..formatting import table

    print("\n".join(table(header, [[_format(c) for c in row] for row in rows])))


def _print_path_table(header: list[str], rows: list[list[Any]]) -> None:
    """A table whose first column is a path and second its weights: both wrap
    to the terminal's width, so that a long path reads as lines, not one line
    thousands of characters long."""
    from ..formatting import fitted_table

    cells = [[_format(c) for c in row] for row in rows]
    width = shutil.get_terminal_size().columns
    lines = fitted_table(header, cells, width=width, breaks={0: " → ", 1: " · "})
    print("\n".join(lines))


def _path_text(source: Hashable, path: tuple) -> str:
    return " → ".join(map(str, _path_nodes(source, path)))


def _methods(choice: str) -> list[str]:
    return list(METHODS) if choice == "all" else [choice]


def _too_many(exc: TooManyPathsError, what: str, instead: str) -> BadInput:
    return BadInput(
        f"{_count_text(exc.count)} paths {what}, more than --max-paths "
        f"{exc.limit:,}; raise --max-paths, or use {instead}, which sums without "
        f"enumerating"
    )


def _count_text(count: int) -> str:
    """A number of paths, exact (counts are exact), and rounded where long."""
    return f"{count:,} (about {count:.3g})" if count >= 10**15 else f"{count:,}"


# Subcommands.


def _grad(args: argparse.Namespace) -> int:
    G, _ = _source(args)
    if args.draw:
        _check_output(args.draw)
    outputs = G.graph["outputs"]
    of = _node(G, args.of, "output") if args.of is not None else outputs[-1]
    wrt = [_node(G, n, "wrt") for n in args.wrt] if args.wrt else G.graph["inputs"]
    results = {
        method: _derivatives(G, of, wrt, method, args.max_paths)
        for method in _methods(args.method)
    }
    at = {node: G.nodes[node]["value"] for node in G.graph["inputs"]}
    if args.json:
        gradient = {
            str(x): {m: results[m][x] for m in results} if args.method == "all"
            else results[args.method][x]
            for x in wrt
        }  # fmt: skip
        _print_json({"of": of, "value": G.nodes[of]["value"], "at": at,
                     "method": args.method, "gradient": gradient})  # fmt: skip
    else:
        point = ", ".join(f"{x} = {_format(v)}" for x, v in at.items())
        print(f"{of} = {_format(G.nodes[of]['value'])} at {point}")
        header = ["wrt", *results] if len(results) > 1 else ["wrt", f"∂{of}/∂wrt"]
        _print_table(header, [[x, *(results[m][x] for m in results)] for x in wrt])
    return _draw_after_numbers(args, G, rankdir="BT", values=reverse_path_sums(G, of),
                               values_caption=f"∂{of}/∂node")  # fmt: skip


def _draw_after_numbers(args: argparse.Namespace, G: nx.DiGraph, **options) -> int:
    """Draw to ``--draw`` once the numbers are printed; a drawing that fails must
    not take them back, so it is a warning and exit status DRAW_FAILED."""
    if not args.draw:
        return 0
    sys.stdout.flush()
    try:
        _draw_file(G, args.draw, **options)
    except (GraphvizNotFound, RenderError, OSError) as exc:
        print(
            f"pathsum: warning: could not draw {args.draw}: {one_line(exc)}",
            file=sys.stderr,
        )
        return DRAW_FAILED
    if not args.json:
        print(f"wrote {args.draw}")
    return 0


def _derivatives(
    G: nx.DiGraph, of: Hashable, wrt: list, method: str, max_paths: int
) -> dict:
    if method == "reverse":
        sums = reverse_path_sums(G, of)
        return {x: sums.get(x, 0) for x in wrt}
    if method == "forward":
        return {x: forward_path_sums(G, x).get(of, 0) for x in wrt}
    try:
        return {x: path_sum(G, x, of, method="paths", max_paths=max_paths) for x in wrt}
    except TooManyPathsError as exc:
        raise _too_many(exc, f"to {of}", "--method reverse or forward") from None


def _sum(args: argparse.Namespace) -> None:
    if args.source is None and args.target is None:
        raise BadInput(
            "give --from S and --to T for the path sum between them, or one of "
            "them for the path sums from S (to T) at every node"
        )
    if args.source is None or args.target is None:
        _sums_at_every_node(args)
        return
    G = _read_weighted(args, args.graph)
    source = _node(G, args.source, "source")
    target = _node(G, args.target, "target")
    counter = OperationCounter(args.semiring)
    rows = []
    for method in _methods(args.method or "reverse"):
        counter.reset()
        try:
            value = path_sum(G, source, target, method=method,
                             semiring=counter.semiring, max_paths=args.max_paths,
                             **_weighting(args))  # fmt: skip
        except TooManyPathsError as exc:
            where = f"from {source} to {target}"
            raise _too_many(exc, where, "--method reverse or forward") from None
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


def _sums_at_every_node(args: argparse.Namespace) -> None:
    """``sum --from S`` alone: one forward pass, the path sum from S at every
    node; ``sum --to T`` alone: one reverse pass, the path sum to T."""
    forward = args.source is not None
    given = "--from" if forward else "--to"
    if args.method is not None:
        raise BadInput(
            f"--method chooses how to sum between --from and --to; {given} alone "
            f"sums at every node by {'forward' if forward else 'reverse'} "
            "accumulation, the one method that does"
        )
    G = _read_weighted(args, args.graph)
    options = {"semiring": args.semiring, **_weighting(args)}
    if forward:
        end = _node(G, args.source, "source")
        sums = forward_path_sums(G, end, **options)
        what = f"from {end} to each node"
    else:
        end = _node(G, args.target, "target")
        sums = reverse_path_sums(G, end, **options)
        what = f"to {end} from each node"
    method = "forward" if forward else "reverse"
    nodes = [node for node in G if node in sums]
    if args.json:
        _print_json({
            "from": end if forward else None, "to": None if forward else end,
            "semiring": args.semiring.name, "method": method,
            "nodes": [{"node": node, "value": sums[node]} for node in nodes],
        })  # fmt: skip
        return
    print(f"the {args.semiring.name} path sum {what}, by {method} accumulation")
    _print_table(["node", "value"], [[str(node), sums[node]] for node in nodes])


def _paths(args: argparse.Namespace) -> None:
    G = _read_weighted(args, args.graph)
    source = _node(G, args.source, "source")
    target = _node(G, args.target, "target")
    count = count_paths(G, source, target)
    if count > args.limit:
        raise BadInput(
            f"{_count_text(count)} paths from {source} to {target}, more than "
            f"--limit {args.limit:,}; raise the limit, or sum over them with "
            f"'pathsum sum'"
        )
    options = {"semiring": args.semiring, **_weighting(args)}
    found = []
    with _Progress(count) as progress:
        for path in all_paths(G, source, target, max_paths=args.limit):
            found.append((path, path_weight(G, path, **options)))
            progress.step()
    if args.json:
        _print_json({
            "from": source, "to": target, "count": count,
            "semiring": args.semiring.name,
            "paths": [{"nodes": _path_nodes(source, path), "edges": path,
                       "product": product} for path, product in found],
        })  # fmt: skip
        return
    noun = "path" if count == 1 else "paths"
    print(f"{count:,} {noun} from {source} to {target}")
    rows = []
    for path, product in found:
        weights = [path_weight(G, [edge], **options) for edge in path]
        rows.append([_path_text(source, path), " · ".join(map(_format, weights)),
                     product])  # fmt: skip
    if rows:
        product = "product" if args.semiring is REAL else f"{args.semiring.name} ⊗"
        _print_path_table(["path", "weights", product], rows)


def _best(args: argparse.Namespace) -> int:
    whole = args.source is None or args.target is None
    if whole and args.k > 1:
        raise BadInput(
            "-k lists the K best paths between two nodes: give --from S and --to "
            "T (without them best gives the one best path over every source and "
            "sink)"
        )
    G = _read_weighted(args, args.graph)
    if args.draw:
        _check_output(args.draw)
    options = {"semiring": args.semiring, **_weighting(args)}
    if whole:
        source, target = _best_ends(G, args, options)
    else:
        source = _node(G, args.source, "source")
        target = _node(G, args.target, "target")
    if args.k == 1:
        found = [best_path(G, source, target, **options)]
    else:
        from ..kbest import k_best_paths

        # -k past the number of paths lists them all; the table holds its rows
        # before it prints, so it takes no more than MAX_PATHS.
        count = count_paths(G, source, target)
        if min(args.k, count) > MAX_PATHS:
            raise BadInput(
                f"-k {args.k} is more than {MAX_PATHS:,} paths, the most best "
                f"lists, and there are {_count_text(count)} from {source} to "
                f"{target}; ask for fewer"
            )
        found = list(
            islice(k_best_paths(G, source, target, **options), min(args.k, count))
        )
        if not found:
            raise nx.NetworkXNoPath(f"no path from {source!r} to {target!r}")
    name = args.semiring.name
    if args.json:
        paths = [{"value": value, "nodes": _path_nodes(source, path), "edges": path}
                 for value, path in found]  # fmt: skip
        _print_json({"from": source, "to": target, "semiring": name,
                     **paths[0], "paths": paths})  # fmt: skip
    else:
        best = "best path" if args.k == 1 else f"{len(found):,} best paths"
        print(f"the {name} {best} {_over(args)}from {source} to {target}")
        rows = []
        for value, path in found:
            weights = [path_weight(G, [edge], **options) for edge in path]
            rows.append([_path_text(source, path), " · ".join(map(_format, weights)),
                         value])  # fmt: skip
        _print_path_table(["path", "weights", f"{name} ⊗"], rows)
    title = (
        f"{name} best path {_over(args)}from {source} to {target}: "
        f"{_format(found[0][0])}"
    )
    return _draw_after_numbers(
        args, G, rankdir="BT", weight=options["weight"], title=title,
        highlight={edge for _, path in found for edge in path},
    )  # fmt: skip


def _over(args: argparse.Namespace) -> str:
    """What the best path was chosen among, when an end was left out."""
    if args.source is None and args.target is None:
        return "over every source and sink, "
    if args.source is None:
        return "over every source, "
    if args.target is None:
        return "over every sink, "
    return ""


def _best_ends(
    G: nx.DiGraph, args: argparse.Namespace, options: dict[str, Any]
) -> tuple[Hashable, Hashable]:
    """The ends of the best path from --from S, or else any source, to --to T,
    or else any sink: a forward pass from every source picks the sink, a
    reverse pass to that sink the source (each the first best in file order)."""
    sources, sinks = _sources_and_sinks_of(G, args.graph)
    if args.source is not None:
        sources = [_node(G, args.source, "source")]
    if args.target is not None:
        sinks = [_node(G, args.target, "target")]
    semiring = options["semiring"]
    target = sinks[0]
    if len(sinks) > 1:
        seeds = {source: semiring.one for source in sources}
        reached = forward_path_sums(G, seeds, **options)
        target = _first_best(sinks, reached, semiring)
    source = sources[0]
    if len(sources) > 1:
        reaching = reverse_path_sums(G, target, **options)
        source = _first_best(sources, reaching, semiring)
    if source is None or target is None:
        start = "any source" if args.source is None else repr(sources[0])
        end = "any sink" if args.target is None else repr(sinks[0])
        raise nx.NetworkXNoPath(f"no path from {start} to {end}")
    return source, target


def _first_best(candidates: list, values: dict, semiring: Semiring) -> Hashable | None:
    """The first of `candidates` whose value is the ⊕ of theirs (a selective
    ⊕ picks one of them); None if `values` has none of them."""
    reached = [node for node in candidates if node in values]
    if not reached:
        return None
    best = functools.reduce(semiring.add, [values[node] for node in reached])
    return next(node for node in reached if values[node] == best)


def _marginals(args: argparse.Namespace) -> int:
    from ..marginals import edge_marginals, node_marginals

    G = _read_weighted(args, args.graph)
    if args.draw:
        _check_output(args.draw)
    source = _node(G, args.source, "source")
    target = _node(G, args.target, "target")
    options = {"semiring": args.semiring, **_weighting(args)}
    total = path_sum(G, source, target, **options)
    if args.nodes:
        found = node_marginals(G, source, target, **options)
        keys = [node for node in G if node in found]
        rows = [[str(node), found[node]] for node in keys]
        header = ["node", "through it"]
    else:
        found = edge_marginals(G, source, target, **options)
        keys = [edge for edge in _edges(G) if edge in found]
        rows = [[_edge_text(G, edge), found[edge]] for edge in keys]
        header = ["edge", "through it"]
    if args.json:
        what = "nodes" if args.nodes else "edges"
        _print_json({"from": source, "to": target, "semiring": args.semiring.name,
                     "total": total, what: [{"node" if args.nodes else "edge": key,
                     "value": found[key]} for key in keys]})  # fmt: skip
    else:
        print(f"the {args.semiring.name} path sum from {source} to {target}: "
              f"{_format(total)}, through each {header[0]}")  # fmt: skip
        if rows:
            _print_table(header, rows)
    title = f"{args.semiring.name} path sum from {source} to {target} through each "
    shown = {"values": found} if args.nodes else {"edge_values": found}
    return _draw_after_numbers(args, G, rankdir="LR", weight=options["weight"],
                               title=title + header[0], **shown)  # fmt: skip


def _edges(G: nx.DiGraph) -> Iterable[tuple]:
    return G.edges(keys=True) if G.is_multigraph() else G.edges()


def _edge_text(G: nx.DiGraph, edge: tuple) -> str:
    """``u → v``, with the key when parallel edges need telling apart."""
    text = f"{edge[0]} → {edge[1]}"
    if len(edge) == 3 and G.number_of_edges(edge[0], edge[1]) > 1:
        text += f" (key {edge[2]!r})"
    return text


def _sample(args: argparse.Namespace) -> None:
    from ..sampling import path_draws

    if args.json and args.count > MAX_DRAWS:
        raise BadInput(
            f"-n {args.count} is more than {MAX_DRAWS:,} draws, the most --json "
            f"holds in one document; drop --json to print the draws one a line "
            f"as they come"
        )
    G = _read_weighted(args, args.graph)
    source = _node(G, args.source, "source")
    target = _node(G, args.target, "target")
    draws = path_draws(G, source, target, seed=args.seed, **_weighting(args))
    # range, not islice: -n may pass sys.maxsize. The draws never run out.
    drawn = (next(draws) for _ in range(args.count))
    if args.json:
        _print_json({"from": source, "to": target, "seed": args.seed,
                     "paths": [{"nodes": _path_nodes(source, path), "edges": path}
                               for path in drawn]})  # fmt: skip
        return
    # One draw a line, unwrapped, so that `sort | uniq -c` counts them.
    for path in drawn:
        print(_path_text(source, path))


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
    # Weights only label a plain drawing; an overlay computes with them.
    G, _ = _source(args, weighted=args.forward is not None or args.reverse is not None)
    if args.dpi is not None and Path(args.output).suffix.lower() != ".png":
        raise BadInput("--dpi sets the resolution of a .png output")
    _check_output(args.output)
    weighting = _weighting(args)
    options: dict[str, Any] = {"rankdir": "BT", "weight": weighting["weight"]}
    if args.title is not None:
        options["title"] = args.title
    if args.highlight:
        source = _node(G, args.highlight[0], "source")
        target = _node(G, args.highlight[1], "target")
        options["highlight"] = _edges_between(G, source, target)
    sums = {"semiring": args.semiring, **weighting}
    real = args.semiring is REAL
    if args.forward is not None:
        source = _node(G, args.forward, "source")
        options["values"] = forward_path_sums(G, source, **sums)
        what = f"∂node/∂{source}" if real else f"{args.semiring.name} sum {source}→node"
        options["values_caption"] = f"{what} by forward accumulation"
    if args.reverse is not None:
        target = _node(G, args.reverse, "target")
        options["values"] = reverse_path_sums(G, target, **sums)
        what = f"∂{target}/∂node" if real else f"{args.semiring.name} sum node→{target}"
        options["values_caption"] = f"{what} by reverse accumulation"
    print(f"wrote {_draw_file(G, args.output, dpi=args.dpi, **options)}")


def _edges_between(G: nx.DiGraph, source: Hashable, target: Hashable) -> set:
    """Every edge on some source -> target path, found without enumerating."""
    after = nx.descendants(G, source) | {source}
    before = nx.ancestors(G, target) | {target}
    if G.is_multigraph():
        return {(u, v, k) for u, v, k in G.edges(keys=True)
                if u in after and v in before}  # fmt: skip
    return {(u, v) for u, v in G.edges() if u in after and v in before}


def _check_output(filename: str) -> None:
    """Refuse an output the drawing could not be written to, before any work."""
    path = Path(filename)
    known = (".dot", ".gv", ".svg", ".png", ".pdf", *MERMAID_SUFFIXES)
    if path.suffix.lower() not in known:
        raise BadInput(
            f"cannot tell the format of {filename!r}: use one of {' '.join(known)}"
        )
    if not path.parent.is_dir():
        raise BadInput(f"{filename}: no such directory {str(path.parent)!r}")


def _draw_file(
    G: nx.DiGraph, filename: str, *, dpi: int | None = None, **options: Any
) -> Path:
    from ..drawing import draw, to_mermaid, to_pydot

    path = Path(filename)
    try:
        if path.suffix.lower() in MERMAID_SUFFIXES:
            path.write_text(to_mermaid(G, **options) + "\n", encoding="utf-8")
            return path
        if dpi is None:
            return draw(G, path, **options)
        dot = to_pydot(G, **options)
        dot.set("dpi", str(dpi))
        return draw(dot, path)
    except ValueError as exc:  # an unknown suffix or option value
        raise BadInput(str(exc)) from None


def _sources_and_sinks(G: nx.DiGraph) -> tuple[list, list]:
    """The nodes with no edge in and some edge out, and the reverse, in G's order."""
    sources = [n for n in G if G.in_degree(n) == 0 and G.out_degree(n) > 0]
    sinks = [n for n in G if G.out_degree(n) == 0 and G.in_degree(n) > 0]
    return sources, sinks


def _sources_and_sinks_of(G: nx.DiGraph, where: str) -> tuple[list, list]:
    """`_sources_and_sinks`, refusing a graph that has none."""
    sources, sinks = _sources_and_sinks(G)
    if (not sources or not sinks) and G.number_of_edges():
        # Every node has an edge in (out): the graph has a cycle; show it.
        from .._graph import cycle_error

        cycle = [u for u, _ in nx.find_cycle(G)]
        raise cycle_error([*cycle, cycle[0]])
    if not sources:
        raise BadInput(f"{where}: no edges, so no sources and sinks")
    return sources, sinks


def _chosen_inputs_and_outputs(
    args: argparse.Namespace, G: nx.DiGraph, from_program: bool
) -> tuple[list, list, str]:
    """--inputs and --outputs, by default a program's or the sources and sinks,
    and a note of the defaults chosen, for stderr once the answer is known (an
    error must stay the only line there)."""
    note = ""
    if from_program:
        inputs, outputs = G.graph["inputs"], G.graph["outputs"]
    else:
        inputs, outputs = _sources_and_sinks(G)
        if not args.inputs or not args.outputs:
            inputs, outputs = _sources_and_sinks_of(G, args.file)
            chosen = []
            if not args.inputs:
                chosen.append(f"inputs (the sources): {_names(inputs)}")
            if not args.outputs:
                chosen.append(f"outputs (the sinks): {_names(outputs)}")
            note = f"pathsum: {'; '.join(chosen)}"
    inputs = [_node(G, n, "input") for n in args.inputs or inputs]
    outputs = [_node(G, n, "output") for n in args.outputs or outputs]
    return inputs, outputs, note


def _say(note: str) -> None:
    if note:
        print(note, file=sys.stderr)


def _jacobian(args: argparse.Namespace) -> None:
    G, from_program = _source(args)
    inputs, outputs, note = _chosen_inputs_and_outputs(args, G, from_program)
    from ..jacobian import jacobian, jacobian_cost

    cost = jacobian_cost(G, inputs, outputs)
    mode = cost["auto"] if args.mode == "auto" else args.mode
    if mode == "paths" and cost["paths"]["paths"] > args.max_paths:
        raise _too_many(
            TooManyPathsError("", cost["paths"]["paths"], args.max_paths),
            f"over {cost['paths']['pairs']:,} input-output pair(s)",
            "--mode auto, forward or reverse",
        )
    J = jacobian(G, inputs, outputs, mode=mode, **_weighting(args))
    _say(note)
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
    if mode == "markowitz":
        from ..elimination import elimination_cost

        products, additions = elimination_cost(G, inputs, outputs, order=mode)
        print(f"markowitz elimination: {products:,} ⊗, {additions:,} ⊕  ← used")
    print()
    _print_matrix(inputs, outputs, J)


def _print_matrix(inputs: list, outputs: list, J: Any) -> None:
    header = ["", *(f"∂/∂{x}" for x in inputs)]
    _print_table(
        header, [[y, *row] for y, row in zip(outputs, J.tolist(), strict=True)]
    )


def _eliminate(args: argparse.Namespace) -> int:
    from ..elimination import eliminate, elimination_cost

    G, from_program = _source(args)
    inputs, outputs, note = _chosen_inputs_and_outputs(args, G, from_program)
    weighting = _weighting(args)
    costs = {order: elimination_cost(G, inputs, outputs, order=order)
             for order in ELIMINATION_ORDERS}  # fmt: skip
    # Without --order, the cheapest; a tie goes to markowitz, eliminate's own
    # default, then to the first in the table.
    order = args.order or min(
        costs, key=lambda name: (costs[name], name != "markowitz")
    )
    result = eliminate(G, inputs, outputs, order=order, **weighting)
    _say(note)
    if args.json:
        _print_json({
            "inputs": inputs, "outputs": outputs, "order": order,
            "eliminated": result.order, "matrix": result.jacobian.tolist(),
            "multiplications": result.multiplications, "additions": result.additions,
            "costs": {name: {"multiplications": m, "additions": a}
                      for name, (m, a) in costs.items()},
        })  # fmt: skip
    else:
        rows = [[name, m, a, "← used" if name == order else ""]
                for name, (m, a) in costs.items()]  # fmt: skip
        _print_table(["order", "⊗", "⊕", ""], rows)
        how = "" if args.order else ", the cheapest"
        print(f"\neliminated in {order} order{how}: "
              f"{_names(result.order) or 'nothing'}")  # fmt: skip
        print()
        _print_matrix(inputs, outputs, result.jacobian)
    if not args.draw:
        return 0
    from ..drawing import elimination_panels

    Path(args.draw).mkdir(exist_ok=True)  # in a folder that exists, as -o is
    panels = elimination_panels(G, inputs, outputs, order=order, **weighting)
    args.draw = str(Path(args.draw) / f"{order}.svg")
    return _draw_after_numbers(args, panels)


def _names(nodes: list) -> str:
    shown = ", ".join(str(node)[:40] for node in nodes[:20])
    return shown + (f" and {len(nodes) - 20} more" if len(nodes) > 20 else "")


# The demo.


def _demo(args: argparse.Namespace) -> None:
    from ..examples import COLAH, colah, factoring
    from ..explain import explain

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
    from ..drawing import draw, path_panels
    from ..examples import colah, factoring

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
