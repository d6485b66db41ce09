"""`newsbot serve`: run the Slack app, in Socket Mode or over HTTP.

- `SLACK_APP_TOKEN` set → Socket Mode (Bolt's built-in client): newsbot connects out to Slack,
  no public URL needed — the default for a newsroom.
- unset → HTTP on `PORT`: `/slack/events` (Slack), `/healthz` and, when NEWSBOT_INGEST_TOKEN
  is set, `/ingest` (`bot.http.create_wsgi_app`), served by waitress, a production WSGI server
  (not Bolt's development server).

Settings are checked before anything connects; each problem is one line naming the setting and
pointing at the README. Tokens are never printed.

Socket Mode tells the truth (`connect_socket_mode`): "connected" only once Slack's hello has
arrived on the WebSocket; while it cannot connect, one plain warning saying so and that newsbot
keeps trying (and "connected again" when it is back) — not slack_sdk's error lines every 10 s,
which go to the DEBUG level.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import create_app, web_client
from bot.http import HTTP_HOST, create_server, create_wsgi_app
from bot.metrics import Metrics
from bot.settings import Settings
from index.store.errors import NewsbotError
from index.archive import Index, open_index
from index.text.vectors import load_vectors

log = logging.getLogger("newsbot.serve")

README = 'see the README, "Install in Slack"'
SOCKET_RETRY_SECONDS = 10.0  # how often the Socket Mode connection is checked, and retried when down


class SettingsError(NewsbotError):
    """A Slack setting is missing or wrong; the message names it and says what to do."""


def check_slack_settings(settings: Settings) -> None:
    """Raise SettingsError for the first missing or malformed Slack setting (never echoing a token)."""
    if not settings.slack_bot_token:
        raise SettingsError(f"SLACK_BOT_TOKEN is not set: put the bot token (xoxb-…) in .env — {README}.")
    if not settings.slack_bot_token.startswith("xoxb-"):
        raise SettingsError(
            "SLACK_BOT_TOKEN is not a bot token (those start with xoxb-): copy the Bot User OAuth Token "
            f"from OAuth & Permissions — {README}."
        )
    if settings.slack_app_token:
        if not settings.slack_app_token.startswith("xapp-"):
            raise SettingsError(
                "SLACK_APP_TOKEN is not an app-level token (those start with xapp-): generate one with the "
                "connections:write scope under Basic Information › App-Level Tokens, or leave it empty for "
                f"HTTP mode — {README}."
            )
    elif not settings.slack_signing_secret:
        raise SettingsError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode (SLACK_APP_TOKEN empty) needs it to check that requests "
            f"come from Slack. Put it in .env, or set SLACK_APP_TOKEN for Socket Mode — {README}."
        )


def check_token(client: WebClient) -> dict[str, Any]:
    """auth.test with the bot token: the bot's identity, or a SettingsError saying what is wrong."""
    try:
        return dict(client.auth_test().data)  # type: ignore[arg-type]
    except SlackApiError as exc:
        raise SettingsError(
            f"Slack did not accept SLACK_BOT_TOKEN ({exc.response.get('error')}): copy the Bot User OAuth Token "
            f"again, and reinstall the app if you changed its scopes — {README}."
        ) from None
    except Exception as exc:
        raise SettingsError(
            f"Could not reach Slack's Web API at {client.base_url} ({type(exc).__name__}: {exc}). Check the "
            "network and any proxy (HTTPS_PROXY), or SLACK_API_URL."
        ) from None


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = {"asctime": "time", "levelname": "level", "name": "logger"}  # the text format's fields, named


def log_formatter(kind: str = "text") -> logging.Formatter:
    """The formatter of NEWSBOT_LOG_FORMAT: `text`, or `json` — one JSON object per line with the
    text format's fields (time, level, logger, message) and the fields a line was given (`extra`:
    surface, outcome, latency_ms…), a traceback as one escaped string."""
    if kind == "json":
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", rename_fields=JSON_FIELDS,
                             json_ensure_ascii=False)
    return logging.Formatter(LOG_FORMAT)


def configure_logging(level: str, kind: str = "text") -> None:
    """One line per event on stderr (`kind`: NEWSBOT_LOG_FORMAT). Slack's libraries stay at INFO or
    above: their DEBUG output contains message bodies."""
    logging.basicConfig(level=getattr(logging, level, logging.INFO), format=LOG_FORMAT)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(log_formatter(kind))
    for name in ("slack_sdk", "slack_bolt"):
        library = logging.getLogger(name)
        library.setLevel(max(logging.getLogger().level, logging.INFO))
    # Bolt logs the whole body of a request that fails verification at INFO: the question's text
    # and Slack's legacy verification token. A refusal is worth a warning, never the body.
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)


