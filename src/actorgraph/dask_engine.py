"""The Dask engine: documents read, parsed and extracted in partitions on a Dask cluster.

The input is planned into partitions of files or line ranges (:func:`plan_partitions`);
each Dask task reads its partition (:func:`read_partition`), runs
:func:`actorgraph.engine.extract_batch` on it and writes the extractions as Parquet
(:func:`write_partition`) where this machine reads them back, in input order
(:func:`dask_stream`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from actorgraph.engine import ExtractionSettings, extract_batch
from actorgraph.errors import EngineError
from actorgraph.model import Document, Extraction

#: Documents per Dask partition.
PARTITION_SIZE = 500
#: Workers of the LocalCluster started when no scheduler address is given.
LOCAL_CLUSTER_WORKERS = 2
_URL_MARK = "://"


@dataclass(frozen=True)
class Segment:
    """Part of one input file: the documents whose origin line is in [first, last].

    ``first``/``last`` are None for a file that holds one document (.txt).
    """

    source: str  # a local path or an fsspec URL
    first: int | None = None
    last: int | None = None


@dataclass(frozen=True)
class Partition:
    """The unit of work on a Dask worker: segments of input files, read by the worker.

    ``ids`` are the documents to take from those segments: a segment's lines can also
    hold documents the input's reader drops (a repeated id, a document already stored).
    """

    number: int
    segments: tuple[Segment, ...]
    ids: frozenset[str]


def _line_of(origin: str | None) -> int | None:
    if origin and ":" in origin:
        tail = origin.rsplit(":", 1)[1]
        if tail.isdigit():
            return int(tail)
    return None


def _file_of(origin: str) -> str:
    return origin.rsplit(":", 1)[0] if _line_of(origin) is not None else origin


def _is_url(path: str) -> bool:
    return _URL_MARK in path


def _local_copies(paths: Iterable[str], workdir: str) -> tuple[list[str], dict[str, str]]:
    """Local paths to read for the given inputs; fsspec URLs are copied into ``workdir``.

    Returns the paths and a map from each local copy back to the URL it came from.
    """
    import fsspec

    from actorgraph.ingest import SUPPORTED_SUFFIXES

    local: list[str] = []
    back: dict[str, str] = {}
    for raw in paths:
        raw = str(raw)
        if not _is_url(raw):
            local.append(raw)
            continue
        fs, root = fsspec.core.url_to_fs(raw)
        if fs.isdir(root):
            names = sorted(
                p
                for p in fs.find(root)
                if p.lower().endswith(SUPPORTED_SUFFIXES)
                and not os.path.basename(p).startswith(".")
            )
            urls = [fs.unstrip_protocol(p) for p in names]
        else:
            urls = [raw]
        for url in urls:
            target = os.path.join(workdir, str(len(back)), url.rstrip("/").rsplit("/", 1)[-1])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with fsspec.open(url, "rb") as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            local.append(target)
            back[target] = url
    return local, back


def _restore_origin(doc: Document, back: dict[str, str]) -> Document:
    if not back or not doc.origin:
        return doc
    name = _file_of(doc.origin)
    if name in back:
        from dataclasses import replace

        return replace(doc, origin=back[name] + doc.origin[len(name) :])
    return doc


def plan_partitions(
    paths: Iterable[str],
    *,
    text_column: str = "text",
    report=None,
    size: int = PARTITION_SIZE,
    skip=None,
    options=None,
    admit=None,
) -> list[Partition]:
    """Read the input once, here, to cut it into partitions of about ``size`` documents.

    Documents are read (not parsed) to find their files and lines; each partition lists
    file segments by line, so that a worker reads exactly those documents. ``report``
    gets the skips and warnings, as a local build would. ``skip(doc)`` (documents
    already stored) leaves a document out of the count.
    """
    import tempfile

    from actorgraph.ingest import ReadReport, read_documents

    report = report if report is not None else ReadReport()
    partitions: list[Partition] = []
    segments: list[Segment] = []
    ids: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="actorgraph-plan-") as workdir:
        local, back = _local_copies(paths, workdir)
        current: tuple[str, int | None, int | None] | None = None

        def close_segment() -> None:
            nonlocal current
            if current is not None:
                segments.append(Segment(*current))
                current = None

        for doc in read_documents(local, text_column=text_column, report=report, options=options):
            doc = _restore_origin(doc, back)
            if skip is not None and skip(doc):
                continue
            if admit is not None:  # the store's word: stored already, or kept under another id
                doc = admit(doc)
                if doc is None:
                    continue
            origin = doc.origin or doc.id
            source, line = _file_of(origin), _line_of(origin)
            if current is not None and current[0] == source and line is not None:
                current = (source, current[1], line)
            else:
                close_segment()
                current = (source, line, line)
            ids.add(doc.id)
            if len(ids) >= size:
                close_segment()
                partitions.append(Partition(len(partitions), tuple(segments), frozenset(ids)))
                segments, ids = [], set()
        close_segment()
        if segments:
            partitions.append(Partition(len(partitions), tuple(segments), frozenset(ids)))
    return partitions


def read_partition(
    partition: Partition, *, text_column: str = "text", options=None
) -> Iterator[Document]:
    """The documents of a partition, read where this runs (a Dask worker)."""
    import tempfile

    from actorgraph.ingest import ReadReport, collision_id, read_documents

    wanted = set(partition.ids)
    with tempfile.TemporaryDirectory(prefix="actorgraph-part-") as workdir:
        for segment in partition.segments:
            local, back = _local_copies([segment.source], workdir)
            docs = read_documents(
                local, text_column=text_column, report=ReadReport(), options=options
            )
            for doc in docs:
                line = _line_of(doc.origin)
                if segment.first is not None and line is not None:
                    if line < segment.first:
                        continue
                    if segment.last is not None and line > segment.last:
                        break
                if doc.id not in wanted and collision_id(doc) in wanted:
                    # read alone, a file does not meet the document that took its id
                    doc = replace(doc, id=collision_id(doc))
                if doc.id in wanted:
                    wanted.discard(doc.id)
                    yield _restore_origin(doc, back)


# Parquet schemas: one row per interaction, and one row per document with its actors.
def _schemas():
    import pyarrow as pa

    interaction = pa.schema(
        [
            ("doc_id", pa.string()),
            ("date", pa.string()),
            ("source", pa.string()),
            ("source_id", pa.string()),
            ("source_type", pa.string()),
            ("source_country", pa.string()),
            ("target", pa.string()),
            ("target_id", pa.string()),
            ("target_type", pa.string()),
            ("target_country", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("directed", pa.bool_()),
            ("status", pa.string()),
            ("trigger", pa.string()),
            ("sentence", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("confidence", pa.float64()),
        ]
    )
    actor = pa.struct(
        [
            ("id", pa.string()),
            ("name", pa.string()),
            ("type", pa.string()),
            ("country", pa.string()),
            ("aliases", pa.list_(pa.string())),
            ("sector", pa.string()),
            ("inferred_country", pa.string()),
        ]
    )
    document = pa.schema(
        [
            ("id", pa.string()),
            ("text", pa.string()),
            ("date", pa.string()),
            ("title", pa.string()),
            ("origin", pa.string()),
            ("publisher", pa.string()),
            ("url", pa.string()),
            ("author", pa.string()),
            ("lang", pa.string()),
            ("actors", pa.list_(actor)),
            ("mentions", pa.list_(pa.struct([("actor_id", pa.string()), ("count", pa.int64())]))),
        ]
    )
    return interaction, document


def _part_url(parts: str, table: str, number: int) -> str:
    return f"{parts.rstrip('/')}/{table}/part-{number:05d}.parquet"


def write_partition(extractions: list[Extraction], parts: str, number: int) -> None:
    """Write a partition's extractions as two Parquet files under ``parts``."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    interaction_schema, document_schema = _schemas()
    interactions = [it.to_record() for ex in extractions for it in ex.interactions]
    documents = [
        {
            "id": ex.document.id,
            "text": ex.document.text,
            "date": ex.document.date,
            "title": ex.document.title,
            "origin": ex.document.origin,
            "publisher": ex.document.publisher,
            "url": ex.document.url,
            "author": ex.document.author,
            "lang": ex.document.lang,
            "actors": [
                {
                    "id": a.id,
                    "name": a.name,
                    "type": a.type,
                    "country": a.country,
                    "aliases": list(a.aliases),
                    "sector": a.sector,
                    "inferred_country": a.inferred_country,
                }
                for a in ex.actors
            ],
            "mentions": [{"actor_id": k, "count": v} for k, v in ex.mentions.items()],
        }
        for ex in extractions
    ]
    for table, rows, schema in (
        ("interactions", interactions, interaction_schema),
        ("documents", documents, document_schema),
    ):
        url = _part_url(parts, table, number)
        fs, path = fsspec.core.url_to_fs(url)
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(path, "wb") as fh:
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), fh)


