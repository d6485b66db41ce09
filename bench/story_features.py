"""Cross-validation of the digest's story grouping on the dev pairs (issue 16, session 5).

Only the dev pairs are read (tests/data/story_pairs.jsonl and story_pairs_2.jsonl): the third
draw is the held-out set and is never opened here. Each labelled day is grouped as one digest
batch, as `bench/story_pairs.py score` does (term rarity from the labelled days' articles); the
grouping is `index.digest.stories.group`'s, replayed on precomputed pair matrices (cosine of the
fingerprints, Jaccard index of the names, shared key terms) so that many settings can be tried.

5-fold cross-validation by day (both articles of a pair are of one day; days shuffled with a
seed, several seeds): on the training days a variant's parameters are fitted (the logistic
regression) and chosen (the threshold: highest recall whose precision on the training days is
at least `--precision`), then the test days are grouped with them; the figures pool the test
folds' pairs.

    python bench/story_features.py cv [--precision 0.955] [--seeds 3]   # each variant's cross-validated figures
    python bench/story_features.py fit                                  # the regression on all 460 dev pairs
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.story_pairs import PAIRS, PAIRS_2, articles_of, load_pairs, read_corpus  # noqa: E402
from index.digest.stories import (MEMBER_GUARD, MIN_SHARED_KEYS, NEAR_COPY, fingerprint,  # noqa: E402
                                  lead_terms, names, rarity_from, similarity)

Scorer = Callable[[str], np.ndarray]  # day → matrix of pair scores


class Days:
    """The labelled days' pair matrices and labelled pairs."""

    def __init__(self) -> None:
        pairs = [p for p in load_pairs(PAIRS) + load_pairs(PAIRS_2) if p["same"] is not None]  # dev only
        rows = read_corpus()
        date_of = {r["id"]: r["date"] for r in rows}
        days = {date_of[p["a"]] for p in pairs}
        articles = articles_of([r for r in rows if r["date"] in days])
        terms = {a.id: lead_terms(a) for a in articles}
        rarity = rarity_from(collections.Counter(t for ts in terms.values() for t in set(ts)), len(articles))
        by_day: dict[str, list] = collections.defaultdict(list)
        for a in articles:
            by_day[a.published].append(a)
        self.cosine: dict[str, np.ndarray] = {}
        self.names: dict[str, np.ndarray] = {}
        self.keys: dict[str, np.ndarray] = {}
        self.position: dict[str, dict[int, int]] = {}
        for day, group in by_day.items():
            fps = [fingerprint(terms[a.id], rarity, names(a)) for a in group]
            n = len(fps)
            cos, jac, keys = np.zeros((n, n)), np.zeros((n, n)), np.zeros((n, n))
            for i in range(n):
                for j in range(i):
                    union = len(fps[i].names | fps[j].names)
                    cos[i, j] = cos[j, i] = similarity(fps[i], fps[j])
                    jac[i, j] = jac[j, i] = len(fps[i].names & fps[j].names) / union if union else 0.0
                    keys[i, j] = keys[j, i] = len(fps[i].keys & fps[j].keys)
            self.cosine[day], self.names[day], self.keys[day] = cos, jac, keys
            self.position[day] = {int(a.id): k for k, a in enumerate(group)}
        self.pairs: dict[str, list[dict]] = collections.defaultdict(list)
        for p in pairs:
            self.pairs[date_of[p["a"]]].append(p)
        self.days = sorted(self.pairs)

    def group(self, day: str, score: np.ndarray, threshold: float, member: float, guard: float) -> list[int]:
        """`index.digest.stories.group` on one day, with `score` as the pair score: each article's story."""
        cosine, keys = self.cosine[day], self.keys[day]
        story_of: list[int] = []
        stories: list[list[int]] = []
        for i in range(len(cosine)):
            best, best_score = -1, -np.inf
            for j in range(i):
                if keys[i, j] < MIN_SHARED_KEYS:
                    continue
                story = story_of[j]
                first = stories[story][0]
                s = score[i, j]
                if ((j == first and s >= threshold) or cosine[i, j] >= NEAR_COPY
                        or (s >= member and score[i, first] >= guard)):
                    if s > best_score:
                        best, best_score = story, s
            if best < 0:
                best = len(stories)
                stories.append([])
            stories[best].append(i)
            story_of.append(best)
        return story_of

    def count(self, days: list[str], scorer: Scorer, threshold: float, member: float, guard: float) -> tuple[int, int, int]:
        """True positives, false positives, false negatives over the labelled pairs of `days`."""
        tp = fp = fn = 0
        for day in days:
            story = self.group(day, scorer(day), threshold, member, guard)
            at = self.position[day]
            for p in self.pairs[day]:
                together = story[at[p["a"]]] == story[at[p["b"]]]
                tp += together and p["same"]
                fp += together and not p["same"]
                fn += not together and p["same"]
        return tp, fp, fn

    def features(self, days: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(cosine, names' Jaccard) of the labelled pairs of `days`, and their labels."""
        x, y = [], []
        for day in days:
            at = self.position[day]
            for p in self.pairs[day]:
                i, j = at[p["a"]], at[p["b"]]
                x.append((self.cosine[day][i, j], self.names[day][i, j]))
                y.append(float(p["same"]))
        return np.array(x), np.array(y)


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> tuple[float, np.ndarray]:
    """Intercept and weights (raw feature scale) of an L2-regularized logistic regression
    (Newton's method on standardized features)."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.c_[np.ones(len(x)), (x - mu) / sd]
    w = np.zeros(z.shape[1])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(len(w) - 1)])
    for _ in range(30):
        p = 1 / (1 + np.exp(-z @ w))
        w -= np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + penalty, z.T @ (p - y) + penalty @ w)
    weights = w[1:] / sd
    return float(w[0] - (weights * mu).sum()), weights


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def choose(results: list[tuple[float, tuple[int, int, int]]], precision: float) -> float:
    """The threshold of highest recall among those reaching `precision` (else of highest precision)."""
    scored = [(t, *precision_recall(*counts)) for t, counts in results]
    reaching = [s for s in scored if s[1] >= precision]
    return (max(reaching, key=lambda s: (s[2], s[1])) if reaching else max(scored, key=lambda s: s[1]))[0]


# A variant: training days → (scorer, thresholds to choose from, member link, guard).
Variant = Callable[[Days, list[str]], tuple[Scorer, list[float], float, float]]
THRESHOLDS = [round(t, 2) for t in np.arange(0.24, 0.46, 0.01)]


def cosine_alone(days: Days, _train: list[str]) -> tuple[Scorer, list[float], float, float]:
    return days.cosine.__getitem__, THRESHOLDS, np.inf, 0.0


def cosine_member_link(days: Days, _train: list[str]) -> tuple[Scorer, list[float], float, float]:
    # The member link of the kept grouping (0.40 over a threshold of 0.34), on the cosine alone.
    return days.cosine.__getitem__, THRESHOLDS, 0.40, MEMBER_GUARD


def names_fixed(days: Days, _train: list[str]) -> tuple[Scorer, list[float], float, float]:
    """The kept grouping's form with its dev weight (0.23) and member link (0.40); threshold chosen per fold."""
    return (lambda day: days.cosine[day] + 0.23 * days.names[day]), THRESHOLDS, 0.40, MEMBER_GUARD


def names_fitted(days: Days, train: list[str]) -> tuple[Scorer, list[float], float, float]:
    """The kept grouping's procedure: the regression fitted on the training pairs gives the names'
    weight and the member link (its logit 1); the threshold is chosen on the training days."""
    intercept, (w_cos, w_names) = logistic(*days.features(train))
    weight, member = w_names / w_cos, (1.0 - intercept) / w_cos
    return (lambda day: days.cosine[day] + weight * days.names[day]), THRESHOLDS, member, MEMBER_GUARD


VARIANTS: dict[str, Variant] = {
    "cosine alone (threshold chosen per fold)": cosine_alone,
    "cosine, member link 0.40": cosine_member_link,
    "cosine + 0.23 × names' Jaccard, member link 0.40": names_fixed,
    "cosine + names' Jaccard, regression fitted per fold (kept)": names_fitted,
}


def cross_validate(days: Days, variant: Variant, precision: float, seed: int) -> tuple[float, float, list[float]]:
    order = days.days[:]
    random.Random(seed).shuffle(order)
    folds = [order[k::5] for k in range(5)]
    tp = fp = fn = 0
    chosen = []
    for k, test in enumerate(folds):
        train = [d for m, fold in enumerate(folds) if m != k for d in fold]
        scorer, thresholds, member, guard = variant(days, train)
        threshold = choose([(t, days.count(train, scorer, t, member, guard)) for t in thresholds], precision)
        chosen.append(threshold)
        a, b, c = days.count(test, scorer, threshold, member, guard)
        tp, fp, fn = tp + a, fp + b, fn + c
    return *precision_recall(tp, fp, fn), chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cv = commands.add_parser("cv", help="cross-validated precision and recall of each variant")
    cv.add_argument("--precision", type=float, default=0.955, help="training precision the threshold must reach")
    cv.add_argument("--seeds", type=int, default=3, help="shuffles of the days into folds")
    commands.add_parser("fit", help="the regression on all dev pairs, and the kept grouping's dev figures")
    args = parser.parse_args(argv)
    days = Days()
    if args.command == "cv":
        print(f"dev: {sum(len(p) for p in days.pairs.values())} pairs, {len(days.days)} days; "
              f"threshold: highest training recall at training precision ≥ {args.precision}")
        for name, variant in VARIANTS.items():
            runs = [cross_validate(days, variant, args.precision, seed) for seed in range(args.seeds)]
            print(f"  {name}: precision {np.mean([r[0] for r in runs]):.3f}, recall {np.mean([r[1] for r in runs]):.3f} "
                  f"(per seed {', '.join(f'{p:.3f}/{r:.3f}' for p, r, _ in runs)}; thresholds {runs[0][2]})")
    else:
        intercept, (w_cos, w_names) = logistic(*days.features(days.days))
        print(f"logit = {intercept:.3f} + {w_cos:.3f} × cosine + {w_names:.3f} × names' Jaccard: names' weight "
              f"{w_names / w_cos:.4f}, logit 0 at score {-intercept / w_cos:.4f}, logit 1 at {(1 - intercept) / w_cos:.4f}")
        from index.digest.stories import MEMBER_LINK, PROPER_WEIGHT, THRESHOLD

        scorer = lambda day: days.cosine[day] + PROPER_WEIGHT * days.names[day]  # noqa: E731
        for threshold in (0.30, 0.32, THRESHOLD, 0.36):
            p, r = precision_recall(*days.count(days.days, scorer, threshold, MEMBER_LINK, MEMBER_GUARD))
            print(f"  kept form, threshold {threshold:.2f}: dev precision {p:.3f}, recall {r:.3f}")


if __name__ == "__main__":
    main()
