import contextlib
import importlib
import io
import json
import os
import pty
import re
import shlex
import signal
import subprocess
import sys
import sysconfig
import threading
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pathsum as ps
from pathsum.cli import main
from pathsum.readers import number, read_graph

COLAH = "c = a + b\nd = b + 1\ne = c * d\n"


# The package under test, whatever the working directory of the command.
SOURCE = str(Path(ps.__file__).resolve().parents[1])


def run(*args, cwd=None, env=None, stderr=subprocess.PIPE, columns=80):
    """The command as a user runs it, in a fresh interpreter, on a terminal
    `columns` wide."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(
        [SOURCE, *filter(None, [env.get("PYTHONPATH")])]
    )
    env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "pathsum.cli", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def ok(*args, **kwargs):
    result = run(*args, **kwargs)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.fixture
def files(tmp_path):
    """The same weighted DAG in every format the command reads."""
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("a", "b", 2), ("b", "c", 3), ("a", "c", 1), ("c", "d", 1)]
    )
    (tmp_path / "g.dot").write_text(
        'digraph { a -> b [weight=2]; b -> c [weight="3"]; a -> c [weight=1]; '
        "c -> d [weight=1] }"
    )
    (tmp_path / "g.edgelist").write_text("# u v weight\na b 2\nb c 3\na c 1\nc d 1\n")
    (tmp_path / "g.csv").write_text(
        "source,target,weight\na,b,2\nb,c,3\na,c,1\nc,d,1\n"
    )
    (tmp_path / "g.json").write_text(json.dumps(nx.node_link_data(G, edges="links")))
    nx.write_graphml(G, tmp_path / "g.graphml")
    (tmp_path / "colah.py").write_text(COLAH)
    (tmp_path / "text.csv").write_text("source,target,weight\na,b,x\nb,c,2\n")
    return tmp_path


# demo


def test_demo_prints_the_seed_examples_and_writes_the_diagrams(tmp_path):
    out = ok("demo", "--out", tmp_path / "pics")
    assert out.startswith("1. e = (a + b)·(b + 1) at a = 2, b = 1")
    assert "∂e/∂c = d  = 2" in out
    assert "b → c → e  1 · d   1 · 2    2" in out
    assert "reverse    5      1  5  each of the 5 edges that reach e once" in out
    assert "∂Z/∂X = 36, a sum over 9 paths from X to Z" in out
    assert "factored, as reverse accumulation builds it: (α + β + γ)·(δ + ε + ζ)" in out
    names = ["colah.svg", "forward.svg", "reverse.svg", "nine-paths.svg"]
    assert (
        f"Wrote the diagrams to {tmp_path / 'pics'}{os.sep}: {' '.join(names)}" in out
    )
    assert sorted(p.name for p in (tmp_path / "pics").iterdir()) == sorted(names)
    for name in names:
        svg = (tmp_path / "pics" / name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    assert svg.count('class="node"') == 9 * 3  # nine panels of X, Y, Z


def test_demo_writes_to_pathsum_demo_by_default(tmp_path):
    ok("demo", cwd=tmp_path)
    assert len(list((tmp_path / "pathsum-demo").glob("*.svg"))) == 4


def test_demo_without_a_renderer_writes_dot_files_and_says_how(tmp_path):
    env = {**os.environ, "PATHSUM_DOT": str(tmp_path / "no-such-dot")}
    out = ok("demo", cwd=tmp_path, env=env)
    files = sorted(p.name for p in (tmp_path / "pathsum-demo").iterdir())
    assert files == ["colah.dot", "forward.dot", "nine-paths.dot", "reverse.dot"]
    # The note is wrapped, where depends on the length of the folder's name.
    said = " ".join(out.split())
    assert "No Graphviz renderer was found, so these are DOT files." in said
    assert "apt-get install graphviz" in said and "pathsum[render]" in said
    dot = (tmp_path / "pathsum-demo" / "colah.dot").read_text(encoding="utf-8")
    assert dot.startswith("digraph")


def test_demo_runs_as_the_installed_command(tmp_path):
    script = Path(sysconfig.get_path("scripts")) / "pathsum"
    result = subprocess.run(
        [script, "demo"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "∂e/∂b = 5, a sum over 2 paths from b to e" in result.stdout


def test_demo_stops_quietly_when_the_reader_goes_away(tmp_path):
    result = subprocess.run(
        f"'{sys.executable}' -m pathsum.cli demo | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert result.stdout.startswith("1. e = (a + b)")
    assert result.stderr == ""


# grad


def test_grad_of_a_program_from_text_and_from_a_file(files):
    out = ok("grad", "-c", COLAH, "--at", "a=2", "b=1")
    assert out.splitlines() == [
        "e = 6 at a = 2, b = 1",
        "wrt  ∂e/∂wrt",
        "a    2",
        "b    5",
    ]
    assert ok("grad", files / "colah.py", "--at", "a=2", "b=1") == out
    table = ok(
        "grad", "-c", COLAH, "--at", "a=2", "b=1", "--method", "all", "--wrt", "b"
    )
    assert table.splitlines()[1:] == [
        "wrt  paths  forward  reverse",
        "b    5      5        5",
    ]


def test_grad_json_keeps_fractions_exact(files):
    data = json.loads(
        ok("grad", "-c", "y = x * x / 3", "--at", "x=1/2", "--json", "--of", "y")
    )
    assert data == {
        "of": "y",
        "value": "1/12",
        "at": {"x": "1/2"},
        "method": "reverse",
        "gradient": {"x": "1/3"},
    }
    data = json.loads(
        ok("grad", "-c", COLAH, "--at", "a=2", "b=1.5", "--json", "--method", "all")
    )
    assert data["gradient"] == {
        "a": {"paths": 2.5, "forward": 2.5, "reverse": 2.5},
        "b": {"paths": 6.0, "forward": 6.0, "reverse": 6.0},
    }


def test_grad_draws_the_reverse_overlay(tmp_path):
    out = ok("grad", "-c", COLAH, "--at", "a=2", "b=1", "--draw", tmp_path / "g.dot")
    assert out.endswith(f"wrote {tmp_path / 'g.dot'}\n")
    dot = (tmp_path / "g.dot").read_text(encoding="utf-8")
    assert "∂e/∂node" in dot and "<B>5</B>" in dot


# sum and paths, from every file format


@pytest.mark.parametrize(
    "suffix", [".dot", ".gv", ".edgelist", ".csv", ".json", ".graphml"]
)
def test_sum_reads_every_format(files, suffix):
    if suffix == ".gv":
        (files / "g.gv").write_text((files / "g.dot").read_text())
    data = json.loads(
        ok(
            "sum",
            files / f"g{suffix}",
            "--from",
            "a",
            "--to",
            "d",
            "--method",
            "all",
            "--json",
        )
    )
    assert data["values"] == {"paths": 7, "forward": 7, "reverse": 7}
    assert data["operations"]["paths"] == {"add": 1, "mul": 3}


def test_sum_table_and_semirings(files):
    out = ok("sum", files / "g.dot", "--from", "a", "--to", "d")
    assert out.splitlines() == [
        "the real path sum from a to d",
        "method   value  ⊕  ⊗",
        "reverse  7      1  4",
    ]
    for semiring, value in [
        ("min-plus", 2),
        ("MAX_PLUS", 6),
        ("counting", 2),
        ("boolean", True),
        ("max-times", 6),
    ]:
        data = json.loads(
            ok(
                "sum",
                files / "g.csv",
                "--from",
                "a",
                "--to",
                "d",
                "--semiring",
                semiring,
                "--json",
            )
        )
        assert data["values"]["reverse"] == value, semiring


def test_dot_names_are_kept_as_written_and_numbers_read(tmp_path):
    (tmp_path / "odd.dot").write_text(
        'digraph { "a:b" -> "node" [weight="1/3"]; "node" -> "x y" [weight=0.5]; }'
    )
    G = read_graph(tmp_path / "odd.dot")
    assert set(G) == {"a:b", "node", "x y"}
    assert G.edges["a:b", "node", 0]["weight"] == Fraction(1, 3)
    data = json.loads(
        ok("sum", tmp_path / "odd.dot", "--from", "a:b", "--to", "x y", "--json")
    )
    assert data["values"]["reverse"] == pytest.approx(1 / 6)


def test_integer_node_names_are_found_from_their_text(tmp_path):
    G = nx.DiGraph()
    G.add_weighted_edges_from([(1, 2, 3), (2, 3, 4)])
    (tmp_path / "ints.json").write_text(json.dumps(nx.node_link_data(G, edges="edges")))
    data = json.loads(
        ok("sum", tmp_path / "ints.json", "--from", "1", "--to", "3", "--json")
    )
    assert data["from"] == 1 and data["values"]["reverse"] == 12


def test_paths_lists_every_path_with_its_product(files):
    out = ok("paths", files / "g.edgelist", "--from", "a", "--to", "d")
    assert out.splitlines() == [
        "2 paths from a to d",
        "path           weights    product",
        "a → b → c → d  2 · 3 · 1  6",
        "a → c → d      1 · 1      1",
    ]
    data = json.loads(
        ok("paths", files / "g.edgelist", "--from", "a", "--to", "d", "--json")
    )
    assert data["count"] == 2
    assert data["paths"][1] == {
        "nodes": ["a", "c", "d"],
        "edges": [["a", "c"], ["c", "d"]],
        "product": 1,
    }


def diamonds(path, n):
    """A chain of `n` diamonds, 2**n paths from 0 to 2n."""
    lines = [f"{2 * i} {2 * i + j} 1\n" for i in range(n) for j in (1, 2)]
    lines += [f"{2 * i + 1} {2 * i + 2} 1\n" for i in range(n)]
    path.write_text("".join(lines))
    return path


def test_paths_shows_progress_on_a_terminal(tmp_path, monkeypatch, capsys):
    graph = diamonds(tmp_path / "diamonds.edgelist", 12)
    monkeypatch.setattr("pathsum.cli.commands._Progress.delay", 0.0)
    monkeypatch.setattr("pathsum.cli.commands._Progress.every", 0.0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["paths", str(graph), "--from", "0", "--to", "24"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("4,096 paths from 0 to 24")
    assert "\r1,024 of 4,096 paths" in captured.err
    assert "\r4,096 of 4,096 paths" in captured.err
    assert captured.err.endswith("\r\033[K")  # the line is cleared at the end


def test_stderr_on_a_terminal_is_detected(tmp_path):
    # In a fresh interpreter whose stderr is a pseudo-terminal, the report is on.
    main_fd, terminal = pty.openpty()
    script = "import pathsum.cli.commands as c; print(c._Progress(1).active)"
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(main_fd)
    assert result.stdout == "True\n"


def test_paths_shows_no_progress_when_stderr_is_not_a_terminal(tmp_path, files):
    result = run("paths", files / "g.dot", "--from", "a", "--to", "d")
    assert result.returncode == 0 and result.stderr == ""


# draw and jacobian


def test_draw_a_graph_file_with_highlight_and_overlay(files):
    out = ok(
        "draw",
        files / "g.dot",
        "-o",
        files / "g.svg",
        "--highlight",
        "a",
        "c",
        "--forward",
        "a",
    )
    assert out == f"wrote {files / 'g.svg'}\n"
    svg = (files / "g.svg").read_text(encoding="utf-8")
    assert "∂node/∂a by forward accumulation" in svg


def test_draw_a_program(files):
    ok(
        "draw",
        "-c",
        "y = sin(x) * x",
        "--at",
        "x=0.5",
        "-o",
        files / "p.dot",
        "--reverse",
        "y",
    )
    dot = (files / "p.dot").read_text(encoding="utf-8")
    assert "∂y/∂node by reverse accumulation" in dot and "cos(x)" in dot
    ok("draw", files / "colah.py", "--at", "a=2", "b=1", "-o", files / "c.dot")
    assert "e = c * d" in (files / "c.dot").read_text(encoding="utf-8")


def test_jacobian_of_a_program_chooses_the_cheaper_mode():
    # Two inputs, two outputs, and equal costs: reverse mode.
    out = ok("jacobian", "-c", "h = x * y\nu = sin(h)\nv = h + x", "--at", "x=0", "y=2")
    assert out.splitlines() == [
        "forward  2 passes over 7 edges in all",
        "reverse  2 passes over 7 edges in all  ← used",
        "",
        "   ∂/∂x  ∂/∂y",
        "u  2     0",
        "v  3     0",
    ]
    # One input, two outputs sharing h: forward mode touches fewer edges.
    out = ok("jacobian", "-c", "h = sin(x)\nu = h + 1\nv = h * 2", "--at", "x=0")
    assert out.splitlines()[:2] == [
        "forward  1 pass over 3 edges in all  ← used",
        "reverse  2 passes over 4 edges in all",
    ]


def test_jacobian_json_from_a_graph_file(files):
    data = json.loads(
        ok(
            "jacobian",
            files / "g.csv",
            "--inputs",
            "a",
            "b",
            "--outputs",
            "c",
            "d",
            "--mode",
            "forward",
            "--json",
        )
    )
    assert data["matrix"] == [[7, 3], [7, 3]]
    assert data["mode"] == "forward"
    assert data["cost"]["forward"] == {"passes": 2, "edges": 6}
    expected = ps.jacobian(read_graph(files / "g.csv"), ["a", "b"], ["c", "d"])
    assert data["matrix"] == expected.tolist()


# bad input: exit 2, one line on stderr naming the problem, no traceback

BAD = [
    (["sum", "missing.dot", "--from", "a", "--to", "b"], "missing.dot: no such file"),
    (["sum", "g.txt", "--from", "a", "--to", "b"], "unknown graph format '.txt'"),
    (["sum", "broken.dot", "--from", "a", "--to", "b"], "broken.dot: not valid DOT"),
    (["sum", "broken.json", "--from", "a", "--to", "b"], "broken.json: not JSON"),
    (["sum", "broken.graphml", "--from", "a", "--to", "b"], "broken.graphml: not XML"),
    (
        ["sum", "broken.edgelist", "--from", "a", "--to", "b"],
        "line 1: weight 'x' is not",
    ),
    (
        ["sum", "cycle.dot", "--from", "a", "--to", "b"],
        "the graph is not a DAG: it has a cycle of",
    ),
    (["sum", "undirected.dot", "--from", "a", "--to", "b"], "the graph is undirected"),
    (["sum", "g.dot", "--from", "zz", "--to", "d"], "source node 'zz' is not in the"),
    (["paths", "g.dot", "--from", "a", "--to", "q"], "target node 'q' is not in the"),
    (
        ["sum", "g.dot", "--from", "a", "--to", "d", "--semiring", "tropical"],
        "unknown semiring 'tropical'",
    ),
    (
        ["paths", "g.dot", "--from", "a", "--to", "d", "--limit", "1"],
        "2 paths from a to d, more than --limit 1",
    ),
    (["grad", "-c", "y = x +", "--at", "x=1"], "syntax error"),
    (["grad", "-c", "y = foo(x)", "--at", "x=1"], "unknown function 'foo'"),
    (["grad", "-c", "y = x * z", "--at", "x=1"], "no value given for input 'z'"),
    (["grad", "-c", "y = log(x)", "--at", "x=-1"], "log needs a positive argument"),
    (["grad", "-c", "y = x", "--at", "x=abc"], "'abc' is not a number"),
    (["grad", "-c", "y = x", "--at", "x"], "write NAME=VALUE"),
    (["grad", "-c", "y = x", "--at", "x=1", "--of", "nope"], "output node 'nope'"),
    (["grad", "nothing.py", "--at", "x=1"], "nothing.py: No such file"),
    (["grad", "g.dot"], "grad needs a program"),
    (["grad"], "give a program file or -c CODE"),
    (["draw", "g.dot", "-o", "out.xyz"], "cannot tell the format of 'out.xyz'"),
    (["paths", "g.dot"], "the following arguments are required: --from, --to"),
    (["sum", "g.dot"], "give --from S and --to T for the path sum between them"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    # The sources and sinks chosen are said only with an answer: the error is
    # the one line on stderr.
    (["jacobian", "text.csv"], "weight 'x', which is not a real value"),
    (["eliminate", "text.csv"], "weight 'x', which is not a real value"),
    (
        ["sum", "text.csv", "--from", "a", "--to", "c", "--method", "all"],
        "weight 'x', which is not a real value: a str",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line(files, args, message):
    (files / "broken.dot").write_text("digraph { a -> }")
    (files / "broken.json").write_text("not json")
    (files / "broken.graphml").write_text("<graphml>")
    (files / "broken.edgelist").write_text("a b x\n")
    (files / "cycle.dot").write_text("digraph { edge [weight=1] a -> b; b -> a }")
    (files / "undirected.dot").write_text("graph { a -- b }")
    (files / "g.txt").write_text("a b\n")
    result = run(*args, cwd=files)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("pathsum: error: ")
    assert message in line


def test_an_internal_error_exits_1_with_one_line(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(importlib.import_module("pathsum.explain"), "explain", broken)
    assert main(["demo", "--out", os.devnull]) == 1
    err = capsys.readouterr().err
    assert err == "pathsum: internal error: RuntimeError: boom (please report it)\n"


def test_numbers_on_the_command_line():
    assert number("3") == 3 and isinstance(number("3"), int)
    assert number("-1/3") == Fraction(-1, 3)
    assert number("0.5") == 0.5 and number("1e-3") == 0.001
    for bad in ("1/0", "nan", "inf", "x", ""):
        with pytest.raises(ValueError):
            number(bad)


# The command-line examples of the README and of the command-line guide are
# real: replay them.

ROOT = Path(__file__).parents[1]


def console_sessions(text):
    """Each ``console`` block of `text`, as (command, output) pairs; ``cat FILE``
    pairs give files to create."""
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        pairs = []
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
        sessions.append(pairs)
    return sessions


def readme_sessions():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return console_sessions(text.split("## Command line", 1)[1].split("\n## ", 1)[0])


def guide_sessions():
    return console_sessions((ROOT / "docs/guides/cli.md").read_text(encoding="utf-8"))


def replay(sessions, folder):
    for pairs in sessions:
        for command, output in pairs:
            words = shlex.split(command)
            if words[0] == "cat":
                (folder / words[1]).write_text(output, encoding="utf-8")
                continue
            assert words[0] == "pathsum", command
            result = run(*words[1:], cwd=folder)
            shown = result.stdout if result.returncode == 0 else result.stderr
            assert shown == output, command
            assert result.returncode == (2 if "error:" in output else 0)


def test_the_readme_command_examples_give_the_output_shown(tmp_path):
    sessions = readme_sessions()
    assert sum(len(pairs) for pairs in sessions) >= 8
    replay(sessions, tmp_path)


def test_the_guide_command_examples_give_the_output_shown(tmp_path):
    sessions = guide_sessions()
    assert sum(len(pairs) for pairs in sessions) >= 8
    replay(sessions, tmp_path)


# Weights: named, never defaulted silently


@pytest.fixture
def build(tmp_path):
    """A build graph whose edges carry `duration` and `label`, no `weight`."""
    G = nx.DiGraph()
    G.add_edge("a", "b", duration=2.0, label="compile")
    G.add_edge("b", "c", duration=3.0, label="link")
    G.add_edge("a", "c", duration=1.0, label="copy")
    nx.write_graphml(G, tmp_path / "g.graphml")
    return tmp_path


def test_a_file_without_the_weight_attribute_is_refused_naming_what_it_has(build):
    # On the first release this printed 0, the max-plus one, with exit 0.
    for extra in ([], ["--weight", "durration"]):
        result = run(
            "sum", "g.graphml", "--from", "a", "--to", "c", "--semiring", "max-plus",
            *extra, cwd=build,
        )  # fmt: skip
        assert result.returncode == 2 and result.stdout == ""
        attribute = extra[1] if extra else "weight"
        assert result.stderr == (
            f"pathsum: error: no edge of g.graphml has a {attribute!r} attribute; "
            "the edges carry: duration, label; pass --weight duration, or "
            "--unweighted\n"
        )


def test_weight_unweighted_and_default_weight(build):
    def value(*args):
        out = ok("sum", "g.graphml", "--from", "a", "--to", "c", "--json", *args,
                 cwd=build)  # fmt: skip
        return json.loads(out)["values"]["reverse"]

    assert value("--semiring", "max-plus", "--weight", "duration") == 5.0
    assert value("--semiring", "min-plus", "--weight", "duration") == 1.0
    assert value("--unweighted") == 2  # every edge one: the number of paths
    assert value("--semiring", "counting") == 2  # counting reads no weight
    assert value("--weight", "duration", "--default-weight", "7") == 7.0
    assert value("--default-weight", "1/2") == "3/4"  # exact, as JSON shows it


def test_an_edge_without_the_attribute_is_exit_2_with_the_library_message(tmp_path):
    (tmp_path / "g.edgelist").write_text("a b 2\nb c\n")
    result = run("sum", "g.edgelist", "--from", "a", "--to", "c", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("pathsum: error: edge ('b', 'c') has no 'weight' attrib")
    filled = ok("sum", "g.edgelist", "--from", "a", "--to", "c", "--default-weight",
                "3", "--json", cwd=tmp_path)  # fmt: skip
    assert json.loads(filled)["values"]["reverse"] == 6


@pytest.mark.parametrize("command", ["sum", "paths", "draw", "jacobian"])
def test_every_graph_command_takes_the_weight_options(build, command):
    args = {
        "draw": ["-o", "out.dot", "--forward", "a"],
        "jacobian": ["--inputs", "a", "--outputs", "c"],
    }.get(command, ["--from", "a", "--to", "c"])
    result = run(command, "g.graphml", *args, cwd=build)
    assert result.returncode == 2
    assert "pass --weight duration, or --unweighted" in result.stderr
    ok(command, "g.graphml", *args, "--weight", "duration", cwd=build)
    ok(command, "g.graphml", *args, "--unweighted", cwd=build)
    bad = run(command, "g.graphml", *args, "--unweighted", "--weight", "duration",
              cwd=build)  # fmt: skip
    assert bad.returncode == 2 and "--unweighted reads no weight" in bad.stderr


# Edge lists and CSV


def test_a_networkx_edgelist_gives_the_longest_path_networkx_gives(tmp_path):
    G = nx.gnp_random_graph(12, 0.4, seed=3, directed=True)
    G = nx.DiGraph([(u, v, {"duration": (u * 7 + v) % 5 + 0.5}) for u, v in G.edges
                    if u < v])  # fmt: skip
    nx.write_edgelist(G, tmp_path / "g.edgelist")
    longest = nx.dag_longest_path(G, weight="duration")
    source, target = str(longest[0]), str(longest[-1])
    data = json.loads(
        ok("sum", "g.edgelist", "--from", source, "--to", target, "--weight",
           "duration", "--semiring", "max-plus", "--json", cwd=tmp_path)
    )  # fmt: skip
    assert data["values"]["reverse"] == nx.dag_longest_path_length(G, weight="duration")


# DOT files: every edge


def test_dot_edges_inside_subgraphs_count(tmp_path):
    # from_pydot dropped the cluster's edges: the answer was 1.
    (tmp_path / "f.dot").write_text(
        "digraph { a -> c [weight=1]; subgraph cluster_0 { a -> b [weight=2]; "
        "b -> c [weight=3] } }"
    )
    assert ok("sum", "f.dot", "--from", "a", "--to", "c", cwd=tmp_path).splitlines()[
        2
    ] == ("reverse  7      1  3")


def test_deeply_nested_dot_reads_quickly(tmp_path):
    # pydot took 72 s at 12 levels and ended in RecursionError (exit 1) at 50.
    depth = 3000
    (tmp_path / "deep.dot").write_text(
        "digraph {" + "subgraph {" * depth + "a -> b [weight=4]" + "}" * depth + "}"
    )
    out = ok("sum", "deep.dot", "--from", "a", "--to", "b", "--json", cwd=tmp_path)
    assert json.loads(out)["values"]["reverse"] == 4


# Malformed files: exit 2 and one line, never an internal error

MALFORMED = [
    ("nodes.json", '{"nodes": [1]}'),
    ("deep.json", "[" * 2000 + "]" * 2000),
    ("quote.csv", 'source,target\na,"b\n'),
    ("text.graphml", "not XML at all"),
    ("binary.graphml", bytes(range(256))),
    ("binary.dot", bytes(range(256))),
    ("binary.edgelist", bytes(range(256))),
]


@pytest.mark.parametrize(("name", "content"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_files_exit_2_with_one_line(tmp_path, name, content):
    if isinstance(content, bytes):
        (tmp_path / name).write_bytes(content)
    else:
        (tmp_path / name).write_text(content)
    result = run("sum", name, "--from", "a", "--to", "b", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"pathsum: error: {name}: ")


# The command does what the library does


def test_version():
    assert ok("--version") == f"pathsum {ps.__version__}\n"


def test_the_command_line_is_parsed_without_the_heavy_modules():
    # pathsum --help and a mistyped option answer as fast as import networkx.
    code = (
        "import sys, pathsum.cli.parser as cli; cli._parser().parse_args(['sum', "
        "'g.dot',"
        " '--from', 'a', '--to', 'b']); print(*[m for m in ('numpy', 'pydot', "
        "'hypothesis', 'networkx', 'pathsum.programs', 'pathsum.drawing', "
        "'pathsum.cli.commands') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": SOURCE},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "\n"
    from pathsum.cli.shared import JACOBIAN_MODES
    from pathsum.jacobian import MODES

    assert JACOBIAN_MODES == MODES
    from pathsum.cli.shared import ELIMINATION_ORDERS
    from pathsum.elimination import ORDERS

    assert ELIMINATION_ORDERS == ORDERS
    from pathsum.cli.shared import MAX_DRAWS
    from pathsum.sampling import MAX_DRAWS as LIBRARY_MAX_DRAWS

    assert MAX_DRAWS == LIBRARY_MAX_DRAWS


def test_every_option_has_help_text():
    from pathsum.cli.parser import _parser

    parser = _parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    for name, command in commands.choices.items():
        for action in command._actions:
            assert action.help, f"pathsum {name} {action.option_strings or action.dest}"
    assert "the start node" in ok("sum", "--help")


def png_width(path):
    return int.from_bytes(path.read_bytes()[16:20], "big")


def test_draw_without_an_overlay_needs_no_weights(tmp_path):
    (tmp_path / "plain.dot").write_text("digraph { a -> b -> c }")
    assert ok("draw", "plain.dot", "-o", "p.dot", cwd=tmp_path) == "wrote p.dot\n"
    refused = run("draw", "plain.dot", "-o", "p.dot", "--reverse", "c", cwd=tmp_path)
    assert refused.returncode == 2 and "pass --unweighted" in refused.stderr


def test_draw_title_dpi_semiring_and_mermaid(files):
    ok("draw", "g.dot", "-o", "72.png", "--dpi", "72", cwd=files)
    ok("draw", "g.dot", "-o", "144.png", "--dpi", "144", cwd=files)
    assert png_width(files / "144.png") > 1.8 * png_width(files / "72.png")
    ok("draw", "g.dot", "-o", "g.svg", "--title", "Build graph", "--semiring",
       "max-plus", "--forward", "a", cwd=files)  # fmt: skip
    svg = (files / "g.svg").read_text(encoding="utf-8")
    assert "Build graph" in svg
    assert "max&#45;plus sum a→node by forward accumulation" in svg
    assert ">6<" in svg  # the longest a -> d path, 2 + 3 + 1
    for suffix in (".mmd", ".mermaid"):
        out = ok("draw", "g.dot", "-o", f"g{suffix}", "--title", "T", cwd=files)
        assert out == f"wrote g{suffix}\n"
        text = (files / f"g{suffix}").read_text(encoding="utf-8")
        expected = ps.to_mermaid(read_graph(files / "g.dot"), title="T", rankdir="BT")
        assert text == expected + "\n"
    bad = run("draw", "g.dot", "-o", "g.svg", "--dpi", "96", cwd=files)
    assert bad.returncode == 2 and "--dpi sets the resolution of a .png" in bad.stderr


def test_jacobian_of_a_graph_file_defaults_to_its_sources_and_sinks(tmp_path):
    (tmp_path / "g.edgelist").write_text("z m 2\na m 3\nm y 5\nm b 7\nq r 1\n")
    result = run("jacobian", "g.edgelist", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "pathsum: inputs (the sources): z, a, q; outputs (the sinks): y, b, r\n"
    )
    data = json.loads(result.stdout)
    assert data["inputs"] == ["z", "a", "q"] and data["outputs"] == ["y", "b", "r"]
    assert data["matrix"] == [[10, 15, 0], [14, 21, 0], [0, 0, 1]]
    result = run("jacobian", "g.edgelist", "--inputs", "a", cwd=tmp_path)
    assert result.stderr == "pathsum: outputs (the sinks): y, b, r\n"


def test_grad_prints_the_gradient_before_a_drawing_that_fails(tmp_path):
    env = {**os.environ, "PATHSUM_DOT": str(tmp_path / "no-such-dot")}
    result = run("grad", "-c", COLAH, "--at", "a=2", "b=1", "--draw", "g.svg",
                 cwd=tmp_path, env=env)  # fmt: skip
    assert result.returncode == 3
    assert result.stdout.splitlines() == [
        "e = 6 at a = 2, b = 1",
        "wrt  ∂e/∂wrt",
        "a    2",
        "b    5",
    ]
    (line,) = result.stderr.splitlines()
    assert line.startswith("pathsum: warning: could not draw g.svg: ")
    assert not (tmp_path / "g.svg").exists()
    bad = run("grad", "-c", COLAH, "--at", "a=2", "b=1", "--draw", "g.xyz",
              cwd=tmp_path)  # fmt: skip
    assert bad.returncode == 2 and bad.stdout == ""


# Enumeration is bounded on the command line

SIN_COS = "y = sin(x) + cos(x)\n" + "y = sin(y) + cos(y)\n" * 59


@pytest.mark.parametrize(
    "args",
    [
        ["sum", "diamonds.edgelist", "--from", "0", "--to", "400", "--method", "paths"],
        ["sum", "diamonds.edgelist", "--from", "0", "--to", "400", "--method", "all"],
        [
            "jacobian",
            "diamonds.edgelist",
            "--inputs",
            "0",
            "--outputs",
            "400",
            "--mode",
            "paths",
        ],
        ["grad", "-c", SIN_COS, "--at", "x=1", "--method", "paths"],
        ["grad", "-c", SIN_COS, "--at", "x=1", "--method", "all"],
        ["jacobian", "-c", SIN_COS, "--at", "x=1", "--mode", "paths"],
    ],
    ids=["sum-paths", "sum-all", "jacobian-file", "grad-paths", "grad-all", "jac-code"],
)
def test_enumeration_past_max_paths_is_exit_2_not_a_hang(tmp_path, args):
    diamonds(tmp_path / "diamonds.edgelist", 200)
    result = run(*args, cwd=tmp_path)  # the timeout bounds a hang
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert (
        "paths" in line and "more than --max-paths 1,000,000; raise --max-paths" in line
    )


def test_max_paths_sets_the_limit(files):
    args = ["sum", "g.dot", "--from", "a", "--to", "d", "--method", "paths"]
    refused = run(*args, "--max-paths", "1", cwd=files)
    assert refused.returncode == 2
    assert "2 paths from a to d, more than --max-paths 1" in refused.stderr
    assert ok(*args, "--max-paths", "2", cwd=files).splitlines()[2] == (
        "paths   7      1  3"
    )


def test_paths_products_in_the_semiring_asked_for(files):
    out = ok("paths", "g.edgelist", "--from", "a", "--to", "d", "--semiring",
             "max-plus", cwd=files)  # fmt: skip
    assert out.splitlines() == [
        "2 paths from a to d",
        "path           weights    max-plus ⊗",
        "a → b → c → d  2 · 3 · 1  6",
        "a → c → d      1 · 1      2",
    ]
    data = json.loads(ok("paths", "g.edgelist", "--from", "a", "--to", "d",
                         "--semiring", "counting", "--json", cwd=files))  # fmt: skip
    assert [p["product"] for p in data["paths"]] == [1, 1]


# Any command line exits 0 or 2


@pytest.fixture(scope="module")
def fuzz_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "g.dot").write_text(
        "digraph { edge [weight=2] a -> b; subgraph cluster_0 { b -> c [weight=3] }"
        " a -> c; c -> d [duration=1] }"
    )
    (folder / "g.edgelist").write_text("a b {'weight': 2, 'duration': 1.5}\nb c 3\n")
    (folder / "g.csv").write_text("from,to,weight\na,b,2\nb,c,\nc,d,1/3\n")
    (folder / "prog.py").write_text(COLAH)
    (folder / "empty.json").write_text('{"nodes": [], "links": []}')
    (folder / "big.csv").write_text("source,target,weight\na,b,1e308\nb,c,1e308\n")
    return folder


_WORDS = [
    "sum", "paths", "draw", "jacobian", "grad", "best", "--from", "--to", "--weight",
    "--unweighted", "--default-weight", "--semiring", "--method", "--max-paths",
    "--limit", "--json", "-o", "--highlight", "--forward", "--reverse", "--title",
    "--dpi", "--inputs", "--outputs", "--mode", "-c", "--at", "--of", "--wrt",
    "--draw", "--version", "a", "b", "c", "d", "zz", "0", "2", "-1", "1/0", "nan",
    "1e400", "max-plus", "min-plus", "counting", "boolean", "free", "polynomial",
    "log", "paths", "all", "forward", "reverse", "auto", "duration", "weight",
    "a=2", "b=1", "x=1", "y = x * x", "c = a + b\nd = b + 1\ne = c * d", "e",
    "marginals", "sample", "eliminate", "-n", "-k", "--nodes", "--seed", "--order",
    "markowitz", "min-fill", "max-times", "5e-324",
]  # fmt: skip
_FILES = ["g.dot", "g.edgelist", "g.csv", "prog.py", "empty.json", "no.dot", "g.txt",
          "out.dot", "out.mmd", "out.gv", "big.csv"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(_WORDS)
        | st.sampled_from(_FILES).map(lambda name: f"{{}}/{name}")
        | st.text(max_size=6),
        max_size=12,
    )
)
def test_every_command_line_exits_0_or_2(fuzz_files, words):
    argv = [word.replace("{}", str(fuzz_files)) for word in words]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # --help and --version
            status = exc.code
    assert status in (0, 2), (argv, err.getvalue())
    if status == 2:
        assert err.getvalue().count("\n") <= 2, err.getvalue()


# best


BUILD = """digraph build {
  edge [duration=1]
  fetch -> compile [duration=4]
  subgraph cluster_tests { edge [duration=2] compile -> unit -> report
    compile -> lint }
  lint -> report
  report -> ship
}
"""


def test_best_prints_the_path_that_attains_the_sum(tmp_path):
    (tmp_path / "build.dot").write_text(BUILD)
    args = ["best", "build.dot", "--from", "fetch", "--to", "ship", "--weight",
            "duration"]  # fmt: skip
    assert ok(*args, cwd=tmp_path).splitlines() == [
        "the max-plus best path from fetch to ship",
        "path                                    weights        max-plus ⊗",
        "fetch → compile → unit → report → ship  4 · 2 · 2 · 1  9",
    ]
    data = json.loads(ok(*args, "--semiring", "min-plus", "--json", cwd=tmp_path))
    assert data["value"] == 8 and data["semiring"] == "min-plus"
    assert data["nodes"] == ["fetch", "compile", "lint", "report", "ship"]
    assert data["edges"][0] == ["fetch", "compile", 0]
    G = read_graph(tmp_path / "build.dot")
    assert data["value"] == ps.path_sum(G, "fetch", "ship", weight="duration",
                                        semiring=ps.MIN_PLUS)  # fmt: skip


def test_best_k_lists_the_best_paths_best_first(tmp_path):
    (tmp_path / "build.dot").write_text(BUILD)
    args = ["best", "build.dot", "--from", "fetch", "--to", "ship", "--weight",
            "duration"]  # fmt: skip
    # -k past the number of paths lists them all.
    assert ok(*args, "-k", "5", cwd=tmp_path).splitlines() == [
        "the max-plus 2 best paths from fetch to ship",
        "path                                    weights        max-plus ⊗",
        "fetch → compile → unit → report → ship  4 · 2 · 2 · 1  9",
        "fetch → compile → lint → report → ship  4 · 2 · 1 · 1  8",
    ]
    data = json.loads(ok(*args, "-k", "2", "--semiring", "min-plus", "--json",
                         cwd=tmp_path))  # fmt: skip
    G = read_graph(tmp_path / "build.dot")
    expected = list(
        ps.k_best_paths(G, "fetch", "ship", weight="duration", semiring=ps.MIN_PLUS)
    )
    assert [(p["value"], [tuple(e) for e in p["edges"]]) for p in data["paths"]] == [
        (value, list(path)) for value, path in expected
    ]
    assert data["value"] == expected[0][0] == 8
    # -k past sys.maxsize was an internal error (islice refused it).
    assert ok(*args, "-k", "99999999999999999999", cwd=tmp_path) == ok(
        *args, "-k", "2", cwd=tmp_path
    )
    diamonds(tmp_path / "diamonds.edgelist", 200)
    result = run("best", "diamonds.edgelist", "--from", "0", "--to", "400", "-k",
                 "99999999999999999999", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "-k 99999999999999999999 is more than 1,000,000 paths, the most" in line
    assert "there are 1,606,938,044," in line
    out = ok(*args, "-k", "2", "--draw", "best.dot", cwd=tmp_path)
    dot = (tmp_path / "best.dot").read_text(encoding="utf-8")
    edges = [line for line in dot.splitlines() if " -> " in line]
    assert out.endswith("wrote best.dot\n")
    assert sum("#d62728" in line for line in edges) == 6  # both paths' edges


def test_marginals_give_the_sum_through_each_edge_and_node(files, tmp_path):
    G = read_graph(files / "g.csv")
    assert ok(
        "marginals", files / "g.csv", "--from", "a", "--to", "d"
    ).splitlines() == [
        "the real path sum from a to d: 7, through each edge",
        "edge   through it",
        "a → b  6",
        "a → c  1",
        "b → c  6",
        "c → d  7",
    ]
    data = json.loads(ok("marginals", files / "g.csv", "--from", "a", "--to", "d",
                         "--semiring", "max-plus", "--json"))  # fmt: skip
    expected = ps.edge_marginals(G, "a", "d", semiring=ps.MAX_PLUS)
    assert data["total"] == 6
    assert {tuple(item["edge"]): item["value"] for item in data["edges"]} == expected
    out = ok("marginals", files / "g.csv", "--from", "a", "--to", "d", "--nodes",
             "--unweighted", "--semiring", "counting")  # fmt: skip
    assert out.splitlines()[2:] == ["a     2", "b     1", "c     2", "d     2"]
    ok("marginals", files / "g.csv", "--from", "a", "--to", "d", "--draw",
       tmp_path / "m.dot")  # fmt: skip
    dot = (tmp_path / "m.dot").read_text(encoding="utf-8")
    assert "penwidth" in dot and "through each edge" in dot


def test_sample_draws_reproducible_paths(files):
    args = ["sample", files / "g.csv", "--from", "a", "--to", "d", "-n", "40"]
    first = ok(*args, "--seed", "7")
    assert first == ok(*args, "--seed", "7")
    lines = first.splitlines()
    assert len(lines) == 40 and set(lines) == {"a → b → c → d", "a → c → d"}
    data = json.loads(ok(*args, "--seed", "7", "--json"))
    G = read_graph(files / "g.csv")
    drawn = ps.sample_paths(G, "a", "d", 40, seed=7)
    assert [[tuple(e) for e in p["edges"]] for p in data["paths"]] == [
        list(path) for path in drawn
    ]
    result = run("sample", files / "g.csv", "--from", "d", "--to", "a", "-n", "1")
    assert result.returncode == 2 and "no path" in result.stderr


def test_best_draws_the_path_highlighted(tmp_path):
    (tmp_path / "build.dot").write_text(BUILD)
    out = ok("best", "build.dot", "--from", "fetch", "--to", "ship", "--weight",
             "duration", "--draw", "best.dot", cwd=tmp_path)  # fmt: skip
    assert out.endswith("wrote best.dot\n")
    dot = (tmp_path / "best.dot").read_text(encoding="utf-8")
    edges = [line for line in dot.splitlines() if " -> " in line]
    assert sum("#d62728" in line for line in edges) == 4  # the path's edges
    assert sum("#b0b0b0" in line for line in edges) == 2  # the others, muted
    assert "max-plus best path from fetch to ship: 9" in dot


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--from", "ship", "--to", "fetch"], "no path from 'ship' to 'fetch'"),
        (["--from", "a", "--to", "b", "--semiring", "real"], "'real' has no best pa"),
        (["--from", "fetch", "--to", "ship", "--weight", "time"], "pass --weight dur"),
    ],
)
def test_best_refuses_with_one_line(tmp_path, extra, message):
    (tmp_path / "build.dot").write_text(BUILD)
    result = run("best", "build.dot", "--weight", "duration", *extra, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert message in line


def test_at_may_be_repeated_and_an_unused_input_is_a_one_line_warning():
    # --at x=1 --at z=2 used to keep only the last, so x had no value.
    result = run("grad", "-c", "y = x * 2", "--at", "x=1", "--at", "z=2")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "y = 2 at x = 1, z = 2",
        "wrt  ∂y/∂wrt",
        "x    2",
        "z    0",
    ]
    (line,) = result.stderr.splitlines()
    assert line.startswith("pathsum: warning: input 'z' is not used by the program")


def test_eliminate_compares_the_orders_and_gives_the_jacobian(tmp_path):
    code = ["-c", "c = a + b; d = b + 1; e = c * d", "--at", "a=2", "b=1"]
    assert ok("eliminate", *code).splitlines() == [
        "order      ⊗  ⊕",
        "forward    3  1",
        "reverse    3  1",
        "markowitz  3  1  ← used",
        "min-fill   3  1",
        "",
        "eliminated in markowitz order, the cheapest: d, c",
        "",
        "   ∂/∂a  ∂/∂b",
        "e  2     5",
    ]
    data = json.loads(ok("eliminate", *code, "--order", "forward", "--json"))
    G = ps.program_graph("c = a + b\nd = b + 1\ne = c * d", a=2, b=1)
    result = ps.eliminate(G, ["a", "b"], ["e"], order="forward")
    assert data["matrix"] == result.jacobian.tolist() == [[2, 5]]
    assert data["eliminated"] == result.order == ["c", "d"]
    assert data["costs"]["reverse"] == {"multiplications": 3, "additions": 1}
    out = ok("eliminate", *code, "--draw", tmp_path / "steps")
    assert out.endswith(f"wrote {tmp_path / 'steps' / 'markowitz.svg'}\n")
    svg = (tmp_path / "steps" / "markowitz.svg").read_text(encoding="utf-8")
    assert "step 1: eliminate d" in svg and "Jacobian" in svg
    table = ok("jacobian", *code, "--mode", "markowitz").splitlines()
    assert "markowitz elimination: 3 ⊗, 1 ⊕  ← used" in table
    assert table[-1] == "e  2     5"
    result = run("eliminate", *code, "--order", "sideways")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_json_has_no_infinity_and_a_cyclic_file_shows_its_cycle(tmp_path):
    (tmp_path / "apart.csv").write_text("source,target,weight\na,b,1\nx,y,1\n")
    out = ok("sum", "apart.csv", "--from", "a", "--to", "x", "--semiring",
             "min-plus", "--json", cwd=tmp_path)  # fmt: skip
    assert "Infinity" not in out  # RFC 8259 has no Infinity
    assert json.loads(out)["values"] == {"reverse": "inf"}
    (tmp_path / "cyc.csv").write_text("source,target,weight\na,b,1\nb,a,2\n")
    for command in ("jacobian", "eliminate"):
        result = run(command, "cyc.csv", cwd=tmp_path)
        assert result.returncode == 2
        assert "not a DAG: it has a cycle of 2 edges" in result.stderr
    # A refused eliminate leaves no directory behind.
    result = run("eliminate", "cyc.csv", "--inputs", "zz", "--outputs", "a",
                 "--draw", "steps", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2 and not (tmp_path / "steps").exists()


# sample: weights it cannot draw by, and more draws than fit in memory


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        # 1e308 · 1e308 passes the largest float: this was an internal error.
        ("s,a,1e308\na,t,1e308\n", "add up past the largest float"),
        ("s,a,0\na,t,1\n", "no path of positive weight"),
        # Parallel edges whose sum is positive though each share underflows.
        ("s,a,5e-324\ns,a,5e-324\na,t,0.4\n", "underflows a float"),
    ],
    ids=["overflow", "zero", "underflow"],
)
def test_sample_refuses_weights_it_cannot_draw_by_with_one_line(
    tmp_path, rows, message
):
    (tmp_path / "g.csv").write_text("source,target,weight\n" + rows)
    result = run("sample", "g.csv", "--from", "s", "--to", "t", "-n", "3", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("pathsum: error: ") and message in line


@contextlib.contextmanager
def running(*args, cwd):
    """The command running, with pipes for its output, killed after a minute
    at most (drawing every path before printing one, it printed nothing)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pathsum.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": SOURCE},
    )
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    try:
        yield process
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()


