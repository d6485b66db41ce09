"""Cross-validation of the digest's story grouping on the dev pairs (issue 16, sessions 5 and 6).

Dev pairs: the first three draws (tests/data/story_pairs.jsonl, story_pairs_2.jsonl,
story_pairs_3.jsonl: 660 pairs; `--draws 1,2` gives session 5's 460). The third draw was scored
once, blind, in session 5, then its errors were read in session 6: it is dev data now. The fourth
draw (story_pairs_4.jsonl) is the next held-out set and is never opened here.

Each labelled day is grouped as one digest batch, as `bench/story_pairs.py score` does (term
rarity from the labelled days' articles); the grouping is `index.digest.stories.group`'s,
replayed on precomputed pair matrices (cosine of the fingerprints, Jaccard index of the names,
shared key terms, and the candidate signals below) so that many settings can be tried.

5-fold cross-validation by day (both articles of a pair are of one day; days shuffled with a
seed, several seeds): on the training days a variant's parameters are fitted (a logistic
regression of "same event" on the cosine and the variant's signals, the signals' weights then
expressed in cosine units) and chosen (the threshold: highest recall whose precision on the
training days is at least `--precision`; the member link at the regression's logit 1), then the
test days are grouped with them; the figures pool the test folds' pairs.

Candidate signals (session 6), each a matrix over a day's pairs of articles (`SIGNALS`):
title alone, the title's news after its "Sujet :" label, the opening sentence, one's title in
the other's opening sentence, shared word 4-grams, numbers of the titles that differ, names of
one title that the other does not name, the lead without its names, and spaCy's word vectors
(`index.text.vectors`) of the titles and of the leads; in session 7, the direct quotations
(`index.quotes`' rules, as word 5-grams) both articles carry, or that both have and share none.

    python bench/story_features.py cv [--precision 0.955] [--seeds 3] [--draws 1,2,3] [--only NAME]
    python bench/story_features.py screen [--draws 1,2,3]   # pairwise: precision at recall 0.85 / 0.80, each signal beside the kept score
    python bench/story_features.py fit [--draws 1,2,3]      # the regression on all dev pairs, the kept grouping's dev figures
"""

from __future__ import annotations

import argparse
import collections
import math
import random
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.story_pairs import PAIRS, PAIRS_2, PAIRS_3, articles_of, load_pairs, read_corpus  # noqa: E402
from index.digest.stories import (MEMBER_GUARD, MIN_SHARED_KEYS, NEAR_COPY, Fingerprint, fingerprint,  # noqa: E402
                                  lead_terms, names, rarity_from, similarity)
from index.store.models import Article  # noqa: E402
from index.text.analyze import analyze, fold  # noqa: E402

DRAWS = {1: PAIRS, 2: PAIRS_2, 3: PAIRS_3}  # the fourth draw is held out: never listed here
Scorer = Callable[[str], np.ndarray]  # day → matrix of pair scores
Rarity = Callable[[str], float]


# ---------------------------------------------------------------------------- candidate signals
# Each: (the day's articles, their fingerprints, term rarity) → symmetric matrix of pair values.

Signal = Callable[[Sequence[Article], Sequence[Fingerprint], Rarity], np.ndarray]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d+(?:[., ]\d{3})*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_WORD = re.compile(r"[^\W_]+")


def _unit(terms: Sequence[str], rarity: Rarity) -> dict[str, float]:
    weights = {t: (1.0 + math.log(n)) * rarity(t) for t, n in collections.Counter(terms).items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def _pairs(values: Sequence, measure: Callable) -> np.ndarray:
    n = len(values)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i):
            out[i, j] = out[j, i] = measure(values[i], values[j])
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _news(title: str) -> str:
    """A title's news: what follows its last " : " ("Affaire Rugy : …", "Covid-19 : …"), else all of it."""
    parts = [p for p in re.split(r"\s*:\s+", title) if p.strip()]
    return parts[-1] if len(parts) > 1 else title


