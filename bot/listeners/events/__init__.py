"""Events API listeners (app_mention, message.im, app_home_opened, member_joined_channel)."""

from __future__ import annotations

from typing import Any

from bot.listeners.events.app_home import app_home_callback
from bot.listeners.events.direct_message import direct_message_callback
from bot.listeners.events.member_joined import member_joined_callback
from bot.listeners.events.mention import mention_callback


def register(app: Any) -> None:
    """Register the event listeners on a Bolt app."""
    app.event("app_mention")(mention_callback)
    app.event("message")(direct_message_callback)
    app.event("app_home_opened")(app_home_callback)
    app.event("member_joined_channel")(member_joined_callback)
