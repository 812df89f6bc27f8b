"""Importing coded event data (GDELT 2.0, ICEWS, POLECAT) into the store beside the news."""

from __future__ import annotations

import gzip
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph import knowledge
from actorgraph.cli import app
from actorgraph.eventdata import (
    ImportReport,
    cameo_mapping,
    event_sectors,
    plover_of_cameo,
    read_event_records,
    sector_of_labels,
)
from actorgraph.model import EVENT_TYPES, STATUSES, Actor, Document, Extraction, Interaction
from actorgraph.store import Store

DATA = Path(__file__).parent / "data" / "events"
GDELT = DATA / "gdelt_sample.export.CSV"
ICEWS = DATA / "icews_sample.tab"
POLECAT = DATA / "polecat_sample.tsv"

#: CAMEO's twenty root codes and the PLOVER type each becomes (CAMEO manual 1.1b3;
#: PLOVER codebook): statements are actorgraph's STATEMENT, intents are planned events.
ROOTS = {
    "01": ("STATEMENT", "occurred"), "02": ("REQUEST", "occurred"),
    "03": ("COOPERATE", "planned"), "04": ("CONSULT", "occurred"),
    "05": ("SUPPORT", "occurred"), "06": ("COOPERATE", "occurred"),
    "07": ("AID", "occurred"), "08": ("CONCEDE", "occurred"),
    "09": ("ACCUSE", "occurred"), "10": ("REQUEST", "occurred"),
    "11": ("ACCUSE", "occurred"), "12": ("REJECT", "occurred"),
    "13": ("THREATEN", "occurred"), "14": ("PROTEST", "occurred"),
    "15": ("MOBILIZE", "occurred"), "16": ("SANCTION", "occurred"),
    "17": ("COERCE", "occurred"), "18": ("ASSAULT", "occurred"),
    "19": ("ASSAULT", "occurred"), "20": ("ASSAULT", "occurred"),
}  # fmt: skip


@pytest.mark.parametrize("root", sorted(ROOTS))
def test_each_cameo_root_code_has_its_plover_type(root: str) -> None:
    found = plover_of_cameo(root)
    assert found is not None
    assert (found.type, found.status) == ROOTS[root]


@pytest.mark.parametrize(
    ("code", "kind", "status"),
    [
        ("036", "CONSULT", "planned"),  # express intent to meet
        ("057", "AGREE", "occurred"),  # sign formal agreement
        ("0874", "RETREAT", "occurred"),  # retreat or surrender militarily
        ("111", "ACCUSE", "occurred"),  # criticise or denounce
        ("1823", "ASSAULT", "occurred"),  # kill by physical assault
        ("42", "CONSULT", "occurred"),  # 042 with its leading zero lost
    ],
)
def test_cameo_sub_codes(code: str, kind: str, status: str) -> None:
    found = plover_of_cameo(code)
    assert found is not None and (found.type, found.status) == (kind, status)


@pytest.mark.parametrize("code", ["", "XYZ", "00", "2100", "12345"])
def test_codes_that_are_not_cameo(code: str) -> None:
    assert plover_of_cameo(code) is None


def test_the_mapping_file_is_well_formed() -> None:
    mapping = cameo_mapping()
    assert {code for code in mapping if len(code) == 2} == set(ROOTS)
    for code, entry in mapping.items():
        assert entry.type in EVENT_TYPES and entry.status in STATUSES, code
        assert code.isdigit() and entry.name


def _records(path: Path, fmt: str) -> tuple[list, ImportReport]:
    report = ImportReport()
    return list(read_event_records([path], fmt, report)), report


def test_gdelt_records() -> None:
    records, report = _records(GDELT, "gdelt")
    its = [r.interactions[0] for r in records]
    assert [(i.source_id, i.target_id, i.type, i.status, i.date) for i in its] == [
        ("USA", "IRN", "CONSULT", "planned", "2023-01-04"),
        # IRNGOV: Iran's government, a body of the country with its sector
        ("org:iranian government", "IRQ", "ACCUSE", "occurred", "2023-01-05"),
        ("SAU", "org:opec", "AGREE", "occurred", "2023-01-05"),
        ("org:russian military", "UKR", "ASSAULT", "occurred", "2023-01-06"),  # RUSMIL
    ]
    first = records[0].document
    assert (first.id, first.provenance) == ("gdelt-1001", "gdelt")
    assert first.url == "https://news.example.org/2023/01/04/us-iran-talks"
    assert first.url in its[0].sentence  # the source URL is the evidence
    assert "GOV" in its[1].sentence  # the actor's sector is kept
    assert [s.reason for s in report.skipped] == [
        "one actor only (actorgraph stores interactions between two)"
    ]


