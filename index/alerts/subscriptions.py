"""What a channel or a journalist follows: people and topics, parsed, bounded and stored.

    interest = interpret(store, "Macron")             # Interest(kind="person", key="macron", …)
    follow(store, target, interest, user) · unfollow(store, target, text) · subscriptions_of(store, target)

A *target* is where alerts go: a channel id ("C0123…"), or "@" + a user id for the personal
alerts of a journalist, delivered by DM. A person is followed by their person key
(`index.quotes.names.person_key`: honorifics, accents and spelling variants folded), so that
"Macron", "M. Macron" and "Emmanuel Macron" are one; a topic by its analysed terms (the search
analyzer: stopwords out, stems), all of which a new article must hold; a *phrase* — words in
quotation marks, `« réforme des retraites »` — by its analysed terms in order, which a new
article must hold one after the other (as a search for the phrase finds them).

Bad input never reaches the table: `interpret` raises `SubscriptionError` whose `code` is the
message key the bot shows (empty, only common words, too long, too many words), and `follow`
refuses a target's subscription past `limit` ("subscription_limit").
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Literal

from index.people import people_holding
from index.quotes.names import person_key
from index.store.errors import NewsbotError
from index.store.index import Store
from index.text.analyze import analyze

log = logging.getLogger("newsbot.alerts")

Kind = Literal["person", "topic", "phrase"]

MAX_TOPIC_CHARS = 200  # a topic is a few words; a pasted paragraph is refused with a message
MAX_TOPIC_WORDS = 8  # analysed terms an article must all hold: more would never match
MAX_LABEL_CHARS = 120
DEFAULT_LIMIT = 100  # subscriptions of one target (NEWSBOT_MAX_SUBSCRIPTIONS)

# « … » (no-break spaces or not), "…", “…”, „…“ and '…' around the whole text: a phrase
_QUOTED = re.compile(r'^\s*(?:«\s*(?P<a>.*?)\s*»|"(?P<b>.*?)"|[“„](?P<c>.*?)[”“]|[\'‘’](?P<d>.*?)[\'’])\s*$', re.S)
_PARTICLES = frozenset("de du des d' la le von van der ben el al bin da di dos".split())
_EXPLICIT = {"personne": "person", "person": "person", "sujet": "topic", "topic": "topic", "mot": "topic",
             "mots": "topic", "words": "topic"}


class SubscriptionError(NewsbotError):
    """A subscription newsbot cannot take; `code` names the message to show, `values` fill it."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code, self.values = code, values


@dataclass(frozen=True)
class Interest:
    """What someone asked to follow: a person (by person key), a topic (by analysed terms) or a
    phrase (by analysed terms, in order).

    `known` is False for a person nobody of that name is quoted by yet (accepted all the same)."""

    kind: Kind
    key: str
    label: str
    known: bool = True


@dataclass(frozen=True)
class Subscription:
    """A stored subscription of a target."""

    id: int
    target: str
    kind: Kind
    key: str
    label: str
    created_by: str | None
    created_at: float


def _looks_like_a_name(words: list[str]) -> bool:
    """"Macron", "Emmanuel Macron", "M. Macron", "Ursula von der Leyen": capitalised words."""
    named = [w for w in words if w.lower() not in _PARTICLES and not w.lower().startswith(("d'", "d’"))]
    return 0 < len(named) <= 4 and all(w[:1].isupper() for w in named)


def topic_key(text: str) -> list[str]:
    """The analysed terms of a topic, each once, sorted: what an article must all hold."""
    return sorted(set(analyze(text)))


def phrase_key(text: str) -> list[str]:
    """The analysed terms of a phrase, in order: what an article must hold one after the other."""
    return analyze(text)


