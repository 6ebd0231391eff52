"""Converters for checking other graph libraries against pathsum: a networkx
graph as rustworkx, igraph or scipy.sparse holds it, with its node order.

Each converter returns ``(converted, nodes)``, where ``nodes[i]`` is the node of
`G` at index ``i`` of the converted graph, and gets right the traps a
hand-written adapter falls into: parallel edges stay separate edges (rustworkx,
igraph) or are refused until you say how to combine them (a sparse matrix
holds one entry a pair), an edge of weight 0 stays an edge (a dense matrix
reads 0 as "no edge"; the sparse matrix stores it), every node keeps its index,
isolated nodes too, and weights are read as pathsum reads them: an attribute
name, a function ``(u, v, data)`` or None for one step per edge, a missing
attribute being a `WeightError` unless ``default_weight=`` is given.

The libraries are imported when a converter is called, never by ``import
pathsum`` or ``import pathsum.testing``.
"""

from __future__ import annotations

import importlib
import operator
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx
from networkx.utils import not_implemented_for

from ._graph import (
    arc_weight_function,
    edge_weight_function,
    full_repr,
    renamed,
    short_repr,
)
from .accumulate import Weight
from .exceptions import WeightError
from .semirings import LOG, Semiring

if TYPE_CHECKING:
    import igraph
    import rustworkx
    import scipy.sparse

__all__ = ["to_igraph", "to_rustworkx", "to_scipy"]

# How the converters read a weight: a real number other than NaN, numpy's
# integers made Python ints, bools refused (LOG's lift is exactly that check);
# an edge read with weight=None is one step of length 1, a hop.
_NUMBERS = Semiring("numeric", 0, 1, operator.add, operator.mul, lift=LOG.lift, step=1)


@not_implemented_for("undirected")
def to_rustworkx(
    G: nx.DiGraph,
    *,
    weight: Weight = "weight",
    default_weight: Any = None,
) -> tuple[rustworkx.PyDiGraph, list[Hashable]]:
    """`G` as a ``rustworkx.PyDiGraph`` whose edge payloads are the weights.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        The graph (it need not be acyclic).
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to leave the edge out (on a MultiDiGraph it is
        called once per parallel edge with that edge's data), or None for every
        edge to weigh 1 (hop counts, as MIN_PLUS and MAX_PLUS read weight=None).
    default_weight : number, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError.

    Returns
    -------
    (rustworkx.PyDiGraph, list)
        A multigraph (``multigraph=True``) whose node ``i`` has payload
        ``nodes[i]``, and whose edges are `G`'s in the order of ``G.edges``,
        parallel edges each its own edge, with the weight as payload: an int
        stays an int (rustworkx's ``dag_longest_path_length`` needs ints),
        any other real number as given. The list is `G`'s nodes in index order.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected (pass ``G.to_directed()`` for an edge each way).
    WeightError
        If an edge lacks the `weight` attribute, or its weight is not a real
        number (NaN and bools included); the error names the edge, with its key
        on a MultiDiGraph.
    ImportError
        If rustworkx is not installed (``pip install rustworkx``).

    Examples
    --------
    >>> import networkx as nx
    >>> import rustworkx
    >>> from pathsum.converters import to_rustworkx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("lonely")
    >>> keys = G.add_edges_from([("a", "b", {"weight": 2}), ("a", "b", {"weight": 0}),
    ...                          ("b", "c", {"weight": 3})])
    >>> R, nodes = to_rustworkx(G)
    >>> nodes
    ['lonely', 'a', 'b', 'c']
    >>> [(nodes[i], nodes[j], w) for i, j, w in R.weighted_edge_list()]
    [('a', 'b', 2), ('a', 'b', 0), ('b', 'c', 3)]
    >>> lengths = rustworkx.dijkstra_shortest_path_lengths(
    ...     R, nodes.index("a"), edge_cost_fn=float)
    >>> {nodes[i]: d for i, d in lengths.items()}
    {'b': 0.0, 'c': 3.0}
    """
    rustworkx = _library("rustworkx", "to_rustworkx")
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [
        (index[u], index[v], w) for u, v, _, w in _edges(G, weight, default_weight)
    ]
    converted = rustworkx.PyDiGraph(multigraph=True)
    converted.add_nodes_from(nodes)
    converted.add_edges_from(edges)
    return converted, nodes


