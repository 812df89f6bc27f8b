"""Hard-wrapped wire text as distributed against a line-joined copy (issue 14).

Takes the Reuters-21578 articles (../shared/corpora/reuters21578) whose text mentions
Iran, Iraq or OPEC (``\\b(Iran|Iraq|OPEC)``, so "Iranian" and "Iraqi" count), and builds
them twice with ``actorgraph build``, each once, in its own process:

- as distributed: hard-wrapped at about 70 columns, dates as Reuters wrote them
  (``26-FEB-1987 15:01:01.79``), each article's title and source kept;
- a line-joined copy: the same records with every line break inside a paragraph
  replaced by a space (a paragraph starts at an indented line), independently of
  actorgraph's own joining.

It prints, for each: documents stored, the share of them dated, interactions, and how
many evidence sentences are line fragments (not ending as a sentence ends); then the
ratio of interactions as distributed to the joined copy. Writes the figures as JSON to
``benchmarks/out/input_reuters.json``.

Usage: ``python benchmarks/input_reuters.py [--workers 1] [--out DIR]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl.gz"
MENTIONS = re.compile(r"\b(Iran|Iraq|OPEC)")
SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")


def select_articles(selection: str = "text") -> list[dict]:
    """The corpus records about Iran, Iraq or OPEC, in corpus order.

    ``text``: whose text mentions them (``\b(Iran|Iraq|OPEC)``, 410 articles);
    ``tags``: whose text names them as whole words (``\b(Iran|Iraq|OPEC)\b``) or that
    Reuters tagged with the place iran or iraq or the organisation opec (412 articles,
    the count issue 14 gives; 5 of them have an empty text, which a build skips).
    """
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    if selection == "text":
        return [r for r in rows if r.get("text") and MENTIONS.search(r["text"])]
    words = re.compile(r"\b(Iran|Iraq|OPEC)\b")
    return [
        r
        for r in rows
        if (
            words.search(r.get("text") or "")
            or {"iran", "iraq"} & set(r.get("places") or [])
            or "opec" in (r.get("orgs") or [])
        )
    ]


def joined_copy(text: str) -> str:
    """Lines joined within paragraphs: a paragraph starts at an indented or blank line."""
    paragraphs: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            paragraphs.append([])
            continue
        if line[:1].isspace() or not paragraphs or not paragraphs[-1]:
            paragraphs.append([line.strip()])
        else:
            paragraphs[-1].append(line.strip())
    return "\n".join(" ".join(p) for p in paragraphs if p)


def record(row: dict, text: str) -> dict:
    return {
        "id": row["id"],
        "text": text,
        "date": row.get("date"),
        "title": row.get("title"),
        "source": "Reuters",
    }


def build(input_file: Path, out: Path, workers: int) -> dict:
    """Run one build; return its figures from the report and the store."""
    report_file = out / "report.json"
    cmd = [
        sys.executable, "-m", "actorgraph.cli", "build", str(input_file), "--out", str(out),
        "--workers", str(workers), "--report", str(report_file),
    ]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"build failed ({proc.returncode}): {proc.stderr.strip()}")
    report = json.loads(report_file.read_text(encoding="utf-8"))
    with sqlite3.connect(out / "actorgraph.db") as conn:
        documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        dated = conn.execute("SELECT COUNT(*) FROM documents WHERE date IS NOT NULL").fetchone()[0]
        sentences = [r[0] for r in conn.execute("SELECT sentence FROM interactions")]
    fragments = sum(1 for s in sentences if not SENTENCE_END.search(s or ""))
    return {
        "exit_code": proc.returncode,
        "seconds": round(seconds, 1),
        "documents": documents,
        "dated": dated,
        "dated_share": round(dated / documents, 4) if documents else 0.0,
        "undated_in_report": report["undated"]["count"],
        "interactions": len(sentences),
        "fragment_sentences": fragments,
        "documents_joined": report.get("joined"),
        "boilerplate_lines": report.get("boilerplate_lines"),
        "skipped": len(report["skipped"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--selection", choices=("text", "tags"), default="text",
        help="text: articles whose text mentions Iran, Iraq or OPEC; tags: also those "
        "Reuters tagged so (see select_articles)",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "input")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found: {CORPUS}")
    articles = select_articles(args.selection)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {}
    for name, form in (("as_distributed", lambda t: t), ("line_joined", joined_copy)):
        data = args.out / f"{name}.jsonl"
        data.write_text(
            "".join(json.dumps(record(r, form(r["text"]))) + "\n" for r in articles),
            encoding="utf-8",
        )
        store = args.out / f"store-{name}"
        if store.exists():
            for f in sorted(store.glob("*")):
                if f.is_file():
                    f.unlink()
        results[name] = build(data, store, args.workers)
        print(name, json.dumps(results[name]), flush=True)
    # Telling languages: the time per document, and what it says of these (English) ones.
    from actorgraph.language import detect_language

    detect_language("warm the profiles up before timing anything at all here")
    started = time.perf_counter()
    langs = [detect_language(r["text"], expected="en") for r in articles]
    per_doc_ms = 1000 * (time.perf_counter() - started) / len(articles)
    results["language"] = {
        "ms_per_document": round(per_doc_ms, 2),
        "told": {str(k): langs.count(k) for k in sorted(set(langs), key=str)},
    }
    print("language", json.dumps(results["language"]), flush=True)
    ratio = results["as_distributed"]["interactions"] / max(
        1, results["line_joined"]["interactions"]
    )
    summary = {
        "articles": len(articles),
        "selection": args.selection,
        **results,
        "interaction_ratio": round(ratio, 4),
    }
    (REPO / "benchmarks" / "out").mkdir(exist_ok=True)
    (REPO / "benchmarks" / "out" / f"input_reuters-{args.selection}.json").write_text(
        json.dumps(summary, indent=1) + "\n", encoding="utf-8"
    )
    print(
        f"{len(articles)} articles; as distributed: "
        f"{results['as_distributed']['dated_share']:.1%} dated, "
        f"{results['as_distributed']['interactions']} interactions "
        f"({results['as_distributed']['fragment_sentences']} fragments); line-joined copy: "
        f"{results['line_joined']['interactions']} interactions; ratio {ratio:.3f}"
    )


if __name__ == "__main__":
    main()
