"""Settings: every value newsbot reads from the environment, in one place.

Only the entry point (`bot.cli.main`) loads `.env` and calls `Settings.from_env()`; everything
else receives a `Settings`. Each setting is documented in `.env.example` and the README (a test
checks both).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_DB = "newsbot.db"
# Resource bounds (issue 7): each is a setting; docs/reliability.md says why these defaults.
DEFAULT_MAX_QUESTION_CHARS = 1500  # longer questions are cut on a word, with a notice
DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # = index.readers.DEFAULT_MAX_ARTICLE_BYTES
DEFAULT_MAX_DIGEST_ARTICLES = 50  # articles in one digest; more wait for the next one


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number (got {value!r})") from None


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds (got {value!r})") from None
    if seconds < 0:
        raise ValueError(f"{name} must not be negative (got {value!r})")
    return seconds


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise ValueError(f"{name} must be at least 1 (got {value}); leave it empty for the default, {default}")
    return value


def _feeds(value: str | None) -> tuple[str, ...]:
    """Feed URLs separated by commas or whitespace, in order, without repeats."""
    urls = [u for u in (value or "").replace(",", " ").split() if u]
    return tuple(dict.fromkeys(urls))


@dataclass(frozen=True)
class Settings:
    """newsbot's configuration. Secrets are kept out of `repr()` so they never reach a log."""

    db: str = DEFAULT_DB
    lang: str = "fr"
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str | None = None
    port: int = 3000
    digest_channel: str | None = None
    log_level: str = "INFO"
    # digest of new articles (issue 4): sources, batching, the CMS webhook
    inbox: str | None = None
    feeds: tuple[str, ...] = ()
    digest_window: float = 60.0
    ingest_token: str | None = field(default=None, repr=False)
    feed_interval: float = 300.0
    inbox_poll: float = 2.0
    fetch_timeout: float = 20.0
    # resource bounds (issue 7)
    max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    max_digest_articles: int = DEFAULT_MAX_DIGEST_ARTICLES

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from environment variables (after `.env` has been loaded by the entry point)."""
        env = os.environ if env is None else env
        lang = env.get("NEWSBOT_LANG", "fr").strip().lower()[:2] or "fr"
        return cls(
            db=env.get("NEWSBOT_DB", "").strip() or DEFAULT_DB,
            lang=lang if lang in ("fr", "en") else "fr",
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_api_url=env.get("SLACK_API_URL") or None,
            port=_int(env, "PORT", 3000),
            digest_channel=env.get("NEWSBOT_DIGEST_CHANNEL") or None,
            log_level=(env.get("NEWSBOT_LOG_LEVEL") or "INFO").upper(),
            inbox=env.get("NEWSBOT_INBOX", "").strip() or None,
            feeds=_feeds(env.get("NEWSBOT_FEEDS")),
            digest_window=_seconds(env, "NEWSBOT_DIGEST_WINDOW", 60.0),
            ingest_token=env.get("NEWSBOT_INGEST_TOKEN", "").strip() or None,
            feed_interval=_seconds(env, "NEWSBOT_FEED_INTERVAL", 300.0),
            inbox_poll=_seconds(env, "NEWSBOT_INBOX_POLL", 2.0),
            fetch_timeout=_seconds(env, "NEWSBOT_FETCH_TIMEOUT", 20.0),
            max_question_chars=_positive(env, "NEWSBOT_MAX_QUESTION_CHARS", DEFAULT_MAX_QUESTION_CHARS),
            max_article_bytes=_positive(env, "NEWSBOT_MAX_ARTICLE_BYTES", DEFAULT_MAX_ARTICLE_BYTES),
            max_digest_articles=_positive(env, "NEWSBOT_MAX_DIGEST_ARTICLES", DEFAULT_MAX_DIGEST_ARTICLES),
        )
