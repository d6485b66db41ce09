"""Every message newsbot sends, captured by the fake Slack, passes Block Kit's validation.

The fake Slack checks each message it receives with slack_sdk's own models
(`tests/bot/conftest.py::message_problems`: `Block.parse(block).to_dict()` validates each block's
limits; at most 50 blocks; a text fallback) and every Slack test fails on a message Slack would
refuse. This test drives each surface once through the real Bolt app — answers, help, notices,
pages, shares, mentions, DMs, a digest, a backlog summary — with hostile and over-long text, and
checks the captured payloads one by one.
"""

from __future__ import annotations

import json

from slack_sdk import WebClient

from bot.render.answers import ACTION_MORE, ACTION_PREVIOUS, ACTION_SHARE, encode_state
from bot.watch import Poster
from index.store.models import Article
from tests.bot.conftest import BOT_USER_ID, message_problems

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"
HOSTILE = "*gras* _it_ ~barré~ `code` <!channel> <https://evil.example|x> & " + "très long " * 400


def test_the_validation_catches_what_slack_refuses():
    assert message_problems({"text": "x", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]})
    assert message_problems({"blocks": [{"type": "divider"}]}) == ["no text fallback"]
    assert message_problems({"text": "x", "blocks": [{"type": "divider"}] * 51})
    assert message_problems({"text": "x", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}]})
    assert message_problems({"text": "ok", "blocks": [{"type": "divider"}]}) == []


def test_every_surface_sends_only_valid_messages(make_app, seeded_index, payloads, fake_slack, send):
    app, english = make_app(seeded_index), make_app(seeded_index, lang="en")
    for question in (KREMLIN, "aide", "zzzz xqwv", HOSTILE, "missiles Iskander", "le la les"):
        send(app, payloads.command(question))
    send(english, payloads.command(KREMLIN))
    send(app, payloads.action(ACTION_MORE, encode_state("Poutine", 3)))
    send(app, payloads.action(ACTION_PREVIOUS, encode_state("Poutine", 0)))
    send(app, payloads.action(ACTION_MORE, "999|Poutine"))
    send(app, payloads.action(ACTION_MORE, "not a value"))
    send(app, payloads.action(ACTION_SHARE, encode_state(KREMLIN, 0), user="U42"))
    send(app, payloads.action(ACTION_SHARE, encode_state(HOSTILE, 0), message_ts="1700000001.000001"))
    send(app, payloads.action(ACTION_MORE, encode_state("Poutine", 3), ephemeral=False, thread_ts="1700000000.000100"))
    send(app, payloads.mention(f"<@{BOT_USER_ID}> {KREMLIN}", event_id="EvP1"))
    send(app, payloads.direct_message(HOSTILE, event_id="EvP2"))

    client = WebClient(token="xoxb-test", base_url=fake_slack.api_url)
    seeded_index.add_articles([Article(title=f"*Sujet* {n} : {HOSTILE[:200]}", text=f"{HOSTILE} numéro {n}.",
                                       id=f"h{n}", url=f"https://gazette.example/{n}", source="_Gazette_")
                               for n in range(3)])
    poster = Poster(seeded_index, client, "C_DIGEST", window=0.0, pace=0.0)
    assert poster.post_due().messages == 1  # the digest: the seeds, the hostile article, these three
    seeded_index.add_articles([Article(title=f"Dépêche {n}", text=f"Texte {n} sur le district {n}.", id=f"d{n}")
                               for n in range(60)])
    assert len(poster.post_due().summarized) == 60  # over NEWSBOT_MAX_DIGEST_ARTICLES: a backlog summary

    messages = [c for c in fake_slack.calls if isinstance(c.body, dict) and "text" in c.body]
    assert len(messages) >= 20
    for call in messages:
        assert message_problems(call.body) == [], (call.path, call.body)
    digest, backlog = fake_slack.api("chat.postMessage")[-2:]
    assert "Piège &lt;!channel&gt;" in json.dumps(digest.body["blocks"], ensure_ascii=False)  # the hostile article
    assert backlog.body["blocks"][0]["text"]["text"].startswith("60 nouveaux articles")
