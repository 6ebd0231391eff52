import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathsum.readers import (
    GRAPH_SUFFIXES,
    GraphFileError,
    number,
    read_dot,
    read_graph,
)
from pathsum.strategies import dags


def edges(G):
    """(u, v, weight) of every edge, sorted; None for an edge with no weight."""
    found = [(u, v, d.get("weight")) for u, v, d in G.edges(data=True)]
    return sorted(found, key=lambda edge: (str(edge[0]), str(edge[1]), str(edge[2])))


# DOT: every edge, with Graphviz's scoping of defaults


def test_edges_inside_subgraphs_and_clusters_are_read():
    G = read_dot(
        "digraph { a -> c [weight=1]; subgraph cluster_0 { a -> b [weight=2]; "
        "b -> c [weight=3] } { c -> d [weight=4] } subgraph { subgraph x { "
        "d -> e [weight=5] } } }"
    )
    assert edges(G) == [
        ("a", "b", 2),
        ("a", "c", 1),
        ("b", "c", 3),
        ("c", "d", 4),
        ("d", "e", 5),
    ]


def test_edge_chains_and_subgraph_operands():
    G = read_dot("digraph { a -> b -> c [weight=2]; a -> {x y} -> z; {p q} -> {r} }")
    assert edges(G) == [
        ("a", "b", 2),
        ("a", "x", None),
        ("a", "y", None),
        ("b", "c", 2),
        ("p", "r", None),
        ("q", "r", None),
        ("x", "z", None),
        ("y", "z", None),
    ]


def test_a_subgraph_operand_takes_every_node_of_its_nested_blocks():
    G = read_dot("digraph { s -> { a { b -> c } subgraph { d } } }")
    assert sorted(v for u, v in G.edges() if u == "s") == ["a", "b", "c", "d"]


def test_defaults_apply_after_them_and_only_inside_their_block():
    G = read_dot(
        """digraph {
            a -> b;
            edge [weight=2];
            b -> c;
            subgraph cluster_0 { edge [weight=5]; c -> d; d -> e [weight=7] }
            e -> f;
            { edge [weight=9] }
            f -> g;
            node [kind=late]; g -> h;
        }"""
    )
    assert edges(G) == [
        ("a", "b", None),
        ("b", "c", 2),
        ("c", "d", 5),
        ("d", "e", 7),
        ("e", "f", 2),
        ("f", "g", 2),
        ("g", "h", 2),
    ]
    assert "kind" not in G.nodes["g"] and G.nodes["h"]["kind"] == "late"


def test_a_named_subgraph_opened_again_keeps_its_defaults():
    G = read_dot(
        "digraph { subgraph s { edge [weight=3] } a -> b; subgraph s { b -> c } }"
    )
    assert edges(G) == [("a", "b", None), ("b", "c", 3)]


def test_a_named_subgraph_operand_holds_the_nodes_of_each_of_its_bodies():
    G = read_dot("digraph { subgraph s { a } subgraph s { b } x -> subgraph s { c } }")
    assert sorted(G.edges()) == [("x", "a"), ("x", "b"), ("x", "c")]


def test_ports_are_ignored_and_names_kept_as_written():
    G = read_dot(
        'digraph { a:p -> b:q:ne; "a:p" -> "node"; c:sw -> "x y" [w="1" + "2"] }'
    )
    assert set(G) == {"a", "b", "a:p", "node", "c", "x y"}
    assert G.edges["c", "x y", 0]["w"] == 12


def test_strings_html_comments_and_numbers():
    G = read_dot(
        '# a preprocessor line\n/* a\ncomment */ digraph "my graph" {\n'
        "  // a comment\n  a [label=<<b>a</b> &amp; <i>x</i>>];\n"
        '  "say \\"hi\\"" -> b [weight="1/3"];\n'
        '  b -> c [weight=-.5, label="two\\\nlines"];\n}'
    )
    assert G.graph["name"] == "my graph"
    assert G.nodes["a"]["label"] == "<b>a</b> &amp; <i>x</i>"
    assert G.edges['say "hi"', "b", 0]["weight"] == Fraction(1, 3)
    assert G.edges["b", "c", 0] == {"weight": -0.5, "label": "twolines"}


def test_strict_merges_parallel_edges_and_other_graphs_keep_them():
    assert read_dot("digraph { a -> b; a -> b }").number_of_edges() == 2
    G = read_dot("strict digraph { a -> b [weight=1]; a -> b [color=red] }")
    assert type(G) is nx.DiGraph
    assert G.edges["a", "b"] == {"weight": 1, "color": "red"}


def test_an_attribute_named_key_is_an_attribute():
    G = read_dot("digraph { a -> b [key=7, weight=2] }")
    assert list(G.edges(keys=True, data=True)) == [
        ("a", "b", 0, {"key": 7, "weight": 2})
    ]


