"""Peak memory of `actorgraph events` on one very long document, by its size.

usage: python benchmarks/long_document.py [--sizes 500000,2000000] [--corpus FILE]

Builds single documents of the given sizes (characters) by joining news articles from
a corpus (default: the BBC corpus in ../shared/corpora) with paragraph breaks, runs
`actorgraph events` on each in a child process, and prints the time and the child's
peak RSS. Memory should not grow with the size of the document: a long document is
parsed in small pieces.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Runs `actorgraph events` in the child and prints the child's own peak RSS.
CHILD = """
import resource, sys
from actorgraph.cli import app
try:
    app(["events", sys.argv[1], "--workers", "1", "--output", sys.argv[2]])
except SystemExit:
    pass
print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
"""
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"


def long_text(corpus: Path, size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        with corpus.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                parts.append(text)
                total += len(text) + 2
                if total >= size:
                    break
    return "\n\n".join(parts)[:size]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="500000,2000000")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"long-{size}.txt"
            path.write_text(long_text(args.corpus, size), encoding="utf-8")
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), str(Path(tmp) / "out.jsonl")],
                capture_output=True, text=True,
            )  # fmt: skip
            took = time.perf_counter() - started
            peak = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "?"
            print(f"{size:>10,} characters: {took:7.1f} s, exit {done.returncode}, peak RSS {peak}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
