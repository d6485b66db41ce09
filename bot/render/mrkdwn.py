"""Slack's mrkdwn, safely: untrusted text made inert, links only to http(s), text cut on words.

The one place where escaping is done. Article text, titles, speakers, quotes, outlet names and
questions are untrusted: they reach mrkdwn only through `escape()` (or `escape_cut`, `link`),
so `<!channel>` never pings and `<https://evil|lien>` never becomes a disguised link. The
other way, `plain_question` turns what a person typed in Slack back into plain text.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

ELLIPSIS = "…"


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
