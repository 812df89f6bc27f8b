"""Bad input, faults and misuse: every case has a defined answer and the run goes on."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import actorgraph.pipeline
import actorgraph.store
from actorgraph.cli import app
from actorgraph.errors import StoreBusyError, StoreError
from actorgraph.ingest import ReadReport, read_documents
from actorgraph.model import Document, Extraction, Interaction
from actorgraph.schema import SCHEMA_VERSION
from actorgraph.store import Store
from actorgraph.store_lock import LOCK_SUFFIX, StoreLock

PAIRS = [
    ("Kenya", "Tanzania"), ("France", "Germany"), ("Japan", "South Korea"),
    ("Brazil", "Argentina"), ("Canada", "Mexico"), ("India", "Nepal"),
    ("Egypt", "Jordan"), ("Poland", "Lithuania"), ("Chile", "Peru"), ("Ghana", "Togo"),
]  # fmt: skip


def good_article(n: int) -> str:
    """A short article whose two countries sign an agreement (one interaction at least)."""
    a, b = PAIRS[n % len(PAIRS)]
    return (
        f"date 2024-03-{n + 1:02d} Wire\n"
        f"{a} and {b} signed a trade agreement on Monday.\n\n"
        f"The president of {a} urged {b} to open its ports.\n"
    )


def script_command() -> list[str]:
    """The installed ``actorgraph`` console script, or the module when it is missing."""
    script = Path(sys.executable).with_name("actorgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "actorgraph.cli"]


def make_bad_corpus(root: Path, *, huge_mb: int = 20) -> dict[str, str]:
    """Fill ``root`` with ten good articles and one of each bad input.

    Returns
    -------
    dict
        Path (relative to ``root``) of each bad input to the start of the reason the
        report must give for it (a skip, or a warning for inputs read anyway).
    """
    root.mkdir(parents=True, exist_ok=True)
    for n in range(10):
        (root / f"good-{n:02d}.txt").write_text(good_article(n), encoding="utf-8")
    expected: dict[str, str] = {}

    def bad(name: str, reason: str) -> Path:
        expected[name] = reason
        return root / name

    bad("binary.txt", "binary file").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    bad("empty.txt", "empty").write_bytes(b"")
    bad("cp1252.txt", "not UTF-8; decoded as cp1252").write_bytes(
        "Chile\u2019s \u201cdeal\u201d with Peru cost \u20ac5m.".encode("cp1252")
    )
    bad("latin1.txt", "not UTF-8; decoded as cp1252").write_bytes(
        "Z\u00fcrich: la R\u00e9publique fran\u00e7aise et le Qu\u00e9bec.".encode("latin-1")
    )
    # A scraped dump: a few paragraphs of news lost in megabytes of blank padding (cheap
    # to parse, so that the test stays fast; the size is what matters here).
    para = "Kenya and Uganda signed a border accord on Friday.\n\n" + " " * 99_000 + "\n\n"
    repeats = huge_mb * 1_000_000 // len(para) + 1
    bad("huge.txt", "very long document").write_text(para * repeats, encoding="utf-8")
    bad("malformed.jsonl", "not JSON").write_text(
        '{"id": "broken", "text": "unterminated\n[1, 2]\n{"id": "x", "body": "no text"}\n',
        encoding="utf-8",
    )
    bad("notext.jsonl", "no string 'text' field").write_text(
        json.dumps({"id": "nt", "body": "Canada and Mexico met."}) + "\n", encoding="utf-8"
    )
    bad("notext.csv", "no column 'text'").write_text(
        "id,body\nc1,Canada and Mexico met.\n", encoding="utf-8"
    )
    bad("corrupt.jsonl.gz", "corrupt gzip file").write_bytes(
        gzip.compress(b'{"text": "x"}\n' * 100)[:40]
    )
    locked = bad("unreadable.txt", "permission denied")
    locked.write_text("Japan and South Korea met.", encoding="utf-8")
    locked.chmod(0)
    os.symlink(root / "gone.txt", bad("dangling.txt", "broken symbolic link"))
    os.symlink("selfloop.txt", bad("selfloop.txt", "symbolic link loop"))
    os.symlink(".", bad("loop", "directory already read"))
    os.mkfifo(bad("pipe.txt", "not a regular file"))
    return expected


def _without_read_override() -> None:  # pragma: no cover - runs in the child before exec
    """Let root be refused a mode-000 file: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="Linux capabilities, FIFOs")
