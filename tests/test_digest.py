"""Digest composition (pure) and its rendering: Block Kit within Slack's limits, escaped, and text."""

from __future__ import annotations

import json

import pytest

from bot.render.blocks import MAX_BLOCKS, MAX_MESSAGE_BLOCK_CHARS, MAX_SECTION_CHARS, blocks_size
from bot.render.digests import headline, render_digest, render_digest_text
from index.digest.digests import Digest, compose_digest, first_quote, key_quote, lead, outlet_of
from index.store.models import Article, Quote
from index.sources.readers import read_path
from index.digest.stories import Story, group_stories
from tests.conftest import SEEDS
from tests.fake_site import NBSP, OURS, POUTINE, POUTINE_BIS, VENDANGES


def article(id_: str, title: str, paragraphs: list[str], **meta: str) -> Article:
    return Article(title=title, text="\n\n".join(paragraphs), id=id_, **meta)


def test_seeds_digest() -> None:
    seeds = [r.article for r in read_path(SEEDS)]
    digest = compose_digest(group_stories(seeds))
    assert headline(digest) == "2 nouveaux articles · 1 sujet"
    assert headline(digest, "en") == "2 new articles · 1 story"
    (story,) = digest.stories
    assert story.article_ids == [a.id for a in seeds] and story.sources == 2
    # The title is the first sentence (plain text): the lead goes on from the next one.
    assert story.lead.startswith("« Il n’y a rien d’inhabituel ici")
    assert story.quote is not None and story.quote.speaker is None  # never invented
    assert story.quote.text not in story.lead


def test_story_from_several_outlets() -> None:
    stories = [Story([
        article("a", "Poutine déploie des armes nucléaires au Bélarus", POUTINE, source="La Dépêche",
                url="https://depeche.example/poutine", published="2023-03-26T18:00:00+00:00"),
        article("b", "Moscou s’installe au Bélarus", POUTINE_BIS, url="https://www.echo.example/b",
                published="2023-03-25"),
        article("c", "Mise à jour", POUTINE, source="La Dépêche", url="https://depeche.example/poutine-2"),
    ])]
    (story,) = compose_digest(stories).stories
    assert story.title == "Poutine déploie des armes nucléaires au Bélarus"
    assert story.url == "https://depeche.example/poutine"
    assert [o.name for o in story.outlets] == ["La Dépêche", "echo.example"] and story.sources == 2
    assert story.published == "2023-03-25"
    assert story.lead == POUTINE[0]  # one sentence: the second would pass 320 characters
    assert story.quote.text == "Nous avons convenu de faire de même" and NBSP not in story.quote.text


def test_stored_quotes_give_the_speaker() -> None:
    a = article("a", "Titre", POUTINE)
    stored = {"a": [Quote("Nous avons convenu de faire de même", "Vladimir Poutine", 10, 40)]}
    (story,) = compose_digest([Story([a])], stored).stories
    assert story.quote.speaker == "Vladimir Poutine"
    assert key_quote(a, [Quote("trop court", "X", 0, 1)]).speaker is None  # falls back, no speaker


def test_biggest_story_first() -> None:
    one, two = Story([article("x", "Vendanges", VENDANGES)]), Story([article("a", "A", OURS), article("b", "B", OURS)])
    assert [s.article_ids for s in compose_digest([one, two]).stories] == [["a", "b"], ["x"]]


@pytest.mark.parametrize("text, expected", [
    (f"Il a dit «{NBSP}tactiques{NBSP}» puis «{NBSP}nous ne reculerons jamais devant la menace{NBSP}».",
     "nous ne reculerons jamais devant la menace"),
    ("“Nous restons engagés dans la défense collective”, a dit le ministère.", "Nous restons engagés dans la défense collective"),
    ("Aucune citation ici.", None),
])
def test_first_quote(text: str, expected: str | None) -> None:
    quote = first_quote(article("a", "T", [text]))
    assert (quote.text if quote else None) == expected


