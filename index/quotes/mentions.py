"""How a text names a speaker: pronouns, names and descriptors ("le président russe"), found in
the token stream — the inverted subject after a speech verb, the subject before it.

Rules over the light tokenizer, because the parser's output on French inverted incises ("a-t-il
ajouté", "a déclaré M. Poutine") is unreliable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.quotes.tokens import Tok, is_adverbial, verb_at
from index.quotes.words import (
    ADVERBS,
    AUXILIARIES,
    CLITICS,
    DETERMINERS,
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAMES,
    MONTHS,
    NP_STOP,
    ORG_NOUNS,
    ORG_WORDS,
    PP_PREPOSITIONS,
    PRE_ADJECTIVES,
    PRONOUNS,
    SOURCE_NOUNS,
    TIME_NOUNS,
    TITLES,
    WEEKDAYS,
    demonym_gender,
    first_names,
    is_demonym,
    is_person_tok,
    norm,
)
from index.text.speech_verbs import SPEECH_FORMS


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
        if t.cap and t.word and t.low not in NOT_NAMES and not _fronted_participle(toks, i, hi):
            j = i + 1
            while j < hi:
                u = toks[j]
                if _ELIDED_CAPITAL.fullmatch(u.text) and j + 1 < hi and toks[j + 1].start == u.end \
                        and toks[j + 1].cap and toks[j + 1].word:
                    j += 2  # "Jamila M'Barki", "Erwan L'Eléouet"
                elif u.cap and u.word and u.low not in NOT_NAMES:
                    if _acronym(u) != _acronym(toks[j - 1]) and not _body_after_acronym(toks, i, j):
                        break  # "l'AFP Marc Avelot": an acronym does not join a name
                    j += 1
                elif u.low in NAME_PARTICLES and j + 1 < hi and toks[j + 1].cap \
                        and toks[j + 1].word and toks[j + 1].low not in NOT_NAMES \
                        and not (j == i + 1 and toks[j + 1].text in first_names()
                                 and toks[i].text not in first_names()):
                    j += 2  # "Wallerand de Saint-Just"; not "Réponse de Philippe Martinez"
                elif u.low in ("le", "la") and j + 1 < hi and toks[j + 1].cap and u.cap:
                    j += 2
                elif _HYPHENED_PARTICLE.match(u.text):
                    j += 1  # "Jazaïr al-Sahlani", "Abdel Fattah al-Sissi": a particle joined to the name
                elif u.low in NAME_PARTICLES and j + 2 < hi and toks[j + 1].low in ("la", "le") and toks[j + 1].cap \
                        and toks[j + 2].cap and toks[j + 2].word and j == i + 1 and toks[i].text in first_names():
                    j += 3  # "Bernard de La Villardière"
                elif u.cap and u.word and u.low in _WORDS_AS_SURNAMES and j == i + 1 and toks[i].text in first_names():
                    j += 1  # "Jérôme Janvier", "Anaïs Six", "Wendy Si": French writes these in lower case
                elif u.low in ("'", "’") and j + 1 < hi and u.start == toks[j - 1].end \
                        and toks[j + 1].start == u.end and toks[j + 1].word:
                    j += 2  # "Floc'h", "N'Diaye": an apostrophe inside a name
                elif j + 1 < hi and _initial_dot(toks, j) and toks[j + 1].low not in NOT_NAMES:
                    j += 2  # "Ryan K. Smith", "John F. Kennedy": a middle initial
                elif u.text.isdigit() and len(u.text) <= 2 and toks[j - 1].text in _NUMBERED \
                        and u.start == toks[j - 1].end + 1:
                    j += 1  # "Europe 1", "France 3 Bretagne": a channel's number is its name's
                else:
                    break
            if not (j == i + 1 and (i == 0 or toks[i - 1].low in (".", "!", "?", ":", "«", '"', "“"))
                    and j + 1 < hi and toks[j].low in ("de", "d'") and toks[j + 1].text in first_names()
                    and toks[i].text not in first_names()):
                # "le Belge Pierre-Olivier Beckers", "la ministre de la Justice Nicole Belloubet", "le
                # PDG Mark Zuckerberg", "Maître Yves Sauvayre": where they come from, what they do, is
                # not their name
                start = i + 1 if j - i >= 3 and not_a_name_part(toks[i].text, toks[i + 1].text,
                                                                 toks[i - 1].low if i > 0 else "") else i
                if start > lo and toks[start].text in _NUMBER_FIRST and toks[start - 1].text.isdigit():
                    start -= 1  # "20 Minutes", "60 Millions de consommateurs": the number is the name's
                runs.append((start, j))  # not "Réponse" of "Réponse de Philippe Martinez, …"
            i = j
        else:
            i += 1
    return runs


# Bodies that speak, whose head may be named after them ("le PDG de la société Dara …"); after
# any other noun, a place's or a thing's, the name is that place's or thing's ("de la région
# Ile-de-France", "de la paroisse Saint-François", "de l'essai Discovery", "de la famille Hallyday").
_PLACES = frozenset("région ville commune département métropole province pays capitale agglomération "
                    "collectivité communauté île cité principauté rue place quartier avenue boulevard".split())
_SPEAKING_BODIES = (ORG_NOUNS | SOURCE_NOUNS) - _PLACES
_NOT_BEFORE_LATTER = frozenset("de du des d' à au aux sur pour par avec sans chez contre envers selon".split())
_PARTICIPLE_END = re.compile(r"(?:é|ée|és|ées|is|ise|ises|it|ite|its|ites|u|ue|us|ues)$")
_AFTER_PARTICIPLE = frozenset("en à au aux par dans sur pour de du des avec sans depuis lors après avant".split())


def _fronted_participle(toks: list[Tok], i: int, hi: int) -> bool:
    """"Mis en examen dans l'affaire, l'ex-chef de l'État …", "Élu en 2017, …": a participle
    opening the sentence, then a preposition and, before any verb, a comma; not a name."""
    if i > 0 and toks[i - 1].low not in (".", "!", "?", "«", '"', "“", "»", "”") \
            or i + 1 >= hi or toks[i + 1].low not in _AFTER_PARTICIPLE \
            or not _PARTICIPLE_END.search(toks[i].low) or toks[i].text in first_names():
        return False
    return any(toks[c].low == "," for c in range(i + 2, min(hi, i + 30)))


def _body_after_acronym(toks: list[Tok], i: int, j: int) -> bool:
    """"SOS Médecins", "HBO Max", "SNCF Réseau": one body's name, an acronym then one word that
    is no first name and no second acronym, ending the run; not "l'AFP Marc Avelot", "à l'AFP
    Matilde", nor "du PSG Neymar" (a club's player)."""
    if j != i + 1 or not _acronym(toks[i]) or _acronym(toks[j]) or toks[j].text in first_names():
        return False
    if i > 0 and toks[i - 1].low in ("du", "de", "des", "d'", "au", "aux"):
        return False
    if i > 1 and toks[i - 1].low == "l'" and toks[i - 2].low in ("à", "de", "auprès", "par", "selon"):
        return False  # "confie à l'AFP Matilde, une étudiante": the agency told, then who
    return not (j + 1 < len(toks) and toks[j + 1].cap and toks[j + 1].word)


