"""Resource bounds are settings with sane defaults and a clear message when exceeded.

NEWSBOT_MAX_QUESTION_CHARS (a longer question is cut on a word and answered, with a notice),
NEWSBOT_MAX_ARTICLE_BYTES (tests/test_hostile_input.py checks the refusals), and
NEWSBOT_MAX_DIGEST_ARTICLES (read here; applied by the digest poster).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.listeners.desk import Desk
from bot.render.answers import question_cut_notice
from bot.settings import Settings
from index.sources.articles import DEFAULT_MAX_ARTICLE_BYTES


def test_defaults():
    settings = Settings.from_env({})
    assert settings.max_question_chars == 1500
    assert settings.max_article_bytes == DEFAULT_MAX_ARTICLE_BYTES == 5 * 1024 * 1024
    assert settings.max_digest_articles == 50


def test_values_from_the_environment():
    settings = Settings.from_env({"NEWSBOT_MAX_QUESTION_CHARS": "300", "NEWSBOT_MAX_ARTICLE_BYTES": " 1000000 ",
                                  "NEWSBOT_MAX_DIGEST_ARTICLES": "10"})
    assert (settings.max_question_chars, settings.max_article_bytes, settings.max_digest_articles) == (300, 1_000_000, 10)


@pytest.mark.parametrize("name", ["NEWSBOT_MAX_QUESTION_CHARS", "NEWSBOT_MAX_ARTICLE_BYTES", "NEWSBOT_MAX_DIGEST_ARTICLES"])
@pytest.mark.parametrize("value", ["0", "-5", "beaucoup", "1.5"])
def test_bad_values_are_one_clear_line(tmp_path, name, value):
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "stats"], env={name: value})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert name in result.output and len(result.output.strip().splitlines()) == 1


def test_a_long_question_is_cut_with_a_notice(seeded_index):
    desk = Desk(seeded_index, Settings(max_question_chars=60))
    question = "missiles Iskander " + "et encore des mots sans importance " * 10 + "Kremlin Bélarus otage"
    message, outcome, results = desk.message_for(question)
    assert outcome == "ok" and results
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert question_cut_notice(60, "fr") in shown and question_cut_notice(60, "fr") in message.text
    assert "Iskander" in shown  # the beginning was searched…
    assert "Kremlin" not in shown.split("Question trop longue")[0]  # …the end (past 60 characters) was not
    short, _, _ = desk.message_for("missiles Iskander")
    assert "Question trop longue" not in json.dumps(short.blocks, ensure_ascii=False)


def test_the_cut_notice_in_english(seeded_index):
    message, _, _ = Desk(seeded_index, Settings(lang="en", max_question_chars=20)).message_for("missiles Iskander " * 10)
    assert "Question too long: only its first 20 characters were searched." in message.text


def test_the_default_bound_applies_to_slack(seeded_index):
    message, outcome, _ = Desk(seeded_index, Settings.from_env({})).message_for("Iskander " * 1000)
    assert outcome == "ok" and question_cut_notice(1500) in message.text


def test_cli_ask_cuts_too(tmp_path, seeded_index, index_path):
    result = CliRunner().invoke(cli, ["--db", str(index_path), "ask", "--json", "Iskander " * 20],
                                                env={"NEWSBOT_MAX_QUESTION_CHARS": "30"})
    assert result.exit_code == 0, result.output
    assert "NEWSBOT_MAX_QUESTION_CHARS" in result.stderr
    assert len(json.loads(result.stdout)["question"]) <= 30