def opening(article: Article) -> str:
    """The first sentence of the first paragraph of over 25 characters (a date line is skipped)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", article.text) if len(p.strip()) > 25]
    return _SENTENCE_END.split((paragraphs[0] if paragraphs else article.text).strip())[0][:400]


def title_cosine(articles, _fps, rarity):
    return _pairs([_unit(analyze(fold(a.title)), rarity) for a in articles], _cosine)


def news_cosine(articles, _fps, rarity):
    return _pairs([_unit(analyze(fold(_news(a.title))), rarity) for a in articles], _cosine)


def opening_cosine(articles, _fps, rarity):
    return _pairs([_unit(analyze(fold(opening(a))), rarity) for a in articles], _cosine)


def title_in_opening(articles, _fps, rarity):
    """How much each title is told in the other's opening sentence: the lower of the two cosines."""
    both = [(_unit(analyze(fold(a.title)), rarity), _unit(analyze(fold(opening(a))), rarity)) for a in articles]
    return _pairs(both, lambda x, y: min(_cosine(x[0], y[1]), _cosine(y[0], x[1])))


def shingles(articles, _fps, _rarity, k: int = 4):
    """Word k-grams of title and lead shared by both, over the fewer of the two (a dispatch rewritten)."""
    grams = []
    for a in articles:
        words = _WORD.findall(fold(f"{a.title} . {a.text[:1500]}").lower())
        grams.append(set(zip(*(words[i:] for i in range(k)))))
    return _pairs(grams, lambda x, y: len(x & y) / min(len(x), len(y)) if x and y else 0.0)


def other_numbers(articles, _fps, _rarity):
    """1 when both titles hold numbers (years aside) and share none: a toll, a score, an age."""
    numbers = [{n for n in _NUMBER.findall(a.title) if not _YEAR.fullmatch(n)} for a in articles]
    return _pairs(numbers, lambda x, y: float(bool(x) and bool(y) and not x & y))


def title_names_missing(articles, fps, _rarity):
    """Names of one title that the other article does not name at all, both ways (two towns, two makers)."""
    titled = [(names(Article(title=a.title, text="", id=a.id)), fp.names) for a, fp in zip(articles, fps, strict=True)]
    return _pairs(titled, lambda x, y: len(x[0] - y[1]) + len(y[0] - x[1]))


def content_cosine(articles, fps, rarity):
    """The lead's cosine without the names: what happened, apart from who and where."""
    return _pairs([_unit([t for t in lead_terms(a) if t not in fp.names], rarity)
                   for a, fp in zip(articles, fps, strict=True)], _cosine)


def _vectors(texts: list[str], rarity: Rarity) -> np.ndarray:
    """Rarity-weighted mean of spaCy's word vectors (read without running the pipeline), cosines."""
    from index.text.vectors import load_vectors

    vectors = load_vectors()
    if vectors is None:
        raise SystemExit("word vectors unavailable (fr_core_news_md)")
    means = []
    for text in texts:
        total = np.zeros(vectors.unit.shape[1])
        for word in _WORD.findall(text):
            rows, terms = vectors.rows(word), analyze(fold(word))
            if rows and terms:
                total += vectors.unit[rows[0]] * rarity(terms[0])
        norm = np.linalg.norm(total)
        means.append(total / norm if norm else total)
    matrix = np.array(means)
    return matrix @ matrix.T


def title_vectors(articles, _fps, rarity):
    return _vectors([a.title for a in articles], rarity)


def lead_vectors(articles, _fps, rarity):
    return _vectors([f"{a.title} {a.text[:700]}" for a in articles], rarity)


_QUOTE_GRAMS: dict[tuple[str, ...], list[set[tuple[str, ...]]]] = {}  # a day's articles → their grams


def _quote_grams(articles: Sequence[Article], k: int = 5) -> list[set[tuple[str, ...]]]:
    """Each article's direct quotations (index.quotes, rules only), as word k-grams; read once a day
    for both signals below."""
    key = tuple(a.id for a in articles)
    if key not in _QUOTE_GRAMS:
        from index.quotes.extract import extract_quotes_many  # noqa: PLC0415 — heavy, for these signals only
        grams = []
        for quotes in extract_quotes_many(list(articles), use_nlp=False):
            words = [_WORD.findall(fold(q.text).lower()) for q in quotes if q.direct]
            grams.append({tuple(w[i:i + k]) for w in words for i in range(len(w) - k + 1)})
        _QUOTE_GRAMS[key] = grams
    return _QUOTE_GRAMS[key]


