"""The digest outbox: pending in the indexing transaction, posted once, retried, shared by posters."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.app import web_client
from bot.settings import Settings
from bot.watch import Poster, post_now
from index import indexing
from index.digest import outbox
from index.sources.ingest import ingest
from index.store.models import Article
from index.archive import Index, open_index
from tests.bot.conftest import FakeSlack
from tests.conftest import SEEDS
from tests.fake_site import OURS, VENDANGES

POST = "/api/chat.postMessage"


@pytest.fixture
def client(fake_slack: FakeSlack) -> WebClient:
    """The bot's own client (retry handlers for 429 and 500/503), pointed at the fake Slack."""
    return web_client(Settings(slack_bot_token="xoxb-test", slack_api_url=fake_slack.api_url))


def poster(index: Index, client: WebClient, **kwargs: object) -> Poster:
    options = {"window": 0.0, "pace": 0.0, "retry_base": 0.01, **kwargs}
    return Poster(index, client, "C_DIGEST", **options)  # type: ignore[arg-type]


def pending_ids(index: Index) -> list[str]:
    return [p.article_id for p in outbox.pending(index)]


def test_indexed_articles_are_pending_in_the_same_transaction(fresh_db: Index) -> None:
    report = ingest(fresh_db, [str(SEEDS)])
    assert pending_ids(fresh_db) == report.article_ids
    # A failure inside the transaction leaves neither the article nor its outbox row.
    with pytest.raises(RuntimeError), fresh_db.transaction() as conn:
        indexing._add(conn, [], Article(title="Ours", text="\n\n".join(OURS), id="ours"), None,
                      with_quotes=True, queue_digest=True)
        assert "ours" in [r[0] for r in conn.execute("SELECT article_id FROM digest_outbox")]
        raise RuntimeError("crash before commit")
    assert fresh_db.article("ours") is None and "ours" not in pending_ids(fresh_db)


def test_unchanged_and_reposted_articles_are_not_queued_twice(fresh_db: Index) -> None:
    ingest(fresh_db, [str(SEEDS)])
    ids = pending_ids(fresh_db)
    assert outbox.mark_posted(fresh_db, ids, "1.1") == 2
    again = ingest(fresh_db, [str(SEEDS)])
    assert again.unchanged == 2 and pending_ids(fresh_db) == []
    # A changed version (replaced) of a posted article is not posted a second time.
    changed = fresh_db.article(ids[0])
    changed.text += "\n\nUn paragraphe ajouté à la mise à jour."
    assert fresh_db.add_article(changed).status == "replaced"
    assert pending_ids(fresh_db) == []
    # A new article, and an update of a still-pending one, are pending once.
    assert fresh_db.add_article(Article(title="Ours", text="\n\n".join(OURS), id="ours")).status == "added"
    assert fresh_db.add_article(Article(title="Ours (maj)", text="\n\n".join(OURS), id="ours")).status == "replaced"
    assert pending_ids(fresh_db) == ["ours"]


def test_archive_import_without_digest(fresh_db: Index) -> None:
    fresh_db.queue_digest = False
    ingest(fresh_db, [str(SEEDS)])
    assert pending_ids(fresh_db) == []


def test_deleted_articles_leave_the_outbox(fresh_db: Index) -> None:
    ingest(fresh_db, [str(SEEDS)])
    fresh_db.delete_article(pending_ids(fresh_db)[0])
    assert len(pending_ids(fresh_db)) == 1


TOPICS = ["La grève des zoulous paralyse le port", "Un koala s’échappe du zoo de Beauval",
          "Le marché déménage place Saint-Michel", "La piscine rouvre après six mois de travaux",
          "Orages : trois départements en vigilance orange"]


def distinct_articles(count: int) -> list[Article]:
    return [Article(title=f"Sujet {n} : {TOPICS[n]}", text=f"{TOPICS[n]}, a-t-on appris lundi.", id=f"z{n}")
            for n in range(count)]


