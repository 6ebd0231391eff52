import math
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pathsum as ps
from oracles import edge_paths
from pathsum.examples import diamond_chain, factoring
from pathsum.strategies import dags_with_endpoints


@given(dags_with_endpoints(multigraph=True))
def test_all_paths_are_networkx_simple_edge_paths(example):
    G, s, t = example
    ours = list(ps.all_paths(G, s, t))
    assert len(ours) == len(set(ours))
    assert sorted(ours, key=repr) == sorted(edge_paths(G, s, t), key=repr)


@given(dags_with_endpoints(multigraph=True))
def test_count_paths_counts_what_networkx_enumerates(example):
    G, s, t = example
    assert ps.count_paths(G, s, t) == len(edge_paths(G, s, t))


@given(dags_with_endpoints(weights=st.integers(-4, 4)))
def test_counting_semiring_is_count_paths(example):
    G, s, t = example
    for method in ("paths", "forward", "reverse"):
        assert ps.path_sum(
            G, s, t, method=method, semiring=ps.COUNTING
        ) == ps.count_paths(G, s, t)


def test_count_paths_is_exact_on_a_chain_of_200_diamonds():
    G = diamond_chain(200)
    assert ps.count_paths(G, 0, 200) == 2**200
    assert ps.path_sum(G, 0, 200, semiring=ps.COUNTING) == 2**200
    with pytest.raises(ps.TooManyPathsError, match=str(2**200)):
        ps.all_paths(G, 0, 200, max_paths=10**6)


def test_all_paths_is_lazy():
    paths = ps.all_paths(diamond_chain(200), 0, 200)
    first = next(paths)
    assert len(first) == 400
    assert next(paths) != first


def test_paths_between_a_node_and_itself():
    G = nx.DiGraph([(0, 1)])
    assert list(ps.all_paths(G, 1, 1)) == [()]
    assert ps.count_paths(G, 0, 0) == 1
    assert ps.path_sum(G, 0, 0, method="paths") == 1
    assert list(ps.all_paths(G, 1, 0)) == []
    assert ps.count_paths(G, 1, 0) == 0


def test_multigraph_paths_carry_keys():
    G = nx.MultiDiGraph()
    G.add_edge("x", "y", key="fast")
    G.add_edge("x", "y", key="slow")
    G.add_edge("y", "z")
    assert sorted(ps.all_paths(G, "x", "z")) == [
        (("x", "y", "fast"), ("y", "z", 0)),
        (("x", "y", "slow"), ("y", "z", 0)),
    ]


def test_path_weight_multiplies_in_path_order():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight="p")
    G.add_edge("b", "c", weight="q")
    assert str(ps.path_weight(G, [("a", "b"), ("b", "c")], semiring=ps.FREE)) == "p·q"
    assert ps.path_weight(G, [], semiring=ps.FREE) == ps.FREE.one


@given(dags_with_endpoints(weights=st.integers(-3, 3), multigraph=True))
def test_path_weight_of_each_enumerated_path_sums_to_the_path_sum(example):
    G, s, t = example
    total = sum(ps.path_weight(G, path) for path in ps.all_paths(G, s, t))
    assert total == ps.path_sum(G, s, t, method="forward")


@pytest.mark.parametrize(
    ("path", "error", "words"),
    [
        ([("a", "b"), ("c", "d")], ValueError, "broken"),
        ([("a", "b", 0)], ValueError, "(u, v)"),
        ([("a", "z")], nx.NetworkXNoPath, "('a', 'z')"),
        ([("a", "b"), ("b", "x")], nx.NetworkXNoPath, "('b', 'x')"),
    ],
)
def test_path_weight_refuses_bad_paths(path, error, words):
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        ps.path_weight(G, path)


def test_path_weight_refuses_hidden_edges():
    G = nx.DiGraph([("a", "b")])
    with pytest.raises(ValueError, match="hidden"):
        ps.path_weight(G, [("a", "b")], weight=lambda u, v, d: None)


def test_max_paths_must_be_a_count():
    with pytest.raises(ValueError, match="max_paths"):
        ps.all_paths(nx.DiGraph([(0, 1)]), 0, 1, max_paths=-1)


