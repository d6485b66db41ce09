"""Passages: paragraphs, sentence windows, verbatim offsets, glued sentences."""

from __future__ import annotations

from index.store.models import Article
from index.text.passages import MAX_PASSAGE_WORDS, split_passages
from index.text.sentences import sentence_spans
from index.sources.readers import read_path
from tests.conftest import SEEDS


def sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    assert sentences("M. Poutine a parlé. Mme Borne aussi. J. Smith vint.") == [
        "M. Poutine a parlé.", "Mme Borne aussi.", "J. Smith vint.",
    ]


def test_glued_sentences_are_split() -> None:
    assert sentences("des Pyrénées.Alors que l'AFP.Aucune décision") == [
        "des Pyrénées.", "Alors que l'AFP.", "Aucune décision",
    ]


def test_a_heading_glued_without_a_mark_is_cut_before_the_sentence_it_opens() -> None:
    """"… CollombSelon Le Monde, …" (4,637 times in OrangeSum): a lower-case word, then without a
    space a word that opens French sentences; camel-case names are not cut."""
    assert sentences("Des tensions entre Philippe et CollombSelon Le Monde, le chef s’agace.") == [
        "Des tensions entre Philippe et Collomb", "Selon Le Monde, le chef s’agace.",
    ]
    assert sentences("Les actions de JPMorgan, YouTube et McDonald montent.") == [
        "Les actions de JPMorgan, YouTube et McDonald montent.",
    ]


def test_inline_headings_glued_between_sentences_stand_alone() -> None:
    """OrangeSum glues a section heading between two sentences: '….- Titre -Les …'."""
    assert sentences("soit faite\".- Auditions sous serment -Les 32 députés parleront. La ligne Paris-Lyon.") == [
        "soit faite\".", "- Auditions sous serment -", "Les 32 députés parleront.", "La ligne Paris-Lyon.",
    ]
    assert sentences("Jean-Pierre et Marie-Claire - deux élus - sont venus.") == [
        "Jean-Pierre et Marie-Claire - deux élus - sont venus.",
    ]
    # a heading in quotation marks (session 10): '.- "Coup de poignard" - M. Trump a …'
    assert sentences("une solution juste.- \"Coup de poignard\" - M. Trump a salué l’accord. "
                     "Il part.- « Garanties sécuritaires » -Le CICR va superviser.") == [
        "une solution juste.", "- \"Coup de poignard\" -", "M. Trump a salué l’accord.", "Il part.",
        "- « Garanties sécuritaires » -", "Le CICR va superviser.",
    ]
    assert sentences("Il a dit « non » - et « oui » - Marie a ri.") == ["Il a dit « non » - et « oui » - Marie a ri."]


def test_closing_guillemets_stay_with_their_sentence() -> None:
    assert sentences("« C’est fini. » Puis il est parti.") == ["« C’est fini. »", "Puis il est parti."]


def test_sentence_spans_cover_the_text() -> None:
    text = "Un. Deux !Trois ? « Quatre. » Cinq"
    spans = sentence_spans(text)
    assert "".join(text[a:b] for a, b in spans) == text


def test_seed_passages_are_verbatim_slices_with_headings() -> None:
    article = next(r.article for r in read_path(SEEDS / "000_97dcbfb83b55ebfe.txt"))
    passages = split_passages(article)
    assert all(article.text[p.start : p.end] == p.text for p in passages)
    assert not any(p.text in ("Alliance fasciste", "Réaction ukrainienne") for p in passages)
    danilov = next(p for p in passages if "otage nucléaire" in p.text)
    assert danilov.heading == "Réaction ukrainienne"
    assert [p.ordinal for p in passages] == sorted(p.ordinal for p in passages)
    assert passages[0].ordinal == 1 and passages[0].heading is None


def test_long_paragraph_is_windowed_on_sentences() -> None:
    sentence = "Le préfet a annoncé une enveloppe de dix millions d'euros pour les éleveurs des Pyrénées."
    paragraph = " ".join([sentence] * 40)  # ~600 words, one paragraph
    article = Article(title="t", text="Intro courte.\n\n" + paragraph)
    passages = split_passages(article)
    long_ones = [p for p in passages if p.ordinal == 2]
    assert len(long_ones) > 1
    assert all(len(p.text.split()) <= MAX_PASSAGE_WORDS for p in long_ones)
    assert all(p.text.endswith(".") for p in long_ones)
    assert [p.window for p in long_ones] == list(range(1, len(long_ones) + 1))
    assert all(article.text[p.start : p.end] == p.text for p in passages)
