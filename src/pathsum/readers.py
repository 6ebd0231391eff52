"""Reading graphs from files: DOT, GraphML, node-link JSON, edge lists and CSV.

Every reader returns a directed networkx graph and raises `GraphFileError`, a
one-line message naming the file and the problem, for anything it cannot read:
a construct it does not understand is refused, never silently dropped. Every
reader reads numbers by one rule, `number`'s.
"""

from __future__ import annotations

import ast
import io
import itertools
import json
import math
import os
import re
import tokenize
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLReader

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
    nx.NetworkXError,
)


class GraphFileError(PathsumError, ValueError):
    """A graph file cannot be read; the message is one line naming the file."""


class _RefusedNumber(ValueError):
    """Text that Python reads as a number but `number` refuses; the message
    says why and what to write instead."""


_INTEGER = re.compile(r"[+-]?[0-9]+")
_FRACTION = re.compile(r"([+-]?[0-9]+)\s*/\s*([+-]?[0-9]+)")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Python's int(str) refuses more digits than sys.get_int_max_str_digits(),
# which can be set as low as 640 but no lower: pieces this long always convert.
_DIGITS_AT_ONCE = 600


def number(text: str) -> int | Fraction | float:
    """Read a number the way every graph reader and the command line do.

    Surrounding white space is ignored. The rest must be one of:

    - an integer: an optional sign and the digits 0-9 (``-12``), read as an
      exact int, however many digits it has;
    - a fraction: two such integers around ``/`` (``1/3``, ``-2 / 4``), read
      as a Fraction; the denominator is not zero;
    - a decimal: an optional sign and the digits 0-9 with a decimal point, an
      exponent or both (``0.5``, ``.5``, ``5.``, ``1e-3``), read as the nearest
      float, which must be finite, and not 0.0 unless the text is a zero.

    Parameters
    ----------
    text : str

    Returns
    -------
    int, Fraction or float

    Raises
    ------
    ValueError
        For anything else. Text that Python's ``float`` reads, or two integers
        that Python's ``int`` reads around a ``/``, is refused with a message
        that says what to write instead: nan, infinities, a zero denominator,
        a decimal out of the range of floats, digits other than 0-9, and
        ``_`` between digits.

    Examples
    --------
    >>> from pathsum.readers import number
    >>> number("3"), number("1/3"), number("0.5")
    (3, Fraction(1, 3), 0.5)
    >>> try:
    ...     number("1_000")
    ... except ValueError as exc:
    ...     print(exc)
    '1_000' has characters other than 0-9 in its digits; write '1000'
    """
    text = text.strip()
    if _INTEGER.fullmatch(text):
        return _exact_int(text)
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        numerator, denominator = map(_exact_int, fraction.groups())
        if denominator == 0:
            raise _RefusedNumber(
                f"{_shown(text)} divides by zero; give the fraction a nonzero "
                "denominator"
            )
        return Fraction(numerator, denominator)
    if _DECIMAL.fullmatch(text):
        value = float(text)
        if math.isinf(value):
            raise _RefusedNumber(
                f"{_shown(text)} is too large for a float; write it as an integer "
                "or a fraction"
            )
        if value == 0 and re.match(r"[^eE]*[1-9]", text):
            raise _RefusedNumber(
                f"{_shown(text)} is too small for a float, which would read it as "
                "0.0; write it as a fraction"
            )
        return value
    raise _no_number(text)


def _no_number(text: str) -> ValueError:
    """Why `text` is no number: a `_RefusedNumber` if Python reads it as one."""
    try:
        value = float(text)
    except ValueError:
        halves = text.split("/")
        if len(halves) != 2 or not all(map(_python_reads_int, halves)):
            return ValueError(f"{_shown(text)} is not a number")
    else:
        if not any(unicodedata.decimal(c, None) is not None for c in text):
            if value != value:
                return _RefusedNumber(
                    f"{_shown(text)} is nan; give a number, or leave the value out"
                )
            return _RefusedNumber(
                f"{_shown(text)} is infinite; give a finite number, or leave the "
                "value out"
            )
    # ٣ becomes 3; ASCII digits and any other character stay as they are.
    plain = "".join(str(unicodedata.decimal(c, c)) for c in text if c != "_")
    return _RefusedNumber(
        f"{_shown(text)} has characters other than 0-9 in its digits; write "
        f"{_shown(plain)}"
    )


