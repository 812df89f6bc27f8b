"""The SQLite store: documents, actors, aliases, mentions and interactions of one build."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from actorgraph import __version__
from actorgraph.errors import StoreError
from actorgraph.model import Actor, Document, Extraction, Interaction

#: The schema version this actorgraph writes and reads.
SCHEMA_VERSION = 1

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
        added_at TEXT
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
)

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

    Raises
    ------
    StoreError
        If the store is missing (with ``create=False``), if the file is not an
        actorgraph store, or if it was written by a newer actorgraph.

    Examples
    --------
    >>> with Store(tmp_dir) as store:  # doctest: +SKIP
    ...     store.add_extractions(extractions)
    ...     store.counts()
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        p = Path(path)
        if p.is_dir():
            p = p / DEFAULT_FILENAME
        self.path: Path = p
        self._conn: sqlite3.Connection | None = None

        if not p.exists():
            if not create:
                raise StoreError(f"no actorgraph store at {p}: build one first")
            p.parent.mkdir(parents=True, exist_ok=True)
        elif not p.is_file():
            raise StoreError(f"{p} is not an actorgraph store")
        elif p.stat().st_size > 0:
            with p.open("rb") as fh:
                if fh.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                    raise StoreError(f"{p} is not an actorgraph store")

        try:
            if create:
                conn = sqlite3.connect(p, isolation_level=None)
            else:
                conn = sqlite3.connect(
                    f"{p.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None
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
        """Close the store; closing twice is harmless."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

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
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
        try:
            for extraction in batch:
                if self._write_extraction(conn, extraction):
                    written.add(extraction.document.id)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
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
            """INSERT INTO documents (id, content_hash, date, title, origin, n_chars, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET
                   content_hash = excluded.content_hash, date = excluded.date,
                   title = excluded.title, origin = excluded.origin,
                   n_chars = excluded.n_chars, added_at = excluded.added_at""",
            (
                doc.id,
                digest,
                doc.date,
                doc.title,
                doc.origin,
                len(doc.text),
                datetime.now(UTC).isoformat(timespec="seconds"),
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
        for r in self.conn.execute(_SELECT_INTERACTIONS):
            yield Interaction(
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
