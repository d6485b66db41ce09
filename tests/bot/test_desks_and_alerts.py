"""Desks and alerts through the real app: `/ask suivre …` in channels and DMs over signed requests,
articles ingested into a real index, per-channel digests and DM alerts posted to the fake Slack —
exactly the right ones, once, through restarts and Slack failing."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
from slack_sdk import WebClient

from bot.alerts import AlertPoster
from bot.watch import Watcher
from bot.app import web_client
from bot.render.alerts import ACTION_UNFOLLOW
from bot.settings import Settings
from index.alerts import deliveries, subscriptions
from index.digest import outbox
from index.store.models import Article

RETRAITES = Article(id="a1", title="Retraites : le gouvernement tient bon", source="La Gazette", published="2026-11-28",
                    text="« Nous irons jusqu’au bout de cette réforme », a déclaré Emmanuel Macron mardi à l’Élysée."
                         "\n\nLa pénibilité reste au cœur des débats sur les retraites, selon les syndicats.")
VENDANGES = Article(id="a2", title="Vendanges précoces en Champagne", source="L’Union", published="2026-11-28",
                    text="Les vendanges ont commencé avec deux semaines d’avance dans la Marne.\n\n"
                         "« C’est du jamais vu », a dit Jean Dupont, vigneron.")
BERLIN = Article(id="a3", title="Visite du président à Berlin", source="Le Courrier", published="2026-11-28",
                 text="« La France tiendra ses engagements », a affirmé M. Macron lors de sa visite à Berlin.\n\n"
                      "Le chef de l’État a rencontré le chancelier.")
POST = "/api/chat.postMessage"


def command(payloads, text, channel="C1", user="U1", name="cmd"):
    """A signed /ask in `channel` (D…: a DM with newsbot)."""
    request = payloads.command(text, channel=channel, user=user, response_url=payloads.fake.response_url(name))
    if channel.startswith("D"):  # Slack says so for a slash command typed in a DM
        body = request.body.replace("channel_name=redaction", "channel_name=directmessage")
        request = payloads.signed(body, "application/x-www-form-urlencoded")
    return request


def answer_text(fake_slack, text_of, name="cmd", count=1):
    calls = fake_slack.wait(f"/respond/{name}", count)
    assert len(calls) >= count, "no answer at the response_url"
    body = calls[count - 1].body
    return body["text"] + "\n" + text_of(body.get("blocks") or [])


def client_of(fake_slack) -> WebClient:
    return web_client(Settings(slack_bot_token="xoxb-test", slack_api_url=fake_slack.api_url))


def poster(index, fake_slack, **kwargs) -> AlertPoster:
    options = {"window": 0.0, "pace": 0.0, "retry_base": 0.01, **kwargs}
    return AlertPoster(index, client_of(fake_slack), "fr", **options)


def posted_to(fake_slack, channel, text_of):
    """The texts of the messages posted to `channel` (blocks and fallback)."""
    return [c.body["text"] + "\n" + text_of(_blocks(c.body.get("blocks")))
            for c in fake_slack.api("chat.postMessage") if c.body.get("channel") == channel]


def _blocks(blocks):
    return json.loads(blocks) if isinstance(blocks, str) else blocks or []


@pytest.fixture
def desk_app(make_app, empty_index):
    return make_app(empty_index)


# ---------------------------------------------------------------------------- the commands


def test_follow_list_and_unfollow_in_a_channel(desk_app, empty_index, payloads, fake_slack, send, text_of):
    assert send(desk_app, command(payloads, "suivre Macron", name="f1")).status == 200
    said = answer_text(fake_slack, text_of, "f1")
    assert "Macron" in said and "digest de ce canal" in said
    assert "Personne de ce nom n’est encore cité" in said  # nobody quoted yet: accepted, with a note
    send(desk_app, command(payloads, "suivre «\u00a0réforme des retraites\u00a0»", name="f2"))  # French typing
    said = answer_text(fake_slack, text_of, "f2")
    assert "l’expression *«\u00a0réforme des retraites\u00a0»* (ces mots à la suite)" in said
    send(desk_app, command(payloads, "suivre retraites pénibilité", name="f3"))
    send(desk_app, command(payloads, "suivre retraites pénibilité", name="f4"))  # twice: one subscription
    assert "Déjà suivi" in answer_text(fake_slack, text_of, "f4")
    assert [(s.kind, s.key) for s in subscriptions.subscriptions_of(empty_index, "C1")] == [
        ("person", "macron"), ("phrase", "reform retrait"), ("topic", "penibilit retrait")]

    send(desk_app, command(payloads, "abonnements", name="list"))
    body = fake_slack.wait("/respond/list")[0].body
    buttons = [b["accessory"] for b in body["blocks"] if b.get("accessory")]
    assert [b["action_id"] for b in buttons] == [ACTION_UNFOLLOW] * 3
    listed = text_of(body["blocks"])
    assert "Abonnements de ce canal (3)" in listed
    # each line says which kind it is: a person, the words one after the other, all the words anywhere
    assert "*Macron* · personne" in listed
    assert "*«\u00a0réforme des retraites\u00a0»* · expression (ces mots à la suite)" in listed
    assert "*retraites · pénibilité* · sujet (tous ces mots, où qu’ils soient)" in listed

    send(desk_app, command(payloads, "ne plus suivre Macron", name="u1"))
    assert "Plus suivi ici : *Macron*" in answer_text(fake_slack, text_of, "u1")
    send(desk_app, command(payloads, "ne plus suivre Poutine", name="u2"))
    assert "Rien de tel" in answer_text(fake_slack, text_of, "u2")
    assert len(subscriptions.subscriptions_of(empty_index, "C1")) == 2
    # each change refreshed the person's Home tab
    assert fake_slack.api("views.publish") and fake_slack.api("views.publish")[-1].body["user_id"] == "U1"


def test_english_words_and_answers(make_app, empty_index, payloads, fake_slack, send, text_of):
    app = make_app(empty_index, lang="en")
    send(app, command(payloads, "follow pension hardship", name="f"))
    assert "Done: new articles about *pension · hardship*" in answer_text(fake_slack, text_of, "f")
    send(app, command(payloads, "subscriptions", name="l"))
    assert "This channel’s subscriptions (1)" in answer_text(fake_slack, text_of, "l")
    send(app, command(payloads, "unfollow pension hardship", name="u"))
    assert "No longer followed here" in answer_text(fake_slack, text_of, "u")
    assert subscriptions.subscriptions_of(empty_index, "C1") == []


def test_a_question_that_starts_like_a_command_word_is_still_a_question(desk_app, payloads, fake_slack, send,
                                                                         text_of):
    send(desk_app, command(payloads, "alertes météo en Bretagne", name="q"))
    assert "Abonnements" not in answer_text(fake_slack, text_of, "q")


@pytest.mark.parametrize(("text", "expected"), [
    ("suivre", "Dites ce que vous voulez suivre"),
    ("suivre    ", "Dites ce que vous voulez suivre"),
    ("suivre « »", "Dites ce que vous voulez suivre"),
    ("suivre le la les de du", "trop courants pour être suivis"),
    ("suivre " + "retraites " * 400, "Sujet trop long : 200 caractères au plus"),
    ("suivre retraites pensions salaires impôts grève syndicats patronat inflation chômage", "Trop de mots"),
    ("ne plus suivre", "Dites ce que vous ne voulez plus suivre"),
])
def test_bad_topics_get_a_sentence_and_store_nothing(desk_app, empty_index, payloads, fake_slack, send, text_of,
                                                      text, expected):
    send(desk_app, command(payloads, text, name="bad"))
    said = answer_text(fake_slack, text_of, "bad")
    assert expected in said and "Traceback" not in said
    assert subscriptions.subscriptions_of(empty_index, "C1") == []


def test_markup_in_a_topic_never_pings_nor_formats(desk_app, empty_index, payloads, fake_slack, send):
    send(desk_app, command(payloads, "suivre <!channel> grève <@U9> *zoulous* &lt;b&gt;", name="m"))
    body = fake_slack.wait("/respond/m")[0].body
    raw = json.dumps(body, ensure_ascii=False)
    assert "<!channel>" not in raw and "<@U9>" not in raw and "<b>" not in raw
    [found] = subscriptions.subscriptions_of(empty_index, "C1")
    assert found.kind == "topic" and "grev" in found.key and "zoulous" in found.key
    send(desk_app, command(payloads, "abonnements", name="l"))
    listed = json.dumps(fake_slack.wait("/respond/l")[0].body, ensure_ascii=False)
    assert "<!channel>" not in listed and "*zoulous*" not in listed  # asterisks shown as lookalikes


def test_the_limit_of_a_channel_is_said_and_kept(make_app, empty_index, payloads, fake_slack, send, text_of):
    app = make_app(empty_index, max_subscriptions=3)
    for number, word in enumerate(["retraites", "salaires", "impôts", "pensions"]):
        send(app, command(payloads, f"suivre {word}", name=f"s{number}"))
    said = answer_text(fake_slack, text_of, "s3")
    assert "Limite atteinte : 3 abonnements au plus ici" in said and "/ask abonnements" in said
    assert len(subscriptions.subscriptions_of(empty_index, "C1")) == 3
    # a DM's alerts have their own count
    send(app, command(payloads, "suivre pensions", channel="D1", name="dm"))
    assert [s.target for s in subscriptions.subscriptions_of(empty_index, "@U1")] == ["@U1"]


def test_a_private_channel_newsbot_is_not_in_gets_one_clear_message(desk_app, empty_index, payloads, fake_slack,
                                                                     send, text_of):
    fake_slack.channels["G1"] = {"name": "secret", "is_private": True, "is_member": False}
    send(desk_app, command(payloads, "suivre retraites", channel="G1", name="p"))
    said = answer_text(fake_slack, text_of, "p")
    assert said.count("invitez-moi") == 2  # the fallback and the block: one message
    assert [s.target for s in subscriptions.subscriptions_of(empty_index, "G1")] == ["G1"]  # kept


# ---------------------------------------------------------------------------- delivery


def subscribe_desks(app, payloads, send, fake_slack):
    """C1 follows Macron, C2 retraites + pénibilité, U2 (in a DM) Emmanuel Macron."""
    send(app, command(payloads, "suivre Macron", channel="C1", name="d1"))
    send(app, command(payloads, "suivre retraites pénibilité", channel="C2", name="d2"))
    send(app, command(payloads, "suivre Emmanuel Macron", channel="D2", user="U2", name="d3"))
    assert len(fake_slack.wait("/respond/d3")) == 1


def test_each_channel_and_person_gets_exactly_its_articles_once(desk_app, empty_index, payloads, fake_slack, send,
                                                                text_of):
    subscribe_desks(desk_app, payloads, send, fake_slack)
    empty_index.add_articles([RETRAITES, VENDANGES, BERLIN])
    report = poster(empty_index, fake_slack).post_due()
    assert report.messages == 3 and report.failed == {}

    [c1] = posted_to(fake_slack, "C1", text_of)
    assert "Retraites : le gouvernement tient bon" in c1 and "Visite du président à Berlin" in c1
    assert "cite Macron" in c1 and "Nous irons jusqu’au bout de cette réforme" in c1
    [c2] = posted_to(fake_slack, "C2", text_of)
    assert "Retraites : le gouvernement" in c2 and "retraites · pénibilité" in c2 and "Berlin" not in c2
    assert fake_slack.api("conversations.open")[0].body["users"] == "U2"
    [dm] = posted_to(fake_slack, "DU2", text_of)
    assert "cite Emmanuel Macron" in dm and "Berlin" in dm  # "M. Macron" is Emmanuel Macron's surname
    assert all("Vendanges" not in text for text in (c1, c2, dm))

    # nothing twice: again, after a restart, after the same and changed articles come again
    assert poster(empty_index, fake_slack).post_due(force=True).messages == 0
    empty_index.add_articles([RETRAITES, Article(**{**BERLIN.__dict__, "text": BERLIN.text + "\n\nMis à jour."})])
    assert poster(empty_index, fake_slack).post_due(force=True).messages == 0
    assert len(fake_slack.api("chat.postMessage")) == 3
    assert len(deliveries.posted_pairs(empty_index)) == 5
    # the global digest still has every article
    assert {p.article_id for p in outbox.pending(empty_index)} == {"a1", "a2", "a3"}


def test_one_message_per_channel_per_window(desk_app, empty_index, payloads, fake_slack, send, text_of):
    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="w"))
    clock = [1_000.0]
    alerts = poster(empty_index, fake_slack, window=60.0, clock=lambda: clock[0])
    empty_index.add_articles([RETRAITES])
    queued = empty_index.db.execute("SELECT queued_at FROM alert_outbox").fetchone()[0]
    clock[0] = queued + 10
    assert alerts.post_due().messages == 0  # the window is open: wait for more
    empty_index.add_articles([BERLIN])
    clock[0] = queued + 61
    assert alerts.post_due().messages == 1
    [message] = posted_to(fake_slack, "C1", text_of)
    assert "Retraites" in message and "Berlin" in message  # both articles, one message


def test_a_poster_that_died_holding_alerts_is_replaced_once_its_lease_ends(desk_app, empty_index, payloads,
                                                                           fake_slack, send, text_of):
    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="k"))
    empty_index.add_articles([RETRAITES])
    now = time.time()
    assert deliveries.claim(empty_index, "C1", "dead-poster", now)  # then killed: nothing posted
    assert poster(empty_index, fake_slack).post_due().messages == 0  # still leased
    later = poster(empty_index, fake_slack, clock=lambda: now + deliveries.LEASE_SECONDS + 1)
    assert later.post_due().messages == 1
    assert later.post_due(force=True).messages == 0
    assert len(posted_to(fake_slack, "C1", text_of)) == 1


def test_slack_500_and_429_are_retried_and_each_alert_posted_once(desk_app, empty_index, payloads, fake_slack, send,
                                                                  text_of):
    subscribe_desks(desk_app, payloads, send, fake_slack)
    empty_index.add_articles([RETRAITES])
    fake_slack.fail(POST, 500)
    fake_slack.fail(POST, 429, retry_after=0)
    assert poster(empty_index, fake_slack).post_due().messages == 3  # slack_sdk's handlers retried both
    assert len(fake_slack.api("chat.postMessage")) == 3 + 2
    assert len(deliveries.posted_pairs(empty_index)) == 3


def test_slack_down_longer_than_the_retries_keeps_the_alerts_for_the_next_round(desk_app, empty_index, payloads,
                                                                                fake_slack, send, text_of):
    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="s"))
    empty_index.add_articles([RETRAITES])
    fake_slack.fail(POST, 503, times=3)  # the first try and both retries
    report = poster(empty_index, fake_slack).post_due()
    assert report.messages == 0 and set(report.failed) == {"C1"}
    assert deliveries.state(empty_index, "C1").pending == 1
    assert "503: fake_failure" in deliveries.state(empty_index, "C1").last_error
    recovered = poster(empty_index, fake_slack, clock=lambda: time.time() + 60)
    assert recovered.post_due().messages == 1 and recovered.post_due(force=True).messages == 0
    assert len(fake_slack.api("chat.postMessage")) == 3 + 1
    assert deliveries.posted_pairs(empty_index) == [(1, "a1")]


@pytest.mark.parametrize("error", ["not_in_channel", "is_archived", "channel_not_found"])
def test_a_channel_newsbot_cannot_post_to_keeps_its_alerts_until_it_can(desk_app, empty_index, payloads, fake_slack,
                                                                          send, text_of, error, caplog):
    subscribe_desks(desk_app, payloads, send, fake_slack)
    fake_slack.refuse["C1"] = error
    empty_index.add_articles([RETRAITES])
    report = poster(empty_index, fake_slack, retry_base=3600.0).post_due()  # next try in an hour
    assert report.failed == {"C1": f"Slack answered 200: {error}"} and report.messages == 2  # the others went
    assert "invite newsbot" in caplog.text
    assert subscriptions.subscriptions_of(empty_index, "C1")  # kept
    del fake_slack.refuse["C1"]  # invited (or unarchived): Slack tells newsbot, its alerts are due at once
    assert deliveries.due_targets(empty_index, 0.0)["C1"] > time.time()  # waiting for its retry
    joined = {"type": "member_joined_channel", "user": "UBOT", "channel": "C1", "channel_type": "C",
              "team": "T1", "event_ts": "1.3"}
    send(desk_app, payloads.event({**joined, "user": "U5"}, event_id="EvJoinOther"))  # someone else: nothing
    assert deliveries.due_targets(empty_index, 0.0)["C1"] > time.time()
    send(desk_app, payloads.event(joined, event_id="EvJoin"))
    assert deliveries.due_targets(empty_index, 0.0)["C1"] <= time.time()
    invited = poster(empty_index, fake_slack)
    again = invited.post_due()
    assert again.messages == 1 and len(posted_to(fake_slack, "C1", text_of)) == 2  # refused once, then taken once
    assert invited.post_due(force=True).messages == 0


def test_a_new_article_after_unfollowing_is_not_alerted(desk_app, empty_index, payloads, fake_slack, send):
    send(desk_app, command(payloads, "suivre Macron", name="x"))
    send(desk_app, command(payloads, "ne plus suivre Macron", name="y"))
    fake_slack.wait("/respond/y")
    empty_index.add_articles([RETRAITES])
    assert poster(empty_index, fake_slack).post_due(force=True).messages == 0


# ---------------------------------------------------------------------------- DMs, buttons, Home tab


def test_a_direct_message_sets_personal_alerts(desk_app, empty_index, payloads, fake_slack, send, text_of):
    send(desk_app, payloads.direct_message("suivre retraites pénibilité", event_id="EvF"))
    [reply] = fake_slack.wait(POST)
    assert "je vous enverrai ici" in reply.body["text"]
    assert [s.target for s in subscriptions.subscriptions_of(empty_index, "@U1")] == ["@U1"]
    send(desk_app, payloads.direct_message("abonnements", event_id="EvL"))
    listed = fake_slack.wait(POST, 2)[1]
    assert "Vos alertes (1)" in listed.body["text"]


def test_the_remove_button_removes_only_from_its_own_channel(desk_app, empty_index, payloads, fake_slack, send,
                                                              text_of):
    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="b"))
    [found] = subscriptions.subscriptions_of(empty_index, "C1")
    send(desk_app, payloads.action(ACTION_UNFOLLOW, str(found.id), channel="C9",
                                   response_url=fake_slack.response_url("other")))
    assert "ne fonctionne plus" in fake_slack.wait("/respond/other")[0].body["text"]
    assert subscriptions.subscriptions_of(empty_index, "C1")
    send(desk_app, payloads.action(ACTION_UNFOLLOW, "not-a-number", channel="C1",
                                   response_url=fake_slack.response_url("forged")))
    assert "ne fonctionne plus" in fake_slack.wait("/respond/forged")[0].body["text"]
    send(desk_app, payloads.action(ACTION_UNFOLLOW, str(found.id), channel="C1",
                                   response_url=fake_slack.response_url("own")))
    assert "Aucun abonnement ici" in fake_slack.wait("/respond/own")[0].body["text"]
    assert subscriptions.subscriptions_of(empty_index, "C1") == []


def test_the_home_tab_shows_my_alerts_channels_last_digest_and_updates(desk_app, empty_index, payloads, fake_slack,
                                                                       send, text_of):
    home = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1.1"}
    send(desk_app, payloads.event(home, event_id="EvHome1"))
    [first] = fake_slack.wait("/api/views.publish")
    view = json.loads(first.body["view"]) if isinstance(first.body["view"], str) else first.body["view"]
    shown = text_of(view["blocks"])
    assert first.body["user_id"] == "U1" and view["type"] == "home"
    assert "Aucune alerte" in shown and "Dernier digest* : aucun encore" in shown and "Comment demander" in shown
    send(desk_app, command(payloads, "suivre Macron", channel="D1", name="h1"))
    send(desk_app, command(payloads, "suivre retraites", channel="C7", name="h2"))
    latest = fake_slack.wait("/api/views.publish", 3)[-1]
    view = json.loads(latest.body["view"]) if isinstance(latest.body["view"], str) else latest.body["view"]
    shown = text_of(view["blocks"])
    assert "*Macron* · personne" in shown and "<#C7> : 1 abonnement(s)" in shown
    assert [b["accessory"]["action_id"] for b in view["blocks"] if b.get("accessory")] == [ACTION_UNFOLLOW]
    # the remove button of the Home tab (no channel, no response_url) removes my alert, then republishes
    [mine] = subscriptions.subscriptions_of(empty_index, "@U1")
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1", "team_id": "T1"},
               "api_app_id": "A1", "token": "legacy", "trigger_id": "1.2.3",
               "container": {"type": "view", "view_id": "V1"}, "view": {"id": "V1", "type": "home"},
               "actions": [{"type": "button", "action_id": ACTION_UNFOLLOW, "block_id": "b", "value": str(mine.id),
                            "action_ts": "1.2"}]}
    send(desk_app, payloads.signed(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"))
    assert subscriptions.subscriptions_of(empty_index, "@U1") == []
    assert len(fake_slack.wait("/api/views.publish", 4)) >= 4


def test_the_watcher_posts_a_dropped_articles_alerts_by_itself(desk_app, empty_index, payloads, fake_slack, send,
                                                                text_of, settings, tmp_path):
    """The real loop: a file in the inbox → indexed and matched → the alerts loop posts to C1."""
    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="w"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = settings(inbox=str(inbox), inbox_poll=0.05, digest_window=0.0)
    watcher = Watcher(config, empty_index, client=client_of(fake_slack)).start()
    try:
        (inbox / "a.json").write_text(json.dumps({"id": "a1", "title": RETRAITES.title, "text": RETRAITES.text},
                                                 ensure_ascii=False), encoding="utf-8")
        [posted] = fake_slack.wait(POST)
    finally:
        watcher.stop()
    assert posted.body["channel"] == "C1" and "cite Macron" in text_of(_blocks(posted.body["blocks"]))
    assert deliveries.posted_pairs(empty_index) == [(1, "a1")]


def test_a_quoted_topic_alerts_only_articles_holding_the_phrase(desk_app, empty_index, payloads, fake_slack, send,
                                                                 text_of):
    send(desk_app, command(payloads, "suivre “réforme des retraites”", channel="C3", name="q"))
    fake_slack.wait("/respond/q")
    phrase = Article(id="a4", title="Le Sénat vote", source="La Gazette", published="2026-11-28",
                     text="Le Sénat a adopté la réforme des retraites dans la nuit.")
    empty_index.add_articles([RETRAITES, phrase])  # RETRAITES has both words, apart
    assert poster(empty_index, fake_slack).post_due().messages == 1
    [c3] = posted_to(fake_slack, "C3", text_of)
    assert "Le Sénat vote" in c3 and "Pourquoi : «\u00a0réforme des retraites\u00a0»" in c3
    assert "Retraites : le gouvernement tient bon" not in c3


# ---------------------------------------------------------------------------- a backlog of alerts


def many(count, start=0):
    return [Article(id=f"b{n}", title=f"Retraites, épisode {n} : la {n}e concertation", source="La Gazette",
                    published="2026-11-28", text=f"La concertation numéro {n} sur les retraites s’ouvre à "
                    f"{n} heures devant {n * 7} délégués du secteur {n * 13}.") for n in range(start, start + count)]


def test_a_backlog_of_alerts_gets_one_summary_message_per_target(desk_app, empty_index, payloads, fake_slack, send,
                                                                  text_of):
    send(desk_app, command(payloads, "suivre retraites", channel="C1", name="b1"))
    send(desk_app, command(payloads, "suivre « réforme des retraites »", channel="C1", name="b2"))
    send(desk_app, command(payloads, "suivre retraites", channel="D2", user="U2", name="b3"))
    send(desk_app, command(payloads, "suivre Macron", channel="C2", name="b4"))
    assert len(fake_slack.wait("/respond/b4")) == 1
    phrase = Article(id="p1", title="Le Sénat vote", source="La Gazette", published="2026-11-28",
                     text="Le Sénat a adopté la réforme des retraites dans la nuit.")
    empty_index.add_articles(many(7) + [phrase, RETRAITES])
    alerts = poster(empty_index, fake_slack, max_articles=5)
    report = alerts.post_due()
    assert report.messages == 3 and report.failed == {}
    [c1] = posted_to(fake_slack, "C1", text_of)  # 9 articles waiting, over 5: one summary
    assert "9 nouveaux articles" in c1 and "Trop d’articles en attente" in c1
    assert "• retraites : 9 articles" in c1 and "• «\u00a0réforme des retraites\u00a0» : 1 article" in c1
    assert "`/ask retraites` · `/ask «\u00a0réforme des retraites\u00a0»`" in c1
    assert "ne seront pas annoncés un par un" in c1 and "newsbot digest --dry-run" not in c1
    [dm] = posted_to(fake_slack, "DU2", text_of)
    assert "9 nouveaux articles" in dm and "• retraites : 9 articles" in dm
    [c2] = posted_to(fake_slack, "C2", text_of)  # one article: a digest as before, no summary
    assert "Trop d’articles" not in c2 and "cite Macron" in c2
    assert report.summarized == 9 + 1 + 9 and report.alerts == 9 + 1 + 9 + 1
    # the summary stood for every one of them: never announced again, and new ones come as before
    assert alerts.post_due(force=True).messages == 0
    empty_index.add_articles(many(1, start=50))
    assert alerts.post_due().messages == 2
    assert "Trop d’articles" not in posted_to(fake_slack, "C1", text_of)[1]
    assert len(fake_slack.api("chat.postMessage")) == 5


def test_a_backlog_summary_slack_refused_waits_whole_for_the_next_round(desk_app, empty_index, payloads, fake_slack,
                                                                        send, text_of):
    send(desk_app, command(payloads, "suivre retraites", channel="C1", name="r"))
    fake_slack.wait("/respond/r")
    empty_index.add_articles(many(4))
    fake_slack.refuse["C1"] = "not_in_channel"
    refused = poster(empty_index, fake_slack, max_articles=3).post_due()
    assert refused.failed == {"C1": "Slack answered 200: not_in_channel"}
    assert deliveries.state(empty_index, "C1").pending == 4
    del fake_slack.refuse["C1"]
    again = poster(empty_index, fake_slack, max_articles=3, clock=lambda: time.time() + 60)
    assert again.post_due().summarized == 4
    refused, summary = posted_to(fake_slack, "C1", text_of)  # the same summary, refused then taken
    assert refused == summary and "4 nouveaux articles" in summary and len(deliveries.posted_pairs(empty_index)) == 4


def test_the_watcher_summarizes_alerts_above_the_digest_setting(empty_index, fake_slack, settings):
    watcher = Watcher(settings(max_digest_articles=7), empty_index, client=client_of(fake_slack))
    assert watcher.alerts is not None and watcher.alerts.max_articles == 7


@pytest.mark.parametrize("value", ["9" * 30, "99999999999999999999", "-1", "1.0", " 1", "", "١"])
def test_a_remove_button_value_that_is_no_subscription_id_gets_the_stale_notice(desk_app, empty_index, payloads,
                                                                                 fake_slack, send, value):
    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="s"))
    fake_slack.wait("/respond/s")
    send(desk_app, payloads.action(ACTION_UNFOLLOW, value, channel="C1", response_url=fake_slack.response_url("v")))
    assert "ne fonctionne plus" in fake_slack.wait("/respond/v")[0].body["text"]  # 20 digits: OverflowError, silence
    assert len(subscriptions.subscriptions_of(empty_index, "C1")) == 1


def test_the_remove_button_says_so_when_the_index_fails(desk_app, empty_index, payloads, fake_slack, send,
                                                        monkeypatch):
    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="s"))
    fake_slack.wait("/respond/s")
    [found] = subscriptions.subscriptions_of(empty_index, "C1")

    def locked(*args, **kwargs):
        import sqlite3
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(subscriptions, "remove", locked)
    send(desk_app, payloads.action(ACTION_UNFOLLOW, str(found.id), channel="C1",
                                   response_url=fake_slack.response_url("e")))
    said = fake_slack.wait("/respond/e")[0].body["text"]
    assert "une erreur est survenue" in said and "Traceback" not in said


def test_a_channel_of_another_workspace_cannot_subscribe(desk_app, empty_index, payloads, fake_slack, send):
    """newsbot's token posts in its own workspace only: a channel of another one (an app installed
    there too, the same signing secret) would keep its alerts waiting forever."""
    request = command(payloads, "suivre Macron", channel="C9", name="t2")
    send(desk_app, payloads.signed(request.body.replace("team_id=T1", "team_id=T2"),
                                   "application/x-www-form-urlencoded"))
    said = fake_slack.wait("/respond/t2")[0].body["text"]
    assert "ne sert que l’espace de travail de sa rédaction" in said
    assert subscriptions.subscriptions_of(empty_index, "C9") == [] and not fake_slack.api("conversations.info")
    dm = json.loads(payloads.direct_message("suivre retraites", event_id="EvT2").body)
    dm = {**dm, "team_id": "T2", "authorizations": [{**dm["authorizations"][0], "team_id": "T2"}]}
    send(desk_app, payloads.signed(json.dumps(dm), "application/json"))
    assert "ne sert que" in fake_slack.wait(POST)[0].body["text"]
    assert subscriptions.subscriptions_of(empty_index, "@U1") == []
    # its own workspace still can
    send(desk_app, command(payloads, "suivre Macron", channel="C9", name="t1"))
    assert "digest de ce canal" in fake_slack.wait("/respond/t1")[0].body["text"]


def test_a_request_with_no_user_never_sets_up_alerts_for_nobody(desk_app, empty_index, payloads, fake_slack, send):
    request = command(payloads, "suivre retraites", channel="D1", user="", name="nobody")
    send(desk_app, request)
    said = fake_slack.wait("/respond/nobody")[0].body["text"]
    assert "Je ne sais pas à qui envoyer ces alertes" in said
    assert empty_index.db.execute("SELECT count(*) FROM subscriptions").fetchone()[0] == 0


def test_a_target_whose_message_cannot_be_made_never_holds_back_the_others(desk_app, empty_index, payloads,
                                                                           fake_slack, send, text_of, monkeypatch):
    """A failure while composing one target's message (the index locked by an ingester, a bug on
    one article) used to end the round: the targets after it in the round got nothing, round after round."""
    import bot.alerts

    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="a"))
    send(desk_app, command(payloads, "suivre vendanges", channel="C2", name="b"))
    fake_slack.wait("/respond/b")
    empty_index.add_articles([RETRAITES, VENDANGES, BERLIN])
    composed = bot.alerts.digest_of

    def failing(index, ids):
        if "a1" in ids:
            raise RuntimeError("database is locked")
        return composed(index, ids)

    monkeypatch.setattr(bot.alerts, "digest_of", failing)
    report = poster(empty_index, fake_slack, retry_base=3600.0).post_due()
    assert report.messages == 1 and "database is locked" in report.failed["C1"]
    [c2] = posted_to(fake_slack, "C2", text_of)
    assert "Vendanges précoces" in c2 and posted_to(fake_slack, "C1", text_of) == []
    assert deliveries.state(empty_index, "C1").pending == 2  # kept, retried after the growing wait
    monkeypatch.setattr(bot.alerts, "digest_of", composed)
    later = poster(empty_index, fake_slack, clock=lambda: time.time() + 7200)
    assert later.post_due().messages == 1 and later.post_due(force=True).messages == 0
    assert len(posted_to(fake_slack, "C1", text_of)) == 1 and len(posted_to(fake_slack, "C2", text_of)) == 1


def test_a_poster_whose_lease_ran_out_while_composing_does_not_post_what_another_took(
        desk_app, empty_index, payloads, fake_slack, send, text_of, monkeypatch):
    import bot.alerts

    send(desk_app, command(payloads, "suivre Macron", channel="C1", name="l"))
    fake_slack.wait("/respond/l")
    empty_index.add_articles([RETRAITES])
    now = [time.time()]
    slow = poster(empty_index, fake_slack, clock=lambda: now[0], owner="slow")
    other = poster(empty_index, fake_slack, owner="other",
                   clock=lambda: now[0] + deliveries.LEASE_SECONDS + 1)
    composed = bot.alerts.digest_of

    def taking_minutes(index, ids):  # meanwhile the lease ends and the other poster posts them
        now[0] += deliveries.LEASE_SECONDS + 1
        monkeypatch.setattr(bot.alerts, "digest_of", composed)
        assert other.post_due().messages == 1
        return composed(index, ids)

    monkeypatch.setattr(bot.alerts, "digest_of", taking_minutes)
    assert slow.post_due().messages == 0
    assert len(posted_to(fake_slack, "C1", text_of)) == 1 and deliveries.posted_pairs(empty_index) == [(1, "a1")]
