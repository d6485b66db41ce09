"""SQLite FTS5, the second ranker and the one place that reads FTS5's own storage.

- `match_expression` and `search_sql` (pure, tested by their text) and `top`: BM25 by FTS5's
  `bm25()` over every passage holding a term — the reference the postings ranker equals, and the
  ranker used while the postings are not built.
- `phrase_scores`: FTS5's part of bm25() for one phrase (the postings keep no positions).
- `totals` and `content_rows` read FTS5's private tables (`passages_fts_data`, the record where
  FTS5 keeps its row count and token totals; `passages_fts_content`, the indexed text). These are
  SQLite's storage format, stable since FTS5 shipped but not a public API:
  `tests/test_search.py::test_fts5_private_storage_reads_as_assumed` checks them against counts
  made from our own rows, so an SQLite that changed them fails a test, not a ranking.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

AVERAGES_ROWID = 1  # FTS5 keeps "rows, tokens per column" in this row of its %_data table
CONTEXT_WEIGHT = 0.5  # title and section heading, relative to the passage body (1.0)
BODY_WEIGHT = 1.0


def match_expression(terms: Sequence[str], phrases: Sequence[Sequence[str]]) -> str:
    """The FTS5 MATCH text: any term, plus each phrase as a phrase (it adds to the score).

    Terms are [a-z0-9] only (index.text.analyze) and double-quoted, so no question can produce
    FTS5 syntax (AND, NEAR, *, column filters): a question is never a syntax error.
    """
    parts = [f'"{t}"' for t in terms]
    parts += ['"' + " ".join(p) + '"' for p in phrases]
    return " OR ".join(parts)


def search_sql() -> str:
    """SQL for the (rowid, score) of the best passages of a MATCH expression, best first.

    `ORDER BY bm25(…) LIMIT` keeps a bounded heap inside FTS5 (the `rank MATCH` form gave the
    same results at twice the p95 at 1M passages: docs/benchmarks.md).
    """
    return ("SELECT rowid, -bm25(passages_fts, :context_weight, :body_weight) AS score FROM passages_fts"
            " WHERE passages_fts MATCH :match ORDER BY bm25(passages_fts, :context_weight, :body_weight)"
            " LIMIT :limit")


def top(conn: sqlite3.Connection, terms: Sequence[str], limit: int, context_weight: float = CONTEXT_WEIGHT,
        phrases: Sequence[Sequence[str]] = (), k1: float = 1.2, b: float = 0.75) -> list[tuple[int, float]]:
    """(passage id, BM25) of the `limit` best passages holding any term or phrase, best first.

    FTS5's bm25() has its constants (k1 = 1.2, b = 0.75): other `k1` and `b` are not applied
    (this ranker only answers while the term postings are being built)."""
    if not terms and not phrases:
        return []
    return [tuple(row) for row in conn.execute(search_sql(), {
        "match": match_expression(terms, phrases), "context_weight": context_weight,
        "body_weight": BODY_WEIGHT, "limit": limit})]


def phrase_scores(conn: sqlite3.Connection, phrase: Sequence[str], context_weight: float) -> list[tuple[int, float]]:
    """(passage id, FTS5's bm25() for the phrase alone) of every passage holding it, by id."""
    rank = f"bm25(passages_fts, {float(context_weight)!r}, {BODY_WEIGHT!r})"
    return conn.execute(f"SELECT rowid, -{rank} FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rowid",
                        [match_expression([], [phrase])]).fetchall()


def vocabulary_frequencies(conn: sqlite3.Connection, terms: Sequence[str]) -> dict[str, int]:
    """How many passages hold each term, from FTS5's vocabulary (fts5vocab, a public interface):
    exact, but it reads every posting of a common term (milliseconds at 1M passages)."""
    placeholders = ",".join("?" * len(terms))
    return dict(conn.execute(f"SELECT term, doc FROM passages_vocab WHERE term IN ({placeholders})",
                             list(terms)).fetchall())


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


def totals(conn: sqlite3.Connection) -> tuple[int, int] | None:
    """(passages, tokens in all columns) exactly as FTS5's bm25() reads them; None if unreadable."""
    row = conn.execute("SELECT block FROM passages_fts_data WHERE id = ?", [AVERAGES_ROWID]).fetchone()
    if not row or not row[0]:
        return None
    blob, pos, values = row[0], 0, []
    while pos < len(blob):
        value, pos = _varint(blob, pos)
        values.append(value)
    return (values[0], sum(values[1:])) if len(values) >= 2 and values[0] > 0 else None


def content_rows(conn: sqlite3.Connection, after: int, limit: int) -> list[tuple[int, str, str]]:
    """(id, context, body) of the indexed passages with ids above `after`, by id, from FTS5's
    content table."""
    return [(d, c or "", b or "") for d, c, b in conn.execute(
        "SELECT id, c0, c1 FROM passages_fts_content WHERE id > ? ORDER BY id LIMIT ?", [after, limit])]
