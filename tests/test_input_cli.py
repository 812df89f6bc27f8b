"""Real-world input through the command line: languages, dates, provenance (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph.cli import app
from actorgraph.model import Actor, Document, Extraction, Interaction
from actorgraph.store import Store

FRENCH = (
    "Le président de la République a reçu mardi à l'Élysée le chancelier allemand. "
    "Les deux dirigeants ont évoqué la guerre en Ukraine et la politique énergétique "
    "de l'Union européenne, a indiqué la présidence dans un communiqué."
)
GERMAN = (
    "Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen Präsidenten "
    "empfangen. Die beiden Politiker sprachen über den Krieg in der Ukraine und die "
    "Energiepolitik der Europäischen Union, teilte ein Regierungssprecher mit."
)
ENGLISH = (
    "date {date}\n"
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in\n"
    "Berlin on Tuesday, and the two leaders discussed the war in Ukraine and\n"
    "the energy policy of the European Union, a government spokesman said.\n"
    "Reuter\n"
)


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    doc = Document("a", "France and Germany held talks.", "2024-01-02")
    it = Interaction(
        "a", "France", "Germany", "CONSULT", False, date="2024-01-02",
        source_id="FRA", target_id="DEU", sentence="France and Germany held talks.",
    )  # fmt: skip
    actors = [Actor("FRA", "France", "COUNTRY", "FRA"), Actor("DEU", "Germany", "COUNTRY", "DEU")]
    with Store(tmp_path / "store") as store:
        store.add_extractions([Extraction(doc, actors, [it], {"FRA": 1, "DEU": 1})])
    return tmp_path / "store"


@pytest.mark.parametrize("value", ["2005-13", "2023-02-29", "2024-04-31"])
@pytest.mark.parametrize("command", ["stats", "timeline", "html"])
def test_filter_dates_that_do_not_exist_are_one_line_exit_2(
    small_store: Path, command: str, value: str
) -> None:
    result = CliRunner().invoke(app, [command, str(small_store), "--since", value])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "not a real date" in lines[0]
    assert "Traceback" not in result.output


def test_provenance_filter_on_the_command_line(small_store: Path) -> None:
    result = CliRunner().invoke(app, ["stats", str(small_store), "--json", "--provenance", "gdelt"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["interactions"] == 0
    result = CliRunner().invoke(
        app, ["stats", str(small_store), "--json", "--provenance", "extracted"]
    )
    assert json.loads(result.stdout)["interactions"] == 1


@pytest.mark.slow
def test_french_and_german_among_english_are_named_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "en1.txt").write_text(ENGLISH.format(date="26-FEB-1987 15:01:01.79"), "utf-8")
    (folder / "en2.txt").write_text(ENGLISH.format(date="February 27, 1987"), "utf-8")
    (folder / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    report_file = tmp_path / "report.json"
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(folder), "--out", str(out), "--report", str(report_file),
              "--workers", "1"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    report = json.loads(report_file.read_text(encoding="utf-8"))
    skipped = {Path(s["origin"]).name: s["reason"] for s in report["skipped"]}
    assert set(skipped) == {"fr.txt", "de.txt"}
    assert skipped["fr.txt"].startswith("language fr")
    assert skipped["de.txt"].startswith("language de")
    assert f"skipped {folder / 'fr.txt'}: language fr" in result.stderr
    files = report["files"]
    assert files[str(folder / "en1.txt")]["stored"] == 1
    assert files[str(folder / "fr.txt")]["skipped"] == 1
    assert report["undated"]["count"] == 0
    with Store(out) as store:
        docs = {d["id"]: d for d in store.documents()}
        assert set(docs) == {"en1", "en2"}
        assert docs["en1"]["date"] == "1987-02-26"
        assert store.document_info()["en1"]["lang"] == "en"
        sentences = [it.sentence for it in store.iter_interactions()]
    assert sentences and all("\n" not in s for s in sentences)  # lines were joined


@pytest.mark.slow
def test_build_says_how_many_documents_are_undated(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    rows = [
        {"id": "a", "text": "Macron met Scholz in Berlin.", "date": "yesterday"},
        {"id": "b", "text": "Macron met Scholz in Paris.", "published": "1 March 2024"},
        {"id": "c", "text": "Macron met Scholz in Rome."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(tmp_path / "o"),
                                      "--workers", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 of 3 documents undated" in result.stdout
    assert "unreadable date" in result.stderr


def test_timeline_counts_documents_per_period(tmp_path: Path) -> None:
    import networkx as nx

    from actorgraph.analyze import timeline

    g = nx.MultiDiGraph()
    g.add_edge("a", "b", quad="verbal-coop", date="2024-01-05", type="CONSULT", status="occurred")
    g.add_edge("a", "b", quad="verbal-conf", date="2024-03-05", type="ACCUSE", status="occurred")
    docs = {"2024-01-02": 3, "2024-01-20": 1, "2024-04-01": 2, "": 5}
    report = timeline(g, documents=docs)
    rows = [
        (r["period"], r["total"], r["documents"], r["per_100_documents"]) for r in report["rows"]
    ]
    assert rows == [
        ("2024-01", 1, 4, 25.0),
        ("2024-02", 0, 0, None),  # a gap in the corpus: no documents, not "no events"
        ("2024-03", 1, 0, None),
        ("2024-04", 0, 2, 0.0),  # documents and no interactions: a row too
    ]
    assert (report["documents"], report["undated_documents"]) == (11, 5)
    assert "documents" not in timeline(g)["rows"][0]  # without a denominator, as before


def test_timeline_command_shows_documents(tmp_path: Path) -> None:
    docs = [
        Document("a", "France and Germany held talks.", "2024-01-02"),
        Document("b", "Nothing happened.", "2024-02-10"),
        Document("c", "Nothing happened again.", None),
    ]
    it = Interaction(
        "a", "France", "Germany", "CONSULT", False, date="2024-01-02",
        source_id="FRA", target_id="DEU", sentence="France and Germany held talks.",
    )  # fmt: skip
    actors = [Actor("FRA", "France", "COUNTRY", "FRA"), Actor("DEU", "Germany", "COUNTRY", "DEU")]
    with Store(tmp_path / "s") as store:
        store.add_extractions(
            [Extraction(docs[0], actors, [it], {"FRA": 1, "DEU": 1})]
            + [Extraction(d) for d in docs[1:]]
        )
    result = CliRunner().invoke(app, ["timeline", str(tmp_path / "s"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(r["period"], r["total"], r["documents"]) for r in data["rows"]] == [
        ("2024-01", 1, 1), ("2024-02", 0, 1),
    ]  # fmt: skip
    assert data["rows"][0]["per_100_documents"] == 100.0
    assert data["undated_documents"] == 1
    table = CliRunner().invoke(app, ["timeline", str(tmp_path / "s")])
    assert "documents: 3 (1 undated)" in table.stdout
    since = CliRunner().invoke(
        app, ["timeline", str(tmp_path / "s"), "--json", "--since", "2024-02"]
    )
    assert json.loads(since.stdout)["documents"] == 1
