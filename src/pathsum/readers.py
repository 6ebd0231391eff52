"""Reading graphs from files: DOT, GraphML, node-link JSON, edge lists and CSV.

Every reader returns a directed networkx graph and raises `GraphFileError`, a
one-line message naming the file and the problem, for anything it cannot read:
a construct it does not understand is refused, never silently dropped.
"""

from __future__ import annotations

import ast
import csv
import io
import itertools
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import networkx as nx

from ._constants import GRAPH_SUFFIXES
from .exceptions import PathsumError

__all__ = ["GRAPH_SUFFIXES", "GraphFileError", "number", "read_dot", "read_graph"]


# Errors a malformed file can provoke inside the parsers we call (json,
# ElementTree, networkx); each becomes a GraphFileError naming the file.
_PARSE_ERRORS = (
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    RecursionError,
    MemoryError,
    csv.Error,
    nx.NetworkXError,
)


class GraphFileError(PathsumError, ValueError):
    """A graph file cannot be read; the message is one line naming the file."""


def number(text: str) -> int | Fraction | float:
    """Read ``3`` as int, ``1/3`` as Fraction, ``0.5`` or ``1e-3`` as float.

    Raises
    ------
    ValueError
        For anything else, for a zero denominator, and for nan and infinities.

    Examples
    --------
    >>> from pathsum.readers import number
    >>> number("3"), number("1/3"), number("0.5")
    (3, Fraction(1, 3), 0.5)
    """
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


def _maybe_number(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return number(value)
    except ValueError:
        return value


def read_graph(path: str | os.PathLike, *, weight: str = "weight") -> nx.DiGraph:
    """Read a directed graph from a file, choosing the format by its suffix.

    Parameters
    ----------
    path : path
        ``.dot``/``.gv`` (Graphviz, see `read_dot`), ``.graphml``, ``.json``
        (networkx node-link), ``.edgelist`` (networkx's ``write_edgelist``
        format ``u v {'duration': 2.0}``, or ``u v weight``, or ``u v``) or
        ``.csv`` (a header row names the columns: ``source,target,...``, or
        ``u,v,...`` or ``from,to,...``).
    weight : str, default "weight"
        The attribute that the third column of a ``u v weight`` edge list holds.

    Returns
    -------
    NetworkX DiGraph or MultiDiGraph
        A MultiDiGraph when the file holds parallel edges (and for DOT graphs
        that are not ``strict``). Node names are kept as written (strings in
        DOT, edge lists and CSV); attribute values that read as numbers become
        numbers (``2`` int, ``1/3`` Fraction, ``0.5`` float).

    Raises
    ------
    GraphFileError
        For an unknown suffix, a missing, unreadable or malformed file, and an
        undirected graph.

    Examples
    --------
    >>> import os, tempfile
    >>> from pathsum.readers import read_graph
    >>> path = os.path.join(tempfile.mkdtemp(), "g.edgelist")
    >>> _ = open(path, "w").write("a b {'duration': 2.0}\\nb c {'duration': 3}\\n")
    >>> sorted(read_graph(path).edges(data="duration"))
    [('a', 'b', 2.0), ('b', 'c', 3)]
    """
    path = Path(path)
    suffix = path.suffix.lower()
    readers: dict[str, Callable[[Path, str], nx.DiGraph]] = {
        ".dot": _read_dot_file, ".gv": _read_dot_file, ".graphml": _read_graphml,
        ".json": _read_json, ".edgelist": _read_edgelist, ".csv": _read_csv,
    }  # fmt: skip
    if suffix not in readers:
        raise GraphFileError(
            f"{path}: unknown graph format {suffix or '(no suffix)'!r}; use one of "
            + " ".join(GRAPH_SUFFIXES)
        )
    if not path.is_file():
        raise GraphFileError(f"{path}: no such file")
    try:
        G = readers[suffix](path, weight)
    except GraphFileError:
        raise
    except _PARSE_ERRORS as exc:
        raise GraphFileError(f"{path}: cannot read it: {_one_line(exc)}") from None
    if not G.is_directed():
        raise GraphFileError(
            f"{path}: the graph is undirected; path sums need a directed one"
        )
    return G


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    text = str(exc).strip() or type(exc).__name__
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:200] + "…"


