"""The CMS webhook, POST /ingest: bearer token, JSON article contract, indexed and pending for the digest."""

from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot.settings import Settings
from bot.watch import webhook_server
from bot.webhook import IngestWebhook, bearer_token
from index.digest import outbox
from index.archive import Index
from tests.fake_site import NBSP, OURS, VENDANGES, serve_in_thread

TOKEN = "s3cret-token-du-cms"
OURS_RECORD = {"id": "ours-1", "title": "Ours : 10 millions d’euros", "text": "\n\n".join(OURS),
               "url": "https://gazette.example/ours", "source": "La Gazette", "published": "2020-07-02"}


def call(app: Any, body: bytes | str = b"", method: str = "POST", token: str | None = TOKEN,
         content_type: str = "application/json", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    environ = {"REQUEST_METHOD": method, "PATH_INFO": "/ingest", "CONTENT_TYPE": content_type,
               "CONTENT_LENGTH": str(len(raw)), "wsgi.input": io.BytesIO(raw), **(headers or {})}
    if token is not None:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = int(status.split()[0]), dict(response_headers)

    data = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], json.loads(data)


@pytest.fixture
def hook(fresh_db: Index) -> IngestWebhook:
    return IngestWebhook(fresh_db, Settings(ingest_token=TOKEN))


def test_without_the_token_401(hook: IngestWebhook, fresh_db: Index) -> None:
    for token in (None, "", "wrong", TOKEN + "x", TOKEN[:-1]):
        status, headers, body = call(hook, json.dumps(OURS_RECORD), token=token)
        assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer") and not body["ok"]
    status, _, _ = call(hook, json.dumps(OURS_RECORD), token=None, headers={"HTTP_AUTHORIZATION": f"Basic {TOKEN}"})
    assert status == 401
    assert fresh_db.is_empty() and outbox.pending(fresh_db) == []


def test_with_the_token_indexed_and_pending(hook: IngestWebhook, fresh_db: Index) -> None:
    woken: list[list[str]] = []
    hook.on_ingested = woken.append
    status, _, body = call(hook, json.dumps(OURS_RECORD, ensure_ascii=False))
    assert status == 200 and body == {"ok": True, "results": [{"record": 1, "id": "ours-1", "status": "added"}]}
    stored = fresh_db.article("ours-1")
    assert stored.source == "La Gazette" and stored.published == "2020-07-02" and NBSP in stored.text
    assert [p.article_id for p in outbox.pending(fresh_db)] == ["ours-1"] and woken == [["ours-1"]]
    status, _, body = call(hook, json.dumps(OURS_RECORD, ensure_ascii=False))  # the CMS sends it again
    assert body["results"][0]["status"] == "unchanged" and len(woken) == 1


def test_an_array_with_a_bad_record(hook: IngestWebhook, fresh_db: Index) -> None:
    records = [OURS_RECORD, {"title": "Sans texte"}, {"title": "Vendanges", "text": "\n\n".join(VENDANGES), "id": 7}]
    status, _, body = call(hook, json.dumps(records))
    assert status == 200
    assert body["results"] == [{"record": 1, "id": "ours-1", "status": "added"},
                               {"record": 2, "error": "missing 'text'"},
                               {"record": 3, "id": "7", "status": "added"}]


@pytest.mark.parametrize("body, content_type, status, error", [
    ("{pas du json", "application/json", 400, "not valid JSON"),
    (b"\xff\xfe\x00", "application/json", 400, "UTF-8"),
    ('{"title": "Sans texte"}', "application/json", 422, "no article"),
    ("[]", "application/json", 422, "no article"),
    ("title=x", "application/x-www-form-urlencoded", 415, "JSON"),
])
def test_bad_bodies(hook: IngestWebhook, body: str, content_type: str, status: int, error: str) -> None:
    got, _, answer = call(hook, body, content_type=content_type)
    assert got == status and error in answer["error"]


def test_method_length_and_switched_off(hook: IngestWebhook, fresh_db: Index) -> None:
    assert call(hook, method="GET")[0] == 405
    assert call(hook, "x" * 100, headers={"CONTENT_LENGTH": ""})[0] == 411
    small = IngestWebhook(fresh_db, Settings(ingest_token=TOKEN), max_bytes=10)
    status, _, body = call(small, json.dumps(OURS_RECORD))
    assert status == 413 and "over 10 bytes" in body["error"]
    assert call(IngestWebhook(fresh_db, Settings()), json.dumps(OURS_RECORD), token="")[0] == 404


def test_bearer_token_parsing() -> None:
    assert bearer_token({"HTTP_AUTHORIZATION": "bearer  abc "}) == "abc"
    assert bearer_token({"HTTP_AUTHORIZATION": "Bearer"}) is None
    assert bearer_token({}) is None


@pytest.fixture
def server(fresh_db: Index) -> Iterator[str]:
    woken = threading.Event()
    running = webhook_server(Settings(ingest_token=TOKEN), fresh_db, lambda _ids: woken.set(),
                             host="127.0.0.1", port=0)
    thread = serve_in_thread(running)
    yield f"http://127.0.0.1:{running.effective_port}"
    running.close()
    thread.join(5)


def post(url: str, body: bytes, token: str | None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_over_http(server: str, fresh_db: Index) -> None:
    body = json.dumps(OURS_RECORD).encode("utf-8")
    assert post(f"{server}/ingest", body, None)[0] == 401
    assert post(f"{server}/ingest", body, TOKEN) == (200, {"ok": True, "results": [
        {"record": 1, "id": "ours-1", "status": "added"}]})
    with urllib.request.urlopen(f"{server}/healthz", timeout=10) as response:
        assert json.loads(response.read())["index"] == "ready"
    assert post(f"{server}/autre", body, TOKEN)[0] == 404


def test_records_over_the_article_size_setting_are_refused(fresh_db: Index) -> None:
    """NEWSBOT_MAX_ARTICLE_BYTES applies to what the CMS posts, as to files and pages."""
    settings = Settings.from_env({"NEWSBOT_INGEST_TOKEN": TOKEN, "NEWSBOT_MAX_ARTICLE_BYTES": "100"})
    running = webhook_server(settings, fresh_db, lambda _ids: None, host="127.0.0.1", port=0)
    thread = serve_in_thread(running)
    try:
        big = {"id": "big", "title": "Trop long", "text": "é" * 500 + "x" * 50}  # 1,050 bytes of UTF-8
        small = {"id": "small", "title": "Court", "text": "Un texte court."}
        url = f"http://127.0.0.1:{running.effective_port}/ingest"
        status, body = post(url, json.dumps([big, small]).encode("utf-8"), TOKEN)
    finally:
        running.close()
        thread.join(5)
    assert status == 200
    refused, added = body["results"]
    assert refused["record"] == 1 and "over the 100 bytes limit" in refused["error"]
    assert "NEWSBOT_MAX_ARTICLE_BYTES" in refused["error"]
    assert added == {"record": 2, "id": "small", "status": "added"}
    assert fresh_db.article("big") is None
