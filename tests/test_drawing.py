import copy
import inspect
import operator
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import warnings
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pydot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pathsum as ps
from pathsum.drawing import format_value
from pathsum.examples import colah, factoring
from pathsum.strategies import dags

SVG = "{http://www.w3.org/2000/svg}"

# Every renderer CI has: system Graphviz (.ci/run installs it) and graphviz-pure
# (a test dependency). Locally, system dot is used only where it is installed.
RENDERERS = ["graphviz-pure"]
if shutil.which("dot") or os.environ.get("CI"):
    RENDERERS.append("dot")


@pytest.fixture(params=RENDERERS)
def renderer(request):
    found = shutil.which(request.param) or shutil.which(
        request.param, path=sysconfig.get_path("scripts")
    )
    assert found, f"{request.param} is not installed"
    return found


@pytest.fixture
def no_renderer(monkeypatch, tmp_path):
    """Nothing to render with: PATH emptied, no PATHSUM_DOT, no graphviz-pure."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("PATHSUM_DOT", raising=False)
    monkeypatch.setattr(sysconfig, "get_path", lambda name: str(tmp_path))


def svg_texts(svg: bytes):
    root = ET.fromstring(svg)
    nodes = root.findall(f".//{SVG}g[@class='node']")
    edges = root.findall(f".//{SVG}g[@class='edge']")
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    return nodes, edges, texts


def parse_dot(text: str) -> list:
    """pydot's reading of DOT text, without the pyparsing deprecation warnings
    its parser raises when it is built."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="pydot|pyparsing")
        return pydot.graph_from_dot_data(text)


ODD_NAMES = [
    "a:b",
    "node",
    "edge",
    "graph",
    "strict",
    "subgraph",
    'say "hi"',
    "back\\slash",
    "\\N",
    "<html>",
    "<b>bold</b>",
    "a & b",
    "ünïcødé ∂e/∂b",
    "",
    "x;y{z}",
]


def odd_graph():
    G = nx.DiGraph()
    nx.add_path(G, ODD_NAMES)
    return G


def test_dot_uses_synthetic_ids_and_escaped_labels():
    dot = ps.to_dot(odd_graph())
    (parsed,) = parse_dot(dot)
    nodes = {
        n.get_name(): n.get("label")
        for n in parsed.get_nodes()
        if n.get_name() not in ("node", "edge", "graph")
    }
    assert sorted(nodes) == sorted(f"n{i}" for i in range(len(ODD_NAMES)))
    assert nodes["n6"] == '"say \\"hi\\""'
    assert nodes["n7"] == '"back\\\\slash"'
    assert len(parsed.get_edges()) == len(ODD_NAMES) - 1


def test_every_name_renders_faithfully(renderer):
    svg = ps.render(odd_graph(), "svg", executable=renderer)
    nodes, edges, texts = svg_texts(svg)
    assert len(nodes) == len(ODD_NAMES) and len(edges) == len(ODD_NAMES) - 1
    for name in ODD_NAMES:
        if name:
            assert name in texts, name


def test_seed_graph_labels_render(renderer):
    svg = ps.render(colah(), "svg", executable=renderer, rankdir="BT")
    nodes, edges, texts = svg_texts(svg)
    assert (len(nodes), len(edges)) == (5, 5)
    for label in ["∂e/∂c = d = 2", "∂e/∂d = c = 3", "∂c/∂a = 1", "= 6", "e = c * d"]:
        assert label in texts


def test_overlay_values_and_caption(renderer):
    G = colah()
    dot = ps.to_dot(G, values=ps.reverse_path_sums(G, "e"), values_caption="∂e/∂node")
    assert '<FONT COLOR="#1f77b4"><B>5</B></FONT>' in dot
    svg = ps.render(dot, executable=renderer)
    _, _, texts = svg_texts(svg)
    assert "∂e/∂node" in texts
    assert sorted(t for t in texts if t in {"1", "2", "3", "5"}) == [
        "1",
        "2",
        "2",
        "3",
        "5",
    ]


