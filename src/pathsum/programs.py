"""Computational graphs of straight-line code.

One table of operations serves both ways in: `program_graph` reads code with
`ast` (nothing is ever evaluated or executed as Python) and `trace` calls a
function on traced variables. Each operation knows its value, its local partial
derivatives and the symbolic text of each partial.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
import sys
import types
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import networkx as nx
import numpy as np

from .exceptions import ProgramError

__all__ = [
    "MAX_EXACT_BITS",
    "OPERATIONS",
    "Operation",
    "Traced",
    "UnusedInputWarning",
    "program_graph",
    "trace",
]


class UnusedInputWarning(UserWarning):
    """An input was given a value but the program or function never uses it.

    The input is still a node of the graph, with no edges, so every derivative
    with respect to it is 0. Silence it with ``warnings.filterwarnings("ignore",
    category=UnusedInputWarning)`` where that is expected.
    """


def _warn_unused(names: list[str], what: str) -> None:
    if names:
        listed = ", ".join(map(repr, names))
        noun = "input" if len(names) == 1 else "inputs"
        verb = "is" if len(names) == 1 else "are"
        warnings.warn(
            f"{noun} {listed} {verb} not used by the {what}: a node with no edges, "
            f"so every derivative with respect to it is 0",
            UnusedInputWarning,
            stacklevel=3,
        )


def _normalized_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """`inputs` with names in NFKC form, as Python reads identifiers in code."""
    normalized: dict[str, Any] = {}
    given: dict[str, Any] = {}
    for name, value in inputs.items():
        key = unicodedata.normalize("NFKC", name) if isinstance(name, str) else name
        if key in normalized:
            raise ProgramError(
                f"input names {given[key]!r} and {name!r} are the same name "
                f"{key!r} to Python, which reads identifiers in NFKC form; give "
                f"one of them",
                node=key,
            )
        normalized[key] = value
        given[key] = name
    return normalized


#: Exact values (int, Fraction) may not grow past this many bits. Python refuses
#: to print an int of more than 4,300 digits (about 14,000 bits) by default, and a
#: program like ``a ** 9 ** 9 ** 9`` must fail at once instead of eating memory.
MAX_EXACT_BITS = 10_000

# Precedence of expression text, as in Python: the text of an operand is put in
# parentheses when it binds less tightly than its place needs.
_SUM, _PRODUCT, _UNARY, _POWER, _ATOM = 1, 2, 3, 4, 5


class _Term(NamedTuple):
    """Expression text and how tightly it binds."""

    text: str
    precedence: int


def _name(text: str) -> _Term:
    return _Term(text, _ATOM)


def _wrap(term: _Term, least: int) -> str:
    return term.text if term.precedence >= least else f"({term.text})"


def _binary(left: _Term, symbol: str, right: _Term) -> _Term:
    if symbol == "**":
        # Right-associative; like ast.unparse, a negated exponent gets parentheses.
        return _Term(f"{_wrap(left, _ATOM)} ** {_wrap(right, _POWER)}", _POWER)
    level = _SUM if symbol in "+-" else _PRODUCT
    return _Term(f"{_wrap(left, level)} {symbol} {_wrap(right, level + 1)}", level)


def _negative(term: _Term) -> _Term:
    if term.text.startswith("-") and _is_number(term.text):  # - -2 is 2
        positive = term.text[1:]
        return _Term(positive, _PRODUCT if " / " in positive else _ATOM)
    return _Term(f"-{_wrap(term, _UNARY)}", _UNARY)


def _call(function: str, term: _Term) -> _Term:
    return _Term(f"{function}({term.text})", _ATOM)


def _number(value: Any) -> _Term:
    if isinstance(value, Fraction) and value.denominator == 1:
        value = value.numerator
    if value < 0:
        return _negative(_number(-value))
    if isinstance(value, Fraction):
        return _binary(_number(value.numerator), "/", _number(value.denominator))
    return _Term(repr(value), _ATOM)


_ONE, _MINUS_ONE = _number(1), _number(-1)


# Arithmetic that keeps int and Fraction exact and refuses what cannot be shown.


def _exact(x: Any) -> bool:
    return isinstance(x, (int, Fraction))


def _bits(x: int | Fraction) -> int:
    if isinstance(x, int):
        return x.bit_length()
    return x.numerator.bit_length() + x.denominator.bit_length()


def _checked(x: Any) -> Any:
    """`x` if it is a finite real number of printable size; else an error."""
    if isinstance(x, complex):
        raise ValueError("the result is not a real number")
    if isinstance(x, float) and not math.isfinite(x):
        raise OverflowError(f"the result is {x}")
    if _exact(x) and _bits(x) > MAX_EXACT_BITS:
        raise OverflowError(
            f"an exact result would have {_bits(x):,} bits (the limit is "
            f"{MAX_EXACT_BITS:,}); give float inputs to compute approximately"
        )
    return x


def _divide(x: Any, y: Any) -> Any:
    if y == 0:
        raise ZeroDivisionError("division by zero")
    return Fraction(x) / y if _exact(x) and _exact(y) else x / y


def _power(x: Any, y: Any) -> Any:
    if isinstance(y, Fraction) and y.denominator == 1:
        y = y.numerator
    if x == 0 and y < 0:
        raise ZeroDivisionError("zero to a negative power")
    if isinstance(y, int) and _exact(x):
        if x in (0, 1, -1):
            return x**y if y >= 0 else Fraction(1, int(x)) ** -y
        if _bits(x) * abs(y) > MAX_EXACT_BITS * 2:
            raise OverflowError(
                f"an exact result would have about {_bits(x) * abs(y):,} bits "
                f"(the limit is {MAX_EXACT_BITS:,})"
            )
        return x**y if y >= 0 else Fraction(x) ** y
    if x < 0 and not float(y).is_integer():
        raise ValueError("a negative number to a non-integer power is not real")
    return float(x) ** float(y)


def _log(x: Any) -> float:
    if x <= 0:
        raise ValueError("log needs a positive argument")
    return math.log(x)


def _sqrt(x: Any) -> float:
    if x < 0:
        raise ValueError("sqrt needs a non-negative argument")
    return math.sqrt(x)


def _sigmoid(x: Any) -> float:
    # Two forms so that exp never overflows.
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def _sign(x: Any) -> int:
    return (x > 0) - (x < 0)


def _power_partial_base(x: Any, y: Any) -> Any:
    # d(x ** y)/dx = y * x ** (y - 1); x ** 0 is constant even at x = 0.
    return 0 if y == 0 else y * _power(x, y - 1)


def _power_partial_exponent(x: Any, y: Any) -> Any:
    if x == 0 and y > 0:  # 0 ** y is 0 near y: its derivative is 0
        return 0
    if x <= 0:
        raise ValueError("the base must be positive for a derivative in the exponent")
    return _power(x, y) * math.log(x)


def _literal_int(term: _Term) -> int | None:
    """The integer `term` spells, if it spells one (``2``, ``-1``)."""
    text = term.text[1:] if term.text.startswith("-") else term.text
    return int(term.text) if text.isdigit() else None


def _power_text(x: _Term, y: _Term) -> _Term:
    n = _literal_int(y)
    if n is None:
        return _binary(y, "*", _binary(x, "**", _binary(y, "-", _ONE)))
    if n in (0, 1):
        return _number(n)
    if n == 2:
        return _binary(_number(2), "*", x)
    return _binary(_number(n), "*", _binary(x, "**", _number(n - 1)))


@dataclass(frozen=True)
class Operation:
    """One operation of the table shared by `program_graph` and `trace`.

    Attributes
    ----------
    name : str
        The node's ``op`` attribute: ``"+"``, ``"neg"``, ``"sin"``, ...
    symbol : str or None
        The infix operator for binary operations, None for functions.
    value : callable
        ``value(*operands)``, the result.
    partials : tuple of callables
        ``partials[i](*operands)`` is the local partial derivative with respect
        to operand ``i``.
    texts : tuple of callables
        ``texts[i](*terms)`` is the symbolic text of that partial, built from the
        operands' texts.
    """

    name: str
    symbol: str | None
    value: Callable[..., Any]
    partials: tuple[Callable[..., Any], ...]
    texts: tuple[Callable[..., _Term], ...]

    @property
    def arity(self) -> int:
        """How many operands the operation takes."""
        return len(self.partials)

    def expression(self, *terms: _Term) -> _Term:
        """The text of the operation applied to operands with texts `terms`."""
        if self.symbol is not None:
            return _binary(terms[0], self.symbol, terms[1])
        if self.name == "neg":
            return _negative(terms[0])
        if self.name == "=":
            return terms[0]
        return _call(self.name, terms[0])


def _function(name: str, value, partial, text) -> Operation:
    return Operation(name, None, value, (partial,), (text,))


_TABLE = [
    Operation(
        "+", "+", lambda x, y: x + y, (lambda x, y: 1, lambda x, y: 1),
        (lambda x, y: _ONE, lambda x, y: _ONE),
    ),
    Operation(
        "-", "-", lambda x, y: x - y, (lambda x, y: 1, lambda x, y: -1),
        (lambda x, y: _ONE, lambda x, y: _MINUS_ONE),
    ),
    Operation(
        "*", "*", lambda x, y: x * y, (lambda x, y: y, lambda x, y: x),
        (lambda x, y: y, lambda x, y: x),
    ),
    Operation(
        "/", "/", _divide,
        (lambda x, y: _divide(1, y), lambda x, y: _divide(-x, y * y)),
        (
            lambda x, y: _binary(_ONE, "/", y),
            lambda x, y: _binary(_negative(x), "/", _binary(y, "**", _number(2))),
        ),
    ),
    Operation(
        "**", "**", _power, (_power_partial_base, _power_partial_exponent),
        (
            _power_text,
            lambda x, y: _binary(_binary(x, "**", y), "*", _call("log", x)),
        ),
    ),
    _function("neg", lambda x: -x, lambda x: -1, lambda x: _MINUS_ONE),
    _function("=", lambda x: x, lambda x: 1, lambda x: _ONE),
    _function("sin", math.sin, math.cos, lambda x: _call("cos", x)),
    _function(
        "cos", math.cos, lambda x: -math.sin(x), lambda x: _negative(_call("sin", x))
    ),
    _function(
        "tan", math.tan, lambda x: 1 / math.cos(x) ** 2,
        lambda x: _binary(_ONE, "/", _binary(_call("cos", x), "**", _number(2))),
    ),
    _function("exp", math.exp, math.exp, lambda x: _call("exp", x)),
    _function("log", _log, lambda x: _divide(1, x), lambda x: _binary(_ONE, "/", x)),
    _function(
        "sqrt", _sqrt, lambda x: _divide(1, 2 * _sqrt(x)),
        lambda x: _binary(_ONE, "/", _binary(_number(2), "*", _call("sqrt", x))),
    ),
    _function(
        "tanh", math.tanh, lambda x: 1 - math.tanh(x) ** 2,
        lambda x: _binary(_ONE, "-", _binary(_call("tanh", x), "**", _number(2))),
    ),
    _function(
        "sigmoid", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
        lambda x: _binary(
            _call("sigmoid", x), "*", _binary(_ONE, "-", _call("sigmoid", x))
        ),
    ),
    _function(
        "relu", lambda x: x if x > 0 else 0 * x + 0, lambda x: int(x > 0),
        lambda x: _call("step", x),
    ),
    _function("abs", abs, _sign, lambda x: _call("sign", x)),
]  # fmt: skip

#: The operations, by the name a node's ``op`` attribute holds.
OPERATIONS: Mapping[str, Operation] = types.MappingProxyType(
    {operation.name: operation for operation in _TABLE}
)

# Functions a program may call (and `pathsum.math` provides).
FUNCTIONS = tuple(
    name
    for name, op in OPERATIONS.items()
    if op.symbol is None and name not in ("neg", "=")
)

_BINARY_AST = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def _evaluate(
    operation: Operation, values: list[Any], wanted: list[int], describe
) -> tuple[Any, dict[int, Any]]:
    """The value of `operation` and its partials for the operand slots `wanted`.

    `describe()` gives the operation's text and its operands' texts; it is only
    called to write an error message.
    """
    try:
        value = _checked(operation.value(*values))
    except (ArithmeticError, ValueError, TypeError) as exc:
        text, operands = describe()
        raise _Undefined(f"{text}: {_reason(exc)}{_point(operands, values)}") from exc
    partials = {}
    for slot in wanted:
        try:
            partials[slot] = _checked(operation.partials[slot](*values))
        except (ArithmeticError, ValueError, TypeError) as exc:
            text, operands = describe()
            raise _Undefined(
                f"the derivative of {text} with respect to {operands[slot]} is "
                f"undefined: {_reason(exc)}{_point(operands, values)}"
            ) from exc
    return value, partials


class _Undefined(Exception):
    """An operation has no value or derivative at the point; the message says why."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    if isinstance(exc, OverflowError):
        detail = str(exc)
        return (
            "overflow" if detail in ("", "math range error") else f"overflow: {detail}"
        )
    return "math domain error" if str(exc) == "math domain error" else str(exc)


