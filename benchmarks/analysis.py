"""Time `actorgraph stats` and `actorgraph export --to gexf` on a store built from a corpus.

usage: python benchmarks/analysis.py [--store DIR] [--corpus FILE] [--repeat N]

Builds the store from the corpus first (default: the BBC corpus in ../shared/corpora,
2,225 articles, several minutes on 2 cores) unless the store at --store already holds
every document of it; a partial store is completed, since builds are incremental. Then
runs each command --repeat times as a user would (a fresh process each time, start-up
included) and prints the median and the slowest run against the target (5 s), and a
breakdown of where the time of one `stats` goes. Exit status 1 if a median misses the
target.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"
DEFAULT_STORE = HERE / "out" / "bbc-store"
TARGET_SECONDS = 5.0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "actorgraph.cli", *args]


def _timed(command: list[str], *, quiet: bool = True) -> float:
    started = time.perf_counter()
    out = subprocess.DEVNULL if quiet else None
    subprocess.run(command, check=True, stdout=out, stderr=out)
    return time.perf_counter() - started


def ensure_store(store: Path, corpus: Path) -> None:
    """Build (or complete) the store unless it already holds every document of the corpus."""
    from actorgraph.pipeline import count_documents
    from actorgraph.store import Store

    wanted = count_documents([corpus])
    have = 0
    if (store / "actorgraph.db").exists():
        with Store(store, create=False) as opened:
            have = opened.counts()["documents"]
    if have >= wanted:
        print(f"store: {store} ({have} documents, built already)")
        return
    print(f"building {store} from {corpus} ({have} of {wanted} documents stored) ...", flush=True)
    seconds = _timed(_cli("build", str(corpus), "--out", str(store)), quiet=False)
    print(f"built in {seconds:.0f} s")


def breakdown(store: Path) -> list[tuple[str, float]]:
    """Seconds spent loading the graph and in each analysis of `stats`, in this process."""
    from actorgraph import analyze
    from actorgraph.graph import load_graph, weighted_view

    steps = []
    started = time.perf_counter()
    graph = load_graph(store)
    steps.append(("load store -> graph", time.perf_counter() - started))
    for name, run in (
        ("centrality (4 measures)", lambda: analyze.centrality(graph)),
        ("communities (Louvain)", lambda: analyze.communities(graph)),
        ("brokers", lambda: analyze.brokers(graph)),
        ("reciprocity", lambda: analyze.reciprocity(graph)),
        ("dyad balance + trend", lambda: analyze.dyad_balance(graph)),
        ("weighted view", lambda: weighted_view(graph, weight="events")),
    ):
        started = time.perf_counter()
        run()
        steps.append((name, time.perf_counter() - started))
    return steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store directory")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not (args.store / "actorgraph.db").exists() and not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    if args.corpus.exists():
        ensure_store(args.store, args.corpus)

    from actorgraph.store import Store

    with Store(args.store, create=False) as store:
        counts = store.counts()
    print(
        f"{counts['documents']} documents, {counts['actors']} actors, "
        f"{counts['interactions']} interactions"
    )

    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        gexf = Path(tmp) / "graph.gexf"
        commands = {
            "stats": _cli("stats", str(args.store)),
            "stats --json": _cli("stats", str(args.store), "--json"),
            "export --to gexf": _cli(
                "export", str(args.store), "--to", "gexf", "--output", str(gexf)
            ),
        }
        for name, command in commands.items():
            runs = [_timed(command) for _ in range(args.repeat)]
            median = statistics.median(runs)
            ok = median < TARGET_SECONDS
            failed |= not ok
            print(
                f"{name:18} median {median:5.2f} s  slowest {max(runs):5.2f} s  "
                f"({args.repeat} runs, target < {TARGET_SECONDS:.0f} s: "
                f"{'ok' if ok else 'MISSED'})"
            )
        print(f"gexf file: {gexf.stat().st_size / 1e6:.1f} MB")
    print("one `stats`, in-process:")
    for name, seconds in breakdown(args.store):
        print(f"  {name:26} {seconds:5.2f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
