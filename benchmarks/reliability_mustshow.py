"""The "must show" list of issue 16, walked from the command line: one line per check.

usage: python benchmarks/reliability_mustshow.py [--determinism] [--keep DIR]

Each check makes its input in a temporary folder, runs ``actorgraph`` as a user does
(``python -m actorgraph.cli``, with the caller's ``PYTHONPATH``), reads the store it
wrote (read-only SQLite) and prints PASS or FAIL with what it saw:

1. two folders, each with a ``report.txt`` (different articles), built one after the
   other into one ``--out``: both documents are stored;
2. a folder with a file whose name is not UTF-8: every other document is stored and
   that file is named;
3. a JSON Lines file with a 5,000-digit integer line, a 100,000-deep line and a NUL line
   among 10 good ones: 10 stored, 3 skips named;
4. a UTF-16 JSON Lines file of 3 documents: 3 stored;
5. ``actors`` prints no ESC (nor BEL) byte for actors whose names hold them;
6. (with ``--determinism``) two builds of 200 BBC articles under ``PYTHONHASHSEED`` 0
   and 3 store the same content (``benchmarks/determinism.py``; slow);
7. no traceback in anything any command printed.

Exit code 0: every check passed; 1: some check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Walk:
    """The checks run so far, and everything the commands printed."""

    results: list[tuple[str, bool, str]] = field(default_factory=list)
    printed: list[tuple[str, bytes]] = field(default_factory=list)

    def run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        """Run one ``actorgraph`` command; keep what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "actorgraph.cli", *args],
            input=stdin, capture_output=True, check=False, timeout=1800,
        )  # fmt: skip
        self.printed.append((" ".join(args[:1]), done.stdout + done.stderr))
        return done

    def check(self, name: str, passed: bool, detail: str) -> None:
        self.results.append((name, passed, detail))
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}", flush=True)


def article(a: str, b: str, day: str = "Monday") -> str:
    return f"{a} and {b} signed a trade agreement on {day}.\n\nTheir ministers met in {a}.\n"


def store_rows(out: Path, sql: str) -> list[tuple]:
    db = out / "actorgraph.db"
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def stored_documents(out: Path) -> list[tuple]:
    return store_rows(out, "SELECT id, origin, content_hash FROM documents ORDER BY id")


def _stderr(done: subprocess.CompletedProcess) -> str:
    return done.stderr.decode("utf-8", "replace")


def same_file_name(walk: Walk, root: Path) -> None:
    out = root / "out"
    codes = []
    for day, (a, b) in (("day1", ("Kenya", "Uganda")), ("day2", ("Chile", "Peru"))):
        folder = root / day
        folder.mkdir()
        (folder / "report.txt").write_text(article(a, b), encoding="utf-8")
        codes.append(walk.run("build", str(folder), "--out", str(out), "--workers", "1").returncode)
    docs = stored_documents(out)
    hashes = {d[2] for d in docs}
    walk.check(
        "two folders' report.txt into one --out keep both",
        codes == [0, 0] and len(docs) == 2 and len(hashes) == 2,
        f"exit codes {codes}, {len(docs)} documents stored: {[d[0] for d in docs]}",
    )


