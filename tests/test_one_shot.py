"""The loops made for the built-in semirings give exactly what the general
loop gives: the same nodes, the same values of the same types, the same
errors; and they read no more of the graph than they need."""

import math
from dataclasses import replace
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pathsum as ps
from pathsum.strategies import dags

BUILT_INS = [
    ps.REAL,
    ps.COUNTING,
    ps.BOOLEAN,
    ps.MIN_PLUS,
    ps.MAX_PLUS,
    ps.MAX_TIMES,
    ps.LOG,
]

# Weights of every kind a graph may carry: what each lift keeps, converts or
# refuses, so every branch of every loop is drawn. Equal values of different
# types (1 and 1.0, 0.0 and -0.0) make ties, where min and max keep the first.
SPECIAL = [0, 1, 2, 0.0, 1.0, 2.0, -0.0, math.inf, -math.inf, math.nan]
ODD = [True, False, np.float64(0.5), np.int64(2), "a", None, 2**70, Fraction(1, 2)]
raw_weights = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(SPECIAL),
    st.sampled_from(ODD),
    st.integers(-3, 3),
    st.floats(-3, 3, allow_subnormal=False),
    st.fractions(-2, 2, max_denominator=4),
)
seed_values = st.one_of(
    st.integers(-2, 2),
    st.floats(-2, 2, allow_subnormal=False),
    st.booleans(),
    st.fractions(-2, 2, max_denominator=3),
    st.sampled_from([np.float64(1.5), math.inf, -math.inf]),
)


def outcome(function, *args, **kwargs):
    """What a call gives: its result, or its error's type, message and edge."""
    try:
        return "value", function(*args, **kwargs)
    except (ps.WeightError, TypeError, ValueError, ArithmeticError) as exc:
        return "error", (type(exc), str(exc), getattr(exc, "edge", None))


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def assert_same_outcome(ours, general):
    assert ours[0] == general[0], (ours, general)
    if ours[0] == "error":
        assert ours[1] == general[1]
        return
    mine, theirs = ours[1], general[1]
    if isinstance(mine, dict):
        # The same nodes; BOOLEAN without weights lists them in the search's
        # topological order, not in the order a push loop first reaches them.
        assert mine.keys() == theirs.keys()
        for node in mine:
            assert same(mine[node], theirs[node]), (node, mine[node], theirs[node])
    else:
        assert same(mine, theirs), (mine, theirs)


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@settings(max_examples=400)
@given(data=st.data())
def test_the_loops_made_for_built_ins_give_what_the_general_loop_gives(data):
    semiring = data.draw(st.sampled_from(BUILT_INS), label="semiring")
    # A copy is not a built-in, so every function takes the general loop on it.
    general = replace(semiring)
    multigraph = data.draw(st.booleans(), label="multigraph")
    # A few values per graph: paths then tie, and most graphs are free of
    # weights the semiring refuses.
    palette = data.draw(st.lists(raw_weights, min_size=1, max_size=3), label="palette")
    G = data.draw(
        dags(max_nodes=7, weights=st.sampled_from(palette), multigraph=multigraph)
    )
    edges = list(G.edges(keys=True, data=True) if multigraph else G.edges(data=True))
    if edges and data.draw(st.booleans(), label="some lack the attribute"):
        for i in data.draw(st.sets(st.integers(0, len(edges) - 1), max_size=2)):
            del edges[i][-1]["weight"]
    weight = data.draw(st.sampled_from(["weight", "weight", None]), label="weight")
    options = {"weight": weight}
    if data.draw(st.booleans(), label="with default_weight"):
        options["default_weight"] = data.draw(raw_weights, label="default_weight")
    nodes = list(G)
    if data.draw(st.booleans(), label="one seed"):
        seeds = data.draw(st.sampled_from(nodes), label="seed")
    else:
        seeds = data.draw(
            st.dictionaries(st.sampled_from(nodes), seed_values, min_size=1),
            label="seeds",
        )
    for function in (ps.forward_path_sums, ps.reverse_path_sums):
        assert_same_outcome(
            outcome(function, G, seeds, semiring=semiring, **options),
            outcome(function, G, seeds, semiring=general, **options),
        )
    s, t = data.draw(st.sampled_from(nodes)), data.draw(st.sampled_from(nodes))
    for method in ("forward", "reverse"):
        assert_same_outcome(
            outcome(ps.path_sum, G, s, t, method=method, semiring=semiring, **options),
            outcome(ps.path_sum, G, s, t, method=method, semiring=general, **options),
        )


@given(dags(max_nodes=7, multigraph=True), st.data())
def test_count_paths_is_the_general_counting_pass(G, data):
    s, t = data.draw(st.sampled_from(list(G))), data.draw(st.sampled_from(list(G)))
    general = replace(ps.COUNTING)
    assert ps.count_paths(G, s, t) == ps.path_sum(
        G, s, t, semiring=general, method="forward", weight=None
    )