def test_lead_skips_headings_and_cuts_long_sentences() -> None:
    a = article("a", "Titre", ["Réaction ukrainienne", "mot " * 200 + "fin."], headings=["Réaction ukrainienne"])
    text = lead(a)
    assert text.startswith("mot mot") and text.endswith("…") and len(text) <= 320
    assert outlet_of(Article(title="t", text="x", url="https://www.lemonde.fr/a")).name == "lemonde.fr"


# ---------------------------------------------------------------------------- Block Kit


def digest_of(n: int, **meta: str) -> Digest:
    stories = [Story([article(f"a{i}", f"Sujet numéro {i} : {VENDANGES[0][:80]}", [VENDANGES[0], OURS[1]],
                              url=f"https://gazette.example/{i}", source="La Gazette", **meta)]) for i in range(n)]
    return compose_digest(stories)


def test_one_message_for_a_small_digest() -> None:
    part = render_digest(digest_of(2))
    blocks = part.message.blocks
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "2 nouveaux articles · 2 sujets",
                                                     "emoji": False}}
    section = blocks[1]["text"]["text"]
    assert section.startswith("*<https://gazette.example/0|Sujet numéro 0")
    assert f"\n> «{NBSP}Les bergers ne peuvent plus travailler dans ces conditions{NBSP}»" in section
    assert blocks[2]["elements"][0]["text"] == "La Gazette · date inconnue"  # says what is unknown
    assert part.message.text.startswith("2 nouveaux articles · 2 sujets : Sujet numéro 0")
    assert part.article_ids == ["a0", "a1"]


def test_a_story_lists_every_article_with_its_own_title_outlet_and_date() -> None:
    """Issue 16: the second article of a story was shown nowhere, its date printed beside the first."""
    story = Story([
        article("a", "Poutine déploie des armes nucléaires au Bélarus", POUTINE, source="La Dépêche",
                url="https://depeche.example/poutine", published="2023-03-26T18:00:00+00:00"),
        article("b", "Moscou s’installe au Bélarus", POUTINE_BIS, url="https://www.echo.example/b",
                published="2023-03-25"),
        article("c", "Mise à jour", POUTINE),
    ])
    part = render_digest(compose_digest([story]))
    listed = part.message.blocks[2]["text"]["text"].splitlines()
    assert listed == [
        "• <https://depeche.example/poutine|Poutine déploie des armes nucléaires au Bélarus> · La Dépêche · 2023-03-26",
        "• <https://www.echo.example/b|Moscou s’installe au Bélarus> · echo.example · 2023-03-25",
        "• Mise à jour · média inconnu · date inconnue",
    ]
    assert part.message.blocks[3]["elements"][0]["text"] == "3 articles · 3 sources"
    assert part.article_ids == ["a", "b", "c"]
    english = render_digest(compose_digest([story]), "en").message.blocks[2]["text"]["text"]
    assert english.endswith("• Mise à jour · unknown outlet · unknown date")


def test_a_big_digest_is_one_message_and_what_does_not_fit_waits() -> None:
    digest = digest_of(80)
    part = render_digest(digest)
    blocks = part.message.blocks
    assert len(blocks) <= MAX_BLOCKS and blocks_size(blocks) <= MAX_MESSAGE_BLOCK_CHARS
    assert all(len(b["text"]["text"]) <= MAX_SECTION_CHARS for b in blocks if b["type"] == "section")
    shown = len(part.article_ids)
    assert part.article_ids == digest.article_ids[:shown] and 40 < shown < 80  # the biggest first; no gap
    text = json.dumps(blocks, ensure_ascii=False)
    assert all(f"https://gazette.example/{i}|" in text for i in range(shown))  # each one linked
    assert f"https://gazette.example/{shown}|" not in text
    assert blocks[0]["text"]["text"] == f"{shown} nouveaux articles · {shown} sujets"
    assert blocks[-1]["elements"][0]["text"] == f"{80 - shown} autres articles attendent le prochain message."


