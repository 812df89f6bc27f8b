"""Score extracted interactions against gold annotations, by the rules of the annotation guidelines.

A gold file is JSON Lines, one annotated document a line (``id``, ``date``, ``text``,
``actors``, ``interactions``), as described in ``../shared/eval/GUIDELINES.md``. Predictions
are interaction records as ``actorgraph events`` prints them. Both are reduced, per
document, to sets of keys at four levels, and counted over the corpus (micro-average):

``pair``
    the unordered pair of actors: who deals with whom.
``directed``
    ``(source, target)`` for a directed gold interaction, the unordered pair for a
    symmetric one.
``typed``
    the unordered pair with the PLOVER type.
``country``
    the unordered pair of the actors' countries; a pair of one country is dropped.

A gold interaction marked ``"optional": true`` is neither a miss when absent nor a false
positive when predicted. This module imports no spaCy; only :func:`predict_gold` runs the
extractor (and imports it when called).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from actorgraph.errors import GoldError, InputError

__all__ = [
    "LEVELS",
    "GoldError",
    "actor_matcher",
    "assign_predictions",
    "format_table",
    "gold_keys",
    "merge_scores",
    "normalize_name",
    "predict_gold",
    "prediction_keys",
    "read_gold",
    "read_predictions",
    "rounded_levels",
    "score",
]

#: The levels scored, from the loosest to the strictest about the interaction itself.
LEVELS = ("pair", "directed", "typed", "country")

#: Key sets of one document: level -> set of keys.
KeySets = dict[str, set[Hashable]]

#: Prefix of the key of a predicted name that matches no gold actor.
UNMATCHED = "?"

# Punctuation other than apostrophes and hyphens separates words ("U.S.-led" keeps its
# hyphen; "(UN)" loses its brackets); periods vanish so "U.S." and "US" are one name.
_SEPARATORS = re.compile(r"[^\w\s'\u2019-]")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_ARTICLE = re.compile(r"^the ")


def normalize_name(name: str | None) -> str:
    """The form in which two actor names are compared.

    Case-insensitive, without periods, with other punctuation (but apostrophes and
    hyphens) read as spaces, a final possessive ``'s`` and a leading "the" dropped, and
    runs of space collapsed.

    Examples
    --------
    >>> normalize_name("The U.S. State Department's")
    'us state department'
    """
    text = _SEPARATORS.sub(" ", (name or "").casefold().replace(".", ""))
    text = _POSSESSIVE.sub("", " ".join(text.split()))
    return _ARTICLE.sub("", text).strip()


# ------------------------------------------------------------------------------ reading


def read_gold(path: str | Path) -> list[dict]:
    """Read a gold file: JSON Lines, one annotated document a line.

    Every document needs ``id``, ``text``, ``actors`` (each with an ``id``) and
    ``interactions`` (each with ``source`` and ``target`` naming actors of the document,
    and a ``type``); ``date`` may be null or absent. Blank lines are skipped.

    Parameters
    ----------
    path : str or Path
        The gold file.

    Returns
    -------
    list of dict
        The documents, in file order.

    Raises
    ------
    GoldError
        When the file cannot be read, holds no document, a line is not a JSON object,
        a document lacks a required field or names an unknown actor, or two documents
        share an id; the message names the file and the line.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = list(handle)
    except FileNotFoundError:
        raise GoldError(f"gold file not found: {path}") from None
    except IsADirectoryError:
        raise GoldError(f"gold file is a directory: {path}") from None
    except UnicodeDecodeError as error:
        raise GoldError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise GoldError(f"cannot read gold file {path}: {error.strerror or error}") from None
    docs: list[dict] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{where}: not valid JSON ({error.msg})") from None
        _check_document(doc, where)
        key = str(doc["id"])
        if key in seen:
            raise GoldError(f"{where}: document id {key!r} already used on line {seen[key]}")
        seen[key] = number
        docs.append(doc)
    if not docs:
        raise GoldError(f"{path}: no gold document in the file")
    return docs


