"""Semirings: what "sum" and "product" mean in a path sum.

A path sum is ⊕ over paths of the ⊗-product of edge weights. With (+, ×) it is a
derivative; with other operations the same algorithms count paths, find shortest,
longest or most probable paths, decide reachability, or build the symbolic sum of
path products.
"""

from __future__ import annotations

import functools
import math
import numbers
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, NamedTuple

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
    "Counted",
    "OperationCounter",
    "Polynomial",
    "Semiring",
    "WordSum",
    "exact",
    "step_weight",
    "with_count",
]


@dataclass(frozen=True, eq=False)
class Semiring:
    """A semiring (S, ⊕, ⊗, 0, 1) in which path sums are computed.

    ⊕ must be associative and commutative with identity `zero`; ⊗ must be
    associative with identity `one`, distribute over ⊕ on both sides, and have
    `zero` as an annihilator. ⊗ need not be commutative: pathsum always multiplies
    in path order, so a path e1, e2, …, ek weighs w(e1) ⊗ w(e2) ⊗ … ⊗ w(ek).

    Parameters
    ----------
    name : str
        Shown in messages and reports.
    zero, one : object
        The identities of ⊕ and ⊗. A path sum over no path is `zero`; the empty
        path (from a node to itself) weighs `one`.
    add, mul : callable
        ``add(a, b)`` is a ⊕ b and ``mul(a, b)`` is a ⊗ b.
    commutative : bool, default True
        Whether ⊗ is commutative. Purely informative: the algorithms never
        reorder a product.
    selective : bool, default False
        Whether a ⊕ b is always a or b (min, max): then a path sum is the weight
        of one best path, which `best_path` and `k_best_paths` find.
    step : object or None, default None
        What an edge weighs when it carries no weight (``weight=None``). None
        means `one`, so that a path weighs `one` and path sums count, decide or
        spell paths; MIN_PLUS and MAX_PLUS use 1, so that a path's length is its
        number of edges (hop counts, as networkx's unweighted shortest paths and
        `dag_longest_path`).
    lift : callable or None, default None
        Turns an edge's raw weight into a value of the semiring, raising
        TypeError or ValueError for weights that have no meaning here. It must
        return values of the semiring unchanged. None means raw weights are used
        as they are.

    Examples
    --------
    Any associative ⊗ works, commutative or not; here 2×2 matrices:

    >>> import numpy as np
    >>> import networkx as nx
    >>> import pathsum as ps
    >>> MATRIX = ps.Semiring("matrix", zero=np.zeros((2, 2), int),
    ...                      one=np.eye(2, dtype=int), add=np.add, mul=np.matmul,
    ...                      commutative=False)
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", weight=np.array([[1, 1], [0, 1]]))
    >>> G.add_edge("b", "c", weight=np.array([[0, 1], [1, 0]]))
    >>> ps.path_sum(G, "a", "c", semiring=MATRIX)
    array([[1, 1],
           [1, 0]])
    """

    name: str
    zero: Any
    one: Any
    add: Callable[[Any, Any], Any]
    mul: Callable[[Any, Any], Any]
    commutative: bool = True
    lift: Callable[[Any], Any] | None = None
    selective: bool = False
    step: Any = None

    def __repr__(self) -> str:
        return f"<Semiring {self.name}>"

    def sum(self, values: Iterable[Any]) -> Any:
        """⊕ of `values`, `zero` when there are none.

        Examples
        --------
        >>> import pathsum as ps
        >>> ps.MIN_PLUS.sum([3, 1, 2]), ps.MIN_PLUS.sum([])
        (1, inf)
        """
        return _fold(self.add, values, self.zero)

    def product(self, values: Iterable[Any]) -> Any:
        """⊗ of `values` in the order given, `one` when there are none.

        Examples
        --------
        >>> import pathsum as ps
        >>> ps.FREE.product(ps.FREE.lift(c) for c in "abc")
        WordSum('a·b·c')
        """
        return _fold(self.mul, values, self.one)


def _fold(operation: Callable[[Any, Any], Any], values: Iterable[Any], empty: Any):
    # Start from the first value rather than the identity, so that n values cost
    # n - 1 operations, as they would by hand.
    iterator = iter(values)
    try:
        result = next(iterator)
    except StopIteration:
        return empty
    for value in iterator:
        result = operation(result, value)
    return result


