"""Only Slack gets answers: forged, tampered and replayed requests are refused; an event is answered once.

Over HTTP to the real WSGI server (waitress, `bot.serve.http_server`), as Slack sends requests.
Slack signs `v0:{timestamp}:{body}` with the signing secret and Bolt refuses a timestamp more than
5 minutes from now; inside those 5 minutes a captured request could be replayed as it is. Events
carry an id: the index remembers answered ids for an hour (`Store.first_seen`), longer than
the signature window, so a replayed or redelivered event is acknowledged and never answered
twice. Slash commands carry no id: a replay within 5 minutes is answered again (ephemerally, to
the response_url of the original command) — Slack's design, noted in docs/reliability.md.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import pytest


KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"
BOT_USER_ID = "UBOT"


def post(url: str, body: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url + "/slack/events", data=body.encode(), headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_forged_and_tampered_requests_are_refused(server_url, payloads, fake_slack, verified):
    good = payloads.command(KREMLIN)
    ts, signature = good.headers["X-Slack-Request-Timestamp"], good.headers["X-Slack-Signature"]
    content = {"Content-Type": good.headers["Content-Type"]}
    forgeries = {
        "no signature": (good.body, {**content, "X-Slack-Request-Timestamp": ts}),
        "no timestamp": (good.body, {**content, "X-Slack-Signature": signature}),
        "unsigned": (good.body, content),
        "body changed after signing": (good.body.replace("Kremlin", "Elysee"), good.headers),
        "timestamp changed after signing": (good.body, {**good.headers, "X-Slack-Request-Timestamp": str(int(ts) + 1)}),
        "another version": (good.body, {**good.headers, "X-Slack-Signature": "v1=" + signature[3:]}),
        "truncated signature": (good.body, {**good.headers, "X-Slack-Signature": signature[:-2]}),
    }
    for name, (body, headers) in forgeries.items():
        assert post(server_url, body, headers) == 401, name
    # slack_sdk's verifier raises on a timestamp that is not a number (a 500 and a traceback in
    # the logs): bot/http.py refuses it before Bolt sees it.
    assert post(server_url, good.body, {**good.headers, "X-Slack-Request-Timestamp": "now"}) == 401
    assert verified == []  # no listener saw any of them
    assert post(server_url, good.body, good.headers) == 200  # the genuine one still works
    assert len(verified) == 1 and fake_slack.wait("/respond/cmd")


def test_unsigned_url_verification_is_refused(server_url, signed_request):
    body = '{"type": "url_verification", "challenge": "abc", "token": "legacy"}'
    assert post(server_url, body, {"Content-Type": "application/json"}) == 401


@pytest.mark.parametrize("age", [-301, 301, 3600, 86_400 * 365])
def test_replay_outside_the_five_minute_window_is_refused(server_url, payloads, verified, age):
    """A request captured `age` seconds ago (negative: dated in the future), resent as it was."""
    replay = payloads.command(KREMLIN, timestamp=int(time.time()) - age)
    assert post(server_url, replay.body, replay.headers) == 401
    stale_event = payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", timestamp=int(time.time()) - age)
    assert post(server_url, stale_event.body, stale_event.headers) == 401
    assert verified == []


def test_replayed_event_inside_the_window_is_answered_once(server_url, payloads, fake_slack, log_lines):
    captured = payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", event_id="EvReplay",
                                timestamp=int(time.time()) - 200)
    for _ in range(3):  # the very same bytes, three times
        assert post(server_url, captured.body, captured.headers) == 200
    log_lines.wait("surface=mention outcome=ok")  # answered once…
    log_lines.wait("outcome=duplicate", count=2)  # …and the two replays' listeners done, posting nothing
    assert len(fake_slack.api("chat.postMessage")) == 1


def test_concurrent_redeliveries_of_one_event_are_answered_once(server_url, payloads, fake_slack, log_lines):
    """Slack's retries can overlap the first delivery: eight at once still give one answer."""
    deliveries = [payloads.direct_message(KREMLIN, event_id="EvDM-race")]
    deliveries += [payloads.event(
        {"type": "message", "channel_type": "im", "user": "U1", "text": KREMLIN, "ts": "1700000000.000300",
         "channel": "D1", "event_ts": "1700000000.000300"},
        event_id="EvDM-race", extra_headers={"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"},
    ) for n in range(1, 8)]
    barrier = threading.Barrier(len(deliveries))
    statuses: list[int] = []

    def deliver(request) -> None:
        barrier.wait()
        statuses.append(post(server_url, request.body, request.headers))

    threads = [threading.Thread(target=deliver, args=(d,)) for d in deliveries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(deliveries)  # every delivery acknowledged, so Slack stops retrying
    log_lines.wait("surface=dm outcome=ok")  # answered once…
    log_lines.wait("outcome=duplicate", count=len(deliveries) - 1)  # …the other listeners done, posting nothing
    assert len(fake_slack.api("chat.postMessage")) == 1


def test_forged_button_click_is_refused(server_url, payloads, signed_request, verified):
    click = payloads.action("more_results", f"3|{KREMLIN}")
    forged = signed_request(click.body, "application/x-www-form-urlencoded", secret="attacker-secret")
    assert post(server_url, forged.body, forged.headers) == 401
    assert verified == []
