"""Fetching articles over HTTP: a page (main text extracted) given as a URL to `newsbot ingest`.

Bounded: a timeout, a size cap, http(s) only, and errors reported as reasons, never raised.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator

from index.errors import ReadError
from index.readers import DEFAULT_MAX_ARTICLE_BYTES, Read, decode, sniff_binary

USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"
TIMEOUT_SECONDS = 20


def fetch(url: str, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES, timeout: float = TIMEOUT_SECONDS) -> tuple[bytes, str, str]:
    """(body, content type, final URL) of an http(s) URL, or ReadError with a reason."""
    if not url.lower().startswith(("http://", "https://")):
        raise ReadError("only http:// and https:// URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise ReadError(f"the page is over the {max_bytes / 1e6:.0f} MB limit")
            return body, response.headers.get("Content-Type", ""), response.geturl()
    except urllib.error.HTTPError as exc:
        raise ReadError(f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise ReadError(f"cannot reach it ({exc.reason})") from None
    except TimeoutError:
        raise ReadError(f"no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise ReadError(f"cannot fetch it ({exc})") from None


def read_url(url: str) -> Iterator[Read]:
    """The article of a web page, or a failed Read with the reason."""
    try:
        body, content_type, final_url = fetch(url)
        from index.feeds import feed_reads, looks_like_feed

        if looks_like_feed(body, content_type):  # an RSS/Atom feed: one Read per item
            yield from feed_reads(body, content_type, final_url)
            return
        binary = sniff_binary(body)
        if binary:
            raise ReadError(f"this is {binary}")
        text, warnings = decode(body)
        from index.html import read_html

        article = read_html(text, url=final_url)
        article.url = article.url or final_url
        article.origin = url
        yield Read(url, article=article, warnings=warnings)
    except ReadError as exc:
        yield Read(url, error=str(exc))