def test_the_biggest_stories_in_full_the_others_as_lines() -> None:
    part = render_digest(digest_of(40))
    blocks = part.message.blocks
    assert len(part.article_ids) == 40 and blocks_size(blocks) <= MAX_MESSAGE_BLOCK_CHARS
    assert "> «" in blocks[1]["text"]["text"]  # the first stories in full (lead, quote)…
    lines = blocks[-1]["text"]["text"].splitlines()  # …the last ones as lines
    assert lines[-1].startswith("• *<https://gazette.example/39|Sujet numéro 39 : Les vendanges ont commencé")
    assert lines[-1].endswith(">* · La Gazette · date inconnue")


def test_a_story_too_big_for_one_message_shows_its_first_articles() -> None:
    story = Story([article(f"s{i}", f"Dépêche {i} : " + "titre très long " * 7, VENDANGES,
                           url=f"https://example.org/{'x' * 150}/{i}", source="Agence") for i in range(120)])
    part = render_digest(compose_digest([story]))
    assert 0 < len(part.article_ids) < 120 and part.article_ids == [f"s{i}" for i in range(len(part.article_ids))]
    assert blocks_size(part.message.blocks) <= MAX_MESSAGE_BLOCK_CHARS


def test_formatting_characters_of_titles_and_quotes_are_shown_literally() -> None:
    stories = [Story([article("a", "*ALERTE* _météo_ : ~orages~ `vigilance`", ["Un *astérisque égaré dans le texte."],
                              source="Le_Journal")])]
    section = render_digest(compose_digest(stories)).message.blocks[1]["text"]["text"]
    assert section.startswith("*∗ALERTE∗ ˍmétéoˍ : ∼orages∼ ˋvigilanceˋ*\n")  # newsbot's bold, the title's stars inert
    assert "Un ∗astérisque égaré" in section


def test_huge_fields_are_cut() -> None:
    long = "x" * 5000
    stories = [Story([Article(title=long, text=long + " « " + "mot " * 2000 + "»", id="a",
                              url="https://e.example/" + "p" * 2990, source=long)])]
    part = render_digest(compose_digest(stories))
    assert blocks_size(part.message.blocks) <= MAX_MESSAGE_BLOCK_CHARS
    assert all(len(b["text"]["text"]) <= MAX_SECTION_CHARS for b in part.message.blocks if b["type"] == "section")


def test_untrusted_text_is_escaped_and_only_http_links() -> None:
    evil = Article(title="Piège <!channel> & <https://evil.example|Docs>", id="e", url="javascript:alert(1)",
                   source="<!here> Gazette", published="<2024>",
                   text="Le texte <!everyone> écrit à <@U123> : « voir <https://evil.example|x> pour les détails ».")
    part = render_digest(compose_digest([Story([evil])]))
    everything = json.dumps(part.message.blocks, ensure_ascii=False) + part.message.text
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<https://evil", "javascript:"):
        assert raw not in everything
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|Docs&gt;" in part.message.blocks[1]["text"]["text"]


def test_text_rendering_for_the_terminal() -> None:
    digest = compose_digest([Story([article("a", "Vendanges", VENDANGES, source="Le Courrier",
                                            url="https://courrier.example/v", published="2020-08-20")])])
    text = render_digest_text(digest)
    assert text.splitlines()[0] == "1 nouvel article · 1 sujet"
    assert "1. Vendanges" in text and "https://courrier.example/v" in text
    assert f"«{NBSP}C’est historique, on n’a jamais vendangé aussi tôt{NBSP}»" in text
    assert "   - Vendanges · Le Courrier · 2020-08-20\n      https://courrier.example/v" in text
    assert render_digest_text(Digest()) == "Aucun nouvel article en attente."
