"""The candidate record: one interaction found in a sentence, and how it is made."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from actorgraph.extract.actors import Mention
from actorgraph.extract.lexicon import Trigger, cue
from actorgraph.extract.modality import event_mode, event_status
from actorgraph.nlp import lemma


@dataclass(frozen=True)
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
    if lemma(clause.head) in cue("announce"):
        return False  # announcing a decision is taking it
    return any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in anchor.children) or any(
        c.dep_ == "nsubj" and c.pos_ == "PRON" for c in clause.children
    )


def candidates(construction: str, entry: Trigger, trigger: list[Token], agents: list[Mention],
                patients: list[Mention], anchor: Token) -> Iterator[Candidate]:  # fmt: skip
    """Yield the candidate a construction found, if it pairs two different actors.

    Agents and patients are deduplicated (a patient that is also an agent is dropped);
    the status and mode are read around ``anchor``. A directed entry pairs each agent
    with each patient; an undirected one without patients pairs the agents among
    themselves ("A and B met").
    """
    agents = dedup(agents)
    patients = [p for p in dedup(patients) if p not in agents]
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


def dedup(mentions: list[Mention]) -> list[Mention]:
    """The mentions with one per actor key, in their first order."""
    out: list[Mention] = []
    keys: set[str] = set()
    for m in mentions:
        if m.key not in keys:
            keys.add(m.key)
            out.append(m)
    return out


def is_media(m: Mention) -> bool:
    """A news outlet quoted as a source ("the Washington Post said")."""
    return m.type == "ORG" and names_outlet(m.name)


def names_outlet(name: str) -> bool:
    """Whether a name has a word of a news outlet's ("Post", "Reuters", "Press")."""
    words = set(name.lower().replace("-", " ").split())
    return bool(words & cue("media"))
