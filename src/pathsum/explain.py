"""Explain a path sum: its paths, its symbolic forms, and what each method costs."""

from __future__ import annotations

import numbers
import shutil
from collections.abc import Hashable
from dataclasses import dataclass, field
from html import escape
from itertools import islice
from typing import Any, NamedTuple

import networkx as nx
from networkx.utils import not_implemented_for

from ._constants import METHODS
from ._graph import check_node, check_semiring, edges_reachable
from .accumulate import Weight, path_sum
from .elimination import eliminate
from .formatting import fitted_table, format_value, operand_text, table
from .paths import all_paths, count_paths, path_weight
from .semirings import REAL, OperationCounter, Semiring

__all__ = ["Explanation", "explain"]

_AUTO = "auto"

#: The longest symbolic form `explain` writes out by default, in characters.
MAX_TEXT = 10_000


class _Expression(NamedTuple):
    """Text of a sum or product of edge labels, and whether it is a sum."""

    text: str
    is_sum: bool


def _label(raw: Any) -> _Expression:
    text = format_value(raw)
    # A label like "b + 1" or "-x" needs parentheses inside a product.
    return _Expression(text, operand_text(text) != text or text.startswith("-"))


def _factor(a: _Expression) -> str:
    return f"({a.text})" if a.is_sum else a.text


def _expression_semiring(
    semiring: Semiring, limit: int
) -> tuple[Semiring, _Expression]:
    """Writes a path sum in `semiring` as text, as the algorithm builds it.

    No term is merged or reordered, so enumeration gives the expanded sum and
    accumulation a factored form. The real semiring writes + and ·, others ⊕
    and ⊗. Where values are numbers, a label that spells the semiring's zero or
    one is that identity (in min-plus, 0 is the one).

    Returns the semiring and its ``elided`` value: a text longer than `limit`
    becomes that value, and so does every text built from it. Shared factors
    are written again at each use, so the text of a chain of diamonds doubles
    with each diamond; the cap keeps the work linear in the graph.
    """
    plus, times = (" + ", "·") if semiring is REAL else (" ⊕ ", " ⊗ ")
    zero = _Expression(format_value(semiring.zero), False)
    one = _Expression(format_value(semiring.one), False)
    elided = _Expression("…", False)

    def capped(text: str, is_sum: bool) -> _Expression:
        return elided if len(text) > limit else _Expression(text, is_sum)

    numeric = isinstance(semiring.one, numbers.Number)

    def lift(raw: Any) -> _Expression:
        if isinstance(raw, _Expression):
            return raw
        label = _label(raw)
        if numeric and label.text in (zero.text, one.text):
            return zero if label.text == zero.text else one
        return capped(*label)

    def add(a: _Expression, b: _Expression) -> _Expression:
        if a is zero:
            return b
        if b is zero:
            return a
        if a is elided or b is elided:
            return elided
        return capped(f"{a.text}{plus}{b.text}", True)

    def mul(a: _Expression, b: _Expression) -> _Expression:
        if a is zero or b is zero:
            return zero
        if a is one:
            return b
        if b is one:
            return a
        if a is elided or b is elided:
            return elided
        return capped(f"{_factor(a)}{times}{_factor(b)}", False)

    text = Semiring("expression", zero, one, add, mul, commutative=False, lift=lift)
    return text, elided


class Markowitz(NamedTuple):
    """The path sum by vertex elimination in Markowitz order, and its cost."""

    value: Any
    additions: int
    multiplications: int
    eliminated: int


