"""Jacobians of a computational graph: many path sums, by the cheaper pass."""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Sequence
from typing import Any

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from ._constants import MAX_PATHS
from ._graph import check_node, edges_reachable
from ._passes import (
    check_max_paths,
    count_relevant_paths,
    enumerated_sum,
    relevant_edges,
)
from .accumulate import Weight, forward_path_sums, reverse_path_sums
from .compiled import CompiledDAG, compile_dag, numba_available, one_hot_sweep
from .elimination import eliminate, exact_array
from .exceptions import TooManyPathsError
from .paths import count_paths
from .semirings import REAL

__all__ = ["ARRAY_EDGES", "ENGINES", "MODES", "jacobian", "jacobian_cost"]

MODES = ("auto", "forward", "reverse", "paths", "markowitz")
ENGINES = ("auto", "python", "array")

#: From this many edges, engine="auto" computes a Jacobian with arrays.
ARRAY_EDGES = 5_000


def _nodes(G: nx.DiGraph, nodes: Any, role: str) -> list[Hashable]:
    if isinstance(nodes, str) or not isinstance(nodes, Sequence):
        raise TypeError(f"{role}s must be a list or tuple of nodes, not {nodes!r}")
    return [check_node(G, node, role) for node in nodes]


def _cheaper(G: nx.DiGraph, inputs: list, outputs: list) -> tuple[int, int, str]:
    """Edges the forward and the reverse passes touch in all, and the fewer."""
    forward = sum(edges_reachable(G, x) for x in inputs)
    reverse = sum(edges_reachable(G, y, reverse=True) for y in outputs)
    return forward, reverse, "forward" if forward < reverse else "reverse"


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
        enumerate over all input-output pairs; ``"auto"``: the mode
        ``jacobian(mode="auto")`` takes on the dict engine, the one of forward
        and reverse that touches fewer edges (reverse on a tie).

    Examples
    --------
    One input and two outputs: reverse mode needs two passes, forward one.

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph([("x", "h"), ("h", "y1"), ("h", "y2")])
    >>> ps.jacobian_cost(G, ["x"], ["y1", "y2"])
    {'forward': {'passes': 1, 'edges': 3}, 'reverse': {'passes': 2, 'edges': 4}, \
'paths': {'pairs': 2, 'paths': 2}, 'auto': 'forward'}
    """
    inputs = _nodes(G, inputs, "input")
    outputs = _nodes(G, outputs, "output")
    forward, reverse, cheaper = _cheaper(G, inputs, outputs)
    return {
        "forward": {"passes": len(inputs), "edges": forward},
        "reverse": {"passes": len(outputs), "edges": reverse},
        "paths": {
            "pairs": len(inputs) * len(outputs),
            "paths": sum(count_paths(G, x, y) for x in inputs for y in outputs),
        },
        "auto": cheaper,
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
    engine: str = "auto",
    max_paths: int | None = MAX_PATHS,
    chunks: int | None = None,
) -> Any:
    """The Jacobian ``J[i, j] = d outputs[i] / d inputs[j]`` as path sums.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A computational graph: each edge u -> v weighs ∂v/∂u.
    inputs, outputs : sequence of nodes
        The columns and the rows.
    mode : {"auto", "forward", "reverse", "paths", "markowitz"}, default "auto"
        ``"forward"`` runs one forward pass per input (a column each),
        ``"reverse"`` one reverse pass per output (a row each), ``"paths"``
        enumerates every path of every pair. ``"auto"`` takes whichever of
        forward and reverse touches fewer edges in all (`jacobian_cost`); with
        many inputs and few outputs that is reverse mode, backpropagation.
        ``"markowitz"`` eliminates the intermediate nodes in Markowitz order
        (`eliminate`), on the dict engine whatever `engine` says.
    weight : string, function or None, default "weight"
        As in `path_sum`.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never 1.
    engine : {"auto", "python", "array"}, default "auto"
        ``"python"`` runs the dict-based passes (any values, exact ints and
        Fractions); ``"array"`` compiles the graph once (`compile_dag`) and
        sends every input (forward) or output (reverse) through one sweep as a
        block of seed columns, in float64: ask for it to get floats whatever
        the weights are. ``"auto"`` takes the arrays for graphs of
        `ARRAY_EDGES` edges or more whose weights are all floats, when numba is
        installed, and keeps exact weights exact.
    max_paths : int or None, default 1000000
        With ``mode="paths"``, refuse to enumerate more paths than this over
        all the input-output pairs together (None: no limit). The passes need
        no limit.
    chunks : int or None, default None
        Return a lazy ``dask.array.Array`` built from blocks of `chunks` seed
        columns (inputs in forward mode, outputs in reverse mode; "auto" picks
        as the arrays do), each one sweep of the compiled graph (`compile_dag`;
        float64, as ``engine="array"``). ``compute()`` runs the blocks on
        whatever Dask scheduler is active, and the graph goes to each worker
        once. Needs ``pip install 'pathsum[dask]'``; see the guide "Scaling
        out".

    Returns
    -------
    numpy.ndarray
        Shaped ``(len(outputs), len(inputs))``. An int64 or float64 array when
        every entry fits one exactly; otherwise (ints past int64 or, among
        floats, past 2**53; Fractions; other objects) an object array of the
        exact values. float64 from ``engine="array"``. With `chunks`, a
        lazy float64 ``dask.array.Array`` of that shape.

    Raises
    ------
    NetworkXNotImplemented, NodeNotFound, NotADAGError, WeightError
        As `path_sum`.
    TypeError
        If `inputs` or `outputs` is not a list or tuple of nodes, or `chunks`
        is not an int.
    ValueError
        If `mode` is unknown, or `max_paths` is not an int >= 0 or None; if
        `chunks` is below 1, or is given with ``mode="paths"``,
        ``"markowitz"`` or ``engine="python"``.
    ImportError
        If `chunks` is given and dask is not installed.
    TooManyPathsError
        If ``mode="paths"`` and the pairs have more than `max_paths` paths in
        all; the message gives their exact number, before any is enumerated.

    Examples
    --------
    >>> import pathsum as ps
    >>> G = ps.program_graph("c = a + b\\nd = b + 1\\ne = c * d", a=2, b=1)
    >>> ps.jacobian(G, ["a", "b"], ["e", "c"])
    array([[2, 5],
           [1, 1]])
    >>> J = ps.jacobian(G, ["a", "b"], ["e", "c"], chunks=1)  # a dask array
    >>> J.compute(scheduler="synchronous")
    array([[2., 5.],
           [1., 1.]])
    """
    if mode not in MODES:
        raise ValueError(f"mode={mode!r} is not one of {', '.join(MODES)}")
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r} is not one of {', '.join(ENGINES)}")
    check_max_paths(max_paths)
    inputs = _nodes(G, inputs, "input")
    outputs = _nodes(G, outputs, "output")
    options = {"weight": weight, "default_weight": default_weight}
    if chunks is not None:
        return _chunked(G, inputs, outputs, mode, engine, options, chunks)
    if mode == "markowitz":
        return eliminate(G, inputs, outputs, order="markowitz", **options).jacobian
    dag = None
    if mode != "paths" and engine != "python":
        dag = _compiled(G, engine, options)
    if mode == "auto" and dag is not None:
        # A sweep of the arrays costs every edge once per seed column.
        mode = "forward" if len(inputs) < len(outputs) else "reverse"
    elif mode == "auto":
        mode = _cheaper(G, inputs, outputs)[2]
    if dag is not None:
        return _array_jacobian(dag, inputs, outputs, mode)
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
        pairs = _enumerable(G, inputs, outputs, options, max_paths)
        for (i, j), (x, y, out) in pairs.items():
            J[i][j] = enumerated_sum(out, x, y, REAL)
    if not inputs or not outputs:
        return np.zeros((len(outputs), len(inputs)))
    return exact_array(J)


def _enumerable(G, inputs, outputs, options, max_paths) -> dict:
    """``(i, j) -> (input, output, edges on its paths)``, once the paths of
    every pair are counted and found within `max_paths` in all."""
    pairs, total = {}, 0
    for i, y in enumerate(outputs):
        for j, x in enumerate(inputs):
            out = relevant_edges(
                G, x, y, options["weight"], REAL, options["default_weight"]
            )
            total += count_relevant_paths(out, x, y)
            pairs[i, j] = (x, y, out)
    if max_paths is not None and total > max_paths:
        about = f" (about {total:.3g})" if total >= 10**15 else ""
        raise TooManyPathsError(
            f"mode='paths' would enumerate {total}{about} paths over "
            f"{len(pairs)} input-output pairs, more than max_paths={max_paths}; "
            f"use mode='forward' or 'reverse', which need no enumeration, or "
            f"raise max_paths",
            count=total,
            limit=max_paths,
        )
    return pairs


def _compiled(G: nx.DiGraph, engine: str, options: dict) -> CompiledDAG | None:
    """The compiled graph for the array engine, or None to use the dict engine."""
    if engine == "auto" and (not numba_available() or G.size() < ARRAY_EDGES):
        return None
    dag = compile_dag(G, **options)
    if engine == "auto" and dag.weights_kind != "f":
        return None  # exact weights stay exact in the dict engine
    return dag


def _chunked(G, inputs, outputs, mode, engine, options, chunks):
    """The Jacobian as a dask array of blocks of `chunks` seed columns."""
    if isinstance(chunks, bool) or not isinstance(chunks, numbers.Integral):
        raise TypeError(f"chunks={chunks!r} is not a positive int (or None)")
    if chunks < 1:
        raise ValueError(f"chunks={chunks!r} is not a positive int (or None)")
    if mode in ("paths", "markowitz") or engine == "python":
        asked = f"engine={engine!r}" if engine == "python" else f"mode={mode!r}"
        raise ValueError(
            f"chunks={chunks} sweeps blocks of seeds through the compiled graph; "
            f"{asked} does not: use mode 'auto', 'forward' or 'reverse' with "
            f"engine 'auto' or 'array', or chunks=None"
        )
    from .scaling import chunked_jacobian, dask_modules

    dask_modules()  # before compiling: without dask, say so at once
    dag = compile_dag(G, **options)
    if mode == "auto":
        mode = "forward" if len(inputs) < len(outputs) else "reverse"
    forward = mode == "forward"
    seeds, reads = (inputs, outputs) if forward else (outputs, inputs)
    return chunked_jacobian(
        dag,
        [dag.index[node] for node in seeds],
        [dag.index[node] for node in reads],
        forward=forward,
        chunks=chunks,
    )


def _array_jacobian(dag: CompiledDAG, inputs: list, outputs: list, mode: str):
    """All the passes of one mode as a single sweep of a block of seeds."""
    rows = np.array([dag.index[y] for y in outputs], np.int64)
    columns = np.array([dag.index[x] for x in inputs], np.int64)
    if mode == "forward":
        return one_hot_sweep(dag, columns, rows, forward=True)
    return one_hot_sweep(dag, rows, columns, forward=False, seeds_first=True)