def _read_text(path: Path) -> str:
    try:
        # utf-8-sig drops a leading byte-order mark, as Excel's "CSV UTF-8"
        # and some editors write.
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GraphFileError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _read_graphml(path: Path, weight: str) -> nx.DiGraph:
    try:
        G = nx.read_graphml(path)
    except ET.ParseError as exc:
        raise GraphFileError(f"{path}: not XML: {_one_line(exc)}") from None
    for _, data in G.nodes(data=True):
        data.update({k: _maybe_number(v) for k, v in data.items()})
    for *_, data in G.edges(data=True):
        data.update({k: _maybe_number(v) for k, v in data.items()})
    return G


def _read_json(path: Path, weight: str) -> nx.DiGraph:
    try:
        data = json.loads(_read_text(path))
    except (ValueError, RecursionError) as exc:
        raise GraphFileError(f"{path}: not JSON: {_one_line(exc)}") from None
    if not isinstance(data, dict) or "nodes" not in data:
        raise GraphFileError(f"{path}: not a networkx node-link graph (no 'nodes')")
    try:
        edges = "links" if "links" in data else "edges"
        data.setdefault(edges, [])
        return nx.node_link_graph(data, edges=edges)
    except _PARSE_ERRORS as exc:
        raise GraphFileError(
            f"{path}: not a networkx node-link graph: {_one_line(exc)}"
        ) from None


def _graph_of(path: Path, edges: list[tuple[str, str, dict]]) -> nx.DiGraph:
    pairs = [(u, v) for u, v, _ in edges]
    G = nx.MultiDiGraph() if len(set(pairs)) < len(pairs) else nx.DiGraph()
    G.add_edges_from(edges)
    return G


def _read_edgelist(path: Path, weight: str) -> nx.DiGraph:
    edges = []
    for line_number, line in enumerate(_read_text(path).splitlines(), start=1):
        fields = line.split(maxsplit=2)
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) == 3 and fields[2].lstrip().startswith("{"):
            data = _attribute_dict(path, line_number, fields[2])
        else:
            fields = line.split("#", 1)[0].split()
            if len(fields) not in (2, 3):
                raise GraphFileError(
                    f"{path}: line {line_number}: expected 'u v', 'u v weight' or "
                    f"'u v {{attribute dict}}', got {len(fields)} fields"
                )
            data = {}
            if len(fields) == 3:
                try:
                    data[weight] = number(fields[2])
                except ValueError:
                    raise GraphFileError(
                        f"{path}: line {line_number}: weight {fields[2][:40]!r} is "
                        "not a number"
                    ) from None
        edges.append((fields[0], fields[1], data))
    return _graph_of(path, edges)


def _attribute_dict(path: Path, line_number: int, text: str) -> dict:
    where = f"{path}: line {line_number}"
    try:
        data = ast.literal_eval(text.strip())
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise GraphFileError(
            f"{where}: cannot read the attribute dict {text.strip()[:40]!r}"
        ) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise GraphFileError(f"{where}: the attributes must be a dict of str keys")
    return data


_CSV_ENDPOINTS = (("source", "target"), ("u", "v"), ("from", "to"))


