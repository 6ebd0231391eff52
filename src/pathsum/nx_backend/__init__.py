"""The networkx backend "pathsum": networkx's own functions on pathsum's engine.

networkx finds it through two entry points: ``networkx.backends`` names
`pathsum.nx_backend.interface.BackendInterface` (loaded at the first call that
may use it) and ``networkx.backend_info`` names `pathsum.nx_backend.info.get_info`
(called while networkx imports, so it imports nothing but the standard library).

    nx.dag_longest_path_length(G, backend="pathsum")
    nx.config.backend_priority.algos = ["pathsum"]  # every call tries pathsum

See the guide "From networkx" for what it serves and what falls back.
"""

__all__: list[str] = []
