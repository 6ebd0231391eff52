"""The two seed graphs, ready to use in tests, demos and documentation."""

from __future__ import annotations

import networkx as nx

from .programs import program_graph

__all__ = ["COLAH", "colah", "diamond_chain", "factoring"]

#: The program of the first example.
COLAH = "c = a + b\nd = b + 1\ne = c * d"


def colah() -> nx.DiGraph:
    """The graph of e = (a + b)·(b + 1), with c = a + b, d = b + 1, at a = 2, b = 1.

    Returns
    -------
    DiGraph
        ``program_graph(COLAH, a=2, b=1)`` as a DiGraph (it has no parallel
        edges): nodes carry ``value``, ``op`` and ``expr``; each edge u -> v
        carries ``weight``, the local derivative ∂v/∂u at the point, and
        ``partial``, its symbolic form.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.examples import colah
    >>> G = colah()
    >>> G.nodes["e"]["value"], G.edges["c", "e"]["partial"]
    (6, 'd')
    >>> ps.path_sum(G, "b", "e"), ps.path_sum(G, "a", "e")
    (5, 2)
    """
    G = nx.DiGraph(program_graph(COLAH, a=2, b=1))
    G.graph["name"] = "e = (a + b)·(b + 1)"
    return G


def factoring() -> nx.MultiDiGraph:
    """Three parallel edges X -> Y labelled α β γ and three Y -> Z labelled δ ε ζ.

    Returns
    -------
    MultiDiGraph
        Each edge carries a symbolic ``label`` and a numeric ``weight``
        (1, 2, 3 on each side), so X -> Z has 9 paths and the path sum is
        (α + β + γ)(δ + ε + ζ), numerically 6 · 6 = 36.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.examples import factoring
    >>> G = factoring()
    >>> ps.count_paths(G, "X", "Z"), ps.path_sum(G, "X", "Z")
    (9, 36)
    """
    G = nx.MultiDiGraph(name="factoring")
    for weight, label in enumerate("αβγ", start=1):
        G.add_edge("X", "Y", label=label, weight=weight)
    for weight, label in enumerate("δεζ", start=1):
        G.add_edge("Y", "Z", label=label, weight=weight)
    return G


def diamond_chain(k: int) -> nx.DiGraph:
    """k diamonds in a row, 2**k paths from node 0 to node k.

    Diamond i splits at node i into ``(i, "up")`` and ``(i, "down")`` and joins
    again at node i + 1. Enumeration pays for every path; the dynamic programs
    for 4k edges.

    Examples
    --------
    >>> import pathsum as ps
    >>> from pathsum.examples import diamond_chain
    >>> G = diamond_chain(10)
    >>> G.number_of_edges(), ps.count_paths(G, 0, 10)
    (40, 1024)
    """
    G = nx.DiGraph()
    for i in range(k):
        for side in ("up", "down"):
            G.add_edge(i, (i, side))
            G.add_edge((i, side), i + 1)
    return G