def _read_csv(path: Path, weight: str) -> nx.DiGraph:
    rows = csv.reader(io.StringIO(_read_text(path), newline=""))
    header = next(rows, None)
    if header is None:
        raise GraphFileError(f"{path}: empty; the first row names the columns")
    names = [name.strip() for name in header]
    lowered = [name.lower() for name in names]
    for tail, head in _CSV_ENDPOINTS:
        if tail in lowered and head in lowered:
            u_column, v_column = lowered.index(tail), lowered.index(head)
            break
    else:
        shown = ", ".join(repr(name[:40]) for name in names[:10])
        raise GraphFileError(
            f"{path}: the header row names no source and target columns (it has "
            f"{shown}); name them source,target (or u,v or from,to)"
        )
    attributes = [
        (i, name) for i, name in enumerate(names) if i not in (u_column, v_column)
    ]
    edges = []
    for row in rows:
        if not row:
            continue
        if len(row) != len(names):
            raise GraphFileError(
                f"{path}: line {rows.line_num}: {len(row)} fields, but the header "
                f"names {len(names)} columns"
            )
        # An empty cell is a missing attribute, not an empty-string weight.
        data = {name: _maybe_number(row[i]) for i, name in attributes if row[i]}
        edges.append((row[u_column].strip(), row[v_column].strip(), data))
    return _graph_of(path, edges)


def _read_dot_file(path: Path, weight: str) -> nx.DiGraph:
    text = _read_text(path)
    try:
        return read_dot(text)
    except GraphFileError as exc:
        raise GraphFileError(f"{path}: {exc}") from None


# DOT.
#
# A tokenizer and an iterative parser of the DOT language
# (https://graphviz.org/doc/info/lang.html): pydot's pyparsing grammar takes
# time exponential in the nesting of subgraphs and networkx's from_pydot drops
# every edge inside a subgraph.

