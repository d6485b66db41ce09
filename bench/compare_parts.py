"""PIAF figures of each engine of a bench/run.py run on the tuning and held-out parts
(bench/piaf_split.py), with the paired difference of each to newsbot and its 95 % interval.

    python bench/compare_parts.py [--size 100k]

Reads the raw query outputs in bench/out/raw/<size>/ (each engine's top 10 per question).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import OUT, Corpus, parse_size, size_label  # noqa: E402
from bench.piaf_split import question_splits  # noqa: E402

REFERENCE = "newsbot"


def per_question(top: list[int], gold: set[int]) -> tuple[float, ...]:
    """(hit@1, hit@3, hit@10, reciprocal rank@10) of one question."""
    rank = next((r for r, doc in enumerate(top[:10], start=1) if doc in gold), None)
    return tuple(float(rank is not None and rank <= k) for k in (1, 3, 10)) + ((1 / rank) if rank else 0.0,)


def interval(diffs: list[float]) -> tuple[float, float]:
    n = len(diffs)
    mean = sum(diffs) / n
    var = sum((d - mean) ** 2 for d in diffs) / (n - 1)
    return mean, 1.96 * math.sqrt(var / n)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k")
    args = parser.parse_args(argv)
    size = parse_size(args.size)
    corpus = Corpus.open()
    plan, _ = corpus.plan(size)
    queries = corpus.queries()["piaf"]
    gold = dict(zip((q["id"] for q in queries), corpus.gold_docs(plan, queries)))
    splits = question_splits()
    raw = OUT / "raw" / size_label(size)
    engines = {}
    for path in sorted(raw.glob("*-query.json")):
        quality = json.loads(path.read_text(encoding="utf-8")).get("quality", {}).get("piaf")
        if quality and len(quality["ids"]) == len(queries):
            engines[path.name[: -len("-query.json")].replace("_", " ")] = dict(zip(quality["ids"], quality["top"]))
    reference = engines[REFERENCE]
    print("| engine | part | n | R@1 | R@3 | R@10 | MRR@10 | R@10 − newsbot (95 % interval) | MRR@10 − newsbot |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for part in ("tune", "heldout", "all"):
        ids = [q["id"] for q in queries if part == "all" or splits[q["id"]] == part]
        for name, tops in engines.items():
            rows = [per_question(tops[i], gold[i]) for i in ids]
            ref = [per_question(reference[i], gold[i]) for i in ids]
            means = [sum(r[c] for r in rows) / len(rows) for c in range(4)]
            r10 = interval([a[2] - b[2] for a, b in zip(rows, ref)])
            mrr = interval([a[3] - b[3] for a, b in zip(rows, ref)])
            diff = "—" if name == REFERENCE else f"{r10[0]:+.4f} (±{r10[1]:.4f})"
            diff_mrr = "—" if name == REFERENCE else f"{mrr[0]:+.4f} (±{mrr[1]:.4f})"
            print(f"| {name} | {part} | {len(ids):,} | " + " | ".join(f"{m:.3f}" for m in means) + f" | {diff} | {diff_mrr} |")


if __name__ == "__main__":
    main()
