"""Third-party inputs through newsbot's readers and index, whole suites (tests/data/third_party
keeps a small licensed selection of them for the test suite):

- the JSON parsing test suite (nst/JSONTestSuite, `test_parsing/`, 318 files): each file read
  alone as a .json; each single-line one as a JSON Lines record between two good records, and
  each one as an element of a JSON array between two good records;
- feedparser's test feeds (kurtmckee/feedparser, `tests/**/*.xml`, 2,106 files), each read as
  `newsbot ingest FEED_URL` reads a fetched feed (`feed_reads`); linked pages are not fetched
  (every proxy points at a closed local port: nothing leaves the machine);
- trafilatura's test pages (adbar/trafilatura, `tests/cache/*.html`, 110 pages), each read as a
  fetched page, with trafilatura's own expected snippets (`tests/evaldata.json`: text that must
  and must not be extracted).

Every article read is then indexed (a temporary index, quotes off) to check that storing never
fails either. Figures: inputs, tracebacks (an exception escaping newsbot), good records lost,
outcomes by reason, the slowest input. Exit status 1 on any traceback or lost good record.

    .venv/bin/python bench/third_party_inputs.py --jsontestsuite DIR --feedparser DIR --trafilatura DIR
    .venv/bin/python bench/third_party_inputs.py --write-expected tests/data/third_party

Each DIR is a checkout (or `git archive`) of the repository. `--write-expected` rewrites the
expected outcomes of the selection the tests hold newsbot to (review the diff).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index import open_index  # noqa: E402
from index.sources.articles import Read, decode  # noqa: E402
from index.sources.readers import read_path  # noqa: E402
from index.store.models import Article  # noqa: E402

GOOD = [json.dumps({"title": f"Bon article {n}", "text": f"Un article correct, le numéro {n}, autour du cas."})
        for n in (1, 2)]


class Tally:
    """What one suite gave: inputs, tracebacks, lost good records, outcomes, the slowest input."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.inputs = 0
        self.tracebacks: list[str] = []
        self.lost: list[str] = []
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.slowest = (0.0, "")
        self.articles: list[Article] = []
        self.notes: dict[str, Any] = {}

    def run(self, label: str, function: Any, *args: Any) -> Any:
        """`function(*args)`, timed; an exception escaping it is a traceback (None returned)."""
        self.inputs += 1
        started = time.perf_counter()
        try:
            return function(*args)
        except Exception:  # noqa: BLE001 — what this script counts
            self.tracebacks.append(f"{label}: {traceback.format_exc(limit=3).splitlines()[-1]}")
            return None
        finally:
            elapsed = time.perf_counter() - started
            if elapsed > self.slowest[0]:
                self.slowest = (elapsed, label)

    def outcome(self, reads: list[Read]) -> None:
        for read in reads:
            if read.article is not None:
                self.outcomes["read"] += 1
                self.articles.append(read.article)
            else:
                self.outcomes["refused: " + _kind(read.error or "")] += 1


def _kind(reason: str) -> str:
    """A reason without its particulars (numbers, quoted values), to count reasons by kind."""
    reason = re.sub(r"\(.*", "", reason)
    reason = re.sub(r"'[^']*'|\d[\d,.]*", "…", reason)
    return reason.strip()[:80]


def json_suite(folder: Path, work: Path) -> Tally:
    tally = Tally("JSONTestSuite")
    array_kept = array_total = 0
    for case in sorted((folder / "test_parsing").glob("*.json")):
        data = case.read_bytes()
        reads = tally.run(case.name, lambda p=case: list(read_path(p)))
        if reads is not None:
            tally.outcome(reads)
        if b"\n" not in data.rstrip(b"\n") and b"\r" not in data:  # as one JSON Lines record between good ones
            lines = work / f"{case.stem}.jsonl"
            lines.write_bytes(GOOD[0].encode() + b"\n" + data.rstrip(b"\n") + b"\n" + GOOD[1].encode() + b"\n")
            reads = tally.run(lines.name, lambda p=lines: list(read_path(p)))
            if reads is not None:
                found = {r.article.title for r in reads if r.article is not None}
                tally.lost += [f"{lines.name}: {t}" for t in ("Bon article 1", "Bon article 2") if t not in found]
                tally.articles += [r.article for r in reads if r.article is not None]
        array = work / f"{case.stem}.array.json"  # as an element of an array between good ones
        array.write_bytes(b"[" + GOOD[0].encode() + b",\n" + data + b"\n," + GOOD[1].encode() + b"]")
        reads = tally.run(array.name, lambda p=array: list(read_path(p)))
        if reads is not None:
            found = {r.article.title for r in reads if r.article is not None}
            array_total += 2
            array_kept += sum(t in found for t in ("Bon article 1", "Bon article 2"))
    tally.notes["array embedding: good records kept"] = f"{array_kept} of {array_total}"
    return tally


def feed_suite(folder: Path) -> Tally:
    from index.sources.feeds import feed_reads

    tally = Tally("feedparser test feeds")
    for feed in sorted((folder / "tests").rglob("*.xml")):
        body = feed.read_bytes()
        url = f"http://example.org/{feed.relative_to(folder).as_posix()}"
        reads = tally.run(str(feed.relative_to(folder)), lambda b=body, u=url: list(feed_reads(b, "application/xml", u,
                                                                                                 timeout=5)))
        if reads is not None:
            tally.outcome(reads)
    return tally


