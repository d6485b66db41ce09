"""French verbs of saying: every conjugated form of a speech verb → (lemma, kind), for the quotation
extractor (`index.quotes`) and for recognising "qui a dit …" questions (`index.text.question`).

kind is "pp" (past participle), "fin" (simple finite form: present, imperfect, passé simple,
future, conditional), "ppr" (present participle) or "inf" (infinitive); a form of two kinds
("dit") has both, space-separated. `QUE_LEMMAS` are the verbs that report speech with a
que-clause ("X a affirmé que …"); the others only introduce quotes in incises ("», ironise X").

French news uses hundreds of verbs of saying, on purpose, for variety. The list was built from
the verbs that stand in incises after quotations in the OrangeSum corpus (36k articles: the
forms after « … », and "verbe-t-il") and French usage, and reviewed by hand: a verb is here when
it introduces someone's words. Verbs that mostly mean something else (trouver, voir, montrer,
publier) are left out; the quote reader also recognises an inverted incise whatever its verb
("», a glissé X", "a-t-elle tranché"), so a verb missing here costs little there.
"""

from __future__ import annotations

# Regular -er verbs of saying, by what they do. One list; the grouping only helps review.
_ER_VERBS = " ".join([
    # stating, announcing
    "déclarer affirmer ajouter annoncer indiquer préciser expliquer assurer souligner rappeler "
    "confirmer signaler noter observer remarquer constater relever mentionner évoquer informer "
    "exposer détailler énumérer lister résumer synthétiser compléter rajouter développer "
    "expliciter spécifier stipuler certifier attester proclamer déclamer "
    "clamer réaffirmer réitérer répéter marteler asséner assener insister enchaîner embrayer "
    "enchérir poursuivre-er terminer conclure-er commencer lancer",
    # telling, confiding, reporting
    "raconter relater narrer rapporter témoigner confier confesser avouer révéler "
    "décrypter analyser commenter résumer souffler glisser murmurer chuchoter lâcher "
    "balancer balayer",
    # judging, opinion
    "estimer juger considérer trancher tempérer nuancer relativiser minimiser pondérer "
    "positiver dédramatiser analyser qualifier",
    # arguing, answering
    "argumenter arguer justifier concéder rétorquer répliquer riposter objecter contester "
    "réfuter nier plaider abonder acquiescer renchérir-er "
    "rebondir-er rectifier préciser recadrer",
    # criticising, denouncing
    "dénoncer fustiger critiquer déplorer regretter accuser reprocher blâmer "
    "épingler étriller tacler égratigner éreinter tancer sermonner railler moquer brocarder "
    "stigmatiser vilipender cingler ironiser persifler ricaner grincer pester râler tonner "
    "tempêter fulminer protester dénigrer",
    # warning, demanding, proposing
    "alerter avertir-er exhorter implorer supplier "
    "réclamer exiger revendiquer demander interroger questionner apostropher "
    "prôner préconiser recommander suggérer proposer plaider insinuer "
    "promettre-er jurer garantir-er rassurer",
    # feelings voiced
    "soupirer regretter déplorer plaisanter blaguer rigoler sourire-er crier hurler scander "
    "tweeter twitter espérer",
    # going on, pointing out ("», continue X", "», pointe X": incises of OrangeSum)
    "continuer pointer",
    # predicting
    "prédire-er pronostiquer avancer",
    # saluting
    "saluer féliciter remercier vanter encenser applaudir-er",
]).split()
_ER_VERBS = [v for v in dict.fromkeys(_ER_VERBS) if not v.endswith("-er")]

# Pronominal verbs of saying ("s'est agacé", "s'étonne-t-elle"): named with "s'" / "se".
_PRONOMINAL_ER = (
    "insurger exclamer indigner emporter interroger féliciter agacer inquiéter étonner alarmer "
    "écrier désoler lamenter amuser esclaffer moquer excuser expliquer confier épancher "
    "enflammer enthousiasmer extasier émerveiller offusquer étrangler énerver emballer targuer "
    "vanter gausser rassurer déclarer prononcer exprimer engager interroger demander justifier "
    "alarmer exaspérer irriter agacer émouvoir-er plaindre-er réjouir-er "
    "souvenir-er rappeler féliciter époumoner"
).split()
_PRONOMINAL_ER = [v for v in dict.fromkeys(_PRONOMINAL_ER) if not v.endswith("-er")]
# Named with "s'"/"se" ("s'est insurgé" → "s'insurger"): the verbs that are pronominal when
# they report speech; "expliquer", "déclarer" keep their plain name.
_PRONOMINAL = frozenset(v for v in _PRONOMINAL_ER if v not in _ER_VERBS) | frozenset(
    "insurger exclamer indigner emporter interroger féliciter agacer inquiéter étonner alarmer "
    "écrier réjouir plaindre émouvoir souvenir".split())

