"""The loops of the array engine: numba kernels where numba is installed, numpy
sweeps level by level otherwise, and what each semiring computes with."""

from __future__ import annotations

import functools
import importlib.util
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..semirings import (
    BOOLEAN,
    COUNTING,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
)

__all__ = [
    "ENGINES",
    "INT64_MAX",
    "INT64_MIN",
    "KINDS",
    "Kind",
    "kahn",
    "kahn_kernel",
    "log_times",
    "numba_available",
    "numba_engine",
    "pass_kernels",
    "reaching_forward",
    "reaching_kernels",
    "reaching_reverse",
    "through_kernel",
]


ENGINES = ("auto", "numba", "numpy")

INT64_MAX = np.iinfo(np.int64).max
INT64_MIN = np.iinfo(np.int64).min


def _log_mul(a, b):
    """LOG's ⊗ on arrays: + with -inf (zero) annihilating even +inf weights."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isneginf(a) | np.isneginf(b), -math.inf, a + b)


def _annihilating(mul: np.ufunc, zero: float) -> Any:
    """An order semiring's ⊗ on arrays: `mul`, with `zero` where it gives NaN.

    inf + -inf and inf × 0 arise only where a product that overflowed to an
    infinity meets `zero` (the lifts refuse NaN weights), and a path through
    an edge that is not there weighs `zero`, as in the semirings' own ⊗.
    Warnings are off, as Python floats overflow quietly in the dict engine.
    """

    def times(a, b):
        with np.errstate(invalid="ignore", over="ignore"):
            product = mul(a, b)
        return np.where(product != product, zero, product)

    return times


@dataclass(frozen=True)
class Kind:
    """How the array engine represents one semiring."""

    code: int  # the kernels' switch
    dtype: type
    zero: Any
    one: Any
    add: np.ufunc  # its .at accumulates a level's edges
    mul: Any  # elementwise on arrays


KINDS = {
    REAL: Kind(0, np.float64, 0.0, 1.0, np.add, np.multiply),
    COUNTING: Kind(1, np.int64, 0, 1, np.add, np.multiply),
    BOOLEAN: Kind(2, np.uint8, 0, 1, np.maximum, np.minimum),
    MIN_PLUS: Kind(
        3, np.float64, math.inf, 0.0, np.minimum, _annihilating(np.add, math.inf)
    ),
    MAX_PLUS: Kind(
        4, np.float64, -math.inf, 0.0, np.maximum, _annihilating(np.add, -math.inf)
    ),
    MAX_TIMES: Kind(
        5, np.float64, 0.0, 1.0, np.maximum, _annihilating(np.multiply, 0.0)
    ),
    LOG: Kind(6, np.float64, -math.inf, 0.0, np.logaddexp, _log_mul),
}


@functools.cache
def numba_available() -> bool:
    """Whether the compiled kernels can be used (numba, the optional extra
    ``fast``, is installed). Looks without importing it: numba is imported at
    the first compiled pass, so ``import pathsum`` stays quick."""
    return importlib.util.find_spec("numba") is not None


@functools.cache
def _numba() -> tuple:
    """numba's compilers for the kernels: (loops, inlined operations)."""
    from numba import njit

    # numba keys its cache on a closure's variables too, so each semiring's
    # kernels are cached apart. ⊕, ⊗ and the overflow test are inlined where
    # they are used: a call per edge would cost as much as the edge's arithmetic.
    return njit(cache=True, nogil=True), njit(cache=True, inline="always")


# The kernels, compiled by numba when it is installed. Each semiring gets its
# own pair (made by `pass_kernels`), so ⊕ and ⊗ are inlined into the loops.


def _real_plus(a, b):
    return a + b


def _times(a, w):
    return a * w


# The order semirings' ⊗: a NaN (inf + -inf, inf × 0) is an overflowed
# product meeting the zero, and is the zero (see `_annihilating`).