_HYPHENED_PARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|an|at|az|abu|abou|ould|bin|ben)[-‑][A-ZÀ-Ý]\w")


_ELIDED_CAPITAL = re.compile(r"[A-Z][’']")
_WORDS_AS_SURNAMES = MONTHS | frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche si deux trois quatre cinq "
                                        "six sept huit neuf dix cent mille".split())
_NUMBER_FIRST = frozenset(("Minutes", "Millions"))  # names that open with a number
# Words before a name's run that make its first word a complement's ("de la Justice", "du
# Parisien", "d'Ile-de-France", "à Closer", "le PDG")
_BEFORE_A_COMPLEMENT = frozenset("de du des d' la le l' les à au aux en sur par chez".split())
_TITLE_WORDS = frozenset("maître maîtres mes professeur professeure docteur monseigneur général générale "
                         "colonel capitaine commandant lieutenant sergent amiral cheikh sir lord".split())


def not_a_name_part(first: str, second: str, before: str) -> bool:
    """True when `first`, a capitalised word before the first name `second` in a run of three or
    more, is not that person's name but what comes before it: a place or body named by a
    complement (`before` is "de", "la", "du"…: "de la Justice Nicole Belloubet", "du Parisien Anne
    Lebreton"), an inhabitant ("le Belge Pierre-Olivier Beckers") or a title ("Maître Yves
    Sauvayre"); not an organisation's name ("la Fondation Brigitte Bardot")."""
    return (second.split("-")[0] in first_names() and first not in first_names() and norm(first) not in ORG_WORDS
            and (is_demonym(first) or first.lower() in _TITLE_WORDS or before in _BEFORE_A_COMPLEMENT))


def _initial_dot(toks: list[Tok], k: int) -> bool:
    """The dot of a middle initial between a first name and a name: "Ryan K. Smith", "Charlotte
    St. Martin"."""
    return (toks[k].low == "." and 1 < k < len(toks) - 1
            and (len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper() or toks[k - 1].text in ("St", "Ste"))
            and toks[k].start == toks[k - 1].end and toks[k - 2].cap
            and toks[k - 2].word and toks[k + 1].cap and toks[k + 1].word and len(toks[k + 1].text) > 1)


_NUMBERED = frozenset(("Europe", "France", "Ligue", "Formule"))  # names a number belongs to


def place_then_name(toks: list[Tok], ra: int, rb: int) -> int:
    """Start of the person's name in a run of three or more capitalised words that follows a
    complement ("la maire de Paris Anne Hidalgo" → "Anne Hidalgo"); else ra."""
    if rb - ra < 3 or ra == 0 or not all(t.cap and not _acronym(t) or t.low in NAME_PARTICLES
                                         for t in toks[ra:rb]):  # "New York Bill de Blasio"
        return ra
    before = toks[ra - 1].low
    if before in DETERMINERS or before in ("de", "du", "des", "d'", "l'", "à", "au", "aux", "chez", "pour", "sous", "avec",
                                           "sur", "par") \
            or is_person_tok(before, toks[ra - 1].cap):  # "sur France Bleu Poitou Gilles Tabourdeau", "le
        # député Les Républicains Pierre Morel-À-L'Huissier": a medium or a party, then the person
        known = first_names()
        starts = [k for k in range(ra + 1, rb - 1) if toks[k].text in known]
        if starts:
            return starts[0]  # "de l'Economie Bruno Le Maire" → "Bruno Le Maire"
        if rb - 3 > ra and toks[rb - 2].low in ("le", "la"):
            return rb - 3  # "… Jean-Marie Le Pen" with an unknown first name
        if toks[rb - 2].low in NAME_PARTICLES or toks[rb - 2].low in ("le", "la"):
            return ra  # "de l'Imperial College de Londres": a place's name, not "de Londres"
        return rb - 2
    return ra


def _acronym(t: Tok) -> bool:
    """An all-capitals word ("AFP", "ISW"), not a Roman numeral ("Elisabeth II")."""
    return len(t.text) >= 2 and t.text.isupper() and not _ROMAN.fullmatch(t.text)


_ROMAN = re.compile(r"[IVX]+")


