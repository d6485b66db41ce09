"""The newsroom's objects: articles, their passages and quotes, and the answers to a question.

Plain dataclasses with no I/O, shared by every part of newsbot (readers, store, search, the bot). Field names follow the `newsbot ask --json` contract of the design document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Intent = Literal["who_said", "search"]
Notice = Literal["empty_question", "only_common_words", "empty_index", "no_match", "no_quote"]


@dataclass
class Article:
    """One news article as read from a file, a feed or the CMS, before indexing.

    `text` is the canonical text: paragraphs separated by one blank line. Passage offsets point
    into it. Section headings ("Réaction ukrainienne") are kept in `text` as their own paragraph
    and listed in `headings` so that they are not indexed as passages.
    """

    title: str
    text: str
    id: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as given; None when unknown
    author: str | None = None
    headings: list[str] = field(default_factory=list)
    origin: str | None = None  # where it was read from: a path or a URL, for messages


@dataclass
class Passage:
    """A retrievable piece of an article: a paragraph, or a window of sentences of a long one."""

    text: str
    ordinal: int  # paragraph number within the article, 1-based, headings not counted
    start: int  # character offsets of `text` in the article's canonical text
    end: int
    heading: str | None = None  # the section heading the paragraph sits under
    window: int = 0  # 0 for a whole paragraph; 1, 2, … for the windows of a long one


@dataclass
class Quote:
    """A quotation (direct or reported) found in an article, with who said it.

    `speaker` is the canonical name for the article ("Vladimir Poutine"); `mention` is how the text
    refers to the speaker where the quote stands ("le président russe", "il"). Offsets are in the
    article's canonical text.
    """

    text: str
    speaker: str | None
    start: int
    end: int
    mention: str | None = None
    verb: str | None = None
    direct: bool = True  # False for indirect speech ("X a affirmé que …")
    role: str | None = None  # the role the article gives the speaker, as written ("député de la Somme")


@dataclass
class ArticleRef:
    """What an answer shows of an article: its attribution and the paragraph the passage is from."""

    id: str
    title: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    paragraph: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "paragraph": self.paragraph,
        }


@dataclass
class Hit:
    """One answer to a question: a passage, its article and the other articles that carry it.

    `highlights` are (start, end) character spans of `passage` holding a matched question term,
    for renderers that show them in bold; `direct` is False when `quote` is reported speech
    ("X a affirmé que …"), which must not be shown inside guillemets. Neither is in the JSON
    contract.
    """

    passage: str
    score: float
    article: ArticleRef
    speaker: str | None = None
    quote: str | None = None
    also_in: list[ArticleRef] = field(default_factory=list)
    highlights: list[tuple[int, int]] = field(default_factory=list)
    passage_id: int | None = None
    direct: bool = True  # False: `quote` is reported speech, to show without guillemets
    speaker_role: str | None = None  # the role the article gives the speaker, as written

    def to_dict(self) -> dict[str, Any]:
        return {
            "passage": self.passage,
            "score": round(self.score, 4),
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "quote": self.quote,
            "article": self.article.to_dict(),
            "also_in": [ref.to_dict() for ref in self.also_in],
        }


@dataclass
class Answer:
    """The answer to one question: its intent and the best hits, best first.

    `notice` says why an answer is empty, as a code that renderers put in the reader's language:
    "empty_question", "only_common_words", "empty_index", "no_match"; "no_quote" when a who-said
    answer has passages but no quote that says what was asked (no speaker is named).
    """

    question: str
    intent: Intent
    hits: list[Hit] = field(default_factory=list)
    notice: Notice | None = None
    terms: list[str] = field(default_factory=list)  # the analyzed search terms, for display

    def to_dict(self) -> dict[str, Any]:
        """The `newsbot ask --json` contract: exactly question, intent and answers."""
        return {
            "question": self.question,
            "intent": self.intent,
            "answers": [hit.to_dict() for hit in self.hits],
        }
