"""Mutation score of pathsum's test suite on its core modules.

    nice -n 10 python benchmarks/mutation.py [--modules paths accumulate ...]
        [--limit N] [--seed S] [--jobs J] [--timeout SECONDS]
        [--contexts FILE] [--survivors FILE]

A mutant is the module with one small change made to its syntax tree. The
suite kills it when some test fails; it survives when every test that runs
the changed line still passes. The score of a module is

    killed / (killed + survived - equivalent)

where an equivalent mutant is a survivor that computes exactly what the
original does, listed with its reason in ``benchmarks/mutation-equivalent.txt``.

How it runs, step by step:

1. The project (without ``.git``) is copied to a temporary directory, once per
   job; the checkout itself is never written to.
2. The whole suite runs once under coverage, with each test's pytest node id
   as its coverage context and each test's duration recorded. The result is
   kept in ``--contexts`` (default ``pathsum-mutation-contexts.json`` in the
   system's temporary directory)
   and reused while the sources and tests are unchanged.
3. Mutants are generated from each module's syntax tree in a fixed order.
   ``--limit N`` draws N of them per module with ``--seed`` (default 0).
4. A mutant on a line no test runs is reported as "not covered" and not run.
   Otherwise the mutated module is written into the job's copy and the tests
   that ran its line, fastest first, run in a subprocess: ``pytest -x -p
   no:cacheprovider`` with the ``ci`` Hypothesis profile and no example
   database, capped at ``--timeout`` seconds (default 60, raised to four
   times the tests' own recorded time plus 30 s where that is longer, so only
   a hang times out).
   A line run only while importing (a module constant, a decorator) is
   covered by every test that runs the module; a default argument value by
   the tests that called its function (they ran its first statement).
5. A table per module goes to stdout and, with the survivors (module:line,
   the mutation, the original and the mutated line), to ``--survivors``
   (default ``benchmarks/mutation-survivors.md``).

Mutation operators:

- arithmetic: + and -, * and /, // to *, % to //, ** to *, | and &, ^ to |,
  << and >> (in expressions and augmented assignments);
- comparison: < and <=, > and >=, == and !=, is and is not, in and not in;
- boolean: ``and`` and ``or``; ``not x`` to ``x``; ``-x`` to ``x``;
- constants: 0 and 1, other numbers n to n + 1, True and False, None to 0
  (strings are not mutated: they are messages and names);
- calls: the first two positional arguments swapped, ``min`` and ``max``;
- statements: a ``raise``, ``return``, ``continue``, ``break``, expression
  statement, augmented assignment or assignment to an item or attribute
  replaced by ``pass``.

Docstrings, annotations, f-strings and ``__all__`` are left alone.

Numba's kernels: where numba is installed, ``NUMBA_DISABLE_JIT=1`` runs them
as plain Python, so that coverage sees their lines and a mutant of them costs
no compilation (the kernels then run on Python's and numpy's arithmetic,
not on the machine code numba makes of them).

Runtime: each covered mutant costs a pytest start (about 2 s here) plus its
tests; a killed mutant usually stops at its first fast test, a surviving one
runs all its tests. On two cores, ``--limit 150`` on one module takes roughly
10 to 30 minutes with ``--jobs 1``; the coverage run once takes about twice the
suite's time. Numba's kernels run only where numba is installed; without it
their lines count as not covered.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import difflib
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path("src/pathsum")
CORE = [
    "paths",
    "accumulate",
    "_passes",
    "_graph",
    "semirings",
    "compiled/kernels",
    "compiled/checks",
    "compiled/files",
    "compiled/blocks",
    "compiled/dag",
    "compiled/reading",
    "best",
    "kbest",
    "marginals",
    "sampling",
    "elimination",
    "jacobian",
    "readers",
    "programs",
    "explain",
    "drawing",
    "testing/agreement",
    "testing/bounds",
    "testing/candidates",
    "testing/properties",
    "converters",
    "strategies",
    "cli/parser",
    "cli/commands",
    "cli/shared",
    "nx_backend/graph",
    "nx_backend/functions",
    "nx_backend/simple_paths",
    "nx_backend/interface",
]
EQUIVALENT = ROOT / "benchmarks" / "mutation-equivalent.txt"
IGNORED = shutil.ignore_patterns(
    ".git", "__pycache__", ".hypothesis", ".pytest_cache", "_build", "venv", "*.pyc"
)

# Appended to the copy's conftest.py: the ci profile without the example
# database, so no run replays another mutant's failures.
PROFILE = """
settings.register_profile(
    "mutation", parent=settings.get_profile("ci"), database=None
)
settings.load_profile("mutation")
"""

# A pytest plugin for the coverage run: each test's node id becomes its
# coverage context, and its duration is recorded.
PLUGIN = """
import json, os
import coverage
import pytest