class CountedReads(dict):
    """An edge's data dict that counts the reads of its values."""

    reads = 0

    def __getitem__(self, key):
        CountedReads.reads += 1
        return super().__getitem__(key)

    def get(self, key, default=None):
        CountedReads.reads += 1
        return super().get(key, default)


class CountedDiGraph(nx.DiGraph):
    edge_attr_dict_factory = CountedReads


def counted_chain(n):
    G = CountedDiGraph()
    for i in range(n):
        G.add_edge(i, i + 1, weight=0.5)
        G.add_edge(i, i + 2, weight=0.25)
    CountedReads.reads = 0
    return G


@pytest.mark.parametrize("semiring", [ps.BOOLEAN, ps.COUNTING])
def test_unweighted_passes_read_no_weight(semiring):
    G = counted_chain(50)
    weight = None if semiring is ps.BOOLEAN else "weight"
    forward = ps.forward_path_sums(G, 0, weight=weight, semiring=semiring)
    backward = ps.reverse_path_sums(G, 51, weight=weight, semiring=semiring)
    assert forward.keys() == nx.descendants(G, 0) | {0}
    assert backward.keys() == nx.ancestors(G, 51) | {51}
    assert CountedReads.reads == 0
    ps.count_paths(G, 0, 51)
    assert CountedReads.reads == 0


@pytest.mark.parametrize("semiring", [*BUILT_INS[3:], ps.REAL])
def test_weighted_passes_read_each_reached_weight_once(semiring):
    G = counted_chain(50)
    ps.forward_path_sums(G, 10, semiring=semiring)
    reached = sum(len(G._succ[u]) for u in range(10, 52))
    assert CountedReads.reads == reached
    CountedReads.reads = 0
    ps.reverse_path_sums(G, 10, semiring=semiring)
    assert CountedReads.reads == sum(len(G._pred[v]) for v in range(11))


def test_boolean_keeps_nodes_only_false_edges_reach():
    G = nx.DiGraph([("s", "a", {"weight": False}), ("a", "b", {"weight": True})])
    G.add_edge("s", "c", weight=1)
    assert ps.forward_path_sums(G, "s", semiring=ps.BOOLEAN) == {
        "s": True,
        "a": False,
        "c": True,
        "b": False,
    }
    hidden = ps.forward_path_sums(
        G, "s", weight=lambda u, v, d: True if d["weight"] else None,
        semiring=ps.BOOLEAN,
    )  # fmt: skip
    assert hidden == {"s": True, "c": True}


def test_exact_types_stay_exact_in_the_made_loops():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=Fraction(1, 3))
    G.add_edge("b", "c", weight=2)
    G.add_edge("a", "c", weight=Fraction(1, 3))
    assert ps.forward_path_sums(G, "a") == {
        "a": 1,
        "b": Fraction(1, 3),
        "c": Fraction(1, 1),
    }
    assert type(ps.path_sum(G, "a", "c", semiring=ps.MIN_PLUS)) is Fraction
    assert ps.reverse_path_sums(G, "c", semiring=ps.MAX_PLUS) == {
        "c": 0,
        "b": 2,
        "a": Fraction(7, 3),
    }


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@pytest.mark.parametrize("semiring", BUILT_INS, ids=lambda s: s.name)
@pytest.mark.parametrize("raw", SPECIAL + ODD + [-1, 0.5], ids=repr)
def test_every_weight_is_kept_or_refused_as_the_general_loop_does(semiring, raw):
    G = nx.DiGraph([("s", "a", {"weight": 2.0}), ("a", "t", {"weight": raw})])
    G.add_edge("s", "t", weight=1)
    general = replace(semiring)
    for function, seed in ((ps.forward_path_sums, "s"), (ps.reverse_path_sums, "t")):
        assert_same_outcome(
            outcome(function, G, seed, semiring=semiring),
            outcome(function, G, seed, semiring=general),
        )


@pytest.mark.parametrize("semiring", BUILT_INS, ids=lambda s: s.name)
@pytest.mark.parametrize("first, second", [(1, 1.0), (1.0, 1), (0.0, -0.0)])
def test_ties_keep_the_value_the_general_loop_keeps(semiring, first, second):
    # Two paths of equal weight whose values differ in type or sign: min and
    # max keep the first they are given.
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=first)
    G.add_edge("s", "b", weight=second)
    G.add_edge("a", "t", weight=semiring.one)
    G.add_edge("b", "t", weight=semiring.one)
    general = replace(semiring)
    for function, seed in ((ps.forward_path_sums, "s"), (ps.reverse_path_sums, "t")):
        assert_same_outcome(
            outcome(function, G, seed, semiring=semiring),
            outcome(function, G, seed, semiring=general),
        )


