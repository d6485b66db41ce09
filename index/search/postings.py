"""Term postings beside FTS5, for exact BM25 top-k without scoring every matching passage.

Why: FTS5's `ORDER BY bm25()` computes a score (~2.5 µs) for every passage holding any question
term. At 1M passages one common term ("plus", "franc") is 100k+ passages: 250+ ms per question
(docs/benchmarks.md). Here each term's postings are arrays in SQLite blobs, scored with numpy,
and MaxScore (Turtle & Flood 1995) proves which passages cannot reach the top k, so the common
terms are only looked up for the few passages that can.

Scores are FTS5's bm25() exactly: the same formula, the same IDF (the live passages holding the
term: what FTS5 counts), the same row length and average (FTS5's totals record). A phrase of the
question is scored by FTS5 on the passages holding it and joins as one more term. Tests compare
both on random corpora through merges, replacements, deletions, purges and phrases.

Storage (schema 5): `postings` holds, per segment and term, four little-endian arrays over the
passages holding the term, in passage-id order: ids (4 bytes), context and body term counts and
the passage's length in terms (1, 2 or 4 bytes, as the batch of rows needs). One segment is
written per write transaction; the newest FANOUT segments of one level are merged into one of
the next level (up to MAX_LEVEL), so a term has a few dozen rows at most. Deleted passages are
listed in `postings_dead` until a merge drops them from their segment (or, past PURGE_DEAD, the
segment holding most of them is rewritten without them). Passage ids are never reused (the
store allocates above every id a segment may hold), so a dead posting can never be mistaken for
a new passage.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from index.search import fts5

K1, B = 1.2, 0.75  # FTS5's bm25() constants
FANOUT = 8  # segments of one level merged together
MAX_LEVEL = 3  # segments of this level are not merged again (8³ transactions' worth of passages)
PURGE_DEAD = 5_000  # deleted passages remembered before a segment is rewritten without them
MERGE_TERMS = 4_000  # terms read at once while merging…
MERGE_POSTINGS = 500_000  # …or fewer, so that they hold at most this many postings: memory stays bounded
BACKFILL_PASSAGES = 50_000  # passages per segment when building postings for an existing index
PROBE = 64  # candidates scored in full after each term, to raise the k-th best score early
MAX_FREE_BUFFERS = 4  # score arrays kept for reuse (one per question answered at the same time)
LOOKUP_RATIO = 10  # a term is looked up (binary search) for fewer candidates than 1/10 of its passages
READY_KEY = "postings_ready"
DOC = np.dtype("<u4")  # passage ids; counts and lengths take 1, 2 or 4 bytes as their row needs
WIDTHS = {1: np.dtype("u1"), 2: np.dtype("<u2"), 4: np.dtype("<u4")}



# ------------------------------------------------------------------------------------ writing


def _postings_rows(passages: Sequence[tuple[int, str, str]]) -> list[tuple]:
    """(term, docs, context_tf, body_tf, lengths) rows for passages in id order."""
    term_ids: dict[str, int] = {}
    tokens: list[int] = []  # term ids of every token, passage after passage, context then body
    in_body: list[int] = []
    sizes: list[int] = []
    for _doc, context, body in passages:
        context_terms, body_terms = context.split(), body.split()
        tokens.extend(term_ids.setdefault(t, len(term_ids)) for t in context_terms)
        tokens.extend(term_ids.setdefault(t, len(term_ids)) for t in body_terms)
        in_body.extend((0,) * len(context_terms) + (1,) * len(body_terms))
        sizes.append(len(context_terms) + len(body_terms))
    if not tokens:
        return []
    count = len(passages)
    lengths = np.asarray(sizes, dtype=np.int64)
    passage = np.repeat(np.arange(count), lengths)
    # One key per (term, passage), in term order then passage order: the rows' order.
    keys = np.asarray(tokens, dtype=np.int64) * count + passage
    order = np.argsort(keys, kind="stable")
    keys, body = keys[order], np.asarray(in_body, dtype=np.int64)[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    body_tf = np.add.reduceat(body, starts)
    context_tf = np.diff(np.append(starts, keys.size)) - body_tf
    keys = keys[starts]
    where = keys % count
    ids = np.asarray([p[0] for p in passages], dtype=np.int64)
    names = list(term_ids)
    return _rows(names, keys // count, [ids[where], context_tf, body_tf, lengths[where]])


def _rows(names: list[str], term: np.ndarray, columns: list[np.ndarray]) -> list[tuple]:
    """(name, docs, context_tf, body_tf, lengths) rows from postings sorted by term (indexes into
    `names`) then passage id. Ids take 4 bytes; counts and lengths the fewest bytes the largest
    value of this batch of rows needs (the same for every row: one conversion, then slices)."""
    if not term.size:
        return []
    blobs, sizes = [], []
    for number, column in enumerate(columns):
        top = int(column.max())
        dtype = DOC if number == 0 else WIDTHS[1 if top < 1 << 8 else 2 if top < 1 << 16 else 4]
        blobs.append(column.astype(dtype).tobytes())
        sizes.append(dtype.itemsize)
    cuts = np.flatnonzero(term[1:] != term[:-1]) + 1
    bounds = np.concatenate(([0], cuts, [term.size])).tolist()
    return [
        (names[term[start]], *(blob[start * size : end * size] for blob, size in zip(blobs, sizes)))
        for start, end in zip(bounds[:-1], bounds[1:])
    ]


def _pack(columns: list[np.ndarray]) -> list[bytes]:
    """Blobs of one row: (ids, context counts, body counts, lengths)."""
    return list(_rows([""], np.zeros(columns[0].size, dtype=np.int64), columns)[0][1:]) if columns[0].size else []


def _unpack(blobs: Sequence[bytes]) -> list[np.ndarray]:
    docs = np.frombuffer(blobs[0], dtype=DOC)
    return [docs, *(np.frombuffer(b, dtype=WIDTHS[len(b) // docs.size]) for b in blobs[1:])]


def _insert_segment(conn: sqlite3.Connection, level: int, first_doc: int, last_doc: int, rows: Iterable[tuple]) -> int:
    """Write one segment's (term, docs, context_tf, body_tf, lengths) rows; return its id."""
    segment = conn.execute(
        "INSERT INTO postings_segments (level, first_doc, last_doc, first_row, last_row) VALUES (?, ?, ?, 0, 0)",
        [level, first_doc, last_doc],
    ).lastrowid
    before = conn.execute("SELECT coalesce(max(rowid), 0) FROM postings").fetchone()[0]
    conn.executemany(
        "INSERT INTO postings (segment, term, docs, context_tf, body_tf, lengths) VALUES (?, ?, ?, ?, ?, ?)",
        ((segment, *row) for row in rows),
    )
    after = conn.execute("SELECT coalesce(max(rowid), 0) FROM postings").fetchone()[0]
    conn.execute("UPDATE postings_segments SET first_row = ?, last_row = ? WHERE id = ?", [before + 1, after, segment])
    return segment


