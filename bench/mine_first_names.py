"""The candidates of index/quotes/first_names.txt, mined from the OrangeSum corpus: first names
after M./Mme and right after a person noun that marks gender ("la présentatrice Sophie X"),
with their votes; kept when at least 2 uses, 85% agreeing, and the word is not a common
lower-case word of the corpus. The committed file is this list reviewed by hand (see its
header).

    python bench/mine_first_names.py [--corpus PATH] > first_names.tsv
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.quotes.words import is_person_noun, role_head  # noqa: E402

CAP = r"[A-ZÉÈÊÀÂÎÔÛÇ][a-zéèêëàâîïôûüùç]+(?:-[A-ZÉÈ][a-zéèêëàâîïôûç]+)?"
TITLE_RE = re.compile(r"\b(le|la|un|une|du|au|l['’])\s*((?:nouveau|nouvelle|ancien|ancienne|jeune|ex-)?\s*"
                      r"[a-zéèêàâîôûç-]+)\s+(" + CAP + r")\s+(" + CAP + r")\b")
HONORIFIC_RE = re.compile(r"\b(M\.|Mme|Madame|Monsieur)\s+(" + CAP + r")\s+(" + CAP + r")")
WORD_RE = re.compile(r"\b[a-zéèêëàâîïôûüùç]+\b")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared")) / "corpus" / "orangesum.jsonl.gz")
    args = parser.parse_args(argv)
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    lower = collections.Counter()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row["heading"] + " " + row["article"] + " " + row["title"]
            lower.update(WORD_RE.findall(text))
            for m in HONORIFIC_RE.finditer(text):
                votes[m.group(2)]["m" if m.group(1) in ("M.", "Monsieur") else "f"] += 1
            for m in TITLE_RE.finditer(text):
                det, noun = m.group(1).lower(), m.group(2).split()[-1]
                if not is_person_noun(noun):
                    continue
                gender = role_head(noun)[1] or {"le": "m", "un": "m", "du": "m", "au": "m",
                                               "la": "f", "une": "f"}.get(det)
                if gender:
                    votes[m.group(3)][gender] += 1
    for name, counts in sorted(votes.items()):
        total = sum(counts.values())
        gender, top = counts.most_common(1)[0]
        if total >= 2 and top / total >= 0.85 and lower[name.lower()] <= 20:
            print(f"{name}\t{gender}\t{dict(counts)}")


if __name__ == "__main__":
    main()