def read_partition_extractions(parts: str, number: int) -> list[Extraction]:
    """Load a partition's Parquet files back into Extractions, in document order."""
    import fsspec
    import pyarrow.parquet as pq

    from actorgraph.model import Actor, Interaction

    tables = {}
    for table in ("interactions", "documents"):
        fs, path = fsspec.core.url_to_fs(_part_url(parts, table, number))
        with fs.open(path, "rb") as fh:
            tables[table] = pq.read_table(fh).to_pylist()
    by_doc: dict[str, list[Interaction]] = {}
    for row in tables["interactions"]:
        by_doc.setdefault(row["doc_id"], []).append(Interaction(**row))
    out = []
    for row in tables["documents"]:
        document = Document(
            row["id"],
            row["text"],
            row["date"],
            row["title"],
            row["origin"],
            publisher=row.get("publisher"),
            url=row.get("url"),
            author=row.get("author"),
            lang=row.get("lang"),
        )
        actors = [
            Actor(
                a["id"],
                a["name"],
                a["type"],
                a["country"],
                tuple(a["aliases"]),
                a.get("sector"),
                inferred_country=a.get("inferred_country"),
            )  # fmt: skip
            for a in row["actors"]
        ]
        mentions = {m["actor_id"]: m["count"] for m in row["mentions"]}
        out.append(Extraction(document, actors, by_doc.get(document.id, []), mentions))
    return out


