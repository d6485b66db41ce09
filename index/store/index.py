"""The index: one SQLite file holding articles, their passages, and an FTS5 index of analyzed terms.

Concurrency: SQLite in WAL mode lets readers (the bot's answering threads) read while one writer
(the ingester) writes. Each thread gets its own connection; writes take the write lock at
`BEGIN IMMEDIATE` and wait up to BUSY_TIMEOUT_MS for another writer rather than failing with
"database is locked". The single-writer discipline is enforced in `Index.transaction()`, the only
way this module writes (see its docstring); docs/reliability.md has the load and crash figures.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from index.text.analyze import ANALYZER_VERSION, analyze, fold
from index.store.errors import IndexMissingError, NotADatabaseError
from index.store.models import Answer, Article, ArticleRef, Hit, Passage, Quote
from index.digest.outbox import enqueue
from index.search import postings
from index.text.passages import split_passages
from index.store.schema import migrate

log = logging.getLogger("newsbot.index")

BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"

AddStatus = Literal["added", "replaced", "unchanged", "duplicate"]


@dataclass
class AddResult:
    """What adding one article did: added, replaced (changed text), unchanged, or duplicate."""

    status: AddStatus
    article_id: str
    passages: int = 0
    duplicate_of: str | None = None


def content_hash(article: Article) -> str:
    """A fingerprint of an article's text, blind to whitespace differences."""
    return hashlib.sha256(" ".join(article.text.split()).encode("utf-8")).hexdigest()


@dataclass
class Prepared:
    """An article analyzed and ready to write: the CPU work done before taking the write lock."""

    article: Article
    digest: str
    passages: list[Passage]
    terms: list[tuple[str, str]]  # (context, body) analyzed terms of each passage
    quotes: list[Quote]


def _extract_quotes(articles: list[Article]) -> list[list[Quote]]:
    """Quotes of each article; an article whose extraction fails gets none and is logged.

    Extraction must never keep an article out of the search index.
    """
    from index.quotes.extract import extract_quotes, extract_quotes_many

    try:
        return extract_quotes_many(articles)
    except Exception:  # noqa: BLE001 — retry one by one to isolate the article at fault
        found = []
        for article in articles:
            try:
                found.append(extract_quotes(article))
            except Exception:  # noqa: BLE001
                log.exception("quote extraction failed for article %s; indexed without quotes", article.id or article.url)
                found.append([])
        return found


def prepare(articles: list[Article], with_quotes: bool = True) -> list[Prepared]:
    """Passages, analyzed terms and quotes of each article (pure CPU work, no database)."""
    quotes = _extract_quotes(articles) if with_quotes and articles else [[] for _ in articles]
    prepared = []
    for article, article_quotes in zip(articles, quotes):
        passages = split_passages(article)
        title_terms = analyze(article.title)
        terms = [
            (" ".join(title_terms + (analyze(p.heading) if p.heading else [])), " ".join(analyze(p.text)))
            for p in passages
        ]
        prepared.append(Prepared(article, content_hash(article), passages, terms, article_quotes))
    return prepared


def _exit_with_parent(parent: int) -> None:
    """Initializer of the analysis workers: end when the ingester ends, even on kill -9.

    ProcessPoolExecutor's workers wait for work forever: a killed ingester would leave them
    running, each holding the spaCy model (about 350 MB), until the machine runs out of memory.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="newsbot-parent-watch", daemon=True).start()


def _preload_for_workers(context: Any, with_quotes: bool) -> None:
    """Load the spaCy model here, just before the pool forks its workers: they share this copy
    instead of each spending about 4 s of CPU loading their own (issue 6). Only with the "fork"
    start method; the others start workers from a fresh interpreter."""
    if with_quotes and context.get_start_method() == "fork":
        from index.quotes.speakers import load_nlp

        load_nlp()


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def speaker_key(name: str | None) -> str | None:
    """A speaker's name folded for matching: "M. Vladimir Poutine" → "vladimir poutine"."""
    if not name:
        return None
    words = fold(name).replace("-", " ").split()
    titles = {"m.", "mme", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "m", "mgr"}
    return " ".join(w.strip(".,") for w in words if w not in titles) or None