def rekey_topics(conn: sqlite3.Connection) -> int:
    """Analyse each topic's and phrase's words (its label) again, after the analyzer changed
    (index.indexing.ensure_ready, in the transaction after the articles' own re-analysis), so that
    its terms are those the new articles will hold; returns how many changed. A topic that now
    says the same as another of its target's is one subscription (the older); a label cut at
    MAX_LABEL_CHARS may have lost words, and keeps its terms."""
    changed = 0
    rows = conn.execute("SELECT id, target, kind, key, label FROM subscriptions"
                        " WHERE kind IN ('topic', 'phrase') ORDER BY id").fetchall()
    for subscription_id, target, kind, key, label in rows:
        terms = phrase_key(label) if kind == "phrase" else topic_key(label.replace(" · ", " "))
        if len(label) >= MAX_LABEL_CHARS or not terms or " ".join(terms) == key:
            continue
        same = conn.execute("SELECT id FROM subscriptions WHERE target = ? AND kind = ? AND key = ? AND id != ?",
                            [target, kind, " ".join(terms), subscription_id]).fetchone()
        if same:  # the two say the same for the new analyzer: one stays, and the admin is told
            log.warning("subscriptions of %s: %r now follows the same words as subscription %d; one is kept",
                        target, label, same[0])
        if same and same[0] < subscription_id:
            conn.execute("DELETE FROM subscriptions WHERE id = ?", [subscription_id])
        else:
            if same:  # the younger one goes; the older takes its terms
                conn.execute("DELETE FROM subscriptions WHERE id = ?", [same[0]])
            conn.execute("UPDATE subscriptions SET key = ? WHERE id = ?", [" ".join(terms), subscription_id])
        changed += 1
    return changed


def interpret(store: Store, text: str) -> Interest:
    """What `text` asks to follow. Text in quotation marks is a phrase (a topic when only one
    word of it counts); `sujet …` / `topic …`, or words that are not capitalised, a topic (all
    the words, anywhere); capitalised words (a name) or `personne …` / `person …` a person.
    Raises SubscriptionError (empty, too long, only common words, too many words)."""
    text = " ".join(text.split())
    if not text:
        raise SubscriptionError("follow_empty")
    if len(text) > MAX_TOPIC_CHARS:
        raise SubscriptionError("follow_too_long", limit=MAX_TOPIC_CHARS)
    kind: Kind | None = None
    first, _, rest = text.partition(" ")
    if first.lower() in _EXPLICIT and rest:
        kind, text = _EXPLICIT[first.lower()], rest  # type: ignore[assignment]
    quoted = _QUOTED.match(text)
    if quoted:
        text = " ".join(next(g for g in quoted.groups() if g is not None).split())
        kind = kind if kind == "person" else "phrase"
        if not text:
            raise SubscriptionError("follow_empty")
    if kind is None:
        key = person_key(text)
        known = bool(key) and bool(people_holding(store.db.conn, key)[:5])
        kind = "person" if known or _looks_like_a_name(text.split()) else "topic"
    if kind == "person":
        return _person(store, text)
    if kind == "phrase":
        return _phrase(text)
    terms = topic_key(text)
    if not terms:
        raise SubscriptionError("follow_common_words")
    if len(terms) > MAX_TOPIC_WORDS:
        raise SubscriptionError("follow_too_many_words", limit=MAX_TOPIC_WORDS)
    # "retraites · pénibilité": the words that count, as the alert lines say why an article is there
    label = " · ".join(w for w in text.split() if analyze(w)) or text
    return Interest("topic", " ".join(terms), label[:MAX_LABEL_CHARS])


def _phrase(text: str) -> Interest:
    """Words in quotation marks: their analysed terms in order (one term: a topic, it is the same)."""
    terms = phrase_key(text)
    if not terms:
        raise SubscriptionError("follow_common_words")
    if len(terms) > MAX_TOPIC_WORDS:
        raise SubscriptionError("follow_too_many_words", limit=MAX_TOPIC_WORDS)
    if len(set(terms)) == 1:
        return Interest("topic", terms[0], text[:MAX_LABEL_CHARS])
    return Interest("phrase", " ".join(terms), text[:MAX_LABEL_CHARS])


def _person(store: Store, text: str) -> Interest:
    key = person_key(text)
    if not key:
        raise SubscriptionError("follow_empty")
    people = people_holding(store.db.conn, key)[:5]
    # "Macron" → "Emmanuel Macron" when the archive's fuller names of that key are one person's
    fuller = {name for k, name in people if len(k.split()) > len(key.split())}
    label = fuller.pop() if len(fuller) == 1 else people[0][1] if len(people) == 1 else text
    return Interest("person", key, label[:MAX_LABEL_CHARS], known=bool(people))


