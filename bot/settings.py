"""Settings: every value newsbot reads from the environment, declared once, as one table.

Each field of `Settings` is a row of the table: the environment variable, its default, the
parser of its text and the help shown in the README (datasette's SETTINGS, typed). `SETTINGS`
lists the rows in order; `Settings.from_env()` reads them, `.env.example` and the README's
settings table are checked against them (tests/test_settings_documented.py).

Only the entry point (`bot.cli.main`) loads `.env` (the environment wins over it) and calls
`Settings.from_env()`; everything else receives the `Settings` object and passes plain values
down to `index/`, which never imports this module. Where the index library has its own default
for a value it takes as a parameter (article size, fetch timeout, feed interval), the setting's
default *is* that constant, so the two cannot drift.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from bot.i18n import BASE_LANG, LANGUAGES
from index.sources.articles import DEFAULT_MAX_ARTICLE_BYTES
from index.sources.feed_state import DEFAULT_POLL_INTERVAL_SECONDS
from index.sources.web import DEFAULT_TIMEOUT_SECONDS

Parser = Callable[[str], Any]  # the setting's text (stripped, never empty) → its value; ValueError says why not


@dataclass(frozen=True)
class Setting:
    """One row of the settings table: environment variable, default, parser, help."""

    name: str
    default: Any
    parse: Parser
    help: str
    secret: bool = False  # never echoed: not in repr(), not in error messages
    attribute: str = ""  # the field of `Settings` that holds it

    @property
    def shown_default(self) -> str:
        """The default as `.env.example` writes it: empty when there is none."""
        if self.default is None or self.default == ():
            return ""
        if isinstance(self.default, bool):
            return "1" if self.default else "0"
        return f"{self.default:g}" if isinstance(self.default, float) else str(self.default)

    def read(self, text: str) -> Any:
        """The value of this setting's text; ValueError in one line naming the setting."""
        try:
            return self.parse(text)
        except ValueError as exc:
            got = "" if self.secret else f" (got {text!r})"
            default = f"the default, {self.shown_default}" if self.shown_default else "no value"
            raise ValueError(f"{self.name} {exc}{got}; leave it empty for {default}") from None


def setting(name: str, default: Any, parse: Parser, help: str, *, secret: bool = False) -> Any:  # noqa: A002
    """A field of `Settings` read from the environment variable `name` (a row of the table)."""
    row = Setting(name, default, parse, help, secret)
    return field(default=default, repr=not secret, metadata={"setting": row})


# ---------------------------------------------------------------------------- parsers


def text(value: str) -> str:
    """The text as given (surrounding spaces stripped)."""
    return value


def upper(value: str) -> str:
    """The text in capitals (log levels)."""
    return value.upper()


def language(value: str) -> str:
    """`fr` or `en` (a locale such as `en_GB` gives `en`); any other language speaks French."""
    code = value.lower()[:2]
    return code if code in LANGUAGES else BASE_LANG


def log_format(value: str) -> str:
    """`text` (one line of words per event) or `json` (one JSON object per line)."""
    kind = value.lower()
    if kind not in ("text", "json"):
        raise ValueError("must be text or json")
    return kind


def switch(value: str) -> bool:
    """On or off: 1, true, yes, on — or 0, false, no, off."""
    word = value.lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be 1 (on) or 0 (off)")


def whole_number(value: str) -> int:
    """An integer (a port)."""
    try:
        return int(value)
    except ValueError:
        raise ValueError("must be a whole number") from None


