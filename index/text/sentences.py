"""Sentences: the one sentence splitter of newsbot, for passages, digest leads, titles derived
from a first sentence, and the quotation reader.

A sentence ends at . ! ? … (maybe followed by closing quotes or brackets), then either
whitespace and what starts a sentence (a capital, a digit, an opening quote or a dash), or —
text glued without a space, as in "Pyrénées.Alors" — directly a capital. OrangeSum's inline
headings glued between sentences ('faite".- Auditions sous serment -Les 32 députés') are cut
before their first dash and after their last; a heading glued to the sentence after it without
any mark ("Des tensions entre Philippe et CollombSelon Le Monde, …") before the word that opens
the sentence. A full stop after an
abbreviation ("M. Poutine", "Mme", "J.-C.") or an initial ends nothing. Spans given as
`protected` (quotations, for the quote reader) are never cut inside: « Un. Deux. » stays one
piece of its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words that end with a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle mlles dr pr me mgr st ste av bd cf p ex vol no n° art al env approx"
    " gén gal col cdt lt sgt min max tél fig chap éd etc".split()
)
_BOUNDARY_RE = re.compile(
    r"(?<=[.!?…])(?:[\s\u00a0\u202f]?[»”\"'’›)\]])*"  # the stop, then closing quotes or brackets
    r"(?:\s+(?=[A-ZÀ-ÖØ-Þ0-9«“\"‘'(\[\-–—])"  # whitespace, then what starts a sentence
    r"|(?<=[^\s.][.!?…])(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ'’]|[AÀ]\s|[«“\"][^\W\d_])"  # or glued: "Pyrénées.Alors", "monde.L'élu"
    r"|(?<=[a-zà-ÿ)][a-zà-ÿ)][.!?…])(?=(?:[A-Z]{2,}\s){1,2}[a-zà-ÿ])"  # or an acronym glued: "euros.BFM TV précise"
    # (not a heading in capitals, "t-il.MONTEBOURG EN (RE)PREND POUR SON GRADE")
    r"|(?<=[.!?…][»”\"])(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ'’])"  # or glued after a closing quote: "fin.»Le"
    r"|(?<=[^\s.][.!?…])(?=[-–—]\s?(?:[«“\"]\s?)?[A-ZÀ-ÖØ-Þ][a-zà-ÿ]))"  # or an inline heading glued: 'faite".- Auditions',
    # 'juste.- "Coup de poignard" -M. Trump'
)
# A heading in quotation marks glued to the sentence after it: '… populaire"Selon le Parisien, …'
_QUOTED_HEADING_END_RE = re.compile(r"(?<=[a-zà-ÿ][»”\"])(?=(?:Selon|D['’]après|Pour|Le|La|Les|Un|Une|Il|Elle|Ils|Elles|Mais|"
                                    r"Dans|En|Après|Avant|Lors|Alors|Depuis|Interrogé|Interrogée|Invité|Invitée)\s)")
# The end of such a heading: 'faite". - Auditions sous serment -Les 32 députés' (the heading's
# text has no stop, and its closing dash is glued to the next sentence).
_HEADING_END_RE = re.compile(r"(?<=[.!?…»”\"])\s?[-–—]\s(?:[«“\"]\s?[^.!?\n«»\"“”]{1,80}?\s?[»”\"]|[^.!?\n«»\"]{1,80}?)"
                             r"\s[-–—]\s?(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ'’.])")
_WORD_BEFORE_DOT_RE = re.compile(r"(\S+)[.]$")
_HONORIFIC_BEFORE = re.compile(r"\b(?:M|MM|Mme|Mlle|Me|Dr|Pr|Mgr)\.$")  # "selon M.Ponti": glued to its name
# OrangeSum and other scraped texts glue a heading to the sentence after it ("Des tensions entre
# Philippe et CollombSelon Le Monde, …"): a word in lower case followed, without a space, by a
# word that opens French sentences is two words.
SENTENCE_OPENERS = frozenset((
    "Selon Le La Les Un Une Il Elle Ils Elles Pour Mais Depuis Dans En Au Aux Après Avant Lors "
    "Alors Ce Cette Ces Cet De Des Du Et Sur Avec Si Quand On Nous Je Pourtant Ainsi Enfin Face "
    "Interrogé Interrogée Invité Invitée D'après D’après").split())
_CASE_CHANGE = re.compile(r"[a-zà-ÿ]{2}(?=[A-ZÀ-Ý])")  # rare: the cheap scan, checked after
_WORD_AT = re.compile(r"\w{1,30}(?:['’]\w{1,30})?(?!\w)")  # bounded: no rescans of a long run


def glued_words(text: str, words: frozenset[str] | dict[str, str] = SENTENCE_OPENERS,
                lower_left: bool = False) -> list[int]:
    """Offsets in `text` where a word of `words` starts glued to the lower-case word before it
    ("CollombSelon": the offset of "Selon"); with `lower_left`, only after a word that starts in
    lower case ("santéJean", not "MacDonald")."""
    out = []
    for m in _CASE_CHANGE.finditer(text):
        word = _WORD_AT.match(text, m.end())
        if word and word.group() in words and not (lower_left and not _starts_lower(text, m.start())):
            out.append(m.end())
    return out


def _starts_lower(text: str, i: int) -> bool:
    """True when the word holding text[i] starts with a lower-case letter (looked back 30 chars)."""
    lo = max(0, i - 30)
    while i > lo and text[i - 1].isalnum():
        i -= 1
    return text[i].islower()


def is_abbreviation(text_before: str) -> bool:
    """True when the full stop ending `text_before` belongs to an abbreviation or an initial."""
    text_before = text_before[-40:]  # an abbreviation is short: never scan a whole paragraph
    if not text_before.endswith("."):
        return False
    match = _WORD_BEFORE_DOT_RE.search(text_before)
    if not match:
        return False
    word = match.group(1).lstrip("(«“\"'")
    if len(word) == 1 and word.isalpha() and word.isupper():  # an initial: "J. Smith"
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # "J.-C", "U.S" style
        return True
    return word.lower() in ABBREVIATIONS


def _closes(text: str, at: int) -> bool:
    """True when the quotation mark just before `at` closes a quotation: « and » tell; a straight
    mark closes when an odd number of them stand before it in the paragraph ('a titré"Un
    scandale"' opens one). Looks back 2,000 characters at most."""
    mark = text[at - 1]
    if mark != '"':
        return True
    start = max(text.rfind("\n", 0, at - 1) + 1, at - 2000)
    return text.count('"', start, at - 1) % 2 == 1


def sentence_spans(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, covering it without gaps or overlaps.

    Trailing whitespace stays with the sentence before it, so joining the slices gives `text`.
    `protected`: sorted, non-overlapping (start, end) offsets of `text` never cut inside.
    """
    spans = []
    start = 0
    k = 0
    ends = {b for _, b in protected}  # the quotations' ends: a mark there closes one
    cuts = sorted([(m.start(), m.end()) for m in _BOUNDARY_RE.finditer(text)]
                  + [(m.end(), m.end()) for m in _HEADING_END_RE.finditer(text)]
                  + [(m.end(), m.end()) for m in _QUOTED_HEADING_END_RE.finditer(text)
                     if (m.end() in ends if protected else _closes(text, m.end()))]
                  + [(at, at) for at in glued_words(text)])
    for at, cut in cuts:
        if cut <= start or (at != cut or _HONORIFIC_BEFORE.search(text, max(start, at - 5), at)) \
                and is_abbreviation(text[max(start, at - 48):at].rstrip("»”\"')]")):
            continue  # (a glued word's cut, at == cut, follows a letter, no abbreviation there; but
            # "selon M.Ponti" glues a name to its honorific's full stop)
        while k < len(protected) and protected[k][1] <= cut:
            k += 1
        if k < len(protected) and protected[k][0] < cut < protected[k][1]:
            if protected[k][0] < at:
                continue  # a stop inside a quotation: « Un. Deux. »
            # The mark taken as closing the sentence opens a quotation ('Collomb."Depuis'): the
            # sentence ends before it.
            cut = protected[k][0]
            if cut <= start:
                continue
        spans.append((start, cut))
        start = cut
    if start < len(text):
        spans.append((start, len(text)))
    return spans
