"""Backups of the index while newsbot runs, their checks, and restoring one.

`backup()` copies the live file with SQLite's online backup API inside one read transaction: in
WAL mode the copy is the index as it was at one instant, while `newsbot serve`, `watch` and an
ingest keep writing (readers never block writers). The copy is written to a hidden temporary
file beside the target, checked (`PRAGMA integrity_check`, and its counts equal to those of the
snapshot it was taken from), flushed to disk, and only then renamed to the name asked for: a
full disk, an unwritable folder or a kill leaves no file under that name.

`restore()` refuses a file that is not a newsbot index, a damaged one and one made by a newer
newsbot, and never replaces an index that exists without `force`. It writes with the same API
into the live file, under SQLite's write lock, so that a process that still has the index open
never reads a mix of the two (a file renamed over a live WAL database would be corrupted).

`inspect()` reads what an index file holds without writing to it (for `newsbot doctor`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from index.store.errors import NewsbotError
from index.store.schema import MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
TEMP_PREFIX = ".newsbot-backup-"  # hidden, and never the name asked for
HEADROOM_BYTES = 16 << 20  # free space wanted beyond the index's size before copying it
COUNTED = {  # what a backup's counts compare: the table, and the rows counted
    "articles": ("articles", "SELECT count(*) FROM articles"),
    "passages": ("passages", "SELECT count(*) FROM passages"),
    "quotes": ("quotes", "SELECT count(*) FROM quotes"),
    "pending": ("digest_outbox", "SELECT count(*) FROM digest_outbox WHERE posted_at IS NULL"),
}


class BackupError(NewsbotError):
    """A backup or a restore could not be made; the message says why and what to do."""


class NewerSchemaError(BackupError):
    """The file was made by a newer newsbot (its schema `version` is past this one's migrations)."""

    def __init__(self, message: str, version: int) -> None:
        super().__init__(message)
        self.version = version


@dataclass(frozen=True)
class Snapshot:
    """What an index file holds: its schema version, counts and size."""

    path: str
    schema_version: int
    articles: int
    passages: int
    quotes: int
    pending: int  # articles waiting for the digest
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTED}


# ---------------------------------------------------------------------------- reading a file


def is_sqlite_file(path: Path) -> bool:
    """True when `path` starts with SQLite's header (an empty file is not one)."""
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Articles, passages, quotes and articles pending for the digest (0 for a table not there yet)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {name: conn.execute(sql).fetchone()[0] if table in tables else 0 for name, (table, sql) in COUNTED.items()}


def database_size(path: Path) -> int:
    """Bytes of the database and its WAL (not of other files whose names start the same)."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _snapshot(path: Path, conn: sqlite3.Connection, counts: dict[str, int] | None = None) -> Snapshot:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return Snapshot(str(path), version, **(counts or table_counts(conn)), size_bytes=database_size(path))


def _open_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _problems(conn: sqlite3.Connection, limit: int = 3) -> list[str]:
    """What `PRAGMA integrity_check` finds (empty when the file is sound)."""
    rows = [" ".join(str(row[0]).split()) for row in conn.execute(f"PRAGMA integrity_check({limit})")]
    return [] if rows == ["ok"] else rows  # one line each: the messages they go in are one line


def _newsbot_schema(path: Path, conn: sqlite3.Connection) -> int:
    """The schema version of a newsbot index; BackupError for another database or a newer one."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise NewerSchemaError(f"{path} was made by a newer newsbot (schema {version}; this one knows "
                               f"{len(MIGRATIONS)}): upgrade newsbot first, or choose a backup made by this version",
                               version)
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
        raise BackupError(f"{path} is an SQLite file but not a newsbot index (no articles table)")
    return version


