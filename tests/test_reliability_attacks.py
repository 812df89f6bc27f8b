"""The attacks of issue 16, one test (or more) per numbered case: each failed before its fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from actorgraph.ingest import ReadReport, read_documents
from actorgraph.model import Document, Extraction
from actorgraph.store import Store


def script_command() -> list[str]:
    """The installed ``actorgraph`` console script, or the module when it is missing."""
    script = Path(sys.executable).with_name("actorgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "actorgraph.cli"]


def read(paths: list, **kwargs) -> tuple[list[Document], ReadReport]:
    report = ReadReport()
    docs = list(read_documents([str(p) for p in paths], report=report, **kwargs))
    return docs, report


def article(a: str, b: str) -> str:
    return f"{a} and {b} signed a trade agreement on Monday.\n"


# --- case 1: different articles that share a file name -----------------------------------


def test_same_file_name_in_two_folders_keeps_both(tmp_path: Path) -> None:
    for day, (a, b) in (("day1", ("Kenya", "Uganda")), ("day2", ("Chile", "Peru"))):
        (tmp_path / day).mkdir()
        (tmp_path / day / "report.txt").write_text(article(a, b), encoding="utf-8")
    docs, report = read([tmp_path / "day1", tmp_path / "day2"])
    assert [d.text.split()[0] for d in docs] == ["Kenya", "Chile"]
    assert len({d.id for d in docs}) == 2
    assert docs[0].id == "report" and docs[1].id.startswith("report~")
    assert report.skipped == []
    assert any("id report is taken by" in w.reason for w in report.warnings)


def test_jsonl_without_ids_in_two_folders_keeps_all(tmp_path: Path) -> None:
    for day in ("a", "b"):
        (tmp_path / day).mkdir()
        lines = [json.dumps({"text": f"Story {n} of folder {day}."}) for n in range(10)]
        (tmp_path / day / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = read([tmp_path / "a", tmp_path / "b"])
    assert len(docs) == 20 and len({d.id for d in docs}) == 20
    assert report.skipped == []


def test_the_same_text_twice_is_a_duplicate(tmp_path: Path) -> None:
    for day in ("day1", "day2"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "report.txt").write_text(article("Kenya", "Uganda"), encoding="utf-8")
    docs, report = read([tmp_path / "day1", tmp_path / "day2"])
    assert len(docs) == 1
    assert report.skipped[0].reason.startswith("duplicate id report (same text as ")


def _extraction(doc_id: str, text: str, origin: str) -> Extraction:
    return Extraction(document=Document(id=doc_id, text=text, origin=origin))


def test_store_tells_another_article_from_a_changed_one(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        store.add_extractions([_extraction("report", "Kenya and Uganda.", "day1/report.txt")])
        same = Document(id="report", text="Kenya and Uganda.", origin="day1/report.txt")
        edited = Document(id="report", text="Kenya and Tanzania.", origin="day1/report.txt")
        other = Document(id="report", text="Chile and Peru.", origin="day2/report.txt")
        line = Document(id="report", text="Chile and Peru.", origin="day1/report.txt:3")
        assert store.stored_as(same) == ("same", "day1/report.txt")
        assert store.stored_as(edited)[0] == "changed"
        assert store.stored_as(other)[0] == "other"
        assert store.stored_as(line)[0] == "changed"
        assert store.stored_as(Document(id="x", text="y"))[0] == "new"


@pytest.mark.slow
def test_two_builds_of_a_report_txt_keep_both(tmp_path: Path) -> None:
    """Must show: ``build day1 --out o`` then ``build day2 --out o`` keep both documents;
    an edited day1 report replaces its own document, and the report says so."""
    out, rep = tmp_path / "out", tmp_path / "report.json"
    for day, (a, b) in (("day1", ("Kenya", "Uganda")), ("day2", ("Chile", "Peru"))):
        (tmp_path / day).mkdir()
        (tmp_path / day / "report.txt").write_text(article(a, b), encoding="utf-8")
    for day in ("day1", "day2", "day2"):
        run = subprocess.run(
            [*script_command(), "build", str(tmp_path / day), "--out", str(out)],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
    with Store(out, create=False) as store:
        docs = store.documents()
    assert len(docs) == 2
    assert {d["origin"] for d in docs} == {
        str(tmp_path / "day1" / "report.txt"), str(tmp_path / "day2" / "report.txt")
    }  # fmt: skip
    (tmp_path / "day1" / "report.txt").write_text(article("Kenya", "Tanzania"), encoding="utf-8")
    run = subprocess.run(
        [*script_command(), "build", str(tmp_path / "day1"), "--out", str(out),
         "--report", str(rep)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert data["replaced"] == [
        {"origin": str(tmp_path / "day1" / "report.txt"),
         "reason": "replaced the stored report (its text changed)"}
    ]  # fmt: skip
    with Store(out, create=False) as store:
        assert len(store.documents()) == 2
