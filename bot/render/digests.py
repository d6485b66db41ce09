"""The digest of new articles, rendered: as a Slack message (Block Kit) and as terminal text — pure functions.

`render_digest(digest, lang)` → `DigestPart(message, article_ids)`: one message, never more (the
poster sends one message per window). Every article it carries appears with its own title,
outlet and date, linked: the biggest stories in full (title, lead, key quote, then the list of
their articles), the others as lines. What does not fit Block Kit's limits (50 blocks, ~12k
characters of blocks) is not in the message and not in `article_ids`: it waits for the next
digest, and the message says how many wait. `render_backlog(backlog, lang)` is the one message
that stands for a backlog too big to announce article by article.

Untrusted text (titles, leads, quotes, outlet names) reaches mrkdwn only through
`bot.render.mrkdwn` (only http(s) URLs become links); every message has a `text` fallback for
notifications. `render_digest_text` is `newsbot digest --dry-run`. The words are `bot.i18n`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.i18n import BASE_LANG, quoted, t
from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_HEADER_CHARS,
    MAX_MESSAGE_BLOCK_CHARS,
    MAX_SECTION_CHARS,
    DIVIDER,
    Message,
    blocks_size,
    context,
    header,
    section,
)
from bot.render.mrkdwn import cut_words, escape, escape_cut, link, one_line
from index.digest.digests import Backlog, Digest, DigestStory, StoryArticle

TITLE_CHARS = 200
LINE_TITLE_CHARS = 120  # a title in an article line
LEAD_CHARS = 400
QUOTE_CHARS = 400
SPEAKER_CHARS = 100
OUTLET_CHARS = 60
FALLBACK_CHARS = 3000
BACKLOG_STORIES = 5
WHY_CHARS = 1500  # a context element's text stays well under 3,000


@dataclass(frozen=True)
class DigestPart:
    """The Slack message of a digest and the ids of the articles it carries."""

    message: Message
    article_ids: list[str] = field(default_factory=list)


def headline(digest: Digest, lang: str = BASE_LANG) -> str:
    """ "3 nouveaux articles · 2 sujets" """
    return counts(digest.article_count, len(digest.stories), lang)


def counts(articles: int, stories: int, lang: str = BASE_LANG) -> str:
    """ "2 974 nouveaux articles · 2 791 sujets" """
    left = t("digest_article", lang) if articles == 1 else t("digest_articles", lang, n=articles)
    right = t("digest_story", lang) if stories == 1 else t("digest_stories", lang, n=stories)
    return f"{left} · {right}"


# ---------------------------------------------------------------------------- one article, one story


def outlet_and_date(article: StoryArticle, lang: str) -> str:
    """ "La Dépêche · 2023-03-26", saying what is unknown rather than leaving it out (mrkdwn)."""
    outlet = escape_cut(article.outlet, OUTLET_CHARS) if article.outlet else t("unknown_outlet", lang)
    date = escape(article.published[:10]) if article.published else t("unknown_date", lang)
    return f"{outlet} · {date}"


def article_line(article: StoryArticle, lang: str, limit: int = LINE_TITLE_CHARS) -> str:
    """ "<url|Title> · Outlet · date" (mrkdwn): one article, linked when it has an http(s) link."""
    return f"{link(article.url, cut_words(one_line(article.title), limit))} · {outlet_and_date(article, lang)}"


def quote_line(story: DigestStory, lang: str = BASE_LANG) -> str | None:
    """> « quote » — Speaker (the speaker only when known)."""
    if not story.quote:
        return None
    line = "> " + quoted(escape_cut(story.quote.text, QUOTE_CHARS), lang)
    if story.quote.speaker:
        line += f" — {escape_cut(story.quote.speaker, SPEAKER_CHARS)}"
    return line


def story_text(story: DigestStory, lang: str = BASE_LANG, linked: bool = True) -> str:
    """The section of one story: linked title in bold, lead, key quote."""
    title = cut_words(one_line(story.title), TITLE_CHARS)
    lines = [f"*{link(story.url, title) if linked else escape(title)}*"]
    if story.lead:
        lines.append(escape_cut(story.lead, LEAD_CHARS))
    quote = quote_line(story, lang)
    if quote:
        lines.append(quote)
    text = "\n".join(lines)
    if len(text) > MAX_SECTION_CHARS and linked:  # only a huge URL can do that: drop the link
        return story_text(story, lang, linked=False)
    return text


def _sections(lines: Sequence[str]) -> list[dict[str, Any]]:
    """Lines in as few sections as Slack's 3,000 characters allow."""
    blocks: list[dict[str, Any]] = []
    current: list[str] = []
    for line in lines:
        if current and len("\n".join(current + [line])) > MAX_SECTION_CHARS:
            blocks.append(section("\n".join(current)))
            current = []
        current.append(line[:MAX_SECTION_CHARS])
    if current:
        blocks.append(section("\n".join(current)))
    return blocks


