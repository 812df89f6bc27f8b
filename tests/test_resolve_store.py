"""Corpus-wide resolution over the store (issue 13), with extractions built by hand."""

from __future__ import annotations

from pathlib import Path

from actorgraph.dictionary import ActorDictionary, Entry
from actorgraph.model import Actor, Document, Extraction, Interaction, RawActor
from actorgraph.resolve import resolve_corpus, resolve_store
from actorgraph.store import Store


def raw(aid: str, name: str, kind: str = "PERSON", country: str | None = None,
        mentions: int = 1, date: str | None = None) -> RawActor:  # fmt: skip
    return RawActor(aid, name, kind, country, (name,), mentions, date, date)


def _doc_extraction(doc_id: str, date: str, actors: list[Actor],
                    pairs: list[tuple[Actor, Actor]]) -> Extraction:  # fmt: skip
    its = [
        Interaction(doc_id, a.name, b.name, "ACCUSE", True, date=date, source_id=a.id,
                    target_id=b.id, source_type=a.type, target_type=b.type,
                    source_country=a.country, target_country=b.country, start=i)
        for i, (a, b) in enumerate(pairs)
    ]  # fmt: skip
    return Extraction(Document(doc_id, f"text {doc_id}", date), actors, its,
                      {a.id: 1 for a in actors})  # fmt: skip


def test_a_surname_joins_the_one_full_name_it_fits() -> None:
    r = resolve_corpus([
        raw("person:ronald reagan", "Ronald Reagan", country="USA", mentions=5),
        raw("person:reagan", "Reagan", mentions=50),
    ])  # fmt: skip
    assert r.mapping["person:reagan"] == "person:ronald reagan"
    reagan = next(a for a in r.actors if a.id == "person:ronald reagan")
    assert (reagan.name, reagan.country) == ("Ronald Reagan", "USA")
    assert "Reagan" in reagan.aliases
    assert r.how["person:reagan"] == "surname"


def test_a_surname_of_two_full_names_stays_apart_and_is_listed() -> None:
    r = resolve_corpus(
        [raw("person:gordon brown", "Gordon Brown"), raw("person:nick brown", "Nick Brown"),
         raw("person:brown", "Brown")]
    )  # fmt: skip
    assert r.mapping["person:brown"] == "person:brown"
    assert r.ambiguous == [("Brown", ("Gordon Brown", "Nick Brown"))]


def test_countries_and_dates_must_agree() -> None:
    r = resolve_corpus([raw("person:john smith", "John Smith", country="GBR"),
                        raw("person:smith", "Smith", country="USA")])  # fmt: skip
    assert r.mapping["person:smith"] == "person:smith"
    r = resolve_corpus([raw("person:john smith", "John Smith", date="1987-01-01"),
                        raw("person:smith", "Smith", date="2005-01-01")])  # fmt: skip
    assert r.mapping["person:smith"] == "person:smith"


def test_a_first_name_joins_nobody() -> None:
    r = resolve_corpus([raw("person:david blunkett", "David Blunkett"),
                        raw("person:david", "David")])  # fmt: skip
    assert r.mapping["person:david"] == "person:david"
    assert all("David" not in a.aliases for a in r.actors if a.id == "person:david blunkett")


def test_identity_does_not_depend_on_the_label() -> None:
    r = resolve_corpus([
        raw("person:nicola sturgeon", "Nicola Sturgeon", mentions=9),
        raw("org:nicola sturgeon", "Nicola Sturgeon", "ORG", mentions=2),
        raw("place:nicola sturgeon", "Nicola Sturgeon", "COUNTRY", mentions=1),
    ])  # fmt: skip
    assert set(r.mapping.values()) == {"person:nicola sturgeon"}
    assert [a.type for a in r.actors] == ["PERSON"]


def test_the_dictionary_wins_and_ignores() -> None:
    d = ActorDictionary([Entry("Ronald Reagan", "PERSON", "USA", aliases=("The Gipper",)),
                         Entry("bpd", "IGNORE")])  # fmt: skip
    r = resolve_corpus([raw("person:the gipper", "The Gipper"), raw("org:bpd", "bpd", "ORG")], d)
    assert r.mapping == {"person:the gipper": "person:ronald reagan", "org:bpd": None}