REFUSED = [
    ("graph { a -- b }", "the graph is undirected"),
    ("digraph { a -- b }", "'--' in a digraph"),
    ("digraph { a -> }", "expected a node or a subgraph after '->'"),
    ("digraph { a -> b [weight] }", "expected '=' after the attribute 'weight'"),
    ("digraph { a -> b ", "the file ends inside the graph"),
    ('digraph { "a -> b }', "a string that is never closed"),
    ("digraph { a /* b }", "a comment that is never closed"),
    ("digraph { a [label=<x] }", "an HTML string '<…>' that is never closed"),
    ("digraph { 2a -> b }", "badly delimited number '2a'"),
    ("digraph { a -> b } digraph { c }", "more than one graph"),
    ("digraph { a @ b }", "unexpected character '@'"),
    ("digraph { subgraph s; a -> b }", "a subgraph needs a body"),
    ("digraph { {a b} [color=red] }", "attributes after a subgraph that is no edge"),
    ("digraph { node a }", "'node' must be followed by '['"),
    ("digraph { -> b }", "unexpected '->' at a statement"),
    ("", "no graph"),
    ("strict { }", "expected 'digraph'"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_constructs_outside_the_reader_are_refused(text, message):
    with pytest.raises(GraphFileError) as info:
        read_dot(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("depth", [12, 50, 5000])
def test_deeply_nested_subgraphs_read_without_recursion(tmp_path, depth):
    # pydot's parser took 72 s at 12 levels and hit RecursionError at 50.
    path = tmp_path / "nested.dot"
    path.write_text(
        "digraph {" + "subgraph {" * depth + "a -> b [weight=3]" + "}" * depth + "}"
    )
    assert edges(read_graph(path)) == [("a", "b", 3)]


_BLOCKS = st.sampled_from(
    ["{{", "subgraph {{", "subgraph cluster_{} {{", "subgraph s{} {{"]
)


@settings(max_examples=150, deadline=None)
@given(G=dags(max_nodes=7, multigraph=True), data=st.data())
def test_a_dag_written_with_random_nesting_and_defaults_reads_back(G, data):
    """Write each edge at a random depth, its weight explicit or from an edge
    default set in some enclosing block; a model of Graphviz's scoping says
    which weight each edge must read back with."""
    lines = ["digraph {"]
    defaults = [None]  # the edge default in force in each open block
    expected = []
    for number_, (u, v) in enumerate(G.edges()):
        for _ in range(data.draw(st.integers(0, len(defaults) - 1))):
            lines.append("}")
            defaults.pop()
        for _ in range(data.draw(st.integers(0, 2))):
            lines.append(data.draw(_BLOCKS).format(number_, number_))
            defaults.append(defaults[-1])
            if data.draw(st.booleans()):
                lines.append("node [shape=box]; edge [color=red]")
        if data.draw(st.booleans()):
            defaults[-1] = data.draw(st.integers(-9, 9))
            lines.append(f"edge [weight={defaults[-1]}];")
        explicit = data.draw(st.none() | st.integers(-9, 9))
        attributes = "" if explicit is None else f" [weight={explicit}]"
        tail = data.draw(st.sampled_from(["{}", '"{}"', "{}:p", "{{ {} }}"]))
        head = data.draw(st.sampled_from(["{}", '"{}"', "{}:p:n", "{{ {} }}"]))
        lines.append(f"{tail.format(u)} -> {head.format(v)}{attributes};")
        expected.append(
            (str(u), str(v), defaults[-1] if explicit is None else explicit)
        )
    lines.append("}" * len(defaults))
    H = read_dot("\n".join(lines))
    assert edges(H) == sorted(expected, key=lambda e: (e[0], e[1], str(e[2])))
    assert set(H) == {str(node) for node in G if G.degree(node)}


# Edge lists and CSV


def test_networkx_edgelists_round_trip(tmp_path):
    G = nx.DiGraph()
    G.add_edge("a", "b", duration=2.0, label="x y")
    G.add_edge("b", "c", duration=3)
    nx.write_edgelist(G, tmp_path / "g.edgelist")
    H = read_graph(tmp_path / "g.edgelist")
    assert list(H.edges(data=True)) == list(G.edges(data=True))


def test_edgelists_with_a_weight_column_or_none(tmp_path):
    path = tmp_path / "g.edgelist"
    path.write_text("# u v\na b 2\nb c 0.5  # a comment\nc d 1/3\nd e\n")
    assert edges(read_graph(path)) == [
        ("a", "b", 2),
        ("b", "c", 0.5),
        ("c", "d", Fraction(1, 3)),
        ("d", "e", None),
    ]
    assert read_graph(path, weight="duration").edges["a", "b"] == {"duration": 2}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a b {1: 2}", "a dict of str keys"),
        ("a b {'w': 1", "cannot read the attribute dict"),
        ("a b {'w': __import__('os').system('false')}", "cannot read the attrib"),
        ("a b c d", "expected 'u v', 'u v weight' or 'u v {attribute dict}'"),
        ("a", "got 1 fields"),
        ("a b x", "line 1: weight 'x' is not a number"),
    ],
)
def test_edgelist_lines_outside_the_formats_are_refused(tmp_path, line, message):
    path = tmp_path / "g.edgelist"
    path.write_text(line + "\n")
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert message in str(info.value)


@pytest.mark.parametrize("names", ["source,target", "U,V", "from,to"])
def test_csv_header_names_the_columns(tmp_path, names):
    path = tmp_path / "g.csv"
    path.write_text(f"duration,{names},label\n2,a,b,x\n,b,c,y\n1.5,a,c,\n")
    G = read_graph(path)
    assert sorted(G.edges(data=True)) == [
        ("a", "b", {"duration": 2, "label": "x"}),
        ("a", "c", {"duration": 1.5}),
        ("b", "c", {"label": "y"}),
    ]


def test_csv_without_endpoint_columns_says_what_it_needs(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("a,b,2\nb,c,3\n")
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert "the header row names no source and target columns (it has 'a', 'b'" in str(
        info.value
    )
    assert "name them source,target (or u,v or from,to)" in str(info.value)


def test_parallel_edges_make_a_multigraph(tmp_path):
    path = tmp_path / "g.edgelist"
    path.write_text("a b 1\na b 2\n")
    G = read_graph(path)
    assert G.is_multigraph() and edges(G) == [("a", "b", 1), ("a", "b", 2)]


# Malformed files: a GraphFileError, never anything else

MALFORMED = [
    ("nodes.json", '{"nodes": [1]}', "not a networkx node-link graph"),
    ("deep.json", "[" * 2000 + "]" * 2000, "nested too deeply"),
    ("quote.csv", 'source,target\na,"b\n', "never closed"),
    ("text.graphml", "this is not XML", "not XML"),
    ("binary.graphml", bytes(range(256)), "not XML"),
    ("binary.dot", bytes(range(256)), "not UTF-8 text"),
    ("binary.csv", b"\xff\xfe\x00", "not UTF-8 text"),
    ("list.json", "[1, 2]", "no 'nodes'"),
    ("undirected.json", '{"directed": false, "nodes": [], "links": []}', "undirected"),
    ("deep.edgelist", "a b {'w': " + "[" * 2000 + "]" * 2000 + "}", "attribute dict"),
]


@pytest.mark.parametrize(("name", "content", "message"), MALFORMED)
def test_malformed_files_are_a_graph_file_error(tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value) and len(str(info.value)) < 400


@settings(max_examples=300, deadline=None)
@given(
    suffix=st.sampled_from(GRAPH_SUFFIXES),
    content=st.binary(max_size=300)
    | st.text(max_size=300)
    | st.text(alphabet='digraph{}[]=;,:->"<>/#*\n ab12', max_size=300),
)
def test_any_bytes_read_as_a_graph_or_a_graph_file_error(suffix, content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(content)
        try:
            G = read_graph(path)
        except GraphFileError as exc:
            assert "\n" not in str(exc)
        else:
            assert G.is_directed()


def test_unknown_and_missing_files(tmp_path):
    with pytest.raises(GraphFileError, match=r"unknown graph format '\.txt'"):
        read_graph(tmp_path / "g.txt")
    with pytest.raises(GraphFileError, match="no such file"):
        read_graph(tmp_path / "g.dot")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(GraphFileError, match=r"folder\.csv: a directory; give"):
        read_graph(tmp_path / "folder.csv")
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(GraphFileError, match=r"pipe\.csv: not a regular file"):
        read_graph(tmp_path / "pipe.csv")


def test_node_link_json_keeps_integer_names(tmp_path):
    G = nx.DiGraph([(1, 2, {"weight": 3})])
    path = tmp_path / "g.json"
    path.write_text(json.dumps(nx.node_link_data(G, edges="edges")))
    assert edges(read_graph(path)) == [(1, 2, 3)]


def test_subgraph_operands_nested_or_reopened_read_in_linear_time():
    # Both took time quadratic in n (100,000 nested operands: 197 s), because
    # every operand rescanned every mention inside it; a subprocess bounds it.
    code = (
        "from pathsum.readers import read_dot\n"
        "n = 100_000\n"
        "G = read_dot('digraph {' + 'a -> {' * n + 'b' + '}' * n + '}')\n"
        "H = read_dot('digraph { subgraph s { a } ' + 'x -> subgraph s { a } ' * n"
        " + '}')\n"
        "print(G.number_of_edges(), H.number_of_edges())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["199999", "100000"]


def test_a_reopened_subgraph_as_an_operand_holds_its_bodies_so_far():
    G = read_dot("digraph { subgraph s {x} -> subgraph s {y}; t -> subgraph s {z} }")
    assert sorted(G.edges()) == [("t", "x"), ("t", "y"), ("t", "z"), ("x", "x"),
                                 ("x", "y")]  # fmt: skip


# A leading byte-order mark (Excel's "CSV UTF-8" writes one) is no part of the
# graph.

BOM_FILES = {
    ".dot": "digraph { a -> b [weight=2] }",
    ".gv": "digraph { a -> b [weight=2] }",
    ".graphml": (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="w" for="edge" attr.name="weight" attr.type="int"/>'
        '<graph edgedefault="directed"><node id="a"/><node id="b"/>'
        '<edge source="a" target="b"><data key="w">2</data></edge></graph></graphml>'
    ),
    ".json": '{"directed": true, "nodes": [{"id": "a"}, {"id": "b"}], '
    '"links": [{"source": "a", "target": "b", "weight": 2}]}',
    ".edgelist": "a b 2\n",
    ".csv": "source,target,weight\na,b,2\n",
}


@pytest.mark.parametrize("suffix", sorted(BOM_FILES))
def test_a_leading_byte_order_mark_is_ignored(tmp_path, suffix):
    path = tmp_path / f"g{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + BOM_FILES[suffix].encode())
    G = read_graph(path)
    assert set(G) == {"a", "b"}
    assert edges(G) == [("a", "b", 2)]


def test_read_dot_ignores_a_leading_byte_order_mark():
    assert edges(read_dot("\ufeffdigraph { a -> b [weight=2] }")) == [("a", "b", 2)]


# Numbers: one rule (`number`) for every value in every format.


def one_edge_file(tmp_path, form, text):
    """A file of the edge a -> b whose weight is written as the text `text`."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    contents = {
        "dot": ("g.dot", f'digraph {{ a -> b [weight="{text}"] }}'),
        "graphml": (
            "g.graphml",
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            '<key id="w" for="edge" attr.name="weight" attr.type="string"/>'
            '<graph edgedefault="directed"><node id="a"/><node id="b"/>'
            f'<edge source="a" target="b"><data key="w">{escaped}</data></edge>'
            "</graph></graphml>",
        ),
        "json": (
            "g.json",
            json.dumps(
                {
                    "directed": True,
                    "nodes": [{"id": "a"}, {"id": "b"}],
                    "links": [{"source": "a", "target": "b", "weight": text}],
                }
            ),
        ),
        "edgelist": ("g.edgelist", f"a b {text}\n"),
        "edgelist-dict": ("g.edgelist", f"a b {{'weight': {text!r}}}\n"),
        "csv": ("g.csv", f"source,target,weight\na,b,{text}\n"),
    }
    name, content = contents[form]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


FORMS = ["dot", "graphml", "json", "edgelist", "edgelist-dict", "csv"]
# Where each form's message says the value is.
PLACES = {
    "dot": "line 1",
    "graphml": "edge 'a' -> 'b'",
    "json": "edge 'a' -> 'b'",
    "edgelist": "line 1",
    "edgelist-dict": "line 1",
    "csv": "line 2",
}
HUGE = "1" + "0" * 5000  # past Python's default limit of 4,300 digits for int(str)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("-7", -7),
        ("1/3", Fraction(1, 3)),
        ("-2/4", Fraction(-1, 2)),
        ("0.5", 0.5),
        ("-2.5e3", -2500.0),
        ("1e-3", 0.001),
        ("0e-999", 0.0),
        (HUGE, 10**5000),
        ("-" + HUGE + "/3", Fraction(-(10**5000), 3)),
    ],
    ids=lambda x: x if isinstance(x, str) and len(x) < 20 else type(x).__name__,
)
def test_a_number_reads_the_same_in_every_format(tmp_path, form, text, value):
    G = read_graph(one_edge_file(tmp_path, form, text))
    weight = G.edges[next(iter(G.edges))]["weight"]
    assert type(weight) is type(value)
    assert weight == value


@pytest.mark.parametrize("form", ["dot", "graphml", "json", "edgelist-dict", "csv"])
@pytest.mark.parametrize("text", ["x", "0x10", "1.5/2", "3 4", "1/3/5", "e5"])
def test_text_that_is_no_number_stays_text_in_every_format(tmp_path, form, text):
    G = read_graph(one_edge_file(tmp_path, form, text))
    assert G.edges[next(iter(G.edges))]["weight"] == text


REFUSED_NUMBERS = [
    ("nan", "'nan' is nan"),
    ("NaN", "'NaN' is nan"),
    ("inf", "'inf' is infinite; give a finite number"),
    ("-Infinity", "'-Infinity' is infinite"),
    ("1e999", "'1e999' is too large for a float; write it as an integer"),
    ("-1e999", "'-1e999' is too large for a float"),
    ("1e-999", "'1e-999' is too small for a float"),
    ("1/0", "'1/0' divides by zero; give the fraction a nonzero denominator"),
    ("1_000", "'1_000' has characters other than 0-9 in its digits; write '1000'"),
    ("٣", "write '3'"),
    ("1_0/3", "write '10/3'"),
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("text", "message"), REFUSED_NUMBERS)
def test_a_number_the_rule_refuses_is_an_error_in_every_format(
    tmp_path, form, text, message
):
    path = one_edge_file(tmp_path, form, text)
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    shown = str(info.value)
    assert shown.startswith(f"{path}: {PLACES[form]}")
    assert "weight" in shown and message in shown
    assert "\n" not in shown


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("NaN", "'NaN' is nan"),
        ("Infinity", "'Infinity' is infinite"),
        ("-Infinity", "'-Infinity' is infinite"),
        ("1e999", "'1e999' is too large for a float"),
        ("1E-999", "'1E-999' is too small for a float"),
        ("[1, NaN]", "'NaN' is nan"),
    ],
)
def test_json_numbers_follow_the_rule(tmp_path, written, message):
    path = tmp_path / "g.json"
    path.write_text(
        '{"directed": true, "nodes": [{"id": "a"}, {"id": "b"}], '
        f'"links": [{{"source": "a", "target": "b", "weight": {written}}}]}}'
    )
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(f"{path}: edge 'a' -> 'b', attribute 'weight'")
    assert message in str(info.value)


def test_json_integers_of_any_length_are_exact(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(
        '{"directed": true, "multigraph": false, '
        '"nodes": [{"id": "a"}, {"id": "b"}], "links": '
        f'[{{"source": "a", "target": "b", "weight": -{HUGE}, "w": 2.0}}]}}'
    )
    data = read_graph(path).edges["a", "b"]
    assert data["weight"] == -(10**5000)
    assert data["w"] == 2.0 and type(data["w"]) is float


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1e999", "'1e999' is too large for a float"),
        ("[2, -1e999]", "'1e999' is too large for a float"),
        ("1_000", "'1_000' has characters other than 0-9 in its digits"),
        (f"[{HUGE}, 1_000]", "'1_000' has characters other than 0-9 in its digits"),
        ("0x10", "'0x10' is not an integer or a decimal"),
        ("1j", "'1j' is not an integer or a decimal"),
    ],
    ids=["1e999", "nested", "1_000", "1_000-beside-a-huge-int", "0x10", "1j"],
)
def test_numbers_in_an_edgelist_dict_follow_the_rule(tmp_path, written, message):
    path = tmp_path / "g.edgelist"
    path.write_text(f"a b {{'weight': 1}}\nb c {{'weight': {written}}}\n")
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(f"{path}: line 2")
    assert message in str(info.value)


def test_edgelist_dict_integers_of_any_length_are_exact(tmp_path):
    path = tmp_path / "g.edgelist"
    path.write_text(f"a b {{'weight': -{HUGE}, 'pos': ({HUGE}, 0.5), 'w': +2}}\n")
    data = read_graph(path).edges["a", "b"]
    assert data["weight"] == -(10**5000)
    assert data["pos"] == (10**5000, 0.5) and data["w"] == 2


def test_an_edgelist_dict_names_no_variables(tmp_path):
    path = tmp_path / "g.edgelist"
    # A huge integer has the line read token by token, with numbers swapped
    # for names: not for a name the line holds.
    path.write_text(f"a b {{'weight': _n0, 'w': {HUGE}}}\n")
    with pytest.raises(GraphFileError, match="cannot read the attribute dict"):
        read_graph(path)


def graphml_of(kind, text):
    return (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        f'<key id="w" for="edge" attr.name="weight" attr.type="{kind}"/>'
        '<graph edgedefault="directed"><node id="a"/><node id="b"/>'
        f'<edge source="a" target="b"><data key="w">{text}</data></edge>'
        "</graph></graphml>"
    )


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("double", "NaN", "'NaN' is nan"),
        ("float", "INF", "'INF' is infinite"),
        ("double", "1e999", "'1e999' is too large for a float"),
        ("int", "1_000", "write '1000'"),
        ("double", "x", "'x' is not a number, but its key declares one"),
    ],
)
def test_typed_graphml_numbers_follow_the_rule(tmp_path, kind, text, message):
    path = tmp_path / "g.graphml"
    path.write_text(graphml_of(kind, text))
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(f"{path}: edge 'a' -> 'b', attribute 'weight'")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [("int", HUGE, 10**5000), ("long", "-3", -3), ("double", "0.5", 0.5)],
    ids=["huge-int", "long", "double"],
)
def test_typed_graphml_numbers_read_by_the_rule(tmp_path, kind, text, value):
    path = tmp_path / "g.graphml"
    path.write_text(graphml_of(kind, text))
    weight = read_graph(path).edges["a", "b"]["weight"]
    assert weight == value and type(weight) is type(value)


def test_dot_says_on_which_line_a_refused_number_is():
    with pytest.raises(GraphFileError) as info:
        read_dot("digraph {\n  a -> b;\n  edge [weight=nan]\n}")
    assert str(info.value).startswith("line 3, attribute 'weight': 'nan' is nan")


def test_node_names_are_text_even_when_they_read_as_numbers(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("source,target\nnan,1e999\n1_000,1/0\n")
    assert sorted(read_graph(path).edges()) == [("1_000", "1/0"), ("nan", "1e999")]


@pytest.mark.parametrize(
    ("text", "value"),
    [("7", 7), ("-" + HUGE, -(10**5000)), (" 1/3 ", Fraction(1, 3)), ("5.", 5.0)],
    ids=["int", "huge", "fraction", "float"],
)
def test_number_reads_the_rule(text, value):
    assert number(text) == value and type(number(text)) is type(value)


@pytest.mark.parametrize(
    "text",
    ["1_000", "٣", "１２", "1e999", "1e-999", "nan", "-inf", "1/0", "0x10", "", "1j"],
)
def test_number_refuses_what_the_rule_refuses(text):
    with pytest.raises(ValueError):
        number(text)


def test_integers_read_exactly_under_the_lowest_limit_of_digits():
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)  # the lowest Python allows
    try:
        assert number("-1" + "0" * 1500) == -(10**1500)
    finally:
        sys.set_int_max_str_digits(limit)


# CSV: quotes, spaces and columns


def csv_file(tmp_path, text):
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('source,target,weight,label\na,b,1,"oops\nc,d,2,x\ne,f,3,y\n', 2),
        ('source,target,weight,label\na,b,1,"two\nlines"\nc,d,2,"oops\ne,f,3,y\n', 4),
        ('source,target,label,note\na,b,"two\nlines","oops\nc,d,x,y\n', 3),
        ('source,target\na,"b', 2),
        ('source,target\na,"b""c\n', 2),
    ],
    ids=[
        "rest-of-file",
        "after-a-closed-field",
        "later-line-of-a-record",
        "at-end",
        "ends-in-an-escaped-quote",
    ],
)
def test_csv_a_quote_never_closed_is_refused_where_it_opens(tmp_path, text, line):
    # It ate the rest of the file into one field: c -> d and e -> f were lost.
    path = csv_file(tmp_path, text)
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    shown = str(info.value)
    assert shown.startswith(f"{path}: line {line}: a quoted field opens here")
    assert "never closed" in shown and "\n" not in shown


def test_csv_text_after_a_closing_quote_is_refused(tmp_path):
    # Python's csv module read '"b"c' as 'bc'.
    path = csv_file(tmp_path, 'source,target,w\na,"b"c,1\n')
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(f"{path}: line 2: '\"b\"c' goes on after")


def test_csv_a_closed_quoted_field_may_span_lines(tmp_path):
    path = csv_file(
        tmp_path,
        'source,target,label\na,b,"two\nlines, and ""quotes"""\n\nc,"d\ne",x\n',
    )
    assert sorted(read_graph(path).edges(data="label")) == [
        ("a", "b", 'two\nlines, and "quotes"'),
        ("c", "d\ne", "x"),
    ]


def test_csv_messages_name_the_line_a_record_starts_on(tmp_path):
    path = csv_file(tmp_path, 'source,target,label,w\na,b,"x\ny",1\nc,d,"z\nt",nan\n')
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(f"{path}: line 4, attribute 'w': 'nan' is nan")


def test_csv_quoted_names_are_kept_as_written(tmp_path):
    # " a" was stripped to a, which made two parallel a -> b edges.
    path = csv_file(tmp_path, 'source,target,weight\n" a",b,1\na,b,2\n"b ","",3\n')
    G = read_graph(path)
    assert type(G) is nx.DiGraph
    assert edges(G) == [(" a", "b", 1), ("a", "b", 2), ("b ", "", 3)]


def test_csv_spaces_around_an_unquoted_or_quoted_cell_are_layout(tmp_path):
    path = csv_file(
        tmp_path, 'source , target ,weight, label\n a , " b" , 2 , x y \nc,d,\t,\n'
    )
    assert sorted(read_graph(path).edges(data=True)) == [
        ("a", " b", {"weight": 2, "label": "x y"}),
        ("c", "d", {}),
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("source,target,weight,weight", "the column 'weight' twice (columns 3 and 4)"),
        ("source,target,source", "the column 'source' twice (columns 1 and 3)"),
        ("Source,target,SOURCE", "the column 'source' twice (columns 1 and 3)"),
    ],
)
def test_csv_a_column_named_twice_is_refused(tmp_path, header, message):
    # The last of two weight columns silently won.
    path = csv_file(tmp_path, f"{header}\na,b,1,2\n")
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(f"{path}: the header row names {message}")
    assert "rename or remove one" in str(info.value)


def test_csv_a_value_under_an_unnamed_column_is_refused(tmp_path):
    # It became an attribute named '', which no --weight can name.
    path = csv_file(tmp_path, "source,target,,weight,\na,b,,1,\nb,c,x,2,\n")
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(
        f"{path}: line 3: 'x' is in column 3, which the header row does not name"
    )
    assert edges(read_graph(csv_file(tmp_path, "source,target,,w\na,b,,1\n"))) == [
        ("a", "b", None)
    ]


def test_csv_fields_of_any_length_are_read(tmp_path):
    # Python's csv module refused a field over 131,072 characters.
    path = csv_file(tmp_path, "source,target,w\na,b," + "1" * 140_000 + "\n")
    assert read_graph(path).edges["a", "b"]["w"] == (10**140_000 - 1) // 9


# GraphML: every construct read as GraphML specifies, or refused


def graphml_file(tmp_path, body, keys=""):
    """A GraphML file of `keys` and the directed graph `body`."""
    path = tmp_path / "g.graphml"
    path.write_text(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        f'{keys}<graph edgedefault="directed">{body}</graph></graphml>',
        encoding="utf-8",
    )
    return path


def graphml_refused(path):
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    shown = str(info.value)
    assert shown.startswith(f"{path}: ") and "\n" not in shown
    return shown[len(f"{path}: ") :]


@pytest.mark.parametrize(
    ("edge", "message"),
    [
        ('<edge source="a"/>', "an <edge> from 'a' has no target"),
        ('<edge target="a"/>', "an <edge> to 'a' has no source"),
        ("<edge/>", "an <edge> has no source and no target"),
    ],
)
def test_graphml_an_edge_without_an_end_is_refused(tmp_path, edge, message):
    # It was an edge to or from a node named 'None'.
    message_shown = graphml_refused(graphml_file(tmp_path, f'<node id="a"/>{edge}'))
    assert message_shown.startswith(message)
    assert "give each <edge> a source and a target" in message_shown


@pytest.mark.parametrize(
    ("edge", "message"),
    [
        ('<edge source="a" target="zz"/>', "edge 'a' -> 'zz': its target 'zz'"),
        ('<edge source="zz" target="a"/>', "edge 'zz' -> 'a': its source 'zz'"),
    ],
)
def test_graphml_an_edge_to_an_undeclared_node_is_refused(tmp_path, edge, message):
    # GraphML requires each end to be a <node> of the graph; networkx made one.
    shown = graphml_refused(graphml_file(tmp_path, f'<node id="a"/>{edge}'))
    assert shown.startswith(f"{message} is no <node> of the graph")
    assert 'declare it: <node id="zz"/>' in shown


def test_graphml_nodes_without_an_id_or_declared_twice_are_refused(tmp_path):
    # A node without an id was named 'None'; a node declared twice was merged.
    path = graphml_file(tmp_path, '<node id="b"/><node/>')
    assert graphml_refused(path).startswith("a <node> has no id; give each one")
    path = graphml_file(tmp_path, '<node id="a"/><node id="b"/><node id="a"/>')
    assert graphml_refused(path).startswith("node 'a' is declared twice")


def test_graphml_edges_with_the_same_id_between_the_same_nodes_are_refused(
    tmp_path,
):
    # The second edge replaced the first: one a -> b edge instead of two.
    path = graphml_file(
        tmp_path,
        '<node id="a"/><node id="b"/><edge id="e" source="a" target="b"/>'
        '<edge id="e" source="a" target="b"/>',
    )
    assert graphml_refused(path).startswith(
        "edge 'a' -> 'b': an earlier edge between the same nodes has its id 'e'"
    )
    keys = '<key id="k" for="edge" attr.name="key" attr.type="int"/>'
    path = graphml_file(
        tmp_path,
        '<node id="a"/><node id="b"/><edge source="a" target="b">'
        '<data key="k">1</data></edge><edge source="a" target="b">'
        '<data key="k">1</data></edge>',
        keys,
    )
    assert graphml_refused(path).startswith(
        "edge 'a' -> 'b': an earlier edge between the same nodes has its 'key' "
        "attribute; give each edge its own"
    )


def test_graphml_an_undirected_edge_in_a_directed_graph_is_refused(tmp_path):
    path = graphml_file(tmp_path, AB + '<edge source="a" target="b" directed="false"/>')
    assert graphml_refused(path).startswith(
        "edge 'a' -> 'b' is undirected (directed=\"false\"); path sums need"
    )


def test_graphml_of_yed_reads_with_its_drawing_data(tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:y="http://www.yworks.com/xml/graphml">'
        '<key for="node" id="d6" yfiles.type="nodegraphics"/>'
        '<key attr.name="weight" attr.type="double" for="edge" id="w"/>'
        '<graph edgedefault="directed" id="G">'
        '<node id="n0"><data key="d6"><y:ShapeNode><y:Geometry x="1" y="2"/>'
        "<y:NodeLabel>start</y:NodeLabel></y:ShapeNode></data></node>"
        '<node id="n1"/><edge id="e0" source="n0" target="n1">'
        '<data key="w">2</data></edge></graph></graphml>'
    )
    G = read_graph(path)
    assert G.nodes["n0"]["label"] == "start"
    assert edges(G) == [("n0", "n1", 2)]


def test_graphml_parallel_edges_with_their_own_ids_are_kept(tmp_path):
    path = graphml_file(
        tmp_path,
        '<node id="a"/><node id="b"/><edge id="e0" source="a" target="b"/>'
        '<edge id="e1" source="a" target="b"/><edge source="a" target="b"/>',
    )
    assert read_graph(path).number_of_edges("a", "b") == 3


def test_graphml_a_file_of_more_than_one_graph_is_refused(tmp_path):
    # The first graph was read and the others ignored.
    path = tmp_path / "g.graphml"
    path.write_text(
        '<graphml><graph edgedefault="directed"><node id="a"/></graph>'
        '<graph edgedefault="directed"><node id="b"/></graph></graphml>'
    )
    assert graphml_refused(path).startswith("it holds 2 graphs; pathsum reads one")


def test_graphml_nested_graphs_are_read(tmp_path):
    # networkx read a graph inside a node only for yEd groups, and dropped the
    # edges of any other: b -> c was lost.
    path = graphml_file(
        tmp_path,
        '<node id="a"/><node id="g"><graph id="g:" edgedefault="directed">'
        '<node id="b"/><node id="c"/><edge source="b" target="c"/>'
        '<edge source="c" target="d"/></graph></node>'
        '<node id="d"/><edge source="a" target="b"/>',
    )
    G = read_graph(path)
    assert sorted(G.edges()) == [("a", "b"), ("b", "c"), ("c", "d")]
    assert set(G) == {"a", "g", "b", "c", "d"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '<node id="g"><graph edgedefault="undirected"><node id="b"/></graph>'
            "</node>",
            "the <graph> inside node 'g' has edgedefault=\"undirected\"",
        ),
        (
            '<node id="a"/><node id="b"/><edge source="a" target="b">'
            '<graph edgedefault="directed"/></edge>',
            "edge 'a' -> 'b' holds a <graph>",
        ),
        ("<hyperedge/>", "a <hyperedge>, which pathsum does not read"),
        ("<locator/>", "a <locator>, which pathsum does not read"),
    ],
)
def test_graphml_constructs_outside_the_reader_are_refused(tmp_path, body, message):
    assert graphml_refused(graphml_file(tmp_path, body)).startswith(message)


