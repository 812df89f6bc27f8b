"""Every pair of actors a sentence names or refers to, with the features a model decides on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Span, Token

from actorgraph import knowledge
from actorgraph.extract.actors import Mention
from actorgraph.extract.arguments import Arguments
from actorgraph.extract.candidate import is_media
from actorgraph.extract.lexicon import cue, evaluation, triggers, type_words, valences
from actorgraph.extract.modality import event_status
from actorgraph.extract.selection import actor_pronouns
from actorgraph.model import Actor, Interaction
from actorgraph.nlp import lemma

#: Longest dependency path (in arcs) whose labels become a feature of their own.
MAX_PATH_FEATURE = 6
#: Pairs further apart than this (in tokens) keep only coarse features.
FAR = 25


@dataclass(frozen=True)
class Slot:
    """One place in a sentence that names or refers to an actor."""

    token: Token
    mention: Mention
    actor: Actor
    kind: str  # "name", "pronoun", "description" or "speaker" (of a quoted sentence)


@dataclass(frozen=True)
class PairCandidate:
    """Two actors of one sentence, with what the rules said of them and the model's features.

    ``first`` is the actor whose slot comes first in the sentence; ``readings`` are the
    interactions the hand-written constructions found between the two (in either order).
    """

    first: Actor
    second: Actor
    first_token: Token
    second_token: Token
    sentence: Span
    readings: tuple[Interaction, ...]
    features: tuple[str, ...]
    trigger: Token | None

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.first.id, self.second.id))


def sentence_slots(sent: Span, args: Arguments, actors_by_key: dict[str, Actor]) -> list[Slot]:
    """The actor slots of a sentence, in text order: names, pronouns and descriptions,
    each resolved to the actor it stands for."""
    slots: list[Slot] = []
    seen: set[int] = set()
    titles = knowledge.title_words()
    for tok in sent:
        m = args.index.get(tok.i)
        kind = None
        if m is not None:
            if m.absorbed or id(m) in seen:
                continue
            seen.add(id(m))
            tok = args.doc[m.start : m.end].root
            kind = "name"
        elif tok.pos_ == "PRON" and tok.lower_ in actor_pronouns():
            kind = "pronoun"
        elif tok.pos_ == "NOUN" and (
            lemma(tok) in titles
            or tok.lower_ in titles
            or tok.lower_ in cue("government_noun")
            or lemma(tok) in cue("group")
        ):
            kind = "description"
        if kind is None:
            continue
        try:
            found = args._actors_of(tok, 0, None) if kind != "name" else [m] if m else []
            if kind == "name" and m is not None and m.description:
                found = args._actors_of(tok, 0, None) or [m]
        except (RecursionError, IndexError):  # a parse too odd to follow
            found = []
        for f in found:
            actor = actors_by_key.get(f.key)
            if actor is not None:
                slots.append(Slot(tok, f, actor, kind))
    return slots


def _ancestors(tok: Token, limit: int = 40) -> list[Token]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < limit:
        chain.append(chain[-1].head)
    return chain


def dependency_path(a: Token, b: Token) -> tuple[list[Token], list[Token]] | None:
    """The tokens from a up to the lowest common ancestor, and from b up to it (each
    list starts at its end token and ends at the common ancestor)."""
    up_a = _ancestors(a)
    where = {t.i: n for n, t in enumerate(up_a)}
    up_b = _ancestors(b)
    for n, t in enumerate(up_b):
        if t.i in where:
            return up_a[: where[t.i] + 1], up_b[: n + 1]
    return None


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 10:
        return "7-10"
    if n <= FAR:
        return "11-25"
    return "far"


def _pos(tok: Token) -> str | None:
    if tok.pos_ in ("VERB", "AUX"):
        return "VERB"
    if tok.pos_ == "NOUN":
        return "NOUN"
    if tok.pos_ == "ADJ":
        return "ADJ"
    return None


def trigger_types(tok: Token) -> list[str]:
    """The interaction types the lexicon gives a token's lemma in its part of speech."""
    pos = _pos(tok)
    if pos is None:
        return []
    return sorted({e.type for e in triggers().get((lemma(tok), pos), [])})


