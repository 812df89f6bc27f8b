"""Score the extractor on every gold file in ../shared/eval, per file and in total.

usage: python benchmarks/accuracy.py [--eval DIR] [--model NAME] [--errors FILE] [--json FILE]

Runs the extractor over the text of each gold document (with its date), scores the
predictions with the eval folder's own score.py, prints its table per file and for
all files together, and writes every missed and spurious interaction, with its
sentence, to the errors file (default benchmarks/out/errors.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

from actorgraph.extract import extract_documents
from actorgraph.model import Document
from actorgraph.nlp import load_pipeline

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "eval"
GOLD_FILES = ("seed.jsonl", "bbc_dev.jsonl", "wire_dev.jsonl", "plover_dev.jsonl")


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(gold_docs: list[dict], nlp, parse: str = "selective") -> list[dict]:
    documents = [
        Document(id=str(d["id"]), text=d["text"], date=d.get("date"), title=d.get("title"))
        for d in gold_docs
    ]
    extractions = extract_documents(documents, nlp, parse=parse)
    return [it.to_record() for ex in extractions for it in ex.interactions]


def table(name: str, result: dict) -> str:
    lines = [f"== {name}: {result['documents']} documents, {result['predictions']} predictions"]
    lines.append(f"{'level':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for m in ("pair", "directed", "typed", "country"):
        r = result[m]
        lines.append(
            f"{m:<10}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
            f"{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}"
        )
    return "\n".join(lines)


def errors(scorer, gold_docs: list[dict], preds: list[dict]) -> list[str]:
    """Missed and spurious pair-level interactions per document, with their sentences."""
    out = []
    by_doc: dict[str, list[dict]] = {}
    for p in preds:
        by_doc.setdefault(p["doc_id"], []).append(p)
    for doc in gold_docs:
        resolve = scorer.resolver(doc)
        req, opt = scorer.gold_keys(doc)
        mine = by_doc.get(str(doc["id"]), [])
        got = {}
        for p in mine:
            key = frozenset((resolve(p["source"]), resolve(p["target"])))
            got.setdefault(key, p)
        missed = [
            it for it in doc["interactions"]
            if not it.get("optional") and frozenset((it["source"], it["target"])) not in got
        ]  # fmt: skip
        spurious = [p for k, p in got.items() if k not in req["pair"] and k not in opt["pair"]]
        if not missed and not spurious:
            continue
        out.append(f"\n## {doc['id']}")
        for it in missed:
            out.append(
                f"- MISSED {it['source']} -> {it['target']} {it['type']}: {it.get('evidence', '')}"
            )
        for p in spurious:
            out.append(
                f"- SPURIOUS {p['source']} -> {p['target']} {p['type']} ({p['trigger']}): "
                f"{p['sentence'][:300]}"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="folder with score.py and gold")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default en_core_web_sm)")
    ap.add_argument("--errors", type=Path, default=HERE / "out" / "errors.md")
    ap.add_argument("--json", type=Path, default=None, help="write the scores as JSON here")
    ap.add_argument(
        "--parse",
        choices=("selective", "full"),
        default="selective",
        help="parse only sentences that can hold an interaction (the default), or all",
    )
    args = ap.parse_args(argv)
    if not (args.eval / "score.py").exists():
        print(f"no score.py in {args.eval}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.eval)
    nlp = load_pipeline(args.model)
    all_gold: list[dict] = []
    all_preds: list[dict] = []
    error_lines: list[str] = []
    results = {}
    started = time.perf_counter()
    for name in GOLD_FILES:
        path = args.eval / name
        if not path.exists():
            continue
        gold = scorer.read_jsonl(path)
        preds = predict(gold, nlp, args.parse)
        result = scorer.score(gold, preds)
        results[name] = result
        print(table(name, result))
        error_lines.append(f"\n# {name}")
        error_lines.extend(errors(scorer, gold, preds))
        all_gold.extend(gold)
        all_preds.extend(preds)
    total = scorer.score(all_gold, all_preds)
    results["total"] = total
    print(table("total", total))
    print(f"({time.perf_counter() - started:.1f} s)")
    args.errors.parent.mkdir(parents=True, exist_ok=True)
    args.errors.write_text(
        "# Errors by gold file\n" + "\n".join(error_lines) + "\n", encoding="utf-8"
    )
    print(f"errors written to {args.errors}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
