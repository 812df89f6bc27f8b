"""The store's schema: its tables, its version, and the migrations of older stores."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from actorgraph import __version__
from actorgraph.errors import StoreError

#: The schema version this actorgraph writes and reads. Older stores are migrated on
#: opening (see :data:`MIGRATIONS`); newer ones are refused.
SCHEMA_VERSION = 5

#: The tables and indexes of a store of :data:`SCHEMA_VERSION`.
SCHEMA = (
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
    # ``country_source``: "text" (the text places the actor) or "inferred" (the
    # country its documents are about; see actorgraph.resolve.resolve_corpus)
    """CREATE TABLE IF NOT EXISTS actors (
        id TEXT PRIMARY KEY,
        name TEXT,
        type TEXT,
        country TEXT,
        sector TEXT,
        country_source TEXT
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
        confidence REAL,
        source_raw TEXT,
        target_raw TEXT,
        source_sector TEXT,
        target_sector TEXT
    )""",
    *(
        # What extraction found, before corpus-wide resolution (see
        # :func:`actorgraph.resolve.resolve_store`), which rewrites ``actors``,
        # ``aliases``, ``mentions`` and the interactions' actor ids from these.
        # ``inferred_country``: the documents' guess where no text places the actor
        # ("-": they disagree or doubt it)
        """CREATE TABLE IF NOT EXISTS raw_actors (
        id TEXT PRIMARY KEY,
        name TEXT,
        type TEXT,
        country TEXT,
        sector TEXT,
        inferred_country TEXT
    )""",
        """CREATE TABLE IF NOT EXISTS raw_aliases (
        actor_id TEXT NOT NULL,
        alias TEXT NOT NULL,
        PRIMARY KEY (actor_id, alias)
    )""",
        """CREATE TABLE IF NOT EXISTS raw_mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        actor_id TEXT NOT NULL,
        count INT NOT NULL,
        PRIMARY KEY (doc_id, actor_id)
    )""",
        # Interactions resolution set aside (an ignored actor; two names of one actor
        # linked): the columns of ``interactions`` (added on use) and why. Put back
        # before every resolution, so that a correction undone brings them back.
        """CREATE TABLE IF NOT EXISTS set_aside (
        id INTEGER PRIMARY KEY,
        doc_id TEXT,
        reason TEXT
    )""",
        # raw actor id -> resolved actor id (NULL: ignored), and why
        """CREATE TABLE IF NOT EXISTS resolution (
        raw_id TEXT PRIMARY KEY,
        actor_id TEXT,
        how TEXT
    )""",
    ),
    "CREATE INDEX IF NOT EXISTS ix_interactions_doc_id ON interactions(doc_id)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_source_id ON interactions(source_id)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_target_id ON interactions(target_id)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_date ON interactions(date)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_type ON interactions(type)",
    "CREATE INDEX IF NOT EXISTS ix_mentions_actor_id ON mentions(actor_id)",
    "CREATE INDEX IF NOT EXISTS ix_aliases_alias ON aliases(alias)",
    "CREATE INDEX IF NOT EXISTS ix_documents_provenance ON documents(provenance)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_source_raw ON interactions(source_raw)",
    "CREATE INDEX IF NOT EXISTS ix_interactions_target_raw ON interactions(target_raw)",
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
        "publisher TEXT",
        "url TEXT",
        "author TEXT",
        "lang TEXT",
        "provenance TEXT NOT NULL DEFAULT 'extracted'",
    ):
        if column.split()[0] not in have:
            conn.execute(f"ALTER TABLE documents ADD COLUMN {column}")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_documents_provenance ON documents(provenance)")


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Version 4 keeps what extraction found apart from the corpus-wide resolution of
    actors (raw actors, aliases, mentions and each interaction's raw ends), and adds
    sectors to actors and interaction ends. What a version-3 store holds is taken as
    found."""
    # The new tables, and any an old store lacks, as this version has them.
    for statement in SCHEMA:
        if statement.startswith("CREATE TABLE"):
            conn.execute(statement)
    for table, columns in (
        ("actors", ("sector",)),
        ("interactions", ("source_raw", "target_raw", "source_sector", "target_sector")),
    ):
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    conn.execute("INSERT OR IGNORE INTO raw_actors (id, name, type, country) "
                 "SELECT id, name, type, country FROM actors")  # fmt: skip
    conn.execute("INSERT OR IGNORE INTO raw_aliases SELECT actor_id, alias FROM aliases")
    conn.execute("INSERT OR IGNORE INTO raw_mentions SELECT doc_id, actor_id, count FROM mentions")
    conn.execute(
        "UPDATE interactions SET source_raw = COALESCE(source_raw, source_id), "
        "target_raw = COALESCE(target_raw, target_id)"
    )
    for statement in SCHEMA:
        if "ON interactions(source_raw)" in statement or "ON interactions(target_raw)" in statement:
            conn.execute(statement)


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Version 5 says where an actor's country comes from (``actors.country_source``:
    the text, or inferred from what its documents are about) and keeps the documents'
    guesses (``raw_actors.inferred_country``). A version-4 store's countries are the
    text's; it has no guesses until its documents are extracted again."""
    for table, column in (("actors", "country_source"), ("raw_actors", "inferred_country")):
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    conn.execute("UPDATE actors SET country_source = 'text' WHERE country IS NOT NULL")


#: ``MIGRATIONS[n]`` turns a store of schema version ``n`` into one of version ``n + 1``,
#: inside the transaction that records the new version.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
}


def check_or_init(conn: sqlite3.Connection, path: Path, *, create: bool) -> None:
    """Check that ``conn`` holds a store we can read; create the schema if it is empty."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        if not create:
            raise StoreError(f"{path} is not an actorgraph store")
        create_schema(conn)
        return
    if "meta" not in tables:
        raise StoreError(f"{path} is not an actorgraph store")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row is not None else None
    except (TypeError, ValueError):
        version = None
    if version is None or version < 1:
        raise StoreError(f"{path} is not an actorgraph store")
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    newest = max(version, user_version)
    if newest > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer actorgraph (store schema version "
            f"{newest}, this actorgraph {__version__} reads version {SCHEMA_VERSION}): "
            "upgrade actorgraph to open it"
        )
    if version < SCHEMA_VERSION:
        migrate(conn, path, version)


def migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
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
                f"{path} has store schema version {version}, and upgrading it to "
                f"version {SCHEMA_VERSION} failed ({exc}): make the file writable and "
                "run again"
            ) from exc
        raise


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables, indexes and meta rows in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA:
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