def inspect(path: str | Path) -> Snapshot:
    """Counts, schema version and size of the index at `path`, read without writing to it.

    Raises FileNotFoundError, PermissionError, BackupError (not SQLite, not newsbot's, newer
    schema) or sqlite3.DatabaseError (damaged) for the caller to word.
    """
    path = Path(path)
    with open(path, "rb"):  # FileNotFoundError, PermissionError, IsADirectoryError: said plainly
        pass
    if not is_sqlite_file(path):
        raise BackupError(f"{path} is not an SQLite file")
    conn = _open_read_only(path)
    try:
        _newsbot_schema(path, conn)
        return _snapshot(path, conn)
    finally:
        conn.close()


def check(path: str | Path) -> Snapshot:
    """Check a backup file before it is restored: a newsbot index of this version or older, sound
    (`PRAGMA integrity_check`). BackupError saying what is wrong otherwise."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    try:
        if not is_sqlite_file(path):
            raise BackupError(f"{path} is not a newsbot backup (not an SQLite file)")
        conn = _open_read_only(path)
        try:
            _newsbot_schema(path, conn)
            problems = _problems(conn)
            if problems:
                raise BackupError(f"{path} is damaged: {'; '.join(problems)}")
            return _snapshot(path, conn)
        finally:
            conn.close()
    except PermissionError:
        raise BackupError(f"{path} cannot be read (permission denied): run as a user who can read it") from None
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged ({exc}): choose another backup") from None


# ---------------------------------------------------------------------------- backup


def backup_name(now: float | None = None) -> str:
    """The file name of a backup made into a folder: newsbot-YYYYMMDD-HHMMSS.db (local time)."""
    return time.strftime("newsbot-%Y%m%d-%H%M%S.db", time.localtime(time.time() if now is None else now))


def _target(source: Path, target: Path, overwrite: bool) -> Path:
    if target.is_dir():
        target = target / backup_name()
    if target.exists() and source.exists() and target.samefile(source):
        raise BackupError(f"{target} is the index itself: name another file")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists: name another file, or add --force to replace it")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist: create it first (mkdir -p {target.parent})")
    return target


def _temporary(folder: Path) -> Path:
    """A new hidden file in `folder` for the copy in progress; BackupError when the folder is not writable."""
    try:
        handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BackupError(f"cannot write in {folder} ({exc.strerror}): choose a folder this user can write to") from None
    os.close(handle)
    return Path(name)


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    """Flush a file (or a folder's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _full(exc: BaseException) -> bool:
    return "full" in str(exc) or getattr(exc, "errno", None) == 28  # SQLITE_FULL, or ENOSPC


def backup(source: str | Path, target: str | Path, overwrite: bool = False) -> Snapshot:
    """Copy the index at `source` to `target` (a file, or a folder to put a dated file in), while
    other processes keep writing to it; check the copy; return what it holds.

    Raises BackupError with what to do when the index is missing, the folder is missing or not
    writable, the disk is full, or the copy does not check out. No file is left at `target` then.
    """
    source, target = Path(source), _target(Path(source), Path(target), overwrite)
    if not source.is_file():
        raise BackupError(f"No index at {source}: nothing to back up (check --db or NEWSBOT_DB)")
    if not is_sqlite_file(source):
        raise BackupError(f"{source} is not a newsbot index (not an SQLite file)")
    free = shutil.disk_usage(target.parent).free
    if free < database_size(source) + HEADROOM_BYTES:
        raise BackupError(f"not enough room in {target.parent}: the index takes {database_size(source) / 1e6:,.1f} MB and "
                          f"{free / 1e6:,.1f} MB are free; free some space or choose another folder")
    temporary = _temporary(target.parent)
    try:
        taken = _copy(source, temporary)
        snapshot = _verify(temporary, taken)
        _sync(temporary)
        os.replace(temporary, target)
        _sync(target.parent)
    except BaseException as exc:
        _remove(temporary)
        if isinstance(exc, BackupError):
            raise
        if isinstance(exc, (sqlite3.Error, OSError)):
            if _full(exc):
                raise BackupError(f"the disk holding {target.parent} is full ({exc}); nothing was kept: free some "
                                  "space or choose another folder") from None
            if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_IOERR_WRITE"):
                raise BackupError(f"writing the backup to {target} failed ({exc}: is the disk full or failing?); "
                                  "nothing was kept") from None
            raise BackupError(f"the backup to {target} failed ({exc}); nothing was kept") from None
        raise
    return Snapshot(str(target), snapshot.schema_version, **snapshot.counts(), size_bytes=target.stat().st_size)


def _copy(source: Path, destination: Path) -> dict[str, int]:
    """Copy `source` into the empty file `destination`; the counts of the instant copied."""
    src = sqlite3.connect(source, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    dst = sqlite3.connect(destination, isolation_level=None)
    try:
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _newsbot_schema(source, src)
        src.execute("BEGIN")  # one read transaction: the counts and the pages copied are the same instant
        counts = table_counts(src)
        src.backup(dst)  # all pages in one step: writers go on (WAL), the copy never restarts
        src.execute("COMMIT")
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file; WAL again when opened
        return counts
    finally:
        src.close()
        dst.close()


def _verify(path: Path, expected: dict[str, int]) -> Snapshot:
    """The copy at `path` is sound and holds what the source held at the instant copied."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        problems = _problems(conn)
        if problems:
            raise BackupError(f"the copy does not pass integrity_check ({'; '.join(problems)}); nothing was kept")
        snapshot = _snapshot(path, conn)
    finally:
        conn.close()
    if snapshot.counts() != expected:
        raise BackupError(f"the copy holds {snapshot.counts()} where the index held {expected}; nothing was kept")
    return snapshot


# ---------------------------------------------------------------------------- restore


def restore(backup_file: str | Path, live: str | Path, force: bool = False) -> Snapshot:
    """Put the index saved in `backup_file` at `live`; return what the live index now holds.

    `backup_file` must be a sound newsbot index of this version or older (older ones are
    upgraded when newsbot next opens them). An existing index is replaced only with `force`.
    """
    backup_file, live = Path(backup_file), Path(live)
    saved = check(backup_file)
    if live.exists():
        if live.samefile(backup_file):
            raise BackupError(f"{backup_file} is the index itself: nothing to restore")
        if not force:
            raise BackupError(f"{live} already holds an index: add --force to replace it (keep a copy first with "
                              f"`newsbot backup FILE`)")
        if not live.is_file() or (live.stat().st_size and not is_sqlite_file(live)):
            raise BackupError(f"{live} is not an SQLite file: move it away first; it was left untouched")
    if not live.parent.is_dir():
        raise BackupError(f"the folder {live.parent} does not exist: create it first")
    free = shutil.disk_usage(live.parent).free + (database_size(live) if live.exists() else 0)
    if free < saved.size_bytes + HEADROOM_BYTES:
        raise BackupError(f"not enough room in {live.parent} for {saved.size_bytes / 1e6:,.1f} MB: free some space")
    existed = live.exists() and live.stat().st_size > 0
    src = _open_read_only(backup_file)
    try:
        dst = sqlite3.connect(live, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        src.close()
        raise BackupError(f"cannot write {live} ({exc}): run as the index's owner") from None
    try:
        dst.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # An index in use is written through its WAL, under its write lock: a process that has it
        # open sees the old index or the new one. A new file has no reader: written once, directly.
        dst.execute(f"PRAGMA journal_mode = {'WAL' if existed else 'DELETE'}")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = WAL")
        restored = _snapshot(live, dst)
    except sqlite3.Error as exc:
        if _full(exc):
            raise BackupError(f"the disk holding {live} is full ({exc}); free some space and restore again") from None
        raise BackupError(f"restoring into {live} failed ({exc})") from None
    finally:
        src.close()
        dst.close()
    if restored.counts() != saved.counts():
        raise BackupError(f"{live} holds {restored.counts()} after restoring {saved.counts()}: restore again")
    return restored
