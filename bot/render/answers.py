"""Answers, rendered: as Slack messages (Block Kit) and as terminal text — pure functions.

Slack: `render_answer(answer, lang)` → `Message(text, blocks)`: the passages with the matched
words in bold, who said it when the index knows, the source line (outlet · date · linked title ·
§n), "also in" for other outlets, and the buttons (share, next results) whose value carries the
question back (`encode_state`). Untrusted text reaches mrkdwn only through `bot.render.mrkdwn`;
Slack's limits (`bot.render.blocks`) are kept here, cutting long text on a word with "…".

Terminal: `render_answer_text` and `render_quotes_text` for `newsbot ask` and `newsbot quotes`:
the same answers and words (`bot.i18n`), matched words in bold yellow, sources in cyan.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import click

from bot.i18n import BASE_LANG, quoted, t
from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_BUTTON_VALUE_CHARS,
    MAX_HEADER_CHARS,
    MAX_MESSAGE_BLOCK_CHARS,
    MAX_SECTION_CHARS,
    Message,
    blocks_size,
    button,
    context,
    header,
    section,
    with_dividers,
)
from bot.render.mrkdwn import ELLIPSIS, cut_words, escape, escape_cut, link, one_line
from index.store.models import Answer, ArticleRef, Hit

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
ACTION_PREVIOUS = "previous_results"
ACTION_FEEDBACK_UP = "feedback_up"
ACTION_FEEDBACK_DOWN = "feedback_down"
ACTION_IDS = (ACTION_SHARE, ACTION_MORE, ACTION_PREVIOUS, ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN)
FEEDBACK_BLOCK = "feedback"  # the block of the 👍 / 👎 buttons, apart from share and paging

_USER_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID_RE = re.compile(r"^[CG][A-Z0-9]+$")  # an id, never markup from the payload


# ---------------------------------------------------------------------------- the question


def short_question(question: str, limit: int) -> str:
    """The question newsbot works with: one line, at most `limit` characters (NEWSBOT_MAX_QUESTION_CHARS),
    cut on a word."""
    return cut_words(one_line(question), limit)


def question_cut_notice(limit: int, lang: str = BASE_LANG) -> str:
    """Says that the question was cut to `limit` characters (mrkdwn; nothing untrusted in it)."""
    return t("question_cut", lang, limit=limit)


def _button_value_length(value: str) -> int:
    # Slack counts UTF-16 code units; an emoji counts twice.
    return len(value.encode("utf-16-le")) // 2


def encode_state(question: str, offset: int) -> str:
    """Button value holding what a button needs to answer again: `offset|question`, ≤ 2,000.

    `question` is the one the desk answered, already cut to NEWSBOT_MAX_QUESTION_CHARS: the
    button carries it whole (cut further only past Slack's 2,000-character limit on a value).
    """
    value = f"{offset}|{one_line(question)}"
    if _button_value_length(value) > MAX_BUTTON_VALUE_CHARS:  # cut once, never inside a surrogate pair
        value = value.encode("utf-16-le")[: 2 * MAX_BUTTON_VALUE_CHARS].decode("utf-16-le", "ignore")
    return value


def decode_state(value: str) -> tuple[str, int]:
    """(question, offset) from a button value; ValueError when it is not one of newsbot's."""
    offset, sep, question = value.partition("|")
    if not sep or not offset.isdigit():
        raise ValueError("not a newsbot button value")
    return question, min(int(offset), MAX_RESULTS)


def encode_feedback(question: str, offset: int, shown: Sequence[Hit]) -> str:
    """Button value of 👍 / 👎: the question and the answers shown ((article id, paragraph), in
    order), compact JSON within Slack's 2,000 characters — answers dropped from the end, then the
    question cut, never inside a surrogate pair."""
    answers = [[h.article.id, h.article.paragraph] for h in shown]
    question = one_line(question)
    while True:
        value = json.dumps({"q": question, "o": offset, "a": answers}, ensure_ascii=False, separators=(",", ":"))
        if _button_value_length(value) <= MAX_BUTTON_VALUE_CHARS:
            return value
        if answers:
            answers.pop()
        else:
            over = _button_value_length(value) - MAX_BUTTON_VALUE_CHARS
            question = question.encode("utf-16-le")[: 2 * max(0, len(question) - over - 1)].decode("utf-16-le", "ignore")


def decode_feedback(value: str) -> tuple[str, int, list[tuple[str, int | None]]]:
    """(question, offset, answers shown) from a 👍 / 👎 value; ValueError when it is not one of newsbot's."""
    try:
        data = json.loads(value)
        answers = [(str(a[0]), a[1] if isinstance(a[1], int) else None) for a in data["a"]]
        return str(data["q"]), int(data["o"]), answers
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise ValueError("not a newsbot feedback value") from exc


def _feedback(answer: Answer, lang: str, offset: int, page: int) -> list[dict[str, Any]]:
    """The 👍 / 👎 buttons under an answer that shows passages."""
    shown = _page(answer, offset, page)
    if not shown:
        return []
    value = encode_feedback(answer.question, offset, shown)
    return [{"type": "actions", "block_id": FEEDBACK_BLOCK,
             "elements": [button(ACTION_FEEDBACK_UP, t("feedback_up", lang), value),
                          button(ACTION_FEEDBACK_DOWN, t("feedback_down", lang), value)]}]


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


# ---------------------------------------------------------------------------- answers in Slack


def _date(ref: ArticleRef) -> str | None:
    """The publication date (YYYY-MM-DD), escaped: `published` is as the source gave it."""
    return escape(ref.published[:10]) if ref.published else None


def _outlet(ref: ArticleRef, lang: str) -> str:
    return escape_cut(ref.source, 80) if ref.source else t("unknown_outlet", lang)


def source_line(ref: ArticleRef, lang: str) -> str:
    """outlet · date · linked title · §paragraph, as mrkdwn; an unknown outlet or date is said so."""
    parts = [
        _outlet(ref, lang),
        _date(ref) or t("unknown_date", lang),
        link(ref.url, cut_words(one_line(ref.title), TITLE_CHARS)) if ref.title else None,
        t("paragraph", lang, n=ref.paragraph) if ref.paragraph else None,
    ]
    return " · ".join(p for p in parts if p)


def also_in_line(refs: Sequence[ArticleRef], lang: str) -> str:
    """"Also in: outlet · date · title; …" for other articles carrying the same passage."""
    shown = [
        " · ".join(p for p in (_outlet(r, lang), _date(r) or t("unknown_date", lang),
                               link(r.url, cut_words(one_line(r.title), 100)) if r.title else None) if p)
        for r in refs[:ALSO_IN_SHOWN]
    ]
    if len(refs) > ALSO_IN_SHOWN:
        shown.append(t("others", lang, n=len(refs) - ALSO_IN_SHOWN))
    return t("also_in_list", lang, refs="; ".join(shown))


def speaker_role(hit: Hit) -> str | None:
    """The role to show after the speaker's name ("député de la Somme"), unless the name says it."""
    role = (hit.speaker_role or "").strip()
    if not role or not hit.speaker or role.casefold() in hit.speaker.casefold():
        return None
    return role


def hit_text(number: int, hit: Hit, lang: str = BASE_LANG) -> str:
    """The section text of one answer: who said it (when known) and their role, then the passage."""
    passage = passage_mrkdwn(hit.passage, hit.highlights)
    if hit.speaker:
        said = f"*{number}. {escape_cut(hit.speaker, SPEAKER_CHARS)}*"
        role = speaker_role(hit)
        if role:
            said += f", {escape_cut(role, SPEAKER_CHARS)}"
        if hit.quote:
            said += " — " + quoted(escape_cut(hit.quote, QUOTE_CHARS), lang)
        text = f"{said}\n{passage}"
    else:
        text = f"*{number}.* {passage}"
    return text if len(text) <= MAX_SECTION_CHARS else f"*{number}.* {passage}"


def hit_blocks(number: int, hit: Hit, lang: str) -> list[dict[str, Any]]:
    """One answer: a section (speaker, passage) and a context (source, also in)."""
    elements = [source_line(hit.article, lang) or "—"]
    if hit.also_in:
        elements.append(also_in_line(hit.also_in, lang))
    return [section(hit_text(number, hit, lang)), context(*elements)]


_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD_RE.findall(text)}


