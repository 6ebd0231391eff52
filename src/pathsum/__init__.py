"""pathsum: a derivative is a sum over paths in a weighted DAG.

Path sums three ways (enumeration, forward and reverse accumulation) over any
semiring, on plain NetworkX graphs.
"""

from . import examples as examples
from . import math as math
from .accumulate import forward_path_sums, path_sum, reverse_path_sums
from .best import best_path
from .compiled import CompiledDAG, compile_dag
from .drawing import (
    Diagram,
    diagram,
    draw,
    path_panels,
    render,
    to_dot,
    to_mermaid,
    to_pydot,
)
from .exceptions import (
    GraphvizNotFound,
    NotADAGError,
    PathsumError,
    ProgramError,
    RenderError,
    TooManyPathsError,
    WeightError,
)
from .explain import Explanation, explain
from .jacobian import jacobian, jacobian_cost
from .paths import all_paths, count_paths, path_weight
from .programs import Traced, program_graph, trace
from .semirings import (
    BOOLEAN,
    COUNTING,
    FREE,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    POLYNOMIAL,
    REAL,
    OperationCounter,
    Polynomial,
    Semiring,
    WordSum,
)

__version__ = "0.1.0"

__all__ = [
    "BOOLEAN",
    "COUNTING",
    "FREE",
    "LOG",
    "MAX_PLUS",
    "MAX_TIMES",
    "MIN_PLUS",
    "POLYNOMIAL",
    "REAL",
    "CompiledDAG",
    "Diagram",
    "Explanation",
    "GraphvizNotFound",
    "NotADAGError",
    "OperationCounter",
    "PathsumError",
    "Polynomial",
    "ProgramError",
    "RenderError",
    "Semiring",
    "TooManyPathsError",
    "Traced",
    "WeightError",
    "WordSum",
    "__version__",
    "all_paths",
    "best_path",
    "compile_dag",
    "count_paths",
    "diagram",
    "draw",
    "explain",
    "forward_path_sums",
    "jacobian",
    "jacobian_cost",
    "path_panels",
    "path_sum",
    "path_weight",
    "program_graph",
    "render",
    "reverse_path_sums",
    "to_dot",
    "to_mermaid",
    "to_pydot",
    "trace",
]
