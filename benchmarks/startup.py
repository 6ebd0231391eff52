"""Start-up costs: importing pathsum against importing networkx, in one run.

    python benchmarks/startup.py [--repeat R]

Each figure is the median wall time of R fresh interpreters running one
command, so every run pays the interpreter's own start as well; the ratio is
against ``python -c "import networkx"`` measured in the same run. Also timed:
the first use of a pathsum function (which loads the modules it needs),
``pathsum --help``, and the first compiled pass in a fresh process (numba
loading its cached kernels) when numba is installed. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import statistics
import subprocess
import sys
import time

FIRST_PASS = """
import networkx as nx, pathsum as ps
G = nx.DiGraph(); nx.add_path(G, range(10_000), weight=1.0)
ps.compile_dag(G).forward(0)
"""

COMMANDS = {
    "import networkx": [sys.executable, "-c", "import networkx"],
    "import pathsum": [sys.executable, "-c", "import pathsum"],
    "import pathsum; pathsum.path_sum": [
        sys.executable,
        "-c",
        "import pathsum; pathsum.path_sum",
    ],
    "pathsum --help": [sys.executable, "-m", "pathsum.cli", "--help"],
}
if importlib.util.find_spec("numba") is not None:
    COMMANDS["first compiled pass (numba, cached)"] = [
        sys.executable,
        "-c",
        FIRST_PASS,
    ]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per command")
    args = parser.parse_args(argv)
    for command in COMMANDS.values():  # warm the file cache and numba's cache
        wall(command)
    medians = {}
    for name, command in COMMANDS.items():
        medians[name] = statistics.median(wall(command) for _ in range(args.repeat))
    base = medians["import networkx"]
    machine = platform.processor() or platform.machine()
    print(f"{machine}, Python {platform.python_version()}")
    print(f"{'command':40} {'median s':>9} {'× networkx':>11}")
    for name, seconds in medians.items():
        print(f"{name:40} {seconds:9.3f} {seconds / base:11.2f}")


if __name__ == "__main__":
    main()
