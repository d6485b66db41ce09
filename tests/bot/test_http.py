"""HTTP mode end to end: signed requests to the real WSGI server (waitress), as Slack sends them."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request


from bot.serve import http_server
from tests.fake_site import stop_serving

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"
BOT_USER_ID = "UBOT"  # what the fake auth.test answers


def post(url: str, request) -> tuple[int, bytes]:
    """POST a signed request; (status, body)."""
    http = urllib.request.Request(url + "/slack/events", data=request.body.encode(), headers=request.headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(http, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get(url: str) -> tuple[int, dict]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_command_is_acked_at_once_and_answered_through_response_url(server_url, payloads, fake_slack, seeded_index,
                                                                    monkeypatch):
    """Slack wants the ack within 3 s: it must not wait for the answer. The search is held until
    the ack has arrived (an ack that waited would time out, and fail), then the answer comes.
    Ack latency under load: bench/load_during_ingest.py."""
    searching, ack_arrived, ask = threading.Event(), threading.Event(), seeded_index.ask

    def held_ask(question: str, k: int = 5):  # noqa: ANN202
        searching.set()
        assert ack_arrived.wait(30)
        return ask(question, k)

    monkeypatch.setattr(seeded_index, "ask", held_ask)
    status, body = post(server_url, payloads.command(KREMLIN))
    ack_arrived.set()
    assert status == 200 and body == b""
    assert searching.wait(10) and not fake_slack.to("/respond/cmd")  # the answer was still being searched
    [answer] = fake_slack.wait("/respond/cmd")
    assert answer.body["response_type"] == "ephemeral" and "Danilov" in json.dumps(answer.body, ensure_ascii=False)


def test_acks_never_queue_behind_answers(server_url, payloads, fake_slack, seeded_index, monkeypatch):
    """Issue 16: acks waited for a free listener thread (the answers held them). Every search is
    held here, more than the answer threads: every command is still acked, then answered."""
    release, ask = threading.Event(), seeded_index.ask

    def held_ask(question: str, k: int = 5):  # noqa: ANN202
        assert release.wait(30)
        return ask(question, k)

    monkeypatch.setattr(seeded_index, "ask", held_ask)
    results: list[int] = []

    def command(number: int) -> None:
        results.append(post(server_url, payloads.command(KREMLIN, response_url=fake_slack.response_url(f"c{number}")))[0])

    senders = [threading.Thread(target=command, args=(n,)) for n in range(20)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(30)
    assert results == [200] * 20  # all acked while no search could finish
    release.set()
    assert all(fake_slack.wait(f"/respond/c{n}") for n in range(20))


def test_forged_signature_is_refused(server_url, payloads, fake_slack, signed_request, verified):
    forged = payloads.command(KREMLIN)
    forged.headers["X-Slack-Signature"] = "v0=" + "0" * 64
    assert post(server_url, forged)[0] == 401
    other_secret = signed_request(forged.body, "application/x-www-form-urlencoded", secret="not-the-secret")
    assert post(server_url, other_secret)[0] == 401
    assert verified == []  # no listener saw them
    assert post(server_url, payloads.command(KREMLIN))[0] == 200 and len(verified) == 1
    assert len(fake_slack.wait("/respond/cmd")) == 1


def test_six_minute_old_timestamp_is_refused(server_url, payloads, verified):
    stale = payloads.command(KREMLIN, timestamp=int(time.time()) - 6 * 60)
    assert post(server_url, stale)[0] == 401
    assert verified == []


def test_url_verification(server_url, signed_request):
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "legacy"})
    status, answer = post(server_url, signed_request(body, "application/json"))
    assert status == 200 and json.loads(answer)["challenge"] == "abc123"


def test_event_redelivered_over_http_is_acked_and_answered_once(server_url, payloads, fake_slack, log_lines):
    text = f"<@{BOT_USER_ID}> {KREMLIN}"
    assert post(server_url, payloads.mention(text, event_id="EvHttp"))[0] == 200
    retry = payloads.mention(text, event_id="EvHttp", extra_headers={"X-Slack-Retry-Num": "1"})
    assert post(server_url, retry)[0] == 200
    log_lines.wait("surface=mention outcome=ok")  # the first delivery answered…
    log_lines.wait("outcome=duplicate")  # …and the listener of the second one done, posting nothing
    assert len(fake_slack.api("chat.postMessage")) == 1


def test_health_and_unknown_paths(server_url, index_path):
    assert get(server_url + "/healthz") == (200, {"status": "ok", "index": "ready"})
    assert get(server_url + "/nope")[0] == 404
    assert get(server_url + "/slack/events")[0] == 405
    index_path.unlink()
    assert get(server_url + "/healthz")[0] == 503


def test_health_of_an_empty_index(make_app, empty_index, settings):
    app = make_app(empty_index)
    server = http_server(settings(), app, empty_index, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        assert get(f"http://127.0.0.1:{server.effective_port}/healthz") == (200, {"status": "ok", "index": "empty"})
    finally:
        stop_serving(server, thread)


def test_cms_webhook_is_mounted_in_http_mode(make_app, seeded_index, settings) -> None:
    """POST /ingest beside /slack/events when NEWSBOT_INGEST_TOKEN is set; refused without it."""
    app = make_app(seeded_index, background=True)
    configured = settings(ingest_token="s3cret-ingest")
    server = http_server(configured, app, seeded_index, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}/ingest"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    article = {"id": "cms-1", "title": "Grève à la SNCF", "text": "Les cheminots « ne lâcheront rien », a déclaré Laurent Brun."}

    def send(token: str | None) -> int:
        headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
        request = urllib.request.Request(url, data=json.dumps(article).encode(), headers=headers, method="POST")
        try:
            with opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        assert send(None) == 401 and send("wrong") == 401
        assert not seeded_index.ask("cheminots").hits
        assert send("s3cret-ingest") == 200
        assert seeded_index.ask("cheminots").hits[0].article.id == "cms-1"
    finally:
        stop_serving(server, thread)


def test_serve_and_watch_build_the_same_wsgi_app(make_app, seeded_index, settings) -> None:
    """One builder: health always, Slack only when serving, the webhook when its token is set —
    and in HTTP mode too, the webhook wakes the digest poster."""
    from io import BytesIO

    from bot.http import create_wsgi_app

    configured = settings(ingest_token="s3cret-ingest")
    woken: list[list[str]] = []
    assert set(create_wsgi_app(settings(), seeded_index).routes) == {"/healthz"}
    assert set(create_wsgi_app(configured, seeded_index).routes) == {"/healthz", "/ingest"}
    serving = create_wsgi_app(configured, seeded_index, make_app(seeded_index), on_ingested=woken.append)
    assert set(serving.routes) == {"/healthz", "/ingest", "/slack/events"}
    body = json.dumps({"id": "cms-2", "title": "Grève", "text": "Les cheminots sont en grève."}).encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/ingest", "CONTENT_TYPE": "application/json",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": BytesIO(body),
               "HTTP_AUTHORIZATION": "Bearer s3cret-ingest"}
    statuses: list[str] = []
    b"".join(serving(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["200 OK"] and woken == [["cms-2"]]