class _SdkDetails(logging.Filter):
    """slack_sdk's Socket Mode client logs each failed attempt as an ERROR, every 10 s while Slack
    cannot be reached: details for DEBUG. `SocketModeStatus` says what an admin needs, once."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger("newsbot").isEnabledFor(logging.DEBUG)


_SDK_LOG = logging.getLogger("slack_sdk.socket_mode.newsbot")
if not any(isinstance(f, _SdkDetails) for f in _SDK_LOG.filters):
    _SDK_LOG.addFilter(_SdkDetails())


class SocketModeStatus:
    """The Socket Mode connection, as the log says it: "connected" on Slack's hello, one warning
    when it cannot connect (with what to check), "connected again" when it is back."""

    def __init__(self, retry: float) -> None:
        self.retry = retry
        self.state = "connecting"  # then "up" or "down"
        self.hello = threading.Event()
        self._served = False  # connected at least once
        self._lock = threading.Lock()

    def on_message(self, _client: Any, message: dict[str, Any], _raw: str | None = None) -> None:
        """slack_sdk message listener: Slack's hello opens every working connection."""
        if message.get("type") == "hello":
            self.up()

    def up(self) -> None:
        with self._lock:
            before, self.state = self.state, "up"
            served, self._served = self._served, True
        self.hello.set()
        if not served:
            log.info("Socket Mode: connected, answering /ask, mentions and DMs (Ctrl-C to stop)")
        elif before == "down":
            log.info("Socket Mode: connected again, answering /ask, mentions and DMs")

    def down(self, reason: BaseException | str | None = None) -> None:
        """The connection failed or is gone: say so once, until it is back."""
        with self._lock:
            if self.state == "down":
                return
            self.state = "down"
        self.hello.clear()
        why = reason if isinstance(reason, str) else f"{type(reason).__name__}: {reason}" if reason else "no connection"
        log.warning("Socket Mode: cannot connect to Slack (%s). newsbot keeps trying every %g s; check the "
                    "network, any proxy (HTTPS_PROXY), and that outgoing WebSocket connections to "
                    "wss-primary.slack.com:443 are allowed.", why, self.retry)


def connect_socket_mode(app: Any, app_token: str, retry: float = SOCKET_RETRY_SECONDS,
                        stop: threading.Event | None = None) -> tuple[Any, SocketModeStatus]:
    """Connect the app to Slack in Socket Mode, keep it connected, and log the truth about it.

    Returns once a first connection was attempted (the client keeps reconnecting in the
    background); a SettingsError when Slack refuses the app token. `stop` ends the retries.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    status = SocketModeStatus(retry)
    handler = SocketModeHandler(app, app_token, logger=_SDK_LOG, ping_interval=retry)
    handler.client.message_listeners.append(status.on_message)
    handler.client.on_error_listeners.append(status.down)
    stop = stop or threading.Event()
    log.info("Socket Mode: connecting to Slack…")
    while not stop.is_set():
        try:
            handler.connect()  # type: ignore[no-untyped-call]
            break
        except SlackApiError as exc:
            handler.close()  # type: ignore[no-untyped-call]
            raise SettingsError(
                f"Slack did not accept SLACK_APP_TOKEN ({exc.response.get('error')}): generate an app-level "
                f"token with connections:write, and enable Socket Mode — {README}."
            ) from None
        except Exception as exc:  # Slack unreachable: say so, and try again
            status.down(exc)
            stop.wait(retry)

    def watch() -> None:  # the client reconnects by itself; this only notices when it stays down
        while not stop.wait(retry):
            if status.state != "down" and not status.hello.is_set() or not handler.client.is_connected():
                status.down("no hello from Slack" if handler.client.is_connected() else None)

    threading.Thread(target=watch, name="newsbot-socket-watch", daemon=True).start()
    return handler, status


def http_server(settings: Settings, app: Any, index: Index, host: str = HTTP_HOST, port: int | None = None,
                on_ingested: Callable[[list[str]], None] | None = None, metrics: Metrics | None = None) -> Any:
    """A waitress server (not started) for HTTP mode: the Slack app, health, the CMS webhook and
    the metrics (when `metrics` is given); `port=0` picks a free port."""
    return create_server(settings, create_wsgi_app(settings, index, app, on_ingested, metrics), host, port)


def serve(settings: Settings, db: str | Index, on_ingested: Callable[[list[str]], None] | None = None,
          metrics: Metrics | None = None) -> None:
    """Check the settings, open the index, and answer Slack until interrupted.

    `on_ingested` is called with the ids of articles the CMS webhook indexed (HTTP mode): the
    watcher's poster then looks at once. `metrics` (NEWSBOT_METRICS) counts the requests; in
    HTTP mode GET /metrics is served here, in Socket Mode by the watcher's port.
    """
    configure_logging(settings.log_level, settings.log_format)
    check_slack_settings(settings)
    index = db if isinstance(db, Index) else open_index(db, create=True)
    if index.is_empty():
        log.warning("the index %s is empty: newsbot will say so; fill it with `newsbot ingest`", index.path)
    # The word vectors that re-rank answers (about a second to load): now, not on the first /ask.
    threading.Thread(target=load_vectors, name="newsbot-vectors", daemon=True).start()
    client = web_client(settings)
    identity = check_token(client)
    app = create_app(settings, index, client=client, metrics=metrics, verify_token=False)  # checked just above
    log.info("connected to workspace %s as %s", identity.get("team"), identity.get("user"))
    try:
        if settings.slack_app_token:
            connect_socket_mode(app, settings.slack_app_token)
            threading.Event().wait()
        else:
            server = http_server(settings, app, index, on_ingested=on_ingested, metrics=metrics)
            log.info("HTTP mode: listening on port %s at /slack/events (health: /healthz%s)", settings.port,
                     ", metrics: /metrics" if metrics else "")
            server.run()  # waitress returns on Ctrl-C or SIGTERM (see `newsbot serve`)
    except KeyboardInterrupt:
        pass
    log.info("stopped")
