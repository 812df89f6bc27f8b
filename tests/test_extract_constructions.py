"""The readings of the verbal and nominal constructions, each called directly on a parse.

These tests call one construction on one parsed sentence, without the document
orchestration of :func:`actorgraph.extract.extract_doc`, so that a reading (passive,
symmetric, inverse, light verb) is pinned where it is made.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from actorgraph.extract import read_document
from actorgraph.extract.actors import find_mentions, mention_index
from actorgraph.extract.arguments import Arguments
from actorgraph.extract.candidate import Candidate
from actorgraph.extract.coref import Referents
from actorgraph.extract.nominal import light_verb, noun_interactions, requested_by
from actorgraph.extract.quote import quote_speakers, speakers_after
from actorgraph.extract.verbal import hyphened_agents, is_passive, verb_interactions
from actorgraph.model import Document


@pytest.fixture(scope="module")
def parsed(nlp: Language) -> Callable[[str], tuple[Span, Arguments]]:
    """``parsed(text)``: the first sentence of the text and its argument resolver."""

    def run(text: str) -> tuple[Span, Arguments]:
        doc = nlp(text)
        mentions = find_mentions(doc, None, None)
        args = Arguments(doc, mention_index(mentions), Referents(doc, mentions))
        return next(iter(doc.sents)), args

    return run


def _read(cand: Candidate) -> tuple[str, list[str], list[str], bool]:
    return (
        cand.entry.type,
        [m.name for m in cand.sources],
        [m.name for m in cand.targets],
        cand.symmetric,
    )


def test_passive_reading_takes_the_agent_phrase_as_source(parsed) -> None:
    sent, args = parsed("Iran was criticised by France.")
    assert is_passive(sent.root)
    found = list(verb_interactions(sent, args))
    assert [_read(c) for c in found] == [("ACCUSE", ["France"], ["Iran"], False)]
    assert [(a.name, b.name) for a, b in found[0].pairs] == [("France", "Iran")]


def test_passive_arrest_without_agent_is_made_by_the_country_it_happened_in(parsed) -> None:
    sent, args = parsed("Two French journalists were arrested in Mali.")
    found = list(verb_interactions(sent, args))
    assert len(found) == 1
    assert found[0].entry.type == "COERCE"
    assert [m.name for m in found[0].sources] == ["Mali"]


def test_active_reading_is_not_passive(parsed) -> None:
    sent, args = parsed("France criticised Iran.")
    assert not is_passive(sent.root)
    found = list(verb_interactions(sent, args))
    assert [_read(c) for c in found] == [("ACCUSE", ["France"], ["Iran"], False)]


def test_symmetric_reading_pairs_the_agents(parsed) -> None:
    sent, args = parsed("Chile and Peru met in Lima.")
    found = list(verb_interactions(sent, args))
    assert [_read(c) for c in found] == [("CONSULT", ["Chile", "Peru"], [], True)]
    assert [(a.name, b.name) for a, b in found[0].pairs] == [("Chile", "Peru")]


def test_symmetric_verb_with_a_thing_as_object_pairs_nobody(parsed) -> None:
    sent, args = parsed("Chile and Peru will join the bloc.")
    assert list(verb_interactions(sent, args)) == []


def test_inverse_reading_takes_the_prepositional_object_as_source(parsed) -> None:
    sent, args = parsed("Iran received a letter from Russia.")
    found = list(verb_interactions(sent, args))
    assert [_read(c) for c in found] == [("STATEMENT", ["Russia"], ["Iran"], False)]


def test_light_verb_reading_gives_the_noun_its_subject_and_phrases(parsed) -> None:
    sent, args = parsed("Germany held talks with France.")
    talks = next(t for t in sent if t.lower_ == "talks")
    governor, light = light_verb(talks)
    assert (governor.text, light.text if light is not None else None) == ("talks", "held")
    found = list(noun_interactions(sent, args))
    assert [_read(c) for c in found] == [("CONSULT", ["Germany"], ["France"], True)]
    assert [t.text for t in found[0].trigger] == ["held", "talks"]


def test_light_verb_reading_takes_the_indirect_object_as_target(parsed) -> None:
    sent, args = parsed("Japan gave Ghana aid.")
    found = list(noun_interactions(sent, args))
    assert [_read(c) for c in found] == [("AID", ["Japan"], ["Ghana"], False)]


def test_passive_light_verb_leaves_the_participants_between(parsed) -> None:
    sent, args = parsed("Talks were held between Chile and Peru.")
    talks = sent[0]
    assert light_verb(talks)[1] is not None  # "held" governs "Talks" as its passive subject
    found = list(noun_interactions(sent, args))
    assert [_read(c) for c in found] == [("CONSULT", ["Chile", "Peru"], [], True)]
    assert found[0].construction == "between"


def test_a_quotation_opened_here_is_spoken_by_the_speaker_named_after_it(parsed) -> None:
    sent, args = parsed(
        '"Tamils cannot trust Mahinda Rajapakse. We will not vote for him," '
        "S. Pulidevan told reporters."
    )
    assert [m.name for m in speakers_after(sent, args)] == ["S. Pulidevan"]
    assert [m.name for m in quote_speakers(sent, args)] == ["S. Pulidevan"]


def test_the_speaker_named_after_a_quotation_is_read_as_a_speech_verb_reads_it(parsed) -> None:
    # conjoined subjects both speak; a denial speaks for no one
    sent, args = parsed(
        '"Tamils cannot trust Mahinda Rajapakse. We will not vote for him," '
        "S. Pulidevan and Tom Lee told reporters."
    )
    assert [m.name for m in speakers_after(sent, args)] == ["S. Pulidevan", "Tom Lee"]
    sent, args = parsed(
        '"Tamils cannot trust Mahinda Rajapakse. We will not vote for him," '
        "S. Pulidevan did not say."
    )
    assert speakers_after(sent, args) == []


def test_a_quotation_closed_in_its_own_sentence_names_no_later_speaker(parsed) -> None:
    sent, args = parsed('"We will not vote." Rajapakse said he regretted it.')
    assert speakers_after(sent, args) == []
    # nor a sentence that names its own speaker
    sent, args = parsed('"We will not vote," S. Pulidevan said. "Nobody will," he added.')
    assert quote_speakers(sent, args) == []


def test_the_speaker_of_a_quoted_sentence_is_paired_with_its_actors(nlp) -> None:
    text = (
        '"Tamils cannot trust Mahinda Rajapakse. We will not vote for him," '
        "S. Pulidevan told reporters."
    )
    reading = read_document(Document("q", text, None), nlp(text))
    quoted = [p for p in reading.pairs if p.sentence.text.startswith('"Tamils')]
    assert [(p.first.name, p.second.name) for p in quoted] == [
        ("S. Pulidevan", "Mahinda Rajapakse")
    ]
    assert "kinds=speaker|name" in quoted[0].features
    assert quoted[0].first_token.i == quoted[0].sentence.root.i


def test_an_event_asked_for_is_no_event_the_asking_is(parsed) -> None:
    # GUIDELINES.md: a requested action is no interaction of its own; the call is
    sent, args = parsed("The United Nations called for a ceasefire between Iran and Iraq.")
    assert [_read(c) for c in noun_interactions(sent, args)] == [
        ("REQUEST", ["United Nations"], ["Iran", "Iraq"], False)
    ]
    sent, args = parsed("France urged talks between Russia and Ukraine.")
    talks = next(t for t in sent if t.lower_ == "talks")
    assert requested_by(talks) is not None
    assert {c.entry.type for c in noun_interactions(sent, args)} == {"REQUEST"}
    # a verb that asks by itself, asking for something
    sent, args = parsed("Iran asked for talks with Iraq.")
    assert [_read(c) for c in noun_interactions(sent, args)] == [
        ("REQUEST", ["Iran"], ["Iraq"], False)
    ]
    # held, not asked for: the talks took place, and Russia took part
    sent, args = parsed("Russia held talks with China.")
    talks = next(t for t in sent if t.lower_ == "talks")
    assert requested_by(talks) is None
    assert {c.entry.type for c in noun_interactions(sent, args)} == {"CONSULT"}


def _doc_args(nlp: Language, text: str) -> tuple[Doc, Arguments]:
    doc = nlp(text)
    mentions = find_mentions(doc, None, None)
    return doc, Arguments(doc, mention_index(mentions), Referents(doc, mentions))


def test_the_one_organisation_named_lately_is_the_group(nlp) -> None:
    doc, args = _doc_args(
        nlp,
        "Thailand has rejected criticism from Amnesty International. "
        "The nation said the group was biased.",
    )
    group = next(t for t in doc if t.lower_ == "group")
    assert [m.name for m in args.actors(group)] == ["Amnesty International"]
    # two organisations, neither a subject: no telling which
    doc, args = _doc_args(
        nlp,
        "Thailand has rejected criticism from Amnesty International and the Red Cross. "
        "The nation said the group was biased.",
    )
    group = next(t for t in doc if t.lower_ == "group")
    assert args.actors(group) == []



def test_a_name_hyphened_to_a_participle_is_its_agent(parsed) -> None:
    # "Iran-backed rebels" are rebels Iran backs: the name is the agent, the noun the
    # participle modifies (or the name it is a compound of) the patient
    sent, args = parsed("Iran-backed Houthi rebels attacked ships in the Red Sea.")
    backed = next(t for t in sent if t.lower_ == "backed")
    assert [m.name for m in hyphened_agents(backed, args)] == ["Iran"]
    assert ("SUPPORT", ["Iran"], ["Houthis"], False) in [
        _read(c) for c in verb_interactions(sent, args)
    ]
    sent, args = parsed("Fatah-backed Palestinian president Mahmud Abbas called for elections.")
    assert ("SUPPORT", ["Fatah"], ["Mahmud Abbas"], False) in [
        _read(c) for c in verb_interactions(sent, args)
    ]
    # the agent's own country is not what it backs ("Ethiopian-backed government troops")
    sent, args = parsed("Ethiopian-backed government troops entered northern Mogadishu.")
    assert [c for c in verb_interactions(sent, args) if c.entry.type == "SUPPORT"] == []
    # no hyphen, no agent: "backed rebels" are backed by someone unnamed
    sent, args = parsed("Iran backed rebels attacked ships.")
    backed = next(t for t in sent if t.lower_ == "backed")
    assert hyphened_agents(backed, args) == []


def test_an_abbreviation_hyphened_to_a_word_is_split_like_a_name(nlp: Language) -> None:
    doc = nlp("The U.S.-backed coalition and the US-backed army met.")
    assert [t.text for t in doc][:4] == ["The", "U.S.", "-", "backed"]
    # an abbreviation in lower case, or a capital in a word, stays whole
    assert "e.g.-like" in [t.text for t in nlp("It is e.g.-like.")]


def test_an_actor_modifying_a_topic_is_no_party(parsed) -> None:
    # "the Iran arms scandal" is about Iran; Kennedy criticised Reagan, not Iran
    sent, args = parsed("Kennedy criticised President Reagan's handling of the Iran arms scandal.")
    read = read_document(Document(id="x", text=sent.text), sent.doc)
    assert {(it.source, it.target) for it in read.readings} == {("Kennedy", "Reagan")}
    scandal = next(t for t in sent if t.lower_ == "scandal")
    assert args.actors(scandal) == []
    # a thing that is an act stands for its owner still
    sent, args = parsed("France rejected the Russian proposal.")
    proposal = next(t for t in sent if t.lower_ == "proposal")
    assert [m.name for m in args.actors(proposal)] == ["Russia"]


def test_killings_sentences_and_occupations_are_read(parsed) -> None:
    # force and the law's coercion, named by words that say nothing else in news
    sent, args = parsed("Musharraf praised the killing of Amjad Farooqi by Pakistani forces.")
    assert ("ASSAULT", ["Pakistani forces"], ["Amjad Farooqi"], False) in [
        _read(c) for c in noun_interactions(sent, args)
    ]
    sent, args = parsed("Iran sentenced Nazanin Zaghari-Ratcliffe to five years in prison.")
    assert [_read(c) for c in verb_interactions(sent, args)] == [
        ("COERCE", ["Iran"], ["Nazanin Zaghari-Ratcliffe"], False)
    ]
    sent, args = parsed("Israel occupied Lebanon in 1982.")
    assert [_read(c) for c in verb_interactions(sent, args)] == [
        ("ASSAULT", ["Israel"], ["Lebanon"], False)
    ]
    sent, args = parsed("Syrian troops besieged the Lebanese army.")
    assert [_read(c) for c in verb_interactions(sent, args)] == [
        ("ASSAULT", ["Syrian troops"], ["Lebanese army"], False)
    ]
