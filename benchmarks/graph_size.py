"""Peak memory and time of a build's last stage (graph, page, top actors), old path vs new.

usage: python benchmarks/graph_size.py [--store DIR] [--scale N,N,...] [--runs R] [--json FILE]

The last stage of ``actorgraph build`` turns the store into the page and the table of
top actors. Two ways of doing it are measured, each run in a fresh child process:

- ``multigraph`` (the old path): every interaction read into a ``networkx.MultiDiGraph``
  (``graph.load_graph``) and the titles of every document, then the page and the
  top actors drawn from it;
- ``aggregated`` (the new path, what ``build`` does now): the store summed up in SQL by
  actor and by dyad (``Store.aggregate``) into a ``networkx.DiGraph``
  (``graph.load_summary``), then the same page and top actors.

Each child imports everything first (actorgraph, networkx, NumPy, SciPy) and reads its
peak RSS then, so that the figure of the stage is the growth of the peak over that
baseline. It reports the time and the growth of the peak once the graph is built, and
again with the page written and the top actors ranked (the peak RSS of the stage), and
the load average before it started: the page's layout (Kamada-Kawai through SciPy) takes
most of the time, and varies from run to run on a machine shared with other jobs. The
parent prints the median time and the largest peak of ``--runs`` runs of each path, and
checks that both paths drew the same page (nodes, links and their counts, the evidence
beyond ``EVIDENCE_PER_DYAD`` per dyad aside) and the same top actors.

``--scale 10,50`` also measures synthetic stores made from the given one by copying
every document, with its interactions and mentions, N times under new ids (the actors,
and so the dyads, stay the same): the interactions grow N times, as they would with N
times the documents about the same actors. Those copies are made in a temporary
directory; the store given is only read.

Build a store first, e.g.
``actorgraph build ../shared/corpora/bbc/bbc.jsonl --out /tmp/bbcstore``.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHS = ("multigraph", "aggregated")


def _load() -> str:
    """The load average over 1, 5 and 15 minutes (other jobs distort wall times)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: str, db: Path, page: Path) -> dict:
    """Run the last stage of a build one way, in this (fresh) process; return its figures."""
    import networkx  # noqa: F401  (imported before the baseline, as the stage needs them)
    import numpy  # noqa: F401
    import scipy.optimize  # noqa: F401

    from actorgraph.graph import load_graph, load_summary
    from actorgraph.pipeline import most_partners as top_actors
    from actorgraph.render import write_html
    from actorgraph.store import Store

    baseline = _peak_mb()
    load = _load()
    started = time.perf_counter()
    with Store(db, create=False) as store:
        if path == "multigraph":
            graph = load_graph(store, evidence=False)
            titles = {d["id"]: d["title"] for d in store.documents() if d.get("title")}
        else:
            graph = load_summary(store)
            titles = graph.graph["document_titles"]
        counts = store.counts()
    graph_wall = time.perf_counter() - started
    graph_peak = _peak_mb()
    write_html(graph, page, title="actorgraph", doc_titles=titles)
    top = top_actors(graph)
    wall = time.perf_counter() - started
    peak = _peak_mb()
    return {
        "path": path,
        "wall": wall,
        "graph_wall": graph_wall,
        "peak_mb": peak,
        "graph_peak_mb": graph_peak,
        "baseline_mb": baseline,
        "stage_mb": peak - baseline,
        "graph_mb": graph_peak - baseline,
        "load_before": load,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "counts": counts,
        "top": top,
    }


