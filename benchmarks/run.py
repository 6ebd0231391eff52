"""Benchmarks of the three engines against a hand-written loop and a C loop.

    python benchmarks/run.py [--quick] [--repeat R] [--markdown FILE]

Four families of graphs (layered; random sparse; deep chain with skip edges;
diamond chain) at 10^3 to 10^6 edges (--quick: to 10^5). For each, in this
process and on the same graph, medians of R runs in ns per edge of:

- hand: the loop a user writes with networkx (topological sort, then a sweep);
- one-shot: pathsum.forward_path_sums on the networkx graph;
- toposort: list(nx.topological_sort(G)), and compile: pathsum.compile_dag(G);
- pass: one forward pass of the compiled DAG, from one seed;
- 64 seeds: a block of 64 seed columns in one sweep (per edge and seed);
- C: the same single pass and 64-seed block compiled at run time with the
  system C compiler (cc -O2), over the same CSR arrays;
- reverse pass vs C: one reverse pass from the last node in topological
  order (which sweeps every edge), and the same loop in C, run in turns
  (medians of at least 21 runs each).

Then enumeration against the dynamic program on diamond chains, and
count_paths on a chain of 200 diamonds. Nothing here is a test: these are
measurements, printed with the machine they ran on.
"""

from __future__ import annotations

import argparse
import ctypes
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from core import FAMILIES, cpu_name, hand_written_forward

import pathsum as ps
from pathsum.compiled import numba_available
from pathsum.examples import diamond_chain

C_SOURCE = r"""
#include <stdint.h>
void forward(int64_t n, const uint64_t *indptr, const uint32_t *indices,
             const double *w, double *x, int64_t start) {
    for (int64_t u = start; u < n; u++) {
        double xu = x[u];
        if (xu == 0.0) continue;
        for (uint64_t e = indptr[u]; e < indptr[u + 1]; e++)
            x[indices[e]] += xu * w[e];
    }
}
void reverse(int64_t stop, const uint64_t *indptr, const uint32_t *indices,
             const double *w, double *y) {
    for (int64_t u = stop - 1; u >= 0; u--) {
        double total = y[u];
        for (uint64_t e = indptr[u]; e < indptr[u + 1]; e++)
            total += w[e] * y[indices[e]];
        y[u] = total;
    }
}
void forward_block(int64_t n, int64_t k, const uint64_t *indptr,
                   const uint32_t *indices, const double *w, double *x) {
    for (int64_t u = 0; u < n; u++) {
        const double *xu = x + u * k;
        for (uint64_t e = indptr[u]; e < indptr[u + 1]; e++) {
            double *xv = x + indices[e] * k;
            double we = w[e];
            for (int64_t j = 0; j < k; j++) xv[j] += xu[j] * we;
        }
    }
}
"""


