"""The build as named stages: read, extract, store, graph, render; each callable alone."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx

from actorgraph.corrections import built_with, store_dictionary
from actorgraph.dask_engine import dask_stream
from actorgraph.dictionary import load_dictionary
from actorgraph.engine import (
    DEFAULT_PARSE,
    ENGINES,
    EngineError,
    ExtractionSettings,
    TextProgress,
    batches,
    default_workers,
    extract_stream,
)
from actorgraph.extract.decision import resolve_extractor_model
from actorgraph.filters import GraphFilter
from actorgraph.ingest import ReadOptions, ReadReport, Skip, collision_id, read_documents
from actorgraph.model import Document, Extraction
from actorgraph.render import write_store_page
from actorgraph.resolve import Resolution, resolve_store
from actorgraph.store import Store

DB_NAME = "actorgraph.db"
HTML_NAME = "graph.html"
PARTS_NAME = "parts"

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
    resolution: Resolution | None = None


def count_documents(
    paths: Iterable[str | Path],
    *,
    text_column: str = "text",
    read_options: ReadOptions | None = None,
) -> int:
    """Count the documents a build would read (a fast pass that parses nothing).

    Languages are not told in this pass (it is for a progress bar): documents that
    the build then skips for their language are counted.
    """
    return measure_input(paths, text_column=text_column, read_options=read_options)[0]


def measure_input(
    paths: Iterable[str | Path],
    *,
    text_column: str = "text",
    read_options: ReadOptions | None = None,
) -> tuple[int, int]:
    """The documents a build would read and their characters of text, in one fast pass.

    As :func:`count_documents`; the characters are the total of a progress bar that
    moves inside long documents too (see ``text_progress`` of :func:`build`).
    """
    options = read_options or ReadOptions(text_column=text_column)
    options = replace(options, languages=None)
    documents = characters = 0
    for doc in read_documents(paths, report=ReadReport(), options=options):
        documents += 1
        characters += len(doc.text)
    return documents, characters


def read_options_for(
    model: str | None,
    *,
    text_column: str = "text",
    date_field: str | None = None,
    dayfirst: bool = False,
    join_lines: bool = True,
) -> ReadOptions:
    """Reading options for a pipeline: documents in other languages than its own skipped.

    Parameters
    ----------
    model : str or None
        The spaCy pipeline (None: the default English one); its language is the one read.
    text_column, date_field, dayfirst, join_lines
        The other :class:`actorgraph.ingest.ReadOptions` fields.
    """
    from actorgraph.language import pipeline_language

    lang = pipeline_language(model)
    return ReadOptions(
        text_column=text_column,
        date_field=date_field,
        dayfirst=dayfirst,
        join_lines=join_lines,
        languages=(lang,) if lang else None,
    )


def _settings(
    model: str | None,
    batch_size: int,
    parse: str,
    actors: str | Path | None,
    extractor_model: str | Path | None = None,
) -> ExtractionSettings:
    """Extraction settings; a user actor dictionary and an extractor model are checked
    here, before any work (one clear error, not one per worker)."""
    if actors:
        load_dictionary(actors)
    if extractor_model is not None:
        resolve_extractor_model(extractor_model)
    return ExtractionSettings(
        model=model,
        batch_size=batch_size,
        parse=parse,
        actors=str(actors) if actors else None,
        extractor_model=str(extractor_model) if extractor_model is not None else None,
    )


def extract_events(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    batch_size: int = 32,
    workers: int | None = 1,
    parse: str = DEFAULT_PARSE,
    actors: str | Path | None = None,
    extractor_model: str | Path | None = None,
) -> Iterator[Extraction]:
    """Parse and extract documents; yield one Extraction each, in input order.

    Parameters
    ----------
    workers : int or None
        Worker processes (None: one per core); see :func:`actorgraph.engine.extract_stream`.
    parse : {"selective", "full"}
        Parse only the sentences that can hold an interaction, or every sentence.
    """
    settings = _settings(model, batch_size, parse, actors, extractor_model)
    yield from extract_stream(documents, settings, workers=workers or default_workers())


def extract_paths(
    paths: Iterable[str | Path],
    *,
    model: str | None = None,
    text_column: str = "text",
    batch_size: int = 32,
    workers: int | None = 1,
    parse: str = DEFAULT_PARSE,
    actors: str | Path | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    parts: str | Path | None = None,
    report: ReadReport | None = None,
    skip: Callable[[Document], bool] | None = None,
    admit: Callable[[Document], Document | None] | None = None,
    stored: dict[str, str] | None = None,
    extractor_model: str | Path | None = None,
    read_options: ReadOptions | None = None,
    text_progress: TextProgress | None = None,
) -> Iterator[Extraction]:
    """Read inputs and extract them on an engine; yield one Extraction per document, in order.

    Parameters
    ----------
    engine : {"local", "dask"}
        ``local`` parses on this machine with ``workers`` processes; ``dask`` on the
        Dask cluster at ``scheduler`` (or on a ``LocalCluster`` of ``workers``
        processes, 2 by default), which writes Parquet partitions under ``parts``.
    parts : str or Path, optional
        Where Dask workers write their partitions: a directory or an fsspec URL that
        the workers and this process can both reach. A temporary directory when not
        given (which only a ``LocalCluster`` can use).
    skip : callable, optional
        Documents for which it is true are not extracted (documents already stored).
    admit : callable, optional
        Each document goes through it; None leaves it out (stored already), else the
        document it returns is extracted (under another id when its own is another
        article's).
    stored : dict, optional
        For the Dask engine: documents already stored, id -> content hash.
    read_options : ReadOptions, optional
        How to read the input (date field, day-first dates, line joining, languages);
        by default :func:`read_options_for` the model.
    text_progress : callable, optional
        Called with the characters of text parsed since the last call, piece by piece
        inside a long document (see :func:`actorgraph.engine.extract_stream`); the
        local engine only (the Dask engine's workers do not report it).
    """
    if engine not in ENGINES:
        raise EngineError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    settings = _settings(model, batch_size, parse, actors, extractor_model)
    paths = list(paths)
    options = read_options or read_options_for(model, text_column=text_column)
    if engine == "local":
        documents = read_documents(paths, report=report, options=options)
        if skip is not None:
            documents = (doc for doc in documents if not skip(doc))
        if admit is not None:
            documents = (d for d in map(admit, documents) if d is not None)
        yield from extract_stream(
            documents, settings, workers=workers or default_workers(), text_progress=text_progress
        )
        return
    if any(str(p) == "-" for p in paths):
        raise EngineError("--engine dask reads files or URLs, not standard input")
    with tempfile.TemporaryDirectory(prefix="actorgraph-parts-") as tmp:
        yield from dask_stream(
            paths,
            settings,
            scheduler=scheduler,
            workers=workers,
            parts=str(parts or tmp),
            text_column=options.text_column,
            report=report,
            stored=stored,
            options=options,
            admit=admit,
        )


def stored_hashes(store: Store) -> dict[str, str]:
    """Every stored document's id and content hash."""
    return store.document_hashes()


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path = "actorgraph-out",
    *,
    model: str | None = None,
    text_column: str = "text",
    batch_size: int = 32,
    workers: int | None = 1,
    parse: str = DEFAULT_PARSE,
    actors: str | Path | None = None,
    infer_countries: bool | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    parts: str | Path | None = None,
    report: ReadReport | None = None,
    progress: Progress | None = None,
    title: str = "actorgraph",
    extractor_model: str | Path | None = None,
    min_confidence: float | None = None,
    read_options: ReadOptions | None = None,
    text_progress: TextProgress | None = None,
) -> BuildResult:
    """Read documents, extract interactions, store them and write the HTML page.

    Documents already in the store with the same content are not parsed again, so a
    build can be re-run on a growing corpus, or after an interruption; a document whose
    text changed is extracted again and replaces the old one. Documents stream through
    in batches (:data:`STORE_BATCH` per transaction), and the page and the top actors
    come from the summary graph (:func:`actorgraph.render.write_store_page`), so memory
    grows with the actors and the pairs of actors that interact, not with the documents.

    Parameters
    ----------
    paths : iterable of str or Path
        Files, directories, or "-" for standard input (local engine only).
    out_dir : str or Path
        Directory for ``actorgraph.db`` and ``graph.html``; created when missing.
    workers : int or None
        Worker processes for the local engine (None: one per core), or the size of the
        ``LocalCluster`` for the Dask engine without a scheduler.
    parse, engine, scheduler, parts
        See :func:`extract_paths`. With the Dask engine, ``parts`` defaults to
        ``OUT/parts``.
    progress : callable, optional
        Called with the number of documents done since the last call.
    text_progress : callable, optional
        Called with the characters of text done since the last call: as the parse goes
        on (piece by piece inside a long document, local engine only), and for the
        documents found stored already. Its total is the second figure of
        :func:`measure_input`.
    extractor_model : str or Path, optional
        A model folder written by ``actorgraph train``, or ``"rules"``; default: the
        model shipped with actorgraph.
    infer_countries : bool, optional
        Place people no text places by what their documents are about, marked
        "inferred" (see :func:`actorgraph.resolve.resolve_corpus`); None: as the store
        last said, else :data:`actorgraph.resolve.INFER_COUNTRIES`.
    min_confidence : float, optional
        Draw the page and rank the top actors from the interactions whose confidence
        is at least this; the store keeps every interaction (filter later with
        ``--min-confidence`` on the analysis commands).
    read_options : ReadOptions, optional
        See :func:`extract_paths`. ``report.undated`` lists the documents without a
        readable date, and ``report.stored_in`` counts per file the documents that are
        in the store after the build.
    """
    where = GraphFilter(min_confidence=min_confidence) if min_confidence is not None else None
    report = report if report is not None else ReadReport()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # The lock refuses a second build on this store while this one runs.
    with Store(out / DB_NAME, lock=True) as store:

        def admit(doc: Document) -> Document | None:
            """The document to extract (renamed when its id is another article's), or
            None when it is stored already."""
            origin = doc.origin or doc.id
            state, theirs = store.stored_as(doc)
            if state == "other":  # another file's article: keep both
                renamed = replace(doc, id=collision_id(doc))
                state, _ = store.stored_as(renamed)
                if state == "new":
                    report.warnings.append(
                        Skip(
                            origin,
                            f"id {doc.id} is taken by {theirs} (a different text): "
                            f"kept as {renamed.id}",
                        )
                    )
                doc = renamed
            if state == "same":
                report.note_stored(origin)
                if progress:
                    progress(1)
                if text_progress:
                    text_progress(len(doc.text))
                return None
            if state == "changed":
                report.replaced.append(
                    Skip(origin, f"replaced the stored {doc.id} (its text changed)")
                )
            return doc

        new = 0
        extractions = extract_paths(
            paths,
            model=model,
            text_column=text_column,
            batch_size=batch_size,
            workers=workers,
            parse=parse,
            actors=actors,
            engine=engine,
            scheduler=scheduler,
            parts=parts or (out / PARTS_NAME if engine == "dask" else None),
            report=report,
            admit=admit,
            stored=None,  # admit asks the store itself, for either engine
            extractor_model=extractor_model,
            read_options=read_options,
            text_progress=text_progress,
        )
        for batch in batches(extractions, STORE_BATCH):
            new += store.add_extractions(batch)
            for extraction in batch:
                report.note_stored(extraction.document.origin or extraction.document.id)
            if progress:
                progress(len(batch))
        # Corpus-wide resolution: over everything stored, so new documents, a new
        # dictionary or a correction re-merge what is already there.
        resolution = resolve_store(
            store, store_dictionary(out / DB_NAME, actors), infer_countries=infer_countries
        )
        # ... and so do later corrections (``actorgraph merge``, ...), with this one.
        store.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('actors_dictionary', ?)",
            (str(Path(actors).resolve()) if actors else "",),
        )
        html_path, graph = write_store_page(store, out / HTML_NAME, where, title=title)
        counts = store.counts()
    return BuildResult(
        store_path=out / DB_NAME,
        html_path=html_path,
        counts=counts,
        new_documents=new,
        top_actors=most_partners(graph),
        report=report,
        resolution=resolution,
    )


