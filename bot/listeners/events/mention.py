"""@newsbot QUESTION in a channel: the answer goes in the thread of the mention.

Slack redelivers an event it thinks went unanswered (X-Slack-Retry-Num): each event id is
answered once. Messages from bots (other apps, newsbot itself) are ignored.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Say

from bot.listeners.desk import Desk
from bot.render.blocks import Message
from bot.render.mrkdwn import plain_question


def from_a_bot(event: dict[str, Any]) -> bool:
    """True for messages posted by apps, or edits, joins and other non-human subtypes."""
    return bool(event.get("bot_id") or event.get("subtype") or event.get("bot_profile"))


def mention_callback(event: dict[str, Any], body: dict[str, Any], say: Say, context: BoltContext) -> None:
    """Answer the question of a mention, in the mention's thread."""
    desk: Desk = context["desk"]
    if from_a_bot(event):
        return
    thread_ts = event.get("thread_ts") or event["ts"]
    question = plain_question(event.get("text") or "", context.bot_user_id)

    def send(message: Message) -> Any:
        return say(text=message.text, blocks=message.blocks, thread_ts=thread_ts,
                   unfurl_links=False, unfurl_media=False)

    def answer() -> None:
        if desk.first_delivery(body.get("event_id")):
            desk.reply("mention", question, send)

    desk.later(answer)