# -eler / -eter verbs that double their consonant in the present (il rappelle, il interpelle).
_DOUBLE = frozenset("appeler rappeler".split())

_IRREGULAR: dict[str, dict[str, str]] = {
    # lemma: {kind: "form form …"}
    "dire": {"pp": "dit dite dits dites", "fin": "dit disent disait disaient dira dirait diront dirent",
             "ppr": "disant", "inf": "dire"},
    "redire": {"pp": "redit redite", "fin": "redit redisent redisait", "ppr": "redisant", "inf": "redire"},
    "prédire": {"pp": "prédit prédite", "fin": "prédit prédisent prédisait prédira",
                "ppr": "prédisant", "inf": "prédire"},
    "contredire": {"pp": "contredit", "fin": "contredit contredisent contredisait", "ppr": "contredisant",
                   "inf": "contredire"},
    "écrire": {"pp": "écrit écrite écrits", "fin": "écrit écrivent écrivait écrivaient écrira écrivit",
               "ppr": "écrivant", "inf": "écrire"},
    "décrire": {"pp": "décrit décrite", "fin": "décrit décrivent décrivait", "ppr": "décrivant",
                "inf": "décrire"},
    "avertir": {"pp": "averti avertie avertis", "fin": "avertit avertissent avertissait",
                "ppr": "avertissant", "inf": "avertir"},
    "garantir": {"pp": "garanti garantie", "fin": "garantit garantissent garantissait",
                 "ppr": "garantissant", "inf": "garantir"},
    "applaudir": {"pp": "applaudi", "fin": "applaudit applaudissent", "ppr": "applaudissant",
                  "inf": "applaudir"},
    "réagir": {"pp": "réagi", "fin": "réagit réagissent réagissait", "ppr": "réagissant",
               "inf": "réagir"},
    "réjouir": {"pp": "réjoui réjouie réjouis", "fin": "réjouit réjouissent réjouissait",
                "ppr": "réjouissant", "inf": "réjouir"},
    "rebondir": {"pp": "rebondi", "fin": "rebondit rebondissait", "ppr": "rebondissant", "inf": "rebondir"},
    "renchérir": {"pp": "renchéri", "fin": "renchérit renchérissait", "ppr": "renchérissant",
                  "inf": "renchérir"},
    "surenchérir": {"pp": "surenchéri", "fin": "surenchérit surenchérissait", "ppr": "surenchérissant",
                    "inf": "surenchérir"},
    "gémir": {"pp": "gémi", "fin": "gémit gémissait", "inf": "gémir"},
    "rugir": {"pp": "rugi", "fin": "rugit", "inf": "rugir"},
    "prévenir": {"pp": "prévenu prévenue", "fin": "prévient préviennent prévenait",
                 "ppr": "prévenant", "inf": "prévenir"},
    "soutenir": {"pp": "soutenu soutenue", "fin": "soutient soutiennent soutenait",
                 "ppr": "soutenant", "inf": "soutenir"},
    "maintenir": {"pp": "maintenu", "fin": "maintient maintiennent maintenait", "inf": "maintenir"},
    "convenir": {"pp": "convenu", "fin": "convient conviennent", "inf": "convenir"},
    "se souvenir": {"pp": "souvenu souvenue souvenus", "fin": "souvient souvenait",
                    "ppr": "souvenant", "inf": "souvenir"},
    "répondre": {"pp": "répondu", "fin": "répond répondent répondait répondra répondit",
                 "ppr": "répondant", "inf": "répondre"},
    "défendre": {"pp": "défendu défendue", "fin": "défend défendent défendait", "ppr": "défendant",
                 "inf": "défendre"},  # "», se défend X", "», défend X"
    "reprendre": {"pp": "repris reprise", "fin": "reprend reprennent reprenait",
                  "inf": "reprendre"},
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
    "démentir": {"pp": "démenti démentie", "fin": "dément démentent démentait", "ppr": "démentant",
                 "inf": "démentir"},
    "sourire": {"pp": "souri", "fin": "sourit souriait", "inf": "sourire"},
    "rire": {"pp": "ri", "fin": "rit riait", "inf": "rire"},
    "craindre": {"pp": "craint crainte", "fin": "craint craignent craignait", "ppr": "craignant",
                 "inf": "craindre"},
    "se plaindre": {"pp": "plaint plainte", "fin": "plaint plaignent plaignait", "ppr": "plaignant",
                    "inf": "plaindre"},
    "enjoindre": {"pp": "enjoint", "fin": "enjoint enjoignent", "inf": "enjoindre"},
    "s'émouvoir": {"pp": "ému émue émus", "fin": "émeut émouvait", "inf": "émouvoir"},
    "faire savoir": {"pp": "fait-savoir", "fin": "fait-savoir", "inf": "faire-savoir"},
    "faire valoir": {"pp": "fait-valoir", "fin": "fait-valoir", "ppr": "faisant-valoir"},
    "mettre en garde": {"pp": "mis-en-garde", "fin": "met-en-garde", "ppr": "mettant-en-garde"},
}

