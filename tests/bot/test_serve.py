"""`newsbot serve`: clear one-line errors for missing or wrong settings, never a token; clients configured."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from slack_sdk import WebClient
from slack_sdk.http_retry import RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.app import web_client
from bot.cli import cli
from bot.serve import SettingsError, check_slack_settings, configure_logging

SECRET_PART = "s3cr3tv4lu3"


def run_serve(tmp_path, **env: str):
    base = {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "", "SLACK_API_URL": "",
            "NEWSBOT_LANG": "fr"}
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "serve.db"), "serve"], env={**base, **env})


@pytest.mark.parametrize("env, setting", [
    ({}, "SLACK_BOT_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": f"xoxp-{SECRET_PART}"}, "SLACK_BOT_TOKEN is not a bot token"),
    ({"SLACK_BOT_TOKEN": f"xoxb-{SECRET_PART}"}, "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_BOT_TOKEN": f"xoxb-{SECRET_PART}", "SLACK_APP_TOKEN": f"xoxb-{SECRET_PART}"},
     "SLACK_APP_TOKEN is not an app-level"),
])
def test_missing_or_wrong_setting_is_one_clear_line(tmp_path, env, setting):
    result = run_serve(tmp_path, **env)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and setting in lines[0] and "README" in lines[0]
    assert SECRET_PART not in result.output and "Traceback" not in result.output


def test_rejected_bot_token(tmp_path, fake_slack):
    fake_slack.fail("/api/auth.test", 200, body={"ok": False, "error": "invalid_auth"})
    result = run_serve(tmp_path, SLACK_BOT_TOKEN=f"xoxb-{SECRET_PART}", SLACK_SIGNING_SECRET="x",
                       SLACK_API_URL=fake_slack.api_url)
    assert result.exit_code == 1
    assert "Slack did not accept SLACK_BOT_TOKEN (invalid_auth)" in result.output
    assert SECRET_PART not in result.output
    [call] = fake_slack.api("auth.test")  # SLACK_API_URL reached the client
    assert call.headers["Authorization"] == f"Bearer xoxb-{SECRET_PART}"


def test_socket_mode_rejected_app_token(tmp_path, fake_slack):
    fake_slack.fail("/api/apps.connections.open", 200, body={"ok": False, "error": "invalid_auth"})
    result = run_serve(tmp_path, SLACK_BOT_TOKEN=f"xoxb-{SECRET_PART}", SLACK_APP_TOKEN=f"xapp-{SECRET_PART}",
                       SLACK_API_URL=fake_slack.api_url)
    assert result.exit_code == 1, result.output
    assert "Slack did not accept SLACK_APP_TOKEN (invalid_auth)" in result.output
    assert SECRET_PART not in result.output
    [call] = fake_slack.api("apps.connections.open")  # Socket Mode uses SLACK_API_URL too
    assert call.headers["Authorization"] == f"Bearer xapp-{SECRET_PART}"


def test_socket_mode_needs_no_signing_secret(settings):
    check_slack_settings(settings(slack_signing_secret=None, slack_app_token="xapp-1"))
    with pytest.raises(SettingsError):
        check_slack_settings(settings(slack_signing_secret=None))


def test_web_client_base_url_and_retries(settings):
    client = web_client(settings(slack_api_url="http://127.0.0.1:9/api"))
    assert client.base_url == "http://127.0.0.1:9/api/"
    kinds = {type(h) for h in client.retry_handlers}
    assert {RateLimitErrorRetryHandler, ServerErrorRetryHandler} <= kinds
    given = web_client(settings(), WebClient(base_url="http://127.0.0.1:8/api/"))
    assert given.token == "xoxb-test-token" and given.base_url == "http://127.0.0.1:8/api/"
    assert len(web_client(settings(), given).retry_handlers) == len(given.retry_handlers)  # no duplicates
    assert web_client(settings()).base_url == "https://slack.com/api/"


def test_settings_repr_hides_tokens(settings):
    assert "xoxb" not in repr(settings())


def test_slack_libraries_never_log_below_info():
    root = logging.getLogger()
    saved = root.level, logging.getLogger("slack_sdk").level, logging.getLogger("slack_bolt").level
    try:
        configure_logging("DEBUG")
        assert logging.getLogger("slack_sdk").level >= logging.INFO
        assert logging.getLogger("slack_bolt").level >= logging.INFO
    finally:
        root.setLevel(saved[0])
        logging.getLogger("slack_sdk").setLevel(saved[1])
        logging.getLogger("slack_bolt").setLevel(saved[2])
