"""The sentences of an article as the quotation reader sees them: tokens, the quotation spans
opening in each, the paragraph, whether it is a section heading.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from index.quotes.marks import SPACES, Span
from index.quotes.tokens import Tok

_SENT_PUNCT_RE = re.compile(r"[.!?…]+")


_ABBREV = frozenset("m mm mme mlle me dr pr mgr st ste av cf etc ex no n° p vol art".split())


@dataclass
class Sentence:
    """A sentence of the article: offsets, tokens, its quotation spans, its paragraph."""

    start: int
    end: int
    para: int
    heading: bool
    spans: list[Span]
    toks: list[Tok] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # token start offsets, for bisect

    def tok_index(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    def lead_words(self, offset: int, cap: int = 8) -> int:
        """Words of the sentence before `offset`, counted up to `cap` (cost bounded by cap)."""
        k = self.tok_index(offset)
        if k > 3 * cap:
            return cap + 1
        return min(cap + 1, sum(1 for t in self.toks[:k] if t.word))


def split_sentences(para: str, base: int, spans: list[Span]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; never splits inside a quotation span, copes with glued
    sentences ("magazine.Pourtant") and abbreviations ("M. Poutine")."""
    inside = [(s.start - base, s.end - base) for s in spans]
    cuts: list[int] = []
    k = 0
    for m in _SENT_PUNCT_RE.finditer(para):
        p = m.start()
        while k < len(inside) and inside[k][1] <= p:
            k += 1
        in_span = k < len(inside) and inside[k][0] <= p < inside[k][1]
        end = m.end()
        if in_span:
            span_end = inside[k][1]
            if span_end - m.end() > 4 or para[m.end():span_end].strip(SPACES + "»”\"›") \
                    or span_end >= len(para):
                continue
            end = span_end
        rest = para[end:end + 3].lstrip(SPACES)
        if not rest:
            continue
        nxt = rest[0]
        if not (nxt.isupper() or nxt in "«“\"-–—"):
            continue
        if para[p] == "." and _abbreviation_before(para, p):
            continue
        if para[p] == "." and end == m.end() and not para[end:end + 1].isspace() \
                and para[p - 1:p].isdigit():
            continue
        cuts.append(end)
    out: list[tuple[int, int]] = []
    a = 0
    for c in cuts:
        if c > a:
            out.append((a + base, c + base))
            a = c
    if a < len(para):
        out.append((a + base, len(para) + base))
    return out


def _abbreviation_before(para: str, p: int) -> bool:
    """True when the period at p ends "M", "Mme", a single capital initial ("J. K.")."""
    m = re.search(r"(\w+)$", para[max(0, p - 8):p])
    if not m:
        return False
    w = m.group(1)
    return w.lower() in _ABBREV or (len(w) == 1 and w.isupper())