def _point(operands: list[str], values: list[Any]) -> str:
    shown = {
        text: f"{text} = {_show(value)}"
        for text, value in zip(operands, values, strict=True)
        if not _is_number(text)
    }
    return f" (at {', '.join(shown.values())})" if shown else ""


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?[\d.]+(e[-+]?\d+)?( / \d+)?", text) is not None


def _show(value: Any) -> str:
    return str(value) if not isinstance(value, float) else repr(value)


@dataclass
class _Record:
    """One node of a graph under construction: an input, constant or operation."""

    op: str
    operands: list[tuple[int | None, Any, _Term]]  # (record or None, value, text)
    value: Any
    partials: dict[int, Any] = field(default_factory=dict)
    name: str | None = None
    expr: str | None = None


def _graph(
    records: list[_Record], inputs: Mapping[str, Any], outputs: list[int]
) -> nx.MultiDiGraph:
    """The computational graph of `records`, with final node ids.

    The graph attribute ``inputs`` lists the input nodes in the order of
    `inputs`; ``outputs`` lists the nodes of `outputs`.

    Named records keep their names. An operation is named by its text, written
    with its operands' ids; a text that comes again gets ``#2``, ``#3``, …, and
    a text longer than `MAX_NAME` is shortened with an ellipsis (and then reads
    as one name in the texts that use it, so no text grows without bound).
    """
    G = nx.MultiDiGraph()
    taken = {record.name for record in records if record.name is not None}
    counts: Counter = Counter()
    ids: list[str] = []
    terms: list[_Term] = []
    for record in records:
        operands = [terms[i] if i is not None else t for i, _, t in record.operands]
        operation = OPERATIONS.get(record.op)
        text = operation.expression(*operands) if operation else None
        if record.name is not None:
            node, term = record.name, _name(record.name)
        else:
            node, term = _fresh_name(text, taken, counts)
            taken.add(node)
        ids.append(node)
        terms.append(term)
        expr = record.expr if record.expr is not None else (text or term).text
        G.add_node(node, value=record.value, op=record.op, expr=expr)
        for slot, (i, _, _) in enumerate(record.operands):
            if i is not None:
                partial = operation.texts[slot](*operands).text
                G.add_edge(
                    ids[i],
                    node,
                    key=slot,
                    weight=record.partials[slot],
                    partial=partial,
                )
    given = list(inputs)
    loaded = [i for i, record in enumerate(records) if record.op == "input"]
    loaded.sort(key=lambda i: given.index(records[i].expr))
    G.graph["inputs"] = [ids[i] for i in loaded]
    G.graph["outputs"] = [ids[i] for i in outputs]
    return G


