"""index/quotes/common_words.txt.gz, mined from the OrangeSum corpus: the words news writes in
lower case (at least MIN_LOWER times, and LOWER_SHARE times more often than with a capital
inside a sentence), so that one of them opening a sentence with its capital ("Interrogé sur …,
l'avocat tranche", "Réponse de la présidente : « … »", "Même au sein de la majorité") is not
taken for a speaker's name (index.quotes.reader, `_common_word`); names that are also words
("Royal", "Blanc") are names wherever the article writes them with a capital inside a sentence.

    python bench/mine_common_words.py [--corpus PATH]    # writes index/quotes/common_words.txt.gz
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "index" / "quotes" / "common_words.txt.gz"
MIN_LOWER = 5
LOWER_SHARE = 4
LOWER_RE = re.compile(r"(?<![\w’'-])([a-zéèêëàâäîïôöûüùç]+(?:[-’'][a-zéèêëàâäîïôöûüùç]+)*)(?![\w-])")
# a capitalised word inside a sentence: after a lower-case word or a comma and a space
INNER_CAP_RE = re.compile(r"(?<=[a-zéèêëàâîïôûüùç,] )([A-ZÉÈÊÀÂÎÔÛÇ][a-zéèêëàâäîïôöûüùç]+(?:[-’'][a-zéèêëàâäîïôöûüùç]+)*)(?![\w-])")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared")) / "corpus" / "orangesum.jsonl.gz")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (see ../shared/corpus/README.md)")
    lower: collections.Counter = collections.Counter()
    inner_caps: collections.Counter = collections.Counter()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = f"{row.get('heading') or ''} {row.get('article') or ''}".replace("’", "'")
            lower.update(LOWER_RE.findall(text))
            inner_caps.update(w.lower() for w in INNER_CAP_RE.findall(text))
    words = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= LOWER_SHARE * inner_caps[w])
    body = ("# Words OrangeSum (CC BY-SA 4.0) writes in lower case, built by bench/mine_common_words.py\n"
            + "\n".join(words) + "\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz:  # the same bytes from one build to the next
        gz.write(body.encode("utf-8"))
    OUT.write_bytes(buffer.getvalue())
    print(f"{len(words)} words -> {OUT.relative_to(REPO)} ({len(buffer.getvalue()) // 1024} KB)")


if __name__ == "__main__":
    main()
