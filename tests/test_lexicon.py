"""The trigger and cue lexicons read from the package's data files."""

from __future__ import annotations

import ast
import csv
from importlib import resources
from pathlib import Path

import pytest

import actorgraph
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
    for table in (triggers, cues, lexicon.type_words):
        table.cache_clear()
    yield
    for table in (triggers, cues, lexicon.type_words):
        table.cache_clear()


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
    assert {"light", "planning", "hypothetical", "group", "via"} <= kinds
    modes = {k for k in kinds if k.startswith("mode_")}
    assert modes == {"mode_phone", "mode_virtual", "mode_in_person", "mode_written"}
    assert "hold" in cue("light")
    assert "will" in cue("planning")
    assert "leaders" in cue("group")


def test_unknown_cue_kind_raises() -> None:
    with pytest.raises(LexiconError, match="unknown cue kind 'no_such_kind'"):
        cue("no_such_kind")
    with pytest.raises(LexiconError, match="'Light'"):
        cue("Light")  # kinds are exact: a near miss is no kind


def _cue_calls() -> list[tuple[str, int, str | None]]:
    """(file, line, kind) of every call of ``lexicon.cue`` in the package's source, under
    whatever name a module imports it as; kind None for a call not given a string literal."""
    root = Path(actorgraph.__file__).parent
    calls = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "actorgraph.extract.lexicon"
            for alias in node.names
            if alias.name == "cue"
        }
        if path.name == "lexicon.py" and path.parent.name == "extract":
            names.add("cue")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = (isinstance(func, ast.Name) and func.id in names) or (
                isinstance(func, ast.Attribute) and func.attr == "cue"
                and isinstance(func.value, ast.Name) and func.value.id == "lexicon"
            )  # fmt: skip
            if not called:
                continue
            arg = node.args[0] if node.args else None
            kind = (
                arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            )
            calls.append((str(path.relative_to(root)), node.lineno, kind))
    return calls


def test_every_cue_kind_used_is_shipped_and_every_kind_shipped_is_used() -> None:
    calls = _cue_calls()
    assert len(calls) > 50  # the scan finds the calls (under "cue" and "cue_words")
    dynamic = [(f, n) for f, n, kind in calls if kind is None]
    assert dynamic == [], "cue() must be called with a literal kind, so that it can be checked"
    used = {kind for _f, _n, kind in calls}
    shipped = {row[0].strip() for row in _raw_rows("cues.tsv")}
    assert sorted(used - shipped) == []  # a kind the code asks for that the data lacks
    assert sorted(shipped - used) == []  # a kind the data lists that no code reads


def test_malformed_cue_row_raises(monkeypatch, fresh_cache) -> None:
    monkeypatch.setattr(lexicon, "_data_rows", lambda name: [["light", "hold"], ["light"]])
    with pytest.raises(LexiconError, match="cues.tsv row 3"):
        cues()


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


def test_valences_read_vader_lexicon_of_words() -> None:
    from actorgraph.extract.lexicon import valences

    table = valences()
    assert len(table) > 5000
    assert table["condemn"] < 0 < table["praise"]
    assert table["kill"] < table["criticize"] < 0
    assert not any(c in w for w in table for c in ":()")  # emoticons left out


def test_type_words_are_lower_case_words_of_known_types() -> None:
    from actorgraph.extract.lexicon import type_words

    rows = _raw_rows("type_words.tsv")
    assert len(rows) > 300
    assert all(len(row) == 2 and row[0] in PLOVER | {"STATEMENT"} for row in rows)
    assert all(row[1] == row[1].lower() and row[1].isalpha() for row in rows)
    assert len({tuple(row) for row in rows}) == len(rows)  # no row twice
    table = type_words()
    assert sum(len(types) for types in table.values()) == len(rows)
    # every type is named by some word
    assert {t for types in table.values() for t in types} == PLOVER | {"STATEMENT"}
    assert table["invasion"] == {"ASSAULT"} and "ACCUSE" in table["attack"]


def test_malformed_type_word_row_raises(monkeypatch, fresh_cache) -> None:
    monkeypatch.setattr(lexicon, "_data_rows", lambda name: [["ATTACK", "invade"]])
    with pytest.raises(LexiconError, match="type_words.tsv row 2"):
        lexicon.type_words()
