"""Analyses on small hand-made graphs whose answers are known."""

from __future__ import annotations

import doctest

import networkx as nx
import pytest

import actorgraph.analyze
import actorgraph.export
import actorgraph.graph
from actorgraph.analyze import (
    ActorNotFoundError,
    actor_summary,
    balance,
    brokers,
    centrality,
    communities,
    connection_path,
    count_events,
    dyad_balance,
    ego_graph,
    ego_network,
    find_actors,
    period_of,
    reciprocity,
    resolve_actor,
    stats,
    timeline,
    top_actors,
)
from actorgraph.errors import FilterError
from actorgraph.graph import filter_graph
from actorgraph.model import QUAD_CLASS
from actorgraph.summary import directed_view, event_id, event_key, weighted_view


def _edge(g: nx.MultiDiGraph, u: str, v: str, kind: str = "CONSULT", **kw: object) -> None:
    attrs: dict[str, object] = dict(
        type=kind, quad=QUAD_CLASS[kind], status="occurred", date="", directed=True,
        mode="", trigger="", sentence=f"{u} {kind} {v}.", doc_id="d1",
    )  # fmt: skip
    attrs.update(kw)
    g.add_edge(u, v, **attrs)


def _nodes(g: nx.MultiDiGraph, *names: str, **attrs: str) -> None:
    for n in names:
        g.add_node(n, label=n.upper(), type="PERSON", country="", aliases="", mentions=1, **attrs)


def _barbell() -> nx.MultiDiGraph:
    """Two 4-cliques {a,b,c,d} and {e,f,g,h} joined by the single link d-e."""
    g = nx.MultiDiGraph()
    _nodes(g, *"abcdefgh")
    for clique in ("abcd", "efgh"):
        for i, u in enumerate(clique):
            for v in clique[i + 1 :]:
                _edge(g, u, v)
    _edge(g, "d", "e", "ACCUSE")
    return g


# ---------------------------------------------------------------------------- events


def test_same_event_in_two_documents_is_one_event_with_two_mentions() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", "ACCUSE", date="2024-03-01", doc_id="d1")
    _edge(g, "a", "b", "ACCUSE", date="2024-03-01", doc_id="d2")
    _edge(g, "a", "b", "ACCUSE", date="2024-03-02", doc_id="d2")  # another day
    _edge(g, "b", "a", "ACCUSE", date="2024-03-01", doc_id="d3")  # the other way
    assert count_events(g) == 3
    view = weighted_view(g, weight="events")
    assert (view["a"]["b"]["events"], view["a"]["b"]["mentions"]) == (3, 4)
    assert view["a"]["b"]["weight"] == 3
    assert weighted_view(g)["a"]["b"]["weight"] == 4  # mentions stays the default
    assert weighted_view(g, weight="events")["a"]["b"]["types"] == {"ACCUSE": 3}


def test_undirected_event_is_the_same_whichever_actor_comes_first() -> None:
    data = {"type": "CONSULT", "date": "2024-03-01", "directed": False, "status": "occurred"}
    assert event_key("a", "b", data) == event_key("b", "a", data)
    assert event_id("a", "b", data) == event_id("b", "a", data)
    directed = {**data, "directed": True}
    assert event_key("a", "b", directed) != event_key("b", "a", directed)


def test_undated_reports_are_one_event_only_within_a_document() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", "AID", doc_id="d1")
    _edge(g, "a", "b", "AID", doc_id="d1")
    _edge(g, "a", "b", "AID", doc_id="d2")
    assert count_events(g) == 2


def test_status_separates_events() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", date="2024-03-01", status="occurred")
    _edge(g, "a", "b", date="2024-03-01", status="negated")
    assert count_events(g) == 2


def test_directed_view_counts_undirected_interactions_both_ways() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", directed=False, date="2024-01-01")
    _edge(g, "b", "a", directed=False, date="2024-01-01", doc_id="d2")  # same event
    _edge(g, "a", "c", "ACCUSE")
    d = directed_view(g)
    assert d["a"]["b"]["weight"] == 1 and d["b"]["a"]["weight"] == 1
    assert d.has_edge("a", "c") and not d.has_edge("c", "a")
    m = directed_view(g, weight="mentions")
    assert m["a"]["b"]["weight"] == 2


