"""Query planning, measured: speed and result difference against exhaustive BM25 on one index.

    python bench/planning.py --size 1m [--k 10] [--budgets 2000:2000,5000:5000,5000:20000]

On newsbot's index built by bench/run.py for that size, over the 1,000 latency questions, in one
process, one after the other (same cache state for all):
- "search_passages (today)": index.search.search_passages — `rank MATCH 'bm25(…)' ORDER BY rank`;
- "ORDER BY bm25()": the same FTS5 ranking written as `ORDER BY bm25(passages_fts, 0.5, 1) LIMIT k`
  (FTS5's `ORDER BY rank` sorts every matching row in an inner statement prepared per query);
- "planned B:W": bench/planned_search.top_passages with budget B and widening budget W.
Each gives p50/p95/p99, overlap@10 and identical top-10 sets against exhaustive BM25, and for the
planned ones the share of queries ranked plainly (few matches) and proven exact.
Results go to bench/out/results.json under "planning".
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

from bench import planned_search  # noqa: E402
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
    parser.add_argument("--budgets", default="2000:2000,5000:5000,5000:20000,10000:40000")
    parser.add_argument("--limit", type=int, default=0, help="only the first N latency questions")
    parser.add_argument("--results", type=Path, default=OUT / "results.json")
    parser.add_argument("--db", type=Path, help="the index (default: the one bench/run.py built for that size)")
    args = parser.parse_args(argv)

    from index import open_index
    from index.search import CONTEXT_WEIGHT, plan_terms, search_passages

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
    rank = f"bm25(passages_fts, {CONTEXT_WEIGHT:g}, 1)"

    rows = {}
    today, today_times = timed(lambda t: search_passages(index, t, [], k) if t else [], terms)
    reference, times = timed(lambda t: planned_search._ranked(index, t, rank, k) if t else [], terms)
    exhaustive = [[r for r, _ in ranked] for ranked in reference]
    rows["FTS5 ORDER BY bm25() LIMIT k"] = {"latency": summary(times)}
    # Scores: the k-th best score must be the same (ties may order equal scores differently).
    kth = [abs(a[-1].score - b[-1][1]) if a and b else (0.0 if not a and not b else 1.0)
           for a, b in zip(today, reference)]
    rows["search_passages (postings)"] = {
        "latency": summary(today_times),
        "overlap": overlap_at_k(exhaustive, [[c.passage_id for c in found] for found in today], k),
        "kth_score_max_difference": max(kth),
    }
    scores_equal = sum(
        len(a) == len(b) and all(abs(x.score - y[1]) < 1e-9 for x, y in zip(a, b)) for a, b in zip(today, reference)
    ) / len(terms)
    rows["search_passages (postings)"]["same_scores"] = scores_equal
    print("largest difference of the k-th score:", max(kth), "; questions with the same k scores:", scores_equal)
    for budgets in filter(None, args.budgets.split(",")):
        budget, widen = (int(x) for x in budgets.split(":"))
        stats: list[dict] = []

        def planned(t: list[str], budget: int = budget, widen: int = widen) -> list[int]:
            info: dict = {}
            top = planned_search.top_passages(index, t, k, budget=budget, widen_budget=widen, stats=info)
            stats.append(info)
            return [r for r, _ in top]

        found, times = timed(planned, terms)
        rows[f"planned {budget}:{widen}"] = {
            "latency": summary(times),
            "overlap": overlap_at_k(exhaustive, found, k),
            "plain": sum(s["plain"] for s in stats) / len(stats),
            "proven": sum(s["proven"] for s in stats) / len(stats),
        }
    for name, row in rows.items():
        lat = row["latency"]
        extra = ""
        if "overlap" in row:
            extra = f"  overlap@{k} {row['overlap']['overlap']:.4f}  identical {row['overlap']['identical']:.3f}"
        if "proven" in row:
            extra += f"  plain {row['plain']:.2f}  proven exact {row['proven']:.3f}"
        cpu = lat["cpu"]
        print(f"{name:26s} p50 {lat['p50']:7.2f}  p95 {lat['p95']:7.2f}  p99 {lat['p99']:7.2f} ms"
              f" (CPU {cpu['p50']:.2f} / {cpu['p95']:.2f} / {cpu['p99']:.2f}){extra}")
    results = json.loads(args.results.read_text(encoding="utf-8")) if args.results.is_file() else {}
    results.setdefault("planning", {})[f"{label} k={k}"] = {"questions": len(terms), "rows": rows}
    args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