@given(dags_with_endpoints(multigraph=True))
def test_max_paths_counts_exactly_what_would_be_enumerated(example):
    G, s, t = example
    count = ps.count_paths(G, s, t)
    assert len(list(ps.all_paths(G, s, t, max_paths=count))) == count
    if count:
        with pytest.raises(ps.TooManyPathsError) as info:
            ps.all_paths(G, s, t, max_paths=count - 1)
        assert info.value.count == count


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (None, r"path must be an iterable of edges \(u, v\), .* not None"),
        (5, "path must be an iterable of edges"),
        ([(["a"], "b")], r"edge \(\['a'\], 'b'\) of the path names no node"),
    ],
)
def test_path_weight_of_what_is_no_path_is_a_type_error(path, message):
    G = nx.DiGraph([("a", "b", {"weight": 2})])
    with pytest.raises(TypeError, match=message):
        ps.path_weight(G, path)


@pytest.mark.parametrize(
    ("semiring", "weights"),
    [
        (ps.REAL, [2**2000, 1.5]),
        (ps.MIN_PLUS, [2**2000, math.inf]),
        (ps.REAL, [Fraction(10**400 + 1, 3), 1.5]),
    ],
)
def test_path_weight_names_the_edge_where_the_operations_fail(semiring, weights):
    G = nx.DiGraph()
    nx.add_path(G, ["s", "a", "t"])
    for (u, v), w in zip(G.edges, weights, strict=True):
        G.edges[u, v]["weight"] = w
    path = (("s", "a"), ("a", "t"))
    with pytest.raises(ps.WeightError, match=r"operations failed at edge \('a', 't'\)"):
        ps.path_weight(G, path, semiring=semiring)
    with pytest.raises(ps.WeightError, match=r"operations failed at edge \('a', 't'\)"):
        ps.path_sum(G, "s", "t", method="paths", semiring=semiring)


def test_an_int_python_will_not_write_is_described_in_messages():
    huge = 10**5000
    G = nx.DiGraph([("a", "b", {"weight": huge})])
    with pytest.raises(nx.NodeNotFound, match="about 5,001 digits> is not in"):
        ps.path_sum(G, huge, "b")
    with pytest.raises(ps.WeightError, match=r"weight <an int of about 5,001 digits>"):
        ps.compile_dag(G)


# --- between -------------------------------------------------------------------


def on_paths(G, s, t):
    """The nodes and edges of the s -> t paths, by enumerating them."""
    paths = list(ps.all_paths(G, s, t))
    nodes = {s} if paths else set()
    edges = set()
    for path in paths:
        edges.update(path)
        nodes.update(node for edge in path for node in edge[:2])
    return nodes, edges


def orders(G):
    """Everything about a graph that depends on the order networkx keeps."""
    multigraph = G.is_multigraph()
    return (
        list(G.nodes(data=True)),
        {u: list(G.succ[u]) for u in G},
        {v: list(G.pred[v]) for v in G},
        list(G.edges(keys=True, data=True) if multigraph else G.edges(data=True)),
        G.graph,
    )


@given(dags_with_endpoints(multigraph=True, trivial=0.2))
def test_between_holds_the_nodes_and_edges_of_the_paths(example):
    G, s, t = example
    H = ps.between(G, s, t)
    nodes, edges = on_paths(G, s, t)
    assert type(H) is type(G)
    assert set(H) == nodes
    assert set(H.edges(keys=True)) == edges
    assert H.number_of_edges() == len(edges)


@given(dags_with_endpoints(weights=st.integers(-3, 3), multigraph=True))
def test_between_keeps_the_orders_of_the_graph_and_leaves_it_unchanged(example):
    G, s, t = example
    before = orders(G)
    H = ps.between(G, s, t)
    assert orders(G) == before
    nodes, succ, pred, edges, graph = orders(H)
    assert [n for n, _ in nodes] == [n for n in G if n in H]
    assert succ == {u: [v for v in G.succ[u] if v in H] for u in H}
    assert pred == {v: [u for u in G.pred[v] if u in H] for v in H}
    kept = [e for e in G.edges(keys=True, data=True) if e[0] in H and e[1] in H]
    assert edges == kept
    assert graph == G.graph


@given(dags_with_endpoints(weights=st.integers(-3, 3), multigraph=True), st.data())
def test_between_keeps_the_orders_whatever_order_the_edges_were_added_in(example, data):
    G, s, t = example
    edges = list(G.edges(keys=True, data=True))
    shuffled = G.__class__()
    shuffled.add_nodes_from(G)
    shuffled.add_edges_from(data.draw(st.permutations(edges)))
    H = ps.between(shuffled, s, t)
    assert {v: list(H.pred[v]) for v in H} == {
        v: [u for u in shuffled.pred[v] if u in H] for v in H
    }
    assert {u: list(H.succ[u]) for u in H} == {
        u: [v for v in shuffled.succ[u] if v in H] for u in H
    }
    assert set(H.edges(keys=True)) == on_paths(G, s, t)[1]