def shared_quote(articles, _fps, _rarity):
    """1 when both articles carry one quotation (five words in a row): one dispatch, one event."""
    return _pairs(_quote_grams(articles), lambda x, y: float(bool(x & y)))


def other_quotes(articles, _fps, _rarity):
    """1 when both articles quote someone and share no quotation (contradiction: two happenings)."""
    return _pairs(_quote_grams(articles), lambda x, y: float(bool(x) and bool(y) and not x & y))


SIGNALS: dict[str, tuple[str, Signal]] = {
    "title": ("tf-idf cosine of the titles alone", title_cosine),
    "news": ("tf-idf cosine of the titles' news (after 'Sujet :')", news_cosine),
    "opening": ("tf-idf cosine of the opening sentences", opening_cosine),
    "title_in_opening": ("each title in the other's opening sentence (lower cosine)", title_in_opening),
    "shingles": ("shared word 4-grams of title and lead", shingles),
    "numbers": ("the titles' numbers differ (contradiction)", other_numbers),
    "title_names": ("names of one title the other does not name (contradiction)", title_names_missing),
    "content": ("lead cosine without the names", content_cosine),
    "title_vectors": ("word vectors of the titles (rarity-weighted mean, cosine)", title_vectors),
    "lead_vectors": ("word vectors of title and lead", lead_vectors),
    "shared_quote": ("a quotation both carry (session 7)", shared_quote),
    "other_quotes": ("both quote, no quotation shared (contradiction, session 7)", other_quotes),
}


# ---------------------------------------------------------------------------- the days


class Days:
    """The labelled days' pair matrices and labelled pairs."""

    def __init__(self, draws: Sequence[int] = (1, 2, 3)) -> None:
        pairs = [p for n in draws for p in load_pairs(DRAWS[n]) if p["same"] is not None]
        rows = read_corpus()
        date_of = {r["id"]: r["date"] for r in rows}
        days = {date_of[p["a"]] for p in pairs}
        articles = articles_of([r for r in rows if r["date"] in days])
        terms = {a.id: lead_terms(a) for a in articles}
        self.rarity = rarity_from(collections.Counter(t for ts in terms.values() for t in set(ts)), len(articles))
        self.articles: dict[str, list[Article]] = collections.defaultdict(list)
        for a in articles:
            self.articles[a.published].append(a)
        self.fingerprints: dict[str, list[Fingerprint]] = {}
        self.matrix: dict[str, dict[str, np.ndarray]] = collections.defaultdict(dict)  # signal → day → matrix
        self.position: dict[str, dict[int, int]] = {}
        self._candidates: dict[str, list[list[int]]] = {}
        for day, group in self.articles.items():
            fps = [fingerprint(terms[a.id], self.rarity, names(a)) for a in group]
            self.fingerprints[day] = fps
            self.matrix["cosine"][day] = _pairs(fps, similarity)
            self.matrix["names"][day] = _pairs(fps, lambda x, y: len(x.names & y.names) / len(x.names | y.names)
                                               if x.names | y.names else 0.0)
            keys = _pairs(fps, lambda x, y: len(x.keys & y.keys))
            self._candidates[day] = [[j for j in range(i) if keys[i, j] >= MIN_SHARED_KEYS] for i in range(len(fps))]
            self.position[day] = {int(a.id): k for k, a in enumerate(group)}
        self.pairs: dict[str, list[dict]] = collections.defaultdict(list)
        for p in pairs:
            self.pairs[date_of[p["a"]]].append(p)
        self.days = sorted(self.pairs)

    def signal(self, name: str) -> dict[str, np.ndarray]:
        """A candidate signal's matrices (computed once)."""
        if name not in self.matrix:
            compute = SIGNALS[name][1]
            for day, group in self.articles.items():
                self.matrix[name][day] = compute(group, self.fingerprints[day], self.rarity)
        return self.matrix[name]

    def group(self, day: str, score: np.ndarray, threshold: float, member: float, guard: float) -> list[int]:
        """`index.digest.stories.group` on one day, with `score` as the pair score: each article's story."""
        cosine = self.matrix["cosine"][day]
        story_of: list[int] = []
        stories: list[list[int]] = []
        direct: list[bool] = []
        for i, candidates in enumerate(self._candidates[day]):
            best, best_score, best_direct = -1, -np.inf, False
            for j in candidates:
                story = story_of[j]
                first = stories[story][0]
                s = score[i, j]
                via_first = j == first and s >= threshold or cosine[i, j] >= NEAR_COPY
                if via_first or (j != first and direct[j] and s >= member and score[i, first] >= guard):
                    if s > best_score:
                        best, best_score, best_direct = story, s, via_first
            if best < 0:
                best, best_direct = len(stories), True
                stories.append([])
            stories[best].append(i)
            story_of.append(best)
            direct.append(best_direct)
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

    def features(self, days: list[str], signals: Sequence[str] = ("cosine", "names")) -> tuple[np.ndarray, np.ndarray]:
        """The signals' values on the labelled pairs of `days`, and their labels."""
        matrices = [self.signal(s) if s in SIGNALS else self.matrix[s] for s in signals]
        x, y = [], []
        for day in days:
            at = self.position[day]
            for p in self.pairs[day]:
                i, j = at[p["a"]], at[p["b"]]
                x.append([m[day][i, j] for m in matrices])
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
WIDE_THRESHOLDS = [round(t, 2) for t in np.arange(0.20, 0.61, 0.01)]  # a fitted score, its signals centred