def span_text(text: str, toks: list[Tok], a: int, b: int, base: int) -> str:
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
    mtext = span_text(text, toks, a, b, base)
    start, end = toks[a].start, toks[b - 1].end
    if b - a == 1 and first in PRONOUNS:
        return Mention(mtext, start, end, "pronoun", gender="f" if first.startswith("elle") else
                       "m" if first.startswith("il") else None, plural=first.endswith("s"))
    if b - a == 1 and first in _DEMONSTRATIVES:  # "Celle-ci a estimé que …", "Lui a affirmé que …"
        return Mention(mtext, start, end, "pronoun", gender="f" if first.startswith(("celle", "elle")) else "m",
                       plural=first.startswith(("ceux", "celles", "eux")))
    if first in HONORIFICS and b - a >= 2:
        for k in range(a + 2, b):  # "Mgr Aupetit peu avant la messe": the name ends at a lower-case word
            if toks[k].word and not toks[k].cap and toks[k].low not in NAME_PARTICLES \
                    and not _HYPHENED_PARTICLE.match(toks[k].text):
                b = k
                mtext, end = span_text(text, toks, a, b, base), toks[b - 1].end
                break
        nm = span_text(text, toks, a + 1, b, base)
        if not toks[a + 1].cap and not (toks[a + 1].low in NAME_PARTICLES and b - a >= 3 and toks[a + 2].cap):
            return None  # but "M. de Rugy", "Mme d'Ornano": a name's particle
        return Mention(mtext, start, end, "name", name=nm, gender=HONORIFICS[first], person=True)
    if first in ("ce", "cette") and b - a == 2 and toks[a + 1].low in ("dernier", "dernière"):
        return Mention(mtext, start, end, "pronoun", gender="f" if first == "cette" else "m")  # "ce
        # dernier": the person named last
    if first in DETERMINERS or first in ("l'",):
        if b - a == 1:
            return None  # a determiner alone ("comme le rapporte X", "une riposte"): no one
        if toks[a + 1].low in AUXILIARIES:
            return None  # "l'a interrompue Mme Buzyn": a pronoun and its verb, not a noun phrase
        if toks[a + 1].low in HONORIFICS and b - a >= 3 and toks[a + 2].cap:
            return make_mention(toks, a + 1, b, text, base)  # "le Dr Collins": Dr Collins
        return descriptor(toks, a, b, text, base, mtext)
    if toks[a].cap and toks[a].word or toks[a].text.isdigit() and a + 1 < b and toks[a + 1].text in _NUMBER_FIRST:
        runs = name_runs(toks, a, b)
        if runs and (runs[0][0] == a or runs[0][0] == a + 1 and toks[a].cap and toks[a].word):
            ra, rb = runs[0]  # (a + 1: "Maître Yves Sauvayre", the run without its title)
            person = rb - ra >= 2 and not any(_acronym(t) or norm(t.text) in ORG_WORDS for t in toks[ra:rb]) \
                or rb - ra == 1 and toks[ra].text in first_names()  # "Julie, une éleveuse"
            full = rb - ra >= 2
            if 0 < b - rb <= 2 and all(_name_word(t, full) for t in toks[rb:b]):
                rb = b  # "France info"
            elif not full and 2 <= b - rb <= 3 and _name_word(toks[rb], full) and not _acronym(toks[ra]) \
                    and not any(t.low in _PREPOSITIONS for t in toks[rb:b]) \
                    and all(_name_word(t, full) or t.cap and t.word and not _acronym(t) for t in toks[rb + 1:b]) \
                    and toks[b - 1].cap:
                rb = b  # "Santé publique France", "Ursula von der Leyen"; not "Explication de la RATP"
            # "Evgueni Prigojine", or "Marc Avelot, directeur …" cut at the first non-name word.
            nm = span_text(text, toks, ra, rb, base)
            return Mention(nm, toks[ra].start, toks[rb - 1].end, "name", name=nm, person=person,
                           gender=first_names().get(toks[ra].text) if person else None)
    return None


# Lower-case words after a name that are never its own ("Rachida Dati se souvient", "Virginie va
# porter plainte", "Mgr Aupetit peu avant", "Richard Ferrand même", "Tariq Ramadan de viol")
_NOT_IN_A_NAME = frozenset("ne n' même lui-même elle-même eux-mêmes peu va vont allait allaient vient venait "
                           "doit devait peut pouvait veut voulait à au aux".split())
_PREPOSITIONS = frozenset("malgré vers entre près derrière sous dès hors envers outre face depuis devant contre "
                          "chez pour avec sans sur par lors selon dans après avant pendant durant parmi via".split())
_OF = frozenset("de d' du des".split())  # after a full name ("accusé Tariq Ramadan de viol"); but
# "Nombre d'experts", "Réponse du comédien" are one phrase
_NEVER_IN_A_NAME = (NP_STOP | PRONOUNS | CLITICS | AUXILIARIES | ADVERBS | _NOT_IN_A_NAME | _PREPOSITIONS
                    | frozenset(("y", "en")))


def _name_word(t: Tok, after_full_name: bool) -> bool:
    """A lower-case word that may belong to the name before it ("France info", "Santé publique
    France"): no function word, verb or adverb, nor "de …" after a full name."""
    return (t.word and t.text.islower() and t.low not in _NEVER_IN_A_NAME and t.low not in SPEECH_FORMS
            and not (after_full_name and t.low in _OF))


# Feminine nouns that name a man or a woman: their article says nothing of the person's sex.
_ANY_SEX = frozenset("star vedette personnalité personne victime recrue figure icône idole légende "
                     "célébrité sommité sentinelle vigie crapule canaille brute tête".split())