COMPILED = [ps.REAL, ps.COUNTING, ps.BOOLEAN, ps.MIN_PLUS, ps.MAX_PLUS]
COMPILED += [ps.MAX_TIMES, ps.LOG]


def compiled_outcome(function, *args, **kwargs):
    """A compiled graph's arrays and what it says of its weights, or the error."""
    kind, result = outcome(function, *args, **kwargs)
    if kind == "error":
        return kind, result
    return kind, (
        result.nodes,
        result.indptr.tolist(),
        result.indices.tolist(),
        result.weights.dtype,
        result.weights.tolist(),
        result.weights_kind,
        result.semiring,
    )


def assert_same_compiled(ours, expected):
    assert ours[0] == expected[0], (ours, expected)
    if ours[0] == "error":
        assert ours[1] == expected[1]
        return
    *structure, weights, weights_kind, semiring = ours[1]
    *their_structure, their_weights, their_kind, their_semiring = expected[1]
    assert structure == their_structure
    assert (weights_kind, semiring) == (their_kind, their_semiring)
    assert len(weights) == len(their_weights)
    for mine, theirs in zip(weights, their_weights, strict=True):
        assert same(mine, theirs), (weights, their_weights)


@given(data=st.data())
def test_with_semiring_gives_what_compile_dag_gives(data):
    multigraph = data.draw(st.booleans(), label="multigraph")
    palette = data.draw(st.lists(raw_weights, min_size=1, max_size=3), label="palette")
    G = data.draw(
        dags(max_nodes=6, weights=st.sampled_from(palette), multigraph=multigraph)
    )
    edges = list(G.edges(keys=True, data=True) if multigraph else G.edges(data=True))
    if edges and data.draw(st.booleans(), label="some lack the attribute"):
        for i in data.draw(st.sets(st.integers(0, len(edges) - 1), max_size=2)):
            del edges[i][-1]["weight"]
    options = {"weight": data.draw(st.sampled_from(["weight", "weight", None]))}
    if data.draw(st.booleans(), label="with default_weight"):
        options["default_weight"] = data.draw(st.sampled_from(SPECIAL))
    for first in COMPILED:
        try:
            dag = ps.compile_dag(G, semiring=first, **options)
        except (ps.WeightError, TypeError, ValueError):
            continue
        for second in COMPILED:
            expected = compiled_outcome(ps.compile_dag, G, semiring=second, **options)
            if first is ps.COUNTING and second is not ps.COUNTING and options["weight"]:
                with pytest.raises(ValueError, match="holds no raw weights"):
                    dag.with_semiring(second)
                continue
            assert_same_compiled(compiled_outcome(dag.with_semiring, second), expected)


@pytest.mark.parametrize("semiring", [ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES])
def test_with_semiring_refuses_the_infinity_compile_dag_refuses(semiring):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=1.0)
    G.add_edge("a", "b", key="slow", weight=-math.inf)
    G.add_edge("b", "c", key="late", weight=math.inf)
    G.add_edge("c", "d", weight=-1)
    with pytest.raises(ps.WeightError) as compiled:
        ps.compile_dag(G, semiring=semiring)
    with pytest.raises(ps.WeightError) as lifted:
        ps.compile_dag(G, semiring=ps.REAL).with_semiring(semiring)
    assert str(lifted.value) == str(compiled.value)
    assert lifted.value.edge == compiled.value.edge
    assert len(lifted.value.edge) == 3


def test_with_semiring_shares_the_structure_and_keeps_the_raw_weights():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2), ("b", "c", Fraction(1, 2))])
    dag = ps.compile_dag(G)
    longest = dag.with_semiring(ps.MAX_PLUS)
    assert longest.indices is dag.indices and longest.nodes is dag.nodes
    assert longest.raw_weights.tolist() == [2, Fraction(1, 2)]
    assert longest.to_dict(longest.forward("a")) == {"a": 0.0, "b": 2.0, "c": 2.5}
    unweighted = ps.compile_dag(G, weight=None, semiring=ps.MIN_PLUS)
    assert unweighted.raw_weights is None
    assert unweighted.with_semiring(ps.REAL).weights.tolist() == [1.0, 1.0]
    # Still unweighted, so it can change semiring again.
    twice = unweighted.with_semiring(ps.MAX_PLUS).with_semiring(ps.REAL)
    assert twice.weights.tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="read-only"):
        dag.raw_weights[0] = 3
    with pytest.raises(TypeError, match="compile_dag computes in"):
        dag.with_semiring(ps.POLYNOMIAL)


def test_with_semiring_keeps_the_edge_keys_that_name_an_edge():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="fast", weight=1.0)
    G.add_edge("a", "b", key="slow", weight=-math.inf)
    dag = ps.compile_dag(G)
    assert dag.with_semiring(ps.MAX_PLUS).edge_keys == ["fast", "slow"]
    with pytest.raises(ps.WeightError) as refused:
        dag.with_semiring(ps.MIN_PLUS)
    assert refused.value.edge == ("a", "b", "slow")


