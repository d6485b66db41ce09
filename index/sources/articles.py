"""Raw input to Articles, for every source: bytes decoded as French newsrooms write them, text
cleaned, (text, is_heading) blocks composed into an Article with a title; and `Read`, the outcome
of reading one article (the article, or the reason it could not be read).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from index.store.errors import ReadError
from index.store.models import Article
from index.text.passages import PARAGRAPH_SEPARATOR
from index.text.sentences import sentence_spans

# The library's default for the largest article; the bot's NEWSBOT_MAX_ARTICLE_BYTES defaults to it
# (bot/settings.py) and is passed down to every reader.
DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # no real article comes near; a bigger file is a mistake
LIMIT_SETTING = "NEWSBOT_MAX_ARTICLE_BYTES"  # named in refusals, so that an admin knows what to change
MAX_HEADING_CHARS = 100
MAX_TITLE_CHARS = 140
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF file: export the article as text, Markdown, JSON or HTML",
    b"PK\x03\x04": "a ZIP or Word/OpenDocument file: export the article as text or HTML",
    b"\x89PNG": "an image (PNG), not an article",
    b"\xff\xd8\xff": "an image (JPEG), not an article",
    b"GIF8": "an image (GIF), not an article",
    b"\x1f\x8b": "a gzip archive that is not a .gz of an article file",
}
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A lone UTF-16 surrogate ("\ud800" escaped in JSON) is no character: it cannot be stored as UTF-8.
_SURROGATES_RE = re.compile(r"[\ud800-\udfff]")
SENTENCE_END = tuple(".!?…:;,»”\")")


@dataclass
class Read:
    """The outcome of reading one article: the article, or the reason it could not be read."""

    origin: str  # "path", "path:LINE" for a JSON record, or a URL
    article: Article | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def size_text(n: float, decimals: int = 0) -> str:
    """A size for messages: "5 MB" (or "5.2 MB" with `decimals=1`), or "1,000 bytes" under a megabyte."""
    return f"{n / 1e6:.{decimals}f} MB" if n >= 1e6 else f"{int(n):,} bytes"


# ---------------------------------------------------------------------------- bytes to text


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode a file's bytes as French newsrooms produce them, and say what was repaired.

    UTF-8 (with or without BOM) and UTF-16 with BOM first; bytes that are mostly valid UTF-8 but
    damaged are decoded with U+FFFD replacements (and a warning); anything else is cp1252, the
    Windows encoding that old French exports use (a superset of latin-1 for printable text).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    multibyte = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]{1,3}", data))
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    if multibyte > damaged:
        return text, [f"{damaged} undecodable byte(s) replaced by �"]
    try:
        return data.decode("cp1252"), []
    except UnicodeDecodeError:
        return data.decode("latin-1"), []


def clean_text(text: str) -> str:
    """NFC, Unix line ends, no control characters, lone surrogates replaced by U+FFFD (as
    undecodable bytes are); NBSP and typographic marks are kept verbatim."""
    text = _SURROGATES_RE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _CONTROL_CHARS_RE.sub("", text)


def sniff_binary(data: bytes) -> str | None:
    """Why `data` is not text (a PDF, an image, NUL bytes…), or None when it looks like text."""
    for signature, reason in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return reason
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "a binary file (it contains NUL bytes), not text"
    return None


# ---------------------------------------------------------------------------- paragraphs, titles


def is_heading(line: str) -> bool:
    """A section title line: short, no sentence punctuation at its end, not a quotation."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= MAX_HEADING_CHARS
        and len(stripped.split()) <= 12
        and not stripped.endswith(SENTENCE_END)
        and not stripped.startswith(("«", "“", '"', "-", "–", "—", "•"))
        and stripped[0].isupper()
    )


def derive_title(paragraph: str) -> str:
    """A title for an article that has none: its first sentence, cut on a word with "…"."""
    spans = sentence_spans(paragraph)
    first = paragraph[spans[0][0] : spans[0][1]].strip() if spans else paragraph.strip()
    if len(first) <= MAX_TITLE_CHARS:
        return first
    cut = first[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def compose(title: str | None, blocks: Iterable[tuple[str, bool]], **meta: Any) -> Article:
    """An Article from (text, is_heading) blocks: canonical text, headings, and a title.

    A heading that opens the text and repeats the title is dropped. With no title, the first
    paragraph's first sentence becomes the title. Every block is cleaned (`clean_text`: NFC
    above all), whatever reader made it: HTML and feeds too. Linear in the number of blocks
    (a .txt of 100,000 short lines is 50,000 headings).
    """
    title = clean_text(title) if title else title
    meta = {key: clean_text(value) if isinstance(value, str) else value for key, value in meta.items()}
    paragraphs: list[str] = []
    headings: list[str] = []
    for text, is_heading in blocks:
        text = " ".join(clean_text(text).split("\n")).strip()
        if not text:
            continue
        if is_heading and not paragraphs and (title is None or text == title.strip()):
            title = title or text
            continue
        paragraphs.append(text)
        if is_heading:
            headings.append(text)
    heading_set = set(headings)
    body = next((p for p in paragraphs if p not in heading_set), None)
    if body is None:
        raise ReadError("no article text found (only headings, or nothing at all)")
    if not title:
        title = derive_title(body)
    # Trailing headings label nothing: they are kept in the text as paragraphs of their own.
    while headings and paragraphs[-1] == headings[-1]:
        headings.pop()
    return Article(title=title.strip(), text=PARAGRAPH_SEPARATOR.join(paragraphs), headings=headings, **meta)


