"""The trigger and cue lexicons read from the package's data files."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from actorgraph.extract import lexicon
from actorgraph.extract.lexicon import LexiconError, Trigger, cue, cues, triggers
from actorgraph.model import EVENT_TYPES, QUAD_CLASS

PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


def _raw_rows(name: str) -> list[list[str]]:
    """The data rows of a file, read independently of the module under test."""
    text = resources.files("actorgraph").joinpath("data", name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.reader(lines, delimiter="\t"))[1:]


@pytest.fixture
def fresh_cache():
    triggers.cache_clear()
    cues.cache_clear()
    yield
    triggers.cache_clear()
    cues.cache_clear()


def test_every_trigger_row_has_seven_columns() -> None:
    rows = _raw_rows("triggers.tsv")
    assert len(rows) > 100
    bad = [row for row in rows if len(row) != 7]
    assert bad == []


def test_every_trigger_row_becomes_an_entry(fresh_cache) -> None:
    table = triggers()
    entries = [e for es in table.values() for e in es]
    assert len(entries) == len(_raw_rows("triggers.tsv"))
    assert all(isinstance(e, Trigger) for e in entries)


def test_trigger_types_are_plover_or_statement() -> None:
    assert set(EVENT_TYPES) == PLOVER | {"STATEMENT"}
    for (lemma, pos), entries in triggers().items():
        assert pos in ("VERB", "NOUN", "ADJ"), lemma
        for e in entries:
            assert e.type in PLOVER | {"STATEMENT"}, (lemma, e.type)
            assert e.type in QUAD_CLASS
            assert e.lemma == lemma and e.pos == pos


def test_trigger_cells_are_parsed() -> None:
    meet = triggers()[("meet", "VERB")][0]
    assert meet.type == "CONSULT"
    assert meet.directed is False
    assert meet.target_preps == frozenset({"with"})
    assert meet.mode == "in_person"
    assert meet.prep is None
    accuse = triggers()[("accuse", "VERB")][0]
    assert accuse.directed is True
    assert accuse.target_preps == frozenset()
    assert accuse.mode is None
    receive_from = [e for e in triggers()[("receive", "VERB")] if e.prep == "from"]
    assert len(receive_from) == 1 and receive_from[0].inverse is True
    assert receive_from[0].type == "STATEMENT"


def test_call_on_request_comes_before_plain_call() -> None:
    entries = triggers()[("call", "VERB")]
    assert [(e.type, e.prep) for e in entries] == [
        ("REQUEST", "on"),
        ("REQUEST", "for"),
        ("CONSULT", None),
    ]
    assert entries[0].target_preps >= {"on"}


def test_prepositional_entries_always_come_first() -> None:
    for key, entries in triggers().items():
        preps = [e.prep is not None for e in entries]
        assert preps == sorted(preps, reverse=True), key


def test_cue_kinds() -> None:
    kinds = set(cues())
    assert {"light", "planning", "hypothetical", "report", "group", "via"} <= kinds
    modes = {k for k in kinds if k.startswith("mode_")}
    assert modes == {"mode_phone", "mode_virtual", "mode_in_person", "mode_written"}
    assert "hold" in cue("light")
    assert "will" in cue("planning")
    assert "leaders" in cue("group")
    assert "according" in cue("report")
    assert cue("no_such_kind") == frozenset()


def test_cue_words_are_lower_case() -> None:
    for kind, words in cues().items():
        for word in words:
            assert word == word.lower() and word.strip() == word, (kind, word)


@pytest.mark.parametrize(
    "row",
    [
        ["meet", "VERB", "CONSULT", "no", "with", "in_person"],  # six columns
        ["meet", "VERB", "CHAT", "no", "with", "in_person", "-"],  # unknown type
        ["meet", "ADV", "CONSULT", "no", "with", "in_person", "-"],  # bad pos
        ["meet", "VERB", "CONSULT", "maybe", "with", "in_person", "-"],  # bad directed
    ],
)
def test_malformed_row_raises(monkeypatch, fresh_cache, row: list[str]) -> None:
    good = ["accuse", "VERB", "ACCUSE", "yes", "-", "-", "-"]
    monkeypatch.setattr(lexicon, "_data_rows", lambda name: [good, row])
    with pytest.raises(LexiconError, match="row 3"):
        triggers()


def test_well_formed_replacement_rows_load(monkeypatch, fresh_cache) -> None:
    rows = [["call on", "VERB", "REQUEST", "yes", "on,upon", "-", "-"],
            ["call", "VERB", "CONSULT", "no", "-", "phone", "-"]]  # fmt: skip
    monkeypatch.setattr(lexicon, "_data_rows", lambda name: list(reversed(rows)))
    table = triggers()
    assert [e.prep for e in table[("call", "VERB")]] == ["on", None]
    assert table[("call", "VERB")][0].target_preps == frozenset({"on", "upon"})


def test_intransitive_flag_and_compound_nouns_are_read() -> None:
    riot = triggers()[("riot", "VERB")][0]
    assert riot.type == "PROTEST" and riot.intransitive
    assert not triggers()[("meet", "VERB")][0].intransitive
    hunger = triggers()[("hunger strike", "NOUN")][0]  # written hunger_strike in the file
    assert hunger.type == "PROTEST" and hunger.prep is None
