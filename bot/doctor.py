"""`newsbot doctor`: one list of what is right and what needs fixing, with the fix, for the admin.

    settings        every malformed setting; the Slack settings serve needs
    index           opens, is newsbot's, its schema (newer: upgrade newsbot), what it holds, writable
    disk            free space beside the index
    slack           auth.test with the bot token: revoked, invalid, unreachable
    scopes          the scopes manifest.yml asks for (SCOPES) against those the token has
                    (Slack sends them in the x-oauth-scopes header of every Web API answer)
    socket mode     SLACK_APP_TOKEN accepted (apps.connections.open), when set
    digest channel  NEWSBOT_DIGEST_CHANNEL exists, is not archived, and newsbot can post there
    feed            each NEWSBOT_FEEDS URL answers with a feed; how its polls have been going
    outbox          articles waiting for the digest: how many, since when, the last failure
    alerts          (only when some fail) the channels and people whose alerts wait after failures

Reading only: the index is opened read-only (an index of an older schema is not upgraded
here), nothing is posted to Slack, no feed item is indexed. Every check ends in one `Finding`;
an exception in a check is a finding too, never a traceback. A token is never shown, and feed
URLs lose their query string (it may carry a key).
"""

from __future__ import annotations

import getpass
import os
import shutil
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.serve import SettingsError, check_slack_settings
from bot.settings import Settings
from index.alerts import deliveries
from index.digest import outbox
from index.sources import feed_state
from index.sources.feeds import conditional_get, looks_like_feed
from index.store.backup import BackupError, NewerSchemaError, Snapshot, inspect
from index.store.errors import ReadError
from index.store.index import Store
from index.store.schema import MIGRATIONS

# The bot scopes of manifest.yml, and what newsbot uses each for (tests/bot/test_manifest.py
# checks that the two lists are the same).
SCOPES = {
    "commands": "/ask",
    "chat:write": "answers in threads and DMs, the digest",
    "chat:write.public": "the digest in a channel newsbot has not joined",
    "app_mentions:read": "@newsbot in channels",
    "im:history": "direct messages to newsbot",
    "im:write": "alerts by direct message (conversations.open)",
    "channels:read": "newsbot doctor: checking a public digest channel",
    "groups:read": "newsbot doctor: checking a private digest channel",
}
MIN_FREE_BYTES = 256 << 20  # below this, the next ingests and any backup on this disk fail
SLACK_TIMEOUT_SECONDS = 10.0
REVOKED = {"token_revoked", "token_expired"}
GONE = {"account_inactive", "team_disabled", "app_uninstalled"}
RESET_APP = ("in the app's settings (api.slack.com/apps), OAuth & Permissions › Reinstall to Workspace, then put "
             "the Bot User OAuth Token in SLACK_BOT_TOKEN")


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's list: what was checked, how it is, and what to do."""

    check: str
    status: str  # ok, warn (worth a look), fail (needs fixing: exit status 1), skip (not set up, or not checkable)
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def ok(check: str, detail: str) -> Finding:
    return Finding(check, "ok", detail)


def fail(check: str, detail: str, fix: str = "") -> Finding:
    return Finding(check, "fail", detail, fix)


def warn(check: str, detail: str, fix: str = "") -> Finding:
    return Finding(check, "warn", detail, fix)


def skip(check: str, detail: str) -> Finding:
    return Finding(check, "skip", detail)


def _mb(size: float) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 1e9 else f"{size / 1e9:,.1f} GB"


