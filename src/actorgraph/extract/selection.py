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
from actorgraph.extract.lexicon import cue, triggers
from actorgraph.nlp import lemma_candidates

#: Actor slots a sentence needs before it is worth parsing.
MIN_SLOTS = 2
#: Longest name looked up in the knowledge files, in tokens.
MAX_NAME_TOKENS = 3

__all__ = ["MIN_SLOTS", "actor_pronouns", "actor_slots", "has_trigger", "interaction_sentences"]


@lru_cache(maxsize=1)
def actor_pronouns() -> frozenset[str]:
    """Pronouns that can stand for an actor (first person: the speaker of a quote)."""
    return cue("person_pronoun") | cue("group_pronoun") | cue("first_person_pronoun")


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """Single words that can head a description of an actor, lower case."""
    words: set[str] = set()
    for title in knowledge.title_words():
        words.update(title.replace("-", " ").split()[-1:])
    words.update(cue("via") | cue("group_noun") | cue("org_noun") | cue("country_noun"))
    words.update(cue("group"))
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


@lru_cache(maxsize=1)
def _trigger_lemmas() -> frozenset[str]:
    """Lemmas that can name an interaction: the trigger lexicon and speech verbs."""
    return frozenset(lemma for lemma, _pos in triggers()) | cue("speech")


def has_trigger(sent: Span) -> bool:
    """Whether some word of a sentence may be a form of a trigger or speech lemma.

    Every construction of the extractor starts from such a word; without tags, each word
    is tried as a verb, a noun and an adjective.
    """
    lemmas = _trigger_lemmas()
    vocab = sent.doc.vocab
    return any(
        not lemmas.isdisjoint(lemma_candidates(tok.lower_, vocab)) for tok in sent if tok.is_alpha
    )


def _dictionary_words(dictionary: ActorDictionary | None) -> frozenset[str]:
    if not dictionary:
        return frozenset()
    return frozenset(
        name.replace("\u2019", "'").split()[0].lower()
        for name, _ in dictionary.surface_forms()
        if name.split()
    )


def actor_slots(sent: Span, dictionary_words: frozenset[str] = frozenset()) -> tuple[int, bool]:
    """Count the places in a sentence where an actor may be named or referred to.

    Parameters
    ----------
    sent : spacy.tokens.Span
        A sentence of a doc with entities (no tags or parse needed).
    dictionary_words : frozenset of str
        First words (lower case) of a user dictionary's names and aliases.

    Returns
    -------
    (int, bool)
        The number of actor slots (counted up to :data:`MIN_SLOTS`; each entity counts
        once), and whether one of them names an actor (an entity, a known or dictionary
        name) or is a group that stands for two ("both leaders").
    """
    slots = 0
    named = False
    covered: set[int] = set()
    for ent in sent.ents:
        if ent.label_ in ENTITY_LABELS:
            slots += 1
            named = True
            covered.update(range(ent.start, ent.end))
    doc = sent.doc
    pronouns = actor_pronouns()
    for tok in sent:
        if slots >= MIN_SLOTS and named:
            break
        if tok.i in covered or tok.is_punct or tok.is_space:
            continue
        low = tok.lower_
        if low in dictionary_words or (
            tok.text[:1].isupper()
            and any(
                _known_name(doc[tok.i : tok.i + width].text)
                for width in range(1, MAX_NAME_TOKENS + 1)
                if tok.i + width <= sent.end
            )
        ):
            slots += 1
            named = True
        elif low in pronouns:
            slots += 1
        else:
            found = _role_slots(low)
            slots += found
            named = named or found >= 2
    return slots, named


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
    # A name given once may come back where the recogniser misses it ("Airbus", "Chaturon")
    words = _dictionary_words(dictionary) | _entity_name_parts(doc)
    chosen = []
    for sent in doc.sents:
        slots, named = actor_slots(sent, words)
        if (slots >= MIN_SLOTS and named and has_trigger(sent)) or (
            slots >= 1 and opens_with_quote(sent)
        ):  # a quoted sentence may carry on a speaker named before it
            chosen.append(sent)
    return chosen


def _entity_name_parts(doc: Doc) -> frozenset[str]:
    """Lower-case words of the document's person and organisation names."""
    return frozenset(
        tok.lower_
        for ent in doc.ents
        if ent.label_ in ("PERSON", "ORG")
        for tok in ent
        if len(tok.text) >= 3 and tok.text[:1].isupper()
    )


#: Marks that open a quotation.
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def opens_with_quote(sent: Span) -> bool:
    """True when a sentence starts with a quotation mark."""
    first = next((t for t in sent if not t.is_space), None)
    return first is not None and first.text in QUOTE_MARKS
