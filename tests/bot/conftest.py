"""Fixtures for the Slack app tests: a fake Slack, signed requests, a real app over a real index.

Everything is offline: the app's Web API client and every response_url point at `fake_slack`,
a local HTTP server on 127.0.0.1 that records what the app sends and can be told to fail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.app import create_app
from bot.serve import http_server
from bot.settings import Settings
from index import open_index
from index.archive import Index
from index.sources.ingest import ingest
from tests.fake_site import stop_serving

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
BOT_USER_ID = "UBOT"
KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack-sdk honours proxies: tests talk only to 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    # Bolt reads some settings itself when they are not given: keep a developer's out.
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID",
                 "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------------------- fake Slack


@dataclass
class Call:
    """One request the app made to the fake Slack."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON or form (dict), else text
    at: float = field(default_factory=time.monotonic)
    invalid: list[str] = field(default_factory=list)  # what Block Kit would refuse in its message

    @property
    def api_method(self) -> str | None:
        return self.path[len("/api/"):] if self.path.startswith("/api/") else None


MANIFEST_SCOPES = ("commands,chat:write,chat:write.public,app_mentions:read,im:history,im:write,channels:read,"
                   "groups:read")


def message_problems(body: Any) -> list[str]:
    """What Slack would refuse in a message (chat.postMessage or a response_url POST), checked
    with slack_sdk's own Block Kit models (`Block.parse(...).to_dict()` validates each block's
    limits) and the message's: 50 blocks at most, a `text` fallback always."""
    from slack_sdk.errors import SlackObjectFormationError
    from slack_sdk.models.blocks import Block

    if not isinstance(body, dict) or not ({"text", "blocks"} & set(body)):
        return []
    blocks = body.get("blocks") or []
    if isinstance(blocks, str):  # chat.postMessage sends them as JSON in a form field
        blocks = json.loads(blocks)
    problems = [] if str(body.get("text") or "").strip() else ["no text fallback"]
    if len(blocks) > 50:
        problems.append(f"{len(blocks)} blocks (at most 50)")
    for number, block in enumerate(blocks):
        parsed = Block.parse(block)
        if parsed is None:
            problems.append(f"block {number}: not a Block Kit block: {block!r:.200}")
            continue
        try:
            parsed.to_dict()
        except SlackObjectFormationError as exc:
            problems.append(f"block {number} ({block.get('type')}): {exc}")
    return problems


