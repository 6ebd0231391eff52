"""The array engine: a DAG stored once as CSR arrays in topological order.

`compile_dag` reads a networkx graph in one pass, sorts it topologically on the
arrays, and returns a `CompiledDAG` whose passes are loops over edges in
compiled code (numba, the optional extra ``fast``) or, without numba, numpy
sweeps level by level. A block of k seeds goes through in one sweep.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import math
import numbers
import os
import pickle
import stat
import uuid
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from networkx.utils import not_implemented_for

from ._graph import bad_weight, check_weight, cycle_error, missing_weight, short_repr
from .exceptions import CompiledFileError, WeightError
from .semirings import (
    BOOLEAN,
    COUNTING,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
    Semiring,
    step_weight,
)

__all__ = [
    "ENGINES",
    "CompiledDAG",
    "PathSumsView",
    "compile_dag",
    "load_compiled",
    "numba_available",
]

ENGINES = ("auto", "numba", "numpy")

_INT64_MAX = np.iinfo(np.int64).max
_INT64_MIN = np.iinfo(np.int64).min

# Stands for a weight attribute an edge lacks: no attribute value can be it.
_MISSING = object()

# The numpy engine steps level by level only where levels hold this many edges
# on average; below it, a plain loop is quicker. (The tests set it to 0 to run
# the sweep on small graphs.)
_WIDE = 64

# A sweep of many seed columns is quickest a tile of columns at a time, so
# the rows it reads at random (n_nodes x tile values) stay near the caches:
# on 5*10^4 nodes, blocks of 1,024 columns cost 0.77 ns per edge and column,
# blocks of 16 to 32 cost 0.44 to 0.46 (benchmarks/RESULTS.md, "Scaling out").
_TILE_BYTES = 8 * 2**20
_TILE_MIN, _TILE_MAX = 16, 64


def column_tile(n_nodes: int, itemsize: int) -> int:
    """How many seed columns to sweep at a time: as many as keep ``n_nodes``
    rows of them within 8 MiB, a multiple of 8 from 16 to 64."""
    fits = _TILE_BYTES // max(1, n_nodes * itemsize)
    return max(_TILE_MIN, min(_TILE_MAX, fits // 8 * 8))


def _aligned_zeros(shape: tuple[int, int]) -> np.ndarray:
    """Zeros starting at a 2 MiB boundary, so that huge pages can back all of
    it where the system gives them (numpy asks for them for large arrays):
    the sweep reads its rows at random, and with 4 KiB pages the misses of
    the translation cache cost it about a fifth more (measured in a Dask
    worker, whose allocator returns freed memory to the system at once)."""
    size, align = shape[0] * shape[1], 2**21 // 8
    if size < 2 * align:  # 4 MiB, below which numpy asks for no huge pages
        return np.zeros(shape)
    raw = np.zeros(size + align)
    start = (-raw.ctypes.data // 8) % align
    return raw[start : start + size].reshape(shape)


def check_real(dag: CompiledDAG) -> None:
    """Refuse a graph whose semiring is not REAL for one-hot seeds of 1.0,
    which are REAL's one and only a number in any other semiring."""
    if dag.semiring is not REAL:
        raise ValueError(
            f"one-hot seeds sweep a REAL graph, and this one is compiled in "
            f"{dag.semiring.name}: compile it with semiring=REAL, or pass seeds "
            f"of that semiring to forward or reverse"
        )


def one_hot_sweep(
    dag: CompiledDAG,
    seeds: Sequence[int],
    reads: Any,
    *,
    forward: bool,
    seeds_first: bool = False,
) -> np.ndarray:
    """Rows `reads` of the sweep of one-hot seeds at the positions `seeds` (a
    column each) through a REAL graph, a tile of columns at a time in one
    buffer: a Jacobian's block of any width costs the memory of one tile and
    runs at the tile's speed, with no allocation per tile.

    Shaped (reads, seeds), or with `seeds_first` (seeds, reads): the transpose,
    written that way as the tiles are read (C order, with no copy after), which
    is how a reverse Jacobian's rows are wanted."""
    check_real(dag)
    n, k = len(dag.nodes), len(seeds)
    seeds = np.asarray(seeds, np.int64)
    tile = column_tile(n, np.dtype(np.float64).itemsize)
    out = np.empty((k, len(reads)) if seeds_first else (len(reads), k))
    columns = out.T if seeds_first else out  # (reads, seeds) either way
    buffer = _aligned_zeros((n, min(tile, k)))
    for first in range(0, k, tile):
        at = seeds[first : first + tile]
        x = buffer if len(at) == buffer.shape[1] else np.zeros((n, len(at)))
        x[at, np.arange(len(at))] = 1.0
        dag._run(x, forward, int(at.min()) if forward else int(at.max()) + 1)
        columns[:, first : first + len(at)] = x[reads, :]
        x.fill(0.0)
    return out


def _log_mul(a, b):
    """LOG's ⊗ on arrays: + with -inf (zero) annihilating even +inf weights."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isneginf(a) | np.isneginf(b), -math.inf, a + b)


def _annihilating(mul: np.ufunc, zero: float) -> Any:
    """An order semiring's ⊗ on arrays: `mul`, with `zero` where it gives NaN.

    inf + -inf and inf × 0 arise only where a product that overflowed to an
    infinity meets `zero` (the lifts refuse NaN weights), and a path through
    an edge that is not there weighs `zero`, as in the semirings' own ⊗.
    Warnings are off, as Python floats overflow quietly in the dict engine.
    """

    def times(a, b):
        with np.errstate(invalid="ignore", over="ignore"):
            product = mul(a, b)
        return np.where(product != product, zero, product)

    return times


@dataclass(frozen=True)
class _Kind:
    """How the array engine represents one semiring."""

    code: int  # the kernels' switch
    dtype: type
    zero: Any
    one: Any
    add: np.ufunc  # its .at accumulates a level's edges
    mul: Any  # elementwise on arrays


_KINDS = {
    REAL: _Kind(0, np.float64, 0.0, 1.0, np.add, np.multiply),
    COUNTING: _Kind(1, np.int64, 0, 1, np.add, np.multiply),
    BOOLEAN: _Kind(2, np.uint8, 0, 1, np.maximum, np.minimum),
    MIN_PLUS: _Kind(
        3, np.float64, math.inf, 0.0, np.minimum, _annihilating(np.add, math.inf)
    ),
    MAX_PLUS: _Kind(
        4, np.float64, -math.inf, 0.0, np.maximum, _annihilating(np.add, -math.inf)
    ),
    MAX_TIMES: _Kind(
        5, np.float64, 0.0, 1.0, np.maximum, _annihilating(np.multiply, 0.0)
    ),
    LOG: _Kind(6, np.float64, -math.inf, 0.0, np.logaddexp, _log_mul),
}


@functools.cache
def numba_available() -> bool:
    """Whether the compiled kernels can be used (numba, the optional extra
    ``fast``, is installed). Looks without importing it: numba is imported at
    the first compiled pass, so ``import pathsum`` stays quick."""
    return importlib.util.find_spec("numba") is not None


@functools.cache
def _numba() -> tuple:
    """numba's compilers for the kernels: (loops, inlined operations)."""
    from numba import njit

    # numba keys its cache on a closure's variables too, so each semiring's
    # kernels are cached apart. ⊕, ⊗ and the overflow test are inlined where
    # they are used: a call per edge would cost as much as the edge's arithmetic.
    return njit(cache=True, nogil=True), njit(cache=True, inline="always")


# The kernels, compiled by numba when it is installed. Each semiring gets its
# own pair (made by `_kernels`), so ⊕ and ⊗ are inlined into the loops.


def _real_plus(a, b):
    return a + b


def _times(a, w):
    return a * w


# The order semirings' ⊗: a NaN (inf + -inf, inf × 0) is an overflowed
# product meeting the zero, and is the zero (see `_annihilating`).


def _min_plus_times(a, w):
    c = a + w
    return math.inf if c != c else c


def _max_plus_times(a, w):
    c = a + w
    return -math.inf if c != c else c


def _max_times_times(a, w):
    c = a * w
    return 0.0 if c != c else c


def _log_times(a, b):
    # zero (-inf) annihilates: a node no path reaches stays -inf, even across an
    # edge of weight +inf, where -inf + inf would be nan.
    if a == -math.inf or b == -math.inf:
        return -math.inf
    return a + b


def _min(a, b):
    return min(a, b)


def _max(a, b):
    return max(a, b)


def _logaddexp(a, b):
    if a < b:
        a, b = b, a
    # Exact at the identity -inf, and at +inf, where b - a would be nan.
    if b == -math.inf or a == math.inf:
        return a
    return a + math.log1p(math.exp(b - a))


def _overflows(a, b):
    """Whether the int64 sum a + b wraps."""
    return (b > 0 and a > _INT64_MAX - b) or (b < 0 and a < _INT64_MIN - b)


# semiring code -> (⊕, ⊗); counting also checks each sum for overflow
_OPERATIONS = {
    0: (_real_plus, _times),
    1: (_real_plus, _times),
    2: (_max, _min),
    3: (_min, _min_plus_times),
    4: (_max, _max_plus_times),
    5: (_max, _max_times_times),
    6: (_logaddexp, _log_times),
}


def _make_kernels(plus, times, zero, checked, overflows):
    """The forward and reverse loops over CSR arrays for one semiring."""

    def forward(indptr, indices, weights, x, start):
        # x[v] ⊕= x[u] ⊗ w(u, v), u in topological order from `start`.
        n, k = x.shape
        overflow = False
        if k == 1:
            for u in range(start, n):
                xu = x[u, 0]
                if xu == zero:
                    continue
                for e in range(indptr[u], indptr[u + 1]):
                    v = indices[e]
                    a, b = x[v, 0], times(xu, weights[e])
                    if checked and overflows(a, b):
                        overflow = True
                    x[v, 0] = plus(a, b)
            return overflow
        for u in range(start, n):
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                w = weights[e]
                for j in range(k):
                    a, b = x[v, j], times(x[u, j], w)
                    if checked and overflows(a, b):
                        overflow = True
                    x[v, j] = plus(a, b)
        return overflow

    def reverse(indptr, indices, weights, y, stop):
        # y[u] ⊕= w(u, v) ⊗ y[v], u in reverse topological order below `stop`.
        k = y.shape[1]
        overflow = False
        for u in range(stop - 1, -1, -1):
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                w = weights[e]
                for j in range(k):
                    a, b = y[u, j], times(w, y[v, j])
                    if checked and overflows(a, b):
                        overflow = True
                    y[u, j] = plus(a, b)
        return overflow

    return forward, reverse


