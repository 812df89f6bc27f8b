"""Find interactions in a parsed sentence, one function per construction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from actorgraph import knowledge
from actorgraph.extract.actors import Mention
from actorgraph.extract.coref import Referents
from actorgraph.extract.lexicon import Trigger, cue, evaluation, triggers
from actorgraph.extract.modality import event_mode, event_status
from actorgraph.extract.selection import QUOTE_MARKS, opens_with_quote
from actorgraph.nlp import lemma

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MAX_ARG_DEPTH = 3


@dataclass
class Candidate:
    """One interaction found in a sentence, before actors are resolved to ids."""

    construction: str
    entry: Trigger
    trigger: list[Token]
    sources: list[Mention]
    targets: list[Mention]
    symmetric: bool
    status: str = "occurred"
    mode: str | None = None
    pairs: list[tuple[Mention, Mention]] = field(default_factory=list)


class Arguments:
    """Maps argument tokens of a sentence to the actors they name or refer to."""

    def __init__(self, doc: Doc, index: dict[int, Mention], referents: Referents):
        self.doc = doc
        self.index = index
        self.referents = referents

    def actors(self, token: Token, *, speaker: list[Mention] | None = None) -> list[Mention]:
        """The actors a token and its conjuncts stand for."""
        out: list[Mention] = []
        tokens = [token, *token.conjuncts]
        for tok in list(tokens):
            # "The French president, Emmanuel Macron, and his Russian counterpart, Vladimir
            # Putin": the second conjunct hangs on the first one's appositive.
            for child in tok.children:
                if child.dep_ == "appos":
                    tokens.extend(c for c in child.conjuncts if c not in tokens)
        for tok in tokens:
            for m in self._actors_of(tok, 0, speaker):
                if m not in out:
                    out.append(m)
        return out

    def _actors_of(self, tok: Token, depth: int, speaker: list[Mention] | None) -> list[Mention]:
        if depth > MAX_ARG_DEPTH or _is_attribution(tok):
            return []
        m = self.index.get(tok.i)
        if m is not None:
            if m.absorbed:
                return []
            if m.description:
                found = self.referents.description(self.doc[m.end - 1], m.country,
                                                   role=m.description)  # fmt: skip
                if found:
                    return found
            return [m]
        if tok.pos_ == "PRON":
            if speaker is None:
                speaker = self.reporting_speaker(tok, depth)
            if tok.lower_ in ("we", "us", "our", "i", "me", "my") and speaker:
                return speaker
            return self.referents.pronoun(tok, speaker)
        if tok.pos_ == "VERB" and tok.dep_ in SUBJECT_DEPS and depth < MAX_ARG_DEPTH:
            # "The Red Cross working in Yemen said": the parser made the participle the
            # subject and hung the name on it
            return [m for c in tok.children if c.dep_ == "nsubj"
                    for m in self._actors_of(c, depth + 1, speaker)]  # fmt: skip
        if tok.pos_ not in NOUN_POS and tok.lower_ not in cue("via"):  # "thousands of"
            return []
        for child in tok.children:
            if child.dep_ == "appos" and child.i in self.index:
                return self._actors_of(child, depth + 1, speaker)
        word = lemma(tok)
        group = self.referents.group(tok)
        if group:
            return group
        bare_government = tok.lower_ in cue("government_noun") and not any(
            c.dep_ in ("det", "poss", "amod", "compound") for c in tok.children
        )  # "ministers had failed": the home government
        if (
            (_is_definite(tok) or bare_government)
            and not _has_owner(tok)
            and not _has_modifier_actor(tok, self.index)
        ):
            found = self.referents.definite(tok)
            if found:
                return found
        is_role = word in knowledge.title_words() or tok.lower_ in knowledge.title_words()
        stands = is_role or word in cue("via") or tok.lower_ in cue("via")
        if not stands:
            # "the Tory plans", "Russia's proposal": a thing stands for its owner; an
            # organisation named in it before a person who owns that ("Abu Bakr
            # al-Baghdadi's Islamic State network" is Islamic State's).
            children = sorted(tok.children, key=lambda c: c.i in self.index
                              and self.index[c.i].type == "PERSON")  # fmt: skip
            for child in children:
                if child.dep_ == "poss" and child.pos_ == "PRON" and depth < MAX_ARG_DEPTH:
                    return self._actors_of(child, depth + 1, speaker)  # "his trip"
                if (child.dep_ in ("poss", "compound") and child.pos_ == "NOUN"
                        and child.i not in self.index and depth < MAX_ARG_DEPTH):  # fmt: skip
                    found = self._actors_of(child, depth + 1, speaker)  # "the government's plans"
                    if found:
                        return found
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in self.index:
                    owner = self.index[child.i]
                    if owner.type != "PERSON" or child.dep_ == "poss":
                        return self._with_conjoined(child, [owner])
            return []
        country = _modifier_country(tok, self.index)
        if is_role and _is_definite(tok) and not _has_owner(tok):
            found = self.referents.description(tok, country)
            if found:
                return found
        # "a spokesman for X", "officials of X", "X's government", "Russian troops"
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "from", "at", "with", "in"):
                if child.lower_ == "in" and not is_role:
                    continue
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = [m for t in (pobj, *pobj.conjuncts)  # "ministers of A and B"
                                 for m in self._actors_of(t, depth + 1, speaker)]  # fmt: skip
                        if found:
                            if is_role:
                                self.referents.remember_role(word, found[0])
                            return found
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in self.index:
                found = self._actors_of(child, depth + 1, speaker)
                if found:
                    return self._with_conjoined(child, found)
                owner = self.index[child.i]
                if owner.absorbed:
                    return [owner]
            if (child.dep_ in ("poss", "compound") and child.pos_ == "NOUN"
                    and child.i not in self.index and depth < MAX_ARG_DEPTH):  # fmt: skip
                found = self._actors_of(child, depth + 1, speaker)  # "government plans"
                if found:
                    return found
        if word in cue("act_noun") and _is_definite(tok) and not _has_owner(tok):
            # "Ruto called for a recount, but the opposition rejected the move": an act
            # named by a definite noun is that of the actor the text last spoke of
            return self.referents.last_actor(tok)
        return []

    def _with_conjoined(self, modifier: Token, found: list[Mention]) -> list[Mention]:
        """Add the owners conjoined with a modifier ("French and Egyptian warships")."""
        more = [self.index[c.i] for c in modifier.conjuncts if c.i in self.index]
        return [*found, *(m for m in more if not m.absorbed and m not in found)]

    def reporting_speaker(self, pronoun: Token, depth: int) -> list[Mention] | None:
        """The speaker of the clause a subject pronoun stands in ("X said they would ...")."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or depth >= MAX_ARG_DEPTH:
            return None
        clause = pronoun.head
        for _ in range(3):
            if clause.dep_ == "ccomp" and lemma(clause.head) in cue("speech"):
                said = clause.head
                found = [m for t in subject_tokens(said) if t.pos_ != "PRON"
                         for m in self._actors_of(t, depth + 1, None)]  # fmt: skip
                return found or None
            if clause.dep_ not in ("conj", "xcomp") or clause.head.i == clause.i:
                return None
            clause = clause.head
        return None


