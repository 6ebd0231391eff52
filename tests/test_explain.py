import math
import re
from html.parser import HTMLParser

import networkx as nx
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from pathsum.examples import colah, diamond_chain, factoring
from pathsum.strategies import dags_with_endpoints


def test_colah_report():
    report = str(ps.explain(colah(), "b", "e"))
    assert report.splitlines()[0] == "∂e/∂b = 5, a sum over 2 paths from b to e"
    assert "b → c → e  1 · d   1 · 2    2" in report
    assert "sum of path products: d + c = 5" in report
    assert "reverse    5      1  5  each of the 5 edges that reach e once" in report


def test_factoring_report_groups_parallel_edges():
    explanation = ps.explain(factoring(), "X", "Z")
    assert explanation.count == 9 and len(explanation.paths) == 9
    assert explanation.expanded == "α·δ + α·ε + α·ζ + β·δ + β·ε + β·ζ + γ·δ + γ·ε + γ·ζ"
    assert explanation.factored == "(α + β + γ)·(δ + ε + ζ)"
    assert explanation.values == {"paths": 36, "forward": 36, "reverse": 36}
    # Enumeration pays per path; each dynamic program once per edge.
    assert explanation.operations == {
        "paths": (8, 9),
        "forward": (4, 2),
        "reverse": (4, 2),
    }
    assert explanation.edges == {"forward": 6, "reverse": 6}


def test_only_the_first_paths_are_listed_and_enumeration_is_bounded():
    G = diamond_chain(12)  # 4096 paths
    explanation = ps.explain(G, 0, 12, weight=None, show=3, max_paths=1000)
    assert explanation.count == 2**12 and len(explanation.paths) == 3
    assert "paths" not in explanation.values and explanation.expanded is None
    report = str(explanation)
    assert "… and 4,093 more" in report
    (line,) = [line for line in report.splitlines() if "not run" in line]
    assert line.startswith("paths ")
    assert line.endswith("not run: 4,096 paths are too many to enumerate")
    assert explanation.values == {"forward": 4096, "reverse": 4096}


def test_without_labels_there_are_no_symbolic_sums():
    G = nx.DiGraph([(1, 2), (2, 3)])
    explanation = ps.explain(G, 1, 3, weight=None)
    assert explanation.expanded is None and explanation.factored is None
    assert "labels" not in str(explanation) and "∂3/∂1 = 1" in str(explanation)


def test_labels_can_be_chosen_and_other_semirings_used():
    explanation = ps.explain(
        factoring(), "X", "Z", weight="label", semiring=ps.FREE, labels="label"
    )
    assert str(explanation).startswith("the free path sum from X to Z = ")
    assert explanation.factored == "(α ⊕ β ⊕ γ) ⊗ (δ ⊕ ε ⊕ ζ)"
    assert (
        repr(explanation) == "<Explanation of the free path sum from X to Z: 9 paths>"
    )


def test_expressions_are_parenthesised_where_needed():
    G = ps.program_graph("y = sin(a * a) / (a + 1)", a=1.0)
    explanation = ps.explain(G, "a", "y")
    assert explanation.title == "∂y/∂a"
    assert explanation.expanded == (
        "a·cos(a * a)·(1 / (a + 1)) + a·cos(a * a)·(1 / (a + 1))"
        " + -sin(a * a) / (a + 1) ** 2"
    )
    assert ps.explain(G, "a * a", "y").title == "∂y/∂(a * a)"


def test_bad_arguments():
    with pytest.raises(nx.NodeNotFound, match="source node 'q'"):
        ps.explain(colah(), "q", "e")
    with pytest.raises(TypeError, match="semiring"):
        ps.explain(colah(), "a", "e", semiring="real")
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.explain(nx.Graph([(1, 2)]), 1, 2)
    with pytest.raises(ValueError, match="show=-1 must be a non-negative int"):
        ps.explain(colah(), "a", "e", show=-1)
    G = colah()
    del G.edges["c", "e"]["weight"]
    with pytest.raises(ps.WeightError, match=r"\('c', 'e'\) has no 'weight'"):
        ps.explain(G, "a", "e")
    assert ps.explain(G, "a", "e", default_weight=7).values["reverse"] == 7


