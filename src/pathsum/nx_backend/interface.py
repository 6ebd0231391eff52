"""The object networkx loads for the backend (entry point ``networkx.backends``).

networkx calls `convert_from_nx` on each input graph (and caches what it
returns), asks `can_run` whether the arguments are ones pathsum serves, then
calls the function of the same name. `can_run` looks only at the arguments,
cheaply: whether the graph itself can be served is decided once, in the
conversion, which networkx caches.
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Sequence

from . import functions, simple_paths
from .graph import convert_from_nx, convert_to_nx

__all__ = ["BackendInterface", "can_run", "should_run"]

_MODULES = (functions, simple_paths)
_SIGNATURES = {
    name: inspect.signature(getattr(module, name))
    for module in _MODULES
    for name in module.__all__
}


def _arguments(name: str, args: tuple, kwargs: dict) -> dict | None:
    try:
        bound = _SIGNATURES[name].bind(*args, **kwargs)
    except TypeError:
        return None  # networkx reports the wrong call itself
    bound.apply_defaults()
    return bound.arguments


def can_run(name: str, args: tuple, kwargs: dict) -> bool | str:
    """Whether pathsum serves these arguments; a string says why not."""
    if name not in _SIGNATURES:
        return f"pathsum does not serve {name}"
    arguments = _arguments(name, args, kwargs)
    if arguments is None:
        return "arguments networkx's signature does not take"
    topo_order = arguments.get("topo_order")
    if topo_order is not None and not isinstance(topo_order, Sequence):
        # An iterator read by pathsum would reach networkx spent.
        return "a topo_order that is not a list or tuple"
    cutoff = arguments.get("cutoff")
    if cutoff is not None and (
        isinstance(cutoff, bool) or not isinstance(cutoff, numbers.Real)
    ):
        return "a cutoff that is not a real number"
    if cutoff is not None and cutoff != cutoff:
        return "a cutoff that is NaN (networkx compares nothing with it)"
    if name.startswith("dag_longest_path") and callable(arguments.get("weight")):
        return "a weight function (networkx reads weight as an attribute here)"
    return True


# Served exactly, but no faster: building networkx's graph of the closure is
# the cost, as in networkx's own function.
_NO_FASTER = {"transitive_closure_dag"}


def should_run(name: str, args: tuple, kwargs: dict) -> bool | str:
    """Whether pathsum is worth trying first; networkx runs what is not."""
    if name in _NO_FASTER:
        return "no faster than networkx (the closure's edges are the cost)"
    return True


class BackendInterface:
    """networkx's backend interface: conversions, `can_run`, the functions."""

    convert_from_nx = staticmethod(convert_from_nx)
    convert_to_nx = staticmethod(convert_to_nx)
    can_run = staticmethod(can_run)
    should_run = staticmethod(should_run)


for _module in _MODULES:
    for _name in _module.__all__:
        setattr(BackendInterface, _name, staticmethod(getattr(_module, _name)))
del _module, _name
