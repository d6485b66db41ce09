"""Questions: what a journalist asks, turned into an intent, search terms and phrases.

"Qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?" is a `who_said` question whose
search terms are those of "le Kremlin a pris le Bélarus en otage nucléaire": the question words
are not searched for. Text inside « », “ ” or "" is also kept as a phrase, which search boosts.

A question asks who said something when it opens with "qui" and a verb of saying, in any tense
("qui a dénoncé…", "qui estime que…", "qui affirmait…", "qui a-t-il accusé…"), or "qui" and any
verb that introduces what was said ("qui a tranché que…", "qui a lancé : « … »"); or asks for
the author of words ("de qui est cette citation", "qui est l'auteur de la phrase « … »", "selon
qui", "à qui doit-on la formule"); or in English ("who said / claimed / warned …"). "Qui est le
maire de …" or "qui a remporté …" ask for an identity or a fact: those stay a search.

An English question's words are searched for as French (index.text.english): each word is a
*concept*, the French terms it may be written as; a French question's concepts are its terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from index.store.models import Intent
from index.text.analyze import analyze, fold
from index.text.english import concepts as english_concepts
from index.text.english import is_english
from index.text.speech_verbs import SPEECH_FORMS

# Verbs a question uses to ask who spoke that the quotation reader does not need (they rarely
# stand in incises): "qui a parlé de …", "qui a qualifié … de …", "qui pense que …".
_QUESTION_VERBS = (
    "parle parlé parlait parler evoque evoqué evoquait qualifie qualifié qualifiait pense pensait "
    "pensé croit croyait cru trouve trouvait accuse accusé accusait compare comparé traite traité "
    "menace menacé menaçait appelle appelé appelait invite invité cite cité salue salué saluait "
    "defend defendu defendait critique critiqué critiquait condamne condamné condamnait "
    "soutient soutenu soutenait promet promis promettait juge jugé jugeait"
)
_ENGLISH_VERBS = frozenset((
    "said says say stated wrote tweeted claimed claims told warned argued declared announced "
    "insisted suggested denied admitted described called criticized criticised praised promised "
    "predicted complained asked explained noted added accused slammed blasted mocked joked "
    "urged vowed thinks think believes believed called quipped remarked replied answered "
    "responded confirmed revealed estimated thanked thanks hailed welcomed condemned denounced "
    "dismissed defended expressed recalled conceded acknowledged lamented regretted hoped hopes "
    "feared fears boasted scoffed stressed emphasised emphasized blamed attacked lashed assured "
    "reassured demanded labelled labeled branded dubbed pledged threatened wondered questioned "
    "confided recounted testified maintained contended asserted affirmed reiterated repeated "
    "concluded cautioned alerted considers considered feels felt estimates"
).split())
_SKIP = frozenset((  # between "qui" and its verb: auxiliaries, clitics, negation, adverbs
    "a", "avait", "aurait", "aura", "ont", "est", "etait", "sera", "serait", "s'", "se", "t", "il",
    "a-t-il", "a-t-elle", "avait-il", "avait-elle",
    "elle", "-t-il", "-t-elle", "ne", "n'", "lui", "leur", "nous", "vous", "m'", "l'", "donc",
    "deja", "recemment", "publiquement", "ainsi", "aussi", "encore", "bien", "ensuite", "alors",
    "finalement", "hier", "récemment", "un", "jour", "meme", "notamment", "egalement", "d'abord",
))
_WHICH = frozenset(("quel", "quelle", "quels", "quelles", "which"))
_ENGLISH_AUX = frozenset("did does do is was are were will would can could should has have had".split())
_SINGULAR_AUX = frozenset("a avait aurait aura est etait sera serait".split())
_PLURAL_AUX = frozenset("ont avaient auraient auront sont etaient seront seraient".split())
# Kinds of speaker besides people's nouns ("Quel sondage a révélé que …", "Quel pays a dénoncé …")
_SPEAKER_KINDS = frozenset("sondage etude enquete rapport pays etat".split())
_OPENERS = frozenset(("et", "mais", "alors", "donc", "dis", "dites", "moi", "svp", "bonjour"))
_AUTHOR_NOUNS = r"(?:citation|phrase|declaration|formule|remarque|propos|mots?|tweet|saillie|petite\s+phrase)s?"
_AUTHOR_RE = re.compile(
    r"^\W*(?:(?:et|mais)\s+)?(?:"
    rf"(?:de|a)\s+qui\s+(?:est|sont|doit-on|devons-nous|attribue-t-on)\s+(?:la|les|cette|ces|ce)\s+{_AUTHOR_NOUNS}"
    rf"|qui\s+(?:est|sont|etait)\s+l'auteur(?:e)?\s+(?:de\s+(?:la|cette|ces|ce)|des|du)\s+{_AUTHOR_NOUNS}"
    r"|qui\s+est\s+a\s+l'origine\s+de\s+(?:la|cette|ces)\s+" + _AUTHOR_NOUNS +
    r"|(?:selon|d'apres)\s+qui"
    r"|who\s+(?:is\s+the\s+author\s+of|wrote)\s+(?:the|this)\s+(?:quote|phrase|words|remark|tweet)"
    r")\b[\s:,']*"
)
_TOKEN_RE = re.compile(r"[\w-]+['’]?|['’«»\"“”:,;?!.]")
_PHRASE_RE = re.compile(r"«\s*([^«»]+?)\s*»|“([^“”]+)”|\"([^\"]+)\"")


@dataclass
class Query:
    """An analyzed question: intent, search terms (unique, in order), phrases to boost."""

    question: str
    intent: Intent
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    topic: str = ""  # the question without its question words: what was said, for a who_said
    # what the question is about, each concept the terms it may be written as (one term each in
    # a French question; an English word's French translations); `terms` holds them all
    concepts: list[frozenset[str]] = field(default_factory=list)
    english: bool = False
    french: str = ""  # the topic in French words where an English question's words are known

    def __post_init__(self) -> None:
        self.french = self.french or self.topic


@lru_cache(maxsize=1)
def _speech_forms() -> frozenset[str]:
    """Every form of a verb of saying, folded (no accents), as questions are matched."""
    forms = {fold(form) for form, (_lemma, kind) in SPEECH_FORMS.items() if "-" not in form}
    return frozenset(forms | {fold(f) for f in _QUESTION_VERBS.split()})


@lru_cache(maxsize=1)
def _body_kinds() -> frozenset[str]:
    """Organisations' and institutions' nouns, folded, and the sources' (`_SPEAKER_KINDS`)."""
    from index.quotes.words import INSTITUTION_NOUNS, ORG_NOUNS

    return frozenset(fold(n) for n in ORG_NOUNS | INSTITUTION_NOUNS) | _SPEAKER_KINDS


