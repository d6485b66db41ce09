"""Build index/text/en_fr.tsv.gz, the English → French word list that lets an English question
("Who said the floods in Karachi were a man-made disaster?") search French articles (issue 15).

Source: the French Wiktionary's translation tables (CC BY-SA 3.0), as extracted by
github.com/pquentin/wiktionary-translations (`frwiktionary-20140612-euradicfmt.csv`, lines
`french;POS;TR-FR-EN;english;POS;`). Kept: one-word English and French entries of nouns, verbs,
adjectives and adverbs. Each English word is keyed by its Snowball English stem ("floods",
"flooded" → "flood"); its French translations are ranked by how many French news articles
hold their term as newsbot analyzes them (index.text.analyze; OrangeSum, the first ARTICLES
non-empty ones): a translation few news articles use ("bérézina" for "disaster") is dropped,
two of one term are one ("inondation", "inondations"), and at most PER_WORD are kept, the most
used first ("inondation", "crue" for "flood"). The file's first line says where it comes from and under which licence.

    python bench/english_lexicon.py --wiktionary PATH/frwiktionary-20140612-euradicfmt.csv [--corpus PATH]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

import Stemmer

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.text.analyze import analyze  # noqa: E402
from index.text.english import LEXICON  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"
ARTICLES = 20_000
MIN_ARTICLES = 5  # a French term fewer news articles hold is no translation a question needs
PER_WORD = 4
HEADER = ("# English stem -> French words, most used in French news first. Derived from "
          "the French Wiktionary's translation tables (CC BY-SA 3.0, https://fr.wiktionary.org), as extracted "
          "by github.com/pquentin/wiktionary-translations (dump 2014-06-12); this file is under CC BY-SA 3.0. "
          "Built by bench/english_lexicon.py.")


def french_frequencies(corpus: Path, articles: int) -> Counter:
    """How many of the first `articles` non-empty OrangeSum articles hold each analyzed term."""
    counts: Counter = Counter()
    seen = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row["article"].strip():
                continue
            counts.update(set(analyze(f"{row['title']} {row['heading']} {row['article']}")))
            seen += 1
            if seen >= articles:
                break
    return counts


def build(wiktionary: Path, frequencies: Counter) -> dict[str, list[str]]:
    """English stem → French words, most used first."""
    english = Stemmer.Stemmer("english")
    found: dict[str, dict[str, str]] = defaultdict(dict)  # stem → French term → the word written
    for line in wiktionary.read_text(encoding="utf-8").splitlines():
        parts = line.split(";")
        if len(parts) < 5 or parts[1] not in "SVJD" or " " in parts[0] or " " in parts[3]:
            continue
        french, word = parts[0], parts[3].lower()
        if not word.isalpha():
            continue
        terms = analyze(french)
        if len(terms) == 1 and frequencies[terms[0]] >= MIN_ARTICLES:
            written = found[english.stemWord(word)]
            written[terms[0]] = min(written.get(terms[0], french), french)
    return {stem: [words[t] for t in sorted(words, key=lambda t: (-frequencies[t], t))[:PER_WORD]]
            for stem, words in sorted(found.items())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wiktionary", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=LEXICON)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (see ../shared/corpus/README.md)")
    lexicon = build(args.wiktionary, french_frequencies(args.corpus, ARTICLES))
    # mtime 0: the same list gives the same bytes
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as raw, io.TextIOWrapper(raw, encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        for stem, words in lexicon.items():
            fh.write(f"{stem}\t{' '.join(words)}\n")
    print(f"{len(lexicon)} English stems -> {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")


if __name__ == "__main__":
    main()
