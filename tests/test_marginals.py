"""edge_marginals and node_marginals, each checked three ways: against the sum
over enumerated paths, against the forward ⊗ w ⊗ reverse formula built from the
public passes, and against derivatives of path_sum (numeric and symbolic)."""

import itertools
import math

import networkx as nx
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from oracles import edge_paths
from pathsum.examples import colah, diamond_chain, factoring
from pathsum.strategies import dags_with_endpoints

SMALL_INTEGERS = st.integers(-4, 4)
MULTI = dags_with_endpoints(
    max_nodes=7, weights=SMALL_INTEGERS, multigraph=True, max_parallel=2
)


def edge_weight(G, edge):
    return G.edges[edge]["weight"]


def marginals_by_enumeration(G, s, t, semiring, weight="weight"):
    """Edge -> ⊕ of the products of the enumerated paths through it."""
    through = {}
    for path in edge_paths(G, s, t):
        product = ps.path_weight(G, path, weight=weight, semiring=semiring)
        for edge in path:
            through[edge] = (
                semiring.add(through[edge], product) if edge in through else product
            )
    return through


def node_marginals_by_enumeration(G, s, t, semiring):
    through = {}
    for path in edge_paths(G, s, t):
        product = ps.path_weight(G, path, semiring=semiring)
        nodes = [s] + [edge[1] for edge in path]
        for node in nodes:
            through[node] = (
                semiring.add(through[node], product) if node in through else product
            )
    return through


@given(example=MULTI)
def test_edge_marginals_are_sums_over_the_enumerated_paths_through_each_edge(
    example,
):
    G, s, t = example
    assert ps.edge_marginals(G, s, t) == marginals_by_enumeration(G, s, t, ps.REAL)


@given(example=MULTI)
def test_edge_marginals_are_forward_times_weight_times_reverse(example):
    G, s, t = example
    x = ps.forward_path_sums(G, s)
    y = ps.reverse_path_sums(G, t)
    expected = {
        edge: x[edge[0]] * edge_weight(G, edge) * y[edge[1]]
        for edge in G.edges(keys=True)
        if edge[0] in x and edge[1] in y and s != t
    }
    assert ps.edge_marginals(G, s, t) == expected


@given(
    example=dags_with_endpoints(max_nodes=7, weights=SMALL_INTEGERS),
    step=st.sampled_from([0.5, 0.25]),
)
def test_real_marginal_is_weight_times_central_difference(example, step):
    G, s, t = example
    marginals = ps.edge_marginals(G, s, t)
    for edge, value in marginals.items():
        w = edge_weight(G, edge)
        H = G.copy()
        H.edges[edge]["weight"] = w + step
        above = ps.path_sum(H, s, t)
        H.edges[edge]["weight"] = w - step
        below = ps.path_sum(H, s, t)
        # A path uses an edge at most once, so the path sum is affine in each
        # weight and the central difference is exact up to rounding.
        assert value == pytest.approx(w * (above - below) / (2 * step), abs=1e-9)


def to_sympy(polynomial):
    return sum(
        (
            coefficient * sp.Mul(*(sp.Symbol(name) ** e for name, e in monomial))
            for monomial, coefficient in polynomial.terms.items()
        ),
        sp.Integer(0),
    )


@given(example=dags_with_endpoints(max_nodes=7, multigraph=True, max_parallel=2))
def test_polynomial_marginal_is_symbol_times_exact_derivative(example):
    G, s, t = example
    for number, (u, v, k) in enumerate(G.edges(keys=True)):
        G.edges[u, v, k]["symbol"] = f"w{number}"
    total = to_sympy(ps.path_sum(G, s, t, weight="symbol", semiring=ps.POLYNOMIAL))
    marginals = ps.edge_marginals(G, s, t, weight="symbol", semiring=ps.POLYNOMIAL)
    for edge, value in marginals.items():
        symbol = sp.Symbol(G.edges[edge]["symbol"])
        assert sp.expand(to_sympy(value) - symbol * sp.diff(total, symbol)) == 0
    # Every edge on no path has derivative 0 and is left out.
    for edge in set(G.edges(keys=True)) - set(marginals):
        assert sp.diff(total, sp.Symbol(G.edges[edge]["symbol"])) == 0


@given(example=dags_with_endpoints(max_nodes=7, multigraph=True, max_parallel=2))
def test_free_marginals_keep_path_order(example):
    G, s, t = example
    for number, edge in enumerate(G.edges(keys=True)):
        G.edges[edge]["label"] = number
    expected = marginals_by_enumeration(G, s, t, ps.FREE, weight="label")
    assert ps.edge_marginals(G, s, t, weight="label", semiring=ps.FREE) == expected


