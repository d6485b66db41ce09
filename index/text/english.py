"""English questions over French articles: "Who said the floods in Karachi were a man-made
disaster?" searches for "inondation", "crue", "Karachi", "catastrophe"… (issue 15).

A question is English when its function words are English ("the", "that", "would") rather than
French (`is_english`). Each of its other words becomes one *concept*: the French terms it may be
written as in an article (`concepts`), from an English → French word list derived from the French
Wiktionary (en_fr.tsv.gz, CC BY-SA 3.0, built by bench/english_lexicon.py: each English word's
translations that French news uses, most used first), and the word's own term: a name
("Karachi", "Cuomo"), a cognate ("tribunal"), a word the list does not hold ("coronavirus"), a
number. Search reads each word's terms the index knows, commonest first; deciding whether a quote
answers counts each concept once, whichever of its terms the passage holds (index.search.answers).
A French question that quotes English ("Qui a dit I can't breathe ?") stays French.
"""

from __future__ import annotations

import gzip
import logging
import re
import zlib
from functools import lru_cache
from pathlib import Path

import Stemmer

from index.text.analyze import analyze, fold

LEXICON = Path(__file__).with_name("en_fr.tsv.gz")
log = logging.getLogger("newsbot.index")

# Words that carry no content in an English question, and what tells English from French:
# pronouns, articles, auxiliaries, prepositions, conjunctions, common adverbs.
_FUNCTION_WORDS = frozenset("""
a an the this that these those it its it's he she they them their his her him we us our you your i
me my who whom whose which what when where why how is are was were be been being am do does did
done have has had having will would shall should can could may might must not no nor and or but
if then than so as of at by for from in into on onto to with without about after before over
under between during against through up down out off very just also only even still too
there here some any all each every both either neither more most much many such own same other
another whether while because although though since until unless upon via per ever yet
soon once one ones rather s t don doesn didn isn wasn aren weren wouldn can't cannot
""".split())
_FRENCH_FUNCTION_WORDS = frozenset(fold(w) for w in """
le la les un une des du de au aux et est sont qui que qu quand dans pour par sur avec ne pas plus
il elle ils elles on nous vous son sa ses leur leurs ce cette ces a été avait était sera être fait
""".split())
# Irregular English verb forms, to their base form (Snowball stems "took" as "took"): the list's
# entries are base forms.
_IRREGULAR = dict(pair.split(":") for pair in """
took:take taken:take made:make went:go gone:go got:get gotten:get gave:give given:give told:tell
thought:think came:come found:find left:leave felt:feel kept:keep brought:bring began:begin
begun:begin ran:run won:win lost:lose paid:pay held:hold built:build sold:sell met:meet fell:fall
fallen:fall stood:stand spent:spend sent:send led:lead struck:strike wrote:write written:write
spoke:speak spoken:speak chose:choose chosen:choose drove:drive driven:drive rose:rise risen:rise
grew:grow grown:grow knew:know known:know flew:fly flown:fly threw:throw thrown:throw broke:break
broken:break stole:steal stolen:steal forgot:forget forgotten:forget saw:see seen:see ate:eat
eaten:eat drew:draw drawn:draw hid:hide hidden:hide caught:catch fought:fight taught:teach
bought:buy sought:seek slept:sleep wore:wear worn:wear tore:tear torn:tear born:bear shot:shoot
fed:feed fled:flee dealt:deal meant:mean sang:sing sung:sing sank:sink sunk:sink swam:swim
became:become withdrew:withdraw withdrawn:withdraw shook:shake shaken:shake forgave:forgive
forgiven:forgive froze:freeze frozen:freeze hung:hang lent:lend lit:light rode:ride ridden:ride
sat:sit shone:shine stuck:stick swore:swear sworn:swear woke:wake woken:wake understood:understand
children:child women:woman men:man mice:mouse teeth:tooth feet:foot lives:life
""".split())
# Pronouns and adverbs the list (nouns, verbs, adjectives, adverbs of Wiktionary's tables) lacks
# or translates badly ("nothing" → "RAS"): their French, searched as any translation
_CLOSED_CLASS = {"nothing": ("rien",), "never": ("jamais",), "always": ("toujours",), "nobody": ("personne",),
                 "anyone": ("personne",), "none": ("aucun",), "again": ("nouveau",), "already": ("déjà",),
                 "everyone": ("chacun",), "everybody": ("chacun",), "someone": ("quelqu'un",)}
