"""The SQLite store: documents, actors, aliases, mentions and interactions of one build."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from actorgraph.errors import FilterError, StoreError
from actorgraph.filters import GraphFilter
from actorgraph.model import QUAD_CLASS, Actor, Document, Extraction, Interaction, RawActor
from actorgraph.schema import DOCUMENT_SOURCE_FIELDS, check_or_init
from actorgraph.store_lock import LOCK_SUFFIX, StoreLock
from actorgraph.summary import (
    EVIDENCE_PER_DYAD,
    ActorTotals,
    Dyad,
    DyadFacet,
    Summary,
    facet_sums,
    keyed_sql,
)

#: Seconds a connection waits for another one's write transaction (a reader's
#: checkpoint, a migration) before giving up.
BUSY_TIMEOUT = 5.0

#: How a store can be seen: one node per actor, per country (GDELT-style dyads) or
#: per country and sector ("GBRGOV").
LEVELS = ("actor", "country", "sector")

#: The file name used when a store path names a directory.
DEFAULT_FILENAME = "actorgraph.db"

_SQLITE_MAGIC = b"SQLite format 3\x00"

_UPSERT_ACTOR = """
    INSERT INTO actors (id, name, type, country, sector, country_source)
    VALUES (?, ?, ?, ?, ?, CASE WHEN ?4 IS NOT NULL THEN 'text' END)
    ON CONFLICT(id) DO UPDATE SET
        type = COALESCE(actors.type, excluded.type),
        country = COALESCE(actors.country, excluded.country),
        sector = COALESCE(actors.sector, excluded.sector),
        country_source = COALESCE(actors.country_source, excluded.country_source)
"""

# Documents' guesses at a country agree or become "-" (a doubt), whatever their order.
_UPSERT_RAW_ACTOR = """
    INSERT INTO raw_actors (id, name, type, country, sector, inferred_country)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET
        type = COALESCE(raw_actors.type, excluded.type),
        country = COALESCE(raw_actors.country, excluded.country),
        sector = COALESCE(raw_actors.sector, excluded.sector),
        inferred_country = CASE
            WHEN raw_actors.inferred_country IS NULL THEN excluded.inferred_country
            WHEN excluded.inferred_country IS NULL
                 OR excluded.inferred_country = raw_actors.inferred_country
            THEN raw_actors.inferred_country
            ELSE '-' END
