"""Path sums on Dask: blocks of seed columns, swept wherever Dask runs them.

A block of seed columns is one compiled sweep, and blocks are independent, so
``CompiledDAG.forward(seeds)`` / ``.reverse(seeds)`` with a ``dask.array.Array``
of seeds, and ``jacobian(..., chunks=N)``, build a Dask graph of one task per
block. The compiled graph is one key of that graph, which every block task
depends on: Dask sends it to each worker once, not once per task. A graph
loaded with ``load_compiled(path)`` travels as its path, and each worker maps
the file.

The dask arrays of seeds are swept by `pathsum.compiled.blocks`, which this
module re-exports; here, Jacobians by blocks. dask is imported only when such a
call is made (the optional extra ``dask``): ``import pathsum`` does not import
it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .compiled import CompiledDAG, check_positions, check_real, one_hot_sweep
from .compiled.blocks import dask_modules, dask_pass, graph_key

__all__ = ["chunked_jacobian", "dask_modules", "dask_pass", "graph_key"]


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
    check_positions(dag, seeds, "seeds")
    check_positions(dag, reads, "reads")
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
