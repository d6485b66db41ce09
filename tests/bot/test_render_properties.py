"""Whatever the articles say, newsbot's messages never ping, never hide a link, never link elsewhere than http(s).

Property tests (hypothesis) over the renderers: answers (`bot.render.answers.render_answer`) and digests
(`bot.render.digests.render_digest`) built from arbitrary text — Slack markup (`<!channel>`,
`<!everyone>`, `<@U…>`, `<#C…>`, `<url|label>`), entities, bidi marks — in titles, passages,
speakers, quotes, outlets, dates and URLs. In everything Slack would show (mrkdwn and plain text
of the blocks, and the fallback text), no `<` or `>` remains once the links the renderer itself
made are removed, and those links point to the http(s) URLs of the articles, nowhere else.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.answers import ACTION_IDS, render_answer
from bot.render.digests import render_backlog, render_digest
from bot.render.mrkdwn import safe_url
from index.digest.digests import Digest, DigestStory, Outlet, StoryArticle, backlog_of
from index.store.models import Answer, ArticleRef, Hit, Quote

MARKUP = [
    "<!channel>", "<!everyone>", "<!here>", "<!here|here>", "<@U123>", "<@W999|patron>", "<#C42>", "<#C42|général>",
    "<https://evil.example|Documents officiels>", "<http://evil.example>", "<mailto:a@b.c|écrire>",
    "<!subteam^S1|@rédaction>", "<!date^1392734382^{date}|hier>", "<javascript:alert(1)|clic>",
    "&lt;!channel&gt;", "&amp;lt;", "&", "<", ">", "|", "*", "_", "~", "`", ">>>", "\n", "\u202e", "\u200f", " ",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=12)), max_size=25).map("".join),
)
URLS = [
    "https://example.org/article?id=1&x=2", "http://exemple.fr/a b|c>d", " https://espace.example/ ",
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "slack://channel?id=C1",
    "vbscript:msgbox", "file:///etc/passwd", "//evil.example/x", "https:/evil", "mailto:a@b.c", "ftp://x.example/",
    "https://evil.example|Docs>", "http://a.example/<!channel>", "https://", "", "\x00https://nul.example/x",
    "\thttps://tab.example/", "https://line.example\n/break", "\u202ehttps://bidi.example/",
]
urls = st.one_of(st.none(), st.sampled_from(URLS), texts,
                 st.builds("https://{}.example/{}".format, st.from_regex(r"[a-z]{1,10}", fullmatch=True), texts))
refs = st.builds(
    ArticleRef, id=st.text(max_size=10), title=texts, source=st.none() | texts, url=urls,
    published=st.none() | texts, paragraph=st.none() | st.integers(0, 10**6),
)
hits = st.builds(
    Hit, passage=texts, score=st.floats(allow_nan=False, allow_infinity=False), article=refs,
    speaker=st.none() | texts, quote=st.none() | texts, also_in=st.lists(refs, max_size=7),
    highlights=st.lists(st.tuples(st.integers(-5, 250), st.integers(-5, 250)), max_size=5), direct=st.booleans(),
)
answers = st.builds(
    Answer, question=texts, intent=st.sampled_from(["who_said", "search"]), hits=st.lists(hits, max_size=5),
    notice=st.none() | st.sampled_from(["empty_question", "only_common_words", "empty_index", "no_match"]),
    terms=st.lists(texts, max_size=4),
)
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
LINK = re.compile(r"<([^<>|]*)\|[^<>]*>")


def shown_text(blocks: list[dict[str, Any]]) -> list[str]:
    """Every string Slack displays from blocks: text of text objects (mrkdwn, plain_text), not button values."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                out.append(node["text"])
            for key, value in node.items():
                if key not in ("value", "action_id", "block_id"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return out


def assert_inert(pieces: list[str], urls: set[str | None], allowed_ping: str | None = None) -> None:
    """No markup but our own links (to these http(s) URLs) and, maybe, one "shared by" mention."""
    targets = {safe_url(u) for u in urls} - {None}
    for piece in pieces:
        if allowed_ping:
            piece = piece.replace(allowed_ping, "")
        for target in LINK.findall(piece):
            assert target in targets, f"link to {target!r}, not an article's http(s) URL"
            assert urlsplit(target).scheme in ("http", "https")
        rest = re.sub(r"(?m)^> ", "", LINK.sub("", piece))  # "> " opening a line: the digest's quote markup
        assert "<" not in rest and ">" not in rest, piece


@given(answers, st.sampled_from(["fr", "en"]), st.integers(0, 6), st.booleans(), st.booleans(),
       st.none() | st.sampled_from(["U123ABC", "W9", "<!channel>", "U1|x", "U12>"]) | st.text(max_size=12),
       st.none() | st.integers(1, 5000))
@settings(max_examples=150, deadline=None)
def test_rendered_answers_are_inert(answer: Answer, lang: str, offset: int, shareable: bool, more: bool,
                                    shared_by: str | None, question_cut: int | None) -> None:
    message = render_answer(answer, lang, offset=offset, shareable=shareable, more=more, shared_by=shared_by,
                            question_cut=question_cut)
    urls = {h.article.url for h in answer.hits} | {r.url for h in answer.hits for r in h.also_in}
    ping = f"<@{shared_by}>" if shared_by and USER_ID.match(shared_by) else None
    assert_inert(shown_text(message.blocks) + [message.text], urls, ping)
    for block in message.blocks:  # buttons are newsbot's own, whatever the question
        if block["type"] == "actions":
            assert {b["action_id"] for b in block["elements"]} <= set(ACTION_IDS)
    json.dumps(message.blocks)  # serialisable as sent


outlets = st.builds(Outlet, name=st.none() | texts, url=urls)
quotes = st.builds(Quote, text=texts, speaker=st.none() | texts, start=st.just(0), end=st.just(1))
story_articles = st.builds(StoryArticle, id=st.none() | st.text(max_size=8), title=texts, outlet=st.none() | texts,
                           url=urls, published=st.none() | texts)
stories = st.builds(
    DigestStory, title=texts, url=urls, lead=texts, published=st.none() | texts,
    outlets=st.lists(outlets, max_size=8), quote=st.none() | quotes,
    article_ids=st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=3),
    articles=st.lists(story_articles, max_size=4),
)


@given(st.lists(stories, max_size=20), st.sampled_from(["fr", "en"]))
@settings(max_examples=60, deadline=None)
def test_rendered_digests_are_inert(digest_stories: list[DigestStory], lang: str) -> None:
    digest = Digest(stories=digest_stories)
    urls = {s.url for s in digest_stories} | {a.url for s in digest_stories for a in s.articles}
    part = render_digest(digest, lang)
    assert_inert(shown_text(part.message.blocks) + [part.message.text], urls)
    message = render_backlog(backlog_of(digest), lang)
    assert_inert(shown_text(message.blocks) + [message.text], urls)


@given(st.sampled_from(["javascript:", "JAVASCRIPT:", " javascript:", "data:", "slack:", "slack://", "vbscript:",
                        "file:", "ftp:", "mailto:", "tel:", "//", "\x00https:", "java\tscript:"]), st.text(max_size=40))
@settings(max_examples=100, deadline=None)
def test_only_http_urls_become_links(scheme: str, rest: str) -> None:
    assert safe_url(scheme + rest) is None
    target = safe_url("https://example.org/" + rest)
    assert target is None or (target.startswith("https://example.org/") and not set(target) & set("<>| \n"))
