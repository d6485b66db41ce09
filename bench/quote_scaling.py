"""Quote extraction on growing input, timed: 10x the quotes or 10x a paragraph should cost about
10x, never 100x. The tests count the work instead (tests/test_quotes.py); this measures time.

    python bench/quote_scaling.py        # prints each ratio; exits 1 if one is over 30
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.quotes.extract import extract_quotes  # noqa: E402
from index.store.models import Article  # noqa: E402

LIMIT = 30  # linear is 10-20 here, quadratic 100
UNITS = [
    "Le conseil municipal a voté la réforme, a déclaré le maire, qui « voulait avancer vite ». ",
    "mot " * 20 + "« citation de quelques mots ici », ",
    "Selon le maire, la réforme avance vite et bien, " + "et encore " * 5,
    '"Un guillemet droit "ouvert et fermé" ici ',
]


def timed(text: str, repeat: int = 5) -> float:
    """Best of a few runs, garbage collection off: the cost of the algorithm, not of the GC."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            extract_quotes(Article(title="", text=text), use_nlp=False)
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


def many_quotes(n: int) -> str:
    return "\n\n".join(f"« Voici la citation numéro {i} de la journée », a déclaré Paul Roux "
                       f"devant la presse." for i in range(n))


def main() -> int:
    cases = [("300 quotes / 30 quotes", many_quotes(300), many_quotes(30))]
    cases += [(f"20,000 / 2,000 characters of {unit[:30]!r}…", unit * (20_000 // len(unit) + 1),
               unit * (2_000 // len(unit) + 1)) for unit in UNITS]
    worst = 0.0
    for label, big, small in cases:
        ratio = timed(big) / timed(small)
        worst = max(worst, ratio)
        print(f"{ratio:6.1f}x  {label}")
    return 1 if worst > LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
