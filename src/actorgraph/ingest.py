"""Read documents from .txt, .jsonl(.gz) and .csv files, directories and stdin, lazily."""

from __future__ import annotations

import codecs
import csv
import errno
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, Any, TextIO

from actorgraph.dates import DateReadError, parse_date
from actorgraph.model import Document
from actorgraph.textform import form_text

#: File name endings read from a directory, longest first so ".jsonl.gz" wins over ".gz".
SUPPORTED_SUFFIXES = (".jsonl.gz", ".jsonl", ".txt", ".csv")

#: Origin used for documents read from standard input.
STDIN_ORIGIN = "<stdin>"

_BINARY_PROBE = 8192
_CHUNK = 1 << 16
_HEADER = re.compile(r"date\s*:?\s+(\S.*)", re.IGNORECASE)
_CSV_LIMIT_RAISED = False
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_SUFFIX = re.compile(r":\d+$")

#: Fields (JSONL) or columns (CSV) a date is looked for in, in order, when no
#: ``date_field`` is given.
DATE_FIELDS = ("date", "published", "published_at", "publish_date", "pubdate", "datetime")
#: Fields or columns of where a document comes from, by the Document field they fill.
PROVENANCE_FIELDS = {
    "publisher": ("publisher", "source", "outlet", "site", "source_name"),
    "url": ("url", "link", "source_url", "permalink"),
    "author": ("author", "authors", "byline"),
}


@dataclass(frozen=True)
class ReadOptions:
    """How documents are read: columns, dates, line joining, languages.

    Attributes
    ----------
    text_column : str
        The CSV column or JSONL field holding the text.
    date_field : str, optional
        The JSONL field or CSV column of the date; by default the first of
        :data:`DATE_FIELDS` present.
    dayfirst : bool
        Read ambiguous numeric dates (``02/01/2022``) day first.
    join_lines : bool
        Join hard-wrapped lines into paragraphs (see :func:`actorgraph.textform.form_text`).
    languages : tuple of str, optional
        Languages read (ISO 639-1 codes, the pipeline's); a document detected in
        another language is skipped with its language as the reason. None: no
        detection.
    """

    text_column: str = "text"
    date_field: str | None = None
    dayfirst: bool = False
    join_lines: bool = True
    languages: tuple[str, ...] | None = None


#: A JSONL line (or a line of standard input) longer than this is skipped without
#: being held in memory: a small gzip can hold a line of gigabytes.
MAX_LINE_BYTES = 64 * 1024 * 1024

#: Documents longer than this are read with a warning: they are parsed in pieces at
#: paragraph breaks, and take minutes.
LONG_DOCUMENT_CHARS = 1_000_000


@dataclass(frozen=True)
class Skip:
    """An input (a file, or one line or row of it) that gave no document, and why."""

    origin: str  # path, or "path:line"
    reason: str

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 reaches here with lone surrogates, which
        # neither SQLite, JSON nor the terminal take: its bytes are shown as \xNN.
        object.__setattr__(self, "origin", printable_origin(self.origin))
        object.__setattr__(self, "reason", printable_origin(self.reason))


