"""Resolve pronouns and descriptions ("he", "the spokesman", "both leaders") to named actors."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from actorgraph import knowledge
from actorgraph.extract.actors import Mention
from actorgraph.extract.lexicon import cue
from actorgraph.nlp import lemma

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
LOOKBACK_SENTENCES = 3
#: "the move", "the proposal" refer to an act of an actor named this close.
ACT_LOOKBACK_SENTENCES = 2
#: A description sharing a word with a name may refer to it from this far.
NAME_LOOKBACK_SENTENCES = 10
#: "both main parties" may look further back for the two it means.
GROUP_LOOKBACK_SENTENCES = 8


class Referents:
    """What the document has named so far, for resolving later references to it.

    Built once per document from its mentions; :meth:`pronoun`, :meth:`description`
    and :meth:`group` answer for one token with the mentions it refers to (or none).
    """

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = [m for m in mentions if not m.absorbed]
        self.all_mentions = sorted(mentions, key=lambda m: m.start)
        self._sent_of = {}
        for n, sent in enumerate(doc.sents):
            for tok in sent:
                self._sent_of[tok.i] = n
        self.pairs: list[tuple[Mention, Mention]] = []  # symmetric interactions, in order
        self.role_holder: dict[str, Mention] = {}
        self._made: dict[int, Mention] = {}  # the implied country made for each token
        self._governments: dict[int, Mention] = {}  # ... and the implied government
        self.speaker: tuple[int, list[Mention]] | None = None  # last quoted speaker
        self.act: tuple[int, list[Mention]] | None = None  # who did the last reported thing

    def sentence_no(self, token: Token) -> int:
        return self._sent_of.get(token.i, 0)

    def _before(
        self, token: Token, kinds: set[str], lookback: int = LOOKBACK_SENTENCES
    ) -> list[Mention]:
        """Candidate antecedents before the token, nearest first, within the lookback."""
        here = self.sentence_no(token)
        out = []
        for m in reversed(self.mentions):
            # "the Ghanaian foreign minister ... She": a described office holder is a person
            person = "PERSON" in kinds and m.description is not None
            if m.start >= token.i or (m.type not in kinds and not person):
                continue
            if here - self._sent_of.get(m.start, 0) > lookback:
                break
            out.append(m)
        return out

    def _is_subject(self, m: Mention) -> bool:
        root = self.doc[m.start : m.end].root
        if root.dep_ in ("compound", "amod", "poss", "nmod"):
            return False  # a modifier inside another phrase ("a key U.S. ally")
        while root.dep_ in ("appos", "conj"):
            root = root.head
        return root.dep_ in SUBJECT_DEPS

    def pronoun(self, token: Token, speaker: list[Mention] | None = None) -> list[Mention]:
        """Resolve a personal pronoun to its antecedent.

        A pronoun subject inside a clause reported by a speaker ("X said that they would")
        refers to that speaker; otherwise the nearest earlier subject of the right kind
        wins (centering: subjects are what a text keeps talking about), then the nearest
        mention of that kind.
        """
        low = token.lower_
        if low == "it" and _is_expletive(token):
            return []
        if low in cue("person_pronoun"):
            kinds = {"PERSON"}
        elif low in cue("group_pronoun"):
            kinds = {"ORG", "COUNTRY"}
        else:
            return []
        if speaker:
            fitting = [m for m in speaker if m.type in kinds or low in cue("plural_pronoun")]
            if fitting:
                return fitting
        candidates = self._before(token, kinds)
        if token.dep_ in SUBJECT_DEPS and token.head.dep_ == "conj":
            # "Merkel met Scholz when Weber argued for it, and she praised Macron":
            # the subject of a coordinated clause carries on the first clause's subject.
            first = token.head.head
            for m in candidates:
                root = self.doc[m.start : m.end].root
                if root.dep_ in SUBJECT_DEPS and root.head.i == first.i:
                    return [m]
        for m in candidates:
            if self._is_subject(m):
                return [m]
        return candidates[:1]

    def description(
        self, token: Token, country: str | None, role: str | None = None
    ) -> list[Mention]:
        """Resolve a definite description headed by a title ("the French president").

        The nearest earlier person holding that role (and from that country, when the
        description names one); or the organisation last spoken for by that role
        ("the spokesman" after "a spokesman for the State Department").
        """
        role = role or lemma(token)
        if role in self.role_holder and (
            country is None or self.role_holder[role].country == country
        ):
            return [self.role_holder[role]]
        last_word = role.split()[-1]
        for m in self._before(token, {"PERSON"}):
            if (role in m.roles or last_word in m.roles) and (
                country is None or m.country == country
            ):
                return [m]
        return []

    def definite(self, token: Token) -> list[Mention]:
        """Resolve "the party", "the organisation", "the country" to the actor meant.

        An organisation noun refers to the nearest earlier organisation whose name has
        that word ("the party" -> "Labour Party"), else to the nearest earlier
        organisation that was a subject, else to the only organisation named in the last
        sentences; a country noun to the nearest earlier country.
        """
        word = lemma(token)
        if word in cue("government_noun") or token.lower_ in cue("government_noun"):
            # the government of that country, a body of it with a sector of its own
            return [self._made_government(token, m.country)
                    for m in self.home_country(token) if m.country][:1]  # fmt: skip
        if word in cue("country_noun"):
            found = self._before(token, {"COUNTRY"})
            return [m for m in found if m.country][:1]
        if word not in cue("org_noun"):
            return []
        commanding = _commanding_subjects(token)

        def fitting(lookback: int) -> list[Mention]:
            return [m for m in self._before(token, {"ORG"}, lookback)
                    if not _is_media_name(m.name)
                    and not any(m.start <= i < m.end for i in commanding)]  # fmt: skip

        # A word of the name ("the party" -> "Labour Party") or a modifier that the name
        # shares ("the wildlife body" -> "Kenya Wildlife Service") may reach
        # further back than a bare subject.
        named = fitting(NAME_LOOKBACK_SENTENCES)
        for m in named:
            if word in m.name.lower().split():
                return [m]
        modifiers = {c.lower_ for c in token.lefts
                     if c.dep_ in ("compound", "amod", "nmod")
                     and c.pos_ in ("NOUN", "ADJ", "PROPN")
                     and c.lower_ not in cue("generic_modifier")}  # fmt: skip
        for m in named:
            if modifiers & set(m.name.lower().split()):
                return [m]
        candidates = fitting(LOOKBACK_SENTENCES)
        for m in candidates:
            if self._is_subject(m):
                return [m]
        if len({m.key for m in candidates}) == 1:
            return candidates[:1]  # the one organisation named lately, whatever its role
        return []

    def last_actor(self, token: Token) -> list[Mention]:
        """Whose act "the move" or "the proposal" is: the nearest earlier subject in the
        same sentence that is not the subject of a clause above the token ("Ruto called
        for a recount, but the opposition rejected the move"), else whoever did the last thing the
        text reported in the sentence or two before.
        """
        commanding = _commanding_subjects(token)
        for m in self._before(token, {"PERSON", "ORG", "COUNTRY"}, lookback=0):
            if self._is_subject(m) and not any(m.start <= i < m.end for i in commanding):
                return [m]
        if self.act is not None:
            n, agents = self.act
            if 0 < self.sentence_no(token) - n <= ACT_LOOKBACK_SENTENCES:
                return [a for a in agents if not any(a.start <= i < a.end for i in commanding)]
        return []

    def remember_act(self, sentence_no: int, agents: list[Mention]) -> None:
        """Remember who did the last thing reported, for "the move" later on."""
        self.act = (sentence_no, agents)

    def home_country(self, token: Token) -> list[Mention]:
        """The country "the government" or "ministers" belong to: the one the text is
        about so far (the nearest on a tie).

        A country counts once for each time it is named, and once more when it is named
        as someone's ("Malawian President Peter Mutharika", "Malawi's envoy")
        or is the country of a person or organisation named: a place the story only
        travels to ("flew to Kenya for treatment") is not whose government is meant.
        """
        counts: dict[str, int] = {}
        last: dict[str, Mention] = {}
        for m in self.all_mentions:
            if m.start >= token.i:
                break
            if not m.country or not knowledge.is_valid_country_code(m.country):
                continue
            if m.type == "COUNTRY":
                if self._is_place(m):
                    continue
                counts[m.country] = counts.get(m.country, 0) + (2 if m.absorbed else 1)
                if not m.absorbed or m.country not in last:
                    last[m.country] = m
            elif m.type == "PERSON":
                counts[m.country] = counts.get(m.country, 0) + 1
        if not counts:
            return self._implied_country(token)
        best = max(counts, key=lambda c: (counts[c], last[c].start if c in last else -1))
        if best in last and not last[best].absorbed:
            return [last[best]]
        return self._made_country(token, best)

    def _is_place(self, m: Mention) -> bool:
        """A country named as where something happens or goes ("travel to South Africa",
        "doctors in South Africa")."""
        root = self.doc[m.start : m.end].root
        return root.dep_ == "pobj" and root.head.lower_ in cue("destination_prep")

    def _implied_country(self, token: Token) -> list[Mention]:
        """The country of a text that never names one before "the government": the one
        its named people and organisations belong to ("the Tories", "the Home Office").

        Returned as a mention made for the token; :attr:`implied` keeps them so that the
        document's actors include the country.
        """
        counts: dict[str, int] = {}
        for m in self.all_mentions:
            if m.country and m.type in ("ORG", "PERSON"):
                counts[m.country] = counts.get(m.country, 0) + 1
        if not counts:
            return []
        best = max(sorted(counts), key=lambda c: counts[c])
        return self._made_country(token, best)

    def _made_country(self, token: Token, code: str) -> list[Mention]:
        """A mention of a country made for a token that means it without naming it; one
        per token, however many constructions ask about that token."""
        made = self._made.get(token.i)
        if made is None or made.key != code:
            name = knowledge.country_name(code)
            if name is None:
                return []
            made = Mention(token.i, token.i + 1, name, "COUNTRY", code, key=code)
            self._made[token.i] = made
        return [made]

    def _made_government(self, token: Token, code: str) -> Mention:
        """The government of a country, made for a word that means it ("the government",
        "ministers"): "British government", as "the British government" is named;
        one per token."""
        made = self._governments.get(token.i)
        if made is None or made.country != code:
            adjective = knowledge.demonym_of(code) or knowledge.country_name(code) or code
            name = f"{adjective} government"
            made = Mention(token.i, token.i + 1, name, "ORG", code,
                           key=f"org:{knowledge.normalise(name)}")  # fmt: skip
            self._governments[token.i] = made
        return made

    @property
    def implied(self) -> list[Mention]:
        """The countries and governments meant but never named, one mention per word
        that means one."""
        return [*self._made.values(), *self._governments.values()]

    def group(self, token: Token) -> list[Mention]:
        """Resolve "both leaders", "the two sides" to the two actors of the last interaction."""
        if lemma(token) not in cue("group") and token.lower_ not in cue("group"):
            return []
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet")}
        if not determiners & cue("pair_det"):
            return []
        # "both leaders" are people; "the two countries" countries; "both sides" anything
        kinds = {"PERSON"} if lemma(token) in cue("people_group") else None
        if lemma(token) in cue("country_group"):
            kinds = {"COUNTRY"}
        for a, b in reversed(self.pairs):
            if kinds is None or (a.type in kinds and b.type in kinds):
                return [a, b]
        # No pair has met yet: "both main parties" are the last two parties named,
        # "both countries" the last two countries.
        word = lemma(token)
        if word == "party":
            return self._last_two(token, {"ORG"}, lambda m: "party" in m.name.lower().split())
        if kinds is not None:
            return self._last_two(token, kinds, lambda m: True)
        return []

    def _last_two(self, token: Token, kinds: set[str], fits) -> list[Mention]:
        """The two nearest distinct actors of a kind named before a token, or none."""
        found: list[Mention] = []
        for m in self._before(token, kinds, lookback=GROUP_LOOKBACK_SENTENCES):
            if fits(m) and all(m.key != f.key for f in found):
                found.append(m)
            if len(found) == 2:
                return found[::-1]
        return []

    def remember_role(self, role: str, actor: Mention) -> None:
        """Remember that a role noun stood for an actor ("a spokesman for X")."""
        if role in knowledge.title_words() or role in cue("via"):
            self.role_holder[role] = actor

    def remember_speaker(self, verb: Token, speakers: list[Mention]) -> None:
        """Remember who spoke in a sentence with a quotation."""
        self.speaker = (self.sentence_no(verb), speakers)

    def speaker_before(self, token: Token) -> list[Mention]:
        """The speaker of a quotation in the one or two sentences before a token's."""
        if self.speaker is None:
            return []
        n, speakers = self.speaker
        return speakers if 0 < self.sentence_no(token) - n <= 2 else []

    def remember_pair(self, a: Mention, b: Mention) -> None:
        if a.key != b.key:
            self.pairs.append((a, b))


def _is_expletive(token: Token) -> bool:
    """ "It was unlikely that ...", "it is time to ...": an "it" that stands for a clause."""
    verb = token.head
    if token.dep_ not in SUBJECT_DEPS or lemma(verb) not in cue("copula"):
        return False
    if any(c.dep_ in ("ccomp", "csubj") and c.i > token.i for c in verb.children):
        return True  # "it was unlikely that ..."
    for c in verb.children:
        if c.dep_ in ("acomp", "attr"):
            if any(g.dep_ == "ccomp" for g in c.children):
                return True
            # "it is important to ..." but not "it is willing to ..."
            if lemma(c) in cue("impersonal") and any(g.dep_ == "xcomp" for g in c.children):
                return True
    return False


def _commanding_subjects(token: Token) -> set[int]:
    """Token indices of the subjects of the clauses above a token, with their conjuncts.

    A description does not refer to the subject of a clause it sits in ("Labour and the
    Liberal Democrats say the party's sums do not add up": the party is another one), as
    that subject would be named by a pronoun ("their sums").
    """
    out: set[int] = set()
    for clause in token.ancestors:
        for subj in clause.children:
            if subj.dep_ in SUBJECT_DEPS and subj.i < token.i:
                out.update(t.i for t in (subj, *subj.conjuncts))
        if clause.dep_ == "conj":
            break  # a coordinated clause is not below the first one's subject
    return out


def _is_media_name(name: str) -> bool:
    return bool(set(name.lower().replace("-", " ").split()) & cue("media"))