_TITLE_ADJECTIVES = frozenset("général générale généraux adjoint adjointe délégué déléguée".split())


def descriptor(toks: list[Tok], a: int, b: int, text: str, base: int, mtext: str) -> Mention:
    """A determiner-led mention; it carries the name that follows its head in apposition
    ("le président russe Vladimir Poutine") but not a name inside a complement ("un conseiller
    du président ukrainien Volodymyr Zelensky", "le club du Paris Saint-Germain")."""
    det = toks[a].low
    gender = "m" if det in ("le", "un", "ce", "cet", "son") else \
        "f" if det in ("la", "une", "cette", "sa") else None
    plural = det in ("les", "des", "ces", "ses", "leurs")
    head = a + 1
    while head < b and toks[head].low in PRE_ADJECTIVES:
        head += 1
    if head < b and toks[head].low in _ANY_SEX:
        gender = None  # "la star", "la victime": a feminine noun for a man or a woman
    m = Mention(mtext, toks[a].start, toks[b - 1].end, "descriptor", gender=gender, plural=plural,
                person=has_title(toks, a + 1, b))
    runs = name_runs(toks, a + 1, b)
    if not runs:
        return m
    ra, rb = runs[-1]
    if toks[ra - 1].low in ("'", "«", '"', "“") and (toks[ra - 1].low != "'" or toks[ra - 1].start > toks[ra - 2].end):
        return m  # "la star des 'Grosses têtes'", "l'animateur de « Quotidien »": a title in marks
    if b - a >= 4 and toks[b - 1].low == ")" and toks[b - 3].low == "(" and rb == b - 1:
        # "l'Institut américain pour l'étude de la guerre (ISW)": an organisation, by its
        # acronym; but "les analystes de l'Institut … (ISW)" stays a descriptor.
        if toks[a + 1].cap:
            m.name = toks[b - 2].text
        elif b - 3 > a + 1:  # "la présidente de la commission … Brigitte Bourguignon (LREM)"
            m.name = descriptor(toks, a, b - 3, text, base, mtext).name
        return m
    if ra == head and rb == ra + 1 and det in ("le", "la", "l'", "un", "une") and is_demonym(toks[ra].text) \
            and (rb == b or toks[rb].low in ("de", "d'")) \
            and not (toks[a].cap and a > 0 and toks[a - 1].low not in (".", "!", "?", "«", "“", '"', ":")):
        # (not "selon L'Ardennais", "a rapporté La Marseillaise": a newspaper's own capital article)
        m.person = True  # "le Danois", "le jeune Français", "l'Américain de 25 ans": someone, by
        m.gender = m.gender or demonym_gender(toks[ra].text)  # where they come from
        return m
    if rb != b:
        if ra == a + 1 and det == "l'":
            m.name = span_text(text, toks, ra, b, base)
        return m
    if ra == a + 1:  # "le Kremlin", "la SNCF", "l'ISW": an organisation named by its article
        # a capital article inside a sentence is the name's own: "La Voix du Nord", "Le Monde"
        own = toks[a].cap and a > 0 and toks[a - 1].low not in (".", "!", "?", "«", "“", '"', ":")
        m.name = span_text(text, toks, a if own else ra, rb, base)
        return m
    if toks[ra - 1].word and toks[ra - 1].text.islower() and not is_person_tok(toks[ra - 1].low, toks[ra - 1].cap) \
            and toks[ra - 1].low not in NAME_PARTICLES and toks[ra - 1].low not in DETERMINERS \
            and toks[ra - 1].low not in ("de", "du", "des", "d'", "l'", "à", "au", "aux") \
            and ra - 2 > a and (toks[ra - 2].low in ("de", "d'", "du", "des") or toks[ra - 2].low in ("la", "l'", "le", "les")
                                and ra - 3 > a and toks[ra - 3].low in ("de", "d'") and (toks[ra - 1].low not in _SPEAKING_BODIES or not m.person)
                                and toks[ra].text not in first_names()) \
            and not (rb - ra >= 2 and toks[ra].text in first_names()):
        return m  # "la présidente de la maison d'édition Actes Sud", "de la région Ile-de-France":
        # the name is the house's, the region's; but "le président du tribunal Benjamin
        # Blanchet" is Benjamin Blanchet
    if ra - 2 > a and not m.person and toks[ra - 1].cap and toks[ra - 1].low in ("le", "la", "les", "l'") and toks[ra - 2].word \
            and toks[ra - 2].text.islower() and toks[ra - 2].low not in NAME_PARTICLES \
            and toks[ra - 2].low not in ("de", "du", "des", "d'", "à", "au", "aux", "et", "ou", "sur", "par", "pour"):
        m.name = span_text(text, toks, ra - 1, rb, base)  # "le quotidien Le Parisien", "le parti Les
        return m  # Républicains": a capital article inside a sentence is the name's own (not "l'élu Les
        # Républicains", a person's party)
    if toks[ra - 1].low in ("sous", "pour", "avec", "chez", "contre", "par", "sans", "auprès", "envers", "face"):
        if place_then_name(toks, ra, rb) == ra:
            return m  # "l'ancien secrétaire général adjoint de l'Élysée sous Nicolas Sarkozy": a complement
        ra = place_then_name(toks, ra, rb)  # "le directeur commercial chez Renault Jean Dupont"
    if toks[ra - 1].low in NAME_PARTICLES or toks[ra - 1].low in DETERMINERS \
            or toks[ra - 1].low in ("de", "du", "des", "d'", "l'", "à", "au", "aux"):
        if place_then_name(toks, ra, rb) == ra:
            return m  # a complement, "le chef de Wagner", "le ministre de l'Intérieur"
        ra = place_then_name(toks, ra, rb)
    head = min(head, ra)  # the head noun after the pre-nominal adjectives, found above
    for k in range(ra - 1, head, -1):
        if toks[k].low in TITLES and toks[k - 1].low != "et" \
                and any(t.low in ("de", "du", "des", "d'", "à", "au", "aux") for t in toks[head + 1:k]) \
                and not all(t.low in _TITLE_ADJECTIVES for t in toks[head + 1:k + 1]):  # ("l'architecte
            # et psychologue du travail X": both X's)
            return m  # the name belongs to an inner title: "… du président X"; not the
            # "général" of "le secrétaire général de Force ouvrière Yves Veyrier"
    if m.person and all(_acronym(t) for t in toks[ra:rb]):
        return m  # "l'élue LFI", "le sénateur PS": a party, not the person's name
    if m.person and all(norm(t.text) in ORG_WORDS for t in toks[ra:rb] if t.word):
        return m  # "le directeur général France de MSC": a country or a body, not the person's name
    m.name = span_text(text, toks, ra, rb, base)
    return m