class OperationCounter:
    """Count the ⊕ and ⊗ operations that path-sum computations perform.

    Parameters
    ----------
    semiring : Semiring
        The semiring to count; `self.semiring` computes exactly as it does.

    Attributes
    ----------
    semiring : Semiring
        Pass this to any pathsum function.
    additions, multiplications : int
        Operations counted since creation or the last `reset`.

    Examples
    --------
    Forward accumulation touches each edge once; enumeration pays per path.

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> G = nx.MultiDiGraph([("X", "Y")] * 3 + [("Y", "Z")] * 3)
    >>> ops = ps.OperationCounter(ps.REAL)
    >>> ps.path_sum(G, "X", "Z", method="forward", semiring=ops.semiring, weight=None)
    9
    >>> ops.additions, ops.multiplications
    (4, 2)
    >>> ops.reset()
    >>> ps.path_sum(G, "X", "Z", method="paths", semiring=ops.semiring, weight=None)
    9
    >>> ops.additions, ops.multiplications
    (8, 9)
    """

    def __init__(self, semiring: Semiring) -> None:
        self.additions = 0
        self.multiplications = 0
        self.semiring = replace(
            semiring,
            add=self._counted(semiring.add, "additions"),
            mul=self._counted(semiring.mul, "multiplications"),
        )

    def _counted(self, operation, counter: str):
        def counted(a, b):
            setattr(self, counter, getattr(self, counter) + 1)
            return operation(a, b)

        return counted

    def reset(self) -> None:
        """Set both counts back to zero."""
        self.additions = 0
        self.multiplications = 0

    def __repr__(self) -> str:
        return (
            f"OperationCounter({self.semiring.name!r}, additions={self.additions}, "
            f"multiplications={self.multiplications})"
        )


# --- lifts of the numeric semirings -------------------------------------------

_PLAIN_NUMBERS = frozenset({int, float, Fraction})


def _is_truth_value(raw: Any) -> bool:
    """A Python or numpy bool (numpy's is no `numbers.Number`, and its + is or)."""
    return (
        isinstance(raw, bool) or getattr(getattr(raw, "dtype", None), "kind", "") == "b"
    )


def exact(value: Any) -> Any:
    """`value`, with an integer of fixed width (numpy's) made a Python int.

    numpy's integer scalars wrap around on overflow (2**62 * 4 is 0 in int64);
    a Python int never does, so a path sum of integer weights stays exact.
    """
    if (
        value.__class__ is not int
        and isinstance(value, numbers.Integral)
        and not _is_truth_value(value)
    ):
        return int(value)
    return value


def _number(raw: Any) -> Any:
    """Any number-like value with + and ×; strings and containers are refused."""
    if type(raw) in _PLAIN_NUMBERS:
        return raw
    if _is_truth_value(raw):
        raise TypeError("a bool is not a number")
    if isinstance(raw, numbers.Number):
        return exact(raw)
    if isinstance(raw, (str, bytes, bytearray, list, tuple, dict, set)):
        raise TypeError(f"a {type(raw).__name__} is not a number")
    if hasattr(raw, "__add__") and hasattr(raw, "__mul__"):
        return raw
    raise TypeError(f"a {type(raw).__name__} is not a number")


def _real(raw: Any) -> Any:
    """A real number other than NaN (order-based semirings cannot place NaN)."""
    if type(raw) in _PLAIN_NUMBERS:
        if raw != raw:
            raise ValueError("NaN has no order")
        return raw
    if isinstance(raw, numbers.Real) and not _is_truth_value(raw):
        if math.isnan(raw):
            raise ValueError("NaN has no order")
        return exact(raw)
    raise TypeError(f"a {type(raw).__name__} is not a real number")


# In the order semirings ⊗ is + (or ×), and the infinity opposite to `zero`
# would meet `zero` on some path as inf + -inf = nan, which min and max then place
# by argument order. Refusing that one infinity keeps every path product a number
# and every method in agreement; `zero` itself (an edge that is not there) stays.


