"""What newsbot remembers of each feed between polls: conditional GET validators, failures and
backoff, and the items already handled (so that an item is indexed once and a broken one is not
refetched forever). The SQL of the `feeds` and `feed_entries` tables."""

from __future__ import annotations

import time
from dataclasses import dataclass

from index.store.index import Store

# The library's default wait between two polls of a feed; the bot's NEWSBOT_FEED_INTERVAL defaults
# to it (bot/settings.py) and is passed to `index.sources.feeds.poll_feed`.
DEFAULT_POLL_INTERVAL_SECONDS = 300.0

@dataclass
class FeedState:
    """What newsbot remembers of a feed between polls (conditional GET, backoff on failure)."""

    url: str
    title: str | None = None
    etag: str | None = None
    modified: str | None = None
    checked_at: float | None = None
    ok_at: float | None = None
    failures: int = 0
    last_error: str | None = None
    next_check_at: float = 0.0


_FEED_COLUMNS = "url, title, etag, modified, checked_at, ok_at, failures, last_error, next_check_at"


def load(index: Store, url: str) -> FeedState:
    """The remembered state of a feed (a blank one for a feed never polled)."""
    row = index.db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", [url]).fetchone()
    return FeedState(*row) if row else FeedState(url)


def save(index: Store, state: FeedState) -> None:
    """Remember a feed's state after a poll."""
    with index.transaction() as conn:
        conn.execute(
            f"INSERT OR REPLACE INTO feeds ({_FEED_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            [state.url, state.title, state.etag, state.modified, state.checked_at, state.ok_at, state.failures,
             state.last_error, state.next_check_at])


def every_feed(index: Store) -> list[FeedState]:
    """The remembered state of every feed ever polled (failing ones have `failures` > 0)."""
    return [FeedState(*row) for row in index.db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY url")]


@dataclass(frozen=True)
class SeenEntry:
    """An entry of a feed already handled: its fingerprint, whether it is done, and attempts."""

    fingerprint: str
    done: bool  # indexed, or given up on after too many failed attempts
    attempts: int


def seen_entries(index: Store, feed_url: str) -> dict[str, SeenEntry]:
    """Entries of a feed already handled, by entry key: a done entry is not fetched again."""
    rows = index.db.execute("SELECT entry_key, fingerprint, done, attempts FROM feed_entries WHERE feed_url = ?",
                            [feed_url]).fetchall()
    return {key: SeenEntry(fingerprint, bool(done), attempts) for key, fingerprint, done, attempts in rows}


def record_entry(index: Store, feed_url: str, key: str, fingerprint: str, *, article_id: str | None = None,
                 error: str | None = None, done: bool = True) -> None:
    """Remember one entry: indexed (`article_id`), failed to be retried (`done=False`), or given up."""
    with index.transaction() as conn:
        conn.execute(
            "INSERT INTO feed_entries (feed_url, entry_key, fingerprint, done, article_id, attempts, last_error,"
            " seen_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (feed_url, entry_key) DO UPDATE SET"
            " fingerprint = excluded.fingerprint, done = excluded.done, article_id = excluded.article_id,"
            " attempts = feed_entries.attempts + excluded.attempts, last_error = excluded.last_error,"
            " seen_at = excluded.seen_at",
            [feed_url, key, fingerprint, int(done), article_id, 1 if error else 0, error, time.time()])