def _prep_of(tok: Token) -> str | None:
    """The preposition an argument hangs on ("with" in "met with X")."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        return tok.head.lower_
    if tok.dep_ == "pobj":
        return tok.head.lower_
    return None


def _role(tok: Token, top: Token) -> str:
    """The arc by which a path from a token enters the common ancestor, with the
    preposition for a prepositional object."""
    chain = _ancestors(tok)
    for t in chain:
        if t.head.i == top.i and t.i != top.i:
            if t.dep_ == "prep":
                return f"prep_{t.lower_}"
            return t.dep_
    return "self"


def _frequency(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4+"


def pair_features(
    a: Slot,
    b: Slot,
    sent: Span,
    readings: Iterable[Interaction],
    in_quote: bool,
    counts: Mapping[str, int],
    path: tuple[list[Token], list[Token]] | None = None,
) -> tuple[list[str], Token | None]:
    """The features of one pair of slots (``a`` before ``b`` in the text), and the token
    that most likely names what they do (a trigger on the path, or the common ancestor)."""
    f: list[str] = ["bias"]
    ta, tb = a.token, b.token
    f.append(f"types={a.actor.type}|{b.actor.type}")
    f.append(f"kinds={a.kind}|{b.kind}")
    distance = abs(tb.i - ta.i)
    f.append(f"dist={_bucket(distance)}")
    trigger: Token | None = None
    # what the hand-written constructions said of this pair
    readings = list(readings)
    if readings:
        f.append("rule")
        for it in readings:
            direction = (
                "sym"
                if not it.directed
                else ("fwd" if it.source_id == a.actor.id else "back")
            )
            f.append(f"rule_type={it.type}")
            f.append(f"rule_dir={direction}")
            f.append(f"rule_type_dir={it.type}|{direction}")
            f.append(f"rule_status={it.status}")
            f.append(f"rule_trigger={it.trigger.lower()}")
    else:
        f.append("no_rule")
    if ta.i == tb.i:
        f.append("same_slot")  # "both leaders"
        trigger = ta.head
        f.append(f"head={lemma(ta.head)}")
        for t in trigger_types(ta.head):
            f.append(f"head_type={t}")
        return f, trigger
    path = path or dependency_path(ta, tb)
    if path is None:
        f.append("no_path")
        return f, None
    up_a, up_b = path
    top = up_a[-1]
    length = len(up_a) + len(up_b) - 2
    f.append(f"pathlen={_bucket(length)}")
    labels_a = [t.dep_ for t in up_a[:-1]]
    labels_b = [t.dep_ for t in up_b[:-1]]
    if length <= MAX_PATH_FEATURE:
        f.append("path=" + ">".join(labels_a) + "^" + "<".join(reversed(labels_b)))
    top_lemma = lemma(top)
    f.append(f"top_pos={top.pos_}")
    f.append(f"top={top_lemma}")
    role_a, role_b = _role(ta, top), _role(tb, top)
    f.append(f"roles={role_a}|{role_b}")
    f.append(f"role_a={role_a}")
    f.append(f"role_b={role_b}")
    f.append(f"top_roles={top_lemma}|{role_a}|{role_b}")
    top_types = trigger_types(top)
    for t in top_types:
        f.append(f"top_type={t}")
        f.append(f"top_type_roles={t}|{role_a}|{role_b}")
    if top_lemma in cue("speech"):
        f.append("top_speech")
        f.append(f"speech_roles={role_a}|{role_b}")
    if top_lemma in cue("report"):
        f.append("top_report")
    # triggers on the path, nearest the common ancestor first
    inner = [t for t in (*up_a[1:], *up_b[1:-1]) if t.i not in (ta.i, tb.i)]
    inner.sort(key=lambda t: len(_ancestors(t)))
    if top_types:
        trigger = top
    for t in inner:
        types = trigger_types(t)
        if types:
            trigger = trigger or t
            f.append(f"path_trigger={lemma(t)}")
            for ty in types:
                f.append(f"path_type={ty}")
        if t.pos_ in ("VERB", "NOUN") and not types:
            f.append(f"path_word={lemma(t)}")
    if trigger is None and top.pos_ in ("VERB", "NOUN"):
        trigger = top
    # conjoined actors ("A and B met"; "A, B and C")
    if tb.dep_ == "conj" and tb.head.i == ta.i or (
        role_a == "self" and role_b == "conj"
    ):
        f.append("conj")
    # modality, negation
    governors = [top, *list(top.ancestors)[:2]]
    for g in governors:
        for c in g.children:
            if c.dep_ == "neg":
                f.append("neg")
            if c.dep_ == "aux" and c.lower_ in cue("modal"):
                f.append("modal")
    # a location, an outlet, an attribution
    for name, slot in (("a", a), ("b", b)):
        tok = slot.token
        prep = _prep_of(tok)
        if prep:
            f.append(f"prep_{name}={prep}")
        if is_media(slot.mention):
            f.append(f"media_{name}")
        f.append(f"dep_{name}={tok.dep_}")
        f.append(f"kind_type_{name}={slot.kind}|{slot.actor.type}")
        f.append(f"ent_{name}={tok.ent_type_ or 'none'}")
        f.append(f"placed_{name}={'yes' if slot.actor.country else 'no'}")
        f.append(f"freq_{name}={_frequency(counts.get(slot.actor.id, 0))}")
        words = slot.actor.name.split()
        if len(words) > 1 and slot.actor.type != "PERSON":
            f.append(f"last_word_{name}={words[-1].lower()}")
        f.append(f"words_{name}={min(len(words), 4)}|{slot.actor.type}")
        if slot.mention.start < slot.mention.end and tok.tag_ in ("NNS", "NNPS"):
            f.append(f"plural_{name}")
    if a.actor.country and a.actor.country == b.actor.id:
        f.append("a_of_b")
    if b.actor.country and b.actor.country == a.actor.id:
        f.append("b_of_a")
    if a.actor.country and a.actor.country == b.actor.country:
        f.append("same_country")
    # words between the two, when they are near
    if distance <= 10:
        for t in sent.doc[ta.i + 1 : tb.i]:
            if t.is_punct:
                if t.text in (",", ";", ":", "(", ")"):
                    f.append(f"between_punct={t.text}")
                continue
            f.append(f"between={lemma(t)}")
    others = sum(1 for t in sent.doc[ta.i + 1 : tb.i] if t.ent_type_ in ("PERSON", "ORG", "GPE"))
    f.append(f"others_between={min(others, 3)}")
    heads = [tok.head.head if tok.dep_ == "pobj" else tok.head for tok in (ta, tb)]
    for name, head in zip(("a", "b"), heads, strict=True):
        f.append(f"head_{name}={lemma(head)}")
    # the kinds of interaction the words between them name ("the Soviet withdrawal from")
    words = {lemma(t) for t in inner if t.pos_ in ("VERB", "NOUN")}
    words |= {lemma(t) for t in (top, *heads, trigger) if t is not None}
    f.extend(f"path_names={ty}" for ty in named_types(words))
    if in_quote:
        f.append("quote")
    if trigger is not None:
        f.extend(tone_features("trigger", trigger.subtree))
        f.append(f"trigger={lemma(trigger)}")
        f.append(f"trigger_roles={lemma(trigger)}|{role_a}|{role_b}")
        f.append(f"status={event_status(trigger)}")
    root = sent.root
    for name, tok in (("a", ta), ("b", tb)):
        if tok.head.i == root.i and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
            f.append(f"main_{name}={tok.dep_}")
    return f, trigger


def sentence_features(sent: Span) -> list[str]:
    """What a sentence says as a whole, shared by all its pairs: its content words, its
    tone, and the interaction types its words can name."""
    f: list[str] = []
    table = evaluation()
    f.extend(tone_features("sentence", sent))
    content: set[str] = set()
    for t in sent:
        if t.pos_ not in ("VERB", "NOUN", "ADJ", "ADV"):
            continue
        word = lemma(t)
        if t.pos_ in ("VERB", "NOUN") and not t.is_stop:
            f.append(f"w={word}")
            content.add(word)
        tone = table.get(word)
        if tone:
            f.append(f"tone={tone}")
            f.append(f"tone_word={word}")
        for ty in trigger_types(t):
            f.append(f"sent_type={ty}")
    f.extend(f"sentence_names={ty}" for ty in named_types(content))
    return f


def named_types(words: Iterable[str]) -> list[str]:
    """The interaction types some of the words name (type_words.tsv), each once."""
    table = type_words()
    return sorted({ty for w in words for ty in table.get(w, ())})


def _valence_bucket(total: float) -> str:
    if total <= -2:
        return "very_negative"
    if total <= -0.5:
        return "negative"
    if total < 0.5:
        return "neutral"
    if total < 2:
        return "positive"
    return "very_positive"


def tone_features(name: str, tokens: Iterable[Token]) -> list[str]:
    """How negative or positive the words of a stretch of text are (VADER's valences)."""
    table = valences()
    total = 0.0
    negative = positive = 0
    for t in tokens:
        if t.ent_type_ or not t.is_alpha:
            continue
        v = table.get(t.lower_)
        if v is None:
            v = table.get(lemma(t)) if t.pos_ in ("VERB", "NOUN", "ADJ") else None
        if v is None:
            continue
        total += v
        negative += v <= -1
        positive += v >= 1
    return [
        f"{name}_valence={_valence_bucket(total)}",
        f"{name}_negative={min(negative, 3)}",
        f"{name}_positive={min(positive, 3)}",
    ]


def _in_quote(sent: Span) -> bool:
    return any(t.text in ('"', "\u201c", "\u201d", "``", "''") for t in sent)


def sentence_pairs(
    sent: Span,
    slots: list[Slot],
    readings: list[Interaction],
    counts: Mapping[str, int] | None = None,
    sentence_no: int | None = None,
) -> Iterator[PairCandidate]:
    """Every pair of distinct actors in a sentence (each pair once, from its two nearest
    slots in the parse), with its features; ``counts`` are how often the document names
    each actor (by id)."""
    counts = counts or {}
    by_pair: dict[frozenset[str], list[Interaction]] = {}
    for it in readings:
        by_pair.setdefault(frozenset((it.source_id, it.target_id)), []).append(it)
    best: dict[frozenset[str], tuple[int, int, Slot, Slot]] = {}
    paths: dict[tuple[int, int], tuple[list[Token], list[Token]] | None] = {}
    for i, a in enumerate(slots):
        for b in slots[i + 1 :]:
            if a.actor.id == b.actor.id:
                continue
            key = frozenset((a.actor.id, b.actor.id))
            ends = (a.token.i, b.token.i)
            if ends not in paths:
                paths[ends] = dependency_path(a.token, b.token)
            path = paths[ends]
            length = len(path[0]) + len(path[1]) if path else 99
            named = (a.kind != "name") + (b.kind != "name")
            rank = (length, named)
            old = best.get(key)
            if old is None or rank < (old[0], old[1]):
                first, second = (a, b) if a.token.i <= b.token.i else (b, a)
                best[key] = (length, named, first, second)
    quoted = _in_quote(sent)
    # each actor's nearest partner in the parse
    nearest: dict[str, tuple[int, str]] = {}
    for length, _, a, b in best.values():
        for one, other in ((a, b), (b, a)):
            old = nearest.get(one.actor.id)
            if old is None or (length, other.actor.id) < old:
                nearest[one.actor.id] = (length, other.actor.id)
    actors = len({s.actor.id for s in slots})
    shared = sentence_features(sent) if best else []
    position = _bucket(sentence_no) if sentence_no is not None else "?"
    for key, (_, _, a, b) in best.items():
        pair_readings = by_pair.get(key, [])
        features, trigger = pair_features(
            a, b, sent, pair_readings, quoted, counts, paths.get((a.token.i, b.token.i))
        )
        features.extend(shared)
        features.append(f"actors={_bucket(actors)}")
        features.append(f"sentence_no={position}")
        mutual = (nearest[a.actor.id][1] == b.actor.id) + (nearest[b.actor.id][1] == a.actor.id)
        features.append(f"nearest={mutual}")
        yield PairCandidate(
            first=a.actor,
            second=b.actor,
            first_token=a.token,
            second_token=b.token,
            sentence=sent,
            readings=tuple(pair_readings),
            features=tuple(features),
            trigger=trigger,
        )