def non_utf8_name(walk: Walk, root: Path) -> None:
    folder = root / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(article("Chile", "Peru"), encoding="utf-8")
    (folder / "other.txt").write_text(article("Ghana", "Togo"), encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(article("Kenya", "Uganda"), "utf-8")
    out, report = root / "out", root / "report.json"
    done = walk.run("build", str(folder), "--out", str(out), "--workers", "1",
                    "--report", str(report))  # fmt: skip
    docs = stored_documents(out)
    origins = [d[1] for d in docs]
    others = {str(folder / "good.txt"), str(folder / "other.txt")}
    named = "caf\\xe9.txt"
    said = [line for line in _stderr(done).splitlines() if named in line]
    in_store = [o for o in origins if named in o]
    in_report = False
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        listed = [*data.get("skipped", []), *data.get("warnings", [])]
        in_report = any(named in str(entry.get("origin", "")) for entry in listed)
    walk.check(
        "a non-UTF-8 file name: the rest stored, that file named",
        done.returncode in (0, 1) and others <= set(origins) and bool(said or in_store),
        f"exit {done.returncode}, {len(docs)} stored; the other 2 stored: "
        f"{others <= set(origins)}; that file stored as {in_store or 'nothing'}; "
        f"named on stderr: {said or 'no'}; in the report's skips or warnings: {in_report}",
    )


def jsonl_attacks(walk: Walk, root: Path) -> None:
    countries = ["Kenya", "Uganda", "Chile", "Peru", "Ghana", "Togo", "Nepal", "Bhutan",
                 "Latvia", "Estonia", "Japan"]  # fmt: skip
    good = [
        json.dumps({"id": f"g{n}", "text": article(countries[n], countries[n + 1])}).encode()
        for n in range(10)
    ]
    huge = b'{"id": "huge", "text": "Kenya met Peru.", "n": ' + b"9" * 5000 + b"}"
    deep = b"[" * 100_000 + b"]" * 100_000
    nul = b'{"id": "nul", "text": "Kenya met\x00 Peru."}'
    lines = [*good[:3], huge, *good[3:6], deep, *good[6:8], nul, *good[8:]]
    path = root / "attack.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out, report = root / "out", root / "report.json"
    done = walk.run("build", str(path), "--out", str(out), "--workers", "1",
                    "--report", str(report))  # fmt: skip
    docs = stored_documents(out)
    skipped = []
    if report.exists():
        skipped = json.loads(report.read_text(encoding="utf-8")).get("skipped", [])
    bad_lines = {f"{path}:{n}" for n in (4, 8, 11)}
    named = [s for s in skipped if isinstance(s, dict) and s.get("origin") in bad_lines]
    on_stderr = [ln for ln in _stderr(done).splitlines() if any(b in ln for b in bad_lines)]
    walk.check(
        "JSONL with a 5,000-digit integer, a 100,000-deep and a NUL line among 10 good: "
        "10 stored, 3 skips named",
        len(docs) == 10 and len(named) == 3 and len(on_stderr) == 3,
        f"exit {done.returncode}, {len(docs)} stored, skips in the report: "
        f"{[(s.get('origin', '').rsplit(':', 1)[-1], s.get('reason')) for s in named]}, "
        f"{len(on_stderr)} named on stderr",
    )


def utf16_jsonl(walk: Walk, root: Path) -> None:
    records = [
        {"id": f"u{n}", "text": article(a, b)}
        for n, (a, b) in enumerate((("Kenya", "Uganda"), ("Chile", "Peru"), ("Japan", "Nepal")))
    ]
    path = root / "wide.jsonl"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    path.write_text(text, encoding="utf-16")
    out = root / "out"
    done = walk.run("build", str(path), "--out", str(out), "--workers", "1")
    docs = stored_documents(out)
    walk.check(
        "a UTF-16 JSONL of 3 documents stores 3",
        done.returncode == 0 and [d[0] for d in docs] == ["u0", "u1", "u2"],
        f"exit {done.returncode}, stored {[d[0] for d in docs]}",
    )


def escape_names(walk: Walk, root: Path) -> None:
    folder = root / "in"
    folder.mkdir()
    (folder / "esc.txt").write_text(
        "Evil\x1b[31mCorp accused Kenya of fraud on Monday.\n\n"
        "The Evil\x1b[31mCorp chief executive John\x1b]0;owned\x07Smith met Kenyan "
        "President William Ruto in Nairobi on Tuesday.\n",
        encoding="utf-8",
    )
    out = root / "out"
    built = walk.run("build", str(folder), "--out", str(out), "--workers", "1")
    names = [r[0] for r in store_rows(out, "SELECT name FROM actors") if "\x1b" in (r[0] or "")]
    printed = b""
    for args in (["actors", str(out)], ["actors", str(out), "Evil"], ["stats", str(out)]):
        done = walk.run(*args)
        printed += done.stdout + done.stderr
    shown = printed.decode("utf-8", "replace")
    visible = "Evil\\x1b[31mCorp"  # the name as the terminal shows it
    escapes = printed.count(b"\x1b")
    walk.check(
        "`actors` prints no ESC byte for an actor whose name holds one",
        bool(names)
        and escapes == 0
        and b"\x1b" not in built.stderr
        and b"\x07" not in printed
        and visible in shown,
        f"{len(names)} stored actor names hold ESC ({[repr(n) for n in names]}); "
        f"ESC bytes printed by actors/stats: {escapes}; shown as "
        f"{visible if visible in shown else 'something else'}",
    )


def determinism(walk: Walk, root: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(HERE / "determinism.py"), "--n", "200", "--keep", str(root)],
        capture_output=True, check=False,
    )  # fmt: skip
    walk.printed.append(("determinism", done.stdout + done.stderr))
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    walk.check(
        "two builds of 200 BBC articles under PYTHONHASHSEED=0 and =3 store the same",
        done.returncode == 0,
        lines[-1] if lines else done.stderr.decode("utf-8", "replace")[-300:],
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--determinism", action="store_true", help="also the 200 BBC builds (slow)")
    ap.add_argument("--keep", type=Path, default=None, help="keep inputs and stores here")
    args = ap.parse_args(argv)
    walk = Walk()
    steps = [same_file_name, non_utf8_name, jsonl_attacks, utf16_jsonl, escape_names]
    if args.determinism:
        steps.append(determinism)
    with tempfile.TemporaryDirectory(prefix="actorgraph-mustshow-") as tmp:
        root = args.keep or Path(tmp)
        for step in steps:
            folder = root / step.__name__
            folder.mkdir(parents=True, exist_ok=True)
            step(walk, folder)
    tracebacks = [name for name, printed in walk.printed if b"Traceback" in printed]
    walk.check(
        "no traceback anywhere",
        not tracebacks,
        f"{len(walk.printed)} commands run, tracebacks from: {tracebacks or 'none'}",
    )
    failed = [name for name, passed, _ in walk.results if not passed]
    print(f"{len(walk.results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