def test_graphml_a_graph_without_edgedefault_says_how_to_fix_it(tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text('<graphml><graph><node id="a"/></graph></graphml>')
    shown = graphml_refused(path)
    assert shown.startswith("the <graph> has no edgedefault")
    assert 'write edgedefault="directed"' in shown


EDGE_WEIGHT_KEY = '<key id="w" for="edge" attr.name="weight" attr.type="{}"{}>{}</key>'
AB = '<node id="a"/><node id="b"/>'


@pytest.mark.parametrize(
    ("kind", "default", "message"),
    [
        ("double", "NaN", "'NaN' is nan; give a number"),
        ("double", "x", "'x' is not a number, but its key declares one"),
        ("int", "", "'' is not a number, but its key declares one"),
        ("boolean", "maybe", "'maybe' is not a boolean; write true or false"),
    ],
)
def test_graphml_a_key_default_says_what_is_wrong(tmp_path, kind, default, message):
    # NaN was "'_Refused' object has no attribute 'strip'".
    keys = EDGE_WEIGHT_KEY.format(kind, "", f"<default>{default}</default>")
    shown = graphml_refused(graphml_file(tmp_path, AB, keys))
    assert shown.startswith(
        f"the <default> of key 'w' (the edge attribute 'weight'): {message}"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("True", True), (" 1 ", True), ("FALSE", False), ("0", False)],
)
def test_graphml_booleans_read_as_xml_schema_writes_them(tmp_path, text, value):
    keys = EDGE_WEIGHT_KEY.format("boolean", "", "")
    path = graphml_file(
        tmp_path,
        AB + f'<edge source="a" target="b"><data key="w">{text}</data></edge>',
        keys,
    )
    assert read_graph(path).edges["a", "b"]["weight"] is value


