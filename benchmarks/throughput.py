"""Time `actorgraph events`/`build` against bare spaCy over the same news, in one run.

usage: python benchmarks/throughput.py [--corpus NAME ...] [--limit N] [--batch-size B]
           [--runs RUN,...] [--repeat K] [--memory N,N,...] [--memory-workers W] [--json FILE]

Takes the first N documents of news corpora in ../shared/corpora (by default the BBC
articles; ``--corpus bbc reuters wire agnews`` interleaves several, one document of each
in turn, so that every prefix has the same mix), writes them to a temporary JSON Lines
file, and times each run in a fresh child process, one after the other:

- ``bare``: ``nlp.pipe`` with the same pipeline (as actorgraph loads it) and batch size,
  one process, doing nothing with the docs;
- ``events:W:PARSE``: the ``actorgraph events`` command (its code path, in the child:
  ``-o /dev/null``), ``--workers W --parse PARSE``;
- ``build:W:PARSE``: the ``actorgraph build`` command into a fresh directory.

The pipeline is loaded and warmed up before the clock starts, in every child alike (a
worker process of ``--workers W > 1`` loads its own, on the clock). Each run reports
wall time, CPU time (its process and its workers), documents/s and tokens/s, the ratio
of its wall time to bare spaCy's, peak RSS of the main process and of the largest
worker, and the load average before it started. ``--memory`` builds the first N
documents for each N given, each in its own child, and prints the peak RSS of each.

The machine's load distorts wall times: run it when ``cat /proc/loadavg`` is low, and
compare CPU times when it is not. ``--repeat K`` runs the whole list K times in turn
(bare, events, bare, events, ...) and ends with the median wall time of each run and the
median of its K ratios, each to the bare run of its own round: a drift of the machine's
speed over minutes then touches both sides of a ratio alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent.parent / "shared" / "corpora"
CORPUS_FILES = {
    "bbc": CORPORA / "bbc" / "bbc.jsonl",
    "reuters": CORPORA / "reuters21578" / "reuters21578.jsonl.gz",
    "wire": CORPORA / "tempeval3" / "te3_silver.jsonl",
    "agnews": CORPORA / "agnews" / "agnews.jsonl",
}
DEFAULT_RUNS = "bare,events:1:selective,events:1:full,events:2:selective,build:1:selective"


def _records(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if isinstance(record.get("text"), str) and record["text"].strip():
                yield record


def write_subset(names: list[str], limit: int | None, target: Path) -> int:
    """Write the first ``limit`` documents of the corpora, interleaved, as JSON Lines."""
    streams = [_records(CORPUS_FILES[name]) for name in names]
    written = 0
    with target.open("w", encoding="utf-8") as out:
        while streams and (limit is None or written < limit):
            for stream in list(streams):
                record = next(stream, None)
                if record is None:
                    streams.remove(stream)
                    continue
                keep = {k: record[k] for k in ("id", "text", "date", "title") if k in record}
                out.write(json.dumps(keep) + "\n")
                written += 1
                if limit is not None and written >= limit:
                    break
    return written


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _peaks() -> tuple[float, float, float]:
    """(main RSS MB, largest child RSS MB, CPU seconds of this process and its children)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    return me.ru_maxrss / 1024, kids.ru_maxrss / 1024, cpu


def child(run: str, subset: Path, batch_size: int, model: str | None) -> dict:
    """One timed run, in this (fresh) process; returns its figures."""
    from actorgraph.ingest import ReadReport, read_documents
    from actorgraph.nlp import load_pipeline

    nlp = load_pipeline(model)
    warm = [d.text for d in islice(read_documents([subset], report=ReadReport()), 8)]
    list(nlp.pipe(warm))
    kind, _, rest = run.partition(":")
    workers, _, parse = rest.partition(":")
    _, _, cpu0 = _peaks()
    started = time.perf_counter()
    tokens = None
    if kind == "bare":
        texts = (d.text for d in read_documents([subset], report=ReadReport()))
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    else:
        from actorgraph.cli import app

        args = [kind, str(subset), "--batch-size", str(batch_size)]
        args += ["--workers", workers or "1", "--parse", parse or "selective"]
        if model:
            args += ["--model", model]
        with tempfile.TemporaryDirectory() as tmp:
            args += ["--out", tmp] if kind == "build" else ["--output", os.devnull]
            try:
                code = app(args, standalone_mode=False)
            except SystemExit as exit_:
                code = exit_.code
            if code not in (0, None):
                raise SystemExit(f"{run} failed with exit code {code}")
    wall = time.perf_counter() - started
    main_mb, worker_mb, cpu1 = _peaks()
    return {"run": run, "wall": wall, "cpu": cpu1 - cpu0, "tokens": tokens,
            "rss_main_mb": main_mb, "rss_worker_mb": worker_mb}  # fmt: skip