def test_resolving_the_store_rewrites_it_and_is_idempotent(tmp_path: Path) -> None:
    full = Actor("person:ronald reagan", "Ronald Reagan", "PERSON", "USA", ("Ronald Reagan",))
    short = Actor("person:reagan", "Reagan", "PERSON", None, ("Reagan",))
    iran = Actor("IRN", "Iran", "COUNTRY", "IRN", ("Iran",))
    junk = Actor("org:stark", "Stark", "ORG", None, ("Stark",))
    with Store(tmp_path / "s.db") as store:
        store.add_extractions([
            _doc_extraction("d1", "1987-05-01", [full, iran], [(full, iran)]),
            _doc_extraction("d2", "1987-05-02", [short, iran, junk],
                            [(short, iran), (junk, iran), (short, iran)]),
        ])  # fmt: skip
        d = ActorDictionary([Entry("Stark", "IGNORE")])
        first = resolve_store(store, d)
        assert first.dropped["ignored"] == 1
        ids = {a.id for a in store.actors()}
        assert ids == {"person:ronald reagan", "IRN"}
        ends = {(i.source_id, i.target_id) for i in store.iter_interactions()}
        assert ends == {("person:ronald reagan", "IRN")}
        assert store.mention_counts()["person:ronald reagan"] == 2
        reagan = next(a for a in store.actors() if a.id == "person:ronald reagan")
        assert reagan.country == "USA" and "Reagan" in reagan.aliases
        snapshot = (store.actors(), list(store.iter_interactions()), store.mention_counts())
        resolve_store(store, d)
        assert snapshot == (store.actors(), list(store.iter_interactions()),
                            store.mention_counts())  # fmt: skip
        # without the dictionary the ignored actor comes back: nothing was lost
        resolve_store(store)
        assert "org:stark" in {a.id for a in store.actors()}
        assert {(i.source_id, i.target_id) for i in store.iter_interactions()} == {
            ("person:ronald reagan", "IRN"), ("org:stark", "IRN")}  # fmt: skip
        assert store.counts()["interactions"] == 4  # d1: 1, d2: 3


