"""Feedback on answers: 👍 or 👎, stored with the question and the answers shown, exported by
`newsbot feedback --json` to measure answer quality over time."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from index.store.index import Store


def record(store: Store, rating: int, question: str, shown: Sequence[tuple[str, int | None]],
           user: str | None = None, channel: str | None = None, now: float | None = None) -> int:
    """Store one 👍 (`rating` 1) or 👎 (-1) on the answers `shown` ((article id, paragraph), in the
    order shown) to `question`; each answer is kept with the article's title, outlet and link as
    they are now. Returns the feedback's id."""
    answers: list[dict[str, Any]] = []
    for rank, (article_id, paragraph) in enumerate(shown, start=1):
        article = store.article(article_id)
        answers.append({"rank": rank, "article_id": article_id, "paragraph": paragraph,
                        "title": article.title if article else None, "source": article.source if article else None,
                        "url": article.url if article else None})
    with store.transaction() as conn:
        return conn.execute(
            "INSERT INTO feedback (at, user_id, channel, rating, question, answers) VALUES (?, ?, ?, ?, ?, ?)"
            " RETURNING id", [time.time() if now is None else now, user, channel, 1 if rating > 0 else -1, question,
                              json.dumps(answers, ensure_ascii=False)]).fetchone()[0]


def export(store: Store) -> list[dict[str, Any]]:
    """Every feedback, oldest first: when, rating, question, the answers shown (no user id)."""
    rows = store.db.execute("SELECT id, at, channel, rating, question, answers FROM feedback ORDER BY at, id")
    return [{"id": i, "at": at, "channel": channel, "rating": "up" if rating > 0 else "down", "question": question,
             "answers": json.loads(answers)} for i, at, channel, rating, question, answers in rows]
