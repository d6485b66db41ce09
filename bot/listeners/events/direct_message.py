"""A direct message to newsbot: the answer goes in the DM (in the thread if the message was in one).

The app subscribes to `message.im` only; other message events (channels, edits, bots) are
ignored here so that they are acknowledged and dropped quietly.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Say
from slack_sdk import WebClient

from bot.listeners.desk import Desk
from bot.listeners.events.mention import from_a_bot
from bot.listeners.follow import handle, subscription_request
from bot.render.blocks import Message
from bot.render.mrkdwn import plain_question


def direct_message_callback(event: dict[str, Any], body: dict[str, Any], say: Say, context: BoltContext,
                            client: WebClient) -> None:
    """Answer a person's direct message (`suivre …`, `abonnements`…: the person's own alerts)."""
    desk: Desk = context["desk"]
    if event.get("channel_type") != "im" or from_a_bot(event):
        return
    question = plain_question(event.get("text") or "", context.bot_user_id)

    def send(message: Message) -> Any:
        return say(text=message.text, blocks=message.blocks, thread_ts=event.get("thread_ts"),
                   unfurl_links=False, unfurl_media=False)

    request = subscription_request(question)

    def answer() -> None:
        if not desk.first_delivery(body.get("event_id")):
            return
        if request is not None:
            user = event.get("user") or ""
            handle(desk, request, f"@{user}", user, send, client, surface="dm")
        else:
            desk.reply("dm", question, send)

    desk.later(answer)