@functools.cache
def _kernels(kind: _Kind) -> tuple:
    """The compiled (forward, reverse) loops of `kind`, made on first use."""
    loops, inline = _numba()
    plus, times = _OPERATIONS[kind.code]
    forward, reverse = _make_kernels(
        inline(plus), inline(times), kind.zero, kind.code == 1, inline(_overflows)
    )
    return loops(forward), loops(reverse)


def _make_through(plus, times, zero, checked, overflows):
    """The forward loop from `start` to `stop` that also ⊗s each edge's
    x[u] ⊗ w by y[v] into `through`: edge marginals in one sweep."""

    def forward_through(indptr, indices, weights, x, y, through, start, stop):
        overflow = False
        for u in range(start, stop):
            xu = x[u]
            if xu == zero:
                continue
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                xw = times(xu, weights[e])
                a = x[v]
                # A count through an edge is at most the count into `stop`,
                # which these checked sums reach: no product needs a check.
                if checked and overflows(a, xw):
                    overflow = True
                # x[v] even where y[v] is zero: in REAL, paths from v that
                # cancel still each carry their own share.
                x[v] = plus(a, xw)
                yv = y[v]
                if yv != zero:
                    through[e] = times(xw, yv)
        return overflow

    return forward_through


@functools.cache
def _through_kernel(kind: _Kind) -> Any:
    """`_make_through` of `kind`, compiled on first use."""
    loops, inline = _numba()
    plus, times = _OPERATIONS[kind.code]
    return loops(
        _make_through(
            inline(plus), inline(times), kind.zero, kind.code == 1, inline(_overflows)
        )
    )


# REAL weights may be infinite or NaN, and 0 * inf and 0 * nan are nan: a
# node no path reaches holds REAL's zero, and such an edge out of it
# (forward; into it, reverse) must add nothing, while a node that paths reach
# and whose sum is 0 still passes nan on, as the sum over its paths does. The
# fast loops cannot tell the two zeros apart, so a REAL graph holding an
# infinite or NaN weight sweeps with these loops, which carry which nodes
# each column reaches.


def _reaching_forward(indptr, indices, weights, x, reached, start):
    n, k = x.shape
    for u in range(start, n):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            w = weights[e]
            for j in range(k):
                if reached[u, j]:
                    reached[v, j] = True
                    x[v, j] += x[u, j] * w


def _reaching_reverse(indptr, indices, weights, y, reached, stop):
    k = y.shape[1]
    for u in range(stop - 1, -1, -1):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            w = weights[e]
            for j in range(k):
                if reached[v, j]:
                    reached[u, j] = True
                    y[u, j] += w * y[v, j]


@functools.cache
def _reaching_kernels() -> tuple:
    """`_reaching_forward` and `_reaching_reverse`, compiled on first use."""
    loops = _numba()[0]
    return loops(_reaching_forward), loops(_reaching_reverse)


@functools.cache
def _kahn_kernel() -> Any:
    """`_kahn`, compiled on first use."""
    return _numba()[0](_kahn)


def _kahn(n, indptr, indices):
    """A topological order by levels (FIFO Kahn), and each node's level.

    Returns ``(order, level)``; ``order`` is shorter than n if there is a cycle.
    """
    indegree = np.zeros(n, np.int64)
    for e in range(len(indices)):
        indegree[indices[e]] += 1
    order = np.empty(n, np.int64)
    level = np.zeros(n, np.int64)
    tail = 0
    for u in range(n):
        if indegree[u] == 0:
            order[tail] = u
            tail += 1
    head = 0
    while head < tail:
        u = order[head]
        head += 1
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            if level[u] + 1 > level[v]:
                level[v] = level[u] + 1
            indegree[v] -= 1
            if indegree[v] == 0:
                order[tail] = v
                tail += 1
    return order[:tail], level


def _use_numba(engine: str) -> bool:
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r} is not one of {', '.join(ENGINES)}")
    if engine == "numba" and not numba_available():
        raise ImportError("engine='numba' needs numba: pip install 'pathsum[fast]'")
    return numba_available() if engine == "auto" else engine == "numba"