class FakeSlack:
    """A local Web API and response_url endpoint that records calls and can answer 500/429.

    Like Slack, every Web API answer carries the token's scopes in `X-OAuth-Scopes` (`scopes`);
    `channels` holds what conversations.info says of a channel (by default: a public channel the
    bot is in)."""

    def __init__(self) -> None:
        self.scopes: str | None = MANIFEST_SCOPES
        self.channels: dict[str, dict[str, Any] | None] = {}  # None: channel_not_found
        self.refuse: dict[str, str] = {}  # chat.postMessage to this channel answers this error (not_in_channel…)
        self.calls: list[Call] = []
        self._failures: dict[str, list[tuple[int, dict[str, str], Any]]] = {}
        self._lock = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                fake._record(self.command, self.path, dict(self.headers.items()), raw, self)

            def do_GET(self) -> None:  # noqa: N802 — slack_sdk reads some methods (conversations.info) with GET
                path, _, query = self.path.partition("?")
                headers = {**dict(self.headers.items()), "Content-Type": "application/x-www-form-urlencoded"}
                fake._record(self.command, path, headers, query, self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # shutdown() waits for serve_forever's next poll: 5 ms, not 50, at each test's teardown
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.005},
                                       daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.api_url = self.url + "api/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def response_url(self, name: str = "r") -> str:
        return f"{self.url}respond/{name}"

    def fail(self, path: str, status: int, times: int = 1, retry_after: int | None = None, body: Any = None) -> None:
        """The next `times` requests to `path` (e.g. "/respond/r", "/api/chat.postMessage") get `status`."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self._failures.setdefault(path, []).extend([(status, headers, body)] * times)

    def _record(self, method: str, path: str, headers: dict[str, str], raw: str,
                handler: BaseHTTPRequestHandler) -> None:
        content_type = headers.get("Content-Type", "")
        body: Any = raw
        if "json" in content_type:
            body = json.loads(raw or "null")
        elif "form" in content_type:
            body = {k: v[0] for k, v in parse_qs(raw).items()}
        failures = self._failures.get(path)
        status, extra, reply = failures.pop(0) if failures else (200, {}, None)
        if reply is None:
            reply = self._reply(path, body) if status == 200 else {"ok": False, "error": "fake_failure"}
        data = json.dumps(reply).encode() if not isinstance(reply, str) else reply.encode()
        with self._lock:  # recorded before the reply, so the caller never sees an unrecorded call
            self.calls.append(Call(method, path, headers, body, invalid=message_problems(body)))
            self._lock.notify_all()
        handler.send_response(status)
        if path.startswith("/api/") and self.scopes is not None:
            handler.send_header("X-OAuth-Scopes", self.scopes)
        for key, value in extra.items():
            handler.send_header(key, value)
        handler.send_header("Content-Type", "application/json" if not isinstance(reply, str) else "text/plain")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _reply(self, path: str, body: Any) -> Any:
        if path.startswith("/respond/"):
            return "ok"
        method = path[len("/api/"):]
        if method == "auth.test":
            return {"ok": True, "url": "https://newsroom.slack.com/", "team": "Newsroom", "user": "newsbot",
                    "team_id": "T1", "user_id": BOT_USER_ID, "bot_id": "BBOT", "is_enterprise_install": False}
        if method == "conversations.info":
            channel = body.get("channel") if isinstance(body, dict) else None
            info = self.channels.get(channel, {"name": "redaction", "is_member": True})
            if info is None:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": channel, "is_private": False, "is_archived": False, **info}}
        if method == "apps.connections.open":
            return {"ok": True, "url": "wss://wss.slack.invalid/link/?ticket=fake"}
        if method == "conversations.open":  # a DM with the user: D + their id
            return {"ok": True, "channel": {"id": "D" + str(body.get("users") if isinstance(body, dict) else "")}}
        if method == "chat.postMessage":
            channel = body.get("channel") if isinstance(body, dict) else None
            if channel in self.refuse:
                return {"ok": False, "error": self.refuse[channel]}
            return {"ok": True, "channel": channel, "ts": f"{time.time():.6f}", "message": {}}
        return {"ok": True}

    def invalid(self) -> list[tuple[str, list[str]]]:
        """The messages Slack would have refused: (path, problems)."""
        with self._lock:
            return [(c.path, c.invalid) for c in self.calls if c.invalid]

    def to(self, path: str) -> list[Call]:
        """Calls to `path` so far."""
        with self._lock:
            return [c for c in self.calls if c.path == path]

    def api(self, method: str) -> list[Call]:
        return self.to(f"/api/{method}")

    def wait(self, path: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until `count` calls reached `path` (listeners run after the ack); return them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                calls = [c for c in self.calls if c.path == path]
                if len(calls) >= count or time.monotonic() > deadline:
                    return calls
                self._lock.wait(timeout=0.05)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """The fake Slack; every message the test made the app send must pass Block Kit's validation."""
    fake = FakeSlack()
    yield fake
    fake.close()
    assert fake.invalid() == [], "messages Slack would refuse"


# ---------------------------------------------------------------------------- signed requests


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's v0 signature headers for `body`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


@dataclass
class SignedRequest:
    """A request as Slack sends it: raw body and headers (signature, timestamp, content type)."""

    body: str
    headers: dict[str, str]

    def bolt(self) -> BoltRequest:
        return BoltRequest(body=self.body, headers={k.lower(): [v] for k, v in self.headers.items()})


