"""`compile_dag`: a networkx graph read once into the arrays of a CompiledDAG."""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter, methodcaller
from typing import Any

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from .._graph import check_weight, cycle_error, missing_weight
from ..exceptions import WeightError
from ..semirings import (
    COUNTING,
    REAL,
    Semiring,
)
from .checks import (
    MISSING,
    check_compiled_semiring,
    csr_problem,
    lifted_weights,
    raw_array,
)
from .dag import CompiledDAG
from .kernels import kahn, kahn_kernel, numba_engine

__all__ = [
    "compile_dag",
]


@not_implemented_for("undirected")
def compile_dag(
    G: nx.DiGraph,
    *,
    weight: Any = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
    engine: str = "auto",
) -> CompiledDAG:
    """Store `G` as CSR arrays in topological order, for fast passes.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges stay distinct.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning
        the edge's weight or None to hide the edge, or None: every edge is one
        step, which weighs ``semiring.one``, except in MIN_PLUS and MAX_PLUS,
        where it has length 1 (hop counts, as the dict engine counts them).
    semiring : Semiring, default REAL
        One of the numeric built-ins: REAL (float64), COUNTING (int64; an
        overflow raises, never wraps), BOOLEAN, MIN_PLUS, MAX_PLUS, MAX_TIMES,
        LOG (float64).
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.
    engine : {"auto", "numba", "numpy"}, default "auto"
        What runs the passes: numba's compiled loops when installed (``pip
        install 'pathsum[fast]'``; "auto" uses them when numba is there),
        else numpy sweeps by level.

    Returns
    -------
    CompiledDAG

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NotADAGError
        If `G` has a cycle; the message shows one.
    WeightError
        If an edge lacks the `weight` attribute (and no `default_weight` is
        given), or its weight is not a number of the semiring; it names the
        edge, ``(u, v)`` or ``(u, v, key)``.
    TypeError
        If the semiring is not one of the numeric built-ins.
    RuntimeError
        If another thread adds or removes nodes or edges of `G` during the
        call (what was read is checked before any compiled loop runs).

    Notes
    -----
    The graph is read once, in its own order; the topological order is then
    found on the arrays (Kahn's algorithm), not by a second networkx traversal.
    Reals are computed in float64, so int and Fraction weights lose exactness
    here: ints past 2**53 are rounded, and ints past the float range are a
    WeightError. `weights_kind` says what the weights were (``"f"`` only when
    converting them lost nothing more than float rounding), and the dict-based
    functions keep exact weights exact; `jacobian` uses the arrays only for
    float weights. Conversion costs about one
    Python-level visit per edge, more than a single pass of the dict-based
    functions; arrays pay from the second pass on, or at once for a block of
    seeds.

    Examples
    --------
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("a", "c", 1.0), ("b", "c", 1.0), ("b", "d", 1.0),
    ...                            ("c", "e", 2.0), ("d", "e", 3.0)])
    >>> dag = ps.compile_dag(G)
    >>> dag.to_dict(dag.reverse("e"))
    {'a': 2.0, 'b': 5.0, 'c': 2.0, 'd': 3.0, 'e': 1.0}
    >>> dag.forward(np.eye(len(dag.nodes))).shape  # every node as a seed at once
    (5, 5)
    """
    kind = check_compiled_semiring(semiring)
    check_weight(weight)
    use_numba = numba_engine(engine)
    nodes = list(G)
    counts, heads, raw, edges, keys = _read_edges(
        G, nodes, weight, semiring, default_weight
    )
    n, m = len(nodes), len(heads)
    indptr = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=indptr[1:])
    problem = csr_problem(n, indptr, heads)
    if problem:
        problem = problem[1]
    elif raw is not None and len(raw) != m:
        problem = f"{len(raw)} weights for {m} edges"
    if problem:
        # Only another thread changing G makes what was read disagree; the
        # kernels must never see such arrays (they would read out of bounds).
        raise RuntimeError(
            f"the graph changed while compile_dag read it ({problem}): "
            "another thread added or removed nodes or edges; compile a graph no "
            "other thread changes (a copy taken under your lock)"
        )
    raw, weights_kind = raw_array(raw, m)
    if use_numba:
        order, level = kahn_kernel()(n, indptr, heads)
    else:
        order, level = kahn(n, indptr.tolist(), heads.tolist())
    if len(order) < n:
        _raise_cycle(nodes, order, indptr, heads)
    # Renumber in topological order: node order[i] becomes i, and its edges move
    # with it as one contiguous slice.
    position = np.empty(n, np.int64)
    position[order] = np.arange(n)
    new_counts = counts[order]
    new_indptr = np.zeros(n + 1, np.int64)
    np.cumsum(new_counts, out=new_indptr[1:])
    take = np.repeat(indptr[order] - new_indptr[:-1], new_counts) + np.arange(m)
    new_tails = np.repeat(np.arange(n), new_counts)
    levels = np.searchsorted(level[order], np.arange(level.max(initial=-1) + 2))
    raw = None if raw is None else raw[take]

    def edge_name(e: int) -> tuple:
        # The e-th edge of the arrays is the take[e]-th edge read.
        return _edge(G, edges, int(take[e]))

    weights = lifted_weights(raw, edge_name, semiring, kind, m)
    # Unsigned positions: the compiled loops then need no test for negative
    # indices (about 20% of a pass), and 32 bits halve the memory read per edge.
    node_type = np.uint32 if n < 2**32 else np.uint64
    dag = CompiledDAG(
        list(map(nodes.__getitem__, order.tolist())),
        new_indptr.astype(np.uint64),
        position[heads[take]].astype(node_type),
        weights,
        new_tails.astype(node_type),
        levels,
        semiring,
        "numba" if use_numba else "numpy",
        raw_weights=raw,
    )
    dag.weights_kind = weights_kind
    if keys is not None:
        dag.edge_keys = [keys[i] for i in take.tolist()]
    dag._unweighted = weight is None
    return dag


