"""« Qui a dit ? » questions over real news, scored as ../shared/eval/README.md scores the seeds'
questions: tests/data/orangesum_who_said.jsonl (questions written by reading OrangeSum
articles, split dev/heldout with their article) asked of an index holding those articles among
3,000 others (issue 15).

    python bench/who_said_eval.py [--split dev|heldout] [--verbose] [--rebuild] [--without-articles]

The index is built once into bench/out/who-said-<version>.db (the question articles, both
annotated samples, and random OrangeSum articles up to 3,000, seed 15) and rebuilt when the
code that extracts quotes changes (`--rebuild` forces it). The held-out split is scored only
when asked by name.

`--without-articles` asks the split's who-said questions of a copy of that index without any
question's article (bench/out/who-said-without.db): the quote each was written from is gone, so
naming a speaker first is a confident wrong answer unless another article carries the same words
by the same person. It prints how many questions named someone, and how many of those were right.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index import open_index  # noqa: E402
from index.indexing import delete_article  # noqa: E402
from index.search.answers import ask  # noqa: E402
from index.search.ranking import bm25_passages  # noqa: E402
from index.sources.readers import article_from_record  # noqa: E402
from tests.question_scoring import check  # noqa: E402

DATA = REPO / "tests" / "data"
OUT = REPO / "bench" / "out"
DEFAULT_CORPUS = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"
ARTICLES = 3_000
SEED = 15
FIELD_MAP = {"text": "heading+article", "published": "date"}


def questions(split: str) -> list[dict]:
    lines = (DATA / "orangesum_who_said.jsonl").read_text(encoding="utf-8").splitlines()
    return [q for q in map(json.loads, filter(None, lines)) if q["split"] == split]


def wanted_ids() -> set[int]:
    """Every annotated article: the questions' articles are among them."""
    ids = set()
    for name in ("orangesum_quotes.json", "orangesum_quotes_2.json", "orangesum_quotes_3.json",
                 "orangesum_quotes_4.json"):
        ids |= {a["id"] for a in json.loads((DATA / name).read_text(encoding="utf-8"))["articles"]}
    lines = (DATA / "orangesum_who_said.jsonl").read_text(encoding="utf-8").splitlines()
    return ids | {json.loads(q)["article"] for q in lines if q.strip() and "article" in json.loads(q)}


def build(db: Path, corpus: Path) -> None:
    """The 3,000-article index: the annotated articles and random others (seed 15)."""
    rows = [json.loads(line) for line in gzip.open(corpus, "rt", encoding="utf-8")]
    keep = wanted_ids()
    chosen = [r for r in rows if r["id"] in keep]
    others = [r for r in rows if r["id"] not in keep and r["article"].strip()]
    chosen += random.Random(SEED).sample(others, ARTICLES - len(chosen))
    index = open_index(db)
    started = time.perf_counter()
    articles = [article_from_record(r, FIELD_MAP) for r in chosen]
    for article, row in zip(articles, chosen):
        article.id = str(row["id"])
    results = index.add_articles(articles, workers=2)
    print(f"indexed {len(results)} articles in {time.perf_counter() - started:.1f} s")


def answer_of(index, case: dict, ranking: str) -> dict:
    """`newsbot ask --json`'s answer to a case, with newsbot's ranking or BM25 alone."""
    answer = (index.ask(case["question"], k=case["k"]) if ranking == "best"
              else ask(index, case["question"], case["k"], rank=bm25_passages))
    return answer.to_dict()


def without_articles(db: Path) -> Path:
    """A copy of the index `db` without the article of any question (made again when `db` or the
    questions are newer than the copy)."""
    copy = db.with_name(db.stem + "-without.db")
    questions_file = DATA / "orangesum_who_said.jsonl"
    if copy.exists() and copy.stat().st_mtime >= max(db.stat().st_mtime, questions_file.stat().st_mtime):
        return copy
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    index = open_index(copy, create=False)
    lines = questions_file.read_text(encoding="utf-8").splitlines()
    for article in sorted({str(json.loads(q)["article"]) for q in lines if q.strip() and "article" in json.loads(q)}):
        delete_article(index, article)
    return copy


def score_without(index, cases: list[dict], split: str, verbose: bool, ranking: str) -> None:
    """Ask the who-said questions of an index without their articles: who is named first."""
    who = [c for c in cases if c["intent"] == "who_said" and c.get("speaker")]
    if not who:
        print(f"{split}: no who-said question")
        return
    named = right = 0
    for case in who:
        answer = answer_of(index, case, ranking)
        speaker = answer["answers"][0]["speaker"] if answer["answers"] else None
        if speaker:
            named += 1
            ok = check(case, answer).get("speaker", False)
            right += ok
            if verbose:
                print(f"{case['id']} {'right' if ok else 'WRONG'}: {case['question']!r}\n   named {speaker!r}:"
                      f" {(answer['answers'][0].get('quote') or '')[:90]!r}")
    print(f"{split} without its articles: {len(who)} who-said questions; a speaker named first for {named}"
          f" ({named / len(who):.3f}), {named - right} of them wrong ({(named - right) / len(who):.3f})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "heldout", "dev3", "heldout3", "dev4", "heldout4", "dev5", "heldout5", "dev6", "heldout6", "dev7", "heldout7", "dev8", "heldout8", "dev9", "heldout9", "dev10", "heldout10"])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path, default=OUT / "who-said.db")
    parser.add_argument("--without-articles", action="store_true",
                        help="ask an index without the questions' articles: nobody should be named")
    parser.add_argument("--ranking", choices=["best", "bm25"], default="best",
                        help="bm25: BM25 alone with FTS5's constants, newsbot's ranking before issue 13")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (see ../shared/corpus/README.md)")
    if args.rebuild or not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        build(args.db, args.corpus)
    cases = questions(args.split)
    if args.without_articles:
        score_without(open_index(without_articles(args.db), create=False), cases, args.split, args.verbose,
                      args.ranking)
        return
    index = open_index(args.db, create=False)
    right = {name: 0 for name in ("intent", "speaker", "passage")}
    fully = 0
    for case in cases:
        answer = answer_of(index, case, args.ranking)
        checks = check(case, answer)
        for name in right:
            right[name] += checks.get(name, True)
        fully += all(checks.values())
        if args.verbose and not all(checks.values()):
            top = answer["answers"][0] if answer["answers"] else {}
            print(f"{case['id']} {[k for k, v in checks.items() if not v]}: {case['question']!r}\n"
                  f"   want {case.get('speaker')} / got {top.get('speaker')!r} in {top.get('article', {}).get('id')}"
                  f" (gold {case.get('article')}): {(top.get('quote') or top.get('passage') or '')[:90]!r}")
    who = [c for c in cases if c["intent"] == "who_said"]
    print(f"{args.split}: {len(cases)} questions ({len(who)} who-said): fully right {fully / len(cases):.3f}; "
          + "; ".join(f"{k} {v / len(cases):.3f}" for k, v in right.items()))


if __name__ == "__main__":
    main()
