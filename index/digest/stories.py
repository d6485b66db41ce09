"""Stories: articles about the same event — from several outlets, or updates of one — grouped.

Pure functions, no I/O. An article's *fingerprint* is a unit tf-idf vector of the analyzed terms
of its title (counted twice) and lead (its first LEAD_TERMS terms: the event is told there; the
rest of an article wanders into background and reactions). Rarity comes from the archive's
document frequencies (`index.outbox.document_frequencies`), so that shared names and rare words
("Poutine", "Bélarus", "Iskander") tie articles together and "gouvernement" does not.

A fingerprint also holds the article's *names*: the analyzed terms of its capitalised words that
do not open a sentence (people, places, organisations, brands), in the same title and lead. Two
articles' *score* is the cosine of their fingerprints plus PROPER_WEIGHT times the Jaccard index
of their names: two reports of one event name the same people and places; two events of one
topic or affair told with the same words often do not (issue 16, session 5).

Grouping scales linearly: each article's KEY_TERMS heaviest terms go into an inverted index, and
only articles sharing at least MIN_SHARED_KEYS of them are compared. An article joins the story
whose first article it resembles most (score ≥ `threshold`), or a story holding an article it
resembles closely (score ≥ MEMBER_LINK) while still resembling the story's first article a
little (score ≥ MEMBER_GUARD), or a near copy of it (cosine ≥ NEAR_COPY); otherwise it starts a
new story. Comparing with the story's first article, and with other members only at a higher
score, avoids chaining unrelated articles through intermediate ones. Exact and near copies always
share all their key terms, so they are always compared, and always grouped.

Measured on 460 hand-labelled OrangeSum pairs (same event or not; `bench/story_pairs.py`,
`bench/story_features.py`, docs/digest.md): PROPER_WEIGHT and THRESHOLD are a logistic regression
of "same event" on the cosine and the names' Jaccard index, fitted on those dev pairs, its
decision threshold chosen by grouping the dev days; MEMBER_LINK is that regression's logit 1.
On the dev pairs: precision 0.958, recall 0.872 (the cosine alone at 0.30: 0.956, 0.837). The
same procedure cross-validated (5 folds by day, regression and threshold fitted on the training
days): 0.956, 0.855, against 0.956, 0.829 for the cosine alone with its threshold so chosen.
Lower, follow-ups of one affair (a minister's advice, then the prosecutor's inquiry) start
merging; higher, rewrites of one dispatch stay apart.

Session 6, on the three labelled draws' 660 pairs (the third no longer blind; draws 1-2 still
0.958 / 0.872, draw 3 0.881 / 0.857): this grouping cross-validated by day 0.953 / 0.821 (training
precision 0.955). Ten further signals were each added to the regression — title cosine, the
title's news after "Sujet :", opening sentences, shared word 4-grams, contradicting numbers or
title names, the lead without its names, spaCy word vectors of titles and leads — and none moved
the cross-validated figures by more than two pairs (0.951-0.957 / 0.783-0.815; docs/digest.md):
nothing was kept. The wrong merges are two happenings of one affair, and motor pages of one maker.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from index.text.analyze import analyze, fold
from index.store.models import Article

LEAD_CHARS = 1500  # analyze only the start of the text: enough for LEAD_TERMS terms
LEAD_TERMS = 80
TITLE_WEIGHT = 2
KEY_TERMS = 12
MIN_SHARED_KEYS = 2
PROPER_WEIGHT = 0.23  # weight of the names' Jaccard index in a pair's score
THRESHOLD = 0.34  # score with a story's first article to join it
MEMBER_LINK = 0.40  # score with another member of a story to join it…
MEMBER_GUARD = 0.20  # …when the score with its first article is at least this
NEAR_COPY = 0.8
MAX_POSTINGS = 500  # a key term shared by more articles than this in one batch is not a clue

Rarity = Callable[[str], float]

# Words, numbers, and the punctuation after which a capital opens a sentence rather than a name.
_NAME_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+|[.!?:;«»\"“”()\n]")
_SENTENCE_START = frozenset('.!?:;«»"“”(\n')


@dataclass(frozen=True)
class Fingerprint:
    """What an article is about: unit tf-idf weights of its lead's terms, and its key terms."""

    weights: Mapping[str, float]
    keys: frozenset[str]
    names: frozenset[str] = frozenset()


@dataclass
class Story:
    """Articles about one event; the first one is the one that opened the story."""

    articles: list[Article] = field(default_factory=list)


def rarity_from(frequencies: Mapping[str, int] | None, total: int) -> Rarity:
    """Inverse document frequency, log((N+1)/(df+1)) + 1, from an archive's term frequencies.

    Without frequencies every term weighs the same (analysis has already dropped stopwords).
    """
    if not frequencies or total <= 0:
        return lambda _term: 1.0
    return lambda term: math.log((total + 1) / (frequencies.get(term, 0) + 1)) + 1.0


def lead_terms(article: Article) -> list[str]:
    """The analyzed terms the fingerprint is made of: title (twice) and the text's first terms.

    Accents are folded before analysis, as the search analyzer did before issue 13 (it now stems
    the accented word): THRESHOLD was chosen on these terms, and a search change must not move
    the digest's grouping (with the new terms: dev precision 0.958 at 0.30, held-out recall down
    one pair at 0.31)."""
    return analyze(fold(article.title)) * TITLE_WEIGHT + analyze(fold(article.text[:LEAD_CHARS]))[:LEAD_TERMS]


