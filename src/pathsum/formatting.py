"""Text of values and names, as pictures, tables and messages show them.

The ground floor under drawing, `explain` and the command: nothing here knows
about graphs or renderers.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "count",
    "fitted_table",
    "format_value",
    "operand_text",
    "printable",
    "shorten",
    "table",
]

#: The narrowest a wrapped column of `fitted_table` gets, in characters.
MIN_COLUMN = 12

# Control pictures (U+2400 block) stand for the C0 controls and DEL, so that a
# name holding ESC or NUL still reads as written. Characters with no picture
# (C1 controls, lone surrogates, U+FFFE/U+FFFF, none of which XML or YAML can
# carry) are written as Python escapes.
_STAND_INS = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x0A}
_STAND_INS[0x7F] = "\u2421"
_STAND_INS.update((code, f"\\x{code:02x}") for code in range(0x80, 0xA0))
_STAND_INS.update((code, f"\\u{code:04x}") for code in range(0xD800, 0xE000))
_STAND_INS.update((code, f"\\u{code:04x}") for code in (0xFFFE, 0xFFFF))


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and `noun`, in the plural unless the number is one.

    Examples
    --------
    >>> from pathsum.formatting import count
    >>> count(1, "addition"), count(12000, "addition"), count(2, "pass", "passes")
    ('1 addition', '12,000 additions', '2 passes')
    """
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def format_value(value: Any) -> str:
    """Show a number compactly: ``3/4`` for fractions, 6 significant digits for floats.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from pathsum.formatting import format_value
    >>> [format_value(v) for v in (Fraction(3, 4), 0.1 + 0.2, 2.0, 7, 1e-9, True)]
    ['3/4', '0.3', '2', '7', '1e-09', 'True']
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, int):  # bool included
        return str(value)
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(value)
    if isinstance(value, float):
        return str(value) if math.isinf(value) or math.isnan(value) else f"{value:.6g}"
    if isinstance(value, numbers.Complex):
        return f"{value:.6g}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=6, separator=", ")
    return str(value)


def operand_text(node: Hashable) -> str:
    """A name as it reads after ∂ or as a factor: in parentheses if an expression.

    Examples
    --------
    >>> from pathsum.formatting import operand_text
    >>> [operand_text(n) for n in ("x", "sin(x * x)", "x * x", "sin(x) * 2")]
    ['x', 'sin(x * x)', '(x * x)', '(sin(x) * 2)']
    """
    name = str(node)
    if " " not in name:
        return name
    head, _, rest = name.partition("(")
    if head.isidentifier() and rest.endswith(")"):
        depth = 1
        for char in rest[:-1]:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                break
        else:
            return name
    return f"({name})"


def printable(text: str) -> str:
    """`text` with a visible stand-in for each character a picture cannot carry.

    Newlines stay (``\\r\\n`` becomes ``\\n``). The other C0 controls and DEL
    become their Unicode control pictures (ESC is ␛, NUL is ␀, tab is ␉); C1
    controls, lone surrogates, U+FFFE and U+FFFF become Python escapes such as
    ``\\x85`` and ``\\ud800``. What is left is valid in XML, YAML and UTF-8.

    Examples
    --------
    >>> from pathsum.formatting import printable
    >>> printable("a\\x1b[1mb\\x00\\tc\\r\\nd\\ud800")
    'a␛[1mb␀␉c\\nd\\\\ud800'
    """
    return text.replace("\r\n", "\n").translate(_STAND_INS)


def shorten(text: str, *, width: int = 100, lines: int = 12) -> str:
    """`text` cut to at most `lines` lines of at most `width` characters each.

    A cut line ends in ``…``; if lines were left out, the last line is ``…``.

    Examples
    --------
    >>> from pathsum.formatting import shorten
    >>> shorten("x" * 12 + "\\nshort", width=8)
    'xxxxxxx…\\nshort'
    >>> shorten("1\\n2\\n3\\n4", lines=3)
    '1\\n2\\n…'
    """
    if width < 1 or lines < 2:
        raise ValueError(f"width={width} must be at least 1 and lines={lines} 2")
    kept = text.split("\n", lines)
    if len(kept) > lines:
        kept = [*kept[: lines - 1], "…"]
    return "\n".join(
        line if len(line) <= width else line[: width - 1] + "…" for line in kept
    )


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Text cells as aligned columns, two spaces apart, one line a row.

    >>> print("\\n".join(table(["path", "product"], [["a → b", "2"], ["a", "1"]])))
    path   product
    a → b  2
    a      1
    """
    columns = list(zip(header, *rows, strict=True))
    widths = [max(len(cell) for cell in column) for column in columns]
    lines = []
    for row in zip(*columns, strict=True):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def fitted_table(
    header: list[str], rows: list[list[str]], *, width: int, breaks: dict[int, str]
) -> list[str]:
    """`formatting.table`, with the cells of some columns wrapped so that its
    lines fit in `width` characters.

    `breaks` maps a column to the separator its cells may break at (" → "
    between the nodes of a path). A line that continues a cell starts with the
    separator's symbol, so that it reads as the rest of the cell. A table that
    fits is left as it is. Columns are not cut narrower than `MIN_COLUMN`
    characters, nor a cell inside a piece between two separators, so lines can
    still pass `width` when the other columns are wide or a node name is long.

    Examples
    --------
    >>> rows = [["a → b → c → d → e → f", "1 · 2 · 3 · 4 · 5", "120"]]
    >>> breaks = {0: " → ", 1: " · "}
    >>> for line in fitted_table(["path", "weights", "product"], rows, width=40,
    ...                          breaks=breaks):
    ...     print(line)
    path           weights        product
    a → b → c → d  1 · 2 · 3 · 4  120
    → e → f        · 5
    """
    lines = table(header, rows)
    if max(map(len, lines)) <= width:
        return lines
    natural = [max(map(len, column)) for column in zip(header, *rows, strict=True)]
    fixed = sum(w for i, w in enumerate(natural) if i not in breaks)
    free = width - fixed - 2 * (len(header) - 1)
    # The narrowest wrapped columns first, so that what they leave goes to the
    # wider ones.
    widths = {}
    wrapped = sorted(breaks, key=natural.__getitem__)
    for n, i in enumerate(wrapped):
        share = max(free // (len(wrapped) - n), MIN_COLUMN, len(header[i]))
        widths[i] = min(natural[i], share)
        free -= widths[i]
    lines_of_rows = []
    for row in rows:
        cells = [
            _wrapped(cell, widths[i], breaks[i]) if i in breaks else [cell]
            for i, cell in enumerate(row)
        ]
        height = max(map(len, cells))
        lines_of_rows.extend(
            [cell[k] if k < len(cell) else "" for cell in cells] for k in range(height)
        )
    return table(header, lines_of_rows)


def _wrapped(text: str, width: int, separator: str) -> list[str]:
    """`text` as lines of at most `width` characters, broken at `separator`;
    each line after the first starts with the separator's symbol."""
    pieces = text.split(separator)
    mark = separator.lstrip()
    lines = [pieces[0]]
    for piece in pieces[1:]:
        joined = lines[-1] + separator + piece
        if len(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(mark + piece)
    return lines