_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n\f\v]+|//[^\n]*|/\*.*?\*/|(?<![^\n])\#[^\n]*)
    | (?P<edgeop>->|--)
    | (?P<number>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))
    | (?P<name>[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*)
    | (?P<quoted>"(?:[^"\\]|\\.)*")
    | (?P<punct>[{}\[\]=;,:+])
    """,
    re.VERBOSE | re.DOTALL,
)


class _Token:
    __slots__ = ("kind", "line", "text")

    def __init__(self, kind: str, text: str, line: int) -> None:
        self.kind = kind  # "id" (with .text its value), "html", "edgeop", punct, kw
        self.text = text
        self.line = line


def _dot_tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position, line, end = 0, 1, len(text)
    while position < end:
        if text[position] == "<":
            close = _html_end(text, position, line)
            value = text[position + 1 : close]
            tokens.append(_Token("html", value, line))
            line += value.count("\n")
            position = close + 1
            continue
        match = _TOKEN.match(text, position)
        if match is None:
            raise _dot_error(line, _unexpected(text, position))
        kind, value = match.lastgroup, match.group()
        following = text[match.end() : match.end() + 1]
        if kind == "number" and (following.isalpha() or following in ("_", ".")):
            raise _dot_error(
                line, f"badly delimited number {value + following!r}; quote it"
            )
        if kind == "quoted":
            pieces = value[1:-1].replace("\\\r\n", "").replace("\\\n", "")
            tokens.append(_Token("quoted", pieces.replace('\\"', '"'), line))
        elif kind == "name" and value.lower() in _KEYWORDS:
            tokens.append(_Token(value.lower(), value, line))
        elif kind in ("name", "number"):
            tokens.append(_Token("id", value, line))
        elif kind in ("edgeop", "punct"):
            tokens.append(_Token(value, value, line))
        line += value.count("\n")
        position = match.end()
    return tokens


def _unexpected(text: str, position: int) -> str:
    if text.startswith('"', position):
        return "a string that is never closed"
    if text.startswith("/*", position):
        return "a comment that is never closed"
    return f"unexpected character {text[position]!r}"


def _html_end(text: str, start: int, line: int) -> int:
    depth = 0
    for position in range(start, len(text)):
        if text[position] == "<":
            depth += 1
        elif text[position] == ">":
            depth -= 1
            if depth == 0:
                return position
    raise _dot_error(line, "an HTML string '<…>' that is never closed")


def _dot_error(line: int, message: str) -> GraphFileError:
    return GraphFileError(f"not valid DOT: line {line}: {message}")


class _Scope:
    """A graph or subgraph body: its attribute defaults, and what it holds in
    file order: node mentions (str) and the bodies closed inside it (_Scope).
    `nodes` is filled, once, when an edge first needs its distinct nodes."""

    __slots__ = ("edge", "items", "name", "node", "nodes")

    def __init__(self, node: dict, edge: dict, name: str | None):
        self.node = node
        self.edge = edge
        self.name = name
        self.items: list[str | _Scope] = []
        self.nodes: dict[str, None] | None = None


class _Union:
    """The bodies of a named subgraph so far, and their distinct nodes, grown
    one body at a time so that reopening it n times stays linear."""

    __slots__ = ("bodies", "lengths", "nodes")

    def __init__(self) -> None:
        self.bodies: list[_Scope] = []
        self.nodes: dict[str, None] = {}
        self.lengths: list[int] = [0]  # distinct nodes after 0, 1, … bodies


class _DotParser:
    """The DOT grammar, read with an explicit stack instead of recursion."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.named: dict[str, _Union] = {}  # subgraph name -> its bodies
        self.named_defaults: dict[str, tuple[dict, dict]] = {}

    # Tokens.

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            line = self.tokens[-1].line if self.tokens else 1
            raise _dot_error(line, "the file ends inside the graph")
        self.at += 1
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.take()
        if token.kind != kind:
            raise _dot_error(token.line, f"expected {what}, found {token.text[:40]!r}")
        return token

    def at_kind(self, *kinds: str) -> bool:
        token = self.peek()
        return token is not None and token.kind in kinds

    def identifier(self, what: str) -> tuple[str, bool]:
        """An ID and whether it was an HTML string; quoted strings joined by +."""
        token = self.take()
        if token.kind in ("id", "html"):
            return token.text, token.kind == "html"
        if token.kind != "quoted":
            raise _dot_error(token.line, f"expected {what}, found {token.text[:40]!r}")
        pieces = [token.text]
        while self.at_kind("+"):
            self.take()
            pieces.append(self.expect("quoted", "a quoted string after '+'").text)
        return "".join(pieces), False

    # The grammar.

    def parse(self) -> nx.DiGraph:
        strict = self.at_kind("strict")
        if strict:
            self.take()
        kind = self.take()
        if kind.kind == "graph":
            raise GraphFileError(
                "the graph is undirected; path sums need a directed one"
            )
        if kind.kind != "digraph":
            raise _dot_error(kind.line, "expected 'digraph'")
        G: nx.DiGraph = nx.DiGraph() if strict else nx.MultiDiGraph()
        if self.at_kind("id", "quoted", "html"):
            G.graph["name"] = self.identifier("the graph's name")[0]
        self.expect("{", "'{'")
        self.G = G
        self.root = _Scope({}, {}, None)
        self.body(self.root)
        token = self.peek()
        if token is not None:
            raise _dot_error(token.line, "the file holds more than one graph; give one")
        return G

    def body(self, root: _Scope) -> None:
        """Read statements up to the closing brace of `root`."""
        # Each frame is a body being read and, when one of its statements is an
        # edge statement waiting for a subgraph operand, the operands so far.
        frames: list[tuple[_Scope, list | None]] = [(root, None)]
        while frames:
            scope, pending = frames[-1]
            if pending is not None:
                # Back from a subgraph operand: the statement continues.
                frames[-1] = (scope, None)
                self.statement_rest(scope, pending, frames)
                continue
            token = self.take()
            kind = token.kind
            if kind == "}":
                frames.pop()
                if frames:
                    frames[-1][0].items.append(scope)
                    frames[-1][1].append(self.close(scope))
                continue
            if kind == ";":
                continue
            if kind in ("graph", "node", "edge"):
                self.attribute_statement(scope, kind, token)
            elif kind in ("subgraph", "{"):
                operands: list = []
                frames[-1] = (scope, operands)
                frames.append((self.open(scope, token), None))
            elif kind in ("id", "quoted", "html"):
                self.at -= 1
                name = self.node_id()
                if self.at_kind("="):
                    self.take()
                    value = self.attribute_value()
                    if scope is root:
                        self.G.graph[name] = value
                    continue
                self.statement_rest(scope, [("node", [self.mention(name, scope)])],
                                    frames)  # fmt: skip
            else:
                raise _dot_error(
                    token.line, f"unexpected {token.text[:40]!r} at a statement"
                )

    def statement_rest(self, scope: _Scope, operands: list, frames: list) -> None:
        """Continue an edge or node statement after its latest operand."""
        while self.at_kind("->", "--"):
            op = self.take()
            if op.kind == "--":
                raise _dot_error(op.line, "'--' in a digraph; write '->'")
            token = self.peek()
            if token is not None and token.kind in ("subgraph", "{"):
                self.take()
                frames[-1] = (scope, operands)
                frames.append((self.open(scope, token), None))
                return
            if token is None or token.kind not in ("id", "quoted", "html"):
                raise _dot_error(op.line, "expected a node or a subgraph after '->'")
            operands.append(("node", [self.mention(self.node_id(), scope)]))
        attributes = self.attribute_lists() if self.at_kind("[") else {}
        if len(operands) == 1:
            kind, nodes = operands[0]
            if kind == "node":
                self.G.nodes[nodes[0]].update(attributes)
            elif attributes:
                line = self.tokens[self.at - 1].line
                raise _dot_error(line, "attributes after a subgraph that is no edge")
            return
        self.add_edges(scope, operands, attributes)

    def add_edges(self, scope: _Scope, operands: list, attributes: dict) -> None:
        G = self.G
        ends = [self.nodes(operand) for operand in operands]
        for tails, heads in itertools.pairwise(ends):
            for u in tails:
                for v in heads:
                    if not G.is_multigraph() and G.has_edge(u, v):
                        G.edges[u, v].update(attributes)
                    else:
                        # Not add_edge(**data): an attribute named 'key' is no key.
                        G.add_edges_from([(u, v, {**scope.edge, **attributes})])

    def open(self, parent: _Scope, token: _Token) -> _Scope:
        name = None
        if token.kind == "subgraph":
            if self.at_kind("id", "quoted", "html"):
                name = self.identifier("the subgraph's name")[0]
            if not self.at_kind("{"):
                raise _dot_error(token.line, "a subgraph needs a body '{ … }'")
            self.take()
        node, edge = dict(parent.node), dict(parent.edge)
        if name is not None and name in self.named_defaults:
            # A subgraph opened again keeps the defaults it set before.
            own_node, own_edge = self.named_defaults[name]
            node.update(own_node)
            edge.update(own_edge)
        return _Scope(node, edge, name)

    def close(self, scope: _Scope) -> tuple[str, Any]:
        """The subgraph as an edge operand: the body, or for a named subgraph
        (which may be opened again) its bodies so far.

        The nodes are gathered only if an edge needs them, so closing deeply
        nested or often reopened blocks stays linear.
        """
        if scope.name is None:
            return ("subgraph", scope)
        union = self.named.setdefault(scope.name, _Union())
        union.bodies.append(scope)
        return ("named", (union, len(union.bodies)))

    def nodes(self, operand: tuple[str, Any]) -> list[str]:
        kind, value = operand
        if kind == "node":
            return value
        if kind == "subgraph":
            return list(_distinct(value))
        union, count = value
        while len(union.lengths) <= count:
            union.nodes.update(_distinct(union.bodies[len(union.lengths) - 1]))
            union.lengths.append(len(union.nodes))
        return list(itertools.islice(union.nodes, union.lengths[count]))

    def attribute_statement(self, scope: _Scope, kind: str, token: _Token) -> None:
        if not self.at_kind("["):
            raise _dot_error(token.line, f"'{token.text}' must be followed by '['")
        attributes = self.attribute_lists()
        if kind == "graph":
            # A subgraph's graph attributes only lay out a drawing.
            if scope is self.root:
                self.G.graph.update(attributes)
            return
        getattr(scope, kind).update(attributes)
        if scope.name is not None:
            own = self.named_defaults.setdefault(scope.name, ({}, {}))
            own[0 if kind == "node" else 1].update(attributes)

    def attribute_lists(self) -> dict:
        attributes: dict = {}
        while self.at_kind("["):
            self.take()
            while not self.at_kind("]"):
                key, _ = self.identifier("an attribute name")
                self.expect("=", f"'=' after the attribute {key[:40]!r}")
                attributes[key] = self.attribute_value()
                if self.at_kind(",", ";"):
                    self.take()
            self.take()
        return attributes

    def attribute_value(self) -> Any:
        value, html = self.identifier("an attribute value")
        return value if html else _maybe_number(value)

    def node_id(self) -> str:
        name, _ = self.identifier("a node")
        # A port (a:p, a:p:ne, a:ne) says where an edge meets the node in a
        # drawing; the edge still joins the node itself.
        for _ in range(2):
            if not self.at_kind(":"):
                break
            self.take()
            self.identifier("a port name")
        return name

    def mention(self, name: str, scope: _Scope) -> str:
        if name not in self.G:
            self.G.add_nodes_from([(name, dict(scope.node))])
        scope.items.append(name)
        return name