def _no_minus_infinity(raw: Any) -> Any:
    value = _real(raw)
    if value == -math.inf:
        raise ValueError(
            "min-plus weights must be > -inf (-inf + inf is undefined; "
            "+inf, the semiring's zero, is allowed)"
        )
    return value


def _no_plus_infinity(raw: Any) -> Any:
    value = _real(raw)
    if value == math.inf:
        raise ValueError(
            "max-plus weights must be < inf (inf + -inf is undefined; "
            "-inf, the semiring's zero, is allowed)"
        )
    return value


def _probability(raw: Any) -> Any:
    value = _real(raw)
    if value < 0:
        raise ValueError("max-times weights must be >= 0")
    if value == math.inf:
        raise ValueError("max-times weights must be finite (inf × 0 is undefined)")
    return value


def _truth(raw: Any) -> bool:
    if _is_truth_value(raw) or isinstance(raw, numbers.Number):
        if raw != raw:
            raise ValueError("NaN is neither true nor false")
        return bool(raw)
    raise TypeError(f"a {type(raw).__name__} is not a truth value")


def _one(raw: Any) -> int:
    return 1


def ignores_weights(semiring: Semiring) -> bool:
    """Whether every edge weighs ``one`` whatever it carries (COUNTING)."""
    return semiring.lift is _one


def step_weight(semiring: Semiring) -> Any:
    """What an edge weighs when it carries no weight: `semiring.step`, or `one`.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.semirings import step_weight
    >>> step_weight(ps.REAL), step_weight(ps.MIN_PLUS), step_weight(ps.MAX_TIMES)
    (1, 1, 1)
    >>> step_weight(ps.BOOLEAN), step_weight(ps.MAX_PLUS)
    (True, 1)
    """
    return semiring.one if semiring.step is None else semiring.step


# ⊗ in the order semirings lets `zero` annihilate, also where a finite product
# overflowed to the opposite infinity: inf + -inf and inf × 0 are NaN in IEEE
# arithmetic, but a path through an edge that is not there (or weighs 0) weighs
# `zero` whatever the rest of it sums to. NaN arises from no other valid values
# (the lifts refuse NaN), so one test of the result finds every such case.


def _min_plus_times(a: Any, b: Any) -> Any:
    c = a + b
    return math.inf if c != c else c


def _max_plus_times(a: Any, b: Any) -> Any:
    c = a + b
    return -math.inf if c != c else c


def _max_times_times(a: Any, b: Any) -> Any:
    c = a * b
    if c != c:
        # The zero in the product's own precision: a float32 1e-200 is 0 there.
        return c.__class__(0)
    return c


def _log_times(a: float, b: float) -> float:
    # -inf is LOG's zero and annihilates, +inf included (where + gives nan).
    if a == -math.inf or b == -math.inf:
        return -math.inf
    return a + b


def _logaddexp(a: float, b: float) -> float:
    if a < b:
        a, b = b, a
    if b == -math.inf or a == math.inf:
        return a
    return a + math.log1p(math.exp(b - a))


# --- symbolic values -----------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _format_coefficient(coefficient: Any, body: str) -> str:
    if not body:
        return str(coefficient)
    if coefficient == 1:
        return body
    if coefficient == -1:
        return f"-{body}"
    return f"{coefficient}·{body}"


def _format_sum(terms: list[str]) -> str:
    if not terms:
        return "0"
    text = terms[0]
    for term in terms[1:]:
        text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
    return text


def _label(symbol: Any) -> str:
    return symbol if isinstance(symbol, str) else repr(symbol)


