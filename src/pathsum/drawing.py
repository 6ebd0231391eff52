"""Diagrams: Graphviz (pydot) and Mermaid export, and rendering with Graphviz.

Export is pure Python and needs nothing installed; only rendering (`draw` to
.svg/.png/.pdf, `render`, `Diagram` in Jupyter) runs a Graphviz executable.
"""

from __future__ import annotations

import html
import math
import numbers
import os
import shutil
import subprocess
import sysconfig
import tempfile
import warnings
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from ._graph import short_repr
from .exceptions import GraphvizNotFound, RenderError
from .formatting import format_value, operand_text, printable, shorten
from .paths import all_paths, path_weight
from .semirings import REAL, Semiring

if TYPE_CHECKING:
    import pydot

__all__ = [
    "Diagram",
    "diagram",
    "draw",
    "format_value",
    "operand_text",
    "path_panels",
    "render",
    "to_dot",
    "to_mermaid",
    "to_pydot",
]

_HIGHLIGHT = "#d62728"
_MUTED = "#b0b0b0"
_OVERLAY = "#1f77b4"
_RANKDIRS = ("TB", "BT", "LR", "RL")
_RENDERED = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
_TEXT = (".dot", ".gv")
# Labels longer than this are cut (the whole text goes into the tooltip), so a
# drawing stays readable and within dot's limits.
_WIDTH = 60
_LINES = 12
_EDGE_LABELS = ("auto", "partial", "short", "value", "none")
_LONG_LABEL = 40  # characters: past this, "auto" edge labels are "short"
_ZERO_PEN = {"penwidth": "0.6", "style": "dashed"}
_NOTEBOOK_TIMEOUT = 5.0  # seconds: a notebook cell should not hang on a renderer
_PIECE = 2000  # characters per quoted piece: at most 5 bytes each once escaped

NodeLabel = Callable[[Hashable, Mapping[str, Any]], str]
EdgeLabel = Callable[[Hashable, Hashable, Mapping[str, Any]], str]


def _default_node_label(node: Hashable, data: Mapping[str, Any]) -> str:
    name = str(node)
    expr = data.get("expr")
    lines = [f"{name} = {expr}" if expr is not None and str(expr) != name else name]
    if "value" in data:
        lines.append(f"= {format_value(data['value'])}")
    return "\n".join(lines)


def _edge_label_function(
    G: nx.DiGraph,
    weight: str | None,
    edge_labels: str,
    edge_label: EdgeLabel | None,
) -> EdgeLabel:
    """The edge label callable: the user's, or the one `edge_labels` names."""
    if edge_labels not in _EDGE_LABELS:
        raise ValueError(
            f"edge_labels={edge_labels!r} is not one of {', '.join(_EDGE_LABELS)}"
        )
    if edge_label is not None:
        if edge_labels != "auto":
            raise ValueError(
                f"edge_label= replaces the labels; it cannot go with "
                f"edge_labels={edge_labels!r}"
            )
        return edge_label
    if edge_labels == "auto":
        full = _partial_label(weight)
        long = any(
            len(full(u, v, data)) > _LONG_LABEL for u, v, data in G.edges(data=True)
        )
        edge_labels = "short" if long else "partial"
    if edge_labels == "partial":
        return _partial_label(weight)
    if edge_labels == "short":
        return _short_label(weight)
    if edge_labels == "value":
        return lambda u, v, data: _weight_text(data, weight)
    return lambda u, v, data: ""


def _weight_text(data: Mapping[str, Any], weight: str | None) -> str:
    return format_value(data[weight]) if weight is not None and weight in data else ""


def _joined(parts: list[str], shown: str) -> str:
    """``a = b = value``, without repeating the value when it ends the parts."""
    if shown and (not parts or parts[-1] != shown):
        parts = [*parts, shown]
    return " = ".join(parts)


def _partial_label(weight: str | None) -> EdgeLabel:
    def label(u: Hashable, v: Hashable, data: Mapping[str, Any]) -> str:
        parts = []
        if "partial" in data:
            parts += [f"∂{operand_text(v)}/∂{operand_text(u)}", str(data["partial"])]
        elif "label" in data:
            parts.append(str(data["label"]))
        return _joined(parts, _weight_text(data, weight))

    return label


def _short_label(weight: str | None) -> EdgeLabel:
    """The partial (or label) only if it is a name or a number, then the weight."""

    def label(u: Hashable, v: Hashable, data: Mapping[str, Any]) -> str:
        symbol = str(data.get("partial", data.get("label", "")))
        parts = [symbol] if symbol and _is_name_or_number(symbol) else []
        return _joined(parts, _weight_text(data, weight))

    return label


def _is_name_or_number(text: str) -> bool:
    if text.isidentifier():
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def _dot_string(text: str) -> str:
    """A DOT double-quoted string showing `text` literally.

    Graphviz reads backslash escapes (\\N, \\G, \\l, …) and HTML entities
    (&lt;, &#65;) inside labels, so a backslash is doubled, & becomes &amp;, a
    quote is escaped and a newline becomes a centred line break. dot refuses a
    quoted string longer than 16,384 bytes, so long text is written as pieces
    joined with DOT's ``+``.
    """
    pieces = [text[i : i + _PIECE] for i in range(0, len(text), _PIECE)] or [""]
    return " + ".join(f'"{_escape(piece)}"' for piece in pieces)