def _median(values: list[float]) -> float:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _medians(run: str, rounds: list[dict]) -> str:
    """One line: the median wall and CPU time of a run over its rounds, and the median
    (with the range) of its ratios to each round's bare run."""
    line = (
        f"median of {len(rounds)} rounds  {run:22s} {_median([r['wall'] for r in rounds]):7.1f} s "
        f"wall {_median([r['cpu'] for r in rounds]):7.1f} s cpu"
    )
    ratios = [r["ratio"] for r in rounds if r["ratio"] is not None]
    if ratios:
        cpu = [r["cpu_ratio"] for r in rounds if r["cpu_ratio"] is not None]
        line += (
            f"  ratio {_median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}; "
            f"cpu {_median(cpu):.2f})"
        )
    return line


def spawn(run: str, subset: Path, args: argparse.Namespace) -> dict:
    load = _load()
    cmd = [sys.executable, __file__, "--child", run, "--subset", str(subset),
           "--batch-size", str(args.batch_size)]  # fmt: skip
    if args.model:
        cmd += ["--model", args.model]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"run {run} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_before"] = load
    result["load_after"] = _load()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", nargs="+", default=["bbc"], choices=sorted(CORPUS_FILES))
    ap.add_argument("--limit", type=int, default=1000, help="first N documents (0: all)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--model", default=None)
    ap.add_argument("--runs", default=DEFAULT_RUNS, help=f"default: {DEFAULT_RUNS}; '' for none")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of the runs (medians at the end)")
    ap.add_argument("--memory", default="", help="document counts to build, e.g. 1000,5000,20000")
    ap.add_argument("--memory-workers", default="1", help="--workers of the memory builds")
    ap.add_argument("--json", type=Path, default=None, help="append the figures here")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--subset", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.subset, args.batch_size, args.model)))
        return 0
    missing = [CORPUS_FILES[n] for n in args.corpus if not CORPUS_FILES[n].exists()]
    if missing:
        print(f"corpus not found: {missing[0]}", file=sys.stderr)
        return 2
    results: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        runs = [r for r in args.runs.split(",") if r]
        if runs:
            subset = Path(tmp) / "subset.jsonl"
            n = write_subset(args.corpus, args.limit or None, subset)
            print(f"corpus: {'+'.join(args.corpus)}, {n} documents, batch size {args.batch_size}")
            tokens = None
            for round_ in range(max(args.repeat, 1)):
                bare = None
                for run in runs:
                    r = spawn(run, subset, args)
                    r.update(documents=n, round=round_)
                    tokens = r["tokens"] or tokens
                    if run == "bare":
                        bare = r
                    r["ratio"] = r["wall"] / bare["wall"] if bare else None
                    r["cpu_ratio"] = r["cpu"] / bare["cpu"] if bare else None
                    results.append(r)
                    tok_s = f"{tokens / r['wall']:9.0f} tokens/s" if tokens else ""
                    ratio = f"ratio {r['ratio']:.2f} (cpu {r['cpu_ratio']:.2f})" if bare else ""
                    print(
                        f"{run:22s} {r['wall']:7.1f} s wall {r['cpu']:7.1f} s cpu "
                        f"{n / r['wall']:6.2f} docs/s {tok_s}  {ratio}  "
                        f"rss {r['rss_main_mb']:.0f} MB (worker {r['rss_worker_mb']:.0f} MB)  "
                        f"load {r['load_before']}",
                        flush=True,
                    )
            if args.repeat > 1:
                for run in runs:
                    print(_medians(run, [r for r in results if r["run"] == run]), flush=True)
            if tokens:
                print(f"tokens: {tokens}")
        for size in [int(s) for s in args.memory.split(",") if s]:
            subset = Path(tmp) / f"memory-{size}.jsonl"
            n = write_subset(args.corpus, size, subset)
            r = spawn(f"build:{args.memory_workers}:selective", subset, args)
            r.update(documents=n, memory=True)
            results.append(r)
            print(
                f"build {n:6d} docs ({'+'.join(args.corpus)}), --workers {args.memory_workers}: "
                f"{r['wall']:7.1f} s, peak RSS main {r['rss_main_mb']:.0f} MB, "
                f"worker {r['rss_worker_mb']:.0f} MB  load {r['load_before']}",
                flush=True,
            )
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps(r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
