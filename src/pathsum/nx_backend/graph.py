"""The backend's graph: a networkx DAG read once into a compiled MIN_PLUS pass.

networkx converts each input graph with `convert_from_nx` and caches the result
on the graph (``G.__networkx_cache__``, cleared by networkx's own mutating
methods). Everything that decides whether pathsum can serve a graph happens
here, once: a graph pathsum declines raises NotImplementedError, which networkx
caches too and answers by running its own function.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np

from ..compiled import CompiledDAG, compile_dag
from ..exceptions import NotADAGError, WeightError
from ..semirings import MAX_PLUS, MIN_PLUS

__all__ = ["Pass", "PathsumGraph", "convert_from_nx", "convert_to_nx", "decline"]

# Every sum of ints below this is exact in float64, so the float pass and
# Python's ints compare and add alike.
_EXACT = 2.0**53

_INTS = frozenset({int, bool})

# Past this, a sum of weights could reach an infinity, which a pass reads as
# "no path".
_OVERFLOW = 2.0**1000


def decline(reason: str) -> NotImplementedError:
    """The error that hands a call back to networkx, with why."""
    return NotImplementedError(f"pathsum does not serve this call: {reason}")


class Pass:
    """A compiled MIN_PLUS pass over one weight, and what the weights are.

    Attributes
    ----------
    dag : CompiledDAG
        The pass, in MIN_PLUS.
    kind : {"int", "float", "mixed"}
        The Python type of every weight read: "int" for ints and bools (and
        hop counts), "float" for floats, "mixed" for both.
    hidden : bool
        Whether a weight function hid an edge (returned None).
    """

    def __init__(self, dag: CompiledDAG, kind: str, hidden: bool):
        self.dag = dag
        self.kind = kind
        self.hidden = hidden
        self._max_plus: CompiledDAG | None = None
        self._negative: bool | None = None
        self._node_array: np.ndarray | None = None

    @property
    def max_plus(self) -> CompiledDAG:
        """The same pass in MAX_PLUS (longest paths)."""
        if self._max_plus is None:
            self._max_plus = self.dag.with_semiring(MAX_PLUS)
        return self._max_plus

    @property
    def negative(self) -> bool:
        """Whether some edge's weight is below 0."""
        if self._negative is None:
            self._negative = bool((self.dag.weights < 0).any())
        return self._negative

    def holds_as_given(self, node: Hashable) -> bool:
        """Whether `node` is the graph's node of the same type (not 1.0 for 1).

        Which of two equal objects networkx puts in a path depends on its
        search; pathsum serves paths between ends given as the graph holds them.
        """
        return type(self.dag.nodes[self.dag.index[node]]) is type(node)

    @property
    def node_array(self) -> np.ndarray:
        """The pass's nodes as a numpy array of objects, to pick many at C speed."""
        if self._node_array is None:
            nodes = self.dag.nodes
            self._node_array = np.fromiter(nodes, dtype=object, count=len(nodes))
        return self._node_array

    def values(self, array: np.ndarray) -> list:
        """A pass's values as Python numbers of the weights' type."""
        if self.kind == "int":
            return array.astype(np.int64).tolist()
        return array.tolist()


class PathsumGraph:
    """A networkx DAG with its compiled passes, one per weight read.

    networkx may hand a conversion made for one weight to a call that reads
    another (a conversion that kept more attributes serves calls that need
    fewer), so every call asks for its own weight with `over`; the weight
    the conversion was made for is compiled already.

    Attributes
    ----------
    graph : networkx.DiGraph or MultiDiGraph
        The graph it was read from; tie rules and paths read it directly.
    """

    __networkx_backend__ = "pathsum"

    def __init__(self, graph: nx.DiGraph):
        self.graph = graph
        self._passes: dict = {}
        self._order: list | None = None
        self._positions: dict | None = None

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return self.graph.is_multigraph()

    def current(self) -> PathsumGraph:
        """This conversion if networkx still holds it for the graph, else a new one.

        networkx clears a graph's cache of conversions when the graph
        changes through its methods; a generator that starts after such a
        change reads the graph as it is then, as networkx's do.
        """
        cache = getattr(self.graph, "__networkx_cache__", None) or {}
        held = cache.get("backends", {}).get("pathsum", {}).values()
        if any(converted is self for converted in held):
            return self
        return PathsumGraph(self.graph)

    def over(self, weight: Any, default: Any) -> Pass:
        """The pass over `weight` as networkx reads it with `default`.

        An attribute name (or None) is read as ``data.get(weight, default)``
        and its pass kept; a function is read at each call.
        """
        if callable(weight):
            return read(self.graph, weight, None)
        key = (weight, type(default), default)
        try:
            found = self._passes.get(key)
        except TypeError:  # an unhashable default
            return read(self.graph, weight, default)
        if found is None:
            found = self._passes[key] = read(self.graph, weight, default)
        return found

    @property
    def hops(self) -> Pass:
        """The pass in which every edge has length 1."""
        found = self._passes.get("hops")
        if found is None:
            found = self._passes["hops"] = read(self.graph, None, None, hops=True)
        return found

    def topological_positions(self) -> dict:
        """``{node: position}`` in networkx's `topological_sort` order, kept."""
        if self._positions is None:
            order = self.topological_order()
            self._positions = dict(zip(order, range(len(order)), strict=True))
        return self._positions

    def topological_order(self) -> list:
        """networkx's `topological_sort` order of the graph, computed once.

        Its generations in order, each in the order networkx builds it: the
        first in the graph's node order, then each node as the last edge into
        it is met, parents in order and their successors in ``G.succ`` order.
        """
        if self._order is None:
            self._order = networkx_topological_order(self.graph)
        return self._order


