"""/ask: ephemeral answers through respond(), help, awkward questions, index trouble, Slack trouble."""

from __future__ import annotations

import json
import logging

from bot.render.answers import ACTION_MORE, ACTION_SHARE
from bot.render.blocks import MAX_BUTTON_VALUE_CHARS

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"


def _answer(fake_slack, name="cmd"):
    calls = fake_slack.wait(f"/respond/{name}")
    assert calls, "no answer reached the response_url"
    return calls[-1].body


def test_who_said_answer_is_ephemeral_with_source_and_bold(app, payloads, fake_slack, send, text_of):
    response = send(app, payloads.command(KREMLIN))
    assert response.status == 200
    body = _answer(fake_slack)
    assert body["response_type"] == "ephemeral"
    text = text_of(body["blocks"])
    assert "Danilov" in text and "*Kremlin*" in text and "*otage*" in text
    assert "§17" in text  # the source line's paragraph
    assert "qui a dit" in text
    assert "Danilov" in body["text"]  # the fallback
    buttons = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {b["action_id"] for b in buttons} == {ACTION_SHARE, ACTION_MORE, "feedback_up", "feedback_down"}
    assert not fake_slack.api("chat.postMessage"), "/ask never uses say()"


def test_search_answer(app, payloads, fake_slack, send, text_of):
    send(app, payloads.command("missiles Iskander"))
    body = _answer(fake_slack)
    text = text_of(body["blocks"])
    assert "*Iskander*" in text
    assert "recherche" in text


def test_english_ui(make_app, seeded_index, payloads, fake_slack, send, text_of):
    send(make_app(seeded_index, lang="en"), payloads.command(KREMLIN))
    text = text_of(_answer(fake_slack)["blocks"])
    assert "Share in channel" in text and "Next results" in text and "who said" in text


def test_help(app, payloads, fake_slack, send, text_of):
    for number, text in enumerate(["", "aide", "help", "  AIDE "]):
        send(app, payloads.command(text, response_url=fake_slack.response_url(f"h{number}")))
        body = _answer(fake_slack, f"h{number}")
        assert "/ask" in text_of(body["blocks"]) and body["response_type"] == "ephemeral"


def test_only_common_words_and_no_match_suggest_rephrasing(app, payloads, fake_slack, send, text_of):
    send(app, payloads.command("le la les", response_url=fake_slack.response_url("common")))
    assert "trop courants" in text_of(_answer(fake_slack, "common")["blocks"])
    send(app, payloads.command("Kremlin xylophone", response_url=fake_slack.response_url("none")))
    send(app, payloads.command("xylophone", response_url=fake_slack.response_url("none2")))
    assert "Aucun passage" in _answer(fake_slack, "none2")["text"]


