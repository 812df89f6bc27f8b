"""Joining hard-wrapped lines and dropping export boilerplate (actorgraph.textform)."""

from __future__ import annotations

import doctest
from importlib import resources

import pytest

import actorgraph.textform
from actorgraph.textform import boilerplate_patterns, form_text, is_boilerplate

WIRE = (
    "Iraq has rejected its new OPEC production\n"
    "quota and will produce more oil than agreed,\n"
    "the Iraqi oil minister said on Tuesday in a\n"
    "statement carried by the official news agency.\n"
    "    The minister said Baghdad would not accept\n"
    "any long-\n"
    "term limit while the war with Iran goes on,\n"
    "and he called on Saudi Arabia to cut its output.\n"
    "    Reuter\n"
)


def test_wrapped_paragraphs_are_joined_and_paragraphs_kept() -> None:
    formed = form_text(WIRE)
    assert formed.text.split("\n") == [
        "Iraq has rejected its new OPEC production quota and will produce more oil than "
        "agreed, the Iraqi oil minister said on Tuesday in a statement carried by the "
        "official news agency.",
        "The minister said Baghdad would not accept any long-term limit while the war "
        "with Iran goes on, and he called on Saudi Arabia to cut its output.",
    ]
    assert formed.joined == 6
    assert formed.dropped == ("Reuter",)


def test_blank_lines_and_list_items_stay_breaks() -> None:
    text = (
        "The ministers agreed on three points at the end of\n"
        "their meeting in Vienna on Saturday, the statement\n"
        "said, and they will meet again in June:\n"
        "- a ceiling of 15.8 million barrels a day for the\n"
        "group as a whole\n"
        "- a price of 18 dollars a barrel\n"
        "\n"
        "Ecuador asked for a larger share of the output of\n"
        "the group after the earthquake damaged its pipeline.\n"
    )
    lines = form_text(text).text.split("\n")
    assert lines[1] == "- a ceiling of 15.8 million barrels a day for the group as a whole"
    assert lines[2] == "- a price of 18 dollars a barrel"
    assert lines[3] == ""
    assert lines[4].startswith("Ecuador asked for a larger share of the output of the group")


def test_a_line_the_next_word_would_have_fitted_on_ends_a_paragraph() -> None:
    text = (
        "Oil prices rose sharply on Monday after Iran said\n"
        "it would close the strait to foreign tankers.\n"
        "Traders were nervous.\n"
        "Saudi Arabia said it would raise its output if the\n"
        "strait were closed for more than a few days.\n"
    )
    lines = form_text(text).text.split("\n")
    assert len(lines) == 2
    assert lines[0].endswith("to foreign tankers. Traders were nervous.")
    assert lines[1].startswith("Saudi Arabia said it would raise its output if the strait")


@pytest.mark.parametrize(
    "text",
    [
        # one paragraph per line, as most exports and JSONL corpora have it
        "The president met the prime minister in Paris on Tuesday to discuss the war.\n"
        "They agreed to meet again next month, a spokesman said after the talks ended.\n"
        "The opposition criticised the meeting.",
        # one sentence per line
        "Iran rejected the plan.\nIraq accepted it.\nOPEC will meet in June.\n",
        # a table of figures
        "SAUDI ARABIA    4.9      3.7     3.8\nKUWAIT          1.2      1.1     1.0\n"
        "IRAN            2.3      2.1     2.2\nIRAQ            1.8      1.9     2.0\n",
    ],
)
def test_text_that_is_not_wrapped_keeps_its_lines(text: str) -> None:
    formed = form_text(text)
    assert formed.joined == 0
    assert formed.text == text


def test_keep_lines_still_drops_boilerplate() -> None:
    formed = form_text(WIRE, join_lines=False)
    assert formed.joined == 0
    assert "quota and will produce more oil than agreed,\nthe Iraqi" in formed.text
    assert not formed.text.rstrip().endswith("Reuter")


def test_boilerplate_lines_of_exports_are_dropped() -> None:
    text = (
        "By John Smith, Reuters\n"
        "The foreign ministers of France and Germany met in Berlin on Friday.\n"
        "(c) 2004 Reuters Limited\n"
        "All rights reserved.\n"
        "Page 3 of 12\n"
    )
    formed = form_text(text)
    assert formed.text == "The foreign ministers of France and Germany met in Berlin on Friday."
    assert len(formed.dropped) == 4


def _examples() -> list[tuple[str, str]]:
    data = resources.files("actorgraph").joinpath("data/boilerplate.tsv").read_text("utf-8")
    rows = [
        line.split("\t")
        for line in data.splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("pattern\t")
    ]
    return [(row[0], row[1]) for row in rows]


@pytest.mark.parametrize(("pattern", "example"), _examples())
def test_every_boilerplate_pattern_drops_its_example(pattern: str, example: str) -> None:
    assert len(boilerplate_patterns()) == len(_examples())
    assert is_boilerplate(example), pattern


@pytest.mark.parametrize(
    "line",
    [
        "By Friday the talks had collapsed and both delegations had left Geneva.",
        "Copyright laws were changed last year, the minister said.",
        "The agency said the reserves amount to 1,234 barrels.",
        "Iran said it had reserved the right to respond.",
        "Reuters could not confirm the report.",
        "Page, the party's leader, met the president.",
        "Sources: the ministry said Iraq had agreed.",
    ],
)
def test_story_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_long_lines_are_never_boilerplate() -> None:
    assert not is_boilerplate("Copyright " + "the ministers met in Vienna and agreed. " * 6)


def test_a_headline_line_is_not_joined_but_a_cut_first_line_is() -> None:
    body = (
        "Iraq has rejected its new OPEC production\n"
        "quota and will produce more oil than agreed,\n"
        "the Iraqi oil minister said on Tuesday in a\n"
        "statement carried by the official news agency.\n"
    )
    headed = form_text("Iraq rejects OPEC quota\n" + body).text.split("\n")
    assert headed[0] == "Iraq rejects OPEC quota"
    cut = form_text("Congressional investigators of the\nIran arms affair said\n" + body)
    assert cut.text.startswith("Congressional investigators of the Iran arms affair said")


def test_the_docstring_examples_hold() -> None:
    result = doctest.testmod(actorgraph.textform)
    assert result.attempted >= 1
    assert result.failed == 0