# ---------------------------------------------------------------------------- filters


def _dated() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    _nodes(g, "a", "b")
    g.add_node("r", label="Russia", type="COUNTRY", country="RUS", aliases="", mentions=0)
    g.add_node("lonely", label="Lonely", type="ORG", country="", aliases="", mentions=3)
    _edge(g, "a", "b", "CONSULT", date="2024-02-28")
    _edge(g, "a", "b", "ACCUSE", date="2024-03-15", status="planned")
    _edge(g, "a", "r", "AID", date="2024-04-01")
    _edge(g, "r", "b", "THREATEN")  # undated
    return g


def test_no_filter_keeps_everything_including_isolates() -> None:
    g = _dated()
    out = filter_graph(g)
    assert set(out) == set(g) and out.number_of_edges() == 4
    assert out is not g


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        ({"since": "2024-03"}, {"ACCUSE", "AID"}),
        ({"until": "2024-03"}, {"CONSULT", "ACCUSE"}),
        ({"since": "2024-03-01", "until": "2024-03-31"}, {"ACCUSE"}),
        ({"since": "2024"}, {"CONSULT", "ACCUSE", "AID"}),
        ({"types": "consult,aid"}, {"CONSULT", "AID"}),
        ({"types": ["THREATEN"]}, {"THREATEN"}),
        ({"quads": "verbal-conf"}, {"ACCUSE", "THREATEN"}),
        ({"quads": ["material-coop", "verbal-coop"]}, {"CONSULT", "AID"}),
        ({"statuses": "planned"}, {"ACCUSE"}),
        ({"countries": "rus"}, {"AID", "THREATEN"}),
        ({"min_weight": 2}, {"CONSULT", "ACCUSE"}),
    ],
)
def test_filters(filters: dict, kept: set[str]) -> None:
    out = filter_graph(_dated(), **filters)
    assert {d["type"] for _, _, d in out.edges(data=True)} == kept
    assert "lonely" not in out  # any filter keeps only the actors of kept interactions
    for node in out:
        assert out.nodes[node] == _dated().nodes[node]


def test_min_weight_counts_events_or_mentions() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", date="2024-01-01", doc_id="d1")
    _edge(g, "a", "b", date="2024-01-01", doc_id="d2")
    assert filter_graph(g, min_weight=2, weight="events").number_of_edges() == 0
    assert filter_graph(g, min_weight=2, weight="mentions").number_of_edges() == 2


@pytest.mark.parametrize(
    "filters",
    [{"since": "March"}, {"until": "2024-3-1"}, {"types": "HUG"}, {"quads": "coop"},
     {"statuses": "maybe"}, {"weight": "votes"}, {"min_weight": -1}],
)  # fmt: skip
def test_bad_filters_say_what_is_allowed(filters: dict) -> None:
    with pytest.raises(FilterError):
        filter_graph(_dated(), **filters)


# ---------------------------------------------------------------------------- centrality


def test_star_centrality() -> None:
    g = nx.MultiDiGraph()
    _nodes(g, "hub", "x", "y", "z")
    for leaf in "xyz":
        _edge(g, "hub", leaf)
    _edge(g, "hub", "x", "ACCUSE")  # a second event with x
    c = centrality(g)
    assert c["degree"] == {"hub": 3.0, "x": 1.0, "y": 1.0, "z": 1.0}
    assert c["weighted_degree"]["hub"] == 4.0 and c["weighted_degree"]["x"] == 2.0
    assert c["betweenness"]["hub"] == pytest.approx(1.0)
    assert c["betweenness"]["x"] == 0.0
    assert c["betweenness_k"] is None
    assert max(c["pagerank"], key=c["pagerank"].get) != "hub"  # all links point away
    assert [r["id"] for r in top_actors(g, "degree", 1)] == ["hub"]
    assert top_actors(g, "weighted_degree", 2)[1]["id"] == "x"