def printable_origin(text: str) -> str:
    """A path or origin as text every output takes: undecodable bytes as ``\\xNN``.

    Parameters
    ----------
    text : str
        A path, possibly holding the lone surrogates by which Python keeps the bytes
        of a file name that is not UTF-8.

    Returns
    -------
    str

    Examples
    --------
    >>> printable_origin(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return _SURROGATE.sub("\ufffd", text)


@dataclass
class ReadReport:
    """What one call of :func:`read_documents` read, skipped, warned about and ignored."""

    documents: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[Skip] = field(default_factory=list)
    ignored: int = 0
    #: Documents read from each file (the origin without its ":line").
    read_from: dict[str, int] = field(default_factory=dict)
    #: Documents read without a date: origin (or id) and why.
    undated: list[Skip] = field(default_factory=list)
    #: Documents whose hard-wrapped lines were joined, and boilerplate lines dropped.
    joined: int = 0
    boilerplate: int = 0
    #: Documents of each file that are in the store after a build (new or already there).
    stored_in: dict[str, int] = field(default_factory=dict)
    #: Stored documents replaced by a new text of the same article (same id, same file).
    replaced: list[Skip] = field(default_factory=list)

    def note_stored(self, origin: str | None) -> None:
        """Count a document of ``origin`` (its file, or ``"path:line"``) as stored."""
        name = _file_of(origin or "")
        self.stored_in[name] = self.stored_in.get(name, 0) + 1

    def files(self) -> dict[str, dict[str, Any]]:
        """Per input file: documents read, lines or rows skipped, warnings, and why.

        Returns
        -------
        dict
            File (``"<stdin>"`` for standard input) to ``{"documents": int,
            "skipped": int, "warnings": int, "reasons": {reason: count}}``, in the
            order the files were met.
        """
        out: dict[str, dict[str, Any]] = {}

        def entry(origin: str) -> dict[str, Any]:
            name = _file_of(origin)
            if name not in out:
                out[name] = {"documents": 0, "skipped": 0, "warnings": 0, "reasons": {}}
                if self.stored_in:
                    out[name]["stored"] = 0
            return out[name]

        for name, n in self.read_from.items():
            entry(name)["documents"] += n
        for name, n in self.stored_in.items():
            entry(name)["stored"] = n
        for item in self.undated:
            e = entry(item.origin)
            e["undated"] = e.get("undated", 0) + 1
        for kind, items in (("skipped", self.skipped), ("warnings", self.warnings)):
            for item in items:
                e = entry(item.origin)
                e[kind] += 1
                e["reasons"][item.reason] = e["reasons"].get(item.reason, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-serialisable data.

        Returns
        -------
        dict
            ``{"documents": int, "skipped": [{"origin", "reason"}, ...],
            "warnings": [{"origin", "reason"}, ...], "ignored": int, "undated":
            {"count": int, "documents": [{"origin", "reason"}, ...]}, "joined": int,
            "boilerplate_lines": int, "files": {...}}`` with ``files`` as :meth:`files`
            gives it.
        """
        return {
            "documents": self.documents,
            "skipped": [asdict(s) for s in self.skipped],
            "warnings": [asdict(w) for w in self.warnings],
            "ignored": self.ignored,
            "undated": {
                "count": len(self.undated),
                "documents": [asdict(u) for u in self.undated],
            },
            "joined": self.joined,
            "boilerplate_lines": self.boilerplate,
            "replaced": [asdict(r) for r in self.replaced],
            "files": self.files(),
        }


def collision_id(doc: Document) -> str:
    """The id a document takes when its own id is taken by a different text.

    The id followed by ``~`` and the first 10 hex digits of the SHA-256 of the text, so
    that the same document gets the same id in every run (and a resumed or repeated
    build finds it stored).

    Parameters
    ----------
    doc : Document
        The document whose id is taken.

    Returns
    -------
    str

    Examples
    --------
    >>> collision_id(Document(id="report", text="Kenya and Uganda signed."))
    'report~af7b176ff0'
    """
    digest = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{doc.id}~{digest[:10]}"


def same_file(a: str | None, b: str | None) -> bool:
    """Whether two origins (``"path"`` or ``"path:line"``) name the same file.

    An unknown origin (None, as in stores written before origins were kept) counts as
    the same file.
    """
    if not a or not b:
        return True
    return _file_of(a) == _file_of(b)


def _file_of(origin: str) -> str:
    """The file an origin names: ``"news.jsonl:12"`` -> ``"news.jsonl"``."""
    return _LINE_SUFFIX.sub("", origin)


