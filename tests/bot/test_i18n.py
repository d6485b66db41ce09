"""The words newsbot says are one table (bot/i18n.py): every key in French and English, every key used."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import get_args

import pytest

from bot.i18n import BASE_LANG, LANGUAGES, MESSAGES, t
from index.store.models import Intent, Notice

BOT = Path(__file__).resolve().parents[2] / "bot"


def sources() -> dict[str, str]:
    """bot/'s modules but the table itself, by path."""
    return {str(p.relative_to(BOT)): p.read_text(encoding="utf-8") for p in BOT.rglob("*.py") if p.name != "i18n.py"
            or p.parent != BOT}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_in_both_languages_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES) and all(entry[lang].strip() for lang in LANGUAGES)
    assert placeholders(entry["fr"]) == placeholders(entry["en"])


def test_every_key_is_used():
    """Each key is named in bot/ (t("key"), render_notice("key")…) or is a code the index puts in an answer."""
    code = "\n".join(sources().values())
    from_the_index = set(get_args(Intent)) | set(get_args(Notice))
    unused = {key for key in MESSAGES if key not in from_the_index and f'"{key}"' not in code and f"'{key}'" not in code}
    assert unused == set()


def test_every_code_of_an_answer_has_words():
    assert set(get_args(Intent)) | set(get_args(Notice)) <= set(MESSAGES)


def test_every_key_named_in_the_code_exists():
    named = set()
    for text in sources().values():
        named |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", text))
        named |= set(re.findall(r"""\brender_notice\(\s*["']([a-z_]+)["']""", text))
        named |= set(re.findall(r"""\bnotify\(\s*["'][a-z]+["'],\s*["']([a-z_]+)["']""", text))  # (surface, key)
    assert named and named - set(MESSAGES) == set()


def test_no_other_table_of_words():
    """No renderer keeps words of its own beside the table."""
    others = [path for path, text in sources().items() if re.search(r"""["']en["']\s*:""", text)]
    assert others == []


def test_unknown_languages_speak_french():
    assert BASE_LANG == "fr" and t("no_more", "de") == t("no_more", "fr")
