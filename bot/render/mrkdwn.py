"""Slack's mrkdwn, safely: untrusted text made inert, links only to http(s), text cut on words.

The one place where escaping is done. Article text, titles, speakers, quotes, outlet names and
questions are untrusted: they reach mrkdwn only through `escape()` (or `escape_cut`, `link`),
so `<!channel>` never pings, `<https://evil|lien>` never becomes a disguised link, and a title
"*ALERTE*" or a stray `_` in a quote shows as written instead of turning text bold or italic.
The other way, `plain_question` turns what a person typed in Slack back into plain text.

Slack has no escape for its formatting characters (`*bold*`, `_italic_`, `~strike~`,
`` `code` ``; a backslash shows as a backslash, and zero-width spaces around them *enable*
formatting inside words). The conventional way, jsx-slack's `<Escape>` for instance
(https://github.com/yhatt/jsx-slack/blob/main/docs/about-escape-and-exact-mode.md), is to show
each one as the Unicode character of the same shape, which Slack never reads as markup:
`*` ∗ (U+2217), `_` ˍ (U+02CD), `~` ∼ (U+223C), `` ` `` ˋ (U+02CB); and a `>` starting a line
(a quote block) gets an invisible soft hyphen before it. Bare URLs in the text keep their
characters: Slack links them before it formats.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

ELLIPSIS = "…"


LOOKALIKES = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
SOFT_HYPHEN = "\u00ad"
_BARE_URL_RE = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)
_QUOTE_LINE_RE = re.compile(r"(^|\n)(&gt;)")


def escape(text: str) -> str:
    """Untrusted text made inert for mrkdwn, shown as written.

    `&` first, then `<` and `>` (Slack's only three escapes), so nothing pings or links; then
    the formatting characters as their lookalikes (module docstring), outside bare URLs; and a
    soft hyphen before a `>` that starts a line, so it is not a quote block.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    pieces, last = [], 0
    for match in _BARE_URL_RE.finditer(text):
        pieces.append(text[last:match.start()].translate(LOOKALIKES))
        pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:].translate(LOOKALIKES))
    return _QUOTE_LINE_RE.sub(lambda m: m.group(1) + SOFT_HYPHEN + m.group(2), "".join(pieces))


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


NBSP = "\u00a0"
_SPACES = " \u00a0\u202f"


def _unclosed_guillemet(text: str) -> int:
    """Where the last « that no » closes stands in `text`, or -1."""
    opening = text.rfind("«")
    return opening if opening > text.rfind("»") else -1


def cut_words(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters on a word boundary, ending with "…" when cut.

    French typography: the cut falls outside « », before a quotation it would split, unless that
    leaves less than half; then the quotation is cut on a word and closed ("… »").
    """
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    cut = _cut_on_space(text, room)
    opening = _unclosed_guillemet(cut)
    if opening >= 0:
        before = cut[:opening].rstrip(_SPACES + ",;:«")
        if len(before) > room // 2:
            return before + ELLIPSIS
        closing = NBSP + "»"
        if room - len(closing) > opening + 1:  # room for a word inside the quotation
            inside = _cut_on_space(text, room - len(closing)).rstrip(_SPACES + ",;:«")
            return inside + ELLIPSIS + closing
    return cut.rstrip(_SPACES + ",;:«") + ELLIPSIS


def _cut_on_space(text: str, room: int) -> str:
    space = text.rfind(" ", 0, room + 1)
    return text[:space] if space > room // 2 else text[:room]  # one giant "word": cut it


def escape_cut(text: str, limit: int) -> str:
    """`text` escaped, cut on a word so that the escaped form fits in `limit` characters."""
    text = one_line(text)
    room = limit
    while True:
        escaped = escape(cut_words(text, room))
        if len(escaped) <= limit:
            return escaped
        room = max(0, room - (len(escaped) - limit) - 1)
