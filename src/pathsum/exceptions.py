"""Exceptions raised by pathsum.

Every exception derives from a networkx exception that networkx users already
catch, so ``except networkx.NetworkXException`` keeps working around pathsum
calls.
"""

from __future__ import annotations

import networkx as nx

__all__ = [
    "GraphvizNotFound",
    "NotADAGError",
    "PathsumError",
    "RenderError",
    "TooManyPathsError",
    "WeightError",
]


class PathsumError(nx.NetworkXException):
    """Base class of the errors pathsum raises itself."""


class NotADAGError(PathsumError, nx.NetworkXUnfeasible):
    """The graph has a directed cycle, so path sums are not defined.

    Attributes
    ----------
    cycle : list of tuple
        The cycle found, as ``(u, v)`` edges in path order.
    """

    def __init__(self, message: str, cycle: list[tuple] | None = None) -> None:
        super().__init__(message)
        self.cycle = cycle


class TooManyPathsError(PathsumError):
    """An enumeration would produce more paths than the caller allowed.

    Attributes
    ----------
    count : int
        The exact number of paths.
    limit : int
        The ``max_paths`` that was exceeded.
    """

    def __init__(self, message: str, count: int, limit: int) -> None:
        super().__init__(message)
        self.count = count
        self.limit = limit


class WeightError(PathsumError, TypeError, ValueError):
    """An edge's weight is not a value of the semiring in use.

    Also raised when the semiring's operations fail on an edge's weight.

    Attributes
    ----------
    edge : tuple
        The offending edge, ``(u, v)`` or ``(u, v, key)``.
    raw : object
        The weight as the graph gave it, before the semiring lifted it.
    """

    def __init__(self, message: str, edge: tuple, raw: object = None) -> None:
        super().__init__(message)
        self.edge = edge
        self.raw = raw


class GraphvizNotFound(PathsumError, FileNotFoundError):
    """No Graphviz executable to render with; the message says what was searched.

    Exporting (`to_dot`, `to_pydot`, `.dot`/`.gv` files) never needs one.
    """


class RenderError(PathsumError):
    """Graphviz ran and failed.

    Attributes
    ----------
    stderr : str
        What Graphviz wrote to its standard error.
    """

    def __init__(self, message: str, stderr: str) -> None:
        super().__init__(message)
        self.stderr = stderr
