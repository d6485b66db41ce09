"""The store: one SQLite file holding articles, their passages, quotes, the full-text index of the
analyzed passages, the digest outbox and the feeds' state — and the connections and transactions
over it. What goes in the rows (analysis, quotes, postings) is decided above, in `index.indexing`.

Concurrency: SQLite in WAL mode lets readers (the bot's answering threads) read while one writer
(the ingester) writes. Each thread gets its own connection; writes take the write lock at
`BEGIN IMMEDIATE` and wait up to BUSY_TIMEOUT_MS for another writer rather than failing with
"database is locked". The single-writer discipline is enforced in `Store.transaction()`, the only
way newsbot writes (see its docstring); docs/reliability.md has the load and crash figures.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from index.store.backup import database_size, is_sqlite_file, table_counts
from index.store.errors import IndexMissingError, NotADatabaseError
from index.store.models import Article
from index.store.schema import migrate

BUSY_TIMEOUT_MS = 30_000


def _check_database_file(path: Path) -> None:
    """Refuse a file that exists and is not SQLite, before SQLite touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if not is_sqlite_file(path):
        raise NotADatabaseError(
            f"{path} is not a newsbot database (not an SQLite file); it was left untouched. "
            "Choose another path with --db or NEWSBOT_DB."
        )


class Store:
    """A newsbot database file. Safe to share between threads.

    Opening runs the schema's migrations; reading never creates the file. `index.Index` (what
    the CLI and the bot open, with `open_index`) adds indexing and search on top.
    """

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        _check_database_file(self.path)
        if not create and not self.path.exists():
            raise IndexMissingError(
                f"No index at {self.path}. Fill it with: newsbot ingest PATH_OR_URL (or set NEWSBOT_DB)."
            )
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._ready = False
        if self.path.exists() or create:
            self._setup()
        self._ready = True

    # ---------------------------------------------------------------- connections

    def _connect(self) -> sqlite_utils.Database:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at checkpoints, never corrupt
        return sqlite_utils.Database(conn)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection, opened on first use.

        Raises IndexMissingError when the file has disappeared since the index was opened (an
        admin deleted it): answering from a stale, unlinked file would silently serve old data.
        """
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            if self._ready:
                raise IndexMissingError(
                    f"The index file {self.path} no longer exists. Rebuild it with: newsbot ingest PATH_OR_URL"
                ) from None
            inode = None
        db = getattr(self._local, "db", None)
        if db is not None and inode is not None and getattr(self._local, "inode", inode) != inode:
            db.conn.close()  # the file was replaced (deleted and rebuilt): read the new one
            db = None
        if db is None:
            db = self._local.db = self._connect()
            self._local.inode = self.path.stat().st_ino if self.path.exists() else None
        return db

    def _setup(self) -> None:
        try:
            db = self.db
            db.execute("PRAGMA journal_mode = WAL")
            with self._write_lock:
                migrate(db.conn)
        except sqlite3.DatabaseError as exc:
            raise NotADatabaseError(f"{self.path} cannot be used as a newsbot database ({exc}).") from None

    def meta(self, key: str) -> str | None:
        """A value of the `meta` table (versions of what built the rows), or None."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a value of the `meta` table, in its own transaction."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it (also on a crash).

        Single writer, enforced here: SQLite allows one writer at a time per database file.
        - Threads of this process queue on `_write_lock`, so they never contend inside SQLite.
        - Other processes (`newsbot ingest` beside `newsbot serve`, the watcher) queue on the
          file's write lock: `BEGIN IMMEDIATE` takes it at the start, waiting up to
          BUSY_TIMEOUT_MS. A deferred BEGIN would take it at the first write instead, where a
          conflict fails at once with "database is locked" whatever the timeout.
        - Writers keep the lock briefly: CPU work (analysis, quotes) is done before (`prepare`),
          so a transaction only inserts rows. Readers are never blocked (WAL).
        - A kill -9 at any point loses the open transaction only (WAL rollback at next open).
        """
        conn = self.db.conn
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite already rolled back on "disk full": keep that error
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # never leave this thread's connection inside a transaction
                    conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None

    def first_seen(self, key: str, ttl_seconds: float, now: float | None = None) -> bool:
        """True the first time `key` is seen within `ttl_seconds`; False when seen already.

        A small TTL table (`seen_events`) for callers that must act once per key (the bot
        deduplicates redelivered events with it); keys older than the TTL are forgotten.
        """
        now = time.time() if now is None else now
        with self.transaction() as conn:
            conn.execute("DELETE FROM seen_events WHERE seen_at < ?", [now - ttl_seconds])
            inserted = conn.execute(
                "INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)", [key, now]
            ).rowcount
        return inserted == 1

    def forget_seen(self, key: str) -> None:
        """Forget `key` (`first_seen` is True for it again): the act it guarded did not happen."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM seen_events WHERE event_id = ?", [key])

    # ---------------------------------------------------------------- reading

    def read_article(self, conn: sqlite3.Connection, article_id: str) -> Article | None:
        row = conn.execute(
            "SELECT id, url, title, source, published, author, text, headings, origin FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        if not row:
            return None
        return Article(id=row[0], url=row[1], title=row[2], source=row[3], published=row[4], author=row[5],
                       text=row[6], headings=json.loads(row[7] or "[]"), origin=row[8])

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        return self.read_article(self.db.conn, article_id)

    def stats(self) -> dict[str, Any]:
        """Counts and sizes for `newsbot stats` and health checks."""
        db = self.db
        articles, first, last = db.execute("SELECT count(*), min(published), max(published) FROM articles").fetchone()
        sources = db.execute(
            "SELECT coalesce(source, '(unknown)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
        ).fetchall()
        return {
            "path": str(self.path),
            "articles": articles,
            "passages": db.execute("SELECT count(*) FROM passages").fetchone()[0],
            "published_first": first,
            "published_last": last,
            "sources": dict(sources),
            "size_bytes": database_size(self.path),
            "schema_version": db.execute("PRAGMA user_version").fetchone()[0],
        }

    def counts(self) -> dict[str, int]:
        """Articles, passages, quotes, and articles pending for the digest."""
        return table_counts(self.db.conn)

    def is_empty(self) -> bool:
        """True when no passage is indexed (nothing to answer from)."""
        return self.db.execute("SELECT NOT EXISTS (SELECT 1 FROM passages)").fetchone()[0] == 1

