"""Events named by nouns: "a call between A and B", "A's visit to B", "held talks with C"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from actorgraph.extract.actors import Mention
from actorgraph.extract.arguments import (
    NOUN_POS,
    OBJECT_DEPS,
    Arguments,
    prep_objects,
    subject_tokens,
)
from actorgraph.extract.candidate import FORCE_TYPES, Candidate, candidates
from actorgraph.extract.clauses import PURPOSE_TYPES, aimed_targets, blocked_by_head
from actorgraph.extract.lexicon import Trigger, cue, triggers
from actorgraph.nlp import lemma


def noun_interactions(sent: Span, args: Arguments) -> Iterator[Candidate]:
    """Events named by nouns: "a call between A and B", "A's visit to B", "held talks with C",
    "Russian demands", "sanctions on Iran"."""
    for noun in sent:
        entry = noun_entry(noun, args)
        if entry is None:
            continue
        asked = requested_by(noun) if entry.type != "REQUEST" else None
        if asked is not None:
            yield from _requested_event(noun, entry, *asked, args)
            continue
        governor, light = light_verb(noun)
        noun_preps = prep_objects(noun)
        if governor.i != noun.i:
            noun_preps += prep_objects(governor)
        agents, patients, between = _noun_roles(noun, entry, noun_preps, args)
        if light is None:
            agents += _context_agents(noun, entry, agents, between, args)
        if entry.type == "REQUEST" and not patients:
            patients += _demanded_targets(noun, args)
        if light is not None:
            more_agents, more_patients, more_between = light_verb_reading(
                light, governor, entry, args
            )
            agents += more_agents
            patients += more_patients
            between += more_between
        if entry.directed and not patients and not between:
            patients += _deeper_targets(noun_preps, entry, args)
        if entry.type in PURPOSE_TYPES and not patients and not between:
            patients += aimed_targets([noun] + ([light] if light is not None else []),
                                      agents, args, places=entry.type == "PROTEST")  # fmt: skip
        yield from _noun_candidates(noun, light, entry, agents, patients, between)


def noun_entry(noun: Token, args: Arguments) -> Trigger | None:
    """The entry a noun reads as here ("hunger strike", "call for"), or None.

    None also when the noun is an actor's name, or the object of a verb whose event is
    only asked for or imagined (:func:`blocked_by_head`).
    """
    if noun.pos_ not in NOUN_POS or noun.i in args.index:
        return None
    table = triggers()
    compound = " ".join(c.lower_ for c in noun.lefts if c.dep_ == "compound")
    entries = (
        (compound and table.get((f"{compound} {lemma(noun)}", "NOUN")))
        or table.get((lemma(noun), "NOUN"))
        or table.get((noun.lower_, "NOUN"))
    )
    if not entries:
        return None
    noun_preps = {prep for prep, _ in prep_objects(noun)}
    entry = next((e for e in entries if e.prep is None or e.prep in noun_preps), None)
    if entry is None:
        return None
    if blocked_by_head(noun.head) and noun.dep_ in OBJECT_DEPS:
        return None
    return entry


def requested_by(noun: Token) -> tuple[Token, Trigger] | None:
    """The verb that asks for the event a noun names, with its REQUEST entry: "urged a
    truce", "called for talks", "asked for talks". The event is only asked for; the
    asking is the act."""
    verb, prep = noun.head, None
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        verb, prep = noun.head.head, noun.head.lower_  # "called for talks"
    elif noun.dep_ != "dobj":
        return None
    entries = triggers().get((lemma(verb), "VERB"), [])
    # "called for", and a verb that asks by itself asking for something: "asked for talks"
    entry = next((e for e in entries if e.type == "REQUEST"
                  and (e.prep == prep or (e.prep is None and prep == "for"))), None)  # fmt: skip
    if entry is None or verb.pos_ != "VERB":
        return None
    return verb, entry


def _requested_event(noun: Token, entry: Trigger, verb: Token, request: Trigger,
                     args: Arguments) -> Iterator[Candidate]:  # fmt: skip
    """ "The UN called for a ceasefire between Iran and Iraq": no ceasefire between them
    yet, and the UN takes no part in one; the UN asks it of both (GUIDELINES.md: a
    requested action is no interaction of its own, the call is)."""
    agents, patients, between = _noun_roles(noun, entry, prep_objects(noun), args)
    askers = [m for t in subject_tokens(verb) for m in args.actors(t)]
    yield from candidates("noun", request, [verb, noun], askers, between + agents + patients,
                          verb)  # fmt: skip


def light_verb(noun: Token) -> tuple[Token, Token | None]:
    """The phrase an event noun heads and the light verb that governs it, if any.

    "held talks": (talks, held); "gave Malawi 3 million euros of aid": (euros, gave);
    "talks were held": (talks, held); "a meeting in Paris": (meeting, None).
    """
    governor = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ in OBJECT_DEPS:
        governor = noun.head.head  # "gave Malawi 3 million euros of aid"
    light = governor.head if governor.dep_ in ("dobj", "attr", "nsubjpass") else None
    if light is not None and lemma(light) not in cue("light"):
        light = None
    return governor, light


def light_verb_reading(
    light: Token, governor: Token, entry: Trigger, args: Arguments
) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """Agents, patients and participants ("between") a light verb adds to its event noun.

    "Germany held talks with France": the verb's subject holds them and its phrases
    name the other side; "gave the Ivory Coast aid": the indirect object receives it;
    "talks were held between A and B". A passive light verb ("sanctions were imposed")
    names no agent by its subject.
    """
    agents: list[Mention] = []
    patients: list[Mention] = []
    between: list[Mention] = []
    if governor.dep_ != "nsubjpass":
        agents += [m for t in subject_tokens(light) for m in args.actors(t)]
    for child in light.children:
        if child.dep_ in ("dative", "iobj") and child.pos_ != "ADP":
            patients += args.actors(child)  # "gave the Ivory Coast aid"
    for prep, pobj in prep_objects(light):
        if prep in entry.target_preps:
            patients += args.actors(pobj)
        elif prep == "between":
            between += args.actors(pobj)
    return agents, patients, between


def _noun_roles(
    noun: Token, entry: Trigger, noun_preps: list[tuple[str, Token]], args: Arguments
) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """Agents, patients and participants the noun's own modifiers and phrases name:
    "Russia's visit to China", "Russian demands", "a call between A and B", "a meeting
    of Thai and Lao officials"."""
    agents: list[Mention] = []
    patients: list[Mention] = []
    between: list[Mention] = []
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("amod", "compound", "nmod")
                                    and child.i in args.index):  # fmt: skip
            agents += args.actors(child)
    for prep, pobj in noun_preps:
        if prep == "between" or prep == "among":
            between += args.actors(pobj)
        elif prep in entry.target_preps:
            patients += args.actors(pobj)
        elif prep in cue("author_prep"):
            found = args.actors(pobj)
            if prep == "of" and not entry.directed and len(found) >= 2:
                between += found  # "a meeting of Thai and Lao officials"
            else:
                agents += found
    return agents, patients, between


