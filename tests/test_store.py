"""The store: idempotent schema, re-ingest rules, bad database files, a deleted index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index import Article, IndexMissingError, NotADatabaseError, open_index
from index.sources.ingest import ingest
from index.store.schema import MIGRATIONS
from tests.conftest import SEEDS


def counts(index) -> tuple[int, int, int]:
    db = index.db
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "passages", "passages_fts"))


def test_reingesting_the_same_articles_adds_nothing(seeded_db) -> None:
    before = counts(seeded_db)
    report = ingest(seeded_db, [str(SEEDS)])
    assert (report.added, report.unchanged) == (0, 2)
    assert counts(seeded_db) == before


def test_a_changed_article_replaces_its_passages(fresh_db) -> None:
    article = Article(id="a1", title="Ours", text="Premier paragraphe sur les ours.\n\nSecond paragraphe.")
    assert fresh_db.add_article(article).status == "added"
    changed = Article(id="a1", title="Ours", text="Un seul paragraphe, réécrit, sur les loups.")
    result = fresh_db.add_article(changed)
    assert (result.status, result.passages) == ("replaced", 1)
    assert counts(fresh_db) == (1, 1, 1)
    assert fresh_db.ask("loups").hits and not fresh_db.ask("premier").hits


def test_same_url_is_the_same_article(fresh_db) -> None:
    fresh_db.add_article(Article(url="https://ex.org/a", title="A", text="Texte sur la grève."))
    result = fresh_db.add_article(Article(url="https://ex.org/a", title="A (mis à jour)", text="Texte sur la grève."))
    assert result.status == "replaced"
    assert counts(fresh_db)[0] == 1
    assert fresh_db.ask("grève").hits[0].article.title == "A (mis à jour)"


def test_same_text_under_another_id_is_a_duplicate(fresh_db) -> None:
    fresh_db.add_article(Article(id="a", title="A", text="Texte identique  sur la grève."))
    result = fresh_db.add_article(Article(id="b", title="B", text="Texte identique sur la grève."))
    assert (result.status, result.duplicate_of) == ("duplicate", "a")
    assert counts(fresh_db)[0] == 1


def test_schema_setup_is_idempotent(db_path: Path) -> None:
    open_index(db_path).add_article(Article(id="x", title="T", text="Du texte."))
    again = open_index(db_path)
    assert again.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert counts(again)[0] == 1


def test_wal_mode(fresh_db) -> None:
    assert fresh_db.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_sqlite_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = "Liste de courses : pain, lait.\n".encode() * 100
    path.write_bytes(content)
    with pytest.raises(NotADatabaseError, match="not a newsbot database"):
        open_index(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_database_from_a_newer_newsbot_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(NotADatabaseError, match="newer newsbot"):
        open_index(db_path)


def test_reading_never_creates_the_file(db_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="newsbot ingest"):
        open_index(db_path, create=False)
    assert not db_path.exists()


def test_deleted_index_file_is_reported_not_recreated(seeded_db, db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(IndexMissingError, match="no longer exists"):
        seeded_db.ask("Poutine")
    assert not db_path.exists()


def test_a_replaced_index_file_is_read_afresh(seeded_db, db_path: Path, tmp_path: Path) -> None:
    assert seeded_db.ask("Iskander").hits  # this thread now holds a connection to the old file
    rebuilt = open_index(tmp_path / "other.db")
    rebuilt.add_article(Article(id="n", title="Nouveau", text="Un article sur les bergers des Pyrénées."))
    rebuilt.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    (tmp_path / "other.db").rename(db_path)
    assert seeded_db.ask("bergers").hits and not seeded_db.ask("Iskander").hits


def test_parallel_analysis_builds_the_same_index(tmp_path: Path) -> None:
    from index.sources.readers import read_path

    def dump(index) -> list[tuple]:
        db = index.db
        return [
            db.execute("SELECT id, title, content_hash FROM articles ORDER BY id").fetchall(),
            db.execute("SELECT article_id, ordinal, window_no, text FROM passages ORDER BY id").fetchall(),
            db.execute("SELECT rowid, context, body FROM passages_fts ORDER BY rowid").fetchall(),
            db.execute("SELECT article_id, text, speaker, start_char FROM quotes ORDER BY id").fetchall(),
        ]

    articles = [r.article for r in read_path(SEEDS)]
    extra = [Article(id=f"x{i}", title=f"Brève {i}", text=f"« Texte {i} », a déclaré M. Dupont.") for i in range(30)]
    serial, parallel = open_index(tmp_path / "serial.db"), open_index(tmp_path / "parallel.db")
    serial.add_articles(articles + extra, batch_size=7)
    results = parallel.add_articles(articles + extra, batch_size=7, workers=2)
    assert [r.status for r in results] == ["added"] * 32
    assert dump(parallel) == dump(serial)


def test_a_failed_batch_leaves_nothing_half_written(fresh_db) -> None:
    good = Article(id="ok", title="Bon", text="Un texte correct.")

    def articles():
        yield good
        raise RuntimeError("the reader crashed mid-batch")

    with pytest.raises(RuntimeError):
        fresh_db.add_articles(articles())
    assert counts(fresh_db) == (0, 0, 0)


def test_reanalyze_rebuilds_passages_from_stored_text(seeded_db) -> None:
    before = counts(seeded_db)
    seeded_db.db.execute("DELETE FROM passages_fts")
    assert seeded_db.reanalyze() == 2
    assert counts(seeded_db) == before
    assert seeded_db.ask("missiles Iskander").hits


def test_an_index_of_an_older_analyzer_is_analysed_again_once(db_path, caplog) -> None:
    # issue 13: an index made by analyzer 2, which stemmed before folding ("sécurité" → `secur`);
    # analyzer 3 folds first, so that "securite" typed without accents meets it (`securit`)
    index = open_index(db_path)
    index.add_article(Article(id="a1", title="Réforme", text="La sécurité routière du ministre."))
    with index.transaction() as conn:  # as the previous analyzer stored it
        conn.execute("UPDATE passages_fts SET body = 'secur routi ministr'")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'analyzer_version'")
    index.close()
    caplog.set_level("INFO", logger="newsbot.index")
    index = open_index(db_path)
    assert "analysing the 1 articles" in caplog.text and "articles analysed again: 1/1" in caplog.text
    assert index.db.execute("SELECT body FROM passages_fts").fetchone()[0] == "securit routier ministr"
    assert index.ask("securite routiere").hits
    index.close()
    caplog.clear()
    open_index(db_path).close()
    assert "analysed again" not in caplog.text


def test_first_delivery_of_an_event(fresh_db) -> None:
    assert fresh_db.first_seen("Ev1", 3600) is True
    assert fresh_db.first_seen("Ev1", 3600) is False
    assert fresh_db.first_seen("Ev2", 3600) is True
