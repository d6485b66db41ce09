"""RSS and Atom feeds: each item becomes an Article; a feed is polled with conditional GETs.

- `read_feed(url, etag, modified, seen, timeout, max_article_bytes)` fetches a feed (sending If-None-Match /
  If-Modified-Since: a 304 costs nothing), parses it with feedparser from the fetched bytes
  (feedparser never fetches by itself: the timeout, size cap and http(s)-only rule of
  `index.sources.web` apply), and reads each new item: its full text from `content:encoded` (or Atom
  `content`), else from the linked page, fetched and extracted with `index.sources.html.read_html`.
- `poll_feed(index, url)` does that with the state remembered in the database (ETag,
  Last-Modified, items already indexed, failures with backoff) and indexes the new items.
- `feed_reads(body, …)` serves `newsbot ingest FEED_URL` (`index.sources.ingest.read_url` detects feeds).

A bad item (no text, a page that cannot be fetched) is reported with its reason and retried at
the next polls, up to MAX_ENTRY_ATTEMPTS; it never keeps the other items out.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from index.archive import Index
from index.sources import feed_state
from index.store.errors import ReadError
from index.store.models import Article
from index.sources.articles import (
    DEFAULT_MAX_ARTICLE_BYTES,
    LIMIT_SETTING,
    Read,
    clean_text,
    compose,
    size_text,
)
from index.sources.feed_state import DEFAULT_POLL_INTERVAL_SECONDS
from index.sources.urls import canonical_url, clean_link
from index.sources.web import DEFAULT_TIMEOUT_SECONDS, fetch


log = logging.getLogger("newsbot.feeds")

MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_ENTRY_ATTEMPTS = 5  # then the item is given up on (logged), so a broken item is not refetched forever
MIN_CONTENT_WORDS = 25  # a shorter `content` is a teaser: the linked page is read instead, if it can be
FEED_CONTENT_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                      "application/x-rss+xml", "application/feed+xml")
_FEED_ROOT_RE = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.I)
_HTML_ROOT_RE = re.compile(rb"<(?:!doctype html|html)[\s>]", re.I)
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dd", "dt"}
_HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")  # not str.split(): no-break spaces are kept, as written


def _squash(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()

PageReader = Callable[[str], Article]


@dataclass
class FeedEntry:
    """One item of a feed: its stable key, a fingerprint that changes with it, and its reading."""

    key: str
    fingerprint: str
    read: Read


@dataclass
class FeedResult:
    """A fetched feed: 200 with its new entries, or 304 (not modified) with none."""

    url: str
    status: int
    title: str | None = None
    etag: str | None = None
    modified: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    skipped: int = 0  # items already read at an earlier poll

    @property
    def articles(self) -> list[Article]:
        return [e.read.article for e in self.entries if e.read.article is not None]


# ---------------------------------------------------------------------------- detection, fetching


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """True for an RSS or Atom document: by its content type, or by its root element."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in FEED_CONTENT_TYPES:
        return True
    head = body[:4096]
    feed = _FEED_ROOT_RE.search(head)
    html = _HTML_ROOT_RE.search(head)
    return bool(feed) and (html is None or feed.start() < html.start())


def conditional_get(url: str, etag: str | None, modified: str | None, timeout: float,
                    max_bytes: int = MAX_FEED_BYTES) -> tuple[int, bytes, dict[str, str], str]:
    """(status, body, headers, final URL) of a GET with If-None-Match / If-Modified-Since.

    Status 304 (body empty) when the feed has not changed; ReadError with a reason otherwise.
    """
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return fetch(url, max_bytes, timeout, headers=headers, what="feed")


def read_page(url: str, timeout: float, max_article_bytes: int) -> Article:
    """The article of a linked page (main text extracted), or ReadError (a page over
    `max_article_bytes` is refused, as a file would be)."""
    _status, body, _headers, final_url = fetch(url, max_article_bytes, timeout, what="linked page",
                                               limit_setting=LIMIT_SETTING)
    from index.sources.html import page_article  # trafilatura is slow to import

    return page_article(body, final_url, what="the linked page")[0]


