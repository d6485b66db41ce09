"""RSS and Atom feeds: items become articles, polls are conditional, bad feeds and items are reported."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.sources import feed_state
from index.store.errors import ReadError
from index.sources.feeds import html_blocks, looks_like_feed, poll_feed, read_feed
from index.sources.ingest import ingest
from index.archive import Index
from tests.fake_site import NBSP, OURS, POUTINE, VENDANGES, FakeSite, Item, Page, article_page, atom, rss


@pytest.fixture
def site() -> Iterator[FakeSite]:
    fake = FakeSite()
    yield fake
    fake.close()


def html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def test_rss_items_take_their_text_from_content_encoded(site: FakeSite) -> None:
    site.pages["/rss"] = Page(rss("La Dépêche", [
        Item("Poutine déploie des armes au Bélarus", f"{site.url}/poutine", content=html(POUTINE), author="AFP"),
        Item("Ours : 10 millions d’euros", f"{site.url}/ours", content="<h2>Dans l’Ariège</h2>" + html(OURS)),
    ]), content_type="application/rss+xml")
    result = read_feed(f"{site.url}/rss")
    assert result.status == 200 and result.title == "La Dépêche" and result.etag
    first, second = result.articles
    assert first.title == "Poutine déploie des armes au Bélarus" and first.url == f"{site.url}/poutine"
    assert first.source == "La Dépêche" and first.author == "AFP" and first.published.startswith("2023-03-26T18:00")
    assert first.text.split("\n\n") == POUTINE  # paragraphs kept, NBSP and ’ verbatim
    assert NBSP in first.text and "’" in first.text
    assert second.headings == ["Dans l’Ariège"]
    assert not site.hits("/poutine")  # full text in the feed: no page fetched


def test_atom_entries_without_content_are_read_from_their_page(site: FakeSite) -> None:
    site.pages["/atom"] = Page(atom("Le Courrier", [
        Item("Vendanges précoces en Champagne", f"{site.url}/vendanges", summary="Trois semaines d’avance."),
    ]), content_type="application/atom+xml")
    site.pages["/vendanges"] = Page(article_page("Vendanges précoces en Champagne", VENDANGES))
    (article,) = read_feed(f"{site.url}/atom").articles
    assert "trois semaines d’avance en Champagne" in article.text
    assert article.url == f"{site.url}/vendanges" and article.source == "Le Courrier"
    assert len(site.hits("/vendanges")) == 1


def test_a_second_poll_is_conditional_and_skips_seen_items(site: FakeSite, fresh_db: Index) -> None:
    site.pages["/rss"] = Page(rss("La Dépêche", [Item("Ours", f"{site.url}/ours", content=html(OURS))]),
                              content_type="application/rss+xml")
    url = f"{site.url}/rss"
    first = poll_feed(fresh_db, url, interval=60, now=1000.0)
    assert first.status == 200 and len(first.added) == 1
    state = feed_state.load(fresh_db, url)
    assert state.etag and state.next_check_at == 1060.0 and state.title == "La Dépêche"
    second = poll_feed(fresh_db, url, interval=60, now=1100.0)
    assert second.status == 304 and not second.added
    assert site.hits("/rss")[-1].headers.get("If-None-Match") == state.etag
    # The feed gains an item: only that one is new; the old one is skipped, not re-read.
    site.pages["/rss"] = Page(rss("La Dépêche", [
        Item("Vendanges", f"{site.url}/vendanges", content=html(VENDANGES)),
        Item("Ours", f"{site.url}/ours", content=html(OURS)),
    ]), content_type="application/rss+xml")
    third = poll_feed(fresh_db, url, interval=60, now=1200.0)
    assert third.added == [f"{site.url}/vendanges"] and third.unchanged == 0


@pytest.mark.parametrize("page, reason", [
    (Page("nope", status=404), "404"),
    (Page("boom", status=500), "500"),
    (Page(article_page("Une page", VENDANGES)), "not an RSS or Atom feed"),
    (Page(b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"), "not an RSS or Atom feed"),
])
def test_bad_feeds_are_reported_and_backed_off(site: FakeSite, fresh_db: Index, page: Page, reason: str) -> None:
    site.pages["/feed"] = page
    url = f"{site.url}/feed"
    report = poll_feed(fresh_db, url, interval=60, now=1000.0)
    assert report.status is None and reason in (report.error or "")
    state = feed_state.load(fresh_db, url)
    assert state.failures == 1 and reason in state.last_error and state.next_check_at == 1000.0 + 120
    poll_feed(fresh_db, url, interval=60, now=1200.0)
    assert feed_state.load(fresh_db, url).next_check_at == 1200.0 + 240  # doubled


def test_a_feed_that_hangs_times_out(site: FakeSite, fresh_db: Index) -> None:
    site.pages["/slow"] = Page(rss("Lent", []), delay=1.5)
    report = poll_feed(fresh_db, f"{site.url}/slow", timeout=0.3)
    assert "did not arrive within 0.3 s (NEWSBOT_FETCH_TIMEOUT)" in report.error


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "pas une url", "file:///etc/passwd"])
def test_only_http_feeds(url: str) -> None:
    with pytest.raises(ReadError, match="only http"):
        read_feed(url)


def test_bad_items_are_reported_retried_and_never_block_the_others(site: FakeSite, fresh_db: Index) -> None:
    site.pages["/rss"] = Page(rss("La Dépêche", [
        Item("Sans texte", "", guid="urn:vide"),  # no content, no link
        Item("Page cassée", f"{site.url}/cassee", summary="Résumé."),  # page 500
        Item("Ours", f"{site.url}/ours", content=html(OURS)),
    ]), content_type="application/rss+xml")
    site.pages["/cassee"] = Page("boom", status=500)
    url = f"{site.url}/rss"
    report = poll_feed(fresh_db, url, interval=60, now=1000.0)
    assert report.added == [f"{site.url}/ours"]
    reasons = dict(report.failed)
    assert "the item has no text" in reasons[f"{url}#1"]  # no link: named by its place in the feed
    assert "500" in reasons[f"{site.url}/cassee"]
    assert feed_state.load(fresh_db, url).etag is None  # so the next poll reads the whole feed again
    site.pages["/cassee"] = Page(article_page("Page réparée", VENDANGES))
    again = poll_feed(fresh_db, url, interval=60, now=1100.0)
    assert again.added == [f"{site.url}/cassee"] and len(site.hits("/ours")) == 0


def test_an_item_is_given_up_after_repeated_failures(site: FakeSite, fresh_db: Index) -> None:
    site.pages["/rss"] = Page(rss("X", [Item("Page cassée", f"{site.url}/cassee")]), content_type="application/rss+xml")
    url = f"{site.url}/rss"
    for attempt in range(5):
        poll_feed(fresh_db, url, interval=1, now=1000.0 + attempt)
    assert len(site.hits("/cassee")) == 5
    poll_feed(fresh_db, url, interval=1, now=2000.0)
    assert len(site.hits("/cassee")) == 5  # not fetched again
    assert feed_state.load(fresh_db, url).etag  # and the feed is conditional again


def test_newsbot_ingest_reads_a_feed_url(site: FakeSite, fresh_db: Index) -> None:
    site.pages["/feed.xml"] = Page(rss("La Dépêche", [
        Item("Ours", f"{site.url}/ours", content=html(OURS)),
        Item("Vendanges", f"{site.url}/vendanges", content=html(VENDANGES)),
    ]), content_type="text/xml")  # a generic type: detected by sniffing <rss
    report = ingest(fresh_db, [f"{site.url}/feed.xml"])
    assert report.added == 2 and report.ok
    again = ingest(fresh_db, [f"{site.url}/feed.xml"])
    assert again.unchanged == 2 and again.added == 0


def test_feed_detection() -> None:
    assert looks_like_feed(b"", "application/rss+xml; charset=utf-8")
    assert looks_like_feed(b'<?xml version="1.0"?>\n<rss version="2.0">', "text/xml")
    assert looks_like_feed(b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">', "")
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>Le <feed> du jour</body></html>", "text/html")


def test_content_html_blocks() -> None:
    blocks = html_blocks("<h2>Réaction</h2><p>Un <b>premier</b> paragraphe.</p><script>x()</script>"
                         "<blockquote><p>« Citation »</p></blockquote><ul><li>Point un</li></ul>")
    assert blocks == [("Réaction", True), ("Un premier paragraphe.", False), ("« Citation »", False),
                      ("Point un", False)]
    assert html_blocks("Ligne un<br>Ligne deux") == [("Ligne un", False), ("Ligne deux", False)]
