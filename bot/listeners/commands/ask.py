"""/ask QUESTION: the answer only the asker sees (ephemeral, through respond()).

`/ask`, `/ask aide` or `/ask help` shows how to use newsbot; `/ask suivre …`, `ne plus suivre …`
and `abonnements` manage the channel's subscriptions (in a DM with newsbot: the person's alerts;
`bot.listeners.follow`). The command is acknowledged at
once (Slack wants it within 3 s); the answer follows through the response_url, computed on the
desk's threads.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.listeners.desk import Desk
from bot.listeners.follow import handle, subscription_request, target_of
from bot.render.blocks import Message
from bot.render.mrkdwn import plain_question


def ask_callback(ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext,
                 client: WebClient) -> None:
    """Acknowledge, then answer the question ephemerally with a share button (or carry out a
    subscription request)."""
    ack()
    desk: Desk = context["desk"]
    question = plain_question(command.get("text") or "", context.bot_user_id)

    def send(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="ephemeral",
                       unfurl_links=False, unfurl_media=False)

    request = subscription_request(question)
    if request is not None:
        user = command.get("user_id") or ""
        channel = command.get("channel_id") or ""
        direct = command.get("channel_name") == "directmessage" or channel.startswith("D")
        desk.later(lambda: handle(desk, request, target_of(channel, user, direct), user, send, client))
        return
    desk.later(lambda: desk.reply("command", question, send, shareable=True))
