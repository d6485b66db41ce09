"""Pathological questions cost what ordinary text costs: 100,000-character questions timed against
100,000 characters of ordinary French (a script, not a test).

    .venv/bin/python bench/hostile_questions.py [--repeat 3] [--factor 10]

Indexes seeds/ into a temporary database, then times `parse_question` and `Index.ask` on each
question of `PATHOLOGICAL` — its first call, as a new question comes — and on the baseline (the
seeds' own text cut to the same length, with warm caches: best of `--repeat`). Fails (exit 1)
when a question takes more than `--factor` times the slower of the two baselines, plus 0.5 s — a
regression towards quadratic work shows up as hundreds of times. `tests/test_hostile_input.py` answers the same questions under a hang guard, with no
timing asserted (figures in docs/reliability.md).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"


def hundred_k(piece: str, head: str = "") -> str:
    """`head` then `piece` repeated, 100,000 characters in all."""
    return (head + piece * (100_000 // len(piece) + 1))[:100_000]


PATHOLOGICAL = {
    "spaces after a guillemet": hundred_k(" ", "«"),
    "guillemets never closed": hundred_k("« a "),
    "straight quotes never closed": hundred_k("a ", '"'),
    "hyphen chain": hundred_k("a-"),
    "apostrophe chain": hundred_k("l'"),
    "digit groups": hundred_k("1 000 "),
    "single digits": hundred_k("1 "),
    "who said, repeated": hundred_k("qui a dit que "),
    "English, repeated": hundred_k("who said that the floods took the people's lives "),  # translated
    "English, distinct words": "Who said " + " ".join(f"flood{n} took" for n in range(10_000))[:99_991],
    "soft hyphen chain": hundred_k("a\u00ad"),
    "NUL and bidi marks": hundred_k("\x00\u202e\u200f"),
    "FTS5 syntax": hundred_k('NEAR(a b) AND "x" * ^body: OR NOT '),
    "combining accents": hundred_k("\u0301", "e"),
    "emoji": hundred_k("😀"),
    "lone surrogates": hundred_k("\ud800"),
    "one long word": hundred_k("x"),
    "distinct words": " ".join(f"mot{n}" for n in range(20_000))[:100_000],
}


def ordinary_french(length: int) -> str:
    """The seeds' text, repeated and cut to `length` characters."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()))
    return (text * (length // len(text) + 1))[:length]


def best(function: Callable[..., Any], argument: str, repeat: int = 1) -> float:
    """The fastest of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    from index import open_index
    from index.sources.ingest import ingest
    from index.text.question import parse_question

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--factor", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsbot-hostile-") as folder:
        index = open_index(Path(folder) / "seeded.db")
        ingest(index, [str(SEEDS)])
        baseline = ordinary_french(100_000)
        index.ask(baseline)  # warm caches (stemmer, statements)
        base_parse, base_ask = best(parse_question, baseline, args.repeat), best(index.ask, baseline, args.repeat)
        allowed = args.factor * max(base_parse, base_ask) + 0.5
        print(f"| 100,000 characters of… | `parse_question` | `Index.ask` |\n|---|---|---|\n"
              f"| ordinary French (the baseline) | {base_parse * 1000:.0f} ms | {base_ask * 1000:.0f} ms |")
        over = []
        for name, question in PATHOLOGICAL.items():
            parse, ask = best(parse_question, question), best(index.ask, question)
            print(f"| {name} | {parse * 1000:.0f} ms | {ask * 1000:.0f} ms |")
            if max(parse, ask) > allowed:
                over.append(name)
        index.close()
    print(f"(first call; the baseline: best of {args.repeat}, warm; allowed {allowed * 1000:.0f} ms = {args.factor:g} × the slower baseline + 0.5 s)")
    if over:
        print("over the allowance: " + ", ".join(over))
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
