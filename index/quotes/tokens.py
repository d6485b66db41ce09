"""A light French tokenizer with offsets (words, elided articles, inverted pronouns such as
"-t-il", punctuation), and what a token position holds: a speech verb, an adverbial.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from index.quotes.words import ADVERBS, MONTHS, TIME_NOUNS, first_names, low
from index.text.sentences import SENTENCE_OPENERS, glued_words
from index.text.speech_verbs import SPEECH_FORMS

_TOKEN_RE = re.compile(  # the common case (a word) first: the order is for speed
    r"""(?P<word>\b(?:[lLdDjJmMnNsStTcC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Pp]resqu)['’]
                 |[Aa]ujourd['’]hui
                 |\b(?:M|MM|Mme|Mlle|Me|Dr|Pr|Mgr)\.(?:(?!\w)|(?=[A-ZÀ-Ý][a-zà-ÿ]))
                 |\w+(?:[-‑](?!t-(?:il|elle|ils|elles|on)\b)
                     (?!(?:il|elle|ils|elles|on)\b(?![-\w]))\w+)*)
      |(?P<inv>-t-(?:il|elle|ils|elles|on)\b|-(?:il|elle|ils|elles|on)\b(?![-\w]))
      |(?P<punct>\.\.\.|[^\w\s])""",
    re.X,
)


WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")  # a word, for counting the words of a text



@lru_cache(maxsize=1)
def _FIRST_NAMES() -> frozenset[str]:  # noqa: N802 — a constant, built once
    """First names, cut off a lower-case word glued before them ("santéJean Castex"; not
    "MacDonald", whose left part is capitalised)."""
    return frozenset(first_names())


@dataclass(slots=True, init=False)
class Tok:
    """A token with its offsets in the article text and its lower-cased form; `cap` is True for
    a capitalised word (a name's token or a sentence's first word), `word` for a word (not
    punctuation). Both are set once: the rules ask them over and over (a tenth of reading)."""

    text: str
    start: int
    end: int
    low: str
    cap: bool
    word: bool

    def __init__(self, text: str, start: int, end: int, low: str) -> None:
        self.text, self.start, self.end, self.low = text, start, end, low
        first = text[:1]
        self.cap = first.isupper()
        self.word = first.isalnum() or first == "_"


def tokenize(text: str, base: int = 0) -> list[Tok]:
    """Split `text` into words, elided articles (l', qu'), inverted pronouns (-t-il), punctuation.

    Offsets are shifted by `base`, so that tokens of a slice point into the whole article.
    """
    lowered = low(text)  # same length: only case and apostrophes change
    toks = [Tok(m.group(), m.start() + base, m.end() + base, lowered[m.start():m.end()])
            for m in _TOKEN_RE.finditer(text)]
    glued = sorted({at + base for at in glued_words(text)}
                   | {at + base for at in glued_words(text, _FIRST_NAMES(), lower_left=True)})
    if not glued:
        return toks
    out: list[Tok] = []
    for t in toks:  # "CollombSelon Le Monde": a heading glued to the sentence after it; each
        # token is cut at every glued point inside it ("aaSelon-aaLe"), found by bisection
        at = t.start
        for cut in glued[bisect.bisect_right(glued, t.start):bisect.bisect_left(glued, t.end)]:
            k, e = at - t.start, cut - t.start
            out.append(Tok(t.text[k:e], at, cut, t.low[k:e]))
            at = cut
        k = at - t.start
        out.append(t if k == 0 else Tok(t.text[k:], at, t.end, t.low[k:]))
    return out


def unglued_start(words: str, start: int) -> int:
    """The start of an entity found at `start` without the heading glued before it: "CollombSelon
    Le Monde" starts at "Selon Le Monde"'s "Le" (what follows the glued word)."""
    points = sorted(glued_words(words) + glued_words(words, _FIRST_NAMES(), lower_left=True))
    if not points:
        return start
    rest = words[points[-1]:]
    parts = rest.split(None, 1)
    if parts[0] in ("Le", "La", "Les") or parts[0] not in SENTENCE_OPENERS or len(parts) < 2:
        return start + points[-1]  # "…AnticorpsLa Voix du Nord": the name's own article; "Jean"
    return start + points[-1] + len(rest) - len(parts[1])  # "Selon" is not the name's


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
    if hit and hit[1] == "pp" and i > 0 and toks[i - 1].low in _NOUN_DETERMINERS:
        return None  # "s'attend à une reprise", "le prévenu": a noun, not a verb
    return (hit[0], hit[1], i + 1) if hit else None


_NOUN_DETERMINERS = frozenset("un une le la les l' des du cette ce cet ces sa son ses leur leurs".split())


# Adverbial phrases standing between a speech verb and its subject ("a par ailleurs précisé",
# "a déclaré de son côté le ministre"), as token sequences.
_ADVERBIAL_PHRASES: dict[str, list[list[str]]] = {}
for _phrase in ("par ailleurs", "de son côté", "de leur côté", "pour sa part", "pour leur part",
                "en outre", "de plus", "à son tour", "à leur tour", "quant à lui", "quant à elle",
                "quant à eux", "d' ailleurs", "lui aussi", "elle aussi", "une nouvelle fois",
                "à plusieurs reprises", "dans la foulée", "à son tour", "en substance",
                "sans ambages", "sans détour", "sans détours", "non sans humour", "avec humour",
                "avec ironie", "en écho", "en retour", "en réponse", "d' emblée", "tout de suite",
                "de concert", "à l' unisson", "par exemple", "entre autres", "avec un sourire",
                "avec un grand sourire", "avec le sourire", "avec émotion", "sans certitude", "sans hésiter",
                "en conclusion", "pour conclure", "pour sa défense", "d' abord", "tout d' abord",
                "au passage", "en privé", "en public", "peu après", "un peu plus tard", "une fois de plus",
                "une fois encore", "pour commencer", "en premier lieu",
                # time phrases: "a affirmé la semaine dernière que …"
                "la semaine dernière", "la semaine passée", "la semaine prochaine", "le mois dernier",
                "le mois passé", "l' an dernier", "l' an passé", "l' année dernière", "l' année passée",
                "le week-end dernier", "le week-end passé", "la veille", "le lendemain", "la nuit dernière",
                "en début de semaine", "en fin de semaine", "en début de journée", "en fin de journée",
                "en début d' après-midi", "en fin d' après-midi", "en début de soirée", "en fin de soirée",
                "il y a quelques jours", "il y a peu", "il y a quelques semaines", "il y a quelques mois"):
    _words = _phrase.split()
    _ADVERBIAL_PHRASES.setdefault(_words[0], []).append(_words)
_PHRASE_STARTS = frozenset(_ADVERBIAL_PHRASES)


def is_adverbial(toks: list[Tok], i: int) -> int:
    """Length of an adverb or a time phrase at token i (0 if none): "également", "jeudi", "ce
    mardi 13 mars", "de nouveau", "à nouveau", "en effet", "lui-même"."""
    if i >= len(toks):
        return 0
    w = toks[i].low
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if w in ("ce", "cette", "cet") and nxt in TIME_NOUNS:
        n = 2
    elif w == "le" and nxt.isdigit() and i + 2 < len(toks) and toks[i + 2].low in MONTHS:
        n = 2  # "a rapporté le 7 août que …"
    elif w in ("début", "mi", "mi-", "fin") and nxt in MONTHS:
        n = 2  # "avait estimé début juin que …"
    elif w in ("de", "à") and nxt == "nouveau" or w == "en" and nxt == "effet":
        return 2
    elif w in _PHRASE_STARTS:
        for phrase in _ADVERBIAL_PHRASES.get(w, ()):
            if [t.low for t in toks[i:i + len(phrase)]] == phrase:
                return len(phrase)
        return 0
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