def _python_reads_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _exact_int(text: str) -> int:
    """The int of an `_INTEGER` text of any length."""
    if len(text) <= _DIGITS_AT_ONCE:
        return int(text)
    sign, digits = (-1, text[1:]) if text[0] == "-" else (1, text.lstrip("+"))
    # Pieces of equal length counted from the right, joined pairwise, so that
    # the work is that of a few multiplications of the final size, not one
    # per piece.
    first = len(digits) % _DIGITS_AT_ONCE or _DIGITS_AT_ONCE
    parts = [int(digits[:first])] + [
        int(digits[start : start + _DIGITS_AT_ONCE])
        for start in range(first, len(digits), _DIGITS_AT_ONCE)
    ]
    width = _DIGITS_AT_ONCE  # the digits of each part but the first
    while len(parts) > 1:
        if len(parts) % 2:
            parts.insert(0, 0)
        scale = 10**width
        parts = [
            high * scale + low
            for high, low in zip(parts[::2], parts[1::2], strict=True)
        ]
        width *= 2
    return sign * parts[0]


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:40] + "…")


def _maybe_number(text: str) -> Any:
    """`text` as a number if it is one, else as it is; `_RefusedNumber` for
    text that Python reads as a number but `number` refuses."""
    try:
        return number(text)
    except _RefusedNumber:
        raise
    except ValueError:
        return text


class _Refused:
    """A number that JSON or a numeric GraphML key holds and `number` refuses,
    kept in the value's place until the reader knows whose value it is."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _typed_number(text: str) -> Any:
    """A number written as one in JSON or under a numeric GraphML key."""
    try:
        return number(text)
    except _RefusedNumber as exc:
        return _Refused(str(exc))
    except ValueError as exc:
        # Only a GraphML key can declare a number that is not there: JSON's
        # grammar passes numbers alone.
        return _Refused(
            f"{exc}, but its key declares one; give a number, or declare the key "
            'attr.type="string"'
        )


def _checked(value: Any, where: str) -> Any:
    """An attribute value with `number`'s rule applied; `where` names it."""
    if isinstance(value, str):
        try:
            return _maybe_number(value)
        except _RefusedNumber as exc:
            raise GraphFileError(f"{where}: {exc}") from None
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Refused):
            raise GraphFileError(f"{where}: {item.reason}")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return value


def _numbers_read(path: Path, G: nx.DiGraph) -> nx.DiGraph:
    """`G` with `number`'s rule applied to every attribute value, for the
    parsers that know no lines (JSON, GraphML): messages name the owner."""
    for node in G:
        if isinstance(node, _Refused):
            raise GraphFileError(f"{path}: a node's name: {node.reason}")
    if G.is_multigraph():
        for *_, key in G.edges(keys=True):
            if isinstance(key, _Refused):
                raise GraphFileError(f"{path}: an edge's key: {key.reason}")
    owners = itertools.chain(
        [("the graph", G.graph)],
        ((f"node {node!r}", data) for node, data in G.nodes(data=True)),
        ((f"edge {u!r} -> {v!r}", data) for u, v, data in G.edges(data=True)),
    )
    for owner, data in owners:
        for key, value in data.items():
            data[key] = _checked(value, f"{path}: {owner}, attribute {key!r}")
    return G


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
        DOT, edge lists and CSV; in CSV spaces around a cell are layout, and
        a quoted cell is kept exactly, ``" a"`` being `` a``). An attribute
        value written as text that is a number by `number`'s rule becomes
        that number (``2`` int, ``1/3`` Fraction, ``0.5`` float); other text
        stays text. A GraphML key's ``<default>`` holds for every element of
        its domain without the data. A leading UTF-8 byte-order mark is
        ignored.

    Raises
    ------
    TypeError
        If `weight` is not a str.
    GraphFileError
        For an unknown suffix, a missing, unreadable or malformed file, an
        undirected graph, and a value that Python reads as a number but
        `number` refuses (``nan``, ``inf``, ``1/0``, ``1e999``, ``1_000``),
        in text or written as a number (JSON, an edge list's dict, a numeric
        GraphML key), where it must be a number by the rule. Malformed
        includes what the format forbids or networkx would read silently
        wrong: a CSV quote never closed or a column named twice; a GraphML
        edge without an end or to an undeclared node, or an id declared
        twice; a node-link link to a node not in ``"nodes"``, a node given
        twice, or a link that would replace another.

    Examples
    --------
    >>> import os, tempfile
    >>> from pathsum.readers import read_graph
    >>> path = os.path.join(tempfile.mkdtemp(), "g.edgelist")
    >>> _ = open(path, "w").write("a b {'duration': 2.0}\\nb c {'duration': 3}\\n")
    >>> sorted(read_graph(path).edges(data="duration"))
    [('a', 'b', 2.0), ('b', 'c', 3)]
    """
    if not isinstance(weight, str):
        raise TypeError(
            f"weight={weight!r} must be the name (a str) of the attribute that a "
            f"u v weight edge list's third column holds"
        )
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
        what = (
            "a directory"
            if path.is_dir()
            else "not a regular file (a pipe or a device)"
            if path.exists()
            else "no such file"
        )
        raise GraphFileError(f"{path}: {what}; give the path of a graph file")
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


_GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
_GRAPHML_DOMAINS = ("graph", "node", "edge", "hyperedge", "port", "endpoint", "all")


class _GraphMLError(Exception):
    """A GraphML construct refused; the message lacks only the file's name."""


