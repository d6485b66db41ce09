"""The digest of new articles: stories with their title, lead, key quote, and every article.

Pure functions (no I/O): `compose_digest(stories)` turns the stories of
`index.digest.stories.group_stories` into a `Digest` that renderers (Block Kit in `bot.render.digests`,
text for `newsbot digest --dry-run`) show as they like. A story names every article it holds
(`DigestStory.articles`: title, outlet, date, link), so that grouping never hides one.
`backlog_of(digest)` is what a backlog summary says instead of a flood: counts and the stories
carried by most articles.

The key quote comes from `quotes` when the caller has the article's stored quotations (with
their speakers, from `index.quotes`); otherwise from `first_quote`, a stand-in that takes the
first quotation in « » or “ ” of a few words and never names a speaker it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from index.store.models import Article, Quote
from index.text.passages import paragraph_spans
from index.text.sentences import sentence_spans
from index.digest.stories import Story

LEAD_CHARS = 320  # one or two sentences
LEAD_SENTENCES = 2
QUOTE_MIN_WORDS = 5  # « tactiques » is a word in quotation marks, not a quote
QUOTE_MAX_CHARS = 400
ELLIPSIS = "…"

_QUOTE_RE = re.compile(r"«\s*([^«»]+?)\s*»|“([^“”]+?)”")
_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")


def _squash(text: str) -> str:
    """Runs of spaces and line breaks as one space; no-break spaces (« », « : ») kept as written."""
    return _SPACES_RE.sub(" ", text).strip()


@dataclass(frozen=True)
class Outlet:
    """Who published an article: the outlet's name (or the site's host) and the article's link."""

    name: str | None
    url: str | None


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story, as the digest lists it: its own title, outlet, date and link."""

    id: str | None
    title: str
    outlet: str | None
    url: str | None  # only http(s) links
    published: str | None  # as the source gave it (YYYY-MM-DD…), None when unknown


@dataclass
class DigestStory:
    """One story of a digest, as readers see it: its lead article's title, lead and key quote,
    and every article it holds (the lead article first)."""

    title: str
    url: str | None
    lead: str
    published: str | None  # the earliest publication date among its articles (YYYY-MM-DD…)
    outlets: list[Outlet]
    quote: Quote | None
    article_ids: list[str] = field(default_factory=list)
    articles: list[StoryArticle] = field(default_factory=list)

    @property
    def sources(self) -> int:
        """Distinct outlets carrying the story (each article of an unknown outlet counts as one)."""
        named = {o.name for o in self.outlets if o.name}
        return len(named) + sum(1 for o in self.outlets if not o.name)


@dataclass
class Digest:
    """New articles grouped into stories, biggest story first."""

    stories: list[DigestStory] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(len(s.article_ids) for s in self.stories)

    @property
    def article_ids(self) -> list[str]:
        return [i for s in self.stories for i in s.article_ids]


@dataclass
class Backlog:
    """Too many articles waiting to announce them one by one: how many, and the main stories."""

    article_count: int
    story_count: int
    top: list[DigestStory] = field(default_factory=list)  # the stories carried by most articles
    article_ids: list[str] = field(default_factory=list)  # every article the summary stands for


def backlog_of(digest: Digest, top: int = 5) -> Backlog:
    """The summary of a digest too big to post: counts and its `top` biggest stories (the digest's
    stories come biggest first, see `compose_digest`)."""
    return Backlog(digest.article_count, len(digest.stories), digest.stories[:top], digest.article_ids)


# ---------------------------------------------------------------------------- parts of a story


def outlet_of(article: Article) -> Outlet:
    """The article's outlet: its `source`, else the host of its URL ("www." dropped), else None."""
    name = (article.source or "").strip() or None
    if name is None and article.url:
        host = urlsplit(article.url).hostname or ""
        name = host.removeprefix("www.") or None
    return Outlet(name, article.url)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit - 1)
    return text[: space if space > limit // 2 else limit - 1].rstrip(" ,;:") + ELLIPSIS


def _same_start(sentence: str, title: str) -> bool:
    """True when a sentence is the title (a title derived from the first sentence, maybe cut)."""
    title = _squash(title).removesuffix(ELLIPSIS)
    return bool(title) and _squash(sentence).startswith(title)


def lead(article: Article, max_chars: int = LEAD_CHARS, max_sentences: int = LEAD_SENTENCES) -> str:
    """The first one or two sentences of the article's first paragraph (not a heading).

    A first sentence that is the title itself (plain-text articles take their title from it) is
    skipped. A first sentence too long is cut on a word with "…".
    """
    headings = set(article.headings)
    for start, end in paragraph_spans(article.text):
        paragraph = article.text[start:end]
        if paragraph in headings:
            continue
        sentences = [paragraph[s:e].strip() for s, e in sentence_spans(paragraph)]
        sentences = [s for s in sentences if s]
        if sentences and _same_start(sentences[0], article.title):
            sentences = sentences[1:]
        if not sentences:
            continue
        chosen = [sentences[0]]
        for sentence in sentences[1:max_sentences]:
            if len(" ".join(chosen + [sentence])) > max_chars:
                break
            chosen.append(sentence)
        return _cut(_squash(" ".join(chosen)), max_chars)
    return ""


def _in(text: str, lead: str) -> bool:
    """True when the quote is already shown by the lead."""
    return bool(lead) and _squash(text)[:60] in _squash(lead)


def first_quote(article: Article, lead: str = "") -> Quote | None:
    """The first quotation in « » or “ ” of at least QUOTE_MIN_WORDS words and not in the lead;
    speaker unknown (None)."""
    for match in _QUOTE_RE.finditer(article.text):
        group = 1 if match.group(1) is not None else 2
        inner = match.group(group)
        if len(inner.split()) >= QUOTE_MIN_WORDS and not _in(inner, lead):
            text = _cut(_squash(inner), QUOTE_MAX_CHARS)
            return Quote(text=text, speaker=None, start=match.start(group), end=match.end(group))
    return None


def key_quote(article: Article, stored: Sequence[Quote] | None = None, lead: str = "") -> Quote | None:
    """The quote to show (not one the lead already shows): the first stored direct quote with a
    speaker, else `first_quote` (speaker unknown)."""
    for quote in stored or ():
        if quote.speaker and quote.direct and len(quote.text.split()) >= QUOTE_MIN_WORDS and not _in(quote.text, lead):
            return Quote(text=_cut(_squash(quote.text), QUOTE_MAX_CHARS), speaker=quote.speaker,
                         start=quote.start, end=quote.end, mention=quote.mention, verb=quote.verb)
    return first_quote(article, lead)


def _is_link(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))


