"""The term postings (index.postings) rank exactly as FTS5's bm25() does, whatever happened before.

Every comparison is against FTS5 itself, `ORDER BY bm25(passages_fts, w, 1) LIMIT k` over all the
matching rows: the same k scores, and the same passages except among equal scores at the k-th
place. Articles arrive in many small transactions (so segments are merged many times, with
FANOUT lowered to 2), are replaced, deleted, and the questions mix rare and common terms.
"""

from __future__ import annotations

import itertools
import random
import sqlite3

import pytest

from index import Article, open_index
from index.search import postings
from index.search.fts5 import match_expression
from index.search.ranking import search_passages

WORDS = (
    "kremlin bélarus otage nucléaire entrepôt terminé juillet ministre sénat vote budget grève "
    "rail port énergie prix plus fait franc année être président guerre élection école hôpital"
).split()
COMMON = ["plus", "fait", "franc", "année"]  # in most articles, as in real news


def random_article(rng: random.Random, number: int, version: int = 0) -> Article:
    def sentence() -> str:
        words = rng.choices(WORDS, k=rng.randint(3, 14)) + rng.sample(COMMON, 2)
        return " ".join(words).capitalize() + "."

    paragraphs = ["\u00a0".join([sentence() for _ in range(rng.randint(1, 4))]) for _ in range(rng.randint(1, 5))]
    title = " ".join(rng.choices(WORDS, k=rng.randint(1, 6))).capitalize()
    return Article(id=f"a{number}", title=f"{title} v{version}", text="\n\n".join(paragraphs), source="Test")


def fts5_top(index, terms: list[str], k: int, weight: float, phrases: list[list[str]] = ()) -> list[tuple[int, float]]:
    rank = f"bm25(passages_fts, {weight!r}, 1.0)"
    return index.db.execute(
        f"SELECT rowid, -{rank} FROM passages_fts WHERE passages_fts MATCH ? ORDER BY {rank} LIMIT ?",
        [match_expression(terms, list(phrases)), k],
    ).fetchall()


def assert_same_top(index, terms: list[str], k: int, weight: float, phrases: list[list[str]] = ()) -> None:
    expected = fts5_top(index, terms, k, weight, phrases)
    found = postings.top(index.db.conn, terms, k, weight, phrases)
    assert found is not None
    assert [round(s, 9) for _, s in found] == [round(s, 9) for _, s in expected], terms
    if expected:
        kth = expected[-1][1]
        assert {d for d, s in found if s > kth + 1e-9} == {d for d, s in expected if s > kth + 1e-9}, terms
        all_at_kth = {d for d, s in fts5_top(index, terms, 10_000, weight, phrases) if abs(s - kth) <= 1e-9}
        assert {d for d, s in found if abs(s - kth) <= 1e-9} <= all_at_kth, terms


def check_questions(index, rng: random.Random, count: int = 25) -> None:
    vocabulary = [t for t, in index.db.execute("SELECT term FROM passages_vocab")]
    bodies = [b.split() for b, in index.db.execute("SELECT body FROM passages_fts")]
    for number in range(count):
        terms = rng.sample(vocabulary, rng.randint(1, min(8, len(vocabulary))))
        phrases = []
        if number % 3 == 0:  # a phrase of the question (« … »): words that follow one another somewhere
            body = rng.choice([b for b in bodies if len(b) >= 3])
            start = rng.randrange(len(body) - 2)
            phrases = [body[start : start + rng.randint(2, 3)]]
            terms = list(dict.fromkeys(terms + phrases[0]))
        for weight in (0.5, 1.0):
            for k in (1, 3, 10):
                assert_same_top(index, terms, k, weight, phrases)


@pytest.fixture(params=["whole", "chunked"])
def small_fanout(request, monkeypatch):
    """Merges every two segments; "chunked": merges read a few terms (and postings) at a time,
    as a big archive's do (the result must not depend on it)."""
    monkeypatch.setattr(postings, "FANOUT", 2)
    if request.param == "chunked":
        monkeypatch.setattr(postings, "MERGE_TERMS", 3)
        monkeypatch.setattr(postings, "MERGE_POSTINGS", 5)


def assert_postings_cover(index) -> None:
    """Every live passage has postings; a posting is a live passage's, or one still listed dead."""
    live = {r for r, in index.db.execute("SELECT id FROM passages")}
    dead = {r for r, in index.db.execute("SELECT id FROM postings_dead")}
    held = set()
    for docs, in index.db.execute("SELECT docs FROM postings"):
        held.update(postings._unpack([docs])[0].tolist())
    assert live <= held <= live | dead


def segments(index) -> list[tuple[int, int]]:
    return index.db.execute("SELECT id, level FROM postings_segments ORDER BY id").fetchall()


