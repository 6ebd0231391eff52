"""pathsum: a derivative is a sum over paths in a weighted DAG.

Path sums three ways (enumeration, forward and reverse accumulation) over any
semiring, on plain NetworkX graphs.

Every name below is re-exported from the module that defines it. The modules are
imported when a name is first used, so ``import pathsum`` costs little more
than ``import networkx`` and imports no numpy, numba, pydot or hypothesis.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "accumulate": ["forward_path_sums", "path_sum", "reverse_path_sums"],
    "best": ["best_path"],
    "compiled": ["CompiledDAG", "PathSumsView", "compile_dag", "load_compiled"],
    "drawing": [
        "Diagram",
        "diagram",
        "draw",
        "elimination_panels",
        "path_panels",
        "render",
        "to_dot",
        "to_mermaid",
        "to_pydot",
    ],
    "elimination": ["Elimination", "eliminate", "elimination_cost"],
    "exceptions": [
        "CompiledFileError",
        "GraphvizNotFound",
        "NotADAGError",
        "PathsumError",
        "ProgramError",
        "RenderError",
        "SamplingError",
        "TooManyPathsError",
        "WeightError",
    ],
    "explain": ["Explanation", "explain"],
    "jacobian": ["jacobian", "jacobian_cost"],
    "kbest": ["k_best_paths"],
    "marginals": ["edge_marginals", "node_marginals"],
    "paths": ["all_paths", "between", "count_paths", "path_weight"],
    "programs": ["Traced", "program_graph", "trace"],
    "sampling": ["sample_paths"],
    "semirings": [
        "BOOLEAN",
        "COUNTING",
        "FREE",
        "LOG",
        "MAX_PLUS",
        "MAX_TIMES",
        "MIN_PLUS",
        "POLYNOMIAL",
        "REAL",
        "OperationCounter",
        "Polynomial",
        "Semiring",
        "WordSum",
    ],
}
_SUBMODULES = ("examples", "math")
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted([*_HOME, "__version__"], key=lambda name: (name.islower(), name))


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME, *_SUBMODULES})


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule binds it on its package. Where a submodule
        # shares its name with the function it exports (jacobian, explain),
        # the package name stays the function, as ``from .jacobian import
        # jacobian`` at import time would leave it.
        if name in _HOME and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)

    def __reduce__(self) -> tuple:
        # By name, as pickle treats a module: a function that uses pathsum
        # then pickles by value (cloudpickle, as Dask sends a notebook's
        # functions to its workers) and finds the package imported there.
        return importlib.import_module, (self.__name__,)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:
    from . import examples as examples
    from . import math as math
    from .accumulate import forward_path_sums, path_sum, reverse_path_sums
    from .best import best_path
    from .compiled import CompiledDAG, PathSumsView, compile_dag, load_compiled
    from .drawing import (
        Diagram,
        diagram,
        draw,
        elimination_panels,
        path_panels,
        render,
        to_dot,
        to_mermaid,
        to_pydot,
    )
    from .elimination import Elimination, eliminate, elimination_cost
    from .exceptions import (
        CompiledFileError,
        GraphvizNotFound,
        NotADAGError,
        PathsumError,
        ProgramError,
        RenderError,
        SamplingError,
        TooManyPathsError,
        WeightError,
    )
    from .explain import Explanation, explain
    from .jacobian import jacobian, jacobian_cost
    from .kbest import k_best_paths
    from .marginals import edge_marginals, node_marginals
    from .paths import all_paths, between, count_paths, path_weight
    from .programs import Traced, program_graph, trace
    from .sampling import sample_paths
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
