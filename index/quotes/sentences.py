"""The sentences of an article as the quotation reader sees them: tokens, the quotation spans
opening in each, the paragraph, whether it is a section heading.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from index.quotes.marks import Span
from index.quotes.tokens import Tok
from index.text.sentences import sentence_spans


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
    """Sentence spans of a paragraph (offsets shifted by `base`): the text's one splitter, never
    cutting inside a quotation span."""
    protected = [(s.start - base, s.end - base) for s in spans]
    return [(a + base, b + base) for a, b in sentence_spans(para, protected)]