class CompiledDAG:
    """A DAG as CSR arrays in topological order, for fast repeated passes.

    Made by `compile_dag`. Node ``i`` of the arrays is ``nodes[i]``; its
    out-edges are ``indices[indptr[i]:indptr[i + 1]]`` (heads) with
    ``weights`` (in the semiring's array type). Parallel edges are kept apart.

    Attributes
    ----------
    nodes : list
        The nodes in topological order.
    index : dict
        ``node -> position`` in `nodes` (and in every array of values).
    semiring : Semiring
        The semiring the passes compute in.
    indptr, indices, weights, tails, levels : numpy.ndarray
        The CSR arrays (``indptr`` uint64, ``indices`` and ``tails`` uint32, or
        uint64 past 2**32 nodes), each edge's tail, and where each level of the
        topological order starts (every edge goes to a later level). Read-only,
        and checked to agree when made: every edge goes forward in the order
        of `nodes`, which holds no node twice.
    engine : str
        ``"numba"`` or ``"numpy"``: what runs the passes.
    weights_kind : str
        What the weights were before conversion, as a numpy dtype kind:
        ``"f"`` floats, ``"i"`` ints, ``"b"`` truth values, ``"O"`` other
        numbers (Fractions, ...), ``""`` when no weight was read.
    raw_weights : numpy.ndarray or None
        Each edge's weight as read from the graph, before the semiring's
        lift, in the order of `weights`; `with_semiring` lifts them again.
        None when no weight was read: ``weight=None`` (every edge is one
        step) or COUNTING, which reads none.
    edge_keys : list or None
        On a MultiDiGraph, each edge's key in the order of `weights` (to
        name an edge in a message); None on a DiGraph.
    """

    weights_kind = ""
    edge_keys = None
    # True when compiled with weight=None: then no raw weight stands for "every
    # edge is one step in any semiring" (`step_weight`), not for "the weights
    # were not read".
    _unweighted = False
    # Whether a REAL weight is inf or nan (`_holds_non_finite`); None: not looked.
    _non_finite = None
    # Loaded with mmap=True: each mapped file and its `_identity` when loaded,
    # checked before every pass (`_check_files`).
    _files: tuple = ()

    def __init__(
        self,
        nodes,
        indptr,
        indices,
        weights,
        tails,
        levels,
        semiring,
        engine,
        *,
        raw_weights=None,
    ):
        try:
            index = dict(zip(nodes, range(len(nodes)), strict=True))
        except TypeError as exc:
            raise _Disagreement("nodes", f"a node is not hashable ({exc})") from None
        problem = _arrays_problem(
            nodes, index, indptr, indices, weights, tails, levels, raw_weights
        )
        if problem:
            raise _Disagreement(*problem)
        # Read-only: the compiled loops trust these arrays, checked once here.
        for array in (indptr, indices, weights, tails, levels):
            array.setflags(write=False)
        if raw_weights is not None:
            raw_weights.setflags(write=False)
        self.raw_weights = raw_weights
        self.nodes = nodes
        self.index = index
        self.indptr, self.indices, self.weights = indptr, indices, weights
        self.tails, self.levels = tails, levels
        self.semiring = semiring
        self.engine = engine
        self._kind = _KINDS[semiring]

    def _summary(self) -> str:
        return (
            f"{len(self.nodes):,} nodes, {len(self.indices):,} edges, "
            f"{self.semiring.name}, {self.engine} engine"
        )

    def __repr__(self) -> str:
        return f"<CompiledDAG: {self._summary()}>"

    def _repr_html_(self) -> str:
        return f"<p><b>CompiledDAG</b>: {html.escape(self._summary())}</p>"

    @property
    def number_of_edges(self) -> int:
        """How many edges the arrays hold (parallel edges count apart)."""
        return len(self.indices)

    def save(self, path: str | Path, *, allow_pickle: bool = False) -> None:
        """Write the graph to the directory `path`, to map with `load_compiled`.

        Each array goes to its own ``.npy`` file, so that every process that
        loads it maps the same pages instead of holding a copy (numpy maps no
        member of an ``.npz``); ``manifest.json`` holds the semiring, the
        engine and the format version, and is written last.

        Parameters
        ----------
        path : str or path-like
            A directory: new, empty, or one a graph was saved to before
            (whose files are then replaced).
        allow_pickle : bool, default False
            Nodes that are str, int, float, bool or tuples of them are saved
            as JSON. Other nodes need ``allow_pickle=True``, which
            pickles the node list: loading such a file runs what it holds,
            so load it only if you trust it.

        Raises
        ------
        TypeError
            If a node cannot be saved as JSON and `allow_pickle` is False, or
            the semiring is not a built-in.
        FileExistsError
            If `path` is a file, or a directory that holds other files.

        Examples
        --------
        >>> import networkx as nx
        >>> import pathsum as ps
        >>> G = nx.DiGraph([("x", "h", {"weight": 2.0}), ("h", "y", {"weight": 3.0})])
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     ps.compile_dag(G).save(f"{folder}/graph")
        ...     dag = ps.load_compiled(f"{folder}/graph")
        ...     print(dag.nodes, dag.to_dict(dag.reverse("y")))
        ['x', 'h', 'y'] {'x': 6.0, 'h': 3.0, 'y': 1.0}
        """
        _save(self, Path(path), allow_pickle)

    def __reduce__(self) -> tuple:
        # A graph loaded with mmap=True pickles as its path, so a Dask worker
        # maps the file rather than receive a copy; any other graph pickles its
        # arrays, and its semiring by name, so that the copy computes in the
        # built-in itself (the passes tell semirings apart by identity).
        return _reduce(self)

    def __dask_tokenize__(self) -> str:
        return _token(self)

    def forward(self, seeds: Any) -> np.ndarray:
        """⊕ over paths from the seeds to every node, in one forward sweep.

        Parameters
        ----------
        seeds : node, mapping or numpy.ndarray
            One node (seeded with the semiring's one), a mapping ``node ->
            seed``, or an array shaped ``(n_nodes, k)`` (rows in the order of
            `nodes`) whose k columns are k independent seed vectors; or a
            ``dask.array.Array`` of that shape (see Notes). A mapping's nodes
            are its seeds, zeros included; in an array, a zero is no seed
            (which matters only in REAL with infinite weights, where a seed of
            0 still meets 0 × ∞ = NaN and no seed meets nothing).

        Returns
        -------
        numpy.ndarray
            Shaped ``(n_nodes,)`` for a node or mapping, ``(n_nodes, k)`` for an
            array: ``result[i]`` is the path sum into ``nodes[i]``. A lazy
            dask array for dask seeds.

        Notes
        -----
        Dask seeds (``pip install 'pathsum[dask]'``) give a dask array with
        the seeds' column chunks and one row chunk: each block of whole
        columns is one sweep, wherever Dask runs it, and the graph goes to
        each worker once (see `pathsum.scaling`).
        """
        if type(seeds).__module__.startswith("dask."):
            from .scaling import dask_pass

            return dask_pass(self, seeds, forward=True)
        x, seeded = self._block(seeds)
        if seeded is None or seeded:
            self._run(x, True, min(seeded) if seeded else 0, seeded)
        return self._result(x, seeded is not None)

    def reverse(self, seeds: Any) -> np.ndarray:
        """⊕ over paths from every node to the seeds, in one reverse sweep.

        Parameters
        ----------
        seeds : node, mapping, numpy.ndarray or dask.array.Array
            As for `forward`: the targets and their cotangents.

        Returns
        -------
        numpy.ndarray
            ``result[i]`` is the path sum from ``nodes[i]`` to the seeds; a
            lazy dask array for dask seeds, as for `forward`.
        """
        if type(seeds).__module__.startswith("dask."):
            from .scaling import dask_pass

            return dask_pass(self, seeds, forward=False)
        y, seeded = self._block(seeds)
        if seeded is None or seeded:
            self._run(y, False, max(seeded) + 1 if seeded else len(y), seeded)
        return self._result(y, seeded is not None)

    def to_dict(self, values: np.ndarray) -> dict[Hashable, Any]:
        """``node -> value`` for the nodes whose value is not the semiring's zero.

        Parameters
        ----------
        values : numpy.ndarray
            A result of `forward` or `reverse` for one seed, shaped
            ``(n_nodes,)``.
        """
        values = self._one_per_node(values)
        kept = np.flatnonzero(values != self._kind.zero)
        if len(kept) == len(values):
            return dict(zip(self.nodes, values.tolist(), strict=True))
        nodes = map(self.nodes.__getitem__, kept.tolist())
        return dict(zip(nodes, values[kept].tolist(), strict=True))

    def view(self, values: np.ndarray) -> PathSumsView:
        """A read-only mapping ``node -> value`` over `values`, made in O(1).

        It holds what `to_dict` would hold (the nodes whose value is not the
        semiring's zero) without copying anything: looking a node up costs
        one dict lookup in `index` and one array read, while ``len()`` and
        iteration scan the whole array at numpy speed each time they are
        asked. Take `to_dict` for a dict to keep or change.

        Parameters
        ----------
        values : numpy.ndarray
            A result of `forward` or `reverse` for one seed, shaped
            ``(n_nodes,)``. The view reads it, it does not copy it.

        Examples
        --------
        >>> import networkx as nx
        >>> import pathsum as ps
        >>> G = nx.DiGraph()
        >>> G.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 3.0),
        ...                            ("x", "c", 1.0)])
        >>> dag = ps.compile_dag(G)
        >>> sums = dag.view(dag.forward("a"))
        >>> sums["c"], "x" in sums, len(sums)
        (6.0, False, 3)
        >>> dict(sums) == dag.to_dict(dag.forward("a"))
        True
        """
        return PathSumsView(self, self._one_per_node(values))

    def _one_per_node(self, values: Any) -> np.ndarray:
        values = np.asarray(values)
        if values.shape != (len(self.nodes),):
            raise ValueError(
                f"values of shape {values.shape} are not one value per node "
                f"({len(self.nodes)})"
            )
        return values

    def with_semiring(self, semiring: Semiring) -> CompiledDAG:
        """The same graph in another semiring, lifted from `raw_weights`.

        Gives exactly what ``compile_dag(G, semiring=semiring)`` would give
        with the same weight options (the same weights, or the same
        WeightError for a weight the semiring refuses), without reading `G`
        again: the structure arrays are shared, only the weights are new.

        Parameters
        ----------
        semiring : Semiring
            One of the numeric built-ins, as for `compile_dag`.

        Returns
        -------
        CompiledDAG

        Raises
        ------
        TypeError
            If the semiring is not one of the numeric built-ins.
        WeightError
            If an edge's raw weight is not a value of `semiring`.
        ValueError
            If there are no raw weights: the graph was compiled in COUNTING,
            which reads none, or loaded from a save of object weights
            (Fractions, ...), which `save` leaves out. Compile the graph again
            in the semiring wanted.

        Examples
        --------
        >>> import networkx as nx
        >>> import pathsum as ps
        >>> G = nx.DiGraph()
        >>> G.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 3.0),
        ...                            ("a", "c", 4.0)])
        >>> shortest = ps.compile_dag(G, semiring=ps.MIN_PLUS)
        >>> longest = shortest.with_semiring(ps.MAX_PLUS)
        >>> shortest.to_dict(shortest.forward("a"))
        {'a': 0.0, 'b': 2.0, 'c': 4.0}
        >>> longest.to_dict(longest.forward("a"))
        {'a': 0.0, 'b': 2.0, 'c': 5.0}
        """
        kind = _check_compiled_semiring(semiring)
        self._check_files()
        m = len(self.indices)
        ignored = semiring is COUNTING or self._unweighted
        if self.raw_weights is None and not ignored:
            raise ValueError(
                f"this CompiledDAG holds no raw weights (compiled in "
                f"{self.semiring.name}, which reads none, or loaded from a save "
                f"of Fraction or other object weights, which are not saved), so "
                f"it cannot lift them into {semiring.name}: compile_dag(G, "
                f"weight=..., semiring={semiring.name.upper().replace('-', '_')})"
            )
        raw = None if ignored else self.raw_weights
        weights = _weights(raw, self._edge_name, semiring, kind, m)
        dag = CompiledDAG(
            self.nodes,
            self.indptr,
            self.indices,
            weights,
            self.tails,
            self.levels,
            semiring,
            self.engine,
            raw_weights=self.raw_weights,
        )
        dag.weights_kind = "" if raw is None else self.weights_kind
        dag.edge_keys = self.edge_keys
        dag._unweighted = self._unweighted
        dag._files = self._files  # it shares the mapped structure
        return dag

    def _edge_name(self, e: int) -> tuple:
        """The `e`-th edge of the arrays as ``(u, v)`` or ``(u, v, key)``."""
        u, v = self.nodes[int(self.tails[e])], self.nodes[int(self.indices[e])]
        return (u, v) if self.edge_keys is None else (u, v, self.edge_keys[e])

    def edge_marginals(self, source: Hashable, target: Hashable) -> np.ndarray:
        """The path sum over the `source` -> `target` paths through each edge.

        The array form of `pathsum.edge_marginals`: ``x[u] ⊗ w(e) ⊗ y[v]``
        for each edge e = (u, v), where x is the forward pass from `source`
        and y the reverse pass to `target`, computed on the arrays in one
        reverse sweep and one forward sweep.

        Parameters
        ----------
        source, target : node
            The ends of the paths.

        Returns
        -------
        numpy.ndarray
            Shaped ``(number_of_edges,)``, in the order of the arrays: entry
            e is the marginal of the edge from ``nodes[tails[e]]`` to
            ``nodes[indices[e]]``, and the semiring's zero for an edge on no
            `source` -> `target` path (as in `to_dict`, an edge on a path whose
            marginal is zero cannot be told from one on none). A node's
            out-edges come in the order `G` lists them (on a MultiDiGraph,
            parallel edges in the order of their keys), hidden edges left out.
            Booleans for BOOLEAN.

        Raises
        ------
        NodeNotFound
            If `source` or `target` is not a node of the graph.
        OverflowError
            In COUNTING, if the number of paths passes 2**63 - 1.

        Examples
        --------
        >>> import networkx as nx
        >>> import pathsum as ps
        >>> G = nx.DiGraph()
        >>> G.add_weighted_edges_from([("a", "c", 1.0), ("b", "c", 1.0),
        ...     ("b", "d", 1.0), ("c", "e", 2.0), ("d", "e", 3.0)])
        >>> dag = ps.compile_dag(G)
        >>> through = dag.edge_marginals("b", "e")
        >>> names = [(dag.nodes[u], dag.nodes[v]) for u, v in
        ...          zip(dag.tails.tolist(), dag.indices.tolist())]
        >>> sorted((edge, m) for edge, m in zip(names, through.tolist()) if m)
        [(('b', 'c'), 2.0), (('b', 'd'), 3.0), (('c', 'e'), 2.0), (('d', 'e'), 3.0)]

        Notes
        -----
        The reverse sweep stops at `target` and the forward sweep runs only
        from `source` to `target` in topological order, ⊗ing each edge's
        ``x[u] ⊗ w`` by ``y[v]`` as it goes (with numba, in one compiled loop);
        in all about two passes.
        """
        s, t = self._position(source, "source"), self._position(target, "target")
        self._check_files()
        kind = self._kind
        through = np.full(len(self.indices), kind.zero, kind.dtype)
        if s < t and self._holds_non_finite():
            self._reaching_through(through, s, t)
        elif s < t:
            y = np.full((len(self.nodes), 1), kind.zero, kind.dtype)
            y[t, 0] = kind.one
            self._run(y, forward=False, bound=t + 1)
            # Even where y[s] is zero, paths through an edge may not be: in
            # REAL the sums of paths can cancel.
            x = self._forward_through(y[:, 0], through, s, t)
            if self.semiring is REAL and not (
                np.isfinite(x).all() and np.isfinite(y).all()
            ):
                # A sum overflowed to an infinity, which a reached zero must
                # meet (0 * inf is nan) where these loops skip it as unreached.
                self._reaching_through(through, s, t)
        return through.astype(bool) if self.semiring is BOOLEAN else through

    def _reaching_through(self, through: np.ndarray, s: int, t: int) -> None:
        """`_forward_through` for a REAL graph holding inf or nan: x[u] ⊗ w
        ⊗ y[v] on the edges whose tail s reaches and whose head reaches t."""
        n = len(self.nodes)
        x, y = np.zeros((n, 1)), np.zeros((n, 1))
        x[s, 0], y[t, 0] = 1.0, 1.0
        from_s = self._run_reaching(x, True, s, [s])[:, 0]
        to_t = self._run_reaching(y, False, t + 1, [t])[:, 0]
        e0, e1 = self.indptr[s], self.indptr[t]
        tails, heads = self.tails[e0:e1], self.indices[e0:e1]
        with np.errstate(invalid="ignore", over="ignore"):
            values = x[tails, 0] * self.weights[e0:e1] * y[heads, 0]
        through[e0:e1] = np.where(from_s[tails] & to_t[heads], values, 0.0)

    def _forward_through(self, y, through, s: int, t: int) -> np.ndarray:
        """`through[e]` = x[u] ⊗ w(e) ⊗ y[v] on the edges of nodes s..t - 1;
        returns x, the forward sums from s.

        In COUNTING a count through an edge is at most the count into `t`,
        which the forward sums reach with their overflow check, so the
        products need none."""
        kind = self._kind
        x = np.full((len(self.nodes), 1), kind.zero, kind.dtype)
        x[s, 0] = kind.one
        if self.engine == "numba":
            kernel = _through_kernel(kind)
            x = x[:, 0]
            if kernel(self.indptr, self.indices, self.weights, x, y, through, s, t):
                raise OverflowError(
                    "a path count passed 2**63 - 1, the most int64 holds; "
                    "edge_marginals with semiring=COUNTING counts exactly "
                    "(Python ints)"
                )
            return x
        self._run(x, forward=True, bound=s)
        e0, e1 = self.indptr[s], self.indptr[t]
        xt, yh = x[self.tails[e0:e1], 0], y[self.indices[e0:e1]]
        # Python floats overflow to inf and give nan quietly; so do these.
        with np.errstate(over="ignore", invalid="ignore"):
            values = kind.mul(kind.mul(xt, self.weights[e0:e1]), yh)
        on = (xt != kind.zero) & (yh != kind.zero)
        through[e0:e1] = np.where(on, values, kind.zero)
        return x[:, 0]

    def _block(self, seeds: Any) -> tuple[np.ndarray, list[int] | None]:
        """The seed block, and the seeded positions (None for an array)."""
        kind, n = self._kind, len(self.nodes)
        if isinstance(seeds, np.ndarray):
            if seeds.ndim != 2 or seeds.shape[0] != n:
                raise ValueError(
                    f"a seed array must be shaped (n_nodes, k) = ({n}, k), "
                    f"not {seeds.shape} (one column v of seeds: pass v[:, None])"
                )
            return self._seed_block(seeds), None
        if not isinstance(seeds, Mapping):
            if not isinstance(seeds, Hashable):
                raise TypeError(
                    f"seeds must be a node, a mapping node -> seed, or a numpy "
                    f"array shaped (n_nodes, k) = ({n}, k), not the "
                    f"{type(seeds).__name__} {short_repr(seeds)}"
                )
            # Not a dict: a tuple that holds a list is Hashable, yet no key.
            items = [(seeds, self.semiring.one)]
        else:
            items = seeds.items()
        x = np.full((n, 1), kind.zero, dtype=kind.dtype)
        seeded = []
        for node, seed in items:
            position = self._position(node, "seed")
            try:
                x[position, 0] = self._seed(seed)
            except OverflowError as exc:
                raise OverflowError(
                    f"the seed of node {node!r} does not fit the arrays' "
                    f"{kind.dtype.__name__} ({exc}); forward_path_sums and "
                    f"reverse_path_sums compute in Python numbers of any size"
                ) from None
            except (TypeError, ValueError) as exc:
                raise TypeError(
                    f"the seed of node {node!r} is not a number: {exc}"
                ) from None
            seeded.append(position)
        return x, seeded

    def _seed_block(self, seeds: np.ndarray) -> np.ndarray:
        """A seed array in the semiring's type, each seed kept as it is: a
        cast alone would wrap uint64 counts past 2**63 - 1 to negatives,
        truncate 2.5 to 2, and make a truth seed of 256 or 0.5 False."""
        if self.semiring is BOOLEAN:
            return np.ascontiguousarray(seeds != 0, dtype=np.uint8)
        if self.semiring is not COUNTING or seeds.dtype == np.int64:
            return np.array(seeds, dtype=self._kind.dtype, order="C")
        past = (
            "does not fit the arrays' int64; forward_path_sums and "
            "reverse_path_sums with semiring=COUNTING count exactly"
        )
        try:
            with np.errstate(invalid="ignore"):
                block = np.array(seeds, dtype=np.int64, order="C")
            kept = block == seeds
        except OverflowError as exc:  # a Python int in an object array
            raise OverflowError(f"a seed {past} ({exc})") from None
        except (TypeError, ValueError) as exc:
            raise TypeError(f"a COUNTING seed array holds integers: {exc}") from None
        if not kept.all():
            seed = seeds[np.unravel_index(np.argmin(kept), kept.shape)]
            seed = seed.item() if isinstance(seed, np.generic) else seed
            if isinstance(seed, numbers.Integral):
                raise OverflowError(f"the seed {seed!r} {past}")
            raise TypeError(f"the seed {seed!r} is not an integer")
        return block

    def _seed(self, seed: Any) -> Any:
        if self.semiring is BOOLEAN:
            return int(bool(seed))
        if self.semiring is COUNTING:
            if int(seed) != seed:
                raise ValueError(f"{seed!r} is not an integer")
            return int(seed)
        return float(seed)

    def _position(self, node: Any, role: str) -> int:
        """Where `node` is in `nodes`; NodeNotFound naming its `role` if it is
        not a node, unhashable ones included (as networkx's ``node in G``)."""
        try:
            return self.index[node]
        except (KeyError, TypeError):
            raise nx.NodeNotFound(f"{role} node {node!r} is not in the graph") from None

    def _result(self, x: np.ndarray, single: bool) -> np.ndarray:
        """One column for a node or mapping; booleans as bool."""
        if self.semiring is BOOLEAN:
            x = x.astype(bool)
        return x[:, 0] if single else x

    def _run(
        self, x: np.ndarray, forward: bool, bound: int, seeded: list | None = None
    ) -> None:
        """Sweep `x` in place from `bound` (forward: the first node that can
        hold a seed; reverse: one past the last). `seeded`: the rows a mapping
        seeded (seeds of zero included), else every nonzero row is a seed."""
        self._check_files()
        if self._holds_non_finite():
            self._run_reaching(x, forward, bound, seeded)
            return
        kind = self._kind
        if self.engine == "numba":
            forward_kernel, reverse_kernel = _kernels(kind)
            run = forward_kernel if forward else reverse_kernel
            overflow = run(self.indptr, self.indices, self.weights, x, bound)
        else:
            overflow = self._sweep(x, forward, bound)
        if overflow:
            raise OverflowError(
                "a path count passed 2**63 - 1, the most int64 holds (about 63 "
                "doublings: a chain of 63 diamonds has 2**63 paths); count_paths "
                "counts exactly, in Python ints of any size, as do "
                "forward_path_sums and reverse_path_sums with semiring=COUNTING. "
                "int64 suffices while every count from the seeds stays below "
                "2**63"
            )

    def _check_files(self) -> None:
        """Refuse to read mapped files that changed since they were loaded.

        A mapped array is its file's pages: a pass that reads past the end of
        a file cut short kills the process (SIGBUS), and a file rewritten in
        place changes what the pass reads. Costs a stat per file."""
        for file, identity in self._files:
            change = _file_change(file, identity)
            if change:
                raise CompiledFileError(
                    f"{file} changed since this graph was loaded with mmap=True "
                    f"({change}), and a mapped graph reads its files at every "
                    f"pass: load it again with load_compiled",
                    path=file,
                )

    def _holds_non_finite(self) -> bool:
        """Whether this is a REAL graph with an infinite or NaN weight (see
        `_reaching_forward`), found once, on the first sweep."""
        if self._non_finite is None:
            self._non_finite = self.semiring is REAL and not bool(
                np.isfinite(self.weights).all()
            )
        return self._non_finite

    def _run_reaching(
        self, x: np.ndarray, forward: bool, bound: int, seeded: list | None
    ) -> np.ndarray:
        """`_run` for a REAL graph holding inf or nan: only what paths reach
        is ⊗ed on. Returns which rows of each column paths reached."""
        if seeded is None:
            reached = x != 0.0
        else:
            reached = np.zeros(x.shape, bool)
            reached[seeded, 0] = True
        if self.engine == "numba":
            forward_kernel, reverse_kernel = _reaching_kernels()
        else:  # the same loops in Python: slower, and only for such graphs
            forward_kernel, reverse_kernel = _reaching_forward, _reaching_reverse
        run = forward_kernel if forward else reverse_kernel
        with np.errstate(invalid="ignore", over="ignore"):
            run(self.indptr, self.indices, self.weights, x, reached, bound)
        return reached

    def _sweep(self, x: np.ndarray, forward: bool, bound: int) -> bool:
        """The numpy engine: one vectorised step per level where levels are wide;
        a plain loop over the edges where they are narrow (a numpy call per level
        costs microseconds, so a deep graph would pay that per node)."""
        levels = len(self.levels) - 1
        if x.shape[1] == 1 and len(self.indices) < _WIDE * max(levels, 1):
            return self._loop(x, forward, bound)
        kind = self._kind
        check = self.semiring is COUNTING
        shadow = x.astype(np.float64) if check else None
        for level in range(levels) if forward else reversed(range(levels)):
            first, last = self.levels[level], self.levels[level + 1]
            if (forward and last <= bound) or (not forward and first >= bound):
                continue
            e0, e1 = self.indptr[first], self.indptr[last]
            if e0 == e1:
                continue
            tails, heads = self.tails[e0:e1], self.indices[e0:e1]
            w = self.weights[e0:e1, None]
            for values in (x, shadow) if check else (x,):
                if forward:
                    kind.add.at(values, heads, kind.mul(values[tails], w))
                else:
                    kind.add.at(values, tails, kind.mul(w, values[heads]))
        return check and bool(np.abs(shadow).max(initial=0) >= 2.0**63 * (1 - 1e-12))

    def _loop(self, x: np.ndarray, forward: bool, bound: int) -> bool:
        """One column, edge by edge, in Python numbers with the semiring's own
        operations (exact ints for counting, so an overflow is seen, not wrapped)."""
        add, mul, zero = self.semiring.add, self.semiring.mul, self._kind.zero
        if self.semiring is LOG:
            mul = _log_times
        values = x[:, 0].tolist()
        indptr, heads = self.indptr.tolist(), self.indices.tolist()
        weights = self.weights.tolist()
        if forward:
            for u in range(bound, len(values)):
                xu = values[u]
                if xu != zero:
                    for e in range(indptr[u], indptr[u + 1]):
                        values[heads[e]] = add(values[heads[e]], mul(xu, weights[e]))
        else:
            for u in range(bound - 1, -1, -1):
                total = values[u]
                for e in range(indptr[u], indptr[u + 1]):
                    total = add(total, mul(weights[e], values[heads[e]]))
                values[u] = total
        counting = self.semiring is COUNTING and values
        if counting and (max(values) > _INT64_MAX or min(values) < _INT64_MIN):
            return True
        x[:, 0] = values
        return False