def _distinct(scope: _Scope) -> dict[str, None]:
    """The distinct nodes of a body and of the bodies inside it, in file order,
    each body's gathered once (iteratively: bodies nest without limit)."""
    stack = [scope]
    while stack:
        top = stack[-1]
        if top.nodes is not None:
            stack.pop()
            continue
        pending = [item for item in top.items
                   if isinstance(item, _Scope) and item.nodes is None]  # fmt: skip
        if pending:
            stack.extend(reversed(pending))
            continue
        nodes: dict[str, None] = {}
        for item in top.items:
            if isinstance(item, str):
                nodes[item] = None
            else:
                nodes.update(item.nodes)
        top.nodes = nodes
        stack.pop()
    return scope.nodes


def read_dot(text: str) -> nx.DiGraph:
    """Read a directed graph from DOT text, as Graphviz reads it.

    Every edge counts, including those inside ``subgraph``, ``cluster`` and
    ``{ … }`` blocks at any depth; ``a -> b -> c`` is two edges and
    ``a -> {b c}`` two edges, one to each node of the block. ``node [...]`` and
    ``edge [...]`` defaults apply to the nodes and edges created after them in
    the same block and its sub-blocks. Ports (``a:p -> b:q:n``) are ignored: the
    edge joins the nodes. The time taken is linear in the text, however deep
    the nesting.

    Parameters
    ----------
    text : str
        One ``digraph`` (``strict`` or not); a leading byte-order mark is
        ignored.

    Returns
    -------
    NetworkX MultiDiGraph, or DiGraph for a ``strict digraph``
        Node names are strings as written (quotes removed); attribute values
        that read as numbers become numbers (HTML strings ``<…>`` stay text).

    Raises
    ------
    GraphFileError
        For text outside the DOT language, an undirected ``graph``, ``--`` in a
        digraph, or more than one graph.

    Examples
    --------
    >>> from pathsum.readers import read_dot
    >>> G = read_dot("digraph { edge [weight=2]; a -> {b c}; "
    ...              "subgraph cluster_0 { b -> c [weight=3] } }")
    >>> sorted(G.edges(data="weight"))
    [('a', 'b', 2), ('a', 'c', 2), ('b', 'c', 3)]
    """
    tokens = _dot_tokens(text.removeprefix("\ufeff"))
    if not tokens:
        raise GraphFileError("not valid DOT: no graph")
    return _DotParser(tokens).parse()
