"""The "Retirer" button beside a subscription (`/ask abonnements`, the App Home tab): remove it.

Only the subscription's own channel (the button clicked in that channel) or its own person (their
alerts) may remove it; anything else — a subscription already removed, a forged value — gets the
stale-button notice. The list is then shown again without it, and the Home tab refreshed.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.listeners.desk import Desk
from bot.listeners.follow import publish_home
from bot.render.alerts import render_subscriptions
from bot.render.blocks import Message
from index.alerts import subscriptions


def unfollow_callback(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext,
                      client: WebClient) -> None:
    """Acknowledge, then remove the subscription and show what remains."""
    ack()
    desk: Desk = context["desk"]
    respond = context.get("respond")
    user = (body.get("user") or {}).get("id") or ""
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")

    def replace(message: Message) -> Any:
        if respond is None:  # the Home tab: no response_url, the tab is published again below
            return None
        return respond(text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=True)

    def remove() -> None:
        try:
            found = subscriptions.subscription(desk.index, int(action.get("value") or ""))
        except ValueError:
            found = None
        allowed = {f"@{user}"} | ({channel} if channel and container.get("type") != "view" else set())
        if found is None or found.target not in allowed:
            if respond is not None:
                desk.notify("unfollow", "stale_button", replace)
            publish_home(desk, client, user)
            return
        subscriptions.remove(desk.index, found.target, [found.id])
        remaining = subscriptions.subscriptions_of(desk.index, found.target)
        desk.deliver_note("unfollow", render_subscriptions(found.target, remaining, desk.lang), replace)
        publish_home(desk, client, user)

    desk.later(remove)
