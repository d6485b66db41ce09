"""PIAF split into a tuning part and a held-out part, fixed before any search variant was tuned
(issue 13): tune on `tune`, report `heldout` beside it, never choose anything by `heldout`.

The split is by Wikipedia article (PIAF's `title`), not by question: the questions on one
paragraph, and the paragraphs of one article, share words that a variant could learn, so they
all fall on the same side. Titles are sorted, shuffled with SEED and the first HELDOUT_SHARE of
them are held out; the split depends only on the PIAF file, not on the order questions are read.

    python bench/piaf_split.py [--piaf PATH]     # prints the split's sizes
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
from functools import lru_cache
from pathlib import Path

SEED = 1313
HELDOUT_SHARE = 0.3  # of the articles (480 in PIAF 1.1: 144 held out)
SHARED = Path(os.environ.get("NEWSBOT_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))
DEFAULT_PIAF = SHARED / "eval" / "piaf-v1.1.json.gz"


def split_titles(titles: list[str]) -> tuple[set[str], set[str]]:
    """(tuning titles, held-out titles): the sorted, seeded shuffle's first HELDOUT_SHARE is held out."""
    ordered = sorted(set(titles))
    random.Random(SEED).shuffle(ordered)
    cut = round(len(ordered) * HELDOUT_SHARE)
    return set(ordered[cut:]), set(ordered[:cut])


@lru_cache(maxsize=2)
def question_splits(piaf: Path = DEFAULT_PIAF) -> dict[str, str]:
    """PIAF question id → "tune" or "heldout"."""
    with gzip.open(piaf, "rt", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    _tune, heldout = split_titles([entry["title"] for entry in data])
    return {qa["id"]: "heldout" if entry["title"] in heldout else "tune"
            for entry in data for paragraph in entry["paragraphs"] for qa in paragraph["qas"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--piaf", type=Path, default=DEFAULT_PIAF)
    args = parser.parse_args(argv)
    splits = question_splits(args.piaf)
    for name in ("tune", "heldout"):
        print(f"{name}: {sum(s == name for s in splits.values()):,} questions")


if __name__ == "__main__":
    main()
