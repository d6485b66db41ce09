"""Subscriptions and matching in the index: parsed and bounded, matched at ingest in the indexing
transaction, each (subscription, article) queued once."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import indexing
from index.alerts import subscriptions
from index.alerts.matching import Matcher
from index.alerts.subscriptions import SubscriptionError, follow, interpret
from index.archive import Index
from index.store.models import Article


def queued(index: Index) -> list[tuple[str, str, str]]:
    return index.db.execute("SELECT o.target, o.article_id, s.label FROM alert_outbox o JOIN subscriptions s"
                            " ON s.id = o.subscription_id ORDER BY 1, 2, 3").fetchall()


def article(id: str, title: str, text: str, published: str = "2026-11-28") -> Article:  # noqa: A002
    return Article(id=id, title=title, text=text, source="La Gazette", published=published)


def test_alerts_are_queued_in_the_transaction_that_indexes_the_article(fresh_db: Index) -> None:
    follow(fresh_db, "C1", interpret(fresh_db, "retraites"))
    matcher = Matcher.load(fresh_db.db.conn)
    with pytest.raises(RuntimeError), fresh_db.transaction() as conn:
        indexing._add(conn, [], article("r", "Retraites", "La réforme des retraites passe."), None,
                      with_quotes=True, queue_digest=True, matcher=matcher)
        assert conn.execute("SELECT count(*) FROM alert_outbox").fetchone()[0] == 1
        raise RuntimeError("killed before the commit")
    assert fresh_db.article("r") is None and queued(fresh_db) == []
    fresh_db.add_articles([article("r", "Retraites", "La réforme des retraites passe.")])
    assert queued(fresh_db) == [("C1", "r", "retraites")]


def test_an_archive_imported_without_the_digest_alerts_nobody(fresh_db: Index) -> None:
    follow(fresh_db, "C1", interpret(fresh_db, "retraites"))
    fresh_db.queue_digest = False  # newsbot ingest --no-digest
    fresh_db.add_articles([article("r", "Retraites", "La réforme des retraites passe.")])
    assert queued(fresh_db) == []


def test_a_topic_wants_all_its_words_as_search_analyses_them(fresh_db: Index) -> None:
    follow(fresh_db, "C1", interpret(fresh_db, "retraites pénibilité"))
    follow(fresh_db, "C2", interpret(fresh_db, "réforme retraites"))
    fresh_db.add_articles([
        article("both", "Le débat", "La pénibilité du travail pèse sur la retraite des ouvriers."),  # stems match
        article("one", "Le débat", "Les retraites seront revalorisées en janvier."),
        article("none", "Vendanges", "Les vendanges précoces en Champagne."),
        article("apart", "Réformes", "Les retraites attendront : le gouvernement réforme d’abord le code du travail."),
    ])
    assert queued(fresh_db) == [("C1", "both", "retraites · pénibilité"), ("C2", "apart", "réforme · retraites")]


QUOTED = ["« réforme des retraites »", "«\u00a0réforme des retraites\u00a0»", "«\u202fRéforme des RETRAITES\u202f»",
          '"réforme des retraites"', "“réforme des retraites”", "„réforme des retraites“",
          "sujet « réforme des retraites »"]


@pytest.mark.parametrize("text", QUOTED)
def test_a_quoted_topic_wants_its_words_one_after_the_other(fresh_db: Index, text: str) -> None:
    interest = interpret(fresh_db, text)
    assert (interest.kind, interest.key) == ("phrase", "reform retrait")
    follow(fresh_db, "C1", interest)
    fresh_db.add_articles([
        article("phrase", "Le débat", "Le Sénat examine la réforme des retraites cette semaine."),
        article("title", "Réforme des retraites : le vote", "Le Sénat vote mardi."),  # in the title
        article("stopwords", "Décret", "Le gouvernement réforme les retraites par décret."),  # as search analyses it
        article("apart", "Réformes", "Les retraites attendront : le gouvernement réforme d’abord le code du travail."),
        article("reversed", "Débat", "Des retraites sans réforme, promet l’opposition."),
        article("split", "Débat", "Il parle de réforme.\n\nDes retraites, ensuite."),  # two passages
    ])
    assert [a for _t, a, _l in queued(fresh_db)] == ["phrase", "stopwords", "title"]


def test_a_quoted_phrase_keeps_french_apostrophes_and_one_word_is_a_topic(fresh_db: Index) -> None:
    age = interpret(fresh_db, "« l’âge légal de départ »")
    assert (age.kind, age.key, age.label) == ("phrase", "age legal depart", "l’âge légal de départ")
    assert interpret(fresh_db, "« l'age legal de depart »").key == age.key
    single = interpret(fresh_db, "« retraites »")
    assert (single.kind, single.key) == ("topic", "retrait")
    follow(fresh_db, "C1", age)
    follow(fresh_db, "C1", interpret(fresh_db, "réforme des retraites"))  # the same words unquoted: a topic
    follow(fresh_db, "C1", interpret(fresh_db, "« réforme des retraites »"))
    assert [s.kind for s in subscriptions.subscriptions_of(fresh_db, "C1")] == ["phrase", "topic", "phrase"]
    fresh_db.add_articles([article("age", "Retraites", "Le report de l’âge légal de départ à 64 ans divise.")])
    assert queued(fresh_db) == [("C1", "age", "l’âge légal de départ")]
    # unfollowing the quoted phrase removes the phrase, not the topic of the same words
    assert [s.kind for s in subscriptions.unfollow(fresh_db, "C1", "«\u00a0réforme des retraites\u00a0»")] == ["phrase"]
    assert [s.kind for s in subscriptions.subscriptions_of(fresh_db, "C1")] == ["phrase", "topic"]


def test_people_match_by_person_key_as_who_said_resolves_them(fresh_db: Index) -> None:
    follow(fresh_db, "C1", interpret(fresh_db, "Macron"))
    follow(fresh_db, "C2", interpret(fresh_db, "Emmanuel Macron"))
    follow(fresh_db, "C3", interpret(fresh_db, "Brigitte Macron"))
    fresh_db.add_articles([
        article("full", "Élysée", "« Nous irons jusqu’au bout », a déclaré Emmanuel Macron mardi."),
        article("short", "Berlin", "« La France tiendra ses engagements », a affirmé M. Macron à Berlin."),
        article("named", "Macron absent", "Le nom de Macron est cité, mais personne ne parle ici de lui."),
        article("other", "Conseil", "« Le budget est prêt », a déclaré Bruno Le Maire."),
    ])
    # "M. Macron" is Emmanuel Macron, the only Macron the archive knows: not Brigitte Macron
    assert queued(fresh_db) == [("C1", "full", "Macron"), ("C1", "short", "Macron"),
                                ("C2", "full", "Emmanuel Macron"), ("C2", "short", "Emmanuel Macron")]
    # a person already quoted is named as the archive knows them
    assert interpret(fresh_db, "macron").label == "Emmanuel Macron" and interpret(fresh_db, "macron").known


SURNAME_ONLY = article("surname", "Berlin", "« La France tiendra ses engagements », a affirmé Mme Macron à Berlin.")
EMMANUEL = article("emmanuel", "Élysée", "« Nous irons jusqu’au bout », a déclaré Emmanuel Macron mardi.")
BRIGITTE = article("brigitte", "Écoles", "« Le harcèlement n’est pas une fatalité », a déclaré Brigitte Macron.")


@pytest.mark.parametrize(("known", "alerted"), [
    ([EMMANUEL, BRIGITTE], ["C1"]),  # two Macrons: a surname alone is only the "Macron" subscription's
    ([BRIGITTE], ["C1", "C3"]),  # the only Macron the archive knows: she may be meant
    ([EMMANUEL], ["C1", "C2"]),  # the only one is Emmanuel Macron: never Brigitte Macron's
    ([], ["C1", "C2", "C3"]),  # no Macron named in full anywhere: nobody else could be meant
])
def test_a_surname_alone_alerts_a_fuller_name_only_when_nobody_else_of_that_name_is_known(
        fresh_db: Index, known: list[Article], alerted: list[str]) -> None:
    fresh_db.add_articles(known)
    follow(fresh_db, "C1", interpret(fresh_db, "Macron"))
    follow(fresh_db, "C2", interpret(fresh_db, "personne Emmanuel Macron"))
    follow(fresh_db, "C3", interpret(fresh_db, "personne Brigitte Macron"))
    fresh_db.add_articles([SURNAME_ONLY])
    said = fresh_db.db.execute("SELECT speaker_key FROM quotes WHERE article_id = 'surname'").fetchall()
    assert said == [("macron",)]  # the article names her by her surname alone
    assert [t for t, a, _l in queued(fresh_db) if a == "surname"] == alerted
    # an article naming her in full alerts her subscription whoever else the archive knows
    fresh_db.add_articles([article("full", "Écoles", "« Nous agirons », a promis Brigitte Macron lundi.")])
    assert [t for t, a, _l in queued(fresh_db) if a == "full"] == ["C1", "C3"]


def test_a_speaker_described_by_a_role_counts_once_resolved(fresh_db: Index) -> None:
    fresh_db.add_articles([article("first", "Conseil", "Le ministre de l’Économie, Bruno Le Maire, a présenté le "
                                   "budget.\n\n« Le budget est prêt », a déclaré Bruno Le Maire.", "2026-11-01")])
    follow(fresh_db, "C1", interpret(fresh_db, "Bruno Le Maire"))
    fresh_db.add_articles([article("role", "Budget", "« Nous tiendrons la dépense », a affirmé le ministre de "
                                   "l’Économie devant les députés.", "2026-11-20")])
    assert ("C1", "role", "Bruno Le Maire") in queued(fresh_db)


def test_an_article_changed_or_added_again_is_queued_once(fresh_db: Index) -> None:
    follow(fresh_db, "C1", interpret(fresh_db, "retraites"))
    fresh_db.add_articles([article("r", "Retraites", "La réforme des retraites passe.")])
    fresh_db.add_articles([article("r", "Retraites", "La réforme des retraites passe.")])
    fresh_db.add_articles([article("r", "Retraites", "La réforme des retraites passe, amendée.")])
    assert queued(fresh_db) == [("C1", "r", "retraites")]


def test_two_hundred_subscriptions_in_one_channel_stop_at_the_limit(fresh_db: Index) -> None:
    refused = 0
    for number in range(200):
        try:
            follow(fresh_db, "C1", interpret(fresh_db, f"sujet{number} retraites"))
        except SubscriptionError as exc:
            assert exc.code == "subscription_limit" and exc.values == {"limit": subscriptions.DEFAULT_LIMIT}
            refused += 1
    assert len(subscriptions.subscriptions_of(fresh_db, "C1")) == 100 and refused == 100
    follow(fresh_db, "C2", interpret(fresh_db, "retraites"))  # another channel has its own count
    # following something already followed at the limit is not refused: nothing is added
    assert follow(fresh_db, "C1", interpret(fresh_db, "sujet0 retraites"))[1] is False


@pytest.mark.parametrize(("text", "code"), [
    ("", "follow_empty"), ("   ", "follow_empty"), ("« »", "follow_empty"), ('""', "follow_empty"),
    ("le la les du de", "follow_common_words"), ("x" * 2000, "follow_too_long"),
    ("retraites pensions salaires impôts grève syndicats patronat inflation chômage", "follow_too_many_words"),
])
def test_bad_topics_are_refused_with_a_reason(fresh_db: Index, text: str, code: str) -> None:
    with pytest.raises(SubscriptionError) as refused:
        interpret(fresh_db, text)
    assert refused.value.code == code


def test_unknown_people_are_accepted_with_a_note_and_topics_can_be_asked_for(fresh_db: Index) -> None:
    person = interpret(fresh_db, "Oleksandr Inconnu")
    assert (person.kind, person.known) == ("person", False)
    assert interpret(fresh_db, "sujet Bélarus").kind == "topic"
    assert interpret(fresh_db, "personne dupont").kind == "person"


def test_kill_9_during_ingest_leaves_every_stored_article_with_its_alerts_and_no_other(tmp_path, monkeypatch) -> None:
    """Indexed ⇔ queued, as for the digest: an ingester killed while it writes leaves each stored
    article with its alert rows and none without its article; the re-run completes both."""
    import json
    import os
    import random
    import subprocess
    import sys

    from bench.crash_ingest import kill_once, synthetic_articles

    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in synthetic_articles(600)),
                      encoding="utf-8")
    db = tmp_path / "n.db"
    index = Index(db)
    follow(index, "C1", interpret(index, "budget"))  # every synthetic article
    follow(index, "@U1", interpret(index, "Claire Dubois"))  # one article in six
    index.close()
    root = str(Path(__file__).resolve().parents[1])
    command = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())",
               "--db", str(db), "ingest", "--workers", "1", str(source)]
    monkeypatch.setenv("PYTHONPATH", root)  # the ingester runs this checkout's newsbot
    env = {**os.environ}
    rng = random.Random(14)
    killed = 0
    for _ in range(3):
        _alive, finished = kill_once(command, db, "write", rng.uniform(0.0, 0.5), timeout=120)  # at a write
        killed += not finished
        check = Index(db)
        stored = {row[0] for row in check.db.execute("SELECT id FROM articles")}
        rows = check.db.execute("SELECT o.target, o.article_id FROM alert_outbox o").fetchall()
        check.close()
        assert {a for t, a in rows if t == "C1"} == stored  # every stored article, and only those
        assert len(rows) == len(set(rows))
        if finished:
            break
    assert killed >= 1
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    final = Index(db)
    rows = final.db.execute("SELECT target, count(*) FROM alert_outbox GROUP BY target ORDER BY 1").fetchall()
    assert rows == [("@U1", 100), ("C1", 600)]


def _followed_under_analyzer_2(db_path: Path, words: str, old_key: str) -> Index:
    """An index following `words` (subscription 1) as analyzer 2 stored it: `old_key`."""
    index = Index(db_path)
    index.add_articles([article("a0", "Autre", "Rien à voir.")])
    follow(index, "C1", interpret(index, words))
    with index.transaction() as conn:
        conn.execute("UPDATE subscriptions SET key = ? WHERE id = 1", [old_key])
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'analyzer_version'")
    return index


def test_a_topic_followed_before_an_analyzer_change_gets_the_new_terms(db_path: Path) -> None:
    # issue 13: analyzer 2 stored "sécurité" as `secur`; articles analysed by 3 hold `securit`
    index = _followed_under_analyzer_2(db_path, "sujet sécurités routières", "routi secur")
    follow(index, "C1", interpret(index, "sujet securite routiere"))  # the same words for analyzer 3
    index.close()
    index = Index(db_path)
    assert index.db.execute("SELECT id, key FROM subscriptions").fetchall() == [(1, "routier securit")]
    index.add_articles([article("r", "Routes", "La sécurité routière avant tout.")])
    assert queued(index) == [("C1", "r", "sécurités · routières")]


def test_a_phrase_followed_before_an_analyzer_change_gets_the_new_terms(db_path: Path) -> None:
    # a followed phrase keeps its words in order, analysed again like a topic's
    index = _followed_under_analyzer_2(db_path, "« sécurité routière »", "secur routi")
    index.close()
    index = Index(db_path)
    assert index.db.execute("SELECT kind, key FROM subscriptions").fetchall() == [("phrase", "securit routier")]
    index.add_articles([article("r", "Routes", "La sécurité routière avant tout.")])
    assert [row[:2] for row in queued(index)] == [("C1", "r")]
