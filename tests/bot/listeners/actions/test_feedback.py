"""👍 / 👎 under answers: stored once with the question and the answers shown, exported by
`newsbot feedback --json`."""

from __future__ import annotations

import json

import pytest

from bot.render.answers import ACTION_FEEDBACK_DOWN, ACTION_FEEDBACK_UP, FEEDBACK_BLOCK, decode_feedback, \
    encode_feedback
from bot.render.blocks import MAX_BUTTON_VALUE_CHARS
from index.feedback import export
from index.store.models import ArticleRef, Hit
from tests.conftest import newsbot

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"


def feedback_buttons(body):
    [block] = [b for b in body["blocks"] if b.get("block_id") == FEEDBACK_BLOCK]
    return {e["action_id"]: e for e in block["elements"]}


def test_a_thumb_is_stored_once_with_the_question_and_the_answers_shown(app, seeded_index, payloads, fake_slack,
                                                                        send, index_path, tmp_path):
    send(app, payloads.command(KREMLIN))
    answer = fake_slack.wait("/respond/cmd")[0].body
    buttons = feedback_buttons(answer)
    assert set(buttons) == {ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN}
    for _ in range(2):  # a double click counts once
        send(app, payloads.action(ACTION_FEEDBACK_UP, buttons[ACTION_FEEDBACK_UP]["value"],
                                  response_url=fake_slack.response_url("thanks")))
    send(app, payloads.action(ACTION_FEEDBACK_DOWN, buttons[ACTION_FEEDBACK_DOWN]["value"],
                              response_url=fake_slack.response_url("thanks")))
    thanks = fake_slack.wait("/respond/thanks", 2)
    assert len(thanks) == 2 and "Merci pour votre avis" in thanks[0].body["text"]
    assert thanks[0].body["response_type"] == "ephemeral" and thanks[0].body["replace_original"] is False
    [up, down] = export(seeded_index)
    assert (up["rating"], down["rating"]) == ("up", "down") and up["question"] == KREMLIN
    assert up["answers"][0]["title"] and up["answers"][0]["paragraph"] == 17  # the first answer as shown
    assert [a["article_id"] for a in up["answers"]] == [a["article_id"] for a in down["answers"]]

    result = newsbot("--db", str(index_path), "feedback", "--json", cwd=tmp_path)
    assert result.exit_code == 0
    exported = json.loads(result.stdout)["feedback"]
    assert [f["rating"] for f in exported] == ["up", "down"] and "U1" not in result.stdout  # no user id
    assert "2 feedback(s): 1 👍, 1 👎" in newsbot("--db", str(index_path), "feedback", cwd=tmp_path).stdout


def test_a_forged_feedback_value_gets_the_stale_notice(app, seeded_index, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_FEEDBACK_UP, "{not json", response_url=fake_slack.response_url("bad")))
    assert "ne fonctionne plus" in fake_slack.wait("/respond/bad")[0].body["text"]
    assert export(seeded_index) == []


def test_the_feedback_value_fits_slack_whatever_the_question():
    ref = ArticleRef(id="https://example.org/" + "x" * 900, title="t", paragraph=3)
    hits = [Hit(passage="p", score=1.0, article=ref) for _ in range(5)]
    for question in ("court", "😀" * 1500, "é" * 5000):
        value = encode_feedback(question, 0, hits)
        assert len(value.encode("utf-16-le")) // 2 <= MAX_BUTTON_VALUE_CHARS
        asked, offset, shown = decode_feedback(value)
        assert question.startswith(asked) and offset == 0 and all(a == (ref.id, 3) for a in shown)