def cosine_alone(days: Days, _train: list[str]) -> tuple[Scorer, list[float], float, float]:
    return days.matrix["cosine"].__getitem__, THRESHOLDS, np.inf, 0.0


def names_fixed(days: Days, _train: list[str]) -> tuple[Scorer, list[float], float, float]:
    """What runs: 0.23 × the names' Jaccard and member link 0.40; threshold chosen per fold."""
    return (lambda day: days.matrix["cosine"][day] + 0.23 * days.matrix["names"][day]), THRESHOLDS, 0.40, MEMBER_GUARD


def fitted(*signals: str) -> Variant:
    """The cosine and `signals` in a regression fitted on the training pairs: the score is the
    cosine plus each signal's weight in cosine units times its distance from its training mean,
    the member link at the regression's logit 1; the threshold chosen on the training days."""
    def variant(days: Days, train: list[str]) -> tuple[Scorer, list[float], float, float]:
        x, y = days.features(train, ("cosine", *signals))
        intercept, weights = logistic(x, y)
        means = x[:, 1:].mean(0)
        matrices = [days.signal(s) if s in SIGNALS else days.matrix[s] for s in signals]
        relative = weights[1:] / weights[0]
        member = (1.0 - intercept - float(weights[1:] @ means)) / weights[0]

        def scorer(day: str) -> np.ndarray:
            # in cosine units, each signal centred on its training mean: the thresholds stay comparable
            return days.matrix["cosine"][day] + sum((w * (m[day] - mu) for w, m, mu in zip(relative, matrices, means,
                                                                                           strict=True)),
                                                    np.zeros_like(days.matrix["cosine"][day]))
        return scorer, WIDE_THRESHOLDS, member, MEMBER_GUARD
    return variant


