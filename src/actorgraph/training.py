"""Train the extractor's decision model on annotated documents, and cross-validate it.

Annotated documents are gold JSON Lines as in ../shared/eval (see its GUIDELINES.md).
Each document is parsed once; every pair of actors per sentence becomes an *example*
whose labels come from the gold: does the pair interact in that sentence, with which
types, in which direction. Examples are plain dicts (JSON-ready), so a corpus can be
parsed once and fitted many times (cross-validation, settings).

scikit-learn is needed here only: at run time the model is plain JSON weights.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.language import Language

from actorgraph.errors import ActorgraphError
from actorgraph.evaluate import LEVELS, _rates, actor_matcher, score
from actorgraph.extract import parse_documents, read_document
from actorgraph.extract.decision import (
    RIVAL_FLAGS,
    DecisionModel,
    LinearHead,
    SentenceHead,
    oriented,
    rival_flags,
    sentence_probabilities,
    specific_types,
)
from actorgraph.model import Document

#: Regularisation of the three heads (inverse strength, as scikit-learn's C).
DEFAULT_C = {"interact": 0.1, "type": 0.15, "direction": 0.3}
#: Weight of an interaction against a non-interaction when the interact head is fitted:
#: below 1, the head leans on the features shared by many interactions rather than on
#: the words of a few (5-fold CV, mean of seeds 0-7: pair F1 0.545 -> 0.548).
POSITIVE_WEIGHT = 0.5
#: Features only the type head reads: the tone of a sentence, and the kinds of
#: interaction its words name, say how actors deal, not whether nor which way (5-fold CV;
#: the interact head reading them too, seeds 0-3: pair F1 0.5547 -> 0.5518; the direction
#: head reading them too, seeds 4-7: directed F1 0.5005 -> 0.4965).
TYPE_ONLY = ("sentence_valence=", "sentence_negative=", "sentence_positive=",
             "trigger_valence=", "trigger_negative=", "trigger_positive=",
             "path_names=", "sentence_names=")  # fmt: skip
#: Features the type head does not read: who the two actors are and how often they come
#: up (their kind, place, name length and frequency, the actors around them) tell whether
#: two deal with each other, not how; the type head fitted on them learns the actors of
#: its documents (the type head alone refitted in 5-fold CV, seeds 0-1: typed F1 0.3361 ->
#: 0.3406).
NOT_TYPE = ("kind_type_a=", "kind_type_b=", "placed_a=", "placed_b=", "words_a=", "words_b=",
            "freq_a=", "freq_b=", "others_between=", "actors=")  # fmt: skip
#: Features the direction head does not read: which way an interaction goes is in how the
#: two are tied in their sentence (the path, the roles, the trigger, the constructions),
#: not in who they are nor in the sentence's other words (5-fold CV, seeds 0-7: directed
#: F1 0.5011 -> 0.5035).
NOT_DIRECTION = (*TYPE_ONLY, *NOT_TYPE, "w=", "sent_type=", "tone=", "tone_word=")
#: Features seen in fewer training examples than this are dropped.
MIN_COUNT = 2
#: The threshold is the mean of the best cuts of this many resamples of the held-out
#: documents (drawn with replacement); 0: the best cut of the held-out scores as they
#: are, which a few documents move (5-fold CV, mean of seeds 0-7: pair F1 0.5480 ->
#: 0.5488, typed 0.3326 -> 0.3340; the spread of pair F1 over the seeds 0.0050 -> 0.0035).
THRESHOLD_RESAMPLES = 30
#: How a gold pair met in a sentence other than its evidence's is labelled: as an
#: interaction ("positive"), as none ("negative"), or left out of training ("skip").
ELSEWHERE = "skip"
#: The levels whose held-out F1 (their mean) the probability cut maximises: a pair below
#: the cut loses its types too, and the likeliest pairs' types are more often right, so
#: the cut that weighs them sits a little higher than the best cut for pairs alone.
CUT_LEVELS: tuple[str, ...] = ("pair", "typed")


class TrainingError(ActorgraphError):
    """Training cannot go on (no examples, no positive examples, scikit-learn missing)."""


@dataclass(frozen=True)
class Settings:
    """What a fit may vary; the defaults are the shipped model's."""

    c_interact: float = DEFAULT_C["interact"]
    c_type: float = DEFAULT_C["type"]
    c_direction: float = DEFAULT_C["direction"]
    min_count: int = MIN_COUNT
    positive_weight: float = POSITIVE_WEIGHT
    elsewhere: str = ELSEWHERE
    threshold: float | None = None  # None: chosen by inner cross-validation
    threshold_resamples: int = THRESHOLD_RESAMPLES
    sentence_head: bool = True  # a second look at each pair beside its sentence's others
    cut_levels: tuple[str, ...] = CUT_LEVELS  # the held-out F1s the cut maximises (their mean)
    seed: int = 0