def read_documents(
    paths: Iterable[str | Path],
    *,
    text_column: str = "text",
    report: ReadReport | None = None,
    stdin: TextIO | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Document]:
    """Yield documents lazily and record skips and warnings in `report`.

    Streaming: files are read one at a time and JSONL/CSV files row by row, so the
    whole corpus is never held in memory.

    Parameters
    ----------
    paths : iterable of str or Path
        Files (``.txt``, ``.jsonl``, ``.jsonl.gz``, ``.csv``), directories (read
        recursively in sorted order, hidden entries and other file types ignored), or
        the string ``"-"`` for standard input.
    text_column : str, default "text"
        Name of the CSV column that holds the text.
    report : ReadReport, optional
        Filled in while the documents are consumed: documents yielded, inputs skipped
        (missing, unreadable, binary, empty, malformed, duplicate id), warnings
        (e.g. a file decoded as cp1252) and the number of ignored files in directories.
    stdin : text stream, optional
        Stream read for ``"-"``; ``sys.stdin`` when not given.
    options : ReadOptions, optional
        Date field, day-first dates, line joining and languages; its ``text_column``
        wins over the argument of that name.

    Yields
    ------
    Document
        One per text file, JSONL line or CSV row, with ``origin`` set to the path
        (``"path:line"`` for JSONL lines and CSV rows). A ``.txt`` file whose first
        non-blank line is ``date ...`` (``date 2022-02-01``, ``Date: February 1,
        2022``) takes its date from that line, which is not part of the text. Dates are
        read with :func:`actorgraph.dates.parse_date` and stored as ``YYYY-MM-DD``; a
        document without a readable one is listed in ``report.undated``. The text is
        formed by :func:`actorgraph.textform.form_text` (wrapped lines joined,
        boilerplate dropped): offsets refer to that text.

    Notes
    -----
    Nothing is raised for a bad input: it is recorded in ``report.skipped`` and reading
    goes on. When two documents share an id, the first is kept.

    Examples
    --------
    >>> report = ReadReport()
    >>> docs = list(read_documents(["no/such/file.txt"], report=report))
    >>> docs, report.skipped[0].reason
    ([], 'no such file or directory')
    """
    rep = report if report is not None else ReadReport()
    opts = options if options is not None else ReadOptions(text_column=text_column)
    # id -> (origin, SHA-256 of the text) of the document read under it
    seen_ids: dict[str, tuple[str, str]] = {}
    visited_dirs: set[str] = set()
    for raw in paths:
        if isinstance(raw, str) and raw == "-":
            docs = _read_stdin(stdin if stdin is not None else sys.stdin, rep, opts)
        else:
            docs = _read_path(Path(raw), opts, rep, visited_dirs, top=True)
        for doc in docs:
            doc = _checked(doc, rep)
            formed = _formed(doc, opts, rep)
            if formed is None:
                continue
            identified = _identified(formed, seen_ids, rep)
            if identified is None:
                continue
            doc = identified
            rep.documents += 1
            name = _file_of(doc.origin or doc.id)
            rep.read_from[name] = rep.read_from.get(name, 0) + 1
            yield doc


def _identified(
    doc: Document, seen: dict[str, tuple[str, str]], rep: ReadReport
) -> Document | None:
    """The document under an id no other text of this run has; None for a repeat.

    A second document under a taken id is the same document read twice when its text
    is the same (skipped, naming the first), else a different one: it is kept under
    :func:`collision_id` and the collision is reported as a warning.
    """
    origin = doc.origin or doc.id
    digest = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
    first = seen.get(doc.id)
    if first is not None:
        if first[1] == digest:
            rep.skipped.append(Skip(origin, f"duplicate id {doc.id} (same text as {first[0]})"))
            return None
        new_id = collision_id(doc)
        if new_id in seen:
            rep.skipped.append(
                Skip(origin, f"duplicate id {doc.id} (same text as {seen[new_id][0]})")
            )
            return None
        rep.warnings.append(
            Skip(origin, f"id {doc.id} is taken by {first[0]} (a different text): kept as {new_id}")
        )
        doc = replace(doc, id=new_id)
    seen[doc.id] = (origin, digest)
    return doc