@pytest.fixture
def signed_request() -> Callable[..., SignedRequest]:
    """signed_request(body, content_type, timestamp=None, secret=…, extra_headers=…) → SignedRequest."""

    def make(body: str, content_type: str, timestamp: int | None = None, secret: str = SIGNING_SECRET,
             extra_headers: dict[str, str] | None = None) -> SignedRequest:
        headers = {"Content-Type": content_type, **sign(body, timestamp, secret), **(extra_headers or {})}
        return SignedRequest(body, headers)

    return make


class Payloads:
    """Bodies of Slack requests: slash commands (form), events (JSON), block actions (payload=)."""

    def __init__(self, signed: Callable[..., SignedRequest], fake: FakeSlack) -> None:
        self.signed = signed
        self.fake = fake

    def command(self, text: str, response_url: str | None = None, user: str = "U1", channel: str = "C1",
                **kwargs: Any) -> SignedRequest:
        body = urlencode({
            "token": "legacy", "team_id": "T1", "team_domain": "newsroom", "channel_id": channel,
            "channel_name": "redaction", "user_id": user, "user_name": "journaliste", "command": "/ask",
            "text": text, "api_app_id": "A1", "response_url": response_url or self.fake.response_url("cmd"),
            "trigger_id": "1.2.3",
        })
        return self.signed(body, "application/x-www-form-urlencoded", **kwargs)

    def event(self, event: dict[str, Any], event_id: str = "Ev1", **kwargs: Any) -> SignedRequest:
        body = json.dumps({
            "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id, "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": "T1", "user_id": BOT_USER_ID, "is_bot": True}],
        })
        return self.signed(body, "application/json", **kwargs)

    def mention(self, text: str, ts: str = "1700000000.000100", thread_ts: str | None = None,
                event_id: str = "EvMention", **kwargs: Any) -> SignedRequest:
        event = {"type": "app_mention", "user": "U1", "text": text, "ts": ts, "channel": "C1", "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, event_id=event_id, **kwargs)

    def direct_message(self, text: str, event_id: str = "EvDM", **extra: Any) -> SignedRequest:
        event = {"type": "message", "channel_type": "im", "user": "U1", "text": text,
                 "ts": "1700000000.000300", "channel": "D1", "event_ts": "1700000000.000300", **extra}
        return self.event(event, event_id=event_id)

    def action(self, action_id: str, value: str, response_url: str | None = None, ephemeral: bool = True,
               thread_ts: str | None = None, user: str = "U1", channel: str = "C1",
               message_ts: str = "1700000000.000500") -> SignedRequest:
        payload: dict[str, Any] = {
            "type": "block_actions", "team": {"id": "T1", "domain": "newsroom"},
            "user": {"id": user, "username": "journaliste", "team_id": "T1"}, "api_app_id": "A1",
            "token": "legacy", "trigger_id": "1.2.3", "channel": {"id": channel, "name": "redaction"},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                          "is_ephemeral": ephemeral},
            "response_url": response_url or self.fake.response_url("action"),
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1", "value": value,
                         "text": {"type": "plain_text", "text": "x"}, "action_ts": "1700000001.000000"}],
        }
        if not ephemeral:
            message = {"type": "message", "ts": message_ts, "user": BOT_USER_ID, "text": "…"}
            if thread_ts:
                message["thread_ts"] = thread_ts
                payload["container"]["thread_ts"] = thread_ts
            payload["message"] = message
        body = urlencode({"payload": json.dumps(payload)})
        return self.signed(body, "application/x-www-form-urlencoded")


@pytest.fixture
def payloads(signed_request: Callable[..., SignedRequest], fake_slack: FakeSlack) -> Payloads:
    return Payloads(signed_request, fake_slack)


# ---------------------------------------------------------------------------- index and app

