"""Tokens never appear in logs, errors or Slack messages; `.env` is never committed; tokens compare in constant time.

`newsbot serve` (HTTP mode, DEBUG logs, digest watcher on) and `newsbot watch` (the CMS webhook)
run as child processes with known fake token values, against a local fake Slack that fails on
demand. The test drives every surface — answers, a failing Web API, a failing response_url, bad
signatures, a malformed timestamp, a wrong webhook token, a digest refused by Slack, a missing
index — then greps all of stdout and stderr, and every body the fake Slack received, for the
token values. Misconfigured `newsbot serve` runs are checked the same way.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import bot.webhook
from bot.cli import cli
from tests.child import Child

ROOT = Path(__file__).resolve().parents[2]
NEWSBOT = Path(sys.executable).with_name("newsbot")
KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"
RUN = secrets.token_hex(6)
BOT_TOKEN = f"xoxb-1111-2222-BOTSECRET{RUN}"
SIGNING_SECRET = f"SIGNSECRET{RUN}"
APP_TOKEN = f"xapp-1-A1-3333-APPSECRET{RUN}"
INGEST_TOKEN = f"INGESTSECRET{RUN}"
SECRETS = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": APP_TOKEN,
           "NEWSBOT_INGEST_TOKEN": INGEST_TOKEN}


def leaks(text: str) -> list[str]:
    """Names of the secrets found in `text` (whole, or their distinctive part)."""
    return [name for name, value in SECRETS.items() if value in text or value.split("-")[-1] in text]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))}
    env.update({"NO_PROXY": "127.0.0.1,localhost", "PYTHONUNBUFFERED": "1"})
    env.update(values)
    return env


def request(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, data=body, headers=headers or {}), timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def newsbot_child(args: list[str], env: dict[str, str], cwd: Path) -> Child:
    """The installed `newsbot` in a child process: what it prints, at the most verbose level, is the point."""
    return Child([str(NEWSBOT), *args], env, cwd)


def wait_until_up(url: str, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited with {process.returncode}"
        try:
            request(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not come up")


# ---------------------------------------------------------------------------- the running bot


def test_no_token_in_any_output_of_a_running_bot(tmp_path, seeded_index, index_path, fake_slack, payloads, signed_request):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    port = free_port()
    env = child_env(
        **{**SECRETS, "SLACK_APP_TOKEN": ""}, SLACK_API_URL=fake_slack.api_url, PORT=str(port), NEWSBOT_DB=str(index_path),
        NEWSBOT_LOG_LEVEL="DEBUG", NEWSBOT_INBOX=str(inbox), NEWSBOT_INBOX_POLL="0.2", NEWSBOT_DIGEST_CHANNEL="C0DIGEST",
        NEWSBOT_DIGEST_WINDOW="0",
    )
    # Slack refuses the digest and the mention's answer, and fails the response_url for good: a
    # rate limit, retried (slack_sdk logs the retry), then 404 as an expired response_url answers.
    # (Not 500 three times: the child would sleep its real backoff, about 2.5 s.)
    fake_slack.fail("/api/chat.postMessage", 200, times=50, body={"ok": False, "error": "invalid_auth"})
    fake_slack.fail("/respond/failing", 429, retry_after=0)
    fake_slack.fail("/respond/failing", 404, times=50, body="expired_url")
    bot = newsbot_child(["serve"], env, tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + "/healthz", bot.process)

        def signed(req: Any, secret: str = SIGNING_SECRET, **headers: str) -> int:
            again = signed_request(req.body, req.headers["Content-Type"], secret=secret, extra_headers=headers)
            return request(url + "/slack/events", again.body.encode(), again.headers)[0]

        assert signed(payloads.command(KREMLIN)) == 200
        assert signed(payloads.command(KREMLIN, response_url=fake_slack.response_url("failing"))) == 200
        assert signed(payloads.mention(f"<@UBOT> {KREMLIN}", event_id="EvSecret")) == 200
        assert signed(payloads.command(KREMLIN), secret="not-the-secret") == 401
        bad_ts = payloads.command(KREMLIN)
        request(url + "/slack/events", bad_ts.body.encode(), {**bad_ts.headers, "X-Slack-Request-Timestamp": "x"})
        (inbox / "nouvel-article.txt").write_text("Un titre\nUn article arrivé dans la boîte, pour le digest.\n",
                                                 encoding="utf-8")
        assert fake_slack.wait("/respond/cmd")
        bot.wait_for("Slack refused an answer: HTTP 404")  # the failing response_url's log line
        assert len(fake_slack.to("/respond/failing")) == 2  # retried once, then given up
        fake_slack.wait("/api/chat.postMessage", count=2, timeout=15)  # the mention's answer and the digest
        index_path.unlink()  # the index disappears: answers say so, logs too
        assert signed(payloads.command(KREMLIN, response_url=fake_slack.response_url("missing"))) == 200
        fake_slack.wait("/respond/missing")
        bot.wait_for("outcome=index_missing")  # that answer's log line: the last thing to print
    finally:
        output = bot.stop()
    assert "could not deliver" in output or "refused" in output, output[-3000:]  # the failures were logged
    assert "DEBUG" in output  # at the most verbose level
    assert leaks(output) == [], output
    bodies = json.dumps([call.body for call in fake_slack.calls], ensure_ascii=False)
    assert leaks(bodies) == []
    # The token went where it must, and only there: the Authorization header of Web API calls.
    assert all(call.headers.get("Authorization") == f"Bearer {BOT_TOKEN}" for call in fake_slack.calls
               if call.api_method)


def test_no_token_in_the_output_of_the_webhook(tmp_path):
    port = free_port()
    env = child_env(NEWSBOT_INGEST_TOKEN=INGEST_TOKEN, PORT=str(port), NEWSBOT_DB=str(tmp_path / "w.db"),
                    NEWSBOT_LOG_LEVEL="DEBUG")
    watcher = newsbot_child(["watch"], env, tmp_path)
    article = json.dumps({"title": "Titre", "text": "Un article envoyé par le CMS."}).encode()
    replies = []
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + "/healthz", watcher.process)
        for token in ("", "Bearer wrong", f"Bearer {INGEST_TOKEN[:-1]}", f"Basic {INGEST_TOKEN}", f"Bearer {INGEST_TOKEN}"):
            headers = {"Content-Type": "application/json", **({"Authorization": token} if token else {})}
            replies.append(request(url + "/ingest", article, headers))
    finally:
        output = watcher.stop()
    assert [status for status, _ in replies] == [401, 401, 401, 401, 200]
    assert leaks(output + "".join(body.decode() for _, body in replies)) == []


def test_webhook_token_is_compared_in_constant_time(monkeypatch):
    calls = []
    compare = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(bot.webhook.hmac, "compare_digest", spy)
    environ = {"HTTP_AUTHORIZATION": f"Bearer {INGEST_TOKEN}"}
    assert bot.webhook.authorized(environ, INGEST_TOKEN)
    assert not bot.webhook.authorized({"HTTP_AUTHORIZATION": "Bearer x"}, INGEST_TOKEN)
    assert len(calls) == 2


# ---------------------------------------------------------------------------- misconfiguration


@pytest.mark.parametrize("env", [
    {"SLACK_BOT_TOKEN": f"xoxp-{BOT_TOKEN}"},  # a user token where a bot token goes
    {"SLACK_BOT_TOKEN": BOT_TOKEN},  # HTTP mode without a signing secret
    {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": f"xoxb-{APP_TOKEN}"},  # not an app token
    {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": "http://127.0.0.1:9/api/"},
    {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": "not a url"},
    {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": "not a port"},
    {"SLACK_BOT_TOKEN": BOT_TOKEN, "NEWSBOT_DIGEST_CHANNEL": "C1", "NEWSBOT_INBOX": "/no/such/folder",
     "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": "http://127.0.0.1:9/api/"},
], ids=["user-token", "no-signing-secret", "bad-app-token", "unreachable-api", "bad-api-url", "bad-port",
        "bad-inbox"])
def test_misconfigured_serve_never_prints_a_token(tmp_path, env, slack_waits):
    base = {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "", "SLACK_API_URL": "",
            "NEWSBOT_LOG_LEVEL": "DEBUG", "PORT": "", "NEWSBOT_DIGEST_CHANNEL": "", "NEWSBOT_INBOX": ""}
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "serve"], env={**base, **env})
    assert result.exit_code != 0
    shown = result.output + "".join(map(str, [result.exception])) if result.exception else result.output
    assert leaks(shown) == [], shown


def test_rejected_tokens_are_not_echoed(tmp_path, fake_slack):
    fake_slack.fail("/api/auth.test", 200, body={"ok": False, "error": "invalid_auth"})
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "serve"], env={
        "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": fake_slack.api_url, "NEWSBOT_LOG_LEVEL": "DEBUG"})
    assert result.exit_code == 1 and "invalid_auth" in result.output
    assert leaks(result.output) == []


# ---------------------------------------------------------------------------- the repository


def test_env_files_are_never_committed():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], check=False, cwd=ROOT)
    assert ignored.returncode == 0, ".env must be in .gitignore"
    tracked = subprocess.run(["git", "ls-files", "--", ".env", "*.env", "**/.env"], check=False, cwd=ROOT,
                             capture_output=True, text=True).stdout.split()
    assert tracked == []


def test_env_example_has_no_secret_values():
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.startswith("#") and name.strip() in SECRETS:
            assert value.strip() == "", f"{name} must be empty in .env.example"
