"""Attributions: who an extracted quote is given to and how it was found, and the token patterns
that attribute speech — incises (", a déclaré X", ", a-t-il ajouté"), the speech verb that
governs a que-clause, negation and verb groups.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from index.quotes.mentions import (
    Mention,
    make_mention,
    name_runs,
    noun_phrase_after,
    np_end,
    place_then_name,
    skip_pp,
    span_text,
)
from index.quotes.tokens import Tok, is_adverbial, verb_at
from index.quotes.words import AUXILIARIES, CLITICS, HONORIFICS, PP_PREPOSITIONS, PRONOUNS, first_names
from index.text.speech_verbs import QUE_LEMMAS


@dataclass
class Attr:
    """An attribution: the mention found, the verb lemma, and how it was found."""

    mention: Mention | None
    verb: str | None
    how: str  # "after", "inside", "before", "colon", "que", "final", "selon", "same", …
    speaker: str | None = None


@dataclass
class Event:
    """A speaker or a sentence subject, for pronoun resolution."""

    pos: int
    speaker: str
    gender: str | None
    plural: bool
    said: bool = False  # a speaker, not only a sentence's subject


NOT_SOURCES = frozenset("lequel laquelle lesquels lesquelles que qui quoi moi nous vous toi "
                         "toute tous ce cette".split())


def inside_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def negated(toks: list[Tok], v: int, lo: int) -> bool:
    """"n'a pas précisé", "ne l'a pas dit": a negation in the verb group."""
    for k in range(v - 1, max(lo, v - 5) - 1, -1):
        if toks[k].low in ("et", "mais", "puis", ",", ";", "à"):
            return False  # "n'a pas tardé à réagir et dénonce": the negation is another verb's
        if toks[k].low in ("n'", "ne", "pas", "jamais", "guère"):
            return True
    return False


def verb_group_start(toks: list[Tok], v: int) -> int:
    """Start of the verb group ending with the verb at v: auxiliary, adverbs, clitics."""
    g = v
    k = v - 1
    while k >= 0 and v - k <= 5:
        w = toks[k].low
        if w in AUXILIARIES or w.startswith("-"):
            g = k
        elif w in CLITICS or w in ("n'", "ne") or w in ("en", "y") and g == k + 1:
            g = k  # "Richard Ferrand en est allé", "il y a ajouté": the pronoun is the verb's
        elif not (is_adverbial(toks, k) or w in ("pas", "en", "effet")):
            break
        k -= 1
    return g


def speech_verb_before(toks: list[Tok], q: int) -> tuple[str, str, int] | None:
    """The speech verb governing the "que" at q: at most a few adverbs, time phrases and
    prepositional phrases between them, no direct object ("a dénoncé les mesures que …")."""
    for v in range(q - 1, max(-1, q - 12), -1):
        vb = verb_at(toks, v)
        if vb is None:
            continue
        lemma, kind, vend = vb
        if lemma not in QUE_LEMMAS or kind == "inf" or toks[v].cap and v > 0:
            return None
        if kind == "pp" and verb_group_start(toks, v) == v:
            return None  # "Arrêtés et jugés en même temps qu'elle": no auxiliary, no speech
        j = vend
        while j < q:
            k = is_adverbial(toks, j)
            if k:
                j += k
            elif toks[j].low == ",":
                j += 1
            elif toks[j].low in PP_PREPOSITIONS:
                j = skip_pp(toks, j)
            elif toks[j].low in ("le", "l'") and j + 1 < len(toks) and toks[j + 1].low in (
                    "fait",):
                j += 2
            else:
                return None
        return lemma, kind, v
    return None


Incise = tuple[Mention | None, str | None, int]


def _participle_like(toks: list[Tok], j: int) -> bool:
    """A lower-case word with a past participle's ending ("tranché", "souri", "prévenu")."""
    return j < len(toks) and toks[j].word and toks[j].text.islower() \
        and toks[j].low.endswith(("é", "ée", "és", "ées", "i", "ie", "u", "ue", "it", "is"))


def _forgotten_t(toks: list[Tok], j: int) -> int:
    """The index of an inverted pronoun written with its hyphen before "t" forgotten ("a t-il
    lancé", "estime t-elle": one in twenty in OrangeSum): past the lone "t", else `j`."""
    if 0 < j and j + 1 < len(toks) and toks[j].low == "t" and toks[j + 1].low.startswith("-") \
            and toks[j].start == toks[j - 1].end + 1 and toks[j + 1].start == toks[j].end:
        return j + 1
    return j