def has_title(toks: list[Tok], a: int, b: int) -> bool:
    """True when a person noun heads the words [a, b) (after pre-nominal adjectives)."""
    while a < b and toks[a].low in PRE_ADJECTIVES:
        a += 1
    return a < b and (is_person_tok(toks[a].low, toks[a].cap) or toks[a].low.startswith("ex-"))


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
            if j > i and _starts_np(toks, j + 1):
                j += 1  # "a expliqué à l'AFP, le colonel X": the subject after the comma
                break
            return None
        if w in PP_PREPOSITIONS and not _starts_np(toks, j):
            j = skip_pp(toks, j)
            continue
        break
    if j < n and toks[j].low in ("celle", "celui", "celles", "ceux") and j + 1 < n \
            and toks[j + 1].low == "qui":
        w = toks[j].low
        return Mention(toks[j].text, toks[j].start, toks[j].end, "pronoun",
                       gender="f" if w.startswith("celle") else "m", plural=w.endswith("s"))
    if j >= n or not _starts_np(toks, j):
        return None
    k = np_end(toks, j)
    if k <= j:
        return None
    while k + 1 < n and toks[k].low == "et" and toks[k + 1].word and is_person_tok(toks[k + 1].low, toks[k + 1].cap):
        e = np_end(toks, k + 1)  # "l'architecte et psychologue du travail Elisabeth Pélegrin-Genel"
        if e <= k + 1:
            break
        k = e
    m = make_mention(toks, j, k, text, base)
    if m is None:
        return None
    c = _past_places(toks, k) if m.kind == "descriptor" and m.person else k
    if c > k and c < n and toks[c - 1].low == ")" and toks[c].cap:
        run = _name_at(toks, c, ",.;", min_words=2)  # "…, le professeur de gestion … à l'université
        # de Cranfield (centre de l'Angleterre) Keith Mason."
        if run and not any(_acronym(t) or norm(t.text) in ORG_WORDS for t in toks[run[0]:run[1]]):
            _named(m, toks, j, run, text, base)
            return _citing(toks, run[1], text, base) or m
    if c > k and c + 1 < n and toks[c].low == "," and _name_at(toks, c + 1, ".;", min_words=2):
        k = c  # "le chef du service réanimation au CHU Lapeyronie à Montpellier, Jonathan Charbit"
    if m.kind == "descriptor":
        c = skip_pp(toks, k) if k < n and toks[k].low in ("contre", "pour") else k  # "le coordinateur
        # national de la lutte contre le Covid-19, …": the role's own complement
        if c + 1 < n and toks[c].low == ",":
            s = c + 1
            if s + 2 < n and toks[s].low in ("le", "la", "l'") and not toks[s + 1].cap \
                    and is_person_tok(toks[s + 1].low, False) and toks[s + 2].cap:
                s += 2  # "…, le professeur Ronni Gamzu": a title before the name
            run = _name_at(toks, s, ",.;")  # "le sénateur PS, David Assouline,"
            if run:
                _named(m, toks, j, run, text, base)
    cited = _citing(toks, k, text, base)
    return cited or m


def _past_places(toks: list[Tok], k: int) -> int:
    """The index past a person's description's places, from toks[k]: "au CHU Lapeyronie à
    Montpellier", "à l'université de Cranfield (centre de l'Angleterre)"; k when none."""
    n = len(toks)
    c = k
    for _ in range(4):
        if c >= n or toks[c].low not in PP_PREPOSITIONS:
            break
        c = skip_pp(toks, c)
        if c < n and toks[c].low == "(":
            close = next((d for d in range(c + 1, min(n, c + 10)) if toks[d].low == ")"), None)
            if close is None:
                break
            c = close + 1
        if c < n and toks[c - 1].low == ")" and toks[c].cap:
            break  # the holder's name, without a comma
        while c < n and toks[c].cap and toks[c].word and c - k < 12:
            c += 1  # "au CHU Lapeyronie"
    return c


def _name_at(toks: list[Tok], s: int, closers: str, min_words: int = 1) -> tuple[int, int] | None:
    """The name run opening at toks[s] and ending the clause (at one of `closers`, or the end)."""
    runs = name_runs(toks, s, min(len(toks), s + 6))
    if not runs or runs[0][0] != s or runs[0][1] - s < min_words:
        return None
    return runs[0] if runs[0][1] >= len(toks) or toks[runs[0][1]].low in closers else None


def _named(m: Mention, toks: list[Tok], j: int, run: tuple[int, int], text: str, base: int) -> None:
    """Give the description opening at toks[j] the name of `run`, its holder, written after it."""
    m.name = span_text(text, toks, run[0], run[1], base)
    m.text = span_text(text, toks, j, run[1], base)
    m.end = toks[run[1] - 1].end