def networkx_topological_order(G: nx.DiGraph) -> list:
    """The order of ``nx.topological_sort(G)`` on a DAG, without dispatching."""
    multigraph = G.is_multigraph()

    def edges_in(pred: dict) -> int:
        return sum(map(len, pred.values())) if multigraph else len(pred)

    indegree = {v: edges_in(pred) for v, pred in G._pred.items() if pred}
    generation = [v for v, pred in G._pred.items() if not pred]
    order: list = []
    while generation:
        order.extend(generation)
        following = []
        for node in generation:
            for child, keys in G._succ[node].items():
                indegree[child] -= len(keys) if multigraph else 1
                if indegree[child] == 0:
                    following.append(child)
                    del indegree[child]
        generation = following
    return order


def read(G: nx.DiGraph, weight: Any, default: Any, *, hops: bool = False) -> Pass:
    """Compile `G` over `weight`: hop counts, a function, or an attribute.

    An attribute is read as networkx reads it, ``data.get(weight, default)``,
    even when `weight` is None.
    """
    types: set[type] = set()
    ints = [0]  # the sum of the ints' sizes

    def kept(value):
        kind = type(value)
        types.add(kind)
        if kind is bool:
            return int(value)  # networkx adds True as 1
        if kind is int:
            ints[0] += abs(value)
        return value

    if hops:
        reader = None
    elif callable(weight):
        if G.is_multigraph():
            # networkx calls the function once per pair of nodes, with the
            # dict of the parallel edges; pathsum's passes call it per edge.
            raise decline("a weight function on a multigraph")

        def reader(u, v, data):
            return kept(weight(u, v, data))
    else:

        def reader(u, v, data):
            return kept(data.get(weight, default))

    try:
        dag = compile_dag(G, weight=reader, semiring=MIN_PLUS, engine="auto")
    except NotADAGError as error:
        raise decline("the graph has a cycle") from error
    except (WeightError, TypeError, ValueError, OverflowError) as error:
        raise decline(f"a weight pathsum cannot read ({error})") from error
    except Exception as error:
        if not callable(weight):
            raise
        # networkx calls the function only on the edges its search meets,
        # pathsum on every edge: one it raises on is networkx's to call.
        raise decline(f"a weight function that raised {error!r}") from error
    hidden = type(None) in types
    if hidden and not callable(weight):
        raise decline("an edge whose weight attribute is None")
    types.discard(type(None))
    if types <= _INTS:  # hop counts read no weight
        kind = "int"
    elif types == {float}:
        kind = "float"
    elif types <= _INTS | {float}:
        kind = "mixed"
    else:
        raise decline(f"weights of type {sorted(t.__name__ for t in types)}")
    weights = dag.weights
    if weights.size and not np.isfinite(weights).all():
        raise decline("a weight that is infinite or NaN")
    if ints[0] >= _EXACT:
        raise decline("ints whose sums a float64 pass cannot hold exactly")
    if weights.size and not np.abs(weights).sum() < _OVERFLOW:
        # A length that overflows to an infinity would read as no path.
        raise decline("weights whose sums may overflow a float")
    return Pass(dag, kind, hidden)


def convert_from_nx(
    G: nx.Graph,
    edge_attrs: dict | None = None,
    node_attrs: dict | None = None,
    preserve_edge_attrs: bool = False,
    preserve_node_attrs: bool = False,
    preserve_graph_attrs: bool = False,
    name: str | None = None,
    graph_name: str | None = None,
) -> PathsumGraph:
    """networkx's conversion hook: read `G` for pathsum, or decline it.

    `edge_attrs` names the one weight a call reads (``{attribute: default}``);
    without it every edge has length 1, and a weight function, given at the
    call, is read then.
    """
    if not G.is_directed():
        raise decline("the graph is undirected")
    if hasattr(G, "_graph"):
        # A view keeps its own cache of conversions, which a change to the
        # graph under it does not clear.
        raise decline("a view of a graph (its cached conversion could go stale)")
    attributes = edge_attrs or {}
    if len(attributes) > 1:
        raise decline(f"more than one edge attribute ({sorted(attributes)})")
    converted = PathsumGraph(G)
    if attributes:
        converted.over(*next(iter(attributes.items())))
    else:
        converted.hops  # noqa: B018 - the compile checks that G is a DAG
    return converted


def convert_to_nx(obj: Any, *, name: str | None = None) -> Any:
    """networkx's hook for results: a PathsumGraph is its networkx graph."""
    if isinstance(obj, PathsumGraph):
        return obj.graph
    return obj
