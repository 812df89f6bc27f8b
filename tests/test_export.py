"""Exports read back with networkx (and csv, pyarrow, a small Cypher reader) lose nothing."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from actorgraph.export import (
    EDGE_FIELDS,
    EVENT_FIELDS,
    MENTION_FIELDS,
    ExportError,
    csv_cell,
    cypher_script,
    cypher_string,
    event_rows,
    export_graph,
    mention_rows,
    plain_value,
)
from actorgraph.graph import build_multigraph
from actorgraph.model import Actor, Interaction

NASTY = 'O\'Brien \\ "the" <Boss> & {x}\n\ttab'

ACTORS = [
    Actor("country:RUS", "Russia", "COUNTRY", "RUS", ("Moscow", "the Kremlin")),
    Actor("person:obrien", NASTY, "PERSON", None, ("O'Brien", "back\\slash")),
    Actor("org:eq", "=SUM(A1)", "ORG", None),
    Actor("person:zé", "José Ñúñez", "PERSON", "ESP"),
    Actor("org:alone", "Alone Org", "ORG"),  # takes part in nothing
]


def _it(src: Actor, tgt: Actor, kind: str, doc: str, **kw: Any) -> Interaction:
    fields: dict[str, Any] = dict(
        doc_id=doc, source=src.name, target=tgt.name, type=kind, directed=True,
        source_id=src.id, target_id=tgt.id, source_type=src.type, target_type=tgt.type,
        source_country=src.country, target_country=tgt.country, trigger="said",
        sentence=f"{src.name} said something about {tgt.name}.", start=10, end=60,
        confidence=0.75,
    )  # fmt: skip
    fields.update(kw)
    return Interaction(**fields)


RUS, OB, EQ, ZE, _ = ACTORS
INTERACTIONS = [
    _it(RUS, OB, "ACCUSE", "d1", date="2024-03-01", trigger='"accused"'),
    _it(RUS, OB, "ACCUSE", "d2", date="2024-03-01", sentence="-1 day: it's \\ back"),
    _it(OB, RUS, "CONSULT", "d2", directed=False, mode="phone", date="2024-03-02"),
    _it(EQ, ZE, "AID", "d3", status="planned", sentence='=HYPERLINK("x")', start=0, end=0),
    _it(ZE, ZE, "STATEMENT", "d3", confidence=0.2),  # a self-loop
]


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = build_multigraph(ACTORS, INTERACTIONS, mentions={"country:RUS": 3}, evidence=True)
    g.graph["documents"] = 3
    return g


def _edges(g: nx.MultiDiGraph) -> dict[tuple[str, str, Any], dict[str, Any]]:
    return {(u, v, k): dict(d) for u, v, k, d in g.edges(keys=True, data=True)}


def _assert_same_graph(back: nx.MultiDiGraph, graph: nx.MultiDiGraph) -> None:
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert back.number_of_edges() == graph.number_of_edges()
    assert _edges(back) == _edges(graph)


def test_graph_has_every_field_of_the_record(graph: nx.MultiDiGraph) -> None:
    data = graph.get_edge_data("country:RUS", "person:obrien")[0]
    assert (data["sentence_start"], data["sentence_end"], data["confidence"]) == (10, 60, 0.75)
    assert data["event"] == graph.get_edge_data("country:RUS", "person:obrien")[1]["event"]
    for _, _, d in graph.edges(data=True):
        assert None not in d.values()


def test_graphml_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = export_graph(graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.is_directed() and back.is_multigraph()
    # GraphML keeps types: ints, floats and booleans come back as such
    _assert_same_graph(back, graph)
    data = back.get_edge_data("person:obrien", "country:RUS")[0]
    assert data["directed"] is False and data["mode"] == "phone"
    assert back.nodes["person:obrien"]["label"] == NASTY


def test_gexf_round_trip_with_dates(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = export_graph(graph, tmp_path / "g.gexf")
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(path)
    assert back.graph["mode"] == "dynamic"
    # Node attributes: all of them, plus the date of the actor's first dated interaction.
    for node, attrs in graph.nodes(data=True):
        got = dict(back.nodes[node])
        start = got.pop("start", None)
        assert got == attrs, node
        assert start == {"country:RUS": "2024-03-01", "person:obrien": "2024-03-01"}.get(node)
    # Edges: every attribute, with the GEXF-reserved `type` under `event_type`, the
    # date as the edge's start and end for Gephi's timeline, and GEXF's own `id`.
    assert back.number_of_edges() == graph.number_of_edges()
    for (u, v, key), attrs in _edges(graph).items():
        got = dict(
            back.edges[u, v, str(key)] if (u, v, str(key)) in back.edges else back.edges[u, v, key]
        )
        got.pop("id")
        assert got.pop("event_type") == attrs.pop("type")
        if attrs["date"]:
            assert (got.pop("start"), got.pop("end")) == (attrs["date"], attrs["date"])
        assert "start" not in got and "end" not in got
        assert got == attrs


def test_node_link_json_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = export_graph(graph, tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert back.is_directed() and back.is_multigraph()
    assert back.graph == graph.graph
    _assert_same_graph(back, graph)


def test_exports_of_attributes_graphml_cannot_hold(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", tags=["x", "y"], extra=None, info={"k": 1})
    g.add_edge("a", "a", types={"AID": 2})
    path = export_graph(g, tmp_path / "odd.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes["a"] == {"tags": '["x", "y"]', "extra": "", "info": '{"k": 1}'}
    assert json.loads(back.edges["a", "a", 0]["types"]) == {"AID": 2}
    export_graph(g, tmp_path / "odd.gexf")
    assert nx.read_gexf(tmp_path / "odd.gexf").nodes["a"]["tags"] == '["x", "y"]'


def test_plain_value() -> None:
    assert plain_value(None) == ""
    assert plain_value(True) is True
    assert plain_value(1.5) == 1.5
    assert plain_value(float("nan")) == "nan"
    assert plain_value({"b", "a"}) == '["a", "b"]'


# ---------------------------------------------------------------------------- tables


def test_mention_rows_are_the_event_records(graph: nx.MultiDiGraph) -> None:
    rows = mention_rows(graph)
    assert len(rows) == len(INTERACTIONS)
    by_doc = {(r["doc_id"], r["type"]): r for r in rows}
    for it in INTERACTIONS:
        row = by_doc[(it.doc_id, it.type)]
        assert list(row) == list(MENTION_FIELDS)
        record = it.to_record()
        record["source"] = graph.nodes[it.source_id]["label"]
        record["target"] = graph.nodes[it.target_id]["label"]
        assert {k: row[k] for k in record} == record
        assert row["quad"] == it.quad


def test_event_rows_group_mentions(graph: nx.MultiDiGraph) -> None:
    rows = event_rows(graph)
    assert len(rows) == 4
    accuse = next(r for r in rows if r["type"] == "ACCUSE")
    assert list(accuse) == list(EVENT_FIELDS)
    assert (accuse["mentions"], accuse["documents"], accuse["doc_ids"]) == (2, 2, "d1; d2")
    assert accuse["trigger"] == '"accused"'
    ids = {r["event_id"] for r in mention_rows(graph)}
    assert ids == {r["event_id"] for r in rows}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _as_csv_text(value: Any) -> str:
    value = csv_cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    return str(value)


@pytest.mark.parametrize(("table", "rows_of"), [("mentions", mention_rows), ("events", event_rows)])
def test_csv_tables_round_trip(
    graph: nx.MultiDiGraph, tmp_path: Path, table: str, rows_of: Any
) -> None:
    path = export_graph(graph, tmp_path / f"{table}.csv", table=table)
    back = _read_csv(path)
    expected = rows_of(graph)
    assert len(back) == len(expected)
    for got, want in zip(back, expected, strict=True):
        assert got == {k: _as_csv_text(v) for k, v in want.items()}


def test_csv_defuses_formulas(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = _read_csv(export_graph(graph, tmp_path / "m.csv", table="mentions"))
    aid = next(r for r in back if r["type"] == "AID")
    assert aid["source"] == "'=SUM(A1)"
    assert aid["sentence"] == '\'=HYPERLINK("x")'
    second = next(r for r in back if r["doc_id"] == "d2" and r["type"] == "ACCUSE")
    assert second["sentence"] == "'-1 day: it's \\ back"
    edges = _read_csv(export_graph(graph, tmp_path / "e.csv", table="edges"))
    assert "'=SUM(A1)" in {r["source"] for r in edges} | {r["target"] for r in edges}
    actors = _read_csv(export_graph(graph, tmp_path / "a.csv", table="actors"))
    assert {r["id"] for r in actors} == {a.id for a in ACTORS}


def test_edge_table(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = _read_csv(export_graph(graph, tmp_path / "e.csv", table="edges"))
    assert list(back[0]) == list(EDGE_FIELDS)
    pair = next(
        r for r in back if {r["source_id"], r["target_id"]} == {"country:RUS", "person:obrien"}
    )
    assert (pair["events"], pair["mentions"], pair["weight"]) == ("2", "3", "2")
    assert json.loads(pair["types"]) == {"ACCUSE": 1, "CONSULT": 1}
    assert (pair["first_date"], pair["last_date"]) == ("2024-03-01", "2024-03-02")
    by_mentions = _read_csv(
        export_graph(graph, tmp_path / "m.csv", table="edges", weight="mentions")
    )
    assert {r["weight"] for r in by_mentions if r["source_id"] == pair["source_id"]} == {"3"}


@pytest.mark.parametrize("table", ["mentions", "events", "edges", "actors"])
def test_parquet_round_trip(graph: nx.MultiDiGraph, tmp_path: Path, table: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from actorgraph.export import table_rows

    path = export_graph(graph, tmp_path / f"{table}.parquet", table=table)
    back = pq.read_table(path).to_pylist()
    assert back == table_rows(graph, table)  # no formula prefix: Parquet is not a sheet


def test_unknown_format_and_table(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        export_graph(graph, tmp_path / "g.xlsx")
    with pytest.raises(ExportError, match="unknown table"):
        export_graph(graph, tmp_path / "g.csv", table="nodes")


def test_format_from_the_extension(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    assert export_graph(graph, tmp_path / "sub" / "g.CQL").read_text().startswith("//")


# ---------------------------------------------------------------------------- Cypher


class _CypherReader:
    """Reads the literals of a Cypher script as Cypher defines them (strings with
    backslash escapes in single or double quotes, numbers, true/false/null, lists,
    maps with plain or backquoted keys)."""

    ESCAPES = {
        "\\": "\\",
        "'": "'",
        '"': '"',
        "n": "\n",
        "r": "\r",
        "t": "\t",
        "b": "\b",
        "f": "\f",
    }

    def __init__(self, text: str) -> None:
        self.text, self.i = text, 0

    def value(self) -> Any:
        self.skip()
        c = self.text[self.i]
        if c in "'\"":
            return self.string()
        if c == "[":
            return self.items("]", self.value)
        if c == "{":
            return dict(self.items("}", self.pair))
        m = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null").match(self.text, self.i)
        assert m, self.text[self.i : self.i + 30]
        self.i = m.end()
        word = m.group(0)
        if word in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[word]
        return float(word) if m.group(1) or m.group(2) else int(word)

    def string(self) -> str:
        quote = self.text[self.i]
        self.i += 1
        out = []
        while True:
            c = self.text[self.i]
            if c == quote:
                self.i += 1
                return "".join(out)
            assert c not in "\n\r", "raw line break inside a string literal"
            if c == "\\":
                nxt = self.text[self.i + 1]
                if nxt == "u":
                    out.append(chr(int(self.text[self.i + 2 : self.i + 6], 16)))
                    self.i += 6
                    continue
                assert nxt in self.ESCAPES, f"bad escape \\{nxt}"
                out.append(self.ESCAPES[nxt])
                self.i += 2
                continue
            out.append(c)
            self.i += 1

    def pair(self) -> tuple[str, Any]:
        self.skip()
        if self.text[self.i] == "`":
            end = self.i + 1
            while True:
                end = self.text.index("`", end)
                if self.text[end : end + 2] == "``":
                    end += 2
                    continue
                break
            key = self.text[self.i + 1 : end].replace("``", "`")
            self.i = end + 1
        else:
            m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.text, self.i)
            assert m
            key, self.i = m.group(0), m.end()
        self.skip()
        assert self.text[self.i] == ":"
        self.i += 1
        return key, self.value()

    def items(self, close: str, item: Any) -> list[Any]:
        self.i += 1
        out: list[Any] = []
        self.skip()
        if self.text[self.i] == close:
            self.i += 1
            return out
        while True:
            out.append(item())
            self.skip()
            c = self.text[self.i]
            self.i += 1
            if c == close:
                return out
            assert c == ",", c

    def skip(self) -> None:
        while self.text[self.i].isspace():
            self.i += 1


def _read_cypher(script: str) -> nx.MultiDiGraph:
    """Rebuild the graph from the UNWIND statements of a script, checking their shape."""
    g = nx.MultiDiGraph()
    reader = _CypherReader(script)
    statements = 0
    while True:
        start = script.find("UNWIND ", reader.i)
        if start < 0:
            break
        reader.i = start + len("UNWIND ")
        rows = reader.value()
        rest = script[reader.i : script.index(";", reader.i) + 1]
        statements += 1
        if "MERGE (a:Actor {id: row.id})" in rest:
            for row in rows:
                g.add_node(row["id"], **row["props"])
        else:
            assert "MERGE (s)-[r:INTERACTION {id: row.id}]->(t)" in rest
            for row in rows:
                assert row["id"] not in {k for _, _, k in g.edges(keys=True)}
                g.add_edge(row["source"], row["target"], key=row["id"], **row["props"])
        reader.i += len(rest)
    assert statements > 0
    return g


@pytest.mark.parametrize(
    "text",
    ["O'Brien", 'say "hi"', "back\\slash", "\\'", "end\\", "\\u0027", "line\nbreak\r\t",
     "bell\x07", "`tick`", "; MATCH (n) DETACH DELETE n; //", "Ñúñez 北京", "\u2028"],
)  # fmt: skip
def test_cypher_string_escapes(text: str) -> None:
    literal = cypher_string(text)
    assert literal[0] == literal[-1] == "'"
    reader = _CypherReader(literal)
    assert reader.string() == text
    assert reader.i == len(literal)  # the literal ends where it should, nothing leaks out
    assert "\n" not in literal and "\r" not in literal


def test_cypher_script_round_trip(graph: nx.MultiDiGraph) -> None:
    script = cypher_script(graph, batch=2)  # several batches
    assert script.count("UNWIND") == 3 + 3  # 5 actors and 5 interactions, 2 a batch
    assert "CREATE CONSTRAINT actor_id IF NOT EXISTS" in script
    back = _read_cypher(script)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    got = sorted((u, v, sorted(d.items())) for u, v, d in back.edges(data=True))
    want = sorted((u, v, sorted(d.items())) for u, v, d in graph.edges(data=True))
    assert got == want


def test_cypher_relationship_ids_are_stable_and_unique() -> None:
    g = nx.MultiDiGraph()
    for _ in range(2):  # two identical reports in one document
        g.add_edge("a", "b", type="AID", date="2024-01-01", doc_id="d1")
    ids = [k for _, _, k in _read_cypher(cypher_script(g)).edges(keys=True)]
    assert len(set(ids)) == 2
    assert ids == [k for _, _, k in _read_cypher(cypher_script(g)).edges(keys=True)]


def test_cypher_export_file(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = export_graph(graph, tmp_path / "load.cypher", "cypher")
    text = path.read_text(encoding="utf-8")
    assert text == cypher_script(graph)
    assert NASTY not in text  # the raw name, with its line break, never appears
