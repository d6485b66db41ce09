"""Block Kit rendering as pure functions: escaping, links, cutting on words, Slack's limits, fallback."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.answers import (
    FEEDBACK_BLOCK,
    ACTION_PREVIOUS,
    ACTION_MORE,
    ACTION_SHARE,
    PAGE_SIZE,
    decode_state,
    encode_state,
    passage_mrkdwn,
    render_answer,
    render_help,
    render_notice,
)
from bot.render.blocks import MAX_BLOCKS, MAX_BUTTON_VALUE_CHARS, MAX_MESSAGE_BLOCK_CHARS, MAX_SECTION_CHARS, blocks_size
from bot.render.mrkdwn import (
    ELLIPSIS,
    SOFT_HYPHEN,
    cut_words,
    escape,
    escape_cut,
    link,
    plain_question,
    safe_url,
    unescape,
)
from index.store.models import Answer, ArticleRef, Hit

HOSTILE = "Alerte <!channel> et <!here|here>, salut <@U123> : <https://evil.example|Documents officiels> & <#C1>"
# Our own markup: links to http(s) URLs, and <@U…> only in "shared by".
OWN_MARKUP = re.compile(r"<https?://[^|<>\s]+\|[^<>]*>")


def ref(n: int = 1, **kwargs) -> ArticleRef:
    values = {"id": f"a{n}", "title": f"Titre {n}", "source": "AFP", "url": f"https://example.org/{n}",
              "published": "2023-03-26T10:00:00+00:00", "paragraph": 3}
    values.update(kwargs)
    return ArticleRef(**values)


def hit(passage: str = "Le Kremlin a pris le Belarus en otage nucléaire.", **kwargs) -> Hit:
    values = {"passage": passage, "score": 1.0, "article": ref()}
    values.update(kwargs)
    return Hit(**values)


def answer(*hits: Hit, question: str = "qui a dit que le Kremlin a pris le Bélarus en otage ?", **kwargs) -> Answer:
    return Answer(question=question, intent=kwargs.pop("intent", "who_said"), hits=list(hits), **kwargs)


def all_text(message) -> str:
    """What Slack shows of a message: blocks (button values are not shown) and the fallback."""
    shown = json.loads(json.dumps(message.blocks), object_hook=lambda d: {k: v for k, v in d.items() if k != "value"})
    return json.dumps(shown, ensure_ascii=False) + message.text


def assert_within_limits(message) -> None:
    blocks = message.blocks
    assert len(blocks) <= MAX_BLOCKS
    assert blocks_size(blocks) <= MAX_MESSAGE_BLOCK_CHARS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_CHARS
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= MAX_SECTION_CHARS for e in block["elements"])
        if block["type"] == "actions":
            for button in block["elements"]:
                assert len(button["value"].encode("utf-16-le")) // 2 <= MAX_BUTTON_VALUE_CHARS
                assert len(button["text"]["text"]) <= 75
    assert message.text.strip()


# ---------------------------------------------------------------------------- escaping


def test_escape_ampersand_first():
    assert escape("a & <b> &lt;") == "a &amp; &lt;b&gt; &amp;lt;"
    assert unescape(escape("a & <b> &lt;")) == "a & <b> &lt;"


LIKE = str.maketrans({v: k for k, v in {"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"}.items()})


@given(st.text())
def test_escaped_text_has_no_markup(text):
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert not set("*_~`") & set(re.sub(r"https?://\S+", "", escaped, flags=re.I))  # no formatting character
    # …and it reads as written: the same text, formatting characters as their lookalikes.
    assert unescape(escaped).translate(LIKE).replace(SOFT_HYPHEN, "") == text.translate(LIKE).replace(SOFT_HYPHEN, "")


@pytest.mark.parametrize("text, shown", [
    ("*ALERTE* : _Le Monde_ ~barré~ `code`", "∗ALERTE∗ : ˍLe Mondeˍ ∼barré∼ ˋcodeˋ"),
    ("un *astérisque égaré", "un ∗astérisque égaré"),
    ("> cité en bloc", SOFT_HYPHEN + "&gt; cité en bloc"),
    ("5 > 3", "5 &gt; 3"),
    ("voir https://ex.org/a_b~c*d_ et *ça*", "voir https://ex.org/a_b~c*d_ et ∗ça∗"),  # Slack links URLs first
])
def test_formatting_characters_show_literally(text, shown):
    """Slack has no escape for *, _, ~ and `: they show as the same-shaped characters it never formats
    (mrkdwn.py says why; jsx-slack does the same)."""
    assert escape(text) == shown


def test_hostile_text_everywhere_is_escaped():
    evil_ref = ref(title=HOSTILE, source="<!everyone>", url="javascript:alert(1)", published="<!channel>")
    message = render_answer(answer(
        hit(HOSTILE, article=evil_ref, speaker="<@U999>", quote=HOSTILE, also_in=[evil_ref] * 3, highlights=[(0, 6)]),
        question=HOSTILE,
    ))
    text = all_text(message)
    for markup in ("<!channel>", "<!here", "<!everyone>", "<@U123>", "<@U999>", "<https://evil", "<#C1>",
                   "javascript:"):
        assert markup not in text
    assert not OWN_MARKUP.sub("", text).count("<")


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
    ("http://example.org/x y|z>", "http://example.org/x%20y%7Cz%3E"),
    ("javascript:alert(1)", None), ("ftp://example.org/", None), ("https://", None), ("", None), (None, None),
    ("//example.org/a", None), ("mailto:a@b.c", None),
])
def test_only_http_urls_become_links(url, expected):
    assert safe_url(url) == expected


def test_link_label_is_escaped_and_unsafe_url_not_linked():
    assert link("https://a.org/", "x <!channel>") == "<https://a.org/|x &lt;!channel&gt;>"
    assert link("javascript:x", "<b>") == "&lt;b&gt;"


def test_plain_question_from_slack_markup():
    assert plain_question("<@UBOT> qui a dit &lt;ça&gt; &amp; &amp;lt; ?", "UBOT") == "qui a dit <ça> & &lt; ?"
    assert plain_question("<!here> voir <https://a.org|le site> et <#C1|redaction> <@U2|marie>", "UBOT") == \
        "voir le site et redaction marie"
    assert plain_question("   ") == ""


# ---------------------------------------------------------------------------- cutting


def test_cut_on_a_word():
    text = "Le Kremlin a pris le Belarus en otage nucléaire"
    cut = cut_words(text, 20)
    assert cut == "Le Kremlin a pris…" and len(cut) <= 20
    assert cut_words(text, 100) == text
    assert cut_words("x" * 50, 10) == "x" * 9 + ELLIPSIS


@pytest.mark.parametrize("limit, cut", [
    (70, "Réforme des retraites : le gouvernement répond à la CGT…"),  # before the quotation it would split
    (30, "Réforme des retraites : le…"),
])
def test_cuts_fall_outside_guillemets(limit, cut):
    """Issue 16: an "Aussi dans" title was cut right after « and ended "«…"."""
    text = "Réforme des retraites : le gouvernement répond à la CGT « nous ne reculerons pas devant la rue » hier"
    assert cut_words(text, limit) == cut and len(cut) <= limit


def test_a_cut_inside_a_whole_quotation_closes_it():
    quote = "« Nous ne reculerons pas devant la rue, ni devant personne », a dit le ministre"
    assert cut_words(quote, 30) == "« Nous ne reculerons pas…\u00a0»"


@given(st.text(alphabet="ab «»", max_size=200), st.integers(min_value=2, max_value=150))
def test_no_cut_ends_on_an_opening_guillemet(text, limit):
    cut = cut_words(text, limit)
    assert len(cut) <= limit and (cut == text or not cut.rstrip(ELLIPSIS + " \u00a0").endswith("«"))


@given(st.text(alphabet="ab &<>é ", max_size=400), st.integers(min_value=1, max_value=300))
def test_escape_cut_fits(text, limit):
    out = escape_cut(text, limit)
    assert len(out) <= limit
    assert not re.search(r"&(?!amp;|lt;|gt;)", out), "an entity was cut in half"


def test_long_passage_cut_on_words_with_bold_kept():
    words = ["mot"] * 2000
    words[10] = "Kremlin"
    passage = " ".join(words)
    start = passage.index("Kremlin")
    rendered = passage_mrkdwn(passage, [(start, start + 7)], limit=1200)
    assert len(rendered) <= 1200 and rendered.endswith(ELLIPSIS) and "*Kremlin*" in rendered
    assert rendered[: -len(ELLIPSIS)].endswith("mot")


def test_late_match_is_shown_with_lead():
    passage = "début " * 400 + "le Kremlin a pris le Belarus " + "fin " * 10
    start = passage.index("Kremlin")
    rendered = passage_mrkdwn(passage, [(start, start + 7)], limit=600)
    assert rendered.startswith(ELLIPSIS) and "*Kremlin*" in rendered and len(rendered) <= 600


def test_passage_of_ampersands_fits_a_section():
    message = render_answer(answer(hit("&" * 5000, highlights=[(0, 1)])))
    assert_within_limits(message)


# ---------------------------------------------------------------------------- answers


def test_answer_blocks():
    h = hit(speaker="Oleksiï Danilov", quote="Le Kremlin a pris le Belarus en otage nucléaire",
            highlights=[(3, 10)], also_in=[ref(2, source="Le Monde", url=None)])
    message = render_answer(answer(h, *[hit() for _ in range(PAGE_SIZE)]), shareable=True)
    text = all_text(message)
    assert "*1. Oleksiï Danilov* — «\u00a0Le Kremlin a pris le Belarus en otage nucléaire\u00a0»" in text
    assert "Le *Kremlin* a pris" in text
    assert "AFP · 2023-03-26 · <https://example.org/1|Titre 1> · §3" in text
    assert "Aussi dans : Le Monde · 2023-03-26 · Titre 2" in text
    [actions, feedback] = [b for b in message.blocks if b["type"] == "actions"]
    assert feedback["block_id"] == FEEDBACK_BLOCK
    share, more = actions["elements"]
    assert share["action_id"] == ACTION_SHARE and decode_state(share["value"])[1] == 0
    assert more["action_id"] == ACTION_MORE and decode_state(more["value"])[1] == PAGE_SIZE
    assert "Oleksiï Danilov" in message.text and "AFP" in message.text
    assert_within_limits(message)


def test_no_more_button_without_more_hits_and_english():
    message = render_answer(answer(hit(), hit()), "en", shareable=True)
    [actions, feedback] = [b for b in message.blocks if b["type"] == "actions"]
    assert feedback["block_id"] == FEEDBACK_BLOCK
    assert [e["action_id"] for e in actions["elements"]] == [ACTION_SHARE]
    assert "Question (who said):" in message.text and "Share in channel" in all_text(message)


def test_later_page():
    hits = [hit(f"Passage numéro {n}") for n in range(8)]
    message = render_answer(answer(*hits), offset=3, shareable=True)
    text = all_text(message)
    assert "*4.* Passage numéro 3" in text and "Passage numéro 2" not in text
    assert "résultats 4 à 6" in text
    [actions, feedback] = [b for b in message.blocks if b["type"] == "actions"]
    assert feedback["block_id"] == FEEDBACK_BLOCK
    assert [(e["action_id"], decode_state(e["value"])[1]) for e in actions["elements"]] == [
        (ACTION_SHARE, 3), (ACTION_PREVIOUS, 0), (ACTION_MORE, 6)]


@pytest.mark.parametrize("lang, question, intent, line", [
    ("fr", "qui a dit que le Kremlin a pris le Bélarus ?", "who_said", "Question : qui a dit que le Kremlin"),
    ("fr", "qui a dénoncé la réforme ?", "who_said", "Question : qui a dénoncé"),
    ("fr", "missiles Iskander", "search", "Question (recherche) : missiles Iskander"),
    ("fr", "recherche d’emploi des jeunes", "search", "Question : recherche d’emploi"),
    ("en", "who said the Kremlin took Belarus hostage?", "who_said", "Question: who said the Kremlin"),
    ("en", "Iskander missiles", "search", "Question (search): Iskander missiles"),
])
def test_the_question_line_never_repeats_a_word(lang, question, intent, line):
    """Issue 16: "Question (qui a dit) : qui a dit que…" said it twice."""
    message = render_answer(answer(hit(), question=question, intent=intent), lang)
    assert message.blocks[0]["elements"][0]["text"].startswith(line)


def test_an_unknown_outlet_or_date_is_said():
    unknown = ref(1, source=None, published=None)
    text = all_text(render_answer(answer(hit(article=unknown, also_in=[ref(2, source=None, published=None, url=None)]))))
    assert "média inconnu · date inconnue · <https://example.org/1|Titre 1> · §3" in text
    assert "Aussi dans : média inconnu · date inconnue · Titre 2" in text
    english = all_text(render_answer(answer(hit(article=unknown)), "en"))
    assert "unknown outlet · unknown date · <https://example.org/1|Titre 1>" in english


def test_numbers_in_french_and_english():
    """Issue 16: "1500 premiers caractères"; French writes 1 500 with a narrow no-break space."""
    french = render_answer(answer(hit()), question_cut=1500)
    assert "seuls ses 1\u202f500 premiers caractères" in french.text
    assert "only its first 1,500 characters" in render_answer(answer(hit()), "en", question_cut=1500).text


@pytest.mark.parametrize("notice, words", [
    ("no_match", "Aucun passage"), ("empty_index", "L’index est vide"),
    ("only_common_words", "trop courants"), ("empty_question", "Posez une question"),
])
def test_notices_say_why_and_suggest(notice, words):
    message = render_answer(answer(notice=notice, terms=["kremlin", "otag"]))
    assert words in message.text and words in all_text(message)
    if notice == "no_match":
        assert "Mots cherchés : `kremlin`, `otag`" in message.text
    assert not [b for b in message.blocks if b["type"] == "actions"]


def test_speaker_shown_with_the_role_the_article_gives():
    said = hit(speaker="Jean Dupont", speaker_role="député de la Somme", quote="Rien n’est fait")
    message = render_answer(answer(said))
    assert "*1. Jean Dupont*, député de la Somme — «\u00a0Rien n’est fait\u00a0»" in all_text(message)
    english = all_text(render_answer(answer(said), "en"))
    assert "*1. Jean Dupont*, député de la Somme — “Rien n’est fait”" in english
    assert "Jean Dupont, député de la Somme : Rien n’est fait" in message.text
    # A role the name already says is not repeated; no role, no comma.
    assert "Dupont*," not in all_text(render_answer(answer(hit(speaker="Jean Dupont", speaker_role="Dupont"))))


def test_no_quote_says_so_and_names_nobody():
    message = render_answer(answer(hit(), notice="no_quote"))
    assert "Aucune citation de l’archive ne dit cela" in message.text
    assert "personne n’est nommé" in all_text(message)
    assert "No quote in the archive says this" in render_answer(answer(hit(), notice="no_quote"), "en").text


def test_no_match_in_english():
    assert "No passage matched" in render_answer(answer(notice="no_match"), "en").text


def test_huge_answer_stays_within_limits():
    huge = "x" * 400 + " "
    refs = [ref(n, title=huge * 3, source=huge) for n in range(40)]
    hits = [hit((huge * 30), speaker=huge, quote=huge * 5, also_in=refs, article=refs[0], highlights=[(0, 5)])
            for _ in range(10)]
    message = render_answer(answer(*hits, question="é😀" * 2500), page=10, shareable=True)
    assert_within_limits(message)
    assert "1." in message.text


@given(st.lists(st.text(min_size=1, max_size=600), min_size=1, max_size=6), st.text(max_size=3000))
@settings(max_examples=40, deadline=None)
def test_any_answer_renders_within_limits_and_inert(passages, question):
    message = render_answer(answer(*[hit(p, speaker=p[:50], quote=p, highlights=[(0, 1)]) for p in passages],
                                   question=question or "?"), shareable=True)
    assert_within_limits(message)
    assert not OWN_MARKUP.sub("", all_text(message)).count("<")


def test_state_round_trip_and_bad_values():
    assert decode_state(encode_state("qui a dit | ça ?", 6)) == ("qui a dit | ça ?", 6)
    long = encode_state("😀" * 3000, 3)
    assert len(long.encode("utf-16-le")) // 2 <= MAX_BUTTON_VALUE_CHARS
    for bad in ("", "abc", "x|question", "-1|q"):
        with pytest.raises(ValueError):
            decode_state(bad)
    assert decode_state("999|q") == ("q", 30)


def test_help_and_notices():
    help_fr, help_en = render_help("fr"), render_help("en")
    assert "/ask" in help_fr.text and "/ask" in help_en.text
    assert help_fr.blocks[0]["type"] == "header" and len(help_fr.blocks[0]["text"]["text"]) <= 150
    assert "Mention me" in help_en.text
    assert "pas disponible" in render_notice("index_missing").text
    assert "Sorry" in render_notice("error", "en").text


def test_no_break_spaces_of_french_typography_survive_rendering() -> None:
    from bot.render.mrkdwn import escape_cut, one_line

    text = "Il a dit «\u00a0non\u00a0»,\n\tpour 200\u202f000 euros."
    assert one_line(text) == "Il a dit «\u00a0non\u00a0», pour 200\u202f000 euros."
    assert "«\u00a0non\u00a0»" in escape_cut(text, 3000)
