"""Quotation marks: the outermost quotation spans of a paragraph, found in one pass over its marks
(« », “ ”, ‹ ›, „, straight "), with inner quotes kept inside and unclosed marks bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "«“‹„"


CLOSERS = "»”›"


MARKS = OPENERS + CLOSERS + '"'


_FAMILY = {"«": "g", "»": "g", "‹": "s", "›": "s", "“": "c", "”": "c", "„": "c", '"': "d"}


_MARK_RE = re.compile(r'[«»“”‹›„"]')


SPACES = " \t\n\u00a0\u202f\u2009"


@dataclass
class Span:
    """A quotation between marks: [start, end) with the marks, [istart, iend) inside them."""

    start: int
    end: int
    istart: int
    iend: int
    closed: bool = True


def find_spans(para: str, base: int) -> list[Span]:
    """Outermost quotation spans of one paragraph, in one pass over its quotation marks.

    « and “ open, » and ” close the innermost open mark of their family (dropping unmatched
    inner openers); a straight " toggles; a » preceded by a space and followed by a letter while
    nothing is open is taken as a misprinted opener. A stray closer is ignored.
    """
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []
    for m in _MARK_RE.finditer(para):
        ch, i = m.group(), m.start()
        fam = _FAMILY[ch]
        if ch == '"':
            if stack and stack[-1][0] == "d":
                _close(stack, spans, len(stack) - 1, i, base, para)
            elif any(f == "d" for f, _ in stack) and _closer_like(para, i):
                _close(stack, spans, max(k for k, (f, _) in enumerate(stack) if f == "d"), i,
                       base, para)
            elif not stack and _closer_like(para, i):
                continue  # a stray closing quote: 'tués parce que juifs" a-t-il ajouté'
            else:
                stack.append((fam, i))
        elif ch in OPENERS:
            stack.append((fam, i))
        else:
            idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == fam), None)
            if idx is not None:
                _close(stack, spans, idx, i, base, para)
            elif not stack and _opener_like(para, i):
                stack.append((fam, i))
    if stack:
        spans.append(_unclosed(para, stack[0][1], base, spans))
    return spans


def _closer_like(para: str, i: int) -> bool:
    """A straight quote glued to the word before it and followed by space or punctuation."""
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return before not in SPACES and not after.isalnum()


def _opener_like(para: str, i: int) -> bool:
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return (before in SPACES or before in "_(") and after.isalpha()


def _close(stack: list[tuple[str, int]], spans: list[Span], idx: int, i: int, base: int,
           para: str) -> None:
    """Close the open mark at stack[idx] with the mark at i; keep the span if outermost."""
    _, start = stack[idx]
    del stack[idx:]
    if not stack:
        spans.append(_make_span(para, start, i + 1, base, closed=True))


def _make_span(para: str, start: int, end: int, base: int, closed: bool) -> Span:
    istart, iend = start + 1, end - 1 if closed else end
    while istart < iend and para[istart] in SPACES + "_":
        istart += 1
    while iend > istart and para[iend - 1] in SPACES + "_":
        iend -= 1
    return Span(start + base, end + base, istart + base, iend + base, closed)


def _unclosed(para: str, start: int, base: int, spans: list[Span]) -> Span:
    """An opening mark never closed: to the paragraph end when it opens the paragraph or follows
    a colon, else to the end of its sentence."""
    before = para[:start].rstrip(SPACES)
    if not before or before.endswith(":"):
        return _make_span(para, start, len(para), base, closed=False)
    m = re.compile(r"[.!?…](?=[\s\u00a0]+[A-ZÀ-Ý«“\"])").search(para, start + 1)
    end = m.end() if m else len(para)
    return _make_span(para, start, end, base, closed=False)
