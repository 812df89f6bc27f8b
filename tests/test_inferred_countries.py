"""Countries inferred from what a person's documents are about, kept apart from the
countries the text states (issue 13): guessed per document, agreed across the corpus,
marked "inferred" in the store, the exports and ``actorgraph actors``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from spacy.language import Language

from actorgraph.export import actor_rows
from actorgraph.extract.actors import find_mentions
from actorgraph.graph import load_graph
from actorgraph.model import Actor, Document, Extraction, RawActor
from actorgraph.resolve import plausible_full_name, resolve_corpus, resolve_store
from actorgraph.store import Store


def raw(aid: str, name: str, country: str | None = None, guess: str | None = None,
        kind: str = "PERSON") -> RawActor:  # fmt: skip
    return RawActor(aid, name, kind, country, (name,), 1, inferred_country=guess)


def _country(resolution, aid: str) -> tuple[str | None, str | None]:
    actor = next(a for a in resolution.actors if a.id == aid)
    return actor.country, actor.country_source


def test_an_agreed_guess_is_an_inferred_country() -> None:
    r = resolve_corpus([raw("person:alun michael", "Alun Michael", guess="GBR")])
    assert _country(r, "person:alun michael") == ("GBR", "inferred")


def test_a_stated_country_wins_over_a_guess() -> None:
    r = resolve_corpus([raw("person:john kerry", "John Kerry", country="USA", guess="GBR")])
    assert _country(r, "person:john kerry") == ("USA", "text")


def test_guesses_that_disagree_or_doubt_place_nobody() -> None:
    r = resolve_corpus([raw("person:jane roe", "Jane Roe", guess="-")])
    assert _country(r, "person:jane roe") == (None, None)
    # a surname's guess and its full name's guess must agree too
    r = resolve_corpus([raw("person:jane roe", "Jane Roe", guess="GBR"),
                        raw("person:roe", "Roe", guess="USA")])  # fmt: skip
    assert r.mapping["person:roe"] == "person:jane roe"
    assert _country(r, "person:jane roe") == (None, None)


def test_inference_can_be_turned_off() -> None:
    r = resolve_corpus([raw("person:alun michael", "Alun Michael", guess="GBR")],
                       infer_countries=False)  # fmt: skip
    assert _country(r, "person:alun michael") == (None, None)


def test_only_a_plausible_full_name_is_placed_by_context() -> None:
    r = resolve_corpus([raw("person:gatwick", "Gatwick", guess="GBR"),
                        raw("person:lib dem treasury", "Lib Dem Treasury", guess="GBR"),
                        raw("org:defra", "Defra", kind="ORG", guess="GBR")])  # fmt: skip
    assert all(a.country is None for a in r.actors)
    assert plausible_full_name("Iain Duncan Smith")
    assert not plausible_full_name("Gloucestershire")
    assert not plausible_full_name("Welshman Ray Reardon")  # the demonym states it
    assert not plausible_full_name("Shadow Minister")


def _extraction(doc_id: str, actor: Actor) -> Extraction:
    return Extraction(Document(doc_id, f"text {doc_id}"), [actor], [], {actor.id: 1})


def test_the_store_keeps_guesses_agreed_or_doubted_whatever_their_order(tmp_path: Path) -> None:
    def person(guess: str | None) -> Actor:
        return Actor("person:jo bloggs", "Jo Bloggs", "PERSON", inferred_country=guess)

    for order in (["GBR", None, "GBR"], ["GBR", "USA", "GBR"], ["-", "GBR"], ["GBR", "-"]):
        path = tmp_path / f"{'_'.join(str(g) for g in order)}.db"
        with Store(path) as store:
            store.add_extractions([_extraction(f"d{i}", person(g)) for i, g in enumerate(order)])
            (found,) = [r for r in store.raw_actors() if r.id == "person:jo bloggs"]
            assert found.inferred_country == ("GBR" if order == ["GBR", None, "GBR"] else "-")


def test_the_store_and_its_exports_say_where_a_country_comes_from(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    guessed = Actor("person:alun michael", "Alun Michael", "PERSON", inferred_country="GBR")
    stated = Actor("person:john kerry", "John Kerry", "PERSON", "USA")
    with Store(path) as store:
        store.add_extractions([Extraction(Document("d1", "text"), [guessed, stated], [],
                                          {guessed.id: 1, stated.id: 1})])  # fmt: skip
        resolve_store(store)
        by_id = {a.id: a for a in store.actors()}
        assert (by_id[guessed.id].country, by_id[guessed.id].country_source) == ("GBR", "inferred")
        assert (by_id[stated.id].country, by_id[stated.id].country_source) == ("USA", "text")
        rows = {r["id"]: r for r in actor_rows(load_graph(store))}
        assert rows[guessed.id]["country_source"] == "inferred"
        assert rows[stated.id]["country_source"] == "text"
        # the choice is kept: a later resolution (a correction) does as the build said
        resolve_store(store, infer_countries=False)
        assert {a.id: a.country for a in store.actors()}[guessed.id] is None
        resolve_store(store)
        assert {a.id: a.country for a in store.actors()}[guessed.id] is None


def test_a_version_4_store_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    with Store(path) as store:
        store.add_extractions([_extraction("d1", Actor("IRN", "Iran", "COUNTRY", "IRN"))])
    conn = sqlite3.connect(path)  # back to what a version-4 store holds
    conn.execute("ALTER TABLE actors DROP COLUMN country_source")
    conn.execute("ALTER TABLE raw_actors DROP COLUMN inferred_country")
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with Store(path, create=False) as store:
        assert [(a.country, a.country_source) for a in store.actors()] == [("IRN", "text")]
        resolve_store(store)
        assert [(a.country, a.country_source) for a in store.actors()] == [("IRN", "text")]


@pytest.mark.slow
def test_a_document_guesses_the_country_of_its_government(nlp: Language) -> None:
    doc = nlp(
        "The Labour Party and the Conservative Party clashed over schools on Monday. "
        "Jane Roe, who runs a school in Leeds, said the plans were bad. "
        "Pierre Dubois said that France would never agree."
    )
    found = {m.name: (m.country, m.inferred_country) for m in find_mentions(doc)
             if m.type == "PERSON"}  # fmt: skip
    assert found["Jane Roe"] == (None, "GBR")
    assert found["Pierre Dubois"] == (None, "-")  # his sentence names another country


@pytest.mark.slow
def test_a_document_about_no_one_government_guesses_nothing(nlp: Language) -> None:
    doc = nlp("Jane Roe met Pierre Dubois in Geneva on Monday.")
    assert all(m.inferred_country is None for m in find_mentions(doc))


@pytest.mark.slow
def test_a_document_about_many_countries_guesses_nothing(nlp: Language) -> None:
    doc = nlp(
        "Nigerian oil minister Rilwanu Lukman said OPEC would hold output. Saudi Arabia, "
        "Iran, Kuwait and Iraq disagreed, and Venezuela and Qatar said Saudi Arabia was "
        "wrong. John Hill, an analyst with Merrill Lynch, said prices would fall."
    )
    assert all(m.inferred_country is None for m in find_mentions(doc))


def test_a_correction_keeps_an_inferred_country_an_inference(tmp_path: Path) -> None:
    from actorgraph.corrections import dictionary_entries, rename_actor

    path = tmp_path / "s.db"
    guessed = Actor("person:alun michael", "Alun Michael", "PERSON", inferred_country="GBR")
    with Store(path) as store:
        store.add_extractions([_extraction("d1", guessed)])
        resolve_store(store)
        # a dictionary started from the store does not state what was only inferred
        (entry,) = dictionary_entries(store)
        assert entry.country is None
    rename_actor(path, "Alun Michael", "Alun Edward Michael", tmp_path / "corrections.toml")
    assert "country" not in (tmp_path / "corrections.toml").read_text()
    with Store(path, create=False) as store:
        (actor,) = store.actors()
        assert (actor.name, actor.country, actor.country_source) == (
            "Alun Edward Michael", "GBR", "inferred")  # fmt: skip
