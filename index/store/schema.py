"""Schema setup: numbered migrations, run at open, each once (tracked in PRAGMA user_version).

Safe to run again: a database already at the latest version is left as it is. Append new
migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: articles, passages, their full-text index
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY,
        url TEXT,
        title TEXT NOT NULL,
        source TEXT,
        published TEXT,
        author TEXT,
        text TEXT NOT NULL,
        headings TEXT NOT NULL DEFAULT '[]',
        content_hash TEXT NOT NULL,
        origin TEXT,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS articles_url ON articles (url);
    CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (content_hash);
    CREATE TABLE IF NOT EXISTS passages (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        window_no INTEGER NOT NULL DEFAULT 0,
        heading TEXT,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS passages_article ON passages (article_id);
    -- Analyzed terms (index.analyze): `context` is the title and section heading, `body` the passage.
    CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5 (context, body);
    -- Document frequency of each term, to plan queries (rarest terms first, drop unknown ones).
    CREATE VIRTUAL TABLE IF NOT EXISTS passages_vocab USING fts5vocab (passages_fts, 'row');
    """,
    # 2: keys seen recently, for callers that act once per key (Store.first_seen); the table's
    # names predate that wording and stay, since renaming them would take a migration
    """
    CREATE TABLE IF NOT EXISTS seen_events (
        event_id TEXT PRIMARY KEY,
        seen_at REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS seen_events_at ON seen_events (seen_at);
    """,
    # 3: quotations and their speakers, extracted at ingest (index.quotes)
    """
    CREATE TABLE IF NOT EXISTS quotes (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        passage_id INTEGER,
        text TEXT NOT NULL,
        speaker TEXT,
        speaker_key TEXT,
        mention TEXT,
        verb TEXT,
        direct INTEGER NOT NULL DEFAULT 1,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
    CREATE INDEX IF NOT EXISTS quotes_passage ON quotes (passage_id);
    CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker_key);
    """,
    # 4: digest outbox (articles waiting for the digest, and posted ones: never twice) and feed state
    """
    CREATE TABLE IF NOT EXISTS digest_outbox (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        queued_at REAL NOT NULL,
        posted_at REAL,
        message_ts TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_at REAL NOT NULL DEFAULT 0,
        last_error TEXT,
        lease_owner TEXT,
        lease_until REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS digest_outbox_pending ON digest_outbox (queued_at) WHERE posted_at IS NULL;
    CREATE TABLE IF NOT EXISTS feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        modified TEXT,
        checked_at REAL,
        ok_at REAL,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_check_at REAL NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS feed_entries (
        feed_url TEXT NOT NULL,
        entry_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        article_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        seen_at REAL NOT NULL,
        PRIMARY KEY (feed_url, entry_key)
    );
    """,
    # 5: term postings for fast exact BM25 (index.search.postings); filled from FTS5 at open
    """
    CREATE TABLE IF NOT EXISTS postings_segments (
        id INTEGER PRIMARY KEY,
        level INTEGER NOT NULL,
        first_doc INTEGER NOT NULL,
        last_doc INTEGER NOT NULL,
        first_row INTEGER NOT NULL,
        last_row INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS postings (
        segment INTEGER NOT NULL,
        term TEXT NOT NULL,
        docs BLOB NOT NULL,
        context_tf BLOB NOT NULL,
        body_tf BLOB NOT NULL,
        lengths BLOB NOT NULL,
        UNIQUE (term, segment)
    );
    CREATE TABLE IF NOT EXISTS postings_dead (id INTEGER PRIMARY KEY);

    """,
    # 6: one person across the archive (spellings folded), their roles over time, and each
    # quote's speaker role (index.people)
    """
    -- ADD COLUMN quotes.role TEXT, quotes.person_id INTEGER (see _add_columns: safe to run again)
    CREATE INDEX IF NOT EXISTS quotes_person ON quotes (person_id);
    CREATE TABLE IF NOT EXISTS people (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS roles (
        role_key TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people (id),
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        published TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (role_key, person_id, article_id)
    );
    CREATE INDEX IF NOT EXISTS roles_by_key ON roles (role_key, published);
    CREATE INDEX IF NOT EXISTS roles_by_article ON roles (article_id);
    """,
    # 7: a backlog too big to announce article by article is summarized in one message; its
    # articles wait there, summarized, for `newsbot digest --dry-run` and `--discard`
    """
    -- ADD COLUMN digest_outbox.summarized_at REAL (see _add_columns)
    CREATE INDEX IF NOT EXISTS digest_outbox_posted ON digest_outbox (posted_at) WHERE posted_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS digest_outbox_summarized ON digest_outbox (summarized_at)
        WHERE summarized_at IS NOT NULL;
    """,
    # 8: desks and alerts (issue 14): what channels and people follow, the alert outbox (each
    # (subscription, article) delivered once), and feedback on answers
    """
    CREATE TABLE IF NOT EXISTS subscriptions (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL,  -- a channel id, or "@" + a user id for personal alerts (by DM)
        kind TEXT NOT NULL,  -- "person" or "topic"
        key TEXT NOT NULL,  -- the person key, or the topic's analysed terms (sorted, space-separated)
        label TEXT NOT NULL,  -- what to show: the person's name, or the topic as typed
        created_by TEXT,
        created_at REAL NOT NULL,
        UNIQUE (target, kind, key)
    );
    CREATE INDEX IF NOT EXISTS subscriptions_created_by ON subscriptions (created_by);
    CREATE TABLE IF NOT EXISTS alert_outbox (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        reason TEXT NOT NULL,  -- why it is there: "Emmanuel Macron", "retraites · pénibilité"
        quote TEXT,  -- for a person: the quotation that matched
        queued_at REAL NOT NULL,
        posted_at REAL,
        message_ts TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_at REAL NOT NULL DEFAULT 0,
        last_error TEXT,
        lease_owner TEXT,
        lease_until REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (subscription_id, article_id)
    );
    CREATE INDEX IF NOT EXISTS alert_outbox_pending ON alert_outbox (target, queued_at) WHERE posted_at IS NULL;
    CREATE INDEX IF NOT EXISTS alert_outbox_posted ON alert_outbox (target, posted_at) WHERE posted_at IS NOT NULL;
    CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user_id TEXT,
        channel TEXT,
        rating INTEGER NOT NULL,  -- 1: 👍, -1: 👎
        question TEXT NOT NULL,
        answers TEXT NOT NULL  -- JSON: the answers shown (article id, title, paragraph, speaker)
    );
    """,
]


# Columns added by a migration, created only when missing (SQLite has no ADD COLUMN IF NOT
# EXISTS), so that every migration is safe to run again: {migration number: [(table, column)]}.
ADDED_COLUMNS = {6: [("quotes", "role TEXT"), ("quotes", "person_id INTEGER")],
                 7: [("digest_outbox", "summarized_at REAL")]}


def _add_columns(conn: sqlite3.Connection, number: int) -> str:
    """The ALTER TABLE statements of migration `number` for the columns not there yet."""
    statements = []
    for table, column in ADDED_COLUMNS.get(number, []):
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column.split()[0] not in present:
            statements.append(f"ALTER TABLE {table} ADD COLUMN {column};")
    return "".join(statements)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to the latest version; return the version reached."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise sqlite3.DatabaseError(
            f"this database was made by a newer newsbot (schema {version}, this one knows {len(MIGRATIONS)}): upgrade newsbot"
        )
    for number in range(version, len(MIGRATIONS)):
        conn.executescript("BEGIN IMMEDIATE;" + _add_columns(conn, number + 1) + MIGRATIONS[number]
                           + f"; PRAGMA user_version = {number + 1}; COMMIT;")
    return len(MIGRATIONS)
