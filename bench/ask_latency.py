"""The full answer's latency (`Index.ask`), newsbot's ranking against the ranking before issue 13,
question by question in one process (so that both see the same machine load).

    python bench/ask_latency.py --size 1m [--limit 300] [--workdir DIR]

Opens the index bench/run.py built (bench/out/idx/newsbot-newsbot-<size>), warms up on 50
questions, then for each latency question times `ask()` with `ranking.best_passages` (BM25,
then re-ranking the first 100) and with `ranking.bm25_passages` (BM25 alone, FTS5's constants),
alternating which goes first. The word vectors are loaded before timing (once per process).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import OUT, Corpus, parse_size, size_label  # noqa: E402
from bench.metrics import latency_summary  # noqa: E402
from bench.worker import memory  # noqa: E402
from index import open_index  # noqa: E402
from index.search.answers import ask  # noqa: E402
from index.search.ranking import best_passages, bm25_passages  # noqa: E402
from index.text.vectors import load_vectors  # noqa: E402

WARMUP = 50


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    workdir = args.workdir or OUT / "idx" / f"newsbot-newsbot-{size_label(parse_size(args.size))}"
    index = open_index(workdir / "newsbot.db", create=False, extract_quotes=False)
    queries = Corpus.open().queries()
    latency = [queries[kind][i]["question"] for kind, i in queries["latency"]]
    load_vectors()
    rankings = {"best": best_passages, "bm25": bm25_passages}
    for question in latency[:WARMUP]:
        for rank in rankings.values():
            ask(index, question, args.k, rank=rank)
    wall: dict[str, list[float]] = {name: [] for name in rankings}
    cpu: dict[str, list[float]] = {name: [] for name in rankings}
    for number, question in enumerate(latency[WARMUP:WARMUP + args.limit]):
        order = list(rankings) if number % 2 == 0 else list(reversed(rankings))
        for name in order:
            started, started_cpu = time.perf_counter_ns(), time.process_time_ns()
            ask(index, question, args.k, rank=rankings[name])
            wall[name].append((time.perf_counter_ns() - started) / 1e6)
            cpu[name].append((time.process_time_ns() - started_cpu) / 1e6)
    out = {name: {"wall": latency_summary(wall[name]), "cpu": latency_summary(cpu[name])} for name in rankings}
    print(json.dumps({"size": args.size, "questions": len(wall["best"]), "k": args.k, "memory": memory(), **out,
                      "load_average": os.getloadavg()}, indent=1))


if __name__ == "__main__":
    main()
