"""The "Next results" button: the following answers, where the button was."""

from __future__ import annotations

from bot.render.answers import ACTION_MORE, encode_state


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


def test_next_page_of_a_question_longer_than_the_default_bound(make_app, seeded_index, payloads, fake_slack, send,
                                                                text_of):
    # NEWSBOT_MAX_QUESTION_CHARS=1800: the words past 1,500 characters count on every page.
    app = make_app(seeded_index, max_question_chars=1800)
    question = "missiles Iskander " + "et puis " * 200 + "Kremlin otage Danilov Twitter"  # 1,647 characters
    send(app, payloads.command(question))
    [first] = fake_slack.wait("/respond/cmd")
    [more] = [e for b in first.body["blocks"] if b["type"] == "actions" for e in b["elements"]
              if e["action_id"] == ACTION_MORE]
    send(app, payloads.action(ACTION_MORE, more["value"]))
    [post] = fake_slack.wait("/respond/action")
    text = text_of(post.body["blocks"])
    assert "*4.*" in text and "Pas d’autres résultats" not in text
    fourth = seeded_index.ask(question, k=4).hits[3].passage
    assert fourth[:40] in text.replace("*", "")  # the 4th answer to the whole question, bold aside