_QUOTED_RE = re.compile(r"«[^«»]*»|“[^“”]*”|‘[^‘’]*’|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")  # never across an
# opening mark: linear. Single quotes only around words ('yes we can'), not an apostrophe (can't).
# A French question opens so: "qui …", "de qui …", "quel …", "selon qui …" (never English, whatever
# English words it quotes: "Qui a dit I can't breathe ?")
_FRENCH_OPENING = re.compile(r"^\W*(?:(?:et|mais)\s+)?(?:qui|que|qu|quel|quelle|quels|quelles|quand|ou|comment|pourquoi|"
                             r"combien|de\s+qui|a\s+qui|selon\s+qui|d'apres\s+qui)\b")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)?")


def is_english(text: str) -> bool:
    """True when `text` reads as English: at least two English function words, and more of them
    than French ones ("a" counts as neither), words in quotation marks left out, and never when
    it opens as a French question ("Who said the crew saved their lives" yes; "Qui a dit que …",
    "Qui a lancé « the show must go on » ?", "Qui a dit I can't breathe ?" no)."""
    if _FRENCH_OPENING.match(fold(text).replace("’", "'")):
        return False
    words = [fold(w).replace("’", "'") for w in _WORD_RE.findall(_QUOTED_RE.sub(" ", text))]
    english = sum(w in _FUNCTION_WORDS and w != "a" for w in words)  # "a" is French too
    french = sum(w in _FRENCH_FUNCTION_WORDS for w in words)
    return english >= 2 and english > french


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, ...]]:
    """English stem → French words, most used in French news first; empty, with a warning, when
    the file is absent or damaged (English words are then searched as written)."""
    found: dict[str, tuple[str, ...]] = {}
    try:
        with gzip.open(LEXICON, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                stem, _, words = line.rstrip("\n").partition("\t")
                found[stem] = tuple(words.split())
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
        log.warning("the English word list %s cannot be read (%s): English questions are searched as written",
                    LEXICON, exc)
        return {}
    return found


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=4096)
def translations(word: str) -> tuple[str, ...]:
    """The French words an English word may be written as, most used first; () if none known."""
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    lowered = _IRREGULAR.get(lowered, lowered)
    return _CLOSED_CLASS.get(lowered) or _lexicon().get(_stemmer().stemWord(lowered), ())


def concepts(text: str) -> tuple[list[frozenset[str]], str]:
    """The concepts of an English question's topic (each a set of French terms, in order: the
    word's own term — a name, a cognate — and its translations'), and the topic in French words
    as far as the list knows them (for word vectors and names). A capitalised word is a name
    ("Trump", "May"); a function word opening the topic ("The floods …") or in lower case is
    none, but an acronym is ("the US")."""
    found: list[frozenset[str]] = []
    seen: set[frozenset[str]] = set()
    rendered: list[str] = []
    for match in _WORD_RE.finditer(text):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        name = word[:1].isupper()
        if fold(word) in _FUNCTION_WORDS and not (word.isupper() and len(word) > 1 or name and match.start() > 0):
            continue
        french = translations(word)
        terms = set(analyze(word))
        for candidate in french:
            terms.update(analyze(candidate))
        concept = frozenset(terms)
        if concept and concept not in seen:
            seen.add(concept)
            found.append(concept)
            rendered.append(word if name or not french else french[0])
    return found, " ".join(rendered)