_ABBREVIATIONS = frozenset("M Mme Mlle Dr Pr Me Mgr St Ste".split())


def names(article: Article) -> frozenset[str]:
    """The analyzed terms of the capitalised words of the title and lead that do not open a
    sentence: "Adèle Haenel", "Pont-de-Beauvoisin", "Rolls-Royce". The title's first word opens a
    sentence, so it is not one; a word after an elided article ("l’Élysée") is not one either
    (counting it was tried: the same cross-validated figures, docs/digest.md)."""
    found: set[str] = set()
    previous, before = ".", ""
    for token in _NAME_TOKEN_RE.findall(f"{article.title}.\n{article.text[:LEAD_CHARS]}"):
        initial = previous == "." and (len(before) == 1 and before.isupper() or before in _ABBREVIATIONS)
        if token[0].isupper() and (previous not in _SENTENCE_START or initial):  # "M. Dupont", "J.-L. Mélenchon"
            found.update(_name_terms(token))
        previous, before = token, previous
    return frozenset(found)


@lru_cache(maxsize=100_000)
def _name_terms(token: str) -> tuple[str, ...]:
    """The analyzed terms of one capitalised word (names repeat from article to article)."""
    return tuple(analyze(fold(token)))


def fingerprint(terms: Sequence[str], rarity: Rarity, names: frozenset[str] = frozenset()) -> Fingerprint:
    """The fingerprint of a list of analyzed terms (see `lead_terms`), with the article's `names`."""
    weights = {t: (1.0 + math.log(n)) * rarity(t) for t, n in Counter(terms).items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    unit = {t: w / norm for t, w in weights.items()}
    keys = sorted(unit, key=lambda t: (-unit[t], t))[:KEY_TERMS]
    return Fingerprint(unit, frozenset(keys), names)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Cosine of two fingerprints, from 0 (nothing in common) to 1 (same terms, same weights)."""
    if len(a.weights) > len(b.weights):
        a, b = b, a
    return sum(w * b.weights.get(t, 0.0) for t, w in a.weights.items())


def pair_score(a: Fingerprint, b: Fingerprint, cosine: float | None = None) -> float:
    """How surely two articles report one event: their cosine plus PROPER_WEIGHT times the
    Jaccard index of their names (0 when neither names anyone)."""
    cosine = similarity(a, b) if cosine is None else cosine
    union = len(a.names | b.names)
    return cosine + (PROPER_WEIGHT * len(a.names & b.names) / union if union else 0.0)


def group(fingerprints: Sequence[Fingerprint], threshold: float = THRESHOLD) -> list[list[int]]:
    """Groups of positions in `fingerprints` (each group in input order, groups by first member).

    `threshold` is the score (`pair_score`) an article needs with a story's first article."""
    postings: dict[str, list[int]] = defaultdict(list)
    lowest = min(threshold, MEMBER_LINK, NEAR_COPY)
    story_of: list[int] = []
    stories: list[list[int]] = []
    direct: list[bool] = []  # joined its story through the first article (or opened it)
    for i, fp in enumerate(fingerprints):
        shared: Counter[int] = Counter()
        for key in fp.keys:
            posting = postings[key]
            if len(posting) < MAX_POSTINGS:
                shared.update(posting)
                posting.append(i)
        best, best_score, best_direct = -1, 0.0, False
        for j, count in shared.items():
            if count < MIN_SHARED_KEYS:
                continue
            story = story_of[j]
            first = stories[story][0]
            cosine = similarity(fp, fingerprints[j])
            if cosine + PROPER_WEIGHT < lowest:  # the names cannot lift it to any threshold
                continue
            score = pair_score(fp, fingerprints[j], cosine)
            # Join a story through its first article, through a member close to this one (if the
            # first article is not unrelated to it), or through a near copy of this one.
            via_first = j == first and score >= threshold or cosine >= NEAR_COPY
            if via_first or (j != first and direct[j] and score >= MEMBER_LINK
                             and pair_score(fp, fingerprints[first]) >= MEMBER_GUARD):
                # one hop at most: through a member that itself joined through the first article
                if score > best_score:
                    best, best_score, best_direct = story, score, via_first
        if best < 0:
            best, best_direct = len(stories), True
            stories.append([])
        stories[best].append(i)
        story_of.append(best)
        direct.append(best_direct)
    return stories


def group_stories(
    articles: Sequence[Article],
    frequencies: Mapping[str, int] | None = None,
    total: int = 0,
    threshold: float = THRESHOLD,
    terms: Sequence[Sequence[str]] | None = None,
) -> list[Story]:
    """Articles grouped into stories, in order of each story's first article.

    `frequencies` and `total` (passages holding each term, number of passages) weigh terms by
    their rarity in the archive; see `index.outbox.document_frequencies`. `terms` are the
    articles' `lead_terms`, when the caller has them already.
    """
    rarity = rarity_from(frequencies, total)
    terms = terms if terms is not None else [lead_terms(a) for a in articles]
    fingerprints = [fingerprint(t, rarity, names(a)) for t, a in zip(terms, articles, strict=True)]
    return [Story([articles[i] for i in members]) for members in group(fingerprints, threshold)]