def _escape(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("\n", "\\n")


def _shown(text: Any) -> tuple[str, str]:
    """What a label shows (printable, cut to size) and its whole printable text."""
    whole = printable(str(text))
    return shorten(whole, width=_WIDTH, lines=_LINES), whole


def _label(text: Any) -> dict[str, str]:
    """A quoted label; if it had to be cut, its whole text as the tooltip."""
    short, whole = _shown(text)
    attributes = {"label": _dot_string(short)}
    if short != whole:
        attributes["tooltip"] = _dot_string(whole)
    return attributes


def _edge_label(text: Any) -> dict[str, str]:
    """An edge's label attributes; none for an empty label (or None)."""
    return {} if text is None or str(text) == "" else _label(text)


def _overlay_label(text: Any, value: Any) -> dict[str, str]:
    """An HTML-like label: the own lines (none if `text` is None or empty), then
    the overlay value in colour.

    html.escape covers & < > and quotes. Graphviz reads backslash escapes (\\N,
    …) here too, a character reference included, so a backslash is doubled, as
    in a quoted string. Graphviz's HTML parser refuses a lone ``]`` and an empty
    or blank ``<B>`` element, so ``]`` is a character reference and an empty
    value shows as a no-break space.
    """

    def escape(line: str) -> str:
        return html.escape(line).replace("\\", "\\\\").replace("]", "&#93;")

    short, whole = _shown("" if text is None else text)
    shown, value_whole = _shown(format_value(value))
    lines = "".join(f"{escape(line)}<BR/>" for line in short.split("\n") if whole)
    value_lines = "<BR/>".join(escape(line) for line in shown.split("\n"))
    if not value_lines.strip():
        value_lines = "&#160;"
    attributes = {
        "label": f'<{lines}<FONT COLOR="{_OVERLAY}"><B>{value_lines}</B></FONT>>'
    }
    if short != whole or shown != value_whole:
        attributes["tooltip"] = _dot_string(f"{whole}\n{value_whole}")
    return attributes


def _edge_set(G: nx.DiGraph, highlight: Any) -> set[tuple]:
    """Normalise `highlight` (a path or a set of edges) to a set of full edges."""
    if highlight is None:
        return set()
    chosen = set()
    for edge in highlight:
        edge = tuple(edge)
        if len(edge) == 2 and G.is_multigraph():
            if not G.has_edge(*edge):
                raise nx.NetworkXError(f"highlighted edge {edge!r} is not in the graph")
            chosen.update((edge[0], edge[1], key) for key in G[edge[0]][edge[1]])
        elif len(edge) == (3 if G.is_multigraph() else 2) and G.has_edge(*edge):
            chosen.add(edge)
        else:
            raise nx.NetworkXError(f"highlighted edge {edge!r} is not in the graph")
    return chosen


def _edge_values(G: nx.DiGraph, edge_values: Any) -> dict[tuple, Any]:
    """Normalise `edge_values` to a mapping full edge -> value, checking each key.

    On a MultiDiGraph a key ``(u, v)`` names the one edge from u to v; where
    there are parallel edges it is ambiguous and refused.
    """
    if edge_values is None:
        return {}
    size = 3 if G.is_multigraph() else 2
    shown = {}
    for edge, value in edge_values.items():
        if not isinstance(edge, tuple) or len(edge) not in (2, size):
            raise nx.NetworkXError(
                f"edge_values key {short_repr(edge)} is not an edge: use (u, v)"
                + (" or (u, v, key)" if size == 3 else "")
            )
        if len(edge) == 2 and size == 3 and G.has_edge(*edge):
            keys = list(G[edge[0]][edge[1]])
            if len(keys) > 1:
                raise ValueError(
                    f"edge_values key {short_repr(edge)} stands for {len(keys)} "
                    "parallel edges: give each as (u, v, key)"
                )
            edge = (*edge, keys[0])
        if not G.has_edge(*edge):
            raise nx.NetworkXError(
                f"edge_values key {short_repr(edge)} is not an edge of the graph"
            )
        if edge in shown:
            raise ValueError(f"edge_values gives edge {short_repr(edge)} twice")
        shown[edge] = value
    return shown


def _value_pens(values: Mapping[tuple, Any]) -> dict[tuple, dict[str, str]]:
    """Pen attributes: width by |value| (1 to 6, the largest 6), zero thin dashed.

    Only finite real values are scaled; others (symbolic, infinite) keep the
    default pen.
    """
    sizes = {}
    for edge, value in values.items():
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, numbers.Real) and math.isfinite(value):
            sizes[edge] = abs(value)
    largest = max(sizes.values(), default=0)
    pens = {}
    for edge, size in sizes.items():
        if size == 0:
            pens[edge] = _ZERO_PEN
        else:
            pens[edge] = {"penwidth": f"{1 + 5 * float(size / largest):.3g}"}
    return pens


def _edges(G: nx.DiGraph):
    if G.is_multigraph():
        return ((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True))
    return ((u, v, None, d) for u, v, d in G.edges(data=True))