class PathSumsView(Mapping):
    """A read-only mapping ``node -> value`` over one result of a
    `CompiledDAG`: what `CompiledDAG.to_dict` holds, without the copy.

    Made by `CompiledDAG.view` in O(1). A node whose value is the
    semiring's zero is left out, as `to_dict` leaves it out: ``view[node]``
    raises KeyError for it and ``node in view`` is False. Lookups cost one
    dict lookup and one array read; ``len()`` and iteration scan the array
    (at numpy speed) each time. Values are Python numbers, as in `to_dict`.
    """

    __slots__ = ("_index", "_nodes", "_values", "_zero")

    def __init__(self, dag: CompiledDAG, values: np.ndarray) -> None:
        self._index, self._nodes = dag.index, dag.nodes
        self._values, self._zero = values, dag._kind.zero

    def __getitem__(self, node: Hashable) -> Any:
        value = self._values[self._index[node]]
        if value == self._zero:
            raise KeyError(node)
        return value.item()

    def __contains__(self, node: object) -> bool:
        try:
            return bool(self._values[self._index[node]] != self._zero)
        except KeyError:
            return False

    def _kept(self) -> np.ndarray:
        return np.flatnonzero(self._values != self._zero)

    def __iter__(self) -> Iterator[Hashable]:
        return map(self._nodes.__getitem__, self._kept().tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._values != self._zero))

    def __repr__(self) -> str:
        return f"<PathSumsView of {len(self):,} nodes>"


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
    kind = _check_compiled_semiring(semiring)
    check_weight(weight)
    use_numba = _use_numba(engine)
    nodes = list(G)
    counts, heads, raw, edges, keys = _read_edges(
        G, nodes, weight, semiring, default_weight
    )
    n, m = len(nodes), len(heads)
    indptr = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=indptr[1:])
    problem = _csr_problem(n, indptr, heads)
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
    raw, weights_kind = _raw_array(raw, m)
    if use_numba:
        order, level = _kahn_kernel()(n, indptr, heads)
    else:
        order, level = _kahn(n, indptr.tolist(), heads.tolist())
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

    weights = _weights(raw, edge_name, semiring, kind, m)
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


