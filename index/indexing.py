"""Indexing: articles in, rows out — passages, analyzed terms, quotes, the postings segment and
the digest outbox entry and the alerts (index.alerts) of each article, written in one
transaction per batch.

    add_articles(store, articles, …) -> list[AddResult]
    delete_article(store, article_id) · reanalyze(store) · ensure_ready(store)

The CPU work (`prepare`: passages, analysis, quotation extraction) runs before the write lock is
taken, in worker processes for bulk loads; a transaction only inserts rows, so a crash never
leaves half an article (docs/reliability.md).
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
from typing import Literal

from index import people
from index.alerts import matching, subscriptions
from index.digest.outbox import enqueue
from index.quotes.extract import QUOTES_VERSION, Extraction, extract_many
from index.quotes.names import person_key, role_as_written, speaker_key
from index.search import postings
from index.store.index import Store
from index.store.models import Article, Passage
from index.text.analyze import ANALYZER_VERSION, analyze
from index.text.passages import split_passages

log = logging.getLogger("newsbot.index")

AddStatus = Literal["added", "replaced", "unchanged", "duplicate", "failed"]
BATCH_SIZE = 200  # articles per transaction


@dataclass
class AddResult:
    """What adding one article did: added, replaced (changed text), unchanged, duplicate, or
    failed (`error` says why; nothing of it was written, the other articles went in)."""

    status: AddStatus
    article_id: str
    passages: int = 0
    duplicate_of: str | None = None
    error: str | None = None


def content_hash(article: Article) -> str:
    """A fingerprint of an article's text, blind to whitespace differences."""
    # surrogatepass: text that cannot be stored (a lone surrogate) still has a fingerprint; it
    # fails when written, alone (`_add_isolated`), not here for its whole batch.
    return hashlib.sha256(" ".join(article.text.split()).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Prepared:
    """An article analyzed and ready to write: the CPU work done before taking the write lock."""

    article: Article
    digest: str
    passages: list[Passage]
    terms: list[tuple[str, str]]  # (context, body) analyzed terms of each passage
    extraction: Extraction  # quotes, and the roles the article gives named people


_NOTHING = Extraction([], [])


def _extract(articles: list[Article]) -> list[Extraction]:
    """Quotes and roles of each article; an article whose extraction fails gets none, logged.

    Extraction must never keep an article out of the search index.
    """
    try:
        return extract_many(articles)
    except Exception:  # noqa: BLE001 — retry one by one to isolate the article at fault
        found = []
        for article in articles:
            try:
                found += extract_many([article])
            except Exception:  # noqa: BLE001
                log.exception("quote extraction failed for article %s; indexed without quotes", article.id or article.url)
                found.append(_NOTHING)
        return found


@dataclass
class Unprepared:
    """An article whose analysis failed: it is reported as failed, the others go on."""

    article: Article
    error: str


def prepare(articles: list[Article], with_quotes: bool = True) -> list[Prepared | Unprepared]:
    """Passages, analyzed terms and quotes of each article (pure CPU work, no database).

    An article whose analysis fails comes back `Unprepared`, with the reason: one article never
    costs the others of its batch.
    """
    extractions = _extract(articles) if with_quotes and articles else [_NOTHING for _ in articles]
    prepared: list[Prepared | Unprepared] = []
    for article, extraction in zip(articles, extractions):
        try:
            passages = split_passages(article)
            title_terms = analyze(article.title)
            terms = [
                (" ".join(title_terms + (analyze(p.heading) if p.heading else [])), " ".join(analyze(p.text)))
                for p in passages
            ]
            prepared.append(Prepared(article, content_hash(article), passages, terms, extraction))
        except Exception as exc:  # noqa: BLE001 — named and counted by the caller
            log.debug("analysis failed for article %s", article.id or article.url, exc_info=True)
            prepared.append(Unprepared(article, f"could not be analysed ({_reason(exc)})"))
    return prepared


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _failed_result(article: Article, error: str) -> AddResult:
    return AddResult("failed", article.id or article.url or article.origin or article.title[:80], error=error)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def _writing(store: Store) -> Iterator[tuple[sqlite3.Connection, list[tuple[int, str, str]]]]:
    """A write transaction with the list of passages it adds, written as one postings segment
    just before it commits."""
    with store.transaction() as conn:
        rows: list[tuple[int, str, str]] = []  # (id, context, body)
        yield conn, rows
        if rows:
            postings.write_segment(conn, rows)


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


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def add_articles(
    store: Store,
    articles: Iterable[Article],
    *,
    batch_size: int = BATCH_SIZE,
    on_result: Callable[[Article, AddResult], None] | None = None,
    workers: int = 1,
    with_quotes: bool = True,
    queue_digest: bool = True,
) -> list[AddResult]:
    """Index articles, `batch_size` per transaction; return what happened to each.

    The same article again (same id or URL, same text) changes nothing; a changed article
    replaces its passages; the same text under another id is skipped as a duplicate.
    With `workers` > 1, the CPU work (analysis, quote extraction) of the next batches runs in
    that many processes while this one writes: bulk loads go about `workers` times faster.
    Writes stay in this process, one transaction per batch, in input order. `queue_digest`:
    added and changed articles wait in the digest outbox (`index.digest.outbox`).
    """
    results: list[AddResult] = []

    def write(batch: list[Article], todo: list[int], prepared: list[Prepared | Unprepared]) -> None:
        ready = dict(zip(todo, prepared))
        with _writing(store) as (conn, rows):
            # read in this transaction: a subscription made meanwhile sees every later article
            matcher = matching.Matcher.load(conn) if queue_digest else None
            done = [(a, _add_isolated(conn, rows, a, ready.get(i), with_quotes, queue_digest, matcher))
                    for i, a in enumerate(batch)]
        for article, result in done:
            results.append(result)
            if on_result:
                on_result(article, result)

    def batches() -> Iterator[tuple[list[Article], list[int]]]:
        for batch in _chunks(articles, batch_size):
            unchanged = _unchanged(store, batch)
            yield batch, [i for i, a in enumerate(batch) if id(a) not in unchanged]

    pending = batches()
    first = next(pending, None)
    second = next(pending, None) if first is not None else None
    if workers <= 1 or second is None:  # one batch (seeds/, a dropped file): no pool to start
        for batch, todo in itertools.chain([b for b in (first, second) if b is not None], pending):
            write(batch, todo, prepare([batch[i] for i in todo], with_quotes))
        return results
    # The first batch is prepared here, before the pool forks its workers: it loads the spaCy model
    # only if one of its articles needs it, and then the workers share this copy instead of each
    # spending about 4 s of CPU loading their own (issue 6). A load that needs no model (generated
    # articles, --no-quotes) loads none. ("fork" only: other start methods begin from scratch.)
    batch, todo = first
    write(batch, todo, prepare([batch[i] for i in todo], with_quotes))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(), initializer=_exit_with_parent,
                             initargs=(os.getpid(),)) as pool:
        in_flight: deque[tuple[list[Article], list[int], Future[list[Prepared | Unprepared]]]] = deque()
        for batch, todo in itertools.chain([second], pending):
            in_flight.append((batch, todo, pool.submit(prepare, [batch[i] for i in todo], with_quotes)))
            while len(in_flight) > 2 * workers:  # bounded read-ahead: memory stays flat
                done_batch, done_todo, future = in_flight.popleft()
                write(done_batch, done_todo, future.result())
        while in_flight:
            done_batch, done_todo, future = in_flight.popleft()
            write(done_batch, done_todo, future.result())
    return results