def question_header(answer: Answer, lang: str, question: str) -> str:
    """ "Question (qui a dit) : …": the kind of question is said only when the question does not
    say it already ("Question : qui a dit que…", never "(qui a dit) : qui a dit"). `question` is
    the question as it should appear (escaped for Slack, plain for a terminal)."""
    intent = t(answer.intent, lang)
    if _words(intent) & _words(answer.question):
        return t("question_line_plain", lang, question=question)
    return t("question_line", lang, intent=intent, question=question)


def _question_line(answer: Answer, lang: str, offset: int, shown: int) -> str:
    line = question_header(answer, lang, escape_cut(answer.question, QUESTION_ECHO_CHARS))
    if offset and shown:
        line += " · " + t("results_range", lang, first=offset + 1, last=offset + shown)
    return line


def _fallback(answer: Answer, hits: Sequence[Hit], offset: int, lang: str, notice: str | None) -> str:
    lines = [_question_line(answer, lang, offset, len(hits))]
    if notice:
        lines.append(notice)
    for number, hit in enumerate(hits, start=offset + 1):
        said = hit.quote if hit.speaker and hit.quote else hit.passage  # who said what, in a notification
        role = speaker_role(hit)
        who = f"{escape_cut(hit.speaker, SPEAKER_CHARS)}{', ' + escape_cut(role, SPEAKER_CHARS) if role else ''} : " \
            if hit.speaker else ""
        ref = hit.article
        source = " · ".join(p for p in (ref.source and escape_cut(ref.source, 80), _date(ref),
                                        ref.title and escape_cut(ref.title, 100)) if p)
        lines.append(f"{number}. {who}{escape_cut(said, FALLBACK_PASSAGE_CHARS)} — {source}")
    return cut_words("\n".join(lines), FALLBACK_CHARS)


