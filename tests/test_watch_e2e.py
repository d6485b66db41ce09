"""End to end: inbox, feeds and webhook in; digests out to a fake Slack; a crash loses and repeats nothing.

Everything is local: a fake newsroom site (feeds and pages) and a fake Slack Web API, both on
127.0.0.1, port 0. Poll intervals are short; where several articles must make one digest, the
window is long and the test closes it once they are all pending (the window itself is
tests/test_outbox.py's, on a fake clock), so that no timing decides what a digest holds. Tests
wait for what they check (a post, a log line, a file moved), never for a fixed time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.app import web_client
from bot.settings import Settings
from bot.watch import Watcher, webhook_server
from index.archive import Index, open_index
from tests.bot.conftest import FakeSlack
from tests.child import Child
from tests.conftest import ROOT, SEEDS, LogLines, newsbot
from tests.fake_site import (OURS, POUTINE, VENDANGES, FakeSite, Item, Page, article_page, atom, rss,
                             serve_in_thread, stop_serving)

POST = "/api/chat.postMessage"
TOKEN = "jeton-du-cms"


def wait_until(condition: Callable[[], Any], timeout: float = 15.0, message: str = "") -> Any:
    """The first true value of `condition()`, polled; fails after `timeout` s (a hang guard)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting: {message}")


def texts(fake: FakeSlack) -> list[str]:
    return [c.body["text"] for c in fake.api("chat.postMessage")]


def sections(call: Any) -> list[str]:
    return [b["text"]["text"] for b in call.body["blocks"] if b["type"] == "section"]


@pytest.fixture
def site() -> Iterator[FakeSite]:
    fake = FakeSite()
    yield fake
    fake.close()


@pytest.fixture
def settings(tmp_path: Path, fake_slack: FakeSlack) -> Settings:
    (tmp_path / "inbox").mkdir()
    return Settings(db=str(tmp_path / "newsbot.db"), slack_bot_token="xoxb-test", slack_api_url=fake_slack.api_url,
                    digest_channel="C_DIGEST", inbox=str(tmp_path / "inbox"), digest_window=0.8, inbox_poll=0.2,
                    feed_interval=0.5, fetch_timeout=5)


@pytest.fixture
def run_watcher() -> Iterator[Callable[[Settings], tuple[Watcher, Index]]]:
    started: list[Watcher] = []

    def start(settings: Settings) -> tuple[Watcher, Index]:
        index = open_index(settings.db)
        watcher = Watcher(settings, index, web_client(settings)).start()
        started.append(watcher)
        return watcher, index

    yield start
    for watcher in started:
        watcher.stop()


def close_the_window(watcher: Watcher) -> None:
    """As if the digest window had passed: the poster posts what is pending, at once."""
    assert watcher.poster is not None
    watcher.poster.window = 0.0
    watcher.notify()


def ours_json(id_: str = "ours-1") -> str:
    return json.dumps({"id": id_, "title": "Ours : 10 millions d’euros pour les éleveurs", "text": "\n\n".join(OURS),
                       "source": "La Gazette", "url": "https://gazette.example/ours", "published": "2020-07-02"},
                      ensure_ascii=False)


