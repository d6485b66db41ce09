"""Hostile input never crashes newsbot, never hangs it, and never makes it use unbounded memory.

- Questions: property tests (hypothesis) of `parse_question`, `analyze` and `Index.ask` over any
  Unicode, FTS5 syntax, NUL bytes, bidi marks, lone surrogates; 100,000-character pathological
  questions are answered, under a hang guard (that they cost what 100,000 characters of ordinary
  French cost is measured by bench/hostile_questions.py: timings are not asserted here).
- Files: a folder of hostile files (nested HTML, entity bombs, nested JSON, a 1 GB sparse file,
  gzip bombs, a YAML alias bomb, symlink loops, links to devices, a FIFO, a file name with a
  newline) goes through `newsbot ingest` in a child process: each file is refused with a reason
  or read, the batch ends, and the child's peak RSS stays under a generous cap.
- Feeds: XML entity expansion (billion laughs) is not expanded; a feed over the size cap is refused.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.hostile_questions import PATHOLOGICAL
from index.sources.ingest import ingest
from index import open_index
from index.text.analyze import analyze, analyze_spans
from index.text.question import parse_question
from index.sources.readers import read_path
from index.archive import Index
from tests.conftest import newsbot

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NEWSBOT = Path(sys.executable).with_name("newsbot")


def is_term(term: str) -> bool:
    """Analyzed terms are letters and digits only (ASCII ones [a-z0-9], stemmed; other scripts kept),
    so `match_expression` can double-quote them: no question becomes FTS5 syntax."""
    return term.isalnum() and (not term.isascii() or re.fullmatch(r"[a-z0-9]+", term) is not None)

MEMORY_CAP_KB = 1024 * 1024  # 1 GB: generous; a hostile file must not get near it (see docs/reliability.md)

# Pieces questions are made of: FTS5 syntax, quoting, question words, invisible and odd characters.
FRAGMENTS = [
    "AND", "OR", "NOT", "NEAR(", "NEAR/2", ")", "(", '"', "'", "*", "^", ":", "body:", "context:",
    "{context body}:", "-", "+", "«", "»", "“", "”", "qui a dit que", "who said", "selon qui", "d’après qui",
    "l’", "aujourd'hui", "a-t-il", "200 000", "1er", "8,5", "\x00", "\u202e", "\u202d", "\u200f", "\u200e",
    "\u200b", "\u2066", "\ufeff", "\ud800", "\udfff", "\u0301", "ﬁ", "½", "😀", "👩‍👩‍👧", "\n", "\t", " ",
    "Kremlin", "Bélarus", "otage", "nucléaire", "Iskander", "<!channel>", "<@U123>", "%", "_", "\\", ";",
    "SELECT * FROM articles; --", "') OR 1=1 --",
]
questions = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
    st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=200),
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    index = open_index(tmp_path_factory.mktemp("hostile") / "seeded.db")
    assert ingest(index, [str(SEEDS)]).added == 2
    yield index
    index.close()


def within(seconds: float, function: Any, *args: Any) -> Any:
    """`function(*args)`, in a thread; fails if it is still running after `seconds`. A guard
    against a hang (quadratic work on 100,000 characters takes minutes), not a measure: these calls
    take milliseconds (bench/hostile_questions.py times them)."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, function(*args)))
        except BaseException as exc:  # noqa: BLE001 — raised again in the test's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        raise AssertionError(f"{getattr(function, '__qualname__', function)} still running after {seconds} s: a hang")
    [(ok, value)] = outcome
    if not ok:
        raise value
    return value


# ---------------------------------------------------------------------------- questions


@given(questions)
@settings(max_examples=300, deadline=None)
@example("\x00" * 10_000)
@example('"' * 999 + "NEAR(" * 500)
def test_parse_question_and_analyze_never_fail(question: str) -> None:
    query = parse_question(question)
    assert query.intent in ("who_said", "search")
    assert all(is_term(term) for term in query.terms)  # never FTS5 syntax
    assert all(is_term(term) for phrase in query.phrases for term in phrase)
    for term in analyze_spans(question):
        assert 0 <= term.start < term.end <= len(question)
        assert is_term(term.term)
    assert analyze(question) == [t.term for t in analyze_spans(question)]


