"""Story grouping: the same event from several outlets, or updates of one article, is one story."""

from __future__ import annotations

import collections
import gzip
import json
import random

import pytest

from index.store.models import Article
from index.sources.readers import read_path
from index.digest.stories import (THRESHOLD, fingerprint, group, group_stories, lead_terms, names, pair_score,
                                  rarity_from, similarity)
from tests.conftest import CORPUS, SEEDS, require
from tests.fake_site import OURS, POUTINE, POUTINE_BIS, VENDANGES


def article(id_: str, title: str, paragraphs: list[str], source: str | None = None) -> Article:
    return Article(title=title, text="\n\n".join(paragraphs), id=id_, source=source)


def ids(stories: list) -> list[list[str]]:
    return [[a.id for a in s.articles] for s in stories]


def test_the_two_seeds_are_one_story() -> None:
    seeds = [r.article for r in read_path(SEEDS)]
    assert ids(group_stories(seeds)) == [[a.id for a in seeds]]


def test_the_same_event_from_two_outlets_and_unrelated_news() -> None:
    batch = [
        article("a", "Poutine déploie des armes nucléaires au Bélarus", POUTINE, "La Dépêche"),
        article("b", "Vendanges précoces en Champagne", VENDANGES, "Le Courrier"),
        article("c", "Armes nucléaires tactiques : Moscou s’installe au Bélarus", POUTINE_BIS, "L’Écho"),
        article("d", "Ours : 10 millions d’euros pour les éleveurs", OURS),
    ]
    assert ids(group_stories(batch)) == [["a", "c"], ["b"], ["d"]]


def test_an_update_joins_its_story() -> None:
    first = article("v1", "Ours : une enveloppe pour les éleveurs", OURS)
    update = article("v2", "Ours : 10 millions d’euros pour les éleveurs (mise à jour)",
                     OURS + ["La ministre se rendra sur place lundi."])
    assert ids(group_stories([first, article("x", "Vendanges", VENDANGES), update])) == [["v1", "v2"], ["x"]]


def test_rare_terms_weigh_more_than_common_ones() -> None:
    common = {"gouvern": 5000, "annonc": 8000, "president": 6000}
    rarity = rarity_from(common, 100_000)
    assert rarity("iskand") > rarity("gouvern") > 1.0
    assert rarity_from(None, 0)("gouvern") == 1.0


def test_no_chaining_through_intermediate_articles() -> None:
    # A~B and B~C but A≁C: C must not join A's story through B.
    x, y, z, w = (["x1", "x2", "x3"], ["y1", "y2", "y3"], ["z1", "z2", "z3"], ["w1", "w2", "w3"])
    a, b, c = (fingerprint(terms, lambda t: 1.0) for terms in (x + y, y + z, z + w))
    assert similarity(a, b) >= 0.45 and similarity(b, c) >= 0.45 and similarity(a, c) == 0
    assert group([a, b, c]) in ([[0, 1], [2]], [[0], [1, 2]])


def test_empty_and_single() -> None:
    assert group_stories([]) == []
    assert ids(group_stories([article("a", "Titre", ["Un texte."])])) == [["a"]]


def test_corpus_exact_duplicates_are_grouped_and_others_mostly_not() -> None:
    """Same-day batches from OrangeSum: every exact duplicate pair lands in one story."""
    rows = [json.loads(line) for line in gzip.open(require(CORPUS), "rt", encoding="utf-8")]
    rows = [r for r in rows if r["article"].strip()]
    by_text = collections.defaultdict(list)
    for row in rows:
        by_text[row["article"]].append(row)
    twins = [g for g in by_text.values() if len(g) == 2 and g[0]["date"] == g[1]["date"]]
    random.Random(4).shuffle(twins)
    days = {g[0]["date"] for g in twins[:15]}
    batch = [r for r in rows if r["date"] in days][:600]
    articles = [Article(title=r["title"], text=r["heading"] + "\n\n" + r["article"], id=str(r["id"])) for r in batch]
    terms = [lead_terms(a) for a in articles]
    frequencies = collections.Counter(t for ts in terms for t in set(ts))
    story_of = {}
    for number, story in enumerate(group_stories(articles, frequencies, len(articles), terms=terms)):
        for member in story.articles:
            story_of[member.id] = number
    pairs = [(str(g[0]["id"]), str(g[1]["id"])) for g in by_text.values()
             if len(g) == 2 and all(str(r["id"]) in story_of for r in g)]
    assert pairs and all(story_of[x] == story_of[y] for x, y in pairs)
    # How selective the grouping is: test_labelled_pairs_from_orangesum, on pairs read by hand.