# --- examples ---------------------------------------------------------------------------


def _actor_record(actor) -> dict[str, Any]:
    return {"name": actor.name, "id": actor.id, "type": actor.type, "country": actor.country}


def _reading_record(it) -> dict[str, Any]:
    return {
        "source": it.source,
        "source_id": it.source_id,
        "target": it.target,
        "target_id": it.target_id,
        "type": it.type,
        "directed": it.directed,
        "source_country": it.source_country,
        "target_country": it.target_country,
    }


_WORD = re.compile(r"\w+")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


@dataclass(frozen=True)
class _Evidence:
    """Where a gold interaction's evidence lies: a span of the text when the evidence
    quotes it, otherwise its words (some gold, e.g. PLOVER records, gives key words such
    as "agreed share information" rather than a quote)."""

    span: tuple[int, int] | None
    words: frozenset[str]

    def in_sentence(self, text: str, start: int, end: int) -> bool:
        if self.span is not None:
            return self.span[0] < end and start < self.span[1]
        return bool(self.words) and self.words <= _words(text[start:end])


def _evidence(text: str, gold_doc: dict) -> list[_Evidence]:
    """Each gold interaction's evidence, located in the text where it quotes it (with
    any spacing)."""
    found = []
    for it in gold_doc.get("interactions", []):
        ev = (it.get("evidence") or "").strip()
        span = None
        if ev:
            at = text.find(ev)
            if at >= 0:
                span = (at, at + len(ev))
            else:
                hit = re.search(r"\s+".join(map(re.escape, ev.split())), text)
                span = hit.span() if hit else None
        found.append(_Evidence(span, _words(ev) if span is None else frozenset()))
    return found


def label_pairs(gold_doc: dict, pairs: Iterable[dict]) -> None:
    """Set the labels of a document's examples from its gold (in place).

    ``label`` is 1 (the pair interacts in this sentence), 0 (it does not) or None (the
    pair interacts elsewhere in the document; see :data:`ELSEWHERE`); ``types`` the
    gold types; ``direction`` one of :data:`DIRECTIONS` relative to the order of the
    example's actors.
    """
    match = actor_matcher(gold_doc)
    gold = gold_doc.get("interactions", [])
    text = gold_doc["text"]
    evidence = _evidence(text, gold_doc)
    for ex in pairs:
        a, b = match(ex["first"]["name"]), match(ex["second"]["name"])
        ex["gold"] = [a, b]
        ex["label"], ex["types"], ex["direction"] = 0, [], None
        if a == b or a.startswith("?") or b.startswith("?"):
            continue
        here, elsewhere = [], []
        for it, ev in zip(gold, evidence, strict=True):
            if {it["source"], it["target"]} != {a, b}:
                continue
            if ev.in_sentence(text, *ex["span"]):
                here.append(it)
            else:
                elsewhere.append(it)
        if here:
            ex["label"] = 1
            ex["types"] = sorted({it["type"] for it in here})
            first = here[0]
            if not first.get("directed", True):
                ex["direction"] = "sym"
            else:
                ex["direction"] = "fwd" if first["source"] == a else "back"
        elif elsewhere:
            ex["label"] = None
            ex["types"] = sorted({it["type"] for it in elsewhere})


def document_examples(
    gold_docs: Sequence[dict],
    nlp: Language,
    *,
    parse: str = "selective",
    progress: Callable[[int], None] | None = None,
) -> list[dict]:
    """Parse gold documents and return every actor pair of every sentence as a
    labelled example (one dict each, with its document id in ``doc``)."""
    documents = [
        Document(id=str(d["id"]), text=d["text"], date=d.get("date"), title=d.get("title"))
        for d in gold_docs
    ]
    by_id = {str(d["id"]): d for d in gold_docs}
    examples: list[dict] = []
    per_doc: list[dict] = []
    last = None
    for document, doc, offset, _n, _total in parse_documents(documents, nlp, parse=parse):
        if last is not None and document.id != last:
            label_pairs(by_id[last], per_doc)
            examples.extend(per_doc)
            per_doc = []
            if progress:
                progress(1)
        last = document.id
        reading = read_document(document, doc)
        for pair in reading.pairs:
            sent = pair.sentence
            per_doc.append(
                {
                    "doc": document.id,
                    "span": [sent.start_char + offset, sent.end_char + offset],
                    "first": _actor_record(pair.first),
                    "second": _actor_record(pair.second),
                    "readings": [_reading_record(it) for it in pair.readings],
                    "features": list(pair.features),
                }
            )
    if last is not None:
        label_pairs(by_id[last], per_doc)
        examples.extend(per_doc)
        if progress:
            progress(1)
    return examples