def _typed_boolean(text: str) -> bool | _Refused:
    """A value under a GraphML key typed ``boolean``, as XML Schema writes it."""
    word = text.strip().lower()
    if word in ("true", "1"):
        return True
    if word in ("false", "0"):
        return False
    return _Refused(
        f"{_shown(text)} is not a boolean; write true or false, or declare the "
        'key attr.type="string"'
    )


def _graphml_owner(element: ET.Element) -> str:
    if element.tag == f"{_GRAPHML}node":
        return f"node {element.get('id')!r}"
    if element.tag == f"{_GRAPHML}edge":
        return f"edge {element.get('source')!r} -> {element.get('target')!r}"
    return "the graph"


class _GraphMLReader(GraphMLReader):
    """networkx's GraphML reader, held to GraphML.

    Values of typed keys are read by `number`'s rule (networkx reads ``NaN``
    and ``INF`` as floats and refuses integers past Python's limit of digits).
    A key's default is given to every element of its domain without the data
    (networkx stores it in ``G.graph`` and gives it to none). Nested graphs are
    read (networkx read only yEd's groups, and dropped the edges of any
    other). What GraphML does not allow, or pathsum does not read, is a
    `_GraphMLError`: an edge without an end or to an undeclared node, a node
    id declared twice, an edge with the id or key of another between the same
    nodes, data under an undeclared key, of another domain or twice,
    hyperedges, locators, undirected nested graphs.
    """

    def construct_types(self) -> None:
        super().construct_types()
        for name in ("integer", "int", "long", "float", "double"):
            self.python_type[name] = _typed_number
        self.python_type["boolean"] = _typed_boolean

    def find_graphml_keys(self, graph_element: ET.Element) -> tuple[dict, dict]:
        keys: dict[str, dict] = {}
        defaults: dict[str, Any] = {}
        for key in graph_element.findall(f"{_GRAPHML}key"):
            key_id = key.get("id")
            if key_id is None:
                raise _GraphMLError("a <key> has no id; give each <key> one")
            if key_id in keys:
                raise _GraphMLError(
                    f"two <key>s have the id {key_id!r}; give each its own"
                )
            domain = key.get("for", "all")
            if domain not in _GRAPHML_DOMAINS:
                raise _GraphMLError(
                    f'key {key_id!r} has for="{domain}"; write graph, node, edge or all'
                )
            yfiles = key.get("yfiles.type")
            name = yfiles or key.get("attr.name")
            kind = "yfiles" if yfiles else key.get("attr.type", "string")
            if name is None:
                raise _GraphMLError(
                    f"key {key_id!r} has no attr.name; name the attribute it holds"
                )
            if kind not in self.python_type:
                raise _GraphMLError(
                    f'key {key_id!r} has attr.type="{kind}"; GraphML\'s types are '
                    "boolean, int, long, float, double and string"
                )
            convert = self.python_type[kind]
            keys[key_id] = {"name": name, "type": convert, "for": domain,
                            "yfiles": bool(yfiles)}  # fmt: skip
            default = key.find(f"{_GRAPHML}default")
            if default is not None:
                value = convert(default.text or "")
                if isinstance(value, _Refused):
                    owner = "" if domain == "all" else f"{domain} "
                    raise _GraphMLError(
                        f"the <default> of key {key_id!r} (the {owner}attribute "
                        f"{name!r}): {value.reason}"
                    )
                defaults[key_id] = value
        return keys, defaults

    def make_graph(
        self, graph_xml: ET.Element, graphml_keys: dict, defaults: dict, G=None
    ) -> nx.DiGraph:
        edgedefault = graph_xml.get("edgedefault")
        if edgedefault not in ("directed", "undirected"):
            has = "no edgedefault" if edgedefault is None else (
                f'edgedefault="{edgedefault}"')  # fmt: skip
            raise _GraphMLError(
                f"the <graph> has {has}, which GraphML requires to be directed or "
                'undirected; write edgedefault="directed"'
            )
        self.check_structure(graph_xml)
        G = nx.MultiDiGraph() if edgedefault == "directed" else nx.MultiGraph()
        # Document order, nested graphs' nodes and edges at their place.
        declared: set[str] = set()
        for node_xml in graph_xml.iter(f"{_GRAPHML}node"):
            node = node_xml.get("id")
            if node is None:
                raise _GraphMLError("a <node> has no id; give each one an id")
            if node in declared:
                raise _GraphMLError(
                    f"node {node!r} is declared twice; GraphML requires each "
                    "node's id to be unique"
                )
            declared.add(node)
            G.add_nodes_from([(node, self.decode_data_elements(graphml_keys,
                                                               node_xml))])  # fmt: skip
        self.declared = declared
        for edge_xml in graph_xml.iter(f"{_GRAPHML}edge"):
            self.add_edge(G, edge_xml, graphml_keys)
        # A nested graph's own data only describe that part of a drawing.
        G.graph.update(self.decode_data_elements(graphml_keys, graph_xml))
        for key_id, value in defaults.items():
            name, domain = graphml_keys[key_id]["name"], graphml_keys[key_id]["for"]
            owners = []
            if domain in ("node", "all"):
                owners += [data for _, data in G.nodes(data=True)]
            if domain in ("edge", "all"):
                owners += [data for *_, data in G.edges(data=True)]
            if domain in ("graph", "all"):
                owners.append(G.graph)
            for data in owners:
                data.setdefault(name, value)
        if self.multigraph:
            return G
        G = nx.DiGraph(G) if G.is_directed() else nx.Graph(G)
        nx.set_edge_attributes(G, values=self.edge_ids, name="id")
        return G

    def check_structure(self, graph_xml: ET.Element) -> None:
        for element in graph_xml.iter():
            tag = element.tag.removeprefix(_GRAPHML)
            if tag in ("hyperedge", "locator"):
                raise _GraphMLError(
                    f"a <{tag}>, which pathsum does not read; write the graph with "
                    "<node> and <edge> elements"
                )
            if tag == "edge" and element.find(f"{_GRAPHML}graph") is not None:
                raise _GraphMLError(
                    f"{_graphml_owner(element)} holds a <graph>, which pathsum does "
                    "not read"
                )
            if tag != "node":
                continue
            for nested in element.findall(f"{_GRAPHML}graph"):
                if nested.get("edgedefault") != "directed":
                    has = nested.get("edgedefault")
                    has = "no edgedefault" if has is None else f'edgedefault="{has}"'
                    raise _GraphMLError(
                        f"the <graph> inside {_graphml_owner(element)} has {has}; "
                        'path sums need directed edges: write edgedefault="directed"'
                    )

    def add_edge(self, G: nx.MultiDiGraph, edge_xml: ET.Element, graphml_keys):
        source, target = edge_xml.get("source"), edge_xml.get("target")
        if source is None or target is None:
            which = (
                "an <edge> has no source and no target" if source == target
                else f"an <edge> from {source!r} has no target" if target is None
                else f"an <edge> to {target!r} has no source"
            )  # fmt: skip
            raise _GraphMLError(f"{which}; give each <edge> a source and a target")
        for role, end in (("source", source), ("target", target)):
            if end not in self.declared:
                raise _GraphMLError(
                    f"{_graphml_owner(edge_xml)}: its {role} {end!r} is no <node> of "
                    f'the graph; declare it: <node id="{end}"/>'
                )
        if edge_xml.get("directed") == "false" and G.is_directed():
            raise _GraphMLError(
                f'{_graphml_owner(edge_xml)} is undirected (directed="false"); '
                "path sums need directed edges"
            )
        edges = G.number_of_edges()
        super().add_edge(G, edge_xml, graphml_keys)
        if G.number_of_edges() == edges:
            # networkx takes an edge's id, or else its data 'key', for its key
            # among the edges between the same nodes: the edge replaced one.
            edge_id = edge_xml.get("id")
            its = f"id {edge_id!r}" if edge_id else "'key' attribute"
            raise _GraphMLError(
                f"{_graphml_owner(edge_xml)}: an earlier edge between the same "
                f"nodes has its {its}; give each edge its own"
            )

    def decode_data_elements(self, graphml_keys: dict, obj_xml: ET.Element) -> dict:
        owner = _graphml_owner(obj_xml)
        domain = obj_xml.tag.removeprefix(_GRAPHML)
        seen = set()
        empty = []
        for element in obj_xml.findall(f"{_GRAPHML}data"):
            key_id = element.get("key")
            key = graphml_keys.get(key_id)
            if key is None:
                raise _GraphMLError(
                    f'{owner}: <data key="{key_id}"> names no <key>; declare it: '
                    f'<key id="{key_id}" for="{domain}" attr.name="…" attr.type="…"/>'
                )
            if key["for"] not in (domain, "all"):
                raise _GraphMLError(
                    f'{owner}: <data key="{key_id}"> is for {key["for"]}s (its <key> '
                    f'says for="{key["for"]}"); declare a <key> for="{domain}" for it'
                )
            if key_id in seen:
                raise _GraphMLError(f'{owner}: two <data key="{key_id}">; keep one')
            seen.add(key_id)
            if len(element) and not key["yfiles"]:
                raise _GraphMLError(
                    f'{owner}: <data key="{key_id}"> holds XML elements, which '
                    "pathsum does not read; write its value as text"
                )
            if element.text is None and not len(element):
                empty.append(key)
        data = super().decode_data_elements(graphml_keys, obj_xml)
        for key in empty:
            # networkx reads empty data as "", whatever the key's type.
            data[key["name"]] = key["type"]("")
        return data


