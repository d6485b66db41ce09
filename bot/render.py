"""Block Kit rendering: the index's answers as Slack messages, as pure functions.

`render_answer(answer, lang)` → `Message(text, blocks)`: the passages with the matched words in
bold, who said it when the index knows, the source line (outlet · date · linked title · §n),
"also in" for other outlets, and the buttons (share, next results). No I/O here: tests check
the output.

Safety: article text, titles, speakers, quotes and the question are untrusted. They reach
mrkdwn only through `escape()` — the one place it is done — so `<!channel>` never pings and
`<https://evil|lien>` never becomes a disguised link; only http(s) URLs become links (`link()`).
Slack's limits (3,000-character sections, 50 blocks, 2,000-character button values, ~13k
characters of blocks) are enforced here, cutting long text on a word with "…".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from bot.i18n import t
from index.store.models import Answer, ArticleRef, Hit

# Slack's limits (https://docs.slack.dev/reference/block-kit/blocks)
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_VALUE_CHARS = 2000
MAX_BUTTON_TEXT_CHARS = 75
# chat.postMessage answers msg_blocks_too_long near 13k characters of blocks: keep a margin.
MAX_MESSAGE_BLOCK_CHARS = 12_000

# What newsbot shows
PAGE_SIZE = 3  # answers per message; "next results" shows the following ones
MAX_RESULTS = 30  # no "next results" past this many answers to one question
PASSAGE_CHARS = 1200
QUOTE_CHARS = 500
SPEAKER_CHARS = 100
TITLE_CHARS = 200
QUESTION_ECHO_CHARS = 300
ALSO_IN_SHOWN = 5
FALLBACK_CHARS = 3000
FALLBACK_PASSAGE_CHARS = 280
LEAD_CHARS = 150  # context kept before the first matched word when a passage is cut at its start

ACTION_SHARE = "share_answer"
ACTION_MORE = "more_results"
ACTION_IDS = (ACTION_SHARE, ACTION_MORE)

ELLIPSIS = "…"
_USER_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class Message:
    """A Slack message: Block Kit blocks and the plain `text` fallback (notifications, old clients)."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------- text safety


def escape(text: str) -> str:
    """Untrusted text made inert for mrkdwn: `&` first, then `<` and `>` (Slack's only three)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack's escaped text back to what the person typed (`&amp;` last, so `&amp;lt;` stays `&lt;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_SLACK_MARKUP_RE = re.compile(r"<([^<>]*)>")


def plain_question(text: str, bot_user_id: str | None = None) -> str:
    """The question in a Slack message or command: markup removed, entities unescaped.

    `<@BOT>` (the mention that summoned newsbot) and other pings are dropped; links keep their
    label (or the URL), channels their name.
    """

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            return "" if target[1:] == bot_user_id or not label else label
        if target.startswith("!"):
            return ""
        if target.startswith("#"):
            return label or ""
        return label or target

    return one_line(unescape(_SLACK_MARKUP_RE.sub(replace, text)))


def safe_url(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) URL, with characters that could break a link encoded."""
    if not url:
        return None
    # urlsplit() ignores leading control characters ("\x00https://…" parses as https): strip them
    # here too, and refuse any left inside — no real URL has one.
    url = url.strip("".join(map(chr, range(33))))
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # `|` ends a link's URL and `<` `>` end the link: percent-encode them and any space.
    safe = quote(url, safe="/:?#[]@!$&'()*+,;=%~-._")
    return safe if len(safe) <= 3000 else None


def link(url: str | None, label: str) -> str:
    """A mrkdwn link `<url|label>` when `url` is safe, else the escaped label alone."""
    target = safe_url(url)
    text = escape(label)
    return f"<{target}|{text}>" if target else text


