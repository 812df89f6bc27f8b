"""Reported speech: "X said (that) Y ...", "'...,' said X": the speaker's side of it."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from actorgraph.extract.actors import Mention
from actorgraph.extract.arguments import Arguments, is_attribution, prep_objects, subject_tokens
from actorgraph.extract.candidate import Candidate, candidates, is_media
from actorgraph.extract.clauses import names_event
from actorgraph.extract.lexicon import Trigger, cue, evaluation
from actorgraph.extract.selection import QUOTE_MARKS
from actorgraph.nlp import lemma

#: Entries that speech yields, by polarity of what is said.
SPEECH_ENTRIES = {
    "neg": Trigger("say", "VERB", "ACCUSE", True, frozenset()),
    "pos": Trigger("say", "VERB", "SUPPORT", True, frozenset()),
    "request": Trigger("say", "VERB", "REQUEST", True, frozenset()),
    None: Trigger("say", "VERB", "STATEMENT", True, frozenset()),
}
CLAUSE_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "pobj", "poss"})


def polarity(tokens) -> str | None:
    """ "neg" when what is said is critical, "pos" when approving, None when neither."""
    table = evaluation()
    neg = pos = 0
    for tok in tokens:
        if tok.dep_ == "neg":  # "their sums do not add up": denial leans critical
            neg += 1
            continue
        mark = table.get(tok.lower_) or table.get(lemma(tok))
        if mark == "neg":
            neg += 1
        elif mark == "pos":
            pos += 1
    if neg > pos:
        return "neg"
    if pos > neg:
        return "pos"
    return None


def clause_actor_tokens(clause: Token) -> list[Token]:
    """Tokens that name the participants of a reported clause: its verbs' arguments."""
    verbs = [
        clause,
        *[c for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")],
    ]
    out = []
    for verb in verbs:
        for child in verb.children:
            if child.dep_ in CLAUSE_ARG_DEPS:
                out.append(child)
                out.extend(g for g in child.children if g.dep_ == "poss")
            elif child.dep_ in ("prep", "agent"):
                out.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ in ("xcomp", "acomp"):
                out.extend(g for g in child.children if g.dep_ in ("dobj", "prep"))
    return out


def speech_interactions(sent: Span, args: Arguments) -> Iterator[Candidate]:
    """Reported speech: "X said (that) Y ...", "'...,' said X", "X branded Y's plans a fantasy".

    The speaker is the source; the actors the reported clause is about (its subjects and
    objects) are the targets. What is said decides the type: critical words make it
    ACCUSE, approving words SUPPORT, else STATEMENT. An event the clause states by itself
    is found by the other constructions; this one records the speaker's side.
    """
    for verb in sent:
        speakers = _speakers(verb, sent, args)
        if not speakers:
            continue
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        direct = [c for c in verb.children if c.dep_ in ("dobj", "oprd")]
        demand = any(c.dep_ == "aux" and c.lower_ in cue("demand_modal")
                     for cl in clauses for c in cl.children)  # fmt: skip
        # A clause that states an event between actors of its own is reported, not the
        # speaker's act (unless the speaker says it must happen: that is a demand). With
        # one actor in it ("the government had failed to consult aid agencies") it is what the
        # speaker says about that actor.
        if (
            not demand
            and any(names_event(t) for c in clauses for t in c.subtree)
            and _clause_actor_count(clauses, args, speakers) >= 2
        ):
            continue
        targets, said = _said_about(verb, clauses, direct, speakers, args)
        wish = False
        if not targets:
            # "said she hoped Starmer would win": the speaker's own attitude
            # clause holds what is said about someone else; wishing them well is support
            wish = any(lemma(c) in cue("wish") for c in clauses)
            clauses = [c for clause in clauses for c in clause.children if c.dep_ == "ccomp"]
            targets = [m for c in clauses for tok in clause_actor_tokens(c)
                       for m in args.actors(tok, speaker=speakers)
                       if m.key not in {s.key for s in speakers}]  # fmt: skip
        if not targets:
            continue
        # "X said Y must return the helicopter": a demand
        tone = "request" if demand else "pos" if wish else polarity(said)
        if tone is None:
            targets = _topics(clauses, targets, speakers, args)
            if not targets or verb.i > max(t.start for t in targets):  # "..., X said"
                continue
        entry = SPEECH_ENTRIES[tone]
        yield from candidates("speech", entry, [verb], speakers, targets, verb)


def verb_speakers(verb: Token, args: Arguments) -> list[Mention]:
    """Who speaks by a speech verb ("X said"), none for a media outlet, an attribution
    ("according to") or a denial ("did not say")."""
    if lemma(verb) not in cue("speech") or verb.pos_ not in ("VERB", "AUX"):
        return []
    if is_attribution(verb) or any(c.dep_ == "neg" for c in verb.children):
        return []
    speakers = [m for t in subject_tokens(verb) for m in args.actors(t)]
    return [m for m in speakers if not is_media(m)]


def _speakers(verb: Token, sent: Span, args: Arguments) -> list[Mention]:
    """The speakers of a speech verb, remembered for a quotation to follow."""
    speakers = verb_speakers(verb, args)
    if speakers and any(t.text in QUOTE_MARKS for t in sent):
        args.referents.remember_speaker(verb, speakers)
    return speakers


def _said_about(verb: Token, clauses: list[Token], direct: list[Token], speakers: list[Mention],
                args: Arguments) -> tuple[list[Mention], list[Token]]:  # fmt: skip
    """The actors what is said is about, other than the speakers and whom they speak
    for, and the words said: the reported clauses, or what follows a direct object
    ("X branded Y's plans a fantasy")."""
    targets: list[Mention] = []
    said: list[Token] = []
    for clause in clauses:
        for tok in clause_actor_tokens(clause):
            targets += args.actors(tok, speaker=speakers)
        said.extend(clause.subtree)
    for obj in direct:
        targets += args.actors(obj, speaker=speakers)
        said.extend(t for t in verb.subtree if t.i > verb.i)
    own = {s.key for s in speakers} | affiliations(speakers, args)
    return [t for t in targets if t.key not in own], said


def _topics(clauses: list[Token], targets: list[Mention], speakers: list[Mention],
            args: Arguments) -> list[Mention]:  # fmt: skip
    """A neutral remark is an edge only when it is about an actor: the actor is what the
    reported clause is about (its subject), not a passing mention."""
    topics = [m for c in clauses for t in c.children if t.dep_ in ("nsubj", "nsubjpass")
              for m in args.actors(t, speaker=speakers)]  # fmt: skip
    return [t for t in targets if t in topics and t.key not in {s.key for s in speakers}]


def affiliations(speakers: list[Mention], args: Arguments) -> set[str]:
    """Keys of the organisations a speaker is introduced as speaking for ("Tom Lee,
    spokesman for Amnesty International"): what they say of it is no dealing with it."""
    keys: set[str] = set()
    wanted = {s.key for s in speakers}
    for s in args.referents.all_mentions:  # wherever the speaker was introduced
        if s.key not in wanted:
            continue
        root = args.doc[s.start : s.end].root
        for appos in root.children:
            if appos.dep_ != "appos":
                continue
            for prep, p in prep_objects(appos):
                if prep in cue("affiliation_prep"):
                    keys.update(m.key for m in args.actors(p))
    return keys


def _clause_actor_count(clauses: list[Token], args: Arguments, speakers: list[Mention]) -> int:
    """How many distinct actors the reported clauses name or refer to."""
    keys: set[str] = set()
    for clause in clauses:
        for tok in clause.subtree:
            if tok.i in args.index or tok.pos_ in ("PRON", "NOUN", "PROPN"):
                keys.update(m.key for m in args.actors(tok, speaker=speakers))
    return len(keys)
