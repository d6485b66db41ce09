"""The App Home tab (`app_home_opened`): the person's alerts, the channels where they follow
things, the last digest, and how to ask — published with `views.publish`
(`bot.listeners.follow.publish_home`, also called whenever they change a subscription)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.listeners.desk import Desk
from bot.listeners.follow import publish_home


def app_home_callback(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Publish the Home tab of the person who opened it (the Messages tab needs nothing)."""
    desk: Desk = context["desk"]
    user = event.get("user")
    if event.get("tab", "home") != "home" or not user:
        return
    desk.later(lambda: publish_home(desk, client, user))