_BREAKING_SPACE_RE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def one_line(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space; no-break spaces (« », 200 000) kept."""
    return _BREAKING_SPACE_RE.sub(" ", text).strip(" ")


def cut_words(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters on a word boundary, ending with "…" when cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    space = text.rfind(" ", 0, room + 1)
    cut = text[:space] if space > room // 2 else text[:room]  # one giant "word": cut it
    return cut.rstrip(" ,;:") + ELLIPSIS


def escape_cut(text: str, limit: int) -> str:
    """`text` escaped, cut on a word so that the escaped form fits in `limit` characters."""
    text = one_line(text)
    room = limit
    while True:
        escaped = escape(cut_words(text, room))
        if len(escaped) <= limit:
            return escaped
        room = max(0, room - (len(escaped) - limit) - 1)


def _button_value_length(value: str) -> int:
    # Slack counts UTF-16 code units; an emoji counts twice.
    return len(value.encode("utf-16-le")) // 2


def short_question(question: str, limit: int) -> str:
    """The question newsbot works with: one line, at most `limit` characters (NEWSBOT_MAX_QUESTION_CHARS),
    cut on a word."""
    return cut_words(one_line(question), limit)


# The notice of a cut question (NEWSBOT_MAX_QUESTION_CHARS). To move into bot.i18n.MESSAGES.
_QUESTION_CUT = {
    "fr": "Question trop longue : seuls ses {limit} premiers caractères ont été cherchés.",
    "en": "Question too long: only its first {limit} characters were searched.",
}


def question_cut_notice(limit: int, lang: str = "fr") -> str:
    """Says that the question was cut to `limit` characters (mrkdwn; nothing untrusted in it)."""
    return (_QUESTION_CUT.get(lang) or _QUESTION_CUT["fr"]).format(limit=limit)


def encode_state(question: str, offset: int) -> str:
    """Button value holding what a button needs to answer again: `offset|question`, ≤ 2,000.

    `question` is the one the desk answered, already cut to NEWSBOT_MAX_QUESTION_CHARS: the
    button carries it whole (cut further only past Slack's 2,000-character limit on a value).
    """
    value = f"{offset}|{one_line(question)}"
    while _button_value_length(value) > MAX_BUTTON_VALUE_CHARS:
        value = value[:-1]
    return value


def decode_state(value: str) -> tuple[str, int]:
    """(question, offset) from a button value; ValueError when it is not one of newsbot's."""
    offset, sep, question = value.partition("|")
    if not sep or not offset.isdigit():
        raise ValueError("not a newsbot button value")
    return question, min(int(offset), MAX_RESULTS)


# ---------------------------------------------------------------------------- passages


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def _render_range(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """text[start:end] escaped, highlighted spans in bold, "…" where it was cut."""
    out = [ELLIPSIS] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(escape(text[position:span_start]))
        out.append("*" + escape(text[span_start:span_end]) + "*")
        position = span_end
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return "".join(out)


def passage_mrkdwn(passage: str, highlights: Sequence[tuple[int, int]], limit: int = PASSAGE_CHARS) -> str:
    """A passage as mrkdwn, matched words in bold, cut on words to fit `limit` characters.

    When the first matched word lies beyond what fits, the excerpt starts a little before it
    (with a leading "…") so that the reader sees why the passage matched.
    """
    text = passage.translate({ord(c): " " for c in "\n\r\t\v\f"})
    spans = _merged(s for s in highlights if 0 <= s[0] < s[1] <= len(text))
    start = 0
    if spans and spans[0][0] > limit * 2 // 3:
        space = text.rfind(" ", 0, max(0, spans[0][0] - LEAD_CHARS))
        start = space + 1 if space >= 0 else 0
    rendered = _render_range(text, spans, start, len(text))
    if len(rendered) <= limit:
        return rendered
    # The longest cut at a word boundary that fits: binary search over the boundaries.
    bounds = [i for i, c in enumerate(text) if c == " " and i > start] or list(range(start + 1, len(text)))
    low, high, best = 0, len(bounds) - 1, None
    while low <= high:
        middle = (low + high) // 2
        candidate = _render_range(text, spans, start, bounds[middle])
        if len(candidate) <= limit:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    if best is None:  # not even one word fits: cut inside it, without bold
        return escape_cut(text[start:], limit)
    return best


# ---------------------------------------------------------------------------- answers


def _date(ref: ArticleRef) -> str | None:
    """The publication date (YYYY-MM-DD), escaped: `published` is as the source gave it."""
    return escape(ref.published[:10]) if ref.published else None


def source_line(ref: ArticleRef, lang: str) -> str:
    """outlet · date · linked title · §paragraph, as mrkdwn."""
    parts = [
        escape_cut(ref.source, 80) if ref.source else None,
        _date(ref),
        link(ref.url, cut_words(one_line(ref.title), TITLE_CHARS)) if ref.title else None,
        t("paragraph", lang, n=ref.paragraph) if ref.paragraph else None,
    ]
    return " · ".join(p for p in parts if p)


def also_in_line(refs: Sequence[ArticleRef], lang: str) -> str:
    """"Also in: outlet · date · title; …" for other articles carrying the same passage."""
    shown = [
        " · ".join(p for p in (escape_cut(r.source, 80) if r.source else None, _date(r),
                               link(r.url, cut_words(one_line(r.title), 100))) if p)
        for r in refs[:ALSO_IN_SHOWN]
    ]
    if len(refs) > ALSO_IN_SHOWN:
        shown.append(t("others", lang, n=len(refs) - ALSO_IN_SHOWN))
    return t("also_in_list", lang, refs="; ".join(shown))


def hit_text(number: int, hit: Hit) -> str:
    """The section text of one answer: who said it (when known), then the passage."""
    passage = passage_mrkdwn(hit.passage, hit.highlights)
    if hit.speaker:
        said = f"*{number}. {escape_cut(hit.speaker, SPEAKER_CHARS)}*"
        if hit.quote:
            said += f" — « {escape_cut(hit.quote, QUOTE_CHARS)} »"
        text = f"{said}\n{passage}"
    else:
        text = f"*{number}.* {passage}"
    return text if len(text) <= MAX_SECTION_CHARS else f"*{number}.* {passage}"


def hit_blocks(number: int, hit: Hit, lang: str) -> list[dict[str, Any]]:
    """One answer: a section (speaker, passage) and a context (source, also in)."""
    elements = [{"type": "mrkdwn", "text": source_line(hit.article, lang) or "—"}]
    if hit.also_in:
        elements.append({"type": "mrkdwn", "text": also_in_line(hit.also_in, lang)})
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": hit_text(number, hit)}},
        {"type": "context", "elements": elements[:MAX_CONTEXT_ELEMENTS]},
    ]


def _button(action_id: str, label: str, value: str, primary: bool = False) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label[:MAX_BUTTON_TEXT_CHARS], "emoji": True},
        "value": value,
    }
    if primary:
        button["style"] = "primary"
    return button


