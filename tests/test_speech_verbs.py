"""The lexicon of French verbs of saying (index/text/speech_verbs.py): its conjugated forms."""

from __future__ import annotations

import pytest

from index.text.speech_verbs import QUE_LEMMAS, SPEECH_FORMS


@pytest.mark.parametrize(("form", "lemma"), [
    ("regrette", "regretter"), ("observe", "observer"), ("commente", "commenter"),
    ("protestent", "protester"), ("répète", "répéter"), ("concède", "concéder"),
    ("martèle", "marteler"), ("rappelle", "rappeler"), ("assène", "asséner"),
    ("balaie", "balayer"), ("balaye", "balayer"), ("ironise", "ironiser"), ("tacle", "tacler"),
    ("fustigeait", "fustiger"), ("lança", "lancer"), ("nuancent", "nuancer"),
    ("glissé", "glisser"), ("lâchée", "lâcher"), ("dit", "dire"), ("écrivait", "écrire"),
    ("reconnaît", "reconnaître"), ("souligneront", "souligner"), ("agacée", "s'agacer"),
    ("étonne", "s'étonner"), ("insurgé", "s'insurger"),
])
def test_forms_of_verbs_of_saying(form: str, lemma: str) -> None:
    assert SPEECH_FORMS[form][0] == lemma


@pytest.mark.parametrize("wrong", ["commènte", "regrètte", "obsèrve", "protèste", "alèrte", "confèsse"])
def test_no_wrong_stem_changes(wrong: str) -> None:
    assert wrong not in SPEECH_FORMS


def test_que_clause_verbs_are_speech_verbs() -> None:
    lemmas = {lemma for lemma, _ in SPEECH_FORMS.values()}
    assert {"affirmer", "estimer", "dénoncer", "marteler", "regretter", "ironiser"} <= QUE_LEMMAS
    assert QUE_LEMMAS - lemmas <= {"faire savoir", "faire valoir", "mettre en garde"} | {
        lemma for lemma in QUE_LEMMAS if " " in lemma}