def _check_compiled_semiring(semiring: Any) -> _Kind:
    if not isinstance(semiring, Semiring) or semiring not in _KINDS:
        names = ", ".join(_NAMES[s] for s in _KINDS)
        raise TypeError(
            f"compile_dag computes in the built-in semirings {names}; "
            f"semiring={short_repr(semiring)} is not one of them"
        )
    return _KINDS[semiring]


_NAMES = {
    REAL: "pathsum.REAL",
    COUNTING: "pathsum.COUNTING",
    BOOLEAN: "pathsum.BOOLEAN",
    MIN_PLUS: "pathsum.MIN_PLUS",
    MAX_PLUS: "pathsum.MAX_PLUS",
    MAX_TIMES: "pathsum.MAX_TIMES",
    LOG: "pathsum.LOG",
}


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
    missing = _MISSING if default_weight is None else default_weight
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
                        if w is _MISSING:
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


def _raw_array(raw: list | None, m: int) -> tuple[np.ndarray | None, str]:
    """The raw weights as one array (numbers in a numeric dtype, anything
    else as objects), and the dtype kind they had; ``(None, "")`` if none."""
    if raw is None:
        return None, ""
    try:
        array = np.asarray(raw) if m else np.zeros(0)
    except (ValueError, TypeError):  # ragged: some weight is a sequence
        array = None
    if array is None or array.ndim != 1 or array.dtype.kind not in "iufb":
        # Sequences stay whole and strings among numbers stay apart (numpy
        # would make "1.5" of 1.5): one object per edge, named as it is.
        return np.fromiter(raw, dtype=object, count=m), "O"
    weights_kind = array.dtype.kind
    if weights_kind != "b":
        # numpy reads True among numbers as 1, but a truth value is no number
        # to the lifts (REAL refuses it): such weights are lifted one by one.
        types = set(map(type, raw))
        if bool in types or np.bool_ in types:
            return np.fromiter(raw, dtype=object, count=m), "O"
    if weights_kind == "f":
        # numpy reads floats and ints together as floats: an int from 2**53 on
        # among them may have been rounded (2**53 + 1 to 2**53), and then
        # these weights are not all floats.
        large = np.flatnonzero(np.abs(array) >= 2.0**53).tolist()
        if any(
            isinstance(raw[e], numbers.Integral) and int(array[e]) != raw[e]
            for e in large
        ):
            weights_kind = "O"
    return array, weights_kind


def _weights(raw, edge_name, semiring, kind, m: int) -> np.ndarray:
    """The `m` raw weights as an array of the semiring's type, each checked as
    the semiring's lift checks it; the first edge refused (in the order of
    `raw`) is a WeightError naming ``edge_name(e)``. No raw weights (None):
    every edge is one step, `step_weight`."""
    if raw is None:
        return np.full(m, step_weight(semiring), kind.dtype)
    if raw.dtype.kind not in "iuf":
        # Not plain numbers: lift each one as the dict-based engine would, to
        # name the first bad edge; the rest (Fractions, numpy scalars) convert.
        array = np.empty(m, np.float64)
        for e, value in enumerate(raw.tolist()):
            try:
                array[e] = float(semiring.lift(value))
            except (TypeError, ValueError, ArithmeticError) as exc:
                raise bad_weight(edge_name(e), value, semiring, exc) from exc
        raw = array
    # A float64 raw array is the weights themselves (no copy): REAL, MIN_PLUS,
    # MAX_PLUS, MAX_TIMES and LOG lift floats unchanged, and both are read-only.
    array = raw.astype(np.float64, copy=False)
    bad = _refused(array, semiring)
    if bad.any():
        e = int(np.flatnonzero(bad)[0])
        value = raw[e].item()
        try:
            semiring.lift(value)
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise bad_weight(edge_name(e), value, semiring, exc) from exc
    if semiring is BOOLEAN:
        return (array != 0).astype(np.uint8)
    return array


def _refused(array: np.ndarray, semiring: Semiring) -> np.ndarray:
    """Where float weights hold what the semiring's lift refuses, checked on
    the whole array at once: NaN where order or truth needs a number, and the
    infinity opposite to the zero of MIN_PLUS, MAX_PLUS and MAX_TIMES (see
    semirings)."""
    bad = np.isnan(array) if semiring is not REAL else np.zeros(len(array), bool)
    if semiring is MIN_PLUS:
        bad |= array == -math.inf
    elif semiring is MAX_PLUS:
        bad |= array == math.inf
    elif semiring is MAX_TIMES:
        bad |= (array < 0) | (array == math.inf)
    return bad


def _edge(G, edges, e: int) -> tuple:
    """The `e`-th edge in reading order, for a message."""
    if edges is not None:
        return edges[e]
    for i, edge in enumerate(G.edges(keys=True) if G.is_multigraph() else G.edges()):
        if i == e:
            return edge
    raise WeightError(f"edge number {e} is not in the graph", edge=())


class _Disagreement(ValueError):
    """Arrays (or nodes) that cannot make a CompiledDAG; `part` names the one
    at fault (an attribute: "nodes", "indptr", ...), `problem` says why."""

    def __init__(self, part: str, problem: str) -> None:
        super().__init__(f"the arrays of a CompiledDAG disagree: {problem}")
        self.part, self.problem = part, problem


