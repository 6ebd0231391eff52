"""The saved-file format of a CompiledDAG: a directory of .npy arrays, the nodes
as JSON (or pickled), and a manifest; written, read and checked here."""

from __future__ import annotations

import json
import os
import pickle
import stat
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._graph import short_repr
from ..exceptions import CompiledFileError, WeightError
from ..semirings import (
    BOOLEAN,
    COUNTING,
    Semiring,
    step_weight,
)
from .checks import MISSING, edge_chunks, lifted_weights, refused_weights
from .kernels import KINDS

if TYPE_CHECKING:
    from .dag import CompiledDAG

__all__ = [
    "ARRAYS",
    "MADE_WITH",
    "MANIFEST",
    "SAVED_SEMIRINGS",
    "file_change",
    "foreign_file",
    "load_array",
    "load_nodes",
    "part_file",
    "read_manifest",
    "weights_problem",
    "write_save",
]


# Saving, loading and pickling. The arrays a saved or pickled CompiledDAG
# keeps, by attribute name: the first five are its positional arguments, the
# rest its keyword arguments (left out when None; object arrays, which .npy
# files hold only pickled, are not saved).
ARRAYS = ("indptr", "indices", "weights", "tails", "levels", "raw_weights")
MADE_WITH = 5
_FORMAT = "pathsum.CompiledDAG"
_VERSION = 1
MANIFEST = "manifest.json"
SAVED_SEMIRINGS = {semiring.name: semiring for semiring in KINDS}
_JSON_NODES = (str, int, float, bool)


def foreign_file(file: Path, problem: str) -> CompiledFileError:
    """The error for a saved graph whose `file` holds what no save writes."""
    return CompiledFileError(
        f"{file}: {problem}; the files are not a graph CompiledDAG.save wrote "
        f"(changed since, or foreign): save the graph again",
        path=file,
    )


def part_file(folder: Path, manifest: dict, part: str) -> Path:
    """The file that holds `part` (an attribute of CompiledDAG) of a save."""
    if part == "nodes":
        return folder / f"nodes.{manifest['nodes']}"
    if part == "raw_weights" and manifest["raw_weights_are_weights"]:
        return folder / "weights.npy"
    return folder / f"{part}.npy"


def weights_problem(dag: CompiledDAG, raw_is_weights: bool) -> tuple | None:
    """What is wrong with the loaded weights of `dag`, as ``(part, problem)``,
    or None: each must be what `compile_dag` would have made (a weight the
    semiring refuses, or a count other than 1, gives sums no graph has), and
    the raw weights, which `with_semiring` lifts, must lift to them."""
    semiring, weights, raw = dag.semiring, dag.weights, dag.raw_weights
    name = semiring.name
    if raw_is_weights and (weights.dtype != np.float64 or dag._unweighted):
        return "raw_weights", (
            f"the manifest says the raw weights are the weights, which in {name} "
            f"{'of an unweighted graph ' if dag._unweighted else ''}they are not"
        )
    if raw is not None and dag._unweighted:
        return "raw_weights", "raw weights of a graph the manifest says is unweighted"
    lifts = raw is not None and raw is not weights and semiring is not COUNTING
    if lifts and raw.dtype.kind == "b" and semiring is not BOOLEAN:
        return "raw_weights", f"truth values, which {name} refuses as weights"
    step = step_weight(semiring)
    every = step if dag._unweighted or semiring is COUNTING else None
    kind = KINDS[semiring]
    for edges in edge_chunks(len(weights)):
        w = weights[edges]
        if every is not None:
            bad = w != every
        elif semiring is BOOLEAN:
            bad = w > 1
        else:
            bad = refused_weights(w, semiring)
        if bad.any():
            e = edges.start + int(np.flatnonzero(bad)[0])
            if semiring is COUNTING:
                rule = "COUNTING weighs every edge 1"
            elif every is not None:
                rule = (
                    f"the manifest says the graph is unweighted: every edge is "
                    f"one step, of {step!r} in {name}"
                )
            else:
                rule = f"{name} refuses that weight"
            return "weights", (
                f"edge {short_repr(dag._edge_name(e))} weighs "
                f"{weights[e].item()!r}, and {rule}"
            )
        if not lifts:
            continue
        if raw.dtype.kind == "b":
            lifted = raw[edges].astype(np.uint8)
        else:
            try:
                lifted = lifted_weights(
                    raw[edges],
                    lambda e, first=edges.start: dag._edge_name(first + e),
                    semiring,
                    kind,
                    len(w),
                )
            except WeightError as exc:
                return "raw_weights", str(exc)
        if not np.array_equal(lifted, w, equal_nan=True):
            return "raw_weights", f"raw weights that do not lift to the {name} weights"
    return None


