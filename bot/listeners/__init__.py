"""Slack listeners, one module per surface, each folder with its `register(app)`.

    commands/ask.py              /ask QUESTION (ephemeral answer through respond())
    events/mention.py            @newsbot QUESTION in a channel (answer in the thread)
    events/direct_message.py     a direct message to newsbot (answer in the DM)
    actions/share.py             "Share in channel" button (posts once, then turns the answer into a note)
    actions/more_results.py      "Next results" and "Previous results" buttons (the page replaces the answer)
    actions/feedback.py          👍 / 👎 under an answer (stored with the question and the answers shown)
    actions/unfollow.py          "Retirer" beside a subscription (/ask abonnements, the Home tab)
    events/member_joined.py      newsbot invited into a channel: its waiting alerts are due at once
    events/app_home.py           the App Home tab: alerts, followed channels, last digest, how to ask
    follow.py                    /ask suivre, ne plus suivre, abonnements (and in DMs: personal alerts)

`desk.py` holds what they share: ask the index, render, deliver, log.
"""

from __future__ import annotations

from typing import Any

from bot.listeners import actions, commands, events


def register(app: Any) -> None:
    """Register every listener on a Bolt app (or anything with .command/.event/.action)."""
    commands.register(app)
    events.register(app)
    actions.register(app)
