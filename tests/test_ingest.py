"""Tests for the document readers in actorgraph.ingest."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from actorgraph.ingest import ReadOptions, ReadReport, Skip, read_documents
from actorgraph.model import Document


def read(paths, **kwargs) -> tuple[list[Document], ReadReport]:
    report = ReadReport()
    docs = list(read_documents(paths, report=report, **kwargs))
    return docs, report


def reasons(report: ReadReport) -> dict[str, str]:
    return {s.origin: s.reason for s in report.skipped}


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


# --- .txt ------------------------------------------------------------------------------


def test_txt_header_line_gives_date_and_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "note_01.txt"
    path.write_text(
        "\n  date 2023-05-04 XY Thursday, May 4, 2023, 10:15\n\n\nThe mayor met the minister.\n",
        encoding="utf-8",
    )
    docs, report = read([path])
    assert docs == [
        Document(
            id="note_01", text="The mayor met the minister.", date="2023-05-04", origin=str(path)
        )
    ]
    assert report.documents == 1
    assert report.skipped == [] and report.warnings == []


def test_txt_without_header_keeps_all_text_and_no_date(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Two envoys spoke.\nThey agreed.\n", encoding="utf-8")
    (doc,), _ = read([path])
    assert doc.id == "plain"
    assert doc.date is None
    assert doc.text == "Two envoys spoke.\nThey agreed."


def test_txt_date_word_later_in_text_is_not_a_header(tmp_path: Path) -> None:
    path = tmp_path / "later.txt"
    path.write_text("First line here.\ndate 2020-01-01 not a header\n", encoding="utf-8")
    (doc,), _ = read([path])
    assert doc.date is None
    assert "date 2020-01-01" in doc.text


def test_txt_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffdate 2021-03-02 X\nCafé talks resumed.".encode())
    (doc,), report = read([path])
    assert doc.date == "2021-03-02"
    assert doc.text == "Café talks resumed."
    assert report.warnings == []


def test_txt_cp1252_fallback_records_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("The envoy said \u201cno\u201d in Zürich.".encode("cp1252"))
    docs, report = read([path])
    assert [d.text for d in docs] == ["The envoy said \u201cno\u201d in Zürich."]
    assert report.skipped == []
    assert report.warnings == [Skip(str(path), "not UTF-8; decoded as cp1252")]


def test_header_only_txt_is_skipped_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "header_only.txt"
    path.write_text("date 2022-01-01 nothing else\n\n", encoding="utf-8")
    docs, report = read([path])
    assert docs == []
    assert reasons(report) == {str(path): "empty"}


# --- .jsonl ----------------------------------------------------------------------------


def test_jsonl_fields_and_fallback_id(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "batch.jsonl",
        [
            {"id": "a1", "text": "Alpha met Beta.", "date": "2024-02-03T10:00:00Z", "title": "T"},
            {"text": "Gamma called Delta.", "date": "last week", "extra": 5},
            {"id": 7, "text": "Numbers as ids."},
        ],
    )
    docs, report = read([path])
    assert [(d.id, d.date, d.title, d.origin) for d in docs] == [
        ("a1", "2024-02-03", "T", f"{path}:1"),
        ("batch-2", None, None, f"{path}:2"),
        ("7", None, None, f"{path}:3"),
    ]
    assert docs[1].text == "Gamma called Delta."
    assert report.documents == 3


def test_jsonl_bad_lines_are_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "ok1", "text": "First good line."}',
                "{not json",
                "[1, 2]",
                '{"id": "notext"}',
                '{"id": "blank", "text": "   "}',
                '{"id": "num", "text": 42}',
                "",
                '{"id": "ok2", "text": "Second good line."}',
            ]
        ),
        encoding="utf-8",
    )
    docs, report = read([path])
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert docs[1].origin == f"{path}:8"
    got = reasons(report)
    assert set(got) == {f"{path}:{n}" for n in (2, 3, 4, 5, 6)}
    assert got[f"{path}:2"].startswith("not JSON")
    assert got[f"{path}:3"] == "not a JSON object"
    assert got[f"{path}:5"] == "empty"


def test_gzip_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "g1", "text": "Compressed news."}) + "\n")
        f.write(json.dumps({"text": "No id here."}) + "\n")
    docs, report = read([path])
    assert [(d.id, d.text) for d in docs] == [("g1", "Compressed news."), ("wire-2", "No id here.")]
    assert report.skipped == []


def test_corrupt_gzip_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"this is not gzip data")
    docs, report = read([path])
    assert docs == []
    assert list(reasons(report)) == [str(path)]


def test_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "big.jsonl", [{"text": f"Line {i}."} for i in range(1000)])
    it = read_documents([path])
    first = next(it)
    assert first.id == "big-1"
    it.close()


# --- .csv ------------------------------------------------------------------------------


def test_csv_rows_with_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        'id,date,title,text\nr1,2019-07-08,Hello,"Row one, with a comma."\n'
        ',,,"Row two\nspans lines."\nr3,,,\n',
        encoding="utf-8",
    )
    docs, report = read([path])
    assert [(d.id, d.date, d.title, d.text, d.origin) for d in docs] == [
        ("r1", "2019-07-08", "Hello", "Row one, with a comma.", f"{path}:2"),
        ("table-3", None, None, "Row two\nspans lines.", f"{path}:3"),
    ]
    assert reasons(report) == {f"{path}:5": "empty"}


def test_csv_without_text_column_is_skipped_whole(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    docs, report = read([path])
    assert docs == []
    assert report.skipped == [Skip(str(path), "no column 'text' (columns: a, b, c)")]


def test_csv_text_column_option(tmp_path: Path) -> None:
    path = tmp_path / "body.csv"
    path.write_text("id,body\nx,Chosen column text.\n", encoding="utf-8")
    docs, report = read([path], text_column="body")
    assert [(d.id, d.text) for d in docs] == [("x", "Chosen column text.")]
    _, default_report = read([path])
    assert default_report.skipped == [Skip(str(path), "no column 'text' (columns: id, body)")]


def test_csv_large_field(tmp_path: Path) -> None:
    big = "word " * 60_000  # larger than csv's default 131072-character field limit
    path = tmp_path / "large.csv"
    path.write_text(f'id,text\nbig,"{big}"\n', encoding="utf-8")
    (doc,), report = read([path])
    assert doc.text == big
    assert report.skipped == []


def test_csv_cp1252_fallback(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes("id,text\nc1,Señor Núñez spoke.\n".encode("cp1252"))
    (doc,), report = read([path])
    assert doc.text == "Señor Núñez spoke."
    # per line since issue 16: the warning names the line
    assert report.warnings == [Skip(f"{path}:2", "not UTF-8; decoded as cp1252")]


# --- directories -----------------------------------------------------------------------


def test_directory_is_read_recursively_sorted_and_counts_ignored(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.txt").write_text("Bee text.", encoding="utf-8")
    (root / "a.txt").write_text("Ay text.", encoding="utf-8")
    (root / "sub" / "c.csv").write_text("id,text\nc,See text.\n", encoding="utf-8")
    write_jsonl(root / "sub" / "deeper" / "d.jsonl", [{"id": "d", "text": "Dee text."}])
    (root / "README.md").write_text("not a document", encoding="utf-8")
    (root / "sub" / "data.json").write_text("{}", encoding="utf-8")
    (root / ".secret.txt").write_text("Hidden file.", encoding="utf-8")
    (root / ".hidden" / "e.txt").write_text("Hidden dir.", encoding="utf-8")
    docs, report = read([root])
    assert [d.id for d in docs] == ["a", "b", "c", "d"]
    # README.md, data.json, and (issue 16) the hidden file and the hidden folder
    assert report.ignored == 4
    assert report.skipped == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_terminates(tmp_path: Path) -> None:
    root = tmp_path / "loop"
    (root / "inner").mkdir(parents=True)
    (root / "inner" / "x.txt").write_text("Only once.", encoding="utf-8")
    os.symlink(root, root / "inner" / "back")
    docs, report = read([root])
    assert [d.id for d in docs] == ["x"]
    assert report.skipped == []
    assert len(report.warnings) == 1


def test_explicit_unsupported_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# notes", encoding="utf-8")
    docs, report = read([path])
    assert docs == []
    assert reasons(report)[str(path)].startswith("unsupported file type")


# --- bad inputs ------------------------------------------------------------------------


def test_missing_path_is_skipped_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    docs, report = read([path])
    assert docs == []
    assert report.skipped == [Skip(str(path), "no such file or directory")]


def test_binary_files_are_skipped(tmp_path: Path) -> None:
    txt = tmp_path / "blob.txt"
    txt.write_bytes(b"PK\x03\x04\x00\x00binary")
    jsonl = tmp_path / "blob.jsonl"
    jsonl.write_bytes(b'{"text": "x"}\n\x00\x00')
    docs, report = read([txt, jsonl])
    assert docs == []
    assert reasons(report) == {str(txt): "binary file", str(jsonl): "binary file"}


def test_empty_files_are_skipped(tmp_path: Path) -> None:
    paths = [tmp_path / "e.txt", tmp_path / "ws.txt", tmp_path / "e.jsonl", tmp_path / "e.csv"]
    paths[0].write_text("", encoding="utf-8")
    paths[1].write_text("  \n\t\n", encoding="utf-8")
    paths[2].write_text("\n\n", encoding="utf-8")
    paths[3].write_text("id,text\n", encoding="utf-8")
    docs, report = read(paths)
    assert docs == []
    assert reasons(report) == {str(p): "empty" for p in paths}


def test_unreadable_file_is_skipped_with_os_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Secret.", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == path:  # chmod does not stop root, so refuse the way the OS would
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    other = tmp_path / "open.txt"
    other.write_text("Readable.", encoding="utf-8")
    docs, report = read([path, other])
    assert [d.id for d in docs] == ["open"]
    assert report.skipped == [Skip(str(path), "permission denied")]


def test_jsonl_line_in_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(
        b'{"id": "u", "text": "Plain."}\n'
        + '{"id": "w", "text": "Gr\u00fc\u00dfe."}'.encode("cp1252")
    )
    docs, report = read([path])
    assert [(d.id, d.text) for d in docs] == [("u", "Plain."), ("w", "Grüße.")]
    assert report.warnings == [Skip(f"{path}:2", "not UTF-8; decoded as cp1252")]


def test_duplicate_ids_keep_both_texts(tmp_path: Path) -> None:
    """A taken id with another text is another document: kept under a derived id."""
    txt = tmp_path / "same.txt"
    txt.write_text("From the text file.", encoding="utf-8")
    jsonl = write_jsonl(
        tmp_path / "more.jsonl",
        [
            {"id": "same", "text": "From JSONL."},
            {"id": "other", "text": "Kept."},
            {"id": "same", "text": "From the text file."},
        ],
    )
    docs, report = read([txt, jsonl])
    assert [d.text for d in docs] == ["From the text file.", "From JSONL.", "Kept."]
    assert docs[0].id == "same" and docs[1].id.startswith("same~")
    assert report.warnings == [
        Skip(f"{jsonl}:1", f"id same is taken by {txt} (a different text): kept as {docs[1].id}")
    ]
    assert report.skipped == [Skip(f"{jsonl}:3", f"duplicate id same (same text as {txt})")]
    assert report.documents == 3


# --- stdin -----------------------------------------------------------------------------


def test_stdin_plain_text_is_one_document() -> None:
    stream = io.StringIO("\ndate 2020-10-11 Wire\nA short report from stdin.\n")
    docs, report = read(["-"], stdin=stream)
    assert [(d.id, d.date, d.text) for d in docs] == [
        ("stdin", "2020-10-11", "A short report from stdin.")
    ]
    assert report.documents == 1


def test_stdin_jsonl() -> None:
    stream = io.StringIO('\n{"id": "s1", "text": "One."}\n{"text": "Two."}\nnope\n')
    docs, report = read(["-"], stdin=stream)
    assert [(d.id, d.text) for d in docs] == [("s1", "One."), ("stdin-3", "Two.")]
    assert [s.origin for s in report.skipped] == ["<stdin>:4"]


def test_stdin_empty() -> None:
    docs, report = read(["-"], stdin=io.StringIO("  \n"))
    assert docs == []
    assert reasons(report) == {"<stdin>": "empty"}


# --- the report ------------------------------------------------------------------------


def test_every_input_is_a_document_or_a_skip(tmp_path: Path) -> None:
    good_txt = tmp_path / "good.txt"
    good_txt.write_text("Fine text.", encoding="utf-8")
    empty_txt = tmp_path / "empty.txt"
    empty_txt.write_text("", encoding="utf-8")
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text('{"text": "r1"}\nbad\n{"text": ""}\n{"id": "good", "text": "dup"}\n')
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text('text\nc1\n""\nc3\n', encoding="utf-8")
    missing = tmp_path / "missing.csv"
    inputs = 1 + 1 + 4 + 3 + 1  # files, JSONL lines and CSV rows
    docs, report = read([good_txt, empty_txt, jsonl, csv_path, missing])
    # the JSONL "good" is another text than good.txt: kept under a derived id
    assert len(docs) == report.documents == 5
    assert len(docs) + len(report.skipped) == inputs


def test_report_to_dict_is_json_ready(tmp_path: Path) -> None:
    docs, report = read([tmp_path / "gone.txt"])
    data = report.to_dict()
    gone = str(tmp_path / "gone.txt")
    assert data == {
        "documents": 0,
        "skipped": [{"origin": gone, "reason": "no such file or directory"}],
        "warnings": [],
        "ignored": 0,
        "undated": {"count": 0, "documents": []},
        "joined": 0,
        "boilerplate_lines": 0,
        "replaced": [],
        "files": {
            gone: {
                "documents": 0,
                "skipped": 1,
                "warnings": 0,
                "reasons": {"no such file or directory": 1},
            }
        },
    }
    json.dumps(data)


def test_report_is_optional(tmp_path: Path) -> None:
    path = tmp_path / "solo.txt"
    path.write_text("Alone.", encoding="utf-8")
    assert [d.id for d in read_documents([str(path)])] == ["solo"]


# --- text, dates, languages and provenance (issue 14) ----------------------------------

WRAPPED = (
    "Iraq has rejected its new OPEC production\n"
    "quota and will produce more oil than agreed,\n"
    "the Iraqi oil minister said on Tuesday in a\n"
    "statement carried by the official news agency.\n"
    " Reuter\n"
)


def test_wrapped_text_is_joined_and_counted(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "wire.jsonl", [{"id": "w1", "text": WRAPPED}])
    (doc,), report = read([path])
    assert doc.text == (
        "Iraq has rejected its new OPEC production quota and will produce more oil than "
        "agreed, the Iraqi oil minister said on Tuesday in a statement carried by the "
        "official news agency."
    )
    assert (report.joined, report.boilerplate) == (1, 1)


def test_a_document_of_boilerplate_only_is_a_counted_skip(tmp_path: Path) -> None:
    path = tmp_path / "furniture.txt"
    path.write_text("(c) 2004 Reuters Limited\nAll rights reserved.\n", encoding="utf-8")
    docs, report = read([path])
    assert docs == []
    assert reasons(report) == {str(path): "empty (only boilerplate lines)"}


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("date 26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("Date: February 1, 2022", "2022-02-01"),
        ("date Tue, 01 Feb 2022 10:00:00 +0000", "2022-02-01"),
    ],
)
def test_txt_header_dates_in_common_forms(tmp_path: Path, header: str, date: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"{header}\nThe mayor met the minister.\n", encoding="utf-8")
    (doc,), report = read([path])
    assert (doc.date, doc.text, report.undated) == (date, "The mayor met the minister.", [])


def test_a_first_line_starting_with_the_word_date_is_text(tmp_path: Path) -> None:
    path = tmp_path / "palms.txt"
    path.write_text("Date palms grow in Iraq.\nThe harvest was good.\n", encoding="utf-8")
    (doc,), report = read([path])
    assert doc.text.startswith("Date palms grow in Iraq.")
    assert [u.reason for u in report.undated] == ["no date"]


def test_undated_documents_are_named_with_the_reason(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "n.jsonl",
        [
            {"id": "a", "text": "Alpha met Beta.", "date": "26-FEB-1987 15:01:01.79"},
            {"id": "b", "text": "Gamma met Delta.", "date": "last week"},
            {"id": "c", "text": "Epsilon met Zeta."},
        ],
    )
    docs, report = read([path])
    assert [d.date for d in docs] == ["1987-02-26", None, None]
    assert [(u.origin, u.reason) for u in report.undated] == [
        (f"{path}:2", "not a date: 'last week'"),
        (f"{path}:3", "no date"),
    ]
    assert report.warnings[0].origin == f"{path}:2"
    data = report.to_dict()
    assert data["undated"]["count"] == 2
    assert data["files"][str(path)]["undated"] == 2


def test_date_field_and_dayfirst_for_csv(tmp_path: Path) -> None:
    path = tmp_path / "scraped.csv"
    path.write_text(
        "id,published_on,text\nr1,02/01/2022,Alpha met Beta.\nr2,31/12/2021,Gamma met Delta.\n",
        encoding="utf-8",
    )
    options = ReadOptions(date_field="published_on", dayfirst=True)
    docs, report = read([path], options=options)
    assert [d.date for d in docs] == ["2022-01-02", "2021-12-31"]
    docs, report = read([path])  # no such default column: undated, and said so
    assert [d.date for d in docs] == [None, None]
    assert len(report.undated) == 2


def test_a_missing_date_column_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("id,text\nr1,Alpha met Beta.\n", encoding="utf-8")
    docs, report = read([path], options=ReadOptions(date_field="when"))
    assert len(docs) == 1
    assert "no date column 'when'" in report.warnings[0].reason


def test_common_date_fields_are_found_without_date_field(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "n.jsonl", [{"id": "a", "text": "Alpha met Beta.", "published": "1 Feb 2022"}]
    )
    (doc,), _ = read([path])
    assert doc.date == "2022-02-01"


def test_provenance_fields_are_kept(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "n.jsonl",
        [
            {
                "id": "a", "text": "Alpha met Beta.", "source": "Reuters",
                "url": "https://example.com/a", "title": "Talks", "authors": ["A. B", "C. D"],
            },
            {"id": "b", "text": "Gamma met Delta.", "publisher": "AFP", "link": "x"},
        ],
    )  # fmt: skip
    docs, _ = read([path])
    assert [(d.publisher, d.url, d.title, d.author) for d in docs] == [
        ("Reuters", "https://example.com/a", "Talks", "A. B; C. D"),
        ("AFP", "x", None, None),
    ]
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("text,Publisher,URL,Author\nAlpha met Beta.,BBC,u,Jo\n", encoding="utf-8")
    (doc,), _ = read([csv_path])
    assert (doc.publisher, doc.url, doc.author) == ("BBC", "u", "Jo")


FRENCH = (
    "Le président de la République a reçu mardi à l'Élysée le chancelier allemand. "
    "Les deux dirigeants ont évoqué la guerre en Ukraine, a indiqué la présidence."
)


def test_documents_in_other_languages_are_skipped_with_their_language(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "n.jsonl",
        [
            {"id": "fr", "text": FRENCH},
            {"id": "en", "text": "The president of France met the German chancellor on "
             "Tuesday in Paris to talk about the war, the presidency said."},
        ],
    )  # fmt: skip
    docs, report = read([path], options=ReadOptions(languages=("en",)))
    assert [(d.id, d.lang) for d in docs] == [("en", "en")]
    assert report.skipped[0].origin == f"{path}:1"
    assert report.skipped[0].reason.startswith("language fr ")
    docs, report = read([path], options=ReadOptions(languages=("en", "fr")))
    assert [d.id for d in docs] == ["fr", "en"]
    docs, report = read([path])  # no languages given: nothing told, nothing skipped
    assert len(docs) == 2 and docs[0].lang is None
