"""Analyzer variants for the quality benchmark, made in the bench (index/text/analyze.py is untouched).

`french_analyzer(stemming, stopwords)` runs newsbot's own steps (NFKC, apostrophes, case and
accent folding, elisions, hyphens, numbers) with stemming and stopword removal switched:
`french_analyzer("snowball", True)` is exactly `index.text.analyze.analyze` (checked by
`check_same_as_newsbot`); `fold_first=True` is the analyzer before issue 13 (accents folded
before stemming, "snowball-folded+stop"). The engines' own default tokenizers are in `engines.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.text.analyze import (
    _DIGIT_GROUP_SEPARATORS,
    _ORDINAL_RE,
    _TOKEN_RE,
    _normalize_number,
    _stemmer,
    _word_parts,
    analyze,
    fold,
    lower,
    strip_accents,
)
from index.text.stopwords import STOPWORDS

Analyzer = Callable[[str], list[str]]

# name → (stemming, stopwords dropped, description)
FRENCH_VARIANTS: dict[str, tuple[str, bool, str]] = {
    "snowball+stop": ("snowball", True, "newsbot's analyzer: elisions, stopwords dropped, Snowball French, then folding"),
    "snowball-folded+stop": ("snowball-folded", True, "before issue 13: accents folded, then Snowball French"),
    "nostem+stop": ("none", True, "no stemming (stopwords dropped)"),
    "minimal+stop": ("minimal", True, "Lucene's FrenchMinimalStemmer (plurals) instead of Snowball"),
    "snowball+nostop": ("snowball", False, "Snowball, stopwords kept"),
    "nostem+nostop": ("none", False, "no stemming, stopwords kept (folding and elisions only)"),
}


def minimal_french_stem(word: str) -> str:
    """Lucene's FrenchMinimalStemmer (Savoy): strips plural and feminine endings only."""
    if len(word) < 6:
        return word
    if word.endswith("x"):
        if word[-3:-1] == "au":
            return word[:-2] + "l"
        return word[:-1]
    for ending in ("s", "r", "e", "é"):
        if word.endswith(ending):
            word = word[:-1]
    if len(word) > 1 and word[-1] == word[-2]:
        word = word[:-1]
    return word


def french_analyzer(stemming: str = "snowball", stopwords: bool = True) -> Analyzer:
    """An analyzer like newsbot's with stemming ("snowball", "minimal", "none"; "snowball-folded":
    accents folded before Snowball, as before issue 13) and stopwords switched."""
    fold_first = stemming == "snowball-folded"
    stem = {
        "snowball": lambda w: strip_accents(_stemmer().stemWord(w)),
        "snowball-folded": lambda w: _stemmer().stemWord(w),
        "minimal": lambda w: strip_accents(minimal_french_stem(w)),
        "none": strip_accents,
    }[stemming]

    def term_of(lowered: str) -> str | None:
        part = strip_accents(lowered)
        if part.isdigit():
            return part
        ordinal = _ORDINAL_RE.match(part)
        if ordinal:
            return ordinal.group(1) + "e"
        if (stopwords and part in STOPWORDS) or not part.isalnum():
            return None
        if not part.isascii():
            return part if len(part) > 1 else None
        if len(part) == 1:
            return None if stopwords else part
        return stem(part if fold_first else lowered)

    def analyze_variant(text: str) -> list[str]:
        terms = []
        for match in _TOKEN_RE.finditer(text):
            raw = match.group(0)
            if raw[0].isdigit() and any(sep in raw for sep in _DIGIT_GROUP_SEPARATORS + ","):
                terms.append(_normalize_number(raw))
                continue
            for part in _word_parts(fold(raw) if fold_first else lower(raw)):
                term = term_of(part)
                if term:
                    terms.append(term)
        return terms

    return analyze_variant


def check_same_as_newsbot(texts: list[str]) -> None:
    """The "snowball+stop" variant must be newsbot's analyzer, term for term."""
    variant = french_analyzer("snowball", True)
    for text in texts:
        if variant(text) != analyze(text):
            raise AssertionError(f"bench variant differs from index.text.analyze on: {text[:80]!r}")


_WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Letters and digits runs, lowercased: how a question is split for an engine's own tokenizer."""
    return _WORD_RE.findall(text.lower())
