"""The alert outbox: each (subscription, article) posted once, one message per target per window.

The digest outbox's guarantees (`index.digest.outbox`), per target: rows are written in the
transaction that indexes the article (`index.alerts.matching.queue`); a poster `claim`s a
target's free pending rows for a lease, posts one message, and `mark_posted` records only what
the chat service accepted; a failure (`mark_failed`) leaves them pending, retried after a
growing wait — a channel newsbot cannot post to yet keeps its subscription and gets its alerts
once newsbot is invited. Posted rows stay: the same article never alerts a subscription twice.

A target's next message is due `window` seconds after its oldest free pending row arrived (or
its retry time), and not before `window` seconds after its last message (`due_targets`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.digest.outbox import LEASE_SECONDS, backoff_seconds
from index.store.index import Store

Key = tuple[int, str]  # (subscription id, article id)


@dataclass(frozen=True)
class Alert:
    """A claimed (subscription, article) pair and why the subscription wants the article."""

    subscription_id: int
    article_id: str
    kind: str  # "person" or "topic"
    reason: str  # the person's name, or the topic as typed
    quote: str | None

    @property
    def key(self) -> Key:
        return (self.subscription_id, self.article_id)


def due_targets(store: Store, window: float, owner: str = "", now: float | None = None) -> dict[str, float]:
    """{target: when its next message is due} for every target with free pending alerts."""
    now = time.time() if now is None else now
    rows = store.db.execute(
        "SELECT target, min(max(queued_at + ?, retry_at)) FROM alert_outbox WHERE posted_at IS NULL"
        " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?) GROUP BY target",
        [window, owner, now]).fetchall()
    due = {}
    for target, at in rows:
        last = store.db.execute("SELECT max(posted_at) FROM alert_outbox WHERE target = ? AND posted_at IS NOT NULL",
                                [target]).fetchone()[0]
        due[target] = at if last is None else max(at, last + window)
    return due


def claim(store: Store, target: str, owner: str, now: float | None = None, lease: float = LEASE_SECONDS,
          limit: int = 300, retrying: bool = True) -> list[Alert]:
    """Take a target's free pending alerts whose retry time has come, oldest first, for `lease` s."""
    now = time.time() if now is None else now
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT o.subscription_id, o.article_id, s.kind, o.reason, o.quote FROM alert_outbox o"
            " JOIN subscriptions s ON s.id = o.subscription_id"
            " WHERE o.target = ? AND o.posted_at IS NULL AND o.retry_at <= ?"
            " AND (o.lease_owner IS NULL OR o.lease_owner = ? OR o.lease_until < ?)"
            " ORDER BY o.queued_at, o.article_id, o.subscription_id LIMIT ?",
            [target, now if retrying else math.inf, owner, now, limit]).fetchall()
        alerts = [Alert(*row) for row in rows]
        conn.executemany("UPDATE alert_outbox SET lease_owner = ?, lease_until = ? WHERE subscription_id = ?"
                         " AND article_id = ?", [(owner, now + lease, *a.key) for a in alerts])
    return alerts


def release(store: Store, keys: Iterable[Key], owner: str) -> None:
    """Give back claimed alerts without posting them (what did not fit one message)."""
    with store.transaction() as conn:
        conn.executemany("UPDATE alert_outbox SET lease_owner = NULL, lease_until = 0 WHERE subscription_id = ?"
                         " AND article_id = ? AND lease_owner = ?", [(*k, owner) for k in keys])


def mark_posted(store: Store, keys: Iterable[Key], message_id: str | None, now: float | None = None) -> int:
    """Record that the message carrying these alerts was accepted; returns how many changed."""
    now = time.time() if now is None else now
    with store.transaction() as conn:
        return sum(conn.execute(
            "UPDATE alert_outbox SET posted_at = ?, message_ts = ?, lease_owner = NULL, lease_until = 0,"
            " last_error = NULL WHERE subscription_id = ? AND article_id = ? AND posted_at IS NULL",
            [now, message_id, *k]).rowcount for k in keys)


def mark_failed(store: Store, keys: Sequence[Key], error: str, now: float | None = None, base: float = 5.0,
                cap: float = 900.0) -> float:
    """Record a failed post: the alerts stay pending, retried after a growing wait; returns when."""
    now = time.time() if now is None else now
    with store.transaction() as conn:
        attempts = max([conn.execute("SELECT attempts FROM alert_outbox WHERE subscription_id = ? AND article_id = ?",
                                     list(k)).fetchone()[0] for k in keys] or [0]) + 1
        retry_at = now + backoff_seconds(attempts, base, cap)
        conn.executemany(
            "UPDATE alert_outbox SET attempts = ?, retry_at = ?, last_error = ?, lease_owner = NULL, lease_until = 0"
            " WHERE subscription_id = ? AND article_id = ? AND posted_at IS NULL",
            [(attempts, retry_at, error[:500], *k) for k in keys])
    return retry_at


def retry_now(store: Store, target: str) -> int:
    """Alerts of a target waiting after failures are due at once (newsbot was just invited there)."""
    with store.transaction() as conn:
        return conn.execute("UPDATE alert_outbox SET retry_at = 0 WHERE target = ? AND posted_at IS NULL"
                            " AND retry_at > 0", [target]).rowcount


@dataclass(frozen=True)
class TargetState:
    """A target's alerts at a glance: what waits, the last failure, the last message."""

    pending: int
    last_error: str | None
    last_posted_at: float | None


def state(store: Store, target: str) -> TargetState:
    """What waits for `target`, why it failed last, when it last got a message."""
    pending = store.db.execute("SELECT count(*) FROM alert_outbox WHERE target = ? AND posted_at IS NULL",
                               [target]).fetchone()[0]
    error = store.db.execute("SELECT last_error FROM alert_outbox WHERE target = ? AND posted_at IS NULL AND"
                             " last_error IS NOT NULL ORDER BY retry_at DESC LIMIT 1", [target]).fetchone()
    posted = store.db.execute("SELECT max(posted_at) FROM alert_outbox WHERE target = ? AND posted_at IS NOT NULL",
                              [target]).fetchone()[0]
    return TargetState(pending, error[0] if error else None, posted)


def failing(store: Store) -> list[tuple[str, int, float, str | None]]:
    """(target, alerts waiting, since when, last error) of every target whose last post failed."""
    return [tuple(row) for row in store.db.execute(  # type: ignore[misc]
        "SELECT target, count(*), min(queued_at), (SELECT last_error FROM alert_outbox i WHERE i.target = o.target"
        " AND i.posted_at IS NULL AND i.last_error IS NOT NULL ORDER BY i.retry_at DESC LIMIT 1)"
        " FROM alert_outbox o WHERE posted_at IS NULL GROUP BY target HAVING max(attempts) > 0 ORDER BY target")]


def posted_pairs(store: Store) -> list[Key]:
    """Every (subscription, article) posted so far (tests and checks: never twice)."""
    return [tuple(r) for r in store.db.execute(  # type: ignore[misc]
        "SELECT subscription_id, article_id FROM alert_outbox WHERE posted_at IS NOT NULL ORDER BY 1, 2")]
