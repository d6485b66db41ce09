"""The inbox folder: complete files are indexed once and moved; bad files are set aside with why."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from index.digest import outbox
from index.sources.inbox import Inbox
from index.archive import Index
from tests.conftest import SEEDS
from tests.fake_site import NBSP, OURS, VENDANGES


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def inbox(tmp_path: Path, fresh_db: Index, clock: Clock) -> Inbox:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return Inbox(fresh_db, folder, settle=1.0, clock=clock)


def scan_twice(inbox: Inbox, clock: Clock):  # noqa: ANN201
    """Two scans a settle time apart: what a complete file needs."""
    first = inbox.scan()
    clock.now += 1.0
    return first, inbox.scan()


def json_article(id_: str, title: str, paragraphs: list[str]) -> str:
    return json.dumps({"id": id_, "title": title, "text": "\n\n".join(paragraphs), "source": "Le Courrier"},
                      ensure_ascii=False)


def test_a_file_moved_in_whole_is_indexed_and_moved_to_done(inbox: Inbox, clock: Clock, fresh_db: Index) -> None:
    for seed in SEEDS.iterdir():
        shutil.copy(seed, inbox.folder / seed.name)
    first, second = scan_twice(inbox, clock)
    assert first.waiting == 2 and not first.done
    assert len(second.done) == 2 and len(second.article_ids) == 2
    assert sorted(p.name for p in (inbox.folder / ".done").iterdir()) == sorted(p.name for p in SEEDS.iterdir())
    assert [p.article_id for p in outbox.pending(fresh_db)] == second.article_ids
    assert inbox.candidates() == []


def test_a_file_being_written_waits_until_it_is_complete(inbox: Inbox, clock: Clock, fresh_db: Index) -> None:
    path = inbox.folder / "ours.json"
    text = json_article("ours", "Ours : 10 millions d’euros", OURS)
    with open(path, "w", encoding="utf-8") as handle:
        for start in range(0, len(text), 40):  # written slowly: each scan sees it grow
            handle.write(text[start : start + 40])
            handle.flush()
            report = inbox.scan()
            assert not report.done and not report.failed and report.waiting == 1
            clock.now += 1.0
    report = inbox.scan()  # unchanged since the last scan, a settle time ago: complete
    assert [p.name for p in report.done] == ["ours.json"] and report.article_ids == ["ours"]
    assert NBSP in fresh_db.article("ours").text


def test_temporary_and_hidden_names_are_left_alone(inbox: Inbox, clock: Clock) -> None:
    for name in ("ours.json.part", ".ours.json", "ours.json.tmp", "ours.json~"):
        (inbox.folder / name).write_text(json_article("ours", "Ours", OURS), encoding="utf-8")
    _, report = scan_twice(inbox, clock)
    assert not report.done and not report.failed and report.waiting == 0
    os.replace(inbox.folder / "ours.json.part", inbox.folder / "ours.json")  # the writer renames when done
    _, report = scan_twice(inbox, clock)
    assert [p.name for p in report.done] == ["ours.json"]


@pytest.mark.parametrize("name, content, reason", [
    ("rapport.pdf", b"%PDF-1.7 binary", "unsupported file type '.pdf'"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "an image (PNG)"),
    ("casse.json", b'{"title": "Ours", "text": ', "not valid JSON"),
    ("sans-texte.json", b'{"title": "Ours"}', "missing 'text'"),
])
def test_bad_files_go_to_failed_with_their_reason(inbox: Inbox, clock: Clock, name: str, content: bytes,
                                                  reason: str) -> None:
    (inbox.folder / name).write_bytes(content)
    (inbox.folder / "bon.json").write_text(json_article("ours", "Ours", OURS), encoding="utf-8")
    _, report = scan_twice(inbox, clock)
    assert [p.name for p in report.done] == ["bon.json"]  # the bad file does not block the good one
    ((path, why),) = report.failed
    assert path.name == name and reason in why
    failed = inbox.folder / ".failed"
    assert (failed / name).exists() and reason in (failed / f"{name}.error.txt").read_text(encoding="utf-8")


def test_an_empty_file_gets_time_to_be_written(inbox: Inbox, clock: Clock) -> None:
    (inbox.folder / "vide.txt").write_text("")
    _, report = scan_twice(inbox, clock)
    assert report.waiting == 1 and not report.failed
    clock.now += 60
    assert "the file is empty" in inbox.scan().failed[0][1]


def test_the_same_file_dropped_twice_is_queued_once(inbox: Inbox, clock: Clock, fresh_db: Index) -> None:
    content = json_article("vendanges", "Vendanges précoces", VENDANGES)
    (inbox.folder / "v.json").write_text(content, encoding="utf-8")
    _, first = scan_twice(inbox, clock)
    outbox.mark_posted(fresh_db, first.article_ids, "1.1")
    (inbox.folder / "v.json").write_text(content, encoding="utf-8")
    _, second = scan_twice(inbox, clock)
    assert second.article_ids == [] and second.unchanged == 1
    assert outbox.pending(fresh_db) == []
    assert sorted(p.name for p in (inbox.folder / ".done").iterdir()) == ["v-2.json", "v.json"]


def test_a_json_lines_file_with_one_bad_record(inbox: Inbox, clock: Clock) -> None:
    lines = [json_article("ours", "Ours", OURS), '{"title": "sans texte"}', json_article("v", "Vendanges", VENDANGES)]
    (inbox.folder / "lot.jsonl").write_text("\n".join(lines), encoding="utf-8")
    _, report = scan_twice(inbox, clock)
    assert report.article_ids == ["ours", "v"] and [p.name for p in report.done] == ["lot.jsonl"]


def test_an_unreadable_file_is_retried_when_it_changes(inbox: Inbox, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root may read any file (CI runs as root): answer the permission check as it is answered
    # to the unprivileged user a newsroom runs newsbot as.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: real_access(p, mode) and bool(os.stat(p).st_mode & 0o444))
    path = inbox.folder / "prive.json"
    path.write_text(json_article("p", "Privé", OURS), encoding="utf-8")
    path.chmod(0)
    _, report = scan_twice(inbox, clock)
    assert not report.done and not report.failed and path.exists()
    path.chmod(0o644)
    os.utime(path, (1, 1))
    _, report = scan_twice(inbox, clock)
    assert [p.name for p in report.done] == ["prive.json"]


def test_an_article_over_the_size_limit_is_refused_with_the_reason(fresh_db, tmp_path: Path, clock: Clock) -> None:
    folder = tmp_path / "inbox-small"
    folder.mkdir()
    small = Inbox(fresh_db, folder, settle=1.0, clock=clock, max_article_bytes=2000)
    (folder / "long.txt").write_text("Un paragraphe sur l’ours des Pyrénées. " * 100, encoding="utf-8")
    (folder / "court.txt").write_text("Un paragraphe sur l’ours des Pyrénées.", encoding="utf-8")
    _, report = scan_twice(small, clock)
    assert [p.name for p in report.done] == ["court.txt"]
    assert [(p.name, "limit" in why) for p, why in report.failed] == [("long.txt", True)]
