"""Checksums of every export, of the analysis reports and of the page of one store.

Run it with the code before and after a change that must not change behaviour, and
compare: ``python benchmarks/store_checksums.py STORE --json out.json``. Every command
goes through the CLI (``python -m actorgraph.cli``), as a user runs it, with the
``PYTHONPATH`` of the caller. ``--since`` names the date of the filtered runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXPORTS = [
    ("graphml", None),
    ("gexf", None),
    ("json", None),
    ("cypher", None),
    *[("csv", t) for t in ("events", "mentions", "edges", "actors")],
    *[("parquet", t) for t in ("events", "mentions", "edges", "actors")],
]


def _run(args: list[str]) -> tuple[bytes, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "actorgraph.cli", *args], capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return done.stdout, elapsed


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def checksums(store: Path, since: str) -> dict[str, str]:
    """Checksum of every export (unfiltered and ``--since``), report and page."""
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for filters in ([], ["--since", since]):
            tag = "" if not filters else f" --since {since}"
            for fmt, table in EXPORTS:
                target = Path(tmp) / f"out.{fmt}"
                extra = ["--table", table] if table else []
                _run(["export", str(store), "--to", fmt, "-o", str(target), *extra, *filters])
                out[f"export {fmt}{' ' + table if table else ''}{tag}"] = _sha(target.read_bytes())
            for command in (["stats"], ["actors", "--limit", "0"], ["timeline"]):
                stdout, _ = _run([*command, str(store), "--json", *filters])
                out[f"{' '.join(command)}{tag}"] = _sha(stdout)
            page = Path(tmp) / "page.html"
            _run(["html", str(store), "-o", str(page), "--title", "BBC 400", *filters])
            out[f"html{tag}"] = _sha(page.read_bytes())
    return out


def _rows_read(store: Path, since: str) -> dict[str, object]:
    """Interactions a filtered summary reads, against the store's, and the time it takes."""
    try:
        from actorgraph.filters import GraphFilter
        from actorgraph.store import Store
    except ImportError:  # the code before GraphFilter existed
        return {}
    from actorgraph.analyze import stats
    from actorgraph.graph import load_summary

    with Store(store, create=False) as opened:
        start = time.perf_counter()
        graph = load_summary(opened, GraphFilter(since=since))
        stats(graph)
        elapsed = time.perf_counter() - start
        return {
            "interactions in the store": opened.counts()["interactions"],
            "interactions stats --since read": opened.rows_kept,
            "stats --since seconds in process (load + stats)": round(elapsed, 3),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--since", default="2005-06")
    parser.add_argument("--json", type=Path, help="Write the checksums here.")
    args = parser.parse_args()
    sums = checksums(args.store, args.since)
    runs = sorted(
        _run(["stats", str(args.store), "--since", args.since, "--json"])[1] for _ in range(5)
    )
    timing: dict[str, object] = {
        "stats --since seconds, median of 5 CLI runs (interpreter start included)": round(
            runs[2], 3
        )
    }
    timing.update(_rows_read(args.store, args.since))
    for key, value in sums.items():
        print(f"{value}  {key}")
    print(json.dumps(timing))
    if args.json:
        args.json.write_text(json.dumps({"checksums": sums, **timing}, indent=1) + "\n")


if __name__ == "__main__":
    main()
