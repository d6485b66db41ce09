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


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number (got {value!r})") from None


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
        )
