"""The settings table (bot/settings.py) is what the code reads, and what .env.example and the README say.

Names, order, defaults and the README's help text all come from `SETTINGS`; nothing else in
bot/ or index/ reads the environment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[1]
# os.environ["X"], os.environ.get("X"), os.getenv("X"), env.get("X"): a module reading a setting for
# itself instead of receiving the Settings object. (A WSGI `environ` is a request, not the process's.)
READ_RE = re.compile(r"""(?:\bos\.environ(?:\.get)?|\bgetenv|\benv\.get)\s*[(\[]\s*["']([A-Z][A-Z0-9_]+)["']""")


def readme_rows() -> list[str]:
    """The rows of the README's settings table, as written."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\|\s*`[A-Z][A-Z0-9_]+`\s*\|.*$", text, flags=re.M)


def env_example() -> list[tuple[str, str, list[str]]]:
    """(name, value, comment lines just above) of each setting in .env.example, in order."""
    entries, comments = [], []
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match:
            entries.append((match.group(1), match.group(2), comments))
            comments = []
        elif line.startswith("#"):
            comments.append(line)
        else:
            comments = []
    return entries


def test_the_readme_table_is_the_settings_table():
    expected = [f"| `{s.name}` | {f'`{s.shown_default}`' if s.shown_default else '—'} | {s.help} |" for s in SETTINGS]
    assert readme_rows() == expected


def test_env_example_lists_every_setting_with_its_default_and_a_comment():
    entries = env_example()
    assert [name for name, _, _ in entries] == [s.name for s in SETTINGS]
    for (name, value, comments), row in zip(entries, SETTINGS):
        assert value == row.shown_default, f"{name}={value} in .env.example, but its default is {row.shown_default!r}"
        assert comments, f"{name} has no comment in .env.example saying what it does"


@pytest.mark.parametrize("row", SETTINGS, ids=lambda row: row.name)
def test_a_documented_default_reads_back_as_the_default(row):
    """What .env.example and the README show is what newsbot uses when the setting is empty."""
    if row.shown_default:
        assert row.read(row.shown_default) == row.default
    assert getattr(Settings.from_env({}), row.attribute) == row.default == getattr(Settings(), row.attribute)


def test_every_field_of_settings_is_a_setting_with_help():
    assert len({s.name for s in SETTINGS}) == len(SETTINGS) == len(Settings.__dataclass_fields__)
    assert all(s.help and s.attribute for s in SETTINGS)


def test_only_the_settings_table_reads_the_environment():
    samples = 'os.environ["AA"] os.environ.get("BB", "") os.getenv("CC") env.get("DD") environ.get("PATH_INFO")'
    assert READ_RE.findall(samples) == ["AA", "BB", "CC", "DD"]  # the scan below would see a module doing it
    readers = {}
    for package in ("bot", "index"):
        for path in (ROOT / package).rglob("*.py"):
            found = READ_RE.findall(path.read_text(encoding="utf-8"))
            if found:
                readers[str(path.relative_to(ROOT))] = found
    assert readers == {}


def test_the_environment_wins_over_dotenv(tmp_path, monkeypatch):
    """Only the entry point loads .env, without overriding what the environment already says."""
    from bot import cli

    (tmp_path / ".env").write_text("NEWSBOT_DB=from-dotenv.db\nNEWSBOT_LANG=en\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_LANG", "fr")
    monkeypatch.setenv("NEWSBOT_DB", "unset")  # recorded, so that what .env sets is undone after the test
    monkeypatch.delenv("NEWSBOT_DB")
    seen = {}
    monkeypatch.setattr(cli, "cli", lambda **_: seen.update(settings=Settings.from_env()))
    cli.main()
    assert seen["settings"].db == "from-dotenv.db" and seen["settings"].lang == "fr"
