"""Ingest: read files, folders and pages into the index, reporting each failure and going on.

The one function behind `newsbot ingest`, the inbox watcher and the CMS webhook.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from index.archive import Index
from index.indexing import AddResult
from index.sources.articles import DEFAULT_MAX_ARTICLE_BYTES, LIMIT_SETTING, Read
from index.sources.readers import read_path
from index.sources.web import DEFAULT_TIMEOUT_SECONDS
from index.store.errors import ReadError
from index.store.models import Article

log = logging.getLogger("newsbot.ingest")


@dataclass
class IngestReport:
    """What an ingest did, per outcome; `failed` names each input with its reason."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # added or replaced, in order

    @property
    def ok(self) -> bool:
        return not self.failed

    def count(self, article: Article, result: AddResult) -> None:
        """Count what indexing did with one article; a failed one is named with its reason."""
        if result.status == "failed":
            self.failed.append((article.origin or result.article_id, result.error or "could not be indexed"))
            return
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.status in ("added", "replaced"):
            self.article_ids.append(result.article_id)


def read_url(url: str, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
             timeout: float = DEFAULT_TIMEOUT_SECONDS) -> Iterator[Read]:
    """The article of a web page (or every item of a feed), or a failed Read with the reason.

    A page over `max_article_bytes` (NEWSBOT_MAX_ARTICLE_BYTES) is refused with the reason, as a
    file would be; a page (or feed) that does not answer within `timeout` seconds
    (NEWSBOT_FETCH_TIMEOUT) too. The network, feed and HTML modules are imported only when a URL is given:
    trafilatura alone takes about a second to import, which `newsbot ask` need not pay.
    """
    from index.sources.feeds import feed_reads, looks_like_feed
    from index.sources.html import page_article
    from index.sources.web import fetch

    try:
        _status, body, response_headers, final_url = fetch(url, max_article_bytes, timeout,
                                                           limit_setting=LIMIT_SETTING)
        content_type = response_headers.get("content-type", "")
        if looks_like_feed(body, content_type):  # an RSS/Atom feed: one Read per item
            yield from feed_reads(body, content_type, final_url, timeout, max_article_bytes)
            return
        article, warnings = page_article(body, final_url)  # its canonical URL: declared, else where it was fetched
        article.origin = url
        yield Read(url, article=article, warnings=warnings)
    except ReadError as exc:
        yield Read(url, error=str(exc))
    except Exception as exc:  # noqa: BLE001 — a page nobody foresaw: named and counted, the batch goes on
        log.debug("%s refused by an unexpected error", url, exc_info=True)
        yield Read(url, error=f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def read_targets(
    targets: Iterable[str],
    field_map: Mapping[str, str] | None,
    max_article_bytes: int,
    fetch_timeout: float,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Read]:
    """Reads of every target: files and folders (recursively), and http(s) URLs of pages or feeds.

    `on_bytes(n)` is told of the files' bytes as they are read (`readers.total_bytes` is the whole)."""
    for target in targets:
        if is_url(target):
            yield from read_url(target, max_article_bytes, fetch_timeout)
        else:
            yield from read_path(target, field_map, max_article_bytes, on_bytes)


def ingest(
    index: Index,
    targets: Iterable[str],
    field_map: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    on_read: Callable[[Read], None] | None = None,
    workers: int = 1,
    fetch_timeout: float = DEFAULT_TIMEOUT_SECONDS,
    on_bytes: Callable[[int], None] | None = None,
) -> IngestReport:
    """Index every article found in `targets`; a bad input is reported and the rest goes in.

    `defaults` fills fields an article does not have (e.g. {"source": "AFP"} for a folder of
    wire copy). `on_read` is called for each read, `on_bytes(n)` for each slice of a file read:
    progress bars. `workers` > 1 analyzes
    in that many processes (see `Index.add_articles`). `max_article_bytes` and `fetch_timeout`
    bound every article and every page fetched (the bot passes its settings).
    """
    report = IngestReport()

    def articles() -> Iterator[Article]:
        for read in read_targets(targets, field_map, max_article_bytes, fetch_timeout, on_bytes):
            if on_read:
                on_read(read)
            report.warnings.extend((read.origin, w) for w in read.warnings)
            if read.article is None:
                report.failed.append((read.origin, read.error or "unreadable"))
                continue
            for key, value in (defaults or {}).items():
                if getattr(read.article, key, None) is None:
                    setattr(read.article, key, value)
            yield read.article

    index.add_articles(articles(), on_result=report.count, workers=workers)
    return report

