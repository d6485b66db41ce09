"""The "Retirer" button beside a subscription (`/ask abonnements`, the App Home tab): remove it.

Only the subscription's own channel (the button clicked in that channel) or its own person (their
alerts) may remove it; anything else — a subscription already removed, a value that is not one of
newsbot's subscription ids — gets the stale-button notice, and an index that fails a sentence
saying so. The list is then shown again without it, and the Home tab refreshed.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.listeners.desk import Desk
from bot.listeners.follow import publish_home
from bot.render.alerts import render_subscriptions
from bot.render.blocks import Message
from index.alerts import subscriptions

log = logging.getLogger("newsbot.slack")

MAX_ID_DIGITS = 18  # SQLite's integers are 64-bit: a longer "id" is not one of ours


def subscription_id(value: str) -> int | None:
    """The subscription id a button carries (`str(id)`), or None for anything else."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS else None


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
            _remove()
        except Exception:  # noqa: BLE001 — the index failed: a sentence, never a traceback nor silence
            log.exception("unexpected error while removing a subscription")
            if respond is not None:
                desk.notify("unfollow", "error", replace)

    def _remove() -> None:
        number = subscription_id(action.get("value") or "")
        found = subscriptions.subscription(desk.index, number) if number is not None else None
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
