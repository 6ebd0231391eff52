"""Names and limits that the library and the command line share.

This module imports nothing, so the command line can build its parser (and
answer ``--help``) without loading networkx or anything that computes.
"""

__all__: list[str] = []

METHODS = ("paths", "forward", "reverse")
"""The three ways to compute a path sum."""

MAX_PATHS = 10**6
"""How many paths an enumeration that the caller did not bound may produce."""

GRAPH_SUFFIXES = (".dot", ".gv", ".graphml", ".json", ".edgelist", ".csv")
"""The graph files pathsum reads, by suffix."""