def test_files_dropped_make_one_digest_with_the_right_stories(settings: Settings, fake_slack: FakeSlack,
                                                              run_watcher: Callable, log_lines: LogLines) -> None:
    watcher, index = run_watcher(replace(settings, digest_window=3600))
    inbox, staging = Path(settings.inbox), Path(settings.inbox).parent / "export"
    staging.mkdir()
    for seed in SEEDS.iterdir():
        shutil.copy(seed, staging / seed.name)
    (staging / "ours.json").write_text(ours_json(), encoding="utf-8")
    (staging / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # refused, logged, does not block
    # The CMS's export lands: files moved in whole, in name order — the first seed to arrive leads
    # the story, and in directory order 001 could land (and be indexed) first.
    for path in sorted(staging.iterdir()):
        os.replace(path, inbox / path.name)
    wait_until(lambda: pending_in(settings.db) == 3 and (inbox / ".failed" / "photo.txt").exists(),
               message="the files handled")
    assert fake_slack.api("chat.postMessage") == []  # the window is open
    close_the_window(watcher)
    log_lines.wait("digest: 3 article(s) posted")  # the posting round is over
    (call,) = fake_slack.api("chat.postMessage")
    assert call.body["channel"] == "C_DIGEST"
    assert call.body["text"].startswith("3 nouveaux articles · 2 sujets")
    first, listed, second = sections(call)
    assert first.startswith("*Le président russe Vladimir Poutine a affirmé")  # the seeds: one story
    assert "Vladimir Poutine" in first  # its key quote's speaker, from the stored quotes
    assert len(listed.splitlines()) == 2  # …and both its articles, each with its own title, outlet and date
    assert second.startswith("*<https://gazette.example/ours|Ours : 10 millions d’euros pour les éleveurs>*")
    assert "2 sources" in json.dumps(call.body["blocks"], ensure_ascii=False)
    assert pending_in(settings.db) == 0  # nothing left to post: no second digest can come


def test_the_same_file_dropped_twice_is_posted_once(settings: Settings, fake_slack: FakeSlack,
                                                   run_watcher: Callable, log_lines: LogLines) -> None:
    run_watcher(replace(settings, digest_window=0))
    inbox = Path(settings.inbox)
    (inbox / "ours.json").write_text(ours_json(), encoding="utf-8")
    log_lines.wait("digest: 1 article(s) posted")
    (inbox / "ours.json").write_text(ours_json(), encoding="utf-8")  # the CMS exports it again
    log_lines.wait("(0 new or changed article(s), 1 unchanged)")  # the second copy read: nothing new
    assert (inbox / ".done" / "ours-2.json").exists()
    assert pending_in(settings.db) == 0 and len(fake_slack.api("chat.postMessage")) == 1


def test_feeds_a_new_item_makes_a_digest_of_its_own(settings: Settings, fake_slack: FakeSlack, site: FakeSite,
                                                     run_watcher: Callable, log_lines: LogLines) -> None:
    site.pages["/rss"] = Page(rss("La Dépêche", [
        Item("Poutine déploie des armes nucléaires au Bélarus", f"{site.url}/poutine",
             content="".join(f"<p>{p}</p>" for p in POUTINE)),
    ]), content_type="application/rss+xml")
    site.pages["/atom"] = Page(atom("Le Courrier", [Item("Vendanges précoces en Champagne", f"{site.url}/vendanges")]),
                               content_type="application/atom+xml")
    site.pages["/vendanges"] = Page(article_page("Vendanges précoces en Champagne", VENDANGES))
    feeds = (f"{site.url}/rss", f"{site.url}/atom", f"{site.url}/absent", "pas-une-url")
    watcher, _ = run_watcher(replace(settings, inbox=None, feeds=feeds, digest_window=3600))
    wait_until(lambda: pending_in(settings.db) == 2, message="both feeds' items indexed")
    close_the_window(watcher)
    log_lines.wait("digest: 2 article(s) posted")
    (first,) = fake_slack.api("chat.postMessage")
    assert first.body["text"].startswith("2 nouveaux articles · 2 sujets")
    assert f"<{site.url}/poutine|" in "".join(sections(first))  # stories of one article each: arrival order
    assert "La Dépêche" in json.dumps(first.body["blocks"], ensure_ascii=False)
    # The feed gains an item: the next digest has it alone.
    site.pages["/rss"] = Page(rss("La Dépêche", [
        Item("Ours : 10 millions d’euros", f"{site.url}/ours", content="".join(f"<p>{p}</p>" for p in OURS)),
        Item("Poutine déploie des armes nucléaires au Bélarus", f"{site.url}/poutine",
             content="".join(f"<p>{p}</p>" for p in POUTINE)),
    ]), content_type="application/rss+xml")
    log_lines.wait("digest: 1 article(s) posted")
    calls = fake_slack.api("chat.postMessage")
    assert len(calls) == 2 and calls[1].body["text"].startswith("1 nouvel article · 1 sujet : Ours")
    assert not site.hits("/poutine")  # items are not fetched again


def test_webhook_without_the_token_401_with_it_indexed_and_digested(settings: Settings, fake_slack: FakeSlack,
                                                                    run_watcher: Callable) -> None:
    watcher, index = run_watcher(replace(settings, inbox=None, ingest_token=TOKEN, digest_window=0))
    server = webhook_server(watcher.settings, index, watcher.notify, host="127.0.0.1", port=0)
    thread = serve_in_thread(server)
    try:
        url = f"http://127.0.0.1:{server.effective_port}/ingest"
        body = ours_json("cms-42").encode("utf-8")
        for headers in ({}, {"Authorization": "Bearer mauvais"}):
            request = urllib.request.Request(url, data=body, method="POST",
                                             headers={"Content-Type": "application/json", **headers})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 401
        assert index.article("cms-42") is None
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["results"][0]["status"] == "added"
        (call,) = fake_slack.wait(POST)
        assert call.body["text"].startswith("1 nouvel article · 1 sujet : Ours")
    finally:
        stop_serving(server, thread)


# ---------------------------------------------------------------------------- a real process, killed


def watcher_child(settings: Settings, cwd: Path, **env: str) -> Child:
    """`newsbot watch` in a child process: killing it with SIGKILL, as a crash would, is the point."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))}
    environment.update({
        "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1,localhost", "NEWSBOT_DB": settings.db,
        "NEWSBOT_INBOX": settings.inbox or "", "NEWSBOT_DIGEST_CHANNEL": "C_DIGEST",
        "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": settings.slack_api_url or "", "NEWSBOT_INBOX_POLL": "0.2",
        **env,
    })
    return Child([sys.executable, "-m", "bot.cli", "watch"], environment, cwd)


def pending_in(db: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM digest_outbox WHERE posted_at IS NULL").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_between_indexing_and_posting_posts_once_after_restart(settings: Settings, fake_slack: FakeSlack,
                                                                      tmp_path: Path) -> None:
    inbox = Path(settings.inbox)
    child = watcher_child(settings, tmp_path, NEWSBOT_DIGEST_WINDOW="3600")  # a long window: posting waits
    try:
        for seed in SEEDS.iterdir():
            shutil.copy(seed, inbox / seed.name)
        wait_until(lambda: pending_in(settings.db) == 2, timeout=30, message="indexed and pending")
    finally:
        child.kill()
    assert fake_slack.api("chat.postMessage") == []
    # Restart: Slack fails once (500), then rate-limits once (429, Retry-After), then accepts.
    fake_slack.fail(POST, 500)
    fake_slack.fail(POST, 429, retry_after=0)
    child = watcher_child(settings, tmp_path, NEWSBOT_DIGEST_WINDOW="0")
    try:
        child.wait_for("posted to C_DIGEST")
        output = child.stop(signal.SIGTERM)
    finally:
        if child.process.poll() is None:
            child.kill()
    assert pending_in(settings.db) == 0
    calls = fake_slack.api("chat.postMessage")
    assert len(calls) == 3  # 500, 429, then the one Slack accepted
    assert calls[-1].body["text"].startswith("2 nouveaux articles · 1 sujet")
    assert "Traceback" not in output and "posted to C_DIGEST" in output
    assert sorted(p.name for p in (inbox / ".done").iterdir()) == sorted(p.name for p in SEEDS.iterdir())


# ---------------------------------------------------------------------------- the commands


def test_digest_commands(tmp_path: Path, fake_slack: FakeSlack) -> None:
    assert newsbot("ingest", str(SEEDS), cwd=tmp_path).exit_code == 0
    shown = newsbot("digest", "--dry-run", cwd=tmp_path)
    assert shown.exit_code == 0 and shown.stdout.startswith("2 nouveaux articles · 1 sujet\n\n1. Le président russe")
    refused = newsbot("digest", cwd=tmp_path)
    assert refused.exit_code == 1 and "NEWSBOT_DIGEST_CHANNEL is not set" in refused.stderr
    posted = newsbot("digest", cwd=tmp_path, env={"NEWSBOT_DIGEST_CHANNEL": "C_DIGEST", "SLACK_BOT_TOKEN": "xoxb-test",
                                                  "SLACK_API_URL": fake_slack.api_url})
    assert posted.exit_code == 0 and "2 article(s) posted in 1 message(s) to C_DIGEST" in posted.stdout
    assert newsbot("digest", "--dry-run", cwd=tmp_path).stdout.strip() == "Aucun nouvel article en attente."
    (tmp_path / "ours.json").write_text(ours_json(), encoding="utf-8")
    assert newsbot("ingest", "--no-digest", str(tmp_path / "ours.json"), cwd=tmp_path).exit_code == 0
    assert "Aucun nouvel article" in newsbot("digest", "--dry-run", cwd=tmp_path).stdout
    nothing = newsbot("watch", cwd=tmp_path)
    assert nothing.exit_code == 1 and "Nothing to watch" in nothing.stderr and "Traceback" not in nothing.stderr
    assert len(fake_slack.api("chat.postMessage")) == 1