def c_library():
    """The C reference loops, compiled now; None without a C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        return None, "no C compiler on PATH: the C columns are left out"
    folder = Path(tempfile.mkdtemp(prefix="pathsum-bench-"))
    (folder / "loops.c").write_text(C_SOURCE)
    library = folder / "loops.so"
    command = [
        compiler,
        "-O2",
        "-shared",
        "-fPIC",
        "-o",
        str(library),
        str(folder / "loops.c"),
    ]
    subprocess.run(command, check=True, capture_output=True)
    version = subprocess.run([compiler, "--version"], capture_output=True, text=True)
    lib = ctypes.CDLL(str(library))
    pointer = ctypes.c_void_p
    lib.forward.argtypes = [
        ctypes.c_int64,
        pointer,
        pointer,
        pointer,
        pointer,
        ctypes.c_int64,
    ]
    lib.reverse.argtypes = [ctypes.c_int64] + [pointer] * 4
    lib.forward_block.argtypes = [ctypes.c_int64, ctypes.c_int64] + [pointer] * 4
    return lib, f"{' '.join(command[:2])} ({version.stdout.splitlines()[0]})"


def median_ns(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        function()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


def paired_median_ns(first, second, repeat):
    """Medians of `first` and of `second`, run in turns: a change in the
    machine's load meets both alike, so their ratio holds under it."""
    times = ([], [])
    for _ in range(repeat):
        for function, kept in zip((first, second), times, strict=True):
            start = time.perf_counter_ns()
            function()
            kept.append(time.perf_counter_ns() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def address(array):
    return array.ctypes.data_as(ctypes.c_void_p)


def measure(G, repeat, lib):
    """ns per edge of each column, for one graph."""
    m = G.number_of_edges()
    source = next(iter(G))
    dag = ps.compile_dag(G)
    n = len(dag.nodes)
    seed = dag.index[source]
    # The last node in topological order: its reverse pass sweeps every edge.
    target = dag.nodes[-1]
    block = np.random.default_rng(0).normal(size=(n, 64))
    row = {
        "hand": median_ns(lambda: hand_written_forward(G, source), repeat),
        "one-shot": median_ns(lambda: ps.forward_path_sums(G, source), repeat),
        "toposort": median_ns(lambda: list(nx.topological_sort(G)), repeat),
        "compile": median_ns(lambda: ps.compile_dag(G), repeat),
        "pass": median_ns(lambda: dag.forward(source), max(repeat, 5)),
        "64 seeds": median_ns(lambda: dag.forward(block), max(repeat, 5)) / 64,
    }
    expected = hand_written_forward(G, source)
    got = dag.forward(source)
    assert (
        max(abs(got[dag.index[v]] - x) / max(1, abs(x)) for v, x in expected.items())
        < 1e-9
    )
    if lib is not None:
        # The C loops read the very arrays the compiled pass reads.
        assert dag.indptr.dtype == np.uint64 and dag.indices.dtype == np.uint32
        x = np.zeros(n)

        def single():
            x.fill(0.0)
            x[seed] = 1.0
            lib.forward(n, address(dag.indptr), address(dag.indices),
                        address(dag.weights), address(x), seed)  # fmt: skip

        y = np.zeros((n, 64))

        def block_c():
            y[:] = block
            lib.forward_block(n, 64, address(dag.indptr), address(dag.indices),
                              address(dag.weights), address(y))  # fmt: skip

        z = np.zeros(n)

        def reverse_c():
            z.fill(0.0)
            z[n - 1] = 1.0
            lib.reverse(n, address(dag.indptr), address(dag.indices),
                        address(dag.weights), address(z))  # fmt: skip

        single()
        assert np.allclose(x, got)
        block_c()
        assert np.allclose(y, dag.forward(block))
        reverse_c()
        assert np.allclose(z, dag.reverse(target))
        row["C"] = median_ns(single, max(repeat, 5))
        row["C 64"] = median_ns(block_c, max(repeat, 5)) / 64
        row["reverse"], row["C reverse"] = paired_median_ns(
            lambda: dag.reverse(target), reverse_c, max(repeat, 21)
        )
    else:
        row["reverse"] = median_ns(lambda: dag.reverse(target), max(repeat, 21))
    return {name: value / m for name, value in row.items()}


def machine(compiler_note):
    cpu = cpu_name()
    import os

    versions = [
        f"Python {platform.python_version()}",
        f"networkx {nx.__version__}",
        f"numpy {np.__version__}",
    ]
    if numba_available():
        import numba

        versions.append(f"numba {numba.__version__}")
    else:
        versions.append("numba not installed (numpy engine)")
    system = f"{platform.system()} {platform.release()}"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; {system}",
        f"- {', '.join(versions)}",
        f"- C reference: {compiler_note}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 10^5 edges")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--sizes", type=int, nargs="+", help="edge counts to use")
    args = parser.parse_args()
    lib, compiler_note = c_library()
    sizes = [10**3, 10**4, 10**5] if args.quick else [10**3, 10**4, 10**5, 10**6]
    sizes = args.sizes or sizes
    lines = ["# pathsum benchmarks", "", *machine(compiler_note), ""]
    lines += [
        "Medians in ns per edge (64 seeds: per edge and seed). Ratios: P1 = hand / "
        "one-shot (goal ≥ 5), P2 = compile / toposort (goal ≤ 0.5), P3 = pass / C "
        "(goal ≤ 1.5), P4 = 64 seeds / C 64 (goal ≤ 2).",
        "",
    ]
    columns = [
        "hand",
        "one-shot",
        "toposort",
        "compile",
        "pass",
        "64 seeds",
        "C",
        "C 64",
    ]
    header = ["family", "edges", *columns, "P1", "P2", "P3", "P4"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    print("\n".join(lines), flush=True)
    reverse_lines = [
        "",
        "Reverse pass vs C: one reverse pass from the last node in topological "
        "order, ns per edge; P6 = reverse / C reverse (goal ≤ 1.2).",
        "",
        "| family | edges | reverse | C reverse | P6 |",
        "|---|---|---|---|---|",
    ]
    for name, build in FAMILIES.items():
        for size in sizes:
            G = build(size)
            row = measure(G, args.repeat, lib)
            reverse_cells = [f"{row['reverse']:,.2f}", "–", "–"]
            if "C reverse" in row:
                reverse_cells[1:] = [
                    f"{row['C reverse']:,.2f}",
                    f"{row['reverse'] / row['C reverse']:.2f}",
                ]
            reverse_lines.append(
                f"| {name} | {G.number_of_edges():,} | "
                + " | ".join(reverse_cells)
                + " |"
            )
            cells = [f"{row[c]:,.1f}" if c in row else "–" for c in columns]
            ratios = [
                row["hand"] / row["one-shot"],
                row["compile"] / row["toposort"],
                row["pass"] / row["C"] if "C" in row else math_nan(),
                row["64 seeds"] / row["C 64"] if "C 64" in row else math_nan(),
            ]
            cells += [f"{r:.2f}" for r in ratios]
            line = f"| {name} | {G.number_of_edges():,} | " + " | ".join(cells) + " |"
            lines.append(line)
            print(line, flush=True)
    lines += reverse_lines
    print("\n".join(reverse_lines), flush=True)
    lines += [
        "",
        "Enumeration against the dynamic program on chains of k diamonds "
        "(2^k paths), milliseconds:",
        "",
        "| k | paths | enumerate | reverse pass | ratio |",
        "|---|---|---|---|---|",
    ]
    print("\n".join(lines[-5:]), flush=True)
    for k in (4, 8, 12, 16):
        G, target = diamond_chain(k), k
        enumerate_ms = median_ns(
            partial(ps.path_sum, G, 0, target, method="paths", weight=None), 3
        )
        reverse_ms = median_ns(partial(ps.path_sum, G, 0, target, weight=None), 3)
        ratio = enumerate_ms / reverse_ms
        line = (
            f"| {k} | {2**k:,} | {enumerate_ms / 1e6:,.2f} | {reverse_ms / 1e6:,.3f} "
            f"| {ratio:,.0f}× |"
        )
        lines.append(line)
        print(line, flush=True)
    G = diamond_chain(200)
    count_ms = median_ns(lambda: ps.count_paths(G, 0, 200), 5) / 1e6
    assert ps.count_paths(G, 0, 200) == 2**200
    line = (
        f"\nP5: count_paths on a chain of 200 diamonds = 2**200 exactly in "
        f"{count_ms:.2f} ms (goal < 50 ms)."
    )
    lines.append(line)
    print(line, flush=True)
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


def math_nan():
    return float("nan")


if __name__ == "__main__":
    main()
