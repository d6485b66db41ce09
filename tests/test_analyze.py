"""The French analyzer: one analysis for passages and questions."""

from __future__ import annotations

import pytest

from index.text.analyze import analyze, analyze_spans, fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # elisions, with typographic and straight apostrophes
        ("l’entrepôt", ["entrepot"]),
        ("l'entrepôt", ["entrepot"]),
        ("qu’il", []),
        ("jusqu’au 1er juillet", ["1e", "juillet"]),
        ("lorsqu'Oleksiï", ["oleksii"]),
        # case and accent folding; a question typed without accents meets the same stems
        ("ARMÉES NUCLÉAIRES", analyze("armees nucleaires")),
        ("Biélorussie", analyze("bielorussie")),
        # folded, then stemmed (analyzer 3): a question typed without accents meets the article
        ("sécurité routière", analyze("securite routiere")),
        ("pénibilité", analyze("penibilite")),
        # hyphenated forms
        ("sera-t-il", []),
        ("contre-offensive", ["contr", "offens"]),
        # numbers
        ("200 000 réservistes", ["200000", "reserv"]),
        ("200\u202f000", ["200000"]),
        ("839.000 euros", ["839000", "euros"]),
        ("le 1er juillet", ["1e", "juillet"]),
        ("la 1re fois", ["1e", "fois"]),
        ("23e anniversaire", ["23e", "anniversair"]),
        ("8,5 millions", ["8v5", "million"]),
        # ligatures, NFKC
        ("œuvre ﬁnale", ["oeuvr", "final"]),
        # stopwords only
        ("il y a de la", []),
    ],
)
def test_analyze(text: str, expected: list[str]) -> None:
    assert analyze(text) == expected


def test_glued_sentences_give_separate_terms() -> None:
    assert analyze("Pyrénées.Alors") == analyze("Pyrénées. Alors")


def test_non_latin_names_are_kept() -> None:
    assert analyze("Олексій Данилов") == ["олексіи", "данилов"]


def test_fts5_syntax_and_symbols_produce_plain_terms() -> None:
    terms = analyze('"Kremlin" AND (Moscou OR Kiev*) NEAR/3 col:x ^start 🎉 <>&;')
    assert all(t.isalnum() for t in terms)
    assert "kremlin" in terms and "moscou" in terms


def test_spans_point_into_the_original_text() -> None:
    text = "L’armée russe, à Bakhmout."
    spans = list(analyze_spans(text))
    assert [text[s.start : s.end] for s in spans] == ["L’armée", "russe", "Bakhmout"]


def test_fold() -> None:
    assert fold("L’Élysée à Noël") == "l'elysee a noel"


def test_soft_hyphens_stay_inside_their_word() -> None:
    """Session 8: 267 OrangeSum articles hold soft hyphens (U+00AD), which only say where a line
    may break: "lais\u00adser", "ac\u00ad\u00adtion" are "laisser", "action" (analyzer 4); the spans
    still cover the word as written."""
    text = "On ne va pas lais\u00adser passer l’ac\u00ad\u00adtion du person\u00ad\u00adnel."
    assert analyze(text) == analyze("On ne va pas laisser passer l’action du personnel.")
    assert [text[t.start:t.end] for t in analyze_spans(text)][:2] == ["va", "lais\u00adser"]
