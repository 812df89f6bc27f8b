"""Trigger words and cue words, read once from the package's data files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from actorgraph.errors import LexiconError
from actorgraph.knowledge import data_rows
from actorgraph.model import EVENT_TYPES


@dataclass(frozen=True)
class Trigger:
    """How one trigger lemma (optionally with a preposition) reads as an interaction."""

    lemma: str
    pos: str  # VERB, NOUN, or ADJ ("willing to", "ready to")
    type: str
    directed: bool
    target_preps: frozenset[str]
    mode: str | None = None
    prep: str | None = None  # set for "lemma prep" entries: only with this preposition
    inverse: bool = False  # the prepositional object is the source ("received a letter from")
    verbal: bool = False  # a person or party "attacking" does it with words: ACCUSE
    intransitive: bool = False  # only without a direct object ("rioted", not "rallied support")
    diplomat: bool = False  # only when the object is an envoy ("summoned the ambassador")


def _data_rows(name: str) -> list[list[str]]:
    return data_rows(name)[1:]  # the header


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    """Return the trigger lexicon keyed by (lemma, pos); prepositional entries first.

    Examples
    --------
    >>> [t.type for t in triggers()[("call", "VERB")]]
    ['REQUEST', 'CONSULT']
    """
    table: dict[tuple[str, str], list[Trigger]] = {}
    for lineno, row in enumerate(_data_rows("triggers.tsv"), start=2):
        if len(row) != 7:
            raise LexiconError(f"triggers.tsv row {lineno}: expected 7 columns, got {len(row)}")
        word, pos, etype, directed, preps, mode, flags = (c.strip() for c in row)
        if etype not in EVENT_TYPES:
            raise LexiconError(f"triggers.tsv row {lineno}: unknown type {etype}")
        if pos not in ("VERB", "NOUN", "ADJ") or directed not in ("yes", "no"):
            raise LexiconError(f"triggers.tsv row {lineno}: bad pos or directed")
        lemma, _, prep = word.partition(" ")
        lemma = lemma.replace("_", " ")  # "hunger_strike": a noun with its compound
        entry = Trigger(
            lemma=lemma,
            pos=pos,
            type=etype,
            directed=directed == "yes",
            target_preps=frozenset() if preps == "-" else frozenset(preps.split(",")),
            mode=None if mode == "-" else mode,
            prep=prep or None,
            inverse="inverse" in flags.split(","),
            verbal="verbal" in flags.split(","),
            intransitive="intransitive" in flags.split(","),
            diplomat="diplomat" in flags.split(","),
        )
        table.setdefault((lemma, pos), []).append(entry)
    for entries in table.values():
        entries.sort(key=lambda t: t.prep is None)
    return table


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Return cue words by kind (light, planning, hypothetical, report, mode_*, group, ...).

    Raises
    ------
    LexiconError
        For a row of cues.tsv without two columns, or with an empty kind or word.
    """
    kinds: dict[str, set[str]] = {}
    for lineno, row in enumerate(_data_rows("cues.tsv"), start=2):
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise LexiconError(f"cues.tsv row {lineno}: expected a kind and a word, got {row}")
        kind, word = row[0].strip(), row[1].strip()
        kinds.setdefault(kind, set()).add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


def cue(kind: str) -> frozenset[str]:
    """The cue words of one kind, as listed in cues.tsv.

    Raises
    ------
    LexiconError
        For a kind cues.tsv does not list (a typo would otherwise read as no words).

    Examples
    --------
    >>> "hold" in cue("light")
    True
    """
    try:
        return cues()[kind]
    except KeyError:
        raise LexiconError(f"unknown cue kind {kind!r}: cues.tsv has no such kind") from None


@lru_cache(maxsize=1)
def type_words() -> dict[str, frozenset[str]]:
    """The interaction types a word can name, by lemma (type_words.tsv): features for the
    learned decision, not triggers.

    Raises
    ------
    LexiconError
        For a row without a known type and a lower-case word.

    Examples
    --------
    >>> sorted(type_words()["withdrawal"])
    ['RETREAT']
    """
    table: dict[str, set[str]] = {}
    for lineno, row in enumerate(_data_rows("type_words.tsv"), start=2):
        if len(row) != 2 or row[0] not in EVENT_TYPES or not row[1] or row[1] != row[1].lower():
            raise LexiconError(
                f"type_words.tsv row {lineno}: expected a type and a lower-case word, got {row}"
            )
        table.setdefault(row[1], set()).add(row[0])
    return {w: frozenset(ts) for w, ts in table.items()}


@lru_cache(maxsize=1)
def evaluation() -> dict[str, str]:
    """Words that make a statement critical ("neg") or approving ("pos"), by word."""
    return {row[1].strip(): row[0].strip() for row in _data_rows("evaluation.tsv")}


@lru_cache(maxsize=1)
def valences() -> dict[str, float]:
    """How negative or positive English words are (-4 to 4), from VADER's lexicon
    (Hutto & Gilbert, 2014; the vaderSentiment package, MIT), read once; words only."""
    text = (
        resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    )
    table: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].replace("-", "").replace("'", "").isalpha():
            try:
                table[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return table
