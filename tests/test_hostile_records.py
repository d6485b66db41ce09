"""One bad record never costs a good one; nothing hangs past the fetch deadline; memory stays
bounded whatever the file size (issue 12: what third-party inputs broke).

- records: a lone surrogate, a 5,000-digit integer, an impossible date in front matter, a syntax
  error in the middle of a JSON array, a truncated array: each is named with its reason, every
  good record of the same file and folder goes in, exit status 1, no traceback;
- indexing: an article that cannot be analysed or stored fails alone, its batch goes in;
- URLs: SPIP pages (`spip.php?article101`) keep their query, tracking parameters go, links with
  spaces are followed, links with control characters refused with the reason; a bad feed item
  never changes the feed's polling interval;
- downloads: a server sending one byte at a time is given up on at NEWSBOT_FETCH_TIMEOUT;
- streaming: a JSON array is read record by record (an endless one too), text in linear time;
- `[]` and an empty folder say so; HTML text is NFC; feed items have a size limit.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.archive import Index
from index.sources import feed_state, json_records
from index.sources.feeds import poll_feed
from index.sources.readers import read_json_records, read_path
from index.sources.urls import canonical_url, clean_link
from index.store.errors import ReadError
from index.store.models import Article
from tests.conftest import LogLines, newsbot
from tests.fake_site import OURS, POUTINE, VENDANGES, FakeSite, Item, Page, article_page, rss
from tests.test_hostile_input import within


@pytest.fixture
def site() -> Iterator[FakeSite]:
    fake = FakeSite()
    yield fake
    fake.close()


def record(title: str, text: str, **more: object) -> str:
    return json.dumps({"title": title, "text": text, **more}, ensure_ascii=False)


def titles(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM articles")}


def failures(stderr: str) -> dict[str, str]:
    """`✗ ORIGIN: reason` lines of `newsbot ingest`, by origin relative to its folder."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith("✗ "):
            origin, _, reason = line[2:].partition(": ")
            out[origin.rsplit("/", 1)[-1]] = reason
    return out


# ---------------------------------------------------------------------------- records and files


def test_one_bad_record_never_costs_a_good_one(tmp_path: Path) -> None:
    """The cases third-party files broke: each bad record named, every good one indexed."""
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "surrogate.jsonl").write_text("\n".join([
        record("Avant la surrogate", "Un premier article correct."),
        '{"title": "Surrogate", "text": "Un texte avec \\ud800 une demi-paire."}',
        record("Après la surrogate", "Un second article correct."),
    ]) + "\n", encoding="utf-8")
    (folder / "big_integer.jsonl").write_text("\n".join([
        record("Avant le grand nombre", "Un article avant le nombre géant."),
        '{"title": "Nombre inutile", "text": "Un champ inutile porte un nombre géant.", "views": ' + "9" * 5000 + "}",
        '{"title": "Nombre en id", "text": "Le nombre géant est l’identifiant.", "id": ' + "9" * 5000 + "}",
        record("Après le grand nombre", "Un article après le nombre géant."),
    ]) + "\n", encoding="utf-8")
    (folder / "array.json").write_text(
        "[" + record("Premier du tableau", "Le premier article du tableau.") + ",\n"
        '{"title": "Virgule de trop", "text": "Une virgule traîne.",},\n'
        + record("Troisième du tableau", "Le troisième article du tableau, après l’erreur.") + "]", encoding="utf-8")
    (folder / "truncated.json").write_text(
        "[" + record("Avant la coupure", "Le seul article entier de ce fichier coupé.") + ', {"title": "Coupé", "te',
        encoding="utf-8")
    (folder / "a_bad_date.md").write_text("---\ntitle: Date impossible\npublished: 2023-02-30\n---\n\nDu texte.\n",
                                          encoding="utf-8")
    (folder / "b_good.md").write_text("---\ntitle: Bonne date\npublished: 2023-02-28\nmodified: 2023-13-45\n---\n\n"
                                      "Un article ordinaire, lu dans le même dossier.\n", encoding="utf-8")
    result = newsbot("--db", str(tmp_path / "n.db"), "ingest", "--no-quotes", str(folder), cwd=tmp_path)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr + result.stdout
    failed = failures(result.stderr)
    assert set(failed) == {"big_integer.jsonl:3", "array.json:2", "truncated.json:2", "a_bad_date.md"}, failed
    assert "'id' must be a string" in failed["big_integer.jsonl:3"]
    assert "not valid JSON" in failed["array.json:2"] and "not valid JSON" in failed["truncated.json:2"]
    assert "'published' must be an ISO 8601 date" in failed["a_bad_date.md"] and "2023-02-30" in failed["a_bad_date.md"]
    good = {"Avant la surrogate", "Surrogate", "Après la surrogate", "Avant le grand nombre", "Nombre inutile",
            "Après le grand nombre", "Premier du tableau", "Troisième du tableau", "Avant la coupure", "Bonne date"}
    assert titles(tmp_path / "n.db") == good
    assert f"{len(good)} added" in result.stdout and "4 failed" in result.stdout
    with sqlite3.connect(tmp_path / "n.db") as conn:
        [text] = conn.execute("SELECT text FROM articles WHERE title = 'Surrogate'").fetchone()
    assert text == "Un texte avec \ufffd une demi-paire."  # as an undecodable byte would be