def _is_definite(tok: Token) -> bool:
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children
    ) or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


def _has_modifier_actor(tok: Token, index: dict[int, Mention]) -> bool:
    return any(c.i in index for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod"))


def _has_owner(tok: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("for", "of") for c in tok.children)


def _modifier_country(tok: Token, index: dict[int, Mention]) -> str | None:
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod"):
            m = index.get(child.i)
            if m is not None and m.country:
                return m.country
            code = knowledge.demonym_country(child.text)
            if code:
                return code
    return None


def _is_attribution(tok: Token) -> bool:
    """True inside "according to X": the story's source, never a participant."""
    head = tok
    for _ in range(4):
        if (
            head.dep_ == "pobj"
            and head.head.lower_ == "to"
            and head.head.head.lower_ == "according"
        ):
            return True
        if head.head.i == head.i:
            break
        head = head.head
    return False


# --- arguments of verbs ------------------------------------------------------------


def subject_tokens(verb: Token) -> list[Token]:
    """The subject of a verb, inherited through coordination, control and participles."""
    seen = 0
    while seen < 5:
        seen += 1
        own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if own:
            return own
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and lemma(verb.head) in cue("message"):
            # "issued a statement condemning X": whoever issued it condemns
            if verb.head.dep_ in ("dobj", "nsubjpass") and verb.head.head.i != verb.head.i:
                verb = verb.head.head
                continue
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            return [verb.head]
        if verb.dep_ == "acl" and verb.tag_ == "VB":
            # "France's decision to recall its ambassador": whose decision it is
            return [c for c in verb.head.children if c.dep_ == "poss"]
        # ("Qatar is mediating": the parser sometimes makes the participle an attribute)
        climbs = verb.dep_ in ("conj", "xcomp", "advcl", "acomp") or (
            verb.dep_ == "attr" and verb.pos_ == "VERB"
        )
        if climbs and verb.head.i != verb.i:
            if verb.dep_ == "advcl" and verb.tag_ not in ("VBG", "VBN"):
                return []
            verb = verb.head
            continue
        return []
    return []


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def _agent_tokens(verb: Token) -> list[Token]:
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def _prep_objects(token: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs attached to a token, with multiword "on to", "out of"."""
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "dative", "prt") and child.pos_ == "ADP":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.append((child.lower_, pobj))
                elif pobj.dep_ == "prep":  # "out of", "away from"
                    out.extend((pobj.lower_, p) for p in pobj.children if p.dep_ == "pobj")
    return out


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
        m for prep, p in _prep_objects(tok) if prep == "of" for m in args.actors(p)
    ]


def _blocked_by_head(tok: Token) -> bool:
    """True when the event is only asked for or imagined ("called on NATO to withdraw")."""
    if any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought") for c in tok.children):
        return True  # "Kagame must agree to changes": a demand, not an event
    if (
        tok.dep_ in ("acl", "ccomp")
        and tok.head.pos_ == "NOUN"
        and any(
            e.type in ("REQUEST", "REJECT") for e in triggers().get((lemma(tok.head), "NOUN"), [])
        )
    ):
        return True  # "its demand that Sudan lift restrictions", "its refusal to accept"
    head = tok
    for _ in range(3):
        if head.dep_ not in ("xcomp", "ccomp", "advcl", "conj"):
            return False
        if head.dep_ == "conj":
            head = head.head
            continue
        parent = head.head
        word = lemma(parent)
        if word in cue("hypothetical") or any(c.lower_ in cue("hypothetical") for c in tok.children
                                                if c.dep_ == "mark"):  # fmt: skip
            return True
        for entry in triggers().get((word, "VERB"), []):
            if entry.type in ("REQUEST", "REJECT", "THREATEN") and head.dep_ == "xcomp":
                return True
            if entry.type == "REQUEST" and head.dep_ == "ccomp":
                return True  # "demanded that its partners refuse to ...": only asked for
        if any(c.dep_ == "dobj" and any(e.type == "REQUEST" for e in triggers().get(
                (lemma(c), "NOUN"), [])) for c in parent.children):  # fmt: skip
            return True  # "repeated its demand that Sudan lift restrictions"
        head = parent
    return False


TARGET_PREPS = frozenset({"against", "on", "to", "with", "toward", "towards", "for"})


def _complement_targets(verb: Token, objects: list[Token], args: Arguments) -> list[Mention]:
    """Targets inside an object's or a complement's phrase, two clauses deep at most.

    "threatened a military offensive against Iraq", "refused to deploy troops to Iraq",
    "agreed to open its airspace to NATO jets".
    """
    found: list[Mention] = []
    if objects:
        # "ban all aid to Ethiopian rebels": the parser hangs the object's phrase on
        # the verb
        found += [m for prep, p in _prep_objects(verb) if prep in ("to", "against", "on")
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
            preps = TARGET_PREPS | ({"from", "by", "of"} if tok.dep_ in OBJECT_DEPS else set())
            for prep, p in _prep_objects(tok):
                if prep in preps:
                    named = args.actors(p)
                    found += named
                    if not named:  # "halted part of a loan scheme for Myanmar"
                        nxt.append(p)
        if found:
            break
        frontier = nxt
    return found


#: Particles that change what a verb means ("call off", "back down"), unless the
#: lexicon lists the verb with them.
MEANING_PARTICLES = frozenset({"off", "down"})

#: Clauses and phrases that state what a protest is for or about.
PURPOSE_DEPS = frozenset({"advcl", "xcomp", "acl"})
PURPOSE_PREPS = frozenset({"over", "for"})
PLACE_PREPS = frozenset({"in", "at", "outside", "near"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss"})


def _in_protest(tok: Token) -> bool:
    """ "in protest", "in solidarity": a phrase that introduces what a protest is about."""
    return (
        tok.dep_ == "prep"
        and tok.lower_ == "in"
        and any(lemma(p) in ("protest", "solidarity") for p in tok.children)
    )


def _states_purpose(tok: Token) -> bool:
    """A clause or phrase saying what a protest is for ("to demand", "over a bill",
    "in protest of"; "at ..." after "in protest", wherever the parser hangs it)."""
    if tok.dep_ in PURPOSE_DEPS or _in_protest(tok):
        return True
    if tok.dep_ != "prep":
        return False
    if tok.lower_ == "at":
        return any(_in_protest(c) for c in tok.head.children)
    return tok.lower_ in PURPOSE_PREPS


#: Types whose target a purpose clause may name ("opened fire to disperse X").
PURPOSE_TYPES = frozenset({"PROTEST", "ASSAULT", "COERCE"})


def _aimed_targets(anchors: list[Token], agents: list[Mention], args: Arguments,
                   places: bool = True) -> list[Mention]:  # fmt: skip
    """Whom a protest, or force, without a stated target is aimed at.

    First whoever its purpose names ("staged demonstrations to demand pay rises from
    X's government", "marched calling for independence from Spain", "a strike over a
    law passed by X", "opened fire to scatter X"); else, for a protest (``places``),
    the country it takes place in, when that is not the protesters' own ("Sudanese
    refugees rioted at a camp in eastern Chad").
    """
    found: list[Mention] = []
    frontier = [c for anchor in anchors for c in anchor.children if _states_purpose(c)]
    while frontier and not found:  # the nearest actors in the purpose, not all of them
        found = [m for tok in frontier if tok.dep_ in ARGUMENT_DEPS
                 for m in args.actors(tok) if m not in agents]  # fmt: skip
        frontier = [c for tok in frontier for c in tok.children]
    if found or not places:
        return found
    own = {a.country for a in agents}
    for anchor in anchors:
        for prep in anchor.children:
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                continue
            for tok in prep.subtree:  # "at a camp in eastern Chad"
                if tok.dep_ == "pobj":
                    found += [m for m in args.actors(tok) if m.type == "COUNTRY"
                              and m.country and m.country not in own]  # fmt: skip
    return found


def verb_interactions(sent: Span, args: Arguments) -> Iterator[Candidate]:
    """Subject-verb-object, verb + preposition and passive constructions.

    "the US accused Russia", "Russia has called on NATO", "X was criticised by Y",
    "A and B met", "A met B".
    """
    table = triggers()
    for verb in sent:
        if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
            entries = table.get((lemma(verb), "ADJ")) or table.get((verb.lower_, "ADJ"))
        elif verb.pos_ in ("VERB", "AUX") or verb.tag_[:2] == "VB":
            entries = table.get((lemma(verb), "VERB"))
        else:
            continue
        if not entries or _blocked_by_head(verb):
            continue
        preps = _prep_objects(verb)
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
            preps.extend(_prep_objects(obj))
        particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
        entries = [e for e in entries if e.prep in particles or not particles & MEANING_PARTICLES]
        entry, prep_targets = _choose_entry(entries, preps, args, particles)
        if entry is None or (entry.intransitive and objects):
            continue
        if entry.diplomat and not any(lemma(o) in cue("envoy") for o in objects):
            continue
        passive = _is_passive(verb)
        subjects = subject_tokens(verb)
        if passive:
            agents = [m for t in _agent_tokens(verb) for m in args.actors(t)]
            patients = [m for t in subjects for m in args.actors(t)]
        else:
            agents = [m for t in subjects for m in args.actors(t)]
            patients = [m for t in objects for m in args.actors(t)]
        patients += [m for t in prep_targets for m in _actors_within(t, args)]
        if entry.type == "CONSULT":
            # "Qatar is mediating between Israel and Hamas": the go-between deals with each
            patients += [m for prep, p in preps if prep == "between" for m in args.actors(p)]
        symmetric_among_agents = not entry.directed and len(_dedup(agents)) >= 2
        if not patients and not passive and not entry.inverse and not symmetric_among_agents:
            # "threatened a military offensive against Iraq", "refused to deploy troops to
            # Iraq": the target sits in the object's or the complement's phrase. ("Both
            # leaders agreed to ...": the two agreed with each other.)
            patients += [m for m in _complement_targets(verb, objects, args) if m not in agents]
        if not patients and entry.type == "THREATEN" and not passive:
            # "threatened to quit the talks if Chile goes ahead": the threat is
            # aimed at whoever the condition is about.
            for tok in verb.subtree:
                if tok.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children
                ):
                    patients += [m for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                                 for m in args.actors(c)]  # fmt: skip
        if not patients and entry.type == "REJECT" and not passive:
            # "declined to resign despite pressure by the commission": whoever pressed
            for clause in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
                despite = [p for c in clause.children if c.lower_ == "despite"
                           for p in c.children if p.dep_ == "pobj"]  # fmt: skip
                for p in despite:
                    patients += [m for q, o in _prep_objects(p) if q in ("by", "from", "of")
                                 for m in args.actors(o)]  # fmt: skip
                    patients += [m for c in p.children if c.dep_ == "poss"
                                 for m in args.actors(c)]  # fmt: skip
        if not patients and entry.type in PURPOSE_TYPES and not passive:
            patients += _aimed_targets([verb], agents, args, places=entry.type == "PROTEST")
        if passive and not agents and entry.type in ("COERCE", "SANCTION"):
            # "was arrested in Lebanon": the authorities of the country it happened in
            agents += [m for prep, p in preps if prep == "in" for m in args.actors(p)
                       if m.type == "COUNTRY" and m.country
                       and knowledge.is_valid_country_code(m.country)]  # fmt: skip
        if (
            not patients
            and entry.type in ("REQUEST", "ACCUSE", "THREATEN", "CONCEDE")
            and (not passive)
        ):
            # "demanded that Boris Johnson explain ...": the one asked is the clause's subject
            # ("allowed the opposition leader to hold a rally": the one allowed)
            for clause in verb.children:
                if clause.dep_ in ("ccomp", "xcomp"):
                    patients += [m for t in clause.children if t.dep_ in ("nsubj", "nsubjpass")
                                 for m in args.actors(t)]  # fmt: skip
        if entry.inverse:
            src_tokens = [p for prep, p in preps if prep == entry.prep]
            agents, patients = [m for t in src_tokens for m in args.actors(t)], agents
        if (
            not patients
            and not entry.directed
            and any(not _names_event(o) and o.pos_ in NOUN_POS for o in objects)
        ):
            continue  # "Chile and Peru will join the bloc": each joins it, not each other
        yield from _candidates("verb", entry, [verb], agents, patients, verb)


#: Prepositions that make a noun the topic of a clause, not an event its subject was in.
TOPIC_PREPS = frozenset({"about", "over", "regarding", "concerning", "of", "into"})

#: Types of force; announced by the one who would use it, they are a threat.
FORCE_TYPES = frozenset({"COERCE", "ASSAULT", "SANCTION"})


def _announced_by_actor(anchor: Token) -> bool:
    """True for "X said they would blockade ...": a future act in a clause whose
    subject is a pronoun standing for the speaker."""
    clause = anchor
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or lemma(clause.head) not in cue("speech"):
        return False
    if lemma(clause.head) in ("announce", "declare"):
        return False  # announcing a decision is taking it
    return any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in anchor.children) or any(
        c.dep_ == "nsubj" and c.pos_ == "PRON" for c in clause.children
    )


def _candidates(construction: str, entry: Trigger, trigger: list[Token], agents: list[Mention],
                patients: list[Mention], anchor: Token) -> Iterator[Candidate]:  # fmt: skip
    agents = _dedup(agents)
    patients = [p for p in _dedup(patients) if p not in agents]
    if construction == "speech" or entry.type == "STATEMENT":
        # "he told BBC News": an outlet is where words go, not whom they deal with
        patients = [p for p in patients if not is_media(p)]
    status = event_status(anchor)
    if status == "planned" and entry.type in FORCE_TYPES and _announced_by_actor(anchor):
        # "the farmers said they would blockade Paris": announcing force is a threat
        entry = replace(entry, type="THREATEN")
        status = "occurred"
    symmetric = not entry.directed
    pairs: list[tuple[Mention, Mention]] = []
    if agents and patients:
        pairs = [(a, p) for a in agents for p in patients if a.key != p.key]
    elif symmetric and len(agents) >= 2:
        pairs = [(a, b) for i, a in enumerate(agents) for b in agents[i + 1 :] if a.key != b.key]
    if not pairs:
        return
    yield Candidate(
        construction=construction,
        entry=entry,
        trigger=trigger,
        sources=agents,
        targets=patients,
        symmetric=symmetric,
        status=status,
        mode=event_mode(anchor, entry),
        pairs=pairs,
    )


def _dedup(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    keys: set[str] = set()
    for m in mentions:
        if m.key not in keys:
            keys.add(m.key)
            out.append(m)
    return out


# --- events named by nouns ---------------------------------------------------------


def noun_interactions(sent: Span, args: Arguments) -> Iterator[Candidate]:
    """Events named by nouns: "a call between A and B", "A's visit to B", "held talks with C",
    "Russian demands", "sanctions on Iran"."""
    table = triggers()
    for noun in sent:
        if noun.pos_ not in NOUN_POS or noun.i in args.index:
            continue
        compound = " ".join(c.lower_ for c in noun.lefts if c.dep_ == "compound")
        entries = (
            (compound and table.get((f"{compound} {lemma(noun)}", "NOUN")))
            or table.get((lemma(noun), "NOUN"))
            or table.get((noun.lower_, "NOUN"))
        )
        if not entries:
            continue
        noun_preps = {prep for prep, _ in _prep_objects(noun)}
        entry = next((e for e in entries if e.prep is None or e.prep in noun_preps), None)
        if entry is None:
            continue
        if _blocked_by_head(noun.head) and noun.dep_ in OBJECT_DEPS:
            continue
        agents: list[Mention] = []
        patients: list[Mention] = []
        between: list[Mention] = []
        governor = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ in OBJECT_DEPS:
            governor = noun.head.head  # "gave Malawi 3 million euros of aid"
        light = governor.head if governor.dep_ in ("dobj", "attr", "nsubjpass") else None
        if light is not None and lemma(light) not in cue("light"):
            light = None
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound", "nmod")
                                        and child.i in args.index):  # fmt: skip
                agents += args.actors(child)
        noun_preps = _prep_objects(noun)
        if governor.i != noun.i:
            noun_preps += _prep_objects(governor)
        for prep, pobj in noun_preps:
            if prep == "between" or prep == "among":
                between += args.actors(pobj)
            elif prep in entry.target_preps:
                patients += args.actors(pobj)
            elif prep in ("by", "from", "of"):
                found = args.actors(pobj)
                if prep == "of" and not entry.directed and len(found) >= 2:
                    between += found  # "a meeting of Thai and Lao officials"
                else:
                    agents += found
        if (light is None and noun.dep_ == "pobj" and noun.head.dep_ == "prep"
                and noun.head.lower_ not in TOPIC_PREPS
                and entry.type not in FORCE_TYPES | {"PROTEST", "MOBILIZE", "THREATEN"}
                ):  # fmt: skip
            # "during a meeting with X", "in a letter to X", "pledged 1 billion euros in
            # aid to X": the clause's subject took part (but not in "following the
            # invasion of Georgia")
            verb = noun.head.head
            if verb.pos_ not in ("VERB", "AUX") and verb.dep_ in OBJECT_DEPS:
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX") and not agents:
                agents += [m for t in subject_tokens(verb) for m in args.actors(t)]
        if not agents and not between and noun.dep_ in ("nsubj", "nsubjpass") and light is None:
            # "Talks with the Taliban will resume, Pakistan said": the speaker takes part
            clause = noun.head
            if clause.dep_ == "ccomp" and lemma(clause.head) in cue("speech"):
                agents += [m for t in subject_tokens(clause.head) for m in args.actors(t)]
        if entry.type == "REQUEST" and not patients:
            # "its demand that Sudan lift restrictions": the one asked is the clause's subject
            # (the parser may hang the clause on the verb: "repeated its demand yesterday that")
            clauses = [*noun.children]
            if noun.dep_ == "dobj":
                clauses += [c for c in noun.head.children
                            if c.dep_ in ("ccomp", "advcl") and c.i > noun.i]  # fmt: skip
            for clause in clauses:
                if clause.dep_ in ("acl", "ccomp", "relcl", "advcl") and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                ):
                    patients += [m for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                                 for m in args.actors(c)]  # fmt: skip
        if light is not None:
            if governor.dep_ != "nsubjpass":
                agents += [m for t in subject_tokens(light) for m in args.actors(t)]
            for child in light.children:
                if child.dep_ in ("dative", "iobj") and child.pos_ != "ADP":
                    patients += args.actors(child)  # "gave the Ivory Coast aid"
            for prep, pobj in _prep_objects(light):
                if prep in entry.target_preps:
                    patients += args.actors(pobj)
                elif prep == "between":
                    between += args.actors(pobj)
        if entry.directed and not patients and not between:
            # "a suspension of trade talks with India": the target hangs one phrase deeper
            for prep, pobj in noun_preps:
                if prep == "of" and not args.actors(pobj):
                    patients += [m for p2, o2 in _prep_objects(pobj) if p2 in entry.target_preps
                                 for m in args.actors(o2)]  # fmt: skip
        if entry.type in PURPOSE_TYPES and not patients and not between:
            patients += _aimed_targets([noun] + ([light] if light is not None else []),
                                         agents, args, places=entry.type == "PROTEST")  # fmt: skip
        if between:
            # "talks between A and B"; and whoever holds or brokers them deals with each
            # ("the emir launched a mediation between A and B").
            yield from _candidates("between", entry, [noun], between, [], noun)
            outside = [a for a in agents if a not in between]
            if outside:
                yield from _candidates("between", entry, [noun], outside, between, noun)
            continue
        anchor = noun
        yield from _candidates("noun", entry, [light, noun] if light is not None else [noun],
                               agents, patients, anchor)  # fmt: skip


# --- reported speech -----------------------------------------------------------------

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


def _clause_actor_tokens(clause: Token) -> list[Token]:
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
    speech = cue("speech")
    for verb in sent:
        if lemma(verb) not in speech or verb.pos_ not in ("VERB", "AUX"):
            continue
        if _is_attribution(verb) or any(c.dep_ == "neg" for c in verb.children):
            continue
        speakers = [m for t in subject_tokens(verb) for m in args.actors(t)]
        speakers = [m for m in speakers if not is_media(m)]
        if not speakers:
            continue
        if any(t.text in QUOTE_MARKS for t in sent):
            args.referents.remember_speaker(verb, speakers)
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        direct = [c for c in verb.children if c.dep_ in ("dobj", "oprd")]
        targets: list[Mention] = []
        said: list[Token] = []
        demand = any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought")
                     for cl in clauses for c in cl.children)  # fmt: skip
        # A clause that states an event between actors of its own is reported, not the
        # speaker's act (unless the speaker says it must happen: that is a demand). With
        # one actor in it ("the government had failed to consult aid agencies") it is what the
        # speaker says about that actor.
        if (
            not demand
            and any(_names_event(t) for c in clauses for t in c.subtree)
            and _clause_actor_count(clauses, args, speakers) >= 2
        ):
            continue
        for clause in clauses:
            for tok in _clause_actor_tokens(clause):
                targets += args.actors(tok, speaker=speakers)
            said.extend(clause.subtree)
        for obj in direct:
            targets += args.actors(obj, speaker=speakers)
            said.extend(t for t in verb.subtree if t.i > verb.i)
        own = {s.key for s in speakers} | _affiliations(speakers, args)
        targets = [t for t in targets if t.key not in own]
        wish = False
        if not targets:
            # "said she hoped Starmer would win": the speaker's own attitude
            # clause holds what is said about someone else; wishing them well is support
            wish = any(lemma(c) in WISH_VERBS for c in clauses)
            clauses = [c for clause in clauses for c in clause.children if c.dep_ == "ccomp"]
            targets = [m for c in clauses for tok in _clause_actor_tokens(c)
                       for m in args.actors(tok, speaker=speakers)
                       if m.key not in {s.key for s in speakers}]  # fmt: skip
        if not targets:
            continue
        # "X said Y must return the helicopter": a demand
        tone = "request" if demand else "pos" if wish else polarity(said)
        if tone is None:
            # A neutral remark is an edge only when it is about an actor: the actor is
            # what the reported clause is about (its subject), not a passing mention.
            topics = [m for c in clauses for t in c.children if t.dep_ in ("nsubj", "nsubjpass")
                      for m in args.actors(t, speaker=speakers)]  # fmt: skip
            targets = [t for t in targets if t in topics and t.key not in {s.key for s in speakers}]
            if not targets or verb.i > max(t.start for t in targets):  # "..., X said"
                continue
        entry = SPEECH_ENTRIES[tone]
        yield from _candidates("speech", entry, [verb], speakers, targets, verb)


def _affiliations(speakers: list[Mention], args: Arguments) -> set[str]:
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
            for prep, p in _prep_objects(appos):
                if prep in ("for", "of", "at"):
                    keys.update(m.key for m in args.actors(p))
    return keys


#: Verbs of wishing: "she hoped X would survive" supports X.
WISH_VERBS = frozenset({"hope", "wish", "want"})


def quote_interactions(sent: Span, args: Arguments) -> Iterator[Candidate]:
    """A quoted sentence without a speech verb of its own carries on the speaker of the
    quotation before it: 'X said: "..." "The Commission should act now ..."'.

    Read like what a speaker says (see :func:`speech_interactions`): "must"/"should"
    make it a demand, critical or approving words an accusation or support, else a
    statement about the clause's subject.
    """
    if not opens_with_quote(sent):
        return
    if any(lemma(t) in cue("speech") for t in sent if t.pos_ in ("VERB", "AUX")):
        return  # attributed in the sentence itself
    speakers = args.referents.speaker_before(sent[0])
    root = sent.root
    if not speakers or root.pos_ not in ("VERB", "AUX"):
        return
    demand = any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought")
                 for c in root.children)  # fmt: skip
    if not demand and any(_names_event(t) for t in sent):
        return  # the event it states is found by the other constructions
    keys = {s.key for s in speakers} | _affiliations(speakers, args)
    targets = [m for tok in _clause_actor_tokens(root)
               for m in args.actors(tok, speaker=speakers) if m.key not in keys]  # fmt: skip
    tone = "request" if demand else polarity(sent)
    if tone is None:
        topics = [m for t in root.children if t.dep_ in ("nsubj", "nsubjpass")
                  for m in args.actors(t, speaker=speakers)]  # fmt: skip
        targets = [t for t in targets if t in topics]
    if targets:
        yield from _candidates("speech", SPEECH_ENTRIES[tone], [root], speakers, targets, root)


def is_media(m: Mention) -> bool:
    """A news outlet quoted as a source ("the Washington Post said")."""
    if m.type != "ORG":
        return False
    words = set(m.name.lower().replace("-", " ").split())
    return bool(words & cue("media"))


def _clause_actor_count(clauses: list[Token], args: Arguments, speakers: list[Mention]) -> int:
    """How many distinct actors the reported clauses name or refer to."""
    keys: set[str] = set()
    for clause in clauses:
        for tok in clause.subtree:
            if tok.i in args.index or tok.pos_ in ("PRON", "NOUN", "PROPN"):
                keys.update(m.key for m in args.actors(tok, speaker=speakers))
    return len(keys)


def _names_event(tok: Token) -> bool:
    table = triggers()
    word = lemma(tok)
    if tok.pos_ in ("VERB",) and (word, "VERB") in table:
        return True
    return tok.pos_ == "NOUN" and (word, "NOUN") in table


# --- the dependency path between two actors ----------------------------------------

MAX_PATH = 5
#: Prepositions that make their object a place where something happens, not a participant.
LOCATIVE = frozenset({"in", "at", "from", "near", "across", "throughout", "within", "inside",
                      "outside", "into", "around", "via", "through", "during"})  # fmt: skip


def _is_location(tok: Token, args: Arguments | None = None) -> bool:
    """The object of a locative preposition ("in Paris"), or a place after "on" ("on the
    West Bank"; but "sanctions on Iran" name a country as a target)."""
    if tok.dep_ != "pobj":
        return False
    if tok.head.lower_ in LOCATIVE:
        return True
    m = args.index.get(tok.i) if args is not None else None
    return tok.head.lower_ == "on" and m is not None and m.key.startswith("place:")


def _path(a: Token, b: Token) -> list[Token] | None:
    """Tokens on the dependency path from a to b (both included), or None if too long."""
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) <= MAX_PATH + 1:
        up_a.append(up_a[-1].head)
    seen = {t.i: n for n, t in enumerate(up_a)}
    up_b = [b]
    while up_b[-1].i not in seen:
        if up_b[-1].head.i == up_b[-1].i or len(up_b) > MAX_PATH + 1:
            return None
        up_b.append(up_b[-1].head)
    top = seen[up_b[-1].i]
    path = up_a[: top + 1] + list(reversed(up_b[:-1]))
    return path if len(path) - 1 <= MAX_PATH else None


#: Arcs by which an actor can be an argument of a trigger (never through another clause).
ARGUMENT_ARCS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj", "prep", "agent",
                           "poss", "compound", "amod", "nmod", "appos", "attr", "conj", "xcomp",
                           "acomp", "oprd", "npadvmod"})  # fmt: skip


#: Prepositions that can introduce a participant (not a time, place or circumstance).
ARGUMENT_PREPS = frozenset({"with", "to", "against", "on", "for", "from", "by", "of", "at",
                            "into", "toward", "towards", "between", "among", "over", "about",
                            "upon", "onto"})  # fmt: skip


def _argument_of(actor: Token, trigger: Token, steps: int = 4) -> bool:
    """True when the actor hangs on the trigger by argument arcs, a few at most."""
    tok = actor
    for _ in range(steps):
        if tok.dep_ not in ARGUMENT_ARCS or tok.head.i == tok.i:
            return False
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX"):
            return False  # another clause, with its own subject
        if tok.dep_ == "xcomp" and tok.head.i == trigger.i and _asks(trigger):
            return False  # inside the action a request asks for
        if tok.dep_ == "prep" and tok.lower_ not in ARGUMENT_PREPS:
            return False  # "despite Israel's wish", "after the war": circumstances
        tok = tok.head
        if tok.i == trigger.i:
            return True
    return False


def _asks(trigger: Token) -> bool:
    entries = triggers().get((lemma(trigger), "VERB"), [])
    return any(e.type == "REQUEST" for e in entries)


def _subject_side(actor: Token, trigger: Token) -> bool:
    tok = actor
    while tok.head.i != tok.i and tok.i != trigger.i:
        if tok.head.i == trigger.i:
            return tok.dep_ in ("nsubj", "agent") or (tok.dep_ == "poss")
        tok = tok.head
    return False


def path_interactions(
    sent: Span, args: Arguments, linked: set[frozenset[str]]
) -> Iterator[Candidate]:
    """Two actors joined, within a few dependency steps, through a trigger word.

    A fallback for constructions the others miss ("A member of the guard was killed in a
    clash with supporters of Hamas"): the trigger nearest to where the two paths meet
    gives the type; the actor on its subject side is the source. Pairs that another
    construction already linked in the sentence are left alone.
    """
    table = triggers()
    mentions = []
    seen_keys: set[int] = set()
    for tok in sent:
        m = args.index.get(tok.i)
        if m is not None and not m.absorbed and id(m) not in seen_keys:
            seen_keys.add(id(m))
            mentions.append(m)
    for i, ma in enumerate(mentions):
        for mb in mentions[i + 1 :]:
            if ma.key == mb.key or frozenset((ma.key, mb.key)) in linked:
                continue
            a, b = args.doc[ma.start : ma.end].root, args.doc[mb.start : mb.end].root
            if (_is_attribution(a) or _is_attribution(b) or _is_location(a, args)
                    or _is_location(b, args)):  # fmt: skip
                continue
            if is_media(ma) or is_media(mb):
                continue
            path = _path(a, b)
            if not path:
                continue
            inner = [t for t in path[1:-1]]
            found = None
            for tok in sorted(inner, key=lambda t: len(list(t.ancestors))):
                pos = (
                    "VERB"
                    if tok.pos_ in ("VERB", "AUX")
                    else "NOUN"
                    if tok.pos_ == "NOUN"
                    else None
                )
                entries = table.get((lemma(tok), pos)) if pos else None
                if entries:
                    entry = next((e for e in entries if e.prep is None), entries[-1])
                    if (entry.type != "STATEMENT" and lemma(tok) not in cue("speech")
                            and not entry.diplomat and not entry.intransitive):  # fmt: skip
                        found = (tok, entry)
                    break
            if found is None:
                continue
            trig, entry = found
            if not (_argument_of(a, trig) and _argument_of(b, trig)):
                continue
            if _blocked_by_head(trig):
                continue
            if _subject_side(b, trig) and not _subject_side(a, trig):
                src, tgt = mb, ma
            else:
                src, tgt = ma, mb
            linked.add(frozenset((ma.key, mb.key)))
            yield from _candidates("path", entry, [trig], [src], [tgt], trig)
