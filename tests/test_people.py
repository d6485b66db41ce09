"""The archive's people (issue 15): one person across spellings and articles, the roles they
held over time, who-said answers that name a person (with the role the article gives) only when
the quote says what was asked, and bad input that must stay bounded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index import Article, Index, open_index
from index.indexing import reextract_quotes
from index.quotes.extract import QUOTES_VERSION, extract_many
from index.quotes.names import person_key, role_key


def article(aid: str, text: str, title: str = "Actualité", published: str | None = "2020-01-15") -> Article:
    return Article(id=aid, title=title, text=text, published=published, source="Test")


# --------------------------------------------------------------------------------------------
# One person across the archive.


@pytest.mark.parametrize(("a", "b"), [
    ("Oleksiï Danilov", "Oleksiy Danilov"),
    ("Volodymyr Zelensky", "Volodimir Zelenski"),
    ("M. Vladimir Poutine", "Vladimir Poutine"),
    ("Mohammed ben Salmane", "Mohamed Ben Salmane"),
    ("Jean-Luc Mélenchon", "Jean Luc Melenchon"),
])
def test_spellings_of_one_person_share_a_key(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize(("a", "b"), [("Marine Le Pen", "Jean-Marie Le Pen"), ("Jean Dupont", "Jeanne Dupont"),
                                    ("René Dupont", "Renée Dupont"), ("Aimé Césaire", "Aimée Césaire")])
def test_different_people_keep_different_keys(a: str, b: str) -> None:
    assert person_key(a) != person_key(b)


def test_quotes_of_one_person_under_two_spellings_show_one_name(fresh_db: Index) -> None:
    fresh_db.add_articles([
        article("a1", "« Le Kremlin a pris le Belarus en otage », a écrit Oleksiy Danilov sur Twitter."),
        article("a2", "« La Russie ment », a déclaré Oleksiï Danilov, secrétaire du Conseil de sécurité."),
    ])
    found = fresh_db.quotes(speaker="Danilov")
    assert len(found) == 2
    for spelling in ("Oleksiï Danilov", "Oleksii Danilov", "oleksiy danilov"):  # whichever the journalist types
        assert len(fresh_db.quotes(speaker=spelling)) == 2, spelling
    assert {hit.speaker for hit in found} == {"Oleksiy Danilov"}  # the first spelling the archive met
    answer = fresh_db.ask("qui a dit que la Russie ment ?", k=1)
    assert answer.hits[0].speaker == "Oleksiy Danilov"
    assert answer.hits[0].speaker_role == "secrétaire du Conseil de sécurité"


# --------------------------------------------------------------------------------------------
# Roles, in the article and in the archive.


def test_a_role_in_the_article_names_the_person() -> None:
    text = ("La ministre du Travail Muriel Pénicaud était à Lyon mercredi.\n\n"
            "« Nous trouverons un accord », a assuré la ministre.\n\n"
            "Jean Dupont, député de la Somme, a répondu : « Rien n'est fait ».\n\n"
            "« Nous verrons », a ajouté le député.")
    quotes = extract_many([article("x", text)], use_nlp=False)[0].quotes
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Muriel Pénicaud", "ministre du Travail"),
        ("Jean Dupont", "député de la Somme"),
        ("Jean Dupont", "député de la Somme"),
    ]


def test_a_person_named_only_in_the_title() -> None:
    text = "« Je ne me représenterai pas », a expliqué le chef de l'État devant la presse."
    quotes = extract_many([article("x", text, title="Dupont ne veut plus de second mandat")],
                          use_nlp=False)[0].quotes
    assert [q.speaker for q in quotes] == ["Dupont"]


def test_a_descriptor_of_another_gender_is_not_the_last_person() -> None:
    text = ("Marine Le Pen a tenu un meeting à Lyon.\n\n"
            "« Nous gagnerons », a déclaré la présidente du parti.\n\n"
            "« Je ne crois pas », a répondu l'ancien ministre.")
    quotes = extract_many([article("x", text)], use_nlp=False)[0].quotes
    assert quotes[0].speaker == "Marine Le Pen"
    assert quotes[1].speaker == "l'ancien ministre"  # a man nobody named: not Marine Le Pen


@pytest.mark.parametrize(("role", "key"), [
    ("la nouvelle ministre de la Culture", "ministre de la culture"),
    ("présidente de la République", "president de la republique"),
    ("Premier ministre", "premier ministre"),
    ("le ministre", None),  # which one?
    ("député LR", None),  # one of many
    ("l'ancien ministre de la Culture", None),  # a former holder
])
def test_role_keys(role: str, key: str | None) -> None:
    assert role_key(role) == key


def test_the_archive_remembers_who_held_a_role_when(fresh_db: Index) -> None:
    fresh_db.add_articles([
        article("old", "La ministre de la Culture Marie Martin a inauguré le musée.", published="2018-03-01"),
        article("new", "La ministre de la Culture Sophie Roux a visité Arles.", published="2021-06-01"),
        article("q2019", "« Les musées rouvriront bientôt », a annoncé la ministre de la Culture.",
                published="2019-05-02"),
        article("q2022", "« Les festivals auront lieu », a promis la ministre de la Culture.",
                published="2022-02-10"),
    ])
    by_article = {hit.article.id: hit for hit in fresh_db.quotes()}
    assert (by_article["q2019"].speaker, by_article["q2022"].speaker) == ("Marie Martin", "Sophie Roux")
    answer = fresh_db.ask("qui a annoncé que les musées rouvriront bientôt ?", k=1)
    assert answer.hits[0].speaker == "Marie Martin"
    assert answer.hits[0].speaker_role == "ministre de la Culture"  # as the README shows roles: no article


def test_deleting_an_article_forgets_its_roles(fresh_db: Index) -> None:
    fresh_db.add_article(article("old", "La ministre de la Culture Marie Martin a inauguré le musée."))
    fresh_db.delete_article("old")
    fresh_db.add_article(article("q", "« Les musées rouvriront », a annoncé la ministre de la Culture."))
    assert fresh_db.quotes()[0].speaker == "la ministre de la Culture"


# --------------------------------------------------------------------------------------------
# Who-said answers: a name only when the quote says what was asked.


def test_no_quote_says_it_no_one_is_named(seeded_db: Index) -> None:
    answer = seeded_db.ask("Qui a dit que les pingouins de l'Antarctique voteraient en Biélorussie ?", k=3)
    assert answer.intent == "who_said"
    assert answer.notice == "no_quote"
    assert all(hit.speaker is None and hit.quote is None for hit in answer.hits)
    assert answer.to_dict()["answers"][0]["speaker"] is None


def test_a_quote_that_says_it_names_its_speaker_and_role(seeded_db: Index) -> None:
    answer = seeded_db.ask("qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?", k=3)
    assert answer.notice is None
    first = answer.to_dict()["answers"][0]
    assert "Danilov" in first["speaker"]
    assert set(first) >= {"speaker", "speaker_role", "quote"}


# --------------------------------------------------------------------------------------------
# Upgrading an index made by an older extractor.


def test_quotes_are_read_again_when_the_extractor_changes(db_path: Path) -> None:
    index = open_index(db_path)
    index.add_article(article("a", "La ministre du Travail Muriel Pénicaud était à Lyon.\n\n"
                                   "« Nous trouverons un accord », a assuré la ministre."))
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE quotes SET speaker = 'la ministre', role = NULL")  # as an older version left it
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'quotes_version'")
    conn.commit()
    conn.close()
    reopened = open_index(db_path)
    assert reopened.meta("quotes_version") == str(QUOTES_VERSION)
    assert [hit.speaker for hit in reopened.quotes()] == ["Muriel Pénicaud"]
    progress: list[tuple[int, int]] = []
    assert reextract_quotes(reopened, batch=1, on_batch=lambda done, total: progress.append((done, total))) == 1
    assert progress == [(1, 1)]


def test_an_interrupted_reading_goes_on_where_it_stopped(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A restart (systemd after a crash) during the re-reading of a big archive does not start
    over: each batch remembers the last article it did."""
    index = open_index(db_path)
    index.add_articles([article(f"a{n}", f"« Nous trouverons l’accord numéro {n} », a assuré Muriel Pénicaud.")
                        for n in range(5)])
    index.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE quotes SET speaker = 'la ministre'")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'quotes_version'")
    conn.commit()
    conn.close()
    import index.indexing as indexing

    read, extract = [], indexing._extract

    def crash_after_two_batches(articles):  # noqa: ANN001, ANN202
        if len(read) == 2:
            raise KeyboardInterrupt  # the process stopped in the middle
        read.append([a.id for a in articles])
        return extract(articles)

    monkeypatch.setattr(indexing, "_extract", crash_after_two_batches)
    monkeypatch.setattr(indexing.reextract_quotes, "__defaults__", (2, None))  # batches of 2
    with pytest.raises(KeyboardInterrupt):
        open_index(db_path)
    assert read == [["a0", "a1"], ["a2", "a3"]]
    again: list[list[str]] = []
    monkeypatch.setattr(indexing, "_extract", lambda articles: again.append([a.id for a in articles]) or extract(articles))
    reopened = open_index(db_path)
    assert again == [["a4"]]  # not a0…a3 again
    assert reopened.meta("quotes_version") == str(QUOTES_VERSION)
    assert {hit.speaker for hit in reopened.quotes()} == {"Muriel Pénicaud"}
    assert reopened.meta(f"quotes_reread_{QUOTES_VERSION}") is None


