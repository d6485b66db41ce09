"""One engine, one task, in its own process (so that its memory is measured alone); prints JSON.

    python bench/worker.py --engine newsbot --size 100k --task build --workdir bench/out/idx/newsbot-100k
    python bench/worker.py --engine newsbot --size 100k --task query --workdir … [--mode ask|fts5]
    python bench/worker.py --engine tantivy --size 100k --task add   --workdir …   (on a copy)
    python bench/worker.py --engine rank-bm25 --size 100k --task all  (build and query, one process)

Tasks: build (build time, peak RSS, disk size) · query (RSS of a process that only opens the
index and answers; latency of the latency sample; top-10 of the quality questions) · add (adds
the 1,000 articles that follow the corpus to a copy of the index, then latency again).
The run script (bench/run.py) calls this; use it directly to re-run one measurement.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import OUT, Corpus, parse_size  # noqa: E402
from bench.engines import Engine, make_engine  # noqa: E402

WARMUP = 50
ADD_ARTICLES = 1_000


def memory() -> dict:
    """This process's resident memory now and at its peak (MB), from /proc/self/status."""
    out = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key = "rss_mb" if line.startswith("VmRSS") else "peak_rss_mb"
                out[key] = round(int(line.split()[1]) / 1024, 1)
    return out


def latency_pass(engine: Engine, queries: list[dict], k: int) -> dict:
    """Warm up on the first queries, then time each query; top-k kept for comparisons."""
    for query in queries[:WARMUP]:
        engine.search(query, k)
    times, cpu, tops = [], [], []
    for query in queries:
        started, started_cpu = time.perf_counter_ns(), time.process_time_ns()
        top = engine.search(query, k)
        times.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.process_time_ns() - started_cpu) / 1e6)
        tops.append(top)
    # CPU time too: other processes share the 2 cores, and wall time then includes waiting for one.
    return {"ms": [round(t, 4) for t in times], "cpu_ms": [round(t, 4) for t in cpu],
            "ids": [q["id"] for q in queries], "top": tops}


def quality_pass(engine: Engine, queries: list[dict], k: int) -> dict:
    started = time.perf_counter()
    tops = [engine.search(query, k) for query in queries]
    return {"top": tops, "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", required=True)
    parser.add_argument("--tokenizer", default="newsbot")
    parser.add_argument("--size", required=True, type=parse_size)
    parser.add_argument("--task", required=True, choices=["build", "query", "add", "all"])
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--out-dir", type=Path, default=OUT, help="where the corpus cache is")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--mode", default="search", help="newsbot: search, ask or fts5")
    parser.add_argument("--context-weight", type=float, help="newsbot/fts5: weight of title+heading")
    parser.add_argument("--context-weights", default="", help="newsbot: extra PIAF quality runs, e.g. 0,0.25,1")
    parser.add_argument("--latency-limit", type=int, default=0, help="time only the first N latency queries")
    parser.add_argument("--quality", default="piaf,who_said", help="quality sets to answer ('' for none)")
    parser.add_argument("--quality-subset", action="store_true", help="1,000 PIAF and 500 who-said questions")
    parser.add_argument("--quotes", action="store_true", help="newsbot: extract quotations while indexing")
    parser.add_argument("--mmap", action="store_true", help="bm25s: load the index memory-mapped")
    parser.add_argument("--output", type=Path, help="write the JSON result here (default: stdout)")
    args = parser.parse_args(argv)

    corpus = Corpus.open(args.out_dir)
    plan, extra = corpus.plan(args.size, ADD_ARTICLES)
    options = {"mode": args.mode, "mmap": args.mmap, "quotes": args.quotes}
    if args.context_weight is not None:
        options["context_weight"] = args.context_weight
    workdir = args.workdir or OUT / "idx" / f"{args.engine}-{args.tokenizer}-{args.size}"
    if args.task == "add":
        source = make_engine(args.engine, workdir, args.tokenizer, **options)
        copy = workdir.with_name(workdir.name + "-add")
        if copy.exists():
            import shutil

            shutil.rmtree(copy)
        source.copy_to(copy)
        workdir = copy
    engine = make_engine(args.engine, workdir, args.tokenizer, **options)
    result: dict = {"engine": args.engine, "tokenizer": args.tokenizer, "mode": args.mode, "task": args.task,
                    "size": args.size, "passages": corpus.passage_count(plan), "k": args.k,
                    "baseline": memory()}

    if args.task in ("build", "all"):
        result["build"] = engine.build(corpus, plan)
        gc.collect()
        result["build"].update(memory())
        if engine.persistent:
            result["build"].update(engine.disk())
    if args.task in ("query", "add", "all"):
        queries = corpus.queries()
        latency = [queries[kind][i] for kind, i in queries["latency"]]
        if args.latency_limit:
            latency = latency[: args.latency_limit]
        started = time.perf_counter()
        engine.open()
        result["open_seconds"] = round(time.perf_counter() - started, 3)
        result["open"] = memory()
        if args.task == "add":
            result["add"] = engine.add(corpus, extra, corpus.passage_count(plan))
            result["add"]["articles"] = len(extra)
        result["latency"] = latency_pass(engine, latency, args.k)
        if args.task != "add" and args.quality:
            result["quality"] = {}
            for name in args.quality.split(","):
                chosen = queries[name]
                if args.quality_subset:
                    chosen = [queries["piaf"][i] for i in queries["quality_subset"]] if name == "piaf" else chosen[:500]
                result["quality"][name] = {"ids": [q["id"] for q in chosen], **quality_pass(engine, chosen, args.k)}
            for weight in filter(None, args.context_weights.split(",")):
                engine.context_weight = float(weight)
                result["quality"][f"piaf@context={weight}"] = {
                    "ids": [q["id"] for q in queries["piaf"]], **quality_pass(engine, queries["piaf"], args.k)}
        result["end"] = memory()
    text = json.dumps(result)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
