"""`newsbot backup` and `newsbot restore`, as an admin runs them, on real files.

A backup taken while `newsbot ingest` writes 2,000 articles in another process is one instant of
the index: sound (SQLite's and FTS5's checks), every article in it whole and equal to the one the
finished ingest stored, nothing orphaned. Restoring it refuses to replace the live index without
--force, and with --force gives exactly that instant back; the ingest then completes it. A full
disk and an unwritable folder fail in one clear line and leave no file under the backup's name;
a damaged file, another SQLite file and one from a newer newsbot are refused. (Time and memory
of backing up a large index: bench/backup.py, docs/reliability.md.)
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import open_index
from index.store.models import Article
from index.store.schema import MIGRATIONS, _add_columns
from tests.conftest import newsbot
from tests.spoiled_index import newer, other_sqlite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ holds scripts, not an installed package

from bench.crash_ingest import check, snapshot  # noqa: E402

NEWSBOT = Path(sys.executable).with_name("newsbot")
ARTICLES = 2_000
PEOPLE = ["Anne Hidalgo", "Bruno Le Maire", "Élisabeth Borne", "Gérald Darmanin", "Rachida Dati"]
PLACES = ["Lyon", "Marseille", "Besançon", "Saint-Étienne", "Aix-en-Provence", "Pointe-à-Pitre"]


def articles(count: int) -> list[dict[str, str]]:
    """Distinct French articles, each a few paragraphs with a quotation."""
    made = []
    for n in range(count):
        person, place = PEOPLE[n % len(PEOPLE)], PLACES[n % len(PLACES)]
        paragraphs = [f"À {place}, le conseil municipal a voté mardi le budget numéro {n}, après six heures d’un "
                      "débat tendu sur les écoles, les transports et la rénovation des logements sociaux."]
        paragraphs += [f"« Nous avons fait le choix de la responsabilité pour la {k + 1}e fois », a déclaré {person}, "
                       f"devant {100 + n % 400} habitants. Selon l’opposition, le texte coûtera {n * 13 + k} euros de "
                       "plus que prévu." for k in range(3)]
        made.append({"id": f"budget-{n}", "title": f"Budget voté à {place} ({n})", "text": "\n\n".join(paragraphs),
                     "source": "Dépêches", "published": f"2024-0{n % 9 + 1}-{n % 28 + 1:02d}"})
    return made


def write_articles(path: Path, count: int) -> Path:
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles(count)) + "\n", encoding="utf-8")
    return path


def count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the ingester has not made the tables yet
        return 0
    finally:
        conn.close()


def ingest(db: Path, source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([str(NEWSBOT), "--db", str(db), "ingest", "--no-quotes", "--workers", "1", str(source)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_backups_taken_during_an_ingest_are_consistent_and_restore_exactly(tmp_path: Path) -> None:
    live, backups = tmp_path / "newsbot.db", tmp_path / "backups"
    backups.mkdir()
    source = write_articles(tmp_path / "articles.jsonl", ARTICLES)
    ingester = ingest(live, source)
    deadline = time.monotonic() + 120  # a hang guard: the first batch comes within seconds
    while count(live) == 0:
        assert ingester.poll() is None and time.monotonic() < deadline, ingester.communicate()
        time.sleep(0.02)
    taken: list[tuple[Path, dict]] = []
    while ingester.poll() is None:  # back up again and again while the ingester writes
        target = backups / f"b{len(taken)}.db"
        result = newsbot("--db", str(live), "backup", "--json", str(target), cwd=tmp_path)
        assert result.exit_code == 0, result.stderr
        taken.append((target, json.loads(result.stdout)))
    out, err = ingester.communicate()
    assert ingester.returncode == 0 and f"{ARTICLES} added" in out, err

    final = snapshot(live)
    assert len(final) == ARTICLES
    held = [report["articles"] for _, report in taken]
    assert any(0 < n < ARTICLES for n in held), f"no backup fell during the ingest: {held}"
    for path, report in taken:
        # Sound, nothing orphaned, each article whole and as the finished ingest stored it.
        assert check(path, final) == [], path
        stored = snapshot(path)
        assert len(stored) == report["articles"] and report["backup"] == str(path)
        assert all(facts[-2] == 1 for facts in stored.values())  # each article pending for the digest once
    assert not [p.name for p in backups.iterdir() if p.name.startswith(".")]  # no temporary file left

    middle, report = next((p, r) for p, r in taken if 0 < r["articles"] < ARTICLES)
    refused = newsbot("--db", str(live), "restore", str(middle), cwd=tmp_path)
    assert refused.exit_code == 1 and "add --force to replace it" in refused.stderr
    assert snapshot(live) == final  # untouched

    restored = newsbot("--db", str(live), "restore", "--force", str(middle), cwd=tmp_path)
    assert restored.exit_code == 0, restored.stderr
    assert f"{report['articles']:,} articles" in restored.stdout
    assert snapshot(live) == snapshot(middle)
    assert check(live, final) == []
    rerun = subprocess.run([str(NEWSBOT), "--db", str(live), "ingest", "--no-quotes", "--workers", "1", str(source)],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0 and f"{ARTICLES - report['articles']} added" in rerun.stdout, rerun.stderr
    assert snapshot(live) == final
    answer = newsbot("--db", str(live), "ask", "--json", "budget Besançon", cwd=tmp_path)
    assert json.loads(answer.stdout)["answers"]


@pytest.fixture
def small_index(tmp_path: Path) -> Path:
    db = tmp_path / "newsbot.db"
    index = open_index(db, extract_quotes=False)
    index.add_articles([Article(**a) for a in articles(20)])
    index.close()
    return db


def test_backup_into_a_folder_names_a_dated_file_and_says_where(small_index: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    result = newsbot("--db", str(small_index), "backup", str(folder), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    [made] = folder.iterdir()
    assert made.name.startswith("newsbot-") and made.suffix == ".db"
    assert "integrity ok" in result.stdout and "20 articles" in result.stdout
    assert result.stdout.rstrip().endswith(f"→ {made}")
    assert snapshot(made) == snapshot(small_index)


@pytest.mark.parametrize("case", ["exists", "itself", "no folder", "no index"])
def test_backup_refuses_in_one_line(case: str, small_index: Path, tmp_path: Path) -> None:
    target = {"exists": tmp_path / "old.db", "itself": small_index, "no folder": tmp_path / "nope" / "b.db",
              "no index": tmp_path / "b.db"}[case]
    if case == "exists":
        target.write_bytes(b"an older backup")
    db = tmp_path / "missing.db" if case == "no index" else small_index
    result = newsbot("--db", str(db), "backup", str(target), cwd=tmp_path)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    said = {"exists": "already exists: name another file, or add --force", "itself": "is the index itself",
            "no folder": "does not exist: create it first", "no index": "No index at"}[case]
    assert said in result.stderr
    if case == "exists":
        assert target.read_bytes() == b"an older backup"
        assert newsbot("--db", str(db), "backup", "--force", str(target), cwd=tmp_path).exit_code == 0
        assert snapshot(target) == snapshot(small_index)
    assert not list(tmp_path.glob(".newsbot-backup-*"))


def _no_room(limit: int) -> None:
    """In the child: files it writes may not grow past `limit` bytes (its disk is full there)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_disk_filling_up_during_the_copy_fails_clearly_and_keeps_nothing(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    index = open_index(db, extract_quotes=False)
    index.add_articles([Article(**a) for a in articles(300)])
    index.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    # The kernel refuses writes past 512 KB (RLIMIT_FSIZE; Python ignores SIGXFSZ, so the write
    # fails, as on a disk filling up under the copy) while the index is over 1 MB: the copy
    # stops part way. (A disk already too full is refused before copying: the test below.)
    result = subprocess.run([str(NEWSBOT), "--db", str(db), "backup", str(folder / "b.db")], capture_output=True,
                            text=True, preexec_fn=lambda: _no_room(1 << 19), timeout=120)
    assert db.stat().st_size > 1 << 20
    assert result.returncode == 1, result.stdout + result.stderr
    assert "writing the backup to" in result.stderr and "is the disk full or failing?" in result.stderr
    assert "nothing was kept" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []


def _private_mount(tmp_path: Path, options: str, command: list[str]) -> subprocess.CompletedProcess[str]:
    """`command` in a child with its own view of mounts, where tmp_path/mnt is a tmpfs with `options`."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to mount a small or read-only file system")
    mount = tmp_path / "mnt"
    mount.mkdir()
    script = 'mount -t tmpfs -o "$1" tmpfs "$2" || exit 97; shift 2; "$@"; rc=$?; ls -A "$MNT"; exit $rc'
    result = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", options,
                             str(mount), *command], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "MNT": str(mount)})
    if result.returncode == 97:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    return result


def test_a_folder_on_a_full_disk_is_refused_before_copying(small_index: Path, tmp_path: Path) -> None:
    result = _private_mount(tmp_path, "size=64k", [str(NEWSBOT), "--db", str(small_index), "backup",
                                                   str(tmp_path / "mnt" / "b.db")])
    assert result.returncode == 1
    assert "not enough room in" in result.stderr and "MB are free" in result.stderr
    assert result.stdout == ""  # `ls -A` of the folder: empty


def test_an_unwritable_folder_is_refused_clearly(small_index: Path, tmp_path: Path) -> None:
    result = _private_mount(tmp_path, "ro,size=64m", [str(NEWSBOT), "--db", str(small_index), "backup",
                                                      str(tmp_path / "mnt" / "b.db")])
    assert result.returncode == 1
    assert "cannot write in" in result.stderr and "Read-only file system" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


# ---------------------------------------------------------------------------- restore refusals


def _backup(small_index: Path, tmp_path: Path) -> Path:
    target = tmp_path / "good.db"
    assert newsbot("--db", str(small_index), "backup", str(target), cwd=tmp_path).exit_code == 0
    return target


def damaged(path: Path) -> None:
    """Overwrite pages in the middle of the file (a bad sector, a partial copy)."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(3 * page, len(data) - page, 5 * page):
        data[start + 100 : start + 900] = os.urandom(800)
    path.write_bytes(bytes(data))


def truncated(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def not_sqlite(path: Path) -> None:
    path.write_text("id,title\n1,Un tableau\n", encoding="utf-8")


@pytest.mark.parametrize(("spoil", "said"), [
    (damaged, "is damaged"),
    (truncated, "is damaged"),
    (newer, "was made by a newer newsbot"),
    (other_sqlite, "not a newsbot index"),
    (not_sqlite, "not a newsbot backup (not an SQLite file)"),
], ids=lambda v: getattr(v, "__name__", ""))
def test_restore_refuses_a_bad_file_and_leaves_the_index(spoil, said: str, small_index: Path, tmp_path: Path) -> None:
    bad = _backup(small_index, tmp_path)
    spoil(bad)
    before = snapshot(small_index)
    for options in ([], ["--force"]):
        result = newsbot("--db", str(small_index), "restore", *options, str(bad), cwd=tmp_path)
        assert result.exit_code == 1 and said in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot(small_index) == before
    fresh = tmp_path / "fresh.db"
    assert newsbot("--db", str(fresh), "restore", str(bad), cwd=tmp_path).exit_code == 1
    assert not fresh.exists()


def test_restore_into_a_new_place_and_from_an_older_version(small_index: Path, tmp_path: Path) -> None:
    older = tmp_path / "older.db"
    conn = sqlite3.connect(older)
    for number, migration in enumerate(MIGRATIONS[:-1], start=1):  # an index made before the last migration
        conn.executescript(_add_columns(conn, number) + migration + f"; PRAGMA user_version = {number};")
    conn.close()
    target = tmp_path / "restored" / "newsbot.db"
    target.parent.mkdir()
    result = newsbot("--db", str(target), "restore", str(older), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert f"schema {len(MIGRATIONS) - 1}" in result.stdout
    index = open_index(target, create=False)  # upgraded when opened
    assert index.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    index.close()