def _add_isolated(conn: sqlite3.Connection, rows: list[tuple[int, str, str]], article: Article,
                  prepared: Prepared | Unprepared | None, with_quotes: bool, queue_digest: bool,
                  matcher: matching.Matcher | None = None) -> AddResult:
    """`_add` inside a savepoint: an article that cannot be stored (or analysed) is rolled back
    alone and reported failed; the rest of the batch's transaction goes on. A failure of the
    database itself (disk full, locked, corrupt) still fails the whole batch."""
    if isinstance(prepared, Unprepared):
        return _failed_result(article, prepared.error)
    written = len(rows)
    conn.execute("SAVEPOINT newsbot_article")
    try:
        result = _add(conn, rows, article, prepared, with_quotes, queue_digest, matcher)
    except Exception as exc:
        if _database_failure(exc) or not conn.in_transaction:
            raise
        conn.execute("ROLLBACK TO newsbot_article")
        conn.execute("RELEASE newsbot_article")
        del rows[written:]
        if isinstance(exc, _ArticleError):
            return _failed_result(article, str(exc))
        log.debug("article %s could not be stored", article.id or article.url, exc_info=True)
        return _failed_result(article, f"could not be stored ({_reason(exc)})")
    conn.execute("RELEASE newsbot_article")
    return result


def _database_failure(exc: Exception) -> bool:
    """True for an error of the database file or connection (not of one article's data)."""
    return isinstance(exc, sqlite3.OperationalError | sqlite3.InternalError) or type(exc) is sqlite3.DatabaseError


def _existing(conn: sqlite3.Connection, article: Article, digest: str) -> tuple[str, bool] | None:
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


def _unchanged(store: Store, articles: list[Article]) -> set[int]:
    """Python ids of the articles already stored exactly as they are: no need to prepare them."""
    conn = store.db.conn
    return {id(a) for a in articles if (found := _existing(conn, a, content_hash(a))) and found[1]}


class _ArticleError(Exception):
    """One article cannot be indexed (its analysis failed): `_add_isolated` reports it failed."""


