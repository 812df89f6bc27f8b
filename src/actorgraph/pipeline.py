"""The build as named stages: read, extract, store, graph, render; each callable alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from actorgraph.extract import extract_documents
from actorgraph.graph import build_multigraph, weighted_view
from actorgraph.ingest import ReadReport, read_documents
from actorgraph.model import Document, Extraction
from actorgraph.nlp import load_pipeline
from actorgraph.render import write_html
from actorgraph.store import Store

DB_NAME = "actorgraph.db"
HTML_NAME = "graph.html"
STORE_BATCH = 64

Progress = Callable[[int], None]


@dataclass
class BuildResult:
    """What a build wrote and found."""

    store_path: Path
    html_path: Path
    counts: dict[str, int]
    new_documents: int
    top_actors: list[tuple[str, int]] = field(default_factory=list)
    report: ReadReport = field(default_factory=ReadReport)


def count_documents(paths: Iterable[str | Path], *, text_column: str = "text") -> int:
    """Count the documents a build would read (a fast pass that parses nothing)."""
    return sum(1 for _ in read_documents(paths, text_column=text_column, report=ReadReport()))


def extract_events(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    batch_size: int = 32,
    workers: int = 1,
) -> Iterator[Extraction]:
    """Parse and extract documents; yield one Extraction each, in input order."""
    nlp = load_pipeline(model)
    yield from extract_documents(documents, nlp, batch_size=batch_size, n_process=workers)


def _batches(items: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    batch: list[Extraction] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def store_graph(store: Store) -> nx.MultiDiGraph:
    """The multigraph of everything in a store."""
    return build_multigraph(
        store.actors(), store.iter_interactions(), mentions=store.mention_counts()
    )


def top_actors(graph: nx.MultiDiGraph, n: int = 5) -> list[tuple[str, int]]:
    """Actors with the most interaction partners, as (name, partners)."""
    view = weighted_view(graph)
    ranked = sorted(view.degree(), key=lambda kv: (-kv[1], str(kv[0])))
    return [(view.nodes[node].get("label", node), deg) for node, deg in ranked[:n] if deg > 0]


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path = "actorgraph-out",
    *,
    model: str | None = None,
    text_column: str = "text",
    batch_size: int = 32,
    workers: int = 1,
    report: ReadReport | None = None,
    progress: Progress | None = None,
    title: str = "actorgraph",
) -> BuildResult:
    """Read documents, extract interactions, store them and write the HTML page.

    Documents already in the store with the same content are not parsed again, so a
    build can be re-run on a growing corpus, or after an interruption.

    Parameters
    ----------
    paths : iterable of str or Path
        Files, directories, or "-" for standard input.
    out_dir : str or Path
        Directory for ``actorgraph.db`` and ``graph.html``; created when missing.
    progress : callable, optional
        Called with the number of documents done since the last call.
    """
    report = report if report is not None else ReadReport()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Store(out / DB_NAME) as store:

        def fresh() -> Iterator[Document]:
            for doc in read_documents(paths, text_column=text_column, report=report):
                if store.has_document(doc):
                    if progress:
                        progress(1)
                    continue
                yield doc

        new = 0
        extractions = extract_events(fresh(), model=model, batch_size=batch_size, workers=workers)
        for batch in _batches(extractions, STORE_BATCH):
            new += store.add_extractions(batch)
            if progress:
                progress(len(batch))
        graph = store_graph(store)
        counts = store.counts()
    html_path = write_html(graph, out / HTML_NAME, title=title)
    return BuildResult(
        store_path=out / DB_NAME,
        html_path=html_path,
        counts=counts,
        new_documents=new,
        top_actors=top_actors(graph),
        report=report,
    )
