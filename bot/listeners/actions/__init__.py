"""Block action listeners: the buttons under an answer (action ids from bot.render.answers)."""

from __future__ import annotations

from typing import Any

from bot.listeners.actions.feedback import feedback_callback
from bot.listeners.actions.more_results import more_results_callback
from bot.listeners.actions.share import share_callback
from bot.listeners.actions.unfollow import unfollow_callback
from bot.render.alerts import ACTION_UNFOLLOW
from bot.render.answers import ACTION_FEEDBACK_DOWN, ACTION_FEEDBACK_UP, ACTION_MORE, ACTION_PREVIOUS, ACTION_SHARE


def register(app: Any) -> None:
    """Register the buttons on a Bolt app."""
    app.action(ACTION_SHARE)(share_callback)
    app.action(ACTION_MORE)(more_results_callback)
    app.action(ACTION_PREVIOUS)(more_results_callback)
    app.action(ACTION_UNFOLLOW)(unfollow_callback)
    app.action(ACTION_FEEDBACK_UP)(feedback_callback)
    app.action(ACTION_FEEDBACK_DOWN)(feedback_callback)