def page_suite(folder: Path) -> Tally:
    from index.sources.html import read_html

    tally = Tally("trafilatura test pages")
    expected = {v["file"]: (url, v) for url, v in json.loads((folder / "tests" / "evaldata.json").read_text()).items()}
    present = absent = wanted = unwanted = 0
    for page in sorted((folder / "tests" / "cache").glob("*.html")):
        url, annotation = expected.get(page.name, (None, {}))

        def read(p: Path = page, u: str | None = url) -> list[Read]:
            text, _warnings = decode(p.read_bytes())
            try:
                return [Read(str(p), article=read_html(text, url=u))]
            except Exception as exc:  # noqa: BLE001
                from index.store.errors import ReadError
                if isinstance(exc, ReadError):
                    return [Read(str(p), error=str(exc))]
                raise

        reads = tally.run(page.name, read)
        if reads is None:
            continue
        tally.outcome(reads)
        article = reads[0].article
        text = (article.title + "\n" + article.text) if article else ""
        flat = " ".join(text.split())
        wanted += len(annotation.get("with", []))
        present += sum(" ".join(s.split()) in flat for s in annotation.get("with", []))
        unwanted += len(annotation.get("without", []))
        absent += sum(" ".join(s.split()) not in flat for s in annotation.get("without", []))
    tally.notes["expected snippets found"] = f"{present} of {wanted}"
    tally.notes["unwanted snippets left out"] = f"{absent} of {unwanted}"
    return tally


def index_all(tally: Tally, work: Path) -> None:
    """Index what was read: an article that cannot be stored is a lost good record."""
    index = open_index(work / f"{tally.name.split()[0]}.db", extract_quotes=False)
    started = time.perf_counter()
    try:
        results = index.add_articles(tally.articles)
    except Exception:  # noqa: BLE001
        tally.tracebacks.append(f"indexing: {traceback.format_exc(limit=3).splitlines()[-1]}")
        return
    finally:
        index.close()
    tally.notes["indexed"] = f"{sum(r.status in ('added', 'replaced', 'unchanged', 'duplicate') for r in results)} of " \
                             f"{len(tally.articles)} read, in {time.perf_counter() - started:.1f} s"
    tally.lost += [f"indexing {r.article_id}: {r.error}" for r in results if r.status == "failed"]


def report(tally: Tally) -> None:
    print(f"\n## {tally.name}: {tally.inputs} inputs")
    print(f"tracebacks: {len(tally.tracebacks)}")
    for line in tally.tracebacks[:20]:
        print(f"  {line}")
    print(f"good records lost: {len(tally.lost)}")
    for line in tally.lost[:20]:
        print(f"  {line}")
    for key, value in tally.notes.items():
        print(f"{key}: {value}")
    print(f"slowest input: {tally.slowest[1]} ({tally.slowest[0]:.2f} s)")
    for outcome, count in tally.outcomes.most_common(12):
        print(f"  {count:6,}  {outcome}")


def outcomes(reads: list[Read]) -> list[str]:
    """What newsbot made of an input, as tests/data/third_party/*/expected.json records it."""
    return [("read: " + r.article.title) if r.article is not None else ("refused: " + (r.error or "")) for r in reads]


def write_expected(selection: Path) -> None:
    """(Re)write the expected outcomes of the selection kept in tests/data/third_party: review the
    diff before committing it — it is what the tests then hold newsbot to."""
    from index.sources.feeds import feed_reads

    cases = {p.name: outcomes(list(read_path(p))) for p in sorted((selection / "jsontestsuite").glob("*.json"))
             if p.name != "expected.json"}
    feeds = {p.relative_to(selection / "feedparser").as_posix():
             outcomes(list(feed_reads(p.read_bytes(), "application/xml",
                                      f"http://example.org/{p.relative_to(selection / 'feedparser').as_posix()}", timeout=5)))
             for p in sorted((selection / "feedparser").rglob("*.xml"))}
    for folder, found in (("jsontestsuite", cases), ("feedparser", feeds)):
        (selection / folder / "expected.json").write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n",
                                                          encoding="utf-8")
    print(f"{len(cases)} JSON cases and {len(feeds)} feeds written")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jsontestsuite", type=Path)
    parser.add_argument("--feedparser", type=Path)
    parser.add_argument("--trafilatura", type=Path)
    parser.add_argument("--write-expected", type=Path, metavar="SELECTION",
                        help="rewrite the expected outcomes of tests/data/third_party, then stop")
    args = parser.parse_args()
    # Feeds' and pages' links must not leave the machine: every proxy is a closed local port.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        os.environ[name] = "http://127.0.0.1:9"
    os.environ.pop("no_proxy", None)
    os.environ.pop("NO_PROXY", None)
    if args.write_expected:
        write_expected(args.write_expected)
        return 0
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tallies = []
    with tempfile.TemporaryDirectory(prefix="newsbot-third-party-") as tmp:
        work = Path(tmp)
        if args.jsontestsuite:
            tallies.append(json_suite(args.jsontestsuite, work))
        if args.feedparser:
            tallies.append(feed_suite(args.feedparser))
        if args.trafilatura:
            tallies.append(page_suite(args.trafilatura))
        for tally in tallies:
            index_all(tally, work)
            report(tally)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if any(t.tracebacks or t.lost for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