def test_overlay_escapes_names_in_html_labels(renderer):
    G = odd_graph()
    svg = ps.render(G, executable=renderer, values=dict.fromkeys(G, Fraction(3, 4)))
    _, _, texts = svg_texts(svg)
    assert texts.count("3/4") == len(ODD_NAMES)
    for name in ODD_NAMES:
        if name:
            assert name in texts, name


def test_highlight_emphasises_the_path_and_mutes_the_rest():
    G = colah()
    (parsed,) = parse_dot(ps.to_dot(G, highlight=[("b", "d"), ("d", "e")]))
    colours = {
        (e.get_source(), e.get_destination()): e.get("color")
        for e in parsed.get_edges()
    }
    assert colours[("n1", "n3")] == colours[("n3", "n4")] == '"#d62728"'
    assert colours[("n0", "n2")] == '"#b0b0b0"'


def test_highlight_on_a_multigraph_by_key_or_by_pair():
    G = factoring()
    one = ps.to_pydot(G, highlight=[("X", "Y", 1)])
    assert [e.get("color") for e in one.get_edges()].count("#d62728") == 1
    all_three = ps.to_pydot(G, highlight=[("X", "Y")])
    assert [e.get("color") for e in all_three.get_edges()].count("#d62728") == 3
    with pytest.raises(nx.NetworkXError, match="highlighted edge"):
        ps.to_pydot(G, highlight=[("Z", "X")])


def test_parallel_edges_stay_separate(renderer):
    svg = ps.render(factoring(), executable=renderer, weight="label")
    _, edges, texts = svg_texts(svg)
    assert len(edges) == 6
    assert all(symbol in texts for symbol in "αβγδεζ")


def test_path_panels_draw_one_panel_per_path(renderer):
    dot = ps.path_panels(factoring(), "X", "Z", weight="label", semiring=ps.POLYNOMIAL)
    svg = ps.render(dot, executable=renderer)
    root = ET.fromstring(svg)
    clusters = root.findall(f".//{SVG}g[@class='cluster']")
    assert len(clusters) == 9
    _, _, texts = svg_texts(svg)
    for i, (x, y) in enumerate((x, y) for x in "αβγ" for y in "δεζ"):
        assert f"path {i + 1} of 9: {x}·{y}" in texts


def test_path_panels_refuse_too_many_paths():
    G = nx.MultiDiGraph([(0, 1)] * 5 + [(1, 2)] * 5)
    with pytest.raises(ps.TooManyPathsError, match="there are 25 paths"):
        ps.path_panels(G, 0, 2, max_paths=16)


def test_labels_are_formatted_compactly():
    assert [
        format_value(v) for v in (Fraction(3, 4), Fraction(4, 2), 0.1 + 0.2, 2.0)
    ] == [
        "3/4",
        "2",
        "0.3",
        "2",
    ]
    G = nx.DiGraph()
    G.add_edge("x", "y", weight=0.1 + 0.2)
    assert 'label="0.3"' in ps.to_dot(G)


def test_label_callables_and_title_and_rankdir():
    G = colah()
    dot = ps.to_dot(
        G,
        node_label=lambda node, data: f"[{node}]",
        edge_label=lambda u, v, data: f"{u}{v}",
        title="custom",
        rankdir="TB",
    )
    assert 'label="[e]"' in dot and 'label="ce"' in dot and 'label="custom"' in dot
    assert "rankdir=TB" in dot
    with pytest.raises(ValueError, match="rankdir='up'"):
        ps.to_dot(G, rankdir="up")