def _citing(toks: list[Tok], k: int, text: str, base: int) -> Mention | None:
    """"a déclaré le SIE citant X": the words are X's."""
    for c in range(k, min(len(toks), k + 4)):
        if toks[c].low == "citant":
            e = np_end(toks, c + 1)
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
    if t.text.isdigit() and j + 1 < len(toks) and toks[j + 1].text in _NUMBER_FIRST:
        return True  # "a écrit 20 Minutes"
    if t.low in ("ce", "cet", "cette", "ces"):  # "a ajouté ce porte-parole", not "ce que"
        if j + 2 < len(toks) and toks[j + 1].low in ("même", "mêmes"):
            j += 1  # "ces mêmes chercheurs"
        return j + 1 < len(toks) and toks[j + 1].word and (is_person_tok(toks[j + 1].low, toks[j + 1].cap)
                                                            or toks[j + 1].low in ("dernier", "dernière")
                                                            and not (j and toks[j - 1].low in _NOT_BEFORE_LATTER))
        # "ce dernier" speaks; not in "l'émission phare de ce dernier : « … »"
    if t.low == "des":  # "ont souligné des élus locaux": people, not "des détails"
        return j + 1 < len(toks) and toks[j + 1].word and is_person_tok(toks[j + 1].low, toks[j + 1].cap)
    if t.low in DETERMINERS and t.low not in ("du", "des"):
        return j + 1 < len(toks) and toks[j + 1].word
    return t.cap and t.word and t.low not in NOT_NAMES


def skip_pp(toks: list[Tok], j: int) -> int:
    """Index after a prepositional phrase at j: its preposition, determiner and its object (one
    capitalised word, or lower-case words up to the next determiner, name or punctuation)."""
    n = len(toks)
    j += 1
    if j < n and toks[j].low in ("de", "d'", "du", "des"):
        j += 1
    if j < n and toks[j].low in DETERMINERS | {"d'"}:
        j += 1
    if j < n and toks[j].cap:
        j = _name_end(toks, j)
        while j < n and toks[j].low in ("(",) and j + 2 < n and toks[j + 2].low == ")":
            j += 3
        return j
    while j < n and toks[j].word and not toks[j].cap and toks[j].low not in HONORIFICS:
        if toks[j].low in ("de", "d'", "du", "des") and j + 1 < n:
            # "dans les colonnes de l'Obs", "du Parisien", "au micro d'Europe 1": the
            # complement's name is part of the place
            k = j + 1 + (toks[j + 1].low in ("l'", "la", "le", "les") and j + 2 < n)
            if toks[k].cap and toks[k].word:
                return _name_end(toks, k)
        if toks[j].low in DETERMINERS:
            break
        j += 1
    return j


def _name_end(toks: list[Tok], j: int) -> int:
    """The end of the name starting at the capitalised token j: one word, or the whole run when
    the run is a name of several words ("Europe 1", "La Voix du Nord")."""
    runs = name_runs(toks, j, min(len(toks), j + 6))
    if not runs or runs[0][0] != j:
        return j + 1
    person = place_then_name(toks, j, runs[0][1])  # "du quotidien de l'Ouest Alassane Sall":
    return person if person > j else runs[0][1]  # the place ends where the person's name starts


def np_end(toks: list[Tok], j: int) -> int:
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
            if t.low in ("-", "‑") or (t.low == "'" and k > j) or _initial_dot(toks, k):
                k += 1
                continue
            break
        nxt = toks[k + 1].low if k + 1 < n else ""
        if t.low in ("ce", "cette") and nxt not in TIME_NOUNS:
            k += 1
            continue
        if t.low in ("fin", "début", "mi") and not t.cap and k > j and (nxt in MONTHS or nxt in TIME_NOUNS):
            break  # "écrivait Le Point fin août": the phrase ends at its date
        if t.low == "le" and k > j + 1 and nxt.isdigit() and is_adverbial(toks, k) >= 2:
            break  # "a rapporté l'Express le 9 novembre": the same
        if t.low in WEEKDAYS and k > j + 1 and toks[k - 1].low == "du" and toks[k - 2].cap \
                and not (nxt.isdigit() or nxt in TIME_NOUNS):  # (not "le Canard enchaîné du mercredi 5")
            k += 1  # "a révélé le Journal du dimanche": a name's own day, not when it spoke
            continue
        if t.low == "et" and nxt in ("de", "du", "des", "d'"):
            k += 2
            continue
        if t.low in NP_STOP and t.low not in ("d'",) and not (t.cap and k > j and toks[k - 1].low in ("l'", "de", "du")):
            # ("le site de L'Est républicain": a name, not the verb)
            if t.low in ("pour", "et", "en") and _acronym_ahead(toks, k):
                k += 1
                continue
            break
        if t.low in HONORIFICS and k > j and not (k == j + 1 and toks[j].low in DETERMINERS):
            break  # "M. Dupont et Mme Durand"; but "le Dr Collins", "le Pr Raoult" are one phrase
        if t.low in AUXILIARIES and not t.cap and k > j and not _compass(toks, k):
            break  # "les services d'ambulance ont eux aussi indiqué": the phrase ends at its verb
        if not t.cap and k > j + 1:
            vb = verb_at(toks, k)
            if vb and ("fin" in vb[1] or "pp" in vb[1]) and not (
                    k == j + 2 and toks[k - 1].cap and toks[j].low in DETERMINERS and t.low in _NAME_PARTICIPLES
                    and (nxt in NP_STOP or k + 1 >= n or not toks[k + 1].word)):  # "le Canard enchaîné":
                # the name's own adjective (not "l'Élysée contacté par l'AFP")
                break
            # "le bilan des douanes dévoilé lundi", "l'Institut, basé à Washington"
            if re.search(r"(?:é|ée|és|ées)$", t.low) and (nxt in NP_STOP or nxt in
                                                         PP_PREPOSITIONS or nxt == "par") \
                    and not (k == j + 2 and toks[k - 1].cap and toks[j].low in DETERMINERS and t.low in _NAME_PARTICIPLES) \
                    or re.fullmatch(r"(?:paru|publié|réalisé|diffusé)e?s?", t.low) and is_adverbial(toks, k + 1):
                break  # "une étude Elabe parue lundi 6 janvier": the source ends at its participle
        k += 1
    return k


