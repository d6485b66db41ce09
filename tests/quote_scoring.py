"""Scoring of extracted quotations against hand annotations, for tests/test_quotes.py and
bench/quotes_eval.py.

Scoring. A found quote matches an annotated one when, after normalisation (case, accents,
apostrophes and punctuation ignored), one of them contains the other's first eight words as a
contiguous run, or at least 60% of the shorter one's words occur in the other and the shorter one
has at least three words. Matching is one-to-one, in text order. Precision = matched found /
found, recall = matched annotated / annotated, speaker accuracy = matched pairs whose speaker is
one of the annotation's acceptable speakers (compared without case, accents, leading
determiner or parenthesis; JSON null accepts None).

A found speaker also counts when an acceptable answer is a name of one or more words that ends
it ("Castaner" accepts "Christophe Castaner": the archive may know a fuller name than the article
gives).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from index.quotes.names import strip_det
from index.store.models import Article, Quote


def _words(text: str | None) -> list[str]:
    text = unicodedata.normalize("NFKD", (text or "").lower().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"\w+", text)


def _contains_run(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def texts_match(found: str, annotated: str) -> bool:
    """The overlap rule of the module docstring."""
    f, a = _words(found), _words(annotated)
    if not f or not a:
        return False
    if _contains_run(f, a[:8]) or _contains_run(a, f[:8]):
        return True
    short, long_ = (f, a) if len(f) <= len(a) else (a, f)
    pool = set(long_)
    return len(short) >= 3 and sum(w in pool for w in short) >= 0.6 * len(short)


def _speaker_key(name: str | None) -> str | None:
    if name is None:
        return None
    name = re.sub(r"\([^)]*\)", " ", name)
    return " ".join(_words(strip_det(name)))


def speaker_ok(found: str | None, acceptable: list[str | None]) -> bool:
    """True when `found` is one of the acceptable speakers (see the module docstring)."""
    key = _speaker_key(found)
    for alt in acceptable:
        want = _speaker_key(alt)
        if key == want:
            return True
        if key and want and alt and alt[:1].isupper() and key.endswith(" " + want):
            return True
    return False


def score(found: list[Quote], gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision, recall, speaker accuracy and the unmatched items, for one or more articles."""
    used: set[int] = set()
    pairs: list[tuple[Quote, dict[str, Any]]] = []
    missed: list[dict[str, Any]] = []
    for g in gold:
        k = next((i for i, q in enumerate(found)
                  if i not in used and texts_match(q.text, g["quote"])), None)
        if k is None:
            missed.append(g)
        else:
            used.add(k)
            pairs.append((found[k], g))
    good = [(q, g) for q, g in pairs if speaker_ok(q.speaker, g["speaker"])]
    return {
        "found": len(found), "gold": len(gold), "matched": len(pairs),
        "precision": len(pairs) / len(found) if found else 1.0,
        "recall": len(pairs) / len(gold) if gold else 1.0,
        "speaker": len(good) / len(pairs) if pairs else 1.0,
        "extra": [q for i, q in enumerate(found) if i not in used],
        "missed": missed,
        "wrong": [(q, g) for q, g in pairs if (q, g) not in good],
    }


def total(scores: list[dict[str, Any]]) -> dict[str, Any]:
    found = sum(s["found"] for s in scores)
    gold = sum(s["gold"] for s in scores)
    matched = sum(s["matched"] for s in scores)
    right = sum(s["speaker"] * s["matched"] for s in scores)
    return {"found": found, "gold": gold, "matched": matched,
            "precision": matched / found if found else 1.0,
            "recall": matched / gold if gold else 1.0,
            "speaker": right / matched if matched else 1.0}


def report(label: str, per_article: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Print the figures and what went wrong, for `pytest -s` and for failures."""
    t = total(list(per_article.values()))
    print(f"\n{label}: precision {t['precision']:.3f}  recall {t['recall']:.3f}  "
          f"speaker accuracy {t['speaker']:.3f}  ({t['matched']} matched, {t['found']} found, "
          f"{t['gold']} annotated)")
    for name, s in per_article.items():
        for q in s["extra"]:
            print(f"  {name} extra: {q.text[:70]!r} [{q.speaker}]")
        for g in s["missed"]:
            print(f"  {name} missed: {g['quote'][:70]!r}")
        for q, g in s["wrong"]:
            print(f"  {name} speaker: {q.text[:50]!r} -> {q.speaker!r}, want {g['speaker']}")
    return t




def corpus_articles(corpus: Path, ids: set[int]) -> dict[int, Article]:
    """The OrangeSum articles with these ids, as the tests read them: heading + blank line +
    article, the title apart (one pass over the file)."""
    out: dict[int, Article] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in ids:
                out[row["id"]] = Article(title=row["title"], id=str(row["id"]),
                                         text=row["heading"] + "\n\n" + row["article"],
                                         published=row["date"])
    return out
