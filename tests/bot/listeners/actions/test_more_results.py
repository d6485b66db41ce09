"""The "Next results" / "Previous results" buttons: another page of the same answer, replacing it in place."""

from __future__ import annotations

from bot.render.answers import ACTION_MORE, ACTION_PREVIOUS, ACTION_SHARE, MAX_RESULTS, encode_state
from index.store.models import Article


def buttons(body: dict) -> dict[str, dict]:
    return {e["action_id"]: e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]}


def test_next_page_replaces_the_ephemeral_answer(app, payloads, fake_slack, send, text_of):
    send(app, payloads.action(ACTION_MORE, encode_state("Poutine", 3)))
    [post] = fake_slack.wait("/respond/action")
    body = post.body
    assert body["response_type"] == "ephemeral" and body["replace_original"] is True
    text = text_of(body["blocks"])
    assert "*4.*" in text and "*1.*" not in text and "résultats 4 à" in text
    assert set(buttons(body)) >= {ACTION_SHARE, ACTION_PREVIOUS}
    assert buttons(body)[ACTION_PREVIOUS]["value"] == encode_state("Poutine", 0)
    assert not fake_slack.api("chat.postMessage")


def test_ten_clicks_leave_one_answer_and_a_double_click_the_same_page(app, payloads, fake_slack, send):
    """Issue 16: each click posted a new ephemeral message; now each one replaces the answer."""
    offsets = [3, 0, 3, 0, 3, 0, 3, 0, 3, 3]  # next, previous… and a double click at the end
    for offset in offsets:
        action = ACTION_MORE if offset else ACTION_PREVIOUS
        send(app, payloads.action(action, encode_state("Poutine", offset)))
    posts = fake_slack.wait("/respond/action", count=len(offsets))
    assert len(posts) == len(offsets) and all(p.body["replace_original"] is True for p in posts)
    assert posts[-1].body == posts[-2].body  # the double click: the same page twice, in place


def test_previous_page_goes_back_to_the_first(app, payloads, fake_slack, send, text_of):
    send(app, payloads.action(ACTION_PREVIOUS, encode_state("Poutine", 0)))
    [post] = fake_slack.wait("/respond/action")
    text = text_of(post.body["blocks"])
    assert "*1.*" in text and "résultats" not in text and ACTION_PREVIOUS not in buttons(post.body)


def test_next_page_in_a_thread_replaces_it_there(app, payloads, fake_slack, send, text_of):
    send(app, payloads.action(ACTION_MORE, encode_state("Poutine", 3), ephemeral=False, thread_ts="1700000000.000100"))
    [post] = fake_slack.wait("/respond/action")
    assert post.body["replace_original"] is True and post.body["response_type"] == "in_channel"
    text = text_of(post.body["blocks"])
    assert "*4.*" in text and "Partager" not in text
    assert not fake_slack.api("chat.postMessage")


def test_past_the_last_result(app, payloads, fake_slack, send):
    send(app, payloads.action(ACTION_MORE, encode_state("missiles Iskander", 27)))
    [post] = fake_slack.wait("/respond/action")
    assert "Pas d’autres résultats" in post.body["text"]


def test_a_crafted_value_never_pages_past_the_limit(make_app, empty_index, payloads, fake_slack, send, text_of):
    """Issue 16: a button value "999|…" showed "résultats 31 à 33"."""
    empty_index.add_article(Article(title="Les zoulous", id="z", text="\n\n".join(
        f"Paragraphe {n} : les zoulous du district {n} manifestent." for n in range(40))))
    app = make_app(empty_index)
    send(app, payloads.action(ACTION_MORE, "999|zoulous"))
    send(app, payloads.action(ACTION_MORE, encode_state("zoulous", MAX_RESULTS - 3)))
    crafted, last = fake_slack.wait("/respond/action", count=2)
    assert "Pas d’autres résultats" in crafted.body["text"] and "résultats 31" not in crafted.body["text"]
    assert f"résultats {MAX_RESULTS - 2} à {MAX_RESULTS}" in text_of(last.body["blocks"])
    assert ACTION_MORE not in buttons(last.body)


def test_next_page_of_a_question_longer_than_the_default_bound(make_app, seeded_index, payloads, fake_slack, send,
                                                                text_of):
    # NEWSBOT_MAX_QUESTION_CHARS=1800: the words past 1,500 characters count on every page.
    app = make_app(seeded_index, max_question_chars=1800)
    question = "missiles Iskander " + "et puis " * 200 + "Kremlin otage Danilov Twitter"  # 1,647 characters
    send(app, payloads.command(question))
    [first] = fake_slack.wait("/respond/cmd")
    more = buttons(first.body)[ACTION_MORE]
    send(app, payloads.action(ACTION_MORE, more["value"]))
    [post] = fake_slack.wait("/respond/action")
    text = text_of(post.body["blocks"])
    assert "*4.*" in text and "Pas d’autres résultats" not in text
    fourth = seeded_index.ask(question, k=4).hits[3].passage
    assert fourth[:40] in text.replace("*", "")  # the 4th answer to the whole question, bold aside
