"""Time `build` against bare spaCy over the same news, in one run.

usage: python benchmarks/throughput.py [--corpus FILE] [--limit N] [--batch-size B]

Reads the first N documents of a JSON Lines corpus (default: the BBC corpus in
../shared/corpora), times bare ``nlp.pipe`` with the same pipeline and batch size (doing
nothing with the docs), then ``actorgraph build`` into a fresh directory, and prints
documents/s, tokens/s and the ratio of our time to bare spaCy's.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from actorgraph.ingest import ReadReport, read_documents
from actorgraph.nlp import load_pipeline
from actorgraph.pipeline import build

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="first N documents (default all)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    docs = list(read_documents([args.corpus], report=ReadReport()))
    if args.limit:
        docs = docs[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        with subset.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"id": d.id, "text": d.text, "date": d.date}) + "\n")
        nlp = load_pipeline(args.model)
        started = time.perf_counter()
        tokens = sum(
            len(doc) for doc in nlp.pipe((d.text for d in docs), batch_size=args.batch_size)
        )
        bare = time.perf_counter() - started

        started = time.perf_counter()
        result = build([subset], Path(tmp) / "out", model=args.model, batch_size=args.batch_size)
        ours = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(docs)
    print(f"corpus: {args.corpus} ({n} documents, {tokens} tokens)")
    print(f"bare nlp.pipe : {bare:8.1f} s  {n / bare:8.1f} docs/s  {tokens / bare:9.0f} tokens/s")
    print(f"actorgraph build: {ours:6.1f} s  {n / ours:8.1f} docs/s  {tokens / ours:9.0f} tokens/s")
    print(f"ratio ours/bare (time): {ours / bare:.2f}")
    print(f"stored: {result.counts}")
    print(f"peak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
