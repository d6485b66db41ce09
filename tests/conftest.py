"""Shared fixtures: a fresh index, an index holding seeds/, paths to seeds and shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index import Index, open_index
from index.sources.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "orangesum.jsonl.gz"
SEEDS_DEV = SHARED / "eval" / "seeds-dev.jsonl"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests only talk to local servers: never through a proxy a developer has set."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "newsbot.db"


@pytest.fixture
def fresh_db(db_path: Path) -> Index:
    return open_index(db_path)


@pytest.fixture
def seeded_db(fresh_db: Index) -> Index:
    report = ingest(fresh_db, [str(SEEDS)])
    assert report.added == 2 and report.ok
    return fresh_db


@pytest.fixture
def fake_slack(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201 — a tests.bot.conftest.FakeSlack
    """A local fake of Slack's Web API (tests/bot/conftest.py has its own for the Slack tests)."""
    from tests.bot.conftest import FakeSlack

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeSlack()
    yield fake
    fake.close()


def require(path: Path) -> Path:
    """Skip the test, saying why, when shared data is not beside the repository."""
    if not path.exists():
        pytest.skip(f"{path} not found: shared data is absent (set NEWSBOT_SHARED to its folder)")
    return path
