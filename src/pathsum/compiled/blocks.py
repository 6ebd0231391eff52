"""Dask arrays of seeds: a pass over a block of seed columns is one task.

``CompiledDAG.forward(seeds)`` and ``.reverse(seeds)`` with a
``dask.array.Array`` of seeds come here. The compiled graph is one key of the
Dask graph, which every block task depends on: Dask sends it to each worker
once, not once per task. dask is imported only when such a call is made (the
optional extra ``dask``); ``pathsum.scaling`` builds Jacobians by blocks on the
same pieces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..semirings import BOOLEAN

if TYPE_CHECKING:
    from .dag import CompiledDAG

__all__ = ["dask_modules", "dask_pass", "graph_key"]


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
