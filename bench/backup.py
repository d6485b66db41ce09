"""Time and memory of `newsbot backup` and `newsbot restore` on a large index (docs/reliability.md).

    .venv/bin/python bench/backup.py                       # --passages 100000
    .venv/bin/python bench/backup.py --passages 1000000    # about 2 GB on disk; build it once (minutes)

Builds (once, cached in bench/out/) an index of generated French-like articles — a 30,000-word
vocabulary drawn with Zipf's law, 5 to 8 paragraphs of 50 to 90 words, so that the full-text
index and the postings have a newsroom's proportions — with `newsbot ingest --no-quotes
--no-digest`. Then, each in its own child process (wall time, peak RSS of that process):

- `cp` of the file: what this disk does, the floor of any copy;
- `PRAGMA integrity_check` alone: the check that `newsbot backup` runs on every copy;
- `newsbot backup` to a new file (copy + check + counts + fsync + rename);
- the same while `newsbot ingest` writes 2,000 more articles in another process (started once
  the ingest's first batch is in), and how long that ingest took with and without a backup
  beside it;
- `newsbot restore` of that backup to a new place.

Prints a Markdown table and writes bench/out/backup-N.json. The machine is shared: the load
average is printed with each run; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
NEWSBOT = Path(sys.executable).with_name("newsbot")
SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo la le li lo lu ma me mi mo mu na ne ni no "
             "nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu gra pre tri cho blan "
             "vin tion ment eur ais ant").split()
MEASURE = ("import json, resource, subprocess, sys, time; t = time.monotonic(); "
           "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
           "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(json.dumps({'seconds': time.monotonic() - t, 'peak_rss_mb': u.ru_maxrss / 1024, "
           "'returncode': r.returncode, 'stdout': r.stdout[-2000:], 'stderr': r.stderr[-2000:]}))")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def write_articles(path: Path, passages: int, seed: int, prefix: str) -> int:
    """JSON Lines of generated articles holding about `passages` paragraphs; how many articles."""
    rng = random.Random(seed)
    words = vocabulary(30_000, rng)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))  # Zipf's law
    written = made = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < passages:
            paragraphs = []
            for _ in range(rng.randint(5, 8)):
                sentence = rng.choices(words, cum_weights=cumulative, k=rng.randint(50, 90))
                paragraphs.append(" ".join(sentence).capitalize() + ".")
            title = " ".join(rng.choices(words, cum_weights=cumulative, k=8)).capitalize()
            out.write(json.dumps({"id": f"{prefix}-{made}", "title": title, "text": "\n\n".join(paragraphs),
                                  "source": "Bench", "published": f"2024-{made % 12 + 1:02d}-{made % 28 + 1:02d}"},
                                 ensure_ascii=False) + "\n")
            written += len(paragraphs)
            made += 1
    return made


def measured(command: list[str]) -> dict:
    """Run `command` in a child; its wall time and its own peak RSS (through a small wrapper process)."""
    result = json.loads(subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True,
                                       check=True).stdout)
    if result["returncode"] != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result['stderr']}")
    return result


def build(db: Path, passages: int, workers: int) -> None:
    source = db.with_suffix(".jsonl")
    print(f"building {db} ({passages:,} passages): generating articles…", flush=True)
    articles = write_articles(source, passages, seed=17, prefix="bench")
    started = time.monotonic()
    print(f"  ingesting {articles:,} articles…", flush=True)
    subprocess.run([str(NEWSBOT), "--db", str(db), "ingest", "--no-quotes", "--no-digest", "--workers", str(workers),
                    str(source)], check=True, capture_output=True)
    source.unlink()
    print(f"  built in {time.monotonic() - started:.0f} s", flush=True)


def article_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def integrity_check(db: Path) -> list[str]:
    code = f"import sqlite3; print(sqlite3.connect({str(db)!r}).execute('PRAGMA integrity_check').fetchone()[0])"
    return [sys.executable, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the backup and restored files")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"backup-index-{args.passages}.db"
    if not db.exists():
        build(db, args.passages, args.workers)
    work = OUT / f"backup-run-{args.passages}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    conn = sqlite3.connect(db)
    passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    conn.close()
    articles = article_count(db)
    size = db.stat().st_size
    rows: list[tuple[str, dict]] = []
    load = os.getloadavg()

    rows.append(("`cp` of the file (this disk's floor)", measured(["cp", str(db), str(work / "copy.db")])))
    (work / "copy.db").unlink()
    rows.append(("`PRAGMA integrity_check` alone", measured(integrity_check(db))))
    rows.append(("`newsbot backup` (idle index)", measured([str(NEWSBOT), "--db", str(db), "backup",
                                                            str(work / "idle.db")])))
    extra = work / "extra.jsonl"
    write_articles(extra, 12_000, seed=99, prefix="extra")  # about 2,000 articles
    shutil.copyfile(db, work / "alone.db")
    alone = measured([str(NEWSBOT), "--db", str(work / "alone.db"), "ingest", "--no-quotes", "--workers", "1",
                      str(extra)])
    (work / "alone.db").unlink()
    shutil.copyfile(db, work / "busy.db")
    ingester = subprocess.Popen([str(NEWSBOT), "--db", str(work / "busy.db"), "ingest", "--no-quotes", "--workers",
                                 "1", str(extra)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while article_count(work / "busy.db") <= articles:  # until its first batch is in: it is writing
        assert ingester.poll() is None, ingester.communicate()
        time.sleep(0.05)
    busy = measured([str(NEWSBOT), "--db", str(work / "busy.db"), "backup", "--json", str(work / "busy-backup.db")])
    ingester.communicate()
    ingest_with_backup = time.monotonic() - started
    rows.append(("`newsbot backup` while `newsbot ingest` writes 2,000 articles", busy))
    rows.append(("`newsbot restore` of that backup to a new file", measured([
        str(NEWSBOT), "--db", str(work / "restored.db"), "restore", str(work / "busy-backup.db")])))
    held = json.loads(busy["stdout"])["articles"]

    print(f"\nIndex: {passages:,} passages, {articles:,} articles, {size / 1e9:.2f} GB "
          f"(load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end)\n")
    print("| step | wall time | MB/s | peak RSS of the process |\n|---|---|---|---|")
    for name, figures in rows:
        print(f"| {name} | {figures['seconds']:.1f} s | {size / 1e6 / figures['seconds']:,.0f} | "
              f"{figures['peak_rss_mb']:,.0f} MB |")
    print(f"\nThe backup taken during the ingest holds {held:,} articles (the index had {articles:,}); the ingest took "
          f"{alone['seconds']:.1f} s alone, {ingest_with_backup:.1f} s with the backup beside it.")
    report = {"passages": passages, "articles": articles, "size_bytes": size, "load_average": load,
              "rows": {name: figures for name, figures in rows}, "ingest_alone_s": alone["seconds"],
              "ingest_with_backup_s": ingest_with_backup, "backup_during_ingest_articles": held}
    (OUT / f"backup-{args.passages}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