#: Longer expression texts are shortened when they name a node.
MAX_NAME = 60


def _short(text: _Term) -> _Term:
    """`text`, or an abbreviation of it that reads as one name."""
    if len(text.text) <= MAX_NAME:
        return text
    half = (MAX_NAME - 3) // 2
    return _name(f"({text.text[:half]}…{text.text[-half:]})")


def _fresh_name(text: _Term, taken: set[str], counts: Counter) -> tuple[str, _Term]:
    """A node id for an operation with `text`, not in `taken`, and its term.

    `counts` remembers the last ``#k`` given to each text, so that naming stays
    linear however often a text comes again.
    """
    term = _short(text)
    if term.text not in taken:
        return term.text, term
    base = _wrap(term, _ATOM)
    counts[base] = max(counts[base], 2)
    while f"{base}#{counts[base]}" in taken:
        counts[base] += 1
    node = f"{base}#{counts[base]}"
    return node, _name(node)


def _input_value(name: Any, value: Any) -> Any:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ProgramError(f"input name {name!r} is not an identifier")
    if name in FUNCTIONS:
        raise ProgramError(f"input name {name!r} is a function of the table")
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, Fraction, float)):
        raise ProgramError(
            f"the value of input {name!r} must be an int, Fraction or float, "
            f"not {value!r}",
            node=name,
        )
    try:
        return _checked(value)
    except (OverflowError, ValueError) as exc:
        raise ProgramError(f"the value of input {name!r}: {exc}", node=name) from None