def write_save(dag: CompiledDAG, folder: Path, allow_pickle: bool) -> None:
    dag._check_files()
    if SAVED_SEMIRINGS.get(dag.semiring.name) is not dag.semiring:
        raise TypeError(
            f"only a graph in a built-in semiring can be saved, not in "
            f"{dag.semiring!r}: compile it with one of "
            f"{', '.join(s.name.upper() for s in KINDS)}"
        )
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(
            f"{folder} is a file; CompiledDAG.save writes a directory of .npy "
            f"files: give a new or empty directory"
        )
    others = folder.is_dir() and any(folder.iterdir())
    if others and not (folder / MANIFEST).is_file():
        raise FileExistsError(
            f"{folder} holds other files; save to a new or empty directory, "
            f"or to one a CompiledDAG was saved to"
        )
    nodes_format, nodes_data = _node_file(dag.nodes, allow_pickle)
    keys = None
    if dag.edge_keys is not None:
        keys = _node_file(dag.edge_keys, allow_pickle, what="edge key")
    folder.mkdir(parents=True, exist_ok=True)
    # Without its manifest a directory is not a saved graph: a save cut short
    # is then refused at load, never read half old and half new.
    (folder / MANIFEST).unlink(missing_ok=True)
    arrays = {}
    for name in ARRAYS:
        array = getattr(dag, name, None)
        # Raw weights that are the weights themselves (floats in a semiring
        # that lifts them unchanged) are saved once, as the weights.
        if (
            array is None
            or array.dtype == object
            or (array is dag.weights and name != "weights")
        ):
            continue
        array = np.ascontiguousarray(array)
        # A new file under the old name: processes mapping the old file keep
        # reading the old graph, whole, until they load again.
        part = folder / f"{name}.npy.part"
        with part.open("wb") as file:
            np.save(file, array, allow_pickle=False)
        part.replace(folder / f"{name}.npy")
        arrays[name] = {"dtype": array.dtype.str, "shape": list(array.shape)}
    for stale in ("json", "pickle"):
        (folder / f"nodes.{stale}").unlink(missing_ok=True)
        (folder / f"edge_keys.{stale}").unlink(missing_ok=True)
    (folder / f"nodes.{nodes_format}").write_bytes(nodes_data)
    if keys is not None:
        (folder / f"edge_keys.{keys[0]}").write_bytes(keys[1])
    manifest = {
        "format": _FORMAT,
        "version": _VERSION,
        "id": uuid.uuid4().hex,
        "semiring": dag.semiring.name,
        "engine": dag.engine,
        "weights_kind": dag.weights_kind,
        "nodes": nodes_format,
        "edge_keys": None if keys is None else keys[0],
        "unweighted": dag._unweighted,
        "raw_weights_are_weights": dag.raw_weights is dag.weights,
        "number_of_nodes": len(dag.nodes),
        "arrays": arrays,
    }
    part = folder / f"{MANIFEST}.part"
    part.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    part.replace(folder / MANIFEST)


def _jsonable(node: Any) -> bool:
    """Whether JSON gives `node` back as it is (a tuple comes back from a JSON
    list: no list can be a node). Tuples are searched with a stack, not by
    recursion, whatever their depth."""
    stack = [node]
    while stack:
        item = stack.pop()
        if type(item) is tuple:
            stack.extend(item)
        elif type(item) not in _JSON_NODES:
            return False
    return True


def _node_file(
    nodes: list, allow_pickle: bool, what: str = "node"
) -> tuple[str, bytes]:
    """How the nodes (or edge keys) are saved, ``"json"`` or ``"pickle"``, and
    the bytes."""
    other = next((node for node in nodes if not _jsonable(node)), MISSING)
    if other is MISSING:
        try:
            return "json", json.dumps(nodes).encode()
        except RecursionError:
            raise TypeError(
                f"a {what} is nested too deeply for JSON (Python's encoder "
                f"recurses): relabel the nodes "
                f"(networkx.convert_node_labels_to_integers) before compile_dag"
            ) from None
    if not allow_pickle:
        raise TypeError(
            f"{what} {short_repr(other)} (a {type(other).__name__}) cannot be saved "
            f"as JSON, which holds str, int, float, bool and tuples of them: "
            f"relabel the nodes (networkx.convert_node_labels_to_integers) before "
            f"compile_dag, or pass allow_pickle=True to pickle them; loading them "
            f"then runs what the file holds, so only trusted files can be loaded"
        )
    return "pickle", pickle.dumps(list(nodes), protocol=pickle.HIGHEST_PROTOCOL)


def _tuples(value: Any) -> Any:
    """`value` with every list in it, at any depth, made a tuple: inner lists
    first, from a stack rather than by recursion."""
    if type(value) is not list:
        return value
    made: dict[int, tuple] = {}
    stack = [value]
    while stack:
        item = stack[-1]
        inner = [x for x in item if type(x) is list and id(x) not in made]
        if inner:
            stack.extend(inner)
            continue
        stack.pop()
        made[id(item)] = tuple(made[id(x)] if type(x) is list else x for x in item)
    return made[id(value)]


