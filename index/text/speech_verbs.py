"""French verbs of saying: every conjugated form of a speech verb → (lemma, kind), for the quotation
extractor (`index.quotes`) and for recognising "qui a dit …" questions (`index.text.question`).

kind is "pp" (past participle), "fin" (simple finite form: present, imperfect, passé simple,
future, conditional), "ppr" (present participle) or "inf" (infinitive); a form of two kinds
("dit") has both, space-separated. `QUE_LEMMAS` are the verbs that report speech with a
que-clause ("X a affirmé que …"); the others only introduce quotes in incises.
"""

from __future__ import annotations

_ER_VERBS = (
    "déclarer affirmer ajouter estimer expliquer assurer souligner indiquer préciser lancer "
    "rappeler dénoncer fustiger insurger marteler tweeter twitter annoncer confirmer raconter "
    "confier révéler signaler noter observer insister répéter juger considérer détailler avancer "
    "lâcher glisser ironiser tacler tancer déplorer regretter critiquer plaider commenter relever "
    "résumer analyser témoigner nier exclamer indigner emporter interroger demander féliciter "
    "alerter protester rétorquer répliquer objecter clamer proclamer constater avouer jurer "
    "accuser réclamer exhorter souffler murmurer agacer tempêter tonner enchaîner argumenter "
    "justifier qualifier annoncer prôner supplier implorer expliciter développer relativiser "
    "nuancer minimiser insinuer suggérer proposer déclamer scander hurler crier chuchoter "
    "blaguer plaisanter rassurer inquiéter étonner alarmer mettre-en-garde raisonner exprimer "
    "commencer terminer"
).split()


# Present-tense stems that change their vowel or double a consonant (je rappelle, il répète).
_PRESENT_STEM = {
    "marteler": "martèl", "rappeler": "rappell", "répéter": "répèt", "considérer": "considèr",
    "révéler": "révèl", "relever": "relèv", "inquiéter": "inquièt", "suggérer": "suggèr",
    "protéger": "protèg",
}


_IRREGULAR: dict[str, dict[str, str]] = {
    # lemma: {kind: "form form …"}
    "dire": {"pp": "dit dite dits dites", "fin": "dit disent disait disaient dira dirait diront",
             "ppr": "disant", "inf": "dire"},
    "prédire": {"pp": "prédit prédite", "fin": "prédit prédisent prédisait prédira",
                "ppr": "prédisant", "inf": "prédire"},
    "écrire": {"pp": "écrit écrite écrits", "fin": "écrit écrivent écrivait écrivaient écrira",
               "ppr": "écrivant", "inf": "écrire"},
    "avertir": {"pp": "averti avertie avertis", "fin": "avertit avertissent avertissait",
                "ppr": "avertissant", "inf": "avertir"},
    "réagir": {"pp": "réagi", "fin": "réagit réagissent réagissait", "ppr": "réagissant",
               "inf": "réagir"},
    "réjouir": {"pp": "réjoui réjouie réjouis", "fin": "réjouit réjouissent réjouissait",
                "ppr": "réjouissant", "inf": "réjouir"},
    "prévenir": {"pp": "prévenu prévenue", "fin": "prévient préviennent prévenait",
                 "ppr": "prévenant", "inf": "prévenir"},
    "soutenir": {"pp": "soutenu soutenue", "fin": "soutient soutiennent soutenait",
                 "ppr": "soutenant", "inf": "soutenir"},
    "maintenir": {"pp": "maintenu", "fin": "maintient maintiennent maintenait", "inf": "maintenir"},
    "répondre": {"pp": "répondu", "fin": "répond répondent répondait répondra",
                 "ppr": "répondant", "inf": "répondre"},
    "reconnaître": {"pp": "reconnu reconnue reconnus", "fin": "reconnaît reconnait reconnaissent "
                    "reconnaissait", "ppr": "reconnaissant", "inf": "reconnaître reconnaitre"},
    "admettre": {"pp": "admis admise", "fin": "admet admettent admettait", "ppr": "admettant",
                 "inf": "admettre"},
    "promettre": {"pp": "promis promise", "fin": "promet promettent promettait",
                  "ppr": "promettant", "inf": "promettre"},
    "poursuivre": {"pp": "poursuivi poursuivie", "fin": "poursuit poursuivent poursuivait",
                   "ppr": "poursuivant", "inf": "poursuivre"},
    "conclure": {"pp": "conclu conclue", "fin": "conclut concluent concluait", "ppr": "concluant",
                 "inf": "conclure"},
    "renchérir": {"pp": "renchéri", "fin": "renchérit renchérissait", "ppr": "renchérissant",
                  "inf": "renchérir"},
    "démentir": {"pp": "démenti démentie", "fin": "dément démentent démentait", "ppr": "démentant",
                 "inf": "démentir"},
    "sourire": {"pp": "souri", "fin": "sourit souriait", "inf": "sourire"},
    "reprendre": {"pp": "repris reprise", "fin": "reprend reprennent reprenait",
                  "inf": "reprendre"},
    "se souvenir": {"pp": "souvenu souvenue souvenus", "fin": "souvient souvenait",
                    "ppr": "souvenant", "inf": "souvenir"},
    "s'écrier": {"pp": "écrié écriée", "fin": "écrie écriait", "inf": "écrier"},
    "faire savoir": {"pp": "fait-savoir", "fin": "fait-savoir", "inf": "faire-savoir"},
    "faire valoir": {"pp": "fait-valoir", "fin": "fait-valoir", "ppr": "faisant-valoir"},
    "mettre en garde": {"pp": "mis-en-garde", "fin": "met-en-garde", "ppr": "mettant-en-garde"},
}