# Verbs that report speech with a que-clause ("X a affirmé que …"); the others only in incises.
_QUE_LEMMAS = frozenset((
    "déclarer affirmer ajouter estimer expliquer assurer souligner indiquer préciser rappeler "
    "dénoncer marteler tweeter twitter annoncer confirmer raconter confier révéler signaler noter "
    "observer insister répéter juger considérer avancer déplorer regretter plaider relever "
    "témoigner nier exclamer interroger féliciter alerter protester rétorquer répliquer objecter "
    "clamer proclamer constater avouer jurer réclamer souffler argumenter justifier suggérer "
    "dire prédire écrire avertir prévenir soutenir maintenir répondre reconnaître admettre "
    "promettre démentir conclure renchérir faire-savoir faire-valoir mettre-en-garde "
    "réjouir indigner inquiéter alarmer rassurer remarquer rapporter relater réaffirmer "
    "réitérer certifier attester garantir arguer contester regretter accuser reprocher "
    "trancher estimer concéder confesser mentionner stipuler spécifier lâcher glisser "
    "murmurer ironiser railler pester exiger revendiquer pronostiquer "
    "désoler lamenter étonner offusquer agacer plaindre craindre surenchérir redire "
    "détailler écrire décrire souffler informer"
).split())

# Present-tense stems that change their vowel or double a consonant are computed by
# `_present_stem`; these are the exceptions to its rule.
_PRESENT_STEM = {"protéger": "protèg"}
_CONSONANTS = "bcdfghjklmnpqrstvwxzç"


def _present_stem(lemma: str) -> list[str]:
    """Stems of "il …e" / "ils …ent": rappeler → rappell, répéter → répèt, lever → lèv, appuyer
    → appui, balayer → balai and balay."""
    stem = lemma[:-2]
    if lemma in _PRESENT_STEM:
        return [_PRESENT_STEM[lemma]]
    if lemma in _DOUBLE:
        return [stem + stem[-1]]
    if stem.endswith("y"):
        return [stem[:-1] + "i"] + ([stem] if stem.endswith("ay") else [])
    k = len(stem)
    while k > 0 and stem[k - 1] in _CONSONANTS:
        k -= 1
    cluster = stem[k:]
    # é or mute e before one consonant (répéter, lever) or é before consonant + l/r (régler,
    # pénétrer) becomes è; before two consonants nothing changes (regretter, observer).
    single = len(cluster) == 1 or len(cluster) == 2 and stem[k - 1:k] == "é" and cluster[1] in "lr" \
        and cluster[0] not in "lr"
    if 0 < k < len(stem) and single and stem[k - 1] in "ée" \
            and not (stem[k - 1] == "e" and k >= 2 and stem[k - 2] in "aeiouéèê"):
        return [stem[: k - 1] + "è" + stem[k:]]
    return [stem]


def _er_forms(lemma: str) -> dict[str, list[str]]:
    """Conjugated forms of a regular -er verb, with the ç / ge spelling of c and g stems."""
    stem = lemma[:-2]
    soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    present = _present_stem(lemma)
    fin = [soft + "ait", soft + "aient", soft + "a", stem + "èrent", stem + "era", stem + "erait",
           stem + "eront"]
    for pres in present:
        fin += [pres + "e", pres + "ent", pres + "era", pres + "erait"]
    return {
        "pp": [stem + "é", stem + "ée", stem + "és", stem + "ées"],
        "fin": fin,
        "ppr": [soft + "ant"],
        "inf": [lemma],
    }


def _build_lexicon() -> dict[str, tuple[str, str]]:
    """Form → (lemma, kind) for every speech verb; multiword verbs are joined with hyphens."""
    lex: dict[str, tuple[str, str]] = {}
    for lemma in dict.fromkeys(_ER_VERBS + _PRONOMINAL_ER):
        for kind, forms in _er_forms(lemma).items():
            for form in forms:
                _add_form(lex, form, _lemma_name(lemma), kind)
    for lemma, table in _IRREGULAR.items():
        for kind, spaced in table.items():
            for form in spaced.split():
                _add_form(lex, form, _lemma_name(lemma.replace("-", " ")), kind)
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