def _pydot() -> ModuleType:
    """pydot, imported on first use, so that `import pathsum` does not load it.

    Some pydot versions build their DOT parser on import, which warns of
    pyparsing names that pyparsing deprecates: pydot's warnings, not the user's.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="pydot|pyparsing")
        import pydot
    return pydot


def _new_dot(rankdir: str) -> pydot.Dot:
    pydot = _pydot()
    dot = pydot.Dot("G", graph_type="digraph", rankdir=rankdir, charset="UTF-8")
    dot.set_node_defaults(shape="box", style="rounded", fontname="Helvetica")
    dot.set_edge_defaults(fontname="Helvetica", fontsize="11")
    return dot


def _emphasis(on_path: bool) -> dict[str, str]:
    """Edge attributes for a highlighted edge, or for one muted beside it."""
    if on_path:
        return {"color": _HIGHLIGHT, "fontcolor": _HIGHLIGHT, "penwidth": "2.5"}
    return {"color": _MUTED, "fontcolor": _MUTED}


def _check_options(rankdir: str) -> None:
    if rankdir not in _RANKDIRS:
        raise ValueError(f"rankdir={rankdir!r} is not one of {', '.join(_RANKDIRS)}")


@not_implemented_for("undirected")
def to_pydot(
    G: nx.DiGraph,
    *,
    values: Mapping[Hashable, Any] | None = None,
    values_caption: str | None = None,
    edge_values: Mapping[tuple, Any] | None = None,
    highlight: Collection[tuple] | Sequence[tuple] | None = None,
    title: str | None = None,
    rankdir: str = "LR",
    weight: str | None = "weight",
    node_label: NodeLabel | None = None,
    edge_label: EdgeLabel | None = None,
    edge_labels: str = "auto",
) -> pydot.Dot:
    """Export `G` as a `pydot.Dot` showing values, local derivatives and paths.

    Nodes get synthetic ids ``n0, n1, …`` in the order of ``G.nodes``; the real
    name appears only in the escaped label, so any name (``a:b``, ``node``,
    quotes, backslashes, ``<html>``, unicode, the empty string) is safe.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        The graph; parallel edges stay separate edges.
    values : mapping, optional
        An overlay, node -> value (e.g. a `forward_path_sums` or
        `reverse_path_sums` result), shown beside each node in colour. Nodes
        missing from it show no overlay.
    values_caption : str, optional
        What the overlay is, e.g. ``"∂e/∂node (reverse)"``; shown under the graph.
    edge_values : mapping, optional
        A value per edge, edge -> value, such as ``edge_marginals`` gives (the
        sum over the paths through each edge), keyed ``(u, v)`` or, on a
        MultiDiGraph, ``(u, v, key)`` (``(u, v)`` there only where it is the
        one edge from u to v). Shown in colour under the edge's label, and as
        the pen: finite real values set the width, from 1 up to 6 for the
        largest absolute value; zero-valued edges and edges missing from the
        mapping are thin and dashed, so the picture shows where the paths go.
    highlight : path or collection of edges, optional
        Edges to emphasise, as from `all_paths`; every other edge is muted. On a
        MultiDiGraph an edge ``(u, v)`` without a key means all its parallel edges.
    title : str, optional
        Shown above the graph.
    rankdir : {"LR", "TB", "BT", "RL"}, default "LR"
        The direction of the layout.
    weight : str or None, default "weight"
        The edge attribute shown as the edge's number.
    node_label : callable, optional
        ``node_label(node, data) -> str`` replaces the default label (the name,
        ``= expr`` and ``= value`` when the node has them).
    edge_label : callable, optional
        ``edge_label(u, v, data) -> str`` replaces the edge labels.
    edge_labels : {"auto", "partial", "short", "value", "none"}, default "auto"
        What edges show. ``"partial"``: ``∂v/∂u = partial = weight`` when the
        edge has a ``partial`` (as `program_graph` gives), else its ``label``
        and weight. ``"short"``: the partial (or label) only if it is a name or
        a number, then the weight, so no sub-expression is written out again.
        ``"value"``: the weight. ``"none"``: nothing. ``"auto"`` is
        ``"partial"``, or ``"short"`` if some edge's partial label would be
        longer than 40 characters.

    Returns
    -------
    pydot.Dot
        Yours to keep editing; `to_dot` gives its text.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NetworkXError
        If a highlighted edge or a key of `edge_values` is not in `G`.
    ValueError
        If `rankdir` or `edge_labels` is unknown, `edge_label` is given with an
        `edge_labels` other than ``"auto"``, or a key ``(u, v)`` of
        `edge_values` stands for parallel edges.

    Examples
    --------
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_edge("a:b", "node", weight=0.5)
    >>> dot = ps.to_pydot(G, title="tiny")
    >>> print(dot.to_string())  # doctest: +ELLIPSIS
    digraph G {
    ...
    n0 [label="a:b"];
    n1 [label="node"];
    n0 -> n1 [label="0.5"];
    }
    """
    _check_options(rankdir)
    chosen = _edge_set(G, highlight)
    node_text = node_label or _default_node_label
    edge_text = _edge_label_function(G, weight, edge_labels, edge_label)
    pydot = _pydot()
    dot = _new_dot(rankdir)
    caption = [line for line in (title, values_caption) if line]
    if caption:
        for name, text in _label("\n".join(caption)).items():
            dot.set(name, text)
        dot.set("labelloc", "t")
        dot.set("fontname", "Helvetica")
    if values_caption:
        dot.set("fontcolor", _OVERLAY if not title else "black")
    ids = {node: f"n{i}" for i, node in enumerate(G)}
    for node, data in G.nodes(data=True):
        text = node_text(node, data)
        attributes = _label(text)
        if values is not None and node in values:
            attributes = _overlay_label(text, values[node])
            attributes["color"] = _OVERLAY
            attributes["penwidth"] = "1.5"
        dot.add_node(pydot.Node(ids[node], **attributes))
    shown = _edge_values(G, edge_values)
    pens = _value_pens(shown)
    for u, v, key, data in _edges(G):
        edge = (u, v) if key is None else (u, v, key)
        text = edge_text(u, v, data)
        if edge in shown:
            attributes = _overlay_label(text, shown[edge])
        else:
            attributes = _edge_label(text)
        if chosen:
            attributes.update(_emphasis(edge in chosen))
        if edge_values is not None:
            attributes.update(pens.get(edge, {} if edge in shown else _ZERO_PEN))
        dot.add_edge(pydot.Edge(ids[u], ids[v], **attributes))
    return dot


def to_dot(G: nx.DiGraph, **options: Any) -> str:
    """The DOT text of `to_pydot` (same options). Needs no Graphviz.

    Examples
    --------
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> print(ps.to_dot(nx.DiGraph([('say "hi"', "back\\\\slash")]), rankdir="TB"))
    ... # doctest: +ELLIPSIS
    digraph G {
    ...
    n0 [label="say \\"hi\\""];
    n1 [label="back\\\\slash"];
    n0 -> n1;
    }
    """
    return to_pydot(G, **options).to_string()


@not_implemented_for("undirected")
def path_panels(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    max_paths: int = 16,
    weight: str | None = "weight",
    semiring: Semiring = REAL,
    rankdir: str = "LR",
    title: str | None = None,
    node_label: NodeLabel | None = None,
    edge_label: EdgeLabel | None = None,
    edge_labels: str = "auto",
) -> Diagram:
    """One small panel per `source` -> `target` path, that path highlighted.

    The picture of "a sum over all paths": each panel repeats the subgraph of
    edges on some path and is captioned with its path's product.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths.
    max_paths : int, default 16
        Refuse (TooManyPathsError, with the exact count) to draw more panels.
    weight, semiring
        The edge attribute and semiring of each panel's product (see
        `path_weight`); the panels show the same edge labels as `to_pydot`.
    rankdir, title, node_label, edge_label, edge_labels
        As for `to_pydot`.

    Returns
    -------
    Diagram
        Shown as SVG in Jupyter; pass it to `draw` or `render`, or edit its
        pydot graph, ``.dot``.

    Raises
    ------
    TooManyPathsError
        If there are more than `max_paths` paths.
    NodeNotFound
        If `source` or `target` is not in `G`.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.examples import factoring
    >>> panels = ps.path_panels(factoring(), "X", "Z", weight="label",
    ...                         semiring=ps.POLYNOMIAL)
    >>> panels
    <Diagram: 27 nodes, 60 edges>
    >>> len(panels.dot.get_subgraphs())
    9
    >>> sorted(panel.get("label") for panel in panels.dot.get_subgraphs())[0]
    '"path 1 of 9: α·δ"'
    """
    _check_options(rankdir)
    paths = list(all_paths(G, source, target, max_paths=max_paths))
    between = {source, target}
    for path in paths:
        between.update(node for edge in path for node in edge[:2])
    H = G.subgraph(between)
    node_text = node_label or _default_node_label
    edge_text = _edge_label_function(H, weight, edge_labels, edge_label)
    pydot = _pydot()
    dot = _new_dot(rankdir)
    dot.set("fontname", "Helvetica")
    # Small boxes and close ranks, so that a 3 × 3 grid of panels fits a page
    # column without shrinking its labels out of sight.
    dot.set("ranksep", "0.4")
    dot.set("nodesep", "0.15")
    dot.set_node_defaults(
        shape="box", style="rounded", fontname="Helvetica", width="0.35",
        height="0.35", margin="0.08,0.04",
    )  # fmt: skip
    heading = title or f"{len(paths)} paths from {source} to {target}"
    for name, text in _label(heading).items():
        dot.set(name, text)
    dot.set("labelloc", "t")
    panels = []
    for i, path in enumerate(paths):
        product = path_weight(G, path, weight=weight, semiring=semiring)
        panel = pydot.Cluster(
            f"path{i}",
            **_label(f"path {i + 1} of {len(paths)}: {format_value(product)}"),
            style="rounded",
            color=_MUTED,
            fontname="Helvetica",
            margin="4",
        )
        ids = {node: f"p{i}n{j}" for j, node in enumerate(H)}
        for node, data in H.nodes(data=True):
            panel.add_node(pydot.Node(ids[node], **_label(node_text(node, data))))
        on_path = set(path)
        for u, v, key, data in _edges(H):
            edge = (u, v) if key is None else (u, v, key)
            attributes = _edge_label(edge_text(u, v, data))
            attributes.update(_emphasis(edge in on_path))
            panel.add_edge(pydot.Edge(ids[u], ids[v], **attributes))
        panels.append(panel)
    # Lay the panels out in a grid read row by row from the top left. Invisible
    # edges from each panel's target to the next one's source chain a group of
    # panels along the rank direction: a row when ranks run across (LR, RL), a
    # column when they run down (TB, BT). dot packs the groups side by side: it
    # stacks rows upwards, so the last row comes first, and places columns from
    # the left, in order.
    columns = math.isqrt(len(paths) - 1) + 1 if paths else 1
    vertical = rankdir in ("TB", "BT")
    if vertical:
        groups = [list(range(c, len(panels), columns)) for c in range(columns)]
    else:
        groups = [list(range(r, min(r + columns, len(panels))))
                  for r in range(0, len(panels), columns)]  # fmt: skip
    for group in groups if vertical else reversed(groups):
        for i in group:
            dot.add_subgraph(panels[i])
    ids = {node: j for j, node in enumerate(H)}
    for group in groups:
        for i, j in pairwise(group):
            tail, head = f"p{i}n{ids[target]}", f"p{j}n{ids[source]}"
            if rankdir in ("BT", "RL"):
                # Ranks run upwards (leftwards): point back, so that the panels
                # still follow each other down (right).
                tail, head = f"p{j}n{ids[target]}", f"p{i}n{ids[source]}"
            dot.add_edge(pydot.Edge(tail, head, style="invis"))
    return Diagram(dot)


# --- rendering -------------------------------------------------------------------


def _renderer(executable: str | os.PathLike | None) -> tuple[str, list[str]]:
    """Find the Graphviz executable; return it and what was searched."""
    searched = []
    if executable is not None:
        candidate = Path(executable)
        searched.append(f"executable={str(executable)!r}")
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate), searched
        raise GraphvizNotFound(_not_found(searched))
    from_environment = os.environ.get("PATHSUM_DOT")
    if from_environment:
        searched.append(f"PATHSUM_DOT={from_environment!r}")
        found = shutil.which(from_environment)
        if found:
            return found, searched
        raise GraphvizNotFound(_not_found(searched))
    searched.append("'dot' on PATH")
    found = shutil.which("dot")
    if found:
        return found, searched
    searched.append("'graphviz-pure' on PATH and beside this Python")
    found = shutil.which("graphviz-pure") or shutil.which(
        "graphviz-pure", path=sysconfig.get_path("scripts")
    )
    if found:
        return found, searched
    raise GraphvizNotFound(_not_found(searched))


def _not_found(searched: list[str]) -> str:
    return (
        f"no Graphviz renderer found (searched: {'; '.join(searched)}). Install "
        "Graphviz (e.g. 'apt-get install graphviz', 'brew install graphviz') or "
        "the pure one with pip install 'pathsum[render]', or set PATHSUM_DOT to "
        "a dot executable. to_dot() and .dot/.gv files need no renderer."
    )


def render(
    graph: nx.DiGraph | Diagram | pydot.Dot | str,
    format: str = "svg",
    *,
    executable: str | os.PathLike | None = None,
    timeout: float = 60,
    **options: Any,
) -> bytes:
    """Lay out and render a graph with Graphviz, returning the bytes.

    Parameters
    ----------
    graph : NetworkX DiGraph, Diagram, pydot.Dot or str
        A graph (exported with `to_pydot` and `options`), a `Diagram` (as
        `diagram` and `path_panels` return), a pydot graph, or DOT text.
    format : str, default "svg"
        Any output format the renderer knows (``svg``, ``png``, ``pdf``, …).
    executable : path, optional
        The Graphviz ``dot`` (or ``graphviz-pure``) to run. Otherwise the
        ``PATHSUM_DOT`` environment variable, then ``dot`` on PATH, then
        ``graphviz-pure`` (the optional extra ``render``).
    timeout : float, default 60
        Seconds before the renderer is stopped.
    **options
        Passed to `to_pydot` when `graph` is a NetworkX graph.

    Returns
    -------
    bytes
        The rendered file.

    Raises
    ------
    GraphvizNotFound
        If no renderer is found; the message says what was searched.
    RenderError
        If the renderer fails or times out; it carries Graphviz's stderr.
    """
    if isinstance(graph, str) and not options:
        source = graph
    else:
        source = _pydot_of(graph, options).to_string()
    program, _ = _renderer(executable)
    try:
        result = subprocess.run(
            [program, f"-T{format}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            f"{program} did not finish within {timeout} s", stderr=""
        ) from exc
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0 or not result.stdout:
        raise RenderError(
            f"{program} -T{format} failed (exit code {result.returncode}):\n{stderr}",
            stderr=stderr,
        )
    return result.stdout


def draw(
    graph: nx.DiGraph | Diagram | pydot.Dot,
    filename: str | os.PathLike,
    *,
    executable: str | os.PathLike | None = None,
    timeout: float = 60,
    **options: Any,
) -> Path:
    """Write a diagram of `graph` to `filename`, in the format its suffix names.

    ``.dot``/``.gv`` write DOT text (no Graphviz needed); ``.svg``, ``.png`` and
    ``.pdf`` are rendered (see `render`). On failure no file, partial or not, is
    left behind.

    Parameters
    ----------
    graph : NetworkX DiGraph, Diagram or pydot.Dot
        A graph (exported with `to_pydot` and `options`), a `Diagram` such as
        `path_panels` returns, or a pydot graph.
    filename : path
        Where to write; the suffix chooses the format.
    executable, timeout
        As for `render`.
    **options
        Passed to `to_pydot`: values, values_caption, edge_values, highlight,
        title, rankdir, weight, node_label, edge_label, edge_labels.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        If the suffix is not one of .dot .gv .svg .png .pdf.
    GraphvizNotFound, RenderError
        As for `render`.

    Examples
    --------
    >>> import os, tempfile
    >>> import pathsum as ps
    >>> from pathsum.examples import colah
    >>> folder = tempfile.mkdtemp()
    >>> path = ps.draw(colah(), os.path.join(folder, "colah.dot"), rankdir="BT")
    >>> path.read_text(encoding="utf-8").startswith("digraph G {")
    True
    """
    path = Path(filename)
    suffix = path.suffix.lower()
    if suffix not in _TEXT and suffix not in _RENDERED:
        known = " ".join(_TEXT + tuple(_RENDERED))
        raise ValueError(f"cannot tell the format of {str(path)!r}: use one of {known}")
    dot = _pydot_of(graph, options)
    if suffix in _TEXT:
        content = dot.to_string().encode("utf-8")
    else:
        content = render(dot, _RENDERED[suffix], executable=executable, timeout=timeout)
    _write_atomically(path, content)
    return path


def _pydot_of(graph: Any, options: Mapping[str, Any]) -> pydot.Dot:
    """The pydot graph of a NetworkX graph (exported with `options`) or Diagram."""
    if isinstance(graph, nx.Graph):
        return to_pydot(graph, **options)
    if options:
        raise TypeError(f"options {sorted(options)} apply only to a NetworkX graph")
    if isinstance(graph, Diagram):
        return graph.dot
    if isinstance(graph, _pydot().Dot):
        return graph
    raise TypeError(
        f"cannot draw a {type(graph).__name__}: give a NetworkX graph, a Diagram "
        "or a pydot.Dot"
    )


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        # mkstemp makes the file private; give it the permissions open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Diagram:
    """A graph drawing that Jupyter shows as SVG; see `diagram`.

    Jupyter waits at most `notebook_timeout` seconds for the renderer; if it
    is missing, fails or takes longer, the notebook shows the DOT text instead,
    headed by a comment that says why.

    Attributes
    ----------
    dot : pydot.Dot
        The exported graph, to edit or write.
    notebook_timeout : float
        Seconds a notebook waits for the SVG (default 5).
    """

    def __init__(
        self,
        dot: pydot.Dot,
        executable: str | os.PathLike | None = None,
        *,
        notebook_timeout: float = _NOTEBOOK_TIMEOUT,
    ):
        self.dot = dot
        self.notebook_timeout = notebook_timeout
        self._executable = executable
        self._svg: str | None = None

    def svg(self, *, timeout: float = 60) -> str:
        """The rendered SVG text (rendered once, then kept).

        Raises `GraphvizNotFound` or `RenderError` as `render` does.
        """
        if self._svg is None:
            svg = render(self.dot, "svg", executable=self._executable, timeout=timeout)
            self._svg = svg.decode()
        return self._svg

    def save(self, filename: str | os.PathLike) -> Path:
        """Write the diagram; the suffix chooses the format, as for `draw`."""
        return draw(self.dot, filename, executable=self._executable)

    def _repr_svg_(self) -> str | None:
        return self._repr_mimebundle_().get("image/svg+xml")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        try:
            return {
                "text/plain": self.dot.to_string(),
                "image/svg+xml": self.svg(timeout=self.notebook_timeout),
            }
        except (GraphvizNotFound, RenderError) as exc:
            why = "\n".join(f"// {line}" for line in str(exc).splitlines())
            return {"text/plain": f"// Not rendered:\n{why}\n{self.dot.to_string()}"}

    def __repr__(self) -> str:
        graphs = [self.dot]
        nodes = edges = 0
        while graphs:
            graph = graphs.pop()
            defaults = ("node", "edge", "graph")
            nodes += sum(n.get_name() not in defaults for n in graph.get_nodes())
            edges += len(graph.get_edges())
            graphs.extend(graph.get_subgraphs())
        return f"<Diagram: {nodes} nodes, {edges} edges>"


def diagram(
    graph: nx.DiGraph | Diagram | pydot.Dot,
    *,
    executable: str | os.PathLike | None = None,
    notebook_timeout: float = _NOTEBOOK_TIMEOUT,
    **options: Any,
) -> Diagram:
    """A `Diagram` of `graph`: shown as SVG in Jupyter, savable with ``.save``.

    Parameters
    ----------
    graph : NetworkX DiGraph, Diagram or pydot.Dot
        As for `draw`.
    executable : path, optional
        As for `render`.
    notebook_timeout : float, default 5
        Seconds Jupyter waits for the renderer before it shows the DOT text.
    **options
        Passed to `to_pydot`.

    Returns
    -------
    Diagram

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.examples import colah
    >>> G = colah()
    >>> ps.diagram(G, values=ps.reverse_path_sums(G, "e"), values_caption="∂e/∂node")
    <Diagram: 5 nodes, 5 edges>
    """
    dot = _pydot_of(graph, options)
    return Diagram(dot, executable, notebook_timeout=notebook_timeout)


# --- Mermaid ---------------------------------------------------------------------


# Entity codes for what Mermaid would read: # starts a code, " ends the string,
# < > & are HTML, a backtick after the opening quote makes a Markdown string, and
# | ends an edge's label.
_MERMAID_CODES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "|": "#124;",
    }
)


def _mermaid_string(*parts: Any) -> str:
    """A Mermaid quoted label showing `parts` (printable, cut to size) as lines."""
    lines = (_shown(part)[0].translate(_MERMAID_CODES) for part in parts)
    return '"' + "<br/>".join(lines).replace("\n", "<br/>") + '"'


def _yaml_string(text: str) -> str:
    """A one-line YAML single-quoted scalar: it reads no escapes, only ''."""
    line = " ".join(printable(text).replace("\u2028", "\n").split("\n"))
    line = shorten(line.replace("\u2029", " "), width=2 * _WIDTH)
    return "'" + line.replace("'", "''") + "'"


@not_implemented_for("undirected")
def to_mermaid(
    G: nx.DiGraph,
    *,
    values: Mapping[Hashable, Any] | None = None,
    values_caption: str | None = None,
    edge_values: Mapping[tuple, Any] | None = None,
    highlight: Collection[tuple] | Sequence[tuple] | None = None,
    title: str | None = None,
    rankdir: str = "LR",
    weight: str | None = "weight",
    node_label: NodeLabel | None = None,
    edge_label: EdgeLabel | None = None,
    edge_labels: str = "auto",
) -> str:
    """Export `G` as a Mermaid flowchart, for Markdown that renders Mermaid.

    Takes the options of `to_pydot`; an overlay value (of `values` or
    `edge_values`) is shown as an extra line ``[value]`` in the node's or the
    edge's label.

    Returns
    -------
    str
        The flowchart text.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.examples import colah
    >>> print(ps.to_mermaid(colah(), highlight=[("b", "d"), ("d", "e")]))
    ... # doctest: +ELLIPSIS
    flowchart LR
      n0["a<br/>= 2"]
    ...
      n2 -->|"∂e/∂c = d = 2"| n4
      n3 -->|"∂e/∂d = c = 3"| n4
      linkStyle 2,4 stroke:#d62728,stroke-width:3px,color:#d62728
      linkStyle 0,1,3 stroke:#b0b0b0,color:#b0b0b0
    """
    _check_options(rankdir)
    chosen = _edge_set(G, highlight)
    node_text = node_label or _default_node_label
    edge_text = _edge_label_function(G, weight, edge_labels, edge_label)
    lines = []
    caption = [line for line in (title, values_caption) if line]
    if caption:
        lines += ["---", f"title: {_yaml_string(' — '.join(caption))}", "---"]
    lines.append(f"flowchart {rankdir}")
    ids = {node: f"n{i}" for i, node in enumerate(G)}
    for node, data in G.nodes(data=True):
        parts = [node_text(node, data)]
        if values is not None and node in values:
            parts.append(f"[{format_value(values[node])}]")
        lines.append(f"  {ids[node]}[{_mermaid_string(*parts)}]")
    shown = _edge_values(G, edge_values)
    emphasised, muted = [], []
    for i, (u, v, key, data) in enumerate(_edges(G)):
        edge = (u, v) if key is None else (u, v, key)
        text = edge_text(u, v, data)
        parts = [] if text is None or str(text) == "" else [text]
        if edge in shown:
            parts.append(f"[{format_value(shown[edge])}]")
        arrow = f"-->|{_mermaid_string(*parts)}|" if parts else "-->"
        lines.append(f"  {ids[u]} {arrow} {ids[v]}")
        (emphasised if edge in chosen else muted).append(str(i))
    if chosen:
        style = f"stroke:{_HIGHLIGHT},stroke-width:3px,color:{_HIGHLIGHT}"
        lines.append(f"  linkStyle {','.join(emphasised)} {style}")
        if muted:
            lines.append(
                f"  linkStyle {','.join(muted)} stroke:{_MUTED},color:{_MUTED}"
            )
    if values is not None:
        for node in G:
            if node in values:
                lines.append(f"  style {ids[node]} stroke:{_OVERLAY},stroke-width:2px")
    return "\n".join(lines)


# --- elimination -------------------------------------------------------------------


@not_implemented_for("undirected")
def elimination_panels(
    G: nx.DiGraph,
    inputs: Sequence[Hashable],
    outputs: Sequence[Hashable],
    *,
    order: str | Sequence[Hashable] = "markowitz",
    weight: Any = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
    rankdir: str = "LR",
    title: str | None = None,
    node_label: NodeLabel | None = None,
    executable: str | os.PathLike | None = None,
) -> Diagram:
    """One panel per step of `eliminate`, then the Jacobian as a bipartite graph.

    Each step's panel shows the graph before the step, its edges labelled with
    their current weights: the node about to go and the edges it takes away in
    red, the products it ⊕-s into existing edges as ``old → new``, and the new
    (fill-in) edges it creates dashed in blue. The last panel joins each input
    to each output it reaches, labelled with the Jacobian entry.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    inputs, outputs, order, weight, semiring, default_weight
        As for `eliminate`.
    rankdir, title, node_label
        As for `to_pydot`.
    executable : path, optional
        As for `render`.

    Returns
    -------
    Diagram

    Raises
    ------
    As `eliminate`, and ValueError for an unknown `rankdir`.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.examples import colah
    >>> figure = ps.elimination_panels(colah(), ["a", "b"], ["e"], order="forward")
    >>> [panel.get("label") for panel in figure.dot.get_subgraphs()]
    ['"step 1: eliminate c\\\\n2 products, 0 additions, 2 new edges"', \
'"step 2: eliminate d\\\\n1 product, 1 addition, 0 new edges"', \
'"Jacobian: 3 multiplications, 1 addition"']
    """
    pydot = _pydot()
    from .elimination import stages

    _check_options(rankdir)
    result, graphs = stages(
        G,
        inputs,
        outputs,
        order=order,
        weight=weight,
        semiring=semiring,
        default_weight=default_weight,
    )
    node_text = node_label or _default_node_label
    terminals = {*inputs, *outputs}
    dot = _new_dot(rankdir)
    dot.set("fontname", "Helvetica")
    if title is None:
        named = f"{order} order" if isinstance(order, str) else "the given order"
        title = f"elimination in {named}"
    dot.set("label", _dot_string(title))
    dot.set("labelloc", "t")
    panels, ends = [], []
    for k, step in enumerate(result.steps):
        before, after = graphs[k], graphs[k + 1]
        verb = "pass through" if step.kept else "eliminate"
        caption = (
            f"step {k + 1}: {verb} {step.node}\n"
            f"{_count(step.multiplications, 'product')}, "
            f"{_count(step.additions, 'addition')}, "
            f"{_count(len(step.fill), 'new edge')}"
        )
        panel, ids = _elimination_panel(
            f"s{k}", caption, before, G, terminals, node_text, step.node
        )
        touched = {(u, step.node) for u in before.pred[step.node]}
        touched |= {(step.node, w) for w in before.succ[step.node]}
        for u, w, value in before.edges(data="weight"):
            text = format_value(value)
            attributes = _emphasis(True) if (u, w) in touched else {}
            if (
                (u, w) not in touched
                and before.has_edge(u, step.node)
                and (before.has_edge(step.node, w))
            ):
                text += f" → {format_value(after[u][w]['weight'])}"
                attributes = {"color": _OVERLAY, "fontcolor": _OVERLAY}
            panel.add_edge(
                pydot.Edge(ids[u], ids[w], label=_dot_string(text), **attributes)
            )
        for u, w in step.fill:
            panel.add_edge(
                pydot.Edge(
                    ids[u],
                    ids[w],
                    label=_dot_string(format_value(after[u][w]["weight"])),
                    style="dashed",
                    color=_OVERLAY,
                    fontcolor=_OVERLAY,
                    penwidth="2",
                )
            )
        panels.append(panel)
        ends.append((ids[next(iter(before))], ids[list(before)[-1]]))
    J = result.graph
    caption = (
        f"Jacobian: {_count(result.multiplications, 'multiplication')}, "
        f"{_count(result.additions, 'addition')}"
    )
    panel, ids = _elimination_panel("j", caption, J, G, terminals, node_text, None)
    for x, y, value in J.edges(data=weight if isinstance(weight, str) else "weight"):
        panel.add_edge(
            pydot.Edge(ids[x], ids[y], label=_dot_string(format_value(value)))
        )
    panels.append(panel)
    ends.append((ids[next(iter(J))], ids[list(J)[-1]]) if len(J) else (None, None))
    _chain(dot, panels, ends, rankdir)
    return Diagram(dot, executable)


def _elimination_panel(prefix, caption, H, G, terminals, node_text, going):
    pydot = _pydot()
    panel = pydot.Cluster(
        prefix,
        label=_dot_string(caption),
        style="rounded",
        color=_MUTED,
        fontname="Helvetica",
    )
    ids = {node: f"{prefix}n{j}" for j, node in enumerate(H)}
    for node in H:
        attributes = {"label": _dot_string(node_text(node, G.nodes[node]))}
        if node in terminals:
            attributes.update(style="rounded,filled", fillcolor="#eeeeee")
        if node == going:
            attributes.update(color=_HIGHLIGHT, fontcolor=_HIGHLIGHT, penwidth="2.5")
        panel.add_node(pydot.Node(ids[node], **attributes))
    return panel, ids


def _chain(dot, panels, ends, rankdir):
    """Lay the panels out in one line along the rank direction, in order."""
    pydot = _pydot()
    for panel in panels:
        dot.add_subgraph(panel)
    for (_, tail), (head, _) in pairwise(ends):
        if tail is None or head is None:
            continue
        if rankdir in ("BT", "RL"):
            tail, head = head, tail
        # weight 0: the edge orders the panels without pulling their nodes
        # into line with each other.
        dot.add_edge(pydot.Edge(tail, head, style="invis", weight="0"))


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
