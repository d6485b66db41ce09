"""Answers: the passages of a question, with the quote that matches it and its speaker for a
"qui a dit" question, and the other articles that carry the same passage or quote.

    ask(index, question, k) -> Answer

`parse_question` (index.text.question) → `plan_terms` and `best_passages` (index.search.ranking:
BM25, then the first passages re-ranked by proximity and word vectors, index.search.rerank)
→ `attach_quotes` (who_said) → `group_corroborated` (the same passage in several articles becomes
one answer with `also_in`).
"""

from __future__ import annotations

from collections.abc import Callable

from index.search import fts5, postings
from index.search.ranking import Candidate, best_passages, document_frequencies, plan_terms
from index.store.index import Store
from index.store.models import Answer, ArticleRef, Hit
from index.text.analyze import analyze, analyze_spans
from index.text.question import Query, parse_question

CANDIDATES_PER_ANSWER = 6  # passages fetched per answer wanted, for corroboration grouping
MIN_CANDIDATES = 30
# Two passages of different articles are "the same" when most terms of the shorter one are in
# the longer one: wire copy reprinted with edits, the same quotation reported twice.
SAME_PASSAGE_CONTAINMENT = 0.6
SAME_PASSAGE_MIN_SHARED = 6
# The same quotation reported by two outlets ("Le Kremlin a pris la Biélorussie comme otage
# nucléaire" / "… le Belarus en otage nucléaire"): most terms of the shorter quote are shared.
SAME_QUOTE_CONTAINMENT = 0.6
SAME_QUOTE_MIN_SHARED = 3
QUOTE_WEIGHT = 3.0  # how much a quote's match with the question adds to its passage's BM25:
# the quote's own words count more than its context's (dev who-said questions: 1 → 0.66, 2 →
# 0.68, 3 and more → 0.71 fully right; bench/who_said_eval.py)
# A quote answers a "qui a dit" question when its passage holds this many of the question's
# terms (all of a shorter question's): measured on the dev questions over real news, where no
# question about words nobody said reached 4 (bench/who_said_eval.py, docs/who-said.md).
MIN_MATCHED = 4


def attach_quotes(index: Store, candidates: list[Candidate], terms: list[str], question_terms: list[str]) -> None:
    """Give each candidate the quotation of its passage that best matches the question, with
    its speaker when the quote answers the question (`quote_answers`).

    A quote's match is the summed IDF of the question terms it contains; it is added to the
    passage's BM25 score (QUOTE_WEIGHT), so "qui a dit" answers rank passages whose quotation
    says what the question says. Candidates whose quote answers the question come first.
    """
    if not candidates:
        return
    wanted = set(terms)
    total = (fts5.totals(index.db.conn) or (len(candidates), 0))[0]  # passages in the index
    weights = {t: postings.idf(n, total) for t, n in document_frequencies(index, terms).items()}
    placeholders = ",".join("?" * len(candidates))
    rows = index.db.execute(
        f"SELECT passage_id, text, speaker, direct, role FROM quotes WHERE passage_id IN ({placeholders})",
        [c.passage_id for c in candidates],
    ).fetchall()
    by_passage: dict[int, list[tuple[str, str | None, int, str | None]]] = {}
    for passage_id, text, speaker, direct, role in rows:
        by_passage.setdefault(passage_id, []).append((text, speaker, direct, role))
    for candidate in candidates:
        best, best_score = None, 0.0
        for text, speaker, direct, role in by_passage.get(candidate.passage_id, []):
            quote_terms = frozenset(analyze(text))
            score = sum(weights.get(t, 0.0) for t in quote_terms & wanted)
            if score > best_score:
                best, best_score = (text, speaker, quote_terms, bool(direct), role), score
        if best:
            candidate.quote, candidate.speaker, candidate.quote_terms, candidate.direct, candidate.speaker_role = best
            candidate.score += QUOTE_WEIGHT * best_score
            candidate.answers = quote_answers(question_terms, candidate.terms, candidate.quote_terms)
    candidates.sort(key=lambda c: (c.answers and c.speaker is not None, c.score), reverse=True)