@not_implemented_for("undirected")
def to_igraph(
    G: nx.DiGraph,
    *,
    weight: Weight = "weight",
    default_weight: Any = None,
) -> tuple[igraph.Graph, list[Hashable]]:
    """`G` as a directed ``igraph.Graph`` with a ``"weight"`` edge attribute.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        The graph (it need not be acyclic).
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to leave the edge out (on a MultiDiGraph it is
        called once per parallel edge with that edge's data), or None for every
        edge to weigh 1 (hop counts, as MIN_PLUS and MAX_PLUS read weight=None).
    default_weight : number, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError.

    Returns
    -------
    (igraph.Graph, list)
        A directed graph whose vertex ``i`` is ``nodes[i]``, also stored as its
        ``"_nx_name"`` attribute, and whose edges are `G`'s in the order of
        ``G.edges``, parallel edges each its own edge, with the weights in the
        ``"weight"`` attribute (pass ``weights="weight"`` to igraph's
        functions). On a MultiDiGraph each edge's key is its
        ``"_nx_multiedge_key"``. These are the names igraph's own
        ``Graph.from_networkx`` and ``Graph.to_networkx`` use, so
        ``to_networkx()`` gives `G`'s nodes and edges back. The list is `G`'s
        nodes in index order.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected (pass ``G.to_directed()`` for an edge each way).
    WeightError
        If an edge lacks the `weight` attribute, or its weight is not a real
        number (NaN and bools included); the error names the edge, with its key
        on a MultiDiGraph.
    ImportError
        If igraph is not installed (``pip install igraph``).

    Examples
    --------
    >>> import networkx as nx
    >>> from pathsum.converters import to_igraph
    >>> G = nx.MultiDiGraph()
    >>> keys = G.add_edges_from([("a", "b", {"weight": 2}), ("a", "b", {"weight": 0}),
    ...                          ("b", "c", {"weight": 3})])
    >>> g, nodes = to_igraph(G)
    >>> g.ecount(), g.es["weight"]
    (3, [2, 0, 3])
    >>> g.distances(source=nodes.index("a"), weights="weight")
    [[0.0, 0.0, 3.0]]
    >>> len(g.get_all_shortest_paths(nodes.index("a"), to=nodes.index("c")))
    2
    """
    igraph = _library("igraph", "to_igraph")
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    pairs, weights, keys = [], [], []
    for u, v, edge, w in _edges(G, weight, default_weight):
        pairs.append((index[u], index[v]))
        weights.append(w)
        keys.append(edge[-1])
    edge_attrs: dict[str, list] = {"weight": weights}
    if G.is_multigraph():
        edge_attrs["_nx_multiedge_key"] = keys
    converted = igraph.Graph(
        n=len(nodes),
        edges=pairs,
        directed=True,
        vertex_attrs={"_nx_name": nodes},
        edge_attrs=edge_attrs,
    )
    return converted, nodes