def test_empty_inputs_say_so(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_text("[]\n", encoding="utf-8")
    (tmp_path / "blank.jsonl").write_text("\n\n", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    result = newsbot("--db", str(tmp_path / "n.db"), "ingest", str(tmp_path / "empty.json"), str(tmp_path / "blank.jsonl"),
                     str(tmp_path / "nothing"), cwd=tmp_path)
    assert result.exit_code == 1
    failed = failures(result.stderr)
    assert "an empty JSON array" in failed["empty.json"]
    assert "no line holds a record" in failed["blank.jsonl"]
    assert "the folder holds no file" in failed["nothing"]


def test_a_failure_while_analysing_or_storing_is_that_articles_alone(fresh_db: Index) -> None:
    """Articles made by a program (the library's own entry point) can hold what no reader lets
    through: text SQLite cannot store (a lone surrogate), no title at all."""
    articles = [
        Article(title="Bon", text="Un article ordinaire.", id="a"),
        Article(title="Illisible", text="Une demi-paire \ud800 que SQLite ne peut écrire.", id="b"),
        Article(title=None, text="Un article sans titre.", id="c"),  # type: ignore[arg-type]
        Article(title="Bon aussi", text="Un autre article ordinaire.", id="d"),
    ]
    results = fresh_db.add_articles(articles)
    assert [r.status for r in results] == ["added", "failed", "failed", "added"]
    assert "could not be stored" in results[1].error and "UnicodeEncodeError" in results[1].error
    assert "could not be analysed" in results[2].error
    assert fresh_db.ask("article ordinaire").hits
    conn = fresh_db.db.conn
    assert [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")] == ["a", "d"]
    assert conn.execute("SELECT count(*) FROM passages WHERE article_id IN ('b', 'c')").fetchone()[0] == 0
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_json_array_is_read_record_by_record() -> None:
    """An endless array (a stream that never ends) still yields its records as they come: the
    array is never loaded whole (docs/reliability.md measures a 1 GB one)."""

    class Endless(io.TextIOBase):
        def __init__(self) -> None:
            self.sent = 0

        def read(self, size: int | None = -1) -> str:
            self.sent += 1
            return ("[" if self.sent == 1 else ",") + record(f"Article {self.sent}", "Un texte. " * 50)

    reads = read_json_records(Endless(), lines=False)
    first = [next(reads) for _ in range(2_000)]
    assert [n for n, _ in first] == list(range(1, 2_001))
    assert first[-1][1].title == "Article 2000"


@given(st.lists(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), lambda inner: st.lists(inner) |
                             st.dictionaries(st.text(), inner), max_leaves=8), max_size=6), st.booleans())
@settings(max_examples=150, deadline=None)
def test_the_scanner_finds_every_record(values: list[object], ascii_only: bool) -> None:
    """Whatever the values, read in slices of 7 characters (every boundary case), each element of
    the array comes back as its own text, which parses to the element."""
    text = json.dumps(values, ensure_ascii=ascii_only, indent=1 if ascii_only else None)
    previous, json_records.CHUNK_CHARS = json_records.CHUNK_CHARS, 7
    try:
        found = list(json_records.json_values(io.StringIO(text), 10**6))
    finally:
        json_records.CHUNK_CHARS = previous
    assert [json.loads(v) for _, v in found] == values  # type: ignore[arg-type]


def test_a_record_too_long_is_skipped_without_being_held() -> None:
    text = "[" + record("Énorme", "mot " * 20_000) + "," + record("Petit", "Un texte court.") + "]"
    reads = list(read_json_records(io.StringIO(text), lines=False, max_article_bytes=1_000))
    assert "too long for one article" in str(reads[0][1]) and "NEWSBOT_MAX_ARTICLE_BYTES" in str(reads[0][1])
    assert reads[1][1].title == "Petit"


def test_text_is_read_in_linear_time(tmp_path: Path) -> None:
    """100,000 short lines, half of them headings: the heading lookup used to be quadratic (a 60,000
    line file took 30–70 s). A hang guard only: bench/reading_speed.py times it."""
    path = tmp_path / "lignes.txt"
    path.write_text("\n".join(f"Rubrique {n}" if n % 2 else f"Un paragraphe numéro {n}." for n in range(100_000)),
                    encoding="utf-8")
    [read] = within(20, lambda: list(read_path(path)))
    assert read.article is not None and len(read.article.headings) == 49_999


# ---------------------------------------------------------------------------- URLs


def test_canonical_urls_keep_what_names_the_page() -> None:
    assert canonical_url("http://example.org/spip.php?article101") == "http://example.org/spip.php?article101"
    assert canonical_url("HTTP://Example.ORG:80/spip.php?article102&utm_source=rss&xtor=RSS-3#commentaires") == \
        "http://example.org/spip.php?article102"
    assert canonical_url("https://blog.example.org/?p=12&fbclid=IwAR0") == "https://blog.example.org/?p=12"
    assert canonical_url("https://example.org/article?id=5&at_medium=RSS&mtm_campaign=x") == \
        "https://example.org/article?id=5"
    assert clean_link(" https://example.org/un article.html\n") == "https://example.org/un%20article.html"
    assert clean_link("https://exemple.fr/été") == "https://exemple.fr/%C3%A9t%C3%A9"
    with pytest.raises(ReadError, match="control characters"):
        clean_link("https://example.org/a\x00b")


def spip_page(number: int, title: str, paragraphs: list[str]) -> str:
    """A SPIP article page: its canonical link is relative and its query has no value."""
    return article_page(title, paragraphs).replace(
        "<head>", f'<head><link rel="canonical" href="spip.php?article{number}">')


def test_spip_articles_are_two_pages(site: FakeSite, tmp_path: Path) -> None:
    site.pages["/spip.php?article101"] = Page(spip_page(101, "Les ours des Pyrénées", OURS))
    site.pages["/spip.php?article102"] = Page(spip_page(102, "Vendanges précoces", VENDANGES))
    site.pages["/spip.php?article101&utm_source=newsletter"] = Page(spip_page(101, "Les ours des Pyrénées", OURS))
    # SPIP's older address of the same article: its canonical link says which page it is
    site.pages["/article.php3?id_article=101"] = Page(spip_page(101, "Les ours des Pyrénées", OURS))
    db = str(tmp_path / "n.db")
    result = newsbot("--db", db, "ingest", f"{site.url}/spip.php?article101", f"{site.url}/spip.php?article102",
                     cwd=tmp_path)
    assert result.exit_code == 0 and "2 added" in result.stdout, result.stderr
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT id FROM articles")) == [
            f"{site.url}/spip.php?article101", f"{site.url}/spip.php?article102"]
    again = newsbot("--db", db, "ingest", f"{site.url}/spip.php?article101&utm_source=newsletter",
                    f"{site.url}/article.php3?id_article=101", cwd=tmp_path)
    assert "0 added" in again.stdout and "2 unchanged" in again.stdout  # the same page, tracked or under its old address


