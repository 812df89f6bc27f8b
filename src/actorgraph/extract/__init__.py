"""Text to actors and interactions: run each construction over each sentence of a parsed doc."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from actorgraph.dictionary import ActorDictionary
from actorgraph.extract.actors import Mention, find_mentions, mention_index
from actorgraph.extract.arguments import Arguments, subject_tokens
from actorgraph.extract.candidate import Candidate
from actorgraph.extract.coref import Referents
from actorgraph.extract.dateline import dateline_length
from actorgraph.extract.decision import DecisionModel, sentence_interaction, shipped_model
from actorgraph.extract.lexicon import cue
from actorgraph.extract.modality import resolve_date
from actorgraph.extract.nominal import noun_interactions
from actorgraph.extract.pairs import PairCandidate, Slot, sentence_pairs, sentence_slots
from actorgraph.extract.path import path_interactions
from actorgraph.extract.quote import quote_interactions, quote_speakers
from actorgraph.extract.selection import interaction_sentences
from actorgraph.extract.speech import speech_interactions
from actorgraph.extract.verbal import verb_interactions
from actorgraph.model import Actor, Document, Extraction, Interaction
from actorgraph.nlp import can_parse_selectively, pipe_selectively
from actorgraph.resolve import resolve_aliases

CONSTRUCTIONS = (verb_interactions, noun_interactions, speech_interactions, quote_interactions)
STATUS_RANK = {"occurred": 0, "planned": 1, "negated": 2}
# spaCy's default limit; longer documents are parsed in pieces at paragraph breaks.
MAX_PIECE_CHARS = 100_000
#: Size of the pieces a longer document is cut into: small, so that a batch of pieces
#: (batch_size of them) stays small in memory however long the document.
PIECE_CHARS = 10_000
#: How documents are parsed: every sentence, or only those that can hold an interaction.
PARSE_MODES = ("full", "selective")

__all__ = ["extract_doc", "extract_documents", "parse_documents", "read_document"]


@dataclass
class DocumentReading:
    """What the constructions and the pair finder saw in one parsed document."""

    mentions: list[Mention]
    actors_by_key: dict[str, Actor]
    referents: Referents
    #: The interactions the hand-written constructions found, in text order.
    readings: list[Interaction] = field(default_factory=list)
    #: Every pair of distinct actors per sentence, with its features (when asked for).
    pairs: list[PairCandidate] = field(default_factory=list)


def read_document(
    document: Document,
    doc: Doc,
    dictionary: ActorDictionary | None = None,
    *,
    with_pairs: bool = True,
) -> DocumentReading:
    """Run every construction over every sentence of a parsed document, and (with
    ``with_pairs``) list every pair of actors each sentence names or refers to."""
    mentions = find_mentions(doc, dictionary, document.date)
    actors_by_key = resolve_aliases(mentions)
    index = mention_index(mentions)
    referents = Referents(doc, mentions)
    args = Arguments(doc, index, referents)
    reading = DocumentReading(mentions, actors_by_key, referents)
    named: dict[str, int] = {}
    for m in mentions:
        if not m.absorbed and m.key in actors_by_key:
            named[actors_by_key[m.key].id] = named.get(actors_by_key[m.key].id, 0) + 1
    for sent in doc.sents:
        linked: set[frozenset[str]] = set()
        candidates = [c for construction in CONSTRUCTIONS for c in construction(sent, args)]
        for cand in candidates:
            linked.update(frozenset((a.key, b.key)) for a, b in cand.pairs)
        candidates += list(path_interactions(sent, args, linked))
        acted = [c for c in candidates if c.pairs and c.construction != "path"]
        if acted:
            referents.remember_act(referents.sentence_no(sent[0]), acted[-1].sources)
        _add_implied(referents, actors_by_key)
        said: list[Interaction] = []
        for cand in candidates:
            for a, b in cand.pairs:
                if cand.symmetric and cand.construction != "path":
                    referents.remember_pair(a, b)
                it = _interaction(document, sent, cand, actors_by_key[a.key],
                                  actors_by_key[b.key])  # fmt: skip
                if it.source_id == it.target_id or _about_own_country(it):
                    continue
                said.append(it)
        reading.readings.extend(said)
        if with_pairs:
            slots = sentence_slots(sent, args, actors_by_key)
            _add_implied(referents, actors_by_key)
            slots = [s for s in slots if s.mention.key in actors_by_key]
            slots += _speaker_slots(sent, args, actors_by_key, slots)
            reading.pairs.extend(
                sentence_pairs(sent, slots, said, named, referents.sentence_no(sent[0]))
            )
    if reading.pairs:
        reading.pairs = _with_document_features(reading.pairs, reading.readings)
    return reading


def _speaker_slots(
    sent: Span, args: Arguments, actors_by_key: dict[str, Actor], slots: list[Slot]
) -> list[Slot]:
    """The speaker of a quoted sentence named in another sentence, as a slot at the
    sentence's root: what the sentence says, the speaker says."""
    have = {s.actor.id for s in slots}
    out = []
    for m in quote_speakers(sent, args):
        actor = actors_by_key.get(m.key)
        if actor is not None and actor.id not in have:
            have.add(actor.id)
            out.append(Slot(sent.root, m, actor, "speaker"))
    return out