@given(dags_with_endpoints(max_nodes=7, weights=st.integers(-3, 3)))
def test_symbolic_sums_evaluate_to_the_path_sum(example):
    G, s, t = example
    explanation = ps.explain(G, s, t, labels="weight")
    value = ps.path_sum(G, s, t)
    assert explanation.values == dict.fromkeys(("paths", "forward", "reverse"), value)
    for text in (explanation.expanded, explanation.factored):
        assert sp.sympify(text.replace("·", "*")) == value


@given(dags_with_endpoints(max_nodes=7))
def test_operation_counts_follow_paths_and_edges(example):
    G, s, t = example
    explanation = ps.explain(G, s, t, weight=None)
    paths = list(ps.all_paths(G, s, t))
    assert explanation.count == len(paths)
    additions, multiplications = explanation.operations["paths"]
    assert additions == max(len(paths) - 1, 0)
    assert multiplications == sum(max(len(p) - 1, 0) for p in paths)
    # On a DiGraph each dynamic program multiplies once per edge it can reach.
    assert explanation.operations["forward"][1] == explanation.edges["forward"]
    assert explanation.operations["reverse"][1] == explanation.edges["reverse"]
    assert explanation.edges["forward"] == G.subgraph(nx.descendants(G, s) | {s}).size()


class MinPlus:
    """An integer whose | is min and & is +: ⊕ and ⊗ with Python's precedence."""

    def __init__(self, value):
        self.value = value

    def __or__(self, other):
        return MinPlus(min(self.value, other.value))

    def __and__(self, other):
        return MinPlus(self.value + other.value)


@given(dags_with_endpoints(max_nodes=7, weights=st.integers(-3, 3)))
def test_min_plus_sums_evaluate_to_the_shortest_path(example):
    G, s, t = example
    explanation = ps.explain(G, s, t, labels="weight", semiring=ps.MIN_PLUS)
    value = explanation.values["reverse"]
    for text in (explanation.expanded, explanation.factored):
        if text == "inf":  # no path: the empty sum is min-plus's zero
            assert value == math.inf
            continue
        python = re.sub(r"-?\d+", lambda m: f"MinPlus({m[0]})", text)
        python = python.replace(" ⊕ ", " | ").replace(" ⊗ ", " & ")
        assert eval(python, {"MinPlus": MinPlus}).value == value, text


def test_symbolic_forms_are_elided_past_a_size_so_explain_stays_linear():
    def report(lines):
        G = ps.program_graph("\n".join(["y = sin(y) + cos(y)"] * lines), y=0.5)
        return ps.explain(G, "y#1", "y")

    explanation = report(60)  # 2**60 paths; the factored text would double 60 times
    assert explanation.count == 2**60
    assert explanation.factored is None and explanation.expanded is None
    assert explanation.elided == {"factored": ps.explain.__kwdefaults__["max_text"]}
    text = str(explanation)
    assert (
        "factored, as reverse accumulation builds it: not shown, longer than "
        "10,000 characters (see max_text)"
    ) in text
    assert len(text) < 50_000
    # Twice the lines, at most about twice the report.
    assert len(text) <= 2.2 * len(str(report(30)))


def test_the_text_limit_can_be_raised_and_applies_to_both_forms():
    G = diamond_chain(6)  # 64 paths
    nx.set_edge_attributes(G, "w", "label")
    small = ps.explain(G, 0, 6, weight=None, labels="label", max_text=100)
    assert small.elided == {"expanded": 100, "factored": 100}
    assert small.expanded is None and small.factored is None
    large = ps.explain(G, 0, 6, weight=None, labels="label", max_text=10**6)
    assert large.elided == {}
    assert large.expanded.count("+") == 63 and len(large.expanded) > 100
    assert large.factored is not None and len(large.factored) > 100
    with pytest.raises(ValueError, match="max_text=-1 must be a non-negative int"):
        ps.explain(G, 0, 6, weight=None, max_text=-1)


