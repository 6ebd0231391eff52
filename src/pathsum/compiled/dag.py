"""CompiledDAG, the arrays of a DAG in topological order and the passes over
them; `load_compiled`, a saved one read back."""

from __future__ import annotations

import html
import numbers
import uuid
from collections.abc import Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from .._graph import short_repr
from ..exceptions import CompiledFileError
from ..semirings import (
    BOOLEAN,
    COUNTING,
    LOG,
    REAL,
    Semiring,
)
from .checks import (
    Disagreement,
    arrays_problem,
    check_compiled_semiring,
    lifted_weights,
)
from .files import (
    ARRAYS,
    MADE_WITH,
    MANIFEST,
    SAVED_SEMIRINGS,
    file_change,
    foreign_file,
    load_array,
    load_nodes,
    part_file,
    read_manifest,
    weights_problem,
    write_save,
)
from .kernels import (
    INT64_MAX,
    INT64_MIN,
    KINDS,
    log_times,
    numba_engine,
    pass_kernels,
    reaching_forward,
    reaching_kernels,
    reaching_reverse,
    through_kernel,
)

__all__ = [
    "CompiledDAG",
    "PathSumsView",
    "check_positions",
    "check_real",
    "column_tile",
    "load_compiled",
    "one_hot_sweep",
]


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


def check_positions(dag: CompiledDAG, positions: Any, name: str) -> None:
    """Raise IndexError unless every one of `positions` is a node's (0 to n - 1).

    numpy would read a negative position from the end: a sweep from it would
    start at the wrong node and answer a wrong number.
    """
    n = len(dag.nodes)
    at = np.asarray(positions)
    if at.size and (at.min() < 0 or at.max() >= n):
        bad = int(at.min()) if at.min() < 0 else int(at.max())
        raise IndexError(
            f"{name} holds the position {bad}; the nodes' are 0 to {n - 1}"
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
    check_positions(dag, seeds, "seeds")
    check_positions(dag, reads, "reads")
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
            raise Disagreement("nodes", f"a node is not hashable ({exc})") from None
        problem = arrays_problem(
            nodes, index, indptr, indices, weights, tails, levels, raw_weights
        )
        if problem:
            raise Disagreement(*problem)
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
        self._kind = KINDS[semiring]

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
        write_save(self, Path(path), allow_pickle)

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
            from .blocks import dask_pass

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
            from .blocks import dask_pass

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
        kind = check_compiled_semiring(semiring)
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
        weights = lifted_weights(raw, self._edge_name, semiring, kind, m)
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
            kernel = through_kernel(kind)
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
            forward_kernel, reverse_kernel = pass_kernels(kind)
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
            change = file_change(file, identity)
            if change:
                raise CompiledFileError(
                    f"{file} changed since this graph was loaded with mmap=True "
                    f"({change}), and a mapped graph reads its files at every "
                    f"pass: load it again with load_compiled",
                    path=file,
                )

    def _holds_non_finite(self) -> bool:
        """Whether this is a REAL graph with an infinite or NaN weight (see
        `reaching_forward`), found once, on the first sweep."""
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
            forward_kernel, reverse_kernel = reaching_kernels()
        else:  # the same loops in Python: slower, and only for such graphs
            forward_kernel, reverse_kernel = reaching_forward, reaching_reverse
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
            mul = log_times
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
        if counting and (max(values) > INT64_MAX or min(values) < INT64_MIN):
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
    manifest = read_manifest(folder)
    use_numba = numba_engine(manifest["engine"] if engine is None else engine)
    semiring = SAVED_SEMIRINGS[manifest["semiring"]]
    arrays, files = {}, []
    for name, spec in manifest["arrays"].items():
        arrays[name], identity = load_array(folder, name, spec, mmap, semiring)
        if mmap:
            files.append((str(folder / f"{name}.npy"), identity))
    missing = [name for name in ARRAYS[:MADE_WITH] if name not in arrays]
    if missing:
        raise CompiledFileError(
            f"{folder / MANIFEST} lists no array {missing[0]!r}: the file was "
            f"not written by CompiledDAG.save; save the graph again",
            path=folder / MANIFEST,
        )
    nodes = load_nodes(folder, manifest, allow_pickle)
    if len(nodes) != manifest["number_of_nodes"]:
        raise foreign_file(
            folder / f"nodes.{manifest['nodes']}",
            f"{len(nodes):,} nodes, and the manifest says "
            f"{manifest['number_of_nodes']:,}",
        )
    edge_keys = None
    if manifest["edge_keys"] is not None:
        edge_keys = load_nodes(folder, manifest, allow_pickle, what="edge_keys")
    raw = arrays.get("raw_weights")
    if manifest["raw_weights_are_weights"]:
        raw = arrays["weights"]
    try:
        dag = CompiledDAG(
            nodes,
            *(arrays[name] for name in ARRAYS[:MADE_WITH]),
            semiring,
            "numba" if use_numba else "numpy",
            raw_weights=raw,
        )
    except Disagreement as exc:
        raise foreign_file(part_file(folder, manifest, exc.part), exc.problem) from None
    if edge_keys is not None and len(edge_keys) != len(dag.indices):
        raise foreign_file(
            folder / f"edge_keys.{manifest['edge_keys']}", "not one edge key per edge"
        )
    dag.edge_keys = edge_keys
    dag._unweighted = manifest["unweighted"]
    dag.weights_kind = manifest["weights_kind"]
    problem = weights_problem(dag, manifest["raw_weights_are_weights"])
    if problem:
        raise foreign_file(part_file(folder, manifest, problem[0]), problem[1])
    if mmap:
        dag._saved = (str(folder.resolve()), manifest["id"], allow_pickle)
        dag._files = tuple(files)
    return dag


def _reduce(dag: CompiledDAG) -> tuple:
    saved = dag.__dict__.get("_saved")
    if saved is not None:
        return _mapped, (*saved, dag.engine)
    dag._check_files()  # a graph made from a mapped one pickles its arrays
    arrays = tuple(getattr(dag, name, None) for name in ARRAYS)
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
    use_numba = numba_engine(engine)
    dag = CompiledDAG(
        nodes,
        *arrays[:MADE_WITH],
        SAVED_SEMIRINGS[semiring_name],
        "numba" if use_numba else "numpy",
        **dict(zip(ARRAYS[MADE_WITH:], arrays[MADE_WITH:], strict=True)),
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