VARIANTS: dict[str, Variant] = {
    "cosine alone (threshold chosen per fold)": cosine_alone,
    "cosine + 0.23 × names' Jaccard, member link 0.40 (what runs)": names_fixed,
    "cosine + names' Jaccard, regression fitted per fold (session 5's procedure)": fitted("names"),
    **{f"… + {label}": fitted("names", name) for name, (label, _) in SIGNALS.items()},
    "… + all the signals above": fitted("names", *SIGNALS),
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


def screen(days: Days, signals: Sequence[str], seeds: int = 3, recalls: Sequence[float] = (0.85, 0.80)) -> list[float]:
    """Pairwise, no grouping: a regression on `signals` fitted on four folds of days scores the
    fifth; the pooled scores' precision at each of `recalls`, averaged over `seeds` shuffles."""
    x, y = days.features(days.days, signals)
    day_of = [day for day in days.days for _ in days.pairs[day]]
    out = []
    for seed in range(seeds):
        order = days.days[:]
        random.Random(seed).shuffle(order)
        fold_of = {day: k % 5 for k, day in enumerate(order)}
        fold = np.array([fold_of[day] for day in day_of])
        score = np.zeros(len(y))
        for k in range(5):
            intercept, weights = logistic(x[fold != k], y[fold != k])
            score[fold == k] = intercept + x[fold == k] @ weights
        found = np.cumsum(y[np.argsort(-score)])
        precision, recall = found / np.arange(1, len(y) + 1), found / y.sum()
        out.append([precision[np.searchsorted(recall, r)] for r in recalls])
    return list(np.mean(out, axis=0))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", default="1,2,3", help="the labelled draws to read (1, 2, 3; the fourth is held out)")
    commands = parser.add_subparsers(dest="command", required=True)
    cv = commands.add_parser("cv", help="cross-validated precision and recall of each variant")
    cv.add_argument("--precision", type=float, default=0.955, help="training precision the threshold must reach")
    cv.add_argument("--seeds", type=int, default=3, help="shuffles of the days into folds")
    cv.add_argument("--only", action="append", default=[], help="variants whose name holds this text")
    commands.add_parser("screen", help="pairwise precision at recall 0.85 and 0.80 of each signal beside the kept score")
    commands.add_parser("fit", help="the regression on all dev pairs, and the kept grouping's dev figures")
    args = parser.parse_args(argv)
    draws = [int(n) for n in args.draws.split(",")]
    if any(n not in DRAWS for n in draws):
        raise SystemExit(f"draws are among {sorted(DRAWS)}: the fourth draw is held out")
    days = Days(draws)
    print(f"dev: draws {args.draws}, {sum(len(p) for p in days.pairs.values())} pairs, {len(days.days)} days")
    if args.command == "cv":
        print(f"threshold: highest training recall at training precision ≥ {args.precision}")
        for name, variant in VARIANTS.items():
            if args.only and not any(o in name for o in args.only):
                continue
            runs = [cross_validate(days, variant, args.precision, seed) for seed in range(args.seeds)]
            print(f"  {name}: precision {np.mean([r[0] for r in runs]):.3f}, recall {np.mean([r[1] for r in runs]):.3f} "
                  f"(per seed {', '.join(f'{p:.3f}/{r:.3f}' for p, r, _ in runs)}; thresholds {runs[0][2]})", flush=True)
    elif args.command == "screen":
        print("pairwise, regression cross-validated by day: precision at recall 0.85 / 0.80")
        for label, signals in [("cosine", ("cosine",)), ("cosine + names (what runs)", ("cosine", "names"))] + [
                (f"… + {label}", ("cosine", "names", name)) for name, (label, _) in SIGNALS.items()] + [
                ("… + all", ("cosine", "names", *SIGNALS))]:
            at85, at80 = screen(days, signals)
            print(f"  {label}: {at85:.3f} / {at80:.3f}", flush=True)
    else:
        intercept, (w_cos, w_names) = logistic(*days.features(days.days))
        print(f"logit = {intercept:.3f} + {w_cos:.3f} × cosine + {w_names:.3f} × names' Jaccard: names' weight "
              f"{w_names / w_cos:.4f}, logit 0 at score {-intercept / w_cos:.4f}, logit 1 at {(1 - intercept) / w_cos:.4f}")
        from index.digest.stories import MEMBER_LINK, PROPER_WEIGHT, THRESHOLD

        scorer = lambda day: days.matrix["cosine"][day] + PROPER_WEIGHT * days.matrix["names"][day]  # noqa: E731
        for threshold in (0.30, 0.32, THRESHOLD, 0.36, 0.38, 0.40, 0.42, 0.45):
            p, r = precision_recall(*days.count(days.days, scorer, threshold, max(MEMBER_LINK, threshold), MEMBER_GUARD))
            print(f"  kept form, threshold {threshold:.2f}: dev precision {p:.3f}, recall {r:.3f}")


if __name__ == "__main__":
    main()
