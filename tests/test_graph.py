"""NetworkX graphs: the multigraph of interactions and its weighted, undirected view."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from actorgraph.graph import build_multigraph
from actorgraph.model import Actor, Interaction
from actorgraph.summary import weighted_view

NODE_ATTRS = {"label", "type", "country", "country_source", "aliases", "mentions"}
EDGE_ATTRS = {"type", "quad", "status", "date", "directed", "mode", "trigger", "sentence",
              "doc_id"}  # fmt: skip

ACTORS = [
    Actor("RUS", "Russia", "COUNTRY", "RUS", ("Moscow", "Russia")),
    Actor("UKR", "Ukraine", "COUNTRY", "UKR", ("Ukraine",)),
    Actor("org:nato", "NATO", "ORG"),  # no country, no aliases
]


def _it(src: str, tgt: str, kind: str = "ACCUSE", **kw: object) -> Interaction:
    fields: dict[str, object] = dict(
        doc_id="d1", source=src, target=tgt, type=kind, directed=True,
        source_id=src, target_id=tgt, trigger="accused", sentence=f"{src} accused {tgt}.",
    )  # fmt: skip
    fields.update(kw)
    return Interaction(**fields)  # type: ignore[arg-type]


INTERACTIONS = [
    _it("RUS", "UKR"),
    _it("UKR", "RUS", date="2024-03-01", mode="phone", kind="CONSULT", directed=False),
    _it("org:nato", "RUS", kind="REQUEST", status="planned"),
]


def test_one_node_per_actor_and_one_edge_per_interaction() -> None:
    g = build_multigraph(ACTORS, INTERACTIONS, mentions={"RUS": 4})
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {"RUS", "UKR", "org:nato"}
    assert g.number_of_edges() == 3
    assert g.number_of_edges("RUS", "UKR") == 1
    assert g.number_of_edges("UKR", "RUS") == 1


def test_node_attributes() -> None:
    g = build_multigraph(ACTORS, INTERACTIONS, mentions={"RUS": 4})
    for node, data in g.nodes(data=True):
        assert set(data) == NODE_ATTRS, node
    assert g.nodes["RUS"] == {"label": "Russia", "type": "COUNTRY", "country": "RUS",
                              "country_source": "text", "aliases": "Moscow; Russia",
                              "mentions": 4}  # fmt: skip
    assert g.nodes["org:nato"] == {"label": "NATO", "type": "ORG", "country": "",
                                   "country_source": "", "aliases": "",
                                   "mentions": 0}  # fmt: skip


def test_edge_attributes_have_no_none() -> None:
    g = build_multigraph(ACTORS, INTERACTIONS)
    for u, v, data in g.edges(data=True):
        assert set(data) == EDGE_ATTRS, (u, v)
        assert None not in data.values(), (u, v, data)
    first = g.get_edge_data("RUS", "UKR")[0]
    assert first["type"] == "ACCUSE"
    assert first["quad"] == "verbal-conf"
    assert first["status"] == "occurred"
    assert first["date"] == ""
    assert first["mode"] == ""
    assert first["directed"] is True
    assert first["trigger"] == "accused"
    assert first["sentence"] == "RUS accused UKR."
    assert first["doc_id"] == "d1"
    consult = g.get_edge_data("UKR", "RUS")[0]
    assert (consult["date"], consult["mode"], consult["directed"]) == ("2024-03-01", "phone", False)
    assert consult["quad"] == "verbal-coop"
    assert g.get_edge_data("org:nato", "RUS")[0]["status"] == "planned"


def test_actor_only_in_an_interaction_becomes_a_node() -> None:
    it = _it("RUS", "person:x", target="Mr X", target_type="PERSON", target_country=None)
    g = build_multigraph(ACTORS[:1], [it])
    assert g.nodes["person:x"] == {"label": "Mr X", "type": "PERSON", "country": "",
                                   "country_source": "", "aliases": "",
                                   "mentions": 0}  # fmt: skip


def test_parallel_interactions_are_parallel_edges() -> None:
    g = build_multigraph(ACTORS, [_it("RUS", "UKR"), _it("RUS", "UKR", kind="THREATEN")])
    assert g.number_of_edges("RUS", "UKR") == 2


def test_multigraph_writes_to_graphml(tmp_path: Path) -> None:
    g = build_multigraph(ACTORS, INTERACTIONS)
    path = tmp_path / "g.graphml"
    nx.write_graphml(g, path)  # fails on None attribute values
    back = nx.read_graphml(path)
    assert back.number_of_edges() == 3


def _hand_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("a", label="A")
    g.add_node("b", label="B")
    g.add_node("c", label="C")
    g.add_edge("a", "b", type="CONSULT", quad="verbal-coop")
    g.add_edge("b", "a", type="CONSULT", quad="verbal-coop")
    g.add_edge("a", "b", type="ACCUSE", quad="verbal-conf")
    g.add_edge("b", "c", type="AID", quad="material-coop")
    g.add_edge("c", "c", type="STATEMENT", quad="neutral")  # a self-loop
    return g


def test_weighted_view_counts_interactions_per_pair() -> None:
    view = weighted_view(_hand_graph())
    assert isinstance(view, nx.Graph) and not view.is_directed()
    assert view["a"]["b"]["weight"] == 3
    assert view["b"]["a"]["weight"] == 3
    assert view["a"]["b"]["types"] == {"CONSULT": 2, "ACCUSE": 1}
    assert view["a"]["b"]["quads"] == {"verbal-coop": 2, "verbal-conf": 1}
    assert view["b"]["c"]["weight"] == 1
    assert view["b"]["c"]["types"] == {"AID": 1}
    assert view.number_of_edges() == 2


def test_weighted_view_drops_self_loops_and_keeps_nodes() -> None:
    view = weighted_view(_hand_graph())
    assert not view.has_edge("c", "c")
    assert nx.number_of_selfloops(view) == 0
    assert set(view.nodes) == {"a", "b", "c"}
    assert view.nodes["c"]["label"] == "C"


@pytest.mark.parametrize("n", [0, 1])
def test_weighted_view_of_small_graphs(n: int) -> None:
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(n))
    view = weighted_view(g)
    assert view.number_of_nodes() == n and view.number_of_edges() == 0


def test_weighted_view_of_built_multigraph() -> None:
    view = weighted_view(build_multigraph(ACTORS, INTERACTIONS))
    assert view["RUS"]["UKR"]["weight"] == 2
    assert view["RUS"]["UKR"]["types"] == {"ACCUSE": 1, "CONSULT": 1}
    assert view["RUS"]["org:nato"]["types"] == {"REQUEST": 1}
