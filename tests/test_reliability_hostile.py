"""Hostile article text and actor names survive every export and the page, inert."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from actorgraph.cli import app
from actorgraph.model import Actor, Document, Extraction, Interaction
from actorgraph.store import Store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULA = "=cmd|' /C calc'!A0"
QUOTES = 'Ali "The Hammer" O\'Neil \\ Jr.\\'
SENTENCE = f"{SCRIPT} then {IMG}, {FORMULA} and {QUOTES} \u2028 </SCRIPT > \x0c end"
HOSTILE = (SCRIPT, IMG, FORMULA, QUOTES)

ARTICLE = (
    "date 2024-03-01 Wire\n"
    f"Kenya accused Uganda of {SCRIPT} meddling on Monday.\n\n"
    f"Tanzania and Rwanda signed {IMG} a trade agreement {FORMULA} on Tuesday.\n\n"
    f'"{FORMULA}" said the minister, and Kenya urged Uganda to stop.\n'
)


def _hostile_extraction() -> Extraction:
    evil = Actor('evil"\\<script>', SCRIPT, "PERSON", None, (IMG, FORMULA))
    quoted = Actor("quote'id", QUOTES, "ORG", "USA", (QUOTES + "x",))
    formula = Actor("=formula", FORMULA, "ORG", None, ())
    doc = Document("<b>doc</b>", SENTENCE, "2024-03-02", title=FORMULA, origin=IMG)

    def it(src: Actor, tgt: Actor, kind: str, start: int) -> Interaction:
        return Interaction(
            doc_id=doc.id, source=src.name, target=tgt.name, type=kind, directed=True,
            date="2024-03-02", source_id=src.id, target_id=tgt.id, source_type=src.type,
            target_type=tgt.type, source_country=src.country, target_country=tgt.country,
            trigger=IMG, sentence=SENTENCE, start=start, end=start + len(SENTENCE),
        )  # fmt: skip

    return Extraction(
        document=doc,
        actors=[evil, quoted, formula],
        interactions=[it(evil, quoted, "ACCUSE", 0), it(formula, evil, "THREATEN", 1)],
        mentions={evil.id: 2, quoted.id: 1, formula.id: 1},
    )


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built store: a hostile article through the real pipeline, plus hostile actors."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "hostile.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(root / "hostile.txt"), "--out",
                                      str(root / "out")])  # fmt: skip
    assert result.exit_code == 0, result.output
    with Store(root / "out", lock=True) as store:
        assert store.counts()["interactions"] > 0  # the article's own sentences
        store.add_extractions([_hostile_extraction()])
    return root / "out"


def _export(store: Path, fmt: str, target: Path, *extra: str) -> Path:
    result = CliRunner().invoke(
        app, ["export", str(store), "--to", fmt, "--output", str(target), *extra]
    )
    assert result.exit_code == 0, result.output
    assert target.exists()
    return target


def _strings(graph: nx.Graph) -> set[str]:
    found = {str(n) for n in graph.nodes}
    for _, attrs in graph.nodes(data=True):
        found |= {v for v in attrs.values() if isinstance(v, str)}
    for *_, attrs in graph.edges(data=True):
        found |= {v for v in attrs.values() if isinstance(v, str)}
    return found


def _expect_exact(found: set[str], *, xml: bool = False) -> None:
    """Every hostile string is there, exactly, as a whole value."""
    sentence = SENTENCE.replace("\x0c", "\ufffd") if xml else SENTENCE
    for value in (*HOSTILE, sentence, 'evil"\\<script>', "quote'id", "<b>doc</b>"):
        assert value in found, value


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports(hostile_store: Path, tmp_path: Path, fmt: str) -> None:
    path = _export(hostile_store, fmt, tmp_path / f"g.{fmt}")
    raw = path.read_text(encoding="utf-8")
    ET.fromstring(raw.encode("utf-8"))  # well-formed, whatever the text held
    assert "<script" not in raw and "<img" not in raw
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    _expect_exact(_strings(graph), xml=True)


@pytest.mark.slow
def test_node_link_json(hostile_store: Path, tmp_path: Path) -> None:
    path = _export(hostile_store, "json", tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="edges")
    _expect_exact(_strings(graph))


@pytest.mark.slow
@pytest.mark.parametrize("table", ["events", "mentions", "edges", "actors"])
def test_csv_cells_are_never_formulas(hostile_store: Path, tmp_path: Path, table: str) -> None:
    path = _export(hostile_store, "csv", tmp_path / f"{table}.csv", "--table", table)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [c for row in rows[1:] for c in row]
    assert cells
    for cell in cells:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    # defused by one leading quote, otherwise whole
    restored = {c[1:] if c.startswith("'") and c[1:2] in "=+-@\t\r" else c for c in cells}
    wanted = {"actors": (SCRIPT, FORMULA, QUOTES), "edges": (SCRIPT, FORMULA, QUOTES)}
    for value in wanted.get(table, (*HOSTILE, SENTENCE)):
        assert any(value == c or value in c.split("; ") for c in restored), value


@pytest.mark.slow
def test_parquet(hostile_store: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = _export(hostile_store, "parquet", tmp_path / "m.parquet", "--table", "mentions")
    rows = pq.read_table(path).to_pylist()
    found = {v for row in rows for v in row.values() if isinstance(v, str)}
    _expect_exact(found)


_CYPHER_LITERAL = re.compile(r"'((?:[^'\\]|\\.)*)'", re.S)
_CYPHER_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code.startswith("u"):
            return chr(int(code[1:], 16))
        return _CYPHER_ESCAPES[code]

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", one, body, flags=re.S)


@pytest.mark.slow
def test_cypher(hostile_store: Path, tmp_path: Path) -> None:
    path = _export(hostile_store, "cypher", tmp_path / "g.cypher")
    script = path.read_text(encoding="utf-8")
    literals = {_unescape(m.group(1)) for m in _CYPHER_LITERAL.finditer(script)}
    _expect_exact(literals)
    # Outside string literals there is only the script's own code.
    code = _CYPHER_LITERAL.sub("''", script)
    for word in ("alert", "calc", "script", "Hammer", "onerror"):
        assert word not in code, word
    code = "\n".join(ln for ln in code.splitlines() if not ln.startswith("//"))
    statements = [s.strip() for s in code.split(";") if s.strip()]
    assert all(s.startswith(("CREATE CONSTRAINT", "UNWIND")) for s in statements), statements


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.data: str | None = None
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_data = tag == "script" and ("id", "graph-data") in attrs

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data = (self.data or "") + data

    def handle_endtag(self, tag: str) -> None:
        self._in_data = False


@pytest.mark.slow
def test_page(hostile_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    result = CliRunner().invoke(
        app, ["html", str(hostile_store), "--output", str(target), "--title", SCRIPT + QUOTES]
    )
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    for value in (SCRIPT, IMG, "onerror=alert(1)>", "</SCRIPT >"):
        assert value not in html, value
    parser = _Tags()
    parser.feed(html)
    assert "img" not in parser.tags
    assert parser.data is not None
    data = json.loads(parser.data)
    found = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    for value in (SCRIPT, IMG, FORMULA, QUOTES, SENTENCE, "<b>doc</b>"):
        assert value in found, value


@pytest.mark.slow
def test_outputs_go_exactly_where_asked(hostile_store: Path, tmp_path: Path) -> None:
    """Exports write the file named and nothing else; a build writes only into --out."""
    before = {p.name for p in hostile_store.iterdir()}
    target = tmp_path / "deep" / "er" / "g.graphml"
    _export(hostile_store, "graphml", target)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["g.graphml"]
    assert {p.name for p in hostile_store.iterdir()} == before
    assert before <= {"actorgraph.db", "graph.html", "actorgraph.db-wal", "actorgraph.db-shm"}
