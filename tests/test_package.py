"""The package namespace: every public name, loaded on first use."""

import importlib
import subprocess
import sys

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
