"""Names the command's parser and its commands share.

They are named here, not taken from the modules that compute, so that parsing
the command line (and --help) imports no numpy, pydot or program parser.
"""

from __future__ import annotations

__all__ = [
    "DRAW_FAILED",
    "ELIMINATION_ORDERS",
    "JACOBIAN_MODES",
    "MAX_DRAWS",
    "MERMAID_SUFFIXES",
    "SELECTIVE",
    "BadInput",
    "one_line",
]

#: jacobian.MODES.
JACOBIAN_MODES = ("auto", "forward", "reverse", "paths", "markowitz")
ELIMINATION_ORDERS = ("forward", "reverse", "markowitz", "min-fill")
#: sampling.MAX_DRAWS.
MAX_DRAWS = 10_000_000
SELECTIVE = ("min-plus", "max-plus", "max-times")
MERMAID_SUFFIXES = (".mmd", ".mermaid")
DRAW_FAILED = 3  # grad printed its numbers, but --draw could not render


class BadInput(Exception):
    """A problem with what the user gave; its message is one line for stderr."""


def one_line(exc: BaseException) -> str:
    """`exc` as one line for stderr: a file error names its file."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())