def test_free_marginal_of_a_middle_edge_spells_prefix_edge_suffix():
    G = nx.DiGraph()
    G.add_edge("s", "a", label="p")
    G.add_edge("a", "b", label="e")
    G.add_edge("b", "t", label="q")
    marginals = ps.edge_marginals(G, "s", "t", weight="label", semiring=ps.FREE)
    assert str(marginals["a", "b"]) == "p·e·q"


@given(example=MULTI)
def test_node_marginals_are_sums_over_the_enumerated_paths_through_each_node(
    example,
):
    G, s, t = example
    expected = node_marginals_by_enumeration(G, s, t, ps.REAL)
    assert ps.node_marginals(G, s, t) == expected


@given(example=MULTI)
def test_node_marginals_over_every_node_cut_add_up_to_the_total(example):
    G, s, t = example
    paths = [[s] + [edge[1] for edge in path] for path in edge_paths(G, s, t)]
    total = ps.path_sum(G, s, t)
    marginals = ps.node_marginals(G, s, t)
    on_paths = sorted(marginals)
    cuts = 0
    for size in range(1, len(on_paths) + 1):
        for cut in itertools.combinations(on_paths, size):
            if all(sum(node in cut for node in path) == 1 for path in paths):
                assert sum(marginals[node] for node in cut) == total
                cuts += 1
    assert cuts >= 1 if paths else cuts == 0


@given(example=MULTI, data=st.data())
def test_edge_marginals_leaving_a_topological_prefix_add_up_to_the_total(example, data):
    G, s, t = example
    order = list(nx.topological_sort(G))
    if order.index(s) >= order.index(t):
        assert ps.edge_marginals(G, s, t) == {}
        return
    cut = data.draw(st.integers(order.index(s) + 1, order.index(t)))
    prefix = set(order[:cut])
    marginals = ps.edge_marginals(G, s, t)
    crossing = [e for e in marginals if e[0] in prefix and e[1] not in prefix]
    assert sum(marginals[e] for e in crossing) == ps.path_sum(G, s, t)


def test_factoring_marginals_split_the_total_by_weight():
    G = factoring()
    marginals = ps.edge_marginals(G, "X", "Z")
    assert marginals == {
        ("X", "Y", 0): 6,
        ("X", "Y", 1): 12,
        ("X", "Y", 2): 18,
        ("Y", "Z", 0): 6,
        ("Y", "Z", 1): 12,
        ("Y", "Z", 2): 18,
    }


def test_log_marginals_are_log_probabilities_of_using_the_edge():
    G = diamond_chain(3)
    for i, (u, v) in enumerate(G.edges):
        G.edges[u, v]["score"] = 0.1 * i
    logs = ps.edge_marginals(G, 0, 3, weight="score", semiring=ps.LOG)
    total = ps.path_sum(G, 0, 3, weight="score", semiring=ps.LOG)
    paths = edge_paths(G, 0, 3)
    scores = [sum(G.edges[e]["score"] for e in path) for path in paths]
    z = sum(map(math.exp, scores))
    for edge, value in logs.items():
        through = sum(
            math.exp(score)
            for score, path in zip(scores, paths, strict=True)
            if edge in path
        )
        assert value - total == pytest.approx(math.log(through / z))


def test_same_source_and_target():
    G = colah()
    assert ps.edge_marginals(G, "b", "b") == {}
    assert ps.node_marginals(G, "b", "b") == {"b": 1}
    assert ps.node_marginals(G, "b", "b", semiring=ps.FREE, weight="partial") == {
        "b": ps.FREE.one
    }


def test_no_path_gives_empty_dicts():
    G = colah()
    assert ps.edge_marginals(G, "a", "d") == {}
    assert ps.node_marginals(G, "a", "d") == {}


def test_hidden_edges_are_not_keys():
    G = colah()

    def weight(u, v, data):
        return None if (u, v) == ("b", "c") else data["weight"]

    marginals = ps.edge_marginals(G, "b", "e", weight=weight)
    assert marginals == {("b", "d"): 3, ("d", "e"): 3}
    assert ps.node_marginals(G, "b", "e", weight=weight) == {"b": 3, "d": 3, "e": 3}


def test_zero_weight_edges_on_a_path_are_keys_with_value_zero():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("s", "a", 0), ("a", "t", 5), ("s", "t", 2)])
    marginals = ps.edge_marginals(G, "s", "t")
    assert marginals == {("s", "a"): 0, ("a", "t"): 0, ("s", "t"): 2}