def _check_document(doc: object, where: str) -> None:
    """Raise a GoldError naming ``where`` unless ``doc`` is a document of the gold format."""
    if not isinstance(doc, dict):
        raise GoldError(f"{where}: a gold document must be a JSON object")
    for field, kinds in (("id", (str, int)), ("text", str), ("actors", list),
                         ("interactions", list)):  # fmt: skip
        if field not in doc:
            raise GoldError(f"{where}: document has no {field!r}")
        if not isinstance(doc[field], kinds) or isinstance(doc[field], bool):
            raise GoldError(f"{where}: {field!r} has the wrong type")
    if not isinstance(doc.get("date"), str | None):
        raise GoldError(f"{where}: 'date' must be a YYYY-MM-DD string or null")
    ids = set()
    for n, actor in enumerate(doc["actors"], 1):
        if not isinstance(actor, dict) or not isinstance(actor.get("id"), str) or not actor["id"]:
            raise GoldError(f"{where}: actor {n} has no id")
        aliases = actor.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise GoldError(f"{where}: aliases of actor {actor['id']!r} must be a list of names")
        if not isinstance(actor.get("country"), str | None):
            raise GoldError(f"{where}: country of actor {actor['id']!r} must be a code or null")
        ids.add(actor["id"])
    for n, it in enumerate(doc["interactions"], 1):
        if not isinstance(it, dict):
            raise GoldError(f"{where}: interaction {n} must be a JSON object")
        for field in ("source", "target", "type"):
            if not isinstance(it.get(field), str) or not it[field]:
                raise GoldError(f"{where}: interaction {n} has no {field!r}")
        for field in ("source", "target"):
            if it[field] not in ids:
                raise GoldError(
                    f"{where}: interaction {n} names {it[field]!r}, which is not an actor id"
                )
        if it["source"] == it["target"]:
            raise GoldError(f"{where}: interaction {n} has the same source and target")
        for field in ("directed", "optional"):
            if not isinstance(it.get(field, False), bool):
                raise GoldError(f"{where}: {field!r} of interaction {n} must be true or false")


