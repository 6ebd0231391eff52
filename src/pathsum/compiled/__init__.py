"""The array engine: a DAG stored once as CSR arrays in topological order.

`compile_dag` reads a networkx graph in one pass, sorts it topologically on the
arrays, and returns a `CompiledDAG` whose passes are loops over edges in
compiled code (numba, the optional extra ``fast``) or, without numba, numpy
sweeps level by level. A block of k seeds goes through in one sweep.

The modules, each importing only those listed before it: `kernels` (the loops),
`checks` (what the arrays must be), `files` (the saved-file format), `blocks`
(dask arrays of seeds), `dag` (`CompiledDAG` and `load_compiled`) and
`reading` (`compile_dag`).
"""

from .dag import (
    CompiledDAG,
    PathSumsView,
    check_positions,
    check_real,
    column_tile,
    load_compiled,
    one_hot_sweep,
)
from .kernels import ENGINES, numba_available
from .reading import compile_dag

__all__ = [
    "ENGINES",
    "CompiledDAG",
    "PathSumsView",
    "check_positions",
    "check_real",
    "column_tile",
    "compile_dag",
    "load_compiled",
    "numba_available",
    "one_hot_sweep",
]
