"""The 👍 / 👎 buttons under an answer: store the rating with the question and the answers shown
(`index.feedback`), once per button and message, and thank the person privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.listeners.desk import Desk
from bot.render.answers import ACTION_FEEDBACK_UP, decode_feedback
from bot.render.blocks import Message
from index import feedback


def feedback_callback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                      context: BoltContext) -> None:
    """Acknowledge, then record the rating and say thanks (only the clicker sees it)."""
    ack()
    desk: Desk = context["desk"]

    def send_privately(message: Message) -> Any:
        return respond(text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False)

    try:
        question, _offset, shown = decode_feedback(action.get("value") or "")
    except ValueError:
        desk.later(lambda: desk.notify("feedback", "stale_button", send_privately))
        return
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    user = (body.get("user") or {}).get("id")
    rating = 1 if action.get("action_id") == ACTION_FEEDBACK_UP else -1
    click = f"feedback:{channel}:{container.get('message_ts')}:{user}:{rating}"

    def store() -> None:
        if not desk.first_click(click):  # a double click counts once
            return
        try:
            feedback.record(desk.index, rating, question, shown, user, channel)
        except Exception:  # noqa: BLE001 — the index failed: say so, never a traceback
            desk.forget_click(click)
            desk.notify("feedback", "error", send_privately)
            return
        desk.notify("feedback", "feedback_thanks", send_privately)

    desk.later(store)
