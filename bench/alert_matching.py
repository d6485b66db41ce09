"""Matching cost per ingested article with 1,000 subscriptions (issue 14: ≤ 1 ms per article).

    python bench/alert_matching.py [--articles 1000] [--subscriptions 1000] [--orangesum PATH]

1. The first `--articles` OrangeSum articles are prepared as ingest prepares them (passages,
   analysed terms, quotes and speakers: `index.indexing.prepare`).
2. `--subscriptions` subscriptions are made through `index.alerts.subscriptions.interpret` and
   `follow`, spread over 50 channels and 50 people's DMs: half people (the speakers of the
   corpus, by surname or full name, and names nobody quotes), half topics (one to three words
   drawn from the articles' titles, as a desk would type them).
3. Matching alone: `Matcher.match` on every article (the work added inside the indexing
   transaction), per article: mean, p50, p95, max; and `Matcher.load` (once per batch of 200).
4. The whole ingest, in a real index, with and without the subscriptions (same articles, quotes
   on): the difference per article is what subscriptions cost at ingest, queue rows included —
   best of two alternated runs each, on a shared machine: far noisier than 3 and 5, which time
   the same work alone:
5. Matching plus writing the article's alert rows, inside one transaction (rolled back).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import DEFAULT_ORANGESUM, require_data  # noqa: E402
from index import open_index  # noqa: E402
from index.alerts.matching import Matcher, queue  # noqa: E402
from index.alerts.subscriptions import SubscriptionError, follow, interpret  # noqa: E402
from index.indexing import Prepared, prepare  # noqa: E402
from index.quotes.names import person_key  # noqa: E402
from index.store.models import Article  # noqa: E402


def load_articles(path: Path, count: int) -> list[Article]:
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            text = "\n\n".join(p for p in (record.get("heading"), record.get("article")) if p)
            articles.append(Article(id=f"orangesum-{record['id']}", title=record["title"], text=text,
                                    published=record.get("date"), source="OrangeSum"))
            if len(articles) >= count:
                break
    return articles


def speakers_of(prepared: Prepared) -> list[tuple[str, str, str]]:
    """(person key, name, quote) of the named speakers, as `_insert_quotes` gives them to matching."""
    return [(key, q.speaker, q.text) for q in prepared.extraction.quotes
            if q.speaker and q.speaker[:1].isupper() and (key := person_key(q.speaker))]


def make_subscriptions(index, prepared: list[Prepared], count: int, seed: int = 14) -> dict[str, int]:
    rng = random.Random(seed)
    names = sorted({name for p in prepared for _key, name, _quote in speakers_of(p)})
    titles = [p.article.title for p in prepared]
    made = {"person": 0, "topic": 0, "refused": 0}
    attempts = 0
    while made["person"] + made["topic"] < count and attempts < count * 10:
        attempts += 1
        target = f"C{rng.randrange(50):03d}" if rng.random() < 0.5 else f"@U{rng.randrange(50):03d}"
        if made["person"] < count // 2:
            name = rng.choice(names) if names and rng.random() < 0.8 else f"Inconnu{rng.randrange(10**6)} Personne"
            text = name.split()[-1] if rng.random() < 0.5 else name
            text = "personne " + text
        else:
            words = [w for w in rng.choice(titles).split() if len(w) > 3]
            if not words:
                continue
            text = "sujet " + " ".join(rng.sample(words, min(len(words), rng.randint(1, 3))))
        try:
            interest = interpret(index, text)
            _sub, created = follow(index, target, interest, limit=10**6)
        except SubscriptionError:
            made["refused"] += 1
            continue
        if created:
            made[interest.kind] += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument("--orangesum", type=Path, default=DEFAULT_ORANGESUM)
    args = parser.parse_args()
    require_data(args.orangesum)
    articles = load_articles(args.orangesum, args.articles)
    started = time.perf_counter()
    prepared = [p for p in prepare(articles) if isinstance(p, Prepared)]
    prepare_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        # a warm archive (the corpus' people known), then the subscriptions
        people_index = open_index(Path(folder) / "people.db")
        people_index.queue_digest = False
        people_index.add_articles(articles)
        made = make_subscriptions(people_index, prepared, args.subscriptions)
        conn = people_index.db.conn
        loads = []
        for _ in range(20):
            t0 = time.perf_counter()
            matcher = Matcher.load(conn)
            loads.append(time.perf_counter() - t0)
        inputs = [(p.terms, speakers_of(p)) for p in prepared]
        for terms, speakers in inputs[:50]:  # warm-up
            matcher.match(terms, speakers)
        times, matches = [], []
        for terms, speakers in inputs:
            t0 = time.perf_counter()
            found = matcher.match(terms, speakers)
            times.append(time.perf_counter() - t0)
            matches.append(len(found))
        # matching and writing the alert rows, as inside the indexing transaction (rolled back)
        written = []
        stored = {row[0] for row in conn.execute("SELECT id FROM articles")}  # duplicates are not
        conn.execute("BEGIN IMMEDIATE")
        for p, (terms, speakers) in zip(prepared, inputs):
            if p.article.id not in stored:
                continue
            t0 = time.perf_counter()
            queue(conn, p.article.id, matcher.match(terms, speakers))
            written.append(time.perf_counter() - t0)
        conn.execute("ROLLBACK")
        subscriptions = [tuple(r) for r in conn.execute("SELECT target, kind, key, label, created_by, created_at"
                                                        " FROM subscriptions")]

        # the whole ingest, quotes on, with and without the subscriptions: alternated, best of 2 each
        ingest_seconds: dict[str, float] = {}
        for round_number in range(2):
            for label, with_subs in (("with", True), ("without", False)):
                index = open_index(Path(folder) / f"{label}-{round_number}.db")
                if with_subs:
                    with index.transaction() as write:
                        write.executemany("INSERT INTO subscriptions (target, kind, key, label, created_by,"
                                          " created_at) VALUES (?, ?, ?, ?, ?, ?)", subscriptions)
                t0 = time.perf_counter()
                index.add_articles(articles)
                took = time.perf_counter() - t0
                ingest_seconds[label] = min(took, ingest_seconds.get(label, took))
                if with_subs:
                    queued = index.db.execute("SELECT count(*) FROM alert_outbox").fetchone()[0]
                index.close()

    us = sorted(t * 1e6 for t in times)
    result = {
        "articles": len(prepared), "subscriptions": made, "prepare_s": round(prepare_seconds, 1),
        "match_us_per_article": {"mean": round(statistics.fmean(us), 1), "p50": round(us[len(us) // 2], 1),
                                 "p95": round(us[int(len(us) * 0.95)], 1), "max": round(us[-1], 1)},
        "match_and_queue_us_per_article": {"mean": round(statistics.fmean(written) * 1e6, 1),
                                           "p95": round(sorted(written)[int(len(written) * 0.95)] * 1e6, 1)},
        "matches_per_article": round(statistics.fmean(matches), 2),
        "articles_with_a_match": sum(1 for m in matches if m),
        "matcher_load_ms": round(statistics.median(loads) * 1e3, 2),
        "ingest_s": {k: round(v, 2) for k, v in ingest_seconds.items()},
        "ingest_overhead_ms_per_article": round((ingest_seconds["with"] - ingest_seconds["without"])
                                                / len(articles) * 1e3, 3),
        "alerts_queued": queued,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