def _read_edges(G, nodes, weight, semiring, default_weight):
    """One pass over `G`: each node's out-degree, each edge's head and raw weight.

    Edges come grouped by tail in the order of `nodes` (that of `G`); a head
    that is not in `nodes` (a node added meanwhile) is read as -1. Each node's
    out-degree and heads come from one reading of its adjacency, so they agree
    even if another thread changes `G`. Returns ``(counts, heads,
    raw, edges, keys)``; ``raw`` is None when no weight is read (every edge
    is one step), ``edges`` lists the edges (for messages) only when a weight function
    is called, since it may hide some, and ``keys`` the edges' keys on a
    MultiDiGraph (else None). A named attribute that an edge lacks is
    a WeightError naming the edge, unless `default_weight` fills it in.
    """
    index = dict(zip(nodes, range(len(nodes)), strict=True))
    get = index.get
    succ = G._succ
    multigraph = G.is_multigraph()
    missing = MISSING if default_weight is None else default_weight
    # COUNTING ignores what a weight is, but a callable may still hide edges.
    ignore = weight is None or (semiring is COUNTING and not callable(weight))
    heads: list[int] = []
    raw: list[Any] = []
    add_head, add_raw = heads.append, raw.append
    if callable(weight) and not ignore:
        counts, edges = [], []
        for u, neighbours in succ.items():
            before = len(heads)
            for v, data in neighbours.items():
                for key, edge_data in data.items() if multigraph else [(None, data)]:
                    w = weight(u, v, edge_data)
                    if w is not None:
                        add_head(get(v, -1))
                        add_raw(w)
                        edges.append((u, v) if key is None else (u, v, key))
            counts.append(len(heads) - before)
        if semiring is COUNTING:
            raw = None
        keys = [edge[2] for edge in edges] if multigraph else None
        counts, heads = np.array(counts, np.int64), np.array(heads, np.int64)
        return counts, heads, raw, edges, keys
    keys = None
    if multigraph:
        counts, keys = [], []
        for u, neighbours in succ.items():
            before = len(heads)
            for v, keydict in neighbours.items():
                heads.extend([get(v, -1)] * len(keydict))
                keys.extend(keydict)
                if not ignore:
                    for key, data in keydict.items():
                        w = data.get(weight, missing)
                        if w is MISSING:
                            raise missing_weight((u, v, key), weight, semiring)
                        add_raw(w)
            counts.append(len(heads) - before)
        counts = np.array(counts, np.int64)
    else:
        # The hottest part of the conversion, read at C speed with no Python
        # step per edge. Each node's adjacency is copied first (one C call,
        # which no other thread can interrupt), so its out-degree, heads and
        # weights come from one state of it even if another thread changes G.
        counts = []
        minus_one = repeat(-1)
        read = None if ignore else itemgetter(weight)
        if default_weight is not None:
            read = methodcaller("get", weight, default_weight)
        add_heads, add_raws = heads.extend, raw.extend
        try:
            for neighbours in succ.values():
                now = neighbours.copy()
                add_heads(map(get, now, minus_one))
                if read is not None:
                    add_raws(map(read, now.values()))
                counts.append(len(now))
        except KeyError:
            raise missing_weight(
                _first_lacking(succ, weight), weight, semiring
            ) from None
        counts = np.array(counts, np.int64)
    return counts, np.array(heads, np.int64), None if ignore else raw, None, keys


def _first_lacking(succ, weight) -> tuple:
    """The first edge, in reading order, whose data lacks `weight`."""
    for u, neighbours in succ.items():
        for v, data in neighbours.items():
            if weight not in data:
                return (u, v)
    raise RuntimeError(
        "the graph changed while compile_dag read it: an edge without the "
        f"{weight!r} attribute is gone; compile a graph no other thread changes"
    )


def _edge(G, edges, e: int) -> tuple:
    """The `e`-th edge in reading order, for a message."""
    if edges is not None:
        return edges[e]
    for i, edge in enumerate(G.edges(keys=True) if G.is_multigraph() else G.edges()):
        if i == e:
            return edge
    raise WeightError(f"edge number {e} is not in the graph", edge=())


def _raise_cycle(nodes: list, order: np.ndarray, indptr, heads) -> None:
    """Raise NotADAGError for a cycle among the nodes Kahn's algorithm left.

    Each node left has an in-edge from another node left (else its in-degree
    would have come down to 0), so walking such in-edges backwards from any of
    them comes round to a node already walked: a cycle, found in linear time.
    """
    n = len(nodes)
    left = np.ones(n, bool)
    left[order] = False
    tails = np.repeat(np.arange(n), np.diff(indptr))
    inner = left[tails] & left[heads]
    before = np.full(n, -1, np.int64)
    before[heads[inner]] = tails[inner]
    before = before.tolist()
    walked: dict[int, int] = {}
    v = int(np.flatnonzero(left)[0])
    while v not in walked:
        walked[v] = len(walked)
        v = before[v]
    # `walked` runs against the edges; its tail from `v` on is the cycle.
    cycle = list(walked)[walked[v] :]
    cycle.reverse()
    raise cycle_error([nodes[i] for i in [*cycle, cycle[0]]])
