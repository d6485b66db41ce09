"""The "Share in channel" button: the answer posted for everyone, saying who shared it."""

from __future__ import annotations

from bot.render.answers import ACTION_SHARE, encode_state

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"


def test_share_posts_in_channel(app, payloads, fake_slack, send, text_of):
    assert send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0), user="U42")).status == 200
    [post] = fake_slack.wait("/respond/action")
    body = post.body
    assert body["response_type"] == "in_channel" and body["replace_original"] is False
    text = text_of(body["blocks"])
    assert "Partagé par <@U42>" in text and "Danilov" in text
    assert not [b for b in body["blocks"] if b["type"] == "actions"], "a shared answer has no buttons"


def test_share_of_a_later_page_keeps_its_numbers(app, payloads, fake_slack, send, text_of):
    send(app, payloads.action(ACTION_SHARE, encode_state("Poutine", 3)))
    [post] = fake_slack.wait("/respond/action")
    assert "*4.*" in text_of(post.body["blocks"])


def test_stale_button_value(app, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_SHARE, "not a newsbot value"))
    [post] = fake_slack.wait("/respond/action")
    assert post.body["response_type"] == "ephemeral" and "/ask" in post.body["text"]


def test_user_id_is_not_trusted_as_markup(app, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0), user="U1>|<!channel"))
    [post] = fake_slack.wait("/respond/action")
    assert "<!channel" not in str(post.body)
