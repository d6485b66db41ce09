"""Crash safety of ingest: kill -9 `newsbot ingest` at random points, check the index, finish it (a script, not a test).

    .venv/bin/python bench/crash_ingest.py [--articles 5000] [--kills 20] [--seed 7] [--synthetic]

1. A reference index is built from the same input without interruption (`newsbot ingest`).
2. `newsbot ingest` is started on a fresh database and killed with SIGKILL `--kills` times, each
   time restarted on the same input (it resumes: articles already stored are "unchanged"). Half
   of the kills fall at a random time, half as soon as the WAL file changes (mid-write).
3. After every kill: `PRAGMA integrity_check` and FTS5's own integrity-check pass, and every
   article is either absent or fully indexed exactly as in the reference — its row, passages,
   passages_fts rows, quotes and digest outbox entry — with no orphan rows anywhere; and no
   analysis worker of the killed ingester is still running 5 s later.
4. A last uninterrupted run completes the index: it equals the reference.

Input: the first `--articles` OrangeSum articles (`--field text=heading+article --field
published=date`), or generated articles with `--synthetic` (also when the corpus is absent).
The digest side ("no digest lost or posted twice") has its own kill test by the digest slice.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"
NEWSBOT = Path(sys.executable).with_name("newsbot")
CORPUS_FIELDS = ["--field", "text=heading+article", "--field", "published=date"]
PEOPLE = ["Claire Dubois", "Karim Haddad", "Sophie Martin", "Luc Moreau", "Aïcha Benali", "Jean Petit"]
PLACES = ["Toulouse", "Lille", "Marseille", "Brest", "Grenoble", "Dijon", "Nantes", "Metz"]


def synthetic_articles(count: int) -> list[dict[str, str]]:
    """Distinct French articles with quotations, speakers and several paragraphs."""
    articles = []
    for n in range(count):
        person, place = PEOPLE[n % len(PEOPLE)], PLACES[n // 5 % len(PLACES)]
        paragraphs = [
            f"À {place}, le conseil municipal a voté mardi le budget numéro {n}, après six heures de débat.",
            f"« Nous avons fait le choix de la responsabilité », a déclaré {person}, qui présidait la séance "
            f"devant {100 + n % 400} habitants.",
            f"Selon l'opposition, le texte coûtera {n * 13} euros de plus que prévu. {person} a répondu que "
            "les comptes seraient publiés avant la fin du mois.",
        ] + [f"Un paragraphe complémentaire, le {k + 4}e, sur les suites du vote à {place}." for k in range(n % 4)]
        articles.append({"id": f"crash-{n}", "title": f"Budget voté à {place} ({n})", "text": "\n\n".join(paragraphs),
                         "source": "Dépêches", "published": f"2024-0{n % 9 + 1}-{n % 28 + 1:02d}"})
    return articles


def write_input(path: Path, articles: int, synthetic: bool) -> list[str]:
    """Write the input as JSON Lines; return the `newsbot ingest` field options it needs."""
    if synthetic or not CORPUS.exists():
        path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in synthetic_articles(articles)) + "\n",
                        encoding="utf-8")
        return []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines, open(path, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(lines, articles))
    return CORPUS_FIELDS


def ingest_command(db: Path, source: Path, fields: list[str]) -> list[str]:
    return [str(NEWSBOT), "--db", str(db), "ingest", str(source), *fields]


# ---------------------------------------------------------------------------- what an index holds


def snapshot(db: Path) -> dict[str, tuple]:
    """Per article: (content hash, passages, FTS rows, quotes, outbox entries, passage texts digest)."""
    conn = sqlite3.connect(db)
    try:
        # Each schema migration is its own transaction: killed between two, the index has the
        # first migrations' tables (empty: articles come after the last one) and not the others.
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            return {}  # killed before the first migration committed
        quotes = "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id)" if "quotes" in tables else "0"
        outbox = "(SELECT count(*) FROM digest_outbox o WHERE o.article_id = a.id)" if "digest_outbox" in tables else "0"
        rows = conn.execute(
            "SELECT a.id, a.content_hash,"
            " (SELECT count(*) FROM passages p WHERE p.article_id = a.id),"
            " (SELECT count(*) FROM passages p JOIN passages_fts f ON f.rowid = p.id WHERE p.article_id = a.id),"
            f" {quotes},"
            f" {outbox},"
            " (SELECT group_concat(length(p.text) || ':' || p.ordinal || ':' || p.window_no, ',')"
            "  FROM (SELECT * FROM passages WHERE article_id = a.id ORDER BY ordinal, window_no) p)"
            " FROM articles a"
        ).fetchall()
    finally:
        conn.close()
    return {row[0]: tuple(row[1:]) for row in rows}


def check(db: Path, reference: dict[str, tuple]) -> list[str]:
    """Problems of an index left by a crash: corruption, half-written articles, orphans."""
    problems = []
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        try:
            conn.execute("INSERT INTO passages_fts (passages_fts) VALUES ('integrity-check')")
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                problems.append(f"FTS5 integrity-check: {exc}")
        except sqlite3.DatabaseError as exc:
            problems.append(f"FTS5 integrity-check: {exc}")
        orphans = {
            "passages without article": "SELECT count(*) FROM passages WHERE article_id NOT IN (SELECT id FROM articles)",
            "FTS rows without passage": "SELECT count(*) FROM passages_fts WHERE rowid NOT IN (SELECT id FROM passages)",
            "quotes without article": "SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)",
            "outbox entries without article":
                "SELECT count(*) FROM digest_outbox WHERE article_id NOT IN (SELECT id FROM articles)",
            "passages twice": "SELECT count(*) FROM (SELECT 1 FROM passages GROUP BY article_id, ordinal, window_no"
                              " HAVING count(*) > 1)",
        }
        for name, sql in orphans.items():
            try:
                count = conn.execute(sql).fetchone()[0]
            except sqlite3.OperationalError:  # no such table (digest outbox not there yet)
                continue
            if count:
                problems.append(f"{count} {name}")
    finally:
        conn.close()
    for article_id, facts in snapshot(db).items():
        expected = reference.get(article_id)
        if expected is None:
            problems.append(f"{article_id}: stored, but not in the reference")
        elif facts != expected:
            problems.append(f"{article_id}: half-indexed {facts[:5]} ≠ {expected[:5]}")
    return problems


# ---------------------------------------------------------------------------- killing


@dataclass
class Kill:
    """One kill: how it was aimed, when, articles stored before and after, problems found."""

    number: int
    aim: str  # "random" (a random time) or "write" (as soon as the WAL changes)
    seconds: float
    before: int
    after: int
    killed: bool = True  # False: the ingester finished before the kill point
    problems: list[str] = field(default_factory=list)


def article_count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the schema was made
        return 0
    finally:
        conn.close()


def leftovers(db: Path, wait: float = 5.0) -> list[int]:
    """Processes still running an ingest of `db` `wait` seconds after its ingester was killed
    (Linux /proc): analysis workers orphaned by the kill. They are killed (they are ours)."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                cmdline = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
            except OSError:
                continue
            if str(db).encode() in cmdline and b"ingest" in cmdline:
                found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for pid in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return found