def test_a_backlog_over_max_articles_is_one_summary(fresh_db: Index, client: WebClient, fake_slack: FakeSlack) -> None:
    """Issue 16: a 2,974-article backlog made 237 messages; over NEWSBOT_MAX_DIGEST_ARTICLES, one summary."""
    fresh_db.add_articles(distinct_articles(5))
    sender = poster(fresh_db, client, max_articles=2)
    report = sender.post_due()
    assert report.messages == 1 and sorted(report.summarized) == [f"z{n}" for n in range(5)] and report.articles == []
    (call,) = fake_slack.api("chat.postMessage")
    blocks = call.body["blocks"]
    assert blocks[0]["text"]["text"] == "5 nouveaux articles · 5 sujets"
    assert blocks[1]["text"]["text"].startswith("Trop d’articles en attente pour les annoncer un par un.")
    assert blocks[1]["text"]["text"].count("\n• *Sujet ") == 5  # the top stories, 5 at most
    assert "`newsbot digest --dry-run`" in blocks[2]["elements"][0]["text"]
    assert sender.post_due().messages == 0 and len(fake_slack.api("chat.postMessage")) == 1  # no flood after it
    assert all(p.summarized_at for p in outbox.pending(fresh_db))  # listed by --dry-run until discarded
    fresh_db.add_article(Article(title="Vendanges", text="\n\n".join(VENDANGES), id="vendanges"))
    assert sender.post_due().articles == ["vendanges"]  # a new article: the usual digest
    assert outbox.discard_pending(fresh_db) == 5 and pending_ids(fresh_db) == []


def test_up_to_max_articles_is_a_digest(fresh_db: Index, client: WebClient, fake_slack: FakeSlack) -> None:
    fresh_db.add_articles(distinct_articles(2))
    report = poster(fresh_db, client, max_articles=2).post_due()
    assert sorted(report.articles) == ["z0", "z1"] and report.summarized == []
    assert fake_slack.api("chat.postMessage")[0].body["text"].startswith("2 nouveaux articles · 2 sujets")


def test_claims_are_leased_to_one_poster(fresh_db: Index) -> None:
    ingest(fresh_db, [str(SEEDS)])
    first = outbox.claim(fresh_db, "a", now=100.0, lease=60)
    assert len(first) == 2 and outbox.claim(fresh_db, "b", now=120.0, lease=60) == []
    assert outbox.claim(fresh_db, "b", now=161.0, lease=60) == first  # a's lease ran out (a died)
    outbox.release(fresh_db, first, "b")
    assert outbox.claim(fresh_db, "a", now=162.0) == first


def test_failed_posts_back_off(fresh_db: Index) -> None:
    ingest(fresh_db, [str(SEEDS)])
    ids = pending_ids(fresh_db)
    now = time.time()
    assert outbox.mark_failed(fresh_db, ids, "ratelimited", now=now, base=5) == now + 5
    assert outbox.mark_failed(fresh_db, ids, "ratelimited", now=now + 5, base=5) == now + 15
    assert outbox.claim(fresh_db, "a", now=now + 10) == []
    assert outbox.next_due(fresh_db, window=0, now=now + 10) == now + 15
    assert outbox.pending(fresh_db)[0].last_error == "ratelimited"
    assert outbox.backoff_seconds(30) == 900.0


def test_discard_pending(fresh_db: Index) -> None:
    ingest(fresh_db, [str(SEEDS)])
    assert outbox.discard_pending(fresh_db) == 2 and pending_ids(fresh_db) == []