def at_least_one(value: str) -> int:
    """A positive integer (the resource bounds)."""
    number = whole_number(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def seconds(value: str) -> float:
    """A duration in seconds, fractions allowed, never negative."""
    try:
        number = float(value)
    except ValueError:
        raise ValueError("must be a number of seconds") from None
    if number < 0:
        raise ValueError("must not be negative")
    return number


def urls(value: str) -> tuple[str, ...]:
    """URLs separated by commas or whitespace, in order, without repeats."""
    return tuple(dict.fromkeys(u for u in value.replace(",", " ").split() if u))


# ---------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Settings:
    """newsbot's configuration, one field per setting. Secrets are kept out of `repr()` so they
    never reach a log."""

    db: str = setting("NEWSBOT_DB", "newsbot.db", text, "the SQLite database file")
    lang: str = setting("NEWSBOT_LANG", BASE_LANG, language, "language of the bot's messages: `fr` or `en`")
    log_level: str = setting("NEWSBOT_LOG_LEVEL", "INFO", upper, "`DEBUG`, `INFO`, `WARNING`, `ERROR`")
    log_format: str = setting("NEWSBOT_LOG_FORMAT", "text", log_format,
                              "`text`, or `json`: one JSON object per log line (same fields, never a question's text)")
    # Slack (README, "Install in Slack")
    slack_bot_token: str | None = setting("SLACK_BOT_TOKEN", None, text, "bot token (`xoxb-…`)", secret=True)
    slack_signing_secret: str | None = setting("SLACK_SIGNING_SECRET", None, text, "signing secret (HTTP mode)",
                                               secret=True)
    slack_app_token: str | None = setting(
        "SLACK_APP_TOKEN", None, text, "app-level token (`xapp-…`): set → Socket Mode, unset → HTTP mode", secret=True)
    port: int = setting("PORT", 3000, whole_number, "HTTP mode port (`/slack/events`)")
    slack_api_url: str | None = setting(
        "SLACK_API_URL", None, text, "Web API base URL (GovSlack, proxies, tests); empty: Slack's, https://slack.com/api/")
    digest_channel: str | None = setting("NEWSBOT_DIGEST_CHANNEL", None, text,
                                         "channel where digests of new articles are posted")
    # the digest of new articles: sources, batching, the CMS webhook (docs/digest.md)
    inbox: str | None = setting(
        "NEWSBOT_INBOX", None, text,
        "folder watched for article files; handled files move to `.done/` or `.failed/`")
    feeds: tuple[str, ...] = setting("NEWSBOT_FEEDS", (), urls, "RSS/Atom feed URLs, separated by commas or spaces")
    digest_window: float = setting("NEWSBOT_DIGEST_WINDOW", 60.0, seconds,
                                   "seconds: articles arriving within this window go in one digest")
    ingest_token: str | None = setting(
        "NEWSBOT_INGEST_TOKEN", None, text, "bearer token for the CMS webhook `POST /ingest` (off when empty)",
        secret=True)
    feed_interval: float = setting("NEWSBOT_FEED_INTERVAL", DEFAULT_POLL_INTERVAL_SECONDS, seconds,
                                   "seconds between two polls of a feed (failing feeds back off)")
    inbox_poll: float = setting("NEWSBOT_INBOX_POLL", 2.0, seconds,
                                "seconds between inbox scans; a file is read once unchanged that long")
    fetch_timeout: float = setting("NEWSBOT_FETCH_TIMEOUT", DEFAULT_TIMEOUT_SECONDS, seconds,
                                   "seconds for a whole download (a feed, a page): connecting, headers and body")
    # resource bounds (docs/reliability.md says why these defaults)
    max_question_chars: int = setting(
        "NEWSBOT_MAX_QUESTION_CHARS", 1500, at_least_one,
        "longest question answered; a longer one is cut on a word, with a notice")
    max_article_bytes: int = setting(
        "NEWSBOT_MAX_ARTICLE_BYTES", DEFAULT_MAX_ARTICLE_BYTES, at_least_one,
        "largest article (5 MB of text); bigger files, records and pages are refused with the reason")
    max_digest_articles: int = setting("NEWSBOT_MAX_DIGEST_ARTICLES", 50, at_least_one,
                                       "more waiting articles than this: one summary message instead of a digest")
    max_subscriptions: int = setting(
        "NEWSBOT_MAX_SUBSCRIPTIONS", 100, at_least_one,
        "most people and topics one channel (or one person's alerts) may follow; more is refused with a message")
    # running it for real (README, "Run as a service")
    metrics: bool = setting("NEWSBOT_METRICS", False, switch,
                            "`1`: serve `GET /metrics` (Prometheus) on the HTTP port; never question text or tokens")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from environment variables (after `.env` has been loaded by the entry point).

        An empty or unset variable takes the default; a malformed one is a ValueError in one line
        naming it.
        """
        settings, problems = cls.read_env(env)
        if problems:
            raise ValueError(problems[0])
        return settings

    @classmethod
    def read_env(cls, env: Mapping[str, str] | None = None) -> tuple[Settings, list[str]]:
        """Settings from environment variables, and what is wrong with them: a malformed one is
        left at its default and said in one line naming it (`newsbot doctor` lists them all)."""
        env = os.environ if env is None else env
        values, problems = {}, []
        for row in SETTINGS:
            given = (env.get(row.name) or "").strip()
            if given:
                try:
                    values[row.attribute] = row.read(given)
                except ValueError as exc:
                    problems.append(str(exc))
        return cls(**values), problems


SETTINGS: tuple[Setting, ...] = tuple(replace(f.metadata["setting"], attribute=f.name) for f in fields(Settings))
