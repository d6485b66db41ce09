"""Inputs nobody here wrote, each with its expected outcome (tests/data/third_party/README.md says
where each comes from and under which licence; bench/third_party_inputs.py runs the whole suites):

- JSON parsing test suite cases: each file read alone gives exactly its recorded outcome (valid
  JSON is never called invalid); each single-line case as a JSON Lines record between two good
  records costs neither of them, through `newsbot ingest` into a real index;
- feedparser's test feeds: each gives its recorded items and reasons, read as `newsbot ingest
  FEED_URL` reads a feed; served from a local site, all of them go through `newsbot ingest`
  without a traceback; their links go nowhere (every proxy is a closed local port);
- trafilatura's real pages, served locally: indexed with their title, their declared canonical
  URL, the text trafilatura's annotators expect and without what they exclude.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.sources.articles import Read
from index.sources.feeds import feed_reads
from index.sources.readers import read_path
from tests.conftest import ROOT, newsbot
from tests.fake_site import FakeSite, Page

DATA = ROOT / "tests" / "data" / "third_party"
JSON_CASES = json.loads((DATA / "jsontestsuite" / "expected.json").read_text(encoding="utf-8"))
FEEDS = json.loads((DATA / "feedparser" / "expected.json").read_text(encoding="utf-8"))
PAGES = json.loads((DATA / "trafilatura" / "expected.json").read_text(encoding="utf-8"))
CLOSED_PORT = "http://127.0.0.1:9"  # nothing listens: a link followed through it fails at once


def outcomes(reads: list[Read]) -> list[str]:
    return [("read: " + r.article.title) if r.article is not None else ("refused: " + (r.error or "")) for r in reads]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links to the internet go to a closed local port; the local site is reached directly."""
    for name in ("http_proxy", "https_proxy"):
        monkeypatch.setenv(name, CLOSED_PORT)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def site() -> Iterator[FakeSite]:
    fake = FakeSite()
    yield fake
    fake.close()


# ---------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("case", sorted(JSON_CASES))
def test_json_test_suite_case_read_alone(case: str) -> None:
    got = outcomes(list(read_path(DATA / "jsontestsuite" / case)))
    assert got == JSON_CASES[case]
    if case.startswith("y_"):  # valid JSON: refused for what it holds, never as invalid
        assert not any("not valid JSON" in outcome for outcome in got)


def test_json_test_suite_cases_never_cost_the_good_records_around_them(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    good = set()
    for case in sorted(JSON_CASES):
        data = (DATA / "jsontestsuite" / case).read_bytes().rstrip(b"\n")
        if b"\n" in data or b"\r" in data:
            continue
        before, after = f"Avant {case}", f"Après {case}"
        good |= {before, after}
        (folder / f"{case}l").write_bytes(
            json.dumps({"title": before, "text": f"Un article correct, avant le cas {case}."}).encode() + b"\n" + data
            + b"\n" + json.dumps({"title": after, "text": f"Un article correct, après le cas {case}."}).encode() + b"\n")
    result = newsbot("--db", str(tmp_path / "n.db"), "ingest", "--no-quotes", str(folder), cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    assert len(good) > 100
    with sqlite3.connect(tmp_path / "n.db") as conn:
        stored = {row[0] for row in conn.execute("SELECT title FROM articles")}
    assert good <= stored, sorted(good - stored)[:5]
    assert f"{len(stored)} added" in result.stdout


# ---------------------------------------------------------------------------- feeds


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_feedparser_test_feed(feed: str, offline: None) -> None:
    body = (DATA / "feedparser" / feed).read_bytes()
    assert outcomes(list(feed_reads(body, "application/xml", f"http://example.org/{feed}", timeout=5))) == FEEDS[feed]


def test_feedparser_test_feeds_through_newsbot_ingest(site: FakeSite, offline: None, tmp_path: Path) -> None:
    urls = []
    for number, feed in enumerate(sorted(FEEDS)):
        site.pages[f"/{number}.xml"] = Page((DATA / "feedparser" / feed).read_bytes(), content_type="application/xml")
        urls.append(f"{site.url}/{number}.xml")
    result = newsbot("--db", str(tmp_path / "n.db"), "ingest", "--no-quotes", *urls, cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    read = sum(outcome.startswith("read: ") for outcomes_ in FEEDS.values() for outcome in outcomes_)
    refused = sum(outcome.startswith("refused: ") for outcomes_ in FEEDS.values() for outcome in outcomes_)
    assert result.exit_code == 1 and f"{refused} failed" in result.stdout, result.stdout
    assert read > 0 and f"({read} articles" in result.stdout


# ---------------------------------------------------------------------------- pages


def test_real_pages_keep_their_text(site: FakeSite, offline: None, tmp_path: Path) -> None:
    for name in PAGES:
        site.pages[f"/{name}"] = Page((DATA / "trafilatura" / name).read_bytes())
    result = newsbot("--db", str(tmp_path / "n.db"), "ingest", "--no-quotes", *(f"{site.url}/{n}" for n in PAGES),
                     cwd=tmp_path)
    assert result.exit_code == 0 and f"{len(PAGES)} added" in result.stdout, result.stderr
    with sqlite3.connect(tmp_path / "n.db") as conn:
        rows = {url: (title, text) for url, title, text in conn.execute("SELECT url, title, text FROM articles")}
    for name, expected in PAGES.items():
        title, text = rows[expected["url"]]  # the page's declared canonical URL, not the local address
        assert title == expected["title"]
        flat = " ".join(text.split())
        for snippet in expected["with"]:
            assert " ".join(snippet.split()) in flat, (name, snippet)
        for snippet in expected["without"]:
            assert " ".join(snippet.split()) not in flat, (name, snippet)