def test_draw_chooses_the_format_by_suffix(tmp_path, renderer):
    G = colah()
    for suffix in (".dot", ".gv", ".svg", ".png"):
        path = ps.draw(G, tmp_path / f"colah{suffix}", executable=renderer)
        assert path.stat().st_size > 0
        assert stat.S_IMODE(path.stat().st_mode) & 0o044  # readable like open() makes
    assert (tmp_path / "colah.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "colah.svg").read_bytes().lstrip().startswith(b"<?xml")
    with pytest.raises(ValueError, match="cannot tell the format"):
        ps.draw(G, tmp_path / "colah.jpeg")


def test_pdf_with_system_graphviz(tmp_path):
    dot = shutil.which("dot")
    assert dot or not os.environ.get("CI"), "CI installs Graphviz"
    if dot:
        path = ps.draw(colah(), tmp_path / "colah.pdf", executable=dot)
        assert path.read_bytes().startswith(b"%PDF")


def test_missing_renderer_raises_graphviz_not_found(no_renderer, tmp_path):
    with pytest.raises(ps.GraphvizNotFound) as info:
        ps.draw(colah(), tmp_path / "colah.svg")
    message = str(info.value)
    assert "'dot' on PATH" in message and "graphviz-pure" in message
    assert "apt-get install graphviz" in message and "to_dot()" in message
    assert list(tmp_path.iterdir()) == []
    # Export still works without any renderer.
    assert (
        ps.draw(colah(), tmp_path / "colah.dot")
        .read_text(encoding="utf-8")
        .startswith("digraph")
    )
    assert set(ps.diagram(colah())._repr_mimebundle_()) == {"text/plain"}


def test_explicit_or_environment_renderer_that_does_not_exist(monkeypatch, tmp_path):
    with pytest.raises(ps.GraphvizNotFound, match="executable="):
        ps.render(colah(), executable=tmp_path / "no-dot")
    monkeypatch.setenv("PATHSUM_DOT", str(tmp_path / "no-dot"))
    with pytest.raises(ps.GraphvizNotFound, match="PATHSUM_DOT="):
        ps.render(colah())


def test_environment_variable_chooses_the_renderer(monkeypatch, renderer):
    monkeypatch.setenv("PATHSUM_DOT", renderer)
    assert b"<svg" in ps.render(colah())


def test_broken_dot_raises_with_graphvizs_stderr(renderer):
    with pytest.raises(ps.RenderError) as info:
        ps.render("digraph { a -> }", executable=renderer)
    assert "syntax error" in info.value.stderr
    assert "syntax error" in str(info.value)


def test_failed_render_leaves_no_partial_file(tmp_path):
    fake = tmp_path / "fake-dot"
    fake.write_text("#!/bin/sh\nprintf 'half a picture'\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ps.RenderError, match="exit code 3") as info:
        ps.draw(colah(), out / "colah.svg", executable=fake)
    assert info.value.stderr.strip() == "broken"
    assert list(out.iterdir()) == []


def test_diagram_shows_svg_in_jupyter(renderer):
    shown = ps.diagram(colah(), executable=renderer, rankdir="BT")
    bundle = shown._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
    assert bundle["text/plain"].startswith("digraph")
    assert shown._repr_svg_() == bundle["image/svg+xml"]
    assert repr(shown) == "<Diagram: 5 nodes, 5 edges>"


def test_mermaid_escapes_and_styles():
    G = odd_graph()
    text = ps.to_mermaid(
        G, highlight=[(ODD_NAMES[0], ODD_NAMES[1])], values={"node": 2}
    )
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  n6["say #quot;hi#quot;"]' in lines
    assert '  n9["#lt;html#gt;"]' in lines
    assert '  n1["node<br/>[2]"]' in lines
    assert "  linkStyle 0 stroke:#d62728,stroke-width:3px,color:#d62728" in lines
    assert (
        sum(line.startswith("  n") and "-->" in line for line in lines)
        == len(ODD_NAMES) - 1
    )


def test_mermaid_keeps_parallel_edges_and_titles():
    text = ps.to_mermaid(factoring(), weight="label", title="factoring")
    assert text.count("-->") == 6
    assert "title: 'factoring'" in text


def test_drawing_never_mutates_the_graph(tmp_path):
    G = colah()
    before = copy.deepcopy(G)
    ps.to_dot(G, values={"e": 1}, highlight=[("c", "e")])
    ps.to_mermaid(G)
    ps.path_panels(G, "b", "e")
    assert nx.utils.graphs_equal(G, before)


def test_undirected_graphs_are_refused():
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.to_pydot(nx.Graph([(0, 1)]))
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.to_mermaid(nx.Graph([(0, 1)]))


def test_the_readme_figures_are_one_call_each(tmp_path, monkeypatch):
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- figures -->\n```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    figures = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(figures) == [
        "colah.svg",
        "forward.svg",
        "nine-paths.svg",
        "reverse.svg",
    ]
    _, _, texts = svg_texts(figures["reverse.svg"])
    assert "∂e/∂node by reverse accumulation" in texts and "5" in texts
    root = ET.fromstring(figures["nine-paths.svg"])
    assert len(root.findall(f".//{SVG}g[@class='cluster']")) == 9


def test_a_hanging_renderer_is_stopped(tmp_path):
    slow = hanging_renderer(tmp_path)
    with pytest.raises(ps.RenderError, match=r"did not finish within 0\.5 s"):
        ps.draw(colah(), tmp_path / "colah.svg", executable=slow, timeout=0.5)
    assert not (tmp_path / "colah.svg").exists()


def test_mermaid_title_is_yaml_that_reads_no_escapes():
    text = ps.to_mermaid(colah(), title=r"C:\temp\q 'quoted'")
    assert text.splitlines()[1] == r"title: 'C:\temp\q ''quoted'''"


def test_the_readme_picture_is_what_pathsum_draws_now(renderer):
    # The README shows docs/images/seed.svg; it must not drift from the code.
    checked_in = Path(__file__).parents[1] / "docs" / "images" / "seed.svg"
    G = colah()
    fresh = ps.render(
        G,
        "svg",
        executable=renderer,
        rankdir="BT",
        values=ps.reverse_path_sums(G, "e"),
        values_caption="∂e/∂node by reverse accumulation",
    )
    assert sorted(svg_texts(fresh)[2]) == sorted(svg_texts(checked_in.read_bytes())[2])
    assert "docs/images/seed.svg" in (checked_in.parents[2] / "README.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("rankdir", ["LR", "RL", "TB", "BT"])
def test_path_panels_read_row_by_row_from_the_top_left(rankdir):
    # Panel titles "path k of 9" must sit in a 3×3 grid in reading order,
    # whichever way the ranks run.
    dot = ps.path_panels(
        factoring(), "X", "Z", weight="label", semiring=ps.POLYNOMIAL, rankdir=rankdir
    )
    root = ET.fromstring(ps.render(dot, "svg", executable=shutil.which("dot")))
    where = {}
    for text in root.iter(f"{SVG}text"):
        words = "".join(text.itertext()).split()
        if words[:1] == ["path"]:
            where[int(words[1])] = (float(text.get("y")), float(text.get("x")))
    assert sorted(where) == list(range(1, 10))
    rows = [sorted(where[k][0] for k in range(r, r + 3)) for r in (1, 4, 7)]
    assert max(rows[0]) < min(rows[1]) and max(rows[1]) < min(rows[2])
    for r in (1, 4, 7):
        assert where[r][1] < where[r + 1][1] < where[r + 2][1]


# --- hostile names and values ------------------------------------------------------

HOSTILE = st.one_of(
    st.characters(exclude_categories=()),  # every code point, lone surrogates too
    st.sampled_from("\"\\[]{}<>&;:`#|*_'\x00\x1b\t\r\n\x7f\x85\ud800\udfff\ufffe"),
)
HOSTILE_TEXT = st.one_of(
    st.text(HOSTILE, max_size=12),
    # Past dot's 16,384-byte limit on a quoted string.
    st.builds(operator.mul, st.text(HOSTILE, min_size=1, max_size=3), st.just(6000)),
)


@st.composite
def hostile_graphs(draw):
    """A small DAG whose names, values, labels and title are hostile text."""
    G = draw(dags(min_nodes=1, max_nodes=4))
    names = draw(st.lists(HOSTILE_TEXT, min_size=len(G), max_size=len(G), unique=True))
    H = nx.relabel_nodes(G, dict(zip(G, names, strict=True)))
    for node in H:
        H.nodes[node]["value"] = draw(HOSTILE_TEXT)
    for u, v in H.edges:
        H.edges[u, v]["label"] = draw(HOSTILE_TEXT)
    values = dict(zip(H, draw(st.lists(HOSTILE_TEXT, max_size=len(H))), strict=False))
    edges = list(H.edges)
    on_edges = draw(st.lists(HOSTILE_TEXT, max_size=len(edges)))
    options = {"values": values, "title": draw(HOSTILE_TEXT), "weight": "label"}
    return H, {**options, "edge_values": dict(zip(edges, on_edges, strict=False))}


def well_formed_svg(dot_text: str, program: str) -> ET.Element:
    result = subprocess.run(
        [program, "-Tsvg"],
        input=dot_text.encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return ET.fromstring(result.stdout)


@pytest.mark.parametrize("program", RENDERERS)
@settings(max_examples=60)
@given(drawn=hostile_graphs())
def test_hostile_names_give_dot_that_renders_as_well_formed_svg(program, drawn):
    G, options = drawn
    found = shutil.which(program) or shutil.which(
        program, path=sysconfig.get_path("scripts")
    )
    root = well_formed_svg(ps.to_dot(G, **options), found)
    assert len(root.findall(f".//{SVG}g[@class='node']")) == len(G)
    assert len(root.findall(f".//{SVG}g[@class='edge']")) == G.number_of_edges()


MERMAID_LINE = re.compile(
    r'  n\d+\["[^"`]*"\]'  # a node and its quoted label
    r'|  n\d+ -->(\|"[^"`|]*"\|)? n\d+'  # an edge, maybe labelled
    r"|  (linkStyle|style) [^\n]*"
)


@given(drawn=hostile_graphs())
def test_hostile_names_give_mermaid_that_keeps_to_its_grammar(drawn):
    G, options = drawn
    lines = ps.to_mermaid(G, **options).split("\n")
    if options["title"]:
        assert lines[0] == lines[2] == "---"
        # YAML: a single-quoted scalar, no control characters or line breaks.
        title = r"title: '([^'\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]|'')*'"
        assert re.fullmatch(title, lines[1]), lines[1]
        lines = lines[3:]
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:
        assert MERMAID_LINE.fullmatch(line), line
        assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", line)
    assert sum("-->" in line for line in lines) == G.number_of_edges()


def test_a_name_past_dots_string_limit_is_cut_with_the_whole_name_in_a_tooltip(
    renderer,
):
    name = "x" * 20_000
    root = well_formed_svg(ps.to_dot(nx.DiGraph([(name, "b")])), renderer)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "x" * 59 + "…" in texts and "b" in texts
    tooltips = [a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter()]
    assert name in tooltips


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("esc\x1b[1m", "esc␛[1m"),
        ("nul\x00", "nul␀"),
        ("tab\t", "tab␉"),
        ("c1\x85", "c1\\x85"),
        ("lone\ud800", "lone\\ud800"),
    ],
)
def test_control_characters_and_lone_surrogates_draw_visibly(
    tmp_path, renderer, name, shown
):
    path = ps.draw(nx.DiGraph([(name, "b")]), tmp_path / "g.svg", executable=renderer)
    _, _, texts = svg_texts(path.read_bytes())
    assert shown in texts