def test_pagerank_favours_the_actor_everyone_targets() -> None:
    g = nx.MultiDiGraph()
    for src in "abcd":
        _edge(g, src, "target", "REQUEST")
    _edge(g, "target", "a", "REJECT")
    pr = centrality(g)["pagerank"]
    assert max(pr, key=pr.get) == "target"
    assert sum(pr.values()) == pytest.approx(1.0)


def test_path_betweenness_is_exact_and_sampled_is_seeded() -> None:
    g = nx.MultiDiGraph()
    nodes = [f"n{i:02d}" for i in range(30)]
    for u, v in zip(nodes, nodes[1:], strict=False):
        _edge(g, u, v)
    exact = centrality(g)
    assert exact["betweenness_k"] is None
    assert exact["betweenness"]["n00"] == 0.0
    assert max(exact["betweenness"], key=exact["betweenness"].get) in ("n14", "n15")
    a = centrality(g, approx_above=10, seed=7)
    b = centrality(g, approx_above=10, seed=7)
    assert a["betweenness_k"] is None  # 200 samples >= 30 actors: exact after all
    sampled = centrality(g, k=10, seed=3)
    assert sampled["betweenness_k"] == 10
    assert sampled["betweenness"] == centrality(g, k=10, seed=3)["betweenness"]
    assert a["betweenness"] == b["betweenness"]


def test_large_graph_switches_to_sampling(monkeypatch: pytest.MonkeyPatch) -> None:
    import actorgraph.analyze as analyze

    monkeypatch.setattr(analyze, "BETWEENNESS_K", 5)
    g = nx.MultiDiGraph(nx.path_graph(12, create_using=nx.DiGraph))
    assert centrality(g, approx_above=10)["betweenness_k"] == 5
    assert centrality(g, approx_above=20)["betweenness_k"] is None


def test_empty_graph() -> None:
    g = nx.MultiDiGraph()
    assert centrality(g)["pagerank"] == {}
    assert communities(g) == []
    assert brokers(g) == []
    assert reciprocity(g)["reciprocity"] is None
    assert dyad_balance(g) == []
    assert timeline(g)["rows"] == []
    report = stats(g)
    assert (report["documents"], report["actors"], report["interactions"]) == (0, 0, 0)


# ---------------------------------------------------------------------------- communities


def test_louvain_finds_the_two_cliques_and_repeats() -> None:
    g = _barbell()
    groups = communities(g, seed=1)
    assert sorted(map(sorted, groups)) == [list("abcd"), list("efgh")]
    assert communities(g, seed=1) == groups
    # members by weighted degree: the bridge ends have one link more
    assert groups[0][0] in ("d", "e")


def test_isolated_actors_are_in_no_community() -> None:
    g = _barbell()
    g.add_node("alone", label="Alone")
    assert all("alone" not in c for c in communities(g))


def test_brokers_are_the_ends_of_the_bridge() -> None:
    g = _barbell()
    found = brokers(g, seed=1)
    assert {b["id"] for b in found} == {"d", "e"}
    for b in found:
        assert b["communities"] == 2
        assert b["participation"] == pytest.approx(1 - (3 / 4) ** 2 - (1 / 4) ** 2)
        assert b["outside"] == 1


def test_brokers_with_given_communities() -> None:
    g = nx.MultiDiGraph()
    _nodes(g, *"abcxyz")
    for u, v in ("ab", "bc", "xy", "yz", "bx", "by", "bz"):
        _edge(g, u, v)
    found = brokers(g, [["a", "b", "c"], ["x", "y", "z"]])
    assert found[0]["id"] == "b"  # three links across, where x, y and z have one each
    # b: 2 links home, 3 away -> 1 - (2/5)^2 - (3/5)^2
    assert found[0]["participation"] == pytest.approx(0.48)
    assert {r["id"] for r in found} == {"b", "x", "y", "z"}


# ---------------------------------------------------------------------------- reciprocity