def _with_document_features(
    pairs: list[PairCandidate], readings: list[Interaction]
) -> list[PairCandidate]:
    """Add what the whole document says of a pair's actors: how many of the two the
    constructions found acting anywhere, and whether they linked the two elsewhere."""
    active: set[str] = set()
    linked: set[frozenset[str]] = set()
    for it in readings:
        active.update((it.source_id, it.target_id))
        linked.add(frozenset((it.source_id, it.target_id)))
    out = []
    for pair in pairs:
        extra = [f"active={(pair.first.id in active) + (pair.second.id in active)}"]
        if pair.ids in linked and not pair.readings:
            extra.append("linked_elsewhere")
        out.append(replace(pair, features=pair.features + tuple(extra)))
    return out


def _add_implied(referents: Referents, actors_by_key: dict[str, Actor]) -> None:
    for made in referents.implied:
        if made.key not in actors_by_key:
            actors_by_key.update(resolve_aliases([made]))


def extract_doc(
    document: Document,
    doc: Doc,
    dictionary: ActorDictionary | None = None,
    model: DecisionModel | None | str = "default",
) -> Extraction:
    """Find the actors and interactions of one document, given its spaCy parse.

    Parameters
    ----------
    model : DecisionModel, None or "default"
        What decides which pairs of actors interact: a trained model (``"default"``:
        the one shipped with actorgraph), or ``None`` for the hand-written
        constructions alone.

    Each distinct (source, target, type) is kept once per document, with the sentence
    that states it first (an occurred event wins over a planned or negated one).
    """
    if isinstance(model, str):
        model = shipped_model()
    reading = read_document(document, doc, dictionary, with_pairs=model is not None)
    if model is None:
        chosen = reading.readings
    else:
        chosen = model.read_pairs(document, reading.pairs)
    found: dict[tuple[str, str, str], Interaction] = {}
    for it in chosen:
        ends = (it.source_id, it.target_id)
        if not it.directed:
            ends = tuple(sorted(ends))  # type: ignore[assignment]
        key = (*ends, it.type)
        old = found.get(key)
        if old is None or STATUS_RANK[it.status] < STATUS_RANK[old.status]:
            found[key] = it
        elif old.mode is None and it.mode and it.status == old.status:
            found[key] = replace(old, mode=it.mode)
    # A name met only inside another actor's title ("Secretary of State") is an attribute.
    counts: dict[str, int] = {}
    actors_by_key = reading.actors_by_key
    for m in [*reading.mentions, *reading.referents.implied]:
        if not m.absorbed:
            actor = actors_by_key[m.key]
            counts[actor.id] = counts.get(actor.id, 0) + 1
    actors = _unique_actors(a for a in actors_by_key.values() if a.id in counts)
    return Extraction(
        document=document,
        actors=actors,
        interactions=sorted(found.values(), key=lambda i: (i.start, i.source, i.target)),
        mentions=counts,
    )


def _about_own_country(it: Interaction) -> bool:
    """A person's plain statement about their own country ("the Chilean president
    promised to modernise Chile"), or force a country's own authorities use on its
    ground ("Egyptian police imposed a curfew in northern Egypt"), is no
    dealing between two actors."""
    if it.target_type != "COUNTRY" or it.source_country is None:
        return False
    if it.source_country != it.target_id:
        return False
    return (it.type == "STATEMENT" and it.source_type == "PERSON") or (
        it.type in ("COERCE", "ASSAULT", "SANCTION", "MOBILIZE") and it.source_type == "ORG"
    )


def _agreed(a: str | None, b: str | None) -> str | None:
    """Two guesses at a country as one: the guess both make, or "-" when they differ."""
    return a if b is None or a == b else b if a is None else "-"


def _unique_actors(actors: Iterable[Actor]) -> list[Actor]:
    by_id: dict[str, Actor] = {}
    for a in actors:
        if a.id in by_id:
            old = by_id[a.id]
            merged = tuple(sorted(set(old.aliases) | set(a.aliases)))
            by_id[a.id] = Actor(old.id, old.name, old.type, old.country or a.country, merged,
                                inferred_country=_agreed(old.inferred_country,
                                                         a.inferred_country))  # fmt: skip
        else:
            by_id[a.id] = a
    return sorted(by_id.values(), key=lambda a: a.id)


def _event_type(cand: Candidate, src: Actor) -> str:
    """The entry's type, but a politician's or a party's "attack" is an accusation
    (unless its armed men do it: "Hamas militants attacked")."""
    if cand.entry.verbal and (
        src.type == "PERSON" or (src.type == "ORG" and not _armed(cand, src))
    ):
        return "ACCUSE"
    return cand.entry.type


def _armed(cand: Candidate, src: Actor) -> bool:
    words = set(src.name.lower().split())
    for tok in cand.trigger:
        for subj in subject_tokens(tok):
            words.update(t.lower_ for t in subj.subtree)
    return bool(words & cue("armed"))