@pytest.mark.parametrize("value", ["", "\t", "]", "\x1b", "a]"])
def test_any_overlay_value_makes_a_valid_html_label(renderer, value):
    G = nx.DiGraph([("a", "b")])
    root = well_formed_svg(ps.to_dot(G, values={"a": value}), renderer)
    assert len(root.findall(f".//{SVG}g[@class='node']")) == 2


def test_label_callables_may_return_any_value():
    G = nx.DiGraph([("a", "b")])
    dot = ps.to_dot(G, node_label=lambda node, data: 7, edge_label=lambda *e: 0.5)
    assert 'label="7"' in dot and 'label="0.5"' in dot


def test_mermaid_backticks_and_pipes_are_entity_codes_not_markdown():
    text = ps.to_mermaid(nx.DiGraph([("`x`", "b")]), edge_label=lambda *e: "a|b")
    assert '  n0["#96;x#96;"]' in text.splitlines()
    assert '  n0 -->|"a#124;b"| n1' in text.splitlines()


def test_mermaid_title_with_control_characters_stays_one_yaml_line():
    lines = ps.to_mermaid(colah(), title="t\x1b[0m\x00\nnext").splitlines()
    assert lines[:4] == ["---", "title: 't␛[0m␀ next'", "---", "flowchart LR"]