def test_graphml_a_boolean_that_is_neither_says_what_to_write(tmp_path):
    # It was "cannot read it: 'maybe'".
    keys = EDGE_WEIGHT_KEY.format("boolean", "", "")
    path = graphml_file(
        tmp_path,
        AB + '<edge source="a" target="b"><data key="w">maybe</data></edge>',
        keys,
    )
    assert graphml_refused(path) == (
        "edge 'a' -> 'b', attribute 'weight': 'maybe' is not a boolean; write true "
        'or false, or declare the key attr.type="string"'
    )


def test_graphml_key_defaults_hold_for_every_element_without_the_data(tmp_path):
    # networkx keeps a default in G.graph["edge_default"] and gives it to no
    # edge: a -> b had no weight, and a typed default was a crash.
    keys = (
        EDGE_WEIGHT_KEY.format("double", "", "<default>2.5</default>")
        + '<key id="c" for="node" attr.name="color" attr.type="string">'
        "<default>red</default></key>"
        '<key id="l" attr.name="level" attr.type="int"><default>7</default></key>'
        '<key id="s" for="edge" attr.name="cost" attr.type="string">'
        "<default>1/3</default></key>"
    )
    path = graphml_file(
        tmp_path,
        '<node id="a"/><node id="b"><data key="c">blue</data></node><node id="c"/>'
        '<edge source="a" target="b"/>'
        '<edge source="b" target="c"><data key="w">3</data><data key="l">1</data>'
        "</edge>",
        keys,
    )
    G = read_graph(path)
    assert sorted(G.edges(data=True)) == [
        ("a", "b", {"weight": 2.5, "level": 7, "cost": Fraction(1, 3)}),
        ("b", "c", {"weight": 3.0, "level": 1, "cost": Fraction(1, 3)}),
    ]
    assert dict(G.nodes(data="color")) == {"a": "red", "b": "blue", "c": "red"}
    assert dict(G.nodes(data="level")) == {"a": 7, "b": 7, "c": 7}
    assert G.graph["level"] == 7


