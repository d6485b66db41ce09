"""The archive's people: one canonical name per person across articles, and its memory of who
held which role when (issue 15).

- `canonical_speaker`: the name the archive already knows a speaker by ("Oleksiy Danilov" for
  an article spelling "Oleksiï Danilov"), first spelling kept, so that `newsbot quotes` and
  who-said answers show one person once.
- `remember_roles`: the roles an article gives named people ("la ministre de la Culture Marie
  Martin"), with the article's date.
- `role_holder`: who held a role at a date — for an article that says only "a déclaré la
  ministre de la Culture": the holder at the article's date, else the nearest.
- `people_holding`: the people whose key holds a shorter one — who "M. Macron" may be
  ("emanuel macron", "brigite macron"), for subscriptions and alerts (index.alerts).

All of it runs inside the transaction that indexes the article (index.indexing).
"""

from __future__ import annotations

import sqlite3

from index.quotes.names import person_key, role_key


def canonical_speaker(conn: sqlite3.Connection, name: str | None) -> tuple[str | None, int | None]:
    """(the archive's name for this speaker, its person id); a new person is remembered. A
    speaker that is not a name (a description: "un porte-parole") is kept as it is, with no id."""
    if not name or not name[:1].isupper():
        return name, None
    key = person_key(name)
    if not key:
        return name, None
    conn.execute("INSERT OR IGNORE INTO people (key, name) VALUES (?, ?)", [key, name])
    person_id, canonical = conn.execute("SELECT id, name FROM people WHERE key = ?", [key]).fetchone()
    return canonical, person_id


def remember_roles(conn: sqlite3.Connection, article_id: str, published: str | None,
                   roles: list[tuple[str, str]]) -> None:
    """Remember the roles an article gives named people (those a role key holds)."""
    for role, name in roles:
        key = role_key(role)
        if key is None:
            continue
        canonical, person_id = canonical_speaker(conn, name)
        if person_id is not None:
            conn.execute("INSERT OR IGNORE INTO roles (role_key, person_id, article_id, published, role)"
                         " VALUES (?, ?, ?, ?, ?)", [key, person_id, article_id, published or "", role])


def role_holder(conn: sqlite3.Connection, role: str, published: str | None) -> tuple[str, str] | None:
    """(name, role as written) of who held `role` at `published` (the latest holder named on or
    before that date, else the first after it), or None when the archive knows none."""
    key = role_key(role)
    if key is None:
        return None
    row = conn.execute(
        "SELECT p.name, r.role FROM roles r JOIN people p ON p.id = r.person_id WHERE r.role_key = ?"
        " ORDER BY (r.published <= ?) DESC, CASE WHEN r.published <= ? THEN r.published END DESC,"
        " r.published LIMIT 1", [key, published or "9999", published or "9999"]).fetchone()
    return (row[0], row[1]) if row else None


def people_holding(conn: sqlite3.Connection, key: str, limit: int = 200) -> list[tuple[str, str]]:
    """(key, name) of the archive's people whose person key holds every word of `key` (itself
    included): for "macron", "macron" (an article that said only "M. Macron"), "emanuel macron"
    and "brigite macron" when the archive has quoted both. At most `limit`, by key."""
    words = key.split()
    if not words:
        return []
    surname = words[-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute("SELECT key, name FROM people WHERE key LIKE ? ESCAPE '\\' ORDER BY key",
                        ["%" + surname + "%"]).fetchall()
    return [(k, n) for k, n in rows if set(words) <= set(k.split())][:limit]