def _read_graphml(path: Path, weight: str) -> nx.DiGraph:
    try:
        graphs = list(_GraphMLReader()(path=path))
        if not graphs:
            # As networkx's read_graphml: a <graphml> without its namespace.
            header = b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            text = path.read_bytes().replace(b"<graphml>", header)
            graphs = list(_GraphMLReader()(string=text))
    except ET.ParseError as exc:
        raise GraphFileError(f"{path}: not XML: {_one_line(exc)}") from None
    except _GraphMLError as exc:
        raise GraphFileError(f"{path}: {exc}") from None
    if not graphs:
        raise GraphFileError(f"{path}: not GraphML: it holds no <graph>")
    if len(graphs) > 1:
        raise GraphFileError(
            f"{path}: it holds {len(graphs)} graphs; pathsum reads one: put each "
            "in a file of its own"
        )
    return _numbers_read(path, graphs[0])


def _read_json(path: Path, weight: str) -> nx.DiGraph:
    try:
        data = json.loads(
            _read_text(path),
            parse_int=_typed_number,
            parse_float=_typed_number,
            parse_constant=_typed_number,
        )
    except (ValueError, RecursionError) as exc:
        raise GraphFileError(f"{path}: not JSON: {_one_line(exc)}") from None
    if not isinstance(data, dict) or "nodes" not in data:
        raise GraphFileError(f"{path}: not a networkx node-link graph (no 'nodes')")
    if "links" in data and "edges" in data:
        raise GraphFileError(
            f'{path}: it has both "links" and "edges", and networkx reads only '
            'one; put every link in "links"'
        )
    edges = "links" if "links" in data else "edges"
    data.setdefault(edges, [])
    _check_node_link(path, data, edges)
    try:
        G = nx.node_link_graph(data, edges=edges)
    except _PARSE_ERRORS as exc:
        raise GraphFileError(
            f"{path}: not a networkx node-link graph: {_one_line(exc)}"
        ) from None
    if G.number_of_edges() < len(data[edges]):
        # A link without a "key" took the key of a later one that has it.
        raise GraphFileError(
            f"{path}: {len(data[edges]) - G.number_of_edges()} of the links "
            "replaced an earlier link between the same nodes; give each link its "
            'own "key"'
        )
    return _numbers_read(path, G)


