"""@newsbot QUESTION: answered in the mention's thread, once per event, never to bots."""

from __future__ import annotations

import logging

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"
BOT_USER_ID = "UBOT"  # what the fake auth.test answers


def test_answer_in_the_thread_of_the_mention(app, payloads, fake_slack, send, text_of):
    assert send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", ts="1700000000.000100")).status == 200
    [post] = fake_slack.wait("/api/chat.postMessage")
    assert post.body["channel"] == "C1"
    assert post.body["thread_ts"] == "1700000000.000100"
    assert "Danilov" in text_of(post.body["blocks"]) and post.body["text"]
    actions = [e["action_id"] for b in post.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["more_results", "feedback_up", "feedback_down"]  # already public: no share button


def test_mention_inside_a_thread_answers_in_that_thread(app, payloads, fake_slack, send):
    send(app, payloads.mention(f"<@{BOT_USER_ID}> missiles Iskander", ts="1700000000.000900",
                               thread_ts="1700000000.000100"))
    [post] = fake_slack.wait("/api/chat.postMessage")
    assert post.body["thread_ts"] == "1700000000.000100"


def test_same_event_delivered_twice_is_answered_once(app, payloads, fake_slack, send):
    first = send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", event_id="EvTwice"))
    again = send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", event_id="EvTwice",
                                       extra_headers={"X-Slack-Retry-Num": "1",
                                                      "X-Slack-Retry-Reason": "http_timeout"}))
    assert first.status == again.status == 200  # the redelivery is still acknowledged
    assert len(fake_slack.api("chat.postMessage")) == 1


def test_dedup_survives_a_deleted_index(app, index_path, payloads, fake_slack, send):
    index_path.unlink()
    for _ in range(2):
        send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", event_id="EvGone"))
    [post] = fake_slack.api("chat.postMessage")
    assert "pas disponible" in post.body["text"]


def test_mention_without_a_question_shows_help(app, payloads, fake_slack, send):
    send(app, payloads.mention(f"<@{BOT_USER_ID}>"))
    [post] = fake_slack.wait("/api/chat.postMessage")
    assert "/ask" in post.body["text"] and post.body["thread_ts"] == "1700000000.000100"


def test_bots_are_ignored(app, payloads, fake_slack, send):
    event = {"type": "app_mention", "user": "U2", "bot_id": "BOTHER", "text": f"<@{BOT_USER_ID}> {KREMLIN}",
             "ts": "1700000000.000100", "channel": "C1"}
    assert send(app, payloads.event(event, event_id="EvBot")).status == 200
    own = {**event, "user": BOT_USER_ID, "bot_id": "BBOT"}
    assert send(app, payloads.event(own, event_id="EvSelf")).status == 200
    assert not fake_slack.api("chat.postMessage")


def test_post_rate_limited_is_retried(app, payloads, fake_slack, send, slack_waits):
    fake_slack.fail("/api/chat.postMessage", 429, retry_after=30)
    send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}"))
    assert len(fake_slack.wait("/api/chat.postMessage", 2)) == 2
    assert len(slack_waits) == 1 and 30 <= slack_waits[0] < 31  # Retry-After honoured


def test_slack_refusing_the_post_does_not_crash(app, payloads, fake_slack, send, caplog):
    fake_slack.fail("/api/chat.postMessage", 200, body={"ok": False, "error": "not_in_channel"})
    with caplog.at_level(logging.WARNING, logger="newsbot"):
        assert send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", event_id="EvA")).status == 200
    assert "not_in_channel" in caplog.text
    send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", event_id="EvB"))
    assert len(fake_slack.api("chat.postMessage")) == 2