def hanging_renderer(folder: Path) -> Path:
    slow = folder / "slow-dot"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    return slow


def test_a_notebook_shows_the_dot_text_when_the_renderer_hangs(tmp_path):
    slow = hanging_renderer(tmp_path)
    shown = ps.diagram(colah(), executable=slow, notebook_timeout=0.5)
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    lines = bundle["text/plain"].splitlines()
    assert lines[0] == "// Not rendered:"
    assert "did not finish within 0.5 s" in lines[1] and lines[1].startswith("// ")
    assert "\n".join(lines[2:]) == shown.dot.to_string().rstrip("\n")
    assert shown._repr_svg_() is None
    # A notebook never waits long by default; an explicit svg() call can.
    assert ps.diagram(colah()).notebook_timeout <= 10


def test_a_notebook_shows_the_dot_text_when_the_renderer_fails(tmp_path):
    fake = tmp_path / "fake-dot"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    bundle = ps.diagram(colah(), executable=fake)._repr_mimebundle_()
    assert set(bundle) == {"text/plain"} and "// broken" in bundle["text/plain"]


# --- edge label styles and readable drawings of programs --------------------------

NETWORK = """\
h1 = tanh(w1 * x1 + w2 * x2 + 0.1)
h2 = tanh(w3 * x1 + w4 * x2 - 0.2)
y = v1 * h1 + v2 * h2
loss = (y - 1) ** 2"""


