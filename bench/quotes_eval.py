"""Quotation extraction measured on the hand-annotated OrangeSum samples (issue 15).

    python bench/quotes_eval.py [--nlp] [--verbose] [--set first|dev|heldout|dev3|heldout3|dev4|heldout4|dev5|heldout5|dev6|heldout6|dev7|heldout7|dev8|heldout8|dev9|heldout9|dev10|heldout10]

Sets: `first` is tests/data/orangesum_quotes.json (30 articles of an earlier session; all of
it has been read while writing rules), `dev` the 40 "dev" articles of
tests/data/orangesum_quotes_2.json (read while improving the extractor), `heldout` its 40
"heldout" articles: annotated before anything ran on them, to be scored once, blind (the
script asks for `--set heldout` explicitly and never prints its errors unless `--verbose`);
that held-out split was scored blind once in session 3 and has been read since. `dev3` and
`heldout3` are the 20 "dev" and 40 "heldout" articles of tests/data/orangesum_quotes_3.json
(session 4), `heldout3` the blind set of that round (scored once, read since); `dev4` and
`heldout4` those of tests/data/orangesum_quotes_4.json (session 5), `heldout4` its blind set
(scored once, read since); `dev5` and `heldout5` those of tests/data/orangesum_quotes_5.json
(session 6), `heldout5` its blind set (scored once, read since); `dev6` and `heldout6` those of
tests/data/orangesum_quotes_6.json (session 7), `heldout6` its blind set (scored once, read
since); `dev7` and `heldout7` those of tests/data/orangesum_quotes_7.json (session 8),
`heldout7` its blind set (scored once, read since); `dev8` and `heldout8` those of
tests/data/orangesum_quotes_8.json (session 9), `heldout8` its blind set (scored once in session 9,
read since); `dev9` and `heldout9` those of tests/data/orangesum_quotes_9.json (session 10),
`heldout9` its blind set (scored once in session 10, read since); `dev10` and `heldout10` those of
tests/data/orangesum_quotes_10.json (session 10), `heldout10` its blind set.
Prints precision, recall, F1 and speaker accuracy (tests/quote_scoring.py).
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

from index.quotes.extract import extract_quotes_many  # noqa: E402
from tests.quote_scoring import corpus_articles, report, score  # noqa: E402

DATA = REPO / "tests" / "data"
DEFAULT_CORPUS = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"


def gold_set(name: str) -> list[dict]:
    """The annotated articles of a set."""
    if name == "first":
        return json.loads((DATA / "orangesum_quotes.json").read_text(encoding="utf-8"))["articles"]
    number = name[len(name.rstrip("0123456789")):] or "2"  # "dev10": sample 10
    articles = json.loads((DATA / f"orangesum_quotes_{number}.json").read_text(encoding="utf-8"))["articles"]
    return [a for a in articles if a["split"] == name.rstrip("0123456789")]


def evaluate(name: str, corpus: Path, use_nlp: bool, verbose: bool) -> dict:
    """Score the extractor on one set; print the figures (and the errors when verbose)."""
    gold = gold_set(name)
    articles = corpus_articles(corpus, {g["id"] for g in gold})
    started = time.process_time()
    found = extract_quotes_many([articles[g["id"]] for g in gold], use_nlp=use_nlp)
    cpu = time.process_time() - started
    per_article = {str(g["id"]): score(f, g["quotes"]) for g, f in zip(gold, found, strict=True)}
    if not verbose:
        for s in per_article.values():
            s["extra"], s["missed"], s["wrong"] = [], [], []
    t = report(f"{name} (spaCy {'on' if use_nlp else 'off'}, {cpu:.2f} s CPU)", per_article)
    p, r = t["precision"], t["recall"]
    t["f1"] = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name}: F1 {t['f1']:.3f}")
    return t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", choices=["first", "dev", "heldout", "dev3", "heldout3", "dev4", "heldout4", "dev5", "heldout5", "dev6", "heldout6", "dev7", "heldout7", "dev8", "heldout8", "dev9", "heldout9", "dev10", "heldout10"])
    parser.add_argument("--nlp", action="store_true", help="with spaCy's NER (as ingest runs)")
    parser.add_argument("--verbose", action="store_true", help="list every error")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (see ../shared/corpus/README.md)")
    for name in args.set or ["first", "dev"]:
        evaluate(name, args.corpus, args.nlp, args.verbose)


if __name__ == "__main__":
    main()