def quote_answers(question_terms: list[str], passage_terms: frozenset[str], quote_terms: frozenset[str]) -> bool:
    """True when a passage's quote answers a "qui a dit" question: the passage holds at least
    MIN_MATCHED of the question's terms (all of them for a shorter question; terms the archive
    does not know count too, so "qui a dit que les pingouins …" matches nothing), the quote at
    least one. Below that, the passage may be the closest there is, but naming its speaker
    would answer a question nobody asked."""
    unique = set(question_terms)
    matched = unique & passage_terms
    return len(matched) >= min(MIN_MATCHED, len(unique)) and bool(unique & quote_terms)


def same_quote(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two quotations are the same words, give or take a translation or a spelling."""
    shared = len(a & b)
    return shared >= SAME_QUOTE_MIN_SHARED and shared >= SAME_QUOTE_CONTAINMENT * min(len(a), len(b))


def same_passage(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two passages say the same thing: most terms of the shorter are in the longer."""
    shared = len(a & b)
    return shared >= SAME_PASSAGE_MIN_SHARED and shared >= SAME_PASSAGE_CONTAINMENT * min(len(a), len(b))


def group_corroborated(candidates: list[Candidate], k: int) -> list[tuple[Candidate, list[ArticleRef]]]:
    """The `k` best distinct passages, each with the other articles that carry the same passage.

    A candidate that repeats a better one from another article joins that one's `also_in`
    instead of taking a place of its own, so the answers show k different things.
    """
    kept: list[tuple[Candidate, list[ArticleRef]]] = []
    for candidate in candidates:
        twin = next(
            (
                (best, others)
                for best, others in kept
                if best.article.id != candidate.article.id
                and (same_passage(best.terms, candidate.terms) or same_quote(best.quote_terms, candidate.quote_terms))
            ),
            None,
        )
        if twin:
            best, others = twin
            if all(ref.id != candidate.article.id for ref in others):
                others.append(candidate.article)
        elif len(kept) < k:
            kept.append((candidate, []))
    return kept


def highlight_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of `text` whose analyzed term is one of `terms` (for bold in renderers)."""
    return list(dict.fromkeys((t.start, t.end) for t in analyze_spans(text) if t.term in terms))


def ask(index: Store, question: str, k: int = 5,
        rank: Callable[[Store, list[str], list[list[str]], int, str], list[Candidate]] = best_passages) -> Answer:
    """Answer a question with the `k` best passages, each with its source and corroborations.

    `rank` finds the candidates (benchmarks pass `ranking.bm25_passages` to compare).
    Never raises on the question's content: an empty answer carries a `notice` saying why.
    """
    query: Query = parse_question(question)
    answer = Answer(question=question, intent=query.intent)
    if not question.strip():
        answer.notice = "empty_question"
        return answer
    if not query.terms:
        answer.notice = "only_common_words"
        return answer
    if index.is_empty():
        answer.notice = "empty_index"
        return answer
    terms = plan_terms(index, query.terms)
    answer.terms = terms
    candidates = rank(index, terms, query.phrases, max(MIN_CANDIDATES, k * CANDIDATES_PER_ANSWER), query.topic)
    if query.intent == "who_said":
        attach_quotes(index, candidates, terms, query.terms)
    wanted = set(terms)
    for candidate, others in group_corroborated(candidates, k):
        answer.hits.append(
            Hit(
                passage=candidate.text,
                score=candidate.score,
                article=candidate.article,
                speaker=candidate.speaker if candidate.answers else None,
                speaker_role=candidate.speaker_role if candidate.answers else None,
                quote=candidate.quote if candidate.answers else None,
                direct=candidate.direct,
                also_in=others,
                highlights=highlight_spans(candidate.text, wanted),
                passage_id=candidate.passage_id,
            )
        )
    if not answer.hits:
        answer.notice = "no_match"
    elif query.intent == "who_said" and answer.hits[0].speaker is None:
        answer.notice = "no_quote"  # the best passages, but no quote of the archive says it
    return answer