def test_missing_weight_is_a_weight_error_naming_the_edge():
    G = nx.MultiDiGraph()
    G.add_edge("s", "t", weight=1)
    G.add_edge("s", "t")
    with pytest.raises(ps.WeightError) as caught:
        ps.edge_marginals(G, "s", "t")
    assert caught.value.edge == ("s", "t", 1)
    assert ps.edge_marginals(G, "s", "t", default_weight=2) == {
        ("s", "t", 0): 1,
        ("s", "t", 1): 2,
    }


def test_bad_arguments():
    G = colah()
    with pytest.raises(nx.NodeNotFound, match="source node 'z'"):
        ps.edge_marginals(G, "z", "e")
    with pytest.raises(nx.NodeNotFound, match="target node 'z'"):
        ps.node_marginals(G, "a", "z")
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.edge_marginals(nx.Graph([(1, 2)]), 1, 2)
    with pytest.raises(TypeError, match="semiring"):
        ps.edge_marginals(G, "a", "e", semiring="real")


def test_a_cycle_on_the_way_is_not_a_dag_error():
    G = nx.DiGraph([("s", "a"), ("a", "b"), ("b", "a"), ("b", "t")])
    with pytest.raises(ps.NotADAGError):
        ps.edge_marginals(G, "s", "t", weight=None)


def test_the_graph_is_not_mutated_and_a_long_chain_needs_no_recursion():
    G = nx.path_graph(100_000, create_using=nx.DiGraph)
    nx.set_edge_attributes(G, 1, "weight")
    before = nx.to_dict_of_dicts(G)
    marginals = ps.edge_marginals(G, 0, 99_999)
    assert len(marginals) == 99_999 and set(marginals.values()) == {1}
    assert nx.to_dict_of_dicts(G) == before


# A DiGraph with weights under an attribute name takes the sweeps that read the
# attribute inline; these pin them to enumeration and to the general sweeps.
INLINE = {
    ps.REAL: SMALL_INTEGERS | st.fractions(-4, 4, max_denominator=3),
    ps.COUNTING: SMALL_INTEGERS,
    ps.BOOLEAN: st.booleans(),
    ps.MIN_PLUS: SMALL_INTEGERS.map(float),
    ps.MAX_PLUS: SMALL_INTEGERS,
    ps.MAX_TIMES: st.integers(0, 3),
    ps.FREE: st.sampled_from("abc"),
}


@pytest.mark.parametrize("semiring", list(INLINE), ids=lambda s: s.name)
@given(data=st.data())
def test_attribute_weights_of_a_digraph_match_enumeration_and_a_callable(
    semiring, data
):
    G, s, t = data.draw(dags_with_endpoints(max_nodes=7, weights=INLINE[semiring]))
    expected = marginals_by_enumeration(G, s, t, semiring)
    assert ps.edge_marginals(G, s, t, semiring=semiring) == expected
    nodes = ps.node_marginals(G, s, t, semiring=semiring)
    assert nodes == node_marginals_by_enumeration(G, s, t, semiring)

    def same(u, v, d):
        return d["weight"]

    assert ps.edge_marginals(G, s, t, weight=same, semiring=semiring) == expected
    assert ps.node_marginals(G, s, t, weight=same, semiring=semiring) == nodes


@pytest.mark.parametrize("semiring", [ps.REAL, ps.MIN_PLUS], ids=lambda s: s.name)
def test_attribute_weights_of_a_digraph_missing_or_bad_name_the_edge(semiring):
    G = nx.DiGraph()
    G.add_edge("s", "a", weight=1)
    G.add_edge("a", "t")
    G.add_edge("s", "t", weight=2)
    for run in (ps.edge_marginals, ps.node_marginals):
        with pytest.raises(ps.WeightError, match="has no 'weight' attribute") as info:
            run(G, "s", "t", semiring=semiring)
        assert (info.value.edge, info.value.attribute) == (("a", "t"), "weight")
    filled = ps.edge_marginals(G, "s", "t", semiring=semiring, default_weight=3)
    one = semiring.one
    assert filled == {
        ("s", "a"): semiring.mul(semiring.mul(one, 1), 3),
        ("a", "t"): semiring.mul(semiring.mul(one, 1), 3),
        ("s", "t"): semiring.mul(one, 2),
    }
    # REAL takes NaN as a number; order-based semirings cannot place it.
    for bad in ("3", [1]) + ((math.nan,) if semiring is ps.MIN_PLUS else ()):
        G.edges["a", "t"]["weight"] = bad
        with pytest.raises(ps.WeightError, match="'a', 't'") as info:
            ps.edge_marginals(G, "s", "t", semiring=semiring)
        assert info.value.edge == ("a", "t")