def _checked(doc: Document, rep: ReadReport) -> Document:
    """Make a document safe to store, and warn about what was changed or is unusual.

    Lone surrogates (from JSON ``\\ud800`` escapes, or stdin decoded with
    ``surrogateescape``) cannot be encoded as UTF-8, so neither hashed nor stored: each
    becomes U+FFFD, which keeps every character offset.
    """
    if doc.origin is not None and _SURROGATE.search(doc.origin):
        doc = replace(doc, origin=printable_origin(doc.origin))
    origin = doc.origin or doc.id
    fixed = {
        name: _SURROGATE.sub("\ufffd", value)
        for name, value in (
            ("id", doc.id),
            ("text", doc.text),
            ("title", doc.title),
            ("publisher", doc.publisher),
            ("url", doc.url),
            ("author", doc.author),
        )
        if value is not None and _SURROGATE.search(value)
    }
    if fixed:
        rep.warnings.append(
            Skip(origin, f"invalid characters (lone surrogates) replaced in {', '.join(fixed)}")
        )
        doc = replace(doc, **fixed)
    if len(doc.text) > LONG_DOCUMENT_CHARS:
        rep.warnings.append(
            Skip(origin, f"very long document ({len(doc.text):,} characters): parsed in pieces")
        )
    return doc


def _formed(doc: Document, opts: ReadOptions, rep: ReadReport) -> Document | None:
    """The document as stored: its text formed, its date read, its language told.

    None (with the skip recorded) for a text that is only boilerplate, or a language
    outside ``opts.languages``.
    """
    origin = doc.origin or doc.id
    formed = form_text(doc.text, join_lines=opts.join_lines)
    if formed.joined:
        rep.joined += 1
    rep.boilerplate += len(formed.dropped)
    if not formed.text.strip():
        rep.skipped.append(Skip(origin, "empty (only boilerplate lines)"))
        return None
    lang = None
    if opts.languages is not None:
        from actorgraph.language import detect_language

        lang = detect_language(formed.text, expected=opts.languages[0])
        if lang is not None and lang not in opts.languages:
            read = ", ".join(opts.languages)
            rep.skipped.append(
                Skip(
                    origin,
                    f"language {lang} (the pipeline reads {read}: --model NAME "
                    f"with a {lang} pipeline reads it)",
                )
            )
            return None
    date = None
    raw = doc.date
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        rep.undated.append(Skip(origin, "no date"))
    else:
        try:
            date = parse_date(str(raw), dayfirst=opts.dayfirst)
        except DateReadError as exc:
            rep.warnings.append(Skip(origin, f"unreadable date ({exc}): stored undated"))
            rep.undated.append(Skip(origin, str(exc)))
    return replace(doc, text=formed.text, date=date, lang=lang)


# --- paths and directories -------------------------------------------------------------


