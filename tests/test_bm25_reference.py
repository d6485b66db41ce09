"""newsbot's BM25 equals rank-bm25's BM25Okapi over the same analyzed passages: FTS5's ranking
with FTS5's constants (k1=1.2, b=0.75), the term postings with newsbot's (index.search.ranking.K1
and B, chosen on PIAF for issue 13) and with FTS5's.

The engine is SQLite FTS5; rank-bm25 is the textbook reference. Both see newsbot's analyzed
terms. FTS5's bm25() counts a row's length over all its columns (context: title and heading;
body: the passage) and sums the weighted term counts of the columns; with both weights at 1 that
is exactly BM25Okapi over the concatenated columns, which is what the reference is given here.
(newsbot's default weights the context 0.5; that is a deliberate change of the term counts only.)

One known, documented difference is left out of the comparison: for a term found in more than
half the passages, BM25's IDF is negative; FTS5 clamps it to 1e-6 while rank-bm25 substitutes
0.25 × the mean IDF. Queries here use terms found in fewer than half the passages (newsbot's
stopword list removes most of the others).
"""

from __future__ import annotations

import random

import pytest
from rank_bm25 import BM25Okapi

from index import Article, open_index
from index.sources.readers import read_path
from index.search.ranking import B, K1, fts5_passages, search_passages
from tests.conftest import SEEDS

TOP = 10


def reference_and_fts(index, k1: float = 1.2, b: float = 0.75) -> tuple[BM25Okapi, list[int], dict[int, list[str]]]:
    rows = index.db.execute("SELECT rowid, context, body FROM passages_fts ORDER BY rowid").fetchall()
    ids = [r[0] for r in rows]
    docs = {r[0]: r[1].split() + r[2].split() for r in rows}
    return BM25Okapi([docs[i] for i in ids], k1=k1, b=b), ids, docs


# (how newsbot ranks, the constants rank-bm25 is given)
RANKINGS = [
    (lambda index, terms: search_passages(index, terms, [], TOP, context_weight=1.0), (K1, B)),
    (lambda index, terms: search_passages(index, terms, [], TOP, context_weight=1.0, k1=1.2, b=0.75), (1.2, 0.75)),
    (lambda index, terms: fts5_passages(index, terms, [], TOP, context_weight=1.0), (1.2, 0.75)),
]


def check_same_ranking(index, queries: list[list[str]]) -> int:
    compared = 0
    for rank, constants in RANKINGS:
        compared += _check_same_ranking(index, queries, rank, constants) // len(RANKINGS)
    return compared


def _check_same_ranking(index, queries: list[list[str]], rank, constants: tuple[float, float]) -> int:
    bm25, ids, docs = reference_and_fts(index, *constants)
    compared = 0
    for terms in queries:
        reference = dict(zip(ids, bm25.get_scores(terms)))
        found = rank(index, terms)
        expected = sorted((s for s in reference.values() if s > 0), reverse=True)[:TOP]
        assert [round(c.score, 6) for c in found] == [round(s, 6) for s in expected], terms
        for candidate in found:
            assert candidate.score == pytest.approx(reference[candidate.passage_id], rel=1e-9, abs=1e-9)
        compared += len(found)
    return compared


def rare_terms(docs: dict[int, list[str]]) -> list[str]:
    df: dict[str, int] = {}
    for terms in docs.values():
        for term in set(terms):
            df[term] = df.get(term, 0) + 1
    return sorted(t for t, n in df.items() if n < len(docs) / 2)


def test_seeds_rank_like_rank_bm25(db_path) -> None:
    index = open_index(db_path)
    index.add_articles(read.article for read in read_path(SEEDS))
    _, _, docs = reference_and_fts(index)
    vocabulary = rare_terms(docs)
    rng = random.Random(7)
    queries = [rng.sample(vocabulary, rng.randint(1, 5)) for _ in range(60)]
    hand_made = [["otag", "nucleair", "kremlin"], ["entrepot", "termin", "tactiqu"], ["iskand"], ["danilov", "twitt"]]
    queries += [[t for t in q if t in vocabulary] for q in hand_made]
    assert check_same_ranking(index, queries) > 200


def test_generated_passages_rank_like_rank_bm25(db_path) -> None:
    rng = random.Random(2023)
    vocabulary = [f"mot{i}" for i in range(3000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf: a few frequent terms
    index = open_index(db_path)
    articles = []
    for number in range(600):
        paragraphs = [
            " ".join(rng.choices(vocabulary, weights, k=rng.randint(5, 110))) + "." for _ in range(rng.randint(2, 8))
        ]
        title = " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 12)))
        articles.append(Article(id=f"g{number}", title=title, text="\n\n".join(paragraphs)))
    index.add_articles(articles)
    _, _, docs = reference_and_fts(index)
    assert len(docs) > 2000
    candidates = rare_terms(docs)
    queries = [rng.sample(candidates, rng.randint(1, 6)) for _ in range(150)]
    assert check_same_ranking(index, queries) > 1000