def test_same_ranking_as_fts5_through_merges_replacements_and_deletions(db_path, small_fanout) -> None:
    rng = random.Random(6)
    index = open_index(db_path, extract_quotes=False)
    for start in range(0, 60, 4):  # 15 transactions: merged into levels 1, 2, 3
        index.add_articles([random_article(rng, n) for n in range(start, start + 4)], batch_size=4)
    # One passage of 700 terms, one of them 300 times: counts and lengths past one byte, so
    # segments of different widths are merged together.
    long_text = " ".join(["kremlin"] * 300 + rng.choices(WORDS, k=400)) + "."
    index.add_articles([Article(id="long", title="Kremlin", text=long_text, source="Test")])
    levels = [level for _, level in segments(index)]
    assert max(levels) == postings.MAX_LEVEL and len(levels) < 15
    check_questions(index, rng)

    for n in rng.sample(range(60), 15):  # changed articles: new passages, the old ones are dead
        assert index.add_articles([random_article(rng, n, version=1)])[0].status == "replaced"
    for n in rng.sample(range(60), 5):
        index.delete_article(f"a{n}")
    check_questions(index, rng)
    live = {r for r, in index.db.execute("SELECT id FROM passages")}
    for term in ("plus", "kremlin", "nucleair"):
        found = postings.top(index.db.conn, [term], 10_000, 0.5)
        assert {d for d, _ in found} <= live  # a dead passage is never an answer

    # Merged and new segments hold every live passage; dead ones only while listed dead.
    index.add_articles([random_article(rng, n) for n in range(100, 104)], batch_size=1)
    assert_postings_cover(index)
    check_questions(index, rng)


def test_deleted_passages_in_segments_that_no_longer_merge_are_purged(db_path, monkeypatch) -> None:
    monkeypatch.setattr(postings, "FANOUT", 2)
    monkeypatch.setattr(postings, "MAX_LEVEL", 1)  # level-1 segments are never merged again
    monkeypatch.setattr(postings, "PURGE_DEAD", 8)
    rng = random.Random(4)
    index = open_index(db_path, extract_quotes=False)
    for start in range(0, 40, 5):
        index.add_articles([random_article(rng, n) for n in range(start, start + 5)], batch_size=5)
    counts = []
    for n in range(0, 40, 3):  # each replacement leaves dead passages behind
        index.add_articles([random_article(rng, n, version=1)])
        counts.append(index.db.execute("SELECT count(*) FROM postings_dead").fetchone()[0])
    assert max(counts) <= 8 + 5 * 4 and any(b < a for a, b in itertools.pairwise(counts))  # purged, more than once
    assert_postings_cover(index)
    check_questions(index, rng)


def test_passage_ids_are_never_reused(db_path) -> None:
    rng = random.Random(1)
    index = open_index(db_path, extract_quotes=False)
    index.add_articles([random_article(rng, 1), random_article(rng, 2)])
    old = {r for r, in index.db.execute("SELECT id FROM passages WHERE article_id = 'a2'")}
    index.add_articles([random_article(rng, 2, version=1)])  # the newest passages are replaced
    new = {r for r, in index.db.execute("SELECT id FROM passages WHERE article_id = 'a2'")}
    assert min(new) > max(old)
    index.delete_article("a2")
    index.add_articles([random_article(rng, 3)])
    assert min(r for r, in index.db.execute("SELECT id FROM passages WHERE article_id = 'a3'")) > max(new)


def test_an_index_from_before_the_postings_gets_them_at_open(db_path, caplog) -> None:
    rng = random.Random(2)
    index = open_index(db_path, extract_quotes=False)
    index.add_articles([random_article(rng, n) for n in range(30)])
    index.close()
    conn = sqlite3.connect(db_path)  # as schema 4 left it: no postings tables
    conn.executescript(
        "DROP TABLE postings; DROP TABLE postings_segments; DROP TABLE postings_dead;"
        f" DELETE FROM meta WHERE key = '{postings.READY_KEY}'; PRAGMA user_version = 4;"
    )
    conn.close()
    index = open_index(db_path, create=False)
    assert postings.ready(index.db.conn)
    assert "building the search postings" in caplog.text  # the admin is told why opening takes a while
    check_questions(index, rng, count=10)
    answer = search_passages(index, ["kremlin", "plus"], [], 5, k1=1.2, b=0.75)  # FTS5's constants
    assert [round(c.score, 9) for c in answer] == [round(s, 9) for _, s in fts5_top(index, ["kremlin", "plus"], 5, 0.5)]


def test_phrases_and_unknown_terms(db_path) -> None:
    rng = random.Random(3)
    index = open_index(db_path, extract_quotes=False)
    index.add_articles([random_article(rng, n) for n in range(10)])
    assert postings.top(index.db.conn, [], 10, 0.5) is None  # nothing to rank
    assert postings.top(index.db.conn, ["zzzz"], 10, 0.5) == []  # a term without postings
    # A phrase needs positions: FTS5 ranks it, the phrase adding to the score.
    terms, phrase = ["kremlin", "otag"], [["kremlin", "otag"]]
    found = search_passages(index, terms, phrase, 5, k1=1.2, b=0.75)  # FTS5's constants
    expected = index.db.execute(
        "SELECT -bm25(passages_fts, 0.5, 1.0) FROM passages_fts WHERE passages_fts MATCH ?"
        " ORDER BY bm25(passages_fts, 0.5, 1.0) LIMIT 5", [match_expression(terms, phrase)],
    ).fetchall()
    assert found and [round(c.score, 9) for c in found] == [round(s, 9) for s, in expected]
    assert [s for s, in expected] != [s for _, s in fts5_top(index, terms, 5, 0.5)]  # the phrase counted
