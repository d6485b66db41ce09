"""newsbot invited into a channel (`member_joined_channel` for newsbot itself): the alerts that
waited there after "not_in_channel" are due at once, instead of at their next retry (up to 15
minutes later)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext

from bot.listeners.desk import Desk
from index.alerts import deliveries


def member_joined_callback(event: dict[str, Any], context: BoltContext) -> None:
    """When newsbot is the member who joined, make the channel's waiting alerts due now."""
    desk: Desk = context["desk"]
    channel = event.get("channel")
    if not channel or event.get("user") != context.bot_user_id:
        return
    desk.later(lambda: deliveries.retry_now(desk.index, channel))
