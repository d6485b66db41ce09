"""`newsbot doctor`, run as an admin runs it, against the fake Slack, a local feed site and real files.

A healthy setup gives a list of ✓ and exit status 0, and the same as one JSON object. Each
thing that goes wrong — no network, a revoked token, a scope missing, the digest channel
archived or not joined, a feed gone, the outbox stuck, a malformed setting, an index that is
missing, unreadable, damaged, not newsbot's or from a newer newsbot, a full disk — gives one ✗
line saying what and how to fix it, exit status 1, never a traceback, never a token.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.digest import outbox
from index.store.schema import MIGRATIONS
from tests.bot.conftest import BOT_TOKEN, FakeSlack
from tests.conftest import newsbot
from tests.fake_site import FakeSite, Item, Page, rss
from tests.spoiled_index import NEWER_SCHEMA, newer, other_sqlite

NEWSBOT = Path(sys.executable).with_name("newsbot")
APP_TOKEN = "xapp-1-A1-3333-appsecret"
FEED_KEY = "k3y-in-the-url"


@pytest.fixture
def site() -> Iterator[FakeSite]:
    fake = FakeSite()
    fake.pages[f"/rss.xml?key={FEED_KEY}"] = Page(rss("La Gazette", [Item("Un titre", "http://example.org/a")]),
                                                    content_type="application/rss+xml")
    yield fake
    fake.close()


@pytest.fixture
def env(fake_slack: FakeSlack, site: FakeSite) -> dict[str, str]:
    """Settings of a healthy Socket Mode install with a digest channel and a feed."""
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": fake_slack.api_url,
            "NEWSBOT_DIGEST_CHANNEL": "C0DIGEST", "NEWSBOT_FEEDS": f"{site.url}/rss.xml?key={FEED_KEY}",
            "NO_PROXY": "127.0.0.1,localhost"}


def doctor(db: Path, env: dict[str, str], *options: str):  # noqa: ANN201 — a click Result
    result = newsbot("--db", str(db), "doctor", *options, cwd=db.parent, env=env)
    assert "Traceback" not in result.output + result.stderr
    assert not [secret for secret in (BOT_TOKEN, APP_TOKEN, FEED_KEY) if secret in result.output]
    return result


def lines(result, mark: str = "✗") -> list[str]:  # noqa: ANN001
    return [line for line in result.stdout.splitlines() if line.startswith(mark + " ")]


def test_a_healthy_install_is_all_ticks(seeded_index, env, fake_slack):
    outbox.discard_pending(seeded_index)  # the seeds' digest is done
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 0, result.stdout
    assert lines(result) == [] and result.stdout.rstrip().endswith("Nothing to fix.")
    ticks = "\n".join(lines(result, "✓"))
    for said in ("settings: Socket Mode", f"index: {seeded_index.path}: schema {len(MIGRATIONS)}, 3 articles",
                 "disk:", "slack: connected to workspace Newsroom as newsbot", "scopes: all 8 scopes of manifest.yml",
                 "socket mode: SLACK_APP_TOKEN accepted", "digest channel: #redaction (C0DIGEST): newsbot is a member",
                 "/rss.xml answers with a feed", "outbox: no article waiting for the digest"):
        assert said in ticks, said
    assert [c.body.get("channel") for c in fake_slack.api("conversations.info")] == ["C0DIGEST"]
    assert not fake_slack.api("chat.postMessage")  # the doctor posts nothing
    report = json.loads(doctor(seeded_index.path, env, "--json").stdout)
    assert report["ok"] is True and report["problems"] == 0
    assert {c["check"] for c in report["checks"]} == {"settings", "index", "disk", "slack", "scopes", "socket mode",
                                                      "digest channel", "feed", "outbox"}
    assert all(c["status"] in ("ok", "skip") for c in report["checks"])


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def test_no_network(seeded_index, env):
    port = closed_port()
    env.update(SLACK_API_URL=f"http://127.0.0.1:{port}/api/", NEWSBOT_FEEDS=f"http://127.0.0.1:{port}/rss.xml")
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 1
    [slack, feed] = lines(result)
    assert slack.startswith(f"✗ slack: cannot reach Slack at http://127.0.0.1:{port}/api/")
    assert "→ check this machine's network and proxy (HTTPS_PROXY), and SLACK_API_URL" in slack
    assert feed.startswith(f"✗ feed: http://127.0.0.1:{port}/rss.xml: cannot reach it")


@pytest.mark.parametrize(("error", "said"), [
    ("token_revoked", "✗ slack: Slack says the bot token was revoked (token_revoked) → in the app's settings"),
    ("invalid_auth", "✗ slack: Slack does not accept SLACK_BOT_TOKEN (invalid_auth) → copy the Bot User OAuth Token"),
    ("account_inactive", "✗ slack: the app is no longer installed in the workspace (account_inactive)"),
])
def test_a_token_slack_refuses(error, said, seeded_index, env, fake_slack):
    fake_slack.fail("/api/auth.test", 200, times=2, body={"ok": False, "error": error})
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 1
    assert [line for line in lines(result) if said in line] == lines(result)
    assert not fake_slack.api("conversations.info")  # nothing more is asked with a token that does not work


def test_a_token_lacking_a_scope(seeded_index, env, fake_slack):
    fake_slack.scopes = "commands,chat:write,app_mentions:read,im:history,im:write,channels:read,groups:read"
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 1
    assert lines(result) == [
        "✗ scopes: the token lacks chat:write.public (chat:write.public: the digest in a channel newsbot has not "
        "joined) → add them under OAuth & Permissions › Bot Token Scopes (or paste manifest.yml again under App "
        "Manifest), then Reinstall to Workspace"]


@pytest.mark.parametrize(("channel", "said"), [
    ({"name": "archives", "is_archived": True}, "✗ digest channel: #archives (C0DIGEST) is archived"),
    ({"name": "secret", "is_private": True, "is_member": False}, "✗ digest channel: newsbot is not in #secret (C0DIGEST)"
                                                                  " → type /invite @newsbot in #secret (C0DIGEST)"),
    (None, "✗ digest channel: Slack finds no channel C0DIGEST"),
])
def test_a_digest_channel_newsbot_cannot_post_to(channel, said, seeded_index, env, fake_slack):
    fake_slack.channels["C0DIGEST"] = channel
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 1 and [line for line in lines(result) if line.startswith(said)] == lines(result)


def test_a_public_channel_not_joined_is_fine_with_chat_write_public(seeded_index, env, fake_slack):
    fake_slack.channels["C0DIGEST"] = {"name": "une", "is_member": False}
    outbox.discard_pending(seeded_index)
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 0 and "✓ digest channel: #une (C0DIGEST): public, newsbot posts there" in result.stdout


def test_a_feed_that_is_not_a_feed_and_one_gone(seeded_index, env, site):
    site.pages["/page.html"] = Page("<html><body><p>Une page</p></body></html>")
    env["NEWSBOT_FEEDS"] = f"{site.url}/page.html {site.url}/gone.xml"
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 1
    assert lines(result) == [
        f"✗ feed: {site.url}/page.html answers 200 but not with an RSS or Atom feed → use the feed's own URL (often "
        "…/feed or …/rss.xml), not the page's",
        f"✗ feed: {site.url}/gone.xml: the server answered 404 Not Found → check the URL in NEWSBOT_FEEDS, and this "
        "machine's network and proxy"]


def test_alerts_waiting_for_a_channel_newsbot_cannot_post_to_are_named_with_the_fix(seeded_index, env):
    from index.alerts import deliveries, subscriptions

    outbox.discard_pending(seeded_index)
    subscriptions.follow(seeded_index, "G1", subscriptions.interpret(seeded_index, "sujet Kremlin"))
    with seeded_index.transaction() as conn:
        conn.execute("INSERT INTO alert_outbox (subscription_id, article_id, target, reason, queued_at)"
                     " SELECT 1, id, 'G1', 'Kremlin', ? FROM articles LIMIT 2", [time.time() - 7200])
    claimed = deliveries.claim(seeded_index, "G1", "a poster")
    deliveries.mark_failed(seeded_index, [a.key for a in claimed], "Slack answered 200: not_in_channel")
    result = doctor(seeded_index.path, env)
    assert lines(result, "!") == [
        "! alerts: 2 alert(s) for G1 waiting for 2.0 h, last error: Slack answered 200: not_in_channel → invite "
        "newsbot there (/invite @newsbot), or remove them with /ask abonnements in G1"]


def test_a_stuck_outbox_says_how_old_and_why(seeded_index, env):
    old = time.time() - 3 * 3600
    with seeded_index.transaction() as conn:  # three articles pending for three hours, the last post refused
        conn.execute("UPDATE digest_outbox SET queued_at = ?", [old])
    ids = [p.article_id for p in outbox.pending(seeded_index)]
    outbox.mark_failed(seeded_index, ids, "Slack answered 404: channel_not_found", now=old + 60)
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 1
    assert lines(result) == [
        "✗ outbox: 3 article(s) waiting for the digest, the oldest for 3.0 h; 3 failed to post, last error: Slack "
        "answered 404: channel_not_found → see the digest channel and Slack lines above; `newsbot digest` posts now "
        "and says why it cannot"]


def test_every_malformed_setting_is_listed_and_the_rest_still_checked(seeded_index, env):
    env.update(PORT="trois-mille", NEWSBOT_DIGEST_WINDOW="-5")
    result = doctor(seeded_index.path, env)
    assert result.exit_code == 1
    assert lines(result) == [
        "✗ settings: PORT must be a whole number (got 'trois-mille'); leave it empty for the default, 3000 → fix it in "
        ".env (see .env.example)",
        "✗ settings: NEWSBOT_DIGEST_WINDOW must not be negative (got '-5'); leave it empty for the default, 60 → fix it "
        "in .env (see .env.example)"]
    assert "✓ slack: connected" in result.stdout
    other = newsbot("--db", str(seeded_index.path), "stats", cwd=seeded_index.path.parent, env=env)
    assert other.exit_code == 1 and "PORT must be a whole number" in other.stderr  # other commands stop at once


# ---------------------------------------------------------------------------- the index file


def garbage(db: Path) -> None:
    db.write_bytes(b"\x00\x01 not a database at all " * 100)


def damaged(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[100:4096] = os.urandom(3996)  # the schema's page
    db.write_bytes(bytes(data))


def missing(db: Path) -> None:
    db.unlink()


@pytest.mark.parametrize(("spoil", "said"), [
    (missing, "no index at {db} → fill it with `newsbot ingest PATH_OR_URL`"),
    (garbage, "{db} is not an SQLite file → set NEWSBOT_DB to the index, or restore the latest backup: newsbot "
              "restore --force BACKUP"),
    (damaged, "{db} is damaged ("),
    (other_sqlite, "{db} is an SQLite file but not a newsbot index (no articles table)"),
    (newer, "{db} was made by a newer newsbot (schema %d; this one knows %d) → upgrade newsbot"
            % (NEWER_SCHEMA, len(MIGRATIONS))),
], ids=lambda v: getattr(v, "__name__", ""))
def test_an_index_this_newsbot_cannot_use(spoil, said, seeded_index, env):
    db = seeded_index.path
    seeded_index.close()
    for leftover in db.parent.glob(db.name + "-*"):
        leftover.unlink()
    spoil(db)
    result = doctor(db, env)
    assert result.exit_code == 1
    assert [line for line in lines(result) if line.startswith("✗ index: " + said.format(db=db))] == lines(result)
    assert "– outbox: not read" in result.stdout
    assert "✓ slack: connected" in result.stdout  # the other checks still ran


def test_an_index_the_user_cannot_read(seeded_index, env, tmp_path):
    """As the bot's user would find an index made by root: permission denied, and what to do."""
    db = seeded_index.path
    seeded_index.close()
    if os.geteuid() != 0:
        db.chmod(0)
        result = doctor(db, env)
        db.chmod(0o644)
        assert result.exit_code == 1 and f"✗ index: {db} cannot be read by" in result.stdout
        return
    # Root reads everything: the doctor runs as root without the capabilities that override file
    # permissions, on an index owned by another user and readable by it alone.
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv(1) to drop root's file-permission override")
    os.chown(db, 4242, 4242)
    db.chmod(0o600)
    caps = "-dac_override,-dac_read_search"
    child = subprocess.run(["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", str(NEWSBOT), "--db",
                            str(db), "doctor"], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                           env={**{k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))},
                                **env})
    if "cannot be read by" not in child.stdout and "Operation not permitted" in child.stderr:
        pytest.skip(f"cannot drop capabilities here: {child.stderr.strip()}")
    assert child.returncode == 1 and "Traceback" not in child.stderr
    [line] = [line for line in child.stdout.splitlines() if line.startswith("✗ index:")]
    assert line == (f"✗ index: {db} cannot be read by root (permission denied) → run the doctor as the bot's user "
                    f"(sudo -u newsbot …), or give that user the file: sudo chown newsbot: {db}")