def _ago(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def shown_url(url: str) -> str:
    """A URL without its query, fragment or password (they may hold a key)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


# ---------------------------------------------------------------------------- settings


def check_settings(settings: Settings, problems: list[str]) -> list[Finding]:
    """Each malformed setting, then what `newsbot serve` needs of the Slack settings."""
    found = [fail("settings", problem, "fix it in .env (see .env.example)") for problem in problems]
    try:
        check_slack_settings(settings)
    except SettingsError as exc:
        found.append(fail("settings", str(exc)))
    if not found:
        mode = "Socket Mode (SLACK_APP_TOKEN)" if settings.slack_app_token else f"HTTP mode on port {settings.port}"
        found.append(ok("settings", f"{mode}; language {settings.lang}"))
    return found


# ---------------------------------------------------------------------------- index and disk


def check_index(db: Path) -> tuple[list[Finding], Snapshot | None]:
    """Whether the index opens, is newsbot's and of a schema this newsbot knows; what it holds."""
    restore = "restore the latest backup: newsbot restore --force BACKUP"
    try:
        snapshot = inspect(db)
    except FileNotFoundError:
        return [fail("index", f"no index at {db}", "fill it with `newsbot ingest PATH_OR_URL`, or set NEWSBOT_DB "
                                                     "(or --db) to where it is")], None
    except PermissionError:
        return [fail("index", f"{db} cannot be read by {getpass.getuser()} (permission denied)",
                     f"run the doctor as the bot's user (sudo -u newsbot …), or give that user the file: "
                     f"sudo chown newsbot: {db}")], None
    except IsADirectoryError:
        return [fail("index", f"{db} is a folder, not an index file", "set NEWSBOT_DB to the index file")], None
    except NewerSchemaError as exc:
        return [fail("index", f"{db} was made by a newer newsbot (schema {exc.version}; this one knows "
                              f"{len(MIGRATIONS)})",
                     "upgrade newsbot (git pull && make install where it is installed), or " + restore)], None
    except BackupError as exc:
        return [fail("index", str(exc), "set NEWSBOT_DB to the index, or " + restore)], None
    except sqlite3.DatabaseError as exc:
        return [fail("index", f"{db} is damaged ({exc})", restore)], None
    held = (f"{db}: schema {snapshot.schema_version}, {snapshot.articles:,} articles, {snapshot.passages:,} passages, "
            f"{snapshot.quotes:,} quotes, {_mb(snapshot.size_bytes)}")
    found = [ok("index", held)]
    if snapshot.schema_version < len(MIGRATIONS):
        found = [warn("index", held, f"schema {snapshot.schema_version} is older than this newsbot's "
                                     f"({len(MIGRATIONS)}): it is upgraded when newsbot next opens it")]
    if not snapshot.articles:
        found.append(warn("index", "the index is empty: newsbot answers that it has nothing yet",
                          "fill it with `newsbot ingest PATH_OR_URL`"))
    writable = [p for p in (db, db.parent) if not os.access(p, os.W_OK)]
    if writable:
        found.append(fail("index", f"{getpass.getuser()} cannot write {writable[0]} (newsbot writes the index and its "
                                   "-wal file beside it)", f"sudo chown -R newsbot: {db.parent}"))
    owner = db.stat().st_uid
    strangers = [p for p in (Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists() and p.stat().st_uid != owner]
    if strangers:  # made by a command run as another user (root): the bot's user may not open the index
        found.append(fail("index", f"{strangers[0]} belongs to another user than {db.name} (a newsbot command run as "
                                   "root?): the bot may fail to open the index",
                          f"sudo chown --reference={db} {' '.join(str(p) for p in strangers)}"))
    return found, snapshot


def check_disk(db: Path, snapshot: Snapshot | None) -> Finding:
    """Free space on the disk of the index."""
    folder = db.parent if db.parent.exists() else Path.cwd()
    usage = shutil.disk_usage(folder)
    size = snapshot.size_bytes if snapshot else 0
    detail = f"{_mb(usage.free)} free of {_mb(usage.total)} in {folder}"
    if usage.free < MIN_FREE_BYTES:
        return fail("disk", detail, "free some space: ingests, the digest and backups stop when the disk is full")
    if usage.free < size or usage.free < usage.total / 10:
        return warn("disk", detail, f"a backup of the index ({_mb(size)}) wants as much again: keep backups "
                                    "on another disk, or free some space")
    return ok("disk", detail)


# ---------------------------------------------------------------------------- Slack


def slack_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client for checks: SLACK_API_URL, a short timeout, slack_sdk's default retry."""
    base_url = (settings.slack_api_url or WebClient.BASE_URL).rstrip("/") + "/"
    return WebClient(token=token or settings.slack_bot_token, base_url=base_url, timeout=SLACK_TIMEOUT_SECONDS)


def _unreachable(client: WebClient, exc: Exception) -> Finding:
    reason = getattr(exc, "reason", None) or exc
    return fail("slack", f"cannot reach Slack at {client.base_url} ({type(exc).__name__}: {reason})",
                "check this machine's network and proxy (HTTPS_PROXY), and SLACK_API_URL")


def check_slack(settings: Settings) -> list[Finding]:
    """auth.test, the token's scopes, the app-level token and the digest channel."""
    if not settings.slack_bot_token:
        return [skip("slack", "no SLACK_BOT_TOKEN: Slack not checked")]
    client = slack_client(settings)
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error in REVOKED:
            return [fail("slack", f"Slack says the bot token was revoked ({error})", RESET_APP)]
        if error in GONE:
            return [fail("slack", f"the app is no longer installed in the workspace ({error})",
                         "install it again (README, \"Install in Slack\") and put the new token in SLACK_BOT_TOKEN")]
        return [fail("slack", f"Slack does not accept SLACK_BOT_TOKEN ({error})",
                     "copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions")]
    except Exception as exc:  # noqa: BLE001 — no network, DNS, TLS, proxy: one line
        return [_unreachable(client, exc)]
    found = [ok("slack", f"connected to workspace {response.get('team')} as {response.get('user')}")]
    headers = {key.lower(): value for key, value in (response.headers or {}).items()}
    granted = headers.get("x-oauth-scopes")
    found.append(check_scopes(granted))
    if settings.slack_app_token:
        found.append(check_app_token(settings))
    found.append(check_digest_channel(settings, client, granted))
    return found


def check_scopes(granted: str | None) -> Finding:
    """The scopes manifest.yml asks for against those the token has."""
    if granted is None:
        return warn("scopes", "Slack did not say which scopes the token has (no x-oauth-scopes header: a proxy?)")
    have = {s.strip() for s in granted.split(",") if s.strip()}
    missing = [scope for scope in SCOPES if scope not in have]
    if missing:
        uses = "; ".join(f"{scope}: {SCOPES[scope]}" for scope in missing)
        return fail("scopes", f"the token lacks {', '.join(missing)} ({uses})",
                    "add them under OAuth & Permissions › Bot Token Scopes (or paste manifest.yml again under App "
                    "Manifest), then Reinstall to Workspace")
    return ok("scopes", f"all {len(SCOPES)} scopes of manifest.yml")


def check_app_token(settings: Settings) -> Finding:
    """SLACK_APP_TOKEN accepted for Socket Mode (apps.connections.open only hands out a URL)."""
    client = slack_client(settings, settings.slack_app_token)
    try:
        client.apps_connections_open(app_token=settings.slack_app_token)
    except SlackApiError as exc:
        return fail("socket mode", f"Slack does not accept SLACK_APP_TOKEN ({exc.response.get('error')})",
                    "generate an app-level token with connections:write (Basic Information › App-Level Tokens) "
                    "and enable Socket Mode")
    except Exception as exc:  # noqa: BLE001
        return _unreachable(client, exc)
    return ok("socket mode", "SLACK_APP_TOKEN accepted")


def check_digest_channel(settings: Settings, client: WebClient, granted: str | None) -> Finding:
    """NEWSBOT_DIGEST_CHANNEL exists, is not archived, and newsbot can post in it."""
    channel = settings.digest_channel
    if not channel:
        if settings.inbox or settings.feeds or settings.ingest_token:
            return warn("digest channel", "NEWSBOT_DIGEST_CHANNEL is not set: new articles are indexed and wait",
                        "set it to the channel's ID (C…), or leave it empty on purpose")
        return skip("digest channel", "no digest (NEWSBOT_DIGEST_CHANNEL is empty)")
    if channel.startswith("#"):
        return warn("digest channel", f"{channel} is a name: the doctor checks a channel by its ID",
                    "use the channel's ID (C…): channel details, at the bottom")
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error == "channel_not_found":
            return fail("digest channel", f"Slack finds no channel {channel} (or it is private and newsbot is not in it)",
                        "check NEWSBOT_DIGEST_CHANNEL, or type /invite @newsbot in that private channel")
        if error == "missing_scope":
            return skip("digest channel", f"{channel} not checked: the token lacks channels:read or groups:read")
        return fail("digest channel", f"{channel}: Slack answered {error}")
    except Exception as exc:  # noqa: BLE001
        return _unreachable(client, exc)
    name = f"#{info.get('name', channel)} ({channel})"
    if info.get("is_archived"):
        return fail("digest channel", f"{name} is archived: digests cannot be posted",
                    "unarchive it, or set NEWSBOT_DIGEST_CHANNEL to another channel")
    if info.get("is_member"):
        return ok("digest channel", f"{name}: newsbot is a member")
    public = not info.get("is_private") and "chat:write.public" in (granted or "")
    if public:
        return ok("digest channel", f"{name}: public, newsbot posts there without joining (chat:write.public)")
    return fail("digest channel", f"newsbot is not in {name}", f"type /invite @newsbot in {name}")


# ---------------------------------------------------------------------------- feeds and outbox


def check_feed(url: str, timeout: float, state: feed_state.FeedState | None, now: float) -> Finding:
    """The feed answers with RSS/Atom now; how its last polls went."""
    shown = shown_url(url)
    history = ""
    if state is not None and state.failures:
        since = f", last success {_ago(now - state.ok_at)} ago" if state.ok_at else ", never read"
        history = f"; its last {state.failures} poll(s) failed ({state.last_error}{since})"
    try:
        status, body, headers, _ = conditional_get(url, None, None, timeout)
    except ReadError as exc:
        return fail("feed", f"{shown}: {exc}{history}",
                    "check the URL in NEWSBOT_FEEDS, and this machine's network and proxy")
    if not looks_like_feed(body, headers.get("content-type", "")):
        return fail("feed", f"{shown} answers {status} but not with an RSS or Atom feed{history}",
                    "use the feed's own URL (often …/feed or …/rss.xml), not the page's")
    if history:
        return warn("feed", f"{shown} answers now{history}", "nothing to do if it keeps answering")
    return ok("feed", f"{shown} answers with a feed")


def check_outbox(settings: Settings, db: Path, now: float) -> tuple[Finding, list[feed_state.FeedState]]:
    """Articles waiting for the digest; the feeds' remembered state, read in the same opening."""
    index = Store(db, create=False)  # the store alone (no upgrade of the analysis): nothing is written
    try:
        backlog = outbox.backlog(index)
        feeds = feed_state.every_feed(index)
    finally:
        index.close()
    if not backlog.pending:
        last = f"; last digest {_ago(now - backlog.last_posted_at)} ago" if backlog.last_posted_at else ""
        return ok("outbox", f"no article waiting for the digest{last}"), feeds
    age = now - (backlog.oldest_queued_at or now)
    waiting = f"{backlog.pending:,} article(s) waiting for the digest, the oldest for {_ago(age)}"
    if not settings.digest_channel:
        return warn("outbox", waiting + " (no digest channel)",
                    "set NEWSBOT_DIGEST_CHANNEL, or `newsbot digest --discard` after an archive import"), feeds
    failed = f"; {backlog.failing:,} failed to post, last error: {backlog.last_error}" if backlog.failing else ""
    stuck = age > max(10 * settings.digest_window, 900)
    if stuck or backlog.failing:
        fix = ("see the digest channel and Slack lines above; `newsbot digest` posts now and says why it cannot"
               if backlog.failing else "is `newsbot serve` (or `newsbot watch`) running? systemctl status newsbot")
        return (fail if stuck else warn)("outbox", waiting + failed, fix), feeds
    return ok("outbox", waiting), feeds


def check_alerts(db: Path, now: float) -> list[Finding]:
    """One line per channel (or person) whose alerts wait after failed posts; nothing when none do."""
    index = Store(db, create=False)
    try:
        stuck = deliveries.failing(index)
    finally:
        index.close()
    return [warn("alerts", f"{count:,} alert(s) for {target} waiting for {_ago(now - since)}, last error: {error}",
                 f"invite newsbot there (/invite @newsbot), or remove them with /ask abonnements in {target}"
                 if not target.startswith("@") else "they are retried; is the person still in the workspace?")
            for target, count, since, error in stuck]


# ---------------------------------------------------------------------------- all of it


def examine(settings: Settings, db: str | Path, problems: list[str] | None = None,
            now: float | None = None) -> list[Finding]:
    """Every check, in the order of the list; never raises."""
    now = time.time() if now is None else now
    db = Path(db).absolute()
    found = check_settings(settings, problems or [])
    index_findings, snapshot = check_index(db)
    found += index_findings
    found.append(_guarded("disk", lambda: [check_disk(db, snapshot)]))
    found += _guarded("slack", lambda: check_slack(settings), many=True)
    states: dict[str, feed_state.FeedState] = {}
    if snapshot is not None and snapshot.schema_version == len(MIGRATIONS):
        result = _guarded("outbox", lambda: [check_outbox(settings, db, now)])
        if isinstance(result, Finding):
            found.append(result)
        else:
            finding, feeds = result
            found.append(finding)
            states = {state.url: state for state in feeds}
        found += _guarded("alerts", lambda: check_alerts(db, now), many=True)
    else:
        found.append(skip("outbox", "not read: the index cannot be read by this newsbot (see above)"))
    if settings.feeds:
        with ThreadPoolExecutor(max_workers=min(8, len(settings.feeds))) as pool:
            found += pool.map(lambda url: _guarded("feed", lambda: [check_feed(
                url, min(settings.fetch_timeout, SLACK_TIMEOUT_SECONDS), states.get(url), now)]), settings.feeds)
    else:
        found.append(skip("feed", "no feed (NEWSBOT_FEEDS is empty)"))
    return found


def _guarded(check: str, run: Any, many: bool = False) -> Any:
    """What `run()` returns (its only item unless `many`); an unexpected error becomes a finding."""
    try:
        result = run()
    except Exception as exc:  # noqa: BLE001 — the doctor reports, it does not crash
        finding = fail(check, f"could not be checked ({type(exc).__name__}: {exc})")
        return [finding] if many else finding
    return result if many else result[0]


MARKS = {"ok": "✓", "warn": "!", "fail": "✗", "skip": "–"}


def render(findings: list[Finding]) -> str:
    """The list an admin reads: one line per finding, its fix after an arrow."""
    lines = [f"{MARKS[f.status]} {f.check}: {f.detail}" + (f" → {f.fix}" if f.fix else "") for f in findings]
    problems = sum(f.status == "fail" for f in findings)
    lines.append(f"{problems} problem(s) to fix." if problems else "Nothing to fix.")
    return "\n".join(lines)