@lru_cache(maxsize=1024)
def _speaker_kind(word: str) -> bool:
    """True for a (folded) noun that may name who spoke: a person's ("ministre", "elus"), an
    organisation's ("association", "syndicat") or a source's ("sondage")."""
    from index.quotes.words import is_person_noun

    singular = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return (is_person_noun(word) or is_person_noun(singular) or word in _body_kinds()
            or singular in _body_kinds())


def _tokens(question: str) -> list[tuple[str, int]]:
    """(folded token, end offset in `question`) of the question's words and marks."""
    return [(fold(m.group()).replace("’", "'"), m.end()) for m in _TOKEN_RE.finditer(question)]


def who_said_prefix(question: str) -> int:
    """Length of the question's "qui a dit que" part, in characters of `question`; 0 if none."""
    author = _AUTHOR_RE.match(fold(question))
    if author and len(fold(question)) == len(question):  # fold kept the offsets: cut there
        return author.end()
    if author:
        return _cut_after_words(question, len(author.group(0).split()))
    toks = _tokens(question)
    i = 0
    while i < len(toks) and (toks[i][0] in _OPENERS or toks[i][0] in (",", ":")):
        i += 1
    if i + 1 < len(toks) and toks[i][0] in _WHICH and toks[i + 1][0] in ("que", "qu'"):
        # "Quelle que soit la décision, qui a dit …": the concession is not the question
        comma = next((k for k in range(i + 2, len(toks)) if toks[k][0] == ","), None)
        if comma is None:
            return 0
        i = comma + 1
        while i < len(toks) and (toks[i][0] in _OPENERS or toks[i][0] in (",", ":")):
            i += 1
    if i < len(toks) and toks[i][0] in _WHICH:
        # "Quelle association a dénoncé …", "Which minister said …": who, of a kind
        english = toks[i][0] == "which"
        j = i + 1
        while j < min(len(toks), i + 5) and toks[j][0] not in _SKIP and toks[j][0] not in _speech_forms() \
                and toks[j][0] not in _ENGLISH_VERBS and toks[j][0].isalpha():
            j += 1  # the kind: "association", "syndicat", "ancien ministre", "French minister"
        if j == i + 1 or j >= len(toks):
            return 0
        kind = [t for t, _ in toks[i + 1:j]]
        if english and any(w in _ENGLISH_AUX for w in kind):
            return 0  # "Which day did he say …", "Which is said to be …": not who said it
        plural = toks[i][0] in ("quels", "quelles")
        if not english and (not any(_speaker_kind(w) for w in kind)
                            or toks[j][0] in (_SINGULAR_AUX if plural else _PLURAL_AUX)):
            return 0  # "Quelles mesures a annoncé le gouvernement", "Quel montant a promis le
            # ministre": what was said, its speaker after the verb; a search
        i = j
    elif i >= len(toks) or toks[i][0] not in ("qui", "who", "qui-a-t-il"):
        return 0
    else:
        english = toks[i][0] == "who"
        i += 1
    for _ in range(4):  # "qui a donc récemment dit", "qui ne s'est pas privé de dire"
        if i < len(toks) and toks[i][0] in _SKIP and not english:
            i += 1
    if i >= len(toks):
        return 0
    verb, end = toks[i]
    nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
    if english:
        if verb not in _ENGLISH_VERBS:
            return 0
        if nxt == "that":
            end = toks[i + 1][1]
        return end
    introduces = nxt in ("que", "qu'", ":", "«", '"', "“")
    if verb not in _speech_forms() and not (introduces and verb[-1:] in "eétsu" and verb not in ("est", "etait")):
        return 0
    if nxt in ("que", "qu'", ":"):
        end = toks[i + 1][1]
    return end


def _cut_after_words(question: str, words: int) -> int:
    """Offset in `question` after its first `words` whitespace-separated words."""
    found = list(re.finditer(r"\S+", question))
    return found[min(words, len(found)) - 1].end() if found else 0


def parse_question(question: str) -> Query:
    """Intent, terms and phrases of a question; terms may be empty (only stopwords, emoji…)."""
    cut = who_said_prefix(question)
    intent: Intent = "who_said" if cut else "search"
    topic = question[cut:].strip(" \t\n\u00a0\u202f:,'’")
    concepts, french = english_concepts(topic) if is_english(question) else ([], "")
    if concepts:
        terms = list(dict.fromkeys(t for concept in concepts for t in sorted(concept)))
        return Query(question=question, intent=intent, terms=terms, topic=topic, concepts=concepts,
                     english=True, french=french)
    terms = list(dict.fromkeys(analyze(topic)))
    phrases = []
    for match in _PHRASE_RE.finditer(topic):
        phrase = analyze(next(g for g in match.groups() if g))
        if len(phrase) >= 2 and phrase not in phrases:
            phrases.append(phrase)
    return Query(question=question, intent=intent, terms=terms, phrases=phrases, topic=topic,
                 concepts=[frozenset((t,)) for t in terms])
