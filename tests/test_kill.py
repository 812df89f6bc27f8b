"""Fault injection: kill -9 a real build at random points; the store stays whole.

Each round changes a few articles (so that the next build has work to do), starts
``actorgraph build`` in a subprocess and kills it with SIGKILL at a seeded random
moment: either after a random delay, or just after the store's write-ahead log grows
(that is, in the middle of writing batches). After every kill the store must open,
pass SQLite's integrity check, and hold whole documents only: each stored document
has exactly the interactions an uninterrupted build gives that version of it, none
missing, none twice. After the last kill one more build runs to the end, and the store
must then hold exactly what an uninterrupted build of the final corpus holds.

The builds run the real CLI app (``actorgraph.cli:app``) with the store batch
lowered to 4 documents, so that a build of a few articles commits several
transactions and a kill can land between or inside them.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from actorgraph.store import Store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL"),
]

SEED = 20261127
KILLS = 20
ARTICLES = 40
STORE_BATCH = 4

COUNTRIES = [
    "Kenya", "Uganda", "Tanzania", "Rwanda", "France", "Germany", "Japan", "China",
    "Brazil", "Argentina", "Canada", "Mexico", "India", "Nepal", "Egypt", "Jordan",
]  # fmt: skip
SENTENCES = [
    "{a} and {b} signed a trade agreement on Monday.",
    "{a} accused {b} of violating the ceasefire.",
    "The president of {a} met the prime minister of {b} in the capital.",
    "{a} urged {b} to release the detained journalists.",
    "{a} threatened {b} with new sanctions.",
    "{a} sent food aid to {b} after the floods.",
]

BUILD = (
    "import sys, actorgraph.pipeline as p; p.STORE_BATCH = {batch}; "
    "from actorgraph.cli import app; sys.argv[0] = 'actorgraph'; app()"
)

Row = tuple[str, str, str, str, str, int]


def article(n: int, variant: int) -> str:
    """Article ``n`` in one of two versions (the second names other pairs and verbs)."""
    rng = random.Random(n * 2 + variant)
    a, b, c = rng.sample(COUNTRIES, 3)
    first, second = rng.sample(SENTENCES, 2)
    return (
        f"date 2024-04-{n % 28 + 1:02d} Wire\n"
        f"{first.format(a=a, b=b)}\n\n{second.format(a=b, b=c)}\n"
    )


def write_corpus(root: Path, variants: list[int]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for n, variant in enumerate(variants):
        path = root / f"article-{n:02d}.txt"
        text = article(n, variant)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def start_build(corpus: Path, out: Path) -> subprocess.Popen:
    code = BUILD.format(batch=STORE_BATCH)
    return subprocess.Popen(
        [sys.executable, "-c", code, "build", str(corpus), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen) -> None:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def rows_by_document(db: Path) -> dict[tuple[str, str], Counter[Row]]:
    """(doc id, content hash) -> the multiset of its interactions, from a store file."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        docs = conn.execute("SELECT id, content_hash FROM documents").fetchall()
        out: dict[tuple[str, str], Counter[Row]] = {}
        for doc_id, digest in docs:
            out[(doc_id, digest)] = Counter(
                conn.execute(
                    'SELECT doc_id, source_id, target_id, type, status, "start" '
                    "FROM interactions WHERE doc_id = ?",
                    (doc_id,),
                ).fetchall()
            )
        return out
    finally:
        conn.close()


def reference(root: Path, variant: int) -> dict[tuple[str, str], Counter[Row]]:
    """What an uninterrupted build stores for every article in one version."""
    corpus, out = root / f"ref-{variant}", root / f"ref-{variant}-out"
    write_corpus(corpus, [variant] * ARTICLES)
    finish(start_build(corpus, out))
    return rows_by_document(out / "actorgraph.db")


def check_whole(db: Path, expected: dict[tuple[str, str], Counter[Row]]) -> int:
    """Assert the store opens, is sound and holds whole documents; return how many."""
    if not db.exists():
        return 0  # killed before the store was created
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    finally:
        conn.close()
    if tables == 0:
        return 0  # killed between creating the file and committing the schema
    with Store(db, create=False) as store:
        assert store.verify() == []
    stored = rows_by_document(db)
    for key, rows in stored.items():
        assert key in expected, f"document {key[0]} stored in a version never written"
        assert rows == expected[key], f"document {key[0]} is not whole: {rows}"
    return len(stored)


def kill_when_written(proc: subprocess.Popen, wal: Path, jitter: float, limit: float) -> None:
    """Kill ``proc`` ``jitter`` seconds after the store's write-ahead log next grows."""
    start = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        size = wal.stat().st_size if wal.exists() else 0
        if size != start:
            break
        time.sleep(0.002)
    time.sleep(jitter)


def test_kill_nine_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    started = time.monotonic()
    versions = [reference(tmp_path, 0)]
    whole = time.monotonic() - started  # one whole build: the window for kill points
    versions.append(reference(tmp_path, 1))
    expected = {**versions[0], **versions[1]}
    assert len(expected) == 2 * ARTICLES
    assert sum(sum(c.values()) for c in expected.values()) > ARTICLES  # real interactions

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    db, wal = out / "actorgraph.db", out / "actorgraph.db-wal"
    variants = [0] * ARTICLES
    write_corpus(corpus, variants)

    kills, attempts, points = 0, 0, []
    while kills < KILLS:
        attempts += 1
        assert attempts <= 3 * KILLS, f"only {kills} kills landed in {attempts} builds"
        for n in rng.sample(range(ARTICLES), rng.randint(4, 16)):
            variants[n] = 1 - variants[n]
        write_corpus(corpus, variants)
        proc = start_build(corpus, out)
        if rng.random() < 0.5:
            mode, delay = "timed", rng.uniform(0.05, whole)
            time.sleep(delay)
        else:
            mode, delay = "on-write", rng.uniform(0.0, 0.03)
            kill_when_written(proc, wal, delay, limit=whole * 2)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            kills += 1
            points.append((mode, round(delay, 3)))
        else:  # it finished first: no kill point; the store must be whole all the same
            assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        check_whole(db, expected)

    # One last build, uninterrupted: the store ends as an uninterrupted build leaves it.
    finish(start_build(corpus, out))
    assert check_whole(db, expected) == ARTICLES
    final = rows_by_document(db)
    current = {
        key: rows
        for n, variant in enumerate(variants)
        for key, rows in versions[variant].items()
        if key[0] == f"article-{n:02d}"
    }
    assert final == current  # each article in its latest version, nothing else
    want = Counter(row for rows in current.values() for row in rows.elements())
    got = Counter(row for rows in final.values() for row in rows.elements())
    assert got == want
    assert not (out / f"actorgraph.db{os.extsep}lock").exists()  # released at the end
    elapsed = time.monotonic() - started
    print(f"{kills} kills in {attempts} builds, {elapsed:.0f} s; points: {points}")
