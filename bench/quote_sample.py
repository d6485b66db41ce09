"""The hand-annotated samples of real news for "qui a dit ?" (issue 15): which OrangeSum
articles, and which split each belongs to, fixed by a seed so that anyone can draw them again.

Sample 2 (`tests/data/orangesum_quotes_2.json`): 80 articles drawn uniformly (seed 15) from the
corpus's non-empty, non-duplicate articles that `tests/data/orangesum_quotes.json` does not
already hold, in id order before drawing; the first 40 drawn are "dev" (read while improving the
extractor), the last 40 "heldout" (annotated by reading before anything ran on them, scored once).

Sample 3 (`tests/data/orangesum_quotes_3.json`, session 4, drawn because sample 2's held-out
split had been scored and then read): 60 articles drawn the same way (seed 1504) from articles
neither earlier sample holds; the first 20 are "dev", the last 40 "heldout".

Sample 4 (`tests/data/orangesum_quotes_4.json`, session 5, drawn because sample 3's held-out
split had been scored): 60 articles drawn the same way (seed 2911) from articles no earlier
sample holds; the first 20 are "dev", the last 40 "heldout".

Sample 5 (`tests/data/orangesum_quotes_5.json`, session 6, drawn because sample 4's held-out
split had been scored): 60 articles drawn the same way (seed 611) from articles no earlier
sample holds; the first 20 are "dev", the last 40 "heldout".

Sample 6 (`tests/data/orangesum_quotes_6.json`, session 7, drawn because sample 5's held-out
split had been scored): 60 articles drawn the same way (seed 1129) from articles no earlier
sample holds; the first 20 are "dev", the last 40 "heldout".

Sample 7 (`tests/data/orangesum_quotes_7.json`, session 8, drawn because sample 6's held-out
split had been scored): 60 articles drawn the same way (seed 2911129) from articles no earlier
sample holds; the first 20 are "dev", the last 40 "heldout".

Sample 8 (`tests/data/orangesum_quotes_8.json`, session 9, drawn because sample 7's held-out
split had been scored): 60 articles drawn the same way (seed 29119) from articles no earlier
sample holds; the first 20 are "dev", the last 40 "heldout".

Sample 9 (`tests/data/orangesum_quotes_9.json`, session 10, drawn because sample 8's held-out
split had been scored): 60 articles drawn the same way (seed 10291) from articles no earlier
sample holds; the first 20 are "dev", the last 40 "heldout".

Sample 10 (`tests/data/orangesum_quotes_10.json`, session 10, drawn because sample 9's held-out
split had been scored): 60 articles drawn the same way (seed 291110) from articles no earlier
sample holds; the first 20 are "dev", the last 40 "heldout".

The article text is heading + blank line + article, as the tests read it.

    python bench/quote_sample.py [--sample 2|3|4|5|6|7|8|9|10] [--corpus PATH] [--dump DIR]
        # prints id and split; --dump writes one text file per batch of 20
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"
FIRST_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes.json"
SECOND_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_2.json"
# sample number: (seed, size, how many of the first drawn are dev, the samples it excludes)
THIRD_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_3.json"
FOURTH_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_4.json"
FIFTH_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_5.json"
SIXTH_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_6.json"
SEVENTH_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_7.json"
EIGHTH_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_8.json"
NINTH_SAMPLE = REPO / "tests" / "data" / "orangesum_quotes_9.json"
SAMPLES = {2: (15, 80, 40, (FIRST_SAMPLE,)), 3: (1504, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE)),
           4: (2911, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE, THIRD_SAMPLE)),
           5: (611, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE, THIRD_SAMPLE, FOURTH_SAMPLE)),
           6: (1129, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE, THIRD_SAMPLE, FOURTH_SAMPLE,
                              FIFTH_SAMPLE)),
           7: (2911129, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE, THIRD_SAMPLE, FOURTH_SAMPLE,
                                 FIFTH_SAMPLE, SIXTH_SAMPLE)),
           8: (29119, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE, THIRD_SAMPLE, FOURTH_SAMPLE,
                               FIFTH_SAMPLE, SIXTH_SAMPLE, SEVENTH_SAMPLE)),
           9: (10291, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE, THIRD_SAMPLE, FOURTH_SAMPLE,
                               FIFTH_SAMPLE, SIXTH_SAMPLE, SEVENTH_SAMPLE, EIGHTH_SAMPLE)),
           10: (291110, 60, 20, (FIRST_SAMPLE, SECOND_SAMPLE, THIRD_SAMPLE, FOURTH_SAMPLE,
                                 FIFTH_SAMPLE, SIXTH_SAMPLE, SEVENTH_SAMPLE, EIGHTH_SAMPLE, NINTH_SAMPLE))}
BATCH = 20


def draw(corpus: Path = DEFAULT_CORPUS, sample: int = 2) -> list[tuple[dict, str]]:
    """The drawn records with their split ("dev" or "heldout"), in drawing order."""
    seed, size, dev, excluded = SAMPLES[sample]
    taken = {a["id"] for path in excluded
             for a in json.loads(path.read_text(encoding="utf-8"))["articles"]}
    seen: set[str] = set()
    pool: list[dict] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row["article"].strip() or row["article"] in seen:
                continue
            seen.add(row["article"])
            if row["id"] not in taken:
                pool.append(row)
    pool.sort(key=lambda r: r["id"])
    drawn = random.Random(seed).sample(pool, size)
    return [(row, "dev" if i < dev else "heldout") for i, row in enumerate(drawn)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, choices=sorted(SAMPLES), default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--dump", type=Path, help="write batch-N.txt files (20 articles each)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (see ../shared/corpus/README.md)")
    drawn = draw(args.corpus, args.sample)
    for row, split in drawn:
        print(row["id"], split)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for b in range(0, len(drawn), BATCH):
            parts = []
            for row, split in drawn[b:b + BATCH]:
                parts.append(f"=== id {row['id']} · split {split} · date {row['date']}\n"
                             f"TITLE: {row['title']}\n\n{row['heading']}\n\n{row['article']}\n")
            (args.dump / f"batch-{b // BATCH + 1}.txt").write_text("\n".join(parts),
                                                                   encoding="utf-8")


if __name__ == "__main__":
    main()