def free_example():
    """A DiGraph with skips and nodes off the paths, every edge labelled."""
    G = nx.DiGraph()
    G.add_edges_from([("s", "b"), ("a", "t"), ("s", "a"), ("b", "a"), ("b", "t")])
    G.add_edges_from([("s", "t"), ("a", "x"), ("y", "t"), ("x", "z"), ("y", "b")])
    return G, "s", "t"


def multi_example():
    """The factoring example with a skip edge and nodes off the paths."""
    G = factoring()
    G.add_edges_from([("X", "Z"), ("W", "Y"), ("Y", "V"), ("V", "U")])
    return G, "X", "Z"


def labelled(G):
    keyed = G.edges(keys=True) if G.is_multigraph() else G.edges
    for i, edge in enumerate(keyed):
        data = G.edges[edge]
        data.update(weight=i % 5 - 2, p=(i % 4 + 1) / 4, score=0.1 * i - 0.3)
        data.update(flag=i % 3 != 0, label=f"e{i}")
    return G


SEMIRING_WEIGHTS = [
    (ps.REAL, "weight"),
    (ps.COUNTING, "weight"),
    (ps.BOOLEAN, "flag"),
    (ps.MIN_PLUS, "weight"),
    (ps.MAX_PLUS, "weight"),
    (ps.MAX_TIMES, "p"),
    (ps.LOG, "score"),
    (ps.POLYNOMIAL, "label"),
    (ps.FREE, "label"),
]


@pytest.mark.parametrize("example", [free_example, multi_example])
@pytest.mark.parametrize(("semiring", "weight"), SEMIRING_WEIGHTS)
@pytest.mark.parametrize("method", ["paths", "forward", "reverse"])
def test_path_sums_on_between_are_those_on_the_graph(example, semiring, weight, method):
    G, s, t = example()
    labelled(G)
    H = ps.between(G, s, t)
    assert H.number_of_nodes() < G.number_of_nodes()
    options = {"method": method, "weight": weight, "semiring": semiring}
    assert ps.path_sum(H, s, t, **options) == ps.path_sum(G, s, t, **options)
    assert ps.path_sum(H, s, t, **options) != semiring.zero


def test_free_path_sums_on_between_spell_the_paths_in_order():
    G, s, t = free_example()
    labelled(G)
    words = ps.path_sum(ps.between(G, s, t), s, t, weight="label", semiring=ps.FREE)
    assert str(words) == str(ps.path_sum(G, s, t, weight="label", semiring=ps.FREE))
    # s -> b -> a -> t is e0 e3 e5 in path order; its reverse is no path.
    assert str(words) == "e0·e3·e5 + e0·e4 + e1·e5 + e2"


def exactly(values):
    """Node -> repr of its value: equal only bit for bit (0.0 is not -0.0)."""
    return {node: repr(value) for node, value in values.items()}


@given(
    dags_with_endpoints(
        weights=st.floats(-100, 100, allow_nan=False, allow_infinity=False),
        multigraph=True,
    )
)
def test_float_path_sums_and_ties_on_between_are_the_graphs_bit_for_bit(example):
    G, s, t = example
    H = ps.between(G, s, t)
    if not H:
        assert ps.count_paths(G, s, t) == 0
        return
    for method in ("paths", "forward", "reverse"):
        assert repr(ps.path_sum(H, s, t, method=method)) == repr(
            ps.path_sum(G, s, t, method=method)
        )
    forward = ps.forward_path_sums(G, s)
    assert exactly(ps.forward_path_sums(H, s)) == exactly({n: forward[n] for n in H})
    reverse = ps.reverse_path_sums(G, t)
    assert exactly(ps.reverse_path_sums(H, t)) == exactly({n: reverse[n] for n in H})
    for semiring in (ps.MIN_PLUS, ps.MAX_PLUS):
        options = {"weight": "weight", "semiring": semiring}
        assert ps.best_path(H, s, t, **options) == ps.best_path(G, s, t, **options)
        assert list(ps.k_best_paths(H, s, t, **options)) == list(
            ps.k_best_paths(G, s, t, **options)
        )