ENDLESS = ["sample", "g.csv", "--from", "a", "--to", "d", "-n", "99999999999999999999"]


def test_sample_prints_draws_as_they_come_and_stops_when_the_reader_does(files):
    # -n 99999999999999999999 drew every path before printing one: it ran until
    # it was killed.
    with running(*ENDLESS, "--seed", "3", cwd=files) as process:
        lines = [process.stdout.readline() for _ in range(3)]
        process.stdout.close()  # the reader goes away, as `| head -n 3` does
        err = process.stderr.read()
        process.wait(timeout=60)
    assert err == ""
    first = ok("sample", "g.csv", "--from", "a", "--to", "d", "-n", "3", "--seed",
               "3", cwd=files)  # fmt: skip
    assert "".join(lines) == first and len(first.splitlines()) == 3


def test_sample_stops_quietly_on_ctrl_c(files):
    with running(*ENDLESS, cwd=files) as process:
        assert process.stdout.readline().startswith("a → ")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == ""


def test_sample_json_refuses_more_draws_than_one_document_holds(files):
    result = run("sample", "g.csv", "--from", "a", "--to", "d", "-n", "10000001",
                 "--json", cwd=files)  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "-n 10000001 is more than 10,000,000 draws" in line
    assert "drop --json" in line


# Whole-graph answers: best over every source and sink, sums at every node


