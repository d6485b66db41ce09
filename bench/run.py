"""Run the benchmarks: every engine side by side, each step in its own process; merge the results.

    python bench/run.py --sizes 10k,100k                  # `make bench`: minutes
    python bench/run.py --sizes 1m --no-variants --no-ingest  # the 1M run (about an hour)
    python bench/report.py                                # tables and the p95 plot from the results

Steps per size: build (build time, peak RSS, disk) → query in a fresh process (RSS of a
query-only process, latency p50/p95/p99 over 1,000 questions, top-10 of the 7,569 PIAF and the
who-said questions) → add 1,000 articles to a copy (time, latency afterwards). newsbot is also
timed through `Index.ask` and ranked by FTS5's bm25() alone (as before the term postings).
At the variants size (100k), analyzer variants and each engine's own tokenizer are scored on
PIAF. Results accumulate in bench/out/results.json (one entry per size, replaced by a new run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import DEFAULT_ORANGESUM, DEFAULT_PIAF, OUT, Corpus, build_base, parse_size, size_label  # noqa: E402
from bench.metrics import latency_summary, overlap_at_k, retrieval_quality  # noqa: E402
from bench.piaf_split import question_splits  # noqa: E402
from bench.variants import FRENCH_VARIANTS  # noqa: E402

WORKER = Path(__file__).resolve().parent / "worker.py"
STEP_TIMEOUT = 25 * 60
BIG = 200_000  # above this, rank-bm25 is timed on 50 questions and not scored for quality
CONTEXT_WEIGHTS = "0,0.25,1,2"
# newsbot query modes timed besides `search` (index.search.ranking.best_passages)
EXTRA_MODES = [
    ("fts5", "newsbot FTS5 only", "BM25 by FTS5's bm25() alone (index.search.ranking.fts5_passages)"),
    ("bm25", "newsbot BM25 alone", "newsbot before issue 13: BM25 with FTS5's constants, no re-ranking "
     "(index.search.ranking.bm25_passages)"),
]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    import sqlite3

    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("newsbot", "rank-bm25", "bm25s", "tantivy", "numpy", "scipy", "PyStemmer", "spacy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem / 1024 / 1024, 1),
            "kernel": platform.release(), "versions": versions,
            "load_average_at_start": os.getloadavg()}


def available_gib() -> float:
    """MemAvailable from /proc/meminfo, GiB."""
    for line in open("/proc/meminfo"):
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("inf")


# Memory an in-memory engine needs per million passages (measured at 1M: bm25s ~3 GB, rank-bm25 ~5 GB),
# so that a shared machine short of memory skips the step instead of letting the OOM killer choose.
NEEDS_GIB_PER_M = {"bm25s": 4.0, "rank-bm25": 6.0}


def run_worker(args: list[str], output: Path) -> dict:
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(WORKER), *args, "--output", str(output)]
    log("  $ " + " ".join(command[1:]))
    started = time.perf_counter()
    done = subprocess.run(command, timeout=STEP_TIMEOUT)
    if done.returncode != 0:
        raise SystemExit(f"bench: step failed ({done.returncode}): {' '.join(command)}")
    result = json.loads(output.read_text(encoding="utf-8"))
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    return result


class SizeRun:
    """All engines at one corpus size."""

    def __init__(self, corpus: Corpus, size: int, args: argparse.Namespace) -> None:
        self.corpus, self.size, self.args = corpus, size, args
        self.label = size_label(size)
        self.raw = OUT / "raw" / self.label
        self.idx = OUT / "idx"
        plan, _ = corpus.plan(size)
        self.passages = corpus.passage_count(plan)
        queries = corpus.queries()
        self.queries = queries
        self.gold = {name: dict(zip((q["id"] for q in queries[name]), corpus.gold_docs(plan, queries[name])))
                     for name in ("piaf", "who_said")}
        self.subset_ids = {queries["piaf"][i]["id"] for i in queries["quality_subset"]}
        self.summary: dict = {"passages": self.passages, "engines": {}}
        self.tops: dict[str, dict[str, list]] = {}
        self.on_record = lambda summary: None  # called after each engine, so a cut-short run keeps what it measured

    def workdir(self, engine: str, tokenizer: str = "newsbot") -> Path:
        return self.idx / f"{engine}-{tokenizer}-{self.label}"

    def step(self, label: str, task: str, engine: str, *extra: str, tokenizer: str = "newsbot") -> dict:
        workdir = self.workdir(engine, tokenizer)
        output = self.raw / f"{label.replace(' ', '_').replace('/', '_')}-{task}.json"
        if task == "build" and self.args.reuse and output.is_file() and workdir.exists():
            log(f"  reusing {workdir}")
            return json.loads(output.read_text(encoding="utf-8"))
        args = ["--engine", engine, "--tokenizer", tokenizer, "--size", str(self.size), "--task", task,
                "--workdir", str(workdir), *extra]
        if self.args.quotes and engine == "newsbot":
            args.append("--quotes")
        return run_worker(args, output)

    # ------------------------------------------------------------------ figures

    def record(self, label: str, build: dict | None = None, query: dict | None = None, add: dict | None = None,
               notes: list[str] | None = None) -> None:
        entry = self.summary["engines"].setdefault(label, {"notes": []})
        entry["notes"] += notes or []
        if build:
            b = build["build"]
            entry["build"] = {k: b.get(k) for k in ("build_seconds", "peak_rss_mb", "rss_mb", "disk_bytes", "fts_bytes",
                                                    "read_seconds", "index_seconds")}
        if query:
            entry["query"] = {
                "open_seconds": query.get("open_seconds"),
                "rss_after_open_mb": query["open"]["rss_mb"],
                "peak_rss_mb": query["end"]["peak_rss_mb"],
                "rss_end_mb": query["end"]["rss_mb"],
                "latency": latency_summary(query["latency"]["ms"]),
                "cpu": latency_summary(query["latency"].get("cpu_ms") or query["latency"]["ms"]),
                "worst": self.worst(query),
            }
            tops = {"latency": dict(zip(query["latency"]["ids"], query["latency"]["top"]))}
            for name, q in query.get("quality", {}).items():
                tops[name] = dict(zip(q["ids"], q["top"]))
                base = name.split("@")[0]
                golds = [self.gold[base][i] for i in q["ids"]]
                entry.setdefault("quality", {})[name] = retrieval_quality(q["top"], golds)
                entry["quality"][name]["seconds"] = q["seconds"]
                if base == "piaf":
                    chosen = [(t, self.gold["piaf"][i]) for i, t in zip(q["ids"], q["top"]) if i in self.subset_ids]
                    entry["quality"][name + "/subset"] = retrieval_quality([t for t, _ in chosen], [g for _, g in chosen])
                    splits = question_splits(Path(self.args.piaf))  # the tuning and held-out parts (issue 13)
                    for part in ("tune", "heldout"):
                        chosen = [(t, self.gold["piaf"][i]) for i, t in zip(q["ids"], q["top"]) if splits.get(i) == part]
                        if chosen:
                            entry["quality"][f"{name}/{part}"] = retrieval_quality([t for t, _ in chosen],
                                                                                  [g for _, g in chosen])
            self.tops[label] = tops
        if add:
            entry["add"] = {**add["add"], "latency": latency_summary(add["latency"]["ms"]),
                            "cpu": latency_summary(add["latency"].get("cpu_ms") or add["latency"]["ms"])}
        self.on_record(self.summary)

    def worst(self, query: dict, n: int = 5) -> list[dict]:
        by_id = {q["id"]: q for name in ("piaf", "who_said") for q in self.queries[name]}
        timed = sorted(zip(query["latency"]["ms"], query["latency"]["ids"]), reverse=True)[:n]
        return [{"ms": ms, "id": i, "question": by_id[i]["question"], "terms": by_id[i]["terms"]} for ms, i in timed]

    def match_counts(self) -> None:
        """How many passages match each of the worst queries (any term), from newsbot's index."""
        import sqlite3

        db = self.workdir("newsbot") / "newsbot.db"
        if not db.is_file():
            return
        conn = sqlite3.connect(db)
        cache: dict[str, int] = {}
        for entry in self.summary["engines"].values():
            for worst in entry.get("query", {}).get("worst", []):
                if worst["id"] not in cache:
                    expression = " OR ".join(f'"{t}"' for t in worst["terms"]) or '""'
                    cache[worst["id"]] = conn.execute(
                        "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", [expression]).fetchone()[0]
                worst["matches"] = cache[worst["id"]]
        conn.close()

    def overlaps(self) -> None:
        """overlap@10 of each engine's rankings with newsbot's exhaustive FTS5 ranking."""
        reference = self.tops.get("newsbot")
        if not reference:
            raw = self.raw / "newsbot-query.json"
            if not raw.is_file():
                return
            query = json.loads(raw.read_text(encoding="utf-8"))
            reference = {"latency": dict(zip(query["latency"]["ids"], query["latency"]["top"]))}
            reference.update({n: dict(zip(q["ids"], q["top"])) for n, q in query.get("quality", {}).items()})
        for label, tops in self.tops.items():
            if label == "newsbot":
                continue
            entry = self.summary["engines"][label]
            for name, by_id in tops.items():
                if name in reference and name in ("latency", "piaf", "who_said"):
                    ids = [i for i in by_id if i in reference[name]]
                    entry.setdefault("overlap_vs_newsbot", {})[name] = overlap_at_k(
                        [reference[name][i] for i in ids], [by_id[i] for i in ids])

    # ------------------------------------------------------------------ engines

    def run(self) -> dict:
        args, big = self.args, self.size > BIG
        engines = args.engines
        log(f"size {self.label}: {self.passages:,} passages")
        # at 1M, exhaustive FTS5 takes ~0.3 s a question: score PIAF on the 1,000-question subset only
        light = ["--quality", "piaf", "--quality-subset"] if big else []
        if "newsbot" in engines:
            build = self.step("newsbot", "build", "newsbot")
            if not args.modes_only:
                weights = ["--context-weights", CONTEXT_WEIGHTS] if self.size == args.variants_size else []
                query = self.step("newsbot", "query", "newsbot", *weights, *light)
                add = self.step("newsbot", "add", "newsbot", *(["--latency-limit", "300"] if big else []))
                notes = ["built with quote extraction"] if args.quotes else []
                if big:
                    notes.append("quality on the 1,000-question PIAF subset; latency after add on 300 questions")
                self.record("newsbot", build, query, add, notes)
        if "tantivy" in engines:
            self.record("tantivy", self.step("tantivy", "build", "tantivy"), self.step("tantivy", "query", "tantivy"),
                        self.step("tantivy", "add", "tantivy"))
        for name in ("bm25s", "rank-bm25"):
            needed = NEEDS_GIB_PER_M[name] * self.size / 1e6
            if name in engines and needed > 1 and available_gib() < needed:
                log(f"  skipping {name}: it needs ~{needed:.0f} GiB, {available_gib():.1f} GiB available")
                engines = [e for e in engines if e != name]
                self.summary["engines"][name] = {"notes": [
                    f"not run: needs ~{needed:.0f} GiB, only {available_gib():.1f} GiB of memory was available"]}
        if "bm25s" in engines:
            self.record("bm25s", self.step("bm25s", "build", "bm25s"), self.step("bm25s", "query", "bm25s"),
                        notes=["no incremental add: a full rebuild"])
        if "rank-bm25" in engines:
            extra = ["--latency-limit", "50", "--quality", ""] if big else ["--quality-subset"]
            both = self.step("rank-bm25", "all", "rank-bm25", *extra)
            notes = ["built and queried in one process (no persistence)", "no incremental add: a full rebuild"]
            notes.append("latency on 50 questions; quality not scored" if big else
                         "quality on 1,000 PIAF + 500 who-said questions")
            self.record("rank-bm25", both, both, notes=notes)
        if "newsbot" in engines:  # newsbot's other query paths, on the same build (last: the least needed)
            if "ask" in args.modes:
                ask_extra = ["--quality", "", "--latency-limit", "300"] if big else ["--quality", "piaf"]
                self.record("newsbot ask()", None, self.step("newsbot ask()", "query", "newsbot", "--mode", "ask",
                                                             *ask_extra))
                if big:
                    self.summary["engines"]["newsbot ask()"]["notes"].append("latency on 300 questions, no quality")
            for mode, label, note in EXTRA_MODES:
                if mode in args.modes:
                    self.record(label, None, self.step(label, "query", "newsbot", "--mode", mode, *light))
                    self.summary["engines"][label]["notes"].append(note)
        self.match_counts()
        self.overlaps()
        return self.summary

    def variants(self) -> dict:
        """PIAF quality of analyzer variants (bench-local FTS5) and of each engine's own tokenizer."""
        out = {}
        full = self.args.variants_set == "full"
        # Keeping stopwords makes every question match nearly every passage: FTS5 then needs
        # ~0.25 s a question at 100k, so those variants are scored on the 1,000-question subset.
        subset = ["--quality-subset"]
        steps = [(f"fts5 {name}", "fts5", name, subset if "nostop" in name else [])
                 for name in FRENCH_VARIANTS if full or name != "nostem+nostop"]
        steps += [("fts5 own (unicode61)", "fts5", "own", subset),
                  ("tantivy own (default)", "tantivy", "own", []),
                  ("tantivy own-fr (stopwords+stemmer)", "tantivy", "own-fr", []),
                  ("bm25s own (default)", "bm25s", "own", []),
                  ("bm25s own-fr (stopwords+PyStemmer)", "bm25s", "own-fr", []),
                  ("rank-bm25 own (split on spaces)", "rank-bm25", "own", ["--quality-subset"])]
        if full:
            steps += [(f"{engine} {name}", engine, name, ["--quality-subset"] if engine == "rank-bm25" else [])
                      for engine in ("tantivy", "bm25s", "rank-bm25") for name in ("nostem+stop", "snowball+nostop")]
        for label, engine, tokenizer, extra in steps:
            output = self.raw / f"{label.replace(' ', '_').replace('/', '_')}-all.json"
            if self.args.reuse and output.is_file():
                log(f"  reusing {output}")
                result = json.loads(output.read_text(encoding="utf-8"))
            else:
                result = self.step(label, "all", engine, "--quality", "piaf", "--latency-limit", "100", *extra,
                                   tokenizer=tokenizer)
            q = result["quality"]["piaf"]
            golds = [self.gold["piaf"][i] for i in q["ids"]]
            entry = {"quality": retrieval_quality(q["top"], golds), "engine": engine, "tokenizer": tokenizer,
                     "build_seconds": result["build"]["build_seconds"]}
            chosen = [(t, self.gold["piaf"][i]) for i, t in zip(q["ids"], q["top"]) if i in self.subset_ids]
            entry["subset"] = retrieval_quality([t for t, _ in chosen], [g for _, g in chosen])
            out[label] = entry
            log(f"  {label}: PIAF R@10 {entry['quality']['r@10']:.3f} (n={entry['quality']['n']})")
        return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="corpus sizes in passages: 10k,100k,1m")
    parser.add_argument("--engines", default="newsbot,tantivy,bm25s,rank-bm25")
    parser.add_argument("--modes", default="ask,fts5,bm25", help="extra newsbot query modes: ask, fts5, bm25")
    parser.add_argument("--variants-size", type=parse_size, default=parse_size("100k"),
                        help="size at which analyzer variants and context weights are scored")
    parser.add_argument("--modes-only", action="store_true",
                        help="newsbot: only the extra --modes on an existing build (with --reuse), e.g. to re-time the prototype")
    parser.add_argument("--no-variants", action="store_true")
    parser.add_argument("--variants-set", choices=["small", "full"], default="small",
                        help="small: FTS5 with 4 analyzer variants + each engine's own tokenizers; "
                             "full: also no-stem+keep-stopwords and the variants on tantivy, bm25s, rank-bm25")
    parser.add_argument("--no-ingest", action="store_true")
    parser.add_argument("--ingest-articles", type=int, default=2000)
    parser.add_argument("--ingest-quotes", choices=["off", "on", "both"], default="both")
    parser.add_argument("--quotes", action="store_true", help="build newsbot's index with quote extraction")
    parser.add_argument("--reuse", action="store_true", help="reuse indexes built by an earlier run")
    parser.add_argument("--orangesum", type=Path, default=DEFAULT_ORANGESUM)
    parser.add_argument("--piaf", type=Path, default=DEFAULT_PIAF)
    parser.add_argument("--results", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]

    log("corpus cache …")
    build_base(args.orangesum, args.piaf, OUT, log=lambda m: log(m))
    corpus = Corpus.open(OUT)
    results = json.loads(args.results.read_text(encoding="utf-8")) if args.results.is_file() else {}
    results.setdefault("sizes", {})
    results["machine"] = machine()
    results["corpus"] = {k: v for k, v in corpus.meta.items() if k != "article_passages"}
    results["corpus"]["who_said_questions"] = len(corpus.queries()["who_said"])

    def save() -> None:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")

    started = time.perf_counter()
    for size in sizes:
        run = SizeRun(corpus, size, args)
        previous = results["sizes"].get(run.label, {}).get("engines", {})

        def keep(summary: dict, run: SizeRun = run, previous: dict = previous) -> None:
            entry = {**results["sizes"].get(run.label, {}), **summary,
                     "engines": {**previous, **summary["engines"]}}  # a partial re-run keeps the others
            if summary["engines"]:
                entry["command"] = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])])
                entry["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
                entry["load_average_after"] = os.getloadavg()
            results["sizes"][run.label] = entry
            save()

        run.on_record = keep
        keep(run.run())
        if size == args.variants_size and not args.no_variants:
            log(f"variants at {run.label} …")
            results["variants"] = {"size": run.label, "passages": run.passages, "results": run.variants()}
            save()
    if not args.no_ingest:
        from bench.ingest_throughput import measure

        modes = {"off": [False], "on": [True], "both": [False, True]}[args.ingest_quotes]
        results["ingest"] = []
        for quotes in modes:
            log(f"ingest throughput, quotes {'on' if quotes else 'off'} …")
            results["ingest"].append(measure(args.orangesum, args.ingest_articles, quotes))
            save()
    log(f"done in {time.perf_counter() - started:.0f} s → {args.results}; tables: python bench/report.py")


if __name__ == "__main__":
    main()
