"""The digest of new articles, rendered: as Slack messages (Block Kit) and as terminal text — pure functions.

`render_digest(digest, lang)` → `[DigestPart(message, article_ids), …]`: one message when the
digest fits, several when it does not (50 blocks, 3,000-character sections, ~12k characters of
blocks per message); each part lists the articles it carries, so that the poster marks exactly
those as posted once Slack has accepted it.

Untrusted text (titles, leads, quotes, outlet names) reaches mrkdwn only through
`bot.render.mrkdwn` (only http(s) URLs become links); every message has a `text` fallback for
notifications. `render_digest_text` is `newsbot digest --dry-run`. The words are `bot.i18n`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.i18n import BASE_LANG, t
from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_HEADER_CHARS,
    MAX_MESSAGE_BLOCK_CHARS,
    MAX_SECTION_CHARS,
    Message,
    blocks_size,
    context,
    header,
    section,
    with_dividers,
)
from bot.render.mrkdwn import cut_words, escape, escape_cut, link, one_line
from index.digest.digests import Digest, DigestStory, Outlet

TITLE_CHARS = 200
LEAD_CHARS = 400
QUOTE_CHARS = 400
SPEAKER_CHARS = 100
OUTLET_CHARS = 60
OUTLETS_SHOWN = 6
FALLBACK_CHARS = 3000
MAX_STORIES_PER_MESSAGE = 15  # 1 header + 15 × (section, context, divider) < 50 blocks

def _number(n: int, lang: str) -> str:
    """1 234 (narrow no-break space) in French, 1,234 in English."""
    return f"{n:,}".replace(",", "\u202f" if lang != "en" else ",")


@dataclass(frozen=True)
class DigestPart:
    """One Slack message of a digest and the ids of the articles it carries."""

    message: Message
    article_ids: list[str] = field(default_factory=list)


def headline(digest: Digest, lang: str = BASE_LANG) -> str:
    """ "3 nouveaux articles · 2 sujets" """
    articles, stories = digest.article_count, len(digest.stories)
    left = t("digest_article", lang) if articles == 1 else t("digest_articles", lang, n=_number(articles, lang))
    right = t("digest_story", lang) if stories == 1 else t("digest_stories", lang, n=_number(stories, lang))
    return f"{left} · {right}"


# ---------------------------------------------------------------------------- one story


def _outlet(outlet: Outlet) -> str | None:
    if not outlet.name:
        return None
    return link(outlet.url, cut_words(one_line(outlet.name), OUTLET_CHARS))


def context_line(story: DigestStory, lang: str) -> str:
    """Outlets (each linked to its article) · "2 sources" · date, as mrkdwn."""
    names = [n for n in (_outlet(o) for o in story.outlets) if n]
    tail = [t("digest_sources", lang, n=story.sources) if story.sources > 1 else None,
            escape(story.published[:10]) if story.published else None]
    count = min(len(names), OUTLETS_SHOWN)
    while True:  # fewer outlets when long links would overflow the element
        shown = ", ".join(names[:count])
        if len(names) > count:
            shown += " " + t("digest_more_outlets", lang, n=len(names) - count)
        line = " · ".join(p for p in [shown or None, *tail] if p) or "—"
        if len(line) <= MAX_SECTION_CHARS or count == 0:
            return line
        count -= 1


def quote_line(story: DigestStory) -> str | None:
    """> « quote » — Speaker (the speaker only when known)."""
    if not story.quote:
        return None
    line = f"> « {escape_cut(story.quote.text, QUOTE_CHARS)} »"
    if story.quote.speaker:
        line += f" — {escape_cut(story.quote.speaker, SPEAKER_CHARS)}"
    return line


def story_text(story: DigestStory, linked: bool = True) -> str:
    """The section of one story: linked title in bold, lead, key quote."""
    title = cut_words(story.title, TITLE_CHARS)
    lines = [f"*{link(story.url, title) if linked else escape(title)}*"]
    if story.lead:
        lines.append(escape_cut(story.lead, LEAD_CHARS))
    quote = quote_line(story)
    if quote:
        lines.append(quote)
    text = "\n".join(lines)
    if len(text) > MAX_SECTION_CHARS and linked:  # only a huge URL can do that: drop the link
        return story_text(story, linked=False)
    return text


def story_blocks(story: DigestStory, lang: str) -> list[dict[str, Any]]:
    """One story: a section (title, lead, quote) and a context (outlets, sources, date)."""
    return [section(story_text(story)), context(context_line(story, lang))]


# ---------------------------------------------------------------------------- messages


def _fallback(head: str, stories: Sequence[DigestStory]) -> str:
    titles = " ; ".join(escape_cut(s.title, 120) for s in stories)
    return cut_words(f"{escape(head)} : {titles}" if titles else escape(head), FALLBACK_CHARS)


def _assemble(head: str, groups: Sequence[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [header(cut_words(head, MAX_HEADER_CHARS), emoji=False), *with_dividers(groups)]


def _fits(blocks: list[dict[str, Any]]) -> bool:
    # A margin of 40 characters for the "suite 2/3" added to headers once the parts are known.
    return len(blocks) <= MAX_BLOCKS and blocks_size(blocks) + 40 <= MAX_MESSAGE_BLOCK_CHARS


def render_digest(digest: Digest, lang: str = BASE_LANG) -> list[DigestPart]:
    """The digest as one or more Slack messages, each within Block Kit's limits."""
    head = headline(digest, lang)
    batches: list[list[DigestStory]] = []
    current: list[DigestStory] = []
    for story in digest.stories:
        candidate = current + [story]
        if current and (len(candidate) > MAX_STORIES_PER_MESSAGE
                        or not _fits(_assemble(head, [story_blocks(s, lang) for s in candidate]))):
            batches.append(current)
            candidate = [story]
        current = candidate
    if current:
        batches.append(current)
    parts = []
    for number, batch in enumerate(batches, start=1):
        title = head if len(batches) == 1 else f"{head} ({t('digest_part', lang, part=number, parts=len(batches))})"
        blocks = _assemble(title, [story_blocks(s, lang) for s in batch])
        ids = [i for s in batch for i in s.article_ids]
        parts.append(DigestPart(Message(text=_fallback(title, batch), blocks=blocks), ids))
    return parts


# ---------------------------------------------------------------------------- terminal


def render_digest_text(digest: Digest, lang: str = BASE_LANG) -> str:
    """The digest for a terminal (`newsbot digest --dry-run`): plain text, no mrkdwn."""
    if not digest.stories:
        return t("digest_empty", lang)
    lines = [headline(digest, lang)]
    for number, story in enumerate(digest.stories, start=1):
        lines.append("")
        lines.append(f"{number}. {story.title}")
        if story.url:
            lines.append(f"   {story.url}")
        if story.lead:
            lines.append(f"   {story.lead}")
        if story.quote:
            who = f" — {story.quote.speaker}" if story.quote.speaker else ""
            lines.append(f"   « {story.quote.text} »{who}")
        meta = [", ".join(o.name for o in story.outlets if o.name) or None,
                t("digest_sources", lang, n=story.sources) if story.sources > 1 else None,
                story.published[:10] if story.published else None]
        lines.append("   " + " · ".join(m for m in meta if m) if any(meta) else "   —")
    return "\n".join(lines)
