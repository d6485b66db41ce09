"""The "Next results" and "Previous results" buttons: another page of the same answer, in place.

The page replaces the answer where the buttons were (`replace_original` through the action's
response_url), for ephemeral /ask answers and answers posted in a thread or a DM alike: ten
clicks leave one answer, not ten messages. The button's value holds the question and the page
(`bot.render.answers.encode_state`), so a double click replaces the answer twice with the same page.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.listeners.desk import Desk
from bot.render.answers import decode_state
from bot.render.blocks import Message


def more_results_callback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                          context: BoltContext) -> None:
    """Acknowledge, then replace the answer with the page the button asks for."""
    ack()
    desk: Desk = context["desk"]
    container = body.get("container") or {}
    ephemeral = bool(container.get("is_ephemeral")) or "message" not in body

    def send(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, replace_original=True,
                       response_type="ephemeral" if ephemeral else "in_channel",
                       unfurl_links=False, unfurl_media=False)

    try:
        question, offset = decode_state(action.get("value") or "")
    except ValueError:
        desk.later(lambda: desk.notify("more", "stale_button", send))
        return
    desk.later(lambda: desk.reply("more", question, send, offset=offset, shareable=ephemeral))
