"""Property-based tests: arbitrary Unicode never crashes reading, extraction, storing, pages."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from actorgraph.export import csv_cell, export_graph
from actorgraph.extract import extract_doc
from actorgraph.ingest import ReadReport, read_documents
from actorgraph.model import Document
from actorgraph.pipeline import build
from actorgraph.render import render_html
from actorgraph.store import Store

FAST = settings(max_examples=60, deadline=None)
SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Strings that have broken text tools before: controls, bidi marks, joiners, emoji,
#: combining marks, BOMs, line and paragraph separators, markup, NUL.
NASTY = [
    "\u202e\u2066RTL\u2069", "\u200f\u200e", "\u200d\U0001f469\u200d\U0001f52c", "e\u0301\u0301",
    "\ufeff", "\u2028\u2029", "\x00", "\x0b\x0c\x1b", "\r\n\r", "</script>", "]]>", "&#0;",
    "\U0010fffd", "\ufffe\uffff", "\t\t", " \n\n ", "Mr.", "U.S.", "'s", "--", "=1+1", "@x",
]  # fmt: skip

# (no lone surrogates: no decoded file holds one, and spaCy cannot encode them)
long_token = st.builds(lambda ch, n: ch * n, st.characters(exclude_categories=["Cs"]),
                       st.integers(500, 5000))  # fmt: skip
words = st.one_of(st.text(max_size=12), st.sampled_from(NASTY), st.sampled_from(
    ["Kenya", "Uganda", "signed", "accused", "met", "Joe Biden", "the", "and", ".", "\n\n"]
))  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(words, max_size=60).map(" ".join),
    st.lists(st.one_of(words, long_token), max_size=4).map(" ".join),
)


def _read(paths: list[Path]) -> tuple[list[Document], ReadReport]:
    report = ReadReport()
    return list(read_documents(paths, report=report)), report


# --- reading ---------------------------------------------------------------------------


@FAST
@given(data=st.one_of(texts.map(lambda t: t.encode("utf-8")), st.binary(max_size=500)))
def test_any_txt_file_is_a_document_or_a_skip(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.txt"
        path.write_bytes(data)
        docs, report = _read([path])
    assert len(docs) + len(report.skipped) == 1
    for doc in docs:
        doc.text.encode("utf-8")  # storable
        assert doc.text.strip()


json_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts,
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers()),
)  # fmt: skip


@FAST
@given(
    records=st.lists(
        st.one_of(
            st.fixed_dictionaries({}, optional={"id": json_values, "text": json_values,
                                                "date": json_values, "title": json_values}),
            json_values,
        ),
        max_size=8,
    ),
    surrogate=st.booleans(),
)  # fmt: skip
def test_any_jsonl_line_is_a_document_or_a_skip(records: list[object], surrogate: bool) -> None:
    lines = [json.dumps(r) for r in records]
    if surrogate:  # JSON may escape a lone surrogate; Python decodes it as one
        lines.append('{"id": "\\ud83d", "text": "half \\udc00 a pair"}')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8")
        docs, report = _read([path])
    content = [ln for ln in lines if ln.strip()]
    whole_file_skipped = not content
    assert len(docs) + len(report.skipped) == max(len(content), int(whole_file_skipped))
    for doc in docs:
        (doc.id + doc.text + (doc.title or "")).encode("utf-8")


@FAST
@given(rows=st.lists(st.lists(texts, min_size=2, max_size=2), max_size=6))
def test_any_csv_row_is_a_document_or_a_skip(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        docs, report = _read([path])
    assert len(docs) + len(report.skipped) >= 1
    texts_read = [d.text for d in docs]
    for text in texts_read:
        assert text.strip()


# --- extraction ------------------------------------------------------------------------


@FAST
@given(text=texts, date=st.one_of(st.none(), st.just("2024-02-29")))
def test_extraction_never_crashes(nlp: Language, text: str, date: str | None) -> None:
    document = Document("fuzz", text, date)
    extraction = extract_doc(document, nlp(text))
    for it in extraction.interactions:
        assert 0 <= it.start <= it.end <= len(text)
        assert it.source_id != it.target_id
    for actor in extraction.actors:
        assert actor.id and isinstance(actor.name, str)


# --- the page and the exports ----------------------------------------------------------


def _graph(names: list[str], sentence: str) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n, name in enumerate(names):
        g.add_node(f"a{n}{name}", label=name, type="PERSON", country=name[:3], aliases=name,
                   mentions=n)  # fmt: skip
    nodes = list(g.nodes)
    for u, v in zip(nodes, nodes[1:], strict=False):
        g.add_edge(u, v, type="ACCUSE", quad="verbal-conf", status="occurred",
                   date="2024-03-01", directed=True, mode="", trigger=sentence[:20],
                   sentence=sentence, doc_id=sentence[:10])  # fmt: skip
    return g


@FAST
@given(names=st.lists(texts, min_size=1, max_size=4), sentence=texts, title=texts)
def test_page_never_crashes_and_keeps_text_inert(
    names: list[str], sentence: str, title: str
) -> None:
    html = render_html(_graph(names, sentence), title=title)
    block = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', html, flags=re.S
    )
    assert block, "no graph-data block"
    assert "<" not in block.group(1)  # nothing in the data can close the script element
    data = json.loads(block.group(1))
    labels = {n["label"] for n in data["nodes"]}
    assert labels <= set(names) | {n for n in (f"a{i}{x}" for i, x in enumerate(names))}


@FAST
@given(names=st.lists(texts, min_size=1, max_size=3), sentence=texts)
def test_exports_of_any_text_parse_back(names: list[str], sentence: str) -> None:
    graph = _graph(names, sentence)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("graphml", "gexf"):
            path = export_graph(graph, Path(tmp) / f"g.{fmt}")
            ET.parse(path)  # well-formed XML
            back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
            assert back.number_of_nodes() == graph.number_of_nodes()
            assert back.number_of_edges() == graph.number_of_edges()
        path = export_graph(graph, Path(tmp) / "m.csv", table="mentions")
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                assert all(c[:1] not in ("=", "+", "-", "@", "\t", "\r") for c in row)
        path = export_graph(graph, Path(tmp) / "g.json")
        json.loads(path.read_text(encoding="utf-8"))


@FAST
@given(value=st.one_of(texts, st.integers(), st.none()))
def test_csv_cell_never_starts_a_formula(value: object) -> None:
    cell = csv_cell(value)
    if isinstance(cell, str):
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


# --- the whole build -------------------------------------------------------------------


@pytest.mark.slow
@SLOW
@given(articles=st.lists(texts, min_size=1, max_size=5))
def test_every_document_read_is_stored_or_reported(nlp: Language, articles: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in"
        corpus.mkdir()
        for n, text in enumerate(articles):
            (corpus / f"doc{n}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        report = ReadReport()
        result = build([corpus], Path(tmp) / "out", report=report)
        with Store(result.store_path, create=False) as store:
            stored = {d["id"] for d in store.documents()}
            assert store.verify() == []
        skipped = {Path(s.origin).name.removesuffix(".txt") for s in report.skipped}
        assert stored | skipped == {f"doc{n}" for n in range(len(articles))}
        assert not stored & skipped
        assert len(stored) == report.documents
        assert result.html_path.exists()