_durations = {}

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    cov = coverage.Coverage.current()
    if cov is not None:
        cov.switch_context(item.nodeid)

def pytest_runtest_logreport(report):
    _durations[report.nodeid] = _durations.get(report.nodeid, 0) + report.duration

def pytest_runtest_logfinish(nodeid, location):
    cov = coverage.Coverage.current()
    if cov is not None:
        cov.switch_context("")

def pytest_sessionfinish(session):
    with open(os.environ["MUTATION_DURATIONS"], "w") as out:
        json.dump(_durations, out)
"""

BINARY = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
    ast.BitXor: ast.BitOr,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}
COMPARE = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
SYMBOL = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.And: "and",
    ast.Or: "or",
}
DELETABLE = (
    ast.Raise,
    ast.Return,
    ast.Continue,
    ast.Break,
    ast.Expr,
    ast.AugAssign,
)


@dataclass
class Mutant:
    module: str
    line: int
    mutation: str
    original: str  # the original source line, stripped
    mutated: str  # the mutated source line(s), stripped
    source: str  # the whole mutated module
    anchor: tuple[int, ...]  # the lines whose tests cover it
    import_time: bool  # run when the module is imported, not when called
    outcome: str = ""
    tests: int = 0
    seconds: float = 0.0
    detail: str = field(default="", repr=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.module, self.original, self.mutation)


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations, f-strings, __all__."""
    skip: set[int] = set()

    def drop(node):
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            drop(body[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            drop(node.returns)
            for arg in (
                *node.args.posonlyargs,
                *node.args.args,
                *node.args.kwonlyargs,
                node.args.vararg,
                node.args.kwarg,
            ):
                if arg is not None:
                    drop(arg.annotation)
        elif isinstance(node, ast.AnnAssign):
            drop(node.annotation)
            if node.value is None:
                drop(node)
        elif isinstance(node, ast.JoinedStr):
            drop(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                drop(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            drop(node)
    return skip


def _parents(tree: ast.Module) -> dict[int, ast.AST]:
    return {
        id(child): node
        for node in ast.walk(tree)
        for child in ast.iter_child_nodes(node)
    }


def _statement_of(node: ast.AST, parents: dict[int, ast.AST]) -> ast.stmt:
    while not isinstance(node, ast.stmt):
        node = parents[id(node)]
    return node


def _runs_at_import(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """Whether `node` runs when its module is imported (module and class
    level, decorators, default values) rather than inside a function."""
    while id(node) in parents:
        parent = parents[id(node)]
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(node is statement for statement in parent.body):
                return False
        elif isinstance(parent, ast.Lambda) and node is parent.body:
            return False
        node = parent
    return True


def _default_of(node: ast.AST, parents: dict[int, ast.AST]) -> ast.AST | None:
    """The function whose default argument value `node` is part of, if any."""
    while id(node) in parents:
        parent = parents[id(node)]
        if isinstance(parent, ast.arguments):
            function = parents.get(id(parent))
            defaults = (*parent.defaults, *parent.kw_defaults)
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                node is d for d in defaults
            ):
                return function
            return None
        if isinstance(parent, ast.stmt):
            return None
        node = parent
    return None


def _cached_function(node: ast.AST, parents: dict[int, ast.AST]) -> str | None:
    """The name of the ``functools.cache``/``lru_cache`` function `node` is in."""
    while id(node) in parents:
        node = parents[id(node)]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = (
                    decorator.func if isinstance(decorator, ast.Call) else decorator
                )
                name = getattr(target, "attr", getattr(target, "id", ""))
                if name in ("cache", "lru_cache"):
                    return node.name
    return None


def _call_lines(tree: ast.Module, name: str) -> set[int]:
    """The lines that call the module's function `name`."""
    return {
        call.lineno
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == name
    }


def _first_statement(function: ast.AST) -> ast.stmt:
    """The first statement of `function` that runs (its docstring does not)."""
    body = function.body
    if (
        len(body) > 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    ):
        return body[1]
    return body[0]


def _header_lines(statement: ast.stmt) -> tuple[int, ...]:
    """The lines of a statement up to its body (all of it if it has none)."""
    body = getattr(statement, "body", None)
    end = statement.end_lineno
    if isinstance(body, list) and body:
        end = max(statement.lineno, body[0].lineno - 1)
    return tuple(range(statement.lineno, end + 1))


def _replacements(node: ast.AST, parents) -> list[tuple[str, ast.AST | str]]:
    """(description, new node or source text) for each mutation of `node`."""
    out: list[tuple[str, ast.AST | str]] = []

    def copy_with(**changes):
        new = ast.parse(ast.unparse(node), mode="eval").body
        for name, value in changes.items():
            setattr(new, name, value)
        return new

    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        new_op = BINARY[type(node.op)]
        label = f"{SYMBOL[type(node.op)]} -> {SYMBOL[new_op]}"
        out.append((label, copy_with(op=new_op())))
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in COMPARE:
                new_op = COMPARE[type(op)]
                ops = list(node.ops)
                ops[i] = new_op()
                label = f"{SYMBOL[type(op)]} -> {SYMBOL[new_op]}"
                out.append((label, copy_with(ops=ops)))
    elif isinstance(node, ast.BoolOp):
        new_op = ast.Or if isinstance(node.op, ast.And) else ast.And
        label = f"{SYMBOL[type(node.op)]} -> {SYMBOL[new_op]}"
        out.append((label, copy_with(op=new_op())))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        label = "remove not" if isinstance(node.op, ast.Not) else "remove unary -"
        out.append((label, node.operand))
    elif isinstance(node, ast.Constant) and not isinstance(node.value, (str, bytes)):
        value = node.value
        if value is True or value is False:
            new = not value
        elif value is None:
            parent = parents.get(id(node))
            if isinstance(parent, ast.Compare) and any(
                isinstance(op, (ast.Is, ast.IsNot)) for op in parent.ops
            ):
                return out  # `x is None` is mutated as `x is not None`
            new = 0
        elif isinstance(value, (int, float)):
            new = {0: 1, 1: 0}.get(value, value + 1)
        else:
            return out
        out.append((f"{value!r} -> {new!r}", ast.Constant(new)))
    elif isinstance(node, ast.Call):
        positional = node.args
        if len(positional) >= 2 and not any(
            isinstance(a, ast.Starred) for a in positional[:2]
        ):
            args = [positional[1], positional[0], *positional[2:]]
            out.append(("swap the first two arguments", copy_with(args=args)))
    elif isinstance(node, ast.Name) and node.id in ("min", "max"):
        other = "max" if node.id == "min" else "min"
        out.append((f"{node.id} -> {other}", ast.Name(other)))
    elif isinstance(node, ast.AugAssign) and type(node.op) in BINARY:
        new_op = BINARY[type(node.op)]
        label = f"{SYMBOL[type(node.op)]}= -> {SYMBOL[new_op]}="
        new = ast.parse(ast.unparse(node)).body[0]
        new.op = new_op()
        out.append((label, new))
    if isinstance(node, DELETABLE) or (
        isinstance(node, ast.Assign)
        and all(isinstance(t, (ast.Subscript, ast.Attribute)) for t in node.targets)
    ):
        kind = type(node).__name__.lower()
        out.append((f"delete the {kind} statement", "pass"))
    return out


def _byte_offset(lines: list[bytes], line: int, column: int) -> int:
    return sum(len(text) for text in lines[: line - 1]) + column


def mutants_of(module: str, root: Path = ROOT) -> list[Mutant]:
    """Every mutant of ``src/pathsum/<module>.py``, in source order."""
    text = (root / PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    data = text.encode("utf-8")
    lines = data.splitlines(keepends=True)
    tree = ast.parse(text)
    skip = _skipped_nodes(tree)
    parents = _parents(tree)
    mutants = []
    seen: Counter = Counter()
    for node in ast.walk(tree):
        if id(node) in skip or not hasattr(node, "end_col_offset"):
            continue
        for label, new in _replacements(node, parents):
            new_text = new if isinstance(new, str) else ast.unparse(new)
            if isinstance(node, ast.expr):
                new_text = f"({new_text})"
            start = _byte_offset(lines, node.lineno, node.col_offset)
            end = _byte_offset(lines, node.end_lineno, node.end_col_offset)
            mutated = data[:start] + new_text.encode("utf-8") + data[end:]
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", SyntaxWarning)
                    compile(mutated, module, "exec")
            except SyntaxError:
                continue
            statement = _statement_of(node, parents)
            original = lines[node.lineno - 1].decode("utf-8").strip()
            seen[(node.lineno, label)] += 1
            ordinal = seen[(node.lineno, label)]
            if ordinal > 1:
                label = f"{label} (#{ordinal} on the line)"
            first = _byte_offset(lines, node.lineno, 0)
            shown = mutated[first : mutated.find(b"\n", start + len(new_text))]
            anchor = set(range(node.lineno, node.end_lineno + 1))
            import_time = _runs_at_import(node, parents)
            anchor.update(_header_lines(statement))
            cached = _cached_function(node, parents)
            if cached is not None:
                # A cached function runs once per process: coverage gives its
                # lines to whichever test called it first. Every test that
                # calls it would run the mutant in a fresh process.
                anchor.update(_call_lines(tree, cached))
            function = _default_of(node, parents)
            if function is not None:
                # A default value is made at import but read by each call that
                # omits the argument: the tests that called the function.
                first = _first_statement(function)
                anchor = set(_header_lines(first))
                import_time = False
            mutants.append(
                Mutant(
                    module,
                    node.lineno,
                    label,
                    original,
                    " ".join(shown.decode("utf-8").split()),
                    mutated.decode("utf-8"),
                    tuple(sorted(anchor)),
                    import_time,
                )
            )
    mutants.sort(key=lambda m: (m.line, m.mutation))
    return mutants


def read_equivalent(path: Path = EQUIVALENT) -> dict[tuple[str, str, str], str]:
    """(module, original line, mutation) -> reason, from the tab-separated file."""
    equivalent = {}
    if not path.exists():
        return equivalent
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        module, original, mutation, reason = row.split("\t")
        equivalent[(module, original.strip(), mutation)] = reason
    return equivalent


def _module_digest(module: str, root: Path) -> str:
    return hashlib.sha256((root / PACKAGE / f"{module}.py").read_bytes()).hexdigest()


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    paths = [*root.glob("src/pathsum/**/*.py"), *root.glob("tests/*.py")]
    for path in sorted([*paths, root / "conftest.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _copy_project(root: Path, into: Path) -> Path:
    shutil.copytree(root, into, ignore=IGNORED)
    with open(into / "conftest.py", "a", encoding="utf-8") as conftest:
        conftest.write(PROFILE)
    return into


def _environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(copy / "src"),
        PYTHONDONTWRITEBYTECODE="1",
        HYPOTHESIS_PROFILE="ci",
    )
    return env


def module_of(filename: str) -> str:
    """The module of a measured file as --modules names it: "best",
    "compiled/kernels" (a subpackage's modules are named by their path)."""
    return Path(filename).as_posix().rsplit("/src/pathsum/", 1)[-1][: -len(".py")]


def collect_contexts(copy: Path, modules: list[str], tests: list[str]) -> dict:
    """Run `tests` (all: the whole suite) once under coverage: line -> node
    ids, and durations."""
    work = Path(tempfile.mkdtemp(prefix="pathsum-coverage-"))
    (work / "mutation_contexts.py").write_text(PLUGIN, encoding="utf-8")
    (work / "coverage.rc").write_text(
        "[run]\ndata_file = {}\ninclude =\n{}\n".format(
            work / "coverage.data",
            "\n".join(f"    */src/pathsum/{m}.py" for m in modules),
        ),
        encoding="utf-8",
    )
    env = _environment(copy)
    env["PYTHONPATH"] += os.pathsep + str(work)
    env["MUTATION_DURATIONS"] = str(work / "durations.json")
    command = [
        sys.executable,
        "-m",
        "coverage",
        "run",
        f"--rcfile={work / 'coverage.rc'}",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "mutation_contexts",
        *tests,
    ]
    what = " ".join(tests) or "the whole suite"
    print(f"coverage run of {what} (once)...", file=sys.stderr, flush=True)
    subprocess.run(command, cwd=copy, env=env, check=False, stdout=subprocess.DEVNULL)
    import coverage

    data = coverage.CoverageData(basename=str(work / "coverage.data"))
    data.read()
    lines: dict[str, dict[int, list[str]]] = {}
    for filename in data.measured_files():
        module = module_of(filename)
        by_line = defaultdict(set)
        for line, contexts in data.contexts_by_lineno(filename).items():
            by_line[line].update(contexts)
        lines[module] = {n: sorted(c) for n, c in by_line.items()}
    durations = json.loads((work / "durations.json").read_text(encoding="utf-8"))
    shutil.rmtree(work, ignore_errors=True)
    return {"lines": lines, "durations": durations}


def _moved_lines(old: Path, new: Path) -> dict[int, int]:
    """Old line number -> new line number, for the lines a diff keeps (a
    changed line maps to the start of what replaced it)."""
    a = old.read_text(encoding="utf-8").splitlines()
    b = new.read_text(encoding="utf-8").splitlines()
    moved = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            moved.update({i + 1: j1 + (i - i1) + 1 for i in range(i1, i2)})
        elif tag == "replace":
            moved.update({i + 1: min(j1 + (i - i1), j2 - 1) + 1 for i in range(i1, i2)})
    return moved


def load_contexts(
    path: Path,
    root: Path,
    copy: Path,
    modules: list[str],
    added: list[str],
    measured_on: Path | None = None,
    tests: list[str] | None = None,
) -> dict:
    """The saved contexts if the sources and tests are unchanged, else a new
    coverage run; with `added` test files, the saved ones plus theirs (lines
    of a module changed since `measured_on` are moved as a diff says)."""
    fingerprint = _fingerprint(root)
    if path.exists():
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved.get("fingerprint") == fingerprint and set(modules) <= set(
            saved["modules"]
        ):
            return saved
        if added:
            for module in modules if measured_on is not None else ():
                old = measured_on / PACKAGE / f"{module}.py"
                new = root / PACKAGE / f"{module}.py"
                if old.read_bytes() != new.read_bytes():
                    moved = _moved_lines(old, new)
                    lines = saved["lines"].get(module, {})
                    saved["lines"][module] = {
                        str(moved[int(n)]): tests
                        for n, tests in lines.items()
                        if int(n) in moved
                    }
            more = collect_contexts(copy, modules, added)
            for module, by_line in more["lines"].items():
                lines = saved["lines"].setdefault(module, {})
                for line, tests in by_line.items():
                    lines[str(line)] = sorted({*lines.get(str(line), ()), *tests})
            saved["durations"].update(more["durations"])
            saved["fingerprint"] = fingerprint
            path.write_text(json.dumps(saved), encoding="utf-8")
            return saved
    contexts = collect_contexts(copy, modules, tests or [])
    contexts.update(fingerprint=fingerprint, modules=modules)
    path.write_text(json.dumps(contexts), encoding="utf-8")
    return contexts


def covering_tests(mutant: Mutant, contexts: dict) -> list[str]:
    """The node ids that ran the mutant's line: the module's own test file's
    first, then the others, each fastest first."""
    by_line = {int(n): c for n, c in contexts["lines"].get(mutant.module, {}).items()}
    tests = {t for n in mutant.anchor for t in by_line.get(n, ()) if t}
    durations = contexts["durations"]
    # The module's own test file first: with --max-tests, a mutant of a module
    # constant is then tried on the tests written for that module.
    # A module of a package (compiled/dag) has its package's test file.
    mirror = f"tests/test_{mutant.module.split('/')[0].lstrip('_')}.py::"
    if mutant.import_time and any(by_line.get(n) for n in mutant.anchor):
        # Every test that runs the module depends on what its import made,
        # whichever test happened to import it first; and every test of the
        # module's own file, which may read a constant (COUNTING.zero) without
        # running a line of the module.
        tests = {t for c in by_line.values() for t in c if t}
        tests |= {t for t in durations if t.startswith(mirror)}
    return sorted(
        tests, key=lambda t: (not t.startswith(mirror), durations.get(t, 0.0), t)
    )


def run_mutant(mutant: Mutant, copy: Path, tests: list[str], timeout: float) -> None:
    target = copy / PACKAGE / f"{mutant.module}.py"
    original = target.read_text(encoding="utf-8")
    target.write_text(mutant.source, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "--no-header",
        "-o",
        "addopts=--doctest-modules --doctest-glob=*.md "
        "--ignore=docs/conf.py --ignore=docs/_ext",
        *tests,
    ]
    started = time.perf_counter()
    try:
        run = subprocess.run(
            command,
            cwd=copy,
            env=_environment(copy),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        # 1: a test failed; 2 and 3: collection or import broke on the mutant;
        # 4: the conftest could not import the package, or a test's id is gone
        # because the mutant renamed what the test is parametrized by (a
        # semiring's name): both are changes the suite sees.
        outcome = {0: "survived", 1: "killed", 2: "killed", 3: "killed"}
        mutant.outcome = outcome.get(run.returncode, "error")
        seen = ("ImportError while loading conftest", "ERROR: not found:")
        output = run.stdout + run.stderr
        if run.returncode == 4 and any(text in output for text in seen):
            mutant.outcome = "killed"

        mutant.detail = run.stdout[-2000:] + run.stderr[-2000:]
    except subprocess.TimeoutExpired:
        mutant.outcome = "timed out"
    finally:
        target.write_text(original, encoding="utf-8")
    mutant.seconds = time.perf_counter() - started
    mutant.tests = len(tests)


def score_table(mutants: list[Mutant], equivalent: dict) -> str:
    rows = [
        "| module | mutants | not covered | killed | survived | timed out "
        "| equivalent | score |",
        "|---|---|---|---|---|---|---|---|",
    ]
    by_module = defaultdict(list)
    for mutant in mutants:
        by_module[mutant.module].append(mutant)
    for module, group in by_module.items():
        count = Counter(m.outcome for m in group)
        same = sum(m.outcome == "survived" and m.key in equivalent for m in group)
        judged = count["killed"] + count["survived"] - same
        score = f"{100 * count['killed'] / judged:.1f}%" if judged else "-"
        errors = f" (+{count['error']} errors)" if count["error"] else ""
        rows.append(
            f"| {module}.py | {len(group)} | {count['not covered']} | "
            f"{count['killed']} | {count['survived']} | {count['timed out']}"
            f"{errors} | {same} | {score} |"
        )
    return "\n".join(rows)


def survivors_report(mutants: list[Mutant], equivalent: dict, header: str) -> str:
    text = [header, "", score_table(mutants, equivalent), "", "## Survivors", ""]
    for mutant in mutants:
        if mutant.outcome not in ("survived", "timed out", "error"):
            continue
        reason = equivalent.get(mutant.key)
        status = f"equivalent: {reason}" if reason else mutant.outcome
        text += [
            f"- `{mutant.module}.py:{mutant.line}` {mutant.mutation} ({status}; "
            f"{mutant.tests} tests)",
            f"  - original: `{mutant.original}`",
            f"  - mutated:  `{mutant.mutated}`",
        ]
    return "\n".join(text) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modules", nargs="+", default=CORE[:6], choices=CORE)
    parser.add_argument("--limit", type=int, help="mutants drawn per module")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument(
        "--max-tests",
        type=int,
        help="run at most this many of a mutant's covering tests, the fastest "
        "(quicker on a busy machine; a survivor may then be one that a slower "
        "test would kill)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=ROOT,
        help="the project to mutate (default: this checkout), e.g. an export of "
        "an earlier commit made with git archive",
    )
    parser.add_argument(
        "--contexts",
        type=Path,
        default=Path(tempfile.gettempdir(), "pathsum-mutation-contexts.json"),
    )
    parser.add_argument(
        "--survivors", type=Path, default=ROOT / "benchmarks" / "mutation-survivors.md"
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=Path(tempfile.gettempdir(), "pathsum-mutation-results.json"),
        help="where each mutant's outcome is saved",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        help="the --results of an earlier run on the same sources: mutants it "
        "killed count as killed without running again (tests only get added), "
        "and its survivors listed as equivalent stay survivors",
    )
    parser.add_argument(
        "--add-tests",
        nargs="+",
        default=[],
        metavar="TEST_FILE",
        help="new test files: add their coverage to the saved --contexts rather "
        "than running the whole suite again (the sources must be unchanged)",
    )
    parser.add_argument(
        "--measured-on",
        type=Path,
        help="with --add-tests: the project the saved --contexts were measured "
        "on, when its sources differ (their lines are moved as a diff says)",
    )
    parser.add_argument(
        "--tests",
        nargs="+",
        metavar="TEST_FILE",
        help="measure coverage on these test files only, not the whole suite "
        "(a module's mutants then run only the tests that matter to it; see "
        "the kernels' run in benchmarks/RESULTS.md)",
    )
    parser.add_argument(
        "--list", action="store_true", help="only list the mutants, run nothing"
    )
    args = parser.parse_args(argv)
    if hasattr(os, "nice"):
        # Niceness 10, whether or not the run was started under nice.
        os.nice(max(0, 10 - os.nice(0)))
    mutants = []
    for module in args.modules:
        found = mutants_of(module, args.project)
        if args.limit is not None and args.limit < len(found):
            found = random.Random(f"{args.seed}:{module}").sample(found, args.limit)
            found.sort(key=lambda m: (m.line, m.mutation))
        mutants += found
    if args.list:
        for m in mutants:
            print(f"{m.module}.py:{m.line}: {m.mutation}: {m.mutated}")
        return
    equivalent = read_equivalent()
    sources = {m: _module_digest(m, args.project) for m in CORE}
    killed_before, survived_before, hung_before = set(), set(), set()
    if args.previous is not None:
        previous = json.loads(args.previous.read_text(encoding="utf-8"))
        # Only a module whose source is unchanged keeps its earlier outcomes.
        unchanged = [
            row
            for row in previous["mutants"]
            if previous["sources"].get(row["key"][0]) == sources[row["key"][0]]
        ]
        killed_before = {tuple(r["key"]) for r in unchanged if r["outcome"] == "killed"}
        # A hang stays a hang with more tests: not run again either.
        hung_before = {
            tuple(r["key"]) for r in unchanged if r["outcome"] == "timed out"
        }
        # An equivalent survivor cannot be killed: it is not run again.
        survived_before = {
            tuple(r["key"])
            for r in unchanged
            if r["outcome"] == "survived" and tuple(r["key"]) in equivalent
        }
    scratch = Path(tempfile.mkdtemp(prefix="pathsum-mutation-"))
    copies = [
        _copy_project(args.project, scratch / f"job{j}") for j in range(args.jobs)
    ]
    contexts = load_contexts(
        args.contexts,
        args.project,
        copies[0],
        list(CORE),
        args.add_tests,
        args.measured_on,
        args.tests,
    )
    free = list(copies)
    lock = threading.Lock()
    done = 0

    def one(mutant: Mutant) -> None:
        nonlocal done
        tests = covering_tests(mutant, contexts)[: args.max_tests]
        if mutant.key in killed_before:
            mutant.outcome = "killed"
        elif mutant.key in survived_before:
            mutant.outcome = "survived"
        elif mutant.key in hung_before:
            mutant.outcome = "timed out"
        elif not tests:
            mutant.outcome = "not covered"
        else:
            with lock:
                copy = free.pop()
            expected = sum(contexts["durations"].get(t, 0.0) for t in tests)
            try:
                # The tests' own time, measured under coverage, with room for
                # a busier machine: only a mutant that hangs should time out.
                cap = max(args.timeout, 4 * expected + 30)
                run_mutant(mutant, copy, tests, cap)
            finally:
                with lock:
                    free.append(copy)
        with lock:
            done += 1
            print(
                f"[{done}/{len(mutants)}] {mutant.module}.py:{mutant.line} "
                f"{mutant.mutation}: {mutant.outcome} "
                f"({mutant.tests} tests, {mutant.seconds:.1f} s)",
                file=sys.stderr,
                flush=True,
            )

    started = time.time()
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(one, mutants))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    sampling = (
        f"a sample of {args.limit} mutants per module (seed {args.seed})"
        if args.limit is not None
        else "every mutant"
    )
    if args.max_tests is not None:
        sampling += f", at most {args.max_tests} tests per mutant (the fastest)"
    header = (
        f"# Mutation survivors\n\n{time.strftime('%Y-%m-%d', time.gmtime())}, "
        f"{sampling}, {len(mutants)} mutants in {time.time() - started:.0f} s; "
        f"made by `benchmarks/mutation.py`."
    )
    print(score_table(mutants, equivalent))
    rows = [
        {"key": m.key, "line": m.line, "outcome": m.outcome, "tests": m.tests}
        for m in mutants
    ]
    args.results.write_text(
        json.dumps({"sources": sources, "mutants": rows}), encoding="utf-8"
    )
    args.survivors.write_text(
        survivors_report(mutants, equivalent, header), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