def _check_node_link(path: Path, data: dict, edges: str) -> None:
    """Refuse what networkx's node_link_graph reads silently wrong: a link to
    a node not in "nodes" (it makes the node), a node given twice (merged), a
    link that replaces another (same ends, or same key in a multigraph), and
    flags that are not true or false ("false" is directed)."""
    where = f"{path}: not a networkx node-link graph:"
    nodes, links = data["nodes"], data[edges]
    for name, value in (("nodes", nodes), (edges, links)):
        if not isinstance(value, list):
            raise GraphFileError(f'{where} "{name}" is not a list')
    ids: dict[Any, tuple[int, Any]] = {}
    for index, node in enumerate(nodes):
        if not isinstance(node, dict) or "id" not in node:
            raise GraphFileError(f'{where} node {index} has no "id"')
        name = _node_link_id(path, f'node {index}: its "id"', node["id"])
        if name in ids:
            first, written = ids[name]
            # 1 and 1.0, or 1 and true, are one node to networkx.
            also = "" if repr(written) == repr(name) else f", the second as {name!r}"
            raise GraphFileError(
                f'{path}: node {written!r} is in "nodes" twice ({first} and '
                f"{index}{also}); give each node once, with all its attributes"
            )
        ids[name] = (index, name)
    for flag in ("directed", "multigraph"):
        if flag in data and not isinstance(data[flag], bool):
            raise GraphFileError(
                f'{path}: "{flag}" is {_json_shown(data[flag])}; write true or false'
            )
    if "directed" not in data:
        raise GraphFileError(
            f"{path}: the graph is undirected, as networkx reads node-link JSON "
            'without "directed": true; path sums need a directed one: add '
            '"directed": true'
        )
    multigraph = data.get("multigraph", True)  # as node_link_graph
    joined: dict[Any, int] = {}
    for index, link in enumerate(links):
        for role in ("source", "target"):
            if not isinstance(link, dict) or role not in link:
                raise GraphFileError(f'{where} link {index} has no "{role}"')
        u, v = (_node_link_id(path, f'link {index}: its "{role}"', link[role])
                for role in ("source", "target"))  # fmt: skip
        for role, end in (("source", u), ("target", v)):
            if end not in ids:
                raise GraphFileError(
                    f"{path}: link {index} ({u!r} -> {v!r}): its {role} {end!r} is "
                    f'not in "nodes"; add {{"id": {_json_shown(end)}}} to "nodes"'
                )
        if multigraph:
            key = link.get("key")
            if key is None or isinstance(key, (list, dict, _Refused)):
                continue
            pair, why = (u, v, key), f"with the key {key!r}"
            fix = 'give each link its own "key"'
        else:
            pair, why = (u, v), 'but "multigraph" is false'
            fix = 'write "multigraph": true to keep both, or remove one'
        if pair in joined:
            raise GraphFileError(
                f"{path}: links {joined[pair]} and {index} both join {u!r} -> "
                f"{v!r}, {why}, so the second would replace the first; {fix}"
            )
        joined[pair] = index


