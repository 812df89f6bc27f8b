"""Print a random sample of newly placed people with their evidence, to judge by hand.

"Newly placed": people with partners (an interaction) that have a country in STORE and
had none in BEFORE (an older build of the same corpus), or, without ``--before``, those
whose country is inferred. Each comes with its country, where it comes from (the text or
an inference) and the sentences of its documents that name it (read from the corpus
file the build read, never copied into the project).

Usage::

    PYTHONPATH=src python benchmarks/country_sample.py WORK/bbc/actorgraph.db \\
        WORK/bbc_politics_400.jsonl [--before OLD/bbc/actorgraph.db] [--n 30] [--seed 13]

(``benchmarks/actors.py`` builds WORK.) The verdicts go in the report of whoever reads it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
from pathlib import Path

_PEOPLE = """
    WITH ends AS (SELECT source_id AS id FROM interactions
                  UNION ALL SELECT target_id FROM interactions)
    SELECT a.id, a.name, a.country, a.country_source FROM actors AS a
    WHERE a.type = 'PERSON' AND a.id IN (SELECT id FROM ends) ORDER BY a.id
"""


def _placed(db: Path) -> dict[str, tuple[str, str | None, str | None]]:
    conn = sqlite3.connect(db)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(actors)")}
        query = _PEOPLE if "country_source" in columns else _PEOPLE.replace(
            "a.country_source", "NULL"
        )
        return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(query)}
    finally:
        conn.close()


def newly_placed(store: Path, before: Path | None) -> list[dict]:
    """People with partners that STORE places and BEFORE did not (or, without BEFORE,
    those with an inferred country)."""
    now = _placed(store)
    old = _placed(before) if before else {}
    out = []
    for aid, (name, country, source) in now.items():
        if not country:
            continue
        if before is not None and old.get(aid, ("", None, None))[1]:
            continue
        if before is None and source != "inferred":
            continue
        out.append({"id": aid, "name": name, "country": country, "source": source or "text"})
    return out


def evidence(store: Path, corpus: Path, people: list[dict], per_person: int = 3) -> None:
    """Add each person's documents and up to ``per_person`` sentences naming them."""
    texts = {}
    with corpus.open() as fh:
        for line in fh:
            row = json.loads(line)
            texts[row["id"]] = (row.get("title") or "", row["text"])
    conn = sqlite3.connect(store)
    try:
        for p in people:
            docs = [r[0] for r in conn.execute(
                "SELECT doc_id FROM mentions WHERE actor_id = ? ORDER BY doc_id", (p["id"],)
            )]  # fmt: skip
            aliases = [r[0] for r in conn.execute(
                "SELECT alias FROM aliases WHERE actor_id = ?", (p["id"],)
            )]  # fmt: skip
            words = {a.split()[-1] for a in [p["name"], *aliases] if a.split()}
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words))) + r")\b")
            found = []
            for doc in docs:
                title, text = texts.get(doc, ("", ""))
                for sent in re.split(r"(?<=[.!?\"])\s+", text):
                    if pattern.search(sent):
                        found.append(f"[{doc}] {sent.strip()[:300]}")
                        break
            p["documents"] = docs
            p["sentences"] = found[:per_person]
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("corpus", type=Path, help="the JSONL file the store was built from")
    parser.add_argument("--before", type=Path, help="an older build of the same corpus")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    people = newly_placed(args.store, args.before)
    picked = random.Random(args.seed).sample(people, min(args.n, len(people)))
    picked.sort(key=lambda p: p["name"])
    evidence(args.store, args.corpus, picked)
    print(f"{len(people)} newly placed people with partners; {len(picked)} sampled\n")
    for i, p in enumerate(picked, 1):
        print(f"{i}. {p['name']} -> {p['country']} ({p['source']}), "
              f"{len(p['documents'])} documents")  # fmt: skip
        for s in p["sentences"]:
            print(f"   > {s}")
        print()


if __name__ == "__main__":
    main()