"""

_INSERT_INTERACTION = """
    INSERT INTO interactions (
        doc_id, date, source_id, target_id, source, target, type, quad, mode,
        directed, status, "trigger", sentence, "start", "end", confidence,
        source_raw, target_raw
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

# Each raw actor with its mentions and the first and last dates of its documents.
_SELECT_RAW_ACTORS = """
    WITH spans AS (
        SELECT m.actor_id, SUM(m.count) AS mentions,
               MIN(NULLIF(d.date, '')) AS first_date, MAX(NULLIF(d.date, '')) AS last_date
        FROM raw_mentions AS m LEFT JOIN documents AS d ON d.id = m.doc_id
        GROUP BY m.actor_id
    )
    SELECT r.id, r.name, r.type, r.country, r.sector, r.inferred_country,
           COALESCE(s.mentions, 0) AS mentions,
           s.first_date, s.last_date
    FROM raw_actors AS r LEFT JOIN spans AS s ON s.actor_id = r.id
    ORDER BY r.id
"""

_SELECT_INTERACTIONS = """
    SELECT i.doc_id, i.date, i.source_id, i.target_id, i.source, i.target, i.type,
           i.mode, i.directed, i.status, i."trigger", i.sentence, i."start", i."end",
           i.confidence,
           s.type AS source_type, s.country AS source_country,
           t.type AS target_type, t.country AS target_country,
           s.sector AS source_sector, t.sector AS target_sector
    FROM interactions AS i
    LEFT JOIN actors AS s ON s.id = i.source_id
    LEFT JOIN actors AS t ON t.id = i.target_id
    ORDER BY i.doc_id, i."start", i.id
"""

# The same, with each interaction's edge key in the unfiltered multigraph (its place
# among the interactions of its dyad), the place of its dyad's first interaction among
# all (which orders the multigraph's edges) and a WHERE clause of :func:`_where`.
_SELECT_KEYED_INTERACTIONS = """
    SELECT * FROM (
        SELECT i.doc_id, i.date, i.source_id, i.target_id, i.source, i.target, i.type,
               i.mode, i.directed, i.status, i."trigger", i.sentence, i."start", i."end",
               i.confidence, i.id,
               s.type AS source_type, s.country AS source_country,
               t.type AS target_type, t.country AS target_country,
               ROW_NUMBER() OVER (
                   PARTITION BY COALESCE(i.source_id, ''), COALESCE(i.target_id, '')
                   ORDER BY i.doc_id, i."start", i.id
               ) - 1 AS edge_key,
               MIN(i.seq) OVER (
                   PARTITION BY COALESCE(i.source_id, ''), COALESCE(i.target_id, '')
               ) AS dyad_first
        FROM (
            SELECT *, ROW_NUMBER() OVER (ORDER BY doc_id, "start", id) AS seq
            FROM interactions
        ) AS i
        LEFT JOIN actors AS s ON s.id = i.source_id
        LEFT JOIN actors AS t ON t.id = i.target_id
    ) AS i
    WHERE {where}
    ORDER BY i.doc_id, i."start", i.id
"""

# The interactions a filter keeps, as a temporary table of the columns of
# ``interactions``: the queries of :meth:`Store.aggregate` then read it instead.
_KEEP = """
    CREATE TEMP TABLE kept AS
    SELECT i.* FROM interactions AS i
    LEFT JOIN actors AS s ON s.id = i.source_id
    LEFT JOIN actors AS t ON t.id = i.target_id
    WHERE {where}
"""

# Then drop the interactions of pairs (in either direction) with fewer than ``?``
# events or mentions.
_DROP_WEAK_PAIRS = """
    DELETE FROM temp.kept WHERE id IN (
        {keyed}
        , pairs AS (
            SELECT MIN(s, t) AS a, MAX(s, t) AS b, COUNT(*) AS mentions,
                   COUNT(DISTINCT event_source || char(31) || event_target || char(31)
                         || type || char(31) || day || char(31) || status) AS events
            FROM keyed GROUP BY MIN(s, t), MAX(s, t)
        )
        SELECT keyed.id FROM keyed
        JOIN pairs ON pairs.a = MIN(keyed.s, keyed.t) AND pairs.b = MAX(keyed.s, keyed.t)
        WHERE pairs.{unit} < ?
    )
"""


def _where(f: GraphFilter) -> tuple[str, list[object]]:
    """The SQL condition of a filter's per-interaction parts, on ``i`` (an interaction
    row) joined with ``s`` and ``t`` (its actors' rows), or on a row with
    ``source_country`` and ``target_country``; and its parameters.

    It keeps what :meth:`GraphFilter.keeps` keeps: dates compare as text on their
    first characters (so ``i.date >= since`` is exact, and uses the date index).
    """
    where: list[str] = []
    params: list[object] = []
    if f.since or f.until:
        where.append("COALESCE(i.date, '') <> ''")
    if f.since:
        where.append("i.date >= ?")
        params.append(f.since)
    if f.until:
        where.append("substr(i.date, 1, ?) <= ?")
        params += [len(f.until), f.until]
    if f.types is not None:
        where.append(f"UPPER(COALESCE(i.type, '')) IN ({_marks(f.types)})")
        params += sorted(f.types)
    quads = f.quad_types()
    if quads is not None:
        known, neutral = quads
        either = [f"COALESCE(i.type, '') IN ({_marks(known)})"]
        params += sorted(known)
        if neutral:
            either.append(f"COALESCE(i.type, '') NOT IN ({_marks(QUAD_CLASS)})")
            params += sorted(QUAD_CLASS)
        where.append("(" + " OR ".join(either) + ")")
    if f.statuses is not None:
        where.append(f"i.status IN ({_marks(f.statuses)})")
        params += sorted(f.statuses)
    if f.countries is not None:
        marks = _marks(f.countries)
        where.append(
            f"(UPPER(COALESCE({{source_country}}, '')) IN ({marks}) "
            f"OR UPPER(COALESCE({{target_country}}, '')) IN ({marks}))"
        )
        params += sorted(f.countries) * 2
    if f.min_confidence is not None:
        where.append("i.confidence >= ?")
        params.append(f.min_confidence)
    if f.provenance is not None:
        # through the provenance index: the documents of those provenances
        where.append(
            f"i.doc_id IN (SELECT id FROM documents WHERE provenance IN ({_marks(f.provenance)}))"
        )
        params += sorted(f.provenance)
    return " AND ".join(where) or "1", params


def _marks(values: object) -> str:
    return ", ".join("?" for _ in values)  # type: ignore[attr-defined]


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
    FROM {table}
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
        FROM {table}
    )
    SELECT i.doc_id, i.date, i.source_id, i.target_id, i.source, i.target, i.type,
           i.mode, i.directed, i.status, i."trigger", i.sentence, i."start", i."end",
           i.confidence,
           s.type AS source_type, s.country AS source_country,
           t.type AS target_type, t.country AS target_country,
           d.title AS title, d.publisher AS publisher, d.url AS url, d.author AS author,
           d.provenance AS provenance
    FROM ranked
    JOIN {table} AS i ON i.id = ranked.id
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
        SELECT source_id AS actor_id FROM {table}
        UNION ALL
        SELECT target_id FROM {table} WHERE target_id IS NOT source_id
    ), taking_part AS (
        SELECT actor_id, COUNT(*) AS n FROM ends GROUP BY actor_id
    ), mentioned AS (
        SELECT actor_id, SUM(count) AS n FROM mentions NOT INDEXED GROUP BY actor_id
    )
    SELECT a.id, a.name, a.type, a.country, a.country_source,
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
        FROM {table}
        UNION ALL
        SELECT COALESCE(target_id, ''), target, doc_id, "start", id, 1,
               COALESCE(target_id, '') IS NOT COALESCE(source_id, '')
        FROM {table}
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
        # Another program may have written NULL or text here: read it as no offset.
        start=int(_number(r["start"], 0)),
        end=int(_number(r["end"], 0)),
        confidence=float(_number(r["confidence"], 0.5)),
        source_sector=r["source_sector"] if "source_sector" in r.keys() else None,
        target_sector=r["target_sector"] if "target_sector" in r.keys() else None,
    )


