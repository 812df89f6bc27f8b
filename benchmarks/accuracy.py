"""Accuracy of the extractor: 5-fold cross-validation by document over all annotated data.

usage: python benchmarks/accuracy.py [--shared DIR] [--folds 5] [--json FILE] [--errors FILE]
                                     [--end-to-end] [--model NAME]

Reads every gold file in ../shared/eval and ../shared/train, parses each document once,
and reports, per level (pair, directed, typed, country):
- the cross-validated figure: the decision model fitted on four fifths of the documents
  and scored on the fifth it never saw, pooled over the five folds (with the mean and
  spread of the five fold scores) — the figure that predicts unseen news;
- the figure on the data the model was fitted to (every document, as the shipped model
  is trained): reported only beside the cross-validated one;
- the hand-written constructions alone.
Errors for study (missed and spurious pairs, with their sentences) come from the held-out
folds and go to the errors file. ``--end-to-end`` also runs the shipped model through
``extract_documents`` on the gold texts and scores that, per file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from actorgraph.evaluate import LEVELS, actor_matcher, format_table, predict_gold, read_gold, score
from actorgraph.nlp import load_pipeline
from actorgraph.training import train_model

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared"
GOLD_FILES = (
    "eval/seed.jsonl",
    "eval/bbc_dev.jsonl",
    "eval/wire_dev.jsonl",
    "eval/plover_dev.jsonl",
    "train/agnews_world.jsonl",
    "train/wire.jsonl",
    "train/voa.jsonl",
)


def errors(gold_docs: list[dict], preds: list[dict]) -> list[str]:
    """Missed and spurious pair-level interactions per document, with their sentences."""
    out = []
    by_doc: dict[str, list[dict]] = {}
    for p in preds:
        by_doc.setdefault(str(p["doc_id"]), []).append(p)
    for doc in gold_docs:
        match = actor_matcher(doc)
        allowed = {frozenset((it["source"], it["target"])) for it in doc["interactions"]}
        got: dict[frozenset, dict] = {}
        for p in by_doc.get(str(doc["id"]), []):
            got.setdefault(frozenset((match(p["source"]), match(p["target"]))), p)
        missed = [
            it
            for it in doc["interactions"]
            if not it.get("optional") and frozenset((it["source"], it["target"])) not in got
        ]
        spurious = [p for k, p in got.items() if k not in allowed]
        if not missed and not spurious:
            continue
        out.append(f"\n## {doc['id']}")
        for it in missed:
            out.append(f"- MISSED {it['source']} -> {it['target']} {it['type']}: {it['evidence']}")
        for p in spurious:
            out.append(
                f"- SPURIOUS {p['source']} -> {p['target']} {p['type']} "
                f"(p={p.get('confidence', 0):.2f})"
            )
    return out


#: The --min-confidence values the confidence table reports.
CONFIDENCE_STEPS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def confidence_curve(gold_docs: list[dict], preds: list[dict]) -> list[dict]:
    """Held-out precision, recall and F1 when only interactions whose confidence is at
    least each of CONFIDENCE_STEPS are kept (what ``--min-confidence`` does)."""
    rows = []
    for cut in CONFIDENCE_STEPS:
        kept = [p for p in preds if p.get("confidence", 0.0) >= cut]
        r = score(gold_docs, kept)
        row: dict = {"min_confidence": cut, "kept": len(kept)}
        for lv in LEVELS:
            row[lv] = {k: round(r[lv][k], 4) for k in ("precision", "recall", "f1")}
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default en_core_web_sm)")
    ap.add_argument("--errors", type=Path, default=HERE / "out" / "errors.md")
    ap.add_argument("--json", type=Path, default=None, help="write the figures as JSON here")
    ap.add_argument(
        "--end-to-end",
        action="store_true",
        help="also score the shipped model through extract_documents on every gold file",
    )
    args = ap.parse_args(argv)
    files = [args.shared / name for name in GOLD_FILES if (args.shared / name).exists()]
    if not files:
        print(f"no gold files under {args.shared}", file=sys.stderr)
        return 2
    gold_files = {str(path.relative_to(args.shared)): read_gold(path) for path in files}
    nlp = load_pipeline(args.model)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = train_model(gold_files, nlp, tmp, folds=args.folds)
    print(result.describe())
    summary = result.summary()
    print(f"({time.perf_counter() - started:.1f} s)")
    if result.cross_validated is not None:
        gold = [d for docs in gold_files.values() for d in docs]
        lines = ["# Errors from the held-out folds (pair level)"]
        lines += errors(gold, result.cross_validated["predictions"])
        args.errors.parent.mkdir(parents=True, exist_ok=True)
        args.errors.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"errors written to {args.errors}")
        train_ids = {
            str(d["id"]) for name, docs in gold_files.items() if name.startswith("train/")
            for d in docs
        }  # fmt: skip
        train_gold = [d for d in gold if str(d["id"]) in train_ids]
        preds = [p for p in result.cross_validated["predictions"] if p["doc_id"] in train_ids]
        if train_gold:
            train_cv = score(train_gold, preds)
            print(format_table("cross-validated, ../shared/train only", train_cv))
            summary["cross_validated"]["train_only"] = {
                lv: {k: round(train_cv[lv][k], 4) for k in ("precision", "recall", "f1")}
                for lv in LEVELS
            }
        curve = confidence_curve(gold, result.cross_validated["predictions"])
        print("\ncross-validated, by --min-confidence (pair and typed level, held-out folds)")
        print("| min confidence | pair P | pair R | pair F1 | typed P | typed R | typed F1 |")
        print("|---|---|---|---|---|---|---|")
        for row in curve:
            print(
                f"| {row['min_confidence']:.2f} | "
                + " | ".join(
                    f"{row[lv][k]:.3f}"
                    for lv in ("pair", "typed")
                    for k in ("precision", "recall", "f1")
                )  # fmt: skip
                + " |"
            )
        summary["cross_validated"]["by_min_confidence"] = curve
    if args.end_to_end:
        summary["end_to_end"] = {}
        for name, docs in gold_files.items():
            r = score(docs, predict_gold(docs, nlp))
            print(format_table(f"shipped model, end to end: {name}", r))
            summary["end_to_end"][name] = {lv: round(r[lv]["f1"], 4) for lv in LEVELS}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
