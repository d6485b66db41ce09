"""Shared fixtures: a fresh index, an index holding seeds/, paths to seeds and shared data; the
`newsbot` command run in process; the waits of slack_sdk's retries, recorded instead of slept;
newsbot's log lines, to wait on."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli

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
    assert fake.invalid() == [], "messages Slack would refuse"


def newsbot(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """`newsbot ARGS` run in this process with click's CliRunner, as sqlite-utils' tests run its CLI:
    in `cwd`, without the NEWSBOT_/SLACK_ settings of the developer's environment, with `env`.

    `exit_code`, `stdout` and `stderr` as a child process would give them, in milliseconds
    instead of half a second (no interpreter to start). An exception that escapes the command
    fails the test with its traceback (a user would have seen one).
    """
    cleared: dict[str, str | None] = {k: None for k in os.environ if k.startswith(("NEWSBOT_", "SLACK_"))}
    with contextlib.chdir(cwd):
        return CliRunner().invoke(cli, list(args), env={**cleared, **(env or {})}, catch_exceptions=False)


def require(path: Path) -> Path:
    """Skip the test, saying why, when shared data is not beside the repository."""
    if not path.exists():
        pytest.skip(f"{path} not found: shared data is absent (set NEWSBOT_SHARED to its folder)")
    return path


@pytest.fixture
def slack_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits slack_sdk's retry handlers ask for (seconds), recorded instead of slept.

    The handlers (`bot.app.retry_handlers`: 429 honouring Retry-After, 500/503 with backoff and
    jitter) call `time.sleep` themselves and take no clock: the test swaps the `time` they see, so
    a retry happens at once, and checks how long it would have waited.
    """
    import slack_sdk.http_retry.builtin_handlers
    import slack_sdk.http_retry.handler

    waits: list[float] = []
    clock = SimpleNamespace(sleep=waits.append)
    for module in (slack_sdk.http_retry.handler, slack_sdk.http_retry.builtin_handlers):
        monkeypatch.setattr(module, "time", clock)  # raises if slack_sdk stops importing time there
    return waits


class LogLines(logging.Handler):
    """The messages newsbot logs, from any thread, as they are emitted: tests wait on them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self._changed = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        with self._changed:
            self.lines.append(record.getMessage())
            self._changed.notify_all()

    def wait(self, text: str, count: int = 1, timeout: float = 15.0) -> list[str]:
        """The lines holding `text`, once there are `count` of them; fails after `timeout` seconds
        (a guard against a hang, not a measure: the lines come long before)."""
        with self._changed:
            if not self._changed.wait_for(lambda: len([x for x in self.lines if text in x]) >= count, timeout):
                raise AssertionError(f"waited {timeout} s for {count} log line(s) with {text!r}; got: {self.lines[-20:]}")
            return [line for line in self.lines if text in line]


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    """What the `newsbot` loggers emit during the test, at DEBUG and above."""
    logger = logging.getLogger("newsbot")
    handler, level = LogLines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)
