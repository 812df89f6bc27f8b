"""The learned decision: which pairs of actors interact, how, and in which direction.

A :class:`DecisionModel` holds three linear heads over the sparse features of a
:class:`~actorgraph.extract.pairs.PairCandidate`: whether the pair interacts (a
probability, which becomes the interaction's ``confidence``), its PLOVER type, and its
direction. Weights are plain JSON (gzipped), loaded once; no pickle.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Span

from actorgraph.errors import ActorgraphError
from actorgraph.extract.modality import event_status, resolve_date
from actorgraph.extract.pairs import PairCandidate
from actorgraph.model import EVENT_TYPES, Actor, Document, Interaction

FORMAT = "actorgraph-decision-model"
VERSION = 1
MODEL_FILE = "model.json.gz"
#: Directions of a pair, relative to the order of its two actors in the sentence.
DIRECTIONS = ("fwd", "back", "sym")


class ModelFileError(ActorgraphError):
    """An extractor model folder or file that cannot be read."""


@dataclass(frozen=True)
class LinearHead:
    """A linear classifier over string features: one weight per (feature, class).

    A head with one class is binary (its probability is a logistic of the score); a
    head with several is multinomial (a softmax over the classes).
    """

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    def scores(self, features: Iterable[str]) -> list[float]:
        out = list(self.intercept)
        weights = self.weights
        for f in features:
            w = weights.get(f)
            if w is not None:
                for k, v in enumerate(w):
                    out[k] += v
        return out

    def probabilities(self, features: Iterable[str]) -> list[float]:
        scores = self.scores(features)
        if len(scores) == 1:
            return [logistic(scores[0])]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return [e / total for e in exp]

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "intercept": [round(v, 5) for v in self.intercept],
            "weights": {f: [round(v, 5) for v in w] for f, w in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearHead:
        classes = tuple(data["classes"])
        weights = {f: tuple(float(v) for v in w) for f, w in data["weights"].items()}
        if any(len(w) != len(data["intercept"]) for w in weights.values()):
            raise ValueError("weights and intercept differ in length")
        return cls(classes, tuple(float(v) for v in data["intercept"]), weights)


def logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


#: The flags :func:`rival_flags` gives a pair: its first actor (in sentence order) has
#: no likelier partner in the sentence, its second has none, both have none, the
#: sentence has no other pair.
RIVAL_FLAGS = ("first_best", "second_best", "both_best", "alone")


def rival_flags(
    sentences: Sequence[Hashable], actors: Sequence[tuple[str, str]], scores: Sequence[float]
) -> list[tuple[str, ...]]:
    """For each pair of a batch, whether each of its actors has a likelier partner in the
    same sentence: "asked the United States, Britain and China" makes each country the
    asker's likeliest partner, and no country the likeliest partner of another."""
    best: dict[tuple[Hashable, str], float] = {}
    pairs: dict[Hashable, int] = {}
    for sent, (a, b), s in zip(sentences, actors, scores, strict=True):
        pairs[sent] = pairs.get(sent, 0) + 1
        for x in (a, b):
            best[(sent, x)] = max(best.get((sent, x), s), s)
    out = []
    for sent, (a, b), s in zip(sentences, actors, scores, strict=True):
        first, second = s >= best[(sent, a)], s >= best[(sent, b)]
        on = (first, second, first and second, pairs[sent] == 1)
        out.append(tuple(f for f, yes in zip(RIVAL_FLAGS, on, strict=True) if yes))
    return out