def rule_predictions(examples: Iterable[dict]) -> list[dict]:
    """What the hand-written constructions alone predict for the examples' documents."""
    out = []
    for ex in examples:
        for r in ex["readings"]:
            out.append({"doc_id": ex["doc"], **r})
    return out


# --- fitting ----------------------------------------------------------------------------


def _sklearn():
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:  # pragma: no cover - scikit-learn is a dependency
        raise TrainingError("training needs scikit-learn: pip install scikit-learn") from None
    return LogisticRegression


def _vocabulary(rows: Iterable[Sequence[str]], min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, n in counts.items() if n >= min_count)
    return {f: i for i, f in enumerate(kept)}


def _matrix(rows: Sequence[Sequence[str]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for feats in rows:
        cols = sorted({vocab[f] for f in feats if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    data = [1.0] * len(indices)
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def _fit_head(
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    c: float,
    min_count: int,
    seed: int,
    positive_weight: float = 1.0,
) -> LinearHead:
    """One head: binary when the labels are "1"/"0" (a "1" weighing ``positive_weight``
    times a "0"), multinomial otherwise."""
    import numpy as np

    LogisticRegression = _sklearn()
    vocab = _vocabulary(rows, min_count)
    classes = sorted(set(labels))
    binary = set(classes) <= {"0", "1"}
    if len(classes) == 1:
        # one class only: a head that always says it
        bias = (5.0,) if not binary or classes == ["1"] else (-5.0,)
        return LinearHead(("1",) if binary else tuple(classes), bias if binary else (0.0,), {})
    x = _matrix(rows, vocab)
    clf = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    sample_weight = [positive_weight if binary and y == "1" else 1.0 for y in labels]
    clf.fit(x, list(labels), sample_weight=np.asarray(sample_weight))
    names = sorted(vocab, key=vocab.__getitem__)
    coef = clf.coef_
    weights: dict[str, tuple[float, ...]] = {}
    if binary:
        for j, f in enumerate(names):
            if abs(coef[0, j]) >= 1e-4:
                weights[f] = (float(coef[0, j]),)
        return LinearHead(("1",), (float(clf.intercept_[0]),), weights)
    out_classes = tuple(str(c) for c in clf.classes_)
    if coef.shape[0] == 1:
        # two classes: scikit-learn keeps one row; a softmax over (0, s) is its logistic
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = [0.0, float(clf.intercept_[0])]
    else:
        intercept = [float(v) for v in clf.intercept_]
    for j, f in enumerate(names):
        col = tuple(float(coef[k, j]) for k in range(len(out_classes)))
        if max(abs(v) for v in col) >= 1e-4:
            weights[f] = col
    return LinearHead(out_classes, tuple(intercept), weights)


def _fit_interact(
    rows: Sequence[Sequence[str]], labels: Sequence[str], settings: Settings
) -> LinearHead:
    """The interact head, fitted alike for the model and for the inner held-out scores
    that choose its threshold and sentence head."""
    return _fit_head(
        rows, labels, settings.c_interact, settings.min_count, settings.seed,
        settings.positive_weight,
    )  # fmt: skip


def _fit_type(positives: Sequence[dict], settings: Settings) -> LinearHead:
    """The type head, fitted on the interactions (one row per gold type of each) without
    the features :data:`NOT_TYPE` names."""
    rows = [[f for f in ex["features"] if not f.startswith(NOT_TYPE)]
            for ex in positives for _ in ex["types"]]  # fmt: skip
    labels = [t for ex in positives for t in ex["types"]]
    return _fit_head(rows, labels, settings.c_type, settings.min_count, settings.seed)


def _binary_rows(examples: Iterable[dict], elsewhere: str) -> tuple[list, list]:
    rows, labels = [], []
    for ex in examples:
        label = ex["label"]
        if label is None:
            if elsewhere == "skip":
                continue
            label = 1 if elsewhere == "positive" else 0
        rows.append([f for f in ex["features"] if not f.startswith(TYPE_ONLY)])
        labels.append(str(label))
    return rows, labels


def fit(examples: Sequence[dict], settings: Settings = Settings()) -> DecisionModel:
    """Fit the three heads on labelled examples and choose the threshold.

    Raises
    ------
    TrainingError
        When the examples hold no interaction to learn from.
    """
    rows, labels = _binary_rows(examples, settings.elsewhere)
    if "1" not in labels:
        raise TrainingError("the annotated documents hold no interaction between found actors")
    positives = [ex for ex in examples if ex["label"] == 1]
    dir_rows = [[f for f in ex["features"] if not f.startswith(NOT_DIRECTION)]
                for ex in positives if ex["direction"]]  # fmt: skip
    dir_labels = [ex["direction"] for ex in positives if ex["direction"]]
    interact = _fit_interact(rows, labels, settings)
    etype = _fit_type(positives, settings)
    direction = _fit_head(
        dir_rows, dir_labels, settings.c_direction, settings.min_count, settings.seed
    )
    if len(direction.classes) == 1 and direction.classes[0] == "1":  # pragma: no cover
        direction = LinearHead(("fwd",), (0.0,), {})
    needed = settings.sentence_head or settings.threshold is None
    held_out = _held_out_scores(examples, settings) if needed else []
    sentence = _fit_sentence_head(held_out, settings) if settings.sentence_head else None
    threshold = settings.threshold
    if threshold is None:
        threshold = _threshold(sentence, held_out, settings)
    return DecisionModel(interact, etype, direction, threshold=threshold, sentence=sentence)


def _held_out_scores(
    examples: Sequence[dict], settings: Settings, folds: int = 3
) -> list[tuple[float, dict]]:
    """Each training example's interact score from a head fitted without its document
    (an inner cross-validation by document); empty when there are too few documents.
    When the cut weighs the typed level, each example's ``held_types`` (a copy's) are the
    types a type head fitted without its document gives it."""
    docs = sorted({ex["doc"] for ex in examples})
    if len(docs) < folds * 2:
        return []
    typed = "typed" in settings.cut_levels
    scored: list[tuple[float, dict]] = []
    for held in split_documents(docs, folds, settings.seed + 1):
        train = [ex for ex in examples if ex["doc"] not in held]
        test = [ex for ex in examples if ex["doc"] in held]
        rows, labels = _binary_rows(train, settings.elsewhere)
        if "1" not in labels or "0" not in labels:
            continue
        head = _fit_interact(rows, labels, settings)
        if typed:
            test = [{**ex, "held_types": types} for ex, types in
                    zip(test, _held_types(train, test, settings), strict=True)]  # fmt: skip
        scored += [(head.scores(ex["features"])[0], ex) for ex in test]
    return scored


def _held_types(train: Sequence[dict], test: Sequence[dict], settings: Settings) -> list[list[str]]:
    """The types a model's type head, fitted on ``train``, gives each of ``test`` (with
    the constructions' other readings, as :func:`predict_examples` gives them)."""
    etype = _fit_type([ex for ex in train if ex["label"] == 1], settings)
    model = DecisionModel(etype, etype, LinearHead(("fwd",), (0.0,), {}))
    out = []
    for ex in test:
        readings = [r["type"] for r in ex["readings"]]
        decided = model.decide(ex["features"], readings, 1.0).type
        out.append(specific_types([decided, *(t for t in readings if t != decided)], str))
    return out


def _sentences(examples: Sequence[dict]) -> tuple[list, list]:
    return (
        [(ex["doc"], *ex["span"]) for ex in examples],
        [(ex["first"]["id"], ex["second"]["id"]) for ex in examples],
    )


def _fit_sentence_head(
    held_out: list[tuple[float, dict]], settings: Settings
) -> SentenceHead | None:
    """Fit the second look on held-out scores, so that it learns how far to trust a
    score the interact head gives documents it has not seen (none when the held-out
    examples do not hold both an interaction and a non-interaction)."""
    LogisticRegression = _sklearn()
    examples = [ex for _, ex in held_out]
    flags = rival_flags(*_sentences(examples), [s for s, _ in held_out])
    rows, labels = [], []
    for (s, ex), on in zip(held_out, flags, strict=True):
        if ex["label"] is not None:
            rows.append([s, *(float(f in on) for f in RIVAL_FLAGS)])
            labels.append(ex["label"])
    if len(set(labels)) < 2:
        return None
    clf = LogisticRegression(C=1.0, max_iter=1000, random_state=settings.seed)
    clf.fit(rows, labels)
    coef = [float(v) for v in clf.coef_[0]]
    weights = {f: (w,) for f, w in zip(RIVAL_FLAGS, coef[1:], strict=True)}
    return SentenceHead(coef[0], LinearHead(("1",), (float(clf.intercept_[0]),), weights))


def _threshold(
    sentence: SentenceHead | None, held_out: list[tuple[float, dict]], settings: Settings
) -> float:
    """The probability cut that gives the best pair F1 on the held-out scores, read by
    the sentence head when there is one (averaged over resamples of the documents when
    ``settings.threshold_resamples`` is positive)."""
    if not held_out:
        return 0.5
    examples = [ex for _, ex in held_out]
    ps = sentence_probabilities(sentence, [s for s, _ in held_out], *_sentences(examples))
    scored = list(zip(ps, examples, strict=True))
    if settings.threshold_resamples < 1:
        return _best_cut(scored, settings.cut_levels)
    return _resampled_cut(scored, settings.threshold_resamples, settings.seed,
                          settings.cut_levels)  # fmt: skip


def _resampled_cut(scored: list[tuple[float, dict]], resamples: int, seed: int,
                   levels: tuple[str, ...] = CUT_LEVELS) -> float:  # fmt: skip
    """The mean of the best cuts of ``resamples`` bootstrap samples of the documents: the
    best cut of one sample jumps when a few documents change, the mean moves less."""
    by_doc: dict[str, list[tuple[float, dict]]] = {}
    for p, ex in scored:
        by_doc.setdefault(ex["doc"], []).append((p, ex))
    docs = sorted(by_doc)
    rng = random.Random(seed)
    cuts = []
    for _ in range(resamples):
        sample = []
        for n, doc in enumerate([rng.choice(docs) for _ in docs]):
            # a document drawn twice counts twice: each draw's pairs are pairs of their own
            sample += [(p, {**ex, "doc": f"{doc}#{n}"}) for p, ex in by_doc[doc]]
        cuts.append(_best_cut(sample, levels))
    return round(sum(cuts) / len(cuts), 4)


def _best_cut(scored: list[tuple[float, dict]], levels: tuple[str, ...] = CUT_LEVELS) -> float:
    """The cut that maximises F1 over document-level gold pairs (and, with "typed" among
    ``levels``, the mean of that and the F1 over their gold types)."""
    gold: dict[str, set] = {"pair": set(), "typed": set()}
    best_p: dict[tuple, float] = {}
    for p, ex in scored:
        key = (ex["doc"], frozenset(ex["gold"]))
        best_p[key] = max(p, best_p.get(key, 0.0))
        for t in ex.get("held_types", ()) if "typed" in levels else ():
            best_p[(*key, t)] = max(p, best_p.get((*key, t), 0.0))
        if ex["label"] == 1 or ex["label"] is None:
            gold["pair"].add(key)
            gold["typed"].update((*key, t) for t in ex.get("types", ()))
    ranked = sorted(best_p.items(), key=lambda kv: -kv[1])
    tp = {"pair": 0, "typed": 0}
    found = {"pair": 0, "typed": 0}
    best_f, best_cut = -1.0, 0.5
    for n, (key, p) in enumerate(ranked):
        level = "pair" if len(key) == 2 else "typed"
        found[level] += 1
        tp[level] += key in gold[level]
        nxt = ranked[n + 1][1] if n + 1 < len(ranked) else 0.0
        if nxt == p:
            continue
        f = sum(_rates(tp[lv], found[lv] - tp[lv], len(gold[lv]) - tp[lv])["f1"]
                for lv in levels) / len(levels)  # fmt: skip
        if f > best_f:
            best_f, best_cut = f, (p + nxt) / 2
    return round(min(max(best_cut, 0.05), 0.95), 4)


# --- predicting and cross-validating ------------------------------------------------------


def predict_examples(model: DecisionModel, examples: Iterable[dict]) -> list[dict]:
    """Prediction records (as ``actorgraph events`` prints, the fields the scorer reads)
    for examples, by the same rule as :func:`actorgraph.extract.decision.pair_interaction`."""
    out = []
    examples = list(examples)
    ps = model.probabilities([ex["features"] for ex in examples], *_sentences(examples))
    for ex, p in zip(examples, ps, strict=True):
        if p < model.threshold:
            continue
        decision = model.decide(ex["features"], [r["type"] for r in ex["readings"]], p)
        others = [r for r in ex["readings"] if r["type"] != decision.type]
        found = [{"doc_id": ex["doc"], **r, "confidence": decision.probability} for r in others]
        src, tgt = oriented(ex["first"], ex["second"], decision.direction)
        found.append(
            {
                "doc_id": ex["doc"],
                "source": src["name"],
                "target": tgt["name"],
                "source_country": src["country"],
                "target_country": tgt["country"],
                "type": decision.type,
                "directed": decision.direction != "sym",
                "confidence": decision.probability,
            }
        )
        out += specific_types(found, lambda r: r["type"])
    return out


def split_documents(doc_ids: Sequence[str], folds: int, seed: int = 0) -> list[set[str]]:
    """Deal document ids into ``folds`` parts of near-equal size, shuffled by ``seed``."""
    ids = sorted(set(doc_ids))
    random.Random(seed).shuffle(ids)
    return [set(ids[k::folds]) for k in range(folds)]


def cross_validate(
    gold_docs: Sequence[dict],
    examples: Sequence[dict],
    *,
    folds: int = 5,
    settings: Settings = Settings(),
    groups: dict[str, str] | None = None,
) -> dict[str, Any]:
    """K-fold cross-validation by document.

    Returns the score of every fold, their mean and spread per level, and the scores of
    the pooled held-out predictions overall and per group (``groups`` maps a document
    id to a name, e.g. its file).
    """
    parts = split_documents([str(d["id"]) for d in gold_docs], folds, settings.seed)
    fold_scores = []
    pooled: list[dict] = []
    for held in parts:
        train = [ex for ex in examples if ex["doc"] not in held]
        test = [ex for ex in examples if ex["doc"] in held]
        model = fit(train, settings)
        preds = predict_examples(model, test)
        pooled.extend(preds)
        fold_gold = [d for d in gold_docs if str(d["id"]) in held]
        fold_scores.append(score(fold_gold, preds))
    summary: dict[str, Any] = {"folds": fold_scores}
    for level in LEVELS:
        values = [s[level]["f1"] for s in fold_scores]
        mean = sum(values) / len(values)
        spread = (sum((v - mean) ** 2 for v in values) / max(len(values) - 1, 1)) ** 0.5
        summary[level] = {"mean_f1": round(mean, 4), "sd_f1": round(spread, 4)}
    summary["pooled"] = score(gold_docs, pooled)
    if groups:
        summary["groups"] = {}
        for name in sorted(set(groups.values())):
            ids = {i for i, g in groups.items() if g == name}
            gold = [d for d in gold_docs if str(d["id"]) in ids]
            summary["groups"][name] = score(gold, [p for p in pooled if p["doc_id"] in ids])
    summary["predictions"] = pooled
    return summary


# --- the whole job, as ``actorgraph train`` runs it ------------------------------------------


@dataclass(frozen=True)
class TrainResult:
    """What a training run measured and wrote."""

    path: Path
    model: DecisionModel
    documents: int
    examples: int
    cross_validated: dict[str, Any] | None
    fitted: dict[str, Any]
    rules: dict[str, Any]

    def summary(self) -> dict[str, Any]:
        """The figures as one JSON-ready object (rates per level, per file and overall)."""
        out: dict[str, Any] = {
            "model": str(self.path),
            "documents": self.documents,
            "examples": self.examples,
            "threshold": self.model.threshold,
            "fitted": _levels(self.fitted["overall"]),
            "rules": _levels(self.rules["overall"]),
        }
        if self.cross_validated is not None:
            cv = self.cross_validated
            out["cross_validated"] = {
                "folds": len(cv["folds"]),
                "overall": _levels(cv["pooled"]),
                "mean_f1": {lv: cv[lv]["mean_f1"] for lv in LEVELS},
                "sd_f1": {lv: cv[lv]["sd_f1"] for lv in LEVELS},
                "files": {k: _levels(v) for k, v in cv.get("groups", {}).items()},
            }
        out["fitted_files"] = {k: _levels(v) for k, v in self.fitted["files"].items()}
        return out

    def describe(self) -> str:
        """The figures as tables a person reads."""
        lines = [f"{self.documents} documents, {self.examples} actor pairs"]
        if self.cross_validated is not None:
            cv = self.cross_validated
            lines.append("")
            lines.append(
                f"cross-validated ({len(cv['folds'])} folds by document; "
                "what to expect on unseen news like these):"
            )
            lines.append(f"{'level':<10}{'P':>8}{'R':>8}{'F1':>8}{'fold mean':>11}{'sd':>7}")
            for lv in LEVELS:
                r = cv["pooled"][lv]
                lines.append(
                    f"{lv:<10}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
                    f"{cv[lv]['mean_f1']:>11.3f}{cv[lv]['sd_f1']:>7.3f}"
                )
            for name, r in cv.get("groups", {}).items():
                lines.append(
                    f"  {name}: pair {r['pair']['f1']:.3f}, directed "
                    f"{r['directed']['f1']:.3f}, typed {r['typed']['f1']:.3f}"
                )
        lines.append("")
        lines.append("on the training documents themselves (not a measure of accuracy):")
        fitted = self.fitted["overall"]
        lines.append("  " + ", ".join(f"{lv} {fitted[lv]['f1']:.3f}" for lv in LEVELS))
        rules = self.rules["overall"]
        lines.append(
            "hand-written constructions alone: "
            + ", ".join(f"{lv} {rules[lv]['f1']:.3f}" for lv in LEVELS)
        )
        return "\n".join(lines)


def _levels(result: dict[str, Any]) -> dict[str, dict[str, float]]:
    return {
        lv: {k: round(float(result[lv][k]), 4) for k in ("precision", "recall", "f1")}
        for lv in LEVELS
    }


def _per_file(gold_files: dict[str, list[dict]], predictions: list[dict]) -> dict[str, Any]:
    files = {}
    for name, docs in gold_files.items():
        ids = {str(d["id"]) for d in docs}
        files[name] = score(docs, [p for p in predictions if p["doc_id"] in ids])
    every = [d for docs in gold_files.values() for d in docs]
    return {"files": files, "overall": score(every, predictions)}


def train_model(
    gold_files: dict[str, list[dict]],
    nlp: Language,
    out: str | Path,
    *,
    folds: int = 5,
    parse: str = "selective",
    seed: int = 0,
    settings: Settings | None = None,
    progress: Callable[[int], None] | None = None,
) -> TrainResult:
    """Parse annotated documents, cross-validate, fit on all of them and save the model.

    Parameters
    ----------
    gold_files : dict
        File name -> gold documents (as :func:`actorgraph.evaluate.read_gold` reads them).
    folds : int
        Cross-validation folds by document (0 or 1: none).

    Raises
    ------
    TrainingError
        When the documents give nothing to learn from.
    """
    settings = settings or Settings(seed=seed)
    gold = [d for docs in gold_files.values() for d in docs]
    ids = [str(d["id"]) for d in gold]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise TrainingError(f"document id {dup!r} occurs twice across the gold files")
    examples = document_examples(gold, nlp, parse=parse, progress=progress)
    if not examples:
        raise TrainingError("no sentence of the annotated documents names two actors")
    groups = {str(d["id"]): name for name, docs in gold_files.items() for d in docs}
    cv = None
    if folds >= 2:
        if len(gold) < folds:
            raise TrainingError(f"{len(gold)} documents cannot make {folds} folds")
        cv = cross_validate(gold, examples, folds=folds, settings=settings, groups=groups)
    model = fit(examples, settings)
    fitted = _per_file(gold_files, predict_examples(model, examples))
    rules = _per_file(gold_files, rule_predictions(examples))
    meta: dict[str, Any] = {
        "documents": len(gold),
        "examples": len(examples),
        "files": sorted(Path(name).name for name in gold_files),
        "settings": {k: v for k, v in settings.__dict__.items()},
        "fitted_overall": _levels(fitted["overall"]),
    }
    if cv is not None:
        meta["cross_validated"] = {
            "folds": folds,
            "overall": _levels(cv["pooled"]),
            "mean_f1": {lv: cv[lv]["mean_f1"] for lv in LEVELS},
            "sd_f1": {lv: cv[lv]["sd_f1"] for lv in LEVELS},
        }
    model = replace(model, meta=meta)
    path = model.save(out)
    return TrainResult(path, model, len(gold), len(examples), cv, fitted, rules)