def network():
    """A two-layer tanh network and its squared loss: 23 nodes."""
    inputs = {"x1": 0.5, "x2": -1.0, "w1": 0.3, "w2": -0.8, "w3": 1.2, "w4": 0.5}
    return ps.program_graph(NETWORK, v1=0.7, v2=-1.5, **inputs)


def edge_labels_of(dot: str) -> list[str]:
    (parsed,) = parse_dot(dot)
    return [(e.get("label") or '""').strip('"') for e in parsed.get_edges()]


def test_a_networks_edges_are_labelled_short_by_default():
    G = network()
    labels = edge_labels_of(ps.to_dot(G))
    assert len(labels) == G.number_of_edges()
    # Name or value only: no sub-expression is written out again on an edge.
    assert all(len(label) <= 16 and "∂" not in label for label in labels), labels
    assert labels.count("w1 = 0.3") == 1 and labels.count("1") == 9
    assert edge_labels_of(ps.to_dot(G)) == edge_labels_of(
        ps.to_dot(G, edge_labels="short")
    )


def test_edge_label_styles():
    G = colah()
    styles = {
        style: sorted(edge_labels_of(ps.to_dot(G, edge_labels=style)))
        for style in ("auto", "partial", "short", "value", "none")
    }
    assert styles["auto"] == styles["partial"]  # short partials: written out
    assert "∂e/∂c = d = 2" in styles["partial"]
    assert styles["short"] == ["1", "1", "1", "c = 3", "d = 2"]
    assert styles["value"] == ["1", "1", "1", "2", "3"]
    assert styles["none"] == [""] * 5
    F = factoring()
    assert sorted(edge_labels_of(ps.to_dot(F, weight=None, edge_labels="short"))) == [
        *"αβγδεζ"
    ]
    text = ps.to_mermaid(G, edge_labels="value")
    assert '  n2 -->|"2"| n4' in text.splitlines()


