"""A crash at any point loses nothing and duplicates nothing: each article is fully indexed or absent.

A small version of `bench/crash_ingest.py` (figures in docs/reliability.md): `newsbot ingest` is
killed with SIGKILL during an ingest, three times; after each kill the database passes SQLite's
and FTS5's integrity checks, and every stored article is exactly as in an uninterrupted
reference run (row, passages, FTS rows, quotes, digest outbox entry), with no orphan rows, and
no analysis worker of the killed ingester keeps running; a re-run completes the index. Also: a
full disk fails the write cleanly, with SQLite's own error.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import open_index
from index.store.models import Article

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ holds scripts, not an installed package

from bench.crash_ingest import check, crash_runs, ingest_command, snapshot, synthetic_articles  # noqa: E402

ARTICLES = 1_000  # five transactions of 200


def test_kill_9_during_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in synthetic_articles(ARTICLES)),
                      encoding="utf-8")
    started = time.monotonic()
    subprocess.run(ingest_command(tmp_path / "reference.db", source, []), check=True, capture_output=True)
    duration = time.monotonic() - started
    reference = snapshot(tmp_path / "reference.db")
    assert len(reference) == ARTICLES and all(facts[1] and facts[1] == facts[2] for facts in reference.values())

    db = tmp_path / "crashed.db"
    kills = crash_runs(ingest_command(db, source, []), db, reference, kills=3, duration=duration,
                       rng=random.Random(20240501), log=print)
    assert sum(k.killed for k in kills) == 3 and all(k.problems == [] for k in kills)
    rerun = subprocess.run(ingest_command(db, source, []), check=False, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert check(db, reference) == []
    assert snapshot(db) == reference  # everything, once


def test_a_full_disk_fails_the_batch_cleanly(tmp_path: Path) -> None:
    index = open_index(tmp_path / "full.db")
    index.add_articles([Article(title="Premier", text="Un premier article, bien rangé.", id="first")])
    pages = index.db.execute("PRAGMA page_count").fetchone()[0]
    index.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # a disk with room for two more pages
    big = [Article(title=f"Article {n}", text=f"Un long paragraphe numéro {n}. " * 400, id=f"a{n}") for n in range(20)]
    with pytest.raises(sqlite3.OperationalError, match="full"):  # SQLite's error, not "cannot rollback"
        index.add_articles(big)
    index.db.execute("PRAGMA max_page_count = 1073741823")
    assert [r.status for r in index.add_articles(big[:1])] == ["added"]  # the connection still works
    index.close()
    conn = sqlite3.connect(tmp_path / "full.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")] == ["a0", "first"]
    conn.close()