def test_links_with_spaces_are_followed(site: FakeSite, tmp_path: Path) -> None:
    site.pages["/un%20article.html"] = Page(article_page("Un article à espaces", POUTINE))
    result = newsbot("--db", str(tmp_path / "n.db"), "ingest", f"{site.url}/un article.html", cwd=tmp_path)
    assert result.exit_code == 0 and "1 added" in result.stdout, result.stderr


def test_a_bad_item_never_changes_the_polling_interval(site: FakeSite, fresh_db: Index) -> None:
    """A link with a space (once a traceback that made `newsbot watch` poll the feed every second),
    a link with a control character, an item too big: each is that item's problem."""
    site.pages["/ours%20et%20bergers"] = Page(article_page("Ours et bergers", OURS))
    site.pages["/rss"] = Page(rss("La Gazette", [
        Item("Ours et bergers", f"{site.url}/ours et bergers", summary="Court."),
        Item("Lien piégé", f"{site.url}/piège\x7f", summary="Court."),  # DEL: allowed in XML, not in a URL
        Item("Trop long", f"{site.url}/long", content="<p>" + "mot " * 3_000 + "</p>"),
        Item("Poutine", f"{site.url}/poutine", content="".join(f"<p>{p}</p>" for p in POUTINE)),
    ]), content_type="application/rss+xml")
    url = f"{site.url}/rss"
    report = poll_feed(fresh_db, url, interval=300, now=1_000.0, max_article_bytes=10_000)
    assert report.error is None and len(report.added) == 2
    reasons = dict(report.failed)
    assert "control characters" in reasons[f"{site.url}/piège\x7f"]
    assert "NEWSBOT_MAX_ARTICLE_BYTES" in reasons[f"{site.url}/long"]
    state = feed_state.load(fresh_db, url)
    assert state.next_check_at == 1_300.0 and state.failures == 0
    stored = {r[0] for r in fresh_db.db.conn.execute("SELECT url FROM articles")}
    assert stored == {f"{site.url}/ours%20et%20bergers", f"{site.url}/poutine"}