def test_a_graphml_default_weight_gives_the_path_sum(tmp_path):
    from pathsum import path_sum

    keys = EDGE_WEIGHT_KEY.format("double", "", "<default>2</default>")
    path = graphml_file(
        tmp_path,
        '<node id="a"/><node id="b"/><node id="c"/><edge source="a" target="b"/>'
        '<edge source="b" target="c"><data key="w">3</data></edge>',
        keys,
    )
    assert path_sum(read_graph(path), "a", "c") == 6


@pytest.mark.parametrize(
    ("keys", "edge_data", "message"),
    [
        ("", '<data key="w">3</data>', "edge 'a' -> 'b': <data key=\"w\"> names no"),
        (
            '<key id="w" for="node" attr.name="weight" attr.type="int"/>',
            '<data key="w">3</data>',
            "edge 'a' -> 'b': <data key=\"w\"> is for nodes (its <key> says "
            'for="node")',
        ),
        (
            EDGE_WEIGHT_KEY.format("int", "", ""),
            '<data key="w">3</data><data key="w">4</data>',
            "edge 'a' -> 'b': two <data key=\"w\">",
        ),
        (
            EDGE_WEIGHT_KEY.format("double", "", ""),
            '<data key="w"/>',
            "edge 'a' -> 'b', attribute 'weight': '' is not a number, but its key "
            "declares one",
        ),
        (
            EDGE_WEIGHT_KEY.format("double", "", ""),
            '<data key="w"><v>2</v></data>',
            "edge 'a' -> 'b': <data key=\"w\"> holds XML elements",
        ),
        (
            EDGE_WEIGHT_KEY.format("decimal", "", ""),
            "",
            "key 'w' has attr.type=\"decimal\"; GraphML's types are boolean, int, "
            "long, float, double and string",
        ),
        (
            '<key id="w" for="edge" attr.type="int"/>',
            "",
            "key 'w' has no attr.name",
        ),
        (
            EDGE_WEIGHT_KEY.format("int", "", "") * 2,
            "",
            "two <key>s have the id 'w'",
        ),
    ],
    ids=[
        "undeclared-key",
        "wrong-domain",
        "twice",
        "empty",
        "elements",
        "unknown-type",
        "no-name",
        "key-twice",
    ],
)
def test_graphml_data_and_keys_outside_graphml_are_refused(
    tmp_path, keys, edge_data, message
):
    path = graphml_file(
        tmp_path, AB + f'<edge source="a" target="b">{edge_data}</edge>', keys
    )
    assert graphml_refused(path).startswith(message)