def _min_plus_times(a, w):
    c = a + w
    return math.inf if c != c else c


def _max_plus_times(a, w):
    c = a + w
    return -math.inf if c != c else c


def _max_times_times(a, w):
    c = a * w
    return 0.0 if c != c else c


def log_times(a, b):
    # zero (-inf) annihilates: a node no path reaches stays -inf, even across an
    # edge of weight +inf, where -inf + inf would be nan.
    if a == -math.inf or b == -math.inf:
        return -math.inf
    return a + b


def _min(a, b):
    return min(a, b)


def _max(a, b):
    return max(a, b)


def _logaddexp(a, b):
    if a < b:
        a, b = b, a
    # Exact at the identity -inf, and at +inf, where b - a would be nan.
    if b == -math.inf or a == math.inf:
        return a
    return a + math.log1p(math.exp(b - a))


def _overflows(a, b):
    """Whether the int64 sum a + b wraps."""
    return (b > 0 and a > INT64_MAX - b) or (b < 0 and a < INT64_MIN - b)


# semiring code -> (⊕, ⊗); counting also checks each sum for overflow
_OPERATIONS = {
    0: (_real_plus, _times),
    1: (_real_plus, _times),
    2: (_max, _min),
    3: (_min, _min_plus_times),
    4: (_max, _max_plus_times),
    5: (_max, _max_times_times),
    6: (_logaddexp, log_times),
}


def _make_kernels(plus, times, zero, checked, overflows):
    """The forward and reverse loops over CSR arrays for one semiring."""

    def forward(indptr, indices, weights, x, start):
        # x[v] ⊕= x[u] ⊗ w(u, v), u in topological order from `start`.
        n, k = x.shape
        overflow = False
        if k == 1:
            for u in range(start, n):
                xu = x[u, 0]
                if xu == zero:
                    continue
                for e in range(indptr[u], indptr[u + 1]):
                    v = indices[e]
                    a, b = x[v, 0], times(xu, weights[e])
                    if checked and overflows(a, b):
                        overflow = True
                    x[v, 0] = plus(a, b)
            return overflow
        for u in range(start, n):
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                w = weights[e]
                for j in range(k):
                    a, b = x[v, j], times(x[u, j], w)
                    if checked and overflows(a, b):
                        overflow = True
                    x[v, j] = plus(a, b)
        return overflow

    def reverse(indptr, indices, weights, y, stop):
        # y[u] ⊕= w(u, v) ⊗ y[v], u in reverse topological order below `stop`.
        k = y.shape[1]
        overflow = False
        if k == 1:
            # One column: a node's sum stays in a local and is stored once
            # (stored to y[u] at each edge, it waits on its own store), and
            # indptr is read once a node, as u's edges end where u + 1's
            # begin. The operations and their order are the block loop's,
            # which took 1.2-1.7 times the C loop of benchmarks/run.py on
            # layered and random graphs, this 1.0-1.1 (benchmarks/RESULTS.md).
            # max(stop, 0): no read of indptr the block loop would not make.
            last = indptr[max(stop, 0)]
            for u in range(stop - 1, -1, -1):
                first = indptr[u]
                total = y[u, 0]
                for e in range(first, last):
                    b = times(weights[e], y[indices[e], 0])
                    if checked and overflows(total, b):
                        overflow = True
                    total = plus(total, b)
                y[u, 0] = total
                last = first
            return overflow
        for u in range(stop - 1, -1, -1):
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                w = weights[e]
                for j in range(k):
                    a, b = y[u, j], times(w, y[v, j])
                    if checked and overflows(a, b):
                        overflow = True
                    y[u, j] = plus(a, b)
        return overflow

    return forward, reverse


