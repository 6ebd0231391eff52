"""What networkx shows of the backend: `get_info`, read while networkx imports.

Only the standard library is imported here, so ``import networkx`` costs the
same with pathsum installed as without.
"""

from __future__ import annotations

__all__ = ["FUNCTIONS", "get_info"]

_DAG = (
    "Served on directed acyclic graphs (DiGraph and MultiDiGraph) whose weights "
    "are all ints or all floats; any other graph runs on networkx."
)
_SHORTEST = (
    _DAG + " One pass in topological order answers every method, so negative "
    "weights are exact with Bellman-Ford; Dijkstra with a negative weight runs "
    "on networkx, as do weights mixing ints and floats."
)

_SIMPLE_PATHS = (
    _DAG + " The paths of networkx, in its order and with its errors; the walk "
    "goes only through nodes that reach a target within the cutoff."
)

# name -> additional_docs, shown in the "Backends" section of networkx's docstring.
FUNCTIONS = {
    "all_simple_edge_paths": _SIMPLE_PATHS,
    "all_simple_paths": _SIMPLE_PATHS,
    "ancestors": _DAG,
    "bellman_ford_path_length": _SHORTEST,
    "dag_longest_path": _DAG
    + " Ties as networkx breaks them: the first longest end in topological "
    "order, the first best predecessor in ``G.pred`` order.",
    "dag_longest_path_length": _DAG,
    "descendants": _DAG,
    "dijkstra_path_length": _SHORTEST,
    "has_path": _DAG,
    "shortest_path": _SHORTEST
    + " A source and a target, when one shortest path joins them; with several"
    " (networkx's choice among them is its search's), and for every source or"
    " target, networkx answers.",
    "shortest_simple_paths": _DAG
    + " Paths come from pathsum's k best paths while their lengths differ; at"
    " the first tie networkx's own generator, run from the start, takes over,"
    " since its order among equal paths is its search's. Multigraphs and"
    " negative weights run on networkx.",
    "shortest_path_length": _SHORTEST
    + " All pairs (neither source nor target) run on networkx.",
    "single_source_bellman_ford_path_length": _SHORTEST,
    "single_source_dijkstra_path_length": _SHORTEST,
    "single_source_shortest_path_length": _DAG,
    "transitive_closure_dag": _DAG,
}


def get_info() -> dict:
    """The backend as networkx describes it (entry point ``networkx.backend_info``)."""
    return {
        "backend_name": "pathsum",
        "project": "pathsum",
        "package": "pathsum",
        "short_summary": "Path sums on directed acyclic graphs, in one compiled pass.",
        "functions": {
            name: {"additional_docs": docs} for name, docs in FUNCTIONS.items()
        },
        "default_config": {},
    }
