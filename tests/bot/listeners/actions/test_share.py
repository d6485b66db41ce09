"""The "Share in channel" button: the answer posted for everyone, once, and the private answer turned into a note."""

from __future__ import annotations

from bot.render.answers import ACTION_SHARE, encode_state

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"


def test_share_posts_in_channel_and_turns_the_private_answer_into_a_note(app, payloads, fake_slack, send, text_of):
    assert send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0), user="U42")).status == 200
    shared, note = fake_slack.wait("/respond/action", count=2)
    body = shared.body
    assert body["response_type"] == "in_channel" and body["replace_original"] is False
    text = text_of(body["blocks"])
    assert "Partagé par <@U42>" in text and "Danilov" in text
    assert not [b for b in body["blocks"] if b["type"] == "actions"], "a shared answer has no buttons"
    assert note.body["replace_original"] is True and note.body["response_type"] == "ephemeral"
    assert note.body["text"] == "Partagé dans <#C1>." and not [b for b in note.body["blocks"] if b["type"] == "actions"]


def test_a_double_click_shares_once(app, payloads, fake_slack, send, log_lines):
    """Issue 16: each further click on "Partager" posted in the channel again."""
    click = payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0))
    send(app, click)
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0)))  # the same button, clicked again
    log_lines.wait("outcome=duplicate click")
    calls = fake_slack.to("/respond/action")
    assert [c.body["response_type"] for c in calls] == ["in_channel", "ephemeral"]  # one post, one note
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0), message_ts="1700000099.000100"))
    assert len(fake_slack.wait("/respond/action", count=4)) == 4  # another answer's button shares again


def test_a_share_that_failed_can_be_clicked_again(app, payloads, fake_slack, send, slack_waits, log_lines):
    fake_slack.fail("/respond/action", 500, times=3)  # the post and slack_sdk's two retries
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0)))
    log_lines.wait("delivered=False")  # the listener is done: it could not post
    assert len(fake_slack.to("/respond/action")) == 3  # no note: the answer keeps its button
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0)))
    calls = fake_slack.wait("/respond/action", count=5)
    assert [c.body["response_type"] for c in calls[3:]] == ["in_channel", "ephemeral"]


def test_share_in_a_direct_message(app, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0), channel="D1"))
    _, note = fake_slack.wait("/respond/action", count=2)
    assert note.body["text"] == "Partagé dans cette conversation."


def test_share_of_a_later_page_keeps_its_numbers(app, payloads, fake_slack, send, text_of):
    send(app, payloads.action(ACTION_SHARE, encode_state("Poutine", 3)))
    shared, _ = fake_slack.wait("/respond/action", count=2)
    assert "*4.*" in text_of(shared.body["blocks"])


def test_stale_button_value(app, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_SHARE, "not a newsbot value"))
    [post] = fake_slack.wait("/respond/action")
    assert post.body["response_type"] == "ephemeral" and "/ask" in post.body["text"]


def test_user_id_is_not_trusted_as_markup(app, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0), user="U1>|<!channel"))
    posts = fake_slack.wait("/respond/action", count=2)
    assert "<!channel" not in str([p.body for p in posts])


def test_a_share_when_the_index_is_gone_tells_only_the_user(app, index_path, payloads, fake_slack, send, log_lines):
    """The channel never gets "the archive is not available"; the private answer keeps its
    button, so the share can be tried again once the index is back."""
    for suffix in ("", "-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0)))
    log_lines.wait("outcome=index_missing")
    [notice] = fake_slack.to("/respond/action")
    assert notice.body["response_type"] == "ephemeral" and notice.body["replace_original"] is False
    assert "pas disponible" in notice.body["text"]
