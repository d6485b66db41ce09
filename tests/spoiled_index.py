"""Index files newsbot must refuse, made from a good one: the doctor's and restore's tests spoil a
file with these (each test keeps the spoilers only it needs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.store.schema import MIGRATIONS

NEWER_SCHEMA = len(MIGRATIONS) + 2


def newer(path: Path) -> None:
    """An index from a newer newsbot: a schema version this one does not know."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {NEWER_SCHEMA}")
    conn.close()


def other_sqlite(path: Path) -> None:
    """Another program's SQLite database at the index's path."""
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