def test_a_full_disk(seeded_index, env, tmp_path):
    """The index on a nearly full file system (a 4 MB tmpfs, in a private mount namespace)."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to mount a small file system")
    mount = tmp_path / "mnt"
    mount.mkdir()
    seeded_index.close()
    script = ('mount -t tmpfs -o size=4m tmpfs "$1" || exit 97; cp "$2" "$1/newsbot.db"; '
              'exec "$3" --db "$1/newsbot.db" doctor')
    child = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", str(mount),
                            str(seeded_index.path), str(NEWSBOT)], capture_output=True, text=True, timeout=120,
                           env={**{k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))},
                                **env})
    if child.returncode == 97:
        pytest.skip(f"cannot mount a tmpfs here: {child.stderr.strip()}")
    assert child.returncode == 1 and "Traceback" not in child.stderr
    [line] = [line for line in child.stdout.splitlines() if line.startswith("✗ ")]
    assert line.startswith("✗ disk: ") and f"MB free of 4.2 MB in {mount}" in line
    assert line.endswith("→ free some space: ingests, the digest and backups stop when the disk is full")


def test_index_files_left_by_another_user(seeded_index, env):
    """`sudo newsbot …` run as root beside the service leaves a -wal file the bot's user cannot open."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give a file to another user")
    db = seeded_index.path
    outbox.discard_pending(seeded_index)  # a write: the -wal and -shm files exist while it is open
    assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()
    os.chown(db, 4242, 4242)
    result = doctor(db, env)
    seeded_index.close()
    assert result.exit_code == 1
    [line] = lines(result)
    assert re.match(rf"✗ index: {re.escape(str(db))}-(wal|shm) belongs to another user than {db.name} ", line)
    assert f"→ sudo chown --reference={db} {db}-" in line