WIDE = "source,target,w\nx,a,1\na,b,4\ny,a,3\nb,p,2\nb,q,5\nx,q,1\nz,q,2\n"


def test_best_without_ends_is_the_best_path_over_every_source_and_sink(tmp_path):
    (tmp_path / "g.csv").write_text(WIDE)
    G = read_graph(tmp_path / "g.csv")
    longest = nx.dag_longest_path(G, weight="w")
    assert ok("best", "g.csv", "--weight", "w", cwd=tmp_path).splitlines() == [
        "the max-plus best path over every source and sink, from y to q",
        "path           weights    max-plus ⊗",
        "y → a → b → q  3 · 4 · 5  12",
    ]
    data = json.loads(ok("best", "g.csv", "--weight", "w", "--json", cwd=tmp_path))
    assert data["nodes"] == longest == ["y", "a", "b", "q"]
    assert data["value"] == nx.dag_longest_path_length(G, weight="w") == 12
    assert (data["from"], data["to"]) == ("y", "q")
    shortest = ok("best", "g.csv", "--weight", "w", "--semiring", "min-plus",
                  cwd=tmp_path)  # fmt: skip
    assert shortest.splitlines()[0].endswith("from x to q")
    assert shortest.splitlines()[2] == "x → q  1        1"
    # One end given: the best over the other end's candidates.
    from_x = json.loads(ok("best", "g.csv", "--weight", "w", "--from", "x",
                           "--json", cwd=tmp_path))  # fmt: skip
    assert from_x["nodes"] == ["x", "a", "b", "q"] and from_x["value"] == 10
    to_p = ok("best", "g.csv", "--weight", "w", "--to", "p", cwd=tmp_path)
    assert to_p.splitlines()[0] == (
        "the max-plus best path over every source, from y to p"
    )
    assert to_p.splitlines()[2].startswith("y → a → b → p")
    result = run("best", "g.csv", "--weight", "w", "-k", "2", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "-k lists the K best paths between two nodes: give --from S and --to" in line
    # From a sink the one path is the empty one; from a lone node there is none.
    assert ok("best", "g.csv", "--weight", "w", "--from", "p", "--json",
              cwd=tmp_path).count('"edges": []') == 2  # fmt: skip
    (tmp_path / "lone.dot").write_text("digraph { a -> b [w=1]; a -> d [w=2]; c }")
    result = run("best", "lone.dot", "--weight", "w", "--from", "c", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "no path from 'c' to any sink" in line


def test_best_unweighted_counts_hops(tmp_path):
    # --unweighted weighed every edge the semiring's one, 0 in max-plus and
    # min-plus, so that every path weighed 0.
    (tmp_path / "g.csv").write_text(WIDE)
    G = read_graph(tmp_path / "g.csv")
    longest = json.loads(ok("best", "g.csv", "--unweighted", "--json", cwd=tmp_path))
    assert longest["value"] == nx.dag_longest_path_length(G) == 3
    shortest = json.loads(ok("best", "g.csv", "--unweighted", "--semiring",
                             "min-plus", "--json", cwd=tmp_path))  # fmt: skip
    assert shortest["value"] == 1 and shortest["nodes"] == ["x", "q"]
    between = json.loads(ok("best", "g.csv", "--unweighted", "--from", "x", "--to",
                            "q", "--json", cwd=tmp_path))  # fmt: skip
    assert between["value"] == 3


def test_sum_from_or_to_alone_gives_the_path_sum_at_every_node(files):
    G = read_graph(files / "g.csv")
    assert ok("sum", "g.csv", "--from", "a", cwd=files).splitlines() == [
        "the real path sum from a to each node, by forward accumulation",
        "node  value",
        "a     1",
        "b     2",
        "c     7",
        "d     7",
    ]
    assert ok("sum", "g.csv", "--to", "c", cwd=files).splitlines() == [
        "the real path sum to c from each node, by reverse accumulation",
        "node  value",
        "a     7",
        "b     3",
        "c     1",
    ]
    data = json.loads(ok("sum", "g.csv", "--to", "d", "--semiring", "max-plus",
                         "--json", cwd=files))  # fmt: skip
    expected = ps.reverse_path_sums(G, "d", semiring=ps.MAX_PLUS)
    assert {item["node"]: item["value"] for item in data["nodes"]} == expected
    assert (data["from"], data["to"], data["method"]) == (None, "d", "reverse")
    data = json.loads(ok("sum", "g.csv", "--from", "b", "--json", cwd=files))
    assert {item["node"]: item["value"] for item in data["nodes"]} == (
        ps.forward_path_sums(G, "b")
    )
    for args, message in [
        ([], "give --from S and --to T for the path sum between them, or one"),
        (["--from", "a", "--method", "paths"], "--from alone sums at every node"),
        (["--to", "zz"], "target node 'zz' is not in the graph"),
    ]:
        result = run("sum", "g.csv", *args, cwd=files)
        assert result.returncode == 2 and result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert message in line


# Long paths wrap to the terminal's width


def test_long_paths_wrap_to_the_terminal_width(tmp_path):
    # A 150-edge path was one line of over a thousand characters.
    (tmp_path / "chain.edgelist").write_text(
        "".join(f"{i} {i + 1} 1\n" for i in range(150))
    )
    nodes = " → ".join(map(str, range(151)))
    for command, value in [("best", "150"), ("paths", "1")]:
        args = [command, "chain.edgelist", "--from", "0", "--to", "150"]
        lines = ok(*args, cwd=tmp_path, columns=100).splitlines()
        assert max(map(len, lines)) <= 100
        header, rows = lines[1], lines[2:]
        weights, last = header.index("weights"), header.rindex("  ") + 2
        assert " ".join(row[:weights].strip() for row in rows) == nodes
        assert " ".join(row[weights:last].strip() for row in rows).strip() == (
            " · ".join(["1"] * 150)
        )
        assert rows[0].endswith(f"  {value}") and rows[1].startswith("→ ")
        # On a terminal wide enough a path is one line; --json is as it was.
        wide = ok(*args, cwd=tmp_path, columns=2000).splitlines()
        assert wide[2].startswith(nodes + "  1 · 1")
        data = json.loads(ok(*args, "--json", cwd=tmp_path, columns=100))
        assert data["paths"][0]["nodes"] == list(map(str, range(151)))


# eliminate: the cheapest order by default

# Forward elimination takes 5 products here, Markowitz's greedy choice 6.
FORWARD_IS_CHEAPER = (
    "source,target,weight\na,b,2\na,d,3\na,e,5\na,f,7\na,g,11\nb,c,13\n"
    "b,d,17\nb,f,19\nd,g,23\ne,f,29\n"
)


def test_eliminate_without_an_order_uses_the_cheapest(tmp_path):
    (tmp_path / "g.csv").write_text(FORWARD_IS_CHEAPER)
    G = read_graph(tmp_path / "g.csv")
    inputs, outputs = ["a"], ["c", "f", "g"]
    costs = {order: ps.elimination_cost(G, inputs, outputs, order=order)
             for order in ("forward", "markowitz")}  # fmt: skip
    assert costs["forward"] < costs["markowitz"]
    result = run("eliminate", "g.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "order      ⊗  ⊕",
        "forward    5  4  ← used",
        "reverse    6  4",
        "markowitz  6  4",
        "min-fill   6  4",
    ]
    assert lines[6] == "eliminated in forward order, the cheapest: b, d, e"
    data = json.loads(ok("eliminate", "g.csv", "--json", "--inputs", *inputs,
                         "--outputs", *outputs, cwd=tmp_path))  # fmt: skip
    assert data["order"] == "forward" and data["multiplications"] == 5
    assert data["matrix"] == ps.jacobian(G, inputs, outputs).tolist()
    named = ok("eliminate", "g.csv", "--order", "markowitz", "--inputs", *inputs,
               "--outputs", *outputs, cwd=tmp_path)  # fmt: skip
    assert "markowitz  6  4  ← used" in named
    assert "eliminated in markowitz order: " in named


# Counts in messages are exact


def test_too_many_paths_gives_the_exact_count(tmp_path):
    diamonds(tmp_path / "diamonds.edgelist", 200)
    exact = f"{2**200:,} (about 1.61e+60) paths from 0 to 400"
    for args, limit in [
        (["sum", "--method", "paths"], "more than --max-paths 1,000,000"),
        (["paths"], "more than --limit 10,000"),
    ]:
        result = run(args[0], "diamonds.edgelist", "--from", "0", "--to", "400",
                     *args[1:], cwd=tmp_path)  # fmt: skip
        assert result.returncode == 2
        (line,) = result.stderr.splitlines()
        assert f"pathsum: error: {exact}, {limit}" in line


def test_the_guide_usage_names_every_subcommand_and_option():
    # The summary lacked marginals, sample, eliminate and best -k.
    from pathsum.cli.parser import _parser

    text = (ROOT / "docs/guides/cli.md").read_text(encoding="utf-8")
    usage = text.split("```text\n", 1)[1].split("```", 1)[0]
    entries = {}
    for line in usage.splitlines():
        if line.startswith("pathsum "):
            name = line.split()[1]
            entries[name] = line
        elif line.startswith(" ") and entries:
            entries[name] += line
    (commands,) = [a for a in _parser()._actions if a.dest == "command"]
    assert list(entries) == [*commands.choices, "--version"]
    weights = {"--weight", "--unweighted", "--default-weight"}
    for name, command in commands.choices.items():
        for action in command._actions:
            options = set(action.option_strings) - {"-h", "--help"}
            if not options:
                continue
            if options <= weights:
                assert "[WEIGHTS]" in entries[name], name
                continue
            written = [
                re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", entries[name])
                for option in options
            ]
            assert any(written), (name, options)


def test_an_int_of_any_length_is_printed_whole(tmp_path):
    # Python writes no int of more than 4,300 digits unless asked: the command
    # asks, and prints the exact value it computed, as text and as JSON.
    nines = "9" * 5000
    (tmp_path / "big.edgelist").write_text(f"a b {nines}\nb c 2\n")
    twice = "1" + "9" * 4999 + "8"  # 2 * (10**5000 - 1), written out by hand
    out = ok("sum", "big.edgelist", "--from", "a", "--to", "c", cwd=tmp_path)
    assert twice in out
    out = ok("sum", "big.edgelist", "--from", "a", "--to", "c", "--json", cwd=tmp_path)
    assert f'"reverse": {twice}' in out
    longest = "1" + "0" * 4999 + "1"  # 10**5000 - 1 + 2
    assert longest in ok("best", "big.edgelist", cwd=tmp_path)


def test_eliminate_draws_into_a_folder_only_where_its_parent_exists(files):
    result = run(
        "eliminate", "g.csv", "--inputs", "a", "--outputs", "d",
        "--draw", "missing/dir", cwd=files,
    )  # fmt: skip
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line == "pathsum: error: missing/dir: No such file or directory"
    assert not (files / "missing").exists()
