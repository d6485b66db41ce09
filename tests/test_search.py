"""Search: answers to real questions, hostile questions, phrases, titles, corroboration."""

from __future__ import annotations

import pytest

from index import Article, open_index
from index.text.question import parse_question
from index.search import fts5
from index.search.fts5 import match_expression, search_sql


def test_match_expression_quotes_every_term() -> None:
    assert match_expression(["kremlin", "otag"], [["otag", "nucleair"]]) == '"kremlin" OR "otag" OR "otag nucleair"'


def test_search_sql_ranks_inside_fts5_with_a_limit() -> None:
    assert search_sql() == (
        "SELECT rowid, -bm25(passages_fts, :context_weight, :body_weight) AS score FROM passages_fts"
        " WHERE passages_fts MATCH :match ORDER BY bm25(passages_fts, :context_weight, :body_weight) LIMIT :limit")


def test_fts5_private_storage_reads_as_assumed(seeded_db) -> None:
    """`fts5.totals` and `fts5.content_rows` read FTS5's own tables (index/search/fts5.py): they
    must agree with counts made from our rows, or the postings' scores would drift from bm25()."""
    conn = seeded_db.db.conn
    rows = conn.execute("SELECT rowid, context, body FROM passages_fts ORDER BY rowid").fetchall()
    tokens = sum(len(context.split()) + len(body.split()) for _, context, body in rows)
    assert fts5.totals(conn) == (len(rows), tokens)
    assert fts5.content_rows(conn, 0, len(rows) + 1) == [tuple(r) for r in rows]
    assert fts5.content_rows(conn, rows[0][0], 1) == [tuple(rows[1])]


@pytest.mark.parametrize(
    ("question", "intent", "terms"),
    [
        ("Qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?", "who_said", ["kremlin", "pris", "belarus", "otag", "nucleair"]),
        ("qui a déclaré : « nous restons engagés »", "who_said", ["reston", "engag"]),
        ("Who said the Kremlin took Belarus hostage?", "who_said",
         ["kremlin", "abord", "occup", "prendr", "pris", "took", "belarus", "hostag", "otag"]),  # and as French
        ("Quand l’entrepôt sera-t-il terminé ?", "search", ["entrepot", "termin"]),
        ("qui dirige Wagner ?", "search", ["dirig", "wagn"]),
        ("pourquoi Minsk ?", "search", ["minsk"]),
    ],
)
def test_parse_question(question: str, intent: str, terms: list[str]) -> None:
    query = parse_question(question)
    assert (query.intent, query.terms) == (intent, terms)


def test_phrases_in_guillemets_are_kept() -> None:
    assert parse_question("« rien d’inhabituel » selon Poutine").phrases == [["rien", "inhabituel"]]


HOSTILE = [
    'Kremlin"',
    '"Kremlin',
    "(Kremlin OR",
    "Kremlin AND NOT Minsk",
    "Kremlin NEAR Minsk",
    "NEAR(kremlin minsk, 2)",
    "Kremlin*",
    "body:Kremlin",
    "^Kremlin",
    "Kremlin 🎉🇫🇷",
    "Kremlin\x00Minsk",
    "Kremlin\u200f\u202eMinsk",
    "Kremlin'); DROP TABLE articles; --",
    "Kremlin " * 2000,  # a 14,000-character paste
    " ".join(f"mot{i}" for i in range(3000)) + " Kremlin",
]


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_questions_get_results_not_errors(seeded_db, question: str) -> None:
    answer = seeded_db.ask(question, k=3)
    assert answer.hits, answer.notice
    assert any("Kremlin" in hit.passage for hit in answer.hits)
    assert seeded_db.stats()["articles"] == 2


@pytest.mark.parametrize(
    ("question", "notice"),
    [("", "empty_question"), ("   \n", "empty_question"), ("qui est-ce que c'est ?", "only_common_words"),
     ("🎉 ?!", "only_common_words"), ("zxqwv", "no_match"), ('"" « »', "only_common_words")],
)
def test_empty_answers_say_why(seeded_db, question: str, notice: str) -> None:
    answer = seeded_db.ask(question)
    assert (answer.hits, answer.notice) == ([], notice)


def test_empty_index_says_how_to_fill_it(fresh_db) -> None:
    assert fresh_db.ask("Kremlin").notice == "empty_index"


FILLER = [Article(id=f"f{i}", title=f"Brève {i}", text=f"Météo du jour numéro {i} : soleil et nuages.") for i in range(10)]


def test_a_phrase_ranks_the_exact_wording_first(fresh_db) -> None:
    fresh_db.add_articles([
        Article(id="a", title="A", text="Le risque d’escalade reste extrêmement faible, selon les analystes."),
        Article(id="b", title="B", text="Le risque est faible : il reste extrêmement prudent, il reste extrêmement calme."),
        *FILLER,
    ])
    plain = fresh_db.ask("reste extrêmement faible", k=2)
    phrased = fresh_db.ask("« reste extrêmement faible »", k=2)
    assert plain.hits[0].article.id == "b"  # more occurrences of the words
    assert phrased.hits[0].article.id == "a"  # the words in that order
    assert {h.article.id for h in phrased.hits} == {"a", "b"}  # boosted, not required


def test_title_words_count(fresh_db) -> None:
    fresh_db.add_articles([
        Article(id="t", title="Grève à la SNCF", text="Les syndicats appellent à la mobilisation jeudi."),
        Article(id="u", title="Transports", text="Les syndicats de la SNCF se réunissent jeudi pour la mobilisation."),
        *FILLER,
    ])
    hits = fresh_db.ask("grève mobilisation").hits
    assert hits[0].article.id == "t"


def test_the_same_passage_in_two_articles_is_one_answer(seeded_db) -> None:
    answer = seeded_db.ask("rien d'inhabituel ici les États-Unis font cela depuis des décennies", k=3)
    first = answer.hits[0]
    assert "rien d’inhabituel" in first.passage
    assert {first.article.id} | {ref.id for ref in first.also_in} == {"000_97dcbfb83b55ebfe", "001_cf8c6069eacca77c"}
    assert sum("rien d’inhabituel" in h.passage for h in answer.hits) == 1


def test_hits_carry_sources_and_highlights(seeded_db) -> None:
    hit = seeded_db.ask("missiles Iskander").hits[0]
    assert hit.article.id == "001_cf8c6069eacca77c" and hit.article.paragraph == 14
    assert [hit.passage[a:b] for a, b in hit.highlights] == ["missiles", "Iskander"]


def test_answers_from_another_thread(seeded_db) -> None:
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda q: seeded_db.ask(q, k=1), ["Iskander", "Danilov", "Prigojine", "Minsk"] * 5))
    assert all(a.hits for a in answers)


def test_index_is_usable_by_a_second_process_while_open(seeded_db, db_path) -> None:
    other = open_index(db_path, create=False)
    assert other.ask("Iskander").hits
