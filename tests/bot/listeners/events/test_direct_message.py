"""A direct message to newsbot: answered in the DM; other messages ignored."""

from __future__ import annotations

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"


def test_answer_in_the_dm(app, payloads, fake_slack, send, text_of):
    assert send(app, payloads.direct_message(KREMLIN)).status == 200
    [post] = fake_slack.wait("/api/chat.postMessage")
    assert post.body["channel"] == "D1"
    assert "thread_ts" not in post.body
    assert "Danilov" in text_of(post.body["blocks"])


def test_dm_in_a_thread_answers_in_the_thread(app, payloads, fake_slack, send):
    send(app, payloads.direct_message("missiles Iskander", thread_ts="1700000000.000001"))
    [post] = fake_slack.wait("/api/chat.postMessage")
    assert post.body["thread_ts"] == "1700000000.000001"


def test_help_in_a_dm(app, payloads, fake_slack, send):
    send(app, payloads.direct_message("aide"))
    [post] = fake_slack.wait("/api/chat.postMessage")
    assert "/ask" in post.body["text"]


def test_edits_bots_and_channel_messages_are_ignored(app, payloads, fake_slack, send):
    requests = [
        payloads.direct_message(KREMLIN, event_id="Ev1", subtype="message_changed"),
        payloads.direct_message(KREMLIN, event_id="Ev2", bot_id="BOTHER"),
        payloads.direct_message(KREMLIN, event_id="Ev3", channel_type="channel", channel="C1"),
    ]
    for request in requests:
        assert send(app, request).status == 200
    assert not fake_slack.api("chat.postMessage")


def test_same_dm_delivered_twice_is_answered_once(app, payloads, fake_slack, send):
    for _ in range(2):
        send(app, payloads.direct_message(KREMLIN, event_id="EvDup"))
    assert len(fake_slack.api("chat.postMessage")) == 1