def write_segment(conn: sqlite3.Connection, passages: Sequence[tuple[int, str, str]], level: int = 0) -> None:
    """Add the postings of these passages (id, context terms, body terms) as a new segment.

    Called inside the write transaction that inserted the passages; merges when due.
    """
    passages = sorted(passages)
    if not passages:
        return
    _insert_segment(conn, level, passages[0][0], passages[-1][0], _postings_rows(passages))
    merge_due(conn)


def mark_deleted(conn: sqlite3.Connection, passage_ids_sql: str, params: Sequence) -> None:
    """Record passages about to be deleted (`passage_ids_sql` selects their ids)."""
    conn.execute(f"INSERT OR IGNORE INTO postings_dead (id) {passage_ids_sql}", params)


def merge_due(conn: sqlite3.Connection) -> None:
    """Merge the newest FANOUT segments while they share a level below MAX_LEVEL; past
    PURGE_DEAD deleted passages, rewrite the segment holding most of them without them."""
    while True:
        newest = conn.execute(
            "SELECT id, level, first_doc, last_doc, first_row, last_row FROM postings_segments"
            " ORDER BY id DESC LIMIT ?", [FANOUT]
        ).fetchall()
        if len(newest) < FANOUT or len({row[1] for row in newest}) > 1 or newest[0][1] >= MAX_LEVEL:
            break
        _merge(conn, newest[::-1], newest[0][1] + 1)
    if conn.execute("SELECT count(*) FROM postings_dead").fetchone()[0] > PURGE_DEAD:
        worst = conn.execute(
            "SELECT s.first_doc, s.last_doc, s.first_row, s.last_row FROM postings_segments s"
            " JOIN postings_dead d ON d.id BETWEEN s.first_doc AND s.last_doc GROUP BY s.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        if worst:
            _purge(conn, *worst)


def _purge(conn: sqlite3.Connection, first_doc: int, last_doc: int, first_row: int, last_row: int) -> None:
    """Drop the deleted passages' postings from one segment, in place (rows keep their place)."""
    dead = np.fromiter((r[0] for r in conn.execute(
        "SELECT id FROM postings_dead WHERE id BETWEEN ? AND ?", [first_doc, last_doc])), dtype=np.int64)
    start = first_row
    while dead.size and start <= last_row:
        rows = conn.execute(
            "SELECT rowid, docs, context_tf, body_tf, lengths FROM postings WHERE rowid BETWEEN ? AND ?"
            " ORDER BY rowid LIMIT ?", [start, last_row, MERGE_TERMS],
        ).fetchall()
        if not rows:
            break
        for rowid, *blobs in rows:
            columns = _unpack(blobs)
            keep = ~np.isin(columns[0], dead)
            if keep.all():
                continue
            if keep.any():
                conn.execute("UPDATE postings SET docs = ?, context_tf = ?, body_tf = ?, lengths = ? WHERE rowid = ?",
                             [*_pack([c[keep] for c in columns]), rowid])
            else:
                conn.execute("DELETE FROM postings WHERE rowid = ?", [rowid])
        start = rows[-1][0] + 1
    conn.execute("DELETE FROM postings_dead WHERE id BETWEEN ? AND ?", [first_doc, last_doc])


def _merge(conn: sqlite3.Connection, segments: list[tuple], level: int) -> None:
    """Replace consecutive segments by one, without the postings of deleted passages."""
    first_doc, last_doc = segments[0][2], segments[-1][3]
    first_row, last_row = segments[0][4], segments[-1][5]
    ids = [s[0] for s in segments]
    dead = np.fromiter((r[0] for r in conn.execute(
        "SELECT id FROM postings_dead WHERE id BETWEEN ? AND ?", [first_doc, last_doc])), dtype=np.int64)
    sized = conn.execute(  # length() of a blob is read from its header, not its content
        "SELECT term, sum(length(docs)) FROM postings WHERE rowid BETWEEN ? AND ? GROUP BY term ORDER BY term",
        [first_row, last_row]).fetchall()
    merged = conn.execute(
        "INSERT INTO postings_segments (level, first_doc, last_doc, first_row, last_row) VALUES (?, ?, ?, 0, 0)",
        [level, first_doc, last_doc],
    ).lastrowid
    before = conn.execute("SELECT coalesce(max(rowid), 0) FROM postings").fetchone()[0]
    placeholders = ",".join("?" * len(ids))
    for chunk in _merge_chunks(sized):
        found = conn.execute(
            f"SELECT term, docs, context_tf, body_tf, lengths FROM postings"
            f" WHERE term IN ({','.join('?' * len(chunk))}) AND segment IN ({placeholders}) ORDER BY term, segment",
            [*chunk, *ids],
        ).fetchall()
        names, columns, term = _concatenated(found)
        if dead.size:
            alive = ~np.isin(columns[0], dead)
            columns, term = [c[alive] for c in columns], term[alive]
        conn.executemany(
            "INSERT INTO postings (segment, term, docs, context_tf, body_tf, lengths) VALUES (?, ?, ?, ?, ?, ?)",
            ((merged, *row) for row in _rows(names, term, columns)),
        )
    after = conn.execute("SELECT coalesce(max(rowid), 0) FROM postings").fetchone()[0]
    conn.execute("UPDATE postings_segments SET first_row = ?, last_row = ? WHERE id = ?", [before + 1, after, merged])
    conn.execute("DELETE FROM postings WHERE rowid BETWEEN ? AND ?", [first_row, last_row])
    conn.execute(f"DELETE FROM postings_segments WHERE id IN ({placeholders})", ids)
    conn.execute("DELETE FROM postings_dead WHERE id BETWEEN ? AND ?", [first_doc, last_doc])


def _merge_chunks(sized: list[tuple[str, int]]) -> Iterator[list[str]]:
    """Terms in order, in chunks of at most MERGE_TERMS terms and MERGE_POSTINGS postings (a
    chunk of one term may hold more): a merge's memory is bounded by the chunk, not by how
    common the terms are (a merge of 8³ transactions of a small vocabulary took 1.3 GB)."""
    chunk: list[str] = []
    postings = 0
    for term, size in sized:
        count = size // DOC.itemsize
        if chunk and (len(chunk) >= MERGE_TERMS or postings + count > MERGE_POSTINGS):
            yield chunk
            chunk, postings = [], 0
        chunk.append(term)
        postings += count
    if chunk:
        yield chunk


def _concatenated(found: list[tuple]) -> tuple[list[str], list[np.ndarray], np.ndarray]:
    """The postings of rows (term, docs, context_tf, body_tf, lengths) sorted by term then
    segment: the distinct terms, four columns, and each posting's term (an index into the
    terms). Rows with the same widths are decoded together (one join and one conversion each)."""
    counts = np.asarray([len(row[1]) // DOC.itemsize for row in found], dtype=np.int64)
    names = [row[0] for row in found]
    # dtype given: for one row, [True] + [] would otherwise make floats (then indexes fail)
    first = np.array([True] + [a != b for a, b in zip(names, names[1:])], dtype=bool) if names else np.empty(0, bool)
    row_term = np.cumsum(first) - 1  # the rows are sorted by term
    groups: dict[tuple[int, ...], list[int]] = {}
    for number, row in enumerate(found):
        if counts[number]:
            groups.setdefault(tuple(len(blob) // counts[number] for blob in row[2:]), []).append(number)
    total = int(counts.sum())
    columns = [np.empty(total, dtype=np.int64) for _ in range(4)]
    for widths, numbers in groups.items():
        if len(groups) == 1:
            place: np.ndarray | slice = slice(None)
        else:
            in_group = np.zeros(len(found), dtype=bool)
            in_group[numbers] = True
            place = np.flatnonzero(np.repeat(in_group, counts))
        for index, dtype in enumerate((DOC, *(WIDTHS[w] for w in widths))):
            joined = b"".join(found[n][1 + index] for n in numbers)
            columns[index][place] = np.frombuffer(joined, dtype=dtype)
    distinct = [name for name, new in zip(names, first) if new]
    return distinct, columns, np.repeat(row_term, counts)


def rebuild(conn: sqlite3.Connection) -> None:
    """Build every posting again from the FTS5 rows (schema upgrade, analyzer change)."""
    conn.execute("DELETE FROM postings")
    conn.execute("DELETE FROM postings_segments")
    conn.execute("DELETE FROM postings_dead")
    last = 0
    while True:
        chunk = fts5.content_rows(conn, last, BACKFILL_PASSAGES)
        if not chunk:
            break
        _insert_segment(conn, MAX_LEVEL, chunk[0][0], chunk[-1][0], _postings_rows(chunk))
        last = chunk[-1][0]
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [READY_KEY])


def next_passage_id(conn: sqlite3.Connection) -> int:
    """An id above every passage and every dead posting: ids are never reused."""
    return conn.execute(
        "SELECT max(coalesce((SELECT max(id) FROM passages), 0), coalesce((SELECT max(id) FROM postings_dead), 0),"
        " coalesce((SELECT max(last_doc) FROM postings_segments), 0)) + 1"
    ).fetchone()[0]


def ready(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", [READY_KEY]).fetchone()
    return bool(row and row[0] == "1")


# ------------------------------------------------------------------------------------ ranking


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Read from one state of the database (a writer may commit between two statements)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def idf(frequency: int, total: int) -> float:
    """FTS5's IDF: log((N - n + 0.5) / (n + 0.5)), floored at 1e-6 (also when n, counting
    deleted passages not merged away yet, exceeds N)."""
    value = math.log((max(total - frequency, 0) + 0.5) / (frequency + 0.5))
    return value if value > 0 else 1e-6


def frequencies(conn: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    """How many passages hold each term, counting deleted ones not merged away yet (no reading of
    the postings themselves: the sizes of their blobs). Terms no passage has are absent."""
    return dict(conn.execute(
        f"SELECT term, sum(length(docs)) / {DOC.itemsize} FROM postings WHERE term IN ({','.join('?' * len(terms))})"
        " GROUP BY term", terms,
    ).fetchall())


class _Term:
    """One query term's live postings, concatenated over segments (ids ascending)."""

    def __init__(self, pieces: list[tuple[bytes, bytes, bytes, bytes]], dead: np.ndarray) -> None:
        unpacked = [_unpack(p) for p in pieces]
        # ids as the platform's index type: numpy converts any other at every fancy indexing
        self.docs = np.concatenate([u[0] for u in unpacked]).astype(np.intp)
        context, body, self.lengths = (np.concatenate([u[i] for u in unpacked]) for i in (1, 2, 3))
        if dead.size:
            keep = ~np.isin(self.docs, dead)
            self.docs, context, body, self.lengths = self.docs[keep], context[keep], body[keep], self.lengths[keep]
        self.context, self.body = context, body

    def prepare(self, weight: float, context_weight: float, average: float, k1: float = K1, b: float = B) -> None:
        self.weight, self.context_weight, self.average, self.k1, self.b = weight, context_weight, average, k1, b
        # What one passage can get from this term at most: most frequent, shortest passage.
        most = float(self.context.max()) * context_weight + float(self.body.max())
        self.bound = float(self._score(np.array([most]), np.array([self.lengths.min()]))[0])

    def _score(self, frequency: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        k1, b = self.k1, self.b
        return self.weight * frequency * (k1 + 1) / (frequency + k1 * (1 - b + b * lengths / self.average))

    def _at(self, where: np.ndarray | slice) -> np.ndarray:
        # FTS5 sums the column weights of the term's instances
        frequency = self.context[where] * self.context_weight + self.body[where]
        return self._score(frequency, self.lengths[where])

    def all_scores(self) -> np.ndarray:
        return self._at(slice(None))

    def scores_of(self, docs: np.ndarray) -> np.ndarray:
        """This term's part of the score of each of `docs` (0 where the passage lacks it)."""
        found, at = _find(self.docs, docs)
        out = np.zeros(docs.size)
        out[found] = self._at(at)
        return out


_free: list[np.ndarray] = []  # zeroed score arrays, kept between questions
_free_lock = threading.Lock()


def _take_zeros(size: int) -> np.ndarray:
    """A zeroed float array of at least `size` (8 bytes per passage id). Reused: a new 8 MB array
    per question at 1M passages costs its page faults. Give it back zeroed with `_give_back`."""
    with _free_lock:
        buffer = _free.pop() if _free else None
    return buffer if buffer is not None and buffer.size >= size else np.zeros(int(size * 1.25) + 1)


def _give_back(buffer: np.ndarray) -> None:
    with _free_lock:
        if len(_free) < MAX_FREE_BUFFERS:  # as many as questions answered at once, at most
            _free.append(buffer)


class _Phrase:
    """A phrase of the question, as a term whose passages FTS5 scored already."""

    def __init__(self, docs: np.ndarray, scores: np.ndarray) -> None:
        self.docs, self.scores = docs, scores
        self.bound = float(scores.max())

    def all_scores(self) -> np.ndarray:
        return self.scores

    def scores_of(self, docs: np.ndarray) -> np.ndarray:
        found, at = _find(self.docs, docs)
        out = np.zeros(docs.size)
        out[found] = self.scores[at]
        return out


def _find(sorted_docs: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of `docs` are in `sorted_docs` (a mask over `docs`), and where (for those found)."""
    at = np.searchsorted(sorted_docs, docs)
    found = at < sorted_docs.size
    found[found] = sorted_docs[at[found]] == docs[found]
    return found, at[found]


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique hashes in numpy 2: ten times slower here)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if values.size else values


def _best(docs: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    if docs.size > limit:
        keep = np.argpartition(-scores, limit - 1)[:limit]
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))  # best first; equal scores by id
    return [(int(d), float(s)) for d, s in zip(docs[order], scores[order])]


def top(conn: sqlite3.Connection, query_terms: list[str], limit: int, context_weight: float,
        phrases: Sequence[Sequence[str]] = (), k1: float = K1, b: float = B) -> list[tuple[int, float]] | None:
    """(passage id, BM25) of the `limit` best passages holding any of the terms, best first.

    With FTS5's constants (the default k1 and b), the same passages and scores as FTS5's
    `ORDER BY bm25(passages_fts, context_weight, 1.0) LIMIT limit` for `"t1" OR "t2" … OR
    "p1 p2"` (equal scores may come in another order); other k1 and b change the terms' part
    only (a phrase keeps FTS5's score). None
    when the postings cannot answer (not built yet, or nothing to rank). Read inside
    `snapshot()` for a consistent answer.

    A phrase needs positions, which the postings do not keep: FTS5 scores the passages that
    hold it (a phrase query alone: its part of bm25() is the same, each phrase of a query
    adding its own IDF-weighted term), and the phrase joins MaxScore as one more term.
    """
    totals = fts5.totals(conn)
    if totals is None or not query_terms or not ready(conn):
        return None
    rows, tokens = totals
    average = tokens / rows
    wanted = sorted(set(query_terms))
    pieces: dict[str, list] = {}
    for term, *blobs in conn.execute(
        f"SELECT term, docs, context_tf, body_tf, lengths FROM postings WHERE term IN ({','.join('?' * len(wanted))})"
        " ORDER BY term, segment", wanted,
    ):
        pieces.setdefault(term, []).append(blobs)
    dead = np.fromiter((r[0] for r in conn.execute("SELECT id FROM postings_dead")), dtype=np.int64)
    terms: list[_Term | _Phrase] = [term for term in (_Term(p, dead) for p in pieces.values()) if term.docs.size]
    for term in terms:  # FTS5's document frequency: the live passages holding the term
        term.prepare(idf(term.docs.size, rows), context_weight, average, k1, b)
    for phrase in phrases:
        found = fts5.phrase_scores(conn, phrase, context_weight)
        if found:
            terms.append(_Phrase(np.array([r[0] for r in found], dtype=np.intp), np.array([r[1] for r in found])))
    if not terms:
        return []
    # MaxScore (Turtle & Flood 1995), term at a time, the strongest term first. `rest` is the
    # most that the terms not added yet can bring one passage; `threshold` is a lower bound of
    # the k-th best score (from passages scored in full), so a passage whose sum so far plus
    # `rest` is below it cannot be in the top k.
    # 1. While `rest` can reach the threshold, any passage of the next term may still enter:
    #    the term's passages are added up in a dense array indexed by passage id.
    terms.sort(key=lambda t: -t.bound)
    size = max(int(t.docs[-1]) for t in terms) + 1
    total = _take_zeros(size)
    added: list[np.ndarray] = []
    try:
        return _maxscore(terms, limit, total, added)
    finally:
        for docs in added:
            total[docs] = 0.0
        _give_back(total)


def _maxscore(terms: list[_Term | _Phrase], limit: int, total: np.ndarray, added: list[np.ndarray]) -> list[tuple[int, float]]:
    """The MaxScore loop of `top`; `total` is a zeroed array indexed by passage id, every place
    it writes is in `added` first."""
    rest = float(sum(t.bound for t in terms))
    threshold = -math.inf
    probe = np.empty(0, dtype=np.intp)
    position = 0
    while position < len(terms) and rest >= threshold:
        term = terms[position]
        own = term.all_scores()
        added.append(term.docs)  # first: `top` zeroes these places again, whatever happens next
        total[term.docs] += own  # a term's ids are distinct: no two writes to one place
        rest -= term.bound
        position += 1
        # The best passages of this term so far, and those of the last round, scored in full.
        best = term.docs[np.argpartition(-total[term.docs], PROBE - 1)[:PROBE]] if term.docs.size > PROBE else term.docs
        probe = _distinct(np.concatenate((probe, best)))
        full = total[probe] + sum((t.scores_of(probe) for t in terms[position:]), np.zeros(probe.size))
        if full.size >= limit:
            threshold = max(threshold, float(np.partition(full, -limit)[-limit]))
        probe = probe[np.argpartition(-full, PROBE - 1)[:PROBE]] if probe.size > PROBE else probe
    # 2. The candidates: passages of those terms that can still reach the threshold.
    slack = 1e-9 * abs(threshold) if threshold > -math.inf else 0.0
    docs = _distinct(np.concatenate([d[total[d] + rest >= threshold - slack] for d in added]))
    scores = total[docs]
    # 3. The other terms are looked up for the candidates only (or all added, when the
    #    candidates outnumber a tenth of the term's passages), pruning as they go.
    for term in terms[position:]:
        if docs.size * LOOKUP_RATIO < term.docs.size:
            added.append(docs)
            total[docs] += term.scores_of(docs)
        else:
            added.append(term.docs)
            total[term.docs] += term.all_scores()
        scores = total[docs]
        rest -= term.bound
        if scores.size >= limit:
            threshold = max(threshold, float(np.partition(scores, -limit)[-limit]))
        hopeful = scores + rest >= threshold - 1e-9 * abs(threshold)
        docs, scores = docs[hopeful], scores[hopeful]
    return _best(docs, scores, limit)