def _wal_stamp(db: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(str(db) + "-wal")
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns


def kill_once(command: list[str], db: Path, aim: str, delay: float, timeout: float) -> tuple[float, bool]:
    """Start the ingester and SIGKILL it: after `delay` s ("random") or as soon as the WAL changes
    ("write", at the earliest after `delay`). Returns (seconds alive, whether it finished first)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stamp = _wal_stamp(db)
    while process.poll() is None:
        elapsed = time.monotonic() - started
        if elapsed >= timeout or (aim == "random" and elapsed >= delay):
            break
        if aim == "write" and elapsed >= delay:
            now = _wal_stamp(db)
            if now is not None and now[0] > 0 and now != stamp:  # frames written (an empty WAL is just opened)
                break
            stamp = now
        time.sleep(0.002 if aim == "write" else 0.01)
    finished = process.poll() is not None
    if not finished:
        os.kill(process.pid, signal.SIGKILL)  # our own child, by its id
    process.wait()
    return time.monotonic() - started, finished


def crash_runs(command: list[str], db: Path, reference: dict[str, tuple], kills: int, duration: float,
               rng: random.Random, log=print) -> list[Kill]:
    """Kill the ingester `kills` times at random points of the ingest; check the index after each.

    Kill points are spread over what is left to ingest. When a run completes the index before its
    kill point, the complete index is checked against the reference and the next kills start a
    new ingest from scratch, until `kills` kills have happened.
    """
    done: list[Kill] = []
    total = len(reference)
    while sum(k.killed for k in done) < kills and len(done) < kills * 3:
        before = article_count(db)
        if before >= total:  # a run completed it: check, and start again from an empty file
            problems = check(db, reference) + (["complete index differs"] if snapshot(db) != reference else [])
            log(f"index complete: {'equals the reference' if not problems else '; '.join(problems[:3])}; "
                "starting again from scratch")
            if problems:
                done[-1].problems += problems
                break
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            before = 0
        number = sum(k.killed for k in done) + 1
        aim = "write" if number % 2 == 0 else "random"
        left = duration * max(0.05, 1 - before / total)  # about how long the rest takes
        delay = rng.uniform(0.1, left) if aim == "random" else rng.uniform(0.0, left * 0.8)
        alive, finished = kill_once(command, db, aim, delay, timeout=left * 3 + 10)
        kill = Kill(number, aim, alive, before, article_count(db), killed=not finished)
        kill.problems = check(db, reference) if db.exists() else []
        stray = leftovers(db)
        if stray:
            kill.problems.append(f"{len(stray)} worker process(es) still running 5 s after the ingester died")
        done.append(kill)
        what = f"kill {number:2}: {aim:<6}" if kill.killed else "finished before its kill point"
        log(f"{what} after {alive:5.2f} s; articles {kill.before:5} → {kill.after:5}; "
            f"{'ok' if not kill.problems else '; '.join(kill.problems[:3])}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--synthetic", action="store_true", help="generated articles instead of OrangeSum")
    args = parser.parse_args()
    if not args.synthetic and not CORPUS.exists():
        print(f"{CORPUS} not found: using generated articles (set NEWSBOT_SHARED for the corpus)")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="newsbot-crash-") as workdir:
        work = Path(workdir)
        source = work / "articles.jsonl"
        fields = write_input(source, args.articles, args.synthetic)
        started = time.monotonic()
        subprocess.run(ingest_command(work / "reference.db", source, fields), check=True, capture_output=True)
        duration = time.monotonic() - started
        reference = snapshot(work / "reference.db")
        print(f"reference: {len(reference):,} articles from {args.articles:,} inputs in {duration:.1f} s "
              f"({sum(r[1] for r in reference.values()):,} passages, {sum(r[3] for r in reference.values()):,} quotes)")
        db = work / "crashed.db"
        kills = crash_runs(ingest_command(db, source, fields), db, reference, args.kills, duration, rng)
        final = subprocess.run(ingest_command(db, source, fields), check=False, capture_output=True, text=True)
        problems = check(db, reference)
        complete = snapshot(db) == reference
        print(f"re-run: exit {final.returncode}, {final.stdout.strip()}")
        real = [k for k in kills if k.killed]
        lost = [k for k in real if k.aim == "write" and k.after == k.before]
        print(f"{len(real)} kills ({sum(k.aim == 'write' for k in real)} aimed at writes, of which {len(lost)} "
              f"killed a transaction in flight: rolled back), {len(kills) - len(real)} runs finished first; "
              f"{sum(1 for k in kills if k.problems)} left a damaged index; final index "
              f"{'equals the reference' if complete and not problems else 'DIFFERS: ' + '; '.join(problems[:5])}")
        ok = final.returncode == 0 and complete and not problems and not any(k.problems for k in kills)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
