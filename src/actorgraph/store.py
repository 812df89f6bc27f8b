"""The SQLite store: documents, actors, aliases, mentions and interactions of one build."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from actorgraph import __version__
from actorgraph.errors import StoreBusyError, StoreError
from actorgraph.model import QUAD_CLASS, Actor, Document, Extraction, Interaction

try:  # POSIX: the kernel drops an flock when its holder dies, even by kill -9
    import fcntl
except ImportError:  # pragma: no cover - Windows falls back to a pid file
    fcntl = None  # type: ignore[assignment]

#: The schema version this actorgraph writes and reads. Older stores are migrated on
#: opening (see :data:`MIGRATIONS`); newer ones are refused.
SCHEMA_VERSION = 3

#: Appended to the store's file name for the lock a writing build holds.
LOCK_SUFFIX = ".lock"
#: Seconds a connection waits for another one's write transaction (a reader's
#: checkpoint, a migration) before giving up.
BUSY_TIMEOUT = 5.0

#: The file name used when a store path names a directory.
DEFAULT_FILENAME = "actorgraph.db"

_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        date TEXT,
        title TEXT,
        origin TEXT,
        n_chars INT,
        added_at TEXT,
        publisher TEXT,
        url TEXT,
        author TEXT,
        lang TEXT,
        provenance TEXT NOT NULL DEFAULT 'extracted'
    )""",
    """CREATE TABLE IF NOT EXISTS actors (
        id TEXT PRIMARY KEY,
        name TEXT,
        type TEXT,
        country TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS aliases (
        actor_id TEXT NOT NULL REFERENCES actors(id),
        alias TEXT NOT NULL,
        PRIMARY KEY (actor_id, alias)
    )""",
    """CREATE TABLE IF NOT EXISTS mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        actor_id TEXT NOT NULL REFERENCES actors(id),
        count INT NOT NULL,
        PRIMARY KEY (doc_id, actor_id)
    )""",
    """CREATE TABLE IF NOT EXISTS interactions (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        date TEXT,
        source_id TEXT REFERENCES actors(id),
        target_id TEXT REFERENCES actors(id),
        source TEXT,
        target TEXT,
        type TEXT,
        quad TEXT,
        mode TEXT,
        directed INT,
        status TEXT,
        "trigger" TEXT,
        sentence TEXT,
        "start" INT,
        "end" INT,
        confidence REAL
    )""",
    "CREATE INDEX IF NOT EXISTS ix_interactions_doc_id ON interactions(doc_id)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_source_id ON interactions(source_id)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_target_id ON interactions(target_id)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_date ON interactions(date)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_type ON interactions(type)",
    "CREATE INDEX IF NOT EXISTS ix_mentions_actor_id ON mentions(actor_id)",
    "CREATE INDEX IF NOT EXISTS ix_aliases_alias ON aliases(alias)",
    "CREATE INDEX IF NOT EXISTS ix_documents_provenance ON documents(provenance)",
)

