"""The vocabulary of actorgraph: documents, actors, mentions and interactions as plain records."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Actor types. COUNTRY also covers a capital or seat of government used for its government.
ACTOR_TYPES = ("PERSON", "ORG", "COUNTRY")

#: PLOVER event types plus STATEMENT, each with its quad class.
QUAD_CLASS: dict[str, str] = {
    "AGREE": "verbal-coop",
    "CONSULT": "verbal-coop",
    "SUPPORT": "verbal-coop",
    "CONCEDE": "material-coop",
    "COOPERATE": "material-coop",
    "AID": "material-coop",
    "RETREAT": "material-coop",
    "REQUEST": "verbal-conf",
    "ACCUSE": "verbal-conf",
    "REJECT": "verbal-conf",
    "THREATEN": "verbal-conf",
    "PROTEST": "material-conf",
    "SANCTION": "material-conf",
    "MOBILIZE": "material-conf",
    "COERCE": "material-conf",
    "ASSAULT": "material-conf",
    "STATEMENT": "neutral",
}
EVENT_TYPES = tuple(QUAD_CLASS)
STATUSES = ("occurred", "planned", "negated")
#: The quad classes, in the order reports list them.
QUADS = ("verbal-coop", "material-coop", "verbal-conf", "material-conf", "neutral")
#: The fields of an interaction record (``actorgraph events``), in DESIGN.md's order.
RECORD_FIELDS = (
    "doc_id",
    "date",
    "source",
    "source_id",
    "source_type",
    "source_country",
    "target",
    "target_id",
    "target_type",
    "target_country",
    "type",
    "mode",
    "directed",
    "status",
    "trigger",
    "sentence",
    "start",
    "end",
    "confidence",
)
#: What an edge weight counts: distinct events, or every report (mention) of them.
WEIGHTS = ("events", "mentions")
#: Provenances of documents and their interactions: news parsed here ("extracted"), or
#: records imported from a coded event dataset.
PROVENANCES = ("extracted", "gdelt", "icews", "polecat")


@dataclass(frozen=True)
class Document:
    """One article: its id, its text (without any header line), and what we know of it."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    origin: str | None = None  # the file (and line) it was read from
    # Where it comes from, as its source says (a JSONL field or CSV column).
    publisher: str | None = None
    url: str | None = None
    author: str | None = None
    lang: str | None = None  # detected language (ISO 639-1), None if not told
    #: "extracted" for news parsed here; the dataset's name for imported event records.
    provenance: str = "extracted"


@dataclass(frozen=True)
class Actor:
    """A resolved actor: a person, an organisation or a country."""

    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    #: POLECAT/ICEWS-style sector (GOV, MIL, LEG, PTY, ...), where known.
    sector: str | None = None
    #: Where ``country`` comes from: "text" (a title, office, party, body or words the
    #: text puts next to the actor) or "inferred" (the country every document naming
    #: the actor is about, where no text places it); None without a country.
    country_source: str | None = None
    #: A document's guess at the country of an actor its text does not place (see
    #: :func:`actorgraph.extract.actors.infer_home_countries`); "-" when it doubts one.
    #: Corpus-wide resolution turns agreeing guesses into ``country``.
    inferred_country: str | None = None


@dataclass(frozen=True)
class RawActor:
    """An actor as extraction found it in the documents, before corpus-wide resolution:
    with its mentions and the first and last dates of the documents that mention it."""

    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    first_date: str | None = None
    last_date: str | None = None
    sector: str | None = None
    #: The documents' guess at its country where no text places it ("-": they disagree
    #: or doubt it; see :attr:`Actor.inferred_country`).
    inferred_country: str | None = None


@dataclass(frozen=True)
class Interaction:
    """One actor doing something to, with or about another, as one sentence states it.

    Field names follow the record that ``actorgraph events`` prints (see DESIGN.md).
    """

    doc_id: str
    source: str
    target: str
    type: str
    directed: bool
    status: str = "occurred"
    date: str | None = None
    source_id: str = ""
    target_id: str = ""
    source_type: str | None = None
    target_type: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    mode: str | None = None
    trigger: str = ""
    sentence: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 0.5
    #: Each end's sector (GOV, MIL, LEG, ...: see ``data/sectors.tsv``), as the store's
    #: resolved actors give it; not part of the ``events`` record.
    source_sector: str | None = None
    target_sector: str | None = None

    @property
    def quad(self) -> str:
        return QUAD_CLASS.get(self.type, "neutral")

    def to_record(self) -> dict[str, Any]:
        """The record printed by ``actorgraph events``: DESIGN.md's field order."""
        d = asdict(self)
        return {k: d[k] for k in RECORD_FIELDS}


@dataclass(frozen=True)
class Extraction:
    """What extraction finds in one document: its actors and interactions."""

    document: Document
    actors: list[Actor] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    mentions: dict[str, int] = field(default_factory=dict)  # actor id -> mention count
