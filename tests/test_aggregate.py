"""The aggregated view of a store (SQL GROUP BY) and the graph built from it.

A store summed up by actor and by dyad must give the page, the top actors and the
statistics the multigraph of every interaction gives, except for the evidence beyond
``evidence_per_dyad`` interactions per dyad.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from actorgraph.analyze import stats, timeline
from actorgraph.cli import app
from actorgraph.errors import ActorgraphError, FilterError
from actorgraph.export import export_graph
from actorgraph.filters import GraphFilter
from actorgraph.graph import (
    build_aggregated_graph,
    filter_graph,
    load_aggregated_graph,
    load_graph,
    load_summary,
)
from actorgraph.model import Actor, Document, Extraction, Interaction
from actorgraph.pipeline import most_partners as top_actors
from actorgraph.render import render_html, write_store_page
from actorgraph.store import EVIDENCE_PER_DYAD, Store
from actorgraph.summary import (
    Summary,
    directed_view,
    interaction_count,
    is_summary_graph,
    summarise,
    summary_graph,
    weighted_view,
)


def store_summary(store: Store) -> tuple[nx.DiGraph, dict[str, str]]:
    """The summary graph of every actor of a store, and the titles its evidence cites."""
    view = store.aggregate()
    return summary_graph(view), view.document_titles

A = Actor("a", "Aland", "COUNTRY", "AAA", ("Alanders", "Aland"))
B = Actor("b", "Borduria", "COUNTRY", "BBB")
C = Actor("c", "Carpania", "COUNTRY", "CCC")
D = Actor("d", "Dorne", "ORG", None)  # mentioned, never interacting


def _it(doc: str, date: str | None, src: Actor, tgt: Actor, kind: str, **kw: Any) -> Interaction:
    fields: dict[str, Any] = dict(
        doc_id=doc, date=date, source=src.name, target=tgt.name, type=kind, directed=True,
        source_id=src.id, target_id=tgt.id, trigger=kind.lower(),
        sentence=f"{src.name} {kind.lower()} {tgt.name} ({doc}).", start=0, end=40,
    )  # fmt: skip
    fields.update(kw)
    return Interaction(**fields)


def _hand_batch() -> list[Extraction]:
    """Seven accusations a -> b, one talk reported both ways, undated ones, a self-loop."""
    batch = []
    for i in range(7):  # one a -> b accusation a day, d0 .. d6
        doc = f"d{i}"
        batch.append(
            Extraction(
                Document(doc, f"text {i}", f"2024-03-0{i + 1}", title=f"Title {i}"),
                [A, B, D],
                [_it(doc, f"2024-03-0{i + 1}", A, B, "ACCUSE", start=10)],
                {"a": 2, "b": 1, "d": 1},
            )
        )
    batch += [
        Extraction(
            Document("e1", "talks", "2024-04-01"),
            [A, B],
            [_it("e1", "2024-04-01", B, A, "CONSULT", directed=False)],
        ),
        Extraction(
            Document("e2", "talks again", "2024-04-01"),
            [A, B, C],
            [
                _it("e2", "2024-04-01", A, B, "CONSULT", directed=False),  # the same event
                _it("e2", None, A, C, "REQUEST", status="planned"),
                _it("e2", None, C, C, "STATEMENT", start=50),  # a self-loop
            ],
        ),
        Extraction(Document("e3", "undated"), [A, C], [_it("e3", None, A, C, "REQUEST")]),
    ]
    return batch


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hand")
    with Store(out) as store:
        store.add_extractions(_hand_batch())
    return out


# A store of random interactions: ids out of ASCII order, empty ids, self-loops,
# undirected interactions stored both ways, undated ones, ties of date and offset.
IDS = ["Zeta", "alpha", "beta", "Émile", "ä-org", "gamma", "δ", ""]
TYPES = ["ACCUSE", "CONSULT", "AID", "STATEMENT", "REJECT", "COOPERATE"]
DATES = ["2024-01-05", "2024-01-20", "2024-02-11", "2024-03-01", None]


def _random_batch(seed: int, n_docs: int = 60) -> list[Extraction]:
    rng = random.Random(seed)
    actors = {i: Actor(i, i.title(), rng.choice(["PERSON", "ORG", "COUNTRY"]), None) for i in IDS}
    batch = []
    for d in range(n_docs):
        doc_id = f"doc{rng.randrange(1000):03d}-{d}"  # documents stored out of id order
        doc_date = rng.choice(DATES)
        interactions = []
        for _ in range(rng.randrange(7)):
            src, tgt = rng.choice(IDS), rng.choice(IDS)
            interactions.append(
                Interaction(
                    doc_id=doc_id,
                    source=f"{src or 'someone'} ({d})",
                    target=f"{tgt} ({d})",
                    type=rng.choice(TYPES),
                    directed=rng.random() < 0.5,
                    status=rng.choice(["occurred", "occurred", "planned", "negated"]),
                    date=rng.choice([doc_date, doc_date, rng.choice(DATES)]),
                    source_id=src,
                    target_id=tgt,
                    trigger="t",
                    sentence=f"sentence {d}-{len(interactions)}",
                    start=rng.randrange(3),
                    end=9,
                    mode=rng.choice([None, "phone"]),
                )  # fmt: skip
            )
        named = [actors[i] for i in IDS if i and rng.random() < 0.6]
        mentions = {a.id: rng.randrange(1, 4) for a in named}
        batch.append(
            Extraction(Document(doc_id, f"text {d}", doc_date), named, interactions, mentions)
        )
    return batch


@pytest.fixture(scope="module", params=[1, 2, 3])
def random_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"random{request.param}")
    with Store(out) as store:
        store.add_extractions(_random_batch(request.param))
    return out


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert found, "no graph-data block"
    return json.loads(found.group(1))


def _header(html: str) -> str:
    found = re.search(r'<p id="counts">(.*?)</p>', html, re.S)
    assert found
    return found.group(1)


def _dyad(view: Any, source: str, target: str) -> Any:
    (dyad,) = [d for d in view.dyads if (d.source, d.target) == (source, target)]
    return dyad


# ---------------------------------------------------------------------------- the SQL view


def test_dyad_counts_and_dates(hand_store: Path) -> None:
    with Store(hand_store, create=False) as store:
        view = store.aggregate()
    assert [(d.source, d.target) for d in view.dyads] == [
        ("a", "b"), ("b", "a"), ("a", "c"), ("c", "c")  # in the order of their first report
    ]  # fmt: skip
    ab = _dyad(view, "a", "b")
    assert (ab.mentions, ab.directed, ab.events) == (8, 7, 7)
    assert (ab.first_date, ab.last_date) == ("2024-03-01", "2024-04-01")
    assert ab.types == {"ACCUSE": 7, "CONSULT": 1}
    assert ab.quads == {"verbal-conf": 7, "verbal-coop": 1}
    assert ab.statuses == {"occurred": 8}
    ba = _dyad(view, "b", "a")
    # The talk reported as b-a in e1 and as a-b in e2 is one event, counted on b -> a
    # where it was first reported.
    assert (ba.mentions, ba.directed, ba.events) == (1, 0, 1)
    assert ab.events + ba.events == 8
    ac = _dyad(view, "a", "c")
    # Undated: each document is its own day, so two events.
    assert (ac.mentions, ac.events, ac.first_date, ac.last_date) == (2, 2, None, None)
    assert ac.statuses == {"planned": 1, "occurred": 1}
    cc = _dyad(view, "c", "c")
    assert (cc.mentions, cc.events) == (1, 1)


def test_facets_count_types_statuses_and_dates(hand_store: Path) -> None:
    with Store(hand_store, create=False) as store:
        view = store.aggregate()
    ab = _dyad(view, "a", "b")
    assert [(f.type, f.status, f.date, f.mentions, f.events) for f in ab.facets] == [
        ("ACCUSE", "occurred", f"2024-03-0{i}", 1, 1) for i in range(1, 8)
    ] + [("CONSULT", "occurred", "2024-04-01", 1, 0)]  # its event counts on b -> a
    ac = _dyad(view, "a", "c")
    assert [(f.type, f.status, f.date, f.mentions) for f in ac.facets] == [
        ("REQUEST", "planned", "", 1),
        ("REQUEST", "occurred", "", 1),
    ]


def test_arc_events_of_the_directed_view(hand_store: Path) -> None:
    with Store(hand_store, create=False) as store:
        view = store.aggregate()
    ab, ba = _dyad(view, "a", "b"), _dyad(view, "b", "a")
    # a -> b: 7 accusations and the talk (reported both ways, one event); b -> a: the
    # talk only. Each dyad with an undirected interaction also carries the reverse arc.
    assert (ab.arc_events, ab.reverse_arc_events) == (8, 1)
    assert (ba.arc_events, ba.reverse_arc_events) == (1, 8)
    assert _dyad(view, "a", "c").reverse_arc_events == 0  # all directed


def test_evidence_is_capped_and_earliest_first(hand_store: Path) -> None:
    with Store(hand_store, create=False) as store:
        view = store.aggregate()
        small = store.aggregate(evidence_per_dyad=2)
        none = store.aggregate(evidence_per_dyad=0)
        with pytest.raises(ValueError):
            store.aggregate(evidence_per_dyad=-1)
    assert EVIDENCE_PER_DYAD == view.evidence_per_dyad == 5
    ab = _dyad(view, "a", "b")
    assert len(ab.evidence) == 5
    assert [it.doc_id for it in ab.evidence] == ["d0", "d1", "d2", "d3", "d4"]
    assert [it.doc_id for it in _dyad(small, "a", "b").evidence] == ["d0", "d1"]
    assert all(len(d.evidence) <= 2 for d in small.dyads)
    assert all(d.evidence == () for d in none.dyads)
    assert none.document_titles == {}
    # Titles only of the documents the evidence cites.
    assert set(view.document_titles) == {"d0", "d1", "d2", "d3", "d4"}
    assert view.document_titles["d0"] == "Title 0"
    # Undated last.
    ac = _dyad(view, "a", "c")
    assert [it.doc_id for it in ac.evidence] == ["e2", "e3"]
    assert ac.evidence[0].status == "planned"


def test_actor_rows_and_totals(hand_store: Path) -> None:
    with Store(hand_store, create=False) as store:
        view = store.aggregate()
        hashes = store.document_hashes()
        docs = store.documents()
    by_id = {a.id: a for a in view.actors}
    assert [a.id for a in view.actors] == ["a", "b", "c", "d"]
    assert by_id["a"].aliases == ("Aland", "Alanders")
    assert (by_id["a"].mentions, by_id["a"].interactions) == (14, 11)
    assert (by_id["c"].mentions, by_id["c"].interactions) == (0, 3)  # the self-loop once
    assert (by_id["d"].mentions, by_id["d"].interactions) == (7, 0)
    assert (view.interactions, view.events, view.documents) == (12, 11, 10)
    assert view.documents_with_interactions == 10
    assert set(hashes) == {d["id"] for d in docs}
    assert all(len(h) == 64 for h in hashes.values())


def test_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        view = store.aggregate()
    assert (view.actors, view.dyads, view.interactions, view.events) == ([], [], 0, 0)
    graph = build_aggregated_graph(view)
    assert graph.number_of_nodes() == 0
    assert "<!DOCTYPE html>" in render_html(graph)


def test_document_hashes_match_content_hash(tmp_path: Path) -> None:
    doc = Document("x", "some text", "2024-01-01")
    with Store(tmp_path / "s.db") as store:
        store.add_extractions([Extraction(doc)])
        assert store.document_hashes() == {"x": Store.content_hash(doc)}


# ---------------------------------------------------------------------------- the graph


def test_aggregated_graph_has_one_edge_per_dyad(hand_store: Path) -> None:
    graph = load_aggregated_graph(hand_store)
    assert isinstance(graph, nx.DiGraph) and is_summary_graph(graph)
    assert list(graph.nodes) == ["a", "b", "c", "d"]
    assert list(graph.edges) == [("a", "b"), ("a", "c"), ("b", "a"), ("c", "c")]
    assert graph.nodes["a"] == {"label": "Aland", "type": "COUNTRY", "country": "AAA",
                                "country_source": "text", "aliases": "Aland; Alanders",
                                "mentions": 14}  # fmt: skip
    ab = graph["a"]["b"]
    assert (ab["mentions"], ab["events"], ab["directed"]) == (8, 7, 7)
    assert ab["arc"] == {"events": 8, "mentions": 9}  # the b-a talk counts on a -> b too
    assert ab["reverse_arc"] == {"events": 1, "mentions": 2}
    assert graph["a"]["c"]["reverse_arc"] == {}  # all directed
    assert len(ab["evidence"]) == 5
    assert ab["evidence"][0]["sentence"] == "Aland accuse Borduria (d0)."
    assert interaction_count(graph) == 12
    assert graph.graph["documents"] == 10


def test_size_grows_with_dyads_not_interactions(tmp_path: Path) -> None:
    batch = [
        Extraction(Document(f"d{i}", f"t{i}", "2024-01-01"), [A, B],
                   [_it(f"d{i}", "2024-01-01", A, B, "ACCUSE") for _ in range(5)])
        for i in range(40)
    ]  # fmt: skip
    with Store(tmp_path / "s.db") as store:
        store.add_extractions(batch)
        graph = build_aggregated_graph(store.aggregate())
        multigraph = load_graph(store, evidence=False)
    assert multigraph.number_of_edges() == 200
    assert graph.number_of_edges() == 1
    assert graph["a"]["b"]["mentions"] == 200 and graph["a"]["b"]["events"] == 1
    assert len(graph["a"]["b"]["evidence"]) == EVIDENCE_PER_DYAD


def test_views_equal_those_of_the_multigraph(random_store: Path) -> None:
    multigraph = load_graph(random_store)
    graph = load_aggregated_graph(random_store)
    assert list(graph.nodes(data=True)) == list(multigraph.nodes(data=True))
    for weight in ("events", "mentions"):
        ours, theirs = weighted_view(graph, weight=weight), weighted_view(multigraph, weight=weight)
        assert list(ours.nodes) == list(theirs.nodes)
        assert list(ours.edges(data=True)) == list(theirs.edges(data=True))
        ours_d = directed_view(graph, weight=weight)
        theirs_d = directed_view(multigraph, weight=weight)
        assert list(ours_d.edges(data=True)) == list(theirs_d.edges(data=True))


@pytest.mark.parametrize("weight", ["events", "mentions"])
def test_stats_equal_those_of_the_multigraph(random_store: Path, weight: str) -> None:
    multigraph = load_graph(random_store)
    graph = load_aggregated_graph(random_store)
    assert stats(graph, weight=weight, period="week") == stats(
        multigraph, weight=weight, period="week"
    )
    # Sampled betweenness (k) too: the same order of actors gives the same samples.
    assert stats(graph, weight=weight, k=3, seed=7) == stats(multigraph, weight=weight, k=3, seed=7)


@pytest.mark.parametrize("k", [EVIDENCE_PER_DYAD, 1])
def test_page_equals_the_page_of_the_multigraph(random_store: Path, k: int) -> None:
    """The old path (every interaction) and the new one (SQL aggregate) draw one page."""
    with Store(random_store, create=False) as store:
        old_graph = load_graph(store, evidence=False)
        old_titles = {d["id"]: d["title"] for d in store.documents() if d.get("title")}
        new_graph = build_aggregated_graph(store.aggregate(k))
    old_html = render_html(old_graph, doc_titles=old_titles, max_edges=12)
    new_html = render_html(new_graph, max_edges=12)
    assert _header(new_html) == _header(old_html)
    old, new = _page_data(old_html), _page_data(new_html)
    assert new["nodes"] == old["nodes"]  # degrees, weights, measures, communities, layout
    assert {key: new[key] for key in new if key not in ("edges", "nodes")} == {
        key: old[key] for key in old if key not in ("edges", "nodes")
    }
    assert len(new["edges"]) == len(old["edges"]) > 0
    shortened = 0
    for new_edge, old_edge in zip(new["edges"], old["edges"], strict=True):
        new_list, old_list = new_edge.pop("interactions"), old_edge.pop("interactions")
        assert new_edge == old_edge  # weights, quads, arrows, counts per type/status/date
        assert new_list[:k] == old_list[:k]
        assert len(new_list) <= 2 * k
        shortened += len(new_list) < len(old_list)
    if k == 1:
        assert shortened > 0
    assert top_actors(new_graph) == top_actors(old_graph)


@pytest.mark.parametrize("k", [1, EVIDENCE_PER_DYAD])
def test_linked_actors_only_draw_the_same_page(random_store: Path, k: int) -> None:
    """``build`` reads only the actors that interact: same page, same top actors, and
    the page still counts the actors it leaves out."""
    with Store(random_store, create=False) as store:
        every = store.aggregate(k)
        linked = store.aggregate(k, linked_only=True)
        total = store.counts()["actors"]
    assert {a.id for a in linked.actors} == {a.id for a in every.actors if a.interactions}
    assert linked.actors_in_store == every.actors_in_store == len(every.actors) >= total
    assert linked.dyads == every.dyads
    full_graph, linked_graph = build_aggregated_graph(every), build_aggregated_graph(linked)
    assert render_html(linked_graph, max_edges=12) == render_html(full_graph, max_edges=12)
    assert top_actors(linked_graph) == top_actors(full_graph)


def test_linked_only_leaves_out_actors_that_never_interact(hand_store: Path) -> None:
    with Store(hand_store, create=False) as store:
        every = store.aggregate()
        linked = store.aggregate(linked_only=True)
    assert "d" in {a.id for a in every.actors}
    assert "d" not in {a.id for a in linked.actors}
    assert linked.actors_in_store == len(every.actors)
    page = render_html(build_aggregated_graph(linked))
    assert page == render_html(build_aggregated_graph(every))  # "1 without interactions"


def test_page_with_isolates_and_hostile_text(tmp_path: Path) -> None:
    hostile = Actor("evil", "<script>alert(1)</script>", "PERSON", "</script>")
    batch = [
        Extraction(
            Document("<b>d</b>", "x", "2024-01-01", title="</script><img src=x>"),
            [hostile, A, D],
            [_it("<b>d</b>", "2024-01-01", hostile, A, "ACCUSE",
                 sentence="They said </script><script>alert(2)</script>")],
        )
    ]  # fmt: skip
    with Store(tmp_path / "s.db") as store:
        store.add_extractions(batch)
        titles = {d["id"]: d["title"] for d in store.documents()}
        old = render_html(load_graph(store, evidence=False), isolates=True, doc_titles=titles)
        graph, titles = store_summary(store)
    new = render_html(graph, isolates=True, doc_titles=titles)
    assert new == old
    assert "<script>alert" not in new and "<img src=x>" not in new


# ---------------------------------------------------------------------------- guards, loading


def test_interaction_level_functions_refuse_the_aggregated_graph(
    hand_store: Path, tmp_path: Path
) -> None:
    graph = load_aggregated_graph(hand_store)
    with pytest.raises(ActorgraphError, match="every interaction"):
        filter_graph(graph, since="2024")
    with pytest.raises(ActorgraphError, match="every interaction"):
        timeline(graph)
    with pytest.raises(ActorgraphError, match="every interaction"):
        export_graph(graph, tmp_path / "g.graphml")


def test_summary_graph_is_marked_and_the_multigraph_is_not(hand_store: Path) -> None:
    assert is_summary_graph(load_summary(hand_store))
    assert is_summary_graph(load_summary(hand_store, weight="mentions"))
    assert not is_summary_graph(load_graph(hand_store))
    filtered = load_summary(hand_store, since="2024-04")
    assert is_summary_graph(filtered) and interaction_count(filtered) == 2


def _summed(view: Summary) -> tuple:
    """Everything a summary says, evidence as records, for comparing two of them."""
    dyads = [
        (d.source, d.target, d.mentions, d.directed, d.events, d.first_date, d.last_date,
         d.types, d.quads, d.statuses, d.facets, d.arc_events, d.reverse_arc_events,
         [it.to_record() for it in d.evidence])
        for d in view.dyads
    ]  # fmt: skip
    totals = (view.interactions, view.events, view.documents, view.documents_with_interactions)
    return view.actors, dyads, totals, view.document_titles, view.actors_in_store


@pytest.mark.parametrize("k", [0, 2, EVIDENCE_PER_DYAD])
@pytest.mark.parametrize("linked_only", [False, True])
def test_summarise_in_python_equals_the_sql_of_the_store(
    random_store: Path, k: int, linked_only: bool
) -> None:
    with Store(random_store, create=False) as store:
        sql = store.aggregate(k, linked_only=linked_only)
        python = summarise(
            store.iter_interactions(),
            actors=store.actors(),
            mentions=store.mention_counts(),
            documents=store.counts()["documents"],
            document_titles={d["id"]: d["title"] for d in store.documents() if d["title"]},
            evidence_per_dyad=k,
            linked_only=linked_only,
        )
    assert _summed(python) == _summed(sql)


FILTERS = [
    {"since": "2024-02"},
    {"until": "2024-01-20"},
    {"since": "2024-01-10", "until": "2024-02"},
    {"types": "ACCUSE,AID"},
    {"quads": "verbal-conf,neutral"},
    {"statuses": "planned"},
    {"min_weight": 2},
    {"min_weight": 3, "weight": "mentions"},
    {"since": "2024", "types": "CONSULT", "min_weight": 2},
    {"min_confidence": 0.5},
    {"provenance": "extracted"},
    {"provenance": "gdelt"},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_filters_in_sql_keep_what_the_multigraph_filter_keeps(
    random_store: Path, filters: dict[str, Any]
) -> None:
    where = GraphFilter(**filters)
    everything = load_graph(random_store)
    expected = filter_graph(everything, where)
    got = load_graph(random_store, where)
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(got.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    summary = load_summary(random_store, where)
    assert json.dumps(stats(summary, weight=where.weight), sort_keys=True) == json.dumps(
        stats(expected, weight=where.weight), sort_keys=True
    )


def test_country_filter_in_sql(tmp_path: Path) -> None:
    rus, ukr = Actor("r", "Russia", "COUNTRY", "RUS"), Actor("u", "Ukraine", "COUNTRY", "UKR")
    nato = Actor("n", "NATO", "ORG", None)
    batch = [
        Extraction(Document("d1", "x", "2024-01-01"), [rus, ukr, nato],
                   [_it("d1", "2024-01-01", rus, ukr, "ACCUSE"),
                    _it("d1", "2024-01-01", nato, ukr, "AID", start=5),
                    _it("d1", "2024-01-01", nato, rus, "CONSULT", start=9)]),
    ]  # fmt: skip
    with Store(tmp_path / "s.db") as store:
        store.add_extractions(batch)
    where = GraphFilter(countries="rus")
    expected = filter_graph(load_graph(tmp_path / "s.db"), where)
    got = load_graph(tmp_path / "s.db", where)
    assert list(got.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert sorted(got.nodes) == ["n", "r", "u"] and got.number_of_edges() == 2
    assert interaction_count(load_summary(tmp_path / "s.db", where)) == 2
    with pytest.raises(FilterError, match="unknown country code XYZ"):
        GraphFilter(countries="RUS,XYZ")


def test_min_confidence_in_sql(tmp_path: Path) -> None:
    batch = [
        Extraction(Document("d1", "x", "2024-01-01"), [A, B, C],
                   [_it("d1", "2024-01-01", A, B, "ACCUSE", confidence=0.3),
                    _it("d1", "2024-01-01", A, C, "AID", start=5, confidence=0.6),
                    _it("d1", "2024-01-02", B, C, "CONSULT", start=9, confidence=0.9)]),
    ]  # fmt: skip
    with Store(tmp_path / "s.db") as store:
        store.add_extractions(batch)
    where = GraphFilter(min_confidence=0.6)
    expected = filter_graph(load_graph(tmp_path / "s.db"), where)
    got = load_graph(tmp_path / "s.db", where)
    assert list(got.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert [d["confidence"] for _, _, d in got.edges(data=True)] == [0.6, 0.9]
    assert interaction_count(load_summary(tmp_path / "s.db", where)) == 2


def test_a_filtered_summary_reads_only_the_interactions_it_keeps(tmp_path: Path) -> None:
    """``stats --since`` selects its rows through the date index: it reads what it keeps."""
    batch = []
    for day in range(1, 29):
        doc = f"d{day:02d}"
        batch.append(
            Extraction(
                Document(doc, f"text {day}", f"2024-02-{day:02d}"),
                [A, B],
                [_it(doc, f"2024-02-{day:02d}", A, B, "ACCUSE")],
            )
        )
    with Store(tmp_path / "s.db") as store:
        store.add_extractions(batch)
        view = store.aggregate(where=GraphFilter(since="2024-02-22"))
        assert view.interactions == store.rows_kept == 7 < store.counts()["interactions"]
        plan = " ".join(
            str(row[-1])
            for row in store.conn.execute(
                "EXPLAIN QUERY PLAN SELECT i.id FROM interactions AS i WHERE i.date >= ?",
                ("2024-02-22",),
            )
        )
    assert "INDEX ix_interactions_date" in plan, plan


def test_html_page_keeps_the_titles_build_shows(hand_store: Path, tmp_path: Path) -> None:
    """``actorgraph html`` draws the page as ``build`` does (write_store_page), titles kept."""
    built, _ = write_store_page(hand_store, tmp_path / "built.html", title="Hand")
    page = tmp_path / "html.html"
    args = ["html", str(hand_store), "-o", str(page), "--title", "Hand"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == built.read_text(encoding="utf-8")
    titles = _page_data(page.read_text(encoding="utf-8"))["doc_titles"]
    assert titles and set(titles.values()) <= {f"Title {i}" for i in range(7)}


def test_cli_stats_and_html_without_filters(hand_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["stats", str(hand_store), "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    # the CLI adds what the store holds by provenance (all news here)
    assert shown.pop("provenance") == {"extracted": {"documents": 10, "interactions": 12}}
    assert shown == json.loads(json.dumps(stats(load_graph(hand_store))))
    page = tmp_path / "page.html"
    result = runner.invoke(app, ["html", str(hand_store), "--output", str(page)])
    assert result.exit_code == 0, result.output
    labels = {n["label"] for n in _page_data(page.read_text(encoding="utf-8"))["nodes"]}
    assert labels == {"Aland", "Borduria", "Carpania"}
    # With a filter the page comes from the interactions that pass it.
    result = runner.invoke(app, ["html", str(hand_store), "-o", str(page), "--since", "2024-04"])
    assert result.exit_code == 0, result.output
    labels = {n["label"] for n in _page_data(page.read_text(encoding="utf-8"))["nodes"]}
    assert labels == {"Aland", "Borduria"}
