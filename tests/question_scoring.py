"""The eval's scoring of one question's answer (../shared/eval/README.md), for the tests and
bench/who_said_eval.py: intent, the first answer's speaker, a passage among the first k, the
articles covered. A case whose `speaker` is null must not name anyone first (no quote in the
archive matches the question)."""

from __future__ import annotations

import unicodedata
from typing import Any


def normalize(text: str) -> str:
    """The eval's matching rule: no case, no accents, ’ as ', whitespace (NBSP too) collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).casefold()
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def check(case: dict[str, Any], answer: dict[str, Any]) -> dict[str, bool]:
    """Each check of the case on an answer in the `newsbot ask --json` shape: name → passed."""
    top = answer["answers"][: case["k"]]
    covered = {a["article"]["id"] for a in top} | {r["id"] for a in top for r in a["also_in"]}
    speaker = normalize(top[0]["speaker"] or "") if top else ""
    checks = {"intent": answer["intent"] == case["intent"],
              "passage": any(normalize(case["passage"]) in normalize(a["passage"]) for a in top),
              "articles_min": len(covered) >= case.get("articles_min", 0)}
    if case["intent"] == "who_said" and "speaker" in case:
        wanted = case["speaker"]
        checks["speaker"] = not speaker if wanted is None else any(normalize(s) in speaker for s in wanted)
    return checks
