"""Passages: what search retrieves and shows — paragraphs, long ones windowed by sentences.

Every passage is a verbatim slice of the article's canonical text (paragraphs separated by a
blank line), so `article.text[p.start:p.end] == p.text` always holds.
"""

from __future__ import annotations

from collections.abc import Iterator

from index.store.models import Article, Passage
from index.text.sentences import sentence_spans

PARAGRAPH_SEPARATOR = "\n\n"
MAX_PASSAGE_WORDS = 120  # a paragraph longer than this is cut into windows of sentences
WINDOW_WORDS = 90  # target size of those windows

def _word_count(text: str) -> int:
    return len(text.split())


def _windows(paragraph: str) -> list[tuple[int, int]]:
    """Cut a long paragraph into runs of whole sentences of about WINDOW_WORDS words each."""
    windows: list[tuple[int, int]] = []
    start = end = 0
    words = 0
    for s_start, s_end in sentence_spans(paragraph):
        n = _word_count(paragraph[s_start:s_end])
        if words and words + n > WINDOW_WORDS:
            windows.append((start, end))
            start, words = s_start, 0
        end = s_end
        words += n
    if end > start:
        windows.append((start, end))
    return windows


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty paragraph of a canonical text."""
    start = 0
    for part in text.split(PARAGRAPH_SEPARATOR):
        end = start + len(part)
        if part.strip():
            yield start, end
        start = end + len(PARAGRAPH_SEPARATOR)


def split_passages(article: Article) -> list[Passage]:
    """The passages of an article, in reading order, with paragraph numbers and section headings.

    Headings are not passages; they label the paragraphs that follow them. A paragraph longer
    than MAX_PASSAGE_WORDS becomes several passages with the same paragraph number.
    """
    headings = set(article.headings)
    passages: list[Passage] = []
    heading: str | None = None
    ordinal = 0
    for p_start, p_end in paragraph_spans(article.text):
        paragraph = article.text[p_start:p_end]
        if paragraph in headings:
            heading = paragraph
            continue
        ordinal += 1
        if _word_count(paragraph) <= MAX_PASSAGE_WORDS:
            spans = [(0, len(paragraph))]
        else:
            spans = _windows(paragraph)
        for window, (w_start, w_end) in enumerate(spans, start=1 if len(spans) > 1 else 0):
            text = paragraph[w_start:w_end].rstrip()
            lead = len(text) - len(text.lstrip())
            start = p_start + w_start + lead
            passages.append(
                Passage(
                    text=text.strip(),
                    ordinal=ordinal,
                    start=start,
                    end=start + len(text.strip()),
                    heading=heading,
                    window=window,
                )
            )
    return passages