def test_reciprocity_counts_directed_pairs_only() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", "ACCUSE")
    _edge(g, "b", "a", "ACCUSE")
    _edge(g, "b", "a", "REJECT")
    _edge(g, "a", "c", "REQUEST")
    _edge(g, "c", "d", "CONSULT", directed=False)  # a meeting: mutual by nature, left out
    _edge(g, "d", "d", "STATEMENT")  # a self-loop, left out
    r = reciprocity(g)
    assert r == {
        "directed_pairs": 2,
        "mutual_pairs": 1,
        "reciprocity": 0.5,
        "edge_reciprocity": pytest.approx(2 / 3),
    }


# ---------------------------------------------------------------------------- balance


def test_balance_values() -> None:
    assert balance(3, 1) == 0.5
    assert balance(0, 4) == -1.0
    assert balance(0, 0) is None


def test_dyad_balance_and_its_trend_over_months() -> None:
    g = nx.MultiDiGraph()
    _nodes(g, "a", "b", "c")
    # January: 2 cooperation; February: 1 and 1; March: 2 conflict -> balance 1, 0, -1
    _edge(g, "a", "b", "CONSULT", date="2024-01-05")
    _edge(g, "b", "a", "AID", date="2024-01-20")
    _edge(g, "a", "b", "AGREE", date="2024-02-03")
    _edge(g, "a", "b", "ACCUSE", date="2024-02-04")
    _edge(g, "b", "a", "THREATEN", date="2024-03-01")
    _edge(g, "a", "b", "ASSAULT", date="2024-03-09")
    _edge(g, "a", "b", "STATEMENT", date="2024-03-10")
    _edge(g, "a", "b", "ACCUSE")  # undated: in the totals, not in the trend
    _edge(g, "a", "c", "SUPPORT", date="2024-01-01")
    rows = dyad_balance(g)
    ab = rows[0]
    assert (ab["source"], ab["target"]) == ("a", "b")
    assert (ab["source_label"], ab["target_label"]) == ("A", "B")
    assert (ab["cooperation"], ab["conflict"], ab["neutral"], ab["total"]) == (3, 4, 1, 8)
    assert ab["balance"] == pytest.approx(-1 / 7)
    assert [s["balance"] for s in ab["series"]] == [1.0, 0.0, -1.0]
    assert [s["period"] for s in ab["series"]] == ["2024-01", "2024-02", "2024-03"]
    assert ab["trend"] == pytest.approx(-1.0)
    assert ab["direction"] == "toward conflict"
    ac = rows[1]
    assert (ac["balance"], ac["trend"], ac["direction"]) == (1.0, None, None)
    assert dyad_balance(g, n=1) == [ab]
    assert [r["target"] for r in dyad_balance(g, pairs=[("c", "a")])] == ["c"]


def test_trend_skips_empty_months_by_calendar_distance() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", "ACCUSE", date="2024-01-05")
    _edge(g, "a", "b", "CONSULT", date="2024-05-05")  # four months later
    (row,) = dyad_balance(g)
    assert row["trend"] == pytest.approx(0.5)  # from -1 to +1 over 4 months
    assert row["direction"] == "toward cooperation"
    (weekly,) = dyad_balance(g, period="week")
    assert weekly["trend"] == pytest.approx(2 / 17)  # 2024-W01 to 2024-W18


def test_balance_counts_events_or_mentions() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", "ACCUSE", date="2024-01-05", doc_id="d1")
    _edge(g, "a", "b", "ACCUSE", date="2024-01-05", doc_id="d2")
    _edge(g, "a", "b", "AID", date="2024-01-05", doc_id="d3")
    assert dyad_balance(g)[0]["balance"] == 0.0
    assert dyad_balance(g, weight="mentions")[0]["balance"] == pytest.approx(-1 / 3)


# ---------------------------------------------------------------------------- time


@pytest.mark.parametrize(
    ("day", "period", "bucket"),
    [("2024-03-12", "day", "2024-03-12"), ("2024-03-12", "week", "2024-W11"),
     ("2024-12-30", "week", "2025-W01"), ("2024-03-12", "month", "2024-03"),
     ("2024-03", "month", "2024-03"), ("2024-03", "week", None), ("", "month", None),
     (None, "day", None), ("soon", "month", None)],
)  # fmt: skip
def test_period_of(day: str | None, period: str, bucket: str | None) -> None:
    assert period_of(day, period) == bucket