def subscriptions_of(store: Store, target: str) -> list[Subscription]:
    """A target's subscriptions, oldest first."""
    rows = store.db.execute("SELECT id, target, kind, key, label, created_by, created_at FROM subscriptions"
                            " WHERE target = ? ORDER BY created_at, id", [target]).fetchall()
    return [Subscription(*row) for row in rows]


def subscription(store: Store, subscription_id: int) -> Subscription | None:
    """The subscription with this id, or None (removed meanwhile)."""
    row = store.db.execute("SELECT id, target, kind, key, label, created_by, created_at FROM subscriptions"
                           " WHERE id = ?", [subscription_id]).fetchone()
    return Subscription(*row) if row else None


def targets_followed_by(store: Store, user: str) -> list[tuple[str, int]]:
    """(channel, subscriptions) where `user` set up subscriptions (not their own alerts)."""
    return [tuple(row) for row in store.db.execute(  # type: ignore[misc]
        "SELECT target, count(*) FROM subscriptions WHERE created_by = ? AND target NOT LIKE '@%'"
        " GROUP BY target ORDER BY min(created_at)", [user])]


def follow(store: Store, target: str, interest: Interest, user: str | None = None,
           limit: int = DEFAULT_LIMIT, now: float | None = None) -> tuple[Subscription, bool]:
    """Store the subscription (once: following the same thing again changes nothing); returns it
    and whether it is new. SubscriptionError("subscription_limit") past `limit` for the target."""
    now = time.time() if now is None else now
    with store.transaction() as conn:
        row = conn.execute("SELECT id FROM subscriptions WHERE target = ? AND kind = ? AND key = ?",
                           [target, interest.kind, interest.key]).fetchone()
        created = row is None
        if created:
            count = conn.execute("SELECT count(*) FROM subscriptions WHERE target = ?", [target]).fetchone()[0]
            if count >= limit:
                raise SubscriptionError("subscription_limit", limit=limit)
            row = conn.execute("INSERT INTO subscriptions (target, kind, key, label, created_by, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                               [target, interest.kind, interest.key, interest.label, user, now]).fetchone()
    found = subscription(store, row[0])
    assert found is not None
    return found, created


def unfollow(store: Store, target: str, text: str) -> list[Subscription]:
    """Remove the target's subscriptions to what `text` names (its label, its person, topic or
    phrase key, or a person's last name; in quotation marks, only that phrase); returns what was
    removed (empty: nothing matched)."""
    text = " ".join(text.split())
    first, _, rest = text.partition(" ")
    if first.lower() in _EXPLICIT and rest:
        text = rest
    quoted = _QUOTED.match(text)
    if quoted:
        text = " ".join(next(g for g in quoted.groups() if g is not None).split())
        terms = phrase_key(text)
        if not terms:
            return []
        kind = "topic" if len(set(terms)) == 1 else "phrase"  # as `interpret` stores it
        phrase = terms[0] if kind == "topic" else " ".join(terms)
        gone = [s for s in subscriptions_of(store, target) if s.kind == kind and s.key == phrase]
        return remove(store, target, [s.id for s in gone]) if gone else []
    keys = {person_key(text), " ".join(topic_key(text)), " ".join(phrase_key(text))} - {None, ""}
    folded = text.casefold()
    gone = [s for s in subscriptions_of(store, target)
            if s.key in keys or s.label.casefold() == folded
            or (s.kind == "person" and (k := person_key(text)) and set(k.split()) <= set(s.key.split()))]
    return remove(store, target, [s.id for s in gone]) if gone else []


def remove(store: Store, target: str, ids: list[int]) -> list[Subscription]:
    """Remove these subscriptions of `target` (their pending alerts go with them); returns them."""
    found = [s for s in (subscription(store, i) for i in ids) if s is not None and s.target == target]
    with store.transaction() as conn:
        conn.executemany("DELETE FROM subscriptions WHERE id = ? AND target = ?", [(s.id, target) for s in found])
    return found