def test_graphml_written_by_networkx_reads_back(tmp_path):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=2, label="x")
    G.add_edge("a", "b", weight=0.5)
    G.add_edge("b", "c", weight=3, flag=True)
    G.nodes["a"]["color"] = "red"
    G.graph["edge_default"] = {"weight": 1}
    G.add_edge("c", "d")
    nx.write_graphml(G, tmp_path / "g.graphml")
    H = read_graph(tmp_path / "g.graphml")
    assert sorted(H.edges(data="weight")) == [
        ("a", "b", 0.5),
        ("a", "b", 2),
        ("b", "c", 3),
        ("c", "d", 1),
    ]
    assert H.nodes["a"]["color"] == "red" and H.edges["b", "c", 0]["flag"] is True


# Node-link JSON: what networkx's node_link_graph reads silently wrong


def json_file(tmp_path, document):
    path = tmp_path / "g.json"
    path.write_text(json.dumps(document) if isinstance(document, dict) else document)
    return path


def node_link(*links, nodes=("a", "b"), **flags):
    return {
        "directed": True,
        **flags,
        "nodes": [{"id": node} for node in nodes],
        "links": [{"source": u, "target": v, **data} for u, v, data in links],
    }


def json_refused(path):
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    shown = str(info.value)
    assert shown.startswith(f"{path}: ") and "\n" not in shown
    return shown[len(f"{path}: ") :]