def why(story: DigestStory, reasons: Mapping[str, str] | None, lang: str) -> str | None:
    """ "Pourquoi : cite Emmanuel Macron · retraites · pénibilité" (mrkdwn, given escaped) — why an
    alert digest carries this story; None in the main digest."""
    if not reasons:
        return None
    found = list(dict.fromkeys(reasons[i] for i in story.article_ids if i in reasons))
    return t("alerts_why", lang, reasons=" · ".join(found))[:WHY_CHARS] if found else None


def story_blocks(story: DigestStory, lang: str, reasons: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """One story in full: title, lead and quote; then every article (title · outlet · date, linked),
    or for a story of one article, its outlet and date; in an alert digest, why it is there."""
    reason = why(story, reasons, lang)
    tail = [context(reason)] if reason else []
    if len(story.articles) <= 1:
        article = story.articles[0] if story.articles else StoryArticle(None, story.title, None, story.url, None)
        return [section(story_text(story, lang)), context(outlet_and_date(article, lang)), *tail]
    lines = ["• " + article_line(a, lang) for a in story.articles]
    summary = [t("story_articles", lang, n=len(story.articles))]
    if story.sources > 1:
        summary.append(t("digest_sources", lang, n=story.sources))
    return [section(story_text(story, lang)), *_sections(lines), context(" · ".join(summary)), *tail]


def story_lines(story: DigestStory, lang: str, reasons: Mapping[str, str] | None = None) -> list[str]:
    """One story as lines: its lead article in bold, then its other articles (mrkdwn); in an alert
    digest, why it is there."""
    articles = story.articles or [StoryArticle(None, story.title, None, story.url, None)]
    first, others = articles[0], articles[1:]
    lines = [f"• *{link(first.url, cut_words(one_line(first.title), LINE_TITLE_CHARS))}* · {outlet_and_date(first, lang)}"]
    lines += ["      ◦ " + article_line(a, lang) for a in others]
    reason = why(story, reasons, lang)
    if reason:
        lines.append(f"      _{reason}_")
    return lines


# ---------------------------------------------------------------------------- the message


def _fits(blocks: Sequence[dict[str, Any]]) -> bool:
    return len(blocks) <= MAX_BLOCKS and blocks_size(blocks) <= MAX_MESSAGE_BLOCK_CHARS


def _fallback(head: str, stories: Sequence[DigestStory]) -> str:
    titles = " ; ".join(escape_cut(s.title, 120) for s in stories)
    return cut_words(f"{escape(head)} : {titles}" if titles else escape(head), FALLBACK_CHARS)


def _layout(stories: Sequence[DigestStory], full: int, lang: str, later: int,
            reasons: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The blocks: a header, the first `full` stories in full, the rest as lines, what waits."""
    articles = sum(len(s.articles) or 1 for s in stories)
    blocks: list[dict[str, Any]] = [header(cut_words(counts(articles, len(stories), lang), MAX_HEADER_CHARS),
                                           emoji=False)]
    for number, story in enumerate(stories[:full]):
        if number:
            blocks.append(dict(DIVIDER))
        blocks.extend(story_blocks(story, lang, reasons))
    rest = [line for story in stories[full:] for line in story_lines(story, lang, reasons)]
    if rest:
        if full:
            blocks.append(dict(DIVIDER))
        blocks.extend(_sections(rest))
    if later:
        blocks.append(context(t("digest_later_one", lang) if later == 1 else t("digest_later", lang, n=later)))
    return blocks


def _shown(stories: Sequence[DigestStory], lang: str, later: int,
           reasons: Mapping[str, str] | None = None) -> tuple[list[DigestStory], int]:
    """The stories whose articles fit as lines (a story's articles cut when even one does not fit
    alone), and how many articles wait."""
    shown: list[DigestStory] = []
    for story in stories:
        if _fits(_layout(shown + [story], 0, lang, later + 1, reasons)):
            shown.append(story)
            continue
        if not shown:  # a story too big for a message alone: its first articles now, the rest later
            for keep in range(len(story.articles) - 1, 0, -1):
                part = _part_of(story, keep)
                if _fits(_layout([part], 0, lang, later + 1, reasons)):
                    shown.append(part)
                    break
        break
    waiting = sum(len(s.articles) or 1 for s in stories) - sum(len(s.articles) or 1 for s in shown)
    return shown, waiting


def _part_of(story: DigestStory, keep: int) -> DigestStory:
    kept = story.articles[:keep]
    ids = {a.id for a in kept}
    return DigestStory(title=story.title, url=story.url, lead=story.lead, published=story.published,
                       outlets=story.outlets, quote=story.quote,
                       article_ids=[i for i in story.article_ids if i in ids], articles=kept)


def render_digest(digest: Digest, lang: str = BASE_LANG, reasons: Mapping[str, str] | None = None) -> DigestPart:
    """The digest as one Slack message within Block Kit's limits (see the module docstring).

    `reasons` (article id → why, mrkdwn): an alert digest of a desk or a journalist, each story
    saying why it is there."""
    shown, waiting = _shown(digest.stories, lang, 0, reasons)
    full = 0
    while full < len(shown) and _fits(_layout(shown, full + 1, lang, waiting, reasons)):
        full += 1  # the biggest stories in full, as long as everything still fits
    blocks = _layout(shown, full, lang, waiting, reasons)
    head = counts(sum(len(s.articles) or 1 for s in shown), len(shown), lang)
    return DigestPart(Message(text=_fallback(head, shown), blocks=blocks),
                      [i for s in shown for i in s.article_ids])


def render_backlog(backlog: Backlog, lang: str = BASE_LANG) -> Message:
    """The one message standing for a backlog: counts, the stories carried by most articles, and
    how to see the whole list."""
    head = counts(backlog.article_count, backlog.story_count, lang)
    lines = []
    for story in backlog.top[:BACKLOG_STORIES]:
        title = cut_words(one_line(story.title), LINE_TITLE_CHARS)
        size = [t("story_articles", lang, n=len(story.articles))] if len(story.articles) > 1 else []
        if story.sources > 1:
            size.append(t("digest_sources", lang, n=story.sources))
        lines.append(f"• *{link(story.url, title)}*" + (f" — {' · '.join(size)}" if size else ""))
    blocks = [header(cut_words(head, MAX_HEADER_CHARS), emoji=False),
              section("\n".join([t("backlog_intro", lang), *lines])[:MAX_SECTION_CHARS]),
              context(t("backlog_howto", lang))]
    return Message(text=_fallback(head, backlog.top[:BACKLOG_STORIES]), blocks=blocks)


# ---------------------------------------------------------------------------- terminal


def _text_article(article: StoryArticle, lang: str) -> str:
    parts = [article.title, article.outlet or t("unknown_outlet", lang),
             article.published[:10] if article.published else t("unknown_date", lang)]
    return " · ".join(parts) + (f"\n      {article.url}" if article.url else "")


def render_digest_text(digest: Digest, lang: str = BASE_LANG, held: Digest | None = None,
                       backlog_limit: int | None = None) -> str:
    """The digest for a terminal (`newsbot digest --dry-run`): plain text, no mrkdwn, every article.

    `held` are the articles a backlog summary stood for (waiting for `--discard`);
    `backlog_limit` (NEWSBOT_MAX_DIGEST_ARTICLES) says when the next message will be a summary.
    """
    lines: list[str] = []
    if not digest.stories:
        lines.append(t("digest_empty", lang))
    else:
        lines.append(headline(digest, lang))
        if backlog_limit is not None and digest.article_count > backlog_limit:
            lines.append(t("backlog_next", lang, limit=backlog_limit))
        lines += _text_stories(digest, lang)
    if held and held.stories:
        lines += ["", t("backlog_held", lang, n=held.article_count), *_text_stories(held, lang)]
    return "\n".join(lines)


def _text_stories(digest: Digest, lang: str) -> list[str]:
    lines: list[str] = []
    for number, story in enumerate(digest.stories, start=1):
        lines.append("")
        lines.append(f"{number}. {story.title}")
        if story.lead:
            lines.append(f"   {story.lead}")
        if story.quote:
            who = f" — {story.quote.speaker}" if story.quote.speaker else ""
            lines.append(f"   {quoted(story.quote.text, lang)}{who}")
        for article in story.articles:
            lines.append(f"   - {_text_article(article, lang)}")
        if story.sources > 1:
            lines.append(f"   {t('digest_sources', lang, n=story.sources)}")
    return lines