@dataclass(frozen=True)
class SentenceHead:
    """A second look at a pair beside the other pairs of its sentence: its interact
    score rescaled, plus weights for the :data:`RIVAL_FLAGS` it has."""

    scale: float
    flags: LinearHead

    def probability(self, score: float, flags: Iterable[str]) -> float:
        return logistic(self.scale * score + self.flags.scores(flags)[0])

    def to_json(self) -> dict[str, Any]:
        return {"scale": round(self.scale, 5), "flags": self.flags.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SentenceHead:
        flags = LinearHead.from_json(data["flags"])
        if flags.classes != ("1",) or set(flags.weights) - set(RIVAL_FLAGS):
            raise ValueError("a sentence head reads the rival flags only")
        return cls(float(data["scale"]), flags)


def sentence_probabilities(
    head: SentenceHead | None,
    scores: Sequence[float],
    sentences: Sequence[Hashable],
    actors: Sequence[tuple[str, str]],
) -> list[float]:
    """The probabilities of a batch of pairs from their interact scores: read by the
    sentence head beside the other pairs of their sentences, or the scores' logistic
    when there is no head."""
    if head is None:
        return [logistic(s) for s in scores]
    flags = rival_flags(sentences, actors, scores)
    return [head.probability(s, f) for s, f in zip(scores, flags, strict=True)]


@dataclass(frozen=True)
class Decision:
    """What the model says of one pair."""

    probability: float
    type: str
    direction: str  # one of DIRECTIONS


@dataclass(frozen=True)
class DecisionModel:
    """Three linear heads and the probability above which a pair is an interaction."""

    interact: LinearHead
    type: LinearHead
    direction: LinearHead
    threshold: float = 0.5
    meta: Mapping[str, Any] = field(default_factory=dict)
    sentence: SentenceHead | None = None

    def probabilities(
        self,
        features: Sequence[Iterable[str]],
        sentences: Sequence[Hashable],
        actors: Sequence[tuple[str, str]],
    ) -> list[float]:
        """The interact probability of each pair of a batch, beside the other pairs of
        its sentence (``sentences`` and ``actors`` say which sentence each pair is in
        and which actors it joins) when the model has a sentence head."""
        scores = [self.interact.scores(f)[0] for f in features]
        return sentence_probabilities(self.sentence, scores, sentences, actors)

    def decide(
        self,
        features: Iterable[str],
        readings: Iterable[str] = (),
        probability: float | None = None,
    ) -> Decision:
        """The model's reading of a pair's features; ``readings`` are the types the
        hand-written constructions gave the pair: where there are any, the type is the
        likeliest of them. ``probability`` is the pair's, when already read (beside its
        sentence's other pairs); otherwise the interact head's."""
        features = tuple(features)
        p = self.interact.probabilities(features)[0] if probability is None else probability
        return self._read(features, p, readings)

    def _read(self, features: tuple[str, ...], p: float, readings: Iterable[str]) -> Decision:
        types = self.type.probabilities(features)
        dirs = self.direction.probabilities(features)
        allowed = {t for t in readings if t in self.type.classes}
        ranked = sorted(range(len(types)), key=lambda k: (-types[k], self.type.classes[k]))
        if allowed:
            ranked = [k for k in ranked if self.type.classes[k] in allowed]
        etype = self.type.classes[ranked[0]]
        direction = self.direction.classes[max(range(len(dirs)), key=dirs.__getitem__)]
        return Decision(p, etype, direction)

    def read_pairs(self, document: Document, pairs: Sequence[PairCandidate]) -> list[Interaction]:
        """The interactions the model reads in a document's pairs (see :meth:`interactions`)."""
        sentences = [(pair.sentence.start, pair.sentence.end) for pair in pairs]
        actors = [(_id(pair.first), _id(pair.second)) for pair in pairs]
        ps = self.probabilities([pair.features for pair in pairs], sentences, actors)
        return [it for pair, p in zip(pairs, ps, strict=True)
                for it in self.interactions(document, pair, p)]  # fmt: skip

    def interactions(
        self, document: Document, pair: PairCandidate, probability: float | None = None
    ) -> list[Interaction]:
        """The interactions the model reads in a pair (none below the threshold): the
        decided one, and the constructions' readings of the pair with other types.
        ``probability`` is the pair's, when read beside its sentence's other pairs."""
        p = self.interact.probabilities(pair.features)[0] if probability is None else probability
        if p < self.threshold:
            return []  # most pairs: the type and direction heads need not run
        decision = self._read(pair.features, p, [it.type for it in pair.readings])
        found = [pair_interaction(document, pair, decision)]
        # the constructions' other readings of a pair that interacts ("met and agreed")
        confidence = round(decision.probability, 3)
        found += [
            replace(it, confidence=confidence) for it in pair.readings if it.type != decision.type
        ]
        return specific_types(found, lambda it: it.type)

    # --- files ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "threshold": self.threshold,
            "meta": dict(self.meta),
            "heads": {
                "interact": self.interact.to_json(),
                "type": self.type.to_json(),
                "direction": self.direction.to_json(),
                **({"sentence": self.sentence.to_json()} if self.sentence else {}),
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DecisionModel:
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError(f"not an {FORMAT} version {VERSION}")
        heads = data["heads"]
        model = cls(
            interact=LinearHead.from_json(heads["interact"]),
            type=LinearHead.from_json(heads["type"]),
            direction=LinearHead.from_json(heads["direction"]),
            threshold=float(data["threshold"]),
            meta=data.get("meta", {}),
            sentence=SentenceHead.from_json(heads["sentence"]) if "sentence" in heads else None,
        )
        unknown = set(model.type.classes) - set(EVENT_TYPES)
        if unknown or set(model.direction.classes) - set(DIRECTIONS):
            raise ValueError(f"unknown classes {sorted(unknown)}")
        return model

    def save(self, folder: str | Path) -> Path:
        """Write the model as ``model.json.gz`` in a folder (made if missing)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / MODEL_FILE
        tmp = path.with_suffix(".tmp")
        payload = json.dumps(self.to_json(), separators=(",", ":"), sort_keys=True)
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=9) as fh:
            fh.write(payload)
        tmp.replace(path)
        return path


def load_model(path: str | Path) -> DecisionModel:
    """Read a model written by :meth:`DecisionModel.save` (a folder or the file itself).

    Raises
    ------
    ModelFileError
        When the folder has no model or the file is not one.
    """
    path = Path(path)
    file = path / MODEL_FILE if path.is_dir() else path
    if not file.is_file():
        raise ModelFileError(f"no extractor model in {path} (expected {MODEL_FILE})")
    try:
        with gzip.open(file, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return DecisionModel.from_json(data)
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise ModelFileError(f"{file} is not an actorgraph extractor model: {exc}") from None


@lru_cache(maxsize=1)
def shipped_model() -> DecisionModel:
    """The model trained on actorgraph's annotated news and shipped with the package."""
    ref = resources.files("actorgraph").joinpath("data", "extractor", MODEL_FILE)
    with resources.as_file(ref) as file:
        return load_model(file)


#: The name that asks for the hand-written constructions alone, without a model.
RULES = "rules"


def resolve_extractor_model(name: str | Path | None) -> DecisionModel | None | str:
    """What ``--extractor-model`` names: a model folder (loaded once per process),
    ``"rules"`` (no model: the constructions decide), or the shipped model (None)."""
    if name is None:
        return "default"
    if str(name) == RULES:
        return None
    return _cached_model(str(Path(name).resolve()))


@lru_cache(maxsize=4)
def _cached_model(path: str) -> DecisionModel:
    return load_model(path)


def oriented(first: Any, second: Any, direction: str) -> tuple[Any, Any]:
    """Source and target of a pair whose two sides come in text order, by a direction
    of :data:`DIRECTIONS`; an undirected pair is put in a fixed order (by id)."""
    if direction == "back":
        return second, first
    if direction == "sym" and _id(first) > _id(second):
        return second, first
    return first, second


def reversed_interaction(it: Interaction) -> Interaction:
    """The same interaction read the other way round (source and target swapped)."""
    return replace(
        it, source=it.target, source_id=it.target_id, source_type=it.target_type,
        source_country=it.target_country, source_sector=it.target_sector,
        target=it.source, target_id=it.source_id, target_type=it.source_type,
        target_country=it.source_country, target_sector=it.source_sector,
    )  # fmt: skip


def specific_types(found: list[Any], type_of: Callable[[Any], str]) -> list[Any]:
    """A pair's readings in one sentence without STATEMENT when another type is among
    them: STATEMENT is for a communication no other type fits (GUIDELINES.md), so "X
    told reporters Y had lied" is ACCUSE alone, not ACCUSE and STATEMENT."""
    if len({type_of(it) for it in found}) > 1:
        return [it for it in found if type_of(it) != "STATEMENT"]
    return found


def _id(actor: Any) -> str:
    return actor["id"] if isinstance(actor, Mapping) else actor.id


def pair_interaction(document: Document, pair: PairCandidate, decision: Decision) -> Interaction:
    """The interaction a decision reads in a pair.

    The direction is the decision's. A reading of the hand-written constructions with
    the decided type keeps its status, mode, trigger and date; otherwise they come from
    the word on the pair's dependency path that names what the two do.
    """
    confidence = round(decision.probability, 3)
    src, tgt = oriented(pair.first, pair.second, decision.direction)
    directed = decision.direction != "sym"
    for it in pair.readings:
        if it.type == decision.type:
            if it.source_id != src.id:
                it = reversed_interaction(it)
            return replace(it, confidence=confidence, directed=directed)
    trig = pair.trigger
    status = event_status(trig) if trig is not None else "occurred"
    date = resolve_date(trig, document.date, status) if trig is not None else document.date
    return sentence_interaction(
        document, pair.sentence, src, tgt, type=decision.type, directed=directed,
        status=status, date=date, trigger=trig.text if trig is not None else "",
        confidence=confidence,
    )  # fmt: skip


def sentence_interaction(
    document: Document,
    sent: Span,
    src: Actor,
    tgt: Actor,
    *,
    type: str,
    directed: bool,
    status: str,
    date: str | None,
    trigger: str,
    confidence: float,
    mode: str | None = None,
) -> Interaction:
    """The record of one interaction between two resolved actors that a sentence states."""
    return Interaction(
        doc_id=document.id,
        date=date,
        source=src.name,
        source_id=src.id,
        source_type=src.type,
        source_country=src.country,
        target=tgt.name,
        target_id=tgt.id,
        target_type=tgt.type,
        target_country=tgt.country,
        type=type,
        mode=mode,
        directed=directed,
        status=status,
        trigger=trigger,
        sentence=sent.text.strip(),
        start=sent.start_char,
        end=sent.end_char,
        confidence=confidence,
    )