def story_article(article: Article) -> StoryArticle:
    """An article as a story lists it (the title on one line; a link only to http(s))."""
    return StoryArticle(id=article.id, title=_squash(article.title), outlet=outlet_of(article).name,
                        url=article.url if _is_link(article.url) else None,
                        published=(article.published or "").strip() or None)


def story_digest(story: Story, quotes: Mapping[str, Sequence[Quote]] | None = None,
                 pick_quote: Callable[[Article, Sequence[Quote] | None, str], Quote | None] = key_quote) -> DigestStory:
    """What the digest shows of one story, from its lead article (the first one with a link),
    and the list of all its articles, the lead article first."""
    articles = story.articles
    main = next((a for a in articles if _is_link(a.url)), articles[0])
    ordered = [main] + [a for a in articles if a is not main]
    outlets: list[Outlet] = []
    for article in articles:
        outlet = outlet_of(article)
        if outlet.name is None or outlet.name not in {o.name for o in outlets}:
            outlets.append(outlet)
    dates = sorted(a.published for a in articles if a.published)
    summary = lead(main)
    quote = None
    for article in ordered:  # the lead article's quote first
        quote = pick_quote(article, (quotes or {}).get(article.id or ""), summary)
        if quote:
            break
    return DigestStory(
        title=_squash(main.title),
        url=main.url if _is_link(main.url) else None,
        lead=summary,
        published=dates[0] if dates else None,
        outlets=outlets,
        quote=quote,
        article_ids=[a.id for a in ordered if a.id],
        articles=[story_article(a) for a in ordered],
    )


def compose_digest(stories: Sequence[Story], quotes: Mapping[str, Sequence[Quote]] | None = None) -> Digest:
    """The digest of these stories, the ones carried by most articles first (then in arrival order).

    `quotes` maps article ids to their stored quotations, when the caller has them.
    """
    ordered = sorted(range(len(stories)), key=lambda i: (-len(stories[i].articles), i))
    return Digest([story_digest(stories[i], quotes) for i in ordered if stories[i].articles])