def test_five_thousand_character_question(app, payloads, fake_slack, send, text_of):
    question = ("Kremlin otage nucléaire Bélarus " * 200)[:5000]
    assert send(app, payloads.command(question)).status == 200
    body = _answer(fake_slack)
    assert "Danilov" in text_of(body["blocks"])
    values = [e["value"] for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert values and all(len(v) <= MAX_BUTTON_VALUE_CHARS for v in values)
    assert len(json.dumps(body["blocks"], ensure_ascii=False)) < 12_000


def test_hostile_article_is_escaped(app, payloads, fake_slack, send):
    send(app, payloads.command("zoulous grève"))
    body = _answer(fake_slack)
    raw = json.dumps(body, ensure_ascii=False)
    for ping in ("<!channel>", "<!everyone>", "<!here>", "<@U123>", "<https://evil.example", "javascript:"):
        assert ping not in raw
    assert "&lt;!channel&gt;" in raw and "&lt;@U123&gt;" in raw


def test_empty_index_says_so(make_app, empty_index, payloads, fake_slack, send, text_of):
    send(make_app(empty_index), payloads.command(KREMLIN))
    assert "L’index est vide" in text_of(_answer(fake_slack)["blocks"])


def test_deleted_index_gives_friendly_message_and_app_keeps_serving(app, seeded_index, index_path, payloads,
                                                                   fake_slack, send, text_of):
    for suffix in ("", "-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)
    for name in ("gone1", "gone2"):
        assert send(app, payloads.command(KREMLIN, response_url=fake_slack.response_url(name))).status == 200
        body = _answer(fake_slack, name)
        assert "n’est pas disponible" in text_of(body["blocks"])
        assert "Traceback" not in json.dumps(body)
    send(app, payloads.command("aide", response_url=fake_slack.response_url("help")))
    assert "/ask" in _answer(fake_slack, "help")["text"]


def test_unexpected_error_is_logged_not_shown(app, seeded_index, payloads, fake_slack, send, caplog, monkeypatch):
    def broken(question, k=5):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(seeded_index, "ask", broken)
    with caplog.at_level(logging.INFO, logger="newsbot"):
        send(app, payloads.command(KREMLIN))
    body = _answer(fake_slack)
    assert "Désolé" in body["text"]
    assert "secret internals" not in json.dumps(body) and "Traceback" not in json.dumps(body)
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


def test_respond_retried_on_500_and_429(app, payloads, fake_slack, send, slack_waits):
    fake_slack.fail("/respond/e500", 500)
    send(app, payloads.command(KREMLIN, response_url=fake_slack.response_url("e500")))
    assert len(fake_slack.wait("/respond/e500", 2)) == 2 and len(slack_waits) == 1
    fake_slack.fail("/respond/e429", 429, retry_after=7)
    send(app, payloads.command(KREMLIN, response_url=fake_slack.response_url("e429")))
    assert len(fake_slack.wait("/respond/e429", 2)) == 2
    assert len(slack_waits) == 2 and 7 <= slack_waits[1] < 8  # Retry-After honoured


def test_respond_failing_for_good_does_not_crash(app, payloads, fake_slack, send, caplog, slack_waits):
    fake_slack.fail("/respond/down", 500, times=10)
    with caplog.at_level(logging.WARNING, logger="newsbot"):
        assert send(app, payloads.command(KREMLIN, response_url=fake_slack.response_url("down"))).status == 200
    assert len(fake_slack.to("/respond/down")) == 3 and len(slack_waits) == 2  # first try + 2 retries
    assert any("refused" in r.getMessage() for r in caplog.records)
    send(app, payloads.command(KREMLIN, response_url=fake_slack.response_url("after")))
    assert _answer(fake_slack, "after")["response_type"] == "ephemeral"


def test_one_log_line_without_the_question(app, payloads, fake_slack, send, caplog):
    with caplog.at_level(logging.INFO, logger="newsbot"):
        send(app, payloads.command(KREMLIN))
    lines = [r.getMessage() for r in caplog.records if r.name == "newsbot.slack"]
    assert len(lines) == 1
    assert "surface=command" in lines[0] and f"question_chars={len(KREMLIN)}" in lines[0] and "results=3" in lines[0]
    assert "Kremlin" not in "\n".join(r.getMessage() for r in caplog.records)
    assert "xoxb" not in caplog.text


def test_formatting_characters_from_articles_and_questions_show_literally(make_app, empty_index, payloads,
                                                                          fake_slack, send, text_of):
    """Issue 16: a title "*ALERTE*" nested bold in newsbot's own, a stray asterisk in a quote turned
    half a line bold. They come out as the same-shaped characters Slack never formats, while
    newsbot's own bold (the matched words) stays."""
    from index.store.models import Article

    empty_index.add_article(Article(
        id="alerte", title="*ALERTE* orages : _vigilance_ ~rouge~ dans le `Var`", source="Var_Matin",
        url="https://var.example/alerte_orages", published="2024-08-01",
        text="Le préfet a déclaré « *tout* est prêt » pour les orages du Var, avec un astérisque* égaré."))
    send(make_app(empty_index), payloads.command("*orages* _Var_ ?"))
    body = _answer(fake_slack)
    text = text_of(body["blocks"])
    assert "∗tout∗ est prêt" in text and "astérisque∗ égaré" in text  # the article's stars, inert
    assert "*orages*" in text and "*Var*" in text  # newsbot's highlights, bold
    assert "<https://var.example/alerte_orages|∗ALERTE∗ orages : ˍvigilanceˍ ∼rouge∼ dans le ˋVarˋ>" in text
    assert "Varˍ Matin" not in text and "Varˍ" in text  # the outlet's underscore too
    assert "∗orages∗ ˍVarˍ ?" in text  # the question, echoed
    stray = text.replace("*orages*", "").replace("*Var*", "")
    assert not [line for line in stray.splitlines() if line.count("*") % 2], "an unpaired * would format"


def test_french_typography_in_a_served_answer(app, payloads, fake_slack, send, text_of):
    """Issue 16, through the app: "1 500" with a narrow no-break space, « » with no-break spaces,
    the question's kind said once ("Question : qui a dit…", not "(qui a dit) : qui a dit")."""
    send(app, payloads.command(KREMLIN + " et encore" * 200))
    body = _answer(fake_slack)
    text = text_of(body["blocks"])
    assert "seuls ses 1\u202f500 premiers caractères" in text
    assert "— «\u00a0" in text and "\u00a0»" in text  # the speaker's quote, in guillemets
    assert "Question : qui a dit que le Kremlin" in text and "(qui a dit)" not in text
