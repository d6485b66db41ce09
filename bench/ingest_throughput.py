"""Ingest throughput end to end: `newsbot ingest` on OrangeSum articles, articles per second.

    python bench/ingest_throughput.py [--articles 2000] [--quotes off|on|both] [--orangesum PATH]

Runs the real command (`newsbot --db TMP ingest --field text=heading+article --field
published=date FILE.jsonl`) on a fresh database and times it from outside, reading included.
Quote extraction (index/quotes/, spaCy NER) is measured separately: `--quotes off` passes
`--no-quotes`, `--quotes on` runs ingest as newsbot does by default. When the installed newsbot
has no `--no-quotes` option, "off" is measured through the library (`open_index(...,
extract_quotes=False)` + `index.ingest`), and the result says so.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import DEFAULT_ORANGESUM, OUT, require_data  # noqa: E402

NEWSBOT = Path(sys.executable).parent / "newsbot"
FIELDS = ["--field", "text=heading+article", "--field", "published=date"]
_LIBRARY_INGEST = (
    "import sys; from index import open_index, ingest; "
    "idx = open_index(sys.argv[1], extract_quotes=False); "
    "r = ingest(idx, [sys.argv[2]], field_map={'text': 'heading+article', 'published': 'date'}); "
    "print(f'{r.added} added, {r.duplicate} duplicate, {len(r.failed)} failed')"
)


def sample_file(orangesum: Path, articles: int, out: Path = OUT) -> Path:
    """The first `articles` OrangeSum records as JSON Lines (newsbot's JSON input)."""
    target = Path(out) / f"ingest-{articles}.jsonl"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(orangesum, "rt", encoding="utf-8") as source, open(target, "w", encoding="utf-8") as sink:
            for number, line in enumerate(source):
                if number >= articles:
                    break
                sink.write(line)
    return target


def has_no_quotes_option() -> bool:
    try:
        help_text = subprocess.run([str(NEWSBOT), "ingest", "--help"], capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return False
    return "--no-quotes" in help_text


def measure(orangesum: Path, articles: int, quotes: bool) -> dict:
    """Time one ingest of `articles` articles into a fresh database."""
    path = sample_file(orangesum, articles)
    with tempfile.TemporaryDirectory(prefix="newsbot-ingest-") as tmp:
        db = Path(tmp) / "ingest.db"
        if quotes:
            command, how = [str(NEWSBOT), "--db", str(db), "ingest", *FIELDS, str(path)], "newsbot ingest"
        elif has_no_quotes_option():
            command, how = [str(NEWSBOT), "--db", str(db), "ingest", *FIELDS, "--no-quotes", str(path)], \
                "newsbot ingest --no-quotes"
        else:
            command, how = [sys.executable, "-c", _LIBRARY_INGEST, str(db), str(path)], \
                "index.ingest (library; this newsbot ingest has no --no-quotes)"
        started = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True, timeout=25 * 60)
        seconds = time.perf_counter() - started
        if run.returncode not in (0, 1):
            raise SystemExit(f"ingest failed ({run.returncode}): {run.stderr[-2000:]}")
        added = re.search(r"(\d+) added", run.stdout)
        added_n = int(added.group(1)) if added else None
        passages = None
        try:
            import sqlite3

            with sqlite3.connect(db) as conn:
                passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        except Exception:  # noqa: BLE001 — the count is a bonus
            pass
    return {"quotes": quotes, "how": how, "articles": articles, "added": added_n, "passages": passages,
            "seconds": round(seconds, 2), "articles_per_s": round(articles / seconds, 1),
            "passages_per_s": round(passages / seconds, 1) if passages else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orangesum", type=Path, default=DEFAULT_ORANGESUM)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--quotes", choices=["off", "on", "both"], default="both")
    args = parser.parse_args(argv)
    require_data(args.orangesum)
    modes = {"off": [False], "on": [True], "both": [False, True]}[args.quotes]
    for quotes in modes:
        print(json.dumps(measure(args.orangesum, args.articles, quotes)))


if __name__ == "__main__":
    main()
