"""Measure issue 13's must-shows: actors an analyst can trust.

Corpora (read from ../shared/corpora at run time, never copied into the project):

* Reuters-21578, the articles whose text names Iran, Iraq or OPEC (``re.search(r"Iran|Iraq|OPEC",
  text)``: 410 articles), their wrapped lines joined into paragraphs and their dates
  ("26-FEB-1987 15:01:01.79") written as ISO dates;
* BBC News, the first 400 articles of the politics category, in file order.

Usage::

    PYTHONPATH=src python benchmarks/actors.py --work /tmp/actors_bench [--skip-build]

Builds each corpus once into WORK/{reuters,bbc} (``--skip-build`` reuses them), then
prints and writes WORK/actors.json with:

* Reuters: people with interactions that appear both by a surname alone and as the only
  full name with that surname, as separate actors; what "Reagan" resolves to;
* BBC: the share of people with partners that have a country (and of those the text
  places, without inferred countries); COUNTRY actors with
  partners and no code; names shared by two actors with partners;
* both: a 30-interaction random sample (seed 13) with its sentences, to read by hand
  (WORK/sample_*.md);
* the correction loop: ``actorgraph merge``, ``rename`` and ``ignore`` on a copy of the
  BBC store, timed against the build, and the store compared with a fresh build that
  starts with the same corrections file (``--fresh`` builds it; a third build).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"


def _join_lines(text: str) -> str:
    """Reuters wraps lines at ~70 characters and starts paragraphs with 4 spaces."""
    paragraphs = re.split(r"\n\s{2,}", text.strip())
    return "\n\n".join(re.sub(r"\s*\n\s*", " ", p).strip() for p in paragraphs)


def _iso(date: str) -> str | None:
    try:
        # " 5-MAR-1987 09:12:44.51": one-digit days are padded with a space
        return datetime.strptime(date.split()[0], "%d-%b-%Y").date().isoformat()
    except (IndexError, ValueError):
        return None


def prepare(work: Path) -> dict[str, Path]:
    work.mkdir(parents=True, exist_ok=True)
    reuters = work / "reuters_iran_iraq_opec.jsonl"
    with gzip.open(CORPORA / "reuters21578" / "reuters21578.jsonl.gz", "rt") as fh, \
            reuters.open("w") as out:  # fmt: skip
        for line in fh:
            r = json.loads(line)
            if re.search(r"Iran|Iraq|OPEC", r.get("text") or ""):
                row = {"id": r["id"], "title": r.get("title") or None,
                       "date": _iso(r.get("date") or ""),
                       "text": _join_lines(r["text"])}  # fmt: skip
                out.write(json.dumps(row) + "\n")
    bbc = work / "bbc_politics_400.jsonl"
    n = 0
    with (CORPORA / "bbc" / "bbc.jsonl").open() as fh, bbc.open("w") as out:
        for line in fh:
            r = json.loads(line)
            if r.get("category") == "politics" and n < 400:
                row = {"id": r["id"], "title": r["title"], "text": r["text"]}
                out.write(json.dumps(row) + "\n")
                n += 1
    return {"reuters": reuters, "bbc": bbc}


def build(source: Path, out: Path) -> float:
    if out.exists():
        shutil.rmtree(out)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "actorgraph.cli", "build", str(source),
                           "--out", str(out), "--workers", "1"],
                          capture_output=True, text=True)  # fmt: skip
    elapsed = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise SystemExit(f"build of {source} failed: {done.stderr[-2000:]}")
    (out / "build_output.txt").write_text(done.stdout + done.stderr)
    return elapsed


def _linked_actors(db: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        """WITH ends AS (SELECT source_id AS id, target_id AS other FROM interactions
                         UNION ALL SELECT target_id, source_id FROM interactions)
           SELECT a.id, a.name, a.type, a.country, a.country_source, COUNT(*) AS interactions,
                  COUNT(DISTINCT other) AS partners
           FROM ends JOIN actors AS a ON a.id = ends.id GROUP BY a.id"""
    ).fetchall()
    conn.close()
    return rows


def surname_splits(rows: list[sqlite3.Row]) -> list[tuple[str, str]]:
    """(surname actor, full-name actor): a person with interactions named by a surname
    alone, beside the only full name with that surname."""
    persons = [r for r in rows if r["type"] == "PERSON"]
    by_last: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for r in persons:
        words = r["name"].split()
        if len(words) > 1:
            by_last[words[-1].lower()].append(r)
    out = []
    for r in persons:
        words = r["name"].split()
        if len(words) == 1 and len(by_last.get(words[0].lower(), [])) == 1:
            out.append((r["name"], by_last[words[0].lower()][0]["name"]))
    return sorted(out)


def sample(db: Path, n: int = 30, seed: int = 13) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        """SELECT i.doc_id, i.source, i.target, i.type, i.sentence, s.type AS st,
                  s.country AS sc, t.type AS tt, t.country AS tc
           FROM interactions AS i LEFT JOIN actors AS s ON s.id = i.source_id
           LEFT JOIN actors AS t ON t.id = i.target_id ORDER BY i.id"""
    ).fetchall()
    conn.close()
    picked = random.Random(seed).sample(rows, min(n, len(rows)))
    return [dict(r) for r in picked]


def measure(name: str, out: Path) -> dict:
    rows = _linked_actors(out / "actorgraph.db")
    persons = [r for r in rows if r["type"] == "PERSON"]
    by_name: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_name[r["name"].lower()].append(r["id"])
    result = {
        "actors_with_partners": len(rows),
        "people_with_partners": len(persons),
        "people_with_country": sum(1 for r in persons if r["country"]),
        "share_people_with_country": round(
            sum(1 for r in persons if r["country"]) / max(len(persons), 1), 3
        ),
        # where the country comes from: the text, or inferred from what the person's
        # documents are about (``build --infer-countries``, marked so in the store)
        "people_with_country_stated": sum(
            1 for r in persons if r["country"] and r["country_source"] != "inferred"
        ),
        "people_with_country_inferred": sum(
            1 for r in persons if r["country"] and r["country_source"] == "inferred"
        ),
        "share_people_with_country_stated": round(
            sum(1 for r in persons if r["country"] and r["country_source"] != "inferred")
            / max(len(persons), 1),
            3,
        ),
        "countries_without_code": sorted(
            r["name"] for r in rows if r["type"] == "COUNTRY" and not r["country"]
        ),
        "names_shared_by_two_actors": sorted(k for k, v in by_name.items() if len(v) > 1),
        "surname_splits": surname_splits(rows),
    }
    reagan = [dict(r) for r in rows if r["name"].split()[-1:] == ["Reagan"]]
    if name == "reuters":
        result["reagan"] = reagan
    return result


def _write_sample(path: Path, picked: list[dict]) -> None:
    lines = [f"# 30 random interactions ({path.stem})", ""]
    for i, r in enumerate(picked, 1):
        lines.append(f"{i}. **{r['source']}** ({r['st']}, {r['sc']}) -{r['type']}-> "
                     f"**{r['target']}** ({r['tt']}, {r['tc']}) [{r['doc_id']}]")  # fmt: skip
        lines.append(f"   > {r['sentence']}")
    path.write_text("\n".join(lines) + "\n")


def _store_snapshot(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    snap = (
        conn.execute("SELECT id, name, type, country FROM actors ORDER BY id").fetchall(),
        conn.execute("SELECT actor_id, alias FROM aliases ORDER BY 1, 2").fetchall(),
        conn.execute("SELECT doc_id, actor_id, count FROM mentions ORDER BY 1, 2").fetchall(),
        conn.execute(
            'SELECT doc_id, source_id, target_id, type, status, "start" FROM interactions '
            'ORDER BY 1, 6, 2, 3, 4'
        ).fetchall(),
    )
    conn.close()
    return snap


def corrections(bbc_source: Path, bbc_out: Path, build_seconds: float, fresh: bool) -> dict:
    """Merge, rename and ignore on a copy of the BBC store; optionally a fresh build."""
    work = bbc_out.parent / "bbc_corrected"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(bbc_out, work)
    rows = sorted(_linked_actors(work / "actorgraph.db"), key=lambda r: -r["interactions"])
    persons = [r for r in rows if r["type"] == "PERSON"]
    orgs = [r for r in rows if r["type"] == "ORG"]
    steps = [
        ["merge", str(work), orgs[1]["name"], orgs[0]["name"]],
        ["rename", str(work), persons[0]["name"], persons[0]["name"] + " (renamed)"],
        ["ignore", str(work), orgs[2]["name"]],
    ]
    t = time.perf_counter()
    for step in steps:
        done = subprocess.run([sys.executable, "-m", "actorgraph.cli", *step],
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"{step[0]} failed: {done.stdout}{done.stderr}")
    seconds = time.perf_counter() - t
    result = {"steps": [s[:1] + s[2:] for s in steps], "seconds": round(seconds, 2),
              "build_seconds": round(build_seconds, 1),
              "share_of_build": round(seconds / build_seconds, 4)}  # fmt: skip
    if fresh:
        again = bbc_out.parent / "bbc_fresh"
        if again.exists():
            shutil.rmtree(again)
        again.mkdir()
        shutil.copy(work / "corrections.toml", again / "corrections.toml")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "actorgraph.cli", "build", str(bbc_source),
                        "--out", str(again), "--workers", "1"],
                       capture_output=True, text=True, check=False)  # fmt: skip
        result["fresh_build_seconds"] = round(time.perf_counter() - t, 1)
        result["same_store_as_fresh_build"] = _store_snapshot(
            work / "actorgraph.db"
        ) == _store_snapshot(again / "actorgraph.db")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/actors_bench"))
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="also the fresh corrected build")
    args = parser.parse_args()
    sources = prepare(args.work)
    report: dict = {}
    seconds: dict[str, float] = {}
    timing = args.work / "build_seconds.json"
    if args.skip_build and timing.exists():
        seconds = json.loads(timing.read_text())
    for name, source in sources.items():
        out = args.work / name
        if not args.skip_build:
            seconds[name] = build(source, out)
        report[name] = measure(name, out)
        report[name]["build_seconds"] = round(seconds.get(name, 0.0), 1)
        _write_sample(args.work / f"sample_{name}.md", sample(out / "actorgraph.db"))
    timing.write_text(json.dumps(seconds))
    report["corrections"] = corrections(sources["bbc"], args.work / "bbc",
                                        seconds.get("bbc", 0.0) or 1.0, args.fresh)  # fmt: skip
    (args.work / "actors.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