def test_edge_label_styles_are_checked():
    with pytest.raises(ValueError, match="edge_labels='long' is not one of"):
        ps.to_dot(colah(), edge_labels="long")
    with pytest.raises(ValueError, match="cannot go with edge_labels='value'"):
        ps.to_dot(colah(), edge_labels="value", edge_label=lambda *e: "x")


def test_path_panels_give_a_diagram_that_a_notebook_shows(
    tmp_path, monkeypatch, renderer
):
    monkeypatch.setenv("PATHSUM_DOT", renderer)
    panels = ps.path_panels(factoring(), "X", "Z", weight=None)
    assert isinstance(panels, ps.Diagram)
    clusters = f".//{SVG}g[@class='cluster']"
    svg = panels._repr_mimebundle_()["image/svg+xml"]
    assert len(ET.fromstring(svg).findall(clusters)) == 9
    saved = ps.draw(panels, tmp_path / "panels.svg")
    assert len(ET.fromstring(saved.read_bytes()).findall(clusters)) == 9
    assert ps.diagram(panels).dot is panels.dot
    with pytest.raises(TypeError, match="apply only to a NetworkX graph"):
        ps.diagram(panels, rankdir="TB")
    with pytest.raises(TypeError, match="cannot draw a list"):
        ps.draw([("a", "b")], tmp_path / "list.svg")


def test_the_drawing_guide_states_the_real_default_rankdir():
    guide = Path(__file__).parents[1] / "docs" / "guides" / "drawing.md"
    section = guide.read_text(encoding="utf-8").split("## `rankdir`", 1)[1]
    section = section.split("\n## ", 1)[0]
    default = inspect.signature(ps.to_pydot).parameters["rankdir"].default
    assert f'`"{default}"` (the default' in section
    shown = re.findall(r'rankdir="(\w+)"', section)
    assert shown and default not in shown  # the example shows another picture


# --- values on edges ---------------------------------------------------------------


def edge_marginals_by_hand(G, source, target):
    """forward(source -> u) · w(e) · reverse(v -> target), for every edge."""
    forward = ps.forward_path_sums(G, source)
    reverse = ps.reverse_path_sums(G, target)
    return {
        (u, v, key): forward[u] * data["weight"] * reverse[v]
        for u, v, key, data in G.edges(keys=True, data=True)
        if u in forward and v in reverse
    }


def edge_attributes(dot: pydot.Dot) -> dict[tuple, dict]:
    """Edge attributes by (tail id, head id, label)."""
    return {
        (e.get_source(), e.get_destination(), e.get("label")): e.get_attributes()
        for e in dot.get_edges()
    }


def test_edge_values_show_where_the_paths_go(renderer):
    G = factoring()
    G.add_edge("X", "W", label="η", weight=5)  # on no X -> Z path
    marginals = edge_marginals_by_hand(G, "X", "Z")
    assert sorted(marginals.values()) == [6, 6, 12, 12, 18, 18]
    assert sum(marginals[("X", "Y", k)] for k in range(3)) == ps.path_sum(G, "X", "Z")
    dot = ps.to_pydot(G, weight="label", edge_values=marginals)
    pens = {
        label: (attributes.get("penwidth"), attributes.get("style"))
        for (_, _, label), attributes in edge_attributes(dot).items()
    }
    blue = '<FONT COLOR="#1f77b4"><B>{}</B></FONT>'
    assert pens[f"<α<BR/>{blue.format(6)}>"] == ("2.67", None)
    assert pens[f"<ε<BR/>{blue.format(12)}>"] == ("4.33", None)
    assert pens[f"<ζ<BR/>{blue.format(18)}>"] == ("6", None)
    assert pens['"η"'] == ("0.6", "dashed")
    _, edges, texts = svg_texts(ps.render(dot, executable=renderer))
    assert len(edges) == 7
    assert sorted(t for t in texts if t.isdigit()) == ["12", "12", "18", "18", "6", "6"]
    mermaid = ps.to_mermaid(G, weight="label", edge_values=marginals).splitlines()
    assert '  n1 -->|"ζ<br/>[18]"| n2' in mermaid and '  n0 -->|"η"| n3' in mermaid


