"""The argument resolver: which actors a token of a sentence stands for."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from actorgraph import knowledge
from actorgraph.extract.actors import Mention
from actorgraph.extract.coref import Referents
from actorgraph.extract.lexicon import cue
from actorgraph.nlp import lemma

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MAX_ARG_DEPTH = 3


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
        if depth > MAX_ARG_DEPTH or is_attribution(tok):
            return []
        m = self.index.get(tok.i)
        if m is not None:
            return self._named(m)
        if tok.pos_ == "PRON":
            return self._pronoun(tok, depth, speaker)
        if tok.pos_ == "VERB" and tok.dep_ in SUBJECT_DEPS and depth < MAX_ARG_DEPTH:
            # "The Red Cross working in Yemen said": the parser made the participle the
            # subject and hung the name on it
            return [m for c in tok.children if c.dep_ == "nsubj"
                    for m in self._actors_of(c, depth + 1, speaker)]  # fmt: skip
        if tok.pos_ not in NOUN_POS and tok.lower_ not in cue("via"):  # "thousands of"
            return []
        return self._common_noun(tok, depth, speaker)

    def _named(self, m: Mention) -> list[Mention]:
        """A mention's actor; for a description ("the president"), whom it describes."""
        if m.absorbed:
            return []
        if m.description:
            found = self.referents.description(self.doc[m.end - 1], m.country,
                                               role=m.description)  # fmt: skip
            if found:
                return found
        return [m]

    def _pronoun(self, tok: Token, depth: int, speaker: list[Mention] | None) -> list[Mention]:
        """Whom a pronoun refers to; "we" and "I" in reported speech are the speaker."""
        if speaker is None:
            speaker = self.reporting_speaker(tok, depth)
        if tok.lower_ in cue("first_person_pronoun") and speaker:
            return speaker
        return self.referents.pronoun(tok, speaker)

    def _common_noun(self, tok: Token, depth: int, speaker: list[Mention] | None) -> list[Mention]:
        """The actors a common noun stands for: an appositive name, a group or definite
        description met before, a role's or a group's organisation, a thing's owner."""
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
            return self._owner(tok, depth, speaker)
        return self._represented(tok, word, is_role, depth, speaker)

    def _owner(self, tok: Token, depth: int, speaker: list[Mention] | None) -> list[Mention]:
        """ "the Tory plans", "Russia's proposal": a thing stands for its owner; an
        organisation named in it before a person who owns that ("Abu Bakr
        al-Baghdadi's Islamic State network" is Islamic State's)."""
        children = sorted(tok.children, key=lambda c: c.i in self.index
                          and self.index[c.i].type == "PERSON")  # fmt: skip
        topic = lemma(tok) in cue("topic_noun")  # "the Iran scandal" is about Iran
        for child in children:
            if topic and child.dep_ != "poss":
                continue
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

    def _represented(self, tok: Token, word: str, is_role: bool, depth: int,
                     speaker: list[Mention] | None) -> list[Mention]:  # fmt: skip
        """Whom a role or a group noun stands for: "the president" met before, "a
        spokesman for X", "officials of X", "X's government", "Russian troops"."""
        country = _modifier_country(tok, self.index)
        if is_role and _is_definite(tok) and not _has_owner(tok):
            found = self.referents.description(tok, country)
            if found:
                return found
        for child in tok.children:
            found = self._through_modifier(child, word, is_role, depth, speaker)
            if found is not None:
                return found
        if word in cue("act_noun") and _is_definite(tok) and not _has_owner(tok):
            # "Ruto called for a recount, but the opposition rejected the move": an act
            # named by a definite noun is that of the actor the text last spoke of
            return self.referents.last_actor(tok)
        return []

    def _through_modifier(self, child: Token, word: str, is_role: bool, depth: int,
                          speaker: list[Mention] | None) -> list[Mention] | None:  # fmt: skip
        """The actors one modifier of a role or group noun names ("for X", "X's",
        "Russian"), or None to look further."""
        if child.dep_ == "prep" and child.lower_ in cue("role_prep"):
            if child.lower_ == "in" and not is_role:
                return None
            return self._prep_phrase(child, word, is_role, depth, speaker)
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
        return None

    def _prep_phrase(self, prep: Token, word: str, is_role: bool, depth: int,
                     speaker: list[Mention] | None) -> list[Mention] | None:  # fmt: skip
        """The actors a role's or a group's phrase names ("a spokesman for X", "ministers
        of A and B"); a role is remembered as theirs. None when it names none."""
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                found = [m for t in (pobj, *pobj.conjuncts)  # "ministers of A and B"
                         for m in self._actors_of(t, depth + 1, speaker)]  # fmt: skip
                if found:
                    if is_role:
                        self.referents.remember_role(word, found[0])
                    return found
        return None

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
    return any(c.dep_ == "det" and c.lower_ in cue("definite_det") for c in tok.children) or any(
        c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children
    )


def _has_modifier_actor(tok: Token, index: dict[int, Mention]) -> bool:
    return any(c.i in index for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod"))


def _has_owner(tok: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in cue("owner_prep") for c in tok.children)


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


def is_attribution(tok: Token) -> bool:
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


def prep_objects(token: Token) -> list[tuple[str, Token]]:
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