def test_one_of_each_bad_input(tmp_path: Path) -> None:
    """Must show: the ten good articles stored, each bad input reported, exit 1, no trace."""
    corpus = tmp_path / "in"
    expected = make_bad_corpus(corpus)
    out, report = tmp_path / "out", tmp_path / "report.json"
    missing = tmp_path / "missing.txt"
    # root reads any file: without these capabilities it is refused a mode-000 one too
    drop = _without_read_override if os.geteuid() == 0 else None
    env = {**os.environ, "COLUMNS": "200"}
    cmd = [*script_command(), "build", str(corpus), str(missing), "--out", str(out),
           "--report", str(report)]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, preexec_fn=drop, timeout=600)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stderr.splitlines()
    for name, reason in expected.items():
        origin = str(corpus / name)
        assert any(origin in ln and reason in ln for ln in lines), (name, run.stderr)
    assert any(f"{missing}: no such file or directory" in ln for ln in lines)
    with Store(out, create=False) as store:
        stored = {d["id"] for d in store.documents()}
        assert store.verify() == []
    good = {f"good-{n:02d}" for n in range(10)}
    assert good <= stored
    # read with a warning, not dropped: the re-encoded articles and the huge dump
    assert stored - good == {"cp1252", "latin1", "huge"}
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["exit_code"] == 1
    assert data["documents"] == 13 and data["stored"]["documents"] == 13
    files = data["files"]
    for name, reason in expected.items():
        entry = files[str(corpus / name)]
        assert any(r.startswith(reason) for r in entry["reasons"]), (name, entry)
    assert files[str(corpus / "good-00.txt")] == {
        "documents": 1, "stored": 1, "skipped": 0, "warnings": 0, "reasons": {}
    }  # fmt: skip
    assert files[str(corpus / "malformed.jsonl")]["skipped"] == 3


# --- reading ---------------------------------------------------------------------------


def test_file_vanishing_mid_read_is_skipped(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Article {name}.", encoding="utf-8")
    report = ReadReport()
    ids = []
    for doc in read_documents([tmp_path], report=report):
        ids.append(doc.id)
        if doc.id == "a":  # listed already; gone before it is read
            (tmp_path / "b.txt").unlink()
    assert ids == ["a", "c"]
    assert [(s.origin, s.reason) for s in report.skipped] == [
        (str(tmp_path / "b.txt"), "no such file or directory")
    ]


def test_directory_vanishing_mid_read_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("Gone.", encoding="utf-8")
    report = ReadReport()
    for doc in read_documents([tmp_path], report=report):
        if doc.id == "a":
            (tmp_path / "b" / "x.txt").unlink()
            (tmp_path / "b").rmdir()
    assert [s.origin for s in report.skipped] == [str(tmp_path / "b")]


def test_file_vanishing_during_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file listed, then deleted while the build parses the one before, is skipped."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"a{n}.txt").write_text(good_article(n), encoding="utf-8")
    real_read = actorgraph.pipeline.read_documents

    def read_then_delete(paths, **kwargs):
        # Off a terminal there is no progress bar, so no counting pass: the build's own
        # reading is the first and only one.
        for doc in real_read(paths, **kwargs):
            yield doc
            if doc.id == "a0" and (corpus / "a1.txt").exists():  # listed by now
                (corpus / "a1.txt").unlink()

    monkeypatch.setattr(actorgraph.pipeline, "read_documents", read_then_delete)
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert f"skipped {corpus / 'a1.txt'}: no such file or directory" in result.stderr
    assert "Traceback" not in result.output
    with Store(tmp_path / "out", create=False) as store:
        assert {d["id"] for d in store.documents()} == {"a0", "a2"}


def test_lone_surrogates_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s\\ud800", "text": "Bad \\udc00 char.", "title": "t"}\n')
    report = ReadReport()
    (doc,) = read_documents([path], report=report)
    assert doc.id == "s\ufffd" and doc.text == "Bad \ufffd char."
    doc.text.encode("utf-8")
    assert "lone surrogates" in report.warnings[0].reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "other")
    report = ReadReport()
    assert list(read_documents([tmp_path], report=report)) == []  # and no hang
    assert [s.reason for s in report.skipped] == ["not a regular file"]
    assert report.ignored == 1


