"""Settings reach what they govern: each setting, given as a user gives it, changes what newsbot does.

(tests/test_settings_documented.py checks the table against .env.example and the README;
tests/bot/test_bounds.py the question bound in Slack; tests/test_webhook.py the webhook's.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.fake_site import OURS, FakeSite, Item, Page, article_page, rss


@pytest.fixture
def site() -> Iterator[FakeSite]:
    fake = FakeSite()
    yield fake
    fake.close()


def ingest(tmp_path: Path, url: str, **env: str) -> tuple[int, str, str]:
    """`newsbot ingest URL` with these settings in the environment: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "n.db"), "ingest", url], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_page_over_the_article_size_setting_is_refused_in_bytes(tmp_path: Path, site: FakeSite) -> None:
    site.pages["/ours"] = Page(article_page("Ours : 10 millions d’euros", OURS))
    code, out, err = ingest(tmp_path, f"{site.url}/ours", NEWSBOT_MAX_ARTICLE_BYTES="500")
    assert code == 1 and "0 added" in out
    assert "over the 500 bytes limit" in err and "NEWSBOT_MAX_ARTICLE_BYTES" in err
    assert "0 MB" not in err
    code, out, _ = ingest(tmp_path, f"{site.url}/ours")  # the default (5 MB) lets it in
    assert code == 0 and "1 added" in out


def test_a_feeds_linked_page_over_the_article_size_setting_is_refused(tmp_path: Path, site: FakeSite) -> None:
    site.pages["/ours"] = Page(article_page("Ours : 10 millions d’euros", OURS))
    site.pages["/rss"] = Page(rss("La Gazette", [Item("Ours", f"{site.url}/ours")]), "application/rss+xml")
    code, out, err = ingest(tmp_path, f"{site.url}/rss", NEWSBOT_MAX_ARTICLE_BYTES="500")
    assert code == 1 and "0 added" in out
    assert "over the 500 bytes limit" in err and "NEWSBOT_MAX_ARTICLE_BYTES" in err


def test_a_page_is_waited_for_the_fetch_timeout_setting(tmp_path: Path, site: FakeSite) -> None:
    site.pages["/slow"] = Page(article_page("Lent", OURS), delay=1.5)
    code, _, err = ingest(tmp_path, f"{site.url}/slow", NEWSBOT_FETCH_TIMEOUT="0.3")
    assert code == 1 and "did not arrive within 0.3 s (NEWSBOT_FETCH_TIMEOUT)" in err, err
