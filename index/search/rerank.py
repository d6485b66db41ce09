"""Re-ranking the passages BM25 found first (issue 13): BM25 still finds the candidates and
makes most of the score, which two features of each candidate then correct:

- *proximity*: question terms standing close together in the passage (Rasolofo & Savoy 2003:
  each pair of distinct question terms at most PROXIMITY_WINDOW terms apart adds the smaller
  of their IDFs over the squared distance of their closest occurrences);
- *similarity*: the cosine between the mean word vector of the question's topic and that of the
  passage (index.text.vectors), which credits a passage for saying it in other words
  ("hissée" for "élevée").

    rerank(candidates, terms, idf, topic) -> candidates, best first

Weights and depth were chosen on the PIAF tuning part only (bench/search_variants.py,
docs/benchmarks.md). The words shown as matched are still the question's terms found in the
passage: the features reorder passages, they add no terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

from index.text.vectors import WordVectors, load_vectors

DEPTH = 50  # candidates BM25 hands to the re-ranking (PIAF tuning part: R@10 0.777 at 30, 0.781 at 50, 0.782 at 100)
PROXIMITY_WEIGHT = 0.25
PROXIMITY_WINDOW = 5
SIMILARITY_WEIGHT = 16.0


class Ranked(Protocol):
    """What re-ranking reads of a candidate (index.search.ranking.Candidate)."""

    score: float
    text: str
    body: tuple[str, ...]  # the passage's analyzed terms, in order


R = TypeVar("R", bound=Ranked)


def proximity(body: Sequence[str], terms: Sequence[str], idf: Mapping[str, float],
              window: int = PROXIMITY_WINDOW) -> float:
    """Term-pair proximity of a passage's analyzed terms `body` (in order) for the question's
    `terms`: Σ over pairs of distinct question terms within `window` of each other of
    min(idf) / d², d the distance of their closest occurrences (Rasolofo & Savoy 2003)."""
    wanted = set(terms)
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(body):
        if term in wanted:
            positions.setdefault(term, []).append(i)
    found = list(positions)
    score = 0.0
    for a, first in enumerate(found):
        for second in found[a + 1:]:
            d = min(abs(x - y) for x in positions[first] for y in positions[second])
            if d <= window:
                score += min(idf.get(first, 0.0), idf.get(second, 0.0)) / (d * d)
    return score


def rerank(candidates: list[R], terms: Sequence[str], idf: Mapping[str, float], topic: str,
           vectors: WordVectors | None = None) -> list[R]:
    """The candidates, best first by BM25 + proximity + similarity; each candidate's `score`
    becomes that sum. Without word vectors (spaCy's model not installed), BM25 + proximity."""
    vectors = vectors if vectors is not None else load_vectors()
    question = vectors.mean(topic) if vectors is not None else None
    passages = vectors.means([c.text for c in candidates]) if question is not None else [None] * len(candidates)
    for candidate, passage in zip(candidates, passages):
        extra = PROXIMITY_WEIGHT * proximity(candidate.body, terms, idf)
        if question is not None and passage is not None:
            extra += SIMILARITY_WEIGHT * float(question @ passage)
        candidate.score += extra
    return sorted(candidates, key=lambda c: -c.score)
