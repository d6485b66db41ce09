"""The digest outbox: the SQL behind "post every new article once".

An article enters the outbox in the transaction that indexes it (`enqueue`, called by
`Store._add`), so an article is never indexed without being pending, nor pending without being
indexed — even if the process dies between the two. It leaves the outbox only when the chat
service has accepted the message that carries it (`mark_posted`, called by the bot's poster). Posted rows stay, so the same article added
again (the file dropped twice, the feed serving the item again, a changed version) is never
posted a second time.

Several processes may post (two `newsbot serve`, or `newsbot digest` beside a watcher): a
poster first `claim`s the pending rows for a short lease, so each article goes to one of them.

A backlog too big to announce article by article is *summarized*: one message stands for all of
it (`mark_summarized`); its articles stay unposted, out of every later digest, listed by
`newsbot digest --dry-run` until `discard_pending` marks them posted. Digests are paced per
window: the next one is due a window after the oldest pending article arrived, and never sooner
than a window after the last message (`next_due`).

Functions take a `Store` and use its transactions; nothing here knows where digests are posted.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.digest.digests import Digest, compose_digest
from index.store.index import Store
from index.store.models import Article, Quote
from index.digest.stories import group_stories, lead_terms


LEASE_SECONDS = 120.0  # a poster that died holding a claim delays those articles by at most this


def enqueue(conn: sqlite3.Connection, article_id: str, now: float | None = None) -> None:
    """Mark an article pending, inside the caller's transaction; a posted article stays posted."""
    conn.execute(
        "INSERT OR IGNORE INTO digest_outbox (article_id, queued_at) VALUES (?, ?)",
        [article_id, time.time() if now is None else now],
    )


@dataclass(frozen=True)
class Pending:
    """An article waiting for the digest: when it arrived, and how posting it went so far."""

    article_id: str
    queued_at: float
    attempts: int = 0
    retry_at: float = 0.0
    last_error: str | None = None
    summarized_at: float | None = None  # in a backlog summary at this time; no digest will announce it