def parse_incise(toks: list[Tok], i: int, text: str) -> Incise | None:
    """Parse an incise at toks[i] into (mention, verb lemma, index after it), or None.

    ", a déclaré M. Poutine", ", a-t-il ajouté", ", lui a répondu X", ", s'est-il insurgé",
    ", explique-t-elle", ", lance ainsi l'homme", ", selon elle" (verb None), "a écrit sur
    Twitter X".
    """
    n = len(toks)
    j = i
    while j < n and toks[j].low in (",", "-", "–", "—"):
        j += 1
    if j >= n:
        return None
    k = is_adverbial(toks, j)
    if k and j + k + 1 < n and toks[j + k].low == "," and toks[j].low not in ("selon",):
        j += k + 1  # "« … jusqu'à la Pentecôte », dimanche 31 mai, a souligné X": a date between
    w = toks[j].low
    if w == "selon" or w == "d'" and j + 1 < n and toks[j + 1].low == "après":
        a = j + 1 if w == "selon" else j + 2
        if a < n and toks[a].low in ("lui", "elle", "eux", "elles"):
            return (Mention(toks[a].text, toks[a].start, toks[a].end, "pronoun",
                            gender="f" if toks[a].low.startswith("elle") else "m",
                            plural=toks[a].low in ("eux", "elles")), None, a + 1)
        e = np_end(toks, a) if a < n else a
        return (make_mention(toks, a, e, text), None, e) if e > a else None
    if w in ("peut", "pouvait") and j + 3 < n and toks[j + 1].low == "-on" \
            and toks[j + 2].low == "lire" and toks[j + 3].low in ("dans", "sur"):
        a = j + 4  # "peut-on lire dans la pétition": the text speaks
        e = np_end(toks, a) if a < n else a
        return (make_mention(toks, a, e, text), "lire", e) if e > a else None
    clitic = w in CLITICS and w not in ("s'", "se") and j + 1 < n and toks[j + 1].low in AUXILIARIES
    if clitic:
        j += 1
    elif w in CLITICS and w not in ("s'", "se") and j + 2 < n and toks[j + 1].text.islower() and (
            toks[j + 2].low.startswith("-") or "fin" in (verb_at(toks, j + 1) or ("", "", 0))[1]):
        j += 1  # "», lui lance-t-elle", "», nous confie l'actrice", "», lui répond X"
    if toks[j].low in ("s'", "se"):
        j += 1
    if j >= n or toks[j].low in ("n'", "ne"):
        return None
    pron = None
    if toks[j].low in AUXILIARIES:
        j += 1
        j = _forgotten_t(toks, j)  # "a t-il lancé"
        if j < n and toks[j].low.startswith("-"):
            pron = toks[j]
            j += 1
        while j < n and is_adverbial(toks, j):
            j += is_adverbial(toks, j)
        vb = verb_at(toks, j)
        if vb is None and pron is not None and _participle_like(toks, j):
            vb = (toks[j].low, "pp", j + 1)  # "a-t-il tranché": an inverted incise, whatever its verb
        elif vb is None and clitic and _participle_like(toks, j) and j + 1 < n \
                and (toks[j + 1].cap or toks[j + 1].low in HONORIFICS):
            vb = (toks[j].low, "pp", j + 1)  # "», l'a interrompue Mme Buzyn": the same, its subject named
        if vb is None or "pp" not in vb[1]:
            return None
    else:
        vb = verb_at(toks, j)
        after = _forgotten_t(toks, j + 1)  # "estime t-elle"
        if vb is None and after < n and toks[j].word and toks[j].text.islower() \
                and toks[after].low.lstrip("-t").lstrip("-") in PRONOUNS and toks[after].low.startswith("-") \
                and (after == j + 1 or after + 1 >= n or not toks[after + 1].word):
            vb = (toks[j].low, "fin", j + 1)  # "livre-t-elle", "tranche-t-il": any verb, inverted
            # (but "chercherait t-elle un alter ego ?" is a question, not an incise)
        if vb is None or "fin" not in vb[1]:
            return None
        vb = (vb[0], vb[1], _forgotten_t(toks, vb[2]))
        if vb[2] < n and toks[vb[2]].low.startswith("-"):
            pron = toks[vb[2]]
            vb = (vb[0], vb[1], vb[2] + 1)
    lemma, _, j = vb
    if pron is not None:
        p = pron.low.replace("-t-", "").lstrip("-")
        if p not in PRONOUNS:
            return None
        return (Mention(p, pron.start, pron.end, "pronoun", gender="f" if p.startswith("elle")
                        else "m" if p.startswith("il") else None, plural=p.endswith("s")),
                lemma, j)
    m = noun_phrase_after(toks, j, text)
    end = j
    if m is not None:
        end = bisect.bisect_left([t.start for t in toks], m.end, lo=j)
        if m.kind == "descriptor" and m.person and not m.name:
            end = _named_after(toks, end, m, text)
    return m, lemma, end


def _named_after(toks: list[Tok], k: int, m: Mention, text: str) -> int:
    """", a déclaré l'adjoint au maire de Paris en charge des transports, Christophe Najdovski.":
    the name in apposition after the description's complements is whose it is (set on `m`); the
    index after it, else `k`."""
    n = len(toks)
    c = k
    while c < n and c - k <= 12 and toks[c].low != "," and (toks[c].word or toks[c].low in ("'", "-")) \
            and toks[c].low not in ("qui", "que", "qu'", "dont", "et", "mais"):
        if toks[c].cap:  # "a indiqué le secrétaire d'État à l'Intérieur Laurent Nunez": the
            runs = name_runs(toks, c, min(n, c + 7))  # person named after the complement's name
            if runs and runs[0][0] == c:
                a = place_then_name(toks, c, runs[0][1])
                b = runs[0][1]
                if b - a >= 2 and toks[a].text in first_names() and (b >= n or not toks[b].word) \
                        and (a > c or toks[c - 1].cap or toks[c - 1].low == ")"):  # (not "a dit le malade à
                    # Mark King", whom he spoke to)
                    m.name = span_text(text, toks, a, b, 0)
                    return b
                c = b
                continue
        c += 1
    if c >= n - 2 or toks[c].low != "," or c - k > 12:
        return k
    runs = name_runs(toks, c + 1, min(n, c + 6))
    if not runs or runs[0][0] != c + 1 or runs[0][1] - runs[0][0] < 2 \
            or runs[0][1] < n and toks[runs[0][1]].word and toks[runs[0][1]].low not in ("(",):
        return k  # two words of a name at least, and nothing but punctuation after it
    a, b = runs[0]
    m.name = span_text(text, toks, a, b, 0)
    return b