def test_timeline_fills_gaps_and_counts_undated() -> None:
    g = _dated()
    t = timeline(g)
    assert [(r["period"], r["total"]) for r in t["rows"]] == [
        ("2024-02", 1),
        ("2024-03", 1),
        ("2024-04", 1),
    ]
    assert t["rows"][1]["verbal-conf"] == 1
    assert (t["undated"], t["total"]) == (1, 4)
    weeks = timeline(g, period="week")["rows"]
    assert weeks[0]["period"] == "2024-W09" and weeks[-1]["period"] == "2024-W14"
    assert len(weeks) == 6 and sum(r["total"] for r in weeks) == 3
    days = timeline(g, period="day", fill=False)["rows"]
    assert [r["period"] for r in days] == ["2024-02-28", "2024-03-15", "2024-04-01"]


def test_timeline_of_one_actor_and_of_a_pair() -> None:
    g = _dated()
    assert timeline(g, ["r"])["total"] == 2
    assert timeline(g, ["a", "b"])["total"] == 2
    assert timeline(g, ["b", "a"], period="day", fill=False)["rows"][0]["period"] == "2024-02-28"
    with pytest.raises(ActorNotFoundError):
        timeline(g, ["nobody"])


def test_timeline_crossing_a_year() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", date="2023-11-30")
    _edge(g, "a", "b", date="2024-02-01")
    periods = [r["period"] for r in timeline(g)["rows"]]
    assert periods == ["2023-11", "2023-12", "2024-01", "2024-02"]


# ---------------------------------------------------------------------------- actors


def test_match_key_forgives_case_accents_and_punctuation() -> None:
    from actorgraph.knowledge import match_key as normalize_name

    assert normalize_name("Élysée Palace") == normalize_name("elysee palace")
    assert normalize_name("U.S.") == normalize_name("us")
    assert normalize_name("Recep Tayyip ERDOĞAN") == "receptayyiperdogan"


def test_find_actors_by_alias_exact_first() -> None:
    g = nx.MultiDiGraph()
    g.add_node("p1", label="Recep Tayyip Erdoğan", aliases="Erdogan; President Erdoğan")
    g.add_node("p2", label="Emine Erdoğan", aliases="")
    g.add_node("c1", label="Türkiye", aliases="Turkey; Ankara")
    _edge(g, "p2", "c1")
    assert find_actors(g, "erdogan") == ["p1", "p2"]  # p1 by alias, exactly
    assert find_actors(g, "erdogan", exact=True) == ["p1"]
    assert find_actors(g, "ankara") == ["c1"]
    assert find_actors(g, "turkiye") == ["c1"]
    assert find_actors(g, "nobody") == []
    assert find_actors(g, "  ") == []
    assert resolve_actor(g, "p2") == "p2"
    assert resolve_actor(g, "EMINE") == "p2"
    with pytest.raises(ActorNotFoundError, match="no actor matches"):
        resolve_actor(g, "Putin")


def test_actor_summary_counts() -> None:
    g = _dated()
    _edge(g, "a", "b", "CONSULT", date="2024-02-28", doc_id="d2")  # same event, second report
    rows = {r["id"]: r for r in actor_summary(g)}
    assert rows["a"]["interactions"] == 4 and rows["a"]["events"] == 3
    assert rows["a"]["partners"] == 2
    assert rows["lonely"] == {
        "id": "lonely",
        "label": "Lonely",
        "type": "ORG",
        "country": "",
        "country_source": "",
        "aliases": [],
        "mentions": 3,
        "interactions": 0,
        "events": 0,
        "partners": 0,
    }
    order = [r["id"] for r in actor_summary(g)]
    assert order[0] == "a" and order[-1] == "lonely"
    assert [r["id"] for r in actor_summary(g, "russ")] == ["r"]