def test_symlinks_that_lead_nowhere(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nothing.txt", tmp_path / "dangling.txt")
    os.symlink("self.txt", tmp_path / "self.txt")
    report = ReadReport()
    assert list(read_documents([tmp_path], report=report)) == []
    assert {s.origin.rsplit("/", 1)[1]: s.reason for s in report.skipped} == {
        "dangling.txt": "broken symbolic link",
        "self.txt": "symbolic link loop",
    }


# --- the store -------------------------------------------------------------------------


def _extraction(doc_id: str) -> Extraction:
    return Extraction(Document(doc_id, f"Text of {doc_id}."), [], [], {})


def test_second_writer_is_refused_until_the_first_closes(tmp_path: Path) -> None:
    first = Store(tmp_path, lock=True)
    with pytest.raises(StoreBusyError, match=rf"pid {os.getpid()}") as info:
        Store(tmp_path, lock=True)
    assert "another build" in str(info.value)
    with Store(tmp_path, create=False) as reader:  # readers need no lock
        assert reader.counts()["documents"] == 0
    first.add_extractions([_extraction("d1")])
    first.close()
    assert not (tmp_path / f"actorgraph.db{LOCK_SUFFIX}").exists()
    with Store(tmp_path, lock=True) as second:
        assert second.counts()["documents"] == 1


def test_stale_lock_file_of_a_dead_build_does_not_block(tmp_path: Path) -> None:
    lock = tmp_path / f"actorgraph.db{LOCK_SUFFIX}"
    lock.write_text(json.dumps({"pid": 2**22 + 7, "host": "gone", "since": "2020"}))
    with Store(tmp_path, lock=True) as store:
        assert store.counts()["documents"] == 0


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9")
def test_lock_of_a_killed_holder_is_free(tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import sys, time
        from actorgraph.store import Store
        store = Store({str(tmp_path)!r}, lock=True)
        print("locked", flush=True)
        time.sleep(60)
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusyError, match=f"pid {holder.pid}"):
            Store(tmp_path, lock=True)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
    with Store(tmp_path, lock=True) as store:  # no wait, no manual clean-up
        assert store.verify() == []


def test_lock_released_when_opening_fails(tmp_path: Path) -> None:
    (tmp_path / "actorgraph.db").write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="not an actorgraph store"):
        Store(tmp_path, lock=True)
    lock = StoreLock(tmp_path / f"actorgraph.db{LOCK_SUFFIX}")
    lock.acquire()
    assert lock.held
    lock.release()


def test_damaged_store_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "actorgraph.db"
    extractions = []
    for n in range(200):
        meet = Interaction(f"d{n}", "A", "B", "CONSULT", False, source_id="a", target_id="b",
                           sentence="A met B. " * 20)  # fmt: skip
        extractions.append(Extraction(Document(f"d{n}", "A met B."), [], [meet], {}))
    with Store(path) as store:
        store.add_extractions(extractions)
        (root,) = store.conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'interactions'"
        ).fetchone()
        page = store.conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as fh:  # scribble over the interactions table
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)
    with Store(path, create=False) as store:
        with pytest.raises(StoreError, match="cannot be read .* damaged"):
            list(store.iter_interactions())
        assert store.verify()  # and the check says so
    result = CliRunner().invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 2
    assert "damaged" in _one_error_line(result)


def _make_v1_store(path: Path) -> None:
    """A store as actorgraph 0.1 with schema version 1 wrote it (no v2 indexes)."""
    with Store(path) as store:
        store.add_extractions([_extraction("old")])
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX ix_mentions_actor_id")
    conn.execute("DROP INDEX ix_aliases_alias")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_older_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    _make_v1_store(path)
    with Store(path, create=False) as store:
        meta = dict(store.conn.execute("SELECT key, value FROM meta").fetchall())
        assert meta["schema_version"] == str(SCHEMA_VERSION)
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"ix_mentions_actor_id", "ix_aliases_alias"} <= indexes
        assert [d["id"] for d in store.documents()] == ["old"]
        assert store.verify() == []


def test_migration_that_cannot_write_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.db"
    _make_v1_store(path)
    monkeypatch.setattr(actorgraph.store, "BUSY_TIMEOUT", 0.05)
    conn = sqlite3.connect(path)
    conn.execute("BEGIN EXCLUSIVE")  # someone else holds the write lock throughout
    try:
        with pytest.raises(StoreError, match="upgrading it to version"):
            Store(path, create=False)
    finally:
        conn.rollback()
        conn.close()
    with Store(path, create=False) as store:  # and nothing half-done
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- the command line ------------------------------------------------------------------


