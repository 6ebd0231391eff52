"""A directive that draws a figure with pathsum while the docs build.

    ```{pathsum-figure}
    :caption: The graph of e = (a + b)(b + 1).

    G = ps.examples.colah()
    figure = ps.diagram(G, rankdir="BT")
    ```

The code runs in a namespace shared by the page's figures (``ps`` is pathsum)
and must leave a ``pathsum.Diagram`` in ``figure``. The page shows the code
(unless ``:hide-code:``) and the SVG that Graphviz renders from it, so no
picture is checked in and none can drift from the code. If rendering fails,
the build warns (an error under ``-W``) and the page shows a warning with the
DOT source in place of the picture.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import pathsum

logger = logging.getLogger(__name__)

FOLDER = "_generated"


class PathsumFigure(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict] = {
        "caption": directives.unchanged,
        "alt": directives.unchanged,
        "hide-code": directives.flag,
        "width": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        namespace = self.env.temp_data.setdefault(
            "pathsum_namespace", {"ps": pathsum, "pathsum": pathsum}
        )
        where = f"{self.env.docname}:{self.lineno}"
        exec(compile(code, f"<pathsum-figure {where}>", "exec"), namespace)
        figure = namespace.pop("figure", None)
        if not isinstance(figure, pathsum.Diagram):
            raise self.error(f"{where}: the code must set `figure` to a Diagram")
        shown: list[nodes.Node] = []
        if "hide-code" not in self.options:
            block = nodes.literal_block(code, code)
            block["language"] = "python"
            shown.append(block)
        try:
            svg = figure.svg()
        except (pathsum.GraphvizNotFound, pathsum.RenderError) as exc:
            location = self.get_location()
            logger.warning(f"pathsum-figure not rendered: {exc}", location=location)
            warning = nodes.warning()
            warning += nodes.paragraph(text=f"This figure could not be rendered: {exc}")
            dot = figure.dot.to_string()
            warning += nodes.literal_block(dot, dot)
            return [*shown, warning]
        name = hashlib.sha256(svg.encode()).hexdigest()[:16] + ".svg"
        folder = Path(self.env.srcdir) / FOLDER
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(svg, encoding="utf-8")
        image = nodes.image(uri=f"/{FOLDER}/{name}", alt=self.options.get("alt", ""))
        if "width" in self.options:
            image["width"] = self.options["width"]
        container = nodes.figure()
        container += image
        if "caption" in self.options:
            container += nodes.caption(text=self.options["caption"])
        return [*shown, container]


def setup(app):
    app.add_directive("pathsum-figure", PathsumFigure)
    return {"version": pathsum.__version__, "parallel_read_safe": True}
