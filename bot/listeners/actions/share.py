"""The "Share in channel" button of an ephemeral /ask answer: post the answer for everyone.

The button's value holds the question and the page (`bot.render.answers.encode_state`); the answer is
asked again and posted through the action's response_url as an in-channel message, which works
in channels newsbot has not joined and in DMs.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.listeners.desk import Desk
from bot.render.answers import decode_state
from bot.render.blocks import Message


def share_callback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                   context: BoltContext) -> None:
    """Acknowledge, then post the shared answer in the channel, saying who shared it."""
    ack()
    desk: Desk = context["desk"]

    def send(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="in_channel",
                       replace_original=False, unfurl_links=False, unfurl_media=False)

    def send_privately(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False)

    try:
        question, offset = decode_state(action.get("value") or "")
    except ValueError:
        desk.notify("share", "stale_button", send_privately)
        return
    desk.reply("share", question, send, offset=offset, more=False, shared_by=(body.get("user") or {}).get("id"))
