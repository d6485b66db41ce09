"""Term postings against FTS5 alone: speed, and whether they rank the same, on one index.

    python bench/planning.py --size 1m [--k 10] [--limit N] [--db PATH]

On newsbot's index built by bench/run.py for that size (or --db), over the 1,000 latency
questions, in one process, one after the other (same cache state for both):
- "FTS5 ORDER BY bm25() LIMIT k": index.search.ranking.fts5_passages, every passage holding a term scored;
- "search_passages (postings)": index.search.ranking.search_passages (index.search.postings, MaxScore).
Gives p50/p95/p99 (wall and CPU), overlap@k and identical top-k sets against FTS5 (equal scores
may be ordered differently: the 1M corpus repeats OrangeSum, so ties are many), the largest
difference of the k-th score and the share of questions whose k scores are all the same.
Opening an index built before the postings builds them first (timed). Results go to
bench/out/results.json under "planning".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import OUT, Corpus, parse_size, size_label  # noqa: E402
from bench.metrics import latency_summary, overlap_at_k  # noqa: E402


CPU_TIMES: dict[int, list[float]] = {}


def timed(function, inputs: list) -> tuple[list, list[float]]:
    """Outputs and wall times (ms); CPU times are kept in CPU_TIMES under the same list's id."""
    outputs, times, cpu = [], [], []
    for item in inputs:
        started, started_cpu = time.perf_counter(), time.process_time()
        outputs.append(function(item))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    CPU_TIMES[id(times)] = cpu
    return outputs, times


def summary(times: list[float]) -> dict:
    return {**latency_summary(times), "cpu": latency_summary(CPU_TIMES[id(times)])}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", required=True, type=parse_size)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--limit", type=int, default=0, help="only the first N latency questions")
    parser.add_argument("--results", type=Path, default=OUT / "results.json")
    parser.add_argument("--db", type=Path, help="the index (default: the one bench/run.py built for that size)")
    args = parser.parse_args(argv)

    from index import open_index
    from index.search.ranking import fts5_passages, plan_terms, search_passages

    label = size_label(args.size)
    db = args.db or OUT / "idx" / f"newsbot-newsbot-{label}" / "newsbot.db"
    if not db.is_file():
        sys.exit(f"bench: no index at {db}; build it with: python bench/run.py --sizes {label}")
    corpus = Corpus.open()
    queries = corpus.queries()
    latency = [queries[kind][i] for kind, i in queries["latency"]]
    if args.limit:
        latency = latency[: args.limit]
    started = time.perf_counter()
    index = open_index(db, create=False, extract_quotes=False)  # builds the postings of an older index
    print(f"opened in {time.perf_counter() - started:.1f} s")
    terms = [plan_terms(index, q["terms"]) for q in latency]
    k = args.k
    for t in terms[:50]:  # warm-up
        search_passages(index, t, [], k)

    rows = {}
    today, today_times = timed(lambda t: search_passages(index, t, [], k) if t else [], terms)
    reference, times = timed(lambda t: fts5_passages(index, t, [], k) if t else [], terms)
    exhaustive = [[c.passage_id for c in ranked] for ranked in reference]
    rows["FTS5 ORDER BY bm25() LIMIT k"] = {"latency": summary(times)}
    # Scores: the k-th best score must be the same (ties may order equal scores differently).
    kth = [abs(a[-1].score - b[-1].score) if a and b else (0.0 if not a and not b else 1.0)
           for a, b in zip(today, reference)]
    rows["search_passages (postings)"] = {
        "latency": summary(today_times),
        "overlap": overlap_at_k(exhaustive, [[c.passage_id for c in found] for found in today], k),
        "kth_score_max_difference": max(kth),
    }
    scores_equal = sum(
        len(a) == len(b) and all(abs(x.score - y.score) < 1e-9 for x, y in zip(a, b)) for a, b in zip(today, reference)
    ) / len(terms)
    rows["search_passages (postings)"]["same_scores"] = scores_equal
    print("largest difference of the k-th score:", max(kth), "; questions with the same k scores:", scores_equal)
    for name, row in rows.items():
        lat = row["latency"]
        extra = ""
        if "overlap" in row:
            extra = f"  overlap@{k} {row['overlap']['overlap']:.4f}  identical {row['overlap']['identical']:.3f}"
        cpu = lat["cpu"]
        print(f"{name:26s} p50 {lat['p50']:7.2f}  p95 {lat['p95']:7.2f}  p99 {lat['p99']:7.2f} ms"
              f" (CPU {cpu['p50']:.2f} / {cpu['p95']:.2f} / {cpu['p99']:.2f}){extra}")
    results = json.loads(args.results.read_text(encoding="utf-8")) if args.results.is_file() else {}
    results.setdefault("planning", {})[f"{label} k={k}"] = {"questions": len(terms), "rows": rows}
    args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