def most_partners(graph: nx.Graph, n: int = 5) -> list[tuple[str, int]]:
    """The ``n`` actors with the most partners, as (label, partners): the build's table.

    Ties go by actor id. Not :func:`actorgraph.analyze.top_actors`, which ranks any
    centrality measure and breaks ties by label: this one needs no measure but degree.
    """
    from actorgraph.summary import weighted_view

    view = weighted_view(graph)
    ranked = sorted(view.degree(), key=lambda kv: (-kv[1], str(kv[0])))
    return [(view.nodes[node].get("label", node), deg) for node, deg in ranked[:n] if deg > 0]


@dataclass
class ImportResult:
    """What an import of coded event data wrote."""

    store_path: Path
    html_path: Path
    counts: dict[str, int]
    new_records: int
    report: object = None
    resolution: Resolution | None = None


def import_events(
    paths: Iterable[str | Path],
    fmt: str,
    out_dir: str | Path = "actorgraph-out",
    *,
    report=None,
    progress: Progress | None = None,
    title: str = "actorgraph",
) -> ImportResult:
    """Import GDELT, ICEWS or POLECAT records into a store and draw its page again.

    Records go into the same store as extracted news (see
    :func:`actorgraph.eventdata.read_event_records`), each as a document of provenance
    ``fmt`` with one interaction; a record already stored is not added again.

    Parameters
    ----------
    paths : iterable of str or Path
        The dataset's files (tab-separated; plain, .gz or .zip).
    fmt : {"gdelt", "icews", "polecat"}
    out_dir : str or Path
        The store's directory (``actorgraph.db``, ``graph.html``), as ``build`` writes it.
    report : actorgraph.eventdata.ImportReport, optional
        Gets the records read and skipped.
    progress : callable, optional
        Called with the number of records stored since the last call.
    """
    from actorgraph.eventdata import ImportReport, read_event_records

    report = report if report is not None else ImportReport()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Store(out / DB_NAME, lock=True) as store:
        new = 0
        for batch in batches(read_event_records(paths, fmt, report), STORE_BATCH * 16):
            new += store.add_extractions(batch)
            if progress:
                progress(len(batch))
        # The same corpus-wide resolution as a build: imported actors join the news's
        # ("Putin" of a record and "Vladimir Putin" of an article), with the store's
        # corrections and the dictionary it was last built with.
        resolution = resolve_store(store, store_dictionary(out / DB_NAME, built_with(store)))
        html_path, _ = write_store_page(store, out / HTML_NAME, title=title)
        counts = store.counts()
    return ImportResult(out / DB_NAME, html_path, counts, new, report, resolution)