class Polynomial:
    """A polynomial with commuting symbols: the values of `POLYNOMIAL`.

    Immutable and hashable. Symbols are any hashable labels (usually strings);
    coefficients are numbers, kept exact when they are ints or Fractions.

    Parameters
    ----------
    terms : mapping, optional
        Monomial -> coefficient, where a monomial is a tuple of
        ``(symbol, exponent)`` pairs. Zero coefficients are dropped.

    Examples
    --------
    >>> from pathsum import Polynomial
    >>> a, b = Polynomial.symbol("a"), Polynomial.symbol("b")
    >>> (a + b) * (a + b)
    Polynomial('a² + 2·a·b + b²')
    >>> str(a * 3 + Polynomial.constant(-1))
    '3·a - 1'
    """

    __slots__ = ("_hash", "_terms")

    def __init__(self, terms: Mapping[tuple, Any] | None = None) -> None:
        merged: dict[tuple, Any] = {}
        for monomial, coefficient in (terms or {}).items():
            key = _canonical_monomial(monomial)
            merged[key] = merged[key] + coefficient if key in merged else coefficient
        self._terms = {m: c for m, c in merged.items() if c != 0}
        self._hash = None

    @classmethod
    def symbol(cls, name: Hashable) -> Polynomial:
        """The polynomial consisting of the symbol `name`."""
        return cls({((name, 1),): 1})

    @classmethod
    def constant(cls, value: Any) -> Polynomial:
        """The constant polynomial `value`."""
        return cls({(): value})

    @property
    def terms(self) -> dict[tuple, Any]:
        """Monomial -> coefficient (a copy)."""
        return dict(self._terms)

    def __add__(self, other: Any) -> Polynomial:
        other = _as_polynomial(other)
        if other is NotImplemented:
            return other
        terms = dict(self._terms)
        for monomial, coefficient in other._terms.items():
            terms[monomial] = terms.get(monomial, 0) + coefficient
        return Polynomial(terms)

    __radd__ = __add__

    def __mul__(self, other: Any) -> Polynomial:
        other = _as_polynomial(other)
        if other is NotImplemented:
            return other
        terms: dict[tuple, Any] = {}
        for left, a in self._terms.items():
            for right, b in other._terms.items():
                monomial = _canonical_monomial(left + right)
                terms[monomial] = terms.get(monomial, 0) + a * b
        return Polynomial(terms)

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        other = _as_polynomial(other)
        if other is NotImplemented:
            return NotImplemented
        return self._terms == other._terms

    def __hash__(self) -> int:
        if self._hash is None:
            if set(self._terms) <= {()}:
                # Equal to a number, so it must hash like one.
                self._hash = hash(self._terms.get((), 0))
            else:
                self._hash = hash(frozenset(self._terms.items()))
        return self._hash

    def __str__(self) -> str:
        def order(item):
            monomial = item[0]
            degree = sum(exponent for _, exponent in monomial)
            return (-degree, [(_label(s), -e) for s, e in monomial])

        terms = []
        for monomial, coefficient in sorted(self._terms.items(), key=order):
            body = "·".join(
                _label(s) + (str(e).translate(_SUPERSCRIPTS) if e != 1 else "")
                for s, e in monomial
            )
            terms.append(_format_coefficient(coefficient, body))
        return _format_sum(terms)

    def __repr__(self) -> str:
        return f"Polynomial({str(self)!r})"


def _canonical_monomial(monomial: tuple) -> tuple:
    merged: dict[Any, int] = {}
    for symbol, exponent in monomial:
        merged[symbol] = merged.get(symbol, 0) + exponent
    return tuple(sorted(((s, e) for s, e in merged.items() if e), key=_symbol_key))


def _symbol_key(pair: tuple) -> tuple:
    symbol = pair[0]
    return (type(symbol).__name__, _label(symbol))


def _as_polynomial(value: Any) -> Polynomial:
    if isinstance(value, Polynomial):
        return value
    if isinstance(value, numbers.Number):
        return Polynomial.constant(value)
    return NotImplemented


def _lift_polynomial(raw: Any) -> Polynomial:
    if isinstance(raw, Polynomial):
        return raw
    if isinstance(raw, numbers.Number) and not _is_truth_value(raw):
        return Polynomial.constant(exact(raw))
    if isinstance(raw, str):
        return Polynomial.symbol(raw)
    raise TypeError(f"a {type(raw).__name__} is neither a symbol (str) nor a number")


