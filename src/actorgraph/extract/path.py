"""Two actors joined through a trigger word on the dependency path between them."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from actorgraph.extract.actors import Mention
from actorgraph.extract.arguments import Arguments, is_attribution
from actorgraph.extract.candidate import Candidate, candidates, is_media
from actorgraph.extract.clauses import blocked_by_head
from actorgraph.extract.lexicon import Trigger, cue, triggers
from actorgraph.nlp import lemma

MAX_PATH = 5


def _is_location(tok: Token, args: Arguments | None = None) -> bool:
    """The object of a locative preposition ("in Paris"), or a place after "on" ("on the
    West Bank"; but "sanctions on Iran" name a country as a target)."""
    if tok.dep_ != "pobj":
        return False
    if tok.head.lower_ in cue("locative_prep"):
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


#: Arcs of a modifier, which may name a thing's owner or its topic.
MODIFIER_ARCS = frozenset({"compound", "amod", "nmod"})


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
        if tok.dep_ == "prep" and tok.lower_ not in cue("argument_prep"):
            return False  # "despite Israel's wish", "after the war": circumstances
        if tok.dep_ in MODIFIER_ARCS and lemma(tok.head) in cue("topic_noun"):
            return False  # "the handling of the Iran arms scandal": a topic, no party
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
            found = _joining_trigger(a, b, ma, mb, args)
            if found is None:
                continue
            trig, entry = found
            if _subject_side(b, trig) and not _subject_side(a, trig):
                src, tgt = mb, ma
            else:
                src, tgt = ma, mb
            linked.add(frozenset((ma.key, mb.key)))
            yield from candidates("path", entry, [trig], [src], [tgt], trig)


def _joining_trigger(a: Token, b: Token, ma: Mention, mb: Mention,
                     args: Arguments) -> tuple[Token, Trigger] | None:  # fmt: skip
    """The trigger through which two actors (heads ``a`` and ``b``) are arguments of one
    event, or None: not for a story's source, a place, a news outlet, or an event only
    asked for."""
    if (is_attribution(a) or is_attribution(b) or _is_location(a, args)
            or _is_location(b, args)):  # fmt: skip
        return None
    if is_media(ma) or is_media(mb):
        return None
    path = _path(a, b)
    if not path:
        return None
    found = _nearest_trigger(path[1:-1])
    if found is None:
        return None
    trig, _entry = found
    if not (_argument_of(a, trig) and _argument_of(b, trig)):
        return None
    if blocked_by_head(trig):
        return None
    return found


def _nearest_trigger(inner: list[Token]) -> tuple[Token, Trigger] | None:
    """The trigger highest in the tree among the tokens between two actors, if it names
    an interaction by itself (not speech, not an envoy's summons, not an intransitive
    protest); the first trigger found decides, even when it does not."""
    table = triggers()
    for tok in sorted(inner, key=lambda t: len(list(t.ancestors))):
        pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ == "NOUN" else None
        entries = table.get((lemma(tok), pos)) if pos else None
        if entries:
            entry = next((e for e in entries if e.prep is None), entries[-1])
            if (entry.type != "STATEMENT" and lemma(tok) not in cue("speech")
                    and not entry.diplomat and not entry.intransitive):  # fmt: skip
                return tok, entry
            return None
    return None