def _number(value: object, default: int | float) -> int | float:
    """A stored number as written, or ``default`` for NULL or anything not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return value


def _source_of(r: sqlite3.Row) -> dict[str, str]:
    """A document row's provenance fields that are set (``provenance`` always)."""
    keys = r.keys()
    out = {k: str(r[k]) for k in DOCUMENT_SOURCE_FIELDS if k in keys and r[k]}
    out.setdefault("provenance", "extracted")
    return out


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
    read_only : bool, default False
        Open for reading only (implies ``create=False``), as the reading commands do:
        a store the user may not write (another user's file, a read-only mount) is
        read all the same; where SQLite cannot even keep its shared-memory file
        beside it, the file is read as immutable.

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

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        lock: bool = False,
        read_only: bool = False,
        level: str = "actor",
    ) -> None:
        if level not in LEVELS:
            raise FilterError(f"--level must be one of {', '.join(LEVELS)}, not {level!r}")
        p = Path(path)
        self.read_only = read_only
        if read_only:
            create, lock = False, False
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
            if level != "actor":
                self._see_as(level)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise
        self.level = level

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

        if self.read_only:
            self._conn = self._open_read_only(p)
            return
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
            check_or_init(conn, self.path, create=create)
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

    def _see_as(self, level: str) -> None:
        """Show the store as countries or as country+sector: temporary tables named
        ``actors``, ``aliases``, ``mentions`` and ``interactions`` (which SQLite reads
        before the stored ones of those names) hold one node per country
        (GDELT-style dyads, "GBR") or per country and sector ("GBRGOV"); an actor with
        no country stays itself. Everything that reads the store then reads that view.
        """
        from actorgraph import knowledge

        conn = self.conn
        conn.create_function("country_label", 1, knowledge.country_name, deterministic=True)
        if level == "country":
            key = "COALESCE(a.country, a.id)"
        else:
            key = (
                "CASE WHEN a.country IS NULL THEN a.id ELSE a.country || COALESCE(a.sector, '') END"
            )
        name = (
            "CASE WHEN a.country IS NULL THEN a.name "
            "ELSE COALESCE(country_label(a.country), a.country) END"
        )
        if level == "sector":
            name = f"{name} || COALESCE(' ' || a.sector, '')"
        columns = [r[1] for r in conn.execute("PRAGMA main.table_info(interactions)")]
        conn.execute(
            f"""CREATE TEMP TABLE level_map AS
                SELECT a.id AS actor_id, {key} AS id, {name} AS name,
                       CASE WHEN a.country IS NULL THEN a.type
                            WHEN a.sector IS NULL AND a.country = a.id THEN 'COUNTRY'
                            WHEN a.sector IS NULL AND a.type = 'COUNTRY' THEN 'COUNTRY'
                            ELSE a.type END AS type,
                       a.country AS country, a.country_source AS country_source,
                       CASE WHEN '{level}' = 'sector' THEN a.sector END AS sector,
                       a.name AS member
                FROM main.actors AS a"""
        )
        conn.execute(
            """CREATE TEMP TABLE actors AS
               SELECT id, MIN(name) AS name,
                      CASE WHEN SUM(type = 'COUNTRY') > 0 THEN 'COUNTRY' ELSE MIN(type) END
                          AS type,
                      MIN(country) AS country, MIN(sector) AS sector,
                      MAX(country_source) AS country_source
               FROM temp.level_map GROUP BY id"""
        )
        conn.execute(
            "CREATE TEMP TABLE aliases AS SELECT DISTINCT id AS actor_id, member AS alias "
            "FROM temp.level_map"
        )
        conn.execute(
            """CREATE TEMP TABLE mentions AS
               SELECT m.doc_id, COALESCE(l.id, m.actor_id) AS actor_id, SUM(m.count) AS count
               FROM main.mentions AS m LEFT JOIN temp.level_map AS l ON l.actor_id = m.actor_id
               GROUP BY m.doc_id, COALESCE(l.id, m.actor_id)"""
        )
        picked = []
        for c in columns:
            if c in ("source_id", "target_id"):
                end = c.split("_")[0]
                picked.append(f"COALESCE({end[0]}.id, i.{c}) AS {c}")
            elif c in ("source", "target"):
                picked.append(f"COALESCE({c[0]}.name, i.{c}) AS {c}")
            else:
                picked.append(f'i."{c}"')
        conn.execute(
            f"""CREATE TEMP TABLE interactions AS SELECT {", ".join(picked)}
                FROM main.interactions AS i
                LEFT JOIN temp.level_map AS s ON s.actor_id = i.source_id
                LEFT JOIN temp.level_map AS t ON t.actor_id = i.target_id"""
        )
        for table, column in (("interactions", "source_id"), ("interactions", "target_id"),
                              ("interactions", "doc_id"), ("mentions", "actor_id")):  # fmt: skip
            conn.execute(f"CREATE INDEX temp.ix_{table}_{column} ON {table}({column})")

    def _open_read_only(self, p: Path) -> sqlite3.Connection:
        """Connect with ``mode=ro``; where that cannot work (no -shm file and no right to
        make one), with ``immutable=1``, which reads the file as it is on disk."""
        last: sqlite3.Error | None = None
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(
                    f"{p.resolve().as_uri()}?{query}",
                    uri=True,
                    isolation_level=None,
                    timeout=BUSY_TIMEOUT,
                )
            except sqlite3.Error as exc:
                last = exc
                continue
            conn.row_factory = sqlite3.Row
            try:
                check_or_init(conn, self.path, create=False)
            except StoreError:
                conn.close()
                raise
            except sqlite3.OperationalError as exc:  # cannot open -shm/-wal: try immutable
                conn.close()
                last = exc
                continue
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise StoreError(f"{p} is not an actorgraph store ({exc})") from exc
            return conn
        raise StoreError(f"cannot read the store {p}: {last}")

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

    @_reading
    def stored_as(self, doc: Document) -> tuple[str, str | None]:
        """How a document stands against the store, and the origin stored under its id.

        Parameters
        ----------
        doc : Document
            The document.

        Returns
        -------
        tuple of (str, str or None)
            ``"new"`` when no document has its id; ``"same"`` when the same content is
            stored under it; ``"changed"`` when another text of the same article (the
            same file) is: the new one replaces it; ``"other"`` when the text of another
            file is: a different article, which must not replace it. Then the stored
            origin (None for a new document).
        """
        from actorgraph.ingest import same_file

        row = self.conn.execute(
            "SELECT content_hash, origin FROM documents WHERE id = ?", (doc.id,)
        ).fetchone()
        if row is None:
            return "new", None
        if row[0] == self.content_hash(doc):
            return "same", row[1]
        return ("changed" if same_file(row[1], doc.origin) else "other"), row[1]

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
            conn.execute("DELETE FROM raw_mentions WHERE doc_id = ?", (doc.id,))
            conn.execute("DELETE FROM set_aside WHERE doc_id = ?", (doc.id,))
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
        # Each actor goes both to the raw tables (what extraction found, which
        # resolution reads) and to the resolved ones (as found, until resolved).
        for actor in extraction.actors:
            row = (actor.id, actor.name, actor.type, actor.country, actor.sector)
            conn.execute(_UPSERT_ACTOR, row)
            conn.execute(_UPSERT_RAW_ACTOR, (*row, actor.inferred_country))
            for table in ("aliases", "raw_aliases"):
                conn.executemany(
                    f"INSERT OR IGNORE INTO {table} (actor_id, alias) VALUES (?, ?)",
                    [(actor.id, alias) for alias in actor.aliases],
                )
            known.add(actor.id)
        for it in extraction.interactions:
            for aid, name, typ, country in (
                (it.source_id, it.source, it.source_type, it.source_country),
                (it.target_id, it.target, it.target_type, it.target_country),
            ):
                if aid and aid not in known:
                    conn.execute(_UPSERT_ACTOR, (aid, name, typ, country, None))
                    conn.execute(_UPSERT_RAW_ACTOR, (aid, name, typ, country, None, None))
                    known.add(aid)
        for aid in extraction.mentions:
            if aid not in known:
                # A mention of an actor the extraction does not describe: keep the
                # count, with the id as a placeholder name unless the actor is known.
                conn.execute("INSERT OR IGNORE INTO actors (id, name) VALUES (?, ?)", (aid, aid))
                conn.execute(
                    "INSERT OR IGNORE INTO raw_actors (id, name) VALUES (?, ?)", (aid, aid)
                )
                known.add(aid)

        for table in ("mentions", "raw_mentions"):
            conn.executemany(
                f"INSERT INTO {table} (doc_id, actor_id, count) VALUES (?, ?, ?)",
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
                    it.source_id or None,
                    it.target_id or None,
                )
                for it in extraction.interactions
            ],
        )
        return True

    # -- resolution ----------------------------------------------------------------------

    def _aliases_by_actor(self, table: str) -> dict[str, list[str]]:
        """Each actor's aliases, sorted, from ``aliases`` or ``raw_aliases``."""
        if table not in ("aliases", "raw_aliases"):
            raise ValueError(f"no alias table {table!r}")
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in self.conn.execute(
            f"SELECT actor_id, alias FROM {table} ORDER BY actor_id, alias"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return aliases

    @_reading
    def raw_actors(self) -> list[RawActor]:
        """Every actor as extraction found it, with its mentions, aliases and the first
        and last dates of the documents that mention it, sorted by id."""
        conn = self.conn
        aliases = self._aliases_by_actor("raw_aliases")
        return [
            RawActor(
                id=r["id"],
                name=r["name"] if r["name"] is not None else r["id"],
                type=r["type"] or "",
                country=r["country"],
                aliases=tuple(aliases.get(r["id"], ())),
                mentions=int(r["mentions"]),
                first_date=r["first_date"],
                last_date=r["last_date"],
                sector=r["sector"],
                inferred_country=r["inferred_country"],
            )
            for r in conn.execute(_SELECT_RAW_ACTORS)
        ]

    def apply_resolution(
        self, actors: Iterable[Actor], mapping: dict[str, str | None], how: dict[str, str]
    ) -> dict[str, int]:
        """Rewrite the resolved tables from the raw ones, in one transaction.

        Parameters
        ----------
        actors : iterable of Actor
            The resolved actors (with their aliases).
        mapping : dict
            Raw actor id -> resolved actor id, or None for an actor to ignore (its
            interactions go). A raw id missing here keeps its own id.
        how : dict
            Raw actor id -> why it was mapped so ("name", "surname", "dictionary", ...).

        Returns
        -------
        dict of str to int
            ``ignored``: interactions set aside with an ignored actor; ``self``:
            interactions between two names of one actor, set aside. Both come back
            on the next resolution that no longer sets them aside.
        """
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
        try:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            columns = self._set_aside_columns()
            listed = ", ".join(f'"{c}"' for c in columns)
            # What the last resolution set aside comes back first.
            conn.execute(f"INSERT INTO interactions ({listed}) SELECT {listed} FROM set_aside")
            conn.execute("DELETE FROM set_aside")
            conn.execute("DROP TABLE IF EXISTS temp.resolved")
            conn.execute("CREATE TEMP TABLE resolved (raw_id TEXT PRIMARY KEY, actor_id TEXT)")
            conn.executemany("INSERT INTO temp.resolved VALUES (?, ?)", mapping.items())
            actors = list(actors)
            names = {a.id: a.name for a in actors}
            ignored = self._set_aside(
                listed,
                "ignored",
                """SELECT i.id FROM interactions AS i JOIN temp.resolved AS r
                   ON r.raw_id IN (i.source_raw, i.target_raw) WHERE r.actor_id IS NULL""",
            )
            for end in ("source", "target"):
                conn.execute(
                    f"""UPDATE interactions SET {end}_id = COALESCE(r.actor_id, {end}_raw)
                        FROM (SELECT i.id AS iid, r.actor_id FROM interactions AS i
                              LEFT JOIN temp.resolved AS r ON r.raw_id = i.{end}_raw
                              WHERE i.{end}_raw IS NOT NULL) AS r
                        WHERE interactions.id = r.iid"""
                )
            conn.execute("DROP TABLE IF EXISTS temp.resolved_names")
            conn.execute("CREATE TEMP TABLE resolved_names (id TEXT PRIMARY KEY, name TEXT)")
            conn.executemany("INSERT INTO temp.resolved_names VALUES (?, ?)", names.items())
            for end in ("source", "target"):
                conn.execute(
                    f"""UPDATE interactions SET {end} = n.name FROM temp.resolved_names AS n
                        WHERE n.id = interactions.{end}_id AND {end}_raw IS NOT NULL"""
                )
            merged = self._set_aside(
                listed,
                "self",
                "SELECT id FROM interactions WHERE source_id = target_id "
                "AND source_raw IS NOT target_raw",
            )
            conn.execute("DELETE FROM mentions")
            conn.execute(
                """INSERT INTO mentions (doc_id, actor_id, count)
                   SELECT m.doc_id, COALESCE(r.actor_id, m.actor_id), SUM(m.count)
                   FROM raw_mentions AS m LEFT JOIN temp.resolved AS r ON r.raw_id = m.actor_id
                   WHERE r.raw_id IS NULL OR r.actor_id IS NOT NULL
                   GROUP BY m.doc_id, COALESCE(r.actor_id, m.actor_id)"""
            )
            conn.execute("DELETE FROM aliases")
            conn.execute("DELETE FROM actors")
            conn.executemany(
                "INSERT INTO actors (id, name, type, country, sector, country_source) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        a.id,
                        a.name,
                        a.type,
                        a.country,
                        a.sector,
                        (a.country_source or "text") if a.country else None,
                    )
                    for a in actors
                ],  # fmt: skip
            )
            conn.executemany(
                "INSERT OR IGNORE INTO aliases (actor_id, alias) VALUES (?, ?)",
                [(a.id, alias) for a in actors for alias in a.aliases],
            )
            for end in ("source", "target"):
                conn.execute(
                    f"""UPDATE interactions SET {end}_sector =
                        (SELECT a.sector FROM actors AS a WHERE a.id = interactions.{end}_id)"""
                )
            conn.execute("DELETE FROM resolution")
            conn.executemany(
                "INSERT INTO resolution (raw_id, actor_id, how) VALUES (?, ?, ?)",
                [(raw, target, how.get(raw)) for raw, target in sorted(mapping.items())],
            )
            conn.execute("DROP TABLE temp.resolved")
            conn.execute("DROP TABLE temp.resolved_names")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc
            raise
        return {"ignored": ignored, "self": merged}

    def _set_aside_columns(self) -> list[str]:
        """The columns of ``interactions``, each also a column of ``set_aside`` (added
        there when missing, so that a column added to interactions later is kept)."""
        conn = self.conn
        columns = [r[1] for r in conn.execute("PRAGMA table_info(interactions)")]
        have = {r[1] for r in conn.execute("PRAGMA table_info(set_aside)")}
        for column in columns:
            if column not in have:
                conn.execute(f'ALTER TABLE set_aside ADD COLUMN "{column}"')
        return columns

    def _set_aside(self, listed: str, reason: str, ids_query: str) -> int:
        """Move the interactions ``ids_query`` selects to ``set_aside``; how many."""
        conn = self.conn
        conn.execute(
            f"INSERT INTO set_aside ({listed}, reason) SELECT {listed}, ? FROM interactions "
            f"WHERE id IN ({ids_query})",
            (reason,),
        )
        return conn.execute(f"DELETE FROM interactions WHERE id IN ({ids_query})").rowcount

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

    def iter_interactions(
        self, where: GraphFilter | None = None, *, keys: bool = False
    ) -> Iterator[Any]:
        """Yield every stored interaction, ordered by document id, start offset and id.

        Actor types and countries come from the actors table.

        Parameters
        ----------
        where : GraphFilter, optional
            Only the interactions its per-interaction filters keep (``min_weight``,
            a pair's total, is not applied), selected in SQL.
        keys : bool, default False
            Yield ``(interaction, key, first)``: the interaction's edge key in the
            multigraph of every interaction (its place among those from its source to
            its target), and the place of its dyad's first interaction among all.

        Yields
        ------
        Interaction
            One stored interaction (or a pair, with ``keys``).
        """
        if where is not None and where.per_interaction or keys:
            condition, params = _where(where or GraphFilter())
            condition = condition.format(
                source_country="i.source_country", target_country="i.target_country"
            )
            query, args = _SELECT_KEYED_INTERACTIONS.format(where=condition), params
        else:
            query, args = _SELECT_INTERACTIONS, []
        try:
            for r in self.conn.execute(query, args):
                if keys:
                    yield _interaction(r), int(r["edge_key"]), int(r["dyad_first"])
                else:
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
        aliases = self._aliases_by_actor("aliases")
        return [
            Actor(
                id=r["id"],
                name=r["name"] if r["name"] is not None else r["id"],
                type=r["type"] or "",
                country=r["country"],
                aliases=tuple(aliases.get(r["id"], ())),
                sector=r["sector"],
                country_source=r["country_source"],
            )
            for r in conn.execute(
                "SELECT id, name, type, country, sector, country_source FROM actors ORDER BY id"
            )
        ]

    @_reading
    def aggregate(
        self,
        evidence_per_dyad: int = EVIDENCE_PER_DYAD,
        *,
        linked_only: bool = False,
        where: GraphFilter | None = None,
    ) -> Summary:
        """The store summed up in SQL: one row per actor and one per directed dyad.

        Everything is counted by SQLite (GROUP BY and window functions); Python only
        receives the sums, and at most ``evidence_per_dyad`` interactions per dyad.
        So the summary's size grows with the number of actors and of pairs of actors
        that interact, not with the number of documents or interactions (the facets
        of a dyad grow with the distinct types, statuses and dates of its
        interactions). :func:`actorgraph.summary.summarise` computes the same in Python.

        Parameters
        ----------
        evidence_per_dyad : int, default :data:`EVIDENCE_PER_DYAD`
            Interactions kept in full per dyad, the earliest first (undated last,
            then by document, offset and row id, as :meth:`iter_interactions` orders
            them).
        linked_only : bool, default False
            Read only the actors that take part in an interaction (the page draws no
            others): the summary then grows with the actors that interact, not with
            every name the documents mention. ``actors_in_store`` still counts them all.
        where : GraphFilter, optional
            Sum up only the interactions it keeps, selected in SQL (through the
            date index for ``since`` and ``until``) before anything is counted. Only
            the actors of those interactions are then read, and ``actors_in_store``
            counts them alone, as in the filtered multigraph.

        Returns
        -------
        Summary

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
        filtered = where is not None and where.active
        # One read transaction: every query sees the same store, even while a build
        # writes to it.
        own_transaction = not conn.in_transaction
        if own_transaction:
            conn.execute("BEGIN")
        table = "interactions"
        try:
            if filtered:
                assert where is not None
                table = "temp.kept"
                self._keep(where)
            totals = conn.execute(_SELECT_TOTALS.format(table=table)).fetchone()
            evidence, titles, info = self._dyad_evidence(evidence_per_dyad, table)
            dyads = self._dyads(evidence, table)
            actors, strays = self._actor_totals(linked_only or filtered, table)
            if filtered and strays:
                # named, and ordered, as the whole store meets them (see iter_interactions)
                whole = self.stray_actors()
                place = {node: i for i, (node, _) in enumerate(whole)}
                names = dict(whole)
                kept = sorted(actors[len(actors) - strays :], key=lambda a: place[a.id])
                actors = actors[: len(actors) - strays] + [
                    dataclasses.replace(a, name=names[a.id]) for a in kept
                ]
            counts = self.counts()
            return Summary(
                actors=actors,
                dyads=dyads,
                interactions=int(totals["interactions"]),
                events=sum(d.events for d in dyads),  # each event counts on one dyad
                documents=counts["documents"],
                documents_with_interactions=int(totals["documents"]),
                evidence_per_dyad=evidence_per_dyad,
                document_titles=titles,
                actors_in_store=len(actors) if filtered else counts["actors"] + strays,
                document_info=info,
            )
        finally:
            if filtered:
                conn.execute("DROP TABLE IF EXISTS temp.kept")
            if own_transaction and conn.in_transaction:
                conn.execute("COMMIT")

    #: Interaction rows the last filtered :meth:`aggregate` kept (and so read).
    rows_kept: int | None = None

    def _keep(self, where: GraphFilter) -> None:
        """Fill the temporary table ``kept`` with the interactions ``where`` keeps."""
        conn = self.conn
        conn.execute("DROP TABLE IF EXISTS temp.kept")
        condition, params = _where(where)
        condition = condition.format(source_country="s.country", target_country="t.country")
        conn.execute(_KEEP.format(where=condition), params)
        if where.min_weight:
            conn.execute(
                _DROP_WEAK_PAIRS.format(keyed=keyed_sql("temp.kept"), unit=where.weight),
                (where.min_weight,),
            )
        self.rows_kept = conn.execute("SELECT COUNT(*) FROM temp.kept").fetchone()[0]

    def _actor_totals(
        self, linked_only: bool = False, table: str = "interactions"
    ) -> tuple[list[ActorTotals], int]:
        """Every actor (or every one that takes part in an interaction) with its aliases
        and counts, by id, then the actors without a row; and how many of those there are."""
        conn = self.conn
        rows = [
            r
            for r in conn.execute(_SELECT_ACTOR_TOTALS.format(table=table))
            if not linked_only or r["interactions"]
        ]
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
                country_source=r["country_source"],
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
            for r in conn.execute(_SELECT_STRAY_ACTORS.format(table=table))
        ]
        return actors + strays, len(strays)

    def _dyad_evidence(
        self, per_dyad: int, table: str = "interactions"
    ) -> tuple[dict[tuple[str, str], list[Interaction]], dict[str, str], dict[str, dict[str, str]]]:
        """The first ``per_dyad`` interactions of each dyad, their documents' titles, and
        where those documents come from."""
        evidence: dict[tuple[str, str], list[Interaction]] = {}
        titles: dict[str, str] = {}
        info: dict[str, dict[str, str]] = {}
        if per_dyad == 0:
            return evidence, titles, info
        for r in self.conn.execute(_SELECT_EVIDENCE.format(table=table), (per_dyad,)):
            it = _interaction(r)
            evidence.setdefault((it.source_id, it.target_id), []).append(it)
            if r["title"]:
                titles[it.doc_id] = r["title"]
            if it.doc_id not in info:
                info[it.doc_id] = _source_of(r)
        return evidence, titles, info

    def _dyads(
        self, evidence: dict[tuple[str, str], list[Interaction]], table: str = "interactions"
    ) -> list[Dyad]:
        """Every directed dyad with its counts, in the order of its first interaction."""
        conn = self.conn
        keyed = keyed_sql(table)
        facets: dict[tuple[str, str], list[DyadFacet]] = {}
        for r in conn.execute(keyed + _SEQUENCED_INTERACTIONS + _SELECT_FACETS):
            facets.setdefault((r["s"], r["t"]), []).append(
                DyadFacet(r["type"], r["status"], r["date"], int(r["mentions"]), int(r["events"]))
            )
        arcs = {
            (r["a"], r["b"]): int(r["events"]) for r in conn.execute(keyed + _SELECT_ARC_EVENTS)
        }
        dyads = []
        for r in conn.execute(keyed + _SEQUENCED_INTERACTIONS + _SELECT_DYADS):
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
                    types=facet_sums(own, "type"),
                    quads=facet_sums(own, "quad"),
                    statuses=facet_sums(own, "status"),
                    facets=own,
                    arc_events=arcs.get((s, t), 0),
                    reverse_arc_events=arcs.get((t, s), 0) if undirected else 0,
                    evidence=tuple(evidence.get((s, t), ())),
                )
            )
        return dyads

    @_reading
    def stray_actors(self) -> list[tuple[str, str]]:
        """The ends of interactions without an actor row (an empty id), as (id, name).

        In the order the multigraph of every interaction meets them, each named as its
        first interaction names it.
        """
        return [
            (r["actor_id"], r["name"] or "")
            for r in self.conn.execute(_SELECT_STRAY_ACTORS.format(table="interactions"))
        ]

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
    def documents_per_date(
        self, provenance: Iterable[str] | None = None, *, where: GraphFilter | None = None
    ) -> dict[str, int]:
        """Stored documents per date (``""`` for undated ones): a timeline's denominator.

        Parameters
        ----------
        provenance : iterable of str, optional
            Count only documents of these provenances (default: those of ``where``,
            else news parsed by actorgraph, ``extracted``; imported event records are
            not documents).
        where : GraphFilter, optional
            Count only the documents within its ``since`` and ``until`` (then undated
            ones fall out, as undated interactions do) and of its ``provenance``.

        Returns
        -------
        dict of str to int
            ``YYYY-MM-DD`` (or ``""``) to the number of documents of that date.
        """
        if provenance is None and where is not None and where.provenance is not None:
            provenance = where.provenance
        kinds = sorted(set(provenance)) if provenance is not None else ["extracted"]
        marks = ", ".join("?" * len(kinds))
        counts = {
            (r[0] or ""): int(r[1])
            for r in self.conn.execute(
                f"""SELECT date, COUNT(*) FROM documents WHERE provenance IN ({marks})
                    GROUP BY date ORDER BY date""",
                kinds,
            )
        }
        since = where.since if where is not None else None
        until = where.until if where is not None else None
        if since or until:  # as the filters treat interactions: undated ones fall out
            counts = {
                day: n
                for day, n in counts.items()
                if day
                and not (since and day[: len(since)] < since)
                and not (until and day[: len(until)] > until)
            }
        return counts

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