def _check_database_file(path: Path) -> None:
    """Refuse a file that exists and is not SQLite, before SQLite touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not a newsbot database (not an SQLite file); it was left untouched. "
            "Choose another path with --db or NEWSBOT_DB."
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Index:
    """A newsbot index in one SQLite file. Safe to share between threads.

    Open with `open_index()`. Reading methods never create the file; `add_articles()` does.
    """

    def __init__(self, path: str | Path, create: bool = True, extract_quotes: bool = True) -> None:
        self.path = Path(path)
        self.extract_quotes = extract_quotes
        _check_database_file(self.path)
        if not create and not self.path.exists():
            raise IndexMissingError(
                f"No index at {self.path}. Fill it with: newsbot ingest PATH_OR_URL (or set NEWSBOT_DB)."
            )
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self.queue_digest = True  # added/changed articles wait in the digest outbox (index.outbox)
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
        if not postings.ready(self.db.conn):  # an index from before schema 5, or a new one
            passages = self.db.execute("SELECT count(*) FROM passages").fetchone()[0]
            if passages:
                log.warning("building the search postings of %s for %d passages (once: about a minute per"
                            " million passages)", self.path, passages)
            with self.transaction() as conn:
                postings.rebuild(conn)
        stored = self._meta("analyzer_version")
        if stored not in (None, str(ANALYZER_VERSION)):
            self.reanalyze()
        if stored != str(ANALYZER_VERSION):  # opening to read must not wait for an ingester's write lock
            self._set_meta("analyzer_version", str(ANALYZER_VERSION))

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
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
            self._local.new_passages = []  # (id, context, body): this transaction's postings segment
            try:
                yield conn
                if self._local.new_passages:
                    postings.write_segment(conn, self._local.new_passages)
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

    # ---------------------------------------------------------------- writing

    def add_article(self, article: Article) -> AddResult:
        """Index one article in its own transaction. See `add_articles`."""
        return self.add_articles([article])[0]

    def add_articles(
        self,
        articles: Iterable[Article],
        batch_size: int = 200,
        on_result: Callable[[Article, AddResult], None] | None = None,
        workers: int = 1,
    ) -> list[AddResult]:
        """Index articles, `batch_size` per transaction; return what happened to each.

        The same article again (same id or URL, same text) changes nothing; a changed article
        replaces its passages; the same text under another id is skipped as a duplicate.
        With `workers` > 1, the CPU work (analysis, quote extraction) of the next batches runs in
        that many processes while this one writes: bulk loads go about `workers` times faster.
        Writes stay in this process, one transaction per batch, in input order.
        """
        results: list[AddResult] = []

        def write(batch: list[Article], todo: list[int], prepared: list[Prepared]) -> None:
            ready = dict(zip(todo, prepared))
            with self.transaction() as conn:
                done = [(a, self._add(conn, a, ready.get(i))) for i, a in enumerate(batch)]
            for article, result in done:
                results.append(result)
                if on_result:
                    on_result(article, result)

        def batches() -> Iterator[tuple[list[Article], list[int]]]:
            for batch in _chunks(articles, batch_size):
                unchanged = self._unchanged(batch)
                yield batch, [i for i, a in enumerate(batch) if id(a) not in unchanged]

        if workers <= 1:
            for batch, todo in batches():
                write(batch, todo, prepare([batch[i] for i in todo], self.extract_quotes))
            return results
        context = multiprocessing.get_context()
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_exit_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            in_flight: deque[tuple[list[Article], list[int], Future[list[Prepared]]]] = deque()
            forked = False
            for batch, todo in batches():
                if not forked:  # the pool forks its workers at the first submit
                    forked = True
                    if todo:  # (an unchanged archive never needs the model)
                        _preload_for_workers(context, self.extract_quotes)
                in_flight.append((batch, todo, pool.submit(prepare, [batch[i] for i in todo], self.extract_quotes)))
                while len(in_flight) > 2 * workers:  # bounded read-ahead: memory stays flat
                    done_batch, done_todo, future = in_flight.popleft()
                    write(done_batch, done_todo, future.result())
            while in_flight:
                done_batch, done_todo, future = in_flight.popleft()
                write(done_batch, done_todo, future.result())
        return results

    def _existing(self, conn: sqlite3.Connection, article: Article, digest: str) -> tuple[str, bool] | None:
        """(id, unchanged) of the stored article with this article's id or URL, or None."""
        article_id = article.id or article.url or "h" + digest[:16]
        row = conn.execute(
            "SELECT id, content_hash, title, source, url, published, author FROM articles WHERE id = ?"
            " UNION ALL SELECT id, content_hash, title, source, url, published, author FROM articles"
            " WHERE url = ? AND url IS NOT NULL LIMIT 1",
            [article_id, article.url],
        ).fetchone()
        if not row:
            return None
        same_meta = tuple(row[2:]) == (article.title, article.source, article.url, article.published, article.author)
        return row[0], row[1] == digest and same_meta

    def _unchanged(self, articles: list[Article]) -> set[int]:
        """Python ids of the articles already stored exactly as they are: no need to prepare them."""
        conn = self.db.conn
        return {id(a) for a in articles if (found := self._existing(conn, a, content_hash(a))) and found[1]}

    def _add(self, conn: sqlite3.Connection, article: Article, prepared: Prepared | None) -> AddResult:
        digest = prepared.digest if prepared else content_hash(article)
        existing = self._existing(conn, article, digest)
        if existing:
            article_id, unchanged = existing
            if unchanged:
                return AddResult("unchanged", article_id)
            self._delete_passages(conn, article_id)
            status: AddStatus = "replaced"
        else:
            article_id = article.id or article.url or "h" + digest[:16]
            twin = conn.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", [digest]).fetchone()
            if twin:
                return AddResult("duplicate", twin[0], duplicate_of=twin[0])
            status = "added"
        prepared = prepared or prepare([article], self.extract_quotes)[0]  # changed since the pre-check
        now = _now()
        conn.execute(
            "INSERT INTO articles (id, url, title, source, published, author, text, headings,"
            " content_hash, origin, added_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET url=excluded.url, title=excluded.title,"
            " source=excluded.source, published=excluded.published, author=excluded.author,"
            " text=excluded.text, headings=excluded.headings, content_hash=excluded.content_hash,"
            " origin=excluded.origin, updated_at=excluded.updated_at",
            [article_id, article.url, article.title, article.source, article.published, article.author,
             article.text, json.dumps(article.headings, ensure_ascii=False), digest, article.origin, now, now],
        )
        self._insert_prepared(conn, article_id, prepared)
        if self.queue_digest:  # in this transaction: indexed ⇔ pending (or already posted: never twice)
            enqueue(conn, article_id)
        return AddResult(status, article_id, passages=len(prepared.passages))

    def _insert_prepared(self, conn: sqlite3.Connection, article_id: str, prepared: Prepared) -> None:
        """Write an article's passages, their FTS rows and its quotes (linked to their passage)."""
        passage_ids: list[tuple[int, int, int]] = []  # (start, end, id)
        for passage, (context, body) in zip(prepared.passages, prepared.terms):
            passage_id = postings.next_passage_id(conn)  # never a deleted passage's id again
            conn.execute(
                "INSERT INTO passages (id, article_id, ordinal, window_no, heading, start_char, end_char, text)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [passage_id, article_id, passage.ordinal, passage.window, passage.heading, passage.start, passage.end,
                 passage.text],
            )
            conn.execute("INSERT INTO passages_fts (rowid, context, body) VALUES (?, ?, ?)", [passage_id, context, body])
            self._local.new_passages.append((passage_id, context, body))
            passage_ids.append((passage.start, passage.end, passage_id))
        for quote in prepared.quotes:
            passage_id = next((pid for start, end, pid in passage_ids if start <= quote.start < end), None)
            if passage_id is None:  # a quote opening between windows: the next passage holds it
                passage_id = next((pid for start, _end, pid in passage_ids if start >= quote.start), None)
            conn.execute(
                "INSERT INTO quotes (article_id, passage_id, text, speaker, speaker_key, mention, verb, direct,"
                " start_char, end_char) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [article_id, passage_id, quote.text, quote.speaker, speaker_key(quote.speaker), quote.mention,
                 quote.verb, int(quote.direct), quote.start, quote.end],
            )

    def _delete_passages(self, conn: sqlite3.Connection, article_id: str) -> None:
        postings.mark_deleted(conn, "SELECT id FROM passages WHERE article_id = ?", [article_id])
        conn.execute(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE article_id = ?)", [article_id]
        )
        conn.execute("DELETE FROM passages WHERE article_id = ?", [article_id])
        conn.execute("DELETE FROM quotes WHERE article_id = ?", [article_id])

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and everything derived from it; False if it was not there."""
        with self.transaction() as conn:
            self._delete_passages(conn, article_id)
            return conn.execute("DELETE FROM articles WHERE id = ?", [article_id]).rowcount > 0

    def reanalyze(self) -> int:
        """Rebuild every article's passages from its stored text (after an analyzer change)."""
        ids = [row[0] for row in self.db.execute("SELECT id FROM articles")]
        for start in range(0, len(ids), 500):
            with self.transaction() as conn:
                for article_id in ids[start : start + 500]:
                    article = self._article(conn, article_id)
                    if article:
                        self._delete_passages(conn, article_id)
                        self._insert_prepared(conn, article_id, prepare([article], self.extract_quotes)[0])
        with self.transaction() as conn:  # every passage is new: one compact set of postings
            postings.rebuild(conn)
        return len(ids)

    def first_delivery(self, event_id: str, ttl_seconds: float = 3600.0) -> bool:
        """True the first time an event id is seen within `ttl_seconds`; False for a redelivery.

        Slack retries events it believes went unanswered (X-Slack-Retry-Num): the bot answers
        only the first delivery. Old ids are forgotten after the TTL to keep the table small.
        """
        now = time.time()
        with self.transaction() as conn:
            conn.execute("DELETE FROM seen_events WHERE seen_at < ?", [now - ttl_seconds])
            inserted = conn.execute(
                "INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)", [event_id, now]
            ).rowcount
        return inserted == 1

    # ---------------------------------------------------------------- reading

    def _article(self, conn: sqlite3.Connection, article_id: str) -> Article | None:
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
        return self._article(self.db.conn, article_id)

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
            "size_bytes": sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file()),
            "schema_version": db.execute("PRAGMA user_version").fetchone()[0],
        }

    def quotes(self, speaker: str | None = None, limit: int = 50) -> list[Hit]:
        """Quotations, newest article first, optionally of one speaker ("Poutine" finds
        "Vladimir Poutine"; case, accents and titles such as "M." are ignored)."""
        where, params = "", []
        key = speaker_key(speaker)
        if key:
            where, params = "WHERE q.speaker_key LIKE ? ESCAPE '\\'", ["%" + key.replace("%", "\\%").replace("_", "\\_") + "%"]
        rows = self.db.execute(
            "SELECT q.text, q.speaker, coalesce(p.text, ''), p.ordinal, a.id, a.title, a.source, a.url, a.published,"
            " q.direct"
            f" FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN passages p ON p.id = q.passage_id {where}"
            " ORDER BY a.published IS NULL, a.published DESC, a.added_at DESC, q.start_char LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [
            Hit(passage=r[2], score=0.0, quote=r[0], speaker=r[1], direct=bool(r[9]),
                article=ArticleRef(id=r[4], title=r[5], source=r[6], url=r[7], published=r[8], paragraph=r[3]))
            for r in rows
        ]

    def is_empty(self) -> bool:
        return self.db.execute("SELECT NOT EXISTS (SELECT 1 FROM passages)").fetchone()[0] == 1

    def ask(self, question: str, k: int = 5) -> Answer:
        """Answer a question with the `k` best passages (see `index.search.ask`)."""
        from index.search.ranking import ask

        return ask(self, question, k)


def open_index(path: str | Path, create: bool = True, extract_quotes: bool = True) -> Index:
    """Open (by default creating) the newsbot index at `path`.

    Raises NotADatabaseError for a file that is not a newsbot database (left untouched) and, with
    `create=False`, IndexMissingError when there is no file. `extract_quotes=False` indexes
    without looking for quotations (faster; "qui a dit" questions then answer with passages only).
    """
    return Index(path, create=create, extract_quotes=extract_quotes)
