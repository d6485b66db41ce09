"""Query planning for BM25 on SQLite FTS5: rank fewer passages, keep the same top-k.

A drop-in for `index.search.search_passages` (same arguments, same `Candidate`s, same scores),
written to be moved into index/ (see docs/benchmarks.md, "Recommendation").

Why: `ORDER BY bm25()` over an OR of terms makes FTS5 compute bm25 for every passage holding
any term (~2.5 µs each on this machine, against ~0.1 µs to merely match it) and sort them. At
1M passages one common term ("plus", "franc", "depuis") is 100k+ passages: that is the cost.

How (MaxScore, Turtle & Flood 1995, expressed as FTS5 queries):
1. Terms are ordered by document frequency (`passages_vocab`, already read by plan_terms).
   One term adds at most idf × (k1 + 1) to a passage's BM25.
2. The rarest terms F whose passages add up to at most BUDGET are ranked by FTS5 with two
   queries whose phrases are each term exactly once, so bm25() gives exact full scores:
   `F1 OR F2 …` (exact for passages holding no other term) and `(F1 OR F2 …) AND (R1 OR R2 …)`
   (passages also holding a rest term R). The better score of a passage is its true score.
3. A passage holding none of F scores at most Σ idf(R) × (k1 + 1). When that is below the k-th
   score found, the top-k is proven equal to exhaustive BM25. Otherwise the next rarest term
   joins F ("widening") while the ranked passages stay under WIDEN_BUDGET; past it the answer
   is the best of the passages holding a rare term (counted as unproven in the benchmarks).
4. A query whose terms hold few passages in all (≤ BUDGET), or whose next widening would rank
   about as many passages as the plain query, is ranked plainly (exact).

Phrases (quoted text in a question) make the plain query run, as today.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from index.models import ArticleRef
from index.search import BODY_WEIGHT, CONTEXT_WEIGHT, Candidate, document_frequencies, match_expression

if TYPE_CHECKING:
    from index.store import Index

K1, B = 1.2, 0.75  # FTS5's bm25() constants
BUDGET = 5_000  # passages FTS5 ranks per query (holding one of the rarest terms), at any index size
WIDEN_BUDGET = 20_000  # widening (to prove the top-k exact) stops past this many
PLANNED_ROUND_COST = 1.5  # a planned round ranks the rare terms' passages twice (OR, then AND), ~1.5× their count
AVERAGES_ROWID = 1  # FTS5 keeps "rows, tokens per column" in this row of its %_data table


def _varint(blob: bytes, pos: int) -> tuple[int, int]:
    """SQLite's variable-length integer (as FTS5 writes them) at `pos`; (value, next position)."""
    value = 0
    for _ in range(8):
        byte = blob[pos]
        pos += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos
    return (value << 8) | blob[pos], pos + 1


def fts5_totals(index: Index) -> tuple[int, list[int]] | None:
    """(passages, tokens per column) exactly as FTS5's bm25() reads them; None if unreadable.

    `SELECT count(*) FROM passages_fts` would scan the table; this is one row.
    """
    row = index.db.execute("SELECT block FROM passages_fts_data WHERE id = ?", [AVERAGES_ROWID]).fetchone()
    if not row or not row[0]:
        return None
    blob, pos, values = row[0], 0, []
    while pos < len(blob):
        value, pos = _varint(blob, pos)
        values.append(value)
    return (values[0], values[1:]) if len(values) >= 2 else None


def idf(frequency: int, total: int) -> float:
    """FTS5's IDF: log((N - n + 0.5) / (n + 0.5)), floored at 1e-6."""
    value = math.log((total - frequency + 0.5) / (frequency + 0.5))
    return value if value > 0 else 1e-6


class Plan:
    """Statistics of one query: IDF per term, rarest first, and what each term can add at most."""

    def __init__(self, index: Index, terms: list[str]) -> None:
        totals = fts5_totals(index)
        self.ok = totals is not None and totals[0] > 0
        frequency = self.frequency = document_frequencies(index, terms)
        self.terms = sorted((t for t in terms if frequency.get(t)), key=lambda t: (frequency[t], t))
        if not self.ok:
            return
        rows = totals[0]
        self.idf = {t: idf(frequency[t], rows) for t in self.terms}
        self.bound = {t: self.idf[t] * (K1 + 1) for t in self.terms}


def _ranked(index: Index, terms: list[str], rank: str, limit: int) -> list[tuple[int, float]]:
    """(rowid, BM25 over `terms`) of the `limit` best passages holding any of `terms`."""
    return _ranked_expression(index, match_expression(terms, []), rank, limit)