@given(questions)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example("Kremlin AND NOT otage* OR NEAR(Bélarus nucléaire)")
@example("qui a dit que « le Kremlin » ?")
def test_ask_never_fails(seeded: Index, question: str) -> None:
    answer = seeded.ask(question, k=3)
    assert answer.question == question
    assert answer.notice in (None, "empty_question", "only_common_words", "no_match", "no_quote")
    assert len(answer.hits) <= 3 and (answer.hits or answer.notice)
    for hit in answer.hits:
        assert all(0 <= start < end <= len(hit.passage) for start, end in hit.highlights)


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_100k_pathological_questions_are_answered(seeded: Index, name: str) -> None:
    question = PATHOLOGICAL[name]
    query = within(20, parse_question, question)
    assert all(is_term(term) for term in query.terms)
    answer = within(20, seeded.ask, question, 3)
    assert answer.question == question and len(answer.hits) <= 3
    assert answer.notice in (None, "empty_question", "only_common_words", "no_match", "no_quote")


def test_more_distinct_terms_than_sqlite_variables(seeded: Index) -> None:
    """A pasted megabyte can hold more distinct terms than SQLite allows variables in one query."""
    import sqlite3

    seeded.db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # SQLite's historic default
    try:
        answer = seeded.ask(" ".join(f"mot{n}" for n in range(3_000)) + " Kremlin")
    finally:
        seeded.db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 250_000)
    assert answer.hits and answer.terms == ["kremlin"]


# ---------------------------------------------------------------------------- hostile files

BOMB_MEMBER = gzip.compress(b" " * (1 << 20), 9)  # 1 MB of spaces in ~1 KB; members concatenate


def gzip_bomb(path: Path, megabytes: int, prefix: bytes = b"") -> None:
    with open(path, "wb") as handle:
        if prefix:
            handle.write(gzip.compress(prefix))
        for _ in range(megabytes):
            handle.write(BOMB_MEMBER)


