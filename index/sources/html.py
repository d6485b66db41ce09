"""HTML pages: main text, section headings and metadata, extracted with trafilatura.

Only what the page states is kept: no outlet, date or author is guessed from elsewhere, so
unknown stays None (htmldate's extensive search, which guesses dates from page text, is off).
The page's URL is its declared canonical URL (`<link rel="canonical">`, else `og:url`), else
the address it was fetched from, made canonical by `index.sources.urls` — not trafilatura's,
which drops query parameters without a value and so gives every SPIP article
(`spip.php?article101`) the same URL, hence the same id.
"""

from __future__ import annotations

from urllib.parse import urljoin

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from index.store.errors import ReadError
from index.store.models import Article
from index.sources.articles import compose, decode, sniff_binary
from index.sources.urls import canonical_url

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
        tree = load_html(html)
        canonical = page_url(tree, url) if tree is not None else None  # before extraction prunes the tree
        document = None if tree is None else trafilatura.bare_extraction(
            tree,
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
        url=canonical,
        source=document.sitename or None,
        published=document.date or None,
        author=document.author or None,
    )


def page_url(tree: etree._Element, url: str | None) -> str | None:
    """The canonical URL of a page: the one it declares (relative to `url`), else `url`; None
    when neither is an http(s) link."""
    declared = None
    for link in tree.iterfind(".//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split():
            declared = link.get("href")
            break
    if not declared:
        meta = next((m for m in tree.iterfind(".//meta[@property][@content]") if m.get("property") == "og:url"), None)
        declared = meta.get("content") if meta is not None else None
    for candidate in (urljoin(url or "", declared.strip()) if declared else None, url):
        if candidate and candidate.lower().startswith(("http://", "https://")):
            try:
                return canonical_url(candidate)
            except ReadError:
                continue
    return None


def page_article(body: bytes, url: str, what: str = "this") -> tuple[Article, list[str]]:
    """The article of a fetched page (main text extracted) and the decoding's warnings; ReadError
    for a binary file ("{what} is a PDF document")."""
    binary = sniff_binary(body)
    if binary:
        raise ReadError(f"{what} is {binary}")
    text, warnings = decode(body)
    return read_html(text, url=url), warnings
