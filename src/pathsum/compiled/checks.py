"""What the arrays of a CompiledDAG must be: weights a semiring accepts, CSR
structure, edges that go forward; checked once, before any loop reads them."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from .._graph import bad_weight, short_repr
from ..semirings import (
    BOOLEAN,
    COUNTING,
    LOG,
    MAX_PLUS,
    MAX_TIMES,
    MIN_PLUS,
    REAL,
    Semiring,
    step_weight,
)
from .kernels import KINDS, Kind

__all__ = [
    "MISSING",
    "Disagreement",
    "arrays_problem",
    "check_compiled_semiring",
    "csr_problem",
    "edge_chunks",
    "lifted_weights",
    "raw_array",
    "refused_weights",
]


# Stands for a weight attribute an edge lacks: no attribute value can be it.
MISSING = object()


def check_compiled_semiring(semiring: Any) -> Kind:
    if not isinstance(semiring, Semiring) or semiring not in KINDS:
        names = ", ".join(_NAMES[s] for s in KINDS)
        raise TypeError(
            f"compile_dag computes in the built-in semirings {names}; "
            f"semiring={short_repr(semiring)} is not one of them"
        )
    return KINDS[semiring]


_NAMES = {
    REAL: "pathsum.REAL",
    COUNTING: "pathsum.COUNTING",
    BOOLEAN: "pathsum.BOOLEAN",
    MIN_PLUS: "pathsum.MIN_PLUS",
    MAX_PLUS: "pathsum.MAX_PLUS",
    MAX_TIMES: "pathsum.MAX_TIMES",
    LOG: "pathsum.LOG",
}


def raw_array(raw: list | None, m: int) -> tuple[np.ndarray | None, str]:
    """The raw weights as one array (numbers in a numeric dtype, anything
    else as objects), and the dtype kind they had; ``(None, "")`` if none."""
    if raw is None:
        return None, ""
    try:
        array = np.asarray(raw) if m else np.zeros(0)
    except (ValueError, TypeError):  # ragged: some weight is a sequence
        array = None
    if array is None or array.ndim != 1 or array.dtype.kind not in "iufb":
        # Sequences stay whole and strings among numbers stay apart (numpy
        # would make "1.5" of 1.5): one object per edge, named as it is.
        return np.fromiter(raw, dtype=object, count=m), "O"
    weights_kind = array.dtype.kind
    if weights_kind != "b":
        # numpy reads True among numbers as 1, but a truth value is no number
        # to the lifts (REAL refuses it): such weights are lifted one by one.
        types = set(map(type, raw))
        if bool in types or np.bool_ in types:
            return np.fromiter(raw, dtype=object, count=m), "O"
    if weights_kind == "f":
        # numpy reads floats and ints together as floats: an int from 2**53 on
        # among them may have been rounded (2**53 + 1 to 2**53), and then
        # these weights are not all floats.
        large = np.flatnonzero(np.abs(array) >= 2.0**53).tolist()
        if any(
            isinstance(raw[e], numbers.Integral) and int(array[e]) != raw[e]
            for e in large
        ):
            weights_kind = "O"
    return array, weights_kind


def lifted_weights(raw, edge_name, semiring, kind, m: int) -> np.ndarray:
    """The `m` raw weights as an array of the semiring's type, each checked as
    the semiring's lift checks it; the first edge refused (in the order of
    `raw`) is a WeightError naming ``edge_name(e)``. No raw weights (None):
    every edge is one step, `step_weight`."""
    if raw is None:
        return np.full(m, step_weight(semiring), kind.dtype)
    if raw.dtype.kind not in "iuf":
        # Not plain numbers: lift each one as the dict-based engine would, to
        # name the first bad edge; the rest (Fractions, numpy scalars) convert.
        array = np.empty(m, np.float64)
        for e, value in enumerate(raw.tolist()):
            try:
                array[e] = float(semiring.lift(value))
            except (TypeError, ValueError, ArithmeticError) as exc:
                raise bad_weight(edge_name(e), value, semiring, exc) from exc
        raw = array
    # A float64 raw array is the weights themselves (no copy): REAL, MIN_PLUS,
    # MAX_PLUS, MAX_TIMES and LOG lift floats unchanged, and both are read-only.
    array = raw.astype(np.float64, copy=False)
    bad = refused_weights(array, semiring)
    if bad.any():
        e = int(np.flatnonzero(bad)[0])
        value = raw[e].item()
        try:
            semiring.lift(value)
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise bad_weight(edge_name(e), value, semiring, exc) from exc
    if semiring is BOOLEAN:
        return (array != 0).astype(np.uint8)
    return array


def refused_weights(array: np.ndarray, semiring: Semiring) -> np.ndarray:
    """Where float weights hold what the semiring's lift refuses, checked on
    the whole array at once: NaN where order or truth needs a number, and the
    infinity opposite to the zero of MIN_PLUS, MAX_PLUS and MAX_TIMES (see
    semirings)."""
    bad = np.isnan(array) if semiring is not REAL else np.zeros(len(array), bool)
    if semiring is MIN_PLUS:
        bad |= array == -math.inf
    elif semiring is MAX_PLUS:
        bad |= array == math.inf
    elif semiring is MAX_TIMES:
        bad |= (array < 0) | (array == math.inf)
    return bad


class Disagreement(ValueError):
    """Arrays (or nodes) that cannot make a CompiledDAG; `part` names the one
    at fault (an attribute: "nodes", "indptr", ...), `problem` says why."""

    def __init__(self, part: str, problem: str) -> None:
        super().__init__(f"the arrays of a CompiledDAG disagree: {problem}")
        self.part, self.problem = part, problem


def csr_problem(n: int, indptr: np.ndarray, indices: np.ndarray) -> tuple | None:
    """What is wrong with CSR arrays of `n` nodes, as ``(array, problem)``, or
    None: the kernels index with them unchecked, so they must agree before any
    kernel runs."""
    indptr, indices = np.asarray(indptr), np.asarray(indices)
    if indptr.shape != (n + 1,):
        return "indptr", f"{len(indptr) - 1} out-degrees for {n} nodes"
    if indices.ndim != 1:
        return "indices", "heads that are not one array"
    if indptr[0] != 0 or indptr[-1] != len(indices):
        return "indptr", (
            f"{int(indptr[-1]) - int(indptr[0])} edges counted, {len(indices)} heads"
        )
    if n and (indptr[1:] < indptr[:-1]).any():
        return "indptr", "indptr is not monotone"
    if len(indices) and (indices.min() < 0 or indices.max() >= n):
        return "indices", f"a head index outside 0..{n - 1}"
    return None


def _repeated(nodes: list) -> Any:
    """The first node of `nodes` that an earlier one equals."""
    seen = set()
    for node in nodes:
        if node in seen:
            return node
        seen.add(node)
    raise ValueError("no node comes twice")


# The checks of every edge go a million edges at a time: a graph mapped from
# its files then costs no copy of a whole array to check.
_CHUNK = 2**20


def edge_chunks(m: int) -> Iterator[slice]:
    return (slice(e, min(e + _CHUNK, m)) for e in range(0, m, _CHUNK))


def arrays_problem(
    nodes, index, indptr, indices, weights, tails, levels, raw_weights
) -> tuple | None:
    """What is wrong with the parts of a CompiledDAG, as ``(part, problem)``,
    or None.

    The compiled loops index with `indptr` and `indices` unchecked, so these
    must agree before any loop runs; the sweeps trust the topological order
    (every edge goes forward) and the levels (every edge goes to a later
    level), without which their sums would be wrong with no error.
    """
    n = len(nodes)
    if len(index) != n:
        return "nodes", f"the node {short_repr(_repeated(nodes))} comes twice"
    for name, array in (
        ("indptr", indptr),
        ("indices", indices),
        ("tails", tails),
        ("levels", levels),
    ):
        if not (
            isinstance(array, np.ndarray)
            and array.ndim == 1
            and array.dtype.kind in "iu"
            and array.dtype.isnative
        ):
            return name, f"{name} is not one array of integers"
    problem = csr_problem(n, indptr, indices)
    if problem:
        return problem
    m = len(indices)
    if not (np.ndim(weights) == 1 and len(weights) == len(tails) == m):
        return "weights", "not one weight and one tail per edge"
    if raw_weights is not None and (np.ndim(raw_weights) != 1 or len(raw_weights) != m):
        return "raw_weights", "not one raw weight per edge"
    # Sorted tails whose first and last edge of each node is that node's are
    # that node's all along.
    starts, ends = indptr[:-1], indptr[1:]
    holders = np.flatnonzero(starts < ends)
    if (tails[starts[holders]] != holders).any() or (
        tails[ends[holders] - 1] != holders
    ).any():
        return "tails", "an edge's tail is not the node whose out-edges hold it"
    for edges in edge_chunks(m):
        run = tails[edges.start : edges.stop + 1]
        if (run[1:] < run[:-1]).any():
            return "tails", "an edge's tail is not the node whose out-edges hold it"
    bounds = levels.astype(np.int64)
    if (
        len(bounds) < 1
        or bounds[0] != 0
        or bounds[-1] != n
        or (np.diff(bounds) <= 0).any()
    ):
        return "levels", (
            f"levels do not rise strictly from 0 to {n} (the number of nodes)"
        )
    if not len(holders):
        return None
    # Levels are runs of nodes, so an edge u -> v goes forward to a later level
    # exactly when v is at least where the level after u's starts: checked on
    # each node's lowest head, read in order (no head is looked up at random).
    level = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    next_level = bounds[1:][level[holders]]
    lowest = np.minimum.reduceat(indices, starts[holders].astype(np.intp))
    short = np.flatnonzero(lowest < next_level)
    if not len(short):
        return None
    u, v = int(holders[short[0]]), int(lowest[short[0]])
    edge = f"the edge {short_repr(nodes[u])} -> {short_repr(nodes[v])}"
    if v <= u:
        return "indices", (
            f"{edge} does not go forward in the topological order of the nodes"
        )
    return "levels", f"{edge} does not go to a later level"
