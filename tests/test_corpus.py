"""Real news no one here wrote: a sample of OrangeSum, with its real defects.

Reads ../shared/corpus/orangesum.jsonl.gz by path; skipped with a message when it is absent.
"""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

from index.sources.ingest import ingest
from tests.conftest import CORPUS, require

SAMPLE = 400
FIELDS = {"text": "heading+article", "published": "date"}


def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.jsonl"
    with gzip.open(require(CORPUS), "rt", encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, SAMPLE))
    return path


def test_corpus_sample_ingests_and_answers(fresh_db, tmp_path: Path) -> None:
    path = sample(tmp_path)
    report = ingest(fresh_db, [str(path)], field_map=FIELDS, defaults={"source": "actu.orange.fr"})
    empty = sum(1 for line in open(path, encoding="utf-8") if not json.loads(line)["article"].strip() and not json.loads(line)["heading"].strip())
    assert report.added + report.duplicate + len(report.failed) == SAMPLE
    assert len(report.failed) == empty  # only empty records fail, each with its reason
    assert all("missing 'text'" in reason for _, reason in report.failed)
    # glued sentences ("Pyrénées.Alors") are split: no passage runs past the window size by much
    longest = fresh_db.db.execute("SELECT max(length(text)) FROM passages").fetchone()[0]
    assert longest < 3000
    first = json.loads(open(path, encoding="utf-8").readline())
    answer = fresh_db.ask(first["title"], k=3)
    assert str(first["id"]) in {h.article.id for h in answer.hits}
    assert answer.hits[0].article.source == "actu.orange.fr"


def test_corpus_duplicates_are_not_indexed_twice(fresh_db, tmp_path: Path) -> None:
    path = sample(tmp_path)
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    records.append(dict(records[0], id=999_999_999))  # the same text under another id
    (tmp_path / "dup.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    report = ingest(fresh_db, [str(tmp_path / "dup.jsonl")], field_map=FIELDS)
    assert report.duplicate >= 1
    assert fresh_db.db.execute("SELECT count(*) FROM articles WHERE id = '999999999'").fetchone()[0] == 0