#: Columns of a document's provenance (schema version 3), as Document fields name them.
DOCUMENT_SOURCE_FIELDS = ("title", "publisher", "url", "author", "lang", "provenance")


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2 indexes mentions and aliases by actor and alias (for counts and lookups)."""
    conn.execute("CREATE INDEX IF NOT EXISTS ix_mentions_actor_id ON mentions(actor_id)")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_aliases_alias ON aliases(alias)")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 3 keeps where each document comes from: publisher, url, author, language,
    and its provenance (``extracted`` from news, or the dataset of imported records)."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    for column in (
        "publisher TEXT", "url TEXT", "author TEXT", "lang TEXT",
        "provenance TEXT NOT NULL DEFAULT 'extracted'",
    ):  # fmt: skip
        if column.split()[0] not in have:
            conn.execute(f"ALTER TABLE documents ADD COLUMN {column}")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_documents_provenance ON documents(provenance)")


#: ``MIGRATIONS[n]`` turns a store of schema version ``n`` into one of version ``n + 1``,
#: inside the transaction that records the new version.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
}

_UPSERT_ACTOR = """
    INSERT INTO actors (id, name, type, country) VALUES (?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET
        type = COALESCE(actors.type, excluded.type),
        country = COALESCE(actors.country, excluded.country)
"""

_INSERT_INTERACTION = """
    INSERT INTO interactions (
        doc_id, date, source_id, target_id, source, target, type, quad, mode,
        directed, status, "trigger", sentence, "start", "end", confidence
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

_SELECT_INTERACTIONS = """
    SELECT i.doc_id, i.date, i.source_id, i.target_id, i.source, i.target, i.type,
           i.mode, i.directed, i.status, i."trigger", i.sentence, i."start", i."end",
           i.confidence,
           s.type AS source_type, s.country AS source_country,
           t.type AS target_type, t.country AS target_country
    FROM interactions AS i
    LEFT JOIN actors AS s ON s.id = i.source_id
    LEFT JOIN actors AS t ON t.id = i.target_id
    ORDER BY i.doc_id, i."start", i.id
"""


#: Evidence examples the aggregated view keeps per directed dyad (see :meth:`Store.aggregate`).
EVIDENCE_PER_DYAD = 5

# The interactions as the graphs see them: NULLs as "", and the identity of the event
# each reports, as :func:`actorgraph.graph.event_key` defines it (the actors of an
# undirected interaction in sorted order; an undated interaction's day is its document).
_KEYED_INTERACTIONS = """
    WITH plain AS (
        SELECT id, doc_id, "start",
               COALESCE(source_id, '') AS s, COALESCE(target_id, '') AS t,
               COALESCE(type, '') AS type, COALESCE(status, '') AS status,
               COALESCE(date, '') AS date, COALESCE(directed, 0) AS directed
        FROM interactions
    ), keyed AS (
        SELECT *,
               CASE WHEN directed = 0 AND t < s THEN t ELSE s END AS event_source,
               CASE WHEN directed = 0 AND t < s THEN s ELSE t END AS event_target,
               CASE WHEN date = '' THEN 'doc:' || doc_id ELSE date END AS day
        FROM plain
    )
"""

# ... and each one's place (``seq``) in the order the multigraph reads them (that of
# :meth:`Store.iter_interactions`): a sort of every row, so only where it is needed.
_SEQUENCED_INTERACTIONS = """
    , sequenced AS (
        SELECT *, ROW_NUMBER() OVER (ORDER BY doc_id, "start", id) AS seq FROM keyed
    )
"""

_SELECT_DYADS = """
    SELECT s, t, COUNT(*) AS mentions, SUM(directed) AS directed,
           MIN(NULLIF(date, '')) AS first_date, MAX(NULLIF(date, '')) AS last_date
    FROM sequenced
    GROUP BY s, t
    ORDER BY MIN(seq)
"""

# Every event counts once, on the first interaction (in ``seq`` order) that reports it.
_SELECT_FACETS = """
    , firsts AS (
        SELECT *, ROW_NUMBER() OVER (
            PARTITION BY event_source, event_target, type, day, status ORDER BY seq
        ) AS nth
        FROM sequenced
    )
    SELECT s, t, type, status, date, COUNT(*) AS mentions, SUM(nth = 1) AS events
    FROM firsts
    GROUP BY s, t, type, status, date
    ORDER BY s, t, MIN(seq)
"""

# The arcs of the directed view: a directed interaction on source -> target, an
# undirected one on both; UNION keeps each (arc, event) once.
_SELECT_ARC_EVENTS = """
    , arcs AS (
        SELECT s AS a, t AS b, event_source, event_target, type, day, status
        FROM keyed WHERE s <> t
        UNION
        SELECT t, s, event_source, event_target, type, day, status
        FROM keyed WHERE s <> t AND directed = 0
    )
    SELECT a, b, COUNT(*) AS events FROM arcs GROUP BY a, b
"""

_SELECT_TOTALS = """
    SELECT COUNT(*) AS interactions, COUNT(DISTINCT NULLIF(doc_id, '')) AS documents
    FROM interactions
"""

# The first ``?`` interactions of each dyad in the order the page lists them: by date,
# undated last, then as the store reads them.
_SELECT_EVIDENCE = """
    WITH ranked AS (
        SELECT id, ROW_NUMBER() OVER (
            PARTITION BY COALESCE(source_id, ''), COALESCE(target_id, '')
            ORDER BY CASE WHEN COALESCE(date, '') = '' THEN '~' ELSE date END,
                     doc_id, "start", id
        ) AS rank
        FROM interactions
    )
    SELECT i.doc_id, i.date, i.source_id, i.target_id, i.source, i.target, i.type,
           i.mode, i.directed, i.status, i."trigger", i.sentence, i."start", i."end",
           i.confidence,
           s.type AS source_type, s.country AS source_country,
           t.type AS target_type, t.country AS target_country,
           d.title AS title, d.publisher AS publisher, d.url AS url, d.author AS author,
           d.provenance AS provenance
    FROM ranked
    JOIN interactions AS i ON i.id = ranked.id
    LEFT JOIN actors AS s ON s.id = i.source_id
    LEFT JOIN actors AS t ON t.id = i.target_id
    LEFT JOIN documents AS d ON d.id = i.doc_id
    WHERE ranked.rank <= ?
    ORDER BY COALESCE(i.source_id, ''), COALESCE(i.target_id, ''), ranked.rank
"""

# Actors with their mentions and the number of interactions they take part in (a
# self-loop counts once). Mentions are summed in one pass over their table: through
# the index on actor_id alone, SQLite would fetch every row apart, several times slower.
_SELECT_ACTOR_TOTALS = """
    WITH ends AS (
        SELECT source_id AS actor_id FROM interactions
        UNION ALL
        SELECT target_id FROM interactions WHERE target_id IS NOT source_id
    ), taking_part AS (
        SELECT actor_id, COUNT(*) AS n FROM ends GROUP BY actor_id
    ), mentioned AS (
        SELECT actor_id, SUM(count) AS n FROM mentions NOT INDEXED GROUP BY actor_id
    )
    SELECT a.id, a.name, a.type, a.country,
           COALESCE(m.n, 0) AS mentions, COALESCE(p.n, 0) AS interactions
    FROM actors AS a
    LEFT JOIN mentioned AS m ON m.actor_id = a.id
    LEFT JOIN taking_part AS p ON p.actor_id = a.id
    ORDER BY a.id
"""

# Ends of interactions that have no row in the actors table (an empty id), in the
# order the multigraph meets them, named as their first interaction names them.
_SELECT_STRAY_ACTORS = """
    WITH ends AS (
        SELECT COALESCE(source_id, '') AS actor_id, source AS name, doc_id, "start",
               id, 0 AS side, 1 AS counted
        FROM interactions
        UNION ALL
        SELECT COALESCE(target_id, ''), target, doc_id, "start", id, 1,
               COALESCE(target_id, '') IS NOT COALESCE(source_id, '')
        FROM interactions
    ), stray AS (
        SELECT *,
               ROW_NUMBER() OVER (PARTITION BY actor_id ORDER BY doc_id, "start", id, side)
                   AS nth,
               SUM(counted) OVER (PARTITION BY actor_id) AS interactions
        FROM ends
        WHERE actor_id NOT IN (SELECT id FROM actors)
    )
    SELECT actor_id, name, interactions FROM stray WHERE nth = 1
    ORDER BY doc_id, "start", id, side
"""


@dataclass(frozen=True, slots=True)
class ActorTotals:
    """One actor of the aggregated view: what the store knows of it, and its counts.

    ``mentions`` sums its mention counts over all documents; ``interactions`` is the
    number of interactions it takes part in, as source or target.
    """

    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]
    mentions: int
    interactions: int


@dataclass(frozen=True, slots=True)
class DyadFacet:
    """The interactions of one dyad that share a type, a status and a date ("" undated).

    ``events`` counts the distinct events (see :func:`actorgraph.graph.event_key`)
    whose first report in the store is one of these interactions, so that every event
    is counted on exactly one facet, and sums over facets never count it twice.
    """

    type: str
    status: str
    date: str
    mentions: int
    events: int


@dataclass(frozen=True)
class Dyad:
    """Every interaction from one actor to another, summed up.

    ``source`` and ``target`` are the interactions' own (an undirected interaction is
    stored in the order its sentence names the actors). ``facets`` are in the order
    of their first interaction in the store; ``types``, ``quads`` and ``statuses``
    count mentions. ``arc_events`` is the number of distinct events on the arc
    ``source -> target`` of the directed view (directed interactions from source to
    target, undirected ones between the two in either order), ``reverse_arc_events``
    those on ``target -> source`` (0 when no interaction of this dyad is undirected).
    ``evidence`` holds at most the view's ``evidence_per_dyad`` interactions, the
    earliest first (undated last).
    """

    source: str
    target: str
    mentions: int
    directed: int
    events: int
    first_date: str | None
    last_date: str | None
    types: dict[str, int]
    quads: dict[str, int]
    statuses: dict[str, int]
    facets: tuple[DyadFacet, ...]
    arc_events: int
    reverse_arc_events: int
    evidence: tuple[Interaction, ...]


@dataclass(frozen=True)
class AggregateView:
    """A store summed up by actor and by dyad: its size grows with actors, not documents.

    ``dyads`` are in the order of their first interaction in the store (as
    :meth:`Store.iter_interactions` yields them), and ``actors`` by id, then actors
    without a row of their own (an interaction with an empty id) as first met.
    ``interactions`` and ``events`` count the whole store (self-loops included; an
    event once however many report it), ``documents`` the stored documents and
    ``documents_with_interactions`` those with at least one interaction.
    ``document_titles`` names the documents of the evidence kept.
    """

    actors: list[ActorTotals]
    dyads: list[Dyad]
    interactions: int
    events: int
    documents: int
    documents_with_interactions: int
    evidence_per_dyad: int
    document_titles: dict[str, str] = field(default_factory=dict)
    #: Actors in the store; more than ``len(actors)`` when only linked ones were read.
    actors_in_store: int = 0
    #: Where the documents of the evidence kept come from (see :meth:`Store.document_info`).
    document_info: dict[str, dict[str, str]] = field(default_factory=dict)


def _reading(method):
    """Turn SQLite's errors while reading an open store into a :class:`StoreError`."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from exc

    return wrapper


def _interaction(r: sqlite3.Row) -> Interaction:
    """An interaction from a row of :data:`_SELECT_INTERACTIONS` (or a query like it)."""
    return Interaction(
        doc_id=r["doc_id"],
        source=r["source"],
        target=r["target"],
        type=r["type"],
        directed=bool(r["directed"]),
        status=r["status"],
        date=r["date"],
        source_id=r["source_id"] or "",
        target_id=r["target_id"] or "",
        source_type=r["source_type"],
        target_type=r["target_type"],
        source_country=r["source_country"],
        target_country=r["target_country"],
        mode=r["mode"],
        trigger=r["trigger"],
        sentence=r["sentence"],
        start=r["start"],
        end=r["end"],
        confidence=r["confidence"],
    )


def _source_of(r: sqlite3.Row) -> dict[str, str]:
    """A document row's provenance fields that are set (``provenance`` always)."""
    keys = r.keys()
    out = {k: str(r[k]) for k in DOCUMENT_SOURCE_FIELDS if k in keys and r[k]}
    out.setdefault("provenance", "extracted")
    return out


def _facet_sums(facets: Iterable[DyadFacet], key: Callable[[DyadFacet], str]) -> dict[str, int]:
    """Mentions of a dyad summed by ``key`` of its facets, in the facets' order."""
    sums: dict[str, int] = {}
    for facet in facets:
        sums[key(facet)] = sums.get(key(facet), 0) + facet.mentions
    return sums


class StoreLock:
    """The lock a writing build holds on a store, so that two builds never interleave.

    An exclusive ``flock`` on ``STORE.lock`` beside the store: the kernel drops it when
    its holder exits, however it exits (kill -9 included), so a lock left by a dead
    build never blocks the next one. The file holds the holder's pid, host and start
    time for the message a refused build prints, and is removed on release. Where
    ``flock`` does not exist, the file itself is the lock, and one whose pid is no longer
    running on this host is taken over.

    Parameters
    ----------
    path : Path
        The lock file (``actorgraph.db.lock`` for ``actorgraph.db``).

    Raises
    ------
    StoreBusyError
        From :meth:`acquire`, while another process holds the lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`StoreBusyError` at once if it is taken."""
        if self._fd is not None:
            return
        fd = _lock_flock(self.path) if fcntl is not None else _lock_pidfile(self.path)
        if fd is None:
            raise StoreBusyError(self._busy_message())
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "since": datetime.now(UTC).isoformat(timespec="seconds")}  # fmt: skip
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        self._fd = fd
        _LOCK_FDS.add(fd)

    def release(self) -> None:
        """Give the lock up and remove its file; releasing twice is harmless."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _LOCK_FDS.discard(fd)
        try:  # unlink while still holding it: whoever opened this file will retry
            os.unlink(self.path)
        except OSError:
            pass
        os.close(fd)

    def holder(self) -> dict | None:
        """What the lock file says of its holder (pid, host, since), if it can be read."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _busy_message(self) -> str:
        store = self.path.with_name(self.path.name.removesuffix(LOCK_SUFFIX))
        who = self.holder()
        by = ""
        if who:
            by = f" (pid {who.get('pid')} on {who.get('host')}, since {who.get('since')})"
        return (
            f"the store {store} is being written by another build{by}: wait for it to "
            "finish, or build into another --out directory"
        )