def make_hostile_folder(folder: Path) -> dict[str, str | None]:
    """Write the hostile files; return file name → expected refusal reason (None: read safely)."""
    folder.mkdir()
    expected: dict[str, str | None] = {}

    def put(name: str, content: str | bytes, reason: str | None) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        expected[name] = reason

    # HTML: 100,000 nested tags; an internal-DTD entity bomb; a million entity references
    put("nested.html", "<html><body>" + "<div>" * 100_000 + "texte profond " * 10 + "</div>" * 100_000 +
        "</body></html>", "no article text")
    laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    put("laughs.html", f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html><body><article><h1>Rire</h1>'
        "<p>&l9; " + "Un paragraphe ordinaire sur le rire. " * 20 + "</p></article></body></html>", None)
    put("entities.html", "<html><body><article><h1>Entités</h1><p>" + "&eacute;&#233;&#x1F600;&amp; " * 50_000 +
        "</p></article></body></html>", None)
    # JSON nested 100,000 deep, as a document and as one line of JSON Lines (the next line is good)
    put("nested.json", "[" * 100_000 + "]" * 100_000, "nested too deeply")
    put("nested.jsonl", '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n" +
        json.dumps({"title": "Bon", "text": "Une ligne correcte après la bombe."}) + "\n", "nested too deeply")
    # A JSON Lines record whose text is over the article limit
    put("huge_record.jsonl", json.dumps({"title": "Énorme", "text": "mot " * 1_500_000}) + "\n", "over the 5 MB limit")
    # 1 GB sparse files (no disk used): refused by size, or as binary, without being read
    for name, reason in (("sparse.txt", "over the 5 MB limit"), ("sparse.html", "over the 5 MB limit"),
                         ("sparse.json", "binary"), ("sparse.jsonl", "binary")):
        with open(folder / name, "wb") as handle:
            handle.truncate(1 << 30)
        expected[name] = reason
    # gzip bombs: ~1 MB files holding 100 MB to 600 MB of spaces
    gzip_bomb(folder / "bomb.txt.gz", 100)
    expected["bomb.txt.gz"] = "more than 5 MB"
    gzip_bomb(folder / "bomb.json.gz", 600, prefix=b"[")
    expected["bomb.json.gz"] = "ends before the array is closed"  # read as a stream: 600 MB of spaces, never held
    gzip_bomb(folder / "bomb.jsonl.gz", 100, prefix=b'{"title": "x", "text": "')
    expected["bomb.jsonl.gz"] = "too long for one article"
    # YAML alias bomb in front matter: a billion "lol" if anything expanded it
    aliases = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    put("aliases.md", f"---\ntitle: Bombe\nl0: &l0 [lol, lol]\n{aliases}published: *l9\n---\n\nDu texte.\n",
        "ISO 8601")
    # Text that is hard for the analyzer and the quote finder, within the size limit
    put("guillemets.txt", "Guillemets\n" + "« " * 200_000 + "\n", None)
    put("hyphens.txt", "Tirets\n" + "a-" * 300_000 + "\n", None)
    put("speech.txt", "Paroles\n" + "« Oui », a-t-il dit. Il a dit que non. " * 300 + "\n", None)
    put("binary.txt", bytes(range(256)) * 64, "binary")
    # Names and special files
    put("titre\npiégé.txt", "Un titre\nUn paragraphe ordinaire, dans un fichier au nom piégé.\n", None)
    os.mkfifo(folder / "fifo.txt")
    expected["fifo.txt"] = "not a regular file"
    os.mkfifo(folder / "fifo.jsonl")
    expected["fifo.jsonl"] = "not a regular file"
    (folder / "zero.txt").symlink_to("/dev/zero")
    expected["zero.txt"] = "not a regular file"
    (folder / "random.jsonl").symlink_to("/dev/urandom")
    expected["random.jsonl"] = "not a regular file"
    loops = folder / "loops"
    loops.mkdir()
    (loops / "up").symlink_to("..", target_is_directory=True)  # a folder loop: not followed
    (loops / "a.txt").symlink_to("b.txt")
    (loops / "b.txt").symlink_to("a.txt")
    expected["loops/a.txt"] = "symbolic links"
    expected["loops/b.txt"] = "symbolic links"
    (loops / "gone.md").symlink_to("nowhere.md")
    expected["loops/gone.md"] = "no such file"
    return expected


