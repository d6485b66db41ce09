"""Fetching over HTTP, for pages and feeds: one bounded GET.

Bounded: a timeout, a size cap, http(s) only, and errors reported as reasons (ReadError). The
caller gives the timeout and the cap: the bot passes NEWSBOT_FETCH_TIMEOUT and
NEWSBOT_MAX_ARTICLE_BYTES down to here.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from index.store.errors import ReadError
from index.sources.articles import size_text

USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"
# The library's default wait for a page or a feed; the bot's NEWSBOT_FETCH_TIMEOUT defaults to it
# (bot/settings.py) and is passed down.
DEFAULT_TIMEOUT_SECONDS = 20.0


def fetch(
    url: str,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None = None,
    what: str = "page",
    limit_setting: str | None = None,
) -> tuple[int, bytes, dict[str, str], str]:
    """(status, body, response headers with lower-case names, final URL) of an http(s) GET.

    `headers` are sent too (If-None-Match… for feeds): a 304 answer is returned with an empty
    body; any other failure is a ReadError with a reason naming `what` was fetched. A body over
    `max_bytes` is refused, naming `limit_setting` (the setting that raises it) when given.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise ReadError(f"only http:// and https:// {what} URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                setting = f" ({limit_setting})" if limit_setting else ""
                raise ReadError(f"the {what} is over the {size_text(max_bytes)} limit{setting}")
            return response.status, body, {k.lower(): v for k, v in response.headers.items()}, response.geturl()
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", {k.lower(): v for k, v in exc.headers.items()}, url
        raise ReadError(f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise ReadError(f"cannot reach it ({exc.reason})") from None
    except TimeoutError:
        raise ReadError(f"no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise ReadError(f"cannot fetch it ({exc})") from None
