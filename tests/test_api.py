"""The public Python API in actorgraph/__init__.py: light to import, small, and working."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import actorgraph as ag
from actorgraph.errors import StoreError
from actorgraph.model import Actor, Document, Extraction, Interaction

A = Actor("country:AAA", "Aland", "COUNTRY", "AAA", ("the Alanders",))
B = Actor("country:BBB", "Borduria", "COUNTRY", "BBB")


def _it(doc: str, kind: str, date: str | None = "2024-05-01") -> Interaction:
    return Interaction(doc, "Aland", "Borduria", kind, True, date=date, source_id=A.id,
                       target_id=B.id, sentence=f"Aland {kind.lower()} Borduria.")  # fmt: skip


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("api")
    batch = [
        Extraction(Document("d1", "one"), [A, B], [_it("d1", "ACCUSE"), _it("d1", "AID")]),
        Extraction(Document("d2", "two"), [A, B], [_it("d2", "ACCUSE")]),
    ]
    with ag.Store(out) as store:
        store.add_extractions(batch)
    return out


def test_import_is_light() -> None:
    code = (
        "import sys, actorgraph; "
        "print(sorted(m for m in ('spacy', 'networkx') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_public_name_resolves() -> None:
    for name in ag.__all__:
        assert getattr(ag, name) is not None, name
    with pytest.raises(AttributeError):
        ag.no_such_thing  # noqa: B018


def test_open_store_never_creates(tmp_path: Path, store_dir: Path) -> None:
    with pytest.raises(StoreError, match="no actorgraph store"):
        ag.open_store(tmp_path / "missing")
    with ag.open_store(store_dir) as store:
        assert store.counts()["interactions"] == 3


def test_graph_events_and_analyses(store_dir: Path) -> None:
    graph = ag.load_graph(store_dir)
    assert isinstance(graph, nx.MultiDiGraph) and graph.graph["documents"] == 2
    events = ag.events(graph)
    assert sorted((e["type"], e["mentions"]) for e in events) == [("ACCUSE", 2), ("AID", 1)]
    assert len(ag.events(store_dir, "mentions")) == 3
    assert [e["type"] for e in ag.events(store_dir, types="AID")] == ["AID"]
    with ag.open_store(store_dir) as store:
        assert len(ag.events(store, quads="verbal-conf")) == 1
    with pytest.raises(ValueError):
        ag.events(graph, "documents")
    assert ag.stats(graph)["events"] == 2
    assert ag.resolve_actor(graph, "alanders") == A.id
    assert ag.dyad_balance(graph)[0]["balance"] == 0.0


def test_events_frame(store_dir: Path) -> None:
    pytest.importorskip("pandas")
    frame = ag.events_frame(store_dir)
    assert len(frame) == 2 and {"event_id", "mentions", "documents"} <= set(frame.columns)
    assert len(ag.events_frame(store_dir, "mentions", since="2024-06")) == 0
