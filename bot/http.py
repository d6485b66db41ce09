"""HTTP mode: a small WSGI dispatcher in front of the Slack app, served by waitress.

    POST /slack/events   commands, events and interactivity, verified by Bolt (signing secret)
    GET  /healthz        200 when the index can be read, 503 when it cannot (for load balancers)

Other endpoints (the CMS webhook, `POST /ingest`) are added with `Dispatcher.add()`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.settings import Settings
from index.archive import Index

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("newsbot.http")

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def json_response(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    """Send a small JSON body."""
    data = json.dumps(body).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


class Dispatcher:
    """Routes exact paths to WSGI applications; 404 for unknown paths, 405 for other methods."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[frozenset[str], WSGIApplication]] = {}

    def add(self, path: str, application: WSGIApplication, methods: Iterable[str] = ("POST",)) -> None:
        """Serve `path` with `application` for `methods`."""
        self.routes[path] = (frozenset(m.upper() for m in methods), application)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        route = self.routes.get(path)
        if route is None:
            return json_response(start_response, "404 Not Found", {"error": "not_found"})
        methods, application = route
        if environ.get("REQUEST_METHOD", "GET").upper() not in methods:
            start_response("405 Method Not Allowed", [("Allow", ", ".join(sorted(methods))),
                                                      ("Content-Length", "0")])
            return [b""]
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        if path == SLACK_PATH and timestamp is not None and not timestamp.strip().isdigit():
            # Bolt would raise on int() and log a traceback: refuse it as the unsigned request it is.
            return json_response(start_response, "401 Unauthorized", {"error": "invalid_request"})
        return application(environ, start_response)


def health_check(index: Index) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
    """GET /healthz: `{"status": "ok", "index": "ready"|"empty"}`, or 503 when the index is unusable."""

    def health(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            state = "empty" if index.is_empty() else "ready"
        except Exception as exc:  # missing file, not a database, locked: say so, do not crash
            log.warning("health check: index unavailable (%s)", type(exc).__name__)
            return json_response(start_response, "503 Service Unavailable",
                                 {"status": "unavailable", "index": "unavailable"})
        return json_response(start_response, "200 OK", {"status": "ok", "index": state})

    return health


def create_wsgi_app(app: App, index: Index, settings: Settings) -> Dispatcher:
    """The HTTP-mode application: Slack at /slack/events, the health check at /healthz, and,
    when NEWSBOT_INGEST_TOKEN is set, the CMS webhook at POST /ingest (docs/digest.md)."""
    dispatcher = Dispatcher()
    dispatcher.add(SLACK_PATH, SlackRequestHandler(app, path=SLACK_PATH), methods=("POST",))
    dispatcher.add(HEALTH_PATH, health_check(index), methods=("GET", "HEAD"))
    if settings.ingest_token:
        from bot.webhook import INGEST_PATH, IngestWebhook

        dispatcher.add(INGEST_PATH, IngestWebhook(index, settings), methods=("POST",))
    return dispatcher
