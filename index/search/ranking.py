"""Search: BM25 over the analyzed passages with SQLite FTS5, and answers with corroboration.

The stages are separate functions: `parse_question` (index.question) → `plan_terms` (drop terms
no passage has, keep the rarest when a pasted question has too many) → `match_expression` and
`search_sql` (pure, tested by their text) → `search_passages` (runs them) → `group_corroborated`
(the same passage in several articles becomes one answer with `also_in`) → `ask`.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.search import postings
from index.text.analyze import analyze, analyze_spans
from index.store.index import Store
from index.store.models import Answer, ArticleRef, Hit
from index.text.question import Query, parse_question


MAX_QUERY_TERMS = 32  # a 10,000-character paste keeps its 32 rarest terms
TERMS_PER_LOOKUP = 500  # document frequencies are looked up this many terms per query
CONTEXT_WEIGHT = 0.5  # title and section heading, relative to the passage body (1.0)
BODY_WEIGHT = 1.0
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
QUOTE_WEIGHT = 1.0  # how much a quote's match with the question adds to its passage's BM25


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


def match_expression(terms: list[str], phrases: list[list[str]]) -> str:
    """The FTS5 MATCH text: any term, plus each phrase as a phrase (it adds to the score).

    Terms are [a-z0-9] only (index.analyze) and double-quoted, so no question can produce FTS5
    syntax (AND, NEAR, *, column filters): a question is never a syntax error.
    """
    parts = [f'"{t}"' for t in terms]
    parts += ['"' + " ".join(p) + '"' for p in phrases]
    return " OR ".join(parts)


def search_sql(limit_param: bool = True) -> str:
    """SQL for the best passages of a MATCH expression, with their article's attribution.

    The inner query ranks inside FTS5 with bm25() and one weight per column (context, body) and
    keeps only the top rows before any join, so joins cost nothing per matching row.
    (`ORDER BY bm25(…) LIMIT` keeps a bounded heap; the `rank MATCH` form gave the same results
    at twice the p95 at 1M passages: docs/benchmarks.md.)
    """
    limit = "LIMIT :limit" if limit_param else ""
    return (
        "SELECT top.rowid, -top.score AS score, p.text, f.body, p.ordinal,"
        " a.id, a.title, a.source, a.url, a.published"
        " FROM (SELECT rowid, bm25(passages_fts, :context_weight, :body_weight) AS score FROM passages_fts"
        f" WHERE passages_fts MATCH :match ORDER BY score {limit}) AS top"
        " JOIN passages p ON p.id = top.rowid"
        " JOIN passages_fts f ON f.rowid = top.rowid"
        " JOIN articles a ON a.id = p.article_id"
        " ORDER BY top.score"
    )


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
        placeholders = ",".join("?" * len(chunk))
        found.update(index.db.execute(f"SELECT term, doc FROM passages_vocab WHERE term IN ({placeholders})",
                                      chunk).fetchall())
    return found


def plan_terms(index: Store, terms: list[str], max_terms: int = MAX_QUERY_TERMS) -> list[str]:
    """The terms worth searching: those some passage has, at most `max_terms`, rarest first kept.

    Order of the returned terms follows the question, so phrases and logs read naturally.
    """
    frequency = document_frequencies(index, terms)
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
) -> list[Candidate]:
    """The `limit` best passages for these analyzed terms and phrases, best first.

    The term postings rank (index.postings: the same scores as FTS5's bm25(), without scoring
    every passage that holds a common term); FTS5 scores the phrases.
    """
    if not terms:
        return []
    phrases = [p for p in phrases if set(p) <= set(terms)]
    with postings.snapshot(index.db.conn):
        top = postings.top(index.db.conn, terms, limit, context_weight, phrases)
        if top is not None:
            return passages_by_id(index, top)
    return fts5_passages(index, terms, phrases, limit, context_weight)


def fts5_passages(
    index: Store,
    terms: list[str],
    phrases: list[list[str]],
    limit: int,
    context_weight: float = CONTEXT_WEIGHT,
) -> list[Candidate]:
    """`search_passages` ranked by FTS5 alone: bm25() over every passage holding a term."""
    if not terms:
        return []
    phrases = [p for p in phrases if set(p) <= set(terms)]
    rows = index.db.execute(
        search_sql(),
        {"match": match_expression(terms, phrases), "context_weight": context_weight, "body_weight": BODY_WEIGHT,
         "limit": limit},
    ).fetchall()
    return [_candidate(*row) for row in rows]


def _candidate(passage_id: int, score: float, text: str, body: str, ordinal: int, article_id: str, title: str,
               source: str | None, url: str | None, published: str | None) -> Candidate:
    """A candidate from a row of passage, FTS5 and article columns (search_sql's order)."""
    return Candidate(
        passage_id=passage_id,
        score=score,
        text=text,
        terms=frozenset(body.split()),
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


def attach_quotes(index: Store, candidates: list[Candidate], terms: list[str]) -> None:
    """Give each candidate the quotation of its passage that best matches the question.

    A quote's match is the summed IDF of the question terms it contains; it is added to the
    passage's BM25 score (QUOTE_WEIGHT), so "qui a dit" answers rank passages whose quotation
    says what the question says, and name its speaker.
    """
    if not candidates:
        return
    wanted = set(terms)
    total = (postings.fts5_totals(index.db.conn) or (len(candidates), 0))[0]  # passages in the index
    weights = {t: postings.idf(n, total) for t, n in document_frequencies(index, terms).items()}
    placeholders = ",".join("?" * len(candidates))
    rows = index.db.execute(
        f"SELECT passage_id, text, speaker, direct FROM quotes WHERE passage_id IN ({placeholders})",
        [c.passage_id for c in candidates],
    ).fetchall()
    by_passage: dict[int, list[tuple[str, str | None, int]]] = {}
    for passage_id, text, speaker, direct in rows:
        by_passage.setdefault(passage_id, []).append((text, speaker, direct))
    for candidate in candidates:
        best, best_score = None, 0.0
        for text, speaker, direct in by_passage.get(candidate.passage_id, []):
            quote_terms = frozenset(analyze(text))
            score = sum(weights.get(t, 0.0) for t in quote_terms & wanted)
            if score > best_score:
                best, best_score = (text, speaker, quote_terms, bool(direct)), score
        if best:
            candidate.quote, candidate.speaker, candidate.quote_terms, candidate.direct = best
            candidate.score += QUOTE_WEIGHT * best_score
    candidates.sort(key=lambda c: c.score, reverse=True)


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


def ask(index: Store, question: str, k: int = 5) -> Answer:
    """Answer a question with the `k` best passages, each with its source and corroborations.

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
    candidates = search_passages(index, terms, query.phrases, max(MIN_CANDIDATES, k * CANDIDATES_PER_ANSWER))
    if query.intent == "who_said":
        attach_quotes(index, candidates, terms)
    wanted = set(terms)
    for candidate, others in group_corroborated(candidates, k):
        answer.hits.append(
            Hit(
                passage=candidate.text,
                score=candidate.score,
                article=candidate.article,
                speaker=candidate.speaker,
                quote=candidate.quote,
                direct=candidate.direct,
                also_in=others,
                highlights=highlight_spans(candidate.text, wanted),
                passage_id=candidate.passage_id,
            )
        )
    if not answer.hits:
        answer.notice = "no_match"
    return answer


__all__ = ["ask", "analyze", "match_expression", "search_sql", "search_passages", "plan_terms"]
