"""Every setting the code reads is documented in .env.example and the README's settings table, and back."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# env.get("X") (Settings.from_env's mapping), os.environ["X"], os.environ.get("X"), os.getenv("X"),
# _int(env, "X", …). A WSGI `environ` (bot/http.py) is a request, not the process environment.
READ_RE = re.compile(r"""(?:(?:\bos\.environ|\benv)\b(?:\.get)?\s*[(\[,]\s*|\bgetenv\(\s*)["']([A-Z][A-Z0-9_]+)["']""")


def settings_read() -> set[str]:
    names: set[str] = set()
    for package in ("bot", "index"):
        for path in (ROOT / package).rglob("*.py"):
            names |= set(READ_RE.findall(path.read_text(encoding="utf-8")))
    return names


def env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.M))


def readme_table() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", text, flags=re.M))


def test_the_scan_finds_the_known_settings():
    assert {"NEWSBOT_DB", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "PORT", "SLACK_API_URL"} <= settings_read()


def test_every_setting_read_is_in_env_example():
    assert settings_read() - env_example() == set()


def test_every_setting_read_is_in_the_readme_table():
    assert settings_read() - readme_table() == set()


def test_nothing_documented_that_the_code_does_not_read():
    assert env_example() - settings_read() == set()
    assert readme_table() - settings_read() == set()