def _context(mrkdwn: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def _question_line(answer: Answer, lang: str, offset: int, shown: int) -> str:
    line = t("question_line", lang, intent=t(answer.intent, lang),
             question=escape_cut(answer.question, QUESTION_ECHO_CHARS))
    if offset and shown:
        line += " · " + t("results_range", lang, first=offset + 1, last=offset + shown)
    return line


def _fallback(answer: Answer, hits: Sequence[Hit], offset: int, lang: str, notice: str | None) -> str:
    lines = [_question_line(answer, lang, offset, len(hits))]
    if notice:
        lines.append(notice)
    for number, hit in enumerate(hits, start=offset + 1):
        said = hit.quote if hit.speaker and hit.quote else hit.passage  # who said what, in a notification
        who = f"{escape_cut(hit.speaker, SPEAKER_CHARS)} : " if hit.speaker else ""
        ref = hit.article
        source = " · ".join(p for p in (ref.source and escape_cut(ref.source, 80), _date(ref),
                                        ref.title and escape_cut(ref.title, 100)) if p)
        lines.append(f"{number}. {who}{escape_cut(said, FALLBACK_PASSAGE_CHARS)} — {source}")
    return cut_words("\n".join(lines), FALLBACK_CHARS)


def _notice_text(answer: Answer, lang: str, offset: int) -> str | None:
    if answer.notice:
        text = t(answer.notice, lang)
        if answer.notice == "no_match" and answer.terms:
            text += "\n" + t("searched_terms", lang, terms=", ".join(f"`{escape(term)}`" for term in answer.terms))
        return text
    if offset and len(answer.hits) <= offset:
        return t("no_more", lang)
    return None


def blocks_size(blocks: Sequence[dict[str, Any]]) -> int:
    """Characters of blocks as Slack measures them (their JSON)."""
    return len(json.dumps(list(blocks), ensure_ascii=False))


def render_answer(
    answer: Answer,
    lang: str = "fr",
    *,
    offset: int = 0,
    page: int = PAGE_SIZE,
    shareable: bool = False,
    more: bool = True,
    shared_by: str | None = None,
    question_cut: int | None = None,
) -> Message:
    """An answer as a Slack message: answers offset+1 … offset+page of `answer.hits`.

    Ask the index for `offset + page + 1` hits: the extra one tells that there is a next page
    (the "next results" button, unless `more` is False). `shareable` adds the share button (for
    ephemeral answers); `shared_by` (a user id) says who shared it; `question_cut` (a number of
    characters) says that the question was cut to that length before searching.
    """
    hits = answer.hits[offset : offset + page]
    notice = _notice_text(answer, lang, offset)
    head: list[dict[str, Any]] = []
    if shared_by and _USER_ID_RE.match(shared_by):  # a user id, never markup from the payload
        head.append(_context(t("shared_by", lang, user=f"<@{shared_by}>")))
    head.append(_context(_question_line(answer, lang, offset, len(hits))))
    if question_cut:
        head.append(_context(question_cut_notice(question_cut, lang)))
    if notice:
        head.append({"type": "section", "text": {"type": "mrkdwn", "text": notice}})

    buttons = []
    if hits and shareable:
        share = encode_state(answer.question, offset)
        buttons.append(_button(ACTION_SHARE, t("share_button", lang), share, primary=True))
    has_more = more and len(answer.hits) > offset + page and offset + page < MAX_RESULTS
    if has_more:
        buttons.append(_button(ACTION_MORE, t("more_button", lang), encode_state(answer.question, offset + page)))
    tail = [{"type": "actions", "elements": buttons}] if buttons else []

    groups = [hit_blocks(number, hit, lang) for number, hit in enumerate(hits, start=offset + 1)]

    def assemble() -> list[dict[str, Any]]:
        body: list[dict[str, Any]] = []
        for index, group in enumerate(groups):
            if index:
                body.append({"type": "divider"})
            body.extend(group)
        return head + body + tail

    blocks = assemble()
    # Drop trailing answers rather than have Slack refuse the whole message.
    while len(groups) > 1 and (len(blocks) > MAX_BLOCKS or blocks_size(blocks) > MAX_MESSAGE_BLOCK_CHARS):
        groups.pop()
        blocks = assemble()
    notices = [question_cut_notice(question_cut, lang) if question_cut else None, notice]
    return Message(text=_fallback(answer, hits[: len(groups)], offset, lang, "\n".join(n for n in notices if n) or None),
                   blocks=blocks)


def render_help(lang: str = "fr") -> Message:
    """How to use newsbot: /ask, mentions, DMs, with examples."""
    title = t("help_title", lang)
    body = t("help_body", lang)
    return Message(
        text=f"{title}\n{body}",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": title[:150], "emoji": True}},
            {"type": "section", "text": {"type": "mrkdwn", "text": body[:MAX_SECTION_CHARS]}},
        ],
    )


def render_notice(key: str, lang: str = "fr") -> Message:
    """A one-sentence message (index unavailable, error…) in the reader's language."""
    text = t(key, lang)
    return Message(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])