# program_graph: the parser.

_NOT_ALLOWED = {
    ast.Import: "an import",
    ast.ImportFrom: "an import",
    ast.FunctionDef: "a function definition",
    ast.AsyncFunctionDef: "a function definition",
    ast.ClassDef: "a class definition",
    ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.IfExp: "a conditional expression",
    ast.If: "an if statement",
    ast.For: "a loop",
    ast.AsyncFor: "a loop",
    ast.While: "a loop",
    ast.Attribute: "attribute access",
    ast.Subscript: "a subscript",
    ast.Compare: "a comparison",
    ast.BoolOp: "'and'/'or'",
    ast.NamedExpr: "an assignment expression",
}


class _Parser:
    """Turns a parsed program into records, statement by statement."""

    def __init__(self, text: str, inputs: Mapping[str, Any]) -> None:
        # Lines as the tokenizer counts them (str.splitlines splits on more).
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.inputs = {
            name: _input_value(name, v)
            for name, v in _normalized_inputs(inputs).items()
        }
        self.records: list[_Record] = []
        self.current: dict[str, int] = {}  # variable -> the record it names now
        self.versions: Counter = Counter()  # variable -> how many nodes it gets
        self.bound: Counter = Counter()  # variable -> how many it has so far
        self.expressions: list[int] = []  # records of expression statements
        self.read: set[str] = set()  # inputs read before any assignment to them
        self.unused: list[str] = []

    def fail(self, node: ast.AST, message: str, what: str | None = None):
        lineno = getattr(node, "lineno", None)
        column = None
        if lineno is not None and lineno <= len(self.lines):
            # ast columns count UTF-8 bytes; people count characters.
            line = self.lines[lineno - 1].encode()
            column = len(line[: node.col_offset].decode(errors="replace")) + 1
        raise ProgramError(message, lineno, column, node=what)

    def run(self, tree: ast.Module) -> nx.MultiDiGraph:
        if not tree.body:
            raise ProgramError("the program is empty: write assignments like c = a + b")
        self._count_versions(tree.body)
        # An unused input is a node without edges: its derivatives are 0.
        self.unused = [name for name in self.inputs if name not in self.read]
        for name in self.unused:
            self.versions[name] += 1
            self.records.append(
                _Record(
                    "input",
                    [],
                    self.inputs[name],
                    name=self._name_next(name),
                    expr=name,
                )
            )
        for statement in tree.body:
            target, value = self._statement(statement)
            index, term = self._expression(value)
            if target is None:
                if isinstance(index, tuple) or self.records[index].name is not None:
                    self.fail(statement, f"{term.text!r} alone does nothing")
                self.expressions.append(index)
            elif target in FUNCTIONS:
                self.fail(statement, f"cannot assign to {target!r}, a function")
            else:
                self._bind(target, index, term)
        return self._finish()

    def _name_next(self, variable: str) -> str:
        self.bound[variable] += 1
        count = self.bound[variable]
        return variable if count == self.versions[variable] else f"{variable}#{count}"

    def _count_versions(self, body: list[ast.stmt]) -> None:
        """Count each variable's nodes: one per assignment, one if an input."""
        for statement in body:
            value = getattr(statement, "value", None)
            loads = (
                [n.id for n in ast.walk(value) if isinstance(n, ast.Name)]
                if (isinstance(value, ast.AST))
                else []
            )
            targets = getattr(
                statement, "targets", [getattr(statement, "target", None)]
            )
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if isinstance(statement, ast.AugAssign):
                loads += names
            for name in loads:
                if name not in self.versions and name in self.inputs:
                    self.versions[name] = 1
                    self.read.add(name)
            for name in names:
                self.versions[name] += 1

    def _statement(self, statement: ast.stmt) -> tuple[str | None, ast.expr]:
        if isinstance(statement, ast.Expr):
            return None, statement.value
        if isinstance(statement, ast.Assign):
            targets = statement.targets
            if len(targets) != 1 or not isinstance(targets[0], ast.Name):
                self.fail(
                    statement, "assign to exactly one plain name, as in c = a + b"
                )
            return targets[0].id, statement.value
        if isinstance(statement, ast.AugAssign):
            if not isinstance(statement.target, ast.Name):
                self.fail(statement, "assign to exactly one plain name, as in c += a")
            if type(statement.op) not in _BINARY_AST:
                self.fail(
                    statement,
                    f"the operator {_operator(statement.op)} is not supported",
                )
            load = ast.copy_location(
                ast.Name(statement.target.id, ast.Load()), statement.target
            )
            value = ast.BinOp(load, statement.op, statement.value)
            return statement.target.id, ast.copy_location(value, statement)
        kind = _NOT_ALLOWED.get(
            type(statement), f"a {type(statement).__name__} statement"
        )
        self.fail(
            statement, f"{kind} is not allowed: a program is a list of assignments"
        )
        raise AssertionError  # unreachable: fail raises

    def _bind(self, target: str, index: int | tuple, term: _Term) -> None:
        name = self._name_next(target)
        if isinstance(index, tuple):  # c = 3
            self.records.append(
                _Record("const", [], index[0], name=name, expr=term.text)
            )
        elif self.records[index].name is not None:  # c = a: a node of its own
            value = self.records[index].value
            operands = [(index, value, term)]
            self.records.append(
                _Record("=", operands, value, {0: 1}, name=name, expr=term.text)
            )
        else:
            self.records[index].name = name
            self.current[target] = index
            return
        self.current[target] = len(self.records) - 1

    def _expression(self, root: ast.expr) -> tuple[int | tuple, _Term]:
        """Record `root`'s operations.

        Returns its record index, or a ``(value,)`` tuple for a constant, and its
        source text.
        """
        # Post-order with an explicit stack: no recursion on expression depth.
        done: dict[int, tuple[int | tuple, _Term]] = {}
        stack: list[tuple[ast.expr, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            children = self._children(node)
            if not ready:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(children))
            else:
                done[id(node)] = self._node(node, [done[id(c)] for c in children])
        return done[id(root)]

    def _children(self, node: ast.expr) -> list[ast.expr]:
        if isinstance(node, ast.BinOp):
            return [node.left, node.right]
        if isinstance(node, ast.UnaryOp):
            return [node.operand]
        if isinstance(node, ast.Call):
            self._check_call(node)
            return [node.args[0]]
        if isinstance(node, (ast.Name, ast.Constant)):
            return []
        kind = _NOT_ALLOWED.get(type(node), f"{type(node).__name__} expressions")
        self.fail(node, f"{kind} is not allowed in a program")
        raise AssertionError  # unreachable: fail raises

    def _check_call(self, node: ast.Call) -> None:
        known = ", ".join(FUNCTIONS)
        if not isinstance(node.func, ast.Name):
            self.fail(node, f"only the functions {known} can be called")
        function = node.func.id
        if function not in FUNCTIONS:
            self.fail(
                node,
                f"unknown function {function!r}; the functions are {known}",
                function,
            )
        if (
            len(node.args) != 1
            or node.keywords
            or isinstance(node.args[0], ast.Starred)
        ):
            self.fail(node, f"{function} takes exactly one argument", function)

    def _node(self, node: ast.expr, operands: list[tuple[int | tuple, _Term]]):
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.fail(node, f"{value!r} is not a real number")
            try:
                return (_checked(value),), _number(value)
            except (OverflowError, ValueError) as exc:
                self.fail(node, f"a constant: {_reason(exc)}")
        if isinstance(node, ast.Name):
            return self._load(node), _name(node.id)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return operands[0]
            if not isinstance(node.op, ast.USub):
                self.fail(node, f"the operator {_operator(node.op)} is not supported")
            return self._apply(node, OPERATIONS["neg"], operands)
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY_AST:
                self.fail(node, f"the operator {_operator(node.op)} is not supported")
            return self._apply(node, OPERATIONS[_BINARY_AST[type(node.op)]], operands)
        return self._apply(node, OPERATIONS[node.func.id], operands)

    def _load(self, node: ast.Name) -> int:
        variable = node.id
        if variable in self.current:
            return self.current[variable]
        if variable in FUNCTIONS:
            self.fail(
                node,
                f"{variable!r} is a function; call it, as in {variable}(x)",
                variable,
            )
        if variable in self.inputs and self.bound[variable] == 0:
            name = self._name_next(variable)
            self.records.append(
                _Record("input", [], self.inputs[variable], name=name, expr=variable)
            )
            self.current[variable] = len(self.records) - 1
            return self.current[variable]
        if self.versions[variable]:
            self.fail(
                node, f"variable {variable!r} is used before it is assigned", variable
            )
        self.fail(node, f"no value given for input {variable!r}", variable)
        raise AssertionError  # unreachable: fail raises

    def _apply(self, node: ast.expr, operation: Operation, operands: list) -> tuple:
        args = [
            (None, index[0], term) if isinstance(index, tuple)
            else (index, self.records[index].value, term)
            for index, term in operands
        ]  # fmt: skip
        text = operation.expression(*(term for _, term in operands))
        values = [value for _, value, _ in args]
        wanted = [slot for slot, (i, _, _) in enumerate(args) if i is not None]

        def describe():
            return text.text, [term.text for _, term in operands]

        try:
            value, partials = _evaluate(operation, values, wanted, describe)
        except _Undefined as exc:
            self.fail(node, str(exc), text.text)
        if not wanted:  # every operand is a constant: fold
            return (value,), text
        self.records.append(
            _Record(operation.name, args, value, partials, expr=text.text)
        )
        return len(self.records) - 1, text

    def _finish(self) -> nx.MultiDiGraph:
        # Outputs: the nodes of statements that no later statement uses.
        used = {i for r in self.records for i, _, _ in r.operands if i is not None}
        statements = {
            i
            for i, r in enumerate(self.records)
            if r.name is not None and r.op != "input"
        }
        statements.update(self.expressions)
        return _graph(self.records, self.inputs, sorted(statements - used))


def _operator(op: ast.AST) -> str:
    symbols = {
        ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
        ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
        ast.Not: "not", ast.Invert: "~",
    }  # fmt: skip
    return repr(symbols.get(type(op), type(op).__name__))


def program_graph(text: str, /, **inputs: Any) -> nx.MultiDiGraph:
    """The computational graph of straight-line code, evaluated at `inputs`.

    The code is read with `ast` and a whitelist; nothing is evaluated or executed
    as Python. A program is a list of statements, each an assignment
    (``c = a + b``, ``c += 1``) or an expression, using ``+ - * / **``, unary
    minus, parentheses, numeric constants and the functions sin, cos, tan, exp,
    log, sqrt, tanh, sigmoid, relu and abs.

    Parameters
    ----------
    text : str
        The program.
    **inputs : int, Fraction or float
        A value for every variable the program uses before assigning it. With
        int and Fraction values, ``+ - * /`` and integer powers stay exact.
        Names are read in NFKC form, as Python reads identifiers in code (``ｘ``
        is ``x``). An input the program does not use is a node with no edges.

    Returns
    -------
    MultiDiGraph
        One node per input, per assignment and per sub-expression, with
        attributes ``value``, ``op`` (``"input"``, ``"const"``, ``"="`` or an
        operation of `OPERATIONS`) and ``expr`` (its source text). One edge per
        operand slot, keyed by the slot (0 or 1), with ``weight``, the local
        partial derivative at the point, and ``partial``, its symbolic text;
        ``a * a`` gives two parallel edges. Constants are folded into their
        operation. The graph attributes ``inputs`` and ``outputs`` list the input
        nodes and the nodes no later statement uses.

    Raises
    ------
    ProgramError
        With line and column, for code outside the grammar (naming what), a
        variable used before it is assigned, a missing input value, two input
        names that are one name in NFKC form, and an operation undefined at the
        point (``log(-1)``, division by zero, overflow, exact values past
        `MAX_EXACT_BITS`).

    Warns
    -----
    UnusedInputWarning
        For an input the program does not use; it is a node with no edges, so
        every derivative with respect to it is 0.

    Notes
    -----
    Each assignment is a new node. The last assignment of a name is the node
    with the plain name; earlier ones are ``c#1``, ``c#2``, … in order (an input
    that is re-assigned is ``a#1``). A sub-expression is named by its text
    written with its operands' node names; the same text again gets ``#2``,
    ``#3``, …. The partial of ``relu`` is ``step(x)`` (0 at x = 0) and that of
    ``abs`` is ``sign(x)`` (0 at x = 0).

    Examples
    --------
    >>> import pathsum as ps
    >>> G = ps.program_graph("c = a + b\\nd = b + 1\\ne = c * d", a=2, b=1)
    >>> G.nodes["e"]
    {'value': 6, 'op': '*', 'expr': 'c * d'}
    >>> G.edges["c", "e", 0]
    {'weight': 2, 'partial': 'd'}
    >>> ps.path_sum(G, "b", "e"), ps.path_sum(G, "a", "e")
    (5, 2)

    Sub-expressions are nodes; ``a * a`` is two parallel edges:

    >>> H = ps.program_graph("y = sin(x * x) / 3", x=0.5)
    >>> sorted(H.nodes)
    ['sin(x * x)', 'x', 'x * x', 'y']
    >>> [d["partial"] for *_, d in H.edges(data=True)]
    ['x', 'x', 'cos(x * x)', '1 / 3']
    """
    if not isinstance(text, str):
        raise ProgramError(f"a program is a str, not {type(text).__name__}")
    parser = _Parser(text, inputs)
    try:
        # Python warns about some odd but valid text ("1if x"); the program is
        # refused or accepted here with its own message, so say nothing more.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="exec")
    except SyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise ProgramError(f"syntax error: {exc.msg}", line, exc.offset) from None
    except (RecursionError, MemoryError):
        raise ProgramError("the program is nested too deeply to parse") from None
    except ValueError as exc:  # e.g. null bytes, on older Pythons
        raise ProgramError(f"cannot parse the program: {exc}") from None
    graph = parser.run(tree)
    _warn_unused(parser.unused, "program")
    return graph


# trace: the same graph by operator overloading.


class _Tape:
    """The records of one `trace` call."""

    def __init__(self) -> None:
        self.records: list[_Record] = []
        self.terms: list[_Term] = []  # provisional texts, for messages

    def add(self, record: _Record, term: _Term) -> Traced:
        self.records.append(record)
        self.terms.append(term)
        return Traced(self, len(self.records) - 1, record.value)

    def apply(self, name: str, operands: tuple[Any, ...]) -> Traced:
        operation = OPERATIONS[name]
        args = []
        for operand in operands:
            if isinstance(operand, Traced):
                if operand._tape is not self:
                    raise ProgramError("a traced value of another trace was used")
                args.append((operand._index, operand.value, self.terms[operand._index]))
            else:
                args.append((None, operand, _number(operand)))
        values = [value for _, value, _ in args]
        wanted = [slot for slot, (i, _, _) in enumerate(args) if i is not None]
        text = operation.expression(*(term for _, _, term in args))

        def describe():
            return text.text, [term.text for _, _, term in args]

        try:
            value, partials = _evaluate(operation, values, wanted, describe)
        except _Undefined as exc:
            raise ProgramError(str(exc), _caller_line(), node=text.text) from None
        return self.add(_Record(name, args, value, partials), _short(text))


def _caller_line() -> int | None:
    """The line of the traced function that is running, outside pathsum."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith(
        ("pathsum.programs", "pathsum.math")
    ):
        frame = frame.f_back
    return frame.f_lineno if frame is not None else None


def _constant(x: Any) -> Any:
    """`x` as a constant operand, or None when it is not a real number."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, bool) or not isinstance(x, (int, Fraction, float)):
        return None
    try:
        return _checked(x)
    except (OverflowError, ValueError) as exc:
        raise ProgramError(f"the constant {x!r}: {exc}", _caller_line()) from None


def _binary_method(name: str, reflected: bool = False):
    def method(self: Traced, other: Any) -> Traced:
        if not isinstance(other, Traced):
            other = _constant(other)
            if other is None:
                return NotImplemented
        operands = (other, self) if reflected else (self, other)
        return self._tape.apply(name, operands)

    return method


def _refuse(what: str):
    def method(self: Traced, *args: Any) -> Any:
        raise ProgramError(
            f"{what} a traced value is not supported: trace follows straight-line "
            "arithmetic and the functions of pathsum.math",
            _caller_line(),
        )

    return method


class Traced:
    """A variable of a `trace`: its value, and its place in the graph being built.

    Supports ``+ - * / **`` (with numbers or other traced values), unary minus,
    ``abs()`` and the functions of `pathsum.math`. Comparisons, ``bool()``,
    ``float()`` and the like raise `ProgramError`: the graph records arithmetic,
    not branches.
    """

    __slots__ = ("_index", "_tape", "value")

    def __init__(self, tape: _Tape, index: int, value: Any) -> None:
        self._tape = tape
        self._index = index
        self.value = value

    __add__ = _binary_method("+")
    __radd__ = _binary_method("+", reflected=True)
    __sub__ = _binary_method("-")
    __rsub__ = _binary_method("-", reflected=True)
    __mul__ = _binary_method("*")
    __rmul__ = _binary_method("*", reflected=True)
    __truediv__ = _binary_method("/")
    __rtruediv__ = _binary_method("/", reflected=True)
    __pow__ = _binary_method("**")
    __rpow__ = _binary_method("**", reflected=True)

    def __neg__(self) -> Traced:
        return self._tape.apply("neg", (self,))

    def __pos__(self) -> Traced:
        return self

    def __abs__(self) -> Traced:
        return self._tape.apply("abs", (self,))

    __bool__ = _refuse("branching on")
    __float__ = _refuse("float() of")
    __int__ = _refuse("int() of")
    __index__ = _refuse("using as an index")
    __complex__ = _refuse("complex() of")
    __round__ = _refuse("round() of")
    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = _refuse("comparing")
    __hash__ = object.__hash__
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _refuse("// or % on")

    def __repr__(self) -> str:
        return f"<Traced {self._tape.terms[self._index].text} = {self.value!r}>"


def apply_function(name: str, x: Any) -> Any:
    """The function `name` of the table at `x`: a new node if `x` is traced."""
    if isinstance(x, Traced):
        return x._tape.apply(name, (x,))
    value = _constant(x)
    if value is None:
        raise TypeError(f"{name}() needs a number or a traced value, not {x!r}")
    term = _number(value)

    def describe():
        return f"{name}({term.text})", [term.text]

    try:
        return _evaluate(OPERATIONS[name], [value], [], describe)[0]
    except _Undefined as exc:
        raise ProgramError(str(exc), _caller_line(), node=describe()[0]) from None


def trace(function: Callable[..., Any], /, **inputs: Any) -> nx.MultiDiGraph:
    """The computational graph of `function` at `inputs`, by operator overloading.

    `function` is called once with a `Traced` variable for each input, by
    keyword. Every arithmetic operation on traced values, and every function of
    `pathsum.math` (``pathsum.math.sin`` etc.), adds a node. The graph has the
    same attributes as `program_graph` gives for the same code.

    Parameters
    ----------
    function : callable
        Takes the inputs as keyword arguments. Returns a traced value, a tuple or
        list of them, or a dict from output names to them.
    **inputs : int, Fraction or float
        The point; int and Fraction stay exact through ``+ - * /`` and integer
        powers.

    Returns
    -------
    MultiDiGraph
        As `program_graph`. A function cannot see its local variable names, so
        each operation is named by its text (``a + b``); outputs returned in a
        dict take the dict's keys as names.

    Raises
    ------
    ProgramError
        With the line of `function`, for an operation undefined at the point,
        a comparison or conversion of a traced value, an output that does not
        depend on the inputs, or two input names that are one name in NFKC form.

    Warns
    -----
    UnusedInputWarning
        For an input the function does not use; it is a node with no edges.

    See Also
    --------
    program_graph : the same graph from source text, without running anything.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum import math as pm
    >>> def f(a, b):
    ...     return {"e": (a + b) * (b + 1)}
    >>> G = ps.trace(f, a=2, b=1)
    >>> sorted(G.nodes)
    ['a', 'a + b', 'b', 'b + 1', 'e']
    >>> G.edges["a + b", "e", 0]
    {'weight': 2, 'partial': 'b + 1'}
    >>> ps.path_sum(G, "b", "e")
    5
    >>> H = ps.trace(lambda x: pm.sin(x * x), x=0.5)
    >>> H.graph["outputs"]
    ['sin(x * x)']
    """
    if not callable(function):
        raise ProgramError(f"trace needs a function, not {type(function).__name__}")
    inputs = _normalized_inputs(inputs)
    tape = _Tape()
    variables = {
        name: tape.add(
            _Record("input", [], _input_value(name, value), name=name, expr=name),
            _name(name),
        )
        for name, value in inputs.items()
    }  # fmt: skip
    result = function(**variables)
    outputs = _outputs(tape, result)
    used = {i for r in tape.records for i, _, _ in r.operands} | set(outputs)
    _warn_unused(
        [name for name, v in variables.items() if v._index not in used], "function"
    )
    return _graph(tape.records, inputs, outputs)


def _outputs(tape: _Tape, result: Any) -> list[int]:
    if isinstance(result, Mapping):
        items = list(result.items())
    elif isinstance(result, (tuple, list)):
        items = [(None, value) for value in result]
    else:
        items = [(None, result)]
    outputs: list[int] = []
    names = {r.expr for r in tape.records if r.op == "input"}
    for name, value in items:
        if not isinstance(value, Traced) or value._tape is not tape:
            raise ProgramError(
                f"the function returned {value!r}, which does not depend on the inputs"
            )
        if value._index in outputs:
            raise ProgramError(f"the output {name or value!r} is returned twice")
        outputs.append(value._index)
        if name is None:
            continue
        record = tape.records[value._index]
        if not isinstance(name, str) or not name or name in names:
            raise ProgramError(f"output name {name!r} is empty, not a str or taken")
        if record.op == "input":
            raise ProgramError(f"output {name!r} is the input {record.expr!r}")
        record.name = name
        names.add(name)
    return outputs
