"""The "Next results" button: the following answers, where the button was."""

from __future__ import annotations

from bot.render import ACTION_MORE, encode_state


def test_next_page_of_an_ephemeral_answer(app, payloads, fake_slack, send, text_of):
    send(app, payloads.action(ACTION_MORE, encode_state("Poutine", 3)))
    [post] = fake_slack.wait("/respond/action")
    body = post.body
    assert body["response_type"] == "ephemeral" and body["replace_original"] is False
    text = text_of(body["blocks"])
    assert "*4.*" in text and "*1.*" not in text and "résultats 4 à" in text
    assert "Partager dans le canal" in text
    assert not fake_slack.api("chat.postMessage")


def test_next_page_in_a_thread(app, payloads, fake_slack, send, text_of):
    send(app, payloads.action(ACTION_MORE, encode_state("Poutine", 3), ephemeral=False, thread_ts="1700000000.000100"))
    [post] = fake_slack.wait("/api/chat.postMessage")
    assert post.body["thread_ts"] == "1700000000.000100" and post.body["channel"] == "C1"
    text = text_of(post.body["blocks"])
    assert "*4.*" in text and "Partager" not in text
    assert not fake_slack.to("/respond/action")


def test_past_the_last_result(app, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_MORE, encode_state("missiles Iskander", 27)))
    [post] = fake_slack.wait("/respond/action")
    assert "Pas d’autres résultats" in post.body["text"]
