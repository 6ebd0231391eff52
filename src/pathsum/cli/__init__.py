"""The ``pathsum`` command: `parser` reads the command line, `commands` carries
it out, and `shared` holds the names both use."""

from .parser import main

__all__ = ["main"]
