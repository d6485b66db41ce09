"""Time of the digest's story grouping (issue 16): `group_stories` on a day's batch, on a backlog
of 3,000 articles as one batch, and optionally on the whole corpus, against an earlier revision of
index/digest/stories.py in the same run (read with `git show`, nothing checked out).

Term analysis (`lead_terms`) is timed apart: the digest does it once, whichever grouping runs.
Rarity comes from the batch's own document frequencies. Each timing is the best of `--repeat` runs.

    python bench/story_speed.py [--compare de55c40] [--repeat 3] [--whole]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.story_pairs import articles_of, read_corpus  # noqa: E402
from index.digest import stories as current  # noqa: E402


def revision(rev: str):
    """index/digest/stories.py as it was at `rev`, imported as a module of its own."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:index/digest/stories.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / f"stories_{rev}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[path.stem] = module  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def best_of(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", default="de55c40", help="the revision to time against")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--whole", action="store_true", help="also the whole corpus as one batch")
    args = parser.parse_args(argv)
    rows = read_corpus()
    by_day = collections.Counter(r["date"] for r in rows)
    busiest = max(by_day, key=lambda d: (by_day[d], d))
    batches = {f"the busiest day ({by_day[busiest]} articles)": [r for r in rows if r["date"] == busiest],
               "a backlog of 3,000 articles": rows[:3000]}
    if args.whole:
        batches[f"the whole corpus ({len(rows)} articles)"] = rows
    before = revision(args.compare)
    for name, batch in batches.items():
        articles = articles_of(batch)
        analysis, terms = best_of(1, lambda: [current.lead_terms(a) for a in articles])
        frequencies = collections.Counter(t for ts in terms for t in set(ts))
        line = [f"{name}: analysis {analysis:.2f} s"]
        for label, module in ((args.compare, before), ("now", current)):
            seconds, stories = best_of(args.repeat, lambda m=module: m.group_stories(articles, frequencies, len(articles),
                                                                                     terms=terms))
            line.append(f"grouping {label} {seconds:.3f} s ({len(stories)} stories)")
        print("; ".join(line), flush=True)


if __name__ == "__main__":
    main()