@dataclass
class Explanation:
    """A path sum explained; ``str()`` gives the report.

    In the report, a path table wider than the terminal
    (``shutil.get_terminal_size``, which reads ``COLUMNS`` first) wraps its
    paths, labels and weights onto lines that start with → (or ·, ⊗).

    Attributes
    ----------
    source, target : node
        The ends of the paths.
    semiring : Semiring
        What ⊕ and ⊗ are.
    count : int
        The number of paths, by dynamic programming.
    paths : list of (path, labels, weights, product)
        The first paths: each as a tuple of edges, its edges' labels (or None)
        and weights as text, and its product.
    expanded : str or None
        The sum of the path products, written with the edge labels (with + and
        · in the real semiring, ⊕ and ⊗ in others); None without labels, when
        there were too many paths to enumerate, or when it is elided.
    factored : str or None
        The same sum as reverse accumulation builds it, with shared factors
        (parallel edges grouped); None without labels or when it is elided.
    elided : dict
        ``"expanded"`` and/or ``"factored"`` -> the length limit, for the forms
        left out because they would be longer than that many characters.
    values : dict
        ``method -> path sum``; ``"paths"`` is missing when there were too many
        paths to enumerate.
    operations : dict
        ``method -> (⊕ count, ⊗ count)``.
    edges : dict
        ``method -> number of edges`` the method can touch: edges on a path for
        ``"paths"``, edges reachable from the source for ``"forward"``, edges
        that reach the target for ``"reverse"``.
    markowitz : Markowitz
        The same path sum by vertex elimination in Markowitz order
        (`pathsum.eliminate`): ``(value, additions, multiplications,
        eliminated)``, the last the number of intermediate nodes eliminated.
    """

    source: Hashable
    target: Hashable
    semiring: Semiring
    count: int
    paths: list[tuple[tuple, list[str] | None, list[str], Any]] = field(
        default_factory=list
    )
    expanded: str | None = None
    factored: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    operations: dict[str, tuple[int, int]] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    elided: dict[str, int] = field(default_factory=dict)
    markowitz: Markowitz | None = None

    @property
    def title(self) -> str:
        """``∂t/∂s`` in the real semiring, else a description of the path sum."""
        if self.semiring is REAL:
            return f"∂{operand_text(self.target)}/∂{operand_text(self.source)}"
        return f"the {self.semiring.name} path sum from {self.source} to {self.target}"

    def _heading(self, value: str) -> str:
        noun = "path" if self.count == 1 else "paths"
        return (
            f"{self.title} = {value}, "
            f"a sum over {self.count:,} {noun} from {self.source} to {self.target}"
        )

    def _value(self) -> str:
        return format_value(next(iter(self.values.values())))

    def __str__(self) -> str:
        value = self._value()
        header, rows = self._path_table()
        paths = []
        if rows:
            # Every column but the product is a chain: path, labels, weights.
            times = " · " if self.semiring is REAL else " ⊗ "
            breaks = {i: " → " if i == 0 else times for i in range(len(header) - 1)}
            width = shutil.get_terminal_size().columns
            paths = fitted_table(header, rows, width=width, breaks=breaks)
        sections = [
            [self._heading(value)],
            paths + self._more_lines(),
            self._sum_lines(value),
            table(*self._method_table()),
        ]
        return "\n\n".join("\n".join(lines) for lines in sections if lines)

    def _repr_html_(self) -> str:
        """The report as HTML, for notebooks: every text escaped."""
        value = self._value()
        parts = [f"<p><strong>{escape(self._heading(value))}</strong></p>"]
        header, rows = self._path_table()
        if rows:
            parts.append(_html_table(header, rows))
        parts.extend(f"<p>{escape(line)}</p>" for line in self._more_lines())
        parts.extend(f"<p>{escape(line)}</p>" for line in self._sum_lines(value))
        parts.append(_html_table(*self._method_table()))
        return '<div class="pathsum-explanation">' + "".join(parts) + "</div>"

    def _method_table(self) -> tuple[list[str], list[list[str]]]:
        noun = "path" if self.count == 1 else "paths"
        rows = []
        for method in METHODS:
            if method not in self.values:
                work = f"not run: {self.count:,} paths are too many to enumerate"
                rows.append([method, "", "", "", work])
                continue
            additions, multiplications = self.operations[method]
            work = {
                "paths": f"grows with the {self.count:,} {noun}",
                "forward": f"each of the {self.edges['forward']:,} edges reachable "
                f"from {self.source} once",
                "reverse": f"each of the {self.edges['reverse']:,} edges that reach "
                f"{self.target} once",
            }[method]
            result = format_value(self.values[method])
            rows.append(
                [method, result, f"{additions:,}", f"{multiplications:,}", work]
            )
        if self.markowitz is not None:
            value, additions, multiplications, eliminated = self.markowitz
            nodes = "node" if eliminated == 1 else "nodes"
            rows.append([
                "markowitz", format_value(value), f"{additions:,}",
                f"{multiplications:,}", f"eliminates {eliminated:,} intermediate "
                f"{nodes}, fewest products first",
            ])  # fmt: skip
        return ["method", "value", "⊕", "⊗", "work"], rows

    def _path_table(self) -> tuple[list[str], list[list[str]]]:
        """The listed paths, without the columns that are empty in every row."""
        rows = []
        for path, labels, weights, product in self.paths:
            nodes = " → ".join(map(str, [self.source, *(edge[1] for edge in path)]))
            times = " · " if self.semiring is REAL else " ⊗ "
            labels = times.join(labels or [])
            weights = times.join(weights)
            weights = "" if weights == labels else weights
            rows.append([nodes, labels, weights, format_value(product)])
        header = ["path", "labels", "weights", "product"]
        if not rows:
            return header, rows
        kept = [i for i in range(len(header)) if any(row[i] for row in rows)]
        return [header[i] for i in kept], [[row[i] for i in kept] for row in rows]

    def _more_lines(self) -> list[str]:
        if self.count > len(self.paths):
            return [f"… and {self.count - len(self.paths):,} more"]
        return []

    def _sum_lines(self, value: str) -> list[str]:
        lines = []
        for text, what, form in [
            (self.expanded, "sum of path products", "expanded"),
            (self.factored, "factored, as reverse accumulation builds it", "factored"),
        ]:
            if form in self.elided:
                lines.append(
                    f"{what}: not shown, longer than {self.elided[form]:,} "
                    f"characters (see max_text)"
                )
            elif text is not None:
                lines.append(
                    f"{what}: {text}" + ("" if text == value else f" = {value}")
                )
        return lines

    def __repr__(self) -> str:
        return f"<Explanation of {self.title}: {self.count:,} paths>"


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    def row(cells: list[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{escape(c)}</{tag}>" for c in cells) + "</tr>"

    body = "".join(row(cells, "td") for cells in rows)
    return f"<table><thead>{row(header, 'th')}</thead><tbody>{body}</tbody></table>"


@not_implemented_for("undirected")
def explain(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    default_weight: Any = None,
    labels: str | None = _AUTO,
    show: int = 10,
    max_paths: int = 10_000,
    max_text: int = MAX_TEXT,
) -> Explanation:
    """Explain the path sum from `source` to `target` as a sum over paths.

    The report gives the number of paths; the first paths with their labels
    and products; the expanded sum of path products and the factored form that
    reverse accumulation builds (both written with the edge labels); the value
    by each of the three methods; and how many ⊕ and ⊗ each used, which shows
    that the dynamic programs touch each edge once while enumeration grows with
    the number of paths.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph.
    source, target : node
        The ends of the paths.
    weight : string, function or None, default "weight"
        As in `path_sum`.
    semiring : Semiring, default REAL
        What ⊕ and ⊗ are.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.
    labels : str or None, default "auto"
        The edge attribute holding each edge's symbolic text. ``"auto"`` takes
        ``"partial"`` (as `program_graph` writes) if an edge has it, else
        ``"label"``, else no labels.
    show : int, default 10
        How many paths to list.
    max_paths : int, default 10000
        Enumerate (for the ``"paths"`` method and the expanded sum) only up to
        this many paths.
    max_text : int, default 10000
        Write the expanded and the factored sum only up to this many
        characters; a longer form is left out, and the report says so. Shared
        factors are written again at each use, so on a chain of k diamonds the
        factored form has about 2**k terms; the cap keeps `explain` linear in
        the graph.

    Returns
    -------
    Explanation
        The parts of the report as attributes; ``str()`` is the report.

    Raises
    ------
    NetworkXNotImplemented, NodeNotFound, NotADAGError, WeightError
        As `path_sum`.
    ValueError
        If `show`, `max_paths` or `max_text` is not a non-negative int.

    Examples
    --------
    >>> import pathsum as ps
    >>> G = ps.program_graph("c = a + b\\nd = b + 1\\ne = c * d", a=2, b=1)
    >>> print(ps.explain(G, "b", "e"))
    ∂e/∂b = 5, a sum over 2 paths from b to e
    <BLANKLINE>
    path       labels  weights  product
    b → c → e  1 · d   1 · 2    2
    b → d → e  1 · c   1 · 3    3
    <BLANKLINE>
    sum of path products: d + c = 5
    factored, as reverse accumulation builds it: d + c = 5
    <BLANKLINE>
    method     value  ⊕  ⊗  work
    paths      5      1  2  grows with the 2 paths
    forward    5      1  4  each of the 4 edges reachable from b once
    reverse    5      1  5  each of the 5 edges that reach e once
    markowitz  5      1  2  eliminates 2 intermediate nodes, fewest products first

    Parallel edges are grouped in the factored form:

    >>> from pathsum.examples import factoring
    >>> ps.explain(factoring(), "X", "Z").factored
    '(α + β + γ)·(δ + ε + ζ)'
    """
    semiring = check_semiring(semiring)
    for name, value in (
        ("show", show),
        ("max_paths", max_paths),
        ("max_text", max_text),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name}={value!r} must be a non-negative int")
    check_node(G, source, "source")
    check_node(G, target, "target")
    if labels == _AUTO:
        labels = _label_attribute(G)
    count = count_paths(G, source, target)
    result = Explanation(source, target, semiring, count)
    result.edges = {
        "forward": edges_reachable(G, source),
        "reverse": edges_reachable(G, target, reverse=True),
    }
    weighing = dict(weight=weight, semiring=semiring, default_weight=default_weight)
    for path in islice(all_paths(G, source, target), show):
        shown = None
        if labels is not None:
            shown = [
                operand_text(format_value(G.edges[edge].get(labels, 1)))
                for edge in path
            ]
        weights = [format_value(path_weight(G, [edge], **weighing)) for edge in path]
        product = path_weight(G, path, **weighing)
        result.paths.append((path, shown, weights, product))
    counter = OperationCounter(semiring)
    for method in METHODS:
        if method == "paths" and count > max_paths:
            continue
        counter.reset()
        result.values[method] = path_sum(
            G,
            source,
            target,
            method=method,
            **{**weighing, "semiring": counter.semiring},
        )
        result.operations[method] = (counter.additions, counter.multiplications)
    elimination = eliminate(G, [source], [target], order="markowitz", **weighing)
    result.markowitz = Markowitz(
        elimination.jacobian[0, 0],
        elimination.additions,
        elimination.multiplications,
        len(elimination.order),
    )
    if labels is not None:
        text, elided = _expression_semiring(semiring, max_text)
        symbolic = dict(weight=labels, semiring=text, default_weight=text.one)
        forms = {"factored": "reverse"}
        if count <= max_paths:
            forms = {"expanded": "paths", **forms}
        for form, method in forms.items():
            written = path_sum(G, source, target, method=method, **symbolic)
            if written is elided:
                result.elided[form] = max_text
            else:
                setattr(result, form, written.text)
    return result


def _label_attribute(G: nx.DiGraph) -> str | None:
    for attribute in ("partial", "label"):
        if any(attribute in data for *_, data in G.edges(data=True)):
            return attribute
    return None
