"""Markdown tables and the p95 plot from bench/out/results.json (what docs/benchmarks.md shows).

    python bench/report.py [--results bench/out/results.json] [--plot docs/benchmarks-p95.png]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import OUT  # noqa: E402

ORDER = ["newsbot", "newsbot FTS5 only", "newsbot ask()", "tantivy", "bm25s", "rank-bm25"]


def _f(value, digits: int = 1, scale: float = 1.0) -> str:
    if value is None:
        return "—"
    if isinstance(value, (int, float)):
        value = value * scale
        return f"{value:,.{digits}f}"
    return str(value)


def _mb(value) -> str:
    return "—" if value is None else f"{value / 1e6:,.0f}"


def _engines(size: dict) -> list[str]:
    names = list(size["engines"])
    return sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))


def speed_table(label: str, size: dict) -> str:
    lines = [f"#### {label} ({size['passages']:,} passages)", "",
             "| engine | build s | build peak RSS MB | on disk MB (index part) | query process RSS MB (after open / peak) "
             "| p50 ms | p95 ms | p99 ms | CPU p50 / p95 / p99 ms | n | add 1,000 articles s | p95 after add ms (CPU) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in _engines(size):
        e = size["engines"][name]
        b, q, a = e.get("build", {}), e.get("query", {}), e.get("add", {})
        lat, cpu = q.get("latency", {}), q.get("cpu", {})
        cpu_text = f"{_f(cpu.get('p50'), 2)} / {_f(cpu.get('p95'), 2)} / {_f(cpu.get('p99'), 2)}" if cpu else "—"
        after = "—"
        if a:
            after = f"{_f(a['latency']['p95'], 2)} ({_f(a.get('cpu', {}).get('p95'), 2)})"
        disk = _mb(b.get("disk_bytes")) + (f" ({_mb(b['fts_bytes'])})" if b.get("fts_bytes") else "")
        rss = f"{_f(q.get('rss_after_open_mb'), 0)} / {_f(q.get('peak_rss_mb'), 0)}" if q else "—"
        add = _f(a.get("add_seconds"), 2) if a else ("rebuild" if "build" in e else "—")
        lines.append(
            f"| {name} | {_f(b.get('build_seconds'))} | {_f(b.get('peak_rss_mb'), 0)} | {disk if b else '—'} | {rss} "
            f"| {_f(lat.get('p50'), 2)} | {_f(lat.get('p95'), 2)} | {_f(lat.get('p99'), 2)} | {cpu_text} | {lat.get('n', '—')} "
            f"| {add} | {after} |")
    notes = [f"- {name}: {'; '.join(size['engines'][name]['notes'])}" for name in _engines(size)
             if size["engines"][name].get("notes")]
    return "\n".join(lines + ([""] + notes if notes else []))


def worst_table(label: str, size: dict, engines: list[str]) -> str:
    lines = [f"Slowest 5 questions at {label} (matches = passages holding any of the terms):", "",
             "| engine | ms | matches | terms | question |", "|---|---:|---:|---|---|"]
    for name in engines:
        for w in size["engines"].get(name, {}).get("query", {}).get("worst", []):
            question = w["question"].replace("|", "\\|")
            lines.append(f"| {name} | {w['ms']:.1f} | {w.get('matches', '—'):,} | {' '.join(w['terms'])} | {question} |")
    return "\n".join(lines)


def quality_table(label: str, size: dict) -> str:
    lines = [f"#### {label} ({size['passages']:,} passages)", "",
             "| engine | PIAF n | R@1 | R@3 | R@10 | MRR@10 | R@10 on the 1,000 subset | who-said n | who-said R@1 | who-said R@10 | overlap@10 with newsbot (PIAF) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in _engines(size):
        e = size["engines"][name]
        q = e.get("quality", {})
        p, s, w = q.get("piaf"), q.get("piaf/subset"), q.get("who_said")
        if not p:
            continue
        overlap = e.get("overlap_vs_newsbot", {}).get("piaf", {}).get("overlap")
        lines.append(
            f"| {name} | {p['n']:,} | {p['r@1']:.3f} | {p['r@3']:.3f} | {p['r@10']:.3f} | {p['mrr@10']:.3f} "
            f"| {s['r@10']:.3f} | {w['n'] if w else '—'} | {_f(w and w['r@1'], 3)} | {_f(w and w['r@10'], 3)} "
            f"| {_f(overlap, 3)} |")
    return "\n".join(lines)


def context_table(size: dict) -> str:
    q = size["engines"].get("newsbot", {}).get("quality", {})
    rows = [(k.split("=")[1], v) for k, v in q.items() if k.startswith("piaf@context=") and "/" not in k]
    if not rows:
        return ""
    # The weights are tried with BM25 alone (FTS5's constants): compare with newsbot's BM25 alone
    # when the run has it (since issue 13 newsbot's own row is re-ranked).
    alone = size["engines"].get("newsbot BM25 alone", {}).get("quality", {}).get("piaf")
    rows.append(("0.5 (current)", alone or q["piaf"]))
    rows.sort(key=lambda r: float(r[0].split()[0]))
    lines = ["| context weight (title + heading; body = 1), BM25 alone | R@1 | R@3 | R@10 | MRR@10 |",
             "|---|---:|---:|---:|---:|"]
    for weight, v in rows:
        lines.append(f"| {weight} | {v['r@1']:.3f} | {v['r@3']:.3f} | {v['r@10']:.3f} | {v['mrr@10']:.3f} |")
    return "\n".join(lines)


def variants_table(variants: dict) -> str:
    lines = [f"PIAF at {variants['size']} ({variants['passages']:,} passages), all 7,569 questions "
             "(rank-bm25: the 1,000-question subset; its column gives every row on that subset):", "",
             "| engine and analysis | n | R@1 | R@3 | R@10 | MRR@10 | R@10 on the subset |", "|---|---:|---:|---:|---:|---:|---:|"]
    for label, v in sorted(variants["results"].items(), key=lambda kv: -kv[1]["subset"]["r@10"]):
        q, s = v["quality"], v["subset"]
        lines.append(f"| {label} | {q['n']:,} | {q['r@1']:.3f} | {q['r@3']:.3f} | {q['r@10']:.3f} | {q['mrr@10']:.3f} | {s['r@10']:.3f} |")
    return "\n".join(lines)


def ingest_table(ingest: list[dict]) -> str:
    lines = ["| how | quotes | articles | passages | seconds | articles/s | passages/s |", "|---|---|---:|---:|---:|---:|---:|"]
    for r in ingest:
        lines.append(f"| `{r['how']}` | {'on' if r['quotes'] else 'off'} | {r['articles']:,} | {r['passages'] or '—'} "
                     f"| {r['seconds']} | {r['articles_per_s']} | {r['passages_per_s'] or '—'} |")
    return "\n".join(lines)


def plot(results: dict, target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results["sizes"].items(), key=lambda kv: kv[1]["passages"])
    fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=120)
    names = [n for n in ORDER if any(n in s["engines"] for _, s in sizes)]
    for name in names:
        points = [(s["passages"], s["engines"][name]["query"]["latency"]["p95"],
                   s["engines"][name]["query"].get("cpu", {}).get("p95")) for _, s in sizes
                  if name in s["engines"] and "query" in s["engines"][name]]
        if points:
            xs, ys, cpus = zip(*points)
            line, = ax.plot(xs, ys, marker="o", label=name)
            if all(c is not None for c in cpus):
                ax.plot(xs, cpus, linestyle=":", color=line.get_color(), linewidth=1)
            ax.annotate(f"{ys[-1]:.1f} ms", (xs[-1], ys[-1]), textcoords="offset points", xytext=(6, -3), fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("passages in the index")
    ax.set_ylabel("p95 query latency, ms (log); dotted: CPU time")
    ax.set_title("Top-10 BM25 search, newsbot's analyzed terms for every engine\n"
                 f"{results['machine']['nproc']} cores, {results['machine']['cpu']}", fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target)


def render(results: dict) -> str:
    out = []
    m = results["machine"]
    out.append(f"- Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM, Linux {m['kernel']}; "
               f"load average at start {tuple(round(x, 2) for x in m['load_average_at_start'])}")
    out.append("- Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v))
    sizes = sorted(results["sizes"].items(), key=lambda kv: kv[1]["passages"])
    out.append("\n### Speed and memory\n")
    for label, size in sizes:
        out.append(speed_table(label, size) + "\n")
        out.append(f"Command: `{size['command']}` ({size['date']}, load average after "
                   f"{tuple(round(x, 2) for x in size['load_average_after'])})\n")
        out.append(worst_table(label, size, [n for n in ("newsbot", "newsbot FTS5 only", "tantivy") if n in size["engines"]]) + "\n")
    out.append("\n### Retrieval quality\n")
    for label, size in sizes:
        out.append(quality_table(label, size) + "\n")
        table = context_table(size)
        if table:
            out.append(f"Context weight at {label}, PIAF, newsbot:\n\n" + table + "\n")
    if results.get("variants"):
        out.append(variants_table(results["variants"]) + "\n")
    if results.get("ingest"):
        out.append("\n### Ingest\n\n" + ingest_table(results["ingest"]) + "\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=OUT / "results.json")
    parser.add_argument("--plot", type=Path, default=REPO / "docs" / "benchmarks-p95.png")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("--drop", action="append", default=[], metavar="SIZE:ENGINE",
                        help="leave out one engine at one size (e.g. a superseded prototype's run)")
    args = parser.parse_args(argv)
    if not args.results.is_file():
        sys.exit(f"bench: no results at {args.results}; run: python bench/run.py --sizes 10k,100k")
    results = json.loads(args.results.read_text(encoding="utf-8"))
    for item in args.drop:
        size, _, engine = item.partition(":")
        results["sizes"].get(size, {}).get("engines", {}).pop(engine, None)
    print(render(results))
    if not args.no_plot:
        plot(results, args.plot)
        print(f"\n(plot: {args.plot})", file=sys.stderr)


if __name__ == "__main__":
    main()
