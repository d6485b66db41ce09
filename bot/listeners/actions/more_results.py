"""The "Next results" button: the following answers to the same question.

Ephemeral answers (/ask) get the next page ephemerally through respond(); answers posted in a
thread or a DM get it in the same thread or DM.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond, Say

from bot.listeners.desk import Desk
from bot.render.answers import decode_state
from bot.render.blocks import Message


def more_results_callback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, say: Say,
                          context: BoltContext) -> None:
    """Acknowledge, then show the next page of answers where the button was."""
    ack()
    desk: Desk = context["desk"]
    container = body.get("container") or {}
    ephemeral = bool(container.get("is_ephemeral")) or "message" not in body

    def send(message: Message) -> Any:
        if ephemeral:
            return respond(text=message.text, blocks=message.blocks, response_type="ephemeral",
                           replace_original=False, unfurl_links=False, unfurl_media=False)
        thread_ts = (body.get("message") or {}).get("thread_ts") or container.get("thread_ts")
        return say(text=message.text, blocks=message.blocks, thread_ts=thread_ts,
                   unfurl_links=False, unfurl_media=False)

    try:
        question, offset = decode_state(action.get("value") or "")
    except ValueError:
        desk.notify("more", "stale_button", send)
        return
    desk.reply("more", question, send, offset=offset, shareable=ephemeral)
