"""Dates, status and mode of an event, on small parsed sentences."""

from __future__ import annotations

import pytest

from actorgraph.extract.lexicon import triggers
from actorgraph.extract.modality import event_mode, event_status, resolve_date

DOC_DATE = "2022-02-01"  # a Tuesday


def anchor(nlp, text: str, word: str):
    hits = [t for t in nlp(text) if t.text == word]
    assert len(hits) == 1, (text, word)
    return hits[0]


@pytest.mark.parametrize(
    ("text", "word", "status", "expected"),
    [
        ("Iran met Iraq yesterday.", "met", "occurred", "2022-01-31"),
        ("Iran meets Iraq today.", "meets", "occurred", "2022-02-01"),
        ("Iran will meet Iraq tomorrow.", "meet", "planned", "2022-02-02"),
        ("Iran met Iraq on Monday.", "met", "occurred", "2022-01-31"),
        ("Iran met Iraq on Wednesday.", "met", "occurred", "2022-01-26"),
        ("Iran met Iraq on Tuesday.", "met", "occurred", "2022-02-01"),  # the very day
        ("Iran will meet Iraq on Monday.", "meet", "planned", "2022-02-07"),
        ("Iran will meet Iraq on Friday.", "meet", "planned", "2022-02-04"),
        ("Iran will meet Iraq next week.", "meet", "planned", "2022-02-07"),
        ("Iran will meet Iraq next Tuesday.", "meet", "planned", "2022-02-08"),
        ("Iran met Iraq last Friday.", "met", "occurred", "2022-01-28"),
        ("Iran met Iraq last week.", "met", "occurred", "2022-01-24"),
        ("Iran met Iraq in Baghdad.", "met", "occurred", DOC_DATE),  # no date words
    ],
)
def test_resolve_date(nlp, text: str, word: str, status: str, expected: str) -> None:
    assert resolve_date(anchor(nlp, text, word), DOC_DATE, status) == expected


def test_resolve_date_without_document_date_is_none(nlp) -> None:
    tok = anchor(nlp, "Iran met Iraq yesterday.", "met")
    assert resolve_date(tok, None, "occurred") is None
    assert resolve_date(tok, "", "occurred") is None


def test_resolve_date_with_bad_document_date_is_none(nlp) -> None:
    assert resolve_date(anchor(nlp, "Iran met Iraq.", "met"), "sometime", "occurred") is None


def test_resolve_date_accepts_a_timestamp(nlp) -> None:
    tok = anchor(nlp, "Iran met Iraq yesterday.", "met")
    assert resolve_date(tok, "2022-02-01T09:30:00Z", "occurred") == "2022-01-31"


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Iran met Iraq.", "met", "occurred"),
        ("Iran did not meet Iraq.", "meet", "negated"),
        ("Iran never met Iraq.", "met", "negated"),
        ("Iran will meet Iraq.", "meet", "planned"),
        ("Iran plans to meet Iraq.", "meet", "planned"),
        ("Iran is expected to visit Iraq.", "visit", "planned"),
        ("Iran continued to meet Iraq.", "meet", "occurred"),
    ],
)
def test_event_status(nlp, text: str, word: str, expected: str) -> None:
    assert event_status(anchor(nlp, text, word)) == expected


def test_event_mode_from_a_cue_and_from_the_entry(nlp) -> None:
    call = triggers()[("call", "NOUN")][0]
    meeting = triggers()[("meeting", "NOUN")][0]
    video = anchor(nlp, "Iran and Iraq held a video call.", "call")
    assert event_mode(video, call) == "virtual"
    plain = anchor(nlp, "Iran and Iraq held a meeting.", "meeting")
    assert event_mode(plain, meeting) == "in_person"