#: Lock file descriptors open in this process, closed in forked children so that only
#: this process holds the lock (a worker outliving a killed build must not keep it).
_LOCK_FDS: set[int] = set()


def _close_lock_fds_in_child() -> None:  # pragma: no cover - runs in forked children
    for fd in list(_LOCK_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _LOCK_FDS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_lock_fds_in_child)


def _lock_flock(path: Path) -> int | None:
    """An fd holding an exclusive flock on ``path``, or None if another process holds it."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError:
            os.close(fd)
            raise
        # The holder we waited for may have unlinked the file before we locked it:
        # then we hold a lock on a file nobody else will open. Start again.
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        opened = os.fstat(fd)
        if current is not None and (current.st_ino, current.st_dev) == (
            opened.st_ino,
            opened.st_dev,
        ):
            return fd
        os.close(fd)


def _pid_alive(pid: int) -> bool:  # pragma: no cover - used where flock is missing
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _lock_pidfile(path: Path) -> int | None:  # pragma: no cover - used where flock is missing
    """An fd of a newly created lock file, taking over one left by a dead process."""
    for _ in range(3):
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            pass
        try:
            who = json.loads(path.read_text(encoding="utf-8"))
            pid, host = int(who["pid"]), who.get("host")
        except (OSError, ValueError, KeyError, TypeError):
            pid, host = None, None
        if host not in (None, socket.gethostname()) or (pid is not None and _pid_alive(pid)):
            return None
        try:  # stale: its holder is gone
            os.unlink(path)
        except FileNotFoundError:
            pass
    return None


class Store:
    """An actorgraph store: one SQLite file, the single source of truth of a build.

    Parameters
    ----------
    path : str or Path
        The ``.db`` file. A path naming an existing directory means
        ``DIR/actorgraph.db``.
    create : bool, default True
        Create the file (and its parent directories) if it does not exist.
        With ``create=False`` a missing store raises :class:`StoreError`.
    lock : bool, default False
        Hold the store's :class:`StoreLock` until :meth:`close`, as a build does, so
        that a second writer is refused instead of interleaving with this one.
        Readers need no lock: SQLite's WAL lets them read while a build writes.

    Raises
    ------
    StoreError
        If the store is missing (with ``create=False``), if the file is not an
        actorgraph store, or if it was written by a newer actorgraph. A store of an
        older schema is migrated (see :data:`MIGRATIONS`).
    StoreBusyError
        With ``lock=True``, if another build is writing to the store.

    Examples
    --------
    >>> with Store(tmp_dir) as store:  # doctest: +SKIP
    ...     store.add_extractions(extractions)
    ...     store.counts()
    """

    def __init__(self, path: str | Path, *, create: bool = True, lock: bool = False) -> None:
        p = Path(path)
        if p.is_dir():
            p = p / DEFAULT_FILENAME
        self.path: Path = p
        self._conn: sqlite3.Connection | None = None
        self._lock: StoreLock | None = None

        if not p.exists():
            if not create:
                raise StoreError(f"no actorgraph store at {p}: build one first")
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store {p}: {exc.strerror or exc}") from exc
        if lock:
            self._lock = StoreLock(p.with_name(p.name + LOCK_SUFFIX))
            try:
                self._lock.acquire()
            except OSError as exc:
                raise StoreError(f"cannot lock the store {p}: {exc.strerror or exc}") from exc
        try:
            self._open(p, create=create)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise

    def _open(self, p: Path, *, create: bool) -> None:
        """Connect, check or create the schema, migrate an older one, set the pragmas."""
        if p.exists() and not p.is_file():
            raise StoreError(f"{p} is not an actorgraph store")
        try:
            if p.exists() and p.stat().st_size > 0:
                with p.open("rb") as fh:
                    if fh.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                        raise StoreError(f"{p} is not an actorgraph store")
        except OSError as exc:
            raise StoreError(f"cannot read the store {p}: {exc.strerror or exc}") from exc

        try:
            if create:
                conn = sqlite3.connect(p, isolation_level=None, timeout=BUSY_TIMEOUT)
            else:
                conn = sqlite3.connect(
                    f"{p.resolve().as_uri()}?mode=rw",
                    uri=True,
                    isolation_level=None,
                    timeout=BUSY_TIMEOUT,
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {p}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        try:
            self._check_or_init(conn, create=create)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{p} is not an actorgraph store ({exc})") from exc
        self._conn = conn

    # -- opening -------------------------------------------------------------------------

    def _check_or_init(self, conn: sqlite3.Connection, *, create: bool) -> None:
        """Check that ``conn`` holds a store we can read; create the schema if it is empty."""
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            if not create:
                raise StoreError(f"{self.path} is not an actorgraph store")
            self._create_schema(conn)
            return
        if "meta" not in tables:
            raise StoreError(f"{self.path} is not an actorgraph store")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            version = int(row[0]) if row is not None else None
        except (TypeError, ValueError):
            version = None
        if version is None or version < 1:
            raise StoreError(f"{self.path} is not an actorgraph store")
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        newest = max(version, user_version)
        if newest > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer actorgraph (store schema version "
                f"{newest}, this actorgraph {__version__} reads version {SCHEMA_VERSION}): "
                "upgrade actorgraph to open it"
            )
        if version < SCHEMA_VERSION:
            self._migrate(conn, version)

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        """Bring a store of an older schema up to :data:`SCHEMA_VERSION`, all or nothing."""
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Another process may have migrated it while we waited for the write lock.
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0])
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [("schema_version", str(SCHEMA_VERSION)), ("actorgraph_version", __version__)],
            )
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"{self.path} has store schema version {version}, and upgrading it to "
                    f"version {SCHEMA_VERSION} failed ({exc}): make the file writable and "
                    "run again"
                ) from exc
            raise

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        """Create the tables, indexes and meta rows in one transaction."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.executemany(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                [("schema_version", str(SCHEMA_VERSION)), ("actorgraph_version", __version__)],
            )
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _damaged(self, exc: sqlite3.DatabaseError) -> StoreError:
        return StoreError(
            f"the store {self.path} cannot be read ({exc}): it is damaged or was changed "
            "by another program; build again into a new --out directory"
        )

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection.

        Raises
        ------
        StoreError
            If the store has been closed.
        """
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._conn

    def close(self) -> None:
        """Close the store and release its lock; closing twice is harmless."""
        try:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    @staticmethod
    def content_hash(doc: Document) -> str:
        """The SHA-256 of a document's id, date and text.

        Parameters
        ----------
        doc : Document
            The document.

        Returns
        -------
        str
            The hex digest; a missing date counts as the empty string.
        """
        h = hashlib.sha256()
        for part in (doc.id, doc.date or "", doc.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()

    @_reading
    def has_document(self, doc: Document) -> bool:
        """Whether this document, with the same id and content hash, is already stored.

        Parameters
        ----------
        doc : Document
            The document.

        Returns
        -------
        bool
            True if a document of the same id and same content hash is stored.
        """
        row = self.conn.execute(
            "SELECT content_hash FROM documents WHERE id = ?", (doc.id,)
        ).fetchone()
        return row is not None and row[0] == self.content_hash(doc)

    def add_extractions(self, batch: Iterable[Extraction]) -> int:
        """Write a batch of extractions in one transaction.

        A document already stored with the same content hash is skipped. A document
        stored under the same id with a different hash is replaced: its old
        interactions and mentions are deleted first. Actors are upserted (the first
        name and type are kept; a missing type or country is filled in), aliases
        merged, and actors that appear only in interactions are added from the
        interaction's ``source_*``/``target_*`` fields. If anything fails, nothing of
        the batch is stored.

        Parameters
        ----------
        batch : iterable of Extraction
            The extractions; consumed inside the transaction.

        Returns
        -------
        int
            The number of documents newly written (added or replaced).

        Raises
        ------
        StoreError
            If the store cannot be written (for example, it is locked or read-only).
        """
        conn = self.conn
        written: set[str] = set()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
        try:
            for extraction in batch:
                if self._write_extraction(conn, extraction):
                    written.add(extraction.document.id)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
            raise
        return len(written)

    def _write_extraction(self, conn: sqlite3.Connection, extraction: Extraction) -> bool:
        """Write one extraction inside the open transaction; False if it was already stored."""
        doc = extraction.document
        digest = self.content_hash(doc)
        row = conn.execute("SELECT content_hash FROM documents WHERE id = ?", (doc.id,)).fetchone()
        if row is not None:
            if row[0] == digest:
                return False
            conn.execute("DELETE FROM interactions WHERE doc_id = ?", (doc.id,))
            conn.execute("DELETE FROM mentions WHERE doc_id = ?", (doc.id,))
        conn.execute(
            """INSERT INTO documents (id, content_hash, date, title, origin, n_chars, added_at,
                                      publisher, url, author, lang, provenance)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET
                   content_hash = excluded.content_hash, date = excluded.date,
                   title = excluded.title, origin = excluded.origin,
                   n_chars = excluded.n_chars, added_at = excluded.added_at,
                   publisher = excluded.publisher, url = excluded.url,
                   author = excluded.author, lang = excluded.lang,
                   provenance = excluded.provenance""",
            (
                doc.id,
                digest,
                doc.date,
                doc.title,
                doc.origin,
                len(doc.text),
                datetime.now(UTC).isoformat(timespec="seconds"),
                doc.publisher,
                doc.url,
                doc.author,
                doc.lang,
                doc.provenance or "extracted",
            ),
        )

        known: set[str] = set()
        for actor in extraction.actors:
            conn.execute(_UPSERT_ACTOR, (actor.id, actor.name, actor.type, actor.country))
            conn.executemany(
                "INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)",
                [(actor.id, alias) for alias in actor.aliases],
            )
            known.add(actor.id)
        for it in extraction.interactions:
            for aid, name, typ, country in (
                (it.source_id, it.source, it.source_type, it.source_country),
                (it.target_id, it.target, it.target_type, it.target_country),
            ):
                if aid and aid not in known:
                    conn.execute(_UPSERT_ACTOR, (aid, name, typ, country))
                    known.add(aid)
        for aid in extraction.mentions:
            if aid not in known:
                # A mention of an actor the extraction does not describe: keep the
                # count, with the id as a placeholder name unless the actor is known.
                conn.execute("INSERT OR IGNORE INTO actors (id, name) VALUES (?, ?)", (aid, aid))
                known.add(aid)

        conn.executemany(
            "INSERT INTO mentions (doc_id, actor_id, count) VALUES (?, ?, ?)",
            [(doc.id, aid, int(n)) for aid, n in extraction.mentions.items()],
        )
        conn.executemany(
            _INSERT_INTERACTION,
            [
                (
                    it.doc_id,
                    it.date,
                    it.source_id or None,
                    it.target_id or None,
                    it.source,
                    it.target,
                    it.type,
                    it.quad,
                    it.mode,
                    int(bool(it.directed)),
                    it.status,
                    it.trigger,
                    it.sentence,
                    int(it.start),
                    int(it.end),
                    float(it.confidence),
                )
                for it in extraction.interactions
            ],
        )
        return True

    # -- reading -------------------------------------------------------------------------

    @_reading
    def counts(self) -> dict[str, int]:
        """The number of stored documents, actors and interactions.

        Returns
        -------
        dict of str to int
            Keys ``"documents"``, ``"actors"`` and ``"interactions"``.
        """
        conn = self.conn
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("documents", "actors", "interactions")
        }

    def iter_interactions(self) -> Iterator[Interaction]:
        """Yield every stored interaction, ordered by document id, start offset and id.

        Actor types and countries come from the actors table.

        Yields
        ------
        Interaction
            One stored interaction.
        """
        try:
            for r in self.conn.execute(_SELECT_INTERACTIONS):
                yield _interaction(r)
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from exc

    @_reading
    def actors(self) -> list[Actor]:
        """Every stored actor with its aliases (sorted), sorted by id.

        Returns
        -------
        list of Actor
            The actors; a type never recorded comes back as ``""``.
        """
        conn = self.conn
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in conn.execute(
            "SELECT actor_id, alias FROM aliases ORDER BY actor_id, alias"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return [
            Actor(
                id=r["id"],
                name=r["name"] if r["name"] is not None else r["id"],
                type=r["type"] or "",
                country=r["country"],
                aliases=tuple(aliases.get(r["id"], ())),
            )
            for r in conn.execute("SELECT id, name, type, country FROM actors ORDER BY id")
        ]

    @_reading
    def aggregate(
        self, evidence_per_dyad: int = EVIDENCE_PER_DYAD, *, linked_only: bool = False
    ) -> AggregateView:
        """The store summed up in SQL: one row per actor and one per directed dyad.

        Everything is counted by SQLite (GROUP BY and window functions); Python only
        receives the sums, and at most ``evidence_per_dyad`` interactions per dyad.
        So the view's size grows with the number of actors and of pairs of actors
        that interact, not with the number of documents or interactions (the facets
        of a dyad grow with the distinct types, statuses and dates of its
        interactions).

        Parameters
        ----------
        evidence_per_dyad : int, default :data:`EVIDENCE_PER_DYAD`
            Interactions kept in full per dyad, the earliest first (undated last,
            then by document, offset and row id, as :meth:`iter_interactions` orders
            them).
        linked_only : bool, default False
            Read only the actors that take part in an interaction (the page draws no
            others): the view then grows with the actors that interact, not with every
            name the documents mention. ``actors_in_store`` still counts them all.

        Returns
        -------
        AggregateView

        Raises
        ------
        ValueError
            If ``evidence_per_dyad`` is negative.

        Examples
        --------
        >>> with Store(tmp_dir) as store:  # doctest: +SKIP
        ...     view = store.aggregate()
        ...     [(d.source, d.target, d.mentions) for d in view.dyads]
        """
        if evidence_per_dyad < 0:
            raise ValueError("evidence_per_dyad must be 0 or more")
        conn = self.conn
        # One read transaction: every query sees the same store, even while a build
        # writes to it.
        own_transaction = not conn.in_transaction
        if own_transaction:
            conn.execute("BEGIN")
        try:
            totals = conn.execute(_SELECT_TOTALS).fetchone()
            evidence, titles, info = self._dyad_evidence(evidence_per_dyad)
            dyads = self._dyads(evidence)
            actors, strays = self._actor_totals(linked_only)
            return AggregateView(
                actors=actors,
                dyads=dyads,
                interactions=int(totals["interactions"]),
                events=sum(d.events for d in dyads),  # each event counts on one dyad
                documents=self.counts()["documents"],
                documents_with_interactions=int(totals["documents"]),
                evidence_per_dyad=evidence_per_dyad,
                document_titles=titles,
                actors_in_store=self.counts()["actors"] + strays,
                document_info=info,
            )
        finally:
            if own_transaction and conn.in_transaction:
                conn.execute("COMMIT")

    def _actor_totals(self, linked_only: bool = False) -> tuple[list[ActorTotals], int]:
        """Every actor (or every one that takes part in an interaction) with its aliases
        and counts, by id, then the actors without a row; and how many of those there are."""
        conn = self.conn
        rows = [r for r in conn.execute(_SELECT_ACTOR_TOTALS)
                if not linked_only or r["interactions"]]  # fmt: skip
        wanted = {r["id"] for r in rows}
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in conn.execute(
            "SELECT actor_id, alias FROM aliases ORDER BY actor_id, alias"
        ):
            if actor_id in wanted:
                aliases.setdefault(actor_id, []).append(alias)
        actors = [
            ActorTotals(
                id=r["id"],
                name=r["name"] if r["name"] is not None else r["id"],
                type=r["type"] or "",
                country=r["country"],
                aliases=tuple(aliases.get(r["id"], ())),
                mentions=int(r["mentions"]),
                interactions=int(r["interactions"]),
            )
            for r in rows
        ]
        strays = [
            ActorTotals(
                id=r["actor_id"],
                name=r["name"] or "",
                type="",
                country=None,
                aliases=(),
                mentions=0,
                interactions=int(r["interactions"]),
            )
            for r in conn.execute(_SELECT_STRAY_ACTORS)
        ]
        return actors + strays, len(strays)

    def _dyad_evidence(
        self, per_dyad: int
    ) -> tuple[dict[tuple[str, str], list[Interaction]], dict[str, str], dict[str, dict[str, str]]]:
        """The first ``per_dyad`` interactions of each dyad, their documents' titles, and
        where those documents come from."""
        evidence: dict[tuple[str, str], list[Interaction]] = {}
        titles: dict[str, str] = {}
        info: dict[str, dict[str, str]] = {}
        if per_dyad == 0:
            return evidence, titles, info
        for r in self.conn.execute(_SELECT_EVIDENCE, (per_dyad,)):
            it = _interaction(r)
            evidence.setdefault((it.source_id, it.target_id), []).append(it)
            if r["title"]:
                titles[it.doc_id] = r["title"]
            if it.doc_id not in info:
                info[it.doc_id] = _source_of(r)
        return evidence, titles, info

    def _dyads(self, evidence: dict[tuple[str, str], list[Interaction]]) -> list[Dyad]:
        """Every directed dyad with its counts, in the order of its first interaction."""
        conn = self.conn
        facets: dict[tuple[str, str], list[DyadFacet]] = {}
        for r in conn.execute(_KEYED_INTERACTIONS + _SEQUENCED_INTERACTIONS + _SELECT_FACETS):
            facets.setdefault((r["s"], r["t"]), []).append(
                DyadFacet(r["type"], r["status"], r["date"], int(r["mentions"]), int(r["events"]))
            )
        arcs = {
            (r["a"], r["b"]): int(r["events"])
            for r in conn.execute(_KEYED_INTERACTIONS + _SELECT_ARC_EVENTS)
        }
        dyads = []
        for r in conn.execute(_KEYED_INTERACTIONS + _SEQUENCED_INTERACTIONS + _SELECT_DYADS):
            s, t = r["s"], r["t"]
            own = tuple(facets.get((s, t), ()))
            undirected = int(r["mentions"]) > int(r["directed"])
            dyads.append(
                Dyad(
                    source=s,
                    target=t,
                    mentions=int(r["mentions"]),
                    directed=int(r["directed"]),
                    events=sum(f.events for f in own),
                    first_date=r["first_date"],
                    last_date=r["last_date"],
                    types=_facet_sums(own, lambda f: f.type),
                    quads=_facet_sums(own, lambda f: QUAD_CLASS.get(f.type, "neutral")),
                    statuses=_facet_sums(own, lambda f: f.status),
                    facets=own,
                    arc_events=arcs.get((s, t), 0),
                    reverse_arc_events=arcs.get((t, s), 0) if undirected else 0,
                    evidence=tuple(evidence.get((s, t), ())),
                )
            )
        return dyads

    @_reading
    def document_hashes(self) -> dict[str, str]:
        """Every stored document's id and content hash (see :meth:`content_hash`).

        Returns
        -------
        dict of str to str
            Document id to the hex digest of its id, date and text.
        """
        return {
            r["id"]: r["content_hash"]
            for r in self.conn.execute("SELECT id, content_hash FROM documents ORDER BY id")
        }

    @_reading
    def mention_counts(self) -> dict[str, int]:
        """Total mentions of each actor over all stored documents.

        Returns
        -------
        dict of str to int
            Actor id to its summed mention count, for actors with any mention row.
        """
        return {
            actor_id: int(total)
            for actor_id, total in self.conn.execute(
                "SELECT actor_id, SUM(count) FROM mentions GROUP BY actor_id ORDER BY actor_id"
            )
        }

    def verify(self) -> list[str]:
        """Check the store: SQLite's integrity check, and rows whose document is missing.

        Returns
        -------
        list of str
            One line per problem; empty when the store is sound.
        """
        conn = self.conn
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [
                f"row {r[1]} of {r[0]} refers to a missing row of {r[2]}"
                for r in conn.execute("PRAGMA foreign_key_check")
            ]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        return problems

    @_reading
    def document_info(self, doc_ids: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
        """Where documents come from: title, publisher, url, author, language, provenance.

        Parameters
        ----------
        doc_ids : iterable of str, optional
            The documents wanted (default: every stored document).

        Returns
        -------
        dict
            Document id to its fields that are set; ``provenance`` is always there
            (``"extracted"`` for news parsed by actorgraph, the dataset's name for
            imported event records).
        """
        columns = ", ".join(DOCUMENT_SOURCE_FIELDS)
        out: dict[str, dict[str, str]] = {}
        if doc_ids is None:
            for r in self.conn.execute(f"SELECT id, {columns} FROM documents ORDER BY id"):
                out[r["id"]] = _source_of(r)
            return out
        wanted = sorted(set(doc_ids))
        for start in range(0, len(wanted), 500):  # SQLite limits the number of parameters
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT id, {columns} FROM documents WHERE id IN ({marks})", chunk
            ):
                out[r["id"]] = _source_of(r)
        return out

    @_reading
    def provenance_counts(self) -> dict[str, dict[str, int]]:
        """Documents and interactions by provenance (``extracted``, ``gdelt``, ...).

        Returns
        -------
        dict
            Provenance to ``{"documents": int, "interactions": int}``, by name.
        """
        out: dict[str, dict[str, int]] = {}
        for r in self.conn.execute(
            "SELECT provenance, COUNT(*) FROM documents GROUP BY provenance ORDER BY provenance"
        ):
            out[r[0]] = {"documents": int(r[1]), "interactions": 0}
        for r in self.conn.execute(
            """SELECT d.provenance, COUNT(*) FROM interactions AS i
               JOIN documents AS d ON d.id = i.doc_id GROUP BY d.provenance"""
        ):
            out.setdefault(r[0], {"documents": 0, "interactions": 0})["interactions"] = int(r[1])
        return out

    @_reading
    def documents_per_date(self, provenance: Iterable[str] | None = None) -> dict[str, int]:
        """Stored documents per date (``""`` for undated ones): a timeline's denominator.

        Parameters
        ----------
        provenance : iterable of str, optional
            Count only documents of these provenances (default: news parsed by
            actorgraph, ``extracted``; imported event records are not documents).

        Returns
        -------
        dict of str to int
            ``YYYY-MM-DD`` (or ``""``) to the number of documents of that date.
        """
        kinds = sorted(set(provenance)) if provenance is not None else ["extracted"]
        marks = ", ".join("?" * len(kinds))
        return {
            (r[0] or ""): int(r[1])
            for r in self.conn.execute(
                f"""SELECT date, COUNT(*) FROM documents WHERE provenance IN ({marks})
                    GROUP BY date ORDER BY date""",
                kinds,
            )
        }

    @_reading
    def documents(self) -> list[dict]:
        """The stored documents, sorted by id.

        Returns
        -------
        list of dict
            One dict per document with keys ``id``, ``date``, ``title`` and ``origin``.
        """
        return [
            {"id": r["id"], "date": r["date"], "title": r["title"], "origin": r["origin"]}
            for r in self.conn.execute("SELECT id, date, title, origin FROM documents ORDER BY id")
        ]
