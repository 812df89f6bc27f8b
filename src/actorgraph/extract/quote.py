"""A quoted sentence that carries on the speaker of the quotation before it, or is spoken
by the speaker named after the quotation it opens."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from actorgraph.extract.actors import Mention
from actorgraph.extract.arguments import Arguments
from actorgraph.extract.candidate import Candidate, candidates
from actorgraph.extract.clauses import names_event
from actorgraph.extract.lexicon import cue
from actorgraph.extract.selection import QUOTE_MARKS, opens_with_quote
from actorgraph.extract.speech import (
    SPEECH_ENTRIES,
    affiliations,
    clause_actor_tokens,
    polarity,
    verb_speakers,
)
from actorgraph.nlp import lemma


def quote_interactions(sent: Span, args: Arguments) -> Iterator[Candidate]:
    """A quoted sentence without a speech verb of its own carries on the speaker of the
    quotation before it: 'X said: "..." "The Commission should act now ..."'.

    Read like what a speaker says (see :func:`speech_interactions`): "must"/"should"
    make it a demand, critical or approving words an accusation or support, else a
    statement about the clause's subject.
    """
    if not _unattributed_quote(sent):
        return
    speakers = args.referents.speaker_before(sent[0])
    root = sent.root
    if not speakers or root.pos_ not in ("VERB", "AUX"):
        return
    demand = any(c.dep_ == "aux" and c.lower_ in cue("demand_modal")
                 for c in root.children)  # fmt: skip
    if not demand and any(names_event(t) for t in sent):
        return  # the event it states is found by the other constructions
    keys = {s.key for s in speakers} | affiliations(speakers, args)
    targets = [m for tok in clause_actor_tokens(root)
               for m in args.actors(tok, speaker=speakers) if m.key not in keys]  # fmt: skip
    tone = "request" if demand else polarity(sent)
    if tone is None:
        topics = [m for t in root.children if t.dep_ in ("nsubj", "nsubjpass")
                  for m in args.actors(t, speaker=speakers)]  # fmt: skip
        targets = [t for t in targets if t in topics]
    if targets:
        yield from candidates("speech", SPEECH_ENTRIES[tone], [root], speakers, targets, root)


def speakers_after(sent: Span, args: Arguments) -> list[Mention]:
    """The speaker named after a quotation that a sentence opens and does not close, in
    one of the two sentences that follow: '"A. B," X said.' gives X for "A"."""
    if not opens_with_quote(sent) or sum(t.text in QUOTE_MARKS for t in sent) % 2 == 0:
        return []
    doc = sent.doc
    nxt = sent
    for _ in range(2):
        if nxt.end >= len(doc):
            return []
        nxt = doc[nxt.end].sent
        closing = next((t for t in nxt if t.text in QUOTE_MARKS), None)
        if closing is None:
            continue
        for t in nxt:
            if t.i > closing.i and t.pos_ == "VERB" and lemma(t) in cue("speech"):
                return verb_speakers(t, args)
        return []
    return []


def quote_speakers(sent: Span, args: Arguments) -> list[Mention]:
    """Who speaks a quoted sentence that has no speech verb of its own: the speaker of
    the quotation before it, or the one named after the quotation it opens."""
    if not _unattributed_quote(sent):
        return []
    return args.referents.speaker_before(sent[0]) or speakers_after(sent, args)


def _unattributed_quote(sent: Span) -> bool:
    """A sentence that opens with a quotation mark and has no speech verb of its own."""
    if not opens_with_quote(sent):
        return False
    return not any(lemma(t) in cue("speech") for t in sent if t.pos_ in ("VERB", "AUX"))