def run_measured(command: list[str], env: dict[str, str], timeout: float) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run `command` under a small Python parent that reports the peak RSS (KB) of the largest
    process it waited for: the ingester, or one of its analysis workers."""
    parent = ("import resource, subprocess, sys\n"
              "done = subprocess.run(sys.argv[1:])\n"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
              "sys.exit(done.returncode)\n")
    result = subprocess.run([sys.executable, "-c", parent, *command], check=False, env=env, capture_output=True,
                            text=True, timeout=timeout)
    *rest, peak = result.stderr.rstrip("\n").split("\n")
    result.stderr = "\n".join(rest)
    return result, int(peak)


def test_hostile_files_are_refused_or_read_in_bounded_memory(tmp_path: Path) -> None:
    """In a child process: its peak memory is the point (with the analysis workers', the spaCy
    model's), and FIFOs or /dev/urandom that hung a batch would hang a child, not pytest (the
    timeout fails the test)."""
    folder = tmp_path / "hostile"
    expected = make_hostile_folder(folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))}
    started = time.monotonic()
    result, peak_kb = run_measured([str(NEWSBOT), "--db", str(tmp_path / "h.db"), "ingest", str(folder)], env,
                                   timeout=300)
    elapsed = time.monotonic() - started
    print(f"hostile folder: {len(expected)} files in {elapsed:.1f} s, peak RSS {peak_kb / 1024:.0f} MB")
    assert result.returncode == 1, result.stderr  # some inputs failed, the batch went on
    assert "Traceback" not in result.stderr
    failures = {}
    for line in result.stderr.splitlines():
        match = re.match(rf"✗ {re.escape(str(folder))}/(.+?)(?::\d+)?: (.*)$", line)
        if match:
            failures.setdefault(match.group(1), match.group(2))
    shown = {name.replace("\n", "\\n"): reason for name, reason in expected.items()}
    for name, reason in shown.items():
        if reason is None:
            assert name not in failures, f"{name} should be read: {failures.get(name)}"
        else:
            assert name in failures and reason in failures[name], f"{name}: {failures.get(name)!r}"
    assert "\\n" in "".join(failures) or "titre\\npiégé.txt" not in failures  # names are printed escaped
    assert not [line for line in result.stderr.splitlines() if line.startswith("✗") and "\n" in line]
    read = [name for name, reason in shown.items() if reason is None]
    assert f"{len(read) + 1} added" in result.stdout  # + the good line after the nested JSON Lines bomb
    assert peak_kb < MEMORY_CAP_KB, f"peak RSS {peak_kb / 1024:.0f} MB"


def test_article_size_is_a_setting(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Titre\n" + "Un paragraphe. " * 200 + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"title": "T", "text": "Texte. " * 400}) + "\n", encoding="utf-8")
    result = newsbot("--db", str(tmp_path / "s.db"), "ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"),
                     cwd=tmp_path, env={"NEWSBOT_MAX_ARTICLE_BYTES": "1000"})
    assert result.exit_code == 1
    assert result.stderr.count("NEWSBOT_MAX_ARTICLE_BYTES") == 2, result.stderr
    assert "0 added" in result.stdout


def test_records_over_the_limit_are_refused_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([json.dumps({"title": "Gros", "text": "x " * 3_000}),
                               json.dumps({"title": "Petit", "text": "Un texte court."})]), encoding="utf-8")
    reads = list(read_path(path, max_article_bytes=1_000))
    assert [r.article.title for r in reads if r.article] == ["Petit"]
    assert "over the 0 MB limit" not in reads[0].error and "NEWSBOT_MAX_ARTICLE_BYTES" in reads[0].error


# ---------------------------------------------------------------------------- feeds


class FeedServer:
    """Serves given bytes at any path on 127.0.0.1."""

    def __init__(self, body: bytes, content_type: str = "application/rss+xml") -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client stopped at its size cap
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


BILLION_LAUGHS_RSS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">' for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>Rires &lol9;</title><item><title>Article &lol9;</title>'
    "<guid>x1</guid><description>&lol9;</description>"
    "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">&lt;p&gt;&lol9; "
    + "Un article ordinaire sur le rire, assez long pour être lu comme un texte complet. " * 5
    + "&lt;/p&gt;</content:encoded></item></channel></rss>"
).encode()


def test_billion_laughs_feed_is_not_expanded() -> None:
    from index.sources.feeds import feed_reads

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reads = within(30, lambda: list(feed_reads(BILLION_LAUGHS_RSS, "application/rss+xml", "http://127.0.0.1:9/feed.xml")))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024
    for read in reads:
        text = (read.article.title + read.article.text) if read.article else read.error or ""
        assert "lol" * 100 not in text


def test_billion_laughs_and_oversized_feeds_through_ingest() -> None:
    from index.sources.ingest import read_url

    server = FeedServer(BILLION_LAUGHS_RSS)
    try:
        for read in read_url(server.url):
            assert "lol" * 100 not in ((read.article.text if read.article else read.error) or "")
    finally:
        server.close()
    huge_item = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Gros</title><item><title>Énorme</title>'
                 "<description>" + "mot " * 3_000_000 + "</description></item></channel></rss>").encode()
    server = FeedServer(huge_item)
    try:
        [read] = read_url(server.url)
        assert read.article is None and "limit" in read.error
    finally:
        server.close()