def _context_agents(noun: Token, entry: Trigger, agents: list[Mention], between: list[Mention],
                    args: Arguments) -> list[Mention]:  # fmt: skip
    """Agents of an event noun without a light verb, from the clause around it."""
    if (noun.dep_ == "pobj" and noun.head.dep_ == "prep"
            and noun.head.lower_ not in cue("topic_prep")
            and entry.type not in FORCE_TYPES | {"PROTEST", "MOBILIZE", "THREATEN"}
            ):  # fmt: skip
        # "during a meeting with X", "in a letter to X", "pledged 1 billion euros in
        # aid to X": the clause's subject took part (but not in "following the
        # invasion of Georgia")
        verb = noun.head.head
        if verb.pos_ not in ("VERB", "AUX") and verb.dep_ in OBJECT_DEPS:
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and not agents:
            return [m for t in subject_tokens(verb) for m in args.actors(t)]
    if not agents and not between and noun.dep_ in ("nsubj", "nsubjpass"):
        # "Talks with the Taliban will resume, Pakistan said": the speaker takes part
        clause = noun.head
        if clause.dep_ == "ccomp" and lemma(clause.head) in cue("speech"):
            return [m for t in subject_tokens(clause.head) for m in args.actors(t)]
    return []


def _demanded_targets(noun: Token, args: Arguments) -> list[Mention]:
    """ "its demand that Sudan lift restrictions": the one asked is the clause's subject
    (the parser may hang the clause on the verb: "repeated its demand yesterday that")."""
    clauses = [*noun.children]
    if noun.dep_ == "dobj":
        clauses += [c for c in noun.head.children
                    if c.dep_ in ("ccomp", "advcl") and c.i > noun.i]  # fmt: skip
    found: list[Mention] = []
    for clause in clauses:
        if clause.dep_ in ("acl", "ccomp", "relcl", "advcl") and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
        ):
            found += [m for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                      for m in args.actors(c)]  # fmt: skip
    return found


def _deeper_targets(
    noun_preps: list[tuple[str, Token]], entry: Trigger, args: Arguments
) -> list[Mention]:
    """ "a suspension of trade talks with India": the target hangs one phrase deeper."""
    found: list[Mention] = []
    for prep, pobj in noun_preps:
        if prep == "of" and not args.actors(pobj):
            found += [m for p2, o2 in prep_objects(pobj) if p2 in entry.target_preps
                      for m in args.actors(o2)]  # fmt: skip
    return found


def _noun_candidates(
    noun: Token,
    light: Token | None,
    entry: Trigger,
    agents: list[Mention],
    patients: list[Mention],
    between: list[Mention],
) -> Iterator[Candidate]:
    """The candidates of an event noun: among its participants ("talks between A and
    B"), and of whoever holds or brokers them with each; else its agents with its
    patients."""
    if between:
        # "talks between A and B"; and whoever holds or brokers them deals with each
        # ("the emir launched a mediation between A and B").
        yield from candidates("between", entry, [noun], between, [], noun)
        outside = [a for a in agents if a not in between]
        if outside:
            yield from candidates("between", entry, [noun], outside, between, noun)
        return
    anchor = noun
    yield from candidates("noun", entry, [light, noun] if light is not None else [noun],
                          agents, patients, anchor)  # fmt: skip