def _node_link_id(path: Path, where: str, name: Any) -> Any:
    if isinstance(name, _Refused):
        raise GraphFileError(f"{path}: a node's name: {name.reason}")
    if isinstance(name, (list, dict)):
        kind = "a list" if isinstance(name, list) else "an object"
        raise GraphFileError(
            f"{path}: not a networkx node-link graph: {where} is {kind}; name "
            "nodes by strings or numbers"
        )
    return name


def _json_shown(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:40] + "…"


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
                except _RefusedNumber as exc:
                    raise GraphFileError(
                        f"{path}: line {line_number}, attribute {weight!r}: {exc}"
                    ) from None
                except ValueError:
                    raise GraphFileError(
                        f"{path}: line {line_number}: weight {fields[2][:40]!r} is "
                        "not a number; write an integer, a fraction or a decimal "
                        "(3, 1/3, 0.5)"
                    ) from None
        for name in fields[:2]:
            if name.startswith("{"):
                raise GraphFileError(
                    f"{path}: line {line_number}: a node's name starts with '{{' "
                    f"({_shown(name)}), as only the attribute dict does; write "
                    "'u v {attribute dict}', both nodes first"
                )
        edges.append((fields[0], fields[1], data))
    return _graph_of(path, edges)


def _attribute_dict(path: Path, line_number: int, text: str) -> dict:
    where = f"{path}: line {line_number}"
    try:
        data = ast.literal_eval(_literal_tree(text.strip(), where))
    except GraphFileError:
        raise
    except (
        ValueError, TypeError, SyntaxError, MemoryError, RecursionError,
        tokenize.TokenError,
    ):  # fmt: skip
        raise GraphFileError(
            f"{where}: cannot read the attribute dict {text.strip()[:40]!r}"
        ) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise GraphFileError(f"{where}: the attributes must be a dict of str keys")
    return {key: _checked(value, f"{where}, attribute {key!r}")
            for key, value in data.items()}  # fmt: skip