def _csr_problem(n: int, indptr: np.ndarray, indices: np.ndarray) -> tuple | None:
    """What is wrong with CSR arrays of `n` nodes, as ``(array, problem)``, or
    None: the kernels index with them unchecked, so they must agree before any
    kernel runs."""
    indptr, indices = np.asarray(indptr), np.asarray(indices)
    if indptr.shape != (n + 1,):
        return "indptr", f"{len(indptr) - 1} out-degrees for {n} nodes"
    if indices.ndim != 1:
        return "indices", "heads that are not one array"
    if indptr[0] != 0 or indptr[-1] != len(indices):
        return "indptr", (
            f"{int(indptr[-1]) - int(indptr[0])} edges counted, {len(indices)} heads"
        )
    if n and (indptr[1:] < indptr[:-1]).any():
        return "indptr", "indptr is not monotone"
    if len(indices) and (indices.min() < 0 or indices.max() >= n):
        return "indices", f"a head index outside 0..{n - 1}"
    return None


def _repeated(nodes: list) -> Any:
    """The first node of `nodes` that an earlier one equals."""
    seen = set()
    for node in nodes:
        if node in seen:
            return node
        seen.add(node)
    raise ValueError("no node comes twice")


# The checks of every edge go a million edges at a time: a graph mapped from
# its files then costs no copy of a whole array to check.
_CHUNK = 2**20


def _chunks(m: int) -> Iterator[slice]:
    return (slice(e, min(e + _CHUNK, m)) for e in range(0, m, _CHUNK))


def _arrays_problem(
    nodes, index, indptr, indices, weights, tails, levels, raw_weights
) -> tuple | None:
    """What is wrong with the parts of a CompiledDAG, as ``(part, problem)``,
    or None.

    The compiled loops index with `indptr` and `indices` unchecked, so these
    must agree before any loop runs; the sweeps trust the topological order
    (every edge goes forward) and the levels (every edge goes to a later
    level), without which their sums would be wrong with no error.
    """
    n = len(nodes)
    if len(index) != n:
        return "nodes", f"the node {short_repr(_repeated(nodes))} comes twice"
    for name, array in (
        ("indptr", indptr),
        ("indices", indices),
        ("tails", tails),
        ("levels", levels),
    ):
        if not (
            isinstance(array, np.ndarray)
            and array.ndim == 1
            and array.dtype.kind in "iu"
            and array.dtype.isnative
        ):
            return name, f"{name} is not one array of integers"
    problem = _csr_problem(n, indptr, indices)
    if problem:
        return problem
    m = len(indices)
    if not (np.ndim(weights) == 1 and len(weights) == len(tails) == m):
        return "weights", "not one weight and one tail per edge"
    if raw_weights is not None and (np.ndim(raw_weights) != 1 or len(raw_weights) != m):
        return "raw_weights", "not one raw weight per edge"
    # Sorted tails whose first and last edge of each node is that node's are
    # that node's all along.
    starts, ends = indptr[:-1], indptr[1:]
    holders = np.flatnonzero(starts < ends)
    if (tails[starts[holders]] != holders).any() or (
        tails[ends[holders] - 1] != holders
    ).any():
        return "tails", "an edge's tail is not the node whose out-edges hold it"
    for edges in _chunks(m):
        run = tails[edges.start : edges.stop + 1]
        if (run[1:] < run[:-1]).any():
            return "tails", "an edge's tail is not the node whose out-edges hold it"
    bounds = levels.astype(np.int64)
    if (
        len(bounds) < 1
        or bounds[0] != 0
        or bounds[-1] != n
        or (np.diff(bounds) <= 0).any()
    ):
        return "levels", (
            f"levels do not rise strictly from 0 to {n} (the number of nodes)"
        )
    if not len(holders):
        return None
    # Levels are runs of nodes, so an edge u -> v goes forward to a later level
    # exactly when v is at least where the level after u's starts: checked on
    # each node's lowest head, read in order (no head is looked up at random).
    level = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    next_level = bounds[1:][level[holders]]
    lowest = np.minimum.reduceat(indices, starts[holders].astype(np.intp))
    short = np.flatnonzero(lowest < next_level)
    if not len(short):
        return None
    u, v = int(holders[short[0]]), int(lowest[short[0]])
    edge = f"the edge {short_repr(nodes[u])} -> {short_repr(nodes[v])}"
    if v <= u:
        return "indices", (
            f"{edge} does not go forward in the topological order of the nodes"
        )
    return "levels", f"{edge} does not go to a later level"


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


# Saving, loading and pickling. The arrays a saved or pickled CompiledDAG
# keeps, by attribute name: the first five are its positional arguments, the
# rest its keyword arguments (left out when None; object arrays, which .npy
# files hold only pickled, are not saved).
_ARRAYS = ("indptr", "indices", "weights", "tails", "levels", "raw_weights")
_MADE_WITH = 5
_FORMAT = "pathsum.CompiledDAG"
_VERSION = 1
_MANIFEST = "manifest.json"
_SEMIRINGS = {semiring.name: semiring for semiring in _KINDS}
_JSON_NODES = (str, int, float, bool)


def load_compiled(
    path: str | Path,
    *,
    mmap: bool = True,
    engine: str | None = None,
    allow_pickle: bool = False,
) -> CompiledDAG:
    """Load a graph written by `CompiledDAG.save`, its arrays memory-mapped.

    Parameters
    ----------
    path : str or path-like
        The directory the graph was saved to.
    mmap : bool, default True
        Map the arrays read-only from their files: processes that load the
        same files share one copy in the page cache, and the graph reads its
        files at every pass (see Notes). False reads them into memory.
    engine : {"auto", "numba", "numpy"} or None, default None
        What runs the passes; None takes the engine the graph was saved with.
    allow_pickle : bool, default False
        Load a node list that was saved pickled (``save(...,
        allow_pickle=True)``). Unpickling runs what the file holds: pass True
        only for files you trust.

    Returns
    -------
    CompiledDAG
        Equal to the graph saved, array for array. One loaded with
        ``mmap=True`` pickles as its path: sent to a Dask worker, it is mapped
        there from the same file, which must then be at the same path on the
        worker's machine (a shared file system).

    Raises
    ------
    FileNotFoundError
        If `path` does not exist.
    CompiledFileError
        If `path` is not a saved graph, or one of its files is missing, cut
        short, not what the manifest says, or holds what no save writes (a
        field of the manifest, an array's dtype, arrays that disagree, an
        edge that does not go forward, a node twice, a weight the semiring
        refuses); or the nodes were pickled and `allow_pickle` is False.
        Checked once, before any compiled loop reads the files. Mapped, also
        at a later pass whose files changed (see Notes).
    ImportError
        If the engine is "numba" and numba is not installed.

    Notes
    -----
    A mapped graph holds no copy of its arrays: each pass reads the files.
    Before each pass (and `with_semiring`, `save`, and pickling a graph made
    from it) it compares each file's size, time of last change, inode and
    device with what they were at load, and raises CompiledFileError naming
    a file that was cut short, written to, replaced or removed: load the
    graph again. A file cut short under a pass under way can still end the
    process (SIGBUS), and a rewrite in place that keeps a file's size within
    its file system's timestamp resolution goes unseen: treat the files as
    read-only while mapped, and publish a new graph with `CompiledDAG.save`,
    which writes new files and renames them into place.

    Examples
    --------
    >>> import tempfile
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.DiGraph([(("a", 1), "b", {"weight": 0.5}), ("b", 3, {"weight": 4.0})])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     ps.compile_dag(G, engine="numpy").save(folder)
    ...     dag = ps.load_compiled(folder)
    ...     print(dag)
    ...     print(dag.nodes, dag.forward(("a", 1)).tolist())
    <CompiledDAG: 3 nodes, 2 edges, real, numpy engine>
    [('a', 1), 'b', 3] [1.0, 0.5, 2.0]
    """
    folder = Path(path)
    if not folder.exists():
        raise FileNotFoundError(f"no saved graph at {folder}: it does not exist")
    manifest = _manifest(folder)
    use_numba = _use_numba(manifest["engine"] if engine is None else engine)
    semiring = _SEMIRINGS[manifest["semiring"]]
    arrays, files = {}, []
    for name, spec in manifest["arrays"].items():
        arrays[name], identity = _load_array(folder, name, spec, mmap, semiring)
        if mmap:
            files.append((str(folder / f"{name}.npy"), identity))
    missing = [name for name in _ARRAYS[:_MADE_WITH] if name not in arrays]
    if missing:
        raise CompiledFileError(
            f"{folder / _MANIFEST} lists no array {missing[0]!r}: the file was "
            f"not written by CompiledDAG.save; save the graph again",
            path=folder / _MANIFEST,
        )
    nodes = _load_nodes(folder, manifest, allow_pickle)
    if len(nodes) != manifest["number_of_nodes"]:
        raise _foreign(
            folder / f"nodes.{manifest['nodes']}",
            f"{len(nodes):,} nodes, and the manifest says "
            f"{manifest['number_of_nodes']:,}",
        )
    edge_keys = None
    if manifest["edge_keys"] is not None:
        edge_keys = _load_nodes(folder, manifest, allow_pickle, what="edge_keys")
    raw = arrays.get("raw_weights")
    if manifest["raw_weights_are_weights"]:
        raw = arrays["weights"]
    try:
        dag = CompiledDAG(
            nodes,
            *(arrays[name] for name in _ARRAYS[:_MADE_WITH]),
            semiring,
            "numba" if use_numba else "numpy",
            raw_weights=raw,
        )
    except _Disagreement as exc:
        raise _foreign(_part_file(folder, manifest, exc.part), exc.problem) from None
    if edge_keys is not None and len(edge_keys) != len(dag.indices):
        raise _foreign(
            folder / f"edge_keys.{manifest['edge_keys']}", "not one edge key per edge"
        )
    dag.edge_keys = edge_keys
    dag._unweighted = manifest["unweighted"]
    dag.weights_kind = manifest["weights_kind"]
    problem = _weights_problem(dag, manifest["raw_weights_are_weights"])
    if problem:
        raise _foreign(_part_file(folder, manifest, problem[0]), problem[1])
    if mmap:
        dag._saved = (str(folder.resolve()), manifest["id"], allow_pickle)
        dag._files = tuple(files)
    return dag