def pending(index: Store, limit: int | None = None) -> list[Pending]:
    """Articles indexed and not yet posted, oldest first (claimed and summarized ones included)."""
    sql = ("SELECT article_id, queued_at, attempts, retry_at, last_error, summarized_at FROM digest_outbox"
           " WHERE posted_at IS NULL ORDER BY queued_at, article_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Pending(*row) for row in index.db.execute(sql).fetchall()]


def last_message_at(index: Store) -> float | None:
    """When the last digest or backlog summary was accepted by the chat service (None: never)."""
    # each half reads one row of its partial index (the poster asks every second; the outbox
    # keeps every article ever posted)
    posted = index.db.execute(
        "SELECT posted_at FROM digest_outbox WHERE posted_at IS NOT NULL AND message_ts IS NOT NULL"
        " ORDER BY posted_at DESC LIMIT 1").fetchone()
    summarized = index.db.execute(
        "SELECT summarized_at FROM digest_outbox WHERE summarized_at IS NOT NULL"
        " ORDER BY summarized_at DESC LIMIT 1").fetchone()
    return max((row[0] for row in (posted, summarized) if row), default=None)


def next_due(index: Store, window: float, owner: str = "", now: float | None = None) -> float | None:
    """When the next digest is due: `window` seconds after the oldest free pending article
    arrived (or its retry time, after a failed post), and not before `window` seconds after the
    last message (one message per window); None when nothing is pending."""
    now = time.time() if now is None else now
    row = index.db.execute(
        "SELECT min(max(queued_at + ?, retry_at)) FROM digest_outbox WHERE posted_at IS NULL"
        " AND summarized_at IS NULL AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)",
        [window, owner, now]).fetchone()
    if row[0] is None:
        return None
    last = last_message_at(index)
    return row[0] if last is None else max(row[0], last + window)


def claim(index: Store, owner: str, now: float | None = None, lease: float = LEASE_SECONDS,
          limit: int | None = 300, retrying: bool = True) -> list[str]:
    """Take the pending articles that nobody holds and whose retry time has come, for `lease` s.

    Returns their ids, oldest first (at most `limit`, None: all). Articles claimed by a poster
    that died are free again when its lease ends; summarized ones are never claimed. With
    `retrying=False` the retry times of failed posts are ignored (`newsbot digest`: now).
    """
    now = time.time() if now is None else now
    with index.transaction() as conn:
        ids = [row[0] for row in conn.execute(
            "SELECT article_id FROM digest_outbox WHERE posted_at IS NULL AND summarized_at IS NULL AND retry_at <= ?"
            " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)"
            " ORDER BY queued_at, article_id LIMIT ?",
            [now if retrying else math.inf, owner, now, -1 if limit is None else limit])]
        conn.executemany("UPDATE digest_outbox SET lease_owner = ?, lease_until = ? WHERE article_id = ?",
                         [(owner, now + lease, i) for i in ids])
    return ids


def release(index: Store, ids: Iterable[str], owner: str) -> None:
    """Give back claimed articles without posting them (a dry run, a shutdown)."""
    with index.transaction() as conn:
        conn.executemany("UPDATE digest_outbox SET lease_owner = NULL, lease_until = 0"
                         " WHERE article_id = ? AND lease_owner = ?", [(i, owner) for i in ids])


def mark_posted(index: Store, ids: Iterable[str], message_id: str | None = None, now: float | None = None) -> int:
    """Record that the message carrying these articles was accepted (`message_id`: the id the chat
    service gave it, kept in the `message_ts` column); returns how many changed."""
    return _mark(index, "posted_at", ids, message_id, now)


def mark_summarized(index: Store, ids: Iterable[str], message_id: str | None = None,
                    now: float | None = None) -> int:
    """Record that a backlog summary standing for these articles was accepted: they leave the
    digests (listed by `newsbot digest --dry-run` until discarded); returns how many changed."""
    return _mark(index, "summarized_at", ids, message_id, now)


def _mark(index: Store, column: str, ids: Iterable[str], message_id: str | None, now: float | None) -> int:
    """Set `column` (posted_at or summarized_at) of the articles not posted yet, releasing their lease."""
    now = time.time() if now is None else now
    with index.transaction() as conn:
        return sum(conn.execute(
            f"UPDATE digest_outbox SET {column} = ?, message_ts = ?, lease_owner = NULL, lease_until = 0,"
            " last_error = NULL WHERE article_id = ? AND posted_at IS NULL", [now, message_id, i]).rowcount
            for i in ids)


def backoff_seconds(attempts: int, base: float = 5.0, cap: float = 900.0) -> float:
    """Wait before retry number `attempts` (1, 2, …): base·2^(n−1), at most `cap`."""
    return min(cap, base * math.pow(2, max(0, attempts - 1)))


def mark_failed(index: Store, ids: Iterable[str], error: str, now: float | None = None,
                base: float = 5.0, cap: float = 900.0) -> float:
    """Record a failed post: the articles stay pending and are retried after a growing wait.

    Returns the time of the next attempt.
    """
    now = time.time() if now is None else now
    ids = list(ids)
    with index.transaction() as conn:
        attempts = max([conn.execute("SELECT attempts FROM digest_outbox WHERE article_id = ?", [i]).fetchone()[0]
                        for i in ids] or [0]) + 1
        retry_at = now + backoff_seconds(attempts, base, cap)
        conn.executemany(
            "UPDATE digest_outbox SET attempts = ?, retry_at = ?, last_error = ?, lease_owner = NULL,"
            " lease_until = 0 WHERE article_id = ? AND posted_at IS NULL",
            [(attempts, retry_at, error[:500], i) for i in ids])
    return retry_at


def discard_pending(index: Store, now: float | None = None) -> int:
    """Mark every pending article posted without posting it (after a bulk import, or a backlog
    summary); returns how many."""
    now = time.time() if now is None else now
    with index.transaction() as conn:
        return conn.execute("UPDATE digest_outbox SET posted_at = ?, message_ts = NULL, lease_owner = NULL"
                            " WHERE posted_at IS NULL", [now]).rowcount


@dataclass(frozen=True)
class Backlog:
    """How the digest is keeping up: what waits, since when, what failed, when it last posted."""

    pending: int  # articles indexed and not yet posted
    oldest_queued_at: float | None  # when the oldest of them was indexed (epoch seconds)
    failing: int  # pending articles whose last post failed (retried with a growing wait)
    last_error: str | None  # the error of the latest failed post still pending
    last_posted_at: float | None  # when a digest last carried an article


def backlog(index: Store) -> Backlog:
    """The outbox at a glance, for `newsbot doctor` and the metrics."""
    pending, oldest, failing = index.db.execute(
        "SELECT count(*), min(queued_at), coalesce(sum(attempts > 0), 0) FROM digest_outbox WHERE posted_at IS NULL"
    ).fetchone()
    error = index.db.execute("SELECT last_error FROM digest_outbox WHERE posted_at IS NULL AND last_error IS NOT NULL"
                             " ORDER BY retry_at DESC LIMIT 1").fetchone()
    posted = index.db.execute("SELECT max(posted_at) FROM digest_outbox WHERE message_ts IS NOT NULL").fetchone()[0]
    return Backlog(pending, oldest, failing, error[0] if error else None, posted)


def articles(index: Store, ids: Sequence[str]) -> list[Article]:
    """The stored articles with these ids, in this order (ids no longer stored are skipped)."""
    found = [index.article(i) for i in ids]
    return [a for a in found if a is not None]


def document_frequencies(index: Store, terms: Iterable[str], exclude: Sequence[str] = ()) -> tuple[dict[str, int], int]:
    """(passages holding each term, number of passages): how rare a term is in the archive.

    The story grouping (`index.digest.stories`) weighs terms by this rarity, so that "Poutine" and
    "Bélarus" tie two articles together and "gouvernement" does not. The passages of the
    articles in `exclude` (the ones being grouped) are not counted: in a young archive, their
    own shared words would otherwise look common and push them apart.
    """
    wanted = sorted(set(terms))
    frequency: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        placeholders = ",".join("?" * len(chunk))
        frequency.update(index.db.execute(
            f"SELECT term, doc FROM passages_vocab WHERE term IN ({placeholders})", chunk).fetchall())
    total = index.db.execute("SELECT count(*) FROM passages").fetchone()[0]
    wanted_set = set(wanted)
    for start in range(0, len(exclude), 500):
        chunk = list(exclude[start : start + 500])
        placeholders = ",".join("?" * len(chunk))
        rows = index.db.execute(
            "SELECT context, body FROM passages_fts WHERE rowid IN"
            f" (SELECT id FROM passages WHERE article_id IN ({placeholders}))", chunk).fetchall()
        total -= len(rows)
        for context, body in rows:
            for term in (set(context.split()) | set(body.split())) & wanted_set:
                frequency[term] = frequency.get(term, 0) - 1
    return {t: n for t, n in frequency.items() if n > 0}, max(total, 0)


def stored_quotes(index: Store, ids: Sequence[str]) -> dict[str, list[Quote]]:
    """The quotations stored for these articles (by `index.quotes` at ingest), in text order."""
    found: dict[str, list[Quote]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        placeholders = ",".join("?" * len(chunk))
        try:
            rows = index.db.execute(
                "SELECT article_id, text, speaker, start_char, end_char, mention, verb, direct FROM quotes"
                f" WHERE article_id IN ({placeholders}) ORDER BY article_id, start_char", chunk).fetchall()
        except sqlite3.OperationalError:  # a database from before quotes were stored
            return {}
        for article_id, text, speaker, start_char, end_char, mention, verb, direct in rows:
            found.setdefault(article_id, []).append(
                Quote(text, speaker, start_char, end_char, mention=mention, verb=verb, direct=bool(direct)))
    return found


def digest_of(index: Store, ids: Sequence[str]) -> Digest:
    """The digest of these stored articles: grouped into stories, with leads and key quotes."""
    found = articles(index, ids)
    terms = [lead_terms(a) for a in found]
    frequencies, total = document_frequencies(index, (t for ts in terms for t in ts), [a.id for a in found if a.id])
    stories = group_stories(found, frequencies, total, terms=terms)
    return compose_digest(stories, stored_quotes(index, [a.id for a in found if a.id]))
