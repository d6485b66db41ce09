"""Stories: articles about the same event — from several outlets, or updates of one — grouped.

Pure functions, no I/O. An article's *fingerprint* is a unit tf-idf vector of the analyzed terms
of its title (counted twice) and lead (its first LEAD_TERMS terms: the event is told there; the
rest of an article wanders into background and reactions). Rarity comes from the archive's
document frequencies (`index.outbox.document_frequencies`), so that shared names and rare words
("Poutine", "Bélarus", "Iskander") tie articles together and "gouvernement" does not.

Grouping scales linearly: each article's KEY_TERMS heaviest terms go into an inverted index, and
only articles sharing at least MIN_SHARED_KEYS of them are compared (cosine). An article joins
the story whose first article it resembles most (cosine ≥ `threshold`), or a story holding a
near copy of it (cosine ≥ NEAR_COPY); otherwise it starts a new story. Comparing with the
story's first article rather than with any member avoids chaining unrelated articles through
intermediate ones. Exact and near copies always share all their key terms, so they are always
compared, and always grouped.

Measured on 260 hand-labelled OrangeSum pairs (same event or not; `bench/story_pairs.py`,
tests/data/story_pairs.jsonl, docs/digest.md): the threshold, 0.30, was chosen on the "dev" pairs
alone (their precision stays at 0.97 from 0.30 up while recall falls), then scored once on the
"heldout" pairs. Lower, follow-ups of one affair (a minister's advice, then the prosecutor's
inquiry) start merging; higher, rewrites of one dispatch stay apart.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from index.text.analyze import analyze, fold
from index.store.models import Article

LEAD_CHARS = 1500  # analyze only the start of the text: enough for LEAD_TERMS terms
LEAD_TERMS = 80
TITLE_WEIGHT = 2
KEY_TERMS = 12
MIN_SHARED_KEYS = 2
THRESHOLD = 0.30
NEAR_COPY = 0.8
MAX_POSTINGS = 500  # a key term shared by more articles than this in one batch is not a clue

Rarity = Callable[[str], float]


@dataclass(frozen=True)
class Fingerprint:
    """What an article is about: unit tf-idf weights of its lead's terms, and its key terms."""

    weights: Mapping[str, float]
    keys: frozenset[str]


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


def fingerprint(terms: Sequence[str], rarity: Rarity) -> Fingerprint:
    """The fingerprint of a list of analyzed terms (see `lead_terms`)."""
    weights = {t: (1.0 + math.log(n)) * rarity(t) for t, n in Counter(terms).items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    unit = {t: w / norm for t, w in weights.items()}
    keys = sorted(unit, key=lambda t: (-unit[t], t))[:KEY_TERMS]
    return Fingerprint(unit, frozenset(keys))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Cosine of two fingerprints, from 0 (nothing in common) to 1 (same terms, same weights)."""
    if len(a.weights) > len(b.weights):
        a, b = b, a
    return sum(w * b.weights.get(t, 0.0) for t, w in a.weights.items())


def group(fingerprints: Sequence[Fingerprint], threshold: float = THRESHOLD) -> list[list[int]]:
    """Groups of positions in `fingerprints` (each group in input order, groups by first member)."""
    postings: dict[str, list[int]] = defaultdict(list)
    story_of: list[int] = []
    stories: list[list[int]] = []
    for i, fp in enumerate(fingerprints):
        shared: Counter[int] = Counter()
        for key in fp.keys:
            posting = postings[key]
            if len(posting) < MAX_POSTINGS:
                shared.update(posting)
                posting.append(i)
        best, best_score = -1, 0.0
        for j, count in shared.items():
            if count < MIN_SHARED_KEYS:
                continue
            story = story_of[j]
            score = similarity(fp, fingerprints[j])
            # Join a story through its first article, or through a near copy of this one.
            if (j == stories[story][0] and score >= threshold) or score >= NEAR_COPY:
                if score > best_score:
                    best, best_score = story, score
        if best < 0:
            best = len(stories)
            stories.append([])
        stories[best].append(i)
        story_of.append(best)
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
    fingerprints = [fingerprint(t, rarity) for t in terms]
    return [Story([articles[i] for i in members]) for members in group(fingerprints, threshold)]