@functools.cache
def pass_kernels(kind: Kind) -> tuple:
    """The compiled (forward, reverse) loops of `kind`, made on first use."""
    loops, inline = _numba()
    plus, times = _OPERATIONS[kind.code]
    forward, reverse = _make_kernels(
        inline(plus), inline(times), kind.zero, kind.code == 1, inline(_overflows)
    )
    return loops(forward), loops(reverse)


def _make_through(plus, times, zero, checked, overflows):
    """The forward loop from `start` to `stop` that also ⊗s each edge's
    x[u] ⊗ w by y[v] into `through`: edge marginals in one sweep."""

    def forward_through(indptr, indices, weights, x, y, through, start, stop):
        overflow = False
        for u in range(start, stop):
            xu = x[u]
            if xu == zero:
                continue
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                xw = times(xu, weights[e])
                a = x[v]
                # A count through an edge is at most the count into `stop`,
                # which these checked sums reach: no product needs a check.
                if checked and overflows(a, xw):
                    overflow = True
                # x[v] even where y[v] is zero: in REAL, paths from v that
                # cancel still each carry their own share.
                x[v] = plus(a, xw)
                yv = y[v]
                if yv != zero:
                    through[e] = times(xw, yv)
        return overflow

    return forward_through


@functools.cache
def through_kernel(kind: Kind) -> Any:
    """`_make_through` of `kind`, compiled on first use."""
    loops, inline = _numba()
    plus, times = _OPERATIONS[kind.code]
    return loops(
        _make_through(
            inline(plus), inline(times), kind.zero, kind.code == 1, inline(_overflows)
        )
    )


# REAL weights may be infinite or NaN, and 0 * inf and 0 * nan are nan: a
# node no path reaches holds REAL's zero, and such an edge out of it
# (forward; into it, reverse) must add nothing, while a node that paths reach
# and whose sum is 0 still passes nan on, as the sum over its paths does. The
# fast loops cannot tell the two zeros apart, so a REAL graph holding an
# infinite or NaN weight sweeps with these loops, which carry which nodes
# each column reaches.


def reaching_forward(indptr, indices, weights, x, reached, start):
    n, k = x.shape
    for u in range(start, n):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            w = weights[e]
            for j in range(k):
                if reached[u, j]:
                    reached[v, j] = True
                    x[v, j] += x[u, j] * w


def reaching_reverse(indptr, indices, weights, y, reached, stop):
    k = y.shape[1]
    for u in range(stop - 1, -1, -1):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            w = weights[e]
            for j in range(k):
                if reached[v, j]:
                    reached[u, j] = True
                    y[u, j] += w * y[v, j]


@functools.cache
def reaching_kernels() -> tuple:
    """`reaching_forward` and `reaching_reverse`, compiled on first use."""
    loops = _numba()[0]
    return loops(reaching_forward), loops(reaching_reverse)


@functools.cache
def kahn_kernel() -> Any:
    """`kahn`, compiled on first use."""
    return _numba()[0](kahn)


def kahn(n, indptr, indices):
    """A topological order by levels (FIFO Kahn), and each node's level.

    Returns ``(order, level)``; ``order`` is shorter than n if there is a cycle.
    """
    indegree = np.zeros(n, np.int64)
    for e in range(len(indices)):
        indegree[indices[e]] += 1
    order = np.empty(n, np.int64)
    level = np.zeros(n, np.int64)
    tail = 0
    for u in range(n):
        if indegree[u] == 0:
            order[tail] = u
            tail += 1
    head = 0
    while head < tail:
        u = order[head]
        head += 1
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            if level[u] + 1 > level[v]:
                level[v] = level[u] + 1
            indegree[v] -= 1
            if indegree[v] == 0:
                order[tail] = v
                tail += 1
    return order[:tail], level


def numba_engine(engine: str) -> bool:
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r} is not one of {', '.join(ENGINES)}")
    if engine == "numba" and not numba_available():
        raise ImportError("engine='numba' needs numba: pip install 'pathsum[fast]'")
    return numba_available() if engine == "auto" else engine == "numba"