# The figures measured with the grouping of session 5 (cosine plus the names' Jaccard index; first
# article at 0.34, another member at 0.40; docs/digest.md). Dev: the first three draws' 660 pairs,
# all read while tuning (draws 1-2 0.958 / 0.872, draw 3 0.881 / 0.857; 5-fold cross-validation by
# day in bench/story_features.py). Held out: the fourth draw's 200 pairs, labelled by reading
# before anything ran on them and scored once, blind, in session 6 (0.927 / 0.895). Session 6
# tried ten further signals on the dev pairs and kept none, so the grouping and these figures stand;
# the floors guard against regressions.
DEV_PRECISION, DEV_RECALL = 0.935, 0.863
HELDOUT_PRECISION, HELDOUT_RECALL = 0.927, 0.895


def test_labelled_pairs_from_orangesum() -> None:
    """860 same-day OrangeSum pairs of four draws, labelled by reading (same event or not), each
    day grouped as a digest batch: precision and recall of "in one story" (bench/story_pairs.py)."""
    from bench.story_pairs import load_sets, read_corpus, score

    scores = score(load_sets(), read_corpus(require(CORPUS)))
    dev, heldout = scores["dev"], scores["heldout"]
    assert (dev.pairs, heldout.pairs) == (660, 200)
    assert dev.precision >= DEV_PRECISION - 0.001 and dev.recall >= DEV_RECALL - 0.001, (dev.precision, dev.recall)
    assert heldout.precision >= HELDOUT_PRECISION - 0.001 and heldout.recall >= HELDOUT_RECALL - 0.001


def test_same_outlet_place_and_day_is_not_enough() -> None:
    """Two events of one town told by one outlet on one day are two stories (issue 16: a pool
    reopening and a market moving were one "sujet", the second title shown nowhere)."""
    pool = article("pool", "Quimperlé : la piscine Aquapaq rouvre ses bassins après six mois de travaux", [
        "La piscine intercommunale de Quimperlé rouvre ce samedi après six mois de travaux sur sa toiture.",
        "Les nageurs retrouvent le bassin sportif et la pataugeoire ; les horaires d’été s’appliquent dès lundi.",
    ], "Le Télégramme")
    market = article("market", "Quimperlé : le marché du vendredi déménage place Saint-Michel", [
        "À partir du 4 juillet, le marché hebdomadaire de Quimperlé quitte les quais pour la place Saint-Michel.",
        "Les commerçants ambulants saluent un emplacement plus abrité ; le stationnement sera interdit le matin.",
    ], "Le Télégramme")
    pool.published = market.published = "2024-06-28"
    # An archive where the town is rare (2 passages in 100,000) and each other word is in 300:
    # the town's weight alone must not tie the two articles.
    frequencies = {t: 300 for t in lead_terms(pool) + lead_terms(market)} | {"quimperl": 2}
    assert ids(group_stories([pool, market], frequencies, 100_000)) == [["pool"], ["market"]]
    assert ids(group_stories([pool, market])) == [["pool"], ["market"]]


