"""Block Kit: the `Message` every renderer returns, Slack's limits, and the few blocks they share.

Slack validates its limits only on model objects; newsbot sends plain dicts, so the renderers
keep within these numbers themselves (https://docs.slack.dev/reference/block-kit/blocks).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_HEADER_CHARS = 150
MAX_BUTTON_VALUE_CHARS = 2000
MAX_BUTTON_TEXT_CHARS = 75
# chat.postMessage answers msg_blocks_too_long near 13k characters of blocks: keep a margin.
MAX_MESSAGE_BLOCK_CHARS = 12_000


@dataclass(frozen=True)
class Message:
    """A Slack message: Block Kit blocks and the plain `text` fallback (notifications, old clients)."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def blocks_size(blocks: Sequence[dict[str, Any]]) -> int:
    """Characters of blocks as Slack measures them (their JSON)."""
    return len(json.dumps(list(blocks), ensure_ascii=False))


def section(mrkdwn: str) -> dict[str, Any]:
    """A section block of mrkdwn (already escaped and within MAX_SECTION_CHARS)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def context(*mrkdwn: str) -> dict[str, Any]:
    """A context block: one mrkdwn element per text, at most MAX_CONTEXT_ELEMENTS."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": m} for m in mrkdwn[:MAX_CONTEXT_ELEMENTS]]}


def header(text: str, emoji: bool = True) -> dict[str, Any]:
    """A header block of plain text (at most MAX_HEADER_CHARS: cut it before)."""
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": emoji}}


def button(action_id: str, label: str, value: str, primary: bool = False) -> dict[str, Any]:
    """A button carrying `value` back to the app when clicked."""
    element: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label[:MAX_BUTTON_TEXT_CHARS], "emoji": True},
        "value": value,
    }
    if primary:
        element["style"] = "primary"
    return element


DIVIDER: dict[str, Any] = {"type": "divider"}


def with_dividers(groups: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The blocks of each group (an answer, a story), a divider between two groups."""
    blocks: list[dict[str, Any]] = []
    for number, group in enumerate(groups):
        if number:
            blocks.append(dict(DIVIDER))
        blocks.extend(group)
    return blocks
