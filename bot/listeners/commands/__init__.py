"""Slash command listeners."""

from __future__ import annotations

from typing import Any

from bot.listeners.commands.ask import ask_callback


def register(app: Any) -> None:
    """Register the slash commands on a Bolt app."""
    app.command("/ask")(ask_callback)