def test_json_a_link_to_a_node_not_in_nodes_is_refused(tmp_path):
    # networkx made the node: a misspelt end split the graph with no error.
    path = json_file(tmp_path, node_link(("a", "x", {"weight": 1})))
    assert json_refused(path) == (
        "link 0 ('a' -> 'x'): its target 'x' is not in \"nodes\"; add "
        '{"id": "x"} to "nodes"'
    )


def test_json_parallel_links_in_a_graph_that_is_no_multigraph_are_refused(tmp_path):
    # The second link replaced the first: one a -> b edge of weight 2.
    path = json_file(
        tmp_path,
        node_link(
            ("a", "b", {"weight": 1}), ("a", "b", {"weight": 2}), multigraph=False
        ),
    )
    assert json_refused(path).startswith(
        "links 0 and 1 both join 'a' -> 'b', but \"multigraph\" is false"
    )


@pytest.mark.parametrize(
    "keys", [(0, 0), (None, 0)], ids=["the-same-key", "a-key-networkx-gave"]
)
def test_json_links_with_the_same_key_in_a_multigraph_are_refused(tmp_path, keys):
    links = [("a", "b", {} if key is None else {"key": key}) for key in keys]
    path = json_file(tmp_path, node_link(*links, multigraph=True))
    assert 'give each link its own "key"' in json_refused(path)


