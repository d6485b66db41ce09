"""manifest.yml and the code agree: every command, event and button has a listener, and back; the\ndoctor knows every scope."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from bot.doctor import SCOPES
from bot.listeners import register
from bot.render.alerts import ACTION_UNFOLLOW
from bot.render.answers import ACTION_IDS

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


class Recorder:
    """Stands in for a Bolt app: records what `register()` listens to."""

    def __init__(self) -> None:
        self.listening: dict[str, list[Any]] = defaultdict(list)

    def _on(self, kind: str, key: Any):
        def decorator(function):
            self.listening[kind].append((key, function))
            return function

        return decorator

    def command(self, name: str):
        return self._on("command", name)

    def event(self, event_type: str):
        return self._on("event", event_type)

    def action(self, action_id: str):
        return self._on("action", action_id)


def registered() -> dict[str, set[Any]]:
    recorder = Recorder()
    register(recorder)
    return {kind: {key for key, _ in pairs} for kind, pairs in recorder.listening.items()}


def test_every_manifest_command_has_a_listener_and_back():
    commands = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert commands == registered()["command"]


def test_every_manifest_event_has_a_listener_and_back():
    # message.im, message.channels… all arrive as "message" events
    events = {e.split(".")[0] for e in MANIFEST["settings"]["event_subscriptions"]["bot_events"]}
    assert events == registered()["event"]


def test_every_button_rendered_has_a_listener_and_back():
    assert set(ACTION_IDS) | {ACTION_UNFOLLOW} == registered()["action"]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_a_created_app_has_exactly_these_listeners(app):
    recorded = sum(len(keys) for keys in registered().values())
    assert len(app._listeners) == recorded  # Bolt keeps no public list; the count is enough


def test_scopes_cover_what_the_listeners_do():
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "chat:write.public", "app_mentions:read", "im:history"} <= scopes
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert ("message.im" in events) == ("im:history" in scopes)
    assert ("app_mention" in events) == ("app_mentions:read" in scopes)
    # alerts by DM open the conversation first (conversations.open needs im:write)
    assert "im:write" in scopes
    # member_joined_channel arrives with channels:read (public) and groups:read (private)
    assert ("member_joined_channel" in events) <= ({"channels:read", "groups:read"} <= scopes)


def test_socket_mode_bot_user_and_dms():
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["features"]["bot_user"]["display_name"]
    assert MANIFEST["features"]["app_home"]["messages_tab_enabled"] is True
    # the Home tab is on exactly when something publishes it (app_home_opened → views.publish)
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is ("app_home_opened" in registered()["event"])
    ask = MANIFEST["features"]["slash_commands"][0]
    assert ask["usage_hint"] and ask["description"] and len(ask["description"]) <= 100


def test_display_information():
    info = MANIFEST["display_information"]
    assert info["name"] and len(info["description"]) <= 140
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", info["background_color"])


def test_the_doctor_checks_the_scopes_of_the_manifest():
    """`newsbot doctor` compares the token's scopes with manifest.yml's, and says what each is for."""
    assert list(MANIFEST["oauth_config"]["scopes"]["bot"]) == list(SCOPES)