def _one_error_line(result) -> str:
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:")
    return lines[0]


@pytest.fixture
def one_article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(good_article(0), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content, needle",
    [
        (b"just some text, not a database", "is not an actorgraph store"),
        (os.urandom(4096), "is not an actorgraph store"),
    ],
)
def test_build_into_a_file_that_is_not_a_store(
    tmp_path: Path, one_article: Path, content: bytes, needle: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "actorgraph.db").write_bytes(content)
    result = CliRunner().invoke(app, ["build", str(one_article), "--out", str(out)])
    assert result.exit_code == 2
    assert needle in _one_error_line(result)
    assert (out / "actorgraph.db").read_bytes() == content  # left alone


def test_build_into_a_store_of_a_newer_schema(tmp_path: Path, one_article: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    Store(out).close()
    conn = sqlite3.connect(out / "actorgraph.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for args in (["build", str(one_article), "--out", str(out)], ["stats", str(out)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2
        assert "upgrade actorgraph" in _one_error_line(result)


def test_build_while_another_build_writes(tmp_path: Path, one_article: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with Store(out, lock=True):
        result = CliRunner().invoke(app, ["build", str(one_article), "--out", str(out)])
    assert result.exit_code == 2
    assert "being written by another build" in _one_error_line(result)


def test_out_that_is_a_file(tmp_path: Path, one_article: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(one_article), "--out", str(out)])
    assert result.exit_code == 2
    assert str(out) in _one_error_line(result)


def test_brackets_in_a_path_are_not_markup(tmp_path: Path, one_article: Path) -> None:
    out = tmp_path / "[bold]out[red"
    out.mkdir()
    (out / "actorgraph.db").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(one_article), "--out", str(out)])
    assert result.exit_code == 2
    assert "[bold]out[red" in _one_error_line(result)


def test_unexpected_error_is_one_line_unless_debug(
    tmp_path: Path, one_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(actorgraph.pipeline, "build", broken)
    args = ["build", str(one_article), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert "RuntimeError: disk on fire" in line and "--debug" in line
    result = CliRunner().invoke(app, [*args, "--debug"])
    assert isinstance(result.exception, RuntimeError)


def test_interrupt_says_how_to_go_on(
    tmp_path: Path, one_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(actorgraph.pipeline, "build", interrupted)
    report = tmp_path / "report.json"
    args = ["build", str(one_article), "--out", str(tmp_path / "out"), "--report", str(report)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 130
    assert "run the same command again" in result.stderr
    assert json.loads(report.read_text())["error"] == "interrupted"


@pytest.mark.slow
def test_report_file(tmp_path: Path, one_article: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "ok Kenya met Uganda."}\nnope\n')
    report = tmp_path / "r" / "report.json"
    report.parent.mkdir()
    args = ["build", str(one_article), str(tmp_path / "bad.jsonl"), "--out",
            str(tmp_path / "out"), "--report", str(report)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["exit_code"] == 1 and data["error"] is None
    assert data["documents"] == 2 and data["new_documents"] == 2
    assert data["stored"]["documents"] == 2
    assert data["skipped"] == [
        {"origin": f"{tmp_path / 'bad.jsonl'}:2", "reason": "not JSON: Expecting value (column 1)"}
    ]
    assert data["files"][str(tmp_path / "bad.jsonl")]["documents"] == 1
    assert data["store"] == str(tmp_path / "out" / "actorgraph.db")
    # events writes one too
    events_report = tmp_path / "events.json"
    args = ["events", str(tmp_path / "bad.jsonl"), "--report", str(events_report)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert json.loads(events_report.read_text())["skipped"][0]["reason"].startswith("not JSON")


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "e.txt"), "--out",
                                      str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 2
    assert "no document could be read" in result.stderr
    assert "Traceback" not in result.output


def test_events_output_in_a_missing_directory(tmp_path: Path, one_article: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.jsonl"
    result = CliRunner().invoke(app, ["events", str(one_article), "--output", str(target)])
    assert result.exit_code == 2
    assert "no such file or directory" in _one_error_line(result)


def test_time_is_spent_reading_not_waiting(tmp_path: Path) -> None:
    """Reading a directory with a FIFO in it returns at once (it is never opened)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("POSIX only")
    os.mkfifo(tmp_path / "x.jsonl")
    started = time.monotonic()
    assert list(read_documents([tmp_path / "x.jsonl"])) == []
    assert time.monotonic() - started < 5