def _interaction(document: Document, sent, cand: Candidate, src: Actor, tgt: Actor) -> Interaction:
    if cand.symmetric and src.id > tgt.id:
        src, tgt = tgt, src
    trigger = " ".join(t.text for t in sorted(cand.trigger, key=lambda t: t.i))
    anchor = cand.trigger[-1]
    confidence = 0.8 if cand.construction == "verb" else 0.7
    return sentence_interaction(
        document, sent, src, tgt, type=_event_type(cand, src), directed=not cand.symmetric,
        status=cand.status, date=resolve_date(anchor, document.date, cand.status),
        trigger=trigger, confidence=confidence, mode=cand.mode,
    )  # fmt: skip


def _pieces(
    text: str, limit: int = MAX_PIECE_CHARS, size: int = PIECE_CHARS
) -> list[tuple[int, str]]:
    """Cut a text longer than the limit at paragraph breaks into pieces of about ``size``
    characters, with their offsets; a text within the limit is one piece."""
    if len(text) <= limit:
        return [(0, text)]
    limit = size
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def parse_documents(
    documents: Iterable[Document],
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    dictionary: ActorDictionary | None = None,
    parse: str = "full",
) -> Iterator[tuple[Document, Doc, int, int, int]]:
    """Parse documents; yield ``(document, doc, offset, piece, pieces)`` in order.

    A document longer than spaCy's limit comes as several pieces cut at paragraph
    breaks; ``offset`` is where the piece starts in the document's text. A wire
    dateline at the start of a text ("SEOUL -- ", "AP - ") is left out of the parse
    (:func:`~actorgraph.extract.dateline.dateline_length`), so the first piece may
    start after 0. See
    :func:`extract_documents` for ``parse``.
    """
    if parse not in PARSE_MODES:
        raise ValueError(f"parse must be one of {', '.join(PARSE_MODES)}, not {parse!r}")

    def stream() -> Iterator[tuple[str, tuple[Document, int, int, int]]]:
        for document in documents:
            # the dateline names where and by whom the story was filed, not who acts in it
            skip = dateline_length(document.text)
            pieces = _pieces(document.text[skip:])
            for n, (offset, text) in enumerate(pieces):
                yield text, (document, skip + offset, n, len(pieces))

    if parse == "selective" and can_parse_selectively(nlp):
        parsed = pipe_selectively(
            nlp,
            stream(),
            lambda doc: interaction_sentences(doc, dictionary),
            batch_size=batch_size,
        )
    else:
        parsed = nlp.pipe(stream(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (document, offset, n, total) in parsed:
        yield document, doc, offset, n, total


def extract_documents(
    documents: Iterable[Document],
    nlp: Language,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    dictionary: ActorDictionary | None = None,
    parse: str = "full",
    model: DecisionModel | None | str = "default",
) -> Iterator[Extraction]:
    """Parse documents and yield one Extraction per document, in order.

    Documents longer than spaCy's limit are parsed in paragraph-bounded pieces whose
    results are merged (offsets stay relative to the whole text).

    Parameters
    ----------
    parse : {"full", "selective"}
        ``"full"`` runs the whole pipeline over every sentence (``nlp.pipe``, with
        ``n_process`` processes). ``"selective"`` finds sentences and entities first and
        runs the tagger and the parser only on the sentences with room for two actors
        (:func:`actorgraph.extract.selection.interaction_sentences`); it falls back to
        the full parse for a pipeline that cannot do that
        (:func:`actorgraph.nlp.can_parse_selectively`).
    model : DecisionModel, None or "default"
        What decides which pairs interact (see :func:`extract_doc`).
    """
    if isinstance(model, str):
        model = shipped_model()
    partial: list[Extraction] = []
    parsed = parse_documents(
        documents, nlp, batch_size=batch_size, n_process=n_process, dictionary=dictionary,
        parse=parse,
    )  # fmt: skip
    for document, doc, offset, n, total in parsed:
        extraction = extract_doc(document, doc, dictionary, model)
        if offset:
            extraction = replace(
                extraction, interactions=[_shift(i, offset) for i in extraction.interactions]
            )
        if total == 1:
            yield extraction
            continue
        partial.append(extraction)
        if n == total - 1:
            yield _merge(document, partial)
            partial = []


def _shift(it: Interaction, offset: int) -> Interaction:
    return replace(it, start=it.start + offset, end=it.end + offset)


def _merge(document: Document, parts: list[Extraction]) -> Extraction:
    actors = _unique_actors(a for p in parts for a in p.actors)
    seen: dict[tuple[str, str, str], Interaction] = {}
    for p in parts:
        for it in p.interactions:
            seen.setdefault((it.source_id, it.target_id, it.type), it)
    counts: dict[str, int] = {}
    for p in parts:
        for k, v in p.mentions.items():
            counts[k] = counts.get(k, 0) + v
    return Extraction(document, actors, list(seen.values()), counts)


__all__ += ["Mention"]