class WordSum:
    """A formal sum of words (a multiset of label sequences): the values of `FREE`.

    Multiplication concatenates words and does not commute, so a path sum in `FREE`
    is the collection of all paths, each spelled by its edge labels in order.
    Immutable and hashable.

    Parameters
    ----------
    words : mapping, optional
        Word (a tuple of labels) -> multiplicity (a positive int).

    Examples
    --------
    >>> from pathsum import WordSum
    >>> a, b = WordSum.letter("a"), WordSum.letter("b")
    >>> (a + b) * b
    WordSum('a·b + b·b')
    >>> b * a == a * b
    False
    """

    __slots__ = ("_hash", "_words")

    def __init__(self, words: Mapping[tuple, int] | None = None) -> None:
        self._words = {tuple(w): n for w, n in (words or {}).items() if n}
        self._hash = None

    @classmethod
    def letter(cls, label: Hashable) -> WordSum:
        """The one-letter word `label`."""
        return cls({(label,): 1})

    @property
    def words(self) -> dict[tuple, int]:
        """Word -> multiplicity (a copy)."""
        return dict(self._words)

    def __add__(self, other: Any) -> WordSum:
        if not isinstance(other, WordSum):
            return NotImplemented
        words = dict(self._words)
        for word, count in other._words.items():
            words[word] = words.get(word, 0) + count
        return WordSum(words)

    def __mul__(self, other: Any) -> WordSum:
        if not isinstance(other, WordSum):
            return NotImplemented
        words: dict[tuple, int] = {}
        for left, a in self._words.items():
            for right, b in other._words.items():
                word = left + right
                words[word] = words.get(word, 0) + a * b
        return WordSum(words)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordSum):
            return NotImplemented
        return self._words == other._words

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._words.items()))
        return self._hash

    def __str__(self) -> str:
        def order(item):
            word = item[0]
            return (-len(word), [_label(label) for label in word])

        terms = [
            _format_coefficient(count, "·".join(_label(x) for x in word) or "1")
            if word
            else str(count)
            for word, count in sorted(self._words.items(), key=order)
        ]
        return _format_sum(terms)

    def __repr__(self) -> str:
        return f"WordSum({str(self)!r})"


def _lift_word(raw: Any) -> WordSum:
    if isinstance(raw, WordSum):
        return raw
    if raw is None or not isinstance(raw, Hashable):
        raise TypeError(f"{raw!r} cannot label a letter")
    return WordSum.letter(raw)


# --- the built-ins -------------------------------------------------------------

REAL = Semiring("real", 0, 1, operator.add, operator.mul, lift=_number)
"""Numbers with + and ×: the path sum is the derivative (the default)."""

COUNTING = Semiring("counting", 0, 1, operator.add, operator.mul, lift=_one)
"""Every edge weighs 1: the path sum is the number of paths."""

BOOLEAN = Semiring("boolean", False, True, operator.or_, operator.and_, lift=_truth)
"""Truth values with or/and: the path sum says whether a path exists."""

MIN_PLUS = Semiring(
    "min-plus",
    math.inf,
    0,
    min,
    _min_plus_times,
    lift=_no_minus_infinity,
    selective=True,
    step=1,
)
"""Tropical (min, +): the path sum is the length of a shortest path."""

MAX_PLUS = Semiring(
    "max-plus",
    -math.inf,
    0,
    max,
    _max_plus_times,
    lift=_no_plus_infinity,
    selective=True,
    step=1,
)
"""Arctic (max, +): the path sum is the length of a longest (critical) path."""

MAX_TIMES = Semiring(
    "max-times", 0, 1, max, _max_times_times, lift=_probability, selective=True
)
"""Viterbi (max, ×) on weights >= 0: the weight of a most probable path."""

LOG = Semiring("log", -math.inf, 0, _logaddexp, _log_times, lift=_real)
"""Log space (logaddexp, +): the log of Σ over paths of exp(path score)."""

POLYNOMIAL = Semiring(
    "polynomial",
    Polynomial(),
    Polynomial.constant(1),
    operator.add,
    operator.mul,
    lift=_lift_polynomial,
)
"""Commutative polynomials: a string weight is a symbol, a number a constant."""

FREE = Semiring(
    "free",
    WordSum(),
    WordSum({(): 1}),
    operator.add,
    operator.mul,
    commutative=False,
    lift=_lift_word,
)
"""Formal sums of words: each label is a letter; the path sum spells every path."""


# --- counting the best paths -----------------------------------------------------