def spawn(path: str, db: Path, page: Path) -> dict:
    """Run :func:`child` in a new Python process and return what it printed."""
    cmd = [sys.executable, __file__, "--child", path, "--db", str(db), "--page", str(page)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {path} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _page_data(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    if found is None:
        raise SystemExit(f"no graph data in {page}")
    return json.loads(found.group(1))


def same_page(old: Path, new: Path, per_dyad: int) -> tuple[bool, int]:
    """Whether two pages show the same data (the evidence beyond ``per_dyad`` per link
    aside), and on how many links the new page lists fewer interactions in full."""
    a, b = _page_data(old), _page_data(new)
    shortened = 0
    if len(a["edges"]) != len(b["edges"]):
        return False, 0
    for x, y in zip(a["edges"], b["edges"], strict=True):
        xs, ys = x.pop("interactions"), y.pop("interactions")
        if x != y or xs[:per_dyad] != ys[:per_dyad]:
            return False, 0
        shortened += len(ys) < len(xs)
    a.pop("edges"), b.pop("edges")
    a.pop("doc_titles"), b.pop("doc_titles")  # titles of the evidence listed
    return a == b, shortened


def scaled_copy(db: Path, factor: int, target: Path) -> Path:
    """A copy of the store at ``db`` whose documents (with their interactions and
    mentions) are there ``factor`` times, the copies under ids ``ID#k``."""
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    conn = sqlite3.connect(target)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(interactions)") if r[1] != "id"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    renamed = quoted.replace('"doc_id"', "doc_id || ?", 1)
    with conn:
        for k in range(1, factor):
            suffix = f"#{k}"
            conn.execute(
                "INSERT INTO documents (id, content_hash, date, title, origin, n_chars, added_at)"
                " SELECT id || ?, content_hash, date, title, origin, n_chars, added_at"
                " FROM documents WHERE id NOT LIKE '%#%'",
                (suffix,),
            )
            conn.execute(
                "INSERT INTO mentions (doc_id, actor_id, count)"
                " SELECT doc_id || ?, actor_id, count FROM mentions WHERE doc_id NOT LIKE '%#%'",
                (suffix,),
            )
            conn.execute(
                f"INSERT INTO interactions ({quoted}) SELECT {renamed} FROM interactions"
                " WHERE doc_id NOT LIKE '%#%'",
                (suffix,),
            )
    conn.close()
    return target


def measure(db: Path, runs: int, label: str) -> dict:
    """Both paths on one store, ``runs`` times each; the median time and the largest peak."""
    from actorgraph.store import EVIDENCE_PER_DYAD

    figures: dict[str, list[dict]] = {path: [] for path in PATHS}
    with tempfile.TemporaryDirectory() as tmp:
        pages = {path: Path(tmp) / f"{path}.html" for path in PATHS}
        for _ in range(runs):
            for path in PATHS:
                figures[path].append(spawn(path, db, pages[path]))
        equal, shortened = same_page(pages["multigraph"], pages["aggregated"], EVIDENCE_PER_DYAD)
    result: dict = {"store": label, "page_equal": equal, "links_with_fewer_sentences": shortened}
    for path in PATHS:
        runs_of = figures[path]
        result[path] = {
            "wall_s": statistics.median(r["wall"] for r in runs_of),
            "graph_wall_s": statistics.median(r["graph_wall"] for r in runs_of),
            "peak_mb": max(r["peak_mb"] for r in runs_of),
            "stage_mb": max(r["stage_mb"] for r in runs_of),
            "graph_mb": max(r["graph_mb"] for r in runs_of),
            "loads": [r["load_before"] for r in runs_of],
            "nodes": runs_of[0]["nodes"],
            "edges": runs_of[0]["edges"],
        }
        result["counts"] = runs_of[0]["counts"]
    result["top_equal"] = figures["multigraph"][0]["top"] == figures["aggregated"][0]["top"]
    return result


def report(result: dict) -> None:
    c = result["counts"]
    print(f"{result['store']}: {c['documents']:,} documents, {c['actors']:,} actors, "
          f"{c['interactions']:,} interactions")  # fmt: skip
    for path in PATHS:
        r = result[path]
        print(f"  {path:10s}  graph {r['nodes']:,} nodes / {r['edges']:,} edges: built in "
              f"{r['graph_wall_s']:.2f} s, +{r['graph_mb']:.0f} MB;  with page and top actors "
              f"{r['wall_s']:.2f} s, peak RSS {r['peak_mb']:.0f} MB (+{r['stage_mb']:.0f} MB "
              f"over the imports)  [load {', '.join(r['loads'])}]")  # fmt: skip
    print(f"  same page: {'yes' if result['page_equal'] else 'NO'} "
          f"({result['links_with_fewer_sentences']} links list fewer sentences in full); "
          f"same top actors: {'yes' if result['top_equal'] else 'NO'}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--store", type=Path, default=Path("/tmp/bbcstore"),
                    help="a build's --out directory or its .db file")  # fmt: skip
    ap.add_argument("--scale", default="", help="also copies of the store, e.g. 10,50")
    ap.add_argument("--runs", type=int, default=3, help="runs of each path (median time)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--page", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.db, args.page)))
        return 0

    db = args.store / "actorgraph.db" if args.store.is_dir() else args.store
    if not db.exists():
        print(f"no store at {db}: build one first", file=sys.stderr)
        return 2
    results = [measure(db, args.runs, str(db))]
    report(results[-1])
    with tempfile.TemporaryDirectory() as tmp:
        for factor in [int(s) for s in args.scale.split(",") if s]:
            scaled = scaled_copy(db, factor, Path(tmp) / f"x{factor}.db")
            results.append(measure(scaled, args.runs, f"{db} x{factor} (synthetic copies)"))
            report(results[-1])
            scaled.unlink()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["page_equal"] and r["top_equal"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