# Verbs that report speech with a que-clause ("X a affirmé que …"); the others only in incises.
_QUE_LEMMAS = frozenset(
    "déclarer affirmer ajouter estimer expliquer assurer souligner indiquer préciser rappeler "
    "dénoncer marteler tweeter twitter annoncer confirmer raconter confier révéler signaler noter "
    "observer insister répéter juger considérer avancer déplorer regretter plaider relever "
    "témoigner nier exclamer interroger féliciter alerter protester rétorquer répliquer objecter "
    "clamer proclamer constater avouer jurer réclamer souffler argumenter justifier suggérer "
    "dire prédire écrire avertir prévenir soutenir maintenir répondre reconnaître admettre "
    "promettre démentir conclure renchérir faire-savoir faire-valoir mettre-en-garde "
    "réjouir indigner inquiéter alarmer rassurer".split()
)


# Pronominal verbs take their name with "s'" ("s'insurger").
_PRONOMINAL = frozenset("insurger exclamer indigner emporter interroger féliciter agacer réjouir "
                        "inquiéter étonner alarmer écrier".split())


def _er_forms(lemma: str) -> dict[str, list[str]]:
    """Conjugated forms of a regular -er verb, with the ç / ge spelling of c and g stems."""
    stem = lemma[:-2]
    soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    pres = _PRESENT_STEM.get(lemma, stem)
    return {
        "pp": [stem + "é", stem + "ée", stem + "és", stem + "ées"],
        "fin": [pres + "e", pres + "ent", soft + "ait", soft + "aient", soft + "a",
                stem + "èrent", pres + "era", pres + "erait", pres + "eront"],
        "ppr": [soft + "ant"],
        "inf": [lemma],
    }


def _build_lexicon() -> dict[str, tuple[str, str]]:
    """Form → (lemma, kind) for every speech verb; multiword verbs are joined with hyphens."""
    lex: dict[str, tuple[str, str]] = {}
    for lemma in _ER_VERBS:
        if "-" in lemma:
            continue
        for kind, forms in _er_forms(lemma).items():
            for form in forms:
                _add_form(lex, form, _lemma_name(lemma), kind)
    for lemma, table in _IRREGULAR.items():
        for kind, spaced in table.items():
            for form in spaced.split():
                _add_form(lex, form, lemma.replace("-", " "), kind)
    return lex


def _add_form(lex: dict[str, tuple[str, str]], form: str, lemma: str, kind: str) -> None:
    """Record a form; a form of two kinds ("dit": participle and present) gets "pp fin"."""
    old = lex.get(form)
    if old is None:
        lex[form] = (lemma, kind)
    elif old[0] == lemma and kind not in old[1].split():
        lex[form] = (lemma, old[1] + " " + kind)


def _lemma_name(lemma: str) -> str:
    """The lemma as users expect it: pronominal verbs with their "s'"."""
    if lemma in _PRONOMINAL:
        return ("s'" if lemma[0] in "aeéèêiou" else "se ") + lemma
    return lemma


SPEECH_FORMS: dict[str, tuple[str, str]] = _build_lexicon()


QUE_LEMMAS = frozenset(_lemma_name(v.replace("-", " ")) for v in _QUE_LEMMAS)
