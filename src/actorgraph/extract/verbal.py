"""Interactions named by verbs: subject-verb-object, verb + preposition, passive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from actorgraph import knowledge
from actorgraph.extract.actors import Mention
from actorgraph.extract.arguments import (
    NOUN_POS,
    OBJECT_DEPS,
    Arguments,
    prep_objects,
    subject_tokens,
)
from actorgraph.extract.candidate import Candidate, candidates, dedup
from actorgraph.extract.clauses import PURPOSE_TYPES, aimed_targets, blocked_by_head, names_event
from actorgraph.extract.lexicon import Trigger, cue, triggers
from actorgraph.nlp import lemma


def is_passive(verb: Token) -> bool:
    """A passive verb ("was criticised by") or a passive participle ("the man arrested")."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def hyphened_agents(verb: Token, args: Arguments) -> list[Mention]:
    """The actors a name joined by a hyphen to a participle modifying a noun makes its
    agent: "Iran-backed rebels" are rebels Iran backs, "US-funded projects" projects the
    US funds (the noun the participle modifies is the patient)."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("amod", "compound") or verb.i < 2:
        return []
    hyphen, name = verb.doc[verb.i - 1], verb.doc[verb.i - 2]
    if hyphen.text != "-" or hyphen.whitespace_ or name.whitespace_:
        return []
    return args.actors(name) if name.i in args.index else []


def hyphened_patients(verb: Token, agents: list[Mention], args: Arguments) -> list[Mention]:
    """The actors the noun a hyphened participle modifies stands for ("Fatah-backed
    Palestinian president Mahmud Abbas": Abbas), but not the agents nor their own country
    ("Ethiopian-backed government troops" are not Ethiopia's)."""
    noun = verb.head
    while noun.dep_ == "compound" and noun.head.i != noun.i:
        noun = noun.head
    own = {m.country for m in agents if m.type == "COUNTRY"}
    return [m for m in args.actors(noun)
            if m not in agents and not (m.country in own and m.type != "PERSON")]  # fmt: skip


def _agent_tokens(verb: Token) -> list[Token]:
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def _choose_entry(entries: list[Trigger], preps: list[tuple[str, Token]], args: Arguments,
                  particles: set[str]) -> tuple[Trigger | None, list[Token]]:  # fmt: skip
    for entry in entries:
        if entry.prep is None:
            return entry, [p for prep, p in preps if prep in entry.target_preps]
        if entry.prep in particles:
            return entry, [p for prep, p in preps if prep in entry.target_preps]
        hits = [p for prep, p in preps if prep == entry.prep and _actors_within(p, args)]
        if hits:
            return entry, [
                p for prep, p in preps if prep in entry.target_preps or prep == entry.prep
            ]
        # "called for an inquiry": the preposition settles the meaning even when its object
        # is no actor (but "called him on Monday" is still a call).
        if any(
            prep == entry.prep
            and p.ent_type_ not in ("DATE", "TIME")
            and p.head.head.pos_ in ("VERB", "AUX")
            for prep, p in preps
        ):  # fmt: skip
            return entry, []
    return None, []


def _actors_within(tok: Token, args: Arguments) -> list[Mention]:
    """The actors a phrase names, or those of its "of" phrase ("the computers of X")."""
    return args.actors(tok) or [
        m for prep, p in prep_objects(tok) if prep == "of" for m in args.actors(p)
    ]


def _complement_targets(verb: Token, objects: list[Token], args: Arguments) -> list[Mention]:
    """Targets inside an object's or a complement's phrase, two clauses deep at most.

    "threatened a military offensive against Iraq", "refused to deploy troops to Iraq",
    "agreed to open its airspace to NATO jets".
    """
    found: list[Mention] = []
    if objects:
        # "ban all aid to Ethiopian rebels": the parser hangs the object's phrase on
        # the verb
        found += [m for prep, p in prep_objects(verb) if prep in cue("object_target_prep")
                  for m in args.actors(p)]  # fmt: skip
        if found:
            return found
    frontier = [*objects, *(c for c in verb.children if c.dep_ == "xcomp")]
    for _ in range(2):
        nxt: list[Token] = []
        for tok in frontier:
            if tok.dep_ == "xcomp":
                objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
                found += [m for c in objs for m in args.actors(c)]
                nxt += objs + [c for c in tok.children if c.dep_ == "xcomp"]
            # "dismissed warnings from some Democrats", "rejected calls by Serbia's leaders":
            # whoever voiced the thing an actor acts on is the target.
            preps = cue("target_prep") | (cue("author_prep") if tok.dep_ in OBJECT_DEPS else set())
            for prep, p in prep_objects(tok):
                if prep in preps:
                    named = args.actors(p)
                    found += named
                    if not named:  # "halted part of a loan scheme for Myanmar"
                        nxt.append(p)
        if found:
            break
        frontier = nxt
    return found


@dataclass(frozen=True)
class VerbFrame:
    """A trigger verb with the lexicon entry it reads as and the phrases around it."""

    verb: Token
    entry: Trigger
    objects: list[Token]
    preps: list[tuple[str, Token]]  # (preposition, object) of the verb and of its objects
    prep_targets: list[Token]  # objects of the entry's target prepositions


def verb_interactions(sent: Span, args: Arguments) -> Iterator[Candidate]:
    """Subject-verb-object, verb + preposition and passive constructions.

    "the US accused Russia", "Russia has called on NATO", "X was criticised by Y",
    "A and B met", "A met B".
    """
    for verb in sent:
        frame = verb_frame(verb, args)
        if frame is None:
            continue
        entry, objects = frame.entry, frame.objects
        hyphened = hyphened_agents(verb, args)
        if hyphened:
            agents, patients = hyphened, hyphened_patients(verb, hyphened, args)
        elif is_passive(verb):
            agents, patients = passive_reading(frame, args)
        else:
            agents, patients = active_reading(frame, args)
        if entry.inverse:
            agents, patients = inverse_reading(frame, agents, args)
        if (
            not patients
            and not entry.directed
            and any(not names_event(o) and o.pos_ in NOUN_POS for o in objects)
        ):
            continue  # "Chile and Peru will join the bloc": each joins it, not each other
        yield from candidates("verb", entry, [verb], agents, patients, verb)


def verb_frame(verb: Token, args: Arguments) -> VerbFrame | None:
    """The entry a verb (or a predicative adjective) reads as here, with its phrases.

    None when the word is no trigger, when what it names is only asked for or imagined
    (:func:`blocked_by_head`), or when no entry fits its particles, prepositions and
    objects ("call off", "called for", "rioted" without an object, "summoned" an envoy).
    """
    table = triggers()
    if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
        entries = table.get((lemma(verb), "ADJ")) or table.get((verb.lower_, "ADJ"))
    elif verb.pos_ in ("VERB", "AUX") or verb.tag_[:2] == "VB":
        entries = table.get((lemma(verb), "VERB"))
    else:
        return None
    if not entries or blocked_by_head(verb):
        return None
    preps = prep_objects(verb)
    objects = [
        c
        for c in verb.children
        if c.dep_ in OBJECT_DEPS or (c.dep_ == "oprd" and c.i in args.index)
    ]  # "called Putin" read as naming
    if any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
        # "abducted up to 16 Nigerien advisers": the parser makes the number a phrase
        objects += [p for prep, p in preps if prep == "to"
                    and any(c.dep_ == "nummod" for c in p.children)]  # fmt: skip
    for obj in objects:  # "signed a deal with Iran", "received a letter from Russia"
        preps.extend(prep_objects(obj))
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    entries = [e for e in entries if e.prep in particles or not particles & cue("meaning_particle")]
    entry, prep_targets = _choose_entry(entries, preps, args, particles)
    if entry is None or (entry.intransitive and objects):
        return None
    if entry.diplomat and not any(lemma(o) in cue("envoy") for o in objects):
        return None
    return VerbFrame(verb, entry, objects, preps, prep_targets)


def _prep_and_mediation_targets(frame: VerbFrame, args: Arguments) -> list[Mention]:
    """Targets in the entry's prepositional phrases; and, for a go-between, those it
    mediates between ("Qatar is mediating between Israel and Hamas": it deals with each)."""
    found = [m for t in frame.prep_targets for m in _actors_within(t, args)]
    if frame.entry.type == "CONSULT":
        found += [m for prep, p in frame.preps if prep == "between" for m in args.actors(p)]
    return found


def passive_reading(frame: VerbFrame, args: Arguments) -> tuple[list[Mention], list[Mention]]:
    """Agents and patients of a passive verb: "Iran was criticised by France".

    The agent phrase ("by France") gives the agents, the grammatical subject the
    patients. An arrest or a sanction without an agent was made by the authorities of
    the country it happened in ("was arrested in Lebanon").
    """
    verb, entry = frame.verb, frame.entry
    agents = [m for t in _agent_tokens(verb) for m in args.actors(t)]
    patients = [m for t in subject_tokens(verb) for m in args.actors(t)]
    patients += _prep_and_mediation_targets(frame, args)
    if not agents and entry.type in ("COERCE", "SANCTION"):
        agents += [m for prep, p in frame.preps if prep == "in" for m in args.actors(p)
                   if m.type == "COUNTRY" and m.country
                   and knowledge.is_valid_country_code(m.country)]  # fmt: skip
    return agents, patients


def symmetric_reading(entry: Trigger, agents: list[Mention]) -> bool:
    """Whether an undirected verb is read among its agents: "A and B met", "Both leaders
    agreed to ...".

    Two or more agents of an undirected entry deal with each other (:func:`candidates`
    pairs them), so no target is sought in the verb's complements.
    """
    return not entry.directed and len(dedup(agents)) >= 2


def inverse_reading(
    frame: VerbFrame, agents: list[Mention], args: Arguments
) -> tuple[list[Mention], list[Mention]]:
    """Agents and patients of an inverse entry: "Iran received a letter from Russia".

    The object of the entry's preposition is the source; the subject, read as the
    agent so far, is the target.
    """
    sources = [p for prep, p in frame.preps if prep == frame.entry.prep]
    return [m for t in sources for m in args.actors(t)], agents


def active_reading(frame: VerbFrame, args: Arguments) -> tuple[list[Mention], list[Mention]]:
    """Agents and patients of an active verb: its subject acts on its objects.

    Without an object, the target is looked for where the verb's type puts it: in its
    complements, the condition of a threat, the pressure a refusal resists, the purpose
    of a protest or of force, the subject of a demanded clause.
    """
    verb, entry, objects = frame.verb, frame.entry, frame.objects
    agents = [m for t in subject_tokens(verb) for m in args.actors(t)]
    patients = [m for t in objects for m in args.actors(t)]
    patients += _prep_and_mediation_targets(frame, args)
    if not patients and not entry.inverse and not symmetric_reading(entry, agents):
        # "threatened a military offensive against Iraq", "refused to deploy troops to
        # Iraq": the target sits in the object's or the complement's phrase. ("Both
        # leaders agreed to ...": the two agreed with each other.)
        patients += [m for m in _complement_targets(verb, objects, args) if m not in agents]
    if not patients and entry.type == "THREATEN":
        patients += _condition_targets(verb, args)
    if not patients and entry.type == "REJECT":
        patients += _pressure_targets(verb, args)
    if not patients and entry.type in PURPOSE_TYPES:
        patients += aimed_targets([verb], agents, args, places=entry.type == "PROTEST")
    if not patients and entry.type in ("REQUEST", "ACCUSE", "THREATEN", "CONCEDE"):
        patients += _asked_targets(verb, args)
    return agents, patients


def _condition_targets(verb: Token, args: Arguments) -> list[Mention]:
    """ "threatened to quit the talks if Chile goes ahead": the threat is aimed at
    whoever the condition is about."""
    found: list[Mention] = []
    for tok in verb.subtree:
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cue("condition_mark") for c in tok.children
        ):
            found += [m for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                      for m in args.actors(c)]  # fmt: skip
    return found


def _pressure_targets(verb: Token, args: Arguments) -> list[Mention]:
    """ "declined to resign despite pressure by the commission": whoever pressed."""
    found: list[Mention] = []
    for clause in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
        despite = [p for c in clause.children if c.lower_ == "despite"
                   for p in c.children if p.dep_ == "pobj"]  # fmt: skip
        for p in despite:
            found += [m for q, o in prep_objects(p) if q in cue("author_prep")
                      for m in args.actors(o)]  # fmt: skip
            found += [m for c in p.children if c.dep_ == "poss" for m in args.actors(c)]
    return found


def _asked_targets(verb: Token, args: Arguments) -> list[Mention]:
    """ "demanded that Boris Johnson explain ...": the one asked is the clause's subject
    ("allowed the opposition leader to hold a rally": the one allowed)."""
    return [m for clause in verb.children if clause.dep_ in ("ccomp", "xcomp")
            for t in clause.children if t.dep_ in ("nsubj", "nsubjpass")
            for m in args.actors(t)]  # fmt: skip