def read_predictions(path: str | Path) -> list[dict]:
    """Read predicted interactions: JSON Lines, one record a line, as ``actorgraph events``
    prints them (``doc_id``, ``source``, ``target``, ``type``, ``directed``, ...).

    Raises
    ------
    InputError
        When the file cannot be read, or a line is not a JSON object with a ``doc_id``;
        the message names the file and the line.
    """
    path = Path(path)
    records: list[dict] = []
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(f"{path}:{number}: not valid JSON ({error.msg})") from None
                if not isinstance(record, dict) or record.get("doc_id") is None:
                    raise InputError(f"{path}:{number}: a prediction needs a 'doc_id'")
                records.append(record)
    except FileNotFoundError:
        raise InputError(f"predictions file not found: {path}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise InputError(f"cannot read predictions {path}: {error.strerror or error}") from None
    return records


# ----------------------------------------------------------------------------- matching


def actor_matcher(gold_doc: Mapping[str, Any]) -> Callable[[str | None], str]:
    """A function mapping a predicted actor name to the id of a gold actor of one document.

    Names are compared in :func:`normalize_name` form. A name equal to an actor's id or
    one of its aliases is that actor (the first actor listed wins a shared alias).
    Otherwise the name matches an actor one of whose aliases it contains, or is contained
    in, as a whole run of words ("Warren Christopher" in "U.S. Secretary of State Warren
    Christopher"); the longest such alias decides, and the first listed among equals.

    Returns
    -------
    callable
        ``match(name) -> str``: a gold actor id, or ``"?" + normalized name`` for a name
        that matches no gold actor (two such names are one actor only when they are equal).

    Examples
    --------
    >>> match = actor_matcher({"actors": [{"id": "USA", "aliases": ["United States"]}]})
    >>> match("the United States"), match("President of the United States"), match("Cuba")
    ('USA', 'USA', '?cuba')
    """
    exact: dict[str, str] = {}
    for actor in gold_doc["actors"]:
        for name in (actor["id"], *actor.get("aliases", ())):
            key = normalize_name(name)
            if key:
                exact.setdefault(key, actor["id"])
    # Longest alias first; the sort is stable, so the first listed wins among equals.
    by_length = sorted(((f" {key} ", actor_id) for key, actor_id in exact.items()),
                       key=lambda item: -len(item[0]))  # fmt: skip

    def match(name: str | None) -> str:
        key = normalize_name(name)
        if key in exact:
            return exact[key]
        if key:
            padded = f" {key} "
            for alias, actor_id in by_length:
                if alias in padded or padded in alias:
                    return actor_id
        return UNMATCHED + key

    return match


def _level_keys(
    source: str,
    target: str,
    etype: str | None,
    directed: bool,
    source_country: str | None,
    target_country: str | None,
) -> dict[str, Hashable | None]:
    pair = frozenset((source, target))
    countries = None
    if source_country and target_country and source_country != target_country:
        countries = frozenset((source_country, target_country))
    return {
        "pair": pair,
        "directed": (source, target) if directed else pair,
        "typed": (pair, etype),
        "country": countries,
    }


def _countries(gold_doc: Mapping[str, Any]) -> dict[str, str | None]:
    return {actor["id"]: _code(actor.get("country")) for actor in gold_doc["actors"]}


def gold_keys(gold_doc: Mapping[str, Any]) -> tuple[KeySets, KeySets]:
    """The keys a document's gold interactions give at each level.

    Returns
    -------
    required, optional : dict of str to set
        Level -> keys. ``required`` comes from the interactions not marked optional;
        ``optional`` from the others, less any key that is also required.
    """
    country = _countries(gold_doc)
    required: KeySets = {level: set() for level in LEVELS}
    optional: KeySets = {level: set() for level in LEVELS}
    for it in gold_doc["interactions"]:
        source, target = it["source"], it["target"]
        keys = _level_keys(source, target, _code(it["type"]), it.get("directed", True),
                           country.get(source), country.get(target))  # fmt: skip
        bucket = optional if it.get("optional") else required
        for level, key in keys.items():
            if key is not None:
                bucket[level].add(key)
    for level in LEVELS:
        optional[level] -= required[level]
    return required, optional


def _flag(value: object, default: bool = True) -> bool:
    """A boolean field of a prediction: JSON true/false, or the words of a CSV cell."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no", "")
    return bool(value)


def _code(value: object) -> str | None:
    """A country code or type as compared: upper case, None when empty."""
    text = str(value).strip().upper() if value is not None else ""
    return text or None


def prediction_keys(
    gold_doc: Mapping[str, Any],
    predictions: Iterable[Mapping[str, Any]],
    gold: tuple[KeySets, KeySets] | None = None,
) -> KeySets:
    """The keys a document's predicted interactions give at each level.

    Actor names are matched with :func:`actor_matcher`; a prediction whose two names
    match one actor is dropped. A prediction's own countries win over the gold actor's.
    A directed prediction matches a symmetric gold interaction of the same pair unless
    the gold also has that pair in the predicted order.

    Parameters
    ----------
    gold_doc : dict
        The gold document the predictions are for.
    predictions : iterable of dict
        Its predicted interaction records.
    gold : (required, optional), optional
        :func:`gold_keys` of ``gold_doc``, when already computed.
    """
    required, optional = gold if gold is not None else gold_keys(gold_doc)
    gold_directed = required["directed"] | optional["directed"]
    match = actor_matcher(gold_doc)
    country = _countries(gold_doc)
    keys: KeySets = {level: set() for level in LEVELS}
    for p in predictions:
        source, target = match(p.get("source")), match(p.get("target"))
        if source == target:
            continue
        directed = _flag(p.get("directed"))
        ordered = (source, target)
        if directed and ordered not in gold_directed and frozenset(ordered) in gold_directed:
            directed = False
        found = _level_keys(
            source, target, _code(p.get("type")), directed,
            _code(p.get("source_country")) or country.get(source),
            _code(p.get("target_country")) or country.get(target),
        )  # fmt: skip
        for level, key in found.items():
            if key is not None:
                keys[level].add(key)
    return keys


# ------------------------------------------------------------------------------ scoring


def _rates(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def score(gold_docs: Sequence[Mapping[str, Any]], predictions: Iterable[Mapping[str, Any]]) -> dict:
    """Precision, recall and F1 of predictions against gold, micro-averaged over documents.

    Parameters
    ----------
    gold_docs : sequence of dict
        Gold documents, as :func:`read_gold` returns them.
    predictions : iterable of dict
        Interaction records (``doc_id``, ``source``, ``target``, ``type``, ``directed``,
        optionally ``source_country`` and ``target_country``); records of a ``doc_id``
        that is not a gold document are counted, not scored.

    Returns
    -------
    dict
        For each level of :data:`LEVELS`, ``{"precision", "recall", "f1", "tp", "fp",
        "fn"}``; and ``"documents"``, ``"predictions"`` (all records given) and
        ``"predictions_for_unknown_documents"``.

    Examples
    --------
    >>> gold = [{"id": "d", "actors": [{"id": "A"}, {"id": "B"}],
    ...          "interactions": [{"source": "A", "target": "B", "type": "ACCUSE"}]}]
    >>> result = score(gold, [{"doc_id": "d", "source": "b", "target": "a", "type": "ACCUSE"}])
    >>> result["pair"]["f1"], result["directed"]["f1"], result["typed"]["f1"]
    (1.0, 0.0, 1.0)
    """
    by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    total = 0
    for p in predictions:
        by_doc[str(p.get("doc_id"))].append(p)
        total += 1
    counts = {level: [0, 0, 0] for level in LEVELS}
    known = set()
    for doc in gold_docs:
        doc_id = str(doc["id"])
        known.add(doc_id)
        required, optional = gold = gold_keys(doc)
        found = prediction_keys(doc, by_doc.get(doc_id, ()), gold)
        for level in LEVELS:
            tally = counts[level]
            tally[0] += len(found[level] & required[level])
            tally[1] += len(found[level] - required[level] - optional[level])
            tally[2] += len(required[level] - found[level])
    result: dict[str, Any] = {level: _rates(*counts[level]) for level in LEVELS}
    result["documents"] = len(gold_docs)
    result["predictions"] = total
    result["predictions_for_unknown_documents"] = sum(
        len(records) for doc_id, records in by_doc.items() if doc_id not in known
    )
    return result


def merge_scores(results: Iterable[Mapping[str, Any]]) -> dict:
    """Several :func:`score` results as one: counts added, rates computed again.

    Scoring files one by one and merging gives the micro-average over all their
    documents, even when two files use the same document id.
    """
    counts = {level: [0, 0, 0] for level in LEVELS}
    extra = {"documents": 0, "predictions": 0, "predictions_for_unknown_documents": 0}
    for result in results:
        for level in LEVELS:
            for n, name in enumerate(("tp", "fp", "fn")):
                counts[level][n] += result[level][name]
        for name in extra:
            extra[name] += result.get(name, 0)
    return {**{level: _rates(*counts[level]) for level in LEVELS}, **extra}


def assign_predictions(
    gold_files: Mapping[str, Sequence[Mapping[str, Any]]], predictions: Iterable[dict]
) -> tuple[dict[str, list[dict]], list[dict]]:
    """Split predictions by the gold file that holds their document.

    Returns
    -------
    by_file, unknown
        The predictions of each file's documents (a document id found in several files
        gives its predictions to each), and those of documents in no file.
    """
    files_of: dict[str, list[str]] = defaultdict(list)
    for name, docs in gold_files.items():
        for doc in docs:
            files_of[str(doc["id"])].append(name)
    by_file: dict[str, list[dict]] = {name: [] for name in gold_files}
    unknown: list[dict] = []
    for p in predictions:
        names = files_of.get(str(p.get("doc_id")))
        if not names:
            unknown.append(p)
        for name in names or ():
            by_file[name].append(p)
    return by_file, unknown


def rounded_levels(result: Mapping[str, Any], digits: int = 4) -> dict[str, dict]:
    """The level entries of a :func:`score` result, rates rounded: the shape of JSON reports."""
    return {
        level: {
            k: round(v, digits) if isinstance(v, float) else v for k, v in result[level].items()
        }
        for level in LEVELS
    }


def format_table(name: str, result: Mapping[str, Any]) -> str:
    """A :func:`score` result as a text table: one row per level, P, R, F1, tp, fp, fn.

    Examples
    --------
    >>> print(format_table("demo", score([], [])).splitlines()[0])
    == demo: 0 documents, 0 predictions
    """
    lines = [f"== {name}: {result['documents']} documents, {result['predictions']} predictions",
             f"{'level':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"]  # fmt: skip
    for level in LEVELS:
        r = result[level]
        lines.append(
            f"{level:<10}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
            f"{r['tp']:>7}{r['fp']:>7}{r['fn']:>7}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- predicting


def predict_gold(
    gold_docs: Sequence[Mapping[str, Any]],
    nlp: Any,
    *,
    parse: str = "selective",
    extractor_model: str | Path | None = None,
    batch_size: int = 32,
    progress: Callable[[int], None] | None = None,
) -> list[dict]:
    """Run the extractor over the texts of gold documents (with their dates).

    Parameters
    ----------
    gold_docs : sequence of dict
        Gold documents; their ``id``, ``text``, ``date`` (and ``title``) are read.
    nlp : spacy.language.Language
        The pipeline, from :func:`actorgraph.nlp.load_pipeline`.
    parse : {"selective", "full"}
        As in :func:`actorgraph.extract.extract_documents`.
    extractor_model : str or Path, optional
        A trained extractor model directory.
    progress : callable, optional
        Called with 1 after each document.

    Returns
    -------
    list of dict
        Interaction records, as ``actorgraph events`` prints them.
    """
    from actorgraph.extract import extract_documents  # spaCy, only when predicting
    from actorgraph.model import Document

    documents = [
        Document(id=str(d["id"]), text=d["text"], date=d.get("date"), title=d.get("title"))
        for d in gold_docs
    ]
    from actorgraph.extract.decision import resolve_extractor_model

    model = resolve_extractor_model(extractor_model)
    records: list[dict] = []
    for extraction in extract_documents(
        documents, nlp, parse=parse, batch_size=batch_size, model=model
    ):
        records.extend(it.to_record() for it in extraction.interactions)
        if progress is not None:
            progress(1)
    return records
