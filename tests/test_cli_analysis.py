"""The analysis commands (stats, actors, ego, path, timeline, export, html) on a hand-made store."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from actorgraph.cli import app
from actorgraph.graph import load_graph
from actorgraph.model import Actor, Document, Extraction, Interaction
from actorgraph.store import Store

USA = Actor("country:USA", "United States", "COUNTRY", "USA", ("US", "Washington"))
CHN = Actor("country:CHN", "China", "COUNTRY", "CHN", ("Beijing",))
RUS = Actor("country:RUS", "Russia", "COUNTRY", "RUS", ("Moscow", "the Kremlin"))
MACRON = Actor("person:macron", "Emmanuel Macron", "PERSON", "FRA", ("Macron",))
ERDOGAN = Actor("person:erdogan", "Recep Tayyip Erdoğan", "PERSON", "TUR", ("Erdoğan",))
UN = Actor("org:un", "[bold]United Nations[/bold]", "ORG", None, ("UN",))  # not markup!
LONE = Actor("org:lone", "Lone Org", "ORG", None)
ALL = [USA, CHN, RUS, MACRON, ERDOGAN, UN, LONE]


def _it(doc: str, date: str | None, src: Actor, tgt: Actor, kind: str, **kw: Any) -> Interaction:
    fields: dict[str, Any] = dict(
        doc_id=doc, date=date, source=src.name, target=tgt.name, type=kind, directed=True,
        source_id=src.id, target_id=tgt.id, source_type=src.type, target_type=tgt.type,
        source_country=src.country, target_country=tgt.country, trigger=kind.lower(),
        sentence=f"{src.name} {kind.lower()} {tgt.name}.", start=0, end=40, confidence=0.8,
    )  # fmt: skip
    fields.update(kw)
    return Interaction(**fields)


DOCS = {
    "d1": (
        "2024-01-10",
        [
            _it("d1", "2024-01-10", USA, CHN, "ACCUSE"),
            _it("d1", "2024-01-10", CHN, USA, "REJECT"),
            _it("d1", "2024-01-10", MACRON, ERDOGAN, "CONSULT", directed=False, mode="phone"),
        ],
    ),
    "d2": (
        "2024-01-11",
        [
            _it("d2", "2024-01-10", USA, CHN, "ACCUSE"),  # the same event as in d1
            _it("d2", "2024-01-11", RUS, ERDOGAN, "CONSULT", directed=False),
        ],
    ),
    "d3": (
        "2024-03-02",
        [
            _it("d3", "2024-03-02", USA, CHN, "AGREE", directed=False),
            _it("d3", "2024-03-02", UN, RUS, "REQUEST", status="planned"),
            _it("d3", "2024-03-02", MACRON, UN, "SUPPORT"),
        ],
    ),
    "d4": (None, [_it("d4", None, RUS, USA, "THREATEN", sentence="=cmd|' /C calc'!A0")]),
}


def _extractions() -> list[Extraction]:
    out = []
    for doc_id, (date, interactions) in DOCS.items():
        ids = {i.source_id for i in interactions} | {i.target_id for i in interactions}
        out.append(
            Extraction(
                document=Document(doc_id, f"text of {doc_id}", date),
                actors=[a for a in ALL if a.id in ids or (doc_id == "d4" and a is LONE)],
                interactions=interactions,
                mentions={aid: 1 for aid in ids},
            )
        )
    return out


N_INTERACTIONS = sum(len(its) for _, its in DOCS.values())  # 9, of which 8 distinct events


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store")
    with Store(out / "actorgraph.db") as store:
        store.add_extractions(_extractions())
    return out


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _run(runner: CliRunner, *args: Any, code: int = 0) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


def _json(runner: CliRunner, *args: Any) -> Any:
    result = runner.invoke(app, [str(a) for a in args] + ["--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- stats


def test_stats_json_counts(runner: CliRunner, store_dir: Path) -> None:
    report = _json(runner, "stats", store_dir)
    assert (report["documents"], report["actors"], report["interactions"]) == (4, 7, 9)
    assert report["events"] == 8
    assert report["weight"] == "events"
    assert report["top_actors"]["degree"][0]["score"] == 3.0
    assert report["betweenness"]["approximate"] is False
    assert report["communities"]["count"] >= 1
    assert report["reciprocity"]["mutual_pairs"] == 1  # US and China, both ways
    usa_chn = next(d for d in report["dyads"] if {d["source"], d["target"]} == {USA.id, CHN.id})
    assert (usa_chn["cooperation"], usa_chn["conflict"]) == (1, 2)
    assert usa_chn["direction"] == "toward cooperation"
    mentions = _json(runner, "stats", store_dir, "--weight", "mentions")
    pair = next(d for d in mentions["dyads"] if {d["source"], d["target"]} == {USA.id, CHN.id})
    assert pair["conflict"] == 3


def test_stats_same_as_the_store_counts(runner: CliRunner, store_dir: Path) -> None:
    report = _json(runner, "stats", store_dir / "actorgraph.db")
    with Store(store_dir, create=False) as store:
        assert {k: report[k] for k in ("documents", "actors", "interactions")} == store.counts()


def test_stats_tables(runner: CliRunner, store_dir: Path) -> None:
    out = _run(runner, "stats", store_dir)
    for word in (
        "top actors by degree",
        "communities",
        "brokers",
        "reciprocity",
        "cooperation vs conflict",
        "United States",
    ):
        assert word in out
    assert "[bold]United Nations[/bold]" in out  # shown as written, never as markup


@pytest.mark.parametrize(
    ("options", "interactions"),
    [
        (["--since", "2024-03"], 3),
        (["--until", "2024-01-10"], 4),
        (["--types", "ACCUSE,REJECT"], 3),
        (["--quad", "verbal-coop"], 4),
        (["--status", "planned"], 1),
        (["--country", "RUS"], 3),
        (["--min-weight", "2"], 4),  # US-China: 4 events
        (["--min-weight", "2", "--weight", "mentions"], 4),
        (["--country", "TUR", "--since", "2024-01-11"], 1),
    ],
)
def test_filters_apply_to_every_command(
    runner: CliRunner, store_dir: Path, options: list[str], interactions: int
) -> None:
    assert _json(runner, "stats", store_dir, *options)["interactions"] == interactions
    rows = _json(runner, "actors", store_dir, *options, "--limit", "0")
    assert sum(r["interactions"] for r in rows) == 2 * interactions  # both ends each


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "yesterday"], "since must be a date"),
        (["--types", "HUG"], "unknown event type HUG"),
        (["--quad", "coop"], "unknown quad class coop"),
        (["--status", "maybe"], "unknown status maybe"),
        (["--weight", "votes"], "weight must be one of"),
        (["--until", "2024-02-30"], "until must be a date"),
        (["--since", "2024-13"], "since must be a date"),
        (["--country", "XX"], "unknown country code XX"),
        (["--min-confidence", "1.5"], "min_confidence must be between 0 and 1"),
    ],
)
def test_bad_filters_are_one_line_errors(
    runner: CliRunner, store_dir: Path, options: list[str], message: str
) -> None:
    for command in ("stats", "actors", "export"):
        extra = ["--to", "json", "-o", str(store_dir / "x.json")] if command == "export" else []
        result = runner.invoke(app, [command, str(store_dir), *extra, *options])
        assert result.exit_code == 2, result.output
        assert message in result.output
        assert "Traceback" not in result.output


def test_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    for command in ("stats", "actors", "timeline"):
        result = runner.invoke(app, [command, str(tmp_path / "nowhere")])
        assert result.exit_code == 2
        assert "no actorgraph store" in result.output
    assert not (tmp_path / "nowhere").exists()  # reading never creates a store


# ---------------------------------------------------------------------------- actors


def test_actors_lists_everyone(runner: CliRunner, store_dir: Path) -> None:
    rows = _json(runner, "actors", store_dir)
    assert {r["id"] for r in rows} == {a.id for a in ALL}
    usa = next(r for r in rows if r["id"] == USA.id)
    assert usa == {
        "id": USA.id,
        "label": "United States",
        "type": "COUNTRY",
        "country": "USA",
        "country_source": "text",
        "aliases": ["US", "Washington"],
        "mentions": 4,
        "interactions": 5,
        "events": 4,
        "partners": 2,
    }
    assert rows[0]["id"] == USA.id  # most events first
    assert rows[-1]["id"] == LONE.id


def test_actors_query_forgives_case_and_accents(runner: CliRunner, store_dir: Path) -> None:
    assert [r["id"] for r in _json(runner, "actors", store_dir, "erdogan")] == [ERDOGAN.id]
    assert [r["id"] for r in _json(runner, "actors", store_dir, "KREMLIN")] == [RUS.id]
    out = _run(runner, "actors", store_dir, "beijing")
    assert "China" in out
    _run(runner, "actors", store_dir, "nobody at all", code=1)


# ---------------------------------------------------------------------------- ego, path


def test_ego_with_evidence(runner: CliRunner, store_dir: Path) -> None:
    report = _json(runner, "ego", store_dir, "erdogan")
    assert report["actor"]["id"] == ERDOGAN.id
    partners = {link["target"] for link in report["links"] if link["source"] == ERDOGAN.id}
    assert partners == {MACRON.id, RUS.id}
    macron = next(link for link in report["links"] if link["target"] == MACRON.id)
    assert macron["interactions"][0]["sentence"] == "Emmanuel Macron consult Recep Tayyip Erdoğan."
    assert macron["interactions"][0]["doc_id"] == "d1"
    wider = _json(runner, "ego", store_dir, ERDOGAN.id, "--radius", "2")
    assert len(wider["nodes"]) > len(report["nodes"])
    out = _run(runner, "ego", store_dir, "Macron", "--evidence", "1")
    assert "Recep Tayyip Erdoğan" in out and "[d1]" in out


def test_ego_of_an_unknown_actor(runner: CliRunner, store_dir: Path) -> None:
    result = runner.invoke(app, ["ego", str(store_dir), "Putin"])
    assert result.exit_code == 2
    assert "no actor matches 'Putin'" in result.output


def test_path_with_evidence(runner: CliRunner, store_dir: Path) -> None:
    report = _json(runner, "path", store_dir, "Washington", "Macron")
    steps = report["path"]
    assert steps[0]["source"] == USA.id and steps[-1]["target"] == MACRON.id
    assert len(steps) == 3  # US - Russia - (Erdoğan or UN) - Macron
    for step in steps:
        assert step["interactions"], step
    out = _run(runner, "path", store_dir, "Washington", "Macron")
    assert "3 link(s)" in out


def test_path_between_unconnected_actors(runner: CliRunner, store_dir: Path) -> None:
    result = runner.invoke(app, ["path", str(store_dir), "Lone Org", "China"])
    assert result.exit_code == 1
    assert "are not connected" in result.output
    result = runner.invoke(app, ["path", str(store_dir), "Lone Org", "China", "--json"])
    assert json.loads(result.stdout)["path"] is None


# ---------------------------------------------------------------------------- timeline


def test_timeline(runner: CliRunner, store_dir: Path) -> None:
    report = _json(runner, "timeline", store_dir)
    assert [(r["period"], r["total"]) for r in report["rows"]] == [
        ("2024-01", 4),
        ("2024-02", 0),
        ("2024-03", 3),
    ]
    assert report["undated"] == 1
    pair = _json(
        runner, "timeline", store_dir, "US", "China", "--period", "day", "--weight", "mentions"
    )
    assert pair["actors"] == [USA.id, CHN.id]
    assert pair["rows"][0] == {
        "period": "2024-01-10",
        "total": 3,
        "verbal-coop": 0,
        "material-coop": 0,
        "verbal-conf": 3,
        "material-conf": 0,
        "neutral": 0,
        "documents": 1,  # the documents of that day: 3 interactions per document
        "per_100_documents": 300.0,
    }
    one = _json(runner, "timeline", store_dir, "Russia", "--period", "week")
    assert one["total"] == 3 and one["undated"] == 1
    assert "2024-01" in _run(runner, "timeline", store_dir)
    _run(runner, "timeline", store_dir, "a", "b", "c", code=2)


# ---------------------------------------------------------------------------- export


def _stored_graph(store_dir: Path, **filters: Any) -> nx.MultiDiGraph:
    return load_graph(store_dir, **filters)


def test_export_graphml_and_gexf_and_json(
    runner: CliRunner, store_dir: Path, tmp_path: Path
) -> None:
    graph = _stored_graph(store_dir)
    for fmt in ("graphml", "gexf", "json"):
        out = tmp_path / f"g.{fmt}"
        result = runner.invoke(app, ["export", str(store_dir), "--to", fmt, "--output", str(out)])
        assert result.exit_code == 0, result.output
        if fmt == "graphml":
            back = nx.read_graphml(out, force_multigraph=True)
        elif fmt == "gexf":
            back = nx.read_gexf(out)
        else:
            back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
        assert set(back) == set(graph)
        assert back.number_of_edges() == graph.number_of_edges() == N_INTERACTIONS
        for node, attrs in graph.nodes(data=True):
            got = {k: v for k, v in back.nodes[node].items() if k != "start"}
            assert got == attrs, (fmt, node)


def test_export_filtered_csv_tables(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    _run(runner, "export", store_dir, "--to", "csv", "--output", out, "--types", "ACCUSE")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    assert (rows[0]["mentions"], rows[0]["documents"], rows[0]["doc_ids"]) == ("2", "2", "d1; d2")
    out = tmp_path / "mentions.csv"
    _run(runner, "export", store_dir, "--to", "csv", "--table", "mentions", "--output", out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == N_INTERACTIONS
    threat = next(r for r in rows if r["type"] == "THREATEN")
    assert threat["sentence"] == "'=cmd|' /C calc'!A0"


def test_export_parquet(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "m.parquet"
    _run(runner, "export", store_dir, "--to", "parquet", "--table", "mentions", "--output", out)
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == N_INTERACTIONS
    assert {r["sentence"] for r in rows if r["type"] == "THREATEN"} == {"=cmd|' /C calc'!A0"}


def test_export_cypher(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "load.cypher"
    _run(runner, "export", store_dir, "--to", "cypher", "--output", out)
    text = out.read_text(encoding="utf-8")
    assert text.count("MERGE (a:Actor {id: row.id})") == 1
    assert "'[bold]United Nations[/bold]'" in text


def test_export_bad_format(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", str(store_dir), "--to", "xlsx", "--output", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 2
    assert "unknown export format 'xlsx'" in result.output


# ---------------------------------------------------------------------------- html


def test_html_with_filters(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    _run(runner, "html", store_dir, "--output", out, "--types", "ACCUSE", "--title", "US & China")
    page = out.read_text(encoding="utf-8")
    assert "US &amp; China" in page
    assert "United States" in page and "Emmanuel Macron" not in page


def test_html_default_output_beside_the_store(
    runner: CliRunner, store_dir: Path, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(store_dir, copy)
    _run(runner, "html", copy / "actorgraph.db")
    assert (copy / "graph.html").is_file()


# ---------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_build_examples_then_analyse(runner: CliRunner, examples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(runner, "build", examples_dir, "--out", out)
    report = _json(runner, "stats", out)
    with Store(out, create=False) as store:
        assert {k: report[k] for k in ("documents", "actors", "interactions")} == store.counts()
    assert report["documents"] == 3 and report["interactions"] > 0
    top = report["top_actors"]["degree"][0]["id"]
    assert _json(runner, "ego", out, top)["links"]
    gexf = tmp_path / "g.gexf"
    _run(runner, "export", out, "--to", "gexf", "--output", gexf)
    assert nx.read_gexf(gexf).number_of_edges() == report["interactions"]
    assert _json(runner, "timeline", out)["total"] == report["events"]


@pytest.mark.slow
def test_html_levels_embed_countries_and_sectors(tmp_path, examples_dir) -> None:
    import re

    from typer.testing import CliRunner

    from actorgraph.cli import app

    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(examples_dir), "--out", str(out)]).exit_code == 0
    page = tmp_path / "levels.html"
    result = runner.invoke(app, ["html", str(out), "--levels", "-o", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert 'data-first="actors"' in text
    assert re.findall(r'data-level="([^"]+)"', text) == ["countries", "countries and sectors"]
    plain = tmp_path / "plain.html"
    assert runner.invoke(app, ["html", str(out), "-o", str(plain)]).exit_code == 0
    assert "data-level=" not in plain.read_text(encoding="utf-8")
