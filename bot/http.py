"""newsbot's HTTP port: one WSGI app, built by `create_wsgi_app`, served by waitress.

    POST /slack/events   commands, events and interactivity, verified by Bolt (signing secret):
                         `newsbot serve` in HTTP mode
    POST /ingest         the CMS webhook (bot/webhook.py), when NEWSBOT_INGEST_TOKEN is set
    GET  /healthz        200 when the index can be read, 503 when it cannot (for load balancers)
    GET  /metrics        Prometheus' text format, when NEWSBOT_METRICS=1 (bot/metrics.py)

`newsbot serve` (HTTP mode) and `newsbot watch` (or serve in Socket Mode, where PORT is free)
build the same app; only serve mounts Slack.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from bot.metrics import METRICS_PATH, Metrics
from bot.settings import Settings
from bot.webhook import INGEST_PATH, MAX_BODY_BYTES, IngestWebhook
from index.archive import Index

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from slack_bolt import App

log = logging.getLogger("newsbot.http")

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
HTTP_HOST = "0.0.0.0"
HTTP_THREADS = 16  # waitress threads: each holds a request until the listener acks (milliseconds)


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


def create_wsgi_app(settings: Settings, index: Index, slack_app: App | None = None,
                    on_ingested: Callable[[list[str]], None] | None = None,
                    metrics: Metrics | None = None) -> Dispatcher:
    """newsbot's WSGI app: the health check at /healthz, Slack at /slack/events when `slack_app`
    is given (`newsbot serve`, HTTP mode), the CMS webhook at POST /ingest when
    NEWSBOT_INGEST_TOKEN is set (docs/digest.md; `on_ingested` wakes the digest poster), and
    GET /metrics when `metrics` is given (NEWSBOT_METRICS=1)."""
    dispatcher = Dispatcher()
    dispatcher.add(HEALTH_PATH, health_check(index), methods=("GET", "HEAD"))
    if metrics is not None:
        metrics.watch_index(index)
        dispatcher.add(METRICS_PATH, metrics.wsgi_app(), methods=("GET", "HEAD"))
    if slack_app is not None:
        from slack_bolt.adapter.wsgi import SlackRequestHandler  # Slack's libraries load only to serve Slack

        dispatcher.add(SLACK_PATH, SlackRequestHandler(slack_app, path=SLACK_PATH), methods=("POST",))
    if settings.ingest_token:
        dispatcher.add(INGEST_PATH, IngestWebhook(index, settings, on_ingested), methods=("POST",))
    return dispatcher


def create_server(settings: Settings, application: WSGIApplication, host: str = HTTP_HOST,
                  port: int | None = None, threads: int = HTTP_THREADS) -> Any:
    """A waitress server (not started) for `application` on PORT (`port=0`: any free one).

    Bodies are capped at the webhook's batch size: Slack's requests are far smaller.
    """
    import waitress

    return waitress.create_server(application, host=host, port=settings.port if port is None else port,
                                  threads=threads, max_request_body_size=MAX_BODY_BYTES, ident="newsbot")