# ---------------------------------------------------------------------------- items to articles


def html_blocks(fragment: str) -> list[tuple[str, bool]]:
    """(text, is_heading) paragraphs of an HTML fragment (an item's content:encoded)."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return [(p, False) for p in re.split(r"\n\s*\n", fragment) if p.strip()]
    for element in root.xpath("//script|//style|//iframe|//noscript"):
        element.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[tuple[str, bool]] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCK_TAGS:
            continue
        if any(isinstance(a.tag, str) and a.tag in _BLOCK_TAGS for a in element.iterancestors()):
            continue  # its outermost block ancestor holds its text
        text = _squash(element.text_content())
        if text:
            blocks.append((text, element.tag in _HEADING_TAGS))
    if not blocks:  # text without paragraph markup: lines (or <br>s) are paragraphs
        blocks = [(_squash(line), False) for line in root.text_content().split("\n") if line.strip()]
    return blocks


def _iso(parsed: Any) -> str | None:
    """An entry's date (a UTC struct_time from feedparser) as ISO 8601."""
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).isoformat()


def _plain(text: str | None) -> str:
    text = clean_text(text or "")
    if "<" in text:
        try:
            text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
        except (etree.ParserError, ValueError):
            pass
    return _squash(text)


def entry_key(entry: Mapping[str, Any]) -> str:
    """What identifies an item across polls: its guid/id, else its link, else its title."""
    key = entry.get("id") or entry.get("link")
    if key:
        return str(key)
    return "title:" + hashlib.sha1(_plain(entry.get("title")).encode()).hexdigest()[:16]


def entry_fingerprint(entry: Mapping[str, Any]) -> str:
    """Changes when the item changes (title, link, date, content)."""
    contents = [c.get("value", "") for c in entry.get("content") or []]
    parts = [entry.get("title") or "", entry.get("link") or "", entry.get("published") or entry.get("updated") or "",
             *contents, entry.get("summary") or ""]
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def _content_blocks(entry: Mapping[str, Any]) -> list[tuple[str, bool]]:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if not value.strip():
            continue
        if "html" in (content.get("type") or "text/html"):
            return html_blocks(value)
        return [(p.strip(), False) for p in re.split(r"\n\s*\n", clean_text(value)) if p.strip()]
    return []


def entry_article(entry: Mapping[str, Any], feed_title: str | None, read_page: PageReader) -> Article:
    """The Article of one item: its content:encoded, else its linked page; ReadError if neither.

    Metadata comes from the item (title, link, date, author) and the feed (its title is the
    outlet); a page's own metadata fills what the item does not say.
    """
    title = _plain(entry.get("title")) or None
    link, url, link_error = entry.get("link") or None, None, None
    if link:  # as a browser would follow it (spaces encoded), and the page's canonical URL
        try:
            link, url = clean_link(str(link)), canonical_url(str(link))
        except ReadError as exc:
            link, link_error = None, str(exc)
    meta = {"url": url, "source": feed_title, "published": _iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            "author": _plain(entry.get("author")) or None}
    blocks = _content_blocks(entry)
    if link_error and not blocks:
        raise ReadError(f"the item has no text in the feed and its link cannot be followed: {link_error}")
    words = sum(len(text.split()) for text, _ in blocks)
    if link and words < MIN_CONTENT_WORDS:  # no full text in the feed: read the page
        try:
            page = read_page(link)
        except ReadError as exc:
            if not blocks:
                raise ReadError(f"the item has no text in the feed and its page could not be read: {exc}") from None
        else:
            page.title = title or page.title
            page.url = url
            page.source = feed_title or page.source
            page.published = meta["published"] or page.published
            page.author = meta["author"] or page.author
            return page
    if not blocks:
        raise ReadError("the item has no text (no content, no link to a page)")
    return compose(title, blocks, **meta)


# ---------------------------------------------------------------------------- feeds