def test_between_keeps_parallel_edges_and_every_attribute():
    G = nx.MultiDiGraph(title="plan")
    G.add_node("s", colour="red")
    G.add_edge("s", "t", key="fast", weight=1, note=["shared"])
    G.add_edge("s", "t", key="slow", weight=5)
    G.add_edge("t", "after", weight=2)
    H = ps.between(G, "s", "t")
    assert list(H.edges(keys=True, data=True)) == [
        ("s", "t", "fast", {"weight": 1, "note": ["shared"]}),
        ("s", "t", "slow", {"weight": 5}),
    ]
    assert dict(H.nodes(data=True)) == {"s": {"colour": "red"}, "t": {}}
    assert H.graph == {"title": "plan"}
    # Attribute dicts are copies, their values shared, as in G.copy().
    H.nodes["s"]["colour"] = "blue"
    H.edges["s", "t", "slow"]["weight"] = 9
    H.graph["title"] = "other"
    assert G.nodes["s"]["colour"] == "red"
    assert G.edges["s", "t", "slow"]["weight"] == 5
    assert G.graph["title"] == "plan"
    assert H.edges["s", "t", "fast"]["note"] is G.edges["s", "t", "fast"]["note"]


def test_between_a_node_and_itself_or_no_path():
    G = nx.DiGraph([("a", "b"), ("b", "c")], name="g")
    G.nodes["b"]["value"] = 3
    alone = ps.between(G, "b", "b")
    assert list(alone.nodes(data=True)) == [("b", {"value": 3})]
    assert alone.number_of_edges() == 0
    none = ps.between(G, "c", "a")
    assert type(none) is nx.DiGraph
    assert none.number_of_nodes() == 0 and none.graph == {"name": "g"}


def test_between_lists_predecessors_in_the_graphs_order():
    # c's predecessors are b, a; a plain copy edge by edge would list a, b.
    G = nx.DiGraph([("s", "a"), ("s", "b"), ("b", "c"), ("a", "c"), ("c", "t")])
    H = ps.between(G, "s", "t")
    assert list(H.pred["c"]) == ["b", "a"]
    assert list(H.succ["s"]) == ["a", "b"]
    assert ps.best_path(H, "s", "t", weight=None) == ps.best_path(
        G, "s", "t", weight=None
    )


def test_between_keeps_every_edge_of_an_adjacency_rearranged_by_hand():
    # No order of additions gives these successor and predecessor lists
    # together; every edge is kept all the same, successors in order.
    G = nx.DiGraph([("s", "a"), ("s", "b"), ("a", "c"), ("a", "d")])
    G.add_edges_from([("b", "d"), ("b", "c"), ("c", "t"), ("d", "t")])
    G._pred["c"] = {"b": G._pred["c"]["b"], "a": G._pred["c"]["a"]}
    H = ps.between(G, "s", "t")
    assert set(H.edges) == set(G.edges)
    assert {u: list(H.succ[u]) for u in H} == {u: list(G.succ[u]) for u in G}


def test_between_returns_a_graph_of_its_own():
    G = nx.freeze(nx.DiGraph([(0, 1), (1, 2), (2, 3)]))
    H = ps.between(G.subgraph([0, 1, 2]), 0, 2)
    assert type(H) is nx.DiGraph and not nx.is_frozen(H)
    H.add_edge(2, 9)
    assert list(H.edges) == [(0, 1), (1, 2), (2, 9)]


def test_between_refuses_what_the_other_functions_refuse():
    G = nx.DiGraph([("a", "b")])
    with pytest.raises(nx.NodeNotFound, match="source node 'x' is not in the graph"):
        ps.between(G, "x", "b")
    with pytest.raises(nx.NodeNotFound, match="target node 'y' is not in the graph"):
        ps.between(G, "a", "y")
    with pytest.raises(nx.NetworkXNotImplemented):
        ps.between(nx.Graph([("a", "b")]), "a", "b")
    cyclic = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("a", "t")])
    with pytest.raises(ps.NotADAGError, match=r"'b' -> 'c' -> 'b'|'c' -> 'b' -> 'c'"):
        ps.between(cyclic, "a", "t")
    # A cycle the source cannot reach is not searched for, as in all_paths.
    cyclic.add_edge("t", "z")
    assert list(ps.between(cyclic, "t", "z")) == ["t", "z"]


def test_between_follows_a_deep_chain_without_recursion():
    n = 10**5
    G = nx.DiGraph()
    nx.add_path(G, range(n))
    G.add_edge(-1, 0)
    H = ps.between(G, 0, n - 1)
    assert H.number_of_nodes() == n and H.number_of_edges() == n - 1
    assert next(iter(H)) == 0
