"""Tests of the SQLite store: round trips, idempotent builds, replacement and errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from actorgraph.errors import StoreError
from actorgraph.model import Actor, Document, Extraction, Interaction
from actorgraph.schema import SCHEMA_VERSION
from actorgraph.store import Store

USA = Actor("usa", "United States", "COUNTRY", "USA", ("US", "Washington"))
CHN = Actor("chn", "China", "COUNTRY", "CHN", ("Beijing",))
BIDEN = Actor("joe_biden", "Joe Biden", "PERSON", "USA", ("Biden",))


def _doc(doc_id: str = "d1", text: str = "The US accused China. Biden met Xi.") -> Document:
    return Document(
        id=doc_id,
        text=text,
        date="2024-03-01",
        title=f"Title {doc_id}",
        origin=f"news.jsonl:{doc_id}",
    )


def _accuse(doc_id: str = "d1", **kw: object) -> Interaction:
    fields: dict[str, object] = dict(
        doc_id=doc_id,
        source="US",
        target="China",
        type="ACCUSE",
        directed=True,
        status="planned",
        date="2024-03-01",
        source_id="usa",
        target_id="chn",
        source_type="COUNTRY",
        target_type="COUNTRY",
        source_country="USA",
        target_country="CHN",
        mode="verbal",
        trigger="accused",
        sentence="The US accused China.",
        start=0,
        end=21,
        confidence=0.875,
    )
    fields.update(kw)
    return Interaction(**fields)  # type: ignore[arg-type]


def _extraction(
    doc: Document | None = None,
    interactions: list[Interaction] | None = None,
    actors: list[Actor] | None = None,
    mentions: dict[str, int] | None = None,
) -> Extraction:
    doc = doc or _doc()
    return Extraction(
        document=doc,
        actors=[USA, CHN] if actors is None else actors,
        interactions=[_accuse(doc.id)] if interactions is None else interactions,
        mentions={"usa": 2, "chn": 1} if mentions is None else mentions,
    )


def test_round_trip_every_field(tmp_path: Path) -> None:
    meet = Interaction(
        doc_id="d1",
        source="Biden",
        target="Xi",
        type="CONSULT",
        directed=False,
        status="negated",
        date="2024-03-02",
        source_id="joe_biden",
        target_id="xi_jinping",
        source_type="PERSON",
        target_type="PERSON",
        source_country="USA",
        target_country="CHN",
        mode=None,
        trigger="met",
        sentence="Biden met Xi.",
        start=22,
        end=35,
        confidence=0.25,
    )
    accuse = _accuse()
    ext = _extraction(
        interactions=[meet, accuse],
        actors=[USA, CHN, BIDEN],
        mentions={"usa": 2, "chn": 1, "joe_biden": 1},
    )
    with Store(tmp_path / "a.db") as store:
        assert store.add_extractions([ext]) == 1
        got = list(store.iter_interactions())
        # ordered by start offset within the document
        assert got == [accuse, meet]
        assert got[0].directed is True and got[1].directed is False
        assert got[0].confidence == 0.875 and got[0].start == 0 and got[0].end == 21
        # the quad column holds the model's property
        quads = store.conn.execute("SELECT type, quad FROM interactions ORDER BY id").fetchall()
        assert [tuple(r) for r in quads] == [("CONSULT", "verbal-coop"), ("ACCUSE", "verbal-conf")]
        assert store.counts() == {"documents": 1, "actors": 4, "interactions": 2}
        # xi_jinping came from the interaction only
        assert store.actors()[-1] == Actor("xi_jinping", "Xi", "PERSON", "CHN", (),
                                           country_source="text")
        assert store.mention_counts() == {"chn": 1, "joe_biden": 1, "usa": 2}
        assert store.documents() == [
            {"id": "d1", "date": "2024-03-01", "title": "Title d1", "origin": "news.jsonl:d1"}
        ]
        assert store.has_document(_doc())
        assert not store.has_document(_doc(text="other"))

    # reopening keeps everything
    with Store(tmp_path / "a.db", create=False) as store:
        assert list(store.iter_interactions()) == [accuse, meet]


def test_empty_actor_ids_round_trip(tmp_path: Path) -> None:
    it = _accuse(
        source_id="",
        target_id="",
        source_type=None,
        target_type=None,
        source_country=None,
        target_country=None,
    )
    with Store(tmp_path / "a.db") as store:
        store.add_extractions([_extraction(interactions=[it], actors=[], mentions={})])
        assert list(store.iter_interactions()) == [it]
        assert store.counts()["actors"] == 0


def test_schema_and_pragmas(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        conn = store.conn
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        assert meta["schema_version"] == str(SCHEMA_VERSION)
        assert meta["actorgraph_version"]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        cols = {
            r["name"]
            for r in conn.execute(
                "SELECT il.name FROM sqlite_master m, pragma_index_list(m.tbl_name) l,"
                " pragma_index_info(l.name) il WHERE m.name='interactions'"
            )
        }
        assert {"doc_id", "source_id", "target_id", "date", "type"} <= cols


def test_same_batch_twice_adds_nothing(tmp_path: Path) -> None:
    batch = [_extraction(_doc("d1")), _extraction(_doc("d2"))]
    with Store(tmp_path / "a.db") as store:
        assert store.add_extractions(batch) == 2
        first = store.counts()
        assert first == {"documents": 2, "actors": 2, "interactions": 2}
        assert store.add_extractions(batch) == 0
        assert store.counts() == first
        assert store.mention_counts() == {"chn": 2, "usa": 4}
    with Store(tmp_path / "a.db") as store:
        assert store.add_extractions(batch) == 0
        assert store.counts() == first


def test_duplicate_document_within_one_batch(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        assert store.add_extractions([_extraction(), _extraction()]) == 1
        assert store.counts()["interactions"] == 1


def test_changed_text_replaces_interactions(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        store.add_extractions([_extraction(), _extraction(_doc("d2"))])
        changed = _doc(text="The US threatened China.")
        threat = _accuse(
            type="THREATEN", trigger="threatened", sentence="The US threatened China.", end=24
        )
        assert not store.has_document(changed)
        assert (
            store.add_extractions(
                [_extraction(changed, interactions=[threat], mentions={"usa": 1})]
            )
            == 1
        )
        assert store.has_document(changed)
        assert not store.has_document(_doc())
        got = [it for it in store.iter_interactions() if it.doc_id == "d1"]
        assert got == [threat]
        assert store.counts() == {"documents": 2, "actors": 2, "interactions": 2}
        # d1 now mentions usa once and chn not at all; d2 unchanged
        assert store.mention_counts() == {"chn": 1, "usa": 3}
        n_chars = store.conn.execute("SELECT n_chars FROM documents WHERE id='d1'").fetchone()
        assert n_chars[0] == len("The US threatened China.")


def test_changed_date_counts_as_changed(tmp_path: Path) -> None:
    doc = _doc()
    redated = Document(id=doc.id, text=doc.text, date="2024-03-05")
    assert Store.content_hash(doc) != Store.content_hash(redated)
    assert Store.content_hash(doc) == Store.content_hash(_doc())
    assert len(Store.content_hash(doc)) == 64


def test_text_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not a database\n" * 10)
    with pytest.raises(StoreError, match=r"notes\.txt is not an actorgraph store"):
        Store(path)
    assert path.read_text().startswith("hello")  # untouched


def test_random_bytes_are_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(StoreError, match="is not an actorgraph store"):
        Store(path)


def test_other_sqlite_database_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"other\.db is not an actorgraph store"):
        Store(path)


def test_newer_schema_version_says_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    newer = SCHEMA_VERSION + 1
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(newer),))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="upgrade actorgraph") as info:
        Store(path)
    assert f"schema version {newer}" in str(info.value)


def test_newer_user_version_says_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with pytest.raises(StoreError, match="upgrade actorgraph"):
        Store(path)


def test_missing_store_without_create(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no actorgraph store"):
        Store(path, create=False)
    assert not path.exists()


def test_directory_path_means_actorgraph_db(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.path == tmp_path / "actorgraph.db"
        store.add_extractions([_extraction()])
    assert (tmp_path / "actorgraph.db").is_file()
    with Store(str(tmp_path), create=False) as store:
        assert store.counts()["documents"] == 1


def test_missing_parent_directories_are_created(tmp_path: Path) -> None:
    path = tmp_path / "out" / "deep" / "g.db"
    with Store(path) as store:
        assert store.counts() == {"documents": 0, "actors": 0, "interactions": 0}
    assert path.is_file()


def test_aliases_merge_across_documents(tmp_path: Path) -> None:
    usa_again = Actor("usa", "U.S.", "ORG", None, ("U.S.", "US", "America"))
    chn_no_country = Actor("chn", "PRC", "COUNTRY", None, ("PRC",))
    late_country = Actor("eu", "EU", "ORG", None, ())
    with Store(tmp_path / "a.db") as store:
        store.add_extractions(
            [
                _extraction(_doc("d1"), actors=[USA, CHN, late_country], mentions={}),
            ]
        )
        store.add_extractions(
            [
                _extraction(
                    _doc("d2"),
                    actors=[
                        usa_again,
                        chn_no_country,
                        Actor("eu", "Europe", "ORG", "EUR", ("Europe",)),
                    ],
                    mentions={},
                ),
            ]
        )
        by_id = {a.id: a for a in store.actors()}
    assert [a for a in by_id] == ["chn", "eu", "usa"]
    # first name and type kept, aliases merged and sorted, country kept or filled
    assert by_id["usa"] == Actor(
        "usa", "United States", "COUNTRY", "USA", ("America", "U.S.", "US", "Washington"),
        country_source="text",
    )
    assert by_id["chn"] == Actor("chn", "China", "COUNTRY", "CHN", ("Beijing", "PRC"),
                                 country_source="text")  # fmt: skip
    assert by_id["eu"] == Actor("eu", "EU", "ORG", "EUR", ("Europe",), country_source="text")


def test_failing_batch_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "a.db") as store:
        store.add_extractions([_extraction(_doc("d0"))])
        before = store.counts()

        original = Store._write_extraction
        calls = []

        def flaky(self: Store, conn: sqlite3.Connection, ext: Extraction) -> bool:
            calls.append(ext.document.id)
            if len(calls) == 2:
                raise RuntimeError("boom")
            return original(self, conn, ext)

        monkeypatch.setattr(Store, "_write_extraction", flaky)
        new_actor = Actor("rus", "Russia", "COUNTRY", "RUS", ("Moscow",))
        with pytest.raises(RuntimeError, match="boom"):
            store.add_extractions(
                [
                    _extraction(_doc("d1"), actors=[USA, CHN, new_actor]),
                    _extraction(_doc("d2")),
                ]
            )
        assert calls == ["d1", "d2"]
        assert store.counts() == before
        assert [d["id"] for d in store.documents()] == ["d0"]
        assert "rus" not in {a.id for a in store.actors()}
        monkeypatch.undo()
        # the store is still usable afterwards
        assert store.add_extractions([_extraction(_doc("d1"))]) == 1
        assert store.counts()["documents"] == 2


def test_generator_raising_midway_leaves_nothing(tmp_path: Path) -> None:
    def batch():
        yield _extraction(_doc("d1"))
        raise ValueError("extraction failed")

    path = tmp_path / "a.db"
    with Store(path) as store:
        with pytest.raises(ValueError):
            store.add_extractions(batch())
    with Store(path) as store:
        assert store.counts() == {"documents": 0, "actors": 0, "interactions": 0}


def test_replacement_failure_keeps_old_version(tmp_path: Path) -> None:
    bad = _accuse(type="THREATEN")
    with Store(tmp_path / "a.db") as store:
        store.add_extractions([_extraction()])

        def broken_batch():
            yield _extraction(_doc(text="changed"), interactions=[bad])
            raise RuntimeError("stop")

        with pytest.raises(RuntimeError):
            store.add_extractions(broken_batch())
        assert store.has_document(_doc())
        assert [it.type for it in store.iter_interactions()] == ["ACCUSE"]


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()
