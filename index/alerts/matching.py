"""Which subscriptions want a new article: decided at ingest, in the transaction that indexes it.

    matcher = Matcher.load(conn)                       # once per batch, inside its transaction
    matcher.match(terms, speakers, namesakes) -> [Match]   # no database but through `namesakes`
    queue(conn, article_id, matches)                   # the alert outbox rows, same transaction

A person subscription matches an article that quotes them: a quote whose speaker's person key
(as stored for who-said answers, after "M. Macron" or "le président de la République" were
resolved to a name) holds the subscription key's last word (the surname), and one key holds the
other — "macron" matches "emanuel macron", and "emanuel macron" matches an article that says
only "M. Macron" — but "brigite macron" never matches "emanuel macron". A speaker known only by
a surname ("M. Macron" in an article that never names him in full) matches a fuller
subscription only when no other person of the archive could be meant: every fuller name the
archive holds for that surname (`index.people.people_holding`) is the subscription's person —
"brigite macron" is not alerted of "M. Macron" once the archive has quoted Emmanuel Macron
(with or without Brigitte Macron), and is when she is the only Macron it knows.

A topic subscription matches an article whose analysed terms (title, headings and
passages, as search indexes them) hold all of its terms; a phrase subscription ("« réforme des
retraites »") one whose title, a heading or a passage holds its terms one after the other, as a
search for the phrase finds them (stopwords do not count: "réforme des retraites" and "réforme
les retraites" are one phrase to the analyzer).

All are looked up through small inverted indexes (a person's surname, a topic's or a phrase's
longest term), so the cost per article grows with the article, not with the number of
subscriptions (bench/alert_matching.py: ≤ 1 ms per article with 1,000 subscriptions).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
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
    phrase: str = ""  # a phrase's terms in order, " term term " (padded: a whole-term substring)


@dataclass
class Matcher:
    """The subscriptions of the index, ready to match articles (see the module docstring)."""

    people: dict[str, list[_Rule]] = field(default_factory=dict)  # a word of the key → rules
    topics: dict[str, list[_Rule]] = field(default_factory=dict)  # a term of the key → rules
    phrases: dict[str, list[_Rule]] = field(default_factory=dict)  # a term of the phrase → rules

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
        rule = _Rule(sid, target, frozenset(words), label, f" {' '.join(words)} " if kind == "phrase" else "")
        if kind == "person":
            self.people.setdefault(words[-1], []).append(rule)
        elif kind == "phrase":
            self.phrases.setdefault(max(words, key=len), []).append(rule)
        else:
            self.topics.setdefault(max(words, key=len), []).append(rule)

    def __bool__(self) -> bool:
        return bool(self.people or self.topics or self.phrases)

    def match(self, terms: Iterable[tuple[str, str]], speakers: Iterable[tuple[str, str, str]],
              namesakes: Callable[[str], Iterable[str]] = lambda key: ()) -> list[Match]:
        """The subscriptions that want an article of these analysed passages ((context, body)
        terms) and quotes ((person key, speaker name, quote text)); each subscription once.
        `namesakes(key)`: the person keys the archive holds that hold `key`'s words (who a
        surname alone may be)."""
        found: dict[int, Match] = {}
        if self.people:
            fuller: dict[str, list[frozenset[str]]] = {}  # a speaker's key → the archive's fuller keys
            for key, _name, quote in speakers:
                words = frozenset(key.split())
                for word in words:
                    for rule in self.people.get(word, ()):
                        if rule.id in found:
                            continue
                        # the key's last word (the surname) is there: "macron" ~ "emanuel macron"
                        if rule.words <= words:
                            found[rule.id] = Match(rule.id, rule.target, rule.label, quote)
                        elif words < rule.words:  # "emanuel macron" ~ "M. Macron" if he is the only Macron
                            if key not in fuller:
                                fuller[key] = [k for n in namesakes(key) if (k := frozenset(n.split())) > words]
                            if all(k <= rule.words or rule.words <= k for k in fuller[key]):
                                found[rule.id] = Match(rule.id, rule.target, rule.label, quote)
        if self.topics or self.phrases:
            terms = list(terms)
            article: set[str] = set()
            for context, body in terms:
                article.update(context.split())
                article.update(body.split())
            for term in article & self.topics.keys():
                for rule in self.topics[term]:
                    if rule.id not in found and rule.words <= article:
                        found[rule.id] = Match(rule.id, rule.target, rule.label)
            columns: list[str] | None = None  # each passage's context and body, padded
            for term in article & self.phrases.keys():
                for rule in self.phrases[term]:
                    if rule.id in found or not rule.words <= article:
                        continue
                    if columns is None:
                        columns = [f" {column} " for passage in terms for column in passage]
                    if any(rule.phrase in column for column in columns):
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
