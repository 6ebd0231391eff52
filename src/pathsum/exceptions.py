"""Exceptions raised by pathsum.

Every exception derives from a networkx exception that networkx users already
catch, so ``except networkx.NetworkXException`` keeps working around pathsum
calls.
"""

from __future__ import annotations

import networkx as nx

__all__ = [
    "CompiledFileError",
    "GraphvizNotFound",
    "NotADAGError",
    "PathsumError",
    "ProgramError",
    "RenderError",
    "SamplingError",
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
    """An edge's weight is missing or is not a value of the semiring in use.

    Raised when a reached edge lacks the named weight attribute (pass
    ``weight=None`` or ``default_weight=`` to ask for a default explicitly), and
    when the semiring's operations fail on an edge's weight.

    Attributes
    ----------
    edge : tuple
        The offending edge, ``(u, v)`` or ``(u, v, key)``.
    raw : object
        The weight as the graph gave it, before the semiring lifted it.
    attribute : object or None
        The weight attribute the edge lacks, when that is the fault.
    """

    def __init__(
        self, message: str, edge: tuple, raw: object = None, attribute: object = None
    ) -> None:
        super().__init__(message)
        self.edge = edge
        self.raw = raw
        self.attribute = attribute


class CompiledFileError(PathsumError, ValueError):
    """A saved compiled graph cannot be loaded: a file is missing, cut short,
    foreign, or changed since the graph was loaded.

    Attributes
    ----------
    path : str
        The file or directory at fault.
    """

    def __init__(self, message: str, path: object) -> None:
        super().__init__(message)
        self.path = str(path)


class GraphvizNotFound(PathsumError, FileNotFoundError):
    """No Graphviz executable to render with; the message says what was searched.

    Exporting (`to_dot`, `to_pydot`, `.dot`/`.gv` files) never needs one.
    """


class ProgramError(PathsumError, ValueError):
    """A program cannot be turned into a computational graph.

    Raised for code outside the grammar, undefined variables, missing input
    values, and operations undefined at the given point (``log(-1)``, division by
    zero, overflow). The message starts with where the problem is.

    Attributes
    ----------
    lineno, column : int or None
        1-based line and column of the offending code, when known.
    node : str or None
        The expression or variable at fault, when there is one.
    """

    def __init__(
        self,
        message: str,
        lineno: int | None = None,
        column: int | None = None,
        node: str | None = None,
    ) -> None:
        where = f"line {lineno}: " if lineno else ""
        if lineno and column:
            where = f"line {lineno}, column {column}: "
        super().__init__(where + message)
        self.lineno = lineno
        self.column = column
        self.node = node


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


class SamplingError(PathsumError, OverflowError, ValueError):
    """Paths cannot be drawn in proportion to their weights.

    Raised by `sample_paths` when float path weights add up past the largest
    float, so that draws would no longer follow them, and when every path
    weighs 0 or underflows a float, so that there is nothing to draw by. Ints
    and Fractions are drawn exactly and never over- or underflow.

    It is an OverflowError and a ValueError, the types `sample_paths` raised
    for these cases before it had its own, so that handlers written for those
    keep working.
    """