# ---------------------------------------------------------------------------- ego and path


def test_ego_network_with_evidence() -> None:
    g = _barbell()
    report = ego_network(g, "d")
    assert report["actor"]["id"] == "d"
    assert {n["id"]: n["distance"] for n in report["nodes"]} == {
        "d": 0,
        "a": 1,
        "b": 1,
        "c": 1,
        "e": 1,
    }
    own = [link for link in report["links"] if link["source"] == "d"]
    assert len(own) == 4 and report["links"][: len(own)] == own
    de = next(link for link in own if link["target"] == "e")
    assert de["types"] == {"ACCUSE": 1}
    assert de["balance"] == -1.0
    assert de["interactions"][0]["sentence"] == "d ACCUSE e."
    assert len(report["links"]) == 4 + 3  # and the triangle among a, b, c
    assert set(ego_graph(g, "d", radius=2)) == set("abcdefgh")
    assert set(ego_graph(g, "d", radius=0)) == {"d"}


def test_ego_follows_links_in_both_directions() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "x", "center", "ACCUSE")
    _edge(g, "center", "y", "AID")
    assert set(ego_graph(g, "center")) == {"x", "y", "center"}
    with pytest.raises(ActorNotFoundError):
        ego_network(g, "nobody")


def test_connection_path_with_evidence() -> None:
    g = _barbell()
    g.add_node("alone", label="Alone")
    steps = connection_path(g, "a", "h")
    assert steps is not None
    assert [(s["source"], s["target"]) for s in steps] == [("a", "d"), ("d", "e"), ("e", "h")]
    assert steps[1]["interactions"][0]["type"] == "ACCUSE"
    assert steps[1]["events"] == 1
    assert connection_path(g, "a", "alone") is None
    assert connection_path(g, "a", "a") == []
    with pytest.raises(ActorNotFoundError):
        connection_path(g, "a", "nobody")


def test_path_goes_against_the_direction_of_interactions() -> None:
    g = nx.MultiDiGraph()
    _edge(g, "a", "b", "ACCUSE")
    _edge(g, "c", "b", "ACCUSE")
    steps = connection_path(g, "a", "c")
    assert steps is not None and [s["target"] for s in steps] == ["b", "c"]
    assert steps[1]["interactions"][0]["source"] == "c"  # evidence keeps the real direction


# ---------------------------------------------------------------------------- stats


def test_stats_report() -> None:
    g = _barbell()
    g.graph["documents"] = 5
    report = stats(g, top=3, seed=1)
    assert (report["documents"], report["actors"], report["interactions"]) == (5, 8, 13)
    assert report["events"] == 13 and report["pairs"] == 13
    assert report["linked_actors"] == 8
    assert set(report["top_actors"]) == {"degree", "weighted_degree", "pagerank", "betweenness"}
    assert {r["id"] for r in report["top_actors"]["betweenness"][:2]} == {"d", "e"}
    assert report["betweenness"] == {"approximate": False, "k": None}
    assert report["communities"]["count"] == 2
    assert report["communities"]["largest"][0]["size"] == 4
    assert {b["id"] for b in report["brokers"]} == {"d", "e"}
    assert report["reciprocity"]["directed_pairs"] == 13
    assert report["dyads"][0]["total"] == 1
    assert stats(g, top=3, seed=1) == report  # seeded: the same every run


def test_pagerank_matches_networkx() -> None:
    from actorgraph.analyze import _pagerank

    g = nx.DiGraph()
    g.add_weighted_edges_from(
        [("a", "b", 2), ("b", "c", 1), ("c", "a", 1), ("a", "c", 1), ("d", "c", 3)]
    )
    g.add_node("e")  # dangling and alone
    ours = _pagerank(g)
    theirs = nx.pagerank(g, weight="weight")
    assert ours.keys() == theirs.keys()
    for node in ours:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-5)
    assert _pagerank(nx.DiGraph()) == {}


@pytest.mark.parametrize("module", [actorgraph.analyze, actorgraph.graph, actorgraph.export])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.failed == 0
