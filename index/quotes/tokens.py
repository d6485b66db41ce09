"""A light French tokenizer with offsets (words, elided articles, inverted pronouns such as
"-t-il", punctuation), and what a token position holds: a speech verb, an adverbial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.quotes.words import ADVERBS, MONTHS, TIME_NOUNS, first_names, low
from index.text.speech_verbs import SPEECH_FORMS

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


WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")  # a word, for counting the words of a text

# OrangeSum and other scraped texts glue a heading to the sentence after it ("Des tensions entre
# Philippe et CollombSelon Le Monde, …"): a word in lower case followed, without a space, by a
# word that opens French sentences is two words.
_GLUED = re.compile(r"[a-zà-ÿ]{2}(Selon|Le|La|Les|Un|Une|Il|Elle|Ils|Elles|Pour|Mais|Depuis|Dans|"
                    r"En|Au|Aux|Après|Avant|Lors|Alors|Ce|Cette|Ces|Cet|De|Des|Du|Et|Sur|Avec|Si|"
                    r"Quand|On|Nous|Je|Pourtant|Ainsi|Enfin|Face|Interrogé|Interrogée|Invité|"
                    r"Invitée|D'après|D’après)\b")
_GLUED_NAME = re.compile(r"[a-zà-ÿ]{2}([A-ZÀ-Ý][a-zà-ÿ]+)\b")  # "Ségur de la santéJean Castex"


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
    toks = [Tok(m.group(), a + base, b + base, lowered[a:b])
            for m in _TOKEN_RE.finditer(text) for a, b in (m.span(),)]
    glued = {m.start(1) + base for m in _GLUED.finditer(text)}
    glued |= {m.start(1) + base for m in _GLUED_NAME.finditer(text) if m.group(1) in first_names()}
    if not glued:
        return toks
    out: list[Tok] = []
    for t in toks:
        cut = next((g for g in glued if t.start < g < t.end), None)
        if cut is None:
            out.append(t)
        else:  # "CollombSelon Le Monde": a heading glued to the sentence after it
            k = cut - t.start
            out += [Tok(t.text[:k], t.start, cut, t.low[:k]), Tok(t.text[k:], cut, t.end, t.low[k:])]
    return out


def unglued_start(words: str, start: int) -> int:
    """The start of an entity found at `start` without the heading glued before it: "CollombSelon
    Le Monde" starts at "Selon Le Monde"'s "Le" (what follows the glued word)."""
    glued = None
    for glued in _GLUED.finditer(words):
        pass
    if glued is None:
        return start
    rest = words[glued.start(1):]
    parts = rest.split(None, 1)
    if glued.group(1) in ("Le", "La", "Les") or len(parts) < 2:
        return start + glued.start(1)  # "…AnticorpsLa Voix du Nord": the name's own article
    return start + glued.start(1) + len(rest) - len(parts[1])  # "Selon" is not the name's


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


# Adverbial phrases standing between a speech verb and its subject ("a par ailleurs précisé",
# "a déclaré de son côté le ministre"), as token sequences.
_ADVERBIAL_PHRASES: dict[str, list[list[str]]] = {}
for _phrase in ("par ailleurs", "de son côté", "de leur côté", "pour sa part", "pour leur part",
                "en outre", "de plus", "à son tour", "à leur tour", "quant à lui", "quant à elle",
                "quant à eux", "d' ailleurs", "lui aussi", "elle aussi", "une nouvelle fois",
                "à plusieurs reprises", "dans la foulée", "à son tour", "en substance",
                "sans ambages", "sans détour", "sans détours", "non sans humour", "avec humour",
                "avec ironie", "en écho", "en retour", "en réponse", "d' emblée", "tout de suite",
                "de concert", "à l' unisson", "en conclusion", "pour conclure", "pour sa défense"):
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