@pytest.mark.parametrize("semiring", COMPILED, ids=lambda s: s.name)
def test_view_holds_what_to_dict_holds(semiring):
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("a", "b", 2.0), ("b", "c", 0.0), ("a", "d", 1.0), ("x", "c", 3.0)]
    )
    dag = ps.compile_dag(G, semiring=semiring)
    for values in (dag.forward("a"), dag.reverse("c"), dag.forward("x")):
        expected = dag.to_dict(values)
        sums = dag.view(values)
        assert dict(sums) == expected and list(sums) == list(expected)
        assert len(sums) == len(expected)
        assert repr(sums) == f"<PathSumsView of {len(expected):,} nodes>"
        # Like a dict, the view refuses what no dict could hold.
        with pytest.raises(TypeError, match="unhashable"):
            ["a"] in sums  # noqa: B015
        for node in [*G, "nowhere"]:
            assert (node in sums) == (node in expected)
            if node in expected:
                assert same(sums[node], expected[node])
            else:
                with pytest.raises(KeyError):
                    sums[node]
    with pytest.raises(ValueError, match="one value per node"):
        dag.view(np.zeros(3))


def test_the_compiled_count_says_where_to_count_exactly():
    G = nx.DiGraph()
    for i in range(64):
        G.add_edges_from([(i, (i, 0)), (i, (i, 1)), ((i, 0), i + 1), ((i, 1), i + 1)])
    dag = ps.compile_dag(G, semiring=ps.COUNTING)
    with pytest.raises(OverflowError, match="count_paths counts exactly, in Python"):
        dag.forward(0)
    assert ps.count_paths(G, 0, 64) == 2**64


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@settings(max_examples=300)
@given(data=st.data())
def test_best_path_takes_the_path_the_general_loop_takes(data):
    semiring = data.draw(st.sampled_from([ps.MIN_PLUS, ps.MAX_PLUS, ps.MAX_TIMES]))
    palette = data.draw(st.lists(raw_weights, min_size=1, max_size=3), label="palette")
    G = data.draw(dags(max_nodes=7, weights=st.sampled_from(palette)))
    edges = list(G.edges(data=True))
    if edges and data.draw(st.booleans(), label="some lack the attribute"):
        for i in data.draw(st.sets(st.integers(0, len(edges) - 1), max_size=2)):
            del edges[i][-1]["weight"]
    pairs = [edge[:2] for edge in edges]
    hidden = data.draw(st.sets(st.sampled_from(pairs)) if pairs else st.just(set()))
    weight = data.draw(
        st.sampled_from(
            [
                "weight",
                None,
                lambda u, v, d: None if (u, v) in hidden else d.get("weight", 1),
            ]
        ),
        label="weight",
    )
    s, t = data.draw(st.sampled_from(list(G))), data.draw(st.sampled_from(list(G)))

    def best(semiring):
        try:
            return outcome(ps.best_path, G, s, t, weight=weight, semiring=semiring)
        except nx.NetworkXNoPath as exc:
            return "error", (type(exc), str(exc), None)

    ours, general = best(semiring), best(replace(semiring))
    assert ours[0] == general[0] and len(ours[1]) == len(general[1])
    if ours[0] == "error":
        assert ours == general
    else:
        assert same(ours[1][0], general[1][0]) and ours[1][1] == general[1][1]


@pytest.mark.parametrize(
    ("semiring", "value", "through"),
    [(ps.MIN_PLUS, 0.75, "b"), (ps.MAX_PLUS, 1.5, "a"), (ps.MAX_TIMES, 0.5, "a")],
)
def test_best_path_picks_the_better_of_two(semiring, value, through):
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("s", "a", 0.5), ("a", "t", 1.0), ("s", "b", 0.5), ("b", "t", 0.25)]
    )
    assert ps.best_path(G, "s", "t", semiring=semiring) == (
        value,
        (("s", through), (through, "t")),
    )


def test_compile_dag_names_the_weight_it_refuses_among_numbers():
    # numpy reads 1.5 and "a" together as the strings "1.5" and "a": the raw
    # weights must stay the objects the graph holds.
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=1.5)
    G.add_edge(1, 2, weight="a")
    with pytest.raises(ps.WeightError) as compiled:
        ps.compile_dag(G)
    assert compiled.value.edge == (1, 2) and compiled.value.raw == "a"
    dag = ps.compile_dag(G, semiring=ps.COUNTING)
    assert dag.raw_weights is None
    with pytest.raises(ValueError, match="holds no raw weights"):
        dag.with_semiring(ps.MIN_PLUS)