# --------------------------------------------------------------------------------------------
# Bad input: bounded time, no crash, nothing lost.


def _extract(text: str, title: str = "Titre") -> list:
    """The quotes of one article (bounded time is checked by counting work in
    tests/test_quotes.py and timed by bench/quote_scaling.py, not here)."""
    return extract_many([article("x", text, title=title)], use_nlp=False)[0].quotes


def test_a_200000_character_quote() -> None:
    body = " ".join(["Le gouvernement doit agir vite et bien pour tous."] * 4000)[:200_000]
    found = _extract(f"« {body} », a déclaré Jean Dupont.")
    assert len(found) == 1 and found[0].speaker == "Jean Dupont" and len(found[0].text) > 190_000


@pytest.mark.parametrize("text", [
    "« " * 10 + "Au fond du puits" + " »" * 10 + ", a déclaré Jean Dupont.",
    "« " * 10 + "Au fond du puits, a déclaré Jean Dupont.",
    " »" * 10 + "Au fond du puits « « «, a déclaré Jean Dupont.",
    "“ « ‹ „ \" Au fond \" › » ”, a dit Jean Dupont. « non",
])
def test_unbalanced_and_ten_deep_nested_marks(text: str) -> None:
    found = _extract(text)
    assert all(q.start < q.end for q in found)