EVIL_ARTICLE = {
    "id": "evil-1",
    "title": "Piège <!channel> <https://evil.example|Documents officiels> & co",
    "text": (
        "Le trésorier du syndicat des zoulous a annoncé <!channel> une grève, écrivant à <@U123> et "
        "<!everyone> : voir <https://evil.example|x> pour les détails & le calendrier.\n\n"
        "Second paragraphe sans piège sur les zoulous."
    ),
    "url": "javascript:alert(1)",
    "source": "<!here> Gazette",
    "published": "2024-05-01",
}


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    return tmp_path / "n.db"


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and one hostile article, ingested once per session (tests get a copy)."""
    folder = tmp_path_factory.mktemp("seeded")
    evil = folder / "evil.json"
    evil.write_text(json.dumps(EVIL_ARTICLE, ensure_ascii=False), encoding="utf-8")
    path = folder / "template.db"
    idx = open_index(path)
    report = ingest(idx, [str(SEEDS), str(evil)])
    assert report.added == 3, report.failed
    idx.close()
    return path


@pytest.fixture
def seeded_index(seeded_template: Path, index_path: Path) -> Iterator[Index]:
    """A real index with the two seed articles and one hostile article, of this test's own."""
    for source in seeded_template.parent.glob(seeded_template.name + "*"):
        shutil.copyfile(source, index_path.with_name(index_path.name + source.name[len(seeded_template.name):]))
    idx = open_index(index_path, create=False)
    yield idx
    idx.close()


@pytest.fixture
def empty_index(index_path: Path) -> Iterator[Index]:
    idx = open_index(index_path)
    yield idx
    idx.close()


def make_settings(lang: str = "fr", **kwargs: Any) -> Settings:
    values: dict[str, Any] = {"db": "unused.db", "lang": lang, "slack_bot_token": BOT_TOKEN,
                              "slack_signing_secret": SIGNING_SECRET, **kwargs}
    return Settings(**values)


@pytest.fixture
def settings() -> Callable[..., Settings]:
    """settings(lang="fr", **fields) → Settings with test tokens (test modules never import conftest)."""
    return make_settings


@pytest.fixture
def make_app(fake_slack: FakeSlack) -> Callable[..., App]:
    """make_app(index, lang="fr", background=False, **settings) → a real Bolt app on the fake Slack
    (`background=False`: the answer is sent when `dispatch` returns; True: on the app's answer
    threads, as served)."""

    def make(index: Index, lang: str = "fr", background: bool = False, **settings: Any) -> App:
        return create_app(make_settings(lang, **settings), index, client=WebClient(base_url=fake_slack.api_url),
                          background=background)

    return make


@pytest.fixture
def app(make_app: Callable[..., App], seeded_index: Index) -> App:
    """The app over the seeded index; dispatch returns once the listener has answered."""
    return make_app(seeded_index)


def dispatch(app: App, request: SignedRequest) -> BoltResponse:
    """Hand a signed request to the app as the HTTP adapter would."""
    return app.dispatch(request.bolt())


@pytest.fixture
def send() -> Callable[[App, SignedRequest], BoltResponse]:
    return dispatch


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in blocks, joined (for assertions)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for key, value in node.items():
                if key != "text" or not isinstance(value, str):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)


@pytest.fixture
def text_of() -> Callable[[list[dict[str, Any]]], str]:
    return blocks_text


@pytest.fixture
def verified() -> list[dict]:
    """Bodies of the requests that passed Bolt's signature check, recorded by a middleware that
    runs before the HTTP response: a request refused with 401 is not here, and no listener saw it."""
    return []


def recorded_in(seen: list[dict]):  # noqa: ANN201 — a Bolt global middleware
    def record(body: dict, next) -> None:  # noqa: A002 (Bolt's name)
        seen.append(body)
        next()

    return record


@pytest.fixture
def server_url(make_app, seeded_index, settings, verified) -> Iterator[str]:
    """The app (as served: answers on its answer threads, after the ack) behind waitress on a free port, every
    verified request recorded in `verified`."""
    app = make_app(seeded_index, background=True)
    app.use(recorded_in(verified))
    server = http_server(settings(), app, seeded_index, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    stop_serving(server, thread)
