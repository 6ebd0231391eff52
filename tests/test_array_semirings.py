"""The array engine in every built-in semiring it computes in: seeds as nodes,
mappings and blocks, against the dict engine."""

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pathsum as ps
import pathsum.compiled
from pathsum.compiled import numba_available
from pathsum.semirings import step_weight
from pathsum.strategies import dags

ENGINES = ["numpy", "numba"] if numba_available() else ["numpy"]

# Weights and seeds whose sums and products floats hold exactly, except in LOG.
VALUES = {
    ps.REAL: st.integers(-3, 3),
    ps.COUNTING: st.integers(0, 3),
    ps.BOOLEAN: st.booleans(),
    ps.MIN_PLUS: st.integers(-3, 3) | st.just(math.inf),
    ps.MAX_PLUS: st.integers(-3, 3) | st.just(-math.inf),
    ps.MAX_TIMES: st.integers(0, 3),
    ps.LOG: st.integers(-3, 3) | st.just(-math.inf),
}


def same(semiring, got, expected):
    if semiring is ps.LOG and math.isfinite(expected):
        return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)
    return got == expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "wide", [pathsum.compiled.dag._WIDE, 0], ids=["loop", "levels"]
)
@pytest.mark.parametrize("semiring", list(VALUES), ids=lambda s: s.name)
@settings(max_examples=60)  # 14 cases: 840 graphs in all
@given(data=st.data())
def test_seed_blocks_and_mappings_equal_the_dict_engine(engine, wide, semiring, data):
    G = data.draw(dags(max_nodes=7, weights=VALUES[semiring], multigraph=True))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pathsum.compiled.dag, "_WIDE", wide)
        check_seeds(data, G, semiring, engine)


def check_seeds(data, G, semiring, engine):
    dag = ps.compile_dag(G, semiring=semiring, engine=engine)
    nodes = sorted(G)
    columns = data.draw(
        st.lists(
            st.dictionaries(st.sampled_from(nodes), VALUES[semiring], max_size=3),
            min_size=1,
            max_size=3,
        )
    )
    kind = dag._kind
    block = np.full((len(nodes), len(columns)), kind.zero, kind.dtype)
    for j, seeds in enumerate(columns):
        for node, seed in seeds.items():
            block[dag.index[node], j] = seed
    for run, function in (
        ("forward", ps.forward_path_sums),
        ("reverse", ps.reverse_path_sums),
    ):
        together = getattr(dag, run)(block)
        assert together.shape == (len(nodes), len(columns))
        for j, seeds in enumerate(columns):
            alone = getattr(dag, run)(seeds)
            expected = function(G, seeds, semiring=semiring)
            for node in nodes:
                want = expected.get(node, semiring.zero)
                i = dag.index[node]
                assert same(semiring, alone[i].item(), want), (run, node)
                assert same(semiring, together[i, j].item(), want), (run, node)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("semiring", "seed", "message"),
    [
        (ps.COUNTING, 2.5, "2.5 is not an integer"),
        (ps.COUNTING, "3", "not a number"),
        (ps.REAL, "x", "not a number"),
        (ps.MIN_PLUS, None, "not a number"),
    ],
    ids=repr,
)
def test_a_seed_the_arrays_cannot_hold_is_a_type_error(engine, semiring, seed, message):
    dag = ps.compile_dag(nx.DiGraph([(0, 1)]), weight=None, semiring=semiring)
    for run in (dag.forward, dag.reverse):
        with pytest.raises(
            TypeError, match=f"the seed of node 0 is {message}|{message}"
        ):
            run({0: seed})


@pytest.mark.parametrize("engine", ENGINES)
def test_counting_and_boolean_seeds_keep_their_values(engine):
    G = nx.MultiDiGraph([(0, 1), (0, 1), (1, 2)])
    counting = ps.compile_dag(G, weight=None, semiring=ps.COUNTING, engine=engine)
    assert counting.forward({0: 3}).tolist() == [3, 6, 6]
    assert counting.reverse({2: 5.0}).tolist() == [10, 5, 5]
    assert counting.forward({0: 3}).dtype == np.int64
    boolean = ps.compile_dag(G, weight=None, semiring=ps.BOOLEAN, engine=engine)
    assert boolean.forward({0: 7}).tolist() == [True, True, True]
    assert boolean.forward({0: 0}).tolist() == [False, False, False]
    assert boolean.reverse({1: True}).tolist() == [True, True, False]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("semiring", list(VALUES), ids=lambda s: s.name)
def test_a_seed_after_every_edge_reaches_only_itself(engine, semiring):
    G = nx.DiGraph([(0, 1), (1, 2)])
    dag = ps.compile_dag(G, weight=None, semiring=semiring, engine=engine)
    kind = dag._kind
    one, zero = kind.one, kind.zero
    assert dag.forward(2).tolist() == [zero, zero, one]
    assert dag.reverse(0).tolist() == [one, zero, zero]
    assert dag.forward({}).tolist() == [zero] * 3
    assert dag.reverse({}).tolist() == [zero] * 3
    # weight=None: one step, which weighs one but for MIN_PLUS and MAX_PLUS (1).
    assert dag.to_dict(dag.forward(1)) == {1: one, 2: step_weight(semiring)}