_PYTHON_NUMBERS = (int, float, complex)


def _literal_tree(text: str, where: str) -> ast.Expression:
    """One line of Python literals, parsed, with its numbers read by `number`.

    Python's parser reads ``1_000``, ``0x10`` and ``1e999`` its own way, so
    each number is read again from its text.
    """
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        # Perhaps an integer past Python's limit of digits, which its parser
        # refuses: tokens get past that.
        return _literal_tree_by_tokens(text, where)
    encoded = text.encode()  # the offsets of nodes count UTF-8 bytes
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in _PYTHON_NUMBERS:
            written = encoded[node.col_offset : node.end_col_offset].decode()
            node.value = _dict_number(written, where)
    return tree


def _literal_tree_by_tokens(text: str, where: str) -> ast.Expression:
    """`_literal_tree` of a line Python's parser refuses: each number token
    is swapped for a name no token of the line starts with, and after parsing
    each such name for the number's value."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    names = [token.string for token in tokens if token.type == tokenize.NAME]
    prefix = "_n"
    while any(name.startswith(prefix) for name in names):
        prefix += "_"
    values: dict[str, Any] = {}
    pieces, end = [], 0
    for token in tokens:
        if token.type == tokenize.NUMBER:
            name = f"{prefix}{len(values)}"
            values[name] = _dict_number(token.string, where)
            # The text is one line, so a token's column is its offset.
            pieces += [text[end : token.start[1]], name]
            end = token.end[1]
    pieces.append(text[end:])
    tree = ast.parse("".join(pieces), mode="eval")
    for node in ast.walk(tree):
        for field, child in ast.iter_fields(node):
            if isinstance(child, ast.Name) and child.id in values:
                setattr(node, field, ast.Constant(values[child.id]))
            elif isinstance(child, list):
                child[:] = [
                    ast.Constant(values[item.id])
                    if isinstance(item, ast.Name) and item.id in values
                    else item
                    for item in child
                ]
    return tree


def _dict_number(written: str, where: str) -> int | Fraction | float:
    """A number of an edge list's attribute dict, as `number` reads it."""
    try:
        return number(written)
    except _RefusedNumber as exc:
        raise GraphFileError(f"{where}, in the attribute dict: {exc}") from None
    except ValueError:
        raise GraphFileError(
            f"{where}, in the attribute dict: {_shown(written)} is not an integer "
            "or a decimal; write one (3, 0.5), or a fraction as text ('1/3')"
        ) from None


_CSV_ENDPOINTS = (("source", "target"), ("u", "v"), ("from", "to"))