def test_migration_on_an_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_index(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE digest_outbox")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    index = open_index(path)
    ingest(index, [str(SEEDS)])
    assert len(pending_ids(index)) == 2


# ---------------------------------------------------------------------------- posting to Slack


def test_500_then_429_then_ok_posts_exactly_once(fresh_db: Index, client: WebClient, fake_slack: FakeSlack,
                                                 slack_waits: list[float]) -> None:
    ingest(fresh_db, [str(SEEDS)])
    fake_slack.fail(POST, 500)
    fake_slack.fail(POST, 429, retry_after=3)
    report = poster(fresh_db, client).post_due()
    assert report.messages == 1 and report.error is None
    calls = fake_slack.api("chat.postMessage")
    assert len(calls) == 3  # the 500 and the 429 were retried by slack_sdk's handlers
    assert len(slack_waits) == 2 and 3 <= slack_waits[1] < 4  # the 429's Retry-After was honoured
    assert calls[-1].body["channel"] == "C_DIGEST" and calls[-1].body["text"].startswith("2 nouveaux articles · 1 sujet")
    assert pending_ids(fresh_db) == []
    assert poster(fresh_db, client).post_due().messages == 0 and len(fake_slack.api("chat.postMessage")) == 3


def test_slack_down_keeps_articles_pending_until_it_is_back(fresh_db: Index, client: WebClient,
                                                             fake_slack: FakeSlack, slack_waits: list[float]) -> None:
    ingest(fresh_db, [str(SEEDS)])
    fake_slack.fail(POST, 500, times=3)  # the first attempt and both retries
    clock = [time.time()]  # a fake clock, from the wall time the articles were queued at
    sender = poster(fresh_db, client, retry_base=5.0, clock=lambda: clock[0])
    report = sender.post_due()
    assert report.messages == 0 and "500" in report.error and len(slack_waits) == 2
    assert len(pending_ids(fresh_db)) == 2 and outbox.pending(fresh_db)[0].attempts == 1
    assert report.next_due == clock[0] + 5.0
    clock[0] += 4.9
    assert sender.post_due().messages == 0  # backing off
    assert len(fake_slack.api("chat.postMessage")) == 3
    clock[0] += 0.1
    assert sender.post_due().messages == 1 and pending_ids(fresh_db) == []


def test_an_error_from_slack_is_not_retried_at_once(fresh_db: Index, client: WebClient, fake_slack: FakeSlack) -> None:
    ingest(fresh_db, [str(SEEDS)])
    fake_slack.fail(POST, 200, body={"ok": False, "error": "channel_not_found"})
    report = poster(fresh_db, client).post_due()
    assert "channel_not_found" in report.error and len(pending_ids(fresh_db)) == 2


def test_malformed_blocks_fall_back_to_text(fresh_db: Index, client: WebClient, fake_slack: FakeSlack) -> None:
    ingest(fresh_db, [str(SEEDS)])
    fake_slack.fail(POST, 200, body={"ok": False, "error": "invalid_blocks"})
    assert poster(fresh_db, client).post_due().messages == 1
    first, second = fake_slack.api("chat.postMessage")
    assert "blocks" in first.body and "blocks" not in second.body and second.body["text"] == first.body["text"]


def test_window_batches_arrivals_and_messages_are_paced(fresh_db: Index, client: WebClient,
                                                          fake_slack: FakeSlack) -> None:
    clock = [1000.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # the fake clock's sleep: time passes, at once
        waits.append(seconds)
        clock[0] += seconds

    fresh_db.add_article(Article(title="Ours", text="\n\n".join(OURS), id="ours"))
    sender = poster(fresh_db, client, window=60.0, pace=1.0, clock=lambda: clock[0], sleep=sleep)
    for row in outbox.pending(fresh_db):  # arrival times on the fake clock
        fresh_db.db.execute("UPDATE digest_outbox SET queued_at = 1000 WHERE article_id = ?", [row.article_id])
    assert sender.post_due().next_due == 1060.0
    clock[0] = 1030.0
    fresh_db.add_article(Article(title="Vendanges", text="\n\n".join(VENDANGES), id="vendanges"))
    fresh_db.db.execute("UPDATE digest_outbox SET queued_at = 1030 WHERE article_id = 'vendanges'")
    assert sender.post_due().messages == 0
    clock[0] = 1060.0
    report = sender.post_due()
    assert report.messages == 1 and sorted(report.articles) == ["ours", "vendanges"]  # one digest for both
    text = fake_slack.api("chat.postMessage")[0].body["text"]
    assert text.startswith("2 nouveaux articles · 2 sujets")
    assert waits == []
    # An article waiting since before that digest (one that did not fit, a failed post): the next
    # digest still comes a window after the last message, not before — one message per window.
    fresh_db.add_article(Article(title="Sujet", text="Texte sur les zoulous.", id="z"))
    fresh_db.db.execute("UPDATE digest_outbox SET queued_at = 1001 WHERE article_id = 'z'")
    assert sender.next_due() == 1120.0
    clock[0] = 1119.0
    assert sender.post_due().messages == 0
    clock[0] = 1120.0
    assert sender.post_due().articles == ["z"] and waits == []
    # `newsbot digest` posts at once, whatever the window — still a second after the last message.
    fresh_db.add_article(Article(title="Autre sujet", text="Texte sur les koalas.", id="k"))
    clock[0] = 1120.5
    assert sender.post_due(force=True).articles == ["k"] and waits == [0.5]
    assert len(fake_slack.api("chat.postMessage")) == 3


def test_digest_now_posts_whatever_the_window(fresh_db: Index, client: WebClient, fake_slack: FakeSlack) -> None:
    """`newsbot digest`: everything pending, now, even articles that arrived a second ago."""
    for number in range(3):
        fresh_db.add_article(Article(title=f"Sujet {number}", text=f"Texte numéro {number} sur les zoulous.", id=f"z{number}"))
    report = post_now(Settings(digest_channel="C_DIGEST", digest_window=3600), fresh_db, client)
    assert sorted(report.articles) == ["z0", "z1", "z2"] and report.error is None
    assert pending_ids(fresh_db) == [] and len(fake_slack.api("chat.postMessage")) == report.messages