@given(G=dags(max_nodes=6), data=st.data())
def test_pen_widths_grow_with_the_absolute_value(G, data):
    values = {
        edge: data.draw(st.integers(-5, 5) | st.fractions(-5, 5, max_denominator=10))
        for edge in G.edges
    }
    widths = {}
    for (tail, head, _), attributes in edge_attributes(
        ps.to_pydot(G, edge_values=values, edge_labels="none")
    ).items():
        edge = (int(tail[1:]), int(head[1:]))
        widths[list(G)[edge[0]], list(G)[edge[1]]] = attributes
    assert widths.keys() == values.keys()
    for edge, value in values.items():
        width = float(widths[edge]["penwidth"])
        assert (widths[edge].get("style") == "dashed") == (value == 0)
        assert 0.6 <= width <= 6 and (width == 6) == (
            value != 0 and abs(value) == max(map(abs, values.values()))
        )
        for other, other_value in values.items():
            if abs(value) <= abs(other_value):  # widths are rounded to 3 digits
                assert width <= float(widths[other]["penwidth"])


def test_edge_values_keys_are_checked():
    G = factoring()
    with pytest.raises(ValueError, match=r"stands for 3 parallel edges: give each"):
        ps.to_pydot(G, edge_values={("X", "Y"): 1})
    with pytest.raises(nx.NetworkXError, match=r"key \('Z', 'X', 0\) is not an edge"):
        ps.to_pydot(G, edge_values={("Z", "X", 0): 1})
    with pytest.raises(nx.NetworkXError, match="key 'XY' is not an edge: use"):
        ps.to_mermaid(G, edge_values={"XY": 1})
    with pytest.raises(ValueError, match=r"gives edge \('a', 'b', 0\) twice"):
        both = {("a", "b"): 1, ("a", "b", 0): 2}
        ps.to_dot(nx.MultiDiGraph([("a", "b")]), edge_values=both)
    with pytest.raises(nx.NetworkXError, match="is not an edge: use"):
        ps.to_dot(nx.DiGraph([("a", "b")]), edge_values={("a", "b", 0): 1})


def test_symbolic_edge_values_are_labels_with_the_default_pen():
    G = factoring()
    symbols = ps.reverse_path_sums(G, "Z", weight="label", semiring=ps.POLYNOMIAL)
    values = {(u, v, k): symbols[v] for u, v, k in G.edges(keys=True)}
    attributes = edge_attributes(ps.to_pydot(G, edge_values=values))
    assert all("penwidth" not in a for a in attributes.values())
    assert sum("δ + ε + ζ" in label for _, _, label in attributes) == 3


# --- import cost and warnings ---------------------------------------------------


def run_python(code: str, *flags: str) -> subprocess.CompletedProcess:
    source = str(Path(__file__).parents[1] / "src")
    path = os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, *flags, "-c", code],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_pathsum_does_not_import_pydot():
    result = run_python(
        "import sys, pathsum, pathsum.cli; "
        "assert 'pydot' not in sys.modules, 'pydot imported'; "
        "pathsum.to_dot(pathsum.examples.colah()); assert 'pydot' in sys.modules"
    )
    assert result.returncode == 0, result.stderr


def test_pydots_parser_warnings_do_not_reach_the_user(tmp_path):
    graph = tmp_path / "g.dot"
    graph.write_text("digraph { a -> b [weight=2] }", encoding="utf-8")
    code = (
        "import sys, pathsum as ps, pathsum.cli as cli\n"
        "ps.draw(ps.examples.colah(), sys.argv[1] + '.dot')\n"
        "ps.path_panels(ps.examples.factoring(), 'X', 'Z')\n"
        "sys.argv[1:] = ['sum', sys.argv[1], '--from', 'a', '--to', 'b']\n"
        "sys.exit(cli.main())"
    )
    result = run_python(code.replace("sys.argv[1]", repr(str(graph))), "-W", "error")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1].split()[:2] == ["reverse", "2"]