def _suffix_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in SUPPORTED_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def _stem_of(path: Path) -> str:
    suffix = _suffix_of(path)
    return path.name[: -len(suffix)] if suffix else path.stem


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _missing_reason(path: Path, exc: OSError) -> str:
    """Why a path cannot be stat'ed: gone, a dangling or looping link, or the OS's word."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return "broken symbolic link"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return _os_reason(exc)


def _read_path(
    path: Path, opts: ReadOptions, rep: ReadReport, visited: set[str], *, top: bool
) -> Iterator[Document]:
    origin = str(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        rep.skipped.append(Skip(origin, _missing_reason(path, exc)))
        return
    if stat.S_ISDIR(mode):
        yield from _read_directory(path, opts, rep, visited)
        return
    suffix = _suffix_of(path)
    if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
        if top or suffix is not None:
            rep.skipped.append(Skip(origin, "not a regular file"))
        else:
            rep.ignored += 1
        return
    if suffix is None:
        if top:  # named explicitly, so say why nothing came of it
            expected = ", ".join(SUPPORTED_SUFFIXES)
            rep.skipped.append(Skip(origin, f"unsupported file type (expected {expected})"))
        else:
            rep.ignored += 1
        return
    try:
        if suffix == ".txt":
            yield from _read_txt(path, rep)
        elif suffix == ".csv":
            yield from _read_csv(path, opts, rep)
        else:
            yield from _read_jsonl_file(path, rep, opts, gz=suffix == ".jsonl.gz")
    except OSError as exc:
        rep.skipped.append(Skip(origin, _os_reason(exc)))
    except (ValueError, LookupError, RecursionError, MemoryError, csv.Error, EOFError) as exc:
        # Whatever else a file can make a reader raise ends this file, not the run.
        rep.skipped.append(
            Skip(origin, f"reading stopped: {type(exc).__name__}: {_short(str(exc))}")
        )


def _read_directory(
    path: Path, opts: ReadOptions, rep: ReadReport, visited: set[str]
) -> Iterator[Document]:
    real = os.path.realpath(path)
    if real in visited:  # a symlink loop, or the same directory reached twice
        rep.warnings.append(Skip(str(path), f"directory already read ({real})"))
        return
    visited.add(real)
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        rep.skipped.append(Skip(str(path), _os_reason(exc)))
        return
    for name in names:
        if name.startswith("."):  # .git, .DS_Store, editors' backups: counted, not read
            rep.ignored += 1
            continue
        yield from _read_path(path / name, opts, rep, visited, top=False)


# --- decoding --------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 (BOM tolerated), else cp1252, else latin-1; name the fallback."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not UTF-8; decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as latin-1"


#: Byte order marks, UTF-32 before UTF-16 (whose little-endian mark starts UTF-32's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32, told by a byte order mark or by where the zero bytes fall.

    Without a mark, text of mostly Latin script in UTF-16 has a zero in nearly every
    other byte (the high byte) and almost none in the others; UTF-32 has three zeros
    in every four bytes. None for anything else (UTF-8, a one-byte code, binary data).
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    n = len(head[:_BINARY_PROBE]) // 4 * 4
    if n < 8 or b"\x00" not in head:
        return None
    sample = head[:n]
    zeros = [sample[i::4].count(0) / (n // 4) for i in range(4)]
    candidates = []
    if min(zeros[1:]) > 0.9 and zeros[0] < 0.1:
        candidates.append("utf-32-le")
    if min(zeros[:3]) > 0.9 and zeros[3] < 0.1:
        candidates.append("utf-32-be")
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if odd > 0.7 and even < 0.1:
        candidates.append("utf-16-le")
    if even > 0.7 and odd < 0.1:
        candidates.append("utf-16-be")
    for encoding in candidates:
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


#: Control bytes found in text: tab, newline, form feed, carriage return, escape.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")


def _looks_binary(head: bytes, *, per_line: bool = False) -> bool:
    """Whether a file's first bytes are binary data rather than text.

    A zero byte makes a text file binary; in a file read line by line (JSONL, CSV)
    only lines holding one are skipped, and the file is binary when most of its first
    lines hold one. UTF-16 and UTF-32 text is not binary.
    """
    head = head[:_BINARY_PROBE]
    if b"\x00" not in head or _wide_encoding(head) is not None:
        return False
    if not per_line:
        return True
    lines = head.split(b"\n")
    if 2 * sum(1 for line in lines if b"\x00" in line) > len(lines):
        return True
    # or a tenth of the bytes are control bytes no text holds (zero bytes included)
    return sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS) * 10 > len(head)


def _decode_wide(data: bytes) -> tuple[str, str | None] | None:
    """Decode UTF-16 or UTF-32 text (None when it is neither); a bad unit is replaced."""
    encoding = _wide_encoding(data)
    if encoding is None:
        return None
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError:
        return data.decode(encoding, "replace"), f"invalid {encoding.upper()}; bad units replaced"


# --- .txt ------------------------------------------------------------------------------


def _read_txt(path: Path, rep: ReadReport) -> Iterator[Document]:
    origin = str(path)
    data = path.read_bytes()
    if _looks_binary(data):
        rep.skipped.append(Skip(origin, "binary file"))
        return
    text, warning = _decode_wide(data) or _decode(data)
    if warning:
        rep.warnings.append(Skip(origin, warning))
    doc = _text_document(_stem_of(path), text, origin, rep)
    if doc is not None:
        yield doc


def _is_date_header(line: str, value: str) -> bool:
    """``date: ...`` or ``date 2022...`` is a header; "Date palms grow..." is text."""
    if ":" in line.split(maxsplit=1)[0] or value.strip()[:1].isdigit():
        return True
    try:
        parse_date(value)
    except DateReadError:
        return False
    return True


def _text_document(doc_id: str, text: str, origin: str, rep: ReadReport) -> Document | None:
    """Build the document of a plain text, taking a leading ``date ...`` line off."""
    doc_date: str | None = None  # as written: read_documents reads it
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    match = _HEADER.fullmatch(first.strip())
    if match and _is_date_header(first, match.group(1)):
        doc_date = match.group(1).strip()
        text = rest
    text = text.strip()
    if not text:
        rep.skipped.append(Skip(origin, "empty"))
        return None
    return Document(id=doc_id, text=text, date=doc_date, origin=origin)


# --- .jsonl ----------------------------------------------------------------------------


def _read_jsonl_file(
    path: Path, rep: ReadReport, opts: ReadOptions, *, gz: bool
) -> Iterator[Document]:
    origin = str(path)

    def open_binary() -> IO[bytes]:
        return gzip.open(path, "rb") if gz else open(path, "rb")  # type: ignore[return-value]

    try:
        with open_binary() as f:
            head = f.read(_BINARY_PROBE)
        if _looks_binary(head, per_line=True):
            rep.skipped.append(Skip(origin, "binary file"))
            return
        wide = _wide_encoding(head)
        with open_binary() as f:
            if wide is not None:  # UTF-16/32: lines end in a wide "\n", so read as text
                lines: Iterable[str] = io.TextIOWrapper(f, encoding=wide, errors="replace")
            else:
                lines = (
                    _decode_line(raw, n, origin, rep)
                    for n, raw in enumerate(_capped_lines(f, origin, rep), start=1)
                )
            yield from _read_jsonl_lines(lines, _stem_of(path), origin, rep, opts)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        rep.skipped.append(Skip(origin, f"corrupt gzip file: {exc}"))


def _capped_lines(f: IO[bytes], origin: str, rep: ReadReport) -> Iterator[bytes]:
    """The lines of a binary stream; one longer than :data:`MAX_LINE_BYTES` is skipped
    (and read past in chunks, never held whole), and a blank line takes its place."""
    cap = MAX_LINE_BYTES
    number = 0
    while raw := f.readline(cap + 1):
        number += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            while rest := f.readline(_CHUNK):  # the rest of the line, let go as read
                if rest.endswith(b"\n"):
                    break
            rep.skipped.append(Skip(f"{origin}:{number}", f"line longer than {cap:,} bytes"))
            yield b"\n"
            continue
        yield raw


def _decode_line(raw: bytes, number: int, origin: str, rep: ReadReport) -> str:
    line, warning = _decode(raw)
    if warning:
        rep.warnings.append(Skip(f"{origin}:{number}", warning))
    return line


def _read_jsonl_lines(
    lines: Iterable[str], stem: str, origin: str, rep: ReadReport, opts: ReadOptions
) -> Iterator[Document]:
    any_content = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        any_content = True
        where = f"{origin}:{number}"
        if "\x00" in line:
            rep.skipped.append(Skip(where, "zero byte in the line (binary data, or UTF-16 text)"))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rep.skipped.append(Skip(where, f"not JSON: {exc.msg} (column {exc.colno})"))
            continue
        except RecursionError:
            rep.skipped.append(Skip(where, "not readable JSON: nested too deeply"))
            continue
        except ValueError as exc:  # an integer of thousands of digits, and the like
            rep.skipped.append(Skip(where, f"not readable JSON: {_short(str(exc))}"))
            continue
        if not isinstance(obj, dict):
            rep.skipped.append(Skip(where, "not a JSON object"))
            continue
        text = obj.get(opts.text_column)
        if not isinstance(text, str):
            rep.skipped.append(Skip(where, f"no string {opts.text_column!r} field"))
            continue
        if not text.strip():
            rep.skipped.append(Skip(where, "empty"))
            continue
        try:
            doc = Document(
                id=_record_id(obj.get("id"), stem, number),
                text=text,
                date=_record_date(_first_of(obj, _date_names(opts))),
                title=_record_title(obj.get("title")),
                origin=where,
                **_provenance(obj),
            )
        except (ValueError, RecursionError) as exc:  # a field no reader could make text of
            rep.skipped.append(Skip(where, f"unreadable field: {type(exc).__name__}"))
            continue
        yield doc
    if not any_content:
        rep.skipped.append(Skip(origin, "empty"))


def _short(message: str, limit: int = 120) -> str:
    """A message on one line, cut to ``limit`` characters."""
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _record_id(value: object, stem: str, number: int) -> str:
    if isinstance(value, bool) or value is None:
        return f"{stem}-{number}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return f"{stem}-{number}"


def _record_date(value: object) -> str | None:
    """A date value as written (read_documents parses it); None when there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    return repr(value)[:40]  # a list or object: kept so that the report says what it was


