"""Questions: what a journalist asks, turned into an intent, search terms and phrases.

"Qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?" is a `who_said` question whose
search terms are those of "le Kremlin a pris le Bélarus en otage nucléaire": the question words
are not searched for. Text inside « », “ ” or "" is also kept as a phrase, which search boosts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.store.models import Intent
from index.text.analyze import analyze, fold

SPEECH_VERBS = (
    "dit dire disait dis dirait declare declarait declarer affirme affirmait affirmer ecrit ecrire "
    "tweete twitte averti avertit estime estimait explique assure souligne indique precise lance "
    "rappele rappelle denonce fustige martele ajoute annonce promis confie raconte repondu reconnu "
    "admis qualifie menace juge prevenu predit prononce cite lache "
    "said says say stated wrote tweeted claimed told warned"
).split()
_VERBS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
# "qui a dit que", "qui a-t-il déclaré", "qui affirme :", "et qui a écrit", "who said", "de qui
# est la citation", "selon qui", "d'après qui": folded text, at the start of the question.
_WHO_SAID_RE = re.compile(
    r"^\W*(?:et\s+|mais\s+)?(?:"
    rf"(?:qui|who)\s+(?:\w+\s+){{0,3}}?(?:{_VERBS})\b(?:\s+(?:que|qu'|ceci|cela|ca))?"
    r"|(?:de\s+qui|selon\s+qui|d'apres\s+qui)\b(?:\s+(?:est|sont)\s+(?:la|les|cette|ces)\s+(?:citation|phrase|propos|mots)s?)?"
    r")[\s:,']*"
)
_PHRASE_RE = re.compile(r"«\s*([^«»]+?)\s*»|“([^“”]+)”|\"([^\"]+)\"")


@dataclass
class Query:
    """An analyzed question: intent, search terms (unique, in order), phrases to boost."""

    question: str
    intent: Intent
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    topic: str = ""  # the question without its question words: what was said, for a who_said


def who_said_prefix(question: str) -> int:
    """Length of the question's "qui a dit que" part, in characters of `question`; 0 if none."""
    folded = fold(question)
    match = _WHO_SAID_RE.match(folded)
    if not match or not match.group(0).strip(" :,'"):
        return 0
    # fold() keeps one character per character for French text; map back by position.
    return min(match.end(), len(question))


def parse_question(question: str) -> Query:
    """Intent, terms and phrases of a question; terms may be empty (only stopwords, emoji…)."""
    cut = who_said_prefix(question)
    intent: Intent = "who_said" if cut else "search"
    topic = question[cut:].strip()
    terms = list(dict.fromkeys(analyze(topic)))
    phrases = []
    for match in _PHRASE_RE.finditer(topic):
        phrase = analyze(next(g for g in match.groups() if g))
        if len(phrase) >= 2 and phrase not in phrases:
            phrases.append(phrase)
    return Query(question=question, intent=intent, terms=terms, phrases=phrases, topic=topic)
