"""Which subscriptions want a new article: decided at ingest, in the transaction that indexes it.

    matcher = Matcher.load(conn)                       # once per batch, inside its transaction
    matcher.match(terms, speakers) -> [Match]          # pure: no database
    queue(conn, article_id, matches)                   # the alert outbox rows, same transaction

A person subscription matches an article that quotes them: a quote whose speaker's person key
(as stored for who-said answers, after "M. Macron" or "le président de la République" were
resolved to a name) holds the subscription key's last word (the surname), and one key holds the
other — "macron" matches "emanuel macron", and "emanuel macron" matches an article that says
only "M. Macron" (as does "brigite macron": a surname alone is not told apart), but
"brigite macron" never matches "emanuel macron". A topic subscription matches an article whose analysed terms (title, headings and
passages, as search indexes them) hold all of its terms.

Both are looked up through small inverted indexes (a person's words, a topic's rarest term), so
the cost per article grows with the article, not with the number of subscriptions
(bench/alert_matching.py: ≤ 1 ms per article with 1,000 subscriptions).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Match:
    """A subscription that wants an article, and why: the person's quote, or the topic."""

    subscription_id: int
    target: str
    reason: str  # the person's name, or the topic as its subscriber typed it
    quote: str | None = None


@dataclass(frozen=True)
class _Rule:
    id: int
    target: str
    words: frozenset[str]
    label: str


@dataclass
class Matcher:
    """The subscriptions of the index, ready to match articles (see the module docstring)."""

    people: dict[str, list[_Rule]] = field(default_factory=dict)  # a word of the key → rules
    topics: dict[str, list[_Rule]] = field(default_factory=dict)  # a term of the key → rules

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Matcher:
        """Every subscription, read inside the caller's transaction."""
        matcher = cls()
        for sid, target, kind, key, label in conn.execute("SELECT id, target, kind, key, label FROM subscriptions"):
            matcher.add(sid, target, kind, key, label)
        return matcher

    def add(self, sid: int, target: str, kind: str, key: str, label: str) -> None:
        """One subscription more (its key's last word, or longest term, indexes it)."""
        words = key.split()
        if not words:
            return
        rule = _Rule(sid, target, frozenset(words), label)
        if kind == "person":
            self.people.setdefault(words[-1], []).append(rule)
        else:
            self.topics.setdefault(max(words, key=len), []).append(rule)

    def __bool__(self) -> bool:
        return bool(self.people or self.topics)

    def match(self, terms: Iterable[tuple[str, str]], speakers: Iterable[tuple[str, str, str]]) -> list[Match]:
        """The subscriptions that want an article of these analysed passages ((context, body)
        terms) and quotes ((person key, speaker name, quote text)); each subscription once."""
        found: dict[int, Match] = {}
        if self.people:
            for key, _name, quote in speakers:
                words = frozenset(key.split())
                for word in words:
                    for rule in self.people.get(word, ()):
                        # the key's last word (the surname) is there: "macron" ~ "emanuel macron",
                        # and "emanuel macron" ~ "macron" (an article saying only "M. Macron")
                        if rule.id not in found and (rule.words <= words or words <= rule.words):
                            found[rule.id] = Match(rule.id, rule.target, rule.label, quote)
        if self.topics:
            article: set[str] = set()
            for context, body in terms:
                article.update(context.split())
                article.update(body.split())
            for term in article & self.topics.keys():
                for rule in self.topics[term]:
                    if rule.id not in found and rule.words <= article:
                        found[rule.id] = Match(rule.id, rule.target, rule.label)
        return list(found.values())


def queue(conn: sqlite3.Connection, article_id: str, matches: Iterable[Match], now: float | None = None) -> int:
    """The alert outbox rows of an article, inside the caller's transaction: each (subscription,
    article) once — an article changed or added again is never alerted twice. Returns how many
    are new."""
    now = time.time() if now is None else now
    return sum(conn.execute(
        "INSERT OR IGNORE INTO alert_outbox (subscription_id, article_id, target, reason, quote, queued_at)"
        " VALUES (?, ?, ?, ?, ?, ?)", [m.subscription_id, article_id, m.target, m.reason, m.quote, now]).rowcount
        for m in matches)
