"""Builds index/quotes/first_names_world.txt: first names of the whole world with the gender they
mark, for the people French news quotes whose first names index/quotes/first_names.txt (mined
from French news, reviewed by hand) does not know ("Flavia Coelho", "Malik Djoudi", "Gareth
Collins", "Yun Jiang").

Source: nomquamgender's name_data.json (Ian Van Buskirk, MIT licence: see the file's header),
the share of women among the bearers of 720,000 first names from 36 national and scientific
name registers. A name is kept when it is common (COUNT bearers or more), its gender is clear
(a share of women ≤ CLEAR or ≥ 1 − CLEAR), and, where the OrangeSum corpus uses the word, it
reads as a first name there: mostly capitalised (a lower-case word is a common word: "rose",
"ange"), mostly followed by another capitalised word (a surname: not "France", "Nice"), and
seldom after "à" or "en" (a place). Names of the hand list are left out (it comes first).

    pip install nomquamgender==0.1.4   # in a throwaway environment: not a dependency of newsbot
    python bench/world_first_names.py [--corpus PATH] [--names PATH/name_data.json]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "index" / "quotes" / "first_names_world.txt"
HAND = REPO / "index" / "quotes" / "first_names.txt"
COUNT = 2_000  # bearers in the registers, at least
CLEAR = 0.04  # share of the other gender, at most
# Words of names of places, works and brands that the registers hold as first names, read off
# the built list by hand.
NOT_FIRST_NAMES = frozenset("""
    Africa America Angeles Italia Sahara King Legend Princess Duke Kaiser Fox Apollo Cannon
    Creed Mercy Faith Royal Grand Saint Sainte Santa Santo San Los Las Del Della Van Von Mac
    Chanel Dior Cartier Mercedes Porsche Ferrari Lamborghini Tesla Toyota Renault Peugeot
    Citroen Audi Volvo Opel Fiat Skoda Seat Dacia Alpine Bugatti Mclaren Lotus Maserati Bentley
    Ford Crystal China Meta Chelsea Toussaint Oscar Queen Lady Lincoln Georgia Virginia Vienna
    Verona Sierra Hertha Warner Rkhl Jersey Florence Victoria Madison Austin Dallas Phoenix Sydney
    India Siena Carolina
""".split())
WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)*")

HEADER = """\
# First names of the world and the gender they mark, after index/quotes/first_names.txt (French
# news, reviewed by hand; it wins where both know a name). Built by bench/world_first_names.py
# from nomquamgender's name_data.json (a common name of a clear gender, that OrangeSum does not
# use as a common word or a place). One name a line: NAME<TAB>m|f.
#
# nomquamgender: Copyright (c) 2022 Ian Van Buskirk. Permission is hereby granted, free of
# charge, to any person obtaining a copy of this software and associated documentation files
# (the "Software"), to deal in the Software without restriction, including without limitation
# the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so, subject to the
# following conditions: The above copyright notice and this permission notice shall be included
# in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS",
# WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES
# OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL
# THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
# IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
# SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def corpus_uses(corpus: Path) -> dict[str, collections.Counter]:
    """For every word of the corpus: how often capitalised, lower-case, followed by a capitalised
    word, and after "à"/"en"."""
    uses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            words = WORD_RE.findall(f"{row['title']} . {row['heading']} . {row['article']}")
            for k, word in enumerate(words):
                if word[:1].isupper():
                    use = uses[word]
                    use["cap"] += 1
                    if k + 1 < len(words) and words[k + 1][:1].isupper():
                        use["then_cap"] += 1
                    if k and words[k - 1] in ("à", "en", "En", "À"):
                        use["place"] += 1
                else:
                    uses[word.capitalize()]["low"] += 1
    return uses


def reads_as_first_name(use: collections.Counter) -> bool:
    if not use:
        return True  # a name French news has not used yet
    if use["low"] > 0.2 * use["cap"]:
        return False  # a common word: "Rose", "Ange", "Olive"
    if use["cap"] >= 5 and use["then_cap"] < 0.4 * use["cap"] or use["place"] >= max(2, 0.05 * use["cap"]):
        return False  # a place or a word of titles: "France", "Nice", "Paris"
    return True


def build(names: dict, uses: dict[str, collections.Counter], hand: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (_, bearers, women, *_rest) in names.items():
        if bearers < COUNT or not key.isalpha() and "-" not in key or not key.replace("-", "").isalpha():
            continue
        if len(key) < 3 or not all(unicodedata.category(c).startswith("L") or c == "-" for c in key):
            continue
        if CLEAR < women < 1 - CLEAR:
            continue
        name = "-".join(part.capitalize() for part in key.split("-"))
        if name in hand or name in NOT_FIRST_NAMES or not reads_as_first_name(uses.get(name, collections.Counter())):
            continue
        out[name] = "f" if women >= 1 - CLEAR else "m"
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared"))
    parser.add_argument("--corpus", type=Path, default=shared / "corpus" / "orangesum.jsonl.gz")
    parser.add_argument("--names", type=Path, help="nomquamgender's name_data.json (default: the installed package's)")
    args = parser.parse_args(argv)
    if args.names is None:
        try:
            import nomquamgender  # type: ignore[import-not-found]
        except ImportError:
            sys.exit("pip install nomquamgender==0.1.4 (in a throwaway environment), or give --names")
        args.names = Path(nomquamgender.__file__).with_name("name_data.json")
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (see ../shared/corpus/README.md)")
    hand = {line.split("\t")[0] for line in HAND.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}
    names = json.loads(args.names.read_text(encoding="utf-8"))
    kept = build(names, corpus_uses(args.corpus), hand)
    TARGET.write_text(HEADER + "".join(f"{n}\t{g}\n" for n, g in sorted(kept.items())), encoding="utf-8")
    print(f"{len(kept)} first names written to {TARGET.relative_to(REPO)}")


if __name__ == "__main__":
    main()
