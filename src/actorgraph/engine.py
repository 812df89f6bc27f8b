"""Run parse + extract over a stream of documents: in this process, a local pool, or Dask.

Every engine calls the same function, :func:`extract_batch`, on batches of documents and
yields one :class:`~actorgraph.model.Extraction` per document, in input order, so that
whoever consumes them (the store, ``actorgraph events``) sees the same stream whatever
ran it.

- ``local`` with one worker parses in this process.
- ``local`` with N workers runs :func:`extract_batch` in N worker processes, each
  loading the spaCy pipeline once; a bounded number of batches is in flight, so memory
  stays flat however long the input.
- ``dask`` runs it on a Dask cluster (see :mod:`actorgraph.dask_engine`).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from multiprocessing import get_context
from typing import TypeVar

from actorgraph.dictionary import ActorDictionary, load_dictionary
from actorgraph.errors import EngineError
from actorgraph.extract import PARSE_MODES, extract_documents
from actorgraph.extract.decision import DecisionModel, resolve_extractor_model
from actorgraph.model import Document, Extraction
from actorgraph.nlp import count_text_with, counting_text, load_pipeline

T = TypeVar("T")

#: Engines that ``--engine`` accepts.
ENGINES = ("local", "dask")
#: The default parse: the tagger and the parser only where an interaction can be.
DEFAULT_PARSE = "selective"
#: Batches queued per worker: enough to keep it busy, few enough to keep memory flat.
BATCHES_IN_FLIGHT = 2
#: Seconds between two looks at the workers' count of text parsed, while waiting.
PROGRESS_POLL = 0.5

#: Called with a number of characters of text parsed (see :func:`extract_stream`).
TextProgress = Callable[[int], None]

__all__ = [
    "DEFAULT_PARSE",
    "ENGINES",
    "EngineError",
    "ExtractionSettings",
    "batches",
    "default_workers",
    "extract_batch",
    "extract_stream",
]


@dataclass(frozen=True)
class ExtractionSettings:
    """How documents are parsed: the same on every engine and worker.

    Parameters
    ----------
    model : str, optional
        The spaCy pipeline (default: en_core_web_sm).
    batch_size : int
        Documents per spaCy batch, and per batch sent to a worker.
    parse : {"selective", "full"}
        ``"selective"`` (the default) parses only the sentences that can hold an
        interaction; ``"full"`` parses every sentence.
    actors : str, optional
        Path of a user actor dictionary (see :func:`actorgraph.dictionary.load_dictionary`).
    extractor_model : str, optional
        Folder of a decision model written by ``actorgraph train`` (default: the model
        shipped with actorgraph; ``"rules"``: the hand-written constructions alone).
    """

    model: str | None = None
    batch_size: int = 32
    parse: str = DEFAULT_PARSE
    actors: str | None = None  # a user actor dictionary (TOML), read once in each process
    extractor_model: str | None = None

    def decision_model(self) -> DecisionModel | None | str:
        """The decision model, loaded once per process."""
        return resolve_extractor_model(self.extractor_model)

    def dictionary(self) -> ActorDictionary | None:
        """The user actor dictionary, loaded once per process."""
        return _cached_dictionary(self.actors) if self.actors else None

    def __post_init__(self) -> None:
        if self.parse not in PARSE_MODES:
            modes = ", ".join(PARSE_MODES)
            raise EngineError(f"--parse must be one of {modes}, not {self.parse!r}")
        if self.batch_size < 1:
            raise EngineError("--batch-size must be at least 1")


@lru_cache(maxsize=4)
def _cached_dictionary(path: str) -> ActorDictionary:
    return load_dictionary(path)


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_batch(documents: list[Document], settings: ExtractionSettings) -> list[Extraction]:
    """Parse and extract a batch of documents: the unit of work of every engine.

    Parameters
    ----------
    documents : list of Document
    settings : ExtractionSettings

    Returns
    -------
    list of Extraction
        One per document, in order.
    """
    nlp = load_pipeline(settings.model)
    return list(
        extract_documents(
            documents,
            nlp,
            batch_size=settings.batch_size,
            parse=settings.parse,
            dictionary=settings.dictionary(),
            model=settings.decision_model(),
        )
    )


def extract_stream(
    documents: Iterable[Document],
    settings: ExtractionSettings | None = None,
    *,
    workers: int = 1,
    text_progress: TextProgress | None = None,
) -> Iterator[Extraction]:
    """Parse and extract documents on this machine; yield one Extraction each, in order.

    Parameters
    ----------
    documents : iterable of Document
        Consumed lazily.
    settings : ExtractionSettings, optional
    workers : int
        Processes that parse. 1 parses here; N > 1 starts a pool of N worker processes
        (each loads the pipeline once), fed batches of ``settings.batch_size``
        documents, at most :data:`BATCHES_IN_FLIGHT` per worker at a time. An input of
        one batch is parsed here: starting workers would take longer.
    text_progress : callable, optional
        Called with the characters of text parsed since the last call, as the parse
        goes on: a long document, parsed in pieces, moves it piece by piece, before its
        Extraction comes. With worker processes, the workers count and this process
        reports their count every :data:`PROGRESS_POLL` seconds while it waits.
    """
    settings = settings or ExtractionSettings()
    if workers < 1:
        raise EngineError("--workers must be at least 1")
    if workers == 1:
        nlp = load_pipeline(settings.model)
        with counting_text(text_progress):
            yield from extract_documents(
                documents,
                nlp,
                batch_size=settings.batch_size,
                parse=settings.parse,
                dictionary=settings.dictionary(),
                model=settings.decision_model(),
            )
        return
    stream = batches(documents, settings.batch_size)
    head = list(islice(stream, 2))
    if len(head) < 2:
        with counting_text(text_progress):
            for batch in head:
                yield from extract_batch(batch, settings)
        return
    yield from _pool_stream(chain(head, stream), settings, workers, text_progress)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily.

    Examples
    --------
    >>> list(batches(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _pool_stream(
    batches: Iterable[list[Document]],
    settings: ExtractionSettings,
    workers: int,
    text_progress: TextProgress | None = None,
) -> Iterator[Extraction]:
    load_pipeline(settings.model)  # fail here, with a clear message, if the model is missing
    # fork shares the loaded pipeline with the workers; but when this process runs other
    # threads (a progress bar), fork could copy a lock they hold, so spawn then.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context = get_context(method)
    # The workers add the characters they parse to one shared count (only when asked).
    parsed = context.Value("q", 0) if text_progress is not None else None
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(settings, os.getpid(), parsed),
    )
    pending: deque[Future[list[Extraction]]] = deque()
    reported = 0

    def result(future: Future[list[Extraction]]) -> list[Extraction]:
        nonlocal reported
        if parsed is None or text_progress is None:
            return future.result()
        while True:
            wait([future], timeout=PROGRESS_POLL, return_when=FIRST_COMPLETED)
            count = parsed.value
            if count > reported:
                text_progress(count - reported)
                reported = count
            if future.done():
                return future.result()

    finished = False
    try:
        for batch in batches:
            pending.append(pool.submit(extract_batch, batch, settings))
            while len(pending) >= workers * BATCHES_IN_FLIGHT:
                yield from result(pending.popleft())
        while pending:
            yield from result(pending.popleft())
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # interrupted, or the consumer stopped early: do not wait for queued work
            for future in pending:
                future.cancel()
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()


#: This worker's share of the count of text parsed (see :func:`_pool_stream`).
_PARSED = None


def _count_parsed(characters: int) -> None:
    counter = _PARSED
    if counter is not None:
        with counter.get_lock():
            counter.value += characters


def _start_worker(settings: ExtractionSettings, parent: int, parsed=None) -> None:
    global _PARSED
    # Ctrl-C is the parent's to handle: it stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    load_pipeline(settings.model)
    _PARSED = parsed
    count_text_with(_count_parsed if parsed is not None else None)


def _exit_with_parent(parent: int) -> None:
    """End this worker when its parent is gone (killed with -9, it cannot stop the pool)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)
