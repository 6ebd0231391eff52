"""benchmarks/mutation.py, the tool that measures how well the suite catches bugs."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_tool():
    spec = importlib.util.spec_from_file_location(
        "mutation_tool", ROOT / "benchmarks" / "mutation.py"
    )
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool  # its dataclasses look themselves up there
    spec.loader.exec_module(tool)
    return tool


def test_measured_files_are_named_as_modules_are_chosen():
    # A subpackage's modules were once keyed by their bare name ("candidates"),
    # so that every mutant of one was "not covered".
    tool = load_tool()
    assert tool.module_of("/copy/src/pathsum/best.py") == "best"
    assert tool.module_of("/copy/src/pathsum/testing/candidates.py") == (
        "testing/candidates"
    )
    assert tool.module_of("/a/src/pathsum/b/src/pathsum/compiled/kernels.py") == (
        "compiled/kernels"
    )
    for module in tool.CORE:
        assert (ROOT / "src" / "pathsum" / f"{module}.py").is_file(), module