def test_shared_names_tell_one_event_from_the_same_topic() -> None:
    """Two hailstorms of one evening in two vineyards are told with the same words and name
    different places and people: two stories, though their cosine passes the former threshold
    (0.30). A rewrite of the first naming the same town and winegrower with other words merges,
    though its cosine alone does not pass it (issue 16, session 5)."""
    emilion = article("emilion", "Orages : la grêle ravage les vignes de Saint-Émilion", [
        "Des grêlons sont tombés jeudi soir sur les vignes de Saint-Émilion, en Gironde, détruisant une "
        "partie de la récolte, selon la chambre d’agriculture.",
        "« C’est une catastrophe », a réagi Jean-Marc Dubourg, viticulteur à Saint-Émilion.",
    ], "Sud Ouest")
    cognac = article("cognac", "Orages : la grêle frappe aussi le vignoble de Cognac", [
        "Jeudi soir, la grêle s’est abattue sur les vignes de Cognac, en Charente, ravageant des parcelles entières.",
        "« On n’avait jamais vu ça », confie Sylvie Marchand, viticultrice à Segonzac.",
    ], "La Charente libre")
    rewrite = article("rewrite", "Jean-Marc Dubourg : « Tout est perdu »", [
        "Près de Libourne, un producteur de Saint-Émilion a vu partir en quelques minutes le travail d’une année.",
        "Le vigneron Jean-Marc Dubourg raconte la nuit où la glace a fauché ses raisins ; ses quatre hectares "
        "de merlot, plantés par son grand-père, ne donneront rien cette année.",
    ], "L’Écho")
    assert {"emilion", "dubourg", "girond"} <= names(emilion) and not names(emilion) & names(cognac)
    assert "orag" not in names(emilion)  # the title's first word opens a sentence
    fps = {a.id: fingerprint(lead_terms(a), lambda _t: 1.0, names(a)) for a in (emilion, cognac, rewrite)}
    assert 0.30 <= similarity(fps["emilion"], fps["cognac"]) == pair_score(fps["emilion"], fps["cognac"]) < THRESHOLD
    assert similarity(fps["emilion"], fps["rewrite"]) < 0.30 < THRESHOLD <= pair_score(fps["emilion"], fps["rewrite"])
    assert ids(group_stories([emilion, cognac, rewrite])) == [["emilion", "rewrite"], ["cognac"]]


@pytest.mark.parametrize("text", ["", "« » … —", "1 2 3"])
def test_degenerate_texts_do_not_crash(text: str) -> None:
    batch = [article("a", "", [text]), article("b", "", [text])]
    assert sorted(i for s in ids(group_stories(batch)) for i in s) == ["a", "b"]
    assert isinstance(lead_terms(batch[0]), list)


def _unit(*terms: str):  # noqa: ANN202 — a Fingerprint of equally weighted terms, all of them keys
    import math

    from index.digest.stories import Fingerprint

    return Fingerprint({t: 1 / math.sqrt(len(terms)) for t in terms}, frozenset(terms))


def test_a_story_is_joined_one_hop_at_most() -> None:
    """Found by review (session 5): through the member link, unrelated events chained (a
    hailstorm, a round-up, a protest, a minister's aid). An article joins through a member only
    when that member joined through the story's first article."""
    from index.digest.stories import group

    first = _unit("a1", "a2", "a3", "a4", "s1", "s2")
    close = _unit("a1", "a2", "a3", "a4", "b1", "b2")  # joins through the first article (0.67)
    member = _unit("a1", "a2", "b1", "b2", "c1", "c2", "c3", "c4")  # through `close` (0.58; 0.29 to the first)
    far = _unit("a1", "a2", "c1", "c2", "c3", "d1", "d2")  # close to `member` only (0.67; 0.31 to the first)
    assert group([first, close, member, far]) == [[0, 1, 2], [3]]
    # a threshold above the member link is a threshold still (bench/story_features.py searches them)
    assert group([first, close], threshold=0.9) == [[0], [1]]


def test_names_after_an_initial_or_a_title() -> None:
    """"M. Dupont", "J.-L. Mélenchon": the full stop of an initial does not open a sentence."""
    from index.digest.stories import names

    found = names(Article(title="Titre", text="Le président M. Dupont a parlé. Selon J.-L. Mélenchon, rien."))
    assert {"dupont", "melenchon"} <= found