# ---------------------------------------------------------------------------- downloads


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_download_is_abandoned_at_its_deadline(site: FakeSite, tmp_path: Path, headers_too: bool) -> None:
    """A server sending one byte every 0.1 s (its page would take minutes): given up on at
    NEWSBOT_FETCH_TIMEOUT, with the reason. The seconds it takes are measured by
    bench/fetch_deadline.py; here only that it ends, under a hang guard."""
    site.pages["/goutte"] = Page(article_page("Goutte à goutte", POUTINE * 5), drip=0.1, drip_headers=headers_too)
    result = within(30, lambda: newsbot("--db", str(tmp_path / "n.db"), "ingest", f"{site.url}/goutte", cwd=tmp_path,
                                        env={"NEWSBOT_FETCH_TIMEOUT": "1"}))
    assert result.exit_code == 1
    assert "did not arrive within 1 s (NEWSBOT_FETCH_TIMEOUT)" in result.stderr


# ---------------------------------------------------------------------------- text


def test_html_text_is_nfc(site: FakeSite, tmp_path: Path) -> None:
    decomposed = "Le ministre de l’E\u0301ducation a pre\u0301sente\u0301 la re\u0301forme du bac, selon la de\u0301pe\u0302che."
    site.pages["/nfd"] = Page(article_page("Re\u0301forme du bac", [decomposed, *VENDANGES], site_name="Le Re\u0301publicain"))
    result = newsbot("--db", str(tmp_path / "n.db"), "ingest", f"{site.url}/nfd", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(tmp_path / "n.db") as conn:
        title, text, source = conn.execute("SELECT title, text, source FROM articles").fetchone()
    assert title == "Réforme du bac" and "l’Éducation a présenté la réforme" in text and source == "Le Républicain"
    assert "\u0301" not in text + title + source


def test_under_the_watcher_a_bad_item_keeps_the_feed_interval(site: FakeSite, tmp_path: Path, log_lines: LogLines) -> None:
    """`newsbot watch`'s feed loop: an item with a space in its link used to raise inside the poll,
    whose state was never saved, so the feed was polled every second with a traceback each time."""
    from bot.settings import Settings
    from bot.watch import Watcher
    from index import open_index

    site.pages["/ours%20et%20bergers"] = Page(article_page("Ours et bergers", OURS))
    site.pages["/rss"] = Page(rss("La Gazette", [
        Item("Ours et bergers", f"{site.url}/ours et bergers", summary="Court."),
        Item("Lien piégé", f"{site.url}/piège\x7f", summary="Court."),
    ]), content_type="application/rss+xml")
    url = f"{site.url}/rss"
    settings = Settings(db=str(tmp_path / "w.db"), feeds=(url,), feed_interval=300, fetch_timeout=5)
    index = open_index(settings.db)
    watcher = Watcher(settings, index, None).start()
    try:
        log_lines.wait("new or changed article(s)")  # logged once the poll is over and its state saved
    finally:
        watcher.stop()
    state = feed_state.load(index, url)
    assert state.failures == 0 and state.next_check_at - state.checked_at == 300
    assert len(site.hits("/rss")) == 1
    assert any("control characters" in line for line in log_lines.lines)
    assert [r[0] for r in index.db.execute("SELECT url FROM articles")] == [f"{site.url}/ours%20et%20bergers"]
