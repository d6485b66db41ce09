"""Fetching over HTTP, for pages and feeds: one bounded GET.

Bounded: a deadline for the whole download (connection, headers and body: a server sending its
page one byte a second is given up on at the deadline, not kept for ever), a size cap, http(s)
only, links cleaned as browsers clean them (`index.sources.urls`), and errors reported as
reasons (ReadError). The caller gives the deadline and the cap: the bot passes
NEWSBOT_FETCH_TIMEOUT and NEWSBOT_MAX_ARTICLE_BYTES down to here.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from index.store.errors import ReadError
from index.sources.articles import size_text
from index.sources.urls import clean_link

USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"
# The library's default wait for a page or a feed; the bot's NEWSBOT_FETCH_TIMEOUT defaults to it
# (bot/settings.py) and is passed down.
DEFAULT_TIMEOUT_SECONDS = 20.0
TIMEOUT_SETTING = "NEWSBOT_FETCH_TIMEOUT"
READ_CHUNK = 64 * 1024


class _Deadline:
    """Shuts down every connection of one download when its time is up, which ends any read
    blocked on it at once (a socket timeout alone bounds each read, not the download)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket | None) -> None:
        """Shut `sock` down at the deadline (at once if it is past)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


class _Watched:
    """Mixed into urllib's HTTP(S) handlers: each connection they open is watched by the deadline."""

    deadline: _Deadline

    def do_open(self, http_class: Any, req: urllib.request.Request, **kwargs: Any) -> Any:
        deadline = self.deadline

        def connection(*args: Any, **kw: Any) -> http.client.HTTPConnection:
            conn = http_class(*args, **kw)
            connect = conn.connect

            def watched_connect() -> None:
                connect()
                deadline.watch(conn.sock)

            conn.connect = watched_connect  # type: ignore[method-assign]
            return conn

        return super().do_open(connection, req, **kwargs)  # type: ignore[misc]


class _HTTPHandler(_Watched, urllib.request.HTTPHandler):
    pass


class _HTTPSHandler(_Watched, urllib.request.HTTPSHandler):
    pass


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    handlers = [_HTTPHandler(), _HTTPSHandler()]
    for handler in handlers:
        handler.deadline = deadline
    return urllib.request.build_opener(*handlers)


def fetch(
    url: str,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None = None,
    what: str = "page",
    limit_setting: str | None = None,
) -> tuple[int, bytes, dict[str, str], str]:
    """(status, body, response headers with lower-case names, final URL) of an http(s) GET.

    The whole download — connecting, headers, body, redirects — must end within `timeout`
    seconds (NEWSBOT_FETCH_TIMEOUT). `headers` are sent too (If-None-Match… for feeds): a 304
    answer is returned with an empty body; any other failure is a ReadError with a reason naming
    `what` was fetched. A body over `max_bytes` is refused, naming `limit_setting` (the setting
    that raises it) when given. A link with spaces or non-ASCII characters is fetched as a
    browser would (percent-encoded); one with control characters is refused.
    """
    url = clean_link(url)
    if not url.lower().startswith(("http://", "https://")):
        raise ReadError(f"only http:// and https:// {what} URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})
    deadline = _Deadline(timeout)
    late = f"the {what} did not arrive within {timeout:g} s ({TIMEOUT_SETTING})"
    try:
        with deadline, _opener(deadline).open(request, timeout=timeout) as response:
            body = _read_body(response, max_bytes, deadline, late, _too_big(what, max_bytes, limit_setting))
            return response.status, body, {k.lower(): v for k, v in response.headers.items()}, response.geturl()
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", {k.lower(): v for k, v in exc.headers.items()}, url
        if 300 <= exc.code < 400:
            raise ReadError(f"the {what} redirects too many times, or in a loop") from None
        raise ReadError(f"the server answered {exc.code} {exc.reason}") from None
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 — whatever the network or the server does, a reason
        if deadline.expired or isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
            raise ReadError(late) from None
        if isinstance(exc, urllib.error.URLError):
            raise ReadError(f"cannot reach it ({exc.reason})") from None
        if isinstance(exc, http.client.IncompleteRead):
            raise ReadError(f"the connection closed before the whole {what} arrived") from None
        if isinstance(exc, http.client.HTTPException | OSError | ValueError):
            raise ReadError(f"cannot fetch it ({type(exc).__name__}: {str(exc)[:200]})") from None
        raise


def _too_big(what: str, max_bytes: int, limit_setting: str | None) -> str:
    setting = f" ({limit_setting})" if limit_setting else ""
    return f"the {what} is over the {size_text(max_bytes)} limit{setting}"


def _read_body(response: Any, max_bytes: int, deadline: _Deadline, late: str, too_big: str) -> bytes:
    """The body, read as it comes (read1: whatever has arrived), until the end, the size cap or
    the deadline."""
    chunks: list[bytes] = []
    size = 0
    read: Callable[[int], bytes] = response.read1
    while chunk := read(READ_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ReadError(too_big)
        chunks.append(chunk)
        if time.monotonic() > deadline.at:
            raise ReadError(late)
    if deadline.expired:  # the end came from the deadline shutting the connection
        raise ReadError(late)
    return b"".join(chunks)