def run_partition(
    partition: Partition,
    settings: ExtractionSettings,
    parts: str,
    text_column: str = "text",
    options=None,
) -> int:
    """Read, parse and extract one partition on a worker; write it as Parquet.

    Returns the number of documents written.
    """
    documents = list(read_partition(partition, text_column=text_column, options=options))
    extractions = extract_batch(documents, settings) if documents else []
    write_partition(extractions, parts, partition.number)
    return len(extractions)


def _connect(scheduler: str | None, workers: int | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("--engine dask needs Dask: pip install 'actorgraph[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    cluster = LocalCluster(
        n_workers=workers or LOCAL_CLUSTER_WORKERS,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    return Client(cluster), cluster


def dask_stream(
    paths: Iterable[str | os.PathLike],
    settings: ExtractionSettings | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    parts: str,
    text_column: str = "text",
    report=None,
    stored: dict[str, str] | None = None,
    partition_size: int = PARTITION_SIZE,
    options=None,
    admit=None,
) -> Iterator[Extraction]:
    """Run :func:`extract_batch` on Dask workers; yield the Extractions in input order.

    The input (local files, or fsspec URLs that the workers can read too) is cut into
    partitions of ``partition_size`` documents (:func:`plan_partitions`); each worker
    reads its partition, parses it and writes its extractions as Parquet under
    ``parts`` (a directory, or an fsspec URL that the workers and this process share);
    this process loads the partitions in input order as they finish. Documents are the
    ones the local reader would give (a repeated id is dropped, as it is there).

    Parameters
    ----------
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://host:8786``). Without one a
        ``LocalCluster`` of ``workers`` processes (default 2) is started and closed.
    stored : dict, optional
        Documents already stored (id -> content hash): not parsed again.
    admit : callable, optional
        As :func:`actorgraph.pipeline.extract_paths` takes it: each document read goes
        through it here, before partitioning (None: not parsed).
    """
    settings = settings or ExtractionSettings()
    inputs = [str(p) for p in paths]
    skip = None
    if stored:
        from actorgraph.store import Store

        def skip(doc: Document) -> bool:
            return stored.get(doc.id) == Store.content_hash(doc)

    partitions = plan_partitions(
        inputs,
        text_column=text_column,
        report=report,
        size=partition_size,
        skip=skip,
        options=options,
        admit=admit,
    )
    if not partitions:
        return
    client, cluster = _connect(scheduler, workers)
    try:
        futures = [
            client.submit(run_partition, part, settings, parts, text_column, options, pure=False)
            for part in partitions
        ]
        for part, future in zip(partitions, futures, strict=True):
            future.result()
            yield from read_partition_extractions(parts, part.number)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
