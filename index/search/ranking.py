"""Ranking: the best passages for a question's analyzed terms, as candidates with their article.

`plan_terms` (drop terms no passage has, keep the rarest when a pasted question has too many) →
`search_passages` (a ranker: the term postings, or FTS5 while they are not built) →
`passages_by_id` (the passages' text and their article's attribution); `best_passages` adds
the re-ranking of the first rerank.DEPTH (index.search.rerank: proximity, word vectors).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from index.search import fts5, postings, rerank
from index.search.fts5 import CONTEXT_WEIGHT
from index.store.index import Store
from index.store.models import ArticleRef


MAX_QUERY_TERMS = 32  # a 10,000-character paste keeps its 32 rarest terms
TERMS_PER_LOOKUP = 500  # document frequencies are looked up this many terms per query
# BM25's constants, chosen on the PIAF tuning part (issue 13, docs/benchmarks.md): a lower b
# penalises long passages less (a long gold paragraph lost to short distractors); FTS5's own
# are k1 = 1.2, b = 0.75.
K1, B = 0.9, 0.3


class Ranker(Protocol):
    """A BM25 ranker: (passage id, score) of the `limit` best passages holding any of the terms
    or phrases, best first; None when it cannot answer (the postings not built yet)."""

    def __call__(self, conn: sqlite3.Connection, terms: Sequence[str], limit: int, context_weight: float,
                 phrases: Sequence[Sequence[str]] = (), k1: float = ..., b: float = ...) -> list[tuple[int, float]] | None: ...


RANKERS: tuple[Ranker, ...] = (postings.top, fts5.top)


@dataclass
class Candidate:
    """A passage that matched, with what grouping and rendering need."""

    passage_id: int
    score: float  # BM25, higher is better (plus the quote's match for a who_said question)
    text: str
    terms: frozenset[str]
    article: ArticleRef
    quote: str | None = None
    speaker: str | None = None
    quote_terms: frozenset[str] = frozenset()
    direct: bool = True
    speaker_role: str | None = None
    answers: bool = False  # the quote answers the who-said question (index.search.answers)
    body: tuple[str, ...] = ()  # the passage's analyzed terms, in order


def document_frequencies(index: Store, terms: list[str]) -> dict[str, int]:
    """How many passages hold each term (terms no passage has are absent)."""
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(terms))
    # The postings' sizes when they are built (FTS5's vocabulary counts a term's passages by
    # reading them all: milliseconds for a common term at 1M passages).
    ready = postings.ready(index.db.conn)
    # In slices: a pasted megabyte has more distinct terms than SQLite allows variables (32,766).
    for start in range(0, len(unique), TERMS_PER_LOOKUP):
        chunk = unique[start : start + TERMS_PER_LOOKUP]
        if ready:
            found.update(postings.frequencies(index.db.conn, chunk))
            continue
        found.update(fts5.vocabulary_frequencies(index.db.conn, chunk))
    return found


def plan_terms(index: Store, terms: list[str], max_terms: int = MAX_QUERY_TERMS,
               frequency: dict[str, int] | None = None) -> list[str]:
    """The terms worth searching: those some passage has, at most `max_terms`, rarest first kept.
    `frequency`: the terms' document frequencies when the caller has looked them up already.

    Order of the returned terms follows the question, so phrases and logs read naturally.
    """
    frequency = document_frequencies(index, terms) if frequency is None else frequency
    known = [t for t in terms if frequency.get(t)]
    if len(known) > max_terms:
        keep = set(sorted(known, key=lambda t: frequency[t])[:max_terms])
        known = [t for t in known if t in keep]
    return known


def search_passages(
    index: Store,
    terms: list[str],
    phrases: list[list[str]],
    limit: int,
    context_weight: float = CONTEXT_WEIGHT,
    rankers: Sequence[Ranker] = RANKERS,
    k1: float = K1,
    b: float = B,
) -> list[Candidate]:
    """The `limit` best passages by BM25 for these analyzed terms and phrases, best first.

    The first of `rankers` that can answer ranks: by default the term postings (FTS5's bm25()
    with this `k1` and `b`, without scoring every passage that holds a common term), else FTS5.
    """
    if not terms:
        return []
    phrases = [p for p in phrases if set(p) <= set(terms)]
    with postings.snapshot(index.db.conn):
        for ranker in rankers:
            top = ranker(index.db.conn, terms, limit, context_weight, phrases, k1=k1, b=b)
            if top is not None:
                return passages_by_id(index, top)
    return []


def fts5_passages(index: Store, terms: list[str], phrases: list[list[str]], limit: int,
                  context_weight: float = CONTEXT_WEIGHT) -> list[Candidate]:
    """`search_passages` ranked by FTS5 alone: bm25() over every passage holding a term (the
    benchmarks' reference)."""
    return search_passages(index, terms, phrases, limit, context_weight, rankers=(fts5.top,), k1=postings.K1,
                           b=postings.B)


def bm25_passages(index: Store, terms: list[str], phrases: list[list[str]], limit: int, topic: str = "") -> list[Candidate]:
    """The ranking before issue 13, for comparisons: BM25 alone with FTS5's constants."""
    return search_passages(index, terms, phrases, limit, k1=postings.K1, b=postings.B)


def best_passages(index: Store, terms: list[str], phrases: list[list[str]], limit: int, topic: str,
                  depth: int = rerank.DEPTH) -> list[Candidate]:
    """The `limit` best passages: the first `depth` by BM25 (`search_passages`), re-ranked by
    term proximity and word-vector similarity with the question's `topic` (index.search.rerank)."""
    candidates = search_passages(index, terms, phrases, max(limit, depth))
    if not candidates:
        return []
    total = (fts5.totals(index.db.conn) or (len(candidates), 0))[0]
    idf = {t: postings.idf(n, total) for t, n in document_frequencies(index, terms).items()}
    return rerank.rerank(candidates, terms, idf, topic)[:limit]


def _candidate(passage_id: int, score: float, text: str, body: str, ordinal: int, article_id: str, title: str,
               source: str | None, url: str | None, published: str | None) -> Candidate:
    """A candidate from a row of passage, FTS5 and article columns (`passages_by_id`'s order)."""
    terms = tuple(body.split())
    return Candidate(
        passage_id=passage_id,
        score=score,
        text=text,
        terms=frozenset(terms),
        body=terms,
        article=ArticleRef(id=article_id, title=title, source=source, url=url, published=published, paragraph=ordinal),
    )


def passages_by_id(index: Store, ranked: list[tuple[int, float]]) -> list[Candidate]:
    """Candidates for (passage id, score) pairs, in that order (ids no longer stored are skipped)."""
    if not ranked:
        return []
    rows = index.db.execute(
        "SELECT p.id, p.text, f.body, p.ordinal, a.id, a.title, a.source, a.url, a.published"
        " FROM passages p JOIN passages_fts f ON f.rowid = p.id JOIN articles a ON a.id = p.article_id"
        f" WHERE p.id IN ({','.join('?' * len(ranked))})",
        [passage_id for passage_id, _ in ranked],
    ).fetchall()
    by_id = {row[0]: row[1:] for row in rows}
    return [_candidate(passage_id, score, *by_id[passage_id]) for passage_id, score in ranked if passage_id in by_id]