@not_implemented_for("undirected")
def to_scipy(
    G: nx.DiGraph,
    *,
    weight: Weight = "weight",
    default_weight: Any = None,
    combine: Callable[[Any, Any], Any] | Semiring | None = None,
) -> tuple[scipy.sparse.csr_array, list[Hashable]]:
    """`G` as a ``scipy.sparse.csr_array`` for ``scipy.sparse.csgraph``.

    Entry ``[i, j]`` is the weight of the edge ``nodes[i] -> nodes[j]``. An edge
    of weight 0 is stored as an explicit zero, which ``scipy.sparse.csgraph``
    reads as an edge of length 0; a pair of nodes with no edge has no entry.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        The graph (it need not be acyclic).
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to leave the edge out (on a MultiDiGraph it is
        called once per parallel edge with that edge's data), or None for every
        edge to weigh 1 (hop counts, as MIN_PLUS and MAX_PLUS read weight=None).
    default_weight : number, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError.
    combine : function or Semiring, optional
        How parallel edges make one entry, which a MultiDiGraph with parallel
        edges needs: ``min`` for shortest paths, ``max`` for longest paths, any
        function of two weights folded over them in key order, or a pathsum
        Semiring, whose ⊕ combines them as its path sums do: then every entry
        is the semiring's weight of its edges, its lift applied, on any graph
        (``combine=ps.COUNTING`` gives the number of edges u -> v whatever
        their weights, ``combine=ps.REAL`` their sum).

    Returns
    -------
    (scipy.sparse.csr_array, list)
        An n × n float64 matrix in canonical form (sorted indices, no duplicate
        entries, explicit zeros kept), and `G`'s nodes in index order. Negating
        it keeps its explicit zeros (``-A`` for longest paths by
        ``shortest_path``); sums such as ``A + B`` and ``eliminate_zeros()``
        drop them. Ints beyond 2**53 are rounded to float64.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected (pass ``G.to_directed()`` for an edge each way).
    ValueError
        If two edges join the same pair of nodes and `combine` is not given;
        the message names the first such pair.
    TypeError
        If `combine` is neither a function nor a Semiring, or combines two
        weights into something other than a real number.
    WeightError
        If an edge lacks the `weight` attribute, its weight is not a real
        number (NaN and bools included) or is too large for a float; the error
        names the edge, with its key on a MultiDiGraph.
    ImportError
        If scipy is not installed (``pip install scipy``).

    Examples
    --------
    >>> import math
    >>> import networkx as nx
    >>> from scipy.sparse.csgraph import shortest_path
    >>> from pathsum.converters import to_scipy
    >>> G = nx.MultiDiGraph()
    >>> keys = G.add_edges_from([("a", "b", {"weight": 2}), ("a", "b", {"weight": 5}),
    ...                          ("b", "c", {"weight": 0})])
    >>> A, nodes = to_scipy(G)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    ValueError: edges ('a', 'b', 0) and ('a', 'b', 1) are parallel, ... combine=min ...
    >>> A, nodes = to_scipy(G, combine=min)
    >>> A.nnz, A.toarray().tolist()
    (2, [[0.0, 2.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> shortest_path(A, indices=nodes.index("a")).tolist()
    [0.0, 2.0, 2.0]

    The dense view shows no edge b -> c, but the matrix stores it (an explicit
    zero), so csgraph finds the path a -> b -> c of length 2.
    """
    sparse = _library("scipy.sparse", "to_scipy", package="scipy")
    import numpy as np

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    if isinstance(combine, Semiring):
        entries = _semiring_entries(G, weight, combine, default_weight)
    elif combine is None or callable(combine):
        entries = _combined_entries(G, weight, combine, default_weight)
    else:
        raise TypeError(
            f"combine must be a function of two weights, such as min or max, or "
            f"a pathsum Semiring, not {short_repr(combine)}"
        )
    rows, columns, values = [], [], []
    for (u, v), w in entries.items():
        rows.append(index[u])
        columns.append(index[v])
        values.append(_as_float(w, (u, v)))
    shape = (len(nodes), len(nodes))
    matrix = sparse.csr_array(
        (np.array(values, dtype=np.float64), (rows, columns)), shape=shape
    )
    return matrix, nodes


def _library(module: str, function: str, package: str | None = None) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = package or module
        raise ImportError(
            f"{function} needs {package}, which is not installed: "
            f"pip install {package}",
            name=module,
        ) from exc


