"""/ask QUESTION: the answer only the asker sees (ephemeral, through respond()).

`/ask`, `/ask aide` or `/ask help` shows how to use newsbot. The command is acknowledged at
once (Slack wants it within 3 s); the answer follows through the response_url, computed on the
desk's threads.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.listeners.desk import Desk
from bot.render.blocks import Message
from bot.render.mrkdwn import plain_question


def ask_callback(ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Acknowledge, then answer the question ephemerally with a share button."""
    ack()
    desk: Desk = context["desk"]
    question = plain_question(command.get("text") or "", context.bot_user_id)

    def send(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="ephemeral",
                       unfurl_links=False, unfurl_media=False)

    desk.later(lambda: desk.reply("command", question, send, shareable=True))
