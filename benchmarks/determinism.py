"""Do two builds of the same articles under different hash seeds store the same content?

usage: python benchmarks/determinism.py [--n 200] [--seeds 0,3] [--corpus FILE] [--workers N]

Takes the first N articles of a corpus (default: the BBC corpus in ../shared/corpora, read
at run time), runs ``actorgraph build`` on them once per ``PYTHONHASHSEED`` into a store of
its own (through the CLI, as a user runs it, with the caller's ``PYTHONPATH``), then reads
every table of each store (documents, actors, aliases, mentions, interactions, the raw
tables, resolution, set_aside, meta), each in an order of its own content, and compares
them. Only the timestamp ``documents.added_at`` is left out. Prints rows per table and
the first differing rows, if any.
Exit code 0: every table the same; 1: some table differs; 2: a build failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"
#: Columns that hold the time of the build, not its content.
TIMESTAMP_COLUMNS = {"documents": {"added_at"}}


def first_articles(corpus: Path, n: int, dest: Path) -> int:
    """Write the first ``n`` lines of a JSON Lines corpus to ``dest``; return how many."""
    written = 0
    with corpus.open(encoding="utf-8") as src, dest.open("w", encoding="utf-8") as out:
        for line in src:
            if written >= n:
                break
            if line.strip():
                out.write(line)
                written += 1
    return written


def build(articles: Path, out: Path, seed: str, workers: int | None) -> tuple[int, float, str]:
    """Run ``actorgraph build`` under a hash seed; return its exit code, time and stderr."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    args = [sys.executable, "-m", "actorgraph.cli", "build", str(articles), "--out", str(out)]
    if workers is not None:
        args += ["--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    return done.returncode, time.perf_counter() - started, done.stderr


def _is_timestamp(table: str, column: str) -> bool:
    return column in TIMESTAMP_COLUMNS.get(table, set())


def table_rows(db: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns (timestamps left out) and rows, sorted by their content."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found: dict[str, tuple[list[str], list[tuple]]] = {}
        for table in tables:
            columns = [
                r[1]
                for r in conn.execute(f'PRAGMA table_info("{table}")')
                if not _is_timestamp(table, r[1])
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(f'SELECT {listed} FROM "{table}"').fetchall()
            found[table] = (columns, sorted(rows, key=_sort_key))
        return found
    finally:
        conn.close()


def _sort_key(row: tuple) -> tuple:
    """A total order over rows of mixed types (None, numbers, text)."""
    return tuple((v is not None, isinstance(v, str), v if v is not None else 0) for v in row)


def compare(a: Path, b: Path, show: int = 5) -> list[str]:
    """Lines that describe how the two stores differ (none: the same content)."""
    first, second = table_rows(a), table_rows(b)
    lines: list[str] = []
    for table in sorted(set(first) | set(second)):
        if table not in first or table not in second:
            lines.append(f"{table}: only in {'the first' if table in first else 'the second'}")
            continue
        (cols_a, rows_a), (cols_b, rows_b) = first[table], second[table]
        if cols_a != cols_b:
            lines.append(f"{table}: columns differ: {cols_a} / {cols_b}")
            continue
        if rows_a == rows_b:
            continue
        set_a, set_b = set(rows_a), set(rows_b)
        only_a, only_b = sorted(set_a - set_b, key=_sort_key), sorted(set_b - set_a, key=_sort_key)
        lines.append(
            f"{table}: {len(rows_a)} / {len(rows_b)} rows, {len(only_a)} only in the first, "
            f"{len(only_b)} only in the second"
        )
        for row in only_a[:show]:
            lines.append(f"  - {dict(zip(cols_a, row, strict=True))}")
        for row in only_b[:show]:
            lines.append(f"  + {dict(zip(cols_b, row, strict=True))}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=200, help="articles to build (default 200)")
    ap.add_argument("--seeds", default="0,3", help="two PYTHONHASHSEED values (default 0,3)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--workers", type=int, default=None, help="build --workers (default: its own)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the two stores in this folder")
    args = ap.parse_args(argv)
    seeds = [s.strip() for s in args.seeds.split(",") if s.strip()]
    if len(seeds) != 2:
        print("--seeds takes two values, e.g. 0,3", file=sys.stderr)
        return 2
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="actorgraph-determinism-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        articles = root / "articles.jsonl"
        n = first_articles(args.corpus, args.n, articles)
        stores = []
        for seed in seeds:
            out = root / f"seed{seed}"
            code, took, stderr = build(articles, out, seed, args.workers)
            print(f"build of {n} articles under PYTHONHASHSEED={seed}: exit {code}, {took:.1f} s")
            if code not in (0, 1) or "Traceback" in stderr:
                print(stderr[-2000:], file=sys.stderr)
                return 2
            stores.append(out / "actorgraph.db")
        tables = table_rows(stores[0])
        sizes = {t: len(rows) for t, (_, rows) in tables.items()}
        print("rows per table:", json.dumps(sizes, sort_keys=True))
        differences = compare(*stores)
        if differences:
            print("DIFFERENT:")
            print("\n".join(differences))
            return 1
        print(f"identical: every table of the two stores holds the same rows ({len(sizes)} tables)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
