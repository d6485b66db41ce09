"""Quotations by speaker: what `newsbot quotes --speaker NAME` lists, newest article first; how many
the given articles hold."""

from __future__ import annotations

from index.quotes.names import person_key, speaker_key
from index.store.index import Store
from index.store.models import ArticleRef, Hit


def quotes_of(store: Store, speaker: str | None = None, limit: int = 50) -> list[Hit]:
    """Quotations, newest article first, optionally of one speaker ("Poutine" finds
    "Vladimir Poutine"; case, accents and titles such as "M." are ignored)."""
    where, params = "", []
    key = speaker_key(speaker)
    if key:
        person = person_key(speaker) or key
        # the name as stored, or any spelling of the person ("Oleksiï" finds "Oleksiy Danilov")
        where = ("WHERE q.speaker_key LIKE ? ESCAPE '\\'"
                 " OR q.person_id IN (SELECT id FROM people WHERE key LIKE ? ESCAPE '\\')")
        params = [_containing(key), _containing(person)]
    rows = store.db.execute(
        "SELECT q.text, q.speaker, coalesce(p.text, ''), p.ordinal, a.id, a.title, a.source, a.url, a.published,"
        " q.direct, q.role"
        f" FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN passages p ON p.id = q.passage_id {where}"
        " ORDER BY a.published IS NULL, a.published DESC, a.added_at DESC, q.start_char LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        Hit(passage=r[2], score=0.0, quote=r[0], speaker=r[1], direct=bool(r[9]), speaker_role=r[10],
            article=ArticleRef(id=r[4], title=r[5], source=r[6], url=r[7], published=r[8], paragraph=r[3]))
        for r in rows
    ]


def quote_count(store: Store, article_ids: list[str]) -> int:
    """How many quotations are stored for these articles (what their ingest extracted)."""
    total = 0
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        total += store.db.execute(f"SELECT count(*) FROM quotes WHERE article_id IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchone()[0]
    return total


def _containing(key: str) -> str:
    """A LIKE pattern for keys holding `key` (its own % and _ taken literally)."""
    return "%" + key.replace("%", "\\%").replace("_", "\\_") + "%"
