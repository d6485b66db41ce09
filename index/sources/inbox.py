"""The inbox folder: files dropped in are indexed once complete, then moved out of the way.

A file is read only once it is complete: its size and modification time unchanged across two
scans at least `settle` seconds apart (a file copied slowly, or written by a program that pauses,
keeps changing; a file moved in whole is stable at once). Temporary names (`.part`, `.tmp`,
`~`, hidden files) are left alone: the safest way to drop a file is to write it under such a
name and rename it when done.

After indexing, a file goes to `INBOX/.done/`; a file that cannot be read (a PDF, an image,
invalid JSON, an empty file) goes to `INBOX/.failed/` beside a `NAME.error.txt` saying why.
A file that cannot be opened yet (permissions) stays and is retried. Dropping the same file
again indexes nothing new ("unchanged"), so it is never posted twice.

Nothing is posted here: `scan()` is called by the watcher (`bot.watch`), which posts the digest.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.sources.ingest import ingest
from index.sources.articles import DEFAULT_MAX_ARTICLE_BYTES, Read
from index.sources.readers import iter_files
from index.archive import Index

log = logging.getLogger("newsbot.inbox")

DONE_FOLDER = ".done"
FAILED_FOLDER = ".failed"
TEMPORARY_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp", "~")
EMPTY_GRACE_SECONDS = 30.0  # an empty file may be one just created, about to be written
MAX_FILES_PER_SCAN = 500  # a big drop is indexed in slices, so that digests start early


@dataclass
class InboxReport:
    """What one scan did: files indexed, files refused (with why), new or changed article ids."""

    done: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    unchanged: int = 0
    waiting: int = 0  # files seen but not complete yet
    backlog: int = 0  # complete files left for the next scan (more than MAX_FILES_PER_SCAN)


def _target(folder: Path, relative: Path) -> Path:
    """A free path for `relative` under `folder`: "a.json", else "a-2.json", "a-3.json"…"""
    target = folder / relative
    number = 1
    while target.exists():
        number += 1
        target = folder / relative.with_name(f"{relative.stem}-{number}{relative.suffix}")
    return target


class Inbox:
    """A folder watched for article files. Not thread-safe: one scanner calls `scan()`."""

    def __init__(self, index: Index, folder: str | os.PathLike[str], settle: float,
                 clock: Callable[[], float] = time.monotonic,
                 max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> None:
        self.index = index
        self.folder = Path(folder)
        self.max_article_bytes = max_article_bytes
        self.settle = settle
        self.clock = clock
        self._sizes: dict[Path, tuple[tuple[int, int], float]] = {}  # path → (size, mtime), first seen so
        self._blocked: dict[Path, tuple[int, int]] = {}  # unreadable files, until they change

    def candidates(self) -> list[Path]:
        """Files in the inbox (recursively), without hidden files and folders or temporary names."""
        if not self.folder.is_dir():
            return []
        return [p for p in iter_files(self.folder) if not p.name.lower().endswith(TEMPORARY_SUFFIXES)]

    def complete(self, now: float | None = None) -> tuple[list[Path], int]:
        """(files complete — unchanged across scans `settle` seconds apart —, number still changing)."""
        now = self.clock() if now is None else now
        ready, waiting, present = [], 0, set()
        for path in self.candidates():
            try:
                stat = path.stat()
            except OSError:  # gone meanwhile
                continue
            present.add(path)
            signature = (stat.st_size, stat.st_mtime_ns)
            if self._blocked.get(path) == signature:
                continue
            seen = self._sizes.get(path)
            if seen is None or seen[0] != signature:
                self._sizes[path] = (signature, now)
                waiting += 1
                continue
            grace = EMPTY_GRACE_SECONDS if stat.st_size == 0 else self.settle
            if now - seen[1] < grace:
                waiting += 1
                continue
            ready.append(path)
        for gone in set(self._sizes) - present:
            del self._sizes[gone]
        for gone in set(self._blocked) - present:
            del self._blocked[gone]
        return ready, waiting

    def scan(self, now: float | None = None) -> InboxReport:
        """Index the files that are complete (at most MAX_FILES_PER_SCAN); move them to .done/ or .failed/."""
        ready, waiting = self.complete(now)
        report = InboxReport(waiting=waiting, backlog=max(0, len(ready) - MAX_FILES_PER_SCAN))
        ready = ready[:MAX_FILES_PER_SCAN]
        readable = []
        for path in ready:
            if os.access(path, os.R_OK):
                readable.append(path)
            else:
                stat = path.stat()
                self._blocked[path] = (stat.st_size, stat.st_mtime_ns)
                log.warning("inbox: %s cannot be opened (permission denied); retried when it changes", path)
        if not readable:
            return report
        reads: dict[str, list[Read]] = {str(p): [] for p in readable}

        def collect(read: Read) -> None:
            origin = read.origin if read.origin in reads else read.origin.rsplit(":", 1)[0]
            reads.setdefault(origin, []).append(read)

        result = ingest(self.index, [str(p) for p in readable], on_read=collect,
                        max_article_bytes=self.max_article_bytes)
        report.article_ids = result.article_ids
        report.unchanged = result.unchanged + result.duplicate
        for path in readable:
            file_reads = reads.get(str(path), [])
            # what could not be read, and what was read but could not be indexed (both in result.failed)
            errors = [f"{origin}: {reason}" for origin, reason in result.failed
                      if origin == str(path) or origin.rsplit(":", 1)[0] == str(path)]
            for error in errors:
                log.warning("inbox: %s", error)
            unread = sum(r.article is None for r in file_reads)
            indexed = sum(r.article is not None for r in file_reads) - (len(errors) - unread)
            if indexed > 0:
                self._move(path, DONE_FOLDER)
                report.done.append(path)
            else:
                reason = "; ".join(errors) or "nothing to read"
                self._move(path, FAILED_FOLDER, reason)
                report.failed.append((path, reason))
            self._sizes.pop(path, None)
        return report

    def _move(self, path: Path, folder: str, reason: str | None = None) -> None:
        """Move a handled file out of the inbox (keeping its sub-folder); log if it cannot be."""
        try:
            relative = path.relative_to(self.folder)
            target = _target(self.folder / folder, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            if reason:
                target.with_name(target.name + ".error.txt").write_text(reason + "\n", encoding="utf-8")
        except OSError as exc:
            stat = path.stat() if path.exists() else None
            if stat:  # not moved: do not read it again until it changes
                self._blocked[path] = (stat.st_size, stat.st_mtime_ns)
            log.warning("inbox: %s could not be moved to %s (%s); it stays and is not read again until it changes",
                        path, folder, exc)
