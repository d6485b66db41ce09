"""Fetching over HTTP, for pages and feeds: one bounded GET.

Bounded: a timeout, a size cap, http(s) only, and errors reported as reasons, never raised.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from index.store.errors import ReadError
from index.sources.articles import DEFAULT_MAX_ARTICLE_BYTES

USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"
TIMEOUT_SECONDS = 20


def fetch(
    url: str,
    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    headers: dict[str, str] | None = None,
    what: str = "page",
) -> tuple[int, bytes, dict[str, str], str]:
    """(status, body, response headers with lower-case names, final URL) of an http(s) GET.

    `headers` are sent too (If-None-Match… for feeds): a 304 answer is returned with an empty
    body; any other failure is a ReadError with a reason naming `what` was fetched.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise ReadError(f"only http:// and https:// {what} URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise ReadError(f"the {what} is over the {max_bytes / 1e6:.0f} MB limit")
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