def _add(conn: sqlite3.Connection, rows: list[tuple[int, str, str]], article: Article, prepared: Prepared | None,
         with_quotes: bool, queue_digest: bool, matcher: matching.Matcher | None = None) -> AddResult:
    digest = prepared.digest if prepared else content_hash(article)
    existing = _existing(conn, article, digest)
    if existing:
        article_id, unchanged = existing
        if unchanged:
            return AddResult("unchanged", article_id)
        _delete_passages(conn, article_id)
        status: AddStatus = "replaced"
    else:
        article_id = article.id or article.url or "h" + digest[:16]
        twin = conn.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", [digest]).fetchone()
        if twin:
            return AddResult("duplicate", twin[0], duplicate_of=twin[0])
        status = "added"
    if prepared is None:  # changed since the pre-check
        [fresh] = prepare([article], with_quotes)
        if isinstance(fresh, Unprepared):
            raise _ArticleError(fresh.error)
        prepared = fresh
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
    speakers = _insert_prepared(conn, rows, article_id, prepared)
    if queue_digest:  # in this transaction: indexed ⇔ pending (or already posted: never twice)
        enqueue(conn, article_id)
        if matcher:  # the alerts of desks and journalists, as surely as the digest (issue 14)
            matching.queue(conn, article_id, matcher.match(
                prepared.terms, speakers, lambda key: [k for k, _name in people.people_holding(conn, key)]))
    return AddResult(status, article_id, passages=len(prepared.passages))


def _insert_prepared(conn: sqlite3.Connection, rows: list[tuple[int, str, str]], article_id: str,
                     prepared: Prepared) -> list[tuple[str, str, str]]:
    """Write an article's passages, their FTS rows and its quotes (linked to their passage);
    returns the quotes' named speakers as (person key, name, quote text)."""
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
        rows.append((passage_id, context, body))
        passage_ids.append((passage.start, passage.end, passage_id))
    return _insert_quotes(conn, article_id, prepared.article.published, prepared.extraction, passage_ids)


def _insert_quotes(conn: sqlite3.Connection, article_id: str, published: str | None, extraction: Extraction,
                   passage_ids: list[tuple[int, int, int]]) -> list[tuple[str, str, str]]:
    """Write an article's quotes, each linked to the passage that holds it and to the archive's
    person; remember the roles the article gives; a speaker the article only describes by a
    role held by one person ("la ministre de la Culture") is named from the archive's memory."""
    people.remember_roles(conn, article_id, published, extraction.roles)
    speakers: list[tuple[str, str, str]] = []  # (person key, name, quote) of the named speakers
    for quote in extraction.quotes:
        passage_id = next((pid for start, end, pid in passage_ids if start <= quote.start < end), None)
        if passage_id is None:  # a quote opening between windows: the next passage holds it
            passage_id = next((pid for start, _end, pid in passage_ids if start >= quote.start), None)
        speaker, role = quote.speaker, quote.role
        if speaker and not speaker[:1].isupper():
            holder = people.role_holder(conn, speaker, published)
            if holder:
                speaker, role = holder[0], role_as_written(speaker)  # "ministre de la Culture"
        speaker, person_id = people.canonical_speaker(conn, speaker)
        conn.execute(
            "INSERT INTO quotes (article_id, passage_id, text, speaker, speaker_key, mention, verb, direct,"
            " start_char, end_char, role, person_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [article_id, passage_id, quote.text, speaker, speaker_key(speaker), quote.mention,
             quote.verb, int(quote.direct), quote.start, quote.end, role, person_id],
        )
        if person_id is not None and speaker and (key := person_key(speaker)):
            speakers.append((key, speaker, quote.text))
    return speakers


def _delete_passages(conn: sqlite3.Connection, article_id: str) -> None:
    postings.mark_deleted(conn, "SELECT id FROM passages WHERE article_id = ?", [article_id])
    conn.execute(
        "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE article_id = ?)", [article_id]
    )
    conn.execute("DELETE FROM passages WHERE article_id = ?", [article_id])
    conn.execute("DELETE FROM quotes WHERE article_id = ?", [article_id])
    conn.execute("DELETE FROM roles WHERE article_id = ?", [article_id])


def delete_article(store: Store, article_id: str) -> bool:
    """Remove an article and everything derived from it; False if it was not there."""
    with _writing(store) as (conn, _rows):
        _delete_passages(conn, article_id)
        return conn.execute("DELETE FROM articles WHERE id = ?", [article_id]).rowcount > 0