def test_a_thumb_on_a_no_match_answer_is_stored_with_no_answer_shown(app, seeded_index, payloads, fake_slack, send,
                                                                     index_path, tmp_path):
    send(app, payloads.command("zzzqqq introuvable"))
    body = fake_slack.wait("/respond/cmd")[0].body
    assert "Aucun passage ne correspond" in body["text"]
    buttons = feedback_buttons(body)
    send(app, payloads.action(ACTION_FEEDBACK_DOWN, buttons[ACTION_FEEDBACK_DOWN]["value"],
                              response_url=fake_slack.response_url("thanks")))
    assert "Merci pour votre avis" in fake_slack.wait("/respond/thanks")[0].body["text"]
    [down] = export(seeded_index)
    assert (down["rating"], down["question"], down["answers"]) == ("down", "zzzqqq introuvable", [])
    exported = json.loads(newsbot("--db", str(index_path), "feedback", "--json", cwd=tmp_path).stdout)["feedback"]
    assert [(f["rating"], f["answers"]) for f in exported] == [("down", [])]


def test_a_no_quote_answer_has_the_buttons_with_the_passages_it_shows(app, seeded_index, payloads, fake_slack, send):
    send(app, payloads.command("qui a dit que les chars sont prêts ?"))
    body = fake_slack.wait("/respond/cmd")[0].body
    assert "Aucune citation de l’archive ne dit cela" in body["text"]
    _question, _offset, shown = decode_feedback(feedback_buttons(body)[ACTION_FEEDBACK_UP]["value"])
    assert len(shown) == 1


def test_no_feedback_buttons_on_a_shared_answer_nor_on_common_words(app, payloads, fake_slack, send):
    send(app, payloads.command("le la les du de"))
    body = fake_slack.wait("/respond/cmd")[0].body
    assert "trop courants" in body["text"]
    assert not [b for b in body["blocks"] if b.get("block_id") == FEEDBACK_BLOCK]


@pytest.mark.parametrize("value", [
    '{"q":"x","o":Infinity,"a":[]}',  # json reads it; int() of it raised OverflowError: no answer at all
    '{"q":"x","o":NaN,"a":[]}', '{"q":null,"o":0,"a":[]}', '{"q":"x","o":-5,"a":[]}', '{"q":"x","o":"0","a":[]}',
    '{"q":"x","o":0,"a":{"k":1}}', '{"q":"x","o":0,"a":[["a",true]]}', '{"q":"x","o":0,"a":[[1,2]]}',
    '{"q":"x","o":0,"a":[["a",1,2]]}', '["q","o","a"]', '1e999', '"texte"', "[" * 5000,
])
def test_a_crafted_feedback_value_gets_the_stale_notice_and_stores_nothing(app, seeded_index, payloads, fake_slack,
                                                                         send, value):
    send(app, payloads.action(ACTION_FEEDBACK_DOWN, value, response_url=fake_slack.response_url("bad")))
    assert "ne fonctionne plus" in fake_slack.wait("/respond/bad")[0].body["text"]
    assert export(seeded_index) == []


def test_the_next_page_of_an_answer_is_rated_apart_from_the_first(app, seeded_index, payloads, fake_slack, send):
    """"Résultats suivants" replaces the answer in place (the same message): a 👍 on the next page
    was taken for a double click on the first and dropped."""
    from bot.render.answers import ACTION_MORE

    send(app, payloads.command("armes nucléaires tactiques Bélarus"))
    first = fake_slack.wait("/respond/cmd")[0].body
    [more] = [e for b in first["blocks"] if b["type"] == "actions" for e in b["elements"]
              if e["action_id"] == ACTION_MORE]
    send(app, payloads.action(ACTION_FEEDBACK_UP, feedback_buttons(first)[ACTION_FEEDBACK_UP]["value"],
                              response_url=fake_slack.response_url("t1")))
    fake_slack.wait("/respond/t1")
    send(app, payloads.action(ACTION_MORE, more["value"], response_url=fake_slack.response_url("page")))
    second = fake_slack.wait("/respond/page")[0].body
    send(app, payloads.action(ACTION_FEEDBACK_UP, feedback_buttons(second)[ACTION_FEEDBACK_UP]["value"],
                              response_url=fake_slack.response_url("t2")))
    assert "Merci pour votre avis" in fake_slack.wait("/respond/t2")[0].body["text"]
    up1, up2 = export(seeded_index)
    assert {a["article_id"] + str(a["paragraph"]) for a in up1["answers"]}.isdisjoint(
        a["article_id"] + str(a["paragraph"]) for a in up2["answers"])