def _foreign(file: Path, problem: str) -> CompiledFileError:
    """The error for a saved graph whose `file` holds what no save writes."""
    return CompiledFileError(
        f"{file}: {problem}; the files are not a graph CompiledDAG.save wrote "
        f"(changed since, or foreign): save the graph again",
        path=file,
    )


def _part_file(folder: Path, manifest: dict, part: str) -> Path:
    """The file that holds `part` (an attribute of CompiledDAG) of a save."""
    if part == "nodes":
        return folder / f"nodes.{manifest['nodes']}"
    if part == "raw_weights" and manifest["raw_weights_are_weights"]:
        return folder / "weights.npy"
    return folder / f"{part}.npy"


def _weights_problem(dag: CompiledDAG, raw_is_weights: bool) -> tuple | None:
    """What is wrong with the loaded weights of `dag`, as ``(part, problem)``,
    or None: each must be what `compile_dag` would have made (a weight the
    semiring refuses, or a count other than 1, gives sums no graph has), and
    the raw weights, which `with_semiring` lifts, must lift to them."""
    semiring, weights, raw = dag.semiring, dag.weights, dag.raw_weights
    name = semiring.name
    if raw_is_weights and (weights.dtype != np.float64 or dag._unweighted):
        return "raw_weights", (
            f"the manifest says the raw weights are the weights, which in {name} "
            f"{'of an unweighted graph ' if dag._unweighted else ''}they are not"
        )
    if raw is not None and dag._unweighted:
        return "raw_weights", "raw weights of a graph the manifest says is unweighted"
    lifts = raw is not None and raw is not weights and semiring is not COUNTING
    if lifts and raw.dtype.kind == "b" and semiring is not BOOLEAN:
        return "raw_weights", f"truth values, which {name} refuses as weights"
    step = step_weight(semiring)
    every = step if dag._unweighted or semiring is COUNTING else None
    kind = _KINDS[semiring]
    for edges in _chunks(len(weights)):
        w = weights[edges]
        if every is not None:
            bad = w != every
        elif semiring is BOOLEAN:
            bad = w > 1
        else:
            bad = _refused(w, semiring)
        if bad.any():
            e = edges.start + int(np.flatnonzero(bad)[0])
            if semiring is COUNTING:
                rule = "COUNTING weighs every edge 1"
            elif every is not None:
                rule = (
                    f"the manifest says the graph is unweighted: every edge is "
                    f"one step, of {step!r} in {name}"
                )
            else:
                rule = f"{name} refuses that weight"
            return "weights", (
                f"edge {short_repr(dag._edge_name(e))} weighs "
                f"{weights[e].item()!r}, and {rule}"
            )
        if not lifts:
            continue
        if raw.dtype.kind == "b":
            lifted = raw[edges].astype(np.uint8)
        else:
            try:
                lifted = _weights(
                    raw[edges],
                    lambda e, first=edges.start: dag._edge_name(first + e),
                    semiring,
                    kind,
                    len(w),
                )
            except WeightError as exc:
                return "raw_weights", str(exc)
        if not np.array_equal(lifted, w, equal_nan=True):
            return "raw_weights", f"raw weights that do not lift to the {name} weights"
    return None


def _save(dag: CompiledDAG, folder: Path, allow_pickle: bool) -> None:
    dag._check_files()
    if _SEMIRINGS.get(dag.semiring.name) is not dag.semiring:
        raise TypeError(
            f"only a graph in a built-in semiring can be saved, not in "
            f"{dag.semiring!r}: compile it with one of "
            f"{', '.join(s.name.upper() for s in _KINDS)}"
        )
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(
            f"{folder} is a file; CompiledDAG.save writes a directory of .npy "
            f"files: give a new or empty directory"
        )
    others = folder.is_dir() and any(folder.iterdir())
    if others and not (folder / _MANIFEST).is_file():
        raise FileExistsError(
            f"{folder} holds other files; save to a new or empty directory, "
            f"or to one a CompiledDAG was saved to"
        )
    nodes_format, nodes_data = _node_file(dag.nodes, allow_pickle)
    keys = None
    if dag.edge_keys is not None:
        keys = _node_file(dag.edge_keys, allow_pickle, what="edge key")
    folder.mkdir(parents=True, exist_ok=True)
    # Without its manifest a directory is not a saved graph: a save cut short
    # is then refused at load, never read half old and half new.
    (folder / _MANIFEST).unlink(missing_ok=True)
    arrays = {}
    for name in _ARRAYS:
        array = getattr(dag, name, None)
        # Raw weights that are the weights themselves (floats in a semiring
        # that lifts them unchanged) are saved once, as the weights.
        if (
            array is None
            or array.dtype == object
            or (array is dag.weights and name != "weights")
        ):
            continue
        array = np.ascontiguousarray(array)
        # A new file under the old name: processes mapping the old file keep
        # reading the old graph, whole, until they load again.
        part = folder / f"{name}.npy.part"
        with part.open("wb") as file:
            np.save(file, array, allow_pickle=False)
        part.replace(folder / f"{name}.npy")
        arrays[name] = {"dtype": array.dtype.str, "shape": list(array.shape)}
    for stale in ("json", "pickle"):
        (folder / f"nodes.{stale}").unlink(missing_ok=True)
        (folder / f"edge_keys.{stale}").unlink(missing_ok=True)
    (folder / f"nodes.{nodes_format}").write_bytes(nodes_data)
    if keys is not None:
        (folder / f"edge_keys.{keys[0]}").write_bytes(keys[1])
    manifest = {
        "format": _FORMAT,
        "version": _VERSION,
        "id": uuid.uuid4().hex,
        "semiring": dag.semiring.name,
        "engine": dag.engine,
        "weights_kind": dag.weights_kind,
        "nodes": nodes_format,
        "edge_keys": None if keys is None else keys[0],
        "unweighted": dag._unweighted,
        "raw_weights_are_weights": dag.raw_weights is dag.weights,
        "number_of_nodes": len(dag.nodes),
        "arrays": arrays,
    }
    part = folder / f"{_MANIFEST}.part"
    part.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    part.replace(folder / _MANIFEST)


def _jsonable(node: Any) -> bool:
    """Whether JSON gives `node` back as it is (a tuple comes back from a JSON
    list: no list can be a node). Tuples are searched with a stack, not by
    recursion, whatever their depth."""
    stack = [node]
    while stack:
        item = stack.pop()
        if type(item) is tuple:
            stack.extend(item)
        elif type(item) not in _JSON_NODES:
            return False
    return True


def _node_file(
    nodes: list, allow_pickle: bool, what: str = "node"
) -> tuple[str, bytes]:
    """How the nodes (or edge keys) are saved, ``"json"`` or ``"pickle"``, and
    the bytes."""
    other = next((node for node in nodes if not _jsonable(node)), _MISSING)
    if other is _MISSING:
        try:
            return "json", json.dumps(nodes).encode()
        except RecursionError:
            raise TypeError(
                f"a {what} is nested too deeply for JSON (Python's encoder "
                f"recurses): relabel the nodes "
                f"(networkx.convert_node_labels_to_integers) before compile_dag"
            ) from None
    if not allow_pickle:
        raise TypeError(
            f"{what} {short_repr(other)} (a {type(other).__name__}) cannot be saved "
            f"as JSON, which holds str, int, float, bool and tuples of them: "
            f"relabel the nodes (networkx.convert_node_labels_to_integers) before "
            f"compile_dag, or pass allow_pickle=True to pickle them; loading them "
            f"then runs what the file holds, so only trusted files can be loaded"
        )
    return "pickle", pickle.dumps(list(nodes), protocol=pickle.HIGHEST_PROTOCOL)


def _tuples(value: Any) -> Any:
    """`value` with every list in it, at any depth, made a tuple: inner lists
    first, from a stack rather than by recursion."""
    if type(value) is not list:
        return value
    made: dict[int, tuple] = {}
    stack = [value]
    while stack:
        item = stack[-1]
        inner = [x for x in item if type(x) is list and id(x) not in made]
        if inner:
            stack.extend(inner)
            continue
        stack.pop()
        made[id(item)] = tuple(made[id(x)] if type(x) is list else x for x in item)
    return made[id(value)]


def _regular(file: Path) -> Path:
    """`file`, if it is a regular file: a directory or a pipe in its place is
    no part of a save (and reading a pipe would wait for a writer)."""
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        return file  # said by the reader, with what to do
    if not stat.S_ISREG(mode):
        raise CompiledFileError(
            f"{file} is not a regular file: a save writes only files; save the "
            f"graph again",
            path=file,
        )
    return file


