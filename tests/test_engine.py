"""Selective parsing, the local process pool, streaming builds and incremental re-runs."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from actorgraph.engine import EngineError, ExtractionSettings, extract_stream
from actorgraph.extract import extract_documents
from actorgraph.extract.selection import interaction_sentences
from actorgraph.ingest import ReadReport, read_documents
from actorgraph.model import Document
from actorgraph.nlp import FIRST_PASS, _first_pass, _run, lemma, pipe_selectively
from actorgraph.pipeline import build
from actorgraph.store import Store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def _examples() -> list[Document]:
    return list(read_documents([EXAMPLES], report=ReadReport()))


def _records(extractions) -> list[dict]:
    return [it.to_record() for ex in extractions for it in ex.interactions]


def _first(nlp, text: str):
    return _run(_first_pass(nlp), [nlp.make_doc(text)], 8)[0]


def test_sentences_with_room_for_two_actors_are_chosen(nlp):
    doc = _first(
        nlp,
        "It rained all day in the north.\n\nPutin met Macron in Paris on Monday.\n\n"
        "Both leaders agreed to meet again.\n\nThe weather was fine.",
    )
    chosen = [s.text.strip() for s in interaction_sentences(doc)]
    assert chosen == ["Putin met Macron in Paris on Monday.", "Both leaders agreed to meet again."]


def test_a_quoted_sentence_with_one_actor_is_chosen(nlp):
    doc = _first(nlp, 'Putin said: "It is late." "Macron knows the answer."\n\nMacron knows it.')
    chosen = [s.text.strip() for s in interaction_sentences(doc)]
    assert '"Macron knows the answer."' in chosen
    assert "Macron knows it." not in chosen


def test_a_name_given_earlier_counts_as_an_actor_slot(nlp):
    doc = _first(nlp, "Thai Deputy Prime Minister Chaturon Chaisang spoke on Monday. "
                      "Chaturon thanked Vietnam on Friday.")  # fmt: skip
    chosen = [s.text.strip() for s in interaction_sentences(doc)]
    assert "Chaturon thanked Vietnam on Friday." in chosen


def test_a_sentence_without_a_trigger_word_is_not_parsed(nlp):
    doc = _first(nlp, "Putin and Macron were in Paris on Monday.")
    assert interaction_sentences(doc) == []


def test_selective_parse_annotates_chosen_sentences_only_and_keeps_offsets(nlp):
    text = "The weather was fine in the north.\n\nPutin met Macron in Paris on Monday."
    ((doc, context),) = pipe_selectively(
        nlp, [(text, "ctx")], lambda d: interaction_sentences(d), batch_size=4
    )
    assert context == "ctx"
    assert doc.text == text
    sents = list(doc.sents)
    assert [s.text.strip() for s in sents] == [
        "The weather was fine in the north.",
        "Putin met Macron in Paris on Monday.",
    ]
    unparsed, parsed = sents
    assert all(t.dep_ == "" and t.pos_ == "" for t in unparsed)
    met = next(t for t in parsed if t.text == "met")
    assert met.pos_ == "VERB" and met.dep_ == "ROOT"
    assert {c.text for c in met.children} >= {"Putin", "Macron"}
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Putin", "Macron"]
    assert parsed.start_char == text.index("Putin")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "lemmatizer found no POS" warning
        assert lemma(unparsed[1]) == "weather"


def test_selective_and_full_parse_find_the_same_interactions(nlp):
    docs = _examples()
    full = _records(extract_documents(docs, nlp, parse="full"))
    selective = _records(extract_documents(docs, nlp, parse="selective"))
    assert selective == full
    assert len(full) >= 10


def test_long_documents_are_parsed_in_pieces_with_offsets_kept(nlp):
    first, second = _examples()[:2]
    filler = "Lorem-ipsum-dolor-sit-amet-consectetur " * 3000  # 120,000 characters
    text = first.text + "\n\n" + filler + "\n\n" + second.text
    (ex,) = extract_documents([Document("long", text, first.date)], nlp, parse="selective")
    for it in ex.interactions:
        assert text[it.start : it.end].strip() == it.sentence
    assert max(it.start for it in ex.interactions) > 100_000


def test_a_wire_dateline_is_not_read_for_actors(nlp):
    text = (
        "AFP - Kidnapped Briton Margaret Hassan urged British troops to leave Iraq. "
        "Prime Minister Tony Blair rejected her appeal."
    )
    for parse in ("selective", "full"):
        (ex,) = extract_documents([Document("wire", text, "2004-10-22")], nlp, parse=parse)
        names = {a.name for a in ex.actors}
        assert any(n.endswith("Margaret Hassan") for n in names), names
        assert not any("AFP" in n for n in names), names
        assert ex.interactions
        for it in ex.interactions:  # offsets are the whole text's
            assert text[it.start : it.end].strip() == it.sentence
    (ex,) = extract_documents(
        [Document("dl", "SEOUL -- Colin Powell met Junichiro Koizumi on Friday.", None)], nlp
    )
    assert {a.name for a in ex.actors} == {"Colin Powell", "Junichiro Koizumi"}


def test_selective_is_refused_for_an_unknown_mode(nlp):
    with pytest.raises(ValueError):
        list(extract_documents(_examples(), nlp, parse="fast"))
    with pytest.raises(EngineError):
        ExtractionSettings(parse="fast")


def test_first_pass_runs_no_tagger_or_parser(nlp):
    assert "parser" not in FIRST_PASS and "tagger" not in FIRST_PASS
    doc = _first(nlp, "Putin met Macron.")
    assert not doc.has_annotation("DEP") and not doc.has_annotation("TAG")
    assert doc.ents


def test_a_pool_of_workers_gives_the_interactions_of_one_process(nlp):
    docs = _examples() * 1
    settings = ExtractionSettings(batch_size=1)
    one = _records(extract_stream(docs, settings, workers=1))
    two = _records(extract_stream(docs, settings, workers=2))
    assert two == one and one


def test_rebuild_skips_stored_documents_and_reextracts_changed_ones(tmp_path: Path):
    docs = _examples()
    corpus = tmp_path / "news.jsonl"

    def write(items):
        corpus.write_text(
            "".join(json.dumps({"id": d.id, "text": d.text, "date": d.date}) + "\n" for d in items)
        )

    write(docs[:2])
    first = build([corpus], tmp_path / "out", workers=1)
    assert first.new_documents == 2
    again = build([corpus], tmp_path / "out", workers=1)
    assert again.new_documents == 0
    changed = Document(docs[0].id, docs[0].text.replace("Warsaw", "Gdansk"), docs[0].date)
    write([changed, docs[1], docs[2]])
    third = build([corpus], tmp_path / "out", workers=1)
    assert third.new_documents == 2  # the changed one and the new one
    with Store(tmp_path / "out") as store:
        stored = list(store.iter_interactions())
    fresh = build([corpus], tmp_path / "fresh", workers=1)
    assert fresh.new_documents == 3
    with Store(tmp_path / "fresh") as store:
        assert list(store.iter_interactions()) == stored
    assert not any("Warsaw" in it.sentence for it in stored if it.doc_id == docs[0].id)


def test_a_text_with_no_sentence_to_parse_can_still_be_walked(nlp):
    # The tokenizer's special cases ("):") leave token edges stale until a parse sets
    # them; the extractor walks token.children on every doc.
    text = "\n\nScores on Friday (x marks a seed):\n\nFinal round\n\nAnna Lind (x2) 6-3, 7-5\n\n"
    ((doc, _),) = pipe_selectively(nlp, [(text, None)], lambda d: [], batch_size=4)
    assert doc.text == text
    for tok in doc:
        assert list(tok.children) == []
        assert tok.left_edge.i == tok.i == tok.right_edge.i
    (ex,) = extract_documents([Document("scores", text)], nlp, parse="selective")
    assert ex.interactions == []
