"""Paths drawn at random, each with probability proportional to its weight."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import numbers
from collections.abc import Hashable, Iterator
from fractions import Fraction
from typing import Any

import networkx as nx
from networkx.utils import not_implemented_for

from ._graph import (
    arc_weight_function,
    check_node,
    check_semiring,
    edge_weight_function,
    renamed,
)
from ._passes import reverse_pass
from .accumulate import Weight
from .exceptions import SamplingError, WeightError
from .semirings import COUNTING, REAL, Semiring

__all__ = ["sample_paths"]

#: The most paths `sample_paths` draws in one call, since it returns them in one
#: list: 10**7 two-edge paths take about half a minute and 600 MB here. Draw
#: more in batches with one numpy Generator as the seed, which continue one
#: stream.
MAX_DRAWS = 10_000_000


def _nonnegative(raw: Any) -> Any:
    value = REAL.lift(raw)
    if not value >= 0:
        raise ValueError(
            "a path is drawn with probability proportional to the product of "
            "its weights, so weights must be >= 0"
        )
    if value == math.inf:
        raise ValueError("an infinite weight gives no probability")
    return value


_WEIGHTS = dataclasses.replace(REAL, name="nonnegative real", lift=_nonnegative)


@not_implemented_for("undirected")
def sample_paths(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    k: int,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    seed: Any = None,
    default_weight: Any = None,
) -> list[tuple[tuple, ...]]:
    """Draw `k` `source` -> `target` paths, each with probability proportional
    to the product of its edge weights.

    The draws are independent (with replacement). With ``weight=None`` (or
    the COUNTING semiring) every path is equally likely, exactly, however
    many paths there are.

    Parameters
    ----------
    G : NetworkX DiGraph or MultiDiGraph
        A directed acyclic graph. Parallel edges are distinct paths.
    source, target : node
        The ends of the paths.
    k : int
        How many paths to draw: an int from 0 to `MAX_DRAWS` (10**7), since
        they come back in one list. For more, call again with the same numpy
        Generator as `seed`: the calls continue one stream of draws.
    weight : string, function or None, default "weight"
        An edge attribute name, or a function ``weight(u, v, data)`` returning the
        edge's weight or None to hide the edge (on a MultiDiGraph it is called once
        per parallel edge with that edge's data), or None for every edge to weigh
        ``semiring.one``. Weights must be finite and >= 0.
    semiring : Semiring, default REAL
        REAL (draw by the product of the weights) or COUNTING (draw
        uniformly; weights are not read).
    seed : None, int, sequence of ints, numpy SeedSequence, BitGenerator or Generator
        Anything ``numpy.random.default_rng`` accepts; the same seed gives the
        same paths.
    default_weight : object, optional
        The weight of an edge that lacks the `weight` attribute. Without it
        such an edge is a WeightError: a missing weight is never ``one``.

    Returns
    -------
    list of tuple
        `k` paths, each a tuple of edges ``(u, v)``, or ``(u, v, key)`` on a
        MultiDiGraph. When `source` is `target` every draw is the empty path.

    Raises
    ------
    NetworkXNotImplemented
        If `G` is undirected.
    NodeNotFound
        If `source` or `target` is not in `G`.
    ValueError
        If `k` is not an int from 0 to `MAX_DRAWS`, or `semiring` is neither
        REAL nor COUNTING.
    SamplingError
        If every path has weight 0 or a product that underflows a float (even
        where parallel edges keep their sum above 0), or if float path weights
        add up past the largest float, where draws would no longer follow the
        weights. It is a ValueError and an OverflowError.
    NetworkXNoPath
        If no path leads from `source` to `target`.
    NotADAGError
        If a cycle reaches `target`.
    WeightError
        If an edge that reaches `target` lacks the `weight` attribute (and no
        `default_weight` is given), or has a negative, infinite or NaN weight.

    Examples
    --------
    Of the nine paths of the factoring example, X -γ-> Y -ζ-> Z weighs 3 · 3
    = 9 of the total 36, so about a quarter of the draws take it:

    >>> import pathsum as ps
    >>> from pathsum.examples import factoring
    >>> G = factoring()
    >>> paths = ps.sample_paths(G, "X", "Z", 10_000, seed=1)
    >>> heaviest = (("X", "Y", 2), ("Y", "Z", 2))
    >>> abs(paths.count(heaviest) / len(paths) - 9 / 36) < 0.02
    True
    >>> ps.sample_paths(G, "X", "Z", 2, seed=1) == paths[:2]
    True

    Uniformly, over the 2**100 paths of a chain of 100 diamonds:

    >>> from pathsum.examples import diamond_chain
    >>> [path] = ps.sample_paths(diamond_chain(100), 0, 100, 1, weight=None, seed=7)
    >>> len(path)
    200

    Notes
    -----
    One reverse pass gives y[v], the total weight of the paths from v to
    `target`; each draw then walks from `source`, leaving u by the edge
    e = u -> v with probability w(e) · y[v] / y[u]. A draw costs the out-edges
    of the nodes on its path, and the choices at a node are prepared once for
    all `k` draws.

    Where every weight out of a node is an int or a Fraction (always so with
    ``weight=None``, where y[v] is the exact number of paths, a Python int),
    the choice is exact: a uniform integer below the common-denominator total
    of the choices, built from the generator's random bytes by rejection, so
    uniform stays exactly uniform on 2**200 paths. Otherwise the choice is
    made in floating point with ``Generator.random``.

    See Also
    --------
    edge_marginals, path_sum, all_paths
    """
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
        raise ValueError(f"k must be an int >= 0, not {k!r}")
    if k > MAX_DRAWS:
        raise ValueError(
            f"k={k} is more than MAX_DRAWS={MAX_DRAWS:,} paths, the most "
            f"sample_paths returns in one list; draw them in batches, passing "
            f"one numpy Generator as the seed of every call (the batches "
            f"continue one stream of draws)"
        )
    draws = path_draws(G, source, target, weight=weight, semiring=semiring,
                       seed=seed, default_weight=default_weight)  # fmt: skip
    return list(itertools.islice(draws, int(k)))


@not_implemented_for("undirected")
def path_draws(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    *,
    weight: Weight = "weight",
    semiring: Semiring = REAL,
    seed: Any = None,
    default_weight: Any = None,
) -> Iterator[tuple[tuple, ...]]:
    """An endless iterator of the draws `sample_paths` makes, one at a time.

    The arguments are checked and the reverse pass is made at the call; the
    first ``k`` draws are ``sample_paths(G, source, target, k, ...)``, with
    the same seed. A SamplingError for a node whose every choice underflows
    comes at the draw that first reaches it. See `sample_paths`.
    """
    semiring = check_semiring(semiring)
    if semiring is not REAL and semiring is not COUNTING:
        raise ValueError(
            f"sample_paths draws by REAL weights, or uniformly with COUNTING or "
            f"weight=None; not by {semiring.name} (for log-space scores, pass "
            f"weight=lambda u, v, d: math.exp(d['score']))"
        )
    check_node(G, source, "source")
    check_node(G, target, "target")
    import numpy as np

    try:
        rng = np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise type(exc)(
            f"seed={seed!r} is not a seed: pass None, an int >= 0, or a numpy "
            f"Generator ({exc})"
        ) from exc
    weights = COUNTING if weight is None or semiring is COUNTING else _WEIGHTS
    arc, hides = arc_weight_function(G, weight, weights, default_weight)
    y = reverse_pass(G, {target: weights.one}, arc, hides, weights)
    if source not in y:
        raise nx.NetworkXNoPath(f"no path from {source!r} to {target!r}")
    total = y[source]
    if isinstance(total, float) and not math.isfinite(total):
        raise SamplingError(
            f"the path weights from {source!r} to {target!r} add up past the "
            f"largest float ({total}); scale the weights down, or give them as "
            f"ints or Fractions, which are drawn exactly"
        )
    if not total > 0:
        raise SamplingError(
            f"there is no path of positive weight from {source!r} to {target!r}: "
            f"every path has an edge of weight 0, or a product so small that it "
            f"underflows a float (then scale the weights up, or give them as ints "
            f"or Fractions)"
        )
    if source == target:
        return itertools.repeat(())
    edge_weight, _ = edge_weight_function(weight, weights, default_weight)
    walk = _Walk(G, target, y, edge_weight, weights, rng)
    return (walk.draw(source) for _ in itertools.repeat(None))


class _Walk:
    """The choices out of each node met so far, and the draws among them."""

    def __init__(self, G, target, y, edge_weight, semiring, rng):
        self.G, self.target, self.y = G, target, y
        self.edge_weight, self.semiring, self.rng = edge_weight, semiring, rng
        self.choices: dict[Any, tuple] = {}

    def draw(self, source):
        path = []
        u = source
        while u != self.target:
            choices = self.choices.get(u)
            if choices is None:
                choices = self.choices[u] = self._choices(u)
            edges, heads, cumulative, exact = choices
            if exact:
                r = _below(self.rng, cumulative[-1])
            else:
                r = self.rng.random() * cumulative[-1]
            # The first choice whose cumulative mass exceeds r; rounding can
            # leave r at the float total, which belongs to the last choice.
            i = min(bisect.bisect_right(cumulative, r), len(edges) - 1)
            path.append(edges[i])
            u = heads[i]
        return tuple(path)

    def _choices(self, u):
        """The edges out of `u` towards the target with positive mass
        w(e) · y[v], and their cumulative masses: integers over a common
        denominator when every mass is rational, floats otherwise."""
        y, multigraph = self.y, self.G.is_multigraph()
        edges, heads, masses = [], [], []
        for v, data in self.G._succ[u].items():
            yv = y.get(v)
            if yv is None:
                continue
            parallel = data.items() if multigraph else [(None, data)]
            for key, edge_data in parallel:
                edge = (u, v) if key is None else (u, v, key)
                try:
                    w = self.edge_weight(u, v, edge_data)
                except WeightError as exc:
                    raise renamed(exc, edge, self.semiring) from exc.__cause__
                if w is None:
                    continue
                mass = w * yv
                if mass > 0:
                    edges.append(edge)
                    heads.append(v)
                    masses.append(mass)
        exact = all(isinstance(m, numbers.Rational) for m in masses)
        if exact:
            fractions = [Fraction(m) for m in masses]
            common = math.lcm(*(f.denominator for f in fractions))
            integers = [int(f * common) for f in fractions]
            divisor = math.gcd(*integers)
            masses = [m // divisor for m in integers]
        else:
            masses = [float(m) for m in masses]
        if not masses:
            # y[u] > 0, or the walk would not have come here; exact masses
            # add up to it, so only float ones can all round to 0: each
            # path on from u weighs less than the smallest float, though
            # parallel edges, whose weights y adds before multiplying, do not.
            raise SamplingError(
                f"every path from {u!r} to {self.target!r} has a product so "
                f"small that it underflows a float, though their sum does not; "
                f"scale the weights up, or give them as ints or Fractions"
            )
        cumulative = list(itertools.accumulate(masses))
        if not exact and not math.isfinite(cumulative[-1]):
            # A choice weighed by inf would take every draw, whatever the
            # weights say: refuse rather than draw the wrong paths.
            raise SamplingError(
                f"the path weights through the edges out of {u!r} add up past "
                f"the largest float; scale the weights down, or give them as ints "
                f"or Fractions, which are drawn exactly"
            )
        return edges, heads, cumulative, exact


def _below(rng, n: int) -> int:
    """A uniform integer in [0, n), exactly, for any n >= 1."""
    if n < 2**63:
        return int(rng.integers(n))
    bits = n.bit_length()
    size = (bits + 7) // 8
    while True:
        r = int.from_bytes(rng.bytes(size), "little") >> (8 * size - bits)
        if r < n:
            return r