def _manifest(folder: Path) -> dict:
    """The manifest of a saved graph, checked for what loading reads."""
    file = folder / _MANIFEST
    if not folder.is_dir():
        raise CompiledFileError(
            f"{folder} is a file, not a directory written by CompiledDAG.save",
            path=folder,
        )
    _regular(file)
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CompiledFileError(
            f"{folder} has no {_MANIFEST}: it is not a saved CompiledDAG, or its "
            f"save was cut short; save the graph again",
            path=folder,
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CompiledFileError(
            f"{file} is not JSON ({exc}): the file is cut short or foreign",
            path=file,
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        raise CompiledFileError(
            f"{file} is not the manifest of a saved CompiledDAG", path=file
        )
    if manifest.get("version") != _VERSION:
        raise CompiledFileError(
            f"{file} is in format version {manifest.get('version')!r}; this "
            f"pathsum reads version {_VERSION}: save the graph again with it",
            path=file,
        )
    for field, (default, what, valid) in _FIELDS.items():
        if field not in manifest and default is _MISSING:
            raise CompiledFileError(
                f"{file} lacks its {field}: save the graph again", path=file
            )
        value = manifest.setdefault(field, default)
        if not valid(value):
            raise CompiledFileError(
                f"{file}: its {field} is {short_repr(value)}, not {what}; the file "
                f"was changed, or not written by CompiledDAG.save: save the graph "
                f"again",
                path=file,
            )
    for name, spec in manifest["arrays"].items():
        if name not in _ARRAYS:
            raise CompiledFileError(
                f"{file} lists an array {short_repr(name)}, which no saved graph "
                f"holds: save the graph again",
                path=file,
            )
        shape = spec.get("shape") if isinstance(spec, dict) else None
        if not (
            isinstance(spec, dict)
            and isinstance(spec.get("dtype"), str)
            and type(shape) is list
            and len(shape) == 1
            and type(shape[0]) is int
            and shape[0] >= 0
        ):
            raise CompiledFileError(
                f"{file} describes the array {name!r} as {short_repr(spec)}, not "
                f"as a dtype and the shape of one row: save the graph again",
                path=file,
            )
    return manifest


_SAVED_ENGINES = ("numba", "numpy")
_NODE_FORMATS = ("json", "pickle")
# What loading reads from a manifest: field -> (its default, what it must be,
# the test). Fields without a default must be there; the others came later
# in format 1, and their defaults read the files saved before them.
_FIELDS = {
    "id": (_MISSING, "a string", lambda value: isinstance(value, str) and value != ""),
    "semiring": (
        _MISSING,
        f"one of {', '.join(_SEMIRINGS)}",
        lambda value: isinstance(value, str) and value in _SEMIRINGS,
    ),
    "engine": (_MISSING, "'numba' or 'numpy'", lambda value: value in _SAVED_ENGINES),
    "weights_kind": (
        _MISSING,
        "one of '', 'f', 'i', 'u', 'b', 'O'",
        lambda value: value in ("", "f", "i", "u", "b", "O"),
    ),
    "nodes": (_MISSING, "'json' or 'pickle'", lambda value: value in _NODE_FORMATS),
    "number_of_nodes": (
        _MISSING,
        "a count",
        lambda value: type(value) is int and value >= 0,
    ),
    "arrays": (_MISSING, "an object of arrays", lambda value: isinstance(value, dict)),
    "edge_keys": (
        None,
        "null, 'json' or 'pickle'",
        lambda value: value is None or value in _NODE_FORMATS,
    ),
    "unweighted": (False, "true or false", lambda value: type(value) is bool),
    "raw_weights_are_weights": (
        False,
        "true or false",
        lambda value: type(value) is bool,
    ),
}
# The dtypes a save writes (raw weights: any number): the loops are compiled
# for these, and what numpy would convert on the way is no saved graph.
_INDEX_DTYPES = (np.dtype(np.uint32), np.dtype(np.uint64))
_DTYPES = {
    "indptr": (np.dtype(np.uint64),),
    "indices": _INDEX_DTYPES,
    "tails": _INDEX_DTYPES,
    "levels": (np.dtype(np.int64),),
}


def _load_array(
    folder: Path, name: str, spec: dict, mmap: bool, semiring: Semiring
) -> tuple[np.ndarray, tuple | None]:
    """The array `name` of a save, checked against the manifest's `spec` and
    the dtypes a save writes; mapped, also the `_identity` of its file."""
    file = _regular(folder / f"{name}.npy")
    try:
        if mmap:
            array, identity = _map(file)
        else:
            array, identity = np.load(file, allow_pickle=False), None
    except FileNotFoundError:
        raise CompiledFileError(
            f"{folder} lacks {file.name}, which its manifest lists: copy the "
            f"whole directory, or save the graph again",
            path=file,
        ) from None
    except Exception as exc:  # what numpy's reading of a damaged header raises varies
        raise CompiledFileError(
            f"{file} is not a whole .npy array ({exc}): it was cut short or "
            f"changed; save the graph again",
            path=file,
        ) from None
    shape = list(array.shape)
    if [array.dtype.str, shape] != [spec["dtype"], spec["shape"]]:
        raise CompiledFileError(
            f"{file} holds {array.dtype.str} {shape}, not what its manifest lists "
            f"({spec!r}): the file was changed; save the graph again",
            path=file,
        )
    if name == "weights":
        expected = np.dtype(_KINDS[semiring].dtype)
        if array.dtype != expected:
            raise _foreign(
                file,
                f"{array.dtype} weights, and {semiring.name} computes in {expected}",
            )
    elif name == "raw_weights":
        if array.dtype.kind not in "iufb" or not array.dtype.isnative:
            raise _foreign(file, f"raw weights of dtype {array.dtype.str}")
    elif array.dtype not in _DTYPES[name]:
        raise _foreign(
            file,
            f"{name} of dtype {array.dtype.str}, where a save writes "
            f"{' or '.join(dtype.str for dtype in _DTYPES[name])}",
        )
    return array, identity


def _map(file: Path) -> tuple[np.memmap, tuple]:
    """The array in the .npy `file`, mapped read-only, and the `_identity` of
    the very file mapped (stat of the open file, so a file replaced between
    a stat and the mapping cannot pass for it)."""
    with file.open("rb") as stream:
        identity = _identity(os.fstat(stream.fileno()))
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            header = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            header = np.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"format version {version} of .npy files")
        shape, fortran_order, dtype = header
        if dtype.hasobject:
            raise ValueError("it holds Python objects, which are read only pickled")
        # mmap refuses a file shorter than the array (ValueError).
        array = np.memmap(
            stream,
            dtype=dtype,
            mode="r",
            offset=stream.tell(),
            shape=shape,
            order="F" if fortran_order else "C",
        )
    return array, identity


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    """What says a file is the one loaded: its size, the time it was last
    written, and which file it is (inode, device)."""
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev


def _file_change(file: str, identity: tuple) -> str:
    """How `file` changed since its `_identity` was `identity` ("" if not)."""
    try:
        now = _identity(os.stat(file))
    except OSError:
        return "it is gone"
    if now == identity:
        return ""
    if now[2:] != identity[2:]:
        return "it is another file: saved again, or replaced"
    if now[0] != identity[0]:
        return (
            f"it is {now[0]:,} bytes long, not {identity[0]:,}: cut short or rewritten"
        )
    return "it was written to"


def _load_nodes(
    folder: Path, manifest: dict, allow_pickle: bool, what: str = "nodes"
) -> list:
    """The saved node list, or with ``what="edge_keys"`` the edge keys."""
    form = manifest[what]
    file = folder / f"{what}.{form}"
    if form == "pickle" and not allow_pickle:
        raise CompiledFileError(
            f"the {what.replace('_', ' ')} in {file} are pickled, and unpickling "
            f"runs what the file holds: pass allow_pickle=True only if you trust "
            f"the file",
            path=file,
        )
    _regular(file)
    try:
        data = file.read_bytes()
        nodes = pickle.loads(data) if form == "pickle" else json.loads(data)
    except FileNotFoundError:
        raise CompiledFileError(
            f"{folder} lacks {file.name}: copy the whole directory", path=file
        ) from None
    except Exception as exc:  # what a cut-short pickle or JSON raises varies
        raise CompiledFileError(
            f"{file} cannot be read ({type(exc).__name__}: {exc}): it was cut "
            f"short or changed; save the graph again",
            path=file,
        ) from None
    if not isinstance(nodes, list):
        raise CompiledFileError(
            f"{file} does not hold a list of {what.replace('_', ' ')}", path=file
        )
    if form == "json":
        nodes = [_tuples(node) for node in nodes]
        other = next((node for node in nodes if not _jsonable(node)), _MISSING)
        if other is not _MISSING:
            raise _foreign(
                file,
                f"{short_repr(other)}, which a save does not write (it writes str, "
                f"int, float, bool and lists of them)",
            )
    return nodes


def _reduce(dag: CompiledDAG) -> tuple:
    saved = dag.__dict__.get("_saved")
    if saved is not None:
        return _mapped, (*saved, dag.engine)
    dag._check_files()  # a graph made from a mapped one pickles its arrays
    arrays = tuple(getattr(dag, name, None) for name in _ARRAYS)
    return _rebuilt, (
        dag.nodes,
        arrays,
        dag.semiring.name,
        dag.engine,
        dag.weights_kind,
        dag.edge_keys,
        dag._unweighted,
    )


def _rebuilt(
    nodes, arrays, semiring_name, engine, weights_kind, edge_keys, unweighted
) -> CompiledDAG:
    """A pickled CompiledDAG, computing in the built-in semiring of that name."""
    use_numba = _use_numba(engine)
    dag = CompiledDAG(
        nodes,
        *arrays[:_MADE_WITH],
        _SEMIRINGS[semiring_name],
        "numba" if use_numba else "numpy",
        **dict(zip(_ARRAYS[_MADE_WITH:], arrays[_MADE_WITH:], strict=True)),
    )
    dag.weights_kind = weights_kind
    dag.edge_keys = edge_keys
    dag._unweighted = unweighted
    return dag


def _mapped(path, saved_id, allow_pickle, engine) -> CompiledDAG:
    """A CompiledDAG pickled as its path: the same file, mapped again."""
    dag = load_compiled(path, engine=engine, allow_pickle=allow_pickle)
    if dag._saved[1] != saved_id:
        raise CompiledFileError(
            f"the graph saved at {path} was saved again since it was loaded and "
            f"pickled: load it again (or save the new graph elsewhere)",
            path=path,
        )
    return dag


def _token(dag: CompiledDAG) -> str:
    """Dask's name for `dag`: the same for one object (or one saved file), so
    Dask sends it once; never hashed from the arrays, which may be large."""
    saved = dag.__dict__.get("_saved")
    if saved is not None:
        return f"{saved[1]}-{dag.engine}"
    return dag.__dict__.setdefault("_token", uuid.uuid4().hex)