# Participles that end newspapers' names: "le Canard enchaîné", "le Dauphiné libéré"
_NAME_PARTICIPLES = frozenset("enchaîné enchainé déchaîné déchainé libéré libérée illustré illustrée".split())


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
    opened = -1  # where the quotation mark opened at depth 0 stands
    for k in range(lo, v):
        w = toks[k].low
        if k == a and depth == 0 and not quoted and w in ("-", "–", "—"):
            a = k + 1  # '- « Coup de poignard » - M. Trump a affiché …': a section heading's dashes
            continue
        if depth == 0 and (w in ("«", "“") or w == '"' and not quoted):
            opened = k
        depth += (w == "(") - (w == ")") + (w in ("«", "“")) - (w in ("»", "”"))
        quoted = quoted != (w == '"')
        if depth == 0 and not quoted and (w in (",", ";", ":", "que", "qu'", "–", "—")
                                          or w in ("»", "”", '"') and k > lo and opened == a
                                          and not (k + 1 == v and k - opened >= 2 and all(
                                              t.cap and t.word for t in toks[opened + 1:k]))):
            # ('« Le Monde » révèle que …': a name in marks before its verb is the subject)
            segs.append((a, k))  # a quotation opening the segment ends it: '« … » Le procureur X
            # a déclaré'; not a title inside it: 'Le journal « Le Monde » a révélé'
            a = k + 1
    end = v
    while end > a and toks[end - 1].low in ("«", "“", '"'):
        end -= 1  # 'La présidente de la région "demande …"': the mark opens the verb's words
    segs.append((a, end))
    i = len(segs) - 1
    x, y = segs[i]
    if y > x and toks[x].low in ("et", "mais", "puis") and y - x == 1:
        return None
    if 5 <= y - x <= 30 and toks[y - 1].low != "qui":  # (a bounded stretch: bounded work)
        for k in range(y - 2, x + 1, -1):  # "Le tweet a été supprimé et Stéphane Trompille a assuré":
            if toks[k].low in ("«", "»", '"', "“", "”"):
                break  # (not words in quotation marks)
            if toks[k].low in ("et", "mais", "puis") and _clause_before(toks, x, k) \
                    and (toks[k + 1].cap and toks[k + 1].word and toks[k + 1].low not in NOT_NAMES
                         or toks[k + 1].low in DETERMINERS and k + 2 < y
                         and is_person_tok(toks[k + 2].low, toks[k + 2].cap)):
                x = k + 1  # the second clause's subject, a name or a person's description, right
                break  # before its verb
    relative = False
    if y - x >= 3 and toks[y - 1].low == "qui":
        y -= 1  # "indique Le Parisien qui précise que …": who "qui" is
        relative = True
    if y - x == 1 and toks[x].low == "qui" and i > 0:
        i -= 1
        x, y = segs[i]
        relative = True
        if _is_apposition(toks, x, y) and i > 0 and not (y - x > 1 and verb_at(toks, x + (toks[x].low in AUXILIARIES))):
            i -= 1
            x, y = segs[i]
    elif y == x and i > 0:
        i -= 1
        x, y = segs[i]
        for _ in range(3):  # "X qui, fort de …, se voit en …, dénonce": past the clauses about X
            if not (_is_apposition(toks, x, y) and i > 0):
                break
            i -= 1
            x, y = segs[i]
        if i > 0 and y - x >= 2 and toks[x].low in ("le", "la", "l'", "un", "une") and (
                is_person_tok(toks[x + 1].low, toks[x + 1].cap) and not toks[x + 1].cap
                or is_demonym(toks[x + 1].text) or is_demonym(toks[x + 1].text.split("-")[-1].capitalize())) \
                or i > 0 and y - x >= 3 and toks[x].low == "l'" and toks[x + 1].low in ("un", "une"):
            px, py = segs[i - 1]  # "Benjamin Cauchy, l'un des porte-parole des gilets jaunes, a annoncé":
            # the name before its description
            if 1 <= py - px <= 4 and all(t.cap and t.word for t in toks[px:py]) and toks[px].low not in NOT_NAMES \
                    and (py - px >= 2 or toks[px].text in first_names()):  # "Tim, l'un des organisateurs,";
                # not "accordée à E ! News, la chanteuse …" (a sentence split at "!")
                described = make_mention(toks, x, y, text, base)
                if described is not None and described.kind == "descriptor":
                    described.name = span_text(text, toks, px, py, base)
                    described.person = True
                    return described
        if y - x >= 3 and toks[y - 1].low == "qui":
            y -= 1
    for k in range(y - 1, x, -1):  # "Ségur de la santéJean Castex affirme": a heading glued
        if toks[k].start == toks[k - 1].end and toks[k].text[:1].isupper() \
                and toks[k - 1].text[:1].islower() and toks[k - 1].text[-1:].islower() \
                and toks[k].word and toks[k - 1].word:  # before it
            x = k
            break
    if relative:
        v = x + (toks[x].low in AUXILIARIES and x + 1 < y)
        vb = verb_at(toks, v) if toks[x].text.islower() else None
        if vb is not None:  # "« … » répond Nicolas Bay, qui affirme que …", "a précisé l'élu LR qui
            # estime que …": the incise's subject, whom "qui" takes up
            m = noun_phrase_after(toks, vb[2], text, base)
            return m if m is not None and m.end <= toks[y - 1].end else None
    if y - x > 18:
        return None
    while x < y and (is_adverbial(toks, x) or toks[x].low in ("et", "mais", "puis", "donc", "or", "car")
                     or toks[x].low in _BEFORE_A_PRONOUN and x + 1 < y and toks[x + 1].low in PRONOUNS):
        x += max(1, is_adverbial(toks, x))
    if x < y and _is_apposition(toks, x, y) and i > 0 and y - x <= 6:
        x, y = segs[i - 1]  # "Coralie Dubost, députée LREM va …"
    d = x + (toks[x].low in ("le", "la", "les", "l'"))
    if y - d >= 3 and toks[d].low in ("«", "“", '"') and toks[y - 1].low in ("»", "”", '"') \
            and all(t.cap and t.word or t.low in NAME_PARTICLES for t in toks[d + 1:y - 1]) and toks[d + 1].cap:
        name = span_text(text, toks, d + 1, y - 1, base)  # 'Le « Canard Enchaîné » précise que': a
        return Mention(name, toks[x].start - base, toks[y - 1].end - base, "name", name=name)  # name in marks
    if x >= y or not (_starts_np(toks, x) or toks[x].low in PRONOUNS):
        return None
    for k in range(x + 2, y):  # "Les services d'ambulance ont eux aussi indiqué": up to its verb
        if toks[k].low in AUXILIARIES and not toks[k].cap and not _compass(toks, k):
            y = k
            break
    return make_mention(toks, x, y, text, base)


