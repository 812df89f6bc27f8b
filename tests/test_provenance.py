"""Where documents come from: kept in the store, on the graph, in exports and the page."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from actorgraph.export import export_graph
from actorgraph.graph import FilterError, load_graph
from actorgraph.model import Actor, Document, Extraction, Interaction
from actorgraph.render import render_html
from actorgraph.schema import SCHEMA_VERSION
from actorgraph.store import Store


def _extraction(doc: Document) -> Extraction:
    it = Interaction(
        doc.id, "France", "Germany", "CONSULT", False, date=doc.date,
        source_id="FRA", target_id="DEU", sentence="France and Germany held talks.",
    )  # fmt: skip
    actors = [Actor("FRA", "France", "COUNTRY", "FRA"), Actor("DEU", "Germany", "COUNTRY", "DEU")]
    return Extraction(doc, actors, [it], {"FRA": 1, "DEU": 1})


DOCS = [
    Document(
        "a", "France and Germany held talks.", "2024-01-02", title="Talks <b>",
        publisher="Reuters", url="https://example.com/a", author="Jo Smith", lang="en",
    ),
    Document(
        "gdelt-1", "France and Germany held talks.", "2024-01-03",
        url="javascript:alert(1)", provenance="gdelt",
    ),
]  # fmt: skip


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_extractions([_extraction(d) for d in DOCS])
    return path


def test_store_keeps_provenance(store_path: Path) -> None:
    with Store(store_path) as store:
        info = store.document_info()
        assert info["a"] == {
            "title": "Talks <b>", "publisher": "Reuters", "url": "https://example.com/a",
            "author": "Jo Smith", "lang": "en", "provenance": "extracted",
        }  # fmt: skip
        assert info["gdelt-1"]["provenance"] == "gdelt"
        assert store.document_info(["gdelt-1"]).keys() == {"gdelt-1"}
        assert store.provenance_counts() == {
            "extracted": {"documents": 1, "interactions": 1},
            "gdelt": {"documents": 1, "interactions": 1},
        }
        assert store.documents_per_date() == {"2024-01-02": 1}
        assert store.documents_per_date(["extracted", "gdelt"]) == {
            "2024-01-02": 1, "2024-01-03": 1,
        }  # fmt: skip


def test_a_version_2_store_gets_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        INSERT INTO meta VALUES ('schema_version', '2');
        CREATE TABLE documents (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, date TEXT,
            title TEXT, origin TEXT, n_chars INT, added_at TEXT);
        INSERT INTO documents (id, content_hash) VALUES ('old', 'x');
        PRAGMA user_version = 2;"""
    )
    conn.close()
    with Store(path, create=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert store.document_info() == {"old": {"provenance": "extracted"}}


def test_provenance_on_edges_filter_and_exports(store_path: Path, tmp_path: Path) -> None:
    graph = load_graph(store_path)
    by_doc = {d["doc_id"]: d for _, _, d in graph.edges(data=True)}
    assert by_doc["a"]["publisher"] == "Reuters"
    assert by_doc["gdelt-1"]["provenance"] == "gdelt"
    only = load_graph(store_path, provenance="gdelt")
    assert [d["doc_id"] for _, _, d in only.edges(data=True)] == ["gdelt-1"]
    with pytest.raises(FilterError, match="unknown provenance"):
        load_graph(store_path, provenance="acled")
    out = tmp_path / "m.csv"
    export_graph(graph, out, "csv", table="mentions")
    rows = {r["doc_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert (rows["a"]["publisher"], rows["a"]["url"], rows["a"]["author"]) == (
        "Reuters", "https://example.com/a", "Jo Smith",
    )  # fmt: skip
    assert rows["gdelt-1"]["provenance"] == "gdelt"
    gexf = tmp_path / "g.gexf"
    export_graph(graph, gexf, "gexf")
    assert "https://example.com/a" in gexf.read_text(encoding="utf-8")


@pytest.mark.parametrize("aggregated", [True, False])
def test_page_shows_sources_and_links_only_http(store_path: Path, aggregated: bool) -> None:
    from actorgraph.graph import load_aggregated_graph

    graph = load_aggregated_graph(store_path) if aggregated else load_graph(store_path)
    page = render_html(graph)
    assert '"publisher": "Reuters"' in page or '"publisher":"Reuters"' in page
    assert "https://example.com/a" in page
    assert '"ref": "javascript:alert(1)"' in page or '"ref":"javascript:alert(1)"' in page
    assert '"url": "javascript' not in page and '"url":"javascript' not in page
    assert "Talks <b>" not in page  # escaped like every text from an article


@pytest.mark.parametrize("kinds", ["extracted", "gdelt", "gdelt,extracted"])
def test_provenance_in_sql_keeps_what_the_graph_filter_keeps(store_path: Path, kinds: str) -> None:
    from actorgraph.filters import GraphFilter
    from actorgraph.graph import filter_graph, load_summary
    from actorgraph.summary import interaction_count

    where = GraphFilter(provenance=kinds)
    expected = filter_graph(load_graph(store_path), where)
    got = load_graph(store_path, where)  # selected in SQL
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(got.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert {d["provenance"] for _, _, d in got.edges(data=True)} == set(kinds.split(","))
    summary = load_summary(store_path, where)
    assert interaction_count(summary) == expected.number_of_edges()
    shown = [e for _, _, d in summary.edges(data=True) for e in d["evidence"]]
    assert {e["provenance"] for e in shown} == set(kinds.split(","))


def test_documents_per_date_within_a_filter(store_path: Path) -> None:
    from actorgraph.filters import GraphFilter

    with Store(store_path) as store:
        assert store.documents_per_date(where=GraphFilter(since="2024-01-03")) == {}
        both = GraphFilter(provenance="gdelt,extracted", until="2024-01-02")
        assert store.documents_per_date(where=both) == {"2024-01-02": 1}
        gdelt = GraphFilter(provenance="gdelt")
        assert store.documents_per_date(where=gdelt) == {"2024-01-03": 1}