def test_icews_records() -> None:
    records, report = _records(ICEWS, "icews")
    its = [r.interactions[0] for r in records]
    assert [(i.source_id, i.source_type, i.target_id, i.type) for i in its] == [
        ("person:vladimir putin", "PERSON", "TUR", "CONSULT"),
        ("org:police (nigeria)", "ORG", "org:citizen (nigeria)", "COERCE"),
        ("IRN", "COUNTRY", "IRQ", "THREATEN"),
    ]
    assert its[0].source_country == "RUS"
    assert "story 31001234 sentence 2" in its[0].sentence
    assert records[0].document.publisher == "Example Wire"
    assert [s.reason for s in report.skipped] == ["not a CAMEO event code: 'XYZ'"]


def test_polecat_records() -> None:
    records, report = _records(POLECAT, "polecat")
    its = [r.interactions[0] for r in records]
    assert [(i.source, i.target, i.type, i.mode) for i in its] == [
        ("Emmanuel Macron", "Olaf Scholz", "CONSULT", "phone"),
        ("Iranian government", "Iraqi government", "ACCUSE", None),
    ]
    assert [(a.name, a.country, a.sector) for a in records[1].actors] == [
        ("Iranian government", "IRN", "GOV"),
        ("Iraqi government", "IRQ", "GOV"),
    ]
    assert len(report.skipped) == 1


def test_compressed_and_headerless_files(tmp_path: Path) -> None:
    zipped = tmp_path / "20230104000000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(GDELT, "20230104000000.export.CSV")
    assert len(_records(zipped, "gdelt")[0]) == 4
    gz = tmp_path / "icews.tab.gz"
    gz.write_bytes(gzip.compress(ICEWS.read_bytes()))
    assert len(_records(gz, "icews")[0]) == 3
    headerless = tmp_path / "icews-no-header.tab"
    headerless.write_text(ICEWS.read_text("utf-8").split("\n", 1)[1], encoding="utf-8")
    assert len(_records(headerless, "icews")[0]) == 3


def test_bad_files_are_counted_skips(tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"not a zip")
    records, report = _records(bad, "gdelt")
    assert records == [] and report.skipped[0].reason.startswith("cannot read")
    records, report = _records(tmp_path / "missing.tsv", "polecat")
    assert report.skipped[0].reason == "no such file"


def _import(out: Path, path: Path, fmt: str, *extra: str):
    return CliRunner().invoke(
        app, ["import", str(path), "--format", fmt, "--out", str(out), *extra]
    )


