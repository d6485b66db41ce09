"""👍 / 👎 under answers: stored once with the question and the answers shown, exported by
`newsbot feedback --json`."""

from __future__ import annotations

import json

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


def test_no_feedback_buttons_on_a_shared_answer_or_without_passages(app, payloads, fake_slack, send):
    send(app, payloads.command("zzzqqq introuvable"))
    body = fake_slack.wait("/respond/cmd")[0].body
    assert not [b for b in body["blocks"] if b.get("block_id") == FEEDBACK_BLOCK]