def _read_csv(path: Path, weight: str) -> nx.DiGraph:
    records = _csv_records(path, _read_text(path))
    first = next(records, None)
    if first is None:
        raise GraphFileError(f"{path}: empty; the first row names the columns")
    _, names = first
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
    seen: dict[str, int] = {}
    for column, name in enumerate(names):
        # The endpoint columns are found whatever their case: so are repeats.
        key = name.lower() if name.lower() in (tail, head) else name
        if key and key in seen:
            raise GraphFileError(
                f"{path}: the header row names the column {_shown(key)} twice "
                f"(columns {seen[key] + 1} and {column + 1}); rename or remove one"
            )
        seen[key] = column
    attributes = [
        (i, name) for i, name in enumerate(names) if i not in (u_column, v_column)
    ]
    edges = []
    for line, row in records:
        where = f"{path}: line {line}"
        if len(row) != len(names):
            raise GraphFileError(
                f"{where}: {len(row)} fields, but the header names {len(names)} columns"
            )
        data = {}
        for i, name in attributes:
            # An empty cell is a missing attribute, not an empty-string weight.
            if not row[i]:
                continue
            if not name:
                raise GraphFileError(
                    f"{where}: {_shown(row[i])} is in column {i + 1}, which the "
                    "header row does not name; name the column, or leave its "
                    "cells empty"
                )
            data[name] = _checked(row[i], f"{where}, attribute {name!r}")
        edges.append((row[u_column], row[v_column], data))
    return _graph_of(path, edges)


# A CSV record is cells separated by commas up to a newline outside quotes
# (RFC 4180), read here rather than by Python's csv module, which cannot say
# whether a cell was quoted and reads a quote that is never closed as one
# cell holding the rest of the file.
_CSV_QUOTE_OPENS = re.compile(r'[^\S\n]*"')
# Unrolled, so that a quote never closed fails in time linear in the text.
_CSV_QUOTED_REST = re.compile(r'([^"]*(?:""[^"]*)*)"(?!")')
_CSV_SPACES = re.compile(r"[^\S\n]*")
_CSV_UNQUOTED = re.compile(r"[^,\n]*")


def _csv_records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text that are not blank, each with the line it
    starts on.

    A quoted cell is kept as written, ``""`` in it being one quote, and may
    span lines; spaces around a cell, quoted or not, are layout.
    """
    position, line, end = 0, 1, len(text)
    while position < end:
        stop = text.find("\n", position)
        stop = end if stop < 0 else stop
        if '"' not in text[position:stop]:
            cells = [cell.strip() for cell in text[position:stop].split(",")]
            if cells != [""]:
                yield line, cells
            position, line = stop + 1, line + 1
            continue
        first, cells = line, []
        while True:
            opening = _CSV_QUOTE_OPENS.match(text, position)
            if opening is None:
                stop = _CSV_UNQUOTED.match(text, position).end()
                cells.append(text[position:stop].strip())
                position = stop
            else:
                quoted = _CSV_QUOTED_REST.match(text, opening.end())
                if quoted is None:
                    raise GraphFileError(
                        f"{path}: line {line}: a quoted field opens here and is "
                        "never closed; close it with a quote, and write each "
                        'quote inside it twice ("")'
                    )
                cells.append(quoted.group(1).replace('""', '"'))
                line += quoted.group(1).count("\n")
                position = _CSV_SPACES.match(text, quoted.end()).end()
                if position < end and text[position] not in ",\n":
                    stop = _CSV_UNQUOTED.match(text, position).end()
                    written = text[opening.end() - 1 : stop]
                    raise GraphFileError(
                        f"{path}: line {line}: {_shown(written)} goes on after its "
                        "closing quote; quote the whole field, and write each "
                        "quote inside it twice"
                    )
            if position < end and text[position] == ",":
                position += 1
                continue
            break
        position, line = position + 1, line + 1
        yield first, cells


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
                    value = self.attribute_value(name)
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
                attributes[key] = self.attribute_value(key)
                if self.at_kind(",", ";"):
                    self.take()
            self.take()
        return attributes

    def attribute_value(self, key: str) -> Any:
        value, html = self.identifier("an attribute value")
        if html:
            return value
        try:
            return _maybe_number(value)
        except _RefusedNumber as exc:
            line = self.tokens[self.at - 1].line
            raise GraphFileError(
                f"line {line}, attribute {key[:40]!r}: {exc}"
            ) from None

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