class Counted(NamedTuple):
    """A value of `with_count`: the best path weight and how many paths attain it.

    Equal to the plain tuple ``(best, count)`` and hashed like it. ``+`` and
    ``*`` are refused (on a tuple they would concatenate): a value adds and
    multiplies in its semiring, ``with_count(S).add`` and ``.mul``.

    Examples
    --------
    >>> from pathsum.semirings import Counted
    >>> value = Counted(3, 2)
    >>> value, value.best, value.count, value == (3, 2)
    (Counted(best=3, count=2), 3, 2, True)
    """

    best: Any
    count: int

    def __add__(self, other: Any) -> Any:
        raise TypeError(_NO_ARITHMETIC)

    def __mul__(self, other: Any) -> Any:
        raise TypeError(_NO_ARITHMETIC)

    __rmul__ = __mul__


_NO_ARITHMETIC = (
    "Counted values add and multiply in their semiring: use with_count(S).add "
    "and with_count(S).mul"
)


def with_count(semiring: Semiring) -> Semiring:
    """The semiring of pairs (best weight, number of paths of that weight).

    A path sum in ``with_count(S)`` is ``Counted(best, count)``: `best` is the
    path sum in the selective semiring `S` (the weight of a shortest, longest
    or most probable path) and `count` is how many paths attain it, parallel
    edges of a MultiDiGraph being distinct paths. No path gives
    ``(S.zero, 0)``; the empty path (from a node to itself) ``(S.one, 1)``.
    Every method, and every function that takes a semiring and only adds and
    multiplies (`path_sum`, `forward_path_sums`, `reverse_path_sums`,
    `edge_marginals`), computes in it.

    Parameters
    ----------
    semiring : Semiring
        A selective semiring: MIN_PLUS, MAX_PLUS, MAX_TIMES, or one declared
        with ``selective=True``, whose ⊕ returns one of its arguments.

    Returns
    -------
    Semiring
        Named ``f"{semiring.name} with count"``, not selective (⊕ merges the
        counts of equal weights), commutative when `semiring` is. Calling
        again with the same semiring returns the same object. ⊕ keeps the
        better weight (the one ``semiring.add`` returns) with its count, and
        adds the counts of equal weights; ⊗ combines the weights in
        `semiring` and multiplies the counts. Its lift turns a raw edge
        weight ``w`` into ``(semiring.lift(w), 1)``, or ``(semiring.zero, 0)``
        where that is the semiring's zero (an edge that might as well not be
        there), and refuses NaN; a `Counted` value passes unchanged. An edge
        without a weight (``weight=None``) is ``(step, 1)``: in MIN_PLUS and
        MAX_PLUS one hop, so the path sum counts the paths of fewest or most
        edges.

    Raises
    ------
    TypeError
        If `semiring` is not a selective Semiring.

    See Also
    --------
    best_path : one best path itself.
    k_best_paths : the best paths one at a time, with their weights.

    Examples
    --------
    Two of the three roads from s to t are shortest:

    >>> import networkx as nx
    >>> import pathsum as ps
    >>> from pathsum.semirings import with_count
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("s", "a", 1), ("a", "t", 2), ("s", "b", 2),
    ...                            ("b", "t", 1), ("s", "t", 4)])
    >>> ps.path_sum(G, "s", "t", semiring=with_count(ps.MIN_PLUS))
    Counted(best=3, count=2)
    >>> ps.path_sum(G, "s", "t", semiring=with_count(ps.MAX_PLUS)) == (4, 1)
    True
    >>> ps.path_sum(G, "s", "t", weight=None, semiring=with_count(ps.MIN_PLUS))
    Counted(best=1, count=1)

    Notes
    -----
    Weights tie when they are equal (``==``), so the counts are exact for
    ints and Fractions. Floats round, and the methods group a path's
    products differently (``(a + b) + c`` forward, ``a + (b + c)`` in
    reverse): paths whose exact weights tie may differ in their last bit and
    be counted apart, or apart by one method and together by another; a
    product that overflows or underflows to the semiring's zero (1e-200 ×
    1e-200 in MAX_TIMES) counts no path.

    The pairs form a semiring, and the methods agree, when ⊗ keeps a better
    weight better: x better than y makes x ⊗ z better than y ⊗ z, and z ⊗ x
    better than z ⊗ y, for every z but zero. MIN_PLUS and MAX_PLUS do on
    exact numbers, MAX_TIMES on positive ones. Where ⊗ can make unequal
    weights equal, as min does in the max-min (widest path) semiring, the
    counts of paths that tie only after a later edge depend on the method.
    """
    if not isinstance(semiring, Semiring):
        raise TypeError(
            f"with_count needs a pathsum Semiring, not {semiring!r}: pass "
            f"MIN_PLUS, MAX_PLUS, MAX_TIMES or a Semiring(..., selective=True)"
        )
    if not semiring.selective:
        raise TypeError(
            f"with_count needs a selective semiring, whose ⊕ picks one of its "
            f"arguments (MIN_PLUS, MAX_PLUS, MAX_TIMES or a Semiring(..., "
            f"selective=True)); {semiring.name} is not selective"
            + (
                ": the number of all paths is the path sum in COUNTING"
                if semiring is COUNTING or semiring is REAL
                else ""
            )
        )
    return _with_count(semiring)


