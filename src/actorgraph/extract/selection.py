"""Which sentences can hold an interaction, judged from entities and words alone (no parse).

A selective parse (see :func:`actorgraph.nlp.pipe_selectively`) runs the tagger and the
parser only on the sentences this module picks: those with room for two actors. An actor
slot is a named entity of an actor label, a name the knowledge files know (countries,
demonyms, seats, organisations), a name of the user's dictionary, a personal pronoun, or
a noun that can stand for an actor (titles and roles, groups, "the government"). A plural
group noun ("both leaders", "the two sides") fills two slots, since it stands for the two
actors of an earlier interaction. The test errs on the side of parsing: a sentence left
out can yield nothing, while a sentence parsed for nothing only costs time.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from actorgraph import knowledge
from actorgraph.dictionary import ActorDictionary
from actorgraph.extract.actors import ENTITY_LABELS, seat_or_org
from actorgraph.extract.coref import GROUP_PRONOUNS, PERSON_PRONOUNS
from actorgraph.extract.lexicon import cue

#: Pronouns that can stand for an actor (first person: the speaker of a quote).
ACTOR_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | {"we", "us", "our", "i", "me", "my"}
#: Actor slots a sentence needs before it is worth parsing.
MIN_SLOTS = 2
#: Longest name looked up in the knowledge files, in tokens.
MAX_NAME_TOKENS = 3

__all__ = ["ACTOR_PRONOUNS", "MIN_SLOTS", "actor_slots", "interaction_sentences"]


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """Single words that can head a description of an actor, lower case."""
    words: set[str] = set()
    for title in knowledge.title_words():
        words.update(title.replace("-", " ").split()[-1:])
    for kind in ("via", "group_noun", "org_noun", "country_noun", "group"):
        words.update(cue(kind))
    return frozenset(words)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("es") and word[:-2] in _role_words():
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def _role_slots(word: str) -> int:
    """Slots a lower-case word fills as a description: 0, 1, or 2 for a group ("leaders")."""
    base = _singular(word)
    if word in cue("group") or base in cue("group"):
        return 2
    roles = _role_words()
    return 1 if word in roles or base in roles else 0


@lru_cache(maxsize=65_536)
def _known_name(text: str) -> bool:
    """Whether the knowledge files know a capitalised name (country, demonym, seat, body)."""
    return bool(
        seat_or_org(text) or knowledge.country_code(text) or knowledge.demonym_country(text)
    )


def _dictionary_words(dictionary: ActorDictionary | None) -> frozenset[str]:
    if not dictionary:
        return frozenset()
    return frozenset(
        name.replace("\u2019", "'").split()[0].lower()
        for name, _ in dictionary.surface_forms()
        if name.split()
    )


def actor_slots(sent: Span, dictionary_words: frozenset[str] = frozenset()) -> int:
    """Count the places in a sentence where an actor may be named or referred to.

    Parameters
    ----------
    sent : spacy.tokens.Span
        A sentence of a doc with entities (no tags or parse needed).
    dictionary_words : frozenset of str
        First words (lower case) of a user dictionary's names and aliases.

    Returns
    -------
    int
        The number of actor slots; each entity counts once.
    """
    slots = 0
    covered: set[int] = set()
    for ent in sent.ents:
        if ent.label_ in ENTITY_LABELS:
            slots += 1
            covered.update(range(ent.start, ent.end))
    doc = sent.doc
    for tok in sent:
        if tok.i in covered or tok.is_punct or tok.is_space:
            continue
        low = tok.lower_
        if low in ACTOR_PRONOUNS or low in dictionary_words:
            slots += 1
        elif tok.text[:1].isupper() and any(
            _known_name(doc[tok.i : tok.i + width].text)
            for width in range(1, MAX_NAME_TOKENS + 1)
            if tok.i + width <= sent.end
        ):
            slots += 1
        else:
            slots += _role_slots(low)
        if slots >= MIN_SLOTS:
            return slots
    return slots


def interaction_sentences(doc: Doc, dictionary: ActorDictionary | None = None) -> list[Span]:
    """The sentences of a doc with room for two actors: the ones worth parsing.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A doc with entities and sentence boundaries.
    dictionary : ActorDictionary, optional
        A user's actor dictionary, whose names count as actors wherever they occur.

    Returns
    -------
    list of spacy.tokens.Span
        The sentences, in text order.

    Examples
    --------
    >>> nlp = load_pipeline()  # doctest: +SKIP
    >>> [s.text for s in interaction_sentences(first_pass(nlp, "It rained. Putin met Macron."))]
    ['Putin met Macron.']  # doctest: +SKIP
    """
    words = _dictionary_words(dictionary)
    return [sent for sent in doc.sents if actor_slots(sent, words) >= MIN_SLOTS]
