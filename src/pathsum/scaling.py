"""Path sums on Dask: blocks of seed columns, swept wherever Dask runs them.

A block of seed columns is one compiled sweep, and blocks are independent, so
``CompiledDAG.forward(seeds)`` / ``.reverse(seeds)`` with a ``dask.array.Array``
of seeds, and ``jacobian(..., chunks=N)``, build a Dask graph of one task per
block. The compiled graph is one key of that graph, which every block task
depends on: Dask sends it to each worker once, not once per task. A graph
loaded with ``load_compiled(path)`` travels as its path, and each worker maps
the file.

dask is imported here only, and only when such a call is made (the optional
extra ``dask``): ``import pathsum`` does not import it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .compiled import CompiledDAG, check_real, one_hot_sweep
from .semirings import BOOLEAN

__all__ = ["chunked_jacobian", "dask_modules", "dask_pass", "graph_key"]


def dask_modules() -> tuple[Any, Any]:
    """``(dask, dask.array)``, or an ImportError that says how to install them."""
    try:
        import dask
        import dask.array
    except ImportError as exc:
        raise ImportError(
            "dask arrays of seeds and jacobian(..., chunks=N) need dask: "
            "pip install 'pathsum[dask]'"
        ) from exc
    return dask, dask.array


def graph_key(dag: CompiledDAG) -> Any:
    """`dag` as one Dask key (a ``Delayed``) for block tasks to depend on.

    Named from ``CompiledDAG.__dask_tokenize__``, so the same graph is the same
    key in every array built from it, and computed together they share it.
    """
    dask, _ = dask_modules()
    return dask.delayed(dag, name=f"compiled-dag-{dask.base.tokenize(dag)}")


def dask_pass(dag: CompiledDAG, seeds: Any, *, forward: bool) -> Any:
    """``dag.forward(seeds)`` or ``dag.reverse(seeds)`` for dask seeds: a lazy
    dask array with the column chunks of `seeds` and a single row chunk."""
    _, da = dask_modules()
    n = len(dag.nodes)
    if not isinstance(seeds, da.Array):
        raise TypeError(
            f"dask seeds must be a dask.array.Array shaped (n_nodes, k) = "
            f"({n}, k), not a {type(seeds).__module__}.{type(seeds).__name__}"
        )
    if seeds.ndim != 2 or seeds.shape[0] != n:
        raise ValueError(
            f"a seed array must be shaped (n_nodes, k) = ({n}, k), not "
            f"{seeds.shape} (one column v of seeds: pass v[:, None])"
        )
    dtype = np.dtype(bool) if dag.semiring is BOOLEAN else dag.weights.dtype
    # A sweep needs whole columns: the rows of a block are every node.
    return seeds.rechunk({0: -1}).map_blocks(
        _pass_block,
        graph_key(dag),
        forward,
        dtype=dtype,
        meta=np.empty((0, 0), dtype),
        token="pathsum-forward" if forward else "pathsum-reverse",
    )


def _pass_block(block: Any, dag: CompiledDAG, forward: bool) -> np.ndarray:
    block = np.asarray(block)
    return dag.forward(block) if forward else dag.reverse(block)


def chunked_jacobian(
    dag: CompiledDAG, seeds: list[int], reads: list[int], *, forward: bool, chunks: int
) -> Any:
    """A Jacobian as a dask array of blocks of `chunks` seed columns.

    `seeds` are the positions of the inputs (forward) or outputs (reverse),
    `reads` those of the others. Each task makes its own one-hot seeds, a tile
    of columns at a time, sweeps them and keeps the rows it reads, so no block
    of seeds is ever sent.
    """
    check_real(dag)
    dask, da = dask_modules()
    positions = da.from_array(np.array(seeds, np.int64), chunks=chunks)
    rows = dask.delayed(np.array(reads, np.int64), pure=True)
    # Reverse blocks are rows of the Jacobian, made in C order by the task:
    # the transpose of column blocks would be copied, strided, where Dask
    # joins the blocks.
    return da.map_blocks(
        _jacobian_block,
        positions,
        graph_key(dag),
        rows,
        forward,
        dtype=np.float64,
        meta=np.empty((0, 0)),
        new_axis=0 if forward else 1,
        chunks=(
            ((len(reads),), positions.chunks[0])
            if forward
            else (positions.chunks[0], (len(reads),))
        ),
        token="pathsum-jacobian",
    )


def _jacobian_block(
    positions: np.ndarray, dag: CompiledDAG, reads: np.ndarray, forward: bool
) -> np.ndarray:
    return one_hot_sweep(
        dag, positions, reads, forward=forward, seeds_first=not forward
    )