def test_json_parallel_links_in_a_multigraph_are_kept(tmp_path):
    path = json_file(
        tmp_path,
        node_link(
            ("a", "b", {"weight": 1}),
            ("a", "b", {"weight": 2, "key": 7}),
            ("a", "b", {"weight": 3}),
        ),
    )
    assert edges(read_graph(path)) == [("a", "b", 1), ("a", "b", 2), ("a", "b", 3)]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["a", "b", "a"], "node 'a' is in \"nodes\" twice (0 and 2)"),
        ([1, 1.0], 'node 1 is in "nodes" twice (0 and 1, the second as 1.0)'),
    ],
)
def test_json_a_node_given_twice_is_refused(tmp_path, ids, message):
    # networkx merged them, the later attributes winning.
    path = json_file(tmp_path, node_link(nodes=ids))
    assert json_refused(path).startswith(message)


def test_json_links_and_edges_both_given_are_refused(tmp_path):
    # "edges" was ignored when "links" was there.
    document = node_link()
    document["edges"] = [{"source": "a", "target": "b"}]
    assert json_refused(json_file(tmp_path, document)).startswith(
        'it has both "links" and "edges"'
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"directed": "false"}, '"directed" is "false"; write true or false'),
        ({"multigraph": 1}, '"multigraph" is 1; write true or false'),
    ],
)
def test_json_flags_must_be_true_or_false(tmp_path, flags, message):
    # "directed": "false" was read as directed.
    path = json_file(tmp_path, node_link(("a", "b", {}), **flags))
    assert json_refused(path).startswith(message)


def test_json_without_directed_says_what_to_add(tmp_path):
    document = node_link(("a", "b", {}))
    del document["directed"]
    shown = json_refused(json_file(tmp_path, document))
    assert shown.startswith("the graph is undirected")
    assert 'add "directed": true' in shown


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"directed": true, "nodes": [{"name": "a"}]}', 'node 0 has no "id"'),
        ('{"directed": true, "nodes": [{"id": [1]}]}', 'node 0: its "id" is a list'),
        (
            '{"directed": true, "nodes": [{"id": "a"}], "links": [{"source": "a"}]}',
            'link 0 has no "target"',
        ),
        ('{"directed": true, "nodes": {"id": "a"}}', '"nodes" is not a list'),
        (
            '{"directed": true, "nodes": [{"id": NaN}]}',
            "a node's name: 'NaN' is nan",
        ),
    ],
)
def test_json_outside_node_link_says_where(tmp_path, document, message):
    assert message in json_refused(json_file(tmp_path, document))


# Edge lists: a line is u v, u v weight or u v {dict}


@pytest.mark.parametrize("line", ["a {}", "a {'weight':1}", "{} b"])
def test_an_edgelist_line_of_one_node_and_a_dict_is_refused(tmp_path, line):
    # It was an edge to a node named '{}' or "{'weight':1}".
    path = tmp_path / "g.edgelist"
    path.write_text(f"x y 1\n{line}\n")
    with pytest.raises(GraphFileError) as info:
        read_graph(path)
    assert str(info.value).startswith(f"{path}: line 2: ")
    assert "a node's name starts with '{'" in str(info.value)


_CELLS = st.text(st.characters(exclude_characters="\r", exclude_categories=["Cs"]))


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(_CELLS, min_size=3, max_size=3), max_size=5),
    quote_all=st.booleans(),
)
def test_csv_written_by_python_reads_back_cell_for_cell(rows, quote_all):
    """What csv.writer writes reads back: every cell quoted, exactly; quoted
    where needed, with the spaces around each cell as layout."""
    import csv
    import io

    from pathsum.readers import _csv_records

    text = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(text, quoting=quoting, lineterminator="\n").writerows(rows)
    expected = [[cell if quote_all or '"' in cell or "," in cell or "\n" in cell
                 else cell.strip() for cell in row] for row in rows]  # fmt: skip
    read = [cells for _, cells in _csv_records(Path("g.csv"), text.getvalue())]
    assert read == expected


def test_a_weight_that_is_no_name_is_a_type_error_not_the_files_fault(tmp_path):
    path = tmp_path / "g.edgelist"
    path.write_text("a b 1\n")
    with pytest.raises(TypeError, match=r"weight=\['w'\] must be the name"):
        read_graph(path, weight=["w"])