def _regular(file: Path) -> Path:
    """`file`, if it is a regular file: a directory or a pipe in its place is
    no part of a save (and reading a pipe would wait for a writer)."""
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        return file  # said by the reader, with what to do
    if not stat.S_ISREG(mode):
        raise CompiledFileError(
            f"{file} is not a regular file: a save writes only files; save the "
            f"graph again",
            path=file,
        )
    return file


def read_manifest(folder: Path) -> dict:
    """The manifest of a saved graph, checked for what loading reads."""
    file = folder / MANIFEST
    if not folder.is_dir():
        raise CompiledFileError(
            f"{folder} is a file, not a directory written by CompiledDAG.save",
            path=folder,
        )
    _regular(file)
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CompiledFileError(
            f"{folder} has no {MANIFEST}: it is not a saved CompiledDAG, or its "
            f"save was cut short; save the graph again",
            path=folder,
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CompiledFileError(
            f"{file} is not JSON ({exc}): the file is cut short or foreign",
            path=file,
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        raise CompiledFileError(
            f"{file} is not the manifest of a saved CompiledDAG", path=file
        )
    if manifest.get("version") != _VERSION:
        raise CompiledFileError(
            f"{file} is in format version {manifest.get('version')!r}; this "
            f"pathsum reads version {_VERSION}: save the graph again with it",
            path=file,
        )
    for field, (default, what, valid) in _FIELDS.items():
        if field not in manifest and default is MISSING:
            raise CompiledFileError(
                f"{file} lacks its {field}: save the graph again", path=file
            )
        value = manifest.setdefault(field, default)
        if not valid(value):
            raise CompiledFileError(
                f"{file}: its {field} is {short_repr(value)}, not {what}; the file "
                f"was changed, or not written by CompiledDAG.save: save the graph "
                f"again",
                path=file,
            )
    for name, spec in manifest["arrays"].items():
        if name not in ARRAYS:
            raise CompiledFileError(
                f"{file} lists an array {short_repr(name)}, which no saved graph "
                f"holds: save the graph again",
                path=file,
            )
        shape = spec.get("shape") if isinstance(spec, dict) else None
        if not (
            isinstance(spec, dict)
            and isinstance(spec.get("dtype"), str)
            and type(shape) is list
            and len(shape) == 1
            and type(shape[0]) is int
            and shape[0] >= 0
        ):
            raise CompiledFileError(
                f"{file} describes the array {name!r} as {short_repr(spec)}, not "
                f"as a dtype and the shape of one row: save the graph again",
                path=file,
            )
    return manifest


_SAVED_ENGINES = ("numba", "numpy")
_NODE_FORMATS = ("json", "pickle")
# What loading reads from a manifest: field -> (its default, what it must be,
# the test). Fields without a default must be there; the others came later
# in format 1, and their defaults read the files saved before them.
_FIELDS = {
    "id": (MISSING, "a string", lambda value: isinstance(value, str) and value != ""),
    "semiring": (
        MISSING,
        f"one of {', '.join(SAVED_SEMIRINGS)}",
        lambda value: isinstance(value, str) and value in SAVED_SEMIRINGS,
    ),
    "engine": (MISSING, "'numba' or 'numpy'", lambda value: value in _SAVED_ENGINES),
    "weights_kind": (
        MISSING,
        "one of '', 'f', 'i', 'u', 'b', 'O'",
        lambda value: value in ("", "f", "i", "u", "b", "O"),
    ),
    "nodes": (MISSING, "'json' or 'pickle'", lambda value: value in _NODE_FORMATS),
    "number_of_nodes": (
        MISSING,
        "a count",
        lambda value: type(value) is int and value >= 0,
    ),
    "arrays": (MISSING, "an object of arrays", lambda value: isinstance(value, dict)),
    "edge_keys": (
        None,
        "null, 'json' or 'pickle'",
        lambda value: value is None or value in _NODE_FORMATS,
    ),
    "unweighted": (False, "true or false", lambda value: type(value) is bool),
    "raw_weights_are_weights": (
        False,
        "true or false",
        lambda value: type(value) is bool,
    ),
}
# The dtypes a save writes (raw weights: any number): the loops are compiled
# for these, and what numpy would convert on the way is no saved graph.
_INDEX_DTYPES = (np.dtype(np.uint32), np.dtype(np.uint64))
_DTYPES = {
    "indptr": (np.dtype(np.uint64),),
    "indices": _INDEX_DTYPES,
    "tails": _INDEX_DTYPES,
    "levels": (np.dtype(np.int64),),
}


def load_array(
    folder: Path, name: str, spec: dict, mmap: bool, semiring: Semiring
) -> tuple[np.ndarray, tuple | None]:
    """The array `name` of a save, checked against the manifest's `spec` and
    the dtypes a save writes; mapped, also the `_identity` of its file."""
    file = _regular(folder / f"{name}.npy")
    try:
        if mmap:
            array, identity = _map(file)
        else:
            array, identity = np.load(file, allow_pickle=False), None
    except FileNotFoundError:
        raise CompiledFileError(
            f"{folder} lacks {file.name}, which its manifest lists: copy the "
            f"whole directory, or save the graph again",
            path=file,
        ) from None
    except Exception as exc:  # what numpy's reading of a damaged header raises varies
        raise CompiledFileError(
            f"{file} is not a whole .npy array ({exc}): it was cut short or "
            f"changed; save the graph again",
            path=file,
        ) from None
    shape = list(array.shape)
    if [array.dtype.str, shape] != [spec["dtype"], spec["shape"]]:
        raise CompiledFileError(
            f"{file} holds {array.dtype.str} {shape}, not what its manifest lists "
            f"({spec!r}): the file was changed; save the graph again",
            path=file,
        )
    if name == "weights":
        expected = np.dtype(KINDS[semiring].dtype)
        if array.dtype != expected:
            raise foreign_file(
                file,
                f"{array.dtype} weights, and {semiring.name} computes in {expected}",
            )
    elif name == "raw_weights":
        if array.dtype.kind not in "iufb" or not array.dtype.isnative:
            raise foreign_file(file, f"raw weights of dtype {array.dtype.str}")
    elif array.dtype not in _DTYPES[name]:
        raise foreign_file(
            file,
            f"{name} of dtype {array.dtype.str}, where a save writes "
            f"{' or '.join(dtype.str for dtype in _DTYPES[name])}",
        )
    return array, identity


def _map(file: Path) -> tuple[np.memmap, tuple]:
    """The array in the .npy `file`, mapped read-only, and the `_identity` of
    the very file mapped (stat of the open file, so a file replaced between
    a stat and the mapping cannot pass for it)."""
    with file.open("rb") as stream:
        identity = _identity(os.fstat(stream.fileno()))
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            header = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            header = np.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"format version {version} of .npy files")
        shape, fortran_order, dtype = header
        if dtype.hasobject:
            raise ValueError("it holds Python objects, which are read only pickled")
        # mmap refuses a file shorter than the array (ValueError).
        array = np.memmap(
            stream,
            dtype=dtype,
            mode="r",
            offset=stream.tell(),
            shape=shape,
            order="F" if fortran_order else "C",
        )
    return array, identity


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    """What says a file is the one loaded: its size, the time it was last
    written, and which file it is (inode, device)."""
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev


def file_change(file: str, identity: tuple) -> str:
    """How `file` changed since its `_identity` was `identity` ("" if not)."""
    try:
        now = _identity(os.stat(file))
    except OSError:
        return "it is gone"
    if now == identity:
        return ""
    if now[2:] != identity[2:]:
        return "it is another file: saved again, or replaced"
    if now[0] != identity[0]:
        return (
            f"it is {now[0]:,} bytes long, not {identity[0]:,}: cut short or rewritten"
        )
    return "it was written to"


def load_nodes(
    folder: Path, manifest: dict, allow_pickle: bool, what: str = "nodes"
) -> list:
    """The saved node list, or with ``what="edge_keys"`` the edge keys."""
    form = manifest[what]
    file = folder / f"{what}.{form}"
    if form == "pickle" and not allow_pickle:
        raise CompiledFileError(
            f"the {what.replace('_', ' ')} in {file} are pickled, and unpickling "
            f"runs what the file holds: pass allow_pickle=True only if you trust "
            f"the file",
            path=file,
        )
    _regular(file)
    try:
        data = file.read_bytes()
        nodes = pickle.loads(data) if form == "pickle" else json.loads(data)
    except FileNotFoundError:
        raise CompiledFileError(
            f"{folder} lacks {file.name}: copy the whole directory", path=file
        ) from None
    except Exception as exc:  # what a cut-short pickle or JSON raises varies
        raise CompiledFileError(
            f"{file} cannot be read ({type(exc).__name__}: {exc}): it was cut "
            f"short or changed; save the graph again",
            path=file,
        ) from None
    if not isinstance(nodes, list):
        raise CompiledFileError(
            f"{file} does not hold a list of {what.replace('_', ' ')}", path=file
        )
    if form == "json":
        nodes = [_tuples(node) for node in nodes]
        other = next((node for node in nodes if not _jsonable(node)), MISSING)
        if other is not MISSING:
            raise foreign_file(
                file,
                f"{short_repr(other)}, which a save does not write (it writes str, "
                f"int, float, bool and lists of them)",
            )
    return nodes
