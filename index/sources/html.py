"""HTML pages: main text, section headings and metadata, extracted with trafilatura.

Only what the page states is kept: no outlet, date or author is guessed from elsewhere, so
unknown stays None (htmldate's extensive search, which guesses dates from page text, is off).
"""

from __future__ import annotations

import trafilatura
from lxml import etree

from index.store.errors import ReadError
from index.store.models import Article
from index.sources.articles import compose

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _blocks(body: etree._Element) -> list[tuple[str, bool]]:
    """(text, is_heading) of each paragraph-level element of trafilatura's output tree."""
    blocks: list[tuple[str, bool]] = []
    for element in body:
        if element.tag == "list":
            blocks.extend((" ".join("".join(item.itertext()).split()), False) for item in element)
            continue
        text = " ".join("".join(element.itertext()).split())
        blocks.append((text, element.tag == "head"))
    return blocks


def read_html(html: str, url: str | None = None) -> Article:
    """The article of an HTML page, or ReadError when the page has no article body."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, etree.LxmlError) as exc:  # malformed beyond what lxml repairs
        raise ReadError(f"the page could not be parsed ({exc})") from None
    if document is None or document.body is None or not (document.text or "").strip():
        raise ReadError("no article text found in the page (is it an index page, or empty?)")
    blocks = _blocks(document.body)
    title = (document.title or "").strip() or None
    return compose(
        title,
        blocks,
        url=document.url or url,
        source=document.sitename or None,
        published=document.date or None,
        author=document.author or None,
    )