def _ranked_expression(index: Index, expression: str, rank: str, limit: int) -> list[tuple[int, float]]:
    """(rowid, BM25 over the expression's phrases) of the `limit` best passages matching it."""
    sql = f"SELECT rowid, -{rank} FROM passages_fts WHERE passages_fts MATCH ? ORDER BY {rank} LIMIT ?"
    return index.db.execute(sql, [expression, limit]).fetchall()


def top_passages(
    index: Index,
    terms: list[str],
    limit: int,
    context_weight: float = CONTEXT_WEIGHT,
    budget: int | None = None,
    widen_budget: int | None = None,
    stats: dict | None = None,
) -> list[tuple[int, float]]:
    """(rowid, BM25) of the `limit` best passages for these terms (OR), best first.

    Exact whenever the plan can prove it (see the module docstring); otherwise the best of the
    passages holding one of the rarest terms (at most `budget` passages ranked by FTS5).
    """
    budget = BUDGET if budget is None else budget
    widen_budget = WIDEN_BUDGET if widen_budget is None else widen_budget
    rank = f"bm25(passages_fts, {context_weight:g}, {BODY_WEIGHT:g})"
    plan = Plan(index, terms)
    if stats is not None:
        stats.update(plain=True, proven=True, terms=len(plan.terms), ranked_terms=len(plan.terms))
    if not plan.terms:
        return []
    everything = sum(plan.frequency[t] for t in plan.terms)  # what the plain query ranks, at most
    if not plan.ok or everything <= budget:
        return _ranked(index, plan.terms, rank, limit)  # cheap enough: rank every matching passage
    used, ranked_rows = 0, 0
    while used < len(plan.terms) and (used == 0 or ranked_rows + plan.frequency[plan.terms[used]] <= budget):
        ranked_rows += plan.frequency[plan.terms[used]]
        used += 1
    while True:
        first, rest = plan.terms[:used], plan.terms[used:]
        if not rest:
            return _ranked(index, first, rank, limit)
        # Every passage holding a term of `first`, with its exact score over all terms: those
        # also holding a `rest` term are scored by the AND query (each term once in it), the
        # others by the `first` query alone (their `rest` part is zero).
        both = f"({match_expression(first, [])}) AND ({match_expression(rest, [])})"
        scores = dict(_ranked(index, first, rank, limit))
        scores.update(_ranked_expression(index, both, rank, limit))
        best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        threshold = best[-1][1] if len(best) >= limit else -math.inf
        rest_bound = sum(plan.bound[t] for t in rest)
        proven = rest_bound < threshold  # a passage holding only `rest` terms cannot enter
        if proven or plan.frequency[rest[0]] + ranked_rows > widen_budget:
            if stats is not None:
                stats.update(plain=False, proven=proven, ranked_terms=used, ranked_rows=ranked_rows)
            return best
        ranked_rows += plan.frequency[rest[0]]  # widen: the next rarest term is ranked too
        used += 1
        if PLANNED_ROUND_COST * ranked_rows >= everything:  # a wider round would cost more than the plain query
            if stats is not None:
                stats.update(plain=True, proven=True, ranked_terms=len(plan.terms), ranked_rows=everything)
            return _ranked(index, plan.terms, rank, limit)


def search_passages(
    index: Index,
    terms: list[str],
    phrases: list[list[str]],
    limit: int,
    context_weight: float = CONTEXT_WEIGHT,
    budget: int | None = None,
    widen_budget: int | None = None,
) -> list[Candidate]:
    """`index.search.search_passages` with query planning: the same passages, less work."""
    if not terms:
        return []
    phrases = [p for p in phrases if set(p) <= set(terms)]
    if phrases:  # phrase scores need positions: rank with FTS5 alone, as before
        from index.search import search_passages as exhaustive

        return exhaustive(index, terms, phrases, limit, context_weight)
    top = top_passages(index, terms, limit, context_weight, budget, widen_budget)
    if not top:
        return []
    placeholders = ",".join("?" * len(top))
    rows = index.db.execute(
        "SELECT p.id, p.text, f.body, p.ordinal, a.id, a.title, a.source, a.url, a.published"
        " FROM passages p JOIN passages_fts f ON f.rowid = p.id JOIN articles a ON a.id = p.article_id"
        f" WHERE p.id IN ({placeholders})",
        [rowid for rowid, _ in top],
    ).fetchall()
    by_id = {row[0]: row for row in rows}
    return [
        Candidate(
            passage_id=rowid,
            score=score,
            text=by_id[rowid][1],
            terms=frozenset(by_id[rowid][2].split()),
            article=ArticleRef(id=by_id[rowid][4], title=by_id[rowid][5], source=by_id[rowid][6],
                               url=by_id[rowid][7], published=by_id[rowid][8], paragraph=by_id[rowid][3]),
        )
        for rowid, score in top
        if rowid in by_id
    ]
