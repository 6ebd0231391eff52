"""The package namespace: every public name, loaded on first use."""

import ast
import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import pathsum as ps


def run(code):
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_import_loads_no_heavy_dependency():
    heavy = ["numpy", "numba", "pydot", "hypothesis", "scipy", "dask", "sympy"]
    code = f"import sys, pathsum; print(*[m for m in {heavy!r} if m in sys.modules])"
    assert run(code) == []


def test_saved_graphs_and_the_dask_module_load_no_dask():
    # Only dask seeds and jacobian(chunks=...) import dask.
    code = (
        "import sys, tempfile, networkx as nx, pathsum, pathsum.scaling\n"
        "dag = pathsum.compile_dag(nx.DiGraph([(1, 2)]), weight=None)\n"
        "folder = tempfile.TemporaryDirectory()\n"
        "dag.save(folder.name)\n"
        "pathsum.load_compiled(folder.name).reverse(2)\n"
        "pathsum.jacobian(nx.DiGraph([(1, 2)]), [1], [2], weight=None)\n"
        "print(*[m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')])"
    )
    assert run(code) == []


def test_every_public_name_resolves_to_what_its_module_defines():
    for name in ps.__all__:
        if name == "__version__":
            continue
        value = getattr(ps, name)
        home = importlib.import_module(f"pathsum.{ps._HOME[name]}")
        assert value is getattr(home, name), name
    assert set(ps.__all__) <= set(dir(ps))
    assert ps.examples.diamond_chain is not None and callable(ps.math.sin)


def test_a_submodule_imported_first_does_not_hide_the_function_of_its_name():
    # Importing pathsum.jacobian binds the module on the package; the package
    # must still answer the function, whichever is touched first.
    code = (
        "import pathsum.jacobian, pathsum.explain, pathsum; "
        "print(callable(pathsum.jacobian), type(pathsum.jacobian).__name__, "
        "type(pathsum.explain).__name__)"
    )
    assert run(code) == ["True", "function", "function"]
    code = (
        "import pathsum; pathsum.jacobian; import pathsum.jacobian; "
        "from pathsum.jacobian import jacobian_cost; "
        "print(type(pathsum.jacobian).__name__, callable(jacobian_cost))"
    )
    assert run(code) == ["function", "True"]


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        ps.nope  # noqa: B018


def test_the_view_a_compiled_pass_returns_is_a_public_name():
    dag = ps.compile_dag(nx.DiGraph([(1, 2)]), weight=None)
    assert isinstance(dag.view(dag.forward(1)), ps.PathSumsView)
    assert "PathSumsView" in ps.__all__


def relative_imports(file, package):
    """The pathsum modules and packages `file` imports relatively, at the top
    or inside a function; not those only type checkers read."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    checking = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and id(node) not in checking:
            base = package.rsplit(".", node.level - 1)[0]
            target = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                name = f"{target}.{alias.name}"
                known = importlib.util.find_spec(name) if node.module is None else None
                yield name if known else target


def test_no_module_imports_one_that_imports_it_back():
    root = Path(ps.__file__).parent
    imports = nx.DiGraph()
    for file in root.rglob("*.py"):
        parts = file.relative_to(root.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if file.name == "__init__.py" else module.rpartition(".")[0]
        for imported in relative_imports(file, package):
            # A package re-exporting its own modules is no circle.
            if not imported.startswith(f"{module}.") and imported != module:
                imports.add_edge(module, imported)
    assert list(nx.simple_cycles(imports)) == []
