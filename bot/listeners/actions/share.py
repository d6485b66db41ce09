"""The "Share in channel" button of an ephemeral /ask answer: post the answer for everyone, once.

The button's value holds the question and the page (`bot.render.answers.encode_state`); the answer is
asked again and posted through the action's response_url as an in-channel message, which works
in channels newsbot has not joined and in DMs. Then the private answer is replaced by "Partagé
dans #canal", without its buttons. A second click on the same button (a double click, before
the replacement shows) posts nothing: each ephemeral message is shared once
(`Desk.first_click`), unless posting failed, when the button stays and a new click tries again.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.listeners.desk import Desk
from bot.render.answers import decode_state, render_shared_note
from bot.render.blocks import Message


def share_callback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                   context: BoltContext) -> None:
    """Acknowledge, then post the shared answer in the channel, saying who shared it, and turn the
    private answer into a note saying where it went."""
    ack()
    desk: Desk = context["desk"]

    def send(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="in_channel",
                       replace_original=False, unfurl_links=False, unfurl_media=False)

    def send_privately(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False)

    def replace_privately(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=True)

    value = action.get("value") or ""
    try:
        question, offset = decode_state(value)
    except ValueError:
        desk.later(lambda: desk.notify("share", "stale_button", send_privately))
        return
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or ""
    user = (body.get("user") or {}).get("id")
    click = f"share:{channel}:{container.get('message_ts') or user}:{value}"

    def share() -> None:
        if not desk.first_click(click):
            return
        if not desk.reply("share", question, send, offset=offset, more=False, shared_by=user,
                          failure_to=send_privately):
            desk.forget_click(click)  # nothing was posted: the button stays, a new click tries again
            return
        desk.deliver_note("share", render_shared_note(channel, desk.lang), replace_privately)

    desk.later(share)