def _clause_before(toks: list[Tok], x: int, k: int) -> bool:
    """True when toks[x:k] hold a whole clause: a subject, then an auxiliary and a participle
    ("Le tweet a depuis été supprimé")."""
    for j in range(x + 1, k):
        if toks[j].low in AUXILIARIES and not toks[j].cap:
            return any(toks[i].word and toks[i].text.islower() and _PARTICIPLE_END.search(toks[i].low)
                       for i in range(j + 1, k))
    return False


# Pronouns that stand for a person named before, as subjects: not names, whatever their capital
_DEMONSTRATIVES = frozenset("celle-ci celui-ci ceux-ci celles-ci celle-là celui-là lui eux lui-même "
                            "elle-même".split())
# Conjunctions that open a clause whose subject is a pronoun: "S'il a souligné que …, il a",
# "Comme il l'a rappelé", "Quand elle a affirmé que …"
_BEFORE_A_PRONOUN = frozenset(("comme", "s'", "quand", "lorsqu'", "lorsque"))


def _compass(toks: list[Tok], k: int) -> bool:
    """"de l'est de l'Ukraine", "du est": "est" as the compass point, not the verb."""
    return toks[k].low == "est" and k > 0 and toks[k - 1].low in ("l'", "de", "du", "la", "le", "nord", "sud")


def _is_apposition(toks: list[Tok], x: int, y: int) -> bool:
    """A segment between commas that qualifies a noun rather than naming it: it opens with a
    lower-case noun or participle ("chef de …", "basé à …"), "qui", or a number ("28 ans")."""
    if x >= y:
        return False
    t = toks[x]
    if t.low == "du" and x + 1 < y and toks[x + 1].word and not toks[x + 1].cap:
        return True  # "Michael Stephens, du think tank RUSI, souligne": where he works
    if t.low in DETERMINERS or t.low in HONORIFICS or t.cap or t.low in PRONOUNS:
        return False
    return t.word


_SUBORDINATE_OPENING = re.compile(r"(?:au moment où|alors qu(?:e|')|tandis qu(?:e|')|quand|lorsqu(?:e|')|si|s'|comme|"
                                  r"après qu(?:e|')|avant qu(?:e|')|bien qu(?:e|')|même si|dès qu(?:e|')|puisqu(?:e|')|"
                                  r"parce qu(?:e|'))(?:\s|$)", re.IGNORECASE)


def main_clause_start(toks: list[Tok], hi: int) -> int:
    """Where the main clause starts: after the subordinate clause and its comma that open the
    sentence ("Au moment où le tweet était envoyé, le Premier ministre faisait …"), else 0."""
    if not toks or not _SUBORDINATE_OPENING.match(" ".join(t.low for t in toks[:3])):
        return 0
    depth = 0
    for k in range(1, min(hi, 40)):
        w = toks[k].low
        depth += (w in ("«", "“", "(")) - (w in ("»", "”", ")"))
        if w == "," and not depth:
            return k + 1 if k + 1 < hi else 0
    return 0


def first_verb_group(toks: list[Tok], lo: int, hi: int) -> int | None:
    """Index of the first auxiliary or speech verb in [lo, hi) outside parentheses: where the
    subject of a sentence ends."""
    depth = 0
    for k in range(lo, hi):
        w = toks[k].low
        depth += (w == "(") - (w == ")")
        if depth:
            continue
        if (w in AUXILIARIES or w in ("va", "vont", "doit", "peut", "semble", "n'", "ne")) \
                and not (k == lo and toks[k].cap and w == "a"):  # "A l'ouverture": à, not "a"
            if k > lo and (toks[k - 1].low in CLITICS or toks[k - 1].low in ("en", "y")):
                return k - 1  # "X lui a dit", "X en est allé de sa proposition"
            return k
        vb = verb_at(toks, k)
        if vb and "fin" in vb[1] and k > lo and not toks[k].cap:
            return k
    return None