def parse_feed(body: bytes, content_type: str, url: str) -> Any:
    """feedparser's result for fetched bytes; ReadError when they are not an RSS or Atom feed."""
    parsed = feedparser.parse(body, response_headers={"content-type": content_type or "application/xml",
                                                      "content-location": url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ReadError("not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    return parsed


def read_entries(parsed: Any, url: str, seen: Mapping[str, str] | None, read_page: PageReader,
                 max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> tuple[list[FeedEntry], int]:
    """(new or changed entries read, number skipped because `seen` has them unchanged).

    `read_page(link)` reads an item's linked page when the feed does not carry its text. Each
    item is read on its own: one that fails, or whose text is over `max_article_bytes`
    (NEWSBOT_MAX_ARTICLE_BYTES), is an entry with its reason; the others are read.
    """
    feed_title = _plain(parsed.feed.get("title")) or None
    entries, skipped = [], 0
    for number, entry in enumerate(parsed.entries, start=1):
        key, fingerprint = entry_key(entry), entry_fingerprint(entry)
        if seen is not None and seen.get(key) == fingerprint:
            skipped += 1
            continue
        origin = str(entry.get("link") or f"{url}#{number}")
        try:
            article = entry_article(entry, feed_title, read_page)
            size = len(article.text.encode("utf-8"))
            if size > max_article_bytes:
                raise ReadError(f"the item's text is {size_text(size, 1)}, over the {size_text(max_article_bytes)} "
                                f"limit for one article ({LIMIT_SETTING})")
            article.origin = origin
            entries.append(FeedEntry(key, fingerprint, Read(origin, article=article)))
        except ReadError as exc:
            entries.append(FeedEntry(key, fingerprint, Read(origin, error=str(exc))))
        except Exception as exc:  # noqa: BLE001 — an item nobody foresaw: its own failure, not the feed's
            log.debug("feed %s: item %s", url, origin, exc_info=True)
            entries.append(FeedEntry(key, fingerprint, Read(origin, error=f"could not be read ({type(exc).__name__}: "
                                                                          f"{str(exc)[:200]})")))
    return entries, skipped


def read_feed(url: str, etag: str | None = None, modified: str | None = None, seen: Mapping[str, str] | None = None,
              timeout: float = DEFAULT_TIMEOUT_SECONDS, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> FeedResult:
    """Fetch and read a feed; ReadError when it cannot be fetched or is not a feed.

    `etag`/`modified` come from the previous poll (a 304 gives a result with no entries);
    `seen` maps entry keys to fingerprints already indexed: those are skipped, not refetched.
    `timeout` applies to the feed and to each linked page, `max_article_bytes` to each page.
    """
    status, body, headers, final_url = conditional_get(url, etag, modified, timeout)
    if status == 304:
        return FeedResult(url, 304, etag=headers.get("etag") or etag, modified=headers.get("last-modified") or modified)
    parsed = parse_feed(body, headers.get("content-type", ""), final_url)
    entries, skipped = read_entries(parsed, final_url, seen, lambda link: read_page(link, timeout, max_article_bytes),
                                    max_article_bytes)
    return FeedResult(url, status, title=_plain(parsed.feed.get("title")) or None, etag=headers.get("etag"),
                      modified=headers.get("last-modified"), entries=entries, skipped=skipped)


def feed_reads(body: bytes, content_type: str, url: str, timeout: float = DEFAULT_TIMEOUT_SECONDS,
               max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[Read]:
    """Every item of a fetched feed as a Read (for `newsbot ingest FEED_URL`); linked pages are
    fetched within `timeout` and refused over `max_article_bytes`."""
    try:
        parsed = parse_feed(body, content_type, url)
    except ReadError as exc:
        yield Read(url, error=str(exc))
        return
    entries, _ = read_entries(parsed, url, None, lambda link: read_page(link, timeout, max_article_bytes),
                              max_article_bytes)
    if not entries:  # said, as an empty JSON array is: "0 added" alone would not tell why
        yield Read(url, error="the feed holds no item")
    for entry in entries:
        yield entry.read


# ---------------------------------------------------------------------------- polling with state


@dataclass
class PollReport:
    """What one poll of a feed did."""

    url: str
    status: int | None = None  # 200, 304, or None when the feed could not be read
    added: list[str] = field(default_factory=list)  # article ids added or replaced
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    error: str | None = None  # the feed itself failed
    next_check_at: float = 0.0


def feed_backoff(failures: int, interval: float, cap: float = 6 * 3600) -> float:
    """Wait before the next poll after `failures` failures in a row: interval·2^failures, capped."""
    return min(cap, interval * (2 ** min(failures, 16)))


def poll_feed(index: Index, url: str, interval: float = DEFAULT_POLL_INTERVAL_SECONDS,
              timeout: float = DEFAULT_TIMEOUT_SECONDS, now: float | None = None,
              max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> PollReport:
    """Poll one feed with its remembered state, index its new items, and remember what was done.

    The watcher passes NEWSBOT_FEED_INTERVAL, NEWSBOT_FETCH_TIMEOUT and NEWSBOT_MAX_ARTICLE_BYTES.

    The feed's ETag/Last-Modified are kept only when every item was read: otherwise the next
    poll fetches the whole feed again, and retries the failed items (skipping the others).
    A bad item is that item's failure: the others are indexed, and the next poll is due after
    `interval` as always. Only the feed itself failing (unreachable, not a feed) backs off.
    """
    now = time.time() if now is None else now
    state = feed_state.load(index, url)
    report = PollReport(url)
    seen = feed_state.seen_entries(index, url)
    try:
        result = read_feed(url, state.etag, state.modified,
                           {k: s.fingerprint for k, s in seen.items() if s.done}, timeout, max_article_bytes)
    except Exception as exc:  # noqa: BLE001 — the feed's failure, whatever it is: named, backed off
        reason = str(exc) if isinstance(exc, ReadError) else f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"
        if not isinstance(exc, ReadError):
            log.debug("feed %s", url, exc_info=True)
        state.failures += 1
        state.last_error = report.error = reason
        state.checked_at = now
        state.next_check_at = report.next_check_at = now + feed_backoff(state.failures, interval)
        feed_state.save(index, state)
        log.warning("feed %s: %s (failure %d; next try in %.0f s)", url, reason, state.failures, state.next_check_at - now)
        return report
    report.status = result.status
    complete = True
    good = [e for e in result.entries if e.read.article is not None]
    results = index.add_articles([e.read.article for e in good]) if good else []  # type: ignore[misc]
    failed = [e for e in result.entries if e.read.article is None]
    for entry, added in zip(good, results):
        if added.status == "failed":  # could not be indexed: retried like an item that could not be read
            entry.read = Read(entry.read.origin, error=added.error)
            failed.append(entry)
            continue
        if added.status in ("added", "replaced"):
            report.added.append(added.article_id)
        else:
            report.unchanged += 1
        feed_state.record_entry(index, url, entry.key, entry.fingerprint, article_id=added.article_id)
    for entry in failed:
        attempts = seen[entry.key].attempts + 1 if entry.key in seen else 1
        give_up = attempts >= MAX_ENTRY_ATTEMPTS
        complete = complete and give_up
        report.failed.append((entry.read.origin, entry.read.error or "unreadable"))
        feed_state.record_entry(index, url, entry.key, entry.fingerprint, error=entry.read.error, done=give_up)
        log.warning("feed %s: item %s: %s%s", url, entry.read.origin, entry.read.error,
                    " (given up after %d attempts)" % attempts if give_up else " (retried at the next poll)")
    if result.status != 304:
        state.title = result.title or state.title
        state.etag, state.modified = (result.etag, result.modified) if complete else (None, None)
    state.failures, state.last_error = 0, None
    state.checked_at = state.ok_at = now
    state.next_check_at = report.next_check_at = now + interval
    feed_state.save(index, state)
    return report
