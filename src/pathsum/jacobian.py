"""Jacobians of a computational graph: many path sums, by the cheaper pass."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from ._graph import check_node
from .accumulate import Weight, forward_path_sums, path_sum, reverse_path_sums
from .paths import count_paths

__all__ = ["MODES", "jacobian", "jacobian_cost"]

MODES = ("auto", "forward", "reverse", "paths")


def _nodes(G: nx.DiGraph, nodes: Any, role: str) -> list[Hashable]:
    if isinstance(nodes, str) or not isinstance(nodes, Sequence):
        raise TypeError(f"{role}s must be a list or tuple of nodes, not {nodes!r}")
    return [check_node(G, node, role) for node in nodes]


def _edges_from(G: nx.DiGraph, node: Hashable, reverse: bool) -> int:
    if reverse:
        return sum(d for _, d in G.in_degree([node, *nx.ancestors(G, node)]))
    return sum(d for _, d in G.out_degree([node, *nx.descendants(G, node)]))


@not_implemented_for("undirected")
def jacobian_cost(
    G: nx.DiGraph, inputs: Sequence[Hashable], outputs: Sequence[Hashable]
) -> dict[str, dict[str, int]]:
    """What each way of computing ``jacobian(G, inputs, outputs)`` costs.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    inputs, outputs : sequence of nodes
        The columns and rows of the Jacobian.

    Returns
    -------
    dict
        ``"forward"``: ``{"passes": len(inputs), "edges": e}`` where ``e`` sums,
        over the inputs, the edges reachable from each (what its pass touches);
        ``"reverse"``: the same over the outputs, for the edges that reach each;
        ``"paths"``: ``{"pairs": …, "paths": …}``, the number of paths to
        enumerate over all input-output pairs.

    Examples
    --------
    One input and two outputs: reverse mode needs two passes, forward one.

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph([("x", "h"), ("h", "y1"), ("h", "y2")])
    >>> ps.jacobian_cost(G, ["x"], ["y1", "y2"])
    {'forward': {'passes': 1, 'edges': 3}, 'reverse': {'passes': 2, 'edges': 4}, \
'paths': {'pairs': 2, 'paths': 2}}
    """
    inputs = _nodes(G, inputs, "input")
    outputs = _nodes(G, outputs, "output")
    return {
        "forward": {
            "passes": len(inputs),
            "edges": sum(_edges_from(G, x, reverse=False) for x in inputs),
        },
        "reverse": {
            "passes": len(outputs),
            "edges": sum(_edges_from(G, y, reverse=True) for y in outputs),
        },
        "paths": {
            "pairs": len(inputs) * len(outputs),
            "paths": sum(count_paths(G, x, y) for x in inputs for y in outputs),
        },
    }


@not_implemented_for("undirected")
def jacobian(
    G: nx.DiGraph,
    inputs: Sequence[Hashable],
    outputs: Sequence[Hashable],
    *,
    mode: str = "auto",
    weight: Weight = "weight",
    default_weight: Any = None,
) -> np.ndarray:
    """The Jacobian ``J[i, j] = d outputs[i] / d inputs[j]`` as path sums.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A computational graph: each edge u -> v weighs ∂v/∂u.
    inputs, outputs : sequence of nodes
        The columns and the rows.
    mode : {"auto", "forward", "reverse", "paths"}, default "auto"
        ``"forward"`` runs one forward pass per input (a column each),
        ``"reverse"`` one reverse pass per output (a row each), ``"paths"``
        enumerates every path of every pair. ``"auto"`` takes whichever of
        forward and reverse touches fewer edges in all (`jacobian_cost`); with
        many inputs and few outputs that is reverse mode, backpropagation.
    weight : string, function or None, default "weight"
        As in `path_sum`.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute; by default 1.

    Returns
    -------
    numpy.ndarray
        Shaped ``(len(outputs), len(inputs))``. ints and floats give a numeric
        array; exact values such as Fractions give an object array.

    Raises
    ------
    NetworkXNotImplemented, NodeNotFound, NotADAGError, WeightError
        As `path_sum`.
    TypeError
        If `inputs` or `outputs` is not a list or tuple of nodes.
    ValueError
        If `mode` is unknown.

    Examples
    --------
    >>> import pathsum as ps
    >>> G = ps.program_graph("c = a + b\\nd = b + 1\\ne = c * d", a=2, b=1)
    >>> ps.jacobian(G, ["a", "b"], ["e", "c"])
    array([[2, 5],
           [1, 1]])
    """
    if mode not in MODES:
        raise ValueError(f"mode={mode!r} is not one of {', '.join(MODES)}")
    inputs = _nodes(G, inputs, "input")
    outputs = _nodes(G, outputs, "output")
    if mode == "auto":
        cost = jacobian_cost(G, inputs, outputs)
        cheaper = cost["forward"]["edges"] < cost["reverse"]["edges"]
        mode = "forward" if cheaper else "reverse"
    options = {"weight": weight, "default_weight": default_weight}
    J = [[0] * len(inputs) for _ in outputs]
    if mode == "forward":
        for j, x in enumerate(inputs):
            sums = forward_path_sums(G, x, **options)
            for i, y in enumerate(outputs):
                J[i][j] = sums.get(y, 0)
    elif mode == "reverse":
        for i, y in enumerate(outputs):
            sums = reverse_path_sums(G, y, **options)
            for j, x in enumerate(inputs):
                J[i][j] = sums.get(x, 0)
    else:
        for i, y in enumerate(outputs):
            for j, x in enumerate(inputs):
                J[i][j] = path_sum(G, x, y, method="paths", **options)
    if not inputs or not outputs:
        return np.zeros((len(outputs), len(inputs)))
    return np.array(J)