class _Tags(HTMLParser):
    """The start tags of an HTML text, and the text of each table cell."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.cells, self.cell = [], [], None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cells.append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_the_notebook_view_is_html_with_every_text_escaped(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the plain report's paths on one line
    hostile = ["<script>alert(1)</script>", 'a&b"c', "</td></table><b>x"]
    G = nx.MultiDiGraph()
    G.add_edge(hostile[0], hostile[1], weight=2, label="<i>w</i>")
    G.add_edge(hostile[1], hostile[2], weight=3, label="&amp;")
    G.add_edge(hostile[0], hostile[2], weight=1, label="]]>")
    explanation = ps.explain(G, hostile[0], hostile[2])
    page = explanation._repr_html_()
    parsed = _Tags(page)
    allowed = {"div", "p", "strong", "table", "thead", "tbody", "tr", "th", "td"}
    assert set(parsed.tags) <= allowed and parsed.tags.count("table") == 2
    assert "<script>" not in page and "<i>" not in page
    # Each cell holds the same text as the plain report, unescaped.
    report = str(explanation)
    path = f"{hostile[0]} → {hostile[1]} → {hostile[2]}"
    assert path in parsed.cells and path in report
    assert "<i>w</i> · &amp;" in parsed.cells
    assert parsed.cells[-25:-20] == ["method", "value", "⊕", "⊗", "work"]
    assert parsed.cells[-20:-18] == ["paths", "7"]
    assert parsed.cells[-5:-3] == ["markowitz", "7"]


def test_the_notebook_view_says_what_was_elided():
    G = diamond_chain(8)
    nx.set_edge_attributes(G, "w", "label")
    page = ps.explain(G, 0, 8, weight=None, labels="label", max_text=50)._repr_html_()
    assert "not shown, longer than 50 characters" in page
    assert "… and 246 more" in page


@given(dags_with_endpoints(max_nodes=7, weights=st.integers(-3, 3)))
def test_the_elimination_row_gives_the_path_sum_at_the_cost_eliminate_counts(example):
    G, s, t = example
    explanation = ps.explain(G, s, t)
    value, additions, multiplications, eliminated = explanation.markowitz
    assert value == ps.path_sum(G, s, t)
    result = ps.eliminate(G, [s], [t], order="markowitz")
    assert (additions, multiplications) == (result.additions, result.multiplications)
    assert eliminated == len(result.order)
    (row,) = [
        line for line in str(explanation).splitlines() if line.startswith("markowitz")
    ]
    assert f"eliminates {eliminated} intermediate" in row


def column(lines, start, end=None):
    """The text of a table column that `lines` wrap, its lines joined."""
    return " ".join(line[start:end].strip() for line in lines).strip()


def test_a_long_path_wraps_to_the_terminal_width(monkeypatch):
    # A 150-edge path was one line of over a thousand characters.
    G = nx.path_graph(151, create_using=nx.DiGraph)
    nx.set_edge_attributes(G, 1, "weight")
    monkeypatch.setenv("COLUMNS", "100")
    lines = str(ps.explain(G, 0, 150)).splitlines()
    assert max(map(len, lines)) <= 100
    header, rows = lines[2], lines[3 : lines.index("", 3)]
    assert header.split() == ["path", "weights", "product"]
    weights, product = header.index("weights"), header.index("product")
    assert column(rows, 0, weights) == " → ".join(map(str, range(151)))
    assert column(rows, weights, product) == " · ".join(["1"] * 150)
    assert rows[0].endswith("  1") and len(rows) > 10
    assert rows[1].startswith("→ ")
    monkeypatch.setenv("COLUMNS", "2000")
    assert len(str(ps.explain(G, 0, 150)).splitlines()[3]) > 1000
