"""Figures from raw results: latency percentiles, recall@k and MRR@10, overlap between rankings."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(ms: Sequence[float]) -> dict:
    return {
        "n": len(ms),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "mean": sum(ms) / len(ms) if ms else float("nan"),
        "max": max(ms) if ms else float("nan"),
    }


def first_relevant(top: Sequence[int], gold: set[int]) -> int | None:
    """1-based rank of the first relevant document, or None."""
    return next((rank for rank, doc in enumerate(top, start=1) if doc in gold), None)


def retrieval_quality(tops: Sequence[Sequence[int]], golds: Sequence[set[int]]) -> dict:
    """recall@1/@3/@10 (a relevant passage in the first k) and MRR@10 over the queries."""
    ranks = [first_relevant(top, gold) for top, gold in zip(tops, golds)]
    n = len(ranks)

    def recall(k: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / n if n else float("nan")

    return {
        "n": n,
        "r@1": recall(1),
        "r@3": recall(3),
        "r@10": recall(10),
        "mrr@10": sum(1 / r for r in ranks if r is not None and r <= 10) / n if n else float("nan"),
    }


def overlap_at_k(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]], k: int = 10) -> dict:
    """Mean share of b's top-k found in a's top-k, and how many queries have identical top-k sets."""
    shares, identical = [], 0
    for x, y in zip(a, b):
        x, y = set(x[:k]), set(y[:k])
        if not y:
            shares.append(1.0 if not x else 0.0)
        else:
            shares.append(len(x & y) / len(y))
        identical += x == y
    n = len(shares)
    return {"n": n, "overlap": sum(shares) / n if n else float("nan"), "identical": identical / n if n else float("nan")}