def test_five_thousand_quotes_in_one_paragraph() -> None:
    paragraph = " ".join(f"« Réponse numéro {i} au ministre », a dit Jean Dupont." for i in range(5000))
    found = _extract(paragraph)
    assert len(found) == 5000 and {q.speaker for q in found} == {"Jean Dupont"}


def test_a_500_character_name() -> None:
    name = " ".join(["Jean"] + ["Dupontel"] * 55)[:500]
    found = _extract(f"« Nous partirons demain », a déclaré {name}.")
    assert len(found) == 1 and found[0].speaker and len(found[0].speaker) <= 500


def test_a_role_that_a_thousand_people_held(fresh_db: Index) -> None:
    holders = [article(f"h{i}", f"La maire de Trifouillis Jeanne Martin{i:04d} a parlé.",
                       published=f"19{i % 100:02d}-01-01") for i in range(1000)]
    fresh_db.add_articles(holders)
    fresh_db.add_article(article("q", "« La fête aura lieu », a annoncé la maire de Trifouillis.",
                                 published="2020-01-01"))
    quote = next(hit for hit in fresh_db.quotes() if hit.article.id == "q")
    assert quote.speaker.startswith("Jeanne Martin")  # the holder named latest before the article
    assert fresh_db.stats()["articles"] == 1001
