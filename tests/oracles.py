"""Independent answers to compare pathsum with: networkx's own path enumeration,
and the comparison of a networkx function's answers given two ways."""

import networkx as nx


def edge_paths(G, source, target):
    """Every source -> target path as a tuple of edges, by networkx alone."""
    if source == target:
        return [()]
    return [tuple(path) for path in nx.all_simple_edge_paths(G, source, target)]


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (no numpy scalar for an
    int, no 1.0 for a 1); graphs by their attributes and adjacency."""
    if type(a) is not type(b):
        return False
    if isinstance(a, nx.Graph):
        return (a.graph, dict(a.nodes(data=True)), nx.to_dict_of_dicts(a)) == (
            b.graph,
            dict(b.nodes(data=True)),
            nx.to_dict_of_dicts(b),
        )
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b
