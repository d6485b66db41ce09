"""French text analysis: the one analyzer that turns both passages and questions into search terms.

The steps, in order (each a small pure function):
Unicode NFKC (ligatures, NBSP, superscript ordinals) → apostrophes ’ ‘ ʼ to ' → case folding (soft hyphens dropped) →
tokens (words with inner apostrophes and hyphens, numbers with thousands separators) → elisions
(l' d' qu' jusqu' …) dropped → hyphenated forms split (a-t-il, contre-offensive) → numbers
normalized ("200 000" → 200000, "1er"/"1re" → 1e) → stopwords dropped (compared folded) →
accents folded → Snowball French stemming.

Folding first means a word typed without accents ("securite routiere", as Slack messages often
are) gets the same term as the article's "sécurité routière". Analyzer 2 (issue 13) stemmed the
accented word and folded after, so that "initié" and "initiées" meet (folded, Snowball stems them
`init` and `initie`); but then "securite" (`securit`) and "sécurité" (`secur`) did not, and a
two-word question typed without accents found nothing. It gained 0.2 points of PIAF recall@10 as
typed; analyzer 3 goes back to folding first (docs/benchmarks.md).

Terms contain only [a-z0-9], so SQLite FTS5's default tokenizer indexes them unchanged and
rank-bm25 sees exactly the same tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from index.text.stopwords import STOPWORDS

ANALYZER_VERSION = 4  # bump when analysis changes: the store re-analyzes stored articles once, at open
# 2: stem, then fold accents (issue 13); 3: fold, then stem again, as 1 did — with 2, a question
# typed without accents ("securite routiere", as Slack messages often are) found nothing, since
# Snowball stems "sécurité" and "securite" apart; 2 gained 0.2 points of PIAF recall@10 as typed;
# 4: a soft hyphen (U+00AD, in 267 OrangeSum articles: "lais\u00adser", "ac\u00ad\u00adtion") is
# inside its word, not between two

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
# Characters NFKC leaves alone but that separate digit groups in French numbers.
_DIGIT_GROUP_SEPARATORS = "  \u202f\u2009."

# A token: a run of letters/digits, possibly joined by inner apostrophes or hyphens, or a number
# whose groups of three digits are separated by a space, NBSP, thin space or a dot ("200 000",
# "839.000"), or a decimal number ("8,5").
_TOKEN_RE = re.compile(
    r"\d{1,3}(?:[  \u202f\u2009.]\d{3})+(?![\d])"  # grouped thousands
    r"|\d+,\d+"  # decimal comma
    r"|[^\W_]+(?:(?:['’‘ʼ\-‐‑]|\u00ad+)[^\W_]+)*",  # words, with inner ' and hyphens (a-t-il,
    # aujourd'hui) and soft hyphens, which only say where a line may break
)
_ELISIONS = ("l", "d", "qu", "n", "s", "j", "m", "t", "c", "jusqu", "lorsqu", "puisqu", "quoiqu")
_ORDINAL_RE = re.compile(r"^(\d+)(?:er|re|ere|e|eme|ieme|nd|nde|d|de)$")
_HYPHENS = re.compile(r"[\-‐‑]")


@dataclass(frozen=True)
class Term:
    """A search term and where it comes from in the analyzed text (character offsets)."""

    term: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


def lower(text: str) -> str:
    """Lowercase, ligatures and typographic apostrophes, accents kept: "L’Œuvre" → "l'oeuvre"."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    return text.replace("œ", "oe").replace("æ", "ae").replace("\u00ad", "")


def strip_accents(text: str) -> str:
    """"élevée" → "elevee" (combining marks dropped after canonical decomposition)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase and strip accents, ligatures and typographic apostrophes: "L’Élysée" → "l'elysee".

    Used for matching names and phrases where stemming is not wanted.
    """
    return strip_accents(lower(text))


def _normalize_number(token: str) -> str:
    """"200 000" → "200000", "839.000" → "839000", "8,5" → "8v5" (v for virgule)."""
    if "," in token:
        return token.replace(",", "v")
    return "".join(c for c in token if c.isdigit())


def _word_parts(word: str) -> list[str]:
    """Split one lowercased word into the parts that become terms.

    Drops an elided article or pronoun (l'armée → armée, jusqu'au → au), splits hyphenated forms
    (a-t-il → a t il, contre-offensive → contre offensive) and joins what is left of an inner
    apostrophe (aujourd'hui → aujourdhui).
    """
    if "'" in word:
        head, _, rest = word.partition("'")
        if head in _ELISIONS and rest:
            word = rest
        word = word.replace("'", "")
    return [part for part in _HYPHENS.split(word) if part]


def _term_of(part: str) -> str | None:
    """The index term for one lowercased word part (accents kept), or None when it carries no
    meaning for search."""
    folded = strip_accents(part)
    if folded.isdigit():
        return folded
    ordinal = _ORDINAL_RE.match(folded)
    if ordinal:
        return ordinal.group(1) + "e"
    if folded in STOPWORDS or not folded.isalnum():
        return None
    if not folded.isascii():  # letters of other scripts (Cyrillic names, Greek…): kept, unstemmed
        return folded if len(folded) > 1 else None
    if len(folded) == 1:
        return None
    return _stemmer().stemWord(folded)


def analyze_spans(text: str) -> Iterator[Term]:
    """The search terms of `text`, each with its character span in `text`.

    Spans let renderers bold the words of a passage that matched a question.
    """
    # NFKC may change the length of the text (ligatures, "½"); analyze per token so spans stay
    # in the original text's coordinates.
    for match in _TOKEN_RE.finditer(text):
        for term in _token_terms(match.group(0)):
            yield Term(term, match.start(), match.end())


@lru_cache(maxsize=200_000)
def _token_terms(raw: str) -> tuple[str, ...]:
    """The terms of one token, a pure function of its text: cached, as the words of news repeat
    (a few thousand distinct forms per thousand articles; ingest spends most of its analysis
    time folding and stemming the same words again)."""
    if raw[0].isdigit() and any(sep in raw for sep in _DIGIT_GROUP_SEPARATORS + ","):
        return (_normalize_number(raw),)
    return tuple(term for part in _word_parts(lower(raw)) if (term := _term_of(part)))


def analyze(text: str) -> list[str]:
    """The search terms of `text`, in order: what FTS5 indexes and what questions are made of."""
    terms: list[str] = []
    for raw in _TOKEN_RE.findall(text):  # no capturing group: findall gives whole tokens
        terms.extend(_token_terms(raw))
    return terms