def reanalyze(store: Store, with_quotes: bool = True, batch: int = 500,
              on_batch: Callable[[int, int], None] | None = None) -> int:
    """Rebuild every article's passages, terms and quotes from its stored text (after an
    analyzer change), `batch` articles per transaction, a progress line each; returns how many
    articles."""
    ids = [row[0] for row in store.db.execute("SELECT id FROM articles")]
    for start in range(0, len(ids), batch):
        with _writing(store) as (conn, rows):
            for article_id in ids[start : start + batch]:
                article = store.read_article(conn, article_id)
                if not article:
                    continue
                [fresh] = prepare([article], with_quotes)
                if isinstance(fresh, Unprepared):  # keeps its passages of the previous analyzer
                    log.warning("article %s could not be analysed again: %s", article_id, fresh.error)
                    continue
                _delete_passages(conn, article_id)
                _insert_prepared(conn, rows, article_id, fresh)
        done = min(start + batch, len(ids))
        log.info("articles analysed again: %d/%d", done, len(ids))
        if on_batch:
            on_batch(done, len(ids))
    with store.transaction() as conn:  # every passage is new: one compact set of postings
        postings.rebuild(conn)
    return len(ids)


def ensure_ready(store: Store, with_quotes: bool = True) -> None:
    """Bring what was derived from the articles up to this version of newsbot, once: the search
    postings (an index from before schema 5), and the analysis (after an analyzer change)."""
    if not postings.ready(store.db.conn):  # an index from before schema 5, or a new one
        passages = store.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        if passages:
            log.warning("building the search postings of %s for %d passages (once: about a minute per"
                        " million passages)", store.path, passages)
        with store.transaction() as conn:
            postings.rebuild(conn)
    stored = store.meta("analyzer_version")
    if stored is not None and stored.isdigit() and int(stored) > ANALYZER_VERSION:
        raise sqlite3.DatabaseError(f"{store.path} was analysed by a newer newsbot (analyzer {stored}, this one"
                                    f" knows {ANALYZER_VERSION}): upgrade newsbot")
    reanalyzed = stored not in (None, str(ANALYZER_VERSION))
    if reanalyzed:
        articles = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        log.warning("analysing the %d articles of %s again (newsbot's analyzer changed, version %s → %s; once:"
                    " about a minute per 10,000 articles)", articles, store.path, stored, ANALYZER_VERSION)
        reanalyze(store, with_quotes)  # quotes included: no second reading below
        with store.transaction() as conn:  # topics followed: the new analyzer's terms, as articles now hold
            subscriptions.rekey_topics(conn)
    if stored != str(ANALYZER_VERSION):  # opening to read must not wait for an ingester's write lock
        store.set_meta("analyzer_version", str(ANALYZER_VERSION))
    stored = store.meta("quotes_version")
    if stored != str(QUOTES_VERSION) and with_quotes:  # an index without quotes gets them later
        if not reanalyzed:
            reextract_quotes(store)
        with store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('quotes_version', ?)", [str(QUOTES_VERSION)])
            conn.execute("DELETE FROM meta WHERE key = ?", [f"quotes_reread_{QUOTES_VERSION}"])


def reextract_quotes(store: Store, batch: int = 500, on_batch: Callable[[int, int], None] | None = None) -> int:
    """Read every stored article's quotes again (after the extractor improved): quotes, speakers,
    roles and the archive's people, `batch` articles per transaction, a progress line each;
    passages and search are untouched. Returns how many articles."""
    # Resumable: the last article done is remembered with each batch, so a restart (or a second
    # process opening the index meanwhile) goes on from there instead of starting over.
    progress = f"quotes_reread_{QUOTES_VERSION}"
    after = int(store.meta(progress) or 0)
    ids = [row[0] for row in store.db.execute("SELECT id FROM articles WHERE rowid > ? ORDER BY rowid", [after])]
    if ids:
        log.warning("reading the quotations of %d articles again (a newer extractor): about a minute per"
                    " 10,000 articles", len(ids))
    for start in range(0, len(ids), batch):
        articles = [a for a in (store.read_article(store.db.conn, i) for i in ids[start:start + batch]) if a]
        extractions = _extract(articles)  # CPU work before the write lock, as ingest does
        with store.transaction() as conn:
            for article, extraction in zip(articles, extractions):
                spans = conn.execute("SELECT start_char, end_char, id FROM passages WHERE article_id = ?"
                                     " ORDER BY start_char", [article.id]).fetchall()
                conn.execute("DELETE FROM quotes WHERE article_id = ?", [article.id])
                conn.execute("DELETE FROM roles WHERE article_id = ?", [article.id])
                _insert_quotes(conn, article.id, article.published, extraction, [tuple(r) for r in spans])
            last = conn.execute("SELECT rowid FROM articles WHERE id = ?", [ids[min(start + batch, len(ids)) - 1]]).fetchone()
            if last:
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [progress, str(last[0])])
        done = min(start + batch, len(ids))
        log.info("quotations read again: %d/%d articles", done, len(ids))
        if on_batch:
            on_batch(done, len(ids))
    return len(ids)