def _date_names(opts: ReadOptions) -> tuple[str, ...]:
    return (opts.date_field,) if opts.date_field else DATE_FIELDS


def _first_of(obj: dict[str, Any], names: Iterable[str]) -> object:
    """The first of ``names`` in a record, matching case-insensitively."""
    lowered = {str(k).strip().lower(): v for k, v in obj.items()}
    for name in names:
        if name in obj:
            return obj[name]
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _plain(value: object) -> str | None:
    """A provenance value as text: a list of authors joined, blanks as None."""
    if isinstance(value, list):
        value = "; ".join(str(v).strip() for v in value if str(v).strip())
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _provenance(obj: dict[str, Any]) -> dict[str, Any]:
    """The publisher, url and author of a record, from the first field of each present."""
    return {key: _plain(_first_of(obj, names)) for key, names in PROVENANCE_FIELDS.items()}


def _record_title(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    return None


# --- .csv ------------------------------------------------------------------------------


def _raise_csv_field_limit() -> None:
    global _CSV_LIMIT_RAISED
    if _CSV_LIMIT_RAISED:
        return
    limit = sys.maxsize
    while True:  # the C long behind the limit is 32-bit on some platforms
        try:
            csv.field_size_limit(limit)
            break
        except OverflowError:
            limit //= 2
    _CSV_LIMIT_RAISED = True


def _find_column(header: list[str], name: str) -> int | None:
    cleaned = [h.strip() for h in header]
    if name in cleaned:
        return cleaned.index(name)
    lowered = [h.lower() for h in cleaned]
    if name.lower() in lowered:
        return lowered.index(name.lower())
    return None


def _read_csv(path: Path, opts: ReadOptions, rep: ReadReport) -> Iterator[Document]:
    origin = str(path)
    text_column = opts.text_column
    with open(path, "rb") as f:
        head = f.read(_BINARY_PROBE)
    if _looks_binary(head, per_line=True):
        rep.skipped.append(Skip(origin, "binary file"))
        return
    wide = _wide_encoding(head)
    _raise_csv_field_limit()
    with open(path, "rb") as f:
        if wide is not None:
            lines: Iterable[str] = io.TextIOWrapper(f, encoding=wide, errors="replace", newline="")
        else:  # each line decoded on its own: one cp1252 row leaves the UTF-8 ones be
            lines = (
                _decode_line(raw, n, origin, rep)
                for n, raw in enumerate(_capped_lines(f, origin, rep), start=1)
            )
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            rep.skipped.append(Skip(origin, f"bad CSV header: {exc}"))
            return
        if header is None or not any(h.strip() for h in header):
            rep.skipped.append(Skip(origin, "empty"))
            return
        text_at = _find_column(header, text_column)
        if text_at is None:
            columns = ", ".join(h.strip() for h in header)
            rep.skipped.append(Skip(origin, f"no column {text_column!r} (columns: {columns})"))
            return
        id_at = _find_column(header, "id")
        date_at = next(
            (i for n in _date_names(opts) if (i := _find_column(header, n)) is not None), None
        )
        if opts.date_field and date_at is None:
            columns = ", ".join(h.strip() for h in header)
            rep.warnings.append(
                Skip(origin, f"no date column {opts.date_field!r} (columns: {columns})")
            )
        title_at = _find_column(header, "title")
        names = [h.strip() for h in header]
        stem = _stem_of(path)
        rows = 0
        while True:
            line = reader.line_num + 1  # where the next record starts
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rep.skipped.append(Skip(f"{origin}:{line}", f"bad CSV row: {exc}"))
                if reader.line_num < line:  # no progress: stop rather than loop
                    break
                continue
            if not row:  # a blank line is not a record
                continue
            rows += 1
            where = f"{origin}:{line}"
            if any("\x00" in cell for cell in row):
                rep.skipped.append(
                    Skip(where, "zero byte in the row (binary data, or UTF-16 text)")
                )
                continue
            text = row[text_at] if text_at < len(row) else ""
            if not text.strip():
                rep.skipped.append(Skip(where, "empty"))
                continue
            record = {n: row[i] for i, n in enumerate(names) if i < len(row) and n}
            yield Document(
                id=_record_id(_cell(row, id_at), stem, line),
                text=text,
                date=_record_date(_cell(row, date_at)),
                title=_record_title(_cell(row, title_at)),
                origin=where,
                **_provenance(record),
            )
        if rows == 0:
            rep.skipped.append(Skip(origin, "empty"))


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    return row[index]


# --- stdin -----------------------------------------------------------------------------


def _stdin_lines(stream: TextIO, rep: ReadReport) -> Iterator[str]:
    """The lines of standard input, each decoded on its own as a file's lines are.

    Read as bytes where the stream has them, so that one line in another encoding
    costs that line a warning rather than the whole stream a decoding error.
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text stream only (io.StringIO)
        yield from stream
        return
    for number, raw in enumerate(_capped_lines(buffer, STDIN_ORIGIN, rep), start=1):
        yield _decode_line(raw, number, STDIN_ORIGIN, rep)


def _read_stdin(stream: TextIO | None, rep: ReadReport, opts: ReadOptions) -> Iterator[Document]:
    if stream is None or getattr(stream, "closed", False):  # python run with fd 0 closed
        rep.skipped.append(Skip(STDIN_ORIGIN, "standard input is closed"))
        return
    lines_in = _stdin_lines(stream, rep)
    try:
        leading: list[str] = []
        first: str | None = None
        for line in lines_in:
            if line.strip():
                first = line
                break
            leading.append(line)
        if first is None:
            rep.skipped.append(Skip(STDIN_ORIGIN, "empty"))
            return
        if first.lstrip().lstrip("\ufeff").startswith("{"):
            lines = _chain([*leading, first], lines_in)
            yield from _read_jsonl_lines(lines, "stdin", STDIN_ORIGIN, rep, opts)
            return
        text = "".join(leading) + first + "".join(lines_in)
    except UnicodeDecodeError as exc:
        rep.skipped.append(Skip(STDIN_ORIGIN, f"cannot decode: {exc.reason}"))
        return
    except OSError as exc:
        rep.skipped.append(Skip(STDIN_ORIGIN, _os_reason(exc)))
        return
    if "\x00" in text[:_BINARY_PROBE]:
        rep.skipped.append(Skip(STDIN_ORIGIN, "binary file"))
        return
    doc = _text_document("stdin", text.removeprefix("\ufeff"), STDIN_ORIGIN, rep)
    if doc is not None:
        yield doc


def _chain(head: list[str], rest: Iterable[str]) -> Iterator[str]:
    yield from head
    yield from rest


__all__ = [
    "DATE_FIELDS",
    "STDIN_ORIGIN",
    "SUPPORTED_SUFFIXES",
    "ReadOptions",
    "ReadReport",
    "Skip",
    "collision_id",
    "printable_origin",
    "read_documents",
    "same_file",
]