@functools.cache
def _with_count(semiring: Semiring) -> Semiring:
    # Semirings are equal only to themselves (eq=False), so the cache is keyed
    # by the object: with_count(MIN_PLUS) is always the same semiring.
    add, mul, zero = semiring.add, semiring.mul, semiring.zero
    base_lift = semiring.lift
    name = f"{semiring.name} with count"
    nothing = Counted(zero, 0)

    # The values are canonical: a count is 0 exactly where the weight is the
    # base semiring's zero (the lift refuses any other pair, and ⊗ makes a
    # product that reaches zero count 0), so zero's laws come from the base's.
    def plus(a, b):
        x, m = a
        y, n = b
        if x == y:
            return Counted(x, m + n)
        best = add(x, y)
        if best == x:
            return a
        if best == y:
            return b
        raise ValueError(
            f"{semiring.name}'s ⊕ returned {best!r}, neither {x!r} nor {y!r}: "
            f"it is not selective"
        )

    def times(a, b):
        x, m = a
        y, n = b
        best = mul(x, y)
        # Also where a product of weights that are not zero overflows (or
        # underflows) to it: the path is then on no count.
        if best == zero:
            return nothing
        return Counted(best, m * n)

    def lift(raw):
        if raw.__class__ is Counted:
            return _checked_counted(raw, semiring)
        try:
            best = raw if base_lift is None else base_lift(raw)
        except (TypeError, ValueError) as exc:
            if isinstance(raw, tuple):
                raise type(exc)(
                    f"{exc} (a value of {name} is a pathsum.semirings.Counted"
                    f"(best, count), not a plain tuple)"
                ) from exc
            raise
        if best != best:
            raise ValueError("NaN has no order")
        if best == zero:
            return Counted(best, 0)
        return Counted(best, 1)

    return Semiring(
        name,
        nothing,
        Counted(semiring.one, 1),
        plus,
        times,
        commutative=semiring.commutative,
        lift=lift,
        step=Counted(step_weight(semiring), 1),
    )


def _checked_counted(value: Counted, semiring: Semiring) -> Counted:
    """`value` if it is a value of ``with_count(semiring)``, else an error; a
    numpy integer in it is made a Python int, which never wraps."""
    best, count = value
    # The base semiring's zero need not be a weight its lift takes (an edge
    # that is not there has none).
    if semiring.lift is not None and best != semiring.zero:
        best = semiring.lift(best)
    if best != best:
        raise ValueError("NaN has no order")
    if _is_truth_value(count) or not isinstance(count, numbers.Integral):
        raise TypeError(f"the count of {value!r} is not an integer")
    if count < 0:
        raise ValueError(f"the count of {value!r} is negative")
    if (count == 0) != (best == semiring.zero):
        raise ValueError(
            f"{value!r}: a count is 0 exactly where the weight is "
            f"{semiring.name}'s zero, {semiring.zero!r} (no path weighs it)"
        )
    if best is not value.best or count.__class__ is not int:
        return Counted(best, int(count))
    return value