def _page(answer: Answer, offset: int, page: int) -> list[Hit]:
    """The answers of this page: never past MAX_RESULTS, whatever offset a button carries."""
    return answer.hits[offset : max(offset, min(offset + page, MAX_RESULTS))]


def _notice_text(answer: Answer, lang: str, offset: int, page: int) -> str | None:
    if answer.notice:
        text = t(answer.notice, lang)
        if answer.notice == "no_match" and answer.terms:
            text += "\n" + t("searched_terms", lang, terms=", ".join(f"`{escape(term)}`" for term in answer.terms))
        return text
    if offset and not _page(answer, offset, page):
        return t("no_more", lang)
    return None


def _head(answer: Answer, lang: str, offset: int, shown: int, shared_by: str | None, question_cut: int | None,
          notice: str | None) -> list[dict[str, Any]]:
    """Who shared it, the question (and which results), the cut notice, why it is empty."""
    head: list[dict[str, Any]] = []
    if shared_by and _USER_ID_RE.match(shared_by):  # a user id, never markup from the payload
        head.append(context(t("shared_by", lang, user=f"<@{shared_by}>")))
    head.append(context(_question_line(answer, lang, offset, shown)))
    if question_cut:
        head.append(context(question_cut_notice(question_cut, lang)))
    if notice:
        head.append(section(notice))
    return head


def _buttons(answer: Answer, lang: str, offset: int, page: int, shareable: bool, more: bool) -> list[dict[str, Any]]:
    """The actions block: share (ephemeral answers), previous and next results (paging in place)."""
    buttons = []
    if _page(answer, offset, page) and shareable:
        share = encode_state(answer.question, offset)
        buttons.append(button(ACTION_SHARE, t("share_button", lang), share, primary=True))
    if more and offset > 0:
        previous = encode_state(answer.question, max(0, min(offset, MAX_RESULTS) - page))
        buttons.append(button(ACTION_PREVIOUS, t("previous_button", lang), previous))
    if more and len(answer.hits) > offset + page and offset + page < MAX_RESULTS:
        buttons.append(button(ACTION_MORE, t("more_button", lang), encode_state(answer.question, offset + page)))
    return [{"type": "actions", "elements": buttons}] if buttons else []


