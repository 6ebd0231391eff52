"""Functions for `pathsum.trace`: each works on numbers and on traced values.

On a traced value each adds a node to the graph being traced; on a number it
returns the number the operation table gives (exact where the operation keeps
int and Fraction exact). The names are those a program may call.

Examples
--------
>>> import pathsum as ps
>>> from pathsum import math as pm
>>> pm.sqrt(4.0), pm.relu(-3), pm.sigmoid(0)
(2.0, 0, 0.5)
>>> G = ps.trace(lambda x: pm.exp(pm.sin(x)), x=0)
>>> sorted(G.nodes)
['exp(sin(x))', 'sin(x)', 'x']
"""

from __future__ import annotations

from typing import Any

from .programs import apply_function

__all__ = ["abs", "cos", "exp", "log", "relu", "sigmoid", "sin", "sqrt", "tan", "tanh"]


def sin(x: Any) -> Any:
    """sin(x); its derivative is cos(x)."""
    return apply_function("sin", x)


def cos(x: Any) -> Any:
    """cos(x); its derivative is -sin(x)."""
    return apply_function("cos", x)


def tan(x: Any) -> Any:
    """tan(x); its derivative is 1 / cos(x) ** 2."""
    return apply_function("tan", x)


def exp(x: Any) -> Any:
    """exp(x); its derivative is exp(x)."""
    return apply_function("exp", x)


def log(x: Any) -> Any:
    """The natural logarithm, for x > 0; its derivative is 1 / x."""
    return apply_function("log", x)


def sqrt(x: Any) -> Any:
    """The square root, for x >= 0; its derivative is 1 / (2 * sqrt(x)), for x > 0."""
    return apply_function("sqrt", x)


def tanh(x: Any) -> Any:
    """tanh(x); its derivative is 1 - tanh(x) ** 2."""
    return apply_function("tanh", x)


def sigmoid(x: Any) -> Any:
    """1 / (1 + exp(-x)); its derivative is sigmoid(x) * (1 - sigmoid(x))."""
    return apply_function("sigmoid", x)


def relu(x: Any) -> Any:
    """max(x, 0); its derivative is step(x): 1 for x > 0, else 0."""
    return apply_function("relu", x)


def abs(x: Any) -> Any:  # the name programs use, as the builtin
    """The absolute value; its derivative is sign(x) (0 at x = 0)."""
    return apply_function("abs", x)
