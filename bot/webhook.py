"""The CMS webhook: `POST /ingest` with a bearer token and articles as JSON — a WSGI application.

    POST /ingest
    Authorization: Bearer <NEWSBOT_INGEST_TOKEN>
    Content-Type: application/json
    {"title": "…", "text": "…", "id": "…", "url": "…", "source": "…", "published": "2024-05-01"}

The body is the article contract of `newsbot ingest` (one object, an array, or JSON Lines; see
`index.sources.readers.article_from_record`); a record whose text is over NEWSBOT_MAX_ARTICLE_BYTES
is refused with the reason, as a file or a page would be. Articles are indexed at once, in the
transaction that marks them pending for the digest; the watcher posts them (`on_ingested` wakes
it up).

Answers (JSON): 200 with one result per record (`{"record": 1, "id": "…", "status": "added"}`
or `{"record": 2, "error": "missing 'title'"}`), 422 when no record is an article, 400 for a body
that is not JSON, 401 without the right token (compared in constant time), 411/413 for a missing
or too large Content-Length, 415 for a body that is not JSON, 404 while no token is set.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from index.store.errors import NewsbotError, ReadError
from index.sources.articles import size_text
from index.sources.readers import read_json_records
from index.archive import Index

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger("newsbot.webhook")

INGEST_PATH = "/ingest"
MAX_BODY_BYTES = 16 * 1024 * 1024  # a batch of articles; one article is far smaller

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def _json(start_response: StartResponse, status: str, body: dict[str, Any],
          headers: Iterable[tuple[str, str]] = ()) -> list[bytes]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                            ("Content-Length", str(len(data))), *headers])
    return [data]


def bearer_token(environ: Environ) -> str | None:
    """The token of an `Authorization: Bearer …` header, or None."""
    scheme, _, token = (environ.get("HTTP_AUTHORIZATION") or "").strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def authorized(environ: Environ, token: str) -> bool:
    """True when the request carries `token` (constant-time comparison)."""
    given = bearer_token(environ)
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


class IngestWebhook:
    """`POST /ingest`: index the articles of a JSON body sent by the CMS (see the module doc).

    Reads NEWSBOT_INGEST_TOKEN and NEWSBOT_MAX_ARTICLE_BYTES from `settings`; `max_bytes` bounds
    the whole body (a batch of articles).
    """

    def __init__(self, index: Index, settings: Settings, on_ingested: Callable[[list[str]], None] | None = None,
                 max_bytes: int = MAX_BODY_BYTES) -> None:
        self.index = index
        self.token = settings.ingest_token
        self.max_article_bytes = settings.max_article_bytes
        self.on_ingested = on_ingested
        self.max_bytes = max_bytes

    def __call__(self, environ: Environ, start_response: StartResponse) -> list[bytes]:
        if not self.token:
            return _json(start_response, "404 Not Found",
                         {"ok": False, "error": "the ingest webhook is off: set NEWSBOT_INGEST_TOKEN"})
        if environ.get("REQUEST_METHOD", "GET").upper() != "POST":
            return _json(start_response, "405 Method Not Allowed", {"ok": False, "error": "use POST"},
                         [("Allow", "POST")])
        if not authorized(environ, self.token):
            return _json(start_response, "401 Unauthorized",
                         {"ok": False, "error": "missing or wrong token: send Authorization: Bearer <token>"},
                         [("WWW-Authenticate", 'Bearer realm="newsbot"')])
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            length = -1
        if length < 0:
            return _json(start_response, "411 Length Required", {"ok": False, "error": "send a Content-Length"})
        if length > self.max_bytes:
            return _json(start_response, "413 Content Too Large",
                         {"ok": False, "error": f"the body is over {size_text(self.max_bytes)}: send fewer articles at once"})
        if "json" not in (environ.get("CONTENT_TYPE") or "").lower():
            return _json(start_response, "415 Unsupported Media Type",
                         {"ok": False, "error": "send the articles as JSON (Content-Type: application/json)"})
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            status, body = self.ingest(raw)
        except NewsbotError as exc:
            log.warning("webhook: the index refused the articles (%s)", exc)
            return _json(start_response, "503 Service Unavailable", {"ok": False, "error": str(exc)})
        return _json(start_response, status, body)

    def ingest(self, raw: bytes) -> tuple[str, dict[str, Any]]:
        """(HTTP status, JSON answer) for a request body: parse, index, report per record."""
        try:
            text = raw.decode("utf-8-sig")
            records = list(read_json_records(io.StringIO(text), False, None, self.max_article_bytes))
        except UnicodeDecodeError:
            return "400 Bad Request", {"ok": False, "error": "the body is not UTF-8"}
        except ReadError as exc:
            return "400 Bad Request", {"ok": False, "error": str(exc)}
        results: list[dict[str, Any]] = []
        articles, numbers = [], []
        for number, found in records:
            if isinstance(found, ReadError):
                results.append({"record": number, "error": str(found)})
                continue
            found.origin = f"{INGEST_PATH}#{number}"
            articles.append(found)
            numbers.append(number)
        added = self.index.add_articles(articles) if articles else []
        for number, result in zip(numbers, added):
            if result.status == "failed":
                results.append({"record": number, "error": result.error})
            else:
                results.append({"record": number, "id": result.article_id, "status": result.status})
        results.sort(key=lambda r: r["record"])
        for problem in (r for r in results if "error" in r):
            log.warning("webhook: record %s refused: %s", problem["record"], problem["error"])
        fresh = [r["id"] for r in results if r.get("status") in ("added", "replaced")]
        if fresh and self.on_ingested:
            self.on_ingested(fresh)
        if not articles and results and all(r.get("error", "").startswith("not valid JSON") for r in results):
            return "400 Bad Request", {"ok": False, "error": results[0]["error"], "results": results}
        if not articles:
            return "422 Unprocessable Content", {"ok": False, "error": "no article in the body", "results": results}
        return "200 OK", {"ok": True, "results": results}