def render_answer(
    answer: Answer,
    lang: str = BASE_LANG,
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
    (the "next results" button, unless `more` is False; past the first page, "previous results"
    too). `shareable` adds the share button (for ephemeral answers); `shared_by` (a user id)
    says who shared it; `question_cut` (a number of characters) says that the question was cut
    to that length before searching. Never past MAX_RESULTS, whatever the offset.
    """
    hits = _page(answer, offset, page)
    notice = _notice_text(answer, lang, offset, page)
    head = _head(answer, lang, offset, len(hits), shared_by, question_cut, notice)
    tail = _buttons(answer, lang, offset, page, shareable, more)
    if shared_by is None:  # a shared answer is the channel's: feedback comes from who asked
        tail += _feedback(answer, lang, offset, page)
    groups = [hit_blocks(number, hit, lang) for number, hit in enumerate(hits, start=offset + 1)]
    blocks = head + with_dividers(groups) + tail
    # Drop trailing answers rather than have Slack refuse the whole message.
    while len(groups) > 1 and (len(blocks) > MAX_BLOCKS or blocks_size(blocks) > MAX_MESSAGE_BLOCK_CHARS):
        groups.pop()
        blocks = head + with_dividers(groups) + tail
    notices = [question_cut_notice(question_cut, lang) if question_cut else None, notice]
    return Message(text=_fallback(answer, hits[: len(groups)], offset, lang, "\n".join(n for n in notices if n) or None),
                   blocks=blocks)


def render_help(lang: str = BASE_LANG) -> Message:
    """How to use newsbot: /ask, mentions, DMs, with examples."""
    title = t("help_title", lang)
    body = t("help_body", lang)
    return Message(text=f"{title}\n{body}",
                   blocks=[header(title[:MAX_HEADER_CHARS]), section(body[:MAX_SECTION_CHARS])])


def render_shared_note(channel_id: str, lang: str = BASE_LANG) -> Message:
    """What a shared answer becomes for the person who shared it: "Partagé dans #canal." (the
    channel named by Slack from its id, never markup from the payload), no buttons."""
    if _CHANNEL_ID_RE.match(channel_id or ""):
        text = t("shared_in", lang, channel=f"<#{channel_id}>")
    else:  # a DM or a group DM: no channel to name
        text = t("shared_here", lang)
    return Message(text=text, blocks=[section(text)])


def render_notice(key: str, lang: str = BASE_LANG) -> Message:
    """A one-sentence message (index unavailable, error…) in the reader's language."""
    text = t(key, lang)
    return Message(text=text, blocks=[section(text)])


# ---------------------------------------------------------------------------- answers in a terminal


def _highlighted(hit: Hit) -> str:
    out, last = [], 0
    for start, end in hit.highlights:
        out.append(hit.passage[last:start])
        out.append(click.style(hit.passage[start:end], bold=True, fg="yellow"))
        last = end
    out.append(hit.passage[last:])
    return "".join(out)


def quoted_text(hit: Hit, lang: str = BASE_LANG) -> str:
    """The quote in the language's marks when verbatim; reported speech stays plain, as the article has it."""
    return quoted(hit.quote or "", lang) if hit.direct else f"{hit.quote}"


def text_source_line(ref: ArticleRef, lang: str) -> str:
    """outlet · date · title · §paragraph · URL, as plain text; an unknown outlet or date is said so."""
    parts = [ref.source or t("unknown_outlet", lang), ref.published[:10] if ref.published else t("unknown_date", lang),
             ref.title, t("paragraph", lang, n=ref.paragraph) if ref.paragraph else None, ref.url]
    return " · ".join(p for p in parts if p)


def render_answer_text(answer: Answer, lang: str = BASE_LANG) -> str:
    """The human form of an answer: numbered passages, matched words bold, a source line each."""
    lines = [click.style(question_header(answer, lang, answer.question), dim=True)]
    if answer.notice:
        lines.append(t(answer.notice, lang))
    for number, hit in enumerate(answer.hits, start=1):
        lines.append("")
        if hit.speaker:
            quote = f" — {quoted_text(hit, lang)}" if hit.quote else ""
            role = speaker_role(hit)
            lines.append(click.style(f"{number}. {hit.speaker}{', ' + role if role else ''}{quote}", bold=True))
            lines.append(f"   {_highlighted(hit)}")
        else:
            lines.append(f"{number}. {_highlighted(hit)}")
        lines.append(click.style(f"   — {text_source_line(hit.article, lang)}", fg="cyan"))
        if hit.also_in:
            others = "; ".join(text_source_line(ref, lang) for ref in hit.also_in)
            lines.append(click.style(f"   {t('also_in', lang)} : {others}", fg="cyan"))
    return "\n".join(lines)


def render_quotes_text(hits: Sequence[Hit], lang: str = BASE_LANG) -> str:
    """Quotations with who said them and their source (`newsbot quotes`), or why there are none."""
    if not hits:
        return t("no_quotes", lang)
    lines = []
    for hit in hits:
        role = speaker_role(hit)
        who = f"{hit.speaker}, {role}" if role else hit.speaker or t("unknown_speaker", lang)
        lines.append(click.style(who, bold=True) + f" — {quoted_text(hit, lang)}")
        lines.append(click.style(f"   — {text_source_line(hit.article, lang)}", fg="cyan"))
    return "\n".join(lines)