def _edges(G: nx.DiGraph, weight: Any, default_weight: Any) -> Iterator[tuple]:
    """``(u, v, edge, w)`` for the edges of `G` in the order of ``G.edges``,
    where ``edge`` is ``(u, v)`` or ``(u, v, key)``; edges the weight function
    hides are left out."""
    edge_weight, _ = edge_weight_function(weight, _NUMBERS, default_weight)
    if not G.is_multigraph():
        for u, v, data in G.edges(data=True):
            w = edge_weight(u, v, data)
            if w is not None:
                yield u, v, (u, v), w
        return
    for u, v, key, data in G.edges(keys=True, data=True):
        try:
            w = edge_weight(u, v, data)
        except WeightError as exc:
            raise renamed(exc, (u, v, key), _NUMBERS) from exc.__cause__
        if w is not None:
            yield u, v, (u, v, key), w


def _combined_entries(
    G: nx.DiGraph, weight: Any, combine: Callable | None, default_weight: Any
) -> dict[tuple, Any]:
    """(u, v) -> the weight of the edge u -> v, parallel edges folded with
    `combine` in key order, or refused where it is None."""
    entries: dict[tuple, Any] = {}
    first: dict[tuple, tuple] = {}
    for u, v, edge, w in _edges(G, weight, default_weight):
        pair = (u, v)
        if pair not in entries:
            entries[pair] = w
            first[pair] = edge
        elif combine is None:
            raise ValueError(
                f"edges {full_repr(first[pair])} and {full_repr(edge)} are "
                f"parallel, and a sparse matrix holds one entry for "
                f"{short_repr(u)} -> {short_repr(v)} (scipy would add up the two "
                f"into one edge of weight {short_repr(entries[pair])} + "
                f"{short_repr(w)}); pass combine=min for shortest paths, "
                f"combine=max for longest paths, or combine=a pathsum Semiring "
                f"for its ⊕"
            )
        else:
            try:
                combined = combine(entries[pair], w)
            except TypeError as exc:
                raise TypeError(
                    f"combine={short_repr(combine)} must take two weights, as min "
                    f"and max do; combine({short_repr(entries[pair])}, "
                    f"{short_repr(w)}) at edge {full_repr(edge)} raised: {exc}"
                ) from exc
            try:
                entries[pair] = _NUMBERS.lift(combined)
            except (TypeError, ValueError) as exc:
                raise TypeError(
                    f"combine({short_repr(entries[pair])}, {short_repr(w)}) at "
                    f"edge {full_repr(edge)} returned {short_repr(combined)}, "
                    f"which is not a real number: {exc}"
                ) from exc
    return entries


def _semiring_entries(
    G: nx.DiGraph, weight: Any, semiring: Semiring, default_weight: Any
) -> dict[tuple, Any]:
    """(u, v) -> the semiring's weight of the edges u -> v: the ⊕ of their
    lifted weights, as pathsum's passes read an arc."""
    arc, _ = arc_weight_function(G, weight, semiring, default_weight)
    entries: dict[tuple, Any] = {}
    for u, neighbours in G._succ.items():
        for v, data in neighbours.items():
            w = arc(u, v, data)
            if w is None:
                continue
            try:
                entries[u, v] = _NUMBERS.lift(w)
            except (TypeError, ValueError) as exc:
                raise WeightError(
                    f"the {semiring.name} weight of the edges {full_repr((u, v))} "
                    f"is {short_repr(w)}, not a real number a matrix can hold: "
                    f"{exc}",
                    edge=(u, v),
                    raw=w,
                ) from exc
    return entries


def _as_float(w: Any, pair: tuple) -> float:
    try:
        return float(w)
    except OverflowError as exc:
        raise WeightError(
            f"the weight {short_repr(w)} of the edge {full_repr(pair)} is too "
            f"large for a float64",
            edge=pair,
            raw=w,
        ) from exc