def test_a_version_3_store_is_migrated_and_resolves(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "v3.db"
    full = Actor("person:ronald reagan", "Ronald Reagan", "PERSON", "USA", ("Ronald Reagan",))
    short = Actor("person:reagan", "Reagan", "PERSON", None, ("Reagan",))
    iran = Actor("IRN", "Iran", "COUNTRY", "IRN", ("Iran",))
    with Store(path) as store:
        store.add_extractions([_doc_extraction("d1", "1987-05-01", [full, short, iran],
                                               [(full, iran), (short, iran)])])  # fmt: skip
    conn = sqlite3.connect(path)  # back to what a version-3 store holds
    conn.execute("DROP INDEX ix_interactions_source_raw")
    conn.execute("DROP INDEX ix_interactions_target_raw")
    for table in ("raw_actors", "raw_aliases", "raw_mentions", "resolution", "set_aside"):
        conn.execute(f"DROP TABLE {table}")
    for column in ("source_raw", "target_raw", "source_sector", "target_sector"):
        conn.execute(f"ALTER TABLE interactions DROP COLUMN {column}")
    conn.execute("ALTER TABLE actors DROP COLUMN sector")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Store(path, create=False) as store:
        resolve_store(store)
        assert {a.id for a in store.actors()} == {"person:ronald reagan", "IRN"}
        assert {i.source_id for i in store.iter_interactions()} == {"person:ronald reagan"}


def test_interaction_ends_get_their_actors_sectors(tmp_path: Path) -> None:
    forces = Actor("org:russian forces", "Russian forces", "ORG", "RUS", ("Russian forces",),
                   "MIL")  # fmt: skip
    ukraine = Actor("UKR", "Ukraine", "COUNTRY", "UKR", ("Ukraine",))
    with Store(tmp_path / "s.db") as store:
        store.add_extractions([_doc_extraction("d1", "2022-03-01", [forces, ukraine],
                                               [(forces, ukraine)])])  # fmt: skip
        resolve_store(store)
        (it,) = list(store.iter_interactions())
        assert (it.source_sector, it.target_sector) == ("MIL", None)
        assert it.source_country == "RUS"
        row = store.conn.execute("SELECT source_sector FROM interactions").fetchone()
        assert row[0] == "MIL"


def test_levels_see_the_store_as_countries_and_sectors(tmp_path: Path) -> None:
    forces = Actor("org:russian forces", "Russian forces", "ORG", "RUS", ("Russian forces",),
                   "MIL")  # fmt: skip
    putin = Actor("person:vladimir putin", "Vladimir Putin", "PERSON", "RUS", (), "GOV")
    russia = Actor("RUS", "Russia", "COUNTRY", "RUS", ("Russia",))
    ukraine = Actor("UKR", "Ukraine", "COUNTRY", "UKR", ("Ukraine",))
    rebels = Actor("org:rebels", "rebels", "ORG", None, ("rebels",), "REB")
    with Store(tmp_path / "s.db") as store:
        pairs = [(forces, ukraine), (putin, ukraine), (russia, ukraine), (rebels, ukraine)]
        actors = [forces, putin, russia, ukraine, rebels]
        store.add_extractions([_doc_extraction("d1", "2022-03-01", actors, pairs)])
        resolve_store(store)
    with Store(tmp_path / "s.db", create=False, level="country") as store:
        ends = sorted({(i.source_id, i.target_id) for i in store.iter_interactions()})
        assert ends == [("RUS", "UKR"), ("org:rebels", "UKR")]
        rus = next(a for a in store.actors() if a.id == "RUS")
        assert (rus.name, rus.type) == ("Russia", "COUNTRY")
        assert {"Russian forces", "Vladimir Putin"} <= set(rus.aliases)
        summary = store.aggregate()
        assert {(d.source, d.target): d.mentions for d in summary.dyads}[("RUS", "UKR")] == 3
    with Store(tmp_path / "s.db", create=False, level="sector") as store:
        ids = {a.id for a in store.actors()}
        assert {"RUSMIL", "RUSGOV", "RUS", "UKR"} <= ids
    with Store(tmp_path / "s.db", create=False) as store:  # the store itself is unchanged
        assert "org:russian forces" in {a.id for a in store.actors()}


def test_an_unknown_level_is_refused(tmp_path: Path) -> None:
    import pytest

    from actorgraph.errors import FilterError

    with pytest.raises(FilterError, match="--level"):
        Store(tmp_path / "s.db", level="planet")


def test_a_hyphen_does_not_make_another_name() -> None:
    r = resolve_corpus([raw("person:robert kilroy-silk", "Robert Kilroy-Silk", mentions=5),
                        raw("person:robert kilroy silk", "Robert Kilroy Silk"),
                        raw("person:kilroy-silk", "Kilroy-Silk")])  # fmt: skip
    assert set(r.mapping.values()) == {"person:robert kilroy-silk"}
    assert r.ambiguous == []


def test_a_surname_fits_a_partial_name_joined_to_a_full_one() -> None:
    r = resolve_corpus([raw("person:ali akbar hashemi rafsanjani", "Ali Akbar Hashemi Rafsanjani"),
                        raw("person:hashemi rafsanjani", "Hashemi Rafsanjani"),
                        raw("person:rafsanjani", "Rafsanjani")])  # fmt: skip
    assert set(r.mapping.values()) == {"person:ali akbar hashemi rafsanjani"}
    assert r.ambiguous == []


def test_levels_go_with_the_provenance_and_confidence_filters(tmp_path: Path) -> None:
    import json
    from dataclasses import replace

    from typer.testing import CliRunner

    from actorgraph.cli import app

    putin = Actor("person:vladimir putin", "Vladimir Putin", "PERSON", "RUS", (), "GOV")
    forces = Actor("org:russian forces", "Russian forces", "ORG", "RUS", (), "MIL")
    ukraine = Actor("UKR", "Ukraine", "COUNTRY", "UKR", ("Ukraine",))
    news = _doc_extraction("d1", "2022-03-01", [putin, forces, ukraine],
                           [(putin, ukraine), (forces, ukraine)])  # fmt: skip
    news = replace(news, interactions=[replace(news.interactions[0], confidence=0.9),
                                       replace(news.interactions[1], confidence=0.2)])  # fmt: skip
    coded = _doc_extraction("g1", "2022-03-02", [forces, ukraine], [(forces, ukraine)])
    coded = replace(coded, document=replace(coded.document, provenance="gdelt"))
    out = tmp_path / "out"
    out.mkdir()
    with Store(out / "actorgraph.db") as store:
        store.add_extractions([news, coded])
        resolve_store(store)

    def stats(*args: str) -> dict:
        result = CliRunner().invoke(app, ["stats", str(out), "--json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    everything = stats("--level", "country")
    assert (everything["actors"], everything["interactions"]) == (2, 3)  # RUS, UKR
    assert stats("--level", "country", "--provenance", "gdelt")["interactions"] == 1
    assert stats("--level", "country", "--min-confidence", "0.8")["interactions"] == 1
    sectors = stats("--level", "sector", "--provenance", "extracted", "--min-confidence", "0.1")
    assert (sectors["actors"], sectors["interactions"]) == (3, 2)  # RUSGOV, RUSMIL, UKR
    page = tmp_path / "p.html"
    result = CliRunner().invoke(app, ["html", str(out), "--output", str(page), "--level",
                                      "country", "--provenance", "gdelt"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Russia" in page.read_text(encoding="utf-8")


def test_a_surname_of_two_full_names_of_one_country_takes_that_country() -> None:
    r = resolve_corpus(
        [raw("person:tony blair", "Tony Blair", country="GBR"),
         raw("person:cherie blair", "Cherie Blair", country="GBR"),
         raw("person:blair", "Blair"),
         raw("person:michael howard", "Michael Howard", country="GBR"),
         raw("person:john howard", "John Howard", country="AUS"),
         raw("person:howard", "Howard"),
         raw("person:gordon brown", "Gordon Brown", country="GBR"),
         raw("person:nick brown", "Nick Brown"),
         raw("person:brown", "Brown")]
    )  # fmt: skip
    country = {a.id: a.country for a in r.actors}
    # apart, but of the one country both full names share
    assert r.mapping["person:blair"] == "person:blair"
    assert country["person:blair"] == "GBR"
    # two countries, or a full name of no known country: no guess
    assert country["person:howard"] is None
    assert country["person:brown"] is None