def test_import_into_one_store_and_again_adds_nothing(tmp_path: Path) -> None:
    out = tmp_path / "store"
    for path, fmt in ((GDELT, "gdelt"), (ICEWS, "icews"), (POLECAT, "polecat")):
        result = _import(out, path, fmt, "--report", str(tmp_path / f"{fmt}.json"))
        assert result.exit_code == 1, result.output  # each sample has one row skipped
        assert "skipped" in result.stderr
    with Store(out) as store:
        counts = store.counts()
        assert store.provenance_counts() == {
            "gdelt": {"documents": 4, "interactions": 4},
            "icews": {"documents": 3, "interactions": 3},
            "polecat": {"documents": 2, "interactions": 2},
        }
    report = json.loads((tmp_path / "icews.json").read_text("utf-8"))
    assert report["records"] == 3 and report["new_records"] == 3
    assert report["files"][str(ICEWS)]["skipped"] == 1
    for path, fmt in ((GDELT, "gdelt"), (ICEWS, "icews"), (POLECAT, "polecat")):
        result = _import(out, path, fmt)
        assert "(0 new)" in result.stdout
    with Store(out) as store:
        assert store.counts() == counts
    stats = CliRunner().invoke(app, ["stats", str(out), "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["interactions"] == 9
    only = CliRunner().invoke(app, ["stats", str(out), "--json", "--provenance", "icews"])
    assert json.loads(only.stdout)["interactions"] == 3
    page = (out / "graph.html").read_text("utf-8")
    assert "news.example.org" in page and '"provenance": "gdelt"' in page


def test_import_usage_errors(tmp_path: Path) -> None:
    result = _import(tmp_path / "o", GDELT, "acled")
    assert result.exit_code == 2 and "--format must be one of" in result.stderr
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    result = _import(tmp_path / "o", empty, "polecat")
    assert result.exit_code == 2 and "no record could be read" in result.stderr


def test_import_copies_do_not_repeat(tmp_path: Path) -> None:
    copy = tmp_path / "copy.export.CSV"
    shutil.copy(GDELT, copy)
    records, report = [], ImportReport()
    records = list(read_event_records([GDELT, copy], "gdelt", report))
    assert len(records) == 4
    assert sum("duplicate event id" in s.reason for s in report.skipped) == 4


@pytest.mark.slow
def test_a_store_mixing_news_and_imports(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "mixed"
    built = CliRunner().invoke(app, ["build", str(examples_dir), "--out", str(out),
                                     "--workers", "1"])  # fmt: skip
    assert built.exit_code == 0, built.output
    for path, fmt in ((GDELT, "gdelt"), (ICEWS, "icews"), (POLECAT, "polecat")):
        assert _import(out, path, fmt).exit_code == 1
    with Store(out) as store:
        kinds = store.provenance_counts()
    assert set(kinds) == {"extracted", "gdelt", "icews", "polecat"}
    stats = CliRunner().invoke(app, ["stats", str(out), "--json"])
    assert stats.exit_code == 0, stats.output
    total = sum(k["interactions"] for k in kinds.values())
    assert json.loads(stats.stdout)["interactions"] == total
    assert json.loads(stats.stdout)["provenance"] == kinds
    table = CliRunner().invoke(app, ["stats", str(out)])
    assert "in the store: extracted" in table.stdout and "gdelt 4 documents" in table.stdout
    news = CliRunner().invoke(app, ["stats", str(out), "--json", "--provenance", "extracted"])
    assert json.loads(news.stdout)["interactions"] == kinds["extracted"]["interactions"]
    html = CliRunner().invoke(app, ["html", str(out)])
    assert html.exit_code == 0, html.output
    page = (out / "graph.html").read_text("utf-8")
    assert '"provenance": "icews"' in page
    export = CliRunner().invoke(app, ["export", str(out), "--to", "csv", "--output",
                                      str(tmp_path / "e.csv"), "--table", "mentions"])  # fmt: skip
    assert export.exit_code == 0, export.output
    assert "polecat" in (tmp_path / "e.csv").read_text("utf-8")
    rebuilt = CliRunner().invoke(app, ["build", str(examples_dir), "--out", str(out)])
    assert rebuilt.exit_code == 0 and "(0 new)" in rebuilt.stdout


def test_the_sector_file_maps_to_our_sectors() -> None:
    sectors = event_sectors()
    assert set(sectors.values()) <= set(knowledge.sectors())
    for label in sectors:
        assert label == label.lower().strip(), label
    # GDELT's CAMEO type codes, POLECAT's sector codes, ICEWS's sector names
    for label, sector in (("GOV", "GOV"), ("MIL", "MIL"), ("REB", "REB"), ("OPP", "OPP"),
                          ("BUS", "BUS"), ("MED", "MED"), ("NGO", "NGO"), ("IGO", "IGO"),
                          ("EXE", "GOV"), ("Legislative / Parliamentary", "LEG"),
                          ("Police", "COP"), ("Judicial", "JUD")):  # fmt: skip
        assert sector_of_labels(label) == sector, label
    assert sector_of_labels("Elite, Ideological") is None
    assert sector_of_labels("") is None


def test_sector_of_labels_in_order_or_by_precedence() -> None:
    assert sector_of_labels("MIL, GOV") == "MIL"  # GDELT's Type1 first
    assert sector_of_labels("Parties,Government", ordered=False) == "GOV"  # ICEWS: no order


def test_imported_actors_get_their_sectors() -> None:
    icews, _ = _records(ICEWS, "icews")
    sectors = {a.name: a.sector for r in icews for a in r.actors}
    assert sectors["Vladimir Putin"] == "GOV"  # Elite, Executive, Executive Office, Government
    assert sectors["Police (Nigeria)"] == "COP"
    assert sectors["Turkey"] is None  # a country is the state as a whole
    gdelt, _ = _records(GDELT, "gdelt")
    sectors = {a.id: a.sector for r in gdelt for a in r.actors}
    assert sectors["org:opec"] == "IGO" and sectors["USA"] is None


def test_import_resolves_the_store_as_a_build_does(tmp_path: Path) -> None:
    out = tmp_path / "store"
    out.mkdir()
    putin = Actor("person:putin", "Putin", "PERSON")
    turkey = Actor("TUR", "Turkey", "COUNTRY", "TUR")
    news = Extraction(
        Document("news-1", "Putin met Turkey.", "2016-03-05"),
        [putin, turkey],
        [Interaction("news-1", "Putin", "Turkey", "CONSULT", True, date="2016-03-05",
                     source_id=putin.id, target_id=turkey.id, source_type="PERSON",
                     target_type="COUNTRY", target_country="TUR")],
        {putin.id: 1, turkey.id: 1},
    )  # fmt: skip
    with Store(out / "actorgraph.db") as store:
        store.add_extractions([news])
    result = _import(out, ICEWS, "icews")
    assert result.exit_code == 1, result.output
    assert "resolved:" in result.stdout
    with Store(out / "actorgraph.db") as store:
        ends = {(i.doc_id, i.source_id, i.source_sector) for i in store.iter_interactions()}
        actors = {a.id: a for a in store.actors()}
    # the article's "Putin" is the record's Vladimir Putin, with his country and sector
    assert ("news-1", "person:vladimir putin", "GOV") in ends
    assert "person:putin" not in actors
    putin_actor = actors["person:vladimir putin"]
    assert (putin_actor.country, putin_actor.sector) == ("RUS", "GOV")
    assert ("icews-26112002", "org:police (nigeria)", "COP") in ends
